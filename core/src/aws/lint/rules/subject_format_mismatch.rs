//! `subject-format-mismatch`: a `sub` value that is not in the provider's platform's format
//! (or is another platform's), so no token from the provider can match it.

use crate::aws::lint::common::{Scope, finding, subject_example};
use crate::aws::policy::BaseOperator;
use crate::codes;
use crate::diagnostic::Diagnostic;
use crate::providers::{self, Platform};

pub(crate) fn check(cx: &Scope<'_>, out: &mut Vec<Diagnostic>) {
    for p in cx.oidc_providers() {
        let platform = p.issuer.platform;
        if platform == Platform::Generic {
            continue;
        }
        for v in &p.subjects(cx.st).values {
            let text = v.text();
            if platform == Platform::GitHub
                && let Some(part) = providers::github::empty_repo_part(text)
            {
                out.push(
                    finding(
                        codes::SUBJECT_FORMAT_MISMATCH,
                        format!(
                            "`{text}` has an empty {part} name, so no token from `{}` can match it",
                            p.url
                        ),
                    )
                    .at(&v.condition.pointer, Some(v.condition.span))
                    .help(subject_example(platform)),
                );
                continue;
            }
            let Some(a) = &v.admits else { continue };
            let folded_ok = v
                .condition
                .operator
                .is_some_and(|o| o.base == BaseOperator::StringEqualsIgnoreCase)
                && providers::parse_subject(platform, &text.to_lowercase()).is_ok();
            if a.parsed || folded_ok {
                continue;
            }
            let other = providers::guess_platform(text).filter(|o| *o != platform);
            let exact = !text.contains(['*', '?']) && platform != Platform::Buildkite;
            if other.is_none() && !exact {
                continue;
            }
            let why = other.map_or_else(
                || format!("is not in the {} subject format", platform.name()),
                |o| {
                    format!(
                        "is a {} subject, but the provider is {}",
                        o.name(),
                        platform.name()
                    )
                },
            );
            out.push(
                finding(
                    codes::SUBJECT_FORMAT_MISMATCH,
                    format!("`{text}` {why}, so no token from `{}` can match it", p.url),
                )
                .at(&v.condition.pointer, Some(v.condition.span))
                .help(subject_example(platform)),
            );
        }
    }
}
