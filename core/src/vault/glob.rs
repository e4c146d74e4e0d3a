//! Vault's glob (`bound_claims_type` `glob`): ryanuber/go-glob v1.0.0, where `*` matches any
//! run of characters (none included, across `/` and `:`) and every other character, `?`
//! and `[` among them, is literal; case-sensitive, with no escape.
//!
//! go-glob matches the parts between `*`s leftmost-first, the first at the start (unless
//! the pattern starts with `*`) and the last at the end (unless it ends with `*`). For a
//! pattern whose only wildcard is `*` that is exactly the language of IAM's `StringLike`
//! with `?` read literally, so the shared matcher in [`crate::matching`] decides it (and
//! finds the near miss); the test below checks the two agree on every small case.

use crate::matching::{self, Elem, PatternBuilder};

/// A glob as a pattern of the shared matcher: `*` a wildcard, everything else literal.
pub fn pattern(glob: &str) -> Vec<Elem> {
    let mut b = PatternBuilder::default();
    for (i, part) in glob.split('*').enumerate() {
        if i > 0 {
            b.wild("*");
        }
        b.literal(part);
    }
    b.finish()
}

/// Whether `s` matches the glob.
pub fn matches(glob: &str, s: &str) -> bool {
    matching::like(&pattern(glob), s)
}

#[cfg(test)]
#[allow(clippy::string_slice, reason = "test inputs are ASCII")]
mod tests {
    use super::*;

    /// ryanuber/go-glob `Glob`, line by line.
    fn go_glob(pattern: &str, subj: &str) -> bool {
        const GLOB: &str = "*";
        if pattern.is_empty() {
            return subj == pattern;
        }
        if pattern == GLOB {
            return true;
        }
        let parts: Vec<&str> = pattern.split(GLOB).collect();
        if parts.len() == 1 {
            return subj == pattern;
        }
        let leading = pattern.starts_with(GLOB);
        let trailing = pattern.ends_with(GLOB);
        let end = parts.len() - 1;
        let mut subj = subj;
        for (i, part) in parts.iter().enumerate().take(end) {
            let Some(idx) = subj.find(part) else {
                return false;
            };
            if i == 0 && !leading && idx != 0 {
                return false;
            }
            subj = &subj[idx + part.len()..];
        }
        trailing || subj.ends_with(parts[end])
    }

    #[test]
    fn agrees_with_go_glob_on_every_small_case() {
        let alphabet = ["a", "b", "*", "?"];
        let mut patterns = vec![String::new()];
        for _ in 0..5 {
            let mut next = Vec::new();
            for p in &patterns {
                for c in alphabet {
                    next.push(format!("{p}{c}"));
                }
            }
            patterns.extend(next);
        }
        let subjects = [
            "", "a", "b", "?", "ab", "ba", "aa", "a?b", "aba", "abab", "bbba", "?a",
        ];
        for p in &patterns {
            for s in subjects {
                assert_eq!(matches(p, s), go_glob(p, s), "{p:?} vs {s:?}");
            }
        }
    }

    #[test]
    fn vault_examples() {
        assert!(matches(
            "repo:octo-org/octo-repo:ref:refs/heads/*",
            "repo:octo-org/octo-repo:ref:refs/heads/feature/x"
        ));
        assert!(!matches("repo:octo-org/.*", "repo:octo-org/app"));
        assert!(matches("v?.*", "v?.1"));
        assert!(!matches("v?.*", "v1.1"));
    }
}
