//! `missing-subject-condition`: a statement trusts an OIDC provider with no condition on
//! its `sub`, so every workload of the issuer gets in.

use crate::aws::lint::common::{Scope, finding};
use crate::codes;
use crate::diagnostic::Diagnostic;
use crate::providers::{IssuerVariant, Platform};

pub(crate) fn check(cx: &Scope<'_>, out: &mut Vec<Diagnostic>) {
    for p in cx.oidc_providers() {
        if !p.subjects(cx.st).conditions.is_empty() || p.workflow_pin(cx.st) {
            continue;
        }
        let who = match p.issuer.platform {
            Platform::GitHub => "any workflow in any repository on GitHub",
            Platform::GitLab if p.issuer.variant == IssuerVariant::GitlabCom => {
                "any pipeline of any project on GitLab.com"
            }
            Platform::GitLab => "any pipeline of any project on this GitLab instance",
            Platform::CircleCi => {
                "any job of any project (and any SSH rerun) of the CircleCI organisation"
            }
            Platform::Bitbucket => "any pipeline of any repository of the Bitbucket workspace",
            Platform::Terraform => "any run of any workspace of any organisation on HCP Terraform",
            Platform::Buildkite => "any job of any Buildkite pipeline",
            Platform::Eks => "any service account of the cluster",
            Platform::Generic => "every token the issuer signs for an allowed audience",
        };
        out.push(
            finding(
                codes::MISSING_SUBJECT_CONDITION,
                format!("no condition on `{}:sub`: {who} can assume the role", p.url),
            )
            .at(&cx.st.pointer, Some(cx.st.span))
            .help(format!(
                "add `\"StringEquals\": {{\"{}:sub\": \"...\"}}` naming the subject you trust",
                p.url
            )),
        );
    }
}
