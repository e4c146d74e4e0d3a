//! GitLab CI `id_tokens` (semantics reference 5.2; gitlabhq `doc/ci/secrets/id_token_authentication.md`).
//!
//! Issuer: the instance URL, `https://gitlab.com` or a self-managed `https://gitlab.example.com`.
//! Default `sub`: `project_path:GROUP/PROJECT:ref_type:branch|tag:ref:NAME`. A project may
//! change the components (`ci_id_token_sub_claim_components`, GitLab MR 160562): each is
//! written `claim:value` and joined with `:`, e.g. `project_id:20:ref_type:branch:ref:main`.
//! A merge-request pipeline carries the source branch in `ref`; there is no merge-request
//! marker in the `sub`.

use super::{IssuerVariant, Platform, Subject, SubjectError, SubjectForm, field, pairs};

/// Recognises a GitLab issuer prefix. Self-managed instances are recognised when their host
/// names GitLab (`gitlab.example.com`); otherwise only by their `sub`.
pub(crate) fn recognise(prefix: &str) -> Option<(IssuerVariant, Option<&str>)> {
    if prefix == "gitlab.com" {
        return Some((IssuerVariant::GitlabCom, None));
    }
    let host = prefix.split('/').next().unwrap_or_default();
    host.split('.')
        .any(|label| label == "gitlab" || label.starts_with("gitlab-"))
        .then_some((IssuerVariant::GitlabSelfManaged, Some(host)))
}

/// Parses a GitLab `sub`.
pub(crate) fn parse(sub: &str) -> Result<Subject<'_>, SubjectError> {
    let mut fields = pairs(sub, None, "GitLab")?;
    let keys: Vec<&str> = fields.iter().map(|f| f.name).collect();
    let default_shape = keys == ["project_path", "ref_type", "ref"];
    if !keys.contains(&"project_path") && !keys.contains(&"project_id") {
        return Err(SubjectError::new(
            0,
            "a GitLab subject starts with `project_path:` (or `project_id:` when customised)",
        ));
    }
    let mut extra = Vec::with_capacity(2);
    for f in &fields {
        if f.value.is_empty() {
            return Err(SubjectError::new(
                f.start,
                format!("`{}` has an empty value", f.name),
            ));
        }
        match f.name {
            "ref_type" if f.value != "branch" && f.value != "tag" => {
                return Err(SubjectError::new(
                    f.start,
                    format!("`ref_type` is `{}`, expected `branch` or `tag`", f.value),
                ));
            }
            "project_path" => {
                let Some((group, project)) = f.value.rsplit_once('/') else {
                    return Err(SubjectError::new(
                        f.start,
                        "`project_path` is not `GROUP/PROJECT`",
                    ));
                };
                if group.is_empty() || project.is_empty() || group.split('/').any(str::is_empty) {
                    return Err(SubjectError::new(
                        f.start,
                        "`project_path` has an empty part",
                    ));
                }
                extra.push(field("group", f.start, group));
                extra.push(field("project", f.start + group.len() + 1, project));
            }
            "project_id" if !f.value.chars().all(|c| c.is_ascii_digit()) => {
                return Err(SubjectError::new(f.start, "`project_id` is not a number"));
            }
            _ => {}
        }
    }
    let immutable = keys.contains(&"project_id") && !keys.contains(&"project_path");
    let form = match fields.iter().find(|f| f.name == "ref_type") {
        Some(f) if default_shape && f.value == "branch" => SubjectForm::Branch,
        Some(f) if default_shape && f.value == "tag" => SubjectForm::Tag,
        _ => SubjectForm::Custom,
    };
    fields.extend(extra);
    Ok(Subject {
        platform: Platform::GitLab,
        form,
        immutable,
        fields,
    })
}

/// Builds the default `project_path:...:ref_type:...:ref:...` subject.
pub(crate) fn build<'a>(need: &dyn Fn(&str) -> Result<&'a str, String>) -> Result<String, String> {
    Ok(format!(
        "project_path:{}:ref_type:{}:ref:{}",
        need("project_path")?,
        need("ref_type")?,
        need("ref")?
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses() {
        let s = parse("project_path:g/sub/p:ref_type:tag:ref:v1.0.0").unwrap();
        assert_eq!(s.form, SubjectForm::Tag);
        assert_eq!(s.get("group"), Some("g/sub"));
        assert_eq!(s.get("project"), Some("p"));
        let s = parse("project_id:20:ref_type:branch:ref:main").unwrap();
        assert!(s.immutable);
        assert_eq!(s.form, SubjectForm::Custom);
        for bad in [
            "project_path:g/p:ref_type",
            "project_path:p:ref_type:branch:ref:main",
            "project_path:g/p:ref_type:commit:ref:main",
            "repo:o/r:pull_request",
            "project_path:g/p:ref_type:branch:ref:",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
