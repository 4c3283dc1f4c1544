//! The local AWS test bed for end-to-end tests: a patched moto emulator on a free
//! loopback port (through `scripts/local-aws`), the binary, and the aws CLI of the same
//! virtual environment as an independent second reader and writer.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, dead_code)]

use std::collections::BTreeMap;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// A running emulator, stopped on drop.
pub struct TestBed {
    pub port: u16,
    pub env: BTreeMap<String, String>,
}

fn free_port() -> u16 {
    // Bound on loopback only; the port is released before the emulator takes it.
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

impl TestBed {
    /// Starts an emulator on a free loopback port and creates the examples' network.
    pub fn start() -> Self {
        let port = free_port();
        let out = Command::new(root().join("scripts/local-aws"))
            .args(["start", &port.to_string()])
            .env_remove("AWS_ENDPOINT_URL")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "scripts/local-aws start failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let mut env = BTreeMap::new();
        for line in String::from_utf8_lossy(&out.stdout).lines() {
            if let Some((k, v)) = line.strip_prefix("export ").and_then(|l| l.split_once('=')) {
                env.insert(k.to_owned(), v.trim_matches(['\'', '"']).to_owned());
            }
        }
        let endpoint = env.get("AWS_ENDPOINT_URL").cloned().unwrap_or_default();
        assert!(
            endpoint.starts_with("http://127.0.0.1:"),
            "the test bed must be on loopback: {endpoint}"
        );
        // The SDK's standard retries stay on (3 attempts), as for users: moto's threaded
        // server answers a rare 500 under concurrent first requests (seen in CI on
        // ecs:DescribeTaskDefinition), which AWS clients retry. Unimplemented calls
        // still fail, after the retries.
        env.insert("AWS_MAX_ATTEMPTS".into(), "3".into());
        Self { port, env }
    }

    /// The end of the emulator's log (its tracebacks), for failure messages.
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

    fn command(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        let mut c = Command::new(program);
        c.env_clear();
        for k in ["HOME", "TMPDIR", "LANG"] {
            if let Ok(v) = std::env::var(k) {
                c.env(k, v);
            }
        }
        c.envs(&self.env);
        c.env("NO_COLOR", "1");
        c
    }

    /// Runs ecsform from the repository root.
    pub fn ecsform(&self, args: &[&str]) -> Output {
        self.command(env!("CARGO_BIN_EXE_ecsform"))
            .current_dir(root())
            .args(args)
            .output()
            .unwrap()
    }

    /// Runs the aws CLI; its JSON output (or `Null`).
    pub fn aws(&self, args: &[&str]) -> Value {
        let out = self
            .command("aws")
            .args(args)
            .args(["--output", "json"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "aws {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8_lossy(&out.stdout);
        if text.trim().is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap()
        }
    }

    /// Runs a Python script of the tests with the venv's interpreter.
    pub fn python(&self, script: &str, args: &[&str]) {
        let out = self
            .command("python3")
            .current_dir(root())
            .arg(root().join(script))
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{script}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// `ecsform plan --output json` of an example; its exit code and the non-no-op
    /// changes as `"<actions> <address>"`.
    pub fn plan(&self, example: &str) -> (i32, Vec<String>, Value) {
        let out = self.ecsform(&[
            "plan",
            "-f",
            &format!("examples/{example}"),
            "--output",
            "json",
            "--detailed-exitcode",
        ]);
        let code = out.status.code().unwrap_or(-1);
        assert!(
            code == 0 || code == 2,
            "plan failed ({code}):\n{}\n{}",
            String::from_utf8_lossy(&out.stderr),
            self.emulator_log_tail()
        );
        let json: Value = serde_json::from_slice(&out.stdout).unwrap();
        let changes = json["resource_changes"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["actions"] != serde_json::json!(["no-op"]))
            .map(|c| {
                let actions: Vec<&str> = c["actions"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter_map(Value::as_str)
                    .collect();
                format!("{} {}", actions.join(","), c["address"].as_str().unwrap())
            })
            .collect();
        (code, changes, json)
    }
}

impl Drop for TestBed {
    fn drop(&mut self) {
        let _ = Command::new(root().join("scripts/local-aws"))
            .args(["stop", &self.port.to_string()])
            .output();
    }
}
