//! Condition values: text, escapes and policy variables. A literal `*`, `?` or `$` is
//! written `${*}`, `${?}`, `${$}`, and `${key}` or `${key, 'default'}` stands for a request
//! value; all of this only under `Version` `2012-10-17`. [`ConditionValue`] prepares a
//! value once, when the policy is read, so evaluating it is a comparison.
//!
//! Choice (UNCONFIRMED by AWS): text substituted for a `${key}` variable is literal, so a
//! `*` in a claim value never acts as a wildcard.

use std::borrow::Cow;

use crate::matching::{self, Elem, PatternBuilder};

/// One piece of a policy value as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// Text, with `*` and `?` as wildcards under `StringLike`.
    Text(String),
    /// `${*}`, `${?}` or `${$}`: a literal character.
    Escaped(char),
    /// `${key}` or `${key, 'default'}`.
    Variable {
        /// The key, as written.
        key: String,
        /// The default, if given.
        default: Option<String>,
    },
}

/// Splits a value into parts. With `variables` false (policy `Version` `2008-10-17` or
/// none), the whole value is text.
pub fn parse_value(raw: &str, variables: bool) -> Vec<Part> {
    if !variables || !raw.contains("${") {
        return vec![Part::Text(raw.to_owned())];
    }
    let mut parts = Vec::new();
    let mut rest = raw;
    while let Some(start) = rest.find("${") {
        let (before, after) = rest.split_at(start);
        let Some(close) = after.find('}') else { break };
        let inner = after.get(2..close).unwrap_or_default();
        if !before.is_empty() {
            parts.push(Part::Text(before.to_owned()));
        }
        parts.push(match inner {
            "*" => Part::Escaped('*'),
            "?" => Part::Escaped('?'),
            "$" => Part::Escaped('$'),
            _ => match inner.split_once(',') {
                Some((key, default)) => {
                    let d = default.trim();
                    let d = d
                        .strip_prefix('\'')
                        .and_then(|s| s.strip_suffix('\''))
                        .unwrap_or(d);
                    Part::Variable {
                        key: key.trim().to_owned(),
                        default: Some(d.to_owned()),
                    }
                }
                None => Part::Variable {
                    key: inner.trim().to_owned(),
                    default: None,
                },
            },
        });
        rest = after.get(close + 1..).unwrap_or_default();
    }
    if !rest.is_empty() {
        parts.push(Part::Text(rest.to_owned()));
    }
    parts
}

/// Resolves parts against the request: `lookup` gives a single-valued key's value.
/// Returns `None` when a variable has no value and no default ("no equal or like value").
pub fn resolve_text<'a>(
    parts: &[Part],
    lookup: impl Fn(&str) -> Option<&'a str>,
) -> Option<String> {
    let mut out = String::new();
    for p in parts {
        match p {
            Part::Text(t) => out.push_str(t),
            Part::Escaped(c) => out.push(*c),
            Part::Variable { key, default } => out.push_str(lookup(key).or(default.as_deref())?),
        }
    }
    Some(out)
}

/// Like [`resolve_text`], but keeps `*` and `?` in written text as wildcards.
pub fn resolve_pattern<'a>(
    parts: &[Part],
    lookup: impl Fn(&str) -> Option<&'a str>,
) -> Option<Vec<Elem>> {
    let mut out = PatternBuilder::default();
    for p in parts {
        match p {
            Part::Text(t) => out.wild(t),
            Part::Escaped(c) => out.literal(c.encode_utf8(&mut [0; 4])),
            Part::Variable { key, default } => out.literal(lookup(key).or(default.as_deref())?),
        }
    }
    Some(out.finish())
}

/// One condition value, prepared for matching when the policy is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConditionValue {
    /// The value as written (numbers and booleans as their JSON text).
    pub text: String,
    /// The value split into text, escapes and variables; empty when it is plain text
    /// (no `${`, or policy variables off), which is the common case.
    parts: Vec<Part>,
    /// The `StringLike` pattern, for the wildcard operators, when the value holds no
    /// variable.
    pattern: Option<Vec<Elem>>,
}

impl ConditionValue {
    /// Prepares a value; `like` for `StringLike`/`StringNotLike`, `variables` under
    /// `Version` `2012-10-17`.
    pub(crate) fn new(text: String, like: bool, variables: bool) -> Self {
        let parts = if variables && text.contains("${") {
            parse_value(&text, true)
        } else {
            Vec::new()
        };
        let mut value = ConditionValue {
            text,
            parts,
            pattern: None,
        };
        if like && !value.has_variables() {
            value.pattern = Some(if value.parts.is_empty() {
                matching::pattern(&value.text)
            } else {
                resolve_pattern(&value.parts, |_| None).unwrap_or_default()
            });
        }
        value
    }

    /// Whether the value takes a request value (`${key}`).
    pub fn has_variables(&self) -> bool {
        self.parts
            .iter()
            .any(|p| matches!(p, Part::Variable { .. }))
    }

    /// Whether written text holds a `*` or `?` (escaped ones do not count).
    pub fn has_wildcard(&self) -> bool {
        if self.parts.is_empty() {
            self.text.contains(['*', '?'])
        } else {
            self.parts
                .iter()
                .any(|p| matches!(p, Part::Text(t) if t.contains(['*', '?'])))
        }
    }

    /// The text with escapes applied and variables filled in by `lookup`; `None` when a
    /// variable has no value and no default.
    pub fn resolve_text<'a>(
        &'a self,
        lookup: impl Fn(&str) -> Option<&'a str>,
    ) -> Option<Cow<'a, str>> {
        if self.parts.is_empty() {
            return Some(Cow::Borrowed(&self.text));
        }
        resolve_text(&self.parts, lookup).map(Cow::Owned)
    }

    /// The `StringLike` pattern, with variables filled in by `lookup`.
    pub fn resolve_pattern<'a>(
        &'a self,
        lookup: impl Fn(&str) -> Option<&'a str>,
    ) -> Option<Cow<'a, [Elem]>> {
        if let Some(p) = &self.pattern {
            return Some(Cow::Borrowed(p));
        }
        if self.parts.is_empty() {
            return Some(Cow::Owned(matching::pattern(&self.text)));
        }
        resolve_pattern(&self.parts, lookup).map(Cow::Owned)
    }

    /// The pattern prepared when the policy was read (wildcard operators, no variables).
    pub fn pattern(&self) -> Option<&[Elem]> {
        self.pattern.as_deref()
    }

    /// The literal text, when the value has no variable and no escape.
    pub fn literal(&self) -> Option<&str> {
        self.parts.is_empty().then_some(self.text.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variables_and_defaults() {
        let parts = parse_value("x-${aws:username, 'nobody'}-${k}-${$}", true);
        let got = resolve_text(&parts, |k| (k == "k").then_some("v"));
        assert_eq!(got.as_deref(), Some("x-nobody-v-$"));
        assert_eq!(
            resolve_text(&parse_value("${missing}", true), |_| None),
            None
        );
        assert_eq!(
            parse_value("${k}", false),
            vec![Part::Text("${k}".to_owned())]
        );
    }

    #[test]
    fn escapes_are_literal_under_string_like() {
        let v = ConditionValue::new("a${*}b".to_owned(), true, true);
        assert!(!v.has_wildcard());
        let p = v.pattern().unwrap();
        assert!(matching::like(p, "a*b"));
        assert!(!matching::like(p, "axb"));
        let plain = ConditionValue::new("repo:o/*".to_owned(), true, true);
        assert!(plain.has_wildcard() && plain.literal().is_some());
    }
}
