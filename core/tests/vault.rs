//! The `vault` target through the public API: generated roles log their token in and refuse
//! their neighbours, the role lint entry point, located reading errors, and Vault's glob
//! against the reference algorithm (ryanuber/go-glob) on generated inputs.
#![cfg(feature = "vault")]
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "test code: a panic is a test failure"
)]

use oidc_trust::api::{
    AnyAnalysis, VaultRequest, analyze_any_json, analyze_vault, analyze_vault_json,
    generate_vault_json, lint_vault_json,
};
use oidc_trust::explain::VerdictState;
use serde_json::{Value, json};

const NOW: i64 = 1_790_000_000;

fn github(sub: &str, repository_id: &str) -> Value {
    json!({
        "iss": "https://token.actions.githubusercontent.com",
        "aud": "https://github.com/octo-org",
        "sub": sub,
        "iat": NOW - 10, "exp": NOW + 290,
        "repository": "octo-org/app", "repository_id": repository_id,
        "repository_owner": "octo-org", "repository_owner_id": "123456",
        "ref": "refs/heads/main"
    })
}

fn gitlab(sub: &str, project_id: &str) -> Value {
    json!({
        "iss": "https://gitlab.com", "aud": "https://vault.example.com", "sub": sub,
        "iat": NOW - 10, "exp": NOW + 290,
        "project_id": project_id, "project_path": "acme/infra", "ref": "main", "ref_type": "branch"
    })
}

/// Whether Vault logs `claims` in with the generated role and configuration.
fn logs_in(generated: &Value, claims: &Value) -> bool {
    let request = VaultRequest {
        claims: Some(claims.clone()),
        role: Some(generated["role"].clone()),
        config: Some(generated["config"].clone()),
        role_name: Some("ci".to_owned()),
        now: NOW,
        ..VaultRequest::default()
    };
    analyze_vault(&request).accepted
}

fn generate(claims: &Value, scope: &str) -> Value {
    let request = json!({"claims": claims, "scope": scope, "policies": ["deploy"]});
    serde_json::to_value(generate_vault_json(&request.to_string())).unwrap()
}

#[test]
fn generated_github_role_takes_its_token_and_refuses_neighbours() {
    let main = github("repo:octo-org/app:ref:refs/heads/main", "7891011");
    let g = generate(&main, "exact");
    assert_eq!(g["verified"], true, "{g:#}");
    assert_eq!(
        g["diagnostics"],
        json!([]),
        "the generated role lints clean"
    );
    assert_eq!(g["role"]["bound_claims"]["repository_id"], "7891011");
    assert!(
        g["commands"]
            .as_str()
            .unwrap()
            .contains("vault write auth/jwt/role/ci")
    );
    assert!(logs_in(&g, &main));
    // Another branch of the same repository.
    assert!(!logs_in(
        &g,
        &github("repo:octo-org/app:ref:refs/heads/dev", "7891011")
    ));
    // The same name, re-created (another id).
    assert!(!logs_in(
        &g,
        &github("repo:octo-org/app:ref:refs/heads/main", "999")
    ));
    // Another audience.
    let mut other_aud = main.clone();
    other_aud["aud"] = json!("sts.amazonaws.com");
    assert!(!logs_in(&g, &other_aud));
}

#[test]
fn generated_repository_role_takes_every_ref_of_that_repository_only() {
    let main = github("repo:octo-org/app:ref:refs/heads/main", "7891011");
    let g = generate(&main, "repository");
    assert_eq!(g["verified"], true, "{g:#}");
    assert!(g["role"]["bound_claims"].get("sub").is_none());
    assert!(logs_in(
        &g,
        &github("repo:octo-org/app:ref:refs/tags/v1", "7891011")
    ));
    assert!(!logs_in(
        &g,
        &github("repo:octo-org/app:ref:refs/heads/main", "42")
    ));
}

#[test]
fn generated_gitlab_role_pins_the_project_id_as_a_string() {
    let t = gitlab("project_path:acme/infra:ref_type:branch:ref:main", "20");
    let g = generate(&t, "exact");
    assert_eq!(g["verified"], true, "{g:#}");
    assert_eq!(g["role"]["bound_claims"]["project_id"], json!("20"));
    assert!(!logs_in(
        &g,
        &gitlab("project_path:acme/infra:ref_type:branch:ref:main", "21")
    ));
}

#[test]
fn generate_without_a_token_says_why() {
    let g = serde_json::to_value(generate_vault_json(r#"{"policies": []}"#)).unwrap();
    assert_eq!(g["role"], Value::Null);
    assert_eq!(g["diagnostics"][0]["code"], "invalid-request");
    let g = serde_json::to_value(generate_vault_json("{")).unwrap();
    assert_eq!(g["diagnostics"][0]["code"], "invalid-request");
}

#[test]
fn lint_entry_point_reports_reader_and_lint_findings_located() {
    let role = r#"{
  "data": {
    "role_type": "jwt",
    "bound_issuer": "https://token.actions.githubusercontent.com",
    "bound_claims_type": "glob",
    "bound_claims": {"sub": "repo:octo-org/*"},
    "user_claim": "sub"
  }
}"#;
    let request = json!({ "role": role });
    let out = serde_json::to_value(lint_vault_json(&request.to_string())).unwrap();
    let codes: Vec<&str> = out["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        [
            "vault-config-field-on-role",
            "vault-missing-bound-audiences",
            "vault-glob-over-repository"
        ]
    );
    let glob = &out["diagnostics"][2];
    assert_eq!(glob["pointer"], "/data/bound_claims/sub");
    assert_eq!(glob["span"]["line"], 6);
    let issuer = &out["diagnostics"][0];
    assert_eq!(issuer["span"]["line"], 4);
}

#[test]
fn a_role_without_user_claim_is_one_vault_does_not_store() {
    let request = json!({
        "now": NOW,
        "claims": github("repo:octo-org/app:ref:refs/heads/main", "1"),
        "role": {"role_type": "jwt", "bound_audiences": ["https://github.com/octo-org"], "bound_claims": {"repository_id": "1"}}
    });
    let a = analyze_vault_json(&request.to_string());
    assert_eq!(a.state, VerdictState::Undecided, "{}", a.summary);
    assert!(
        a.summary
            .contains("a user claim must be defined on the role"),
        "{}",
        a.summary
    );
}

#[test]
fn unreadable_role_is_a_located_error_and_no_verdict() {
    let request = json!({
        "now": NOW,
        "claims": github("repo:octo-org/app:ref:refs/heads/main", "1"),
        "role": "{\n  \"data\": {\n    \"bound_claims\": [\"sub\"],\n    \"user_claim\": \"sub\", \"bound_audiences\": [\"https://github.com/octo-org\"]\n  }\n}"
    });
    let a = analyze_vault_json(&request.to_string());
    assert_eq!(a.state, VerdictState::Undecided, "{}", a.summary);
    assert_eq!(a.error, None);
    let d = a
        .diagnostics
        .iter()
        .find(|d| d.code == "invalid-vault-role")
        .unwrap();
    assert_eq!(d.pointer.as_deref(), Some("/data/bound_claims"));
    assert_eq!(d.span.map(|s| s.line), Some(3));
}

#[test]
fn the_request_names_the_target() {
    let request = json!({
        "target": "vault",
        "now": NOW,
        "claims": github("repo:octo-org/app:ref:refs/heads/main", "1"),
        "role": {"role_type": "jwt", "user_claim": "sub", "bound_audiences": ["https://github.com/octo-org"], "bound_claims": {"repository_id": "1"}}
    });
    let a = analyze_any_json(&request.to_string());
    assert!(matches!(a, AnyAnalysis::Vault(_)));
    assert!(a.accepted());
    let wrong = analyze_any_json(r#"{"target": "vault", "now": 0, "policy": {}}"#);
    let AnyAnalysis::Vault(w) = wrong else {
        panic!("a vault request gets a vault answer")
    };
    assert_eq!(w.diagnostics[0].code, "invalid-request");
    assert!(w.diagnostics[0].message.contains("unknown field `policy`"));
    let unknown =
        serde_json::to_value(analyze_any_json(r#"{"target": "mainframe", "now": 0}"#)).unwrap();
    assert!(
        unknown["summary"].as_str().unwrap().contains("`vault`"),
        "{unknown}"
    );
}

/// ryanuber/go-glob's `Glob`, transcribed (the reference's section 3.3).
fn go_glob(pattern: &str, subj: &str) -> bool {
    if pattern.is_empty() {
        return subj == pattern;
    }
    if pattern == "*" {
        return true;
    }
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return subj == pattern;
    }
    let leading = pattern.starts_with('*');
    let trailing = pattern.ends_with('*');
    let end = parts.len() - 1;
    let mut s = subj;
    for (i, part) in parts[..end].iter().enumerate() {
        let idx = s.find(part);
        match i {
            0 if !leading && idx != Some(0) => return false,
            _ if idx.is_none() => return false,
            _ => {}
        }
        s = &s[idx.unwrap() + part.len()..];
    }
    trailing || s.ends_with(parts[end])
}

#[test]
fn vault_glob_is_go_glob() {
    let alphabet = ["a", "b", "*", "/", ":", "?"];
    let mut words = vec![String::new()];
    for _ in 0..3 {
        let next: Vec<String> = words
            .iter()
            .flat_map(|w| alphabet.iter().map(move |c| format!("{w}{c}")))
            .collect();
        words.extend(next);
        words.sort();
        words.dedup();
    }
    let subjects: Vec<&String> = words.iter().filter(|w| !w.contains('*')).collect();
    let mut compared = 0;
    for p in &words {
        for s in &subjects {
            let request = json!({
                "now": NOW,
                "claims": {"iss": "x", "iat": NOW, "sub": "s", "c": s},
                "role": {"role_type": "jwt", "user_claim": "sub", "bound_claims_type": "glob", "bound_claims": {"c": p}}
            });
            let a = analyze_vault_json(&request.to_string());
            assert_eq!(a.accepted, go_glob(p, s), "pattern {p:?} against {s:?}");
            compared += 1;
        }
    }
    assert!(compared > 30_000, "{compared}");
}
