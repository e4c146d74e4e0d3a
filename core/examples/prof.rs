#![allow(clippy::unwrap_used, missing_docs, reason = "scratch")]
use oidc_trust::{ProviderConfig, Request, analyze};
const GH: &str = "token.actions.githubusercontent.com";
fn b64(bytes: &[u8]) -> String {
    oidc_trust::token::base64url_encode(bytes)
}
fn main() {
    let claims = serde_json::json!({
        "jti": "a71fccd5-a254-47bc-8e4b-d652c9d5233f", "sub": "repo:acme/acme-cli:ref:refs/tags/v1.2.3", "aud": "sts.amazonaws.com",
        "ref": "refs/tags/v1.2.3", "repository": "acme/acme-cli", "repository_owner": "acme",
        "repository_owner_id": "1001", "repository_id": "2002", "run_id": "37824901043",
        "actor": "octocat", "actor_id": "47575784", "workflow": "release",
        "job_workflow_ref": "acme/acme-cli/.github/workflows/release.yml@refs/tags/v1.2.3",
        "event_name": "push", "ref_type": "tag", "runner_environment": "github-hosted",
        "iss": format!("https://{GH}"), "nbf": 1_789_999_700i64, "exp": 1_790_000_300i64,
        "iat": 1_790_000_000i64,
    });
    let token = format!(
        "{}.{}.{}",
        b64(br#"{"alg":"RS256","typ":"JWT","kid":"example"}"#),
        b64(claims.to_string().as_bytes()),
        b64(&[7; 256])
    );
    let policy = std::fs::read_to_string("/tmp/notes/policy.json").unwrap();
    let mode = std::env::args().nth(1).unwrap_or_default();
    let mut request = Request::new(
        &token,
        &policy,
        vec![ProviderConfig::new(GH, &["sts.amazonaws.com"])],
        1_790_000_100,
    );
    if mode == "nolints" {
        request.lints = Some(false);
    }
    let n: usize = std::env::args()
        .nth(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1000);
    let mut acc = 0;
    for _ in 0..n {
        acc += usize::from(analyze(std::hint::black_box(&request)).accepted);
    }
    println!("{acc}");
}
