//! The summaries of a scan, as text (`text.rs`) or JSON (`json.rs`), and what both count.

mod json;
mod text;

use oidc_trust::aws::sts::EXPIRY_GRACE_SECONDS;
use oidc_trust::{Claims, Diagnostic, Severity};

use super::export::{Export, Role};
use super::lines::LineIndex;
use super::radius::Blocked;
use crate::iac::{Kind, Site};
use crate::input::Source;
use crate::output::{FileReport, Finding};

pub use json::{json_summary, write_json_summary};
pub(super) use text::text_summary;

/// Findings of these roles by severity: (errors, warnings, infos).
fn severity_counts(roles: &[&Role]) -> (usize, usize, usize) {
    let all: Vec<Diagnostic> = roles
        .iter()
        .flat_map(|r| r.diagnostics.iter().cloned())
        .collect();
    crate::render::count(&all)
}

/// Whether a token expiring at `exp` is refused at `now` (past AWS's grace).
fn expired(exp: i64, now: i64) -> bool {
    now > exp.saturating_add(EXPIRY_GRACE_SECONDS)
}

/// Providers and how many roles trust each, most first.
fn provider_counts(export: &Export) -> Vec<(String, usize)> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for r in &export.roles {
        for p in &r.providers {
            match counts.iter_mut().find(|(u, _)| u == p) {
                Some((_, n)) => *n += 1,
                None => counts.push((p.clone(), 1)),
            }
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    counts
}

/// Findings by code: (code, severity, roles with it, findings).
fn code_counts(roles: &[&Role]) -> Vec<(&'static str, Severity, usize, usize)> {
    let mut out: Vec<(&'static str, Severity, usize, usize)> = Vec::new();
    for r in roles {
        let mut seen: Vec<&str> = Vec::new();
        for d in &r.diagnostics {
            let first = !seen.contains(&d.code);
            if first {
                seen.push(d.code);
            }
            match out.iter_mut().find(|(c, ..)| *c == d.code) {
                Some(e) => {
                    e.3 += 1;
                    if first {
                        e.2 += 1;
                    }
                }
                None => out.push((d.code, d.severity, 1, 1)),
            }
        }
    }
    out.sort_by(|a, b| a.1.cmp(&b.1).then(b.2.cmp(&a.2)).then(a.0.cmp(b.0)));
    out
}

/// Where a role's finding is in the export: line and column.
fn finding_line_column(lines: &LineIndex<'_>, role: &Role, d: &Diagnostic) -> (usize, usize) {
    let at = match (role.policy_offset, d.span) {
        (Some(base), Some(span)) => base + span.start,
        // A URL-encoded policy, or a finding with no place: the document itself.
        _ => role.document_offset,
    };
    lines.line_column(at)
}

/// Where a role's finding is in the export: `file:line:col`.
fn finding_place(source: &Source, lines: &LineIndex<'_>, role: &Role, d: &Diagnostic) -> String {
    let (l, c) = finding_line_column(lines, role, d);
    format!("{}:{l}:{c}", source.name)
}

/// The findings of the roles that trust OIDC, placed in the export, for SARIF and GitHub
/// annotations.
pub(super) fn findings(source: &Source, export: &Export) -> FileReport {
    let lines = LineIndex::new(&source.text);
    let roles = export.oidc_roles();
    let findings = roles
        .iter()
        .flat_map(|r| {
            r.diagnostics.iter().map(|d| {
                let (line, column) = finding_line_column(&lines, r, d);
                let mut diagnostic = d.clone();
                diagnostic.span = None;
                Finding {
                    diagnostic,
                    site: Some(Site::point(&source.name, line, column)),
                    policy: Some(r.name.clone()),
                }
            })
        })
        .collect();
    FileReport {
        name: source.name.clone(),
        kind: Kind::AccountExport,
        findings,
        policies: roles.len(),
        skipped: false,
    }
}

/// A token's `sub`, `iss`, audiences (joined) and `exp`.
fn token_facts(claims: &Claims) -> (String, String, String, Option<i64>) {
    let s = |k: &str| claims.str(k).unwrap_or("?").to_owned();
    (
        s("sub"),
        s("iss"),
        claims.audiences().join(", "),
        claims.get("exp").and_then(serde_json::Value::as_i64),
    )
}

/// Why a token assumes nothing, as a sentence.
fn blocked_text(b: &Blocked) -> String {
    match b {
        Blocked::Undecodable(e) => format!("the token cannot be decoded: {e}"),
        Blocked::Issuer(e) | Blocked::Audience(e) => e.clone(),
        Blocked::MissingClaim(c) => format!("the token has no `{c}` claim, which AWS requires"),
    }
}
