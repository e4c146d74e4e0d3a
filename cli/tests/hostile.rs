//! Hostile inputs for the CLI (issue 12, item 4): invalid UTF-8 and NUL bytes in every kind
//! of file it reads, deeply nested JSON, and a 100,000-role account export for `scan`, whose
//! peak memory `/usr/bin/time -v` measures (under 1 GB). Each answer is a clear, located
//! error or a normal result, never a panic (exit 101) or a crash. Timings are in
//! `benches/hostile.rs`.
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test helpers: a panic is a failed test"
)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;

const NOW: &str = "1790000000";

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("tests")
        .join("cli")
}

/// A scratch folder holding copies of the fixtures and the hostile files.
fn scratch(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("oidc-trust-hostile-{}-{tag}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for f in [
        "main.jwt",
        "trust-main.json",
        "account-authorization-details.json",
    ] {
        std::fs::copy(fixtures().join(f), dir.join(f)).unwrap();
    }
    dir
}

fn bin(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("oidc-trust").unwrap();
    c.current_dir(dir).env_remove("NO_COLOR");
    c
}

fn analyze(dir: &Path, token: &str, policy: &str) -> Command {
    let mut c = bin(dir);
    c.args(["analyze", "--token", token, "--policy", policy])
        .args(["--provider", "token.actions.githubusercontent.com"])
        .args(["--client-id", "sts.amazonaws.com", "--now", NOW]);
    c
}

/// Bytes that are not UTF-8 (a lone continuation byte and an overlong `/`).
const NOT_UTF8: &[u8] = b"\x80\xc0\xaf";

#[test]
fn invalid_utf8_in_a_policy_is_a_located_error() {
    let dir = scratch("utf8-policy");
    let mut policy = std::fs::read(dir.join("trust-main.json")).unwrap();
    policy.splice(40..40, NOT_UTF8.iter().copied());
    std::fs::write(dir.join("bad.json"), &policy).unwrap();
    analyze(&dir, "main.jwt", "bad.json")
        .assert()
        .code(2)
        .stderr(contains("bad.json"))
        .stderr(contains("not UTF-8"))
        .stderr(contains("index 40"));
}

#[test]
fn invalid_utf8_in_a_token_file_is_a_located_error() {
    let dir = scratch("utf8-token");
    let mut token = std::fs::read(dir.join("main.jwt")).unwrap();
    token.extend_from_slice(NOT_UTF8);
    std::fs::write(dir.join("bad.jwt"), &token).unwrap();
    analyze(&dir, "bad.jwt", "trust-main.json")
        .assert()
        .code(2)
        .stderr(contains("bad.jwt"))
        .stderr(contains("not UTF-8"));
}

#[test]
fn a_nul_byte_in_a_policy_string_names_the_line_and_column() {
    let dir = scratch("nul-policy");
    let text = std::fs::read_to_string(dir.join("trust-main.json")).unwrap();
    let bad = text.replacen("Allow", "Al\0low", 1);
    std::fs::write(dir.join("nul.json"), bad).unwrap();
    let out = analyze(&dir, "main.jwt", "nul.json").output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    let all = format!("{}{err}", String::from_utf8_lossy(&out.stdout));
    assert_ne!(out.status.code(), Some(101), "panicked: {all}");
    assert!(
        !out.status.success(),
        "a NUL byte in a JSON string is not valid JSON: {all}"
    );
    assert!(all.contains("nul.json"), "names the file: {all}");
    assert!(
        all.contains("nul.json:"),
        "names the line and column: {all}"
    );
    assert!(
        all.contains("control character"),
        "says what is wrong: {all}"
    );
}

#[test]
fn nul_bytes_in_a_token_file_are_refused_clearly() {
    let dir = scratch("nul-token");
    let token = std::fs::read_to_string(dir.join("main.jwt")).unwrap();
    let (head, rest) = token.split_at(10);
    std::fs::write(dir.join("nul.jwt"), format!("{head}\0{rest}")).unwrap();
    let out = analyze(&dir, "nul.jwt", "trust-main.json")
        .output()
        .unwrap();
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_ne!(out.status.code(), Some(101), "panicked: {all}");
    assert!(!out.status.success(), "{all}");
    // The token is never echoed whole, NUL or not.
    assert!(!all.contains(token.trim()), "the token is printed: {all}");
}

#[test]
fn invalid_utf8_and_nul_in_lint_and_scan_inputs() {
    let dir = scratch("lint-scan");
    std::fs::write(
        dir.join("bad.json"),
        [b"{\"Version\": \"".as_slice(), NOT_UTF8, b"\"}"].concat(),
    )
    .unwrap();
    bin(&dir)
        .args(["lint", "bad.json"])
        .assert()
        .code(2)
        .stderr(contains("bad.json").and(contains("not UTF-8")));
    let export = std::fs::read_to_string(dir.join("account-authorization-details.json")).unwrap();
    std::fs::write(
        dir.join("nul-export.json"),
        export.replacen("RoleName", "Role\0Name", 1),
    )
    .unwrap();
    let out = bin(&dir)
        .args(["scan", "nul-export.json", "--now", NOW])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    // `file:line:column`, the JSON path, and what is wrong.
    assert!(
        err.contains("nul-export.json:7:11") && err.contains("control character"),
        "{err}"
    );
    std::fs::write(dir.join("bad-tokens.txt"), NOT_UTF8).unwrap();
    bin(&dir)
        .args([
            "scan",
            "account-authorization-details.json",
            "--token",
            "bad-tokens.txt",
            "--now",
            NOW,
        ])
        .assert()
        .code(2)
        .stderr(contains("bad-tokens.txt").and(contains("not UTF-8")));
}

#[test]
fn deeply_nested_json_files_are_errors_not_crashes() {
    let dir = scratch("nested");
    let depth = 100_000;
    let nested = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let policy = format!(r#"{{"Version": "2012-10-17", "Statement": {nested}}}"#);
    std::fs::write(dir.join("deep.json"), &policy).unwrap();
    let out = analyze(&dir, "main.jwt", "deep.json").output().unwrap();
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        matches!(out.status.code(), Some(1 | 2)),
        "exit {:?}: {all}",
        out.status
    );
    assert!(
        all.contains("deep.json:1:167") && all.contains("nesting deeper than 128 levels"),
        "{all}"
    );
    let out = bin(&dir).args(["lint", "deep.json"]).output().unwrap();
    assert!(
        matches!(out.status.code(), Some(1 | 2)),
        "lint exit {:?}",
        out.status
    );
    // A role list whose entry is nested arrays: the entry is skipped, with its place.
    std::fs::write(dir.join("deep-export.json"), &nested).unwrap();
    bin(&dir)
        .args(["scan", "deep-export.json", "--now", NOW])
        .assert()
        .code(0)
        .stdout(contains("0 roles").and(contains("skipped: deep-export.json:1:2")));
}

/// `scan` over a 100,000-role export (the synthetic account of the benchmarks) with 20
/// tokens: it finishes, finds the roles, and its peak memory (`/usr/bin/time -v`,
/// "Maximum resident set size") stays under 1 GB.
#[test]
fn scan_of_100k_roles_stays_under_a_gigabyte() {
    let dir = scratch("100k");
    let export = oidc_trust_cli::scan::synthetic::export(100_000);
    std::fs::write(dir.join("roles.json"), &export).unwrap();
    std::fs::write(
        dir.join("tokens.json"),
        oidc_trust_cli::scan::synthetic::tokens(20),
    )
    .unwrap();
    let exe = assert_cmd::cargo::cargo_bin("oidc-trust");
    let time = Path::new("/usr/bin/time");
    let mut cmd = if time.exists() {
        let mut c = std::process::Command::new(time);
        c.arg("-v").arg(&exe);
        c
    } else {
        std::process::Command::new(&exe)
    };
    let out = cmd
        .current_dir(&dir)
        .args([
            "scan",
            "roles.json",
            "--token",
            "tokens.json",
            "--now",
            NOW,
            "--json",
            "--quiet",
        ])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{err}");
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["roles"], 100_000);
    let assumable: usize = summary["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["assumable"].as_array().map_or(0, Vec::len))
        .sum();
    assert!(assumable > 0, "the tokens assume roles of the export");
    if time.exists() {
        let kb: u64 = err
            .lines()
            .find_map(|l| {
                l.trim()
                    .strip_prefix("Maximum resident set size (kbytes): ")
            })
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or_else(|| panic!("no peak memory in /usr/bin/time -v output: {err}"));
        eprintln!(
            "scan of 100,000 roles ({} MB export): peak memory {} MB",
            export.len() / 1_000_000,
            kb / 1024
        );
        assert!(kb < 1024 * 1024, "peak memory {kb} kB is over 1 GB");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
