//! `vault-config-field-on-role`: a field of the mount's configuration written on a role.
//! Vault's role endpoint ignores parameters it does not know (`Endpoint ignored these
//! unrecognized parameters`), so `bound_issuer` there pins nothing.

use super::{Role, finding};
use crate::codes;
use crate::diagnostic::Diagnostic;

pub(super) fn check(role: &Role, out: &mut Vec<Diagnostic>) {
    for p in &role.misplaced {
        out.push(
            finding(
                codes::VAULT_CONFIG_FIELD_ON_ROLE,
                &p.pointer,
                p.span,
                format!(
                    "`{}` is a field of the mount's configuration (`auth/<mount>/config`), not of a role: Vault ignores it here, so it checks nothing",
                    p.name
                ),
            )
            .help(format!("set it with `vault write auth/<mount>/config {}=...`, and remove it from the role", p.name)),
        );
    }
}
