//! The explanation layer: from the engine's typed results to what a person reads. Traces
//! (every statement and condition, with the near miss), the sentences of the verdict and
//! the stages, and the hints that say what to change. Nothing here changes a verdict, and
//! nothing reads the wire format back: every function takes the engine's own types.
//!
//! One folder per target, beside the pieces all targets share ([`NearMiss`]).

use serde::Serialize;

pub mod aws;

/// Where a request value and the closest policy value part ways.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NearMiss {
    /// The closest policy value (as resolved: variables substituted).
    pub value: String,
    /// The request value.
    pub request_value: String,
    /// Characters of the request value that matched before the difference.
    pub offset: usize,
    /// Characters of the policy value (rendered) that matched before the difference.
    pub value_offset: usize,
    /// The rest of the policy value from the difference.
    pub expected: String,
    /// The rest of the request value from the difference.
    pub found: String,
}

impl NearMiss {
    /// The near miss of `request` against `value`, which part ways at byte `at` of the
    /// request and character `value_at` of the value.
    pub fn new(value: String, request: &str, at: usize, value_at: usize) -> Self {
        NearMiss {
            expected: value.chars().skip(value_at).collect(),
            found: request.get(at..).unwrap_or_default().to_owned(),
            offset: request.get(..at).map_or(0, |s| s.chars().count()),
            value_offset: value_at,
            value,
            request_value: request.to_owned(),
        }
    }
}

/// A statement's name in a sentence: `statement 0` or ``statement 0 (`Sid`)``.
pub(crate) fn statement_name(index: usize, sid: Option<&str>) -> String {
    match sid {
        Some(sid) => format!("statement {index} (`{sid}`)"),
        None => format!("statement {index}"),
    }
}

/// Values in backticks, joined with `, `.
pub(crate) fn ticked<'a>(values: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for (i, v) in values.into_iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push('`');
        out.push_str(v);
        out.push('`');
    }
    out
}
