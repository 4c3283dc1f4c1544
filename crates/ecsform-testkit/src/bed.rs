//! The local AWS test bed, started the one way every end-to-end test and benchmark
//! starts it: a patched moto emulator on a free loopback port (`scripts/local-aws start`,
//! which also creates the examples' network), stopped on drop.
//!
//! The tests that start it are end-to-end tests: they are marked
//! `#[ignore = "end to end: ..."]` ([`E2E`]), so plain `cargo test` needs neither Python
//! nor a network; `scripts/test` runs them with `--include-ignored` after installing the
//! test bed. [`Bed::start`] installs the test bed when it is missing (as
//! `scripts/local-aws start` does), and fails loudly when it cannot (no supported
//! Python, no network): never a silent skip.

// Test support: a bed that does not start is the test's failure, reported where it
// happens (the test's panic), as in the tests themselves.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// The start of the reason every end-to-end test's `#[ignore]` gives (checked by this
/// crate's tests: every test that starts the bed is marked).
pub const E2E: &str = "end to end";

/// The repository's root folder.
#[must_use]
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// The test bed's virtual environment (`scripts/local-aws install` makes it).
#[must_use]
pub fn venv() -> PathBuf {
    root().join(".venv/local-aws")
}

/// A free loopback port (released before the emulator takes it).
#[must_use]
pub fn free_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

/// A running emulator, stopped on drop.
#[derive(Debug)]
pub struct Bed {
    pub port: u16,
    /// The exports of `scripts/local-aws` (endpoint, credentials, the examples' network
    /// ids).
    pub env: BTreeMap<String, String>,
}

impl Bed {
    /// Starts an emulator on a free loopback port and creates the examples' network.
    #[must_use]
    pub fn start() -> Self {
        let port = free_port();
        let env = local_aws("start", port);
        let endpoint = env.get("AWS_ENDPOINT_URL").cloned().unwrap_or_default();
        assert!(
            endpoint.starts_with("http://127.0.0.1:"),
            "the test bed must be on loopback: {endpoint}"
        );
        Self { port, env }
    }

    /// Clears all state (and re-creates the network).
    pub fn reset(&mut self) {
        self.env = local_aws("reset", self.port);
    }

    /// The end of the emulator's log (its tracebacks), for failure messages.
    #[must_use]
    pub fn emulator_log_tail(&self) -> String {
        let log = root().join(format!(".local-aws/moto-{}.log", self.port));
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        let start = lines.len().saturating_sub(40);
        format!(
            "--- end of {} ---\n{}",
            log.display(),
            lines[start..].join("\n")
        )
    }

    /// Runs `program` in the repository with the bed's exports (added to the caller's
    /// environment); its stdout and stderr. Panics when it fails.
    pub fn run(&self, program: &str, args: &[&str]) -> (String, String) {
        let out = Command::new(program)
            .current_dir(root())
            .envs(&self.env)
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{program} {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    /// The bed's exports as variables (for the example stacks).
    #[must_use]
    pub fn vars(&self) -> Vec<(String, String)> {
        self.env
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }
}

impl Drop for Bed {
    fn drop(&mut self) {
        let _ = Command::new(root().join("scripts/local-aws"))
            .args(["stop", &self.port.to_string()])
            .output();
    }
}

/// `scripts/local-aws COMMAND PORT`: its exported variables. Tried three times: under
/// load the script's 2-second liveness probe of the emulator can time out.
fn local_aws(command: &str, port: u16) -> BTreeMap<String, String> {
    let mut last = String::new();
    for _ in 0..3 {
        let out = Command::new(root().join("scripts/local-aws"))
            .args([command, &port.to_string()])
            // The bed's own endpoint, never one the caller's environment names.
            .env_remove("AWS_ENDPOINT_URL")
            .output()
            .unwrap();
        if out.status.success() {
            return String::from_utf8_lossy(&out.stdout)
                .lines()
                .filter_map(|l| l.strip_prefix("export ").and_then(|l| l.split_once('=')))
                .map(|(k, v)| (k.to_owned(), v.trim_matches(['\'', '"']).to_owned()))
                .collect();
        }
        last = String::from_utf8_lossy(&out.stderr).into_owned();
        if !venv().join("bin/python").exists() {
            // Not installed, and installing failed: trying again would fail the same way.
            break;
        }
        std::thread::sleep(Duration::from_secs(1));
    }
    panic!(
        "scripts/local-aws {command} {port} failed (an end-to-end test needs the local AWS \
         test bed: `scripts/local-aws install` installs it, with Python 3.11 to 3.14 and a \
         network; plain `cargo test` leaves these tests out):\n{last}"
    );
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::{Path, PathBuf};

    use super::{E2E, root};

    /// A top-level function of a test file: its name, attribute lines and body. (rustfmt
    /// puts a top-level item's closing brace alone at the start of a line.)
    struct Function {
        name: String,
        attributes: Vec<String>,
        body: String,
    }

    fn functions(text: &str) -> Vec<Function> {
        let lines: Vec<&str> = text.lines().collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i < lines.len() {
            let signature = lines[i]
                .trim_start_matches("pub ")
                .trim_start_matches("async ");
            let Some(rest) = signature.strip_prefix("fn ") else {
                i += 1;
                continue;
            };
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            let mut first = i;
            while first > 0
                && (lines[first - 1].starts_with("#[") || lines[first - 1].starts_with("///"))
            {
                first -= 1;
            }
            let end = (i..lines.len())
                .find(|&j| lines[j] == "}")
                .unwrap_or(lines.len());
            out.push(Function {
                name,
                attributes: lines[first..i]
                    .iter()
                    .filter(|l| l.starts_with("#["))
                    .map(|l| (*l).to_owned())
                    .collect(),
                body: lines[i + 1..end].join("\n"),
            });
            i = end + 1;
        }
        out
    }

    fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                rust_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }

    /// Every test that starts the local AWS test bed (itself, or through a function of
    /// its file) is marked `#[ignore = "end to end: ..."]`, so that plain `cargo test`
    /// needs neither Python nor a network; and every `#[ignore]` is such a mark, since
    /// `scripts/test` runs all of them (`--include-ignored`).
    #[test]
    fn every_test_that_starts_the_test_bed_is_marked_end_to_end() {
        let (mut files, mut sources) = (Vec::new(), Vec::new());
        for krate in std::fs::read_dir(root().join("crates")).unwrap().flatten() {
            rust_files(&krate.path().join("tests"), &mut files);
            rust_files(&krate.path().join("src"), &mut sources);
        }
        files.sort();
        sources.sort();
        let mark = format!("#[ignore = \"{E2E}");
        let mut failures = Vec::new();
        let mut bed_tests = 0;
        for file in &files {
            let text = std::fs::read_to_string(file).unwrap();
            let fns = functions(&text);
            // The functions of the file that start the bed, directly or through others.
            let mut starting: BTreeSet<&str> = fns
                .iter()
                .filter(|f| f.body.contains("TestBed::start(") || f.body.contains(" Bed::start("))
                .map(|f| f.name.as_str())
                .collect();
            loop {
                let more: Vec<&str> = fns
                    .iter()
                    .filter(|f| !starting.contains(f.name.as_str()))
                    .filter(|f| starting.iter().any(|s| f.body.contains(&format!("{s}("))))
                    .map(|f| f.name.as_str())
                    .collect();
                if more.is_empty() {
                    break;
                }
                starting.extend(more);
            }
            let rel = file
                .strip_prefix(root())
                .unwrap_or(file)
                .display()
                .to_string();
            for f in &fns {
                let is_test = f
                    .attributes
                    .iter()
                    .any(|a| a.starts_with("#[test") || a.starts_with("#[tokio::test"));
                let marked = f.attributes.iter().any(|a| a.starts_with(&mark));
                if is_test && starting.contains(f.name.as_str()) {
                    bed_tests += 1;
                    if !marked {
                        failures.push(format!(
                            "{rel}: {} starts the test bed: mark it #[ignore = \"{E2E}: starts the local AWS test bed (scripts/test runs it)\"]",
                            f.name
                        ));
                    }
                }
            }
        }
        for file in files.iter().chain(&sources) {
            let text = std::fs::read_to_string(file).unwrap();
            let rel = file
                .strip_prefix(root())
                .unwrap_or(file)
                .display()
                .to_string();
            for (n, line) in text.lines().enumerate() {
                let line = line.trim_start();
                if line.starts_with("#[ignore") && !line.starts_with(&mark) {
                    failures.push(format!(
                        "{rel}:{}: ignored for another reason than {E2E:?}, but scripts/test runs every ignored test (--include-ignored)",
                        n + 1
                    ));
                }
            }
        }
        // The scan found the end-to-end tests (a scan that finds nothing proves nothing).
        assert!(bed_tests >= 50, "only {bed_tests} tests start the test bed");
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}
