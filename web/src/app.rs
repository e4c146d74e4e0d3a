//! The App component: wiring only. The inputs live in a reducer ([`State`]) updated on
//! every keystroke; the hooks in [`crate::hooks`] run the analysis on a debounced copy of
//! them, save them and follow share links; the components render one part each.

use std::cell::RefCell;
use std::rc::Rc;

use oidc_trust::Analysis;
use oidc_trust::api::Target;
use oidc_trust::codes::INVALID_POLICY_JSON;
use oidc_trust::diagnostic::Diagnostic;
use yew::prelude::*;

use crate::answer::Answer;
use crate::components::config_editors::ConfigEditors;
use crate::components::target_picker::TargetPicker;
use crate::components::target_trace::TargetTrace;
use crate::targets::{ConfigDoc, WriteChoice};

use crate::components::call_settings::CallSettings;
use crate::components::claims::ClaimsTable;
use crate::components::copy::CopyButton;
use crate::components::diagnostics::Diagnostics;
use crate::components::example_picker::ExamplePicker;
use crate::components::generate_panel::GeneratePanel;
use crate::components::hints::{Hints, Texts};
use crate::components::inputs::{ProviderSettings, TimeSetting, TokenInput};
use crate::components::policy_editor::{MarkKind, PolicyEditor};
use crate::components::rcp_editor::RcpEditors;
use crate::components::rcp_trace::RcpTraces;
use crate::components::share::SharePanel;
use crate::components::token_generator::TokenGenerator;
use crate::components::trace::TraceView;
use crate::components::verdict::{Stages, Verdict, VerdictBar};
use crate::hooks::{
    take_share_link, use_after_first_frame, use_debounced_analysis, use_persisted_inputs,
    use_share_link_listener,
};
use crate::state::{Action, Doc, Mark, Places, State, TokenTraits, why_no_trace};
use crate::{clock, storage};

/// What the empty policy editor shows: the one command that prints a role's trust policy.
pub const POLICY_PLACEHOLDER: &str = "Paste the role's trust policy (JSON). To print it:\n\n  aws iam get-role --role-name NAME --query Role.AssumeRolePolicyDocument\n\n(the whole get-role output, a URL-encoded document or lines from a CI log work too)";

/// Where the page starts: a share link, else the saved inputs, else the first example.
fn initial_state() -> State {
    // The whole page, started by the AWS-only module: on the inputs it had.
    if let Some(inputs) = crate::whole::take() {
        return State::with(inputs);
    }
    State::initial(storage::load(), take_share_link())
}

/// A callback that dispatches `make(value)`.
fn dispatching<T: 'static>(state: &UseReducerHandle<State>, make: fn(T) -> Action) -> Callback<T> {
    let d = state.dispatcher();
    Callback::from(move |v: T| d.dispatch(make(v)))
}

/// A callback that dispatches `make(a, b)` for a pair.
fn dispatching2<A: 'static, B: 'static>(
    state: &UseReducerHandle<State>,
    make: fn(A, B) -> Action,
) -> Callback<(A, B)> {
    let d = state.dispatcher();
    Callback::from(move |(a, b): (A, B)| d.dispatch(make(a, b)))
}

/// Whether a finding says its text cannot be read: AWS's policy not JSON, another
/// target's box not readable as its configuration.
fn unreadable(d: &Diagnostic, target: Target) -> bool {
    match target {
        Target::Aws => d.code == INVALID_POLICY_JSON,
        _ => crate::answer::is_input_error(d),
    }
}

/// What to mark in the textarea of `doc` (before the editor loads, and if it never does):
/// the place picked, else where its text cannot be read; nothing while the answer's spans
/// lag the text on screen.
fn editor_mark(
    state: &State,
    answer: &Answer,
    places: &Places,
    doc: Doc,
) -> Option<(Mark, MarkKind)> {
    if !places.current(doc) {
        return None;
    }
    let picked = state.selected.filter(|m| m.doc == doc);
    let error = || {
        answer
            .diagnostics
            .iter()
            .filter(|d| unreadable(d, answer.target))
            .find(|d| places.doc(d.source, d.document) == Some(doc))
            .and_then(|d| d.span)
            .map(|span| Mark::at(span, doc))
    };
    picked
        .map(|m| (m, MarkKind::Selected))
        .or_else(|| error().map(|m| (m, MarkKind::Error)))
}

/// The last answer whose configuration could be read, and its view: shown, dimmed, while
/// the configuration on screen cannot be.
#[derive(Clone)]
enum LastGood {
    /// AWS's, whose trust policy parsed.
    Aws(Rc<Analysis>, Rc<Answer>),
    /// Another target's, whose boxes parsed.
    Other(Rc<oidc_trust::api::AnyAnalysis>, Rc<Answer>),
}

impl LastGood {
    /// The target it answered for.
    fn target(&self) -> Target {
        match self {
            LastGood::Aws(..) => Target::Aws,
            LastGood::Other(o, _) => o.target(),
        }
    }
}

/// The box of another target's answer that cannot be read, if one cannot.
fn unreadable_box(a: &oidc_trust::api::AnyAnalysis) -> Option<ConfigDoc> {
    a.diagnostics()
        .iter()
        .filter(|d| unreadable(d, a.target()))
        .find_map(|d| ConfigDoc::for_source(a.target(), d.source))
}

/// The stages and the trace of the last answer whose configuration could be read (its
/// places are not marked: they point into a text no longer on screen).
fn stale_trace(last: &LastGood, places: &Places) -> Html {
    match last {
        LastGood::Aws(old, old_answer) => html! {
            <>
                <Stages answer={old_answer.clone()} />
                <TraceView trace={old.policy.clone()} tag_session={old.tag_session.clone()} keys={Rc::<[oidc_trust::api::KeyInfo]>::from(old.condition_keys.clone())}
                    why_none={""} selected={None::<Mark>} onselect={Callback::noop()} />
            </>
        },
        LastGood::Other(old, old_answer) => html! {
            <>
                <Stages answer={old_answer.clone()} />
                <TargetTrace analysis={old.clone()} places={places.clone()}
                    selected={None::<Mark>} onselect={Callback::noop()} />
            </>
        },
    }
}

/// The other targets' generator's menu and button (the whole page's alone).
#[cfg(feature = "targets")]
fn write_callbacks(state: &UseReducerHandle<State>) -> (Callback<WriteChoice>, Callback<()>) {
    let d = state.dispatcher();
    (
        dispatching(state, Action::SetWriteChoice),
        Callback::from(move |()| d.dispatch(Action::WriteConfig)),
    )
}

/// The AWS-only module shows another target's boxes only while the whole page loads.
#[cfg(not(feature = "targets"))]
fn write_callbacks(_: &UseReducerHandle<State>) -> (Callback<WriteChoice>, Callback<()>) {
    (Callback::noop(), Callback::noop())
}

/// Forgets what the page stored and the share link in the address bar.
fn forget_everything() -> Result<(), String> {
    if let Some(w) = web_sys::window()
        && let Ok(h) = w.history()
    {
        let path = w.location().pathname().unwrap_or_default();
        let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
    }
    storage::forget()
}

/// The page.
#[component]
pub fn App() -> Html {
    // `_eq`: actions that change nothing (a save that went well) do not render again.
    let state = use_reducer_eq(initial_state);
    let evaluated = use_debounced_analysis(&state.inputs);
    let details = use_after_first_frame();
    use_persisted_inputs(&evaluated.inputs, state.dispatcher());
    use_share_link_listener(state.dispatcher());
    {
        // The AWS-only module hands inputs for another target to the whole page (the
        // handle, not a copy of the inputs on every render: they are read when it runs).
        let state = state.clone();
        use_effect_with(state.inputs.target, move |target| {
            if !target.available()
                && let Err(e) = crate::whole::switch(&state.inputs)
            {
                state.dispatch(Action::Failed(e));
            }
        });
    }
    // The last answer whose trust policy could be read: shown, dimmed, while it cannot.
    let last_good: Rc<RefCell<Option<LastGood>>> = use_mut_ref(|| None);

    let on_token = dispatching(&state, Action::SetToken);
    let on_policy = dispatching(&state, Action::SetPolicy);
    let on_issuer = dispatching(&state, Action::SetIssuer);
    let on_client_ids = dispatching(&state, Action::SetClientIds);
    let on_account = dispatching(&state, Action::SetAccount);
    let on_provider = dispatching(&state, Action::SetProvider);
    let on_call_field = dispatching2(&state, Action::SetCall);
    let on_management = dispatching(&state, Action::SetManagementAccount);
    let on_context_open = dispatching(&state, Action::SetContextOpen);
    let on_rcp = dispatching2(&state, Action::SetRcp);
    let on_rcp_name = dispatching2(&state, Action::SetRcpName);
    let on_rcp_remove = dispatching(&state, Action::RemoveRcp);
    let on_rcp_add = {
        let d = state.dispatcher();
        Callback::from(move |()| d.dispatch(Action::AddRcp))
    };
    let on_at = dispatching(&state, Action::SetAt);
    let on_mode = dispatching(&state, Action::SetTime);
    let on_select = dispatching(&state, Action::Select);
    let on_share_token = dispatching(&state, Action::ShareToken);
    let on_scope = dispatching(&state, Action::SetScope);
    let on_pattern = dispatching(&state, Action::SetTagPattern);
    let on_remember = dispatching(&state, Action::RememberToken);
    let on_apply = dispatching2(&state, Action::ApplyEdit);
    let on_target = dispatching(&state, Action::SetTarget);
    let on_config = dispatching2(&state, Action::SetConfig);
    let on_registry = dispatching(&state, Action::SetRegistry);
    let on_mint_form = dispatching(&state, Action::SetMint);
    let (on_write_choice, on_write) = write_callbacks(&state);

    let on_clear = {
        let d = state.dispatcher();
        Callback::from(move |_: MouseEvent| {
            let forgot = forget_everything();
            d.dispatch(Action::Clear);
            if let Err(e) = forgot {
                d.dispatch(Action::Saved(Err(e)));
            }
        })
    };
    // Stable across renders, so the examples menu renders only when the example changes.
    let on_example = use_callback(state.dispatcher(), |id: String, d| {
        d.dispatch(Action::LoadExample(id));
    });
    let answer = evaluated.answered.answer.clone();
    let target = state.inputs.target;
    // AWS's answer, when the inputs evaluated are for AWS (another target's otherwise).
    let aws = evaluated.answered.aws.clone();
    let other = evaluated.answered.other.clone();
    let (_, claims) = crate::targets::decoded(aws.as_deref(), other.as_deref());
    let traits = TokenTraits::of(claims);
    let on_mint = {
        let d = state.dispatcher();
        let audience = crate::targets::audience(target, other.as_deref());
        Callback::from(move |()| {
            d.dispatch(Action::Mint {
                clock: clock::seconds(),
                audience: audience.clone(),
            });
        })
    };
    let on_generate = {
        let d = state.dispatcher();
        let known_account = aws
            .as_ref()
            .and_then(|a| a.provider.as_ref())
            .and_then(|p| p.account.clone());
        Callback::from(move |placement| {
            d.dispatch(Action::Generate {
                placement,
                clock: clock::seconds(),
                known_account: known_account.clone(),
                traits,
            });
        })
    };
    let on_dismiss = {
        let d = state.dispatcher();
        Callback::from(move |_: MouseEvent| d.dispatch(Action::Dismiss))
    };

    let too_large = evaluated.inputs.too_large();
    let pending = evaluated.inputs != state.inputs;
    // Spans point into the texts that were evaluated; only mark while those are on screen.
    let places = Places::new(&evaluated.inputs, &state.inputs);
    let spans_current = places.current(Doc::Policy);
    let mark = editor_mark(&state, &answer, &places, Doc::Policy);
    let rcp_editors = state.rcp_editors();
    let rcp_marks: Vec<_> = (0..rcp_editors.len())
        .map(|i| editor_mark(&state, &answer, &places, Doc::Rcp(i)))
        .collect();
    let policy_trace = aws.as_ref().and_then(|a| a.policy.as_ref());
    let policy_marks = Rc::new(crate::fixes::editor_marks(
        &answer,
        policy_trace,
        &places,
        Doc::Policy,
    ));
    let rcp_diagnostics: Vec<_> = (0..rcp_editors.len())
        .map(|i| {
            Rc::new(crate::fixes::editor_marks(
                &answer,
                None,
                &places,
                Doc::Rcp(i),
            ))
        })
        .collect();
    let config_marks: Vec<_> = ConfigDoc::of(target)
        .map(|b| {
            (
                b.doc,
                editor_mark(&state, &answer, &places, Doc::Config(b.doc)),
            )
        })
        .collect();
    let config_diagnostics: Vec<_> = ConfigDoc::of(target)
        .map(|b| {
            let marks = crate::fixes::editor_marks(&answer, None, &places, Doc::Config(b.doc));
            (b.doc, Rc::new(marks))
        })
        .collect();
    let texts = Rc::new(Texts {
        policy: state.inputs.policy.clone(),
        rcps: rcp_editors.iter().map(|r| r.policy.clone()).collect(),
        configs: state.inputs.configs.clone(),
    });
    let policy_edit = crate::state::edit_for(&state.edits, Doc::Policy);
    let keys: Rc<[oidc_trust::api::KeyInfo]> = aws
        .as_ref()
        .map(|a| a.condition_keys.clone())
        .unwrap_or_default()
        .into();
    let access_token = evaluated
        .effective
        .built_in
        .filter(|k| k.takes_access_tokens() && target == Target::Aws);
    let summary = match &aws {
        Some(a) => crate::summary::token_summary(a, evaluated.effective.now),
        None => claims.and_then(|c| crate::summary::describe(c, &[], evaluated.effective.now)),
    };
    // Keep the last trace that could be read, to show (dimmed) while the policy, or a box of
    // another target, cannot be; say which text it came from.
    if let Some(a) = aws.as_ref().filter(|a| a.policy.is_some()) {
        *last_good.borrow_mut() = Some(LastGood::Aws(a.clone(), answer.clone()));
    }
    if let Some(o) = other
        .as_ref()
        .filter(|o| answer.missing.is_none() && unreadable_box(o).is_none())
    {
        *last_good.borrow_mut() = Some(LastGood::Other(o.clone(), answer.clone()));
    }
    let unreadable_policy = aws.as_ref().is_some_and(|a| {
        a.policy.is_none()
            && a.diagnostics.iter().any(|d| {
                d.code == INVALID_POLICY_JSON && d.source == oidc_trust::diagnostic::Source::Policy
            })
    });
    let unreadable = if unreadable_policy {
        Some("policy")
    } else {
        other
            .as_deref()
            .and_then(unreadable_box)
            .map(|doc| doc.info().short)
    };
    // The last good trace of the target on screen, whose text cannot be read now.
    let stale = unreadable.and_then(|text| {
        let last = last_good.borrow().clone()?;
        (last.target() == target).then_some((last, text))
    });
    let why_none = why_no_trace(answer.state, &state.inputs.policy);
    let analysis_json = {
        let (aws, other) = (aws.clone(), other.clone());
        Callback::from(move |()| {
            let text = match (&aws, &other) {
                (Some(a), _) => serde_json::to_string_pretty(&**a),
                (None, Some(o)) => serde_json::to_string_pretty(&**o),
                (None, None) => Ok(String::new()),
            };
            text.unwrap_or_default()
        })
    };
    let tagline = match target {
        Target::Aws => "Would AWS STS accept this CI token for this IAM role? The verdict, AWS's exact error, and why.".to_owned(),
        t => format!(
            "Would {} accept this CI token? The verdict, its exact error, and why.",
            crate::targets::decider(t)
        ),
    };

    html! {
        <>
        <header class="top">
            <div class="brand">
                <h1>{ "oidc-trust " }<span class="sub">{ "playground" }</span></h1>
                <p class="tagline" id="tagline">{ tagline }</p>
            </div>
            <div class="header-actions">
                <p class="local-note" id="local-note">{ "Runs locally: nothing you paste leaves this page." }</p>
                <button type="button" class="copy clear" id="clear" onclick={on_clear}
                    title="Empties every box and forgets what this browser stored">{ "Clear" }</button>
            </div>
        </header>
        <VerdictBar answer={answer.clone()} too_large={too_large.clone()} />
        if let Some(n) = &state.notice {
            <div class="notice" role="alert" id="notice">
                <span>{ n.text.clone() }</span>
                <button type="button" class="link" onclick={on_dismiss}>{ "Dismiss" }</button>
            </div>
        }
        <main class="layout">
            <section class="inputs" aria-label="Inputs">
                <div class="pickers">
                    <TargetPicker current={target} onpick={on_target} />
                    <ExamplePicker current={state.inputs.example.clone()} onpick={on_example} listed={details} />
                </div>
                <TokenInput value={state.inputs.token.clone()} {access_token} {summary}
                    remember={state.inputs.remember_token} onremember={on_remember} onchange={on_token} />
                <TokenGenerator form={state.mint.clone()} onchange={on_mint_form} onmint={on_mint} />
                if target == Target::Aws {
                    <PolicyEditor value={state.inputs.policy.clone()} {mark} marks={policy_marks} edit={policy_edit}
                        placeholder={AttrValue::Static(POLICY_PLACEHOLDER)} onchange={on_policy}>
                        <GeneratePanel scope={state.scope} {traits} tag_pattern={state.tag_pattern.clone()}
                            onscope={on_scope} onpattern={on_pattern} ongenerate={on_generate}
                            can_add={!state.inputs.policy.trim().is_empty()} />
                        <CopyButton text={state.inputs.policy.clone()} label="Copy policy" id="copy-policy" />
                    </PolicyEditor>
                    if let Some(note) = &state.note {
                        <p class="hint generated" id="generated-note">{ crate::components::ticked(note) }{ " Ctrl+Z in the editor brings the previous policy back." }</p>
                    }
                    // Below the fold: rendered a frame after the verdict, like the details.
                    if details {
                        <ProviderSettings
                            provider={state.inputs.provider}
                            issuer={state.inputs.issuer.clone()}
                            client_ids={state.inputs.client_ids.clone()}
                            account={state.inputs.account.clone()}
                            effective={evaluated.effective.clone()}
                            onissuer={on_issuer} onclientids={on_client_ids} onaccount={on_account}
                            onprovider={on_provider} />
                    }
                } else {
                    <ConfigEditors {target} configs={state.inputs.configs.clone()} marks={config_marks}
                        diagnostics={config_diagnostics} edits={state.edits.clone()}
                        writes={state.write_choice} note={state.note.clone()}
                        steps={state.steps.clone()}
                        onwrites={on_write_choice} onwrite={on_write}
                        onchange={on_config} onregistry={on_registry} />
                }
                if details {
                    <TimeSetting mode={state.inputs.time} at={state.inputs.at.clone()}
                        now={evaluated.effective.now} source={evaluated.effective.now_source}
                        onmode={on_mode} onat={on_at} />
                }
                if details && target == Target::Aws {
                    <CallSettings call={state.inputs.call.clone()} open={state.context_open}
                        onfield={on_call_field} onmanagement={on_management} ontoggle={on_context_open}>
                        <RcpEditors rcps={rcp_editors} marks={rcp_marks} diagnostics={rcp_diagnostics}
                            edits={state.edits.clone()} onpolicy={on_rcp}
                            onname={on_rcp_name} onadd={on_rcp_add} onremove={on_rcp_remove} />
                    </CallSettings>
                }
            </section>
            <section class="outputs" aria-label="Results">
                <Verdict answer={answer.clone()} too_large={too_large.clone()} places={places.clone()}
                    onselect={on_select.clone()} generation={evaluated.generation} {pending} busy={!details}
                    eval_ms={format!("{:.2}", evaluated.cost_ms)} />
                <Hints answer={answer.clone()} places={places.clone()} onselect={on_select.clone()}
                    texts={texts.clone()} onapply={on_apply.clone()} />
                if details {
                    if let Some((old, text)) = &stale {
                        <div class="stale" id="stale-trace" aria-label={format!("From the last version of the {text} that parsed")}>
                            <p class="stale-label">{ format!("From the last version of the {text} that parsed (what is on screen now does not parse; see the verdict):") }</p>
                            { stale_trace(old, &places) }
                        </div>
                    } else {
                        <Stages answer={answer.clone()} />
                        if let Some(a) = &aws {
                            <TraceView trace={a.policy.clone()} tag_session={a.tag_session.clone()} keys={keys.clone()}
                                {why_none} selected={state.selected.filter(|_| spans_current)}
                                onselect={on_select.clone()} />
                        }
                        if let Some(o) = &other {
                            <TargetTrace analysis={o.clone()} places={places.clone()}
                                selected={state.selected} onselect={on_select.clone()} />
                        }
                    }
                    if let Some(a) = &aws {
                        <RcpTraces rcps={a.rcps.clone()} places={places.clone()} keys={keys.clone()}
                            selected={state.selected} onselect={on_select.clone()} />
                    }
                    <Diagnostics answer={answer.clone()} places={places.clone()} onselect={on_select}
                        {texts} onapply={on_apply} />
                    if aws.is_some() || other.is_some() {
                        <ClaimsTable aws={aws.clone()} other={other.clone()} now={evaluated.effective.now} />
                    }
                    <SharePanel inputs={state.inputs.readable()} include_token={state.share_token} ontoggle={on_share_token} />
                    <section class="card raw" aria-labelledby="raw-title">
                        <h2 id="raw-title">{ "The whole analysis" }</h2>
                        <p class="hint">{ "The same JSON the oidc-trust library and npm package return." }</p>
                        <CopyButton lazy={analysis_json} label="Copy analysis JSON" id="copy-json" />
                    </section>
                }
            </section>
        </main>
        <footer class="bottom">
            <p>{ "oidc-trust follows each cloud's exchange stage by stage (AWS STS AssumeRoleWithWebIdentity, Entra ID, Google Cloud STS, Vault's JWT login, the registries' trusted publishing). Signatures are never verified: the verdict assumes the token is genuine. The editor is CodeMirror 6 (MIT; " }<a href="web/editor.LICENSES.txt">{ "notices" }</a>{ ")." }</p>
        </footer>
        </>
    }
}
