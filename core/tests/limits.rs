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

/// Ten thousand statements: the one that allows is the last; a `Deny` after it wins; the
/// lints run over all of them.
#[test]
fn ten_thousand_statements() {
    let fed = format!("arn:aws:iam::123456789012:oidc-provider/{GH}");
    let sub = "repo:acme/app:ref:refs/heads/main";
    let statement = |effect: &str, pattern: &str| {
        serde_json::json!({
            "Effect": effect, "Principal": {"Federated": fed},
            "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": {"StringLike": {format!("{GH}:sub"): pattern}},
        })
    };
    let mut statements: Vec<serde_json::Value> = (0..9_999)
        .map(|i| statement("Allow", &format!("repo:acme/other-{i}:*")))
        .collect();
    statements.push(statement("Allow", "repo:acme/app:*"));
    let policy = |s: &[serde_json::Value]| {
        serde_json::json!({"Version": "2012-10-17", "Statement": s}).to_string()
    };
    let t = token(sub, 0);
    let a = analyze(&Request::new(
        &t,
        &policy(&statements),
        providers(),
        1_790_000_000,
    ));
    assert!(a.accepted, "{}", a.summary);
    let trace = a.policy.as_ref().unwrap();
    assert_eq!(trace.statements.len(), 10_000);
    let allowing: Vec<usize> = trace
        .statements
        .iter()
        .filter(|s| s.applies == oidc_trust::aws::eval::Applies::Yes)
        .map(|s| s.index)
        .collect();
    assert_eq!(allowing, [9_999]);
    statements.push(statement("Deny", "repo:acme/*"));
    let a = analyze(&Request::new(
        &t,
        &policy(&statements),
        providers(),
        1_790_000_000,
    ));
    assert!(!a.accepted);
    assert_eq!(
        a.policy.as_ref().map(|p| p.decision),
        Some(oidc_trust::aws::eval::Decision::ExplicitDeny)
    );
}

/// A token with 100,000 claims besides the ones AWS reads: decoded, and decided by its
/// `sub`.
#[test]
fn a_hundred_thousand_claims() {
    let mut claims = serde_json::Map::new();
    for i in 0..100_000 {
        claims.insert(
            format!("claim_{i}"),
            serde_json::Value::String(format!("value {i}")),
        );
    }
    for (k, v) in [
        ("iss", format!("https://{GH}")),
        ("aud", "sts.amazonaws.com".to_owned()),
        ("sub", "repo:acme/app:ref:refs/heads/main".to_owned()),
    ] {
        claims.insert(k.to_owned(), serde_json::Value::String(v));
    }
    claims.insert("exp".to_owned(), 1_790_000_300i64.into());
    let text = serde_json::Value::Object(claims).to_string();
    let jws = format!(
        "{}.{}.{}",
        b64(br#"{"alg":"RS256"}"#),
        b64(text.as_bytes()),
        b64(b"sig")
    );
    // Pasted claims: decided by `sub`, every claim read.
    let a = analyze(&Request::new(
        &text,
        &policy("repo:acme/app:*"),
        providers(),
        1_790_000_000,
    ));
    assert!(a.accepted, "{}", a.summary);
    assert_eq!(a.claims.as_ref().map(|c| c.to_map().len()), Some(100_004));
    let a = analyze(&Request::new(
        &text,
        &policy("repo:acme/other:*"),
        providers(),
        1_790_000_000,
    ));
    assert!(!a.accepted);
    // As a JWT of 2.7 MB, STS refuses the call's `WebIdentityToken` for its length first.
    assert!(jws.len() > 2_000_000);
    let a = analyze(&Request::new(
        &jws,
        &policy("repo:acme/app:*"),
        providers(),
        1_790_000_000,
    ));
    assert!(!a.accepted);
    assert_eq!(serde_json::to_value(a.stage).unwrap(), "call");
}

/// Nesting a million deep wherever JSON text goes in (the claims, a JWT's payload, a
/// condition value, the JSON interface's request, a lint request, a pasted token): a
/// located error, never a stack overflow.
#[test]
fn deep_nesting_everywhere_is_an_error() {
    let deep = "[".repeat(1_000_000);
    let deep_object = r#"{"a":"#.repeat(200_000);
    for claims in [
        deep.clone(),
        deep_object.clone(),
        format!(r#"{{"iss": {deep}"#),
    ] {
        let jws = format!(
            "{}.{}.{}",
            b64(br#"{"alg":"RS256"}"#),
            b64(claims.as_bytes()),
            b64(b"s")
        );
        for t in [&claims, &jws] {
            let a = analyze(&Request::new(t, &policy("*"), providers(), 1_790_000_000));
            assert!(!a.accepted);
            assert!(
                !a.diagnostics.is_empty(),
                "no diagnostic for a nested token"
            );
        }
        let d = oidc_trust::api::decode_token(&jws);
        assert!(d.claims.is_none());
    }
    let in_condition = policy("x").replace("\"x\"", &deep);
    let a = analyze(&Request::new(
        &token("s", 0),
        &in_condition,
        providers(),
        1_790_000_000,
    ));
    assert!(
        a.diagnostics
            .iter()
            .any(|d| d.code == "invalid-policy-json" && d.message.contains("nesting"))
    );
    let a = oidc_trust::api::analyze_json(&format!(r#"{{"token": "x", "policy": {deep}"#));
    assert!(!a.accepted);
    assert!(
        a.diagnostics
            .iter()
            .any(|d| d.message.contains("not valid")),
        "{:?}",
        a.diagnostics
    );
    let l = oidc_trust::api::lint_json(&format!(r#"{{"policy": {deep}"#));
    assert!(!l.diagnostics.is_empty());
    let l = oidc_trust::lint_policy(&deep, None);
    assert!(l.iter().any(|d| d.message.contains("nesting")), "{l:?}");
}

/// The API's types cross threads, and `analyze` from several threads at once (on shared
/// requests and one shared compiled configuration) answers exactly what it answers alone.
#[test]
fn concurrent_analyses_agree_with_sequential_ones() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<Request>();
    send_sync::<oidc_trust::Analysis>();
    send_sync::<oidc_trust::api::Compiled>();
    send_sync::<oidc_trust::api::CompileRequest>();
    send_sync::<oidc_trust::api::VerdictSummary>();
    send_sync::<oidc_trust::api::LintRequest>();
    send_sync::<oidc_trust::api::LintResult>();
    send_sync::<oidc_trust::api::AnyAnalysis>();
    send_sync::<oidc_trust::TrustPolicy>();
    send_sync::<oidc_trust::Claims>();
    send_sync::<oidc_trust::Diagnostic>();

    let subs: Vec<String> = (0..64)
        .map(|i| {
            format!(
                "repo:acme/app-{}:ref:refs/heads/{}",
                i % 5,
                if i % 3 == 0 { "main" } else { "dev" }
            )
        })
        .collect();
    let requests: Vec<Request> = subs
        .iter()
        .map(|s| {
            Request::new(
                &token(s, 0),
                &policy("repo:acme/app-1:ref:refs/heads/main"),
                providers(),
                1_790_000_000,
            )
        })
        .collect();
    let alone: Vec<serde_json::Value> = requests
        .iter()
        .map(|r| serde_json::to_value(analyze(r)).unwrap())
        .collect();
    assert!(
        alone.iter().any(|a| a["accepted"] == true) && alone.iter().any(|a| a["accepted"] == false)
    );
    let compiled = oidc_trust::api::Compiled::new(oidc_trust::api::CompileRequest {
        policy: Some(serde_json::Value::String(policy(
            "repo:acme/app-1:ref:refs/heads/main",
        ))),
        providers: providers(),
        ..oidc_trust::api::CompileRequest::default()
    });
    let tokens: Vec<String> = subs.iter().map(|s| token(s, 0)).collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..8)
            .map(|t| {
                let (requests, alone, compiled, tokens) = (&requests, &alone, &compiled, &tokens);
                scope.spawn(move || {
                    for round in 0..4 {
                        for (i, r) in requests.iter().enumerate().skip((t + round) % 3) {
                            let a = analyze(r);
                            assert_eq!(&serde_json::to_value(&a).unwrap(), &alone[i]);
                            let v = compiled.verdict(&tokens[i], 1_790_000_000);
                            assert_eq!(v.accepted, a.accepted);
                        }
                    }
                })
            })
            .collect();
        for h in handles {
            h.join().unwrap();
        }
    });
}
