//! `loose-audience-operator`: a pattern (`StringLike` with a wildcard) or a `ForAnyValue:`
//! qualifier on a provider's `aud` key. (`ForAllValues:` on it is
//! `for-all-values-single-valued-key`.)

use crate::aws::lint::common::{Scope, finding};
use crate::aws::policy::{BaseOperator, SetQualifier};
use crate::codes;
use crate::diagnostic::Diagnostic;

pub(crate) fn check(cx: &Scope<'_>, out: &mut Vec<Diagnostic>) {
    if !cx.allow {
        return;
    }
    for c in &cx.st.conditions {
        let Some(op) = c.operator else { continue };
        let (prefix, claim) = c.prefix_and_claim();
        let service = prefix.eq_ignore_ascii_case("aws") || prefix.eq_ignore_ascii_case("sts");
        if service || prefix.is_empty() || !claim.eq_ignore_ascii_case("aud") {
            continue;
        }
        let wildcard = c.values.iter().find(|v| v.text.contains(['*', '?']));
        let (message, help) = match (op.base, wildcard, op.set) {
            (BaseOperator::StringLike, Some(v), _) => (
                format!(
                    "`{}` on `{}` with the pattern `{}` admits every audience it matches, including ones minted for other relying parties",
                    c.operator_name, c.key, v.text
                ),
                "pin the audience your CI requests with `StringEquals` (e.g. `sts.amazonaws.com`)",
            ),
            (_, _, Some(SetQualifier::ForAnyValue)) => (
                format!(
                    "`{}` on `{}` treats the audience as a set; AWS supplies it as one value, so write the operator without `ForAnyValue:`",
                    c.operator_name, c.key
                ),
                "use `StringEquals` on the audience",
            ),
            _ => continue,
        };
        out.push(
            finding(codes::LOOSE_AUDIENCE_OPERATOR, message)
                .at(&c.pointer, Some(c.span))
                .help(help),
        );
    }
}
