//! Benchmark: apply the retail store on an empty account of the local test bed, directly
//! (0 ms) and through a loopback proxy that adds 50 ms to every call, one change at a
//! time and four at once; each 3 times from an empty account, the four configurations
//! taking turns. Prints the wall time of
//! the apply (best and median), the read + plan before it, the time spent sleeping
//! between polls of waits (the emulator settles at once, so none is expected), the API
//! calls (per change), the peak heap, and the lower bounds: the critical path (the
//! longest chain of dependent changes, each weighted by the calls it made one after
//! another, measured in the runs with one change at a time) x latency, the same
//! configuration's time at 0 ms (the emulator's and the client's own work), and the
//! larger of the two; with the ratio to each. Writes the figures to
//! `target/bench-results/apply.json`. Asserts nothing about speed.
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

mod common;

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use common::{Bed, bounds, clients_for, measuring, mib, ratio_cell, root};
use ecsform_apply::{Interrupt, Outcome, Progress, apply};
use ecsform_aws::{AwsExecutor, Clients, ExecOptions, read_live};
use ecsform_model::Address;
use ecsform_model::desired::desired_state;
use ecsform_plan::{Change, Plan, PlanOptions, plan};
use ecsform_testkit::latency::Proxy;
use ecsform_testkit::results::{machine, min_median, ms, peak_rss};
use serde_json::{Value, json};

#[global_allocator]
static ALLOCATOR: ecsform_testkit::alloc::Counting = ecsform_testkit::alloc::Counting;

/// Runs per configuration, each from an empty account.
const RUNS: usize = 3;

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

/// One run: an apply from an empty account.
struct Run {
    changes: usize,
    read_plan: Duration,
    wall: Duration,
    waited: Duration,
    calls: usize,
    path_calls: usize,
    peak: usize,
}

async fn measure(
    port: u16,
    vars: &BTreeMap<String, String>,
    latency_ms: u64,
    concurrency: usize,
) -> Run {
    let loaded = ecsform_spec::load_path(
        &root().join("examples/retail-store"),
        &ecsform_spec::Vars::isolated(vars.iter().map(|(k, v)| (k.clone(), v.clone()))),
    )
    .unwrap();
    let desired = desired_state(&loaded.stack.unwrap());
    let proxy =
        (latency_ms > 0).then(|| Proxy::start(port, Duration::from_millis(latency_ms)).unwrap());
    let clients = clients_for(proxy.as_ref().map_or(port, |p| p.port)).await;
    let base = ecsform_testkit::alloc::reset_peak();
    let t = Instant::now();
    let live = read_live(&clients, &desired).await.unwrap();
    let p = plan(&desired, &live, &PlanOptions::default()).unwrap();
    let read_plan = t.elapsed();
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
    let peak = ecsform_testkit::alloc::peak_since(base);
    assert!(report.succeeded(), "{report:?}");
    let calls = meter.calls.lock().unwrap().clone();
    Run {
        changes: p.changes.len(),
        read_plan,
        wall,
        waited: meter.waited.lock().unwrap().values().sum(),
        calls: clients.calls() - before,
        path_calls: critical_path(&p, &calls),
        peak,
    }
}

/// The runs of one configuration.
struct Row {
    latency_ms: u64,
    concurrency: usize,
    runs: Vec<Run>,
    /// The critical path in calls (from the runs with one change at a time).
    path_calls: usize,
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
    let mut bed = Bed::start();
    let configs = [(0u64, 1usize), (0, 4), (50, 1), (50, 4)];
    let mut rows: Vec<Row> = configs
        .iter()
        .map(|&(latency_ms, concurrency)| Row {
            latency_ms,
            concurrency,
            runs: Vec::new(),
            path_calls: 0,
        })
        .collect();
    // The configurations take turns, run by run, so that other work on the machine
    // weighs on all alike.
    for _ in 0..RUNS {
        for row in &mut rows {
            bed.reset();
            row.runs.push(runtime.block_on(measure(
                bed.port,
                &bed.env,
                row.latency_ms,
                row.concurrency,
            )));
        }
    }
    // The runs with one change at a time measure each change's own sequential calls,
    // which weigh the critical path; the calls of concurrent changes interleave, so
    // the concurrent runs' path is weighed with the same latency's one-at-a-time
    // per-change calls (the same calls, made in order).
    for i in 0..rows.len() {
        let latency = rows[i].latency_ms;
        rows[i].path_calls = rows
            .iter()
            .filter(|r| r.latency_ms == latency && r.concurrency == 1)
            .flat_map(|r| r.runs.iter().map(|x| x.path_calls))
            .max()
            .unwrap_or(0);
    }
    drop(bed);

    println!(
        "ecsform apply benchmark: the retail store from an empty account, {RUNS} runs each (moto on loopback)"
    );
    println!(
        "{:>7} {:>5} {:>7} {:>8} {:>7} {:>9} {:>7} {:>6} {:>9} {:>8} {:>14} {:>9} {:>9} {:>8} {:>6}",
        "latency",
        "conc.",
        "changes",
        "best ms",
        "median",
        "read+plan",
        "waited",
        "calls",
        "calls/chg",
        "peak MiB",
        "path x latency",
        "0-ms floor",
        "max bound",
        "x path",
        "x max"
    );
    let mut json_rows = Vec::new();
    for r in &rows {
        let walls: Vec<Duration> = r.runs.iter().map(|x| x.wall).collect();
        let (best, median) = min_median(&walls);
        let (read_plan, _) = min_median(&r.runs.iter().map(|x| x.read_plan).collect::<Vec<_>>());
        let floor = rows
            .iter()
            .filter(|o| o.latency_ms == 0 && o.concurrency == r.concurrency)
            .map(|o| ms(min_median(&o.runs.iter().map(|x| x.wall).collect::<Vec<_>>()).0))
            .next()
            .unwrap_or(0.0);
        let b = bounds(ms(best), r.path_calls, r.latency_ms, floor);
        let first = &r.runs[0];
        let waited = r.runs.iter().map(|x| x.waited).max().unwrap_or_default();
        let peak = r.runs.iter().map(|x| x.peak).max().unwrap_or(0);
        println!(
            "{:>5}ms {:>5} {:>7} {:>8.0} {:>7.0} {:>7.0}ms {:>5.0}ms {:>6} {:>9.2} {:>8.1} {:>14} {:>7.0}ms {:>7.0}ms {:>8} {:>6}",
            r.latency_ms,
            r.concurrency,
            first.changes,
            ms(best),
            ms(median),
            ms(read_plan),
            ms(waited),
            first.calls,
            first.calls as f64 / first.changes as f64,
            mib(peak),
            format!(
                "{} x {} = {:.0}ms",
                r.path_calls,
                r.latency_ms,
                b["rounds_bound_ms"].as_f64().unwrap()
            ),
            floor,
            b["bound_ms"].as_f64().unwrap(),
            ratio_cell(&b["x_rounds_bound"]),
            ratio_cell(&b["x_bound"]),
        );
        let mut row = json!({
            "operation": "apply",
            "stack": "retail store",
            "services": 3,
            "latency_ms": r.latency_ms,
            "concurrency": r.concurrency,
            "changes": first.changes,
            "runs_ms": walls.iter().map(|d| ms(*d)).collect::<Vec<_>>(),
            "best_ms": ms(best),
            "median_ms": ms(median),
            "read_plan_best_ms": ms(read_plan),
            "waited_ms": ms(waited),
            "calls": first.calls,
            "calls_per_change": first.calls as f64 / first.changes as f64,
            "calls_per_service": first.calls as f64 / 3.0,
            "peak_heap_bytes": peak,
            "critical_path_calls": r.path_calls,
        });
        if let (Value::Object(row), Value::Object(b)) = (&mut row, b) {
            row.extend(b);
        }
        json_rows.push(row);
    }
    println!(
        "critical path: the longest chain of dependent changes, each weighted by the calls it made one after another (measured with concurrency 1); bound = path x latency (the dependent rounds). 0-ms floor: the same concurrency's best time at 0 ms added latency; max bound = the larger. x = best / bound."
    );
    println!(
        "wall: the apply of the plan; peak heap: read + plan + apply (the proxy's thread left out)"
    );
    let rss = peak_rss();
    let path = ecsform_testkit::results::write(
        "apply",
        &json!({
            "bench": "apply",
            "method": format!("the retail store applied on an empty account (reset before each run), {RUNS} runs per configuration, the configurations taking turns; best and median of the apply's wall time"),
            "runs": RUNS,
            "machine_before": machine_before,
            "machine_after": machine(),
            "process_peak_rss_bytes": rss,
            "rows": json_rows,
        }),
    )
    .unwrap();
    println!("figures written to {}", path.display());
}
