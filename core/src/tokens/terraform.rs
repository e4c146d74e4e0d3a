//! HCP Terraform (and Terraform Enterprise) workload identity tokens, after HashiCorp's
//! "Workload identity" (<https://developer.hashicorp.com/terraform/cloud-docs/workspaces/dynamic-provider-credentials/workload-identity-tokens>:
//! the workspace run token's standard claims and its `terraform_*` claims, ids such as
//! `ws-...` and `run-...`) and the semantics reference 5.3 (`aud` `aws.workload.identity`,
//! the AWS default). HashiCorp says the token expires at the end of the plan or apply
//! timeout; the builder gives it an hour.

use serde::Deserialize;

use super::{Draft, Minted, TokenError, alnum, builder, subject, uuid};
use crate::providers::Platform;

/// Which phase of a run a token is for.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum RunPhase {
    /// `terraform plan` (also every speculative plan of a pull request).
    Plan,
    /// `terraform apply`.
    #[default]
    Apply,
}

impl RunPhase {
    /// The name in the token (`plan`, `apply`).
    pub fn as_str(self) -> &'static str {
        match self {
            RunPhase::Plan => "plan",
            RunPhase::Apply => "apply",
        }
    }
}

builder! {
    /// An HCP Terraform token: `terraform().organization("acme").workspace("prod").at(now)`.
    ///
    /// The `sub` is `organization:ORG:project:PROJECT:workspace:WORKSPACE:run_phase:PHASE`,
    /// built from names (which can be reused), with the ids beside it.
    pub struct Terraform {
        /// The organisation name (required).
        organization: String,
        /// The project name (default `Default Project`).
        project: Option<String>,
        /// The workspace name (required).
        workspace: String,
        /// The run phase (default `apply`).
        run_phase: RunPhase,
        /// A Terraform Enterprise host (default `app.terraform.io`).
        host: Option<String>,
    }
}

/// An HCP Terraform token builder for [`Terraform::organization`] and [`Terraform::workspace`].
pub fn terraform() -> Terraform {
    Terraform::default()
}

impl Terraform {
    /// The organisation name.
    #[must_use]
    pub fn organization(mut self, name: impl Into<String>) -> Self {
        self.organization = name.into();
        self
    }

    /// The project name.
    #[must_use]
    pub fn project(mut self, name: impl Into<String>) -> Self {
        self.project = Some(name.into());
        self
    }

    /// The workspace name.
    #[must_use]
    pub fn workspace(mut self, name: impl Into<String>) -> Self {
        self.workspace = name.into();
        self
    }

    /// A plan (the default is an apply).
    #[must_use]
    pub fn plan(mut self) -> Self {
        self.run_phase = RunPhase::Plan;
        self
    }

    /// A Terraform Enterprise host.
    #[must_use]
    pub fn host(mut self, host: impl Into<String>) -> Self {
        self.host = Some(host.into());
        self
    }

    fn draft(&self) -> Result<serde_json::Map<String, serde_json::Value>, TokenError> {
        const B: &str = "terraform";
        for (field, value) in [
            ("organization", &self.organization),
            ("workspace", &self.workspace),
        ] {
            if value.is_empty() {
                return Err(TokenError::new(B, field, "the name is required"));
            }
        }
        let project = self.project.as_deref().unwrap_or("Default Project");
        let phase = self.run_phase.as_str();
        let sub = subject(
            B,
            Platform::Terraform,
            &[
                ("organization", &self.organization),
                ("project", project),
                ("workspace", &self.workspace),
                ("run_phase", phase),
            ],
        )?;
        let full = format!(
            "organization:{}:project:{project}:workspace:{}",
            self.organization, self.workspace
        );
        let run = format!("{full}@{}", self.now);

        let mut c = Draft::default();
        c.text("jti", uuid(&format!("{run}/{phase}")))
            .text(
                "iss",
                format!(
                    "https://{}",
                    self.host.as_deref().unwrap_or("app.terraform.io")
                ),
            )
            .text(
                "aud",
                self.audience.as_deref().unwrap_or("aws.workload.identity"),
            )
            .times(self.now, Some(-5), 3600)
            .text("sub", sub)
            .text(
                "terraform_organization_id",
                format!("org-{}", alnum(&self.organization, 16)),
            )
            .text("terraform_organization_name", self.organization.as_str())
            .text(
                "terraform_project_id",
                format!(
                    "prj-{}",
                    alnum(&format!("{}/{project}", self.organization), 16)
                ),
            )
            .text("terraform_project_name", project)
            .text("terraform_workspace_id", format!("ws-{}", alnum(&full, 16)))
            .text("terraform_workspace_name", self.workspace.as_str())
            .text("terraform_full_workspace", full)
            .text("terraform_run_id", format!("run-{}", alnum(&run, 16)))
            .text("terraform_run_phase", phase);
        Ok(c.done())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::IssuerVariant;
    use crate::tokens::tests::reads_back;

    #[test]
    fn plans_and_applies_read_back() {
        let t = terraform()
            .organization("acme")
            .workspace("prod")
            .at(1_790_000_000)
            .unwrap();
        assert_eq!(
            t.sub(),
            "organization:acme:project:Default Project:workspace:prod:run_phase:apply"
        );
        reads_back(
            &t,
            Platform::Terraform,
            IssuerVariant::HcpTerraform,
            &[
                ("organization", "acme"),
                ("workspace", "prod"),
                ("run_phase", "apply"),
            ],
        );
        let c = t.claims();
        assert_eq!(c["aud"], "aws.workload.identity");
        assert!(
            c["terraform_workspace_id"]
                .as_str()
                .unwrap()
                .starts_with("ws-")
        );

        let t = terraform()
            .organization("acme")
            .project("infra")
            .workspace("prod")
            .plan()
            .host("tfe.example.com")
            .at(1_790_000_000)
            .unwrap();
        reads_back(
            &t,
            Platform::Terraform,
            IssuerVariant::TerraformEnterprise,
            &[("project", "infra"), ("run_phase", "plan")],
        );
    }

    #[test]
    fn names_are_required() {
        assert_eq!(
            terraform().workspace("w").at(0).unwrap_err().field(),
            "organization"
        );
    }
}
