//! HCP Terraform (and Terraform Enterprise) workload identity tokens, after HashiCorp's
//! "Workload identity" (<https://developer.hashicorp.com/terraform/cloud-docs/workspaces/dynamic-provider-credentials/workload-identity-tokens>:
//! the workspace run token's standard claims and its `terraform_*` claims, ids such as
//! `ws-...` and `run-...`) and the semantics reference 5.3 (`aud` `aws.workload.identity`,
//! the AWS default). HashiCorp says the token expires at the end of the plan or apply
//! timeout; the builder gives it an hour.

use super::{Draft, Kind, Minted, TokenError, Typed, alnum, builder, setters, subject, uuid};
use crate::providers::Platform;

/// Which phase of a run a token is for.
#[cfg_attr(
    feature = "wasm",
    derive(tsify::Tsify),
    serde(rename_all = "camelCase")
)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
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

impl Typed for RunPhase {
    const KIND: Kind = Kind::Text;
}

builder! {
    /// An HCP Terraform token: `terraform().organization("acme").workspace("prod").at(now)`.
    ///
    /// The `sub` is `organization:ORG:project:PROJECT:workspace:WORKSPACE:run_phase:PHASE`,
    /// built from names (which can be reused), with the ids beside it.
    pub struct Terraform(TerraformOptions) = "terraform" {
        /// The organisation name (required).
        organization: String,
        /// The workspace name (required).
        workspace: String,
    } optional {
        /// The project name (default `Default Project`).
        project: Option<String>,
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
    setters! {
        /// The organisation name.
        organization => "organization";
        /// The project name.
        project => "project";
        /// The workspace name.
        workspace => "workspace";
        /// A Terraform Enterprise host.
        host => "host";
    }

    /// A plan (the default is an apply).
    #[must_use]
    pub fn plan(mut self) -> Self {
        self.0.set("runPhase", RunPhase::Plan.as_str());
        self
    }

    fn claims(
        o: &super::Options,
    ) -> Result<serde_json::Map<String, serde_json::Value>, TokenError> {
        const B: &str = "terraform";
        let organization = o.need(B, "organization")?;
        let workspace = o.need(B, "workspace")?;
        let project = o.text("project").unwrap_or("Default Project");
        let phase = match o.text("runPhase") {
            None => RunPhase::Apply.as_str(),
            Some(p) => [RunPhase::Plan, RunPhase::Apply]
                .into_iter()
                .map(RunPhase::as_str)
                .find(|name| *name == p)
                .ok_or_else(|| TokenError::new(B, "runPhase", "must be `plan` or `apply`"))?,
        };
        let sub = subject(
            B,
            Platform::Terraform,
            &[
                ("organization", organization),
                ("project", project),
                ("workspace", workspace),
                ("run_phase", phase),
            ],
        )?;
        let full = format!("organization:{organization}:project:{project}:workspace:{workspace}");
        let at = o.now().to_string();

        let mut c = Draft::default();
        c.text("jti", uuid(&[&full, "@", &at, "/", phase]))
            .text(
                "iss",
                format!("https://{}", o.text("host").unwrap_or("app.terraform.io")),
            )
            .text("aud", o.text("audience").unwrap_or("aws.workload.identity"))
            .times(o.now(), Some(-5), 3600)
            .text("sub", sub)
            .text(
                "terraform_organization_id",
                format!("org-{}", alnum(&[organization], 16)),
            )
            .text("terraform_organization_name", organization)
            .text(
                "terraform_project_id",
                format!("prj-{}", alnum(&[organization, "/", project], 16)),
            )
            .text("terraform_project_name", project)
            .text(
                "terraform_workspace_id",
                format!("ws-{}", alnum(&[&full], 16)),
            )
            .text("terraform_workspace_name", workspace)
            .text("terraform_full_workspace", full.as_str())
            .text(
                "terraform_run_id",
                format!("run-{}", alnum(&[&full, "@", &at], 16)),
            )
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
