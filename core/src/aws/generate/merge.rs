//! Adding a written policy's statements to a policy the user already has, as one edit of
//! their text: what they wrote (its spacing, its order, its other statements) stays as it
//! is, and the new statements go at the end of its `Statement` list, indented like the
//! statements before them. The playground applies the edit through the editor's history
//! (so Ctrl+Z takes it back).

use serde_json::Value;

use crate::diagnostic::Edit;
use crate::json::{self, Node, Span};

/// Why the statements could not be added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MergeError {
    /// The user's policy is not JSON: the reader's message and where.
    Syntax(json::SyntaxError),
    /// The user's policy is JSON, but not an object with a `Statement` (an object or a
    /// list of them).
    NoStatements,
    /// The written policy has no statements (it is not the generator's output).
    NothingToAdd,
    /// Every written statement is already in the policy, exactly.
    AlreadyThere,
}

impl std::fmt::Display for MergeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MergeError::Syntax(e) => write!(
                f,
                "the policy is not JSON ({e}): fix it, or replace it with the written policy"
            ),
            MergeError::NoStatements => f.write_str(
                "the policy has no `Statement` list to add to: replace it with the written policy",
            ),
            MergeError::NothingToAdd => f.write_str("the written policy has no statements"),
            MergeError::AlreadyThere => {
                f.write_str("the policy already has the written statements, exactly")
            }
        }
    }
}

/// The edit of `policy` that appends the statements of `written` (a policy, as the
/// generator writes it) to its `Statement` list; a lone statement object becomes a list of
/// it and the new ones. Statements already in the policy, equal as JSON, are not added
/// twice.
///
/// # Errors
/// A [`MergeError`] saying why nothing can be added.
pub fn add_statements(policy: &str, written: &str) -> Result<Edit, MergeError> {
    let root = json::parse(policy).map_err(MergeError::Syntax)?;
    let statement = root
        .as_object()
        .and_then(|members| json::member(members, "Statement"))
        .map(|m| &m.node)
        .ok_or(MergeError::NoStatements)?;
    let existing: Vec<&Node<'_>> = match &statement.value {
        json::Value::Array(items) => items.iter().collect(),
        json::Value::Object(_) => vec![statement],
        _ => return Err(MergeError::NoStatements),
    };
    let have: Vec<Value> = existing.iter().map(|n| n.to_serde()).collect();
    let new: Vec<Value> = match serde_json::from_str::<Value>(written)
        .ok()
        .and_then(|mut w| w.get_mut("Statement").map(Value::take))
    {
        Some(Value::Array(items)) => items,
        Some(one @ Value::Object(_)) => vec![one],
        _ => return Err(MergeError::NothingToAdd),
    };
    if new.is_empty() {
        return Err(MergeError::NothingToAdd);
    }
    let new: Vec<Value> = new.into_iter().filter(|s| !have.contains(s)).collect();
    if new.is_empty() {
        return Err(MergeError::AlreadyThere);
    }
    let title = if new.len() == 1 {
        "add the written statement".to_owned()
    } else {
        format!("add the {} written statements", new.len())
    };
    let (span, replacement) = match (&statement.value, existing.last()) {
        // After the last statement, on a line of its own, indented as it is.
        (json::Value::Array(_), Some(last)) => {
            let indent = indent_of(policy, last.span);
            let mut text = String::new();
            for s in &new {
                text.push_str(",\n");
                text.push_str(&indent);
                text.push_str(&pretty(s, &indent));
            }
            (at(last.span.end), text)
        }
        // An empty list: the statements inside it, one level in from the list's line.
        (json::Value::Array(_), None) => {
            let outer = indent_of(policy, statement.span);
            let indent = format!("{outer}  ");
            let items: Vec<String> = new
                .iter()
                .map(|s| format!("{indent}{}", pretty(s, &indent)))
                .collect();
            let inner = Span {
                start: statement.span.start + 1,
                end: statement.span.end.saturating_sub(1),
                ..statement.span
            };
            (inner, format!("\n{}\n{outer}", items.join(",\n")))
        }
        // A lone statement: a list of it (as written) and the new ones.
        _ => {
            let outer = indent_of(policy, statement.span);
            let indent = format!("{outer}  ");
            let original = policy
                .get(statement.span.start..statement.span.end)
                .unwrap_or_default();
            let mut text = format!("[\n{indent}{original}");
            for s in &new {
                text.push_str(",\n");
                text.push_str(&indent);
                text.push_str(&pretty(s, &indent));
            }
            text.push('\n');
            text.push_str(&outer);
            text.push(']');
            (statement.span, text)
        }
    };
    Ok(Edit {
        title,
        span,
        replacement,
    })
}

/// An empty span at byte `offset` (an insertion).
fn at(offset: usize) -> Span {
    Span {
        start: offset,
        end: offset,
        ..Span::default()
    }
}

/// The spaces and tabs that start the line `span` starts on, when only they come before
/// it; else none (a statement that shares its line with other text).
fn indent_of(text: &str, span: Span) -> String {
    let before = text.get(..span.start).unwrap_or_default();
    let line = before.rsplit('\n').next().unwrap_or_default();
    if line.chars().all(|c| c == ' ' || c == '\t') {
        line.to_owned()
    } else {
        String::new()
    }
}

/// A statement as pretty JSON (two spaces, like the generator), every line after the first
/// indented by `indent`.
fn pretty(statement: &Value, indent: &str) -> String {
    let text = serde_json::to_string_pretty(statement).unwrap_or_default();
    text.replace('\n', &format!("\n{indent}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const WRITTEN: &str = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity", "Principal": {"Federated": "arn:aws:iam::1:oidc-provider/x"}}]}"#;

    fn merged(policy: &str) -> Value {
        let edit = add_statements(policy, WRITTEN).unwrap();
        serde_json::from_str(&edit.apply(policy).unwrap()).unwrap()
    }

    #[test]
    fn appends_after_the_last_statement_at_its_indent() {
        let policy = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\": \"Deny\", \"Action\": \"*\", \"Principal\": \"*\"}\n  ]\n}\n";
        let edit = add_statements(policy, WRITTEN).unwrap();
        let text = edit.apply(policy).unwrap();
        assert!(
            text.starts_with("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\": \"Deny\", \"Action\": \"*\", \"Principal\": \"*\"},\n    {\n      \"Effect\": \"Allow\","),
            "{text}"
        );
        assert_eq!(merged(policy)["Statement"].as_array().unwrap().len(), 2);
        assert_eq!(edit.title, "add the written statement");
    }

    #[test]
    fn a_lone_statement_becomes_a_list_and_an_empty_list_is_filled() {
        let lone = r#"{"Statement": {"Effect": "Deny", "Action": "*", "Principal": "*"}}"#;
        let m = merged(lone);
        assert_eq!(m["Statement"][0]["Effect"], "Deny");
        assert_eq!(m["Statement"][1]["Effect"], "Allow");
        let empty = "{\n  \"Statement\": []\n}";
        assert_eq!(merged(empty)["Statement"][0]["Effect"], "Allow");
    }

    #[test]
    fn says_why_nothing_can_be_added() {
        let already = add_statements(WRITTEN, WRITTEN).unwrap_err();
        assert_eq!(already, MergeError::AlreadyThere);
        assert!(matches!(
            add_statements("{\"Statement\": [", WRITTEN),
            Err(MergeError::Syntax(_))
        ));
        let e = add_statements("{\"Version\": \"2012-10-17\"}", WRITTEN).unwrap_err();
        assert_eq!(e, MergeError::NoStatements);
        assert!(e.to_string().contains("replace it with the written policy"));
        assert_eq!(
            add_statements("{\"Statement\": []}", "{}").unwrap_err(),
            MergeError::NothingToAdd
        );
    }
}
