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
// The one unsafe block of the project: a counting wrapper around the system allocator.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use ecsform_spec::{Vars, load_path};

/// Counts live heap bytes and their peak, so the figure is the loader's own memory.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call forwards to the system allocator unchanged; only counters are added.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                let now = LIVE.fetch_add(new_size - layout.size(), Ordering::Relaxed) + new_size
                    - layout.size();
                PEAK.fetch_max(now, Ordering::Relaxed);
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn vm_hwm_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() {
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
            let base = LIVE.load(Ordering::Relaxed);
            PEAK.store(base, Ordering::Relaxed);
            let t = Instant::now();
            let loaded = load_path(&path, &vars).unwrap();
            times.push(t.elapsed());
            peak = peak.max(PEAK.load(Ordering::Relaxed) - base);
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
