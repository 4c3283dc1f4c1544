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
