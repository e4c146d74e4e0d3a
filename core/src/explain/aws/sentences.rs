//! The sentences of an AWS verdict: one per condition, one per stage, and the summary.

use std::fmt::Write as _;

use super::super::{StageStatus, VerdictState, ticked};
use crate::aws::call::{CallCheck, CallRefusal};
use crate::aws::eval::{ConditionResult, Outcome, OutcomeKind};
use crate::aws::policy::Condition;
use crate::aws::rcp::RcpRun;
use crate::aws::sts::{IssuerMiss, Provider, Refusal, Stage, Verdict};
use crate::time::duration;
use crate::token::TokenFormat;

/// The state of an AWS verdict, given the findings reported with it.
pub fn verdict_state(
    verdict: &Verdict,
    diagnostics: &[crate::diagnostic::Diagnostic],
) -> VerdictState {
    {
        use crate::codes::Severity;
        let warned = || {
            diagnostics
                .iter()
                .any(crate::diagnostic::Diagnostic::is_lint_warning)
        };
        let unreadable_policy = || {
            diagnostics.iter().any(|d| {
                d.severity == Severity::Error
                    && d.source == crate::diagnostic::Source::Policy
                    && matches!(
                        d.code,
                        crate::codes::INVALID_POLICY_JSON | crate::codes::INVALID_POLICY
                    )
            })
        };
        // An RCP `Deny` that might apply (a key the request does not give) leaves the
        // answer open: AWS refuses if it applies.
        let rcp_open = || verdict.rcps.iter().any(|r| !r.evaluation.complete);
        match &verdict.refusal {
            None if rcp_open() => VerdictState::Undecided,
            None if warned() => VerdictState::AcceptedWithWarnings,
            None => VerdictState::Accepted,
            Some(Refusal::Request { .. } | Refusal::Token(_) | Refusal::NoPolicy { .. }) => {
                VerdictState::Undecided
            }
            Some(Refusal::Denied { .. })
                if unreadable_policy()
                    || verdict
                        .policy
                        .as_ref()
                        .is_some_and(|p| !p.evaluation.complete) =>
            {
                VerdictState::Undecided
            }
            Some(_) => VerdictState::Refused,
        }
    }
}

/// The one-sentence summaries of the policies AWS consulted, for the stage details.
#[derive(Debug, Clone, Default)]
pub struct Summaries {
    /// The trust policy's (`trace::policy_summary`).
    pub policy: Option<String>,
    /// The RCPs' (`trace::rcp_summary`).
    pub rcp: Option<String>,
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
        OutcomeKind::KeyUnknown => "value not given",
        OutcomeKind::NotModelled => "not evaluated",
    }
}

/// A stage's name for people, lowercase: `call parameters`, `token`, `required claims`,
/// `OIDC provider`, `audience`, `expiry`, `trust policy`, `resource control policies` (the
/// wire name is [`Stage::as_str`]).
pub fn stage_name(stage: Stage) -> &'static str {
    match stage {
        Stage::Request => "request",
        Stage::Call => "call parameters",
        Stage::Token => "token",
        Stage::Claims => "required claims",
        Stage::Issuer => "OIDC provider",
        Stage::Audience => "audience",
        Stage::Expiry => "expiry",
        Stage::Policy => "trust policy",
        Stage::Rcp => "resource control policies",
    }
}

/// The status of a stage AWS passed: `notChecked` when the request gave it nothing to check
/// (no call parameters and pasted claims; no RCPs).
pub fn passed_status(stage: Stage, verdict: &Verdict, rcps_given: bool) -> StageStatus {
    let nothing = match stage {
        Stage::Call => verdict.call.checked.is_empty(),
        Stage::Rcp => !rcps_given,
        _ => false,
    };
    if nothing {
        StageStatus::NotChecked
    } else {
        StageStatus::Passed
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
/// (`trace::policy_summary`) when the policy was consulted.
pub fn stage_detail(
    stage: Stage,
    status: StageStatus,
    verdict: &Verdict,
    now: i64,
    summaries: &Summaries,
) -> String {
    match status {
        StageStatus::NotReached if stage == Stage::Policy => {
            "not reached: the trust policy was never consulted".to_owned()
        }
        StageStatus::NotReached if stage == Stage::Rcp && verdict.stage() == Stage::Policy => {
            match &summaries.rcp {
                Some(s) if verdict.rcps.iter().any(RcpRun::denies) => {
                    format!("not reached, but an RCP would refuse the call too: {s}")
                }
                _ => "not reached: the trust policy refused first".to_owned(),
            }
        }
        StageStatus::NotReached => "not reached: AWS stops at the first failure".to_owned(),
        StageStatus::Failed => match &verdict.refusal {
            Some(Refusal::Denied { .. }) => summaries.policy.clone().unwrap_or_default(),
            Some(Refusal::RcpDenied { .. }) => summaries.rcp.clone().unwrap_or_default(),
            Some(r) => refusal(r, verdict, now),
            None => String::new(),
        },
        StageStatus::NotChecked if stage == Stage::Call => {
            "not checked: the request gives no call parameters (`call`) and the token as claims".to_owned()
        }
        StageStatus::NotChecked => "not checked: the request gives no resource control policies (`organization.rcps`); `RCPFullAWSAccess` alone lets every call through".to_owned(),
        StageStatus::Passed => passed(stage, verdict, now, summaries),
    }
}

/// A call check's name, as AWS's parameter names (`RoleSessionName`).
pub fn check_name(check: CallCheck) -> &'static str {
    match check {
        CallCheck::RoleArn => "RoleArn",
        CallCheck::RoleSessionName => "RoleSessionName",
        CallCheck::WebIdentityToken => "WebIdentityToken",
        CallCheck::ProviderId => "ProviderId",
        CallCheck::PolicyArns => "PolicyArns",
        CallCheck::Policy => "Policy",
        CallCheck::DurationSeconds => "DurationSeconds",
        CallCheck::MaxSessionDuration => "MaxSessionDuration",
        CallCheck::PackedPolicySize => "packed policy size",
    }
}

/// The names of call checks, as AWS's parameter names.
fn checks(list: &[CallCheck]) -> String {
    ticked(list.iter().map(|&c| check_name(c)))
}

fn passed(stage: Stage, verdict: &Verdict, now: i64, summaries: &Summaries) -> String {
    let exp = verdict
        .claims()
        .and_then(|c| c.get("exp"))
        .and_then(serde_json::Value::as_i64)
        .unwrap_or_default();
    match stage {
        Stage::Request => String::new(),
        Stage::Call => {
            let checked = &verdict.call.checked;
            let mut out = format!(
                "{} {} STS's constraints",
                checks(checked),
                if checked.len() == 1 { "meets" } else { "meet" }
            );
            if !verdict.call.not_checked.is_empty() {
                let _ = write!(out, "; not checked: {}", checks(&verdict.call.not_checked));
            }
            out
        }
        Stage::Token => match verdict.token.as_ref().map(|t| t.format) {
            Some(TokenFormat::Claims) => {
                "decoded claims were given; the JWT form and signature are assumed".to_owned()
            }
            _ => "the token is a well-formed JWT (its signature is not verified)".to_owned(),
        },
        Stage::Claims
            if verdict
                .provider
                .as_ref()
                .is_some_and(|p| p.kind.takes_access_tokens()) =>
        {
            "an OAuth 2.0 access token: its provider vouches for it, so no claim is required"
                .to_owned()
        }
        Stage::Claims => "`aud`, `sub`, `iss` and `exp` are present".to_owned(),
        Stage::Issuer => match &verdict.provider {
            Some(p) if p.built_in() => format!(
                "`{}` is one of AWS's built-in providers ({}): no IAM OIDC provider is needed",
                p.url,
                p.kind.display_name()
            ),
            p => format!(
                "the account has an OIDC provider for `{}`",
                p.as_ref().map_or("", |p| p.url.as_str())
            ),
        },
        Stage::Audience if verdict.provider.as_ref().is_some_and(Provider::built_in) => format!(
            "a built-in provider has no client-id list, so AWS takes any {}: only the trust policy can pin it",
            via(verdict)
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
        Stage::Expiry if exp == 0 => "the token has no `exp`; its provider checks it".to_owned(),
        Stage::Expiry if now > exp => format!(
            "the token expired {} ago, within AWS's five-minute grace",
            duration(now - exp)
        ),
        Stage::Expiry => format!(
            "the token is valid for {} more (plus AWS's five-minute grace)",
            duration(exp - now)
        ),
        Stage::Policy => summaries.policy.clone().unwrap_or_default(),
        Stage::Rcp if verdict.rcps.is_empty() => {
            "the role's account is the organization's management account, which RCPs do not affect"
                .to_owned()
        }
        Stage::Rcp => summaries.rcp.clone().unwrap_or_default(),
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
        Refusal::Call(CallRefusal::Validation(v)) => format!(
            "STS refuses {} before it reads the token",
            ticked(v.iter().map(|v| v.check.member()))
        ),
        Refusal::Call(CallRefusal::MalformedSessionPolicy(e)) => e.clone(),
        Refusal::Call(CallRefusal::InvalidRoleArn(arn)) => {
            format!("`{arn}` is not an IAM role ARN (`arn:aws:iam::<account>:role/<name>`)")
        }
        Refusal::Call(CallRefusal::DurationExceedsMax { duration, max }) => format!(
            "`DurationSeconds` {duration} is longer than the role's `MaxSessionDuration` ({max} s)"
        ),
        Refusal::Token(e) => format!("AWS cannot read the token: {e}"),
        Refusal::Algorithm(alg) => {
            format!("the token is signed with `{alg}`; AWS verifies only RSA and ECDSA signatures")
        }
        Refusal::RoleNotInRolesClaim => {
            "the token's `https://aws.amazon.com/roles` claim does not list the call's role"
                .to_owned()
        }
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
        Refusal::Denied { .. } | Refusal::RcpDenied { .. } => String::new(),
    }
}

/// The verdict in one sentence; `detail` is the deciding stage's [`stage_detail`].
pub fn summary(verdict: &Verdict, detail: &str) -> String {
    match &verdict.refusal {
        None => format!("Accepted: {detail}"),
        Some(Refusal::Request { .. }) => detail.to_owned(),
        Some(Refusal::NoPolicy { .. }) => format!("Undecided: {detail}"),
        Some(Refusal::Denied { .. })
            if verdict
                .policy
                .as_ref()
                .is_some_and(|p| !p.evaluation.complete) =>
        {
            format!("Undecided: {detail}")
        }
        Some(Refusal::Denied { .. }) => format!("Refused by the trust policy: {detail}"),
        Some(Refusal::RcpDenied { .. }) => {
            format!("Refused by a resource control policy: {detail}")
        }
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
        Outcome::Unknown => format!(
            "not decided: the request does not give `{}`, which oidc-trust cannot know offline",
            c.key
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
