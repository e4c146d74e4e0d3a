//! `cargo xtask test`: every check, in an order where each step is independent.

use crate::sh::{self, Result, say};
use crate::{npm, setup, web};

/// One named check.
type Step = fn() -> Result;

/// `cargo clippy --locked ARGS -- -D warnings`.
fn clippy(args: &[&str]) -> Result {
    let mut all = vec!["clippy", "--locked"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--", "-D", "warnings"]);
    sh::run("cargo", &all)
}

/// Runs everything; reports every failing step, not just the first.
pub fn run() -> Result {
    setup::node()?;
    setup::wasm_tools()?;
    setup::chromium()?;
    let steps: Vec<(&str, Step)> = vec![
        ("format", || sh::run("cargo", &["fmt", "--all", "--check"])),
        ("clippy (native)", || {
            clippy(&["--workspace", "--all-targets"])
        }),
        ("clippy (cli with its features github-oidc and aws)", || {
            clippy(&[
                "-p",
                "oidc-trust-cli",
                "--all-targets",
                "--features",
                "github-oidc,aws",
            ])
        }),
        ("clippy (wasm32)", || {
            clippy(&[
                "--target",
                "wasm32-unknown-unknown",
                "-p",
                "oidc-trust",
                "-p",
                "oidc-trust-wasm",
                "-p",
                "oidc-trust-web",
            ])
        }),
        (
            "core without default features (AWS alone): clippy and its unit tests",
            || {
                clippy(&["-p", "oidc-trust", "--no-default-features", "--all-targets"])?;
                sh::run(
                    "cargo",
                    &[
                        "test",
                        "--locked",
                        "-p",
                        "oidc-trust",
                        "--no-default-features",
                        "--lib",
                    ],
                )
            },
        ),
        (
            "the playground's AWS-only module (web without the targets feature): clippy and tests",
            || {
                clippy(&[
                    "--target",
                    "wasm32-unknown-unknown",
                    "-p",
                    "oidc-trust-web",
                    "--no-default-features",
                ])?;
                clippy(&[
                    "-p",
                    "oidc-trust-web",
                    "--no-default-features",
                    "--all-targets",
                ])?;
                sh::run(
                    "cargo",
                    &[
                        "test",
                        "--locked",
                        "-p",
                        "oidc-trust-web",
                        "--no-default-features",
                    ],
                )
            },
        ),
        ("cargo test", || {
            sh::run("cargo", &["test", "--workspace", "--locked"])
        }),
        (
            "cli features: the job's token (loopback endpoint), scan --aws (moto)",
            || {
                let python = setup::moto()?;
                sh::run_with_env(
                    "cargo",
                    &[
                        "test",
                        "--locked",
                        "-p",
                        "oidc-trust-cli",
                        "--features",
                        "github-oidc,aws",
                        "--test",
                        "actions",
                        "--test",
                        "live_aws",
                    ],
                    &[("OIDC_TRUST_MOTO_PYTHON", python.as_path())],
                )
            },
        ),
        ("the crate packages for crates.io", || {
            sh::run(
                "cargo",
                &[
                    "publish",
                    "--dry-run",
                    "--allow-dirty",
                    "--locked",
                    "-p",
                    "oidc-trust",
                ],
            )
        }),
        ("npm package", npm::test),
        ("playground", web::test),
    ];
    let mut failed = Vec::new();
    for (name, step) in steps {
        say(&format!("\n==> {name}"));
        if let Err(e) = step() {
            say(&format!("==> {name}: FAILED: {e}"));
            failed.push(name);
        }
    }
    if failed.is_empty() {
        say("\n==> every step passed");
        Ok(())
    } else {
        Err(format!("failed steps: {}", failed.join(", ")))
    }
}

/// Rewrites the golden files.
pub fn bless() -> Result {
    say("rewriting tests/golden from the current output");
    let status = std::process::Command::new("cargo")
        .args(["test", "-p", "oidc-trust", "--test", "vectors"])
        .env("BLESS", "1")
        .current_dir(sh::root())
        .status()
        .map_err(|e| e.to_string())?;
    if status.success() {
        Ok(())
    } else {
        Err("the vector tests failed".to_owned())
    }
}

/// Runs the benchmarks.
pub fn bench() -> Result {
    sh::run(
        "cargo",
        &["bench", "-p", "oidc-trust", "--bench", "analyze"],
    )?;
    sh::run("cargo", &["bench", "-p", "oidc-trust", "--bench", "azure"])?;
    sh::run(
        "cargo",
        &["bench", "-p", "oidc-trust-cli", "--bench", "scan"],
    )
}
