//! What ECS creates for the stack (the Cloud Map service of each Service Connect
//! discovery name) is found and cleaned up when no service of the stack uses it any
//! more: after an apply stopped between the delete of an ECS service and the removal of
//! its Cloud Map services, plan shows it, drift reports it, and the next apply deletes
//! it; disabling Service Connect on a service removes its Cloud Map service at once.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use serde_json::Value;
use support::{Scratch, TestBed, text};

const CLUSTER: &str = "retail-store-ecs-cluster";
const LEFTOVER: &str = "cloud_map_service.retailstore.local/assets";

fn cloud_map_services(bed: &TestBed) -> Vec<String> {
    bed.aws(&["servicediscovery", "list-services"])["Services"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["Name"].as_str().unwrap().to_owned())
        .collect()
}

fn apply(bed: &TestBed, path: &str) -> String {
    let out = bed.ecsform(&[
        "apply",
        "-f",
        path,
        "--auto-approve",
        "--allow-delete",
        "--poll-interval",
        "1",
    ]);
    let printed = text(&out);
    assert!(
        out.status.success(),
        "{printed}\n{}",
        bed.emulator_log_tail()
    );
    printed
}

/// `drift --output json`: exit code, drifted and pending addresses.
fn drift(bed: &TestBed, path: &str) -> (Option<i32>, Vec<String>, Vec<String>) {
    let out = bed.ecsform(&["drift", "-f", path, "--output", "json"]);
    let report: Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&out)));
    let names = |key: &str| -> Vec<String> {
        report[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["address"].as_str().unwrap().to_owned())
            .collect()
    };
    (out.status.code(), names("drifted"), names("pending"))
}

#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn a_cloud_map_service_left_by_an_interrupted_service_delete_is_found_and_removed() {
    let bed = TestBed::start();
    let stack = Scratch::of_example("retail-store");
    apply(&bed, stack.path());
    assert!(cloud_map_services(&bed).contains(&"assets".to_owned()));

    // The file drops `assets`; an apply deleted the ECS service and was killed before it
    // removed the Cloud Map service ECS had made for it (and before the family went).
    stack.cut("services.yaml", "  - serviceName: assets", None);
    stack.cut(
        "task-definitions.yaml",
        "  - family: retail-store-ecs-assets",
        Some("  - family:"),
    );
    bed.aws(&[
        "ecs",
        "delete-service",
        "--cluster",
        CLUSTER,
        "--service",
        "assets",
        "--force",
    ]);
    assert!(cloud_map_services(&bed).contains(&"assets".to_owned()));

    let (code, changes, json) = bed.plan_path(stack.path());
    assert_eq!(code, 2);
    assert!(
        changes.contains(&format!("delete {LEFTOVER}")),
        "{changes:?}"
    );
    let human = text(&bed.ecsform(&["plan", "-f", stack.path()]));
    assert!(human.contains(LEFTOVER), "{human}");
    assert!(human.contains("made by ECS for Service Connect"), "{human}");
    // The leftover goes before its namespace would: the change names it.
    let leftover = json["resource_changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["address"] == LEFTOVER)
        .unwrap();
    assert_eq!(leftover["type"], "cloud_map_service", "{leftover}");

    // Drift reports it as drift (what ECS made for the stack, not a file change).
    let (code, drifted, _) = drift(&bed, stack.path());
    assert_eq!(code, Some(2));
    assert!(drifted.contains(&LEFTOVER.to_owned()), "{drifted:?}");
    let human = text(&bed.ecsform(&["drift", "-f", stack.path()]));
    assert!(human.contains(LEFTOVER), "{human}");
    assert!(human.contains("made by ECS for Service Connect"), "{human}");

    let printed = apply(&bed, stack.path());
    assert!(printed.contains(LEFTOVER), "{printed}");
    let names = cloud_map_services(&bed);
    assert!(!names.contains(&"assets".to_owned()), "{names:?}");
    assert!(names.contains(&"catalog".to_owned()), "{names:?}");
    let (code, changes, _) = bed.plan_path(stack.path());
    assert_eq!((code, changes), (0, Vec::<String>::new()));
    assert_eq!(drift(&bed, stack.path()).0, Some(0));
}

#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn disabling_service_connect_removes_the_cloud_map_service_ecs_made() {
    let bed = TestBed::start();
    let stack = Scratch::of_example("retail-store");
    apply(&bed, stack.path());
    assert!(cloud_map_services(&bed).contains(&"assets".to_owned()));

    // The assets service's Service Connect entry is the last in services.yaml.
    let path = stack.dir.join("services.yaml");
    let body = std::fs::read_to_string(&path).unwrap();
    let at = body.rfind("      enabled: true").unwrap();
    let edited = format!(
        "{}      enabled: false{}",
        &body[..at],
        &body[at + "      enabled: true".len()..]
    );
    std::fs::write(&path, edited).unwrap();
    apply(&bed, stack.path());
    let names = cloud_map_services(&bed);
    assert!(!names.contains(&"assets".to_owned()), "{names:?}");
    assert!(names.contains(&"catalog".to_owned()), "{names:?}");
    let (code, changes, _) = bed.plan_path(stack.path());
    assert_eq!((code, changes), (0, Vec::<String>::new()));
}
