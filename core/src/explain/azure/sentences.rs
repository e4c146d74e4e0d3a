//! Entra ID's verdict in sentences: each stage's detail, the one-sentence summary, and
//! the verdict's state.

use std::fmt::Write as _;

use super::trace::{ClauseTrace, CredentialOutcome, CredentialTrace, CredentialsTrace};
use crate::azure::entra::{AzureStage, Refusal, Verdict};
use crate::azure::expression::ClauseOutcome;
use crate::diagnostic::Diagnostic;
use crate::explain::{StageReport, StageStatus, VerdictState, ticked};
use crate::time;
use crate::token::Claims;

/// A stage's name in a sentence.
pub fn stage_name(stage: AzureStage) -> &'static str {
    match stage {
        AzureStage::Request => "request",
        AzureStage::Token => "token",
        AzureStage::Lifetime => "lifetime",
        AzureStage::Issuer => "issuer",
        AzureStage::Audience => "audience",
        AzureStage::Subject => "subject",
    }
}

/// A credential's name in a sentence: ``credential 0 (`main`)``.
pub fn credential_name(t: &CredentialTrace) -> String {
    match &t.name {
        Some(n) => format!("credential {} (`{n}`)", t.index),
        None => format!("credential {}", t.index),
    }
}

/// What the answer amounts to.
pub fn verdict_state(verdict: &Verdict, diagnostics: &[Diagnostic]) -> VerdictState {
    let warned = || diagnostics.iter().any(Diagnostic::is_lint_warning);
    match &verdict.refusal {
        None if warned() => VerdictState::AcceptedWithWarnings,
        None => VerdictState::Accepted,
        Some(Refusal::Request { .. } | Refusal::Token(_) | Refusal::NoCredentials { .. }) => {
            VerdictState::Undecided
        }
        Some(_) => VerdictState::Refused,
    }
}

/// One clause's outcome in words: the clause, `true` or `false`, and the token's value.
pub fn clause(c: &ClauseTrace) -> String {
    let have = c
        .request_value
        .as_deref()
        .map_or_else(String::new, |v| format!(" (`{v}`)"));
    match c.outcome {
        ClauseOutcome::Holds => format!("`{}`: true{have}", c.text),
        ClauseOutcome::Differs => match &c.near_miss {
            Some(m) => format!(
                "`{}`: false, the token has `{}`, which {}",
                c.text,
                m.request_value,
                parts(m)
            ),
            None => format!("`{}`: false{have}", c.text),
        },
        ClauseOutcome::ClaimMissing => format!(
            "`{}`: false, the token has no `{}` claim (UNCONFIRMED: read as false)",
            c.text, c.claim
        ),
        ClauseOutcome::NotAString => format!(
            "`{}`: false, the token's `{}` is not a string, number or boolean",
            c.text, c.claim
        ),
    }
}

/// Where a value parts from the token's, in words.
pub fn parts(m: &crate::explain::NearMiss) -> String {
    let expected = if m.expected.is_empty() {
        "nothing more".to_owned()
    } else {
        format!("`{}`", m.expected)
    };
    let found = if m.found.is_empty() {
        "the end of the token's value".to_owned()
    } else {
        format!("`{}`", m.found)
    };
    format!(
        "parts from it at character {}: expected {expected}, found {found}",
        m.offset
    )
}

/// Why the closest credential did not admit the token, in words.
fn closest_reason(t: &CredentialTrace) -> String {
    let name = credential_name(t);
    match t.outcome {
        CredentialOutcome::SubjectCaseOnly => {
            let s = t.subject.as_ref().map_or("", |s| s.value.as_str());
            format!(
                "{name} has `{s}`, equal but for letter case, and Entra compares case-sensitively"
            )
        }
        CredentialOutcome::SubjectDiffers => match t.subject.as_ref() {
            Some(s) => match &s.near_miss {
                Some(m) => format!("the closest is {name}, `{}`, which {}", s.value, parts(m)),
                None => format!("the closest is {name}, `{}`", s.value),
            },
            None => format!("the closest is {name}"),
        },
        CredentialOutcome::ExpressionFalse => {
            let false_clauses: Vec<String> = t
                .clauses
                .iter()
                .filter(|c| c.outcome != ClauseOutcome::Holds)
                .map(clause)
                .collect();
            format!(
                "the closest is {name}, whose expression is false: {}",
                false_clauses.join("; ")
            )
        }
        _ => format!("the closest is {name}"),
    }
}

/// Credential names as a list: `credential 0 (`a`) has`, `credential 0 and credential 1 have`.
fn names_have(names: &[String]) -> String {
    match names {
        [] => "no credential has".to_owned(),
        [one] => format!("{one} has"),
        many => format!("{} have", many.join(", ")),
    }
}

fn evaluable(trace: Option<&CredentialsTrace>) -> Vec<&CredentialTrace> {
    trace.map_or_else(Vec::new, |t| {
        t.credentials
            .iter()
            .filter(|c| {
                !matches!(
                    c.outcome,
                    CredentialOutcome::NotEvaluated | CredentialOutcome::NotCompared
                )
            })
            .collect()
    })
}

/// The detail of one stage.
pub fn stage_detail(
    stage: AzureStage,
    status: StageStatus,
    verdict: &Verdict,
    trace: Option<&CredentialsTrace>,
    now: i64,
) -> String {
    let claims = verdict.claims();
    let claim = |name: &str| {
        claims
            .and_then(|c| c.str(name))
            .unwrap_or_default()
            .to_owned()
    };
    if status == StageStatus::NotReached {
        return format!(
            "not reached: Entra stopped at the {} check",
            stage_name(verdict.stage())
        );
    }
    let failed = status == StageStatus::Failed;
    let comparable = evaluable(trace);
    match stage {
        AzureStage::Request => String::new(),
        AzureStage::Token => match (&verdict.refusal, &verdict.token) {
            (Some(Refusal::Token(e)), _) if failed => format!("the token cannot be decoded: {e}"),
            (Some(Refusal::Algorithm(alg)), _) if failed => {
                format!("`alg` is `{alg}`: no key an issuer publishes can check the signature")
            }
            (Some(Refusal::MissingClaim(c)), _) if failed => {
                format!("the token has no `{c}` claim, which a client assertion must carry")
            }
            (Some(Refusal::TimeNotInteger(c)), _) if failed => {
                format!("`{c}` is not a whole number of seconds")
            }
            (Some(Refusal::EntraIssued), _) if failed => format!(
                "the token was issued by Entra ID itself (`{}`), and Entra does not federate its own tokens",
                claim("iss")
            ),
            (_, Some(t)) if t.header.is_none() => {
                "claims given as JSON: the signature and algorithm are assumed to check out"
                    .to_owned()
            }
            (_, Some(t)) => format!(
                "a compact JWT with `alg` `{}`; the signature is not verified offline",
                t.alg().unwrap_or("(none)")
            ),
            _ => String::new(),
        },
        AzureStage::Lifetime => {
            let exp = claims
                .and_then(|c| c.get("exp"))
                .and_then(serde_json::Value::as_i64);
            let nbf = claims
                .and_then(|c| c.get("nbf"))
                .and_then(serde_json::Value::as_i64);
            match &verdict.refusal {
                Some(Refusal::Expired { exp, .. }) if failed && *exp == now => format!(
                    "the token expires at {}, the evaluation time itself; Entra allows no grace",
                    time::utc(*exp)
                ),
                Some(Refusal::Expired { exp, .. }) if failed => format!(
                    "the token expired at {} ({} the evaluation time); Entra allows no grace",
                    time::utc(*exp),
                    time::relative(*exp, now)
                ),
                Some(Refusal::NotYetValid { nbf, .. }) if failed => format!(
                    "the token is valid only from {} ({} the evaluation time)",
                    time::utc(*nbf),
                    time::relative(*nbf, now)
                ),
                _ => match (nbf, exp) {
                    (Some(n), Some(e)) => format!(
                        "valid from {} until {}; the evaluation time lies within",
                        time::utc(n),
                        time::utc(e)
                    ),
                    (None, Some(e)) => format!(
                        "valid until {} ({} the evaluation time)",
                        time::utc(e),
                        time::relative(e, now)
                    ),
                    _ => String::new(),
                },
            }
        }
        AzureStage::Issuer => {
            let iss = claim("iss");
            match &verdict.refusal {
                Some(Refusal::NoCredentials { unreadable: false }) if failed => {
                    "no federated identity credentials were given, so there is nothing to decide with"
                        .to_owned()
                }
                Some(Refusal::NoCredentials { unreadable: true }) if failed => {
                    "the federated identity credentials could not be read, or none is one Entra would hold (see the diagnostics)"
                        .to_owned()
                }
                Some(Refusal::Issuer { none_configured: true }) if failed => {
                    "the identity has no federated identity credential".to_owned()
                }
                Some(Refusal::Issuer { .. }) if failed => {
                    let closest = comparable
                        .iter()
                        .filter_map(|c| c.issuer.as_ref().map(|i| (c, i)))
                        .max_by_key(|(_, i)| i.near_miss.as_ref().map_or(0, |m| m.offset));
                    let mut s = match comparable.len() {
                        1 => format!("the one credential does not have the issuer `{iss}`"),
                        n => format!("none of the {n} credentials has the issuer `{iss}`"),
                    };
                    if let Some((c, i)) = closest
                        && let Some(m) = &i.near_miss
                        && m.offset > 0
                    {
                        let _ = write!(
                            s,
                            "; the closest, {}, has `{}`, which {}",
                            credential_name(c),
                            i.value,
                            parts(m)
                        );
                    }
                    s
                }
                _ => {
                    let with: Vec<String> = comparable
                        .iter()
                        .filter(|c| c.issuer.as_ref().is_some_and(|i| i.matched))
                        .map(|c| credential_name(c))
                        .collect();
                    format!("{} the issuer `{iss}`", names_have(&with))
                }
            }
        }
        AzureStage::Audience => {
            let aud = claims.map(Claims::audiences).unwrap_or_default();
            let aud = ticked(aud);
            if failed {
                let values: Vec<&str> = comparable
                    .iter()
                    .filter(|c| c.outcome == CredentialOutcome::AudienceDiffers)
                    .filter_map(|c| c.audience.as_ref().map(|a| a.value.as_str()))
                    .collect();
                format!(
                    "the token's `aud` is {aud}, but the credentials for its issuer have {}",
                    ticked(values)
                )
            } else {
                let with: Vec<String> = comparable
                    .iter()
                    .filter(|c| {
                        c.issuer.as_ref().is_some_and(|i| i.matched)
                            && c.audience.as_ref().is_some_and(|a| a.matched)
                    })
                    .map(|c| credential_name(c))
                    .collect();
                format!("{} the audience {aud}", names_have(&with))
            }
        }
        AzureStage::Subject => {
            let sub = claim("sub");
            if failed {
                let case_only = matches!(
                    verdict.refusal,
                    Some(Refusal::Subject {
                        case_only: true,
                        ..
                    })
                );
                let mut s = if case_only {
                    format!(
                        "no credential for this issuer and audience has the subject `{sub}` byte for byte"
                    )
                } else {
                    format!("no credential for this issuer and audience admits the subject `{sub}`")
                };
                if let Some(t) = trace.and_then(CredentialsTrace::closest_credential) {
                    s.push_str("; ");
                    s.push_str(&closest_reason(t));
                }
                s
            } else {
                match trace.and_then(|t| t.credential(t.matched?)) {
                    Some(t) if t.subject.is_some() => {
                        format!("{} has the subject `{sub}`", credential_name(t))
                    }
                    Some(t) => {
                        let clauses: Vec<String> = t.clauses.iter().map(clause).collect();
                        format!(
                            "the expression of {} holds: {}",
                            credential_name(t),
                            clauses.join("; ")
                        )
                    }
                    None => String::new(),
                }
            }
        }
    }
}

/// Every stage in Entra's order: passed, failed (the deciding one) or not reached. None for
/// a request that could not be read.
pub fn stage_reports(
    verdict: &Verdict,
    trace: Option<&CredentialsTrace>,
    now: i64,
) -> Vec<StageReport<AzureStage>> {
    let deciding = verdict.stage();
    if deciding == AzureStage::Request {
        return Vec::new();
    }
    crate::explain::stage_reports(
        &AzureStage::ORDER,
        (!verdict.accepted()).then_some((deciding, StageStatus::Failed)),
        |_| StageStatus::Passed,
        |stage, status| stage_detail(stage, status, verdict, trace, now),
    )
}

/// The verdict in one sentence, from the deciding stage's detail.
pub fn summary(verdict: &Verdict, detail: &str) -> String {
    match &verdict.refusal {
        None => format!("Accepted: {detail}"),
        Some(Refusal::Request { .. }) => detail.to_owned(),
        Some(Refusal::NoCredentials { .. } | Refusal::Token(_)) => format!("Undecided: {detail}"),
        Some(r) => format!("Refused at the {} check: {detail}", stage_name(r.stage())),
    }
}
