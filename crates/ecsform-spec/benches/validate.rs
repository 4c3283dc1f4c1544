//! Benchmark: load and validate generated stacks (the 300-service one is the target:
//! under 50 ms and 30 MB). Prints figures and writes them to
//! `target/bench-results/validate.json`; asserts nothing about speed. No AWS call is
//! made, so added latency changes nothing here.
//!
//! `cargo bench -p ecsform-spec --bench validate`

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::cast_precision_loss
)]

use std::time::{Duration, Instant};

use ecsform_spec::{Vars, load_path};
use ecsform_testkit::results::{machine, min_median, ms, peak_rss};
use serde_json::json;

#[global_allocator]
static ALLOCATOR: ecsform_testkit::alloc::Counting = ecsform_testkit::alloc::Counting;

fn main() {
    // `cargo test --all-targets` runs benchmarks once as tests: measure only under `cargo bench`.
    if !std::env::args().any(|a| a == "--bench") {
        println!("benchmark skipped: run it with cargo bench");
        return;
    }
    let machine_before = machine();
    let mut rows = Vec::new();
    let dir = std::env::temp_dir().join(format!("ecsform-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    println!("ecsform validate benchmark (release build, one core, file read from disk)");
    println!(
        "{:>9} {:>10} {:>10} {:>10} {:>10} {:>12}",
        "services", "file KiB", "min ms", "median ms", "max ms", "peak heap MiB"
    );
    for n in [3usize, 30, 100, 300] {
        let path = dir.join(format!("stack-{n}.yaml"));
        let text = ecsform_testkit::generated_stack(n);
        std::fs::write(&path, &text).unwrap();
        let vars = Vars::isolated([]);
        // Warm up, and check the generated stack is valid: a benchmark of error paths
        // would measure the wrong thing.
        let loaded = load_path(&path, &vars).unwrap();
        assert!(
            loaded.stack.is_some(),
            "generated stack invalid: {:?}",
            loaded.problems.first()
        );
        drop(loaded);
        let runs = if n >= 100 { 15 } else { 40 };
        let mut times: Vec<Duration> = Vec::with_capacity(runs);
        let mut peak = 0usize;
        for _ in 0..runs {
            let base = ecsform_testkit::alloc::reset_peak();
            let t = Instant::now();
            let loaded = load_path(&path, &vars).unwrap();
            times.push(t.elapsed());
            peak = peak.max(ecsform_testkit::alloc::peak_since(base));
            assert!(loaded.stack.is_some());
        }
        let (min, median) = min_median(&times);
        times.sort();
        println!(
            "{:>9} {:>10.0} {:>10.2} {:>10.2} {:>10.2} {:>12.2}",
            n,
            text.len() as f64 / 1024.0,
            ms(min),
            ms(median),
            ms(times[times.len() - 1]),
            peak as f64 / (1024.0 * 1024.0)
        );
        rows.push(json!({
            "operation": "validate",
            "services": n,
            "latency_ms": 0,
            "file_bytes": text.len(),
            "runs_ms": times.iter().map(|d| ms(*d)).collect::<Vec<_>>(),
            "best_ms": ms(min),
            "median_ms": ms(median),
            "max_ms": ms(times[times.len() - 1]),
            "calls": 0,
            "peak_heap_bytes": peak,
        }));
    }
    let rss = peak_rss();
    if let Some(rss) = rss {
        println!(
            "process peak RSS (VmHWM, whole benchmark): {:.1} MiB",
            rss as f64 / (1024.0 * 1024.0)
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
    let path = ecsform_testkit::results::write(
        "validate",
        &json!({
            "bench": "validate",
            "method": "load_path (read, parse with spans, interpolate, validate) of a generated stack file; min and median of 15 (100+ services) or 40 runs after a warm-up",
            "machine_before": machine_before,
            "machine_after": machine(),
            "process_peak_rss_bytes": rss,
            "rows": rows,
        }),
    )
    .unwrap();
    println!("figures written to {}", path.display());
}
