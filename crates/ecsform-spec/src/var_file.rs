//! Variable files for `--var-file`: `NAME=VALUE` lines, as a shell `.env` file or a
//! GitLab dotenv artifact writes them. Blank lines and `#` comments are skipped; a value
//! may be wrapped in single or double quotes; `export ` before a name is allowed.

use std::sync::Arc;

use miette::{
    Diagnostic, LabeledSpan, MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};

use crate::Code;

/// A line of a var file that is not `NAME=VALUE`.
#[derive(Debug, thiserror::Error)]
#[error("line {line} of var file {file} is not NAME=VALUE")]
pub struct VarFileError {
    file: String,
    line: usize,
    source_code: OneLine,
    span: SourceSpan,
}

// By hand rather than derived: miette's derive takes a code only as a literal path, and
// every code is a variant of [`Code`].
impl Diagnostic for VarFileError {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new(Code::SpecBadVarFile))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new(
            "write one variable a line, like `VPC_ID=vpc-0abc`; `#` starts a comment",
        ))
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source_code)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(
            Some("not NAME=VALUE".to_owned()),
            self.span,
        ))))
    }
}

/// Parses a var file.
///
/// # Errors
/// The first line that is not a variable assignment.
pub fn parse(file: &str, text: &str) -> Result<Vec<(String, String)>, VarFileError> {
    let mut out = Vec::new();
    let mut offset = 0;
    for (i, raw_line) in text.split_inclusive('\n').enumerate() {
        let line = raw_line.trim_end_matches(['\n', '\r']);
        let start = offset;
        offset += raw_line.len();
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let t = t.strip_prefix("export ").unwrap_or(t).trim_start();
        let parsed = t.split_once('=').and_then(|(k, v)| {
            let k = k.trim();
            let valid = k
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            valid.then(|| (k.to_owned(), unquote(v.trim()).to_owned()))
        });
        match parsed {
            Some(pair) => out.push(pair),
            None => {
                return Err(VarFileError {
                    file: file.to_owned(),
                    line: i + 1,
                    source_code: OneLine {
                        name: file.to_owned(),
                        text: Arc::from(line),
                        start,
                        line: i,
                    },
                    span: SourceSpan::new(start.into(), line.len()),
                });
            }
        }
    }
    Ok(out)
}

/// The one line of a var file an error is about, as miette reads it: the lines around
/// are never shown, since they hold other variables' values, some perhaps sensitive (the
/// stack that says which is not read yet).
#[derive(Debug)]
struct OneLine {
    name: String,
    text: Arc<str>,
    /// The line's first byte in the file.
    start: usize,
    /// The line's index in the file.
    line: usize,
}

impl SourceCode for OneLine {
    fn read_span<'a>(
        &'a self,
        _span: &SourceSpan,
        _context_lines_before: usize,
        _context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            self.text.as_bytes(),
            SourceSpan::new(self.start.into(), self.text.len()),
            self.line,
            0,
            self.line + 1,
        )))
    }
}

fn unquote(v: &str) -> &str {
    for q in ['"', '\''] {
        if v.len() >= 2 && v.starts_with(q) && v.ends_with(q) {
            return &v[1..v.len() - 1];
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_dotenv_lines() {
        let text = "# net\nVPC_ID=vpc-1\nexport SUBNET='subnet-2'\n\nNAME = \"a b\"\n";
        let vars = parse("v.env", text).ok();
        assert_eq!(
            vars,
            Some(vec![
                ("VPC_ID".into(), "vpc-1".into()),
                ("SUBNET".into(), "subnet-2".into()),
                ("NAME".into(), "a b".into()),
            ])
        );
    }

    #[test]
    fn an_error_shows_its_line_and_no_other() {
        // The lines around hold other variables' values, perhaps sensitive ones: the
        // stack that would say which is not read yet.
        let text = "DB_PASSWORD=s3cret-before\nthis is not\nTOKEN=s3cret-after\n";
        let err = parse("v.env", text).err();
        let handler =
            miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor());
        let mut out = String::new();
        assert!(
            err.is_some_and(|e| handler.render_report(&mut out, &e).is_ok()),
            "{out}"
        );
        assert!(
            out.contains("this is not") && out.contains("v.env:2:1"),
            "{out}"
        );
        assert!(!out.contains("s3cret"), "{out}");
    }

    #[test]
    fn rejects_other_lines() {
        let err = parse("v.env", "A=1\nthis is not\n").err();
        assert_eq!(err.map(|e| e.line), Some(2));
    }
}
