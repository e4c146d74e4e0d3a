//! The CC0 conformance suite (`tests/conformance/subvectors`, from Dashtid/subvectors): every
//! AWS vector becomes a token and a trust policy, every Entra ID vector a token and one
//! federated identity credential, and `analyze` must agree with `expect`
//! (`match` = accepted), except for vectors listed with a sourced reason in
//! `tests/conformance/known-differences.md`.
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is a test failure"
)]

#[path = "support/subvectors.rs"]
mod subvectors;

use std::collections::BTreeSet;
use std::fmt::Write as _;

use subvectors::{all_vectors, assert_listed, aws_vectors, request};
#[cfg(feature = "azure")]
use subvectors::{azure_request, azure_vectors};

/// One target's run over its vectors of the suite: the ids that disagree, and why.
struct Run {
    vectors: usize,
    disagree: BTreeSet<String>,
    report: String,
}

fn run(
    vectors: &[serde_json::Value],
    accepted: impl Fn(&serde_json::Value) -> (bool, String),
) -> Run {
    let mut disagree = BTreeSet::new();
    let mut report = String::new();
    for v in vectors {
        let (got, summary) = accepted(v);
        if got != (v["expect"] == "match") {
            let id = v["id"].as_str().unwrap().to_owned();
            let _ = writeln!(
                report,
                "{id}: suite says {}, oidc-trust: {summary}",
                v["expect"]
            );
            disagree.insert(id);
        }
    }
    Run {
        vectors: vectors.len(),
        disagree,
        report,
    }
}

fn aws_run() -> Run {
    run(&aws_vectors(), |v| {
        let a = oidc_trust::analyze_json(&request(v).to_string());
        (a.accepted, a.summary)
    })
}

#[cfg(feature = "azure")]
fn azure_run() -> Run {
    run(&azure_vectors(), |v| {
        let a = oidc_trust::api::analyze_any_json(&azure_request(v).to_string());
        assert_eq!(a.target(), oidc_trust::api::Target::Azure);
        let summary = serde_json::to_value(&a).unwrap()["summary"].to_string();
        (a.accepted(), summary)
    })
}

#[cfg(feature = "azure")]
#[test]
fn azure_verdicts_agree_with_the_suite() {
    let r = azure_run();
    assert!(r.vectors >= 35, "only {} Azure vectors", r.vectors);
    assert_listed("Azure verdicts", &r.disagree, &r.report);
}

/// The closing line over the whole suite: every target's vectors that oidc-trust runs
/// (the other consumers' vectors count as neither agreeing nor listed).
#[test]
fn subvectors_closing_line() {
    let total = all_vectors().len();
    let runs = [
        aws_run(),
        #[cfg(feature = "azure")]
        azure_run(),
    ];
    let run: usize = runs.iter().map(|r| r.vectors).sum();
    let known: usize = runs.iter().map(|r| r.disagree.len()).sum();
    println!(
        "subvectors: {}/{total} agree, {known} known differences ({} of {total} vectors run)",
        run - known,
        run
    );
}

#[test]
fn aws_verdicts_agree_with_the_suite() {
    let r = aws_run();
    assert!(r.vectors >= 60, "only {} AWS vectors", r.vectors);
    assert_listed("Verdicts", &r.disagree, &r.report);
    println!(
        "{} AWS conformance vectors, {} known differences",
        r.vectors,
        r.disagree.len()
    );
}
