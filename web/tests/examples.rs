//! The examples table against the core: each example gets the verdict it declares (the
//! same table the page puts on the examples menu for the browser test).

use oidc_trust_web::examples;
use oidc_trust_web::state::{analyze, evaluate};

#[test]
fn every_example_gets_its_verdict() {
    let all = examples::all();
    assert!(all.len() >= 10);
    for e in all {
        let (_, answered) = evaluate(&e.inputs(), 0);
        let a = &answered.answer;
        assert_eq!(a.target, e.target, "{}", e.id);
        assert_eq!(
            (
                a.accepted,
                a.stage.clone(),
                a.error.as_ref().map(|x| x.code.as_str())
            ),
            (e.accepted, e.stage.as_str(), e.error),
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

/// The whole page's (the AWS-only module has AWS's examples alone).
#[test]
#[cfg(feature = "targets")]
fn every_target_has_an_accepted_and_a_refused_example_with_a_trace() {
    use oidc_trust::api::Target;
    for t in Target::ALL.iter().copied().filter(|t| *t != Target::Aws) {
        let of: Vec<_> = examples::all().iter().filter(|e| e.target == t).collect();
        assert!(of.iter().any(|e| e.accepted), "{t:?}");
        assert!(of.iter().any(|e| !e.accepted && e.error.is_some()), "{t:?}");
        for e in of {
            let (_, answered) = evaluate(&e.inputs(), 0);
            let other = answered.other.expect("another target's answer");
            let v = serde_json::to_value(&*other).unwrap();
            // The trace each target's card renders is there.
            let trace = match t {
                Target::Azure => &v["credentials"]["credentials"],
                Target::Gcp => &v["trace"]["condition"],
                Target::Vault => &v["checks"],
                _ => &v["publishers"],
            };
            assert!(
                !trace.is_null() && trace != &serde_json::json!([]),
                "{}: {v}",
                e.id
            );
        }
    }
    // The refused Entra example's closest credential parts from the token's subject.
    let e = examples::find("entra-pull-request-refused").unwrap();
    let (_, answered) = evaluate(&e.inputs(), 0);
    let v = serde_json::to_value(&*answered.other.unwrap()).unwrap();
    let closest = usize::try_from(v["credentials"]["closest"].as_u64().unwrap()).unwrap();
    let nm = &v["credentials"]["credentials"][closest]["subject"]["nearMiss"];
    assert_eq!(nm["requestValue"], "repo:acme/widgets:pull_request", "{v}");
    // Google's condition: the clause on the namespace is false, with the token's value.
    let e = examples::find("gcp-gitlab-fork-refused").unwrap();
    let (_, answered) = evaluate(&e.inputs(), 0);
    let v = serde_json::to_value(&*answered.other.unwrap()).unwrap();
    let text = v["trace"]["condition"].to_string();
    assert!(text.contains("'acme-attacker'"), "{text}");
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

/// A generated token carries the audience the target on screen needs, so the exchange
/// gets past the audience check (the token generator follows the target).
#[test]
#[cfg(feature = "targets")]
fn a_generated_token_has_the_audience_the_target_needs() {
    use oidc_trust::api::Target;
    use oidc_trust_web::mint::MintForm;
    use oidc_trust_web::targets::{analyze, audience};
    let answer = |id: &str| {
        let e = examples::find(id).unwrap();
        let i = e.inputs();
        (
            i.clone(),
            analyze(i.target, &i.token, &i.configs, 1_790_000_000),
        )
    };
    let (_, a) = answer("entra-classic-accepted");
    assert_eq!(
        audience(Target::Azure, Some(&a)).as_deref(),
        Some("api://AzureADTokenExchange")
    );
    assert_eq!(
        audience(Target::Azure, None).as_deref(),
        Some("api://AzureADTokenExchange")
    );
    let (_, a) = answer("pypi-publisher-accepted");
    assert_eq!(
        audience(Target::Publishing, Some(&a)).as_deref(),
        Some("pypi")
    );
    let (_, a) = answer("gcp-gitlab-accepted");
    let gcp = audience(Target::Gcp, Some(&a)).unwrap();
    assert!(
        gcp.starts_with("//iam.googleapis.com/projects/123456789012/"),
        "{gcp}"
    );
    assert_eq!(audience(Target::Aws, None), None);
    // Vault: a GitHub token for acme/widgets on main, generated with the role's audience,
    // is accepted; with the platform's default audience it is not.
    let (inputs, a) = answer("vault-github-accepted");
    let aud = audience(Target::Vault, Some(&a));
    assert_eq!(aud.as_deref(), Some("https://github.com/acme"));
    let form = MintForm::default();
    for (aud, accepted) in [(aud.as_deref(), true), (None, false)] {
        let token = form.mint(1_790_000_000, aud).unwrap();
        let a = analyze(Target::Vault, token.jwt(), &inputs.configs, 1_790_000_000);
        assert_eq!(a.accepted(), accepted, "{aud:?}: {}", a.overview().summary);
    }
}
