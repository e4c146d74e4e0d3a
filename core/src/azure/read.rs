//! Reading federated identity credentials as Entra ID's tools print them (semantics
//! reference 1.1), into one list:
//!
//! - a bare array: `az ad app federated-credential list`, `az identity federated-credential
//!   list` (ARM's properties flattened, with `type`);
//! - `{"value": [...]}`: a Microsoft Graph collection (`@odata.context`), or an ARM list
//!   response whose items hold their fields in `properties`;
//! - one object: a Graph credential, `az ... federated-credential show`, an ARM resource
//!   (`{"name", "properties": {...}}`);
//! - an ARM template: its `Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials`
//!   resources.
//!
//! Every problem is a located diagnostic. A credential Entra ID would refuse to save gets an
//! error; one that cannot be evaluated as written (no issuer, not exactly one audience,
//! both or neither of `subject` and `claimsMatchingExpression`, an expression that does not
//! parse) is kept, marked [`Credential::invalid`], and left out of the evaluation.

use super::credential::{
    ClaimsExpression, Credential, CredentialSet, IdentityKind, Located, MAX_CREDENTIALS,
    MAX_VALUE_CHARS,
};
use super::expression;
use crate::codes;
use crate::diagnostic::{Diagnostic, Severity, Source, pointer_child};
use crate::json::{self, Member, Node, Span, Value};

/// What reading a credentials document gives: the credentials (`None` when the document is
/// not one of the shapes) and the findings, in document order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReadCredentials {
    /// The credentials.
    pub set: Option<CredentialSet>,
    /// Reading problems.
    pub diagnostics: Vec<Diagnostic>,
}

/// ARM's resource type of a managed identity's credential.
const ARM_TYPE: &str =
    "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials";

/// Fields of a credential object that are read.
const FIELDS: [&str; 6] = [
    "name",
    "issuer",
    "subject",
    "audiences",
    "description",
    "claimsMatchingExpression",
];

/// Fields the tools print around a credential, not read: Graph's `id`, ARM's resource
/// envelope, a template's resource keys.
const ENVELOPE: [&str; 14] = [
    "id",
    "type",
    "properties",
    "resourceGroup",
    "systemData",
    "apiVersion",
    "dependsOn",
    "location",
    "tags",
    "condition",
    "comments",
    "scope",
    "copy",
    "etag",
];

fn finding(
    code: &'static str,
    severity: Severity,
    message: String,
    at: &str,
    span: Span,
) -> Diagnostic {
    Diagnostic::new(code, severity, Source::Policy, message).at(at, Some(span))
}

fn member<'n, 'a>(members: &'n [Member<'a>], key: &str) -> Option<&'n Member<'a>> {
    // The last of duplicate keys wins, as in `serde_json` (and Entra's own JSON reader).
    members.iter().rev().find(|m| m.key == key)
}

/// Reads a credentials document (JSON text).
pub fn read(text: &str) -> ReadCredentials {
    let mut out = ReadCredentials::default();
    let root = match json::parse(text) {
        Ok(n) => n,
        Err(e) => {
            // `az ad app federated-credential list` fails on a flexible credential
            // (Azure/azure-workload-identity#373); its error is what gets pasted then.
            let help = if text.contains("subject[Nullable=False]") {
                "that is the error `az ad app federated-credential list` gives when the app has a flexible credential; list them with `az rest -m GET -u https://graph.microsoft.com/beta/applications/<object-id>/federatedIdentityCredentials`"
            } else {
                "paste what `az ad app federated-credential list --id <app>` or `az identity federated-credential list` prints"
            };
            out.diagnostics.push(
                finding(
                    codes::INVALID_CREDENTIALS,
                    Severity::Error,
                    format!("the credentials are not JSON: {}", e.message),
                    "",
                    e.span,
                )
                .help(help),
            );
            return out;
        }
    };
    let mut r = Reader {
        diagnostics: Vec::new(),
        identity: IdentityKind::Unknown,
    };
    let items: Vec<(String, &Node<'_>)> = match &root.value {
        Value::Array(items) => indexed("", items),
        Value::Object(members) => {
            r.duplicates(members, "");
            if let Some(m) = member(members, "value")
                && let Value::Array(items) = &m.node.value
            {
                if member(members, "@odata.context").is_some() {
                    r.identity = IdentityKind::Application;
                }
                indexed("/value", items)
            } else if let Some(m) = member(members, "resources")
                && let Value::Array(items) = &m.node.value
            {
                let found: Vec<(String, &Node<'_>)> = indexed("/resources", items)
                    .into_iter()
                    .filter(|(_, n)| {
                        n.as_object()
                            .and_then(|o| member(o, "type"))
                            .and_then(|t| t.node.as_str())
                            .is_some_and(|t| t.eq_ignore_ascii_case(ARM_TYPE))
                    })
                    .collect();
                if found.is_empty() {
                    r.diagnostics.push(finding(
                        codes::INVALID_CREDENTIALS,
                        Severity::Error,
                        format!("the ARM template has no `{ARM_TYPE}` resource"),
                        "/resources",
                        m.node.span,
                    ));
                    out.diagnostics = r.diagnostics;
                    return out;
                }
                found
            } else {
                vec![(String::new(), &root)]
            }
        }
        other => {
            out.diagnostics.push(finding(
                codes::INVALID_CREDENTIALS,
                Severity::Error,
                format!(
                    "the credentials are {}, expected a credential object or a list of them",
                    other.kind()
                ),
                "",
                root.span,
            ));
            return out;
        }
    };
    let mut credentials: Vec<Credential> = items
        .iter()
        .enumerate()
        .map(|(index, (pointer, node))| r.credential(index, pointer, node))
        .collect();
    r.set_rules(&credentials);
    // An identity holds at most 20: the rest cannot exist, so they admit nothing.
    for c in credentials.iter_mut().skip(MAX_CREDENTIALS) {
        c.invalid.get_or_insert_with(|| {
            format!("Entra ID holds at most {MAX_CREDENTIALS} credentials per identity")
        });
    }
    out.set = Some(CredentialSet {
        identity: r.identity,
        credentials,
    });
    out.diagnostics = r.diagnostics;
    out
}

fn indexed<'n, 'a>(pointer: &str, items: &'n [Node<'a>]) -> Vec<(String, &'n Node<'a>)> {
    items
        .iter()
        .enumerate()
        .map(|(i, n)| (format!("{pointer}/{i}"), n))
        .collect()
}

struct Reader {
    diagnostics: Vec<Diagnostic>,
    identity: IdentityKind,
}

/// Whether a credential name is one Entra ID saves: 3 to 120 characters of letters, digits,
/// `-` and `_`, the first a letter or digit (Graph's `federatedIdentityCredential.name`).
fn valid_name(name: &str) -> bool {
    let n = name.chars().count();
    (3..=120).contains(&n)
        && name.starts_with(|c: char| c.is_ascii_alphanumeric())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

impl Reader {
    fn error(&mut self, code: &'static str, message: String, at: &str, span: Span) {
        self.diagnostics
            .push(finding(code, Severity::Error, message, at, span));
    }

    fn error_with_help(&mut self, message: String, at: &str, span: Span, help: String) {
        self.diagnostics.push(
            finding(
                codes::INVALID_CREDENTIAL,
                Severity::Error,
                message,
                at,
                span,
            )
            .help(help),
        );
    }

    /// `duplicate-json-key` for keys an object repeats.
    fn duplicates(&mut self, members: &[Member<'_>], pointer: &str) {
        for (i, m) in members.iter().enumerate() {
            if members.iter().skip(i + 1).any(|o| o.key == m.key) {
                self.diagnostics.push(finding(
                    codes::DUPLICATE_JSON_KEY,
                    Severity::Warning,
                    format!(
                        "`{}` appears twice in this object; the last one is read",
                        m.key
                    ),
                    &pointer_child(pointer, &m.key),
                    m.key_span,
                ));
            }
        }
    }

    fn string(&mut self, m: &Member<'_>, pointer: &str, text_field: &str) -> Option<Located> {
        let at = pointer_child(pointer, &m.key);
        match &m.node.value {
            Value::String(s) => Some(Located {
                value: s.to_string(),
                verbatim: matches!(s, std::borrow::Cow::Borrowed(_)),
                pointer: at,
                span: m.node.span,
            }),
            Value::Null => None,
            other => {
                let kind = other.kind();
                self.error(
                    codes::INVALID_CREDENTIAL,
                    format!("`{text_field}` is {kind}, expected a string"),
                    &at,
                    m.node.span,
                );
                None
            }
        }
    }

    fn credential(&mut self, index: usize, pointer: &str, node: &Node<'_>) -> Credential {
        let mut c = Credential {
            index,
            pointer: pointer.to_owned(),
            span: node.span,
            fields: pointer.to_owned(),
            name: None,
            issuer: None,
            subject: None,
            audiences: Vec::new(),
            expression: None,
            invalid: None,
        };
        let Some(members) = node.as_object() else {
            let message = format!(
                "credential {index} is {}, expected a credential object",
                node.value.kind()
            );
            self.error(
                codes::INVALID_CREDENTIALS,
                message.clone(),
                pointer,
                node.span,
            );
            c.invalid = Some(message);
            return c;
        };
        self.duplicates(members, pointer);
        // ARM keeps the compared fields in `properties`; `az identity` flattens them.
        let arm = member(members, "properties").and_then(|m| m.node.as_object().map(|o| (m, o)));
        let typed = member(members, "type")
            .and_then(|t| t.node.as_str())
            .is_some_and(|t| t.eq_ignore_ascii_case(ARM_TYPE));
        if arm.is_some() || typed {
            self.identity = IdentityKind::ManagedIdentity;
        }
        let (fields, field_members): (String, &[Member<'_>]) = match arm {
            Some((m, props)) => {
                let at = pointer_child(pointer, &m.key);
                self.duplicates(props, &at);
                (at, props)
            }
            None => (pointer.to_owned(), members),
        };
        c.fields.clone_from(&fields);
        self.unknown_fields(members, pointer, arm.is_some());
        if arm.is_some() {
            self.unknown_fields(field_members, &fields, false);
        }
        // The name sits on the resource; a template writes `identity/credential`.
        if let Some(m) = member(members, "name") {
            c.name = self.string(m, pointer, "name");
            if let Some(n) = c.name.as_mut()
                && arm.is_some()
                && let Some((_, last)) = n.value.rsplit_once('/')
            {
                n.value = last.to_owned();
                n.verbatim = false;
            }
        }
        for m in field_members {
            match m.key.as_ref() {
                "issuer" => c.issuer = self.string(m, &fields, "issuer"),
                "subject" => c.subject = self.string(m, &fields, "subject"),
                "audiences" => c.audiences = self.audiences(m, &fields),
                "claimsMatchingExpression" => c.expression = self.expression(m, &fields),
                "description" => {
                    if let Some(d) = self.string(m, &fields, "description") {
                        self.length(&d, "description");
                    }
                }
                _ => {}
            }
        }
        self.validate(&mut c, members);
        c
    }

    /// `unknown-credential-field` for keys no tool prints on a credential.
    fn unknown_fields(&mut self, members: &[Member<'_>], pointer: &str, envelope_only: bool) {
        for m in members {
            let key = m.key.as_ref();
            if key.starts_with('@')
                || ENVELOPE.contains(&key)
                || (!envelope_only && FIELDS.contains(&key))
                || (envelope_only && key == "name")
            {
                continue;
            }
            let meant = FIELDS
                .iter()
                .find(|f| {
                    f.eq_ignore_ascii_case(key)
                        || f.strip_suffix('s')
                            .is_some_and(|s| s.eq_ignore_ascii_case(key))
                        || key
                            .strip_suffix('s')
                            .is_some_and(|k| f.eq_ignore_ascii_case(k))
                        || (key.eq_ignore_ascii_case("claims_matching_expression")
                            && **f == "claimsMatchingExpression")
                })
                .filter(|f| !(envelope_only && **f != "name"));
            let message = match meant {
                Some(f) => format!(
                    "`{key}` is not a credential field, so it is not read: did you mean `{f}`?"
                ),
                None => format!("`{key}` is not a credential field, so it is not read"),
            };
            self.diagnostics.push(
                finding(
                    codes::UNKNOWN_CREDENTIAL_FIELD,
                    Severity::Warning,
                    message,
                    &pointer_child(pointer, key),
                    m.key_span,
                )
                .help("a credential has `name`, `issuer`, `subject`, `audiences`, `description` and, for flexible credentials, `claimsMatchingExpression`"),
            );
        }
    }

    fn length(&mut self, l: &Located, field: &str) {
        let n = l.value.chars().count();
        if n > MAX_VALUE_CHARS {
            self.error(
                codes::INVALID_CREDENTIAL,
                format!("`{field}` has {n} characters; Entra ID saves at most {MAX_VALUE_CHARS}"),
                &l.pointer,
                l.span,
            );
        }
    }

    fn audiences(&mut self, m: &Member<'_>, pointer: &str) -> Vec<Located> {
        let at = pointer_child(pointer, &m.key);
        match &m.node.value {
            Value::Array(items) => items
                .iter()
                .enumerate()
                .filter_map(|(i, n)| {
                    let item = format!("{at}/{i}");
                    match &n.value {
                        Value::String(s) => Some(Located {
                            value: s.to_string(),
                            verbatim: matches!(s, std::borrow::Cow::Borrowed(_)),
                            pointer: item,
                            span: n.span,
                        }),
                        other => {
                            let kind = other.kind();
                            self.error(
                                codes::INVALID_CREDENTIAL,
                                format!("audience {i} is {kind}, expected a string"),
                                &item,
                                n.span,
                            );
                            None
                        }
                    }
                })
                .collect(),
            Value::String(s) => {
                self.error_with_help(
                    format!("`audiences` is a string, expected a list: `[\"{s}\"]`"),
                    &at,
                    m.node.span,
                    "read as a list of that one audience".to_owned(),
                );
                vec![Located {
                    value: s.to_string(),
                    verbatim: matches!(s, std::borrow::Cow::Borrowed(_)),
                    pointer: at,
                    span: m.node.span,
                }]
            }
            Value::Null => Vec::new(),
            other => {
                let kind = other.kind();
                self.error(
                    codes::INVALID_CREDENTIAL,
                    format!("`audiences` is {kind}, expected a list of one string"),
                    &at,
                    m.node.span,
                );
                Vec::new()
            }
        }
    }

    fn expression(&mut self, m: &Member<'_>, pointer: &str) -> Option<ClaimsExpression> {
        let at = pointer_child(pointer, &m.key);
        let text = match &m.node.value {
            Value::Null => return None,
            Value::String(_) => {
                self.error_with_help(
                    "`claimsMatchingExpression` is a string, expected `{\"value\": \"...\", \"languageVersion\": 1}`".to_owned(),
                    &at,
                    m.node.span,
                    "read as the expression's `value`".to_owned(),
                );
                self.string(m, pointer, "claimsMatchingExpression")?
            }
            Value::Object(members) => {
                self.duplicates(members, &at);
                match member(members, "languageVersion").map(|l| &l.node) {
                    Some(Node {
                        value: Value::Number("1"),
                        ..
                    }) => {}
                    Some(n) => {
                        self.error(
                            codes::INVALID_CREDENTIAL,
                            "`languageVersion` must be 1, the one version of the expression language".to_owned(),
                            &format!("{at}/languageVersion"),
                            n.span,
                        );
                    }
                    None => {
                        self.error(
                            codes::INVALID_CREDENTIAL,
                            "`claimsMatchingExpression` has no `languageVersion` (Graph requires it, always 1)".to_owned(),
                            &at,
                            m.node.span,
                        );
                    }
                }
                for k in members {
                    if k.key != "value" && k.key != "languageVersion" && !k.key.starts_with('@') {
                        self.diagnostics.push(finding(
                            codes::UNKNOWN_CREDENTIAL_FIELD,
                            Severity::Warning,
                            format!("`{}` is not a field of `claimsMatchingExpression`, so it is not read (it has `value` and `languageVersion`)", k.key),
                            &pointer_child(&at, &k.key),
                            k.key_span,
                        ));
                    }
                }
                let Some(v) = member(members, "value") else {
                    self.error(
                        codes::INVALID_CREDENTIAL,
                        "`claimsMatchingExpression` has no `value`".to_owned(),
                        &at,
                        m.node.span,
                    );
                    return None;
                };
                self.string(v, &at, "claimsMatchingExpression.value")?
            }
            other => {
                let kind = other.kind();
                self.error(
                    codes::INVALID_CREDENTIAL,
                    format!("`claimsMatchingExpression` is {kind}, expected `{{\"value\": \"...\", \"languageVersion\": 1}}`"),
                    &at,
                    m.node.span,
                );
                return None;
            }
        };
        let parsed = match expression::parse(&text.value) {
            Ok(e) => Some(e),
            Err(e) => {
                let column = text.value.get(..e.at).map_or(0, |s| s.chars().count()) + 1;
                let span = text.span_of(e.at, e.at);
                self.diagnostics.push(
                    finding(
                        codes::INVALID_CLAIMS_EXPRESSION,
                        Severity::Error,
                        format!("the expression does not parse at character {column}: {}", e.message),
                        &text.pointer,
                        span,
                    )
                    .help("the language is `claims['<name>'] eq '<value>'` or `claims['<name>'] matches '<pattern>'`, clauses joined by ` and `, single spaces, comparands in single quotes (`''` for a quote)"),
                );
                None
            }
        };
        Some(ClaimsExpression { text, parsed })
    }

    /// The rules Entra ID applies when a credential is saved, and whether the credential
    /// can be evaluated as written.
    fn validate(&mut self, c: &mut Credential, members: &[Member<'_>]) {
        let mi = self.identity == IdentityKind::ManagedIdentity;
        match &c.name {
            Some(n) if !valid_name(&n.value) => {
                let (message, at, span) = (
                    format!(
                        "the name `{}` is not one Entra ID saves: 3 to 120 letters, digits, `-` and `_`, starting with a letter or digit",
                        n.value
                    ),
                    n.pointer.clone(),
                    n.span,
                );
                if mi {
                    let help = format!(
                        "ARM answers `Federated Identity Credential name '{}' is invalid.`",
                        n.value
                    );
                    self.error_with_help(message, &at, span, help);
                } else {
                    self.error(codes::INVALID_CREDENTIAL, message, &at, span);
                }
            }
            None if member(members, "name").is_none() => {
                self.error(
                    codes::INVALID_CREDENTIAL,
                    format!("{} has no `name`, which Entra ID requires", c.label()),
                    &c.pointer,
                    c.span,
                );
            }
            _ => {}
        }
        let mut invalid = None;
        match &c.issuer {
            Some(i) if i.value.is_empty() => {
                let (at, span) = (i.pointer.clone(), i.span);
                self.error(
                    codes::INVALID_CREDENTIAL,
                    "`issuer` is empty".to_owned(),
                    &at,
                    span,
                );
                invalid = Some("its `issuer` is empty".to_owned());
            }
            Some(i) => {
                let i = i.clone();
                self.length(&i, "issuer");
            }
            None => {
                self.error(
                    codes::INVALID_CREDENTIAL,
                    format!("{} has no `issuer`, which Entra ID requires", c.label()),
                    &c.pointer,
                    c.span,
                );
                invalid = Some("it has no `issuer`".to_owned());
            }
        }
        let audiences_at = c.field_pointer("audiences");
        let audience_text = if mi {
            " (ARM answers `Federated identity credentials must have exactly one audience.`)"
        } else {
            ""
        };
        match c.audiences.as_slice() {
            [] => {
                self.error(
                    codes::INVALID_CREDENTIAL,
                    format!("{} has no audience; Entra ID takes exactly one, `api://AzureADTokenExchange`{audience_text}", c.label()),
                    &audiences_at,
                    c.span,
                );
                invalid.get_or_insert_with(|| "it has no audience".to_owned());
            }
            [one] => {
                let one = one.clone();
                self.length(&one, "audiences");
            }
            [_, second, ..] => {
                let (at, span) = (second.pointer.clone(), second.span);
                self.error(
                    codes::INVALID_CREDENTIAL,
                    format!(
                        "{} has {} audiences; Entra ID takes exactly one{audience_text}",
                        c.label(),
                        c.audiences.len()
                    ),
                    &at,
                    span,
                );
                invalid.get_or_insert_with(|| "it has more than one audience".to_owned());
            }
        }
        let subject = c.subject.as_ref().filter(|s| !s.value.is_empty());
        match (subject, &c.expression) {
            (Some(s), Some(_)) => {
                let (at, span) = (s.pointer.clone(), s.span);
                self.error_with_help(
                    "a credential has `subject` or `claimsMatchingExpression`, not both".to_owned(),
                    &at,
                    span,
                    "a flexible credential leaves `subject` null".to_owned(),
                );
                invalid.get_or_insert_with(|| {
                    "it has both `subject` and `claimsMatchingExpression`".to_owned()
                });
            }
            (None, None) => {
                let (message, at, span) = match &c.subject {
                    Some(s) => (
                        "`subject` is empty (`Property 'subject' cannot be empty.`)".to_owned(),
                        s.pointer.clone(),
                        s.span,
                    ),
                    None => (
                        format!(
                            "{} has neither `subject` nor `claimsMatchingExpression`",
                            c.label()
                        ),
                        c.pointer.clone(),
                        c.span,
                    ),
                };
                self.error(codes::INVALID_CREDENTIAL, message, &at, span);
                invalid
                    .get_or_insert_with(|| "it has neither a subject nor an expression".to_owned());
            }
            (Some(s), None) => {
                let s = s.clone();
                self.length(&s, "subject");
            }
            (None, Some(e)) => {
                if e.parsed.is_none() {
                    invalid.get_or_insert_with(|| "its expression does not parse".to_owned());
                }
            }
        }
        c.invalid = invalid;
    }

    /// The rules over the whole list: at most 20, issuer and subject unique, names unique.
    fn set_rules(&mut self, credentials: &[Credential]) {
        if let Some(extra) = credentials.get(MAX_CREDENTIALS) {
            self.diagnostics.push(
                finding(
                    codes::TOO_MANY_CREDENTIALS,
                    Severity::Error,
                    format!(
                        "{} credentials: Entra ID allows at most {MAX_CREDENTIALS} per application or user-assigned managed identity, so from {} on they cannot exist",
                        credentials.len(),
                        extra.label()
                    ),
                    &extra.pointer,
                    extra.span,
                )
                .help("merge credentials into a flexible one (`claimsMatchingExpression` with `matches`), or spread them over identities"),
            );
        }
        // Only the first 20 can exist, so only they can clash (which also keeps a hostile
        // list of thousands linear).
        let held = credentials.get(..MAX_CREDENTIALS).unwrap_or(credentials);
        for (i, c) in held.iter().enumerate() {
            let earlier = held.get(..i).unwrap_or_default();
            let same_pair = c.subject.as_ref().and_then(|s| {
                earlier.iter().find(|o| {
                    o.issuer() == c.issuer()
                        && o.subject.as_ref().is_some_and(|t| t.value == s.value)
                })
            });
            if let (Some(o), Some(s)) = (same_pair, &c.subject) {
                let text = if self.identity == IdentityKind::ManagedIdentity {
                    " (`Issuer and subject combination already exists for this Managed Identity.`)"
                } else {
                    ""
                };
                self.diagnostics.push(finding(
                    codes::DUPLICATE_CREDENTIAL,
                    Severity::Error,
                    format!(
                        "{} has the issuer and subject of {}, which Entra ID refuses{text}",
                        c.label(),
                        o.label()
                    ),
                    &s.pointer,
                    s.span,
                ));
            }
            if let Some(n) = &c.name
                && let Some(o) = earlier
                    .iter()
                    .find(|o| o.name.as_ref().is_some_and(|m| m.value == n.value))
            {
                self.diagnostics.push(finding(
                    codes::DUPLICATE_CREDENTIAL,
                    Severity::Error,
                    format!(
                        "{} has the name of {}; names are unique per identity",
                        c.label(),
                        o.label()
                    ),
                    &n.pointer,
                    n.span,
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::azure::credential::CredentialKind;

    fn codes_of(r: &ReadCredentials) -> Vec<&'static str> {
        r.diagnostics.iter().map(|d| d.code).collect()
    }

    #[test]
    fn reads_each_shape() {
        let one = r#"{"name": "main", "issuer": "https://token.actions.githubusercontent.com", "subject": "repo:o/r:ref:refs/heads/main", "audiences": ["api://AzureADTokenExchange"]}"#;
        let shapes = [
            (format!("[{one}]"), IdentityKind::Unknown, "/0"),
            (
                format!(r#"{{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#applications('x')/federatedIdentityCredentials", "value": [{one}]}}"#),
                IdentityKind::Application,
                "/value/0",
            ),
            (one.to_owned(), IdentityKind::Unknown, ""),
            (
                r#"{"name": "id/main", "type": "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials", "properties": {"issuer": "https://token.actions.githubusercontent.com", "subject": "repo:o/r:ref:refs/heads/main", "audiences": ["api://AzureADTokenExchange"]}}"#.to_owned(),
                IdentityKind::ManagedIdentity,
                "",
            ),
            (
                r#"{"resources": [{"type": "Microsoft.ManagedIdentity/userAssignedIdentities", "name": "id"}, {"type": "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials", "apiVersion": "2023-01-31", "name": "id/main", "properties": {"issuer": "https://token.actions.githubusercontent.com", "subject": "repo:o/r:ref:refs/heads/main", "audiences": ["api://AzureADTokenExchange"]}}]}"#.to_owned(),
                IdentityKind::ManagedIdentity,
                "/resources/1",
            ),
        ];
        for (text, identity, pointer) in shapes {
            let r = read(&text);
            assert!(r.diagnostics.is_empty(), "{text}: {:?}", r.diagnostics);
            let set = r.set.unwrap();
            assert_eq!(set.identity, identity, "{text}");
            let c = &set.credentials[0];
            assert_eq!(c.pointer, pointer);
            assert_eq!(c.name.as_ref().unwrap().value, "main");
            assert_eq!(c.kind(), CredentialKind::Classic);
            assert!(c.invalid.is_none());
        }
    }

    #[test]
    fn located_problems() {
        let r = read(
            "[{\"name\": \"x\", \"issuer\": \"https://i\", \"audience\": [\"a\"], \"subject\": \"s\"}]",
        );
        assert_eq!(
            codes_of(&r),
            [
                "unknown-credential-field",
                "invalid-credential",
                "invalid-credential"
            ]
        );
        assert!(
            r.diagnostics[0]
                .message
                .contains("did you mean `audiences`")
        );
        assert_eq!(r.diagnostics[0].pointer.as_deref(), Some("/0/audience"));
        let set = r.set.unwrap();
        assert_eq!(
            set.credentials[0].invalid.as_deref(),
            Some("it has no audience")
        );

        let r = read(
            r#"{"name": "flex", "issuer": "https://gitlab.com", "subject": null, "audiences": ["api://AzureADTokenExchange"], "claimsMatchingExpression": {"value": "claims['sub'] == 'x'", "languageVersion": 1}}"#,
        );
        assert_eq!(codes_of(&r), ["invalid-claims-expression"]);
        let d = &r.diagnostics[0];
        assert!(
            d.message
                .starts_with("the expression does not parse at character 15"),
            "{}",
            d.message
        );
        // The span points into the string, at the `==`.
        let span = d.span.unwrap();
        let text = r#"{"name": "flex", "issuer": "https://gitlab.com", "subject": null, "audiences": ["api://AzureADTokenExchange"], "claimsMatchingExpression": {"value": "claims['sub'] == 'x'", "languageVersion": 1}}"#;
        assert_eq!(text.get(span.start..span.start + 2), Some("=="));

        let r = read("[1, 2");
        assert_eq!(codes_of(&r), ["invalid-credentials"]);
        let r = read(
            "ERROR: The property 'subject[Nullable=False]' of type 'Edm.String' has a null value, which is not allowed.",
        );
        assert!(
            r.diagnostics[0]
                .help
                .as_deref()
                .unwrap_or_default()
                .contains("graph.microsoft.com/beta")
        );
        assert!(r.set.is_none());
        let r = read("\"x\"");
        assert_eq!(codes_of(&r), ["invalid-credentials"]);
    }

    #[test]
    fn set_rules() {
        let c = |i: usize| {
            format!(
                r#"{{"name": "c{i:02}", "issuer": "https://i", "subject": "s{}", "audiences": ["api://AzureADTokenExchange"]}}"#,
                i.min(18)
            )
        };
        let list: Vec<String> = (0..22).map(c).collect();
        let r = read(&format!("[{}]", list.join(",")));
        assert_eq!(
            codes_of(&r),
            ["too-many-credentials", "duplicate-credential"]
        );
        assert_eq!(r.diagnostics[0].pointer.as_deref(), Some("/20"));
        assert_eq!(r.diagnostics[1].pointer.as_deref(), Some("/19/subject"));
    }
}
