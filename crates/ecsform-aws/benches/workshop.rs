//! Benchmark: the reads of a plan, done by ecsform and done the way AWS's ECS workshop
//! does them (`scripts/bench/workshop-reads.sh`: a shell script of aws CLI calls, one
//! after another), against the same local test bed holding the retail store, directly
//! (0 ms) and through a loopback proxy that adds 50 ms to every call (the script goes
//! through the same proxy). The two readers and the two latencies alternate, run by run,
//! in one process, so that other work on the machine weighs on all four alike. Prints
//! both times (best and median of 5 after a warm-up), their calls, the CPU time they
//! used, and the ratio; writes the figures to `target/bench-results/workshop.json`.
//! Asserts nothing about speed.
//!
//! ecsform's side is what `ecsform plan` does in process: load the stack's files, read
//! live state, plan.
//!
//! `cargo bench -p ecsform-aws --bench workshop` (starts its own emulator; a few
//! minutes, nearly all of it the aws CLI).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr,
    clippy::cast_precision_loss,
    clippy::panic
)]

mod common;

use std::process::Command;
use std::time::{Duration, Instant};

use common::{Bed, bounds, clients_for, measuring, mib, ratio_cell, root};
use ecsform_aws::{Clients, read_live};
use ecsform_model::desired::desired_state;
use ecsform_plan::{PlanOptions, plan};
use ecsform_testkit::latency::Proxy;
use ecsform_testkit::results::{machine, min_median, ms, process_cpu};
use serde_json::{Value, json};

#[global_allocator]
static ALLOCATOR: ecsform_testkit::alloc::Counting = ecsform_testkit::alloc::Counting;

/// Measured runs of each side per latency (after one warm-up run of each).
const RUNS: usize = 5;

/// ecsform's dependent read rounds (see the plan benchmark).
const MIN_ROUNDS: usize = 3;

/// One `ecsform plan`, in process: load, read, plan.
async fn ecsform_plan(clients: &Clients, vars: &[(String, String)]) -> Run {
    let base = ecsform_testkit::alloc::reset_peak();
    let cpu = process_cpu();
    let t = Instant::now();
    let loaded = ecsform_spec::load_path(
        &root().join("examples/retail-store"),
        &ecsform_spec::Vars::isolated(vars.iter().cloned()),
    )
    .unwrap();
    let desired = desired_state(loaded.stack.as_ref().unwrap());
    let live = read_live(clients, &desired).await.unwrap();
    let p = plan(&desired, &live, &PlanOptions::default()).unwrap();
    let wall = t.elapsed();
    let cpu = process_cpu().zip(cpu).map(|(after, before)| after - before);
    let peak = ecsform_testkit::alloc::peak_since(base);
    assert!(
        p.changes
            .iter()
            .all(|c| c.action == ecsform_plan::Action::NoOp),
        "the retail store built by the aws CLI should plan no changes"
    );
    Run {
        wall,
        calls: live.api_calls,
        cpu,
        peak,
    }
}

/// One run of the workshop script against `port`.
fn workshop_script(bed: &Bed, port: u16) -> Run {
    let script = root().join("scripts/bench/workshop-reads.sh");
    let t = Instant::now();
    let out = Command::new(&script)
        .arg(format!("http://127.0.0.1:{port}"))
        .current_dir(root())
        .envs(&bed.env)
        .output()
        .unwrap();
    let wall = t.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{}: {stderr}", script.display());
    // The script's own count, on its last line.
    let calls = stderr
        .lines()
        .filter_map(|l| l.strip_prefix("workshop-reads: "))
        .filter_map(|l| l.strip_suffix(" aws calls"))
        .find_map(|n| n.parse().ok())
        .unwrap();
    // The CPU time of its aws processes (`times`: `0m8.202s 0m1.171s`).
    let seconds = |t: &str| {
        let (m, s) = t.strip_suffix('s')?.split_once('m')?;
        Some(m.parse::<f64>().ok()? * 60.0 + s.parse::<f64>().ok()?)
    };
    let cpu = stderr
        .lines()
        .filter_map(|l| l.strip_prefix("workshop-reads: cpu "))
        .find_map(|l| {
            let (user, sys) = l.split_once(' ')?;
            Some(Duration::from_secs_f64(seconds(user)? + seconds(sys)?))
        });
    // It read what there is: the three services.
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.matches("\"serviceName\": ").count(), 3, "{stdout}");
    Run {
        wall,
        calls,
        cpu,
        peak: 0,
    }
}

/// One run of a reader.
struct Run {
    wall: Duration,
    calls: usize,
    /// CPU time: ecsform's process (all its threads), or the script's aws processes.
    cpu: Option<Duration>,
    /// Peak heap (ecsform only).
    peak: usize,
}

/// The runs of one reader at one latency.
#[derive(Default)]
struct Side {
    runs: Vec<Duration>,
    cpu: Vec<Duration>,
    calls: usize,
    proxied: Option<usize>,
    peak: usize,
}

impl Side {
    fn add(&mut self, run: &Run, proxied: Option<usize>) {
        self.runs.push(run.wall);
        self.cpu.extend(run.cpu);
        self.calls = run.calls;
        self.peak = self.peak.max(run.peak);
        self.proxied = proxied;
    }
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
    let bed = Bed::start();
    bed.run("python3", &["tests/local-aws/retail_store.py", "create"]);
    let vars = bed.vars();

    // For scale: one aws CLI process (best of 3).
    let mut one = Vec::new();
    for _ in 0..RUNS {
        let t = Instant::now();
        bed.run(
            &root().join(".venv/local-aws/bin/aws").to_string_lossy(),
            &["ecs", "list-clusters"],
        );
        one.push(t.elapsed());
    }
    let (one_cli, _) = min_median(&one);

    // Both latencies set up at once, so that their runs can alternate.
    let proxy = Proxy::start(bed.port, Duration::from_millis(50)).unwrap();
    let setups = [(0u64, bed.port, None), (50, proxy.port, Some(&proxy))];
    let clients: Vec<Clients> = setups
        .iter()
        .map(|(_, port, _)| runtime.block_on(clients_for(*port)))
        .collect();
    // Warm-up of each (the emulator's lazy loading, the connection pools, the CLI's
    // files in the page cache).
    for ((_, port, _), c) in setups.iter().zip(&clients) {
        runtime.block_on(ecsform_plan(c, &vars));
        workshop_script(&bed, *port);
    }
    let mut rows: Vec<(u64, Side, Side)> = setups
        .iter()
        .map(|(latency, _, _)| (*latency, Side::default(), Side::default()))
        .collect();
    for _ in 0..RUNS {
        for (((_, port, proxy), c), (_, ours, theirs)) in
            setups.iter().zip(&clients).zip(rows.iter_mut())
        {
            let requests = || proxy.map(Proxy::requests);
            let before = requests();
            let run = runtime.block_on(ecsform_plan(c, &vars));
            ours.add(&run, requests().zip(before).map(|(a, b)| a - b));
            let before = requests();
            let run = workshop_script(&bed, *port);
            theirs.add(&run, requests().zip(before).map(|(a, b)| a - b));
        }
    }
    drop(proxy);
    drop(bed);

    println!(
        "ecsform vs the workshop's aws CLI script: the reads of a plan of the retail store, readers and latencies alternating, {RUNS} runs each after a warm-up (moto on loopback)"
    );
    println!(
        "{:>7} {:<22} {:>8} {:>8} {:>7} {:>6} {:>8} {:>11} {:>9} {:>7} {:>9} {:>7}",
        "latency",
        "reader",
        "best ms",
        "median",
        "cpu ms",
        "calls",
        "peak MiB",
        "rounds x lat",
        "0-ms floor",
        "x rounds",
        "max bound",
        "x max"
    );
    let mut json_rows = Vec::new();
    let floors: Vec<(f64, f64)> = rows
        .iter()
        .filter(|(l, _, _)| *l == 0)
        .map(|(_, o, t)| (ms(min_median(&o.runs).0), ms(min_median(&t.runs).0)))
        .collect();
    let (floor_ours, floor_theirs) = floors.first().copied().unwrap_or((0.0, 0.0));
    for (latency, ours, theirs) in &rows {
        let (ob, om) = min_median(&ours.runs);
        let (tb, tm) = min_median(&theirs.runs);
        // ecsform needs 3 dependent rounds; the script, as written (and as the
        // workshop does it), makes every call after the previous one.
        let bo = bounds(ms(ob), MIN_ROUNDS, *latency, floor_ours);
        let bt = bounds(ms(tb), theirs.calls, *latency, floor_theirs);
        for (name, side, best, median, b) in [
            ("ecsform load+read+plan", ours, ob, om, &bo),
            ("aws CLI script", theirs, tb, tm, &bt),
        ] {
            println!(
                "{:>5}ms {:<22} {:>8.0} {:>8.0} {:>7.0} {:>6} {:>8} {:>9.0}ms {:>7.0}ms {:>9} {:>7.0}ms {:>7}",
                latency,
                name,
                ms(best),
                ms(median),
                ms(min_median(&side.cpu).1),
                side.calls,
                if side.peak > 0 {
                    format!("{:.1}", mib(side.peak))
                } else {
                    "-".to_owned()
                },
                b["rounds_bound_ms"].as_f64().unwrap(),
                b["floor_ms"].as_f64().unwrap(),
                ratio_cell(&b["x_rounds_bound"]),
                b["bound_ms"].as_f64().unwrap(),
                ratio_cell(&b["x_bound"]),
            );
            if let Some(p) = side.proxied.filter(|p| *p != side.calls) {
                println!(
                    "    note: the latency proxy delayed {p} requests in a run, the reader counted {} calls",
                    side.calls
                );
            }
        }
        let ratio = ms(tb) / ms(ob);
        let ratio_median = ms(tm) / ms(om);
        println!(
            "{:>5}ms ratio aws CLI script / ecsform: {ratio:.1}x (best), {ratio_median:.1}x (median)",
            latency
        );
        let side_json = |side: &Side, best: Duration, median: Duration, b: &Value| {
            let mut v = json!({
                "runs_ms": side.runs.iter().map(|d| ms(*d)).collect::<Vec<_>>(),
                "cpu_runs_ms": side.cpu.iter().map(|d| ms(*d)).collect::<Vec<_>>(),
                "cpu_median_ms": (!side.cpu.is_empty()).then(|| ms(min_median(&side.cpu).1)),
                "best_ms": ms(best),
                "median_ms": ms(median),
                "calls": side.calls,
                "calls_per_service": side.calls as f64 / 3.0,
                "proxied_requests_per_run": side.proxied,
            });
            if let (Value::Object(v), Value::Object(b)) = (&mut v, b.clone()) {
                v.extend(b);
            }
            v
        };
        let mut ecsform = side_json(ours, ob, om, &bo);
        ecsform["peak_heap_bytes"] = json!(ours.peak);
        json_rows.push(json!({
            "operation": "workshop reads",
            "stack": "retail store",
            "services": 3,
            "latency_ms": latency,
            "ecsform": ecsform,
            "aws_cli_script": side_json(theirs, tb, tm, &bt),
            "ratio_best": ratio,
            "ratio_median": ratio_median,
        }));
    }
    println!(
        "ecsform: 3 dependent rounds; the script: each of its calls after the previous one. 0-ms floor: the same reader's best time at 0 ms added latency; max bound = the larger. x = best / bound."
    );
    println!(
        "cpu ms: median CPU time of a run: ecsform's whole process (10 ms ticks), the script's aws processes"
    );
    println!(
        "one aws CLI process (aws ecs list-clusters, 0 ms), for scale: {:.0} ms",
        ms(one_cli)
    );
    let path = ecsform_testkit::results::write(
        "workshop",
        &json!({
            "bench": "workshop",
            "method": format!("ecsform (load + read + plan, in process) and scripts/bench/workshop-reads.sh (aws CLI), alternating against the same emulator with the retail store; readers and latencies alternating run by run; best and median of {RUNS} runs after a warm-up"),
            "runs": RUNS,
            "machine_before": machine_before,
            "machine_after": machine(),
            "one_aws_cli_process_ms": ms(one_cli),
            "rows": json_rows,
        }),
    )
    .unwrap();
    println!("figures written to {}", path.display());
}
