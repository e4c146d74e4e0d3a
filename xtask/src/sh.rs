//! Running commands and saying what is happening.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A task failure, as a sentence.
pub type Result<T = ()> = std::result::Result<T, String>;

/// Prints a progress line to stderr.
pub fn say(msg: &str) {
    #[expect(clippy::print_stderr, reason = "xtask talks to the person running it")]
    {
        eprintln!("{msg}");
    }
}

/// The workspace root: the parent of the xtask package, as `cargo run` says it at run time
/// (so a binary built from another checkout that shares `CARGO_TARGET_DIR` still works on
/// the checkout it is run in), else as it was at build time.
pub fn root() -> PathBuf {
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from);
    manifest
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// The cargo target directory (honours `CARGO_TARGET_DIR`).
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root().join("target"), PathBuf::from)
}

/// Runs a command in `dir`, echoing it; fails if it fails.
pub fn run_in(dir: &Path, program: &str, args: &[&str]) -> Result {
    run_with(dir, program, args, &[])
}

/// Runs a command at the workspace root with extra environment variables.
pub fn run_with_env(program: &str, args: &[&str], env: &[(&str, &Path)]) -> Result {
    run_with(&root(), program, args, env)
}

fn run_with(dir: &Path, program: &str, args: &[&str], env: &[(&str, &Path)]) -> Result {
    say(&format!("$ {program} {}", args.join(" ")));
    let status = Command::new(program)
        .args(args)
        .envs(env.iter().map(|(k, v)| (*k, *v)))
        .current_dir(dir)
        .status()
        .map_err(|e| format!("could not start `{program}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{program} {}` failed ({status})", args.join(" ")))
    }
}

/// Runs a command at the workspace root.
pub fn run(program: &str, args: &[&str]) -> Result {
    run_in(&root(), program, args)
}

/// Runs a command and returns its standard output, or `None` if it cannot run or fails.
pub fn output(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Whether a program is on PATH.
pub fn has(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}
