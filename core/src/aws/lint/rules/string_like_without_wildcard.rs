//! `string-like-without-wildcard`: a `StringLike` value without a wildcard is an exact
//! match.

use crate::aws::lint::common::{Scope, finding};
use crate::aws::policy::Operator;
use crate::codes;
use crate::diagnostic::Diagnostic;

pub(crate) fn check(cx: &Scope<'_>, out: &mut Vec<Diagnostic>) {
    for c in &cx.st.conditions {
        if !c.operator.is_some_and(Operator::is_like) {
            continue;
        }
        for v in c.values.iter().filter(|v| !v.has_wildcard()) {
            let eq = c.operator_name.replace("Like", "Equals");
            out.push(
                finding(
                    codes::STRING_LIKE_WITHOUT_WILDCARD,
                    format!(
                        "`{}` has no `*` or `?`, so `{}` compares it exactly",
                        v.text, c.operator_name
                    ),
                )
                .at(&c.pointer, Some(c.span))
                .help(format!("`{eq}` says the same and reads as exact")),
            );
        }
    }
}
