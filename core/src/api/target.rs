//! Every target behind one entry point: a request names its target (`"target": "aws"`,
//! the default when absent), and the answer carries the same tag, so a TypeScript caller
//! narrows it with `switch (analysis.target)`. Each target keeps its own typed request and
//! answer (`Request` and [`Analysis`] for AWS); this module only dispatches.

use serde::Serialize;
use serde_json::Value;

use super::{Analysis, analyze, request_failed};
use crate::aws::request::Request;
use crate::explain::VerdictState;

/// Which trust configuration a request is for.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Target {
    /// AWS STS `AssumeRoleWithWebIdentity` with a role trust policy.
    Aws,
}

impl Target {
    /// Every target, in the order the shells list them.
    pub const ALL: [Target; 1] = [Target::Aws];

    /// The wire name (`aws`).
    pub fn as_str(self) -> &'static str {
        match self {
            Target::Aws => "aws",
        }
    }

    /// The target with this wire name.
    pub fn named(name: &str) -> Option<Target> {
        Target::ALL.into_iter().find(|t| t.as_str() == name)
    }
}

/// The answer for any target, tagged with it.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "target", rename_all = "camelCase")]
pub enum AnyAnalysis {
    /// AWS's answer.
    Aws(Analysis),
}

impl AnyAnalysis {
    /// The target answered for.
    pub fn target(&self) -> Target {
        match self {
            AnyAnalysis::Aws(_) => Target::Aws,
        }
    }

    /// Whether the cloud would accept the token.
    pub fn accepted(&self) -> bool {
        match self {
            AnyAnalysis::Aws(a) => a.accepted,
        }
    }

    /// What the answer amounts to.
    pub fn state(&self) -> VerdictState {
        match self {
            AnyAnalysis::Aws(a) => a.state,
        }
    }
}

/// Analyses a request of any target given as JSON text: `target` picks the target (`aws`
/// when absent). Never fails: a malformed request, or an unknown target, comes back as an
/// answer with an `invalid-request` diagnostic.
pub fn analyze_any_json(request: &str) -> AnyAnalysis {
    let mut value: Value = match serde_json::from_str(request) {
        Ok(v) => v,
        Err(e) => {
            return AnyAnalysis::Aws(request_failed(format!("the request is not valid: {e}")));
        }
    };
    let named = match value.as_object_mut().map(|o| o.remove("target")) {
        Some(Some(Value::String(name))) => Target::named(&name).ok_or(name),
        Some(Some(other)) => Err(other.to_string()),
        _ => Ok(Target::Aws),
    };
    match named {
        Ok(Target::Aws) => AnyAnalysis::Aws(match serde_json::from_value::<Request>(value) {
            Ok(r) => analyze(&r),
            Err(e) => request_failed(format!("the request is not valid: {e}")),
        }),
        Err(name) => AnyAnalysis::Aws(request_failed(format!(
            "`target` is `{name}`; expected one of {}",
            Target::ALL
                .iter()
                .map(|t| format!("`{}`", t.as_str()))
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_target_tags_request_and_answer() {
        let a = analyze_any_json(r#"{"target": "aws", "now": 0}"#);
        assert_eq!(a.target(), Target::Aws);
        let v = serde_json::to_value(&a).unwrap_or_default();
        assert_eq!(v["target"], "aws");
        assert_eq!(v["stage"], "token");
        let default = analyze_any_json(r#"{"now": 0}"#);
        assert_eq!(serde_json::to_value(&default).unwrap_or_default(), v);
        let unknown = analyze_any_json(r#"{"target": "mainframe", "now": 0}"#);
        assert_eq!(unknown.state(), VerdictState::Undecided);
        assert!(!unknown.accepted());
    }
}
