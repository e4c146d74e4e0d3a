//! `pool-wide-principal-set`: `principalSet://.../workloadIdentityPools/POOL/*` grants every
//! identity of the pool, whichever provider (and whichever repository) it came from:
//! "Never use a "*" in an IAM Binding unless you absolutely know what you are doing!"
//! (google-github-actions/auth `SECURITY_CONSIDERATIONS.md`).

use super::super::{Scope, finding};
use crate::codes;
use crate::diagnostic::{Diagnostic, Severity, Source};
use crate::gcp::iam::Principal;

pub(crate) fn check(cx: &Scope<'_>, out: &mut Vec<Diagnostic>) {
    let Some(policy) = cx.input.policy else {
        return;
    };
    for b in &policy.bindings {
        for m in &b.members {
            if !matches!(m.principal, Some((_, Principal::All))) {
                continue;
            }
            out.push(
                finding(
                    codes::POOL_WIDE_PRINCIPAL_SET,
                    Severity::Warning,
                    Source::Policy,
                    format!("`{}` grants `{}` to every identity of the pool: every provider's, every repository's the condition lets in", m.text, b.role),
                )
                .at(&m.pointer, Some(m.span))
                .help("grant one repository: `principalSet://iam.googleapis.com/projects/NUMBER/locations/global/workloadIdentityPools/POOL/attribute.repository_id/REPOSITORY_ID` (map `attribute.repository_id` from `assertion.repository_id`)"),
            );
        }
    }
}
