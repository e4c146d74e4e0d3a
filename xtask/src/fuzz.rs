//! `cargo xtask fuzz [TARGET...] [--minutes N | --seconds N] [--jobs J]`: the cargo-fuzz
//! targets of `fuzz/`, each for N minutes (default 10), J at a time (default 1: the machine's
//! two cores are shared; the fuzzers run at the lowest CPU priority, so a build beside them
//! keeps its speed), with the dictionary `fuzz/iam.dict` and a corpus seeded from the shared
//! vectors and the CLI fixtures (`oidc-trust-proof`'s `fuzz-seeds`). The corpus is kept
//! between runs under the target dir (`fuzz/corpus/<target>`); a crash or a timeout is
//! written to `fuzz/artifacts/<target>/` there and fails the task. Each target's
//! executions and coverage (libFuzzer's `cov` and `ft`) go to `fuzz/summary.md`, one row per
//! target: a run replaces the rows of the targets it ran and keeps the others.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::sh::{self, Result, say};

/// Every target of `fuzz/Cargo.toml`, in the order they run.
pub const TARGETS: [&str; 17] = [
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
    "azure",
    "gcp",
    "vault",
    "publishing",
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
/// (or `--seconds N`, for a shorter budget), `--jobs J` at a time.
pub fn run(args: &[String]) -> Result {
    let mut seconds = 600u64;
    let mut jobs = 1usize;
    let mut targets: Vec<&str> = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--minutes" || a == "--seconds" {
            let n: u64 = it
                .next()
                .and_then(|m| m.parse().ok())
                .ok_or_else(|| format!("{a} takes a whole number"))?;
            seconds = if a == "--minutes" { n * 60 } else { n };
        } else if a == "--jobs" {
            jobs = it
                .next()
                .and_then(|j| j.parse().ok())
                .filter(|&j| j > 0)
                .ok_or("--jobs takes a whole number above 0")?;
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
    // The fuzz crate is a workspace of its own: without `--target-dir` its binaries would
    // land in `fuzz/target`, not where the runs below look for them.
    let target_dir = sh::target_dir();
    sh::run_in(
        &root.join("fuzz"),
        "cargo",
        &[
            "+nightly",
            "fuzz",
            "build",
            "-O",
            "--debug-assertions",
            "--target-dir",
            &target_dir.to_string_lossy(),
        ],
    )?;
    let host = sh::output("rustc", &["-vV"])
        .and_then(|v| {
            v.lines()
                .find_map(|l| l.strip_prefix("host: ").map(str::to_owned))
        })
        .ok_or("cannot read the host triple from `rustc -vV`")?;
    let bin_dir = target_dir.join(host).join("release");
    let run = Run {
        bin_dir,
        dict: root.join("fuzz/iam.dict"),
        out: out.clone(),
        seeds,
        seconds,
    };
    let queue = std::sync::Mutex::new(targets.into_iter());
    let rows = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            scope.spawn(|| {
                // The guard is moved into `map` and dropped there: no lock is held
                // while a fuzzer runs.
                while let Some(target) = queue.lock().map(|mut q| q.next()).ok().flatten() {
                    let row = run.one(target);
                    if let Ok(mut rows) = rows.lock() {
                        rows.push(row);
                    }
                }
            });
        }
    });
    let rows = rows.into_inner().map_err(|_| "a fuzz job panicked")?;
    let file = out.join("summary.md");
    let summary = merge_summary(&std::fs::read_to_string(&file).unwrap_or_default(), &rows);
    std::fs::write(&file, &summary).map_err(|e| format!("cannot write {}: {e}", file.display()))?;
    say(&format!("\n{summary}\nfuzz: written to {}", file.display()));
    let failed: Vec<&str> = rows
        .iter()
        .filter(|r| r.result.is_err())
        .map(|r| r.target)
        .collect();
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!("fuzz targets failed: {}", failed.join(", ")))
    }
}

/// What every fuzzer of one run shares.
struct Run {
    bin_dir: std::path::PathBuf,
    dict: std::path::PathBuf,
    out: std::path::PathBuf,
    seeds: std::path::PathBuf,
    seconds: u64,
}

/// One target's run: its numbers and whether it ended without a crash (else why).
struct Row<'a> {
    target: &'a str,
    stats: Stats,
    result: std::result::Result<(), String>,
}

impl Row<'_> {
    fn line(&self) -> String {
        let s = &self.stats;
        let verdict = match &self.result {
            Ok(()) => "no crash",
            Err(e) => e,
        };
        format!(
            "| `{}` | {} | {} | {} | {} | {} | {verdict} |",
            self.target, s.seconds, s.executions, s.cov, s.ft, s.corpus
        )
    }
}

impl Run {
    /// Runs one fuzzer for the run's time, at the lowest CPU priority.
    fn one<'a>(&self, target: &'a str) -> Row<'a> {
        let result = self.fuzz(target);
        let stats = stats(&self.log(target));
        let row = Row {
            target,
            stats,
            result,
        };
        say(&format!("fuzz: {}", row.line()));
        row
    }

    fn log(&self, target: &str) -> std::path::PathBuf {
        self.out.join("logs").join(format!("{target}.log"))
    }

    fn fuzz(&self, target: &str) -> std::result::Result<(), String> {
        let corpus = self.out.join("corpus").join(target);
        let artifacts = self.out.join("artifacts").join(target);
        let log = self.log(target);
        for dir in [&corpus, &artifacts, &self.out.join("logs")] {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        say(&format!(
            "fuzz: {target} for {} s (log: {})",
            self.seconds,
            log.display()
        ));
        let file = std::fs::File::create(&log)
            .map_err(|e| format!("cannot create {}: {e}", log.display()))?;
        let status = Command::new("nice")
            .args(["-n", "19"])
            .arg(self.bin_dir.join(target))
            .arg(format!("-dict={}", self.dict.display()))
            .arg(format!("-max_total_time={}", self.seconds))
            .arg("-timeout=30")
            .arg("-rss_limit_mb=2560")
            .arg("-print_final_stats=1")
            .arg(format!("-artifact_prefix={}/", artifacts.display()))
            .arg(&corpus)
            .arg(self.seeds.join(target))
            .stdout(Stdio::null())
            .stderr(file)
            .status()
            .map_err(|e| format!("cannot start the {target} fuzzer: {e}"))?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("FAILED ({status}): see {}", artifacts.display()))
        }
    }
}

/// The summary table with `rows` in place of the earlier rows of their targets, in the
/// order of [`TARGETS`].
fn merge_summary(earlier: &str, rows: &[Row<'_>]) -> String {
    let mut lines: Vec<(usize, String)> = earlier
        .lines()
        .filter_map(|line| {
            let name = line.strip_prefix("| `")?.split('`').next()?;
            let at = TARGETS.iter().position(|t| *t == name)?;
            (!rows.iter().any(|r| r.target == name)).then(|| (at, line.to_owned()))
        })
        .collect();
    for row in rows {
        let at = TARGETS
            .iter()
            .position(|t| *t == row.target)
            .unwrap_or(usize::MAX);
        lines.push((at, row.line()));
    }
    lines.sort_by_key(|(at, _)| *at);
    let body: Vec<String> = lines.into_iter().map(|(_, l)| l).collect();
    format!(
        "| target | seconds | executions | cov | ft | corpus | result |\n| --- | ---: | ---: | ---: | ---: | ---: | --- |\n{}\n",
        body.join("\n")
    )
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
