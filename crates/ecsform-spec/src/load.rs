//! Reading a stack from a file or a folder of files: parse, interpolate, convert, merge,
//! then check. No I/O beyond reading the files.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::de::convert;
use crate::interpolate::{Vars, interpolate};
use crate::problem::{FileId, Problem, Severity};
use crate::raw::{Node, NodeKind, Span, parse};
use crate::types::StackFile;
use crate::validate;

/// One file of a stack, as read.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as given or found (used in diagnostics).
    pub name: String,
    /// The text.
    pub text: Arc<str>,
    /// Where each line starts, for diagnostics to find a line without scanning the file.
    pub(crate) lines: Arc<[usize]>,
}

impl SourceFile {
    /// A file as read.
    #[must_use]
    pub fn new(name: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        let text = text.into();
        Self {
            name: name.into(),
            lines: crate::diagnostic::line_starts(&text).into(),
            text,
        }
    }
}

/// Where one entry of a merged list came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Origin {
    /// The file.
    pub file: FileId,
    /// Its index in that file's list.
    pub index: usize,
}

/// Where each resource of the merged stack came from, list by list.
#[derive(Debug, Clone, Default)]
pub struct Origins {
    /// The file holding `stack:`.
    pub stack: Option<FileId>,
    /// The file holding `region:`.
    pub region: Option<FileId>,
    /// The file holding `cluster:`.
    pub cluster: Option<FileId>,
    /// `namespaces[]`.
    pub namespaces: Vec<Origin>,
    /// `taskDefinitions[]`.
    pub task_definitions: Vec<Origin>,
    /// `services[]`.
    pub services: Vec<Origin>,
    /// `loadBalancers[]`.
    pub load_balancers: Vec<Origin>,
    /// `targetGroups[]`.
    pub target_groups: Vec<Origin>,
    /// `listeners[]`.
    pub listeners: Vec<Origin>,
    /// `listenerRules[]`.
    pub listener_rules: Vec<Origin>,
}

/// A stack that loaded and passed every check (warnings may remain).
#[derive(Debug, Clone)]
pub struct Stack {
    /// The stack's name.
    pub name: String,
    /// The merged, interpolated content.
    pub spec: StackFile,
}

/// The outcome of loading: the sources (for rendering diagnostics), every problem found,
/// and the stack when no error was found.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The files read, indexed by [`FileId`].
    pub sources: Vec<SourceFile>,
    /// Errors and warnings, in file order.
    pub problems: Vec<Problem>,
    /// The stack, present when there is no error.
    pub stack: Option<Stack>,
}

impl Loaded {
    /// Number of problems of a severity.
    #[must_use]
    pub fn count(&self, severity: Severity) -> usize {
        self.problems
            .iter()
            .filter(|p| p.severity == severity)
            .count()
    }
}

/// A file or folder that could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The path could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A folder with no YAML files.
    #[error("{path} holds no .yaml or .yml file")]
    EmptyFolder {
        /// The folder.
        path: PathBuf,
    },
}

/// Reads a stack from a file, or from every `.yaml`/`.yml` file of a folder (not
/// recursively, in name order), and checks it.
///
/// # Errors
/// Only when the files cannot be read; problems in their content are in [`Loaded`].
pub fn load_path(path: &Path, vars: &Vars) -> Result<Loaded, ReadError> {
    let io = |source| ReadError::Io {
        path: path.to_owned(),
        source,
    };
    let mut files = Vec::new();
    if path.is_dir() {
        let mut names: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(io)?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                p.is_file()
                    && p.extension().is_some_and(|e| {
                        e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml")
                    })
            })
            .collect();
        names.sort();
        if names.is_empty() {
            return Err(ReadError::EmptyFolder {
                path: path.to_owned(),
            });
        }
        for name in names {
            let bytes = std::fs::read(&name).map_err(|source| ReadError::Io {
                path: name.clone(),
                source,
            })?;
            files.push((name.display().to_string(), bytes));
        }
    } else {
        let bytes = std::fs::read(path).map_err(io)?;
        files.push((path.display().to_string(), bytes));
    }
    Ok(load_bytes(files, vars))
}

/// Loads a stack from in-memory files `(name, bytes)`, as [`load_path`] does.
#[must_use]
pub fn load_bytes(files: Vec<(String, Vec<u8>)>, vars: &Vars) -> Loaded {
    let mut sources = Vec::with_capacity(files.len());
    let mut problems = Vec::new();
    let mut parts: Vec<(FileId, Node, StackFile)> = Vec::new();
    for (file, (name, bytes)) in files.into_iter().enumerate() {
        let (text, utf8_problem) = match String::from_utf8(bytes) {
            Ok(t) => (t, None),
            Err(e) => {
                let valid = e.utf8_error().valid_up_to();
                let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
                let p = Problem::error(
                    "spec::not_utf8",
                    "the file is not UTF-8 text",
                    file,
                    Span::new(
                        valid,
                        text[valid..].chars().next().map_or(0, char::len_utf8),
                    ),
                    "first byte that is not UTF-8",
                )
                .with_help("stack files are YAML text in UTF-8");
                (text, Some(p))
            }
        };
        sources.push(SourceFile::new(name, text.as_str()));
        if let Some(p) = utf8_problem {
            problems.push(p);
            continue;
        }
        if text.contains('\0') {
            let at = text.find('\0').unwrap_or_default();
            problems.push(
                Problem::error(
                    "spec::not_text",
                    "the file holds a NUL byte: it is not a text file",
                    file,
                    Span::new(at, 1),
                    "NUL byte",
                )
                .with_help("stack files are YAML text in UTF-8"),
            );
            continue;
        }
        let mut root = match parse(&text) {
            Ok(Some(root)) => root,
            Ok(None) => {
                problems.push(
                    Problem::error(
                        "spec::empty_file",
                        "the file is empty",
                        file,
                        Span::new(0, 0),
                        "nothing here",
                    )
                    .with_help(
                        "a stack file is a mapping with at least `stack:`; see `ecsform schema`",
                    ),
                );
                continue;
            }
            Err(e) => {
                let span = e.span.unwrap_or_default();
                let at_interpolation = text.get(span.start..).is_some_and(|t| t.starts_with("${"));
                let help = if at_interpolation {
                    "inside [ ] or { }, `{` opens a mapping: quote values that start with ${, as in [\"${SUBNET1}\"]".to_owned()
                } else {
                    e.help.clone().unwrap_or_else(|| {
                        "check indentation, quotes and brackets around this place".to_owned()
                    })
                };
                problems.push(
                    Problem::error(
                        "spec::yaml_syntax",
                        format!("invalid YAML: {}", e.message),
                        file,
                        span,
                        "here",
                    )
                    .with_help(help),
                );
                continue;
            }
        };
        if !matches!(root.kind, NodeKind::Map(_)) {
            problems.push(
                Problem::error(
                    "spec::not_a_mapping",
                    format!(
                        "a stack file is a mapping of keys, this file is {}",
                        root.type_name()
                    ),
                    file,
                    root.span,
                    "expected `stack:`, `cluster:`, `services:` ...",
                )
                .with_help("see `ecsform schema` for the keys of a stack file"),
            );
            continue;
        }
        problems.extend(interpolate(&mut root, &text, vars, file));
        let (value, found) = convert::<StackFile>(&root, &text, file);
        problems.extend(found);
        if let Some(value) = value {
            parts.push((file, root, value));
        }
    }

    // Semantic checks run on what converted, so that one run reports every problem;
    // but where a structural problem put a stand-in (a wrong type, a missing field), the
    // checks would only report its consequences: their problems inside an entry (a
    // resource, or a top-level key) that has a structural problem are left out.
    let tainted = tainted_regions(&problems, &parts);
    let (spec, origins, merge_problems) = merge(&parts);
    problems.extend(merge_problems);
    let roots: Vec<Option<&Node>> = {
        let mut r: Vec<Option<&Node>> = vec![None; sources.len()];
        for (file, root, _) in &parts {
            if let Some(slot) = r.get_mut(*file) {
                *slot = Some(root);
            }
        }
        r
    };
    let texts: Vec<&str> = sources.iter().map(|s| &*s.text).collect();
    let unreadable_file =
        problems.iter().any(|p| p.severity == Severity::Error) && parts.len() < sources.len();
    for p in validate::check(&spec, &origins, &roots, &texts) {
        let (file, at) = p.position();
        let inside = tainted.contains(file, at);
        // A file that did not load at all leaves the merged stack incomplete: checks
        // across files (references, the stack's name) would only mislead.
        if !inside && !unreadable_file {
            problems.push(p);
        }
    }
    let mut stack = None;
    if !problems.iter().any(|p| p.severity == Severity::Error) {
        stack = spec.stack.clone().map(|name| Stack { name, spec });
    }
    problems.sort_by_key(Problem::position);
    Loaded {
        sources,
        problems,
        stack,
    }
}

/// Reads one document of any type of the stack file (a task definition, a service...)
/// from YAML or JSON text, with interpolation; every problem otherwise. The problems'
/// file id is 0.
#[must_use]
pub fn load_document<T: serde::de::DeserializeOwned>(
    text: &str,
    vars: &Vars,
) -> (Option<T>, Vec<Problem>) {
    let mut root = match parse(text) {
        Ok(Some(root)) => root,
        Ok(None) => {
            return (
                None,
                vec![Problem::error(
                    "spec::empty_file",
                    "the document is empty",
                    0,
                    Span::default(),
                    "nothing here",
                )],
            );
        }
        Err(e) => {
            let p = Problem::error(
                "spec::yaml_syntax",
                format!("invalid YAML: {}", e.message),
                0,
                e.span.unwrap_or_default(),
                "here",
            );
            return (None, vec![p]);
        }
    };
    let mut problems = interpolate(&mut root, text, vars, 0);
    let (value, found) = convert::<T>(&root, text, 0);
    problems.extend(found);
    if problems.iter().any(|p| p.severity == Severity::Error) {
        return (None, problems);
    }
    (value, problems)
}

/// The entries (an item of a top-level list, or a top-level key's value) holding a
/// structural error.
fn tainted_regions(problems: &[Problem], parts: &[(FileId, Node, StackFile)]) -> Tainted {
    let mut out = Vec::new();
    for p in problems.iter().filter(|p| p.severity == Severity::Error) {
        let (file, at) = p.position();
        let Some((_, root, _)) = parts.iter().find(|(f, _, _)| *f == file) else {
            continue;
        };
        let NodeKind::Map(entries) = &root.kind else {
            continue;
        };
        for e in entries {
            let whole = e.key_span.cover(e.value.span);
            if !(whole.start <= at && at <= whole.end()) {
                continue;
            }
            let item = match &e.value.kind {
                NodeKind::Seq(items) => item_at(items, at),
                _ => None,
            };
            out.push((file, item.unwrap_or(whole)));
        }
    }
    Tainted::new(out)
}

/// The span of the item of a list holding the offset `at`.
///
/// Found by bisection: a linear search for each of tens of thousands of problems took
/// time quadratic in the size of the file. Items are in file order and do not overlap:
/// an item's span runs from its first event to its last direct child, and an alias's
/// copy is placed where the alias is.
fn item_at(items: &[Node], at: usize) -> Option<Span> {
    let i = items.partition_point(|n| n.span.end() < at);
    items
        .get(i)
        .filter(|n| n.span.start <= at && at <= n.span.end())
        .map(|n| n.span)
}

/// Regions of files, merged into disjoint ranges (inclusive ends) for lookup by bisection.
struct Tainted(Vec<(FileId, usize, usize)>);

impl Tainted {
    fn new(mut regions: Vec<(FileId, Span)>) -> Self {
        regions.sort_by_key(|(f, s)| (*f, s.start, s.end()));
        let mut merged: Vec<(FileId, usize, usize)> = Vec::with_capacity(regions.len());
        for (file, span) in regions {
            match merged.last_mut() {
                Some((f, _, end)) if *f == file && span.start <= *end => {
                    *end = (*end).max(span.end());
                }
                _ => merged.push((file, span.start, span.end())),
            }
        }
        Self(merged)
    }

    fn contains(&self, file: FileId, at: usize) -> bool {
        let i = self
            .0
            .partition_point(|(f, start, _)| (*f, *start) <= (file, at));
        i.checked_sub(1)
            .and_then(|i| self.0.get(i))
            .is_some_and(|(f, _, end)| *f == file && at <= *end)
    }
}

/// Merges the files of a folder: lists are concatenated in file order; `stack`, `region`
/// and `cluster` may appear in one file only.
fn merge(parts: &[(FileId, Node, StackFile)]) -> (StackFile, Origins, Vec<Problem>) {
    let mut out = StackFile::default();
    let mut origins = Origins::default();
    let mut problems = Vec::new();

    macro_rules! single {
        ($field:ident, $key:literal) => {
            for (file, root, part) in parts {
                if let Some(v) = &part.$field {
                    if let Some(first) = origins.$field {
                        let first_span = key_span(parts, first, $key);
                        problems.push(
                            Problem::error(
                                "spec::defined_twice",
                                format!("`{}` is given in more than one file", $key),
                                *file,
                                root.get($key).map_or(Span::default(), |e| e.key_span),
                                "given again here",
                            )
                            .with_label(first, first_span, "first given here")
                            .with_help("a stack's files share one `stack`, `region` and `cluster`; keep one"),
                        );
                    } else {
                        origins.$field = Some(*file);
                        out.$field = Some(v.clone());
                    }
                }
            }
        };
    }
    single!(stack, "stack");
    single!(region, "region");
    single!(cluster, "cluster");

    macro_rules! lists {
        ($($field:ident),*) => {$(
            for (file, _, part) in parts {
                for (index, item) in part.$field.iter().enumerate() {
                    out.$field.push(item.clone());
                    origins.$field.push(Origin { file: *file, index });
                }
            }
        )*};
    }
    lists!(
        namespaces,
        task_definitions,
        services,
        load_balancers,
        target_groups,
        listeners,
        listener_rules
    );
    for (_, _, part) in parts {
        out.sensitive_variables
            .extend(part.sensitive_variables.iter().cloned());
    }
    (out, origins, problems)
}

fn key_span(parts: &[(FileId, Node, StackFile)], file: FileId, key: &str) -> Span {
    parts
        .iter()
        .find(|(f, _, _)| *f == file)
        .and_then(|(_, root, _)| root.get(key))
        .map_or(Span::default(), |e| e.key_span)
}
