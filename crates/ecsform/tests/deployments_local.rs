//! Deployments that take time or fail, through the test bed (its patches 23-25 make a
//! service's tasks take N seconds to start, or stop with a reason, and trip the
//! deployment circuit breaker with or without rollback, as ECS reports them). apply shows
//! the deployment's running/pending/desired tasks and the latest service event while it
//! waits (plain lines here: no terminal); a failed deployment fails its change with the
//! stopped tasks' reasons and whether ECS rolled back, exit status 1, and its dependants
//! (the scalable target) skipped; `--wait-timeout` ends a deployment still in progress.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::time::Instant;

use serde_json::Value;
use support::{Rollout, TestBed, deployments_stack};

const IMAGE: &str = "public.ecr.aws/docker/library/nginx:1.27";

/// A stack folder with the file of `r`.
struct Stack(std::path::PathBuf);

impl Stack {
    fn new(name: &str, r: &Rollout) -> Self {
        let dir =
            std::env::temp_dir().join(format!("ecsform-deployments-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let s = Self(dir);
        s.write(r);
        s
    }

    fn write(&self, r: &Rollout) {
        std::fs::write(self.0.join("ecsform.yaml"), deployments_stack(r)).unwrap();
    }

    fn path(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for Stack {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `apply --auto-approve --poll-interval 1` (and `extra`): exit status, stdout, stderr.
fn apply(bed: &TestBed, stack: &Stack, extra: &[&str]) -> (i32, String, String) {
    let mut args = vec![
        "apply",
        "-f",
        stack.path(),
        "--auto-approve",
        "--poll-interval",
        "1",
    ];
    args.extend_from_slice(extra);
    let out = bed.ecsform(&args);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn web(bed: &TestBed) -> Value {
    bed.aws(&[
        "ecs",
        "describe-services",
        "--cluster",
        "deployments",
        "--services",
        "web",
    ])["services"][0]
        .clone()
}

fn ok(stop: Option<&str>) -> Rollout<'_> {
    Rollout {
        start_seconds: 1,
        stop,
        circuit_breaker: None,
        image: IMAGE,
        desired_count: 2,
    }
}

/// The lines of stderr that mention `what`.
fn lines_with<'a>(stderr: &'a str, what: &str) -> Vec<&'a str> {
    stderr.lines().filter(|l| l.contains(what)).collect()
}

#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn a_slow_start_succeeds_and_shows_the_deployment_while_it_waits() {
    let bed = TestBed::start();
    let stack = Stack::new(
        "slow",
        &Rollout {
            start_seconds: 4,
            ..ok(None)
        },
    );
    let t0 = Instant::now();
    let (code, stdout, stderr) = apply(&bed, &stack, &[]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(t0.elapsed().as_secs() >= 4, "the tasks took 4 s to start");
    // Progress is on stderr only, as timestamped plain lines (no terminal).
    assert!(!stdout.contains("waiting for"), "{stdout}");
    let waits = lines_with(&stderr, "service.web: waiting for steady state");
    assert!(!waits.is_empty(), "{stderr}");
    let first = waits[0];
    assert!(first.starts_with('['), "a timestamped plain line: {first}");
    assert!(
        first.contains(
            "service.web: waiting for steady state (0 s): 0/2 running, 2 pending (deployment ecs-svc/"
        ) && first.contains(" IN_PROGRESS); (service web) has started 2 tasks: (task "),
        "running/pending/desired and the latest event: {first}"
    );
    assert!(
        stderr.contains("service.web: created (") && stderr.contains("Apply complete: 4 done"),
        "{stderr}"
    );
    let live = web(&bed);
    assert_eq!(live["runningCount"], 2);
    assert_eq!(live["deployments"][0]["rolloutState"], "COMPLETED");
    assert_eq!(
        live["events"][0]["message"],
        "(service web) has reached a steady state."
    );
}

#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn an_image_that_cannot_be_pulled_fails_the_service_and_skips_its_dependants() {
    let bed = TestBed::start();
    // The circuit breaker off: ECS would keep starting tasks; apply stops waiting once as
    // many failed as the circuit breaker would have allowed (3 for 2 tasks) and none runs.
    let stack = Stack::new("pull", &ok(Some("image-pull")));
    let (code, stdout, stderr) = apply(&bed, &stack, &[]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    let failed = lines_with(&stderr, "service.web: FAILED:");
    assert_eq!(failed.len(), 1, "{stderr}");
    let failed = failed[0];
    assert!(
        failed.contains("DeploymentFailed: deployment ecs-svc/")
            && failed.contains("is failing: 4 tasks failed and none runs (the deployment circuit breaker, off for this service, would have failed it at 3); ECS keeps starting tasks, the service is left as it is"),
        "{failed}"
    );
    assert!(
        failed.contains(&format!(
            "stopped tasks: CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref {IMAGE}: not found"
        )),
        "{failed}"
    );
    assert!(
        stderr.contains("scalable_target.web: skipped (it depends on service.web, which failed)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("Apply failed: 2 done, 1 failed, 1 skipped"),
        "{stderr}"
    );
}

#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn an_essential_container_that_exits_trips_the_circuit_breaker() {
    let bed = TestBed::start();
    let stack = Stack::new(
        "exits",
        &Rollout {
            circuit_breaker: Some(false),
            ..ok(Some("essential-exit"))
        },
    );
    let (code, stdout, stderr) = apply(&bed, &stack, &[]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    let failed = lines_with(&stderr, "service.web: FAILED:");
    assert_eq!(failed.len(), 1, "{stderr}");
    assert!(
        failed[0].contains("failed: ECS deployment circuit breaker: tasks failed to start. (4 tasks failed); ECS did not roll back (the circuit breaker's rollback is off); stopped tasks: Essential container in task exited (web: exit code 1)"),
        "{}",
        failed[0]
    );
    assert!(
        stderr.contains("scalable_target.web: skipped (it depends on service.web, which failed)"),
        "{stderr}"
    );
    assert_eq!(web(&bed)["deployments"][0]["rolloutState"], "FAILED");
}

#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn the_circuit_breaker_rolls_back_and_apply_says_so() {
    let bed = TestBed::start();
    let good = Rollout {
        circuit_breaker: Some(true),
        ..ok(None)
    };
    let stack = Stack::new("rollback", &good);
    let (code, stdout, stderr) = apply(&bed, &stack, &[]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let before = web(&bed)["taskDefinition"].as_str().unwrap().to_owned();
    assert!(before.ends_with("task-definition/web:1"), "{before}");

    // A new image that cannot be pulled: the circuit breaker fails the deployment and ECS
    // goes back to revision 1.
    stack.write(&Rollout {
        image: "public.ecr.aws/docker/library/nginx:no-such-tag",
        stop: Some("image-pull"),
        ..good
    });
    let (code, stdout, stderr) = apply(&bed, &stack, &[]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    let failed = lines_with(&stderr, "service.web: FAILED:");
    assert_eq!(failed.len(), 1, "{stderr}");
    assert!(
        failed[0].contains("deployment failed: tasks failed to start.): ECS rolled back to the last completed deployment: ecs-svc/")
            && failed[0].contains(&format!("runs task definition {before}; stopped tasks: CannotPullContainerError"))
            && failed[0].contains("nginx:no-such-tag: not found"),
        "{}",
        failed[0]
    );
    let live = web(&bed);
    assert_eq!(live["taskDefinition"].as_str(), Some(before.as_str()));
    assert_eq!(live["deployments"].as_array().unwrap().len(), 1);
    assert!(
        live["events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["message"]
                .as_str()
                .unwrap()
                .contains("rolling back to deployment")),
        "{live}"
    );
    // The file still asks for the new image: the next plan says so.
    let (code, changes, _) = bed.plan_path(stack.path());
    assert_eq!(code, 2);
    assert!(
        changes.contains(&"update service.web".to_owned()),
        "{changes:?}"
    );
}

#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn a_deployment_still_in_progress_at_the_wait_timeout_fails_clearly() {
    let bed = TestBed::start();
    let stack = Stack::new(
        "timeout",
        &Rollout {
            start_seconds: 120,
            ..ok(None)
        },
    );
    let t0 = Instant::now();
    let (code, stdout, stderr) = apply(&bed, &stack, &["--wait-timeout", "3"]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(t0.elapsed().as_secs() < 60, "the wait ended at its timeout");
    let failed = lines_with(&stderr, "service.web: FAILED:");
    assert_eq!(failed.len(), 1, "{stderr}");
    assert!(
        failed[0].contains("ecsform:wait failed for service.web: Timeout: steady state not reached within 3 s (--wait-timeout): 0/2 running, 2 pending (deployment ecs-svc/")
            && failed[0].contains(" IN_PROGRESS); (service web) has started 2 tasks: ")
            && failed[0].ends_with("ECS carries on with the deployment, the service is left as it is"),
        "{}",
        failed[0]
    );
    assert!(
        stderr.contains("scalable_target.web: skipped (it depends on service.web, which failed)"),
        "{stderr}"
    );
    assert_eq!(web(&bed)["deployments"][0]["rolloutState"], "IN_PROGRESS");
}
