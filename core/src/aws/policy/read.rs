//! Reading a role trust policy into data the evaluator can run, with every problem reported
//! as a located [`Diagnostic`] rather than a failure: a policy with one bad statement still
//! evaluates the others, as far as AWS would.

use super::{
    Condition, ConditionValue, Effect, Operator, Patterns, Principal, Statement, TrustPolicy,
};
use crate::codes;
use crate::diagnostic::{Diagnostic, Edit, Severity, Source, pointer_child};
use crate::json::{self, Member, Node, Span, Value};
use crate::paste::{self, Adjustment};

/// The outcome of reading a policy: the policy, if its JSON could be read, and everything
/// found wrong with it.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedPolicy {
    /// The policy; `None` only when the text is not a JSON object.
    pub policy: Option<TrustPolicy>,
    /// Problems, in document order.
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads a role trust policy.
pub fn parse_policy(text: &str) -> ParsedPolicy {
    read(text, PolicyKind::Trust)
}

/// Reads a resource control policy (AWS Organizations UG, "RCP syntax"): `Principal` must
/// be `"*"`, `Resource` is required, `NotPrincipal` is not supported, and `Allow` is only
/// supported in `RCPFullAWSAccess` (so a custom RCP only denies).
pub fn parse_rcp(text: &str) -> ParsedPolicy {
    read(text, PolicyKind::Rcp)
}

fn read(text: &str, kind: PolicyKind) -> ParsedPolicy {
    let mut r = Reader {
        diagnostics: Vec::new(),
        variables: false,
        kind,
        source: match kind {
            PolicyKind::Trust => Source::Policy,
            PolicyKind::Rcp => Source::Rcp,
        },
    };
    let policy = match json::parse(text) {
        Ok(node) => r.document(&node),
        Err(e) => match paste::normalize_document(text) {
            // Pasted with CI-log timestamps, or URL-encoded: read the cleaned-up text, and
            // report every place in the text as pasted.
            Some(n) if json::parse(&n.text).is_ok() => {
                let mut parsed = read(&n.text, kind);
                parsed.remap(|s| n.map.span(s, text));
                let notes: Vec<Diagnostic> = n
                    .adjustments
                    .iter()
                    .map(|a| {
                        a.finding(r.source, kind.noun()).with_edit(Some(Edit {
                            title: "replace with the cleaned-up text".to_owned(),
                            span: whole(text),
                            replacement: n.text.clone(),
                        }))
                    })
                    .collect();
                parsed.diagnostics.splice(0..0, notes);
                return parsed;
            }
            _ => {
                r.diagnostics.push(not_json(text, &e, kind, r.source));
                None
            }
        },
    };
    ParsedPolicy {
        policy,
        diagnostics: r.diagnostics,
    }
}

/// The span of a whole text.
fn whole(text: &str) -> Span {
    Span {
        start: 0,
        end: text.len(),
        line: 1,
        column: 1,
    }
}

/// The finding for a text that is not JSON: the reader's message, or the typographic
/// quotes that caused it, named, with the edit that straightens them.
fn not_json(text: &str, e: &json::SyntaxError, kind: PolicyKind, source: Source) -> Diagnostic {
    let noun = kind.noun();
    match paste::curly_quotes(text) {
        Some(q) => Diagnostic::new(
            codes::INVALID_POLICY_JSON,
            Severity::Error,
            source,
            format!(
                "{noun} is not JSON: typographic quote `{}` at line {} column {}: replace `“` and `”` with `\"`",
                q.found, q.first.line, q.first.column
            ),
        )
        .at("", Some(q.first))
        .help("text copied from a wiki, a chat or a word processor gets curly quotes; JSON (and IAM) takes only straight `\"`")
        .with_edit(Some(Edit {
            title: "straighten the quotes".to_owned(),
            span: q.range,
            replacement: q.replacement,
        })),
        None => Diagnostic::new(
            codes::INVALID_POLICY_JSON,
            Severity::Error,
            source,
            format!("{noun} is not JSON: {e}"),
        )
        .at("", Some(e.span)),
    }
}

/// The policy document in a parsed text: the text itself, or, for `aws iam get-role`
/// output, its `Role.AssumeRolePolicyDocument` (or a bare `AssumeRolePolicyDocument`
/// member) when that is an object. The second value says whether it was unwrapped.
pub fn document_node<'n>(node: &'n Node<'n>) -> (&'n Node<'n>, bool) {
    let member = |n: &'n Node<'n>, key: &str| -> Option<&'n Node<'n>> {
        n.as_object()?
            .iter()
            .find(|m| m.key == key)
            .map(|m| &m.node)
    };
    let inner = member(node, "Role")
        .and_then(|role| member(role, "AssumeRolePolicyDocument"))
        .or_else(|| member(node, "AssumeRolePolicyDocument"))
        .filter(|d| d.as_object().is_some());
    match inner {
        Some(d) if member(node, "Statement").is_none() => (d, true),
        _ => (node, false),
    }
}

impl ParsedPolicy {
    /// Moves every place in the answer with `f` (from a cleaned-up text to the pasted one).
    fn remap(&mut self, f: impl Fn(Span) -> Span) {
        for d in &mut self.diagnostics {
            d.span = d.span.map(&f);
        }
        for st in self.policy.iter_mut().flat_map(|p| p.statements.iter_mut()) {
            st.span = f(st.span);
            for c in &mut st.conditions {
                c.span = f(c.span);
            }
        }
    }
}

/// Which kind of policy a text is read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PolicyKind {
    /// A role trust policy.
    Trust,
    /// A resource control policy.
    Rcp,
}

impl PolicyKind {
    fn noun(self) -> &'static str {
        match self {
            PolicyKind::Trust => "the trust policy",
            PolicyKind::Rcp => "the RCP",
        }
    }
}

struct Reader {
    diagnostics: Vec<Diagnostic>,
    kind: PolicyKind,
    /// The source of every finding.
    source: Source,
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
    /// Reads a parsed text: the policy, or the one `get-role` output wraps (saying so).
    fn document(&mut self, node: &Node<'_>) -> Option<TrustPolicy> {
        let (doc, unwrapped) = match self.kind {
            PolicyKind::Trust => document_node(node),
            PolicyKind::Rcp => (node, false),
        };
        if unwrapped {
            self.diagnostics
                .push(Adjustment::RoleWrapper.finding(self.source, self.kind.noun()));
        }
        self.policy(doc)
    }

    fn error(&mut self, pointer: &str, span: Span, message: String) {
        self.diagnostics.push(
            Diagnostic::new(codes::INVALID_POLICY, Severity::Error, self.source, message)
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
            let here = || pointer_child(pointer, &m.key);
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
                        self.source,
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
                    "{} is {}, expected a JSON object",
                    self.kind.noun(),
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
                                self.source,
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
                format!("{} has no `Statement`", self.kind.noun()),
            );
        }
        let policy = TrustPolicy {
            version,
            variables: self.variables,
            statements,
        };
        if policy.variables {
            self.warn_unsupported_variables(&policy);
        } else {
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
                        self.source,
                        format!("`${{...}}` in `{}` is literal text because `Version` is not `2012-10-17`", c.key),
                    )
                    .at(&c.pointer, Some(c.span))
                    .help("add \"Version\": \"2012-10-17\" for policy variables to be substituted"),
                );
            }
        }
    }

    /// `${...}` under an operator that takes no policy variables (numbers, dates, binary,
    /// addresses, `Null`): literal text, so the condition never matches what was meant.
    fn warn_unsupported_variables(&mut self, policy: &TrustPolicy) {
        for c in policy.statements.iter().flat_map(|s| &s.conditions) {
            let Some(op) = c.operator else { continue };
            if !op.takes_variables() && c.texts().any(|v| v.contains("${")) {
                self.diagnostics.push(
                    Diagnostic::new(
                        codes::POLICY_VARIABLE_NOT_SUPPORTED,
                        Severity::Warning,
                        self.source,
                        format!(
                            "`${{...}}` in `{}` is literal text: `{}` takes no policy variables",
                            c.key, c.operator_name
                        ),
                    )
                    .at(&c.pointer, Some(c.span))
                    .help("only the string, `Bool` and ARN operators substitute policy variables; write the value itself"),
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
            action: Patterns::default(),
            resource: None,
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
                "NotPrincipal" if self.kind == PolicyKind::Rcp => {
                    saw_principal = true;
                    self.rcp_error(
                        &here(),
                        m.key_span,
                        "`NotPrincipal` is not supported in a resource control policy",
                        "write \"Principal\": \"*\" and narrow who is denied with conditions",
                    );
                    st.invalid =
                        Some("it uses `NotPrincipal`, which RCPs do not support".to_owned());
                }
                "NotPrincipal" => {
                    saw_principal = true;
                    self.diagnostics.push(
                        Diagnostic::new(
                            codes::NOT_PRINCIPAL_IN_TRUST_POLICY,
                            Severity::Error,
                            self.source,
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
                    st.action = Patterns::actions(
                        m.key == "NotAction",
                        self.strings(&m.node, here, &m.key),
                    );
                }
                "Resource" | "NotResource" if self.kind == PolicyKind::Rcp => {
                    if st.resource.is_some() {
                        self.error(
                            &here(),
                            m.key_span,
                            "a statement has both `Resource` and `NotResource`".to_owned(),
                        );
                    }
                    st.resource = Some(Patterns::resources(
                        m.key == "NotResource",
                        self.strings(&m.node, here, &m.key),
                    ));
                }
                "Resource" | "NotResource" => {
                    self.diagnostics.push(
                        Diagnostic::new(
                            codes::RESOURCE_IN_TRUST_POLICY,
                            Severity::Error,
                            self.source,
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
        if self.kind == PolicyKind::Rcp {
            self.rcp_rules(&mut st, node.span);
        }
        Some(st)
    }

    /// What AWS Organizations requires of an RCP statement beyond the policy grammar.
    fn rcp_rules(&mut self, st: &mut Statement, span: Span) {
        let pointer = st.pointer.clone();
        if st.resource.is_none() {
            self.rcp_error(
                &pointer,
                span,
                "an RCP statement has no `Resource`",
                "add \"Resource\": \"*\" (or the ARNs of the roles it covers)",
            );
            st.invalid = Some("it has no `Resource`".to_owned());
        }
        if !matches!(st.principal, Principal::Any | Principal::None) {
            self.rcp_error(
                &format!("{pointer}/Principal"),
                span,
                "an RCP's `Principal` must be `\"*\"`",
                "write \"Principal\": \"*\" and narrow who is denied with conditions",
            );
            st.invalid = Some("its `Principal` is not `\"*\"`".to_owned());
        }
        let full_access = st.principal == Principal::Any
            && st.action.patterns == ["*"]
            && st.resource.as_ref().is_some_and(|r| r.patterns == ["*"])
            && st.conditions.is_empty();
        if st.effect == Some(Effect::Allow) && !full_access {
            self.rcp_error(
                &pointer,
                span,
                "`Allow` is only supported in `RCPFullAWSAccess`: a custom RCP can only deny",
                "write the statement as a `Deny` of what must not happen, with negated conditions (`StringNotEqualsIfExists` and a `Null` guard, as in AWS's data-perimeter examples)",
            );
            st.invalid = Some("it is an `Allow`, which only `RCPFullAWSAccess` may be".to_owned());
        }
    }

    fn rcp_error(&mut self, pointer: &str, span: Span, message: &str, help: &str) {
        self.diagnostics.push(
            Diagnostic::new(
                codes::INVALID_RCP,
                Severity::Error,
                self.source,
                message.to_owned(),
            )
            .at(pointer, Some(span))
            .help(help),
        );
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
                            let here = || pointer_child(&pointer, &m.key);
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
            let op_pointer = pointer_child(pointer, &op.key);
            let operator = Operator::parse(&op.key);
            if operator.is_none() {
                let help = suggest_operator(&op.key);
                let mut d = Diagnostic::new(
                    codes::UNKNOWN_CONDITION_OPERATOR,
                    Severity::Error,
                    self.source,
                    format!(
                        "unknown condition operator `{}` (AWS: `Invalid Condition type : {}`)",
                        op.key, op.key
                    ),
                )
                .at(&op_pointer, Some(op.key_span));
                if let Some(h) = help {
                    d = d.help(h);
                }
                self.diagnostics.push(d);
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
                let here = pointer_child(&op_pointer, &k.key);
                let key_lower = k.key.to_lowercase();
                if seen_lower.contains(&key_lower) {
                    self.diagnostics.push(
                        Diagnostic::new(
                            codes::DUPLICATE_JSON_KEY,
                            Severity::Warning,
                            self.source,
                            format!("`{}` repeats a key of this `{}` block that differs only in case (keys are case-insensitive)", k.key, op.key),
                        )
                        .at(&here, Some(k.key_span)),
                    );
                }
                seen_lower.push(key_lower.clone());
                let like = operator.is_some_and(Operator::is_like);
                let variables = self.variables && operator.is_none_or(Operator::takes_variables);
                let values = self
                    .condition_values(&k.node, &here)
                    .into_iter()
                    .map(|v| ConditionValue::new(v, like, variables))
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
    use crate::aws::policy::{BaseOperator, SetQualifier};

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
