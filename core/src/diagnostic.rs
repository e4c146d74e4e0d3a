//! Findings as data: every problem with the input carries a stable kebab-case code, a
//! severity, a one-line message, and where it is (a JSON pointer and a span in the text).

use serde::Serialize;

use crate::json::Span;

/// How serious a finding is.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Severity {
    /// AWS would refuse the input, or oidc-trust cannot read it.
    Error,
    /// Legal, but probably not what was meant.
    Warning,
    /// Worth knowing.
    Info,
}

/// Which input a finding is about.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Source {
    /// The request as a whole (the JSON interface).
    Request,
    /// The token or pasted claims.
    Token,
    /// The trust policy.
    Policy,
    /// The OIDC provider settings.
    Providers,
}

/// One finding.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Diagnostic {
    /// Stable kebab-case code, e.g. `invalid-policy-json`.
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
        }
    }

    /// Adds a location.
    #[must_use]
    pub fn at(mut self, pointer: &str, span: Option<Span>) -> Self {
        self.pointer = Some(pointer.to_owned());
        self.span = span;
        self
    }

    /// Adds advice.
    #[must_use]
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// A code oidc-trust can report about its input, with what it means.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Code {
    /// The code.
    pub code: &'static str,
    /// Its usual severity.
    pub severity: Severity,
    /// What it means, one line.
    pub summary: &'static str,
}

macro_rules! codes {
    ($($name:ident = $code:literal, $sev:ident, $summary:literal;)*) => {
        $(
            #[doc = $summary]
            pub const $name: &str = $code;
        )*
        /// Every input-diagnostic code, in code order.
        pub const CODES: &[Code] = &[
            $(Code { code: $code, severity: Severity::$sev, summary: $summary },)*
        ];
    };
}

codes! {
    CONDITION_KEY_NOT_SUPPLIED = "condition-key-not-supplied", Warning,
        "a condition names a key AWS does not supply for this issuer, so it can never be true";
    DUPLICATE_JSON_KEY = "duplicate-json-key", Warning,
        "a JSON object names the same key twice; the last one is used";
    INVALID_POLICY = "invalid-policy", Error,
        "the trust policy has the wrong shape (a missing or mistyped element)";
    INVALID_POLICY_JSON = "invalid-policy-json", Error,
        "the trust policy is not JSON";
    INVALID_PROVIDER = "invalid-provider", Error,
        "an OIDC provider setting is not one AWS would accept";
    INVALID_REQUEST = "invalid-request", Error,
        "the analysis request is malformed";
    INVALID_TOKEN = "invalid-token", Error,
        "the token cannot be decoded";
    NOT_PRINCIPAL_IN_TRUST_POLICY = "not-principal-in-trust-policy", Error,
        "`NotPrincipal` is not allowed in a role trust policy";
    POLICY_VARIABLE_IN_LEGACY_VERSION = "policy-variable-in-legacy-version", Warning,
        "a `${...}` policy variable is literal text without `Version` `2012-10-17`";
    RESOURCE_IN_TRUST_POLICY = "resource-in-trust-policy", Error,
        "`Resource` or `NotResource` is not allowed in a role trust policy";
    TOKEN_NOT_YET_VALID = "token-not-yet-valid", Warning,
        "the token's `nbf` or `iat` lies in the future at the evaluation time";
    UNEXPECTED_SUBJECT_FORMAT = "unexpected-subject-format", Info,
        "the token's `sub` does not follow its CI platform's documented format";
    UNKNOWN_CONDITION_OPERATOR = "unknown-condition-operator", Error,
        "a condition operator IAM does not know";
    UNMODELLED_CONDITION_OPERATOR = "unmodelled-condition-operator", Warning,
        "a condition operator oidc-trust does not evaluate (dates, IP addresses, ARNs, binary)";
    UNSUPPORTED_SIGNING_ALGORITHM = "unsupported-signing-algorithm", Warning,
        "the token's `alg` is not one AWS accepts (RSA or ECDSA)";
    UNSUPPORTED_VERSION = "unsupported-version", Error,
        "`Version` is neither `2012-10-17` nor `2008-10-17`";
}

/// Escapes one reference token for a JSON pointer (RFC 6901).
pub fn pointer_escape(token: &str) -> std::borrow::Cow<'_, str> {
    if token.contains(['~', '/']) {
        std::borrow::Cow::Owned(token.replace('~', "~0").replace('/', "~1"))
    } else {
        std::borrow::Cow::Borrowed(token)
    }
}
