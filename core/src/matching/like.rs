//! IAM's `StringLike` wildcard matching: `*` matches any run of characters (including
//! none), `?` exactly one character, both cross `/` and `:`, comparison is case-sensitive,
//! and every other character (`[`, `{`, `\\`...) is literal. Besides the yes-or-no match,
//! [`diverge`] says where a subject leaves the closest reading of a pattern, which is what a
//! near miss shows.

/// One element of a resolved `StringLike` pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Elem {
    /// Literal text.
    Lit(String),
    /// `?`: exactly one character.
    One,
    /// `*`: any run of characters.
    Star,
}

/// Builds a pattern from pieces: text whose `*` and `?` are wildcards, and literal text.
/// Consecutive `*` merge into one, so `"*".repeat(10_000)` costs what one `*` costs.
#[derive(Debug, Default)]
pub struct PatternBuilder {
    elems: Vec<Elem>,
}

impl PatternBuilder {
    /// Adds text whose `*` and `?` are wildcards.
    pub fn wild(&mut self, text: &str) {
        let mut lit_start = 0;
        for (i, c) in text.char_indices() {
            if c == '*' || c == '?' {
                self.literal(text.get(lit_start..i).unwrap_or_default());
                let e = if c == '*' { Elem::Star } else { Elem::One };
                if !(e == Elem::Star && self.elems.last() == Some(&Elem::Star)) {
                    self.elems.push(e);
                }
                lit_start = i + 1;
            }
        }
        self.literal(text.get(lit_start..).unwrap_or_default());
    }

    /// Adds literal text.
    pub fn literal(&mut self, text: &str) {
        if let Some(Elem::Lit(l)) = self.elems.last_mut() {
            l.push_str(text);
        } else if !text.is_empty() {
            self.elems.push(Elem::Lit(text.to_owned()));
        }
    }

    /// The pattern.
    pub fn finish(self) -> Vec<Elem> {
        self.elems
    }
}

/// The pattern of text whose `*` and `?` are all wildcards.
pub fn pattern(text: &str) -> Vec<Elem> {
    let mut b = PatternBuilder::default();
    b.wild(text);
    b.finish()
}

impl Elem {
    /// Characters this element stands for in the rendered pattern.
    fn chars(&self) -> usize {
        match self {
            Elem::Lit(l) => l.chars().count(),
            Elem::One | Elem::Star => 1,
        }
    }
}

/// Whether `subject` matches `pattern` under IAM `StringLike`.
///
/// Runs in O(|subject| x longest segment) at worst; consecutive `*` are merged when the
/// pattern is resolved, so `"*".repeat(10_000)` costs no more than one `*`.
pub fn like(pattern: &[Elem], subject: &str) -> bool {
    let mut segments = pattern.split(|e| *e == Elem::Star);
    let first = segments.next().unwrap_or_default();
    let Ok(mut pos) = match_at(first, subject, 0) else {
        return false;
    };
    let rest: Vec<&[Elem]> = segments.collect();
    let Some((last, middle)) = rest.split_last() else {
        return pos == subject.len();
    };
    for seg in middle {
        match find(seg, subject, pos) {
            Some(end) => pos = end,
            None => return false,
        }
    }
    nth_char_from_end(subject, char_len(last))
        .is_some_and(|s| s >= pos && match_at(last, subject, s).is_ok())
}

fn char_len(seg: &[Elem]) -> usize {
    seg.iter().map(Elem::chars).sum()
}

/// Renders a pattern back to text (`*`, `?`, literals), for display.
pub fn render(pattern: &[Elem]) -> String {
    pattern
        .iter()
        .map(|e| match e {
            Elem::Lit(l) => l.as_str(),
            Elem::One => "?",
            Elem::Star => "*",
        })
        .collect()
}

/// Where a `StringLike` match fails: `None` if it matches, else `(subject, pattern)`: the
/// byte offset in the subject and the character offset in the [`render`]ed pattern where
/// the two part ways.
pub fn diverge(pattern: &[Elem], subject: &str) -> Option<(usize, usize)> {
    // Character offset of each element in the rendered pattern, plus the total at the end.
    let mut starts = Vec::with_capacity(pattern.len() + 1);
    let mut at = 0;
    for e in pattern {
        starts.push(at);
        at += e.chars();
    }
    starts.push(at);
    let offset = |elem: usize, common: usize| starts.get(elem).copied().unwrap_or(at) + common;
    let fail = |(pos, elem, common): (usize, usize, usize)| Some((pos, offset(elem, common)));

    let mut segments = pattern.split(|e| *e == Elem::Star);
    let first = segments.next().unwrap_or_default();
    if !pattern.contains(&Elem::Star) {
        return match match_at(first, subject, 0) {
            Ok(end) if end == subject.len() => None,
            Ok(end) => Some((end, at)),
            Err(e) => fail(e),
        };
    }
    let mut pos = match match_at(first, subject, 0) {
        Ok(end) => end,
        Err(e) => return fail(e),
    };
    let mut base = first.len() + 1;
    let rest: Vec<&[Elem]> = segments.collect();
    let (last, middle) = rest.split_last().unwrap_or((&(&[] as &[Elem]), &[]));
    for seg in middle {
        match find(seg, subject, pos) {
            Some(end) => pos = end,
            None => return Some((pos, offset(base, 0))),
        }
        base += seg.len() + 1;
    }
    if like(pattern, subject) {
        return None;
    }
    // The last segment failed at the end of the subject. Report the start that matches the
    // most of it (bounded, since this only serves explanations).
    let mut best = (subject.len(), offset(base, 0));
    let mut best_len = 0;
    let mut start = pos;
    let mut tries = 0;
    while start <= subject.len() && tries < 4096 {
        if let Err((p, elem, common)) = match_at(last, subject, start) {
            if p - start > best_len || (p - start == best_len && best_len == 0 && start == pos) {
                best_len = p - start;
                best = (p, offset(base + elem, common));
            }
        } else {
            // Matched, but not at the end: the subject runs on past the pattern.
            let end = match_at(last, subject, start).unwrap_or(start);
            if end - start >= best_len {
                best_len = end - start;
                best = (end, at);
            }
        }
        match subject.get(start..).and_then(|r| r.chars().next()) {
            Some(c) => start += c.len_utf8(),
            None => break,
        }
        tries += 1;
    }
    Some(best)
}

/// Byte offset of the start of the last `n` characters, if the subject has that many.
fn nth_char_from_end(s: &str, n: usize) -> Option<usize> {
    if n == 0 {
        return Some(s.len());
    }
    s.char_indices().rev().nth(n - 1).map(|(i, _)| i)
}

/// Matches a star-free segment at `at`: `Ok(end)`, or `Err((offset, element, chars))`: where
/// it failed, in which element, after how many characters of that element matched.
fn match_at(seg: &[Elem], subject: &str, at: usize) -> Result<usize, (usize, usize, usize)> {
    let mut pos = at;
    for (i, e) in seg.iter().enumerate() {
        let rest = subject.get(pos..).unwrap_or_default();
        match e {
            Elem::Lit(l) => {
                if rest.starts_with(l.as_str()) {
                    pos += l.len();
                } else {
                    let (bytes, chars) = rest
                        .chars()
                        .zip(l.chars())
                        .take_while(|(a, b)| a == b)
                        .fold((0, 0), |(b, n), (a, _)| (b + a.len_utf8(), n + 1));
                    return Err((pos + bytes, i, chars));
                }
            }
            Elem::One => match rest.chars().next() {
                Some(c) => pos += c.len_utf8(),
                None => return Err((pos, i, 0)),
            },
            Elem::Star => {}
        }
    }
    Ok(pos)
}

/// Finds the leftmost match of a star-free segment at or after `from`; returns its end.
fn find(seg: &[Elem], subject: &str, from: usize) -> Option<usize> {
    let mut start = from;
    loop {
        let rest = subject.get(start..)?;
        // Jump to the next place the leading literal occurs.
        if let Some(Elem::Lit(l)) = seg.first() {
            start += rest.find(l.as_str())?;
        }
        if let Ok(end) = match_at(seg, subject, start) {
            return Some(end);
        }
        start += subject.get(start..)?.chars().next()?.len_utf8();
    }
}

#[cfg(test)]
#[allow(clippy::string_slice, reason = "test inputs are ASCII")]
mod tests {
    use super::*;

    fn pat(s: &str) -> Vec<Elem> {
        pattern(s)
    }

    /// The reference matcher: plain recursion over characters, obviously correct, slow.
    fn reference(p: &[char], s: &[char]) -> bool {
        match p.split_first() {
            None => s.is_empty(),
            Some(('*', rest)) => (0..=s.len()).any(|i| reference(rest, &s[i..])),
            Some(('?', rest)) => !s.is_empty() && reference(rest, &s[1..]),
            Some((c, rest)) => s.first() == Some(c) && reference(rest, &s[1..]),
        }
    }

    #[test]
    fn iam_examples() {
        let s = "repo:octo-org/octo-repo:ref:refs/heads/feature/x";
        assert!(like(&pat("repo:octo-org/octo-repo:ref:refs/heads/*"), s));
        assert!(like(&pat("repo:octo-org/*"), s));
        assert!(like(&pat("*"), ""));
        assert!(like(&pat("main*"), "main"));
        assert!(like(&pat("mai?"), "main"));
        assert!(!like(&pat("mai?"), "mai"));
        assert!(!like(&pat("Repo:*"), s));
        assert!(like(&pat("[a]{b}\\"), "[a]{b}\\"));
        assert!(!like(&pat("[ab]"), "a"));
        assert!(like(&pat("?é?"), "aéb"));
        assert!(like(&pat("*a*a*"), "banana"));
        assert!(!like(&pat("*a*a*x"), "banana"));
    }

    #[test]
    fn agrees_with_reference_on_exhaustive_small_cases() {
        let alphabet = ['a', 'b', '*', '?'];
        let subjects = [
            "", "a", "b", "ab", "ba", "aa", "aba", "abab", "bbba", "aaab",
        ];
        let mut patterns = vec![String::new()];
        for _ in 0..4 {
            let mut next = Vec::new();
            for p in &patterns {
                for c in alphabet {
                    next.push(format!("{p}{c}"));
                }
            }
            patterns.extend(next);
        }
        for p in &patterns {
            let pc: Vec<char> = p.chars().collect();
            for s in subjects {
                let sc: Vec<char> = s.chars().collect();
                assert_eq!(like(&pat(p), s), reference(&pc, &sc), "{p:?} vs {s:?}");
            }
        }
    }

    #[test]
    fn divergence_points_at_the_first_difference() {
        let s = "repo:acme/app:ref:refs/heads/main";
        let p = "repo:acme/app:ref:refs/tags/*";
        let (at, pat_at) = diverge(&pat(p), s).unwrap();
        assert_eq!((&s[at..], &p[pat_at..]), ("heads/main", "tags/*"));
        let p = "repo:acme/app:environment:prod";
        let (at, pat_at) = diverge(&pat(p), s).unwrap();
        assert_eq!(
            (&s[at..], &p[pat_at..]),
            ("ref:refs/heads/main", "environment:prod")
        );
        let p = "repo:*:ref:refs/heads/dev";
        let (at, pat_at) = diverge(&pat(p), s).unwrap();
        assert_eq!((&s[at..], &p[pat_at..]), ("main", "dev"));
        assert_eq!(diverge(&pat("repo:acme/*"), s), None);
    }

    #[test]
    fn ten_thousand_stars() {
        let p = pat(&"*".repeat(10_000));
        assert_eq!(p, vec![Elem::Star]);
        assert!(like(&p, &"x".repeat(100_000)));
    }
}

#[cfg(test)]
mod proptests {
    use super::*;
    use proptest::prelude::*;

    fn reference(p: &[char], s: &[char]) -> bool {
        // Dynamic programming version of the recursive reference (fast enough for proptest).
        let mut dp = vec![vec![false; s.len() + 1]; p.len() + 1];
        dp[p.len()][s.len()] = true;
        for i in (0..p.len()).rev() {
            for j in (0..=s.len()).rev() {
                dp[i][j] = match p[i] {
                    '*' => dp[i + 1][j] || (j < s.len() && dp[i][j + 1]),
                    '?' => j < s.len() && dp[i + 1][j + 1],
                    c => j < s.len() && s[j] == c && dp[i + 1][j + 1],
                };
            }
        }
        dp[0][0]
    }

    proptest! {
        #[test]
        fn like_matches_reference(p in "[ab/:é*?]{0,12}", s in "[ab/:é]{0,16}") {
            let elems = pattern(&p);
            let pc: Vec<char> = p.chars().collect();
            let sc: Vec<char> = s.chars().collect();
            prop_assert_eq!(like(&elems, &s), reference(&pc, &sc));
        }

        #[test]
        fn divergence_is_a_char_boundary(p in "[ab*?]{0,8}", s in "[abé]{0,10}") {
            let elems = pattern(&p);
            if let Some((at, _)) = diverge(&elems, &s) {
                prop_assert!(s.is_char_boundary(at));
            }
        }

        #[test]
        fn diverge_is_none_exactly_when_like_matches(p in "[ab/:é*?]{0,10}", s in "[ab/:é]{0,12}") {
            let elems = pattern(&p);
            prop_assert_eq!(diverge(&elems, &s).is_none(), like(&elems, &s));
        }
    }
}
