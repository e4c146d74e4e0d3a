//! Entra ID's answer in words: the trace of every federated identity credential against
//! the token ([`trace`]: which came closest, where its subject or comparand parts from the
//! token's), the stage details and summary ([`sentences`]), the hints ([`hints`]) and all of
//! it as plain text ([`text`]).

pub mod hints;
pub mod sentences;
pub mod text;
pub mod trace;

pub use hints::hints;
pub use trace::{
    ClauseTrace, CredentialOutcome, CredentialTrace, CredentialsTrace, ValueTrace, trace,
};
