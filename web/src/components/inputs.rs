//! The token box, the provider settings and the evaluation time.

use oidc_trust::providers::IssuerKind;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::inputs::{ProviderChoice, TimeMode};
use crate::state::{Effective, Source, built_in_issuer};

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
    /// The built-in provider whose OAuth 2.0 access token this is (Facebook, Login with
    /// Amazon), if it is one: only the provider can read those, so the box takes claims.
    #[prop_or_default]
    pub access_token: Option<IssuerKind>,
    /// What the analysed token is, for the line under the box.
    #[prop_or_default]
    pub summary: Option<crate::summary::TokenSummary>,
    /// Whether the token is remembered in this browser.
    #[prop_or_default]
    pub remember: bool,
    /// Ticks or unticks "remember the token".
    #[prop_or_default]
    pub onremember: Callback<bool>,
    /// Called on every keystroke.
    pub onchange: Callback<String>,
}

/// Claims JSON with the keys AWS reads for an access-token provider, as an example.
fn claims_example(kind: IssuerKind) -> String {
    let keys: Vec<String> = kind
        .exposed_claims(true)
        .map(|k| format!("\"{k}\": \"…\""))
        .collect();
    format!("{{{}}}", keys.join(", "))
}

/// The token (or claims JSON) box.
#[component]
pub fn TokenInput(props: &TokenInputProps) -> Html {
    let signed = crate::inputs::has_signature(&props.value);
    let onremember = props.onremember.clone();
    let remember = Callback::from(move |e: Event| {
        if let Some(i) = e.target_dyn_into::<HtmlInputElement>() {
            onremember.emit(i.checked());
        }
    });
    let placeholder = props.access_token.map(claims_example);
    html! {
        <div class="field">
            <label for="token">{ "Token or claims" }</label>
            <p class="hint" id="token-hint">
                if let Some(kind) = props.access_token {
                    { format!("{} access tokens are opaque: only {} can read them. Paste what it reports about the token as claims JSON, e.g. ", kind.display_name(), kind.display_name()) }
                    <code>{ claims_example(kind) }</code>{ "." }
                } else {
                    { "A compact JWT (" }<code>{ "header.payload.signature" }</code>
                    { ") or its claims as JSON. Signatures are never verified." }
                }
                if signed {
                    <strong>{ " This token is signed: it is a live credential until it expires. It stays in this page." }</strong>
                }
            </p>
            <textarea id="token" class="code token" rows="5" spellcheck="false"
                autocomplete="off" autocapitalize="off" aria-describedby="token-hint token-summary" {placeholder}
                value={props.value.clone()} oninput={on_input(props.onchange.clone())} />
            if let Some(s) = &props.summary {
                <p class="token-summary" id="token-summary">
                    { s.parts.join(" · ") }
                    if !s.tested.is_empty() {
                        <span class="tested">{ " · the policy tests " }
                            { for s.tested.iter().enumerate().map(|(i, c)| html! {
                                <>{ if i > 0 { ", " } else { "" } }<code>{ c.clone() }</code></>
                            }) }
                        </span>
                    }
                </p>
            }
            <label class="check-line remember" for="remember-token">
                <input type="checkbox" id="remember-token" checked={props.remember} onchange={remember} />
                <span>{ "Remember the token in this browser (without its signature). Off: the token is forgotten when the page closes." }</span>
            </label>
        </div>
    }
}

/// One entry of the provider menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ProviderEntry {
    choice: ProviderChoice,
    /// The `<option>` value.
    value: &'static str,
    label: &'static str,
}

/// The provider menu, in order.
const PROVIDERS: [ProviderEntry; 5] = [
    ProviderEntry {
        choice: ProviderChoice::Oidc,
        value: "oidc",
        label: "IAM OIDC provider of the account",
    },
    ProviderEntry {
        choice: ProviderChoice::Google,
        value: "google",
        label: "Google (built into AWS)",
    },
    ProviderEntry {
        choice: ProviderChoice::Cognito,
        value: "cognito",
        label: "Amazon Cognito identity pool (built into AWS)",
    },
    ProviderEntry {
        choice: ProviderChoice::Facebook,
        value: "facebook",
        label: "Facebook access token (built into AWS)",
    },
    ProviderEntry {
        choice: ProviderChoice::Amazon,
        value: "amazon",
        label: "Login with Amazon access token (built into AWS)",
    },
];

/// What a built-in provider's trust policy must pin, in words, and the key that does it.
fn pinned_by(kind: IssuerKind) -> (&'static str, &'static str) {
    match kind {
        IssuerKind::Cognito => ("identity pool", "aud"),
        IssuerKind::Facebook | IssuerKind::Amazon => ("application", "app_id"),
        _ => ("audience", "aud"),
    }
}

/// Why no IAM OIDC provider is needed, shown instead of the client-id box.
fn built_in_note(kind: IssuerKind, eff: &Effective) -> Html {
    let name = kind.display_name();
    let prefix = kind.built_in_name().unwrap_or_default();
    let (what, claim) = pinned_by(kind);
    // Picked, but AWS decides by `iss`: an ID token from elsewhere goes to that issuer.
    let other_issuer = eff.built_in_source == Source::Typed
        && !kind.takes_access_tokens()
        && !eff.issuer.is_empty()
        && built_in_issuer(&eff.issuer) != Some(kind);
    html! {
        <p class="built-in-note wide" id="built-in-note">
            <strong>{ format!("{name} is built into AWS:") }</strong>
            { format!(" no IAM OIDC provider, no client-id list; the trust policy must pin the {what} (") }
            <code>{ format!("{prefix}:{claim}") }</code>{ ")." }
            if kind.takes_access_tokens() {
                { " The call names it with " }<code>{ "ProviderId" }</code>{ " " }<code>{ prefix }</code>{ "." }
            }
            if eff.built_in_source != Source::Typed {
                { " Recognised from the token's " }<code>{ "iss" }</code>{ "." }
            }
            if other_issuer {
                <strong class="warn-text">
                    { format!(" This token's iss is not {name}'s: AWS decides by iss, so it looks for an IAM OIDC provider for ") }
                    <code>{ eff.issuer.clone() }</code>{ " instead." }
                </strong>
            }
        </p>
    }
}

/// Props of [`ProviderSettings`].
#[derive(Debug, Properties, PartialEq)]
pub struct ProviderSettingsProps {
    /// The provider picked.
    pub provider: ProviderChoice,
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
    /// Provider menu picks.
    pub onprovider: Callback<ProviderChoice>,
}

fn from_note(source: Source, what: &str) -> String {
    match source {
        Source::Typed => String::new(),
        Source::Token => format!("Empty, so the token's {what} is used."),
        Source::Default => format!("Empty, so {what} is used."),
        Source::Missing => "Empty, and the token gives nothing to fill it from.".to_owned(),
    }
}

/// How the role trusts the issuer: the IAM OIDC provider of the role's account, or one of
/// AWS's built-in providers (picked, or recognised from the token's `iss`).
#[component]
pub fn ProviderSettings(props: &ProviderSettingsProps) -> Html {
    let eff = &props.effective;
    // The menu shows what AWS does: a recognised built-in provider even when not picked.
    let shown = eff
        .built_in
        .map_or(ProviderChoice::Oidc, ProviderChoice::of);
    let onprovider = props.onprovider.clone();
    let onchange = Callback::from(move |e: Event| {
        if let Some(entry) = e
            .target_dyn_into::<HtmlSelectElement>()
            .and_then(|s| PROVIDERS.into_iter().find(|p| p.value == s.value()))
        {
            onprovider.emit(entry.choice);
        }
    });
    // A built-in provider needs no URL: the box stays only to edit a URL typed into it.
    let url_box = eff.built_in.is_none() || eff.issuer_source == Source::Typed;
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
            <legend>{ "Identity provider" }</legend>
            <div class="field wide">
                <label for="provider-kind">{ "The role trusts" }</label>
                <select id="provider-kind" {onchange}>
                    { for PROVIDERS.iter().map(|p| html! {
                        <option value={p.value} selected={p.choice == shown}>{ p.label }</option>
                    }) }
                </select>
            </div>
            if url_box && props.provider.built_in().is_none() {
                <div class="field wide">
                    <label for="issuer">{ "Provider URL" }</label>
                    <input id="issuer" type="text" spellcheck="false" autocomplete="off"
                        placeholder={eff.issuer.clone()} aria-describedby="issuer-note"
                        value={props.issuer.clone()} oninput={on_input(props.onissuer.clone())} />
                    <p class="hint" id="issuer-note">{ from_note(eff.issuer_source, "issuer (iss)") }</p>
                </div>
            }
            if let Some(kind) = eff.built_in {
                { built_in_note(kind, eff) }
            } else {
                <div class="field">
                    <label for="client-ids">{ "Client ids (audiences)" }</label>
                    <input id="client-ids" type="text" spellcheck="false" autocomplete="off"
                        placeholder={ids} aria-describedby="client-ids-note"
                        value={props.client_ids.clone()} oninput={on_input(props.onclientids.clone())} />
                    <p class="hint" id="client-ids-note">{ ids_note }</p>
                </div>
            }
            <div class="field">
                <label for="account">{ "Role's account" }</label>
                <input id="account" type="text" inputmode="numeric" spellcheck="false" autocomplete="off"
                    placeholder={if eff.built_in.is_some() { "not known unless typed" } else { "from the policy's Federated ARN" }}
                    aria-describedby="account-note"
                    value={props.account.clone()} oninput={on_input(props.onaccount.clone())} />
                <p class="hint" id="account-note">{ if eff.built_in.is_some() {
                    "Optional: the role's account (aws:ResourceAccount)."
                } else {
                    "Optional: the provider must be in the role's account."
                } }</p>
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
