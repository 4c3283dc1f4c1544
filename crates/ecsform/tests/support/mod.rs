//! The local AWS test bed for end-to-end tests (started by the test kit,
//! [`ecsform_testkit::bed`]), the binary, and the aws CLI of the same virtual environment
//! as an independent second reader and writer. The tests that start it are marked
//! `#[ignore = "end to end: ..."]`: `scripts/test` runs them (`--include-ignored`).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stderr,
    // Each test binary uses a part (of the re-exports too).
    dead_code,
    unused_imports
)]

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

pub use ecsform_testkit::bed::root;
pub use ecsform_testkit::http;
pub use ecsform_testkit::proxy::{
    Chaos, ChaosProxy, FaultProxy, MAX_LOST_IN_A_ROW, Rng, holding_proxy, seed_from_env, splitmix64,
};

pub mod replay;

/// A running emulator (the test kit's [`ecsform_testkit::bed::Bed`]: its `port` and
/// `env`), stopped on drop, with the ways the tests run ecsform, the aws CLI and Python
/// against it.
pub struct TestBed {
    bed: ecsform_testkit::bed::Bed,
}

impl std::ops::Deref for TestBed {
    type Target = ecsform_testkit::bed::Bed;

    fn deref(&self) -> &Self::Target {
        &self.bed
    }
}

impl TestBed {
    /// Starts an emulator on a free loopback port and creates the examples' network.
    pub fn start() -> Self {
        let mut bed = ecsform_testkit::bed::Bed::start();
        // The SDK's standard retries stay on (3 attempts), as for users: moto's threaded
        // server answers a rare 500 under concurrent first requests (seen in CI on
        // ecs:DescribeTaskDefinition), which AWS clients retry. Unimplemented calls
        // still fail, after the retries.
        bed.env.insert("AWS_MAX_ATTEMPTS".into(), "3".into());
        Self { bed }
    }

    /// A command with the test bed's environment (and nothing else of the test's).
    pub fn program(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        let mut c = self.command(program);
        c.current_dir(root());
        c
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
        self.ecsform_env(args, &[])
    }

    /// Runs ecsform from the repository root with extra environment variables.
    pub fn ecsform_env(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        self.ecsform_command(args)
            .envs(env.iter().copied())
            .output()
            .unwrap()
    }

    /// The command that runs ecsform from the repository root, to spawn.
    pub fn ecsform_command(&self, args: &[&str]) -> Command {
        let mut c = self.command(env!("CARGO_BIN_EXE_ecsform"));
        c.current_dir(root()).args(args);
        c
    }

    /// `ecsform apply --auto-approve` of a stack (fast polls); asserts the exit code
    /// and returns stderr (progress and summary).
    pub fn apply(&self, path: &str, expect: i32) -> String {
        self.apply_env(path, expect, &[])
    }

    /// [`Self::apply`] with extra environment variables.
    pub fn apply_env(&self, path: &str, expect: i32, env: &[(&str, &str)]) -> String {
        let out = self.ecsform_env(
            &[
                "apply",
                "-f",
                path,
                "--auto-approve",
                "--poll-interval",
                "1",
            ],
            env,
        );
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(
            out.status.code(),
            Some(expect),
            "apply {path}:\n{}\n{stderr}\n{}",
            String::from_utf8_lossy(&out.stdout),
            self.emulator_log_tail()
        );
        stderr
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
        self.plan_path(&format!("examples/{example}"))
    }

    /// [`Self::plan`] of a stack at a path (relative to the repository root, or absolute).
    pub fn plan_path(&self, path: &str) -> (i32, Vec<String>, Value) {
        let out = self.ecsform(&[
            "plan",
            "-f",
            path,
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

/// A copy of an example in a fresh temporary folder, to edit in a test.
pub struct Scratch {
    pub dir: PathBuf,
}

impl Scratch {
    pub fn of_example(example: &str) -> Self {
        static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let dir =
            std::env::temp_dir().join(format!("ecsform-test-{}-{example}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for entry in std::fs::read_dir(root().join("examples").join(example)).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), dir.join(entry.file_name())).unwrap();
        }
        Self { dir }
    }

    pub fn path(&self) -> &str {
        self.dir.to_str().unwrap()
    }

    /// Replaces the first occurrence of `from` in a file of the copy (which must have it).
    pub fn edit(&self, file: &str, from: &str, to: &str) {
        let path = self.dir.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file} has no `{from}`");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }

    /// Cuts a file of the copy from the first line starting with `from` up to (not
    /// including) the next line starting with `until` (or the end).
    pub fn cut(&self, file: &str, from: &str, until: Option<&str>) {
        let path = self.dir.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        let start = text
            .find(from)
            .unwrap_or_else(|| panic!("{file} has no `{from}`"));
        let end = until
            .and_then(|u| {
                text[start + from.len()..]
                    .find(u)
                    .map(|i| i + start + from.len())
            })
            .unwrap_or(text.len());
        std::fs::write(&path, format!("{}{}", &text[..start], &text[end..])).unwrap();
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A command's stdout and stderr together, for assertions and failure messages.
pub fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// How the test bed's deployments of [`deployments_stack`] behave (patches 23-25 of
/// `scripts/moto_patches/ecsform_moto.py`, selected by the task definition's environment).
pub struct Rollout<'a> {
    /// Seconds the tasks take to start (or to stop, with `stop`).
    pub start_seconds: u32,
    /// `image-pull`, `essential-exit` or `elb-health`: every task stops with that reason.
    pub stop: Option<&'a str>,
    /// The deployment circuit breaker: `None` off, `Some(rollback)` on.
    pub circuit_breaker: Option<bool>,
    /// The container's image.
    pub image: &'a str,
    pub desired_count: u32,
}

/// A stack of one Fargate service `web` (and its cluster, task definition, and scalable
/// target, which depends on the service), whose deployments behave as `r` says.
pub fn deployments_stack(r: &Rollout) -> String {
    let mut env = format!(
        "          - name: ECSFORM_TESTBED_START_SECONDS\n            value: \"{}\"\n",
        r.start_seconds
    );
    if let Some(stop) = r.stop {
        env.push_str(&format!(
            "          - name: ECSFORM_TESTBED_STOP\n            value: {stop}\n"
        ));
    }
    let breaker = match r.circuit_breaker {
        None => String::new(),
        Some(rollback) => format!(
            "    deploymentConfiguration:\n      deploymentCircuitBreaker:\n        enable: true\n        rollback: {rollback}\n"
        ),
    };
    format!(
        "stack: deployments
region: ${{AWS_REGION}}

cluster:
  clusterName: deployments

taskDefinitions:
  - family: web
    networkMode: awsvpc
    requiresCompatibilities: [FARGATE]
    cpu: 256
    memory: 512
    containerDefinitions:
      - name: web
        image: {image}
        essential: true
        environment:
{env}
services:
  - serviceName: web
    taskDefinition: web
    desiredCount: {desired}
    launchType: FARGATE
{breaker}    networkConfiguration:
      awsvpcConfiguration:
        securityGroups: [\"${{NGINX_SG_ID}}\"]
        subnets: [\"${{PUBLIC_SUBNET1}}\", \"${{PUBLIC_SUBNET2}}\"]
    autoscaling:
      minCapacity: {desired}
      maxCapacity: 4
",
        image = r.image,
        desired = r.desired_count,
    )
}
