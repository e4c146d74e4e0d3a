//! Where trust policies live: Terraform plans and state (`terraform show -json`, OpenTofu's
//! too), `.tf` files read for literals, CloudFormation and SAM templates (YAML or JSON), and
//! CDK cloud assemblies. Each reader turns its input into [`Found`] policies: a JSON
//! document the core lints as it lints any policy, with a source map from the document's
//! JSON pointers to the places in the user's files that wrote them, the values that could
//! not be known (as `${...}` placeholders in the document and as diagnostics that say which
//! value to supply), and the OIDC providers the input declares. The core never sees the
//! input format.

pub mod cdk;
pub mod cfn;
pub mod document;
pub mod hcl;
pub mod terraform;
pub mod yaml;

use std::path::{Path, PathBuf};

use oidc_trust::{Diagnostic, Severity};

use crate::input::{self, InputError, Source};

/// A place in a file: 1-based lines and columns, the end exclusive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    /// The file, as it should be shown (relative to where the command runs, or to the
    /// source root for Terraform).
    pub file: String,
    /// First line.
    pub line: usize,
    /// First column (characters).
    pub column: usize,
    /// The line after which the place ends, if known.
    pub end_line: usize,
    /// The column the place ends before.
    pub end_column: usize,
}

impl Site {
    /// The place of the bytes `start..end` of `text`, in `file`.
    pub fn of_range(file: &str, text: &str, start: usize, end: usize) -> Self {
        let (line, column) = oidc_trust::json::line_column(text, start);
        let (end_line, end_column) = oidc_trust::json::line_column(text, end.max(start));
        Site {
            file: file.to_owned(),
            line,
            column,
            end_line,
            end_column,
        }
    }

    /// A place known only by its line and column.
    pub fn point(file: &str, line: usize, column: usize) -> Self {
        Site {
            file: file.to_owned(),
            line,
            column,
            end_line: line,
            end_column: column,
        }
    }
}

/// JSON pointers of a document, each with the place that wrote it; the longest pointer
/// that is a prefix of a finding's pointer gives the finding's place.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceMap {
    entries: Vec<(String, Site)>,
}

impl SourceMap {
    /// Records the place of `pointer` (the first record of a pointer wins).
    pub fn insert(&mut self, pointer: &str, site: Site) {
        if !self.entries.iter().any(|(p, _)| p == pointer) {
            self.entries.push((pointer.to_owned(), site));
        }
    }

    /// The place of the value at `pointer`, or of the closest enclosing value that has one.
    pub fn find(&self, pointer: &str) -> Option<&Site> {
        self.entries
            .iter()
            .filter(|(p, _)| {
                p.is_empty()
                    || pointer == p
                    || pointer
                        .strip_prefix(p.as_str())
                        .is_some_and(|rest| rest.starts_with('/'))
            })
            .max_by_key(|(p, _)| p.len())
            .map(|(_, s)| s)
    }

    /// Adds another map's places; `other` wins for pointers below the root.
    pub fn merge(&mut self, other: SourceMap) {
        for (p, site) in other.entries {
            if p.is_empty() {
                self.insert("", site);
            } else {
                self.entries.retain(|(q, _)| *q != p);
                self.entries.push((p, site));
            }
        }
    }

    /// Whether nothing is recorded.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// One trust policy found in an input.
#[derive(Debug, Clone)]
pub struct Found {
    /// What the user calls it: a Terraform address, a CloudFormation logical id, a CDK
    /// construct path.
    pub name: String,
    /// The document, with unknown values as `${...}` placeholders.
    pub document: serde_json::Value,
    /// Where each part of the document was written.
    pub map: SourceMap,
    /// Findings about the input itself (values unknown until apply, unresolved
    /// parameters), with pointers into the document.
    pub notes: Vec<Diagnostic>,
}

/// An OIDC provider an input declares (stage one: its URL and client-id list).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provider {
    /// Its name in the input (address, logical id).
    pub name: String,
    /// The URL without `https://`.
    pub url: String,
    /// The client ids (audiences); `None` when unknown.
    pub client_ids: Option<Vec<String>>,
    /// Where it was declared.
    pub site: Option<Site>,
}

/// What a reader found in one input.
#[derive(Debug, Clone, Default)]
pub struct Inventory {
    /// The input kind, for messages and SARIF's `automationDetails`.
    pub kind: Option<Kind>,
    /// The trust policies.
    pub policies: Vec<Found>,
    /// The OIDC providers.
    pub providers: Vec<Provider>,
    /// Findings about the input as a whole (a SAM transform, say).
    pub notes: Vec<(Diagnostic, Option<Site>)>,
}

/// The kinds of input `lint` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A trust-policy JSON document.
    Policy,
    /// `terraform show -json` of a plan.
    TerraformPlan,
    /// `terraform show -json` of a state.
    TerraformState,
    /// `.tf` files, read for literals only.
    Hcl,
    /// A CloudFormation or SAM template.
    CloudFormation,
    /// A CDK cloud assembly (`cdk.out`).
    Cdk,
    /// An account export (`scan`).
    AccountExport,
}

impl Kind {
    /// A short name: the SARIF category and the JSON report's `kind`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Policy => "policy",
            Kind::TerraformPlan => "terraform-plan",
            Kind::TerraformState => "terraform-state",
            Kind::Hcl => "terraform-hcl",
            Kind::CloudFormation => "cloudformation",
            Kind::Cdk => "cdk",
            Kind::AccountExport => "account",
        }
    }
}

/// What the readers take besides the file.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The Terraform configuration's root folder, to point findings at `.tf` lines.
    pub source_root: Option<PathBuf>,
    /// CloudFormation parameter values (`--parameter K=V`).
    pub parameters: Vec<(String, String)>,
    /// Pass over JSON and YAML files that are no input of ours (an empty inventory with no
    /// kind) instead of reading them as trust policies.
    pub skip_other: bool,
}

/// Reads one input of any kind `lint` takes: a policy file is returned as `Ok(None)`
/// (the caller lints it as before), anything else as its inventory.
pub fn read(
    path: &Path,
    source: &Source,
    options: &Options,
) -> Result<Option<Inventory>, InputError> {
    if path.is_dir() {
        return cdk::read_dir(path, options).map(Some);
    }
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if ext == "tf" {
        return hcl::read_literals(source).map(Some);
    }
    let other = || {
        if options.skip_other {
            Ok(Some(Inventory::default()))
        } else {
            Ok(None)
        }
    };
    if matches!(ext.as_str(), "yaml" | "yml" | "template") {
        let tree = yaml::parse(source)?;
        if options.skip_other && tree.get("Resources").is_none() {
            return Ok(Some(Inventory::default()));
        }
        return cfn::read(source, &tree, options).map(Some);
    }
    let trimmed = source.text.trim_start();
    if !trimmed.starts_with('{') {
        return other();
    }
    let Ok(serde_json::Value::Object(top)) =
        serde_json::from_str::<serde_json::Value>(&source.text)
    else {
        // Broken JSON that looks like a policy is read as one (and its error reported).
        if source.text.contains("\"Statement\"") {
            return Ok(None);
        }
        return other();
    };
    if top.contains_key("Statement") {
        return Ok(None);
    }
    if top.contains_key("format_version")
        && (top.contains_key("planned_values")
            || top.contains_key("resource_changes")
            || top.contains_key("values")
            || top.contains_key("prior_state"))
    {
        let value = serde_json::Value::Object(top);
        return terraform::read(source, &value, options).map(Some);
    }
    if top.contains_key("artifacts") && top.contains_key("version") {
        let dir = path.parent().unwrap_or_else(|| Path::new("."));
        return cdk::read_manifest(dir, source, options).map(Some);
    }
    if top.contains_key("Resources") || top.contains_key("AWSTemplateFormatVersion") {
        let tree = yaml::from_json(source)?;
        return cfn::read(source, &tree, options).map(Some);
    }
    other()
}

/// Reads an input given on the command line: a file (with its text), or a CDK assembly
/// folder; with what the readers found in it (`None` for a policy file).
pub fn read_path(
    path: &Path,
    options: &Options,
) -> Result<(Source, Option<Inventory>), InputError> {
    let source = if path.is_dir() {
        Source {
            name: path.display().to_string(),
            path: Some(path.to_owned()),
            text: String::new(),
        }
    } else {
        input::read(path)?
    };
    let inventory = read(path, &source, options)?;
    Ok((source, inventory))
}

/// A finding about the input (not the policy), at `pointer` of the document.
pub fn note(code: &'static str, pointer: &str, message: String, help: &str) -> Diagnostic {
    let level = oidc_trust::codes::code(code).map_or(Severity::Warning, |c| c.level);
    Diagnostic::new(code, level, oidc_trust::diagnostic::Source::Policy, message)
        .at(pointer, None)
        .help(help.to_owned())
}

/// Stage one: a positive `aud` condition on a provider whose client-id list is known,
/// naming no audience on that list, can never be met: AWS refuses every token before it
/// reads the policy.
pub fn stage_one(document: &serde_json::Value, providers: &[Provider]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let statements = match document.get("Statement") {
        Some(serde_json::Value::Array(a)) => a.iter().collect(),
        Some(one) => vec![one],
        None => Vec::new(),
    };
    for (i, st) in statements.into_iter().enumerate() {
        let Some(conditions) = st.get("Condition").and_then(|c| c.as_object()) else {
            continue;
        };
        for (op, block) in conditions {
            if !matches!(op.as_str(), "StringEquals" | "ForAnyValue:StringEquals") {
                continue;
            }
            for (key, values) in block.as_object().into_iter().flatten() {
                let Some((prefix, claim)) = key.rsplit_once(':') else {
                    continue;
                };
                if !claim.eq_ignore_ascii_case("aud") {
                    continue;
                }
                let Some(p) = providers
                    .iter()
                    .find(|p| p.url.eq_ignore_ascii_case(prefix))
                else {
                    continue;
                };
                let Some(ids) = &p.client_ids else { continue };
                let wanted: Vec<&str> = match values {
                    serde_json::Value::Array(a) => a.iter().filter_map(|v| v.as_str()).collect(),
                    v => v.as_str().into_iter().collect(),
                };
                if wanted.is_empty()
                    || wanted
                        .iter()
                        .any(|w| w.contains("${") || ids.iter().any(|id| id == w))
                {
                    continue;
                }
                let pointer = format!(
                    "/Statement/{i}/Condition/{}/{}",
                    oidc_trust::diagnostic::pointer_escape(op),
                    oidc_trust::diagnostic::pointer_escape(key)
                );
                out.push(
                    Diagnostic::new(
                        oidc_trust::codes::AUDIENCE_NOT_ALLOWED,
                        Severity::Warning,
                        oidc_trust::diagnostic::Source::Providers,
                        format!(
                            "`{key}` must be {}, but the provider `{}` ({}) lists only {} as client ids, so AWS refuses every token before the policy",
                            quoted(&wanted),
                            p.url,
                            p.name,
                            quoted(&ids.iter().map(String::as_str).collect::<Vec<_>>())
                        ),
                    )
                    .at(&pointer, None)
                    .help("add the audience to the provider's client-id list, or pin the audience the provider lists".to_owned()),
                );
            }
        }
    }
    out
}

fn quoted(items: &[&str]) -> String {
    if items.is_empty() {
        return "nothing".to_owned();
    }
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A pointer as the path words of a message: `/Statement/0/Condition` ->
/// `Statement/0/Condition`.
pub fn path_words(pointer: &str) -> String {
    pointer
        .trim_start_matches('/')
        .replace("~1", "/")
        .replace("~0", "~")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_map_takes_the_longest_prefix() {
        let mut m = SourceMap::default();
        m.insert("", Site::point("a.tf", 1, 1));
        m.insert("/Statement/0", Site::point("a.tf", 3, 3));
        m.insert("/Statement/0/Condition", Site::point("a.tf", 9, 5));
        assert_eq!(
            m.find("/Statement/0/Condition/StringLike/x").unwrap().line,
            9
        );
        assert_eq!(m.find("/Statement/0/Action").unwrap().line, 3);
        assert_eq!(m.find("/Statement/01").unwrap().line, 1);
        assert_eq!(
            path_words("/Condition/StringLike/a~1b:sub"),
            "Condition/StringLike/a/b:sub"
        );
    }
}
