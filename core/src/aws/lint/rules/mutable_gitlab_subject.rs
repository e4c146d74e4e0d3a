//! `mutable-gitlab-subject`: a GitLab `sub` that pins a project path, which can pass to
//! another project, without pinning the project id.

use crate::aws::lint::common::{Scope, finding, positive_string};
use crate::codes;
use crate::diagnostic::Diagnostic;
use crate::providers::{IssuerVariant, Platform};

pub(crate) fn check(cx: &Scope<'_>, out: &mut Vec<Diagnostic>) {
    for p in cx.oidc_providers() {
        if p.issuer.platform != Platform::GitLab {
            continue;
        }
        let project_pin = cx
            .st
            .conditions
            .iter()
            .any(|c| p.key_is(c, "project_id") && positive_string(c));
        if project_pin {
            continue;
        }
        for v in &p.subjects(cx.st).values {
            if !v.text().starts_with("project_path:") {
                continue;
            }
            let help = if p.issuer.variant == IssuerVariant::GitlabCom {
                format!(
                    "add `\"StringEquals\": {{\"{}:project_id\": \"<id>\"}}`; a project id never moves to another project",
                    p.url
                )
            } else {
                "make the `sub` start with the project id (`ci_id_token_sub_claim_components` = `[\"project_id\", \"ref_type\", \"ref\"]`), since AWS supplies no `project_id` key for self-managed GitLab".to_owned()
            };
            out.push(
                finding(
                    codes::MUTABLE_GITLAB_SUBJECT,
                    format!("`{}` trusts whichever project holds that path, and a path can pass to another project after a rename, transfer or deletion", v.text()),
                )
                .at(&v.condition.pointer, Some(v.condition.span))
                .help(help),
            );
        }
    }
}
