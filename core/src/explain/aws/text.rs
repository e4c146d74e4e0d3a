//! The plain-text explanation of an AWS verdict: the verdict line and summary, every stage,
//! the trust-policy trace with the near miss marked by carets under the characters where
//! the token and the closest policy value part ways, and the hints. The CLI's `analyze`
//! writes it in colour with file positions; a failing [`crate::testing`] assertion writes
//! it plain. One text, so what a test prints is what the terminal shows.
//!
//! The text is written piece by piece through [`TextStyle::paint`] rather than formatted
//! into strings, which keeps the npm package's module small.

use std::fmt::{self, Write};

use super::{ConditionTrace, PolicyTrace, StatementTrace};
use super::{outcome_name, stage_name};
use crate::aws::eval::{Applies, Decision};
use crate::aws::policy::Effect;
use crate::aws::sts::{AwsError, Stage};
use crate::diagnostic::Source;
use crate::explain::NearMiss;
use crate::explain::{Hint, StageReport, StageStatus};
use crate::json::Span;

/// What a piece of text is, for a writer that colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Plain text.
    Plain,
    /// A heading.
    Heading,
    /// Good news: matched, passed.
    Good,
    /// Bad news: not matched, failed.
    Bad,
    /// Undecided: not evaluated.
    Unsure,
    /// Less important: places, stages not reached.
    Quiet,
    /// A label (`hint`).
    Label,
    /// The characters of a value that differ.
    Differs,
    /// The verdict `ACCEPTED`.
    Accepted,
    /// The verdict `REFUSED`.
    Refused,
    /// `NO VERDICT`.
    NoVerdict,
}

/// How the text is painted and how a place in the policy is written.
pub trait TextStyle {
    /// Writes `text` painted for `tone` (plain text writes it as it is).
    fn paint(&self, out: &mut dyn Write, _tone: Tone, text: &str) -> fmt::Result {
        out.write_str(text)
    }

    /// A place in the policy, by its JSON pointer and span: `trust.json:4:5`, say.
    fn place(&self, pointer: Option<&str>, span: Option<Span>) -> String;
}

/// No colour; places are `<name>:<line>:<column>` in the policy text.
#[derive(Debug, Clone, Copy)]
pub struct Plain<'a> {
    /// What the policy is called in places (`policy`, a file name).
    pub name: &'a str,
}

impl TextStyle for Plain<'_> {
    fn place(&self, _pointer: Option<&str>, span: Option<Span>) -> String {
        match span {
            Some(s) => format!("{}:{}:{}", self.name, s.line, s.column),
            None => self.name.to_owned(),
        }
    }
}

/// The parts of an analysis the text shows (`Analysis::report` in the JSON interface).
#[derive(Debug, Clone, Copy)]
pub struct Report<'a> {
    /// Whether AWS would return credentials.
    pub accepted: bool,
    /// The deciding stage.
    pub stage: Stage,
    /// AWS's error.
    pub aws_error: Option<&'a AwsError>,
    /// The verdict in a sentence.
    pub summary: &'a str,
    /// Every stage.
    pub stages: &'a [StageReport<Stage>],
    /// The trust-policy trace.
    pub policy: Option<&'a PolicyTrace>,
    /// The `sts:TagSession` trace.
    pub tag_session: Option<&'a PolicyTrace>,
    /// What to change.
    pub hints: &'a [Hint],
}

/// The explanation a failing test prints: [`verdict`] (with the deciding stage and AWS's
/// error), [`traces`] and [`hints`]. The CLI writes the same parts with [`stages`], the
/// token, the provider and the findings between them.
pub fn report(out: &mut dyn Write, r: &Report<'_>, s: &dyn TextStyle) -> fmt::Result {
    verdict(out, r, s)?;
    traces(out, r, s)?;
    hints(out, r, s)
}

/// `REFUSED at the trust policy stage: AWS returns AccessDenied: ...`, then the summary.
pub fn verdict(out: &mut dyn Write, r: &Report<'_>, s: &dyn TextStyle) -> fmt::Result {
    let (tone, word) = match (r.accepted, r.aws_error) {
        (true, _) => (Tone::Accepted, "ACCEPTED"),
        (false, None) => (Tone::NoVerdict, "NO VERDICT"),
        (false, Some(_)) => (Tone::Refused, "REFUSED"),
    };
    s.paint(out, tone, word)?;
    let stage = stage_name(r.stage);
    match r.aws_error {
        Some(e) => {
            write!(out, " at the {stage} stage: AWS returns ")?;
            s.paint(out, Tone::Heading, &e.code)?;
            writeln!(out, ": {}", e.message)?;
        }
        None => writeln!(out, " (decided at the {stage} stage)")?,
    }
    writeln!(out, "{}", r.summary)
}

/// A heading after a blank line.
fn heading(out: &mut dyn Write, s: &dyn TextStyle, text: &str) -> fmt::Result {
    out.write_char('\n')?;
    s.paint(out, Tone::Heading, text)
}

/// `✓`, `✗` or `?` for a check that held, failed or was not decided, in its tone.
fn mark(out: &mut dyn Write, s: &dyn TextStyle, holds: Option<bool>) -> fmt::Result {
    match holds {
        Some(true) => s.paint(out, Tone::Good, "✓"),
        Some(false) => s.paint(out, Tone::Bad, "✗"),
        None => s.paint(out, Tone::Unsure, "?"),
    }
}

/// Every stage in AWS's order, marked passed, failed or not reached.
pub fn stages(out: &mut dyn Write, r: &Report<'_>, s: &dyn TextStyle) -> fmt::Result {
    if r.stages.is_empty() {
        return Ok(());
    }
    heading(out, s, "Stages (in the order AWS runs them)")?;
    out.write_char('\n')?;
    for st in r.stages {
        out.write_str("  ")?;
        let tone = match st.status {
            StageStatus::Passed => {
                mark(out, s, Some(true))?;
                Tone::Plain
            }
            StageStatus::Failed => {
                mark(out, s, Some(false))?;
                Tone::Plain
            }
            StageStatus::NotReached | StageStatus::NotChecked => {
                s.paint(out, Tone::Quiet, "·")?;
                Tone::Quiet
            }
        };
        write!(out, " {:<15} ", stage_name(st.stage))?;
        s.paint(out, tone, &st.detail)?;
        out.write_char('\n')?;
    }
    Ok(())
}

/// The trust-policy trace, and the `sts:TagSession` one when there is one.
pub fn traces(out: &mut dyn Write, r: &Report<'_>, s: &dyn TextStyle) -> fmt::Result {
    for trace in [r.policy, r.tag_session].into_iter().flatten() {
        policy_trace(out, trace, s)?;
    }
    Ok(())
}

/// A decision in words.
pub fn decision_text(d: Decision) -> &'static str {
    match d {
        Decision::Allow => "allow",
        Decision::ExplicitDeny => "explicit deny",
        Decision::ImplicitDeny => "implicit deny (no statement allows)",
    }
}

fn policy_trace(out: &mut dyn Write, trace: &PolicyTrace, s: &dyn TextStyle) -> fmt::Result {
    heading(out, s, "Trust policy for")?;
    out.write_char(' ')?;
    s.paint(out, Tone::Heading, &trace.action)?;
    out.write_str(": ")?;
    let tone = if trace.decision == Decision::Allow {
        Tone::Good
    } else {
        Tone::Bad
    };
    s.paint(out, tone, decision_text(trace.decision))?;
    if !trace.complete {
        out.write_str(" (incomplete: a condition could not be evaluated)")?;
    }
    out.write_char('\n')?;
    for st in &trace.statements {
        statement(out, st, s)?;
    }
    Ok(())
}

fn statement(out: &mut dyn Write, st: &StatementTrace, s: &dyn TextStyle) -> fmt::Result {
    write!(out, "  statement {}", st.index)?;
    if let Some(sid) = &st.sid {
        write!(out, " \"{sid}\"")?;
    }
    out.write_str(match st.effect {
        Some(Effect::Allow) => " Allow: ",
        Some(Effect::Deny) => " Deny: ",
        None => " (no valid Effect): ",
    })?;
    match st.applies {
        Applies::Yes => s.paint(out, Tone::Good, "applies")?,
        Applies::No => s.paint(out, Tone::Bad, "does not apply")?,
        Applies::Unknown => s.paint(out, Tone::Unsure, "might apply (not fully evaluated)")?,
    }
    out.write_str("  ")?;
    s.paint(out, Tone::Quiet, &s.place(Some(&st.pointer), Some(st.span)))?;
    out.write_char('\n')?;
    if let Some(why) = &st.invalid {
        out.write_str("    ")?;
        s.paint(out, Tone::Bad, "invalid:")?;
        writeln!(out, " {why}")?;
    }
    let principals = if st.principal.values.is_empty() {
        "(none)".to_owned()
    } else {
        st.principal.values.join(", ")
    };
    for (name, check, values, why) in [
        (
            " principal  ",
            &st.principal,
            principals,
            "  (the token's provider is ",
        ),
        (
            " action     ",
            &st.action,
            st.action.values.join(", "),
            "  (the request is ",
        ),
    ] {
        out.write_str("    ")?;
        mark(out, s, Some(check.matched))?;
        out.write_str(name)?;
        out.write_str(&values)?;
        if !check.matched {
            s.paint(out, Tone::Quiet, &format!("{why}{})", check.request))?;
        }
        out.write_char('\n')?;
    }
    for c in &st.conditions {
        condition(out, c, s)?;
    }
    Ok(())
}

fn condition(out: &mut dyn Write, c: &ConditionTrace, s: &dyn TextStyle) -> fmt::Result {
    out.write_str("    ")?;
    mark(out, s, c.holds)?;
    write!(out, " {} {} ", c.operator, c.key)?;
    for (i, v) in c.values.iter().enumerate() {
        out.write_str(if i == 0 { "\"" } else { ", \"" })?;
        out.write_str(v)?;
        out.write_char('"')?;
    }
    out.write_str("\n        ")?;
    let tone = match c.holds {
        Some(true) => Tone::Good,
        Some(false) => Tone::Bad,
        None => Tone::Unsure,
    };
    s.paint(out, tone, outcome_name(c.outcome))?;
    writeln!(out, ": {}", c.explanation)?;
    if let Some(nm) = &c.near_miss {
        near_miss(out, nm, s)?;
    }
    Ok(())
}

/// `indent`, `value` with its part from character `at` painted as differing, a new line,
/// then carets under that part (at least one) and `note`.
fn marked(
    out: &mut dyn Write,
    s: &dyn TextStyle,
    indent: &str,
    value: &str,
    at: usize,
    note: &str,
) -> fmt::Result {
    let head: String = value.chars().take(at).collect();
    let tail: String = value.chars().skip(at).collect();
    out.write_str(indent)?;
    out.write_str(&head)?;
    s.paint(out, Tone::Differs, &tail)?;
    out.write_char('\n')?;
    for _ in 0..indent.chars().count() + head.chars().count() {
        out.write_char(' ')?;
    }
    s.paint(out, Tone::Bad, &"^".repeat(tail.chars().count().max(1)))?;
    writeln!(out, "{note}")
}

/// Where the token's value and the closest policy value part ways, with carets under the
/// parts that differ.
fn near_miss(out: &mut dyn Write, nm: &NearMiss, s: &dyn TextStyle) -> fmt::Result {
    out.write_str("        near miss: the closest policy value differs from the token here\n")?;
    let expected = if nm.expected.is_empty() {
        " expected the value to end here".to_owned()
    } else {
        format!(" expected `{}`", nm.expected)
    };
    marked(
        out,
        s,
        "          policy  ",
        &nm.value,
        nm.value_offset,
        &expected,
    )?;
    let found = if nm.found.is_empty() {
        " found the end of the value".to_owned()
    } else {
        format!(" found `{}`", nm.found)
    };
    marked(
        out,
        s,
        "          token   ",
        &nm.request_value,
        nm.offset,
        &found,
    )
}

/// The hints: what to change, at its JSON path, with the closest value and a caret.
pub fn hints(out: &mut dyn Write, r: &Report<'_>, s: &dyn TextStyle) -> fmt::Result {
    if r.hints.is_empty() {
        return Ok(());
    }
    heading(out, s, "Hints")?;
    out.write_char('\n')?;
    for h in r.hints {
        out.write_str("  ")?;
        s.paint(out, Tone::Label, "hint")?;
        write!(out, "[{}]", h.code)?;
        let mut place = String::new();
        if h.source == Source::Policy {
            place.push(' ');
            place.push_str(&s.place(Some(&h.pointer), h.span));
        }
        if !h.pointer.is_empty() {
            place.push(' ');
            place.push_str(&h.pointer);
        }
        s.paint(out, Tone::Quiet, &place)?;
        writeln!(out, ": {}", h.message)?;
        if let (Some(closest), Some(value), Some(offset)) = (&h.closest, &h.request_value, h.offset)
        {
            writeln!(out, "      closest  {closest}")?;
            marked(out, s, "      token    ", value, offset, "")?;
        }
        out.write_str("      ")?;
        s.paint(out, Tone::Good, "fix:")?;
        writeln!(out, " {}", h.fix)?;
    }
    Ok(())
}
