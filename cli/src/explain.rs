//! `oidc-trust explain CODE`: what a code means, in the terminal (the lint's documentation
//! page from the core's registry, as `ruff rule` and `rustc --explain` print theirs);
//! without a code, every code with its level, group and summary.

use std::io::{self, Write};

use oidc_trust::codes::{self, Code, CodeKind, Group};

use crate::style::Style;

/// Arguments of `oidc-trust explain`.
#[derive(Debug, Clone, clap::Args)]
#[command(
    about = "Say what a code means and how to fix it (a lint's documentation page)",
    long_about = "Print the documentation of a code: for a lint, its page (what it does, why it \
is bad, an example, the fix, references); for an input diagnostic or a hint, what it reports. \
Without a code, list every code with its level, group and one-line summary.",
    after_long_help = "EXAMPLES:\n  \
oidc-trust explain wildcard-subject\n  \
oidc-trust explain                       # every code\n\n\
EXIT STATUS:\n  \
0  printed\n  \
2  no such code"
)]
pub struct ExplainArgs {
    /// The code (`wildcard-subject`), as findings and hints name it.
    #[arg(value_name = "CODE")]
    pub code: Option<String>,
}

/// Runs the command; returns the exit status.
pub fn run(
    args: &ExplainArgs,
    style: Style,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<i32> {
    let Some(id) = &args.code else {
        list(out, style)?;
        return Ok(0);
    };
    let Some(code) = codes::code(id.trim()) else {
        let closest = codes::CODES
            .iter()
            .map(|c| (strsim::levenshtein(c.id, id), c.id))
            .min()
            .filter(|(d, _)| *d <= 4)
            .map(|(_, c)| format!("; did you mean `{c}`?"))
            .unwrap_or_default();
        writeln!(
            err,
            "error: no code `{id}`{closest} (`oidc-trust explain` lists every code)"
        )?;
        return Ok(2);
    };
    page(out, code, style)?;
    Ok(0)
}

fn kind_name(kind: CodeKind) -> &'static str {
    match kind {
        CodeKind::Input => "input diagnostic",
        CodeKind::Lint => "lint",
        CodeKind::Hint => "hint (on a refusal, what to change)",
    }
}

fn level_name(level: oidc_trust::Severity) -> &'static str {
    match level {
        oidc_trust::Severity::Error => "error",
        oidc_trust::Severity::Warning => "warning",
        oidc_trust::Severity::Info => "info",
    }
}

/// One code's page: a header line, then the documentation (Markdown headings in bold).
fn page(out: &mut dyn Write, code: &Code, s: Style) -> io::Result<()> {
    writeln!(
        out,
        "{}  {}, {}, group {} ({})",
        s.bold(code.id),
        kind_name(code.kind),
        level_name(code.level),
        code.group.title(),
        code.group.id()
    )?;
    writeln!(out)?;
    if let Some(docs) = code.docs {
        let mut lines = docs.lines().peekable();
        // The page's own `# id` title repeats the header.
        if lines.peek().is_some_and(|l| l.starts_with("# ")) {
            lines.next();
            if lines.peek().is_some_and(|l| l.trim().is_empty()) {
                lines.next();
            }
        }
        for line in lines {
            match line.strip_prefix("## ") {
                Some(h) => writeln!(out, "{}", s.bold(h))?,
                None => writeln!(out, "{line}")?,
            }
        }
    } else {
        let mut summary = code.summary.to_owned();
        if let Some(first) = summary.get_mut(..1) {
            first.make_ascii_uppercase();
        }
        writeln!(out, "{summary}.")?;
        let who = match code.kind {
            CodeKind::Input => {
                "Reported when oidc-trust reads the inputs (the token, the policy, the request, the providers)."
            }
            CodeKind::Hint => {
                "Reported by `analyze` under \"What to change\" when AWS would refuse, with the closest value and the fix."
            }
            CodeKind::Lint => "",
        };
        writeln!(out, "{who}")?;
    }
    if let Some(url) = code.docs_url() {
        writeln!(out)?;
        writeln!(out, "{}", s.dim(&url))?;
    }
    Ok(())
}

/// Every code, by group.
fn list(out: &mut dyn Write, s: Style) -> io::Result<()> {
    for group in Group::ORDER {
        writeln!(out, "{} ({})", s.bold(group.title()), group.id())?;
        for c in codes::CODES.iter().filter(|c| c.group == group) {
            writeln!(
                out,
                "  {:<36} {:<7} {:<5} {}",
                c.id,
                level_name(c.level),
                match c.kind {
                    CodeKind::Input => "input",
                    CodeKind::Lint => "lint",
                    CodeKind::Hint => "hint",
                },
                c.summary
            )?;
        }
        writeln!(out)?;
    }
    writeln!(
        out,
        "{}",
        s.dim("`oidc-trust explain CODE` prints a code's page; `lint --select`/`--ignore` take codes and group names")
    )
}
