//! Benchmark: load and validate generated stacks (the 300-service one is the target:
//! under 50 ms and 30 MB). Prints figures; asserts nothing about speed.
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

#[global_allocator]
static ALLOCATOR: ecsform_testkit::alloc::Counting = ecsform_testkit::alloc::Counting;

fn vm_hwm_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() {
    // `cargo test --all-targets` runs benchmarks once as tests: measure only under `cargo bench`.
    if !std::env::args().any(|a| a == "--bench") {
        println!("benchmark skipped: run it with cargo bench");
        return;
    }
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
        times.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "{:>9} {:>10.0} {:>10.2} {:>10.2} {:>10.2} {:>12.2}",
            n,
            text.len() as f64 / 1024.0,
            ms(times[0]),
            ms(times[times.len() / 2]),
            ms(times[times.len() - 1]),
            peak as f64 / (1024.0 * 1024.0)
        );
    }
    if let Some(hwm) = vm_hwm_kib() {
        println!(
            "process peak RSS (VmHWM, whole benchmark): {:.1} MiB",
            hwm as f64 / 1024.0
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
