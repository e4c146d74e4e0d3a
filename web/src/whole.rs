//! The page comes as two wasm modules built from this crate: the AWS-only one a visit
//! loads first (built without the `targets` feature, so about a third less to fetch and
//! compile before the first verdict), and the whole page (with it). The AWS-only module
//! reads, keeps and saves the inputs of every target; when they name another one (picked in
//! the selector, or from a link or the saved inputs), it hands them to the whole page:
//! `boot.js` fetches and compiles it, unmounts this module's app ([`crate::stop`]) and
//! starts the whole page's on the same inputs. The token goes along in memory only, never
//! stored or put in a link for this.

use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::wasm_bindgen;

use crate::inputs::Inputs;

/// The global the inputs are handed over in (set by `boot.js`, read once by the whole
/// page as it starts).
const HANDOVER: &str = "oidcTrustHandover";

#[wasm_bindgen]
extern "C" {
    /// `boot.js`: loads the whole page, once, and starts it on `inputs` (the serde form of
    /// [`Inputs`]).
    #[wasm_bindgen(js_namespace = window, js_name = oidcTrustWhole, catch)]
    fn load_whole(inputs: &str) -> Result<(), JsValue>;
}

/// Whether this module answers for every target (the whole page), or for AWS alone.
pub const WHOLE: bool = cfg!(feature = "targets");

/// Which module this is, for the page's `data-page` (`aws` or `whole`).
pub fn name() -> &'static str {
    if WHOLE { "whole" } else { "aws" }
}

/// Hands `inputs` to the whole page. `Err` says why it cannot be (no `boot.js`).
pub fn switch(inputs: &Inputs) -> Result<(), String> {
    let json = serde_json::to_string(inputs).map_err(|e| e.to_string())?;
    load_whole(&json).map_err(|e| {
        e.as_string()
            .unwrap_or_else(|| "the page's loader is missing".to_owned())
    })
}

/// The inputs the AWS-only module handed over, taken once (the whole page starts on them).
pub fn take() -> Option<Inputs> {
    let window: JsValue = web_sys::window()?.into();
    let key = JsValue::from_str(HANDOVER);
    let text = js_sys::Reflect::get(&window, &key).ok()?.as_string()?;
    let _ = js_sys::Reflect::delete_property(&window.into(), &key);
    serde_json::from_str(&text).ok()
}
