//! The inputs in localStorage.

use yew::prelude::*;

use crate::inputs::Inputs;
use crate::state::{Action, State};
use crate::storage;

/// Saves `inputs` (the evaluated ones) whenever they change and reports how it went as
/// [`Action::Saved`]: a failure is shown, never fatal, and the next good save clears it.
#[hook]
pub fn use_persisted_inputs(inputs: &Inputs, dispatcher: UseReducerDispatcher<State>) {
    use_effect_with(inputs.clone(), move |inputs| {
        dispatcher.dispatch(Action::Saved(storage::save(inputs)));
    });
}
