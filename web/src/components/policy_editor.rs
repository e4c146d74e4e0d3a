//! A policy editor (the trust policy, an RCP): a textarea over a backdrop that marks a
//! place in the text (the condition picked in the trace, or a syntax error).

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlTextAreaElement, ScrollIntoViewOptions, ScrollLogicalPosition};
use yew::prelude::*;

use super::inputs::on_input;
use crate::state::Mark;

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
    /// The textarea's id.
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

/// A policy editor.
#[component]
pub fn PolicyEditor(props: &PolicyEditorProps) -> Html {
    let textarea = use_node_ref();
    let backdrop = use_node_ref();
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
    // A picked place scrolls into view; an error mark does not (it moves while typing).
    let selected = props
        .mark
        .filter(|(_, k)| *k == MarkKind::Selected)
        .map(|(m, _)| m);
    {
        let textarea = textarea.clone();
        use_effect_with(selected, move |selected| {
            if let (Some(m), Some(t)) = (selected, textarea.cast::<HtmlTextAreaElement>()) {
                let line = i32::try_from(m.line).unwrap_or(i32::MAX);
                t.set_scroll_top(line.saturating_sub(3).saturating_mul(LINE_PX).max(0));
                t.set_scroll_left(0);
                sync();
                let opts = ScrollIntoViewOptions::new();
                opts.set_block(ScrollLogicalPosition::Nearest);
                if let Some(el) = t.dyn_ref::<Element>() {
                    el.scroll_into_view_with_scroll_into_view_options(&opts);
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
    html! {
        <div class="field policy">
            <div class="label-row">
                <label for={props.id.clone()}>{ props.label.clone() }</label>
                <div class="toolbar">{ props.children.clone() }</div>
            </div>
            <div class={classes!("editor", props.compact.then_some("compact"))}>
                <pre class="backdrop" aria-hidden="true" ref={backdrop}>{ backdrop_content }</pre>
                <textarea id={props.id.clone()} class="code" rows={if props.compact { "10" } else { "18" }} spellcheck="false" wrap="off"
                    autocomplete="off" autocapitalize="off" ref={textarea} placeholder={props.placeholder.clone()}
                    value={props.value.clone()} oninput={on_input(props.onchange.clone())} {onscroll} />
            </div>
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
