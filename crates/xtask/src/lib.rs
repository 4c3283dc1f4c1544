//! The repository's generated files and how each is made, behind `cargo xtask gen`
//! (`crates/xtask/src/main.rs`).
//!
//! Two sorts:
//!
//! - [`Generated`]: files this crate writes itself, from library functions (the JSON
//!   Schema, the book's references). The tests that guard them (`ecsform-spec`'s
//!   `examples.rs`, `ecsform`'s `book.rs`) call the same functions and compare.
//! - [`Delegated`]: files a test writes in its overwrite mode, because making them needs
//!   the test's own machinery (the corpus's replayed cases, trycmd, insta, the local AWS
//!   test bed). `cargo xtask gen` runs that test with its overwrite variable set;
//!   `--check` runs it comparing only.

pub mod reference;

use std::path::{Path, PathBuf};

use serde_json::Value;

/// The workspace root (this crate is `crates/xtask`).
#[must_use]
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A file this crate generates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Generated {
    /// `schemas/ecsform.schema.json`, `ecsform schema`'s output.
    Schema,
    /// `book/src/reference/stack-file.md`, from the schema.
    StackFile,
    /// `book/src/reference/defaults.md`, from `ecsform-model`'s defaults table.
    Defaults,
    /// `book/src/reference/cli.md`, from the binary's `--help` (needs the binary).
    Cli,
    /// The index of diagnostic codes in `book/src/troubleshooting.md` (between its
    /// `codes:begin` and `codes:end` markers), from `ecsform_spec::Code`.
    Codes,
}

impl Generated {
    /// Every generated file, in the order `cargo xtask gen` makes them.
    pub const ALL: [Self; 5] = [
        Self::Schema,
        Self::StackFile,
        Self::Defaults,
        Self::Cli,
        Self::Codes,
    ];

    /// The name `cargo xtask gen NAME` takes.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Schema => "schema",
            Self::StackFile => "stack-file",
            Self::Defaults => "defaults",
            Self::Cli => "cli",
            Self::Codes => "codes",
        }
    }

    /// Where the file is committed, relative to the workspace root.
    #[must_use]
    pub fn path(self) -> &'static str {
        match self {
            Self::Schema => ecsform_spec::schema::SCHEMA_PATH,
            Self::StackFile => "book/src/reference/stack-file.md",
            Self::Defaults => "book/src/reference/defaults.md",
            Self::Cli => "book/src/reference/cli.md",
            Self::Codes => "book/src/troubleshooting.md",
        }
    }

    /// The file's content as generated now (for [`Generated::Codes`], the chapter as it
    /// is with its index of codes generated now). `help_of` runs the binary's `--help` (see
    /// [`reference::cli`]); only [`Generated::Cli`] calls it.
    ///
    /// # Errors
    /// When `help_of` fails, or the schema cannot be read back.
    pub fn generate(
        self,
        help_of: &mut dyn FnMut(&[String]) -> Result<String, String>,
    ) -> Result<String, String> {
        match self {
            Self::Schema => Ok(ecsform_spec::schema::schema_json()),
            Self::StackFile => stack_file_reference(),
            Self::Defaults => Ok(ecsform_model::defaults::reference_markdown()),
            Self::Cli => reference::cli(help_of),
            Self::Codes => {
                let path = root().join(self.path());
                let chapter = std::fs::read_to_string(&path)
                    .map_err(|e| format!("reading {}: {e}", path.display()))?;
                reference::codes_index(&chapter)
            }
        }
    }

    /// The command that regenerates the file.
    #[must_use]
    pub fn regenerate(self) -> String {
        format!("cargo xtask gen {}", self.name())
    }
}

/// The stack file reference of the current schema.
///
/// # Errors
/// When the schema is not JSON (it always is) or has no definitions.
pub fn stack_file_reference() -> Result<String, String> {
    let schema: Value = serde_json::from_str(&ecsform_spec::schema::schema_json())
        .map_err(|e| format!("the schema is not JSON: {e}"))?;
    reference::stack_file(&schema)
}

/// Files a test writes in its overwrite mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delegated {
    /// The list of cases in `tests/fixtures/aws-real/README.md` (the corpus test).
    Corpus,
    /// The expected outputs of the CLI cases, `tests/cmd/**` (trycmd).
    Trycmd,
    /// The insta snapshots (`snapshots/` beside the tests that take them).
    Snapshots,
    /// The book's console transcripts (the book test; starts the local AWS test bed).
    Transcripts,
}

/// One `cargo test` run: its arguments, and the variable and value that make it write.
#[derive(Debug, Clone, Copy)]
pub struct TestRun {
    pub args: &'static [&'static str],
    pub overwrite: (&'static str, &'static str),
}

impl Delegated {
    /// Every delegated sort, in the order `cargo xtask gen all` runs them.
    pub const ALL: [Self; 4] = [
        Self::Corpus,
        Self::Trycmd,
        Self::Snapshots,
        Self::Transcripts,
    ];

    /// The name `cargo xtask gen NAME` takes.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Corpus => "corpus",
            Self::Trycmd => "trycmd",
            Self::Snapshots => "snapshots",
            Self::Transcripts => "transcripts",
        }
    }

    /// What it writes, for messages.
    #[must_use]
    pub fn what(self) -> &'static str {
        match self {
            Self::Corpus => "the list of cases in tests/fixtures/aws-real/README.md",
            Self::Trycmd => "the CLI cases' expected outputs under tests/cmd/",
            Self::Snapshots => "the insta snapshots",
            Self::Transcripts => "the book's console transcripts (book/transcripts/)",
        }
    }

    /// The `cargo test` runs (arguments after `cargo test`) and the variable that makes
    /// each write instead of compare.
    #[must_use]
    pub fn runs(self) -> &'static [TestRun] {
        const INSTA: (&str, &str) = ("INSTA_UPDATE", "always");
        match self {
            Self::Corpus => &[TestRun {
                args: &["-p", "ecsform", "--test", "corpus"],
                overwrite: ("ECSFORM_CORPUS_README", "overwrite"),
            }],
            Self::Trycmd => &[TestRun {
                args: &["-p", "ecsform", "--test", "cli"],
                overwrite: ("TRYCMD", "overwrite"),
            }],
            // Every test that takes an insta snapshot (`grep -rl insta:: crates`).
            Self::Snapshots => &[
                TestRun {
                    args: &["-p", "ecsform-model", "--test", "render"],
                    overwrite: INSTA,
                },
                TestRun {
                    args: &["-p", "ecsform-plan", "--lib"],
                    overwrite: INSTA,
                },
                TestRun {
                    args: &["-p", "ecsform", "--bins"],
                    overwrite: INSTA,
                },
            ],
            // The transcripts against the test bed are end-to-end tests (`#[ignore]`d).
            Self::Transcripts => &[TestRun {
                args: &["-p", "ecsform", "--test", "book", "--", "--include-ignored"],
                overwrite: ("ECSFORM_BOOK", "overwrite"),
            }],
        }
    }
}

/// The variables of every overwrite mode, removed from a comparing run (`--check`), with
/// what they are set to there instead.
pub const COMPARE_ONLY: [(&str, Option<&str>); 4] = [
    ("ECSFORM_CORPUS_README", None),
    ("TRYCMD", None),
    ("ECSFORM_BOOK", None),
    ("INSTA_UPDATE", Some("no")),
];

/// A unified diff of a committed file and the generated one, for messages.
#[must_use]
pub fn diff(committed: &str, fresh: &str) -> String {
    similar::TextDiff::from_lines(committed, fresh)
        .unified_diff()
        .context_radius(2)
        .header("committed", "generated now")
        .to_string()
}

/// Compares a generated file with the committed one: `None` when current, else why not
/// (the path, the command that regenerates it, and the diff).
#[must_use]
pub fn stale(file: Generated, fresh: &str) -> Option<String> {
    let committed = std::fs::read_to_string(root().join(file.path())).unwrap_or_default();
    (committed != fresh).then(|| {
        format!(
            "{} is not what is generated now; regenerate it with `{}` and review the diff\n{}",
            file.path(),
            file.regenerate(),
            diff(&committed, fresh)
        )
    })
}
