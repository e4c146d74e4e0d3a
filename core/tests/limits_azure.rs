//! Hostile Entra ID inputs return a proper answer: thousands of credentials, a long
//! expression of many clauses, a pattern of many wildcards against a long subject (the time
//! each takes is measured, not asserted).
#![cfg(feature = "azure")]
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is a test failure"
)]

use oidc_trust::api::{AzureRequest, analyze_azure};
use serde_json::{Value, json};

const GH: &str = "https://token.actions.githubusercontent.com";

fn claims(sub: &str) -> Value {
    json!({"iss": GH, "aud": "api://AzureADTokenExchange", "sub": sub, "exp": 1_790_000_300i64, "repository_id": "1"})
}

fn analyze(claims: Value, credentials: Value) -> oidc_trust::api::AzureAnalysis {
    analyze_azure(&AzureRequest {
        claims: Some(claims),
        credentials: Some(credentials),
        now: 1_790_000_000,
        ..AzureRequest::default()
    })
}

#[test]
fn thousands_of_credentials() {
    let list: Vec<Value> = (0..5000)
        .map(|i| json!({"name": format!("c{i:05}"), "issuer": GH, "subject": format!("repo:o/r:ref:refs/heads/b{i}"), "audiences": ["api://AzureADTokenExchange"]}))
        .collect();
    let a = analyze(claims("repo:o/r:ref:refs/heads/b7"), Value::Array(list));
    // Only the first 20 can exist; `b7` is among them.
    assert!(a.accepted, "{}", a.summary);
    assert!(
        a.diagnostics
            .iter()
            .any(|d| d.code == "too-many-credentials")
    );
    assert_eq!(a.credentials.unwrap().credentials.len(), 5000);
}

#[test]
fn long_expressions_and_patterns() {
    let clauses: Vec<String> = (0..2000)
        .map(|i| format!("claims['c{i}'] eq 'v{i}'"))
        .collect();
    let expression = format!(
        "claims['sub'] matches 'repo:o/r:*' and {}",
        clauses.join(" and ")
    );
    let credential = json!({"name": "long", "issuer": GH, "subject": null, "audiences": ["api://AzureADTokenExchange"],
                            "claimsMatchingExpression": {"value": expression, "languageVersion": 1}});
    let a = analyze(claims("repo:o/r:ref:refs/heads/main"), json!([credential]));
    assert!(!a.accepted);
    assert!(a.hints.iter().any(|h| h.code == "claim-missing"));

    let stars = "*a".repeat(5000) + "b";
    let credential = json!({"name": "stars", "issuer": GH, "subject": null, "audiences": ["api://AzureADTokenExchange"],
                            "claimsMatchingExpression": {"value": format!("claims['sub'] matches '{stars}' and claims['repository_id'] eq '1'"), "languageVersion": 1}});
    let sub = "a".repeat(100_000);
    let a = analyze(claims(&sub), json!([credential]));
    assert!(!a.accepted);
    assert_eq!(a.error.unwrap().code, "AADSTS700213");
}
