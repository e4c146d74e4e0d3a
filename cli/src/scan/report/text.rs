//! The text summary.

use std::io::{self, Write};

use super::{
    blocked_text, code_counts, expired, finding_place, provider_counts, severity_counts,
    token_facts,
};
use crate::input::Source;
use crate::scan::export::{Export, Role};
use crate::scan::lines::LineIndex;
use crate::scan::radius::{Rcps, TokenReport};
use crate::style::Style;

/// The text summary: the roles, the findings by code, with `--roles` every OIDC role and
/// its findings, and what each token could assume (red: the roles whose allowing statement
/// does not name the token's repository), and what the RCPs deny.
#[expect(clippy::too_many_arguments, reason = "the summary's inputs, one each")]
pub(crate) fn text_summary(
    out: &mut dyn Write,
    s: Style,
    source: &Source,
    export: &Export,
    reports: &[TokenReport],
    now: i64,
    list_roles: bool,
    rcps: &Rcps,
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
            Ok(all) => {
                let list: Vec<_> = all.iter().filter(|a| a.assumable()).collect();
                let repository = t.token.claims.as_ref().ok().and_then(|c| {
                    c.str("repository")
                        .or_else(|| c.str("project_path"))
                        .map(str::to_owned)
                });
                if list.is_empty() {
                    writeln!(out, "  {}", s.green("could assume no role"))?;
                } else {
                    let head = format!(
                        "could assume {} role{}:",
                        list.len(),
                        if list.len() == 1 { "" } else { "s" }
                    );
                    let stray = list.iter().filter(|a| !a.names_repository).count();
                    // Red only for what the token's repository does not name.
                    let head = if stray > 0 && repository.is_some() {
                        format!(
                            "{head} {}",
                            s.red(&format!(
                                "({stray} do{} not name `{}`)",
                                if stray == 1 { "es" } else { "" },
                                repository.as_deref().unwrap_or_default()
                            ))
                        )
                    } else {
                        s.bold(&head)
                    };
                    writeln!(out, "  {head}")?;
                }
                for a in &list {
                    let Some(r) = export.roles.get(a.role) else {
                        continue;
                    };
                    let st = a
                        .statement
                        .map(|i| format!(" (statement {i})"))
                        .unwrap_or_default();
                    let (name, note) = if a.names_repository || repository.is_none() {
                        (r.name.clone(), String::new())
                    } else {
                        (
                            s.red(&r.name),
                            s.red("  does not name the token's repository"),
                        )
                    };
                    let open = if a.undecided_rcps.is_empty() {
                        String::new()
                    } else {
                        s.yellow(&format!(
                            "  unless {} denies it (it depends on what the export does not say)",
                            rcp_names(rcps, &a.undecided_rcps)
                        ))
                    };
                    writeln!(
                        out,
                        "    {name}  {}{}{note}{open}",
                        s.dim(r.arn.as_deref().unwrap_or(&r.pointer)),
                        s.dim(&st)
                    )?;
                }
                let denied: Vec<_> = all.iter().filter(|a| !a.assumable()).collect();
                if !denied.is_empty() {
                    writeln!(
                        out,
                        "  {}",
                        s.green(&format!(
                            "denied by resource control policies: {} role{} its trust policies let in:",
                            denied.len(),
                            if denied.len() == 1 { "" } else { "s" }
                        ))
                    )?;
                    for a in denied {
                        let (Some(r), Some(d)) = (export.roles.get(a.role), &a.denied_by) else {
                            continue;
                        };
                        writeln!(
                            out,
                            "    {}  {}  `{}` denies `{}` ({})",
                            r.name,
                            s.dim(r.arn.as_deref().unwrap_or(&r.pointer)),
                            rcp_name(rcps, d.rcp),
                            d.action,
                            d.statement
                        )?;
                    }
                }
            }
        }
    }
    Ok(())
}

/// An RCP's name.
pub(super) fn rcp_name(rcps: &Rcps, index: usize) -> String {
    rcps.read
        .get(index)
        .map_or_else(|| format!("RCP {}", index + 1), |r| r.name.clone())
}

fn rcp_names(rcps: &Rcps, list: &[usize]) -> String {
    list.iter()
        .map(|&i| format!("`{}`", rcp_name(rcps, i)))
        .collect::<Vec<_>>()
        .join(" or ")
}
