//! The human-readable form of an [`Analysis`]: the verdict first, then the stages, the
//! token, the provider, the trust-policy trace with near misses marked, hints and
//! diagnostics.

use std::io::{self, Write};

use oidc_trust::api::AccountSource;
use oidc_trust::api::{
    Analysis, ConditionTrace, NearMiss, PolicyTrace, StageStatus, StatementTrace,
};
use oidc_trust::aws::eval::{Applies, Decision};
use oidc_trust::explain::aws::{outcome_name, stage_name};
use oidc_trust::{Diagnostic, Severity};

use crate::input::{self, Source};
use crate::style::Style;

/// Where the policy text the diagnostics and statements point into came from.
#[derive(Debug, Clone)]
pub enum Locator {
    /// A policy file: spans are positions in it.
    File(Source),
    /// A policy embedded as a JSON object at `prefix` in a request file: pointers are
    /// looked up there.
    Embedded {
        /// The request file.
        source: Source,
        /// The pointer of the policy in it.
        prefix: String,
    },
    /// Only the pointer is meaningful (a policy given as a string inside a request).
    Pointer(String),
}

impl Locator {
    /// `file:line:col` for a policy location.
    pub fn place(&self, pointer: Option<&str>, span: Option<oidc_trust::json::Span>) -> String {
        match self {
            Locator::File(source) => match span {
                Some(s) => format!("{}:{}:{}", source.name, s.line, s.column),
                None => source.name.clone(),
            },
            Locator::Embedded { source, prefix } => {
                let found =
                    pointer.and_then(|p| input::locate(&source.text, &format!("{prefix}{p}")));
                match found {
                    Some(s) => format!("{}:{}:{}", source.name, s.line, s.column),
                    None => source.name.clone(),
                }
            }
            Locator::Pointer(name) => name.clone(),
        }
    }
}

/// What the renderer needs besides the analysis.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// Colours.
    pub style: Style,
    /// Where the policy came from.
    pub locator: &'a Locator,
    /// Assumptions to repeat in the output.
    pub notes: &'a [String],
    /// Show every condition key and claim.
    pub verbose: bool,
    /// The evaluation time.
    pub now: i64,
}

/// Writes the analysis for a terminal.
pub fn analysis(out: &mut dyn Write, a: &Analysis, ctx: &Context<'_>) -> io::Result<()> {
    let s = ctx.style;
    let verdict = if a.accepted {
        s.green(&s.bold("ACCEPTED"))
    } else if a.aws_error.is_none() {
        s.yellow(&s.bold("NO VERDICT"))
    } else {
        s.red(&s.bold("REFUSED"))
    };
    match &a.aws_error {
        Some(e) => writeln!(
            out,
            "{verdict} at the {} stage: AWS returns {}: {}",
            stage_name(a.stage),
            s.bold(&e.code),
            e.message
        )?,
        None => writeln!(
            out,
            "{verdict} (decided at the {} stage)",
            stage_name(a.stage)
        )?,
    }
    writeln!(out, "{}", a.summary)?;
    for note in ctx.notes {
        writeln!(out, "{} {note}", s.yellow("assumed:"))?;
    }

    if !a.stages.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", s.bold("Stages (in the order AWS runs them)"))?;
        for st in &a.stages {
            let (mark, name) = match st.status {
                StageStatus::Passed => (s.green("✓"), stage_name(st.stage)),
                StageStatus::Failed => (s.red("✗"), stage_name(st.stage)),
                StageStatus::NotReached | StageStatus::NotChecked => {
                    (s.dim("·"), stage_name(st.stage))
                }
            };
            let detail = if matches!(st.status, StageStatus::NotReached | StageStatus::NotChecked) {
                s.dim(&st.detail)
            } else {
                st.detail.clone()
            };
            writeln!(out, "  {mark} {name:<15} {detail}")?;
        }
    }

    if let Some(claims) = &a.claims {
        writeln!(out)?;
        writeln!(out, "{}", s.bold("Token"))?;
        if let Some(t) = &a.token {
            let form = match (&t.alg, t.signed) {
                (Some(alg), true) => format!("JWT, `{alg}`, signed (signature not verified)"),
                (Some(alg), false) => format!("JWT, `{alg}`, unsigned"),
                (None, _) => "claims only (no JWT header)".to_owned(),
            };
            writeln!(out, "  {:<5} {form}", "form")?;
        }
        let main = ["iss", "sub", "aud", "azp", "exp"];
        for (name, value) in claims.iter() {
            if !ctx.verbose && !main.contains(&name) {
                continue;
            }
            let mut text = claim_text(value);
            if let ("exp" | "iat" | "nbf", Some(t)) = (name, value.as_i64()) {
                text = format!("{text} ({}, {})", utc(t), relative(t, ctx.now));
            }
            writeln!(out, "  {name:<5} {text}")?;
        }
    }

    if let Some(p) = &a.provider {
        writeln!(out)?;
        writeln!(out, "{}", s.bold("Provider"))?;
        writeln!(out, "  arn       {}", p.arn)?;
        let source = match p.account_source {
            AccountSource::RoleArn => "from the role ARN",
            AccountSource::Request => "given with --account",
            AccountSource::ProviderArn => "from the provider ARN",
            AccountSource::Policy => "from the policy's Federated principal",
            AccountSource::Unknown => "unknown",
        };
        writeln!(
            out,
            "  account   {} ({source})",
            p.account.as_deref().unwrap_or("?")
        )?;
        writeln!(out, "  clients   {}", p.client_ids.join(", "))?;
    }

    if ctx.verbose && !a.condition_keys.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", s.bold("Condition keys AWS puts in the request"))?;
        for k in &a.condition_keys {
            let v = match &k.values {
                Some(v) => v.join(", "),
                None => s.dim("(absent: the token has no such claim)"),
            };
            writeln!(out, "  {}  {v}", k.key)?;
        }
    }

    if let Some(trace) = &a.policy {
        policy_trace(out, trace, ctx)?;
    }
    if let Some(trace) = &a.tag_session {
        policy_trace(out, trace, ctx)?;
    }

    hints(out, a, ctx)?;

    if !a.diagnostics.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", s.bold("Diagnostics"))?;
        for d in &a.diagnostics {
            diagnostic(out, d, ctx.locator, s, "  ")?;
        }
    }
    Ok(())
}

fn claim_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn decision_text(d: Decision) -> &'static str {
    match d {
        Decision::Allow => "allow",
        Decision::ExplicitDeny => "explicit deny",
        Decision::ImplicitDeny => "implicit deny (no statement allows)",
    }
}

fn policy_trace(out: &mut dyn Write, trace: &PolicyTrace, ctx: &Context<'_>) -> io::Result<()> {
    let s = ctx.style;
    writeln!(out)?;
    let decision = match trace.decision {
        Decision::Allow => s.green(decision_text(trace.decision)),
        _ => s.red(decision_text(trace.decision)),
    };
    writeln!(
        out,
        "{} {}: {decision}{}",
        s.bold("Trust policy for"),
        s.bold(&trace.action),
        if trace.complete {
            ""
        } else {
            " (incomplete: a condition could not be evaluated)"
        }
    )?;
    for st in &trace.statements {
        statement(out, st, ctx)?;
    }
    Ok(())
}

fn statement(out: &mut dyn Write, st: &StatementTrace, ctx: &Context<'_>) -> io::Result<()> {
    let s = ctx.style;
    let effect = match st.effect {
        Some(oidc_trust::aws::policy::Effect::Allow) => "Allow",
        Some(oidc_trust::aws::policy::Effect::Deny) => "Deny",
        None => "(no valid Effect)",
    };
    let sid = st
        .sid
        .as_ref()
        .map(|sid| format!(" \"{sid}\""))
        .unwrap_or_default();
    let applies = match st.applies {
        Applies::Yes => s.green("applies"),
        Applies::No => s.red("does not apply"),
        Applies::Unknown => s.yellow("might apply (not fully evaluated)"),
    };
    let place = ctx.locator.place(Some(&st.pointer), Some(st.span));
    writeln!(
        out,
        "  statement {}{sid} {effect}: {applies}  {}",
        st.index,
        s.dim(&place)
    )?;
    if let Some(why) = &st.invalid {
        writeln!(out, "    {} {why}", s.red("invalid:"))?;
    }
    let check = |m: bool| if m { s.green("✓") } else { s.red("✗") };
    writeln!(
        out,
        "    {} principal  {}{}",
        check(st.principal.matched),
        if st.principal.values.is_empty() {
            "(none)".to_owned()
        } else {
            st.principal.values.join(", ")
        },
        if st.principal.matched {
            String::new()
        } else {
            s.dim(&format!(
                "  (the token's provider is {})",
                st.principal.request
            ))
        }
    )?;
    writeln!(
        out,
        "    {} action     {}{}",
        check(st.action.matched),
        st.action.values.join(", "),
        if st.action.matched {
            String::new()
        } else {
            s.dim(&format!("  (the request is {})", st.action.request))
        }
    )?;
    for c in &st.conditions {
        condition(out, c, ctx)?;
    }
    Ok(())
}

fn condition(out: &mut dyn Write, c: &ConditionTrace, ctx: &Context<'_>) -> io::Result<()> {
    let s = ctx.style;
    let mark = match c.holds {
        Some(true) => s.green("✓"),
        Some(false) => s.red("✗"),
        None => s.yellow("?"),
    };
    let values = c
        .values
        .iter()
        .map(|v| format!("\"{v}\""))
        .collect::<Vec<_>>()
        .join(", ");
    writeln!(out, "    {mark} {} {} {values}", c.operator, c.key)?;
    let status = match c.holds {
        Some(true) => s.green(outcome_name(c.outcome)),
        Some(false) => s.red(outcome_name(c.outcome)),
        None => s.yellow(outcome_name(c.outcome)),
    };
    writeln!(out, "        {status}: {}", c.explanation)?;
    if let Some(nm) = &c.near_miss {
        near_miss(out, nm, s)?;
    }
    Ok(())
}

/// Shows where the request value and the closest policy value part ways, with carets
/// under the differing parts (and colour when on).
fn near_miss(out: &mut dyn Write, nm: &NearMiss, s: Style) -> io::Result<()> {
    let split = |text: &str, at: usize| -> (String, String) {
        let head: String = text.chars().take(at).collect();
        let tail: String = text.chars().skip(at).collect();
        (head, tail)
    };
    let (p_head, p_tail) = split(&nm.value, nm.value_offset);
    let (r_head, r_tail) = split(&nm.request_value, nm.offset);
    let carets = |n: usize| "^".repeat(n.max(1));
    writeln!(
        out,
        "        near miss: the closest policy value differs from the token here"
    )?;
    writeln!(out, "          policy  {p_head}{}", s.mark(&p_tail))?;
    writeln!(
        out,
        "                  {}{} {}",
        " ".repeat(p_head.chars().count()),
        s.red(&carets(p_tail.chars().count())),
        if nm.expected.is_empty() {
            "expected the value to end here".to_owned()
        } else {
            format!("expected `{}`", nm.expected)
        }
    )?;
    writeln!(out, "          token   {r_head}{}", s.mark(&r_tail))?;
    writeln!(
        out,
        "                  {}{} {}",
        " ".repeat(r_head.chars().count()),
        s.red(&carets(r_tail.chars().count())),
        if nm.found.is_empty() {
            "found the end of the value".to_owned()
        } else {
            format!("found `{}`", nm.found)
        }
    )?;
    Ok(())
}

/// Near-miss hints: what to change, with the JSON path and the closest value.
fn hints(out: &mut dyn Write, a: &Analysis, ctx: &Context<'_>) -> io::Result<()> {
    let s = ctx.style;
    if a.hints.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    writeln!(out, "{}", s.bold("Hints"))?;
    for h in &a.hints {
        let place = match h.source {
            oidc_trust::diagnostic::Source::Policy => {
                format!(" {}", ctx.locator.place(Some(&h.pointer), h.span))
            }
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
            s.cyan("hint"),
            h.code,
            s.dim(&format!("{place}{pointer}")),
            h.message
        )?;
        if let (Some(closest), Some(value), Some(offset)) = (&h.closest, &h.request_value, h.offset)
        {
            let head: String = value.chars().take(offset).collect();
            let tail: String = value.chars().skip(offset).collect();
            writeln!(out, "      closest  {closest}")?;
            writeln!(out, "      token    {head}{}", s.mark(&tail))?;
            writeln!(
                out,
                "               {}{}",
                " ".repeat(head.chars().count()),
                s.red(&"^".repeat(tail.chars().count().max(1)))
            )?;
        }
        writeln!(out, "      {} {}", s.green("fix:"), h.fix)?;
    }
    Ok(())
}

/// One diagnostic: `severity[code] place pointer: message`, then its help.
pub fn diagnostic(
    out: &mut dyn Write,
    d: &Diagnostic,
    locator: &Locator,
    s: Style,
    indent: &str,
) -> io::Result<()> {
    let place = match d.source {
        oidc_trust::diagnostic::Source::Policy => {
            let p = locator.place(d.pointer.as_deref(), d.span);
            format!(" {}", s.dim(&p))
        }
        oidc_trust::diagnostic::Source::Token => format!(" {}", s.dim("token")),
        oidc_trust::diagnostic::Source::Providers => format!(" {}", s.dim("providers")),
        oidc_trust::diagnostic::Source::Request => format!(" {}", s.dim("request")),
        oidc_trust::diagnostic::Source::Call => format!(" {}", s.dim("call")),
        oidc_trust::diagnostic::Source::Rcp => format!(
            " {}",
            s.dim(&format!("rcp {}", d.document.map_or(0, |i| i + 1)))
        ),
    };
    let pointer = match d.pointer.as_deref() {
        Some("") => " /".to_owned(),
        Some(p) => format!(" {p}"),
        None => String::new(),
    };
    writeln!(
        out,
        "{indent}{}[{}]{place}{}: {}",
        s.severity(d.severity),
        d.code,
        s.dim(&pointer),
        d.message
    )?;
    if let Some(help) = &d.help {
        writeln!(out, "{indent}    {} {help}", s.cyan("help:"))?;
    }
    Ok(())
}

/// Counts by severity.
pub fn count(diagnostics: &[Diagnostic]) -> (usize, usize, usize) {
    let n = |sev| diagnostics.iter().filter(|d| d.severity == sev).count();
    (n(Severity::Error), n(Severity::Warning), n(Severity::Info))
}

pub use oidc_trust::time::utc;

/// `in 4 min` / `3 h ago`, relative to `now`.
///
/// This is deliberately not the core's [`oidc_trust::time::relative`] (`5 min before`),
/// though both use the core's [`oidc_trust::time::duration`] for the words. The core
/// places a time relative to the evaluation time, which in the playground is often not the
/// present (it defaults to the token's `iat`), so its phrase needs the reference after it
/// ("5 min before the evaluation time"). The CLI's evaluation time is `--now`, the present
/// moment as far as the command is concerned, so the phrase stands alone after a date and
/// reads as people say it: `exp ... (2026-09-21 14:17:20 UTC, in 4 min)`, `expired 3 h ago`.
pub fn relative(t: i64, now: i64) -> String {
    let d = t.saturating_sub(now);
    let words = oidc_trust::time::duration(d);
    if d >= 0 {
        format!("in {words}")
    } else {
        format!("{words} ago")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(utc(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(utc(1_790_000_240), "2026-09-21 14:17:20 UTC");
        assert_eq!(utc(951_782_400), "2000-02-29 00:00:00 UTC");
        assert_eq!(relative(100, 40), "in 1 min");
        assert_eq!(relative(0, 7200), "2 h ago");
        assert_eq!(relative(0, 7290), "2 h 1 min ago");
    }
}
