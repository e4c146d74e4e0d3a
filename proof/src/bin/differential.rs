//! `differential [--cases N] [--seed S] [--project DIR] [--out DIR]`: the differential test
//! against iam-simulate (what `cargo xtask differential` and `cargo xtask test` run). Exit
//! status 1 on any disagreement, 2 when it cannot run.

use std::path::PathBuf;
use std::process::ExitCode;

use oidc_trust_proof::differential::{self, Options};

fn main() -> ExitCode {
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(
        || PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../target")),
        PathBuf::from,
    );
    let mut options = Options {
        cases: 100_000,
        seed: 12,
        project: target.join("npm/consumer"),
        out: target.join("differential"),
        batch: 256,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let value = args.next();
        let bad = || format!("`{a}` needs a value");
        let parsed = match a.as_str() {
            "--cases" => value
                .and_then(|v| v.parse().ok())
                .map(|v| options.cases = v),
            "--seed" => value.and_then(|v| v.parse().ok()).map(|v| options.seed = v),
            "--project" => value.map(|v| options.project = PathBuf::from(v)),
            "--out" => value.map(|v| options.out = PathBuf::from(v)),
            _ => {
                say(&format!("unknown argument `{a}`"));
                return ExitCode::from(2);
            }
        };
        if parsed.is_none() {
            say(&bad());
            return ExitCode::from(2);
        }
    }
    let mut last = 0;
    let result = differential::run(&options, |r| {
        if r.cases >= last + 10_000 {
            last = r.cases;
            say(&format!(
                "differential: {} cases, {} compared, {} disagreements, {:.0} s",
                r.cases,
                r.compared(),
                r.failures.len(),
                r.seconds
            ));
        }
    });
    match result {
        Ok(report) => {
            say(&report.text());
            let summary = options.out.join("summary.txt");
            let _ = std::fs::write(&summary, report.text());
            if report.failures.is_empty() {
                ExitCode::SUCCESS
            } else {
                say(&format!(
                    "differential: {} disagreements, each shrunk to a minimal case in {}",
                    report.failures.len(),
                    options.out.display()
                ));
                ExitCode::FAILURE
            }
        }
        Err(e) => {
            say(&format!("differential: {e}"));
            ExitCode::from(2)
        }
    }
}

fn say(msg: &str) {
    #[expect(clippy::print_stderr, reason = "a command-line tool reporting")]
    {
        eprintln!("{msg}");
    }
}
