//! What a Google Cloud analysis takes: the token, the pool provider, optionally the IAM
//! policy that grants the federated identity, the role that must be granted and the STS
//! call's `audience`, and the evaluation time. Field names are camelCase on the wire.

use serde::Deserialize;

/// What to analyse for Google Cloud workload identity federation.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GcpRequest {
    /// The token: a compact JWT, or its claims as JSON text.
    #[serde(default)]
    pub token: Option<String>,
    /// The claims as a JSON object, instead of `token`.
    #[serde(default)]
    #[cfg_attr(feature = "wasm", tsify(type = "JsonObject | null"))]
    pub claims: Option<serde_json::Value>,
    /// The workload identity pool provider, as `gcloud iam workload-identity-pools
    /// providers describe --format=json` prints it: JSON text or an object.
    #[serde(default)]
    #[cfg_attr(feature = "wasm", tsify(type = "string | JsonObject | null"))]
    pub provider: Option<serde_json::Value>,
    /// The IAM policy that grants the federated identity (`gcloud iam service-accounts
    /// get-iam-policy SA --format=json`, or a resource's), an array of bindings, or one
    /// binding: JSON text or a value. Left out, the binding stage is not checked.
    #[serde(default)]
    #[cfg_attr(feature = "wasm", tsify(type = "string | JsonValue | null"))]
    pub policy: Option<serde_json::Value>,
    /// The role the policy must grant: by default one that lets the identity impersonate
    /// the service account (`roles/iam.workloadIdentityUser` or
    /// `roles/iam.serviceAccountTokenCreator`); for direct resource access, the role the
    /// job needs (`roles/storage.objectViewer`).
    #[serde(default)]
    pub role: Option<String>,
    /// The STS `token` call's `audience` parameter. Left out, the provider's own
    /// `//iam.googleapis.com/<name>`, as google-github-actions/auth sends it.
    #[serde(default)]
    pub audience: Option<String>,
    /// The evaluation time, in seconds since the epoch. Required: the core never reads the
    /// clock.
    pub now: i64,
    /// Whether to run the lints and write hints; default `true`.
    #[serde(default)]
    pub lints: Option<bool>,
}

impl GcpRequest {
    /// Whether lints and hints are wanted.
    pub fn lints(&self) -> bool {
        self.lints.unwrap_or(true)
    }
}
