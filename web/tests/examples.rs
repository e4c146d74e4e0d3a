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
