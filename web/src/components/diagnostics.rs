//! The findings about the inputs, each with its code's documentation.

use std::rc::Rc;

use oidc_trust::Severity;
use oidc_trust::codes::{self, Group};
use oidc_trust::diagnostic::{Diagnostic, Source};
use yew::prelude::*;

use super::lazy_details::LazyDetails;
use super::place_view;
use crate::state::{Doc, Mark, Places};

/// Findings shown before a "show all" button.
const SHOWN: usize = 40;

/// Props of [`Diagnostics`].
#[derive(Debug, Properties, PartialEq)]
pub struct DiagnosticsProps {
    /// The answer.
    pub answer: Rc<crate::answer::Answer>,
    /// Which editor each finding points into, and whether its spans still fit.
    pub places: Places,
    /// Marks a place in the policy or an RCP.
    pub onselect: Callback<Option<Mark>>,
    /// The texts of the editors (for the previews of fixes).
    pub texts: Rc<super::hints::Texts>,
    /// Applies a fix through its editor.
    pub onapply: Callback<(Doc, oidc_trust::diagnostic::Edit)>,
}

fn has_docs(code: &str) -> bool {
    codes::code(code).is_some()
}

/// What a code means: its summary, and a lint's documentation page (read when first
/// opened, [`super::markdown::LintDoc`]).
pub fn code_docs(code: &str) -> Option<Html> {
    let c = codes::code(code)?;
    Some(html! {
        <>
            <p class="doc-summary">{ super::ticked(c.summary) }</p>
            if c.kind == codes::CodeKind::Lint {
                <super::markdown::LintDoc id={c.id} />
            }
        </>
    })
}

fn source_name(target: oidc_trust::api::Target, s: Source) -> &'static str {
    if let Some(doc) = crate::targets::ConfigDoc::for_source(target, s) {
        return doc.info().short;
    }
    match s {
        Source::Request => "request",
        Source::Token => "token",
        Source::Policy => "policy",
        Source::Providers => "provider settings",
        Source::Call => "call parameters",
        Source::Rcp => "resource control policy",
    }
}

/// One finding.
fn finding(d: &Diagnostic, props: &DiagnosticsProps, followers: usize) -> Html {
    let (class, label) = match d.severity {
        Severity::Error => ("error", "error"),
        Severity::Warning => ("warning", "warning"),
        Severity::Info => ("info", "info"),
    };
    let place = place_view(
        &props.places,
        d.source,
        d.document,
        d.span,
        &props.onselect,
        true,
    );
    let doc = props.places.doc(d.source, d.document);
    html! {
        <li class={classes!("diagnostic", class)} data-code={d.code}>
            <p class="diag-message"><span class="badge">{ label }</span>{ " " }{ super::ticked(&super::verdict::sentence(&d.message)) }</p>
            if let Some(help) = &d.help {
                <p class="diag-help">{ super::ticked(help) }</p>
            }
            { super::hints::fix_view(d.edit.as_ref(), doc, &props.places, &props.texts, &props.onapply) }
            <p class="diag-meta">
                <code class="diag-code">{ d.code }</code>
                <span class="diag-source">{ format!(" in the {} ", source_name(props.answer.target, d.source)) }</span>
                { place }
            </p>
            if followers > 0 {
                <p class="diag-followers">{ format!("{followers} more finding{} follow{} from the same mistake (see What to change).", if followers == 1 { "" } else { "s" }, if followers == 1 { "s" } else { "" }) }</p>
            }
            if has_docs(d.code) {
                <LazyDetails class="diag-docs" summary={format!("About {}", d.code)}
                    content={
                        let code = d.code;
                        Callback::from(move |()| code_docs(code).unwrap_or_default())
                    } />
            }
        </li>
    }
}

/// The findings, grouped (Invalid, Security, Will never match, Style, Notes, in that order,
/// with counts); findings that follow from a hint's mistake are folded into one line under
/// the group of the first of them.
#[component]
pub fn Diagnostics(props: &DiagnosticsProps) -> Html {
    let ds = &props.answer.diagnostics;
    let show_all = use_state(|| false);
    let limit = if *show_all { usize::MAX } else { SHOWN };
    let more = {
        let show_all = show_all.clone();
        Callback::from(move |_: MouseEvent| show_all.set(true))
    };
    let causes = crate::fixes::caused_by(&props.answer);
    let group_of = |d: &Diagnostic| codes::code(d.code).map_or(Group::Note, |c| c.group);
    let mut groups: Vec<Group> = ds.iter().map(group_of).collect();
    groups.sort();
    groups.dedup();
    let mut shown = 0usize;
    html! {
        <section class="card diagnostics" id="diagnostics" aria-labelledby="diagnostics-title">
            <h2 id="diagnostics-title">{ format!("Findings ({})", ds.len()) }</h2>
            if ds.is_empty() {
                <p class="hint">{ "Nothing to report about the inputs." }</p>
            }
            { for groups.into_iter().map(|g| {
                let members: Vec<(usize, &Diagnostic)> = ds.iter().enumerate().filter(|(_, d)| group_of(d) == g).collect();
                let followed: Vec<usize> = members.iter().filter(|(i, _)| causes.get(*i).copied().flatten().is_some()).map(|(i, _)| *i).collect();
                let items: Vec<Html> = members.iter().filter(|(i, _)| !followed.contains(i)).filter_map(|(_, d)| {
                    shown += 1;
                    (shown <= limit).then(|| finding(d, props, 0))
                }).collect();
                let slug = g.id();
                html! {
                    <div class="diag-group" data-group={slug}>
                        <h3>{ format!("{} ({})", g.title(), members.len()) }</h3>
                        <ul class="diagnostic-list">{ for items }</ul>
                        if !followed.is_empty() {
                            <details class="followers" id={format!("followers-{slug}")}>
                                <summary>{ format!("{} more finding{} follow{} from a mistake under What to change", followed.len(), if followed.len() == 1 { "" } else { "s" }, if followed.len() == 1 { "s" } else { "" }) }</summary>
                                <ul class="diagnostic-list">{ for followed.iter().filter_map(|i| ds.get(*i)).map(|d| finding(d, props, 0)) }</ul>
                            </details>
                        }
                    </div>
                }
            }) }
            if ds.len() > limit {
                <button type="button" class="copy more" onclick={more}>
                    { format!("Show all {} findings", ds.len()) }
                </button>
            }
        </section>
    }
}
