//! `wildcard-subject`: a flexible credential's `matches` on `sub` whose wildcard reaches the
//! owner, repository, project or workspace, so it trusts other repositories.

use crate::azure::credential::Credential;
use crate::azure::lint::{clause_at, finding, platform, sub_patterns};
use crate::codes;
use crate::diagnostic::Diagnostic;
use crate::matching::admits::{admits, field_words, identity_reach};

pub(crate) fn check(c: &Credential, out: &mut Vec<Diagnostic>) {
    let p = platform(c);
    for (cl, text) in sub_patterns(c) {
        let Some(pattern) = &cl.pattern else { continue };
        let a = admits(pattern, p);
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
                &clause_at(cl, text),
            )
            .help("name the repository or project literally and keep wildcards to the part after it; pin the repository id with `eq` as well"),
        );
    }
}
