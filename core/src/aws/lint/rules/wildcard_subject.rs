//! `wildcard-subject`: a `sub` pattern whose wildcard reaches the owner, repository,
//! project or workspace, so it trusts other repositories.

use crate::aws::lint::common::{Scope, finding};
use crate::codes;
use crate::diagnostic::Diagnostic;

pub(crate) fn check(cx: &Scope<'_>, out: &mut Vec<Diagnostic>) {
    for p in cx.oidc_providers() {
        for v in p.subjects(cx.st).values.iter().filter(|v| v.like) {
            let Some((field, example)) = v.admits.as_ref().and_then(|a| a.identity.as_ref()) else {
                continue;
            };
            let what = match field.as_str() {
                "owner" | "ownerId" => "other owners",
                "repository" | "repositoryId" | "repo" | "repositoryUuid" => "other repositories",
                "group" | "project_path" | "project" | "project_id" => "other projects",
                "organization" | "org" => "other organisations",
                "workspace" => "other workspaces",
                "pipeline" => "other pipelines",
                "namespace" => "other namespaces",
                "serviceAccount" => "other service accounts",
                "job_workflow_ref" => "other workflows",
                _ => "other subjects",
            };
            let example = if example == "any subject" {
                "any subject".to_owned()
            } else {
                format!("e.g. `{example}`")
            };
            out.push(
                finding(
                    codes::WILDCARD_SUBJECT,
                    format!(
                        "`{}` has a wildcard over the {}, so it trusts {what} ({example})",
                        v.text(),
                        field_words(field)
                    ),
                )
                .at(&v.condition.pointer, Some(v.condition.span))
                .help("name each trusted repository or project literally; keep wildcards to the part after it"),
            );
        }
    }
}

/// A subject field's name in words.
fn field_words(field: &str) -> &str {
    match field {
        "ownerId" => "owner id",
        "repositoryId" => "repository id",
        "repositoryUuid" => "repository UUID",
        "project_path" => "project path",
        "project_id" => "project id",
        "serviceAccount" => "service account",
        "org" => "organisation",
        "job_workflow_ref" => "workflow",
        "sub" => "whole subject",
        other => other,
    }
}
