//! The explanation of a trusted-publishing exchange: the trace of every publisher against
//! the token, the stage sentences and summary, and the hints for a refusal.

pub mod hints;
pub mod sentences;
pub mod text;
pub mod trace;
