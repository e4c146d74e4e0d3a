//! The generator's controls: what a written policy trusts, and the button that writes it.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::state::{Placement, SCOPE_CHOICES, Scope, TokenTraits, scope_choice};

/// Props of [`GeneratePanel`].
#[derive(Debug, Properties, PartialEq)]
pub struct GeneratePanelProps {
    /// The scope picked.
    pub scope: Scope,
    /// What the token is (the environment and tag-pattern scopes are offered only for
    /// tokens they fit).
    pub traits: TokenTraits,
    /// The tag pattern for the tag-pattern scope.
    pub tag_pattern: AttrValue,
    /// Called with the scope picked in the menu.
    pub onscope: Callback<Scope>,
    /// Called with the tag pattern typed.
    pub onpattern: Callback<String>,
    /// Called with where the written policy goes when a button is pressed.
    pub ongenerate: Callback<Placement>,
    /// Whether the editor holds a policy its statements could be added to (else only
    /// "write" is offered).
    pub can_add: bool,
}

/// The scope menu, the "Write a policy for this token" button (in place of the editor's
/// text) and "Add as a statement" (after the policy's own statements), for the policy
/// editor's toolbar. Both edit through the editor's history, so Ctrl+Z undoes them.
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
    let onclick = props.ongenerate.reform(|_: MouseEvent| Placement::Replace);
    let onadd = props.ongenerate.reform(|_: MouseEvent| Placement::Append);
    let pattern = props.scope == Scope::TagPattern && props.traits.tag;
    html! {
        <>
            <label for="generate-scope" class="visually-hidden">{ "What the written policy trusts" }</label>
            <select id="generate-scope" class="small" {onchange}>
                { for SCOPE_CHOICES.iter().filter(|c| c.offered(props.traits)).map(|c| html! {
                    <option value={c.value} selected={props.scope == c.scope}>{ c.label }</option>
                }) }
            </select>
            if pattern {
                <label for="generate-pattern" class="visually-hidden">{ "Tag pattern" }</label>
                <input id="generate-pattern" class="small pattern" type="text" spellcheck="false"
                    value={props.tag_pattern.clone()} placeholder="v*"
                    oninput={super::inputs::on_input(props.onpattern.clone())} />
            }
            <button type="button" id="generate" class="copy" {onclick}>{ "Write a policy for this token" }</button>
            if props.can_add {
                <button type="button" id="generate-add" class="copy" onclick={onadd}
                    title="Add the written statement after your policy's statements">{ "Add as a statement" }</button>
            }
        </>
    }
}
