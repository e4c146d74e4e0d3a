//! The resource control policies' traces, rendered like the trust policy's: selecting a
//! statement or condition marks it in that RCP's editor.

use std::rc::Rc;

use oidc_trust::api::{KeyInfo, RcpTrace};
use yew::prelude::*;

use super::trace::{TraceContext, policy_trace};
use crate::state::{Doc, Mark, Places};

/// Props of [`RcpTraces`].
#[derive(Debug, Properties, PartialEq)]
pub struct RcpTracesProps {
    /// The RCPs' evaluations (`analysis.rcps`): one per RCP and action.
    pub rcps: Vec<RcpTrace>,
    /// Which editor each RCP is in.
    pub places: Places,
    /// The request's keys.
    pub keys: Rc<[KeyInfo]>,
    /// The marked place.
    pub selected: Option<Mark>,
    /// Picks (or unpicks) a place.
    pub onselect: Callback<Option<Mark>>,
}

/// Every RCP's evaluation, once the RCPs were consulted. An RCP holds at most 5,120
/// characters, so every statement is shown.
#[component]
pub fn RcpTraces(props: &RcpTracesProps) -> Html {
    if props.rcps.is_empty() {
        return html! {};
    }
    html! {
        <section class="card trace rcp-traces" id="rcp-traces" aria-labelledby="rcp-traces-title">
            <h2 id="rcp-traces-title">{ "Resource control policies" }</h2>
            <p class="hint">{ "Only a Deny matters: RCPFullAWSAccess, attached everywhere, allows the rest. Select a statement or condition to mark it in its RCP." }</p>
            { for props.rcps.iter().filter_map(|r| {
                let editor = props.places.rcp_editor(r.index)?;
                let doc = Doc::Rcp(editor);
                let at = TraceContext {
                    doc,
                    selected: props.selected.filter(|_| props.places.current(doc)),
                    onselect: &props.onselect,
                    keys: &props.keys,
                };
                Some(html! {
                    <div class="rcp-trace" data-document={r.index.to_string()}>
                        <h3>{ format!("RCP {} · {}", editor + 1, r.name) }</h3>
                        { policy_trace(&r.policy, &at, usize::MAX) }
                    </div>
                })
            }) }
        </section>
    }
}
