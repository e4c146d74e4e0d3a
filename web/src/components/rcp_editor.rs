//! The organization's resource control policies, one editor each.
//!
//! One editor per RCP rather than one box holding a JSON array: AWS Organizations keeps each
//! RCP as its own document with its own name, the answer names each one and locates its
//! findings by RCP and line, and a pasted RCP then reads exactly as the console shows it.

use yew::prelude::*;

use super::inputs::on_input;
use super::policy_editor::{MarkKind, PolicyEditor};
use crate::inputs::RcpInput;
use std::rc::Rc;

use crate::state::{Doc, EditRequest, Mark, edit_for};

/// What an empty RCP editor shows.
const PLACEHOLDER: &str = "Paste a resource control policy (JSON): {\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Deny\", \"Principal\": \"*\", \"Action\": \"sts:AssumeRoleWithWebIdentity\", \"Resource\": \"*\", \"Condition\": {...}}]}";

/// Props of [`RcpEditors`].
#[derive(Debug, Properties, PartialEq)]
pub struct RcpEditorsProps {
    /// The editors' RCPs (at least one, maybe blank).
    pub rcps: Vec<RcpInput>,
    /// The place to mark in each editor, by index.
    pub marks: Vec<Option<(Mark, MarkKind)>>,
    /// Every finding in each editor, by index.
    #[prop_or_default]
    pub diagnostics: Vec<Rc<Vec<crate::editor::Mark>>>,
    /// The last change asked of each editor ([`edit_for`]).
    #[prop_or_default]
    pub edits: Rc<[EditRequest]>,
    /// An RCP's text changed.
    pub onpolicy: Callback<(usize, String)>,
    /// An RCP's name changed.
    pub onname: Callback<(usize, String)>,
    /// "Add another RCP" was pressed.
    pub onadd: Callback<()>,
    /// An editor's "Remove" was pressed.
    pub onremove: Callback<usize>,
}

/// The RCP editors and the button that adds one.
#[component]
pub fn RcpEditors(props: &RcpEditorsProps) -> Html {
    let removable = props.rcps.len() > 1;
    html! {
        <div class="rcps">
            <p class="hint">{ "Resource control policies on the path from the root to the role's account (besides RCPFullAWSAccess). A blank one is left out." }</p>
            { for props.rcps.iter().enumerate().map(|(i, rcp)| {
                let name_id = format!("rcp-name-{i}");
                let onname = on_input(props.onname.reform(move |v: String| (i, v)));
                let onpolicy = props.onpolicy.reform(move |v: String| (i, v));
                let onremove = props.onremove.reform(move |_: MouseEvent| i);
                let mark = props.marks.get(i).copied().flatten();
                let marks = props.diagnostics.get(i).cloned().unwrap_or_default();
                let edit = edit_for(&props.edits, Doc::Rcp(i));
                html! {
                    <div class="rcp" data-editor={i.to_string()}>
                        <div class="field rcp-name">
                            <label for={name_id.clone()}>{ format!("RCP {} name", i + 1) }</label>
                            <input id={name_id} type="text" spellcheck="false" autocomplete="off"
                                placeholder={format!("RCP {}", i + 1)} value={rcp.name.clone()} oninput={onname} />
                        </div>
                        <PolicyEditor id={format!("rcp-{i}")} label={format!("RCP {} policy", i + 1)} compact=true
                            placeholder={AttrValue::Static(PLACEHOLDER)}
                            value={rcp.policy.clone()} {mark} {marks} {edit} onchange={onpolicy}>
                            if removable || !rcp.policy.is_empty() {
                                <button type="button" class="copy remove" onclick={onremove}
                                    aria-label={format!("Remove RCP {}", i + 1)}>{ "Remove" }</button>
                            }
                        </PolicyEditor>
                    </div>
                }
            }) }
            <button type="button" class="copy" id="add-rcp" onclick={props.onadd.reform(|_: MouseEvent| ())}>
                { "Add another RCP" }
            </button>
        </div>
    }
}
