//! The answers on the wire: data only, camelCase, every outcome, source, form and variant
//! an enum. [`crate::api`] fills them from the engine's results and the explanations.

use serde::Serialize;

use crate::aws::sts::{AccountSource, AwsError, Stage};
use crate::diagnostic::Diagnostic;
use crate::explain::aws::text::Report;
use crate::explain::aws::{Hint, PolicyTrace, StageReport};
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

/// The provider that matched, and the account.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProviderInfo {
    /// The provider URL without `https://`: also the condition-key prefix.
    pub url: String,
    /// The provider ARN the trust policy must name.
    pub arn: String,
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
    /// Its values; `null` when AWS supplies the key but the token lacks the claim.
    pub values: Option<Vec<String>>,
}

/// The answer.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Analysis {
    /// Whether AWS would return credentials.
    pub accepted: bool,
    /// The stage that decided: the failing one, or `policy` when accepted.
    pub stage: Stage,
    /// AWS's error, or `null` when accepted (or when no AWS call could be made).
    pub aws_error: Option<AwsError>,
    /// The verdict in one sentence.
    pub summary: String,
    /// Every stage, in order.
    pub stages: Vec<StageReport>,
    /// The decoded token.
    pub token: Option<TokenInfo>,
    /// The claims, in token order.
    #[cfg_attr(feature = "wasm", tsify(type = "JsonObject | null"))]
    pub claims: Option<Claims>,
    /// The matched provider.
    pub provider: Option<ProviderInfo>,
    /// The condition keys AWS would put in the request, present or not.
    pub condition_keys: Vec<KeyInfo>,
    /// The trust-policy evaluation; `null` when AWS never consulted the policy.
    pub policy: Option<PolicyTrace>,
    /// The `sts:TagSession` evaluation, when the token carries session tags.
    pub tag_session: Option<PolicyTrace>,
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
            policy: self.policy.as_ref(),
            tag_session: self.tag_session.as_ref(),
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
