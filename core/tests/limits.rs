//! Hostile sizes return a proper answer (the time each takes is measured in the bench, not
//! asserted here).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is a test failure"
)]

use oidc_trust::{ProviderConfig, Request, analyze};

const GH: &str = "token.actions.githubusercontent.com";

fn b64(bytes: &[u8]) -> String {
    oidc_trust::token::base64url_encode(bytes)
}

/// The claims of a GitHub token, as JSON text (pasted claims: STS's length limit on a
/// token as sent does not apply, so the engine itself meets the size).
fn claims(sub: &str, filler: usize) -> String {
    serde_json::json!({
        "iss": format!("https://{GH}"), "aud": "sts.amazonaws.com", "sub": sub,
        "exp": 1_790_000_300i64, "padding": "x".repeat(filler),
    })
    .to_string()
}

/// The same claims as a compact JWS.
fn token(sub: &str, filler: usize) -> String {
    format!(
        "{}.{}.{}",
        b64(br#"{"alg":"RS256"}"#),
        b64(claims(sub, filler).as_bytes()),
        b64(b"sig")
    )
}

fn policy(pattern: &str) -> String {
    serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": {"Federated": format!("arn:aws:iam::123456789012:oidc-provider/{GH}")},
            "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": {"StringLike": {format!("{GH}:sub"): pattern}},
        }],
    })
    .to_string()
}

fn providers() -> Vec<ProviderConfig> {
    vec![ProviderConfig::new(GH, &["sts.amazonaws.com"])]
}

#[test]
fn one_megabyte_token() {
    let sub = "repo:acme/app:ref:refs/heads/main";
    let t = token(sub, 1 << 20);
    assert!(t.len() > 1_000_000);
    let a = analyze(&Request::new(
        &t,
        &policy("repo:acme/*"),
        providers(),
        1_790_000_000,
    ));
    // STS refuses a token over 20000 characters before reading it, and never prints it.
    assert!(!a.accepted);
    assert_eq!(a.stage, oidc_trust::api::Stage::Call);
    let e = a.aws_error.unwrap();
    assert_eq!(e.code, "ValidationError");
    assert!(
        e.message.contains("Value at 'webIdentityToken'"),
        "{}",
        e.message
    );
    assert!(e.message.len() < 300);
    // The same claims, pasted: the engine reads a megabyte.
    let c = claims(sub, 1 << 20);
    let a = analyze(&Request::new(
        &c,
        &policy("repo:acme/*"),
        providers(),
        1_790_000_000,
    ));
    assert!(a.accepted, "{}", a.summary);
}

#[test]
fn one_megabyte_policy() {
    let statements: Vec<serde_json::Value> = (0..6000)
        .map(|i| {
            serde_json::json!({
                "Sid": format!("S{i}"),
                "Effect": "Allow",
                "Principal": {"Federated": format!("arn:aws:iam::123456789012:oidc-provider/{GH}")},
                "Action": "sts:AssumeRoleWithWebIdentity",
                "Condition": {"StringLike": {format!("{GH}:sub"): format!("repo:acme/app-{i}:ref:refs/heads/*")}},
            })
        })
        .collect();
    let p = serde_json::json!({"Version": "2012-10-17", "Statement": statements}).to_string();
    assert!(p.len() > 1_000_000, "{}", p.len());
    let t = token("repo:acme/app-5999:ref:refs/heads/main", 0);
    let a = analyze(&Request::new(&t, &p, providers(), 1_790_000_000));
    assert!(a.accepted, "{}", a.summary);
    let trace = a.policy.unwrap();
    assert_eq!(trace.statements.len(), 6000);
}

#[test]
fn ten_thousand_stars_against_a_100_kb_subject() {
    let subject = format!("repo:acme/{}", "a".repeat(100_000));
    let t = claims(&subject, 0);
    let a = analyze(&Request::new(
        &t,
        &policy(&"*".repeat(10_000)),
        providers(),
        1_790_000_000,
    ));
    assert!(a.accepted, "{}", a.summary);
    // Stars between literals that cannot all fit: refused, with a near miss, still bounded.
    let hostile = format!("{}b", "*a".repeat(5_000));
    let a = analyze(&Request::new(
        &t,
        &policy(&hostile),
        providers(),
        1_790_000_000,
    ));
    assert!(!a.accepted);
    let miss = a.policy.unwrap().statements[0].conditions[0]
        .near_miss
        .clone();
    assert!(miss.is_some());
}

#[test]
fn deeply_nested_policy_is_a_located_error() {
    let t = token("repo:acme/app:ref:refs/heads/main", 0);
    let a = analyze(&Request::new(
        &t,
        &"[".repeat(1_000_000),
        providers(),
        1_790_000_000,
    ));
    assert!(!a.accepted);
    let d = a
        .diagnostics
        .iter()
        .find(|d| d.code == "invalid-policy-json")
        .unwrap();
    assert!(d.message.contains("nesting"), "{}", d.message);
}
