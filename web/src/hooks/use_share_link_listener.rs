//! Share links opened in the address bar, when the page loads or while it is open.

use gloo::events::EventListener;
use yew::prelude::*;

use crate::inputs::Inputs;
use crate::share;
use crate::state::{Action, State};

/// The share link in the address bar, if there is one: its inputs, or why they cannot be
/// read. A readable link is then removed from the address bar, so a reload shows the saved
/// (possibly edited) inputs rather than the link again.
pub fn take_share_link() -> Option<Result<Inputs, String>> {
    let hash = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    let link = share::decode(&hash).transpose();
    if matches!(link, Some(Ok(_))) {
        clear_fragment();
    }
    link
}

fn clear_fragment() {
    let Some(w) = web_sys::window() else { return };
    let path = w.location().pathname().unwrap_or_default();
    let search = w.location().search().unwrap_or_default();
    if let Ok(h) = w.history() {
        let _ = h.replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("{path}{search}")),
        );
    }
}

/// Opens a share link followed while the page is open (`hashchange`) as
/// [`Action::OpenLink`].
#[hook]
pub fn use_share_link_listener(dispatcher: UseReducerDispatcher<State>) {
    use_effect_with((), move |()| {
        let listener = web_sys::window().map(|w| {
            EventListener::new(&w, "hashchange", move |_| {
                if let Some(link) = take_share_link() {
                    dispatcher.dispatch(Action::OpenLink(link.map(Box::new)));
                }
            })
        });
        move || drop(listener)
    });
}
