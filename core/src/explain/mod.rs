//! The explanation layer: from the engine's typed results to what a person reads. Traces
//! (every statement and condition, with the near miss), the sentences of the verdict and
//! the stages, and the hints that say what to change. Nothing here changes a verdict, and
//! nothing reads the wire format back: every function takes the engine's own types.
//!
//! One folder per target, beside the pieces all targets share: the verdict's state, the
//! stage reports, hints and [`NearMiss`].

use serde::Serialize;

pub use crate::diagnostic::CloudError;
use crate::diagnostic::{Edit, Source};
use crate::json::Span;
#[cfg(any(feature = "vault", feature = "publishing"))]
use crate::matching::{self, Elem};

pub mod aws;
#[cfg(feature = "azure")]
pub mod azure;
#[cfg(feature = "gcp")]
pub mod gcp;
#[cfg(feature = "publishing")]
pub mod publishing;
pub(crate) mod subject;
pub mod text;
#[cfg(feature = "vault")]
pub mod vault;

/// What the answer amounts to, for the headline every shell shows first (the playground's
/// banner, the CLI's first line and exit status).
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum VerdictState {
    /// AWS would return credentials, and no lint warns about the trust policy.
    Accepted,
    /// AWS would return credentials, but a lint warns (the policy also admits tokens it
    /// probably should not, or AWS would refuse to save it).
    AcceptedWithWarnings,
    /// AWS would refuse, for the reason `awsError` and the deciding stage give.
    Refused,
    /// oidc-trust cannot decide: an input could not be read (the request, the token, the
    /// policy), no policy was given, or the decision depends on what the request does not
    /// give. The headline is the input problem, never an AWS error.
    Undecided,
}

/// How a stage went.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum StageStatus {
    /// The stage passed.
    Passed,
    /// The stage failed: it decided.
    Failed,
    /// AWS stopped before it.
    NotReached,
    /// It ran, but the request gave nothing for it to check (no call parameters, no RCPs).
    NotChecked,
}

/// One stage's report.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StageReport<S> {
    /// Which stage (the target's own stage names).
    pub stage: S,
    /// How it went.
    pub status: StageStatus,
    /// What was checked, in a sentence.
    pub detail: String,
}

/// Every stage of `order`, as every target reports them: the stages before the deciding one
/// as `before` says (passed, or not checked), the deciding stage of a refusal as `decided`
/// gives it (failed, or not checked for an answer that could not be decided), the stages
/// after it not reached; `detail` writes each stage's sentence for its status.
pub fn stage_reports<S: Copy + PartialEq>(
    order: &[S],
    decided: Option<(S, StageStatus)>,
    before: impl Fn(S) -> StageStatus,
    mut detail: impl FnMut(S, StageStatus) -> String,
) -> Vec<StageReport<S>> {
    let mut reached = true;
    order
        .iter()
        .map(|&stage| {
            let status = match decided {
                _ if !reached => StageStatus::NotReached,
                Some((at, status)) if at == stage => {
                    reached = false;
                    status
                }
                _ => before(stage),
            };
            StageReport {
                stage,
                status,
                detail: detail(stage, status),
            }
        })
        .collect()
}

/// One hint.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Hint {
    /// Stable kebab-case id of the kind of near miss, from [`crate::codes`].
    pub code: &'static str,
    /// Which input the path points into.
    pub source: Source,
    /// RFC 6901 pointer into that input (`/Statement/0/Condition/StringLike/...:sub`,
    /// `/providers/0/clientIds`, `/claims/exp`).
    pub pointer: String,
    /// Where in the policy text, when the hint is about the policy.
    pub span: Option<Span>,
    /// For a hint about one of the RCPs, which one (its index in `organization.rcps`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub document: Option<usize>,
    /// What is wrong, one line, lowercase.
    pub message: String,
    /// The closest value on the policy or provider side, if any.
    pub closest: Option<String>,
    /// The request's value it was compared with, if any.
    pub request_value: Option<String>,
    /// How many characters of the request value match before the first difference.
    pub offset: Option<usize>,
    /// What to change, one line.
    pub fix: String,
    /// The fix as a change to the policy text, where it is exact (absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub edit: Option<Edit>,
}

/// A hint with no span, closest value or offset.
pub(crate) fn hint(
    code: &'static str,
    source: Source,
    pointer: String,
    message: String,
    fix: String,
) -> Hint {
    Hint {
        code,
        source,
        pointer,
        span: None,
        document: None,
        message,
        closest: None,
        request_value: None,
        offset: None,
        fix,
        edit: None,
    }
}

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
    /// The hint's sentence: where the request's value parts from the closest value.
    pub(crate) fn sentence(&self) -> String {
        format!(
            "`{}` parts from the closest value `{}` after {} characters (`{}` where `{}` was expected)",
            self.request_value, self.value, self.offset, self.found, self.expected
        )
    }

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

    /// Where `request` leaves the literal `value`; `None` when they are equal.
    pub fn literal(value: &str, request: &str) -> Option<Self> {
        if value == request {
            return None;
        }
        let (at, value_at) = crate::matching::common_prefix(request, value, false);
        Some(NearMiss::new(value.to_owned(), request, at, value_at))
    }

    /// Where `request` leaves the wildcard `pattern` (`*` any run, `?` one character);
    /// `None` when it matches.
    pub fn pattern(pattern: &[crate::matching::Elem], request: &str) -> Option<Self> {
        let (at, value_at) = crate::matching::diverge(pattern, request)?;
        Some(NearMiss::new(
            crate::matching::render(pattern),
            request,
            at,
            value_at,
        ))
    }
}

/// The value closest to one of the request's values: the one they share the longest start
/// with. Each value is a pattern of the shared matcher (a literal for exact comparisons);
/// `None` when one matches, or there is nothing to compare.
#[cfg(any(feature = "vault", feature = "publishing"))]
pub(crate) fn closest<'p>(
    values: impl IntoIterator<Item = &'p [Elem]>,
    requests: &[&str],
) -> Option<NearMiss> {
    let mut best: Option<(usize, &'p [Elem], &str, usize, usize)> = None;
    for value in values {
        for subject in requests {
            let (at, value_at) = matching::diverge(value, subject)?;
            let offset = subject.get(..at).map_or(0, |s| s.chars().count());
            if best.is_none_or(|b| offset > b.0) {
                best = Some((offset, value, subject, at, value_at));
            }
        }
    }
    best.map(|(_, value, subject, at, value_at)| {
        NearMiss::new(matching::render(value), subject, at, value_at)
    })
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
