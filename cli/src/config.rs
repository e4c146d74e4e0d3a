//! `oidc-trust.toml`: the project's settings, found in the working directory or the
//! nearest folder above it (or given with `--config`). One section so far:
//!
//! ```toml
//! [lint]
//! select = ["security", "never-matches", "invalid"]   # codes or groups; default: all
//! ignore = ["classic-github-subject"]                 # codes or groups
//! fail-on = "warning"                                 # error (default), warning, info, never
//! ```
//!
//! The command line wins: `--select` replaces `select`, `--ignore` adds to `ignore`,
//! `--fail-on` replaces `fail-on`. A key the file does not know is an error, located.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use oidc_trust::Severity;

use crate::input::{self, InputError};

/// The file's name.
pub const FILE_NAME: &str = "oidc-trust.toml";

/// The least severe finding that fails the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
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

/// The whole file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// `[lint]`.
    #[serde(default)]
    pub lint: LintConfig,
}

/// `[lint]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LintConfig {
    /// Codes or groups to report (default: all).
    #[serde(default)]
    pub select: Option<Vec<String>>,
    /// Codes or groups not to report.
    #[serde(default)]
    pub ignore: Vec<String>,
    /// The least severe finding that fails the run.
    #[serde(default)]
    pub fail_on: Option<FailOn>,
}

/// The configuration: `--config FILE`, else `oidc-trust.toml` in the working directory or
/// the nearest folder above it, else none; with the file it came from.
pub fn load(given: Option<&Path>) -> Result<(Config, Option<PathBuf>), InputError> {
    let path = match given {
        Some(p) => Some(p.to_owned()),
        None => find(),
    };
    let Some(path) = path else {
        return Ok((Config::default(), None));
    };
    let source = input::read(&path)?;
    let config = toml::from_str::<Config>(&source.text).map_err(|e| {
        let mut err = InputError::in_file(&source.name, e.message().to_owned());
        if let Some(span) = e.span() {
            err.line_column = Some(oidc_trust::json::line_column(&source.text, span.start));
        }
        err
    })?;
    Ok((config, Some(path)))
}

fn find() -> Option<PathBuf> {
    let cwd = std::env::current_dir().ok()?;
    cwd.ancestors()
        .map(|d| d.join(FILE_NAME))
        .find(|p| p.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_lint_section() {
        let c: Config = toml::from_str(
            "[lint]\nselect = [\"security\"]\nignore = [\"classic-github-subject\"]\nfail-on = \"warning\"\n",
        )
        .unwrap();
        assert_eq!(c.lint.select.as_deref(), Some(&["security".to_owned()][..]));
        assert_eq!(c.lint.fail_on, Some(FailOn::Warning));
        assert!(toml::from_str::<Config>("[lint]\nselec = []\n").is_err());
    }
}
