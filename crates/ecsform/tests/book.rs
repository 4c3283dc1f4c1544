//! The book (`book/`) cannot rot: every check here reads the book's Markdown and the
//! files it includes, runs the built `ecsform`, and compares.
//!
//! - Every ```yaml block of `book/src` is an `{{#include}}` of a file of the repository;
//!   ecsform validates each included stack file (`ecsform validate --strict`), and the
//!   other YAML files (CI pipelines) at least parse. Every `ecsform` command in the
//!   book's shell blocks, the CI examples, the cron and systemd recipes parses with the
//!   CLI as it is (`ecsform ARGS --help` succeeds).
//! - The file reference (from `ecsform schema`), the defaults reference and the CLI
//!   reference (from the `--help` of every subcommand the binary has) equal freshly
//!   generated ones; the generators are library functions of `crates/xtask`, which
//!   `cargo xtask gen` calls to write them.
//! - Every ```console block includes a transcript that a test here runs again and
//!   compares (ids, ARNs, times and the order of concurrent progress lines normalized):
//!   the getting-started walkthrough and the drift chapter against the local test bed,
//!   validation errors without it.
//! - The troubleshooting chapter lists exactly the diagnostic codes of
//!   `ecsform_spec::Code`, and every code the sources emit is a variant of it.
//!
//! The two transcript tests that run against the test bed are end-to-end tests
//! (`#[ignore]`d: `scripts/test` and `scripts/book` run them with `--include-ignored`).
//! After an intended change, regenerate the generated parts with
//!
//! ```sh
//! cargo xtask gen                 # the references (no test bed)
//! cargo xtask gen transcripts     # the transcripts: runs this test with ECSFORM_BOOK=overwrite
//! ```
//!
//! (`ECSFORM_BOOK=overwrite cargo test -p ecsform --test book -- --include-ignored`, or `scripts/book regen`,
//! rewrites the references and the transcripts at once.)

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;
use support::{Rollout, TestBed, deployments_stack, root};

const BIN: &str = env!("CARGO_BIN_EXE_ecsform");

const REGENERATE: &str = "regenerate with `cargo xtask gen transcripts` (which runs this test with `ECSFORM_BOOK=overwrite`) and review the diff";

/// `ECSFORM_BOOK=overwrite`: write generated parts instead of comparing them.
fn overwrite() -> bool {
    std::env::var("ECSFORM_BOOK").is_ok_and(|v| v == "overwrite")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A path relative to the repository root, for messages.
fn rel(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string()
}

fn book() -> PathBuf {
    root().join("book")
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries {
        let p = e.unwrap().path();
        if p.is_dir() {
            files_under(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    files_under(dir, &mut out);
    out.sort();
    out
}

/// The chapters: every Markdown file of `book/src`.
fn chapters() -> Vec<PathBuf> {
    files_in(&book().join("src"))
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect()
}

/// Compares a generated file with the committed one (or writes it when overwriting);
/// `cargo xtask gen` writes the same file with the same function.
fn check_generated(file: xtask::Generated, fresh: &str) -> Result<(), String> {
    if overwrite() {
        let path = root().join(file.path());
        if std::fs::read_to_string(&path).ok().as_deref() != Some(fresh) {
            std::fs::write(&path, fresh).unwrap();
        }
        return Ok(());
    }
    xtask::stale(file, fresh).map_or(Ok(()), Err)
}

fn diff(before: &str, after: &str) -> String {
    xtask::diff(before, after)
}

fn assert_no_failures(failures: &[String]) {
    assert!(
        failures.is_empty(),
        "{} problem(s):\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

// ---- Markdown: code blocks and includes ---------------------------------------------

/// A fenced code block of a chapter.
#[derive(Debug)]
struct Block {
    file: PathBuf,
    line: usize,
    lang: String,
    lines: Vec<String>,
}

impl Block {
    fn at(&self) -> String {
        format!("{}:{}", rel(&self.file), self.line)
    }
}

fn blocks(file: &Path) -> Vec<Block> {
    let text = read(file);
    let mut out = Vec::new();
    let mut open: Option<(String, Block)> = None;
    for (i, line) in text.lines().enumerate() {
        let t = line.trim_start();
        match &mut open {
            None => {
                if t.starts_with("```") {
                    let fence: String = t.chars().take_while(|c| *c == '`').collect();
                    let info = t[fence.len()..].trim();
                    let lang = info
                        .split([',', ' ', '{'])
                        .next()
                        .unwrap_or_default()
                        .to_owned();
                    open = Some((
                        fence,
                        Block {
                            file: file.to_owned(),
                            line: i + 1,
                            lang,
                            lines: Vec::new(),
                        },
                    ));
                }
            }
            Some((fence, block)) => {
                if t.starts_with(fence.as_str()) && t.trim_start_matches('`').trim().is_empty() {
                    out.push(open.take().unwrap().1);
                } else {
                    block.lines.push(line.to_owned());
                }
            }
        }
    }
    assert!(open.is_none(), "{}: a code block is not closed", rel(file));
    out
}

/// An `{{#include PATH[:SELECTOR]}}` of a chapter.
#[derive(Debug, Clone)]
struct Include {
    from: PathBuf,
    target: PathBuf,
    selector: Option<String>,
}

impl Include {
    fn shown(&self) -> String {
        let sel = self
            .selector
            .as_ref()
            .map_or_else(String::new, |s| format!(":{s}"));
        format!("{}{sel} (in {})", rel(&self.target), rel(&self.from))
    }
}

fn includes(from: &Path, text: &str) -> Vec<Include> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("{{#include ") {
        let after = &rest[i + "{{#include ".len()..];
        let end = after
            .find("}}")
            .unwrap_or_else(|| panic!("{}: an include is not closed", rel(from)));
        let arg = after[..end].trim();
        let (path, selector) = match arg.split_once(':') {
            Some((p, s)) => (p, Some(s.to_owned())),
            None => (arg, None),
        };
        let target = from.parent().unwrap().join(path);
        let target = target.canonicalize().unwrap_or(target);
        out.push(Include {
            from: from.to_owned(),
            target,
            selector,
        });
        rest = &after[end..];
    }
    out
}

fn is_include_line(line: &str) -> bool {
    let t = line.trim();
    t.starts_with("{{#include ") && t.ends_with("}}") && t.matches("{{").count() == 1
}

fn is_anchor_line(line: &str) -> bool {
    line.contains("ANCHOR:") || line.contains("ANCHOR_END:")
}

fn anchor_named(line: &str, marker: &str, name: &str) -> bool {
    line.split_once(marker)
        .is_some_and(|(_, rest)| rest.trim() == name)
}

/// The text an include shows, as mdBook selects it: the whole file, a line range
/// (`:N`, `:N:`, `::M`, `:N:M`) or an anchor (`:name`), anchor lines removed.
fn selected(inc: &Include) -> Result<String, String> {
    let text = std::fs::read_to_string(&inc.target).map_err(|e| format!("{}: {e}", inc.shown()))?;
    let lines: Vec<&str> = text.lines().collect();
    let chosen: Vec<&str> = match inc.selector.as_deref() {
        None => lines,
        Some(sel) if sel.starts_with(|c: char| c.is_ascii_digit() || c == ':') => {
            let mut parts = sel.split(':');
            let num = |s: Option<&str>| s.filter(|s| !s.is_empty()).map(str::parse::<usize>);
            let start = num(parts.next()).transpose().map_err(|e| e.to_string())?;
            let end = match parts.next() {
                None => start,
                Some(e) => num(Some(e)).transpose().map_err(|e| e.to_string())?,
            };
            let from = start.unwrap_or(1).saturating_sub(1);
            let to = end.unwrap_or(lines.len()).min(lines.len());
            lines.get(from..to).unwrap_or_default().to_vec()
        }
        Some(name) => {
            let start = lines
                .iter()
                .position(|l| anchor_named(l, "ANCHOR:", name))
                .ok_or_else(|| format!("{}: no `ANCHOR: {name}`", inc.shown()))?;
            let end = lines[start..]
                .iter()
                .position(|l| anchor_named(l, "ANCHOR_END:", name))
                .ok_or_else(|| format!("{}: no `ANCHOR_END: {name}`", inc.shown()))?;
            lines[start + 1..start + end].to_vec()
        }
    };
    let shown: Vec<&str> = chosen.into_iter().filter(|l| !is_anchor_line(l)).collect();
    if shown.iter().all(|l| l.trim().is_empty()) {
        return Err(format!("{} shows nothing", inc.shown()));
    }
    Ok(shown.join("\n"))
}

/// Every include of the book (in code blocks and outside them).
fn all_includes() -> Vec<Include> {
    chapters()
        .iter()
        .flat_map(|c| includes(c, &read(c)))
        .collect()
}

#[test]
fn every_chapter_is_in_the_summary_and_every_include_resolves() {
    let mut failures = Vec::new();
    let src = book().join("src");
    let summary = read(&src.join("SUMMARY.md"));
    let mut linked = BTreeSet::new();
    for part in summary.split("](").skip(1) {
        let target = part.split(')').next().unwrap_or_default();
        if target.ends_with(".md") {
            let path = src.join(target);
            if !path.exists() {
                failures.push(format!("SUMMARY.md links {target}, which does not exist"));
            }
            linked.insert(path);
        }
    }
    let all = all_includes();
    // A Markdown file included by a chapter is a part of it, not a chapter.
    let parts: BTreeSet<&PathBuf> = all.iter().map(|i| &i.target).collect();
    for chapter in chapters() {
        if chapter.file_name().is_some_and(|n| n != "SUMMARY.md")
            && !linked.contains(&chapter)
            && !parts.contains(&chapter)
        {
            failures.push(format!("{} is not in SUMMARY.md", rel(&chapter)));
        }
    }
    assert!(all.len() > 20, "the book includes almost nothing: {all:?}");
    for inc in &all {
        if let Err(e) = selected(inc) {
            failures.push(e);
        }
    }
    assert_no_failures(&failures);
}

// ---- YAML shown in the book ---------------------------------------------------------

/// The `# yaml-language-server: $schema=...` line of a stack file, pointing at the
/// committed schema.
fn is_stack_file(path: &Path) -> bool {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let first = text.lines().next().unwrap_or_default();
    first
        .strip_prefix("# yaml-language-server: $schema=")
        .is_some_and(|rel| {
            path.parent()
                .unwrap()
                .join(rel)
                .canonicalize()
                .ok()
                .is_some_and(|p| p == root().join("schemas/ecsform.schema.json"))
        })
}

fn parse_yaml(path: &Path) -> Result<Value, String> {
    serde_saphyr::from_str::<Value>(&read(path))
        .map_err(|e| format!("{} is not valid YAML: {e}", rel(path)))
}

/// `ecsform validate --strict` of a stack (a file or folder), with the examples'
/// stand-in variables.
fn validate_stack(path: &Path) -> Result<(), String> {
    validate_stack_with(path, "examples/example.env")
}

/// [`validate_stack`] with a var file (relative to the repository root for the
/// examples', to the stack's parent folder otherwise).
fn validate_stack_with(path: &Path, var_file: &str) -> Result<(), String> {
    let cwd = if var_file.starts_with("examples/") {
        root()
    } else {
        path.parent().unwrap().to_owned()
    };
    let out = Command::new(BIN)
        .env_clear()
        .env("NO_COLOR", "1")
        .current_dir(cwd)
        .args(["validate", "--strict", "--var-file", var_file, "-f"])
        .arg(path)
        .output()
        .unwrap();
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "ecsform validate --strict -f {} fails:\n{}",
            rel(path),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

#[test]
fn every_yaml_block_includes_a_file_that_ecsform_checks() {
    let mut failures = Vec::new();
    let mut files: BTreeSet<PathBuf> = BTreeSet::new();
    let mut blocks_seen = 0;
    for chapter in chapters() {
        for b in blocks(&chapter) {
            if !matches!(b.lang.as_str(), "yaml" | "yml") {
                continue;
            }
            blocks_seen += 1;
            let inline: Vec<&String> = b
                .lines
                .iter()
                .filter(|l| !l.trim().is_empty() && !is_include_line(l))
                .collect();
            if !inline.is_empty() || b.lines.is_empty() {
                failures.push(format!(
                    "{}: a yaml block shows inline YAML; put it in a file ecsform checks and \
                     {{{{#include}}}} it:\n{}",
                    b.at(),
                    b.lines.join("\n")
                ));
            }
            for inc in includes(&chapter, &b.lines.join("\n")) {
                match selected(&inc) {
                    Ok(_) => {
                        files.insert(inc.target);
                    }
                    Err(e) => failures.push(e),
                }
            }
        }
    }
    assert!(blocks_seen >= 5, "only {blocks_seen} yaml blocks");
    let mut validated = BTreeSet::new();
    for file in &files {
        if let Err(e) = parse_yaml(file) {
            failures.push(e);
            continue;
        }
        if !is_stack_file(file) {
            continue;
        }
        if let Some(stage) = walkthrough_stage_of(file) {
            let dir = TempDir::new("validate-stage");
            let stack = dir.path().join("my-store");
            materialize(&stage, &stack);
            if let Err(e) = validate_stack(&stack) {
                failures.push(format!("walkthrough stage {stage}: {e}"));
            }
        } else {
            // A stack file is validated with the other files of its folder.
            let dir = file.parent().unwrap().to_owned();
            if validated.insert(dir.clone())
                && let Err(e) = validate_stack(&dir)
            {
                failures.push(e);
            }
        }
    }
    assert!(
        files.iter().any(|f| is_stack_file(f)),
        "no stack file is included"
    );
    assert_no_failures(&failures);
}

// ---- the CI, drift and migration examples --------------------------------------------

/// The example files that belong to the book: each is included (or, for files written
/// elsewhere, at least named) in a chapter.
fn recipe_files() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in ["examples/github", "examples/drift", "examples/gitlab"] {
        out.extend(files_in(&root().join(dir)));
    }
    out
}

#[test]
fn every_ci_and_drift_recipe_is_in_the_book() {
    let included: BTreeSet<PathBuf> = all_includes().into_iter().map(|i| i.target).collect();
    let text: String = chapters().iter().map(|c| read(c)).collect();
    let mut failures = Vec::new();
    let recipes = recipe_files();
    assert!(
        recipes.len() >= 4,
        "the GitHub and drift recipes are missing: {recipes:?}"
    );
    for file in recipes {
        let path = rel(&file);
        let ours = !path.starts_with("examples/gitlab/");
        if ours && !included.contains(&file) {
            failures.push(format!("{path} is not included in the book"));
        }
        if !ours && !included.contains(&file) && !text.contains(&path) {
            failures.push(format!("{path} is neither included nor named in the book"));
        }
    }
    assert_no_failures(&failures);
}

/// Shell lines of a script: `\` continuations joined, `$ ` prompts and comments dropped.
fn shell_lines(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        let l = line.trim();
        let l = l.strip_prefix("$ ").unwrap_or(l);
        if let Some(head) = l.strip_suffix('\\') {
            current.push_str(head);
            current.push(' ');
            continue;
        }
        current.push_str(l);
        if !current.trim_start().starts_with('#') {
            out.push(std::mem::take(&mut current));
        }
        current.clear();
    }
    out
}

/// Shell words of a line (quotes removed; unquoted `;|&<>()` are words of their own),
/// with whether each was quoted.
fn shell_words(line: &str) -> Vec<(String, bool)> {
    // GitHub expressions `${{ ... }}` are one opaque value.
    let mut line = line.to_owned();
    while let Some(i) = line.find("${{") {
        let end = line[i..].find("}}").map_or(line.len(), |e| i + e + 2);
        line.replace_range(i..end, "GITHUB_EXPRESSION");
    }
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    let mut quote: Option<char> = None;
    let flush = |word: &mut String, quoted: &mut bool, words: &mut Vec<(String, bool)>| {
        if !word.is_empty() || *quoted {
            words.push((std::mem::take(word), *quoted));
        }
        *quoted = false;
    };
    for c in line.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => word.push(c),
            None => match c {
                '\'' | '"' => {
                    quote = Some(c);
                    quoted = true;
                }
                c if c.is_whitespace() => flush(&mut word, &mut quoted, &mut words),
                ';' | '|' | '&' | '<' | '>' | '(' | ')' => {
                    flush(&mut word, &mut quoted, &mut words);
                    words.push((c.to_string(), false));
                }
                c => word.push(c),
            },
        }
    }
    flush(&mut word, &mut quoted, &mut words);
    words
}

/// The arguments of every `ecsform SUBCOMMAND ...` in a shell line.
fn ecsform_commands(line: &str) -> Vec<Vec<String>> {
    let words = shell_words(line);
    let mut out = Vec::new();
    for (i, (w, _)) in words.iter().enumerate() {
        if w != "ecsform" && !w.ends_with("/ecsform") {
            continue;
        }
        let Some((next, _)) = words.get(i + 1) else {
            continue;
        };
        if next.is_empty() || !next.chars().all(|c| c.is_ascii_lowercase() || c == '-') {
            continue; // `cargo install ... ecsform --locked`: not a run of ecsform
        }
        let mut args: Vec<String> = Vec::new();
        let rest = &words[i + 1..];
        for (j, (w, quoted)) in rest.iter().enumerate() {
            let operator = !quoted && w.len() == 1 && ";|&<>()".contains(w.as_str());
            let redirect_fd = !quoted
                && w.chars().all(|c| c.is_ascii_digit())
                && rest.get(j + 1).is_some_and(|(n, _)| n == ">" || n == "<");
            if operator || redirect_fd || (!quoted && w.starts_with('#')) {
                break;
            }
            // A variable standing for whole arguments is left out; a flag's value stays.
            let variable_only = w.starts_with('$') && !w[1..].contains(['/', '.', ' ']);
            if variable_only && !args.last().is_some_and(|a| a.starts_with('-')) {
                continue;
            }
            args.push(w.clone());
        }
        out.push(args);
    }
    out
}

/// The scripts of a CI file: every `run`, `script`, `before_script`, `after_script`.
fn ci_scripts(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                let script_key = matches!(
                    k.as_str(),
                    "run" | "script" | "before_script" | "after_script"
                );
                match (script_key, v) {
                    (true, Value::String(s)) => out.push(s.clone()),
                    (true, Value::Array(items)) => {
                        out.extend(items.iter().filter_map(Value::as_str).map(str::to_owned))
                    }
                    _ => ci_scripts(v, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|i| ci_scripts(i, out)),
        _ => {}
    }
}

/// `Key=Value` entries of an INI-like systemd unit, by section.
fn systemd_unit(path: &Path) -> Result<BTreeMap<String, Vec<(String, String)>>, String> {
    let mut sections: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    let mut current: Option<String> = None;
    for (i, line) in read(path).lines().enumerate() {
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') || t.starts_with(';') {
            continue;
        }
        if let Some(name) = t.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
            current = Some(name.to_owned());
            sections.entry(name.to_owned()).or_default();
            continue;
        }
        let (Some(section), Some((k, v))) = (&current, t.split_once('=')) else {
            return Err(format!(
                "{}:{}: not `[Section]` or `Key=Value`: {t}",
                rel(path),
                i + 1
            ));
        };
        sections
            .get_mut(section)
            .unwrap()
            .push((k.trim().to_owned(), v.trim().to_owned()));
    }
    Ok(sections)
}

fn unit_value<'a>(
    unit: &'a BTreeMap<String, Vec<(String, String)>>,
    section: &str,
    key: &str,
) -> Option<&'a str> {
    unit.get(section)?
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// The command lines of a crontab: its entries minus the five time fields.
fn crontab_commands(path: &Path) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for (i, line) in read(path).lines().enumerate() {
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        if let Some((name, _)) = t.split_once('=')
            && name.chars().all(|c| c.is_ascii_uppercase() || c == '_')
        {
            continue; // MAILTO=..., PATH=...
        }
        let fields: Vec<&str> = t.split_whitespace().collect();
        let time_ok = fields.len() > 5
            && fields[..5]
                .iter()
                .all(|f| f.chars().all(|c| c.is_ascii_digit() || "*/,-".contains(c)));
        if !time_ok {
            return Err(format!(
                "{}:{}: not `m h dom mon dow command`: {t}",
                rel(path),
                i + 1
            ));
        }
        out.push(fields[5..].join(" "));
    }
    Ok(out)
}

/// Every `ecsform` command line of the book's shell blocks and of the recipes, with
/// where it is.
fn commands_to_check() -> Result<Vec<(String, Vec<String>)>, Vec<String>> {
    let mut failures = Vec::new();
    let mut scripts: Vec<(String, String)> = Vec::new();
    for chapter in chapters() {
        for b in blocks(&chapter) {
            if matches!(b.lang.as_str(), "sh" | "bash" | "shell") {
                scripts.push((b.at(), b.lines.join("\n")));
            }
        }
    }
    for file in recipe_files() {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        if name.ends_with(".yml") || name.ends_with(".yaml") {
            match parse_yaml(&file) {
                Ok(v) => {
                    let mut s = Vec::new();
                    ci_scripts(&v, &mut s);
                    scripts.extend(s.into_iter().map(|s| (rel(&file), s)));
                }
                Err(e) => failures.push(e),
            }
        } else if name.ends_with(".service") {
            match systemd_unit(&file) {
                Ok(unit) => scripts.extend(
                    unit.get("Service")
                        .into_iter()
                        .flatten()
                        .filter(|(k, _)| k.starts_with("Exec"))
                        .map(|(_, v)| {
                            (
                                rel(&file),
                                v.trim_start_matches(['-', '@', '+', '!']).to_owned(),
                            )
                        }),
                ),
                Err(e) => failures.push(e),
            }
        } else if name == "crontab" {
            match crontab_commands(&file) {
                Ok(lines) => scripts.extend(lines.into_iter().map(|l| (rel(&file), l))),
                Err(e) => failures.push(e),
            }
        } else if name.ends_with(".md") {
            for b in blocks(&file) {
                if matches!(b.lang.as_str(), "sh" | "bash" | "shell" | "console") {
                    scripts.push((b.at(), b.lines.join("\n")));
                }
            }
        } else if name.ends_with(".sh") || read(&file).starts_with("#!") {
            scripts.push((rel(&file), read(&file)));
        }
    }
    let mut out = Vec::new();
    for (at, script) in scripts {
        for line in shell_lines(&script) {
            out.extend(ecsform_commands(&line).into_iter().map(|a| (at.clone(), a)));
        }
    }
    if failures.is_empty() {
        Ok(out)
    } else {
        Err(failures)
    }
}

#[test]
fn every_ecsform_command_in_the_book_and_the_recipes_parses() {
    let commands = commands_to_check().unwrap_or_else(|f| {
        assert_no_failures(&f);
        Vec::new()
    });
    let subcommands: BTreeSet<&str> = commands
        .iter()
        .filter_map(|(_, a)| a.first().map(String::as_str))
        .collect();
    for needed in ["validate", "plan", "apply", "drift", "import"] {
        assert!(
            subcommands.contains(needed),
            "no `ecsform {needed}` found in the book's shell blocks or recipes: {subcommands:?}"
        );
    }
    let mut failures = Vec::new();
    for (at, args) in &commands {
        let out = Command::new(BIN)
            .env_clear()
            .env("NO_COLOR", "1")
            .args(args)
            .arg("--help")
            .output()
            .unwrap();
        if !out.status.success() {
            failures.push(format!(
                "{at}: `ecsform {}` does not parse:\n{}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
    }
    assert_no_failures(&failures);
}

#[test]
fn the_github_workflow_does_what_the_ci_chapter_says() {
    let path = root().join("examples/github/ecsform.yml");
    let wf = parse_yaml(&path).unwrap();
    let on = &wf["on"];
    assert!(on.get("pull_request").is_some(), "runs on pull requests");
    assert!(
        on["push"]["branches"]
            .as_array()
            .is_some_and(|b| b.iter().any(|b| b == "main")),
        "runs on pushes to main"
    );
    let cron = on["schedule"][0]["cron"].as_str().unwrap_or_default();
    assert_eq!(cron.split_whitespace().count(), 5, "a schedule: {cron:?}");
    let jobs = wf["jobs"].as_object().unwrap();
    let run_of = |job: &str| -> String {
        let mut s = Vec::new();
        ci_scripts(&wf["jobs"][job], &mut s);
        s.join("\n")
    };
    let uses = |job: &str, action: &str| -> Option<Value> {
        wf["jobs"][job]["steps"].as_array()?.iter().find_map(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with(action))
                .then(|| s.clone())
        })
    };
    for job in ["validate", "plan", "apply", "drift"] {
        assert!(jobs.contains_key(job), "job {job}");
        let script = run_of(job);
        assert!(
            script.contains(&format!("ecsform {job}")),
            "job {job} runs `ecsform {job}`:\n{script}"
        );
    }
    // Every job that talks to AWS gets credentials through OIDC, never keys.
    for job in ["plan", "apply", "drift"] {
        let step = uses(job, "aws-actions/configure-aws-credentials@")
            .unwrap_or_else(|| panic!("{job} configures AWS credentials"));
        assert!(
            step["with"]["role-to-assume"]
                .as_str()
                .is_some_and(|r| !r.is_empty()),
            "{job}: role-to-assume"
        );
        assert!(
            step["with"].get("aws-access-key-id").is_none(),
            "{job}: OIDC, not access keys"
        );
        let perms = wf["jobs"][job]
            .get("permissions")
            .unwrap_or(&wf["permissions"]);
        assert_eq!(perms["id-token"], "write", "{job}: id-token: write");
    }
    assert!(uses("validate", "aws-actions/configure-aws-credentials@").is_none());
    // plan: the Markdown plan as the job summary, the saved plan as an artifact.
    let plan = run_of("plan");
    assert!(
        plan.contains("-o markdown") || plan.contains("--output markdown"),
        "{plan}"
    );
    assert!(plan.contains("--out "), "{plan}");
    assert!(plan.contains("GITHUB_STEP_SUMMARY"), "{plan}");
    assert!(plan.contains("--detailed-exitcode"), "{plan}");
    assert!(uses("plan", "actions/upload-artifact@").is_some());
    // apply: on main only, behind an environment, from the saved plan.
    let apply = &wf["jobs"]["apply"];
    assert!(
        apply.get("environment").is_some(),
        "apply has an environment"
    );
    assert!(
        apply["if"]
            .as_str()
            .is_some_and(|c| c.contains("refs/heads/main")),
        "apply only on main"
    );
    let needs = apply["needs"].to_string();
    assert!(needs.contains("plan"), "apply needs plan: {needs}");
    assert!(uses("apply", "actions/download-artifact@").is_some());
    let apply_run = run_of("apply");
    let applies: Vec<Vec<String>> = shell_lines(&apply_run)
        .iter()
        .flat_map(|l| ecsform_commands(l))
        .filter(|a| a.first().is_some_and(|s| s == "apply"))
        .collect();
    assert!(
        applies
            .iter()
            .all(|a| a.len() == 2 && !a[1].starts_with('-')),
        "apply applies the saved plan only (`ecsform apply FILE`): {applies:?}"
    );
    // drift: on the schedule.
    assert!(
        wf["jobs"]["drift"]["if"]
            .as_str()
            .is_some_and(|c| c.contains("schedule")),
        "drift runs on the schedule"
    );
}

#[test]
fn the_drift_schedulers_are_well_formed() {
    let dir = root().join("examples/drift");
    let service = systemd_unit(&dir.join("ecsform-drift.service")).unwrap();
    let timer = systemd_unit(&dir.join("ecsform-drift.timer")).unwrap();
    assert_eq!(unit_value(&service, "Service", "Type"), Some("oneshot"));
    let exec = unit_value(&service, "Service", "ExecStart").unwrap();
    assert!(exec.contains("ecsform drift"), "{exec}");
    assert!(unit_value(&timer, "Timer", "OnCalendar").is_some());
    assert_eq!(
        unit_value(&timer, "Install", "WantedBy"),
        Some("timers.target")
    );
    // The timer starts the service of the same name (or names it).
    let unit = unit_value(&timer, "Timer", "Unit").unwrap_or("ecsform-drift.service");
    assert!(dir.join(unit).exists(), "{unit}");
    // The crontab runs the wrapper script of this folder.
    let lines = crontab_commands(&dir.join("crontab")).unwrap();
    assert!(!lines.is_empty());
    for l in &lines {
        assert!(l.contains("ecsform-drift"), "{l}");
    }
}

// ---- the generated references -------------------------------------------------------

fn ecsform_offline(cwd: &Path) -> Command {
    let mut c = Command::new(BIN);
    c.env_clear().env("NO_COLOR", "1").current_dir(cwd);
    c
}

#[test]
fn the_file_reference_is_generated_from_the_current_schema() {
    let out = ecsform_offline(&root()).arg("schema").output().unwrap();
    assert!(out.status.success());
    let schema: Value = serde_json::from_slice(&out.stdout).unwrap();
    let reference = xtask::reference::stack_file(&schema).unwrap();
    // What `cargo xtask gen` writes is the same page.
    assert_eq!(xtask::stack_file_reference().unwrap(), reference);
    // Every definition has its section, and every link points at one.
    let defs = schema["definitions"].as_object().unwrap();
    for name in defs.keys() {
        assert!(reference.contains(&format!("\n## {name}\n")), "{name}");
    }
    if let Err(e) = check_generated(xtask::Generated::StackFile, &reference) {
        panic!("{e}");
    }
}

#[test]
fn the_defaults_reference_is_generated_from_the_table() {
    let reference = ecsform_model::defaults::reference_markdown();
    // Every row of the table is on the page.
    for row in ecsform_model::defaults::table() {
        assert!(
            reference.contains(&format!("`{}`", row.path.replace('|', "\\|"))),
            "{}",
            row.path
        );
    }
    if let Err(e) = check_generated(xtask::Generated::Defaults, &reference) {
        panic!("{e}");
    }
}

/// `ecsform [PATH...] --help`.
fn help_of(path: &[String]) -> String {
    let out = ecsform_offline(&root())
        .args(path)
        .arg("--help")
        .output()
        .unwrap();
    assert!(out.status.success(), "ecsform {path:?} --help");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_cli_reference_is_generated_from_the_current_help() {
    let reference = xtask::reference::cli(&mut |path| Ok(help_of(path))).unwrap();
    let top = xtask::reference::subcommands_of(&help_of(&[]));
    assert!(top.len() >= 7, "{top:?}");
    for (sub, _) in &top {
        if sub != "help" {
            assert!(
                reference.contains(&format!("\n## ecsform {sub}\n")),
                "{sub}"
            );
        }
    }
    if let Err(e) = check_generated(xtask::Generated::Cli, &reference) {
        panic!("{e}");
    }
}

// ---- troubleshooting: every diagnostic code ------------------------------------------

fn is_code_ident(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Diagnostic codes written out in `crates/*/src` instead of named by a variant of
/// `ecsform_spec::Code`: string literals `"area::name"` and `code(area::name)` attributes
/// (log targets such as `target: "ecsform::aws"`, and the enum's own file, excepted),
/// with where each is.
fn codes_written_out() -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut sources = Vec::new();
    for krate in files_in(&root().join("crates"))
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
    {
        let r = rel(&krate);
        if r.split('/').nth(2) == Some("src") && r != "crates/ecsform-spec/src/code.rs" {
            sources.push(krate);
        }
    }
    for file in sources {
        let text = read(&file);
        for (ln, line) in text.lines().enumerate() {
            let mut from = 0;
            while let Some(i) = line[from..].find("::") {
                let at = from + i;
                from = at + 2;
                let is_ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
                let start = line[..at]
                    .rfind(|c: char| !is_ident(c))
                    .map_or(0, |p| p + 1);
                let end = line[at + 2..]
                    .find(|c: char| !is_ident(c))
                    .map_or(line.len(), |p| at + 2 + p);
                let (area, name) = (&line[start..at], &line[at + 2..end]);
                if !is_code_ident(area) || !is_code_ident(name) {
                    continue;
                }
                let before = line[..start].chars().last();
                let after = line[end..].chars().next();
                let literal = before == Some('"') && after == Some('"');
                let attribute = before == Some('(')
                    && after == Some(')')
                    && line[..start - 1].trim_end().ends_with("code");
                let log_target = line[..start.saturating_sub(1)]
                    .trim_end()
                    .ends_with("target:");
                if (literal && !log_target) || attribute {
                    out.entry(format!("{area}::{name}"))
                        .or_default()
                        .push(format!("{}:{}", rel(&file), ln + 1));
                }
            }
        }
    }
    out
}

/// The troubleshooting chapter's entries: `### \`code\`` headings and their text.
fn troubleshooting_entries() -> BTreeMap<String, String> {
    let text = read(&book().join("src/troubleshooting.md"));
    let mut out = BTreeMap::new();
    let mut current: Option<(String, String)> = None;
    for line in text.lines() {
        if line.starts_with('#') {
            if let Some((code, body)) = current.take() {
                out.insert(code, body);
            }
            if let Some(code) = line.strip_prefix("### `").and_then(|l| l.strip_suffix('`')) {
                current = Some((code.to_owned(), String::new()));
            }
            continue;
        }
        if let Some((_, body)) = &mut current {
            body.push_str(line);
            body.push('\n');
        }
    }
    if let Some((code, body)) = current {
        out.insert(code, body);
    }
    out
}

/// Where each variant of `ecsform_spec::Code` is named (`Code::Variant`) in
/// `crates/*/src`, its own file excepted.
fn codes_named() -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for file in files_in(&root().join("crates"))
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
    {
        let r = rel(&file);
        if r.split('/').nth(2) != Some("src") || r == "crates/ecsform-spec/src/code.rs" {
            continue;
        }
        let text = read(&file);
        for (ln, line) in text.lines().enumerate() {
            for (i, _) in line.match_indices("Code::") {
                let name: String = line[i + "Code::".len()..]
                    .chars()
                    .take_while(char::is_ascii_alphanumeric)
                    .collect();
                out.entry(name).or_default().push(format!("{r}:{}", ln + 1));
            }
        }
    }
    out
}

#[test]
fn troubleshooting_lists_every_diagnostic_code_and_no_other() {
    use ecsform_spec::Code;
    let codes = Code::ALL;
    assert!(
        codes.len() > 50 && codes.contains(&Code::SpecUnknownTargetGroup),
        "{codes:?}"
    );
    let entries = troubleshooting_entries();
    let named = codes_named();
    let mut failures = Vec::new();
    for &code in codes {
        match entries.get(code.as_str()) {
            None => failures.push(format!(
                "book/src/troubleshooting.md has no `### \\`{code}\\`` entry ({})",
                code.summary()
            )),
            Some(body) => {
                let meaning = body
                    .lines()
                    .any(|l| !l.trim().is_empty() && !l.starts_with("**Fix:**"));
                if !meaning || !body.contains("**Fix:**") {
                    failures.push(format!(
                        "troubleshooting entry {code} needs what it means and a `**Fix:**`"
                    ));
                }
            }
        }
        if !named.contains_key(&format!("{code:?}")) {
            failures.push(format!(
                "ecsform_spec::Code::{code:?} ({code}) is emitted nowhere any more: remove it and its troubleshooting entry"
            ));
        }
    }
    for code in entries.keys() {
        if Code::parse(code).is_none() {
            failures.push(format!(
                "troubleshooting lists {code}, which is not a variant of ecsform_spec::Code"
            ));
        }
    }
    // The chapter's index of codes is the one generated from the enum.
    let chapter = read(&book().join("src/troubleshooting.md"));
    match xtask::reference::codes_index(&chapter) {
        Ok(fresh) => {
            if let Err(e) = check_generated(xtask::Generated::Codes, &fresh) {
                failures.push(e);
            }
        }
        Err(e) => failures.push(format!("book/src/troubleshooting.md: {e}")),
    }
    // Every emission names a variant, so that the enum is the complete list.
    for (code, places) in codes_written_out() {
        failures.push(format!(
            "{code} is written out as a string at {}: emit a variant of ecsform_spec::Code (crates/ecsform-spec/src/code.rs) instead",
            places.join(", ")
        ));
    }
    assert_no_failures(&failures);
}

// ---- transcripts ----------------------------------------------------------------------

/// A temporary folder, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(what: &str) -> Self {
        static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let dir =
            std::env::temp_dir().join(format!("ecsform-book-{}-{what}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs a command with stdout and stderr into one pipe, as a terminal shows them.
fn run_merged(mut cmd: Command) -> (i32, String) {
    let (mut reader, writer) = std::io::pipe().unwrap();
    cmd.stdin(Stdio::null())
        .stdout(writer.try_clone().unwrap())
        .stderr(writer);
    let mut child = cmd.spawn().unwrap();
    drop(cmd); // closes this process's copies of the pipe's writing end
    let mut bytes = Vec::new();
    reader.read_to_end(&mut bytes).unwrap();
    let status = child.wait().unwrap();
    (
        status.code().unwrap_or(-1),
        String::from_utf8_lossy(&bytes).into_owned(),
    )
}

fn shell_quote(arg: &str) -> String {
    if !arg.is_empty()
        && arg
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=:,@%+".contains(c))
    {
        arg.to_owned()
    } else {
        format!("'{}'", arg.replace('\'', r"'\''"))
    }
}

/// A console session: the command, its output, and (when shown) its exit status.
fn session(args: &[&str], status: i32, output: &str, show_status: bool) -> String {
    let line: Vec<String> = args.iter().map(|a| shell_quote(a)).collect();
    let mut s = format!("$ ecsform {}\n{output}", line.join(" "));
    if !s.ends_with('\n') {
        s.push('\n');
    }
    if show_status {
        s.push_str(&format!("$ echo $?\n{status}\n"));
    }
    s
}

/// An apply's output with its plan (shown in full by the `plan` before it) elided.
fn elide_plan(output: &str) -> String {
    let lines: Vec<&str> = output.lines().collect();
    let start = lines.iter().position(|l| l.starts_with("Plan for stack"));
    let end = lines.iter().position(|l| l.starts_with("Plan: "));
    match (start, end) {
        (Some(s), Some(e)) if s + 1 < e => {
            let mut kept: Vec<&str> = lines[..=s].to_vec();
            kept.push("...");
            kept.extend(&lines[e..]);
            kept.join("\n") + "\n"
        }
        _ => output.to_owned(),
    }
}

/// Replaces `n` characters satisfying `ok` starting at `i` (exactly `n`, then a
/// boundary) with `x`.
fn mask_run(chars: &mut [char], i: usize, min: usize, ok: impl Fn(char) -> bool) -> usize {
    let len = chars[i..].iter().take_while(|c| ok(**c)).count();
    if len >= min {
        for c in &mut chars[i..i + len] {
            *c = 'x';
        }
    }
    len
}

/// What differs from run to run, made equal: times, durations, API call counts, AWS
/// ids (resource ids, ELB ARN suffixes, Cloud Map ids) and the order of progress lines
/// of concurrent changes.
fn normalize(text: &str) -> String {
    let mut lines: Vec<String> = Vec::new();
    for line in text.lines() {
        let mut l = line.trim_end().to_owned();
        // [12:34:56Z] progress timestamps
        if l.len() > 11 && l.starts_with('[') && l.as_bytes()[9] == b'Z' && l.as_bytes()[10] == b']'
        {
            l.replace_range(1..9, "HH:MM:SS");
        }
        // (0.4 s), (12 s) durations; "in 17 API calls"
        let mut out = String::new();
        let mut rest = l.as_str();
        while let Some(i) = rest.find(" s)") {
            let head = &rest[..i];
            let num_start = head
                .rfind(|c: char| !(c.is_ascii_digit() || c == '.'))
                .map_or(0, |p| p + 1);
            out.push_str(&head[..num_start]);
            if num_start < head.len() {
                out.push('N');
            } else {
                out.push_str(&head[num_start..]);
            }
            out.push_str(" s)");
            rest = &rest[i + 3..];
        }
        out.push_str(rest);
        let mut l = out;
        if let Some(i) = l.find(" API calls") {
            let num_start = l[..i].rfind(' ').map_or(0, |p| p + 1);
            l.replace_range(num_start..i, "N");
        }
        // AWS ids: hex runs of 16+ (subnet-, sg-, vpc- ids, ELB ARNs, hashes), Cloud Map
        // ids (ns-/srv- and 16+ lowercase letters and digits).
        let mut chars: Vec<char> = l.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let boundary = i == 0 || !chars[i - 1].is_ascii_alphanumeric();
            if !boundary {
                i += 1;
                continue;
            }
            let word: String = chars[i..].iter().take(4).collect();
            let skip = if word.starts_with("ns-") {
                3 + mask_run(&mut chars, i + 3, 16, |c| {
                    c.is_ascii_lowercase() || c.is_ascii_digit()
                })
            } else if word.starts_with("srv-") {
                4 + mask_run(&mut chars, i + 4, 16, |c| {
                    c.is_ascii_lowercase() || c.is_ascii_digit()
                })
            } else {
                mask_run(&mut chars, i, 16, |c| {
                    c.is_ascii_hexdigit() && !c.is_ascii_uppercase()
                })
            };
            i += skip.max(1);
        }
        lines.push(chars.into_iter().collect());
    }
    // Progress lines of changes running at once come in any order: sort each run.
    let mut out: Vec<String> = Vec::new();
    let mut run: Vec<String> = Vec::new();
    for l in lines {
        if l.starts_with("[HH:MM:SSZ]") {
            run.push(l);
        } else {
            run.sort();
            out.append(&mut run);
            out.push(l);
        }
    }
    run.sort();
    out.append(&mut run);
    out.join("\n") + "\n"
}

fn transcripts_dir() -> PathBuf {
    book().join("transcripts")
}

/// A group of transcripts one test produces and compares.
struct Transcripts {
    expected: Vec<String>,
    seen: Vec<String>,
    failures: Vec<String>,
}

impl Transcripts {
    fn new(expected: Vec<String>) -> Self {
        Self {
            expected,
            seen: Vec::new(),
            failures: Vec::new(),
        }
    }

    fn check(&mut self, name: &str, fresh: &str) {
        self.seen.push(name.to_owned());
        let path = transcripts_dir().join(format!("{name}.console"));
        let stored = std::fs::read_to_string(&path).ok();
        if stored
            .as_deref()
            .is_some_and(|s| normalize(s) == normalize(fresh))
        {
            return;
        }
        if overwrite() {
            std::fs::create_dir_all(transcripts_dir()).unwrap();
            std::fs::write(&path, fresh).unwrap();
            return;
        }
        self.failures.push(format!(
            "{}: what ecsform prints now differs (normalized); {REGENERATE}\n{}",
            rel(&path),
            diff(
                &normalize(stored.as_deref().unwrap_or_default()),
                &normalize(fresh)
            )
        ));
    }

    fn finish(mut self) {
        self.seen.sort();
        self.expected.sort();
        assert_eq!(self.seen, self.expected, "the transcripts of this test");
        assert_no_failures(&self.failures);
    }
}

/// The transcripts of errors and offline commands (no AWS needed).
fn offline_transcripts() -> Vec<(&'static str, &'static str, Vec<&'static str>, bool)> {
    // name, working directory (from the root), arguments, show the exit status
    vec![
        (
            "validate-retail-store",
            ".",
            vec![
                "validate",
                "-f",
                "examples/retail-store",
                "--var-file",
                "examples/example.env",
            ],
            false,
        ),
        (
            "render-variables",
            ".",
            vec![
                "render",
                "-f",
                "book/snippets/variables/ecsform.yaml",
                "--var",
                "IMAGE_TAG=1.27.3",
                "--var-file",
                "examples/example.env",
            ],
            false,
        ),
        (
            "error-unknown-target-group",
            "tests/cmd/inputs",
            vec!["validate", "-f", "unknown-target-group.yaml"],
            true,
        ),
        (
            "error-unset-variable",
            "tests/cmd/inputs",
            vec!["validate", "-f", "unset-variable.yaml"],
            true,
        ),
        (
            "error-bad-var-file",
            "tests/cmd/inputs",
            vec![
                "validate",
                "-f",
                "unset-variable.yaml",
                "--var-file",
                "bad.env",
            ],
            true,
        ),
    ]
}

#[test]
fn offline_transcripts_match_what_ecsform_prints() {
    let cases = offline_transcripts();
    let mut t = Transcripts::new(cases.iter().map(|c| c.0.to_owned()).collect());
    for (name, cwd, args, show_status) in cases {
        let mut cmd = ecsform_offline(&root().join(cwd));
        cmd.args(&args);
        let (status, output) = run_merged(cmd);
        t.check(name, &session(&args, status, &output, show_status));
    }
    t.finish();
}

// ---- the getting-started walkthrough ---------------------------------------------------

fn walkthrough_dir() -> PathBuf {
    book().join("walkthrough")
}

/// The walkthrough's stages, in order: folders `N-name` of files that replace the
/// previous stage's files.
fn stages() -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(walkthrough_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    out.sort_by_key(|s| {
        s.split('-')
            .next()
            .and_then(|n| n.parse::<u32>().ok())
            .unwrap_or(u32::MAX)
    });
    out
}

fn walkthrough_stage_of(file: &Path) -> Option<String> {
    let r = file.strip_prefix(walkthrough_dir()).ok()?;
    Some(
        r.components()
            .next()?
            .as_os_str()
            .to_string_lossy()
            .into_owned(),
    )
}

fn without_anchors(text: &str) -> String {
    text.lines()
        .filter(|l| !is_anchor_line(l))
        .map(|l| format!("{l}\n"))
        .collect()
}

/// The stack as the reader has it after `stage` (`None`: the example as copied).
fn stage_files(stage: Option<&str>) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    for f in files_in(&root().join("examples/retail-store")) {
        files.insert(
            f.file_name().unwrap().to_string_lossy().into_owned(),
            read(&f),
        );
    }
    let Some(stage) = stage else { return files };
    for s in stages() {
        for f in files_in(&walkthrough_dir().join(&s)) {
            files.insert(
                f.file_name().unwrap().to_string_lossy().into_owned(),
                without_anchors(&read(&f)),
            );
        }
        if s == stage {
            break;
        }
    }
    files
}

fn materialize(stage: &str, dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    for (name, text) in stage_files(Some(stage)) {
        std::fs::write(dir.join(name), text).unwrap();
    }
}

#[test]
fn each_walkthrough_step_changes_only_what_the_book_shows() {
    let stages = stages();
    assert!(stages.len() >= 4, "{stages:?}");
    let chapter = book().join("src/getting-started.md");
    let shown: BTreeSet<(PathBuf, String)> = includes(&chapter, &read(&chapter))
        .into_iter()
        .filter_map(|i| Some((i.target, i.selector?)))
        .collect();
    let mut failures = Vec::new();
    let mut previous: Option<String> = None;
    for stage in &stages {
        let before = stage_files(previous.as_deref());
        for file in files_in(&walkthrough_dir().join(stage)) {
            let name = file.file_name().unwrap().to_string_lossy().into_owned();
            let at = rel(&file);
            let Some(old) = before.get(&name) else {
                failures.push(format!("{at}: the example has no {name}"));
                continue;
            };
            let raw = read(&file);
            // The anchored regions, in the lines the reader's file has.
            let mut regions: Vec<(String, usize, usize)> = Vec::new();
            let mut n = 0;
            let mut open: Option<(String, usize)> = None;
            for l in raw.lines() {
                if let Some((_, name)) = l.split_once("ANCHOR_END:") {
                    let (a, start) = open.take().unwrap();
                    assert_eq!(a, name.trim(), "{at}");
                    regions.push((a, start, n));
                } else if let Some((_, name)) = l.split_once("ANCHOR:") {
                    open = Some((name.trim().to_owned(), n));
                } else {
                    n += 1;
                }
            }
            let new = without_anchors(&raw);
            // Line 1 is the `$schema` comment, relative to where each file lives.
            let old_lines: Vec<&str> = old.lines().skip(1).collect();
            let new_lines: Vec<&str> = new.lines().skip(1).collect();
            let p = old_lines
                .iter()
                .zip(&new_lines)
                .take_while(|(a, b)| a == b)
                .count();
            let s = old_lines[p..]
                .iter()
                .rev()
                .zip(new_lines[p..].iter().rev())
                .take_while(|(a, b)| a == b)
                .count();
            let (added_from, added_to) = (p + 1, new_lines.len() - s + 1); // in file lines
            let removed = old_lines.len() - s - p;
            if added_from == added_to && removed == 0 {
                failures.push(format!("{at} changes nothing"));
                continue;
            }
            if regions.is_empty() {
                // Deletions only (told in prose): the new file is the old one with lines
                // left out.
                let mut rest = old_lines.iter();
                let deletions_only = new_lines.iter().all(|l| rest.any(|o| o == l));
                if !deletions_only {
                    failures.push(format!(
                        "{at} adds or changes lines but shows no anchored region"
                    ));
                }
                continue;
            }
            let covered = regions
                .iter()
                .any(|(_, a, b)| *a <= added_from && added_to <= *b);
            if !covered {
                failures.push(format!(
                    "{at}: the change (lines {added_from}..{added_to} of the reader's file) is \
                     not inside one anchored region {regions:?}"
                ));
            }
            for (anchor, _, _) in &regions {
                if !shown.contains(&(file.clone(), anchor.clone())) {
                    failures.push(format!(
                        "{at}: the region `{anchor}` is not included in getting-started.md"
                    ));
                }
            }
        }
        previous = Some(stage.clone());
    }
    assert_no_failures(&failures);
}

fn walkthrough_transcripts() -> Vec<String> {
    let mut out: Vec<String> = [
        "gs-validate",
        "gs-plan",
        "gs-apply",
        "gs-plan-again",
        "gs-destroy",
    ]
    .map(str::to_owned)
    .to_vec();
    for s in stages() {
        out.push(format!("gs-{s}-plan"));
        out.push(format!("gs-{s}-apply"));
    }
    out
}

#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn the_getting_started_walkthrough_runs_as_the_book_shows() {
    let bed = TestBed::start();
    let work = TempDir::new("getting-started");
    let store = work.path().join("my-store");
    std::fs::create_dir_all(&store).unwrap();
    for (name, text) in stage_files(None) {
        std::fs::write(store.join(name), text).unwrap();
    }
    let mut t = Transcripts::new(walkthrough_transcripts());
    let run = |args: &[&str]| -> (i32, String) {
        let mut cmd = bed.ecsform_command(args);
        cmd.current_dir(work.path());
        run_merged(cmd)
    };
    let step = |t: &mut Transcripts, name: &str, args: &[&str], expect: i32, must: &str| {
        let (status, output) = run(args);
        assert_eq!(
            status,
            expect,
            "ecsform {}:\n{output}\n{}",
            args.join(" "),
            bed.emulator_log_tail()
        );
        assert!(output.contains(must), "{name}: no `{must}` in\n{output}");
        let shown = if matches!(args[0], "apply" | "destroy") {
            elide_plan(&output)
        } else {
            output
        };
        t.check(name, &session(args, status, &shown, false));
    };
    let converged = || {
        let (status, output) = run(&["plan", "-f", "my-store", "--detailed-exitcode"]);
        assert_eq!(status, 0, "not converged:\n{output}");
    };

    step(
        &mut t,
        "gs-validate",
        &["validate", "-f", "my-store"],
        0,
        "is valid",
    );
    step(
        &mut t,
        "gs-plan",
        &["plan", "-f", "my-store"],
        0,
        "Plan: 13 to add",
    );
    step(
        &mut t,
        "gs-apply",
        &["apply", "-f", "my-store", "--auto-approve"],
        0,
        "Apply complete: 13 done",
    );
    step(
        &mut t,
        "gs-plan-again",
        &["plan", "-f", "my-store"],
        0,
        "No changes",
    );
    for stage in stages() {
        materialize(&stage, &store);
        step(
            &mut t,
            &format!("gs-{stage}-plan"),
            &["plan", "-f", "my-store"],
            0,
            "Plan: ",
        );
        // Removing a service without a prompt takes --allow-delete.
        let mut args = vec!["apply", "-f", "my-store", "--auto-approve"];
        if stage.contains("remove") {
            args.push("--allow-delete");
        }
        step(
            &mut t,
            &format!("gs-{stage}-apply"),
            &args,
            0,
            "Apply complete",
        );
        converged();
    }
    step(
        &mut t,
        "gs-destroy",
        &["destroy", "-f", "my-store", "--auto-approve"],
        0,
        "Destroy complete",
    );
    t.finish();
}

// ---- the drift chapter ------------------------------------------------------------------

fn drift_transcripts() -> Vec<String> {
    [
        "apply-terminal",
        "import",
        "import-plan",
        "drift-in-sync",
        "drift-human",
        "drift-markdown",
        "drift-json",
        "drift-junit",
        "drift-fail-on-pending",
        "drift-plan",
        "drift-deleted",
    ]
    .map(str::to_owned)
    .to_vec()
}

/// `ecsform ARGS` on a pseudo-terminal (`script`, util-linux), answering `answer` once
/// the confirmation prompt is shown, as a person would; what the terminal showed.
fn on_terminal(bed: &TestBed, args: &[&str], answer: &str) -> (i32, String) {
    use std::io::Write;
    let line: Vec<String> = std::iter::once(BIN.to_owned())
        .chain(args.iter().map(|a| shell_quote(a)))
        .collect();
    let mut child = bed
        .program("script")
        .args(["-qec", &line.join(" "), "/dev/null"])
        .env("TERM", "dumb") // plain progress lines, as in CI logs
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("`script` (util-linux) runs a command on a pseudo-terminal");
    let mut stdout = child.stdout.take().unwrap();
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    while !String::from_utf8_lossy(&seen).contains("will be accepted: ") {
        let n = stdout.read(&mut buf).unwrap();
        assert!(n > 0, "no prompt:\n{}", String::from_utf8_lossy(&seen));
        seen.extend_from_slice(&buf[..n]);
    }
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(answer.as_bytes()).unwrap();
    drop(stdin);
    stdout.read_to_end(&mut seen).unwrap();
    let status = child.wait().unwrap();
    let text = String::from_utf8_lossy(&seen)
        .replace("\r\n", "\n")
        .replace('\r', "");
    (status.code().unwrap_or(-1), text)
}

#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn the_apply_import_and_drift_sessions_run_as_the_book_shows() {
    let bed = TestBed::start();
    let mut t = Transcripts::new(drift_transcripts());
    // The apply chapter's session: on a terminal, apply shows the plan and asks.
    let args = ["apply", "-f", "examples/retail-store"];
    let (status, output) = on_terminal(&bed, &args, "yes\n");
    assert_eq!(status, 0, "{output}");
    assert!(output.contains("Apply complete: 13 done"), "{output}");
    t.check(
        "apply-terminal",
        &session(&args, status, &elide_plan(&output), false),
    );

    // The migration chapter's import: a stack file from what is live, which plans clean.
    let work = TempDir::new("import");
    let in_work = |args: &[&str]| {
        let mut c = bed.ecsform_command(args);
        c.current_dir(work.path());
        run_merged(c)
    };
    let args = [
        "import",
        "--cluster",
        "retail-store-ecs-cluster",
        "-o",
        "imported",
    ];
    let (status, output) = in_work(&args);
    assert_eq!(status, 0, "{output}");
    t.check("import", &session(&args, status, &output, false));
    let args = ["plan", "-f", "imported", "--var-file", "imported/vars.env"];
    let (status, output) = in_work(&args);
    assert_eq!(status, 0, "{output}");
    assert!(output.contains("No changes"), "{output}");
    t.check("import-plan", &session(&args, status, &output, false));
    if let Err(e) = validate_stack_with(&work.path().join("imported"), "imported/vars.env") {
        panic!("the imported stack: {e}");
    }
    let mut step = |name: &str, args: &[&str], expect: i32, show_status: bool| -> String {
        let (status, output) = run_merged(bed.ecsform_command(args));
        assert_eq!(status, expect, "ecsform {}:\n{output}", args.join(" "));
        t.check(name, &session(args, status, &output, show_status));
        output
    };
    let stack = ["-f", "examples/retail-store"];
    let with = |more: &[&'static str]| -> Vec<&str> {
        let mut a = vec!["drift"];
        a.extend(stack);
        a.extend(more);
        a
    };
    step("drift-in-sync", &with(&[]), 0, true);

    // The wrapper script of the cron recipe: silent when in sync.
    let wrapper = |expect: i32| -> String {
        let bin_dir = Path::new(BIN).parent().unwrap().display().to_string();
        let junit = TempDir::new("drift-junit");
        let out = bed
            .program(root().join("examples/drift/ecsform-drift"))
            .arg("examples/retail-store")
            .env("PATH", format!("{bin_dir}:/usr/local/bin:/usr/bin:/bin"))
            .env("ECSFORM_DRIFT_JUNIT", junit.path().join("drift.xml"))
            .output()
            .unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(out.status.code(), Some(expect), "{text}");
        let xml = std::fs::read_to_string(junit.path().join("drift.xml")).unwrap_or_default();
        assert!(xml.contains("<testsuite"), "the JUnit report: {xml}");
        text
    };
    assert_eq!(wrapper(0), "", "quiet when in sync");

    // Someone scales catalog by hand (the book shows this command).
    bed.aws(&[
        "ecs",
        "update-service",
        "--cluster",
        "retail-store-ecs-cluster",
        "--service",
        "catalog",
        "--desired-count",
        "3",
    ]);
    let human = step("drift-human", &with(&[]), 2, true);
    assert!(human.contains("service.catalog"), "{human}");
    step("drift-markdown", &with(&["-o", "markdown"]), 2, false);
    step("drift-json", &with(&["-o", "json"]), 2, false);
    step("drift-junit", &with(&["-o", "junit"]), 2, false);
    step(
        "drift-fail-on-pending",
        &with(&["--fail-on", "pending"]),
        0,
        true,
    );
    let mut plan = vec!["plan"];
    plan.extend(stack);
    step("drift-plan", &plan, 0, false);

    let report = wrapper(2);
    assert!(report.contains("service.catalog"), "{report}");
    // apply puts catalog back; the wrapper is quiet again.
    bed.apply("examples/retail-store", 0);
    assert_eq!(wrapper(0), "");

    // Someone deletes the assets service by hand (the book shows this command).
    bed.aws(&[
        "ecs",
        "delete-service",
        "--cluster",
        "retail-store-ecs-cluster",
        "--service",
        "assets",
        "--force",
    ]);
    let deleted = step("drift-deleted", &with(&[]), 2, true);
    assert!(
        deleted.contains("service.assets (create): deleted outside ecsform"),
        "{deleted}"
    );
    t.finish();
}

// ---- the apply chapter's deployments ---------------------------------------------------

fn deployment_transcripts() -> Vec<String> {
    [
        "deploy-slow-start",
        "deploy-rolled-back",
        "deploy-wait-timeout",
    ]
    .map(str::to_owned)
    .to_vec()
}

/// The apply chapter's deployments, through the test bed's patches 23-25 (selected by
/// the `ECSFORM_TESTBED_*` environment of the task definition): a service whose tasks
/// take 4 s to start, a new image that cannot be pulled under the circuit breaker with
/// rollback, and a deployment still in progress at `--wait-timeout`. Plain progress lines
/// (no terminal), as in CI. The timings are chosen so that each transcript has the same
/// lines on every run (a poll every 2 s; one attempt of 4 tasks reaches the circuit
/// breaker's threshold, 3).
#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn the_deployment_sessions_run_as_the_book_shows() {
    let bed = TestBed::start();
    let mut t = Transcripts::new(deployment_transcripts());
    let work = TempDir::new("deployments");
    let web = work.path().join("web");
    std::fs::create_dir_all(&web).unwrap();
    let write =
        |r: &Rollout| std::fs::write(web.join("ecsform.yaml"), deployments_stack(r)).unwrap();
    let good = Rollout {
        start_seconds: 4,
        stop: None,
        circuit_breaker: Some(true),
        image: "public.ecr.aws/docker/library/nginx:1.27",
        desired_count: 4,
    };
    let step = |t: &mut Transcripts, name: &str, args: &[&str], expect: i32, must: &str| {
        let mut cmd = bed.ecsform_command(args);
        cmd.current_dir(work.path());
        let (status, output) = run_merged(cmd);
        assert_eq!(
            status,
            expect,
            "{name}:\n{output}\n{}",
            bed.emulator_log_tail()
        );
        assert!(output.contains(must), "{name}: no `{must}` in\n{output}");
        t.check(name, &session(args, status, &elide_plan(&output), true));
    };
    write(&good);
    step(
        &mut t,
        "deploy-slow-start",
        &[
            "apply",
            "-f",
            "web",
            "--auto-approve",
            "--poll-interval",
            "2",
        ],
        0,
        "waiting for steady state (0 s): 0/4 running, 4 pending (deployment ecs-svc/",
    );
    write(&Rollout {
        image: "public.ecr.aws/docker/library/nginx:1.28-typo",
        stop: Some("image-pull"),
        start_seconds: 3,
        ..good
    });
    step(
        &mut t,
        "deploy-rolled-back",
        &[
            "apply",
            "-f",
            "web",
            "--auto-approve",
            "--poll-interval",
            "2",
        ],
        1,
        "ECS rolled back to the last completed deployment",
    );
    write(&Rollout {
        image: "public.ecr.aws/docker/library/nginx:1.28",
        start_seconds: 600,
        ..good
    });
    step(
        &mut t,
        "deploy-wait-timeout",
        &[
            "apply",
            "-f",
            "web",
            "--auto-approve",
            "--poll-interval",
            "2",
            "--wait-timeout",
            "5",
        ],
        1,
        "not reached within 5 s (--wait-timeout)",
    );
    t.finish();
}

#[test]
fn every_console_block_includes_a_transcript_a_test_checks() {
    let mut all: BTreeSet<String> = BTreeSet::new();
    all.extend(offline_transcripts().into_iter().map(|c| c.0.to_owned()));
    all.extend(walkthrough_transcripts());
    all.extend(drift_transcripts());
    all.extend(deployment_transcripts());
    let mut failures = Vec::new();
    let mut included = BTreeSet::new();
    for chapter in chapters() {
        for b in blocks(&chapter) {
            if b.lang != "console" {
                continue;
            }
            if b.lines.is_empty() || !b.lines.iter().all(|l| is_include_line(l)) {
                failures.push(format!(
                    "{}: a console block must only include checked transcripts \
                     (book/transcripts/*.console)",
                    b.at()
                ));
            }
            for inc in includes(&chapter, &b.lines.join("\n")) {
                let name = inc
                    .target
                    .strip_prefix(transcripts_dir())
                    .ok()
                    .and_then(|p| p.to_str())
                    .and_then(|p| p.strip_suffix(".console"))
                    .map(str::to_owned);
                match name {
                    Some(n) if all.contains(&n) => {
                        included.insert(n);
                    }
                    _ => {
                        failures.push(format!("{} is not a transcript a test checks", inc.shown()))
                    }
                }
            }
        }
    }
    for name in &all {
        if !included.contains(name) {
            failures.push(format!("transcript {name} is not shown in the book"));
        }
    }
    for f in files_in(&transcripts_dir()) {
        let name = f
            .file_name()
            .unwrap()
            .to_string_lossy()
            .trim_end_matches(".console")
            .to_owned();
        if !all.contains(&name) {
            failures.push(format!("{} is produced by no test", rel(&f)));
        }
    }
    assert_no_failures(&failures);
}
