//! `cargo xtask`: the repository's developer commands (the alias is in
//! `.cargo/config.toml`). One so far:
//!
//! ```sh
//! cargo xtask gen                 # regenerate the schema and the book's references
//! cargo xtask gen all             # ... and everything a test writes in overwrite mode
//! cargo xtask gen --check         # fail, naming the file, when one is stale (scripts/test)
//! cargo xtask gen trycmd snapshots
//! ```

// A developer command: its progress and its findings go to stderr.
#![allow(clippy::print_stderr)]

use std::path::PathBuf;
use std::process::{Command, ExitCode};

use clap::{Parser, Subcommand, ValueEnum};
use xtask::{COMPARE_ONLY, Delegated, Generated, root};

#[derive(Debug, Parser)]
#[command(
    name = "cargo xtask",
    about = "Developer commands of the ecsform repository"
)]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Debug, Subcommand)]
enum Cmd {
    /// Regenerate generated files (or, with --check, fail when one is stale)
    Gen {
        /// Compare only: write nothing, fail naming every stale file and the command
        /// that regenerates it
        #[arg(long)]
        check: bool,
        /// What to regenerate [default: files]
        #[arg(value_enum)]
        what: Vec<What>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum What {
    /// schemas/ecsform.schema.json
    Schema,
    /// book/src/reference/stack-file.md (from the schema)
    StackFile,
    /// book/src/reference/defaults.md (from ecsform-model's defaults table)
    Defaults,
    /// book/src/reference/cli.md (builds ecsform and reads its --help)
    Cli,
    /// The index of diagnostic codes in book/src/troubleshooting.md (from ecsform_spec::Code)
    Codes,
    /// schema, stack-file, defaults, cli and codes: the files made here, no test run
    Files,
    /// The corpus README's list of cases (runs the corpus test)
    Corpus,
    /// The CLI cases' outputs under tests/cmd/ (runs the cli test with TRYCMD)
    Trycmd,
    /// The insta snapshots (runs the tests that take them with INSTA_UPDATE)
    Snapshots,
    /// The book's console transcripts (runs the book test; starts the local AWS test bed)
    Transcripts,
    /// corpus, trycmd and snapshots: what tests write, no test bed needed
    Tests,
    /// Everything above
    All,
}

impl What {
    fn expand(self) -> (Vec<Generated>, Vec<Delegated>) {
        let one = |g| (vec![g], vec![]);
        let run = |d| (vec![], vec![d]);
        match self {
            Self::Schema => one(Generated::Schema),
            Self::StackFile => one(Generated::StackFile),
            Self::Defaults => one(Generated::Defaults),
            Self::Cli => one(Generated::Cli),
            Self::Codes => one(Generated::Codes),
            Self::Files => (Generated::ALL.to_vec(), vec![]),
            Self::Corpus => run(Delegated::Corpus),
            Self::Trycmd => run(Delegated::Trycmd),
            Self::Snapshots => run(Delegated::Snapshots),
            Self::Transcripts => run(Delegated::Transcripts),
            Self::Tests => (
                vec![],
                vec![Delegated::Corpus, Delegated::Trycmd, Delegated::Snapshots],
            ),
            Self::All => (Generated::ALL.to_vec(), Delegated::ALL.to_vec()),
        }
    }
}

fn main() -> ExitCode {
    let Cmd::Gen { check, what } = Cli::parse().command;
    let what = if what.is_empty() {
        vec![What::Files]
    } else {
        what
    };
    let (mut files, mut runs) = (Vec::new(), Vec::new());
    for w in what {
        let (f, r) = w.expand();
        files.extend(f);
        runs.extend(r);
    }
    // Once each, in the canonical order.
    let files: Vec<Generated> = Generated::ALL
        .into_iter()
        .filter(|g| files.contains(g))
        .collect();
    let runs: Vec<Delegated> = Delegated::ALL
        .into_iter()
        .filter(|d| runs.contains(d))
        .collect();

    let mut failures = Vec::new();
    let mut binary: Option<PathBuf> = None;
    let mut help_of = |path: &[String]| -> Result<String, String> {
        let bin = match &binary {
            Some(b) => b.clone(),
            None => {
                let b = build_ecsform()?;
                binary = Some(b.clone());
                b
            }
        };
        let out = Command::new(&bin)
            .env_clear()
            .env("NO_COLOR", "1")
            .current_dir(root())
            .args(path)
            .arg("--help")
            .output()
            .map_err(|e| format!("running {}: {e}", bin.display()))?;
        if !out.status.success() {
            return Err(format!(
                "`ecsform {} --help` failed: {}",
                path.join(" "),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        String::from_utf8(out.stdout).map_err(|e| format!("`ecsform --help`: {e}"))
    };
    for file in files {
        let fresh = match file.generate(&mut help_of) {
            Ok(f) => f,
            Err(e) => {
                failures.push(format!("{}: {e}", file.path()));
                continue;
            }
        };
        if check {
            match xtask::stale(file, &fresh) {
                None => eprintln!("xtask: {} is current", file.path()),
                Some(why) => failures.push(why),
            }
            continue;
        }
        let path = root().join(file.path());
        if std::fs::read_to_string(&path).ok().as_deref() == Some(fresh.as_str()) {
            eprintln!("xtask: {} is current", file.path());
        } else if let Err(e) = std::fs::write(&path, &fresh) {
            failures.push(format!("writing {}: {e}", file.path()));
        } else {
            eprintln!("xtask: wrote {} (review the diff)", file.path());
        }
    }
    for d in runs {
        for run in d.runs() {
            let mut cmd = Command::new(cargo());
            cmd.current_dir(root()).arg("test").args(run.args);
            let shown = if check {
                for (var, value) in COMPARE_ONLY {
                    match value {
                        Some(v) => cmd.env(var, v),
                        None => cmd.env_remove(var),
                    };
                }
                format!("cargo test {}", run.args.join(" "))
            } else {
                let (var, value) = run.overwrite;
                cmd.env(var, value);
                format!("{var}={value} cargo test {}", run.args.join(" "))
            };
            eprintln!("xtask: {} ({shown})", d.what());
            match cmd.status() {
                Ok(s) if s.success() => {}
                Ok(_) if check => failures.push(format!(
                    "{} not current, or its test fails: `{shown}` failed (above); regenerate with `cargo xtask gen {}` and review the diff",
                    d.what(),
                    d.name()
                )),
                Ok(_) => failures.push(format!("`{shown}` failed (above)")),
                Err(e) => failures.push(format!("running `{shown}`: {e}")),
            }
        }
    }
    if failures.is_empty() {
        return ExitCode::SUCCESS;
    }
    eprintln!();
    for f in &failures {
        eprintln!("xtask: {f}\n");
    }
    eprintln!("xtask: {} problem(s)", failures.len());
    ExitCode::FAILURE
}

/// The `cargo` that runs this command (`cargo xtask` sets `CARGO`).
fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned())
}

/// Builds the `ecsform` binary (debug) and returns its path.
fn build_ecsform() -> Result<PathBuf, String> {
    eprintln!("xtask: building ecsform for its --help");
    let status = Command::new(cargo())
        .current_dir(root())
        .args(["build", "--quiet", "-p", "ecsform", "--bin", "ecsform"])
        .status()
        .map_err(|e| format!("running cargo build: {e}"))?;
    if !status.success() {
        return Err("`cargo build -p ecsform` failed (above)".to_owned());
    }
    let meta = Command::new(cargo())
        .current_dir(root())
        .args(["metadata", "--format-version", "1", "--no-deps"])
        .output()
        .map_err(|e| format!("running cargo metadata: {e}"))?;
    let meta: serde_json::Value = serde_json::from_slice(&meta.stdout)
        .map_err(|e| format!("cargo metadata's output: {e}"))?;
    let target = meta
        .get("target_directory")
        .and_then(serde_json::Value::as_str)
        .ok_or("cargo metadata names no target_directory")?;
    Ok(PathBuf::from(target)
        .join("debug")
        .join(format!("ecsform{}", std::env::consts::EXE_SUFFIX)))
}
