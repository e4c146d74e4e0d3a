//! A small JSON reader that keeps what `serde_json` throws away: where every value sits in
//! the text (for line/column errors and highlighting) and keys that appear twice in one
//! object (which `serde_json` silently collapses to the last one).
//!
//! It accepts exactly RFC 8259 JSON. Nesting is capped at [`MAX_DEPTH`] so hostile input
//! cannot exhaust the stack.

use std::borrow::Cow;
use std::fmt;

/// The deepest nesting of arrays and objects the reader accepts.
pub const MAX_DEPTH: usize = 128;

/// A byte range in the source text, with the 1-based line and column (in characters) of
/// its start.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Span {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// 1-based line of `start`.
    pub line: usize,
    /// 1-based column of `start`, counted in characters.
    pub column: usize,
}

/// A parsed JSON value with its span.
#[derive(Debug, Clone, PartialEq)]
pub struct Node<'a> {
    /// The value.
    pub value: Value<'a>,
    /// Where it is in the text.
    pub span: Span,
}

/// A JSON value. Numbers keep their source text so `20` and `2e1` stay distinct, as IAM's
/// "string version of the condition value" reading needs.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as written.
    Number(&'a str),
    /// A string, unescaped.
    String(Cow<'a, str>),
    /// An array.
    Array(Vec<Node<'a>>),
    /// An object's members in document order, duplicates included.
    Object(Vec<Member<'a>>),
}

/// One `"key": value` pair of an object.
#[derive(Debug, Clone, PartialEq)]
pub struct Member<'a> {
    /// The key, unescaped.
    pub key: Cow<'a, str>,
    /// Where the key is.
    pub key_span: Span,
    /// The value.
    pub node: Node<'a>,
}

impl Value<'_> {
    /// A short name for the kind of value, for error messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }
}

/// The same words for a `serde_json` value.
pub fn kind_of(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

impl<'a> Node<'a> {
    /// The members if this is an object.
    pub fn as_object(&self) -> Option<&[Member<'a>]> {
        match &self.value {
            Value::Object(m) => Some(m),
            _ => None,
        }
    }

    /// The string if this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s.as_ref()),
            _ => None,
        }
    }

    /// Converts to a `serde_json::Value`, keeping member order (the last of duplicate keys
    /// wins, as in `serde_json`).
    pub fn to_serde(&self) -> serde_json::Value {
        match &self.value {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Number(n) => number_to_serde(n),
            Value::String(s) => serde_json::Value::String(s.to_string()),
            Value::Array(items) => {
                serde_json::Value::Array(items.iter().map(Node::to_serde).collect())
            }
            Value::Object(members) => {
                let mut map = serde_json::Map::with_capacity(members.len());
                for m in members {
                    map.insert(m.key.to_string(), m.node.to_serde());
                }
                serde_json::Value::Object(map)
            }
        }
    }
}

fn number_to_serde(text: &str) -> serde_json::Value {
    if let Ok(i) = text.parse::<i64>() {
        return i.into();
    }
    if let Ok(u) = text.parse::<u64>() {
        return u.into();
    }
    text.parse::<f64>()
        .ok()
        .and_then(serde_json::Number::from_f64)
        .map_or_else(
            || serde_json::Value::String(text.to_owned()),
            serde_json::Value::Number,
        )
}

/// A document's text as a request holds it (a trust policy, a Vault role, trusted
/// publishers, a Google provider): a string as it is, any other JSON value written out, so the reader sees the
/// same text, with the same positions, as a person would.
pub fn text_of(document: &serde_json::Value) -> Cow<'_, str> {
    match document {
        serde_json::Value::String(s) => Cow::Borrowed(s.as_str()),
        v => Cow::Owned(serde_json::to_string_pretty(v).unwrap_or_default()),
    }
}

/// The last member named `key` (JSON's last-wins reading of a repeated key).
pub fn member<'m, 'a>(members: &'m [Member<'a>], key: &str) -> Option<&'m Member<'a>> {
    members.iter().rev().find(|m| m.key == key)
}

/// Why the text is not JSON, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// What was expected or found, lowercase, no final period.
    pub message: String,
    /// Where (an empty range at the offending position).
    pub span: Span,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at line {} column {}",
            self.message, self.span.line, self.span.column
        )
    }
}

impl std::error::Error for SyntaxError {}

/// Parses one JSON document.
///
/// # Errors
/// A [`SyntaxError`] naming the first problem and its position.
pub fn parse(text: &str) -> Result<Node<'_>, SyntaxError> {
    let mut p = Parser {
        src: text.as_bytes(),
        text,
        pos: 0,
        line: 1,
        line_start: 0,
        col_at: 0,
        col_chars: 0,
    };
    p.skip_ws();
    let node = p.value(0)?;
    p.skip_ws();
    if p.pos < p.src.len() {
        return Err(p.error("unexpected text after the JSON value"));
    }
    Ok(node)
}

/// Line and 1-based character column of a byte offset in `text`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    (line, column)
}

struct Parser<'a> {
    src: &'a [u8],
    text: &'a str,
    pos: usize,
    line: usize,
    line_start: usize,
    /// A byte offset on the current line whose column is known...
    col_at: usize,
    /// ...and the number of characters from the line start to it.
    col_chars: usize,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    /// The current position. Columns are counted incrementally from the last position
    /// asked for on the same line, so a one-line megabyte document stays linear.
    fn here(&mut self) -> Span {
        let (from, chars) = if self.col_at >= self.line_start && self.col_at <= self.pos {
            (self.col_at, self.col_chars)
        } else {
            (self.line_start, 0)
        };
        let chars = chars
            + self
                .text
                .get(from..self.pos)
                .map_or(self.pos - from, |s| s.chars().count());
        self.col_at = self.pos;
        self.col_chars = chars;
        Span {
            start: self.pos,
            end: self.pos,
            line: self.line,
            column: chars + 1,
        }
    }

    fn error(&mut self, message: impl Into<String>) -> SyntaxError {
        SyntaxError {
            message: message.into(),
            span: self.here(),
        }
    }

    fn found(&self) -> String {
        match self.text.get(self.pos..).and_then(|s| s.chars().next()) {
            None => "the end of the text".to_owned(),
            Some(c) if c.is_control() => format!("control character U+{:04X}", c as u32),
            Some(c) => format!("`{c}`"),
        }
    }

    fn skip_ws(&mut self) {
        while let Some(b) = self.peek() {
            match b {
                b' ' | b'\t' | b'\r' => self.pos += 1,
                b'\n' => {
                    self.pos += 1;
                    self.line += 1;
                    self.line_start = self.pos;
                }
                _ => break,
            }
        }
    }

    fn finish(&self, start: Span) -> Span {
        Span {
            end: self.pos,
            ..start
        }
    }

    fn value(&mut self, depth: usize) -> Result<Node<'a>, SyntaxError> {
        let start = self.here();
        let value = match self.peek() {
            Some(b'{') => self.object(depth)?,
            Some(b'[') => self.array(depth)?,
            Some(b'"') => Value::String(self.string()?),
            Some(b't') => self.literal("true", Value::Bool(true))?,
            Some(b'f') => self.literal("false", Value::Bool(false))?,
            Some(b'n') => self.literal("null", Value::Null)?,
            Some(b'-' | b'0'..=b'9') => self.number()?,
            _ => return Err(self.error(format!("expected a JSON value, found {}", self.found()))),
        };
        Ok(Node {
            value,
            span: self.finish(start),
        })
    }

    fn literal(&mut self, word: &str, value: Value<'a>) -> Result<Value<'a>, SyntaxError> {
        if self.src.get(self.pos..self.pos + word.len()) == Some(word.as_bytes()) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(self.error(format!("expected a JSON value, found {}", self.found())))
        }
    }

    fn enter(&mut self, depth: usize) -> Result<usize, SyntaxError> {
        if depth >= MAX_DEPTH {
            Err(self.error(format!("nesting deeper than {MAX_DEPTH} levels")))
        } else {
            Ok(depth + 1)
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value<'a>, SyntaxError> {
        let depth = self.enter(depth)?;
        self.pos += 1; // {
        let mut members = Vec::with_capacity(4);
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Value::Object(members));
        }
        loop {
            self.skip_ws();
            if self.peek() != Some(b'"') {
                return Err(self.error(format!(
                    "expected a key in double quotes, found {}",
                    self.found()
                )));
            }
            let key_start = self.here();
            let key = self.string()?;
            let key_span = self.finish(key_start);
            self.skip_ws();
            if self.peek() != Some(b':') {
                return Err(self.error(format!(
                    "expected `:` after the key, found {}",
                    self.found()
                )));
            }
            self.pos += 1;
            self.skip_ws();
            let node = self.value(depth)?;
            members.push(Member {
                key,
                key_span,
                node,
            });
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Value::Object(members));
                }
                _ => {
                    return Err(self.error(format!(
                        "expected `,` or `}}` in an object, found {}",
                        self.found()
                    )));
                }
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value<'a>, SyntaxError> {
        let depth = self.enter(depth)?;
        self.pos += 1; // [
        let mut items = Vec::with_capacity(2);
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Value::Array(items));
        }
        loop {
            self.skip_ws();
            items.push(self.value(depth)?);
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Value::Array(items));
                }
                _ => {
                    return Err(self.error(format!(
                        "expected `,` or `]` in an array, found {}",
                        self.found()
                    )));
                }
            }
        }
    }

    fn number(&mut self) -> Result<Value<'a>, SyntaxError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.error(format!("expected a digit, found {}", self.found()))),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.error(format!(
                    "expected a digit after `.`, found {}",
                    self.found()
                )));
            }
            self.digits();
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.error(format!(
                    "expected a digit in the exponent, found {}",
                    self.found()
                )));
            }
            self.digits();
        }
        Ok(Value::Number(
            self.text.get(start..self.pos).unwrap_or_default(),
        ))
    }

    fn digits(&mut self) {
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
    }

    fn string(&mut self) -> Result<Cow<'a, str>, SyntaxError> {
        self.pos += 1; // opening quote
        let start = self.pos;
        // Only a string with escapes needs its own allocation.
        let mut owned: Option<String> = None;
        loop {
            let run_start = self.pos;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            if let Some(o) = owned.as_mut() {
                o.push_str(self.text.get(run_start..self.pos).unwrap_or_default());
            }
            match self.peek() {
                Some(b'"') => {
                    let end = self.pos;
                    self.pos += 1;
                    return Ok(match owned {
                        Some(o) => Cow::Owned(o),
                        None => Cow::Borrowed(self.text.get(start..end).unwrap_or_default()),
                    });
                }
                Some(b'\\') => {
                    let mut o = owned.take().unwrap_or_else(|| {
                        self.text
                            .get(start..self.pos)
                            .unwrap_or_default()
                            .to_owned()
                    });
                    self.pos += 1;
                    self.escape(&mut o)?;
                    owned = Some(o);
                }
                Some(_) => {
                    let found = self.found();
                    return Err(self.error(format!(
                        "{found} is not allowed inside a string (escape it)"
                    )));
                }
                None => return Err(self.error("unterminated string")),
            }
        }
    }

    fn escape(&mut self, out: &mut String) -> Result<(), SyntaxError> {
        let c = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.pos += 1;
                let hi = self.hex4()?;
                let c = if (0xD800..0xDC00).contains(&hi) {
                    if self.src.get(self.pos..self.pos + 2) != Some(b"\\u") {
                        return Err(self.error(
                            "a high surrogate `\\u` escape must be followed by a low surrogate",
                        ));
                    }
                    self.pos += 2;
                    let lo = self.hex4()?;
                    if !(0xDC00..0xE000).contains(&lo) {
                        return Err(self.error("expected a low surrogate `\\u` escape"));
                    }
                    char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
                } else {
                    char::from_u32(hi)
                };
                out.push(c.ok_or_else(|| self.error("a lone low surrogate `\\u` escape"))?);
                return Ok(());
            }
            _ => {
                return Err(self.error(format!(
                    "expected an escape (`\\\"`, `\\\\`, `\\n`, `\\u0041`...), found {}",
                    self.found()
                )));
            }
        };
        self.pos += 1;
        out.push(c);
        Ok(())
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let mut v = 0u32;
        for _ in 0..4 {
            let d = match self.peek() {
                Some(b @ b'0'..=b'9') => b - b'0',
                Some(b @ b'a'..=b'f') => b - b'a' + 10,
                Some(b @ b'A'..=b'F') => b - b'A' + 10,
                _ => {
                    return Err(self.error(format!(
                        "expected four hex digits after `\\u`, found {}",
                        self.found()
                    )));
                }
            };
            v = v * 16 + u32::from(d);
            self.pos += 1;
        }
        Ok(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_keeps_order_duplicates_and_spans() {
        let n = parse("{\"b\": 1, \"a\": [true, null], \"b\": \"x\\u00e9\"}").unwrap();
        let m = n.as_object().unwrap();
        assert_eq!(
            m.iter().map(|m| m.key.as_ref()).collect::<Vec<_>>(),
            ["b", "a", "b"]
        );
        assert_eq!(m[2].node.as_str(), Some("xé"));
        assert_eq!(m[1].node.span.start, 14);
        assert_eq!(n.to_serde().to_string(), r#"{"b":"xé","a":[true,null]}"#);
    }

    #[test]
    fn errors_carry_line_and_column() {
        let e = parse("{\n  \"a\": 1,\n  \"b\" 2\n}").unwrap_err();
        assert_eq!((e.span.line, e.span.column), (3, 7));
        assert!(e.message.contains("expected `:`"), "{e}");
        let e = parse("[1, 2").unwrap_err();
        assert!(e.message.contains("the end of the text"), "{e}");
        assert!(parse("01").is_err());
        assert!(parse("\"a\nb\"").is_err());
        assert!(parse("[1] x").is_err());
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = "[".repeat(100_000);
        let e = parse(&deep).unwrap_err();
        assert!(e.message.contains("nesting"), "{e}");
    }

    #[test]
    fn surrogate_pairs() {
        assert_eq!(
            parse(r#""\ud83d\ude00""#).unwrap().as_str(),
            Some("\u{1F600}")
        );
        assert!(parse(r#""\ud83d""#).is_err());
        assert!(parse(r#""\ude00""#).is_err());
    }

    #[test]
    fn line_column_counts_characters() {
        assert_eq!(line_column("é\nab", 4), (2, 2));
        assert_eq!(line_column("abc", 99), (1, 4));
    }
}
