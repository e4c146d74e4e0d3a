//! Security lints for Vault JWT roles: one file per rule, each a `check` over the role.
//! Ids, levels and summaries are in [`crate::codes`]; the pages in `core/docs/lints/`.
//! `vault-config-field-on-role` comes from what the reader found (`emittedBy: reader`).

use super::role::Role;
use crate::diagnostic::{Diagnostic, Source};
use crate::json::Span;

mod config_field_on_role;
mod glob_over_repository;
mod literal_wildcard;
mod missing_bound_audiences;
mod number_for_string_claim;
mod regex_in_glob;
mod role_without_bound_claims;
mod shared_user_claim;

/// The rules, in the order their findings are reported.
const RULES: [fn(&Role, &mut Vec<Diagnostic>); 8] = [
    config_field_on_role::check,
    role_without_bound_claims::check,
    missing_bound_audiences::check,
    glob_over_repository::check,
    regex_in_glob::check,
    literal_wildcard::check,
    number_for_string_claim::check,
    shared_user_claim::check,
];

/// Every lint finding on a role.
pub fn run(role: &Role) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for rule in RULES {
        rule(role, &mut out);
    }
    out
}

/// A finding of `code` about the role, at `pointer`.
fn finding(code: &'static str, pointer: &str, span: Span, message: String) -> Diagnostic {
    Diagnostic::of_code(code, Source::Policy, message).at(pointer, Some(span))
}

/// The role's string bound values: (claim index, value index, value).
fn strings(role: &Role) -> impl Iterator<Item = (usize, usize, &str)> {
    role.bound_claims.iter().enumerate().flat_map(|(i, b)| {
        b.values
            .iter()
            .flatten()
            .enumerate()
            .filter_map(move |(j, v)| match v {
                super::claims::BoundValue::Str(s) => Some((i, j, s.as_str())),
                _ => None,
            })
    })
}

/// The pointer to one value of a bound claim (the entry itself when it is not a list).
fn value_pointer(role: &Role, claim: usize, value: usize) -> String {
    let Some(b) = role.bound_claims.get(claim) else {
        return String::new();
    };
    match &b.values {
        Ok(v) if v.len() == 1 => b.pointer.clone(),
        _ => format!("{}/{value}", b.pointer),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_vault_lint_code_has_a_rule() {
        let vault = crate::codes::of_kind(crate::codes::CodeKind::Lint)
            .filter(|c| c.id.starts_with("vault-"))
            .count();
        assert_eq!(vault, RULES.len());
    }
}
