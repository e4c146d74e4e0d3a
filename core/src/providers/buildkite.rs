//! Buildkite. Issuer `agent.buildkite.com`. The default `sub` is
//! `organization:<ORG>:pipeline:<PIPELINE>:ref:<REF>:commit:<SHA>:step:<STEP_KEY>` (step
//! may be empty), as seen in tokens published in rubygems/rubygems.org#5412 and the
//! Buildkite community forum; the reference marks it UNCONFIRMED by a vendor document. Since
//! agent 3.x `--subject-claim` can replace it with a single immutable claim value.

use super::{IssuerVariant, Platform, Subject, SubjectError, SubjectForm, pairs};

/// Buildkite's production agent host.
pub const HOST: &str = "agent.buildkite.com";

pub(crate) fn recognise(prefix: &str) -> Option<IssuerVariant> {
    let host = prefix.split('/').next().unwrap_or_default();
    (host == HOST
        || (host.starts_with("agent.")
            && (host.ends_with(".buildkite.dev") || host.ends_with(".buildkite.site"))))
    .then_some(IssuerVariant::Buildkite)
}

/// Parses a Buildkite `sub`.
pub(crate) fn parse(sub: &str) -> Result<Subject<'_>, SubjectError> {
    let fields = pairs(
        sub,
        Some(&["organization", "pipeline", "ref", "commit", "step"]),
        "Buildkite",
    )?;
    for f in &fields {
        if f.value.is_empty() && f.name != "step" {
            return Err(SubjectError::new(f.start, format!("`{}` is empty", f.name)));
        }
    }
    Ok(Subject {
        platform: Platform::Buildkite,
        form: SubjectForm::Pipeline,
        immutable: false,
        fields,
    })
}

/// Builds `organization:ORG:pipeline:PIPELINE:ref:REF:commit:SHA:step:KEY`.
pub(crate) fn build<'a>(
    get: &dyn Fn(&str) -> Option<&'a str>,
    need: &dyn Fn(&str) -> Result<&'a str, String>,
) -> Result<String, String> {
    Ok(format!(
        "organization:{}:pipeline:{}:ref:{}:commit:{}:step:{}",
        need("organization")?,
        need("pipeline")?,
        need("ref")?,
        need("commit")?,
        get("step").unwrap_or_default()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses() {
        let s = parse("organization:o:pipeline:p:ref:refs/heads/main:commit:abc:step:").unwrap();
        assert_eq!(s.get("ref"), Some("refs/heads/main"));
        assert!(parse("organization:o:pipeline:p").is_err());
    }
}
