//! The Common Expression Language, as far as Google Cloud's attribute mappings and
//! conditions use it: a parser ([`parse`]) that keeps where every expression is, an
//! evaluator ([`eval`]) with cel-spec's semantics and Google's functions, and the static
//! checks CEL's type checker makes when a provider is saved (undeclared names, unknown
//! functions, wrong argument counts).
//!
//! Hand-written rather than the `cel` crate (cel-rust): that crate adds about 490 KB of
//! gzip-compressed wasm (measured; README), over the npm package's whole budget, lacks
//! `extract`, and evaluates to a value without saying which clause decided.

mod eval;
mod parse;
mod re;

pub use eval::{Env, EvalError, EvalErrorKind, Value, children, equal, eval};
pub use parse::{BinOp, CelError, CelErrorKind, Expr, ExprKind, Macro, Range};

/// The longest attribute mapping expression Google accepts (REST `attributeMapping`).
pub const MAX_MAPPING_CHARS: usize = 2048;
/// The longest attribute condition Google accepts (REST `attributeCondition`).
pub const MAX_CONDITION_CHARS: usize = 4096;

/// Parses `source` and makes the checks CEL's type checker makes when the provider is
/// saved: every name declared in `env`, every function known with a fitting number of
/// arguments (an unknown one is unsupported: Google may have it, oidc-trust does not model
/// it).
///
/// # Errors
/// The first problem, located.
pub fn compile(source: &str, env: &Env<'_>) -> Result<Expr, CelError> {
    let expr = parse::parse(source)?;
    if let Some((name, range)) = eval::undeclared(&expr, env) {
        return Err(CelError {
            kind: CelErrorKind::Syntax,
            range,
            message: format!("undeclared reference to `{name}`"),
        });
    }
    if let Some((name, range, known)) = eval::unknown_call(&expr) {
        return Err(if known {
            CelError {
                kind: CelErrorKind::Syntax,
                range,
                message: format!("no matching overload of `{name}` for these arguments"),
            }
        } else {
            CelError {
                kind: CelErrorKind::Unsupported,
                range,
                message: format!("the function `{name}` is not modelled"),
            }
        });
    }
    Ok(expr)
}

/// The 1-based character column of byte `at` in `source`.
pub fn column(source: &str, at: usize) -> usize {
    source.get(..at).map_or(0, |s| s.chars().count()) + 1
}

/// The text of `range` in `source`.
pub fn text(source: &str, range: Range) -> &str {
    source.get(range.start..range.end).unwrap_or_default()
}
