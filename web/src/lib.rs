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
pub mod whole;

use std::cell::RefCell;

use wasm_bindgen::prelude::wasm_bindgen;

thread_local! {
    /// The mounted page, so that [`stop`] can unmount it.
    static APP: RefCell<Option<yew::AppHandle<app::App>>> = const { RefCell::new(None) };
}

/// Mounts the page into `#app` (or the body), and says which module it is on the root
/// element (`data-page`: `aws` for the AWS-only module, `whole` for every target).
#[wasm_bindgen(start)]
pub fn start() {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark("wasm-start");
    }
    let document = gloo::utils::document();
    if let Some(root) = document.document_element() {
        let _ = root.set_attribute("data-page", whole::name());
    }
    let handle = match document.get_element_by_id("app") {
        Some(el) => yew::Renderer::<app::App>::with_root(el).render(),
        None => yew::Renderer::<app::App>::new().render(),
    };
    APP.with(|app| *app.borrow_mut() = Some(handle));
}

/// Unmounts the page (`boot.js` calls it before it starts the whole page in its place).
#[wasm_bindgen]
pub fn stop() {
    if let Some(handle) = APP.with(|app| app.borrow_mut().take()) {
        handle.destroy();
    }
}
