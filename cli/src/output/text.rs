//! `file:line:col: severity[code]: message (policy: pointer)`, then the help.

use std::io::{self, Write};

use super::FileReport;
use crate::render;
use crate::style::Style;

pub(super) fn write(out: &mut dyn Write, reports: &[FileReport], s: Style) -> io::Result<()> {
    let mut totals = (0, 0, 0);
    for r in reports {
        for f in &r.findings {
            let d = &f.diagnostic;
            let logical = f.logical();
            let logical = if logical.is_empty() {
                String::new()
            } else {
                format!(" ({logical})")
            };
            writeln!(
                out,
                "{}: {}[{}]: {}{}",
                f.place(&r.name),
                s.severity(d.severity),
                d.code,
                d.message,
                s.dim(&logical)
            )?;
            if let Some(help) = &d.help {
                writeln!(out, "    {} {help}", s.cyan("help:"))?;
            }
        }
        let diagnostics: Vec<_> = r.findings.iter().map(|f| f.diagnostic.clone()).collect();
        let (e, w, i) = render::count(&diagnostics);
        totals = (totals.0 + e, totals.1 + w, totals.2 + i);
    }
    let files = reports.len();
    let clean = reports.iter().filter(|r| r.findings.is_empty()).count();
    writeln!(
        out,
        "{} file{} linted, {clean} clean: {} error{}, {} warning{}, {} info",
        files,
        plural(files),
        totals.0,
        plural(totals.0),
        totals.1,
        plural(totals.1),
        totals.2
    )
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
