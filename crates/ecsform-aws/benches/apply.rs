//! Benchmark: apply the retail store on an empty account of the local test bed, directly
//! and through a loopback proxy that adds 50 ms to every call. Prints the wall time, the
//! time spent sleeping between polls of waits (the emulator settles at once, so none is
//! expected), the API calls per change, and the critical-path lower bound: the longest
//! chain of dependent changes, each weighted by the calls it made one after another
//! (measured in a run with one change at a time), times the latency. Asserts nothing
//! about speed.
//!
//! `cargo bench -p ecsform-aws --bench apply` (starts its own emulator).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr,
    clippy::cast_precision_loss,
    clippy::panic
)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use ecsform_apply::{Interrupt, Outcome, Progress, apply};
use ecsform_aws::{AwsExecutor, Clients, ExecOptions, read_live};
use ecsform_model::Address;
use ecsform_model::desired::desired_state;
use ecsform_plan::{Change, Plan, PlanOptions, plan};
use ecsform_testkit::latency::latency_proxy;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// `scripts/local-aws` on `port`: its exported variables.
fn local_aws(command: &str, port: u16) -> BTreeMap<String, String> {
    let out = Command::new(root().join("scripts/local-aws"))
        .args([command, &port.to_string()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.strip_prefix("export ").and_then(|l| l.split_once('=')))
        .map(|(k, v)| (k.to_owned(), v.trim_matches(['\'', '"']).to_owned()))
        .collect()
}

async fn clients_for(port: u16) -> Clients {
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

/// Records the calls each change made (exact with one change at a time) and the time
/// waits slept.
struct Meter<'a> {
    clients: &'a Clients,
    at_start: Mutex<BTreeMap<Address, usize>>,
    calls: Mutex<BTreeMap<Address, usize>>,
    waited: Mutex<BTreeMap<Address, Duration>>,
}

impl Progress for Meter<'_> {
    fn started(&self, change: &Change) {
        self.at_start
            .lock()
            .unwrap()
            .insert(change.address.clone(), self.clients.calls());
    }

    fn waiting(&self, address: &Address, _what: &str, elapsed: Duration) {
        self.waited.lock().unwrap().insert(address.clone(), elapsed);
    }

    fn finished(&self, address: &Address, outcome: &Outcome, _elapsed: Duration) {
        assert!(matches!(outcome, Outcome::Done), "{address}: {outcome:?}");
        let start = self
            .at_start
            .lock()
            .unwrap()
            .get(address)
            .copied()
            .unwrap_or(0);
        self.calls
            .lock()
            .unwrap()
            .insert(address.clone(), self.clients.calls() - start);
    }
}

/// The longest chain of dependent changes, weighted by their calls.
fn critical_path(plan: &Plan, calls: &BTreeMap<Address, usize>) -> usize {
    let mut longest: BTreeMap<&Address, usize> = BTreeMap::new();
    // The plan is in dependency order: dependencies come first.
    for c in &plan.changes {
        let before = plan
            .edges
            .iter()
            .filter(|(dependent, _)| dependent == &c.address)
            .filter_map(|(_, dependency)| longest.get(dependency))
            .max()
            .copied()
            .unwrap_or(0);
        longest.insert(
            &c.address,
            before + calls.get(&c.address).copied().unwrap_or(0),
        );
    }
    longest.values().max().copied().unwrap_or(0)
}

struct Row {
    latency_ms: u64,
    concurrency: usize,
    changes: usize,
    wall: Duration,
    waited: Duration,
    calls: usize,
    path_calls: usize,
}

async fn measure(
    port: u16,
    vars: &BTreeMap<String, String>,
    latency_ms: u64,
    concurrency: usize,
) -> Row {
    let loaded = ecsform_spec::load_path(
        &root().join("examples/retail-store"),
        &ecsform_spec::Vars::isolated(vars.iter().map(|(k, v)| (k.clone(), v.clone()))),
    )
    .unwrap();
    let desired = desired_state(&loaded.stack.unwrap());
    let port = if latency_ms == 0 {
        port
    } else {
        latency_proxy(port, Duration::from_millis(latency_ms)).await
    };
    let clients = clients_for(port).await;
    let live = read_live(&clients, &desired).await.unwrap();
    let p = plan(&desired, &live, &PlanOptions::default()).unwrap();
    let meter = Meter {
        clients: &clients,
        at_start: Mutex::new(BTreeMap::new()),
        calls: Mutex::new(BTreeMap::new()),
        waited: Mutex::new(BTreeMap::new()),
    };
    let options = ExecOptions {
        poll_interval: Duration::from_secs(1),
        ..ExecOptions::default()
    };
    let executor = AwsExecutor::new(&clients, &desired, &live, options, &meter);
    let before = clients.calls();
    let t = Instant::now();
    let report = apply(&p, &executor, concurrency, &Interrupt::default(), &meter).await;
    let wall = t.elapsed();
    assert!(report.succeeded(), "{report:?}");
    let calls = meter.calls.lock().unwrap().clone();
    Row {
        latency_ms,
        concurrency,
        changes: p.changes.len(),
        wall,
        waited: meter.waited.lock().unwrap().values().sum(),
        calls: clients.calls() - before,
        path_calls: critical_path(&p, &calls),
    }
}

fn main() {
    // `cargo test --all-targets` runs benchmarks once as tests: measure only under `cargo bench`.
    if !std::env::args().any(|a| a == "--bench") {
        println!("benchmark skipped: run it with cargo bench");
        return;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    local_aws("start", port);
    let mut rows = Vec::new();
    // One change at a time first: it measures each change's own sequential calls,
    // which weigh the critical path of the concurrent runs.
    for (latency, concurrency) in [(0, 1), (0, 4), (50, 1), (50, 4)] {
        let vars = local_aws("reset", port);
        let mut row = runtime.block_on(measure(port, &vars, latency, concurrency));
        if concurrency > 1 {
            // The calls of concurrent changes interleave: weigh the path with the
            // one-at-a-time run's per-change calls (the same calls, made in order).
            row.path_calls = rows.last().map_or(0, |r: &Row| r.path_calls);
        }
        rows.push(row);
    }
    local_aws("stop", port);

    println!(
        "ecsform apply benchmark: the retail store from an empty account (2 cores, moto on loopback)"
    );
    println!(
        "{:>8} {:>11} {:>8} {:>9} {:>10} {:>7} {:>13} {:>22} {:>8}",
        "latency",
        "concurrency",
        "changes",
        "wall ms",
        "waited ms",
        "calls",
        "calls/change",
        "critical path",
        "x bound"
    );
    for r in &rows {
        let bound_ms = r.path_calls as u64 * r.latency_ms;
        let ratio = if r.latency_ms == 0 {
            "-".to_owned()
        } else {
            format!("{:.2}", r.wall.as_secs_f64() * 1000.0 / bound_ms as f64)
        };
        println!(
            "{:>6}ms {:>11} {:>8} {:>9.0} {:>10.0} {:>7} {:>13.2} {:>22} {:>8}",
            r.latency_ms,
            r.concurrency,
            r.changes,
            r.wall.as_secs_f64() * 1000.0,
            r.waited.as_secs_f64() * 1000.0,
            r.calls,
            r.calls as f64 / r.changes as f64,
            format!("{} calls = {} ms", r.path_calls, bound_ms),
            ratio,
        );
    }
    println!(
        "critical path: the longest chain of dependent changes, each weighted by the calls it made one after another (measured with concurrency 1)"
    );
}
