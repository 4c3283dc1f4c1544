//! What the AWS benchmarks share: the local test bed, SDK clients for a port, and the
//! lower bounds each measured time is set against. (Each benchmark uses a part: dead
//! code is allowed here.)

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use ecsform_aws::Clients;
use serde_json::{Value, json};

/// Whether to measure: `cargo bench` passes `--bench`; `cargo test --all-targets` runs
/// a benchmark once as a test, without it, and then it only says it skipped.
pub fn measuring() -> bool {
    if std::env::args().any(|a| a == "--bench") {
        return true;
    }
    println!("benchmark skipped: run it with cargo bench");
    false
}

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// A local test bed on a free port (`scripts/local-aws`), stopped on drop.
pub struct Bed {
    pub port: u16,
    /// The exports of `scripts/local-aws` (endpoint, credentials, network ids).
    pub env: BTreeMap<String, String>,
}

impl Bed {
    pub fn start() -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let env = local_aws("start", port);
        Self { port, env }
    }

    /// Clears all state (and re-creates the network).
    pub fn reset(&mut self) {
        self.env = local_aws("reset", self.port);
    }

    /// Runs `program` in the repository with the bed's exports; its stdout and stderr.
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

    /// The variables for the example stacks.
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
        std::thread::sleep(Duration::from_secs(1));
    }
    panic!("scripts/local-aws {command} {port}: {last}");
}

pub async fn clients_for(port: u16) -> Clients {
    let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .endpoint_url(format!("http://127.0.0.1:{port}"))
        .region(aws_config::Region::new("us-east-1"))
        .credentials_provider(aws_sdk_ecs::config::Credentials::new(
            "testing", "testing", None, None, "bench",
        ))
        .load()
        .await;
    Clients::from_config(&config)
}

/// A stack file (or folder) loaded with `vars`; panics on problems (a benchmark of error
/// paths would measure the wrong thing).
pub fn load(path: &Path, vars: &[(String, String)]) -> ecsform_spec::Stack {
    let loaded =
        ecsform_spec::load_path(path, &ecsform_spec::Vars::isolated(vars.iter().cloned())).unwrap();
    assert!(
        loaded.stack.is_some(),
        "{path:?}: {:?}",
        loaded.problems.first()
    );
    loaded.stack.unwrap()
}

/// The lower bounds of one measured time.
///
/// - `rounds`: calls that must be made one after another, whatever the client (dependent
///   rounds); `rounds x latency` is what the added latency alone costs at least.
/// - `floor_ms`: the same operation's time at 0 ms added latency (the emulator's and the
///   client's own work, which the latency does not make smaller).
/// - `bound = max(rounds x latency, floor)`.
///
/// The ratios are `measured / bound`; none at 0 ms for the rounds (the bound is 0), and
/// none for the floor bound at 0 ms (the measured time is the floor).
pub fn bounds(best_ms: f64, rounds: usize, latency_ms: u64, floor_ms: f64) -> Value {
    let rounds_ms = rounds as f64 * latency_ms as f64;
    let bound_ms = rounds_ms.max(floor_ms);
    json!({
        "rounds": rounds,
        "rounds_bound_ms": rounds_ms,
        "floor_ms": floor_ms,
        "bound_ms": bound_ms,
        "x_rounds_bound": (latency_ms > 0).then(|| best_ms / rounds_ms),
        "x_bound": (latency_ms > 0).then(|| best_ms / bound_ms),
    })
}

/// A ratio for a table cell: `-` when there is none.
pub fn ratio_cell(v: &Value) -> String {
    v.as_f64()
        .map_or_else(|| "-".to_owned(), |x| format!("{x:.2}"))
}

pub fn mib(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}
