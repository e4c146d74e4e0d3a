//! GitHub Actions tokens, after GitHub's "OpenID Connect reference"
//! (<https://docs.github.com/en/actions/reference/security/oidc>: the standard claims, the
//! custom claims GitHub adds, the default `sub` forms and the enterprise issuers) and the
//! real claim set in the semantics reference 5.1 (claim order, `nbf` 5 minutes before `iat`
//! and `exp` 5 minutes after, every id a string). The immutable `repo:OWNER@ID/REPO@ID`
//! subject is GitHub's for repositories created after 2026-07-15 (changelog 2026-04-23);
//! `repository`, `workflow_ref` and `job_workflow_ref` stay name-based in it.

use super::{
    Draft, Minted, TokenError, builder, digits, hex, number, pair, setters, subject, switches, uuid,
};
use crate::providers::{Platform, github::HOST};

builder! {
    /// A GitHub Actions token: `github().repo("acme/app").branch("main").at(now)`.
    ///
    /// Without `branch`, `tag` or `pullRequest` the run is a push to `main`. The `sub` is
    /// GitHub's default for the run: `repo:OWNER/REPO:environment:NAME` when the job names an
    /// environment, else `repo:OWNER/REPO:pull_request` for a pull request, else
    /// `repo:OWNER/REPO:ref:REF`. `aud` defaults to `sts.amazonaws.com`, what
    /// `aws-actions/configure-aws-credentials` requests (GitHub's own default is the owner's
    /// URL).
    pub struct GitHub(GitHubOptions) = "github" {
        /// The repository, `OWNER/REPOSITORY` (required).
        repo: String,
    } optional {
        /// The branch pushed to (default `main`); with `pullRequest`, the pull request's head
        /// branch (default `feature`).
        branch: Option<String>,
        /// The tag pushed (a tag run).
        tag: Option<String>,
        /// A `pull_request` run: ref `refs/pull/1/merge`, base `main`.
        pull_request: bool,
        /// The environment the job deploys to: the `sub` names it instead of the ref.
        environment: Option<String>,
        /// The workflow file (default `.github/workflows/ci.yml`); its name is the file's stem.
        workflow: Option<String>,
        /// The event (default `push`, or `pull_request` for a pull request).
        event: Option<String>,
        /// The immutable subject, `repo:OWNER@OWNER_ID/REPO@REPO_ID:...`.
        immutable: bool,
        /// `repository_owner_id` (default: derived from the owner's name).
        owner_id: Option<u64>,
        /// `repository_id` (default: derived from the repository's name).
        repository_id: Option<u64>,
        /// A GitHub Enterprise Cloud enterprise with its own issuer:
        /// `https://token.actions.githubusercontent.com/<slug>`, and the `enterprise` claims.
        enterprise: Option<String>,
        /// A GHE.com (data residency) subdomain: issuer `https://token.actions.<subdomain>.ghe.com`.
        ghe_com: Option<String>,
        /// A GitHub Enterprise Server host: issuer `https://<host>/_services/token`.
        server: Option<String>,
        /// Who started the run (default `octocat`).
        actor: Option<String>,
        /// The commit (default: derived from the repository and ref).
        sha: Option<String>,
        /// Whether the ref is protected (`ref_protected`).
        protected: bool,
    }
}

/// A GitHub Actions token builder for [`GitHub::repo`].
pub fn github() -> GitHub {
    GitHub::default()
}

impl GitHub {
    setters! {
        /// The repository, `OWNER/REPOSITORY`.
        repo => "repo";
        /// A push to this branch (or, with [`GitHub::pull_request`], the head branch).
        branch => "branch";
        /// A push of this tag.
        tag => "tag";
        /// A job in this environment.
        environment => "environment";
        /// The workflow file, e.g. `.github/workflows/deploy.yml`.
        workflow => "workflow";
        /// The event name (`workflow_dispatch`, `schedule`...).
        event => "event";
        /// A GitHub Enterprise Cloud enterprise with its own issuer URL.
        enterprise => "enterprise";
        /// A GHE.com subdomain.
        ghe_com => "gheCom";
        /// A GitHub Enterprise Server host.
        server => "server";
        /// Who started the run.
        actor => "actor";
        /// The commit sha.
        sha => "sha";
    }

    switches! {
        /// A `pull_request` run.
        pull_request => "pullRequest";
        /// A protected ref.
        protected => "protected";
    }

    /// The immutable subject, with these owner and repository ids.
    #[must_use]
    pub fn immutable(mut self, owner_id: u64, repository_id: u64) -> Self {
        self.0.set("immutable", true);
        self.0.set("ownerId", owner_id);
        self.0.set("repositoryId", repository_id);
        self
    }

    fn claims(
        o: &super::Options,
    ) -> Result<serde_json::Map<String, serde_json::Value>, TokenError> {
        const B: &str = "github";
        let repo = o.need(B, "repo")?;
        let (owner, name) = pair(B, "repo", repo, "OWNER/REPOSITORY")?;
        let (tag, branch, pull_request) = (o.text("tag"), o.text("branch"), o.flag("pullRequest"));
        let environment = o.text("environment");
        if tag.is_some() && (pull_request || branch.is_some()) {
            return Err(TokenError::new(
                B,
                "tag",
                "a run has one ref: give `tag`, or `branch` (with `pullRequest` or not)",
            ));
        }
        let owner_id = o
            .number("ownerId")
            .unwrap_or_else(|| number(&[owner], 1_000_000, 200_000_000))
            .to_string();
        let repository_id = o
            .number("repositoryId")
            .unwrap_or_else(|| number(&[repo], 100_000_000, 999_999_999))
            .to_string();
        let (reference, ref_type, head, base) = match (tag, pull_request) {
            (Some(tag), _) => (format!("refs/tags/{tag}"), "tag", "", ""),
            (None, true) => (
                "refs/pull/1/merge".to_owned(),
                "branch",
                branch.unwrap_or("feature"),
                "main",
            ),
            (None, false) => (
                format!("refs/heads/{}", branch.unwrap_or("main")),
                "branch",
                "",
                "",
            ),
        };

        let mut fields = vec![("owner", owner), ("repository", name)];
        if o.flag("immutable") {
            fields.extend([
                ("ownerId", owner_id.as_str()),
                ("repositoryId", &repository_id),
            ]);
        }
        match (environment, pull_request) {
            (Some(env), _) => fields.push(("environment", env)),
            (None, true) => fields.push(("pullRequest", "pull_request")),
            (None, false) => fields.push(("ref", &reference)),
        }
        let sub = subject(B, Platform::GitHub, &fields)?;

        let workflow = o.text("workflow").unwrap_or(".github/workflows/ci.yml");
        let stem = workflow.rsplit('/').next().unwrap_or(workflow);
        let workflow_name = stem.split('.').next().unwrap_or(stem);
        let workflow_ref = format!("{repo}/{workflow}@{reference}");
        let sha = o
            .text("sha")
            .map_or_else(|| hex(&[repo, "@", &reference], 40), str::to_owned);
        let at = o.now().to_string();
        let run: &[&str] = &[&sub, "@", &at];
        let actor = o.text("actor").unwrap_or("octocat");
        let event = o
            .text("event")
            .unwrap_or(if pull_request { "pull_request" } else { "push" });
        let (server, ghe_com) = (o.text("server"), o.text("gheCom"));
        let enterprise = o.text("enterprise").or(ghe_com);
        let iss = match (server, ghe_com, enterprise) {
            (Some(host), _, _) => format!("https://{host}/_services/token"),
            (None, Some(subdomain), _) => format!("https://token.actions.{subdomain}.ghe.com"),
            (None, None, Some(slug)) => format!("https://{HOST}/{slug}"),
            (None, None, None) => format!("https://{HOST}"),
        };

        let mut c = Draft::default();
        c.text("jti", uuid(run)).text("sub", sub.as_str());
        if let Some(env) = environment {
            c.text("environment", env);
        }
        c.text("aud", o.text("audience").unwrap_or("sts.amazonaws.com"))
            .text("ref", reference.as_str())
            .text("sha", sha.as_str())
            .text("repository", repo)
            .text("repository_owner", owner)
            .text("repository_owner_id", owner_id)
            .text("repository_visibility", "private")
            .text("repository_id", repository_id)
            .text("actor_id", digits(&[actor], 1_000, 99_999_999))
            .text("actor", actor)
            .text("run_id", digits(run, 10_000_000_000, 99_999_999_999))
            .text("run_number", digits(run, 1, 500))
            .text("run_attempt", "1")
            .text("runner_environment", "github-hosted")
            .text("workflow", workflow_name)
            .text("workflow_ref", workflow_ref.as_str())
            .text("workflow_sha", sha.as_str())
            .text("job_workflow_ref", workflow_ref)
            .text("job_workflow_sha", sha)
            .text("head_ref", head)
            .text("base_ref", base)
            .text("event_name", event)
            .text("ref_type", ref_type)
            .text("ref_protected", o.flag("protected").to_string())
            .text(
                "check_run_id",
                digits(&[&sub, "@", &at, "/check"], 10_000_000_000, 99_999_999_999),
            );
        if let Some(slug) = enterprise {
            c.text("enterprise", slug)
                .text("enterprise_id", digits(&[slug], 1_000, 999_999));
        }
        c.text("iss", iss).times(o.now(), Some(-300), 300);
        Ok(c.done())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::IssuerVariant;
    use crate::tokens::tests::reads_back;

    const NOW: i64 = 1_790_000_000;

    #[test]
    fn classic_subjects_read_back() {
        let t = github().repo("acme/app").branch("main").at(NOW).unwrap();
        assert_eq!(t.sub(), "repo:acme/app:ref:refs/heads/main");
        reads_back(
            &t,
            Platform::GitHub,
            IssuerVariant::Github,
            &[("owner", "acme"), ("repository", "app"), ("branch", "main")],
        );
        let c = t.claims();
        for id in ["repository_id", "repository_owner_id", "actor_id", "run_id"] {
            assert!(c[id].as_str().unwrap().parse::<u64>().is_ok(), "{id}");
        }
        assert_eq!(
            c["job_workflow_ref"],
            "acme/app/.github/workflows/ci.yml@refs/heads/main"
        );
        assert_eq!(
            (c["nbf"].as_i64(), c["exp"].as_i64()),
            (Some(NOW - 300), Some(NOW + 300))
        );
        assert_eq!(c["aud"], "sts.amazonaws.com");

        let t = github().repo("acme/app").tag("v1.2.3").at(NOW).unwrap();
        reads_back(
            &t,
            Platform::GitHub,
            IssuerVariant::Github,
            &[("tag", "v1.2.3")],
        );
        assert_eq!(t.claims()["ref_type"], "tag");

        let t = github().repo("acme/app").pull_request().at(NOW).unwrap();
        assert_eq!(t.sub(), "repo:acme/app:pull_request");
        reads_back(
            &t,
            Platform::GitHub,
            IssuerVariant::Github,
            &[("pullRequest", "pull_request")],
        );
        assert_eq!(
            (
                &t.claims()["event_name"],
                &t.claims()["head_ref"],
                &t.claims()["base_ref"]
            ),
            (&"pull_request".into(), &"feature".into(), &"main".into())
        );

        let t = github()
            .repo("acme/app")
            .environment("prod")
            .workflow(".github/workflows/deploy.yml")
            .at(NOW)
            .unwrap();
        reads_back(
            &t,
            Platform::GitHub,
            IssuerVariant::Github,
            &[("environment", "prod")],
        );
        assert_eq!(t.claims()["workflow"], "deploy");
        assert_eq!(t.claims()["ref"], "refs/heads/main");
    }

    #[test]
    fn immutable_subjects_keep_names_elsewhere() {
        let t = github()
            .repo("acme/app")
            .immutable(47_575_784, 1_410_796_915)
            .branch("main")
            .at(NOW)
            .unwrap();
        assert_eq!(
            t.sub(),
            "repo:acme@47575784/app@1410796915:ref:refs/heads/main"
        );
        reads_back(
            &t,
            Platform::GitHub,
            IssuerVariant::Github,
            &[("ownerId", "47575784"), ("repositoryId", "1410796915")],
        );
        assert_eq!(t.claims()["repository"], "acme/app");
        assert_eq!(t.claims()["repository_id"], "1410796915");
    }

    #[test]
    fn enterprise_issuers() {
        let t = github()
            .repo("acme/app")
            .enterprise("acme-corp")
            .at(NOW)
            .unwrap();
        assert_eq!(
            t.claims()["iss"],
            "https://token.actions.githubusercontent.com/acme-corp"
        );
        assert_eq!(t.claims()["enterprise"], "acme-corp");
        reads_back(
            &t,
            Platform::GitHub,
            IssuerVariant::GithubEnterpriseSlug,
            &[],
        );
        let t = github().repo("acme/app").ghe_com("octo").at(NOW).unwrap();
        reads_back(
            &t,
            Platform::GitHub,
            IssuerVariant::GheCom,
            &[("owner", "acme")],
        );
        let t = github()
            .repo("acme/app")
            .server("ghes.example.com")
            .at(NOW)
            .unwrap();
        reads_back(
            &t,
            Platform::GitHub,
            IssuerVariant::GithubEnterpriseServer,
            &[],
        );
        assert!(!t.claims().contains_key("enterprise"));
    }

    #[test]
    fn two_refs_are_an_error() {
        let e = github()
            .repo("a/b")
            .tag("v1")
            .branch("main")
            .at(NOW)
            .unwrap_err();
        assert_eq!(e.field(), "tag");
    }
}
