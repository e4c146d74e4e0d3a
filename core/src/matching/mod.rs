//! Matching written once for every target: IAM's `StringLike` wildcards with the place a
//! subject leaves the closest pattern ([`like`], [`diverge`]), the shared prefix of two
//! values that a near miss reports ([`common_prefix`]), and what a `sub` pattern admits,
//! found by example ([`admits`]: IAM's `StringLike` and Entra's `matches` share the
//! wildcards).

pub(crate) mod admits;
mod like;

pub use like::{Elem, PatternBuilder, diverge, like, pattern, render};

/// Where two values part ways: the byte offset in `a` and the character offset in `b` of
/// their first difference, comparing case-insensitively when `fold`.
pub fn common_prefix(a: &str, b: &str, fold: bool) -> (usize, usize) {
    let mut bytes = 0;
    let mut chars = 0;
    for (x, y) in a.chars().zip(b.chars()) {
        let same = if fold {
            x == y || x.to_lowercase().eq(y.to_lowercase())
        } else {
            x == y
        };
        if !same {
            break;
        }
        bytes += x.len_utf8();
        chars += 1;
    }
    (bytes, chars)
}

/// How many characters `a` and `b` share before their first difference.
pub fn common_chars(a: &str, b: &str) -> usize {
    common_prefix(a, b, false).1
}
