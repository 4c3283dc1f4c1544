//! The set-up scripts' logic that can run without installing anything: which Python 3
//! `scripts/local-aws` makes the test bed's venv with (the pinned packages support 3.11 to
//! 3.14), checked with stand-in interpreters that only print their version.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A folder of stand-in interpreters (`python3` -> 3.9 ...) and the few tools the script
/// runs, to be the whole PATH.
struct Pythons {
    dir: PathBuf,
}

impl Pythons {
    fn new(name: &str) -> Self {
        let dir =
            std::env::temp_dir().join(format!("ecsform-pythons-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for tool in ["dirname", "seq", "sed"] {
            let found = ["/usr/bin", "/bin"]
                .iter()
                .map(|d| Path::new(d).join(tool))
                .find(|p| p.exists())
                .unwrap_or_else(|| panic!("no {tool}"));
            symlink(found, dir.join(tool)).unwrap();
        }
        Self { dir }
    }

    /// An interpreter `name` that says it is Python `version`.
    fn add(&self, name: &str, version: &str) -> PathBuf {
        let path = self.dir.join(name);
        std::fs::write(&path, format!("#!/bin/sh\necho {version}\n")).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        path
    }

    /// `scripts/local-aws python` with only this folder on PATH: (exit code, stdout, stderr).
    fn choose(&self, env: &[(&str, &str)]) -> (i32, String, String) {
        let out = Command::new("/bin/bash")
            .arg(root().join("scripts/local-aws"))
            .arg("python")
            .env_clear()
            .env("PATH", &self.dir)
            .envs(env.iter().copied())
            .output()
            .unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).trim().to_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }
}

impl Drop for Pythons {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[test]
fn python3_is_taken_when_it_is_a_supported_version() {
    for v in ["3.11", "3.12", "3.13", "3.14"] {
        let p = Pythons::new(&format!("ok-{v}"));
        p.add("python3", v);
        p.add("python3.11", "3.11");
        assert_eq!(
            p.choose(&[]),
            (0, "python3".into(), String::new()),
            "python3 is {v}"
        );
    }
}

#[test]
fn a_versioned_interpreter_is_found_when_python3_is_too_old_or_too_new() {
    let p = Pythons::new("versioned");
    p.add("python3", "3.9");
    p.add("python3.12", "3.12");
    p.add("python3.13", "3.13");
    // The newest supported one.
    assert_eq!(p.choose(&[]).1, "python3.13");
    let p = Pythons::new("too-new");
    p.add("python3", "3.15");
    p.add("python3.11", "3.11");
    assert_eq!(p.choose(&[]).1, "python3.11");
}

#[test]
fn no_supported_python_is_a_clear_error_naming_what_was_found() {
    let p = Pythons::new("none-ok");
    p.add("python3", "3.10");
    let (code, out, err) = p.choose(&[]);
    assert_eq!((code, out.as_str()), (1, ""));
    assert!(
        err.contains(
            "the test bed's pinned packages need Python 3.11 to 3.14; found only: python3 is 3.10"
        ),
        "{err}"
    );
    let p = Pythons::new("none");
    let (code, _, err) = p.choose(&[]);
    assert_eq!(code, 1);
    assert!(err.contains("the test bed needs Python 3.11 to 3.14 (python3 on PATH, or ECSFORM_PYTHON); none was found"), "{err}");
}

#[test]
fn ecsform_python_chooses_the_interpreter_and_must_be_supported() {
    let p = Pythons::new("explicit");
    p.add("python3", "3.12");
    let mine = p.add("my-python", "3.14");
    let mine = mine.to_str().unwrap();
    assert_eq!(p.choose(&[("ECSFORM_PYTHON", mine)]).1, mine);
    let old = p.add("old-python", "3.10");
    let old = old.to_str().unwrap();
    let (code, _, err) = p.choose(&[("ECSFORM_PYTHON", old)]);
    assert_eq!(code, 1);
    assert!(
        err.contains(&format!("ECSFORM_PYTHON={old} is Python 3.10; the test bed's pinned packages need Python 3.11 to 3.14")),
        "{err}"
    );
}

#[test]
fn the_supported_range_is_the_pinned_packages() {
    // The range in the script is the one the requirements file and the README state.
    let script = std::fs::read_to_string(root().join("scripts/local-aws")).unwrap();
    assert!(script.contains("py_min=11\npy_max=14\n"));
    for doc in [
        "README.md",
        "tests/local-aws/README.md",
        "scripts/test",
        "book/src/getting-started.md",
        "book/src/performance.md",
    ] {
        let text = std::fs::read_to_string(root().join(doc)).unwrap();
        assert!(
            text.contains("Python 3.11 to 3.14"),
            "{doc} does not say Python 3.11 to 3.14"
        );
    }
}

/// `scripts/try` takes the binary from cargo's own build messages, so it follows
/// `CARGO_TARGET_DIR` (or `build.target-dir`) instead of assuming `target/debug`. A
/// stand-in `cargo` answers as cargo does for a build into another target directory
/// (the `executable` of the `compiler-artifact` message); running the real cargo here
/// would rebuild the workspace into that directory.
#[test]
fn try_finds_the_binary_where_cargo_built_it_whatever_the_target_dir() {
    let dir = std::env::temp_dir().join(format!("ecsform-try-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let bin_dir = dir.join("elsewhere/debug");
    std::fs::create_dir_all(&bin_dir).unwrap();
    let binary = bin_dir.join("ecsform");
    std::fs::write(&binary, "#!/bin/sh\n").unwrap();
    std::fs::set_permissions(&binary, std::fs::Permissions::from_mode(0o755)).unwrap();
    let fake = dir.join("bin");
    std::fs::create_dir_all(&fake).unwrap();
    let cargo = fake.join("cargo");
    std::fs::write(
        &cargo,
        format!(
            "#!/bin/sh\necho '{{\"reason\":\"compiler-artifact\",\"package_id\":\"ecsform\",\"executable\":\"{}\",\"fresh\":true}}'\necho '{{\"reason\":\"build-finished\",\"success\":true}}'\n",
            binary.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&cargo, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        fake.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new("/bin/bash")
        .arg(root().join("scripts/try"))
        .arg("--print-binary")
        .env("PATH", path)
        .env("CARGO_TARGET_DIR", dir.join("elsewhere"))
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        binary.display().to_string()
    );
}
