//! The App component: wiring only. The inputs live in a reducer ([`State`]) updated on
//! every keystroke; the analysis runs on a debounced copy of them, immediately while it is
//! fast and after a pause in typing when it gets slow, so typing never waits for it.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use oidc_trust::Analysis;
use oidc_trust::diagnostic::Source as DiagSource;
use yew::prelude::*;

use crate::components::claims::ClaimsTable;
use crate::components::copy::CopyButton;
use crate::components::diagnostics::Diagnostics;
use crate::components::hints::Hints;
use crate::components::inputs::{ProviderSettings, TimeSetting, TokenInput};
use crate::components::policy_editor::{MarkKind, PolicyEditor};
use crate::components::share::SharePanel;
use crate::components::trace::TraceView;
use crate::components::verdict::{Stages, Verdict};
use crate::examples;
use crate::state::{Action, Effective, Inputs, Mark, Scope, State, TimeMode};
use crate::{share, storage};

/// An evaluation plus the render after it slower than this (ms, about one frame) switches
/// typing to a debounce.
const FAST_MS: f64 = 16.0;
/// The debounce once evaluations are slow (ms).
const SLOW_DEBOUNCE_MS: u32 = 150;

/// One evaluation of the inputs.
#[derive(Debug, Clone, PartialEq)]
struct Evaluated {
    inputs: Inputs,
    effective: Effective,
    analysis: Rc<Analysis>,
    generation: u64,
    cost_ms: f64,
    /// When the evaluation started (`performance.now()`), to time the render after it.
    started_ms: f64,
}

fn clock_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// The browser clock in whole seconds (the core never reads a clock).
fn clock_seconds() -> i64 {
    let secs = (js_sys::Date::now() / 1000.0).floor();
    if secs.is_finite() && secs.abs() < 9.0e15 {
        #[expect(
            clippy::cast_possible_truncation,
            reason = "finite and within i64 range, checked above"
        )]
        let s = secs as i64;
        s
    } else {
        0
    }
}

impl Evaluated {
    fn run(inputs: Inputs, generation: u64) -> Self {
        let t0 = clock_ms();
        let (effective, analysis) = crate::state::analyze(&inputs, clock_seconds());
        Evaluated {
            inputs,
            effective,
            analysis: Rc::new(analysis),
            generation,
            cost_ms: clock_ms() - t0,
            started_ms: t0,
        }
    }
}

/// Where the page starts: a share link, else the saved inputs, else the first example.
fn initial_state() -> State {
    let hash = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    let example = || State::with(Inputs::from_example(&examples::first()));
    let saved = match storage::load() {
        Ok(Some(inputs)) => State::with(inputs),
        Ok(None) => example(),
        Err(e) => State {
            notice: Some(e),
            ..example()
        },
    };
    match share::decode(&hash) {
        Ok(Some(inputs)) => {
            clear_fragment();
            saved.apply(Action::LoadShared(inputs))
        }
        Err(e) => State {
            notice: Some(e),
            ..saved
        },
        Ok(None) => saved,
    }
}

/// Removes the share fragment from the address bar once read, so a reload shows the
/// saved (possibly edited) inputs rather than the link again.
fn clear_fragment() {
    let Some(w) = web_sys::window() else { return };
    let path = w.location().pathname().unwrap_or_default();
    let search = w.location().search().unwrap_or_default();
    if let Ok(h) = w.history() {
        let _ = h.replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("{path}{search}")),
        );
    }
}

fn analysis_has_claim(a: &Analysis, name: &str) -> bool {
    a.claims.as_ref().is_some_and(|c| c.contains_key(name))
}

/// The page.
#[component]
pub fn App() -> Html {
    let state = use_reducer(initial_state);
    let evaluated = use_state(|| Evaluated::run(state.inputs.clone(), 1));
    let timer: Rc<RefCell<Option<Timeout>>> = use_mut_ref(|| None);
    // How long the last evaluation took, including the render it caused.
    let last_cost: Rc<RefCell<f64>> = use_mut_ref(|| 0.0);
    {
        let last_cost = last_cost.clone();
        let started = evaluated.started_ms;
        use_effect_with(evaluated.generation, move |generation| {
            // The first render also pays for compiling the wasm; it says nothing about typing.
            if *generation > 1 {
                *last_cost.borrow_mut() = clock_ms() - started;
            }
        });
    }

    // The verdict paints first; the details follow in the next frame, so a first-time
    // visitor sees the answer as soon as the wasm has started.
    let details = use_state(|| false);
    {
        let details = details.clone();
        use_effect_with((), move |()| {
            let frame = gloo::render::request_animation_frame(move |_| details.set(true));
            move || drop(frame)
        });
    }

    // Debounced evaluation: never drops an edit, only coalesces them.
    {
        let evaluated = evaluated.clone();
        use_effect_with(state.inputs.clone(), move |inputs| {
            if evaluated.inputs != *inputs {
                let next = evaluated.generation + 1;
                if *last_cost.borrow() > FAST_MS {
                    // Slow inputs: wait for a pause in typing (the text keeps every key).
                    let inputs = inputs.clone();
                    let handle = evaluated.clone();
                    *timer.borrow_mut() = Some(Timeout::new(SLOW_DEBOUNCE_MS, move || {
                        handle.set(Evaluated::run(inputs, next));
                    }));
                } else {
                    // Fast: evaluate now, before the browser paints. Edits within one task
                    // were already coalesced into this render.
                    timer.borrow_mut().take();
                    evaluated.set(Evaluated::run(inputs.clone(), next));
                }
            }
        });
    }

    // Save what was evaluated; show storage failures instead of failing.
    {
        let dispatcher = state.dispatcher();
        let had_storage_error = state.notice.as_deref().is_some_and(|n| n.contains("save"));
        use_effect_with(
            evaluated.inputs.clone(),
            move |inputs| match storage::save(inputs) {
                Ok(()) if had_storage_error => dispatcher.dispatch(Action::Notice(None)),
                Ok(()) => {}
                Err(e) => dispatcher.dispatch(Action::Notice(Some(e))),
            },
        );
    }

    // A share link opened while the page is open.
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |()| {
            let listener = web_sys::window().map(|w| {
                EventListener::new(&w, "hashchange", move |_| {
                    let hash = web_sys::window()
                        .and_then(|w| w.location().hash().ok())
                        .unwrap_or_default();
                    match share::decode(&hash) {
                        Ok(Some(inputs)) => {
                            clear_fragment();
                            dispatcher.dispatch(Action::LoadShared(inputs));
                        }
                        Ok(None) => {}
                        Err(e) => dispatcher.dispatch(Action::Notice(Some(e))),
                    }
                })
            });
            move || drop(listener)
        });
    }

    let dispatch = |make: fn(String) -> Action| {
        let d = state.dispatcher();
        Callback::from(move |v: String| d.dispatch(make(v)))
    };
    let on_token = dispatch(Action::SetToken);
    let on_policy = dispatch(Action::SetPolicy);
    let on_issuer = dispatch(Action::SetIssuer);
    let on_client_ids = dispatch(Action::SetClientIds);
    let on_account = dispatch(Action::SetAccount);
    let on_at = dispatch(Action::SetAt);
    let on_example = dispatch(Action::LoadExample);
    let on_mode = {
        let d = state.dispatcher();
        Callback::from(move |m: TimeMode| d.dispatch(Action::SetTime(m)))
    };
    let on_select = {
        let d = state.dispatcher();
        Callback::from(move |m: Option<Mark>| d.dispatch(Action::Select(m)))
    };
    let on_share_token = {
        let d = state.dispatcher();
        Callback::from(move |b: bool| d.dispatch(Action::ShareToken(b)))
    };
    let scope = use_state(|| Scope::ThisRef);
    let on_scope = {
        let scope = scope.clone();
        Callback::from(move |e: Event| {
            if let Some(s) = e.target_dyn_into::<web_sys::HtmlSelectElement>() {
                scope.set(match s.value().as_str() {
                    "repository" => Scope::Repository,
                    "environment" => Scope::Environment,
                    _ => Scope::ThisRef,
                });
            }
        })
    };
    let has_environment = analysis_has_claim(&evaluated.analysis, "environment");
    let on_generate = {
        let d = state.dispatcher();
        let inputs = state.inputs.clone();
        let known_account = evaluated
            .analysis
            .provider
            .as_ref()
            .and_then(|p| p.account.clone());
        let scope = match *scope {
            Scope::Environment if !has_environment => Scope::ThisRef,
            s => s,
        };
        Callback::from(move |_: MouseEvent| {
            let eff = crate::state::effective(&inputs, clock_seconds());
            match crate::state::generate(&inputs, &eff, scope, known_account.as_deref()) {
                Ok((policy, note)) => d.dispatch(Action::ReplacePolicy(policy, note)),
                Err(e) => d.dispatch(Action::Notice(Some(e))),
            }
        })
    };
    let on_dismiss = {
        let d = state.dispatcher();
        Callback::from(move |_: MouseEvent| d.dispatch(Action::Notice(None)))
    };

    let analysis = evaluated.analysis.clone();
    let pending = evaluated.inputs != state.inputs;
    // Spans point into the text that was evaluated; only mark while that is on screen.
    let spans_current = evaluated.inputs.policy == state.inputs.policy;
    let error_mark = analysis
        .diagnostics
        .iter()
        .find(|d| d.source == DiagSource::Policy && d.code == "invalid-policy-json")
        .and_then(|d| d.span)
        .map(Mark::from);
    let mark = if spans_current {
        state
            .selected
            .map(|m| (m, MarkKind::Selected))
            .or(error_mark.map(|m| (m, MarkKind::Error)))
    } else {
        None
    };
    let why_no_trace = if analysis.accepted {
        String::new()
    } else if state.inputs.policy.trim().is_empty() {
        "No trust policy yet: paste one into the editor.".to_owned()
    } else {
        "AWS stopped before consulting the trust policy (see the verdict), so no statement was evaluated.".to_owned()
    };
    let analysis_json = {
        let analysis = analysis.clone();
        Callback::from(move |()| serde_json::to_string_pretty(&*analysis).unwrap_or_default())
    };
    let all_examples = examples::all();
    let current = all_examples.iter().find(|e| e.id == state.inputs.example);
    let example_options = use_memo(current.map(|e| e.id), |current| {
        examples::all()
            .iter()
            .map(|e| {
                html! {
                    <option value={e.id} selected={*current == Some(e.id)}>{ e.title }</option>
                }
            })
            .collect::<Html>()
    });

    html! {
        <>
        <header class="top">
            <div class="brand">
                <h1>{ "oidc-trust " }<span class="sub">{ "playground" }</span></h1>
                <p class="tagline">{ "Would AWS STS accept this CI token for this IAM role? The verdict, AWS's exact error, and why." }</p>
            </div>
            <p class="local-note" id="local-note">
                <strong>{ "Runs locally: nothing is sent." }</strong>
                { " The analysis runs in this page (WebAssembly); the page makes no requests after it loads." }
            </p>
        </header>
        if let Some(n) = &state.notice {
            <div class="notice" role="alert" id="notice">
                <span>{ n.clone() }</span>
                <button type="button" class="link" onclick={on_dismiss}>{ "Dismiss" }</button>
            </div>
        }
        <main class="layout">
            <section class="inputs" aria-label="Inputs">
                <div class="field examples">
                    <label for="example">{ "Example" }</label>
                    <select id="example" onchange={
                        let on_example = on_example.clone();
                        Callback::from(move |e: Event| {
                            if let Some(s) = e.target_dyn_into::<web_sys::HtmlSelectElement>()
                                && !s.value().is_empty()
                            {
                                on_example.emit(s.value());
                            }
                        })
                    }>
                        <option value="" selected={current.is_none()}>{ "Your own input" }</option>
                        { (*example_options).clone() }
                    </select>
                    if let Some(e) = current {
                        <p class="hint example-about">{ crate::components::ticked(e.about) }</p>
                    }
                </div>
                <TokenInput value={state.inputs.token.clone()} onchange={on_token} />
                <PolicyEditor value={state.inputs.policy.clone()} {mark} onchange={on_policy}>
                    <label for="generate-scope" class="visually-hidden">{ "What the written policy trusts" }</label>
                    <select id="generate-scope" class="small" onchange={on_scope}>
                        <option value="thisRef" selected={*scope == Scope::ThisRef}>{ "exactly this ref or environment" }</option>
                        if has_environment {
                            <option value="environment" selected={*scope == Scope::Environment}>{ "this environment" }</option>
                        }
                        <option value="repository" selected={*scope == Scope::Repository}>{ "the whole repository" }</option>
                    </select>
                    <button type="button" id="generate" class="copy" onclick={on_generate}>{ "Write a policy for this token" }</button>
                    <CopyButton text={state.inputs.policy.clone()} label="Copy policy" id="copy-policy" />
                </PolicyEditor>
                if let Some(note) = &state.note {
                    <p class="hint generated" id="generated-note">{ crate::components::ticked(note) }</p>
                }
                <ProviderSettings
                    issuer={state.inputs.issuer.clone()}
                    client_ids={state.inputs.client_ids.clone()}
                    account={state.inputs.account.clone()}
                    effective={evaluated.effective.clone()}
                    onissuer={on_issuer} onclientids={on_client_ids} onaccount={on_account} />
                <TimeSetting mode={state.inputs.time} at={state.inputs.at.clone()}
                    now={evaluated.effective.now} source={evaluated.effective.now_source}
                    onmode={on_mode} onat={on_at} />
            </section>
            <section class="outputs" aria-label="Results">
                <Verdict analysis={analysis.clone()} generation={evaluated.generation} {pending} busy={!*details}
                    eval_ms={format!("{:.2}", evaluated.cost_ms)} />
                <Hints analysis={analysis.clone()} {spans_current} onselect={on_select.clone()} />
                if *details {
                    <Stages analysis={analysis.clone()} />
                    <TraceView trace={analysis.policy.clone()} tag_session={analysis.tag_session.clone()}
                        why_none={why_no_trace} selected={state.selected.filter(|_| spans_current)}
                        onselect={on_select.clone()} />
                    <Diagnostics analysis={analysis.clone()} {spans_current} onselect={on_select} />
                    <ClaimsTable analysis={analysis.clone()} now={evaluated.effective.now} />
                    <SharePanel inputs={state.inputs.clone()} include_token={state.share_token} ontoggle={on_share_token} />
                    <section class="card raw" aria-labelledby="raw-title">
                        <h2 id="raw-title">{ "The whole analysis" }</h2>
                        <p class="hint">{ "The same JSON the oidc-trust library and npm package return." }</p>
                        <CopyButton lazy={analysis_json} label="Copy analysis JSON" id="copy-json" />
                    </section>
                }
            </section>
        </main>
        <footer class="bottom">
            <p>{ "oidc-trust follows AWS STS AssumeRoleWithWebIdentity stage by stage. Signatures are never verified: the verdict assumes the token is genuine." }</p>
        </footer>
        </>
    }
}
