//! `wildcard-principal`: `"Principal": "*"` (or a `Federated` `*`) on a statement a web
//! identity can use trusts every OIDC provider of the account.

use crate::aws::lint::common::{Scope, finding};
use crate::codes;
use crate::diagnostic::Diagnostic;

pub(crate) fn check(cx: &Scope<'_>, out: &mut Vec<Diagnostic>) {
    if !cx.web_identity || !cx.st.principal.is_wildcard() {
        return;
    }
    out.push(
        finding(
            codes::WILDCARD_PRINCIPAL,
            "the statement trusts every principal (`*`): a token from any OIDC provider of the account whose claims pass the conditions can assume the role".to_owned(),
        )
        .at(&format!("{}/Principal", cx.st.pointer), Some(cx.st.span))
        .help("name the provider: `\"Principal\": {\"Federated\": \"arn:aws:iam::<account>:oidc-provider/<issuer>\"}`"),
    );
}
