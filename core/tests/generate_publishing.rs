//! Trusted publisher generation through the public API: for each registry, the publisher
//! written for a token is read back by `analyze_publishing` (the registry's own shape, no
//! `registry` given) and takes the token; what cannot be written is a located diagnostic.
#![cfg(feature = "publishing")]
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is a test failure"
)]

use oidc_trust::api::{
    PublishingGenerateRequest, PublishingRequest, Registry, analyze_publishing,
    generate_publishing, generate_publishing_json,
};
use serde_json::{Value, json};

const NOW: i64 = 1_790_000_000;

fn claims(aud: &str, environment: Option<&str>) -> Value {
    let mut c = json!({
        "iss": "https://token.actions.githubusercontent.com", "aud": aud,
        "sub": "repo:octo-org/app:environment:release", "iat": NOW - 10, "exp": NOW + 290,
        "repository": "octo-org/app", "repository_owner": "octo-org", "repository_owner_id": "42",
        "workflow_ref": "octo-org/app/.github/workflows/release.yml@refs/tags/v1",
        "job_workflow_ref": "octo-org/app/.github/workflows/release.yml@refs/tags/v1"
    });
    if let Some(e) = environment {
        c["environment"] = json!(e);
    }
    c
}

fn request(registry: Registry, claims: Value) -> PublishingGenerateRequest {
    let mut r = PublishingGenerateRequest::new(registry);
    r.claims = Some(claims);
    r
}

/// The analysis of `claims` against `publisher`, with the registry taken from the
/// publisher itself.
fn analyze(claims: &Value, publisher: &Value) -> oidc_trust::api::PublishingAnalysis {
    analyze_publishing(&PublishingRequest {
        claims: Some(claims.clone()),
        publishers: Some(json!(publisher.to_string())),
        now: NOW,
        ..PublishingRequest::default()
    })
}

#[test]
fn each_registry_gets_its_own_shape_and_analyze_takes_it() {
    for registry in Registry::ALL {
        let c = claims(registry.audience(), Some("release"));
        let r = generate_publishing(&request(registry, c.clone()));
        assert!(r.verified, "{registry:?}: {:?}", r.diagnostics);
        assert!(
            r.diagnostics.is_empty(),
            "{registry:?}: {:?}",
            r.diagnostics
        );
        let p = r.publisher.clone().unwrap();
        let a = analyze(&c, &p);
        assert!(a.accepted, "{registry:?}: {}", a.summary);
        assert_eq!(a.registry, Some(registry));
        assert!(!r.steps.is_empty());
        // Another environment of the same workflow is refused: the environment is pinned.
        let mut other = c.clone();
        other["environment"] = json!("staging");
        assert!(!analyze(&other, &p).accepted, "{registry:?}");
    }
    let crates = generate_publishing(&request(
        Registry::CratesIo,
        claims("crates.io", Some("release")),
    ));
    assert_eq!(
        crates.publisher.unwrap(),
        json!({"github_config": {"crate": "<CRATE>", "repository_owner": "octo-org", "repository_name": "app", "workflow_filename": "release.yml", "environment": "release"}})
    );
    assert!(crates.steps[0].starts_with(
        "curl -sS -X POST https://crates.io/api/v1/trusted_publishing/github_configs"
    ));
    let mut npm = request(
        Registry::Npm,
        claims(Registry::Npm.audience(), Some("release")),
    );
    npm.package = Some("@octo/app".to_owned());
    let npm = generate_publishing(&npm);
    assert_eq!(
        npm.steps[0],
        "npm trust github '@octo/app' --repository 'octo-org/app' --file 'release.yml' --environment 'release' --yes"
    );
    let pypi = generate_publishing(&request(Registry::PyPi, claims("pypi", Some("release"))));
    assert_eq!(
        pypi.publisher.as_ref().unwrap()["repository_owner_id"],
        "42"
    );
    assert_eq!(
        pypi.publisher.as_ref().unwrap()["workflow_filename"],
        "release.yml"
    );
}

#[test]
fn the_environment_can_be_left_out_and_the_lint_says_so() {
    let c = claims("pypi", Some("release"));
    let mut r = request(Registry::PyPi, c.clone());
    r.environment = Some(false);
    let r = generate_publishing(&r);
    assert!(r.verified);
    let codes: Vec<&str> = r.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["publisher-without-environment"]);
    assert!(r.notes.iter().any(|n| n.contains("`release` is left out")));
    let mut other = c;
    other["environment"] = json!("staging");
    assert!(analyze(&other, r.publisher.as_ref().unwrap()).accepted);
}

#[test]
fn what_cannot_be_written_is_located() {
    let mut gitlab = claims("pypi", None);
    gitlab["iss"] = json!("https://gitlab.com");
    let r = generate_publishing(&request(Registry::PyPi, gitlab));
    assert!(r.publisher.is_none() && !r.verified);
    assert_eq!(r.diagnostics[0].code, "invalid-token");
    assert_eq!(r.diagnostics[0].pointer.as_deref(), Some("/iss"));
    let mut bare = claims("crates.io", None);
    bare.as_object_mut().unwrap().remove("workflow_ref");
    bare.as_object_mut().unwrap().remove("repository");
    let r = generate_publishing(&request(Registry::CratesIo, bare));
    let pointers: Vec<&str> = r
        .diagnostics
        .iter()
        .filter_map(|d| d.pointer.as_deref())
        .collect();
    assert_eq!(pointers, ["/repository", "/workflow_ref"]);
    // PyPI cannot admit a job that runs another repository's reusable workflow.
    let mut reusable = claims("pypi", None);
    reusable["job_workflow_ref"] = json!("octo-org/shared/.github/workflows/publish.yml@v1");
    let r = generate_publishing(&request(Registry::PyPi, reusable));
    assert!(r.publisher.is_none());
    assert!(r.diagnostics[0].message.contains("another repository"));
    // The wrong audience: the publisher is written, not verified, and the warning is at `aud`.
    let r = generate_publishing(&request(Registry::CratesIo, claims("pypi", None)));
    assert!(r.publisher.is_some() && !r.verified);
    assert_eq!(r.diagnostics[0].pointer.as_deref(), Some("/aud"));
    // JSON requests: a missing registry and a missing token.
    let r = generate_publishing_json(r#"{"claims": {}}"#);
    assert_eq!(r.diagnostics[0].code, "invalid-request");
    let r = generate_publishing_json(r#"{"registry": "npm"}"#);
    assert!(r.diagnostics[0].message.starts_with("no token"));
    assert_eq!(r.registry, Some(Registry::Npm));
}
