//! The plain-text explanation of an Entra ID verdict, in the same pieces and tones as AWS's
//! ([`crate::explain::aws::text`]): the headline, Entra's error, every stage, each
//! credential against the token (the closest one's differing characters marked), and the
//! hints. For the CLI (`analyze --target azure`) and anything else that prints.

use std::fmt::{self, Write};

use super::sentences::{credential_name, stage_name};
use super::trace::{CredentialOutcome, CredentialTrace, CredentialsTrace, ValueTrace};
use crate::azure::entra::AzureStage;
use crate::azure::expression::ClauseOutcome;
use crate::explain::text::{
    StageLine, TextStyle, Tone, heading, hint_list, mark, marked, stage_lines,
};
use crate::explain::{CloudError, Hint, StageReport, VerdictState};

/// The parts of an Entra ID analysis the text shows (`AzureAnalysis::report` in the JSON
/// interface).
#[derive(Debug, Clone, Copy)]
pub struct AzureReport<'a> {
    /// What the answer amounts to.
    pub state: VerdictState,
    /// The deciding stage.
    pub stage: AzureStage,
    /// Entra's error.
    pub error: Option<&'a CloudError>,
    /// The verdict in a sentence.
    pub summary: &'a str,
    /// Every stage.
    pub stages: &'a [StageReport<AzureStage>],
    /// The credentials against the token.
    pub credentials: Option<&'a CredentialsTrace>,
    /// What to change.
    pub hints: &'a [Hint],
}

/// The whole explanation: headline, Entra's answer, stages, credentials, hints.
pub fn report(out: &mut dyn Write, r: &AzureReport<'_>, s: &dyn TextStyle) -> fmt::Result {
    headline(out, r, s)?;
    stages(out, r, s)?;
    credentials(out, r, s)?;
    hint_list(out, r.hints, s)
}

/// The verdict's word, the summary, and Entra's error with its code.
pub fn headline(out: &mut dyn Write, r: &AzureReport<'_>, s: &dyn TextStyle) -> fmt::Result {
    let (tone, word) = match r.state {
        VerdictState::Accepted => (Tone::Accepted, "ACCEPTED by Entra ID"),
        VerdictState::AcceptedWithWarnings => (Tone::Warned, "ACCEPTED by Entra ID, with warnings"),
        VerdictState::Refused => (Tone::Refused, "REFUSED by Entra ID"),
        VerdictState::Undecided => (Tone::NoVerdict, "Can't decide"),
    };
    s.paint(out, tone, word)?;
    writeln!(out, " (decided at the {} stage)", stage_name(r.stage))?;
    writeln!(out, "{}", r.summary)?;
    if let Some(e) = r.error {
        // Entra's message starts with its code.
        out.write_str("  Entra answers ")?;
        match e.message.strip_prefix(e.code.as_str()) {
            Some(rest) => {
                s.paint(out, Tone::Heading, &e.code)?;
                out.write_str(rest)?;
            }
            None => write!(out, "{}: {}", e.code, e.message)?,
        }
        if !e.observed {
            s.paint(
                out,
                Tone::Quiet,
                " (this text is inferred, not seen from Entra)",
            )?;
        }
        out.write_char('\n')?;
    }
    Ok(())
}

/// Every stage in Entra's order.
pub fn stages(out: &mut dyn Write, r: &AzureReport<'_>, s: &dyn TextStyle) -> fmt::Result {
    let lines = StageLine::all(r.stages, stage_name);
    stage_lines(out, "Entra", &lines, 10, s)
}

fn outcome_words(o: CredentialOutcome) -> &'static str {
    match o {
        CredentialOutcome::Matched => "admits the token",
        CredentialOutcome::IssuerDiffers => "another issuer",
        CredentialOutcome::AudienceDiffers => "another audience",
        CredentialOutcome::SubjectDiffers => "another subject",
        CredentialOutcome::SubjectCaseOnly => "the subject but for letter case",
        CredentialOutcome::ExpressionFalse => "its expression is false",
        CredentialOutcome::NotEvaluated => "not evaluated",
        CredentialOutcome::NotCompared => "not compared",
    }
}

fn value(out: &mut dyn Write, s: &dyn TextStyle, label: &str, v: &ValueTrace) -> fmt::Result {
    write!(out, "      {label:<9}")?;
    mark(out, s, Some(v.matched))?;
    writeln!(out, " {}", v.value)?;
    if let Some(m) = &v.near_miss {
        marked(out, s, "           token ", &m.request_value, m.offset, "")?;
    }
    Ok(())
}

fn credential(
    out: &mut dyn Write,
    s: &dyn TextStyle,
    t: &CredentialTrace,
    tag: &str,
) -> fmt::Result {
    out.write_str("  ")?;
    mark(
        out,
        s,
        match t.outcome {
            CredentialOutcome::Matched => Some(true),
            CredentialOutcome::NotEvaluated | CredentialOutcome::NotCompared => None,
            _ => Some(false),
        },
    )?;
    write!(out, " {}: {}", credential_name(t), outcome_words(t.outcome))?;
    s.paint(
        out,
        Tone::Quiet,
        &format!("{tag}  at {}", s.place(Some(&t.pointer), Some(t.span))),
    )?;
    out.write_char('\n')?;
    if let Some(why) = &t.not_evaluated {
        out.write_str("      ")?;
        s.paint(out, Tone::Quiet, why)?;
        out.write_char('\n')?;
        return Ok(());
    }
    for (label, v) in [
        ("issuer", &t.issuer),
        ("audience", &t.audience),
        ("subject", &t.subject),
    ] {
        if let Some(v) = v {
            value(out, s, label, v)?;
        }
    }
    for c in &t.clauses {
        out.write_str("      ")?;
        mark(out, s, Some(c.outcome == ClauseOutcome::Holds))?;
        writeln!(out, " {}", c.text)?;
        match (&c.near_miss, c.outcome) {
            (Some(m), _) => marked(out, s, "           token ", &m.request_value, m.offset, "")?,
            (None, ClauseOutcome::ClaimMissing) => {
                writeln!(out, "           the token has no `{}` claim", c.claim)?;
            }
            _ => {}
        }
    }
    Ok(())
}

/// Each credential against the token: the matched or closest one first, then the others.
pub fn credentials(out: &mut dyn Write, r: &AzureReport<'_>, s: &dyn TextStyle) -> fmt::Result {
    let Some(trace) = r.credentials else {
        return Ok(());
    };
    if trace.credentials.is_empty() {
        return Ok(());
    }
    heading(out, s, "Federated identity credentials")?;
    out.write_char('\n')?;
    let first = trace.matched.or(trace.closest);
    if let Some(t) = first.and_then(|i| trace.credential(i)) {
        let tag = if trace.matched.is_some() {
            " (matched)"
        } else {
            " (closest)"
        };
        credential(out, s, t, tag)?;
    }
    for t in trace.credentials.iter().filter(|t| Some(t.index) != first) {
        credential(out, s, t, "")?;
    }
    Ok(())
}
