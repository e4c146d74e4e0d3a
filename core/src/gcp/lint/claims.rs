//! What the lints know about issuers: which are shared by every tenant (so the condition
//! is the only thing that keeps other tenants out), which claims name a tenant, which
//! are mutable names beside an immutable id, and which the issuer sends as JSON strings.
//! Sources: Google's deployment-pipelines guide ("GitHub, GitLab `SaaS`, and HCP Terraform
//! use a single issuer URL across all organizations"), the platforms' claim references
//! (semantics reference, section 0).

use crate::providers::{Issuer, IssuerVariant, Platform};

/// Whether every tenant of the platform gets tokens from this one issuer.
pub(crate) fn shared(issuer: &Issuer<'_>) -> bool {
    matches!(
        issuer.variant,
        IssuerVariant::Github | IssuerVariant::GitlabCom
    ) || (issuer.platform == Platform::Terraform
        && issuer.variant != IssuerVariant::TerraformEnterprise)
        || issuer.platform == Platform::Buildkite
}

/// The claims that pin a tenant (owner, group, organization) or something inside one.
pub(crate) fn tenant_claims(platform: Platform) -> &'static [&'static str] {
    match platform {
        Platform::GitHub => &[
            "repository_owner_id",
            "repository_owner",
            "repository_id",
            "repository",
            "enterprise_id",
            "enterprise",
            "job_workflow_ref",
        ],
        Platform::GitLab => &[
            "namespace_id",
            "namespace_path",
            "project_id",
            "project_path",
        ],
        Platform::Terraform => &[
            "terraform_organization_id",
            "terraform_organization_name",
            "terraform_workspace_id",
            "terraform_workspace_name",
        ],
        Platform::Buildkite => &["organization_slug", "pipeline_slug"],
        _ => &[],
    }
}

/// The mutable name claims of a platform and the immutable ids that make them safe.
pub(crate) fn names_and_ids(
    platform: Platform,
) -> (&'static [&'static str], &'static [&'static str]) {
    match platform {
        Platform::GitHub => (
            &["repository_owner", "repository"],
            &["repository_owner_id", "repository_id", "enterprise_id"],
        ),
        Platform::GitLab => (
            &["namespace_path", "project_path"],
            &["namespace_id", "project_id"],
        ),
        Platform::Terraform => (
            &[
                "terraform_organization_name",
                "terraform_workspace_name",
                "terraform_project_name",
            ],
            &[
                "terraform_organization_id",
                "terraform_workspace_id",
                "terraform_project_id",
            ],
        ),
        _ => (&[], &[]),
    }
}

/// The immutable id to pin beside a name claim, for the fix.
pub(crate) fn id_for(name: &str) -> &'static str {
    match name {
        "repository_owner" => "repository_owner_id",
        "repository" => "repository_id",
        "namespace_path" => "namespace_id",
        "project_path" => "project_id",
        "terraform_organization_name" => "terraform_organization_id",
        "terraform_workspace_name" => "terraform_workspace_id",
        "terraform_project_name" => "terraform_project_id",
        _ => "sub",
    }
}

/// Whether the platform sends `claim` as a JSON string (GitHub's and HCP Terraform's
/// claims all are; GitLab's too but for `runner_id`), so a number or boolean literal
/// never equals it.
pub(crate) fn string_claim(platform: Platform, claim: &str) -> bool {
    if matches!(claim, "iat" | "exp" | "nbf") {
        return false;
    }
    match platform {
        Platform::GitHub | Platform::Terraform => true,
        Platform::GitLab => claim != "runner_id",
        _ => false,
    }
}

/// Whether a `sub` literal (or prefix) names a tenant: `repo:OWNER/`, `project_path:G/`,
/// `project_id:N`, `organization:ORG:`.
pub(crate) fn subject_names_tenant(platform: Platform, literal: &str) -> bool {
    let after = |p: &str, sep: char| {
        literal
            .strip_prefix(p)
            .and_then(|r| r.split_once(sep))
            .is_some_and(|(t, _)| !t.is_empty() && !t.contains('*'))
    };
    match platform {
        Platform::GitHub => after("repo:", '/'),
        Platform::GitLab => after("project_path:", '/') || after("project_id:", ':'),
        Platform::Terraform => after("organization:", ':'),
        _ => !literal.is_empty(),
    }
}
