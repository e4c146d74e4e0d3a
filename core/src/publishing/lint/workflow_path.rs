//! `publisher-workflow-path`: a publisher's workflow written as a path (`.github/workflows/
//! release.yml`) or without the `.yml` / `.yaml` extension. The registries compare the file
//! name alone, as the token's workflow reference ends (`.../.github/workflows/FILE@REF`),
//! so no token matches it.

use super::{Field, Publisher, finding};
use crate::codes;
use crate::diagnostic::Diagnostic;

pub(super) fn check(p: &Publisher, out: &mut Vec<Diagnostic>) {
    let w = &p.workflow;
    let path = w.contains('/');
    let extension = w
        .rsplit_once('.')
        .is_some_and(|(_, e)| e.eq_ignore_ascii_case("yml") || e.eq_ignore_ascii_case("yaml"));
    if !path && extension {
        return;
    }
    let name = w.rsplit('/').next().unwrap_or_default();
    let fix = if extension {
        format!("write the file name alone: `{name}`")
    } else {
        format!("write the file name with its extension, as in the repository: `{name}.yml`")
    };
    out.push(
        finding(
            codes::PUBLISHER_WORKFLOW_PATH,
            p,
            Field::Workflow,
            format!(
                "the workflow `{w}` is {}, but {} compares the file name in the token's workflow reference (`release.yml`), so no token matches it",
                if path { "a path" } else { "not a `.yml` or `.yaml` file name" },
                p.registry.name()
            ),
        )
        .help(fix),
    );
}
