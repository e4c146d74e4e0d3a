//! The examples table against the core: each example gets the verdict it declares (the
//! same table the page puts on the examples menu for the browser test).

use oidc_trust_web::examples;
use oidc_trust_web::state::analyze;

#[test]
fn every_example_gets_its_verdict() {
    let all = examples::all();
    assert!(all.len() >= 10);
    for e in all {
        let (_, a) = analyze(&e.inputs(), 0);
        assert_eq!(
            (
                a.accepted,
                a.stage,
                a.aws_error.as_ref().map(|x| x.code.as_str())
            ),
            (e.accepted, e.stage, e.aws_error),
            "{}: {}",
            e.id,
            a.summary
        );
        assert!(
            a.diagnostics.iter().all(|d| d.code != "invalid-token"),
            "{}",
            e.id
        );
    }
}

#[test]
fn near_misses_show_where_they_differ() {
    for id in [
        "github-environment-branch-pin",
        "gitlab-branch-refused",
        "immutable-subject",
    ] {
        let e = examples::find(id).unwrap();
        let (_, a) = analyze(&e.inputs(), 0);
        let p = a.policy.unwrap();
        assert!(
            p.statements
                .iter()
                .flat_map(|s| &s.conditions)
                .any(|c| c.near_miss.is_some()),
            "{id}"
        );
    }
}

#[test]
fn the_syntax_error_has_a_place() {
    let e = examples::find("policy-syntax-error").unwrap();
    let (_, a) = analyze(&e.inputs(), 0);
    let d = a
        .diagnostics
        .iter()
        .find(|d| d.code == "invalid-policy-json")
        .unwrap();
    assert!(d.span.unwrap().line > 1);
}

#[test]
fn the_rcp_examples_say_which_rcp_denied() {
    for id in ["rcp-other-organisation", "rcp-immutable-subject"] {
        let e = examples::find(id).unwrap();
        assert!(!e.call.rcps.is_empty(), "{id}");
        let (_, a) = analyze(&e.inputs(), 0);
        assert!(
            a.summary.contains("`GitHub-Actions` denies"),
            "{id}: {}",
            a.summary
        );
        let rcp = a.rcps.first().unwrap();
        assert_eq!(
            (rcp.index, rcp.name.as_str()),
            (0, "GitHub-Actions"),
            "{id}"
        );
        let hint = a.hints.iter().find(|h| h.code == "rcp-deny").unwrap();
        assert_eq!(hint.document, Some(0), "{id}");
    }
}

#[test]
fn the_built_in_examples_need_no_provider_entry() {
    for id in ["google-service-account", "cognito-authenticated"] {
        let e = examples::find(id).unwrap();
        let (eff, a) = analyze(&e.inputs(), 0);
        assert!(eff.built_in.is_some(), "{id}");
        assert!(a.provider.as_ref().is_some_and(|p| p.built_in), "{id}");
        assert!(
            a.diagnostics
                .iter()
                .all(|d| d.code != oidc_trust::codes::BUILT_IN_PROVIDER_ENTRY),
            "{id}"
        );
        assert!(e.call.is_empty(), "{id}: the call section stays closed");
    }
}
