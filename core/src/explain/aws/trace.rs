//! The trace of a trust-policy evaluation: every statement and condition, whether it
//! matched and why, and for a failed string comparison the closest policy value and where
//! the request's value parts from it.

use std::fmt::Write as _;

use serde::Serialize;

use super::super::{NearMiss, statement_name};
use crate::aws::context::{Context, Lookup};
use crate::aws::eval::{
    Applies, ConditionResult, Decision, EvalRequest, Outcome, OutcomeKind, PolicyEvaluation,
};
use crate::aws::policy::{BaseOperator, Condition, Effect, Principal, TrustPolicy};
use crate::aws::sts::Verdict;
use crate::json::Span;
use crate::matching;

/// The trust-policy evaluation for one action, explained.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PolicyTrace {
    /// The action evaluated.
    pub action: String,
    /// The decision.
    pub decision: Decision,
    /// `false` if a statement could not be fully evaluated.
    pub complete: bool,
    /// Every statement.
    pub statements: Vec<StatementTrace>,
}

/// One resource control policy's evaluation for one action.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RcpTrace {
    /// Which RCP: its index in `organization.rcps`.
    pub index: usize,
    /// Its name.
    pub name: String,
    /// The evaluation; `allow` means no statement denies (`RCPFullAWSAccess` lets the call
    /// through).
    pub policy: PolicyTrace,
}

/// One statement, explained.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StatementTrace {
    /// Position in the policy.
    pub index: usize,
    /// The statement's `Sid`, if any.
    pub sid: Option<String>,
    /// The statement's `Effect`; `null` when missing or invalid.
    pub effect: Option<Effect>,
    /// Whether it applies to the request.
    pub applies: Applies,
    /// Why AWS could not hold it, if so.
    pub invalid: Option<String>,
    /// The principal check.
    pub principal: MatchTrace,
    /// The action check.
    pub action: MatchTrace,
    /// The resource check, for a policy with `Resource` (an RCP); `null` otherwise.
    pub resource: Option<ResourceTrace>,
    /// Every condition.
    pub conditions: Vec<ConditionTrace>,
    /// JSON pointer.
    pub pointer: String,
    /// Where in the policy text.
    pub span: Span,
}

/// A principal or action check.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MatchTrace {
    /// Whether it matched.
    pub matched: bool,
    /// What the request has (the provider ARN, the action).
    pub request: String,
    /// What the statement lists (`Federated: <arn>`, `NotAction: <pattern>`).
    pub values: Vec<String>,
}

/// A resource check: the statement's `Resource` against the call's role.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceTrace {
    /// Whether it matched; `null` when the role ARN is not given and the statement names
    /// resources other than `*`.
    pub matched: Option<bool>,
    /// The role ARN, if given.
    pub request: Option<String>,
    /// What the statement lists (`NotResource: <pattern>` for a negated element).
    pub values: Vec<String>,
}

/// One condition, explained.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConditionTrace {
    /// The operator as written.
    pub operator: String,
    /// The key as written.
    pub key: String,
    /// The policy values.
    pub values: Vec<String>,
    /// The request's values; `null` when the key is absent.
    pub request_values: Option<Vec<String>>,
    /// Whether it holds; `null` when not evaluated.
    pub holds: Option<bool>,
    /// Why it holds or not.
    pub outcome: OutcomeKind,
    /// The policy value that matched, if one did.
    pub matched_value: Option<String>,
    /// The outcome in a sentence.
    pub explanation: String,
    /// For a failed string match, where the request value and the closest policy value
    /// part ways.
    pub near_miss: Option<NearMiss>,
    /// JSON pointer.
    pub pointer: String,
    /// Where in the policy text.
    pub span: Span,
}

/// The trace of `evaluation`, the evaluation of `policy` for `request`.
pub fn trace(
    policy: &TrustPolicy,
    evaluation: &PolicyEvaluation,
    request: &EvalRequest<'_>,
) -> PolicyTrace {
    let EvalRequest {
        context,
        action,
        principal,
        resource,
    } = *request;
    let listed = |negated: bool, not: &str, patterns: &[String]| -> Vec<String> {
        patterns
            .iter()
            .map(|p| {
                if negated {
                    format!("{not}: {p}")
                } else {
                    p.clone()
                }
            })
            .collect()
    };
    let statements = policy
        .statements
        .iter()
        .zip(&evaluation.statements)
        .enumerate()
        .map(|(index, (st, res))| StatementTrace {
            index,
            sid: st.sid.clone(),
            effect: st.effect,
            applies: res.applies,
            invalid: st.invalid.clone(),
            principal: MatchTrace {
                matched: res.principal,
                request: principal.to_owned(),
                values: match &st.principal {
                    Principal::None => Vec::new(),
                    Principal::Any => vec!["*".to_owned()],
                    Principal::Map(kinds) => kinds
                        .iter()
                        .flat_map(|(k, vs)| vs.iter().map(move |v| format!("{k}: {v}")))
                        .collect(),
                },
            },
            action: MatchTrace {
                matched: res.action,
                request: action.to_owned(),
                values: listed(st.action.negated, "NotAction", &st.action.patterns),
            },
            resource: st.resource.as_ref().map(|r| ResourceTrace {
                matched: res.resource,
                request: resource.map(str::to_owned),
                values: listed(r.negated, "NotResource", &r.patterns),
            }),
            conditions: st
                .conditions
                .iter()
                .zip(&res.conditions)
                .map(|(c, r)| condition_trace(c, *r, context))
                .collect(),
            pointer: st.pointer.clone(),
            span: st.span,
        })
        .collect();
    PolicyTrace {
        action: action.to_owned(),
        decision: evaluation.decision,
        complete: evaluation.complete,
        statements,
    }
}

/// The request's values for a condition's key, when present.
fn request_values<'c>(c: &Condition, ctx: &'c Context) -> Option<&'c [String]> {
    match ctx.lookup(&c.key_lower) {
        Lookup::Present(v) => Some(v),
        Lookup::Absent | Lookup::Unknown | Lookup::NotSupplied => None,
    }
}

fn condition_trace(c: &Condition, r: ConditionResult, ctx: &Context) -> ConditionTrace {
    let request = request_values(c, ctx);
    let negated = c.operator.is_some_and(|o| o.base.negated());
    let near_miss = (r.holds == Some(false) && !negated)
        .then(|| near_miss(c, request.unwrap_or_default(), ctx))
        .flatten();
    let matched_value = match r.outcome {
        Outcome::Matched { value: j, .. } => c.values.get(j).map(|v| v.text.clone()),
        _ => None,
    };
    ConditionTrace {
        operator: c.operator_name.clone(),
        key: c.key.clone(),
        values: c.texts().map(str::to_owned).collect(),
        request_values: request.map(<[String]>::to_vec),
        holds: r.holds,
        outcome: r.outcome.kind(),
        matched_value,
        explanation: super::sentences::condition(c, r, request),
        near_miss,
        pointer: c.pointer.clone(),
        span: c.span,
    }
}

/// The policy value closest to one of the request values under a string operator: the one
/// they share the longest start with.
pub fn near_miss(c: &Condition, request_values: &[String], ctx: &Context) -> Option<NearMiss> {
    let op = c.operator?;
    let like = op.base == BaseOperator::StringLike;
    let fold = op.base == BaseOperator::StringEqualsIgnoreCase;
    if !like && !fold && op.base != BaseOperator::StringEquals {
        return None;
    }
    let lookup = |k: &str| ctx.single(k);
    let mut best: Option<(usize, String, &str, usize, usize)> = None;
    for subject in request_values {
        for value in &c.values {
            let (shown, (at, value_at)) = if like {
                let Some(p) = value.resolve_pattern(lookup) else {
                    continue;
                };
                let Some(d) = matching::diverge(&p, subject) else {
                    continue;
                };
                (matching::render(&p), d)
            } else {
                let Some(v) = value.resolve_text(lookup) else {
                    continue;
                };
                let d = matching::common_prefix(subject, &v, fold);
                (v.into_owned(), d)
            };
            let offset = subject.get(..at).map_or(0, |s| s.chars().count());
            if best.as_ref().is_none_or(|b| offset > b.0) {
                best = Some((offset, shown, subject, at, value_at));
            }
        }
    }
    best.map(|(_, value, subject, at, value_at)| NearMiss::new(value, subject, at, value_at))
}

/// What the trust policy decided, in a sentence: who allows or denies, or why each
/// `Allow` statement does not apply.
pub fn policy_summary(trace: &PolicyTrace, tags: Option<&PolicyTrace>) -> String {
    let name = |s: &StatementTrace| statement_name(s.index, s.sid.as_deref());
    let mut out = match trace.decision {
        Decision::Allow => {
            let by: Vec<String> = trace
                .statements
                .iter()
                .filter(|s| s.applies == Applies::Yes && s.effect == Some(Effect::Allow))
                .map(name)
                .collect();
            format!("{} allows `{}`", by.join(" and "), trace.action)
        }
        Decision::ExplicitDeny => {
            let by: Vec<String> = trace
                .statements
                .iter()
                .filter(|s| s.applies == Applies::Yes && s.effect == Some(Effect::Deny))
                .map(name)
                .collect();
            format!("{} explicitly denies `{}`", by.join(" and "), trace.action)
        }
        Decision::ImplicitDeny => {
            let reasons: Vec<String> = trace
                .statements
                .iter()
                .filter(|s| s.effect == Some(Effect::Allow))
                .map(|s| format!("{} {}", name(s), why_not(s)))
                .collect();
            if reasons.is_empty() {
                format!("no statement allows `{}`", trace.action)
            } else {
                format!(
                    "no statement allows `{}`: {}",
                    trace.action,
                    reasons.join("; ")
                )
            }
        }
    };
    if !trace.complete {
        out.push_str(&undecided(trace));
    }
    if let Some(t) = tags
        && t.decision != Decision::Allow
    {
        let _ = write!(
            out,
            "; the token carries session tags and no statement allows `{}`",
            t.action
        );
    }
    out
}

/// Why a trace is incomplete, as a parenthesis: ` (it depends on ...)`.
pub(crate) fn undecided(trace: &PolicyTrace) -> String {
    format!(" (it depends on {})", depends_on(trace))
}

/// What an incomplete trace depends on: the keys whose values the request does not give,
/// the resource it does not name, the operators IAM does not know.
pub(crate) fn depends_on(trace: &PolicyTrace) -> String {
    let mut keys: Vec<&str> = Vec::new();
    let mut resource = false;
    let mut operators = false;
    for s in trace
        .statements
        .iter()
        .filter(|s| s.applies == Applies::Unknown)
    {
        resource |= s.resource.as_ref().is_some_and(|r| r.matched.is_none());
        for c in s.conditions.iter().filter(|c| c.holds.is_none()) {
            match c.outcome {
                OutcomeKind::KeyUnknown if !keys.contains(&c.key.as_str()) => keys.push(&c.key),
                OutcomeKind::NotModelled => operators = true,
                _ => {}
            }
        }
    }
    let mut parts = Vec::new();
    if !keys.is_empty() {
        parts.push(format!(
            "{}, which the request does not give",
            super::super::ticked(keys.iter().copied())
        ));
    }
    if resource {
        parts.push("the role ARN (`call.roleArn`), which the request does not give".to_owned());
    }
    if operators {
        parts.push("an operator IAM does not know".to_owned());
    }
    parts.join("; and on ")
}

fn why_not(s: &StatementTrace) -> String {
    if let Some(why) = &s.invalid {
        return format!("is void: {why}");
    }
    if !s.principal.matched {
        return format!(
            "names another principal (the provider is `{}`)",
            s.principal.request
        );
    }
    if !s.action.matched {
        return format!("does not cover `{}`", s.action.request);
    }
    if let Some(r) = s.resource.as_ref().filter(|r| r.matched == Some(false)) {
        return format!(
            "does not cover the role `{}`",
            r.request.as_deref().unwrap_or_default()
        );
    }
    let failed: Vec<String> = s
        .conditions
        .iter()
        .filter(|c| c.holds == Some(false))
        .map(|c| format!("`{}` `{}`: {}", c.operator, c.key, c.explanation))
        .collect();
    if failed.is_empty() {
        "is undecided".to_owned()
    } else {
        format!("fails {}", failed.join(", "))
    }
}

/// What the RCPs decided, in a sentence, once they were evaluated: which RCP denies, or that
/// none does.
pub fn rcp_summary(verdict: &Verdict, names: &[&str], traces: &[PolicyTrace]) -> String {
    let denying: Vec<String> = verdict
        .rcps
        .iter()
        .zip(traces)
        .filter(|(r, _)| r.denies())
        .map(|(r, t)| {
            let by: Vec<String> = t
                .statements
                .iter()
                .filter(|s| s.applies == Applies::Yes && s.effect == Some(Effect::Deny))
                .map(|s| statement_name(s.index, s.sid.as_deref()))
                .collect();
            format!(
                "`{}` denies `{}` ({})",
                names.get(r.index).copied().unwrap_or_default(),
                r.action,
                by.join(" and ")
            )
        })
        .collect();
    if !denying.is_empty() {
        return format!("{}, whatever the trust policy allows", denying.join("; "));
    }
    let read = names.len();
    let mut out = format!(
        "no RCP denies the call ({read} RCP{} read, besides `RCPFullAWSAccess`, which lets every call through)",
        if read == 1 { "" } else { "s" }
    );
    for (r, t) in verdict.rcps.iter().zip(traces) {
        if !r.evaluation.complete {
            let _ = write!(
                out,
                "; `{}` is undecided{}",
                names.get(r.index).copied().unwrap_or_default(),
                undecided(t)
            );
        }
    }
    out
}
