//! A synthetic export and tokens, for benchmarks and tests: `roles` roles (most trusting
//! GitHub with a mix of `sub` patterns, some GitLab, some services, a few wide open) and
//! `tokens` GitHub tokens as claims.

use serde_json::json;

#[cfg(test)]
use crate::input::Source;

/// The export as `get-account-authorization-details` JSON text.
pub fn export(roles: usize) -> String {
    let gh = "token.actions.githubusercontent.com";
    let list: Vec<serde_json::Value> = (0..roles)
        .map(|i| {
            let repo = format!("acme/repo-{}", i % 2000);
            let condition = match i % 10 {
                0..=2 => json!({
                    "StringEquals": {format!("{gh}:aud"): "sts.amazonaws.com"},
                    "StringLike": {format!("{gh}:sub"): format!("repo:{repo}:*")}
                }),
                3 | 4 => json!({
                    "StringEquals": {
                        format!("{gh}:aud"): "sts.amazonaws.com",
                        format!("{gh}:sub"): [format!("repo:{repo}:ref:refs/heads/main"), format!("repo:{repo}:environment:prod")]
                    }
                }),
                5 => json!({
                    "StringLike": {format!("{gh}:sub"): format!("repo:{repo}:ref:refs/tags/v?.*")},
                    "StringEquals": {format!("{gh}:aud"): "sts.amazonaws.com"}
                }),
                6 => json!({
                    "StringEquals": {format!("{gh}:aud"): "sts.amazonaws.com", format!("{gh}:repository"): repo},
                }),
                7 => json!({
                    "StringLike": {"gitlab.com:sub": format!("project_path:acme/p{i}:ref_type:branch:ref:*")},
                }),
                _ => serde_json::Value::Null,
            };
            let doc = match i % 10 {
                8 => json!({"Version": "2012-10-17", "Statement": [{
                    "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                    "Action": "sts:AssumeRole"}]}),
                9 => json!({"Version": "2012-10-17", "Statement": [{
                    "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
                    "Action": "sts:AssumeRole"}]}),
                7 => json!({"Version": "2012-10-17", "Statement": [{
                    "Effect": "Allow",
                    "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/gitlab.com"},
                    "Action": "sts:AssumeRoleWithWebIdentity", "Condition": condition}]}),
                _ => json!({"Version": "2012-10-17", "Statement": [{
                    "Effect": "Allow",
                    "Principal": {"Federated": format!("arn:aws:iam::123456789012:oidc-provider/{gh}")},
                    "Action": "sts:AssumeRoleWithWebIdentity", "Condition": condition}]}),
            };
            json!({
                "Path": "/", "RoleName": format!("role-{i}"), "RoleId": format!("AROA{i:016}"),
                "Arn": format!("arn:aws:iam::123456789012:role/role-{i}"),
                "CreateDate": "2024-01-01T00:00:00Z",
                "AssumeRolePolicyDocument": doc,
                "InstanceProfileList": [], "RolePolicyList": [], "AttachedManagedPolicies": [],
                "Tags": []
            })
        })
        .collect();
    json!({"UserDetailList": [], "GroupDetailList": [], "RoleDetailList": list, "Policies": []})
        .to_string()
}

/// `n` GitHub tokens (claims), as a JSON array.
pub fn tokens(n: usize) -> String {
    let list: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            let sub = match i % 4 {
                0 => format!("repo:acme/repo-{}:ref:refs/heads/main", i * 7 % 2000),
                1 => format!("repo:acme/repo-{}:environment:prod", i * 13 % 2000),
                2 => format!("repo:acme/repo-{}:ref:refs/tags/v1.2", i * 3 % 2000),
                _ => format!("repo:acme/repo-{}:pull_request", i * 11 % 2000),
            };
            json!({
                "iss": "https://token.actions.githubusercontent.com",
                "aud": "sts.amazonaws.com",
                "sub": sub,
                "repository": format!("acme/repo-{}", i * 7 % 2000),
                "exp": 1_790_000_240, "iat": 1_789_999_940
            })
        })
        .collect();
    serde_json::Value::Array(list).to_string()
}

/// `text` as a file named `export.json`, for the unit tests.
#[cfg(test)]
pub(super) fn source(text: String) -> Source {
    Source {
        name: "export.json".to_owned(),
        path: None,
        text,
    }
}
