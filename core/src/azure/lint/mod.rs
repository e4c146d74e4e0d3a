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
use super::expression::Clause;
use crate::codes;
use crate::diagnostic::{Diagnostic, Severity, Source};
use crate::matching::admits::{Admits, admits};
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

/// What every rule needs of one credential, worked out once: its platform and what its
/// `sub` patterns admit.
pub(crate) struct Scope<'a> {
    /// The credential.
    pub c: &'a Credential,
    /// The CI platform of its issuer (`Generic` when not one).
    pub platform: Platform,
    /// A flexible credential's `matches` clauses on `sub`: the clause, where it is, and
    /// what its pattern admits.
    pub sub_patterns: Vec<(&'a Clause, Located, Admits)>,
}

impl<'a> Scope<'a> {
    fn new(c: &'a Credential) -> Self {
        let sub = c.subject.as_ref().map(|s| s.value.as_str());
        let platform = c
            .issuer()
            .map_or(Platform::Generic, |i| providers::recognise(i, sub).platform);
        let sub_patterns = c
            .expression
            .iter()
            .flat_map(|e| {
                e.parsed.iter().flat_map(move |p| {
                    p.on("sub").filter_map(move |cl| {
                        let pattern = cl.pattern.as_ref()?;
                        Some((cl, clause_at(cl, &e.text), admits(pattern, platform)))
                    })
                })
            })
            .collect();
        Scope {
            c,
            platform,
            sub_patterns,
        }
    }
}

/// One rule: looks at one credential, pushes its findings.
type Rule = fn(&Scope<'_>, &mut Vec<Diagnostic>);

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
        let scope = Scope::new(c);
        for rule in RULES {
            rule(&scope, &mut out);
        }
    }
    out
}

/// A finding at a credential's value, at the code's usual level.
pub(crate) fn finding(id: &'static str, message: String, at: &Located) -> Diagnostic {
    let level = codes::code(id).map_or(Severity::Warning, |l| l.level);
    Diagnostic::new(id, level, Source::Policy, message).at(&at.pointer, Some(at.span))
}

/// A clause's place: the expression string, narrowed to the clause where it is written
/// without escapes.
pub(crate) fn clause_at(cl: &Clause, text: &Located) -> Located {
    Located {
        span: text.span_of(cl.start, cl.end),
        ..text.clone()
    }
}
