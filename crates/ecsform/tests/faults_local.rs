//! Faults between ecsform and AWS, injected by a loopback proxy in front of the test bed
//! (support::ChaosProxy): throttling, 5xx, connection resets, calls that never answer,
//! slow calls, and lost responses of creates. The retail store is applied from empty
//! and then through the workshop's updates; every apply converges, nothing is
//! duplicated or left behind, and the next plan says "No changes.".
//!
//! The seed of the injected faults is printed; `ECSFORM_CHAOS_SEED=N` replays one.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stderr
)]

mod support;

use std::process::Output;

use support::{Chaos, ChaosProxy, Scratch, TestBed, text};

const CLUSTER: &str = "retail-store-ecs-cluster";

fn seed() -> u64 {
    support::seed_from_env("ECSFORM_CHAOS_SEED")
}

/// ecsform through the proxy, with ecsform's default retries (the test bed's
/// AWS_MAX_ATTEMPTS removed) and a 2-second attempt timeout for calls that hang.
fn through(bed: &TestBed, proxy: &ChaosProxy, args: &[&str]) -> Output {
    bed.ecsform_command(args)
        .env("AWS_ENDPOINT_URL", proxy.endpoint())
        .env_remove("AWS_MAX_ATTEMPTS")
        .env("ECSFORM_CALL_TIMEOUT", "2")
        .output()
        .unwrap()
}

fn apply_through(bed: &TestBed, proxy: &ChaosProxy, path: &str) -> Output {
    through(
        bed,
        proxy,
        &[
            "apply",
            "-f",
            path,
            "--auto-approve",
            "--poll-interval",
            "1",
        ],
    )
}

fn plan_is_clean(bed: &TestBed, proxy: &ChaosProxy, path: &str) {
    let out = through(bed, proxy, &["plan", "-f", path, "--detailed-exitcode"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("No changes."), "{}", text(&out));
}

/// Everything the retail store has, read directly (not through the proxy): exactly one
/// of each, and no more task definition revisions than kept.
fn assert_inventory(bed: &TestBed) {
    let services = bed.aws(&["ecs", "list-services", "--cluster", CLUSTER]);
    let mut names: Vec<String> = services["serviceArns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap().rsplit('/').next().unwrap().to_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["assets", "catalog", "ui"]);
    let tgs = bed.aws(&["elbv2", "describe-target-groups"]);
    let tg_names: Vec<&str> = tgs["TargetGroups"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| t["TargetGroupName"].as_str())
        .collect();
    assert_eq!(tg_names, ["ui-application"]);
    let lbs = bed.aws(&["elbv2", "describe-load-balancers"]);
    assert_eq!(lbs["LoadBalancers"].as_array().unwrap().len(), 1, "{lbs}");
    let lb = lbs["LoadBalancers"][0]["LoadBalancerArn"].as_str().unwrap();
    let listeners = bed.aws(&["elbv2", "describe-listeners", "--load-balancer-arn", lb]);
    assert_eq!(listeners["Listeners"].as_array().unwrap().len(), 1);
    let namespaces = bed.aws(&["servicediscovery", "list-namespaces"]);
    let ns: Vec<&str> = namespaces["Namespaces"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n["Name"].as_str())
        .collect();
    assert_eq!(ns, ["retailstore.local"], "{namespaces}");
    let clusters = bed.aws(&["ecs", "list-clusters"]);
    assert_eq!(clusters["clusterArns"].as_array().unwrap().len(), 1);
    for family in [
        "retail-store-ecs-ui",
        "retail-store-ecs-catalog",
        "retail-store-ecs-assets",
    ] {
        let revisions = bed.aws(&[
            "ecs",
            "list-task-definitions",
            "--family-prefix",
            family,
            "--status",
            "ACTIVE",
        ]);
        let n = revisions["taskDefinitionArns"].as_array().unwrap().len();
        assert!((1..=5).contains(&n), "{family}: {n} ACTIVE revisions");
    }
    let targets = bed.aws(&[
        "application-autoscaling",
        "describe-scalable-targets",
        "--service-namespace",
        "ecs",
    ]);
    assert_eq!(targets["ScalableTargets"].as_array().unwrap().len(), 1);
    let policies = bed.aws(&[
        "application-autoscaling",
        "describe-scaling-policies",
        "--service-namespace",
        "ecs",
    ]);
    assert_eq!(policies["ScalingPolicies"].as_array().unwrap().len(), 1);
}

/// The workshop's three updates, as edits of the stack.
fn workshop_steps() -> [(&'static str, &'static str, &'static str, &'static str); 3] {
    [
        (
            "task-definitions.yaml",
            "        logConfiguration:\n          logDriver: awslogs\n          options:\n            awslogs-group: retail-store-ecs-tasks\n            awslogs-region: ${AWS_REGION}\n            awslogs-stream-prefix: ui-service",
            "        environment:\n          - name: RETAIL_UI_BANNER\n            value: \"We've updated the UI service!\"\n        logConfiguration:\n          logDriver: awslogs\n          options:\n            awslogs-group: retail-store-ecs-tasks\n            awslogs-region: ${AWS_REGION}\n            awslogs-stream-prefix: ui-service",
            "the banner",
        ),
        (
            "task-definitions.yaml",
            "          - name: RETAIL_UI_BANNER\n            value: \"We've updated the UI service!\"\n",
            "          - name: ENDPOINTS_CATALOG\n            value: \"http://catalog\"\n          - name: ENDPOINTS_ASSETS\n            value: \"http://assets\"\n",
            "the endpoints",
        ),
        (
            "services.yaml",
            "enableExecuteCommand: true",
            "enableExecuteCommand: false",
            "ECS Exec off",
        ),
    ]
}

#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn the_retail_store_converges_through_throttling_server_errors_resets_and_hangs() {
    let bed = TestBed::start();
    let proxy = ChaosProxy::start(
        bed.port,
        Chaos {
            throttle: 0.20,
            server_error: 0.05,
            reset: 0.02,
            hang: 0.01,
            slow: 0.05,
            slow_by: std::time::Duration::from_millis(300),
            seed: seed(),
            ..Chaos::default()
        },
    );
    let stack = Scratch::of_example("retail-store");
    let out = apply_through(&bed, &proxy, stack.path());
    assert!(out.status.success(), "from empty: {}", text(&out));
    plan_is_clean(&bed, &proxy, stack.path());
    assert_inventory(&bed);
    for (file, from, to, what) in workshop_steps() {
        stack.edit(file, from, to);
        let out = apply_through(&bed, &proxy, stack.path());
        assert!(out.status.success(), "{what}: {}", text(&out));
        plan_is_clean(&bed, &proxy, stack.path());
        assert_inventory(&bed);
    }
    let ui = &bed.aws(&[
        "ecs",
        "describe-services",
        "--cluster",
        CLUSTER,
        "--services",
        "ui",
    ])["services"][0];
    assert_eq!(ui["enableExecuteCommand"], false);
    assert!(
        ui["taskDefinition"].as_str().unwrap().ends_with(":3"),
        "two workshop revisions, no more: {ui}"
    );
    // The faults really happened.
    for outcome in [
        "throttled",
        "server error",
        "reset",
        "hang",
        "slow",
        "relayed",
    ] {
        assert!(proxy.count(outcome) > 0, "no request was {outcome}");
    }
    eprintln!(
        "requests: {} relayed, {} throttled, {} server errors, {} resets, {} hangs, {} slow",
        proxy.count("relayed"),
        proxy.count("throttled"),
        proxy.count("server error"),
        proxy.count("reset"),
        proxy.count("hang"),
        proxy.count("slow")
    );
}

#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn lost_responses_of_creates_duplicate_nothing() {
    let bed = TestBed::start();
    const CREATES: &[&str] = &[
        "CreateCluster",
        "CreateHttpNamespace",
        "RegisterTaskDefinition",
        "CreateLoadBalancer",
        "CreateTargetGroup",
        "CreateListener",
        "CreateService",
        "RegisterScalableTarget",
        "PutScalingPolicy",
    ];
    let proxy = ChaosProxy::start(
        bed.port,
        Chaos {
            lost: 0.5,
            lost_ops: CREATES,
            seed: seed(),
            ..Chaos::default()
        },
    );
    let stack = Scratch::of_example("retail-store");
    let out = apply_through(&bed, &proxy, stack.path());
    let printed = text(&out);
    let lost = proxy.operations("lost");
    eprintln!("lost responses: {lost:?}");
    assert!(
        !lost.is_empty(),
        "no response was lost: the test proves nothing"
    );
    assert!(out.status.success(), "lost {lost:?}: {printed}");
    plan_is_clean(&bed, &proxy, stack.path());
    assert_inventory(&bed);
    for (file, from, to, what) in workshop_steps() {
        stack.edit(file, from, to);
        let out = apply_through(&bed, &proxy, stack.path());
        assert!(out.status.success(), "{what}: {}", text(&out));
        plan_is_clean(&bed, &proxy, stack.path());
        assert_inventory(&bed);
    }
}
