//! The share link: policy and settings in the URL fragment; the token only when ticked.

use js_sys::{Function, Promise, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

use super::copy::CopyButton;
use crate::inputs::Inputs;

/// The page's address without its fragment.
fn page_address() -> String {
    web_sys::window()
        .and_then(|w| {
            let l = w.location();
            Some(format!("{}{}", l.origin().ok()?, l.pathname().ok()?))
        })
        .unwrap_or_default()
}

/// `text` compressed with raw DEFLATE by the browser (`window.oidcTrustDeflate` in
/// boot.js, over `CompressionStream`); `None` where the browser has no such stream.
async fn deflate(text: &str) -> Option<Vec<u8>> {
    let window = web_sys::window()?;
    let f: Function = Reflect::get(&window, &JsValue::from_str("oidcTrustDeflate"))
        .ok()?
        .dyn_into()
        .ok()?;
    let promise: Promise = f
        .call1(&window, &JsValue::from_str(text))
        .ok()?
        .dyn_into()
        .ok()?;
    let bytes = JsFuture::from(promise).await.ok()?;
    Some(Uint8Array::new(&bytes).to_vec())
}

/// The share link for `inputs`: compressed (`#v2=`) where the browser can, else `#v1=`.
async fn share_link(inputs: &Inputs, include_token: bool) -> String {
    let json = crate::share::json(inputs, include_token);
    let fragment = match deflate(&json).await {
        Some(packed) => crate::share::fragment(&packed),
        None => crate::share::fragment_v1(&json),
    };
    format!("{}#{fragment}", page_address())
}

/// Props of [`SharePanel`].
#[derive(Debug, Properties, PartialEq)]
pub struct SharePanelProps {
    /// The inputs to share.
    pub inputs: Inputs,
    /// Whether the token is included.
    pub include_token: bool,
    /// Ticks or unticks the token box.
    pub ontoggle: Callback<bool>,
}

/// Share link, with the credential warning.
#[component]
pub fn SharePanel(props: &SharePanelProps) -> Html {
    // The link is made off the render (the browser compresses asynchronously); while a
    // newer one is being made, the field says so (`data-pending`), and an older one that
    // finishes late is dropped.
    let link = use_state(|| AttrValue::Static(""));
    let pending = use_state(|| true);
    let made = use_mut_ref(|| 0u64);
    {
        let (link, pending, made) = (link.clone(), pending.clone(), made.clone());
        use_effect_with(
            (props.inputs.clone(), props.include_token),
            move |(inputs, include_token)| {
                let n = {
                    let mut m = made.borrow_mut();
                    *m += 1;
                    *m
                };
                pending.set(true);
                let (inputs, include_token) = (inputs.clone(), *include_token);
                wasm_bindgen_futures::spawn_local(async move {
                    let l = share_link(&inputs, include_token).await;
                    if *made.borrow() == n {
                        link.set(AttrValue::from(l));
                        pending.set(false);
                    }
                });
            },
        );
    }
    let ontoggle = props.ontoggle.clone();
    let onchange = Callback::from(move |e: Event| {
        if let Some(i) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
            ontoggle.emit(i.checked());
        }
    });
    html! {
        <section class="card share" id="share" aria-labelledby="share-title">
            <h2 id="share-title">{ "Share" }</h2>
            <p class="hint">{ "The link keeps everything after the #, which browsers never send to a server." }</p>
            <label class="check warning" for="share-token">
                <input type="checkbox" id="share-token" checked={props.include_token} {onchange} />
                <span>
                    <strong>{ "Include the token." }</strong>
                    { " A token is a credential: anyone with the link can read its claims. Its signature is removed, so the link cannot be used to get AWS credentials." }
                </span>
            </label>
            <div class="share-row">
                <label for="share-link" class="visually-hidden">{ "Share link" }</label>
                <input id="share-link" type="text" readonly=true value={(*link).clone()}
                    data-pending={pending.to_string()} />
                <CopyButton text={(*link).clone()} label="Copy link" id="copy-link" />
            </div>
        </section>
    }
}
