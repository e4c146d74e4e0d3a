//! The "generate a token" control: a platform, a repository and an event, and a button that
//! puts a realistic unsigned token from the core's builders into the token box.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::inputs::on_input;
use crate::mint::{MintForm, PLATFORMS, platform_choice};

/// Props of [`TokenGenerator`].
#[derive(Debug, Properties, PartialEq)]
pub struct TokenGeneratorProps {
    /// The form.
    pub form: MintForm,
    /// Called with the form after every change.
    pub onchange: Callback<MintForm>,
    /// Called when the button is pressed.
    pub onmint: Callback<()>,
}

/// A `change` handler for a `<select>` that emits `make(form, value)`.
fn on_select(
    form: &MintForm,
    onchange: &Callback<MintForm>,
    make: fn(&MintForm, &str) -> Option<MintForm>,
) -> Callback<Event> {
    let (form, onchange) = (form.clone(), onchange.clone());
    Callback::from(move |e: Event| {
        if let Some(next) = e
            .target_dyn_into::<HtmlSelectElement>()
            .and_then(|s| make(&form, &s.value()))
        {
            onchange.emit(next);
        }
    })
}

/// A text box's handler that emits the form with `set(form, text)`.
fn on_text(
    form: &MintForm,
    onchange: &Callback<MintForm>,
    set: fn(&mut MintForm, String),
) -> Callback<InputEvent> {
    let (form, onchange) = (form.clone(), onchange.clone());
    on_input(Callback::from(move |text: String| {
        let mut next = form.clone();
        set(&mut next, text);
        onchange.emit(next);
    }))
}

/// The control, under the token box.
#[component]
pub fn TokenGenerator(props: &TokenGeneratorProps) -> Html {
    let form = &props.form;
    let onplatform = on_select(form, &props.onchange, |f, v| {
        platform_choice(v).map(|p| f.with_platform(p))
    });
    let onevent = on_select(form, &props.onchange, |f, v| Some(f.with_event(v)));
    let onrepo = on_text(form, &props.onchange, |f, t| f.repo = t);
    let onvalue = on_text(form, &props.onchange, |f, t| f.value = t);
    let onclick = props.onmint.reform(|_: MouseEvent| ());
    html! {
        <fieldset class="mint" id="mint">
            <legend>{ "No token? Generate one" }</legend>
            <p class="hint" id="mint-hint">
                { "A realistic, unsigned token with every claim the platform sends, from the same builders as the library's test kit." }
            </p>
            <div class="mint-row">
                <div class="field">
                    <label for="mint-platform">{ "Platform" }</label>
                    <select id="mint-platform" onchange={onplatform}>
                        { for PLATFORMS.iter().map(|p| html! {
                            <option value={p.value} selected={p.value == form.platform.value}>{ p.platform.name() }</option>
                        }) }
                    </select>
                </div>
                <div class="field">
                    <label for="mint-repo">{ form.platform.repo_label }</label>
                    <input id="mint-repo" type="text" spellcheck="false" autocomplete="off"
                        value={form.repo.clone()} oninput={onrepo} />
                </div>
                <div class="field">
                    <label for="mint-event">{ "Event" }</label>
                    <select id="mint-event" onchange={onevent}>
                        { for form.platform.events.iter().map(|e| html! {
                            <option value={e.value} selected={e.value == form.event.value}>{ e.label }</option>
                        }) }
                    </select>
                </div>
                if let Some((label, _)) = form.event.input {
                    <div class="field">
                        <label for="mint-value">{ label }</label>
                        <input id="mint-value" type="text" spellcheck="false" autocomplete="off"
                            value={form.value.clone()} oninput={onvalue} />
                    </div>
                }
            </div>
            <button type="button" id="mint-token" class="copy" aria-describedby="mint-hint" {onclick}>{ "Generate a token" }</button>
        </fieldset>
    }
}
