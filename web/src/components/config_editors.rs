//! The configuration editors of a target other than AWS (the credentials, the pool provider
//! and IAM policy, the Vault role and mount configuration, the trusted publishers), each the
//! same [`PolicyEditor`] as AWS's trust policy, with the answer's places marked in the box
//! they are about; and the registry menu for trusted publishing.

use std::rc::Rc;

use oidc_trust::api::Target;
use yew::prelude::*;

use super::policy_editor::{MarkKind, PolicyEditor};
use crate::state::{Doc, EditRequest, Mark};
use crate::targets::{ConfigDoc, Configs, Registry};

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
    /// The last change asked of an editor.
    #[prop_or_default]
    pub edit: Option<EditRequest>,
    /// A box's text changed.
    pub onchange: Callback<(ConfigDoc, String)>,
    /// The registry menu changed.
    pub onregistry: Callback<Option<Registry>>,
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
                let edit = props.edit.clone().filter(|e| e.doc == Doc::Config(doc));
                html! {
                    <PolicyEditor id={doc.id()} label={b.label} compact={!b.document.required}
                        placeholder={AttrValue::Static(b.placeholder)}
                        value={props.configs.text(doc).to_owned()} {mark} {marks} {edit} {onchange} />
                }
            }) }
        </div>
    }
}
