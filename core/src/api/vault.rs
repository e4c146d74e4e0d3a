//! The `vault` target on the wire: a JWT auth role (and the mount's configuration) against
//! a token, as HashiCorp Vault or OpenBao decides `auth/<mount>/login`.

use serde::{Deserialize, Serialize};

use super::TokenInfo;
use crate::codes;
use crate::diagnostic::Diagnostic;
use crate::explain::vault::hints::hints;
use crate::explain::vault::sentences::{self, Facts};
use crate::explain::vault::trace::{self, VaultCheck, VaultIdentity, VaultValidity};
use crate::explain::{CloudError, Hint, StageReport, VerdictState};
use crate::json::text_of;
use crate::token::{self, Claims};
use crate::vault::generate::{self, VaultGenerateRequest, VaultGenerateResult};
use crate::vault::lint;
use crate::vault::login::{self, DEFAULT_ALGORITHMS, Login, VaultServer, VaultStage};
use crate::vault::role::{RoleType, read_config, read_role};

pub use crate::vault::login::CheckOutcome as VaultCheckOutcome;

/// What to analyse for Vault.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VaultRequest {
    /// The token: a compact JWT, or its claims as JSON text.
    #[serde(default)]
    pub token: Option<String>,
    /// The claims as a JSON object, instead of `token`.
    #[serde(default)]
    #[cfg_attr(feature = "wasm", tsify(type = "JsonObject | null"))]
    pub claims: Option<serde_json::Value>,
    /// The role, as `vault read -format=json auth/<mount>/role/<name>` prints it (the
    /// envelope, or its `data`): JSON text, or a JSON object.
    #[serde(default)]
    #[cfg_attr(feature = "wasm", tsify(type = "string | JsonObject | null"))]
    pub role: Option<serde_json::Value>,
    /// The role's name (the last part of its path); when given, the login's `role` must
    /// name it.
    #[serde(default)]
    pub role_name: Option<String>,
    /// The mount's configuration, as `vault read -format=json auth/<mount>/config` prints
    /// it. Left out, `bound_issuer` and the rest are unknown, and the answer says so.
    #[serde(default)]
    #[cfg_attr(feature = "wasm", tsify(type = "string | JsonObject | null"))]
    pub config: Option<serde_json::Value>,
    /// The `role` parameter of the login; left out, the login is assumed to name the role;
    /// `""` means none was sent (then `default_role` applies).
    #[serde(default)]
    pub login_role: Option<String>,
    /// The client address Vault sees, for `token_bound_cidrs`.
    #[serde(default)]
    pub remote_addr: Option<String>,
    /// The auth mount's path, for the commands in hints; default `jwt`.
    #[serde(default)]
    pub mount: Option<String>,
    /// Which server to model: `vault` (1.17 and later, the default), `vault-1.16`, or
    /// `openbao`.
    #[serde(default)]
    pub server: Option<VaultServer>,
    /// The evaluation time, in seconds since the epoch. Required: the core never reads the
    /// clock.
    pub now: i64,
    /// Whether to run the lints and write hints; default `true`.
    #[serde(default)]
    pub lints: Option<bool>,
}

/// The role, as read.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VaultRoleInfo {
    /// `role_type`.
    pub role_type: RoleType,
    /// `bound_claims_type`: whether the values are globs.
    pub glob: bool,
    /// `user_claim`.
    pub user_claim: String,
    /// The algorithms the mount takes (`jwt_supported_algs`, or Vault's default list).
    pub algorithms: Vec<String>,
    /// `token_policies`, as Vault attaches them (not evaluated).
    pub policies: Vec<String>,
}

/// Vault's answer.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VaultAnalysis {
    /// Whether Vault would log the token in.
    pub accepted: bool,
    /// What the answer amounts to.
    pub state: VerdictState,
    /// The stage that decided: the failing one, or `boundClaims` when accepted.
    pub stage: VaultStage,
    /// Vault's error (`code` is the HTTP status), or `null` when accepted.
    pub error: Option<CloudError>,
    /// The verdict in one sentence.
    pub summary: String,
    /// Which server was modelled.
    pub server: VaultServer,
    /// Every stage, in order.
    pub stages: Vec<StageReport<VaultStage>>,
    /// The decoded token.
    pub token: Option<TokenInfo>,
    /// The claims, in token order.
    #[cfg_attr(feature = "wasm", tsify(type = "JsonObject | null"))]
    pub claims: Option<Claims>,
    /// The role, as read.
    pub role: Option<VaultRoleInfo>,
    /// Every value Vault compared or read, in its order.
    pub checks: Vec<VaultCheck>,
    /// The validity window, once Vault computed it.
    pub validity: Option<VaultValidity>,
    /// What the login gives: the entity alias, its metadata, the groups, the policies.
    pub identity: Option<VaultIdentity>,
    /// Reading errors, then lint findings.
    pub diagnostics: Vec<Diagnostic>,
    /// On a refusal, what to change.
    pub hints: Vec<Hint>,
}

/// Analyses a request given as JSON text. Never fails: a malformed request comes back as
/// an answer with an `invalid-request` diagnostic.
pub fn analyze_vault_json(request: &str) -> VaultAnalysis {
    super::answer_or(
        serde_json::from_str(request),
        analyze_vault,
        vault_request_failed,
    )
}

/// An answer that says the request could not be read.
pub(crate) fn vault_request_failed(message: String) -> VaultAnalysis {
    VaultAnalysis {
        accepted: false,
        state: VerdictState::Undecided,
        stage: VaultStage::Request,
        error: None,
        summary: message.clone(),
        server: VaultServer::Vault,
        stages: Vec::new(),
        token: None,
        claims: None,
        role: None,
        checks: Vec::new(),
        validity: None,
        identity: None,
        diagnostics: vec![Diagnostic::invalid_request(message)],
        hints: Vec::new(),
    }
}

/// Analyses a login: the verdict stage by stage, the trace, the role's lint findings and,
/// on a refusal, hints.
pub fn analyze_vault(request: &VaultRequest) -> VaultAnalysis {
    let role = request.role.as_ref().map(|v| read_role(&text_of(v)));
    let config = request.config.as_ref().map(|v| read_config(&text_of(v)));
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    let token = match token::from_request(request.token.as_deref(), request.claims.as_ref()) {
        Ok(t) => Ok(t),
        Err(d) => {
            diagnostics.push(*d);
            Err(())
        }
    };
    for read in [
        role.as_ref().map(|r| &r.diagnostics),
        config.as_ref().map(|c| &c.diagnostics),
    ]
    .into_iter()
    .flatten()
    {
        diagnostics.extend(read.iter().cloned());
    }
    let role_value = role.as_ref().and_then(|r| r.value.as_ref());
    let config_value = config.as_ref().map(|c| c.value.as_ref().ok_or(()));
    let server = request.server.unwrap_or_default();
    let login = Login {
        role: role_value.ok_or(role.is_some()),
        role_name: request.role_name.as_deref(),
        config: config_value,
        login_role: request.login_role.as_deref(),
        token: token.as_ref().map(Option::as_ref).map_err(|&()| ()),
        remote_addr: request.remote_addr.as_deref(),
        now: request.now,
        server,
    };
    let verdict = login::run(&login);
    diagnostics.extend(verdict.diagnostics.iter().cloned());
    let lints = request.lints.unwrap_or(true);
    if lints && let Some(r) = role_value {
        diagnostics.extend(lint::run(r));
    }
    let facts = Facts::new(&login, &verdict);
    let stages = sentences::stage_reports(&facts);
    let summary = sentences::summary(&facts, &stages);
    let token_ref = login.token.ok().flatten();
    let checks = match (role_value, token_ref) {
        (Some(r), Some(t)) => trace::trace(
            &verdict.checks,
            r,
            config_value.and_then(Result::ok),
            &t.claims,
            &facts.registered,
        ),
        _ => Vec::new(),
    };
    let hints = if lints {
        hints(&facts, request.mount.as_deref().unwrap_or("jwt"), &checks)
    } else {
        Vec::new()
    };
    let state = sentences::state(&verdict, &diagnostics);
    // A field the reader could not take makes the answer undecided: the headline is that
    // field, never a Vault error about a role that is not the one given.
    let unreadable = diagnostics.iter().find(|d| {
        state == VerdictState::Undecided
            && matches!(
                d.code,
                codes::INVALID_VAULT_ROLE | codes::INVALID_VAULT_CONFIG
            )
    });
    let summary = match unreadable {
        Some(d) if verdict.refusal.as_ref().is_none_or(|r| !r.undecided()) => format!(
            "{}, so {}'s answer cannot be given",
            d.message,
            server.name()
        ),
        _ => summary,
    };
    let hints = if unreadable.is_some() {
        Vec::new()
    } else {
        hints
    };
    let error = verdict
        .refusal
        .as_ref()
        .filter(|_| unreadable.is_none())
        .and_then(login::Refusal::error)
        .map(|(code, message, observed)| CloudError {
            code: code.to_string(),
            message,
            observed,
        });
    let algorithms: Vec<String> = match config_value.and_then(Result::ok) {
        Some(c) if !c.jwt_supported_algs.is_empty() => c.jwt_supported_algs.clone(),
        _ => DEFAULT_ALGORITHMS.iter().map(|a| (*a).to_owned()).collect(),
    };
    let role_info = role_value.map(|r| VaultRoleInfo {
        role_type: r.role_type,
        glob: r.glob,
        user_claim: r.user_claim.clone(),
        algorithms: algorithms.clone(),
        policies: r.token_policies.clone(),
    });
    let (token_info, claims) = match token {
        Ok(Some(t)) => {
            let (mut info, claims) = TokenInfo::of(t);
            info.algorithm_accepted = info.alg.as_ref().map(|a| algorithms.contains(a));
            (Some(info), Some(claims))
        }
        _ => (None, None),
    };
    let policies = role_value
        .map(|r| r.token_policies.as_slice())
        .unwrap_or_default();
    VaultAnalysis {
        accepted: verdict.refusal.is_none(),
        state,
        stage: verdict.stage(),
        error,
        summary,
        server,
        stages,
        token: token_info,
        claims,
        role: role_info,
        checks,
        validity: verdict.window.map(VaultValidity::from),
        identity: verdict
            .identity
            .clone()
            .filter(|_| verdict.refusal.is_none())
            .map(|id| VaultIdentity::of(id, policies)),
        diagnostics,
        hints,
    }
}

/// What to lint: a role, and optionally the mount's configuration.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VaultLintRequest {
    /// The role: JSON text, or a JSON object.
    #[cfg_attr(feature = "wasm", tsify(type = "string | JsonObject"))]
    pub role: serde_json::Value,
    /// The mount's configuration, checked for reading errors.
    #[serde(default)]
    #[cfg_attr(feature = "wasm", tsify(type = "string | JsonObject | null"))]
    pub config: Option<serde_json::Value>,
}

/// Lints a role given as a JSON [`VaultLintRequest`] text. Never fails.
pub fn lint_vault_json(request: &str) -> super::LintResult {
    super::answer_or(
        serde_json::from_str::<VaultLintRequest>(request),
        |r| {
            let read = read_role(&text_of(&r.role));
            let mut diagnostics = read.diagnostics;
            if let Some(c) = &r.config {
                diagnostics.extend(read_config(&text_of(c)).diagnostics);
            }
            if let Some(role) = &read.value {
                diagnostics.extend(lint::run(role));
            }
            super::LintResult { diagnostics }
        },
        super::LintResult::request_failed,
    )
}

/// Writes the least-privilege role for a token, from a JSON [`VaultGenerateRequest`] text.
/// Never fails.
pub fn generate_vault_json(request: &str) -> VaultGenerateResult {
    super::answer_or(
        serde_json::from_str::<VaultGenerateRequest>(request),
        generate::generate,
        |message| VaultGenerateResult::failed(Diagnostic::invalid_request(message)),
    )
}
