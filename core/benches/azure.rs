//! `cargo bench -p oidc-trust --bench azure`: Entra ID analyses of a GitHub Actions JWT:
//! the whole answer (decode, read the credentials, stages, trace, lints, hints) for a
//! classic and a flexible credential, a refusal with its hints, and the verdict alone for
//! credentials read once.
#![allow(
    clippy::unwrap_used,
    reason = "benchmark set-up: a panic is a failed run"
)]

use criterion::{Criterion, criterion_group, criterion_main};
use oidc_trust::api::{AzureRequest, analyze_azure};
use oidc_trust::azure::entra::{self, TokenInput};
use oidc_trust::azure::read;
use std::hint::black_box;

fn b64(bytes: &[u8]) -> String {
    oidc_trust::token::base64url_encode(bytes)
}

fn github_token(sub: &str) -> String {
    let claims = serde_json::json!({
        "jti": "a71fccd5-a254-47bc-8e4b-d652c9d5233f", "sub": sub, "aud": "api://AzureADTokenExchange",
        "ref": "refs/heads/main", "repository": "acme/app", "repository_owner": "acme",
        "repository_owner_id": "1001", "repository_id": "2002", "run_id": "37824901043",
        "actor": "octocat", "actor_id": "47575784", "workflow": "deploy",
        "job_workflow_ref": "acme/app/.github/workflows/deploy.yml@refs/heads/main",
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

const CLASSIC: &str = r#"[
  {"name": "main", "issuer": "https://token.actions.githubusercontent.com", "subject": "repo:acme/app:ref:refs/heads/main", "audiences": ["api://AzureADTokenExchange"]},
  {"name": "prod", "issuer": "https://token.actions.githubusercontent.com", "subject": "repo:acme/app:environment:Production", "audiences": ["api://AzureADTokenExchange"]}
]"#;

const FLEXIBLE: &str = r#"{"@odata.context": "https://graph.microsoft.com/beta/$metadata#applications('x')/federatedIdentityCredentials", "value": [
  {"name": "branches", "issuer": "https://token.actions.githubusercontent.com", "subject": null, "audiences": ["api://AzureADTokenExchange"],
   "claimsMatchingExpression": {"value": "claims['sub'] matches 'repo:acme/app:ref:refs/heads/*' and claims['repository_id'] eq '2002'", "languageVersion": 1}}
]}"#;

fn request(token: &str, credentials: &str) -> AzureRequest {
    AzureRequest {
        token: Some(token.to_owned()),
        credentials: Some(serde_json::Value::String(credentials.to_owned())),
        now: 1_790_000_100,
        ..AzureRequest::default()
    }
}

fn benches(c: &mut Criterion) {
    let main = github_token("repo:acme/app:ref:refs/heads/main");
    let feature = github_token("repo:acme/app:ref:refs/heads/feature-x");
    let classic = request(&main, CLASSIC);
    assert!(analyze_azure(&classic).accepted);
    c.bench_function("azure_analyze_classic_accepted", |b| {
        b.iter(|| analyze_azure(black_box(&classic)));
    });
    let refused = request(&feature, CLASSIC);
    assert!(!analyze_azure(&refused).accepted);
    c.bench_function("azure_analyze_classic_refused_with_hints", |b| {
        b.iter(|| analyze_azure(black_box(&refused)));
    });
    let flexible = request(&feature, FLEXIBLE);
    assert!(analyze_azure(&flexible).accepted);
    c.bench_function("azure_analyze_flexible", |b| {
        b.iter(|| analyze_azure(black_box(&flexible)));
    });
    let set = read::read(FLEXIBLE).set.unwrap();
    c.bench_function("azure_verdict_credentials_read_once", |b| {
        b.iter(|| {
            entra::run(
                TokenInput::Text(black_box(&feature)),
                entra::Credentials::Read(&set),
                1_790_000_100,
            )
        });
    });
}

criterion_group!(azure, benches);
criterion_main!(azure);
