//! The verdict banner (four states: accepted, accepted with warnings, refused, can't decide
//! yet), the compact bar that keeps it in view, and the stage list.

use std::rc::Rc;

use oidc_trust::api::{StageStatus, VerdictState};
use oidc_trust::codes::{self, Group};
use oidc_trust::diagnostic::{Diagnostic, Source, lint_warnings};
use yew::prelude::*;

use super::copy::CopyButton;
use super::{clip, ticked};
use crate::answer::Answer;
use crate::inputs::TooLarge;
use crate::state::{Mark, Places};

/// Characters of a summary shown (the copy button copies all of it).
const SUMMARY_CHARS: usize = 600;

/// Props of [`Verdict`].
#[derive(Debug, Properties, PartialEq)]
pub struct VerdictProps {
    /// The answer.
    pub answer: Rc<Answer>,
    /// Boxes too large to read, if any.
    #[prop_or_default]
    pub too_large: Vec<TooLarge>,
    /// Which editor each finding points into.
    pub places: Places,
    /// Marks (and moves the cursor to) a place in an editor.
    pub onselect: Callback<Option<Mark>>,
    /// Bumped on every evaluation (for measurements and tests).
    pub generation: u64,
    /// Whether the inputs changed since (an evaluation is pending).
    pub pending: bool,
    /// Whether the details below are still being rendered.
    #[prop_or_default]
    pub busy: bool,
    /// How long the analysis took, in milliseconds (for measurements).
    pub eval_ms: AttrValue,
}

/// The verdict in words, as the copy button copies it.
pub fn verdict_text(a: &Answer) -> String {
    let error = a
        .error
        .as_ref()
        .filter(|_| a.state == VerdictState::Refused)
        .map(|e| format!(" with {}: {}", e.code, e.message))
        .unwrap_or_default();
    format!(
        "{}{error} (decided at the {} stage)\n{}",
        title(a.state),
        a.stage_name.replace('`', ""),
        a.summary.replace('`', "")
    )
}

/// The state's name, for people.
pub fn title(state: VerdictState) -> &'static str {
    match state {
        VerdictState::Accepted => "Accepted",
        VerdictState::AcceptedWithWarnings => "Accepted, with warnings",
        VerdictState::Refused => "Refused",
        VerdictState::Undecided => "Can't decide yet",
    }
}

/// The state's class and icon.
pub fn look(state: VerdictState) -> (&'static str, &'static str) {
    match state {
        VerdictState::Accepted => ("accepted", "✓"),
        VerdictState::AcceptedWithWarnings => ("warned", "✓"),
        VerdictState::Refused => ("refused", "✗"),
        VerdictState::Undecided => ("undecided", "?"),
    }
}

/// `s` with its first letter capitalised and a final period.
pub fn sentence(s: &str) -> String {
    let mut chars = s.trim().chars();
    let mut out: String = chars
        .next()
        .map(|c| c.to_uppercase().collect())
        .unwrap_or_default();
    out.push_str(chars.as_str());
    if !out.ends_with(['.', '?', '!']) {
        out.push('.');
    }
    out
}

/// The headline: one sentence in the person's words, for the state.
pub fn headline(a: &Answer, too_large: &[TooLarge]) -> String {
    if let Some(t) = too_large.first() {
        return t.message();
    }
    match a.state {
        VerdictState::Accepted => match a.target {
            oidc_trust::api::Target::Aws => {
                "AWS would return temporary credentials for this token.".to_owned()
            }
            _ => sentence(&a.summary),
        },
        VerdictState::AcceptedWithWarnings => match lint_warnings(&a.diagnostics).first() {
            Some(w) if codes::code(w.code).is_some_and(|c| c.group == Group::Security) => {
                format!(
                    "Accepted, but it also admits tokens it probably should not: {}",
                    sentence(&w.message)
                )
            }
            Some(w) => format!("Accepted, but {}", sentence(&w.message)),
            None => "Accepted, with warnings below.".to_owned(),
        },
        VerdictState::Refused => match a.hints.first() {
            Some(h) => sentence(&h.message),
            None => sentence(a.failed_detail()),
        },
        VerdictState::Undecided => match (a.input_error(), &a.missing) {
            (Some(d), _) => sentence(&d.message),
            (None, Some(missing)) => missing.clone(),
            (None, None) => match a
                .hints
                .iter()
                .find(|h| h.code == codes::CONTEXT_KEY_UNKNOWN)
            {
                Some(h) => sentence(&format!("{}: {}", h.message, h.fix)),
                None => sentence(&a.summary),
            },
        },
    }
}

/// How many lints warn: a count, so the warnings are neither collected nor sorted on each
/// render ([`lint_warnings`] orders them, for the headline's first).
fn lint_warning_count(a: &Answer) -> usize {
    a.diagnostics.iter().filter(|d| d.is_lint_warning()).count()
}

/// The state the verdict shows: undecided while an input is too large to evaluate.
fn shown_state(a: &Answer, too_large: &[TooLarge]) -> VerdictState {
    if too_large.is_empty() {
        a.state
    } else {
        VerdictState::Undecided
    }
}

/// The large verdict.
#[component]
pub fn Verdict(props: &VerdictProps) -> Html {
    let a = &props.answer;
    let state = shown_state(a, &props.too_large);
    let (kind, icon) = look(state);
    let class = classes!("verdict", kind, props.pending.then_some("pending"));
    {
        // The first verdict on screen, for the load-time measurement.
        use_effect_with((), |()| {
            if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
                let _ = p.mark("first-verdict");
            }
        });
    }
    // "Go to line N" for an input error in an editor.
    let goto = a
        .input_error()
        .filter(|_| state == VerdictState::Undecided && props.too_large.is_empty())
        .and_then(|d| {
            let span = d.span?;
            let doc = props.places.doc(d.source, d.document)?;
            props
                .places
                .current(doc)
                .then_some((Mark::at(span, doc), doc))
        })
        .map(|(mark, doc)| {
            let onselect = props.onselect.clone();
            let onclick = Callback::from(move |_: MouseEvent| onselect.emit(Some(mark)));
            html! {
                <button type="button" class="goto" id="goto-error" {onclick}>
                    { format!("Go to {}", doc.place(mark.line)) }
                </button>
            }
        });
    let cloud_error = a.error.as_ref().filter(|_| state == VerdictState::Refused);
    let warnings = lint_warning_count(a);
    html! {
        <section id="verdict" {class} aria-labelledby="verdict-title" aria-live="polite"
            aria-busy={(props.pending || props.busy).to_string()}
            data-state={kind} data-accepted={a.accepted.to_string()} data-stage={a.stage.clone()} data-target={a.target.as_str()}
            data-generation={props.generation.to_string()} data-eval-ms={props.eval_ms.clone()}>
            <div class="verdict-head">
                // `elementtiming`: the browser reports when the verdict was first painted
                // (the load-time measurement's first verdict).
                <h2 class="verdict-word" id="verdict-title" elementtiming="verdict">
                    <span class="verdict-icon" aria-hidden="true">{ icon }</span>
                    { title(state) }
                    if state == VerdictState::AcceptedWithWarnings && warnings > 1 {
                        <span class="verdict-count">{ format!(" · {warnings}") }</span>
                    }
                </h2>
                <CopyButton text={verdict_text(a)} label="Copy verdict" id="copy-verdict" />
            </div>
            <p class="headline" id="headline">{ ticked(&clip(&headline(a, &props.too_large), SUMMARY_CHARS)) }</p>
            { for goto }
            if let Some(e) = cloud_error {
                <p class="cloud-error" id="cloud-error">
                    <span class="cloud-label">{ format!("{} answers ", a.cloud) }</span>
                    <code class="cloud-code">{ e.code.clone() }</code>{ ": " }
                    <span class="cloud-message">{ e.message.clone() }</span>
                    if !e.observed {
                        <span class="cloud-unconfirmed" id="cloud-unconfirmed">{ format!("{} was not seen answering this case; the text is oidc-trust's best reading.", a.cloud) }</span>
                    }
                </p>
                <p class="decided" id="decided">{ "Decided at the " }<strong>{ ticked(a.stage_name) }</strong>{ " stage." }</p>
            }
            if state == VerdictState::Undecided {
                <p class="decided" id="decided">{
                    if a.input_error().is_none() && a.missing.is_some() {
                        format!("No {} answer until then.", a.cloud)
                    } else {
                        format!("No {} answer is shown for an input the tool could not read.", a.cloud)
                    }
                }</p>
            }
        </section>
    }
}

/// Props of [`VerdictBar`].
#[derive(Debug, Properties, PartialEq)]
pub struct VerdictBarProps {
    /// The answer.
    pub answer: Rc<Answer>,
    /// Boxes too large to read, if any.
    #[prop_or_default]
    pub too_large: Vec<TooLarge>,
}

/// The compact verdict that stays in view at the top of narrow screens (the banner is below
/// the inputs there); it links to the banner.
#[component]
pub fn VerdictBar(props: &VerdictBarProps) -> Html {
    let a = &props.answer;
    let state = shown_state(a, &props.too_large);
    let (kind, icon) = look(state);
    let fixes = a.hints.len();
    let detail = match state {
        VerdictState::Refused => {
            let code = a.error.as_ref().map(|e| e.code.clone()).unwrap_or_default();
            if fixes > 0 {
                format!("{code} · {fixes} fix{}", if fixes == 1 { "" } else { "es" })
            } else {
                code
            }
        }
        VerdictState::AcceptedWithWarnings => {
            format!("{} warning(s)", lint_warning_count(a))
        }
        _ => String::new(),
    };
    html! {
        <a class={classes!("verdict-bar", kind)} id="verdict-bar" href="#verdict" aria-hidden="true" tabindex="-1">
            <span class="verdict-icon">{ icon }</span>
            <strong>{ title(state) }</strong>
            if !detail.is_empty() { <span class="bar-detail">{ format!(" · {detail}") }</span> }
        </a>
    }
}

/// Props of [`Stages`].
#[derive(Debug, Properties, PartialEq)]
pub struct StagesProps {
    /// The answer.
    pub answer: Rc<Answer>,
}

/// Every stage of the target's decision, in the cloud's order (for AWS, those of
/// `AssumeRoleWithWebIdentity`).
#[component]
pub fn Stages(props: &StagesProps) -> Html {
    // No stages yet (the whole page is loading for another target).
    if props.answer.stages.is_empty() {
        return Html::default();
    }
    html! {
        <section class="card stages" aria-labelledby="stages-title">
            <h2 id="stages-title">{ format!("How {} got there", props.answer.cloud) }</h2>
            <ol class="stage-list">
                { for props.answer.stages.iter().map(|s| {
                    let (class, icon, label) = match s.status {
                        StageStatus::Passed => ("passed", "✓", "passed"),
                        StageStatus::Failed => ("failed", "✗", "failed"),
                        StageStatus::NotReached => ("not-reached", "–", "not reached"),
                        StageStatus::NotChecked => ("not-checked", "·", "not checked"),
                    };
                    html! {
                        <li class={classes!("stage", class)} data-stage={s.id.clone()}>
                            <span class="stage-icon" aria-hidden="true">{ icon }</span>
                            <span class="stage-name">{ ticked(s.name) }</span>
                            <span class="visually-hidden">{ format!(" {label}: ") }</span>
                            <span class="stage-detail">{ ticked(&clip(&s.detail, SUMMARY_CHARS)) }</span>
                        </li>
                    }
                }) }
            </ol>
        </section>
    }
}

/// Whether a finding is about one of the editors' texts.
pub fn in_editor(d: &Diagnostic) -> bool {
    matches!(d.source, Source::Policy | Source::Rcp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_read_as_sentences() {
        assert_eq!(
            sentence("the token has no `aud`"),
            "The token has no `aud`."
        );
        assert_eq!(sentence("done."), "Done.");
        assert_eq!(sentence(""), ".");
    }

    #[test]
    fn each_state_has_its_headline() {
        let analyze = |id: &str| {
            let e = crate::examples::find(id).unwrap();
            Answer::aws(&crate::state::analyze(&e.inputs(), 0).1)
        };
        let a = analyze("github-tag-release");
        assert_eq!(a.state, VerdictState::Accepted);
        assert!(headline(&a, &[]).starts_with("AWS would return"));
        let a = analyze("overbroad-repo-wildcard");
        assert_eq!(a.state, VerdictState::AcceptedWithWarnings);
        let h = headline(&a, &[]);
        assert!(h.starts_with("Accepted, but it also admits tokens"), "{h}");
        let a = analyze("policy-syntax-error");
        assert_eq!(a.state, VerdictState::Undecided);
        let h = headline(&a, &[]);
        assert!(h.starts_with("The trust policy is not JSON"), "{h}");
        assert!(
            headline(&a, &[TooLarge::Token(1 << 24)]).starts_with("The token box holds 16.0 MB")
        );
        let a = analyze("gitlab-branch-refused");
        assert_eq!(a.state, VerdictState::Refused);
        assert!(
            !headline(&a, &[]).contains(": statement"),
            "one sentence, no chain"
        );
    }
}
