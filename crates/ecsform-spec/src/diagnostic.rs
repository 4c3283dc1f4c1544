//! Problems as miette diagnostics: the source file, a label on each place, a code, help.

use std::fmt;
use std::sync::Arc;

use miette::{Diagnostic, LabeledSpan, NamedSource, SourceCode};

use crate::load::SourceFile;
use crate::problem::{Problem, Severity};

/// One problem, ready for miette to render. Labels in the problem's primary file are
/// shown on it; labels in other files become related diagnostics of their own.
#[derive(Debug)]
pub struct SpecDiagnostic {
    severity: Severity,
    /// A related place in another file: rendered as advice.
    note: bool,
    code: &'static str,
    message: String,
    help: Option<String>,
    source: Option<NamedSource<Arc<str>>>,
    labels: Vec<LabeledSpan>,
    related: Vec<SpecDiagnostic>,
}

impl SpecDiagnostic {
    /// Builds the diagnostic of a problem against the files it points into.
    #[must_use]
    pub fn new(problem: &Problem, sources: &[SourceFile]) -> Self {
        let primary = problem.labels.first().map(|l| l.file);
        let named = |file: usize| {
            sources.get(file).map(|s| {
                NamedSource::new(s.name.clone(), Arc::clone(&s.text)).with_language("yaml")
            })
        };
        let mut labels = Vec::new();
        let mut related = Vec::new();
        for (i, label) in problem.labels.iter().enumerate() {
            let span = LabeledSpan::new_with_span(Some(label.text.clone()), label.span);
            let span = if i == 0 {
                LabeledSpan::new_primary_with_span(Some(label.text.clone()), label.span)
            } else {
                span
            };
            if Some(label.file) == primary {
                labels.push(span);
            } else {
                related.push(Self {
                    severity: Severity::Warning,
                    note: true,
                    code: problem.code,
                    message: label.text.clone(),
                    help: None,
                    source: named(label.file),
                    labels: vec![span],
                    related: Vec::new(),
                });
            }
        }
        Self {
            severity: problem.severity,
            note: false,
            code: problem.code,
            message: problem.message.clone(),
            help: problem.help.clone(),
            source: primary.and_then(named),
            labels,
            related,
        }
    }
}

impl fmt::Display for SpecDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for SpecDiagnostic {}

impl Diagnostic for SpecDiagnostic {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        if self.note {
            return Some(miette::Severity::Advice);
        }
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_deref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display + 'a>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            None
        } else {
            Some(Box::new(self.labels.iter().cloned()))
        }
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        if self.related.is_empty() {
            None
        } else {
            Some(Box::new(self.related.iter().map(|d| d as &dyn Diagnostic)))
        }
    }
}
