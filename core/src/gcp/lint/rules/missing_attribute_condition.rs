//! `missing-attribute-condition`: a provider without an attribute condition accepts every
//! token its issuer signs. For an issuer every tenant shares (GitHub, GitLab.com, HCP
//! Terraform) that is every repository, project or workspace of every customer, and Google
//! refuses to save such a provider ("multi-tenant identity providers ... require an
//! `attribute_condition`", REST `attributeCondition`).

use super::super::claims::shared;
use super::super::{Scope, finding, platform};
use crate::codes;
use crate::diagnostic::{Diagnostic, Severity, Source};

pub(crate) fn check(cx: &Scope<'_>, out: &mut Vec<Diagnostic>) {
    if cx.input.provider.condition.is_some() {
        return;
    }
    let shared = cx.issuer.as_ref().is_some_and(shared);
    let iss = cx.input.provider.issuer_uri.as_deref().unwrap_or_default();
    let (severity, whom) = if shared {
        let whom = match platform(cx) {
            Some(crate::providers::Platform::GitHub) => "every repository on GitHub",
            Some(crate::providers::Platform::GitLab) => "every project on GitLab.com",
            Some(crate::providers::Platform::Terraform) => "every HCP Terraform workspace",
            _ => "every tenant of the issuer",
        };
        (Severity::Error, whom)
    } else {
        (Severity::Warning, "everyone the issuer issues tokens to")
    };
    let fix = match platform(cx) {
        Some(crate::providers::Platform::GitHub) => {
            "add `\"attributeCondition\": \"assertion.repository_owner_id == 'OWNER_ID'\"` (the organization's numeric id)"
        }
        Some(crate::providers::Platform::GitLab) => {
            "add `\"attributeCondition\": \"assertion.namespace_id == 'GROUP_ID'\"`"
        }
        Some(crate::providers::Platform::Terraform) => {
            "add `\"attributeCondition\": \"assertion.terraform_organization_id == 'ORGANIZATION_ID'\"`"
        }
        _ => "add an `attributeCondition` that pins the tenant's immutable id",
    };
    out.push(
        finding(
            codes::MISSING_ATTRIBUTE_CONDITION,
            severity,
            Source::Providers,
            format!("the provider has no attribute condition: it accepts every token `{iss}` signs, from {whom}{}", if shared { "; Google refuses to save it" } else { "" }),
        )
        .at("", None)
        .help(fix),
    );
}
