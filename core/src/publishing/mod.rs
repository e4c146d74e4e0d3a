//! Package registries' trusted publishing for GitHub Actions (the `publishing` target):
//! PyPI, crates.io and npm exchange a workflow's OIDC token for a short-lived upload token
//! when a trusted publisher of the package names the workflow's repository (owner and
//! name, and the owner's id where the registry records it), its workflow file and, when
//! set, its environment.
//!
//! [`publisher`] reads the publishers as each registry shows them; [`exchange`] decides the
//! exchange in the registry's order as typed data (stages, checks, the refusal with the
//! registry's text where the semantics reference gives it); [`lint`] flags publishers that
//! admit more runs than meant, or none; [`generate`] writes the publisher that admits one
//! token's workflow.
//!
//! Sources: semantics reference section 4 (pypi/warehouse `oidc/models/github.py` and
//! `_core.py`; rust-lang/crates.io `crates_io_trustpub`; docs.npmjs.com/trusted-publishers).

pub mod exchange;
pub mod generate;
pub mod lint;
pub mod publisher;

use serde::{Deserialize, Serialize};

/// GitHub Actions' issuer: the only one the registries take for a GitHub publisher.
pub const GITHUB_ISSUER: &str = "https://token.actions.githubusercontent.com";

/// A package registry.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Registry {
    /// The Python Package Index (pypi/warehouse).
    #[serde(rename = "pypi")]
    PyPi,
    /// crates.io, Rust's registry.
    #[serde(rename = "crates.io")]
    CratesIo,
    /// The npm registry (`registry.npmjs.org`).
    #[serde(rename = "npm")]
    Npm,
}

impl Registry {
    /// Every registry.
    pub const ALL: [Registry; 3] = [Registry::PyPi, Registry::CratesIo, Registry::Npm];

    /// The wire name (`pypi`, `crates.io`, `npm`).
    pub fn as_str(self) -> &'static str {
        match self {
            Registry::PyPi => "pypi",
            Registry::CratesIo => "crates.io",
            Registry::Npm => "npm",
        }
    }

    /// The registry's name in a sentence.
    pub fn name(self) -> &'static str {
        match self {
            Registry::PyPi => "PyPI",
            Registry::CratesIo => "crates.io",
            Registry::Npm => "npm",
        }
    }

    /// The registry with this wire name.
    pub fn named(name: &str) -> Option<Registry> {
        Registry::ALL.into_iter().find(|r| r.as_str() == name)
    }

    /// The audience the registry requires. PyPI's is what `pypi.org/_/oidc/audience`
    /// answers (`pypi`, the value `pypa/gh-action-pypi-publish` requests); crates.io's is
    /// in its claims type; npm's (`npm:registry.npmjs.org`) is UNCONFIRMED: the value npm's
    /// CLI requests, which no source in the reference states.
    pub fn audience(self) -> &'static str {
        match self {
            Registry::PyPi => "pypi",
            Registry::CratesIo => "crates.io",
            Registry::Npm => "npm:registry.npmjs.org",
        }
    }

    /// The claim the registry takes the workflow file from: PyPI the job's workflow
    /// (`job_workflow_ref`, a reusable workflow when the job calls one), crates.io the
    /// run's top-level workflow (`workflow_ref`). npm's choice is UNCONFIRMED; it is read as
    /// crates.io's (npm documents "the workflow filename" of the publishing workflow).
    pub fn workflow_claim(self) -> &'static str {
        match self {
            Registry::PyPi => "job_workflow_ref",
            Registry::CratesIo | Registry::Npm => "workflow_ref",
        }
    }

    /// Whether the registry records the owner's immutable id and compares it: PyPI and
    /// crates.io look it up when the publisher is created; npm's publisher form takes names
    /// only (whether npm records the id is UNCONFIRMED; read as not).
    pub fn checks_owner_id(self) -> bool {
        !matches!(self, Registry::Npm)
    }
}
