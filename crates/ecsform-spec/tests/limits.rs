//! The loader's input limits, measured: what a stack folder may hold (every `.yaml`/`.yml`
//! entry is read or named as an error, never skipped), the size cap of a file, the bound
//! on what aliases and variables expand to (in bytes, with the peak heap measured by the
//! testkit's counting allocator), nested variable defaults, values cut short in messages
//! and sensitive values masked in every problem.
//!
//! The tests of this binary share one allocator counter: each takes [`serial`] first, so
//! that a peak measured is the peak of one test.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stderr
)]

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, mpsc};
use std::time::{Duration, Instant};

use ecsform_spec::{Loaded, ReadError, Severity, Vars, load_bytes, load_path};

#[global_allocator]
static ALLOCATOR: ecsform_testkit::alloc::Counting = ecsform_testkit::alloc::Counting;

fn serial() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A fresh, empty folder under the target's temporary directory.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("limits")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs `f` on a thread, failing the test if it takes longer than `limit` (a read that
/// blocks on a FIFO would otherwise hang the test suite).
fn within<T: Send + 'static>(limit: Duration, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    match rx.recv_timeout(limit) {
        Ok(v) => v,
        Err(_) => panic!("did not finish within {limit:?}"),
    }
}

fn load_dir(path: &Path, vars: Vars) -> Result<Loaded, ReadError> {
    let path = path.to_owned();
    within(Duration::from_secs(20), move || load_path(&path, &vars))
}

const VALID: &str = "stack: demo\ncluster:\n  clusterName: demo\n";

fn mkfifo(path: &Path) {
    let ok = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap()
        .success();
    assert!(ok, "mkfifo {}", path.display());
}

// ---- the folder rule ----------------------------------------------------------------

#[test]
fn every_unreadable_entry_of_a_folder_is_an_error_naming_it() {
    let _s = serial();
    let dir = scratch("folder");
    std::fs::write(dir.join("a.yaml"), VALID).unwrap();
    // A moved shared file, a submodule not checked out: a dangling link.
    std::os::unix::fs::symlink("../elsewhere/services.yaml", dir.join("services.yaml")).unwrap();
    // A link to itself.
    std::os::unix::fs::symlink("loop.yml", dir.join("loop.yml")).unwrap();
    // A folder and a FIFO where a file is expected.
    std::fs::create_dir(dir.join("listeners.yaml")).unwrap();
    mkfifo(&dir.join("pipe.yaml"));
    // Not stack files: ignored as before.
    std::fs::write(dir.join("README.md"), "notes").unwrap();
    std::fs::write(dir.join("vars.env"), "A=1").unwrap();

    let err = load_dir(&dir, Vars::isolated([])).err();
    let text = err.as_ref().map(ToString::to_string).unwrap_or_default();
    assert!(
        err.is_some(),
        "the folder loaded: its unreadable entries were skipped"
    );
    for (name, why) in [
        (
            "services.yaml",
            "a symbolic link to `../elsewhere/services.yaml`, which does not exist",
        ),
        ("loop.yml", "symbolic links loop"),
        ("listeners.yaml", "not a regular file (a folder)"),
        ("pipe.yaml", "not a regular file (a FIFO)"),
    ] {
        let line = text
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("{name} is not named in:\n{text}"));
        assert!(line.contains(why), "{name}: expected `{why}` in `{line}`");
    }
    assert!(!text.contains("a.yaml:"), "{text}");
    assert!(
        !text.contains("README.md") && !text.contains("vars.env"),
        "{text}"
    );
}

#[test]
fn an_unreadable_file_is_an_error_naming_it() {
    let _s = serial();
    let dir = scratch("locked");
    std::fs::write(dir.join("a.yaml"), VALID).unwrap();
    let locked = dir.join("b.yaml");
    std::fs::write(&locked, VALID).unwrap();
    let mode = std::os::unix::fs::PermissionsExt::from_mode(0o000);
    std::fs::set_permissions(&locked, mode).unwrap();
    // root reads a file of mode 000 all the same: the case only holds for other users.
    if std::fs::read(&locked).is_ok() {
        eprintln!("skipped: this user reads files of mode 000");
        return;
    }
    let text = load_dir(&dir, Vars::isolated([]))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        text.contains("b.yaml") && text.contains("ermission denied"),
        "{text}"
    );
}

#[test]
fn a_stack_path_that_is_not_a_regular_file_is_refused_at_once() {
    let _s = serial();
    let dir = scratch("special");
    let fifo = dir.join("stack.yaml");
    mkfifo(&fifo);
    for (path, why) in [
        (
            PathBuf::from("/dev/zero"),
            "not a regular file (a character device)",
        ),
        (fifo, "not a regular file (a FIFO)"),
    ] {
        let started = Instant::now();
        let text = load_dir(&path, Vars::isolated([]))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            text.contains(&path.display().to_string()) && text.contains(why),
            "{}: {text}",
            path.display()
        );
        assert!(started.elapsed() < Duration::from_secs(2));
    }
}

#[test]
fn a_file_over_the_size_cap_is_refused_before_it_is_read() {
    let _s = serial();
    let dir = scratch("huge");
    let path = dir.join("huge.yaml");
    // 50 MB, sparse: nothing is written to disk.
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(50_000_000).unwrap();
    drop(file);
    let base = ecsform_testkit::alloc::reset_peak();
    let text = load_dir(&path, Vars::isolated([]))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    let peak = ecsform_testkit::alloc::peak_since(base);
    assert!(
        text.contains("huge.yaml") && text.contains("50000000 bytes") && text.contains("16 MiB"),
        "{text}"
    );
    assert!(peak < 1 << 20, "{peak} bytes allocated to refuse it");
}

// ---- expansion bounded by bytes -----------------------------------------------------

fn load_one(text: String, vars: Vars) -> Loaded {
    within(Duration::from_secs(60), move || {
        load_bytes(vec![("bomb.yaml".into(), text.into_bytes())], &vars)
    })
}

/// Levels of nine aliases each to the level before, the first holding `first`.
fn bomb(first: &str, levels: usize) -> String {
    let mut text = format!("stack: bomb\ns0: &s0 {first}\n");
    for i in 1..=levels {
        let items = vec![format!("*s{}", i - 1); 9].join(", ");
        text.push_str(&format!("s{i}: &s{i} [{items}]\n"));
    }
    text
}

#[test]
fn an_alias_bomb_of_a_large_string_fails_fast_with_bounded_memory() {
    let _s = serial();
    // A 100 KB string, 9^4 copies: 6.5 GB once expanded (1.45 GB of heap measured before
    // the bound).
    let text = bomb(&format!("\"{}\"", "a".repeat(100_000)), 4);
    let base = ecsform_testkit::alloc::reset_peak();
    let started = Instant::now();
    let loaded = load_one(text.clone(), Vars::isolated([]));
    let peak = ecsform_testkit::alloc::peak_since(base);
    let p = loaded
        .problems
        .iter()
        .find(|p| p.code == "spec::too_large")
        .unwrap_or_else(|| panic!("{:?}", loaded.problems.first().map(|p| &p.message)));
    assert!(p.message.contains("MiB"), "{}", p.message);
    // Located: at an alias of the line where the bound was passed.
    let span = p.labels[0].span;
    assert!(text[span.start..span.end()].starts_with("*s"), "{span:?}");
    eprintln!(
        "alias bomb refused in {:?}, peak heap {} MiB",
        started.elapsed(),
        peak >> 20
    );
    assert!(peak < 96 << 20, "peak heap {} MiB", peak >> 20);
    assert!(started.elapsed() < Duration::from_secs(20));
}

#[test]
fn variables_substituted_through_aliases_are_bounded_too() {
    let _s = serial();
    // Six bytes in the file, a megabyte each once substituted, 9^3 copies: 729 MiB.
    let text = bomb("\"${BIG}\"", 3);
    let vars = Vars::isolated([("BIG".to_owned(), "b".repeat(1 << 20))]);
    let base = ecsform_testkit::alloc::reset_peak();
    let loaded = load_one(text.clone(), vars);
    let peak = ecsform_testkit::alloc::peak_since(base);
    let p = loaded
        .problems
        .iter()
        .find(|p| p.code == "spec::too_large")
        .unwrap_or_else(|| panic!("{:?}", loaded.problems.first().map(|p| &p.message)));
    let span = p.labels[0].span;
    assert!(text[span.start..span.end()].starts_with("*s"), "{span:?}");
    eprintln!(
        "variables through aliases refused, peak heap {} MiB",
        peak >> 20
    );
    assert!(peak < 96 << 20, "peak heap {} MiB", peak >> 20);
}

#[test]
fn a_large_file_of_small_values_is_not_called_an_alias_expansion() {
    let _s = serial();
    let text = format!("stack: many\nx: [{}1]\n", "1, ".repeat(2_100_000));
    let loaded = load_one(text, Vars::isolated([]));
    let p = &loaded.problems[0];
    assert_eq!(p.code, "spec::too_large", "{}", p.message);
    assert!(!p.message.contains("alias"), "{}", p.message);
}

// ---- nested defaults ----------------------------------------------------------------

fn stack_with_image(image: &str, vars: &[(&str, &str)]) -> Loaded {
    let text = format!(
        "stack: demo\ntaskDefinitions:\n  - family: web\n    containerDefinitions:\n      - name: app\n        image: \"{image}\"\n        memory: 128\n"
    );
    let vars = Vars::isolated(vars.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())));
    load_bytes(vec![("nested.yaml".into(), text.into_bytes())], &vars)
}

fn image_of(loaded: &Loaded) -> Option<String> {
    Some(
        loaded.stack.as_ref()?.spec.task_definitions[0].container_definitions[0]
            .image
            .clone(),
    )
}

#[test]
fn defaults_may_hold_variables() {
    let _s = serial();
    type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], &'a str);
    let cases: [Case<'_>; 5] = [
        (
            "nginx:${TAG:-${DEFAULT_TAG}}",
            &[("DEFAULT_TAG", "t")],
            "nginx:t",
        ),
        (
            "nginx:${TAG:-${DEFAULT_TAG}}",
            &[("TAG", "1.27"), ("DEFAULT_TAG", "t")],
            "nginx:1.27",
        ),
        ("nginx:${TAG:-${DEFAULT_TAG:-latest}}", &[], "nginx:latest"),
        (
            "nginx:${TAG:-v${MAJOR}.${MINOR:-0}}-x",
            &[("MAJOR", "2")],
            "nginx:v2.0-x",
        ),
        ("${A:-$${B}}", &[], "${B}"),
    ];
    for (image, vars, want) in cases {
        let loaded = stack_with_image(image, vars);
        assert_eq!(
            image_of(&loaded).as_deref(),
            Some(want),
            "{image}: {:?}",
            loaded.problems
        );
    }
    // A default that is not used is not resolved: its unset variable is no error.
    let loaded = stack_with_image("nginx:${TAG:-${UNSET}}", &[("TAG", "1")]);
    assert_eq!(image_of(&loaded).as_deref(), Some("nginx:1"));
}

#[test]
fn nested_defaults_report_their_own_problems_at_their_place() {
    let _s = serial();
    let loaded = stack_with_image("nginx:${TAG:-${DEFAULT_TAG}}", &[]);
    let p = &loaded.problems[0];
    assert_eq!(p.code, "spec::unset_variable");
    assert!(p.message.contains("`DEFAULT_TAG`"), "{}", p.message);
    let text = &loaded.sources[0].text;
    let span = p.labels[0].span;
    assert_eq!(&text[span.start..span.end()], "${DEFAULT_TAG}");

    let loaded = stack_with_image("nginx:${TAG:-${DEFAULT_TAG}", &[("DEFAULT_TAG", "t")]);
    assert_eq!(loaded.problems[0].code, "spec::bad_interpolation");
    assert!(loaded.stack.is_none());

    let deep = format!("{}x{}", "${A:-".repeat(40), "}".repeat(40));
    let loaded = stack_with_image(&deep, &[]);
    let p = &loaded.problems[0];
    assert_eq!(p.code, "spec::bad_interpolation");
    assert!(p.message.contains("nest"), "{}", p.message);
}

// ---- messages: values cut short, sensitive values masked -----------------------------

fn all_text(loaded: &Loaded) -> String {
    let mut out = String::new();
    for p in &loaded.problems {
        out.push_str(&p.message);
        out.push('\n');
        for l in &p.labels {
            out.push_str(&l.text);
            out.push('\n');
        }
        if let Some(h) = &p.help {
            out.push_str(h);
            out.push('\n');
        }
    }
    out
}

#[test]
fn a_long_value_is_cut_short_in_messages() {
    let _s = serial();
    let big = "v".repeat(1 << 20);
    let text = "stack: demo\ncluster:\n  clusterName: \"${BIG}\"\n";
    let vars = Vars::isolated([("BIG".to_owned(), big)]);
    let loaded = load_bytes(vec![("long.yaml".into(), text.as_bytes().to_vec())], &vars);
    let p = &loaded.problems[0];
    assert_eq!(p.code, "spec::invalid_name");
    assert!(p.message.len() < 300, "{} bytes", p.message.len());
    assert!(p.message.contains("1048576 characters"), "{}", p.message);
    for p in &loaded.problems {
        assert!(p.message.len() < 2_500);
        assert!(p.labels.iter().all(|l| l.text.len() < 2_500));
        assert!(p.help.as_ref().is_none_or(|h| h.len() < 2_500));
    }
}

#[test]
fn sensitive_values_are_masked_in_every_problem() {
    let _s = serial();
    let secret = "xSup3r$ecret!";
    let long_secret = format!("L0ng{}", "s3cr3t".repeat(60));
    let text = r#"stack: demo
sensitiveVariables: [SECRET, LONG_SECRET]
cluster:
  clusterName: "${SECRET}"
taskDefinitions:
  - family: "web-${SECRET}"
    cpu: "${SECRET}"
    containerDefinitions:
      - name: app
        image: nginx
        memory: 128
services:
  - serviceName: "${LONG_SECRET}"
    taskDefinition: "${SECRET}"
    loadBalancers:
      - targetGroup: "${SECRET}x"
        containerName: app
        containerPort: 80
  - serviceName: other
    taskDefinition: "web-${SECRET}"
    launchType: "${SECRET}"
"#;
    let vars = Vars::isolated([
        ("SECRET".to_owned(), secret.to_owned()),
        ("LONG_SECRET".to_owned(), long_secret.clone()),
    ]);
    let loaded = load_bytes(
        vec![("secret.yaml".into(), text.as_bytes().to_vec())],
        &vars,
    );
    assert!(loaded.count(Severity::Error) >= 4, "{:?}", loaded.problems);
    let all = all_text(&loaded);
    assert!(!all.contains("Sup3r"), "{all}");
    // Not even the start of a long one that a message cuts short.
    assert!(!all.contains(&long_secret[..12]), "{all}");
    assert!(all.contains("(sensitive)"), "{all}");
}
