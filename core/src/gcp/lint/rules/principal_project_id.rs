//! `principal-project-id`: pool members name the project by its **number**
//! ("use your project number, not your project ID", Google's workload identity federation
//! page); with the project id the member names no pool and never matches.

use super::super::{Scope, finding};
use crate::codes;
use crate::diagnostic::{Diagnostic, Severity, Source};

pub(crate) fn check(cx: &Scope<'_>, out: &mut Vec<Diagnostic>) {
    let Some(policy) = cx.input.policy else {
        return;
    };
    for b in &policy.bindings {
        for m in &b.members {
            let Some((pool, _)) = &m.principal else {
                continue;
            };
            if !pool.project.is_empty() && pool.project.bytes().all(|c| c.is_ascii_digit()) {
                continue;
            }
            let number = cx
                .input
                .provider
                .name
                .as_ref()
                .map_or_else(|| "PROJECT_NUMBER".to_owned(), |n| n.project.clone());
            out.push(
                finding(
                    codes::PRINCIPAL_PROJECT_ID,
                    Severity::Warning,
                    Source::Policy,
                    format!("`{}` names the project `{}` by id: pool members take the project number, so it never matches", m.text, pool.project),
                )
                .at(&m.pointer, Some(m.span))
                .help(format!("write `projects/{number}/` in the member")),
            );
        }
    }
}
