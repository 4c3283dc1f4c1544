//! Reading a stack from a file or a folder of files: parse, interpolate, convert, merge,
//! then check. No I/O beyond reading the files.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::de::convert;
use crate::interpolate::{UnsetUse, Vars, interpolate, unset_problems};
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

/// The largest stack file read, in bytes (16 MiB). A stack of 5,000 services (ECS's
/// default quota of services per cluster) with a task definition and a target group each
/// takes 11.3 MB written as `ecsform_testkit::generated_stack` writes it; a larger
/// file is refused before it is read, and a stack that outgrows it is split over the
/// files of a folder.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// A file or folder that could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The path given could not be read.
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
    /// Files of the stack (the file given, or `.yaml`/`.yml` entries of the folder given)
    /// that cannot be read: none is ever skipped, since a stack without one of its files
    /// would plan to destroy that file's resources.
    #[error("{}", unreadable_message(.folder.as_deref(), .files))]
    Unreadable {
        /// The folder given, when the files are its entries.
        folder: Option<PathBuf>,
        /// Each file that cannot be read, with why.
        files: Vec<Unreadable>,
    },
}

impl ReadError {
    /// The diagnostic code: `spec::too_large` when every file is refused for its size,
    /// `spec::unreadable_file` for the other unreadable files; `None` for a path that does
    /// not exist and a folder without YAML files.
    #[must_use]
    pub fn code(&self) -> Option<&'static str> {
        match self {
            Self::Unreadable { files, .. }
                if files
                    .iter()
                    .all(|u| matches!(u.reason, Unreadability::TooLarge { .. })) =>
            {
                Some(crate::Code::SpecTooLarge.as_str())
            }
            Self::Unreadable { .. } => Some(crate::Code::SpecUnreadableFile.as_str()),
            Self::Io { .. } | Self::EmptyFolder { .. } => None,
        }
    }
}

fn unreadable_message(folder: Option<&Path>, all: &[Unreadable]) -> String {
    match (folder, all) {
        (_, [one]) => format!("cannot read {}: {}", one.path.display(), one.reason),
        (Some(folder), _) => {
            let mut out = format!(
                "cannot read {} files of the stack folder {}:",
                all.len(),
                folder.display()
            );
            for u in all {
                out.push_str(&format!("\n  {}: {}", u.path.display(), u.reason));
            }
            out
        }
        (None, _) => all
            .iter()
            .map(|u| format!("cannot read {}: {}", u.path.display(), u.reason))
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

/// A file of the stack that cannot be read, and why.
#[derive(Debug)]
pub struct Unreadable {
    /// The file (or the folder, when listing it failed).
    pub path: PathBuf,
    /// Why it cannot be read.
    pub reason: Unreadability,
}

/// Why a file of a stack cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum Unreadability {
    /// A symbolic link whose target does not exist.
    #[error("a symbolic link to `{}`, which does not exist", .0.display())]
    DanglingLink(PathBuf),
    /// Symbolic links that lead back to themselves.
    #[error("symbolic links loop (too many levels of symbolic links)")]
    LinkLoop,
    /// A folder, FIFO, device or socket.
    #[error("not a regular file ({0})")]
    NotRegular(&'static str),
    /// Over [`MAX_FILE_BYTES`].
    #[error("{bytes} bytes, more than the 16 MiB a stack file may hold")]
    TooLarge {
        /// The file's size.
        bytes: u64,
    },
    /// Any other error of the file system (permission denied...).
    #[error("{0}")]
    Io(std::io::Error),
}

/// Reads a stack from a file, or from every `.yaml`/`.yml` file of a folder (not
/// recursively, in name order), and checks it.
///
/// Only regular files are read (a symbolic link to one is), each of at most
/// [`MAX_FILE_BYTES`]. Every `.yaml`/`.yml` entry of a folder is read or reported:
/// a dangling or looping symbolic link, a folder, FIFO or device with such a name, a file
/// this user may not read or one over the cap fails the whole load, naming each entry.
///
/// # Errors
/// When the files cannot be read; problems in their content are in [`Loaded`].
pub fn load_path(path: &Path, vars: &Vars) -> Result<Loaded, ReadError> {
    if let Err(source) = std::fs::symlink_metadata(path) {
        return Err(ReadError::Io {
            path: path.to_owned(),
            source,
        });
    }
    let mut files = Vec::new();
    let mut unreadable = Vec::new();
    let folder = path.is_dir();
    if folder {
        let entries = std::fs::read_dir(path).map_err(|source| ReadError::Io {
            path: path.to_owned(),
            source,
        })?;
        let mut names: Vec<PathBuf> = Vec::new();
        for entry in entries {
            match entry {
                Ok(e) => {
                    let p = e.path();
                    if p.extension().is_some_and(|e| {
                        e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml")
                    }) {
                        names.push(p);
                    }
                }
                Err(e) => unreadable.push(Unreadable {
                    path: path.to_owned(),
                    reason: Unreadability::Io(e),
                }),
            }
        }
        names.sort();
        if names.is_empty() && unreadable.is_empty() {
            return Err(ReadError::EmptyFolder {
                path: path.to_owned(),
            });
        }
        for name in names {
            match read_stack_file(&name) {
                Ok(bytes) => files.push((name.display().to_string(), bytes)),
                Err(reason) => unreadable.push(Unreadable { path: name, reason }),
            }
        }
    } else {
        match read_stack_file(path) {
            Ok(bytes) => files.push((path.display().to_string(), bytes)),
            Err(reason) => unreadable.push(Unreadable {
                path: path.to_owned(),
                reason,
            }),
        }
    }
    if !unreadable.is_empty() {
        return Err(ReadError::Unreadable {
            folder: folder.then(|| path.to_owned()),
            files: unreadable,
        });
    }
    Ok(load_bytes(files, vars))
}

/// Reads one file of a stack: a regular file (through symbolic links) of at most
/// [`MAX_FILE_BYTES`]. Its type is looked at before it is opened (opening a FIFO waits
/// for a writer), and again on the open file, which is read no further than the cap.
fn read_stack_file(path: &Path) -> Result<Vec<u8>, Unreadability> {
    use std::io::Read;
    let own = std::fs::symlink_metadata(path).map_err(Unreadability::Io)?;
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if own.file_type().is_symlink() => return Err(broken_link(path, e)),
        Err(e) => return Err(Unreadability::Io(e)),
    };
    regular(&meta)?;
    let file = std::fs::File::open(path).map_err(Unreadability::Io)?;
    // The path may name another file now than when it was looked at.
    let meta = file.metadata().map_err(Unreadability::Io)?;
    regular(&meta)?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(Unreadability::Io)?;
    let read = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    if read > MAX_FILE_BYTES {
        return Err(Unreadability::TooLarge {
            bytes: meta.len().max(read),
        });
    }
    Ok(bytes)
}

/// A regular file of at most [`MAX_FILE_BYTES`], or why not.
fn regular(meta: &std::fs::Metadata) -> Result<(), Unreadability> {
    let t = meta.file_type();
    if t.is_dir() {
        return Err(Unreadability::NotRegular("a folder"));
    }
    if !t.is_file() {
        return Err(Unreadability::NotRegular(special_kind(&t)));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(Unreadability::TooLarge { bytes: meta.len() });
    }
    Ok(())
}

#[cfg(unix)]
fn special_kind(t: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if t.is_fifo() {
        "a FIFO"
    } else if t.is_char_device() {
        "a character device"
    } else if t.is_block_device() {
        "a block device"
    } else if t.is_socket() {
        "a socket"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn special_kind(_: &std::fs::FileType) -> &'static str {
    "a special file"
}

/// Why a symbolic link cannot be followed: its target is missing, or links loop.
fn broken_link(path: &Path, error: std::io::Error) -> Unreadability {
    if error.kind() == std::io::ErrorKind::NotFound {
        let target = std::fs::read_link(path).unwrap_or_default();
        return Unreadability::DanglingLink(target);
    }
    // Follow the links by hand: the kernel's own limit is 40 (Linux).
    let mut at = path.to_owned();
    for _ in 0..64 {
        match std::fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() => match std::fs::read_link(&at) {
                Ok(target) => {
                    at = at
                        .parent()
                        .map_or_else(|| target.clone(), |p| p.join(&target));
                }
                Err(_) => return Unreadability::Io(error),
            },
            _ => return Unreadability::Io(error),
        }
    }
    Unreadability::LinkLoop
}

/// Loads a stack from in-memory files `(name, bytes)`, as [`load_path`] does.
#[must_use]
pub fn load_bytes(files: Vec<(String, Vec<u8>)>, vars: &Vars) -> Loaded {
    let mut sources = Vec::with_capacity(files.len());
    let mut problems = Vec::new();
    let mut parts: Vec<(FileId, Node, StackFile)> = Vec::new();
    let mut unset: Vec<UnsetUse> = Vec::new();
    // The strings holding an unset variable, as written.
    let mut unknown_values: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    // Conversion problems of values holding an unset variable, not reported.
    let mut stand_ins: Vec<Problem> = Vec::new();
    // The names under `sensitiveVariables:` in any file that parsed, whether or not the
    // rest of it converts: their values are masked in every problem.
    let mut sensitive: Vec<String> = Vec::new();
    for (file, (name, bytes)) in files.into_iter().enumerate() {
        if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > MAX_FILE_BYTES {
            sources.push(SourceFile::new(name, ""));
            problems.push(
                Problem::error(
                    crate::Code::SpecTooLarge.as_str(),
                    format!(
                        "the file is {} bytes, more than the 16 MiB a stack file may hold",
                        bytes.len()
                    ),
                    file,
                    Span::new(0, 0),
                    "this file",
                )
                .with_help("split the stack over the files of a folder"),
            );
            continue;
        }
        let (text, utf8_problem) = match String::from_utf8(bytes) {
            Ok(t) => (t, None),
            Err(e) => {
                let valid = e.utf8_error().valid_up_to();
                let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
                let p = Problem::error(
                    crate::Code::SpecNotUtf8.as_str(),
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
                    crate::Code::SpecNotText.as_str(),
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
                        crate::Code::SpecEmptyFile.as_str(),
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
                let problem = if e.too_large {
                    Problem::error(
                        crate::Code::SpecTooLarge.as_str(),
                        e.message,
                        file,
                        span,
                        "the bound is passed here",
                    )
                } else {
                    Problem::error(
                        crate::Code::SpecYamlSyntax.as_str(),
                        format!("invalid YAML: {}", e.message),
                        file,
                        span,
                        "here",
                    )
                };
                problems.push(problem.with_help(help));
                continue;
            }
        };
        if !matches!(root.kind, NodeKind::Map(_)) {
            problems.push(
                Problem::error(
                    crate::Code::SpecNotAMapping.as_str(),
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
        let substituted = interpolate(&mut root, &text, vars, file);
        let too_large = substituted
            .problems
            .iter()
            .any(|p| p.code == crate::Code::SpecTooLarge.as_str());
        problems.extend(substituted.problems);
        sensitive.extend(sensitive_names(&root));
        if too_large {
            // Strings left unsubstituted would only be reported again as bad values.
            unset.extend(substituted.unset);
            continue;
        }
        let unknown_here = Tainted::new(
            substituted
                .unset
                .iter()
                .map(|u| (u.file, u.value))
                .collect(),
        );
        unset.extend(substituted.unset);
        unknown_values.extend(substituted.unknown_values);
        let (value, mut found) = convert::<StackFile>(&root, &text, file);
        crate::placement::suggest_places(&root, &mut found);
        // A value holding an unset variable is unknown: that it does not convert (a
        // number, an enum) is a consequence of the variable, reported once as its cause.
        // Such a value is a stand-in, not the text as written: what the checks would find
        // in it is no better than a guess, so that it keeps its entry from being checked.
        let (stand_in, found): (Vec<Problem>, Vec<Problem>) = found.into_iter().partition(|p| {
            let (f, at) = p.position();
            unknown_here.contains(f, at)
        });
        problems.extend(found);
        stand_ins.extend(stand_in);
        if let Some(value) = value {
            parts.push((file, root, value));
        }
    }
    // The values holding an unset variable, whatever the file.
    let unknown = Tainted::new(unset.iter().map(|u| (u.file, u.value)).collect());

    // Semantic checks run on what converted, so that one run reports every problem;
    // but where a structural problem put a stand-in (a wrong type, a missing field), the
    // checks would only report its consequences: their problems inside an entry (a
    // resource, or a top-level key) that has a structural problem are left out. An unset
    // variable is not such a problem: its value is unknown, and only the checks that
    // look at that value are left out (below), so that the other problems of the same
    // resource are reported in the same run; but a value that had to be a number or one
    // of a list (`desiredCount: ${COUNT}`) holds a stand-in, and taints its entry.
    let tainted = tainted_regions(problems.iter().chain(&stand_ins), &parts);
    drop(stand_ins);
    let unset_count = unset.len();
    problems.extend(unset_problems(&unset));
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
    for p in validate::check(&spec, &origins, &roots, &texts, &unknown_values) {
        let (file, at) = p.position();
        let inside = tainted.contains(file, at);
        // A check that points at a value holding an unset variable judged the text as
        // written (`${NAME}`), not the value the stack will have.
        let about_unknown = unset_count > 0
            && p.labels
                .iter()
                .any(|l| unknown.contains(l.file, l.span.start));
        if about_unknown {
            continue;
        }
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
    let secrets = sensitive_values(&sensitive, vars);
    for p in &mut problems {
        p.redact(&secrets);
    }
    Loaded {
        sources,
        problems,
        stack,
    }
}

/// The names listed under a file's `sensitiveVariables:`, as far as they are strings.
fn sensitive_names(root: &Node) -> Vec<String> {
    let Some(NodeKind::Seq(items)) = root.get("sensitiveVariables").map(|e| &e.value.kind) else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|n| match &n.kind {
            NodeKind::Str { value, .. } => Some(value.clone()),
            _ => None,
        })
        .collect()
}

/// The values of the sensitive variables that are set (an empty value masks nothing).
fn sensitive_values(names: &[String], vars: &Vars) -> Vec<String> {
    let mut values: Vec<String> = names
        .iter()
        .filter_map(|n| vars.get(n))
        .filter(|v| !v.is_empty())
        .collect();
    values.sort();
    values.dedup();
    values
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
                    crate::Code::SpecEmptyFile.as_str(),
                    "the document is empty",
                    0,
                    Span::default(),
                    "nothing here",
                )],
            );
        }
        Err(e) => {
            let (code, message) = if e.too_large {
                (crate::Code::SpecTooLarge.as_str(), e.message)
            } else {
                (
                    crate::Code::SpecYamlSyntax.as_str(),
                    format!("invalid YAML: {}", e.message),
                )
            };
            let mut p = Problem::error(code, message, 0, e.span.unwrap_or_default(), "here");
            p.redact(&[]);
            return (None, vec![p]);
        }
    };
    let substituted = interpolate(&mut root, text, vars, 0);
    let mut problems = substituted.problems;
    problems.extend(unset_problems(&substituted.unset));
    if problems
        .iter()
        .any(|p| p.code == crate::Code::SpecTooLarge.as_str())
    {
        return (None, problems);
    }
    let unknown = Tainted::new(
        substituted
            .unset
            .iter()
            .map(|u| (u.file, u.value))
            .collect(),
    );
    let (value, found) = convert::<T>(&root, text, 0);
    problems.extend(found.into_iter().filter(|p| {
        let (f, at) = p.position();
        !unknown.contains(f, at)
    }));
    problems.sort_by_key(Problem::position);
    for p in &mut problems {
        p.redact(&[]);
    }
    if problems.iter().any(|p| p.severity == Severity::Error) {
        return (None, problems);
    }
    (value, problems)
}

/// The entries (an item of a top-level list, or a top-level key's value) holding a
/// structural error.
fn tainted_regions<'p>(
    problems: impl IntoIterator<Item = &'p Problem>,
    parts: &[(FileId, Node, StackFile)],
) -> Tainted {
    let mut out = Vec::new();
    for p in problems
        .into_iter()
        .filter(|p| p.severity == Severity::Error)
    {
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
                                crate::Code::SpecDefinedTwice.as_str(),
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
