//! Explaining an AWS verdict: the trace of the trust policy ([`trace`]), the sentences of
//! the stages and the summary ([`sentences`]), the hints on a refusal ([`hints`]), and all
//! of it as plain text ([`text`]).

pub(crate) mod edits;
pub mod hints;
pub mod sentences;
pub mod text;
pub mod trace;

pub use hints::hints;
pub use sentences::{
    Summaries, check_name, outcome_name, passed_status, stage_detail, stage_name, summary,
    verdict_state,
};
pub use trace::{
    ConditionTrace, MatchTrace, PolicyTrace, RcpTrace, ResourceTrace, StatementTrace, near_miss,
    policy_summary, rcp_summary, trace,
};
