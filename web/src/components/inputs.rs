//! The token box, the provider settings and the evaluation time.

use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::inputs::TimeMode;
use crate::state::{Effective, Source};

/// Reads the value of the input or textarea an event came from.
pub fn value_of(e: &Event) -> Option<String> {
    if let Some(t) = e.target_dyn_into::<HtmlTextAreaElement>() {
        return Some(t.value());
    }
    e.target_dyn_into::<HtmlInputElement>().map(|i| i.value())
}

/// Turns a `String` callback into an `input` event handler.
pub fn on_input(cb: Callback<String>) -> Callback<InputEvent> {
    Callback::from(move |e: InputEvent| {
        if let Some(v) = value_of(&e) {
            cb.emit(v);
        }
    })
}

/// Props of [`TokenInput`].
#[derive(Debug, Properties, PartialEq)]
pub struct TokenInputProps {
    /// The token text.
    pub value: AttrValue,
    /// Called on every keystroke.
    pub onchange: Callback<String>,
}

/// The token (or claims JSON) box.
#[component]
pub fn TokenInput(props: &TokenInputProps) -> Html {
    let signed = crate::inputs::has_signature(&props.value);
    html! {
        <div class="field">
            <label for="token">{ "Token or claims" }</label>
            <p class="hint" id="token-hint">
                { "A compact JWT (" }<code>{ "header.payload.signature" }</code>
                { ") or its claims as JSON. Signatures are never verified." }
                if signed {
                    <strong>{ " This token is signed: it is a live credential until it expires. It stays in this page." }</strong>
                }
            </p>
            <textarea id="token" class="code token" rows="5" spellcheck="false"
                autocomplete="off" autocapitalize="off" aria-describedby="token-hint"
                value={props.value.clone()} oninput={on_input(props.onchange.clone())} />
        </div>
    }
}

/// Props of [`ProviderSettings`].
#[derive(Debug, Properties, PartialEq)]
pub struct ProviderSettingsProps {
    /// Typed issuer URL.
    pub issuer: AttrValue,
    /// Typed client ids.
    pub client_ids: AttrValue,
    /// Typed account.
    pub account: AttrValue,
    /// What the analysis runs with.
    pub effective: Effective,
    /// Issuer edits.
    pub onissuer: Callback<String>,
    /// Client-id edits.
    pub onclientids: Callback<String>,
    /// Account edits.
    pub onaccount: Callback<String>,
}

fn from_note(source: Source, what: &str) -> String {
    match source {
        Source::Typed => String::new(),
        Source::Token => format!("Empty, so the token's {what} is used."),
        Source::Default => format!("Empty, so {what} is used."),
        Source::Missing => "Empty, and the token gives nothing to fill it from.".to_owned(),
    }
}

/// The IAM OIDC provider of the role's account.
#[component]
pub fn ProviderSettings(props: &ProviderSettingsProps) -> Html {
    let eff = &props.effective;
    let ids = eff.client_ids.join(", ");
    let ids_note = match eff.client_ids_source {
        Source::Default => {
            if ids == "sts.amazonaws.com" {
                "Empty, so sts.amazonaws.com (what GitHub's and EKS's AWS guides configure) is used.".to_owned()
            } else {
                "Empty, so the token's own audience is used; type the provider's list to test the audience check.".to_owned()
            }
        }
        s => from_note(s, "audience"),
    };
    html! {
        <fieldset class="provider">
            <legend>{ "IAM OIDC provider" }</legend>
            <div class="field">
                <label for="issuer">{ "Provider URL" }</label>
                <input id="issuer" type="text" spellcheck="false" autocomplete="off"
                    placeholder={eff.issuer.clone()} aria-describedby="issuer-note"
                    value={props.issuer.clone()} oninput={on_input(props.onissuer.clone())} />
                <p class="hint" id="issuer-note">{ from_note(eff.issuer_source, "issuer (iss)") }</p>
            </div>
            <div class="field">
                <label for="client-ids">{ "Client ids (audiences)" }</label>
                <input id="client-ids" type="text" spellcheck="false" autocomplete="off"
                    placeholder={ids} aria-describedby="client-ids-note"
                    value={props.client_ids.clone()} oninput={on_input(props.onclientids.clone())} />
                <p class="hint" id="client-ids-note">{ ids_note }</p>
            </div>
            <div class="field">
                <label for="account">{ "Role's account" }</label>
                <input id="account" type="text" inputmode="numeric" spellcheck="false" autocomplete="off"
                    placeholder="from the policy's Federated ARN" aria-describedby="account-note"
                    value={props.account.clone()} oninput={on_input(props.onaccount.clone())} />
                <p class="hint" id="account-note">{ "Optional: the provider must be in the role's account." }</p>
            </div>
        </fieldset>
    }
}

/// Props of [`TimeSetting`].
#[derive(Debug, Properties, PartialEq)]
pub struct TimeSettingProps {
    /// The mode.
    pub mode: TimeMode,
    /// The typed time.
    pub at: AttrValue,
    /// The time used.
    pub now: i64,
    /// Where it came from.
    pub source: Source,
    /// Mode changes.
    pub onmode: Callback<TimeMode>,
    /// Typed-time edits.
    pub onat: Callback<String>,
}

/// The evaluation time: the token's `iat`, now, or a typed time.
#[component]
pub fn TimeSetting(props: &TimeSettingProps) -> Html {
    let radio = |mode: TimeMode, id: &'static str, label: &'static str| {
        let onmode = props.onmode.clone();
        html! {
            <label class="radio" for={id}>
                <input type="radio" name="time" {id} checked={props.mode == mode}
                    onchange={Callback::from(move |_: Event| onmode.emit(mode))} />
                { label }
            </label>
        }
    };
    let used = match (props.mode, props.source) {
        (TimeMode::Iat, Source::Default) => "the token has no iat, so now: ",
        (TimeMode::At, Source::Default) => "not a time I can read, so now: ",
        _ => "",
    };
    html! {
        <fieldset class="time">
            <legend>{ "Evaluation time" }</legend>
            <div class="radios">
                { radio(TimeMode::Iat, "time-iat", "token's iat") }
                { radio(TimeMode::Now, "time-now", "now") }
                { radio(TimeMode::At, "time-at", "at") }
                if props.mode == TimeMode::At {
                    <input id="at" type="text" aria-label="Evaluation time (ISO 8601 UTC or seconds)"
                        spellcheck="false" placeholder="2026-09-21T14:13:20Z"
                        value={props.at.clone()} oninput={on_input(props.onat.clone())} />
                }
            </div>
            <p class="hint" id="time-used">{ used }<time datetime={crate::time::iso(props.now)}>{ crate::time::utc(props.now) }</time></p>
        </fieldset>
    }
}
