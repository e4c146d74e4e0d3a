//! The sentences of an AWS verdict: one per condition, one per stage, and the summary.

use serde::Serialize;

use super::super::ticked;
use crate::aws::eval::{ConditionResult, Outcome, OutcomeKind};
use crate::aws::policy::Condition;
use crate::aws::sts::{IssuerMiss, Refusal, Stage, Verdict};
use crate::time::duration;
use crate::token::TokenFormat;

/// How a stage went.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum StageStatus {
    /// The stage passed.
    Passed,
    /// The stage failed: it decided.
    Failed,
    /// AWS stopped before it.
    NotReached,
}

/// One stage's report.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StageReport {
    /// Which stage.
    pub stage: Stage,
    /// How it went.
    pub status: StageStatus,
    /// What was checked, in a sentence.
    pub detail: String,
}

/// A condition outcome's name for people: `matched`, `not matched`, `claim missing`...
pub fn outcome_name(outcome: OutcomeKind) -> &'static str {
    match outcome {
        OutcomeKind::Matched => "matched",
        OutcomeKind::NotMatched => "not matched",
        OutcomeKind::AllValues => "all values match",
        OutcomeKind::KeyMissing => "claim missing",
        OutcomeKind::KeyNotSupplied => "key not supplied by AWS",
        OutcomeKind::AbsentIfExists => "absent (IfExists)",
        OutcomeKind::Null => "Null check",
        OutcomeKind::NotModelled => "not evaluated",
    }
}

/// A stage's name for people, lowercase: `token`, `required claims`, `OIDC provider`,
/// `audience`, `expiry`, `trust policy` (the wire name is [`Stage::as_str`]).
pub fn stage_name(stage: Stage) -> &'static str {
    match stage {
        Stage::Request => "request",
        Stage::Token => "token",
        Stage::Claims => "required claims",
        Stage::Issuer => "OIDC provider",
        Stage::Audience => "audience",
        Stage::Expiry => "expiry",
        Stage::Policy => "trust policy",
    }
}

/// The claim an audience check read, in backticks.
fn via(verdict: &Verdict) -> &'static str {
    match verdict.provider.as_ref().map(|p| p.audience_claim) {
        Some("azp") => "`azp`",
        _ => "`aud`",
    }
}

/// What a stage found, in a sentence. `policy` is the trust policy's summary
/// ([`super::trace::policy_summary`]) when the policy was consulted.
pub fn stage_detail(
    stage: Stage,
    status: StageStatus,
    verdict: &Verdict,
    now: i64,
    policy: Option<&str>,
) -> String {
    match status {
        StageStatus::NotReached if stage == Stage::Policy => {
            "not reached: the trust policy was never consulted".to_owned()
        }
        StageStatus::NotReached => "not reached: AWS stops at the first failure".to_owned(),
        StageStatus::Failed => match &verdict.refusal {
            Some(Refusal::Denied { .. }) => policy.unwrap_or_default().to_owned(),
            Some(r) => refusal(r, verdict, now),
            None => String::new(),
        },
        StageStatus::Passed => passed(stage, verdict, now, policy),
    }
}

fn passed(stage: Stage, verdict: &Verdict, now: i64, policy: Option<&str>) -> String {
    let exp = verdict
        .claims()
        .and_then(|c| c.get("exp"))
        .and_then(serde_json::Value::as_i64)
        .unwrap_or_default();
    match stage {
        Stage::Request => String::new(),
        Stage::Token => match verdict.token.as_ref().map(|t| t.format) {
            Some(TokenFormat::Claims) => {
                "decoded claims were given; the JWT form and signature are assumed".to_owned()
            }
            _ => "the token is a well-formed JWT (its signature is not verified)".to_owned(),
        },
        Stage::Claims => "`aud`, `sub`, `iss` and `exp` are present".to_owned(),
        Stage::Issuer => format!(
            "the account has an OIDC provider for `{}`",
            verdict.provider.as_ref().map_or("", |p| p.url.as_str())
        ),
        Stage::Audience => format!(
            "{} `{}` is on the provider's client-id list",
            via(verdict),
            verdict
                .provider
                .as_ref()
                .and_then(|p| p.matched_audience())
                .unwrap_or_default()
        ),
        Stage::Expiry if now > exp => format!(
            "the token expired {} ago, within AWS's five-minute grace",
            duration(now - exp)
        ),
        Stage::Expiry => format!(
            "the token is valid for {} more (plus AWS's five-minute grace)",
            duration(exp - now)
        ),
        Stage::Policy => policy.unwrap_or_default().to_owned(),
    }
}

/// Why the refusing stage refused, in a sentence.
fn refusal(r: &Refusal, verdict: &Verdict, now: i64) -> String {
    let iss = verdict
        .claims()
        .and_then(|c| c.issuer())
        .unwrap_or_default();
    match r {
        Refusal::Request { message } => message.clone(),
        Refusal::Token(e) => format!("AWS cannot read the token: {e}"),
        Refusal::MissingClaim(claim) => {
            format!("the token has no `{claim}` claim, which AWS requires")
        }
        Refusal::ExpNotInteger => "the token's `exp` is not an integer timestamp".to_owned(),
        Refusal::Issuer(IssuerMiss::NotHttps) => {
            format!("`iss` `{iss}` is not an https URL, so no IAM OIDC provider can match it")
        }
        Refusal::Issuer(IssuerMiss::NoProviders) => {
            "no OIDC provider was given for the role's account".to_owned()
        }
        Refusal::Issuer(IssuerMiss::NoMatch { known }) => format!(
            "no provider URL equals `{}` exactly (the account has {})",
            crate::providers::key_prefix(iss),
            ticked(known.iter().map(String::as_str))
        ),
        Refusal::Audience => format!(
            "{} {} is not on the provider's client-id list",
            via(verdict),
            ticked(
                verdict
                    .provider
                    .iter()
                    .flat_map(|p| &p.audiences)
                    .map(String::as_str)
            )
        ),
        Refusal::Expired { exp } => format!(
            "the token expired {} ago, beyond AWS's five-minute grace",
            duration(now.saturating_sub(*exp))
        ),
        Refusal::NoPolicy { unreadable: false } => "no trust policy was given".to_owned(),
        Refusal::NoPolicy { unreadable: true } => "the trust policy could not be read".to_owned(),
        Refusal::Denied { .. } => String::new(),
    }
}

/// The verdict in one sentence; `detail` is the deciding stage's [`stage_detail`].
pub fn summary(verdict: &Verdict, detail: &str) -> String {
    match &verdict.refusal {
        None => format!("Accepted: {detail}"),
        Some(Refusal::Request { .. }) => detail.to_owned(),
        Some(Refusal::NoPolicy { .. }) => format!("Undecided: {detail}"),
        Some(Refusal::Denied { .. }) => format!("Refused by the trust policy: {detail}"),
        Some(r) => format!(
            "Refused at the {} check, before the trust policy was consulted: {detail}",
            stage_name(r.stage())
        ),
    }
}

/// One condition's outcome in a sentence; `request` are the request's values for its key.
pub fn condition(c: &Condition, r: ConditionResult, request: Option<&[String]>) -> String {
    let value = |j: usize| c.values.get(j).map_or("", |v| v.text.as_str());
    let negated = c.operator.is_some_and(|o| o.base.negated());
    let req = |i: Option<usize>| {
        i.and_then(|i| request?.get(i))
            .map_or_else(String::new, |v| format!("`{v}`"))
    };
    match r.outcome {
        Outcome::Matched {
            value: j,
            request: i,
        } if negated => {
            format!("{} equals the excluded value `{}`", req(Some(i)), value(j))
        }
        Outcome::Matched {
            value: j,
            request: i,
        } => format!("{} matches `{}`", req(Some(i)), value(j)),
        Outcome::NotMatched { request: Some(i) } if negated => {
            format!("{} matches none of the excluded values", req(Some(i)))
        }
        Outcome::NotMatched { request: i } => {
            let shown = match (i, request) {
                (Some(_), _) => req(i),
                (None, Some([_])) => req(Some(0)),
                (None, Some(v)) => ticked(v.iter().map(String::as_str)),
                (None, None) => String::new(),
            };
            format!("{shown} matches none of the policy values")
        }
        Outcome::AllValues if negated => "no request value matches an excluded value".to_owned(),
        Outcome::AllValues => "every request value matches a policy value".to_owned(),
        Outcome::KeyAbsent { supplied } => {
            let why = if supplied {
                "the token has no such claim"
            } else {
                "AWS does not supply this key for this token's issuer"
            };
            let then = match r.holds {
                Some(true) => "true (negated operators and `ForAllValues:` hold on a missing key)",
                _ => "false",
            };
            let if_exists = match c.operator {
                Some(o) if o.if_exists && o.set.is_some() => {
                    "; `IfExists` does not apply under a set qualifier, which decides a missing key"
                }
                _ => "",
            };
            format!("key missing: {why}, so the condition is {then}{if_exists}")
        }
        Outcome::AbsentIfExists => {
            "key missing, and `IfExists` makes the condition true".to_owned()
        }
        Outcome::Null { present } => format!(
            "the key is {} (`Null` checks presence)",
            if present { "present" } else { "absent" }
        ),
        Outcome::NotEvaluated => match c.operator {
            None => format!(
                "`{}` is not an IAM operator; AWS would refuse the policy",
                c.operator_name
            ),
            Some(_) => format!("`{}` is not modelled by oidc-trust", c.operator_name),
        },
    }
}
