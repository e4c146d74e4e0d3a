//! `unbounded-google-subject`: `google.subject` may be at most 127 bytes, and a token whose
//! mapped subject is longer is refused ("The size of mapped attribute google.subject
//! exceeds the 127 bytes limit"). A mapping that concatenates claims (or joins a list) can
//! exceed it for some tokens even if today's do not.

use super::super::{Scope, at_expr, finding};
use crate::codes;
use crate::diagnostic::{Diagnostic, Severity, Source};
use crate::gcp::cel::{BinOp, Expr, ExprKind, children};

fn concatenates(e: &Expr) -> bool {
    let claim = |x: &Expr| !matches!(x.kind, ExprKind::Str(_));
    match &e.kind {
        ExprKind::Binary(BinOp::Add, a, b) if claim(a) || claim(b) => true,
        ExprKind::Call { name, .. } if name == "join" => true,
        _ => children(e).into_iter().any(concatenates),
    }
}

pub(crate) fn check(cx: &Scope<'_>, out: &mut Vec<Diagnostic>) {
    let Some(m) = cx.input.provider.mapping("google.subject") else {
        return;
    };
    let Some(expr) = &m.expr else { return };
    if !concatenates(expr) {
        return;
    }
    out.push(
        at_expr(
            cx,
            finding(
                codes::UNBOUNDED_GOOGLE_SUBJECT,
                Severity::Warning,
                Source::Providers,
                format!("`google.subject` is mapped from `{}`, a concatenation that can exceed Google's 127-byte limit, and then the token is refused", m.source),
            ),
            &m.at,
            expr.range,
        )
        .help("map `google.subject` from one bounded claim (`assertion.sub`, or part of it with `extract` or `split`) and the rest to `attribute.*`"),
    );
}
