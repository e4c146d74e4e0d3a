//! `cargo bench -p oidc-trust --bench publishing`: the whole `publishing` analysis (read the
//! publishers, decode the token, the exchange, trace, lints, hints) of a GitHub release job
//! against PyPI publishers and crates.io's API answer.
#![allow(
    clippy::unwrap_used,
    reason = "benchmark set-up: a panic is a failed run"
)]

use criterion::{Criterion, criterion_group, criterion_main};
use oidc_trust::api::{PublishingRequest, Registry, analyze_publishing};
use serde_json::{Value, json};
use std::hint::black_box;

fn token(aud: &str, environment: &str) -> String {
    let claims = json!({
        "jti": "a71fccd5-a254-47bc-8e4b-d652c9d5233f", "sub": format!("repo:acme/acme-cli:environment:{environment}"),
        "aud": aud, "ref": "refs/tags/v1.2.3", "repository": "acme/acme-cli",
        "repository_owner": "acme", "repository_owner_id": "1001", "repository_id": "2002",
        "run_id": "37824901043", "actor": "octocat", "actor_id": "47575784",
        "workflow": "release", "environment": environment,
        "workflow_ref": "acme/acme-cli/.github/workflows/release.yml@refs/tags/v1.2.3",
        "job_workflow_ref": "acme/acme-cli/.github/workflows/release.yml@refs/tags/v1.2.3",
        "event_name": "push", "ref_type": "tag", "runner_environment": "github-hosted",
        "iss": "https://token.actions.githubusercontent.com", "nbf": 1_789_999_700i64,
        "exp": 1_790_000_300i64, "iat": 1_790_000_000i64,
    });
    format!(
        "{}.{}.{}",
        oidc_trust::token::base64url_encode(br#"{"alg":"RS256","typ":"JWT","kid":"example"}"#),
        oidc_trust::token::base64url_encode(claims.to_string().as_bytes()),
        oidc_trust::token::base64url_encode(&[7; 256])
    )
}

fn request(registry: Option<Registry>, token: String, publishers: &str) -> PublishingRequest {
    PublishingRequest {
        token: Some(token),
        registry,
        publishers: Some(Value::String(publishers.to_owned())),
        now: 1_790_000_100,
        ..PublishingRequest::default()
    }
}

const PYPI: &str = r#"[
  {"owner": "acme", "repository": "acme-cli", "workflow_filename": "release.yml", "environment": "pypi", "repository_owner_id": "1001"},
  {"owner": "acme", "repository": "acme-cli", "workflow_filename": "nightly.yml", "environment": "", "repository_owner_id": "1001"}
]"#;

const CRATES: &str = r#"{"github_configs": [{"id": 17, "crate": "acme-cli", "repository_owner": "acme",
  "repository_owner_id": 1001, "repository_name": "acme-cli", "workflow_filename": "release.yml",
  "environment": "release", "created_at": "2026-05-01T10:00:00Z"}]}"#;

fn benches(c: &mut Criterion) {
    let pypi = request(Some(Registry::PyPi), token("pypi", "pypi"), PYPI);
    assert!(analyze_publishing(&pypi).accepted);
    c.bench_function("publishing/pypi-accepted", |b| {
        b.iter(|| analyze_publishing(black_box(&pypi)));
    });
    let refused = request(Some(Registry::PyPi), token("pypi", "staging"), PYPI);
    assert!(!analyze_publishing(&refused).accepted);
    c.bench_function("publishing/pypi-refused-with-hints", |b| {
        b.iter(|| analyze_publishing(black_box(&refused)));
    });
    let crates = request(None, token("crates.io", "release"), CRATES);
    assert!(analyze_publishing(&crates).accepted);
    c.bench_function("publishing/crates-accepted", |b| {
        b.iter(|| analyze_publishing(black_box(&crates)));
    });
}

criterion_group!(publishing, benches);
criterion_main!(publishing);
