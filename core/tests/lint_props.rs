//! Property tests: the provider parsers, the lints, the hints and the generator never panic,
//! whatever the subject, pattern or key, and parsed fields point at their text.
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is a test failure"
)]

use oidc_trust::providers::{self, Platform};
use proptest::prelude::*;
use serde_json::json;

const PLATFORMS: [Platform; 8] = [
    Platform::GitHub,
    Platform::GitLab,
    Platform::CircleCi,
    Platform::Bitbucket,
    Platform::Terraform,
    Platform::Buildkite,
    Platform::Eks,
    Platform::Generic,
];

/// Strings made of the pieces subjects and patterns are made of.
fn pieces() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec![
            ":",
            "/",
            "*",
            "?",
            "@",
            "{",
            "}",
            "repo",
            "octo",
            "123",
            "ref",
            "refs/heads/",
            "refs/tags/",
            "pull_request",
            "environment",
            "project_path",
            "project_id",
            "ref_type",
            "branch",
            "tag",
            "org",
            "project",
            "user",
            "organization",
            "workspace",
            "run_phase",
            "plan",
            "system:serviceaccount:",
            "${*}",
            "${",
            "é",
            "",
            " ",
            "%3A",
        ]),
        0..24,
    )
    .prop_map(|v| v.concat())
}

fn policy(key: &str, op: &str, value: &str, gh: &str) -> String {
    json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": {"Federated": format!("arn:aws:iam::123456789012:oidc-provider/{gh}")},
            "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": {op: {key: value}},
        }],
    })
    .to_string()
}

proptest! {
    #[test]
    fn parsers_never_panic_and_fields_point_at_their_text(sub in pieces()) {
        for p in PLATFORMS {
            if let Ok(s) = providers::parse_subject(p, &sub) {
                for f in &s.fields {
                    prop_assert_eq!(sub.get(f.start..f.end), Some(f.value));
                }
                let fields: Vec<(&str, &str)> =
                    s.fields.iter().map(|f| (f.name, f.value)).collect();
                let _ = providers::build_subject(p, &fields);
            }
        }
        let _ = providers::recognise(&sub, Some(&sub));
    }

    #[test]
    fn lints_hints_and_generation_never_panic(
        sub in pieces(),
        pattern in pieces(),
        issuer in prop::sample::select(vec![
            "token.actions.githubusercontent.com", "gitlab.com", "app.terraform.io",
            "oidc.circleci.com/org/o", "agent.buildkite.com", "idp.example.com/",
            "api.bitbucket.org/2.0/workspaces/w/pipelines-config/identity/oidc",
            "oidc.eks.us-east-1.amazonaws.com/id/X",
        ]),
        op in prop::sample::select(vec![
            "StringLike", "StringEquals", "StringNotLike", "ForAllValues:StringLike",
            "StringEqualsIfExists", "StringEqualsIgnoreCase",
        ]),
        claim in prop::sample::select(vec!["sub", "aud", "iss", "environment", "project_id"]),
    ) {
        let key = format!("{issuer}:{claim}");
        let text = policy(&key, op, &pattern, issuer);
        let _ = oidc_trust::lint_policy(&text, Some(issuer));
        let claims = json!({
            "iss": format!("https://{issuer}"), "aud": "sts.amazonaws.com", "sub": sub,
            "exp": 1_790_000_300, "iat": 1_790_000_000, "environment": pattern.clone(),
        });
        let request = json!({
            "claims": claims.clone(), "policy": text,
            "providers": [{"url": issuer, "clientIds": ["sts.amazonaws.com"]}],
            "now": 1_790_000_100,
        });
        let a = oidc_trust::analyze_json(&request.to_string());
        for h in &a.hints {
            prop_assert!(!h.message.is_empty() && !h.fix.is_empty());
        }
        let g = oidc_trust::generate_policy(&oidc_trust::GenerateRequest {
            claims: Some(claims),
            ..oidc_trust::GenerateRequest::default()
        });
        if g.policy.is_some() && !sub.is_empty() {
            prop_assert_eq!(g.verified, Some(true), "{:?}", g.policy_text);
        }
    }
}
