//! The `publishing` target through the public API: the lint entry point, the registry
//! taken from the publishers' shape, and every publisher traced field by field.
#![cfg(feature = "publishing")]
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is a test failure"
)]

use oidc_trust::api::{
    PublisherOutcome, PublishingRequest, Registry, analyze_publishing, lint_publishing_json,
};
use oidc_trust::explain::VerdictState;
use serde_json::json;

const NOW: i64 = 1_790_000_000;

fn claims(aud: &str, environment: Option<&str>) -> serde_json::Value {
    let mut c = json!({
        "iss": "https://token.actions.githubusercontent.com", "aud": aud,
        "sub": "repo:octo-org/app:ref:refs/tags/v1", "iat": NOW - 10, "exp": NOW + 290,
        "repository": "octo-org/app", "repository_owner": "octo-org", "repository_owner_id": "42",
        "workflow_ref": "octo-org/app/.github/workflows/release.yml@refs/tags/v1",
        "job_workflow_ref": "octo-org/app/.github/workflows/release.yml@refs/tags/v1"
    });
    if let Some(e) = environment {
        c["environment"] = json!(e);
    }
    c
}

#[test]
fn crates_io_answer_names_its_registry_and_every_field_is_traced() {
    let publishers = r#"{"github_configs": [
  {"id": 1, "crate": "app", "repository_owner": "octo-org", "repository_owner_id": 42,
   "repository_name": "app", "workflow_filename": "release.yml", "environment": null},
  {"id": 2, "crate": "app", "repository_owner": "octo-org", "repository_owner_id": 42,
   "repository_name": "app", "workflow_filename": "nightly.yml", "environment": "release"}
]}"#;
    let request = PublishingRequest {
        claims: Some(claims("crates.io", None)),
        publishers: Some(json!(publishers)),
        now: NOW,
        ..PublishingRequest::default()
    };
    let a = analyze_publishing(&request);
    assert!(a.accepted, "{}", a.summary);
    assert_eq!(a.registry, Some(Registry::CratesIo));
    assert_eq!(a.state, VerdictState::AcceptedWithWarnings);
    assert_eq!(a.publishers.len(), 2);
    assert!(a.publishers[0].matched && a.publishers[0].closest);
    let second = &a.publishers[1];
    assert!(!second.matched);
    let workflow = second
        .checks
        .iter()
        .find(|c| c.claim == "workflow_ref")
        .unwrap();
    assert_eq!(workflow.outcome, PublisherOutcome::NotMatched);
    assert_eq!(workflow.pointer, "/github_configs/1/workflow_filename");
    assert_eq!(workflow.span.line, 5);
    // Lint findings point at the publisher that pins no environment.
    let lint = &a.diagnostics[0];
    assert_eq!(lint.code, "publisher-without-environment");
    assert_eq!(
        lint.pointer.as_deref(),
        Some("/github_configs/0/environment")
    );
}

#[test]
fn lint_entry_point_reads_and_lints() {
    let request = json!({
        "registry": "pypi",
        "publishers": [{"owner": "octo-org", "repository": "app", "workflow_filename": "release", "environment": "pypi"}]
    });
    let out = lint_publishing_json(&request.to_string());
    let codes: Vec<&str> = out.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["publisher-workflow-path"]);
    assert!(
        out.diagnostics[0]
            .help
            .as_deref()
            .unwrap()
            .contains("`release.yml`")
    );
    let bad = lint_publishing_json(r#"{"publishers": 3}"#);
    assert_eq!(bad.diagnostics[0].code, "invalid-trusted-publisher");
    let unknown = lint_publishing_json(r#"{"publishers": [], "registry": "rubygems"}"#);
    assert_eq!(unknown.diagnostics[0].code, "invalid-request");
}

#[test]
fn the_registry_decides_which_workflow_claim_counts() {
    // The job runs a reusable workflow of the same repository, called from release.yml.
    let mut c = claims("pypi", Some("pypi"));
    c["job_workflow_ref"] = json!("octo-org/app/.github/workflows/build.yml@refs/tags/v1");
    let publisher = json!([{"owner": "octo-org", "repository": "app", "workflow_filename": "release.yml", "environment": "pypi"}]);
    let pypi = analyze_publishing(&PublishingRequest {
        claims: Some(c.clone()),
        registry: Some(Registry::PyPi),
        publishers: Some(publisher.clone()),
        now: NOW,
        ..PublishingRequest::default()
    });
    assert!(!pypi.accepted, "PyPI compares job_workflow_ref");
    assert_eq!(pypi.hints[0].code, "publisher-reusable-workflow");
    c["aud"] = json!("npm:registry.npmjs.org");
    let npm = analyze_publishing(&PublishingRequest {
        claims: Some(c),
        registry: Some(Registry::Npm),
        publishers: Some(publisher),
        now: NOW,
        ..PublishingRequest::default()
    });
    assert!(
        npm.accepted,
        "npm is read as comparing workflow_ref: {}",
        npm.summary
    );
}
