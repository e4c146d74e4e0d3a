//! Buildkite tokens, after Buildkite's "buildkite-agent oidc"
//! (<https://buildkite.com/docs/agent/v3/cli-oidc>: the claims of `oidc request-token`,
//! `build_number` a number, `step_key` null without a key, the optional `organization_id`
//! and `pipeline_id` claims a job asks for with `--claim`) and its "OIDC with Buildkite"
//! pages (issuer `https://agent.buildkite.com`; the AWS example requests the audience
//! `sts.amazonaws.com`). The `sub` is
//! `organization:ORG:pipeline:PIPELINE:ref:REF:commit:SHA:step:KEY`; `nbf` is `iat` and `exp`
//! five minutes later, as in published tokens.

use super::{Draft, Minted, TokenError, builder, hex, number, setters, subject, uuid};
use crate::providers::Platform;

builder! {
    /// A Buildkite token: `buildkite().organization("acme").pipeline("deploy").branch("main").at(now)`.
    ///
    /// `aud` defaults to `sts.amazonaws.com`, what Buildkite's AWS guide requests.
    pub struct Buildkite(BuildkiteOptions) = "buildkite" {
        /// The organisation slug (required).
        organization: String,
        /// The pipeline slug (required).
        pipeline: String,
    } optional {
        /// The branch (default `main`).
        branch: Option<String>,
        /// The tag of a tag build (`ref` `refs/tags/...`, `build_tag`).
        tag: Option<String>,
        /// The commit (default: derived from the pipeline and the ref).
        commit: Option<String>,
        /// The step's key (`step_key`; none by default, so the `sub` ends in `step:`).
        step: Option<String>,
        /// The `organization_id` claim, a UUID (only when the job asks for it).
        organization_id: Option<String>,
        /// The `pipeline_id` claim, a UUID (only when the job asks for it).
        pipeline_id: Option<String>,
    }
}

/// A Buildkite token builder for [`Buildkite::organization`] and [`Buildkite::pipeline`].
pub fn buildkite() -> Buildkite {
    Buildkite::default()
}

impl Buildkite {
    setters! {
        /// The organisation slug.
        organization => "organization";
        /// The pipeline slug.
        pipeline => "pipeline";
        /// The branch.
        branch => "branch";
        /// A tag build.
        tag => "tag";
        /// The step key.
        step => "step";
        /// The commit.
        commit => "commit";
    }

    /// The optional `organization_id` and `pipeline_id` claims (AWS exposes both as keys).
    #[must_use]
    pub fn ids(
        mut self,
        organization_id: impl Into<String>,
        pipeline_id: impl Into<String>,
    ) -> Self {
        self.0.set("organizationId", organization_id.into());
        self.0.set("pipelineId", pipeline_id.into());
        self
    }

    fn claims(
        o: &super::Options,
    ) -> Result<serde_json::Map<String, serde_json::Value>, TokenError> {
        const B: &str = "buildkite";
        let organization = o.need(B, "organization")?;
        let pipeline = o.need(B, "pipeline")?;
        let tag = o.text("tag");
        let branch = o.text("branch").unwrap_or("main");
        let reference = match tag {
            Some(tag) => format!("refs/tags/{tag}"),
            None => format!("refs/heads/{branch}"),
        };
        let commit = o.text("commit").map_or_else(
            || hex(&[organization, "/", pipeline, "@", &reference], 40),
            str::to_owned,
        );
        let step = o.text("step");
        let sub = subject(
            B,
            Platform::Buildkite,
            &[
                ("organization", organization),
                ("pipeline", pipeline),
                ("ref", &reference),
                ("commit", &commit),
                ("step", step.unwrap_or_default()),
            ],
        )?;
        let at = o.now().to_string();
        let job: &[&str] = &[&sub, "@", &at];

        let mut c = Draft::default();
        c.text("iss", "https://agent.buildkite.com")
            .text("sub", sub.as_str())
            .text("aud", o.text("audience").unwrap_or("sts.amazonaws.com"))
            .times(o.now(), Some(0), 300)
            .text("organization_slug", organization)
            .text("pipeline_slug", pipeline)
            .put("build_number", number(job, 1, 5_000))
            .text("build_branch", tag.unwrap_or(branch));
        if let Some(tag) = tag {
            c.text("build_tag", tag);
        }
        c.text("build_commit", commit)
            .put("step_key", step.map_or(serde_json::Value::Null, Into::into))
            .text("job_id", uuid(job))
            .text("agent_id", uuid(&[organization, "/", pipeline, "/agent"]));
        for id in ["organization_id", "pipeline_id"] {
            if let Some(value) = o.text(&super::camel(id)) {
                c.text(id, value);
            }
        }
        Ok(c.done())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::IssuerVariant;
    use crate::tokens::tests::reads_back;

    #[test]
    fn branches_and_tags_read_back() {
        let t = buildkite()
            .organization("acme")
            .pipeline("deploy")
            .branch("main")
            .at(1_790_000_000)
            .unwrap();
        reads_back(
            &t,
            Platform::Buildkite,
            IssuerVariant::Buildkite,
            &[
                ("organization", "acme"),
                ("pipeline", "deploy"),
                ("ref", "refs/heads/main"),
                ("step", ""),
            ],
        );
        let c = t.claims();
        assert!(c["build_number"].is_u64());
        assert!(c["step_key"].is_null());
        assert_eq!(c["nbf"], c["iat"]);
        assert!(!c.contains_key("organization_id"));

        let t = buildkite()
            .organization("acme")
            .pipeline("deploy")
            .tag("v1.0.0")
            .step("release")
            .ids("0189-org", "0189-pipe")
            .at(1_790_000_000)
            .unwrap();
        reads_back(
            &t,
            Platform::Buildkite,
            IssuerVariant::Buildkite,
            &[("ref", "refs/tags/v1.0.0"), ("step", "release")],
        );
        assert_eq!(t.claims()["build_tag"], "v1.0.0");
        assert_eq!(t.claims()["step_key"], "release");
        assert_eq!(t.claims()["organization_id"], "0189-org");
    }

    #[test]
    fn slugs_are_required() {
        assert_eq!(
            buildkite().organization("acme").at(0).unwrap_err().field(),
            "pipeline"
        );
    }
}
