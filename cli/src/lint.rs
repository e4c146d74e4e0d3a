//! `oidc-trust lint`: findings about trust-policy files, as text, JSON or SARIF 2.1.0 (for
//! GitHub code scanning).

use std::io::{self, Write};
use std::path::PathBuf;

use oidc_trust::{Diagnostic, Severity};

use crate::iac::{self, Found, Inventory, Kind, Site};
use crate::input;
use crate::output::{self, FileReport, Finding};
pub use crate::output::{DOCS_URL, Format, Rule, rules};
use crate::style::Style;

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
    long_about = "Lint IAM role trust policies where they live: JSON errors, elements AWS refuses in a \
trust policy, condition operators IAM does not know, policy variables that stay literal, \
duplicate keys, subjects that trust too much or never match, and more. Every finding has a \
stable kebab-case code, a severity, the file, line and column, and the JSON pointer of the value \
at fault.\n\n\
INPUT is one of (recognised from the file):\n  \
* a trust-policy JSON document (`Version`, `Statement`);\n  \
* `terraform show -json` of a plan or a state (OpenTofu's too): roles, policy-document data\n    \
sources (also those deferred to apply), OIDC providers, modules at any depth; values known\n    \
only after apply are named; with --source-root, findings point at the .tf lines;\n  \
* a `.tf` file, read for literals only (what it cannot read is said, with the advice to lint\n    \
a plan);\n  \
* a CloudFormation or SAM template, YAML or JSON (intrinsics evaluated; --parameter);\n  \
* a CDK cloud assembly (`cdk.out/` or its `manifest.json`).",
    after_long_help = "EXIT STATUS:\n  \
0  no finding at or above the --fail-on level\n  \
1  at least one finding at or above the --fail-on level\n  \
2  a file could not be read\n\n\
EXAMPLES:\n  \
oidc-trust lint infra/roles/*.json\n  \
oidc-trust lint --fail-on warning trust.json\n  \
oidc-trust lint --format sarif --fail-on never policies/*.json > oidc-trust.sarif\n  \
terraform show -json tfplan > plan.json && oidc-trust lint plan.json --source-root .\n  \
oidc-trust lint template.yaml --parameter GitHubOrg=octo-org --format github\n  \
oidc-trust lint cdk.out\n\n\
GITHUB CODE SCANNING:\n  \
- run: oidc-trust lint --format sarif --fail-on never plan.json --source-root . > oidc-trust.sarif\n  \
- uses: github/codeql-action/upload-sarif@v3\n    \
with: { sarif_file: oidc-trust.sarif }"
)]
pub struct LintArgs {
    /// Trust-policy JSON files, `terraform show -json` plans and states, `.tf` files
    /// (literals only), CloudFormation/SAM templates (YAML or JSON), CDK assemblies
    /// (`cdk.out/` or its `manifest.json`).
    #[arg(required = true, value_name = "INPUT")]
    pub policies: Vec<PathBuf>,

    /// The Terraform configuration's folder: findings on a plan or state point at the
    /// `.tf` lines that wrote them (as GitHub code scanning needs).
    #[arg(long, value_name = "DIR")]
    pub source_root: Option<PathBuf>,

    /// Pass over JSON and YAML files that are neither trust policies nor templates, plans
    /// or assemblies (for pre-commit, which hands over every matching file).
    #[arg(long)]
    pub skip_other: bool,

    /// A CloudFormation parameter's value (repeatable), used before its `Default`.
    #[arg(long = "parameter", value_name = "KEY=VALUE", value_parser = parse_parameter)]
    pub parameters: Vec<(String, String)>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// The least severe finding that makes the exit status 1.
    #[arg(long, value_enum, default_value_t = FailOn::Error, value_name = "LEVEL")]
    pub fail_on: FailOn,
}

/// `KEY=VALUE`.
fn parse_parameter(s: &str) -> Result<(String, String), String> {
    s.split_once('=')
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .ok_or_else(|| format!("`{s}` is not KEY=VALUE"))
}

/// The findings for one policy text: the reader's, then the lints'.
pub fn lint_text(text: &str) -> Vec<Diagnostic> {
    oidc_trust::lint_policy(text, None)
}

/// The findings on one found policy: the input's notes, then the core's, each placed by
/// the source map (the rendered document's spans mean nothing to the user).
pub fn lint_found(found: &Found) -> Vec<Finding> {
    let text = serde_json::to_string_pretty(&found.document).unwrap_or_default();
    let mut all = found.notes.clone();
    all.extend(lint_text(&text));
    all.into_iter()
        .map(|mut d| {
            d.span = None;
            let site = found.map.find(d.pointer.as_deref().unwrap_or("")).cloned();
            Finding {
                diagnostic: d,
                site,
                policy: Some(found.name.clone()),
            }
        })
        .collect()
}

/// The stage-one findings of a found policy, placed by its source map.
fn audience_checks(inv: &Inventory, found: &Found) -> Vec<Finding> {
    iac::stage_one(&found.document, &inv.providers)
        .into_iter()
        .map(|d| Finding {
            site: found.map.find(d.pointer.as_deref().unwrap_or("")).cloned(),
            diagnostic: d,
            policy: Some(found.name.clone()),
        })
        .collect()
}

/// The report of one input.
pub fn lint_input(
    path: &std::path::Path,
    options: &iac::Options,
) -> Result<FileReport, input::InputError> {
    let (source, inventory) = iac::read_path(path, options)?;
    let Some(inv) = inventory else {
        let findings = lint_text(&source.text)
            .into_iter()
            .map(|d| Finding {
                site: d
                    .span
                    .map(|s| Site::of_range(&source.name, &source.text, s.start, s.end)),
                diagnostic: d,
                policy: None,
            })
            .collect();
        return Ok(FileReport {
            name: source.name,
            kind: Kind::Policy,
            findings,
            policies: 1,
            skipped: false,
        });
    };
    let mut findings: Vec<Finding> = inv
        .notes
        .iter()
        .map(|(d, site)| Finding {
            diagnostic: d.clone(),
            site: site.clone(),
            policy: None,
        })
        .collect();
    for found in &inv.policies {
        for f in lint_found(found)
            .into_iter()
            .chain(audience_checks(&inv, found))
        {
            let twin = findings.iter().any(|g| {
                g.diagnostic.code == f.diagnostic.code
                    && g.site == f.site
                    && g.diagnostic.message == f.diagnostic.message
            });
            if !twin {
                findings.push(f);
            }
        }
    }
    Ok(FileReport {
        name: source.name,
        skipped: inv.kind.is_none(),
        kind: inv.kind.unwrap_or(Kind::Policy),
        findings,
        policies: inv.policies.len(),
    })
}

/// Runs the command; returns the exit status.
pub fn run(
    args: &LintArgs,
    style: Style,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<i32> {
    let options = iac::Options {
        source_root: args.source_root.clone(),
        parameters: args.parameters.clone(),
        skip_other: args.skip_other,
    };
    let mut reports = Vec::new();
    let mut unreadable = false;
    for path in &args.policies {
        match lint_input(path, &options) {
            Ok(r) if r.skipped => {}
            Ok(r) => reports.push(r),
            Err(e) => {
                writeln!(err, "error: {e}")?;
                unreadable = true;
            }
        }
    }
    output::write(out, args.format, &reports, style)?;
    if unreadable {
        return Ok(2);
    }
    let failed = reports
        .iter()
        .flat_map(|r| &r.findings)
        .any(|f| args.fail_on.fails(f.diagnostic.severity));
    Ok(i32::from(failed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(FailOn::Warning.fails(Severity::Error));
        assert!(!FailOn::Warning.fails(Severity::Info));
    }
}
