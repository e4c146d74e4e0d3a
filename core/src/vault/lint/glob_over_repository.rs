//! `vault-glob-over-repository`: a glob value whose `*` reaches the part of a claim that
//! says who (the GitHub owner or repository, the GitLab group or project, the HCP
//! Terraform organisation or workspace), so the role admits other repositories:
//! `repo:acme/*` admits every repository of `acme`, and `*` crosses `/` and `:`.

use super::{Role, finding, strings, value_pointer};
use crate::codes;
use crate::diagnostic::Diagnostic;

/// Byte ranges of the identity parts of a value of `claim`.
fn identity(claim: &str, value: &str) -> Vec<(usize, usize)> {
    match claim.trim_start_matches('/') {
        "sub" => {
            let mut pieces = crate::providers::pieces(value, ':');
            let first = pieces.next().map(|(_, p)| p);
            let fields: &[usize] = match first {
                Some("repo" | "project_path" | "project_id") => &[1],
                Some("organization") => &[1, 3, 5],
                // An opaque or unknown subject: all of it says who.
                _ => return vec![(0, value.len())],
            };
            crate::providers::pieces(value, ':')
                .enumerate()
                .filter(|(i, _)| fields.contains(i))
                .map(|(_, (at, p))| (at, at + p.len()))
                .collect()
        }
        "repository"
        | "repository_owner"
        | "project_path"
        | "namespace_path"
        | "terraform_organization_name"
        | "terraform_project_name"
        | "terraform_workspace_name" => vec![(0, value.len())],
        "job_workflow_ref" | "workflow_ref" | "ci_config_ref_uri" => {
            let end = value
                .find("/.github/")
                .or_else(|| value.find("//"))
                .unwrap_or(value.len());
            vec![(0, end)]
        }
        _ => Vec::new(),
    }
}

pub(super) fn check(role: &Role, out: &mut Vec<Diagnostic>) {
    if !role.glob {
        return;
    }
    for (i, j, v) in strings(role) {
        let Some(b) = role.bound_claims.get(i) else {
            continue;
        };
        let ranges = identity(&b.claim, v);
        let Some(star) = v
            .match_indices('*')
            .map(|(at, _)| at)
            .find(|at| ranges.iter().any(|(s, e)| s <= at && at <= e))
        else {
            continue;
        };
        let example = format!(
            "{}other{}",
            v.get(..star).unwrap_or_default(),
            v.get(star + 1..).unwrap_or_default().replace('*', "x")
        );
        out.push(
            finding(
                codes::VAULT_GLOB_OVER_REPOSITORY,
                &value_pointer(role, i, j),
                b.span,
                format!("`{v}` (`bound_claims` `{}`) has a `*` over the owner, repository or project, so it admits other repositories too (e.g. `{example}`)", b.claim),
            )
            .help("name each trusted repository or project literally, or bind `repository_id` (GitHub) or `project_id` (GitLab); keep `*` to the ref or environment"),
        );
    }
}
