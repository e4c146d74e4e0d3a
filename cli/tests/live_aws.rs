//! `scan --aws` (feature `aws`) against moto's IAM server on 127.0.0.1: the test makes (or
//! reuses) a venv with `moto[server]` under the target folder, starts the server on a free
//! loopback port, seeds providers and roles with boto3, scans the live account, compares the
//! result with `scan` of the export and provider file boto3 reads back, reads one role
//! through `GetRole` (whose policy moto URL-encodes, as AWS does everywhere), and stops the
//! server.
#![cfg(feature = "aws")]
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test helpers: a panic is a failed test"
)]

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::Value;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/cli")
}

/// The venv's Python with `moto[server]`: `OIDC_TRUST_MOTO_PYTHON` (set by `cargo xtask
/// test`), else `target/tmp/moto-venv`, made and filled here if missing.
fn python() -> PathBuf {
    if let Some(p) = std::env::var_os("OIDC_TRUST_MOTO_PYTHON") {
        return PathBuf::from(p);
    }
    let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join("moto-venv");
    let py = venv.join("bin/python");
    let has_moto = |py: &Path| {
        Command::new(py)
            .args(["-c", "import moto.server, boto3"])
            .status()
            .is_ok_and(|s| s.success())
    };
    if !has_moto(&py) {
        let made = Command::new("python3")
            .arg("-m")
            .arg("venv")
            .arg(&venv)
            .status()
            .unwrap();
        assert!(made.success(), "cannot make a venv at {}", venv.display());
        let pip = Command::new(&py)
            .args(["-m", "pip", "install", "--quiet", "moto[server]"])
            .status()
            .unwrap();
        assert!(pip.success(), "pip install moto[server] failed");
    }
    py
}

/// The server, stopped when dropped.
struct Moto(Child);

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_moto() -> (Moto, String) {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(python())
        .args([
            "-m",
            "moto.server",
            "-H",
            "127.0.0.1",
            "-p",
            &port.to_string(),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let server = Moto(child);
    // Bounded wait: 300 tries, 100 ms apart.
    for _ in 0..300 {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return (server, format!("http://127.0.0.1:{port}"));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("moto did not start on 127.0.0.1:{port}");
}

fn scan(endpoint: &str, args: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_oidc-trust"))
        .current_dir(fixtures())
        .env("AWS_ENDPOINT_URL", endpoint)
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_REGION", "us-east-1")
        .env_remove("AWS_PROFILE")
        .arg("scan")
        .args(args)
        .args(["--json", "--now", "1790000000", "--token", "main.jwt"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// What must agree between the live and the file scan.
fn essence(v: &Value) -> Value {
    let assumable: Vec<Vec<String>> = v["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            let mut names: Vec<String> = t["assumable"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a["name"].as_str().unwrap().to_owned())
                .collect();
            names.sort();
            names
        })
        .collect();
    serde_json::json!({
        "roles": v["roles"], "oidcRoles": v["oidcRoles"], "providers": v["providers"],
        "findings": v["findings"], "assumable": assumable
    })
}

#[test]
fn live_scan_of_moto_agrees_with_the_export() {
    let (_server, endpoint) = start_moto();
    let dir = std::env::temp_dir().join(format!("oidc-trust-moto-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (export, providers) = (dir.join("export.json"), dir.join("providers.json"));
    let seeded = Command::new(python())
        .arg(fixtures().join("moto/seed.py"))
        .arg(&endpoint)
        .arg(&export)
        .arg(&providers)
        .status()
        .unwrap();
    assert!(seeded.success(), "seeding moto failed");

    let live = scan(&endpoint, &["--aws"]);
    let file = scan(
        &endpoint,
        &[
            export.to_str().unwrap(),
            "--providers",
            providers.to_str().unwrap(),
        ],
    );
    assert_eq!(essence(&live), essence(&file));
    assert_eq!(live["oidcRoles"], 3);
    let e = essence(&live);
    assert_eq!(
        e["assumable"][0],
        serde_json::json!(["gha-any-acme-repo", "gha-deploy-main"])
    );
    let by_code = live["findings"]["byCode"].as_array().unwrap();
    assert!(
        by_code.iter().any(|c| c["code"] == "audience-not-allowed"),
        "{by_code:?}"
    );
    assert!(
        by_code.iter().any(|c| c["code"] == "wildcard-subject"),
        "{by_code:?}"
    );

    // GetRole: moto URL-encodes the policy there, as AWS does in every call.
    let one = scan(&endpoint, &["--aws", "--aws-role", "gha-any-acme-repo"]);
    assert_eq!(one["roles"], 1);
    assert!(
        one["findings"]["byCode"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["code"] == "wildcard-subject"),
        "{one}"
    );
    assert_eq!(one["problems"], serde_json::json!([]));
}
