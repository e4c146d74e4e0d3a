//! What an AWS analysis takes: the token, the trust policy, the account's OIDC providers and
//! the evaluation time; optionally the rest of the call (its parameters, the role's settings,
//! the caller's network context, the organization's resource control policies). Field names
//! are camelCase on the wire; the README documents each.
//!
//! The providers are not in the token or the policy, so callers often leave them out. The
//! one rule for what to assume then lives here ([`assumed_provider`]), for the CLI and the
//! playground alike.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::providers::{self, Platform};
use crate::token::Claims;

/// What to analyse.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
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
    /// The call's other parameters (`RoleArn`, `RoleSessionName`, `DurationSeconds`, session
    /// policies, `ProviderId`). Those left out are not checked, and the answer says so.
    #[serde(default)]
    pub call: CallParameters,
    /// The role's settings that the call is checked against.
    #[serde(default)]
    pub role: RoleSettings,
    /// Where the call comes from (the `aws:SourceIp`, `aws:RequestedRegion`... keys).
    #[serde(default)]
    pub caller: Caller,
    /// The AWS Organizations context of the role's account: its resource control policies.
    #[serde(default)]
    pub organization: Option<Organization>,
    /// Whether AWS exposes the provider claims added in January 2026; default `true`.
    #[serde(default)]
    pub provider_claims: Option<bool>,
    /// Whether to run the security lints and write near-miss hints; default `true`.
    /// `false` gives the verdict and the trace only, several times faster, for callers that
    /// check many tokens or policies.
    #[serde(default)]
    pub lints: Option<bool>,
}

/// The parameters of `AssumeRoleWithWebIdentity` besides the token, as the STS API names
/// them. Each is optional here (AWS requires `RoleArn` and `RoleSessionName`): one left out
/// is not checked, and keys that depend on it are unknown.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CallParameters {
    /// `RoleArn`: the role to assume (`arn:aws:iam::123456789012:role/deploy`). It names the
    /// role's account, where AWS looks the OIDC provider up.
    #[serde(default)]
    pub role_arn: Option<String>,
    /// `RoleSessionName` (the `sts:RoleSessionName` key): 2 to 64 characters of
    /// `[\w+=,.@-]`.
    #[serde(default)]
    pub role_session_name: Option<String>,
    /// `DurationSeconds`: 900 to 43200, and at most the role's `maxSessionDuration`.
    #[serde(default)]
    pub duration_seconds: Option<i64>,
    /// `Policy`: an inline session policy, as JSON text (at most 2048 characters).
    #[serde(default)]
    pub policy: Option<String>,
    /// `PolicyArns`: managed session policies (at most 10).
    #[serde(default)]
    pub policy_arns: Option<Vec<String>>,
    /// `ProviderId`: `www.amazon.com` or `graph.facebook.com` for their OAuth 2.0 access
    /// tokens, whose claims are then given as `claims`.
    #[serde(default)]
    pub provider_id: Option<String>,
}

/// The role's settings, as IAM holds them.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RoleSettings {
    /// The role's `MaxSessionDuration` in seconds (IAM's default is 3600).
    #[serde(default)]
    pub max_session_duration: Option<i64>,
    /// The role's tags (the `aws:ResourceTag/...` keys). Left out, those keys are unknown.
    #[serde(default)]
    pub tags: Option<BTreeMap<String, String>>,
}

/// Where the call comes from. Left out, oidc-trust assumes a direct HTTPS call over the
/// internet to the global endpoint, and says so; the caller's address and user agent are
/// then unknown.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Caller {
    /// The public IP address of the caller (`aws:SourceIp`).
    #[serde(default)]
    pub source_ip: Option<String>,
    /// The region of the STS endpoint called (`aws:RequestedRegion`).
    #[serde(default)]
    pub region: Option<String>,
    /// The caller's HTTP user agent (`aws:UserAgent`).
    #[serde(default)]
    pub user_agent: Option<String>,
    /// Whether the call used TLS (`aws:SecureTransport`).
    #[serde(default)]
    pub secure_transport: Option<bool>,
    /// Through an STS VPC endpoint: the VPC id (`aws:SourceVpc`).
    #[serde(default)]
    pub source_vpc: Option<String>,
    /// Through an STS VPC endpoint: the VPC's ARN (`aws:SourceVpcArn`).
    #[serde(default)]
    pub source_vpc_arn: Option<String>,
    /// Through an STS VPC endpoint: the endpoint id (`aws:SourceVpce`).
    #[serde(default)]
    pub source_vpce: Option<String>,
    /// Through an STS VPC endpoint: the caller's private address (`aws:VpcSourceIp`).
    #[serde(default)]
    pub vpc_source_ip: Option<String>,
}

impl Caller {
    /// Whether the call comes through a VPC endpoint (any VPC field given).
    pub fn via_vpc_endpoint(&self) -> bool {
        self.source_vpc.is_some()
            || self.source_vpc_arn.is_some()
            || self.source_vpce.is_some()
            || self.vpc_source_ip.is_some()
    }
}

/// The AWS Organizations context of the role's account.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Organization {
    /// The organization id (`aws:ResourceOrgID`), e.g. `o-a1b2c3d4e5`.
    #[serde(default)]
    pub id: Option<String>,
    /// The path from the root to the account (`aws:ResourceOrgPaths`), e.g.
    /// `o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/`.
    #[serde(default)]
    pub paths: Vec<String>,
    /// Whether the role's account is the management account, which RCPs do not affect.
    #[serde(default)]
    pub management_account: bool,
    /// The resource control policies on the path from the root to the account, besides
    /// `RCPFullAWSAccess` (attached everywhere, never detachable, allows everything).
    #[serde(default)]
    pub rcps: Vec<Rcp>,
}

/// One resource control policy.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Rcp {
    /// Its name, for the answer (`EnforceTrustedOIDCTenants`); default `RCP <n>`.
    #[serde(default)]
    pub name: Option<String>,
    /// The policy: JSON text, or a JSON object.
    #[cfg_attr(feature = "wasm", tsify(type = "string | JsonObject"))]
    pub policy: serde_json::Value,
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
            ..Request::default()
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
