//! Writes the fuzz seed corpus: `fuzz-seeds OUT_DIR` (what `cargo xtask fuzz` runs).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(out) = std::env::args_os().nth(1).map(PathBuf::from) else {
        say("usage: fuzz-seeds OUT_DIR");
        return ExitCode::from(2);
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    match oidc_trust_proof::seeds::corpus(&root).and_then(|c| c.write(&out)) {
        Ok(n) => {
            say(&format!("fuzz-seeds: {n} seeds in {}", out.display()));
            ExitCode::SUCCESS
        }
        Err(e) => {
            say(&format!("fuzz-seeds: {e}"));
            ExitCode::FAILURE
        }
    }
}

fn say(msg: &str) {
    #[expect(clippy::print_stderr, reason = "a command-line tool reporting")]
    {
        eprintln!("{msg}");
    }
}
