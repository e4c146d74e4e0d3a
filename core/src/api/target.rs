//! Every target behind one entry point: a request names its target (`"target": "aws"`,
//! the default when absent), and the answer carries the same tag, so a TypeScript caller
//! narrows it with `switch (analysis.target)`. Each target keeps its own typed request and
//! answer (`Request` and [`Analysis`] for AWS); this module only dispatches.

use serde::{Deserialize, Serialize};
use serde_json::Value;

#[cfg(feature = "azure")]
use super::azure::{AzureAnalysis, AzureRequest, analyze_azure, azure_request_failed};
use super::{Analysis, analyze, answer_or, request_failed};
use crate::aws::request::Request;
use crate::diagnostic::Diagnostic;
use crate::explain::aws::stage_name;
use crate::explain::text::{Overview, StageLine, TextStyle};
use crate::explain::{StageReport, VerdictState};

/// Which trust configuration a request is for (`aws` when a request or a saved page names
/// none). Every target is named in every build; a build without a target's cargo feature
/// answers a request for it with an `invalid-request` diagnostic saying so
/// ([`Target::available`]), so a shell built with AWS alone (the playground's first
/// module) still reads, keeps and hands on inputs that name another.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Target {
    /// AWS STS `AssumeRoleWithWebIdentity` with a role trust policy.
    #[default]
    Aws,
    /// Microsoft Entra ID workload identity federation with federated identity credentials
    /// (cargo feature `azure`).
    Azure,
    /// Google Cloud workload identity federation: a pool provider, then an IAM binding
    /// (cargo feature `gcp`).
    Gcp,
    /// HashiCorp Vault or OpenBao JWT auth with a `jwt` role (cargo feature `vault`).
    Vault,
    /// A package registry's trusted publishing: PyPI, crates.io, npm (cargo feature
    /// `publishing`).
    Publishing,
}

impl Target {
    /// Every target, in the order the shells list them.
    pub const ALL: &'static [Target] = &[
        Target::Aws,
        Target::Azure,
        Target::Gcp,
        Target::Vault,
        Target::Publishing,
    ];

    /// The wire name (`aws`).
    pub fn as_str(self) -> &'static str {
        match self {
            Target::Aws => "aws",
            Target::Azure => "azure",
            Target::Gcp => "gcp",
            Target::Vault => "vault",
            Target::Publishing => "publishing",
        }
    }

    /// The target with this wire name.
    pub fn named(name: &str) -> Option<Target> {
        Target::ALL.iter().copied().find(|t| t.as_str() == name)
    }

    /// Whether this build can answer for it (its cargo feature is on; AWS always).
    pub fn available(self) -> bool {
        match self {
            Target::Aws => true,
            Target::Azure => cfg!(feature = "azure"),
            Target::Gcp => cfg!(feature = "gcp"),
            Target::Vault => cfg!(feature = "vault"),
            Target::Publishing => cfg!(feature = "publishing"),
        }
    }
}

/// A configuration document a target reads besides the token: the request field it goes
/// in (as its text, so the findings' places are lines and columns of the document), the
/// input the findings about it name ([`Diagnostic::source`]), and whether the target needs
/// it for a verdict. The shells that take these documents (the CLI's files, the
/// playground's boxes) read them from here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Document {
    /// The target that reads it.
    pub target: Target,
    /// The request field.
    pub field: &'static str,
    /// The input the findings about it name.
    pub source: crate::diagnostic::Source,
    /// Whether the target needs it.
    pub required: bool,
}

/// Entra ID's federated identity credentials (`credentials`).
pub const ENTRA_CREDENTIALS: Document = Document {
    target: Target::Azure,
    field: "credentials",
    source: crate::diagnostic::Source::Policy,
    required: true,
};

/// Google Cloud's workload identity pool provider (`provider`).
pub const GCP_PROVIDER: Document = Document {
    target: Target::Gcp,
    field: "provider",
    source: crate::diagnostic::Source::Providers,
    required: true,
};

/// The IAM policy that grants Google Cloud's federated identity (`policy`; without it the
/// binding stage is not checked).
pub const GCP_POLICY: Document = Document {
    target: Target::Gcp,
    field: "policy",
    source: crate::diagnostic::Source::Policy,
    required: false,
};

/// Vault's JWT auth role (`role`).
pub const VAULT_ROLE: Document = Document {
    target: Target::Vault,
    field: "role",
    source: crate::diagnostic::Source::Policy,
    required: true,
};

/// The Vault auth mount's configuration (`config`, optional).
pub const VAULT_CONFIG: Document = Document {
    target: Target::Vault,
    field: "config",
    source: crate::diagnostic::Source::Providers,
    required: false,
};

/// A package's trusted publishers (`publishers`).
pub const PUBLISHERS: Document = Document {
    target: Target::Publishing,
    field: "publishers",
    source: crate::diagnostic::Source::Policy,
    required: true,
};

/// Every document of the targets other than AWS (whose request is typed, not documents),
/// whether or not this build answers for their targets.
pub const DOCUMENTS: &[Document] = &[
    ENTRA_CREDENTIALS,
    GCP_PROVIDER,
    GCP_POLICY,
    VAULT_ROLE,
    VAULT_CONFIG,
    PUBLISHERS,
];

impl Target {
    /// The documents this target reads besides the token, in the order the shells list
    /// them.
    pub fn documents(self) -> impl Iterator<Item = &'static Document> {
        DOCUMENTS.iter().filter(move |d| d.target == self)
    }
}

/// The [`Overview`] of a target's answer: its fields have the shared names (`state`,
/// `summary`, `stage`, `stages`, `hints`; the refusal is `awsError` for AWS, `error` for the
/// others).
/// What a headline says after its verdict word: the deciding stage's sentence (each
/// target's `summary` opens with a verdict of its own, which the headline already says), or
/// the summary when no stage decided (a request that could not be read).
fn headline_detail<'a, S: Copy + PartialEq>(
    stages: &'a [StageReport<S>],
    deciding: S,
    summary: &'a str,
) -> &'a str {
    stages
        .iter()
        .find(|r| r.stage == deciding && !r.detail.is_empty())
        .map_or(summary, |r| r.detail.as_str())
}

macro_rules! overview {
    ($a:expr, $cloud:expr, $error:ident, $name:path) => {
        Overview {
            cloud: $cloud,
            state: $a.state,
            summary: headline_detail(&$a.stages, $a.stage, &$a.summary),
            error: $a.$error.as_ref(),
            stage: $name($a.stage),
            stages: StageLine::all(&$a.stages, $name),
            hints: &$a.hints,
        }
    };
}

/// The answer for any target, tagged with it.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "target", rename_all = "camelCase")]
#[allow(
    clippy::large_enum_variant,
    reason = "one answer per call, moved once to the caller; boxing would change the public variants"
)]
pub enum AnyAnalysis {
    /// AWS's answer.
    Aws(Analysis),
    /// Entra ID's answer.
    #[cfg(feature = "azure")]
    Azure(AzureAnalysis),
    /// Google Cloud's answer.
    #[cfg(feature = "gcp")]
    Gcp(super::GcpAnalysis),
    /// Vault's answer.
    #[cfg(feature = "vault")]
    Vault(super::VaultAnalysis),
    /// The registry's answer.
    #[cfg(feature = "publishing")]
    Publishing(super::PublishingAnalysis),
}

impl AnyAnalysis {
    /// The target answered for.
    pub fn target(&self) -> Target {
        match self {
            AnyAnalysis::Aws(_) => Target::Aws,
            #[cfg(feature = "azure")]
            AnyAnalysis::Azure(_) => Target::Azure,
            #[cfg(feature = "gcp")]
            AnyAnalysis::Gcp(_) => Target::Gcp,
            #[cfg(feature = "vault")]
            AnyAnalysis::Vault(_) => Target::Vault,
            #[cfg(feature = "publishing")]
            AnyAnalysis::Publishing(_) => Target::Publishing,
        }
    }

    /// Whether the cloud would accept the token.
    pub fn accepted(&self) -> bool {
        match self {
            AnyAnalysis::Aws(a) => a.accepted,
            #[cfg(feature = "azure")]
            AnyAnalysis::Azure(a) => a.accepted,
            #[cfg(feature = "gcp")]
            AnyAnalysis::Gcp(a) => a.accepted,
            #[cfg(feature = "vault")]
            AnyAnalysis::Vault(a) => a.accepted,
            #[cfg(feature = "publishing")]
            AnyAnalysis::Publishing(a) => a.accepted,
        }
    }

    /// What the answer amounts to.
    pub fn state(&self) -> VerdictState {
        match self {
            AnyAnalysis::Aws(a) => a.state,
            #[cfg(feature = "azure")]
            AnyAnalysis::Azure(a) => a.state,
            #[cfg(feature = "gcp")]
            AnyAnalysis::Gcp(a) => a.state,
            #[cfg(feature = "vault")]
            AnyAnalysis::Vault(a) => a.state,
            #[cfg(feature = "publishing")]
            AnyAnalysis::Publishing(a) => a.state,
        }
    }

    /// The reading errors and lint findings.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            AnyAnalysis::Aws(a) => &a.diagnostics,
            #[cfg(feature = "azure")]
            AnyAnalysis::Azure(a) => &a.diagnostics,
            #[cfg(feature = "gcp")]
            AnyAnalysis::Gcp(a) => &a.diagnostics,
            #[cfg(feature = "vault")]
            AnyAnalysis::Vault(a) => &a.diagnostics,
            #[cfg(feature = "publishing")]
            AnyAnalysis::Publishing(a) => &a.diagnostics,
        }
    }

    /// What every target's answer has, for a shell that shows them all alike
    /// ([`crate::explain::text::overview`] writes it).
    pub fn overview(&self) -> Overview<'_> {
        match self {
            AnyAnalysis::Aws(a) => overview!(a, "AWS", aws_error, stage_name),
            #[cfg(feature = "azure")]
            AnyAnalysis::Azure(a) => overview!(
                a,
                "Entra ID",
                error,
                crate::explain::azure::sentences::stage_name
            ),
            #[cfg(feature = "gcp")]
            AnyAnalysis::Gcp(a) => overview!(
                a,
                "Google Cloud STS",
                error,
                crate::explain::gcp::sentences::stage_name
            ),
            #[cfg(feature = "vault")]
            AnyAnalysis::Vault(a) => overview!(
                a,
                a.server.name(),
                error,
                crate::explain::vault::sentences::stage_name
            ),
            #[cfg(feature = "publishing")]
            AnyAnalysis::Publishing(a) => overview!(
                a,
                a.registry.map_or("the registry", |r| r.name()),
                error,
                crate::explain::publishing::sentences::stage_name
            ),
        }
    }

    /// What the cloud compared, as plain text, for a shell that shows it on request (the
    /// CLI's `--verbose`): AWS's statements and RCPs, Entra's credentials, Google's
    /// mappings, condition clauses and IAM members, Vault's checks, the registry's
    /// publishers.
    ///
    /// # Errors
    /// When `out` does.
    pub fn trace_text(&self, out: &mut dyn std::fmt::Write, s: &dyn TextStyle) -> std::fmt::Result {
        match self {
            AnyAnalysis::Aws(a) => {
                let report = a.report();
                crate::explain::aws::text::traces(out, &report, s)?;
                crate::explain::aws::text::rcp_traces(out, &report, s)
            }
            #[cfg(feature = "azure")]
            AnyAnalysis::Azure(a) => crate::explain::azure::text::credentials(out, &a.report(), s),
            #[cfg(feature = "gcp")]
            AnyAnalysis::Gcp(a) => crate::explain::gcp::text::trace(out, &a.trace, s),
            #[cfg(feature = "vault")]
            AnyAnalysis::Vault(a) => crate::explain::vault::text::trace(out, &a.checks, s),
            #[cfg(feature = "publishing")]
            AnyAnalysis::Publishing(a) => {
                crate::explain::publishing::text::trace(out, &a.publishers, s)
            }
        }
    }
}

/// Analyses a request of any target given as JSON text: `target` picks the target (`aws`
/// when absent). Never fails: a malformed request, or an unknown target, comes back as an
/// answer with an `invalid-request` diagnostic.
pub fn analyze_any_json(request: &str) -> AnyAnalysis {
    let mut value: Value = match serde_json::from_str(request) {
        Ok(v) => v,
        Err(e) => {
            return AnyAnalysis::Aws(request_failed(format!("the request is not valid: {e}")));
        }
    };
    let named = match value.as_object_mut().map(|o| o.remove("target")) {
        Some(Some(Value::String(name))) => Target::named(&name).ok_or(name),
        Some(Some(other)) => Err(other.to_string()),
        _ => Ok(Target::Aws),
    };
    match named {
        Ok(Target::Aws) => AnyAnalysis::Aws(answer_or(
            serde_json::from_value::<Request>(value),
            analyze,
            request_failed,
        )),
        #[cfg(feature = "azure")]
        Ok(Target::Azure) => AnyAnalysis::Azure(answer_or(
            serde_json::from_value::<AzureRequest>(value),
            analyze_azure,
            azure_request_failed,
        )),
        #[cfg(feature = "gcp")]
        Ok(Target::Gcp) => AnyAnalysis::Gcp(answer_or(
            serde_json::from_value::<super::GcpRequest>(value),
            super::analyze_gcp,
            super::gcp::gcp_request_failed,
        )),
        #[cfg(feature = "vault")]
        Ok(Target::Vault) => AnyAnalysis::Vault(answer_or(
            serde_json::from_value::<super::VaultRequest>(value),
            super::analyze_vault,
            super::vault::vault_request_failed,
        )),
        #[cfg(feature = "publishing")]
        Ok(Target::Publishing) => AnyAnalysis::Publishing(answer_or(
            serde_json::from_value::<super::PublishingRequest>(value),
            super::analyze_publishing,
            super::publishing::publishing_request_failed,
        )),
        #[cfg(not(all(
            feature = "azure",
            feature = "gcp",
            feature = "vault",
            feature = "publishing"
        )))]
        Ok(target) => AnyAnalysis::Aws(request_failed(format!(
            "`target` is `{}`, which this build of oidc-trust does not answer for (it was built without the cargo feature `{}`)",
            target.as_str(),
            target.as_str()
        ))),
        Err(name) => AnyAnalysis::Aws(request_failed(format!(
            "`target` is `{name}`; expected one of {}",
            Target::ALL
                .iter()
                .map(|t| format!("`{}`", t.as_str()))
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A build without a target's feature still names it, and says it does not answer.
    #[test]
    #[cfg(not(feature = "azure"))]
    fn a_target_built_out_is_named_and_said_so() {
        assert_eq!(Target::named("azure"), Some(Target::Azure));
        assert!(!Target::Azure.available() && Target::Aws.available());
        let a = analyze_any_json(r#"{"target": "azure", "now": 0}"#);
        assert_eq!(a.state(), VerdictState::Undecided);
        let d = &a.diagnostics()[0];
        assert_eq!(d.code, crate::codes::INVALID_REQUEST);
        assert!(
            d.message
                .contains("built without the cargo feature `azure`"),
            "{}",
            d.message
        );
    }

    #[test]
    fn the_target_tags_request_and_answer() {
        let a = analyze_any_json(r#"{"target": "aws", "now": 0}"#);
        assert_eq!(a.target(), Target::Aws);
        let v = serde_json::to_value(&a).unwrap_or_default();
        assert_eq!(v["target"], "aws");
        assert_eq!(v["stage"], "token");
        let default = analyze_any_json(r#"{"now": 0}"#);
        assert_eq!(serde_json::to_value(&default).unwrap_or_default(), v);
        let mut text = String::new();
        let plain = crate::explain::text::Plain { name: "policy" };
        let _ = crate::explain::text::overview(&mut text, &a.overview(), true, &plain);
        assert!(text.starts_with("Can't decide: "), "{text}");
        assert!(text.contains("✗ token"), "{text}");
        let unknown = analyze_any_json(r#"{"target": "mainframe", "now": 0}"#);
        assert_eq!(unknown.state(), VerdictState::Undecided);
        assert!(!unknown.accepted());
    }

    #[cfg(feature = "azure")]
    #[test]
    fn azure_requests_get_azure_answers() {
        let a = analyze_any_json(
            r#"{"target": "azure", "now": 200, "claims": {"iss": "https://token.actions.githubusercontent.com", "sub": "repo:o/r:ref:refs/heads/main", "aud": "api://AzureADTokenExchange", "exp": 400},
                "credentials": [{"name": "main", "issuer": "https://token.actions.githubusercontent.com", "subject": "repo:o/r:ref:refs/heads/main", "audiences": ["api://AzureADTokenExchange"]}]}"#,
        );
        assert_eq!(a.target(), Target::Azure);
        assert!(a.accepted());
        let v = serde_json::to_value(&a).unwrap_or_default();
        assert_eq!(v["target"], "azure");
        assert_eq!(v["credentials"]["matched"], 0);
        let bad = analyze_any_json(r#"{"target": "azure", "now": 0, "policy": {}}"#);
        assert_eq!(bad.target(), Target::Azure);
        assert_eq!(bad.state(), VerdictState::Undecided);
    }

    /// Every target but AWS reads a required document, and findings about each document
    /// name an input no other document of its target names.
    #[test]
    fn every_other_target_has_its_documents() {
        for t in Target::ALL.iter().copied().filter(|t| *t != Target::Aws) {
            assert!(t.documents().any(|d| d.required), "{t:?}");
            let docs: Vec<_> = t.documents().collect();
            for (i, d) in docs.iter().enumerate() {
                assert!(
                    docs.iter().skip(i + 1).all(|o| o.source != d.source),
                    "{t:?}"
                );
            }
        }
        assert_eq!(Target::Aws.documents().count(), 0);
    }

    /// Every lint code is reported by the policy reader or by a rule of some target.
    #[test]
    fn every_lint_code_but_the_readers_has_a_rule() {
        // Vault's and the registries' lints carry their prefix and have rules of their own.
        let counted = || {
            crate::aws::lint::lints()
                .filter(|l| !l.id.starts_with("vault-") && !l.id.starts_with("publisher-"))
        };
        let from_reader = counted()
            .filter(|l| l.emitted_by == crate::codes::EmittedBy::Reader)
            .count();
        #[cfg(feature = "gcp")]
        let gcp = crate::gcp::lint::RULE_IDS.len();
        #[cfg(not(feature = "gcp"))]
        let gcp = 0;
        #[cfg(feature = "azure")]
        let azure = crate::azure::lint::OWN_LINTS.len();
        #[cfg(not(feature = "azure"))]
        let azure = 0;
        let all = counted().count();
        assert_eq!(
            all,
            crate::aws::lint::RULES.len() + azure + gcp + from_reader
        );
    }
}
