//! `unscoped-attribute-condition`: for an issuer every tenant shares, a condition that pins
//! no tenant claim (owner, group, organization, or a `sub` that names one) admits tokens of
//! every tenant: `assertion.repository_owner_id != ''` is true for every repository on
//! GitHub.

use super::super::claims::{shared, subject_names_tenant, tenant_claims};
use super::super::pins::required;
use super::super::{Scope, at_expr, finding, platform};
use crate::codes;
use crate::diagnostic::{Diagnostic, Severity, Source};

pub(crate) fn check(cx: &Scope<'_>, out: &mut Vec<Diagnostic>) {
    let p = cx.input.provider;
    let (Some(c), Some(issuer)) = (&p.condition, &cx.issuer) else {
        return;
    };
    let (Some(expr), Some(platform)) = (&c.expr, platform(cx)) else {
        return;
    };
    if !shared(issuer) {
        return;
    }
    let tenant = tenant_claims(platform);
    let pins = required(expr, p);
    let scoped = pins.iter().any(|pin| {
        tenant.contains(&pin.claim.as_str())
            || (pin.claim == "sub" && pin.values.iter().all(|v| subject_names_tenant(platform, v)))
    });
    if scoped {
        return;
    }
    out.push(
        at_expr(
            cx,
            finding(
                codes::UNSCOPED_ATTRIBUTE_CONDITION,
                Severity::Warning,
                Source::Providers,
                format!("the attribute condition `{}` pins none of {}, so it admits tokens of every {} tenant", c.source, crate::explain::ticked(tenant.iter().copied().take(3)), platform.name()),
            ),
            &c.at,
            expr.range,
        )
        .help(format!("require the tenant's immutable id with `==`, e.g. `assertion.{} == '...'`", tenant.first().copied().unwrap_or("sub"))),
    );
}
