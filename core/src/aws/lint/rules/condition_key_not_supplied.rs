//! `condition-key-not-supplied`: a condition on `<provider>:<claim>` where AWS supplies no
//! such key for the provider's issuer, so the condition is constant. The analysis reports
//! it through this rule too (with the token's issuer as the provider), so `lintPolicy` and
//! `analyze` say the same.

use crate::aws::lint::common::{Scope, finding};
use crate::aws::policy::SetQualifier;
use crate::codes;
use crate::diagnostic::Diagnostic;

pub(crate) fn check(cx: &Scope<'_>, out: &mut Vec<Diagnostic>) {
    if !cx.web_identity {
        return;
    }
    for c in &cx.st.conditions {
        let (prefix, claim) = c.prefix_and_claim();
        let Some(p) = cx
            .trusted
            .iter()
            .find(|p| p.url.eq_ignore_ascii_case(prefix))
        else {
            continue;
        };
        let mut exposed = p.issuer.kind.exposed_claims(cx.options.provider_claims);
        if exposed.any(|e| e.eq_ignore_ascii_case(claim)) {
            continue;
        }
        let then = if c.operator.is_some_and(|o| {
            o.base.negated() || o.if_exists || o.set == Some(SetQualifier::ForAllValues)
        }) {
            "true"
        } else {
            "false"
        };
        let supplied: Vec<String> = p
            .issuer
            .kind
            .exposed_claims(cx.options.provider_claims)
            .map(|e| format!("`{}:{e}`", p.url))
            .collect();
        out.push(
            finding(
                codes::CONDITION_KEY_NOT_SUPPLIED,
                format!("`{}` is not a key AWS supplies for this issuer, so the condition on it is always {then}", c.key),
            )
            .at(&c.pointer, Some(c.span))
            .help(format!("AWS supplies {}", supplied.join(", "))),
        );
    }
}
