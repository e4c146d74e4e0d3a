//! The CC0 conformance suite (`tests/conformance/subvectors`, from Dashtid/subvectors): every
//! AWS vector becomes a token and a trust policy, and `analyze` must agree with `expect`
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

use subvectors::{assert_listed, aws_vectors, request};

#[test]
fn aws_verdicts_agree_with_the_suite() {
    let vectors = aws_vectors();
    assert!(vectors.len() >= 60, "only {} AWS vectors", vectors.len());
    let mut disagree = BTreeSet::new();
    let mut report = String::new();
    for v in &vectors {
        let analysis = oidc_trust::analyze_json(&request(v).to_string());
        let want = v["expect"] == "match";
        if analysis.accepted != want {
            let id = v["id"].as_str().unwrap().to_owned();
            let _ = writeln!(
                report,
                "{id}: suite says {}, oidc-trust: {}",
                v["expect"], analysis.summary
            );
            disagree.insert(id);
        }
    }
    assert_listed("Verdicts", &disagree, &report);
    println!(
        "{} AWS conformance vectors, {} known differences",
        vectors.len(),
        disagree.len()
    );
}
