//! The explanation of a Google Cloud answer: the trace (each mapping, the condition clause
//! by clause, each IAM member), the stage sentences and summary, and the hints.

pub mod hints;
pub mod sentences;
pub mod text;
pub mod trace;

pub use trace::{
    AttributeInfo, BindingTrace, CelClauseTrace, CelOutcome, GcpTrace, IdentityInfo, MappingTrace,
    MemberOutcome, MemberTrace, OperandTrace,
};
