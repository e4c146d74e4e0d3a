//! The human-readable form of an [`Analysis`]: the verdict first, then the stages, the
//! token, the provider, the trust-policy trace with near misses marked, hints and
//! diagnostics. The verdict, stages, trace and hints are the core's text
//! ([`oidc_trust::explain::aws::text`], also what a failing test assertion prints), in the
//! terminal's colours and with file positions.

use std::fmt;
use std::io::{self, Write};

use oidc_trust::api::{AccountSource, Analysis};
use oidc_trust::explain::aws::text::{self, TextStyle, Tone};
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

/// The core's text style, painted with the terminal's colours and placed by the locator.
struct Marks<'a> {
    style: Style,
    locator: &'a Locator,
}

impl TextStyle for Marks<'_> {
    fn paint(&self, out: &mut dyn fmt::Write, tone: Tone, text: &str) -> fmt::Result {
        let s = self.style;
        out.write_str(&match tone {
            Tone::Plain => text.to_owned(),
            Tone::Heading => s.bold(text),
            Tone::Good => s.green(text),
            Tone::Bad => s.red(text),
            Tone::Unsure => s.yellow(text),
            Tone::Quiet => s.dim(text),
            Tone::Label => s.cyan(text),
            Tone::Differs => s.mark(text),
            Tone::Accepted => s.green(&s.bold(text)),
            Tone::Refused => s.red(&s.bold(text)),
            Tone::NoVerdict => s.yellow(&s.bold(text)),
        })
    }

    fn place(&self, pointer: Option<&str>, span: Option<oidc_trust::json::Span>) -> String {
        self.locator.place(pointer, span)
    }
}

/// Writes the analysis for a terminal: the core's text (verdict, stages, trace, hints)
/// with the assumptions, the token, the provider and the findings between its parts.
pub fn analysis(out: &mut dyn Write, a: &Analysis, ctx: &Context<'_>) -> io::Result<()> {
    let s = ctx.style;
    let marks = Marks {
        style: s,
        locator: ctx.locator,
    };
    let report = a.report();
    let core = |out: &mut dyn Write,
                part: fn(&mut dyn fmt::Write, &text::Report<'_>, &dyn TextStyle) -> fmt::Result|
     -> io::Result<()> {
        let mut buf = String::new();
        part(&mut buf, &report, &marks).map_err(io::Error::other)?;
        out.write_all(buf.as_bytes())
    };
    core(out, text::verdict)?;
    for note in ctx.notes {
        writeln!(out, "{} {note}", s.yellow("assumed:"))?;
    }
    core(out, text::stages)?;

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

    core(out, text::traces)?;
    core(out, text::hints)?;

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
