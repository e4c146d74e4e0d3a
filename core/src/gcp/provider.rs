//! A workload identity pool provider as `gcloud iam workload-identity-pools providers
//! describe PROVIDER --workload-identity-pool=POOL --location=global --format=json`
//! prints it (the REST resource `WorkloadIdentityPoolProvider`): its resource name, state,
//! issuer, allowed audiences, attribute mapping and attribute condition, each mapping and
//! the condition parsed as CEL. Every problem is a located [`Diagnostic`]: the JSON
//! pointer, the span in the text, and for CEL the character of the expression.

use crate::codes;
use crate::diagnostic::{Diagnostic, Severity, Source, pointer_child};
use crate::json::{self, Member, Node, Span};

use super::cel::{self, CelError, CelErrorKind, Env, Expr, Range, Value};

/// The provider's resource name,
/// `projects/NUMBER/locations/LOCATION/workloadIdentityPools/POOL/providers/PROVIDER`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderName {
    /// The project number (a project id here never matches a principal).
    pub project: String,
    /// The location (`global`).
    pub location: String,
    /// The pool id.
    pub pool: String,
    /// The provider id.
    pub provider: String,
}

impl ProviderName {
    /// Reads a resource name (with or without `//iam.googleapis.com/` or
    /// `https://iam.googleapis.com/` before it).
    pub fn parse(text: &str) -> Option<ProviderName> {
        let rest = text
            .strip_prefix("//iam.googleapis.com/")
            .or_else(|| text.strip_prefix("https://iam.googleapis.com/"))
            .unwrap_or(text);
        let mut parts = rest.split('/');
        let mut next = |label: &str| {
            (parts.next()? == label)
                .then(|| parts.next())
                .flatten()
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        let name = ProviderName {
            project: next("projects")?,
            location: next("locations")?,
            pool: next("workloadIdentityPools")?,
            provider: next("providers")?,
        };
        parts.next().is_none().then_some(name)
    }

    /// The resource name.
    pub fn resource(&self) -> String {
        format!(
            "projects/{}/locations/{}/workloadIdentityPools/{}/providers/{}",
            self.project, self.location, self.pool, self.provider
        )
    }

    /// The pool's resource name.
    pub fn pool_resource(&self) -> String {
        format!(
            "projects/{}/locations/{}/workloadIdentityPools/{}",
            self.project, self.location, self.pool
        )
    }

    /// The two audiences Google accepts when `allowedAudiences` is empty:
    /// `//iam.googleapis.com/<name>` and `https://iam.googleapis.com/<name>`.
    pub fn default_audiences(&self) -> [String; 2] {
        let r = self.resource();
        [
            format!("//iam.googleapis.com/{r}"),
            format!("https://iam.googleapis.com/{r}"),
        ]
    }
}

/// Where an expression is: its JSON pointer and span, and how to place a character of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Located {
    /// RFC 6901 pointer into the provider (`/attributeCondition`).
    pub pointer: String,
    /// The span of the JSON string.
    pub span: Span,
    /// The byte offset of the expression's first character in the provider text, when the
    /// JSON string has no escapes (so each character of the expression is one in the text).
    pub raw_start: Option<usize>,
}

impl Located {
    /// The span in the provider `text` of `range` of the expression: those characters when
    /// the JSON string has no escapes, else the whole string.
    pub fn span_of(&self, text: &str, range: Range) -> Span {
        self.raw_start.map_or(self.span, |start| {
            let s = start + range.start;
            let (line, column) = json::line_column(text, s);
            Span {
                start: s,
                end: start + range.end,
                line,
                column,
            }
        })
    }
}

/// One attribute mapping: `target` (`google.subject`, `google.groups`,
/// `attribute.NAME`) from a CEL expression over `assertion`.
#[derive(Debug, Clone, PartialEq)]
pub struct Mapping {
    /// The attribute mapped.
    pub target: String,
    /// The expression, as written.
    pub source: String,
    /// The expression, parsed; `None` if it could not be read (a diagnostic says why).
    pub expr: Option<Expr>,
    /// Where it is.
    pub at: Located,
}

/// The attribute condition.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    /// As written.
    pub source: String,
    /// Parsed; `None` if it could not be read.
    pub expr: Option<Expr>,
    /// Why not, when it is outside the modelled language (no verdict then).
    pub unsupported: bool,
    /// Where it is.
    pub at: Located,
}

/// A workload identity pool provider.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Provider {
    /// `name`, parsed.
    pub name: Option<ProviderName>,
    /// `state`: `ACTIVE`, `DELETED` (or `STATE_UNSPECIFIED`).
    pub state: Option<String>,
    /// `disabled`.
    pub disabled: bool,
    /// `oidc.issuerUri`; `None` for a provider without an `oidc` block.
    pub issuer_uri: Option<String>,
    /// `oidc.allowedAudiences`.
    pub allowed_audiences: Vec<String>,
    /// `attributeMapping`, in document order.
    pub mappings: Vec<Mapping>,
    /// `attributeCondition`, if set (an empty string is unset).
    pub condition: Option<Condition>,
    /// Whether a mapping or the condition is outside the modelled language.
    pub unsupported: bool,
    /// Whether a mapping or the condition is not CEL Google would save.
    pub invalid: bool,
    /// The kind of provider when it is not OIDC (`aws`, `saml`, `x509`).
    pub other_kind: Option<String>,
}

impl Provider {
    /// The mapping of `target`, if any.
    pub fn mapping(&self, target: &str) -> Option<&Mapping> {
        self.mappings.iter().find(|m| m.target == target)
    }
}

/// A provider as read, with what was found on the way.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReadProvider {
    /// The provider; `None` if the text is not a provider at all.
    pub provider: Option<Provider>,
    /// Problems, located.
    pub diagnostics: Vec<Diagnostic>,
    /// The text read (pointers and spans refer to it).
    pub text: String,
}

fn provider_error(message: String, pointer: &str, span: Option<Span>) -> Diagnostic {
    Diagnostic::new(
        codes::INVALID_GCP_PROVIDER,
        Severity::Error,
        Source::Providers,
        message,
    )
    .at(pointer, span)
}

/// The variables of a mapping (`assertion`) and of a condition (`assertion`, `google`,
/// `attribute`), for the static checks; values are filled at evaluation.
pub(crate) fn mapping_env(assertion: &Value) -> Env<'_> {
    Env::new(vec![("assertion", assertion)])
}

/// See [`mapping_env`].
pub(crate) fn condition_env<'a>(
    assertion: &'a Value,
    google: &'a Value,
    attribute: &'a Value,
) -> Env<'a> {
    Env::new(vec![
        ("assertion", assertion),
        ("google", google),
        ("attribute", attribute),
    ])
}

/// Reads a provider from its JSON text.
pub fn read(text: &str) -> ReadProvider {
    let mut out = ReadProvider {
        text: text.to_owned(),
        ..ReadProvider::default()
    };
    let root = match json::parse(text) {
        Ok(n) => n,
        Err(e) => {
            out.diagnostics.push(provider_error(
                format!("the provider is not JSON: {e}"),
                "",
                Some(e.span),
            ));
            return out;
        }
    };
    let Some(members) = root.as_object() else {
        out.diagnostics.push(provider_error(
            format!(
                "the provider is {}; expected the object `gcloud iam workload-identity-pools providers describe --format=json` prints",
                root.value.kind()
            ),
            "",
            Some(root.span),
        ));
        return out;
    };
    let mut p = Provider::default();
    duplicates(members, "", &mut out.diagnostics);
    for m in members {
        let pointer = pointer_child("", &m.key);
        match m.key.as_ref() {
            "name" => match m.node.as_str() {
                Some(s) => match ProviderName::parse(s) {
                    Some(n) => p.name = Some(n),
                    None => out.diagnostics.push(provider_error(
                        format!("`name` is `{s}`; expected `projects/NUMBER/locations/global/workloadIdentityPools/POOL/providers/PROVIDER`"),
                        &pointer,
                        Some(m.node.span),
                    )),
                },
                None => out.diagnostics.push(not_a(&m.node, "a string", &pointer)),
            },
            "state" => match m.node.as_str() {
                Some(s) => p.state = Some(s.to_owned()),
                None => out.diagnostics.push(not_a(&m.node, "a string", &pointer)),
            },
            "disabled" => match m.node.value {
                json::Value::Bool(b) => p.disabled = b,
                _ => out.diagnostics.push(not_a(&m.node, "a boolean", &pointer)),
            },
            "attributeMapping" => read_mappings(text, m, &pointer, &mut p, &mut out.diagnostics),
            "attributeCondition" => match m.node.as_str() {
                Some("") => {}
                Some(s) => p.condition = Some(read_condition(text, s, &m.node, &pointer, &mut p, &mut out.diagnostics)),
                None => out.diagnostics.push(not_a(&m.node, "a string", &pointer)),
            },
            "oidc" => read_oidc(&m.node, &pointer, &mut p, &mut out.diagnostics),
            "aws" | "saml" | "x509" => p.other_kind = Some(m.key.to_string()),
            "displayName" | "description" | "expireTime" | "etag" | "createTime"
            | "updateTime" | "uid" => {}
            other => out.diagnostics.push(
                Diagnostic::new(
                    codes::INVALID_GCP_PROVIDER,
                    Severity::Warning,
                    Source::Providers,
                    format!("`{other}` is not a field of a workload identity pool provider; it is ignored"),
                )
                .at(&pointer, Some(m.key_span)),
            ),
        }
    }
    if p.issuer_uri.is_none() && p.other_kind.is_none() {
        out.diagnostics.push(provider_error(
            "the provider has no `oidc.issuerUri`: only OIDC providers are modelled".to_owned(),
            "",
            Some(root.span),
        ));
    }
    if p.mappings.iter().all(|m| m.target != "google.subject") {
        out.diagnostics.push(provider_error(
            "`attributeMapping` does not map `google.subject`, which an OIDC provider must map (Google refuses to save it)".to_owned(),
            "/attributeMapping",
            members
                .iter()
                .find(|m| m.key == "attributeMapping")
                .map_or(Some(root.span), |m| Some(m.node.span)),
        )
        .help("add `\"google.subject\": \"assertion.sub\"`"));
    }
    out.provider = Some(p);
    out
}

fn not_a(node: &Node<'_>, what: &str, pointer: &str) -> Diagnostic {
    provider_error(
        format!(
            "`{}` is {}; expected {what}",
            pointer.trim_start_matches('/'),
            node.value.kind()
        ),
        pointer,
        Some(node.span),
    )
}

fn duplicates(members: &[Member<'_>], base: &str, out: &mut Vec<Diagnostic>) {
    for (i, m) in members.iter().enumerate() {
        if members.iter().take(i).any(|o| o.key == m.key) {
            out.push(
                Diagnostic::new(
                    codes::DUPLICATE_JSON_KEY,
                    Severity::Warning,
                    Source::Providers,
                    format!("`{}` appears twice; the last one is used", m.key),
                )
                .at(&pointer_child(base, &m.key), Some(m.key_span)),
            );
        }
    }
}

fn read_oidc(node: &Node<'_>, pointer: &str, p: &mut Provider, out: &mut Vec<Diagnostic>) {
    let Some(members) = node.as_object() else {
        out.push(not_a(node, "an object", pointer));
        return;
    };
    duplicates(members, pointer, out);
    for m in members {
        let at = pointer_child(pointer, &m.key);
        match m.key.as_ref() {
            "issuerUri" => match m.node.as_str() {
                Some(s) => {
                    if !s.starts_with("https://") {
                        out.push(provider_error(
                            format!("`oidc.issuerUri` is `{s}`; Google requires an HTTPS endpoint"),
                            &at,
                            Some(m.node.span),
                        ));
                    }
                    p.issuer_uri = Some(s.to_owned());
                }
                None => out.push(not_a(&m.node, "a string", &at)),
            },
            "allowedAudiences" => match &m.node.value {
                json::Value::Array(items) => {
                    if items.len() > 10 {
                        out.push(provider_error(
                            format!("`oidc.allowedAudiences` lists {} audiences; Google allows at most 10", items.len()),
                            &at,
                            Some(m.node.span),
                        ));
                    }
                    for (i, item) in items.iter().enumerate() {
                        match item.as_str() {
                            Some(a) => p.allowed_audiences.push(a.to_owned()),
                            None => out.push(not_a(item, "a string", &format!("{at}/{i}"))),
                        }
                    }
                }
                _ => out.push(not_a(&m.node, "an array of strings", &at)),
            },
            "jwksJson" => {}
            other => out.push(
                Diagnostic::new(
                    codes::INVALID_GCP_PROVIDER,
                    Severity::Warning,
                    Source::Providers,
                    format!("`{other}` is not a field of `oidc`; it is ignored"),
                )
                .at(&at, Some(m.key_span)),
            ),
        }
    }
}

/// Where the expression in a JSON string starts in the text, if the string has no escapes.
fn located(text: &str, node: &Node<'_>, pointer: &str) -> Located {
    let inner = text.get(node.span.start + 1..node.span.end.saturating_sub(1));
    let raw = inner.is_some_and(|i| Some(i) == node.as_str());
    Located {
        pointer: pointer.to_owned(),
        span: node.span,
        raw_start: raw.then_some(node.span.start + 1),
    }
}

/// The diagnostic for a CEL problem at `at`: the span of the offending characters when the
/// JSON string has no escapes, else the string's.
pub(crate) fn cel_diagnostic(
    text: &str,
    source: &str,
    at: &Located,
    what: &str,
    e: &CelError,
) -> Diagnostic {
    let (code, severity, tail) = match e.kind {
        CelErrorKind::Syntax => (
            codes::INVALID_CEL,
            Severity::Error,
            "Google refuses to save the provider",
        ),
        CelErrorKind::Unsupported => (
            codes::UNSUPPORTED_CEL,
            Severity::Warning,
            "oidc-trust gives no verdict rather than a guessed one",
        ),
    };
    let span = at.raw_start.map_or(at.span, |start| {
        let s = start + e.range.start;
        let (line, column) = json::line_column(text, s);
        Span {
            start: s,
            end: start + e.range.end.max(e.range.start),
            line,
            column,
        }
    });
    Diagnostic::new(
        code,
        severity,
        Source::Providers,
        format!(
            "{what}, character {}: {}",
            cel::column(source, e.range.start),
            e.message
        ),
    )
    .at(&at.pointer, Some(span))
    .help(tail)
}

fn read_mappings(
    text: &str,
    m: &Member<'_>,
    pointer: &str,
    p: &mut Provider,
    out: &mut Vec<Diagnostic>,
) {
    let Some(members) = m.node.as_object() else {
        out.push(not_a(
            &m.node,
            "an object of attribute names to CEL expressions",
            pointer,
        ));
        return;
    };
    duplicates(members, pointer, out);
    let null = Value::Null;
    let env = mapping_env(&null);
    let mut custom = 0;
    for mm in members {
        let at = pointer_child(pointer, &mm.key);
        let target = mm.key.to_string();
        let name_ok = match target.strip_prefix("attribute.") {
            Some(name) => {
                custom += 1;
                !name.is_empty()
                    && name.len() <= 100
                    && name
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            }
            None => matches!(target.as_str(), "google.subject" | "google.groups"),
        };
        if !name_ok {
            out.push(provider_error(
                format!("`{target}` cannot be mapped: the targets are `google.subject`, `google.groups` and `attribute.NAME` with NAME of 1 to 100 characters of `[a-z0-9_]`"),
                &at,
                Some(mm.key_span),
            ));
            p.invalid = true;
            continue;
        }
        let Some(source) = mm.node.as_str() else {
            out.push(not_a(&mm.node, "a CEL expression as a string", &at));
            p.invalid = true;
            continue;
        };
        let loc = located(text, &mm.node, &at);
        let what = format!("the mapping of `{target}`");
        let expr = compile_limited(
            Expression {
                text,
                source,
                node: &mm.node,
                at: &loc,
                what: &what,
                max: cel::MAX_MAPPING_CHARS,
            },
            &env,
            p,
            out,
        );
        p.mappings.push(Mapping {
            target,
            source: source.to_owned(),
            expr,
            at: loc,
        });
    }
    if custom > 50 {
        out.push(provider_error(
            format!("`attributeMapping` maps {custom} custom attributes; Google allows at most 50"),
            pointer,
            Some(m.node.span),
        ));
        p.invalid = true;
    }
}

/// One expression of the provider, with what the diagnostics say of it.
#[derive(Clone, Copy)]
struct Expression<'a> {
    text: &'a str,
    source: &'a str,
    node: &'a Node<'a>,
    at: &'a Located,
    what: &'a str,
    max: usize,
}

/// Compiles a mapping or the condition within Google's length limit; a problem is a
/// located diagnostic and marks the provider invalid (not CEL Google saves) or unsupported.
fn compile_limited(
    x: Expression<'_>,
    env: &Env<'_>,
    p: &mut Provider,
    out: &mut Vec<Diagnostic>,
) -> Option<Expr> {
    let chars = x.source.chars().count();
    if chars > x.max {
        out.push(provider_error(
            format!(
                "{} is {chars} characters long; Google allows at most {}",
                x.what, x.max
            ),
            &x.at.pointer,
            Some(x.node.span),
        ));
        p.invalid = true;
        return None;
    }
    match cel::compile(x.source, env) {
        Ok(e) => Some(e),
        Err(e) => {
            match e.kind {
                CelErrorKind::Syntax => p.invalid = true,
                CelErrorKind::Unsupported => p.unsupported = true,
            }
            out.push(cel_diagnostic(x.text, x.source, x.at, x.what, &e));
            None
        }
    }
}

fn read_condition(
    text: &str,
    source: &str,
    node: &Node<'_>,
    pointer: &str,
    p: &mut Provider,
    out: &mut Vec<Diagnostic>,
) -> Condition {
    let at = located(text, node, pointer);
    let null = Value::Null;
    let env = condition_env(&null, &null, &null);
    let was_unsupported = p.unsupported;
    p.unsupported = false;
    let expr = compile_limited(
        Expression {
            text,
            source,
            node,
            at: &at,
            what: "the attribute condition",
            max: cel::MAX_CONDITION_CHARS,
        },
        &env,
        p,
        out,
    );
    let unsupported = p.unsupported;
    p.unsupported |= was_unsupported;
    Condition {
        source: source.to_owned(),
        expr,
        unsupported,
        at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_gcloud_output() {
        let text = r#"{
  "name": "projects/123456789012/locations/global/workloadIdentityPools/ci/providers/github",
  "state": "ACTIVE", "disabled": false,
  "attributeMapping": {"google.subject": "assertion.sub", "attribute.repository_id": "assertion.repository_id"},
  "attributeCondition": "assertion.repository_owner_id == '1342004'",
  "oidc": {"issuerUri": "https://token.actions.githubusercontent.com"}
}"#;
        let r = read(text);
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
        let p = r.provider.unwrap();
        assert_eq!(p.name.unwrap().pool, "ci");
        assert_eq!(p.mappings.len(), 2);
        assert!(p.condition.unwrap().expr.is_some());
    }

    #[test]
    fn cel_errors_point_at_the_character() {
        let text = r#"{"attributeMapping": {"google.subject": "assertion.sub"},
 "attributeCondition": "assertion.repository_owner = 'acme'",
 "oidc": {"issuerUri": "https://gitlab.com"}}"#;
        let r = read(text);
        let d = &r.diagnostics[0];
        assert_eq!(d.code, codes::INVALID_CEL);
        assert_eq!(d.pointer.as_deref(), Some("/attributeCondition"));
        assert!(d.message.contains("character 28"), "{}", d.message);
        let span = d.span.unwrap();
        assert_eq!(text.get(span.start..span.end), Some("="));
        assert_eq!((span.line, span.column), (2, 52));
    }

    #[test]
    fn names() {
        let n = ProviderName::parse(
            "//iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/providers/q",
        )
        .unwrap();
        assert_eq!(
            n.default_audiences()[1],
            "https://iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/providers/q"
        );
        assert!(
            ProviderName::parse("projects/1/locations/global/workloadIdentityPools/p").is_none()
        );
    }
}
