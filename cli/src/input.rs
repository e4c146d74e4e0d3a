//! Reading the files the commands are given, with errors that name the file, the place in
//! it (line and column) and the JSON path (an RFC 6901 pointer such as
//! `/providers/0/clientIds`).

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

use oidc_trust::json::{self, Span, Value};

/// A failure to read the input: the CLI prints it on stderr and exits with status 2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// The file (`-` for standard input), if the error is about one.
    pub file: Option<String>,
    /// Where in the file, if known.
    pub line_column: Option<(usize, usize)>,
    /// The JSON pointer of the value at fault, if the error is about one.
    pub pointer: Option<String>,
    /// What is wrong, lowercase, no final period.
    pub message: String,
}

impl InputError {
    /// An error with no location.
    pub fn new(message: impl Into<String>) -> Self {
        InputError {
            file: None,
            line_column: None,
            pointer: None,
            message: message.into(),
        }
    }

    /// An error about a file.
    pub fn in_file(file: &str, message: impl Into<String>) -> Self {
        InputError {
            file: Some(file.to_owned()),
            ..InputError::new(message)
        }
    }

    /// Adds the JSON pointer, and the line and column it has in `text` when it can be found.
    #[must_use]
    pub fn at(mut self, text: Option<&str>, pointer: &str) -> Self {
        self.line_column = text
            .and_then(|t| locate(t, pointer))
            .map(|s| (s.line, s.column));
        self.pointer = Some(pointer.to_owned());
        self
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{file}")?;
            if let Some((line, column)) = self.line_column {
                write!(f, ":{line}:{column}")?;
            }
            write!(f, ": ")?;
        }
        if let Some(pointer) = &self.pointer {
            let shown = if pointer.is_empty() { "/" } else { pointer };
            write!(f, "at `{shown}`: ")?;
        }
        write!(f, "{}", self.message)
    }
}

impl std::error::Error for InputError {}

/// A file's contents, with the name to show in messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The name as given (`-` for standard input).
    pub name: String,
    /// The path, `None` for standard input.
    pub path: Option<PathBuf>,
    /// The text.
    pub text: String,
}

/// Reads a file, or standard input for `-`.
pub fn read(path: &Path) -> Result<Source, InputError> {
    let name = path.display().to_string();
    if name == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| InputError::in_file("-", format!("cannot read standard input: {e}")))?;
        return Ok(Source {
            name: "<stdin>".to_owned(),
            path: None,
            text,
        });
    }
    let bytes = std::fs::read(path).map_err(|e| {
        let why = match e.kind() {
            std::io::ErrorKind::NotFound => "no such file".to_owned(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
            _ => e.to_string(),
        };
        InputError::in_file(&name, format!("cannot read the file: {why}"))
    })?;
    let text = String::from_utf8(bytes)
        .map_err(|e| InputError::in_file(&name, format!("the file is not UTF-8 text: {e}")))?;
    Ok(Source {
        name,
        path: Some(path.to_owned()),
        text: text
            .strip_prefix('\u{feff}')
            .map(str::to_owned)
            .unwrap_or(text),
    })
}

/// Parses JSON text, naming the file and line/column on a syntax error.
pub fn parse_json(source: &Source) -> Result<serde_json::Value, InputError> {
    serde_json::from_str(&source.text).map_err(|e| {
        let mut err = InputError::in_file(
            &source.name,
            format!("not valid JSON: {}", strip_position(&e)),
        );
        if e.line() > 0 {
            err.line_column = Some((e.line(), e.column().max(1)));
        }
        err
    })
}

/// `serde_json` ends its messages with " at line L column C"; the location is shown
/// separately.
fn strip_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text.get(..i).unwrap_or(&text).to_owned(),
        None => text,
    }
}

/// Deserializes a value, naming the JSON path of the first value that does not fit.
pub fn from_value<T: serde::de::DeserializeOwned>(
    source: &Source,
    value: serde_json::Value,
) -> Result<T, InputError> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let pointer = pointer_of(e.path());
        let message = strip_position(e.inner());
        InputError::in_file(&source.name, message).at(Some(&source.text), &pointer)
    })
}

/// The RFC 6901 pointer of a `serde_path_to_error` path.
pub fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for seg in path {
        out.push('/');
        match seg {
            Segment::Seq { index } => out.push_str(&index.to_string()),
            Segment::Map { key } | Segment::Enum { variant: key } => {
                out.push_str(&oidc_trust::diagnostic::pointer_escape(key));
            }
            Segment::Unknown => out.push('?'),
        }
    }
    out
}

/// Where the value at `pointer` sits in JSON `text`, if the text is JSON and the pointer
/// names a value in it (the key's place, for an object member).
pub fn locate(text: &str, pointer: &str) -> Option<Span> {
    let root = json::parse(text).ok()?;
    let mut node = &root;
    let mut span = root.span;
    for raw in pointer.split('/').skip(1) {
        let token = raw.replace("~1", "/").replace("~0", "~");
        match &node.value {
            Value::Object(members) => {
                let m = members.iter().rev().find(|m| m.key == token)?;
                span = m.key_span;
                node = &m.node;
            }
            Value::Array(items) => {
                node = items.get(token.parse::<usize>().ok()?)?;
                span = node.span;
            }
            _ => return None,
        }
    }
    Some(span)
}

/// The current time in seconds since the epoch: the default for `--now`. (The core never
/// reads the clock; the CLI does, once.)
#[expect(
    clippy::disallowed_methods,
    reason = "the CLI, not the core, supplies the evaluation time"
)]
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// When to evaluate (`--now`): the token's `iat`, the present, or a given time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// The token's `iat` (the default of `analyze`, as in the playground: a token saved
    /// from a CI run is judged as it was when issued).
    Iat,
    /// The present (the clock, read once).
    Now,
    /// Seconds since the epoch.
    At(i64),
}

/// Reads `--now`: `iat`, `now`, seconds since the epoch, or an ISO 8601 date and time (the
/// core's [`oidc_trust::time::parse`]).
pub fn parse_when(text: &str) -> Result<When, String> {
    match text.trim() {
        "iat" => Ok(When::Iat),
        "now" => Ok(When::Now),
        t => oidc_trust::time::parse(t).map(When::At).ok_or_else(|| {
            format!(
                "`{t}` is not a time: expected `iat`, `now`, seconds since the epoch (`1790000000`) or an ISO 8601 date and time (`2026-09-21T14:13:20Z`, `2026-09-21 14:13`, `2026-09-21`)"
            )
        }),
    }
}

impl When {
    /// The time, for a token whose `iat` is `iat`; says where it came from.
    pub fn resolve(self, iat: Option<i64>) -> (i64, TimeBasis) {
        match (self, iat) {
            (When::At(t), _) => (t, TimeBasis::Given),
            (When::Iat, Some(iat)) => (iat, TimeBasis::Iat),
            (When::Iat, None) => (now(), TimeBasis::NoIat),
            (When::Now, _) => (now(), TimeBasis::Clock),
        }
    }
}

/// Where the evaluation time came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeBasis {
    /// `--now` gave it.
    Given,
    /// The token's `iat` (the default).
    Iat,
    /// The clock, asked for with `--now now`.
    Clock,
    /// The clock, because the token has no `iat`.
    NoIat,
}

impl TimeBasis {
    /// The sentence the output prints about the evaluation time `t`.
    pub fn note(self, t: i64) -> String {
        let at = oidc_trust::time::utc(t);
        match self {
            TimeBasis::Given => format!("evaluated at {at} (--now)"),
            TimeBasis::Iat => format!(
                "evaluated at the token's `iat`, {at}, as the playground does (--now now for the present, or --now 2026-09-21T14:13:20Z)"
            ),
            TimeBasis::Clock => format!("evaluated now, {at}"),
            TimeBasis::NoIat => {
                format!("evaluated now, {at}: the token has no `iat` (--now to choose)")
            }
        }
    }
}

/// `--target`: a target's wire name.
pub fn target_named(text: &str) -> Result<oidc_trust::api::Target, String> {
    oidc_trust::api::Target::named(text).ok_or_else(|| {
        let names: Vec<&str> = oidc_trust::api::Target::ALL
            .iter()
            .map(|t| t.as_str())
            .collect();
        format!(
            "`{text}` is not a target; expected one of {}",
            names.join(", ")
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_times() {
        assert_eq!(parse_when("1790000000"), Ok(When::At(1_790_000_000)));
        assert_eq!(
            parse_when("2026-09-21T14:13:20Z"),
            Ok(When::At(1_790_000_000))
        );
        assert_eq!(parse_when("iat"), Ok(When::Iat));
        assert_eq!(parse_when("now"), Ok(When::Now));
        assert!(parse_when("yesterday").unwrap_err().contains("ISO 8601"));
        assert_eq!(When::Iat.resolve(Some(5)), (5, TimeBasis::Iat));
        assert_eq!(When::At(7).resolve(Some(5)), (7, TimeBasis::Given));
    }

    #[test]
    fn locates_pointers() {
        let text = "{\n  \"a\": [1, {\"b/c\": true}]\n}";
        let s = locate(text, "/a/1/b~1c").unwrap();
        assert_eq!((s.line, s.column), (2, 13));
        assert!(locate(text, "/a/7").is_none());
        assert_eq!(locate(text, "").unwrap().line, 1);
    }

    #[test]
    fn display_names_file_place_and_pointer() {
        let e =
            InputError::in_file("req.json", "invalid type").at(Some("{\n \"now\": \"x\"}"), "/now");
        assert_eq!(e.to_string(), "req.json:2:2: at `/now`: invalid type");
    }
}
