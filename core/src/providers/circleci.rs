//! `CircleCI` (semantics reference 5.3, after the Dashtid/subvectors `CircleCI` suite citing
//! `CircleCI`'s OIDC documentation).
//!
//! Issuer `oidc.circleci.com/org/<ORG_ID>`; `sub` `org/<ORG_ID>/project/<PROJECT_ID>/user/<USER_ID>`,
//! newer tokens append `/vcs-origin/<origin>/vcs-ref/<ref>`. Every id is a UUID, so the
//! `sub` is immutable. AWS exposes one extra key, `oidc.circleci.com/project-id`.

use super::{IssuerVariant, Platform, Subject, SubjectError, SubjectForm, field};

pub(crate) fn recognise(prefix: &str) -> Option<(IssuerVariant, Option<&str>)> {
    let org = prefix.strip_prefix("oidc.circleci.com/org/")?;
    Some((IssuerVariant::Circleci, Some(org.trim_end_matches('/'))))
}

/// Parses a `CircleCI` `sub`.
pub(crate) fn parse(sub: &str) -> Result<Subject<'_>, SubjectError> {
    let mut fields = Vec::with_capacity(5);
    let mut rest = sub;
    let mut at = 0;
    for (key, name) in [("org/", "org"), ("project/", "project"), ("user/", "user")] {
        let Some(r) = rest.strip_prefix(key) else {
            return Err(SubjectError::new(
                at,
                format!("expected `{key}` at this point of a CircleCI subject"),
            ));
        };
        at += key.len();
        let end = r.find('/').unwrap_or(r.len());
        let value = r.get(..end).unwrap_or_default();
        if value.is_empty() {
            return Err(SubjectError::new(at, format!("the {name} id is empty")));
        }
        fields.push(field(name, at, value));
        at += end;
        rest = r.get(end..).unwrap_or_default();
        if name != "user" {
            rest = rest.strip_prefix('/').unwrap_or(rest);
            at += 1;
        }
    }
    if !rest.is_empty() {
        let Some(r) = rest.strip_prefix("/vcs-origin/") else {
            return Err(SubjectError::new(at, "unexpected text after the user id"));
        };
        let Some(split) = r.find("/vcs-ref/") else {
            return Err(SubjectError::new(at, "`vcs-origin` without `vcs-ref`"));
        };
        let origin = r.get(..split).unwrap_or_default();
        let vref = r.get(split + "/vcs-ref/".len()..).unwrap_or_default();
        at += "/vcs-origin/".len();
        if origin.is_empty() || vref.is_empty() {
            return Err(SubjectError::new(at, "`vcs-origin` or `vcs-ref` is empty"));
        }
        fields.push(field("vcsOrigin", at, origin));
        fields.push(field("vcsRef", at + split + "/vcs-ref/".len(), vref));
    }
    Ok(Subject {
        platform: Platform::CircleCi,
        form: if fields.len() > 3 {
            SubjectForm::Vcs
        } else {
            SubjectForm::Project
        },
        immutable: true,
        fields,
    })
}

/// Builds `org/ORG/project/PROJECT/user/USER[/vcs-origin/ORIGIN/vcs-ref/REF]`.
pub(crate) fn build<'a>(
    get: &dyn Fn(&str) -> Option<&'a str>,
    need: &dyn Fn(&str) -> Result<&'a str, String>,
) -> Result<String, String> {
    let mut s = format!(
        "org/{}/project/{}/user/{}",
        need("org")?,
        need("project")?,
        need("user")?
    );
    if let (Some(o), Some(r)) = (get("vcsOrigin"), get("vcsRef")) {
        s = format!("{s}/vcs-origin/{o}/vcs-ref/{r}");
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses() {
        let s = parse("org/o/project/p/user/u/vcs-origin/github.com/a/b/vcs-ref/refs/heads/main")
            .unwrap();
        assert_eq!(s.get("vcsOrigin"), Some("github.com/a/b"));
        assert_eq!(s.get("vcsRef"), Some("refs/heads/main"));
        assert!(parse("org/o/project//user/u").is_err());
        assert!(parse("org/o/project/p").is_err());
    }
}
