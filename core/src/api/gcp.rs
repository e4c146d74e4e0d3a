//! Google Cloud workload identity federation on the wire: [`GcpRequest`] in (the token,
//! the pool provider as `gcloud ... providers describe --format=json` prints it, optionally
//! the IAM policy), [`GcpAnalysis`] out, with the same top-level fields as AWS's answer
//! where they apply; lint and generate entry points beside it.

use serde::Serialize;

use super::TokenInfo;
use crate::aws::lint::LintResult;
use crate::diagnostic::Diagnostic;
use crate::explain::gcp::{GcpTrace, hints, sentences, trace};
use crate::explain::{CloudError, Hint, StageReport, StageStatus, VerdictState};
use crate::gcp::generate::{self, GcpGenerateRequest, GcpGenerateResult};
use crate::gcp::iam::{self, ReadPolicy};
use crate::gcp::lint::{self, GcpLintRequest, LintInput};
use crate::gcp::provider::{self, ReadProvider};
use crate::gcp::sts::{self, Documents, GcpStage, Refusal, Verdict};
use crate::json::text_of;
use crate::token::Claims;

pub use crate::gcp::request::GcpRequest;

/// The answer for Google Cloud.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GcpAnalysis {
    /// Whether Google would issue the token (and, when a policy was given, the policy
    /// grants the role).
    pub accepted: bool,
    /// What the answer amounts to.
    pub state: VerdictState,
    /// The deciding stage: the refusing one, else the last one checked.
    pub stage: GcpStage,
    /// Google's error, verbatim, when it refuses.
    pub error: Option<CloudError>,
    /// One sentence.
    pub summary: String,
    /// Every stage in Google's order.
    pub stages: Vec<StageReport<GcpStage>>,
    /// What was decoded from the token.
    pub token: Option<TokenInfo>,
    /// The token's claims (CEL's `assertion`).
    #[cfg_attr(feature = "wasm", tsify(type = "JsonObject | null"))]
    pub claims: Option<Claims>,
    /// What was compared: mappings, identity, the condition clause by clause, members.
    pub trace: GcpTrace,
    /// Reading problems, lint findings and what the analysis met on the way.
    pub diagnostics: Vec<Diagnostic>,
    /// On a refusal, what to change.
    pub hints: Vec<Hint>,
}

/// The answer for a request that could not be read.
pub(crate) fn gcp_request_failed(message: String) -> GcpAnalysis {
    GcpAnalysis {
        accepted: false,
        state: VerdictState::Undecided,
        stage: GcpStage::Request,
        error: None,
        summary: message.clone(),
        stages: Vec::new(),
        token: None,
        claims: None,
        trace: GcpTrace::default(),
        diagnostics: vec![Diagnostic::invalid_request(message)],
        hints: Vec::new(),
    }
}

/// Analyses a Google request given as JSON text. Never fails: a malformed request comes
/// back with an `invalid-request` diagnostic.
pub fn analyze_gcp_json(request: &str) -> GcpAnalysis {
    super::answer_or(
        serde_json::from_str(request),
        analyze_gcp,
        gcp_request_failed,
    )
}

/// The provider and policy of a request, each read once.
fn read_documents(request: &GcpRequest) -> (Option<ReadProvider>, Option<ReadPolicy>) {
    (
        request
            .provider
            .as_ref()
            .map(|p| provider::read(&text_of(p))),
        request.policy.as_ref().map(|p| iam::read(&text_of(p))),
    )
}

/// Analyses a request: the stages in Google's order, the trace, the lint findings and, on
/// a refusal, hints.
pub fn analyze_gcp(request: &GcpRequest) -> GcpAnalysis {
    let (read, policy) = read_documents(request);
    let verdict = sts::run(
        request,
        Documents {
            provider: read.as_ref(),
            policy: policy.as_ref(),
        },
    );
    let provider = read.as_ref().and_then(|r| r.provider.as_ref());
    let text = read.as_ref().map_or("", |r| r.text.as_str());

    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    if let Some(r) = &read {
        diagnostics.extend(r.diagnostics.iter().cloned());
    } else {
        diagnostics.push(Diagnostic::invalid_request(
            "the request has no `provider` (the output of `gcloud iam workload-identity-pools providers describe --format=json`)".to_owned(),
        ));
    }
    if let Some(p) = &policy {
        diagnostics.extend(p.diagnostics.iter().cloned());
    }
    diagnostics.extend(verdict.diagnostics.iter().cloned());
    if request.lints()
        && let Some(p) = provider
    {
        diagnostics.extend(lint::run(LintInput {
            provider: p,
            text,
            policy: policy.as_ref(),
            claims: verdict.claims(),
        }));
    }

    let assertion = verdict.claims().map(sts::assertion_value);
    let trace = GcpTrace {
        provider: provider
            .and_then(|p| p.name.as_ref())
            .map(provider::ProviderName::resource),
        sts_audience: verdict.sts_audience.clone(),
        sts_audience_derived: verdict.sts_audience_derived,
        issuer_uri: provider.and_then(|p| p.issuer_uri.clone()),
        accepted_audiences: verdict.accepted_audiences.clone(),
        mappings: provider
            .map(|p| trace::mappings(p, &verdict))
            .unwrap_or_default(),
        identity: verdict.identity.as_ref().map(trace::identity),
        condition_expression: provider
            .and_then(|p| p.condition.as_ref())
            .map(|c| c.source.clone()),
        condition: match (provider, &assertion, &verdict.identity, &verdict.condition) {
            (Some(p), Some(a), Some(i), Some(_)) => trace::condition(p, text, a, i),
            _ => None,
        },
        binding: policy.as_ref().and_then(|p| trace::binding(&verdict, p)),
    };

    let stages = stage_reports(&verdict, &trace, request.now);
    let deciding = stages
        .iter()
        .find(|s| {
            s.status == StageStatus::Failed
                || (s.status == StageStatus::NotChecked && s.stage == verdict.stage())
        })
        .or_else(|| {
            stages
                .iter()
                .rev()
                .find(|s| s.status == StageStatus::Passed)
        })
        .map_or_else(
            || match &verdict.refusal {
                Some(Refusal::Request { message }) => message.clone(),
                _ => sentences::stage_detail(
                    verdict.stage(),
                    StageStatus::NotChecked,
                    &verdict,
                    &trace,
                    request.now,
                ),
            },
            |s| s.detail.clone(),
        );
    let summary = sentences::summary(&verdict, &deciding);
    let hints = if request.lints() {
        hints::hints(&verdict, provider, policy.as_ref(), &trace, request.now)
    } else {
        Vec::new()
    };
    let state = sentences::verdict_state(&verdict, &diagnostics);
    let error = verdict.refusal.as_ref().and_then(Refusal::cloud_error);
    let deciding_stage = verdict.stage();
    let accepted = verdict.accepted();
    let (token, claims) = match verdict.token {
        Some(t) => {
            let alg = sts::algorithm_accepted(&t);
            let (mut info, claims) = TokenInfo::of(t);
            info.algorithm_accepted = alg;
            (Some(info), Some(claims))
        }
        None => (None, None),
    };
    GcpAnalysis {
        accepted,
        state,
        stage: deciding_stage,
        error,
        summary,
        stages,
        token,
        claims,
        trace,
        diagnostics,
        hints,
    }
}

/// Every stage in Google's order: passed (or not checked), failed (the deciding one) or
/// not reached. None for a request that could not be read.
fn stage_reports(verdict: &Verdict, trace: &GcpTrace, now: i64) -> Vec<StageReport<GcpStage>> {
    let deciding = verdict.stage();
    if deciding == GcpStage::Request {
        return Vec::new();
    }
    let undecided = matches!(verdict.refusal, Some(Refusal::Undecided(_)));
    // Without a provider nothing before it could be checked either.
    let no_provider = matches!(
        verdict.refusal,
        Some(Refusal::Undecided(sts::Undecided::NoProvider))
    );
    let decided = if undecided {
        StageStatus::NotChecked
    } else {
        StageStatus::Failed
    };
    crate::explain::stage_reports(
        &GcpStage::ORDER,
        (!verdict.accepted()).then_some((deciding, decided)),
        |stage| {
            if no_provider {
                StageStatus::NotChecked
            } else {
                sentences::passed_status(stage, verdict, trace)
            }
        },
        |stage, status| sentences::stage_detail(stage, status, verdict, trace, now),
    )
}

/// Lints a Google configuration (provider and, optionally, IAM policy) without a token.
pub fn lint_gcp(request: &GcpLintRequest) -> LintResult {
    let read = provider::read(&text_of(&request.provider));
    let policy = request.policy.as_ref().map(|p| iam::read(&text_of(p)));
    LintResult {
        diagnostics: lint::lint_documents(&read, policy.as_ref()),
    }
}

/// [`lint_gcp`] from JSON text. Never fails.
pub fn lint_gcp_json(request: &str) -> LintResult {
    super::answer_or(
        serde_json::from_str(request),
        lint_gcp,
        LintResult::request_failed,
    )
}

/// Writes the least-privilege provider, condition and binding for a token, from a JSON
/// [`GcpGenerateRequest`] text. Never fails.
pub fn generate_gcp_json(request: &str) -> GcpGenerateResult {
    super::answer_or(
        serde_json::from_str::<GcpGenerateRequest>(request),
        generate::generate,
        GcpGenerateResult::failed,
    )
}
