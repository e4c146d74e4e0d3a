//! `analyze --github-oidc` against a local HTTP server on 127.0.0.1 that plays the GitHub
//! Actions token service: the request carries the request token and the audience, the
//! answer's token is analyzed, the verdict goes to stdout and the step summary, and neither
//! the token nor the request token appears anywhere.
#![cfg(feature = "github-oidc")]
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test helpers: a panic is a failed test"
)]

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::mpsc;
use std::thread;

use assert_cmd::Command;

const REQUEST_TOKEN: &str = "request-token-not-to-be-shown";

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/cli")
}

/// Serves one request with `status` and `body`; sends back the request line and headers.
fn serve_once(status: &str, body: String) -> (String, mpsc::Receiver<Vec<String>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let (tx, rx) = mpsc::channel();
    let status = status.to_owned();
    thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut head = Vec::new();
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap() == 0 || line == "\r\n" {
                break;
            }
            head.push(line.trim_end().to_owned());
        }
        let answer = format!(
            "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        stream.write_all(answer.as_bytes()).unwrap();
        tx.send(head).unwrap();
    });
    (format!("http://{addr}/_apis/token?api-version=2.0"), rx)
}

fn analyze(url: &str, summary: &std::path::Path, extra: &[&str]) -> std::process::Output {
    let mut c = Command::cargo_bin("oidc-trust").unwrap();
    c.current_dir(fixtures())
        .env("ACTIONS_ID_TOKEN_REQUEST_URL", url)
        .env("ACTIONS_ID_TOKEN_REQUEST_TOKEN", REQUEST_TOKEN)
        .env("GITHUB_STEP_SUMMARY", summary)
        .env("NO_COLOR", "1")
        .args([
            "analyze",
            "--github-oidc",
            "sts.amazonaws.com",
            "--now",
            "1790000000",
        ])
        .args(extra);
    c.output().unwrap()
}

fn summary_file(name: &str) -> PathBuf {
    let p = std::env::temp_dir().join(format!(
        "oidc-trust-summary-{}-{name}.md",
        std::process::id()
    ));
    let _ = std::fs::remove_file(&p);
    p
}

#[test]
fn the_jobs_own_token_is_analyzed_and_never_shown() {
    let jwt = std::fs::read_to_string(fixtures().join("main.jwt"))
        .unwrap()
        .trim()
        .to_owned();
    let signature = jwt.rsplit('.').next().unwrap().to_owned();
    let payload = jwt.split('.').nth(1).unwrap().to_owned();
    let (url, head) = serve_once("200 OK", format!("{{\"count\": 1, \"value\": \"{jwt}\"}}"));
    let summary = summary_file("accepted");
    let out = analyze(
        &url,
        &summary,
        &["--policy", "trust-main.json", "--format", "github"],
    );
    let (stdout, stderr) = (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    );
    assert_eq!(out.status.code(), Some(0), "{stdout}{stderr}");
    let head = head.recv().unwrap();
    assert!(
        head[0].starts_with("GET /_apis/token?api-version=2.0&audience=sts.amazonaws.com "),
        "{head:?}"
    );
    assert!(
        head.iter()
            .any(|h| h.eq_ignore_ascii_case(&format!("Authorization: Bearer {REQUEST_TOKEN}"))),
        "{head:?}"
    );
    assert!(
        stdout.starts_with("::notice title=oidc-trust verdict::Accepted"),
        "{stdout}"
    );
    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(
        md.contains("### oidc-trust") && md.contains("**Accepted**"),
        "{md}"
    );
    for text in [&stdout, &stderr, &md] {
        for secret in [
            jwt.as_str(),
            signature.as_str(),
            payload.as_str(),
            REQUEST_TOKEN,
        ] {
            assert!(!text.contains(secret), "a token was printed: {text}");
        }
    }
}

#[test]
fn a_refusal_shows_the_verdict_and_hints_in_the_log_and_summary() {
    let jwt = std::fs::read_to_string(fixtures().join("feature.jwt"))
        .unwrap()
        .trim()
        .to_owned();
    let (url, _head) = serve_once("200 OK", format!("{{\"value\": \"{jwt}\"}}"));
    let summary = summary_file("refused");
    let out = analyze(&url, &summary, &["--policy", "trust-main.json"]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.starts_with("Refused by AWS: "), "{stdout}");
    assert!(!stdout.contains(&jwt));
    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(md.contains("**Refused by AWS**: the token's `sub`"), "{md}");
    assert!(md.contains("#### What to change"), "{md}");
}

#[test]
fn token_service_errors_are_clear_and_leak_nothing() {
    let (url, _head) = serve_once("403 Forbidden", "{\"message\": \"no\"}".to_owned());
    let summary = summary_file("forbidden");
    let out = analyze(&url, &summary, &["--policy", "trust-main.json"]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr.contains("HTTP 403") && stderr.contains("id-token: write"),
        "{stderr}"
    );
    assert!(!stderr.contains(REQUEST_TOKEN));
    let mut c = Command::cargo_bin("oidc-trust").unwrap();
    let out = c
        .current_dir(fixtures())
        .env_remove("ACTIONS_ID_TOKEN_REQUEST_URL")
        .env_remove("ACTIONS_ID_TOKEN_REQUEST_TOKEN")
        .args([
            "analyze",
            "--github-oidc",
            "sts.amazonaws.com",
            "--policy",
            "trust-main.json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("inside a GitHub Actions job")
    );
}
