//! The share link: policy and settings in the URL fragment; the token only when ticked.

use yew::prelude::*;

use super::copy::CopyButton;
use crate::inputs::Inputs;

/// The page's address with the inputs in the fragment.
pub fn share_link(inputs: &Inputs, include_token: bool) -> String {
    let base = web_sys::window()
        .and_then(|w| {
            let l = w.location();
            Some(format!("{}{}", l.origin().ok()?, l.pathname().ok()?))
        })
        .unwrap_or_default();
    format!("{base}#{}", crate::share::encode(inputs, include_token))
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
    let link = use_memo(
        (props.inputs.clone(), props.include_token),
        |(inputs, include_token)| AttrValue::from(share_link(inputs, *include_token)),
    );
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
                <input id="share-link" type="text" readonly=true value={(*link).clone()} />
                <CopyButton text={(*link).clone()} label="Copy link" id="copy-link" />
            </div>
        </section>
    }
}
