//! Lints of a Google Cloud configuration: the pool provider (its condition and mapping)
//! and the IAM policy, one file per rule in `rules/`, ids and levels in [`crate::codes`],
//! a documentation page per rule in `core/docs/lints/`. Knowledge of the issuers (which
//! are shared by every tenant, which claims name a tenant, which are mutable names) lives
//! in [`claims`]; what a condition requires of a token, in [`pins`].

pub(crate) mod claims;
pub(crate) mod pins;
mod rules;

use serde::Deserialize;

use super::cel::Range;
use super::iam::ReadPolicy;
use super::provider::Located;
use super::provider::{Provider, ReadProvider};
use crate::diagnostic::{Diagnostic, Severity, Source};
use crate::providers::{self, Issuer, Platform};
use crate::token::Claims;

/// What the lints look at.
#[derive(Debug, Clone, Copy)]
pub struct LintInput<'a> {
    /// The provider.
    pub provider: &'a Provider,
    /// The provider's text (spans refer to it).
    pub text: &'a str,
    /// The IAM policy, if given.
    pub policy: Option<&'a ReadPolicy>,
    /// The token's claims, if a token was given (some rules use their JSON types).
    pub claims: Option<&'a Claims>,
}

/// The context every rule gets.
pub(crate) struct Scope<'a> {
    pub(crate) input: LintInput<'a>,
    pub(crate) issuer: Option<Issuer<'a>>,
}

/// The ids of the Google lints, in the order they run.
pub const RULE_IDS: [&str; 7] = [
    crate::codes::MISSING_ATTRIBUTE_CONDITION,
    crate::codes::UNSCOPED_ATTRIBUTE_CONDITION,
    crate::codes::NAME_BASED_ATTRIBUTE_CONDITION,
    crate::codes::CLAIM_TYPE_MISMATCH,
    crate::codes::UNBOUNDED_GOOGLE_SUBJECT,
    crate::codes::POOL_WIDE_PRINCIPAL_SET,
    crate::codes::PRINCIPAL_PROJECT_ID,
];

/// Runs every rule.
pub fn run(input: LintInput<'_>) -> Vec<Diagnostic> {
    let issuer = input
        .provider
        .issuer_uri
        .as_deref()
        .map(|u| providers::recognise(u, None));
    let cx = Scope { input, issuer };
    let mut out = Vec::new();
    rules::missing_attribute_condition::check(&cx, &mut out);
    rules::unscoped_attribute_condition::check(&cx, &mut out);
    rules::name_based_attribute_condition::check(&cx, &mut out);
    rules::claim_type_mismatch::check(&cx, &mut out);
    rules::unbounded_google_subject::check(&cx, &mut out);
    rules::pool_wide_principal_set::check(&cx, &mut out);
    rules::principal_project_id::check(&cx, &mut out);
    out
}

/// A finding of a rule.
pub(crate) fn finding(
    code: &'static str,
    severity: Severity,
    source: Source,
    message: String,
) -> Diagnostic {
    Diagnostic::new(code, severity, source, message)
}

/// Places a finding at part of an expression of the provider (the whole string when it
/// has escapes).
pub(crate) fn at_expr(cx: &Scope<'_>, d: Diagnostic, at: &Located, range: Range) -> Diagnostic {
    d.at(&at.pointer, Some(at.span_of(cx.input.text, range)))
}

/// The platform of the provider's issuer, if recognised (not generic).
pub(crate) fn platform(cx: &Scope<'_>) -> Option<Platform> {
    cx.issuer
        .as_ref()
        .map(|i| i.platform)
        .filter(|p| *p != Platform::Generic)
}

/// A request to lint a Google configuration without a token (`lint_gcp_json`).
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GcpLintRequest {
    /// The provider: JSON text or an object.
    #[cfg_attr(feature = "wasm", tsify(type = "string | JsonObject"))]
    pub provider: serde_json::Value,
    /// The IAM policy, if any.
    #[serde(default)]
    #[cfg_attr(feature = "wasm", tsify(type = "string | JsonValue | null"))]
    pub policy: Option<serde_json::Value>,
}

/// The reading findings and the lints of a provider and policy.
pub fn lint_documents(provider: &ReadProvider, policy: Option<&ReadPolicy>) -> Vec<Diagnostic> {
    let mut out = provider.diagnostics.clone();
    if let Some(p) = policy {
        out.extend(p.diagnostics.iter().cloned());
    }
    if let Some(p) = &provider.provider {
        out.extend(run(LintInput {
            provider: p,
            text: &provider.text,
            policy,
            claims: None,
        }));
    }
    out
}
