//! `matches` with RE2 semantics. The engine is `regex-lite` (rust-lang/regex's small
//! sibling, 34 KB of gzip-compressed wasm against `regex`'s 103 KB; README), whose syntax
//! is RE2's and whose Perl classes (`\d`, `\w`, `\s`, `\b`) and `.` behave as RE2's do
//! (ASCII classes, `.` one code point). Where RE2 and `regex-lite` part ways the pattern is
//! [`ReError::Unsupported`], never matched differently: Unicode classes (`\pL`,
//! `\p{Greek}`), `\Q...\E`, `\C`, and case-insensitive matching of non-ASCII text (RE2
//! folds Unicode case, `regex-lite` ASCII only). Escapes RE2 does not know (`\<`, `\Z`) are
//! refused by RE2, so they are unsupported too rather than accepted.
//!
//! A match is a **substring** match, as in CEL: anchor with `^` and `$`.

/// Why a pattern is not matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReError {
    /// RE2 refuses the pattern.
    Invalid,
    /// RE2 accepts it, but its meaning there is not the engine's.
    Unsupported,
}

/// Escapes that mean the same to RE2 and `regex-lite`.
const SHARED_ESCAPES: &str = "dDwWsSbBAzntrfvax0123456789.+*?()|[]{}^$\\-/#&~ :\"'!,;<=>@%_`";

/// Whether `re` matches somewhere in `text`.
///
/// # Errors
/// `Invalid` for a pattern RE2 refuses, `Unsupported` for one whose meaning in RE2
/// the engine does not share.
pub fn is_match(re: &str, text: &str) -> Result<bool, (ReError, String)> {
    let mut chars = re.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            continue;
        }
        match chars.next() {
            Some(e) if e.is_ascii_alphanumeric() && !SHARED_ESCAPES.contains(e) => {
                let what = match e {
                    'p' | 'P' => "Unicode classes (`\\p`)".to_owned(),
                    'Q' | 'E' => "`\\Q...\\E` quoting".to_owned(),
                    other => format!("the escape `\\{other}`"),
                };
                return Err((
                    ReError::Unsupported,
                    format!("{what} in the regular expression `{re}` is not modelled"),
                ));
            }
            Some('<' | '>') => {
                return Err((
                    ReError::Unsupported,
                    format!("the word-boundary escapes `\\<` and `\\>` are not RE2's (in `{re}`)"),
                ));
            }
            _ => {}
        }
    }
    let folds = re.split("(?").skip(1).any(|flags| {
        flags
            .split([':', ')'])
            .next()
            .is_some_and(|f| f.split('-').next().is_some_and(|on| on.contains('i')))
    });
    if folds && (!re.is_ascii() || !text.is_ascii()) {
        return Err((
            ReError::Unsupported,
            format!(
                "case-insensitive matching of non-ASCII text (`{re}`) is not modelled: RE2 folds Unicode case"
            ),
        ));
    }
    let compiled = regex_lite::RegexBuilder::new(re)
        .size_limit(1 << 20)
        .nest_limit(100)
        .build()
        .map_err(|e| {
            (
                ReError::Invalid,
                format!(
                    "`{re}` is not a valid regular expression: {}",
                    first_line(&e.to_string())
                ),
            )
        })?;
    Ok(compiled.is_match(text))
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or_default().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn re2_semantics_or_unsupported() {
        assert_eq!(is_match("^refs/tags/v[0-9]+", "refs/tags/v1"), Ok(true));
        assert_eq!(is_match("tags", "refs/tags/v1"), Ok(true));
        assert_eq!(is_match("\\d", "é٣"), Ok(false));
        assert_eq!(is_match("^.$", "é"), Ok(true));
        assert_eq!(is_match("(?i)ACME", "acme"), Ok(true));
        assert_eq!(is_match("\\pL", "a").unwrap_err().0, ReError::Unsupported);
        assert_eq!(is_match("(?i)é", "É").unwrap_err().0, ReError::Unsupported);
        assert_eq!(
            is_match("\\Qa.b\\E", "a.b").unwrap_err().0,
            ReError::Unsupported
        );
        assert_eq!(is_match("(", "x").unwrap_err().0, ReError::Invalid);
        assert_eq!(is_match("a\\.b", "a.b"), Ok(true));
    }
}
