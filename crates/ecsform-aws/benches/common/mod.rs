//! What the AWS benchmarks share: the local test bed (the test kit's), SDK clients for a port, and the
//! lower bounds each measured time is set against. (Each benchmark uses a part: dead
//! code is allowed here.)

#![allow(dead_code)]

use std::path::Path;

use ecsform_aws::Clients;
use serde_json::{Value, json};

/// The local test bed on a free port (the test kit's one start-up), stopped on drop.
pub use ecsform_testkit::bed::{Bed, root};

/// Whether to measure: `cargo bench` passes `--bench`; `cargo test --all-targets` runs
/// a benchmark once as a test, without it, and then it only says it skipped.
pub fn measuring() -> bool {
    if std::env::args().any(|a| a == "--bench") {
        return true;
    }
    println!("benchmark skipped: run it with cargo bench");
    false
}

pub async fn clients_for(port: u16) -> Clients {
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

/// A stack file (or folder) loaded with `vars`; panics on problems (a benchmark of error
/// paths would measure the wrong thing).
pub fn load(path: &Path, vars: &[(String, String)]) -> ecsform_spec::Stack {
    let loaded =
        ecsform_spec::load_path(path, &ecsform_spec::Vars::isolated(vars.iter().cloned())).unwrap();
    assert!(
        loaded.stack.is_some(),
        "{path:?}: {:?}",
        loaded.problems.first()
    );
    loaded.stack.unwrap()
}

/// The lower bounds of one measured time.
///
/// - `rounds`: calls that must be made one after another, whatever the client (dependent
///   rounds); `rounds x latency` is what the added latency alone costs at least.
/// - `floor_ms`: the same operation's time at 0 ms added latency (the emulator's and the
///   client's own work, which the latency does not make smaller).
/// - `bound = max(rounds x latency, floor)`.
///
/// The ratios are `measured / bound`; none at 0 ms for the rounds (the bound is 0), and
/// none for the floor bound at 0 ms (the measured time is the floor).
pub fn bounds(best_ms: f64, rounds: usize, latency_ms: u64, floor_ms: f64) -> Value {
    let rounds_ms = rounds as f64 * latency_ms as f64;
    let bound_ms = rounds_ms.max(floor_ms);
    json!({
        "rounds": rounds,
        "rounds_bound_ms": rounds_ms,
        "floor_ms": floor_ms,
        "bound_ms": bound_ms,
        "x_rounds_bound": (latency_ms > 0).then(|| best_ms / rounds_ms),
        "x_bound": (latency_ms > 0).then(|| best_ms / bound_ms),
    })
}

/// A ratio for a table cell: `-` when there is none.
pub fn ratio_cell(v: &Value) -> String {
    v.as_f64()
        .map_or_else(|| "-".to_owned(), |x| format!("{x:.2}"))
}

pub fn mib(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

/// [`clients_for`] with ecsform's own retry configuration and timeouts
/// ([`ecsform_aws::clients::retry_config`] of the settings in the environment:
/// `AWS_MAX_ATTEMPTS`, `AWS_RETRY_MODE`, `ECSFORM_CALL_TIMEOUT`, `ECSFORM_TIMEOUT`), as
/// the CLI builds them.
pub async fn tool_clients_for(port: u16) -> Clients {
    let settings = ecsform_aws::Settings::from_env().unwrap();
    let attempt = settings.attempt();
    let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .endpoint_url(format!("http://127.0.0.1:{port}"))
        .region(aws_config::Region::new("us-east-1"))
        .credentials_provider(aws_sdk_ecs::config::Credentials::new(
            "testing", "testing", None, None, "bench",
        ))
        .retry_config(ecsform_aws::clients::retry_config(&settings))
        .timeout_config(
            aws_config::timeout::TimeoutConfig::builder()
                .connect_timeout(attempt.min(std::time::Duration::from_secs(10)))
                .operation_attempt_timeout(attempt)
                .operation_timeout(settings.timeout)
                .build(),
        )
        .load()
        .await;
    Clients::from_config(&config)
}
