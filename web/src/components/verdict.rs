//! The verdict banner and the stage list.

use std::rc::Rc;

use oidc_trust::Analysis;
use oidc_trust::api::StageStatus;
use yew::prelude::*;

use super::copy::CopyButton;
use super::{clip, stage_name, ticked};

/// Characters of a summary shown (the copy button copies all of it).
const SUMMARY_CHARS: usize = 600;

/// Props of [`Verdict`].
#[derive(Debug, Properties, PartialEq)]
pub struct VerdictProps {
    /// The analysis.
    pub analysis: Rc<Analysis>,
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
pub fn verdict_text(a: &Analysis) -> String {
    let word = if a.accepted { "Accepted" } else { "Refused" };
    let error = a
        .aws_error
        .as_ref()
        .map(|e| format!(" with {}: {}", e.code, e.message))
        .unwrap_or_default();
    format!(
        "{word}{error} (decided at the {} stage)\n{}",
        stage_name(a.stage),
        a.summary.replace('`', "")
    )
}

/// The large verdict: accepted, or refused with AWS's exact error and the deciding stage.
#[component]
pub fn Verdict(props: &VerdictProps) -> Html {
    let a = &props.analysis;
    let class = classes!(
        "verdict",
        if a.accepted { "accepted" } else { "refused" },
        props.pending.then_some("pending")
    );
    {
        // The first verdict on screen, for the load-time measurement.
        use_effect_with((), |()| {
            if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
                let _ = p.mark("first-verdict");
            }
        });
    }
    html! {
        <section id="verdict" {class} aria-live="polite" aria-busy={(props.pending || props.busy).to_string()}
            data-accepted={a.accepted.to_string()} data-stage={a.stage.as_str()}
            data-generation={props.generation.to_string()} data-eval-ms={props.eval_ms.clone()}>
            <div class="verdict-head">
                <p class="verdict-word">
                    <span class="verdict-icon" aria-hidden="true">{ if a.accepted { "✓" } else { "✗" } }</span>
                    { if a.accepted { "Accepted" } else { "Refused" } }
                </p>
                <CopyButton text={verdict_text(a)} label="Copy verdict" id="copy-verdict" />
            </div>
            if let Some(e) = &a.aws_error {
                <p class="aws-error" id="aws-error">
                    <code class="aws-code">{ e.code.clone() }</code>{ ": " }
                    <span class="aws-message">{ e.message.clone() }</span>
                    if !e.observed {
                        <span class="aws-unconfirmed" id="aws-unconfirmed">{ "AWS was not seen answering this case; the text is oidc-trust's best reading." }</span>
                    }
                </p>
            } else if a.accepted {
                <p class="aws-error">{ "AWS returns temporary credentials." }</p>
            }
            <p class="decided" id="decided">{ "Decided at the " }<strong>{ stage_name(a.stage) }</strong>{ " stage." }</p>
            <p class="summary" id="summary">{ ticked(&clip(&a.summary, SUMMARY_CHARS)) }</p>
        </section>
    }
}

/// Props of [`Stages`].
#[derive(Debug, Properties, PartialEq)]
pub struct StagesProps {
    /// The analysis.
    pub analysis: Rc<Analysis>,
}

/// Every stage of `AssumeRoleWithWebIdentity`, in AWS's order.
#[component]
pub fn Stages(props: &StagesProps) -> Html {
    html! {
        <section class="card stages" aria-labelledby="stages-title">
            <h2 id="stages-title">{ "How AWS got there" }</h2>
            <ol class="stage-list">
                { for props.analysis.stages.iter().map(|s| {
                    let (class, icon, label) = match s.status {
                        StageStatus::Passed => ("passed", "✓", "passed"),
                        StageStatus::Failed => ("failed", "✗", "failed"),
                        StageStatus::NotReached => ("not-reached", "–", "not reached"),
                        StageStatus::NotChecked => ("not-checked", "·", "not checked"),
                    };
                    html! {
                        <li class={classes!("stage", class)} data-stage={s.stage.as_str()}>
                            <span class="stage-icon" aria-hidden="true">{ icon }</span>
                            <span class="stage-name">{ stage_name(s.stage) }</span>
                            <span class="visually-hidden">{ format!(" {label}: ") }</span>
                            <span class="stage-detail">{ ticked(&clip(&s.detail, SUMMARY_CHARS)) }</span>
                        </li>
                    }
                }) }
            </ol>
        </section>
    }
}
