//! Grades the lints against the CC0 conformance suite's judgments: every AWS vector graded
//! `dangerous` must raise at least one warning- or error-level lint, and every vector graded
//! `safe` none, except the vectors listed with a sourced reason under "Lint grades" in
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

use oidc_trust::Severity;
use subvectors::{assert_listed, aws_vectors, request};

/// The warning- and error-level lint findings of an analysis.
fn findings(analysis: &oidc_trust::Analysis) -> Vec<&'static str> {
    analysis
        .diagnostics
        .iter()
        .filter(|d| {
            oidc_trust::codes::code(d.code)
                .is_some_and(|c| c.kind == oidc_trust::codes::CodeKind::Lint)
                && matches!(d.severity, Severity::Warning | Severity::Error)
        })
        .map(|d| d.code)
        .collect()
}

#[test]
fn lint_grades_agree_with_the_suite() {
    let mut disagree = BTreeSet::new();
    let mut report = String::new();
    let (mut dangerous, mut safe) = (0, 0);
    for v in aws_vectors() {
        let grade = v["judgment"]["grade"].as_str().unwrap_or_default();
        if grade != "dangerous" && grade != "safe" {
            continue;
        }
        let id = v["id"].as_str().unwrap().to_owned();
        let analysis = oidc_trust::analyze_json(&request(&v).to_string());
        let found = findings(&analysis);
        let ok = if grade == "dangerous" {
            dangerous += 1;
            !found.is_empty()
        } else {
            safe += 1;
            found.is_empty()
        };
        if !ok {
            let _ = writeln!(report, "{id}: graded {grade}, lints {found:?}");
            disagree.insert(id);
        }
    }
    assert_listed("Lint grades", &disagree, &report);
    println!(
        "{dangerous} dangerous and {safe} safe AWS vectors graded, {} known differences",
        disagree.len()
    );
}

/// The same grading for the suite's Google vectors: the provider's lints (with the vector's
/// token, so claim types are known), disagreements listed under "Google lint grades".
#[cfg(feature = "gcp")]
#[test]
fn google_lint_grades_agree_with_the_suite() {
    let mut disagree = BTreeSet::new();
    let mut report = String::new();
    let (mut dangerous, mut safe) = (0, 0);
    for v in subvectors::all_vectors() {
        if subvectors::consumer(&v) != "gcp-cel" {
            continue;
        }
        let grade = v["judgment"]["grade"].as_str().unwrap_or_default();
        if grade != "dangerous" && grade != "safe" {
            continue;
        }
        let id = v["id"].as_str().unwrap().to_owned();
        let analysis = oidc_trust::api::analyze_gcp_json(&{
            let mut r = subvectors::gcp_request(&v);
            r.as_object_mut().unwrap().remove("target");
            r.to_string()
        });
        let found: Vec<&str> = analysis
            .diagnostics
            .iter()
            .filter(|d| {
                oidc_trust::codes::code(d.code)
                    .is_some_and(|c| c.kind == oidc_trust::codes::CodeKind::Lint)
                    && matches!(d.severity, Severity::Warning | Severity::Error)
            })
            .map(|d| d.code)
            .collect();
        let ok = if grade == "dangerous" {
            dangerous += 1;
            !found.is_empty()
        } else {
            safe += 1;
            found.is_empty()
        };
        if !ok {
            let _ = writeln!(report, "{id}: graded {grade}, lints {found:?}");
            disagree.insert(id);
        }
    }
    assert_listed("Google lint grades", &disagree, &report);
    println!(
        "{dangerous} dangerous and {safe} safe Google vectors graded, {} known differences",
        disagree.len()
    );
}
