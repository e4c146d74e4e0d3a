//! Code frames, as cargo and ruff print them: where a finding is, the source line, and a
//! caret under the place.
//!
//! ```text
//!   --> trust.json:12:11
//!    |
//! 12 |           "token.actions.githubusercontent.com:sub": "repo:acme/*"
//!    |           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
//! ```

use std::collections::HashMap;
use std::fmt::{self, Write};
use std::path::PathBuf;

use crate::iac::Site;
use crate::style::Style;

/// The widest part of a line a frame shows; longer lines (minified JSON) are cut around
/// the place.
const WIDTH: usize = 100;

/// Writes `--> place`, the line of `text` where `site` starts, and carets under the site
/// (to the end of the line when it spans several). Nothing when the line does not exist.
pub fn write(out: &mut dyn Write, s: Style, indent: &str, text: &str, site: &Site) -> fmt::Result {
    let Some(line) = text.lines().nth(site.line.saturating_sub(1)) else {
        return Ok(());
    };
    let chars: Vec<char> = line
        .chars()
        .map(|c| if c == '\t' { ' ' } else { c })
        .collect();
    let start = site.column.saturating_sub(1).min(chars.len());
    let end = if site.end_line == site.line && site.end_column > site.column {
        (site.end_column - 1).min(chars.len())
    } else {
        chars.len()
    };
    // Cut a long line to a window around the place.
    let from = if chars.len() > WIDTH {
        start.saturating_sub(WIDTH / 3)
    } else {
        0
    };
    let to = (from + WIDTH).min(chars.len());
    let mut shown: String = chars.get(from..to).unwrap_or_default().iter().collect();
    let mut offset = start - from;
    if from > 0 {
        shown.insert(0, '…');
        offset += 1;
    }
    if to < chars.len() {
        shown.push('…');
    }
    let carets = end.min(to).saturating_sub(start).max(1);
    let number = site.line.to_string();
    let pad = " ".repeat(number.len());
    writeln!(
        out,
        "{indent}{pad}{} {}:{}:{}",
        s.cyan("-->"),
        site.file,
        site.line,
        site.column
    )?;
    writeln!(out, "{indent}{pad} {}", s.cyan("|"))?;
    writeln!(
        out,
        "{indent}{} {} {}",
        s.cyan(&number),
        s.cyan("|"),
        shown.trim_end()
    )?;
    writeln!(
        out,
        "{indent}{pad} {} {}{}",
        s.cyan("|"),
        " ".repeat(offset),
        s.red(&"^".repeat(carets))
    )
}

/// The texts of the files frames point into, read once each: by the name a site gives,
/// as a path from the working directory or from one of the roots (`--source-root`).
#[derive(Debug, Default)]
pub struct Sources {
    roots: Vec<PathBuf>,
    texts: HashMap<String, Option<String>>,
}

impl Sources {
    /// Files are looked for as named, then under each root.
    pub fn new(roots: Vec<PathBuf>) -> Self {
        Sources {
            roots,
            texts: HashMap::new(),
        }
    }

    /// Adds a text already read (the input itself, standard input).
    pub fn insert(&mut self, name: &str, text: &str) {
        self.texts.insert(name.to_owned(), Some(text.to_owned()));
    }

    /// The text of the file a site names, if it can be read.
    pub fn text(&mut self, file: &str) -> Option<&str> {
        if !self.texts.contains_key(file) {
            let found = std::iter::once(PathBuf::from(file))
                .chain(self.roots.iter().map(|r| r.join(file)))
                .find_map(|p| std::fs::read_to_string(p).ok());
            self.texts.insert(file.to_owned(), found);
        }
        self.texts.get(file).and_then(|t| t.as_deref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn carets_sit_under_the_place() {
        let text = "{\n  \"a\": \"bc\"\n}";
        let site = Site::of_range("f.json", text, 9, 13);
        let mut out = String::new();
        write(&mut out, Style::plain(), "", text, &site).unwrap();
        assert_eq!(
            out,
            " --> f.json:2:8\n  |\n2 |   \"a\": \"bc\"\n  |        ^^^^\n"
        );
    }

    #[test]
    fn long_lines_are_cut_around_the_place() {
        let text = format!("{}X{}", "a".repeat(300), "b".repeat(300));
        let site = Site::point("f", 1, 301);
        let mut out = String::new();
        write(&mut out, Style::plain(), "", &text, &site).unwrap();
        let lines: Vec<&str> = out.lines().collect();
        let code = lines.get(2).unwrap();
        let caret = lines.get(3).unwrap();
        assert!(code.contains('…'));
        assert_eq!(
            code.chars().position(|c| c == 'X'),
            caret.chars().position(|c| c == '^')
        );
    }
}
