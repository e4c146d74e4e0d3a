//! The findings about the inputs, each with its code's documentation.

use std::rc::Rc;

use oidc_trust::codes;
use oidc_trust::diagnostic::Source;
use oidc_trust::{Analysis, Severity};
use yew::prelude::*;

use super::lazy_details::LazyDetails;
use crate::state::Mark;

/// Findings shown before a "show all" button.
const SHOWN: usize = 40;

/// Props of [`Diagnostics`].
#[derive(Debug, Properties, PartialEq)]
pub struct DiagnosticsProps {
    /// The analysis.
    pub analysis: Rc<Analysis>,
    /// Whether policy spans still point into the editor's text.
    pub spans_current: bool,
    /// Marks a place in the policy.
    pub onselect: Callback<Option<Mark>>,
}

fn has_docs(code: &str) -> bool {
    codes::code(code).is_some()
}

/// What a code means: its summary, and a lint's documentation page.
pub fn code_docs(code: &str) -> Option<Html> {
    let c = codes::code(code)?;
    Some(html! {
        <>
            <p class="doc-summary">{ super::ticked(c.summary) }</p>
            { for c.docs.map(super::markdown::render) }
        </>
    })
}

fn source_name(s: Source) -> &'static str {
    match s {
        Source::Request => "request",
        Source::Token => "token",
        Source::Policy => "policy",
        Source::Providers => "provider settings",
        Source::Call => "call parameters",
        Source::Rcp => "resource control policy",
    }
}

/// The list of diagnostics.
#[component]
pub fn Diagnostics(props: &DiagnosticsProps) -> Html {
    let ds = &props.analysis.diagnostics;
    let show_all = use_state(|| false);
    let limit = if *show_all { usize::MAX } else { SHOWN };
    let more = {
        let show_all = show_all.clone();
        Callback::from(move |_: MouseEvent| show_all.set(true))
    };
    html! {
        <section class="card diagnostics" id="diagnostics" aria-labelledby="diagnostics-title">
            <h2 id="diagnostics-title">{ format!("Findings ({})", ds.len()) }</h2>
            if ds.is_empty() {
                <p class="hint">{ "Nothing to report about the inputs." }</p>
            }
            <ul class="diagnostic-list">
                { for ds.iter().take(limit).map(|d| {
                    let (class, label) = match d.severity {
                        Severity::Error => ("error", "error"),
                        Severity::Warning => ("warning", "warning"),
                        Severity::Info => ("info", "info"),
                    };
                    let place = d.span.filter(|_| d.source == Source::Policy && props.spans_current).map(|span| {
                        let onselect = props.onselect.clone();
                        let onclick = Callback::from(move |_: MouseEvent| onselect.emit(Some(Mark::from(span))));
                        html! {
                            <button type="button" class="locate place" {onclick} title="Mark this place in the policy text">
                                { format!("line {}, column {}", span.line, span.column) }
                            </button>
                        }
                    });
                    let place_text = d.span.filter(|_| place.is_none()).map(|span| {
                        html! { <span class="place">{ format!("line {}, column {}", span.line, span.column) }</span> }
                    });
                    html! {
                        <li class={classes!("diagnostic", class)} data-code={d.code}>
                            <div class="diag-head">
                                <span class="badge">{ label }</span>
                                <code class="diag-code">{ d.code }</code>
                                <span class="diag-source">{ format!("in the {}", source_name(d.source)) }</span>
                                { place.unwrap_or_default() }
                                { place_text.unwrap_or_default() }
                            </div>
                            <p class="diag-message">{ super::ticked(&d.message) }</p>
                            if let Some(help) = &d.help {
                                <p class="diag-help">{ super::ticked(help) }</p>
                            }
                            if has_docs(d.code) {
                                <LazyDetails class="diag-docs" summary={format!("About {}", d.code)}
                                    content={
                                        let code = d.code;
                                        Callback::from(move |()| code_docs(code).unwrap_or_default())
                                    } />
                            }
                        </li>
                    }
                }) }
            </ul>
            if ds.len() > limit {
                <button type="button" class="copy more" onclick={more}>
                    { format!("Show all {} findings", ds.len()) }
                </button>
            }
        </section>
    }
}
