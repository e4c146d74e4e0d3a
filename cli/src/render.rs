//! The human-readable form of an [`Analysis`], answer first: the headline in the user's
//! words (accepted, accepted with warnings, refused by AWS, can't decide), AWS's answer,
//! what to change (the fix, then where), why (the deciding policy's trace), the findings
//! grouped (Security, Will never match, Style...) with the ones that follow from a hint
//! folded under it, and what was not checked. `--verbose` adds every stage, the token,
//! the provider, the condition keys with where each value comes from, and every trace.
//!
//! The headline, the stages, the traces and the hints are the core's text
//! ([`oidc_trust::explain::aws::text`], also what a failing test assertion prints), in the
//! terminal's colours, with file positions and code frames.

use std::fmt::{self, Write as _};
use std::io::{self, Write};

use oidc_trust::api::{AccountSource, Analysis, CallCheck, Hint, KeySource, Stage, VerdictState};
use oidc_trust::codes::{self, CodeKind, Group};
use oidc_trust::diagnostic::Source as Input;
use oidc_trust::explain::aws::check_name;
use oidc_trust::explain::aws::text::{self, TextStyle, Tone};
use oidc_trust::json::Span;
use oidc_trust::{Diagnostic, Severity};

use crate::iac::Site;
use crate::input::{self, Source, TimeBasis};
use crate::rcp::RcpDocument;
use crate::style::Style;

/// Where the trust policy the diagnostics and statements point into came from.
#[derive(Debug, Clone)]
pub enum Place {
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
    /// Only the pointer is meaningful (a policy given as a string inside a request, or
    /// rendered from a plan or template).
    Pointer(String),
}

impl Place {
    /// The file's name.
    pub fn name(&self) -> &str {
        match self {
            Place::File(s) | Place::Embedded { source: s, .. } => &s.name,
            Place::Pointer(n) => n,
        }
    }

    /// The site of a place in the policy, in its file.
    fn site(&self, pointer: Option<&str>, span: Option<Span>) -> Option<Site> {
        match self {
            Place::File(source) => {
                span.map(|s| Site::of_range(&source.name, &source.text, s.start, s.end))
            }
            Place::Embedded { source, prefix } => pointer
                .and_then(|p| input::locate(&source.text, &format!("{prefix}{p}")))
                .map(|s| Site::of_range(&source.name, &source.text, s.start, s.end)),
            Place::Pointer(_) => None,
        }
    }

    /// The text of the file, when there is one.
    fn text(&self) -> Option<&str> {
        match self {
            Place::File(s) | Place::Embedded { source: s, .. } => Some(&s.text),
            Place::Pointer(_) => None,
        }
    }
}

/// Where the policies of an analysis came from: the trust policy and the RCP files.
#[derive(Debug, Clone)]
pub struct Locator {
    /// The trust policy.
    pub policy: Place,
    /// The RCPs, in the request's order.
    pub rcps: Vec<RcpDocument>,
    /// The provider settings' file, when they came from one (a Vault mount's
    /// configuration, a Google IAM policy): findings about them are placed there.
    pub providers: Option<Place>,
}

impl Locator {
    /// A trust policy's place and the RCPs read from files.
    pub fn new(policy: Place, rcps: Vec<RcpDocument>) -> Self {
        Locator {
            policy,
            rcps,
            providers: None,
        }
    }

    /// The same, with the provider settings read from a file.
    #[must_use]
    pub fn with_providers(self, providers: Place) -> Self {
        Locator {
            providers: Some(providers),
            ..self
        }
    }

    /// A locator for a policy known only by name.
    pub fn named(name: &str) -> Self {
        Locator::new(Place::Pointer(name.to_owned()), Vec::new())
    }

    /// `file:line:col` for a trust-policy location.
    pub fn place(&self, pointer: Option<&str>, span: Option<Span>) -> String {
        match self.policy.site(pointer, span) {
            Some(s) => format!("{}:{}:{}", s.file, s.line, s.column),
            None => self.policy.name().to_owned(),
        }
    }

    /// `file:line:col` for a location in RCP `index`.
    pub fn rcp_place(&self, index: usize, span: Option<Span>) -> String {
        match self.rcps.get(index) {
            Some(r) => r.place(span),
            None => match span {
                Some(s) => format!("RCP {}, line {}", index + 1, s.line),
                None => format!("RCP {}", index + 1),
            },
        }
    }

    /// The file a finding is about and its site there: the trust policy's, an RCP's.
    pub fn site(&self, d: &Diagnostic) -> (String, Option<Site>) {
        self.site_of(d.source, d.document, d.pointer.as_deref(), d.span)
    }

    fn site_of(
        &self,
        source: Input,
        document: Option<usize>,
        pointer: Option<&str>,
        span: Option<Span>,
    ) -> (String, Option<Site>) {
        match (source, document.and_then(|i| self.rcps.get(i))) {
            (Input::Rcp, Some(r)) => {
                let site = r.file_range(span).map(|(start, end)| match &r.embedded {
                    None => Site::of_range(&r.file, &r.text, start, end),
                    Some(e) => Site::of_range(&r.file, &r.file_text, e.span.start, e.span.end),
                });
                (r.file.clone(), site)
            }
            (Input::Policy, _) => (
                self.policy.name().to_owned(),
                self.policy.site(pointer, span),
            ),
            (Input::Providers, _) if self.providers.is_some() => {
                let p = self.providers.as_ref();
                (
                    p.map_or_else(String::new, |p| p.name().to_owned()),
                    p.and_then(|p| p.site(pointer, span)),
                )
            }
            _ => (self.policy.name().to_owned(), None),
        }
    }

    /// The text a site of this analysis is in.
    fn text_of(&self, source: Input, document: Option<usize>) -> Option<&str> {
        match (source, document.and_then(|i| self.rcps.get(i))) {
            (Input::Rcp, Some(r)) => Some(&r.file_text),
            (Input::Policy, _) => self.policy.text(),
            (Input::Providers, _) => self.providers.as_ref().and_then(Place::text),
            _ => None,
        }
    }
}

/// What the renderer needs besides the analysis.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// Colours.
    pub style: Style,
    /// Where the policies came from.
    pub locator: &'a Locator,
    /// Assumptions to repeat in the output.
    pub notes: &'a [String],
    /// Where the evaluation time came from.
    pub time: TimeBasis,
    /// Show every stage, claim, condition key and trace.
    pub verbose: bool,
    /// The evaluation time.
    pub now: i64,
    /// For a token AWS refuses as expired: the analysis as if it were fresh, and when.
    pub fresh: Option<(&'a Analysis, i64)>,
}

/// The core's text style, painted with the terminal's colours, placed by the locator, with
/// code frames.
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
            Tone::NoVerdict | Tone::Warned => s.yellow(&s.bold(text)),
        })
    }

    fn place(&self, pointer: Option<&str>, span: Option<Span>) -> String {
        self.locator.place(pointer, span)
    }

    fn rcp_place(&self, index: usize, _pointer: Option<&str>, span: Option<Span>) -> String {
        self.locator.rcp_place(index, span)
    }

    fn frame(
        &self,
        out: &mut dyn fmt::Write,
        indent: &str,
        source: Input,
        document: Option<usize>,
        pointer: &str,
        span: Option<Span>,
    ) -> fmt::Result {
        let (_, site) = self.locator.site_of(source, document, Some(pointer), span);
        match (site, self.locator.text_of(source, document)) {
            (Some(site), Some(text)) => crate::frame::write(out, self.style, indent, text, &site),
            _ => Ok(()),
        }
    }
}

/// Writes a piece of the core's text.
fn core(
    out: &mut dyn Write,
    report: &text::Report<'_>,
    marks: &Marks<'_>,
    part: fn(&mut dyn fmt::Write, &text::Report<'_>, &dyn TextStyle) -> fmt::Result,
) -> io::Result<()> {
    let mut buf = String::new();
    part(&mut buf, report, marks).map_err(io::Error::other)?;
    out.write_all(buf.as_bytes())
}

/// Writes the analysis for a terminal, answer first.
pub fn analysis(out: &mut dyn Write, a: &Analysis, ctx: &Context<'_>) -> io::Result<()> {
    let s = ctx.style;
    let marks = Marks {
        style: s,
        locator: ctx.locator,
    };
    let report = a.report();
    core(out, &report, &marks, text::headline)?;
    core(out, &report, &marks, text::aws_answer)?;
    if let Some((fresh, at)) = ctx.fresh {
        fresh_line(out, fresh, at, &marks)?;
    }
    writeln!(out, "  {}", s.dim(&ctx.time.note(ctx.now)))?;
    for note in ctx.notes {
        writeln!(out, "{} {note}", s.yellow("assumed:"))?;
    }
    if a.state == VerdictState::Undecided {
        input_error_frame(out, a, &marks)?;
        let flags = missing_flags(a);
        if !flags.is_empty() {
            writeln!(out, "  {} give {}", s.green("fix:"), flags.join(", "))?;
        }
    }

    // What to change: this analysis's hints, then those of the token as if fresh.
    let mut hints: Vec<Hint> = a.hints.clone();
    if let Some((fresh, _)) = ctx.fresh {
        for h in &fresh.hints {
            if !hints
                .iter()
                .any(|g| g.code == h.code && g.pointer == h.pointer)
            {
                hints.push(h.clone());
            }
        }
    }
    let mut buf = String::new();
    text::hint_list(&mut buf, &hints, &marks).map_err(io::Error::other)?;
    out.write_all(buf.as_bytes())?;

    if ctx.verbose {
        core(out, &report, &marks, text::stages)?;
        token(out, a, ctx)?;
        provider(out, a, s)?;
        condition_keys(out, a, s)?;
        let traced = ctx.fresh.map_or(a, |(f, _)| f);
        core(out, &traced.report(), &marks, text::traces)?;
    } else {
        why(out, ctx.fresh.map_or(a, |(f, _)| f), &marks)?;
    }
    findings(out, &a.diagnostics, headline_error(a), &hints, ctx)?;
    not_checked(out, a, s)?;
    if !ctx.verbose {
        writeln!(
            out,
            "\n{}",
            s.dim("--verbose: every stage, the token, the provider, the condition keys and each policy's trace")
        )?;
    }
    Ok(())
}

/// Any target's answer: the headline and the cloud's answer, then (after the caller's
/// lines) what to change and, with `verbose`, every stage. `part` picks which.
pub fn overview(
    out: &mut dyn Write,
    o: &oidc_trust::explain::text::Overview<'_>,
    locator: &Locator,
    style: Style,
    part: OverviewPart,
) -> io::Result<()> {
    use oidc_trust::explain::text as shared;
    let marks = Marks { style, locator };
    let mut buf = String::new();
    match part {
        OverviewPart::Headline => shared::overview_headline(&mut buf, o, &marks),
        OverviewPart::Hints => shared::hint_list(&mut buf, o.hints, &marks),
        OverviewPart::Stages => shared::overview_stages(&mut buf, o, &marks),
    }
    .map_err(io::Error::other)?;
    out.write_all(buf.as_bytes())
}

/// What the cloud compared (`--verbose` for the other targets): the core's
/// [`oidc_trust::api::AnyAnalysis::trace_text`], in the CLI's colours and places.
pub fn trace(
    out: &mut dyn Write,
    analysis: &oidc_trust::api::AnyAnalysis,
    locator: &Locator,
    style: Style,
) -> io::Result<()> {
    let marks = Marks { style, locator };
    let mut buf = String::new();
    analysis
        .trace_text(&mut buf, &marks)
        .map_err(io::Error::other)?;
    out.write_all(buf.as_bytes())
}

/// A part of [`overview`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OverviewPart {
    /// The headline and the cloud's answer.
    Headline,
    /// What to change.
    Hints,
    /// Every stage.
    Stages,
}

/// The headline and AWS's answer alone (`--format concise`).
pub fn headline(out: &mut dyn Write, a: &Analysis, ctx: &Context<'_>) -> io::Result<()> {
    let marks = Marks {
        style: ctx.style,
        locator: ctx.locator,
    };
    let report = a.report();
    core(out, &report, &marks, text::headline)?;
    core(out, &report, &marks, text::aws_answer)
}

/// For a token AWS refuses as expired: what the trust policy would say of it fresh.
fn fresh_line(out: &mut dyn Write, fresh: &Analysis, at: i64, marks: &Marks<'_>) -> io::Result<()> {
    let mut head = String::new();
    text::headline(&mut head, &fresh.report(), &Plainly).map_err(io::Error::other)?;
    let would = match fresh.state {
        VerdictState::Accepted | VerdictState::AcceptedWithWarnings => "would accept it",
        VerdictState::Refused => "would refuse it",
        VerdictState::Undecided => "could not be decided",
    };
    let why = head
        .split_once(": ")
        .map_or(head.trim(), |(_, why)| why.trim());
    writeln!(
        out,
        "  {} had it been fresh (at its `iat`, {}), AWS {would}: {why}",
        marks.style.bold("AWS refuses it as expired;"),
        oidc_trust::time::utc(at)
    )
}

/// The core's text without colour or places, for a sentence inside another.
struct Plainly;

impl TextStyle for Plainly {
    fn place(&self, _pointer: Option<&str>, _span: Option<Span>) -> String {
        String::new()
    }
}

/// The flags that give what an undecided answer depends on: each key the request leaves
/// unknown that a condition tests, and the role ARN a `Resource` needs.
fn missing_flags(a: &Analysis) -> Vec<String> {
    let traces = a.policy.iter().chain(a.rcps.iter().map(|r| &r.policy));
    let mut out: Vec<String> = Vec::new();
    let mut add = |flag: String| {
        if !out.contains(&flag) {
            out.push(flag);
        }
    };
    for t in traces.filter(|t| !t.complete) {
        for st in &t.statements {
            if st.resource.as_ref().is_some_and(|r| r.matched.is_none()) {
                add("--role-arn (the role the `Resource` is matched against)".to_owned());
            }
            for c in st
                .conditions
                .iter()
                .filter(|c| c.outcome == oidc_trust::api::OutcomeKind::KeyUnknown)
            {
                let key = c.key.to_ascii_lowercase();
                let flag = match key.as_str() {
                    "aws:sourceip" => "--source-ip",
                    "aws:vpcsourceip" => "--source-ip with --vpc-endpoint",
                    "aws:sourcevpce" | "aws:sourcevpc" | "aws:sourcevpcarn" => "--vpc-endpoint",
                    "aws:requestedregion" => "--region",
                    "sts:rolesessionname" => "--session-name",
                    k if k.starts_with("aws:resourcetag/") => "--role-tag KEY=VALUE",
                    k if k.starts_with("aws:resource") => "--role-arn",
                    _ => continue,
                };
                add(format!("{flag} (`{}`)", c.key));
            }
        }
    }
    out
}

/// The input error a "can't decide" headline shows the place of.
fn headline_error(a: &Analysis) -> Option<&Diagnostic> {
    if a.state != VerdictState::Undecided {
        return None;
    }
    a.diagnostics.iter().find(|d| {
        d.severity == Severity::Error
            && codes::group_of(d.code) == Group::Invalid
            && matches!(d.source, Input::Policy | Input::Rcp)
    })
}

/// Under a "can't decide" headline: the place of the input error, as a code frame.
fn input_error_frame(out: &mut dyn Write, a: &Analysis, marks: &Marks<'_>) -> io::Result<()> {
    let Some(d) = headline_error(a) else {
        return Ok(());
    };
    let mut buf = String::new();
    marks
        .frame(
            &mut buf,
            "  ",
            d.source,
            d.document,
            d.pointer.as_deref().unwrap_or(""),
            d.span,
        )
        .map_err(io::Error::other)?;
    out.write_all(buf.as_bytes())
}

/// Why, by default: the trace of the policy that decided a refusal (the trust policy, or
/// the RCPs that deny), or of the incomplete trust policy.
fn why(out: &mut dyn Write, a: &Analysis, marks: &Marks<'_>) -> io::Result<()> {
    let report = a.report();
    let denying: Vec<_> = a
        .rcps
        .iter()
        .filter(|r| r.policy.decision == oidc_trust::aws::eval::Decision::ExplicitDeny)
        .cloned()
        .collect();
    let open: Vec<_> = a
        .rcps
        .iter()
        .filter(|r| !r.policy.complete)
        .cloned()
        .collect();
    let policy_open = a.policy.as_ref().is_some_and(|p| !p.complete);
    let shown = match (a.state, a.stage) {
        (VerdictState::Undecided, _) if !open.is_empty() && !policy_open => text::Report {
            policy: None,
            tag_session: None,
            rcps: &open,
            ..report
        },
        (VerdictState::Refused | VerdictState::Undecided, Stage::Policy) => text::Report {
            rcps: &[],
            ..report
        },
        (VerdictState::Refused, Stage::Rcp) => text::Report {
            policy: None,
            tag_session: None,
            rcps: &denying,
            ..report
        },
        _ => return Ok(()),
    };
    core(out, &shown, marks, text::traces)
}

/// The findings, grouped, most serious group first; those that follow from a hint are
/// folded (counted, named, listed with `--verbose`).
pub fn findings(
    out: &mut dyn Write,
    diagnostics: &[Diagnostic],
    headlined: Option<&Diagnostic>,
    hints: &[Hint],
    ctx: &Context<'_>,
) -> io::Result<()> {
    let s = ctx.style;
    if diagnostics.is_empty() {
        return Ok(());
    }
    let (shown, folded): (Vec<&Diagnostic>, Vec<&Diagnostic>) = diagnostics
        .iter()
        .partition(|d| ctx.verbose || follows_from(d, hints).is_none());
    writeln!(out)?;
    writeln!(
        out,
        "{} {}",
        s.bold("Findings"),
        s.dim(&format!("({})", tally(diagnostics)))
    )?;
    let marks = Marks {
        style: s,
        locator: ctx.locator,
    };
    for group in Group::ORDER {
        let mut in_group: Vec<&&Diagnostic> = shown
            .iter()
            .filter(|d| codes::group_of(d.code) == group)
            .collect();
        if in_group.is_empty() {
            continue;
        }
        in_group.sort_by_key(|d| {
            (
                d.severity,
                d.source != Input::Policy,
                d.span.map(|s| s.start),
            )
        });
        writeln!(out, "  {}", s.bold(group.title()))?;
        // Style and notes are one line each unless --verbose.
        // The input error a "can't decide" headline framed is not framed twice.
        let framed = ctx.verbose || !matches!(group, Group::Style | Group::Note);
        for d in in_group {
            let is_headline = Some(*d) == headlined;
            finding(out, d, ctx.locator, &marks, framed && !is_headline)?;
        }
    }
    if !folded.is_empty() {
        let mut names: Vec<String> = Vec::new();
        for d in &folded {
            let n = folded.iter().filter(|f| f.code == d.code).count();
            let name = if n > 1 {
                format!("{} ×{n}", d.code)
            } else {
                d.code.to_owned()
            };
            if !names.contains(&name) {
                names.push(name);
            }
        }
        let causes: Vec<&str> =
            folded
                .iter()
                .filter_map(|d| follows_from(d, hints))
                .fold(Vec::new(), |mut v, c| {
                    if !v.contains(&c) {
                        v.push(c);
                    }
                    v
                });
        writeln!(
            out,
            "  {}",
            s.dim(&format!(
                "{} more follow{} from {} under What to change: {} (--verbose lists them)",
                folded.len(),
                if folded.len() == 1 { "s" } else { "" },
                causes
                    .iter()
                    .map(|c| format!("hint[{c}]"))
                    .collect::<Vec<_>>()
                    .join(", "),
                names.join(", ")
            ))
        )?;
    }
    Ok(())
}

/// The hint a finding follows from, if one explains it: a lint on a statement whose
/// principal names another provider (one wrong provider makes every key of the
/// statement a mismatch), or a finding of the same kind at the very place a hint already
/// is (one mistake, one entry: `wildcard-without-like-operator` under
/// `wildcard-under-string-equals`).
fn follows_from(d: &Diagnostic, hints: &[Hint]) -> Option<&'static str> {
    if d.source != Input::Policy {
        return None;
    }
    let pointer = d.pointer.as_deref()?;
    let statement = |p: &str| -> Option<String> {
        let mut parts = p.split('/').skip(1);
        match (parts.next(), parts.next()) {
            (Some("Statement"), Some(i)) => Some(format!("/Statement/{i}")),
            _ => None,
        }
    };
    hints
        .iter()
        .filter(|h| h.source == Input::Policy)
        .find(|h| {
            let lint = codes::code(d.code).is_some_and(|c| c.kind == CodeKind::Lint);
            (h.pointer == pointer && codes::group_of(h.code) == codes::group_of(d.code))
                || (h.code == codes::PRINCIPAL_MISMATCH
                    && lint
                    && statement(&h.pointer).is_some()
                    && statement(&h.pointer) == statement(pointer))
        })
        .map(|h| h.code)
}

/// One finding: `severity[code]: message`, then its code frame and help; or one line.
fn finding(
    out: &mut dyn Write,
    d: &Diagnostic,
    locator: &Locator,
    marks: &Marks<'_>,
    framed: bool,
) -> io::Result<()> {
    let s = marks.style;
    let mut buf = String::new();
    let place = place_of(d, locator);
    if framed {
        let _ = writeln!(
            buf,
            "    {}[{}]: {}",
            s.severity(d.severity),
            d.code,
            d.message
        );
        if let Some(help) = &d.help {
            let _ = writeln!(buf, "      {} {help}", s.green("fix:"));
        }
        let pointer = d.pointer.as_deref().unwrap_or("");
        let has_frame = {
            let before = buf.len();
            marks
                .frame(&mut buf, "      ", d.source, d.document, pointer, d.span)
                .map_err(io::Error::other)?;
            buf.len() > before
        };
        if !has_frame {
            let _ = writeln!(buf, "      {}", s.dim(&format!("at {place}")));
        }
        if !pointer.is_empty() {
            let _ = writeln!(buf, "      {}", s.dim(&format!("= {pointer}")));
        }
    } else {
        let _ = writeln!(
            buf,
            "    {}[{}] {}: {}",
            s.severity(d.severity),
            d.code,
            s.dim(&place),
            d.message
        );
    }
    out.write_all(buf.as_bytes())
}

/// What the request left out, so was not checked: the call's parameters (with the flag
/// that gives each), the RCPs.
fn not_checked(out: &mut dyn Write, a: &Analysis, s: Style) -> io::Result<()> {
    let flag = |c: CallCheck| match c {
        CallCheck::RoleArn => Some("--role-arn"),
        CallCheck::RoleSessionName => Some("--session-name"),
        CallCheck::DurationSeconds => Some("--duration"),
        CallCheck::MaxSessionDuration => Some("--max-session-duration"),
        _ => None,
    };
    let mut parts: Vec<String> = a
        .call
        .not_checked
        .iter()
        .map(|&c| match flag(c) {
            Some(f) => format!("`{}` ({f})", check_name(c)),
            None => format!("`{}`", check_name(c)),
        })
        .collect();
    let rcp_unchecked = a
        .stages
        .iter()
        .any(|st| st.stage == Stage::Rcp && st.status == oidc_trust::api::StageStatus::NotChecked);
    if rcp_unchecked {
        parts.push("resource control policies (--rcp)".to_owned());
    }
    if parts.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    writeln!(
        out,
        "{} {}",
        s.dim("not checked, as not given:"),
        s.dim(&parts.join(", "))
    )
}

/// The token, under `--verbose`: its form and claims, times as dates.
fn token(out: &mut dyn Write, a: &Analysis, ctx: &Context<'_>) -> io::Result<()> {
    let Some(claims) = &a.claims else {
        return Ok(());
    };
    writeln!(out)?;
    writeln!(out, "{}", ctx.style.bold("Token"))?;
    let width = claims
        .iter()
        .map(|(name, _)| name.chars().count())
        .max()
        .unwrap_or(0)
        .max(4);
    if let Some(t) = &a.token {
        let form = match (&t.alg, t.signed) {
            (Some(alg), true) => format!("JWT, `{alg}`, signed (signature not verified)"),
            (Some(alg), false) => format!("JWT, `{alg}`, unsigned"),
            (None, _) => "claims only (no JWT header)".to_owned(),
        };
        writeln!(out, "  {:<width$} {form}", "form")?;
    }
    for (name, value) in claims.iter() {
        let mut text = claim_text(value);
        if let ("exp" | "iat" | "nbf", Some(t)) = (name, value.as_i64()) {
            text = format!(
                "{text} ({}, {} the evaluation time)",
                utc(t),
                oidc_trust::time::relative(t, ctx.now)
            );
        }
        writeln!(out, "  {name:<width$} {text}")?;
    }
    Ok(())
}

/// The provider, under `--verbose`: an IAM OIDC provider or one of AWS's built-in ones.
fn provider(out: &mut dyn Write, a: &Analysis, s: Style) -> io::Result<()> {
    let Some(p) = &a.provider else {
        return Ok(());
    };
    writeln!(out)?;
    writeln!(out, "{}", s.bold("Provider"))?;
    if p.built_in {
        writeln!(
            out,
            "  built-in  `{}`: one of AWS's built-in providers, no IAM OIDC provider and no client-id list",
            p.url
        )?;
        return Ok(());
    }
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
    Ok(())
}

/// Every condition key, under `--verbose`, with where its value comes from.
fn condition_keys(out: &mut dyn Write, a: &Analysis, s: Style) -> io::Result<()> {
    if a.condition_keys.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    writeln!(out, "{}", s.bold("Condition keys AWS puts in the request"))?;
    let width = a
        .condition_keys
        .iter()
        .map(|k| k.key.chars().count())
        .max()
        .unwrap_or(0);
    for k in &a.condition_keys {
        let (source, tone) = match k.source {
            KeySource::Token => ("token", false),
            KeySource::Call => ("call", false),
            KeySource::Caller => ("caller", false),
            KeySource::Clock => ("clock", false),
            KeySource::Assumed => ("assumed", true),
            KeySource::Unknown => ("unknown", true),
        };
        let v = match (&k.values, k.source) {
            (Some(v), _) => v.join(", "),
            (None, KeySource::Unknown) => {
                s.dim("(not known offline: conditions on it are undecided)")
            }
            (None, _) => s.dim("(absent: the token has no such claim)"),
        };
        let source = format!("{source:<7}");
        let source = if tone {
            s.yellow(&source)
        } else {
            s.dim(&source)
        };
        writeln!(out, "  {:<width$}  {source}  {v}", k.key)?;
    }
    Ok(())
}

fn claim_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Where a finding is: `file:line:col` in the trust policy's or an RCP's file, else the
/// input it is about (`token`, `call`...).
fn place_of(d: &Diagnostic, locator: &Locator) -> String {
    match d.source {
        Input::Policy | Input::Rcp => {
            let (file, site) = locator.site(d);
            site.map_or(file, |st| format!("{}:{}:{}", st.file, st.line, st.column))
        }
        Input::Providers if locator.providers.is_some() => {
            let (file, site) = locator.site(d);
            site.map_or(file, |st| format!("{}:{}:{}", st.file, st.line, st.column))
        }
        Input::Token => "token".to_owned(),
        Input::Providers => "providers".to_owned(),
        Input::Request => "request".to_owned(),
        Input::Call => "call".to_owned(),
    }
}

/// One diagnostic on one line: `severity[code] place pointer: message`, then its help.
pub fn diagnostic(
    out: &mut dyn Write,
    d: &Diagnostic,
    locator: &Locator,
    s: Style,
    indent: &str,
) -> io::Result<()> {
    let place = format!(" {}", s.dim(&place_of(d, locator)));
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

/// `1 error, 2 warnings, 1 info`, the counts that are not zero.
pub fn tally(diagnostics: &[Diagnostic]) -> String {
    let (e, w, i) = count(diagnostics);
    let mut parts = Vec::new();
    if e > 0 {
        parts.push(format!("{e} error{}", plural(e)));
    }
    if w > 0 {
        parts.push(format!("{w} warning{}", plural(w)));
    }
    if i > 0 {
        parts.push(format!("{i} info"));
    }
    parts.join(", ")
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
/// ("5 min before the evaluation time"). `scan` reports expiry against the present, so the
/// phrase stands alone after a date and reads as people say it: `expired 3 h ago`.
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
