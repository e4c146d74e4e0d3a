//! `classic-github-subject`: a classic credential's GitHub subject that names the repository
//! by name, which repositories created (or renamed, transferred) after 2026-07-15 no longer
//! send.

use crate::azure::lint::{Scope, finding};
use crate::codes;
use crate::diagnostic::Diagnostic;
use crate::providers::{Platform, github};

pub(crate) fn check(cx: &Scope<'_>, out: &mut Vec<Diagnostic>) {
    let c = cx.c;
    let Some(s) = c.subject.as_ref().filter(|_| c.expression.is_none()) else {
        return;
    };
    if cx.platform != Platform::GitHub || !github::names_repository_by_name(&s.value) {
        return;
    }
    out.push(
        finding(
            codes::CLASSIC_GITHUB_SUBJECT,
            format!("`{}` names the repository by name; repositories created, renamed or transferred after 2026-07-15 send `repo:OWNER@ID/REPO@ID:...` and never match it, and a name can pass to another repository", s.value),
            s,
        )
        .help("for such a repository write the immutable form, e.g. `repo:octo-org@123456/octo-repo@7891011:ref:refs/heads/main` (the ids are the token's `repository_owner_id` and `repository_id`)"),
    );
}
