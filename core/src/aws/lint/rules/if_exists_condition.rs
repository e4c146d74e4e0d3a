//! `if-exists-condition`: `...IfExists` on a token claim holds for tokens without it. Not
//! under `ForAnyValue:`, where a missing key makes the condition false whatever the suffix
//! (`if-exists-under-for-any-value` says so).

use crate::aws::lint::common::{Scope, finding};
use crate::aws::policy::SetQualifier;
use crate::codes;
use crate::diagnostic::Diagnostic;

pub(crate) fn check(cx: &Scope<'_>, out: &mut Vec<Diagnostic>) {
    for c in &cx.st.conditions {
        let Some(op) = c.operator else { continue };
        let claim_key = !(c.key_lower.starts_with("aws:") || c.key_lower.starts_with("sts:"));
        if op.if_exists
            && claim_key
            && !op.base.negated()
            && op.set != Some(SetQualifier::ForAnyValue)
        {
            out.push(
                finding(
                    codes::IF_EXISTS_CONDITION,
                    format!(
                        "`{}` on `{}` is true for every token without that claim",
                        c.operator_name, c.key
                    ),
                )
                .at(&c.pointer, Some(c.span))
                .help(format!(
                    "use `{}` so that a token without the claim is refused",
                    c.operator_name.trim_end_matches("IfExists")
                )),
            );
        }
    }
}
