//! The plain-text explanation of an AWS verdict: the verdict line and summary, every stage,
//! the trust-policy trace with the near miss marked by carets under the characters where
//! the token and the closest policy value part ways, and the hints. The CLI's `analyze`
//! writes it in colour with file positions; a failing [`crate::testing`] assertion writes
//! it plain. One text, so what a test prints is what the terminal shows.

use std::fmt::{self, Write};

use super::{Hint, PolicyTrace, StageReport, StageStatus, outcome_name, stage_name};
use crate::aws::eval::{Applies, Decision};
use crate::aws::policy::Effect;
use crate::aws::sts::{AwsError, Stage};
use crate::diagnostic::Source;
use crate::explain::NearMiss;
use crate::explain::aws::{ConditionTrace, StatementTrace};
use crate::json::Span;

/// What a piece of text is, for a writer that colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// A heading or the verdict word.
    Heading,
    /// Good news: accepted, matched, passed.
    Good,
    /// Bad news: refused, not matched, failed.
    Bad,
    /// Undecided: no verdict, not evaluated.
    Unsure,
    /// Less important: places, stages not reached.
    Quiet,
    /// A label (`hint`).
    Label,
    /// The characters of a value that differ.
    Differs,
}

/// How the text is painted and how a place in the policy is written.
pub trait TextStyle {
    /// `text` painted for `tone` (plain text returns it as it is).
    fn paint(&self, _tone: Tone, text: &str) -> String {
        text.to_owned()
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
    pub stages: &'a [StageReport],
    /// The trust-policy trace.
    pub policy: Option<&'a PolicyTrace>,
    /// The `sts:TagSession` trace.
    pub tag_session: Option<&'a PolicyTrace>,
    /// What to change.
    pub hints: &'a [Hint],
}

/// The whole text: [`verdict`], [`stages`], [`traces`] and [`hints`].
pub fn report(out: &mut dyn Write, r: &Report<'_>, s: &dyn TextStyle) -> fmt::Result {
    verdict(out, r, s)?;
    stages(out, r, s)?;
    traces(out, r, s)?;
    hints(out, r, s)
}

/// `REFUSED at the trust policy stage: AWS returns AccessDenied: ...`, then the summary.
pub fn verdict(out: &mut dyn Write, r: &Report<'_>, s: &dyn TextStyle) -> fmt::Result {
    let word = if r.accepted {
        s.paint(Tone::Good, &s.paint(Tone::Heading, "ACCEPTED"))
    } else if r.aws_error.is_none() {
        s.paint(Tone::Unsure, &s.paint(Tone::Heading, "NO VERDICT"))
    } else {
        s.paint(Tone::Bad, &s.paint(Tone::Heading, "REFUSED"))
    };
    match r.aws_error {
        Some(e) => writeln!(
            out,
            "{word} at the {} stage: AWS returns {}: {}",
            stage_name(r.stage),
            s.paint(Tone::Heading, &e.code),
            e.message
        )?,
        None => writeln!(out, "{word} (decided at the {} stage)", stage_name(r.stage))?,
    }
    writeln!(out, "{}", r.summary)
}

/// Every stage in AWS's order, marked passed, failed or not reached.
pub fn stages(out: &mut dyn Write, r: &Report<'_>, s: &dyn TextStyle) -> fmt::Result {
    if r.stages.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        s.paint(Tone::Heading, "Stages (in the order AWS runs them)")
    )?;
    for st in r.stages {
        let (mark, detail) = match st.status {
            StageStatus::Passed => (s.paint(Tone::Good, "✓"), st.detail.clone()),
            StageStatus::Failed => (s.paint(Tone::Bad, "✗"), st.detail.clone()),
            StageStatus::NotReached => {
                (s.paint(Tone::Quiet, "·"), s.paint(Tone::Quiet, &st.detail))
            }
        };
        writeln!(out, "  {mark} {:<15} {detail}", stage_name(st.stage))?;
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
    writeln!(out)?;
    let tone = if trace.decision == Decision::Allow {
        Tone::Good
    } else {
        Tone::Bad
    };
    writeln!(
        out,
        "{} {}: {}{}",
        s.paint(Tone::Heading, "Trust policy for"),
        s.paint(Tone::Heading, &trace.action),
        s.paint(tone, decision_text(trace.decision)),
        if trace.complete {
            ""
        } else {
            " (incomplete: a condition could not be evaluated)"
        }
    )?;
    for st in &trace.statements {
        statement(out, st, s)?;
    }
    Ok(())
}

fn statement(out: &mut dyn Write, st: &StatementTrace, s: &dyn TextStyle) -> fmt::Result {
    let effect = match st.effect {
        Some(Effect::Allow) => "Allow",
        Some(Effect::Deny) => "Deny",
        None => "(no valid Effect)",
    };
    let sid = st
        .sid
        .as_ref()
        .map(|sid| format!(" \"{sid}\""))
        .unwrap_or_default();
    let applies = match st.applies {
        Applies::Yes => s.paint(Tone::Good, "applies"),
        Applies::No => s.paint(Tone::Bad, "does not apply"),
        Applies::Unknown => s.paint(Tone::Unsure, "might apply (not fully evaluated)"),
    };
    let place = s.place(Some(&st.pointer), Some(st.span));
    writeln!(
        out,
        "  statement {}{sid} {effect}: {applies}  {}",
        st.index,
        s.paint(Tone::Quiet, &place)
    )?;
    if let Some(why) = &st.invalid {
        writeln!(out, "    {} {why}", s.paint(Tone::Bad, "invalid:"))?;
    }
    let check = |m: bool| {
        if m {
            s.paint(Tone::Good, "✓")
        } else {
            s.paint(Tone::Bad, "✗")
        }
    };
    let unless = |matched: bool, what: String| {
        if matched {
            String::new()
        } else {
            s.paint(Tone::Quiet, &what)
        }
    };
    let principals = if st.principal.values.is_empty() {
        "(none)".to_owned()
    } else {
        st.principal.values.join(", ")
    };
    writeln!(
        out,
        "    {} principal  {principals}{}",
        check(st.principal.matched),
        unless(
            st.principal.matched,
            format!("  (the token's provider is {})", st.principal.request)
        )
    )?;
    writeln!(
        out,
        "    {} action     {}{}",
        check(st.action.matched),
        st.action.values.join(", "),
        unless(
            st.action.matched,
            format!("  (the request is {})", st.action.request)
        )
    )?;
    for c in &st.conditions {
        condition(out, c, s)?;
    }
    Ok(())
}

fn condition(out: &mut dyn Write, c: &ConditionTrace, s: &dyn TextStyle) -> fmt::Result {
    let tone = match c.holds {
        Some(true) => Tone::Good,
        Some(false) => Tone::Bad,
        None => Tone::Unsure,
    };
    let mark = match c.holds {
        Some(true) => "✓",
        Some(false) => "✗",
        None => "?",
    };
    let values = c
        .values
        .iter()
        .map(|v| format!("\"{v}\""))
        .collect::<Vec<_>>()
        .join(", ");
    writeln!(
        out,
        "    {} {} {} {values}",
        s.paint(tone, mark),
        c.operator,
        c.key
    )?;
    writeln!(
        out,
        "        {}: {}",
        s.paint(tone, outcome_name(c.outcome)),
        c.explanation
    )?;
    if let Some(nm) = &c.near_miss {
        near_miss(out, nm, s)?;
    }
    Ok(())
}

/// `text` split after `at` characters.
fn split(text: &str, at: usize) -> (String, String) {
    (
        text.chars().take(at).collect(),
        text.chars().skip(at).collect(),
    )
}

/// A line of carets under the `tail` that follows `head` (at least one caret).
fn carets(head: &str, tail: &str, s: &dyn TextStyle) -> String {
    format!(
        "{}{}",
        " ".repeat(head.chars().count()),
        s.paint(Tone::Bad, &"^".repeat(tail.chars().count().max(1)))
    )
}

/// Where the token's value and the closest policy value part ways, with carets under the
/// parts that differ.
fn near_miss(out: &mut dyn Write, nm: &NearMiss, s: &dyn TextStyle) -> fmt::Result {
    let (p_head, p_tail) = split(&nm.value, nm.value_offset);
    let (r_head, r_tail) = split(&nm.request_value, nm.offset);
    writeln!(
        out,
        "        near miss: the closest policy value differs from the token here"
    )?;
    writeln!(
        out,
        "          policy  {p_head}{}",
        s.paint(Tone::Differs, &p_tail)
    )?;
    writeln!(
        out,
        "                  {} {}",
        carets(&p_head, &p_tail, s),
        if nm.expected.is_empty() {
            "expected the value to end here".to_owned()
        } else {
            format!("expected `{}`", nm.expected)
        }
    )?;
    writeln!(
        out,
        "          token   {r_head}{}",
        s.paint(Tone::Differs, &r_tail)
    )?;
    writeln!(
        out,
        "                  {} {}",
        carets(&r_head, &r_tail, s),
        if nm.found.is_empty() {
            "found the end of the value".to_owned()
        } else {
            format!("found `{}`", nm.found)
        }
    )
}

/// The hints: what to change, at its JSON path, with the closest value and a caret.
pub fn hints(out: &mut dyn Write, r: &Report<'_>, s: &dyn TextStyle) -> fmt::Result {
    if r.hints.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    writeln!(out, "{}", s.paint(Tone::Heading, "Hints"))?;
    for h in r.hints {
        let place = match h.source {
            Source::Policy => format!(" {}", s.place(Some(&h.pointer), h.span)),
            _ => String::new(),
        };
        let pointer = if h.pointer.is_empty() {
            String::new()
        } else {
            format!(" {}", h.pointer)
        };
        writeln!(
            out,
            "  {}[{}]{}: {}",
            s.paint(Tone::Label, "hint"),
            h.code,
            s.paint(Tone::Quiet, &format!("{place}{pointer}")),
            h.message
        )?;
        if let (Some(closest), Some(value), Some(offset)) = (&h.closest, &h.request_value, h.offset)
        {
            let (head, tail) = split(value, offset);
            writeln!(out, "      closest  {closest}")?;
            writeln!(
                out,
                "      token    {head}{}",
                s.paint(Tone::Differs, &tail)
            )?;
            writeln!(out, "               {}", carets(&head, &tail, s))?;
        }
        writeln!(out, "      {} {}", s.paint(Tone::Good, "fix:"), h.fix)?;
    }
    Ok(())
}
