//! `vault-role-without-bound-claims`: a `jwt` role that checks neither `bound_claims` nor
//! `bound_subject`. Its only constraints are the audience (which a GitHub workflow chooses
//! itself) and perhaps `token_bound_cidrs`.

use super::{Role, finding};
use crate::codes;
use crate::diagnostic::Diagnostic;
use crate::vault::role::RoleType;

pub(super) fn check(role: &Role, out: &mut Vec<Diagnostic>) {
    if role.role_type != RoleType::Jwt
        || !role.bound_claims.is_empty()
        || !role.bound_subject.is_empty()
    {
        return;
    }
    let (pointer, span) = role
        .place("bound_claims")
        .map_or((role.base.to_owned(), role.span), |p| {
            (p.pointer.clone(), p.span)
        });
    out.push(
        finding(
            codes::VAULT_ROLE_WITHOUT_BOUND_CLAIMS,
            &pointer,
            span,
            "the role has neither `bound_claims` nor `bound_subject`, so every token of the mount's issuer with an accepted audience logs in, from any repository or project".to_owned(),
        )
        .help("bind the repository and what ran: e.g. `bound_claims` `{\"repository_id\": \"...\", \"ref\": \"refs/heads/main\"}`"),
    );
}
