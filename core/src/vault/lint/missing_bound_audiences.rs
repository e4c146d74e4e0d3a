//! `vault-missing-bound-audiences`: a `jwt` role without `bound_audiences`. From Vault 1.17
//! (CVE-2024-5798) such a role refuses every token that has an `aud` (GitHub's always
//! have one); before, it accepted tokens minted for any audience.

use super::{Role, finding};
use crate::codes;
use crate::diagnostic::Diagnostic;
use crate::vault::role::RoleType;

pub(super) fn check(role: &Role, out: &mut Vec<Diagnostic>) {
    if role.role_type != RoleType::Jwt || !role.bound_audiences.is_empty() {
        return;
    }
    let (pointer, span) = role
        .place("bound_audiences")
        .map_or((role.base.to_owned(), role.span), |p| {
            (p.pointer.clone(), p.span)
        });
    out.push(
        finding(
            codes::VAULT_MISSING_BOUND_AUDIENCES,
            &pointer,
            span,
            "the role has no `bound_audiences`: Vault 1.17 and later refuse every token with an `aud` (`audience claim found in JWT but no audiences bound to the role`), older versions accept a token minted for any audience".to_owned(),
        )
        .help("set `bound_audiences` to the audience the workflow requests (e.g. `https://github.com/OWNER`, or a name of your own such as `vault`)"),
    );
}
