//! New deployments against the local test bed: a setting that only new tasks get (ECS
//! Exec) starts one, and `--force-new-deployment SERVICE` plans and applies one without
//! any edit of the file, directly and through a saved plan. Each is checked with the aws
//! CLI: the service's PRIMARY deployment is a new one (the test bed's patch 5 rolls a new
//! deployment on forceNewDeployment, and only then for these settings, as AWS does).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use serde_json::Value;
use support::{Scratch, TestBed, text};

const CLUSTER: &str = "retail-store-ecs-cluster";

fn service(bed: &TestBed, name: &str) -> Value {
    bed.aws(&[
        "ecs",
        "describe-services",
        "--cluster",
        CLUSTER,
        "--services",
        name,
    ])["services"][0]
        .clone()
}

/// The ids of a service's deployments, PRIMARY first.
fn deployments(bed: &TestBed, name: &str) -> Vec<String> {
    service(bed, name)["deployments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_owned())
        .collect()
}

fn resource<'a>(plan: &'a Value, address: &str) -> &'a Value {
    plan["resource_changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["address"] == address)
        .unwrap_or_else(|| panic!("no {address} in {plan}"))
}

#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn turning_on_ecs_exec_starts_a_new_deployment() {
    let bed = TestBed::start();
    let stack = Scratch::of_example("retail-store");
    bed.apply(stack.path(), 0);
    let before = deployments(&bed, "catalog");
    assert_eq!(before.len(), 1);
    assert_eq!(service(&bed, "catalog")["enableExecuteCommand"], false);

    stack.edit(
        "services.yaml",
        "    taskDefinition: retail-store-ecs-catalog\n",
        "    taskDefinition: retail-store-ecs-catalog\n    enableExecuteCommand: true\n",
    );
    let (code, changes, plan) = bed.plan_path(stack.path());
    assert_eq!(
        (code, changes),
        (2, vec!["update service.catalog".to_owned()])
    );
    let catalog = resource(&plan, "service.catalog");
    assert_eq!(
        catalog["new_deployment"],
        serde_json::json!({"reason": "new_tasks_only", "fields": ["enableExecuteCommand"]}),
        "{catalog}"
    );
    // The human view says it too.
    let human = bed.ecsform(&["plan", "-f", stack.path()]);
    let shown = String::from_utf8_lossy(&human.stdout);
    assert!(
        shown.contains("# service.catalog will be updated in place, with a new deployment")
            && shown.contains("running tasks keep the old setting until replaced"),
        "{shown}"
    );

    bed.apply(stack.path(), 0);
    let after = deployments(&bed, "catalog");
    let live = service(&bed, "catalog");
    assert_eq!(live["enableExecuteCommand"], true);
    assert_eq!(after.len(), 1, "steady: one deployment");
    assert_ne!(after, before, "apply started no new deployment");
    let (code, changes, _) = bed.plan_path(stack.path());
    assert_eq!((code, changes), (0, Vec::<String>::new()));
}

#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn force_new_deployment_plans_one_change_and_apply_rolls_the_service() {
    let bed = TestBed::start();
    let stack = Scratch::of_example("retail-store");
    bed.apply(stack.path(), 0);
    let catalog_before = deployments(&bed, "catalog");
    let ui_before = deployments(&bed, "ui");

    let out = bed.ecsform(&[
        "plan",
        "-f",
        stack.path(),
        "--force-new-deployment",
        "catalog",
        "--output",
        "json",
        "--detailed-exitcode",
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let plan: Value = serde_json::from_slice(&out.stdout).unwrap();
    let changed: Vec<&Value> = plan["resource_changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["actions"] != serde_json::json!(["no-op"]))
        .collect();
    assert_eq!(changed.len(), 1, "{plan}");
    assert_eq!(changed[0]["address"], "service.catalog");
    assert_eq!(changed[0]["actions"], serde_json::json!(["update"]));
    assert_eq!(changed[0]["changed_paths"], serde_json::json!([]));
    assert_eq!(changed[0]["new_deployment"]["reason"], "requested");
    assert_eq!(plan["summary"]["change"], 1);

    let out = bed.ecsform(&[
        "apply",
        "-f",
        stack.path(),
        "--force-new-deployment",
        "service.catalog",
        "--auto-approve",
        "--poll-interval",
        "1",
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        stdout
            .contains("# service.catalog will be redeployed: a new deployment replaces its tasks"),
        "{stdout}"
    );
    assert!(stdout.contains("Plan: 0 to add, 1 to change, 0 to replace, 0 to destroy."));
    let catalog_after = deployments(&bed, "catalog");
    assert_eq!(catalog_after.len(), 1);
    assert_ne!(
        catalog_after, catalog_before,
        "no new deployment of catalog"
    );
    assert_eq!(deployments(&bed, "ui"), ui_before, "ui was not asked for");

    // Without the flag the stack is in sync again.
    let (code, changes, _) = bed.plan_path(stack.path());
    assert_eq!((code, changes), (0, Vec::<String>::new()));
}

#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn a_saved_plan_carries_its_new_deployments() {
    let bed = TestBed::start();
    let stack = Scratch::of_example("retail-store");
    bed.apply(stack.path(), 0);
    let before = deployments(&bed, "assets");
    let file = stack.dir.join("redeploy.plan");
    let file = file.to_str().unwrap();
    let out = bed.ecsform(&[
        "plan",
        "-f",
        stack.path(),
        "--force-new-deployment",
        "assets",
        "--out",
        file,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains("Plan: 0 to add, 1 to change, 0 to replace, 0 to destroy."),
        "{}",
        text(&out)
    );
    // The flag is the saved plan's, not apply's.
    let refused = bed.ecsform(&["apply", file, "--force-new-deployment", "ui"]);
    assert_eq!(refused.status.code(), Some(1), "{}", text(&refused));
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("cannot be used with"),
        "{}",
        text(&refused)
    );
    assert_eq!(deployments(&bed, "assets"), before);

    let out = bed.ecsform(&["apply", file, "--poll-interval", "1"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let after = deployments(&bed, "assets");
    assert_eq!(after.len(), 1);
    assert_ne!(
        after, before,
        "the saved plan's apply started no deployment"
    );
}
