//! Problems found in stack files: the data behind every diagnostic, independent of how
//! it is rendered.

use crate::raw::Span;

/// Which loaded file a span belongs to (an index into [`crate::Sources`]).
pub type FileId = usize;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Worth a look; fails validation only with `--strict`.
    Warning,
    /// The stack cannot be used.
    Error,
}

/// A labelled place in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// The file.
    pub file: FileId,
    /// The bytes.
    pub span: Span,
    /// What this place is ("referenced here", "defined here").
    pub text: String,
}

/// One problem of a stack, with the places it concerns. The first label is the primary
/// one: the exact value at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Error or warning.
    pub severity: Severity,
    /// A stable code, such as `spec::unknown_target_group`.
    pub code: &'static str,
    /// One sentence saying what is wrong.
    pub message: String,
    /// Where; the first label is the value at fault.
    pub labels: Vec<Label>,
    /// How to fix it, when there is something to say.
    pub help: Option<String>,
}

impl Problem {
    /// An error at one place.
    #[must_use]
    pub fn error(
        code: &'static str,
        message: impl Into<String>,
        file: FileId,
        span: Span,
        label: impl Into<String>,
    ) -> Self {
        Self {
            severity: Severity::Error,
            code,
            message: message.into(),
            labels: vec![Label {
                file,
                span,
                text: label.into(),
            }],
            help: None,
        }
    }

    /// A warning at one place.
    #[must_use]
    pub fn warning(
        code: &'static str,
        message: impl Into<String>,
        file: FileId,
        span: Span,
        label: impl Into<String>,
    ) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(code, message, file, span, label)
        }
    }

    /// Adds a help line.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a help line when there is one.
    #[must_use]
    pub fn with_help_opt(mut self, help: Option<String>) -> Self {
        if help.is_some() {
            self.help = help;
        }
        self
    }

    /// Adds a secondary label.
    #[must_use]
    pub fn with_label(mut self, file: FileId, span: Span, text: impl Into<String>) -> Self {
        self.labels.push(Label {
            file,
            span,
            text: text.into(),
        });
        self
    }

    /// Where the primary label is, for ordering problems by position.
    #[must_use]
    pub fn position(&self) -> (FileId, usize) {
        self.labels
            .first()
            .map_or((0, 0), |l| (l.file, l.span.start))
    }
}

/// How a masked value is shown.
pub const MASK: &str = "(sensitive)";

/// The longest value shown whole between backticks in a message, label or help, in
/// characters (an ECS name has up to 255); a longer one is shown by its first 64 and
/// last 16 characters, with its length.
pub const MAX_QUOTED_CHARS: usize = 256;

/// The longest message, label or help, in characters; a longer one (a list of thousands
/// of names) loses its middle.
pub const MAX_TEXT_CHARS: usize = 2_000;

impl Problem {
    /// Makes the problem's texts fit to show: every value of `secrets` replaced by
    /// `(sensitive)`, then each value quoted in backticks cut short past
    /// [`MAX_QUOTED_CHARS`] (and its line breaks and other control characters escaped),
    /// then the whole text past [`MAX_TEXT_CHARS`]. In that order: a value is masked
    /// whole before any cut could leave a part of it.
    pub fn redact(&mut self, secrets: &[String]) {
        let fit = |text: &mut String| {
            let masked = mask(text, secrets);
            let cut = cut_text(&cut_quoted(&masked));
            if cut != *text {
                *text = cut;
            }
        };
        fit(&mut self.message);
        for l in &mut self.labels {
            fit(&mut l.text);
        }
        if let Some(h) = &mut self.help {
            fit(h);
        }
    }
}

/// `text` with each of `secrets` (longest first) replaced by `(sensitive)`.
#[must_use]
pub fn mask(text: &str, secrets: &[String]) -> String {
    let mut sorted: Vec<&String> = secrets.iter().filter(|s| !s.is_empty()).collect();
    sorted.sort_by_key(|s| std::cmp::Reverse(s.len()));
    let mut out = text.to_owned();
    for s in sorted {
        if out.contains(s.as_str()) {
            out = out.replace(s.as_str(), MASK);
        }
    }
    out
}

/// Each run between backticks shortened to fit [`MAX_QUOTED_CHARS`], its control
/// characters escaped. An odd backtick leaves the rest of the text as it is.
fn cut_quoted(text: &str) -> String {
    if !text.contains('`') {
        return text.to_owned();
    }
    let parts: Vec<&str> = text.split('`').collect();
    let closed = parts.len() % 2 == 1;
    let mut out = String::with_capacity(text.len().min(4 * MAX_TEXT_CHARS));
    // What follows the closing backtick of a value cut short: its length.
    let mut after_close: Option<String> = None;
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out.push('`');
            if let Some(a) = after_close.take() {
                out.push_str(&a);
            }
        }
        let quoted = i % 2 == 1 && (closed || i + 1 < parts.len());
        if !quoted {
            out.push_str(part);
            continue;
        }
        let n = part.chars().count();
        if n <= MAX_QUOTED_CHARS {
            push_escaped(&mut out, part.chars());
            continue;
        }
        push_escaped(&mut out, part.chars().take(64));
        out.push('…');
        push_escaped(&mut out, part.chars().skip(n - 16));
        after_close = Some(format!(" ({n} characters)"));
    }
    out
}

/// Pushes characters, control characters (a line break, a tab) escaped as `\n`, `\t`.
fn push_escaped(out: &mut String, chars: impl Iterator<Item = char>) {
    for c in chars {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
}

/// `text` cut to [`MAX_TEXT_CHARS`], losing its middle.
fn cut_text(text: &str) -> String {
    let n = text.chars().count();
    if n <= MAX_TEXT_CHARS {
        return text.to_owned();
    }
    let head: String = text.chars().take(MAX_TEXT_CHARS - 500).collect();
    let tail: String = text.chars().skip(n - 400).collect();
    format!(
        "{head} … ({} characters left out) … {tail}",
        n - head.chars().count() - 400
    )
}

/// "did you mean `x`?" for a misspelt name, when a candidate is close enough.
#[must_use]
pub fn did_you_mean<'a>(
    given: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    closest(given, candidates).map(|c| format!("did you mean `{c}`?"))
}

/// The candidate closest to `given`, when one is close enough to be a likely typo.
#[must_use]
pub fn closest<'a>(given: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = given.to_ascii_lowercase();
    candidates
        .into_iter()
        .filter(|c| *c != given)
        .map(|c| {
            let score = if c.eq_ignore_ascii_case(given) {
                1.0
            } else {
                strsim::jaro_winkler(&lower, &c.to_ascii_lowercase())
            };
            (score, c)
        })
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_values_are_cut_after_secrets_are_masked() {
        let secret = "s".repeat(200);
        let mut p = Problem::error(
            crate::Code::SpecInvalidName.as_str(),
            format!("name `{secret}-{}` is not valid", "v".repeat(500)),
            0,
            crate::raw::Span::default(),
            format!("`{}` here", "w".repeat(300)),
        )
        .with_help(format!("one of: {}", "x, ".repeat(2_000)));
        p.redact(std::slice::from_ref(&secret));
        assert!(!p.message.contains("sss"), "{}", p.message);
        assert!(
            p.message.starts_with("name `(sensitive)-vvv")
                && p.message.ends_with("vvv` (512 characters) is not valid"),
            "{}",
            p.message
        );
        assert!(p.labels[0].text.contains("…") && p.labels[0].text.len() < 130);
        let help = p.help.unwrap_or_default();
        assert!(help.chars().count() < MAX_TEXT_CHARS + 60, "{}", help.len());
        assert!(help.contains("characters left out"), "{help}");
    }

    #[test]
    fn control_characters_in_values_are_escaped() {
        let mut p = Problem::error(
            crate::Code::SpecInvalidName.as_str(),
            "stack name `a\nb\tc` is not valid, `odd",
            0,
            crate::raw::Span::default(),
            "here",
        );
        p.redact(&[]);
        assert_eq!(p.message, "stack name `a\\nb\\tc` is not valid, `odd");
    }

    #[test]
    fn suggests_close_names_only() {
        let names = ["ui-application", "catalog-application"];
        assert_eq!(closest("ui-aplication", names), Some("ui-application"));
        assert_eq!(closest("UI-APPLICATION", names), Some("ui-application"));
        assert_eq!(closest("something-else", names), None);
        assert_eq!(
            did_you_mean("clusterNme", ["clusterName", "settings"]).as_deref(),
            Some("did you mean `clusterName`?")
        );
    }
}
