//! Findings as data: every problem with the input carries a stable kebab-case code from
//! [`crate::codes`], a severity, a one-line message, and where it is (a JSON pointer and a
//! span in the text).

use serde::Serialize;

use crate::json::Span;

pub use crate::codes::Severity;

/// Which input a finding is about.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Source {
    /// The request as a whole (the JSON interface).
    Request,
    /// The token or pasted claims.
    Token,
    /// The trust configuration the target decides by: AWS's role trust policy, a Vault
    /// role (`vault`), a registry's trusted publishers (`publishing`).
    Policy,
    /// The OIDC provider settings: AWS's IAM OIDC providers, a Vault auth mount's
    /// configuration (`vault`).
    Providers,
    /// The call's parameters (`call`, `role`, `caller`).
    Call,
    /// A resource control policy (`organization.rcps`; [`Diagnostic::document`] says which).
    Rcp,
}

/// One finding.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Diagnostic {
    /// Stable kebab-case code from [`crate::codes`], e.g. `invalid-policy-json`.
    pub code: &'static str,
    /// How serious.
    pub severity: Severity,
    /// One line, lowercase, no final period, input in backticks.
    pub message: String,
    /// Longer advice, if any.
    pub help: Option<String>,
    /// Which input.
    pub source: Source,
    /// RFC 6901 pointer into the input JSON (`/Statement/0/Condition`), if it has one.
    pub pointer: Option<String>,
    /// Where in the input text, if known.
    pub span: Option<Span>,
    /// For a finding about one of several documents of a kind (the RCPs), which one: its
    /// index in the request's list. Absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub document: Option<usize>,
    /// A change that fixes it, where one is exact (absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub edit: Option<Edit>,
}

/// A machine-applicable change to the text a finding or hint is about: the bytes of `span`
/// replaced by `replacement` (an empty span inserts). Offered only where it is exact.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Edit {
    /// What it does, a few lowercase words for a button (`add the token's value`).
    pub title: String,
    /// The range replaced, in bytes of that text.
    pub span: Span,
    /// The text put there.
    pub replacement: String,
}

impl Edit {
    /// `text` with the edit applied; `None` if the span does not fit the text.
    pub fn apply(&self, text: &str) -> Option<String> {
        let before = text.get(..self.span.start)?;
        let after = text.get(self.span.end..)?;
        Some(format!("{before}{}{after}", self.replacement))
    }
}

impl Diagnostic {
    /// A finding with no location.
    pub fn new(code: &'static str, severity: Severity, source: Source, message: String) -> Self {
        Diagnostic {
            code,
            severity,
            message,
            help: None,
            source,
            pointer: None,
            span: None,
            document: None,
            edit: None,
        }
    }

    /// A finding of a registered code, at the code's usual level (from [`crate::codes`]).
    pub fn of_code(code: &'static str, source: Source, message: String) -> Self {
        let level = crate::codes::code(code).map_or(Severity::Warning, |c| c.level);
        Diagnostic::new(code, level, source, message)
    }

    /// An `invalid-request` error: the request (or module inputs) could not be read.
    pub fn invalid_request(message: String) -> Self {
        Diagnostic::new(
            crate::codes::INVALID_REQUEST,
            Severity::Error,
            Source::Request,
            message,
        )
    }

    /// Adds a location.
    #[must_use]
    pub fn at(mut self, pointer: &str, span: Option<Span>) -> Self {
        self.pointer = Some(pointer.to_owned());
        self.span = span;
        self
    }

    /// Says which document of a kind the finding is about.
    #[must_use]
    pub fn in_document(mut self, index: usize) -> Self {
        self.document = Some(index);
        self
    }

    /// Adds a fix.
    #[must_use]
    pub fn with_edit(mut self, edit: Option<Edit>) -> Self {
        self.edit = edit;
        self
    }

    /// Adds advice.
    #[must_use]
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Whether this is a lint's warning (or error) about the configuration: what makes an
    /// accepted answer "accepted, with warnings", for every target.
    pub fn is_lint_warning(&self) -> bool {
        self.severity <= Severity::Warning
            && crate::codes::code(self.code).is_some_and(|c| c.kind == crate::codes::CodeKind::Lint)
    }
}

/// The lints' warnings among `diagnostics` ([`Diagnostic::is_lint_warning`]), most serious
/// group first ([`crate::codes::Group`]: security before what never matches, before style),
/// then by severity: the first is the one a headline names.
pub fn lint_warnings(diagnostics: &[Diagnostic]) -> Vec<&Diagnostic> {
    let mut out: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.is_lint_warning()).collect();
    out.sort_by_key(|d| (crate::codes::group_of(d.code), d.severity));
    out
}

/// Escapes one reference token for a JSON pointer (RFC 6901).
pub fn pointer_escape(token: &str) -> std::borrow::Cow<'_, str> {
    if token.bytes().any(|b| b == b'~' || b == b'/') {
        std::borrow::Cow::Owned(token.replace('~', "~0").replace('/', "~1"))
    } else {
        std::borrow::Cow::Borrowed(token)
    }
}

/// The JSON pointer of member `key` under `pointer` (`/data` and `a/b` give `/data/a~1b`).
pub fn pointer_child(pointer: &str, key: &str) -> String {
    let key = pointer_escape(key);
    let mut out = String::with_capacity(pointer.len() + 1 + key.len());
    out.push_str(pointer);
    out.push('/');
    out.push_str(&key);
    out
}

/// A cloud's refusal as it reports it (AWS STS's `InvalidIdentityToken`, Entra's
/// `AADSTS...`, Google STS's `invalid_grant`, Vault's): the code and the message, verbatim,
/// and whether the cloud was seen answering this case with this text. One type for every
/// target, so every shell shows a refusal the same way.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CloudError {
    /// The error code (`AccessDenied`, `AADSTS700213`, `invalid_grant`...).
    pub code: String,
    /// The message, verbatim.
    pub message: String,
    /// Whether the cloud was seen answering this case with this text; `false` where the
    /// text is inferred (the README lists them per target).
    pub observed: bool,
}

impl CloudError {
    /// An error with this code and message.
    pub(crate) fn new(code: &str, message: &str, observed: bool) -> Self {
        CloudError {
            code: code.to_owned(),
            message: message.to_owned(),
            observed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes;

    #[test]
    fn lint_warnings_are_the_lints_at_warning_or_worse_most_serious_group_first() {
        let d = |code, severity| Diagnostic::new(code, severity, Source::Policy, String::new());
        let found = [
            d(codes::DUPLICATE_JSON_KEY, Severity::Warning),
            d(codes::INFERRED_ISSUER, Severity::Warning),
            d(codes::EMPTY_CONDITION_VALUES, Severity::Warning),
            d(codes::GITLAB_SUBJECT_WITHOUT_REF_TYPE, Severity::Info),
            d(codes::GITLAB_SUBJECT_WITHOUT_REF_TYPE, Severity::Warning),
        ];
        let codes: Vec<_> = lint_warnings(&found).iter().map(|d| d.code).collect();
        // Not the input note (not a lint), not the lint at `info`; security, then what never
        // matches, then style.
        assert_eq!(
            codes,
            [
                codes::GITLAB_SUBJECT_WITHOUT_REF_TYPE,
                codes::EMPTY_CONDITION_VALUES,
                codes::DUPLICATE_JSON_KEY,
            ]
        );
        assert!(!found[1].is_lint_warning() && !found[3].is_lint_warning());
    }
}
