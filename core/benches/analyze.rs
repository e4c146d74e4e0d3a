//! `cargo bench -p oidc-trust`: the whole analysis of the GitHub example, the verdict of a
//! configuration read once, the evaluation of an already-parsed policy against
//! already-decoded claims, and the hostile sizes.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "benchmark set-up: a panic is a failed run"
)]

use criterion::{Criterion, criterion_group, criterion_main};
use oidc_trust::aws::context::{CallContext, Context, ContextOptions};
use oidc_trust::aws::eval::{EvalRequest, evaluate};
use oidc_trust::{ProviderConfig, Request, analyze, decode, parse_policy};
use std::hint::black_box;

const GH: &str = "token.actions.githubusercontent.com";
const ARN: &str = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";

fn b64(bytes: &[u8]) -> String {
    oidc_trust::token::base64url_encode(bytes)
}

fn github_token(sub: &str, padding: usize) -> String {
    let claims = serde_json::json!({
        "jti": "a71fccd5-a254-47bc-8e4b-d652c9d5233f", "sub": sub, "aud": "sts.amazonaws.com",
        "ref": "refs/tags/v1.2.3", "repository": "acme/acme-cli", "repository_owner": "acme",
        "repository_owner_id": "1001", "repository_id": "2002", "run_id": "37824901043",
        "actor": "octocat", "actor_id": "47575784", "workflow": "release",
        "job_workflow_ref": "acme/acme-cli/.github/workflows/release.yml@refs/tags/v1.2.3",
        "event_name": "push", "ref_type": "tag", "runner_environment": "github-hosted",
        "iss": format!("https://{GH}"), "nbf": 1_789_999_700i64, "exp": 1_790_000_300i64,
        "iat": 1_790_000_000i64, "padding": "x".repeat(padding),
    });
    format!(
        "{}.{}.{}",
        b64(br#"{"alg":"RS256","typ":"JWT","kid":"example"}"#),
        b64(claims.to_string().as_bytes()),
        b64(&[7; 256])
    )
}

const POLICY: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "Release", "Effect": "Allow",
     "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},
     "Action": "sts:AssumeRoleWithWebIdentity",
     "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"},
                   "StringLike": {"token.actions.githubusercontent.com:sub": "repo:acme/acme-cli:ref:refs/tags/v*"}}},
    {"Sid": "NoPullRequests", "Effect": "Deny",
     "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},
     "Action": "sts:AssumeRoleWithWebIdentity",
     "Condition": {"StringLike": {"token.actions.githubusercontent.com:sub": "*:pull_request"}}}
  ]
}"#;

fn policy_with(pattern: &str) -> String {
    POLICY.replace("repo:acme/acme-cli:ref:refs/tags/v*", pattern)
}

fn benches(c: &mut Criterion) {
    let token = github_token("repo:acme/acme-cli:ref:refs/tags/v1.2.3", 0);
    let providers = vec![ProviderConfig::new(GH, &["sts.amazonaws.com"])];
    let request = Request::new(&token, POLICY, providers.clone(), 1_790_000_100);
    assert!(analyze(&request).accepted);
    c.bench_function("analyze/github-example", |b| {
        b.iter(|| analyze(black_box(&request)));
    });
    let verdict_only = Request {
        lints: Some(false),
        ..request.clone()
    };
    c.bench_function("analyze/github-example-without-lints", |b| {
        b.iter(|| analyze(black_box(&verdict_only)));
    });

    let compiled = oidc_trust::api::Compiled::new(oidc_trust::api::CompileRequest {
        policy: Some(serde_json::Value::String(POLICY.to_owned())),
        providers: providers.clone(),
        ..oidc_trust::api::CompileRequest::default()
    });
    assert!(compiled.verdict(&token, 1_790_000_100).accepted);
    c.bench_function("compiled/verdict", |b| {
        b.iter(|| compiled.verdict(black_box(&token), 1_790_000_100));
    });

    let policy = parse_policy(POLICY).policy.unwrap();
    let claims = decode(&token).unwrap().claims;
    let call = CallContext {
        now: 1_790_000_100,
        federated_provider: ARN,
        ..CallContext::default()
    };
    let context = Context::new(GH, &claims, &call, ContextOptions::default());
    let req = EvalRequest {
        context: &context,
        action: "sts:AssumeRoleWithWebIdentity",
        principal: ARN,
        resource: None,
    };
    c.bench_function("evaluate/parsed-policy", |b| {
        b.iter(|| evaluate(black_box(&policy), black_box(&req)));
    });
    c.bench_function("evaluate/context-and-policy", |b| {
        b.iter(|| {
            let ctx = Context::new(GH, black_box(&claims), &call, ContextOptions::default());
            evaluate(
                &policy,
                &EvalRequest {
                    context: &ctx,
                    ..req
                },
            )
        });
    });

    let mut slow = c.benchmark_group("limits");
    slow.sample_size(10);
    let big_token = github_token("repo:acme/acme-cli:ref:refs/tags/v1.2.3", 1 << 20);
    let r = Request::new(&big_token, POLICY, providers.clone(), 1_790_000_100);
    slow.bench_function("analyze/1mb-token", |b| b.iter(|| analyze(black_box(&r))));
    let statements: Vec<String> = (0..6000)
        .map(|i| {
            format!(
                r#"{{"Sid":"S{i}","Effect":"Allow","Principal":{{"Federated":"{ARN}"}},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{{"StringLike":{{"{GH}:sub":"repo:acme/app-{i}:ref:refs/heads/*"}}}}}}"#
            )
        })
        .collect();
    let big_policy = format!(
        r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
        statements.join(",")
    );
    let r = Request::new(&token, &big_policy, providers.clone(), 1_790_000_100);
    slow.bench_function("analyze/1mb-policy", |b| b.iter(|| analyze(black_box(&r))));
    let long = github_token(&format!("repo:acme/{}", "a".repeat(100_000)), 0);
    let r = Request::new(
        &long,
        &policy_with(&"*".repeat(10_000)),
        providers.clone(),
        1_790_000_100,
    );
    slow.bench_function("analyze/10k-stars-100kb-subject", |b| {
        b.iter(|| analyze(black_box(&r)));
    });
    let hostile = format!("{}b", "*a".repeat(5_000));
    let r = Request::new(
        &long,
        &policy_with(&hostile),
        providers.clone(),
        1_790_000_100,
    );
    slow.bench_function("analyze/5k-segment-pattern-100kb-subject", |b| {
        b.iter(|| analyze(black_box(&r)));
    });
    // 10,000 statements (the allowing one last), 100,000 claims, a million-deep policy.
    let statements: Vec<String> = (0..10_000)
        .map(|i| {
            let repo = if i == 9_999 { "acme-cli".to_owned() } else { format!("other-{i}") };
            format!(
                r#"{{"Effect":"Allow","Principal":{{"Federated":"{ARN}"}},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{{"StringLike":{{"{GH}:sub":"repo:acme/{repo}:*"}}}}}}"#
            )
        })
        .collect();
    let ten_thousand = format!(
        r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
        statements.join(",")
    );
    let r = Request::new(&token, &ten_thousand, providers.clone(), 1_790_000_100);
    slow.bench_function("analyze/10k-statements", |b| {
        b.iter(|| analyze(black_box(&r)));
    });
    let mut claims = serde_json::Map::new();
    for i in 0..100_000 {
        claims.insert(format!("claim_{i}"), format!("value {i}").into());
    }
    claims.insert("iss".into(), format!("https://{GH}").into());
    claims.insert("aud".into(), "sts.amazonaws.com".into());
    claims.insert(
        "sub".into(),
        "repo:acme/acme-cli:ref:refs/tags/v1.2.3".into(),
    );
    claims.insert("exp".into(), 1_790_000_300i64.into());
    let many = serde_json::Value::Object(claims).to_string();
    let r = Request::new(&many, POLICY, providers.clone(), 1_790_000_100);
    slow.bench_function("analyze/100k-claims", |b| b.iter(|| analyze(black_box(&r))));
    let r = Request::new(
        &token,
        &"[".repeat(1_000_000),
        providers.clone(),
        1_790_000_100,
    );
    slow.bench_function("analyze/1m-deep-policy", |b| {
        b.iter(|| analyze(black_box(&r)));
    });
    // The GitHub example analysed 64 times, on one thread and on four.
    let r = Request::new(&token, POLICY, providers, 1_790_000_100);
    slow.bench_function("analyze/64-requests-1-thread", |b| {
        b.iter(|| (0..64).filter(|_| analyze(black_box(&r)).accepted).count());
    });
    slow.bench_function("analyze/64-requests-4-threads", |b| {
        b.iter(|| {
            std::thread::scope(|s| {
                let hs: Vec<_> = (0..4)
                    .map(|_| {
                        s.spawn(|| (0..16).filter(|_| analyze(black_box(&r)).accepted).count())
                    })
                    .collect();
                hs.into_iter()
                    .map(|h| h.join().unwrap_or_default())
                    .sum::<usize>()
            })
        });
    });
    slow.finish();
}

criterion_group!(analysis, benches);
criterion_main!(analysis);
