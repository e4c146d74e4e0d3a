//! The examples menu, and what the picked example shows.

use yew::prelude::*;

use super::ticked;
use crate::examples;

/// Props of [`ExamplePicker`].
#[derive(Debug, Properties, PartialEq)]
pub struct ExamplePickerProps {
    /// The id of the example on screen; empty for the person's own input.
    pub current: AttrValue,
    /// Called with the id of the example picked.
    pub onpick: Callback<String>,
    /// Whether every example is listed. The page's first frame lists the opening example
    /// alone (building the others would delay the first verdict); the next lists them all.
    #[prop_or(true)]
    pub listed: bool,
}

/// The examples `<select>`, one group per target (picking one also picks its target). Each
/// `<option>` also carries its target and the verdict the examples table expects
/// (`data-target`, `data-accepted`, `data-stage`, `data-error`), which the browser test
/// checks the page's own verdict against.
#[component]
pub fn ExamplePicker(props: &ExamplePickerProps) -> Html {
    let opening;
    let all = if props.listed {
        examples::all()
    } else {
        opening = examples::first();
        if props.current == opening.id {
            std::slice::from_ref(&opening)
        } else {
            examples::all()
        }
    };
    let current = all.iter().find(|e| e.id == props.current.as_str());
    let onpick = props.onpick.clone();
    let onchange = Callback::from(move |e: Event| {
        if let Some(s) = e.target_dyn_into::<web_sys::HtmlSelectElement>()
            && !s.value().is_empty()
        {
            onpick.emit(s.value());
        }
    });
    html! {
        <div class="field examples">
            <label for="example">{ "Example" }</label>
            <select id="example" {onchange}>
                <option value="" selected={current.is_none()}>{ "Your own input" }</option>
                // The AWS-only module has AWS's examples alone; the whole page every target's.
                { for oidc_trust::api::Target::ALL.iter().filter(|t| t.available()).map(|t| html! {
                    <optgroup label={crate::targets::target_name(*t)}>
                        { for all.iter().filter(|e| e.target == *t).map(|e| html! {
                            <option value={e.id} selected={current.is_some_and(|c| c.id == e.id)}
                                data-target={e.target.as_str()}
                                data-accepted={if e.accepted { "true" } else { "false" }}
                                data-stage={e.stage.as_str()} data-error={e.error}>
                                { e.title }
                            </option>
                        }) }
                    </optgroup>
                }) }
            </select>
            if let Some(e) = current {
                <p class="hint example-about">{ ticked(e.about) }</p>
            }
        </div>
    }
}
