//! `expression-without-immutable-id`: a GitHub or GitLab expression that pins no
//! repository, owner or project id, which Entra requires since 2026.

use crate::azure::issuers::{FlexibleIssuer, RuleBreak, refusal_text, rule_breaks};
use crate::azure::lint::{Scope, finding};
use crate::codes;
use crate::diagnostic::Diagnostic;

pub(crate) fn check(cx: &Scope<'_>, out: &mut Vec<Diagnostic>) {
    let c = cx.c;
    let (Some(e), Some(issuer)) = (&c.expression, c.issuer()) else {
        return;
    };
    let (Some(parsed), Some(family)) = (&e.parsed, FlexibleIssuer::of(issuer)) else {
        return;
    };
    if !rule_breaks(issuer, parsed).contains(&RuleBreak::NoImmutableId) {
        return;
    }
    let ids = family
        .required_ids()
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(" or ");
    out.push(
        finding(
            codes::EXPRESSION_WITHOUT_IMMUTABLE_ID,
            format!("the {} expression pins no {ids} with `eq`, which Entra requires so that a reused name cannot match; Entra refuses to save it", family.name()),
            &e.text,
        )
        .help(format!(
            "add ` and claims['{}'] eq '<id>'` with the id from a token's claim; Entra answers `InvalidFederatedIdentityCredentialValue`: {}",
            family.required_ids().first().copied().unwrap_or("sub"),
            refusal_text(issuer, &e.text.value)
        )),
    );
}
