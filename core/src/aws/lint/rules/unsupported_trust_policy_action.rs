//! `unsupported-trust-policy-action`: an action IAM refuses in a role trust policy.

use crate::aws::lint::common::{Scope, finding};
use crate::codes;
use crate::diagnostic::Diagnostic;

/// Actions AWS accepts in a role trust policy, spelled exactly. AWS refused `sts:*` and
/// `STS:assumerolewithwebidentity` (semantics reference 3.2); the list of accepted ones
/// is the STS actions that take a role as their resource (UNCONFIRMED beyond the three
/// assume actions and `sts:TagSession`).
const TRUST_ACTIONS: &[&str] = &[
    "sts:AssumeRole",
    "sts:AssumeRoleWithSAML",
    "sts:AssumeRoleWithWebIdentity",
    "sts:TagSession",
    "sts:SetSourceIdentity",
    "sts:SetContext",
];

pub(crate) fn check(cx: &Scope<'_>, out: &mut Vec<Diagnostic>) {
    let st = cx.st;
    if st.action.negated {
        return;
    }
    for a in &st.action.patterns {
        if TRUST_ACTIONS.contains(&a.as_str()) {
            continue;
        }
        let help = TRUST_ACTIONS
            .iter()
            .find(|t| t.eq_ignore_ascii_case(a))
            .map_or_else(
                || "list the actions by name: `sts:AssumeRoleWithWebIdentity` (and `sts:TagSession` for session tags)".to_owned(),
                |t| format!("write `{t}`: the trust-policy check compares action names exactly"),
            );
        out.push(
            finding(
                codes::UNSUPPORTED_TRUST_POLICY_ACTION,
                format!("`{a}` is not accepted in a role trust policy: IAM answers `MalformedPolicyDocument: AssumeRole policy may only specify STS AssumeRole actions.`"),
            )
            .at(&format!("{}/Action", st.pointer), Some(st.span))
            .help(help),
        );
    }
}
