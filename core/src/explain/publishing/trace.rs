//! The trace: every publisher, field by field, against the token: what the registry
//! recorded, what the token says, how it went, and where a name parts from the closest one.

use serde::Serialize;

use crate::explain::{NearMiss, closest};
use crate::json::Span;
use crate::matching::{Elem, PatternBuilder};
use crate::publishing::exchange::{Candidate, Outcome};
use crate::publishing::publisher::{Field, Publisher};

/// One field of a publisher against the token.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PublisherCheck {
    /// The field.
    pub field: Field,
    /// The token claim it is compared with.
    pub claim: &'static str,
    /// What the publisher records (`""`: nothing).
    pub expected: String,
    /// What the token has (for the workflow, the file name read from the claim); `null`
    /// when the token lacks the claim.
    pub found: Option<String>,
    /// Whether the registry ignores case here.
    pub case_insensitive: bool,
    /// How it went.
    pub outcome: Outcome,
    /// JSON pointer to the field in the publishers.
    pub pointer: String,
    /// Where it is in the text.
    pub span: Span,
    /// Where the token's value parts from the publisher's, for a mismatch.
    pub near_miss: Option<NearMiss>,
}

/// One publisher against the token.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PublisherTrace {
    /// Its index among the publishers read.
    pub index: usize,
    /// JSON pointer to it.
    pub pointer: String,
    /// `owner/repository`, as recorded.
    pub repository: String,
    /// The workflow file, as recorded.
    pub workflow: String,
    /// The environment (`""`: none pinned).
    pub environment: String,
    /// Whether every compared field matched.
    pub matched: bool,
    /// Whether it is the publisher that matched, or the closest one.
    pub closest: bool,
    /// Every field, in the registry's order.
    pub checks: Vec<PublisherCheck>,
}

/// A literal pattern of the shared matcher.
fn literal(text: &str) -> Vec<Elem> {
    let mut b = PatternBuilder::default();
    b.literal(text);
    b.finish()
}

/// The trace of every candidate.
pub fn trace(
    publishers: &[Publisher],
    candidates: &[Candidate],
    closest_index: Option<usize>,
) -> Vec<PublisherTrace> {
    candidates
        .iter()
        .filter_map(|c| {
            let p = publishers.get(c.index)?;
            let checks = c
                .checks
                .iter()
                .map(|k| {
                    let expected = p.value(k.field).to_owned();
                    let (pointer, span) = p.place(k.field);
                    let near_miss = match (&k.found, k.outcome) {
                        // Compared as written: where a folded comparison failed, the
                        // values differ in more than case, at or after this point.
                        (Some(found), Outcome::NotMatched) => {
                            let pattern = literal(&expected);
                            closest([pattern.as_slice()], &[found.as_str()])
                        }
                        _ => None,
                    };
                    PublisherCheck {
                        field: k.field,
                        claim: k.claim,
                        expected,
                        found: k.found.clone(),
                        case_insensitive: k.case_insensitive,
                        outcome: k.outcome,
                        pointer,
                        span,
                        near_miss,
                    }
                })
                .collect();
            Some(PublisherTrace {
                index: c.index,
                pointer: p.pointer.clone(),
                repository: format!("{}/{}", p.owner, p.repository),
                workflow: p.workflow.clone(),
                environment: p.environment.clone(),
                matched: c.matched(),
                closest: closest_index == Some(c.index),
                checks,
            })
        })
        .collect()
}
