//! SIGTERM, what GitLab (and CI systems, `docker stop`, systemd) send to stop a job,
//! ends an apply the way Ctrl-C does: no new change starts, the calls in flight finish,
//! the summary is printed, and the exit status is 143 (128 + SIGTERM), told apart from
//! Ctrl-C's 130 and a failure's 1. Against the local test bed, slowed by a proxy so that
//! the apply is still running when the signal comes.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::io::Read;

use support::{FaultProxy, TestBed};

#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn sigterm_starts_nothing_new_lets_running_calls_finish_and_reports() {
    let bed = TestBed::start();
    // Every call takes 150 ms, so the apply is still running when SIGTERM comes.
    let proxy = FaultProxy::start_slow(
        bed.port,
        "never matches",
        0,
        std::time::Duration::from_millis(150),
    );
    let endpoint = proxy.endpoint();
    let mut child = bed
        .ecsform_command(&[
            "apply",
            "-f",
            "examples/retail-store",
            "--auto-approve",
            "--poll-interval",
            "1",
        ])
        .env("AWS_ENDPOINT_URL", &endpoint)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until the first changes have started, then terminate once.
    let mut stderr = child.stderr.take().unwrap();
    let mut seen = String::new();
    let mut buf = [0u8; 4096];
    while !seen.contains("cluster.retail-store-ecs-cluster: created") {
        let n = stderr.read(&mut buf).unwrap();
        assert!(n > 0, "apply ended early:\n{seen}");
        seen.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let mut rest = String::new();
    stderr.read_to_string(&mut rest).unwrap();
    let status = child.wait().unwrap();
    let all = format!("{seen}{rest}");
    assert_eq!(status.code(), Some(143), "{status:?}\n{all}");
    assert!(
        all.contains("Terminated (SIGTERM): no new change starts"),
        "{all}"
    );
    assert!(all.contains("Apply interrupted by SIGTERM: "), "{all}");
    assert!(all.contains("not started  service.ui"), "{all}");
    assert!(
        all.contains("Running apply again continues from here"),
        "{all}"
    );
    // Nothing started after the signal is half-done: a re-run converges.
    drop(proxy);
    bed.apply("examples/retail-store", 0);
    let (code, changes, _) = bed.plan("retail-store");
    assert_eq!((code, changes), (0, Vec::<String>::new()));
}
