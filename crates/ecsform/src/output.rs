//! Where output goes: data to stdout, diagnostics and progress to stderr, colour only
//! when wanted.

use std::io::{IsTerminal, Write};

use clap::ValueEnum;
use ecsform_spec::{Loaded, Severity, SpecDiagnostic};
use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme};

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Always (even through a pipe).
    Always,
    /// Never.
    Never,
}

/// The process's outputs.
#[derive(Debug)]
pub struct Out {
    /// Colour in data on stdout (a human plan).
    color: bool,
    /// Colour on stderr (diagnostics, logs, progress).
    color_err: bool,
    width: usize,
}

impl Out {
    pub fn new(choice: ColorChoice) -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let stderr_tty = std::io::stderr().is_terminal();
        // Each stream on its own: `ecsform plan > plan.txt` on a terminal keeps the
        // file free of escape codes, and the diagnostics on the terminal coloured.
        let wanted = |tty: bool| match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => tty && !no_color,
        };
        let color = wanted(std::io::stdout().is_terminal());
        let color_err = wanted(stderr_tty);
        // A fixed width off a terminal keeps logs and snapshots stable.
        let width = if stderr_tty {
            terminal_width().unwrap_or(100)
        } else {
            100
        };
        Self {
            color,
            color_err,
            width,
        }
    }

    /// Whether data on stdout is coloured.
    pub fn color(&self) -> bool {
        self.color
    }

    /// Whether stderr is coloured.
    pub fn color_err(&self) -> bool {
        self.color_err
    }

    fn handler(&self) -> GraphicalReportHandler {
        let theme = if self.color_err {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        GraphicalReportHandler::new_themed(theme)
            .with_width(self.width)
            .with_links(false)
    }

    /// Writes data to stdout.
    pub fn data(&self, text: &str) -> std::io::Result<()> {
        let mut stdout = std::io::stdout().lock();
        stdout.write_all(text.as_bytes())?;
        stdout.flush()
    }

    /// Writes a line to stderr.
    pub fn status(&self, line: &str) {
        let _ = writeln!(std::io::stderr().lock(), "{line}");
    }

    /// Renders a diagnostic to stderr.
    pub fn diagnostic(&self, diagnostic: &dyn Diagnostic) {
        let mut s = String::new();
        if self.handler().render_report(&mut s, diagnostic).is_err() {
            s = format!("{diagnostic}\n");
        }
        let _ = write!(std::io::stderr().lock(), "{s}");
    }

    /// Renders a report (the CLI's own errors).
    pub fn report(&self, report: &miette::Report) {
        self.diagnostic(report.as_ref());
    }

    /// Renders every problem of a loaded stack and a closing count; returns whether the
    /// stack may be used (no error, and no warning when `strict`).
    pub fn problems(&self, loaded: &Loaded, what: &str, strict: bool) -> bool {
        for p in &loaded.problems {
            self.diagnostic(&SpecDiagnostic::new(p, &loaded.sources));
        }
        let errors = loaded.count(Severity::Error);
        let warnings = loaded.count(Severity::Warning);
        let ok = errors == 0 && (!strict || warnings == 0);
        if errors > 0 || warnings > 0 {
            let verdict = if ok { "warning" } else { "error" };
            self.status(&format!(
                "{verdict}: {what}: {}, {}{}",
                plural(errors, "error"),
                plural(warnings, "warning"),
                if strict && errors == 0 && warnings > 0 {
                    " (--strict)"
                } else {
                    ""
                }
            ));
        }
        ok
    }
}

pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn terminal_width() -> Option<usize> {
    std::env::var("COLUMNS").ok()?.parse().ok()
}
