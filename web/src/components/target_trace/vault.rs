//! Vault: the role's checks in Vault's order (issuer, subject, audiences, bound claims, the
//! claims read for the identity), each with the role's values and the token's; the token's
//! validity window; the identity a login would get.

use oidc_trust::api::{VaultAnalysis, VaultCheck, VaultCheckOutcome, VaultRoleType};
use serde_json::Value;
use yew::prelude::*;

use super::{At, Found, Row, TargetTraceProps, card, row};

/// A JSON value as Vault's output shows it: a string without quotes.
fn text(v: &Value) -> String {
    v.as_str().map_or_else(|| v.to_string(), str::to_owned)
}

fn check(c: &VaultCheck, ctx: &TargetTraceProps) -> Html {
    let (holds, badge) = match c.outcome {
        VaultCheckOutcome::Matched => (Some(true), "✓"),
        VaultCheckOutcome::NotMatched => (Some(false), "✗ no match"),
        VaultCheckOutcome::Missing => (Some(false), "✗ missing"),
        VaultCheckOutcome::WrongType => (Some(false), "✗ wrong type"),
        VaultCheckOutcome::NotReached => (None, "not reached"),
    };
    let what = if c.claim.is_empty() {
        format!("`{}`", c.field.name())
    } else {
        format!("`{}` · claim `{}`", c.field.name(), c.claim)
    };
    let expected = (!c.expected.is_empty()).then(|| {
        let values: Vec<String> = c.expected.iter().map(text).collect();
        let joined = values.join(" | ");
        if c.glob {
            format!("{joined} (glob)")
        } else {
            joined
        }
    });
    let doc = ctx.places.doc(c.source, None);
    let found = match (&c.found, c.outcome) {
        (_, VaultCheckOutcome::NotReached) => Found::Hidden,
        (Some(v), _) => Found::Value(text(v)),
        (None, _) => Found::Missing,
    };
    row(
        Row {
            holds,
            badge,
            what: &what,
            expected,
            found,
            side: "role",
            near_miss: c.near_miss.as_ref().filter(|_| holds == Some(false)),
            at: c.span.zip(doc).map(|(span, doc)| At { span, doc }),
            children: html! {},
        },
        ctx,
    )
}

/// The card.
pub(super) fn view(a: &VaultAnalysis, ctx: &TargetTraceProps) -> Html {
    let about = html! {
        <>
            if let Some(r) = &a.role {
                <p class="hint">{ format!(
                    "A `{}` role{}; user_claim `{}`.",
                    match r.role_type {
                        VaultRoleType::Jwt => "jwt",
                        VaultRoleType::Oidc => "oidc",
                    },
                    if r.glob { " with glob bound claims" } else { "" },
                    r.user_claim
                ) }</p>
            } else {
                <p class="hint">{ "No role could be read, so nothing was compared (see the verdict)." }</p>
            }
            if let Some(v) = &a.validity {
                <p class="hint validity">{ format!(
                    "Valid from {} to {} ({} s of clock skew allowed).",
                    crate::time::utc(v.not_before),
                    crate::time::utc(v.expires),
                    v.clock_skew
                ) }</p>
            }
        </>
    };
    let identity = a.identity.as_ref().map(|i| html! {
        <>
            <h3>{ "The identity a login gets" }</h3>
            <dl class="facts">
                <dt>{ "alias" }</dt><dd><code>{ i.alias.clone() }</code></dd>
                { for i.metadata.iter().map(|m| html! { <><dt>{ m.key.clone() }</dt><dd><code>{ m.value.clone() }</code></dd></> }) }
                if !i.policies.is_empty() {
                    <dt>{ "policies" }</dt><dd>{ for i.policies.iter().map(|p| html! { <code class="value">{ p.clone() }</code> }) }</dd>
                }
            </dl>
        </>
    });
    let body = html! {
        <>
            <ul class="checks">{ for a.checks.iter().map(|c| check(c, ctx)) }</ul>
            { for identity }
        </>
    };
    card("The role against the token", about, body, "vault")
}
