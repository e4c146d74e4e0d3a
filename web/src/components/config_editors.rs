//! The configuration editors of a target other than AWS (the credentials, the pool provider
//! and IAM policy, the Vault role and mount configuration, the trusted publishers), each the
//! same [`PolicyEditor`] as AWS's trust policy, with the answer's places marked in the box
//! they are about; and the registry menu for trusted publishing.

use std::rc::Rc;

use oidc_trust::api::Target;
use yew::prelude::*;

#[cfg(feature = "targets")]
use super::copy::CopyButton;
use super::policy_editor::{MarkKind, PolicyEditor};
use crate::state::{Doc, EditRequest, Mark, edit_for};
#[cfg(feature = "targets")]
use crate::targets::write_options;
use crate::targets::{ConfigDoc, Configs, Registry, WriteChoice};

/// Props of [`ConfigEditors`].
#[derive(Debug, Properties, PartialEq)]
pub struct ConfigEditorsProps {
    /// The target whose boxes are shown.
    pub target: Target,
    /// The texts of the boxes, and the registry picked.
    pub configs: Configs,
    /// The place to mark in each box (the textarea's one mark).
    pub marks: Vec<(ConfigDoc, Option<(Mark, MarkKind)>)>,
    /// Every finding and hint in each box.
    pub diagnostics: Vec<(ConfigDoc, Rc<Vec<crate::editor::Mark>>)>,
    /// The last change asked of each editor ([`edit_for`]).
    #[prop_or_default]
    pub edits: Rc<[EditRequest]>,
    /// A box's text changed.
    pub onchange: Callback<(ConfigDoc, String)>,
    /// The registry menu changed.
    pub onregistry: Callback<Option<Registry>>,
    /// What the generator is asked to write.
    #[prop_or_default]
    pub writes: WriteChoice,
    /// The note on what the generator wrote, until a box is edited.
    #[prop_or_default]
    pub note: Option<AttrValue>,
    /// How to create it (the generator's commands).
    #[prop_or_default]
    pub steps: Rc<[String]>,
    /// The generator's menu changed.
    #[prop_or_default]
    pub onwrites: Callback<WriteChoice>,
    /// The generator's button was pressed.
    #[prop_or_default]
    pub onwrite: Callback<()>,
}

/// The generator of the target: its menu (the CLI's `generate --target` choices) and the
/// button that writes the target's boxes for the token, through each box's editor (so
/// Ctrl+Z undoes it); then its note and the commands that create what it wrote.
#[cfg(feature = "targets")]
fn write_panel(props: &ConfigEditorsProps) -> Html {
    let (options, what) = write_options(props.target);
    let onwrites = props.onwrites.clone();
    let onchange = Callback::from(move |e: Event| {
        if let Some(s) = e.target_dyn_into::<web_sys::HtmlSelectElement>() {
            let v = s.value();
            if let Some(o) = options.iter().find(|o| o.value == v) {
                onwrites.emit(o.choice);
            }
        }
    });
    let onclick = props.onwrite.reform(|_: MouseEvent| ());
    let steps = props.steps.join("\n");
    html! {
        <>
            <div class="toolbar write-config">
                <label for="write-choice" class="visually-hidden">{ "What the generator writes" }</label>
                <select id="write-choice" class="small" {onchange}>
                    { for options.iter().map(|o| html! {
                        <option value={o.value} selected={props.writes == o.choice}>{ o.label }</option>
                    }) }
                </select>
                <button type="button" id="write-config" class="copy" {onclick}>{ format!("Write {what} for this token") }</button>
            </div>
            if let Some(note) = &props.note {
                <div class="hint generated" id="generated-note">
                    <p>{ super::ticked(note) }{ " Ctrl+Z in a box brings its previous text back." }</p>
                    if !steps.is_empty() {
                        <p>{ "To create it:" }</p>
                        <pre class="code steps" id="write-steps">{ steps.clone() }</pre>
                        <CopyButton text={steps} label="Copy the commands" id="copy-steps" />
                    }
                </div>
            }
        </>
    }
}

/// The AWS-only module shows these boxes only while the whole page loads: no generator.
#[cfg(not(feature = "targets"))]
fn write_panel(_: &ConfigEditorsProps) -> Html {
    Html::default()
}

/// The registry menu (trusted publishing).
#[cfg(feature = "targets")]
fn registry_menu(current: Option<Registry>, onregistry: &Callback<Option<Registry>>) -> Html {
    let onregistry = onregistry.clone();
    let onchange = Callback::from(move |e: Event| {
        if let Some(s) = e.target_dyn_into::<web_sys::HtmlSelectElement>() {
            let v = s.value();
            onregistry.emit(Registry::ALL.iter().copied().find(|r| r.as_str() == v));
        }
    });
    html! {
        <div class="field registry">
            <label for="registry">{ "Registry" }</label>
            <select id="registry" {onchange}>
                <option value="" selected={current.is_none()}>{ "From the publishers' field names" }</option>
                { for Registry::ALL.iter().map(|r| html! {
                    <option value={r.as_str()} selected={current == Some(*r)}>{ r.name() }</option>
                }) }
            </select>
        </div>
    }
}

/// The registry menu, for trusted publishing.
#[cfg(feature = "targets")]
fn registry_field(props: &ConfigEditorsProps) -> Html {
    if props.target == Target::Publishing {
        registry_menu(props.configs.registry, &props.onregistry)
    } else {
        Html::default()
    }
}

/// No registry menu in the AWS-only module (it only shows these boxes while the whole page
/// loads).
#[cfg(not(feature = "targets"))]
fn registry_field(_: &ConfigEditorsProps) -> Html {
    Html::default()
}

/// The boxes of the target.
#[component]
pub fn ConfigEditors(props: &ConfigEditorsProps) -> Html {
    html! {
        <div class="configs" data-target={props.target.as_str()}>
            { registry_field(props) }
            { write_panel(props) }
            { for ConfigDoc::of(props.target).map(|b| {
                let doc = b.doc;
                let onchange = props.onchange.reform(move |v: String| (doc, v));
                let mark = props.marks.iter().find(|(d, _)| *d == doc).and_then(|(_, m)| *m);
                let marks = props
                    .diagnostics
                    .iter()
                    .find(|(d, _)| *d == doc)
                    .map(|(_, m)| m.clone())
                    .unwrap_or_default();
                let edit = edit_for(&props.edits, Doc::Config(doc));
                html! {
                    <PolicyEditor id={doc.id()} label={b.label} compact={!b.document.required}
                        placeholder={AttrValue::Static(b.placeholder)}
                        value={props.configs.text(doc).to_owned()} {mark} {marks} {edit} {onchange} />
                }
            }) }
        </div>
    }
}
