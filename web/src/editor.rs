//! The bridge to the policy editor (`CodeMirror` 6 in `web/editor/editor.js`, bundled at build
//! time and loaded by `boot.js` after the first verdict as `window.oidcTrustEditor`), and the
//! pure parts of talking to it: the core's byte offsets as the editor's UTF-16 positions, and
//! the findings as its diagnostics.

use js_sys::{Function, Reflect};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

/// The editor's position (UTF-16 code units) of byte `offset` of `text`; past the end or
/// inside a character, the position of the end or of that character.
pub fn utf16(text: &str, offset: usize) -> usize {
    if text.is_ascii() {
        return offset.min(text.len());
    }
    let mut at = offset.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    text.get(..at).map_or(0, |s| s.encode_utf16().count())
}

/// How serious an editor diagnostic is (`CodeMirror`'s words).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Red.
    Error,
    /// Amber.
    Warning,
    /// Blue.
    Info,
}

/// One mark in an editor, in bytes of its text, as the core reports places.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// How serious.
    pub level: Level,
    /// What it says on hover.
    pub message: String,
    /// Where it comes from (the code).
    pub source: String,
}

/// A diagnostic as the editor takes it.
#[derive(Debug, Serialize)]
struct Wire<'a> {
    from: usize,
    to: usize,
    severity: Level,
    message: &'a str,
    source: &'a str,
}

/// The marks as the JSON the editor's `setDiagnostics` takes, in UTF-16 positions of `text`.
pub fn diagnostics_json(text: &str, marks: &[Mark]) -> String {
    let wire: Vec<Wire<'_>> = marks
        .iter()
        .map(|m| Wire {
            from: utf16(text, m.start),
            to: utf16(text, m.end.max(m.start)),
            severity: m.level,
            message: m.message.trim_matches('`'),
            source: &m.source,
        })
        .collect();
    serde_json::to_string(&wire).unwrap_or_else(|_| "[]".to_owned())
}

/// The editor module, once `boot.js` has loaded it.
pub fn module() -> Option<JsValue> {
    let window = web_sys::window()?;
    Reflect::get(&window, &JsValue::from_str("oidcTrustEditor"))
        .ok()
        .filter(JsValue::is_object)
}

/// The event `boot.js` sends on the window when the editor module is there.
pub const LOADED_EVENT: &str = "oidc-trust-editor";

/// A mounted editor.
#[derive(Debug)]
pub struct Editor {
    handle: JsValue,
    // Kept alive as long as the editor calls it.
    _on_change: Closure<dyn FnMut(String)>,
}

/// What a new editor starts with.
#[derive(Debug)]
pub struct Options<'a> {
    /// The text.
    pub doc: &'a str,
    /// Its accessible name.
    pub label: &'a str,
    /// What it shows while empty.
    pub placeholder: &'a str,
    /// Its height in lines.
    pub min_lines: u32,
}

/// Byte `offset` of `text` as the editor's position, a JavaScript number.
fn position(text: &str, offset: usize) -> JsValue {
    // Exact: texts are far shorter than 2^53 UTF-16 units.
    #[expect(clippy::cast_precision_loss, reason = "positions stay far below 2^53")]
    JsValue::from_f64(utf16(text, offset) as f64)
}

fn set(obj: &js_sys::Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(obj, &JsValue::from_str(key), value);
}

impl Editor {
    /// Mounts an editor into `host`; `on_change` gets the text after every change.
    pub fn mount(
        host: &web_sys::Element,
        options: &Options<'_>,
        on_change: impl FnMut(String) + 'static,
    ) -> Option<Self> {
        let module = module()?;
        let mount: Function = Reflect::get(&module, &JsValue::from_str("mount"))
            .ok()?
            .dyn_into()
            .ok()?;
        let on_change = Closure::<dyn FnMut(String)>::new(on_change);
        let opts = js_sys::Object::new();
        set(&opts, "doc", &JsValue::from_str(options.doc));
        set(&opts, "label", &JsValue::from_str(options.label));
        set(
            &opts,
            "placeholder",
            &JsValue::from_str(options.placeholder),
        );
        set(&opts, "minLines", &JsValue::from(options.min_lines));
        set(&opts, "onChange", on_change.as_ref());
        let handle = mount.call2(&module, host, &opts).ok()?;
        Some(Editor {
            handle,
            _on_change: on_change,
        })
    }

    fn call(&self, name: &str, args: &[JsValue]) -> Option<JsValue> {
        let f: Function = Reflect::get(&self.handle, &JsValue::from_str(name))
            .ok()?
            .dyn_into()
            .ok()?;
        let args: js_sys::Array = args.iter().collect();
        f.apply(&self.handle, &args).ok()
    }

    /// The text.
    pub fn text(&self) -> String {
        self.call("text", &[])
            .and_then(|v| v.as_string())
            .unwrap_or_default()
    }

    /// Replaces the text from outside (not an edit to undo).
    pub fn set_doc(&self, text: &str) {
        self.call("setDoc", &[JsValue::from_str(text)]);
    }

    /// Shows these marks (bytes of the editor's text).
    pub fn set_marks(&self, text: &str, marks: &[Mark]) {
        self.call(
            "setDiagnostics",
            &[JsValue::from_str(&diagnostics_json(text, marks))],
        );
    }

    /// Puts the cursor on bytes `start..end` of `text`, scrolled into view and focused.
    pub fn select(&self, text: &str, start: usize, end: usize) {
        self.call("select", &[position(text, start), position(text, end)]);
    }

    /// One undoable edit: bytes `start..end` of `text` replaced by `insert`.
    pub fn apply(&self, text: &str, start: usize, end: usize, insert: &str) {
        self.call(
            "apply",
            &[
                position(text, start),
                position(text, end),
                JsValue::from_str(insert),
            ],
        );
    }
}

impl Drop for Editor {
    fn drop(&mut self) {
        self.call("destroy", &[]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_offsets_become_utf16_positions() {
        assert_eq!(utf16("abc", 2), 2);
        assert_eq!(utf16("abc", 9), 3);
        // é is 2 bytes, 1 unit; 😀 is 4 bytes, 2 units.
        let t = "é😀x";
        assert_eq!(utf16(t, 2), 1);
        assert_eq!(utf16(t, 6), 3);
        assert_eq!(utf16(t, 7), 4);
        assert_eq!(utf16(t, 3), 1, "inside a character: its start");
    }

    #[test]
    fn marks_go_out_as_the_editors_json() {
        let text = "{\"é\": 1}";
        let json = diagnostics_json(
            text,
            &[Mark {
                start: 7,
                end: 8,
                level: Level::Warning,
                message: "m".to_owned(),
                source: "near-miss".to_owned(),
            }],
        );
        assert_eq!(
            json,
            r#"[{"from":6,"to":7,"severity":"warning","message":"m","source":"near-miss"}]"#
        );
    }
}
