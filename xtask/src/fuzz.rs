//! `cargo xtask fuzz [TARGET...] [--minutes N | --seconds N]`: the cargo-fuzz targets of `fuzz/`, one at
//! a time (one libFuzzer job: the machine's two cores are shared), each for N minutes
//! (default 10), with the dictionary `fuzz/iam.dict` and a corpus seeded from the shared
//! vectors and the CLI fixtures (`oidc-trust-proof`'s `fuzz-seeds`). The corpus is kept
//! between runs under the target dir (`fuzz/corpus/<target>`); a crash or a timeout is
//! written to `fuzz/artifacts/<target>/` there and fails the task. Each target's
//! executions and coverage (libFuzzer's `cov` and `ft`) go to `fuzz/summary.md`.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::sh::{self, Result, say};

/// Every target of `fuzz/Cargo.toml`, in the order they run.
pub const TARGETS: [&str; 13] = [
    "analyze",
    "lint",
    "generate",
    "rcp",
    "time",
    "token",
    "check_json",
    "terraform",
    "hcl",
    "cloudformation",
    "cdk",
    "scan",
    "share",
];

/// What one run gave, from libFuzzer's output.
#[derive(Debug, Default)]
struct Stats {
    executions: u64,
    cov: u64,
    ft: u64,
    corpus: u64,
    seconds: u64,
}

/// Runs the fuzz targets named in `args` (every target when none), `--minutes N` each
/// (or `--seconds N`, for a shorter budget).
pub fn run(args: &[String]) -> Result {
    let mut seconds = 600u64;
    let mut targets: Vec<&str> = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--minutes" || a == "--seconds" {
            let n: u64 = it
                .next()
                .and_then(|m| m.parse().ok())
                .ok_or_else(|| format!("{a} takes a whole number"))?;
            seconds = if a == "--minutes" { n * 60 } else { n };
        } else if let Some(t) = TARGETS.iter().find(|t| **t == a.as_str()) {
            targets.push(t);
        } else {
            return Err(format!(
                "unknown fuzz target `{a}`; the targets: {}",
                TARGETS.join(", ")
            ));
        }
    }
    if targets.is_empty() {
        targets = TARGETS.to_vec();
    }
    tools()?;
    let root = sh::root();
    let out = sh::target_dir().join("fuzz");
    let seeds = out.join("seeds");
    sh::run(
        "cargo",
        &[
            "run",
            "--locked",
            "-q",
            "-p",
            "oidc-trust-proof",
            "--bin",
            "fuzz-seeds",
            "--",
            &seeds.to_string_lossy(),
        ],
    )?;
    say("fuzz: building every target (nightly, -O, debug assertions, AddressSanitizer)");
    sh::run_in(
        &root.join("fuzz"),
        "cargo",
        &["+nightly", "fuzz", "build", "-O", "--debug-assertions"],
    )?;
    let host = sh::output("rustc", &["-vV"])
        .and_then(|v| {
            v.lines()
                .find_map(|l| l.strip_prefix("host: ").map(str::to_owned))
        })
        .ok_or("cannot read the host triple from `rustc -vV`")?;
    let bin_dir = sh::target_dir().join(host).join("release");
    let dict = root.join("fuzz/iam.dict");
    let mut rows = Vec::new();
    let mut failed = Vec::new();
    for target in targets {
        let corpus = out.join("corpus").join(target);
        let artifacts = out.join("artifacts").join(target);
        let log = out.join("logs").join(format!("{target}.log"));
        for dir in [&corpus, &artifacts] {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        if let Some(parent) = log.parent() {
            std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
        }
        say(&format!(
            "fuzz: {target} for {seconds} s (log: {})",
            log.display()
        ));
        let file = std::fs::File::create(&log)
            .map_err(|e| format!("cannot create {}: {e}", log.display()))?;
        let status = Command::new(bin_dir.join(target))
            .arg(format!("-dict={}", dict.display()))
            .arg(format!("-max_total_time={seconds}"))
            .arg("-timeout=30")
            .arg("-rss_limit_mb=2560")
            .arg("-print_final_stats=1")
            .arg(format!("-artifact_prefix={}/", artifacts.display()))
            .arg(&corpus)
            .arg(seeds.join(target))
            .stdout(Stdio::null())
            .stderr(file)
            .status()
            .map_err(|e| format!("cannot start the {target} fuzzer: {e}"))?;
        let counts = stats(&log);
        let verdict = if status.success() {
            "no crash".to_owned()
        } else {
            failed.push(target);
            format!("FAILED ({status}): see {}", artifacts.display())
        };
        say(&format!(
            "fuzz: {target}: {} executions in {} s, cov {}, ft {}, corpus {}: {verdict}",
            counts.executions, counts.seconds, counts.cov, counts.ft, counts.corpus
        ));
        rows.push(format!(
            "| `{target}` | {} | {} | {} | {} | {} | {verdict} |",
            counts.seconds, counts.executions, counts.cov, counts.ft, counts.corpus
        ));
    }
    let summary = format!(
        "| target | seconds | executions | cov | ft | corpus | result |\n| --- | ---: | ---: | ---: | ---: | ---: | --- |\n{}\n",
        rows.join("\n")
    );
    let file = out.join("summary.md");
    std::fs::write(&file, &summary).map_err(|e| format!("cannot write {}: {e}", file.display()))?;
    say(&format!("\n{summary}\nfuzz: written to {}", file.display()));
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!("fuzz targets failed: {}", failed.join(", ")))
    }
}

/// The nightly toolchain and cargo-fuzz, installed when missing.
fn tools() -> Result {
    let toolchains = sh::output("rustup", &["toolchain", "list"]).unwrap_or_default();
    if toolchains.lines().any(|l| l.starts_with("nightly")) {
        say("setup: a nightly toolchain is installed");
    } else {
        say("setup: installing the nightly toolchain (cargo-fuzz needs it)");
        sh::run(
            "rustup",
            &["toolchain", "install", "nightly", "--profile", "minimal"],
        )?;
    }
    if sh::output("cargo", &["fuzz", "--version"]).is_some() {
        say("setup: cargo-fuzz is installed");
    } else {
        say("setup: installing cargo-fuzz (about a minute)");
        sh::run("cargo", &["install", "cargo-fuzz", "--locked"])?;
    }
    Ok(())
}

/// The final numbers of a libFuzzer log: the last status line (`#N DONE cov: C ft: F corp:
/// K/...`) and `Done N runs in S second(s)`.
fn stats(log: &Path) -> Stats {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let mut s = Stats::default();
    let field = |line: &str, name: &str| -> Option<u64> {
        let rest = line.split(name).nth(1)?;
        let word = rest.split_whitespace().next()?;
        word.split('/').next()?.parse().ok()
    };
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix('#') {
            if let Some(n) = rest.split_whitespace().next().and_then(|n| n.parse().ok()) {
                s.executions = n;
            }
            s.cov = field(line, "cov: ").unwrap_or(s.cov);
            s.ft = field(line, "ft: ").unwrap_or(s.ft);
            s.corpus = field(line, "corp: ").unwrap_or(s.corpus);
        } else if let Some(rest) = line.strip_prefix("Done ") {
            let mut words = rest.split_whitespace();
            if let Some(n) = words.next().and_then(|n| n.parse().ok()) {
                s.executions = n;
            }
            s.seconds = words.nth(2).and_then(|n| n.parse().ok()).unwrap_or(0);
        } else if let Some(n) = line.strip_prefix("stat::number_of_executed_units: ") {
            s.executions = n.trim().parse().unwrap_or(s.executions);
        }
    }
    s
}
