//! Plain text for any target's answer: the tones and styles a writer paints with, the
//! hints under "What to change", and [`overview`], the headline, the cloud's answer and the
//! stages of a target without a text of its own. AWS's fuller text (with the trust-policy
//! trace) is [`super::aws::text`], written with the same pieces.

use std::fmt::{self, Write};

use super::{CloudError, Hint, StageStatus, VerdictState};
use crate::diagnostic::Source;
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
    /// `NO VERDICT`, `Can't decide`.
    NoVerdict,
    /// `Accepted, with warnings`.
    Warned,
}

/// How the text is painted and how a place in the policy is written.
pub trait TextStyle {
    /// Writes `text` painted for `tone` (plain text writes it as it is).
    fn paint(&self, out: &mut dyn Write, _tone: Tone, text: &str) -> fmt::Result {
        out.write_str(text)
    }

    /// A place in the policy, by its JSON pointer and span: `trust.json:4:5`, say.
    fn place(&self, pointer: Option<&str>, span: Option<Span>) -> String;

    /// A place in resource control policy `index` (its position in `organization.rcps`):
    /// `RCP 2, line 4` unless the writer knows its file.
    fn rcp_place(&self, index: usize, _pointer: Option<&str>, span: Option<Span>) -> String {
        match span {
            Some(s) => format!("RCP {}, line {}", index + 1, s.line),
            None => format!("RCP {}", index + 1),
        }
    }

    /// Shows the source at a place (a code frame, the line and a caret under it), for a
    /// writer that has the files; plain text shows nothing.
    fn frame(
        &self,
        _out: &mut dyn Write,
        _indent: &str,
        _source: Source,
        _document: Option<usize>,
        _pointer: &str,
        _span: Option<Span>,
    ) -> fmt::Result {
        Ok(())
    }
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

/// A heading after a blank line.
pub(crate) fn heading(out: &mut dyn Write, s: &dyn TextStyle, text: &str) -> fmt::Result {
    out.write_char('\n')?;
    s.paint(out, Tone::Heading, text)
}

/// `✓`, `✗` or `?` for a check that held, failed or was not decided, in its tone.
pub(crate) fn mark(out: &mut dyn Write, s: &dyn TextStyle, holds: Option<bool>) -> fmt::Result {
    match holds {
        Some(true) => s.paint(out, Tone::Good, "✓"),
        Some(false) => s.paint(out, Tone::Bad, "✗"),
        None => s.paint(out, Tone::Unsure, "?"),
    }
}

/// `indent`, `value` with its part from character `at` painted as differing, a new line,
/// then carets under that part (at least one) and `note`.
pub(crate) fn marked(
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

/// The hints under `What to change`: each one's message, the closest value and the
/// token's with carets where they part, the fix, then where it is (place and JSON pointer,
/// quiet, and the writer's [`TextStyle::frame`]). Every target's hints are written so.
pub fn hint_list(out: &mut dyn Write, hints: &[Hint], s: &dyn TextStyle) -> fmt::Result {
    if hints.is_empty() {
        return Ok(());
    }
    heading(out, s, "What to change")?;
    out.write_char('\n')?;
    for h in hints {
        out.write_str("  ")?;
        s.paint(out, Tone::Label, "hint")?;
        writeln!(out, "[{}]: {}", h.code, h.message)?;
        if let (Some(closest), Some(value), Some(offset)) = (&h.closest, &h.request_value, h.offset)
        {
            writeln!(out, "      closest  {closest}")?;
            marked(out, s, "      token    ", value, offset, "")?;
        }
        out.write_str("      ")?;
        s.paint(out, Tone::Good, "fix:")?;
        writeln!(out, " {}", h.fix)?;
        // The source at the place when the writer has it, else the place; then the pointer.
        let mut frame = String::new();
        s.frame(
            &mut frame, "      ", h.source, h.document, &h.pointer, h.span,
        )?;
        let place = match (h.source, h.document) {
            (Source::Policy, _) => Some(s.place(Some(&h.pointer), h.span)),
            (Source::Rcp, Some(i)) => Some(s.rcp_place(i, Some(&h.pointer), h.span)),
            _ => None,
        };
        if frame.is_empty() {
            if let Some(p) = place {
                out.write_str("      ")?;
                s.paint(out, Tone::Quiet, &format!("at {p}"))?;
                out.write_char('\n')?;
            }
        } else {
            out.write_str(&frame)?;
        }
        if !h.pointer.is_empty() {
            out.write_str("      ")?;
            s.paint(out, Tone::Quiet, &format!("= {}", h.pointer))?;
            out.write_char('\n')?;
        }
    }
    Ok(())
}

/// The parts of any target's answer the text shows: the shells' common ground, filled by
/// each target's answer (`AnyAnalysis::overview` in the JSON interface).
#[derive(Debug, Clone)]
pub struct Overview<'a> {
    /// Who decides, as people call it (`Microsoft Entra ID`, `Google Cloud STS`...).
    pub cloud: &'static str,
    /// What the answer amounts to.
    pub state: VerdictState,
    /// Why, in a sentence, without the verdict word the headline puts before it (the
    /// deciding stage's sentence).
    pub summary: &'a str,
    /// The cloud's refusal, when it refuses: code, message verbatim, whether observed.
    pub error: Option<&'a CloudError>,
    /// The name of the stage that decided.
    pub stage: &'static str,
    /// Every stage, in the cloud's order.
    pub stages: Vec<StageLine<'a>>,
    /// What to change.
    pub hints: &'a [Hint],
}

/// One stage of an [`Overview`].
#[derive(Debug, Clone, Copy)]
pub struct StageLine<'a> {
    /// The stage's name for people.
    pub name: &'static str,
    /// How it went.
    pub status: StageStatus,
    /// What was checked, in a sentence.
    pub detail: &'a str,
}

impl<'a> StageLine<'a> {
    /// The lines of a target's stage reports, named by the target's `stage_name`.
    pub fn all<S: Copy>(
        stages: &'a [super::StageReport<S>],
        name: fn(S) -> &'static str,
    ) -> Vec<StageLine<'a>> {
        stages
            .iter()
            .map(|r| StageLine {
                name: name(r.stage),
                status: r.status,
                detail: &r.detail,
            })
            .collect()
    }
}

/// The headline (`Accepted: ...`, `Refused by Google Cloud STS: ...`, `Can't decide: ...`)
/// and the cloud's answer under it: its code and message, verbatim, and whether it was
/// seen answering so (nothing under an undecided headline: no call could be made of it).
pub fn overview_headline(out: &mut dyn Write, o: &Overview<'_>, s: &dyn TextStyle) -> fmt::Result {
    let refused = format!("Refused by {}", o.cloud);
    let (tone, word) = match o.state {
        VerdictState::Accepted => (Tone::Accepted, "Accepted"),
        VerdictState::AcceptedWithWarnings => (Tone::Warned, "Accepted, with warnings"),
        VerdictState::Refused => (Tone::Refused, refused.as_str()),
        VerdictState::Undecided => (Tone::NoVerdict, "Can't decide"),
    };
    s.paint(out, tone, word)?;
    writeln!(out, ": {}", o.summary)?;
    match (o.state, o.error) {
        (VerdictState::Undecided, _) => Ok(()),
        (_, Some(e)) => {
            write!(out, "  {} answers ", o.cloud)?;
            s.paint(out, Tone::Heading, &e.code)?;
            write!(out, ": {} ", e.message)?;
            let note = if e.observed {
                format!("(the {} stage)", o.stage)
            } else {
                format!(
                    "(the {} stage; {} was not seen giving this text)",
                    o.stage, o.cloud
                )
            };
            s.paint(out, Tone::Quiet, &note)?;
            out.write_char('\n')
        }
        (_, None) => {
            write!(out, "  {} accepts the token ", o.cloud)?;
            s.paint(
                out,
                Tone::Quiet,
                &format!("(decided at the {} stage)", o.stage),
            )?;
            out.write_char('\n')
        }
    }
}

/// Every stage under `Stages (in the order <cloud> runs them)`: a mark (passed, failed, or
/// a quiet dot for not reached or not checked), its name padded to `width`, what was
/// checked.
pub fn stage_lines(
    out: &mut dyn Write,
    cloud: &str,
    lines: &[StageLine<'_>],
    width: usize,
    s: &dyn TextStyle,
) -> fmt::Result {
    if lines.is_empty() {
        return Ok(());
    }
    heading(out, s, &format!("Stages (in the order {cloud} runs them)"))?;
    out.write_char('\n')?;
    for st in lines {
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
        write!(out, " {:<width$} ", st.name)?;
        s.paint(out, tone, st.detail)?;
        out.write_char('\n')?;
    }
    Ok(())
}

/// An overview's stages ([`stage_lines`], names as wide as the longest).
pub fn overview_stages(out: &mut dyn Write, o: &Overview<'_>, s: &dyn TextStyle) -> fmt::Result {
    let width = o
        .stages
        .iter()
        .map(|st| st.name.chars().count())
        .max()
        .unwrap_or(0)
        + 1;
    stage_lines(out, o.cloud, &o.stages, width, s)
}

/// [`overview_headline`], the stages when `verbose`, then the hints: the plain text of
/// any target's answer.
pub fn overview(
    out: &mut dyn Write,
    o: &Overview<'_>,
    verbose: bool,
    s: &dyn TextStyle,
) -> fmt::Result {
    overview_headline(out, o, s)?;
    if verbose {
        overview_stages(out, o, s)?;
    }
    hint_list(out, o.hints, s)
}
