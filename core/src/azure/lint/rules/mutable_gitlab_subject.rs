//! `mutable-gitlab-subject`: a classic credential's GitLab subject that names the project by
//! path, which can pass to another project (a classic credential cannot pin `project_id`).

use crate::azure::lint::{Scope, finding};
use crate::codes;
use crate::diagnostic::Diagnostic;
use crate::providers::Platform;

pub(crate) fn check(cx: &Scope<'_>, out: &mut Vec<Diagnostic>) {
    let c = cx.c;
    let Some(s) = c.subject.as_ref().filter(|_| c.expression.is_none()) else {
        return;
    };
    if cx.platform != Platform::GitLab || !s.value.starts_with("project_path:") {
        return;
    }
    out.push(
        finding(
            codes::MUTABLE_GITLAB_SUBJECT,
            format!("`{}` trusts whichever project holds that path, and a path can pass to another project after a rename, transfer or deletion", s.value),
            s,
        )
        .help("make the `sub` start with the project id (`ci_id_token_sub_claim_components` = `[\"project_id\", \"ref_type\", \"ref\"]`) and use that subject, or a flexible credential with `claims['project_id'] eq '<id>'`"),
    );
}
