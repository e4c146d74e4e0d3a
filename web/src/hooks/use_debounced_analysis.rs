//! The analysis of the inputs, adaptively debounced. The inputs change on every keystroke;
//! the analysis runs on a copy of them, at once while an analysis and the render after it
//! fit in a frame, and after a pause in typing once they get slower, so typing never waits.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use yew::prelude::*;

use crate::clock;
use crate::inputs::Inputs;
use crate::state::{Answered, Effective};

/// An evaluation plus the render after it slower than this (ms, about one frame) switches
/// typing to a debounce.
const FAST_MS: f64 = 16.0;
/// The debounce once evaluations are slow (ms).
const SLOW_DEBOUNCE_MS: u32 = 150;

/// One evaluation of the inputs.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluated {
    /// The inputs evaluated (behind the typed ones while a debounce is pending).
    pub inputs: Inputs,
    /// The settings the analysis ran with.
    pub effective: Effective,
    /// The core's answer, for the inputs' target.
    pub answered: Answered,
    /// Counts the evaluations, from 1 (for tests and measurements).
    pub generation: u64,
    /// How long the analysis took (ms).
    pub cost_ms: f64,
    /// When the evaluation started (`performance.now()`), to time the render after it.
    started_ms: f64,
}

impl Evaluated {
    fn run(inputs: Inputs, generation: u64) -> Self {
        let t0 = clock::now_ms();
        let (effective, answered) = crate::state::evaluate(&inputs, clock::seconds());
        Evaluated {
            inputs,
            effective,
            answered,
            generation,
            cost_ms: clock::now_ms() - t0,
            started_ms: t0,
        }
    }
}

/// The latest evaluation of `inputs`. Never drops an edit, only coalesces them: fast
/// evaluations run before the browser paints, slow ones after a pause in typing.
#[hook]
pub fn use_debounced_analysis(inputs: &Inputs) -> Rc<Evaluated> {
    let evaluated = use_state(|| Rc::new(Evaluated::run(inputs.clone(), 1)));
    let timer: Rc<RefCell<Option<Timeout>>> = use_mut_ref(|| None);
    // How long the last evaluation took, including the render it caused.
    let last_cost: Rc<RefCell<f64>> = use_mut_ref(|| 0.0);
    {
        let last_cost = last_cost.clone();
        let started = evaluated.started_ms;
        use_effect_with(evaluated.generation, move |generation| {
            // The first render also pays for compiling the wasm; it says nothing about typing.
            if *generation > 1 {
                *last_cost.borrow_mut() = clock::now_ms() - started;
            }
        });
    }
    {
        let evaluated = evaluated.clone();
        use_effect_with(inputs.clone(), move |inputs| {
            if evaluated.inputs != *inputs {
                let next = evaluated.generation + 1;
                if *last_cost.borrow() > FAST_MS {
                    // Slow inputs: wait for a pause in typing (the text keeps every key).
                    let inputs = inputs.clone();
                    let handle = evaluated.clone();
                    *timer.borrow_mut() = Some(Timeout::new(SLOW_DEBOUNCE_MS, move || {
                        handle.set(Rc::new(Evaluated::run(inputs, next)));
                    }));
                } else {
                    // Fast: evaluate now, before the browser paints. Edits within one task
                    // were already coalesced into this render.
                    timer.borrow_mut().take();
                    evaluated.set(Rc::new(Evaluated::run(inputs.clone(), next)));
                }
            }
        });
    }
    (*evaluated).clone()
}
