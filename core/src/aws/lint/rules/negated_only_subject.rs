//! `negated-only-subject`: the only conditions on `sub` exclude values, so every other
//! subject is trusted.

use crate::aws::lint::common::{Scope, finding};
use crate::codes;
use crate::diagnostic::Diagnostic;

pub(crate) fn check(cx: &Scope<'_>, out: &mut Vec<Diagnostic>) {
    for p in cx.oidc_providers() {
        let subs = &p.subjects(cx.st).conditions;
        let Some(first) = subs.first() else { continue };
        if !subs
            .iter()
            .all(|c| c.operator.is_some_and(|o| o.base.negated()))
            || p.workflow_pin(cx.st)
        {
            continue;
        }
        out.push(
            finding(
                codes::NEGATED_ONLY_SUBJECT,
                format!("the only conditions on `{}` exclude values, so every other subject can assume the role", first.key),
            )
            .at(&first.pointer, Some(first.span))
            .help("say which subjects are trusted with `StringEquals` or `StringLike`; keep exclusions as an extra guard"),
        );
    }
}
