//! Fuzzing the loader's entry points (`load_bytes`, which `load_path` reads files into;
//! `load_document`; `var_file::parse`) with proptest, in the default suite: whatever the
//! input, loading returns problems or a stack, without panicking, within a time limit.
//!
//! - arbitrary bytes and strings, and a soup of YAML tokens and odd values;
//! - structure-aware mutations of the real example files (`examples/**/*.yaml`), one file
//!   or the retail store's folder: lines deleted, duplicated, swapped, moved, re-indented,
//!   truncated, spliced from another file; scalars and keys replaced with odd values (huge
//!   and negative numbers, unicode, `${`, `*alias`, `&anchor`, `!!tag`, very long strings,
//!   deep nesting); anchors and aliases added; CRLF and tabs;
//! - chains of anchors holding anchors, used where any value is deserialized;
//! - alias bombs (billion laughs, merge keys, large strings copied by aliases, variables
//!   substituted through aliases), deep nesting and large inputs, built in code;
//! - nested variable defaults (`${TAG:-${DEFAULT_TAG:-x}}`, too deep, unclosed) and
//!   numbers at and past the bounds AWS documents, among the odd values;
//! - sensitive variables used anywhere in the examples: no problem's message, label or
//!   help ever holds a sensitive value, cut short or whole;
//! - stack folders on disk holding every kind of entry `load_path` must name rather than
//!   skip (dangling and looping links, folders, FIFOs, files over the size cap, files
//!   not readable) and `/dev/zero`: an error naming each, at once, never a hang;
//! - the corpus in `tests/fuzz/corpus/` (seeds, and every input that ever failed),
//!   loaded one by one as a regression test.
//!
//! Each load (and the rendering of its problems, as the CLI does it) runs on a thread of
//! its own (the default 2 MiB stack, smaller than the CLI's main thread) and fails the
//! case when it panics or uses more than [`LIMIT`] of CPU time. Every outcome then holds
//! the [`invariants`]: problems placed inside their file, texts no longer than the
//! loader's caps, no sensitive value shown. A failing input is also written to
//! `$CARGO_TARGET_TMPDIR/fuzz-failures/`, to be added to the corpus.
//!
//! More cases: `ECSFORM_FUZZ_CASES=5000 cargo test -p ecsform-spec --test fuzz`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use ecsform_spec::types::{Service, TaskDefinition};
use ecsform_spec::{Loaded, Severity, SpecDiagnostic, Vars, load_bytes, load_document, var_file};
use miette::{GraphicalReportHandler, GraphicalTheme};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

/// The most CPU time one input may take to load (a debug build): far above what any
/// input of these sizes needs, far below what a hang or a bomb takes.
const LIMIT: Duration = Duration::from_secs(2);

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn corpus_dir() -> PathBuf {
    root().join("tests/fuzz/corpus")
}

/// Every YAML file under `examples/`, sorted, as `(name, bytes)`.
fn examples() -> &'static [(String, Vec<u8>)] {
    static ALL: std::sync::OnceLock<Vec<(String, Vec<u8>)>> = std::sync::OnceLock::new();
    ALL.get_or_init(|| {
        fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
            for e in std::fs::read_dir(dir).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    walk(&p, out);
                } else if p.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                    out.push(p);
                }
            }
        }
        let mut paths = Vec::new();
        walk(&root().join("examples"), &mut paths);
        paths.sort();
        let out: Vec<(String, Vec<u8>)> = paths
            .into_iter()
            .map(|p| {
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                (name, std::fs::read(&p).unwrap())
            })
            .collect();
        assert!(out.len() >= 6, "the examples are missing");
        out
    })
}

/// The examples' variables (so that valid files load all the way through the checks),
/// with one left unset so that the unset path runs too.
fn vars() -> Vars {
    static VARS: std::sync::OnceLock<Vars> = std::sync::OnceLock::new();
    VARS.get_or_init(|| {
        let text = std::fs::read_to_string(root().join("examples/example.env")).unwrap();
        let mut pairs = var_file::parse("example.env", &text).unwrap();
        pairs.retain(|(k, _)| k != "ALB_SG_ID");
        pairs.push(("EMPTY".into(), String::new()));
        pairs.push(("HUGE".into(), "9".repeat(40)));
        pairs.push(("UNICODE".into(), "é🦀\u{202e}".into()));
        pairs.push(("DOLLAR".into(), "${NESTED}".into()));
        pairs.push(("SECRET".into(), SECRET.into()));
        pairs.push(("BIG".into(), "b".repeat(100_000)));
        Vars::isolated(pairs)
    })
    .clone()
}

/// The value of the variable `SECRET`, which files list under `sensitiveVariables`.
const SECRET: &str = "fuzzS3cr3t!";

/// What can come out of one bounded run.
enum Outcome<T> {
    Done(T),
    Panicked(String),
    TimedOut(Duration),
}

/// The CPU time a thread has used so far, from `/proc/<pid>/task/<tid>/stat` (Linux).
fn thread_cpu_time(task: &Path) -> Option<Duration> {
    let stat = std::fs::read_to_string(task.join("stat")).ok()?;
    // After the command's closing parenthesis: field 3 (state) onwards; utime and stime
    // are fields 14 and 15, in clock ticks (USER_HZ, 100 a second on Linux).
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

/// Runs `f` on a thread of its own: its value, its panic, or a timeout once the thread
/// has used more than [`LIMIT`] of CPU time (measured as CPU time, not wall time, so that
/// a busy shared machine does not fail the case; where that cannot be read, wall time).
/// A hard ceiling of 15 times the limit in wall time catches a thread that waits forever.
/// A timed-out thread is left behind: the case fails anyway.
fn bounded<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Outcome<T> {
    let (tx, rx) = mpsc::channel();
    let (task_tx, task_rx) = mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("fuzz-load".into())
        .spawn(move || {
            let task = std::fs::read_link("/proc/thread-self")
                .ok()
                .map(|t| Path::new("/proc").join(t));
            let _ = task_tx.send(task);
            let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
            let _ = tx.send(r);
        });
    assert!(spawned.is_ok(), "cannot spawn a thread");
    let task = task_rx.recv().ok().flatten();
    let started = Instant::now();
    loop {
        match rx.recv_timeout(Duration::from_millis(20)) {
            Ok(Ok(v)) => return Outcome::Done(v),
            Ok(Err(payload)) => {
                return Outcome::Panicked(
                    payload
                        .downcast_ref::<&str>()
                        .map(|s| (*s).to_owned())
                        .or_else(|| payload.downcast_ref::<String>().cloned())
                        .unwrap_or_else(|| "(non-text panic payload)".into()),
                );
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Outcome::Panicked("the thread ended without an answer".into());
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                let wall = started.elapsed();
                let used = task.as_deref().and_then(thread_cpu_time).unwrap_or(wall);
                if used > LIMIT || wall > LIMIT * 15 {
                    return Outcome::TimedOut(used);
                }
            }
        }
    }
}

/// Keeps a failing input where it can be copied into the corpus.
fn keep_failure(files: &[(String, Vec<u8>)]) -> PathBuf {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    files.hash(&mut h);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("fuzz-failures")
        .join(format!("{:016x}", h.finish()));
    let _ = std::fs::create_dir_all(&dir);
    for (name, bytes) in files {
        let _ = std::fs::write(dir.join(name.replace('/', "_")), bytes);
    }
    dir
}

/// Loads `files` as one stack and renders its problems as the CLI does, bounded; then
/// checks what must hold for any input.
fn check(files: Vec<(String, Vec<u8>)>) -> Result<(), TestCaseError> {
    let input = files.clone();
    let outcome = bounded(move || {
        let loaded = load_bytes(files, &vars());
        let handler =
            GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor()).with_width(100);
        let rendered: Vec<bool> = loaded
            .problems
            .iter()
            .map(|p| {
                let mut out = String::new();
                handler
                    .render_report(&mut out, &SpecDiagnostic::new(p, &loaded.sources))
                    .is_ok()
            })
            .collect();
        (loaded, rendered)
    });
    let failed = |what: String| {
        let kept = keep_failure(&input);
        Err(TestCaseError::fail(format!(
            "{what} (input kept in {})",
            kept.display()
        )))
    };
    let (loaded, rendered) = match outcome {
        Outcome::Done(l) => l,
        Outcome::Panicked(m) => return failed(format!("the loader panicked: {m}")),
        Outcome::TimedOut(t) => {
            return failed(format!("loading took {t:?}, more than {LIMIT:?}"));
        }
    };
    if let Some(i) = rendered.iter().position(|ok| !ok) {
        return failed(format!("problem does not render: {:?}", loaded.problems[i]));
    }
    if let Err(e) = invariants(&loaded) {
        keep_failure(&input);
        return Err(e);
    }
    Ok(())
}

/// Whether a file lists `SECRET` under `sensitiveVariables:` (as the loader reads it).
fn lists_secret(text: &str) -> bool {
    let Ok(Some(root)) = ecsform_spec::raw::parse(text) else {
        return false;
    };
    let Some(entry) = root.get("sensitiveVariables") else {
        return false;
    };
    let ecsform_spec::raw::NodeKind::Seq(items) = &entry.value.kind else {
        return false;
    };
    items.iter().any(
        |n| matches!(&n.kind, ecsform_spec::raw::NodeKind::Str { value, .. } if value == "SECRET"),
    )
}

/// The longest text of a problem: the loader's cap, and room for its marks.
const MAX_SHOWN: usize = ecsform_spec::problem::MAX_TEXT_CHARS + 100;

/// What every outcome of loading satisfies: each problem has a message and a place
/// inside its file, on character boundaries, and texts within the caps, with no
/// sensitive value; a stack comes out exactly when no error does.
fn invariants(loaded: &Loaded) -> Result<(), TestCaseError> {
    let secret_listed = loaded.sources.iter().any(|s| lists_secret(&s.text));
    for p in &loaded.problems {
        prop_assert!(!p.labels.is_empty(), "problem without a place: {p:?}");
        prop_assert!(!p.message.is_empty(), "problem without a message: {p:?}");
        let texts = std::iter::once(&p.message)
            .chain(p.labels.iter().map(|l| &l.text))
            .chain(p.help.iter());
        for t in texts {
            prop_assert!(
                t.chars().count() <= MAX_SHOWN,
                "a text of {} characters: {}",
                t.chars().count(),
                t.chars().take(200).collect::<String>()
            );
            prop_assert!(
                !(secret_listed && t.contains("S3cr3t")),
                "a sensitive value shown: {t}"
            );
        }
        for l in &p.labels {
            prop_assert!(l.file < loaded.sources.len(), "label in no file: {p:?}");
            let text = &loaded.sources[l.file].text;
            prop_assert!(l.span.end() <= text.len(), "label past the end: {p:?}");
            prop_assert!(
                text.is_char_boundary(l.span.start) && text.is_char_boundary(l.span.end()),
                "label inside a character: {p:?}"
            );
        }
    }
    let errors = loaded.count(Severity::Error);
    prop_assert_eq!(
        loaded.stack.is_some(),
        errors == 0,
        "a stack with errors, or no stack and no error: {:?}",
        loaded.problems
    );
    if let Some(stack) = &loaded.stack {
        prop_assert!(!stack.name.is_empty());
    }
    Ok(())
}

/// `load_document` and the var file parser on the same text: bounded, no panic.
fn check_document(text: String) -> Result<(), TestCaseError> {
    /// One entry point on the text, bounded on its own: whether no value came out with
    /// an error.
    fn one(text: &str, run: fn(&str, &Vars) -> bool) -> Result<(), TestCaseError> {
        let text = text.to_owned();
        match bounded(move || run(&text, &vars())) {
            Outcome::Done(consistent) => {
                prop_assert!(consistent, "a document came out with errors");
                Ok(())
            }
            Outcome::Panicked(m) => Err(TestCaseError::fail(format!("panicked: {m}"))),
            Outcome::TimedOut(t) => Err(TestCaseError::fail(format!(
                "took {t:?}, more than {LIMIT:?}"
            ))),
        }
    }
    fn no_error(problems: &[ecsform_spec::Problem]) -> bool {
        problems.iter().all(|p| p.severity != Severity::Error)
    }
    one(&text, |t, v| {
        let (td, problems) = load_document::<TaskDefinition>(t, v);
        td.is_none() || no_error(&problems)
    })?;
    one(&text, |t, v| {
        let (svc, problems) = load_document::<Service>(t, v);
        svc.is_none() || no_error(&problems)
    })?;
    one(&text, |t, _| {
        let _ = var_file::parse("fuzz.env", t);
        true
    })
}

// --- structure-aware mutations -------------------------------------------------------

/// Odd values put in place of a scalar (or a key).
fn odd_value() -> impl Strategy<Value = String> {
    let fixed = prop::sample::select(vec![
        // numbers
        "99999999999999999999999999",
        "-99999999999999999999999999",
        "9223372036854775807",
        "9223372036854775808",
        "-9223372036854775808",
        "-9223372036854775809",
        "4294967296",
        "2147483648",
        "-1",
        "-0",
        "0",
        "1e309",
        "-1e309",
        "1e-400",
        "0x7fffffffffffffff",
        "65535",
        "65536",
        "2147483647",
        "0.05",
        "100.5",
        "1441",
        "20161",
        "604801",
        "0xffffffffffffffffff",
        "0x",
        "0o",
        "0o9",
        "0b101",
        "1_000",
        "+12",
        ".5",
        "5.",
        "1.2.3",
        "1e",
        ".inf",
        "-.inf",
        ".nan",
        "0.000000000000000000000000000001",
        "\"1024\"",
        "'1 vCPU'",
        "0.25 vCPU",
        "0.1 vCPU",
        "1e3 GB",
        "99999999999 GB",
        "4294967296 MiB",
        ". GB",
        "GB",
        // booleans and nulls
        "true",
        "false",
        "yes",
        "on",
        "~",
        "null",
        "",
        "''",
        "\"\"",
        // unicode
        "é",
        "日本語",
        "🦀",
        "\"\\u202e\"",
        "\u{202e}abc",
        "e\u{301}",
        "\u{200b}",
        "\u{feff}",
        "\"\\0\"",
        "\"\\x00\"",
        "\"\\uD800\"",
        "\"\\U0010FFFF\"",
        "\"\\U00110000\"",
        "\"\\",
        "'it''s'",
        // interpolation
        "${",
        "${}",
        "${A",
        "${A:-",
        "${A:-}",
        "${:-x}",
        "${1A}",
        "\"${AWS_REGION}\"",
        "\"${NOPE}\"",
        "\"${HUGE}\"",
        "${HUGE}",
        "${EMPTY}",
        "\"${EMPTY:-}\"",
        "${UNICODE}",
        "${DOLLAR}",
        "$${AWS_REGION}",
        "$$$${",
        "\"${A:-${B}}\"",
        "\"${NOPE:-${AWS_REGION}}\"",
        "\"${NOPE:-${NOPE2:-x}}\"",
        "\"${EMPTY:-${HUGE}}\"",
        "\"${NOPE:-${UNICODE}-${DOLLAR}}\"",
        "\"${A:-${\"",
        "\"${A:-${B}\"",
        "\"${A:-$${B}}\"",
        "\"${A:-}}}\"",
        "\"${SECRET}\"",
        "\"x-${SECRET}-y\"",
        "\"${NOPE:-${SECRET}}\"",
        "${BIG}",
        "\"${BIG}${BIG}\"",
        "${A}${B}${C}",
        "arn:aws:ssm:${AWS_REGION}:${ACCOUNT_ID}:parameter/x",
        // YAML structure
        "*alias",
        "*a",
        "&anchor",
        "&a x",
        "&a",
        "&a [1, 2]",
        "&a {x: 1}",
        "*a *b",
        "!!tag",
        "!!str 12",
        "!!int x",
        "!!int 12",
        "!!float x",
        "!!bool x",
        "!!null x",
        "!!binary aGVsbG8=",
        "!!map {}",
        "!!seq []",
        "!!map []",
        "!!set {a}",
        "!!omap [a: 1]",
        "!Ref x",
        "!<tag:yaml.org,2002:str> x",
        "!<!> x",
        "! x",
        "!",
        "[",
        "]",
        "{",
        "}",
        "[]",
        "{}",
        "[[]]",
        "{a: }",
        "{? a}",
        "[a: b]",
        "- ",
        "-",
        "? ",
        ": ",
        ":",
        "|",
        ">",
        "|-",
        "|+9",
        ">0",
        "#",
        "'",
        "\"",
        "`",
        "@",
        "%",
        "%YAML 1.2",
        "---",
        "...",
        "--- x",
        "\t",
        "a\tb",
        "x # comment",
        "x#notacomment",
        "<<",
        "<<: *a",
        "[*a, *a]",
    ])
    .prop_map(str::to_owned);
    prop_oneof![
        8 => fixed,
        1 => (1usize..60).prop_map(|n| format!("{}{}", "[".repeat(n), "]".repeat(n))),
        1 => (1usize..60).prop_map(|n| format!("{}x{}", "{a: ".repeat(n), "}".repeat(n))),
        1 => (1usize..60).prop_map(|n| "[".repeat(n)),
        1 => (1usize..40).prop_map(|n| (0..n).map(|i| format!("\n{}- ", " ".repeat(2 * i + 2))).collect::<String>() + "x"),
        1 => prop::sample::select(vec![1_000usize, 70_000, 200_000]).prop_map(|n| "a".repeat(n)),
        1 => (1usize..5000).prop_map(|n| "9".repeat(n)),
        1 => (1usize..2000).prop_map(|n| format!("\"{}\"", "${A}".repeat(n))),
        1 => (1usize..30).prop_map(|n| format!("\"{}x{}\"", "${A:-".repeat(n), "}".repeat(n))),
        1 => any::<String>(),
        1 => "[a-z]{1,6}".prop_map(|s| format!("&{s} {s}")),
        1 => "[a-z]{1,6}".prop_map(|s| format!("*{s}")),
    ]
}

/// One edit of a file's lines. Indices are taken modulo the number of lines.
#[derive(Debug, Clone)]
enum Edit {
    DeleteLine(usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    MoveLine(usize, usize),
    Indent(usize, i8),
    ReplaceValue(usize, String),
    ReplaceKey(usize, String),
    InsertLine(usize, String),
    /// Insert lines `[from, from + len)` of example `file` before line `at`.
    Splice {
        at: usize,
        file: usize,
        from: usize,
        len: usize,
    },
    /// Anchor the value of one line and refer to it from another.
    AnchorAlias(usize, usize),
    Truncate(usize),
    CrLf,
    Tabs,
    /// Append anchors each holding the one before, `depth` lists deep, and use the last.
    AliasChain {
        links: usize,
        depth: usize,
    },
}

fn edit() -> impl Strategy<Value = Edit> {
    let i = any::<usize>;
    prop_oneof![
        3 => i().prop_map(Edit::DeleteLine),
        2 => i().prop_map(Edit::DuplicateLine),
        2 => (i(), i()).prop_map(|(a, b)| Edit::SwapLines(a, b)),
        1 => (i(), i()).prop_map(|(a, b)| Edit::MoveLine(a, b)),
        2 => (i(), -6i8..7).prop_map(|(a, d)| Edit::Indent(a, d)),
        5 => (i(), odd_value()).prop_map(|(a, v)| Edit::ReplaceValue(a, v)),
        2 => (i(), odd_value()).prop_map(|(a, v)| Edit::ReplaceKey(a, v)),
        2 => (i(), odd_value()).prop_map(|(a, v)| Edit::InsertLine(a, v)),
        2 => (i(), i(), i(), 1usize..12).prop_map(|(at, file, from, len)| Edit::Splice { at, file, from, len }),
        2 => (i(), i()).prop_map(|(a, b)| Edit::AnchorAlias(a, b)),
        1 => i().prop_map(Edit::Truncate),
        1 => Just(Edit::CrLf),
        1 => Just(Edit::Tabs),
        1 => (1usize..30, 1usize..45).prop_map(|(links, depth)| Edit::AliasChain { links, depth }),
    ]
}

/// The value part of a `key: value` or `- value` line: (start, end) in bytes.
fn value_range(line: &str) -> Option<(usize, usize)> {
    let trimmed = line.trim_start();
    let indent = line.len() - trimmed.len();
    let start = if let Some(at) = line.find(": ") {
        at + 2
    } else if trimmed.starts_with("- ") {
        indent + 2
    } else {
        return None;
    };
    Some((start, line.len()))
}

fn apply_edits(text: &str, edits: &[Edit]) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let mut crlf = false;
    for e in edits {
        let n = lines.len().max(1);
        match e {
            Edit::DeleteLine(a) => {
                if !lines.is_empty() {
                    lines.remove(a % n);
                }
            }
            Edit::DuplicateLine(a) => {
                if !lines.is_empty() {
                    let l = lines[a % n].clone();
                    lines.insert(a % n, l);
                }
            }
            Edit::SwapLines(a, b) => {
                if !lines.is_empty() {
                    lines.swap(a % n, b % n);
                }
            }
            Edit::MoveLine(a, b) => {
                if !lines.is_empty() {
                    let l = lines.remove(a % n);
                    let to = b % lines.len().max(1);
                    lines.insert(to.min(lines.len()), l);
                }
            }
            Edit::Indent(a, d) => {
                if let Some(l) = lines.get_mut(a % n) {
                    if *d >= 0 {
                        l.insert_str(0, &" ".repeat(usize::from(d.unsigned_abs())));
                    } else {
                        let strip = l
                            .bytes()
                            .take(usize::from(d.unsigned_abs()))
                            .take_while(|b| *b == b' ')
                            .count();
                        l.drain(..strip);
                    }
                }
            }
            Edit::ReplaceValue(a, v) => {
                if let Some(l) = lines.get_mut(a % n) {
                    match value_range(l) {
                        Some((s, end)) => l.replace_range(s..end, v),
                        None => l.push_str(v),
                    }
                }
            }
            Edit::ReplaceKey(a, k) => {
                if let Some(l) = lines.get_mut(a % n)
                    && let Some(colon) = l.find(':')
                {
                    let indent = l.len() - l.trim_start().len();
                    let dash = if l.trim_start().starts_with("- ") {
                        2
                    } else {
                        0
                    };
                    let from = (indent + dash).min(colon);
                    l.replace_range(from..colon, k);
                }
            }
            Edit::InsertLine(a, v) => {
                let at = a % n;
                let indent = lines.get(at).map_or(0, |l| l.len() - l.trim_start().len());
                lines.insert(at.min(lines.len()), format!("{}{v}", " ".repeat(indent)));
            }
            Edit::Splice {
                at,
                file,
                from,
                len,
            } => {
                let all = examples();
                let other = String::from_utf8_lossy(&all[file % all.len()].1).into_owned();
                let other: Vec<&str> = other.lines().collect();
                if !other.is_empty() {
                    let from = from % other.len();
                    let end = (from + len).min(other.len());
                    let at = (at % n).min(lines.len());
                    for (k, l) in other[from..end].iter().enumerate() {
                        lines.insert(at + k, (*l).to_owned());
                    }
                }
            }
            Edit::AnchorAlias(a, b) => {
                if lines.is_empty() {
                    continue;
                }
                let (a, b) = (a % n, b % n);
                if let Some((s, _)) = value_range(&lines[a]) {
                    lines[a].insert_str(s, "&fz ");
                    if let Some((s, end)) = value_range(&lines[b]) {
                        lines[b].replace_range(s..end, "*fz");
                    } else if let Some(colon) = lines[b].find(':') {
                        lines[b].replace_range(colon + 1.., " *fz");
                    }
                }
            }
            Edit::Truncate(a) => {
                if let Some(l) = lines.get_mut(a % n) {
                    let mut cut = a % (l.len() + 1);
                    while !l.is_char_boundary(cut) {
                        cut -= 1;
                    }
                    l.truncate(cut);
                }
            }
            Edit::AliasChain { links, depth } => {
                for i in 0..*links {
                    let inner = if i == 0 {
                        "x".to_owned()
                    } else {
                        format!("*ch{}", i - 1)
                    };
                    lines.push(format!(
                        "ch{i}: &ch{i} {}{inner}{}",
                        "[".repeat(*depth),
                        "]".repeat(*depth)
                    ));
                }
                lines.push(format!("cluster: *ch{}", links - 1));
            }
            Edit::CrLf => crlf = !crlf,
            Edit::Tabs => {
                if let Some(l) = lines.iter_mut().find(|l| l.starts_with("  ")) {
                    l.replace_range(..2, "\t");
                }
            }
        }
    }
    let sep = if crlf { "\r\n" } else { "\n" };
    let mut out = lines.join(sep);
    out.push_str(sep);
    out
}

/// The number of cases of each property: modest in the default suite.
fn cases(default: u32) -> u32 {
    std::env::var("ECSFORM_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn config(default: u32) -> ProptestConfig {
    ProptestConfig {
        cases: cases(default),
        // A timed-out case costs LIMIT per shrink step.
        max_shrink_iters: 300,
        max_shrink_time: 60_000,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config(300))]

    #[test]
    fn arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        check(vec![("fuzz.yaml".into(), bytes)])?;
    }

    #[test]
    fn arbitrary_strings(text in any::<String>()) {
        check(vec![("fuzz.yaml".into(), text.clone().into_bytes())])?;
        check_document(text)?;
    }

    #[test]
    fn yaml_token_soup(tokens in prop::collection::vec(odd_value(), 0..40), seps in prop::collection::vec(prop::sample::select(vec!["\n", "\n  ", "\n- ", ": ", ", ", " ", "\n    - "]), 40)) {
        let mut text = String::from("stack: fuzz\n");
        for (t, s) in tokens.iter().zip(seps.iter()) {
            text.push_str(t);
            text.push_str(s);
        }
        check(vec![("fuzz.yaml".into(), text.clone().into_bytes())])?;
        check_document(text)?;
    }
}

proptest! {
    #![proptest_config(config(600))]

    #[test]
    fn mutated_example_files(which in any::<usize>(), edits in prop::collection::vec(edit(), 1..8)) {
        let all = examples();
        let (name, bytes) = &all[which % all.len()];
        let text = apply_edits(&String::from_utf8_lossy(bytes), &edits);
        check(vec![(name.clone(), text.clone().into_bytes())])?;
        check_document(text)?;
    }

    #[test]
    fn mutated_retail_store_folder(target in 0usize..4, edits in prop::collection::vec(edit(), 1..6), extra in prop::option::of((any::<usize>(), prop::collection::vec(edit(), 0..4)))) {
        let dir = root().join("examples/retail-store");
        let mut names: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
        names.sort();
        let mut files: Vec<(String, Vec<u8>)> = names
            .iter()
            .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(p).unwrap()))
            .collect();
        let t = target % files.len();
        files[t].1 = apply_edits(&String::from_utf8_lossy(&files[t].1), &edits).into_bytes();
        // Sometimes a fifth file, itself a mutated example: the merge across files.
        if let Some((which, edits)) = extra {
            let all = examples();
            let (_, bytes) = &all[which % all.len()];
            files.push(("zz-extra.yaml".into(), apply_edits(&String::from_utf8_lossy(bytes), &edits).into_bytes()));
        }
        check(files)?;
    }
}

proptest! {
    #![proptest_config(config(100))]

    /// Sensitive variables used anywhere in an example file that lists them: no problem
    /// shows the value, whatever else is wrong with the file.
    #[test]
    fn sensitive_values_never_reach_a_problem(which in any::<usize>(), at in prop::collection::vec(any::<usize>(), 1..6), edits in prop::collection::vec(edit(), 0..4)) {
        let all = examples();
        let (name, bytes) = &all[which % all.len()];
        let mut text = String::from_utf8_lossy(bytes).into_owned();
        let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
        for a in at {
            let n = lines.len().max(1);
            if let Some(l) = lines.get_mut(a % n)
                && let Some((s, end)) = value_range(l)
            {
                let v = ["\"${SECRET}\"", "\"x-${SECRET}\"", "\"${NOPE:-${SECRET}}\"", "${SECRET}"][a % 4];
                l.replace_range(s..end, v);
            }
        }
        text = lines.join("\n");
        text = apply_edits(&text, &edits);
        text.insert_str(0, "sensitiveVariables: [SECRET]\n");
        check(vec![(name.clone(), text.into_bytes())])?;
    }

    /// Strings copied by aliases, level over level, and variables substituted in them:
    /// refused by their bytes, in time, whatever the sizes.
    #[test]
    fn byte_bombs(len in 1usize..200_000, fanout in 2usize..12, levels in 1usize..7, variable in any::<bool>()) {
        let first = if variable { "\"${BIG}\"".to_owned() } else { format!("\"{}\"", "a".repeat(len)) };
        let mut text = format!("stack: bomb\ns0: &s0 {first}\n");
        for i in 1..=levels {
            let items = vec![format!("*s{}", i - 1); fanout].join(", ");
            text.push_str(&format!("s{i}: &s{i} [{items}]\n"));
        }
        check(vec![("bomb.yaml".into(), text.into_bytes())])?;
    }
}

proptest! {
    #![proptest_config(config(64))]

    /// Anchors holding the anchor before them, used where a value of any shape is
    /// deserialized recursively (a lifecycle hook's `hookDetails`): 500 links of 40
    /// levels overflowed the stack before aliases were held to the nesting limit.
    #[test]
    fn alias_chains(links in 1usize..600, depth in 1usize..45, wrap in 0usize..4) {
        let mut text = String::from("stack: chains\n");
        for i in 0..links {
            let inner = if i == 0 { "x".to_owned() } else { format!("*ch{}", i - 1) };
            text.push_str(&format!("ch{i}: &ch{i} {}{inner}{}\n", "[".repeat(depth), "]".repeat(depth)));
        }
        let last = format!("*ch{}", links - 1);
        let wrapped = format!("{}{last}{}", "{k: ".repeat(wrap), "}".repeat(wrap));
        text.push_str(&format!(
            "services:\n  - serviceName: s\n    taskDefinition: t\n    deploymentConfiguration:\n      lifecycleHooks:\n        - hookDetails: {wrapped}\n"
        ));
        check(vec![("chains.yaml".into(), text.into_bytes())])?;
    }
}

// --- the file system: what `load_path` must name, never skip --------------------------

/// One entry of a stack folder on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Disk {
    /// A valid stack file (the first one holds `stack:`).
    Valid,
    /// A file that is not YAML by its name: not read.
    NotYaml,
    /// A symbolic link to nothing.
    Dangling,
    /// A symbolic link to itself.
    Loop,
    /// A folder named as a YAML file.
    Folder,
    /// A FIFO named as a YAML file: opening it would wait for a writer.
    Fifo,
    /// A sparse file over the size cap.
    Huge,
    /// A file of mode 000 (readable all the same by root).
    Locked,
}

fn disk_entry() -> impl Strategy<Value = Disk> {
    prop_oneof![
        4 => Just(Disk::Valid),
        1 => Just(Disk::NotYaml),
        1 => Just(Disk::Dangling),
        1 => Just(Disk::Loop),
        1 => Just(Disk::Folder),
        1 => Just(Disk::Fifo),
        1 => Just(Disk::Huge),
        1 => Just(Disk::Locked),
    ]
}

/// Creates the entries in a fresh folder; returns it with the names of the entries
/// `load_path` cannot read.
fn make_folder(entries: &[Disk]) -> (PathBuf, Vec<String>) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("fuzz-folders")
        .join(format!(
            "{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut bad = Vec::new();
    for (i, kind) in entries.iter().enumerate() {
        let name = if *kind == Disk::NotYaml {
            format!("e{i}.md")
        } else {
            format!("e{i}.yaml")
        };
        let path = dir.join(&name);
        let text = if i == 0 {
            "stack: disk\n"
        } else {
            "namespaces: []\n"
        };
        match kind {
            Disk::Valid | Disk::NotYaml => std::fs::write(&path, text).unwrap(),
            Disk::Dangling => std::os::unix::fs::symlink("gone/away.yaml", &path).unwrap(),
            Disk::Loop => std::os::unix::fs::symlink(&name, &path).unwrap(),
            Disk::Folder => std::fs::create_dir(&path).unwrap(),
            Disk::Fifo => {
                let ok = std::process::Command::new("mkfifo")
                    .arg(&path)
                    .status()
                    .unwrap();
                assert!(ok.success());
            }
            Disk::Huge => {
                let f = std::fs::File::create(&path).unwrap();
                f.set_len(ecsform_spec::MAX_FILE_BYTES + 1).unwrap();
            }
            Disk::Locked => {
                std::fs::write(&path, text).unwrap();
                let mode = std::os::unix::fs::PermissionsExt::from_mode(0o000);
                std::fs::set_permissions(&path, mode).unwrap();
                if std::fs::File::open(&path).is_ok() {
                    continue; // root: readable
                }
            }
        }
        if !matches!(kind, Disk::Valid | Disk::NotYaml) {
            bad.push(name);
        }
    }
    (dir, bad)
}

/// `load_path` on `path`, bounded: whether it loaded, or its error's code and text.
fn load_path_bounded(
    path: PathBuf,
) -> Result<Result<(), (Option<&'static str>, String)>, TestCaseError> {
    let shown = path.display().to_string();
    match bounded(move || {
        ecsform_spec::load_path(&path, &vars())
            .map(|_| ())
            .map_err(|e| (e.code(), e.to_string()))
    }) {
        Outcome::Done(r) => Ok(r),
        Outcome::Panicked(m) => Err(TestCaseError::fail(format!("{shown}: panicked: {m}"))),
        Outcome::TimedOut(t) => Err(TestCaseError::fail(format!("{shown}: took {t:?}"))),
    }
}

proptest! {
    #![proptest_config(config(40))]

    /// A folder (or one of its files) holding any mix of entries: each entry that cannot
    /// be read is named in one error, at once; with none, the stack loads.
    #[test]
    fn unreadable_entries_are_named_never_skipped(entries in prop::collection::vec(disk_entry(), 1..7), first_only in any::<bool>()) {
        let (dir, bad) = make_folder(&entries);
        let (target, bad) = if first_only {
            let name = if entries[0] == Disk::NotYaml { "e0.md" } else { "e0.yaml" };
            // A folder given itself is read as a folder (an empty one here).
            let bad = bad.into_iter().filter(|b| b.starts_with("e0.") && entries[0] != Disk::Folder);
            (dir.join(name), bad.collect())
        } else {
            (dir.clone(), bad)
        };
        let outcome = load_path_bounded(target)?;
        if bad.is_empty() {
            // Loads, or fails for a reason of its content or its lack of YAML files.
            if let Err((code, text)) = &outcome {
                prop_assert!(code.is_none(), "{text}");
            }
        } else {
            let Err((code, text)) = outcome else {
                return Err(TestCaseError::fail(format!("loaded, skipping {bad:?}")));
            };
            prop_assert!(code.is_some(), "{text}");
            for b in &bad {
                prop_assert!(text.contains(b.as_str()), "{b} not named: {text}");
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[test]
fn devices_as_the_stack_are_named() {
    for dev in ["/dev/zero", "/dev/null", "/dev/urandom"] {
        let r = load_path_bounded(PathBuf::from(dev)).unwrap();
        let (code, text) = r.expect_err(dev);
        assert_eq!(code, Some("spec::unreadable_file"), "{text}");
        assert!(
            text.contains(dev) && text.contains("character device"),
            "{text}"
        );
    }
}

// --- the corpus ----------------------------------------------------------------------

/// Every corpus entry: a file is a one-file stack, a folder a stack of its files.
/// Files as loaded: `(name, bytes)`.
type Files = Vec<(String, Vec<u8>)>;

fn corpus() -> Vec<(String, Files)> {
    let mut out = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with('.') || name == "README.md" {
            continue;
        }
        if p.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(&p)
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect();
            files.sort();
            let files = files
                .into_iter()
                .map(|f| {
                    (
                        f.file_name().unwrap().to_string_lossy().into_owned(),
                        std::fs::read(&f).unwrap(),
                    )
                })
                .collect();
            out.push((name, files));
        } else {
            out.push((name.clone(), vec![(name, std::fs::read(&p).unwrap())]));
        }
    }
    out
}

#[test]
fn every_corpus_input_loads_bounded_without_panicking() {
    let corpus = corpus();
    assert!(corpus.len() >= 20, "the corpus is missing");
    let mut failures = Vec::new();
    for (name, files) in corpus {
        let text = files
            .first()
            .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
            .unwrap_or_default();
        if let Err(e) = check(files) {
            failures.push(format!("{name}: {e}"));
        }
        if let Err(e) = check_document(text) {
            failures.push(format!("{name} (as one document): {e}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// --- bombs and sizes, built in code (too big to keep as files) ------------------------

fn load_one(text: String) -> Loaded {
    let name = "big.yaml".to_owned();
    let input = vec![(name, text.into_bytes())];
    match bounded({
        let input = input.clone();
        move || load_bytes(input, &vars())
    }) {
        Outcome::Done(l) => l,
        Outcome::Panicked(m) => {
            panic!("panicked: {m} (kept in {})", keep_failure(&input).display())
        }
        Outcome::TimedOut(t) => panic!(
            "took {t:?}, more than {LIMIT:?} (kept in {})",
            keep_failure(&input).display()
        ),
    }
}

fn has_code(l: &Loaded, code: &str) -> bool {
    l.problems.iter().any(|p| p.code == code)
}

#[test]
fn a_billion_laughs_is_refused_quickly() {
    // Ten levels of ten aliases each: 10^10 values if expanded.
    let mut bomb =
        String::from("stack: lol\nl0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let p = format!("*l{}", i - 1);
        let items = [p.as_str(); 10].join(", ");
        bomb.push_str(&format!("l{i}: &l{i} [{items}]\n"));
    }
    let loaded = load_one(bomb);
    assert!(
        has_code(&loaded, "spec::too_large"),
        "{:?}",
        loaded.problems
    );
    assert!(
        loaded.problems[0]
            .message
            .contains("more than 2000000 values through aliases"),
        "{:?}",
        loaded.problems[0]
    );
}

#[test]
fn merge_key_bombs_are_refused_quickly() {
    // Mappings merged into mappings, level over level: each level doubles.
    let mut bomb = String::from("stack: lol\nm0: &m0 {a: 1, b: 2, c: 3, d: 4}\n");
    for i in 1..40 {
        bomb.push_str(&format!(
            "m{i}: &m{i} {{<<: [*m{p}, *m{p}], x{i}: *m{p}, y{i}: *m{p}}}\n",
            p = i - 1
        ));
    }
    let loaded = load_one(bomb);
    assert!(loaded.stack.is_none());
    assert!(!loaded.problems.is_empty());
}

#[test]
fn a_bomb_just_under_the_node_limit_is_bounded() {
    // Expands to about 1.1 million values: allowed, and must still load in time.
    let mut bomb = String::from("stack: lol\nl0: &l0 [a, b, c, d, e, f, g, h, i, j]\n");
    for i in 1..6 {
        let p = format!("*l{}", i - 1);
        let items = [p.as_str(); 10].join(", ");
        bomb.push_str(&format!("l{i}: &l{i} [{items}]\n"));
    }
    let loaded = load_one(bomb);
    // `l0`.. are not keys of a stack file: reported, not expanded into problems per value.
    assert!(
        has_code(&loaded, "spec::unknown_key"),
        "{:?}",
        loaded.problems
    );
}

#[test]
fn aliases_into_resource_lists_are_bounded() {
    // One service with errors, repeated through aliases into a long list: every copy's
    // problems are at the same place.
    let mut text = String::from(
        "stack: lol\ns0: &s0 {serviceName: a, nope: 1, desiredCount: -1, taskDefinition: x}\n",
    );
    text.push_str("l1: &l1 [*s0, *s0, *s0, *s0, *s0, *s0, *s0, *s0, *s0, *s0]\n");
    for i in 2..5 {
        let p = format!("*l{}", i - 1);
        let items = [p.as_str(); 10].join(", ");
        text.push_str(&format!("l{i}: &l{i} [{items}]\n"));
    }
    text.push_str("services: *l4\n");
    let loaded = load_one(text);
    assert!(loaded.stack.is_none());
}

#[test]
fn merging_many_keys_many_times_is_bounded() {
    // A wide mapping merged into another many times: the merge must not be quadratic.
    let keys: Vec<String> = (0..20_000).map(|i| format!("k{i}: {i}")).collect();
    let mut text = format!("stack: wide\nw: &w {{{}}}\n", keys.join(", "));
    let aliases = vec!["*w"; 40].join(", ");
    text.push_str(&format!("m: {{<<: [{aliases}]}}\n"));
    let loaded = load_one(text);
    assert!(has_code(&loaded, "spec::unknown_key"));
}

#[test]
fn many_resources_with_problems_are_bounded() {
    // Thousands of entries, each with a problem (and a reference the checks would report
    // but that a structural problem hides): finding the entry of each problem was a
    // linear search, quadratic over the file (8,000 services: 2.3 s of a debug build's
    // CPU, now under half that).
    let mut text = String::from("stack: many\nservices:\n");
    for i in 0..8_000 {
        text.push_str(&format!(
            "  - {{serviceName: s{i}, taskDefinition: missing, nope: 1}}\n"
        ));
    }
    let loaded = load_one(text);
    assert_eq!(
        loaded.count(Severity::Error),
        8_000,
        "{:?}",
        &loaded.problems[..3]
    );
    assert!(
        loaded
            .problems
            .iter()
            .all(|p| p.code == "spec::unknown_key")
    );
}

#[test]
fn deep_nesting_and_long_values_are_bounded() {
    let loaded = load_one(format!("stack: {}\n", "[".repeat(1_000_000)));
    assert!(has_code(&loaded, "spec::yaml_syntax"));
    let loaded = load_one(format!("stack: {}\n", "{a: ".repeat(100_000)));
    assert!(has_code(&loaded, "spec::yaml_syntax"));
    let deep_block: String = (0..3000)
        .map(|i| format!("{}- \n", " ".repeat(i)))
        .collect();
    let loaded = load_one(format!("stack: x\nservices:\n{deep_block}"));
    assert!(!loaded.problems.is_empty());
    let loaded = load_one(format!("stack: \"{}\"\n", "a".repeat(5_000_000)));
    assert!(
        has_code(&loaded, "spec::invalid_name"),
        "a 5 MB stack name is refused"
    );
    let loaded = load_one(format!(
        "stack: x\nregion: \"{}\"\n",
        "${A}".repeat(200_000)
    ));
    assert!(has_code(&loaded, "spec::unset_variable"));
}
