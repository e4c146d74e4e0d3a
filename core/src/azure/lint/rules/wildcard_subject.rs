//! `wildcard-subject`: a flexible credential's `matches` on `sub` whose wildcard reaches the
//! owner, repository, project or workspace, so it trusts other repositories.

use crate::azure::lint::{Scope, finding};
use crate::codes;
use crate::diagnostic::Diagnostic;
use crate::matching::admits::{field_words, identity_reach};

pub(crate) fn check(cx: &Scope<'_>, out: &mut Vec<Diagnostic>) {
    for (cl, at, a) in &cx.sub_patterns {
        let Some((field, example)) = &a.identity else {
            continue;
        };
        let example = if example == "any subject" {
            "any subject".to_owned()
        } else {
            format!("e.g. `{example}`")
        };
        out.push(
            finding(
                codes::WILDCARD_SUBJECT,
                format!(
                    "`{}` has a wildcard over the {}, so it trusts {} ({example})",
                    cl.comparand,
                    field_words(field),
                    identity_reach(field)
                ),
                at,
            )
            .help("name the repository or project literally and keep wildcards to the part after it; pin the repository id with `eq` as well"),
        );
    }
}
