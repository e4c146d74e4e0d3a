//! `repository-wide-subject`: a flexible credential's `matches` on `sub` that stays in one
//! repository but admits its pull requests, every branch, or every run phase.

use crate::azure::lint::{Scope, finding};
use crate::codes;
use crate::diagnostic::Diagnostic;
use crate::providers::Platform;

pub(crate) fn check(cx: &Scope<'_>, out: &mut Vec<Diagnostic>) {
    for (cl, at, a) in &cx.sub_patterns {
        // A wildcard over the repository is `wildcard-subject`'s finding.
        if a.identity.is_some() {
            continue;
        }
        let Some(reason) = a.breadth() else { continue };
        let fix = match cx.platform {
            Platform::GitHub => {
                "pin the ref with `eq` (`...:ref:refs/heads/main`) or, better, an environment with protection rules (`...:environment:prod`)"
            }
            Platform::GitLab => "pin the branch with `eq` (`...:ref_type:branch:ref:main`)",
            Platform::Terraform => {
                "pin `run_phase:apply` for an identity that changes things; give plans a read-only identity"
            }
            _ => "pin the branch or ref literally",
        };
        out.push(
            finding(
                codes::REPOSITORY_WIDE_SUBJECT,
                format!("`{}` admits {reason}", cl.comparand),
                at,
            )
            .help(fix),
        );
    }
}
