//! A target group replacement stopped at every step (`issues`: Part 10, item 4): an
//! apply that replaces the group of a load-balanced service is killed right after its
//! first, second, ... call that changes something (a proxy holds the next one), the
//! listener is checked at that point, and the next apply must converge: one group of the
//! file's name, nothing left to do, and the listener never without a healthy target,
//! watched throughout by a second reader (`tests/local-aws/gaps.py`, boto3) through the
//! test bed's target health (ECS registers the service's tasks in its groups: patch 27
//! of `tests/local-aws/README.md`).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stderr
)]

mod support;

use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use ecsform_testkit::proxy::StepProxy;
use support::{TestBed, root};

const LB: &str = "swap-web";
const GROUP: &str = "swap-web";

/// The stack: an Application Load Balancer whose listener forwards to the group, a Fargate
/// service of 2 tasks behind it (each deployment's tasks take a second to start), the
/// group on `port`: a port change replaces it.
fn stack(port: u16) -> String {
    format!(
        "stack: swap
region: ${{AWS_REGION}}

cluster:
  clusterName: swap

loadBalancers:
  - name: {LB}
    type: application
    scheme: internet-facing
    subnets: [\"${{PUBLIC_SUBNET1}}\", \"${{PUBLIC_SUBNET2}}\"]
    securityGroups: [\"${{ALB_SG_ID}}\"]

targetGroups:
  - name: {GROUP}
    protocol: HTTP
    port: {port}
    vpcId: ${{VPC_ID}}
    targetType: ip
    attributes:
      - key: deregistration_delay.timeout_seconds
        value: \"2\"

listeners:
  - loadBalancer: {LB}
    port: 80
    protocol: HTTP
    defaultActions:
      - type: forward
        targetGroup: {GROUP}

taskDefinitions:
  - family: web
    networkMode: awsvpc
    requiresCompatibilities: [FARGATE]
    cpu: 256
    memory: 512
    containerDefinitions:
      - name: web
        image: public.ecr.aws/docker/library/nginx:1.27
        essential: true
        portMappings:
          - containerPort: 8080
        environment:
          - name: ECSFORM_TESTBED_START_SECONDS
            value: \"1\"

services:
  - serviceName: web
    taskDefinition: web
    desiredCount: 2
    launchType: FARGATE
    loadBalancers:
      - targetGroup: {GROUP}
        containerName: web
        containerPort: 8080
    networkConfiguration:
      awsvpcConfiguration:
        securityGroups: [\"${{NGINX_SG_ID}}\"]
        subnets: [\"${{PUBLIC_SUBNET1}}\", \"${{PUBLIC_SUBNET2}}\"]
"
    )
}

/// A stack folder.
struct Folder(std::path::PathBuf);

impl Folder {
    fn new() -> Self {
        let dir = std::env::temp_dir().join(format!("ecsform-replacement-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }

    fn write(&self, port: u16) -> &str {
        std::fs::write(self.0.join("ecsform.yaml"), stack(port)).unwrap();
        self.0.to_str().unwrap()
    }
}

impl Drop for Folder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The second reader's gaps at this moment.
fn gaps_now(bed: &TestBed) -> Vec<String> {
    let out = bed
        .program(root().join(".venv/local-aws/bin/python3"))
        .arg(root().join("tests/local-aws/gaps.py"))
        .args(["once", LB])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "gaps.py: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The second reader, watching while an apply runs; [`Watch::stop`] returns what it saw.
struct Watch {
    child: Child,
    out: std::path::PathBuf,
    stop: std::path::PathBuf,
}

impl Watch {
    fn start(bed: &TestBed, folder: &Folder, n: usize) -> Self {
        let out = folder.0.join(format!("gaps-{n}.jsonl"));
        let stop = folder.0.join(format!("stop-{n}"));
        let child = bed
            .program(root().join(".venv/local-aws/bin/python3"))
            .arg(root().join("tests/local-aws/gaps.py"))
            .args(["watch", LB, out.to_str().unwrap(), stop.to_str().unwrap()])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        Self { child, out, stop }
    }

    fn stop(mut self) -> Vec<String> {
        std::fs::write(&self.stop, "").unwrap();
        let status = self.child.wait().unwrap();
        assert!(status.success(), "gaps.py watch failed");
        std::fs::read_to_string(&self.out)
            .unwrap_or_default()
            .lines()
            .map(str::to_owned)
            .collect()
    }
}

fn apply_command(bed: &TestBed, path: &str) -> std::process::Command {
    bed.ecsform_command(&[
        "apply",
        "-f",
        path,
        "--auto-approve",
        "--poll-interval",
        "1",
    ])
}

/// Applies to completion, with the second reader watching; asserts success and no gap.
fn converge(bed: &TestBed, folder: &Folder, path: &str, n: usize, what: &str) {
    let watch = Watch::start(bed, folder, n);
    let out = apply_command(bed, path).output().unwrap();
    let seen = watch.stop();
    assert!(
        out.status.success(),
        "{what}: the apply failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stderr),
        bed.emulator_log_tail()
    );
    assert!(
        seen.is_empty(),
        "{what}: the listener forwarded to no healthy target during the apply: {seen:?}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The target groups in the account, by name.
fn groups(bed: &TestBed) -> Vec<String> {
    let mut names: Vec<String> = bed.aws(&["elbv2", "describe-target-groups"])["TargetGroups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["TargetGroupName"].as_str().unwrap().to_owned())
        .collect();
    names.sort();
    names
}

fn group_port(bed: &TestBed) -> i64 {
    let g = bed.aws(&["elbv2", "describe-target-groups", "--names", GROUP]);
    g["TargetGroups"][0]["Port"].as_i64().unwrap()
}

/// Nothing left to do.
fn assert_converged(bed: &TestBed, path: &str, port: u16, what: &str) {
    let (code, changes, _) = bed.plan_path(path);
    assert_eq!(
        (code, changes.as_slice()),
        (0, &[][..]),
        "{what}: the next plan is not empty"
    );
    assert_eq!(groups(bed), [GROUP], "{what}: exactly one group is left");
    assert_eq!(group_port(bed), i64::from(port), "{what}");
}

#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn a_target_group_replacement_stopped_at_every_step_converges_without_a_gap() {
    let bed = TestBed::start();
    let folder = Folder::new();
    let mut port: u16 = 8080;
    let path = folder.write(port).to_owned();
    // (Creating the stack, the listener has no healthy target until the service's
    // tasks are: nothing to keep yet.)
    bed.apply(&path, 0);
    assert_converged(&bed, &path, port, "the first apply");
    // The check is not vacuous: the listener has a healthy target to keep.
    let g = bed.aws(&["elbv2", "describe-target-groups", "--names", GROUP]);
    let arn = g["TargetGroups"][0]["TargetGroupArn"].as_str().unwrap();
    let health = bed.aws(&["elbv2", "describe-target-health", "--target-group-arn", arn]);
    let healthy = health["TargetHealthDescriptions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["TargetHealth"]["State"] == "healthy")
        .count();
    assert_eq!(
        healthy, 2,
        "the service's two tasks are healthy targets: {health}"
    );

    // Stopped after 1, 2, ... calls that change something, until an apply is not stopped.
    let mut steps_seen = Vec::new();
    for stop_after in 1.. {
        port = if port == 8080 { 8081 } else { 8080 };
        let path = folder.write(port).to_owned();
        let what = format!("stopped after {stop_after} changes");
        let proxy = StepProxy::start(bed.port, stop_after);
        let mut child = apply_command(&bed, &path)
            .env("AWS_ENDPOINT_URL", proxy.endpoint())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let t0 = Instant::now();
        let finished = loop {
            if proxy.held().is_some() {
                child.kill().unwrap();
                let _ = child.wait();
                break false;
            }
            if let Some(status) = child.try_wait().unwrap() {
                assert!(status.success(), "{what}: the apply failed by itself");
                break true;
            }
            assert!(
                t0.elapsed() < Duration::from_secs(300),
                "{what}: neither held nor finished: {:?}",
                proxy.passed()
            );
            std::thread::sleep(Duration::from_millis(20));
        };
        let passed = proxy.passed();
        // The listener at the point where the apply stopped.
        let gaps = gaps_now(&bed);
        assert!(
            gaps.is_empty(),
            "{what} ({passed:?}, held {:?}): {gaps:?}",
            proxy.held()
        );
        if finished {
            assert_converged(&bed, &path, port, &what);
            steps_seen = passed;
            break;
        }
        converge(&bed, &folder, &path, stop_after, &what);
        assert_converged(&bed, &path, port, &what);
    }
    eprintln!("the replacement's calls that change something: {steps_seen:?}");
    // The replacement made the calls of every step (so every point was tried).
    for call in [
        "CreateTargetGroup",
        "ModifyListener",
        "UpdateService",
        "DeleteTargetGroup",
    ] {
        assert!(
            steps_seen.iter().filter(|c| *c == call).count() >= 2,
            "{call} twice in {steps_seen:?}"
        );
    }
}
