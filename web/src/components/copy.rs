//! A copy-to-clipboard button that says whether it worked.

use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

/// Props of [`CopyButton`].
#[derive(Debug, Properties, PartialEq)]
pub struct CopyButtonProps {
    /// What to copy.
    #[prop_or_default]
    pub text: AttrValue,
    /// Computes what to copy on click, instead of `text` (for large outputs).
    #[prop_or_default]
    pub lazy: Option<Callback<(), String>>,
    /// The button text.
    #[prop_or(AttrValue::Static("Copy"))]
    pub label: AttrValue,
    /// Optional id.
    #[prop_or_default]
    pub id: Option<AttrValue>,
}

/// A button that copies `text`.
#[component]
pub fn CopyButton(props: &CopyButtonProps) -> Html {
    let status = use_state(|| None::<&'static str>);
    let onclick = {
        let text = props.text.clone();
        let lazy = props.lazy.clone();
        let status = status.clone();
        Callback::from(move |_: MouseEvent| {
            let text = lazy
                .as_ref()
                .map_or_else(|| text.to_string(), |f| f.emit(()));
            let Some(window) = web_sys::window() else {
                status.set(Some("Copy failed"));
                return;
            };
            let promise = window.navigator().clipboard().write_text(&text);
            let status = status.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let ok = JsFuture::from(promise).await.is_ok();
                status.set(Some(if ok { "Copied" } else { "Copy failed" }));
                gloo::timers::callback::Timeout::new(1500, move || status.set(None)).forget();
            });
        })
    };
    html! {
        <button type="button" class="copy" id={props.id.clone()} aria-live="polite" {onclick}>
            { status.map_or_else(|| props.label.to_string(), str::to_owned) }
        </button>
    }
}
