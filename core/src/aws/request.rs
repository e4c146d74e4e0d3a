//! What an AWS analysis takes: the token, the trust policy, the account's OIDC providers and
//! the evaluation time. Field names are camelCase on the wire; the README documents each.
//!
//! The providers are not in the token or the policy, so callers often leave them out. The
//! one rule for what to assume then lives here ([`assumed_provider`]), for the CLI and the
//! playground alike.

use serde::{Deserialize, Serialize};

use crate::providers::{self, Platform};
use crate::token::Claims;

/// What to analyse.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Request {
    /// The token: a compact JWT, or its claims as JSON text.
    #[serde(default)]
    pub token: Option<String>,
    /// The claims as a JSON object, instead of `token`.
    #[serde(default)]
    #[cfg_attr(feature = "wasm", tsify(type = "JsonObject | null"))]
    pub claims: Option<serde_json::Value>,
    /// The role trust policy: JSON text, or a JSON object.
    #[serde(default)]
    #[cfg_attr(feature = "wasm", tsify(type = "string | JsonObject | null"))]
    pub policy: Option<serde_json::Value>,
    /// The IAM OIDC providers of the role's account.
    #[serde(default)]
    pub providers: Vec<ProviderConfig>,
    /// The role's AWS account id. When absent, taken from a provider `arn`, then from the
    /// policy's `Federated` ARN.
    #[serde(default)]
    pub account: Option<String>,
    /// The evaluation time, in seconds since the epoch. Required: the core never reads the
    /// clock.
    pub now: i64,
    /// The action; default `sts:AssumeRoleWithWebIdentity`.
    #[serde(default)]
    pub action: Option<String>,
    /// The `RoleSessionName` of the call (the `sts:RoleSessionName` key), if any.
    #[serde(default)]
    pub role_session_name: Option<String>,
    /// Whether AWS exposes the provider claims added in January 2026; default `true`.
    #[serde(default)]
    pub provider_claims: Option<bool>,
    /// Whether to run the security lints and write near-miss hints; default `true`.
    /// `false` gives the verdict and the trace only, several times faster, for callers that
    /// check many tokens or policies.
    #[serde(default)]
    pub lints: Option<bool>,
}

/// One IAM OIDC provider.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProviderConfig {
    /// The provider URL, with or without `https://` (`token.actions.githubusercontent.com`).
    pub url: String,
    /// The client-id (audience) list.
    #[serde(default)]
    pub client_ids: Vec<String>,
    /// The provider ARN, if known (gives the account and partition).
    #[serde(default)]
    pub arn: Option<String>,
}

impl Request {
    /// A request for a token and a policy text, with providers and the time.
    pub fn new(token: &str, policy: &str, providers: Vec<ProviderConfig>, now: i64) -> Self {
        Request {
            token: Some(token.to_owned()),
            claims: None,
            policy: Some(serde_json::Value::String(policy.to_owned())),
            providers,
            account: None,
            now,
            action: None,
            role_session_name: None,
            provider_claims: None,
            lints: None,
        }
    }

    /// Whether AWS exposes the 2026 provider claims (default `true`).
    pub fn provider_claims(&self) -> bool {
        self.provider_claims.unwrap_or(true)
    }

    /// Whether to lint and write hints (default `true`).
    pub fn lints(&self) -> bool {
        self.lints.unwrap_or(true)
    }
}

impl ProviderConfig {
    /// A provider with a URL and client ids.
    pub fn new(url: &str, client_ids: &[&str]) -> Self {
        ProviderConfig {
            url: url.to_owned(),
            client_ids: client_ids.iter().map(|s| (*s).to_owned()).collect(),
            arn: None,
        }
    }
}

/// Why an assumed provider has the client ids it has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ClientIdBasis {
    /// `sts.amazonaws.com`, what AWS's guides for GitHub Actions and EKS configure.
    AwsGuide,
    /// The token's own audience (`azp`, else `aud`), so the audience check passes by
    /// assumption.
    TokenAudience,
}

/// The client-id list to assume for a provider at `url` when the caller gives none:
/// `sts.amazonaws.com` for GitHub Actions (every GitHub issuer: `configure-aws-credentials`
/// requests that audience by default) and EKS (as AWS's guides configure them), the token's
/// audience for every other issuer.
pub fn assumed_client_ids(url: &str, claims: Option<&Claims>) -> (Vec<String>, ClientIdBasis) {
    let platform = providers::recognise(url, None).platform;
    if matches!(platform, Platform::GitHub | Platform::Eks) {
        return (
            vec!["sts.amazonaws.com".to_owned()],
            ClientIdBasis::AwsGuide,
        );
    }
    let audiences = claims
        .map(|c| c.audience_values().into_iter().map(str::to_owned).collect())
        .unwrap_or_default();
    (audiences, ClientIdBasis::TokenAudience)
}

/// The provider to assume for a token when the caller names none: one for the token's
/// `iss`, with [`assumed_client_ids`]. `None` when the claims have no `iss`.
pub fn assumed_provider(claims: &Claims) -> Option<(ProviderConfig, ClientIdBasis)> {
    let iss = claims.issuer()?;
    let (client_ids, basis) = assumed_client_ids(iss, Some(claims));
    Some((
        ProviderConfig {
            url: iss.to_owned(),
            client_ids,
            arn: None,
        },
        basis,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(v: &serde_json::Value) -> Claims {
        Claims::new(v.as_object().cloned().unwrap_or_default())
    }

    #[test]
    fn client_ids_follow_aws_guides_for_github_and_eks() {
        let c = claims(&serde_json::json!({"aud": "x", "azp": "y"}));
        assert_eq!(
            assumed_client_ids("https://token.actions.githubusercontent.com", Some(&c)),
            (
                vec!["sts.amazonaws.com".to_owned()],
                ClientIdBasis::AwsGuide
            )
        );
        assert_eq!(
            assumed_client_ids("oidc.eks.eu-west-1.amazonaws.com/id/ABC", None).1,
            ClientIdBasis::AwsGuide
        );
        assert_eq!(
            assumed_client_ids("gitlab.com", Some(&c)),
            (vec!["y".to_owned()], ClientIdBasis::TokenAudience)
        );
        let c = claims(&serde_json::json!({"iss": "https://gitlab.com", "aud": ["a", "b"]}));
        let (p, basis) = assumed_provider(&c).unwrap();
        assert_eq!(p.url, "https://gitlab.com");
        assert_eq!(p.client_ids, ["a", "b"]);
        assert_eq!(basis, ClientIdBasis::TokenAudience);
    }
}
