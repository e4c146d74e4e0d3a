//! Security lints for role trust policies, with or without a token.
//!
//! Every lint has a stable kebab-case id in [`crate::codes`] that names the pattern (read it
//! as "allow `<id>`"), a level, a one-line summary and a documentation page
//! (`core/docs/lints/<id>.md`, one folder for every target's lints, headings What it does / Why is this bad? / Example / Fix / References).
//! Each rule is one file in `rules/`; they run statement by statement over a shared
//! [`common::Scope`] that works out once what every rule needs (the providers a statement
//! trusts, what its `sub` patterns admit).
//!
//! Three lints are reported by the policy reader itself (`emittedBy: reader`) because they
//! are about how the document is read: `duplicate-json-key`, `not-principal-in-trust-policy`
//! and `resource-in-trust-policy`.
//!
//! Levels: `error` = AWS refuses to save the policy; `warning` = the policy trusts more
//! than it probably means to, or can never match; `info` = worth knowing, not a risk.
//! Findings come in document order: statement by statement, then by their place in the
//! text, then in the order of [`RULES`].

use serde::{Deserialize, Serialize};

use super::policy::{self, TrustPolicy};
use crate::codes::{self, Code, CodeKind};
use crate::diagnostic::Diagnostic;
use crate::providers;

mod common;
pub(crate) mod guardrail;
mod infer;
mod rules;
pub(crate) mod subject;

pub use guardrail::{GuardrailRule, SHARED_PROVIDERS};

/// Every lint, in id order: the lint codes of [`crate::codes::CODES`].
pub fn lints() -> impl Iterator<Item = &'static Code> {
    codes::of_kind(CodeKind::Lint)
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
    /// Reader findings, then lint findings, in document order.
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

impl LintOptions {
    /// Options for a policy meant for `issuer` (a URL, with or without `https://`).
    pub fn for_issuer(issuer: Option<&str>, provider_claims: bool) -> Self {
        LintOptions {
            issuer: issuer.map(|i| providers::key_prefix(i).to_owned()),
            provider_claims,
        }
    }
}

/// Lints a trust policy given as JSON text: the reader's findings, then the lints'.
pub fn lint_policy(text: &str, issuer: Option<&str>) -> Vec<Diagnostic> {
    lint_text(text, &LintOptions::for_issuer(issuer, true))
}

/// Lints a [`LintRequest`] (the JSON interface).
pub fn lint_request(request: &LintRequest) -> LintResult {
    let text = match &request.policy {
        serde_json::Value::String(s) => std::borrow::Cow::Borrowed(s.as_str()),
        other => std::borrow::Cow::Owned(serde_json::to_string_pretty(other).unwrap_or_default()),
    };
    let options = LintOptions::for_issuer(
        request.issuer.as_deref(),
        request.provider_claims.unwrap_or(true),
    );
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

/// One rule: looks at a statement and pushes findings.
type Rule = fn(&common::Scope<'_>, &mut Vec<Diagnostic>);

/// Every rule, in the order its findings come for one place in the text.
const RULES: &[Rule] = &[
    rules::unsupported_trust_policy_action::check,
    rules::mismatched_action_for_principal::check,
    rules::wildcard_principal::check,
    rules::unscoped_shared_provider::check,
    rules::missing_subject_condition::check,
    rules::missing_audience_condition::check,
    rules::cognito_identity_pool_not_pinned::check,
    rules::cognito_unauthenticated_identities::check,
    rules::loose_audience_operator::check,
    rules::empty_condition_values::check,
    rules::negated_only_subject::check,
    rules::for_all_values_single_valued_key::check,
    rules::if_exists_condition::check,
    rules::if_exists_under_for_any_value::check,
    rules::wildcard_without_like_operator::check,
    rules::string_like_without_wildcard::check,
    rules::condition_key_not_supplied::check,
    rules::condition_key_issuer_mismatch::check,
    rules::classic_github_subject::check,
    rules::mutable_gitlab_subject::check,
    rules::subject_format_mismatch::check,
    rules::per_run_subject::check,
    rules::wildcard_subject::check,
    rules::repository_wide_subject::check,
    rules::gitlab_subject_without_ref_type::check,
];

/// Runs every lint over a parsed policy (the reader's findings are not repeated).
pub fn run(policy: &TrustPolicy, options: &LintOptions) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut inferred = Vec::new();
    for st in &policy.statements {
        let scope = common::Scope::new(st, options);
        let from = out.len();
        for rule in RULES {
            rule(&scope, &mut out);
        }
        if let Some(found) = out.get_mut(from..) {
            found.sort_by_key(|d| d.span.map_or(0, |s| s.start));
        }
        if let Some(i) = scope.inferred {
            inferred.push((st, i));
        }
    }
    out.extend(inferred_issuers(&inferred));
    out
}

/// The one finding that says which statements' providers were inferred, and as what.
fn inferred_issuers(inferred: &[(&policy::Statement, infer::Inferred<'_>)]) -> Option<Diagnostic> {
    let (first, _) = inferred.first()?;
    let parts: Vec<String> = inferred
        .iter()
        .map(|(_, i)| {
            let basis = match i.basis {
                infer::Basis::ProviderPath => "from the provider ARN's path",
                infer::Basis::KeyPrefix => "from the condition keys",
                infer::Basis::MisspeltKeyPrefix => "as the issuer a misspelt condition key names",
                infer::Basis::SubjectShape => "from the shape of the `sub` values",
                infer::Basis::Nothing => "unknown: generic checks only",
            };
            format!("`{}` as `{}` ({basis})", i.principal, i.url)
        })
        .collect();
    Some(
        common::finding(
            codes::INFERRED_ISSUER,
            format!(
                "`Federated` names no OIDC provider in {} statement{}, so the issuer was inferred: {}",
                inferred.len(),
                if inferred.len() == 1 { "" } else { "s" },
                parts.join("; ")
            ),
        )
        .at(&format!("{}/Principal", first.pointer), Some(first.span))
        .help("resolve the principal (lint a Terraform plan, give CloudFormation parameters) or name the issuer, to lint against the real provider"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_lint_code_but_the_readers_has_a_rule() {
        let from_reader = lints()
            .filter(|l| l.emitted_by == codes::EmittedBy::Reader)
            .count();
        assert_eq!(from_reader, 3);
        assert_eq!(lints().count(), RULES.len() + from_reader);
    }
}
