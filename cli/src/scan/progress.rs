//! Progress lines on stderr, with the time since the start.

use std::io::{self, Write};

/// Progress lines on stderr, for big files on a terminal.
pub(super) struct Progress {
    enabled: bool,
    start: std::time::Instant,
}

impl Progress {
    #[expect(
        clippy::disallowed_methods,
        reason = "the CLI times its own progress; the core never reads the clock"
    )]
    pub(super) fn new(enabled: bool) -> Self {
        Progress {
            enabled,
            start: std::time::Instant::now(),
        }
    }

    pub(super) fn say(&self, err: &mut dyn Write, what: &str) -> io::Result<()> {
        if self.enabled {
            writeln!(
                err,
                "scan: {what} ({:.0} ms)",
                self.start.elapsed().as_secs_f64() * 1000.0
            )?;
        }
        Ok(())
    }
}
