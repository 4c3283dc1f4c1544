//! Task definition revisions end to end against the local test bed: pruning and destroy
//! deregister only the revisions the stack registered; the family's live revision is the
//! newest the stack registered, and a service running an identical revision of it is
//! not moved; a revision registered by hand is not the stack's (undeployed: nothing to
//! do; deployed: drift of the service).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use serde_json::Value;
use support::{Scratch, TestBed, text};

const STACK: &str = r#"stack: rev
region: ${AWS_REGION}
cluster:
  clusterName: rev
taskDefinitions:
  - family: rev-web
    networkMode: awsvpc
    requiresCompatibilities: [FARGATE]
    cpu: 256
    memory: 512
    containerDefinitions:
      - name: app
        image: public.ecr.aws/docker/library/nginx:1.27
services:
  - serviceName: rev-web
    taskDefinition: rev-web
    desiredCount: 1
    launchType: FARGATE
    networkConfiguration:
      awsvpcConfiguration:
        subnets: ["${PRIVATE_SUBNET1}"]
        securityGroups: ["${UI_SG_ID}"]
"#;

fn stack_dir() -> Scratch {
    let dir = Scratch::of_example("ec2-bridge-nginx");
    std::fs::write(dir.dir.join("ecsform.yaml"), STACK).unwrap();
    dir
}

fn apply(bed: &TestBed, path: &str, extra: &[&str]) -> String {
    let mut args = vec![
        "apply",
        "-f",
        path,
        "--auto-approve",
        "--poll-interval",
        "1",
    ];
    args.extend_from_slice(extra);
    let out = bed.ecsform(&args);
    let printed = text(&out);
    assert!(
        out.status.success(),
        "{printed}\n{}",
        bed.emulator_log_tail()
    );
    printed
}

/// Registers a revision of `rev-web` with the aws CLI (as a person would), with these
/// tags (`key=k,value=v` items) and this image; its revision number.
fn register_by_hand(bed: &TestBed, image: &str, tags: &[&str]) -> i64 {
    let mut args = vec![
        "ecs".to_owned(),
        "register-task-definition".into(),
        "--family".into(),
        "rev-web".into(),
        "--network-mode".into(),
        "awsvpc".into(),
        "--requires-compatibilities".into(),
        "FARGATE".into(),
        "--cpu".into(),
        "256".into(),
        "--memory".into(),
        "512".into(),
        "--container-definitions".into(),
        format!(r#"[{{"name":"app","image":"{image}"}}]"#),
    ];
    if !tags.is_empty() {
        args.push("--tags".into());
        args.extend(tags.iter().map(|t| (*t).to_owned()));
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    bed.aws(&args)["taskDefinition"]["revision"]
        .as_i64()
        .unwrap()
}

fn status(bed: &TestBed, revision: i64) -> String {
    bed.aws(&[
        "ecs",
        "describe-task-definition",
        "--task-definition",
        &format!("rev-web:{revision}"),
    ])["taskDefinition"]["status"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn service_revision(bed: &TestBed) -> String {
    let s = bed.aws(&[
        "ecs",
        "describe-services",
        "--cluster",
        "rev",
        "--services",
        "rev-web",
    ])["services"][0]
        .clone();
    s["taskDefinition"]
        .as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_owned()
}

#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn pruning_and_destroy_deregister_only_the_stacks_own_revisions() {
    let bed = TestBed::start();
    let s = stack_dir();
    apply(&bed, s.path(), &[]);
    // Revision 1 is the stack's; 2 is made by hand, 3 by another stack, both in the
    // stack's family.
    assert_eq!(
        register_by_hand(&bed, "public.ecr.aws/docker/library/nginx:1.26", &[]),
        2
    );
    assert_eq!(
        register_by_hand(
            &bed,
            "public.ecr.aws/docker/library/nginx:1.25",
            &["key=ecsform:stack,value=other"]
        ),
        3
    );
    // The stack's newest revision is still what runs: nothing to do.
    let (code, changes, _) = bed.plan_path(s.path());
    assert_eq!(code, 0, "{changes:?}");

    s.edit("ecsform.yaml", "nginx:1.27", "nginx:1.28");
    apply(&bed, s.path(), &["--keep-revisions", "1"]);
    assert_eq!(service_revision(&bed), "rev-web:4");
    s.edit("ecsform.yaml", "nginx:1.28", "nginx:1.29");
    apply(&bed, s.path(), &["--keep-revisions", "1"]);
    assert_eq!(service_revision(&bed), "rev-web:5");

    // The stack's old revisions go, beyond the one kept; the others stay.
    assert_eq!(status(&bed, 1), "INACTIVE");
    assert_eq!(status(&bed, 4), "INACTIVE");
    assert_eq!(status(&bed, 5), "ACTIVE");
    assert_eq!(status(&bed, 2), "ACTIVE", "the hand-made revision");
    assert_eq!(status(&bed, 3), "ACTIVE", "the other stack's revision");

    let out = bed.ecsform(&[
        "destroy",
        "-f",
        s.path(),
        "--auto-approve",
        "--poll-interval",
        "1",
    ]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(status(&bed, 5), "INACTIVE");
    assert_eq!(status(&bed, 2), "ACTIVE", "the hand-made revision");
    assert_eq!(status(&bed, 3), "ACTIVE", "the other stack's revision");
}

/// Registers, as the stack would, a revision identical to the file's (what a second
/// apply running at the same time, or a retried registration, leaves).
fn register_identical_own(bed: &TestBed) -> i64 {
    register_by_hand(
        bed,
        "public.ecr.aws/docker/library/nginx:1.27",
        &["key=ecsform:stack,value=rev"],
    )
}

#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn a_service_on_an_identical_revision_of_the_stack_is_not_moved() {
    let bed = TestBed::start();
    let s = stack_dir();
    apply(&bed, s.path(), &[]);
    assert_eq!(service_revision(&bed), "rev-web:1");
    // A newer revision of the stack, identical to the file: the family's live revision
    // is now 2, the service runs 1; both are what the file says.
    assert_eq!(register_identical_own(&bed), 2);
    let (code, changes, _) = bed.plan_path(s.path());
    assert_eq!(code, 0, "{changes:?}");
    let out = bed.ecsform(&["plan", "-f", s.path()]);
    assert!(text(&out).contains("No changes."), "{}", text(&out));
    apply(&bed, s.path(), &[]);
    assert_eq!(service_revision(&bed), "rev-web:1");

    // Another change of the service keeps it on the revision it runs.
    s.edit("ecsform.yaml", "desiredCount: 1", "desiredCount: 2");
    let (_, changes, json) = bed.plan_path(s.path());
    assert_eq!(changes, ["update service.rev-web"]);
    let svc = json["resource_changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["address"] == "service.rev-web")
        .unwrap()
        .clone();
    assert_eq!(svc["after"]["taskDefinition"], "rev-web:1", "{svc}");
    apply(&bed, s.path(), &[]);
    assert_eq!(service_revision(&bed), "rev-web:1");
    let (code, changes, _) = bed.plan_path(s.path());
    assert_eq!(code, 0, "{changes:?}");
    // What apply tagged is what the next drift compares: nothing drifted.
    let out = bed.ecsform(&["drift", "-f", s.path(), "--fail-on", "any"]);
    assert!(out.status.success(), "{}", text(&out));
}

#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn two_applies_at_once_leave_nothing_to_do() {
    let bed = TestBed::start();
    let s = stack_dir();
    apply(&bed, s.path(), &[]);
    s.edit("ecsform.yaml", "nginx:1.27", "nginx:1.28");
    let args = [
        "apply",
        "-f",
        s.path(),
        "--auto-approve",
        "--poll-interval",
        "1",
    ];
    let runs: Vec<_> = (0..2)
        .map(|_| {
            let mut c = bed.ecsform_command(&args);
            std::thread::spawn(move || c.output().unwrap())
        })
        .collect();
    for out in runs {
        let out = out.join().unwrap();
        assert!(out.status.success(), "{}", text(&out));
    }
    let (code, changes, _) = bed.plan_path(s.path());
    assert_eq!(code, 0, "{changes:?}");
}

#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn a_revision_registered_by_hand_is_not_the_stacks_and_deploying_it_is_drift() {
    let bed = TestBed::start();
    let s = stack_dir();
    apply(&bed, s.path(), &[]);
    let hand = register_by_hand(&bed, "public.ecr.aws/docker/library/nginx:1.26", &[]);
    assert_eq!(hand, 2);
    // Registered, not deployed: the file matches what runs.
    let (code, changes, _) = bed.plan_path(s.path());
    assert_eq!(code, 0, "{changes:?}");
    let drift = || {
        let out = bed.ecsform(&["drift", "-f", s.path(), "--output", "json"]);
        let report: Value = serde_json::from_slice(&out.stdout).unwrap();
        let names = |key: &str| -> Vec<String> {
            report[key]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["address"].as_str().unwrap().to_owned())
                .collect()
        };
        (
            out.status.code(),
            names("drifted"),
            names("pending"),
            report,
        )
    };
    // ... but someone registered a revision the file does not describe: drift, on the
    // task definition, saying so (issue: it read as "the file changed", exit 0).
    let (code, drifted, pending, report) = drift();
    assert_eq!(
        (code, drifted, pending),
        (Some(2), vec!["task_definition.rev-web".to_owned()], vec![]),
        "{report:#}"
    );
    assert!(
        report["drifted"][0]["reason"]
            .as_str()
            .is_some_and(|w| w.contains("revision rev-web:2 was registered outside this stack")),
        "{report:#}"
    );

    // Deployed by hand: the service drifted from the revision ecsform registered.
    bed.aws(&[
        "ecs",
        "update-service",
        "--cluster",
        "rev",
        "--service",
        "rev-web",
        "--task-definition",
        "rev-web:2",
    ]);
    let (code, drifted, pending, report) = drift();
    assert_eq!(
        (code, drifted, pending),
        (Some(2), vec!["service.rev-web".to_owned()], vec![]),
        "{report:#}"
    );
    // Expected: the revision ecsform registered; why: a revision it did not register.
    let item = &report["drifted"][0];
    let td = item["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "taskDefinition")
        .unwrap_or_else(|| panic!("{item:#}"));
    assert_eq!(td["expected"], "rev-web:1", "{item:#}");
    assert!(
        item["reason"]
            .as_str()
            .is_some_and(|w| w.contains("runs rev-web:2, a revision ecsform did not register")),
        "{item:#}"
    );
    let human = text(&bed.ecsform(&["drift", "-f", s.path()]));
    assert!(
        human.contains("a revision ecsform did not register"),
        "{human}"
    );
    let out = bed.ecsform(&["plan", "-f", s.path()]);
    let printed = text(&out);
    assert!(
        printed.contains("runs rev-web:2, a revision ecsform did not register"),
        "{printed}"
    );
    let (_, changes, json) = bed.plan_path(s.path());
    assert_eq!(changes, ["update service.rev-web"], "{json:#}");

    // Apply puts the service back on the stack's revision; the hand-made one stays.
    apply(&bed, s.path(), &[]);
    assert_eq!(service_revision(&bed), "rev-web:1");
    assert_eq!(status(&bed, 2), "ACTIVE");
    let (code, changes, _) = bed.plan_path(s.path());
    assert_eq!(code, 0, "{changes:?}");
}
