//! What every target's answer has, in the one shape the verdict, the stages, the hints and
//! the findings render from: AWS's [`Analysis`] and any other target's [`AnyAnalysis`]
//! (through its [`AnyAnalysis::overview`], what the CLI prints for every target) become an
//! [`Answer`]. Only the trace card differs by target.

#[cfg(feature = "targets")]
use oidc_trust::api::AnyAnalysis;
use oidc_trust::api::{StageReport, StageStatus, Target, VerdictState};
use oidc_trust::codes::{self, CodeKind};
use oidc_trust::diagnostic::{CloudError, Diagnostic, Source};
use oidc_trust::{Analysis, Hint, Severity};
use serde::Serialize;

/// One stage, for the stage list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageRow {
    /// Its wire name (`policy`, `boundClaims`), for `data-stage`.
    pub id: String,
    /// Its name for people.
    pub name: &'static str,
    /// How it went.
    pub status: StageStatus,
    /// What was checked, in a sentence.
    pub detail: String,
}

/// Any target's answer, as the shared components show it.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// The target answered for.
    pub target: Target,
    /// Who decides, as the overview names it (`AWS`, `Entra ID`, `Google Cloud STS`...).
    pub cloud: &'static str,
    /// Whether the cloud would accept the token.
    pub accepted: bool,
    /// What the answer amounts to.
    pub state: VerdictState,
    /// The deciding stage's wire name.
    pub stage: String,
    /// The deciding stage's name for people.
    pub stage_name: &'static str,
    /// The verdict in one sentence.
    pub summary: String,
    /// The cloud's refusal (code and text verbatim), if it refuses.
    pub error: Option<CloudError>,
    /// Every stage, in the cloud's order.
    pub stages: Vec<StageRow>,
    /// What to change.
    pub hints: Vec<Hint>,
    /// Every finding.
    pub diagnostics: Vec<Diagnostic>,
    /// When the configuration the target decides by is missing: what to paste (the
    /// undecided headline).
    pub missing: Option<String>,
}

/// Whether a finding says an input could not be read (an error of an input code).
pub fn is_input_error(d: &Diagnostic) -> bool {
    d.severity == Severity::Error && codes::code(d.code).is_some_and(|c| c.kind == CodeKind::Input)
}

/// Where an input comes in the order it is read.
fn read_order(s: Source) -> u8 {
    match s {
        Source::Request => 0,
        Source::Call => 1,
        Source::Token => 2,
        Source::Providers => 3,
        Source::Policy => 4,
        Source::Rcp => 5,
    }
}

/// The wire name of a stage (its serde form).
fn wire<S: Serialize>(stage: &S) -> String {
    serde_json::to_value(stage)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// The rows of a target's stage reports, named by the target's `stage_name`.
fn rows<S: Copy + Serialize>(
    stages: &[StageReport<S>],
    name: fn(S) -> &'static str,
) -> Vec<StageRow> {
    stages
        .iter()
        .map(|r| StageRow {
            id: wire(&r.stage),
            name: name(r.stage),
            status: r.status,
            detail: r.detail.clone(),
        })
        .collect()
}

impl Answer {
    /// AWS's answer. `missing` is set when there is no trust policy to evaluate.
    pub fn aws(a: &Analysis) -> Self {
        let no_policy = a.stage == oidc_trust::api::Stage::Policy
            && a.policy.is_none()
            && a.state == VerdictState::Undecided;
        Answer {
            target: Target::Aws,
            cloud: "AWS",
            accepted: a.accepted,
            state: a.state,
            stage: a.stage.as_str().to_owned(),
            stage_name: oidc_trust::explain::aws::stage_name(a.stage),
            summary: a.summary.clone(),
            error: a.aws_error.clone(),
            stages: rows(&a.stages, oidc_trust::explain::aws::stage_name),
            hints: a.hints.clone(),
            diagnostics: a.diagnostics.clone(),
            missing: no_policy.then(|| {
                "No trust policy yet: paste the role's trust policy to get a verdict.".to_owned()
            }),
        }
    }

    /// Any target's answer; `missing` is what to paste when the configuration is absent.
    #[cfg(feature = "targets")]
    pub fn any(a: &AnyAnalysis, missing: Option<String>) -> Self {
        use oidc_trust::explain::{azure, gcp, publishing, vault};
        let (stage, stages) = match a {
            AnyAnalysis::Aws(a) => return Answer::aws(a),
            AnyAnalysis::Azure(a) => (
                wire(&a.stage),
                rows(&a.stages, azure::sentences::stage_name),
            ),
            AnyAnalysis::Gcp(a) => (wire(&a.stage), rows(&a.stages, gcp::sentences::stage_name)),
            AnyAnalysis::Vault(a) => (
                wire(&a.stage),
                rows(&a.stages, vault::sentences::stage_name),
            ),
            AnyAnalysis::Publishing(a) => (
                wire(&a.stage),
                rows(&a.stages, publishing::sentences::stage_name),
            ),
        };
        let o = a.overview();
        Answer {
            target: a.target(),
            cloud: o.cloud,
            accepted: a.accepted(),
            state: o.state,
            stage,
            stage_name: o.stage,
            summary: o.summary.to_owned(),
            error: o.error.cloned(),
            stages,
            hints: o.hints.to_vec(),
            diagnostics: a.diagnostics().to_vec(),
            missing: missing.filter(|_| o.state == VerdictState::Undecided),
        }
    }

    /// The answer while the whole page loads: the AWS-only module's, for another target
    /// (see [`crate::whole`]).
    #[cfg(not(feature = "targets"))]
    pub fn loading(target: Target) -> Self {
        let cloud = crate::targets::decider(target);
        let loading = format!("Loading the checks for {cloud}…");
        Answer {
            target,
            cloud,
            accepted: false,
            state: VerdictState::Undecided,
            stage: String::new(),
            stage_name: "",
            summary: loading.clone(),
            error: None,
            stages: Vec::new(),
            hints: Vec::new(),
            diagnostics: Vec::new(),
            missing: Some(loading),
        }
    }

    /// The input problem an undecided verdict is about: the first error reading an input,
    /// in the order the cloud reads them (the request, then the token, then the
    /// configuration...).
    pub fn input_error(&self) -> Option<&Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| is_input_error(d))
            .min_by_key(|d| read_order(d.source))
    }

    /// The failing stage's sentence, else the summary.
    pub fn failed_detail(&self) -> &str {
        self.stages
            .iter()
            .find(|s| s.status == StageStatus::Failed)
            .map_or(self.summary.as_str(), |s| s.detail.as_str())
    }
}

#[cfg(all(test, feature = "targets"))]
mod tests {
    use super::*;
    use crate::targets::{ConfigDoc, Configs, analyze};

    #[test]
    fn other_targets_keep_their_stage_names_and_cloud() {
        let mut c = Configs::default();
        c.set(
            ConfigDoc::VaultRole,
            r#"{"role_type": "jwt", "user_claim": "sub", "bound_audiences": ["vault"], "bound_claims": {"repository": "acme/widgets"}}"#.to_owned(),
        );
        let token = r#"{"iss": "https://token.actions.githubusercontent.com", "aud": "vault", "sub": "repo:acme/widgets:ref:refs/heads/main", "repository": "acme/widgets", "iat": 100, "nbf": 100, "exp": 400}"#;
        let a = Answer::any(&analyze(Target::Vault, token, &c, 200), None);
        assert_eq!(a.target, Target::Vault);
        assert!(a.accepted, "{}", a.summary);
        assert_eq!(a.stage, "boundClaims");
        assert!(
            a.stages
                .iter()
                .any(|s| s.id == "boundClaims" && s.status == StageStatus::Passed)
        );
        assert!(a.cloud.contains("Vault"), "{}", a.cloud);
        let none = Answer::any(
            &analyze(Target::Vault, token, &Configs::default(), 200),
            crate::targets::missing(Target::Vault, &Configs::default()),
        );
        assert_eq!(none.state, VerdictState::Undecided);
        assert!(none.missing.is_some());
    }
}
