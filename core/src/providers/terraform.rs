//! HCP Terraform / Terraform Cloud and Terraform Enterprise (semantics reference 5.3).
//!
//! Issuer `app.terraform.io` (or the Terraform Enterprise host); default `aud`
//! `aws.workload.identity`; `sub`
//! `organization:<ORG>:project:<PROJECT>:workspace:<WORKSPACE>:run_phase:<plan|apply>`.
//! Speculative plans run for pull requests (HCP Terraform docs, "UI and VCS-driven run
//! workflow"), so a `run_phase:*` policy lets pull-request plans in.

use super::{IssuerVariant, Platform, Subject, SubjectError, SubjectForm, pairs};

pub(crate) fn recognise(prefix: &str) -> Option<IssuerVariant> {
    (prefix == "app.terraform.io").then_some(IssuerVariant::HcpTerraform)
}

/// Parses an HCP Terraform `sub`.
pub(crate) fn parse(sub: &str) -> Result<Subject<'_>, SubjectError> {
    let fields = pairs(
        sub,
        Some(&["organization", "project", "workspace", "run_phase"]),
        "HCP Terraform",
    )?;
    for f in &fields {
        if f.value.is_empty() {
            return Err(SubjectError::new(f.start, format!("`{}` is empty", f.name)));
        }
        if f.name == "run_phase" && f.value != "plan" && f.value != "apply" {
            return Err(SubjectError::new(
                f.start,
                format!("`run_phase` is `{}`, expected `plan` or `apply`", f.value),
            ));
        }
    }
    Ok(Subject {
        platform: Platform::Terraform,
        form: SubjectForm::Workspace,
        immutable: false,
        fields,
    })
}

/// Builds `organization:ORG:project:PROJECT:workspace:WORKSPACE:run_phase:PHASE`.
pub(crate) fn build<'a>(need: &dyn Fn(&str) -> Result<&'a str, String>) -> Result<String, String> {
    Ok(format!(
        "organization:{}:project:{}:workspace:{}:run_phase:{}",
        need("organization")?,
        need("project")?,
        need("workspace")?,
        need("run_phase")?
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses() {
        let s = parse("organization:o:project:p:workspace:w:run_phase:plan").unwrap();
        assert_eq!(s.get("run_phase"), Some("plan"));
        assert!(parse("organization:o:project:p:workspace:w").is_err());
        assert!(parse("organization:o:project:p:workspace:w:run_phase:destroy").is_err());
    }
}
