//! `publisher-without-environment`: a publisher that pins no GitHub environment. Any run of
//! the workflow file can then publish: from any branch or tag, and from a pull request's
//! workflow edited on a branch of the repository, with no reviewer or branch rule of an
//! environment in between (PyPI and crates.io recommend an environment for this reason).

use super::{Field, Publisher, finding};
use crate::codes;
use crate::diagnostic::Diagnostic;

pub(super) fn check(p: &Publisher, out: &mut Vec<Diagnostic>) {
    if !p.environment.is_empty() {
        return;
    }
    out.push(
        finding(
            codes::PUBLISHER_WITHOUT_ENVIRONMENT,
            p,
            Field::Environment,
            format!(
                "the {} publisher for `{}/{}` pins no environment, so every run of `{}`, from any branch or tag, can publish",
                p.registry.name(),
                p.owner,
                p.repository,
                p.workflow
            ),
        )
        .help("create a GitHub environment (e.g. `release`) with required reviewers or a tag rule, run the publish job in it, and name it on the publisher"),
    );
}
