//! What to change: the core's near-miss hints on a refusal, with the differing characters
//! marked and a link to the place in the policy.

use std::rc::Rc;

use oidc_trust::Analysis;
use oidc_trust::Hint;
use oidc_trust::diagnostic::Source;
use yew::prelude::*;

use super::diagnostics::place_view;
use super::ticked;
use super::trace::diff_rows;
use crate::state::{Mark, Places};

/// Hints shown before a "show all" button.
const SHOWN: usize = 10;

/// Props of [`Hints`].
#[derive(Debug, Properties, PartialEq)]
pub struct HintsProps {
    /// The analysis.
    pub analysis: Rc<Analysis>,
    /// Which editor each hint points into, and whether its spans still fit.
    pub places: Places,
    /// Marks a place in the policy or an RCP.
    pub onselect: Callback<Option<Mark>>,
}

/// Characters two strings share at the start.
fn common_chars(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

fn diff_view(h: &Hint) -> Html {
    let (Some(closest), Some(request)) = (&h.closest, &h.request_value) else {
        return html! {};
    };
    let at = h.offset.unwrap_or_else(|| common_chars(request, closest));
    let label = if h.source == Source::Providers {
        "provider"
    } else {
        "policy"
    };
    diff_rows(
        None,
        (request, at),
        (label, closest, at.min(common_chars(request, closest))),
    )
}

/// The hints, if any.
#[component]
pub fn Hints(props: &HintsProps) -> Html {
    let hints = &props.analysis.hints;
    let show_all = use_state(|| false);
    if hints.is_empty() {
        return html! {};
    }
    let limit = if *show_all { usize::MAX } else { SHOWN };
    let more = {
        let show_all = show_all.clone();
        Callback::from(move |_: MouseEvent| show_all.set(true))
    };
    html! {
        <section class="card hints" id="hints" aria-labelledby="hints-title">
            <h2 id="hints-title">{ "What to change" }</h2>
            <ul class="hint-list">
                { for hints.iter().take(limit).map(|h| {
                    let place = place_view(&props.places, h.source, h.document, h.span, &props.onselect, false);
                    html! {
                        <li class="hint-item" data-code={h.code}>
                            <div class="diag-head">
                                <code class="diag-code">{ h.code }</code>
                                <code class="pointer">{ h.pointer.clone() }</code>
                                { place }
                            </div>
                            <p class="hint-message">{ ticked(&h.message) }</p>
                            { diff_view(h) }
                            <p class="hint-fix"><strong>{ "Fix: " }</strong>{ ticked(&h.fix) }</p>
                        </li>
                    }
                }) }
            </ul>
            if hints.len() > limit {
                <button type="button" class="copy more" onclick={more}>
                    { format!("Show all {} hints", hints.len()) }
                </button>
            }
        </section>
    }
}
