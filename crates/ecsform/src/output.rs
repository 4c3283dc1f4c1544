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
    /// Values of sensitive variables, masked in everything written.
    masked: std::sync::Mutex<Vec<String>>,
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
            masked: std::sync::Mutex::new(Vec::new()),
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

    /// From now on, shows `(sensitive)` instead of these values (those of the stack's
    /// `sensitiveVariables`), in every form a view may have escaped them into.
    pub fn mask(&self, values: impl IntoIterator<Item = String>) {
        let Ok(mut masked) = self.masked.lock() else {
            return;
        };
        for v in values.into_iter().filter(|v| !v.is_empty()) {
            let json = serde_json::to_string(&v).unwrap_or_default();
            let json = json.trim_matches('"').to_owned();
            let xml = crate::views::escape_xml(&v);
            for form in [v, json, xml] {
                if !masked.contains(&form) {
                    masked.push(form);
                }
            }
        }
        // Longest first: a value containing another is replaced whole.
        masked.sort_by_key(|v| std::cmp::Reverse(v.len()));
    }

    /// Masks the live values that sensitive values replace: a changed field whose new
    /// value holds a sensitive value has its old value masked too (a rotated password
    /// shows as `(sensitive)` on both sides).
    pub fn mask_plan(&self, plan: &ecsform_plan::Plan) {
        fn leaves<'a>(v: &'a serde_json::Value, out: &mut Vec<&'a str>) {
            match v {
                serde_json::Value::String(s) => out.push(s),
                serde_json::Value::Array(items) => items.iter().for_each(|i| leaves(i, out)),
                serde_json::Value::Object(m) => m.values().for_each(|i| leaves(i, out)),
                _ => {}
            }
        }
        let current = self.sensitive_values();
        if current.is_empty() {
            return;
        }
        let mut old = Vec::new();
        for field in plan.changes.iter().flat_map(|c| &c.changes) {
            let (Some(after), Some(before)) = (&field.after, &field.before) else {
                continue;
            };
            let mut new_leaves = Vec::new();
            leaves(after, &mut new_leaves);
            if !new_leaves
                .iter()
                .any(|l| current.iter().any(|m| l.contains(m.as_str())))
            {
                continue;
            }
            let mut old_leaves = Vec::new();
            leaves(before, &mut old_leaves);
            old.extend(
                old_leaves
                    .into_iter()
                    .filter(|l| !new_leaves.contains(l))
                    .map(str::to_owned),
            );
        }
        self.mask(old);
    }

    /// A copy of a plan for display, with every sensitive value masked in its documents
    /// (before views cut long values: a cut could otherwise leave part of one).
    pub fn masked_plan(&self, plan: &ecsform_plan::Plan) -> ecsform_plan::Plan {
        if self.sensitive_values().is_empty() {
            return plan.clone();
        }
        let Ok(mut doc) = serde_json::to_value(plan) else {
            return plan.clone();
        };
        self.mask_value(&mut doc);
        serde_json::from_value(doc).unwrap_or_else(|_| plan.clone())
    }

    /// Masks every sensitive value in the strings of a document.
    pub fn mask_value(&self, v: &mut serde_json::Value) {
        match v {
            serde_json::Value::String(s) => {
                let m = self.masked(s);
                if m != *s {
                    *s = m;
                }
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(|i| self.mask_value(i)),
            serde_json::Value::Object(m) => m.values_mut().for_each(|i| self.mask_value(i)),
            _ => {}
        }
    }

    /// The masked values (for a saved plan).
    pub fn sensitive_values(&self) -> Vec<String> {
        self.masked.lock().map(|m| m.clone()).unwrap_or_default()
    }

    /// `text` with every sensitive value replaced by `(sensitive)`.
    pub fn masked(&self, text: &str) -> String {
        let Ok(masked) = self.masked.lock() else {
            return text.to_owned();
        };
        mask_text(text, &masked)
    }

    /// Writes data to stdout.
    pub fn data(&self, text: &str) -> std::io::Result<()> {
        let mut stdout = std::io::stdout().lock();
        stdout.write_all(self.masked(text).as_bytes())?;
        stdout.flush()
    }

    /// Writes a report file (JUnit, GitLab's, Markdown), masked like stdout.
    pub fn write_file(&self, path: &std::path::Path, text: &str) -> std::io::Result<()> {
        std::fs::write(path, self.masked(text))
    }

    /// Writes a line to stderr.
    pub fn status(&self, line: &str) {
        let _ = writeln!(std::io::stderr().lock(), "{}", self.masked(line));
    }

    /// Renders a diagnostic to stderr.
    pub fn diagnostic(&self, diagnostic: &dyn Diagnostic) {
        let s = self.render(diagnostic);
        let _ = write!(std::io::stderr().lock(), "{s}");
    }

    /// A diagnostic as shown, sensitive values masked: in its texts before miette wraps
    /// them (a value split over two lines escapes a mask of the rendered text), then in
    /// the rendered text (the file excerpts).
    fn render(&self, diagnostic: &dyn Diagnostic) -> String {
        let values = self.sensitive_values();
        let masked;
        let diagnostic = if values.is_empty() {
            diagnostic
        } else {
            masked = MaskedDiagnostic::new(diagnostic, &values);
            &masked as &dyn Diagnostic
        };
        let mut s = String::new();
        if self.handler().render_report(&mut s, diagnostic).is_err() {
            s = format!("{diagnostic}\n");
        }
        mask_text(&s, &values)
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

/// A diagnostic whose message, help, labels, related diagnostics and causes are copies
/// with the sensitive values masked; its code, severity, links and source are the
/// original's.
#[derive(Debug)]
struct MaskedDiagnostic<'a> {
    inner: &'a dyn Diagnostic,
    message: String,
    help: Option<String>,
    labels: Option<Vec<miette::LabeledSpan>>,
    related: Vec<MaskedDiagnostic<'a>>,
    cause: Option<Box<MaskedCause>>,
}

impl<'a> MaskedDiagnostic<'a> {
    fn new(inner: &'a dyn Diagnostic, values: &[String]) -> Self {
        let mask = |t: &dyn std::fmt::Display| mask_text(&t.to_string(), values);
        let labels = inner.labels().map(|ls| {
            ls.map(|l| {
                let text = l.label().map(|t| mask_text(t, values));
                if l.primary() {
                    miette::LabeledSpan::new_primary_with_span(text, *l.inner())
                } else {
                    miette::LabeledSpan::new_with_span(text, *l.inner())
                }
            })
            .collect()
        });
        let related = inner
            .related()
            .map(|r| r.map(|d| Self::new(d, values)).collect())
            .unwrap_or_default();
        let mut causes = Vec::new();
        let mut next = inner.source();
        while let Some(c) = next {
            causes.push(mask(c));
            next = c.source();
        }
        let cause = causes.into_iter().rev().fold(None, |below, message| {
            Some(Box::new(MaskedCause { message, below }))
        });
        Self {
            inner,
            message: mask(inner),
            help: inner.help().map(|h| mask(&h)),
            labels,
            related,
            cause,
        }
    }
}

impl std::fmt::Display for MaskedDiagnostic<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for MaskedDiagnostic<'_> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.cause
            .as_deref()
            .map(|c| c as &(dyn std::error::Error + 'static))
    }
}

impl Diagnostic for MaskedDiagnostic<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        self.inner.code()
    }
    fn severity(&self) -> Option<miette::Severity> {
        self.inner.severity()
    }
    fn help<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        self.help
            .as_deref()
            .map(|h| Box::new(h) as Box<dyn std::fmt::Display + 'b>)
    }
    fn url<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        self.inner.url()
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.inner.source_code()
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        self.labels
            .as_ref()
            .map(|l| Box::new(l.iter().cloned()) as Box<dyn Iterator<Item = _>>)
    }
    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn Diagnostic> + 'b>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(self.related.iter().map(|d| d as &dyn Diagnostic)))
    }
}

/// A cause of a masked diagnostic: its message masked, and the cause below it.
#[derive(Debug)]
struct MaskedCause {
    message: String,
    below: Option<Box<MaskedCause>>,
}

impl std::fmt::Display for MaskedCause {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for MaskedCause {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.below
            .as_deref()
            .map(|c| c as &(dyn std::error::Error + 'static))
    }
}

/// `text` with each of `values` replaced by `(sensitive)`.
pub fn mask_text(text: &str, values: &[String]) -> String {
    let mut out = text.to_owned();
    for v in values {
        if out.contains(v.as_str()) {
            out = out.replace(v.as_str(), "(sensitive)");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use miette::WrapErr;

    use super::*;

    #[test]
    fn a_sensitive_value_is_masked_where_a_message_wraps() {
        let out = Out::new(ColorChoice::Never);
        let secret = "correct horse battery staple";
        out.mask([secret.to_owned()]);
        // The value falls where the message wraps (100 columns): rendered, it spans two
        // lines, and masking the rendered text no longer finds it.
        for pad in 60..100 {
            let report = miette::miette!(
                help = format!("{} {secret} again", "h".repeat(pad)),
                "{} {secret} was refused",
                "a".repeat(pad)
            );
            let shown = out.render(report.as_ref());
            assert!(
                !shown.contains("horse") && !shown.contains("staple"),
                "{shown}"
            );
            assert!(shown.contains("(sensitive)"), "{shown}");
        }
        // Causes are kept, masked.
        let inner: Result<(), _> = Err(std::io::Error::other(format!("refused: {secret}")));
        let report = miette::IntoDiagnostic::into_diagnostic(inner)
            .wrap_err("cannot apply")
            .err()
            .unwrap_or_else(|| miette::miette!("no error"));
        let shown = out.render(report.as_ref());
        assert!(
            shown.contains("cannot apply") && shown.contains("refused: (sensitive)"),
            "{shown}"
        );
    }
}
