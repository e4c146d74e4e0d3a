//! Bitbucket Pipelines (semantics reference 5.3, after the Dashtid/subvectors Bitbucket
//! suite citing Atlassian's OIDC documentation).
//!
//! Issuer `api.bitbucket.org/2.0/workspaces/<workspace>/pipelines-config/identity/oidc`;
//! `sub` `{repositoryUuid}:{stepUuid}`, or `{repositoryUuid}:{environmentUuid}:{stepUuid}`
//! for a deployment step. The step UUID changes on every run, so a policy must wildcard it.

use super::{Platform, Subject, SubjectError, field, split_offsets};

pub(crate) fn recognise(prefix: &str) -> Option<(&'static str, Option<String>)> {
    let rest = prefix.strip_prefix("api.bitbucket.org/2.0/workspaces/")?;
    let (ws, tail) = rest.split_once('/')?;
    (tail.trim_end_matches('/') == "pipelines-config/identity/oidc")
        .then(|| ("bitbucket", Some(ws.to_owned())))
}

/// Parses a Bitbucket `sub`.
pub(crate) fn parse(sub: &str) -> Result<Subject, SubjectError> {
    let parts = split_offsets(sub, ':');
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
    let mut fields = Vec::new();
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
            "deployment"
        } else {
            "step"
        },
        immutable: true,
        fields,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses() {
        assert_eq!(parse("{a}:{b}:{c}").unwrap().form, "deployment");
        assert_eq!(parse("{a}:{c}").unwrap().get("stepUuid"), Some("{c}"));
        assert!(parse("{a}").is_err());
        assert!(parse("{a}:production:{c}").is_err());
    }
}
