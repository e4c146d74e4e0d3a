//! `cargo bench -p oidc-trust --bench gcp`: the whole Google analysis of a GitHub token
//! (provider read, CEL parsed, mapping and condition evaluated, the condition traced clause
//! by clause, the IAM policy checked, lints and hints), a refusal with its hints, and the
//! condition alone on already-parsed CEL.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "benchmark set-up: a panic is a failed run"
)]

use criterion::{Criterion, criterion_group, criterion_main};
use oidc_trust::api::{GcpRequest, analyze_gcp};
use oidc_trust::gcp::cel::{self, Env, Value};
use serde_json::json;
use std::hint::black_box;

const NAME: &str =
    "projects/123456789012/locations/global/workloadIdentityPools/github/providers/gh";
const CONDITION: &str = "assertion.repository_owner_id == '1342004' && assertion.repository_id == '707088626' && (assertion.ref == 'refs/heads/main' || assertion.ref.matches('^refs/tags/v[0-9]+'))";

fn claims(owner_id: &str) -> serde_json::Value {
    json!({
        "iss": "https://token.actions.githubusercontent.com",
        "aud": format!("https://iam.googleapis.com/{NAME}"),
        "sub": "repo:acme/app:ref:refs/heads/main", "repository": "acme/app",
        "repository_id": "707088626", "repository_owner": "acme", "repository_owner_id": owner_id,
        "ref": "refs/heads/main", "ref_type": "branch", "event_name": "push",
        "workflow_ref": "acme/app/.github/workflows/deploy.yml@refs/heads/main",
        "run_id": "37824901043", "actor": "octocat", "actor_id": "47575784",
        "iat": 1_790_000_000i64, "nbf": 1_790_000_000i64, "exp": 1_790_000_300i64,
    })
}

fn request(owner_id: &str) -> GcpRequest {
    let text = json!({
        "claims": claims(owner_id),
        "provider": {
            "name": NAME, "state": "ACTIVE", "disabled": false,
            "attributeMapping": {
                "google.subject": "assertion.sub",
                "attribute.repository": "assertion.repository",
                "attribute.repository_id": "assertion.repository_id",
            },
            "attributeCondition": CONDITION,
            "oidc": {"issuerUri": "https://token.actions.githubusercontent.com"},
        },
        "policy": {"bindings": [{"role": "roles/iam.workloadIdentityUser", "members": [
            format!("principalSet://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/github/attribute.repository_id/707088626")
        ]}]},
        "now": 1_790_000_100i64,
    })
    .to_string();
    serde_json::from_str(&text).unwrap()
}

fn bench(c: &mut Criterion) {
    let accepted = request("1342004");
    assert!(analyze_gcp(&accepted).accepted);
    c.bench_function("gcp analyze (accepted, traced, linted)", |b| {
        b.iter(|| analyze_gcp(black_box(&accepted)));
    });
    let refused = request("99");
    assert!(!analyze_gcp(&refused).accepted);
    c.bench_function("gcp analyze (refused at the condition, hints)", |b| {
        b.iter(|| analyze_gcp(black_box(&refused)));
    });
    let assertion = Value::from_json(&claims("1342004"));
    let null = Value::Null;
    let env = Env::new(vec![
        ("assertion", &assertion),
        ("google", &null),
        ("attribute", &null),
    ]);
    let expr = cel::compile(CONDITION, &env).unwrap();
    c.bench_function("gcp condition eval (parsed)", |b| {
        b.iter(|| cel::eval(black_box(&expr), &env));
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
