//! `oidc-trust lint`: findings about trust-policy files, as text, JSON or SARIF 2.1.0 (for
//! GitHub code scanning).

use std::io::{self, Write};
use std::path::PathBuf;

use oidc_trust::Diagnostic;
use oidc_trust::codes::Group;

use crate::iac::{self, Found, Inventory, Kind, Site};
use crate::input;
use crate::output::{self, FileReport, Finding};
pub use crate::output::{DOCS_URL, Format, Rule, rules};
use crate::style::Style;

pub use crate::config::FailOn;

/// Arguments of `oidc-trust lint`.
#[derive(Debug, Clone, clap::Args)]
#[command(
    about = "Lint trust-policy files (text, JSON, or SARIF for GitHub code scanning)",
    long_about = "Lint IAM role trust policies where they live: JSON errors, elements AWS refuses in a \
trust policy, condition operators IAM does not know, policy variables that stay literal, \
duplicate keys, subjects that trust too much or never match, and more. Every finding has a \
stable kebab-case code, a severity, the file, line and column, and the JSON pointer of the value \
at fault.\n\n\
INPUT is a file or a folder (default `.`). A folder is walked as ripgrep walks it: \
`.gitignore`, `.ignore` and hidden files are respected, and of its `.json`, `.yaml`, `.yml`, \
`.template` and `.tf` files those that are none of the inputs below are passed over (a CDK \
assembly folder is read as one input). Each input is one of (recognised from the file):\n  \
* a trust-policy JSON document (`Version`, `Statement`);\n  \
* `terraform show -json` of a plan or a state (OpenTofu's too): roles, policy-document data\n    \
sources (also those deferred to apply), OIDC providers, modules at any depth; values known\n    \
only after apply are named; with --source-root, findings point at the .tf lines;\n  \
* a `.tf` file, read for literals only (what it cannot read is said, with the advice to lint\n    \
a plan);\n  \
* a CloudFormation or SAM template, YAML or JSON (intrinsics evaluated; --parameter);\n  \
* a CDK cloud assembly (`cdk.out/` or its `manifest.json`).",
    after_long_help = "SELECTING FINDINGS:\n  \
--select and --ignore take codes (`wildcard-subject`) and groups: invalid, security,\n  \
never-matches, denied, style, note (`oidc-trust explain` lists every code and its group).\n  \
`oidc-trust.toml` (here or in a folder above; --config FILE) may hold the same:\n    \
[lint]\n    \
select = [\"security\", \"never-matches\", \"invalid\"]\n    \
ignore = [\"classic-github-subject\"]\n    \
fail-on = \"warning\"\n  \
--select replaces the file's `select`, --ignore adds to its `ignore`.\n\n\
EXIT STATUS:\n  \
0  no finding at or above the --fail-on level\n  \
1  at least one finding at or above the --fail-on level\n  \
2  a file could not be read\n\n\
EXAMPLES:\n  \
oidc-trust lint                                   # every input under the current folder\n  \
oidc-trust lint infra/ --ignore classic-github-subject\n  \
oidc-trust lint infra/roles/*.json --select security\n  \
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
    /// Files or folders (default `.`): trust-policy JSON files, `terraform show -json`
    /// plans and states, `.tf` files (literals only), CloudFormation/SAM templates (YAML or
    /// JSON), CDK assemblies (`cdk.out/` or its `manifest.json`). Folders are walked,
    /// respecting `.gitignore`.
    #[arg(value_name = "INPUT")]
    pub policies: Vec<PathBuf>,

    /// Report only these codes or groups (comma-separated or repeated): e.g.
    /// `security,never-matches` or `wildcard-subject`.
    #[arg(long, value_name = "CODE|GROUP", value_delimiter = ',')]
    pub select: Vec<String>,

    /// Do not report these codes or groups (comma-separated or repeated).
    #[arg(long, value_name = "CODE|GROUP", value_delimiter = ',')]
    pub ignore: Vec<String>,

    /// The settings file. Default: `oidc-trust.toml` in the working directory or the
    /// nearest folder above it.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

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

    /// Which target the files are for: `aws` (the default: trust policies and the
    /// infrastructure files that hold them), `azure` (federated identity credentials), `gcp`
    /// (a workload identity pool provider), `vault` (a JWT auth role), `publishing` (trusted
    /// publishers).
    #[arg(long, value_name = "TARGET", default_value = "aws", value_parser = input::target_named)]
    pub target: oidc_trust::api::Target,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// The least severe finding that makes the exit status 1. Default: `error`, or the
    /// settings file's `fail-on`.
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub fail_on: Option<FailOn>,
}

/// Which codes a run reports: `--select`/`--ignore` and the settings file.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    select: Option<Vec<Matcher>>,
    ignore: Vec<Matcher>,
}

/// A code, a group of codes, or every code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Matcher {
    All,
    Code(&'static str),
    Group(Group),
}

impl Matcher {
    fn parse(text: &str, flag: &str) -> Result<Self, String> {
        let t = text.trim();
        if t == "all" {
            return Ok(Matcher::All);
        }
        if let Some(c) = oidc_trust::codes::code(t) {
            return Ok(Matcher::Code(c.id));
        }
        if let Some(g) = Group::ORDER.iter().find(|g| g.id() == t) {
            return Ok(Matcher::Group(*g));
        }
        let names = oidc_trust::codes::CODES
            .iter()
            .map(|c| c.id)
            .chain(Group::ORDER.iter().map(|g| g.id()));
        let closest = names
            .map(|n| (strsim::levenshtein(n, t), n))
            .min()
            .filter(|(d, _)| *d <= 3)
            .map(|(_, n)| format!("; did you mean `{n}`?"))
            .unwrap_or_default();
        Err(format!(
            "{flag} `{t}`: no such code or group{closest} (`oidc-trust explain` lists them)"
        ))
    }

    fn matches(self, code: &str) -> bool {
        match self {
            Matcher::All => true,
            Matcher::Code(c) => c == code,
            Matcher::Group(g) => oidc_trust::codes::group_of(code) == g,
        }
    }
}

impl Selection {
    /// From the flags and the settings file's `[lint]` (`where_` names it in errors).
    pub fn new(
        select: &[String],
        ignore: &[String],
        config: &crate::config::LintConfig,
        where_: &str,
    ) -> Result<Self, String> {
        let parse = |list: &[String], flag: &str| -> Result<Vec<Matcher>, String> {
            list.iter().map(|t| Matcher::parse(t, flag)).collect()
        };
        let select = if select.is_empty() {
            match &config.select {
                Some(list) => Some(parse(list, &format!("{where_}: `select`"))?),
                None => None,
            }
        } else {
            Some(parse(select, "--select")?)
        };
        let mut ignored = parse(&config.ignore, &format!("{where_}: `ignore`"))?;
        ignored.extend(parse(ignore, "--ignore")?);
        Ok(Selection {
            select,
            ignore: ignored,
        })
    }

    /// Whether findings with this code are reported.
    pub fn reports(&self, code: &str) -> bool {
        let selected = self
            .select
            .as_ref()
            .is_none_or(|s| s.iter().any(|m| m.matches(code)));
        selected && !self.ignore.iter().any(|m| m.matches(code))
    }
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
        let findings = lint_text(&source.text);
        return Ok(file_report(&source, findings));
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

/// A target's lint entry point: the JSON request in, the findings out.
type TargetLint = fn(&str) -> oidc_trust::api::LintResult;

/// The lint entry point of each target other than AWS, and the request field its main file
/// fills (`oidc-trust lint --target NAME FILE...`).
const LINTS: &[(oidc_trust::api::Target, &str, TargetLint)] = &[
    (
        oidc_trust::api::Target::Azure,
        "credentials",
        oidc_trust::api::lint_azure_json,
    ),
    (
        oidc_trust::api::Target::Gcp,
        "provider",
        oidc_trust::api::lint_gcp_json,
    ),
    (
        oidc_trust::api::Target::Vault,
        "role",
        oidc_trust::api::lint_vault_json,
    ),
    (
        oidc_trust::api::Target::Publishing,
        "publishers",
        oidc_trust::api::lint_publishing_json,
    ),
];

/// Lints one configuration file of `target` (a credentials list, a pool provider, a Vault
/// role, trusted publishers): the reader's findings and the target's lints, placed in the
/// file. `None` for AWS, whose files the `IaC` readers take.
pub fn lint_file(target: oidc_trust::api::Target, source: &input::Source) -> Option<FileReport> {
    let (_, field, lint) = LINTS.iter().find(|(t, _, _)| *t == target)?;
    let mut request = serde_json::Map::new();
    request.insert((*field).to_owned(), source.text.clone().into());
    let result = lint(&serde_json::Value::Object(request).to_string());
    Some(file_report(source, result.diagnostics))
}

/// The report of one document read whole: each finding placed by its span in the file.
fn file_report(source: &input::Source, diagnostics: Vec<Diagnostic>) -> FileReport {
    let findings = diagnostics
        .into_iter()
        .map(|d| Finding {
            site: d
                .span
                .map(|s| Site::of_range(&source.name, &source.text, s.start, s.end)),
            diagnostic: d,
            policy: None,
        })
        .collect();
    FileReport {
        name: source.name.clone(),
        kind: Kind::Policy,
        findings,
        policies: 1,
        skipped: false,
    }
}

/// Runs the command; returns the exit status.
pub fn run(
    args: &LintArgs,
    style: Style,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<i32> {
    let (config, config_path) = match crate::config::load(args.config.as_deref()) {
        Ok(c) => c,
        Err(e) => {
            writeln!(err, "error: {e}")?;
            return Ok(2);
        }
    };
    let where_ = config_path.as_ref().map_or_else(
        || crate::config::FILE_NAME.to_owned(),
        |p| p.display().to_string(),
    );
    let selection = match Selection::new(&args.select, &args.ignore, &config.lint, &where_) {
        Ok(s) => s,
        Err(e) => {
            writeln!(err, "error: {e}")?;
            return Ok(2);
        }
    };
    let fail_on = args.fail_on.or(config.lint.fail_on).unwrap_or_default();
    let options = iac::Options {
        source_root: args.source_root.clone(),
        parameters: args.parameters.clone(),
        skip_other: args.skip_other,
    };
    let given = if args.policies.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.policies.clone()
    };
    let mut reports = Vec::new();
    let mut unreadable = false;
    for input in inputs(&given) {
        let (path, walked) = match input {
            Ok(i) => i,
            Err(e) => {
                writeln!(err, "error: {e}")?;
                unreadable = true;
                continue;
            }
        };
        // A walked file that is none of our inputs is passed over, as --skip-other does.
        let options = iac::Options {
            skip_other: options.skip_other || walked,
            ..options.clone()
        };
        let linted = if args.target == oidc_trust::api::Target::Aws {
            lint_input(&path, &options)
        } else {
            input::read(&path).map(|source| {
                lint_file(args.target, &source).unwrap_or(FileReport {
                    name: source.name,
                    kind: Kind::Policy,
                    findings: Vec::new(),
                    policies: 0,
                    skipped: true,
                })
            })
        };
        match linted {
            Ok(r) if r.skipped => {}
            Ok(mut r) => {
                r.findings.retain(|f| selection.reports(f.diagnostic.code));
                sort(&mut r.findings);
                reports.push(r);
            }
            Err(e) if walked && is_yaml(&path) => {
                writeln!(err, "note: passed over {}: {e}", path.display())?;
            }
            Err(e) => {
                writeln!(err, "error: {e}")?;
                unreadable = true;
            }
        }
    }
    let roots: Vec<PathBuf> = args.source_root.iter().cloned().collect();
    output::write(out, args.format, &reports, style, &roots)?;
    if unreadable {
        return Ok(2);
    }
    let failed = reports
        .iter()
        .flat_map(|r| &r.findings)
        .any(|f| fail_on.fails(f.diagnostic.severity));
    Ok(i32::from(failed))
}

fn is_yaml(path: &std::path::Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

/// Findings in the order of their places: by file, line and column; those without a place
/// after, in the order they came.
fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        let key = |f: &Finding| {
            f.site.as_ref().map_or((1, String::new(), 0, 0), |s| {
                (0, s.file.clone(), s.line, s.column)
            })
        };
        key(a).cmp(&key(b))
    });
}

/// The extensions a folder walk reads.
const WALKED: [&str; 5] = ["json", "yaml", "yml", "template", "tf"];

/// The inputs the command line names, folders walked: each path, and whether it was found
/// by walking (then anything that is none of our inputs is passed over). A folder that is a
/// CDK assembly (a `manifest.json` with `artifacts`) is one input, and its templates are
/// not read again.
pub fn inputs(given: &[PathBuf]) -> Vec<Result<(PathBuf, bool), input::InputError>> {
    let mut out = Vec::new();
    for path in given {
        if !path.is_dir() || is_assembly(path) {
            out.push(Ok((path.clone(), false)));
            continue;
        }
        let mut files = Vec::new();
        let walker = ignore::WalkBuilder::new(path)
            .require_git(false)
            .sort_by_file_path(Ord::cmp)
            .build();
        for entry in walker {
            match entry {
                Ok(e) if e.file_type().is_some_and(|t| t.is_file()) => {
                    // `lint` walks `.` as `tests/x.json`, not `./tests/x.json` (ripgrep's way).
                    let p = e.into_path();
                    let p = match p.strip_prefix(".") {
                        Ok(rest) if path.as_os_str() == "." => rest.to_path_buf(),
                        _ => p,
                    };
                    let ext = p
                        .extension()
                        .map(|x| x.to_string_lossy().to_ascii_lowercase())
                        .unwrap_or_default();
                    if WALKED.contains(&ext.as_str()) {
                        files.push(p);
                    }
                }
                Ok(_) => {}
                Err(e) => out.push(Err(input::InputError::in_file(
                    &path.display().to_string(),
                    format!("cannot walk the folder: {e}"),
                ))),
            }
        }
        let assemblies: Vec<PathBuf> = files
            .iter()
            .filter(|f| f.file_name().is_some_and(|n| n == "manifest.json"))
            .filter_map(|f| f.parent())
            .filter(|d| is_assembly(d))
            .map(std::path::Path::to_path_buf)
            .collect();
        for f in files {
            match assemblies.iter().find(|a| f.starts_with(a)) {
                Some(a)
                    if f.file_name().is_some_and(|n| n == "manifest.json")
                        && f.parent() == Some(a.as_path()) =>
                {
                    out.push(Ok((a.clone(), true)));
                }
                Some(_) => {}
                None => out.push(Ok((f, true))),
            }
        }
    }
    out
}

/// Whether a folder is a CDK cloud assembly.
fn is_assembly(dir: &std::path::Path) -> bool {
    std::fs::read_to_string(dir.join("manifest.json")).is_ok_and(|t| {
        serde_json::from_str::<serde_json::Value>(&t)
            .is_ok_and(|v| v.get("artifacts").is_some() && v.get("version").is_some())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use oidc_trust::Severity;

    #[test]
    fn names() {
        assert!(FailOn::Warning.fails(Severity::Error));
        assert!(!FailOn::Warning.fails(Severity::Info));
    }
}
