//! The plain-text explanation of an AWS verdict: the verdict line and summary, every stage,
//! the trust-policy trace with the near miss marked by carets under the characters where
//! the token and the closest policy value part ways, and the hints. The CLI's `analyze`
//! writes it in colour with file positions; a failing [`crate::testing`] assertion writes
//! it plain. One text, so what a test prints is what the terminal shows.
//!
//! The text is written piece by piece through [`TextStyle::paint`] rather than formatted
//! into strings, which keeps the npm package's module small.

use std::fmt::{self, Write};

use super::trace::depends_on;
use super::{ConditionTrace, PolicyTrace, RcpTrace, StatementTrace, outcome_name, stage_name};
use crate::aws::call::CallReport;
use crate::aws::eval::{Applies, Decision, OutcomeKind};
use crate::aws::policy::Effect;
use crate::aws::sts::{AwsError, Stage};
use crate::codes::{self, Group};
use crate::diagnostic::{Diagnostic, Severity, Source};
pub use crate::explain::text::{Plain, TextStyle, Tone, hint_list};
use crate::explain::text::{StageLine, heading, mark, marked, stage_lines};
use crate::explain::{Hint, NearMiss, StageReport, StageStatus, VerdictState, ticked};
use crate::json::Span;

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
    /// What the answer amounts to.
    pub state: VerdictState,
    /// What was checked of the call's parameters, and what was left out.
    pub call: &'a CallReport,
    /// The trust-policy trace.
    pub policy: Option<&'a PolicyTrace>,
    /// The `sts:TagSession` trace.
    pub tag_session: Option<&'a PolicyTrace>,
    /// The resource control policies' traces.
    pub rcps: &'a [RcpTrace],
    /// The findings (reading errors, lints).
    pub diagnostics: &'a [Diagnostic],
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

/// Every stage in AWS's order, marked passed, failed or not reached.
pub fn stages(out: &mut dyn Write, r: &Report<'_>, s: &dyn TextStyle) -> fmt::Result {
    let lines = StageLine::all(r.stages, stage_name);
    stage_lines(out, "AWS", &lines, 15, s)
}

/// The trust-policy trace, the `sts:TagSession` one when there is one, and each resource
/// control policy's.
pub fn traces(out: &mut dyn Write, r: &Report<'_>, s: &dyn TextStyle) -> fmt::Result {
    for trace in [r.policy, r.tag_session].into_iter().flatten() {
        policy_trace(out, trace, s)?;
    }
    rcp_traces(out, r, s)
}

/// Each resource control policy's trace: which statement denies, on which condition, or
/// that none does.
pub fn rcp_traces(out: &mut dyn Write, r: &Report<'_>, s: &dyn TextStyle) -> fmt::Result {
    for rcp in r.rcps {
        let trace = &rcp.policy;
        heading(out, s, "Resource control policy")?;
        write!(out, " `{}` for ", rcp.name)?;
        s.paint(out, Tone::Heading, &trace.action)?;
        out.write_str(": ")?;
        match (trace.decision, trace.complete) {
            (Decision::ExplicitDeny, _) => s.paint(out, Tone::Bad, "denies")?,
            (_, false) => s.paint(
                out,
                Tone::Unsure,
                "might deny (a condition could not be evaluated)",
            )?,
            _ => s.paint(
                out,
                Tone::Good,
                "no statement denies (`RCPFullAWSAccess` lets the call through)",
            )?,
        }
        out.write_char('\n')?;
        let index = rcp.index;
        for st in &trace.statements {
            statement(out, st, s, &|p: &str, span: Span| {
                s.rcp_place(index, Some(p), Some(span))
            })?;
        }
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
        statement(out, st, s, &|p: &str, span: Span| {
            s.place(Some(p), Some(span))
        })?;
    }
    Ok(())
}

fn statement(
    out: &mut dyn Write,
    st: &StatementTrace,
    s: &dyn TextStyle,
    place: &dyn Fn(&str, Span) -> String,
) -> fmt::Result {
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
    s.paint(out, Tone::Quiet, &place(&st.pointer, st.span))?;
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

/// The hints, under "What to change": each one's message, the closest value and the
/// token's with carets where they part, the fix, then where it is (place and JSON pointer,
/// quiet, and the writer's [`TextStyle::frame`]).
pub fn hints(out: &mut dyn Write, r: &Report<'_>, s: &dyn TextStyle) -> fmt::Result {
    hint_list(out, r.hints, s)
}

/// The answer in the user's words, on one line, the state's word painted first:
/// `Accepted: ...`, `Accepted, with warnings: <the first warning>`, `Refused by AWS: <why,
/// as a contrast of the token's value and the policy's>`, or `Can't decide: <the input
/// problem, located>`. An AWS error never stands for what oidc-trust could not read: the
/// undecided headline is the input error itself.
pub fn headline(out: &mut dyn Write, r: &Report<'_>, s: &dyn TextStyle) -> fmt::Result {
    let (tone, word, reason) = match r.state {
        VerdictState::Accepted => (Tone::Accepted, "Accepted", accepted_reason(r)),
        VerdictState::AcceptedWithWarnings => {
            (Tone::Warned, "Accepted, with warnings", warned_reason(r))
        }
        VerdictState::Refused => (Tone::Refused, "Refused by AWS", refused_reason(r)),
        VerdictState::Undecided => (Tone::NoVerdict, "Can't decide", undecided_reason(r)),
    };
    s.paint(out, tone, word)?;
    writeln!(out, ": {reason}")
}

/// The line under the headline: what AWS answers and at which stage (nothing when
/// undecided: no AWS call could be made of it).
pub fn aws_answer(out: &mut dyn Write, r: &Report<'_>, s: &dyn TextStyle) -> fmt::Result {
    let stage = stage_name(r.stage);
    match (r.state, r.aws_error) {
        (VerdictState::Undecided, _) => Ok(()),
        (_, Some(e)) => {
            out.write_str("  AWS answers ")?;
            s.paint(out, Tone::Heading, &e.code)?;
            write!(out, ": {} ", e.message)?;
            let note = if e.observed {
                format!("(the {stage} stage)")
            } else {
                format!("(the {stage} stage; AWS was not seen giving this text)")
            };
            s.paint(out, Tone::Quiet, &note)?;
            out.write_char('\n')
        }
        (_, None) => {
            out.write_str("  AWS returns credentials ")?;
            s.paint(out, Tone::Quiet, &format!("(decided at the {stage} stage)"))?;
            out.write_char('\n')
        }
    }
}

/// A statement in a headline: ``statement `Sid` `` or `statement 0`.
fn short_name(st: &StatementTrace) -> String {
    match &st.sid {
        Some(sid) => format!("statement `{sid}`"),
        None => format!("statement {}", st.index),
    }
}

/// Whose value a condition key is: ``the token's `sub` `` for a provider key, ``the call's
/// `aws:SourceIp` `` for a global or STS key.
fn whose(key: &str) -> String {
    if key.starts_with("aws:") || key.starts_with("sts:") {
        return format!("the call's `{key}`");
    }
    match key.split_once(':') {
        Some((_, claim)) => format!("the token's `{claim}`"),
        None => format!("`{key}`"),
    }
}

/// `` `a` ``, `` `a` or `b` ``, `` `a`, `b` or 3 more ``.
fn some_of(values: &[String]) -> String {
    match values {
        [] => "no value".to_owned(),
        [one] => format!("`{one}`"),
        [a, b] => format!("`{a}` or `{b}`"),
        [a, b, rest @ ..] => format!("`{a}`, `{b}` or {} more", rest.len()),
    }
}

fn request_values(c: &ConditionTrace) -> String {
    match c.request_values.as_deref() {
        Some([one]) => format!("`{one}`"),
        Some(many) => ticked(many.iter().map(String::as_str)),
        None => String::new(),
    }
}

/// Why `st` does not allow the call, from its first failing condition, as a contrast:
/// ``the token's `sub` is `X`; statement `S` trusts only `Y` ``.
fn contrast(st: &StatementTrace, c: &ConditionTrace) -> String {
    let name = short_name(st);
    // `StringNotLike`, `ForAnyValue:StringNotEquals`, `NotIpAddress`, `ArnNotLike`...
    let negated = c
        .operator
        .rsplit(':')
        .next()
        .is_some_and(|base| base.contains("Not"));
    match c.outcome {
        OutcomeKind::KeyMissing => match c.key.split_once(':') {
            Some((p, claim)) if p != "aws" && p != "sts" => {
                format!("the token has no `{claim}` claim, which {name} requires")
            }
            _ => format!("the request has no `{}`, which {name} requires", c.key),
        },
        OutcomeKind::KeyNotSupplied => format!(
            "{name} tests `{}`, which AWS does not supply for this token's issuer",
            c.key
        ),
        OutcomeKind::NotMatched if negated => format!(
            "{} {} is a value {name} excludes ({})",
            whose(&c.key),
            request_values(c),
            some_of(&c.values)
        ),
        OutcomeKind::NotMatched | OutcomeKind::Matched if c.request_values.is_some() => {
            let verb = if c.request_values.as_ref().is_some_and(|v| v.len() > 1) {
                "are"
            } else {
                "is"
            };
            format!(
                "{} {verb} {}; {name} trusts only {}",
                whose(&c.key),
                request_values(c),
                some_of(&c.values)
            )
        }
        _ => format!(
            "{name} fails `{}` `{}`: {}",
            c.operator, c.key, c.explanation
        ),
    }
}

/// Why a policy that refuses does, in one clause.
fn policy_refusal(t: &PolicyTrace) -> Option<String> {
    let allows = || {
        t.statements
            .iter()
            .filter(|s| s.effect == Some(Effect::Allow))
    };
    match t.decision {
        Decision::Allow => None,
        Decision::ExplicitDeny => {
            let st = t
                .statements
                .iter()
                .find(|s| s.applies == Applies::Yes && s.effect == Some(Effect::Deny))?;
            Some(format!("{} denies it{}", short_name(st), because(st)))
        }
        Decision::ImplicitDeny => {
            let Some(first) = allows().next() else {
                return Some(format!("no statement allows `{}`", t.action));
            };
            let Some(named) = allows().find(|s| s.principal.matched) else {
                return Some(format!(
                    "no statement names the token's provider `{}` ({} names {})",
                    first.principal.request,
                    short_name(first),
                    some_of(&first.principal.values)
                ));
            };
            let failing = |s: &StatementTrace| {
                s.conditions
                    .iter()
                    .filter(|c| c.holds == Some(false))
                    .count()
            };
            let Some(best) = allows()
                .filter(|s| s.principal.matched && s.action.matched && s.invalid.is_none())
                .min_by_key(|s| failing(s))
            else {
                return Some(format!(
                    "{} names the provider but does not allow `{}`",
                    short_name(named),
                    t.action
                ));
            };
            if let Some(r) = best.resource.as_ref().filter(|r| r.matched == Some(false)) {
                return Some(format!(
                    "{} does not cover the role `{}`",
                    short_name(best),
                    r.request.as_deref().unwrap_or_default()
                ));
            }
            let mut conditions = best.conditions.iter().filter(|c| c.holds == Some(false));
            let c = conditions.next()?;
            let mut out = contrast(best, c);
            let more = conditions.count();
            if more > 0 {
                let _ = write!(
                    out,
                    " (and {more} more of its condition{} fail{})",
                    if more == 1 { "" } else { "s" },
                    if more == 1 { "s" } else { "" }
                );
            }
            Some(out)
        }
    }
}

/// Why a `Deny` statement applies, as a clause: `, as the token's `sub` ... matches ...`.
fn because(st: &StatementTrace) -> String {
    let Some(c) = st.conditions.iter().find(|c| c.holds == Some(true)) else {
        return " (it has no condition that spares this call)".to_owned();
    };
    let values = request_values(c);
    match c.outcome {
        OutcomeKind::Matched => format!(
            ", as {} {values} matches `{}`",
            whose(&c.key),
            c.matched_value.as_deref().unwrap_or_default()
        ),
        OutcomeKind::NotMatched | OutcomeKind::AllValues if c.request_values.is_some() => {
            format!(
                ", as {} {values} is none of {}",
                whose(&c.key),
                some_of(&c.values)
            )
        }
        OutcomeKind::KeyMissing => format!(", as the request has no `{}`", c.key),
        _ => format!(", as `{}` `{}`: {}", c.operator, c.key, c.explanation),
    }
}

/// The deciding stage's sentence.
fn failed_detail(r: &Report<'_>) -> String {
    r.stages
        .iter()
        .find(|st| st.status == StageStatus::Failed)
        .map_or_else(|| r.summary.to_owned(), |st| st.detail.clone())
}

fn accepted_reason(r: &Report<'_>) -> String {
    let by: Vec<String> = r
        .policy
        .map(|t| {
            t.statements
                .iter()
                .filter(|s| s.applies == Applies::Yes && s.effect == Some(Effect::Allow))
                .map(short_name)
                .collect()
        })
        .unwrap_or_default();
    let mut out = if by.is_empty() {
        "the trust policy allows it".to_owned()
    } else {
        format!("{} allows it", by.join(" and "))
    };
    if !r.rcps.is_empty() {
        out.push_str("; no resource control policy denies it");
    }
    out
}

fn warned_reason(r: &Report<'_>) -> String {
    let w = crate::diagnostic::lint_warnings(r.diagnostics);
    let Some(first) = w.first() else {
        return accepted_reason(r);
    };
    let more = w.len() - 1;
    if more == 0 {
        first.message.clone()
    } else {
        format!(
            "{} (and {more} more warning{})",
            first.message,
            if more == 1 { "" } else { "s" }
        )
    }
}

fn refused_reason(r: &Report<'_>) -> String {
    let found = match r.stage {
        Stage::Policy => r.policy.and_then(policy_refusal).or_else(|| {
            r.tag_session.and_then(policy_refusal).map(|why| {
                format!("the token carries session tags and `sts:TagSession` is refused: {why}")
            })
        }),
        Stage::Rcp => r.rcps.iter().find_map(|rcp| {
            let st = rcp
                .policy
                .statements
                .iter()
                .find(|s| s.applies == Applies::Yes && s.effect == Some(Effect::Deny))?;
            Some(format!(
                "the resource control policy `{}` denies it: {} applies{}",
                rcp.name,
                short_name(st),
                because(st)
            ))
        }),
        _ => None,
    };
    found.unwrap_or_else(|| failed_detail(r))
}

/// `(line 4, column 24)`.
fn line_column(span: Option<Span>) -> String {
    span.map_or_else(String::new, |s| {
        format!(" (line {}, column {})", s.line, s.column)
    })
}

fn undecided_reason(r: &Report<'_>) -> String {
    let error = |source: Source| {
        r.diagnostics.iter().find(|d| {
            d.source == source
                && d.severity == Severity::Error
                && codes::group_of(d.code) == Group::Invalid
        })
    };
    if let Some(d) = error(Source::Request) {
        return d.message.clone();
    }
    if r.stage == Stage::Token
        && let Some(d) = error(Source::Token)
    {
        return format!("the token cannot be read: {}", d.message);
    }
    if let Some(d) = error(Source::Policy) {
        let at = line_column(d.span);
        // The JSON reader's message ends with the place, which the headline gives first.
        let message = d
            .span
            .and_then(|s| {
                d.message
                    .strip_suffix(&format!(" at line {} column {}", s.line, s.column))
            })
            .unwrap_or(&d.message);
        return match message.split_once(": ") {
            Some((what, why)) if d.code == codes::INVALID_POLICY_JSON => {
                format!("{what}{at}: {why}")
            }
            _ => format!("the trust policy cannot be read{at}: {message}"),
        };
    }
    if let Some(rcp) = r.rcps.iter().find(|rcp| !rcp.policy.complete)
        && r.policy.is_none_or(|t| t.complete)
    {
        let st = rcp
            .policy
            .statements
            .iter()
            .find(|s| s.applies == Applies::Unknown)
            .map_or_else(String::new, |s| format!(" ({})", short_name(s)));
        return format!(
            "the resource control policy `{}` may deny it{st}: it depends on {}",
            rcp.name,
            depends_on(&rcp.policy)
        );
    }
    if let Some(t) = r.policy.filter(|t| !t.complete) {
        let st = t
            .statements
            .iter()
            .find(|s| s.applies == Applies::Unknown)
            .map_or_else(|| "the trust policy".to_owned(), short_name);
        return format!("{st} depends on {}", depends_on(t));
    }
    failed_detail(r)
}
