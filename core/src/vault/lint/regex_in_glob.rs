//! `vault-regex-in-glob`: a glob value written as a regular expression. Vault's glob
//! (ryanuber/go-glob) knows only `*`; `.`, `?`, `^`, `$`, `[...]`, `(`, `|`, `+` and `\`
//! are literal, so `repo:org/.*` matches nothing GitHub sends (vault-plugin-auth-jwt#218).

use super::{Role, finding, strings, value_pointer};
use crate::codes;
use crate::diagnostic::Diagnostic;

pub(super) fn check(role: &Role, out: &mut Vec<Diagnostic>) {
    if !role.glob {
        return;
    }
    for (i, j, v) in strings(role) {
        let regex = v.contains(".*")
            || v.starts_with('^')
            || v.ends_with('$')
            || v.contains(['?', '[', '(', '|', '\\'])
            || v.contains(".+");
        let Some(b) = role.bound_claims.get(i) else {
            continue;
        };
        if regex {
            out.push(
                finding(
                    codes::VAULT_REGEX_IN_GLOB,
                    &value_pointer(role, i, j),
                    b.span,
                    format!("`{v}` (`bound_claims` `{}`) looks like a regular expression, but Vault's glob knows only `*`: every other character is matched literally", b.claim),
                )
                .help("write the pattern with `*` alone (`repo:org/app:ref:refs/heads/*`), or list the values"),
            );
        }
    }
}
