//! `classic-github-subject`: a GitHub `sub` value that names the repository by name, which
//! repositories created (or renamed, transferred) after 2026-07-15 no longer send.

use crate::aws::lint::common::{Scope, finding};
use crate::codes;
use crate::diagnostic::Diagnostic;
use crate::providers::{self, Platform};

pub(crate) fn check(cx: &Scope<'_>, out: &mut Vec<Diagnostic>) {
    for p in cx.oidc_providers() {
        if p.issuer.platform != Platform::GitHub {
            continue;
        }
        for v in &p.subjects(cx.st).values {
            let text = v.text();
            if !providers::github::names_repository_by_name(text) {
                continue;
            }
            out.push(
                finding(
                    codes::CLASSIC_GITHUB_SUBJECT,
                    format!("`{text}` names the repository by name; repositories created, renamed or transferred after 2026-07-15 send `repo:OWNER@ID/REPO@ID:...` and never match it"),
                )
                .at(&v.condition.pointer, Some(v.condition.span))
                .help("for such a repository write the immutable form, e.g. `repo:octo-org@123456/octo-repo@7891011:ref:refs/heads/main` (the ids are the token's `repository_owner_id` and `repository_id`)"),
            );
        }
    }
}
