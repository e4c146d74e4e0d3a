//! The token exchange, in the registry's order, as typed data:
//!
//! 1. `publishers`: the package has trusted publishers (read);
//! 2. `token`: a token is given;
//! 3. `issuer`: `iss` is GitHub Actions' (each registry verifies with that issuer's keys);
//! 4. `audience`: `aud` is the registry's (crates.io takes a string only: a list fails its
//!    claims type);
//! 5. `validity`: `exp` (and for crates.io `iat`) present, `now` within `nbf`/`iat`..`exp`;
//!    no leeway is modelled (UNCONFIRMED for every registry);
//! 6. `publisher`: a publisher of the registry names the token's owner and repository
//!    (case-insensitively), the owner's id (exactly, where recorded), the workflow file
//!    (exactly; PyPI from `job_workflow_ref`, crates.io and npm from `workflow_ref`) and,
//!    when it pins one, the environment (case-insensitively). PyPI looks the publisher up by
//!    names, workflow and environment and then checks the owner id (`Check failed for
//!    required claim 'repository_owner_id'`); the others refuse any mismatch alike.
//!
//! PyPI also compares the `repo:OWNER/REPO` head of `sub`; for GitHub tokens it repeats
//! the repository check, and its handling of the immutable `owner@id/repo@id` form is
//! UNCONFIRMED, so it is not modelled as a separate refusal.

use serde::Serialize;

use super::publisher::{Field, Publisher};
use super::{GITHUB_ISSUER, Registry};
use crate::token::{Claims, Token};

/// The exchange's stages, in order.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum PublishingStage {
    /// The request could not be read.
    Request,
    /// The package's trusted publishers.
    Publishers,
    /// A token is given.
    Token,
    /// `iss`.
    Issuer,
    /// `aud`.
    Audience,
    /// `exp`, `nbf`, `iat`.
    Validity,
    /// A publisher matches the token.
    Publisher,
}

impl PublishingStage {
    /// The stages every answer reports, in order.
    pub const ORDER: [PublishingStage; 6] = [
        PublishingStage::Publishers,
        PublishingStage::Token,
        PublishingStage::Issuer,
        PublishingStage::Audience,
        PublishingStage::Validity,
        PublishingStage::Publisher,
    ];
}

/// How one comparison went.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Outcome {
    /// Equal (case-insensitively where the registry folds case).
    Matched,
    /// Different.
    NotMatched,
    /// The token lacks the claim.
    Missing,
    /// The registry does not compare it here (no environment pinned, no owner id
    /// recorded).
    NotChecked,
}

/// One comparison of a publisher field with the token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    /// The publisher's field.
    pub field: Field,
    /// The claim it is compared with.
    pub claim: &'static str,
    /// The token's value (for the workflow, the file name read from the claim).
    pub found: Option<String>,
    /// Whether the comparison ignores case.
    pub case_insensitive: bool,
    /// How it went.
    pub outcome: Outcome,
}

/// One publisher against the token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// Its index among the publishers read.
    pub index: usize,
    /// Every comparison, in [`Field::ORDER`].
    pub checks: Vec<Check>,
}

impl Candidate {
    /// Whether every compared field matched.
    pub fn matched(&self) -> bool {
        self.checks
            .iter()
            .all(|c| matches!(c.outcome, Outcome::Matched | Outcome::NotChecked))
    }

    /// How many fields matched.
    pub fn score(&self) -> usize {
        self.checks
            .iter()
            .filter(|c| c.outcome == Outcome::Matched)
            .count()
    }

    /// The comparison of `field`.
    pub fn check(&self, field: Field) -> Option<&Check> {
        self.checks.iter().find(|c| c.field == field)
    }
}

/// Why the registry refuses (or why there is no answer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The request could not be read.
    Request,
    /// No publisher could be read (`unreadable`: the text itself), or none was given.
    NoPublishers {
        /// Whether publishers were given but could not be read.
        unreadable: bool,
    },
    /// No token.
    MissingToken,
    /// `iss` is not GitHub Actions'.
    Issuer,
    /// `aud` is not the registry's.
    Audience,
    /// `aud` is a list, which crates.io's claims type does not take.
    AudienceList,
    /// A required time claim is missing.
    MissingTime(&'static str),
    /// `exp` is past.
    Expired,
    /// `nbf` or `iat` is in the future.
    NotYetValid,
    /// No publisher matches.
    NotFound,
    /// PyPI found a publisher by names, workflow and environment, and a required claim
    /// differs.
    CheckFailed(&'static str),
}

impl Refusal {
    /// The stage that refused.
    pub fn stage(&self) -> PublishingStage {
        match self {
            Refusal::Request => PublishingStage::Request,
            Refusal::NoPublishers { .. } => PublishingStage::Publishers,
            Refusal::MissingToken => PublishingStage::Token,
            Refusal::Issuer => PublishingStage::Issuer,
            Refusal::Audience | Refusal::AudienceList => PublishingStage::Audience,
            Refusal::MissingTime(_) | Refusal::Expired | Refusal::NotYetValid => {
                PublishingStage::Validity
            }
            Refusal::NotFound | Refusal::CheckFailed(_) => PublishingStage::Publisher,
        }
    }

    /// Whether the answer is an input problem rather than the registry's refusal.
    pub fn undecided(&self) -> bool {
        matches!(
            self,
            Refusal::Request | Refusal::NoPublishers { .. } | Refusal::MissingToken
        )
    }

    /// The registry's error code and text, and whether the text is the registry's own
    /// (from its source or a transcript, per the semantics reference) rather than inferred.
    /// PyPI's token errors are PyJWT's messages under warehouse's `invalid-token` code and
    /// npm's texts are unknown: those are `observed: false`.
    pub fn error(&self, registry: Registry) -> Option<(String, String, bool)> {
        if self.undecided() {
            return None;
        }
        let token_error = |pyjwt: &str, plain: &str| match registry {
            Registry::PyPi => ("invalid-token".to_owned(), pyjwt.to_owned(), false),
            Registry::CratesIo => ("400".to_owned(), plain.to_owned(), false),
            Registry::Npm => ("unknown".to_owned(), plain.to_owned(), false),
        };
        Some(match self {
            Refusal::Issuer => token_error("Invalid issuer", "the token's issuer is not GitHub Actions'"),
            Refusal::Audience | Refusal::AudienceList => token_error(
                "Audience doesn't match",
                "the token's audience is not the registry's",
            ),
            Refusal::MissingTime(c) => {
                let pyjwt = format!("Token is missing the \"{c}\" claim");
                token_error(&pyjwt, &pyjwt)
            }
            Refusal::Expired => token_error("Signature has expired", "the token has expired"),
            Refusal::NotYetValid => token_error(
                "The token is not yet valid (nbf)",
                "the token is not valid yet",
            ),
            Refusal::NotFound => match registry {
                Registry::PyPi => (
                    "invalid-publisher".to_owned(),
                    "valid token, but no corresponding publisher (Publisher with matching claims was not found)".to_owned(),
                    true,
                ),
                Registry::CratesIo => (
                    "400".to_owned(),
                    "No matching Trusted Publishing config found".to_owned(),
                    true,
                ),
                Registry::Npm => (
                    "unknown".to_owned(),
                    "no trusted publisher of the package matches the workflow".to_owned(),
                    false,
                ),
            },
            // warehouse's message inside its `invalid-publisher` sentence: the composition
            // is inferred.
            Refusal::CheckFailed(c) => (
                "invalid-publisher".to_owned(),
                format!("valid token, but no corresponding publisher (Check failed for required claim '{c}')"),
                false,
            ),
            Refusal::Request | Refusal::NoPublishers { .. } | Refusal::MissingToken => {
                return None;
            }
        })
    }
}

/// What the exchange is decided on.
#[derive(Debug, Clone, Copy)]
pub struct Exchange<'a> {
    /// The registry.
    pub registry: Registry,
    /// Its publishers, as read.
    pub publishers: &'a [Publisher],
    /// Whether publishers were given but some could not be read.
    pub unreadable: bool,
    /// The token (`None`: none given).
    pub token: Option<&'a Token>,
    /// The evaluation time.
    pub now: i64,
}

/// The exchange as typed data.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Verdict {
    /// Why the registry refuses; `None` when it mints an upload token.
    pub refusal: Option<Refusal>,
    /// Every publisher against the token (empty when the exchange stopped earlier).
    pub candidates: Vec<Candidate>,
    /// The publisher that matched, or the closest one.
    pub closest: Option<usize>,
}

impl Verdict {
    /// The deciding stage: the failing one, or `publisher` when accepted.
    pub fn stage(&self) -> PublishingStage {
        self.refusal
            .as_ref()
            .map_or(PublishingStage::Publisher, Refusal::stage)
    }
}

/// The workflow file in a `job_workflow_ref` / `workflow_ref`
/// (`OWNER/REPO/.github/workflows/FILE@REF`), with the repository it lives in.
pub fn workflow_file(reference: &str) -> Option<(&str, &str)> {
    let path = reference.split_once('@').map_or(reference, |(p, _)| p);
    let (repo, file) = path.split_once("/.github/workflows/")?;
    Some((repo, file))
}

/// The owner and name of the token's repository.
pub(crate) fn repository(claims: &Claims) -> (Option<&str>, Option<&str>) {
    let full = claims.str("repository");
    let owner = claims
        .str("repository_owner")
        .or_else(|| full.and_then(|r| r.split_once('/')).map(|(o, _)| o));
    let name = full.map(|r| r.split_once('/').map_or(r, |(_, n)| n));
    (owner, name)
}

/// One publisher against the claims.
fn candidate(index: usize, p: &Publisher, claims: &Claims) -> Candidate {
    let (owner, name) = repository(claims);
    let compare = |found: Option<&str>, expected: &str, fold: bool| match found {
        None => Outcome::Missing,
        Some(f) if (fold && f.to_lowercase() == expected.to_lowercase()) || f == expected => {
            Outcome::Matched
        }
        Some(_) => Outcome::NotMatched,
    };
    let mut checks = vec![
        Check {
            field: Field::Owner,
            claim: "repository_owner",
            found: owner.map(str::to_owned),
            case_insensitive: true,
            outcome: compare(owner, &p.owner, true),
        },
        Check {
            field: Field::Repository,
            claim: "repository",
            found: name.map(str::to_owned),
            case_insensitive: true,
            outcome: compare(name, &p.repository, true),
        },
    ];
    let owner_id = claims.str("repository_owner_id");
    checks.push(Check {
        field: Field::OwnerId,
        claim: "repository_owner_id",
        found: owner_id.map(str::to_owned),
        case_insensitive: false,
        outcome: match &p.owner_id {
            Some(id) if p.registry.checks_owner_id() => compare(owner_id, id, false),
            _ => Outcome::NotChecked,
        },
    });
    let claim = p.registry.workflow_claim();
    let reference = claims.str(claim);
    let parsed = reference.and_then(workflow_file);
    // PyPI also requires the job's workflow to live in the publisher's repository (the
    // token's own, once the names match): a reusable workflow of another repository does
    // not match, so the trace shows its path.
    let in_repository = |repo: &str| {
        claims
            .str("repository")
            .is_some_and(|r| r.to_lowercase() == repo.to_lowercase())
    };
    let found = match parsed {
        Some((repo, file)) if p.registry != Registry::PyPi || in_repository(repo) => {
            Some(file.to_owned())
        }
        Some((repo, file)) => Some(format!("{repo}/.github/workflows/{file}")),
        None => reference.map(str::to_owned),
    };
    checks.push(Check {
        field: Field::Workflow,
        claim,
        outcome: compare(found.as_deref(), &p.workflow, false),
        found,
        case_insensitive: false,
    });
    let environment = claims.str("environment");
    checks.push(Check {
        field: Field::Environment,
        claim: "environment",
        found: environment.map(str::to_owned),
        case_insensitive: true,
        outcome: if p.environment.is_empty() {
            Outcome::NotChecked
        } else {
            compare(environment, &p.environment, true)
        },
    });
    Candidate { index, checks }
}

/// Decides the exchange.
pub fn run(e: &Exchange<'_>) -> Verdict {
    let mut v = Verdict::default();
    if let Err(r) = stages(e, &mut v) {
        v.refusal = Some(r);
    }
    v
}

fn stages(e: &Exchange<'_>, v: &mut Verdict) -> Result<(), Refusal> {
    if e.publishers.is_empty() {
        return Err(Refusal::NoPublishers {
            unreadable: e.unreadable,
        });
    }
    let token = e.token.ok_or(Refusal::MissingToken)?;
    let claims = &token.claims;
    if claims.issuer() != Some(GITHUB_ISSUER) {
        return Err(Refusal::Issuer);
    }
    let audience = e.registry.audience();
    match claims.get("aud") {
        Some(serde_json::Value::String(s)) if s == audience => {}
        Some(serde_json::Value::Array(items))
            if items.iter().any(|a| a.as_str() == Some(audience)) =>
        {
            if e.registry == Registry::CratesIo {
                return Err(Refusal::AudienceList);
            }
        }
        _ => return Err(Refusal::Audience),
    }
    let time = |name| claims.get(name).and_then(serde_json::Value::as_i64);
    let exp = time("exp").ok_or(Refusal::MissingTime("exp"))?;
    let iat = time("iat");
    if e.registry == Registry::CratesIo && iat.is_none() {
        return Err(Refusal::MissingTime("iat"));
    }
    if e.now > exp {
        return Err(Refusal::Expired);
    }
    if time("nbf").into_iter().chain(iat).any(|t| t > e.now) {
        return Err(Refusal::NotYetValid);
    }
    v.candidates = e
        .publishers
        .iter()
        .enumerate()
        .map(|(i, p)| candidate(i, p, claims))
        .collect();
    let winner = v.candidates.iter().position(Candidate::matched);
    v.closest = winner.or_else(|| {
        // The first of the best: most fields matched.
        let best = v.candidates.iter().map(Candidate::score).max()?;
        v.candidates.iter().position(|c| c.score() == best)
    });
    if winner.is_some() {
        return Ok(());
    }
    if e.registry == Registry::PyPi {
        // Looked up by everything but the owner id, then checked.
        let found = v.candidates.iter().find(|c| {
            c.checks.iter().all(|k| {
                k.field == Field::OwnerId
                    || matches!(k.outcome, Outcome::Matched | Outcome::NotChecked)
            })
        });
        if let Some(c) = found {
            v.closest = Some(c.index);
            return Err(Refusal::CheckFailed("repository_owner_id"));
        }
    }
    Err(Refusal::NotFound)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_files() {
        assert_eq!(
            workflow_file("octo-org/app/.github/workflows/release.yml@refs/tags/v1"),
            Some(("octo-org/app", "release.yml"))
        );
        assert_eq!(workflow_file("octo-org/app"), None);
    }
}
