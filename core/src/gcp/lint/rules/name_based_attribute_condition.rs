//! `name-based-attribute-condition`: a condition that pins an owner, repository, group or
//! workspace by name (`assertion.repository_owner == 'acme'`) and no immutable id. Names
//! can be renamed and then registered by someone else (GitHub's and GitLab's names are
//! reusable; Google's action advises the `*_id` claims: `SECURITY_CONSIDERATIONS.md`).

use super::super::claims::{id_for, names_and_ids};
use super::super::pins::required;
use super::super::{Scope, at_expr, finding, platform};
use crate::codes;
use crate::diagnostic::{Diagnostic, Severity, Source};
use crate::providers::Platform;

pub(crate) fn check(cx: &Scope<'_>, out: &mut Vec<Diagnostic>) {
    let p = cx.input.provider;
    let Some(c) = &p.condition else { return };
    let (Some(expr), Some(platform)) = (&c.expr, platform(cx)) else {
        return;
    };
    let (names, ids) = names_and_ids(platform);
    let pins = required(expr, p);
    if pins.iter().any(|pin| ids.contains(&pin.claim.as_str())) {
        return;
    }
    let classic_sub =
        |v: &String| platform == Platform::GitHub && v.starts_with("repo:") && !v.contains('@');
    let Some(pin) = pins.iter().find(|pin| {
        names.contains(&pin.claim.as_str())
            || (pin.claim == "sub" && pin.values.iter().any(classic_sub))
    }) else {
        return;
    };
    let id = if pin.claim == "sub" {
        "repository_owner_id` and `repository_id"
    } else {
        id_for(&pin.claim)
    };
    out.push(
        at_expr(
            cx,
            finding(
                codes::NAME_BASED_ATTRIBUTE_CONDITION,
                Severity::Warning,
                Source::Providers,
                format!("the attribute condition pins `{}` by name and no immutable id: after a rename the name can be registered by someone else, whose tokens then pass", pin.claim),
            ),
            &c.at,
            pin.range,
        )
        .help(format!("pin `{id}` too (`&& assertion.{} == '...'`), as Google's guide for GitHub advises", id.split('`').next().unwrap_or(id))),
    );
}
