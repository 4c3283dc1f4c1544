//! Problems as miette diagnostics: the source file, a label on each place, a code, help.

use std::fmt;
use std::sync::Arc;

use miette::{
    Diagnostic, LabeledSpan, MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};

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
    source: Option<IndexedSource>,
    labels: Vec<LabeledSpan>,
    related: Vec<SpecDiagnostic>,
}

impl SpecDiagnostic {
    /// Builds the diagnostic of a problem against the files it points into.
    #[must_use]
    pub fn new(problem: &Problem, sources: &[SourceFile]) -> Self {
        let primary = problem.labels.first().map(|l| l.file);
        let named = |file: usize| {
            sources.get(file).map(|s| IndexedSource {
                name: s.name.clone(),
                text: Arc::clone(&s.text),
                lines: Arc::clone(&s.lines),
            })
        };
        let mut labels = Vec::new();
        let mut related: Vec<Self> = Vec::new();
        // The file of each related diagnostic, and its index.
        let mut related_files: Vec<(usize, usize)> = Vec::new();
        let mut message = problem.message.clone();
        for (i, label) in problem.labels.iter().enumerate() {
            if let Some(file) = named(label.file)
                && let Some((line, column)) = file.too_long_to_draw(label.span)
            {
                message.push_str(&format!(
                    "\n  {}: {}:{line}:{column} (the line is too long to show)",
                    label.text, file.name
                ));
                continue;
            }
            // A value of many lines (a block scalar) is drawn by its first line: miette
            // draws every line of a label, the whole of a 16 MiB value.
            let (text, at) = match named(label.file).and_then(|f| f.first_of_many(label.span)) {
                Some((first, lines)) => (format!("{} (line 1 of {lines})", label.text), first),
                None => (label.text.clone(), label.span),
            };
            let span = if i == 0 {
                LabeledSpan::new_primary_with_span(Some(text), at)
            } else {
                LabeledSpan::new_with_span(Some(text), at)
            };
            if Some(label.file) == primary {
                labels.push(span);
            } else if let Some(&(_, i)) = related_files.iter().find(|(f, _)| *f == label.file)
                && let Some(r) = related.get_mut(i)
            {
                // The other places in one file (a variable used five times there) are
                // one note, not five.
                r.labels.push(span);
            } else {
                related_files.push((label.file, related.len()));
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
            message,
            help: problem.help.clone(),
            source: primary.and_then(named),
            labels,
            related,
        }
    }
}

/// A file as miette reads it, with its lines indexed: miette's own reading of a `str`
/// scans the file from its start for every diagnostic, so that printing the problems of
/// a large file took time quadratic in its size (8,000 problems in a 450 KB file: minutes).
#[derive(Debug, Clone)]
struct IndexedSource {
    name: String,
    text: Arc<str>,
    lines: Arc<[usize]>,
}

/// Where each line of `text` starts, counting line breaks as miette does: `\n`, `\r\n` and
/// a lone `\r`.
pub(crate) fn line_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut starts = vec![0];
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                i += 2;
                starts.push(i);
            }
            b'\r' | b'\n' => {
                i += 1;
                starts.push(i);
            }
            _ => i += 1,
        }
    }
    starts
}

impl SourceCode for IndexedSource {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let start = span.offset();
        let line = self.line_of(start);
        // miette's reading of the text from the start of the line before the first line
        // it shows (where its reading of an empty span at the start of a line looks), with
        // the line numbers and offsets moved back to the whole file.
        let first = line.saturating_sub(context_lines_before + 1);
        let from = self.lines.get(first).copied().unwrap_or(0);
        let window = self
            .text
            .as_bytes()
            .get(from..)
            .ok_or(MietteError::OutOfBounds)?;
        let inner = window.read_span(
            &SourceSpan::new((start - from).into(), span.len()),
            context_lines_before,
            context_lines_after,
        )?;
        let shifted = SourceSpan::new((inner.span().offset() + from).into(), inner.span().len());
        Ok(Box::new(
            MietteSpanContents::new_named(
                self.name.clone(),
                inner.data(),
                shifted,
                inner.line() + first,
                inner.column(),
                lines_in(inner.data()),
            )
            .with_language("yaml"),
        ))
    }
}

/// The number of lines `data` covers, as [`SpanContents::line_count`] documents it ("total
/// number of lines covered"). miette's own reading of a `str` gives the number of the
/// line after the contents instead, counted from the start of the file; its graphical
/// handler draws two labels in one snippet when the first one's line plus that count
/// reaches the second one's line, so that two labels of a file, at lines 40 and 75,
/// were drawn with the 35 lines between them. With the count of lines covered, two
/// labels share a snippet only when the lines shown around them touch: each label is
/// drawn with a line of context before and after it, and nothing in between.
fn lines_in(data: &[u8]) -> usize {
    let mut breaks = 0;
    let mut i = 0;
    while i < data.len() {
        match data[i] {
            b'\r' if data.get(i + 1) == Some(&b'\n') => {
                breaks += 1;
                i += 2;
            }
            b'\r' | b'\n' => {
                breaks += 1;
                i += 1;
            }
            _ => i += 1,
        }
    }
    let open_last_line = !matches!(data.last(), Some(b'\r' | b'\n'));
    (breaks + usize::from(open_last_line)).max(1)
}

/// The longest line (in bytes) drawn in a snippet. miette draws a line whole, character
/// by character, for each problem on it or next to it, and pads underlines with
/// `format!("{:width$}")`, which panics above 65,535 columns (a tab is drawn up to 4
/// wide): a label at the end of a key of 70,000 characters crashed the rendering, and
/// thousands of problems on a line of a megabyte would take hours to print. A label on a
/// longer line is told by line and column instead; a longer line next to a label is left
/// out of the snippet's context.
const MAX_DRAWN_LINE: usize = 2_000;

/// The most lines of one label drawn: a label over more is drawn on its first line.
const MAX_DRAWN_LINES: usize = 8;

impl IndexedSource {
    /// The index of the line holding the byte offset `at`.
    fn line_of(&self, at: usize) -> usize {
        self.lines.partition_point(|s| *s <= at).saturating_sub(1)
    }

    /// The length in bytes of line `i`, its line break included.
    fn line_len(&self, i: usize) -> usize {
        let start = self.lines.get(i).copied().unwrap_or(self.text.len());
        let end = self.lines.get(i + 1).copied().unwrap_or(self.text.len());
        end.saturating_sub(start)
    }

    /// A label over more than [`MAX_DRAWN_LINES`] lines: the part of it on its first
    /// line, and its number of lines.
    fn first_of_many(&self, span: crate::raw::Span) -> Option<(crate::raw::Span, usize)> {
        let first = self.line_of(span.start);
        let last = self.line_of(span.end().saturating_sub(1).max(span.start));
        let lines = last - first + 1;
        if lines <= MAX_DRAWN_LINES {
            return None;
        }
        let line_end = self
            .lines
            .get(first + 1)
            .copied()
            .unwrap_or(self.text.len());
        let text = self.text.get(span.start..line_end).unwrap_or_default();
        let len = text.trim_end_matches(['\r', '\n']).len();
        Some((crate::raw::Span::new(span.start, len), lines))
    }

    /// The 1-based line and column (in characters) of a label on a line too long to be
    /// drawn, or next to one (miette's default context, which the CLI uses, is a line
    /// before and a line after); `None` for a label that can be drawn.
    fn too_long_to_draw(&self, span: crate::raw::Span) -> Option<(usize, usize)> {
        let first = self.line_of(span.start);
        let last = self.line_of(span.end());
        let short = |i: usize| self.line_len(i) <= MAX_DRAWN_LINE;
        if short(first) && short(last) && first.checked_sub(1).is_none_or(short) && short(last + 1)
        {
            return None;
        }
        let line_start = self.lines.get(first).copied().unwrap_or(0);
        let column = self
            .text
            .get(line_start..span.start.min(self.text.len()))
            .map_or(0, |t| t.chars().count());
        Some((first + 1, column + 1))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::Problem;
    use crate::raw::Span;

    fn render(text: &str, span: Span) -> String {
        let sources = vec![SourceFile::new("a.yaml", text)];
        let problem = Problem::error(
            crate::Code::SpecUnknownKey.as_str(),
            "unknown key",
            0,
            span,
            "here",
        );
        let handler =
            miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor());
        let mut out = String::new();
        let r = handler.render_report(&mut out, &SpecDiagnostic::new(&problem, &sources));
        assert!(r.is_ok());
        out
    }

    #[test]
    fn labels_far_along_a_long_line_are_told_not_drawn() {
        // A key of 70,000 characters: drawing its label made miette format a width
        // above 65,535, which panics.
        let key = "k".repeat(70_000);
        let text = format!("stack: x\ncluster:\n  {key}: 1\n");
        let out = render(&text, Span::new(text.find("kk").unwrap_or(0), key.len()));
        assert!(
            out.contains("here: a.yaml:3:3 (the line is too long to show)"),
            "{out}"
        );
        // Tabs are drawn 4 columns wide: a label after 20,000 of them is not drawn either.
        let text = format!("a: \"{}x\"\n", "\t".repeat(20_000));
        let out = render(&text, Span::new(20_004, 1));
        assert!(out.contains("a.yaml:1:20005"), "{out}");
        // A label near the start of a line is drawn as usual.
        let out = render("stack: x\n", Span::new(7, 1));
        assert!(out.contains("here") && !out.contains("too long"), "{out}");
        // A label at the start of a line of 5,000 bytes is told, not drawn.
        let text = format!("a: {}\n", "v".repeat(5_000));
        let out = render(&text, Span::new(0, 1));
        assert!(
            out.contains("a.yaml:1:1 (the line is too long to show)"),
            "{out}"
        );
        // So is a label next to a long line; a line further away does not matter.
        let text = format!("a: 1\nb: {}\nc: 3\nd: 4\n", "v".repeat(5_000));
        let out = render(&text, Span::new(0, 1));
        assert!(
            out.contains("a.yaml:1:1 (the line is too long") && !out.contains("vvv"),
            "{out}"
        );
        let out = render(&text, Span::new(text.len() - 10, 1));
        assert!(
            out.contains("a.yaml:3:1 (the line is too long") && !out.contains("vvv"),
            "{out}"
        );
        let out = render(&text, Span::new(text.len() - 5, 1));
        assert!(out.contains("d: 4") && !out.contains("vvv"), "{out}");
    }
}

#[cfg(test)]
mod many_lines_tests {
    use super::*;
    use crate::problem::Problem;
    use crate::raw::Span;

    #[test]
    fn a_label_over_many_lines_is_drawn_on_its_first() {
        // A block scalar of 2,000 lines labelled whole: miette drew all of them.
        let body: String = (0..2000).map(|i| format!("  line{i}\n")).collect();
        let text = format!("stack: |\n{body}");
        let start = text.find("line0").unwrap_or(0);
        let sources = vec![SourceFile::new("a.yaml", text.as_str())];
        let problem = Problem::error(
            crate::Code::SpecInvalidName.as_str(),
            "stack name is not valid",
            0,
            Span::new(start, text.len() - 1 - start),
            "invalid stack name",
        );
        let handler =
            miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor());
        let mut out = String::new();
        let r = handler.render_report(&mut out, &SpecDiagnostic::new(&problem, &sources));
        assert!(r.is_ok());
        assert!(out.lines().count() < 15, "{out}");
        assert!(out.contains("invalid stack name (line 1 of 2000)"), "{out}");
        assert!(!out.contains("line1999"), "{out}");
    }
}

#[cfg(test)]
mod source_tests {
    use super::*;

    #[test]
    fn indexed_reading_is_miette_reading() {
        // Every span of small texts with every kind of line break, at every number of
        // context lines: the same contents, lines, columns and offsets as miette's own.
        let texts = [
            "",
            "a",
            "a: 1\nb: 2\n",
            "a: 1\r\nb:\r\n  - x\r\n  - y",
            "one\rtwo\r\rthree\n\nfour",
            "\n\n\nx\n",
            "é: ü\n日本: 語\n",
        ];
        for text in texts {
            let indexed = IndexedSource {
                name: "a.yaml".into(),
                text: Arc::from(text),
                lines: line_starts(text).into(),
            };
            let named = miette::NamedSource::new("a.yaml", text.to_owned()).with_language("yaml");
            for start in 0..=text.len() {
                for len in 0..=(text.len() - start) {
                    for (before, after) in [(0, 0), (1, 1), (2, 0), (0, 3), (5, 5)] {
                        let span = SourceSpan::new(start.into(), len);
                        let ours = indexed.read_span(&span, before, after);
                        let theirs = named.read_span(&span, before, after);
                        let what = format!("{text:?} {start}+{len} ({before}, {after})");
                        assert_eq!(ours.is_ok(), theirs.is_ok(), "{what}");
                        if let (Ok(o), Ok(t)) = (ours, theirs) {
                            assert_eq!(o.data(), t.data(), "{what}");
                            assert_eq!(o.span(), t.span(), "{what}");
                            assert_eq!(o.line(), t.line(), "{what}");
                            assert_eq!(o.column(), t.column(), "{what}");
                            // The lines covered, not miette's count from the start.
                            assert_eq!(o.line_count(), lines_in(t.data()), "{what}");
                            assert_eq!(o.name(), t.name(), "{what}");
                            assert_eq!(o.language(), t.language(), "{what}");
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod excerpt_tests {
    use super::*;
    use crate::problem::Problem;
    use crate::raw::Span;

    fn render(text: &str, labels: &[(usize, &str)]) -> String {
        let sources = vec![SourceFile::new("a.yaml", text)];
        let mut problem = Problem::error(
            crate::Code::SpecTargetGroupNotOnListener.as_str(),
            "not on a listener",
            0,
            Span::new(labels[0].0, 1),
            labels[0].1,
        );
        for (at, text) in &labels[1..] {
            problem = problem.with_label(0, Span::new(*at, 1), *text);
        }
        let handler =
            miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor());
        let mut out = String::new();
        let r = handler.render_report(&mut out, &SpecDiagnostic::new(&problem, &sources));
        assert!(r.is_ok());
        out
    }

    #[test]
    fn labels_far_apart_are_drawn_apart() {
        // Labels at lines 40 and 75: miette drew the 35 lines between them, and the
        // same for any two labels where the second's line was below twice the first's.
        let text: String = (1..=100).map(|i| format!("line{i}: x\n")).collect();
        let at = |line: usize| text.find(&format!("line{line}:")).unwrap_or(0);
        for (a, b) in [(40, 75), (3, 5), (10, 19), (50, 99)] {
            let out = render(&text, &[(at(a), "used here"), (at(b), "defined here")]);
            let shown: Vec<usize> = (1..=100)
                .filter(|i| out.contains(&format!("line{i}:")))
                .collect();
            let near = |i: &usize| i.abs_diff(a) <= 1 || i.abs_diff(b) <= 1;
            assert!(shown.iter().all(near), "{a}, {b}: {shown:?}\n{out}");
            assert!(shown.contains(&a) && shown.contains(&b), "{out}");
            assert!(out.lines().count() <= 20, "{out}");
        }
        // The places in another file are one note, however many there are.
        let sources = vec![
            SourceFile::new("a.yaml", "a: ${X}\n"),
            SourceFile::new("b.yaml", text.as_str()),
        ];
        let problem = Problem::error(
            crate::Code::SpecUnsetVariable.as_str(),
            "not set",
            0,
            Span::new(3, 4),
            "here",
        )
        .with_label(1, Span::new(at(10), 1), "also here")
        .with_label(1, Span::new(at(60), 1), "also here");
        let d = SpecDiagnostic::new(&problem, &sources);
        let related: Vec<&dyn Diagnostic> = d.related().into_iter().flatten().collect();
        assert_eq!(related.len(), 1);
        assert_eq!(related[0].labels().into_iter().flatten().count(), 2);
        // Labels whose lines touch share one snippet.
        let out = render(&text, &[(at(20), "one"), (at(22), "two")]);
        assert_eq!(out.matches("╭─[").count(), 1, "{out}");
    }
}
