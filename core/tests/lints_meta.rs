//! Meta-tests of the code registry (clippy-style): ids, summaries, lint documentation
//! pages, vectors that fire and vectors that do not, and the README table.
//!
//! `BLESS=1` rewrites the README lint table between `<!-- BEGIN LINTS -->` and
//! `<!-- END LINTS -->`.
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "test code: a panic is a test failure"
)]

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use oidc_trust::codes::{CODES, Code, CodeKind};
use serde_json::Value;

fn of(kind: CodeKind) -> Vec<&'static Code> {
    CODES.iter().filter(|c| c.kind == kind).collect()
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn kebab(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Lowercase, one line, no final period; a leading acronym (`AWS`, `IAM`) is fine.
fn one_line_style(s: &str) -> bool {
    let first_word = s.split(' ').next().unwrap_or_default();
    let acronym = first_word.len() > 1 && first_word.chars().all(|c| c.is_ascii_uppercase());
    let first = s.chars().next().unwrap_or('a');
    (!first.is_uppercase() || acronym) && !s.ends_with('.') && !s.contains('\n')
}

#[test]
fn registry_ids_summaries_and_docs() {
    let ids: Vec<&str> = CODES.iter().map(|c| c.id).collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(ids, sorted, "CODES must be unique and in id order");
    for c in CODES {
        assert!(kebab(c.id), "{}: not kebab-case", c.id);
        assert!(
            !c.id.starts_with("no-") && !c.id.starts_with("disallow-"),
            "{}: name the pattern, not the fix",
            c.id
        );
        assert!(one_line_style(c.summary), "{}: summary off style", c.id);
    }
    for l in of(CodeKind::Lint) {
        let docs = l
            .docs
            .unwrap_or_else(|| panic!("{}: a lint without docs", l.id));
        assert!(
            docs.starts_with(&format!("# {}\n", l.id)),
            "{}: docs must start with `# {}`",
            l.id,
            l.id
        );
        let mut at = 0;
        for heading in [
            "## What it does",
            "## Why is this bad?",
            "## Example",
            "## Fix",
            "## References",
        ] {
            let pos = docs[at..]
                .find(&format!("\n{heading}\n"))
                .unwrap_or_else(|| panic!("{}: docs lack `{heading}` (in order)", l.id));
            at += pos + 1;
        }
        // The last heading is References: it must link a source.
        let references = &docs[at..];
        assert!(
            references.contains("https://"),
            "{}: references link no source",
            l.id
        );
    }
    for c in CODES.iter().filter(|c| c.kind != CodeKind::Lint) {
        assert!(c.docs.is_none(), "{}: only lints have docs pages", c.id);
    }
    // Every docs file belongs to a lint.
    let docs = root().join("core/docs/lints");
    for entry in std::fs::read_dir(&docs).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let id = name.strip_suffix(".md").unwrap();
        assert!(
            CODES.iter().any(|c| c.id == id && c.kind == CodeKind::Lint),
            "{name}: docs for no lint"
        );
    }
}

/// (code, fires) pairs from the `codes`/`absentCodes` or `hints`/`absentHints` of a group.
fn expectations(group: &str, fire: &str, quiet: &str) -> (BTreeSet<String>, BTreeSet<String>) {
    let dir = root().join("tests/vectors").join(group);
    let mut fires = BTreeSet::new();
    let mut quiets = BTreeSet::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let suite: Value = serde_json::from_str(&text).unwrap();
        for v in suite["vectors"].as_array().unwrap() {
            for c in v["expect"][fire].as_array().into_iter().flatten() {
                fires.insert(c.as_str().unwrap().to_owned());
            }
            for c in v["expect"][quiet].as_array().into_iter().flatten() {
                quiets.insert(c.as_str().unwrap().to_owned());
            }
        }
    }
    (fires, quiets)
}

#[test]
fn every_lint_has_a_vector_that_fires_and_one_that_does_not() {
    let (fires, quiets) = expectations("lints", "codes", "absentCodes");
    for l in of(CodeKind::Lint) {
        assert!(
            fires.contains(l.id),
            "{}: no vector in tests/vectors/lints fires it",
            l.id
        );
        assert!(
            quiets.contains(l.id),
            "{}: no vector shows it quiet (`absentCodes`)",
            l.id
        );
    }
    for c in fires.union(&quiets) {
        assert!(
            CODES.iter().any(|k| k.id == c && k.kind != CodeKind::Hint),
            "{c}: a lint vector names an unknown code"
        );
    }
}

#[test]
fn every_hint_has_a_vector_that_fires_and_one_that_does_not() {
    let (fires, quiets) = expectations("hints", "hints", "absentHints");
    let hints = of(CodeKind::Hint);
    for id in hints.iter().map(|h| h.id) {
        assert!(
            fires.contains(id),
            "{id}: no vector in tests/vectors/hints shows it"
        );
        assert!(
            quiets.contains(id),
            "{id}: no vector shows it absent (`absentHints`)"
        );
    }
    for c in fires.union(&quiets) {
        assert!(
            hints.iter().any(|h| h.id == c),
            "{c}: a hint vector names an unknown hint"
        );
    }
}

/// The README lint table, generated from the registry.
fn table() -> String {
    let mut out = String::from("| id | level | what it flags |\n| --- | --- | --- |\n");
    for l in of(CodeKind::Lint) {
        let level = match l.level {
            oidc_trust::Severity::Error => "error",
            oidc_trust::Severity::Warning => "warning",
            oidc_trust::Severity::Info => "info",
        };
        let _ = writeln!(
            out,
            "| [`{}`](core/docs/lints/{}.md) | {level} | {} |",
            l.id,
            l.id,
            l.summary.replace('|', "\\|")
        );
    }
    out
}

#[test]
fn readme_lint_table_is_fresh() {
    const BEGIN: &str = "<!-- BEGIN LINTS -->\n";
    const END: &str = "<!-- END LINTS -->";
    let path = root().join("README.md");
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let want = table();
    let current = text.find(BEGIN).and_then(|b| {
        let start = b + BEGIN.len();
        text[start..].find(END).map(|e| (start, start + e))
    });
    let fresh = current.is_some_and(|(s, e)| text[s..e] == want);
    if fresh {
        return;
    }
    assert!(
        std::env::var_os("BLESS").is_some(),
        "the README lint table is stale or missing; run `BLESS=1 cargo test -p oidc-trust --test lints_meta`"
    );
    let updated = match current {
        Some((s, e)) => format!("{}{want}{}", &text[..s], &text[e..]),
        None => format!(
            "{}\n## Lints\n\n`oidc-trust` flags trust policies that trust more than they mean to, or that AWS refuses to save. Each id links to its documentation.\n\n{BEGIN}{want}{END}\n",
            text.trim_end()
        ),
    };
    std::fs::write(&path, updated).unwrap();
}

/// Every hint in every golden follows the message style, names a path and a fix, and its
/// fix follows the style too (lowercase, one line, no final period).
#[test]
fn golden_hints_follow_the_style() {
    let mut bad = Vec::new();
    let mut stack = vec![root().join("tests/golden")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let v: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            for h in v["hints"].as_array().into_iter().flatten() {
                let m = h["message"].as_str().unwrap_or_default();
                let fix = h["fix"].as_str().unwrap_or_default();
                let pointer = h["pointer"].as_str().unwrap_or_default();
                if !one_line_style(m)
                    || m.is_empty()
                    || fix.is_empty()
                    || !one_line_style(fix)
                    || !pointer.starts_with('/')
                {
                    bad.push(format!("{}: {m}", path.display()));
                }
            }
        }
    }
    assert!(bad.is_empty(), "hints off style:\n{}", bad.join("\n"));
}
