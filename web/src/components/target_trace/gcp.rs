//! Google Cloud: the provider's issuer and audiences, each attribute mapping with its value,
//! the attribute condition clause by clause (each clause with its value, and the token's
//! values it compared), the identity the token became, and the IAM policy's members.

use oidc_trust::api::GcpAnalysis;
use oidc_trust::diagnostic::Source;
use oidc_trust::explain::gcp::{CelClauseTrace, CelOutcome, MemberOutcome};
use yew::prelude::*;

use super::{At, Found, Row, TargetTraceProps, card, row};

fn holds(o: CelOutcome) -> Option<bool> {
    match o {
        CelOutcome::True => Some(true),
        CelOutcome::False => Some(false),
        CelOutcome::Value | CelOutcome::Error | CelOutcome::Unsupported => None,
    }
}

/// What a clause or mapping came to, for its badge: its value, the error, or why not.
fn badge(outcome: CelOutcome, value: Option<&String>, error: Option<&String>) -> String {
    match (outcome, value, error) {
        (CelOutcome::Unsupported, _, _) => "not modelled".to_owned(),
        (_, _, Some(e)) => format!("error: {e}"),
        (_, Some(v), None) => v.clone(),
        (_, None, None) => "no value".to_owned(),
    }
}

fn clause(c: &CelClauseTrace, ctx: &TargetTraceProps) -> Html {
    let doc = ctx.places.doc(Source::Providers, None);
    let found = (!c.operands.is_empty()).then(|| {
        c.operands
            .iter()
            .map(|o| {
                let v = o
                    .value
                    .clone()
                    .or_else(|| o.error.as_ref().map(|e| format!("error: {e}")))
                    .unwrap_or_default();
                format!("{} = {v}", o.text)
            })
            .collect::<Vec<_>>()
            .join(", ")
    });
    let b = badge(c.outcome, c.value.as_ref(), c.error.as_ref());
    let children = if c.clauses.is_empty() {
        html! {}
    } else {
        html! { <ul class="checks clauses">{ for c.clauses.iter().map(|k| clause(k, ctx)) }</ul> }
    };
    let leaf = c.clauses.is_empty();
    html! {
        <div class={classes!("cel-clause", c.decisive.then_some("decisive"))} data-value={c.value.clone().unwrap_or_default()}>
            { row(Row {
                holds: holds(c.outcome),
                badge: &b,
                what: &format!("`{}`", c.text),
                expected: None,
                found: match found {
                    Some(f) if leaf => Found::Value(f),
                    _ => Found::Hidden,
                },
                side: "condition",
                near_miss: c.near_miss.as_ref(),
                at: doc.map(|doc| At { span: c.span, doc }),
                children,
            }, ctx) }
        </div>
    }
}

fn member_outcome(o: MemberOutcome) -> (&'static str, Option<bool>) {
    match o {
        MemberOutcome::Granted => ("grants the identity", Some(true)),
        MemberOutcome::Conditional => ("names it, under an IAM condition (not modelled)", None),
        MemberOutcome::OtherRole => ("names it, for another role", Some(false)),
        MemberOutcome::OtherIdentity => ("other identities of the pool", Some(false)),
        MemberOutcome::OtherPool => ("another pool", Some(false)),
        MemberOutcome::NotFederated => ("not a federated member", None),
    }
}

/// The card.
pub(super) fn view(a: &GcpAnalysis, ctx: &TargetTraceProps) -> Html {
    let t = &a.trace;
    let about = html! {
        <dl class="facts">
            if let Some(p) = &t.provider { <dt>{ "provider" }</dt><dd><code>{ p.clone() }</code></dd> }
            if let Some(i) = &t.issuer_uri { <dt>{ "issuer" }</dt><dd><code>{ i.clone() }</code></dd> }
            if let Some(aud) = &t.sts_audience {
                <dt>{ "STS audience" }</dt>
                <dd><code>{ aud.clone() }</code>{ if t.sts_audience_derived { " (the provider's own, as google-github-actions/auth sends it)" } else { "" } }</dd>
            }
            if !t.accepted_audiences.is_empty() {
                <dt>{ "accepted audiences" }</dt>
                <dd>{ for t.accepted_audiences.iter().map(|x| html! { <code class="value">{ x.clone() }</code> }) }</dd>
            }
        </dl>
    };
    let mappings = html! {
        if !t.mappings.is_empty() {
            <h3>{ "Attribute mapping" }</h3>
            <ul class="checks mappings">
                { for t.mappings.iter().map(|m| {
                    let b = badge(m.outcome, m.value.as_ref(), m.error.as_ref());
                    let ok = m.error.is_none() && m.outcome != CelOutcome::Unsupported;
                    row(Row {
                        holds: Some(ok),
                        badge: if ok { "✓" } else { "✗" },
                        what: &format!("`{}` = `{}`", m.target, m.expression),
                        expected: Some(match m.bytes {
                            Some(n) => format!("{b} ({n} bytes)"),
                            None => b,
                        }),
                        found: Found::Hidden,
                        side: "→",
                        near_miss: None,
                        at: None,
                        children: html! {},
                    }, ctx)
                }) }
            </ul>
        }
    };
    let condition = match (&t.condition, &t.condition_expression) {
        (Some(c), _) => html! {
            <>
                <h3>{ "Attribute condition, clause by clause" }</h3>
                <ul class="checks condition">{ clause(c, ctx) }</ul>
            </>
        },
        (None, Some(_)) => {
            html! { <p class="hint">{ "The attribute condition was not evaluated (see the stages)." }</p> }
        }
        (None, None) => {
            html! { <p class="hint">{ "No attribute condition: every token the mapping reads is admitted." }</p> }
        }
    };
    let identity = t.identity.as_ref().map(|i| html! {
        <>
            <h3>{ "The federated identity" }</h3>
            <dl class="facts">
                <dt>{ "google.subject" }</dt><dd><code>{ i.subject.clone() }</code></dd>
                if let Some(p) = &i.principal { <dt>{ "principal" }</dt><dd><code>{ p.clone() }</code></dd> }
                { for i.attributes.iter().map(|at| html! {
                    <><dt>{ format!("attribute.{}", at.name) }</dt><dd>{ for at.values.iter().map(|v| html! { <code class="value">{ v.clone() }</code> }) }</dd></>
                }) }
            </dl>
        </>
    });
    let binding = t.binding.as_ref().map(|b| {
        html! {
            <>
                <h3>{ format!("IAM policy (role {})", b.roles.join(" or ")) }</h3>
                <ul class="checks members">
                    { for b.members.iter().map(|m| {
                        let (word, ok) = member_outcome(m.outcome);
                        row(Row {
                            holds: ok,
                            badge: word,
                            what: &format!("`{}`", m.role),
                            expected: Some(m.member.clone()),
                            found: Found::Hidden,
                            side: "member",
                            near_miss: None,
                            at: None,
                            children: html! {},
                        }, ctx)
                    }) }
                </ul>
            </>
        }
    });
    let body = html! { <>{ mappings }{ condition }{ for identity }{ for binding }</> };
    card("The provider against the token", about, body, "gcp")
}
