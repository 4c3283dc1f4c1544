//! Ownership end to end against the local test bed: adoption needs the file's consent
//! (`lifecycle.adopt`), keeps the tags ecsform does not manage and is counted; stacks
//! share a cluster none of them owns (`lifecycle.managed: false`), and destroying one
//! leaves the others' services and the cluster alone; a plan that deletes services
//! needs `--allow-delete` when nobody confirms it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::collections::BTreeMap;

use serde_json::Value;
use support::{Scratch, TestBed, text};

/// A folder holding one stack file with this text.
fn stack_dir(yaml: &str) -> Scratch {
    let dir = Scratch::of_example("ec2-bridge-nginx");
    std::fs::write(dir.dir.join("ecsform.yaml"), yaml).unwrap();
    dir
}

fn write(dir: &Scratch, yaml: &str) {
    std::fs::write(dir.dir.join("ecsform.yaml"), yaml).unwrap();
}

/// A Fargate task definition and a service of it, as stack file entries.
fn fargate(name: &str, extra: &str) -> (String, String) {
    let td = format!(
        r#"  - family: {name}
    networkMode: awsvpc
    requiresCompatibilities: [FARGATE]
    cpu: 256
    memory: 512
    containerDefinitions:
      - name: app
        image: public.ecr.aws/docker/library/nginx:1.27
{extra}"#
    );
    let svc = format!(
        r#"  - serviceName: {name}
    taskDefinition: {name}
    desiredCount: 1
    launchType: FARGATE
    networkConfiguration:
      awsvpcConfiguration:
        subnets: ["${{PRIVATE_SUBNET1}}"]
        securityGroups: ["${{UI_SG_ID}}"]
{extra}"#
    );
    (td, svc)
}

/// A stack of Fargate services on a cluster entry.
fn stack(name: &str, cluster: &str, services: &[&str]) -> String {
    let (tds, svcs): (Vec<String>, Vec<String>) = services.iter().map(|s| fargate(s, "")).unzip();
    format!(
        "stack: {name}\nregion: ${{AWS_REGION}}\ncluster:\n{cluster}\ntaskDefinitions:\n{}services:\n{}",
        tds.concat(),
        svcs.concat()
    )
}

fn ecs_tags(v: &Value) -> BTreeMap<String, String> {
    v.as_array()
        .into_iter()
        .flatten()
        .map(|t| {
            (
                t["key"].as_str().unwrap().to_owned(),
                t["value"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

fn cluster_of(bed: &TestBed, name: &str) -> Value {
    bed.aws(&[
        "ecs",
        "describe-clusters",
        "--clusters",
        name,
        "--include",
        "TAGS",
    ])["clusters"][0]
        .clone()
}

fn service_of(bed: &TestBed, cluster: &str, name: &str) -> Value {
    bed.aws(&[
        "ecs",
        "describe-services",
        "--cluster",
        cluster,
        "--services",
        name,
        "--include",
        "TAGS",
    ])["services"][0]
        .clone()
}

fn target_group_of(bed: &TestBed, name: &str) -> (Value, BTreeMap<String, String>) {
    let tg =
        bed.aws(&["elbv2", "describe-target-groups", "--names", name])["TargetGroups"][0].clone();
    let arn = tg["TargetGroupArn"].as_str().unwrap().to_owned();
    let tags = bed.aws(&["elbv2", "describe-tags", "--resource-arns", &arn])["TagDescriptions"][0]
        ["Tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["Key"].as_str().unwrap().to_owned(),
                t["Value"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    (tg, tags)
}

fn apply(bed: &TestBed, path: &str, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "apply",
        "-f",
        path,
        "--auto-approve",
        "--poll-interval",
        "1",
    ];
    args.extend_from_slice(extra);
    bed.ecsform(&args)
}

// ---- adoption ---------------------------------------------------------------------------

const ADOPTED: &str = r#"stack: shop
region: ${AWS_REGION}
cluster:
  clusterName: shop
  tags:
    - key: team
      value: platform
CLUSTER_LIFECYCLE
taskDefinitions:
  - family: shop-web
    networkMode: awsvpc
    requiresCompatibilities: [FARGATE]
    cpu: 256
    memory: 512
    containerDefinitions:
      - name: app
        image: public.ecr.aws/docker/library/nginx:1.27
LIFECYCLE
services:
  - serviceName: shop-web
    taskDefinition: shop-web
    desiredCount: 1
    launchType: FARGATE
    networkConfiguration:
      awsvpcConfiguration:
        subnets: ["${PRIVATE_SUBNET1}"]
        securityGroups: ["${UI_SG_ID}"]
LIFECYCLE
targetGroups:
  - name: shop-web
    protocol: HTTP
    port: 80
    vpcId: ${VPC_ID}
    targetType: ip
LIFECYCLE
  - name: shop-api
    protocol: HTTP
    port: 8080
    vpcId: ${VPC_ID}
    targetType: ip
LIFECYCLE
"#;

fn adopted_stack(consent: bool) -> String {
    let lifecycle = if consent {
        "    lifecycle:\n      adopt: true"
    } else {
        ""
    };
    let cluster = if consent {
        "  lifecycle:\n    adopt: true"
    } else {
        ""
    };
    ADOPTED
        .replace("CLUSTER_LIFECYCLE\n", &format!("{cluster}\n"))
        .replace("LIFECYCLE\n", &format!("{lifecycle}\n"))
}

/// Made by hand, each with a tag of the team that made it: a cluster, a task definition,
/// a service, and two target groups (`shop-api` on port 80 where the file says 8080).
fn made_by_hand(bed: &TestBed) {
    bed.aws(&[
        "ecs",
        "create-cluster",
        "--cluster-name",
        "shop",
        "--tags",
        "key=team,value=platform",
    ]);
    bed.aws(&[
        "ecs",
        "register-task-definition",
        "--family",
        "shop-web",
        "--network-mode",
        "awsvpc",
        "--requires-compatibilities",
        "FARGATE",
        "--cpu",
        "256",
        "--memory",
        "512",
        "--container-definitions",
        r#"[{"name":"app","image":"public.ecr.aws/docker/library/nginx:1.27"}]"#,
        "--tags",
        "key=cost-center,value=42",
    ]);
    bed.aws(&[
        "ecs",
        "create-service",
        "--cluster",
        "shop",
        "--service-name",
        "shop-web",
        "--task-definition",
        "shop-web",
        "--desired-count",
        "1",
        "--launch-type",
        "FARGATE",
        "--network-configuration",
        &format!(
            "awsvpcConfiguration={{subnets=[{}],securityGroups=[{}]}}",
            bed.env["PRIVATE_SUBNET1"], bed.env["UI_SG_ID"]
        ),
        "--tags",
        "key=team,value=web",
    ]);
    for name in ["shop-web", "shop-api"] {
        bed.aws(&[
            "elbv2",
            "create-target-group",
            "--name",
            name,
            "--protocol",
            "HTTP",
            "--port",
            "80",
            "--vpc-id",
            &bed.env["VPC_ID"],
            "--target-type",
            "ip",
            "--tags",
            "Key=team,Value=web",
        ]);
    }
}

#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn adoption_needs_the_files_consent_keeps_other_tags_and_is_counted() {
    let bed = TestBed::start();
    made_by_hand(&bed);
    let dir = stack_dir(&adopted_stack(false));
    let f = dir.path();
    let before = (
        cluster_of(&bed, "shop"),
        service_of(&bed, "shop", "shop-web")["tags"].clone(),
        target_group_of(&bed, "shop-web"),
        target_group_of(&bed, "shop-api"),
    );

    // Without consent: plan and apply refuse before any write, naming every resource
    // and the entry that consents.
    for args in [
        vec!["plan", "-f", f],
        vec!["apply", "-f", f, "--auto-approve"],
    ] {
        let out = bed.ecsform(&args);
        let printed = text(&out);
        assert_eq!(out.status.code(), Some(1), "{printed}");
        assert!(printed.contains("plan::adopt_without_consent"), "{printed}");
        for address in [
            "cluster.shop",
            "task_definition.shop-web",
            "service.shop-web",
            "target_group.shop-web",
            "target_group.shop-api",
        ] {
            assert!(printed.contains(address), "{address}: {printed}");
        }
        assert!(printed.contains("lifecycle: {adopt: true}"), "{printed}");
        // The replacement of an adopted target group is named as such.
        assert!(
            printed.contains("target_group.shop-api (and replace it, forced by port: the existing one would be deleted)"),
            "{printed}"
        );
    }
    let after = (
        cluster_of(&bed, "shop"),
        service_of(&bed, "shop", "shop-web")["tags"].clone(),
        target_group_of(&bed, "shop-web"),
        target_group_of(&bed, "shop-api"),
    );
    assert_eq!(before, after, "a refused adoption changed AWS");

    // With consent: the plan adopts (and counts it), apply adopts.
    write(&dir, &adopted_stack(true));
    let out = bed.ecsform(&["plan", "-f", f]);
    let printed = text(&out);
    assert!(out.status.success(), "{printed}");
    assert!(
        printed.contains("Plan: 0 to add, 4 to change, 1 to replace, 0 to destroy; 5 to adopt."),
        "{printed}"
    );
    let out = apply(&bed, f, &[]);
    let printed = text(&out);
    assert!(out.status.success(), "{printed}");
    assert!(
        printed.contains("Apply complete: 5 done (5 adopted), 0 failed"),
        "{printed}"
    );

    // Tagged as the stack's; the tags ecsform does not manage are still there (the
    // cluster's `team` is the file's own).
    let cluster = ecs_tags(&cluster_of(&bed, "shop")["tags"]);
    assert_eq!(
        cluster.get("ecsform:stack").map(String::as_str),
        Some("shop")
    );
    assert_eq!(cluster.get("team").map(String::as_str), Some("platform"));
    let service = ecs_tags(&service_of(&bed, "shop", "shop-web")["tags"]);
    assert_eq!(
        service.get("ecsform:stack").map(String::as_str),
        Some("shop")
    );
    assert_eq!(
        service.get("team").map(String::as_str),
        Some("web"),
        "{service:?}"
    );
    let td = bed.aws(&[
        "ecs",
        "describe-task-definition",
        "--task-definition",
        "shop-web",
        "--include",
        "TAGS",
    ]);
    let td_tags = ecs_tags(&td["tags"]);
    assert_eq!(
        td_tags.get("ecsform:stack").map(String::as_str),
        Some("shop")
    );
    assert_eq!(
        td_tags.get("cost-center").map(String::as_str),
        Some("42"),
        "{td_tags:?}"
    );
    for name in ["shop-web", "shop-api"] {
        let (tg, tags) = target_group_of(&bed, name);
        assert_eq!(tags.get("ecsform:stack").map(String::as_str), Some("shop"));
        assert_eq!(
            tags.get("team").map(String::as_str),
            Some("web"),
            "{name}: {tags:?}"
        );
        if name == "shop-api" {
            assert_eq!(tg["Port"], 8080, "replaced with the file's port");
        }
    }
    let (code, changes, _) = bed.plan_path(f);
    assert_eq!(code, 0, "{changes:?}");
}

// ---- stacks that share a cluster -----------------------------------------------------------

const USED: &str = "  clusterName: shared\n  lifecycle:\n    managed: false";

fn service_status(bed: &TestBed, cluster: &str, name: &str) -> String {
    service_of(bed, cluster, name)["status"]
        .as_str()
        .unwrap_or("MISSING")
        .to_owned()
}

#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn stacks_share_a_cluster_none_of_them_owns_and_destroying_one_leaves_the_rest() {
    let bed = TestBed::start();
    bed.aws(&[
        "ecs",
        "create-cluster",
        "--cluster-name",
        "shared",
        "--tags",
        "key=team,value=platform",
    ]);
    let cluster_before = cluster_of(&bed, "shared");
    let a = stack_dir(&stack("team-a", USED, &["a-web", "a-worker"]));
    let b = stack_dir(&stack("team-b", USED, &["b-web"]));

    for s in [&a, &b] {
        let out = bed.ecsform(&["validate", "-f", s.path()]);
        assert!(out.status.success(), "{}", text(&out));
        let out = apply(&bed, s.path(), &[]);
        assert!(out.status.success(), "{}", text(&out));
    }
    for s in [&a, &b] {
        let (code, changes, _) = bed.plan_path(s.path());
        assert_eq!(code, 0, "{changes:?}");
    }
    for name in ["a-web", "a-worker", "b-web"] {
        assert_eq!(service_status(&bed, "shared", name), "ACTIVE", "{name}");
    }
    // Never tagged, never changed.
    assert_eq!(cluster_of(&bed, "shared")["tags"], cluster_before["tags"]);

    let out = bed.ecsform(&[
        "destroy",
        "-f",
        a.path(),
        "--auto-approve",
        "--poll-interval",
        "1",
    ]);
    let printed = text(&out);
    assert!(out.status.success(), "{printed}");
    assert!(!printed.contains("cluster.shared"), "{printed}");
    assert!(!printed.contains("b-web"), "{printed}");
    for name in ["a-web", "a-worker"] {
        assert_ne!(service_status(&bed, "shared", name), "ACTIVE", "{name}");
    }
    assert_eq!(service_status(&bed, "shared", "b-web"), "ACTIVE");
    let cluster = cluster_of(&bed, "shared");
    assert_eq!(cluster["status"], "ACTIVE");
    assert_eq!(cluster["tags"], cluster_before["tags"]);
    let (code, changes, _) = bed.plan_path(b.path());
    assert_eq!(code, 0, "{changes:?}");
}

#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn a_stack_uses_a_cluster_another_stack_owns_and_survives_that_stacks_destroy() {
    let bed = TestBed::start();
    let owner = stack_dir(&stack("owner", "  clusterName: shared", &["o-web"]));
    let user = stack_dir(&stack("user", USED, &["u-web"]));
    for s in [&owner, &user] {
        let out = apply(&bed, s.path(), &[]);
        assert!(out.status.success(), "{}", text(&out));
    }
    let (code, changes, _) = bed.plan_path(user.path());
    assert_eq!(code, 0, "{changes:?}");
    let tags = ecs_tags(&cluster_of(&bed, "shared")["tags"]);
    assert_eq!(tags.get("ecsform:stack").map(String::as_str), Some("owner"));

    // The owner's destroy deletes its service, and refuses to delete the cluster while
    // another stack's service runs on it (as AWS does: ClusterContainsServicesException).
    let out = bed.ecsform(&[
        "destroy",
        "-f",
        owner.path(),
        "--auto-approve",
        "--poll-interval",
        "1",
    ]);
    let printed = text(&out);
    assert_eq!(out.status.code(), Some(1), "{printed}");
    assert!(printed.contains("u-web"), "{printed}");
    assert_ne!(service_status(&bed, "shared", "o-web"), "ACTIVE");
    assert_eq!(service_status(&bed, "shared", "u-web"), "ACTIVE");
    assert_eq!(cluster_of(&bed, "shared")["status"], "ACTIVE");
    let (code, changes, _) = bed.plan_path(user.path());
    assert_eq!(code, 0, "{changes:?}");
}

#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn a_stack_without_a_cluster_or_with_a_missing_one_is_refused_before_any_write() {
    let bed = TestBed::start();
    // No `cluster:`: invalid (every service needs a cluster).
    let text_no_cluster = stack("lost", "", &["lost-web"]).replace("cluster:\n\n", "");
    let dir = stack_dir(&text_no_cluster);
    for args in [
        vec!["validate", "-f", dir.path()],
        vec!["plan", "-f", dir.path()],
    ] {
        let out = bed.ecsform(&args);
        let printed = text(&out);
        assert_eq!(out.status.code(), Some(1), "{printed}");
        assert!(printed.contains("spec::no_cluster"), "{printed}");
    }
    // A cluster the stack uses must exist: the plan says so, and apply creates nothing.
    let dir = stack_dir(&stack("lost", USED, &["lost-web"]));
    let out = apply(&bed, dir.path(), &[]);
    let printed = text(&out);
    assert_eq!(out.status.code(), Some(1), "{printed}");
    assert!(printed.contains("plan::missing_cluster"), "{printed}");
    let families = bed.aws(&["ecs", "list-task-definition-families"]);
    assert_eq!(families["families"], serde_json::json!([]));
}

// ---- the delete guard ----------------------------------------------------------------------

#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn deleting_services_without_a_prompt_needs_allow_delete() {
    let bed = TestBed::start();
    let dir = stack_dir(&stack(
        "guarded",
        "  clusterName: guarded",
        &["g-web", "g-worker"],
    ));
    let out = apply(&bed, dir.path(), &[]);
    assert!(out.status.success(), "{}", text(&out));

    // g-worker dropped from the file (a moved file, a bad merge): refused without the flag.
    write(
        &dir,
        &stack("guarded", "  clusterName: guarded", &["g-web"]),
    );
    let out = apply(&bed, dir.path(), &[]);
    let printed = text(&out);
    assert_eq!(out.status.code(), Some(1), "{printed}");
    assert!(printed.contains("apply::unconfirmed_delete"), "{printed}");
    assert!(printed.contains("service.g-worker"), "{printed}");
    assert!(printed.contains("--allow-delete"), "{printed}");
    assert_eq!(service_status(&bed, "guarded", "g-worker"), "ACTIVE");

    // On a terminal, the question says what goes; "no" changes nothing.
    let line = format!(
        "{} apply -f {} --poll-interval 1",
        env!("CARGO_BIN_EXE_ecsform"),
        dir.path()
    );
    let mut child = bed
        .program("script")
        .args(["-qec", &line, "/dev/null"])
        .env("TERM", "dumb")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("`script` (util-linux) runs a command on a pseudo-terminal");
    {
        use std::io::Write;
        child.stdin.take().unwrap().write_all(b"no\n").unwrap();
    }
    let out = child.wait_with_output().unwrap();
    let printed = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(out.status.code(), Some(1), "{printed}");
    assert!(
        printed.contains("This deletes 1 service (service.g-worker)"),
        "{printed}"
    );
    assert_eq!(service_status(&bed, "guarded", "g-worker"), "ACTIVE");

    // With the flag it goes.
    let out = apply(&bed, dir.path(), &["--allow-delete"]);
    assert!(out.status.success(), "{}", text(&out));
    assert_ne!(service_status(&bed, "guarded", "g-worker"), "ACTIVE");
    assert_eq!(service_status(&bed, "guarded", "g-web"), "ACTIVE");
    let (code, changes, _) = bed.plan_path(dir.path());
    assert_eq!(code, 0, "{changes:?}");
}
