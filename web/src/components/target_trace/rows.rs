//! The rows every target's trace card is made of.

use oidc_trust::api::NearMiss;
use oidc_trust::json::Span;
use yew::prelude::*;

use super::TargetTraceProps;
use crate::components::trace::diff_rows;
use crate::state::{Doc, Mark};

/// Where a row's value is: a span in one of the boxes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct At {
    /// The span.
    pub span: Span,
    /// The box.
    pub doc: Doc,
}

/// The token's side of a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Found {
    /// Not shown (the row is not a comparison with the token).
    Hidden,
    /// The token lacks the claim.
    Missing,
    /// The token's value, as compared.
    Value(String),
}

impl Found {
    /// The token's value, or that it lacks the claim.
    pub fn of(v: Option<String>) -> Self {
        v.map_or(Found::Missing, Found::Value)
    }
}

/// What a row shows.
pub(crate) struct Row<'a> {
    /// Whether the check held (`None`: not decided or not reached).
    pub holds: Option<bool>,
    /// The badge's word.
    pub badge: &'a str,
    /// What was checked (`issuer`, a clause as written).
    pub what: &'a str,
    /// The configured value(s), if shown.
    pub expected: Option<String>,
    /// The token's side.
    pub found: Found,
    /// What the configured side is called (`credential`, `role`, `publisher`).
    pub side: &'a str,
    /// Where they part ways.
    pub near_miss: Option<&'a NearMiss>,
    /// Where the configured value is.
    pub at: Option<At>,
    /// Clauses under it (Google's condition).
    pub children: Html,
}

fn class(holds: Option<bool>) -> &'static str {
    match holds {
        Some(true) => "ok",
        Some(false) => "fail",
        None => "unknown",
    }
}

/// One check, with its near miss when it failed and a button that marks its place.
pub(crate) fn row(r: Row<'_>, ctx: &TargetTraceProps) -> Html {
    let place = r.at.filter(|a| ctx.places.current(a.doc)).map(|a| {
        let onselect = ctx.onselect.clone();
        let mark = Mark::at(a.span, a.doc);
        let pressed = ctx.selected == Some(mark);
        let onclick = Callback::from(move |_: MouseEvent| {
            onselect.emit((!pressed).then_some(mark));
        });
        html! {
            <button type="button" class="locate place" aria-pressed={pressed.to_string()} {onclick}
                title="Mark this place in its box">{ a.doc.place(a.span.line) }</button>
        }
    });
    let folded = r.holds == Some(true) && r.near_miss.is_none();
    html! {
        <li class={classes!("check", class(r.holds), folded.then_some("folded"))}>
            <span class="badge">{ r.badge.to_owned() }</span>
            <span class="check-what">{ crate::components::ticked(r.what) }</span>
            if let Some(e) = &r.expected {
                <span class="check-detail">{ format!(" {} ", r.side) }<code>{ e.clone() }</code></span>
            }
            if !folded {
                { match &r.found {
                    Found::Hidden => html! {},
                    Found::Missing => html! { <span class="check-detail">{ " · token " }<em>{ "no such claim" }</em></span> },
                    Found::Value(v) => html! { <span class="check-detail">{ " · token " }<code>{ v.clone() }</code></span> },
                } }
            }
            { for place }
            if let Some(nm) = r.near_miss {
                { diff_rows(
                    Some(format!("They part ways at character {}", nm.offset + 1)),
                    (&nm.request_value, nm.offset),
                    (r.side, &nm.value, nm.value_offset),
                ) }
            }
            { r.children }
        </li>
    }
}

/// The card: a title, what it is about, and the target's rows.
pub(crate) fn card(title: &str, about: Html, body: Html, target: &str) -> Html {
    html! {
        <section class="card trace target-trace" id="trace" data-target={target.to_owned()} aria-labelledby="trace-title">
            <h2 id="trace-title">{ title.to_owned() }</h2>
            { about }
            { body }
        </section>
    }
}
