//! The `aws_iam_policy_document` data source's statement blocks, as read from a plan (its
//! structured `statement` attribute) or from `.tf` literals, rendered into the JSON policy
//! the provider would write, with the source map and the unknown values.

use oidc_trust::Diagnostic;
use serde_json::{Map, Value, json};

use super::{Site, SourceMap, note, path_words};

/// A value that is known, or unknown (with the expression or reference it waits for).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Val {
    /// Known text.
    Known(String),
    /// Unknown: what it depends on (`aws_iam_openid_connect_provider.github.url`,
    /// `var.subjects`), or what kind of value it is.
    Unknown(String),
}

impl Val {
    /// The text to put in the document: the value, or a `${...}` placeholder.
    pub fn text(&self) -> String {
        match self {
            Val::Known(s) => s.clone(),
            Val::Unknown(name) => format!("${{{name}}}"),
        }
    }
}

/// One `principals` block.
#[derive(Debug, Clone)]
pub struct Principal {
    /// `type`.
    pub kind: Val,
    /// `identifiers`; `Err` when the list itself is unknown.
    pub identifiers: Result<Vec<Val>, String>,
}

/// One `condition` block.
#[derive(Debug, Clone)]
pub struct Cond {
    /// `test`.
    pub test: Val,
    /// `variable`.
    pub variable: Val,
    /// `values`; `Err` when the list itself is unknown.
    pub values: Result<Vec<Val>, String>,
    /// Where the block is.
    pub site: Option<Site>,
}

/// One `statement` block.
#[derive(Debug, Clone, Default)]
pub struct Statement {
    /// `sid`.
    pub sid: Option<Val>,
    /// `effect` (default `Allow`).
    pub effect: Option<Val>,
    /// `actions`.
    pub actions: Vec<Val>,
    /// `not_actions`.
    pub not_actions: Vec<Val>,
    /// `principals` blocks.
    pub principals: Vec<Principal>,
    /// `condition` blocks.
    pub conditions: Vec<Cond>,
    /// Where the block is.
    pub site: Option<Site>,
}

/// How unknown values are reported.
#[derive(Debug, Clone, Copy)]
pub struct Unknowns {
    /// The code (`unknown-until-apply`, `unresolved-parameter`).
    pub code: &'static str,
    /// The message's start, e.g. "known after apply".
    pub lead: &'static str,
    /// The help.
    pub help: &'static str,
}

impl Unknowns {
    /// The finding for the unknown value at `pointer`, waiting for `name`.
    pub fn note(&self, pointer: &str, name: &str) -> Diagnostic {
        note(
            self.code,
            pointer,
            format!(
                "{}: `{}` (`{name}`), so the checks that need it were skipped",
                self.lead,
                path_words(pointer)
            ),
            self.help,
        )
    }
}

/// The document, its source map and its unknowns.
pub fn render(
    statements: &[Statement],
    unknowns: Unknowns,
    map: &mut SourceMap,
    notes: &mut Vec<Diagnostic>,
) -> Value {
    let mut out = Vec::new();
    for (i, st) in statements.iter().enumerate() {
        let at = format!("/Statement/{i}");
        if let Some(site) = &st.site {
            map.insert(&at, site.clone());
        }
        let mut obj = Map::new();
        let text = |v: &Val, pointer: &str, notes: &mut Vec<Diagnostic>| {
            if let Val::Unknown(name) = v {
                notes.push(unknowns.note(pointer, name));
            }
            v.text()
        };
        if let Some(sid) = &st.sid {
            obj.insert("Sid".into(), text(sid, &format!("{at}/Sid"), notes).into());
        }
        let effect = st.effect.as_ref().map_or_else(
            || "Allow".to_owned(),
            |e| text(e, &format!("{at}/Effect"), notes),
        );
        obj.insert("Effect".into(), effect.into());
        if !st.principals.is_empty() {
            let mut principal = Map::new();
            let mut star = false;
            for p in &st.principals {
                let kind = text(&p.kind, &format!("{at}/Principal"), notes);
                let ids = match &p.identifiers {
                    Ok(ids) => ids.clone(),
                    Err(name) => vec![Val::Unknown(name.clone())],
                };
                if kind == "*" {
                    star = true;
                    continue;
                }
                let pointer = format!("{at}/Principal/{kind}");
                let entry = principal.entry(kind).or_insert_with(|| json!([]));
                for id in &ids {
                    let t = text(id, &pointer, notes);
                    if let Value::Array(a) = entry {
                        a.push(t.into());
                    }
                }
            }
            let value = if star && principal.is_empty() {
                Value::from("*")
            } else {
                Value::Object(principal.into_iter().map(|(k, v)| (k, single(v))).collect())
            };
            obj.insert("Principal".into(), value);
        }
        for (key, list) in [("Action", &st.actions), ("NotAction", &st.not_actions)] {
            if list.is_empty() {
                continue;
            }
            let items: Vec<Value> = list
                .iter()
                .map(|v| text(v, &format!("{at}/{key}"), notes).into())
                .collect();
            obj.insert(key.into(), single(Value::Array(items)));
        }
        if !st.conditions.is_empty() {
            let mut cond: Map<String, Value> = Map::new();
            for c in &st.conditions {
                let operator = c.test.text();
                let key = c.variable.text();
                let pointer = format!(
                    "{at}/Condition/{}/{}",
                    oidc_trust::diagnostic::pointer_escape(&operator),
                    oidc_trust::diagnostic::pointer_escape(&key)
                );
                if let Some(site) = &c.site {
                    map.insert(&pointer, site.clone());
                }
                for (v, what) in [(&c.test, "test"), (&c.variable, "variable")] {
                    if let Val::Unknown(name) = v {
                        notes.push(unknowns.note(&pointer, &format!("{what} {name}")));
                    }
                }
                let values: Vec<Value> = match &c.values {
                    Ok(vs) => vs.iter().map(|v| text(v, &pointer, notes).into()).collect(),
                    Err(name) => {
                        notes.push(unknowns.note(&pointer, name));
                        vec![Val::Unknown(name.clone()).text().into()]
                    }
                };
                let block = cond
                    .entry(operator)
                    .or_insert_with(|| Value::Object(Map::new()));
                if let Value::Object(block) = block {
                    let slot = block.entry(key).or_insert_with(|| json!([]));
                    if let Value::Array(a) = slot {
                        a.extend(values);
                    }
                }
            }
            obj.insert("Condition".into(), Value::Object(cond));
        }
        out.push(Value::Object(obj));
    }
    json!({"Version": "2012-10-17", "Statement": out})
}

/// A one-element list as its element, as the provider writes it.
fn single(v: Value) -> Value {
    match v {
        Value::Array(mut a) if a.len() == 1 => a.pop().unwrap_or(Value::Null),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_like_the_provider() {
        let st = Statement {
            actions: vec![Val::Known("sts:AssumeRoleWithWebIdentity".into())],
            principals: vec![Principal {
                kind: Val::Known("Federated".into()),
                identifiers: Err("aws_iam_openid_connect_provider.github.arn".into()),
            }],
            conditions: vec![Cond {
                test: Val::Known("StringLike".into()),
                variable: Val::Known("token.actions.githubusercontent.com:sub".into()),
                values: Ok(vec![Val::Known("repo:o/r:*".into())]),
                site: None,
            }],
            ..Statement::default()
        };
        let unknowns = Unknowns {
            code: oidc_trust::codes::UNKNOWN_UNTIL_APPLY,
            lead: "known after apply",
            help: "plan again",
        };
        let (mut map, mut notes) = (SourceMap::default(), Vec::new());
        let doc = render(&[st], unknowns, &mut map, &mut notes);
        assert_eq!(
            doc["Statement"][0]["Principal"]["Federated"],
            "${aws_iam_openid_connect_provider.github.arn}"
        );
        assert_eq!(doc["Statement"][0]["Effect"], "Allow");
        assert_eq!(
            doc["Statement"][0]["Condition"]["StringLike"]["token.actions.githubusercontent.com:sub"],
            json!(["repo:o/r:*"])
        );
        assert_eq!(notes.len(), 1);
        assert!(
            notes[0]
                .message
                .starts_with("known after apply: `Statement/0/Principal/Federated`")
        );
    }
}
