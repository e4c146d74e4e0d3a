//! The CLI scan's prefilter never drops a role that `analyze` accepts (issue 12, item 2):
//! generated trust policies become the roles of an account export, a generated token is
//! scanned against it with `oidc-trust scan --json`, and every role is also analysed alone
//! with what the scan knows (the token, the policy, a provider for the token's issuer that
//! takes its audience (`azp` when it has one), the time, the role's account). Every role
//! `analyze` accepts is listed as assumable. (The other way round is not asked: the scan
//! reports an expired token's roles, by design.)
//!
//! Tokens of AWS's built-in providers (Google, Cognito) are included: this test found that
//! `scan` did not read a `Federated` principal naming a built-in provider
//! (`accounts.google.com`); it does now (`built_in_provider_roles_are_listed_by_scan`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is a test failure"
)]

use std::path::PathBuf;

use oidc_trust_proof::grammar::{self, ACCOUNT, Plan};
use proptest::prelude::*;
use serde_json::{Value, json};

/// A scratch folder for one case's files.
fn scratch(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "oidc-trust-proof-scan-{}-{tag}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The roles' trust policies: each plan's statements, rendered against `world`'s keys.
fn policies(world: &Plan, others: &[Plan]) -> Vec<Value> {
    others
        .iter()
        .map(|p| {
            Plan {
                world: world.world.clone(),
                ..p.clone()
            }
            .policy()
        })
        .collect()
}

fn export(policies: &[Value]) -> Value {
    let roles: Vec<Value> = policies
        .iter()
        .enumerate()
        .map(|(i, doc)| {
            json!({
                "Path": "/", "RoleName": format!("role-{i}"), "RoleId": format!("AROA{i:016}"),
                "Arn": format!("arn:aws:iam::{ACCOUNT}:role/role-{i}"),
                "CreateDate": "2024-01-01T00:00:00Z",
                "AssumeRolePolicyDocument": doc,
                "InstanceProfileList": [], "RolePolicyList": [], "AttachedManagedPolicies": [], "Tags": []
            })
        })
        .collect();
    json!({"UserDetailList": [], "GroupDetailList": [], "RoleDetailList": roles, "Policies": []})
}

/// The role names `scan --json` lists as assumable for the one token.
fn scanned(dir: &std::path::Path, export: &Value, token: &str, now: i64) -> Vec<String> {
    let (export_file, token_file) = (dir.join("roles.json"), dir.join("token.txt"));
    std::fs::write(&export_file, export.to_string()).unwrap();
    std::fs::write(&token_file, token).unwrap();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let args = [
        "oidc-trust".to_owned(),
        "scan".to_owned(),
        export_file.to_string_lossy().into_owned(),
        "--token".to_owned(),
        token_file.to_string_lossy().into_owned(),
        "--now".to_owned(),
        now.to_string(),
        "--json".to_owned(),
        "--quiet".to_owned(),
    ];
    let status = oidc_trust_cli::run(args, &mut out, &mut err);
    assert!(
        status == 0 || status == 1,
        "scan exited {status}: {}",
        String::from_utf8_lossy(&err)
    );
    let summary: Value = serde_json::from_slice(&out).unwrap();
    summary["tokens"][0]["assumable"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap().to_owned())
        .collect()
}

/// What `analyze` says of one role with what the scan knows.
fn accepted(claims: &Value, token: &str, policy: &Value, now: i64) -> bool {
    let iss = claims["iss"].as_str().unwrap_or_default();
    // "Whatever the token has": the audience STS checks, `azp` when the token has one.
    let auds: Vec<Value> = match (&claims["azp"], &claims["aud"]) {
        (Value::String(azp), _) => vec![Value::String(azp.clone())],
        (_, Value::Array(a)) => a.clone(),
        (_, Value::Null) => vec![],
        (_, one) => vec![one.clone()],
    };
    let url = if iss.starts_with("https://") {
        iss.to_owned()
    } else {
        format!("https://{iss}")
    };
    let request = json!({
        "token": token, "policy": policy, "now": now, "account": ACCOUNT,
        "providers": [{"url": url, "clientIds": auds}],
        "lints": false,
    });
    let r: oidc_trust::Request = serde_json::from_value(request).unwrap();
    oidc_trust::analyze(&r).accepted
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 120, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn the_prefilter_never_drops_a_role_analyze_accepts(
        world in grammar::plan(),
        others in prop::collection::vec(grammar::plan(), 1..7),
    ) {
        let dir = scratch("prop");
        let docs = policies(&world, &others);
        let token = world.token_text();
        let claims = world.world.claims();
        let now = world.world.now();
        let listed = scanned(&dir, &export(&docs), &token, now);
        for (i, doc) in docs.iter().enumerate() {
            let name = format!("role-{i}");
            if accepted(&claims, &token, doc, now) {
                prop_assert!(
                    listed.contains(&name),
                    "{}: analyze accepts the token, scan does not list the role\npolicy: {}\ntoken: {}",
                    name,
                    doc,
                    token
                );
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// The property is not vacuous: generated exports have roles the scan lists.
#[test]
fn generated_exports_have_assumable_roles() {
    use proptest::strategy::{Strategy, ValueTree};
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let dir = scratch("reach");
    let mut listed = 0;
    for _ in 0..60 {
        let world: Plan = grammar::plan().new_tree(&mut runner).unwrap().current();
        let others: Vec<Plan> = (0..6)
            .map(|_| grammar::plan().new_tree(&mut runner).unwrap().current())
            .collect();
        let docs = policies(&world, &others);
        listed += scanned(&dir, &export(&docs), &world.token_text(), world.world.now()).len();
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(listed > 20, "assumable roles listed: {listed}");
}

/// A role trusting Google by its built-in name (no IAM OIDC provider) is accepted by
/// `analyze` and listed by `scan`.
#[test]
fn built_in_provider_roles_are_listed_by_scan() {
    let dir = scratch("google");
    let claims = json!({"iss": "https://accounts.google.com", "aud": "app.apps.googleusercontent.com",
        "azp": "app.apps.googleusercontent.com", "sub": "1234567890", "iat": 1_789_999_940, "exp": 1_790_000_600});
    let policy = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"Federated": "accounts.google.com"}, "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {"StringEquals": {"accounts.google.com:aud": "app.apps.googleusercontent.com"}}}]});
    let token = claims.to_string();
    assert!(accepted(&claims, &token, &policy, 1_790_000_000));
    let listed = scanned(
        &dir,
        &export(std::slice::from_ref(&policy)),
        &token,
        1_790_000_000,
    );
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(listed, ["role-0"], "the role trusting accounts.google.com");
}
