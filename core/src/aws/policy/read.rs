//! Reading a role trust policy into data the evaluator can run, with every problem reported
//! as a located [`Diagnostic`] rather than a failure: a policy with one bad statement still
//! evaluates the others, as far as AWS would.

use super::{
    Actions, BaseOperator, Condition, ConditionValue, Effect, Operator, Principal, Statement,
    TrustPolicy,
};
use crate::codes;
use crate::diagnostic::{Diagnostic, Severity, Source, pointer_escape};
use crate::json::{self, Member, Node, Span, Value};

/// The outcome of reading a policy: the policy, if its JSON could be read, and everything
/// found wrong with it.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedPolicy {
    /// The policy; `None` only when the text is not a JSON object.
    pub policy: Option<TrustPolicy>,
    /// Problems, in document order.
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads a trust policy.
pub fn parse_policy(text: &str) -> ParsedPolicy {
    let mut r = Reader {
        diagnostics: Vec::new(),
        variables: false,
    };
    let policy = match json::parse(text) {
        Ok(node) => r.policy(&node),
        Err(e) => {
            r.diagnostics.push(
                Diagnostic::new(
                    codes::INVALID_POLICY_JSON,
                    Severity::Error,
                    Source::Policy,
                    format!("the trust policy is not JSON: {e}"),
                )
                .at("", Some(e.span)),
            );
            None
        }
    };
    ParsedPolicy {
        policy,
        diagnostics: r.diagnostics,
    }
}

struct Reader {
    diagnostics: Vec<Diagnostic>,
    /// Whether policy variables are substituted (`Version` `2012-10-17`), known before the
    /// statements are read so each value is prepared once.
    variables: bool,
}

const TOP_LEVEL: &[&str] = &["Version", "Id", "Statement"];
const STATEMENT: &[&str] = &[
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
];

impl Reader {
    fn error(&mut self, pointer: &str, span: Span, message: String) {
        self.diagnostics.push(
            Diagnostic::new(
                codes::INVALID_POLICY,
                Severity::Error,
                Source::Policy,
                message,
            )
            .at(pointer, Some(span)),
        );
    }

    /// The members of an object, last-wins, warning about duplicates and unknown names.
    fn members<'n>(
        &mut self,
        members: &'n [Member<'n>],
        pointer: &str,
        known: Option<&[&str]>,
    ) -> Vec<&'n Member<'n>> {
        let mut out: Vec<&Member<'_>> = Vec::with_capacity(members.len());
        for m in members {
            let here = || format!("{pointer}/{}", pointer_escape(&m.key));
            if let Some(known) = known
                && !known.contains(&m.key.as_ref())
            {
                let help = known
                    .iter()
                    .find(|k| k.eq_ignore_ascii_case(&m.key))
                    .map(|k| format!("element names are case-sensitive: write `{k}`"));
                self.error(&here(), m.key_span, format!("unknown element `{}`", m.key));
                if let (Some(h), Some(d)) = (help, self.diagnostics.last_mut()) {
                    d.help = Some(h);
                }
                continue;
            }
            if let Some(i) = out.iter().position(|o| o.key == m.key) {
                self.diagnostics.push(
                    Diagnostic::new(
                        codes::DUPLICATE_JSON_KEY,
                        Severity::Warning,
                        Source::Policy,
                        format!(
                            "`{}` appears twice in one object; the last one is used",
                            m.key
                        ),
                    )
                    .at(&here(), Some(m.key_span)),
                );
                out.remove(i);
            }
            out.push(m);
        }
        out
    }

    fn policy(&mut self, node: &Node<'_>) -> Option<TrustPolicy> {
        let Some(top) = node.as_object() else {
            self.error(
                "",
                node.span,
                format!(
                    "the trust policy is {}, expected a JSON object",
                    node.value.kind()
                ),
            );
            return None;
        };
        let top = self.members(top, "", Some(TOP_LEVEL));
        self.variables = top
            .iter()
            .any(|m| m.key == "Version" && m.node.as_str() == Some("2012-10-17"));
        let mut version = None;
        let mut statements = Vec::new();
        let mut saw_statement = false;
        for m in &top {
            match m.key.as_ref() {
                "Version" => match m.node.as_str() {
                    Some(v @ ("2012-10-17" | "2008-10-17")) => version = Some(v.to_owned()),
                    other => {
                        let shown = other
                            .map_or_else(|| m.node.value.kind().to_owned(), |s| format!("`{s}`"));
                        self.diagnostics.push(
                            Diagnostic::new(
                                codes::UNSUPPORTED_VERSION,
                                Severity::Error,
                                Source::Policy,
                                format!("`Version` is {shown}, expected `2012-10-17` or `2008-10-17`"),
                            )
                            .at("/Version", Some(m.node.span))
                            .help("AWS refuses to save a policy with any other version; use `2012-10-17`"),
                        );
                        version = other.map(str::to_owned);
                    }
                },
                "Statement" => {
                    saw_statement = true;
                    match &m.node.value {
                        Value::Object(_) => {
                            statements.extend(self.statement(&m.node, "/Statement"));
                        }
                        Value::Array(items) => {
                            for (i, item) in items.iter().enumerate() {
                                statements.extend(self.statement(item, &format!("/Statement/{i}")));
                            }
                        }
                        other => self.error(
                            "/Statement",
                            m.node.span,
                            format!(
                                "`Statement` is {}, expected an object or an array of objects",
                                other.kind()
                            ),
                        ),
                    }
                }
                _ => {}
            }
        }
        if !saw_statement {
            self.error(
                "",
                node.span,
                "the trust policy has no `Statement`".to_owned(),
            );
        }
        let policy = TrustPolicy {
            version,
            variables: self.variables,
            statements,
        };
        if !policy.variables {
            self.warn_literal_variables(&policy);
        }
        Some(policy)
    }

    fn warn_literal_variables(&mut self, policy: &TrustPolicy) {
        for c in policy.statements.iter().flat_map(|s| &s.conditions) {
            if c.texts().any(|v| v.contains("${")) {
                self.diagnostics.push(
                    Diagnostic::new(
                        codes::POLICY_VARIABLE_IN_LEGACY_VERSION,
                        Severity::Warning,
                        Source::Policy,
                        format!("`${{...}}` in `{}` is literal text because `Version` is not `2012-10-17`", c.key),
                    )
                    .at(&c.pointer, Some(c.span))
                    .help("add \"Version\": \"2012-10-17\" for policy variables to be substituted"),
                );
            }
        }
    }

    fn statement(&mut self, node: &Node<'_>, pointer: &str) -> Option<Statement> {
        let Some(members) = node.as_object() else {
            self.error(
                pointer,
                node.span,
                format!("a statement is {}, expected an object", node.value.kind()),
            );
            return None;
        };
        let members = self.members(members, pointer, Some(STATEMENT));
        let mut st = Statement {
            sid: None,
            effect: None,
            principal: Principal::None,
            action: Actions::default(),
            conditions: Vec::new(),
            invalid: None,
            pointer: pointer.to_owned(),
            span: node.span,
        };
        let (mut saw_effect, mut saw_principal, mut saw_action) = (false, false, false);
        for m in members {
            // The member's pointer, written only when needed (statement keys need no escape).
            let here = || format!("{pointer}/{}", m.key);
            match m.key.as_ref() {
                "Sid" => st.sid = m.node.as_str().map(str::to_owned),
                "Effect" => {
                    saw_effect = true;
                    st.effect = match m.node.as_str() {
                        Some("Allow") => Some(Effect::Allow),
                        Some("Deny") => Some(Effect::Deny),
                        _ => {
                            self.error(
                                &here(),
                                m.node.span,
                                format!(
                                    "`Effect` is {}, expected `Allow` or `Deny`",
                                    m.node.as_str().map_or_else(
                                        || m.node.value.kind().to_owned(),
                                        |s| format!("`{s}`")
                                    )
                                ),
                            );
                            None
                        }
                    };
                }
                "Principal" => {
                    saw_principal = true;
                    st.principal = self.principal(&m.node, here);
                }
                "NotPrincipal" => {
                    saw_principal = true;
                    self.diagnostics.push(
                        Diagnostic::new(
                            codes::NOT_PRINCIPAL_IN_TRUST_POLICY,
                            Severity::Error,
                            Source::Policy,
                            "`NotPrincipal` is not allowed in a role trust policy".to_owned(),
                        )
                        .at(&here(), Some(m.key_span))
                        .help("AWS refuses to save it; name the trusted provider under `Principal` `Federated`"),
                    );
                    st.invalid = Some(
                        "it uses `NotPrincipal`, which AWS does not allow in a trust policy"
                            .to_owned(),
                    );
                }
                "Action" | "NotAction" => {
                    if saw_action {
                        self.error(
                            &here(),
                            m.key_span,
                            "a statement has both `Action` and `NotAction`".to_owned(),
                        );
                    }
                    saw_action = true;
                    st.action =
                        Actions::new(m.key == "NotAction", self.strings(&m.node, here, &m.key));
                }
                "Resource" | "NotResource" => {
                    self.diagnostics.push(
                        Diagnostic::new(
                            codes::RESOURCE_IN_TRUST_POLICY,
                            Severity::Error,
                            Source::Policy,
                            format!("`{}` is not allowed in a role trust policy (AWS: `Has prohibited field {}`)", m.key, m.key),
                        )
                        .at(&here(), Some(m.key_span))
                        .help("remove it: in a trust policy the role itself is the resource"),
                    );
                }
                "Condition" => st.conditions = self.conditions(&m.node, &here()),
                _ => {}
            }
        }
        if !saw_effect {
            self.error(pointer, node.span, "a statement has no `Effect`".to_owned());
        }
        if !saw_principal {
            self.error(
                pointer,
                node.span,
                "a statement has no `Principal`".to_owned(),
            );
        }
        if !saw_action {
            self.error(pointer, node.span, "a statement has no `Action`".to_owned());
        }
        Some(st)
    }

    fn principal(&mut self, node: &Node<'_>, pointer: impl Fn() -> String) -> Principal {
        match &node.value {
            Value::String(s) if s == "*" => Principal::Any,
            Value::Object(members) => {
                let pointer = pointer();
                let members = self.members(members, &pointer, None);
                Principal::Map(
                    members
                        .iter()
                        .map(|m| {
                            let here = || format!("{pointer}/{}", pointer_escape(&m.key));
                            (m.key.to_string(), self.strings(&m.node, here, &m.key))
                        })
                        .collect(),
                )
            }
            other => {
                self.error(&pointer(), node.span, format!(
                    "`Principal` is {}, expected an object such as {{\"Federated\": \"arn:aws:iam::123456789012:oidc-provider/...\"}}",
                    match other { Value::String(s) => format!("`{s}`"), o => o.kind().to_owned() }
                ));
                Principal::None
            }
        }
    }

    /// A string or an array of strings; `pointer` writes the node's pointer for a finding.
    fn strings(
        &mut self,
        node: &Node<'_>,
        pointer: impl Fn() -> String,
        what: &str,
    ) -> Vec<String> {
        match &node.value {
            Value::String(s) => vec![s.to_string()],
            Value::Array(items) => items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| {
                    if let Some(s) = item.as_str() {
                        Some(s.to_owned())
                    } else {
                        self.error(
                            &format!("{}/{i}", pointer()),
                            item.span,
                            format!(
                                "an entry of `{what}` is {}, expected a string",
                                item.value.kind()
                            ),
                        );
                        None
                    }
                })
                .collect(),
            other => {
                self.error(
                    &pointer(),
                    node.span,
                    format!(
                        "`{what}` is {}, expected a string or an array of strings",
                        other.kind()
                    ),
                );
                Vec::new()
            }
        }
    }

    fn conditions(&mut self, node: &Node<'_>, pointer: &str) -> Vec<Condition> {
        let Some(ops) = node.as_object() else {
            self.error(
                pointer,
                node.span,
                format!("`Condition` is {}, expected an object", node.value.kind()),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for op in self.members(ops, pointer, None) {
            let op_pointer = format!("{pointer}/{}", pointer_escape(&op.key));
            let operator = Operator::parse(&op.key);
            match operator {
                None => {
                    let help = suggest_operator(&op.key);
                    let mut d = Diagnostic::new(
                        codes::UNKNOWN_CONDITION_OPERATOR,
                        Severity::Error,
                        Source::Policy,
                        format!("unknown condition operator `{}` (AWS: `Invalid Condition type : {}`)", op.key, op.key),
                    )
                    .at(&op_pointer, Some(op.key_span));
                    if let Some(h) = help {
                        d = d.help(h);
                    }
                    self.diagnostics.push(d);
                }
                Some(o) if o.base == BaseOperator::Unmodelled => self.diagnostics.push(
                    Diagnostic::new(
                        codes::UNMODELLED_CONDITION_OPERATOR,
                        Severity::Warning,
                        Source::Policy,
                        format!("`{}` is not evaluated by oidc-trust; statements that depend on it are reported as undecided", op.key),
                    )
                    .at(&op_pointer, Some(op.key_span)),
                ),
                Some(_) => {}
            }
            let Some(keys) = op.node.as_object() else {
                self.error(
                    &op_pointer,
                    op.node.span,
                    format!(
                        "the `{}` block is {}, expected an object of condition keys",
                        op.key,
                        op.node.value.kind()
                    ),
                );
                continue;
            };
            let keys = self.members(keys, &op_pointer, None);
            let mut seen_lower: Vec<String> = Vec::new();
            for k in keys {
                let here = format!("{op_pointer}/{}", pointer_escape(&k.key));
                let key_lower = k.key.to_lowercase();
                if seen_lower.contains(&key_lower) {
                    self.diagnostics.push(
                        Diagnostic::new(
                            codes::DUPLICATE_JSON_KEY,
                            Severity::Warning,
                            Source::Policy,
                            format!("`{}` repeats a key of this `{}` block that differs only in case (keys are case-insensitive)", k.key, op.key),
                        )
                        .at(&here, Some(k.key_span)),
                    );
                }
                seen_lower.push(key_lower.clone());
                let like = operator.is_some_and(Operator::is_like);
                let values = self
                    .condition_values(&k.node, &here)
                    .into_iter()
                    .map(|v| ConditionValue::new(v, like, self.variables))
                    .collect();
                out.push(Condition {
                    operator_name: op.key.to_string(),
                    operator,
                    key: k.key.to_string(),
                    key_lower,
                    values,
                    pointer: here,
                    span: Span {
                        end: k.node.span.end,
                        ..k.key_span
                    },
                });
            }
        }
        out
    }

    fn condition_values(&mut self, node: &Node<'_>, pointer: &str) -> Vec<String> {
        fn scalar(v: &Value<'_>) -> Option<String> {
            match v {
                Value::String(s) => Some(s.to_string()),
                Value::Number(n) => Some((*n).to_owned()),
                Value::Bool(b) => Some(b.to_string()),
                _ => None,
            }
        }
        match &node.value {
            Value::Array(items) => items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| {
                    let v = scalar(&item.value);
                    if v.is_none() {
                        self.error(
                            &format!("{pointer}/{i}"),
                            item.span,
                            format!(
                                "a condition value is {}, expected a string, number or boolean",
                                item.value.kind()
                            ),
                        );
                    }
                    v
                })
                .collect(),
            other => {
                if let Some(v) = scalar(other) {
                    vec![v]
                } else {
                    self.error(pointer, node.span, format!(
                    "a condition value is {}, expected a string, number, boolean or an array of them", other.kind()
                ));
                    Vec::new()
                }
            }
        }
    }
}

/// Suggests the operator someone probably meant.
fn suggest_operator(name: &str) -> Option<String> {
    const ALL: &[&str] = &[
        "StringEquals",
        "StringNotEquals",
        "StringEqualsIgnoreCase",
        "StringNotEqualsIgnoreCase",
        "StringLike",
        "StringNotLike",
        "Bool",
        "Null",
        "NumericEquals",
    ];
    for q in ["ForAnyValue", "ForAllValues"] {
        if let Some(rest) = name.strip_prefix(q)
            && !rest.starts_with(':')
            && Operator::parse(rest).is_some()
        {
            return Some(format!("write `{q}:{rest}`, with a colon"));
        }
    }

    let lower = name.to_lowercase();
    ALL.iter()
        .find(|o| {
            lower.ends_with(&o.to_lowercase())
                || lower.trim_end_matches("ifexists") == o.to_lowercase()
        })
        .map(|o| format!("operator names are case-sensitive: did you mean `{o}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::policy::SetQualifier;

    fn codes_of(text: &str) -> Vec<&'static str> {
        parse_policy(text)
            .diagnostics
            .iter()
            .map(|d| d.code)
            .collect()
    }

    #[test]
    fn operators() {
        let o = Operator::parse("ForAllValues:StringNotLikeIfExists").unwrap();
        assert_eq!(o.base, BaseOperator::StringNotLike);
        assert!(o.if_exists);
        assert_eq!(o.set, Some(SetQualifier::ForAllValues));
        assert_eq!(Operator::parse("Null").unwrap().base, BaseOperator::Null);
        assert!(Operator::parse("NullIfExists").is_none());
        assert!(Operator::parse("stringequals").is_none());
        assert!(Operator::parse("ForAllValuesStringEquals").is_none());
        assert_eq!(
            suggest_operator("ForAllValuesStringEquals").unwrap(),
            "write `ForAllValues:StringEquals`, with a colon"
        );
    }

    #[test]
    fn statement_as_object_or_array_and_locations() {
        let p = parse_policy(
            r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Federated":"x"},
            "Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringLike":{"a:sub":["x*",7,true]}}}}"#,
        );
        assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
        let pol = p.policy.unwrap();
        let c = &pol.statements[0].conditions[0];
        assert_eq!(c.pointer, "/Statement/Condition/StringLike/a:sub");
        assert!(c.texts().eq(["x*", "7", "true"]));
        assert_eq!(c.span.line, 2);
    }

    #[test]
    fn problems_are_reported_not_fatal() {
        assert_eq!(codes_of("{\"Statement\": [}"), ["invalid-policy-json"]);
        assert_eq!(
            codes_of(
                r#"{"Statement":[{"Effect":"Allow","NotPrincipal":{"AWS":"x"},"Action":"a","Resource":"*"}]}"#
            ),
            ["not-principal-in-trust-policy", "resource-in-trust-policy"]
        );
        assert_eq!(
            codes_of(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"allow","Principal":"*","Action":"a","Condition":{"StringEqual":{"k":"v"}}}]}"#
            ),
            ["invalid-policy", "unknown-condition-operator"]
        );
        assert_eq!(
            codes_of(
                r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"a","Condition":{"StringEquals":{"k":"${x}","K":"y"}}}]}"#
            ),
            ["duplicate-json-key", "policy-variable-in-legacy-version"]
        );
        assert_eq!(
            codes_of(r#"{"statement":[]}"#),
            ["invalid-policy", "invalid-policy"]
        );
        assert_eq!(codes_of("[]"), ["invalid-policy"]);
    }
}
