//! Dates and durations for people: the core's [`oidc_trust::time`], which the playground
//! shares with the CLI and the answer's own sentences.

pub use oidc_trust::time::{iso, relative, utc};

/// A typed time (ISO 8601 or seconds since the epoch), as the core reads it. Such text is
/// ASCII; anything else is not a time, and never reaches the core's reader, which splits a
/// four-byte offset in the middle (`+1é1` panics in `oidc_trust::time::parse`).
pub fn parse(text: &str) -> Option<i64> {
    if text.is_ascii() {
        oidc_trust::time::parse(text)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn typed_times_other_than_ascii_are_not_times() {
        assert_eq!(super::parse("1970-01-01T00:01:40Z"), Some(100));
        assert_eq!(super::parse("2026-01-01T00:00+1é1"), None);
    }
}
