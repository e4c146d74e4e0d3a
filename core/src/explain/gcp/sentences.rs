//! The words of a Google answer: each stage's name and detail, the verdict's state and a
//! one-sentence summary, from the engine's [`Verdict`] and the [`trace`](super::trace).

use super::trace::{CelClauseTrace, CelOutcome, GcpTrace, MemberOutcome};
use crate::diagnostic::Diagnostic;
use crate::explain::{StageStatus, VerdictState, ticked};
use crate::gcp::cel::EvalErrorKind;
use crate::gcp::sts::{GcpStage, MAX_SUBJECT_BYTES, MappingFailure, Refusal, Undecided, Verdict};

/// A stage's name in a sentence.
pub fn stage_name(stage: GcpStage) -> &'static str {
    match stage {
        GcpStage::Request => "request",
        GcpStage::Call => "STS `audience` parameter",
        GcpStage::Provider => "provider",
        GcpStage::Token => "token",
        GcpStage::Issuer => "issuer",
        GcpStage::Audience => "audience",
        GcpStage::Expiry => "expiry",
        GcpStage::Mapping => "attribute mapping",
        GcpStage::Condition => "attribute condition",
        GcpStage::Binding => "IAM binding",
    }
}

/// What the answer amounts to: undecided for unreadable input and for anything outside the
/// modelled language, accepted with warnings when a lint warns.
pub fn verdict_state(verdict: &Verdict, diagnostics: &[Diagnostic]) -> VerdictState {
    let warned = diagnostics.iter().any(Diagnostic::is_lint_warning);
    match &verdict.refusal {
        None if warned => VerdictState::AcceptedWithWarnings,
        None => VerdictState::Accepted,
        Some(Refusal::Request { .. } | Refusal::Undecided(_) | Refusal::Token(_)) => {
            VerdictState::Undecided
        }
        Some(_) => VerdictState::Refused,
    }
}

/// How a stage that was reached and did not refuse went.
pub fn passed_status(stage: GcpStage, verdict: &Verdict, trace: &GcpTrace) -> StageStatus {
    match stage {
        GcpStage::Condition if trace.condition_expression.is_none() => StageStatus::NotChecked,
        GcpStage::Binding if verdict.binding.is_none() => StageStatus::NotChecked,
        _ => StageStatus::Passed,
    }
}

/// The leaves of the condition that decided it (the false clauses of a false `&&`...).
pub fn deciding_clauses(root: &CelClauseTrace) -> Vec<&CelClauseTrace> {
    fn walk<'a>(c: &'a CelClauseTrace, out: &mut Vec<&'a CelClauseTrace>) {
        let deciding: Vec<&CelClauseTrace> = c.clauses.iter().filter(|k| k.decisive).collect();
        if deciding.is_empty() {
            out.push(c);
        } else {
            for k in deciding {
                walk(k, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(root, &mut out);
    out
}

/// One clause in a sentence: ``​`assertion.repository_owner == 'acme'` is false
/// (`assertion.repository_owner` is `'acme-attacker'`)``.
pub fn clause(c: &CelClauseTrace) -> String {
    let what = match (c.outcome, &c.value, &c.error) {
        (CelOutcome::True, ..) => "is true".to_owned(),
        (CelOutcome::False, ..) => "is false".to_owned(),
        (CelOutcome::Value, Some(v), _) => format!("is `{v}`, not a bool"),
        (CelOutcome::Unsupported, _, Some(e)) => format!("is outside the modelled CEL: {e}"),
        (_, _, Some(e)) => format!("is an error: {e}"),
        _ => "has no value".to_owned(),
    };
    let operands: Vec<String> = c
        .operands
        .iter()
        // An operand's error is the clause's own: said once.
        .filter_map(|o| match (&o.value, &o.error) {
            (Some(v), _) => Some(format!("`{}` is `{v}`", o.text)),
            (None, Some(e)) if c.error.as_ref() != Some(e) => Some(format!("`{}`: {e}", o.text)),
            (None, _) => None,
        })
        .collect();
    if operands.is_empty() {
        format!("`{}` {what}", c.text)
    } else {
        format!("`{}` {what} ({})", c.text, operands.join(", "))
    }
}

/// What a stage checked, in a sentence.
pub fn stage_detail(
    stage: GcpStage,
    status: StageStatus,
    verdict: &Verdict,
    trace: &GcpTrace,
    now: i64,
) -> String {
    if status == StageStatus::NotReached {
        return format!(
            "not reached: Google stopped before the {}",
            stage_name(stage)
        );
    }
    let refusal = verdict.refusal.as_ref().filter(|r| r.stage() == stage);
    if let Some(Refusal::Undecided(u)) = refusal {
        return undecided(u);
    }
    let claims = verdict.claims();
    match (stage, refusal) {
        (GcpStage::Call, Some(Refusal::AudienceParameter(a))) => format!(
            "the STS `audience` `{a}` is not a provider's full resource name (`//iam.googleapis.com/projects/NUMBER/locations/global/workloadIdentityPools/POOL/providers/PROVIDER`)"
        ),
        (GcpStage::Call, _) => match (&trace.sts_audience, trace.sts_audience_derived) {
            (Some(a), true) => format!("the STS `audience` is `{a}`, the provider's own name (as google-github-actions/auth sends it)"),
            (Some(a), false) => format!("the STS `audience` `{a}` names the provider"),
            (None, _) => "the provider has no `name`, so the STS `audience` was not checked".to_owned(),
        },
        (GcpStage::Provider, Some(_)) => "the provider is deleted or disabled, so Google refuses every exchange through it".to_owned(),
        (GcpStage::Provider, None) => "the provider is active and enabled".to_owned(),
        (GcpStage::Token, Some(Refusal::Token(e))) => format!("the token cannot be decoded: {e}"),
        (GcpStage::Token, Some(Refusal::Algorithm(alg))) => format!("`alg` is `{alg}`; Google checks the signature against the issuer's published keys, so only RSA and ECDSA tokens pass"),
        (GcpStage::Token, _) => match verdict.token.as_ref().and_then(|t| t.alg()) {
            Some(alg) => format!("the token decodes; `alg` `{alg}` (the signature is never verified)"),
            None => "the claims were given as JSON: no header or signature to check".to_owned(),
        },
        (GcpStage::Issuer, Some(Refusal::Issuer { iss: Some(iss), expected })) => format!("`iss` `{iss}` is not the provider's `oidc.issuerUri` `{expected}`"),
        (GcpStage::Issuer, Some(Refusal::Issuer { iss: None, expected })) => format!("the token has no `iss`; the provider expects `{expected}`"),
        (GcpStage::Issuer, _) => format!(
            "`iss` `{}` is the provider's `oidc.issuerUri`",
            claims.and_then(|c| c.issuer()).unwrap_or_default()
        ),
        (GcpStage::Audience, Some(Refusal::Audience { aud })) => format!(
            "`aud` {} is not among the audiences the provider accepts: {}",
            if aud.is_empty() { "(none)".to_owned() } else { ticked(aud.iter().map(String::as_str)) },
            ticked(trace.accepted_audiences.iter().map(String::as_str))
        ),
        (GcpStage::Audience, _) => format!(
            "`aud` {} is accepted ({})",
            ticked(claims.map(|c| c.audiences()).unwrap_or_default()),
            if verdict.accepted_audiences.is_empty() { "" } else if trace.accepted_audiences.len() == 2 && trace.accepted_audiences.iter().any(|a| a.starts_with("//iam.googleapis.com/")) { "no `allowedAudiences`: the provider's two default forms" } else { "one of `oidc.allowedAudiences`" }
        ),
        (GcpStage::Expiry, Some(Refusal::NoExpiry)) => "the token has no numeric `exp`".to_owned(),
        (GcpStage::Expiry, Some(Refusal::Expired { exp })) => format!("the token expired {} s before `now` (`exp` {exp}, `now` {now}); Google's time rule is UNCONFIRMED: no grace is assumed", now - exp),
        (GcpStage::Expiry, _) => format!(
            "`exp` {} lies after `now` {now}",
            claims.and_then(|c| c.get("exp")).map(ToString::to_string).unwrap_or_default()
        ),
        (GcpStage::Mapping, Some(Refusal::Mapping { target, failure })) => match failure {
            MappingFailure::SubjectTooLong(n) => format!("the mapped `google.subject` is {n} bytes, over the {MAX_SUBJECT_BYTES} Google allows"),
            MappingFailure::TooLarge(n) => format!("the mapped attributes total {n} bytes, over the 8 KB Google allows"),
            MappingFailure::WrongType(v) => format!("`{target}` maps to `{}`, a {}, not {}", v.render(), v.type_name(), if target == "google.groups" { "a list of strings" } else { "a string" }),
            MappingFailure::Error(e) => format!("`{target}` cannot be evaluated: {}", e.message),
        },
        (GcpStage::Mapping, _) => match verdict.identity.as_ref() {
            Some(i) => format!(
                "{} attributes mapped; `google.subject` is `{}` ({} bytes)",
                trace.mappings.len(),
                i.subject,
                i.subject.len()
            ),
            None => "the mappings evaluate".to_owned(),
        },
        (GcpStage::Condition, Some(Refusal::Condition { .. })) => match &trace.condition {
            Some(root) => format!(
                "the attribute condition is {}: {}",
                match (root.outcome, verdict.refusal.as_ref()) {
                    (CelOutcome::False, _) => "false".to_owned(),
                    (CelOutcome::Value, _) => format!("`{}`, not a bool", root.value.clone().unwrap_or_default()),
                    (_, Some(Refusal::Condition { error: Some(e), .. })) if e.kind == EvalErrorKind::NoSuchKey => "an error (a claim it reads is missing)".to_owned(),
                    _ => "an error".to_owned(),
                },
                deciding_clauses(root).into_iter().map(clause).collect::<Vec<_>>().join("; ")
            ),
            None => "the attribute condition is not true".to_owned(),
        },
        (GcpStage::Condition, _) => match &trace.condition {
            Some(root) => format!("the attribute condition is true: {}", deciding_clauses(root).into_iter().map(clause).collect::<Vec<_>>().join("; ")),
            None => "no attribute condition: every token the issuer signs passes".to_owned(),
        },
        (GcpStage::Binding, Some(Refusal::Binding { role })) => format!(
            "no member of a binding of {} names the identity{}",
            ticked(role.iter().map(String::as_str)).replace("`, `", "` or `"),
            verdict.identity.as_ref().and_then(crate::gcp::iam::Identity::principal).map(|p| format!(" `{p}`")).unwrap_or_default()
        ),
        (GcpStage::Binding, _) => match trace
            .binding
            .as_ref()
            .and_then(|b| b.members.iter().find(|m| m.outcome == MemberOutcome::Granted))
        {
            Some(m) => format!("`{}` grants `{}` to the identity", m.member, m.role),
            None => "no IAM policy given: whether the identity may use the service account or resource was not checked".to_owned(),
        },
        (_, Some(_)) | (GcpStage::Request, None) => String::new(),
    }
}

fn undecided(u: &Undecided) -> String {
    match u {
        Undecided::NoProvider => "no provider could be read, so no verdict is given".to_owned(),
        Undecided::InvalidProvider => "the provider is not one Google would save (see the diagnostics), so no verdict is given".to_owned(),
        Undecided::Unsupported { stage } => format!("the {} uses CEL oidc-trust does not model (see the `unsupported-cel` diagnostic), so no verdict is given rather than a guessed one", stage_name(*stage)),
        Undecided::UnknownAudience => "the provider has neither a `name` nor `oidc.allowedAudiences`, so the audience it accepts is unknown".to_owned(),
        Undecided::OtherProvider => "the STS `audience` names another provider than the one given".to_owned(),
        Undecided::UnreadablePolicy => "the IAM policy could not be read (see the diagnostics)".to_owned(),
        Undecided::ConditionalBinding => "only bindings with an IAM condition name the identity; IAM conditions are not modelled".to_owned(),
    }
}

/// The one-sentence summary; `detail` is the deciding stage's.
pub fn summary(verdict: &Verdict, detail: &str) -> String {
    match &verdict.refusal {
        None if verdict.binding.is_some() => {
            format!("Accepted: Google's STS exchanges the token and {detail}")
        }
        None => format!("Accepted by Google's STS: {detail}"),
        Some(Refusal::Request { .. }) => detail.to_owned(),
        Some(Refusal::Undecided(_) | Refusal::Token(_)) => format!("Undecided: {detail}"),
        Some(Refusal::Condition { .. }) => format!("Refused: {detail}"),
        Some(r) => format!("Refused at the {}: {detail}", stage_name(r.stage())),
    }
}
