//! Terminal colour: on only when stdout is a terminal and `NO_COLOR` is unset or empty
//! (<https://no-color.org>), unless `--color always|never` says otherwise.

use std::io::IsTerminal;

/// When to colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour when stdout is a terminal and `NO_COLOR` is not set.
    #[default]
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// Paints text with ANSI colours, or leaves it alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    enabled: bool,
}

impl Style {
    /// Decides from the choice, the `NO_COLOR` variable and whether stdout is a terminal.
    pub fn detect(choice: ColorChoice) -> Self {
        Self::decide(choice, std::io::stdout().is_terminal())
    }

    /// The same for text written to stderr.
    pub fn detect_stderr(choice: ColorChoice) -> Self {
        Self::decide(choice, std::io::stderr().is_terminal())
    }

    fn decide(choice: ColorChoice, terminal: bool) -> Self {
        let enabled = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && terminal
            }
        };
        Style { enabled }
    }

    /// No colour.
    pub fn plain() -> Self {
        Style { enabled: false }
    }

    /// Whether colour is on.
    pub fn enabled(self) -> bool {
        self.enabled
    }

    fn paint(self, code: &str, text: &str) -> String {
        if self.enabled {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }

    /// Good news.
    pub fn green(self, text: &str) -> String {
        self.paint("32", text)
    }

    /// Bad news.
    pub fn red(self, text: &str) -> String {
        self.paint("31", text)
    }

    /// Worth a look.
    pub fn yellow(self, text: &str) -> String {
        self.paint("33", text)
    }

    /// Informational.
    pub fn cyan(self, text: &str) -> String {
        self.paint("36", text)
    }

    /// Headings.
    pub fn bold(self, text: &str) -> String {
        self.paint("1", text)
    }

    /// Less important.
    pub fn dim(self, text: &str) -> String {
        self.paint("2", text)
    }

    /// The part of a value that differs.
    pub fn mark(self, text: &str) -> String {
        self.paint("1;4;31", text)
    }

    /// A severity word, coloured by severity.
    pub fn severity(self, severity: oidc_trust::Severity) -> String {
        match severity {
            oidc_trust::Severity::Error => self.paint("1;31", "error"),
            oidc_trust::Severity::Warning => self.paint("1;33", "warning"),
            oidc_trust::Severity::Info => self.paint("1;36", "info"),
        }
    }
}
