//! `vault-literal-wildcard`: a `*` where Vault compares literally: `bound_subject` (always)
//! or a `bound_claims` value of a role whose `bound_claims_type` is `string`.

use super::{Role, finding, strings, value_pointer};
use crate::codes;
use crate::diagnostic::Diagnostic;

pub(super) fn check(role: &Role, out: &mut Vec<Diagnostic>) {
    if role.bound_subject.contains('*')
        && let Some(p) = role.place("bound_subject")
    {
        out.push(
            finding(
                codes::VAULT_LITERAL_WILDCARD,
                &p.pointer,
                p.span,
                format!("`bound_subject` `{}` has a `*`, but Vault compares `bound_subject` exactly, so it matches only a `sub` with a literal `*`", role.bound_subject),
            )
            .help("move the pattern to `bound_claims` (`{\"sub\": \"...\"}`) with `bound_claims_type` `glob`, and clear `bound_subject`"),
        );
    }
    if role.glob {
        return;
    }
    for (i, j, v) in strings(role) {
        if !v.contains('*') {
            continue;
        }
        let Some(b) = role.bound_claims.get(i) else {
            continue;
        };
        out.push(
            finding(
                codes::VAULT_LITERAL_WILDCARD,
                &value_pointer(role, i, j),
                b.span,
                format!("`{v}` (`bound_claims` `{}`) has a `*`, but the role's `bound_claims_type` is `string`, so it matches only the literal text", b.claim),
            )
            .help("set `bound_claims_type` to `glob` if the `*` is meant as a wildcard"),
        );
    }
}
