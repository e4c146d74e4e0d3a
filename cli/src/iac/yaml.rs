//! A template as a tree with positions and tags: YAML read with `yaml-rust2`'s event
//! parser (which keeps `!Ref`, `!Sub`... and each event's place), JSON with the core's
//! span-keeping reader. CloudFormation's short forms (`!Sub x`) and long forms
//! (`{"Fn::Sub": x}`) are both kept as they are; `cfn` reads either.

use std::collections::BTreeMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use crate::input::{InputError, Source};

/// A value of the template, with where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The value.
    pub value: Tree,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

/// The values.
#[derive(Debug, Clone, PartialEq)]
pub enum Tree {
    /// `null`, `~` or nothing.
    Null,
    /// `true`, `false`.
    Bool(bool),
    /// A number, as written.
    Number(String),
    /// A string.
    String(String),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in order, with each key's place.
    Map(Vec<(String, Node)>),
    /// A YAML short-form intrinsic: `!Ref X` is `Tagged("Ref", X)`.
    Tagged(String, Box<Node>),
}

impl Node {
    /// The member `key` of a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Tree::Map(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The text of a string scalar.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Tree::String(s) => Some(s),
            _ => None,
        }
    }
}

#[derive(Default)]
struct Builder {
    stack: Vec<(Node, Option<String>, usize)>,
    anchors: BTreeMap<usize, Node>,
    done: Option<Node>,
}

fn tag_name(tag: Option<&yaml_rust2::parser::Tag>) -> Option<String> {
    let tag = tag?;
    (tag.handle == "!").then(|| tag.suffix.clone())
}

fn plain(s: String) -> Tree {
    match s.as_str() {
        "" | "~" | "null" | "Null" | "NULL" => Tree::Null,
        "true" | "True" | "TRUE" => Tree::Bool(true),
        "false" | "False" | "FALSE" => Tree::Bool(false),
        t if t.parse::<f64>().is_ok()
            && !t.starts_with('+')
            && t.chars().any(|c| c.is_ascii_digit()) =>
        {
            Tree::Number(s)
        }
        _ => Tree::String(s),
    }
}

impl Builder {
    fn push(&mut self, node: Node) {
        let Some((parent, key, _)) = self.stack.last_mut() else {
            self.done = Some(node);
            return;
        };
        match inner_mut(&mut parent.value) {
            Tree::Seq(items) => items.push(node),
            Tree::Map(members) => match key.take() {
                None => {
                    let k = match node.value {
                        Tree::String(s) | Tree::Number(s) => s,
                        Tree::Bool(b) => b.to_string(),
                        _ => String::new(),
                    };
                    *key = Some(k);
                }
                Some(k) => members.push((k, node)),
            },
            _ => {}
        }
    }

    fn wrap(tag: Option<String>, node: Node) -> Node {
        match tag {
            Some(t) => Node {
                line: node.line,
                column: node.column,
                value: Tree::Tagged(t, Box::new(node)),
            },
            None => node,
        }
    }
}

/// The collection a tag wraps (members of `!Join [...]` go into the sequence).
fn inner_mut(t: &mut Tree) -> &mut Tree {
    match t {
        Tree::Tagged(_, n) => inner_mut(&mut n.value),
        other => other,
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        let at = |value| Node {
            value,
            line: mark.line(),
            column: mark.col() + 1,
        };
        match ev {
            Event::Scalar(text, style, anchor, tag) => {
                let value = if style == TScalarStyle::Plain && tag.is_none() {
                    plain(text)
                } else {
                    Tree::String(text)
                };
                let node = Builder::wrap(tag_name(tag.as_ref()), at(value));
                if anchor > 0 {
                    self.anchors.insert(anchor, node.clone());
                }
                self.push(node);
            }
            Event::SequenceStart(anchor, tag) => {
                self.stack.push((
                    Builder::wrap(tag_name(tag.as_ref()), at(Tree::Seq(Vec::new()))),
                    None,
                    anchor,
                ));
            }
            Event::MappingStart(anchor, tag) => {
                self.stack.push((
                    Builder::wrap(tag_name(tag.as_ref()), at(Tree::Map(Vec::new()))),
                    None,
                    anchor,
                ));
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some((node, _, anchor)) = self.stack.pop() {
                    if anchor > 0 {
                        self.anchors.insert(anchor, node.clone());
                    }
                    self.push(node);
                }
            }
            Event::Alias(id) => {
                let node = self
                    .anchors
                    .get(&id)
                    .cloned()
                    .unwrap_or_else(|| at(Tree::Null));
                self.push(node);
            }
            _ => {}
        }
    }
}

/// Parses a YAML template; a syntax error names the file, line and column.
pub fn parse(source: &Source) -> Result<Node, InputError> {
    let mut b = Builder::default();
    Parser::new_from_str(&source.text)
        .load(&mut b, false)
        .map_err(|e| {
            let mut err =
                InputError::in_file(&source.name, format!("not valid YAML: {}", e.info()));
            err.line_column = Some((e.marker().line(), e.marker().col() + 1));
            err
        })?;
    b.done
        .ok_or_else(|| InputError::in_file(&source.name, "the template is empty"))
}

/// A JSON template as the same tree.
pub fn from_json(source: &Source) -> Result<Node, InputError> {
    let root = oidc_trust::json::parse(&source.text).map_err(|e| {
        let mut err = InputError::in_file(&source.name, format!("not valid JSON: {}", e.message));
        err.line_column = Some((e.span.line, e.span.column));
        err
    })?;
    Ok(convert(&root))
}

fn convert(n: &oidc_trust::json::Node<'_>) -> Node {
    use oidc_trust::json::Value;
    let value = match &n.value {
        Value::Null => Tree::Null,
        Value::Bool(b) => Tree::Bool(*b),
        Value::Number(t) => Tree::Number((*t).to_owned()),
        Value::String(s) => Tree::String(s.to_string()),
        Value::Array(items) => Tree::Seq(items.iter().map(convert).collect()),
        Value::Object(members) => Tree::Map(
            members
                .iter()
                .map(|m| (m.key.to_string(), convert(&m.node)))
                .collect(),
        ),
    };
    Node {
        value,
        line: n.span.line,
        column: n.span.column,
    }
}
