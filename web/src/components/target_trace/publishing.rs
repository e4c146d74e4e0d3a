//! Trusted publishing: every publisher of the package against the token, field by field in
//! the registry's order (owner, repository, owner id, workflow, environment), the closest
//! one first.

use oidc_trust::api::{PublisherOutcome, PublisherTrace, PublishingAnalysis};
use oidc_trust::diagnostic::Source;
use yew::prelude::*;

use super::{At, Found, Row, TargetTraceProps, card, row};

fn publisher(p: &PublisherTrace, ctx: &TargetTraceProps) -> Html {
    let doc = ctx.places.doc(Source::Policy, None);
    let class = classes!(
        "statement",
        "publisher",
        if p.matched { "applies" } else { "not-applies" },
        p.closest.then_some("closest")
    );
    let title = if p.environment.is_empty() {
        format!("{} · {}", p.repository, p.workflow)
    } else {
        format!(
            "{} · {} · environment {}",
            p.repository, p.workflow, p.environment
        )
    };
    html! {
        <article {class} data-index={p.index.to_string()}>
            <div class="statement-head">
                <span class="statement-name">{ title }</span>
                <span class="badge">{ if p.matched { "matches" } else { "no match" } }</span>
                if p.closest && !p.matched {
                    <span class="closest-label">{ "closest to the token" }</span>
                }
            </div>
            <ul class="checks">
                { for p.checks.iter().map(|c| {
                    let (holds, badge) = match c.outcome {
                        PublisherOutcome::Matched => (Some(true), "✓"),
                        PublisherOutcome::NotMatched => (Some(false), "✗"),
                        PublisherOutcome::Missing => (Some(false), "✗ missing"),
                        PublisherOutcome::NotChecked => (None, "not compared"),
                    };
                    let what = format!(
                        "{} · claim `{}`{}",
                        c.field.name(),
                        c.claim,
                        if c.case_insensitive { " (any letter case)" } else { "" }
                    );
                    row(Row {
                        holds,
                        badge,
                        what: &what,
                        expected: (!c.expected.is_empty()).then(|| c.expected.clone()),
                        found: Found::of(c.found.clone()),
                        side: "publisher",
                        near_miss: c.near_miss.as_ref().filter(|_| holds == Some(false)),
                        at: doc.map(|doc| At { span: c.span, doc }),
                        children: html! {},
                    }, ctx)
                }) }
            </ul>
        </article>
    }
}

/// The card.
pub(super) fn view(a: &PublishingAnalysis, ctx: &TargetTraceProps) -> Html {
    let registry = a.registry.map_or("the registry", |r| r.name());
    let about = html! {
        <p class="hint">{ format!(
            "{} publisher{} on {registry}.",
            a.publishers.len(),
            if a.publishers.len() == 1 { "" } else { "s" }
        ) }</p>
    };
    let mut order: Vec<&PublisherTrace> = a.publishers.iter().collect();
    order.sort_by_key(|p| !(p.matched || p.closest));
    let body = html! { <>{ for order.into_iter().map(|p| publisher(p, ctx)) }</> };
    card(
        "The publishers against the token",
        about,
        body,
        "publishing",
    )
}
