//! The page's parts, one file each. Everything renders through `html!`.

pub mod call_settings;
pub mod claims;
pub mod config_editors;
pub mod copy;
pub mod diagnostics;
pub mod example_picker;
pub mod generate_panel;
pub mod hints;
pub mod inputs;
pub mod lazy_details;
pub mod markdown;
pub mod policy_editor;
pub mod rcp_editor;
pub mod rcp_trace;
pub mod share;
pub mod target_picker;
pub mod target_trace;
pub mod token_generator;
pub mod trace;
pub mod verdict;

use yew::prelude::*;

/// Text with `backticked` parts rendered as code, as the core writes its messages.
pub fn ticked(text: &str) -> Html {
    html! {
        <>
        { for text.split('`').enumerate().map(|(i, part)| {
            if i % 2 == 1 {
                html! { <code>{ part.to_owned() }</code> }
            } else {
                html! { { part.to_owned() } }
            }
        }) }
        </>
    }
}

/// At most `max` characters of `text`, with an ellipsis when cut (long summaries of large
/// policies; the copy buttons keep the whole text).
pub fn clip(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(max) {
        Some((at, _)) => std::borrow::Cow::Owned(format!("{}…", text.get(..at).unwrap_or(text))),
        None => std::borrow::Cow::Borrowed(text),
    }
}

pub use oidc_trust::explain::aws::stage_name;

/// Where a finding is, as a button that marks it when its text is on screen, else as text:
/// `line 3, column 5` in the policy, `RCP 2, line 3, column 5` in an RCP. Other inputs'
/// spans are shown as text.
pub fn place_view(
    places: &crate::state::Places,
    source: oidc_trust::diagnostic::Source,
    document: Option<usize>,
    span: Option<oidc_trust::json::Span>,
    onselect: &Callback<Option<crate::state::Mark>>,
    with_column: bool,
) -> Html {
    let Some(span) = span else {
        return html! {};
    };
    let doc = places.doc(source, document);
    let line = doc.map_or_else(|| format!("line {}", span.line), |d| d.place(span.line));
    let text = if with_column {
        format!("{line}, column {}", span.column)
    } else {
        line
    };
    match doc.filter(|d| places.current(*d)) {
        Some(doc) => {
            let onselect = onselect.clone();
            let onclick = Callback::from(move |_: MouseEvent| {
                onselect.emit(Some(crate::state::Mark::at(span, doc)));
            });
            let title = match doc {
                crate::state::Doc::Policy => "Mark this place in the policy text",
                crate::state::Doc::Rcp(_) => "Mark this place in the RCP's text",
                crate::state::Doc::Config(_) => "Mark this place in its box",
            };
            html! { <button type="button" class="locate place" {onclick} {title}>{ text }</button> }
        }
        None => html! { <span class="place">{ text }</span> },
    }
}

#[cfg(test)]
mod tests {
    use super::clip;

    #[test]
    fn clips_on_character_boundaries() {
        assert_eq!(clip("abc", 5), "abc");
        assert_eq!(clip("abcdef", 3), "abc…");
        assert_eq!(clip("éèêë", 2), "éè…");
    }
}
