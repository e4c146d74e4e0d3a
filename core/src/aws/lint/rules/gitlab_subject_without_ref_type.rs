//! `gitlab-subject-without-ref-type`: a GitLab `sub` pattern that does not pin `ref_type`,
//! so a tag with a branch's name passes.

use crate::aws::lint::common::{Scope, finding};
use crate::codes;
use crate::diagnostic::Diagnostic;

pub(crate) fn check(cx: &Scope<'_>, out: &mut Vec<Diagnostic>) {
    for p in cx.oidc_providers() {
        for v in p.subjects(cx.st).values.iter().filter(|v| v.like) {
            let Some(e) = v.admits.as_ref().and_then(|a| a.ref_type.as_ref()) else {
                continue;
            };
            out.push(
                finding(
                    codes::GITLAB_SUBJECT_WITHOUT_REF_TYPE,
                    format!("`{}` does not pin `ref_type`, so a tag with a branch's name passes (e.g. `{e}`)", v.text()),
                )
                .at(&v.condition.pointer, Some(v.condition.span))
                .help("write `ref_type:branch:ref:NAME` (or `ref_type:tag:ref:NAME`) literally"),
            );
        }
    }
}
