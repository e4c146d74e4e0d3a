//! A `<details>` whose content is built only once it is opened (lint pages, long tables),
//! so the first render stays small.

use yew::prelude::*;

/// Props of [`LazyDetails`].
#[derive(Debug, Properties, PartialEq)]
pub struct LazyDetailsProps {
    /// The `<summary>` text.
    pub summary: AttrValue,
    /// The element's class.
    #[prop_or_default]
    pub class: Classes,
    /// Builds the content.
    pub content: Callback<(), Html>,
}

/// A lazily filled `<details>`.
#[component]
pub fn LazyDetails(props: &LazyDetailsProps) -> Html {
    let open = use_state(|| false);
    let ontoggle = {
        let open = open.clone();
        Callback::from(move |e: Event| {
            if let Some(d) = e.target_dyn_into::<web_sys::HtmlDetailsElement>() {
                open.set(d.open());
            }
        })
    };
    html! {
        <details class={props.class.clone()} {ontoggle}>
            <summary>{ props.summary.clone() }</summary>
            if *open { { props.content.emit(()) } }
        </details>
    }
}
