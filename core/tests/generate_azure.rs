//! Generated Entra ID credentials, proven through the JSON interface: each admits the token
//! it was written for, refuses its neighbours (another branch, a pull request, a recreated
//! repository) and raises no warning-level lint; the lint entry point reads every shape.
#![cfg(feature = "azure")]
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is a test failure"
)]

use oidc_trust::Severity;
use oidc_trust::api::{analyze_azure_json, generate_azure_json, lint_azure_json};
use serde_json::{Value, json};

const NOW: i64 = 1_790_000_000;
const GH: &str = "https://token.actions.githubusercontent.com";

fn github(sub: &str, repository_id: &str) -> Value {
    json!({"iss": GH, "aud": "api://AzureADTokenExchange", "sub": sub, "repository_id": repository_id,
           "repository_owner_id": "123456", "iat": NOW - 10, "exp": NOW + 290})
}

fn accepts(credential: &str, claims: &Value) -> bool {
    let request = json!({"claims": claims, "credentials": credential, "now": NOW});
    analyze_azure_json(&request.to_string()).accepted
}

#[test]
fn generated_credentials_admit_their_token_only() {
    let main = github("repo:octo-org/app:ref:refs/heads/main", "42");
    for kind in ["classic", "flexible"] {
        let r = generate_azure_json(&json!({"claims": main, "kind": kind}).to_string());
        assert!(r.verified, "{kind}: {:?}", r.diagnostics);
        assert!(
            r.diagnostics.iter().all(|d| d.severity == Severity::Info),
            "{kind}: {:?}",
            r.diagnostics
        );
        let credential = r.credential.unwrap();
        assert!(accepts(&credential, &main), "{kind}");
        for other in [
            github("repo:octo-org/app:ref:refs/heads/dev", "42"),
            github("repo:octo-org/app:pull_request", "42"),
            github("repo:octo-org/other:ref:refs/heads/main", "43"),
        ] {
            assert!(!accepts(&credential, &other), "{kind} admits {other}");
        }
        assert!(r.command.unwrap().starts_with("az "), "{kind}");
    }
    // A recreated repository under the old name: only the flexible credential, which pins
    // the id, refuses it.
    let recreated = github("repo:octo-org/app:ref:refs/heads/main", "99");
    let flexible = generate_azure_json(&json!({"claims": main, "kind": "flexible"}).to_string());
    assert!(!accepts(&flexible.credential.unwrap(), &recreated));
    let classic = generate_azure_json(&json!({"claims": main}).to_string());
    assert!(accepts(&classic.credential.unwrap(), &recreated));
}

/// A token without `iat` is checked at a time it is valid (its `nbf`), not at 0.
#[test]
fn a_token_without_iat_is_checked_while_it_is_valid() {
    let no_iat = json!({"iss": GH, "aud": "api://AzureADTokenExchange", "sub": "repo:octo-org/app:ref:refs/heads/main", "nbf": NOW, "exp": NOW + 300});
    let r = generate_azure_json(&json!({"claims": no_iat}).to_string());
    assert!(r.verified, "{:?}", r.diagnostics);
}

#[test]
fn generation_says_why_not() {
    let minted_for_github = json!({"iss": GH, "aud": "https://github.com/octo-org", "sub": "repo:octo-org/app:ref:refs/heads/main", "repository_id": "42", "exp": NOW + 10, "iat": NOW});
    let r = generate_azure_json(&json!({"claims": minted_for_github}).to_string());
    assert!(!r.verified);
    assert!(
        r.diagnostics
            .iter()
            .any(|d| d.message.contains("api://AzureADTokenExchange"))
    );
    let buildkite = json!({"iss": "https://agent.buildkite.com", "aud": "api://AzureADTokenExchange", "sub": "organization:o:pipeline:p:ref:refs/heads/main:commit:abc:step:s", "exp": NOW + 10});
    let r = generate_azure_json(&json!({"claims": buildkite, "kind": "flexible"}).to_string());
    assert!(r.credential.is_none());
    assert!(r.diagnostics[0].message.contains("not available"));
    let r = generate_azure_json(r#"{"claims": {}, "kind": "both"}"#);
    assert_eq!(r.diagnostics[0].code, "invalid-request");
}

#[test]
fn lint_reads_every_shape() {
    let one = json!({"name": "org", "issuer": format!("{GH}/"), "subject": null, "audiences": ["https://github.com/octo-org"],
                     "claimsMatchingExpression": {"value": "claims['sub'] matches 'repo:octo-org/*'", "languageVersion": 1}});
    for credentials in [
        json!([one]),
        json!({"@odata.context": "https://graph.microsoft.com/beta/$metadata#x", "value": [one]}),
        one.clone(),
        Value::String(serde_json::to_string_pretty(&one).unwrap()),
    ] {
        let r = lint_azure_json(&json!({ "credentials": credentials }).to_string());
        let mut codes: Vec<&str> = r.diagnostics.iter().map(|d| d.code).collect();
        codes.sort_unstable();
        assert_eq!(
            codes,
            // The issuer with a `/` is not GitHub's for Entra either, so flexible
            // credentials are not available for it.
            [
                "expression-claim-not-allowed",
                "issuer-url-variant",
                "non-exchange-audience",
                "wildcard-subject"
            ],
            "{credentials}"
        );
    }
    let r = lint_azure_json(r#"{"credentials": "[1,"}"#);
    assert_eq!(r.diagnostics[0].code, "invalid-credentials");
    assert_eq!(r.diagnostics[0].span.unwrap().line, 1);
}
