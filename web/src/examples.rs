//! The examples menu: synthetic, unsigned tokens (`header.payload.` with `alg` RS256, from the
//! core's builders, [`oidc_trust::tokens`]) and the policies they meet, each with the verdict
//! AWS would give. This table is the one place the verdicts are written: `tests/examples.rs`
//! checks each against the core, and the page puts them on the menu's `<option>`s for the
//! browser test.

use oidc_trust::api::{AzureStage, GcpStage, PublishingStage, Registry, Stage, Target, VaultStage};
use oidc_trust::tokens::{Minted, TokenError, cognito, eks, github, gitlab, google};
use serde::Serialize;
use serde_json::{Value, json};

use crate::inputs::{CallInputs, Inputs, ProviderChoice, RcpInput, TimeMode};
use crate::targets::{ConfigDoc, Configs};

/// The stage an example is decided at, in its target's own stage type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExpectedStage {
    /// AWS STS.
    Aws(Stage),
    /// Entra ID.
    Azure(AzureStage),
    /// Google Cloud STS.
    Gcp(GcpStage),
    /// Vault.
    Vault(VaultStage),
    /// A registry's trusted publishing.
    Publishing(PublishingStage),
}

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
            ExpectedStage::Azure(s) => wire(&s),
            ExpectedStage::Gcp(s) => wire(&s),
            ExpectedStage::Vault(s) => wire(&s),
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

/// Configurations from `(box, JSON value)` pairs, each written as the cloud's CLI prints it
/// (pretty JSON), and a registry.
fn configs(texts: &[(ConfigDoc, Value)], registry: Option<Registry>) -> Configs {
    let mut c = Configs {
        registry,
        ..Configs::default()
    };
    for (doc, v) in texts {
        c.set(*doc, serde_json::to_string_pretty(v).unwrap_or_default());
    }
    c
}

/// An app registration's credentials as `az ad app federated-credential list` prints them.
fn entra_credentials() -> Value {
    json!([
        {
            "audiences": ["api://AzureADTokenExchange"],
            "description": "Deploy from main",
            "id": "4a1b2c3d-0000-4000-8000-000000000001",
            "issuer": "https://token.actions.githubusercontent.com",
            "name": "widgets-main",
            "subject": "repo:acme/widgets:ref:refs/heads/main"
        },
        {
            "audiences": ["api://AzureADTokenExchange"],
            "description": "Production environment",
            "id": "4a1b2c3d-0000-4000-8000-000000000002",
            "issuer": "https://token.actions.githubusercontent.com",
            "name": "widgets-production",
            "subject": "repo:acme/widgets:environment:production"
        }
    ])
}

/// The pool provider GitLab tokens go to.
const GCP_PROVIDER: &str =
    "projects/123456789012/locations/global/workloadIdentityPools/gitlab/providers/gitlab-com";

/// The provider as `gcloud iam workload-identity-pools providers describe --format=json`
/// prints it.
fn gcp_provider() -> Value {
    json!({
        "attributeCondition": "assertion.namespace_path == 'acme' && assertion.ref_protected == 'true'",
        "attributeMapping": {
            "attribute.namespace_path": "assertion.namespace_path",
            "attribute.project_path": "assertion.project_path",
            "google.subject": "assertion.sub"
        },
        "displayName": "GitLab.com",
        "name": GCP_PROVIDER,
        "oidc": {"issuerUri": "https://gitlab.com"},
        "state": "ACTIVE"
    })
}

/// A Vault JWT role as `vault read -format=json auth/jwt/role/deploy` prints it.
fn vault_role(sub: &str) -> Value {
    json!({
        "request_id": "0f2e6a1c-5d7b-4c1e-9a5e-3b2d1c0f9e8d",
        "lease_id": "",
        "lease_duration": 0,
        "renewable": false,
        "data": {
            "bound_audiences": ["https://github.com/acme"],
            "bound_claims": {"repository": "acme/widgets", "sub": sub},
            "bound_claims_type": "glob",
            "claim_mappings": {"repository": "repo"},
            "role_type": "jwt",
            "token_policies": ["deploy"],
            "user_claim": "sub"
        },
        "warnings": null
    })
}

/// The mount's configuration (`vault read -format=json auth/jwt/config`).
fn vault_config() -> Value {
    json!({"data": {
        "bound_issuer": "https://token.actions.githubusercontent.com",
        "oidc_discovery_url": "https://token.actions.githubusercontent.com"
    }})
}

/// A PyPI project's trusted publisher.
fn pypi_publishers(environment: &str) -> Value {
    json!([{
        "owner": "acme",
        "repository": "widgets",
        "workflow_filename": "release.yml",
        "environment": environment
    }])
}

/// The examples of the targets other than AWS: GitHub to Entra ID (accepted, and a pull
/// request refused), GitLab to Google Cloud (accepted, and another namespace refused by the
/// condition), GitHub to Vault (accepted, and another branch refused), a PyPI publisher
/// (accepted, and another environment refused).
#[expect(clippy::too_many_lines, reason = "a table")]
fn other_targets() -> Vec<Example> {
    let entra = |id, title, about, t: Result<Minted, TokenError>| Example {
        target: Target::Azure,
        token: token(t),
        configs: configs(&[(ConfigDoc::Credentials, entra_credentials())], None),
        ..example(id, title, about)
    };
    let gcp = |id, title, about, project: &str| Example {
        target: Target::Gcp,
        token: token(
            gitlab()
                .project(project)
                .branch("main")
                .protected()
                .audience(format!("https://iam.googleapis.com/{GCP_PROVIDER}"))
                .at(T),
        ),
        configs: configs(&[(ConfigDoc::PoolProvider, gcp_provider())], None),
        ..example(id, title, about)
    };
    let vault = |id, title, about, bound_sub: &str| Example {
        target: Target::Vault,
        token: token(
            github()
                .repo("acme/widgets")
                .branch("main")
                .workflow(".github/workflows/deploy.yml")
                .audience("https://github.com/acme")
                .at(T),
        ),
        configs: configs(
            &[
                (ConfigDoc::VaultRole, vault_role(bound_sub)),
                (ConfigDoc::VaultConfig, vault_config()),
            ],
            None,
        ),
        ..example(id, title, about)
    };
    let pypi = |id, title, about, environment: &str| Example {
        target: Target::Publishing,
        token: token(
            github()
                .repo("acme/widgets")
                .tag("v1.4.0")
                .environment("pypi")
                .workflow(".github/workflows/release.yml")
                .audience("pypi")
                .at(T),
        ),
        configs: configs(
            &[(ConfigDoc::Publishers, pypi_publishers(environment))],
            Some(Registry::PyPi),
        ),
        ..example(id, title, about)
    };
    vec![
        Example {
            accepted: true,
            stage: ExpectedStage::Azure(AzureStage::Subject),
            ..entra(
                "entra-classic-accepted",
                "Entra ID: GitHub main branch, classic credential",
                "A deploy job on `main` against an app registration's federated credentials (`az ad app federated-credential list`): the first credential's issuer, audience and subject are the token's.",
                github()
                    .repo("acme/widgets")
                    .branch("main")
                    .workflow(".github/workflows/deploy.yml")
                    .audience("api://AzureADTokenExchange")
                    .at(T),
            )
        },
        Example {
            stage: ExpectedStage::Azure(AzureStage::Subject),
            error: Some("AADSTS700213"),
            ..entra(
                "entra-pull-request-refused",
                "Entra ID: a pull request refused (AADSTS700213)",
                "The same credentials, a `pull_request` job: its subject `repo:acme/widgets:pull_request` is none of the credentials' subjects, and the trace shows where it parts from the closest one.",
                github()
                    .repo("acme/widgets")
                    .pull_request()
                    .workflow(".github/workflows/deploy.yml")
                    .audience("api://AzureADTokenExchange")
                    .at(T),
            )
        },
        Example {
            accepted: true,
            stage: ExpectedStage::Gcp(GcpStage::Condition),
            ..gcp(
                "gcp-gitlab-accepted",
                "Google Cloud: GitLab protected branch, attribute condition",
                "A GitLab pipeline on a protected `main` of `acme/widgets` against a pool provider (`gcloud iam workload-identity-pools providers describe --format=json`): the mapping, and each clause of the condition with its value.",
                "acme/widgets",
            )
        },
        Example {
            stage: ExpectedStage::Gcp(GcpStage::Condition),
            error: Some("unauthorized_client"),
            ..gcp(
                "gcp-gitlab-fork-refused",
                "Google Cloud: another namespace refused by the condition",
                "The same provider, a pipeline of `acme-attacker/widgets`: the clause `assertion.namespace_path == 'acme'` is false, with the token's value `'acme-attacker'`.",
                "acme-attacker/widgets",
            )
        },
        Example {
            accepted: true,
            stage: ExpectedStage::Vault(VaultStage::BoundClaims),
            ..vault(
                "vault-github-accepted",
                "Vault: GitHub branches of one repository",
                "A GitHub job against a JWT role (`vault read -format=json auth/jwt/role/deploy`) whose glob bound claims admit every branch of `acme/widgets`.",
                "repo:acme/widgets:ref:refs/heads/*",
            )
        },
        Example {
            stage: ExpectedStage::Vault(VaultStage::BoundClaims),
            error: Some("400"),
            ..vault(
                "vault-other-branch-refused",
                "Vault: a role bound to a release branch refuses main",
                "The role binds `sub` to the `release` branch; the job runs on `main`: Vault answers `claim \"sub\" does not match any associated bound claim values`.",
                "repo:acme/widgets:ref:refs/heads/release",
            )
        },
        Example {
            accepted: true,
            stage: ExpectedStage::Publishing(PublishingStage::Publisher),
            ..pypi(
                "pypi-publisher-accepted",
                "PyPI: a trusted publisher with an environment",
                "A release job in the `pypi` environment against the project's trusted publisher: owner, repository, workflow and environment, each compared as PyPI does.",
                "pypi",
            )
        },
        Example {
            stage: ExpectedStage::Publishing(PublishingStage::Publisher),
            error: Some("invalid-publisher"),
            ..pypi(
                "pypi-environment-refused",
                "PyPI: the publisher names another environment",
                "The publisher is registered for the `release` environment; the job ran in `pypi`: PyPI answers `invalid-publisher`.",
                "release",
            )
        },
    ]
}

/// Every example, in menu order. The first is the one the page opens on. Built once.
pub fn all() -> &'static [Example] {
    static ALL: std::sync::OnceLock<Vec<Example>> = std::sync::OnceLock::new();
    ALL.get_or_init(build)
}

fn build() -> Vec<Example> {
    let release_policy = github_policy("StringLike", "repo:acme/widgets:ref:refs/tags/v*");
    let release = token(
        github()
            .repo("acme/widgets")
            .tag("v1.4.0")
            .workflow(".github/workflows/release.yml")
            .at(T),
    );
    vec![
        Example {
            token: release.clone(),
            policy: release_policy.clone(),
            accepted: true,
            ..example(
                "github-tag-release",
                "GitHub: tag release (accepted)",
                "A release workflow on tag v1.4.0 assumes a role that trusts tags v*.",
            )
        },
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
    .chain(other_targets())
    .collect()
}

/// The example with this id.
pub fn find(id: &str) -> Option<Example> {
    all().iter().find(|e| e.id == id).cloned()
}

/// The example the page opens on.
pub fn first() -> Example {
    all()
        .first()
        .cloned()
        .unwrap_or_else(|| example("empty", "Empty", ""))
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
