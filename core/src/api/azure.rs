//! Microsoft Entra ID on the wire: [`AzureRequest`] (a token, the federated identity
//! credentials of an app registration or a user-assigned managed identity, the evaluation
//! time) and [`AzureAnalysis`], with the same top-level fields as AWS's [`super::Analysis`]
//! where they apply; the lint and generate entry points.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{LintResult, TokenInfo};
use crate::aws::policy::text_of;
use crate::azure::entra::{self, AzureStage, Refusal, TokenInput};
use crate::azure::generate::{self, AzureGenerateRequest, AzureGenerateResult};
use crate::azure::{lint, read};
use crate::diagnostic::Diagnostic;
use crate::explain::azure::text::AzureReport;
use crate::explain::azure::{self as explain, CredentialsTrace, sentences};
use crate::explain::{CloudError, Hint, StageReport, StageStatus, VerdictState};
use crate::token::Claims;

/// What to analyse for Entra ID.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AzureRequest {
    /// The token: a compact JWT, or its claims as JSON text.
    #[serde(default)]
    pub token: Option<String>,
    /// The claims as a JSON object, instead of `token`.
    #[serde(default)]
    #[cfg_attr(feature = "wasm", tsify(type = "JsonObject | null"))]
    pub claims: Option<Value>,
    /// The federated identity credentials, as JSON text or a JSON value, in any shape `az
    /// ad app federated-credential list`, `az identity federated-credential list`, Microsoft
    /// Graph or ARM prints (a list, `{"value": [...]}`, one credential, an ARM resource or
    /// template).
    #[serde(default)]
    #[cfg_attr(feature = "wasm", tsify(type = "string | JsonValue | null"))]
    pub credentials: Option<Value>,
    /// The evaluation time, in seconds since the epoch. Required: the core never reads the
    /// clock.
    pub now: i64,
    /// Whether to run the lints and write hints; default `true`.
    #[serde(default)]
    pub lints: Option<bool>,
}

/// Entra ID's answer.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AzureAnalysis {
    /// Whether Entra ID would issue a token.
    pub accepted: bool,
    /// What the answer amounts to.
    pub state: VerdictState,
    /// The stage that decided: the failing one, or `subject` when accepted.
    pub stage: AzureStage,
    /// Entra's error (`AADSTS...`, verbatim), or `null` when accepted or when no exchange
    /// could be made.
    pub error: Option<CloudError>,
    /// The verdict in one sentence.
    pub summary: String,
    /// Every stage, in Entra's order.
    pub stages: Vec<StageReport<AzureStage>>,
    /// The decoded token (`algorithmAccepted`: signed with RS256, the one algorithm Entra
    /// documents).
    pub token: Option<TokenInfo>,
    /// The claims, in token order.
    #[cfg_attr(feature = "wasm", tsify(type = "JsonObject | null"))]
    pub claims: Option<Claims>,
    /// Every credential against the token, with the matched and the closest one; `null`
    /// when no credentials could be read.
    pub credentials: Option<CredentialsTrace>,
    /// Every finding: reading errors, then lints.
    pub diagnostics: Vec<Diagnostic>,
    /// On a refusal, what to change.
    pub hints: Vec<Hint>,
}

impl AzureAnalysis {
    /// The parts the plain-text explanation shows ([`crate::explain::azure::text`]).
    pub fn report(&self) -> AzureReport<'_> {
        AzureReport {
            state: self.state,
            stage: self.stage,
            error: self.error.as_ref(),
            summary: &self.summary,
            stages: &self.stages,
            credentials: self.credentials.as_ref(),
            hints: &self.hints,
        }
    }
}

/// An answer that says the request could not be read.
pub(crate) fn azure_request_failed(message: String) -> AzureAnalysis {
    AzureAnalysis {
        accepted: false,
        state: VerdictState::Undecided,
        stage: AzureStage::Request,
        error: None,
        summary: message.clone(),
        stages: Vec::new(),
        token: None,
        claims: None,
        credentials: None,
        diagnostics: vec![Diagnostic::invalid_request(message)],
        hints: Vec::new(),
    }
}

/// Decides whether Entra ID exchanges the request's token with its credentials, and why.
pub fn analyze_azure(request: &AzureRequest) -> AzureAnalysis {
    let input = match (&request.token, &request.claims) {
        (Some(t), None) => TokenInput::Text(t),
        (None, Some(c)) => TokenInput::Claims(c),
        (Some(_), Some(_)) => {
            return azure_request_failed(
                "give the token as `token` or as `claims`, not both".to_owned(),
            );
        }
        (None, None) => {
            return azure_request_failed(
                "no token: give `token` (a JWT or claims as JSON text) or `claims`".to_owned(),
            );
        }
    };
    let read = request
        .credentials
        .as_ref()
        .map(|v| read::read(&text_of(v)));
    let set = read.as_ref().map(|r| r.set.as_ref());
    let verdict = entra::run(input, entra::Credentials::of(set), request.now);
    let mut diagnostics: Vec<Diagnostic> = read
        .as_ref()
        .map(|r| r.diagnostics.clone())
        .unwrap_or_default();
    diagnostics.extend(verdict.diagnostics.iter().cloned());
    let set = set.flatten();
    let lints = request.lints.unwrap_or(true);
    if lints && let Some(set) = set {
        diagnostics.extend(lint::run(set));
    }
    let trace = set.map(|s| explain::trace(s, &verdict));
    let stages = sentences::stage_reports(&verdict, trace.as_ref(), request.now);
    let detail = match stages.iter().find(|s| s.status == StageStatus::Failed) {
        Some(s) => s.detail.clone(),
        None => match &verdict.refusal {
            Some(Refusal::Request { message }) => message.clone(),
            _ => stages
                .iter()
                .find(|s| s.stage == AzureStage::Subject)
                .map(|s| s.detail.clone())
                .unwrap_or_default(),
        },
    };
    let hints = if lints {
        explain::hints(&verdict, trace.as_ref(), request.now)
    } else {
        Vec::new()
    };
    let error = verdict
        .refusal
        .as_ref()
        .and_then(|r| r.cloud_error(verdict.claims(), request.now));
    let state = sentences::verdict_state(&verdict, &diagnostics);
    let summary = sentences::summary(&verdict, &detail);
    let accepted = verdict.accepted();
    let deciding = verdict.stage();
    let (token, claims) = verdict
        .token
        .map(|t| {
            let accepted = entra::algorithm_accepted(&t);
            let (mut info, claims) = TokenInfo::of(t);
            info.algorithm_accepted = accepted;
            (info, claims)
        })
        .unzip();
    AzureAnalysis {
        accepted,
        state,
        stage: deciding,
        error,
        summary,
        stages,
        token,
        claims,
        credentials: trace,
        diagnostics,
        hints,
    }
}

/// [`analyze_azure`] for a request given as JSON text. Never fails: a malformed request
/// comes back with an `invalid-request` diagnostic.
pub fn analyze_azure_json(request: &str) -> AzureAnalysis {
    super::answer_or(
        serde_json::from_str(request),
        analyze_azure,
        azure_request_failed,
    )
}

/// What to lint: federated identity credentials, in any shape [`AzureRequest`] takes.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AzureLintRequest {
    /// The credentials: JSON text or a JSON value.
    #[cfg_attr(feature = "wasm", tsify(type = "string | JsonValue"))]
    pub credentials: Value,
}

/// The reader's findings and the lints on a set of credentials.
pub fn lint_azure(request: &AzureLintRequest) -> LintResult {
    let read = read::read(&text_of(&request.credentials));
    let mut diagnostics = read.diagnostics;
    if let Some(set) = &read.set {
        diagnostics.extend(lint::run(set));
    }
    LintResult { diagnostics }
}

/// [`lint_azure`] for a request given as JSON text. Never fails.
pub fn lint_azure_json(request: &str) -> LintResult {
    super::answer_or(
        serde_json::from_str(request),
        lint_azure,
        LintResult::request_failed,
    )
}

/// Writes the least-privilege federated identity credential for a token.
pub fn generate_azure(request: &AzureGenerateRequest) -> AzureGenerateResult {
    generate::generate_credential(request)
}

/// [`generate_azure`] for a request given as JSON text. Never fails.
pub fn generate_azure_json(request: &str) -> AzureGenerateResult {
    super::answer_or(
        serde_json::from_str(request),
        generate::generate_credential,
        AzureGenerateResult::failed,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::explain::aws::text::Plain;

    #[test]
    fn the_text_marks_the_closest_credential() {
        let a = analyze_azure_json(
            r#"{"now": 200, "claims": {"iss": "https://token.actions.githubusercontent.com", "sub": "repo:o/r:environment:production", "aud": "api://AzureADTokenExchange", "exp": 400},
                "credentials": [{"name": "main", "issuer": "https://token.actions.githubusercontent.com", "subject": "repo:o/r:ref:refs/heads/main", "audiences": ["api://AzureADTokenExchange"]},
                                {"name": "prod", "issuer": "https://token.actions.githubusercontent.com", "subject": "repo:o/r:environment:Production", "audiences": ["api://AzureADTokenExchange"]}]}"#,
        );
        let mut text = String::new();
        explain::text::report(&mut text, &a.report(), &Plain { name: "fic.json" }).unwrap();
        assert!(
            text.starts_with("REFUSED by Entra ID (decided at the subject stage)\n"),
            "{text}"
        );
        assert!(text.contains("Entra answers AADSTS7002138: "), "{text}");
        assert!(
            text.contains(
                "credential 1 (`prod`): the subject but for letter case (closest)  at fic.json:10:3\n"
            ),
            "{text}"
        );
        assert!(
            text.contains("           token repo:o/r:environment:production\n"),
            "{text}"
        );
        assert!(text.contains("hint[case-only-difference]"), "{text}");
    }
}
