//! `empty-condition-values`: a condition key with an empty value list (`[]`), which
//! Terraform modules render when a list input is left empty.

use crate::aws::lint::common::{Scope, finding};
use crate::aws::policy::SetQualifier;
use crate::codes;
use crate::diagnostic::Diagnostic;

pub(crate) fn check(cx: &Scope<'_>, out: &mut Vec<Diagnostic>) {
    if cx.st.invalid.is_some() {
        return;
    }
    for c in cx.st.conditions.iter().filter(|c| c.values.is_empty()) {
        let Some(op) = c.operator else { continue };
        let effect = if op.base.negated() {
            "the condition no longer depends on the claim's value"
        } else if op.set == Some(SetQualifier::ForAllValues) {
            "the condition is true only for tokens without the claim"
        } else {
            "the condition never matches and the statement never applies"
        };
        out.push(
            finding(
                codes::EMPTY_CONDITION_VALUES,
                format!("`{}` on `{}` has no values, so {effect}", c.operator_name, c.key),
            )
            .at(&c.pointer, Some(c.span))
            .help("list the values the condition should accept (a Terraform module renders `[]` when its list input is empty), or remove the condition"),
        );
    }
}
