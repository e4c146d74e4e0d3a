//! Why a configured `sub` (an IAM condition value, an Entra credential's subject) misses the
//! token's, when the reason has a name: another platform's format, the other GitHub
//! repository form, an environment where a ref was expected, a pull request, a tag for a
//! branch. Written once, as data, with its code and message ([`SubjectMiss::explain`]);
//! each target's hints write the fix in its own terms (a policy takes another value, Entra
//! another credential).

use crate::codes;
use crate::providers::{self, Platform, Subject, SubjectForm};

/// A named reason a configured `sub` misses the token's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SubjectMiss {
    /// The configured value is in another platform's format (the value's platform).
    WrongPlatform(Platform),
    /// GitHub: one side names the repository by ids (`OWNER@ID/REPO@ID`), the other by name.
    RepositoryForm {
        /// Whether the token's subject is the immutable form.
        token_immutable: bool,
        /// The token's `OWNER/REPO` (or `OWNER@ID/REPO@ID`).
        token_repo: String,
        /// The configured value rewritten with the token's repository.
        fixed: String,
    },
    /// GitHub: the job runs in an environment, so the token's `sub` names it, not the ref
    /// the value expects.
    EnvironmentNotRef {
        /// The token's environment.
        environment: String,
    },
    /// GitHub: the value expects an environment, but the job declares none.
    RefNotEnvironment {
        /// The environment the value names.
        environment: String,
    },
    /// GitHub: a pull-request token against a value that expects a branch or environment.
    PullRequest,
    /// GitHub: a tag token against a branch value.
    TagNotBranch {
        /// The token's tag.
        tag: String,
        /// The token's repository part.
        token_repo: String,
    },
    /// GitHub: a branch token against a tag value.
    BranchNotTag {
        /// The token's branch.
        branch: String,
    },
    /// GitLab: the token's `ref_type` is not the one the value expects.
    GitLabRefType {
        /// The token's `ref_type`.
        have: String,
        /// The value's.
        want: &'static str,
    },
}

impl SubjectMiss {
    /// The hint's code and message: why `value`, the configured value that `what` names
    /// ("the policy value", "the subject of the credential x"), misses the token's `sub`
    /// `request` from `platform`.
    pub(crate) fn explain(
        &self,
        value: &str,
        request: &str,
        platform: Platform,
        what: &str,
    ) -> (&'static str, String) {
        match self {
            SubjectMiss::WrongPlatform(vp) => (
                codes::WRONG_PLATFORM_SUBJECT,
                format!(
                    "{what} `{value}` is a {} subject, but the token comes from {} (`{request}`)",
                    vp.name(),
                    platform.name()
                ),
            ),
            SubjectMiss::RepositoryForm {
                token_immutable,
                token_repo,
                ..
            } => {
                let (t, p) = if *token_immutable {
                    ("the immutable `OWNER@ID/REPO@ID` form", "the name form")
                } else {
                    ("the name form", "the immutable `OWNER@ID/REPO@ID` form")
                };
                (
                    codes::IMMUTABLE_SUBJECT,
                    format!("the token's subject uses {t} (`{token_repo}`), {what} {p}"),
                )
            }
            SubjectMiss::EnvironmentNotRef { environment } => (
                codes::ENVIRONMENT_SUBJECT,
                format!(
                    "the job runs in the environment `{environment}`, so GitHub sends `{request}` instead of a ref subject"
                ),
            ),
            SubjectMiss::RefNotEnvironment { environment } => (
                codes::ENVIRONMENT_SUBJECT,
                format!(
                    "{what} expects the environment `{environment}`, but the job declares none, so GitHub sends `{request}`"
                ),
            ),
            SubjectMiss::PullRequest => (
                codes::PULL_REQUEST_SUBJECT,
                format!("pull-request workflows send `{request}`, not a branch subject"),
            ),
            SubjectMiss::TagNotBranch { tag, .. } => (
                codes::TAG_VS_BRANCH,
                format!("the token is for the tag `{tag}`, {what} expects a branch"),
            ),
            SubjectMiss::BranchNotTag { branch } => (
                codes::TAG_VS_BRANCH,
                format!("the token is for the branch `{branch}`, {what} expects a tag"),
            ),
            SubjectMiss::GitLabRefType { have, want } => (
                codes::TAG_VS_BRANCH,
                format!("the token is for a {have} (`{request}`), {what} expects a {want}"),
            ),
        }
    }
}

/// Renders a configured value as plain text for format checks: wildcards become `x`.
fn as_text(value: &str) -> String {
    value.replace(['*', '?'], "x")
}

/// The named reason `value` (a configured `sub`, maybe a pattern) misses the token's `sub`
/// `request` (parsed as `token` in `platform`'s format), if one fits.
pub(crate) fn subject_miss(
    value: &str,
    request: &str,
    platform: Platform,
    token: &Subject<'_>,
) -> Option<SubjectMiss> {
    if let Some(vp) = providers::guess_platform(value)
        && vp != platform
        && platform != Platform::Generic
    {
        return Some(SubjectMiss::WrongPlatform(vp));
    }
    if platform != Platform::GitHub {
        return gitlab_ref_type(value, token);
    }
    let value_text = as_text(value);
    let configured = providers::parse_subject(Platform::GitHub, &value_text).ok();
    let token_repo = token.get("repo").unwrap_or_default();
    // A wildcard pattern (`repo:acme/app:*`) does not parse as a subject; its owner/repo
    // part still tells the form.
    let pattern_repo = || {
        let repo = value_text.strip_prefix("repo:")?.split(':').next()?;
        (repo.contains('/') && !repo.contains('*') && !repo.contains('?')).then_some(repo)
    };
    let configured_form = match &configured {
        Some(c) => c.get("repo").map(|_| c.immutable),
        None => pattern_repo().map(|r| r.contains('@')),
    };
    if let Some(configured_immutable) = configured_form
        && configured_immutable != token.immutable
    {
        let fixed = match value.split_once(':') {
            Some((_, rest)) => {
                let rest = rest.split_once(':').map_or("", |(_, r)| r);
                if rest.is_empty() {
                    format!("repo:{token_repo}")
                } else {
                    format!("repo:{token_repo}:{rest}")
                }
            }
            _ => request.to_owned(),
        };
        return Some(SubjectMiss::RepositoryForm {
            token_immutable: token.immutable,
            token_repo: token_repo.to_owned(),
            fixed,
        });
    }
    let expects_ref = value.contains(":ref:");
    match token.form {
        SubjectForm::Environment if expects_ref => Some(SubjectMiss::EnvironmentNotRef {
            environment: token.get("environment").unwrap_or_default().to_owned(),
        }),
        SubjectForm::Branch | SubjectForm::Tag if value.contains(":environment:") => {
            let environment = value
                .split(":environment:")
                .nth(1)
                .and_then(|e| e.split(':').next())
                .unwrap_or_default();
            Some(SubjectMiss::RefNotEnvironment {
                environment: environment.to_owned(),
            })
        }
        SubjectForm::PullRequest if expects_ref || value.contains(":environment:") => {
            Some(SubjectMiss::PullRequest)
        }
        SubjectForm::Tag if value.contains("refs/heads/") => Some(SubjectMiss::TagNotBranch {
            tag: token.get("tag").unwrap_or_default().to_owned(),
            token_repo: token_repo.to_owned(),
        }),
        SubjectForm::Branch if value.contains("refs/tags/") => Some(SubjectMiss::BranchNotTag {
            branch: token.get("branch").unwrap_or_default().to_owned(),
        }),
        _ => None,
    }
}

fn gitlab_ref_type(value: &str, token: &Subject<'_>) -> Option<SubjectMiss> {
    if token.platform != Platform::GitLab {
        return None;
    }
    let want = if value.contains("ref_type:branch") {
        "branch"
    } else if value.contains("ref_type:tag") {
        "tag"
    } else {
        return None;
    };
    let have = token.get("ref_type")?;
    (have != want).then(|| SubjectMiss::GitLabRefType {
        have: have.to_owned(),
        want,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn miss(value: &str, request: &str, platform: Platform) -> Option<SubjectMiss> {
        let token = providers::parse_subject(platform, request).ok()?;
        subject_miss(value, request, platform, &token)
    }

    #[test]
    fn names_the_reason() {
        assert_eq!(
            miss(
                "repo:o/r:ref:refs/heads/main",
                "repo:o/r:environment:prod",
                Platform::GitHub
            ),
            Some(SubjectMiss::EnvironmentNotRef {
                environment: "prod".to_owned()
            })
        );
        assert_eq!(
            miss(
                "repo:o/r:ref:refs/heads/main",
                "repo:o@1/r@2:ref:refs/heads/main",
                Platform::GitHub
            ),
            Some(SubjectMiss::RepositoryForm {
                token_immutable: true,
                token_repo: "o@1/r@2".to_owned(),
                fixed: "repo:o@1/r@2:ref:refs/heads/main".to_owned()
            })
        );
        assert_eq!(
            miss(
                "project_path:g/p:ref_type:branch:ref:v1",
                "project_path:g/p:ref_type:tag:ref:v1",
                Platform::GitLab
            ),
            Some(SubjectMiss::GitLabRefType {
                have: "tag".to_owned(),
                want: "branch"
            })
        );
        assert_eq!(
            miss(
                "project_path:g/p:ref_type:branch:ref:main",
                "repo:o/r:ref:refs/heads/main",
                Platform::GitHub
            ),
            Some(SubjectMiss::WrongPlatform(Platform::GitLab))
        );
        assert_eq!(
            miss(
                "repo:o/r:ref:refs/heads/main",
                "repo:o/r:ref:refs/heads/dev",
                Platform::GitHub
            ),
            None
        );
    }
}
