//! `per-run-subject`: a `sub` value that spells out a part that changes with every run
//! (Bitbucket's step UUID, Buildkite's commit), so it matches once.

use crate::aws::lint::common::{Scope, finding};
use crate::codes;
use crate::diagnostic::Diagnostic;

pub(crate) fn check(cx: &Scope<'_>, out: &mut Vec<Diagnostic>) {
    for p in cx.oidc_providers() {
        for v in &p.subjects(cx.st).values {
            let Some((field, value)) = v.admits.as_ref().and_then(|a| a.per_run.as_ref()) else {
                continue;
            };
            let what = if field == "commit" {
                "the commit, which changes with every build"
            } else {
                "the step UUID, which changes with every run"
            };
            out.push(
                finding(
                    codes::PER_RUN_SUBJECT,
                    format!("`{}` spells out {what} (`{value}`), so the next run's token will not match", v.text()),
                )
                .at(&v.condition.pointer, Some(v.condition.span))
                .help(if v.like {
                    "end the value with `*` in place of the per-run part"
                } else {
                    "use `StringLike` and end the value with `*` in place of the per-run part"
                }),
            );
        }
    }
}
