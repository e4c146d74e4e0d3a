//! The oidc-trust playground: a Yew page that runs [`oidc_trust::api::analyze`] in the
//! browser on every edit. Nothing leaves the page. See the README.

pub mod answer;
pub mod app;
pub mod call;
pub mod clock;
pub mod components;
pub mod editor;
pub mod examples;
pub mod fixes;
pub mod hooks;
pub mod inputs;
pub mod mint;
pub mod share;
pub mod state;
pub mod storage;
pub mod summary;
pub mod targets;
pub mod time;

use wasm_bindgen::prelude::wasm_bindgen;

/// Mounts the page into `#app` (or the body).
#[wasm_bindgen(start)]
pub fn start() {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark("wasm-start");
    }
    let root = gloo::utils::document().get_element_by_id("app");
    match root {
        Some(el) => yew::Renderer::<app::App>::with_root(el).render(),
        None => yew::Renderer::<app::App>::new().render(),
    };
}
