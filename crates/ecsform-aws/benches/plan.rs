//! Benchmark: read live state and plan, against the local test bed, for the retail
//! store (alone, and again in an account crowded with 1,000 foreign target groups, 100
//! load balancers and 300 autoscaled services of another cluster: its calls beside the
//! bound, 1.1x those alone) and generated stacks of 100 and 300 services; directly (0 ms) and through a
//! loopback proxy that adds 50 ms to every call, the runs at the two latencies
//! alternating. Prints, for each, the wall time (best and median of 5), the API calls (per service), the peak heap, and the lower bounds:
//! dependent read rounds x latency, the same stack's time at 0 ms (the emulator's and
//! the client's own work), and the larger of the two; with the ratio to each. Writes
//! the figures to `target/bench-results/plan.json`. Asserts nothing about speed.
//!
//! `cargo bench -p ecsform-aws --bench plan` (starts its own emulators; takes a few
//! minutes, most of it creating the 400 services in the emulator).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr,
    clippy::cast_precision_loss,
    clippy::panic
)]

mod common;

use std::time::{Duration, Instant};

use common::{Bed, bounds, clients_for, load, measuring, mib, ratio_cell, root};
use ecsform_aws::read_live;
use ecsform_model::desired::desired_state;
use ecsform_plan::{PlanOptions, plan};
use ecsform_testkit::latency::Proxy;
use ecsform_testkit::results::{machine, min_median, ms, peak_rss, process_cpu};
use serde_json::{Value, json};

#[global_allocator]
static ALLOCATOR: ecsform_testkit::alloc::Counting = ecsform_testkit::alloc::Counting;

/// Dependent read rounds: the least any reader needs (DescribeLoadBalancers ->
/// DescribeListeners -> DescribeRules; GetResources -> DescribeServices of a service
/// only the tags name ->
/// DescribeTaskDefinition of a family only a live service names), which is also the
/// depth of ecsform's reader.
const MIN_ROUNDS: usize = 3;

/// The foreign resources of the crowded account: target groups, load balancers,
/// autoscaled services of another cluster (`tests/local-aws/crowd.py`).
const CROWD: (usize, usize, usize) = (1000, 100, 300);

/// The bound on the retail store's calls in the crowded account: this times its calls
/// alone.
const CROWD_BOUND: f64 = 1.1;

/// Measured runs per row (after one warm-up run).
const RUNS: usize = 5;

struct Row {
    stack: String,
    services: usize,
    latency_ms: u64,
    runs: Vec<Duration>,
    /// The process's CPU time per run (all threads; the proxy's is a little of it).
    cpu: Vec<Duration>,
    calls: usize,
    /// Requests the latency proxy delayed per run (a check of `calls`).
    proxied: Option<usize>,
    peak: usize,
    changes: usize,
}

/// The rows of one stack at 0 ms and 50 ms, their runs alternating (so that other work
/// on the machine weighs on both alike).
async fn measure(
    stack_name: &str,
    services: usize,
    stack: &ecsform_spec::Stack,
    port: u16,
) -> Vec<Row> {
    let desired = desired_state(stack);
    let proxy = Proxy::start(port, Duration::from_millis(50)).unwrap();
    let setups = [(0u64, port, None), (50, proxy.port, Some(&proxy))];
    let mut clients = Vec::new();
    let mut rows = Vec::new();
    for (latency_ms, port, _) in &setups {
        let c = clients_for(*port).await;
        // Warm up the emulator's lazy loading and the connection pool.
        let _ = read_live(&c, &desired).await.unwrap();
        clients.push(c);
        rows.push(Row {
            stack: stack_name.to_owned(),
            services,
            latency_ms: *latency_ms,
            runs: Vec::new(),
            cpu: Vec::new(),
            calls: 0,
            proxied: None,
            peak: 0,
            changes: 0,
        });
    }
    for _ in 0..RUNS {
        for (((_, _, proxy), clients), row) in setups.iter().zip(&clients).zip(rows.iter_mut()) {
            let proxied_before = proxy.map(Proxy::requests);
            let base = ecsform_testkit::alloc::reset_peak();
            let cpu = process_cpu();
            let t = Instant::now();
            let live = read_live(clients, &desired).await.unwrap();
            let p = plan(&desired, &live, &PlanOptions::default()).unwrap();
            row.runs.push(t.elapsed());
            row.cpu
                .extend(process_cpu().zip(cpu).map(|(after, before)| after - before));
            row.peak = row.peak.max(ecsform_testkit::alloc::peak_since(base));
            row.calls = live.api_calls;
            row.proxied = proxy
                .map(Proxy::requests)
                .zip(proxied_before)
                .map(|(a, b)| a - b);
            row.changes = p
                .changes
                .iter()
                .filter(|c| c.action != ecsform_plan::Action::NoOp)
                .count();
        }
    }
    rows
}

fn main() {
    if !measuring() {
        return;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let machine_before = machine();
    let dir = std::env::temp_dir().join(format!("ecsform-plan-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut rows = Vec::new();

    // The retail store, built by the aws CLI as in the workshop.
    let bed = Bed::start();
    bed.run("python3", &["tests/local-aws/retail_store.py", "create"]);
    let retail = load(&root().join("examples/retail-store"), &bed.vars());
    rows.extend(runtime.block_on(measure("retail store", 3, &retail, bed.port)));
    let created = Instant::now();
    bed.run(
        "python3",
        &[
            "tests/local-aws/crowd.py",
            &CROWD.0.to_string(),
            &CROWD.1.to_string(),
            &CROWD.2.to_string(),
        ],
    );
    eprintln!(
        "crowded the account in {:.1} s",
        created.elapsed().as_secs_f64()
    );
    rows.extend(runtime.block_on(measure("retail crowded", 3, &retail, bed.port)));
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
        rows.extend(runtime.block_on(measure(&format!("{n} services"), n, &stack, bed.port)));
    }
    let _ = std::fs::remove_dir_all(&dir);

    println!(
        "ecsform plan benchmark: read live state + plan, in process, {RUNS} runs after a warm-up, 0 ms and 50 ms alternating (moto on loopback)"
    );
    println!(
        "{:<14} {:>7} {:>8} {:>8} {:>7} {:>6} {:>9} {:>8} {:>10} {:>9} {:>9} {:>8} {:>8}",
        "stack",
        "latency",
        "best ms",
        "median",
        "cpu ms",
        "calls",
        "calls/svc",
        "peak MiB",
        "3 rnd x lat",
        "0-ms floor",
        "max bound",
        "x rounds",
        "x max"
    );
    let mut json_rows = Vec::new();
    for r in &rows {
        let (best, median) = min_median(&r.runs);
        // The floor: this stack's best time at 0 ms.
        let floor = rows
            .iter()
            .filter(|o| o.stack == r.stack && o.latency_ms == 0)
            .map(|o| ms(min_median(&o.runs).0))
            .next()
            .unwrap_or(0.0);
        let b = bounds(ms(best), MIN_ROUNDS, r.latency_ms, floor);
        println!(
            "{:<14} {:>5}ms {:>8.0} {:>8.0} {:>7.0} {:>6} {:>9.2} {:>8.1} {:>8.0}ms {:>7.0}ms {:>7.0}ms {:>8} {:>8}",
            r.stack,
            r.latency_ms,
            ms(best),
            ms(median),
            ms(min_median(&r.cpu).1),
            r.calls,
            r.calls as f64 / r.services as f64,
            mib(r.peak),
            b["rounds_bound_ms"].as_f64().unwrap(),
            floor,
            b["bound_ms"].as_f64().unwrap(),
            ratio_cell(&b["x_rounds_bound"]),
            ratio_cell(&b["x_bound"]),
        );
        if r.changes > 0 {
            println!(
                "    note: {} resources would change (the stack was built by another tool)",
                r.changes
            );
        }
        if let Some(p) = r.proxied.filter(|p| *p != r.calls) {
            println!(
                "    note: the latency proxy delayed {p} requests per run, the clients counted {} calls",
                r.calls
            );
        }
        let mut row = json!({
            "operation": "plan",
            "stack": r.stack,
            "services": r.services,
            "latency_ms": r.latency_ms,
            "runs_ms": r.runs.iter().map(|d| ms(*d)).collect::<Vec<_>>(),
            "best_ms": ms(best),
            "median_ms": ms(median),
            "cpu_runs_ms": r.cpu.iter().map(|d| ms(*d)).collect::<Vec<_>>(),
            "cpu_median_ms": (!r.cpu.is_empty()).then(|| ms(min_median(&r.cpu).1)),
            "calls": r.calls,
            "calls_per_service": r.calls as f64 / r.services as f64,
            "proxied_requests_per_run": r.proxied,
            "peak_heap_bytes": r.peak,
            "changes": r.changes,
        });
        if let (Value::Object(row), Value::Object(b)) = (&mut row, b) {
            row.extend(b);
        }
        json_rows.push(row);
    }
    println!(
        "bounds: {MIN_ROUNDS} dependent read rounds x latency; the 0-ms floor is the same stack's best time at 0 ms added latency (the emulator's own speed); max bound = the larger. x = best / bound."
    );
    println!(
        "peak heap: bytes allocated by the measured read + plan (the proxy's thread left out); cpu ms: the median CPU time of the benchmark process in a run (all threads, 10 ms ticks), ecsform's own work (the emulator's is not in it)"
    );
    let calls_of = |stack: &str| rows.iter().find(|r| r.stack == stack).map(|r| r.calls);
    let mut crowd_json = Value::Null;
    if let (Some(alone), Some(crowded)) = (calls_of("retail store"), calls_of("retail crowded")) {
        let bound = alone as f64 * CROWD_BOUND;
        println!(
            "crowded account ({} foreign target groups, {} load balancers, {} autoscaled services of another cluster): the retail store's plan makes {crowded} calls, {alone} alone; bound {bound:.1} ({CROWD_BOUND}x alone); x bound {:.2}",
            CROWD.0,
            CROWD.1,
            CROWD.2,
            crowded as f64 / bound
        );
        crowd_json = json!({
            "target_groups": CROWD.0,
            "load_balancers": CROWD.1,
            "autoscaled_services": CROWD.2,
            "calls_alone": alone,
            "calls_crowded": crowded,
            "bound_calls": bound,
            "x_bound": crowded as f64 / bound,
        });
    }
    let rss = peak_rss();
    if let Some(rss) = rss {
        println!(
            "process peak RSS (VmHWM, whole benchmark process): {:.1} MiB",
            rss as f64 / (1024.0 * 1024.0)
        );
    }
    let path = ecsform_testkit::results::write(
        "plan",
        &json!({
            "bench": "plan",
            "method": format!("read live state + plan, in process, best and median of {RUNS} runs after a warm-up, the runs at 0 ms and 50 ms alternating"),
            "runs": RUNS,
            "machine_before": machine_before,
            "machine_after": machine(),
            "process_peak_rss_bytes": rss,
            "rows": json_rows,
            "crowded_account": crowd_json,
        }),
    )
    .unwrap();
    println!("figures written to {}", path.display());
}
