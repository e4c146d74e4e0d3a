//! The answers on the wire: data only, camelCase, every outcome, source, form and variant
//! an enum. [`crate::api`] fills them from the engine's results and the explanations.

use serde::Serialize;

use crate::aws::call::CallReport;
use crate::aws::context::KeySource;
use crate::aws::sts::{AccountSource, Stage};
use crate::diagnostic::{CloudError, Diagnostic};
use crate::explain::aws::text::Report;
use crate::explain::aws::{PolicyTrace, RcpTrace};
use crate::explain::{Hint, StageReport, VerdictState};
use crate::providers::IssuerKind;
use crate::token::{Claims, TokenFormat};

/// What was decoded from the token.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenInfo {
    /// How the token was given: a compact JWS, or claims.
    pub format: TokenFormat,
    /// The JOSE header, if any.
    #[cfg_attr(feature = "wasm", tsify(type = "JsonObject | null"))]
    pub header: Option<serde_json::Map<String, serde_json::Value>>,
    /// The header's `alg`.
    pub alg: Option<String>,
    /// The header's `kid`.
    pub kid: Option<String>,
    /// The header's `typ`.
    pub typ: Option<String>,
    /// Whether AWS accepts the algorithm (RSA or ECDSA); `null` without a header.
    pub algorithm_accepted: Option<bool>,
    /// Whether the token has a non-empty signature. It is never verified.
    pub signed: bool,
}

/// The provider that vouched for the token (an IAM OIDC provider, or a built-in one), and
/// the account.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProviderInfo {
    /// The provider URL without `https://` (a built-in provider's name): also the
    /// condition-key prefix.
    pub url: String,
    /// The principal the trust policy must name: the provider's ARN, or a built-in
    /// provider's name.
    pub arn: String,
    /// Whether it is one of AWS's built-in providers (no IAM OIDC provider, no client-id
    /// list).
    pub built_in: bool,
    /// The account, if known.
    pub account: Option<String>,
    /// Where the account came from.
    pub account_source: AccountSource,
    /// The client-id list.
    pub client_ids: Vec<String>,
    /// The audience values checked against it (`azp`, else `aud`).
    pub audiences: Vec<String>,
    /// The issuer family, which decides the provider claims AWS exposes.
    pub issuer_kind: IssuerKind,
}

/// One condition key of the request.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KeyInfo {
    /// The key.
    pub key: String,
    /// Its values; `null` when AWS supplies the key but the request has no value for it
    /// (the token lacks the claim), or when the value is unknown.
    pub values: Option<Vec<String>>,
    /// Where the value comes from (`unknown`: not given, so conditions on it are undecided).
    pub source: KeySource,
}

/// The answer.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Analysis {
    /// Whether AWS would return credentials.
    pub accepted: bool,
    /// What the answer amounts to: accepted, accepted with warnings, refused, or undecided
    /// (an input could not be read, or the decision depends on what the request does not
    /// give).
    pub state: VerdictState,
    /// The stage that decided: the failing one, or `policy` when accepted.
    pub stage: Stage,
    /// AWS's error, or `null` when accepted (or when no AWS call could be made).
    pub aws_error: Option<CloudError>,
    /// The verdict in one sentence.
    pub summary: String,
    /// Every stage, in order.
    pub stages: Vec<StageReport<Stage>>,
    /// What was checked of the call's parameters, and what was left out.
    pub call: CallReport,
    /// The decoded token.
    pub token: Option<TokenInfo>,
    /// The claims, in token order.
    #[cfg_attr(feature = "wasm", tsify(type = "JsonObject | null"))]
    pub claims: Option<Claims>,
    /// The matched provider.
    pub provider: Option<ProviderInfo>,
    /// The condition keys AWS would put in the request, present or not, with where each
    /// value comes from.
    pub condition_keys: Vec<KeyInfo>,
    /// The trust-policy evaluation; `null` when AWS never consulted the policy.
    pub policy: Option<PolicyTrace>,
    /// The `sts:TagSession` evaluation, when the token carries session tags.
    pub tag_session: Option<PolicyTrace>,
    /// The RCP evaluations: each RCP for each action the call needs
    /// (`sts:AssumeRoleWithWebIdentity`, then `sts:TagSession`, `sts:SetSourceIdentity`).
    pub rcps: Vec<RcpTrace>,
    /// Every finding about the inputs: reading errors, then security lints.
    pub diagnostics: Vec<Diagnostic>,
    /// On a refusal, what to change: near misses with the closest value and a fix.
    pub hints: Vec<Hint>,
}

impl Analysis {
    /// The parts the plain-text explanation shows ([`crate::explain::aws::text`]).
    pub fn report(&self) -> Report<'_> {
        Report {
            accepted: self.accepted,
            stage: self.stage,
            aws_error: self.aws_error.as_ref(),
            summary: &self.summary,
            stages: &self.stages,
            state: self.state,
            call: &self.call,
            policy: self.policy.as_ref(),
            tag_session: self.tag_session.as_ref(),
            rcps: &self.rcps,
            diagnostics: &self.diagnostics,
            hints: &self.hints,
        }
    }
}

/// A token decoded on its own (the first stage of an analysis, without a policy).
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DecodedToken {
    /// The token's form and header; `null` when it cannot be decoded.
    pub token: Option<TokenInfo>,
    /// The claims, in token order; `null` when the token cannot be decoded.
    #[cfg_attr(feature = "wasm", tsify(type = "JsonObject | null"))]
    pub claims: Option<Claims>,
    /// Why it cannot be decoded (`invalid-token`), or other findings about it.
    pub diagnostics: Vec<Diagnostic>,
}
