//! `repository-wide-subject`: a flexible credential's `matches` on `sub` that stays in one
//! repository but admits its pull requests, every branch, or every run phase.

use crate::azure::credential::Credential;
use crate::azure::lint::{clause_at, finding, platform, sub_patterns};
use crate::codes;
use crate::diagnostic::Diagnostic;
use crate::matching::admits::admits;
use crate::providers::Platform;

pub(crate) fn check(c: &Credential, out: &mut Vec<Diagnostic>) {
    let p = platform(c);
    for (cl, text) in sub_patterns(c) {
        let Some(pattern) = &cl.pattern else { continue };
        let a = admits(pattern, p);
        // A wildcard over the repository is `wildcard-subject`'s finding.
        if a.identity.is_some() {
            continue;
        }
        let Some(reason) = a.breadth() else { continue };
        let fix = match p {
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
                &clause_at(cl, text),
            )
            .help(fix),
        );
    }
}
