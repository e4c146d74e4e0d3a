//! Bitbucket Pipelines (semantics reference 5.3, after the Dashtid/subvectors Bitbucket
//! suite citing Atlassian's OIDC documentation).
//!
//! Issuer `api.bitbucket.org/2.0/workspaces/<workspace>/pipelines-config/identity/oidc`;
//! `sub` `{repositoryUuid}:{stepUuid}`, or `{repositoryUuid}:{environmentUuid}:{stepUuid}`
//! for a deployment step. The step UUID changes on every run, so a policy must wildcard it.

use super::{IssuerVariant, Platform, Subject, SubjectError, SubjectForm, field, pieces};

pub(crate) fn recognise(prefix: &str) -> Option<(IssuerVariant, Option<&str>)> {
    let rest = prefix.strip_prefix("api.bitbucket.org/2.0/workspaces/")?;
    let (ws, tail) = rest.split_once('/')?;
    (tail.trim_end_matches('/') == "pipelines-config/identity/oidc")
        .then_some((IssuerVariant::Bitbucket, Some(ws)))
}

/// Parses a Bitbucket `sub`.
pub(crate) fn parse(sub: &str) -> Result<Subject<'_>, SubjectError> {
    let parts: Vec<(usize, &str)> = pieces(sub, ':').collect();
    let names: &[&str] = match parts.len() {
        2 => &["repositoryUuid", "stepUuid"],
        3 => &["repositoryUuid", "environmentUuid", "stepUuid"],
        _ => {
            return Err(SubjectError::new(
                0,
                "a Bitbucket subject is `{repository}:{step}` or `{repository}:{environment}:{step}`",
            ));
        }
    };
    let mut fields = Vec::with_capacity(names.len());
    for ((at, value), name) in parts.iter().zip(names) {
        let inner = value.strip_prefix('{').and_then(|v| v.strip_suffix('}'));
        if inner.is_none_or(|i| i.is_empty() || i.contains(['{', '}'])) {
            return Err(SubjectError::new(
                *at,
                format!("`{value}` is not a `{{UUID}}`"),
            ));
        }
        fields.push(field(name, *at, value));
    }
    Ok(Subject {
        platform: Platform::Bitbucket,
        form: if fields.len() == 3 {
            SubjectForm::Deployment
        } else {
            SubjectForm::Step
        },
        immutable: true,
        fields,
    })
}

/// Builds `{REPOSITORY}:{STEP}` or `{REPOSITORY}:{ENVIRONMENT}:{STEP}`, adding the braces
/// where a UUID lacks them.
pub(crate) fn build<'a>(
    get: &dyn Fn(&str) -> Option<&'a str>,
    need: &dyn Fn(&str) -> Result<&'a str, String>,
) -> Result<String, String> {
    let wrap = |v: &str| {
        if v.starts_with('{') {
            v.to_owned()
        } else {
            format!("{{{v}}}")
        }
    };
    let repo = wrap(need("repositoryUuid")?);
    let step = wrap(need("stepUuid")?);
    Ok(match get("environmentUuid") {
        Some(env) => format!("{repo}:{}:{step}", wrap(env)),
        None => format!("{repo}:{step}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses() {
        assert_eq!(parse("{a}:{b}:{c}").unwrap().form, SubjectForm::Deployment);
        assert_eq!(parse("{a}:{c}").unwrap().get("stepUuid"), Some("{c}"));
        assert!(parse("{a}").is_err());
        assert!(parse("{a}:production:{c}").is_err());
    }
}
