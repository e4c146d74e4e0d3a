//! The generator's controls: what a written policy trusts, and the button that writes it.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::state::{SCOPE_CHOICES, Scope, scope_choice};

/// Props of [`GeneratePanel`].
#[derive(Debug, Properties, PartialEq)]
pub struct GeneratePanelProps {
    /// The scope picked.
    pub scope: Scope,
    /// Whether the token has an `environment` claim (the environment scope is offered only
    /// then).
    pub has_environment: bool,
    /// Called with the scope picked in the menu.
    pub onscope: Callback<Scope>,
    /// Called when the button is pressed.
    pub ongenerate: Callback<()>,
}

/// The scope menu and the "Write a policy for this token" button, for the policy editor's
/// toolbar.
#[component]
pub fn GeneratePanel(props: &GeneratePanelProps) -> Html {
    let onscope = props.onscope.clone();
    let onchange = Callback::from(move |e: Event| {
        if let Some(c) = e
            .target_dyn_into::<HtmlSelectElement>()
            .and_then(|s| scope_choice(&s.value()))
        {
            onscope.emit(c.scope);
        }
    });
    let onclick = props.ongenerate.reform(|_: MouseEvent| ());
    html! {
        <>
            <label for="generate-scope" class="visually-hidden">{ "What the written policy trusts" }</label>
            <select id="generate-scope" class="small" {onchange}>
                { for SCOPE_CHOICES.iter().filter(|c| props.has_environment || !c.needs_environment).map(|c| html! {
                    <option value={c.value} selected={props.scope == c.scope}>{ c.label }</option>
                }) }
            </select>
            <button type="button" id="generate" class="copy" {onclick}>{ "Write a policy for this token" }</button>
        </>
    }
}
