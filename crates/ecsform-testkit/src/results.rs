//! Machine-readable benchmark results: each benchmark writes its figures as JSON to
//! `target/bench-results/<name>.json`, which `scripts/bench/plot.py` turns into the
//! book's table and plot.

use std::path::PathBuf;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::{Value, json};

/// Where results go: `$ECSFORM_BENCH_RESULTS`, else `bench-results` in
/// `$CARGO_TARGET_DIR`, else in the workspace's `target`.
#[must_use]
pub fn dir() -> PathBuf {
    if let Some(d) = std::env::var_os("ECSFORM_BENCH_RESULTS") {
        return PathBuf::from(d);
    }
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/bench-results"),
        |t| PathBuf::from(t).join("bench-results"),
    )
}

/// Writes `doc` as `<dir>/<name>.json`; its path.
///
/// # Errors
/// The directory or file could not be written.
pub fn write(name: &str, doc: &Value) -> std::io::Result<PathBuf> {
    let dir = dir();
    std::fs::create_dir_all(&dir)?;
    let dir = dir.canonicalize().unwrap_or(dir);
    let path = dir.join(format!("{name}.json"));
    let mut text = serde_json::to_string_pretty(doc).map_err(std::io::Error::other)?;
    text.push('\n');
    std::fs::write(&path, text)?;
    Ok(path)
}

/// The machine a benchmark ran on, now: cores, the load average (other work shares the
/// cores), the time (seconds since the epoch), and the repository's commit (`HEAD`; the
/// working tree may hold changes beyond it).
#[must_use]
pub fn machine() -> Value {
    let load = std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_owned))
        .and_then(|l| l.parse::<f64>().ok());
    let commit = std::process::Command::new("git")
        .args([
            "-C",
            env!("CARGO_MANIFEST_DIR"),
            "rev-parse",
            "--short",
            "HEAD",
        ])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned());
    json!({
        "cores": std::thread::available_parallelism().map_or(0, std::num::NonZero::get),
        "commit": commit,
        "load_average_1min": load,
        "unix_time": SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()),
    })
}

/// The process's peak resident set (`VmHWM`), in bytes, where the system tells it.
#[must_use]
pub fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// CPU time this process has used so far (user + system, all threads), where the system
/// tells it (`/proc/self/stat`, in ticks of 10 ms).
#[must_use]
pub fn process_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name (which is in parentheses and may hold spaces).
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the whole line: 12 and 13 here.
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    // USER_HZ is 100 on Linux.
    Some(Duration::from_millis(ticks * 10))
}

/// Milliseconds, as a float.
#[must_use]
pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The least and the median of some timings (the upper median of an even count); zero
/// for none.
#[must_use]
pub fn min_median(times: &[Duration]) -> (Duration, Duration) {
    let mut t = times.to_vec();
    t.sort();
    match (t.first(), t.get(t.len() / 2)) {
        (Some(min), Some(median)) => (*min, *median),
        _ => (Duration::ZERO, Duration::ZERO),
    }
}
