//! Findings as the CI systems read them: text for a terminal, JSON, SARIF 2.1.0 for GitHub
//! code scanning, and GitHub Actions workflow commands (annotations).

mod github;
mod json;
mod sarif;
mod text;

use std::io::{self, Write};

use oidc_trust::Diagnostic;

use crate::iac::{Kind, Site};
use crate::style::Style;
use oidc_trust::Severity;
use oidc_trust::codes::CodeKind;

/// Where the rule documentation lives (each rule is an anchor in it).
pub const DOCS_URL: &str = "https://github.com/oidc-trust/oidc-trust/blob/main/README.md";

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// For people: `lint`'s findings with code frames (the source line, a caret under
    /// the place), in line order; `analyze`'s answer first, then what to change and why;
    /// `scan`'s summary.
    #[default]
    Text,
    /// One line per finding, `file:line:col: severity[code]: message`, then help (`lint`,
    /// and `scan`'s findings); `analyze`: the headline and AWS's answer only.
    Concise,
    /// `{"files": [{"path", "diagnostics": [...]}], "summary": {...}}`.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning (`github/codeql-action/upload-sarif`).
    Sarif,
    /// GitHub Actions workflow commands (`::error file=...,line=...::message`), shown as
    /// annotations on the pull request.
    Github,
}

/// A rule: a code findings can carry, with its documentation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// The kebab-case code.
    pub id: String,
    /// Its default severity.
    pub severity: Severity,
    /// One line.
    pub summary: String,
    /// Longer documentation, if any.
    pub docs: Option<String>,
}

/// Every rule the linter may report: the lints, then the input-diagnostic codes
/// (`invalid-policy-json`, `unknown-until-apply`...), then the stage-one check it shares
/// with the hints (`audience-not-allowed`), from the core's one registry.
pub fn rules() -> Vec<Rule> {
    let lints = oidc_trust::codes::of_kind(CodeKind::Lint);
    let inputs = oidc_trust::codes::of_kind(CodeKind::Input);
    let stage_one = oidc_trust::codes::code(oidc_trust::codes::AUDIENCE_NOT_ALLOWED);
    lints
        .chain(inputs)
        .chain(stage_one)
        .map(|c| Rule {
            id: c.id.to_owned(),
            severity: c.level,
            summary: c.summary.to_owned(),
            docs: c.docs.map(str::to_owned),
        })
        .collect()
}

impl Rule {
    /// The documentation address.
    pub fn help_uri(&self) -> String {
        if self.docs.is_some() {
            format!("{}/{}.md", oidc_trust::codes::DOCS_BASE, self.id)
        } else {
            format!("{DOCS_URL}#{}", self.id)
        }
    }

    /// The "What it does" and "Why is this bad?" sections of the docs, as plain text.
    pub fn full_description(&self) -> String {
        let text = self
            .docs
            .as_deref()
            .map(docs_description)
            .unwrap_or_default();
        if !text.is_empty() {
            return text;
        }
        format!(
            "{}. Reported by oidc-trust when it reads a role trust policy.",
            capitalise(&self.summary)
        )
    }
}

/// The "What it does" and "Why is this bad?" sections of a docs page, as plain text.
pub(crate) fn docs_description(docs: &str) -> String {
    let mut out = Vec::new();
    let mut keep = false;
    for line in docs.lines() {
        if let Some(h) = line.strip_prefix("## ") {
            keep = h.starts_with("What it does") || h.starts_with("Why is this bad");
            continue;
        }
        if keep && !line.trim().is_empty() {
            out.push(line.trim());
        }
    }
    out.join(" ")
}

pub(crate) fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

pub(crate) use github::escape_data;
pub use json::report as json_report;
pub use sarif::log as sarif;

/// One finding, placed in the user's source.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// The finding.
    pub diagnostic: Diagnostic,
    /// Where in the source (the file that wrote the policy), if known.
    pub site: Option<Site>,
    /// The policy it is about (an address, logical id or construct path), for inputs that
    /// hold several.
    pub policy: Option<String>,
}

impl Finding {
    /// `file:line:col` (or the file), for text and logs.
    pub fn place(&self, input: &str) -> String {
        match &self.site {
            Some(s) => format!("{}:{}:{}", s.file, s.line, s.column),
            None => input.to_owned(),
        }
    }

    /// What the finding is about: the policy's name and the JSON pointer in it.
    pub fn logical(&self) -> String {
        let pointer = self.diagnostic.pointer.as_deref().unwrap_or("");
        match &self.policy {
            Some(p) if pointer.is_empty() => p.clone(),
            Some(p) => format!("{p}: {pointer}"),
            None => pointer.to_owned(),
        }
    }
}

/// The findings of one input.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// The input as given.
    pub name: String,
    /// What it is.
    pub kind: Kind,
    /// The findings, in order.
    pub findings: Vec<Finding>,
    /// How many trust policies it held.
    pub policies: usize,
    /// Whether it was passed over (`--skip-other`: no input of ours).
    pub skipped: bool,
}

/// Writes the reports in a format; code frames read the files named by the findings'
/// sites, as paths from the working directory or from `roots`.
pub fn write(
    out: &mut dyn Write,
    format: Format,
    reports: &[FileReport],
    style: Style,
    roots: &[std::path::PathBuf],
) -> io::Result<()> {
    match format {
        Format::Text => text::full(
            out,
            reports,
            style,
            &mut crate::frame::Sources::new(roots.to_vec()),
        ),
        Format::Concise => text::concise(out, reports, style),
        Format::Json => pretty(out, &json::report(reports)),
        Format::Sarif => pretty(out, &sarif::log(reports)),
        Format::Github => github::write(out, reports),
    }
}

fn pretty(out: &mut dyn Write, v: &serde_json::Value) -> io::Result<()> {
    writeln!(
        out,
        "{}",
        serde_json::to_string_pretty(v).map_err(io::Error::other)?
    )
}
