//! Benchmark: ecsform under AWS's throttling budgets, through the test kit's throttling
//! proxy (`ecsform_testkit::throttle`: AWS's documented token buckets per account and
//! action group, the real throttling errors) in front of the local test bed, with
//! ecsform's own retry configuration (`AWS_MAX_ATTEMPTS`, `AWS_RETRY_MODE` as set):
//! - a plan (read live state + plan) of a generated stack of 300 services that exists;
//! - an apply of a generated stack of 100 services from an empty account (concurrency 4,
//!   the CLI's default);
//! - the retail store's apply from empty, with and without the buckets (same calls?).
//!
//! Prints, for each, the wall time through the buckets, the same operation's time
//! without them (the emulator's speed and ecsform's own pacing at AWS's documented
//! rates, `ecsform_aws::pace`), the calls made, the requests throttled, and
//! the shortest time the buckets allow for the calls made (per bucket,
//! `(calls - capacity) / refill`, the largest) with its 1.3x bound. Writes
//! `target/bench-results/throttled.json`. Asserts that nothing failed, nothing about
//! speed. `ECSFORM_BENCH_PLAN_SERVICES` and `ECSFORM_BENCH_APPLY_SERVICES` make the
//! stacks smaller (defaults 300 and 100).
//!
//! `cargo bench -p ecsform-aws --bench throttled`

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
use std::time::{Duration, Instant};

use common::{Bed, load, measuring, root, tool_clients_for};
use ecsform_apply::{Interrupt, Outcome, Progress, apply};
use ecsform_aws::{AwsExecutor, ExecOptions, read_live};
use ecsform_model::Address;
use ecsform_model::desired::desired_state;
use ecsform_plan::{Change, PlanOptions, plan};
use ecsform_testkit::results::{machine, ms};
use ecsform_testkit::throttle::{Budgets, ThrottleProxy};
use serde_json::{Value, json};

/// The bound the issue sets: within 1.3x of the shortest time the buckets allow.
const FACTOR: f64 = 1.3;

/// Keeps the changes that did not succeed (a failed run is reported, not hidden).
#[derive(Default)]
struct Quiet(std::sync::Mutex<Vec<String>>);

impl Progress for Quiet {
    fn started(&self, _change: &Change) {}
    fn waiting(&self, _address: &Address, _what: &str, _elapsed: Duration) {}
    fn finished(&self, address: &Address, outcome: &Outcome, _elapsed: Duration) {
        if !matches!(outcome, Outcome::Done) {
            self.0
                .lock()
                .unwrap()
                .push(format!("{address}: {outcome:?}"));
        }
    }
}

static FAILURES: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

/// One measured operation.
struct Row {
    /// Changes that failed (both runs); none expected.
    failures: Vec<String>,
    what: String,
    throttled_run: Duration,
    free_run: Duration,
    calls: usize,
    free_calls: usize,
    throttled: usize,
    shortest: Duration,
    bucket: Option<&'static str>,
    per_action: BTreeMap<String, usize>,
}

impl Row {
    fn json(&self) -> Value {
        json!({
            "what": self.what,
            "failures": self.failures,
            "throttled_ms": ms(self.throttled_run),
            "unthrottled_ms": ms(self.free_run),
            "calls": self.calls,
            "unthrottled_calls": self.free_calls,
            "requests_throttled": self.throttled,
            "shortest_ms": ms(self.shortest),
            "bound_ms": ms(self.shortest) * FACTOR,
            "slowest_bucket": self.bucket,
            "x_shortest": (self.shortest > Duration::ZERO).then(|| self.throttled_run.as_secs_f64() / self.shortest.as_secs_f64()),
            "throttled_per_action": self.per_action,
        })
    }
}

fn services(var: &str, default: usize) -> usize {
    std::env::var(var)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Read + plan through `port`: the time and the calls.
async fn read_plan(port: u16, desired: &ecsform_model::desired::DesiredState) -> (Duration, usize) {
    let clients = tool_clients_for(port).await;
    let t = Instant::now();
    let live = read_live(&clients, desired).await.unwrap();
    let _ = plan(desired, &live, &PlanOptions::default()).unwrap();
    (t.elapsed(), live.api_calls)
}

/// Read + plan + apply from what is live, through `port`: the time and the calls.
async fn apply_all(port: u16, desired: &ecsform_model::desired::DesiredState) -> (Duration, usize) {
    let clients = tool_clients_for(port).await;
    let t = Instant::now();
    let live = read_live(&clients, desired).await.unwrap();
    let p = plan(desired, &live, &PlanOptions::default()).unwrap();
    let options = ExecOptions {
        poll_interval: Duration::from_secs(1),
        ..ExecOptions::default()
    };
    let quiet = Quiet::default();
    let executor = AwsExecutor::new(&clients, desired, &live, options, &quiet);
    let _report = apply(&p, &executor, 4, &Interrupt::default(), &quiet).await;
    let failed = quiet.0.into_inner().unwrap();
    if let Some(first) = failed.first() {
        FAILURES.lock().unwrap().push(format!(
            "{} changes failed or were skipped; first: {first}",
            failed.len()
        ));
    }
    (t.elapsed(), clients.calls())
}

fn row(
    what: String,
    proxy: &ThrottleProxy,
    throttled: (Duration, usize),
    free: (Duration, usize),
) -> Row {
    let (shortest, bucket) = proxy.shortest_time();
    let failures = std::mem::take(&mut *FAILURES.lock().unwrap());
    let r = Row {
        failures,
        what,
        throttled_run: throttled.0,
        free_run: free.0,
        calls: throttled.1,
        free_calls: free.1,
        throttled: proxy.throttled_total(),
        shortest,
        bucket,
        per_action: proxy.throttled(),
    };
    eprintln!(
        "{}: {:.1} s through the buckets ({} calls, {} throttled), {:.1} s without; shortest {:.1} s ({})",
        r.what,
        r.throttled_run.as_secs_f64(),
        r.calls,
        r.throttled,
        r.free_run.as_secs_f64(),
        r.shortest.as_secs_f64(),
        r.bucket.unwrap_or("-")
    );
    r
}

/// The generated stack of `n` services on the bed's network.
fn generated_on(bed: &Bed, n: usize, dir: &std::path::Path) -> ecsform_spec::Stack {
    let env = &bed.env;
    let text = ecsform_testkit::generated_stack(n)
        .replace("subnet-0aaa0000000000001", &env["PRIVATE_SUBNET1"])
        .replace("subnet-0aaa0000000000002", &env["PRIVATE_SUBNET2"])
        .replace("sg-0ccc0000000000001", &env["UI_SG_ID"])
        .replace("vpc-0a1b2c3d4e5f60718", &env["VPC_ID"]);
    let path = dir.join(format!("generated-{n}.yaml"));
    std::fs::write(&path, text).unwrap();
    load(&path, &[])
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
    let dir = std::env::temp_dir().join(format!("ecsform-throttled-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let plan_n = services("ECSFORM_BENCH_PLAN_SERVICES", 300);
    let apply_n = services("ECSFORM_BENCH_APPLY_SERVICES", 100);
    let mut rows = Vec::new();

    // The retail store from empty: without the buckets, then with them (the stack loaded
    // again after each reset: the network's ids change).
    let mut bed = Bed::start();
    let retail =
        |bed: &Bed| desired_state(&load(&root().join("examples/retail-store"), &bed.vars()));
    let free = runtime.block_on(apply_all(bed.port, &retail(&bed)));
    bed.reset();
    let proxy = ThrottleProxy::start(bed.port, Budgets::aws());
    let throttled = runtime.block_on(apply_all(proxy.port, &retail(&bed)));
    rows.push(row(
        "retail store apply".to_owned(),
        &proxy,
        throttled,
        free,
    ));
    drop(proxy);

    // The generated stack from empty.
    bed.reset();
    let free = runtime.block_on(apply_all(
        bed.port,
        &desired_state(&generated_on(&bed, apply_n, &dir)),
    ));
    bed.reset();
    let proxy = ThrottleProxy::start(bed.port, Budgets::aws());
    let throttled = runtime.block_on(apply_all(
        proxy.port,
        &desired_state(&generated_on(&bed, apply_n, &dir)),
    ));
    rows.push(row(
        format!("{apply_n}-service apply"),
        &proxy,
        throttled,
        free,
    ));
    drop(proxy);
    drop(bed);

    // The plan of a generated stack that exists (built by boto3 as in the plan benchmark).
    let bed = Bed::start();
    bed.run(
        "python3",
        &["tests/local-aws/generated_stack.py", &plan_n.to_string()],
    );
    let path = dir.join(format!("plan-{plan_n}.yaml"));
    std::fs::write(&path, ecsform_testkit::generated_stack(plan_n)).unwrap();
    let stack = desired_state(&load(&path, &[]));
    // A warm-up (the emulator's lazy loading), then the measured runs.
    let _ = runtime.block_on(read_plan(bed.port, &stack));
    let free = runtime.block_on(read_plan(bed.port, &stack));
    let proxy = ThrottleProxy::start(bed.port, Budgets::aws());
    let throttled = runtime.block_on(read_plan(proxy.port, &stack));
    rows.push(row(
        format!("{plan_n}-service plan"),
        &proxy,
        throttled,
        free,
    ));
    drop(proxy);
    drop(bed);
    let _ = std::fs::remove_dir_all(&dir);

    let settings = ecsform_aws::Settings::from_env().unwrap();
    let mode = format!(
        "{}, {} attempts, --timeout {:.0} s",
        if settings.adaptive {
            "adaptive"
        } else {
            "standard"
        },
        settings.max_attempts,
        settings.timeout.as_secs_f64()
    );
    println!(
        "ecsform under AWS's throttling budgets (token buckets per account and action group, moto on loopback), retry mode {mode}"
    );
    println!(
        "{:<22} {:>10} {:>10} {:>6} {:>9} {:>10} {:>9} {:>7}  slowest bucket",
        "operation", "throttled", "no limit", "calls", "throttled", "shortest", "1.3x", "x short"
    );
    for r in &rows {
        println!(
            "{:<22} {:>8.1} s {:>8.1} s {:>6} {:>9} {:>8.1} s {:>7.1} s {:>7}  {}",
            r.what,
            r.throttled_run.as_secs_f64(),
            r.free_run.as_secs_f64(),
            r.calls,
            r.throttled,
            r.shortest.as_secs_f64(),
            r.shortest.as_secs_f64() * FACTOR,
            if r.shortest > Duration::ZERO {
                format!(
                    "{:.2}",
                    r.throttled_run.as_secs_f64() / r.shortest.as_secs_f64()
                )
            } else {
                "-".to_owned()
            },
            r.bucket.unwrap_or("-"),
        );
        for f in &r.failures {
            println!("    FAILED: {f}");
        }
        if r.calls != r.free_calls {
            println!(
                "    note: {} calls through the buckets, {} without",
                r.calls, r.free_calls
            );
        }
    }
    println!(
        "shortest: the least time the buckets allow for the calls made (per bucket, (calls - capacity) / refill; the largest); no limit: the same operation without the proxy's buckets (ecsform still paces its calls at AWS's documented rates)"
    );
    let path = ecsform_testkit::results::write(
        "throttled",
        &json!({
            "bench": "throttled",
            "retry_mode": mode,
            "machine_before": machine_before,
            "machine_after": machine(),
            "rows": rows.iter().map(Row::json).collect::<Vec<_>>(),
        }),
    )
    .unwrap();
    println!("figures written to {}", path.display());
}
