//! The text summary.

use std::io::{self, Write};

use super::{
    blocked_text, code_counts, expired, finding_place, provider_counts, severity_counts,
    token_facts,
};
use crate::input::Source;
use crate::scan::export::{Export, Role};
use crate::scan::lines::LineIndex;
use crate::scan::radius::TokenReport;
use crate::style::Style;

/// The text summary: the roles, the findings by code, with `--roles` every OIDC role and
/// its findings, and what each token could assume.
pub(crate) fn text_summary(
    out: &mut dyn Write,
    s: Style,
    source: &Source,
    export: &Export,
    reports: &[TokenReport],
    now: i64,
    list_roles: bool,
) -> io::Result<()> {
    let oidc = export.oidc_roles();
    let lines = LineIndex::new(&source.text);
    writeln!(
        out,
        "{} ({}): {} roles, {} trust an OIDC provider",
        s.bold(&source.name),
        export.format,
        export.roles.len(),
        s.bold(&oidc.len().to_string())
    )?;
    for (url, n) in provider_counts(export) {
        writeln!(out, "  {n:>6}  {url}")?;
    }
    let wild: Vec<&&Role> = oidc.iter().filter(|r| r.wildcard).collect();
    if !wild.is_empty() {
        writeln!(
            out,
            "  {:>6}  {}",
            wild.len(),
            s.red("any principal or any provider (`*`): anyone with a token from any provider in the account")
        )?;
        for r in wild.iter().take(10) {
            writeln!(
                out,
                "          {}  {}",
                r.name,
                s.dim(r.arn.as_deref().unwrap_or(&r.pointer))
            )?;
        }
        if wild.len() > 10 {
            writeln!(
                out,
                "          ... and {} more (--roles lists them)",
                wild.len() - 10
            )?;
        }
    }
    for p in &export.problems {
        let (line, column) = lines.line_column(p.offset);
        writeln!(
            out,
            "  {} {}:{line}:{column} ({}): {}",
            s.yellow("skipped:"),
            source.name,
            p.pointer,
            p.message
        )?;
    }

    let (errors, warnings, infos) = severity_counts(&oidc);
    let with = oidc.iter().filter(|r| !r.diagnostics.is_empty()).count();
    writeln!(out)?;
    writeln!(
        out,
        "{} {errors} errors, {warnings} warnings, {infos} info in {with} of {} OIDC roles",
        s.bold("Findings:"),
        oidc.len()
    )?;
    for (code, sev, roles, n) in code_counts(&oidc) {
        writeln!(
            out,
            "  {:<8} {code:<36} {roles} role{} ({n} finding{})",
            s.severity(sev),
            if roles == 1 { "" } else { "s" },
            if n == 1 { "" } else { "s" }
        )?;
    }

    if list_roles {
        writeln!(out)?;
        writeln!(out, "{}", s.bold("Roles trusting an OIDC provider"))?;
        for r in &oidc {
            let mut providers = r.providers.join(", ");
            if r.wildcard {
                providers = if providers.is_empty() {
                    "*".to_owned()
                } else {
                    format!("{providers}, *")
                };
            }
            writeln!(
                out,
                "  {}  {}  [{providers}]",
                r.name,
                s.dim(r.arn.as_deref().unwrap_or(&r.pointer))
            )?;
            for d in &r.diagnostics {
                writeln!(
                    out,
                    "      {}[{}] {} {}: {}",
                    s.severity(d.severity),
                    d.code,
                    s.dim(&finding_place(source, &lines, r, d)),
                    s.dim(d.pointer.as_deref().unwrap_or("")),
                    d.message
                )?;
            }
        }
    }

    for t in reports {
        writeln!(out)?;
        match &t.token.claims {
            Ok(c) => {
                let (sub, iss, aud, exp) = token_facts(c);
                let expiry = exp.map_or_else(String::new, |e| {
                    if expired(e, now) {
                        format!(", expired {}", crate::render::relative(e, now))
                    } else {
                        format!(", expires {}", crate::render::relative(e, now))
                    }
                });
                writeln!(
                    out,
                    "{} {}: sub {} (iss {iss}, aud {aud}{expiry})",
                    s.bold("Token"),
                    t.token.label,
                    s.bold(&sub)
                )?;
            }
            Err(_) => writeln!(out, "{} {}", s.bold("Token"), t.token.label)?,
        }
        match &t.result {
            Err(b) => writeln!(
                out,
                "  {} {}",
                s.yellow("assumes nothing:"),
                blocked_text(b)
            )?,
            Ok(list) if list.is_empty() => {
                writeln!(out, "  {}", s.green("could assume no role"))?;
            }
            Ok(list) => {
                writeln!(
                    out,
                    "  {}",
                    s.red(&format!(
                        "could assume {} role{}:",
                        list.len(),
                        if list.len() == 1 { "" } else { "s" }
                    ))
                )?;
                for a in list {
                    let Some(r) = export.roles.get(a.role) else {
                        continue;
                    };
                    let st = a
                        .statement
                        .map(|i| format!(" (statement {i})"))
                        .unwrap_or_default();
                    writeln!(
                        out,
                        "    {}  {}{}",
                        r.name,
                        s.dim(r.arn.as_deref().unwrap_or(&r.pointer)),
                        s.dim(&st)
                    )?;
                }
            }
        }
    }
    Ok(())
}
