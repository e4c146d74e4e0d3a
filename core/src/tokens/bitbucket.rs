//! Bitbucket Pipelines tokens, after Atlassian's "Integrate Pipelines with resource servers
//! using OIDC" (<https://support.atlassian.com/bitbucket-cloud/docs/integrate-pipelines-with-resource-servers-using-oidc/>:
//! the workspace's issuer URL, `aud` `ari:cloud:bitbucket::workspace/<workspace UUID>`, the
//! `{repository}:{step}` and deployment `{repository}:{environment}:{step}` subjects), the
//! claims the repository's OpenID Connect settings page shows (`stepUuid`, `repositoryUuid`,
//! `branchName`, `pipelineUuid`, `workspaceUuid`, `deploymentEnvironmentUuid`) and the
//! semantics reference 5.3. Every UUID is written in braces. The lifetime (an hour) is
//! UNCONFIRMED by a vendor document.

use super::{Draft, Minted, TokenError, builder, setters, subject, uuid};
use crate::providers::Platform;

builder! {
    /// A Bitbucket Pipelines token: `bitbucket().workspace("acme").repository("app").at(now)`.
    ///
    /// The step UUID changes with every run (derived from the time here), which is why a
    /// policy must wildcard it.
    pub struct Bitbucket(BitbucketOptions) = "bitbucket" {
        /// The workspace slug, in the issuer URL (required).
        workspace: String,
    } optional {
        /// The workspace UUID (default: derived from the slug).
        workspace_uuid: Option<String>,
        /// The repository's name: its UUID is derived from it unless `repositoryUuid` is given.
        repository: Option<String>,
        /// The repository UUID (with or without braces).
        repository_uuid: Option<String>,
        /// The branch (default `main`).
        branch: Option<String>,
        /// A deployment step to this environment (its UUID is derived from the name unless
        /// `environmentUuid` is given).
        deployment: Option<String>,
        /// The deployment environment's UUID.
        environment_uuid: Option<String>,
    }
}

/// A Bitbucket Pipelines token builder for [`Bitbucket::workspace`].
pub fn bitbucket() -> Bitbucket {
    Bitbucket::default()
}

impl Bitbucket {
    setters! {
        /// The workspace slug.
        workspace => "workspace";
        /// The repository, by name.
        repository => "repository";
        /// The repository, by UUID.
        repository_uuid => "repositoryUuid";
        /// The branch.
        branch => "branch";
        /// A deployment step to this environment.
        deployment => "deployment";
        /// The workspace UUID.
        workspace_uuid => "workspaceUuid";
        /// A deployment step to the environment with this UUID.
        environment_uuid => "environmentUuid";
    }

    fn claims(
        o: &super::Options,
    ) -> Result<serde_json::Map<String, serde_json::Value>, TokenError> {
        const B: &str = "bitbucket";
        let slug = o.need(B, "workspace")?;
        let braced = |v: &str| {
            if v.starts_with('{') {
                v.to_owned()
            } else {
                format!("{{{v}}}")
            }
        };
        let repository = match (o.text("repositoryUuid"), o.text("repository")) {
            (Some(id), _) => braced(id),
            (None, Some(name)) => braced(&uuid(&[slug, "/", name])),
            (None, None) => {
                return Err(TokenError::new(
                    B,
                    "repository",
                    "give the repository's name or `repositoryUuid`",
                ));
            }
        };
        let workspace = o
            .text("workspaceUuid")
            .map_or_else(|| braced(&uuid(&[slug])), braced);
        let environment = match (o.text("environmentUuid"), o.text("deployment")) {
            (Some(id), _) => Some(braced(id)),
            (None, Some(name)) => Some(braced(&uuid(&[&repository, "/", name]))),
            (None, None) => None,
        };
        let at = o.now().to_string();
        let step = braced(&uuid(&[&repository, "@", &at, "/step"]));
        let pipeline = braced(&uuid(&[&repository, "@", &at]));
        let mut fields = vec![("repositoryUuid", repository.as_str())];
        if let Some(env) = &environment {
            fields.push(("environmentUuid", env));
        }
        fields.push(("stepUuid", &step));
        let sub = subject(B, Platform::Bitbucket, &fields)?;
        let aud = o.text("audience").map_or_else(
            || {
                format!(
                    "ari:cloud:bitbucket::workspace/{}",
                    workspace.trim_matches(['{', '}'])
                )
            },
            str::to_owned,
        );

        let mut c = Draft::default();
        c.text("sub", sub).text("aud", aud).text("stepUuid", step);
        if let Some(env) = environment {
            c.text("deploymentEnvironmentUuid", env);
        }
        c.text(
            "iss",
            format!(
                "https://api.bitbucket.org/2.0/workspaces/{slug}/pipelines-config/identity/oidc"
            ),
        )
        .text("repositoryUuid", repository)
        .text("branchName", o.text("branch").unwrap_or("main"))
        .put("exp", o.now().saturating_add(3600))
        .put("iat", o.now())
        .text("pipelineUuid", pipeline)
        .text("workspaceUuid", workspace);
        Ok(c.done())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::IssuerVariant;
    use crate::tokens::tests::reads_back;

    const REPO: &str = "{1de489be-ce6a-42a0-a8c8-eadbf1174ac7}";

    #[test]
    fn steps_and_deployments_read_back() {
        let t = bitbucket()
            .workspace("acme")
            .repository_uuid(REPO)
            .at(1_790_000_000)
            .unwrap();
        reads_back(
            &t,
            Platform::Bitbucket,
            IssuerVariant::Bitbucket,
            &[("repositoryUuid", REPO)],
        );
        let c = t.claims();
        assert_eq!(c["stepUuid"].as_str(), t.sub().rsplit(':').next());
        assert!(
            c["aud"]
                .as_str()
                .unwrap()
                .starts_with("ari:cloud:bitbucket::workspace/")
        );
        assert!(!c.contains_key("deploymentEnvironmentUuid"));

        let t = bitbucket()
            .workspace("acme")
            .repository("app")
            .deployment("production")
            .at(1_790_000_060)
            .unwrap();
        let env = t.claims()["deploymentEnvironmentUuid"]
            .as_str()
            .unwrap()
            .to_owned();
        reads_back(
            &t,
            Platform::Bitbucket,
            IssuerVariant::Bitbucket,
            &[("environmentUuid", &env)],
        );
        let again = bitbucket()
            .workspace("acme")
            .repository("app")
            .at(1)
            .unwrap();
        assert_eq!(
            again.claims()["repositoryUuid"],
            t.claims()["repositoryUuid"]
        );
        assert_ne!(again.claims()["stepUuid"], t.claims()["stepUuid"]);
    }

    #[test]
    fn a_repository_is_required() {
        assert_eq!(
            bitbucket().workspace("acme").at(0).unwrap_err().field(),
            "repository"
        );
    }
}
