//! `if-exists-under-for-any-value`: `ForAnyValue:...IfExists`, whose `IfExists` AWS ignores
//! on a missing key (the condition is false, like `ForAnyValue:`).

use crate::aws::lint::common::{Scope, finding};
use crate::aws::policy::SetQualifier;
use crate::codes;
use crate::diagnostic::Diagnostic;

pub(crate) fn check(cx: &Scope<'_>, out: &mut Vec<Diagnostic>) {
    for c in &cx.st.conditions {
        let Some(op) = c.operator else { continue };
        if !op.if_exists || op.set != Some(SetQualifier::ForAnyValue) {
            continue;
        }
        out.push(
            finding(
                codes::IF_EXISTS_UNDER_FOR_ANY_VALUE,
                format!(
                    "`{}` on `{}` is false for a token without the claim: AWS ignores `IfExists` under `ForAnyValue:`",
                    c.operator_name, c.key
                ),
            )
            .at(&c.pointer, Some(c.span))
            .help(format!(
                "write `{}`, which behaves the same; if a token without the claim should pass, allow it in a statement of its own",
                c.operator_name.trim_end_matches("IfExists")
            )),
        );
    }
}
