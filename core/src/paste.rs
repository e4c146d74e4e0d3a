//! What people paste, read as what they meant, and saying so: the token reader and the
//! policy reader call these before they give up on a text, and report each change as an
//! [`Adjustment`] (the shells show it as an info finding, `normalized-input`).
//!
//! - CI-log timestamps (`2026-09-21T14:13:20.1234567Z ` at the start of every line, as a
//!   raw GitHub Actions log has them) are stripped;
//! - a URL-encoded document (`%7B%22Version%22...`, as IAM's query API returns policies) is
//!   decoded;
//! - typographic quotes (`“ ” ‘ ’`, from a wiki or a chat) are named, with the text they
//!   should be, but never silently replaced: AWS would refuse the document as it is.
//!
//! Every change that moves text comes with an [`OffsetMap`], so the places found in the
//! changed text are reported in the text as pasted.

use crate::json::{self, Span};

/// One change made to a pasted text before it was read.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum Adjustment {
    /// A CI-log timestamp was removed from the start of this many lines.
    LogTimestamps {
        /// How many lines had one.
        lines: usize,
    },
    /// The text was URL-encoded and was decoded.
    UrlEncoded,
    /// A lone base64url segment (a JWT's payload without header and signature) was read as
    /// the token's claims.
    PayloadOnly,
    /// `aws iam get-role` output: the policy read is its `Role.AssumeRolePolicyDocument`
    /// (or a bare `AssumeRolePolicyDocument` member).
    RoleWrapper,
}

impl Adjustment {
    /// The info finding that says what was done to `what` (`the token`), from `source`.
    pub fn finding(
        self,
        source: crate::diagnostic::Source,
        what: &str,
    ) -> crate::diagnostic::Diagnostic {
        crate::diagnostic::Diagnostic::new(
            crate::codes::NORMALIZED_INPUT,
            crate::codes::Severity::Info,
            source,
            self.describe(what),
        )
    }

    /// What was done, lowercase, for a message about `what` (`the token`, `the trust
    /// policy`).
    pub fn describe(self, what: &str) -> String {
        match self {
            Adjustment::LogTimestamps { lines } => format!(
                "removed the CI-log timestamp from the start of {lines} line{} of {what}",
                if lines == 1 { "" } else { "s" }
            ),
            Adjustment::UrlEncoded => {
                format!("{what} was URL-encoded (as IAM's API returns documents); read it decoded")
            }
            Adjustment::PayloadOnly => format!(
                "{what} is one base64url segment, a JWT's payload without header and signature; read it as the claims"
            ),
            Adjustment::RoleWrapper => {
                "this is `aws iam get-role` output; read its `AssumeRolePolicyDocument`".to_owned()
            }
        }
    }
}

/// Where the bytes of a changed text came from in the pasted one: runs that start at
/// `(changed offset, pasted offset)` and copy byte for byte up to the next run.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OffsetMap {
    runs: Vec<(usize, usize)>,
}

impl OffsetMap {
    /// The offset in the pasted text of byte `offset` of the changed text.
    pub fn pasted(&self, offset: usize) -> usize {
        let i = self.runs.partition_point(|&(changed, _)| changed <= offset);
        match i.checked_sub(1).and_then(|i| self.runs.get(i)) {
            Some(&(changed, pasted)) => pasted + (offset - changed),
            None => offset,
        }
    }

    /// A span of the changed text as a span of `pasted` (line and column counted there).
    pub fn span(&self, span: Span, pasted: &str) -> Span {
        let start = self.pasted(span.start).min(pasted.len());
        let end = self.pasted(span.end).clamp(start, pasted.len());
        let (line, column) = json::line_column(pasted, start);
        Span {
            start,
            end,
            line,
            column,
        }
    }

    /// This map applied after `inner` (a text changed twice: first by `inner`, then by
    /// this one).
    #[must_use]
    pub fn then(self, inner: &OffsetMap) -> OffsetMap {
        // Every run boundary of either map starts a run of the composition.
        let mut changed: Vec<usize> = self.runs.iter().map(|&(c, _)| c).collect();
        changed.extend(inner.runs.iter().filter_map(|&(mid, _)| self.changed(mid)));
        changed.sort_unstable();
        changed.dedup();
        OffsetMap {
            runs: changed
                .into_iter()
                .map(|c| (c, inner.pasted(self.pasted(c))))
                .collect(),
        }
    }

    /// The changed offset whose pasted offset is `pasted`, if one is.
    fn changed(&self, pasted: usize) -> Option<usize> {
        self.runs
            .iter()
            .rev()
            .find(|&&(_, p)| p <= pasted)
            .map(|&(c, p)| c + (pasted - p))
    }
}

/// A pasted text after the changes that let it be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalized {
    /// The text to read.
    pub text: String,
    /// What was done, in order.
    pub adjustments: Vec<Adjustment>,
    /// Where its bytes came from.
    pub map: OffsetMap,
}

/// The length of a CI-log timestamp at the start of `line` (with the space after it):
/// `2026-09-21T14:13:20Z `, with fractional seconds and a `Z` or `+00:00` offset.
fn timestamp_len(line: &str) -> Option<usize> {
    let b = line.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    let is = |i: usize, c: u8| b.get(i) == Some(&c);
    if !(digits(0..4)
        && is(4, b'-')
        && digits(5..7)
        && is(7, b'-')
        && digits(8..10)
        && is(10, b'T')
        && digits(11..13)
        && is(13, b':')
        && digits(14..16)
        && is(16, b':')
        && digits(17..19))
    {
        return None;
    }
    let mut i = 19;
    if is(i, b'.') {
        i += 1;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
    }
    if is(i, b'Z') {
        i += 1;
    } else if (is(i, b'+') || is(i, b'-')) && digits(i + 1..i + 3) && is(i + 3, b':') {
        i += 6;
    } else {
        return None;
    }
    // The log's separator: one space (or a tab), or the end of the line.
    match b.get(i) {
        Some(b' ' | b'\t') => Some(i + 1),
        None | Some(b'\r') => Some(i),
        Some(_) => None,
    }
}

/// `text` without the CI-log timestamp at the start of each line, if every line that has
/// text starts with one.
pub fn strip_log_timestamps(text: &str) -> Option<Normalized> {
    // Most texts are not logs: their first line says so before anything is copied.
    let first = text.split_inclusive('\n').find(|l| !l.trim().is_empty())?;
    timestamp_len(first)?;
    let mut out = String::with_capacity(text.len());
    let mut runs = Vec::new();
    let mut lines = 0;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let cut = if line.trim().is_empty() {
            0
        } else {
            lines += 1;
            timestamp_len(line)?
        };
        runs.push((out.len(), at + cut));
        out.push_str(line.get(cut..).unwrap_or_default());
        at += line.len();
    }
    (lines > 0).then(|| Normalized {
        text: out,
        adjustments: vec![Adjustment::LogTimestamps { lines }],
        map: OffsetMap { runs },
    })
}

/// Whether `text` reads as a URL-encoded JSON document: it starts with an encoded `{` or
/// `[` and holds no raw quote.
fn looks_url_encoded(text: &str) -> bool {
    let t = text.trim_start();
    let starts = t
        .get(..3)
        .is_some_and(|p| p.eq_ignore_ascii_case("%7B") || p.eq_ignore_ascii_case("%5B"));
    starts && !t.contains('"')
}

/// `text` URL-decoded (`%XX` escapes; `+` stays a `+`, as in the RFC 3986 encoding IAM's
/// API uses), if it is a URL-encoded document whose escapes decode to UTF-8.
pub fn url_decode(text: &str) -> Option<Normalized> {
    if !looks_url_encoded(text) {
        return None;
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut runs = vec![(0, 0)];
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
            runs.push((out.len(), i));
        } else {
            out.push(b);
            i += 1;
        }
    }
    Some(Normalized {
        text: String::from_utf8(out).ok()?,
        adjustments: vec![Adjustment::UrlEncoded],
        map: OffsetMap { runs },
    })
}

/// The changes that make a pasted document readable, in order: CI-log timestamps, then
/// URL-encoding. `None` when neither applies.
pub fn normalize_document(text: &str) -> Option<Normalized> {
    let stripped = strip_log_timestamps(text);
    let base = stripped.as_ref().map_or(text, |s| s.text.as_str());
    match (url_decode(base), stripped) {
        (Some(decoded), Some(stripped)) => Some(Normalized {
            text: decoded.text,
            adjustments: [stripped.adjustments, decoded.adjustments].concat(),
            map: decoded.map.then(&stripped.map),
        }),
        (Some(decoded), None) => Some(decoded),
        (None, stripped) => stripped,
    }
}

/// Typographic quotes in a text that should be JSON: where the first one is, and one edit
/// that straightens every one of them (from the first to the last, so it is one range).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurlyQuotes {
    /// The first typographic quote.
    pub first: Span,
    /// The quote found there.
    pub found: char,
    /// The text from the first quote to the end of the last, straightened.
    pub replacement: String,
    /// The range that replacement replaces.
    pub range: Span,
}

/// Whether `c` is a typographic quote, and the ASCII quote JSON needs for it.
fn straight(c: char) -> Option<char> {
    match c {
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' => Some('"'),
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' => Some('\''),
        _ => None,
    }
}

/// The typographic quotes of `text`, if it has any. Double ones become `"`; single ones
/// (`‘ ’`) become `"` too where they are used as quotes around a string, which is all JSON
/// has, and `'` inside words (`it’s`).
pub fn curly_quotes(text: &str) -> Option<CurlyQuotes> {
    let first = text.find(|c| straight(c).is_some())?;
    let last = text.rfind(|c| straight(c).is_some())?;
    let found = text.get(first..)?.chars().next()?;
    let end = last + text.get(last..)?.chars().next()?.len_utf8();
    let middle = text.get(first..end)?;
    let mut replacement = String::with_capacity(middle.len());
    let mut prev: Option<char> = text.get(..first).and_then(|s| s.chars().last());
    for (i, c) in middle.char_indices() {
        let after = first + i + c.len_utf8();
        let next = text.get(after..).and_then(|s| s.chars().next());
        replacement.push(match straight(c) {
            Some('"') => '"',
            Some(_) => {
                let inside_word = prev.is_some_and(char::is_alphanumeric)
                    && next.is_some_and(char::is_alphanumeric);
                if inside_word { '\'' } else { '"' }
            }
            _ => c,
        });
        prev = Some(c);
    }
    let (line, column) = json::line_column(text, first);
    let at = |start: usize, end: usize| Span {
        start,
        end,
        line,
        column,
    };
    Some(CurlyQuotes {
        first: at(first, first + found.len_utf8()),
        found,
        replacement,
        range: at(first, end),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_stripped_and_places_map_back() {
        let log = "2026-09-21T14:13:20.1234567Z {\n2026-09-21T14:13:20.1234568Z   \"sub\": \"x\"\n2026-09-21T14:13:20.1234569Z }\n";
        let n = strip_log_timestamps(log).unwrap();
        assert_eq!(n.text, "{\n  \"sub\": \"x\"\n}\n");
        assert_eq!(n.adjustments, [Adjustment::LogTimestamps { lines: 3 }]);
        let sub = n.text.find("\"sub\"").unwrap();
        let back = n.map.pasted(sub);
        assert_eq!(log.get(back..back + 5), Some("\"sub\""));
        let span = n.map.span(
            Span {
                start: sub,
                end: sub + 5,
                line: 2,
                column: 3,
            },
            log,
        );
        assert_eq!((span.line, span.column), (2, 32));
        // Offsets, `+00:00`, and blank lines between.
        let n =
            strip_log_timestamps("2026-09-21T14:13:20+00:00 a\n\n2026-09-21T14:13:20Z b").unwrap();
        assert_eq!(n.text, "a\n\nb");
        // One line without a timestamp: not a log.
        assert_eq!(strip_log_timestamps("2026-09-21T14:13:20Z a\nb"), None);
        assert_eq!(strip_log_timestamps("{}"), None);
        assert_eq!(strip_log_timestamps(""), None);
        assert_eq!(strip_log_timestamps("2026-09-21T14:13:20Zx"), None);
    }

    #[test]
    fn url_encoded_documents_decode_and_map_back() {
        let enc = "%7B%22Version%22%3A%222012-10-17%22%7D";
        let n = url_decode(enc).unwrap();
        assert_eq!(n.text, "{\"Version\":\"2012-10-17\"}");
        let v = n.text.find("2012").unwrap();
        assert_eq!(enc.get(n.map.pasted(v)..n.map.pasted(v) + 4), Some("2012"));
        assert_eq!(n.map.pasted(n.text.len()), enc.len());
        assert_eq!(
            n.map.pasted(1),
            3,
            "the byte after the brace starts after `%7B`"
        );
        // UTF-8 escapes, a lowercase escape, `+` kept.
        assert_eq!(url_decode("%7b%22%C3%A9+%22%7D").unwrap().text, "{\"é+\"}");
        assert_eq!(url_decode("{\"a\":1}"), None);
        assert_eq!(url_decode("%7B%zz"), None);
        assert_eq!(url_decode("%7B%FF%7D"), None, "not UTF-8");
    }

    #[test]
    fn both_changes_compose() {
        let enc = "2026-09-21T14:13:20Z %7B%22a%22%3A1%7D";
        let n = normalize_document(enc).unwrap();
        assert_eq!(n.text, "{\"a\":1}");
        assert_eq!(
            n.adjustments,
            [
                Adjustment::LogTimestamps { lines: 1 },
                Adjustment::UrlEncoded
            ]
        );
        let one = n.text.find('1').unwrap();
        assert_eq!(enc.get(n.map.pasted(one)..=n.map.pasted(one)), Some("1"));
        assert_eq!(enc.get(n.map.pasted(0)..n.map.pasted(0) + 3), Some("%7B"));
        assert_eq!(normalize_document("{}"), None);
    }

    #[test]
    fn curly_quotes_are_named_with_their_straight_text() {
        let text =
            "{\n  \u{201C}Version\u{201D}: \u{2018}2012-10-17\u{2019}, \"x\": \"it\u{2019}s\" }";
        let q = curly_quotes(text).unwrap();
        assert_eq!(q.found, '\u{201C}');
        assert_eq!((q.first.line, q.first.column), (2, 3));
        let fixed = format!(
            "{}{}{}",
            text.get(..q.range.start).unwrap(),
            q.replacement,
            text.get(q.range.end..).unwrap()
        );
        assert_eq!(fixed, "{\n  \"Version\": \"2012-10-17\", \"x\": \"it's\" }");
        assert!(json::parse(&fixed).is_ok());
        assert_eq!(curly_quotes("{\"a\": 1}"), None);
    }

    #[test]
    fn adjustments_say_what_was_done() {
        assert_eq!(
            Adjustment::LogTimestamps { lines: 1 }.describe("the token"),
            "removed the CI-log timestamp from the start of 1 line of the token"
        );
        assert!(
            Adjustment::RoleWrapper
                .describe("x")
                .contains("AssumeRolePolicyDocument")
        );
    }
}
