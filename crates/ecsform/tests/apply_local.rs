//! `ecsform apply` and `destroy` end to end against the local test bed, each checked
//! independently with the aws CLI, and then by the next plan saying "No changes".

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use serde_json::Value;
use support::{FaultProxy, Scratch, TestBed};

const CLUSTER: &str = "retail-store-ecs-cluster";

fn services(bed: &TestBed, names: &[&str]) -> Vec<Value> {
    let mut args = vec![
        "ecs",
        "describe-services",
        "--cluster",
        CLUSTER,
        "--services",
    ];
    args.extend_from_slice(names);
    bed.aws(&args)["services"].as_array().unwrap().clone()
}

fn service(bed: &TestBed, name: &str) -> Value {
    services(bed, &[name]).into_iter().next().unwrap()
}

fn assert_converged(bed: &TestBed, path: &str) {
    let (code, changes, _) = bed.plan_path(path);
    assert_eq!(
        (code, changes),
        (0, Vec::<String>::new()),
        "the plan after apply is not empty"
    );
}

/// The id part of an ELB ARN (`.../app/<name>/<id>` -> `<name>/<id>`).
fn arn_tail<'a>(arn: &'a str, marker: &str) -> &'a str {
    arn.split_once(marker).unwrap().1
}

fn target_group(bed: &TestBed, name: &str) -> Option<Value> {
    let out = bed.aws(&["elbv2", "describe-target-groups"]);
    out["TargetGroups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["TargetGroupName"] == name)
        .cloned()
}

#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn apply_builds_the_retail_store_from_nothing_and_the_next_plan_is_empty() {
    let bed = TestBed::start();
    let stderr = bed.apply("examples/retail-store", 0);
    assert!(
        stderr.contains("Apply complete: 13 done, 0 failed"),
        "{stderr}"
    );

    // Three ACTIVE services with their Service Connect configuration.
    let all = services(&bed, &["ui", "catalog", "assets"]);
    assert_eq!(all.len(), 3);
    for s in &all {
        assert_eq!(s["status"], "ACTIVE", "{s}");
        let sc = &s["deployments"][0]["serviceConnectConfiguration"];
        assert_eq!(sc["enabled"], true, "{s}");
        assert_eq!(sc["services"][0]["discoveryName"], s["serviceName"], "{s}");
    }
    // ui on Fargate behind ui-application, attached to the ALB by an HTTP:80 listener.
    let ui = service(&bed, "ui");
    assert_eq!(ui["launchType"], "FARGATE");
    assert_eq!(ui["enableExecuteCommand"], true);
    let tg = target_group(&bed, "ui-application").unwrap();
    let tg_arn = tg["TargetGroupArn"].as_str().unwrap();
    assert_eq!(ui["loadBalancers"][0]["targetGroupArn"], tg_arn);
    assert_eq!(ui["loadBalancers"][0]["containerPort"], 8080);
    assert_eq!(tg["Port"], 8080);
    assert_eq!(tg["HealthCheckPath"], "/actuator/health");
    let lb = &bed.aws(&[
        "elbv2",
        "describe-load-balancers",
        "--names",
        "retail-store-ecs-ui",
    ])["LoadBalancers"][0];
    let lb_arn = lb["LoadBalancerArn"].as_str().unwrap();
    assert_eq!(tg["LoadBalancerArns"][0], lb_arn);
    let listeners = bed.aws(&["elbv2", "describe-listeners", "--load-balancer-arn", lb_arn]);
    let l = &listeners["Listeners"][0];
    assert_eq!(
        (l["Port"].as_i64(), l["Protocol"].as_str()),
        (Some(80), Some("HTTP"))
    );
    assert_eq!(l["DefaultActions"][0]["TargetGroupArn"], tg_arn);
    // Scalable target 2..10 and the request-count policy with its resource label.
    let targets = bed.aws(&[
        "application-autoscaling",
        "describe-scalable-targets",
        "--service-namespace",
        "ecs",
    ]);
    let t = &targets["ScalableTargets"][0];
    assert_eq!(t["ResourceId"], format!("service/{CLUSTER}/ui"));
    assert_eq!(
        (t["MinCapacity"].as_i64(), t["MaxCapacity"].as_i64()),
        (Some(2), Some(10))
    );
    let policies = bed.aws(&[
        "application-autoscaling",
        "describe-scaling-policies",
        "--service-namespace",
        "ecs",
    ]);
    let p = &policies["ScalingPolicies"][0];
    assert_eq!(p["PolicyName"], "ui-scaling-policy");
    let cfg = &p["TargetTrackingScalingPolicyConfiguration"];
    assert_eq!(cfg["TargetValue"].as_f64(), Some(1500.0));
    assert_eq!(
        cfg["PredefinedMetricSpecification"]["ResourceLabel"],
        format!(
            "{}/targetgroup/{}",
            arn_tail(lb_arn, ":loadbalancer/"),
            arn_tail(tg_arn, ":targetgroup/")
        )
    );
    assert!(
        cfg["PredefinedMetricSpecification"]["ResourceLabel"]
            .as_str()
            .unwrap()
            .starts_with("app/retail-store-ecs-ui/")
    );
    // Everything carries the stack's tag.
    let tags = bed.aws(&[
        "ecs",
        "list-tags-for-resource",
        "--resource-arn",
        ui["serviceArn"].as_str().unwrap(),
    ]);
    assert!(
        tags["tags"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["key"] == "ecsform:stack" && t["value"] == "retail-store"),
        "{tags}"
    );
    assert_converged(&bed, "examples/retail-store");
}

#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn apply_builds_the_other_examples_and_the_next_plans_are_empty() {
    let bed = TestBed::start();
    for example in ["service-connect-nginx", "ec2-bridge-nginx"] {
        let path = format!("examples/{example}");
        let stderr = bed.apply(&path, 0);
        assert!(stderr.contains("Apply complete"), "{stderr}");
        assert_converged(&bed, &path);
    }
}

#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn the_workshops_updates_each_register_one_revision_and_update_one_service() {
    let bed = TestBed::start();
    let stack = Scratch::of_example("retail-store");
    bed.apply(stack.path(), 0);

    let step = |what: &str, expected: &[&str], revision: u32| {
        let (code, changes, _) = bed.plan_path(stack.path());
        assert_eq!(code, 2, "{what}");
        assert_eq!(changes, expected, "{what}");
        bed.apply(stack.path(), 0);
        let ui = service(&bed, "ui");
        assert!(
            ui["taskDefinition"]
                .as_str()
                .unwrap()
                .ends_with(&format!("retail-store-ecs-ui:{revision}")),
            "{what}: {ui}"
        );
        assert_converged(&bed, stack.path());
    };
    let container_env = |vars: &[(&str, &str)]| {
        let mut s = String::from("        environment:\n");
        for (k, v) in vars {
            s.push_str(&format!(
                "          - name: {k}\n            value: \"{v}\"\n"
            ));
        }
        s.push_str("        logConfiguration:");
        s
    };

    stack.edit(
        "task-definitions.yaml",
        "        logConfiguration:",
        &container_env(&[("RETAIL_UI_BANNER", "We've updated the UI service!")]),
    );
    step(
        "the banner",
        &[
            "update task_definition.retail-store-ecs-ui",
            "update service.ui",
        ],
        2,
    );
    let td = bed.aws(&[
        "ecs",
        "describe-task-definition",
        "--task-definition",
        "retail-store-ecs-ui",
    ]);
    assert_eq!(
        td["taskDefinition"]["containerDefinitions"][0]["environment"],
        serde_json::json!([{"name": "RETAIL_UI_BANNER", "value": "We've updated the UI service!"}])
    );

    stack.edit(
        "task-definitions.yaml",
        "          - name: RETAIL_UI_BANNER\n            value: \"We've updated the UI service!\"\n",
        "          - name: ENDPOINTS_CATALOG\n            value: \"http://catalog\"\n          - name: ENDPOINTS_ASSETS\n            value: \"http://assets\"\n",
    );
    step(
        "the Service Connect endpoints",
        &[
            "update task_definition.retail-store-ecs-ui",
            "update service.ui",
        ],
        3,
    );

    stack.edit(
        "services.yaml",
        "enableExecuteCommand: true",
        "enableExecuteCommand: false",
    );
    step("ECS Exec off", &["update service.ui"], 3);
    assert_eq!(service(&bed, "ui")["enableExecuteCommand"], false);

    // Old revisions stay (fewer than the kept count), all ACTIVE.
    let revisions = bed.aws(&[
        "ecs",
        "list-task-definitions",
        "--family-prefix",
        "retail-store-ecs-ui",
        "--status",
        "ACTIVE",
    ]);
    assert_eq!(revisions["taskDefinitionArns"].as_array().unwrap().len(), 3);
}

#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn removing_assets_from_the_file_deletes_it_in_order_cloud_map_included() {
    let bed = TestBed::start();
    let stack = Scratch::of_example("retail-store");
    bed.apply(stack.path(), 0);
    let cloud_map_services = || -> Vec<String> {
        bed.aws(&["servicediscovery", "list-services"])["Services"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["Name"].as_str().unwrap().to_owned())
            .collect()
    };
    assert!(cloud_map_services().contains(&"assets".to_owned()));

    stack.cut("services.yaml", "  - serviceName: assets", None);
    stack.cut(
        "task-definitions.yaml",
        "  - family: retail-store-ecs-assets",
        Some("  - family:"),
    );
    let (code, changes, _) = bed.plan_path(stack.path());
    assert_eq!(code, 2);
    assert_eq!(
        changes,
        [
            "delete service.assets",
            "delete task_definition.retail-store-ecs-assets"
        ]
    );
    // Deleting a service without a prompt takes --allow-delete (ownership_local tests the
    // refusal without it).
    let out = bed.ecsform(&[
        "apply",
        "-f",
        stack.path(),
        "--auto-approve",
        "--allow-delete",
        "--poll-interval",
        "1",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    let service_gone = stderr.find("service.assets: deleted").unwrap();
    let family_goes = stderr
        .find("task_definition.retail-store-ecs-assets: deleting")
        .unwrap();
    assert!(service_gone < family_goes, "{stderr}");

    let assets = services(&bed, &["assets"]);
    assert!(
        assets.iter().all(|s| s["status"] == "INACTIVE"),
        "{assets:?}"
    );
    let active = bed.aws(&[
        "ecs",
        "list-task-definitions",
        "--family-prefix",
        "retail-store-ecs-assets",
        "--status",
        "ACTIVE",
    ]);
    assert_eq!(active["taskDefinitionArns"], serde_json::json!([]));
    let names = cloud_map_services();
    assert!(!names.contains(&"assets".to_owned()), "{names:?}");
    assert!(names.contains(&"catalog".to_owned()), "{names:?}");
    assert_converged(&bed, stack.path());
}

#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn a_target_group_port_change_replaces_it_without_leaving_ui_without_one() {
    let bed = TestBed::start();
    let stack = Scratch::of_example("retail-store");
    bed.apply(stack.path(), 0);
    let old_arn = target_group(&bed, "ui-application").unwrap()["TargetGroupArn"]
        .as_str()
        .unwrap()
        .to_owned();

    stack.edit("load-balancing.yaml", "    port: 8080", "    port: 8081");
    let (code, changes, _) = bed.plan_path(stack.path());
    assert_eq!(code, 2);
    assert_eq!(changes, ["create,delete target_group.ui-application"]);
    let out = bed.ecsform_env(
        &[
            "apply",
            "-f",
            stack.path(),
            "--auto-approve",
            "--poll-interval",
            "1",
        ],
        &[("ECSFORM_LOG", "ecsform::aws=debug")],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");

    // The order of the calls: the new group exists and carries the listener and the
    // service before the old one goes.
    let at = |call: &str| {
        stderr
            .find(&format!("call {call}"))
            .unwrap_or_else(|| panic!("no {call} in:\n{stderr}"))
    };
    assert!(
        at("Elastic Load Balancing v2:CreateTargetGroup")
            < at("Elastic Load Balancing v2:ModifyListener"),
        "{stderr}"
    );
    assert!(
        at("Elastic Load Balancing v2:ModifyListener") < at("ECS:UpdateService"),
        "{stderr}"
    );
    assert!(
        at("ECS:UpdateService") < at("Elastic Load Balancing v2:DeleteTargetGroup"),
        "{stderr}"
    );

    let tg = target_group(&bed, "ui-application").unwrap();
    let new_arn = tg["TargetGroupArn"].as_str().unwrap();
    assert_ne!(new_arn, old_arn);
    assert_eq!(tg["Port"], 8081);
    let all: Vec<String> = bed.aws(&["elbv2", "describe-target-groups"])["TargetGroups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["TargetGroupName"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(all, ["ui-application"], "no temporary group is left");
    assert_eq!(
        service(&bed, "ui")["loadBalancers"][0]["targetGroupArn"],
        new_arn
    );
    assert_converged(&bed, stack.path());
}

#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn a_stale_saved_plan_is_refused_and_a_fresh_one_applies() {
    let bed = TestBed::start();
    let stack = Scratch::of_example("retail-store");
    bed.apply(stack.path(), 0);
    stack.edit(
        "services.yaml",
        "taskDefinition: retail-store-ecs-catalog\n    desiredCount: 1",
        "taskDefinition: retail-store-ecs-catalog\n    desiredCount: 2",
    );
    let saved = stack.dir.join("plan.json");
    let saved = saved.to_str().unwrap();
    let out = bed.ecsform(&["plan", "-f", stack.path(), "--out", saved]);
    assert_eq!(out.status.code(), Some(0));

    // Someone scales catalog by hand after the plan was made.
    bed.aws(&[
        "ecs",
        "update-service",
        "--cluster",
        CLUSTER,
        "--service",
        "catalog",
        "--desired-count",
        "3",
    ]);
    let out = bed.ecsform(&["apply", saved]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("stale"), "{stderr}");
    assert!(
        stderr.contains("service.catalog changed in AWS since the plan: desiredCount"),
        "{stderr}"
    );
    assert_eq!(
        service(&bed, "catalog")["desiredCount"],
        3,
        "nothing was changed"
    );

    let out = bed.ecsform(&["plan", "-f", stack.path(), "--out", saved, "--force"]);
    assert_eq!(out.status.code(), Some(0));
    let out = bed.ecsform(&["apply", saved, "--poll-interval", "1"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("Apply complete: 1 done"), "{stderr}");
    assert_eq!(service(&bed, "catalog")["desiredCount"], 2);
    assert_converged(&bed, stack.path());
}

#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn destroy_removes_everything_the_stack_owns_and_nothing_else() {
    let bed = TestBed::start();
    bed.apply("examples/retail-store", 0);
    // Untagged neighbours: a target group, a task definition, a namespace.
    bed.aws(&[
        "elbv2",
        "create-target-group",
        "--name",
        "not-ours",
        "--protocol",
        "HTTP",
        "--port",
        "80",
        "--vpc-id",
        &bed.env["VPC_ID"],
        "--target-type",
        "ip",
    ]);
    bed.aws(&[
        "ecs",
        "register-task-definition",
        "--family",
        "not-ours",
        "--container-definitions",
        r#"[{"name":"app","image":"nginx","memory":128}]"#,
    ]);
    bed.aws(&[
        "servicediscovery",
        "create-http-namespace",
        "--name",
        "not-ours.local",
    ]);

    // Without a terminal and without --auto-approve, destroy refuses before any call.
    let out = bed.ecsform(&["destroy", "-f", "examples/retail-store"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--auto-approve"));

    let out = bed.ecsform(&[
        "destroy",
        "-f",
        "examples/retail-store",
        "--auto-approve",
        "--poll-interval",
        "1",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    // destroy speaks of destroying: its plan says why each resource goes, its summary
    // what was destroyed.
    assert!(
        stderr.contains("Destroy complete: 13 destroyed, 0 failed"),
        "{stderr}"
    );
    assert!(!stderr.contains("Apply complete"), "{stderr}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("  # service.ui will be destroyed\n  # (tagged ecsform:stack=retail-store: destroy deletes what the stack owns)\n"),
        "{stdout}"
    );
    assert!(!stdout.contains("no longer in the file"), "{stdout}");

    // Nothing of the stack is left...
    let clusters = bed.aws(&["ecs", "describe-clusters", "--clusters", CLUSTER]);
    assert!(
        clusters["clusters"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["status"] == "INACTIVE"),
        "{clusters}"
    );
    let tgs: Vec<String> = bed.aws(&["elbv2", "describe-target-groups"])["TargetGroups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["TargetGroupName"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(tgs, ["not-ours"]);
    assert_eq!(
        bed.aws(&["elbv2", "describe-load-balancers"])["LoadBalancers"],
        serde_json::json!([])
    );
    for family in [
        "retail-store-ecs-ui",
        "retail-store-ecs-catalog",
        "retail-store-ecs-assets",
    ] {
        let active = bed.aws(&[
            "ecs",
            "list-task-definitions",
            "--family-prefix",
            family,
            "--status",
            "ACTIVE",
        ]);
        assert_eq!(
            active["taskDefinitionArns"],
            serde_json::json!([]),
            "{family}"
        );
    }
    let namespaces: Vec<String> = bed.aws(&["servicediscovery", "list-namespaces"])["Namespaces"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["Name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(namespaces, ["not-ours.local"]);
    assert_eq!(
        bed.aws(&[
            "application-autoscaling",
            "describe-scalable-targets",
            "--service-namespace",
            "ecs"
        ])["ScalableTargets"],
        serde_json::json!([])
    );
    // ...and the untagged task definition is untouched.
    let other = bed.aws(&[
        "ecs",
        "describe-task-definition",
        "--task-definition",
        "not-ours",
    ]);
    assert_eq!(other["taskDefinition"]["status"], "ACTIVE");
    // The file plans as new again.
    let (code, changes, _) = bed.plan("retail-store");
    assert_eq!(code, 2);
    assert!(
        changes.iter().all(|c| c.starts_with("create ")),
        "{changes:?}"
    );
}

#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn a_failure_mid_apply_skips_its_dependants_and_a_rerun_converges() {
    let bed = TestBed::start();
    let proxy = FaultProxy::start(bed.port, "Action=CreateTargetGroup", 1);
    let endpoint = proxy.endpoint();
    let stderr = bed.apply_env(
        "examples/retail-store",
        1,
        &[("AWS_ENDPOINT_URL", &endpoint)],
    );
    assert_eq!(proxy.injected.load(std::sync::atomic::Ordering::SeqCst), 1);
    assert!(
        stderr.contains("Apply failed: 8 done, 1 failed, 4 skipped, 0 not started."),
        "{stderr}"
    );
    assert!(
        stderr.contains("failed   target_group.ui-application: elasticloadbalancing:CreateTargetGroup answered AccessDenied: injected by the test's fault proxy"),
        "{stderr}"
    );
    for skipped in [
        "listener.retail-store-ecs-ui:80",
        "service.ui",
        "scalable_target.ui",
        "scaling_policy.ui/ui-scaling-policy",
    ] {
        assert!(
            stderr.contains(&format!(
                "skipped  {skipped} (depends on target_group.ui-application)"
            )),
            "{skipped}: {stderr}"
        );
    }
    // The independent part was done.
    let done = services(&bed, &["catalog", "assets"]);
    assert!(done.iter().all(|s| s["status"] == "ACTIVE"), "{done:?}");
    assert!(target_group(&bed, "ui-application").is_none());

    // Re-running (no fault now) finishes the job.
    let stderr = bed.apply("examples/retail-store", 0);
    assert!(
        stderr.contains("Apply complete: 5 done, 0 failed"),
        "{stderr}"
    );
    assert_converged(&bed, "examples/retail-store");
}

#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn ctrl_c_starts_nothing_new_lets_running_calls_finish_and_reports() {
    let bed = TestBed::start();
    // Every call takes 150 ms, so the apply is still running when Ctrl-C comes.
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
    // Wait until the first changes have started, then interrupt once.
    let mut stderr = child.stderr.take().unwrap();
    let mut seen = String::new();
    let mut buf = [0u8; 4096];
    while !seen.contains("cluster.retail-store-ecs-cluster: created") {
        use std::io::Read;
        let n = stderr.read(&mut buf).unwrap();
        assert!(n > 0, "apply ended early:\n{seen}");
        seen.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
    let killed = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let mut rest = String::new();
    {
        use std::io::Read;
        stderr.read_to_string(&mut rest).unwrap();
    }
    let status = child.wait().unwrap();
    let all = format!("{seen}{rest}");
    assert_eq!(status.code(), Some(130), "{all}");
    assert!(all.contains("Interrupted: no new change starts"), "{all}");
    assert!(all.contains("Apply interrupted: "), "{all}");
    assert!(all.contains("not started  service.ui"), "{all}");
    assert!(
        all.contains("Running apply again continues from here"),
        "{all}"
    );
    // Nothing started after the interrupt is half-done: a re-run converges.
    drop(proxy);
    bed.apply("examples/retail-store", 0);
    assert_converged(&bed, "examples/retail-store");
}

#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn after_apply_drift_is_clean_and_a_hand_change_is_drift_not_pending() {
    let bed = TestBed::start();
    let stack = Scratch::of_example("retail-store");
    bed.apply(stack.path(), 0);
    let drift = |fail_on: &str| {
        let out = bed.ecsform(&[
            "drift",
            "-f",
            stack.path(),
            "--output",
            "json",
            "--fail-on",
            fail_on,
        ]);
        let report: Value = serde_json::from_slice(&out.stdout).unwrap();
        let names = |key: &str| -> Vec<String> {
            report[key]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["address"].as_str().unwrap().to_owned())
                .collect()
        };
        (out.status.code(), names("drifted"), names("pending"))
    };
    // The hash apply wrote is the hash of what the next plan wants (the services'
    // revisions were only known once registered).
    assert_eq!(drift("drift"), (Some(0), vec![], vec![]));

    // A change in the file only is pending, not drift (the hash ignores key order: the
    // file leaves defaults out that normalization appends, AWS returns them in place).
    stack.edit(
        "load-balancing.yaml",
        "healthCheckIntervalSeconds: 10",
        "healthCheckIntervalSeconds: 15",
    );
    stack.edit("services.yaml", "desiredCount: 1", "desiredCount: 2");
    let pending = vec![
        "target_group.ui-application".to_owned(),
        "service.catalog".to_owned(),
    ];
    assert_eq!(drift("drift"), (Some(0), vec![], pending.clone()));
    assert_eq!(drift("pending"), (Some(2), vec![], pending.clone()));

    bed.aws(&[
        "ecs",
        "update-service",
        "--cluster",
        CLUSTER,
        "--service",
        "assets",
        "--desired-count",
        "4",
    ]);
    assert_eq!(
        drift("drift"),
        (Some(2), vec!["service.assets".to_owned()], pending.clone())
    );

    // Autoscaling resources too, though policies have no tags (their hashes are tags of
    // the scalable target): a policy changed in the file is pending, a scalable target
    // changed by hand is drift. (Both read as drifted and pending when they took the
    // service's hash.)
    stack.edit("services.yaml", "targetValue: 1500", "targetValue: 1000");
    bed.aws(&[
        "application-autoscaling",
        "register-scalable-target",
        "--service-namespace",
        "ecs",
        "--scalable-dimension",
        "ecs:service:DesiredCount",
        "--resource-id",
        &format!("service/{CLUSTER}/ui"),
        "--min-capacity",
        "2",
        "--max-capacity",
        "12",
    ]);
    let mut pending = pending;
    pending.push("scaling_policy.ui/ui-scaling-policy".to_owned());
    let (code, mut drifted, mut pending_now) = drift("drift");
    drifted.sort();
    pending_now.sort();
    pending.sort();
    assert_eq!(
        (code, drifted, pending_now),
        (
            Some(2),
            vec!["scalable_target.ui".to_owned(), "service.assets".to_owned()],
            pending
        )
    );
    // Applied, everything is in sync again (the policy's new hash recorded).
    bed.apply(stack.path(), 0);
    assert_eq!(drift("any"), (Some(0), vec![], vec![]));
}

#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn on_a_terminal_apply_shows_the_plan_asks_and_only_yes_applies() {
    let bed = TestBed::start();
    // `script` (util-linux) runs ecsform on a pseudo-terminal, as a person would.
    let on_tty = |answer: &str, term: &str| {
        let line = format!(
            "{} apply -f examples/ec2-bridge-nginx --poll-interval 1",
            env!("CARGO_BIN_EXE_ecsform")
        );
        let mut child = bed
            .program("script")
            .args(["-qec", &line, "/dev/null"])
            .env("TERM", term)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("`script` (util-linux) runs a command on a pseudo-terminal");
        {
            use std::io::Write;
            child
                .stdin
                .take()
                .unwrap()
                .write_all(answer.as_bytes())
                .unwrap();
        }
        let out = child.wait_with_output().unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )
    };
    let (code, text) = on_tty("no\n", "dumb");
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("Plan: 3 to add"), "{text}");
    assert!(
        text.contains("Apply these changes? Only 'yes' will be accepted:"),
        "{text}"
    );
    assert!(text.contains("Cancelled: nothing was changed."), "{text}");
    let clusters = bed.aws(&["ecs", "list-clusters"]);
    assert_eq!(
        clusters["clusterArns"],
        serde_json::json!([]),
        "nothing was created"
    );

    let (code, text) = on_tty("yes\n", "xterm-256color");
    assert_eq!(code, Some(0), "{text}");
    // The live display: a line per running change, then its result.
    assert!(text.contains("service.nginx: creating"), "{text}");
    assert!(text.contains("service.nginx: created"), "{text}");
    assert!(text.contains("Apply complete: 3 done"), "{text}");
    assert_converged(&bed, "examples/ec2-bridge-nginx");
}

#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn old_revisions_beyond_the_kept_count_go_but_never_one_a_service_runs() {
    let bed = TestBed::start();
    let stack = Scratch::of_example("retail-store");
    let apply_keeping_one = || {
        let out = bed.ecsform(&[
            "apply",
            "-f",
            stack.path(),
            "--auto-approve",
            "--poll-interval",
            "1",
            "--keep-revisions",
            "1",
        ]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let active = || -> Vec<String> {
        bed.aws(&[
            "ecs",
            "list-task-definitions",
            "--family-prefix",
            "retail-store-ecs-ui",
            "--status",
            "ACTIVE",
        ])["taskDefinitionArns"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap().rsplit(':').next().unwrap().to_owned())
            .collect()
    };
    apply_keeping_one();
    let banner = |text: &str| {
        format!(
            "        environment:\n          - name: RETAIL_UI_BANNER\n            value: \"{text}\"\n        logConfiguration:"
        )
    };
    stack.edit(
        "task-definitions.yaml",
        "        logConfiguration:",
        &banner("one"),
    );
    apply_keeping_one();
    // Revision 1 was beyond the kept count, but ui still ran it when 2 was registered:
    // it was kept then, and deregistered once ui had moved to 2.
    assert_eq!(active(), ["2"]);
    stack.edit("task-definitions.yaml", "value: \"one\"", "value: \"two\"");
    apply_keeping_one();
    assert_eq!(active(), ["3"]);
    assert_converged(&bed, stack.path());
}

#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn prevent_destroy_blocks_a_destroy_and_nothing_is_deleted() {
    let bed = TestBed::start();
    let stack = Scratch::of_example("retail-store");
    stack.edit(
        "stack.yaml",
        "    description: Service Connect namespace of the retail store",
        "    description: Service Connect namespace of the retail store\n    lifecycle:\n      preventDestroy: true",
    );
    bed.apply(stack.path(), 0);
    let out = bed.ecsform(&["destroy", "-f", stack.path(), "--auto-approve"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "namespace.retailstore.local has lifecycle.preventDestroy, but the plan would delete it"
        ),
        "{stderr}"
    );
    assert_eq!(services(&bed, &["ui", "catalog", "assets"]).len(), 3);
    assert!(
        services(&bed, &["ui", "catalog", "assets"])
            .iter()
            .all(|s| s["status"] == "ACTIVE")
    );
    assert_converged(&bed, stack.path());
}

#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn a_service_on_the_clusters_default_capacity_provider_strategy_converges() {
    let bed = TestBed::start();
    let stack = Scratch::of_example("service-connect-nginx");
    let file = "ecsform.yaml";
    stack.edit(
        file,
        "  serviceConnectDefaults:",
        "  capacityProviders: [FARGATE, FARGATE_SPOT]\n  defaultCapacityProviderStrategy:\n    - capacityProvider: FARGATE\n      weight: 1\n  serviceConnectDefaults:",
    );
    // Neither a launch type nor a strategy: the service runs on the cluster's default,
    // which AWS reports as the service's strategy (every plan showed it as a change).
    stack.edit(file, "    launchType: FARGATE\n", "");
    let strategy = || {
        bed.aws(&[
            "ecs",
            "describe-services",
            "--cluster",
            "tutorial",
            "--services",
            "service-connect-nginx-service",
        ])["services"][0]["capacityProviderStrategy"]
            .clone()
    };
    let apply_and_expect = |want: Value| {
        bed.apply(stack.path(), 0);
        assert_eq!(strategy(), want);
        assert_converged(&bed, stack.path());
    };
    apply_and_expect(serde_json::json!([{"capacityProvider": "FARGATE", "weight": 1, "base": 0}]));
    // A strategy of its own: AWS refuses the change without a new deployment, which
    // apply forces.
    stack.edit(
        file,
        "    platformVersion: LATEST\n",
        "    platformVersion: LATEST\n    capacityProviderStrategy:\n      - capacityProvider: FARGATE_SPOT\n        weight: 1\n",
    );
    apply_and_expect(
        serde_json::json!([{"capacityProvider": "FARGATE_SPOT", "weight": 1, "base": 0}]),
    );
    // Back to the cluster's default, which changes too: the service is given the new
    // default (AWS would keep it on its old strategy otherwise).
    stack.edit(
        file,
        "    capacityProviderStrategy:\n      - capacityProvider: FARGATE_SPOT\n        weight: 1\n",
        "",
    );
    stack.edit(
        file,
        "    - capacityProvider: FARGATE\n      weight: 1\n",
        "    - capacityProvider: FARGATE_SPOT\n      weight: 3\n      base: 1\n",
    );
    let (code, changes, _) = bed.plan_path(stack.path());
    assert_eq!(code, 2, "{changes:?}");
    assert!(
        changes
            .iter()
            .any(|c| c.contains("service.service-connect-nginx-service")),
        "{changes:?}"
    );
    apply_and_expect(
        serde_json::json!([{"capacityProvider": "FARGATE_SPOT", "weight": 3, "base": 1}]),
    );
}

#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn monitoring_is_applied_read_back_from_the_service_revision_and_removed() {
    let bed = TestBed::start();
    let stack = Scratch::of_example("service-connect-nginx");
    let file = "ecsform.yaml";
    let revision = || {
        let svc = bed.aws(&[
            "ecs",
            "describe-services",
            "--cluster",
            "tutorial",
            "--services",
            "service-connect-nginx-service",
        ])["services"][0]
            .clone();
        let arn = svc["currentServiceRevisions"][0]["arn"]
            .as_str()
            .unwrap()
            .to_owned();
        bed.aws(&[
            "ecs",
            "describe-service-revisions",
            "--service-revision-arns",
            &arn,
        ])["serviceRevisions"][0]
            .clone()
    };
    stack.edit(
        file,
        "    platformVersion: LATEST\n",
        "    platformVersion: LATEST\n    monitoring:\n      metricConfigurations:\n        - metricNames: [CPUUtilization]\n          resolutionSeconds: 20\n",
    );
    bed.apply(stack.path(), 0);
    assert_eq!(
        revision()["monitoring"],
        serde_json::json!({"metricConfigurations": [{"metricNames": ["CPUUtilization"], "resolutionSeconds": 20}]})
    );
    // DescribeServices does not return it: before the plan read the service revision,
    // every plan showed it as a change.
    assert_converged(&bed, stack.path());
    stack.edit(
        file,
        "metricNames: [CPUUtilization]",
        "metricNames: [MemoryUtilization, CPUUtilization]",
    );
    let (code, changes, _) = bed.plan_path(stack.path());
    assert_eq!(
        (code, changes),
        (
            2,
            vec!["update service.service-connect-nginx-service".to_owned()]
        )
    );
    bed.apply(stack.path(), 0);
    assert_eq!(
        revision()["monitoring"]["metricConfigurations"][0]["metricNames"],
        serde_json::json!(["MemoryUtilization", "CPUUtilization"])
    );
    assert_converged(&bed, stack.path());
    // Removed from the file: back to AWS's default (no metric configurations).
    stack.cut(
        file,
        "    monitoring:\n",
        Some("    deploymentConfiguration:"),
    );
    let (code, _, _) = bed.plan_path(stack.path());
    assert_eq!(code, 2);
    bed.apply(stack.path(), 0);
    assert_eq!(
        revision()["monitoring"],
        serde_json::json!({"metricConfigurations": []})
    );
    assert_converged(&bed, stack.path());
}

/// A service behind a load balancer, deployed blue/green by CodeDeploy.
const CODE_DEPLOY_STACK: &str = r#"stack: blue-green
cluster:
  clusterName: bg
loadBalancers:
  - name: bg-alb
    type: application
    scheme: internet-facing
    subnets: ["${PUBLIC_SUBNET1}", "${PUBLIC_SUBNET2}"]
    securityGroups: ["${ALB_SG_ID}"]
targetGroups:
  - name: bg-blue
    protocol: HTTP
    port: 80
    vpcId: ${VPC_ID}
    targetType: ip
listeners:
  - loadBalancer: bg-alb
    port: 80
    protocol: HTTP
    defaultActions:
      - type: forward
        targetGroup: bg-blue
taskDefinitions:
  - family: bg-web
    networkMode: awsvpc
    requiresCompatibilities: [FARGATE]
    cpu: 256
    memory: 512
    containerDefinitions:
      - name: web
        image: public.ecr.aws/docker/library/nginx:1.27
        essential: true
        portMappings:
          - containerPort: 80
services:
  - serviceName: web
    taskDefinition: bg-web
    desiredCount: 2
    launchType: FARGATE
    deploymentController:
      type: CODE_DEPLOY
    loadBalancers:
      - targetGroup: bg-blue
        containerName: web
        containerPort: 80
    networkConfiguration:
      awsvpcConfiguration:
        subnets: ["${PRIVATE_SUBNET1}", "${PRIVATE_SUBNET2}"]
        securityGroups: ["${UI_SG_ID}"]
"#;

#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn a_code_deploy_service_is_created_scaled_and_its_blue_green_changes_refused() {
    let bed = TestBed::start();
    let stack = Scratch::of_example("service-connect-nginx");
    let file = "ecsform.yaml";
    std::fs::write(stack.dir.join(file), CODE_DEPLOY_STACK).unwrap();
    let web = || {
        bed.aws(&[
            "ecs",
            "describe-services",
            "--cluster",
            "bg",
            "--services",
            "web",
        ])["services"][0]
            .clone()
    };
    // Created and waited for: a CODE_DEPLOY service has no deployments (the SDK's
    // services-stable waiter never ends for it); its tasks run.
    bed.apply(stack.path(), 0);
    assert_eq!(web()["deployments"], serde_json::json!([]));
    assert_eq!(web()["runningCount"], 2);
    assert_converged(&bed, stack.path());
    // What UpdateService may change under CODE_DEPLOY is applied.
    stack.edit(file, "desiredCount: 2", "desiredCount: 3");
    bed.apply(stack.path(), 0);
    assert_eq!(web()["desiredCount"], 3);
    assert_converged(&bed, stack.path());
    // A new image: the revision is registered (CodeDeploy deploys it), the service change
    // is refused before any call, naming what it cannot change and why.
    stack.edit(file, "nginx:1.27", "nginx:1.28");
    let (code, changes, plan) = bed.plan_path(stack.path());
    assert_eq!(code, 2);
    assert_eq!(
        changes,
        ["update task_definition.bg-web", "update service.web"]
    );
    let notes = plan.to_string();
    assert!(
        notes.contains(
            "the CODE_DEPLOY deployment controller: UpdateService cannot change taskDefinition"
        ),
        "{notes}"
    );
    let printed = bed.apply(stack.path(), 1);
    assert!(
        printed.contains("UnsupportedByDeploymentController")
            && printed.contains("cannot change taskDefinition")
            && printed.contains("a CodeDeploy deployment"),
        "{printed}"
    );
    assert!(
        web()["taskDefinition"]
            .as_str()
            .unwrap()
            .ends_with("bg-web:1")
    );
    let revisions = bed.aws(&[
        "ecs",
        "list-task-definitions",
        "--family-prefix",
        "bg-web",
    ])["taskDefinitionArns"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(revisions, 2);
}

#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn attributes_the_file_drops_or_a_hand_sets_go_back_to_aws_defaults() {
    let bed = TestBed::start();
    let stack = Scratch::of_example("retail-store");
    let file = "load-balancing.yaml";
    stack.edit(
        file,
        "    securityGroups: [\"${ALB_SG_ID}\"]\n",
        "    securityGroups: [\"${ALB_SG_ID}\"]\n    attributes:\n      - key: idle_timeout.timeout_seconds\n        value: \"120\"\n",
    );
    bed.apply(stack.path(), 0);
    let tg_arn = target_group(&bed, "ui-application").unwrap()["TargetGroupArn"]
        .as_str()
        .unwrap()
        .to_owned();
    let lb_arn = bed.aws(&[
        "elbv2",
        "describe-load-balancers",
        "--names",
        "retail-store-ecs-ui",
    ])["LoadBalancers"][0]["LoadBalancerArn"]
        .as_str()
        .unwrap()
        .to_owned();
    let attribute = |args: &[&str], key: &str| -> String {
        bed.aws(args)["Attributes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["Key"] == key)
            .map(|a| a["Value"].as_str().unwrap().to_owned())
            .unwrap_or_default()
    };
    let tg_attribute = |key: &str| {
        attribute(
            &[
                "elbv2",
                "describe-target-group-attributes",
                "--target-group-arn",
                &tg_arn,
            ],
            key,
        )
    };
    let lb_attribute = |key: &str| {
        attribute(
            &[
                "elbv2",
                "describe-load-balancer-attributes",
                "--load-balancer-arn",
                &lb_arn,
            ],
            key,
        )
    };
    assert_eq!(tg_attribute("deregistration_delay.timeout_seconds"), "30");
    assert_eq!(lb_attribute("idle_timeout.timeout_seconds"), "120");
    assert_converged(&bed, stack.path());

    // Set by hand, not in the file: a change back (and drift).
    bed.aws(&[
        "elbv2",
        "modify-target-group-attributes",
        "--target-group-arn",
        &tg_arn,
        "--attributes",
        "Key=stickiness.enabled,Value=true",
    ]);
    let (code, changes, _) = bed.plan_path(stack.path());
    assert_eq!(
        (code, changes),
        (2, vec!["update target_group.ui-application".to_owned()])
    );
    // Dropped from the file: back to AWS's defaults.
    stack.cut(
        file,
        "    attributes:\n      - key: idle_timeout",
        Some("\ntargetGroups:"),
    );
    stack.cut(
        file,
        "    attributes:\n      - key: deregistration_delay",
        Some("\nlisteners:"),
    );
    let (code, changes, _) = bed.plan_path(stack.path());
    assert_eq!(
        (code, changes),
        (
            2,
            vec![
                "update load_balancer.retail-store-ecs-ui".to_owned(),
                "update target_group.ui-application".to_owned()
            ]
        )
    );
    bed.apply(stack.path(), 0);
    assert_eq!(tg_attribute("deregistration_delay.timeout_seconds"), "300");
    assert_eq!(tg_attribute("stickiness.enabled"), "false");
    assert_eq!(lb_attribute("idle_timeout.timeout_seconds"), "60");
    assert_converged(&bed, stack.path());
}

#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn settings_dropped_from_the_file_go_back_to_aws_defaults() {
    let bed = TestBed::start();
    let stack = Scratch::of_example("retail-store");
    stack.edit(
        "services.yaml",
        "    taskDefinition: retail-store-ecs-catalog\n",
        "    taskDefinition: retail-store-ecs-catalog\n    deploymentConfiguration:\n      minimumHealthyPercent: 50\n",
    );
    bed.apply(stack.path(), 0);
    assert_converged(&bed, stack.path());
    // UpdateService and UpdateHttpNamespace keep what they are not given: each of these
    // needed its default sent, or read back as none. Container Insights is not among them:
    // without a setting in the file the account's setting decides (ECS API reference,
    // ClusterSetting), so it is AWS's to choose and the cluster keeps what it has.
    stack.edit(
        "stack.yaml",
        "  settings:\n    - name: containerInsights\n      value: enabled\n",
        "",
    );
    stack.edit(
        "stack.yaml",
        "    description: Service Connect namespace of the retail store\n",
        "",
    );
    stack.edit(
        "services.yaml",
        "    deploymentConfiguration:\n      minimumHealthyPercent: 50\n",
        "",
    );
    let services = std::fs::read_to_string(stack.dir.join("services.yaml")).unwrap();
    let assets = services.find("  - serviceName: assets").unwrap();
    let sc = assets
        + services[assets..]
            .find("    serviceConnectConfiguration:")
            .unwrap();
    let end = services[sc + 5..]
        .find("\n    a")
        .map_or(services.len(), |i| sc + 5 + i + 1);
    std::fs::write(
        stack.dir.join("services.yaml"),
        format!("{}{}", &services[..sc], &services[end..]),
    )
    .unwrap();
    let (code, changes, _) = bed.plan_path(stack.path());
    assert_eq!(
        (code, changes),
        (
            2,
            vec![
                "update namespace.retailstore.local".to_owned(),
                "update service.assets".to_owned(),
                "update service.catalog".to_owned(),
            ]
        )
    );
    bed.apply(stack.path(), 0);
    let cluster = &bed.aws(&[
        "ecs",
        "describe-clusters",
        "--clusters",
        CLUSTER,
        "--include",
        "SETTINGS",
    ])["clusters"][0];
    assert_eq!(
        cluster["settings"],
        serde_json::json!([{"name": "containerInsights", "value": "enabled"}])
    );
    assert_eq!(
        service(&bed, "catalog")["deploymentConfiguration"]["minimumHealthyPercent"],
        100
    );
    assert_eq!(
        service(&bed, "assets")["deployments"][0]["serviceConnectConfiguration"]["enabled"],
        false
    );
    assert_converged(&bed, stack.path());
}

#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn a_scalable_targets_tags_are_read_back_and_converge() {
    let bed = TestBed::start();
    let stack = Scratch::of_example("retail-store");
    let tagged = |value: &str| {
        format!(
            "      minCapacity: 2\n      maxCapacity: 10\n      tags:\n        - key: team\n          value: {value}\n"
        )
    };
    stack.edit(
        "services.yaml",
        "      minCapacity: 2\n      maxCapacity: 10\n",
        &tagged("shop"),
    );
    // DescribeScalableTargets returns no tags: before they were read (ListTagsForResource,
    // where the file sets some), every plan showed them as a change.
    bed.apply(stack.path(), 0);
    assert_converged(&bed, stack.path());
    stack.edit("services.yaml", &tagged("shop"), &tagged("checkout"));
    let (code, changes, _) = bed.plan_path(stack.path());
    assert_eq!(
        (code, changes),
        (2, vec!["update scalable_target.ui".to_owned()])
    );
    bed.apply(stack.path(), 0);
    let arn = bed.aws(&[
        "application-autoscaling",
        "describe-scalable-targets",
        "--service-namespace",
        "ecs",
    ])["ScalableTargets"][0]["ScalableTargetARN"]
        .as_str()
        .unwrap()
        .to_owned();
    let tags = &bed.aws(&[
        "application-autoscaling",
        "list-tags-for-resource",
        "--resource-arn",
        &arn,
    ])["Tags"];
    assert_eq!(tags["team"], "checkout", "{tags}");
    assert_converged(&bed, stack.path());
}

/// One member end to end: a Network Load Balancer's PrivateLink flag, which only
/// SetSecurityGroups sets (ELBv2 API reference, SetSecurityGroups), is applied, read back
/// (no change planned), changed (the plan names that one field) and converges.
#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn a_network_load_balancers_private_link_flag_is_applied_read_back_and_changed() {
    const FLAG: &str = "enforceSecurityGroupInboundRulesOnPrivateLinkTraffic";
    let bed = TestBed::start();
    let stack = Scratch::of_example("retail-store");
    let file = "load-balancing.yaml";
    stack.edit(
        file,
        "\ntargetGroups:",
        &format!(
            "  - name: retail-store-nlb\n    type: network\n    subnets: [\"${{PUBLIC_SUBNET1}}\", \"${{PUBLIC_SUBNET2}}\"]\n    securityGroups: [\"${{ALB_SG_ID}}\"]\n    {FLAG}: \"off\"\n\ntargetGroups:"
        ),
    );
    bed.apply(stack.path(), 0);
    let live_flag = || {
        bed.aws(&[
            "elbv2",
            "describe-load-balancers",
            "--names",
            "retail-store-nlb",
        ])["LoadBalancers"][0]["EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic"]
            .clone()
    };
    assert_eq!(live_flag(), "off");
    assert_converged(&bed, stack.path());

    stack.edit(
        file,
        &format!("{FLAG}: \"off\""),
        &format!("{FLAG}: \"on\""),
    );
    let (code, changes, json) = bed.plan_path(stack.path());
    assert_eq!(
        (code, changes),
        (2, vec!["update load_balancer.retail-store-nlb".to_owned()])
    );
    let change = json["resource_changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["address"] == "load_balancer.retail-store-nlb")
        .unwrap();
    assert_eq!(
        change["changed_paths"],
        serde_json::json!([{"path": FLAG, "before": "off", "after": "on"}]),
        "only the flag changes"
    );
    bed.apply(stack.path(), 0);
    assert_eq!(live_flag(), "on");
    assert_converged(&bed, stack.path());

    // Left out of the file, it is AWS's (no row of the defaults table: AWS returns none
    // until SetSecurityGroups sets one), so the live value plans nothing.
    stack.edit(file, &format!("    {FLAG}: \"on\"\n"), "");
    assert_converged(&bed, stack.path());
}
