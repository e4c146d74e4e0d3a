//! `cargo bench -p oidc-trust --bench vault`: the whole `vault` analysis (read the role and
//! the mount's configuration, decode the token, log in, lint, trace, hints) of a GitHub
//! token against a glob role, accepted and refused, and the verdict without lints.
#![allow(
    clippy::unwrap_used,
    reason = "benchmark set-up: a panic is a failed run"
)]

use criterion::{Criterion, criterion_group, criterion_main};
use oidc_trust::api::{VaultRequest, analyze_vault};
use serde_json::json;
use std::hint::black_box;

fn b64(bytes: &[u8]) -> String {
    oidc_trust::token::base64url_encode(bytes)
}

fn token(sub: &str) -> String {
    let claims = json!({
        "jti": "a71fccd5-a254-47bc-8e4b-d652c9d5233f", "sub": sub, "aud": "https://github.com/acme",
        "ref": "refs/heads/main", "repository": "acme/acme-cli", "repository_owner": "acme",
        "repository_owner_id": "1001", "repository_id": "2002", "run_id": "37824901043",
        "actor": "octocat", "actor_id": "47575784", "workflow": "deploy",
        "job_workflow_ref": "acme/acme-cli/.github/workflows/deploy.yml@refs/heads/main",
        "event_name": "push", "ref_type": "branch", "runner_environment": "github-hosted",
        "iss": "https://token.actions.githubusercontent.com", "nbf": 1_789_999_700i64,
        "exp": 1_790_000_300i64, "iat": 1_790_000_000i64,
    });
    format!(
        "{}.{}.{}",
        b64(br#"{"alg":"RS256","typ":"JWT","kid":"example"}"#),
        b64(claims.to_string().as_bytes()),
        b64(&[7; 256])
    )
}

const ROLE: &str = r#"{
  "request_id": "0f2e6a1c-5d7b-4c1e-9a5e-3b2d1c0f9e8d", "lease_id": "", "lease_duration": 0,
  "renewable": false, "wrap_info": null, "warnings": null, "auth": null, "mount_type": "jwt",
  "data": {
    "role_type": "jwt", "bound_audiences": ["https://github.com/acme"], "bound_subject": "",
    "bound_claims_type": "glob",
    "bound_claims": {"sub": "repo:acme/acme-cli:ref:refs/heads/*", "repository_id": "2002", "repository_owner_id": "1001"},
    "claim_mappings": {"repository": "repo", "ref": "ref"}, "user_claim": "sub",
    "user_claim_json_pointer": false, "groups_claim": "", "expiration_leeway": 0,
    "not_before_leeway": 0, "clock_skew_leeway": 0, "token_policies": ["deploy"],
    "token_bound_cidrs": [], "token_ttl": 0, "token_max_ttl": 0, "token_type": "default"
  }
}"#;

const CONFIG: &str = r#"{"data": {"bound_issuer": "https://token.actions.githubusercontent.com",
  "oidc_discovery_url": "https://token.actions.githubusercontent.com", "jwt_supported_algs": [],
  "default_role": ""}}"#;

fn request(sub: &str) -> VaultRequest {
    VaultRequest {
        token: Some(token(sub)),
        role: Some(serde_json::Value::String(ROLE.to_owned())),
        role_name: Some("deploy".to_owned()),
        config: Some(serde_json::Value::String(CONFIG.to_owned())),
        now: 1_790_000_100,
        ..VaultRequest::default()
    }
}

fn benches(c: &mut Criterion) {
    let accepted = request("repo:acme/acme-cli:ref:refs/heads/main");
    assert!(analyze_vault(&accepted).accepted);
    c.bench_function("vault/github-accepted", |b| {
        b.iter(|| analyze_vault(black_box(&accepted)));
    });
    let refused = request("repo:acme/acme-cli:pull_request");
    assert!(!analyze_vault(&refused).accepted);
    c.bench_function("vault/github-refused-with-hints", |b| {
        b.iter(|| analyze_vault(black_box(&refused)));
    });
    let verdict_only = VaultRequest {
        lints: Some(false),
        ..accepted.clone()
    };
    c.bench_function("vault/github-accepted-without-lints", |b| {
        b.iter(|| analyze_vault(black_box(&verdict_only)));
    });
}

/// The parts every analysis repeats: reading the role and the configuration, decoding.
fn parts(c: &mut Criterion) {
    let t = token("repo:acme/acme-cli:ref:refs/heads/main");
    c.bench_function("vault-part/read-role", |b| {
        b.iter(|| oidc_trust::vault::role::read_role(black_box(ROLE)));
    });
    c.bench_function("vault-part/read-config", |b| {
        b.iter(|| oidc_trust::vault::role::read_config(black_box(CONFIG)));
    });
    c.bench_function("vault-part/decode", |b| {
        b.iter(|| oidc_trust::token::decode(black_box(&t)));
    });
}

criterion_group!(vault, benches, parts);
criterion_main!(vault);
