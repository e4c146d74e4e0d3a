//! The edits hints offer: what a hint's fix says, as a change to the policy text (a span and
//! its replacement), found by the hint's JSON pointer in the text as written. An edit is
//! offered only where it is exact: the text parses as it is (not after a paste clean-up),
//! the pointer names a node of the expected kind, and the change leaves valid JSON.

use crate::aws::policy::document_node;
use crate::diagnostic::Edit;
use crate::json::{self, Node, Span, Value};

/// What a hint's fix changes, before it is placed in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Change {
    /// Add a value to the string or array at the hint's pointer.
    Append(String),
    /// Replace the value `old` (the string, or that element of the array) at the pointer.
    Replace {
        /// The value written now.
        old: String,
        /// The value to write.
        new: String,
    },
    /// Rename the condition operator block that holds the pointer's key (when the key is
    /// the block's only one, and no block of the new name exists).
    RenameOperator(String),
    /// Rename the key at the pointer.
    RenameKey(String),
}

/// A policy text read for edits.
#[derive(Debug)]
pub(crate) struct Document<'a> {
    text: &'a str,
    root: Node<'a>,
}

impl<'a> Document<'a> {
    /// The text, if it is JSON as written.
    pub(crate) fn parse(text: &'a str) -> Option<Self> {
        Some(Document {
            text,
            root: json::parse(text).ok()?,
        })
    }

    /// The edit that makes `change` at `pointer`, if it is exact.
    pub(crate) fn edit(&self, pointer: &str, change: &Change) -> Option<Edit> {
        let (doc, _) = document_node(&self.root);
        let tokens: Vec<String> = pointer
            .split('/')
            .skip(1)
            .map(|t| t.replace("~1", "/").replace("~0", "~"))
            .collect();
        match change {
            Change::Append(value) => self.append(find(doc, &tokens)?, value),
            Change::Replace { old, new } => {
                let node = find(doc, &tokens)?;
                let target = match &node.value {
                    Value::String(s) if s == old => node,
                    Value::Array(items) => items.iter().find(|n| n.as_str() == Some(old))?,
                    _ => return None,
                };
                Some(edit(format!("write `{new}`"), target.span, quoted(new)))
            }
            Change::RenameKey(new) => {
                let (last, parent) = tokens.split_last()?;
                let m = find(doc, parent)?
                    .as_object()?
                    .iter()
                    .rev()
                    .find(|m| m.key == last.as_str())?;
                Some(edit(
                    format!("rename the key to `{new}`"),
                    m.key_span,
                    quoted(new),
                ))
            }
            Change::RenameOperator(new) => {
                let [.., _, _] = tokens.as_slice() else {
                    return None;
                };
                let (_, block_path) = tokens.split_last()?;
                let (operator, condition_path) = block_path.split_last()?;
                let condition = find(doc, condition_path)?.as_object()?;
                let block = condition
                    .iter()
                    .rev()
                    .find(|m| m.key == operator.as_str())?;
                let alone = block.node.as_object().is_some_and(|o| o.len() == 1);
                let taken = condition.iter().any(|m| m.key == new.as_str());
                (alone && !taken).then(|| edit(format!("use `{new}`"), block.key_span, quoted(new)))
            }
        }
    }

    /// Adds `value` to a string (which becomes a list) or a list.
    fn append(&self, node: &Node<'_>, value: &str) -> Option<Edit> {
        let title = format!("add `{value}`");
        match &node.value {
            Value::String(_) => {
                let old = self.text.get(node.span.start..node.span.end)?;
                Some(edit(
                    title,
                    node.span,
                    format!("[{old}, {}]", quoted(value)),
                ))
            }
            Value::Array(items) => match items.last() {
                None => Some(edit(title, node.span, format!("[{}]", quoted(value)))),
                Some(last) => {
                    // A list written one value a line gets the new one on its own line.
                    let line_start = self.text.get(..last.span.start)?.rfind('\n').map(|i| i + 1);
                    let indent = line_start
                        .and_then(|s| self.text.get(s..last.span.start))
                        .filter(|i| i.chars().all(char::is_whitespace));
                    let sep = match indent {
                        Some(i) => format!(",\n{i}"),
                        None => ", ".to_owned(),
                    };
                    let at = Span {
                        start: last.span.end,
                        end: last.span.end,
                        ..last.span
                    };
                    Some(edit(title, at, format!("{sep}{}", quoted(value))))
                }
            },
            _ => None,
        }
    }
}

fn edit(title: String, span: Span, replacement: String) -> Edit {
    Edit {
        title,
        span,
        replacement,
    }
}

/// `s` as a JSON string.
fn quoted(s: &str) -> String {
    serde_json::Value::String(s.to_owned()).to_string()
}

/// The node a pointer's tokens name (the last of repeated keys, as IAM reads them).
fn find<'n>(mut node: &'n Node<'n>, tokens: &[String]) -> Option<&'n Node<'n>> {
    for t in tokens {
        node = match &node.value {
            Value::Object(members) => &members.iter().rev().find(|m| m.key == t.as_str())?.node,
            Value::Array(items) => items.get(t.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(node)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[expect(
        clippy::needless_pass_by_value,
        reason = "the tables read better by value"
    )]
    fn applied(text: &str, pointer: &str, change: Change) -> Option<String> {
        let e = Document::parse(text)?.edit(pointer, &change)?;
        let out = e.apply(text)?;
        assert!(json::parse(&out).is_ok(), "{out}");
        Some(out)
    }

    const POLICY: &str = r#"{
  "Statement": [{
    "Principal": {"Federated": "arn:a"},
    "Action": "sts:AssumeRoleWithWebIdentity",
    "Condition": {
      "StringEquals": {"k:aud": "sts"},
      "StringLike": {
        "k:sub": [
          "repo:a/b:ref:refs/heads/main"
        ]
      }
    }
  }]
}"#;

    #[test]
    fn appends_to_strings_and_lists_keeping_the_layout() {
        let out = applied(
            POLICY,
            "/Statement/0/Condition/StringEquals/k:aud",
            Change::Append("x".into()),
        )
        .unwrap();
        assert!(out.contains(r#"{"k:aud": ["sts", "x"]}"#), "{out}");
        let out = applied(
            POLICY,
            "/Statement/0/Condition/StringLike/k:sub",
            Change::Append("repo:a/b:pull_request".into()),
        )
        .unwrap();
        assert!(
            out.contains(
                "\"repo:a/b:ref:refs/heads/main\",\n          \"repo:a/b:pull_request\"\n"
            ),
            "{out}"
        );
        let out = applied(
            POLICY,
            "/Statement/0/Action",
            Change::Append("sts:TagSession".into()),
        )
        .unwrap();
        assert!(out.contains(r#""Action": ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"]"#));
        assert_eq!(
            applied(POLICY, "/Statement/0/Nothing", Change::Append("x".into())),
            None
        );
    }

    #[test]
    fn replaces_renames_and_refuses_what_is_not_exact() {
        let out = applied(
            POLICY,
            "/Statement/0/Principal/Federated",
            Change::Replace {
                old: "arn:a".into(),
                new: "arn:b".into(),
            },
        )
        .unwrap();
        assert!(out.contains(r#"{"Federated": "arn:b"}"#));
        assert_eq!(
            applied(
                POLICY,
                "/Statement/0/Principal/Federated",
                Change::Replace {
                    old: "arn:z".into(),
                    new: "arn:b".into()
                }
            ),
            None
        );
        let out = applied(
            POLICY,
            "/Statement/0/Condition/StringEquals/k:aud",
            Change::RenameKey("p:aud".into()),
        )
        .unwrap();
        assert!(out.contains(r#""p:aud": "sts""#));
        // The StringEquals block holds one key, but a StringLike block exists already.
        assert_eq!(
            applied(
                POLICY,
                "/Statement/0/Condition/StringEquals/k:aud",
                Change::RenameOperator("StringLike".into())
            ),
            None
        );
        let out = applied(
            POLICY,
            "/Statement/0/Condition/StringEquals/k:aud",
            Change::RenameOperator("StringEqualsIgnoreCase".into()),
        )
        .unwrap();
        assert!(out.contains(r#""StringEqualsIgnoreCase": {"k:aud""#));
        // Not JSON as written: no edits.
        assert!(Document::parse("{").is_none());
    }

    #[test]
    fn get_role_output_is_edited_inside_its_document() {
        let wrapped =
            format!(r#"{{"Role": {{"RoleName": "r", "AssumeRolePolicyDocument": {POLICY}}}}}"#);
        let out = applied(
            &wrapped,
            "/Statement/0/Action",
            Change::Append("sts:TagSession".into()),
        )
        .unwrap();
        assert!(out.starts_with(r#"{"Role": {"RoleName": "r""#));
        assert!(out.contains("sts:TagSession"));
    }
}
