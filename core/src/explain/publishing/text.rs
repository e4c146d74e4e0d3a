//! The plain text of what the registry compared (`analyze --target publishing --verbose`):
//! each trusted publisher against the token, field by field, the matched or closest one
//! first. The headline, stages and hints are the shared overview's
//! ([`crate::explain::text`]).

use std::fmt::{self, Write};

use super::trace::{PublisherCheck, PublisherTrace};
use crate::explain::text::{TextStyle, Tone, heading, mark, marked};
use crate::publishing::exchange::Outcome;

fn check(out: &mut dyn Write, s: &dyn TextStyle, c: &PublisherCheck) -> fmt::Result {
    out.write_str("      ")?;
    mark(
        out,
        s,
        match c.outcome {
            Outcome::Matched => Some(true),
            Outcome::NotChecked => None,
            _ => Some(false),
        },
    )?;
    let expected = if c.expected.is_empty() {
        "(none recorded)"
    } else {
        &c.expected
    };
    write!(out, " {:<12}{expected}", c.field.name())?;
    if c.case_insensitive {
        s.paint(out, Tone::Quiet, "  (any case)")?;
    }
    out.write_char('\n')?;
    match (&c.near_miss, &c.found, c.outcome) {
        (Some(m), _, _) => marked(
            out,
            s,
            "                   token ",
            &m.request_value,
            m.offset,
            "",
        ),
        (None, None, Outcome::Missing) => {
            writeln!(
                out,
                "                   the token has no `{}` claim",
                c.claim
            )
        }
        _ => Ok(()),
    }
}

fn publisher(out: &mut dyn Write, s: &dyn TextStyle, p: &PublisherTrace, tag: &str) -> fmt::Result {
    out.write_str("  ")?;
    mark(out, s, Some(p.matched))?;
    write!(
        out,
        " publisher {}: {} {}",
        p.index, p.repository, p.workflow
    )?;
    if !p.environment.is_empty() {
        write!(out, " (environment {})", p.environment)?;
    }
    s.paint(out, Tone::Quiet, tag)?;
    out.write_char('\n')?;
    p.checks.iter().try_for_each(|c| check(out, s, c))
}

/// Each publisher against the token: the matched or closest one first, then the others.
pub fn trace(out: &mut dyn Write, publishers: &[PublisherTrace], s: &dyn TextStyle) -> fmt::Result {
    if publishers.is_empty() {
        return Ok(());
    }
    heading(out, s, "Trusted publishers")?;
    out.write_char('\n')?;
    let first = publishers.iter().find(|p| p.closest);
    if let Some(p) = first {
        let tag = if p.matched {
            "  (matched)"
        } else {
            "  (closest)"
        };
        publisher(out, s, p, tag)?;
    }
    for p in publishers.iter().filter(|p| !p.closest) {
        publisher(out, s, p, "")?;
    }
    Ok(())
}
