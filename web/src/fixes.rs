//! What the editors show and offer, from the answer: every finding, hint and failing
//! condition as a mark on its range; the preview of a fix; which findings follow from
//! another one (a wrong provider explains the key mismatches after it). Pure, tested.

use oidc_trust::Severity;
use oidc_trust::api::PolicyTrace;
use oidc_trust::codes;
use oidc_trust::diagnostic::{Diagnostic, Edit, Source};

use crate::answer::Answer;

use crate::editor::{Level, Mark};
use crate::state::{Doc, Places};

fn level(s: Severity) -> Level {
    match s {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
        Severity::Info => Level::Info,
    }
}

/// The marks of editor `doc`: the findings, the hints and (for AWS, `policy`) the failing
/// conditions of the trust policy, each on its range. None while the answer lags the text
/// on screen.
pub fn editor_marks(
    a: &Answer,
    policy: Option<&PolicyTrace>,
    places: &Places,
    doc: Doc,
) -> Vec<Mark> {
    if !places.current(doc) {
        return Vec::new();
    }
    let here = |source: Source, document: Option<usize>| places.doc(source, document) == Some(doc);
    let mut out: Vec<Mark> = a
        .diagnostics
        .iter()
        .filter(|d| here(d.source, d.document))
        .filter_map(|d| {
            let span = d.span?;
            Some(Mark {
                start: span.start,
                end: span.end,
                level: level(d.severity),
                message: d.message.replace('`', ""),
                source: d.code.to_owned(),
            })
        })
        .collect();
    for h in a.hints.iter().filter(|h| here(h.source, h.document)) {
        if let Some(span) = h.span {
            out.push(Mark {
                start: span.start,
                end: span.end,
                level: Level::Error,
                message: format!("{}. Fix: {}", h.message, h.fix).replace('`', ""),
                source: h.code.to_owned(),
            });
        }
    }
    if doc == Doc::Policy {
        let conditions = policy
            .into_iter()
            .flat_map(|t| &t.statements)
            .flat_map(|s| &s.conditions)
            .filter(|c| c.holds == Some(false));
        for c in conditions {
            if out.iter().any(|m| m.start == c.span.start) {
                continue;
            }
            out.push(Mark {
                start: c.span.start,
                end: c.span.end,
                level: Level::Warning,
                message: format!("{} {}: {}", c.operator, c.key, c.explanation).replace('`', ""),
                source: "condition".to_owned(),
            });
        }
    }
    out.sort_by_key(|m| (m.start, m.end));
    out
}

/// The line (or lines) an edit changes, before and after it, for its preview.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preview {
    /// 1-based line of the first line shown.
    pub line: usize,
    /// The lines as they are.
    pub before: String,
    /// The lines after the edit.
    pub after: String,
}

/// The preview of `edit` in `text`; `None` if it does not fit the text.
pub fn preview(text: &str, edit: &Edit) -> Option<Preview> {
    let (start, end) = (edit.span.start, edit.span.end);
    let line_start = text.get(..start)?.rfind('\n').map_or(0, |i| i + 1);
    let line_end = text.get(end..)?.find('\n').map_or(text.len(), |i| end + i);
    let before = text.get(line_start..line_end)?.to_owned();
    let after = format!(
        "{}{}{}",
        text.get(line_start..start)?,
        edit.replacement,
        text.get(end..line_end)?
    );
    let line = text.get(..line_start)?.matches('\n').count() + 1;
    Some(Preview {
        line,
        before,
        after,
    })
}

/// The findings that follow from a hint rather than stand on their own: with a statement
/// that trusts another provider (or names a key of another issuer), its key-prefix,
/// missing-condition and shared-provider findings are that one mistake seen again. For
/// each finding, the index of the hint it follows from.
pub fn caused_by(a: &Answer) -> Vec<Option<usize>> {
    const FOLLOWERS: [&str; 5] = [
        codes::CONDITION_KEY_ISSUER_MISMATCH,
        codes::MISSING_SUBJECT_CONDITION,
        codes::MISSING_AUDIENCE_CONDITION,
        codes::UNSCOPED_SHARED_PROVIDER,
        codes::SUBJECT_FORMAT_MISMATCH,
    ];
    let statement = |pointer: &str| -> Option<String> {
        let rest = pointer.strip_prefix("/Statement")?;
        let index = rest
            .trim_start_matches('/')
            .split('/')
            .next()
            .unwrap_or_default();
        Some(
            if index.chars().all(|c| c.is_ascii_digit()) && !index.is_empty() {
                format!("/Statement/{index}")
            } else {
                "/Statement".to_owned()
            },
        )
    };
    let causes: Vec<(usize, String)> = a
        .hints
        .iter()
        .enumerate()
        .filter(|(_, h)| {
            h.source == Source::Policy
                && matches!(
                    h.code,
                    codes::PRINCIPAL_MISMATCH | codes::CONDITION_KEY_PREFIX
                )
        })
        .filter_map(|(i, h)| Some((i, statement(&h.pointer)?)))
        .collect();
    a.diagnostics
        .iter()
        .map(|d: &Diagnostic| {
            if d.source != Source::Policy || !FOLLOWERS.contains(&d.code) {
                return None;
            }
            let st = statement(d.pointer.as_deref()?)?;
            causes.iter().find(|(_, s)| *s == st).map(|(i, _)| *i)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use oidc_trust::json::Span;

    fn edit(start: usize, end: usize, replacement: &str) -> Edit {
        Edit {
            title: "t".to_owned(),
            span: Span {
                start,
                end,
                line: 1,
                column: 1,
            },
            replacement: replacement.to_owned(),
        }
    }

    #[test]
    fn previews_show_the_changed_lines() {
        let text = "{\n  \"a\": \"x\",\n  \"b\": 1\n}";
        let at = text.find("\"x\"").unwrap();
        let p = preview(text, &edit(at, at + 3, "[\"x\", \"y\"]")).unwrap();
        assert_eq!(p.line, 2);
        assert_eq!(p.before, "  \"a\": \"x\",");
        assert_eq!(p.after, "  \"a\": [\"x\", \"y\"],");
        assert_eq!(preview(text, &edit(90, 91, "")), None);
    }

    #[test]
    fn a_wrong_provider_explains_the_findings_after_it() {
        let mut i = crate::examples::find("github-tag-release")
            .unwrap()
            .inputs();
        // A GitHub policy whose principal names GitLab's provider: the keys then name
        // another issuer than the statement's provider, and the lints say so again.
        i.policy = i.policy.replace(
            "oidc-provider/token.actions.githubusercontent.com",
            "oidc-provider/gitlab.com",
        );
        let (_, a) = crate::state::analyze(&i, 0);
        let causes = caused_by(&Answer::aws(&a));
        assert_eq!(causes.len(), a.diagnostics.len());
        assert!(
            a.hints.iter().any(|h| h.code == codes::PRINCIPAL_MISMATCH),
            "{:?}",
            a.hints
        );
        let followers = causes.iter().filter(|c| c.is_some()).count();
        assert!(
            followers >= 1,
            "{:?}",
            a.diagnostics.iter().map(|d| d.code).collect::<Vec<_>>()
        );
        // An example without a wrong provider has none.
        let (_, a) = crate::state::analyze(
            &crate::examples::find("overbroad-repo-wildcard")
                .unwrap()
                .inputs(),
            0,
        );
        assert!(caused_by(&Answer::aws(&a)).iter().all(Option::is_none));
    }

    #[test]
    fn the_refusing_condition_is_marked_in_the_policy() {
        let e = crate::examples::find("gitlab-branch-refused").unwrap();
        let i = e.inputs();
        let (_, a) = crate::state::analyze(&i, 0);
        let places = Places::new(&i, &i);
        let answer = Answer::aws(&a);
        let marks = editor_marks(&answer, a.policy.as_ref(), &places, Doc::Policy);
        assert!(marks.iter().any(|m| m.level == Level::Error), "{marks:?}");
        // Stale answers mark nothing.
        let edited = crate::inputs::Inputs {
            policy: format!("{} ", i.policy),
            ..i.clone()
        };
        assert!(
            editor_marks(
                &answer,
                a.policy.as_ref(),
                &Places::new(&i, &edited),
                Doc::Policy
            )
            .is_empty()
        );
    }
}
