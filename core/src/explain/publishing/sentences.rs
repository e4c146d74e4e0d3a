//! The stages in sentences, the one-sentence summary, and the verdict state.

use super::trace::PublisherTrace;
use crate::diagnostic::{Diagnostic, Severity};
use crate::explain::{StageReport, StageStatus, VerdictState, ticked};
use crate::publishing::GITHUB_ISSUER;
use crate::publishing::exchange::{Exchange, Outcome, PublishingStage, Refusal, Verdict};
use crate::time::utc;

/// What the sentences are written from.
#[derive(Debug, Clone, Copy)]
pub struct Facts<'a> {
    /// The exchange's inputs.
    pub exchange: &'a Exchange<'a>,
    /// The verdict.
    pub verdict: &'a Verdict,
    /// The trace.
    pub trace: &'a [PublisherTrace],
}

impl Facts<'_> {
    fn claim(&self, name: &str) -> Option<&str> {
        self.exchange.token.and_then(|t| t.claims.str(name))
    }

    /// The token's `exp`, if it has one.
    pub(crate) fn exp(&self) -> Option<i64> {
        self.exchange
            .token
            .and_then(|t| t.claims.get("exp"))
            .and_then(serde_json::Value::as_i64)
    }

    fn closest(&self) -> Option<&PublisherTrace> {
        self.trace.iter().find(|t| t.closest)
    }
}

/// A stage's name in a sentence.
pub fn stage_name(stage: PublishingStage) -> &'static str {
    match stage {
        PublishingStage::Request => "request",
        PublishingStage::Publishers => "publishers",
        PublishingStage::Token => "token",
        PublishingStage::Issuer => "issuer",
        PublishingStage::Audience => "audience",
        PublishingStage::Validity => "validity",
        PublishingStage::Publisher => "publisher",
    }
}

/// Every stage, in order, with its status and a sentence.
pub fn stage_reports(f: &Facts<'_>) -> Vec<StageReport<PublishingStage>> {
    let deciding = f.verdict.refusal.as_ref().map(Refusal::stage);
    crate::explain::stage_reports(
        &PublishingStage::ORDER,
        deciding.map(|stage| (stage, StageStatus::Failed)),
        |_| StageStatus::Passed,
        |stage, status| match status {
            StageStatus::NotReached => format!(
                "not reached: {} stopped at the {} stage",
                f.exchange.registry.name(),
                deciding.map_or("", stage_name)
            ),
            StageStatus::Failed => failed(f),
            _ => passed(stage, f),
        },
    )
}

fn passed(stage: PublishingStage, f: &Facts<'_>) -> String {
    let registry = f.exchange.registry;
    match stage {
        PublishingStage::Request => String::new(),
        PublishingStage::Publishers => {
            let n = f.exchange.publishers.len();
            format!(
                "{n} {} trusted publisher{} read",
                registry.name(),
                if n == 1 { "" } else { "s" }
            )
        }
        PublishingStage::Token => match f.exchange.token.map(|t| t.format) {
            Some(crate::token::TokenFormat::Claims) => {
                "claims were given (no JWT): the signature is not checked".to_owned()
            }
            _ => "a JWT was given (its signature is not verified here)".to_owned(),
        },
        PublishingStage::Issuer => format!("`iss` is `{GITHUB_ISSUER}`"),
        PublishingStage::Audience => format!("`aud` is `{}`", registry.audience()),
        PublishingStage::Validity => {
            let exp = f.exp().unwrap_or_default();
            format!(
                "valid until {}, evaluated at {} (no leeway modelled)",
                utc(exp),
                utc(f.exchange.now)
            )
        }
        PublishingStage::Publisher => match f.closest() {
            Some(t) => format!(
                "publisher {} matches (`{}`, workflow `{}`{})",
                t.index,
                t.repository,
                t.workflow,
                if t.environment.is_empty() {
                    ", any environment".to_owned()
                } else {
                    format!(", environment `{}`", t.environment)
                }
            ),
            None => String::new(),
        },
    }
}

fn failed(f: &Facts<'_>) -> String {
    let Some(refusal) = &f.verdict.refusal else {
        return String::new();
    };
    let registry = f.exchange.registry;
    let shown = |name: &str| {
        f.claim(name)
            .map_or_else(|| "absent".to_owned(), |v| format!("`{v}`"))
    };
    match refusal {
        Refusal::Request => "the request cannot be read".to_owned(),
        Refusal::NoPublishers { unreadable: true } => {
            "the trusted publishers cannot be read, so the registry's answer cannot be given"
                .to_owned()
        }
        Refusal::NoPublishers { unreadable: false } => format!(
            "no {} trusted publisher was given, so the answer cannot be given",
            registry.name()
        ),
        Refusal::MissingToken => "no token was given".to_owned(),
        Refusal::Issuer => format!(
            "`iss` is {}, not GitHub Actions' `{GITHUB_ISSUER}`",
            shown("iss")
        ),
        Refusal::Audience => {
            let aud = f
                .exchange
                .token
                .map(|t| t.claims.audiences())
                .unwrap_or_default();
            format!(
                "`aud` is {}, not {}'s `{}`",
                if aud.is_empty() {
                    "absent".to_owned()
                } else {
                    ticked(aud.iter().copied())
                },
                registry.name(),
                registry.audience()
            )
        }
        Refusal::AudienceList => format!(
            "`aud` is a list; crates.io takes only the string `{}`",
            registry.audience()
        ),
        Refusal::MissingTime(c) => {
            format!("the token has no `{c}`, which {} requires", registry.name())
        }
        Refusal::Expired => {
            let exp = f.exp().unwrap_or_default();
            format!(
                "the token expired at {}, before the evaluation time {}",
                utc(exp),
                utc(f.exchange.now)
            )
        }
        Refusal::NotYetValid => format!(
            "the token's `nbf` or `iat` is after the evaluation time {}",
            utc(f.exchange.now)
        ),
        Refusal::NotFound | Refusal::CheckFailed(_) => match f.closest() {
            Some(t) => {
                let misses: Vec<String> = t
                    .checks
                    .iter()
                    .filter(|c| matches!(c.outcome, Outcome::NotMatched | Outcome::Missing))
                    .map(|c| {
                        format!(
                            "{} `{}` where the token has {}",
                            c.field.name(),
                            c.expected,
                            c.found
                                .as_deref()
                                .map_or_else(|| format!("no `{}`", c.claim), |v| format!("`{v}`"))
                        )
                    })
                    .collect();
                format!(
                    "no publisher matches; the closest, publisher {} (`{}`), differs in {}",
                    t.index,
                    t.repository,
                    misses.join("; ")
                )
            }
            None => "no publisher matches".to_owned(),
        },
    }
}

/// The verdict in one sentence.
pub fn summary(f: &Facts<'_>, stages: &[StageReport<PublishingStage>]) -> String {
    let registry = f.exchange.registry;
    match &f.verdict.refusal {
        None => format!(
            "{} lets the workflow publish: {}",
            registry.name(),
            stages
                .iter()
                .find(|s| s.stage == PublishingStage::Publisher)
                .map_or("", |s| s.detail.as_str())
        ),
        Some(r) => {
            let detail = stages
                .iter()
                .find(|s| s.status == StageStatus::Failed)
                .map_or("", |s| s.detail.as_str());
            if r.undecided() {
                detail.to_owned()
            } else {
                format!(
                    "{} refuses the token at the {} stage: {detail}",
                    registry.name(),
                    stage_name(r.stage())
                )
            }
        }
    }
}

/// What the answer amounts to.
pub fn state(verdict: &Verdict, diagnostics: &[Diagnostic]) -> VerdictState {
    let reading_error = diagnostics.iter().any(|d| {
        d.severity == Severity::Error && d.code == crate::codes::INVALID_TRUSTED_PUBLISHER
    });
    match &verdict.refusal {
        Some(r) if r.undecided() => VerdictState::Undecided,
        // A publisher that could not be read might be the one that matches.
        Some(_) if reading_error => VerdictState::Undecided,
        Some(_) => VerdictState::Refused,
        None if diagnostics.iter().any(Diagnostic::is_lint_warning) => {
            VerdictState::AcceptedWithWarnings
        }
        None => VerdictState::Accepted,
    }
}
