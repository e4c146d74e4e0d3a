//! One trust configuration read once and checked against many tokens: for bulk callers
//! (a CI job that checks every workflow's token, an account scan) that want the verdict
//! per token without paying again for reading the policy, or for the explanation.

use serde::{Deserialize, Serialize};

use super::{Analysis, analyze_parsed};
use crate::aws::eval::Decision;
use crate::aws::policy::{ParsedPolicy, parse_policy, text_of};
use crate::aws::rcp::{self, ReadRcp};
use crate::aws::request::{
    CallParameters, Caller, Organization, ProviderConfig, Request, RoleSettings,
};
use crate::aws::sts::{self, Documents, Stage, TokenInput};
use crate::diagnostic::{CloudError, Diagnostic};

/// The trust configuration to read once: everything of a [`Request`] but the token and the
/// time.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CompileRequest {
    /// The role trust policy: JSON text, or a JSON object.
    #[serde(default)]
    #[cfg_attr(feature = "wasm", tsify(type = "string | JsonObject | null"))]
    pub policy: Option<serde_json::Value>,
    /// The IAM OIDC providers of the role's account.
    #[serde(default)]
    pub providers: Vec<ProviderConfig>,
    /// The role's AWS account id.
    #[serde(default)]
    pub account: Option<String>,
    /// The action; default `sts:AssumeRoleWithWebIdentity`.
    #[serde(default)]
    pub action: Option<String>,
    /// The call's other parameters.
    #[serde(default)]
    pub call: CallParameters,
    /// The role's settings.
    #[serde(default)]
    pub role: RoleSettings,
    /// Where the call comes from.
    #[serde(default)]
    pub caller: Caller,
    /// The organization of the role's account, with its RCPs.
    #[serde(default)]
    pub organization: Option<Organization>,
    /// Whether AWS exposes the provider claims added in January 2026; default `true`.
    #[serde(default)]
    pub provider_claims: Option<bool>,
    /// Whether [`Compiled::analyze`] lints and writes hints; default `true`.
    #[serde(default)]
    pub lints: Option<bool>,
}

/// What AWS decides for one token, without the explanation.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VerdictSummary {
    /// Whether AWS would return credentials.
    pub accepted: bool,
    /// The stage that decided: the failing one, or `policy` when accepted.
    pub stage: Stage,
    /// AWS's error, or `null` when accepted (or when no AWS call could be made).
    pub aws_error: Option<CloudError>,
    /// The trust policy's decision, when AWS consulted it.
    pub decision: Option<Decision>,
}

/// A trust configuration, read once.
#[derive(Debug, Clone)]
pub struct Compiled {
    /// The call without its token: `token`, `claims` and `now` are not read.
    call: Request,
    policy: Option<ParsedPolicy>,
    rcps: Vec<ReadRcp>,
}

impl Compiled {
    /// Reads the policy of `config`.
    pub fn new(config: CompileRequest) -> Self {
        let policy = config.policy.as_ref().map(|v| parse_policy(&text_of(v)));
        let rcps = rcp::read(config.organization.as_ref());
        Compiled {
            call: Request {
                token: None,
                claims: None,
                policy: config.policy,
                providers: config.providers,
                account: config.account,
                now: 0,
                action: config.action,
                call: config.call,
                role: config.role,
                caller: config.caller,
                organization: config.organization,
                provider_claims: config.provider_claims,
                lints: config.lints,
            },
            policy,
            rcps,
        }
    }

    /// The reader's findings about the policy and the RCPs (a JSON error, an element IAM
    /// refuses).
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        self.policy
            .iter()
            .flat_map(|p| &p.diagnostics)
            .chain(self.rcps.iter().flat_map(|r| &r.parsed.diagnostics))
            .cloned()
            .collect()
    }

    fn documents(&self) -> Documents<'_> {
        Documents {
            policy: self.policy.as_ref(),
            rcps: &self.rcps,
        }
    }

    /// The verdict for a token (a compact JWT, or its claims as JSON text) at `now`.
    pub fn verdict(&self, token: &str, now: i64) -> VerdictSummary {
        let v = sts::run_with(&self.call, TokenInput::Text(token), now, self.documents());
        let iss = v.claims().and_then(|c| c.issuer()).unwrap_or_default();
        VerdictSummary {
            accepted: v.accepted(),
            stage: v.stage(),
            aws_error: v.refusal.as_ref().and_then(|r| r.aws_error(iss, now)),
            decision: v.policy.as_ref().map(|p| p.evaluation.decision),
        }
    }

    /// The whole [`Analysis`] for a token at `now`, the policy read once.
    pub fn analyze(&self, token: &str, now: i64) -> Analysis {
        let request = Request {
            token: Some(token.to_owned()),
            now,
            ..self.call.clone()
        };
        analyze_parsed(&request, self.documents())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdicts_agree_with_the_full_analysis() {
        let policy = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow",
            "Principal":{"Federated":"arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},
            "Action":"sts:AssumeRoleWithWebIdentity",
            "Condition":{"StringEquals":{"token.actions.githubusercontent.com:sub":"repo:a/b:ref:refs/heads/main"}}}]}"#;
        let compiled = Compiled::new(CompileRequest {
            policy: Some(serde_json::Value::String(policy.to_owned())),
            providers: vec![ProviderConfig::new(
                "token.actions.githubusercontent.com",
                &["sts.amazonaws.com"],
            )],
            ..CompileRequest::default()
        });
        assert!(compiled.diagnostics().is_empty());
        for sub in ["repo:a/b:ref:refs/heads/main", "repo:a/b:pull_request"] {
            let claims = format!(
                r#"{{"iss":"https://token.actions.githubusercontent.com","aud":"sts.amazonaws.com","sub":"{sub}","exp":1000}}"#
            );
            let v = compiled.verdict(&claims, 900);
            let a = compiled.analyze(&claims, 900);
            assert_eq!(v.accepted, a.accepted, "{sub}");
            assert_eq!(v.stage, a.stage);
            assert_eq!(v.aws_error, a.aws_error);
            let full = super::super::analyze(&Request::new(
                &claims,
                policy,
                compiled.call.providers.clone(),
                900,
            ));
            assert_eq!(a, full);
        }
        assert_eq!(compiled.verdict("nonsense", 0).stage, Stage::Token);
    }
}
