//! Lints for trusted publishers: one file per rule, each a `check` over one publisher. Ids,
//! levels and summaries are in [`crate::codes`]; the pages in `core/docs/lints/`.

use super::publisher::{Field, Publisher};
use crate::diagnostic::{Diagnostic, Source};

mod without_environment;
mod workflow_path;

/// The rules, in the order their findings are reported.
const RULES: [fn(&Publisher, &mut Vec<Diagnostic>); 2] =
    [without_environment::check, workflow_path::check];

/// Every lint finding on the publishers.
pub fn run(publishers: &[Publisher]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for p in publishers {
        for rule in RULES {
            rule(p, &mut out);
        }
    }
    out
}

/// A finding of `code` about `field` of a publisher.
fn finding(code: &'static str, p: &Publisher, field: Field, message: String) -> Diagnostic {
    let (pointer, span) = p.place(field);
    Diagnostic::of_code(code, Source::Policy, message).at(&pointer, Some(span))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_publisher_lint_code_has_a_rule() {
        let lints = crate::codes::of_kind(crate::codes::CodeKind::Lint)
            .filter(|c| c.id.starts_with("publisher-"))
            .count();
        assert_eq!(lints, RULES.len());
    }
}
