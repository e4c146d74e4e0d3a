//! GitHub Actions workflow commands: `::error file=F,line=L,col=C,endLine=..,endColumn=..,title=T::M`,
//! escaped as the actions toolkit escapes them (message: `%`, CR, LF; properties also `:`
//! and `,`).

use std::fmt::Write as _;
use std::io::{self, Write};

use oidc_trust::Severity;

use super::FileReport;

/// Escapes command data (the message).
pub(crate) fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command property value.
pub(crate) fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub(super) fn write(out: &mut dyn Write, reports: &[FileReport]) -> io::Result<()> {
    for r in reports {
        for f in &r.findings {
            let d = &f.diagnostic;
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let mut props = Vec::new();
            match &f.site {
                Some(s) => {
                    props.push(format!("file={}", escape_property(&s.file)));
                    props.push(format!("line={}", s.line));
                    props.push(format!("col={}", s.column));
                    if (s.end_line, s.end_column) > (s.line, s.column) {
                        props.push(format!("endLine={}", s.end_line));
                        props.push(format!("endColumn={}", s.end_column));
                    }
                }
                None => props.push(format!("file={}", escape_property(&r.name))),
            }
            props.push(format!(
                "title={}",
                escape_property(&format!("oidc-trust {}", d.code))
            ));
            let mut message = d.message.clone();
            let logical = f.logical();
            if !logical.is_empty() {
                let _ = write!(message, " ({logical})");
            }
            if let Some(h) = &d.help {
                let _ = write!(message, "\nhelp: {h}");
            }
            writeln!(
                out,
                "::{command} {}::{}",
                props.join(","),
                escape_data(&message)
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_the_toolkit_does() {
        assert_eq!(escape_data("a%b\r\nc:d,e"), "a%25b%0D%0Ac:d,e");
        assert_eq!(escape_property("a%b\nc:d,e"), "a%25b%0Ac%3Ad%2Ce");
    }
}
