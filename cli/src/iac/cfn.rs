//! CloudFormation and SAM templates: `AWS::IAM::Role` trust policies and
//! `AWS::IAM::OIDCProvider`s, with intrinsics evaluated symbolically. `Ref` to a provider of
//! the template becomes its ARN from its `Url` (the issuer, which decides which rules apply);
//! parameters take `--parameter` values, then their defaults; pseudo parameters stay as
//! named placeholders (`${AWS::AccountId}`); anything else (a parameter without a default,
//! another resource's attribute, an import) stays a `${...}` placeholder named in an
//! `unresolved-parameter` finding. Both branches of each `Fn::If` are linted.

use std::collections::BTreeMap;

use oidc_trust::Diagnostic;
use oidc_trust::codes;
use oidc_trust::diagnostic::pointer_escape;
use serde_json::{Map, Value};

use super::yaml::{Node, Tree};
use super::{Found, Inventory, Kind, Options, Provider, Site, SourceMap, note, path_words};
use crate::input::{InputError, Source};

/// Pseudo parameters, kept as named placeholders.
const PSEUDO: &[&str] = &[
    "AWS::AccountId",
    "AWS::Partition",
    "AWS::Region",
    "AWS::StackName",
    "AWS::StackId",
    "AWS::URLSuffix",
    "AWS::NotificationARNs",
];

/// How many `Fn::If` conditions are combined at most (2^3 variants); beyond that, all
/// true and all false.
const MAX_CONDITIONS: usize = 3;

/// What a template is read with: its file, the names it resolves.
struct Template<'a> {
    file: &'a str,
    parameters: BTreeMap<String, String>,
    /// Parameters without a value.
    open: Vec<String>,
    resources: &'a [(String, Node)],
    mappings: Option<&'a Node>,
    providers: BTreeMap<String, String>,
}

/// One evaluation: the chosen `Fn::If` branches, and what it found.
struct Run<'t, 'a> {
    t: &'t Template<'a>,
    choices: &'t BTreeMap<String, bool>,
    map: SourceMap,
    notes: Vec<Diagnostic>,
}

/// Reads a template tree.
pub fn read(source: &Source, root: &Node, options: &Options) -> Result<Inventory, InputError> {
    read_named(
        source,
        root,
        options,
        &BTreeMap::new(),
        Kind::CloudFormation,
    )
}

/// Reads a template; `names` gives each logical id its CDK construct path.
pub fn read_named(
    source: &Source,
    root: &Node,
    options: &Options,
    names: &BTreeMap<String, String>,
    kind: Kind,
) -> Result<Inventory, InputError> {
    let Some(Node {
        value: Tree::Map(resources),
        ..
    }) = root.get("Resources")
    else {
        return Err(InputError::in_file(
            &source.name,
            "not a CloudFormation template: expected a `Resources` mapping",
        ));
    };
    let mut parameters = BTreeMap::new();
    let mut open = Vec::new();
    if let Some(Node {
        value: Tree::Map(params),
        ..
    }) = root.get("Parameters")
    {
        for (name, p) in params {
            let given = options
                .parameters
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone());
            let default = p.get("Default").and_then(|d| match &d.value {
                Tree::String(s) | Tree::Number(s) => Some(s.clone()),
                Tree::Bool(b) => Some(b.to_string()),
                _ => None,
            });
            match given.or(default) {
                Some(v) => {
                    parameters.insert(name.clone(), v);
                }
                None => open.push(name.clone()),
            }
        }
    }
    let mut t = Template {
        file: &source.name,
        parameters,
        open,
        resources,
        mappings: root.get("Mappings"),
        providers: BTreeMap::new(),
    };
    let mut inv = Inventory {
        kind: Some(kind),
        ..Inventory::default()
    };
    let no_choice = BTreeMap::new();
    for (id, r) in resources {
        if r.get("Type").and_then(Node::as_str) != Some("AWS::IAM::OIDCProvider") {
            continue;
        }
        let props = r.get("Properties");
        let mut run = Run::new(&t, &no_choice);
        let url = props.and_then(|p| p.get("Url")).map(|u| run.eval(u, ""));
        let client_ids = props
            .and_then(|p| p.get("ClientIdList"))
            .map(|c| run.eval(c, ""));
        if let Some(Value::String(url)) = url {
            let url = oidc_trust::providers::key_prefix(&url).to_owned();
            inv.providers.push(Provider {
                name: names.get(id).cloned().unwrap_or_else(|| id.clone()),
                url: url.clone(),
                client_ids: client_ids.and_then(|c| {
                    c.as_array().map(|a| {
                        a.iter()
                            .filter_map(|v| v.as_str().map(str::to_owned))
                            .collect()
                    })
                }),
                site: Some(Site::point(&source.name, r.line, r.column)),
            });
            t.providers.insert(id.clone(), url);
        }
    }
    if let Some(transform) = root.get("Transform") {
        let serverless = match &transform.value {
            Tree::String(s) => s.starts_with("AWS::Serverless"),
            Tree::Seq(items) => items
                .iter()
                .any(|i| i.as_str().is_some_and(|s| s.starts_with("AWS::Serverless"))),
            _ => false,
        };
        let generated = resources.iter().any(|(_, r)| {
            r.get("Type")
                .and_then(Node::as_str)
                .is_some_and(|ty| ty.starts_with("AWS::Serverless::"))
        });
        if serverless && generated {
            inv.notes.push((
                note(codes::UNRESOLVED_PARAMETER, "", "a SAM template: roles the `AWS::Serverless` transform generates are not in the template, so only its `AWS::IAM::Role` resources were linted".to_owned(), "lint the transformed template (`sam package` output, or the processed template of the stack) to see the generated roles"),
                Some(Site::point(&source.name, transform.line, transform.column)),
            ));
        }
    }
    for (id, r) in resources {
        if r.get("Type").and_then(Node::as_str) != Some("AWS::IAM::Role") {
            continue;
        }
        let Some(doc) = r
            .get("Properties")
            .and_then(|p| p.get("AssumeRolePolicyDocument"))
        else {
            continue;
        };
        let name = names
            .get(id)
            .cloned()
            .or_else(|| {
                r.get("Metadata")
                    .and_then(|m| m.get("aws:cdk:path"))
                    .and_then(Node::as_str)
                    .map(str::to_owned)
            })
            .unwrap_or_else(|| id.clone());
        let mut conditions = Vec::new();
        if_conditions(doc, &mut conditions);
        for choices in variants(&conditions) {
            let mut run = Run::new(&t, &choices);
            let mut document = run.eval(doc, "");
            if let Value::String(text) = &document {
                match serde_json::from_str(text) {
                    Ok(v) => document = v,
                    Err(e) => {
                        inv.notes.push((note(codes::INVALID_POLICY_JSON, "", format!("the `AssumeRolePolicyDocument` of `{name}` is a string that is not JSON: {e}"), "write the document as a mapping, or as valid JSON text"), Some(Site::point(&source.name, doc.line, doc.column))));
                        continue;
                    }
                }
            }
            let label = if choices.is_empty() {
                name.clone()
            } else {
                let parts: Vec<String> = choices.iter().map(|(c, v)| format!("{c}={v}")).collect();
                format!("{name} (if {})", parts.join(", "))
            };
            inv.policies.push(Found {
                name: label,
                document,
                map: run.map,
                notes: run.notes,
            });
        }
    }
    Ok(inv)
}

/// The condition names of every `Fn::If` under a node, in order.
fn if_conditions(n: &Node, out: &mut Vec<String>) {
    let (name, args) = match intrinsic(n) {
        Some(("Fn::If", args)) => ("Fn::If", args),
        _ => ("", n),
    };
    if name == "Fn::If"
        && let Tree::Seq(items) = &args.value
        && let Some(c) = items.first().and_then(Node::as_str)
        && !out.iter().any(|x| x == c)
    {
        out.push(c.to_owned());
    }
    match &n.value {
        Tree::Seq(items) => items.iter().for_each(|i| if_conditions(i, out)),
        Tree::Map(m) => m.iter().for_each(|(_, v)| if_conditions(v, out)),
        Tree::Tagged(_, inner) => if_conditions(inner, out),
        _ => {}
    }
}

/// Every combination of branches (up to [`MAX_CONDITIONS`] conditions), else all true and
/// all false.
fn variants(conditions: &[String]) -> Vec<BTreeMap<String, bool>> {
    if conditions.is_empty() {
        return vec![BTreeMap::new()];
    }
    if conditions.len() > MAX_CONDITIONS {
        return [true, false]
            .into_iter()
            .map(|b| conditions.iter().map(|c| (c.clone(), b)).collect())
            .collect();
    }
    (0..1u32 << conditions.len())
        .map(|bits| {
            conditions
                .iter()
                .enumerate()
                .map(|(i, c)| (c.clone(), bits & (1 << i) == 0))
                .collect()
        })
        .collect()
}

/// An intrinsic, short (`!Sub`) or long (`{"Fn::Sub": ...}`) form: its name and argument.
fn intrinsic(n: &Node) -> Option<(&str, &Node)> {
    match &n.value {
        Tree::Tagged(tag, inner) => {
            let name = match tag.as_str() {
                "Ref" => "Ref",
                "Condition" => "Condition",
                other => return Some((long_name(other)?, inner)),
            };
            Some((name, inner))
        }
        Tree::Map(m) if m.len() == 1 => {
            let (k, v) = m.first()?;
            (k == "Ref" || k.starts_with("Fn::")).then_some((k.as_str(), v))
        }
        _ => None,
    }
}

/// The first argument of an intrinsic, as a literal string (empty when it is not one).
fn first_text(items: &[Node]) -> String {
    items
        .first()
        .and_then(Node::as_str)
        .unwrap_or_default()
        .to_owned()
}

fn long_name(tag: &str) -> Option<&'static str> {
    Some(match tag {
        "Sub" => "Fn::Sub",
        "Join" => "Fn::Join",
        "If" => "Fn::If",
        "GetAtt" => "Fn::GetAtt",
        "Select" => "Fn::Select",
        "Split" => "Fn::Split",
        "FindInMap" => "Fn::FindInMap",
        "ImportValue" => "Fn::ImportValue",
        "Base64" => "Fn::Base64",
        "Equals" => "Fn::Equals",
        "Not" => "Fn::Not",
        "And" => "Fn::And",
        "Or" => "Fn::Or",
        "GetAZs" => "Fn::GetAZs",
        "Cidr" => "Fn::Cidr",
        _ => return None,
    })
}

impl<'t, 'a> Run<'t, 'a> {
    fn new(t: &'t Template<'a>, choices: &'t BTreeMap<String, bool>) -> Self {
        Run {
            t,
            choices,
            map: SourceMap::default(),
            notes: Vec::new(),
        }
    }

    fn site(&self, n: &Node) -> Site {
        Site::point(self.t.file, n.line, n.column)
    }

    /// The JSON a node stands for; `None` for `AWS::NoValue`.
    fn eval(&mut self, n: &Node, pointer: &str) -> Value {
        self.eval_opt(n, pointer).unwrap_or(Value::Null)
    }

    fn eval_opt(&mut self, n: &Node, pointer: &str) -> Option<Value> {
        self.map.insert(pointer, self.site(n));
        if let Some((name, arg)) = intrinsic(n) {
            return self.intrinsic(name, arg, pointer);
        }
        Some(match &n.value {
            Tree::Null => Value::Null,
            Tree::Bool(b) => Value::Bool(*b),
            Tree::Number(s) => serde_json::from_str(s).unwrap_or_else(|_| Value::String(s.clone())),
            Tree::String(s) => Value::String(s.clone()),
            Tree::Seq(items) => Value::Array(
                items
                    .iter()
                    .enumerate()
                    .filter_map(|(i, item)| self.eval_opt(item, &format!("{pointer}/{i}")))
                    .collect(),
            ),
            Tree::Map(members) => {
                let mut out = Map::new();
                for (k, v) in members {
                    let at = format!("{pointer}/{}", pointer_escape(k));
                    self.map.insert(&at, self.site(v));
                    if let Some(value) = self.eval_opt(v, &at) {
                        out.insert(k.clone(), value);
                    }
                }
                Value::Object(out)
            }
            Tree::Tagged(_, inner) => return self.eval_opt(inner, pointer),
        })
    }

    fn unresolved(&mut self, pointer: &str, what: &str, help: &str) -> String {
        self.notes.push(note(
            codes::UNRESOLVED_PARAMETER,
            pointer,
            format!(
                "unresolved: `{}` depends on {what}, so the checks that need it were skipped",
                path_words(pointer)
            ),
            help,
        ));
        String::new()
    }

    /// A name of `Ref` or `${...}`: a parameter, a pseudo parameter, a provider, another
    /// resource.
    fn name(&mut self, name: &str, pointer: &str) -> String {
        if let Some(v) = self.t.parameters.get(name) {
            return v.clone();
        }
        if PSEUDO.contains(&name) {
            return format!("${{{name}}}");
        }
        if let Some(url) = self.t.providers.get(name) {
            return format!("arn:${{AWS::Partition}}:iam::${{AWS::AccountId}}:oidc-provider/{url}");
        }
        if self.t.open.iter().any(|p| p == name) {
            self.unresolved(
                pointer,
                &format!("the parameter `{name}`, which has no default"),
                &format!("give its value: `--parameter {name}=VALUE`"),
            );
        } else if self.t.resources.iter().any(|(id, _)| id == name) {
            self.unresolved(
                pointer,
                &format!("the resource `{name}`, known once the stack is deployed"),
                "lint the deployed role with `oidc-trust scan` to check this value",
            );
        } else {
            self.unresolved(
                pointer,
                &format!("`{name}`, which the template does not define"),
                "check the name, or give it with `--parameter NAME=VALUE`",
            );
        }
        format!("${{{name}}}")
    }

    fn text(&mut self, n: &Node, pointer: &str) -> String {
        match self.eval(n, pointer) {
            Value::String(s) => s,
            Value::Null => String::new(),
            other => other.to_string(),
        }
    }

    fn intrinsic(&mut self, name: &str, arg: &Node, pointer: &str) -> Option<Value> {
        let items: &[Node] = match &arg.value {
            Tree::Seq(items) => items,
            _ => std::slice::from_ref(arg),
        };
        let s = |v: String| Some(Value::String(v));
        match name {
            "Ref" => {
                let target = arg.as_str().unwrap_or_default();
                if target == "AWS::NoValue" {
                    return None;
                }
                s(self.name(target, pointer))
            }
            "Fn::Sub" => {
                let template = first_text(items);
                let mut vars = BTreeMap::new();
                if let Some(Node {
                    value: Tree::Map(m),
                    ..
                }) = items.get(1)
                {
                    for (k, v) in m {
                        let text = self.text(v, pointer);
                        vars.insert(k.clone(), text);
                    }
                }
                s(self.sub(&template, &vars, pointer))
            }
            "Fn::Join" => {
                let delim = first_text(items);
                let parts = match items.get(1).map(|l| self.eval(l, pointer)) {
                    Some(Value::Array(a)) => a
                        .into_iter()
                        .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
                        .collect::<Vec<_>>(),
                    Some(Value::String(one)) => vec![one],
                    _ => Vec::new(),
                };
                s(parts.join(&delim))
            }
            "Fn::If" => {
                let cond = items.first().and_then(Node::as_str).unwrap_or_default();
                let branch = if self.choices.get(cond).copied().unwrap_or(true) {
                    1
                } else {
                    2
                };
                self.eval_opt(items.get(branch)?, pointer)
            }
            "Fn::GetAtt" => {
                let (res, attr) = match items {
                    [r, a] => (
                        r.as_str().unwrap_or_default().to_owned(),
                        a.as_str().unwrap_or_default().to_owned(),
                    ),
                    [one] => {
                        let t = one.as_str().unwrap_or_default();
                        let (r, a) = t.split_once('.').unwrap_or((t, ""));
                        (r.to_owned(), a.to_owned())
                    }
                    _ => (String::new(), String::new()),
                };
                if attr == "Arn" && self.t.providers.contains_key(&res) {
                    return s(self.name(&res, pointer));
                }
                self.unresolved(
                    pointer,
                    &format!("`{res}.{attr}`, known once the stack is deployed"),
                    "lint the deployed role with `oidc-trust scan` to check this value",
                );
                s(format!("${{{res}.{attr}}}"))
            }
            "Fn::Select" => {
                let index = items
                    .first()
                    .map(|i| self.text(i, pointer))
                    .and_then(|t| t.parse::<usize>().ok());
                match (index, items.get(1).map(|l| self.eval(l, pointer))) {
                    (Some(i), Some(Value::Array(a))) => a.get(i).cloned(),
                    _ => s(self.opaque("Fn::Select", pointer)),
                }
            }
            "Fn::Split" => {
                let delim = first_text(items);
                let text = items
                    .get(1)
                    .map(|t| self.text(t, pointer))
                    .unwrap_or_default();
                if delim.is_empty() {
                    return s(text);
                }
                Some(Value::Array(
                    text.split(delim.as_str())
                        .map(|p| Value::String(p.to_owned()))
                        .collect(),
                ))
            }
            "Fn::FindInMap" => {
                let keys: Vec<String> = items.iter().map(|k| self.text(k, pointer)).collect();
                let found = match keys.as_slice() {
                    [m, a, b] => self
                        .t
                        .mappings
                        .and_then(|ms| ms.get(m))
                        .and_then(|x| x.get(a))
                        .and_then(|x| x.get(b)),
                    _ => None,
                };
                match found {
                    Some(node) => {
                        let node = node.clone();
                        self.eval_opt(&node, pointer)
                    }
                    None => s(self.opaque("Fn::FindInMap", pointer)),
                }
            }
            "Fn::ImportValue" => {
                let export = self.text(arg, pointer);
                self.unresolved(pointer, &format!("the export `{export}` of another stack"), "lint the deployed role with `oidc-trust scan`, or write the value in the template");
                s(format!("${{ImportValue {export}}}"))
            }
            other => s(self.opaque(other, pointer)),
        }
    }

    fn opaque(&mut self, function: &str, pointer: &str) -> String {
        self.unresolved(
            pointer,
            &format!("`{function}`, which oidc-trust does not evaluate here"),
            "write the value literally, or lint the deployed role with `oidc-trust scan`",
        );
        format!("${{{function}}}")
    }

    /// `Fn::Sub`: `${Name}` from the variables, then as `Ref` names; `${R.Attr}` stays a
    /// placeholder; `${!Literal}` is written `${Literal}`.
    fn sub(&mut self, template: &str, vars: &BTreeMap<String, String>, pointer: &str) -> String {
        let mut out = String::new();
        let mut rest = template;
        while let Some(start) = rest.find("${") {
            out.push_str(rest.get(..start).unwrap_or_default());
            let after = rest.get(start + 2..).unwrap_or_default();
            let Some(end) = after.find('}') else {
                out.push_str(rest.get(start..).unwrap_or_default());
                return out;
            };
            let name = after.get(..end).unwrap_or_default();
            if let Some(literal) = name.strip_prefix('!') {
                out.push_str("${");
                out.push_str(literal);
                out.push('}');
            } else if let Some(v) = vars.get(name) {
                out.push_str(v);
            } else if let Some((res, attr)) = name.split_once('.') {
                if attr == "Arn" && self.t.providers.contains_key(res) {
                    let arn = self.name(res, pointer);
                    out.push_str(&arn);
                } else {
                    self.unresolved(
                        pointer,
                        &format!("`{name}`, known once the stack is deployed"),
                        "lint the deployed role with `oidc-trust scan` to check this value",
                    );
                    out.push_str("${");
                    out.push_str(name);
                    out.push('}');
                }
            } else {
                let v = self.name(name, pointer);
                out.push_str(&v);
            }
            rest = after.get(end + 1..).unwrap_or_default();
        }
        out.push_str(rest);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_cover_both_branches() {
        assert_eq!(variants(&[]).len(), 1);
        let v = variants(&["A".to_owned(), "B".to_owned()]);
        assert_eq!(v.len(), 4);
        assert!(v.iter().any(|m| m["A"] && !m["B"]));
        let many: Vec<String> = (0..5).map(|i| i.to_string()).collect();
        assert_eq!(variants(&many).len(), 2);
    }
}
