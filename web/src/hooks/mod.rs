//! The page's custom hooks, one per file (yew todomvc style): the effects, timers and
//! listeners [`crate::app::App`] needs, so that `App` itself is wiring.

mod use_after_first_frame;
mod use_debounced_analysis;
mod use_persisted_inputs;
mod use_share_link_listener;

pub use use_after_first_frame::use_after_first_frame;
pub use use_debounced_analysis::{Evaluated, use_debounced_analysis};
pub use use_persisted_inputs::use_persisted_inputs;
pub use use_share_link_listener::{take_share_link, use_share_link_listener};
