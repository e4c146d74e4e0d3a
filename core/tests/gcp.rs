//! Google Cloud through the public API: the condition's clause-by-clause trace, hints,
//! `analyze_any_json` with `"target": "gcp"`, lint and generate entry points, and that
//! anything outside the modelled CEL is a located diagnostic with no verdict.
#![cfg(feature = "gcp")]
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is a test failure"
)]

use oidc_trust::api::{
    AnyAnalysis, CelOutcome, GcpStage, StageStatus, Target, VerdictState, analyze_any_json,
    analyze_gcp_json, generate_gcp_json, lint_gcp_json,
};
use serde_json::{Value, json};

const NAME: &str =
    "projects/123456789012/locations/global/workloadIdentityPools/github/providers/gh";

fn claims(owner: &str, owner_id: &str) -> Value {
    json!({
        "iss": "https://token.actions.githubusercontent.com",
        "aud": format!("https://iam.googleapis.com/{NAME}"),
        "sub": format!("repo:{owner}/app:ref:refs/heads/main"),
        "repository": format!("{owner}/app"),
        "repository_id": "707088626",
        "repository_owner": owner,
        "repository_owner_id": owner_id,
        "ref": "refs/heads/main",
        "iat": 1_790_000_000,
        "exp": 1_790_000_300,
    })
}

fn request(claims: &Value, condition: &str) -> String {
    json!({
        "target": "gcp",
        "claims": claims,
        "provider": {
            "name": NAME,
            "state": "ACTIVE",
            "attributeMapping": {"google.subject": "assertion.sub", "attribute.repository": "assertion.repository"},
            "attributeCondition": condition,
            "oidc": {"issuerUri": "https://token.actions.githubusercontent.com"},
        },
        "now": 1_790_000_100,
    })
    .to_string()
}

fn gcp(a: AnyAnalysis) -> oidc_trust::api::GcpAnalysis {
    match a {
        AnyAnalysis::Gcp(g) => g,
        other => panic!("answered as {:?}", other.target()),
    }
}

#[test]
fn the_condition_is_traced_clause_by_clause() {
    let a = gcp(analyze_any_json(&request(
        &claims("acme-attacker", "99"),
        "assertion.repository_owner == 'acme' || (assertion.repository_owner_id == '1342004' && assertion.ref.startsWith('refs/heads/'))",
    )));
    assert!(!a.accepted);
    assert_eq!(a.state, VerdictState::Refused);
    assert_eq!(a.stage, GcpStage::Condition);
    let error = a.error.unwrap();
    assert_eq!(error.code, "unauthorized_client");
    assert_eq!(
        error.message,
        "The given credential is rejected by the attribute condition."
    );
    let root = a.trace.condition.unwrap();
    assert_eq!(root.outcome, CelOutcome::False);
    // `||` of a clause and an `&&`: every clause of a false `||` decided it.
    assert_eq!(root.clauses.len(), 2);
    let owner = &root.clauses[0];
    assert_eq!(owner.text, "assertion.repository_owner == 'acme'");
    assert_eq!(owner.outcome, CelOutcome::False);
    assert!(owner.decisive);
    assert_eq!(owner.operands[0].value.as_deref(), Some("'acme-attacker'"));
    let near = owner.near_miss.as_ref().unwrap();
    assert_eq!(
        (near.value.as_str(), near.found.as_str()),
        ("acme", "-attacker")
    );
    let and = &root.clauses[1];
    assert_eq!(and.clauses.len(), 2);
    assert_eq!(and.clauses[0].outcome, CelOutcome::False);
    assert!(and.clauses[0].decisive);
    assert_eq!(and.clauses[1].outcome, CelOutcome::True);
    assert!(
        !and.clauses[1].decisive,
        "a true clause of a false `&&` did not decide it"
    );
    // The span points into the provider text at the clause.
    assert!(owner.span.column > 1);
    assert!(a.summary.contains("`assertion.repository_owner == 'acme'` is false (`assertion.repository_owner` is `'acme-attacker'`)"), "{}", a.summary);
    assert!(a.hints.iter().any(|h| h.code == "condition-clause-false"
        && h.closest.as_deref() == Some("acme")
        && h.request_value.as_deref() == Some("acme-attacker")));
    let condition = a
        .stages
        .iter()
        .find(|s| s.stage == GcpStage::Condition)
        .unwrap();
    assert_eq!(condition.status, StageStatus::Failed);
    let binding = a
        .stages
        .iter()
        .find(|s| s.stage == GcpStage::Binding)
        .unwrap();
    assert_eq!(binding.status, StageStatus::NotReached);
}

#[test]
fn the_right_owner_passes_and_the_answer_is_tagged() {
    let any = analyze_any_json(&request(
        &claims("acme", "1342004"),
        "assertion.repository_owner_id == '1342004'",
    ));
    assert_eq!(any.target(), Target::Gcp);
    assert!(any.accepted());
    let v = serde_json::to_value(&any).unwrap();
    assert_eq!(v["target"], "gcp");
    assert_eq!(v["stage"], "condition");
    assert_eq!(
        v["trace"]["identity"]["subject"],
        "repo:acme/app:ref:refs/heads/main"
    );
    assert_eq!(v["stages"].as_array().unwrap().len(), 9);
    assert_eq!(Target::named("gcp"), Some(Target::Gcp));
}

#[test]
fn outside_the_modelled_language_is_undecided_and_located() {
    for condition in [
        "assertion.repository.matches('\\\\p{Greek}')",
        "assertion.sub.base64Decode() == ''",
        "assertion.repository_owner == 'x' || assertion.repository.matches('\\\\pL')",
    ] {
        let a = gcp(analyze_any_json(&request(
            &claims("acme", "1342004"),
            condition,
        )));
        assert_eq!(
            a.state,
            VerdictState::Undecided,
            "{condition}: {}",
            a.summary
        );
        assert!(!a.accepted);
        assert!(
            a.error.is_none(),
            "{condition}: no Google error is invented"
        );
        let d = a
            .diagnostics
            .iter()
            .find(|d| d.code == "unsupported-cel")
            .unwrap();
        assert_eq!(d.pointer.as_deref(), Some("/attributeCondition"));
        assert!(d.span.is_some());
    }
    // `false && <unsupported>` is false whatever the unsupported side is: a verdict.
    let a = gcp(analyze_any_json(&request(
        &claims("acme", "1342004"),
        "assertion.repository_owner == 'x' && assertion.repository.matches('\\\\pL')",
    )));
    assert_eq!(a.state, VerdictState::Refused);
}

#[test]
fn a_bad_request_is_a_gcp_answer() {
    let a = gcp(analyze_any_json(
        r#"{"target": "gcp", "now": 0, "provider": 3, "bogus": 1}"#,
    ));
    assert_eq!(a.stage, GcpStage::Request);
    assert_eq!(a.diagnostics[0].code, "invalid-request");
    let a = analyze_gcp_json("{");
    assert_eq!(a.state, VerdictState::Undecided);
}

#[test]
fn generation_round_trips() {
    let token = claims("acme", "1342004");
    let r = generate_gcp_json(&json!({"claims": token, "providerName": NAME}).to_string());
    assert!(r.verified, "{:?}", r.notes);
    let condition = r.condition.clone().unwrap();
    assert!(
        condition.contains("assertion.repository_owner_id == '1342004'"),
        "{condition}"
    );
    assert!(
        condition.contains("assertion.repository_id == '707088626'"),
        "{condition}"
    );
    let request = |c: &Value| {
        json!({"target": "gcp", "claims": c, "provider": r.provider, "policy": r.policy, "now": 1_790_000_100}).to_string()
    };
    let ok = gcp(analyze_any_json(&request(&token)));
    assert_eq!(ok.state, VerdictState::Accepted, "{}", ok.summary);
    assert_eq!(ok.stage, GcpStage::Binding);
    let other = gcp(analyze_any_json(&request(&claims("acme-attacker", "99"))));
    assert!(!other.accepted);
    assert_eq!(other.stage, GcpStage::Condition);
    let lints = lint_gcp_json(&json!({"provider": r.provider, "policy": r.policy}).to_string());
    assert!(lints.diagnostics.is_empty(), "{:?}", lints.diagnostics);
}

/// Repository-wide, without the repository's id: the exact subject is bound, and a note
/// says the repository's other refs are not granted.
#[test]
fn repository_scope_without_a_repository_id_says_so() {
    let mut token = claims("acme", "1342004");
    token.as_object_mut().unwrap().remove("repository_id");
    let r = generate_gcp_json(
        &json!({"claims": token, "providerName": NAME, "scope": "repository"}).to_string(),
    );
    assert!(
        r.member.as_deref().unwrap().contains("/subject/repo:"),
        "{:?}",
        r.member
    );
    assert!(
        r.notes
            .iter()
            .any(|n| n.contains("no `repository_id` claim")
                && n.contains("other refs are not granted")),
        "{:?}",
        r.notes
    );
    // With the id, no such note: the binding names the repository.
    let r = generate_gcp_json(
        &json!({"claims": claims("acme", "1342004"), "providerName": NAME, "scope": "repository"})
            .to_string(),
    );
    assert!(
        r.notes
            .iter()
            .all(|n| !n.contains("other refs are not granted")),
        "{:?}",
        r.notes
    );
}

#[test]
fn lint_entry_point() {
    let r = lint_gcp_json(
        &json!({"provider": {"name": NAME, "attributeMapping": {"google.subject": "assertion.sub"}, "oidc": {"issuerUri": "https://token.actions.githubusercontent.com"}}})
            .to_string(),
    );
    assert!(
        r.diagnostics
            .iter()
            .any(|d| d.code == "missing-attribute-condition")
    );
    let bad = lint_gcp_json("[]");
    assert_eq!(bad.diagnostics[0].code, "invalid-request");
}
