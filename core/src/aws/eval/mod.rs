//! Evaluating a parsed trust policy against a request context, as IAM does: explicit deny
//! wins, then any applicable allow, else implicit deny. Infallible and allocation-free but
//! for the result vectors; the words that explain a result are written by
//! [`crate::explain`].
//!
//! Condition logic (semantics reference, 3.3): AND across operators and keys, OR across the
//! values of one key; a negated operator needs the request to match none of the values and
//! is true when the key is missing; `IfExists` is true when the key is missing;
//! `ForAnyValue:` is false and `ForAllValues:` true when the key is missing or empty.
//!
//! Under a set qualifier `IfExists` never decides a missing key: `ForAnyValue:...IfExists`
//! on a missing key is false, like `ForAnyValue:`, and `ForAllValues:...IfExists` true, like
//! `ForAllValues:`. AWS denied a request whose only condition was
//! `ForAnyValue:StringEqualsIfExists` on a key it lacked (re:Post
//! QU9HFmDzP0QGuU-fd7rS6B7w: "`ForAnyValue` returns false when the key is missing or the value
//! set is empty"), and iam-simulate applies `IfExists` per value, inside the set loop
//! (its operator reference, `ForAnyValue:StringNotEqualsIfExists`). The `ForAllValues:` case
//! follows from the same per-value reading (UNCONFIRMED by an AWS transcript).
//!
//! Choice (UNCONFIRMED): an operator without a set qualifier on a key with several values
//! (an array `aud`, `amr`) is satisfied when any request value matches.

use serde::Serialize;

use super::context::{Context, Lookup};
use super::policy::{BaseOperator, Condition, Effect, SetQualifier, Statement, TrustPolicy};
use crate::matching;

mod operators;

/// What IAM decides.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Decision {
    /// An `Allow` statement applies and no `Deny` does.
    Allow,
    /// A `Deny` statement applies.
    ExplicitDeny,
    /// No statement grants.
    ImplicitDeny,
}

/// Whether a statement applies to the request.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Applies {
    /// Principal, action and every condition match.
    Yes,
    /// Something does not match.
    No,
    /// Nothing fails, but a condition could not be evaluated.
    Unknown,
}

/// The request a policy is evaluated against.
#[derive(Debug, Clone, Copy)]
pub struct EvalRequest<'a> {
    /// The condition keys.
    pub context: &'a Context,
    /// The action, normally `sts:AssumeRoleWithWebIdentity`.
    pub action: &'a str,
    /// The ARN of the OIDC provider that vouches for the token (or a built-in provider's
    /// name).
    pub principal: &'a str,
    /// The resource, for policies with a `Resource` element (an RCP's role ARN); `None`
    /// when unknown.
    pub resource: Option<&'a str>,
}

/// The result of evaluating a policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyEvaluation {
    /// The decision.
    pub decision: Decision,
    /// `false` when a statement could not be fully evaluated and might change the decision.
    pub complete: bool,
    /// One result per statement, in document order.
    pub statements: Vec<StatementResult>,
}

/// The result for one statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementResult {
    /// Whether it applies.
    pub applies: Applies,
    /// Whether the principal matches.
    pub principal: bool,
    /// Whether the action matches.
    pub action: bool,
    /// Whether the resource matches: `Some(true)` also when the statement has no
    /// `Resource` (a trust policy), `None` when the resource is unknown.
    pub resource: Option<bool>,
    /// One result per condition, in document order.
    pub conditions: Vec<ConditionResult>,
}

/// The result for one condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConditionResult {
    /// `Some(true)` if the condition holds, `None` if it could not be evaluated.
    pub holds: Option<bool>,
    /// Why.
    pub outcome: Outcome,
}

/// Why a condition holds or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Request value `request` matched policy value `value`.
    Matched {
        /// Index into the condition's values.
        value: usize,
        /// Index into the request values.
        request: usize,
    },
    /// No policy value matched (request value `request`, when one value is to blame).
    NotMatched {
        /// The request value that matched nothing, for `ForAllValues:`.
        request: Option<usize>,
    },
    /// Every request value matched (`ForAllValues:`) or none did (negated operators).
    AllValues,
    /// The key is absent: the token lacks the claim (`supplied`), or AWS never supplies the
    /// key for this issuer.
    KeyAbsent {
        /// Whether AWS would supply the key had the token carried the claim.
        supplied: bool,
    },
    /// The key is absent and the operator ends in `IfExists`.
    AbsentIfExists,
    /// `Null` compared presence.
    Null {
        /// Whether the key is present.
        present: bool,
    },
    /// Not evaluated: the key is present but its value cannot be known offline.
    Unknown,
    /// Not evaluated: an operator IAM does not know.
    NotEvaluated,
}

/// The kind of an [`Outcome`], as the trace names it.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum OutcomeKind {
    /// A request value matched a policy value.
    Matched,
    /// No policy value matched.
    NotMatched,
    /// Every request value matched (`ForAllValues:`), or none did (negated operators).
    AllValues,
    /// The token lacks the claim.
    KeyMissing,
    /// AWS never supplies this key for the token's issuer.
    KeyNotSupplied,
    /// The key is absent and `IfExists` makes the condition true.
    AbsentIfExists,
    /// `Null` compared presence.
    Null,
    /// Not evaluated: the key's value is not given and cannot be known offline (the
    /// caller's address, the role's tags...).
    KeyUnknown,
    /// Not evaluated: an operator IAM does not know.
    NotModelled,
}

impl Outcome {
    /// The kind of outcome.
    pub fn kind(self) -> OutcomeKind {
        match self {
            Outcome::Matched { .. } => OutcomeKind::Matched,
            Outcome::NotMatched { .. } => OutcomeKind::NotMatched,
            Outcome::AllValues => OutcomeKind::AllValues,
            Outcome::KeyAbsent { supplied: true } => OutcomeKind::KeyMissing,
            Outcome::KeyAbsent { supplied: false } => OutcomeKind::KeyNotSupplied,
            Outcome::AbsentIfExists => OutcomeKind::AbsentIfExists,
            Outcome::Null { .. } => OutcomeKind::Null,
            Outcome::Unknown => OutcomeKind::KeyUnknown,
            Outcome::NotEvaluated => OutcomeKind::NotModelled,
        }
    }
}

/// Evaluates a policy.
pub fn evaluate(policy: &TrustPolicy, request: &EvalRequest<'_>) -> PolicyEvaluation {
    let action_lower = request.action.to_lowercase();
    let statements: Vec<StatementResult> = policy
        .statements
        .iter()
        .map(|s| statement(s, request, &action_lower))
        .collect();
    let mut allow = false;
    let mut deny = false;
    let mut complete = true;
    for (s, r) in policy.statements.iter().zip(&statements) {
        match (s.effect, r.applies) {
            (Some(Effect::Deny), Applies::Yes) => deny = true,
            (Some(Effect::Allow), Applies::Yes) => allow = true,
            (Some(_), Applies::Unknown) => complete = false,
            _ => {}
        }
    }
    let decision = if deny {
        Decision::ExplicitDeny
    } else if allow {
        Decision::Allow
    } else {
        Decision::ImplicitDeny
    };
    PolicyEvaluation {
        decision,
        complete: complete || deny,
        statements,
    }
}

fn statement(s: &Statement, request: &EvalRequest<'_>, action_lower: &str) -> StatementResult {
    let principal = s.principal.admits(request.principal);
    let action = s.action.covers(action_lower);
    let resource = match &s.resource {
        None => Some(true),
        Some(r) if r.covers_all() => Some(true),
        Some(r) => request.resource.map(|arn| r.covers(arn)),
    };
    let conditions: Vec<ConditionResult> = s
        .conditions
        .iter()
        .map(|c| condition(c, request.context))
        .collect();
    let applies = if s.invalid.is_some()
        || s.effect.is_none()
        || !principal
        || !action
        || resource == Some(false)
        || conditions.iter().any(|c| c.holds == Some(false))
    {
        Applies::No
    } else if resource.is_none() || conditions.iter().any(|c| c.holds.is_none()) {
        Applies::Unknown
    } else {
        Applies::Yes
    };
    StatementResult {
        applies,
        principal,
        action,
        resource,
        conditions,
    }
}

/// Evaluates one condition against the context.
pub fn condition(c: &Condition, ctx: &Context) -> ConditionResult {
    let Some(op) = c.operator else {
        return not_evaluated();
    };
    let lookup = ctx.lookup(&c.key_lower);
    // A key whose value is unknown decides nothing, its presence included.
    if lookup == Lookup::Unknown {
        return ConditionResult {
            holds: None,
            outcome: Outcome::Unknown,
        };
    }
    if op.base == BaseOperator::Null {
        let present = matches!(lookup, Lookup::Present(v) if !v.is_empty());
        let holds = c
            .texts()
            .any(|v| v.eq_ignore_ascii_case(if present { "false" } else { "true" }));
        return ConditionResult {
            holds: Some(holds),
            outcome: Outcome::Null { present },
        };
    }
    let values = match lookup {
        Lookup::Present(v) if !v.is_empty() => v,
        absent => {
            let supplied = !matches!(absent, Lookup::NotSupplied);
            // The set qualifier decides a missing key; `IfExists` only without one.
            let holds = match op.set {
                Some(SetQualifier::ForAllValues) => true,
                Some(SetQualifier::ForAnyValue) => false,
                None if op.if_exists => {
                    return ConditionResult {
                        holds: Some(true),
                        outcome: Outcome::AbsentIfExists,
                    };
                }
                None => op.base.negated(),
            };
            return ConditionResult {
                holds: Some(holds),
                outcome: Outcome::KeyAbsent { supplied },
            };
        }
    };
    let matcher = Matcher {
        c,
        base: op.base,
        ctx,
    };
    let negated = op.base.negated();
    // For each request value, the first policy value it matches.
    let first_match = |r: usize| -> Option<usize> {
        let v = values.get(r)?;
        (0..c.values.len()).find(|&j| matcher.matches(j, v))
    };
    let first_unmatched = || (0..values.len()).find(|&r| first_match(r).is_none());
    let first_matched = || {
        (0..values.len()).find_map(|r| {
            first_match(r).map(|j| Outcome::Matched {
                value: j,
                request: r,
            })
        })
    };
    let (holds, outcome) = match (op.set, negated) {
        // Some request value equals some policy value.
        (None | Some(SetQualifier::ForAnyValue), false) => match first_matched() {
            Some(m) => (true, m),
            None => (false, Outcome::NotMatched { request: None }),
        },
        // Some request value matches none of the policy values.
        (Some(SetQualifier::ForAnyValue), true) => match first_unmatched() {
            Some(r) => (true, Outcome::NotMatched { request: Some(r) }),
            None => (false, first_matched().unwrap_or(Outcome::AllValues)),
        },
        // Every request value matches some policy value.
        (Some(SetQualifier::ForAllValues), false) => match first_unmatched() {
            Some(r) => (false, Outcome::NotMatched { request: Some(r) }),
            None => (true, Outcome::AllValues),
        },
        // No request value may match any policy value (without a qualifier: "the key must
        // match none of the listed values").
        (None | Some(SetQualifier::ForAllValues), true) => match first_matched() {
            Some(m) => (false, m),
            None => (true, Outcome::AllValues),
        },
    };
    ConditionResult {
        holds: Some(holds),
        outcome,
    }
}

fn not_evaluated() -> ConditionResult {
    ConditionResult {
        holds: None,
        outcome: Outcome::NotEvaluated,
    }
}

/// Compares request values with one condition's policy values (the positive form of the
/// operator; negation is applied by the caller).
struct Matcher<'a> {
    c: &'a Condition,
    base: BaseOperator,
    ctx: &'a Context,
}

impl Matcher<'_> {
    fn matches(&self, j: usize, request: &str) -> bool {
        use BaseOperator as B;
        let Some(value) = self.c.values.get(j) else {
            return false;
        };
        let lookup = |k: &str| self.ctx.single(k);
        match self.base {
            B::StringLike | B::StringNotLike => value
                .resolve_pattern(lookup)
                .is_some_and(|p| matching::like(&p, request)),
            // A variable with no value: "there is no equal or like value".
            _ => value
                .resolve_text(lookup)
                .is_some_and(|text| operators::compare(self.base, request, &text)),
        }
    }
}
