//! `vault-shared-user-claim`: `user_claim` names a claim that many workloads share. Vault
//! names the login's entity alias after it ("the claim to use to uniquely identify the
//! user", API docs), so every repository of an owner (for `repository_owner`) or every job
//! of a person (`actor`) becomes one entity, with one set of entity policies and metadata.

use super::{Role, finding};
use crate::codes;
use crate::diagnostic::Diagnostic;

/// Claims that are the same for many workloads of an issuer.
const SHARED: &[&str] = &[
    "actor",
    "actor_id",
    "aud",
    "azp",
    "enterprise",
    "environment",
    "event_name",
    "iss",
    "namespace_id",
    "namespace_path",
    "ref",
    "ref_type",
    "repository_owner",
    "repository_owner_id",
    "runner_environment",
    "terraform_organization_name",
    "user_email",
    "user_id",
    "user_login",
];

pub(super) fn check(role: &Role, out: &mut Vec<Diagnostic>) {
    let name = role.user_claim.trim_start_matches('/');
    if !SHARED.contains(&name) {
        return;
    }
    let Some(p) = role.place("user_claim") else {
        return;
    };
    out.push(
        finding(
            codes::VAULT_SHARED_USER_CLAIM,
            &p.pointer,
            p.span,
            format!("`user_claim` is `{}`, which many workloads share, so their logins share one entity alias: one entity, its policies and its metadata, and audit logs that cannot tell them apart", role.user_claim),
        )
        .help("name each workload: `sub`, or `repository` / `project_path` (with `job_workflow_ref` for GitHub workflows)"),
    );
}
