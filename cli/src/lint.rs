//! `oidc-trust lint`: findings about trust-policy files, as text, JSON or SARIF 2.1.0 (for
//! GitHub code scanning).

use std::io::{self, Write};
use std::path::PathBuf;

use oidc_trust::codes::CodeKind;
use oidc_trust::{Diagnostic, Severity};
use serde_json::json;

use crate::input::{self, Source};
use crate::render::{self, Locator};
use crate::style::Style;

/// Where the rule documentation lives (each rule is an anchor in it).
pub const DOCS_URL: &str = "https://github.com/oidc-trust/oidc-trust/blob/main/README.md";

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// One line per finding, `file:line:col: severity[code]: message`, then help.
    #[default]
    Text,
    /// `{"files": [{"path", "diagnostics": [...]}], "summary": {...}}`.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning (`github/codeql-action/upload-sarif`).
    Sarif,
}

/// The least severe finding that fails the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum FailOn {
    /// Exit 1 on any error.
    #[default]
    Error,
    /// Exit 1 on any error or warning.
    Warning,
    /// Exit 1 on any finding at all.
    Info,
    /// Always exit 0 when every file could be read.
    Never,
}

impl FailOn {
    /// Whether a finding of this severity fails the run.
    pub fn fails(self, severity: Severity) -> bool {
        match self {
            FailOn::Error => severity == Severity::Error,
            FailOn::Warning => severity <= Severity::Warning,
            FailOn::Info => true,
            FailOn::Never => false,
        }
    }
}

/// Arguments of `oidc-trust lint`.
#[derive(Debug, Clone, clap::Args)]
#[command(
    about = "Lint trust-policy files (text, JSON, or SARIF for GitHub code scanning)",
    long_about = "Lint IAM role trust-policy files: JSON errors, elements AWS refuses in a trust policy, \
condition operators IAM does not know, policy variables that stay literal, duplicate keys and \
more. Every finding has a stable kebab-case code, a severity, the file, line and column, and the \
JSON pointer of the value at fault.",
    after_long_help = "EXIT STATUS:\n  \
0  no finding at or above the --fail-on level\n  \
1  at least one finding at or above the --fail-on level\n  \
2  a file could not be read\n\n\
EXAMPLES:\n  \
oidc-trust lint infra/roles/*.json\n  \
oidc-trust lint --fail-on warning trust.json\n  \
oidc-trust lint --format sarif --fail-on never policies/*.json > oidc-trust.sarif\n\n\
GITHUB CODE SCANNING:\n  \
- run: oidc-trust lint --format sarif --fail-on never policies/*.json > oidc-trust.sarif\n  \
- uses: github/codeql-action/upload-sarif@v3\n    \
with: { sarif_file: oidc-trust.sarif }"
)]
pub struct LintArgs {
    /// Trust-policy files (JSON documents with `Version` and `Statement`).
    #[arg(required = true, value_name = "POLICY")]
    pub policies: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// The least severe finding that makes the exit status 1.
    #[arg(long, value_enum, default_value_t = FailOn::Error, value_name = "LEVEL")]
    pub fail_on: FailOn,
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
/// (`invalid-policy-json`, `invalid-policy`...), from the core's one registry.
pub fn rules() -> Vec<Rule> {
    let lints = oidc_trust::codes::of_kind(CodeKind::Lint);
    let inputs = oidc_trust::codes::of_kind(CodeKind::Input);
    lints
        .chain(inputs)
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
        let Some(docs) = &self.docs else {
            return format!(
                "{}. Reported by oidc-trust when it reads a role trust policy.",
                capitalise(&self.summary)
            );
        };
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
        if out.is_empty() {
            capitalise(&self.summary)
        } else {
            out.join(" ")
        }
    }
}

/// The findings for one policy text: the reader's, then the lints'.
pub fn lint_text(text: &str) -> Vec<Diagnostic> {
    oidc_trust::lint_policy(text, None)
}

/// One linted file.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// The file.
    pub source: Source,
    /// Its findings.
    pub diagnostics: Vec<Diagnostic>,
}

/// Runs the command; returns the exit status.
pub fn run(
    args: &LintArgs,
    style: Style,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<i32> {
    let mut reports = Vec::new();
    let mut unreadable = false;
    for path in &args.policies {
        match input::read(path) {
            Ok(source) => {
                let diagnostics = lint_text(&source.text);
                reports.push(FileReport {
                    source,
                    diagnostics,
                });
            }
            Err(e) => {
                writeln!(err, "error: {e}")?;
                unreadable = true;
            }
        }
    }
    match args.format {
        Format::Text => text(out, &reports, style)?,
        Format::Json => {
            let v = json_report(&reports);
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&v).map_err(io::Error::other)?
            )?;
        }
        Format::Sarif => {
            let v = sarif(&reports);
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&v).map_err(io::Error::other)?
            )?;
        }
    }
    if unreadable {
        return Ok(2);
    }
    let failed = reports
        .iter()
        .flat_map(|r| &r.diagnostics)
        .any(|d| args.fail_on.fails(d.severity));
    Ok(i32::from(failed))
}

fn text(out: &mut dyn Write, reports: &[FileReport], s: Style) -> io::Result<()> {
    let mut totals = (0, 0, 0);
    for r in reports {
        let locator = Locator::File(r.source.clone());
        for d in &r.diagnostics {
            let place = locator.place(d.pointer.as_deref(), d.span);
            let pointer = match d.pointer.as_deref() {
                Some("") | None => String::new(),
                Some(p) => format!(" ({p})"),
            };
            writeln!(
                out,
                "{place}: {}[{}]: {}{}",
                s.severity(d.severity),
                d.code,
                d.message,
                s.dim(&pointer)
            )?;
            if let Some(help) = &d.help {
                writeln!(out, "    {} {help}", s.cyan("help:"))?;
            }
        }
        let (e, w, i) = render::count(&r.diagnostics);
        totals = (totals.0 + e, totals.1 + w, totals.2 + i);
    }
    let files = reports.len();
    let clean = reports.iter().filter(|r| r.diagnostics.is_empty()).count();
    writeln!(
        out,
        "{} file{} linted, {clean} clean: {} error{}, {} warning{}, {} info",
        files,
        plural(files),
        totals.0,
        plural(totals.0),
        totals.1,
        plural(totals.1),
        totals.2
    )?;
    Ok(())
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The JSON report.
pub fn json_report(reports: &[FileReport]) -> serde_json::Value {
    let files: Vec<serde_json::Value> = reports
        .iter()
        .map(|r| json!({"path": r.source.name, "diagnostics": r.diagnostics}))
        .collect();
    let all: Vec<Diagnostic> = reports
        .iter()
        .flat_map(|r| r.diagnostics.iter().cloned())
        .collect();
    let (e, w, i) = render::count(&all);
    json!({
        "files": files,
        "summary": {"files": reports.len(), "error": e, "warning": w, "info": i}
    })
}

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// `invalid-policy-json` -> `InvalidPolicyJson` (SARIF `name`).
fn pascal(id: &str) -> String {
    id.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

/// Characters a relative URI reference cannot hold as they are.
const URI_ESCAPE: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b']')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// A path as a SARIF artifact URI: relative, with forward slashes, percent-encoded.
fn artifact_uri(source: &Source) -> String {
    let raw = source
        .path
        .as_ref()
        .map_or_else(|| "stdin".to_owned(), |p| p.display().to_string())
        .replace('\\', "/");
    let raw = raw.strip_prefix("./").unwrap_or(&raw);
    percent_encoding::utf8_percent_encode(raw, URI_ESCAPE).to_string()
}

/// The SARIF 2.1.0 log.
pub fn sarif(reports: &[FileReport]) -> serde_json::Value {
    let rules = rules();
    let rule_json: Vec<serde_json::Value> = rules
        .iter()
        .map(|r| {
            let full = r.full_description();
            let markdown = r.docs.clone().unwrap_or_else(|| {
                format!(
                    "**{}**: {}\n\nSee the [oidc-trust documentation]({}).",
                    r.id,
                    full,
                    r.help_uri()
                )
            });
            json!({
                "id": r.id,
                "name": pascal(&r.id),
                "shortDescription": {"text": capitalise(&r.summary)},
                "fullDescription": {"text": full},
                "help": {"text": full, "markdown": markdown},
                "helpUri": r.help_uri(),
                "defaultConfiguration": {"level": sarif_level(r.severity)},
                "properties": {"tags": ["iam", "oidc", "trust-policy"]}
            })
        })
        .collect();
    let mut results = Vec::new();
    for r in reports {
        let uri = artifact_uri(&r.source);
        for d in &r.diagnostics {
            let rule_index = rules.iter().position(|x| x.id == d.code);
            let (start_line, start_column, end_line, end_column) = match d.span {
                Some(s) => {
                    let (el, ec) = oidc_trust::json::line_column(&r.source.text, s.end);
                    (
                        s.line.max(1),
                        s.column.max(1),
                        el.max(s.line.max(1)),
                        ec.max(1),
                    )
                }
                None => (1, 1, 1, 1),
            };
            let region = if (end_line, end_column) > (start_line, start_column) {
                json!({"startLine": start_line, "startColumn": start_column, "endLine": end_line, "endColumn": end_column})
            } else {
                json!({"startLine": start_line, "startColumn": start_column})
            };
            let message = match &d.help {
                Some(h) => format!("{}. {}", capitalise(&d.message), capitalise(h)),
                None => capitalise(&d.message),
            };
            let mut result = json!({
                "ruleId": d.code,
                "level": sarif_level(d.severity),
                "message": {"text": message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"},
                        "region": region
                    },
                    "logicalLocations": [{
                        "fullyQualifiedName": d.pointer.clone().unwrap_or_default(),
                        "kind": "element"
                    }]
                }],
                "partialFingerprints": {
                    "oidcTrustPointer/v1": format!("{}:{}", d.code, d.pointer.clone().unwrap_or_default())
                }
            });
            if let (Some(i), Some(o)) = (rule_index, result.as_object_mut()) {
                o.insert("ruleIndex".to_owned(), i.into());
            }
            results.push(result);
        }
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "oidc-trust",
                "informationUri": "https://github.com/oidc-trust/oidc-trust",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": rule_json
            }},
            "columnKind": "unicodeCodePoints",
            "results": results
        }]
    })
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(pascal("invalid-policy-json"), "InvalidPolicyJson");
        assert!(FailOn::Warning.fails(Severity::Error));
        assert!(!FailOn::Warning.fails(Severity::Info));
    }
}
