//! `repository-wide-subject`: a `sub` pattern that stays in one repository but admits its
//! pull requests, every branch, or every run phase.

use crate::aws::lint::common::{Scope, finding};
use crate::codes;
use crate::diagnostic::Diagnostic;
use crate::providers::Platform;

pub(crate) fn check(cx: &Scope<'_>, out: &mut Vec<Diagnostic>) {
    for p in cx.oidc_providers() {
        for v in p.subjects(cx.st).values.iter().filter(|v| v.like) {
            // A wildcard over the repository is `wildcard-subject`'s finding.
            let Some(a) = v.admits.as_ref().filter(|a| a.identity.is_none()) else {
                continue;
            };
            let Some(reason) = a.breadth() else {
                continue;
            };
            let fix = match p.issuer.platform {
                Platform::GitHub => {
                    "pin the ref (`:ref:refs/heads/main`) or, better, an environment with protection rules (`:environment:prod`)"
                }
                Platform::GitLab => {
                    "pin the branch (`:ref_type:branch:ref:main`) and add `gitlab.com:ref_protected` = `true` where available"
                }
                Platform::Terraform => {
                    "pin `run_phase:apply` for a role that changes things; give plans a read-only role"
                }
                _ => "pin the branch or ref literally",
            };
            out.push(
                finding(
                    codes::REPOSITORY_WIDE_SUBJECT,
                    format!("`{}` admits {reason}", v.text()),
                )
                .at(&v.condition.pointer, Some(v.condition.span))
                .help(fix),
            );
        }
    }
}
