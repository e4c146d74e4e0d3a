//! Token claims as Vault's Go code reads them: `getClaim` (a top-level key, or a JSON
//! pointer when the name starts with `/`; a top-level number becomes an integer's digits),
//! the values `bound_claims` compares, and the registered claims that HashiCorp's `cap`
//! validator decodes into a struct (case-insensitively, as Go's `encoding/json` does).
//!
//! Sources: `claims.go` of hashicorp/vault-plugin-auth-jwt and openbao's
//! `builtin/credential/jwt`; `jwt/jwt.go` of hashicorp/cap v0.13.0; go-jose v3 `jwt/claims.go`.

use std::fmt::Write as _;

use serde_json::Value;

use crate::token::Claims;

/// A token value as Vault compares it: Go's `string`, `bool`, `json.Number` (a top-level
/// number, truncated to an integer by `getClaim`), `float64` (a number inside a list, left
/// as `encoding/json` decoded it) or anything else.
#[derive(Debug, Clone, PartialEq)]
pub enum TokenValue<'a> {
    /// A string.
    Str(&'a str),
    /// A boolean.
    Bool(bool),
    /// `json.Number(strconv.Itoa(int(f)))`: a top-level number's integer digits.
    Num(String),
    /// A number inside a list: a `float64`, equal to no bound value.
    Float(f64),
    /// An object, `null` or a nested list: equal to no bound value.
    Other,
}

/// A bound value as Vault stores it: `string`, `bool`, `json.Number` (its text as written)
/// or anything else (Go's `%v` of it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BoundValue {
    /// A string.
    Str(String),
    /// A boolean.
    Bool(bool),
    /// A number, as written.
    Num(String),
    /// An object or `null` (Go's `%v` of it): equal to no token value.
    Other(String),
}

impl BoundValue {
    /// Whether a token value equals this one (Go's `!=` on interfaces: same type, same
    /// value).
    pub fn equals(&self, token: &TokenValue<'_>) -> bool {
        match (self, token) {
            (BoundValue::Str(a), TokenValue::Str(b)) => a == b,
            (BoundValue::Bool(a), TokenValue::Bool(b)) => a == b,
            (BoundValue::Num(a), TokenValue::Num(b)) => a == b,
            _ => false,
        }
    }

    /// The value as JSON, for the trace.
    pub fn to_json(&self) -> Value {
        match self {
            BoundValue::Str(s) | BoundValue::Other(s) => Value::String(s.clone()),
            BoundValue::Bool(b) => Value::Bool(*b),
            BoundValue::Num(n) => n
                .parse::<serde_json::Number>()
                .map_or_else(|_| Value::String(n.clone()), Value::Number),
        }
    }

    /// Go's `%v` of the value.
    pub fn go(&self) -> String {
        match self {
            BoundValue::Str(s) | BoundValue::Num(s) | BoundValue::Other(s) => s.clone(),
            BoundValue::Bool(b) => b.to_string(),
        }
    }
}

/// `getClaim`: the claim named `name` (a JSON pointer when it starts with `/`, read as
/// mitchellh/pointerstructure reads one), or `None` when absent or `null` (Go's `nil`).
pub fn get<'a>(claims: &'a Claims, name: &str) -> Option<&'a Value> {
    let value = match name.strip_prefix('/') {
        None => claims.get(name)?,
        Some(path) => {
            let mut parts = path.split('/').map(unescape);
            let first = parts.next()?;
            let mut at = claims.get(&first)?;
            for part in parts {
                at = match at {
                    Value::Object(map) => map.get(&part)?,
                    Value::Array(items) => items.get(part.parse::<usize>().ok()?)?,
                    _ => return None,
                };
            }
            at
        }
    };
    (!value.is_null()).then_some(value)
}

/// One reference token of a JSON pointer, unescaped (`~1` is `/`, `~0` is `~`).
fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// A claim as `getClaim` returns it, for comparing: a top-level number becomes its
/// integer's digits.
pub fn value(v: &Value) -> TokenValue<'_> {
    match v {
        Value::Number(_) => TokenValue::Num(go_int(v).to_string()),
        other => element(other),
    }
}

/// An element of a list claim (numbers stay `float64`).
fn element(v: &Value) -> TokenValue<'_> {
    match v {
        Value::String(s) => TokenValue::Str(s),
        Value::Bool(b) => TokenValue::Bool(*b),
        Value::Number(n) => TokenValue::Float(n.as_f64().unwrap_or_default()),
        _ => TokenValue::Other,
    }
}

/// `normalizeList` of a claim: a string, bool or number is a list of one, a list its
/// elements; `None` for anything else (an object).
pub fn list(v: &Value) -> Option<Vec<TokenValue<'_>>> {
    match v {
        Value::Array(items) => Some(items.iter().map(element).collect()),
        Value::Object(_) | Value::Null => None,
        scalar => Some(vec![value(scalar)]),
    }
}

/// Go's `int(f)` of a JSON number, as amd64 computes it (out of range: the minimum).
pub fn go_int(v: &Value) -> i64 {
    let f = v.as_f64().unwrap_or_default();
    #[expect(
        clippy::cast_possible_truncation,
        reason = "Go's int(float64) truncates; the range is checked first"
    )]
    if f.is_finite() && f > -9.223_372_036_854_776e18 && f < 9.223_372_036_854_776e18 {
        f.trunc() as i64
    } else {
        i64::MIN
    }
}

/// Go's `%v` of a decoded JSON value (`map[k:v]` with sorted keys, `[a b]`, `<nil>`,
/// numbers as `float64`).
pub fn go_repr(v: &Value) -> String {
    let mut out = String::new();
    repr(v, &mut out);
    out
}

fn repr(v: &Value, out: &mut String) {
    match v {
        Value::Null => out.push_str("<nil>"),
        Value::Bool(b) => {
            let _ = write!(out, "{b}");
        }
        Value::Number(n) => out.push_str(&go_float(n.as_f64().unwrap_or_default())),
        Value::String(s) => out.push_str(s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                repr(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push_str("map[");
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                out.push_str(k);
                out.push(':');
                if let Some(item) = map.get(k) {
                    repr(item, out);
                }
            }
            out.push(']');
        }
    }
}

/// Go's `%v` of a `float64` (`strconv.FormatFloat(f, 'g', -1, 64)`): the shortest digits,
/// in exponent form when the exponent is below -4 or at least 6.
pub fn go_float(f: f64) -> String {
    let sci = format!("{f:e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or_default();
    if (-4..6).contains(&exp) {
        return format!("{f}");
    }
    let sign = if exp < 0 { '-' } else { '+' };
    format!("{mantissa}e{sign}{:02}", exp.unsigned_abs())
}

/// The registered claims as `cap` reads them, from the claims decoded into go-jose's
/// `jwt.Claims` struct: `None`/`0` where absent.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Registered<'a> {
    /// `iss`.
    pub iss: Option<&'a str>,
    /// `sub`.
    pub sub: Option<&'a str>,
    /// `aud`, a string read as a list of one.
    pub aud: Vec<&'a str>,
    /// `exp`, in whole seconds (`0`: absent).
    pub exp: i64,
    /// `nbf` (`0`: absent).
    pub nbf: i64,
    /// `iat` (`0`: absent).
    pub iat: i64,
}

/// The names `cap` validates through the struct (RFC 7519, section 4.1).
pub const REGISTERED: [&str; 7] = ["iss", "sub", "aud", "exp", "nbf", "iat", "jti"];

/// Go's `strings.EqualFold` against an ASCII lowercase name: the only other runes that
/// fold to ASCII letters are `ſ` (to `s`) and the Kelvin sign (to `k`).
pub fn folds_to(key: &str, name: &str) -> bool {
    if key.is_ascii() {
        return key.eq_ignore_ascii_case(name);
    }
    // Each folding rune takes at most 3 bytes (the Kelvin sign), so most keys are ruled out
    // by their length alone.
    (name.len()..=name.len() * 3).contains(&key.len())
        && key.chars().count() == name.len()
        && key.chars().zip(name.chars()).all(|(a, b)| {
            a.to_ascii_lowercase() == b || (a == 'ſ' && b == 's') || (a == '\u{212A}' && b == 'k')
        })
}

/// The registered name `key` folds to, if any (each is three runes of at most three bytes,
/// so a longer key is none).
fn registered_name(key: &str) -> Option<&'static str> {
    if key.len() > 9 {
        return None;
    }
    REGISTERED.into_iter().find(|n| folds_to(key, n))
}

/// The keys that equal a registered name only under case folding (`SUB`, `ſub`): cap after
/// v0.13.0 refuses such tokens; v0.13.0 reads the registered value from one of them.
pub fn collisions(claims: &Claims) -> Vec<(&str, &'static str)> {
    claims
        .iter()
        .filter_map(|(k, _)| {
            let name = registered_name(k)?;
            (k != name).then_some((k, name))
        })
        .collect()
}

/// Decodes the registered claims as cap does: the claims are written out as JSON (keys in
/// byte order) and read into go-jose's struct, where a key matches a field case-insensitively
/// and a later key overwrites an earlier one. Returns the error text cap reports after
/// `error validating token: ` when a value has the wrong type.
pub fn registered(claims: &Claims) -> Result<Registered<'_>, String> {
    // Only the keys that fold to a registered name matter, in byte order (the claims'
    // names are unique, so an unstable sort keeps cap's order).
    let mut keys: Vec<(&str, &str, &Value)> = claims
        .iter()
        .filter_map(|(key, v)| {
            let name = registered_name(key)?;
            Some((key, name, v))
        })
        .collect();
    keys.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let mut r = Registered::default();
    let mut type_error: Option<String> = None;
    for (key, name, v) in keys {
        match name {
            "aud" => {
                r.aud = match v {
                    Value::String(s) => vec![s.as_str()],
                    Value::Array(items) if items.iter().all(Value::is_string) => {
                        items.iter().filter_map(Value::as_str).collect()
                    }
                    _ => {
                        return Err(
                            "go-jose/go-jose/jwt: expected string or array value to unmarshal to Audience"
                                .to_owned(),
                        );
                    }
                };
            }
            "exp" | "nbf" | "iat" => {
                let seconds = match v {
                    Value::Null => 0,
                    Value::Number(_) => go_int(v),
                    _ => {
                        return Err(
                            "go-jose/go-jose/jwt: expected number value to unmarshal NumericDate"
                                .to_owned(),
                        );
                    }
                };
                match name {
                    "exp" => r.exp = seconds,
                    "nbf" => r.nbf = seconds,
                    _ => r.iat = seconds,
                }
            }
            _ => match v {
                Value::Null => {}
                Value::String(s) => match name {
                    "iss" => r.iss = Some(s),
                    "sub" => r.sub = Some(s),
                    _ => {}
                },
                other => {
                    let kind = match other {
                        Value::Bool(_) => "bool",
                        Value::Number(_) => "number",
                        Value::Array(_) => "array",
                        _ => "object",
                    };
                    type_error.get_or_insert_with(|| {
                        format!(
                            "json: cannot unmarshal {kind} into Go struct field Claims.{key} of type string"
                        )
                    });
                }
            },
        }
    }
    match type_error {
        Some(e) => Err(e),
        None => Ok(r),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn claims(v: Value) -> Claims {
        match v {
            Value::Object(m) => Claims::new(m),
            _ => Claims::default(),
        }
    }

    #[test]
    fn pointers_and_numbers() {
        let c = claims(json!({"a": {"b/c": [1, "x"]}, "n": 1.9, "neg": -1.5, "z": null}));
        assert_eq!(get(&c, "/a/b~1c/1"), Some(&json!("x")));
        assert_eq!(get(&c, "/a/b~1c/9"), None);
        assert_eq!(get(&c, "/a/x"), None);
        assert_eq!(get(&c, "z"), None);
        assert_eq!(value(&json!(1.9)), TokenValue::Num("1".into()));
        assert_eq!(value(&json!(-1.5)), TokenValue::Num("-1".into()));
        assert_eq!(
            list(&json!([1, "a"])),
            Some(vec![TokenValue::Float(1.0), TokenValue::Str("a")])
        );
        assert!(!BoundValue::Num("20".into()).equals(&TokenValue::Str("20")));
        assert!(BoundValue::Num("20".into()).equals(&value(&json!(20))));
    }

    #[test]
    fn go_formatting() {
        assert_eq!(go_float(1.0), "1");
        assert_eq!(go_float(1.5), "1.5");
        assert_eq!(go_float(1e21), "1e+21");
        assert_eq!(go_float(123_456_789.0), "1.23456789e+08");
        assert_eq!(go_float(999_999.0), "999999");
        assert_eq!(go_float(0.00001), "1e-05");
        assert_eq!(
            go_repr(&json!({"b": [1, true], "a": null})),
            "map[a:<nil> b:[1 true]]"
        );
    }

    #[test]
    fn registered_claims_fold_and_overwrite() {
        let c = claims(json!({"sub": "real", "ſub": "forged", "aud": "x", "exp": 10.7}));
        let r = registered(&c).unwrap();
        assert_eq!(r.sub, Some("forged"));
        assert_eq!((r.aud, r.exp), (vec!["x"], 10));
        assert_eq!(collisions(&c), vec![("ſub", "sub")]);
        let bad = claims(json!({"iss": 1, "exp": "1"}));
        assert!(registered(&bad).unwrap_err().contains("NumericDate"));
        let bad = claims(json!({"iss": 1}));
        assert_eq!(
            registered(&bad).unwrap_err(),
            "json: cannot unmarshal number into Go struct field Claims.iss of type string"
        );
        assert!(registered(&claims(json!({"aud": null}))).is_err());
    }
}
