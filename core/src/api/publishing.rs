//! The `publishing` target on the wire: a package's trusted publishers (PyPI, crates.io,
//! npm) against a GitHub Actions token: would the registry let this workflow publish.

use serde::{Deserialize, Serialize};

use super::TokenInfo;
use crate::diagnostic::Diagnostic;
use crate::explain::publishing::hints::hints;
use crate::explain::publishing::sentences::{self, Facts};
use crate::explain::publishing::trace::{self, PublisherTrace};
use crate::explain::{CloudError, Hint, StageReport, VerdictState};
use crate::json::text_of;
use crate::publishing::exchange::{self, Exchange, PublishingStage};
use crate::publishing::generate::{self, PublishingGenerateRequest, PublishingGenerateResult};
use crate::publishing::{Registry, lint, publisher};
use crate::token::{self, Claims};

/// What to analyse for a registry.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PublishingRequest {
    /// The token: a compact JWT, or its claims as JSON text.
    #[serde(default)]
    pub token: Option<String>,
    /// The claims as a JSON object, instead of `token`.
    #[serde(default)]
    #[cfg_attr(feature = "wasm", tsify(type = "JsonObject | null"))]
    pub claims: Option<serde_json::Value>,
    /// The registry: `pypi`, `crates.io` or `npm`. Left out, the publishers name it
    /// (crates.io's `github_configs` answer, or a `registry` field).
    #[serde(default)]
    pub registry: Option<Registry>,
    /// The package's trusted publishers: crates.io's `github_configs` answer, PyPI's
    /// publisher fields, npm's, or a list of them; JSON text or JSON.
    #[serde(default)]
    #[cfg_attr(feature = "wasm", tsify(type = "string | JsonValue | null"))]
    pub publishers: Option<serde_json::Value>,
    /// The evaluation time, in seconds since the epoch. Required: the core never reads the
    /// clock.
    pub now: i64,
    /// Whether to run the lints and write hints; default `true`.
    #[serde(default)]
    pub lints: Option<bool>,
}

/// The registry's answer.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PublishingAnalysis {
    /// Whether the registry would mint an upload token.
    pub accepted: bool,
    /// What the answer amounts to.
    pub state: VerdictState,
    /// The stage that decided: the failing one, or `publisher` when accepted.
    pub stage: PublishingStage,
    /// The registry's error (`code`: its error code or HTTP status), or `null`.
    pub error: Option<CloudError>,
    /// The verdict in one sentence.
    pub summary: String,
    /// The registry, when known.
    pub registry: Option<Registry>,
    /// Every stage, in order.
    pub stages: Vec<StageReport<PublishingStage>>,
    /// The decoded token.
    pub token: Option<TokenInfo>,
    /// The claims, in token order.
    #[cfg_attr(feature = "wasm", tsify(type = "JsonObject | null"))]
    pub claims: Option<Claims>,
    /// Every publisher against the token, field by field.
    pub publishers: Vec<PublisherTrace>,
    /// Reading errors, then lint findings.
    pub diagnostics: Vec<Diagnostic>,
    /// On a refusal, what to change.
    pub hints: Vec<Hint>,
}

/// Analyses a request given as JSON text. Never fails.
pub fn analyze_publishing_json(request: &str) -> PublishingAnalysis {
    super::answer_or(
        serde_json::from_str(request),
        analyze_publishing,
        publishing_request_failed,
    )
}

/// An answer that says the request could not be read.
pub(crate) fn publishing_request_failed(message: String) -> PublishingAnalysis {
    PublishingAnalysis {
        accepted: false,
        state: VerdictState::Undecided,
        stage: PublishingStage::Request,
        error: None,
        summary: message.clone(),
        registry: None,
        stages: Vec::new(),
        token: None,
        claims: None,
        publishers: Vec::new(),
        diagnostics: vec![Diagnostic::invalid_request(message)],
        hints: Vec::new(),
    }
}

/// The registry the request is about: its own `registry`, else the one every publisher
/// names (crates.io for its `github_configs` answer).
fn registry_of(request: &PublishingRequest, read: &publisher::Read) -> Option<Registry> {
    request.registry.or_else(|| {
        let first = read.publishers.first()?.registry;
        read.publishers
            .iter()
            .all(|p| p.registry == first)
            .then_some(first)
    })
}

/// Analyses an exchange: the verdict stage by stage, the trace, the lint findings and, on a
/// refusal, hints.
pub fn analyze_publishing(request: &PublishingRequest) -> PublishingAnalysis {
    let read = request
        .publishers
        .as_ref()
        .map(|v| publisher::read(&text_of(v), request.registry))
        .unwrap_or_default();
    let Some(registry) = registry_of(request, &read) else {
        let mut a = publishing_request_failed(if read.publishers.is_empty() {
            "name the registry (`registry`: `pypi`, `crates.io` or `npm`) and give its trusted publishers (`publishers`)".to_owned()
        } else {
            "the publishers name more than one registry: give `registry`".to_owned()
        });
        a.diagnostics.extend(read.diagnostics);
        return a;
    };
    let mut diagnostics = read.diagnostics.clone();
    let token = match token::from_request(request.token.as_deref(), request.claims.as_ref()) {
        Ok(t) => t,
        Err(d) => {
            diagnostics.push(*d);
            None
        }
    };
    let e = Exchange {
        registry,
        publishers: &read.publishers,
        unreadable: !read.diagnostics.is_empty(),
        token: token.as_ref(),
        now: request.now,
    };
    let verdict = exchange::run(&e);
    let lints = request.lints.unwrap_or(true);
    if lints {
        diagnostics.extend(lint::run(&read.publishers));
    }
    let traces = trace::trace(&read.publishers, &verdict.candidates, verdict.closest);
    let facts = Facts {
        exchange: &e,
        verdict: &verdict,
        trace: &traces,
    };
    let stages = sentences::stage_reports(&facts);
    let summary = sentences::summary(&facts, &stages);
    let state = sentences::state(&verdict, &diagnostics);
    let undecided = state == VerdictState::Undecided;
    let hints = if lints && !undecided {
        hints(&facts)
    } else {
        Vec::new()
    };
    let error = verdict
        .refusal
        .as_ref()
        .filter(|_| !undecided)
        .and_then(|r| r.error(registry))
        .map(|(code, message, observed)| CloudError {
            code,
            message,
            observed,
        });
    let summary = match verdict.refusal.as_ref() {
        Some(r) if undecided && !r.undecided() => format!(
            "a trusted publisher cannot be read (see the diagnostics), so {}'s answer cannot be given; read as given, {summary}",
            registry.name()
        ),
        _ => summary,
    };
    let (token_info, claims) = token.map(TokenInfo::of).unzip();
    PublishingAnalysis {
        accepted: verdict.refusal.is_none(),
        state,
        stage: verdict.stage(),
        error,
        summary,
        registry: Some(registry),
        stages,
        token: token_info,
        claims,
        publishers: traces,
        diagnostics,
        hints,
    }
}

/// What to lint: the publishers of one registry.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PublishingLintRequest {
    /// The registry, when the publishers do not name it.
    #[serde(default)]
    pub registry: Option<Registry>,
    /// The publishers: JSON text, or JSON.
    #[cfg_attr(feature = "wasm", tsify(type = "string | JsonValue"))]
    pub publishers: serde_json::Value,
}

/// Lints trusted publishers given as a JSON [`PublishingLintRequest`] text. Never fails.
pub fn lint_publishing_json(request: &str) -> super::LintResult {
    super::answer_or(
        serde_json::from_str::<PublishingLintRequest>(request),
        |r| {
            let read = publisher::read(&text_of(&r.publishers), r.registry);
            let mut diagnostics = read.diagnostics;
            diagnostics.extend(lint::run(&read.publishers));
            super::LintResult { diagnostics }
        },
        super::LintResult::request_failed,
    )
}

/// Writes the trusted publisher that admits a token's workflow at one registry, checked
/// against the token (`verified`) and linted.
pub fn generate_publishing(request: &PublishingGenerateRequest) -> PublishingGenerateResult {
    generate::generate(request)
}

/// [`generate_publishing`] for a JSON [`PublishingGenerateRequest`] text. Never fails.
pub fn generate_publishing_json(request: &str) -> PublishingGenerateResult {
    super::answer_or(
        serde_json::from_str::<PublishingGenerateRequest>(request),
        generate::generate,
        |message| {
            PublishingGenerateResult::failed(None, vec![Diagnostic::invalid_request(message)])
        },
    )
}
