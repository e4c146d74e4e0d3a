//! Evaluation of a parsed expression with cel-spec's semantics: JSON claims as CEL values
//! (numbers are `double`), heterogeneous equality (`'20' == 20` is `false`, `1.0 == 1` is
//! `true`), `&&` and `||` that absorb an error when the other side decides, a missing key
//! as an error and `has()` to test for it, and Google's functions (`extract`, `split`,
//! `join`) beside cel-spec's standard ones. `matches` takes RE2 syntax; the engine is
//! `regex-lite`, whose Perl classes (`\d`, `\w`, `\s`, `\b`) are ASCII as RE2's are, and
//! what it does not share with RE2 (Unicode classes, Unicode case folding, `\Q...\E`) is
//! reported as unsupported rather than matched differently.

use std::cmp::Ordering;

use super::parse::{BinOp, Expr, ExprKind, Macro, Range};

/// A CEL value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null`
    Null,
    /// `bool`
    Bool(bool),
    /// `int`
    Int(i64),
    /// `uint`
    Uint(u64),
    /// `double` (every JSON number)
    Double(f64),
    /// `string`
    Str(String),
    /// `list`
    List(Vec<Value>),
    /// `map`, in insertion order.
    Map(Vec<(Value, Value)>),
}

impl Value {
    /// The CEL value of a JSON value.
    pub fn from_json(v: &serde_json::Value) -> Value {
        match v {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => Value::Double(n.as_f64().unwrap_or(f64::NAN)),
            serde_json::Value::String(s) => Value::Str(s.clone()),
            serde_json::Value::Array(a) => Value::List(a.iter().map(Value::from_json).collect()),
            serde_json::Value::Object(o) => Value::Map(
                o.iter()
                    .map(|(k, v)| (Value::Str(k.clone()), Value::from_json(v)))
                    .collect(),
            ),
        }
    }

    /// The value as JSON, for traces (a `uint` or `int` as a number; a map key that is not
    /// a string as its CEL text).
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => (*b).into(),
            Value::Int(i) => (*i).into(),
            Value::Uint(u) => (*u).into(),
            Value::Double(d) => serde_json::Number::from_f64(*d)
                .map_or_else(|| d.to_string().into(), serde_json::Value::Number),
            Value::Str(s) => s.clone().into(),
            Value::List(l) => l.iter().map(Value::to_json).collect(),
            Value::Map(m) => serde_json::Value::Object(
                m.iter()
                    .map(|(k, v)| {
                        let key = match k {
                            Value::Str(s) => s.clone(),
                            other => other.render(),
                        };
                        (key, v.to_json())
                    })
                    .collect(),
            ),
        }
    }

    /// The CEL type name.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null_type",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Uint(_) => "uint",
            Value::Double(_) => "double",
            Value::Str(_) => "string",
            Value::List(_) => "list",
            Value::Map(_) => "map",
        }
    }

    /// The value as CEL source text (strings single-quoted).
    pub fn render(&self) -> String {
        match self {
            Value::Str(s) => format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'")),
            Value::Double(d) => {
                if d.fract() == 0.0 && d.abs() < 1e15 {
                    format!("{d:.1}")
                } else {
                    d.to_string()
                }
            }
            Value::Uint(u) => format!("{u}u"),
            Value::Int(i) => i.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Null => "null".to_owned(),
            Value::List(l) => format!(
                "[{}]",
                l.iter().map(Value::render).collect::<Vec<_>>().join(", ")
            ),
            Value::Map(m) => format!(
                "{{{}}}",
                m.iter()
                    .map(|(k, v)| format!("{}: {}", k.render(), v.render()))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The value under a string key of a map.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Map(m) => m
                .iter()
                .find(|(k, _)| k.as_str() == Some(key))
                .map(|(_, v)| v),
            _ => None,
        }
    }
}

/// Why an evaluation produced an error value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EvalErrorKind {
    /// A map has no such key (`assertion.x` for a token without `x`).
    NoSuchKey,
    /// No overload of the operator or function for these types.
    NoMatchingOverload,
    /// An index outside a list.
    IndexOutOfRange,
    /// Division or remainder by zero.
    DivideByZero,
    /// Integer overflow.
    Overflow,
    /// A bad argument (an invalid regular expression, an `extract` template without
    /// `{...}`...).
    InvalidArgument,
    /// Outside the modelled language (a function oidc-trust does not know, a regular
    /// expression feature RE2 has and the engine lacks): no verdict is given.
    Unsupported,
}

/// An error value, with the expression that produced it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvalError {
    /// What kind.
    pub kind: EvalErrorKind,
    /// Where.
    pub range: Range,
    /// What happened, lowercase.
    pub message: String,
}

fn err(kind: EvalErrorKind, range: Range, message: impl Into<String>) -> EvalError {
    EvalError {
        kind,
        range,
        message: message.into(),
    }
}

/// The variables an expression sees: `assertion` for a mapping; `assertion`, `google` and
/// `attribute` for a condition.
#[derive(Debug, Clone, Default)]
pub struct Env<'a> {
    vars: Vec<(&'a str, &'a Value)>,
}

impl<'a> Env<'a> {
    /// An environment with these variables.
    pub fn new(vars: Vec<(&'a str, &'a Value)>) -> Self {
        Env { vars }
    }

    /// Whether `name` is a variable.
    pub fn declares(&self, name: &str) -> bool {
        self.vars.iter().any(|(n, _)| *n == name)
    }
}

/// The functions oidc-trust models, with the argument counts each takes (receiver style,
/// not counting the receiver, or global style).
pub(crate) const FUNCTIONS: &[(&str, Style, &[usize])] = &[
    ("size", Style::Both, &[0, 1]),
    ("startsWith", Style::Method, &[1]),
    ("endsWith", Style::Method, &[1]),
    ("contains", Style::Method, &[1]),
    ("matches", Style::Both, &[1, 2]),
    ("extract", Style::Method, &[1]),
    ("split", Style::Method, &[1, 2]),
    ("join", Style::Method, &[0, 1]),
    ("lowerAscii", Style::Method, &[0]),
    ("upperAscii", Style::Method, &[0]),
    ("string", Style::Global, &[1]),
    ("int", Style::Global, &[1]),
    ("uint", Style::Global, &[1]),
    ("double", Style::Global, &[1]),
    ("dyn", Style::Global, &[1]),
];

/// How a function is called.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    /// `x.f(...)`
    Method,
    /// `f(...)`
    Global,
    /// Either (`size(x)` and `x.size()`).
    Both,
}

type R = Result<Value, EvalError>;

/// Evaluates an expression.
///
/// # Errors
/// The error value the expression produces (CEL's errors are values; the caller reports
/// them).
pub fn eval(e: &Expr, env: &Env<'_>) -> R {
    let mut locals = Vec::new();
    Eval {
        env,
        locals: &mut locals,
    }
    .eval(e)
}

struct Eval<'e, 'a, 'l> {
    env: &'e Env<'a>,
    locals: &'l mut Vec<(String, Value)>,
}

fn truthy(v: R, range: Range, op: &str) -> Result<bool, EvalError> {
    match v? {
        Value::Bool(b) => Ok(b),
        other => Err(err(
            EvalErrorKind::NoMatchingOverload,
            range,
            format!(
                "`{op}` needs a bool, got {} {}",
                other.type_name(),
                other.render()
            ),
        )),
    }
}

impl Eval<'_, '_, '_> {
    /// The value a name or a chain of field selections names, by reference (no copy of
    /// `assertion` for every `assertion.x`); `None` for any other expression.
    fn place(&self, e: &Expr) -> Option<Result<&Value, EvalError>> {
        match &e.kind {
            ExprKind::Ident(name) => {
                if let Some((_, v)) = self.locals.iter().rev().find(|(n, _)| n == name) {
                    return Some(Ok(v));
                }
                self.env
                    .vars
                    .iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, v)| Ok(*v))
            }
            ExprKind::Select(operand, field) => {
                Some(self.place(operand)?.and_then(|v| select(v, field, e.range)))
            }
            _ => None,
        }
    }

    #[allow(
        clippy::many_single_char_names,
        reason = "operands are `a` and `b`, values `v`, ranges `r`, as in cel-spec"
    )]
    fn eval(&mut self, e: &Expr) -> R {
        let r = e.range;
        match &e.kind {
            ExprKind::Null => Ok(Value::Null),
            ExprKind::Bool(b) => Ok(Value::Bool(*b)),
            ExprKind::Int(i) => Ok(Value::Int(*i)),
            ExprKind::Uint(u) => Ok(Value::Uint(*u)),
            ExprKind::Double(d) => Ok(Value::Double(*d)),
            ExprKind::Str(s) => Ok(Value::Str(s.clone())),
            ExprKind::Ident(name) => {
                if let Some((_, v)) = self.locals.iter().rev().find(|(n, _)| n == name) {
                    return Ok(v.clone());
                }
                match self.env.vars.iter().find(|(n, _)| n == name) {
                    Some((_, v)) => Ok((*v).clone()),
                    None => Err(err(
                        EvalErrorKind::NoSuchKey,
                        r,
                        format!("undeclared reference to `{name}`"),
                    )),
                }
            }
            ExprKind::Select(operand, field) => match self.place(operand) {
                Some(v) => select(v?, field, r).cloned(),
                None => select(&self.eval(operand)?, field, r).cloned(),
            },
            ExprKind::Has(operand, field) => match self.place(operand) {
                Some(v) => has(v?, field, r),
                None => has(&self.eval(operand)?, field, r),
            },
            ExprKind::Index(operand, index) => {
                // The index first, so a name operand is read by reference after it.
                let i = self.eval(index);
                if let Some(v) = self.place(operand) {
                    Self::index(v?, &i?, r)
                } else {
                    let v = self.eval(operand)?;
                    Self::index(&v, &i?, r)
                }
            }
            ExprKind::Not(x) => Ok(Value::Bool(!truthy(self.eval(x), r, "!")?)),
            ExprKind::Neg(x) => match self.eval(x)? {
                Value::Int(i) => i
                    .checked_neg()
                    .map(Value::Int)
                    .ok_or_else(|| err(EvalErrorKind::Overflow, r, "integer overflow")),
                Value::Double(d) => Ok(Value::Double(-d)),
                other => Err(err(
                    EvalErrorKind::NoMatchingOverload,
                    r,
                    format!("no `-` for {}", other.type_name()),
                )),
            },
            ExprKind::Binary(BinOp::And, a, b) => {
                let x = truthy(self.eval(a), a.range, "&&");
                // A false left side decides whatever the right side is (error included).
                if x == Ok(false) {
                    return Ok(Value::Bool(false));
                }
                let y = truthy(self.eval(b), b.range, "&&");
                match (x, y) {
                    (Ok(false), _) | (_, Ok(false)) => Ok(Value::Bool(false)),
                    (Ok(true), Ok(true)) => Ok(Value::Bool(true)),
                    (x, y) => Err(either_error(x, y)),
                }
            }
            ExprKind::Binary(BinOp::Or, a, b) => {
                let x = truthy(self.eval(a), a.range, "||");
                if x == Ok(true) {
                    return Ok(Value::Bool(true));
                }
                let y = truthy(self.eval(b), b.range, "||");
                match (x, y) {
                    (Ok(true), _) | (_, Ok(true)) => Ok(Value::Bool(true)),
                    (Ok(false), Ok(false)) => Ok(Value::Bool(false)),
                    (x, y) => Err(either_error(x, y)),
                }
            }
            ExprKind::Binary(op, a, b) => {
                let x = self.eval(a)?;
                let y = self.eval(b)?;
                binary(*op, &x, &y, r)
            }
            ExprKind::Cond(c, a, b) => {
                if truthy(self.eval(c), c.range, "?:")? {
                    self.eval(a)
                } else {
                    self.eval(b)
                }
            }
            ExprKind::List(items) => items
                .iter()
                .map(|i| self.eval(i))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::List),
            ExprKind::Map(entries) => {
                let mut out: Vec<(Value, Value)> = Vec::with_capacity(entries.len());
                for (k, v) in entries {
                    let key = self.eval(k)?;
                    if !matches!(
                        key,
                        Value::Str(_) | Value::Int(_) | Value::Uint(_) | Value::Bool(_)
                    ) {
                        return Err(err(
                            EvalErrorKind::NoMatchingOverload,
                            k.range,
                            format!("a map key cannot be {}", key.type_name()),
                        ));
                    }
                    if out.iter().any(|(o, _)| equal(o, &key)) {
                        return Err(err(
                            EvalErrorKind::InvalidArgument,
                            k.range,
                            format!("the map literal repeats the key {}", key.render()),
                        ));
                    }
                    let value = self.eval(v)?;
                    out.push((key, value));
                }
                Ok(Value::Map(out))
            }
            ExprKind::Call {
                target,
                name,
                name_range,
                args,
            } => {
                let recv = match target {
                    Some(t) => Some(self.eval(t)?),
                    None => None,
                };
                let args = args
                    .iter()
                    .map(|a| self.eval(a))
                    .collect::<Result<Vec<_>, _>>()?;
                call(name, *name_range, recv, &args, r)
            }
            ExprKind::Comprehension {
                kind,
                range,
                var,
                predicate,
                transform,
            } => self.comprehension(
                *kind,
                range,
                var,
                predicate.as_deref(),
                transform.as_deref(),
                r,
            ),
        }
    }

    fn index(v: &Value, i: &Value, r: Range) -> R {
        match v {
            Value::List(items) => {
                let at = match i {
                    Value::Int(n) => usize::try_from(*n).ok(),
                    Value::Uint(n) => usize::try_from(*n).ok(),
                    Value::Double(d) if d.fract() == 0.0 && *d >= 0.0 => double_index(*d),
                    other => {
                        return Err(err(
                            EvalErrorKind::NoMatchingOverload,
                            r,
                            format!("a list index cannot be {}", other.type_name()),
                        ));
                    }
                };
                at.and_then(|n| items.get(n)).cloned().ok_or_else(|| {
                    err(
                        EvalErrorKind::IndexOutOfRange,
                        r,
                        format!(
                            "index {} out of range of a list of {}",
                            i.render(),
                            items.len()
                        ),
                    )
                })
            }
            Value::Map(m) => m
                .iter()
                .find(|(k, _)| equal(k, i))
                .map(|(_, v)| v.clone())
                .ok_or_else(|| {
                    err(
                        EvalErrorKind::NoSuchKey,
                        r,
                        format!("no such key: {}", i.render()),
                    )
                }),
            other => Err(err(
                EvalErrorKind::NoMatchingOverload,
                r,
                format!("cannot index {}", other.type_name()),
            )),
        }
    }

    fn comprehension(
        &mut self,
        kind: Macro,
        range: &Expr,
        var: &str,
        predicate: Option<&Expr>,
        transform: Option<&Expr>,
        r: Range,
    ) -> R {
        let items: Vec<Value> = match self.eval(range)? {
            Value::List(l) => l,
            Value::Map(m) => m.into_iter().map(|(k, _)| k).collect(),
            other => {
                return Err(err(
                    EvalErrorKind::NoMatchingOverload,
                    range.range,
                    format!("cannot iterate over {}", other.type_name()),
                ));
            }
        };
        let mut count = 0usize;
        let mut first_err = None;
        let mut out = Vec::new();
        for item in items {
            self.locals.push((var.to_owned(), item.clone()));
            let p = predicate.map(|p| truthy(self.eval(p), p.range, kind_name(kind)));
            let t = match (kind, transform) {
                (Macro::Map, Some(t)) if !matches!(p, Some(Ok(false))) => Some(self.eval(t)),
                _ => None,
            };
            self.locals.pop();
            match kind {
                Macro::All => match p {
                    Some(Ok(false)) => return Ok(Value::Bool(false)),
                    Some(Err(e)) => first_err = first_err.or(Some(e)),
                    _ => {}
                },
                Macro::Exists => match p {
                    Some(Ok(true)) => return Ok(Value::Bool(true)),
                    Some(Err(e)) => first_err = first_err.or(Some(e)),
                    _ => {}
                },
                Macro::ExistsOne => match p {
                    Some(Ok(true)) => count += 1,
                    Some(Err(e)) => return Err(e),
                    _ => {}
                },
                Macro::Filter => match p {
                    Some(Ok(true)) => out.push(item),
                    Some(Err(e)) => return Err(e),
                    _ => {}
                },
                Macro::Map => {
                    if let Some(Err(e)) = p {
                        return Err(e);
                    }
                    if let Some(t) = t {
                        out.push(t?);
                    }
                }
            }
        }
        match kind {
            Macro::All => first_err.map_or(Ok(Value::Bool(true)), Err),
            Macro::Exists => first_err.map_or(Ok(Value::Bool(false)), Err),
            Macro::ExistsOne => Ok(Value::Bool(count == 1)),
            Macro::Filter | Macro::Map => {
                let _ = r;
                Ok(Value::List(out))
            }
        }
    }
}

fn kind_name(kind: Macro) -> &'static str {
    match kind {
        Macro::All => "all",
        Macro::Exists => "exists",
        Macro::ExistsOne => "exists_one",
        Macro::Map => "map",
        Macro::Filter => "filter",
    }
}

fn has(v: &Value, field: &str, r: Range) -> R {
    match v {
        Value::Map(m) => Ok(Value::Bool(
            m.iter().any(|(k, _)| k.as_str() == Some(field)),
        )),
        other => Err(err(
            EvalErrorKind::NoMatchingOverload,
            r,
            format!("`has` needs a map, got {}", other.type_name()),
        )),
    }
}

fn select<'v>(v: &'v Value, field: &str, r: Range) -> Result<&'v Value, EvalError> {
    match v {
        Value::Map(m) => m
            .iter()
            .find(|(k, _)| k.as_str() == Some(field))
            .map(|(_, v)| v)
            .ok_or_else(|| {
                err(
                    EvalErrorKind::NoSuchKey,
                    r,
                    format!("no such key: `{field}`"),
                )
            }),
        other => Err(err(
            EvalErrorKind::NoMatchingOverload,
            r,
            format!(
                "cannot select `{field}` from {} {}",
                other.type_name(),
                other.render()
            ),
        )),
    }
}

/// The error of a `&&` or `||` neither side decided: an unsupported side wins, since its
/// value (which Google knows) might have decided.
fn either_error(x: Result<bool, EvalError>, y: Result<bool, EvalError>) -> EvalError {
    match (x, y) {
        (Err(a), Err(b)) if b.kind == EvalErrorKind::Unsupported && a.kind != b.kind => b,
        (Err(e), _) | (_, Err(e)) => e,
        (Ok(_), Ok(_)) => err(EvalErrorKind::InvalidArgument, Range::default(), "no error"),
    }
}

/// A whole, non-negative `double` as a list index, if it fits.
fn double_index(d: f64) -> Option<usize> {
    format!("{d:.0}").parse().ok()
}

/// The number as an exact comparable, across `int`, `uint` and `double`.
#[allow(
    clippy::many_single_char_names,
    reason = "operands are `a` and `b`, values `v`, ranges `r`, as in cel-spec"
)]
#[allow(
    clippy::option_option,
    reason = "`None`: not both numbers; `Some(None)`: unordered (NaN)"
)]
fn numeric_cmp(a: &Value, b: &Value) -> Option<Option<Ordering>> {
    #[expect(
        clippy::cast_precision_loss,
        reason = "compared as cel-spec compares mixed numbers"
    )]
    let f = |v: &Value| match v {
        Value::Int(i) => Some(*i as f64),
        Value::Uint(u) => Some(*u as f64),
        Value::Double(d) => Some(*d),
        _ => None,
    };
    Some(match (a, b) {
        (Value::Int(x), Value::Int(y)) => Some(x.cmp(y)),
        (Value::Uint(x), Value::Uint(y)) => Some(x.cmp(y)),
        (Value::Int(x), Value::Uint(y)) => Some(if *x < 0 {
            Ordering::Less
        } else {
            x.unsigned_abs().cmp(y)
        }),
        (Value::Uint(x), Value::Int(y)) => Some(if *y < 0 {
            Ordering::Greater
        } else {
            x.cmp(&y.unsigned_abs())
        }),
        _ => f(a)?.partial_cmp(&f(b)?),
    })
}

/// cel-spec equality: heterogeneous, never an error; numbers by value across types.
pub fn equal(a: &Value, b: &Value) -> bool {
    if let Some(o) = numeric_cmp(a, b) {
        return o == Some(Ordering::Equal);
    }
    match (a, b) {
        (Value::Null, Value::Null) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Str(x), Value::Str(y)) => x == y,
        (Value::List(x), Value::List(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| equal(p, q))
        }
        (Value::Map(x), Value::Map(y)) => {
            x.len() == y.len()
                && x.iter().all(|(k, v)| {
                    y.iter()
                        .find(|(k2, _)| equal(k, k2))
                        .is_some_and(|(_, v2)| equal(v, v2))
                })
        }
        _ => false,
    }
}

fn no_overload(op: &str, a: &Value, b: &Value, r: Range) -> EvalError {
    err(
        EvalErrorKind::NoMatchingOverload,
        r,
        format!(
            "no matching overload for `{op}` on {} and {}",
            a.type_name(),
            b.type_name()
        ),
    )
}

#[allow(
    clippy::many_single_char_names,
    reason = "operands are `a` and `b`, values `v`, ranges `r`, as in cel-spec"
)]
fn binary(op: BinOp, a: &Value, b: &Value, r: Range) -> R {
    let overflow = || err(EvalErrorKind::Overflow, r, "integer overflow");
    let by_zero = || err(EvalErrorKind::DivideByZero, r, "division by zero");
    match op {
        BinOp::Eq => Ok(Value::Bool(equal(a, b))),
        BinOp::Ne => Ok(Value::Bool(!equal(a, b))),
        BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
            let ord = match (a, b) {
                (Value::Str(x), Value::Str(y)) => Some(x.cmp(y)),
                (Value::Bool(x), Value::Bool(y)) => Some(x.cmp(y)),
                _ => match numeric_cmp(a, b) {
                    Some(o) => o,
                    None => return Err(no_overload(op.symbol(), a, b, r)),
                },
            };
            Ok(Value::Bool(ord.is_some_and(|o| match op {
                BinOp::Lt => o == Ordering::Less,
                BinOp::Le => o != Ordering::Greater,
                BinOp::Gt => o == Ordering::Greater,
                _ => o != Ordering::Less,
            })))
        }
        BinOp::In => match b {
            Value::List(items) => Ok(Value::Bool(items.iter().any(|i| equal(i, a)))),
            Value::Map(m) => Ok(Value::Bool(m.iter().any(|(k, _)| equal(k, a)))),
            _ => Err(no_overload("in", a, b, r)),
        },
        BinOp::Add => match (a, b) {
            (Value::Int(x), Value::Int(y)) => {
                x.checked_add(*y).map(Value::Int).ok_or_else(overflow)
            }
            (Value::Uint(x), Value::Uint(y)) => {
                x.checked_add(*y).map(Value::Uint).ok_or_else(overflow)
            }
            (Value::Double(x), Value::Double(y)) => Ok(Value::Double(x + y)),
            (Value::Str(x), Value::Str(y)) => Ok(Value::Str(format!("{x}{y}"))),
            (Value::List(x), Value::List(y)) => {
                Ok(Value::List(x.iter().chain(y).cloned().collect()))
            }
            _ => Err(no_overload("+", a, b, r)),
        },
        BinOp::Sub => match (a, b) {
            (Value::Int(x), Value::Int(y)) => {
                x.checked_sub(*y).map(Value::Int).ok_or_else(overflow)
            }
            (Value::Uint(x), Value::Uint(y)) => {
                x.checked_sub(*y).map(Value::Uint).ok_or_else(overflow)
            }
            (Value::Double(x), Value::Double(y)) => Ok(Value::Double(x - y)),
            _ => Err(no_overload("-", a, b, r)),
        },
        BinOp::Mul => match (a, b) {
            (Value::Int(x), Value::Int(y)) => {
                x.checked_mul(*y).map(Value::Int).ok_or_else(overflow)
            }
            (Value::Uint(x), Value::Uint(y)) => {
                x.checked_mul(*y).map(Value::Uint).ok_or_else(overflow)
            }
            (Value::Double(x), Value::Double(y)) => Ok(Value::Double(x * y)),
            _ => Err(no_overload("*", a, b, r)),
        },
        BinOp::Div => match (a, b) {
            (Value::Int(_), Value::Int(0)) | (Value::Uint(_), Value::Uint(0)) => Err(by_zero()),
            (Value::Int(x), Value::Int(y)) => {
                x.checked_div(*y).map(Value::Int).ok_or_else(overflow)
            }
            (Value::Uint(x), Value::Uint(y)) => {
                x.checked_div(*y).map(Value::Uint).ok_or_else(overflow)
            }
            (Value::Double(x), Value::Double(y)) => Ok(Value::Double(x / y)),
            _ => Err(no_overload("/", a, b, r)),
        },
        BinOp::Rem => match (a, b) {
            (Value::Int(_), Value::Int(0)) | (Value::Uint(_), Value::Uint(0)) => Err(by_zero()),
            (Value::Int(x), Value::Int(y)) => {
                x.checked_rem(*y).map(Value::Int).ok_or_else(overflow)
            }
            (Value::Uint(x), Value::Uint(y)) => {
                x.checked_rem(*y).map(Value::Uint).ok_or_else(overflow)
            }
            _ => Err(no_overload("%", a, b, r)),
        },
        BinOp::And | BinOp::Or => Err(no_overload(op.symbol(), a, b, r)),
    }
}

fn call(name: &str, name_range: Range, recv: Option<Value>, args: &[Value], r: Range) -> R {
    let bad = |what: String| err(EvalErrorKind::NoMatchingOverload, r, what);
    // Global forms of the functions that are also methods: `size(x)`, `matches(x, re)`.
    let (recv, args) = match (recv, name, args) {
        (None, "size" | "matches", [first, rest @ ..]) => (Some(first.clone()), rest),
        (recv, _, args) => (recv, args),
    };
    let sig = || {
        let mut types: Vec<&str> = recv.iter().map(Value::type_name).collect();
        types.extend(args.iter().map(Value::type_name));
        format!(
            "no matching overload for `{name}` on ({})",
            types.join(", ")
        )
    };
    let s = |v: &Value| v.as_str().map(str::to_owned);
    match (name, recv.as_ref(), args) {
        ("size", Some(v), []) => match v {
            Value::Str(s) => Ok(Value::Int(count(s.chars().count()))),
            Value::List(l) => Ok(Value::Int(count(l.len()))),
            Value::Map(m) => Ok(Value::Int(count(m.len()))),
            _ => Err(bad(sig())),
        },
        ("startsWith", Some(Value::Str(x)), [Value::Str(y)]) => {
            Ok(Value::Bool(x.starts_with(y.as_str())))
        }
        ("endsWith", Some(Value::Str(x)), [Value::Str(y)]) => {
            Ok(Value::Bool(x.ends_with(y.as_str())))
        }
        ("contains", Some(Value::Str(x)), [Value::Str(y)]) => {
            Ok(Value::Bool(x.contains(y.as_str())))
        }
        ("matches", Some(Value::Str(x)), [Value::Str(re)]) => super::re::is_match(re, x)
            .map(Value::Bool)
            .map_err(|(kind, m)| {
                let kind = match kind {
                    super::re::ReError::Invalid => EvalErrorKind::InvalidArgument,
                    super::re::ReError::Unsupported => EvalErrorKind::Unsupported,
                };
                err(kind, r, m)
            }),
        ("extract", Some(Value::Str(x)), [Value::Str(t)]) => extract(x, t)
            .map(Value::Str)
            .map_err(|m| err(EvalErrorKind::InvalidArgument, r, m)),
        ("split", Some(Value::Str(x)), [Value::Str(sep)]) => Ok(split(x, sep, -1)),
        ("split", Some(Value::Str(x)), [Value::Str(sep), n]) => match n {
            Value::Int(n) => Ok(split(x, sep, *n)),
            _ => Err(bad(sig())),
        },
        ("join", Some(Value::List(items)), rest) => {
            let sep = match rest {
                [] => String::new(),
                [Value::Str(sep)] => sep.clone(),
                _ => return Err(bad(sig())),
            };
            let parts: Option<Vec<String>> = items.iter().map(s).collect();
            parts
                .map(|p| Value::Str(p.join(&sep)))
                .ok_or_else(|| bad("`join` needs a list of strings".to_owned()))
        }
        ("lowerAscii", Some(Value::Str(x)), []) => Ok(Value::Str(x.to_ascii_lowercase())),
        ("upperAscii", Some(Value::Str(x)), []) => Ok(Value::Str(x.to_ascii_uppercase())),
        ("dyn", None, [v]) => Ok(v.clone()),
        ("string", None, [v]) => match v {
            Value::Str(_) => Ok(v.clone()),
            Value::Int(i) => Ok(Value::Str(i.to_string())),
            Value::Uint(u) => Ok(Value::Str(u.to_string())),
            Value::Double(d) => Ok(Value::Str(d.to_string())),
            Value::Bool(b) => Ok(Value::Str(b.to_string())),
            _ => Err(bad(sig())),
        },
        ("int", None, [v]) => match v {
            Value::Int(_) => Ok(v.clone()),
            Value::Uint(u) => i64::try_from(*u)
                .map(Value::Int)
                .map_err(|_| err(EvalErrorKind::Overflow, r, "integer overflow")),
            #[expect(clippy::cast_possible_truncation, reason = "range checked just before")]
            Value::Double(d)
                if d.is_finite()
                    && *d > -9.223_372_036_854_776e18
                    && *d < 9.223_372_036_854_776e18 =>
            {
                Ok(Value::Int(d.trunc() as i64))
            }
            Value::Double(_) => Err(err(EvalErrorKind::Overflow, r, "integer overflow")),
            Value::Str(t) => t.parse::<i64>().map(Value::Int).map_err(|_| {
                err(
                    EvalErrorKind::InvalidArgument,
                    r,
                    format!("`int` cannot read {}", v.render()),
                )
            }),
            _ => Err(bad(sig())),
        },
        ("uint", None, [v]) => match v {
            Value::Uint(_) => Ok(v.clone()),
            Value::Int(i) => u64::try_from(*i)
                .map(Value::Uint)
                .map_err(|_| err(EvalErrorKind::Overflow, r, "unsigned overflow")),
            #[expect(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                reason = "range checked just before"
            )]
            Value::Double(d) if d.is_finite() && *d > -1.0 && *d < 1.844_674_407_370_955_2e19 => {
                Ok(Value::Uint(d.trunc() as u64))
            }
            Value::Double(_) => Err(err(EvalErrorKind::Overflow, r, "unsigned overflow")),
            Value::Str(t) => t.parse::<u64>().map(Value::Uint).map_err(|_| {
                err(
                    EvalErrorKind::InvalidArgument,
                    r,
                    format!("`uint` cannot read {}", v.render()),
                )
            }),
            _ => Err(bad(sig())),
        },
        #[expect(clippy::cast_precision_loss, reason = "CEL's int-to-double conversion")]
        ("double", None, [v]) => match v {
            Value::Double(_) => Ok(v.clone()),
            Value::Int(i) => Ok(Value::Double(*i as f64)),
            Value::Uint(u) => Ok(Value::Double(*u as f64)),
            Value::Str(t) => t.parse::<f64>().map(Value::Double).map_err(|_| {
                err(
                    EvalErrorKind::InvalidArgument,
                    r,
                    format!("`double` cannot read {}", v.render()),
                )
            }),
            _ => Err(bad(sig())),
        },
        _ if FUNCTIONS.iter().any(|(n, _, _)| *n == name) => Err(bad(sig())),
        _ => Err(err(
            EvalErrorKind::Unsupported,
            name_range,
            format!("the function `{name}` is not modelled"),
        )),
    }
}

fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// `split` as cel-go's strings extension defines it (Go's `strings.SplitN`): `n` parts at
/// most, all when `n` is negative, none when zero.
fn split(s: &str, sep: &str, n: i64) -> Value {
    let parts: Vec<Value> = if n == 0 {
        Vec::new()
    } else if sep.is_empty() {
        let chars: Vec<String> = s.chars().map(String::from).collect();
        match usize::try_from(n) {
            Ok(n) if n < chars.len() => {
                let head = chars.iter().take(n - 1).cloned();
                let tail: String = chars.iter().skip(n - 1).map(String::as_str).collect();
                head.chain(std::iter::once(tail)).map(Value::Str).collect()
            }
            _ => chars.into_iter().map(Value::Str).collect(),
        }
    } else {
        match usize::try_from(n) {
            Ok(n) => s.splitn(n, sep).map(|p| Value::Str(p.to_owned())).collect(),
            Err(_) => s.split(sep).map(|p| Value::Str(p.to_owned())).collect(),
        }
    };
    Value::List(parts)
}

/// `extract`: the part of `s` that the template's `{name}` stands for, between its literal
/// prefix and suffix; `''` when the template does not match. Google documents the function
/// with examples only (UNCONFIRMED beyond them): this follows them and the emulator
/// wif-go: the prefix is found first, then the suffix's first occurrence after it (an
/// empty suffix takes the rest).
fn extract(s: &str, template: &str) -> Result<String, String> {
    let open = template.find('{');
    let close = template.find('}');
    let (Some(open), Some(close)) = (open, close) else {
        return Err(format!(
            "the `extract` template `{template}` has no `{{name}}` to extract"
        ));
    };
    let name = template.get(open + 1..close).unwrap_or_default();
    if close < open
        || name.is_empty()
        || !name
            .chars()
            .all(|c| c == '_' || c == '-' || c.is_alphanumeric())
    {
        return Err(format!(
            "the `extract` template `{template}` has no `{{name}}` to extract"
        ));
    }
    let prefix = template.get(..open).unwrap_or_default();
    let suffix = template.get(close + 1..).unwrap_or_default();
    let Some(at) = s.find(prefix) else {
        return Ok(String::new());
    };
    let rest = s.get(at + prefix.len()..).unwrap_or_default();
    if suffix.is_empty() {
        return Ok(rest.to_owned());
    }
    Ok(rest
        .find(suffix)
        .and_then(|end| rest.get(..end))
        .unwrap_or_default()
        .to_owned())
}

/// The names an expression uses that its environment does not declare, with where each
/// is: CEL's type checker refuses them when the provider is saved. Comprehension
/// variables are in scope inside their macro.
pub fn undeclared(e: &Expr, env: &Env<'_>) -> Option<(String, Range)> {
    fn walk(e: &Expr, env: &Env<'_>, scope: &mut Vec<String>) -> Option<(String, Range)> {
        match &e.kind {
            ExprKind::Ident(n) => {
                (!env.declares(n) && !scope.contains(n)).then(|| (n.clone(), e.range))
            }
            ExprKind::Comprehension {
                range,
                var,
                predicate,
                transform,
                ..
            } => {
                if let Some(u) = walk(range, env, scope) {
                    return Some(u);
                }
                scope.push(var.clone());
                let found = predicate
                    .iter()
                    .chain(transform.iter())
                    .find_map(|x| walk(x, env, scope));
                scope.pop();
                found
            }
            _ => children(e).into_iter().find_map(|c| walk(c, env, scope)),
        }
    }
    walk(e, env, &mut Vec::new())
}

/// A call outside the modelled functions, or one with the wrong number of arguments:
/// `(name, range, known)`; `known` is `false` for a function oidc-trust does not model.
pub fn unknown_call(e: &Expr) -> Option<(String, Range, bool)> {
    if let ExprKind::Call {
        target,
        name,
        name_range,
        args,
    } = &e.kind
    {
        match FUNCTIONS.iter().find(|(n, _, _)| n == name) {
            None => return Some((name.clone(), *name_range, false)),
            Some((_, style, arities)) => {
                let method = target.is_some();
                let style_ok = match style {
                    Style::Method => method,
                    Style::Global => !method,
                    Style::Both => true,
                };
                let n = if method {
                    args.len()
                } else {
                    args.len()
                        .saturating_sub(usize::from(*style == Style::Both))
                };
                let arity_ok = if *style == Style::Both && !method {
                    !args.is_empty() && arities.contains(&n)
                } else {
                    arities.contains(&n)
                };
                if !style_ok || !arity_ok {
                    return Some((name.clone(), *name_range, true));
                }
            }
        }
    }
    children(e).into_iter().find_map(unknown_call)
}

/// The direct sub-expressions.
pub fn children(e: &Expr) -> Vec<&Expr> {
    match &e.kind {
        ExprKind::Null
        | ExprKind::Bool(_)
        | ExprKind::Int(_)
        | ExprKind::Uint(_)
        | ExprKind::Double(_)
        | ExprKind::Str(_)
        | ExprKind::Ident(_) => Vec::new(),
        ExprKind::Select(x, _) | ExprKind::Has(x, _) | ExprKind::Not(x) | ExprKind::Neg(x) => {
            vec![x]
        }
        ExprKind::Index(a, b) | ExprKind::Binary(_, a, b) => vec![a, b],
        ExprKind::Cond(a, b, c) => vec![a, b, c],
        ExprKind::Call { target, args, .. } => target.iter().map(|t| &**t).chain(args).collect(),
        ExprKind::List(items) => items.iter().collect(),
        ExprKind::Map(entries) => entries.iter().flat_map(|(k, v)| [k, v]).collect(),
        ExprKind::Comprehension {
            range,
            predicate,
            transform,
            ..
        } => std::iter::once(&**range)
            .chain(predicate.iter().map(|p| &**p))
            .chain(transform.iter().map(|t| &**t))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse::parse;
    use super::*;
    use serde_json::json;

    #[allow(clippy::needless_pass_by_value, reason = "tests pass `json!` literals")]
    fn run(src: &str, claims: serde_json::Value) -> R {
        let a = Value::from_json(&claims);
        let env = Env::new(vec![("assertion", &a)]);
        eval(&parse(src).unwrap(), &env)
    }

    fn yes(src: &str, claims: serde_json::Value) {
        assert_eq!(run(src, claims), Ok(Value::Bool(true)), "{src}");
    }

    fn no(src: &str, claims: serde_json::Value) {
        assert_eq!(run(src, claims), Ok(Value::Bool(false)), "{src}");
    }

    #[test]
    fn equality_is_heterogeneous() {
        let c = json!({"project_id": "20", "runner_id": 1, "ref_protected": "true"});
        no("assertion.project_id == 20", c.clone());
        yes("assertion.project_id != 20", c.clone());
        yes("assertion.runner_id == 1", c.clone());
        yes("assertion.runner_id == 1u", c.clone());
        no("assertion.ref_protected == true", c.clone());
        yes("[1, 'a'] == [1.0, 'a']", c.clone());
        yes("{'a': 1} == {'a': 1.0}", c);
    }

    #[test]
    fn logic_absorbs_errors() {
        let c = json!({"a": "x"});
        no("assertion.missing == 'y' && false", c.clone());
        no("false && assertion.missing == 'y'", c.clone());
        yes("assertion.missing == 'y' || true", c.clone());
        let e = run("assertion.missing == 'y' && true", c.clone()).unwrap_err();
        assert_eq!(e.kind, EvalErrorKind::NoSuchKey);
        assert_eq!(e.range, Range { start: 0, end: 17 });
        yes("has(assertion.a) && !has(assertion.b)", c.clone());
        assert!(run("'a' && true", c).is_err());
    }

    #[test]
    fn google_functions() {
        let c = json!({"sub": "repo:acme/app:ref:refs/heads/main", "arn": "arn:aws:sts::1:assumed-role/deploy/s", "email": "a@b.c", "groups": ["x", "y"]});
        assert_eq!(
            run("assertion.arn.extract('assumed-role/{role}/')", c.clone()),
            Ok(Value::Str("deploy".into()))
        );
        assert_eq!(
            run("'id/123'.extract('id/{end}')", c.clone()),
            Ok(Value::Str("123".into()))
        );
        assert_eq!(
            run("'id/123'.extract('{start}/')", c.clone()),
            Ok(Value::Str("id".into()))
        );
        assert_eq!(
            run("'id/123'.extract('{all}')", c.clone()),
            Ok(Value::Str("id/123".into()))
        );
        assert_eq!(
            run("'id/123'.extract('foo/{x}')", c.clone()),
            Ok(Value::Str(String::new()))
        );
        assert_eq!(
            run("assertion.email.split('@')[0]", c.clone()),
            Ok(Value::Str("a".into()))
        );
        assert_eq!(
            run("'a b c'.split(' ', 2)", c.clone()),
            Ok(Value::List(vec![
                Value::Str("a".into()),
                Value::Str("b c".into())
            ]))
        );
        assert_eq!(
            run("'a b'.split(' ', 0)", c.clone()),
            Ok(Value::List(vec![]))
        );
        assert_eq!(
            run("assertion.groups.join('.')", c.clone()),
            Ok(Value::Str("x.y".into()))
        );
        assert_eq!(
            run("'ACME'.lowerAscii()", c.clone()),
            Ok(Value::Str("acme".into()))
        );
        yes(
            "assertion.sub.startsWith('repo:acme/') && assertion.sub.endsWith('main')",
            c.clone(),
        );
        yes("assertion.sub.matches('heads/ma')", c.clone());
        no("assertion.sub.matches('^heads')", c.clone());
        yes(
            "'x' in assertion.groups && 'sub' in assertion && size(assertion.groups) == 2",
            c.clone(),
        );
        yes(
            "assertion.groups.exists(g, g == 'y') && assertion.groups.all(g, size(g) == 1)",
            c.clone(),
        );
        yes(
            "assertion.groups.map(g, g + '!') == ['x!', 'y!'] && assertion.groups.filter(g, g == 'x').size() == 1",
            c.clone(),
        );
        assert_eq!(
            run("true ? 'a' : 'b'", c.clone()),
            Ok(Value::Str("a".into()))
        );
        assert_eq!(
            run("{'a': 'b'}[assertion.email.split('@')[0]]", c.clone()),
            Ok(Value::Str("b".into()))
        );
        assert_eq!(
            run("assertion.nope()", c.clone()).unwrap_err().kind,
            EvalErrorKind::Unsupported
        );
        assert_eq!(
            run("1 / 0", c.clone()).unwrap_err().kind,
            EvalErrorKind::DivideByZero
        );
        assert_eq!(
            run("9223372036854775807 + 1", c.clone()).unwrap_err().kind,
            EvalErrorKind::Overflow
        );
        assert_eq!(run("int('42') + 1", c.clone()), Ok(Value::Int(43)));
        assert_eq!(run("string(3) + 'x'", c), Ok(Value::Str("3x".into())));
    }

    #[test]
    fn static_checks() {
        let a = Value::Null;
        let env = Env::new(vec![("assertion", &a)]);
        let e = parse("assertion.a == x && [1].all(y, y == 1)").unwrap();
        assert_eq!(undeclared(&e, &env).map(|u| u.0), Some("x".to_owned()));
        assert_eq!(
            unknown_call(&parse("a.timestamp()").unwrap()).map(|u| u.2),
            Some(false)
        );
        assert_eq!(
            unknown_call(&parse("a.startsWith()").unwrap()).map(|u| u.2),
            Some(true)
        );
        assert_eq!(
            unknown_call(&parse("startsWith(a, 'b')").unwrap()).map(|u| u.2),
            Some(true)
        );
        assert!(unknown_call(&parse("size(a) + a.size() + int(1)").unwrap()).is_none());
        assert!(unknown_call(&parse("matches(a, 'x')").unwrap()).is_none());
    }
}
