//! `unscoped-shared-provider`: AWS refuses to save a policy that trusts a shared OIDC
//! provider without constraining the claim its guardrail requires, or a built-in provider
//! (Google, Amazon, Facebook) without a `StringEquals` on its application id (see
//! `guardrail`).

use crate::aws::lint::common::{Scope, finding};
use crate::aws::lint::guardrail;
use crate::codes;
use crate::diagnostic::Diagnostic;
use crate::providers::IssuerKind;

pub(crate) fn check(cx: &Scope<'_>, out: &mut Vec<Diagnostic>) {
    if !cx.web_identity {
        return;
    }
    for p in &cx.trusted {
        if let Some(m) = guardrail::check(cx.st, p.principal, p.url) {
            out.push(
                finding(
                    codes::UNSCOPED_SHARED_PROVIDER,
                    format!(
                        "this policy cannot be saved: IAM answers `MalformedPolicyDocument: {m}`"
                    ),
                )
                .at(&cx.st.pointer, Some(cx.st.span))
                .help(help(p.url)),
            );
        }
    }
}

fn help(url: &str) -> String {
    let app_id = match IssuerKind::built_in_named(url) {
        Some(IssuerKind::Google) => Some("aud"),
        Some(IssuerKind::Amazon | IssuerKind::Facebook) => Some("app_id"),
        _ => None,
    };
    if let Some(claim) = app_id {
        return format!(
            "add `\"StringEquals\": {{\"{url}:{claim}\": \"<your application's client id>\"}}`"
        );
    }
    match guardrail::rule_for(url) {
        Some(r) if r.keys.contains(&"job_workflow_ref") => format!(
            "add a `StringEquals` or `StringLike` condition on `{url}:sub` naming the repository and ref you trust (or pin `{url}:job_workflow_ref`); its first value must not be blank or start with `*`"
        ),
        Some(r) => {
            let key = r.keys.first().copied().unwrap_or("sub");
            let key = if key.contains(':') {
                key.to_owned()
            } else {
                format!("{url}:{key}")
            };
            format!(
                "add a `StringEquals` or `StringLike` condition on `{key}` whose first value is not `*`"
            )
        }
        None => String::new(),
    }
}
