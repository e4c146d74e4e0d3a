//! `vault-number-for-string-claim`: a number or boolean bound to a claim that CI platforms
//! send as a JSON string (GitHub's and GitLab's ids, `ref_protected`). Vault compares with
//! Go's `==` on the decoded values, so `20` never equals `"20"`.

use super::{Role, finding};
use crate::codes;
use crate::diagnostic::Diagnostic;
use crate::vault::claims::BoundValue;

/// Claims GitHub Actions and GitLab CI send as strings that look like numbers or booleans
/// (semantics reference, section 0; GitLab's `runner_id` is a number and is not listed).
const STRING_CLAIMS: &[&str] = &[
    "actor_id",
    "check_run_id",
    "enterprise_id",
    "environment_protected",
    "job_id",
    "namespace_id",
    "pipeline_id",
    "project_id",
    "ref_protected",
    "repository_id",
    "repository_owner_id",
    "run_attempt",
    "run_id",
    "run_number",
    "user_id",
];

pub(super) fn check(role: &Role, out: &mut Vec<Diagnostic>) {
    for b in &role.bound_claims {
        let name = b.claim.trim_start_matches('/');
        if !STRING_CLAIMS.contains(&name) {
            continue;
        }
        for v in b.values.iter().flatten() {
            let shown = match v {
                BoundValue::Num(n) => n.clone(),
                BoundValue::Bool(x) => x.to_string(),
                _ => continue,
            };
            out.push(
                finding(
                    codes::VAULT_NUMBER_FOR_STRING_CLAIM,
                    &b.pointer,
                    b.span,
                    format!("`bound_claims` `{}` is `{shown}`, a JSON {}, but CI platforms send `{name}` as a string, and Vault never matches `{shown}` with `\"{shown}\"`", b.claim, if matches!(v, BoundValue::Num(_)) { "number" } else { "boolean" }),
                )
                .help(format!("quote the value: `\"{shown}\"`")),
            );
        }
    }
}
