//! The examples of the targets other than AWS (the whole page's; the AWS-only module
//! lists AWS's alone).

use oidc_trust::api::{AzureStage, GcpStage, PublishingStage, Registry, Target, VaultStage};
use oidc_trust::tokens::{Minted, TokenError, github, gitlab};
use serde_json::{Value, json};

use super::{Example, ExpectedStage, T, example, token};
use crate::targets::{ConfigDoc, Configs};

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
pub(super) fn all() -> Vec<Example> {
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
