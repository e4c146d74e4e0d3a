//! Security lints for federated identity credentials, with or without a token.
//!
//! Each rule is one file in `rules/`, run credential by credential; ids, levels and
//! summaries are in the one registry [`crate::codes`], documentation pages in
//! `core/docs/lints/` (shared with every target: `wildcard-subject`,
//! `repository-wide-subject`, `mutable-gitlab-subject` and `classic-github-subject` say the
//! same of an Entra credential as of an IAM condition). Levels: `error` = Entra ID refuses
//! to save the credential; `warning` = it trusts more than it probably means to, or never
//! matches; `info` = worth knowing. Findings come credential by credential, in the order of
//! [`RULES`]. Credentials that cannot be evaluated as written (see
//! [`Credential::invalid`]) get their reader errors only.

use super::credential::{Credential, CredentialSet, Located};
use crate::codes;
use crate::diagnostic::{Diagnostic, Severity, Source};
use crate::providers::{self, Platform};

mod rules;

/// The lint ids only Entra ID credentials have (the other rules report ids shared with
/// AWS's lints).
pub const OWN_LINTS: [&str; 4] = [
    codes::EXPRESSION_CLAIM_NOT_ALLOWED,
    codes::EXPRESSION_WITHOUT_IMMUTABLE_ID,
    codes::ISSUER_URL_VARIANT,
    codes::NON_EXCHANGE_AUDIENCE,
];

/// One rule: looks at one credential, pushes its findings.
type Rule = fn(&Credential, &mut Vec<Diagnostic>);

/// Every rule, in the order findings of one credential are reported.
const RULES: [Rule; 8] = [
    rules::issuer_url_variant::check,
    rules::non_exchange_audience::check,
    rules::expression_claim_not_allowed::check,
    rules::expression_without_immutable_id::check,
    rules::wildcard_subject::check,
    rules::repository_wide_subject::check,
    rules::mutable_gitlab_subject::check,
    rules::classic_github_subject::check,
];

/// Runs every rule over every evaluable credential.
pub fn run(set: &CredentialSet) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for c in set.credentials.iter().filter(|c| c.invalid.is_none()) {
        for rule in RULES {
            rule(c, &mut out);
        }
    }
    out
}

/// A finding at a credential's value, at the code's usual level.
pub(crate) fn finding(id: &'static str, message: String, at: &Located) -> Diagnostic {
    let level = codes::code(id).map_or(Severity::Warning, |l| l.level);
    Diagnostic::new(id, level, Source::Policy, message).at(&at.pointer, Some(at.span))
}

/// The CI platform of a credential's issuer (`Generic` when not one).
pub(crate) fn platform(c: &Credential) -> Platform {
    let sub = c.subject.as_ref().map(|s| s.value.as_str());
    c.issuer()
        .map_or(Platform::Generic, |i| providers::recognise(i, sub).platform)
}

/// The `sub` patterns of a credential: a flexible credential's `matches` clauses on `sub`,
/// with the expression text they are in and the clause's span.
pub(crate) fn sub_patterns(
    c: &Credential,
) -> impl Iterator<Item = (&crate::azure::expression::Clause, &Located)> {
    c.expression.iter().flat_map(|e| {
        e.parsed.iter().flat_map(move |p| {
            p.on("sub")
                .filter(|cl| cl.pattern.is_some())
                .map(move |cl| (cl, &e.text))
        })
    })
}

/// A clause's place: the expression string, narrowed to the clause where it is written
/// without escapes.
pub(crate) fn clause_at(cl: &crate::azure::expression::Clause, text: &Located) -> Located {
    Located {
        span: text.span_of(cl.start, cl.end),
        ..text.clone()
    }
}
