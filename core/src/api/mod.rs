//! The one interface every shell calls (the npm package, the playground, the CLI): typed
//! requests in, [`Analysis`] and the other answers out, and `*_json` entry points that take
//! JSON text and never fail. The engine below never imports this module: it returns typed
//! results, which this module places into the wire answers along with their explanations.

use crate::aws::eval::EvalRequest;
use crate::aws::generate;
use crate::aws::lint::{self, LintOptions};
use crate::aws::policy::{TAG_SESSION_ACTION, parse_policy, text_of};
use crate::aws::rcp;
use crate::aws::sts::{self, Documents, Refusal, Verdict};
use crate::codes;
use crate::diagnostic::{Diagnostic, Severity, Source};
use crate::explain::aws::{self as explain, Summaries, sentences};
use crate::providers;
use crate::token::{self, Token};

mod analysis;
#[cfg(feature = "azure")]
mod azure;
mod compile;
#[cfg(feature = "gcp")]
mod gcp;
#[cfg(feature = "publishing")]
mod publishing;
pub mod target;
#[cfg(feature = "vault")]
mod vault;
mod written;

pub use crate::aws::call::{CallCheck, CallReport};
pub use crate::aws::context::KeySource;
pub use crate::aws::generate::{GenerateRequest, GenerateResult, ModuleInputs};
pub use crate::aws::generate::{RepoForm, Scope};
pub use crate::aws::request::{CallParameters, Caller, Organization, Rcp, Request, RoleSettings};
pub use crate::aws::request::{ClientIdBasis, ProviderConfig};
pub use crate::aws::sts::Stage;
pub use crate::aws::sts::{AccountSource, AwsError};
pub use crate::explain::NearMiss;
pub use crate::explain::aws::{
    ConditionTrace, MatchTrace, PolicyTrace, RcpTrace, ResourceTrace, StatementTrace,
};
#[cfg(feature = "gcp")]
pub use crate::explain::gcp::{
    AttributeInfo, BindingTrace, CelClauseTrace, CelOutcome, GcpTrace, IdentityInfo, MappingTrace,
    MemberOutcome, MemberTrace, OperandTrace,
};
#[cfg(feature = "publishing")]
pub use crate::explain::publishing::trace::{PublisherCheck, PublisherTrace};
#[cfg(feature = "vault")]
pub use crate::explain::vault::trace::{
    VaultCheck, VaultField, VaultIdentity, VaultMetadata, VaultValidity,
};
pub use crate::explain::{Hint, StageReport, StageStatus, VerdictState};
#[cfg(feature = "gcp")]
pub use crate::gcp::generate::{GcpGenerateRequest, GcpGenerateResult, GcpScope};
#[cfg(feature = "gcp")]
pub use crate::gcp::lint::GcpLintRequest;
#[cfg(feature = "gcp")]
pub use crate::gcp::sts::GcpStage;
#[cfg(feature = "publishing")]
pub use crate::publishing::Registry;
#[cfg(feature = "publishing")]
pub use crate::publishing::exchange::{Outcome as PublisherOutcome, PublishingStage};
#[cfg(feature = "publishing")]
pub use crate::publishing::generate::{PublishingGenerateRequest, PublishingGenerateResult};
#[cfg(feature = "publishing")]
pub use crate::publishing::publisher::Field as PublisherField;
#[cfg(feature = "vault")]
pub use crate::vault::generate::{VaultGenerateRequest, VaultGenerateResult, VaultScope};
#[cfg(feature = "vault")]
pub use crate::vault::login::{VaultServer, VaultStage};
#[cfg(feature = "vault")]
pub use crate::vault::role::RoleType as VaultRoleType;
pub use crate::{aws::eval::OutcomeKind, aws::lint::LintRequest, aws::lint::LintResult};
pub use analysis::{Analysis, DecodedToken, KeyInfo, ProviderInfo, TokenInfo};
pub use compile::{CompileRequest, Compiled, VerdictSummary};
#[cfg(feature = "gcp")]
pub use gcp::{
    GcpAnalysis, GcpRequest, analyze_gcp, analyze_gcp_json, generate_gcp_json, lint_gcp,
    lint_gcp_json,
};
#[cfg(feature = "publishing")]
pub use publishing::{
    PublishingAnalysis, PublishingLintRequest, PublishingRequest, analyze_publishing,
    analyze_publishing_json, generate_publishing, generate_publishing_json, lint_publishing_json,
};
pub use target::{AnyAnalysis, DOCUMENTS, Document, Target, analyze_any_json};
#[cfg(feature = "vault")]
pub use vault::{
    VaultAnalysis, VaultCheckOutcome, VaultLintRequest, VaultRequest, VaultRoleInfo, analyze_vault,
    analyze_vault_json, generate_vault_json, lint_vault_json,
};
pub use written::Written;

#[cfg(feature = "azure")]
pub use crate::azure::credential::{CredentialKind, IdentityKind};
#[cfg(feature = "azure")]
pub use crate::azure::entra::AzureStage;
#[cfg(feature = "azure")]
pub use crate::azure::expression::{ClauseOutcome, ExpressionOperator};
#[cfg(feature = "azure")]
pub use crate::azure::generate::{AzureGenerateRequest, AzureGenerateResult};
#[cfg(feature = "azure")]
pub use crate::explain::CloudError;
#[cfg(feature = "azure")]
pub use crate::explain::azure::{
    ClauseTrace, CredentialOutcome, CredentialTrace, CredentialsTrace, ValueTrace,
};
#[cfg(feature = "azure")]
pub use azure::{
    AzureAnalysis, AzureLintRequest, AzureRequest, analyze_azure, analyze_azure_json,
    generate_azure, generate_azure_json, lint_azure, lint_azure_json,
};

impl TokenInfo {
    /// What a decoded token says about itself; returns its claims too.
    pub fn of(token: Token) -> (Self, crate::token::Claims) {
        let info = TokenInfo {
            format: token.format,
            alg: token.alg().map(str::to_owned),
            kid: token.kid().map(str::to_owned),
            typ: token.typ().map(str::to_owned),
            algorithm_accepted: sts::algorithm_accepted(&token),
            signed: token.signature_len > 0,
            header: token.header,
        };
        (info, token.claims)
    }
}

/// Decodes a token (compact JWS, or claims as JSON text) without analysing it. Never
/// fails: a token that cannot be decoded comes back with an `invalid-token` diagnostic.
/// Signatures are never verified.
pub fn decode_token(input: &str) -> DecodedToken {
    match token::read(input) {
        Ok(token::Read { token, adjustments }) => {
            let diagnostics = adjustments
                .iter()
                .map(|a| a.finding(Source::Token, "the token"))
                .chain(sts::algorithm_diagnostic(&token))
                .collect();
            let (info, claims) = TokenInfo::of(token);
            DecodedToken {
                token: Some(info),
                claims: Some(claims),
                diagnostics,
            }
        }
        Err(e) => DecodedToken {
            token: None,
            claims: None,
            diagnostics: vec![Diagnostic::new(
                codes::INVALID_TOKEN,
                Severity::Error,
                Source::Token,
                e.to_string(),
            )],
        },
    }
}

/// Analyses a request given as JSON text. Never fails: a malformed request comes back as
/// an analysis with an `invalid-request` diagnostic.
pub fn analyze_json(request: &str) -> Analysis {
    answer_or(serde_json::from_str(request), analyze, request_failed)
}

/// Answers a request read from JSON (`serde_json::from_str`, or `from_value` for
/// [`analyze_any_json`]): `answer` it, or hand `failed` the one message every entry point
/// gives for a request it cannot read.
pub(crate) fn answer_or<R, A>(
    read: serde_json::Result<R>,
    answer: impl FnOnce(&R) -> A,
    failed: impl FnOnce(String) -> A,
) -> A {
    match read {
        Ok(r) => answer(&r),
        Err(e) => failed(format!("the request is not valid: {e}")),
    }
}

impl LintResult {
    /// The answer for a lint request that cannot be read: one `invalid-request` finding.
    pub(crate) fn request_failed(message: String) -> Self {
        LintResult {
            diagnostics: vec![Diagnostic::invalid_request(message)],
        }
    }
}

/// Lints a policy given as a JSON [`LintRequest`] text. Never fails: a malformed request
/// comes back with an `invalid-request` diagnostic.
pub fn lint_json(request: &str) -> LintResult {
    answer_or(
        serde_json::from_str::<LintRequest>(request),
        lint::lint_request,
        LintResult::request_failed,
    )
}

/// Writes the least-privilege trust policy for a token, from a JSON [`GenerateRequest`]
/// text. Never fails: a malformed request comes back with an `invalid-request` diagnostic.
pub fn generate_json(request: &str) -> GenerateResult {
    answer_or(
        serde_json::from_str(request),
        generate::generate_policy,
        GenerateResult::failed,
    )
}

/// Renders the policy of the terraform-aws-signing-kms module from a JSON [`ModuleInputs`]
/// text. Never fails: malformed inputs come back with an `invalid-request` diagnostic.
pub fn render_module_json(inputs: &str) -> GenerateResult {
    match serde_json::from_str::<ModuleInputs>(inputs) {
        Ok(i) => generate::render_module_policy(&i),
        Err(e) => GenerateResult::failed(format!("the module inputs are not valid: {e}")),
    }
}

/// An analysis that says the request itself could not be read.
fn request_failed(message: String) -> Analysis {
    Analysis {
        accepted: false,
        state: VerdictState::Undecided,
        stage: Stage::Request,
        aws_error: None,
        summary: message.clone(),
        stages: Vec::new(),
        call: CallReport::default(),
        token: None,
        claims: None,
        provider: None,
        condition_keys: Vec::new(),
        policy: None,
        tag_session: None,
        rcps: Vec::new(),
        diagnostics: vec![Diagnostic::invalid_request(message)],
        hints: Vec::new(),
    }
}

/// Analyses a request: the verdict stage by stage, the policy's lint findings (in
/// `diagnostics`) and, on a refusal, near-miss hints.
pub fn analyze(request: &Request) -> Analysis {
    let parsed = request.policy.as_ref().map(|v| parse_policy(&text_of(v)));
    let rcps = rcp::read(request.organization.as_ref());
    analyze_parsed(
        request,
        Documents {
            policy: parsed.as_ref(),
            rcps: &rcps,
        },
    )
}

/// [`analyze`] with the documents already read; the request's own `policy` and RCPs are
/// not read.
fn analyze_parsed(request: &Request, docs: Documents<'_>) -> Analysis {
    let parsed = docs.policy;
    let verdict = sts::run(request, docs);
    let policy = parsed.and_then(|p| p.policy.as_ref());
    let mut diagnostics: Vec<Diagnostic> =
        parsed.map(|p| p.diagnostics.clone()).unwrap_or_default();
    diagnostics.extend(
        docs.rcps
            .iter()
            .flat_map(|r| r.parsed.diagnostics.iter().cloned()),
    );
    diagnostics.extend(verdict.diagnostics.iter().cloned());

    let mut hints = Vec::new();
    if request.lints() {
        if let Some(policy) = policy {
            let issuer = verdict
                .provider
                .as_ref()
                .map(|p| p.url.as_str())
                .or_else(|| verdict.claims().and_then(|c| c.issuer()));
            diagnostics.extend(lint::run(
                policy,
                &LintOptions::for_issuer(issuer, request.provider_claims()),
            ));
        }
        diagnostics.extend(subject_format(&verdict));
        let text = request.policy.as_ref().map(text_of);
        hints = explain::hints(request, &verdict, policy, text.as_deref(), docs.rcps);
    }

    let traces = match (&verdict.policy, &verdict.provider, &verdict.context, policy) {
        (Some(run), Some(provider), Some(context), Some(policy)) => {
            let on = |action| EvalRequest {
                context,
                action,
                principal: &provider.arn,
                resource: None,
            };
            let tag = run
                .tag_session
                .as_ref()
                .map(|t| explain::trace(policy, t, &on(TAG_SESSION_ACTION)));
            Some((
                explain::trace(policy, &run.evaluation, &on(&run.action)),
                tag,
            ))
        }
        _ => None,
    };
    let rcp_names: Vec<&str> = docs.rcps.iter().map(|r| r.name.as_str()).collect();
    let rcp_traces: Vec<PolicyTrace> = match (&verdict.provider, &verdict.context) {
        (Some(provider), Some(context)) => verdict
            .rcps
            .iter()
            .filter_map(|r| {
                let policy = docs.rcps.get(r.index)?.parsed.policy.as_ref()?;
                Some(explain::trace(
                    policy,
                    &r.evaluation,
                    &EvalRequest {
                        context,
                        action: r.action,
                        principal: &provider.arn,
                        resource: request.call.role_arn.as_deref(),
                    },
                ))
            })
            .collect(),
        _ => Vec::new(),
    };
    let summaries = Summaries {
        policy: traces
            .as_ref()
            .map(|(t, tags)| explain::policy_summary(t, tags.as_ref())),
        rcp: (!verdict.rcps.is_empty())
            .then(|| explain::rcp_summary(&verdict, &rcp_names, &rcp_traces)),
    };
    let stages = stage_reports(&verdict, request.now, &summaries, !docs.rcps.is_empty());
    // The deciding stage: the failed one, else the trust policy (with the RCPs' word when
    // they were checked).
    let detail = |stage: Stage| {
        stages
            .iter()
            .find(|s| s.stage == stage)
            .map(|s| s.detail.clone())
    };
    let deciding = match stages.iter().find(|s| s.status == StageStatus::Failed) {
        Some(s) => s.detail.clone(),
        None => match (detail(Stage::Policy), summaries.rcp.as_ref()) {
            (Some(p), Some(r)) => format!("{p}; {r}"),
            (Some(p), None) => p,
            (None, _) => match &verdict.refusal {
                Some(Refusal::Request { message }) => message.clone(),
                _ => String::new(),
            },
        },
    };
    let summary = sentences::summary(&verdict, &deciding);
    let iss = verdict
        .claims()
        .and_then(|c| c.issuer())
        .unwrap_or_default();
    let aws_error = verdict
        .refusal
        .as_ref()
        .and_then(|r| r.aws_error(iss, request.now));
    let (policy_trace, tag_session) = match traces {
        Some((t, tags)) => (Some(t), tags),
        None => (None, None),
    };
    let rcps = verdict
        .rcps
        .iter()
        .zip(rcp_traces)
        .map(|(r, policy)| RcpTrace {
            index: r.index,
            name: rcp_names
                .get(r.index)
                .copied()
                .unwrap_or_default()
                .to_owned(),
            policy,
        })
        .collect();
    let state = sentences::verdict_state(&verdict, &diagnostics);
    let Verdict {
        call,
        token,
        provider,
        context,
        refusal,
        ..
    } = verdict;
    let (token, claims) = token.map(TokenInfo::of).unzip();
    Analysis {
        accepted: refusal.is_none(),
        state,
        stage: refusal.as_ref().map_or(Stage::Policy, Refusal::stage),
        aws_error,
        summary,
        stages,
        call,
        token,
        claims,
        provider: provider.map(|p| ProviderInfo {
            built_in: p.built_in(),
            url: p.url,
            arn: p.arn,
            account: p.account,
            account_source: p.account_source,
            client_ids: p.client_ids,
            audiences: p.audiences,
            issuer_kind: p.kind,
        }),
        condition_keys: context
            .map(|c| {
                c.into_keys()
                    .map(|k| KeyInfo {
                        key: k.name,
                        values: k.values,
                        source: k.source,
                    })
                    .collect()
            })
            .unwrap_or_default(),
        policy: policy_trace,
        tag_session,
        rcps,
        diagnostics,
        hints,
    }
}

/// Every stage in AWS's order: passed (or not checked), failed (the deciding one) or not
/// reached. None for a request that could not be read.
fn stage_reports(
    verdict: &Verdict,
    now: i64,
    summaries: &Summaries,
    rcps_given: bool,
) -> Vec<StageReport<Stage>> {
    let deciding = verdict.stage();
    if deciding == Stage::Request {
        return Vec::new();
    }
    crate::explain::stage_reports(
        &Stage::ORDER,
        (!verdict.accepted()).then_some((deciding, StageStatus::Failed)),
        |stage| sentences::passed_status(stage, verdict, rcps_given),
        |stage, status| sentences::stage_detail(stage, status, verdict, now, summaries),
    )
}

/// The info finding for a `sub` outside its platform's documented format.
fn subject_format(verdict: &Verdict) -> Option<Diagnostic> {
    let p = verdict.provider.as_ref()?;
    let sub = verdict.claims()?.str("sub")?;
    let issuer = providers::recognise(&p.url, Some(sub));
    let e = providers::parse_subject(issuer.platform, sub).err()?;
    Some(
        Diagnostic::new(
            codes::UNEXPECTED_SUBJECT_FORMAT,
            Severity::Info,
            Source::Token,
            format!(
                "the `sub` is not in the {} format at character {}: {}",
                issuer.platform.name(),
                sub.get(..e.at).map_or(0, |s| s.chars().count()),
                e.message
            ),
        )
        .at("/claims/sub", None)
        .help("patterns written for the platform's documented subjects may not match it; the lints and hints read it as opaque text"),
    )
}
