//! GitHub Actions (semantics reference 5.1; GitHub docs `content/actions/reference/security/oidc.md`).
//!
//! Issuers: `token.actions.githubusercontent.com`, with `/<enterprise-slug>` when a GitHub
//! Enterprise Cloud enterprise switched to a unique token URL; `token.actions.<sub>.ghe.com`
//! (GHE.com data residency); `<host>/_services/token` (GitHub Enterprise Server).
//!
//! Default `sub` forms: `repo:OWNER/REPO:environment:NAME` (wins when the job names an
//! environment), `repo:OWNER/REPO:pull_request`, `repo:OWNER/REPO:ref:refs/heads/BRANCH`,
//! `repo:OWNER/REPO:ref:refs/tags/TAG`. Repositories created (or renamed, transferred)
//! after 2026-07-15 get the immutable `repo:OWNER@OWNER_ID/REPO@REPO_ID:...` form. The
//! customisation API (`include_claim_keys`) gives `key:value` pairs in the listed order,
//! e.g. `repo:o/r:context:...` or `job_workflow_ref:o/r/.github/workflows/x.yml@refs/heads/main`.
//! A `:` inside a value is written `%3A`, so splitting on `:` is safe.

use super::{
    IssuerVariant, Platform, Subject, SubjectError, SubjectField, SubjectForm, field, pieces,
};

/// The host of github.com's issuer.
pub const HOST: &str = "token.actions.githubusercontent.com";

/// Recognises a GitHub issuer prefix: `(variant, detail)`.
pub(crate) fn recognise(prefix: &str) -> Option<(IssuerVariant, Option<&str>)> {
    let (host, path) = prefix.split_once('/').unwrap_or((prefix, ""));
    if host == HOST {
        return Some(if path.is_empty() {
            (IssuerVariant::Github, None)
        } else {
            (
                IssuerVariant::GithubEnterpriseSlug,
                Some(path.trim_end_matches('/')),
            )
        });
    }
    if let Some(sub) = host
        .strip_prefix("token.actions.")
        .and_then(|h| h.strip_suffix(".ghe.com"))
    {
        return Some((IssuerVariant::GheCom, Some(sub)));
    }
    if path == "_services/token" {
        return Some((IssuerVariant::GithubEnterpriseServer, Some(host)));
    }
    None
}

/// Whether a customised subject may use this claim name (`include_claim_keys`; GitHub's
/// claim list in the semantics reference 5.1, plus `repo`, `context` and
/// `repo_property_*`).
fn claim_key(key: &str) -> bool {
    matches!(
        key,
        "repo"
            | "context"
            | "ref"
            | "sha"
            | "repository"
            | "repository_owner"
            | "repository_owner_id"
            | "repository_id"
            | "repository_visibility"
            | "run_id"
            | "run_number"
            | "run_attempt"
            | "actor"
            | "actor_id"
            | "workflow"
            | "workflow_ref"
            | "workflow_sha"
            | "job_workflow_ref"
            | "job_workflow_sha"
            | "head_ref"
            | "base_ref"
            | "event_name"
            | "ref_type"
            | "ref_protected"
            | "environment"
            | "runner_environment"
            | "check_run_id"
            | "enterprise"
            | "enterprise_id"
            | "jti"
            | "aud"
            | "iss"
    ) || key.starts_with("repo_property_")
}

fn bad_char(c: char) -> bool {
    c.is_whitespace() || matches!(c, '~' | '^' | '?' | '*' | '[' | '\\')
}

/// Which part of `repo:OWNER/REPOSITORY` a `sub` value or pattern leaves empty (`owner`
/// for `repo:/name:*`, `repository` for `repo:octo-org/:*`), if one: GitHub never sends
/// such a subject, so the value matches no token whatever its operator.
pub(crate) fn empty_repo_part(value: &str) -> Option<&'static str> {
    let repo = value.strip_prefix("repo:")?.split(':').next()?;
    let (owner, name) = repo.split_once('/')?;
    if owner.is_empty() {
        Some("owner")
    } else if name.is_empty() {
        Some("repository")
    } else {
        None
    }
}

/// Whether a `sub` value (or pattern) names its repository by name, `repo:OWNER/REPO...`,
/// rather than by the immutable ids or not at all (`repo:*`, an empty part).
pub fn names_repository_by_name(value: &str) -> bool {
    let Some(rest) = value.strip_prefix("repo:") else {
        return false;
    };
    let repo = rest.split(':').next().unwrap_or_default();
    !(rest.starts_with('*')
        || repo.contains('@')
        || rest.is_empty()
        || empty_repo_part(value).is_some())
}

/// Parses a GitHub `sub`.
pub(crate) fn parse(sub: &str) -> Result<Subject<'_>, SubjectError> {
    let mut parts = pieces(sub, ':');
    let mut fields: Vec<SubjectField<'_>> = Vec::with_capacity(8);
    let mut form = None;
    let mut immutable = false;
    let mut contexts = 0;
    let mut first_key = None;
    while let Some((kat, key)) = parts.next() {
        if first_key.is_none() {
            first_key = Some(key);
        }
        if key == "pull_request" {
            contexts += 1;
            fields.push(field("pullRequest", kat, key));
            form = Some(SubjectForm::PullRequest);
            continue;
        }
        if !claim_key(key) {
            return Err(SubjectError::new(
                kat,
                format!("`{key}` is not a claim name (GitHub subjects are `claim:value` pairs)"),
            ));
        }
        let Some((vat, value)) = parts.next() else {
            return Err(SubjectError::new(kat, format!("`{key}` has no value")));
        };
        if value.is_empty() {
            return Err(SubjectError::new(
                vat,
                format!("`{key}` has an empty value"),
            ));
        }
        if let Some(off) = value.find(bad_char) {
            return Err(SubjectError::new(
                vat + off,
                format!("`{key}` contains a character GitHub does not use in it"),
            ));
        }
        if fields.iter().any(|f| f.name == key) {
            return Err(SubjectError::new(kat, format!("`{key}` appears twice")));
        }
        match key {
            "repo" => {
                fields.push(field("repo", vat, value));
                immutable = repo_fields(value, vat, &mut fields)?;
            }
            "ref" => {
                contexts += 1;
                fields.push(field("ref", vat, value));
                let (name, f, rest) = if let Some(b) = value.strip_prefix("refs/heads/") {
                    ("branch", SubjectForm::Branch, b)
                } else if let Some(t) = value.strip_prefix("refs/tags/") {
                    ("tag", SubjectForm::Tag, t)
                } else {
                    ("", SubjectForm::Ref, "")
                };
                if !name.is_empty() {
                    if rest.is_empty() {
                        return Err(SubjectError::new(
                            vat + value.len(),
                            format!("the {name} name is empty"),
                        ));
                    }
                    fields.push(field(name, vat + value.len() - rest.len(), rest));
                }
                form = Some(f);
            }
            "environment" => {
                contexts += 1;
                fields.push(field("environment", vat, value));
                form = Some(SubjectForm::Environment);
            }
            other => fields.push(field(other, vat, value)),
        }
    }
    if contexts > 1 {
        return Err(SubjectError::new(
            0,
            "a GitHub subject names at most one of `environment`, `ref` and `pull_request`",
        ));
    }
    let default_shape = first_key == Some("repo")
        && contexts == 1
        && fields.iter().all(|f| {
            matches!(
                f.name,
                "repo"
                    | "owner"
                    | "ownerId"
                    | "repository"
                    | "repositoryId"
                    | "ref"
                    | "branch"
                    | "tag"
                    | "environment"
                    | "pullRequest"
            )
        });
    let form = if default_shape {
        form.unwrap_or(SubjectForm::Custom)
    } else {
        SubjectForm::Custom
    };
    Ok(Subject {
        platform: Platform::GitHub,
        form,
        immutable,
        fields,
    })
}

/// Splits `owner/repo` or `owner@id/repo@id`; returns whether it is the immutable form.
fn repo_fields<'a>(
    value: &'a str,
    at: usize,
    fields: &mut Vec<SubjectField<'a>>,
) -> Result<bool, SubjectError> {
    let Some((owner, repo)) = value.split_once('/') else {
        return Err(SubjectError::new(
            at,
            "`repo` is not `OWNER/REPOSITORY`".to_owned(),
        ));
    };
    if repo.contains('/') {
        return Err(SubjectError::new(
            at + owner.len() + 1,
            "`repo` has more than one `/`".to_owned(),
        ));
    }
    let mut immutable = None;
    for (name, id_name, part, off) in [
        ("owner", "ownerId", owner, at),
        ("repository", "repositoryId", repo, at + owner.len() + 1),
    ] {
        let (n, id) = match part.split_once('@') {
            Some((n, id)) => (n, Some(id)),
            None => (part, None),
        };
        if n.is_empty() {
            return Err(SubjectError::new(off, format!("the {name} name is empty")));
        }
        fields.push(field(name, off, n));
        if let Some(id) = id {
            if id.is_empty() || !id.chars().all(|c| c.is_ascii_digit()) {
                return Err(SubjectError::new(
                    off + n.len() + 1,
                    format!("the {name} id `{id}` is not a number"),
                ));
            }
            fields.push(field(id_name, off + n.len() + 1, id));
        }
        match immutable {
            None => immutable = Some(id.is_some()),
            Some(prev) if prev != id.is_some() => {
                return Err(SubjectError::new(
                    off,
                    "either both the owner and the repository carry `@id`, or neither".to_owned(),
                ));
            }
            Some(_) => {}
        }
    }
    Ok(immutable.unwrap_or(false))
}

/// Builds a default-format GitHub `sub`.
pub(crate) fn build<'a>(get: &dyn Fn(&str) -> Option<&'a str>) -> Result<String, String> {
    let owner = get("owner").ok_or("`owner` is required")?;
    let repo = get("repository").ok_or("`repository` is required")?;
    let repo_part = match (get("ownerId"), get("repositoryId")) {
        (Some(o), Some(r)) => format!("{owner}@{o}/{repo}@{r}"),
        (None, None) => format!("{owner}/{repo}"),
        _ => return Err("give both `ownerId` and `repositoryId`, or neither".to_owned()),
    };
    let enc = |s: &str| s.replace(':', "%3A");
    let context = if let Some(env) = get("environment") {
        format!("environment:{}", enc(env))
    } else if get("pullRequest").is_some() {
        "pull_request".to_owned()
    } else if let Some(b) = get("branch") {
        format!("ref:refs/heads/{b}")
    } else if let Some(t) = get("tag") {
        format!("ref:refs/tags/{t}")
    } else if let Some(r) = get("ref") {
        format!("ref:{r}")
    } else {
        return Err(
            "one of `environment`, `pullRequest`, `branch`, `tag` or `ref` is required".to_owned(),
        );
    };
    Ok(format!("repo:{repo_part}:{context}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_forms() {
        let s = parse("repo:octo-org/octo-repo:ref:refs/heads/feature/x").unwrap();
        assert_eq!(s.form, SubjectForm::Branch);
        assert_eq!(s.get("branch"), Some("feature/x"));
        assert_eq!(s.get("owner"), Some("octo-org"));
        assert!(!s.immutable);
        let s = parse("repo:o@12/r@34:environment:Prod%3AV1").unwrap();
        assert!(s.immutable);
        assert_eq!(s.get("repositoryId"), Some("34"));
        assert_eq!(s.form, SubjectForm::Environment);
        assert_eq!(
            parse("repo:o/r:pull_request").unwrap().form,
            SubjectForm::PullRequest
        );
        assert_eq!(
            parse("repo:o/r:ref:refs/tags/v1").unwrap().get("tag"),
            Some("v1")
        );
    }

    #[test]
    fn custom_forms() {
        let s = parse("job_workflow_ref:o/a/.github/workflows/x.yml@refs/heads/main").unwrap();
        assert_eq!(s.form, SubjectForm::Custom);
        let s =
            parse("repo:o/r:environment:prod:job_workflow_ref:o/a/x.yml@refs/heads/main").unwrap();
        assert_eq!(s.form, SubjectForm::Custom);
        assert_eq!(s.get("environment"), Some("prod"));
    }

    #[test]
    fn errors() {
        for bad in [
            "repo:or:pull_request",
            "repo:o@1/r:pull_request",
            "repo:o/r:ref:refs/heads/",
            "repo:o/r:ref:refs/heads/a:pull_request",
            "repo:o/r:ref:refs/heads/a b",
            "Repo:o/r:pull_request",
            "",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn issuers() {
        assert_eq!(recognise(HOST), Some((IssuerVariant::Github, None)));
        assert_eq!(
            recognise("token.actions.githubusercontent.com/acme"),
            Some((IssuerVariant::GithubEnterpriseSlug, Some("acme")))
        );
        assert_eq!(recognise("gitlab.com"), None);
    }
}
