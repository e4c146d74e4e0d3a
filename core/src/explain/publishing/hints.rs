//! Hints for a refused exchange: the publisher field (or the token claim) to change, and
//! how, from the typed verdict and the trace.

use super::sentences::Facts;
use super::trace::PublisherCheck;
use crate::codes;
use crate::diagnostic::Source;
use crate::explain::{Hint, hint};
use crate::publishing::exchange::{Outcome, Refusal, workflow_file};
use crate::publishing::publisher::Field;
use crate::publishing::{GITHUB_ISSUER, Registry};
use crate::time::{duration, utc};

/// How a workflow asks for the registry's token.
fn requesting(registry: Registry) -> &'static str {
    match registry {
        Registry::PyPi => {
            "publish with `pypa/gh-action-pypi-publish` (it requests `aud` `pypi`), or mint with the audience from `https://pypi.org/_/oidc/audience`"
        }
        Registry::CratesIo => {
            "authenticate with `rust-lang/crates-io-auth-action`, or request the token with `core.getIDToken('crates.io')`"
        }
        Registry::Npm => {
            "publish with npm CLI 11.5.1 or later on Node 22.14.0 or later, which requests the token itself"
        }
    }
}

/// The hints for a refused exchange (none for an accepted one).
pub fn hints(f: &Facts<'_>) -> Vec<Hint> {
    let Some(refusal) = &f.verdict.refusal else {
        return Vec::new();
    };
    let registry = f.exchange.registry;
    let token_pointer = match f.exchange.token.map(|t| t.format) {
        Some(crate::token::TokenFormat::Claims) => "/claims",
        _ => "/token",
    };
    let claim = |name: &str| f.exchange.token.and_then(|t| t.claims.str(name));
    let mut out = Vec::new();
    match refusal {
        Refusal::Issuer => out.push(hint(
            codes::PUBLISHER_ISSUER,
            Source::Token,
            format!("{token_pointer}/iss"),
            format!(
                "the token's `iss` is `{}`; a GitHub trusted publisher takes tokens from `{GITHUB_ISSUER}` only",
                claim("iss").unwrap_or_default()
            ),
            "publish from a GitHub Actions job with `permissions: id-token: write`, or configure a publisher for the CI the token comes from".to_owned(),
        )),
        Refusal::Audience | Refusal::AudienceList => out.push(hint(
            codes::PUBLISHER_AUDIENCE,
            Source::Token,
            format!("{token_pointer}/aud"),
            format!(
                "the token was requested for {}, and {} takes only `aud` `{}`{}",
                f.exchange
                    .token
                    .map(|t| crate::explain::ticked(t.claims.audiences()))
                    .filter(|s| !s.is_empty())
                    .unwrap_or_else(|| "no audience".to_owned()),
                registry.name(),
                registry.audience(),
                if matches!(refusal, Refusal::AudienceList) {
                    ", as a string"
                } else {
                    ""
                }
            ),
            requesting(registry).to_owned(),
        )),
        Refusal::MissingTime(_) | Refusal::Expired | Refusal::NotYetValid => {
            let exp = f.exp();
            let message = match (refusal, exp) {
                (Refusal::Expired, Some(exp)) => format!(
                    "the token expired at {}, {} before the evaluation time",
                    utc(exp),
                    duration(f.exchange.now.saturating_sub(exp))
                ),
                (Refusal::MissingTime(c), _) => {
                    format!("the token has no `{c}`, which {} requires", registry.name())
                }
                _ => format!(
                    "the token is not valid yet at the evaluation time {}",
                    utc(f.exchange.now)
                ),
            };
            out.push(hint(
                codes::TOKEN_OUTSIDE_VALIDITY,
                Source::Token,
                token_pointer.to_owned(),
                message,
                "request the token in the publishing step itself (GitHub's tokens live minutes), and check `now`".to_owned(),
            ));
        }
        Refusal::NotFound | Refusal::CheckFailed(_) => {
            if let Some(t) = f.trace.iter().find(|t| t.closest) {
                for c in &t.checks {
                    if let Some(h) = mismatch(f, c) {
                        out.push(h);
                    }
                }
            }
        }
        Refusal::Request | Refusal::NoPublishers { .. } | Refusal::MissingToken => {}
    }
    out
}

/// The hint for one field of the closest publisher that does not match.
fn mismatch(f: &Facts<'_>, c: &PublisherCheck) -> Option<Hint> {
    if !matches!(c.outcome, Outcome::NotMatched | Outcome::Missing) {
        return None;
    }
    let registry = f.exchange.registry;
    let at = |code, message: String, fix: String| Hint {
        span: Some(c.span),
        ..hint(code, Source::Policy, c.pointer.clone(), message, fix)
    };
    let found = c.found.as_deref();
    match c.field {
        Field::Environment => Some(at(
            codes::PUBLISHER_ENVIRONMENT,
            match found {
                Some(e) => format!("the publisher requires the environment `{}`, and the job runs in `{e}`", c.expected),
                None => format!("the publisher requires the environment `{}`, and the job runs in none", c.expected),
            },
            format!("declare `environment: {}` on the publishing job, or change the publisher's environment", c.expected),
        )),
        Field::OwnerId => Some(at(
            codes::PUBLISHER_OWNER_ID,
            format!(
                "the owner id `{}` that {} recorded for `{}` is not the token's `repository_owner_id` {}: the owner name now belongs to another account",
                c.expected,
                registry.name(),
                f.exchange.token.and_then(|t| t.claims.str("repository_owner")).unwrap_or_default(),
                found.map_or_else(|| "absent".to_owned(), |v| format!("`{v}`"))
            ),
            "if the account was re-created on purpose, remove the publisher and add it again (the registry records the new id); otherwise do not: it guards against a reused name".to_owned(),
        )),
        Field::Workflow => {
            // The other workflow claim, whose file may be the one configured.
            let other = match registry.workflow_claim() {
                "job_workflow_ref" => "workflow_ref",
                _ => "job_workflow_ref",
            };
            let other_file = f
                .exchange
                .token
                .and_then(|t| t.claims.str(other))
                .and_then(workflow_file)
                .map(|(_, file)| file);
            // PyPI: the job's workflow lives in another repository, which no publisher of
            // this repository can name.
            if let Some((repo, file)) = found.and_then(|v| v.split_once("/.github/workflows/")) {
                return Some(at(
                    codes::PUBLISHER_REUSABLE_WORKFLOW,
                    format!(
                        "the job's workflow, which {} compares (`{}`), is `{file}` of `{repo}`: a reusable workflow of another repository, which a publisher of this repository cannot name",
                        registry.name(),
                        c.claim
                    ),
                    format!(
                        "run the publishing step in `{}` itself rather than in a reusable workflow of another repository",
                        c.expected
                    ),
                ));
            }
            if other_file == Some(c.expected.as_str()) {
                return Some(at(
                    codes::PUBLISHER_REUSABLE_WORKFLOW,
                    format!(
                        "the workflow {} compares, in `{}`, is {}, and `{}` is the one in `{other}`: the job runs a reusable workflow, or is called from one",
                        registry.name(),
                        c.claim,
                        found.map_or_else(|| "absent".to_owned(), |v| format!("`{v}`")),
                        c.expected
                    ),
                    format!(
                        "name `{}` on the publisher",
                        found.unwrap_or_default()
                    ),
                ));
            }
            near_miss(c, "the workflow file")
        }
        Field::Owner | Field::Repository => near_miss(c, "the name"),
    }
}

/// The near-miss hint of a name.
fn near_miss(c: &PublisherCheck, what: &str) -> Option<Hint> {
    let found = c.found.as_deref()?;
    let nm = c.near_miss.as_ref();
    Some(Hint {
        span: Some(c.span),
        closest: Some(c.expected.clone()),
        request_value: Some(found.to_owned()),
        offset: nm.map(|n| n.offset),
        ..hint(
            codes::NEAR_MISS,
            Source::Policy,
            c.pointer.clone(),
            nm.map_or_else(
                || {
                    format!(
                        "the token's `{}` is `{found}`, the publisher's {} `{}`",
                        c.claim,
                        c.field.name(),
                        c.expected
                    )
                },
                crate::explain::NearMiss::sentence,
            ),
            format!("if this workflow should publish, set {what} to `{found}` on the publisher"),
        )
    })
}
