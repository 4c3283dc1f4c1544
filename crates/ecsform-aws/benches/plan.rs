//! Benchmark: read live state and plan, against the local test bed, for the retail
//! store and generated stacks of 100 and 300 services; directly and through a loopback
//! proxy that adds 50 ms to every call. Prints wall time, API calls (per service), peak
//! heap, and the lower bound (dependent read rounds x latency); and, for scale, the time
//! of one aws CLI process. Asserts nothing about speed.
//!
//! `cargo bench -p ecsform-aws --bench plan` (starts its own emulator; takes a few
//! minutes, most of it creating the 400 services in the emulator).

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
use std::time::{Duration, Instant};

use ecsform_aws::{Clients, read_live};
use ecsform_model::desired::desired_state;
use ecsform_plan::{PlanOptions, plan};
use ecsform_testkit::latency::latency_proxy;

#[global_allocator]
static ALLOCATOR: ecsform_testkit::alloc::Counting = ecsform_testkit::alloc::Counting;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// One emulator per stack (the generated stacks share names), stopped on drop.
struct Bed {
    port: u16,
    env: BTreeMap<String, String>,
}

impl Bed {
    fn start() -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let out = Command::new(root().join("scripts/local-aws"))
            .args(["start", &port.to_string()])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let env = String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| l.strip_prefix("export ").and_then(|l| l.split_once('=')))
            .map(|(k, v)| (k.to_owned(), v.trim_matches(['\'', '"']).to_owned()))
            .collect();
        Self { port, env }
    }

    fn run(&self, program: &str, args: &[&str]) {
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
    }
}

impl Drop for Bed {
    fn drop(&mut self) {
        let _ = Command::new(root().join("scripts/local-aws"))
            .args(["stop", &self.port.to_string()])
            .output();
    }
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

struct Row {
    name: String,
    services: usize,
    latency_ms: u64,
    wall: Duration,
    calls: usize,
    peak: usize,
    changes: usize,
}

async fn measure(
    name: &str,
    services: usize,
    stack: &ecsform_spec::Stack,
    port: u16,
    latency_ms: u64,
) -> Row {
    let desired = desired_state(stack);
    let port = if latency_ms == 0 {
        port
    } else {
        latency_proxy(port, Duration::from_millis(latency_ms)).await
    };
    let clients = clients_for(port).await;
    // Warm up the emulator's lazy loading and the connection pool.
    let _ = read_live(&clients, &desired).await.unwrap();
    let mut best: Option<Row> = None;
    for _ in 0..3 {
        let base = ecsform_testkit::alloc::reset_peak();
        let t = Instant::now();
        let live = read_live(&clients, &desired).await.unwrap();
        let p = plan(&desired, &live, &PlanOptions::default()).unwrap();
        let wall = t.elapsed();
        let row = Row {
            name: name.to_owned(),
            services,
            latency_ms,
            wall,
            calls: live.api_calls,
            peak: ecsform_testkit::alloc::peak_since(base),
            changes: p
                .changes
                .iter()
                .filter(|c| c.action != ecsform_plan::Action::NoOp)
                .count(),
        };
        if best.as_ref().is_none_or(|b| row.wall < b.wall) {
            best = Some(row);
        }
    }
    best.unwrap()
}

fn load(path: &Path, vars: &[(String, String)]) -> ecsform_spec::Stack {
    let loaded =
        ecsform_spec::load_path(path, &ecsform_spec::Vars::isolated(vars.iter().cloned())).unwrap();
    assert!(
        loaded.stack.is_some(),
        "{path:?}: {:?}",
        loaded.problems.first()
    );
    loaded.stack.unwrap()
}

/// Dependent read rounds: the least any reader needs (DescribeLoadBalancers ->
/// DescribeListeners -> DescribeRules; ListServices -> DescribeServices ->
/// DescribeTaskDefinition of a family only a live service names), which is also the
/// depth of ecsform's reader.
const MIN_ROUNDS: u64 = 3;

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
    let dir = std::env::temp_dir().join(format!("ecsform-plan-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut rows = Vec::new();

    // The retail store, built by the aws CLI as in the workshop.
    let bed = Bed::start();
    bed.run("python3", &["tests/local-aws/retail_store.py", "create"]);
    let vars: Vec<(String, String)> = bed
        .env
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let retail = load(&root().join("examples/retail-store"), &vars);
    let cli_started = Instant::now();
    bed.run("aws", &["ecs", "list-clusters"]);
    let cli_time = cli_started.elapsed();
    for latency in [0, 50] {
        rows.push(runtime.block_on(measure("retail store", 3, &retail, bed.port, latency)));
    }
    drop(bed);

    for n in [100usize, 300] {
        let bed = Bed::start();
        let created = Instant::now();
        bed.run(
            "python3",
            &["tests/local-aws/generated_stack.py", &n.to_string()],
        );
        eprintln!(
            "created the {n}-service stack in the emulator in {:.1} s",
            created.elapsed().as_secs_f64()
        );
        let path = dir.join(format!("generated-{n}.yaml"));
        std::fs::write(&path, ecsform_testkit::generated_stack(n)).unwrap();
        let stack = load(&path, &[]);
        for latency in [0, 50] {
            rows.push(runtime.block_on(measure(
                &format!("generated {n}"),
                n,
                &stack,
                bed.port,
                latency,
            )));
        }
    }

    println!(
        "ecsform plan benchmark: read live state + plan, in process, best of 3 (2 cores, moto on loopback)"
    );
    println!(
        "{:<14} {:>8} {:>8} {:>10} {:>7} {:>10} {:>10} {:>14} {:>16}",
        "stack",
        "services",
        "latency",
        "wall ms",
        "calls",
        "calls/svc",
        "peak MiB",
        "bound (3 rounds)",
        "x bound"
    );
    for r in &rows {
        let bound_ms = MIN_ROUNDS * r.latency_ms;
        let (bound, ratio) = if r.latency_ms == 0 {
            ("-".to_owned(), "-".to_owned())
        } else {
            (
                format!("{bound_ms} ms"),
                format!("{:.2}", r.wall.as_secs_f64() * 1000.0 / bound_ms as f64),
            )
        };
        println!(
            "{:<14} {:>8} {:>6}ms {:>10.0} {:>7} {:>10.2} {:>10.1} {:>16} {:>8}",
            r.name,
            r.services,
            r.latency_ms,
            r.wall.as_secs_f64() * 1000.0,
            r.calls,
            r.calls as f64 / r.services as f64,
            r.peak as f64 / (1024.0 * 1024.0),
            bound,
            ratio,
        );
        if r.changes > 0 {
            println!(
                "    note: {} resources would change (the stack was built by another tool)",
                r.changes
            );
        }
    }
    println!(
        "one aws CLI process (aws ecs list-clusters), for scale: {:.0} ms",
        cli_time.as_secs_f64() * 1000.0
    );
    let _ = std::fs::remove_dir_all(&dir);
}
