//! `repository-wide-subject`: a flexible credential's `matches` on `sub` that stays in one
//! repository but admits its pull requests, every branch, or every run phase; and a GitHub
//! subject (classic, or a flexible `eq`) that is the pull-request subject itself.

use crate::azure::expression::ExpressionOperator;
use crate::azure::lint::{Scope, finding};
use crate::codes;
use crate::diagnostic::Diagnostic;
use crate::providers::{self, Platform, SubjectForm};

pub(crate) fn check(cx: &Scope<'_>, out: &mut Vec<Diagnostic>) {
    pull_request_subjects(cx, out);
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

/// A literal GitHub pull-request subject: every pull-request workflow of the repository,
/// whose code the pull request's author writes, gets the identity.
fn pull_request_subjects(cx: &Scope<'_>, out: &mut Vec<Diagnostic>) {
    if cx.platform != Platform::GitHub {
        return;
    }
    let classic =
        cx.c.subject
            .iter()
            .filter(|_| cx.c.expression.is_none())
            .map(|s| (s.value.as_str(), s.clone()));
    let flexible = cx.c.expression.iter().flat_map(|e| {
        e.parsed.iter().flat_map(move |p| {
            p.on("sub")
                .filter(|cl| cl.op == ExpressionOperator::Eq)
                .map(move |cl| {
                    (
                        cl.comparand.as_str(),
                        crate::azure::lint::clause_at(cl, &e.text),
                    )
                })
        })
    });
    for (value, at) in classic.chain(flexible) {
        let pull_request = providers::parse_subject(Platform::GitHub, value)
            .is_ok_and(|s| s.form == SubjectForm::PullRequest);
        if pull_request {
            out.push(
                finding(
                    codes::REPOSITORY_WIDE_SUBJECT,
                    format!("`{value}` admits every pull-request workflow of the repository, running code the pull request's author wrote"),
                    &at,
                )
                .help("trust a protected branch or an environment with protection rules instead; run pull-request jobs without this identity"),
            );
        }
    }
}
