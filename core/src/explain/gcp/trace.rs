//! The Google trace: each attribute mapping with its value, the federated identity, the
//! attribute condition clause by clause (`assertion.repository_owner == 'acme'`: false,
//! `assertion.repository_owner` is `'acme-attacker'`), and each IAM member against the
//! identity. Built from the engine's typed results; the condition's clauses are evaluated
//! again, each on its own, with the same variables the whole condition saw.

use serde::Serialize;

use crate::explain::NearMiss;
use crate::gcp::cel::{self, BinOp, EvalErrorKind, Expr, ExprKind, Value};
use crate::gcp::iam::{Identity, Principal, ReadPolicy};
use crate::gcp::provider::{self, Located, Provider};
use crate::gcp::sts::{self, Verdict};
use crate::json::Span;
use crate::matching;

/// What a clause (or a mapping) evaluated to.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum CelOutcome {
    /// `true`.
    True,
    /// `false`.
    False,
    /// A value that is not a bool (a condition must produce one).
    Value,
    /// An error value (a missing claim, no matching overload...).
    Error,
    /// Outside the modelled language: no verdict.
    Unsupported,
}

/// One operand of a comparison or call, with its value.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OperandTrace {
    /// As written (`assertion.repository_owner`).
    pub text: String,
    /// Its value as CEL text (`'acme-attacker'`), when it has one.
    pub value: Option<String>,
    /// The error it produced, when it did not.
    pub error: Option<String>,
}

/// One clause of the condition: an operand of `&&`, `||`, `!` or `?:`, down to the
/// comparisons and calls, which are leaves.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CelClauseTrace {
    /// The clause as written.
    pub text: String,
    /// Where in the provider text (the whole JSON string when it has escapes).
    pub span: Span,
    /// 1-based character column of the clause in the expression.
    pub column: usize,
    /// What it evaluated to.
    pub outcome: CelOutcome,
    /// Its value as CEL text (`false`), when it has one.
    pub value: Option<String>,
    /// The error, when it produced one.
    pub error: Option<String>,
    /// Whether it decided its parent's value (the false clause of a false `&&`, every clause
    /// of a false `||`...).
    pub decisive: bool,
    /// The values compared (leaves only; literals left out).
    pub operands: Vec<OperandTrace>,
    /// For a false `==` between strings: the literal and the token's value, and where they
    /// part ways.
    pub near_miss: Option<NearMiss>,
    /// The clauses it is made of (`&&` and `||` chains are flattened).
    pub clauses: Vec<CelClauseTrace>,
}

/// One attribute mapping's evaluation.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MappingTrace {
    /// The attribute (`google.subject`, `attribute.repository`).
    pub target: String,
    /// The expression.
    pub expression: String,
    /// RFC 6901 pointer into the provider.
    pub pointer: String,
    /// What it evaluated to.
    pub outcome: CelOutcome,
    /// The value as CEL text.
    pub value: Option<String>,
    /// The error.
    pub error: Option<String>,
    /// The value's size in bytes, for a string.
    pub bytes: Option<usize>,
}

/// A custom attribute of the identity.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AttributeInfo {
    /// NAME of `attribute.NAME`.
    pub name: String,
    /// Its values (one, or a list's elements).
    pub values: Vec<String>,
}

/// The federated identity the token became.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IdentityInfo {
    /// Its `principal://` member, when the pool is known.
    pub principal: Option<String>,
    /// `google.subject`.
    pub subject: String,
    /// `google.groups`.
    pub groups: Vec<String>,
    /// The custom attributes.
    pub attributes: Vec<AttributeInfo>,
}

/// How a member of the IAM policy relates to the identity.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum MemberOutcome {
    /// It names the identity in a binding of a role that counts: access is granted.
    Granted,
    /// It names the identity, but its binding has an IAM condition (not modelled).
    Conditional,
    /// It names the identity, in a binding of another role.
    OtherRole,
    /// A member of the same pool that names other identities.
    OtherIdentity,
    /// A member of another pool (or project).
    OtherPool,
    /// Not a `principal://` or `principalSet://` member (`user:`, `serviceAccount:`...).
    NotFederated,
}

/// One member of the IAM policy.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MemberTrace {
    /// RFC 6901 pointer into the policy.
    pub pointer: String,
    /// The binding's role.
    pub role: String,
    /// The member as written.
    pub member: String,
    /// How it relates to the identity.
    pub outcome: MemberOutcome,
}

/// The binding stage.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BindingTrace {
    /// The roles that count.
    pub roles: Vec<String>,
    /// Every member, in policy order.
    pub members: Vec<MemberTrace>,
}

/// Everything the Google analysis compared.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GcpTrace {
    /// The provider's resource name.
    pub provider: Option<String>,
    /// The STS call's `audience` parameter.
    pub sts_audience: Option<String>,
    /// Whether it was derived from the provider's name (not given).
    pub sts_audience_derived: bool,
    /// `oidc.issuerUri`.
    pub issuer_uri: Option<String>,
    /// The audiences the provider accepts.
    pub accepted_audiences: Vec<String>,
    /// The attribute mappings, in the provider's order.
    pub mappings: Vec<MappingTrace>,
    /// The federated identity, once mapped.
    pub identity: Option<IdentityInfo>,
    /// The attribute condition, as written.
    pub condition_expression: Option<String>,
    /// The condition, clause by clause, once evaluated.
    pub condition: Option<CelClauseTrace>,
    /// The IAM policy's members, when a policy was given and reached.
    pub binding: Option<BindingTrace>,
}

fn outcome_of(result: &Result<Value, cel::EvalError>) -> CelOutcome {
    match result {
        Ok(Value::Bool(true)) => CelOutcome::True,
        Ok(Value::Bool(false)) => CelOutcome::False,
        Ok(_) => CelOutcome::Value,
        Err(e) if e.kind == EvalErrorKind::Unsupported => CelOutcome::Unsupported,
        Err(_) => CelOutcome::Error,
    }
}

fn value_and_error(result: &Result<Value, cel::EvalError>) -> (Option<String>, Option<String>) {
    match result {
        Ok(v) => (Some(v.render()), None),
        Err(e) => (None, Some(e.message.clone())),
    }
}

struct Clauses<'a> {
    source: &'a str,
    text: &'a str,
    at: &'a Located,
    env: &'a cel::Env<'a>,
}

fn is_literal(e: &Expr) -> bool {
    matches!(
        e.kind,
        ExprKind::Null
            | ExprKind::Bool(_)
            | ExprKind::Int(_)
            | ExprKind::Uint(_)
            | ExprKind::Double(_)
            | ExprKind::Str(_)
    )
}

/// The operands of a `&&` or `||` chain, flattened.
fn chain<'e>(e: &'e Expr, op: BinOp, out: &mut Vec<&'e Expr>) {
    match &e.kind {
        ExprKind::Binary(o, a, b) if *o == op => {
            chain(a, op, out);
            chain(b, op, out);
        }
        _ => out.push(e),
    }
}

impl Clauses<'_> {
    fn clause(&self, e: &Expr) -> CelClauseTrace {
        let result = cel::eval(e, self.env);
        let outcome = outcome_of(&result);
        let (value, error) = value_and_error(&result);
        let mut clauses = Vec::new();
        let mut operands = Vec::new();
        let mut near_miss = None;
        match &e.kind {
            ExprKind::Binary(op @ (BinOp::And | BinOp::Or), _, _) => {
                let mut parts = Vec::new();
                chain(e, *op, &mut parts);
                clauses = parts.into_iter().map(|p| self.clause(p)).collect();
                let decides = match (op, outcome) {
                    (BinOp::And, CelOutcome::False) => Some(CelOutcome::False),
                    (BinOp::Or, CelOutcome::True) => Some(CelOutcome::True),
                    _ => None,
                };
                for c in &mut clauses {
                    c.decisive = match decides {
                        Some(d) => c.outcome == d,
                        // A true `&&`, a false `||`: every clause counts; an error: the
                        // clauses that are not the absorbing value.
                        None => match outcome {
                            CelOutcome::True | CelOutcome::False => true,
                            _ => !matches!(
                                (op, c.outcome),
                                (BinOp::And, CelOutcome::True) | (BinOp::Or, CelOutcome::False)
                            ),
                        },
                    };
                }
            }
            ExprKind::Not(inner) => {
                let mut c = self.clause(inner);
                c.decisive = true;
                clauses.push(c);
            }
            ExprKind::Cond(c, a, b) => {
                let mut test = self.clause(c);
                test.decisive = true;
                let taken = match test.outcome {
                    CelOutcome::True => Some(0),
                    CelOutcome::False => Some(1),
                    _ => None,
                };
                let mut branches = [self.clause(a), self.clause(b)];
                for (i, br) in branches.iter_mut().enumerate() {
                    br.decisive = taken == Some(i);
                }
                clauses.push(test);
                clauses.extend(branches);
            }
            ExprKind::Binary(op, a, b) => {
                for side in [a, b] {
                    if !is_literal(side) {
                        operands.push(self.operand(side));
                    }
                }
                if *op == BinOp::Eq && outcome == CelOutcome::False {
                    near_miss = string_near_miss(a, b, self.env);
                }
            }
            ExprKind::Call { target, args, .. } => {
                for side in target.iter().map(AsRef::as_ref).chain(args) {
                    if !is_literal(side) {
                        operands.push(self.operand(side));
                    }
                }
            }
            _ => {}
        }
        CelClauseTrace {
            text: cel::text(self.source, e.range).to_owned(),
            span: self.at.span_of(self.text, e.range),
            column: cel::column(self.source, e.range.start),
            outcome,
            value,
            error,
            decisive: false,
            operands,
            near_miss,
            clauses,
        }
    }

    fn operand(&self, e: &Expr) -> OperandTrace {
        let (value, error) = value_and_error(&cel::eval(e, self.env));
        OperandTrace {
            text: cel::text(self.source, e.range).to_owned(),
            value,
            error,
        }
    }
}

/// The near miss of a false `claim == 'literal'` (either side).
fn string_near_miss(a: &Expr, b: &Expr, env: &cel::Env<'_>) -> Option<NearMiss> {
    let (literal, other) = match (&a.kind, &b.kind) {
        (_, ExprKind::Str(s)) => (s, a),
        (ExprKind::Str(s), _) => (s, b),
        _ => return None,
    };
    let Ok(Value::Str(found)) = cel::eval(other, env) else {
        return None;
    };
    let (at, value_at) = matching::common_prefix(&found, literal, false);
    Some(NearMiss::new(literal.clone(), &found, at, value_at))
}

/// The condition, clause by clause, for the token and identity it was evaluated with.
pub fn condition(
    provider: &Provider,
    text: &str,
    assertion: &Value,
    identity: &Identity,
) -> Option<CelClauseTrace> {
    let c = provider.condition.as_ref()?;
    let expr = c.expr.as_ref()?;
    let (google, attribute) = sts::identity_values(identity);
    let env = provider::condition_env(assertion, &google, &attribute);
    let clauses = Clauses {
        source: &c.source,
        text,
        at: &c.at,
        env: &env,
    };
    let mut root = clauses.clause(expr);
    root.decisive = true;
    Some(root)
}

/// The identity, for the wire.
pub fn identity(identity: &Identity) -> IdentityInfo {
    IdentityInfo {
        principal: identity.principal(),
        subject: identity.subject.clone(),
        groups: identity.groups.clone(),
        attributes: identity
            .attributes
            .iter()
            .map(|(name, values)| AttributeInfo {
                name: name.clone(),
                values: values.clone(),
            })
            .collect(),
    }
}

/// The mappings as evaluated.
pub fn mappings(provider: &Provider, verdict: &Verdict) -> Vec<MappingTrace> {
    verdict
        .mappings
        .iter()
        .filter_map(|run| {
            let m = provider.mapping(&run.target)?;
            let (value, error) = value_and_error(&run.result);
            let outcome = outcome_of(&run.result);
            Some(MappingTrace {
                target: run.target.clone(),
                expression: m.source.clone(),
                pointer: m.at.pointer.clone(),
                outcome,
                value,
                error,
                bytes: run
                    .result
                    .as_ref()
                    .ok()
                    .and_then(Value::as_str)
                    .map(str::len),
            })
        })
        .collect()
}

/// The members of the policy against the identity.
pub fn binding(verdict: &Verdict, policy: &ReadPolicy) -> Option<BindingTrace> {
    let run = verdict.binding.as_ref()?;
    let identity = verdict.identity.as_ref()?;
    let mut members = Vec::new();
    for (bi, b) in policy.bindings.iter().enumerate() {
        for (mi, m) in b.members.iter().enumerate() {
            let at = (bi, mi);
            let outcome = if run.granted.contains(&at) {
                MemberOutcome::Granted
            } else if run.conditional.contains(&at) {
                MemberOutcome::Conditional
            } else if run.other_role.contains(&at) {
                MemberOutcome::OtherRole
            } else {
                match &m.principal {
                    None => MemberOutcome::NotFederated,
                    Some((pool, _)) if identity.pool.as_ref() != Some(pool) => {
                        MemberOutcome::OtherPool
                    }
                    Some(_) => MemberOutcome::OtherIdentity,
                }
            };
            members.push(MemberTrace {
                pointer: m.pointer.clone(),
                role: b.role.clone(),
                member: m.text.clone(),
                outcome,
            });
        }
    }
    Some(BindingTrace {
        roles: run.roles.clone(),
        members,
    })
}

/// The member of `policy` closest to one that would name `identity` (for the hint), and
/// that member: `(closest, wanted)`.
pub fn closest_member(policy: &ReadPolicy, identity: &Identity) -> Option<(String, String)> {
    let pool = identity.pool.as_ref()?;
    let base = format!(
        "projects/{}/locations/{}/workloadIdentityPools/{}",
        pool.project, pool.location, pool.pool
    );
    let wanted_for = |p: &Principal| -> String {
        match p {
            Principal::Attribute { name, .. } => {
                let value = identity
                    .attributes
                    .iter()
                    .find(|(n, _)| n == name)
                    .and_then(|(_, vs)| vs.first().cloned())
                    .unwrap_or_default();
                format!("principalSet://iam.googleapis.com/{base}/attribute.{name}/{value}")
            }
            Principal::Group(_) if !identity.groups.is_empty() => format!(
                "principalSet://iam.googleapis.com/{base}/group/{}",
                identity.groups.first().cloned().unwrap_or_default()
            ),
            _ => format!(
                "principal://iam.googleapis.com/{base}/subject/{}",
                identity.subject
            ),
        }
    };
    policy
        .bindings
        .iter()
        .flat_map(|b| &b.members)
        .map(|m| {
            let wanted = m.principal.as_ref().map_or_else(
                || wanted_for(&Principal::Subject(String::new())),
                |(_, p)| wanted_for(p),
            );
            let shared = matching::common_chars(&m.text, &wanted);
            (shared, m.text.clone(), wanted)
        })
        .max_by_key(|(shared, ..)| *shared)
        .map(|(_, closest, wanted)| (closest, wanted))
}
