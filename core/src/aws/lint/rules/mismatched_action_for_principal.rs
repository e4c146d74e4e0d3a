//! `mismatched-action-for-principal`: a statement trusts an OIDC provider but not for
//! `sts:AssumeRoleWithWebIdentity`.

use crate::aws::lint::common::{Scope, finding};
use crate::codes;
use crate::diagnostic::Diagnostic;

pub(crate) fn check(cx: &Scope<'_>, out: &mut Vec<Diagnostic>) {
    let Some(first) = cx.trusted.first() else {
        return;
    };
    if !cx.allow || cx.web_identity {
        return;
    }
    out.push(
        finding(
            codes::MISMATCHED_ACTION_FOR_PRINCIPAL,
            format!(
                "statement trusts the OIDC provider `{}` but does not allow `sts:AssumeRoleWithWebIdentity`, so it never applies to a web-identity token",
                first.principal
            ),
        )
        .at(&cx.st.pointer, Some(cx.st.span))
        .help("OIDC providers are trusted with `\"Action\": \"sts:AssumeRoleWithWebIdentity\"`; `sts:AssumeRole` is for AWS principals"),
    );
}
