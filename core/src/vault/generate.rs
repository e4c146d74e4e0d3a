//! The least-privilege Vault role for a token: `role_type` `jwt`, the token's audience, its
//! exact `sub` (or, with scope `repository`, the repository's immutable id alone), and the
//! platform's immutable ids (`repository_id` and `repository_owner_id` for GitHub,
//! `project_id` for GitLab, `terraform_workspace_id` for HCP Terraform), so a renamed or
//! re-created repository does not inherit the role. The mount's configuration pins the
//! issuer. The role is then read back and logged in with the token, and linted.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::lint;
use super::login::{self, Login, VaultServer};
use super::role::{read_config, read_role};
use crate::diagnostic::Diagnostic;
use crate::providers::{self, Platform};
use crate::token;

/// How much of the workload the role admits.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum VaultScope {
    /// This `sub` exactly (this branch, tag or environment of this repository).
    #[default]
    Exact,
    /// Any run of the repository (or GitLab project, or HCP Terraform workspace), by its
    /// immutable id.
    Repository,
}

/// What to write a role for.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VaultGenerateRequest {
    /// The token: a compact JWT, or its claims as JSON text.
    #[serde(default)]
    pub token: Option<String>,
    /// The claims as a JSON object, instead of `token`.
    #[serde(default)]
    #[cfg_attr(feature = "wasm", tsify(type = "JsonObject | null"))]
    pub claims: Option<Value>,
    /// How much to admit; default `exact`.
    #[serde(default)]
    pub scope: Option<VaultScope>,
    /// The role's name; default `ci`.
    #[serde(default)]
    pub role_name: Option<String>,
    /// The auth mount's path; default `jwt`.
    #[serde(default)]
    pub mount: Option<String>,
    /// The role's `token_policies`.
    #[serde(default)]
    pub policies: Vec<String>,
    /// When to check that the role takes the token; default the token's `iat` (else `nbf`,
    /// else `exp`).
    #[serde(default)]
    pub now: Option<i64>,
}

/// The role written.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VaultGenerateResult {
    /// The role, as `vault write auth/<mount>/role/<name>` takes it; `null` when no role
    /// could be written.
    #[cfg_attr(feature = "wasm", tsify(type = "JsonObject | null"))]
    pub role: Option<Value>,
    /// The mount's configuration (`auth/<mount>/config`).
    #[cfg_attr(feature = "wasm", tsify(type = "JsonObject | null"))]
    pub config: Option<Value>,
    /// The `vault` commands that write both.
    pub commands: String,
    /// Whether the role, read back, logs the token in.
    pub verified: bool,
    /// What the role pins and what it leaves open.
    pub notes: Vec<String>,
    /// Why no role was written, or the lint findings on it.
    pub diagnostics: Vec<Diagnostic>,
}

impl VaultGenerateResult {
    /// A result that says why no role was written.
    pub fn failed(d: Diagnostic) -> Self {
        VaultGenerateResult {
            role: None,
            config: None,
            commands: String::new(),
            verified: false,
            notes: Vec::new(),
            diagnostics: vec![d],
        }
    }
}

/// Writes the role.
pub fn generate(request: &VaultGenerateRequest) -> VaultGenerateResult {
    let token = match token::from_request(request.token.as_deref(), request.claims.as_ref()) {
        Ok(Some(t)) => t,
        Ok(None) => {
            return VaultGenerateResult::failed(Diagnostic::invalid_request(
                "no token was given to write a role for".to_owned(),
            ));
        }
        Err(d) => return VaultGenerateResult::failed(*d),
    };
    let c = &token.claims;
    let (Some(iss), Some(sub)) = (c.issuer(), c.str("sub")) else {
        return VaultGenerateResult::failed(Diagnostic::invalid_request(
            "the token has no `iss` or `sub` to bind".to_owned(),
        ));
    };
    let scope = request.scope.unwrap_or_default();
    let platform = providers::recognise(iss, Some(sub)).platform;
    let ids: &[&str] = match platform {
        Platform::GitHub => &["repository_id", "repository_owner_id"],
        Platform::GitLab => &["project_id"],
        Platform::Terraform => &["terraform_workspace_id"],
        _ => &[],
    };
    let mut bound = Map::new();
    let mut notes = Vec::new();
    let pinned: Vec<&str> = ids
        .iter()
        .copied()
        .filter(|id| c.get(id).is_some())
        .collect();
    if scope == VaultScope::Exact || pinned.is_empty() {
        bound.insert("sub".into(), json!(sub));
        notes.push(format!("`sub` is `{sub}` exactly: this workload only"));
        if scope == VaultScope::Repository {
            notes.push(
                "the token carries no immutable repository id, so the role pins the exact `sub`"
                    .to_owned(),
            );
        }
    } else {
        notes.push("every run of the repository, by its immutable id; pin a ref or an environment for deployments".to_owned());
    }
    for id in &pinned {
        if let Some(v) = c.get(id) {
            bound.insert((*id).to_owned(), v.clone());
        }
    }
    if !pinned.is_empty() {
        notes.push(format!(
            "{} pin the repository by id, so a renamed or re-created one does not inherit the role",
            crate::explain::ticked(pinned.iter().copied())
        ));
    }
    let mut role = Map::new();
    role.insert("role_type".into(), json!("jwt"));
    let aud = c.audiences();
    if !aud.is_empty() {
        role.insert("bound_audiences".into(), json!(aud));
    }
    role.insert("user_claim".into(), json!("sub"));
    role.insert("bound_claims_type".into(), json!("string"));
    role.insert("bound_claims".into(), Value::Object(bound));
    if !request.policies.is_empty() {
        role.insert("token_policies".into(), json!(request.policies));
    }
    let role = Value::Object(role);
    let config = json!({"oidc_discovery_url": iss, "bound_issuer": iss});
    let mount = request.mount.as_deref().unwrap_or("jwt");
    let name = request.role_name.as_deref().unwrap_or("ci");
    let role_text = serde_json::to_string_pretty(&role).unwrap_or_default();
    let commands = format!(
        "vault write auth/{mount}/config oidc_discovery_url=\"{iss}\" bound_issuer=\"{iss}\"\nvault write auth/{mount}/role/{name} - <<'EOF'\n{role_text}\nEOF\n"
    );
    let read = read_role(&role_text);
    let read_cfg = read_config(&config.to_string());
    let now = request.now.unwrap_or_else(|| c.check_time());
    let (verified, diagnostics) = match (&read.value, &read_cfg.value) {
        (Some(r), Some(cfg)) => {
            let v = login::run(&Login {
                role: Ok(r),
                role_name: Some(name),
                config: Some(Ok(cfg)),
                login_role: None,
                token: Ok(Some(&token)),
                remote_addr: None,
                now,
                server: VaultServer::Vault,
            });
            (v.refusal.is_none(), lint::run(r))
        }
        _ => (false, read.diagnostics),
    };
    VaultGenerateResult {
        role: Some(role),
        config: Some(config),
        commands,
        verified,
        notes,
        diagnostics,
    }
}
