//! localStorage persistence of the inputs. Every failure (storage disabled, full, or
//! holding something unreadable) comes back as a sentence to show, never a panic.

use wasm_bindgen::{JsCast, JsValue};

use crate::inputs::Inputs;

/// The storage key.
pub const KEY: &str = "oidc-trust.playground.v1";

fn js_error(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown error".to_owned())
}

// Not gloo-storage: `LocalStorage::raw()` uses `expect_throw`, which throws if storage is blocked.
fn storage() -> Result<web_sys::Storage, String> {
    let window = web_sys::window().ok_or("no window")?;
    match window.local_storage() {
        Ok(Some(s)) => Ok(s),
        Ok(None) => Err("this browser offers no localStorage".to_owned()),
        Err(e) => Err(format!("localStorage is not available: {}", js_error(&e))),
    }
}

/// The saved inputs, if any.
pub fn load() -> Result<Option<Inputs>, String> {
    let s = storage()?;
    let text = s
        .get_item(KEY)
        .map_err(|e| format!("could not read saved inputs: {}", js_error(&e)))?;
    match text {
        None => Ok(None),
        Some(t) => serde_json::from_str(&t).map(Some).map_err(|e| {
            format!("the saved inputs are unreadable ({e}); starting from the example")
        }),
    }
}

/// Saves the inputs (the token without its signature).
pub fn save(inputs: &Inputs) -> Result<(), String> {
    let s = storage()?;
    let text = serde_json::to_string(&inputs.for_storage()).map_err(|e| e.to_string())?;
    s.set_item(KEY, &text)
        .map_err(|e| format!("could not save the inputs: {}", js_error(&e)))
}

/// Forgets the saved inputs.
pub fn forget() -> Result<(), String> {
    storage()?
        .remove_item(KEY)
        .map_err(|e| format!("could not forget the saved inputs: {}", js_error(&e)))
}
