//! Resource control policy files (`--rcp FILE`, for `analyze` and `scan`).
//!
//! A file holds one of:
//! - an RCP policy document (`{"Version": ..., "Statement": [...]}`), named after the file;
//! - `aws organizations describe-policy --policy-id p-...` output:
//!   `{"Policy": {"PolicySummary": {"Name", "Type": "RESOURCE_CONTROL_POLICY", ...},
//!   "Content": "<the policy as JSON text>"}}`, named by `PolicySummary.Name`;
//! - a list of those: `{"Policies": [...]}` or a JSON array, whose items are describe-policy
//!   outputs (with or without the outer `Policy`) or policy documents.
//!
//! `aws organizations list-policies` output has summaries without `Content`, which is
//! refused with the command that gives it. A policy of another type (a service control
//! policy) is refused: only RCPs apply to `sts:AssumeRoleWithWebIdentity` on a role. Every
//! error names the file, the line and column, and the JSON pointer.

use std::path::Path;

use oidc_trust::api::Rcp;
use oidc_trust::json::Span;

use crate::input::{self, InputError, Source};

/// The `PolicySummary.Type` of an RCP.
const RCP_TYPE: &str = "RESOURCE_CONTROL_POLICY";

/// One RCP read from a file.
#[derive(Debug, Clone)]
pub struct RcpDocument {
    /// Its name: `PolicySummary.Name`, else the file's name.
    pub name: String,
    /// The policy text, as the core reads it.
    pub text: String,
    /// The file it came from.
    pub file: String,
    /// The file's text (the policy's own text when the file is the policy).
    pub file_text: String,
    /// Where the policy sits in the file: `None` when the file is the policy (its spans are
    /// the file's), else the place of its `Content` string.
    pub embedded: Option<Embedded>,
}

/// A policy given as a JSON string inside a file (`Content`).
#[derive(Debug, Clone)]
pub struct Embedded {
    /// The pointer of the `Content` value in the file.
    pub pointer: String,
    /// Its place in the file.
    pub span: Span,
}

impl RcpDocument {
    /// As the core's request takes it.
    pub fn to_request(&self) -> Rcp {
        Rcp {
            name: Some(self.name.clone()),
            policy: serde_json::Value::String(self.text.clone()),
        }
    }

    /// `file:line:column` for a place in the policy: in the file itself, or at its
    /// `Content` string (and the line inside it).
    pub fn place(&self, span: Option<Span>) -> String {
        match (&self.embedded, span) {
            (None, Some(s)) => format!("{}:{}:{}", self.file, s.line, s.column),
            (None, None) => self.file.clone(),
            (Some(e), Some(s)) => format!(
                "{}:{}:{} (`{}` line {})",
                self.file, e.span.line, e.span.column, e.pointer, s.line
            ),
            (Some(e), None) => format!("{}:{}:{}", self.file, e.span.line, e.span.column),
        }
    }

    /// The byte range in the file a span of the policy stands for.
    pub fn file_range(&self, span: Option<Span>) -> Option<(usize, usize)> {
        match (&self.embedded, span) {
            (None, Some(s)) => Some((s.start, s.end)),
            (Some(e), _) => Some((e.span.start, e.span.end)),
            (None, None) => None,
        }
    }
}

/// Reads every `--rcp` file, in order.
pub fn read_all(paths: &[std::path::PathBuf]) -> Result<Vec<RcpDocument>, InputError> {
    let mut out = Vec::new();
    for path in paths {
        let source = input::read(path)?;
        out.extend(read(&source, path)?);
    }
    Ok(out)
}

/// The RCPs of one file.
pub fn read(source: &Source, path: &Path) -> Result<Vec<RcpDocument>, InputError> {
    let value = input::parse_json(source)?;
    let stem = path
        .file_stem()
        .map_or_else(|| source.name.clone(), |s| s.to_string_lossy().into_owned());
    let reader = Reader { source, stem };
    match &value {
        serde_json::Value::Object(o) if o.contains_key("Statement") => {
            Ok(vec![reader.whole(reader.stem.clone())])
        }
        serde_json::Value::Object(o) if o.contains_key("Policy") => {
            Ok(vec![reader.entry(&value, "", None)?])
        }
        serde_json::Value::Object(o) => match o.get("Policies") {
            Some(serde_json::Value::Array(items)) => reader.list(items, "/Policies"),
            Some(_) => Err(reader.error("/Policies", "`Policies` must be a list")),
            None => Err(reader.error("", WHAT)),
        },
        serde_json::Value::Array(items) => reader.list(items, ""),
        _ => Err(reader.error("", WHAT)),
    }
}

const WHAT: &str = "expected a resource control policy: a policy document (`Statement`), `aws organizations describe-policy` output (`Policy`), or a list of them (`Policies`, or a JSON array)";

struct Reader<'a> {
    source: &'a Source,
    stem: String,
}

impl Reader<'_> {
    fn error(&self, pointer: &str, message: impl Into<String>) -> InputError {
        InputError::in_file(&self.source.name, message).at(Some(&self.source.text), pointer)
    }

    /// The file is the policy.
    fn whole(&self, name: String) -> RcpDocument {
        RcpDocument {
            name,
            text: self.source.text.clone(),
            file: self.source.name.clone(),
            file_text: self.source.text.clone(),
            embedded: None,
        }
    }

    fn list(
        &self,
        items: &[serde_json::Value],
        pointer: &str,
    ) -> Result<Vec<RcpDocument>, InputError> {
        if items.is_empty() {
            return Err(self.error(pointer, "the list of RCPs is empty"));
        }
        items
            .iter()
            .enumerate()
            .map(|(i, item)| self.entry(item, &format!("{pointer}/{i}"), Some(i)))
            .collect()
    }

    /// A describe-policy output (`{"Policy": {...}}`), its inner object, or a document.
    fn entry(
        &self,
        item: &serde_json::Value,
        pointer: &str,
        index: Option<usize>,
    ) -> Result<RcpDocument, InputError> {
        let fallback = match index {
            Some(i) => format!("{} {}", self.stem, i + 1),
            None => self.stem.clone(),
        };
        let Some(object) = item.as_object() else {
            return Err(self.error(pointer, WHAT));
        };
        if let Some(inner) = object.get("Policy") {
            return self.entry(inner, &format!("{pointer}/Policy"), index);
        }
        if object.contains_key("Statement") {
            // A document inside a list: its text is re-written, so places are the item's.
            let span = input::locate(&self.source.text, pointer).unwrap_or_default();
            return Ok(RcpDocument {
                name: fallback,
                text: serde_json::to_string_pretty(item).unwrap_or_default(),
                file: self.source.name.clone(),
                file_text: self.source.text.clone(),
                embedded: Some(Embedded {
                    pointer: pointer.to_owned(),
                    span,
                }),
            });
        }
        if !object.contains_key("Content")
            && !object.contains_key("PolicySummary")
            && object.get("Type").is_some_and(serde_json::Value::is_string)
        {
            return Err(self.error(
                pointer,
                "a policy summary without its `Content` (`aws organizations list-policies` output lists RCPs without their text): give `aws organizations describe-policy --policy-id <id>` output for each",
            ));
        }
        let summary = object.get("PolicySummary");
        if let Some(kind) = summary.and_then(|s| s.get("Type")).and_then(|t| t.as_str())
            && kind != RCP_TYPE
        {
            return Err(self.error(
                &format!("{pointer}/PolicySummary/Type"),
                format!("the policy is a `{kind}`; only resource control policies (`{RCP_TYPE}`) apply to `sts:AssumeRoleWithWebIdentity` on a role"),
            ));
        }
        let name = summary
            .and_then(|s| s.get("Name"))
            .and_then(|n| n.as_str())
            .map_or(fallback, str::to_owned);
        let content_pointer = format!("{pointer}/Content");
        let text = match object.get("Content") {
            Some(serde_json::Value::String(text)) => text.clone(),
            Some(content @ serde_json::Value::Object(_)) => {
                serde_json::to_string_pretty(content).unwrap_or_default()
            }
            Some(_) => {
                return Err(self.error(
                    &content_pointer,
                    "`Content` must be the policy as JSON text",
                ));
            }
            None if summary.is_some() => {
                return Err(self.error(
                    pointer,
                    "a `PolicySummary` without `Content` (`list-policies` output lists RCPs without their text): give `aws organizations describe-policy --policy-id <id>` output for each",
                ));
            }
            None => return Err(self.error(pointer, WHAT)),
        };
        if let Err(e) = oidc_trust::json::parse(&text) {
            return Err(self.error(
                &content_pointer,
                format!("the RCP `{name}` is not JSON: {e}"),
            ));
        }
        let span = input::locate(&self.source.text, &content_pointer).unwrap_or_default();
        Ok(RcpDocument {
            name,
            text,
            file: self.source.name.clone(),
            file_text: self.source.text.clone(),
            embedded: Some(Embedded {
                pointer: content_pointer,
                span,
            }),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(name: &str, text: &str) -> Source {
        Source {
            name: name.to_owned(),
            path: None,
            text: text.to_owned(),
        }
    }

    const DOC: &str = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "sts:AssumeRoleWithWebIdentity", "Resource": "*"}]}"#;

    #[test]
    fn reads_every_form() {
        let plain = read(&src("deny.json", DOC), Path::new("deny.json")).unwrap();
        assert_eq!(plain[0].name, "deny");
        assert!(plain[0].embedded.is_none());

        let described = serde_json::json!({"Policy": {"PolicySummary": {"Name": "EnforceOrg", "Type": RCP_TYPE}, "Content": DOC}});
        let one = read(
            &src("p.json", &serde_json::to_string_pretty(&described).unwrap()),
            Path::new("p.json"),
        )
        .unwrap();
        assert_eq!(one[0].name, "EnforceOrg");
        assert_eq!(one[0].text, DOC);
        assert_eq!(one[0].embedded.as_ref().unwrap().pointer, "/Policy/Content");

        let list = serde_json::json!({"Policies": [described, {"PolicySummary": {"Name": "B"}, "Content": DOC}, serde_json::from_str::<serde_json::Value>(DOC).unwrap()]});
        let many = read(&src("l.json", &list.to_string()), Path::new("l.json")).unwrap();
        let names: Vec<&str> = many.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["EnforceOrg", "B", "l 3"]);
        let array = serde_json::Value::Array(vec![serde_json::from_str(DOC).unwrap()]);
        assert_eq!(
            read(&src("a.json", &array.to_string()), Path::new("a.json"))
                .unwrap()
                .len(),
            1
        );
    }

    #[test]
    fn errors_name_the_place() {
        let scp = "{\n  \"Policy\": {\n    \"PolicySummary\": {\"Name\": \"X\", \"Type\": \"SERVICE_CONTROL_POLICY\"},\n    \"Content\": \"{}\"\n  }\n}";
        let e = read(&src("scp.json", scp), Path::new("scp.json")).unwrap_err();
        assert_eq!(e.pointer.as_deref(), Some("/Policy/PolicySummary/Type"));
        assert!(e.to_string().starts_with("scp.json:3:"), "{e}");
        assert!(e.message.contains("SERVICE_CONTROL_POLICY"));

        let listed =
            r#"{"Policies": [{"Id": "p-1", "Name": "X", "Type": "RESOURCE_CONTROL_POLICY"}]}"#;
        let e = read(&src("list.json", listed), Path::new("list.json")).unwrap_err();
        assert!(e.message.contains("describe-policy"), "{e}");

        let listed = r#"{"Policies": [{"PolicySummary": {"Name": "X"}}]}"#;
        let e = read(&src("list.json", listed), Path::new("list.json")).unwrap_err();
        assert_eq!(e.pointer.as_deref(), Some("/Policies/0"));
        assert!(e.message.contains("without `Content`"), "{e}");

        let broken =
            r#"{"Policy": {"PolicySummary": {"Name": "X"}, "Content": "{\"Statement\": ["}}"#;
        let e = read(&src("b.json", broken), Path::new("b.json")).unwrap_err();
        assert_eq!(e.pointer.as_deref(), Some("/Policy/Content"));
        assert!(e.message.contains("is not JSON"), "{e}");

        let e = read(&src("x.json", "{\"a\": 1}"), Path::new("x.json")).unwrap_err();
        assert!(e.message.contains("describe-policy"));
        let e = read(&src("x.json", "{\"a\": "), Path::new("x.json")).unwrap_err();
        assert!(e.message.contains("not valid JSON"));
    }
}
