//! The page's parts, one file each. Everything renders through `html!`.

pub mod call_settings;
pub mod claims;
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
