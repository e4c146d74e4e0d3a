//! The least-privilege Google configuration for a token: a pool provider (issuer, the
//! audience the token carries when it is not one of the default forms, a mapping of
//! `google.subject` and the immutable ids, and an attribute condition that pins the tenant
//! and the repository by id, and at the narrowest scope the ref or environment) and the
//! IAM policy that grants `roles/iam.workloadIdentityUser` to the one repository's
//! principal set. The result is checked by running the stages on it.

use serde::{Deserialize, Serialize};
use serde_json::{Value as Json, json};

use super::iam;
use super::lint::{self, LintInput};
use super::provider::{self, ProviderName};
use super::request::GcpRequest;
use super::sts::{self, Documents};
use crate::diagnostic::Diagnostic;
use crate::providers::{self, Platform};
use crate::token::{self, Claims};

/// How narrow the condition is.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub enum GcpScope {
    /// The token's ref (or environment, or run phase) too.
    #[default]
    Ref,
    /// The whole repository (project, workspace).
    Repository,
}

/// What to generate for.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GcpGenerateRequest {
    /// The token: a compact JWT, or claims as JSON text.
    #[serde(default)]
    pub token: Option<String>,
    /// The claims as a JSON object, instead of `token`.
    #[serde(default)]
    #[cfg_attr(feature = "wasm", tsify(type = "JsonObject | null"))]
    pub claims: Option<Json>,
    /// The provider's resource name; default
    /// `projects/123456789012/locations/global/workloadIdentityPools/ci/providers/<platform>`.
    #[serde(default)]
    pub provider_name: Option<String>,
    /// How narrow; default `ref`.
    #[serde(default)]
    pub scope: GcpScope,
    /// The time the check runs at; default the token's `iat`.
    #[serde(default)]
    pub now: Option<i64>,
}

/// What was generated.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GcpGenerateResult {
    /// The provider, in `gcloud ... describe --format=json` shape.
    #[cfg_attr(feature = "wasm", tsify(type = "JsonObject | null"))]
    pub provider: Option<Json>,
    /// The service account's IAM policy.
    #[cfg_attr(feature = "wasm", tsify(type = "JsonObject | null"))]
    pub policy: Option<Json>,
    /// The attribute condition alone.
    pub condition: Option<String>,
    /// The member alone.
    pub member: Option<String>,
    /// The `gcloud` commands that create them.
    pub commands: Vec<String>,
    /// Whether the stages accept the token with them.
    pub verified: bool,
    /// What was chosen and why.
    pub notes: Vec<String>,
    /// The lints of the result, or why nothing could be generated.
    pub diagnostics: Vec<Diagnostic>,
}

impl GcpGenerateResult {
    /// A result with nothing generated.
    pub fn failed(message: String) -> Self {
        GcpGenerateResult {
            provider: None,
            policy: None,
            condition: None,
            member: None,
            commands: Vec::new(),
            verified: false,
            notes: Vec::new(),
            diagnostics: vec![Diagnostic::invalid_request(message)],
        }
    }
}

fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// Generates the configuration.
pub fn generate(request: &GcpGenerateRequest) -> GcpGenerateResult {
    let decoded = match (&request.claims, &request.token) {
        (Some(Json::Object(map)), _) => Ok(Claims::new(map.clone())),
        (Some(_), _) => Err("`claims` must be a JSON object".to_owned()),
        (None, Some(t)) => token::decode(t)
            .map(|t| t.claims)
            .map_err(|e| e.to_string()),
        (None, None) => Err("give a `token` or `claims`".to_owned()),
    };
    let claims = match decoded {
        Ok(c) => c,
        Err(m) => return GcpGenerateResult::failed(m),
    };
    let Some(iss) = claims.issuer().map(str::to_owned) else {
        return GcpGenerateResult::failed("the token has no `iss`".to_owned());
    };
    let issuer = providers::recognise(&iss, claims.str("sub"));
    let platform = issuer.platform;
    let default_name = format!(
        "projects/123456789012/locations/global/workloadIdentityPools/ci/providers/{}",
        match platform {
            Platform::GitHub => "github",
            Platform::GitLab => "gitlab",
            Platform::Terraform => "terraform",
            Platform::CircleCi => "circleci",
            _ => "oidc",
        }
    );
    let name_text = request.provider_name.clone().unwrap_or(default_name);
    let Some(name) = ProviderName::parse(&name_text) else {
        return GcpGenerateResult::failed(format!(
            "`providerName` is `{name_text}`; expected `projects/NUMBER/locations/global/workloadIdentityPools/POOL/providers/PROVIDER`"
        ));
    };
    let mut notes = Vec::new();
    let s = |k: &str| claims.str(k).map(str::to_owned);
    // (claim, value) pins of the condition, and the attribute the binding names.
    let mut pins: Vec<(String, String)> = Vec::new();
    let (tenant, unit, scope_claims): (&[&str], &[&str], &[&str]) = match platform {
        Platform::GitHub => (
            &["repository_owner_id"],
            &["repository_id"],
            &["environment", "ref"],
        ),
        Platform::GitLab => (
            &["namespace_id"],
            &["project_id"],
            &["environment", "ref_type", "ref"],
        ),
        Platform::Terraform => (
            &["terraform_organization_id"],
            &["terraform_workspace_id"],
            &["terraform_run_phase"],
        ),
        Platform::CircleCi => (
            &[],
            &["oidc.circleci.com/project-id"],
            &["oidc.circleci.com/vcs-ref"],
        ),
        _ => (&[], &[], &[]),
    };
    for c in tenant.iter().chain(unit) {
        if let Some(v) = s(c) {
            pins.push(((*c).to_owned(), v));
        }
    }
    let by_unit = unit
        .first()
        .and_then(|u| s(u).map(|v| ((*u).to_owned(), v)));
    if request.scope == GcpScope::Ref {
        // The environment, when the job has one, else the ref (GitHub sends `ref` with an
        // environment too).
        for c in scope_claims {
            if let Some(v) = s(c) {
                pins.push(((*c).to_owned(), v));
                if *c == "environment" {
                    break;
                }
            }
        }
    }
    let sub = s("sub").unwrap_or_default();
    if pins.is_empty() {
        pins.push(("sub".to_owned(), sub.clone()));
        notes.push(format!("{} tokens carry no immutable tenant claims oidc-trust knows, so the condition pins the whole `sub`", platform.name()));
    }
    let reference = |c: &str| {
        if c.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            format!("assertion.{c}")
        } else {
            format!("assertion[{}]", quote(c))
        }
    };
    let condition = pins
        .iter()
        .map(|(c, v)| format!("{} == {}", reference(c), quote(v)))
        .collect::<Vec<_>>()
        .join(" && ");
    let mut mapping = serde_json::Map::new();
    mapping.insert("google.subject".into(), json!("assertion.sub"));
    let pool = name.pool_resource();
    let member = if let Some((claim, value)) = &by_unit {
        let attr = claim
            .rsplit(['/', '.'])
            .next()
            .unwrap_or(claim)
            .replace('-', "_");
        mapping.insert(format!("attribute.{attr}"), json!(reference(claim)));
        format!("principalSet://iam.googleapis.com/{pool}/attribute.{attr}/{value}")
    } else {
        if request.scope == GcpScope::Repository {
            notes.push(match unit.first() {
                Some(u) => format!(
                    "the token has no `{u}` claim, so the binding cannot name the repository: it names this exact `sub`, and the repository's other refs are not granted"
                ),
                None => format!(
                    "{} tokens carry no repository id oidc-trust knows, so the binding names this exact `sub`, and the repository's other refs are not granted",
                    platform.name()
                ),
            });
        }
        if sub.len() > sts::MAX_SUBJECT_BYTES {
            notes.push(format!("the `sub` is {} bytes, over the 127 Google allows in `google.subject`: map a shorter part of it", sub.len()));
        }
        format!("principal://iam.googleapis.com/{pool}/subject/{sub}")
    };
    let aud: Vec<String> = claims.audiences().into_iter().map(str::to_owned).collect();
    let mut oidc = serde_json::Map::new();
    oidc.insert("issuerUri".into(), json!(iss));
    if !aud.iter().any(|a| name.default_audiences().contains(a)) {
        oidc.insert("allowedAudiences".into(), json!(aud));
        notes.push(format!("the token's audience {} is not one of the provider's default forms, so it is allowed explicitly; tokens requested with the default `https://iam.googleapis.com/{}` need no list", crate::explain::ticked(aud.iter().map(String::as_str)), name.resource()));
    }
    let provider = json!({
        "name": name.resource(),
        "state": "ACTIVE",
        "disabled": false,
        "attributeMapping": mapping,
        "attributeCondition": condition,
        "oidc": oidc,
    });
    let policy = json!({
        "bindings": [{"role": "roles/iam.workloadIdentityUser", "members": [member]}],
    });
    let mapping_flag = mapping
        .iter()
        .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or_default()))
        .collect::<Vec<_>>()
        .join(",");
    let commands = vec![
        format!(
            "gcloud iam workload-identity-pools providers create-oidc {} --project={} --location={} --workload-identity-pool={} --issuer-uri=\"{iss}\" --attribute-mapping=\"{mapping_flag}\" --attribute-condition=\"{condition}\"{}",
            name.provider,
            name.project,
            name.location,
            name.pool,
            if oidc.contains_key("allowedAudiences") {
                format!(" --allowed-audiences=\"{}\"", aud.join(","))
            } else {
                String::new()
            }
        ),
        format!(
            "gcloud iam service-accounts add-iam-policy-binding SERVICE_ACCOUNT_EMAIL --role=roles/iam.workloadIdentityUser --member=\"{member}\""
        ),
    ];
    // Check it: the stages on the generated documents, at the token's `iat` by default.
    let now = request
        .now
        .or_else(|| claims.get("iat").and_then(Json::as_i64))
        .unwrap_or(0);
    let provider_text = serde_json::to_string_pretty(&provider).unwrap_or_default();
    let read = provider::read(&provider_text);
    let read_policy = iam::read(&policy.to_string());
    let check = GcpRequest {
        claims: Some(Json::Object(claims.to_map())),
        now,
        ..GcpRequest::default()
    };
    let verdict = sts::run(
        &check,
        Documents {
            provider: Some(&read),
            policy: Some(&read_policy),
        },
    );
    let mut diagnostics = read.diagnostics.clone();
    if let Some(p) = &read.provider {
        diagnostics.extend(lint::run(LintInput {
            provider: p,
            text: &read.text,
            policy: Some(&read_policy),
            claims: Some(&claims),
        }));
    }
    GcpGenerateResult {
        provider: Some(provider),
        policy: Some(policy),
        condition: Some(condition),
        member: Some(member),
        commands,
        verified: verdict.accepted(),
        notes,
        diagnostics,
    }
}
