//! `wildcard-subject`: a `sub` pattern whose wildcard reaches the owner, repository,
//! project or workspace, so it trusts other repositories.

use crate::aws::lint::common::{Scope, finding};
use crate::aws::lint::subject;
use crate::codes;
use crate::diagnostic::Diagnostic;

pub(crate) fn check(cx: &Scope<'_>, out: &mut Vec<Diagnostic>) {
    for p in cx.oidc_providers() {
        for v in p.subjects(cx.st).values.iter().filter(|v| v.like) {
            let Some((field, example)) = v.admits.as_ref().and_then(|a| a.identity.as_ref()) else {
                continue;
            };
            let what = subject::identity_reach(field);
            let example = if example == "any subject" {
                "any subject".to_owned()
            } else {
                format!("e.g. `{example}`")
            };
            out.push(
                finding(
                    codes::WILDCARD_SUBJECT,
                    format!(
                        "`{}` has a wildcard over the {}, so it trusts {what} ({example})",
                        v.text(),
                        subject::field_words(field)
                    ),
                )
                .at(&v.condition.pointer, Some(v.condition.span))
                .help("name each trusted repository or project literally; keep wildcards to the part after it"),
            );
        }
    }
}
