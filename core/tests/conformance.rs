//! The CC0 conformance suite (`tests/conformance/subvectors`, from Dashtid/subvectors): every
//! vector of a target oidc-trust models becomes that target's request (AWS: a token and a
//! trust policy; Entra ID: a token and one federated identity credential; Google: a token
//! and a pool provider whose condition is the vector's), and
//! the analysis must agree with `expect` (`match` = accepted), except for vectors listed
//! with a sourced reason in `tests/conformance/known-differences.md`. The run ends with
//! one line: `subvectors: N/133 agree, K known differences`.
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is a test failure"
)]

#[path = "support/subvectors.rs"]
mod subvectors;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde_json::Value;
use subvectors::{all_vectors, assert_listed, consumer, request, target_of};

/// A target's answer for a vector it models: whether it accepts, and its summary; `None`
/// for a target not modelled (or not built: `--no-default-features`).
fn verdict(v: &Value) -> Option<(bool, String)> {
    match target_of(consumer(v)) {
        "aws" => {
            let a = oidc_trust::analyze_json(&request(v).to_string());
            Some((a.accepted, a.summary))
        }
        #[cfg(feature = "azure")]
        "azure" => {
            let a = oidc_trust::api::analyze_any_json(&subvectors::azure_request(v).to_string());
            assert_eq!(a.target(), oidc_trust::api::Target::Azure);
            let summary = serde_json::to_value(&a).unwrap()["summary"].to_string();
            Some((a.accepted(), summary))
        }
        #[cfg(feature = "gcp")]
        "gcp" => {
            let a = oidc_trust::api::analyze_any_json(&subvectors::gcp_request(v).to_string());
            let summary = serde_json::to_value(&a).unwrap()["summary"].to_string();
            Some((a.accepted(), summary))
        }
        _ => None,
    }
}

#[test]
fn subvectors_agree_or_are_listed() {
    let vectors = all_vectors();
    let mut disagree = BTreeSet::new();
    let mut report = String::new();
    let mut run: BTreeMap<String, usize> = BTreeMap::new();
    let mut not_run: BTreeMap<String, usize> = BTreeMap::new();
    for v in &vectors {
        let target = target_of(consumer(v));
        let Some((accepted, summary)) = verdict(v) else {
            *not_run.entry(target.to_owned()).or_default() += 1;
            continue;
        };
        *run.entry(target.to_owned()).or_default() += 1;
        let want = v["expect"] == "match";
        if accepted != want {
            let id = v["id"].as_str().unwrap().to_owned();
            let _ = writeln!(
                report,
                "{id}: suite says {}, oidc-trust: {summary}",
                v["expect"]
            );
            disagree.insert(id);
        }
    }
    assert!(
        run.get("aws").copied().unwrap_or(0) >= 60,
        "only {run:?} vectors run"
    );
    #[cfg(feature = "azure")]
    assert_eq!(
        run.get("azure").copied(),
        Some(35),
        "the suite's Entra ID vectors"
    );
    #[cfg(feature = "gcp")]
    assert_eq!(
        run.get("gcp").copied(),
        Some(30),
        "the suite's Google vectors"
    );
    assert_listed("Verdicts", &disagree, &report);
    let ran: usize = run.values().sum();
    let not_run_note = if not_run.is_empty() {
        String::new()
    } else {
        format!(" ({not_run:?} not run: targets not modelled in this build)")
    };
    println!(
        "subvectors: {}/{} agree, {} known differences{not_run_note}",
        ran - disagree.len(),
        vectors.len(),
        disagree.len()
    );
}
