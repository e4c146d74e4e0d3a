//! The examples menu: synthetic, unsigned tokens (`header.payload.` with `alg` RS256, from the
//! core's builders, [`oidc_trust::tokens`]) and the policies they meet, each with the verdict
//! AWS would give. This table is the one place the verdicts are written: `tests/examples.rs`
//! checks each against the core, and the page puts them on the menu's `<option>`s for the
//! browser test.

#[cfg(feature = "targets")]
use oidc_trust::api::{AzureStage, GcpStage, PublishingStage, VaultStage};
use oidc_trust::api::{Stage, Target};
use oidc_trust::tokens::{Minted, TokenError, cognito, eks, github, gitlab, google};
#[cfg(feature = "targets")]
use serde::Serialize;
use serde_json::{Value, json};

use crate::inputs::{CallInputs, Inputs, ProviderChoice, RcpInput, TimeMode};
use crate::targets::Configs;

/// The examples of the targets other than AWS, in the whole page only.
#[cfg(feature = "targets")]
mod others;

/// The stage an example is decided at, in its target's own stage type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExpectedStage {
    /// AWS STS.
    Aws(Stage),
    /// Entra ID.
    #[cfg(feature = "targets")]
    Azure(AzureStage),
    /// Google Cloud STS.
    #[cfg(feature = "targets")]
    Gcp(GcpStage),
    /// Vault.
    #[cfg(feature = "targets")]
    Vault(VaultStage),
    /// A registry's trusted publishing.
    #[cfg(feature = "targets")]
    Publishing(PublishingStage),
}

#[cfg(feature = "targets")]
fn wire<S: Serialize>(s: &S) -> String {
    serde_json::to_value(s)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

impl ExpectedStage {
    /// Its wire name (`policy`, `boundClaims`), as the answer's `stage` says it.
    pub fn as_str(self) -> String {
        match self {
            ExpectedStage::Aws(s) => s.as_str().to_owned(),
            #[cfg(feature = "targets")]
            ExpectedStage::Azure(s) => wire(&s),
            #[cfg(feature = "targets")]
            ExpectedStage::Gcp(s) => wire(&s),
            #[cfg(feature = "targets")]
            ExpectedStage::Vault(s) => wire(&s),
            #[cfg(feature = "targets")]
            ExpectedStage::Publishing(s) => wire(&s),
        }
    }
}

impl From<Stage> for ExpectedStage {
    fn from(s: Stage) -> Self {
        ExpectedStage::Aws(s)
    }
}

/// When the example tokens were "issued": 2026-09-21 14:13:20 UTC.
const T: i64 = 1_790_000_000;
const GITHUB_ARN: &str =
    "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";

/// One example.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    /// Stable id (used in links and tests).
    pub id: &'static str,
    /// The menu entry.
    pub title: &'static str,
    /// What it shows, in a sentence.
    pub about: &'static str,
    /// The token: an unsigned compact JWT, or claims JSON.
    pub token: String,
    /// The trust policy.
    pub policy: String,
    /// Provider URL (empty: from the token).
    pub issuer: &'static str,
    /// Client ids (empty: the default).
    pub client_ids: &'static str,
    /// Account (empty: from the policy).
    pub account: &'static str,
    /// Evaluation time mode.
    pub time: TimeMode,
    /// The typed time, for [`TimeMode::At`].
    pub at: Option<i64>,
    /// How the role trusts the issuer.
    pub provider: ProviderChoice,
    /// The call, the role, the caller and the RCPs (empty: not given).
    pub call: CallInputs,
    /// The target it is for.
    pub target: Target,
    /// The other targets' configurations (for `target`).
    pub configs: Configs,
    /// Whether the target accepts it.
    pub accepted: bool,
    /// The deciding stage.
    pub stage: ExpectedStage,
    /// The code of the cloud's error (`AccessDenied`, `AADSTS700213`...), if it would
    /// answer with one.
    pub error: Option<&'static str>,
}

impl Example {
    /// The inputs of this example.
    pub fn inputs(&self) -> Inputs {
        Inputs {
            target: self.target,
            configs: self.configs.clone(),
            example: self.id.to_owned(),
            token: self.token.clone(),
            policy: self.policy.clone(),
            issuer: self.issuer.to_owned(),
            client_ids: self.client_ids.to_owned(),
            account: self.account.to_owned(),
            time: self.time,
            at: self.at.map(crate::time::iso).unwrap_or_default(),
            provider: self.provider,
            call: self.call.clone(),
            remember_token: false,
        }
    }
}

/// The unsigned compact JWT (`header.payload.`, `alg` RS256) of a token from the core's
/// builders, issued at [`T`]. The examples' inputs are fixed, so a builder error can only be
/// a bug, which `tests/examples.rs` would catch as a verdict that changed.
fn token(minted: Result<Minted, TokenError>) -> String {
    minted.map(|m| m.jwt().to_owned()).unwrap_or_default()
}

fn policy(principal: &str, conditions: &Value) -> String {
    let p = json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": {"Federated": principal},
            "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": conditions
        }]
    });
    serde_json::to_string_pretty(&p).unwrap_or_default()
}

/// A policy pinning the audience with `StringEquals` and the subject with `sub_operator`,
/// under one `StringEquals` block when the subject's operator is that too (a second
/// `"StringEquals"` key would replace the first).
fn audience_and_subject_policy(
    principal: &str,
    prefix: &str,
    audience: &str,
    sub_operator: &str,
    sub: &str,
) -> String {
    let mut conditions = serde_json::Map::new();
    conditions.insert(
        "StringEquals".to_owned(),
        json!({ format!("{prefix}:aud"): audience }),
    );
    let block = conditions.entry(sub_operator).or_insert_with(|| json!({}));
    if let Some(block) = block.as_object_mut() {
        block.insert(format!("{prefix}:sub"), json!(sub));
    }
    policy(principal, &Value::Object(conditions))
}

fn github_policy(sub_operator: &str, sub: &str) -> String {
    audience_and_subject_policy(
        GITHUB_ARN,
        "token.actions.githubusercontent.com",
        "sts.amazonaws.com",
        sub_operator,
        sub,
    )
}

fn gitlab_policy(sub_operator: &str, sub: &str) -> String {
    audience_and_subject_policy(
        "arn:aws:iam::123456789012:oidc-provider/gitlab.com",
        "gitlab.com",
        "https://gitlab.com",
        sub_operator,
        sub,
    )
}

/// AWS's published RCP that keeps GitHub roles to one organisation's repositories
/// (`aws-samples/resource-control-policy-examples`, MIT-0), for `acme`.
fn github_org_rcp() -> RcpInput {
    let p = json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Deny",
            "Principal": "*",
            "Action": "sts:AssumeRoleWithWebIdentity",
            "Resource": "*",
            "Condition": {
                "StringNotLikeIfExists": {"token.actions.githubusercontent.com:sub": "repo:acme/*"},
                "Null": {"token.actions.githubusercontent.com:sub": "false"}
            }
        }]
    });
    RcpInput {
        name: "GitHub-Actions".to_owned(),
        policy: serde_json::to_string_pretty(&p).unwrap_or_default(),
    }
}

/// A deploy job's call: the role and a session name, and the organisation's GitHub RCP.
fn deploy_call_with_github_rcp() -> CallInputs {
    CallInputs {
        role_arn: "arn:aws:iam::123456789012:role/deploy".to_owned(),
        session_name: "deploy-11223344556".to_owned(),
        rcps: vec![github_org_rcp()],
        ..CallInputs::default()
    }
}

fn example(id: &'static str, title: &'static str, about: &'static str) -> Example {
    Example {
        id,
        title,
        about,
        token: String::new(),
        policy: String::new(),
        issuer: "",
        client_ids: "",
        account: "",
        time: TimeMode::Iat,
        at: None,
        provider: ProviderChoice::Oidc,
        call: CallInputs::default(),
        target: Target::Aws,
        configs: Configs::default(),
        accepted: false,
        stage: Stage::Policy.into(),
        error: None,
    }
}

/// Every example, in menu order. The first is the one the page opens on. Built once.
pub fn all() -> &'static [Example] {
    static ALL: std::sync::OnceLock<Vec<Example>> = std::sync::OnceLock::new();
    ALL.get_or_init(build)
}

/// The example the page opens on, built alone: the first verdict does not wait for the
/// others (the menu lists them a frame later).
fn opening() -> Example {
    Example {
        token: token(
            github()
                .repo("acme/widgets")
                .tag("v1.4.0")
                .workflow(".github/workflows/release.yml")
                .at(T),
        ),
        policy: github_policy("StringLike", "repo:acme/widgets:ref:refs/tags/v*"),
        accepted: true,
        ..example(
            "github-tag-release",
            "GitHub: tag release (accepted)",
            "A release workflow on tag v1.4.0 assumes a role that trusts tags v*.",
        )
    }
}

fn build() -> Vec<Example> {
    let first = opening();
    let (release, release_policy) = (first.token.clone(), first.policy.clone());
    vec![
        first,
        Example {
            token: token(
                github()
                    .repo("acme/widgets")
                    .environment("production")
                    .workflow(".github/workflows/deploy.yml")
                    .at(T),
            ),
            policy: github_policy("StringEquals", "repo:acme/widgets:ref:refs/heads/main"),
            error: Some("AccessDenied"),
            ..example(
                "github-environment-branch-pin",
                "GitHub: environment deploy refused by a branch pin",
                "A job with `environment: production` gets `sub` ending in `environment:production`, so a policy pinned to the main branch refuses it.",
            )
        },
        Example {
            token: token(
                gitlab()
                    .project("acme/widgets")
                    .tag("v1.4.0")
                    .protected()
                    .at(T),
            ),
            policy: gitlab_policy(
                "StringLike",
                "project_path:acme/widgets:ref_type:tag:ref:v*",
            ),
            accepted: true,
            ..example(
                "gitlab-tag-pipeline",
                "GitLab: tag pipeline (accepted)",
                "A GitLab.com tag pipeline with an ID token whose `aud` is the GitLab address.",
            )
        },
        Example {
            token: token(
                gitlab()
                    .project("acme/widgets")
                    .branch("feature/login")
                    .at(T),
            ),
            policy: gitlab_policy(
                "StringEquals",
                "project_path:acme/widgets:ref_type:branch:ref:main",
            ),
            error: Some("AccessDenied"),
            ..example(
                "gitlab-branch-refused",
                "GitLab: feature branch refused",
                "The role only trusts the main branch; a feature-branch pipeline is refused.",
            )
        },
        Example {
            token: token(
                github()
                    .repo("acme/widgets")
                    .audience("https://github.com/acme")
                    .at(T),
            ),
            policy: github_policy("StringLike", "repo:acme/widgets:*"),
            client_ids: "sts.amazonaws.com",
            stage: Stage::Audience.into(),
            error: Some("InvalidIdentityToken"),
            ..example(
                "audience-mismatch",
                "Audience mismatch",
                "The workflow requested a token without `audience: sts.amazonaws.com`, so `aud` is GitHub's default, which is not on the provider's client-id list.",
            )
        },
        Example {
            token: release.clone(),
            policy: release_policy.clone(),
            time: TimeMode::At,
            at: Some(T + 3600),
            stage: Stage::Expiry.into(),
            error: Some("ExpiredTokenException"),
            ..example(
                "expired-token",
                "Expired token",
                "The same release token, used an hour after it was issued: GitHub tokens live five minutes, and AWS allows five more.",
            )
        },
        Example {
            // GitLab's old `CI_JOB_JWT`: no `aud`, and a `sub` naming the job.
            token: token(
                gitlab()
                    .project("acme/widgets")
                    .claim("sub", "job_302")
                    .omit("aud")
                    .at(T),
            ),
            policy: gitlab_policy(
                "StringLike",
                "project_path:acme/widgets:ref_type:branch:ref:main",
            ),
            client_ids: "https://gitlab.com",
            stage: Stage::Claims.into(),
            error: Some("InvalidIdentityToken"),
            ..example(
                "missing-aud",
                "Missing aud (old GitLab CI_JOB_JWT)",
                "GitLab's old `CI_JOB_JWT` had no `aud` claim; AWS refuses such tokens before looking at the policy.",
            )
        },
        Example {
            token: token(
                eks()
                    .service_account("payments", "api")
                    .cluster("eu-west-1", "5C1B7E0D9A3F4E62B8D1C0FFEE0AB123")
                    .at(T),
            ),
            policy: policy(
                "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/5C1B7E0D9A3F4E62B8D1C0FFEE0AB123",
                &json!({"StringEquals": {
                    "oidc.eks.eu-west-1.amazonaws.com/id/5C1B7E0D9A3F4E62B8D1C0FFEE0AB123:sub": "system:serviceaccount:payments:api",
                    "oidc.eks.eu-west-1.amazonaws.com/id/5C1B7E0D9A3F4E62B8D1C0FFEE0AB123:aud": "sts.amazonaws.com"
                }}),
            ),
            accepted: true,
            ..example(
                "eks-service-account",
                "EKS service account (accepted)",
                "IAM roles for service accounts: the pod's projected token names its namespace and service account.",
            )
        },
        Example {
            token: token(
                github()
                    .repo("acme/sandbox")
                    .branch("experiment")
                    .workflow(".github/workflows/try.yml")
                    .at(T),
            ),
            policy: github_policy("StringLike", "repo:acme/*"),
            accepted: true,
            ..example(
                "overbroad-repo-wildcard",
                "Over-broad repo:acme/* policy (accepted)",
                "A policy meant for one repository trusts every repository, branch and pull request of the organisation: here a sandbox branch gets in.",
            )
        },
        Example {
            token: token(
                github()
                    .repo("acme/widgets")
                    .immutable(1_234_567, 89_012_345)
                    .at(T),
            ),
            policy: github_policy("StringEquals", "repo:acme/widgets:ref:refs/heads/main"),
            error: Some("AccessDenied"),
            ..example(
                "immutable-subject",
                "Immutable subject vs classic pattern",
                "Repositories created after 2026-07-15 get `sub` with owner and repository ids (`acme@1234567/widgets@89012345`); a policy written for the classic form refuses them.",
            )
        },
        Example {
            token: token(
                google()
                    .service_account("deployer@acme-prod.iam.gserviceaccount.com")
                    .unique_id("117342119470542212345")
                    .audience("sts.amazonaws.com/123456789012")
                    .at(T),
            ),
            policy: policy(
                "accounts.google.com",
                &json!({"StringEquals": {
                    "accounts.google.com:aud": "117342119470542212345",
                    "accounts.google.com:oaud": "sts.amazonaws.com/123456789012",
                    "accounts.google.com:sub": "117342119470542212345"
                }}),
            ),
            account: "123456789012",
            accepted: true,
            ..example(
                "google-service-account",
                "Google service account (accepted)",
                "A Google Cloud workload's ID token for its service account, against a role trusting `accounts.google.com`: a built-in provider, so no IAM OIDC provider and no client-id list. `aud` is the token's `azp` (the service account's id), `oaud` its `aud`.",
            )
        },
        Example {
            token: token(
                cognito()
                    .identity_pool("us-east-1:4c1e9a2b-1111-2222-3333-444455556666")
                    .at(T),
            ),
            policy: policy(
                "cognito-identity.amazonaws.com",
                &json!({
                    "StringEquals": {"cognito-identity.amazonaws.com:aud": "us-east-1:4c1e9a2b-1111-2222-3333-444455556666"},
                    "ForAnyValue:StringEquals": {"cognito-identity.amazonaws.com:amr": "authenticated"}
                }),
            ),
            accepted: true,
            ..example(
                "cognito-authenticated",
                "Cognito identity pool: signed-in user (accepted)",
                "An identity pool's token for a user who signed in with Google: the role pins the pool (`aud`) and requires `authenticated` in the multi-valued `amr`.",
            )
        },
        Example {
            token: token(
                github()
                    .repo("contoso/widgets")
                    .branch("main")
                    .workflow(".github/workflows/release.yml")
                    .at(T),
            ),
            policy: github_policy("StringLike", "repo:*"),
            call: deploy_call_with_github_rcp(),
            stage: Stage::Rcp.into(),
            error: Some("AccessDenied"),
            ..example(
                "rcp-other-organisation",
                "RCP keeps out another organisation (refused)",
                "The trust policy's `repo:*` lets any repository in, but the organisation's resource control policy (AWS's GitHub sample, `repo:acme/*`) denies a token from `contoso`.",
            )
        },
        Example {
            token: token(
                github()
                    .repo("acme/widgets")
                    .branch("main")
                    .immutable(1_234_567, 89_012_345)
                    .at(T),
            ),
            policy: github_policy(
                "StringEquals",
                "repo:acme@1234567/widgets@89012345:ref:refs/heads/main",
            ),
            call: deploy_call_with_github_rcp(),
            stage: Stage::Rcp.into(),
            error: Some("AccessDenied"),
            ..example(
                "rcp-immutable-subject",
                "RCP repo:acme/* refuses acme's own immutable subject",
                "The trust policy pins the repository's immutable subject, but AWS's GitHub RCP sample tests `repo:acme/*`, which `repo:acme@1234567/...` does not match: the organisation's own token is denied. A condition on `repository_owner_id` would not be.",
            )
        },
        Example {
            token: release.clone(),
            policy: release_policy.clone(),
            call: CallInputs {
                role_arn: "arn:aws:iam::123456789012:role/release".to_owned(),
                session_name: "release-11223344556".to_owned(),
                duration: "7200".to_owned(),
                max_session: "3600".to_owned(),
                ..CallInputs::default()
            },
            stage: Stage::Call.into(),
            error: Some("ValidationError"),
            ..example(
                "session-longer-than-role-allows",
                "Session longer than the role allows",
                "The job asks for two-hour credentials (`role-duration-seconds: 7200`) from a role whose maximum session is one hour: STS refuses the call before it reads the token.",
            )
        },
        Example {
            token: release,
            policy: release_policy.replacen(
                "\"sts:AssumeRoleWithWebIdentity\",",
                "\"sts:AssumeRoleWithWebIdentity\"\n      \"Condition\": {},",
                1,
            ),
            ..example(
                "policy-syntax-error",
                "Policy with a JSON syntax error",
                "A missing comma: the error points at its line and column.",
            )
        },
    ]
    .into_iter()
    .chain(others())
    .collect()
}

/// The other targets' examples, after AWS's (none in the AWS-only module).
fn others() -> Vec<Example> {
    #[cfg(feature = "targets")]
    return others::all();
    #[cfg(not(feature = "targets"))]
    Vec::new()
}

/// The example with this id.
pub fn find(id: &str) -> Option<Example> {
    all().iter().find(|e| e.id == id).cloned()
}

/// The example the page opens on (the first of [`all`]).
pub fn first() -> Example {
    opening()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples_have_unique_ids_and_unsigned_tokens() {
        let all = all();
        for (i, e) in all.iter().enumerate() {
            assert!(all.iter().skip(i + 1).all(|o| o.id != e.id), "{}", e.id);
            assert!(e.token.ends_with('.'), "{}", e.id);
            // AWS's examples have no other target's boxes, the others no trust policy.
            assert_eq!(e.target == Target::Aws, e.configs.is_empty(), "{}", e.id);
            assert_eq!(e.target == Target::Aws, !e.policy.is_empty(), "{}", e.id);
            assert!(find(e.id).is_some());
        }
        assert_eq!(first().id, "github-tag-release");
        assert_eq!(all.first(), Some(&first()), "the menu opens on it");
    }

    #[test]
    fn a_subject_pinned_with_string_equals_keeps_the_audience_pin() {
        let p: Value = serde_json::from_str(&github_policy("StringEquals", "repo:a/b:*")).unwrap();
        let block = &p["Statement"][0]["Condition"]["StringEquals"];
        assert_eq!(
            block["token.actions.githubusercontent.com:aud"],
            "sts.amazonaws.com"
        );
        assert_eq!(
            block["token.actions.githubusercontent.com:sub"],
            "repo:a/b:*"
        );
        let p: Value = serde_json::from_str(&gitlab_policy("StringLike", "x")).unwrap();
        assert_eq!(
            p["Statement"][0]["Condition"]["StringLike"]["gitlab.com:sub"],
            "x"
        );
    }
}
