//! Findings for a terminal. `full` (the default): each finding's message, its fix, the code
//! frame (the source line and a caret under the place) and its JSON pointer, in line order,
//! as cargo and ruff print them. `concise`: one line each,
//! `file:line:col: severity[code]: message (policy: pointer)`, then the help.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::{FileReport, Finding};
use crate::frame::Sources;
use crate::render;
use crate::style::Style;

/// The findings, one line each.
pub(super) fn concise(out: &mut dyn Write, reports: &[FileReport], s: Style) -> io::Result<()> {
    for r in reports {
        for f in &r.findings {
            let d = &f.diagnostic;
            writeln!(
                out,
                "{}: {}[{}]: {}{}",
                f.place(&r.name),
                s.severity(d.severity),
                d.code,
                d.message,
                s.dim(&logical(f))
            )?;
            if let Some(help) = &d.help {
                writeln!(out, "    {} {help}", s.cyan("help:"))?;
            }
        }
    }
    summary(out, reports)
}

/// The findings with code frames.
pub(super) fn full(
    out: &mut dyn Write,
    reports: &[FileReport],
    s: Style,
    sources: &mut Sources,
) -> io::Result<()> {
    let mut codes: Vec<&str> = Vec::new();
    for r in reports {
        for f in &r.findings {
            let d = &f.diagnostic;
            let mut buf = String::new();
            let _ = writeln!(
                buf,
                "{}[{}]: {}",
                s.severity(d.severity),
                d.code,
                s.bold(&d.message)
            );
            if let Some(help) = &d.help {
                let _ = writeln!(buf, "  {} {help}", s.green("fix:"));
            }
            let framed = match &f.site {
                Some(site) => match sources.text(&site.file) {
                    Some(text) => {
                        crate::frame::write(&mut buf, s, "  ", text, site)
                            .map_err(io::Error::other)?;
                        true
                    }
                    None => false,
                },
                None => false,
            };
            if !framed {
                let _ = writeln!(buf, "  {} {}", s.cyan("-->"), f.place(&r.name));
            }
            let logical = f.logical();
            if !logical.is_empty() {
                let _ = writeln!(buf, "  {}", s.dim(&format!("= {logical}")));
            }
            buf.push('\n');
            out.write_all(buf.as_bytes())?;
            if !codes.contains(&d.code) {
                codes.push(d.code);
            }
        }
    }
    summary(out, reports)?;
    if let Some(code) = codes.first() {
        writeln!(
            out,
            "{}",
            s.dim(&format!(
                "`oidc-trust explain {code}` says what a code means and how to fix it"
            ))
        )?;
    }
    Ok(())
}

fn logical(f: &Finding) -> String {
    let logical = f.logical();
    if logical.is_empty() {
        String::new()
    } else {
        format!(" ({logical})")
    }
}

fn summary(out: &mut dyn Write, reports: &[FileReport]) -> io::Result<()> {
    let all: Vec<_> = reports
        .iter()
        .flat_map(|r| r.findings.iter().map(|f| f.diagnostic.clone()))
        .collect();
    let (e, w, i) = render::count(&all);
    let files = reports.len();
    let clean = reports.iter().filter(|r| r.findings.is_empty()).count();
    writeln!(
        out,
        "{} file{} linted, {clean} clean: {} error{}, {} warning{}, {} info",
        files,
        plural(files),
        e,
        plural(e),
        w,
        plural(w),
        i
    )
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
