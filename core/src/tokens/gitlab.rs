//! GitLab CI `id_tokens`, after GitLab's "OpenID Connect (OIDC) Authentication Using ID
//! Tokens" (<https://docs.gitlab.com/ci/secrets/id_token_authentication/>, "Token payload":
//! the standard claims, the custom claims and when each is present, the documented example
//! with `nbf` 5 seconds before `iat`), the AWS guide there (the audience is the instance
//! URL), and the semantics reference 5.2. The ids are strings except `runner_id`, a number.
//! The token lives as long as the job's timeout (an hour here, GitLab's default).

use super::{
    Draft, Minted, TokenError, builder, digits, hex, number, setters, subject, switches, uuid,
};
use crate::providers::Platform;

builder! {
    /// A GitLab CI token: `gitlab().project("acme/app").branch("main").at(now)`.
    ///
    /// Without `branch` or `tag` the pipeline runs for `main`. The `sub` is GitLab's default,
    /// `project_path:GROUP/PROJECT:ref_type:branch|tag:ref:NAME`; a merge-request pipeline
    /// carries its source branch there. `aud` defaults to the instance URL, as GitLab's AWS
    /// guide configures it.
    pub struct GitLab(GitLabOptions) = "gitlab" {
        /// The project path, `GROUP/PROJECT` (subgroups allowed; required).
        project: String,
    } optional {
        /// The branch (default `main`); with `mergeRequest`, the source branch (default `feature`).
        branch: Option<String>,
        /// The tag of a tag pipeline.
        tag: Option<String>,
        /// A merge-request pipeline (`pipeline_source` `merge_request_event`).
        merge_request: bool,
        /// The environment the job deploys to (adds the environment claims).
        environment: Option<String>,
        /// A self-managed instance's host (default `gitlab.com`).
        host: Option<String>,
        /// `project_id` (default: derived from the project path).
        project_id: Option<u64>,
        /// `namespace_id`, the project's group (default: derived from its path).
        namespace_id: Option<u64>,
        /// Who runs the job (default `gitlab-bot`).
        user: Option<String>,
        /// Whether the ref is protected (`ref_protected`).
        protected: bool,
    }
}

/// A GitLab CI token builder for [`GitLab::project`].
pub fn gitlab() -> GitLab {
    GitLab::default()
}

impl GitLab {
    setters! {
        /// The project path, `GROUP/PROJECT`.
        project => "project";
        /// A pipeline for this branch (or, with [`GitLab::merge_request`], its source branch).
        branch => "branch";
        /// A tag pipeline.
        tag => "tag";
        /// A job deploying to this environment.
        environment => "environment";
        /// A self-managed instance, e.g. `gitlab.example.com`.
        host => "host";
        /// Who runs the job.
        user => "user";
    }

    switches! {
        /// A merge-request pipeline.
        merge_request => "mergeRequest";
        /// A protected ref.
        protected => "protected";
    }

    /// The project id.
    #[must_use]
    pub fn project_id(mut self, id: u64) -> Self {
        self.0.set("projectId", id);
        self
    }

    fn claims(
        o: &super::Options,
    ) -> Result<serde_json::Map<String, serde_json::Value>, TokenError> {
        const B: &str = "gitlab";
        let project = o.need(B, "project")?;
        let (tag, branch, merge_request) =
            (o.text("tag"), o.text("branch"), o.flag("mergeRequest"));
        let Some((group, _)) = project
            .rsplit_once('/')
            .filter(|(g, p)| !g.is_empty() && !p.is_empty())
        else {
            return Err(TokenError::new(
                B,
                "project",
                format!("`{project}` is not `GROUP/PROJECT`"),
            ));
        };
        if tag.is_some() && (merge_request || branch.is_some()) {
            return Err(TokenError::new(
                B,
                "tag",
                "a pipeline has one ref: give `tag`, or `branch` (with `mergeRequest` or not)",
            ));
        }
        let top = group.split('/').next().unwrap_or(group);
        let host = o.text("host").unwrap_or("gitlab.com");
        let (reference, ref_type, ref_path) = if let Some(tag) = tag {
            (tag, "tag", format!("refs/tags/{tag}"))
        } else {
            let default = if merge_request { "feature" } else { "main" };
            let b = branch.unwrap_or(default);
            (b, "branch", format!("refs/heads/{b}"))
        };
        let sub = subject(
            B,
            Platform::GitLab,
            &[
                ("project_path", project),
                ("ref_type", ref_type),
                ("ref", reference),
            ],
        )?;
        let sha = hex(&[project, "@", &ref_path], 40);
        let at = o.now().to_string();
        let pipeline: &[&str] = &[&sub, "@", &at];
        let user = o.text("user").unwrap_or("gitlab-bot");

        let mut c = Draft::default();
        c.text(
            "namespace_id",
            o.number("namespaceId")
                .map_or_else(|| digits(&[group], 1_000, 99_999_999), |n| n.to_string()),
        )
        .text("namespace_path", group)
        .text(
            "project_id",
            o.number("projectId")
                .map_or_else(|| digits(&[project], 1_000, 99_999_999), |n| n.to_string()),
        )
        .text("project_path", project)
        .text("user_id", digits(&[user], 1, 9_999_999))
        .text("user_login", user)
        .text("user_email", format!("{user}@example.com"))
        .text("user_access_level", "developer")
        .put("groups_direct", vec![top.to_owned()])
        .text("pipeline_id", digits(pipeline, 100_000_000, 2_000_000_000))
        .text(
            "pipeline_source",
            if merge_request {
                "merge_request_event"
            } else {
                "push"
            },
        )
        .text(
            "job_id",
            digits(&[&sub, "@", &at, "/job"], 1_000_000_000, 9_999_999_999),
        )
        .text("ref", reference)
        .text("ref_type", ref_type)
        .text("ref_path", ref_path.as_str())
        .text("ref_protected", o.flag("protected").to_string());
        if let Some(env) = o.text("environment") {
            c.text("environment", env)
                .text("environment_protected", o.flag("protected").to_string())
                .text("deployment_tier", tier(env))
                .text("environment_action", "start");
        }
        c.put("runner_id", number(pipeline, 1, 99_999_999))
            .text(
                "runner_environment",
                if host == "gitlab.com" {
                    "gitlab-hosted"
                } else {
                    "self-hosted"
                },
            )
            .text("sha", sha.as_str())
            .text("project_visibility", "private")
            .text(
                "ci_config_ref_uri",
                format!("{host}/{project}//.gitlab-ci.yml@{ref_path}"),
            )
            .text("ci_config_sha", sha)
            .text("jti", uuid(pipeline))
            .text("iss", format!("https://{host}"))
            .times(o.now(), Some(-5), 3600)
            .text("sub", sub);
        let aud = o
            .text("audience")
            .map_or_else(|| format!("https://{host}"), str::to_owned);
        c.text("aud", aud);
        Ok(c.done())
    }
}

/// GitLab's deployment tier for an environment name, as GitLab guesses it when the job does
/// not say (`production`, `staging`, `testing`, `development`, else `other`).
fn tier(environment: &str) -> &'static str {
    let name = environment.to_ascii_lowercase();
    [
        ("prod", "production"),
        ("stag", "staging"),
        ("test", "testing"),
        ("qa", "testing"),
        ("dev", "development"),
        ("review", "development"),
    ]
    .into_iter()
    .find(|(start, _)| name.starts_with(start))
    .map_or("other", |(_, tier)| tier)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::IssuerVariant;
    use crate::tokens::tests::reads_back;

    const NOW: i64 = 1_790_000_000;

    #[test]
    fn gitlab_com_reads_back_with_gitlabs_types() {
        let t = gitlab().project("acme/app").tag("v2.3.0").at(NOW).unwrap();
        assert_eq!(t.sub(), "project_path:acme/app:ref_type:tag:ref:v2.3.0");
        reads_back(
            &t,
            Platform::GitLab,
            IssuerVariant::GitlabCom,
            &[("group", "acme"), ("project", "app"), ("ref", "v2.3.0")],
        );
        let c = t.claims();
        assert!(c["project_id"].is_string() && c["namespace_id"].is_string());
        assert!(c["runner_id"].is_u64());
        assert_eq!(c["aud"], "https://gitlab.com");
        assert_eq!(c["ref_path"], "refs/tags/v2.3.0");
        assert_eq!(
            (c["nbf"].as_i64(), c["exp"].as_i64()),
            (Some(NOW - 5), Some(NOW + 3600))
        );
        assert!(!c.contains_key("environment"));
    }

    #[test]
    fn self_managed_merge_requests_and_environments() {
        let t = gitlab()
            .project("platform/infra/app")
            .host("ci.example.com")
            .merge_request()
            .environment("production")
            .at(NOW)
            .unwrap();
        reads_back(
            &t,
            Platform::GitLab,
            IssuerVariant::GitlabSelfManaged,
            &[("group", "platform/infra"), ("ref", "feature")],
        );
        let c = t.claims();
        assert_eq!(c["pipeline_source"], "merge_request_event");
        assert_eq!(c["deployment_tier"], "production");
        assert_eq!(c["runner_environment"], "self-hosted");
        assert_eq!(c["namespace_path"], "platform/infra");
        assert_eq!(c["groups_direct"], serde_json::json!(["platform"]));
        assert_eq!(tier("review/feature-x"), "development");
        assert_eq!(tier("canary"), "other");
    }

    #[test]
    fn a_project_needs_a_group() {
        assert_eq!(
            gitlab().project("app").at(NOW).unwrap_err().field(),
            "project"
        );
    }
}
