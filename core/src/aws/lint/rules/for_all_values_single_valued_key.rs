//! `for-all-values-single-valued-key`: `ForAllValues:` on a key with one value is true
//! when the key is missing.

use crate::aws::lint::common::{Scope, finding};
use crate::aws::policy::SetQualifier;
use crate::codes;
use crate::diagnostic::Diagnostic;

pub(crate) fn check(cx: &Scope<'_>, out: &mut Vec<Diagnostic>) {
    for c in &cx.st.conditions {
        let Some(op) = c.operator else { continue };
        let multi = c.key_lower.ends_with(":amr")
            || c.key_lower == "aws:tagkeys"
            || c.key_lower == "sts:transitivetagkeys";
        if op.set == Some(SetQualifier::ForAllValues) && !multi && !op.base.negated() {
            out.push(
                finding(
                    codes::FOR_ALL_VALUES_SINGLE_VALUED_KEY,
                    format!("`{}` on the single-valued key `{}` is also true when the token has no such claim", c.operator_name, c.key),
                )
                .at(&c.pointer, Some(c.span))
                .help(format!("drop the `ForAllValues:` prefix: `{}`", c.operator_name.trim_start_matches("ForAllValues:"))),
            );
        }
    }
}
