//! AWS's throttling, reproduced by the test kit's throttling proxy
//! (`ecsform_testkit::throttle`: token buckets per account and action group, the real
//! `ThrottlingException` / `Throttling` error shapes) in front of the test bed. With
//! ecsform's retries an apply through small buckets converges; with retries disabled the
//! first throttled call fails the run, naming the call and AWS's code and message.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stderr
)]

mod support;

use std::process::Output;

use ecsform_testkit::throttle::{Budgets, ThrottleProxy};
use support::{Scratch, TestBed, text};

/// ecsform through the proxy, with ecsform's default retries (the test bed's
/// AWS_MAX_ATTEMPTS removed) and `env` on top.
fn through(bed: &TestBed, proxy: &ThrottleProxy, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = bed.ecsform_command(args);
    c.env("AWS_ENDPOINT_URL", proxy.endpoint())
        .env_remove("AWS_MAX_ATTEMPTS");
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().unwrap()
}

const APPLY: [&str; 6] = [
    "apply",
    "--auto-approve",
    "--poll-interval",
    "1",
    "-f",
    "PATH",
];

fn apply_args(path: &str) -> Vec<&str> {
    let mut a = APPLY.to_vec();
    a[5] = path;
    a
}

#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn an_apply_through_small_buckets_converges() {
    let bed = TestBed::start();
    // Every bucket of every service: 2 tokens, 1 a second (AWS's smallest ECS buckets
    // hold 5 to 20 and refill 1 a second; the retail store's apply makes about 60 calls).
    let proxy = ThrottleProxy::start(bed.port, Budgets::uniform(2.0, 1.0));
    let stack = Scratch::of_example("retail-store");
    let out = through(&bed, &proxy, &apply_args(stack.path()), &[]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        proxy.throttled_total() > 0,
        "nothing was throttled: {:?}",
        proxy.admitted()
    );
    eprintln!(
        "{} requests relayed, {} throttled: {:?}",
        proxy.admitted_total(),
        proxy.throttled_total(),
        proxy.throttled()
    );
    // Converged: the next plan, through the same buckets, has nothing to do.
    let out = through(
        &bed,
        &proxy,
        &["plan", "-f", stack.path(), "--detailed-exitcode"],
        &[],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("No changes."), "{}", text(&out));
}

#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn without_retries_a_throttled_call_fails_naming_the_call_and_awss_code() {
    let bed = TestBed::start();
    // Two tokens per bucket, next to no refill: the third call of a group is throttled.
    let proxy = ThrottleProxy::start(bed.port, Budgets::uniform(2.0, 0.01));
    let stack = Scratch::of_example("retail-store");
    let out = through(
        &bed,
        &proxy,
        &apply_args(stack.path()),
        &[("AWS_MAX_ATTEMPTS", "1")],
    );
    let all = text(&out);
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(proxy.throttled_total() > 0, "{all}");
    // The throttled call, named as IAM names it, with AWS's code and message: one of the
    // JSON services' ThrottlingException or ELB's Throttling.
    let throttled: Vec<String> = proxy.throttled().into_keys().collect();
    let named = throttled.iter().any(|key| {
        let (service, action) = key.split_once(':').unwrap();
        let (prefix, code) = match service {
            "Ecs" => ("ecs", "ThrottlingException"),
            "Elb" => ("elasticloadbalancing", "Throttling"),
            "CloudMap" => ("servicediscovery", "ThrottlingException"),
            _ => ("application-autoscaling", "ThrottlingException"),
        };
        // A read: "ecs:DescribeTaskDefinition failed for <resource>: ThrottlingException:
        // Rate exceeded"; a change: "<address>: ecs:CreateService answered ...".
        all.contains(&format!("{prefix}:{action} "))
            && all.contains(&format!("{code}: Rate exceeded"))
    });
    assert!(
        named,
        "throttled {throttled:?}, but the output names none:\n{all}"
    );
    // A read that ran out of attempts says what it was and what to do.
    if all.contains("Reading live state") && !all.contains("answered") {
        assert!(all.contains("aws::throttled"), "{all}");
        assert!(all.contains("AWS_MAX_ATTEMPTS"), "{all}");
    }
}

#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn calls_are_paced_at_awss_documented_rates_and_none_of_them_is_throttled() {
    let bed = TestBed::start();
    // AWS's own buckets. 30 services register 30 task definitions: ECS's bucket holds 20
    // and refills 1 a second, so an apply that sends them as they come is throttled
    // (it was, before the pacing: the 21st RegisterTaskDefinition on).
    let proxy = ThrottleProxy::start(bed.port, Budgets::aws());
    let yaml = ecsform_testkit::generated_stack(30)
        .replace("subnet-0aaa0000000000001", &bed.env["PRIVATE_SUBNET1"])
        .replace("subnet-0aaa0000000000002", &bed.env["PRIVATE_SUBNET2"])
        .replace("sg-0ccc0000000000001", &bed.env["UI_SG_ID"])
        .replace("vpc-0a1b2c3d4e5f60718", &bed.env["VPC_ID"]);
    let dir = std::env::temp_dir().join(format!("ecsform-paced-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("generated-30.yaml");
    std::fs::write(&path, yaml).unwrap();
    // The CLI's defaults: --concurrency 4, --timeout 30.
    let out = through(&bed, &proxy, &apply_args(path.to_str().unwrap()), &[]);
    let _ = std::fs::remove_dir_all(&dir);
    assert!(out.status.success(), "{}", text(&out));
    let registered = proxy
        .admitted()
        .get("Ecs:RegisterTaskDefinition")
        .copied()
        .unwrap_or_default();
    assert!(registered >= 30, "{:?}", proxy.admitted());
    // ECS and ELB document their buckets: none of their changes is throttled, though the
    // apply goes past the bursts of task definition registrations (20, 1 a second) and
    // ELB's mutating calls (20, 3 a second). (Reads refill at 10 to 20 a second, so the
    // pacing's one token in reserve is 50 to 100 ms there, which a loaded machine's
    // scheduling can use up: a rare throttled read is retried, and not asserted on.
    // Application Auto Scaling and Cloud Map document no bucket; the proxy assumes some,
    // which the pacing learns from throttles.)
    let documented: Vec<(String, usize)> = proxy
        .throttled()
        .into_iter()
        .filter(|(k, _)| k.starts_with("Ecs:") || k.starts_with("Elb:"))
        .filter(|(k, _)| !k.contains(":Describe") && !k.contains(":List"))
        .collect();
    assert!(
        documented.is_empty(),
        "changes throttled in documented buckets: {documented:?}"
    );
}
