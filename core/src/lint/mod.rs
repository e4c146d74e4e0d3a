//! Security lints for role trust policies, with or without a token.
//!
//! Every lint has a stable kebab-case id that names the pattern (read it as "allow
//! `<id>`"), a level, a one-line summary and a documentation page
//! (`core/src/lint/docs/<id>.md`, headings What it does / Why is this bad? / Example / Fix /
//! References). [`LINTS`] is the registry, in id order; the README's lint table is
//! generated from it.
//!
//! Three lints are reported by the policy reader itself (`emittedBy: parser`) because they
//! are about how the document is read: `duplicate-json-key`, `not-principal-in-trust-policy`
//! and `resource-in-trust-policy`. They share the id namespace with the input-diagnostic
//! codes of [`crate::diagnostic::CODES`].
//!
//! Levels: `error` = AWS refuses to save the policy; `warning` = the policy trusts more
//! than it probably means to, or can never match; `info` = worth knowing, not a risk.

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, Severity};
use crate::policy::{self, TrustPolicy};

mod guardrail;
mod rules;
pub(crate) mod subject;

pub use guardrail::{GuardrailRule, SHARED_PROVIDERS};

/// Who reports a lint.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum EmittedBy {
    /// The lint pass over a parsed policy.
    Lint,
    /// The policy reader, while parsing.
    Parser,
}

/// A lint: static metadata. Findings are [`Diagnostic`]s whose `code` is the lint id.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Lint {
    /// Stable kebab-case id, e.g. `wildcard-subject`.
    pub id: &'static str,
    /// The level findings are reported at.
    pub level: Severity,
    /// One line, lowercase, no final period.
    pub summary: &'static str,
    /// Who reports it.
    pub emitted_by: EmittedBy,
    /// The documentation page, Markdown.
    pub docs: &'static str,
}

macro_rules! lints {
    ($($name:ident = $id:literal, $level:ident, $by:ident, $summary:literal;)*) => {
        $(
            #[doc = $summary]
            pub const $name: &str = $id;
        )*
        /// Every lint, in id order.
        pub const LINTS: &[Lint] = &[
            $(Lint {
                id: $id,
                level: Severity::$level,
                summary: $summary,
                emitted_by: EmittedBy::$by,
                docs: include_str!(concat!("docs/", $id, ".md")),
            },)*
        ];
    };
}

lints! {
    CLASSIC_GITHUB_SUBJECT = "classic-github-subject", Info, Lint,
        "a GitHub `sub` value names the repository by name, which repositories created after 2026-07-15 no longer use";
    CONDITION_KEY_ISSUER_MISMATCH = "condition-key-issuer-mismatch", Warning, Lint,
        "a condition key's prefix names another issuer than the statement's OIDC provider, so the condition never matches";
    CONDITION_KEY_NOT_SUPPLIED = "condition-key-not-supplied", Warning, Lint,
        "a condition names a claim AWS does not supply as a key for this issuer, so it can never be true";
    DUPLICATE_JSON_KEY = "duplicate-json-key", Warning, Parser,
        "a JSON object names the same key twice, or a condition block repeats a key in another case";
    FOR_ALL_VALUES_SINGLE_VALUED_KEY = "for-all-values-single-valued-key", Warning, Lint,
        "`ForAllValues:` on a single-valued key is true when the token lacks the claim";
    GITLAB_SUBJECT_WITHOUT_REF_TYPE = "gitlab-subject-without-ref-type", Warning, Lint,
        "a GitLab `sub` pattern does not pin `ref_type`, so a tag can pass for a branch";
    IF_EXISTS_CONDITION = "if-exists-condition", Warning, Lint,
        "an `...IfExists` condition on a token claim is true for tokens without the claim";
    MISMATCHED_ACTION_FOR_PRINCIPAL = "mismatched-action-for-principal", Warning, Lint,
        "a statement trusts an OIDC provider but does not allow `sts:AssumeRoleWithWebIdentity`";
    MISSING_AUDIENCE_CONDITION = "missing-audience-condition", Info, Lint,
        "no condition on the provider's `aud` key; only the provider's client-id list checks the audience";
    MISSING_SUBJECT_CONDITION = "missing-subject-condition", Warning, Lint,
        "a statement trusts an OIDC provider without any condition on its `sub` key";
    MUTABLE_GITLAB_SUBJECT = "mutable-gitlab-subject", Warning, Lint,
        "a GitLab `sub` pins a project path, which can be reused, without pinning `project_id`";
    NEGATED_ONLY_SUBJECT = "negated-only-subject", Warning, Lint,
        "the only conditions on `sub` exclude values, so every other subject is trusted";
    NOT_PRINCIPAL_IN_TRUST_POLICY = "not-principal-in-trust-policy", Error, Parser,
        "`NotPrincipal` is not allowed in a role trust policy";
    PER_RUN_SUBJECT = "per-run-subject", Warning, Lint,
        "a `sub` value spells out a part that changes with every run (Bitbucket step, Buildkite commit), so it matches once";
    REPOSITORY_WIDE_SUBJECT = "repository-wide-subject", Warning, Lint,
        "a `sub` pattern admits pull requests, every branch or every run phase of a repository";
    RESOURCE_IN_TRUST_POLICY = "resource-in-trust-policy", Error, Parser,
        "`Resource` or `NotResource` is not allowed in a role trust policy";
    STRING_LIKE_WITHOUT_WILDCARD = "string-like-without-wildcard", Info, Lint,
        "a `StringLike` value has no wildcard, so it is an exact match";
    SUBJECT_FORMAT_MISMATCH = "subject-format-mismatch", Warning, Lint,
        "a `sub` value is not in the format of the provider's platform (or is another platform's), so it never matches";
    UNSCOPED_SHARED_PROVIDER = "unscoped-shared-provider", Error, Lint,
        "a statement trusts a shared OIDC provider without the claim condition AWS requires, so AWS refuses the policy";
    UNSUPPORTED_TRUST_POLICY_ACTION = "unsupported-trust-policy-action", Error, Lint,
        "an action AWS does not accept in a role trust policy (a wildcard, another service, another case)";
    WILDCARD_PRINCIPAL = "wildcard-principal", Warning, Lint,
        "a statement allowing `sts:AssumeRoleWithWebIdentity` trusts every principal (`*`), so every OIDC provider of the account is trusted";
    WILDCARD_SUBJECT = "wildcard-subject", Warning, Lint,
        "a `sub` pattern has a wildcard over the owner, repository, project or workspace";
    WILDCARD_WITHOUT_LIKE_OPERATOR = "wildcard-without-like-operator", Warning, Lint,
        "`*` or `?` under an operator that compares literally, so it matches only itself";
}

/// Every lint, in id order.
pub fn lints() -> &'static [Lint] {
    LINTS
}

/// The lint with this id.
pub fn lint(id: &str) -> Option<&'static Lint> {
    LINTS.iter().find(|l| l.id == id)
}

/// What to lint.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LintRequest {
    /// The trust policy: JSON text, or a JSON object.
    #[cfg_attr(feature = "wasm", tsify(type = "string | JsonObject"))]
    pub policy: serde_json::Value,
    /// The issuer the policy is for (URL, with or without `https://`), when the policy's
    /// `Federated` principal does not say.
    #[serde(default)]
    pub issuer: Option<String>,
    /// Whether AWS exposes the provider claims added in January 2026; default `true`.
    #[serde(default)]
    pub provider_claims: Option<bool>,
}

/// The lint findings.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LintResult {
    /// Parser findings, then lint findings, in document order.
    pub diagnostics: Vec<Diagnostic>,
}

/// Options of the lint pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LintOptions {
    /// The issuer prefix (URL without `https://`) to assume for statements whose `Federated`
    /// principal names no OIDC provider.
    pub issuer: Option<String>,
    /// Whether AWS exposes the provider claims added in January 2026.
    pub provider_claims: bool,
}

impl Default for LintOptions {
    fn default() -> Self {
        LintOptions {
            issuer: None,
            provider_claims: true,
        }
    }
}

/// Lints a trust policy given as JSON text: the reader's findings, then the lints'.
pub fn lint_policy(text: &str, issuer: Option<&str>) -> Vec<Diagnostic> {
    let options = LintOptions {
        issuer: issuer.map(|i| i.trim().trim_start_matches("https://").to_owned()),
        provider_claims: true,
    };
    lint_text(text, &options)
}

/// Lints a [`LintRequest`] (the JSON interface).
pub fn lint_request(request: &LintRequest) -> LintResult {
    let text = match &request.policy {
        serde_json::Value::String(s) => s.clone(),
        other => serde_json::to_string_pretty(other).unwrap_or_default(),
    };
    let options = LintOptions {
        issuer: request
            .issuer
            .as_deref()
            .map(|i| i.trim().trim_start_matches("https://").to_owned()),
        provider_claims: request.provider_claims.unwrap_or(true),
    };
    LintResult {
        diagnostics: lint_text(&text, &options),
    }
}

fn lint_text(text: &str, options: &LintOptions) -> Vec<Diagnostic> {
    let parsed = policy::parse_policy(text);
    let mut out = parsed.diagnostics;
    if let Some(p) = &parsed.policy {
        out.extend(run(p, options));
    }
    out
}

/// Runs every lint over a parsed policy (the reader's findings are not repeated).
pub fn run(policy: &TrustPolicy, options: &LintOptions) -> Vec<Diagnostic> {
    rules::run(policy, options)
}
