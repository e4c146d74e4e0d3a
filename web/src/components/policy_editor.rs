//! A policy editor (the trust policy, an RCP). First paint and fallback: a textarea over a
//! backdrop that marks one place. Once `boot.js` has loaded the editor module (after the
//! first verdict), `CodeMirror` 6 takes over in a shadow root: line numbers, wrapping, every
//! finding, hint and failing condition as a diagnostic on its range, "line N" moving the
//! cursor, and fixes applied through its history so Ctrl+Z undoes them.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlTextAreaElement, ScrollIntoViewOptions, ScrollLogicalPosition};
use yew::prelude::*;

use super::inputs::on_input;
use crate::editor::{self, Editor, Options};
use crate::state::{EditRequest, Mark};

/// The editor's line height in CSS pixels (`.editor` in style.css).
const LINE_PX: i32 = 20;

/// How a mark is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkKind {
    /// Picked in the trace.
    Selected,
    /// Where the text cannot be read.
    Error,
}

/// Props of [`PolicyEditor`].
#[derive(Debug, Properties, PartialEq)]
pub struct PolicyEditorProps {
    /// The textarea's id (the editor's host is `<id>-editor`).
    #[prop_or(AttrValue::Static("policy"))]
    pub id: AttrValue,
    /// Its label.
    #[prop_or(AttrValue::Static("Role trust policy"))]
    pub label: AttrValue,
    /// A shorter editor (for the RCPs, which sit in a list).
    #[prop_or_default]
    pub compact: bool,
    /// What the empty editor shows.
    #[prop_or_default]
    pub placeholder: Option<AttrValue>,
    /// The policy text.
    pub value: AttrValue,
    /// The place to mark, in bytes of `value`.
    pub mark: Option<(Mark, MarkKind)>,
    /// Every finding, hint and failing condition in this text (bytes of `value`; empty
    /// while the answer lags the text).
    #[prop_or_default]
    pub marks: Rc<Vec<editor::Mark>>,
    /// A change to make through the editor's history, if it is for this editor.
    #[prop_or_default]
    pub edit: Option<EditRequest>,
    /// Called on every keystroke.
    pub onchange: Callback<String>,
    /// Extra buttons for the toolbar (the policy generator).
    #[prop_or_default]
    pub children: Html,
}

/// Splits `text` around `mark` on character boundaries; an empty mark grows to one
/// character (or a space at the end of the text).
pub fn split_marked(text: &str, mark: Mark) -> Option<(&str, String, &str)> {
    let start = mark.start.min(text.len());
    let mut end = mark.end.clamp(start, text.len());
    if end == start {
        end = text
            .get(start..)?
            .chars()
            .next()
            .map_or(start, |c| start + c.len_utf8());
    }
    let before = text.get(..start)?;
    let middle = text.get(start..end)?;
    let after = text.get(end..)?;
    let middle = match middle {
        "" => " ".to_owned(),
        "\n" => " \n".to_owned(),
        m => m.to_owned(),
    };
    Some((before, middle, after))
}

/// Whether the editor module has been loaded (`boot.js` loads it after the first verdict).
///
/// The module can arrive between this component's first render and its effect: Yew's
/// scheduler yields to the browser between the two once a run passes 16 ms, and the load
/// event sent then reaches no listener. So the effect looks again after it starts listening.
#[hook]
fn use_editor_loaded() -> bool {
    let loaded = use_state(|| editor::module().is_some());
    {
        let loaded = loaded.clone();
        use_effect_with((), move |()| {
            let listener = web_sys::window().map(|w| {
                let loaded = loaded.clone();
                EventListener::once(&w, editor::LOADED_EVENT, move |_| loaded.set(true))
            });
            if !*loaded && editor::module().is_some() {
                loaded.set(true);
            }
            move || drop(listener)
        });
    }
    *loaded
}

/// Makes `edit` in the textarea through the browser's own editing (`insertText`, which
/// keeps it in the textarea's undo history); false if the browser would not.
fn textarea_edit(t: &HtmlTextAreaElement, text: &str, edit: &EditRequest) -> bool {
    let (Ok(start), Ok(end)) = (
        u32::try_from(editor::utf16(text, edit.start)),
        u32::try_from(editor::utf16(text, edit.end)),
    ) else {
        return false;
    };
    let _ = t.focus();
    if t.set_selection_range(start, end).is_err() {
        return false;
    }
    let doc: Option<web_sys::HtmlDocument> = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.dyn_into().ok());
    doc.and_then(|d| {
        d.exec_command_with_show_ui_and_value("insertText", false, &edit.replacement)
            .ok()
    })
    .unwrap_or(false)
}

/// A policy editor.
#[component]
pub fn PolicyEditor(props: &PolicyEditorProps) -> Html {
    let textarea = use_node_ref();
    let backdrop = use_node_ref();
    let host = use_node_ref();
    let loaded = use_editor_loaded();
    let cm: Rc<RefCell<Option<Editor>>> = use_mut_ref(|| None);
    let mounted = use_state(|| false);
    // The editor calls the latest `onchange`, not the one of the render that mounted it:
    // Yew may hand this component another place in a list (another RCP's index).
    let latest = use_mut_ref(|| props.onchange.clone());
    latest.borrow_mut().clone_from(&props.onchange);
    // Mount the editor once its module is there.
    {
        let (cm, host, mounted) = (cm.clone(), host.clone(), mounted.clone());
        let value = props.value.clone();
        let onchange = latest.clone();
        let label = props.label.clone();
        let placeholder = props.placeholder.clone().unwrap_or_default();
        let lines = if props.compact { 10 } else { 18 };
        use_effect_with(loaded, move |loaded| {
            if *loaded
                && cm.borrow().is_none()
                && let Some(el) = host.cast::<Element>()
            {
                let options = Options {
                    doc: &value,
                    label: &label,
                    placeholder: &placeholder,
                    min_lines: lines,
                };
                let made = Editor::mount(&el, &options, move |text| onchange.borrow().emit(text));
                let ok = made.is_some();
                *cm.borrow_mut() = made;
                mounted.set(ok);
            }
        });
    }
    // A change asked of this editor: one undoable edit (before the text is synced below).
    {
        let (cm, textarea) = (cm.clone(), textarea.clone());
        let onchange = props.onchange.clone();
        let value = props.value.clone();
        use_effect_with(props.edit.clone(), move |edit| {
            let Some(edit) = edit else { return };
            if let Some(e) = cm.borrow().as_ref() {
                if e.text() == edit.before {
                    e.apply(&edit.before, edit.start, edit.end, &edit.replacement);
                }
            } else if let Some(t) = textarea.cast::<HtmlTextAreaElement>() {
                // The textarea shows the new text already; put the old one back and let the
                // browser make the change, so its undo history has it.
                t.set_value(&edit.before);
                if !textarea_edit(&t, &edit.before, edit) {
                    t.set_value(&value);
                    onchange.emit(value.to_string());
                }
            }
        });
    }
    // Text set from outside (an example, a link, Clear): the editor follows.
    {
        let cm = cm.clone();
        use_effect_with((props.value.clone(), *mounted), move |(value, _)| {
            if let Some(e) = cm.borrow().as_ref()
                && e.text() != value.as_str()
            {
                e.set_doc(value);
            }
        });
    }
    // The findings as diagnostics.
    {
        let cm = cm.clone();
        let value = props.value.clone();
        use_effect_with((props.marks.clone(), *mounted), move |(marks, _)| {
            if let Some(e) = cm.borrow().as_ref() {
                e.set_marks(&value, marks);
            }
        });
    }
    let sync = {
        let textarea = textarea.clone();
        let backdrop = backdrop.clone();
        move || {
            if let (Some(t), Some(b)) = (
                textarea.cast::<HtmlTextAreaElement>(),
                backdrop.cast::<Element>(),
            ) {
                b.set_scroll_top(t.scroll_top());
                b.set_scroll_left(t.scroll_left());
            }
        }
    };
    let onscroll = {
        let sync = sync.clone();
        Callback::from(move |_: Event| sync())
    };
    // A picked place: the cursor goes there (and the view scrolls to it).
    let selected = props
        .mark
        .filter(|(_, k)| *k == MarkKind::Selected)
        .map(|(m, _)| m);
    {
        let (textarea, cm) = (textarea.clone(), cm.clone());
        let value = props.value.clone();
        use_effect_with(selected, move |selected| {
            let Some(m) = selected else { return };
            if let Some(e) = cm.borrow().as_ref() {
                e.select(&value, m.start, m.end);
                return;
            }
            if let Some(t) = textarea.cast::<HtmlTextAreaElement>() {
                let line = i32::try_from(m.line).unwrap_or(i32::MAX);
                t.set_scroll_top(line.saturating_sub(3).saturating_mul(LINE_PX).max(0));
                t.set_scroll_left(0);
                sync();
                let opts = ScrollIntoViewOptions::new();
                opts.set_block(ScrollLogicalPosition::Nearest);
                if let Some(el) = t.dyn_ref::<Element>() {
                    el.scroll_into_view_with_scroll_into_view_options(&opts);
                }
                let _ = t.focus();
                if let (Ok(a), Ok(b)) = (
                    u32::try_from(editor::utf16(&value, m.start)),
                    u32::try_from(editor::utf16(&value, m.end)),
                ) {
                    let _ = t.set_selection_range(a, b);
                }
            }
        });
    }
    let text: &str = &props.value;
    let backdrop_content = match props
        .mark
        .and_then(|(m, k)| split_marked(text, m).map(|s| (s, k)))
    {
        Some(((before, middle, after), kind)) => {
            let class = match kind {
                MarkKind::Selected => "mark-selected",
                MarkKind::Error => "mark-error",
            };
            html! { <>{ before.to_owned() }<mark class={class}>{ middle }</mark>{ after.to_owned() }{ "\n" }</> }
        }
        None => html! { <>{ text.to_owned() }{ "\n" }</> },
    };
    let host_id = format!("{}-editor", props.id);
    html! {
        <div class="field policy">
            <div class="label-row">
                <label for={if *mounted { host_id.clone() } else { props.id.to_string() }}>{ props.label.clone() }</label>
                <div class="toolbar">{ props.children.clone() }</div>
            </div>
            <div id={host_id} class={classes!("cm-host", props.compact.then_some("compact"), (!*mounted).then_some("waiting"))}
                ref={host} data-ready={mounted.to_string()} />
            if !*mounted {
                <div class={classes!("editor", props.compact.then_some("compact"))}>
                    <pre class="backdrop" aria-hidden="true" ref={backdrop}>{ backdrop_content }</pre>
                    <textarea id={props.id.clone()} class="code" rows={if props.compact { "10" } else { "18" }} spellcheck="false" wrap="soft"
                        autocomplete="off" autocapitalize="off" ref={textarea} placeholder={props.placeholder.clone()}
                        value={props.value.clone()} oninput={on_input(props.onchange.clone())} {onscroll} />
                </div>
            }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::Doc;

    fn m(start: usize, end: usize) -> Mark {
        Mark {
            start,
            end,
            line: 1,
            doc: Doc::Policy,
        }
    }

    #[test]
    fn marks_split_on_character_boundaries() {
        assert_eq!(
            split_marked("abcdef", m(1, 3)),
            Some(("a", "bc".to_owned(), "def"))
        );
        assert_eq!(
            split_marked("abc", m(1, 1)),
            Some(("a", "b".to_owned(), "c"))
        );
        assert_eq!(
            split_marked("abc", m(3, 3)),
            Some(("abc", " ".to_owned(), ""))
        );
        assert_eq!(
            split_marked("a\nb", m(1, 1)),
            Some(("a", " \n".to_owned(), "b"))
        );
        assert_eq!(
            split_marked("ab", m(9, 12)),
            Some(("ab", " ".to_owned(), ""))
        );
        // Not on a character boundary: no mark rather than a panic.
        assert_eq!(split_marked("é", m(1, 2)), None);
        assert_eq!(split_marked("éa", m(0, 0)), Some(("", "é".to_owned(), "a")));
    }
}
