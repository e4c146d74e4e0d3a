//! The target selector: which cloud or registry the token is checked against. Picking one
//! swaps the configuration editors and keeps the token.

use oidc_trust::api::Target;
use yew::prelude::*;

use crate::targets::target_name;

/// Props of [`TargetPicker`].
#[derive(Debug, Properties, PartialEq)]
pub struct TargetPickerProps {
    /// The target on screen.
    pub current: Target,
    /// Called with the target picked.
    pub onpick: Callback<Target>,
}

/// The targets `<select>`.
#[component]
pub fn TargetPicker(props: &TargetPickerProps) -> Html {
    let onpick = props.onpick.clone();
    let onchange = Callback::from(move |e: Event| {
        if let Some(s) = e.target_dyn_into::<web_sys::HtmlSelectElement>()
            && let Some(t) = Target::named(&s.value())
        {
            onpick.emit(t);
        }
    });
    html! {
        <div class="field target">
            <label for="target">{ "Check the token against" }</label>
            <select id="target" {onchange}>
                { for Target::ALL.iter().map(|t| html! {
                    <option value={t.as_str()} selected={*t == props.current}>{ target_name(*t) }</option>
                }) }
            </select>
        </div>
    }
}
