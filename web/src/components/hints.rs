//! What to change: the core's near-miss hints on a refusal, with the differing characters
//! marked and a link to the place in the policy.

use std::rc::Rc;

use oidc_trust::Hint;
use oidc_trust::diagnostic::Source;
use yew::prelude::*;

use oidc_trust::diagnostic::Edit;

use super::place_view;
use super::trace::diff_rows;
use super::{clip, ticked};
use crate::fixes::preview;
use crate::state::{Doc, Mark, Places};

/// Hints shown before a "show all" button.
const SHOWN: usize = 10;

/// Props of [`Hints`].
#[derive(Debug, Properties, PartialEq)]
pub struct HintsProps {
    /// The answer.
    pub answer: Rc<crate::answer::Answer>,
    /// Which editor each hint points into, and whether its spans still fit.
    pub places: Places,
    /// Marks a place in the policy or an RCP.
    pub onselect: Callback<Option<Mark>>,
    /// The texts of the editors (for the previews of fixes).
    pub texts: Rc<Texts>,
    /// Applies a fix through its editor.
    pub onapply: Callback<(Doc, Edit)>,
}

/// The editors' texts, for fixes' previews.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Texts {
    /// The trust policy.
    pub policy: String,
    /// The RCP editors', by editor.
    pub rcps: Vec<String>,
    /// The other targets' boxes.
    pub configs: crate::targets::Configs,
}

impl Texts {
    /// The text of an editor.
    pub fn of(&self, doc: Doc) -> Option<&str> {
        match doc {
            Doc::Policy => Some(&self.policy),
            Doc::Rcp(i) => self.rcps.get(i).map(String::as_str),
            Doc::Config(d) => Some(self.configs.text(d)),
        }
    }
}

/// A fix's preview and its Apply button, when the fix has an edit that fits the text on
/// screen.
pub fn fix_view(
    edit: Option<&Edit>,
    doc: Option<Doc>,
    places: &Places,
    texts: &Texts,
    onapply: &Callback<(Doc, Edit)>,
) -> Html {
    let (Some(edit), Some(doc)) = (edit, doc) else {
        return html! {};
    };
    if !places.current(doc) {
        return html! {};
    }
    let Some(p) = texts.of(doc).and_then(|t| preview(t, edit)) else {
        return html! {};
    };
    let onclick = {
        let (onapply, edit) = (onapply.clone(), edit.clone());
        Callback::from(move |_: MouseEvent| onapply.emit((doc, edit.clone())))
    };
    html! {
        <div class="fix-edit">
            <div class="preview" aria-label={format!("Preview of the change on {}", doc.place(p.line))}>
                <code class="preview-line removed"><span class="sign" aria-hidden="true">{ "−" }</span>{ clip(p.before.trim(), 160) }</code>
                <code class="preview-line added"><span class="sign" aria-hidden="true">{ "+" }</span>{ clip(p.after.trim(), 160) }</code>
            </div>
            <button type="button" class="apply" {onclick}
                title="Makes the change in the editor; Ctrl+Z undoes it">
                { format!("Apply: {}", edit.title.replace('`', "")) }
            </button>
        </div>
    }
}

/// Characters two strings share at the start.
fn common_chars(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

fn diff_view(h: &Hint) -> Html {
    let (Some(closest), Some(request)) = (&h.closest, &h.request_value) else {
        return html! {};
    };
    let at = h.offset.unwrap_or_else(|| common_chars(request, closest));
    let label = match h.source {
        Source::Providers => "provider",
        Source::Rcp => "RCP",
        _ => "policy",
    };
    diff_rows(
        None,
        (request, at),
        (label, closest, at.min(common_chars(request, closest))),
    )
}

/// The hints, if any.
#[component]
pub fn Hints(props: &HintsProps) -> Html {
    let hints = &props.answer.hints;
    let show_all = use_state(|| false);
    if hints.is_empty() {
        return html! {};
    }
    let limit = if *show_all { usize::MAX } else { SHOWN };
    let more = {
        let show_all = show_all.clone();
        Callback::from(move |_: MouseEvent| show_all.set(true))
    };
    html! {
        <section class="card hints" id="hints" aria-labelledby="hints-title">
            <h2 id="hints-title">{ "What to change" }</h2>
            <ul class="hint-list">
                { for hints.iter().take(limit).map(|h| {
                    let place = place_view(&props.places, h.source, h.document, h.span, &props.onselect, false);
                    let doc = props.places.doc(h.source, h.document);
                    html! {
                        <li class="hint-item" data-code={h.code}>
                            <p class="hint-message">{ ticked(&super::verdict::sentence(&h.message)) }</p>
                            { diff_view(h) }
                            <p class="hint-fix"><strong>{ "Fix: " }</strong>{ ticked(&h.fix) }</p>
                            { fix_view(h.edit.as_ref(), doc, &props.places, &props.texts, &props.onapply) }
                            <p class="diag-meta">
                                <code class="diag-code">{ h.code }</code>{ " " }
                                <code class="pointer">{ h.pointer.clone() }</code>{ " " }
                                { place }
                            </p>
                        </li>
                    }
                }) }
            </ul>
            if hints.len() > limit {
                <button type="button" class="copy more" onclick={more}>
                    { format!("Show all {} hints", hints.len()) }
                </button>
            }
        </section>
    }
}
