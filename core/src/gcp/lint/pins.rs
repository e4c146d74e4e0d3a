//! What an attribute condition requires of every token it admits: the claims it pins to
//! literals (`assertion.repository_owner_id == '1342004'`, `... in ['a', 'b']`,
//! `assertion.sub.startsWith('repo:acme/')`) on every path to `true`. A pin under `||`
//! counts only when both sides pin the same claim; `!=`, `!` and anything else pin
//! nothing. Names are resolved through the mapping: `attribute.repo` mapped from
//! `assertion.repository` pins `repository`, `google.subject` mapped from `assertion.sub`
//! pins `sub`.

use crate::gcp::cel::{BinOp, Expr, ExprKind, Range};
use crate::gcp::provider::Provider;

/// How a pin constrains its claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PinKind {
    /// Equal to one of the values.
    Equals,
    /// Starts with one of the values.
    Prefix,
}

/// One claim pinned to literals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Pin {
    pub(crate) claim: String,
    pub(crate) values: Vec<String>,
    pub(crate) kind: PinKind,
    pub(crate) range: Range,
}

/// The claim an expression reads, if it is a plain claim reference.
pub(crate) fn claim_of(e: &Expr, provider: &Provider) -> Option<String> {
    match &e.kind {
        ExprKind::Select(base, field) => match &base.kind {
            ExprKind::Ident(v) if v == "assertion" => Some(field.clone()),
            ExprKind::Ident(v) if v == "attribute" => {
                mapped(provider, &format!("attribute.{field}"))
            }
            ExprKind::Ident(v) if v == "google" => mapped(provider, &format!("google.{field}")),
            _ => None,
        },
        ExprKind::Index(base, key) => match (&base.kind, &key.kind) {
            (ExprKind::Ident(v), ExprKind::Str(k)) if v == "assertion" => Some(k.clone()),
            (ExprKind::Ident(v), ExprKind::Str(k)) if v == "attribute" => {
                mapped(provider, &format!("attribute.{k}"))
            }
            _ => None,
        },
        _ => None,
    }
}

/// The claim a mapping target is a copy of, when its expression is a plain claim.
fn mapped(provider: &Provider, target: &str) -> Option<String> {
    let m = provider.mapping(target)?;
    let e = m.expr.as_ref()?;
    match &e.kind {
        ExprKind::Select(base, field) if matches!(&base.kind, ExprKind::Ident(v) if v == "assertion") => {
            Some(field.clone())
        }
        ExprKind::Index(base, key) => match (&base.kind, &key.kind) {
            (ExprKind::Ident(v), ExprKind::Str(k)) if v == "assertion" => Some(k.clone()),
            _ => None,
        },
        _ => None,
    }
}

fn literal(e: &Expr) -> Option<&str> {
    match &e.kind {
        ExprKind::Str(s) => Some(s),
        _ => None,
    }
}

/// The pins every admitted token satisfies.
#[allow(
    clippy::many_single_char_names,
    reason = "operands are `a` and `b`, values `v`, ranges `r`, as in cel-spec"
)]
pub(crate) fn required(e: &Expr, provider: &Provider) -> Vec<Pin> {
    match &e.kind {
        ExprKind::Binary(BinOp::And, a, b) => {
            let mut out = required(a, provider);
            out.extend(required(b, provider));
            out
        }
        ExprKind::Binary(BinOp::Or, a, b) => {
            let left = required(a, provider);
            let right = required(b, provider);
            left.into_iter()
                .filter_map(|l| {
                    let r = right
                        .iter()
                        .find(|r| r.claim == l.claim && r.kind == l.kind)?;
                    let mut values = l.values.clone();
                    values.extend(r.values.iter().cloned());
                    Some(Pin {
                        values,
                        range: e.range,
                        ..l
                    })
                })
                .collect()
        }
        ExprKind::Binary(BinOp::Eq, a, b) => {
            let ((Some(claim), Some(value), _, _) | (_, _, Some(claim), Some(value))) = (
                claim_of(a, provider),
                literal(b),
                claim_of(b, provider),
                literal(a),
            ) else {
                return Vec::new();
            };
            vec![Pin {
                claim,
                values: vec![value.to_owned()],
                kind: PinKind::Equals,
                range: e.range,
            }]
        }
        ExprKind::Binary(BinOp::In, a, b) => match (claim_of(a, provider), &b.kind) {
            (Some(claim), ExprKind::List(items)) => {
                let values: Option<Vec<String>> = items
                    .iter()
                    .map(|i| literal(i).map(str::to_owned))
                    .collect();
                values
                    .filter(|v| !v.is_empty())
                    .map(|values| Pin {
                        claim,
                        values,
                        kind: PinKind::Equals,
                        range: e.range,
                    })
                    .into_iter()
                    .collect()
            }
            _ => Vec::new(),
        },
        ExprKind::Call {
            target: Some(t),
            name,
            args,
            ..
        } if name == "startsWith" => {
            match (claim_of(t, provider), args.first().and_then(literal)) {
                (Some(claim), Some(prefix)) if !prefix.is_empty() => vec![Pin {
                    claim,
                    values: vec![prefix.to_owned()],
                    kind: PinKind::Prefix,
                    range: e.range,
                }],
                _ => Vec::new(),
            }
        }
        _ => Vec::new(),
    }
}

/// Every comparison of a claim with a literal anywhere in the expression:
/// `(claim, operator, literal, range)`.
pub(crate) fn comparisons<'e>(
    e: &'e Expr,
    provider: &Provider,
    out: &mut Vec<(String, BinOp, &'e Expr, Range)>,
) {
    if let ExprKind::Binary(op @ (BinOp::Eq | BinOp::Ne | BinOp::In), a, b) = &e.kind {
        let lit = |x: &Expr| {
            matches!(
                x.kind,
                ExprKind::Int(_)
                    | ExprKind::Uint(_)
                    | ExprKind::Double(_)
                    | ExprKind::Bool(_)
                    | ExprKind::Str(_)
                    | ExprKind::Null
                    | ExprKind::List(_)
            )
        };
        if let Some(c) = claim_of(a, provider).filter(|_| lit(b)) {
            out.push((c, *op, b, e.range));
        } else if let Some(c) = claim_of(b, provider).filter(|_| lit(a) && *op != BinOp::In) {
            out.push((c, *op, a, e.range));
        }
    }
    for c in crate::gcp::cel::children(e) {
        comparisons(c, provider, out);
    }
}
