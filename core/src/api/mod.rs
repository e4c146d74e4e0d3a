//! The one interface every shell calls (the npm package, the playground, the CLI): typed
//! requests in, [`Analysis`] and the other answers out, and `*_json` entry points that take
//! JSON text and never fail. The engine below never imports this module: it returns typed
//! results, which this module places into the wire answers along with their explanations.

use std::borrow::Cow;

use crate::aws::generate;
use crate::aws::lint::{self, LintOptions};
use crate::aws::policy::{ParsedPolicy, parse_policy};
use crate::aws::sts::{self, Refusal, Verdict};
use crate::codes;
use crate::diagnostic::{Diagnostic, Severity, Source};
use crate::explain::aws::{self as explain, sentences};
use crate::providers;
use crate::token::{self, Token};

mod analysis;
mod compile;

pub use crate::aws::generate::{GenerateRequest, GenerateResult, ModuleInputs};
pub use crate::aws::generate::{RepoForm, Scope};
pub use crate::aws::request::Request;
pub use crate::aws::request::{ClientIdBasis, ProviderConfig};
pub use crate::aws::sts::Stage;
pub use crate::aws::sts::{AccountSource, AwsError};
pub use crate::explain::NearMiss;
pub use crate::explain::aws::{ConditionTrace, Hint, MatchTrace, PolicyTrace, StatementTrace};
pub use crate::explain::aws::{StageReport, StageStatus};
pub use crate::{aws::eval::OutcomeKind, aws::lint::LintRequest, aws::lint::LintResult};
pub use analysis::{Analysis, DecodedToken, KeyInfo, ProviderInfo, TokenInfo};
pub use compile::{CompileRequest, Compiled, VerdictSummary};

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
    match token::decode(input) {
        Ok(token) => {
            let diagnostics = sts::algorithm_diagnostic(&token).into_iter().collect();
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
    match serde_json::from_str::<Request>(request) {
        Ok(r) => analyze(&r),
        Err(e) => request_failed(format!("the request is not valid: {e}")),
    }
}

/// Lints a policy given as a JSON [`LintRequest`] text. Never fails: a malformed request
/// comes back with an `invalid-request` diagnostic.
pub fn lint_json(request: &str) -> LintResult {
    match serde_json::from_str::<LintRequest>(request) {
        Ok(r) => lint::lint_request(&r),
        Err(e) => LintResult {
            diagnostics: vec![Diagnostic::invalid_request(format!(
                "the request is not valid: {e}"
            ))],
        },
    }
}

/// Writes the least-privilege trust policy for a token, from a JSON [`GenerateRequest`]
/// text. Never fails: a malformed request comes back with an `invalid-request` diagnostic.
pub fn generate_json(request: &str) -> GenerateResult {
    match serde_json::from_str::<GenerateRequest>(request) {
        Ok(r) => generate::generate_policy(&r),
        Err(e) => GenerateResult::failed(format!("the request is not valid: {e}")),
    }
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
        stage: Stage::Request,
        aws_error: None,
        summary: message.clone(),
        stages: Vec::new(),
        token: None,
        claims: None,
        provider: None,
        condition_keys: Vec::new(),
        policy: None,
        tag_session: None,
        diagnostics: vec![Diagnostic::invalid_request(message)],
        hints: Vec::new(),
    }
}

/// Analyses a request: the verdict stage by stage, the policy's lint findings (in
/// `diagnostics`) and, on a refusal, near-miss hints.
pub fn analyze(request: &Request) -> Analysis {
    let parsed = policy_text(request.policy.as_ref()).map(|t| parse_policy(&t));
    analyze_parsed(request, parsed.as_ref())
}

/// The policy's text: a string as it is, an object written out.
fn policy_text(policy: Option<&serde_json::Value>) -> Option<Cow<'_, str>> {
    match policy? {
        serde_json::Value::String(s) => Some(Cow::Borrowed(s.as_str())),
        v => Some(Cow::Owned(
            serde_json::to_string_pretty(v).unwrap_or_default(),
        )),
    }
}

/// [`analyze`] with the policy already read (`None`: no policy was given); the request's
/// own `policy` is not read.
fn analyze_parsed(request: &Request, parsed: Option<&ParsedPolicy>) -> Analysis {
    let verdict = sts::run(request, parsed);
    let policy = parsed.and_then(|p| p.policy.as_ref());
    let mut diagnostics: Vec<Diagnostic> =
        parsed.map(|p| p.diagnostics.clone()).unwrap_or_default();
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
        hints = explain::hints(request, &verdict, policy);
    }

    let traces = match (&verdict.policy, &verdict.provider, &verdict.context, policy) {
        (Some(run), Some(provider), Some(context), Some(policy)) => {
            let of = |ev| explain::trace(policy, ev, &run.action, &provider.arn, context);
            let tag = run.tag_session.as_ref().map(|t| {
                explain::trace(
                    policy,
                    t,
                    crate::aws::policy::TAG_SESSION_ACTION,
                    &provider.arn,
                    context,
                )
            });
            Some((of(&run.evaluation), tag))
        }
        _ => None,
    };
    let policy_summary = traces
        .as_ref()
        .map(|(t, tags)| explain::policy_summary(t, tags.as_ref()));
    let stages = stage_reports(&verdict, request.now, policy_summary.as_deref());
    let deciding = stages
        .iter()
        .find(|s| s.status == StageStatus::Failed)
        .or(stages.last())
        .map_or_else(
            || match &verdict.refusal {
                Some(Refusal::Request { message }) => message.clone(),
                _ => String::new(),
            },
            |s| s.detail.clone(),
        );
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
    let Verdict {
        token,
        provider,
        context,
        refusal,
        ..
    } = verdict;
    let (token, claims) = token.map(TokenInfo::of).unzip();
    Analysis {
        accepted: refusal.is_none(),
        stage: refusal.as_ref().map_or(Stage::Policy, Refusal::stage),
        aws_error,
        summary,
        stages,
        token,
        claims,
        provider: provider.map(|p| ProviderInfo {
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
                    })
                    .collect()
            })
            .unwrap_or_default(),
        policy: policy_trace,
        tag_session,
        diagnostics,
        hints,
    }
}

/// Every stage in AWS's order: passed, failed (the deciding one) or not reached. None for
/// a request that could not be read.
fn stage_reports(verdict: &Verdict, now: i64, policy: Option<&str>) -> Vec<StageReport> {
    let deciding = verdict.stage();
    if deciding == Stage::Request {
        return Vec::new();
    }
    let mut status = StageStatus::Passed;
    Stage::ORDER
        .iter()
        .map(|&stage| {
            let this = if stage == deciding && !verdict.accepted() {
                StageStatus::Failed
            } else {
                status
            };
            if this == StageStatus::Failed {
                status = StageStatus::NotReached;
            }
            StageReport {
                stage,
                status: this,
                detail: sentences::stage_detail(stage, this, verdict, now, policy),
            }
        })
        .collect()
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
