//! The explanation of a Vault login: the trace of every comparison ([`trace`]), the
//! sentences of the stages and the summary ([`sentences`]), and the hints ([`hints`]).

pub mod hints;
pub mod sentences;
pub mod text;
pub mod trace;
