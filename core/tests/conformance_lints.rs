//! Grades the lints against the CC0 conformance suite's judgments: every AWS vector graded
//! `dangerous` must raise at least one warning- or error-level lint, and every vector graded
//! `safe` none, except the vectors listed with a sourced reason under "Lint grades" in
//! `tests/conformance/known-differences.md`; the Entra ID and Google vectors the same way,
//! under "Azure lint grades" and "Google lint grades".
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
use serde_json::Value;
use subvectors::{assert_listed, aws_vectors, request};

/// The warning- and error-level lint findings among diagnostics.
fn findings(diagnostics: &[oidc_trust::Diagnostic]) -> Vec<&'static str> {
    diagnostics
        .iter()
        .filter(|d| {
            oidc_trust::codes::code(d.code)
                .is_some_and(|c| c.kind == oidc_trust::codes::CodeKind::Lint)
                && matches!(d.severity, Severity::Warning | Severity::Error)
        })
        .map(|d| d.code)
        .collect()
}

/// Grades `vectors` with `lints` (a vector's findings): a `dangerous` one must raise a
/// finding, a `safe` one none, but for the ids listed under `heading`. Returns the counts
/// of dangerous, safe and listed vectors.
fn grade(
    vectors: impl IntoIterator<Item = Value>,
    lints: impl Fn(&Value) -> Vec<&'static str>,
    heading: &str,
) -> (usize, usize, usize) {
    let mut disagree = BTreeSet::new();
    let mut report = String::new();
    let (mut dangerous, mut safe) = (0, 0);
    for v in vectors {
        let grade = v["judgment"]["grade"].as_str().unwrap_or_default();
        if grade != "dangerous" && grade != "safe" {
            continue;
        }
        let id = v["id"].as_str().unwrap().to_owned();
        let found = lints(&v);
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
    assert_listed(heading, &disagree, &report);
    (dangerous, safe, disagree.len())
}

#[test]
fn lint_grades_agree_with_the_suite() {
    let (dangerous, safe, known) = grade(
        aws_vectors(),
        |v| findings(&oidc_trust::analyze_json(&request(v).to_string()).diagnostics),
        "Lint grades",
    );
    println!("{dangerous} dangerous and {safe} safe AWS vectors graded, {known} known differences");
}

/// The same grading for the suite's Google vectors: the provider's lints (with the vector's
/// token, so claim types are known), disagreements listed under "Google lint grades".
#[cfg(feature = "gcp")]
#[test]
fn google_lint_grades_agree_with_the_suite() {
    let google = subvectors::all_vectors()
        .into_iter()
        .filter(|v| subvectors::consumer(v) == "gcp-cel");
    let (dangerous, safe, known) = grade(
        google,
        |v| {
            let mut r = subvectors::gcp_request(v);
            r.as_object_mut().unwrap().remove("target");
            findings(&oidc_trust::api::analyze_gcp_json(&r.to_string()).diagnostics)
        },
        "Google lint grades",
    );
    println!(
        "{dangerous} dangerous and {safe} safe Google vectors graded, {known} known differences"
    );
}

/// The same grading for the suite's Entra ID vectors: the credential's lints, disagreements
/// listed under "Azure lint grades".
#[cfg(feature = "azure")]
#[test]
fn azure_lint_grades_agree_with_the_suite() {
    let entra = subvectors::all_vectors()
        .into_iter()
        .filter(|v| subvectors::target_of(subvectors::consumer(v)) == "azure");
    let (dangerous, safe, known) = grade(
        entra,
        |v| {
            let mut r = subvectors::azure_request(v);
            r["lints"] = Value::Bool(true);
            r.as_object_mut().unwrap().remove("target");
            findings(&oidc_trust::api::analyze_azure_json(&r.to_string()).diagnostics)
        },
        "Azure lint grades",
    );
    println!(
        "{dangerous} dangerous and {safe} safe Entra ID vectors graded, {known} known differences"
    );
}
