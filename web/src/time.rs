//! Dates and durations for people: the core's [`oidc_trust::time`], which the playground
//! shares with the CLI and the answer's own sentences.

pub use oidc_trust::time::{iso, parse, relative, utc};
