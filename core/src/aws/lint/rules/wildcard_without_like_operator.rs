//! `wildcard-without-like-operator`: `*` or `?` under an operator that compares literally.

use crate::aws::lint::common::{Scope, finding};
use crate::aws::policy::BaseOperator;
use crate::codes;
use crate::diagnostic::Diagnostic;

pub(crate) fn check(cx: &Scope<'_>, out: &mut Vec<Diagnostic>) {
    for c in &cx.st.conditions {
        let Some(op) = c.operator else { continue };
        let literal = matches!(
            op.base,
            BaseOperator::StringEquals
                | BaseOperator::StringNotEquals
                | BaseOperator::StringEqualsIgnoreCase
                | BaseOperator::StringNotEqualsIgnoreCase
        );
        if !literal {
            continue;
        }
        for v in c.values.iter().filter(|v| v.has_wildcard()) {
            let like_name = c
                .operator_name
                .replace("EqualsIgnoreCase", "Like")
                .replace("Equals", "Like");
            out.push(
                finding(
                    codes::WILDCARD_WITHOUT_LIKE_OPERATOR,
                    format!(
                        "`{}` under `{}` matches only the literal text, `*` and `?` included",
                        v.text, c.operator_name
                    ),
                )
                .at(&c.pointer, Some(c.span))
                .help(format!(
                    "use `{like_name}` for a pattern, or remove the wildcard"
                )),
            );
        }
    }
}
