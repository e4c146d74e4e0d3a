//! `claim-type-mismatch`: CEL's equality never converts: `assertion.project_id == 20` is
//! `false` when GitLab sends `"project_id": "20"`, and `!= 20` is always `true` (cel-spec,
//! heterogeneous equality). A claim is known to be a string from the platform's claim
//! reference, or from the token being analysed.

use super::super::claims::string_claim;
use super::super::pins::comparisons;
use super::super::{Scope, at_expr, finding, platform};
use crate::codes;
use crate::diagnostic::{Diagnostic, Severity, Source};
use crate::gcp::cel::{BinOp, ExprKind};

pub(crate) fn check(cx: &Scope<'_>, out: &mut Vec<Diagnostic>) {
    let p = cx.input.provider;
    let Some(c) = &p.condition else { return };
    let Some(expr) = &c.expr else { return };
    let mut found = Vec::new();
    comparisons(expr, p, &mut found);
    for (claim, op, lit, range) in found {
        let scalar = |k: &ExprKind| {
            matches!(
                k,
                ExprKind::Int(_) | ExprKind::Uint(_) | ExprKind::Double(_) | ExprKind::Bool(_)
            )
        };
        let mismatched = match &lit.kind {
            ExprKind::List(items) => op == BinOp::In && items.iter().any(|i| scalar(&i.kind)),
            k => op != BinOp::In && scalar(k),
        };
        if !mismatched {
            continue;
        }
        let is_string = match cx.input.claims.and_then(|cl| cl.get(&claim)) {
            Some(v) => v.is_string(),
            None => platform(cx).is_some_and(|pl| string_claim(pl, &claim)),
        };
        if !is_string {
            continue;
        }
        let text = crate::gcp::cel::text(&c.source, lit.range);
        let effect = match op {
            BinOp::Ne => "is always true",
            _ => "is never true",
        };
        out.push(
            at_expr(
                cx,
                finding(
                    codes::CLAIM_TYPE_MISMATCH,
                    Severity::Warning,
                    Source::Providers,
                    format!("`{claim}` is a string in the token and `{text}` is not: CEL compares without converting, so this comparison {effect}"),
                ),
                &c.at,
                range,
            )
            .help(format!("quote the literal: `'{}'`", text.trim_matches(['[', ']']))),
        );
    }
}
