//! Buildkite. Issuer `agent.buildkite.com`. The default `sub` is
//! `organization:<ORG>:pipeline:<PIPELINE>:ref:<REF>:commit:<SHA>:step:<STEP_KEY>` (step
//! may be empty), as seen in tokens published in rubygems/rubygems.org#5412 and the
//! Buildkite community forum; the reference marks it UNCONFIRMED by a vendor document. Since
//! agent 3.x `--subject-claim` can replace it with a single immutable claim value.

use super::{Platform, Subject, SubjectError, pairs};

pub(crate) fn recognise(prefix: &str) -> Option<(&'static str, Option<String>)> {
    let host = prefix.split('/').next().unwrap_or_default();
    (host == "agent.buildkite.com"
        || (host.starts_with("agent.")
            && (host.ends_with(".buildkite.dev") || host.ends_with(".buildkite.site"))))
    .then_some(("buildkite", None))
}

/// Parses a Buildkite `sub`.
pub(crate) fn parse(sub: &str) -> Result<Subject, SubjectError> {
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
        form: "pipeline",
        immutable: false,
        fields,
    })
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
