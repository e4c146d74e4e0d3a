//! Runs every shared vector in `tests/vectors/` through `analyze_json`, the path every shell
//! takes, and compares the inline expectations and the golden answer in `tests/golden/`.
//!
//! `BLESS=1` rewrites the goldens; `VECTOR=substring` runs only matching `group/name`s.
//! The format is documented in `tests/README.md`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is a test failure"
)]

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("tests")
}

/// Every `.json` file under `dir`, sorted.
fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display())) {
            let p = entry.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "json") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The golden text for an answer: pretty JSON with a final newline.
fn render(v: &impl serde::Serialize) -> String {
    serde_json::to_string_pretty(v).unwrap() + "\n"
}

#[test]
fn shared_vectors() {
    let vectors_dir = root().join("vectors");
    let golden_dir = root().join("golden");
    let bless = std::env::var_os("BLESS").is_some();
    let filter = std::env::var("VECTOR").unwrap_or_default();
    let mut failures = String::new();
    let mut seen = BTreeSet::new();
    let mut count = 0;
    for file in json_files(&vectors_dir) {
        let group = file
            .parent()
            .unwrap()
            .strip_prefix(&vectors_dir)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let suite: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        for v in suite["vectors"].as_array().expect("a `vectors` array") {
            let name = v["name"].as_str().expect("a `name`");
            let id = format!("{group}/{name}");
            assert!(seen.insert(id.clone()), "duplicate vector name {id}");
            if !id.contains(&filter) {
                continue;
            }
            count += 1;
            let analysis = oidc_trust::api::analyze_any_json(&v["request"].to_string());
            let got = serde_json::to_value(&analysis).unwrap();
            let list = |field: &str| -> BTreeSet<String> {
                got[field]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|x| x["code"].as_str().map(str::to_owned))
                    .collect()
            };
            let expect = &v["expect"];
            for field in ["accepted", "stage", "awsError"] {
                if let Some(want) = expect.get(field)
                    && &got[field] != want
                {
                    let _ = writeln!(
                        failures,
                        "{id}: `{field}` is {} but the vector expects {want}\n  summary: {}",
                        got[field], got["summary"]
                    );
                }
            }
            let codes = list("diagnostics");
            for want in expect["codes"].as_array().into_iter().flatten() {
                let want = want.as_str().unwrap();
                if !codes.contains(want) {
                    let _ = writeln!(
                        failures,
                        "{id}: expected diagnostic `{want}`, got {codes:?}"
                    );
                }
            }
            for unwanted in expect["absentCodes"].as_array().into_iter().flatten() {
                let unwanted = unwanted.as_str().unwrap();
                if codes.contains(unwanted) {
                    let _ = writeln!(failures, "{id}: diagnostic `{unwanted}` must not appear");
                }
            }
            let hints = list("hints");
            for want in expect["hints"].as_array().into_iter().flatten() {
                let want = want.as_str().unwrap();
                if !hints.contains(want) {
                    let _ = writeln!(failures, "{id}: expected hint `{want}`, got {hints:?}");
                }
            }
            for unwanted in expect["absentHints"].as_array().into_iter().flatten() {
                let unwanted = unwanted.as_str().unwrap();
                if hints.contains(unwanted) {
                    let _ = writeln!(failures, "{id}: hint `{unwanted}` must not appear");
                }
            }
            let golden_path = golden_dir.join(&group).join(format!("{name}.json"));
            let text = render(&analysis);
            if bless {
                std::fs::create_dir_all(golden_path.parent().unwrap()).unwrap();
                if std::fs::read_to_string(&golden_path).ok().as_deref() != Some(text.as_str()) {
                    std::fs::write(&golden_path, &text).unwrap();
                }
                continue;
            }
            match std::fs::read_to_string(&golden_path) {
                Ok(old) if old == text => {}
                Ok(old) => {
                    let line = old
                        .lines()
                        .zip(text.lines())
                        .position(|(a, b)| a != b)
                        .unwrap_or(old.lines().count().min(text.lines().count()));
                    let _ = writeln!(
                        failures,
                        "{id}: the answer differs from {} at line {} (run `cargo xtask bless` if intended)\n  golden: {}\n  now:    {}",
                        golden_path.display(),
                        line + 1,
                        old.lines().nth(line).unwrap_or("<end>"),
                        text.lines().nth(line).unwrap_or("<end>")
                    );
                }
                Err(_) => {
                    let _ = writeln!(
                        failures,
                        "{id}: no golden file {} (run `cargo xtask bless`)",
                        golden_path.display()
                    );
                }
            }
        }
    }
    // Goldens without a vector are stale.
    if filter.is_empty() && golden_dir.exists() {
        for g in json_files(&golden_dir) {
            let rel = g.strip_prefix(&golden_dir).unwrap().with_extension("");
            let id = rel.to_string_lossy().replace('\\', "/");
            if !seen.contains(&id) {
                if bless {
                    std::fs::remove_file(&g).unwrap();
                } else {
                    let _ = writeln!(
                        failures,
                        "{id}: golden file without a vector (`cargo xtask bless` removes it)"
                    );
                }
            }
        }
    }
    assert!(count > 0, "no vector matched the filter `{filter}`");
    assert!(
        failures.is_empty(),
        "{count} vectors run; failures:\n{failures}"
    );
}

/// Every message in every golden follows the message style: lowercase start, no final
/// period, one line.
#[test]
fn golden_messages_follow_the_style() {
    let mut bad = Vec::new();
    for g in json_files(&root().join("golden")) {
        let v: Value = serde_json::from_str(&std::fs::read_to_string(&g).unwrap()).unwrap();
        for d in v["diagnostics"].as_array().into_iter().flatten() {
            let m = d["message"].as_str().unwrap();
            let first = m.chars().next().unwrap_or('a');
            if first.is_uppercase() || m.ends_with('.') || m.contains('\n') {
                bad.push(format!("{}: {m}", g.display()));
            }
        }
    }
    assert!(bad.is_empty(), "messages off style:\n{}", bad.join("\n"));
}
