//! `ecsform plan` and `ecsform drift` end to end against the local test bed (patched moto
//! on loopback), with the aws CLI as the independent second party: it builds the retail
//! store stack the way the workshop does, then changes things behind ecsform's back.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use serde_json::Value;
use support::TestBed;

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| (*s).to_owned()).collect()
}

#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn plan_on_an_empty_account_creates_everything_and_writes_nothing() {
    let bed = TestBed::start();
    let (code, changes, json) = bed.plan("retail-store");
    assert_eq!(code, 2, "--detailed-exitcode: changes");
    assert_eq!(
        changes,
        strings(&[
            "create namespace.retailstore.local",
            "create cluster.retail-store-ecs-cluster",
            "create task_definition.retail-store-ecs-assets",
            "create task_definition.retail-store-ecs-catalog",
            "create task_definition.retail-store-ecs-ui",
            "create load_balancer.retail-store-ecs-ui",
            "create target_group.ui-application",
            "create listener.retail-store-ecs-ui:80",
            "create service.assets",
            "create service.catalog",
            "create service.ui",
            "create scalable_target.ui",
            "create scaling_policy.ui/ui-scaling-policy",
        ])
    );
    assert_eq!(json["format_version"], "1.0");
    assert_eq!(json["summary"]["add"], 13);
    // Nothing was written: the aws CLI sees an empty account.
    assert_eq!(
        bed.aws(&["ecs", "list-clusters"])["clusterArns"],
        serde_json::json!([])
    );
    assert_eq!(
        bed.aws(&["ecs", "list-task-definitions"])["taskDefinitionArns"],
        serde_json::json!([])
    );
    assert_eq!(
        bed.aws(&["elbv2", "describe-load-balancers"])["LoadBalancers"],
        serde_json::json!([])
    );
    assert_eq!(
        bed.aws(&["servicediscovery", "list-namespaces"])["Namespaces"],
        serde_json::json!([])
    );

    // The other examples plan too.
    for example in ["service-connect-nginx", "ec2-bridge-nginx"] {
        let (code, changes, _) = bed.plan(example);
        assert_eq!(code, 2, "{example}");
        assert!(
            changes.iter().all(|c| c.starts_with("create ")),
            "{example}: {changes:?}"
        );
    }

    // The human view ends with the summary line; data on stdout, progress on stderr.
    let out = bed.ecsform(&["plan", "-f", "examples/retail-store"]);
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.ends_with("Plan: 13 to add, 0 to change, 0 to replace, 0 to destroy.\n"),
        "{stdout}"
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("Reading live state of stack `retail-store`")
    );
}

#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn out_of_band_changes_each_plan_exactly_the_expected_action() {
    let bed = TestBed::start();
    bed.python("tests/local-aws/retail_store.py", &["create"]);
    let (code, changes, _) = bed.plan("retail-store");
    assert_eq!(
        changes,
        Vec::<String>::new(),
        "the workshop's stack, built by the aws CLI, is the example"
    );
    assert_eq!(code, 0, "--detailed-exitcode: no changes");

    let cluster = ["--cluster", "retail-store-ecs-cluster"];
    let mut expected: Vec<String> = Vec::new();
    let mut step = |what: &str, expected_now: &[&'static str]| {
        expected.extend(expected_now.iter().map(|s| (*s).to_owned()));
        let (code, changes, _) = bed.plan("retail-store");
        let mut want = expected.clone();
        want.sort();
        let mut got = changes.clone();
        got.sort();
        assert_eq!(got, want, "after: {what}");
        assert_eq!(
            code,
            if expected.is_empty() { 0 } else { 2 },
            "after: {what}"
        );
    };

    // The desired count of a service without autoscaling.
    bed.aws(&[
        "ecs",
        "update-service",
        cluster[0],
        cluster[1],
        "--service",
        "catalog",
        "--desired-count",
        "3",
    ]);
    step("catalog scaled by hand", &["update service.catalog"]);

    // The desired count of an autoscaled service belongs to the autoscaler: no change.
    bed.aws(&[
        "ecs",
        "update-service",
        cluster[0],
        cluster[1],
        "--service",
        "ui",
        "--desired-count",
        "6",
    ]);
    step("ui scaled by hand", &[]);

    // A health check path.
    let tg = bed.aws(&[
        "elbv2",
        "describe-target-groups",
        "--names",
        "ui-application",
    ])["TargetGroups"][0]["TargetGroupArn"]
        .as_str()
        .unwrap()
        .to_owned();
    bed.aws(&[
        "elbv2",
        "modify-target-group",
        "--target-group-arn",
        &tg,
        "--health-check-path",
        "/health",
    ]);
    step(
        "health check path changed",
        &["update target_group.ui-application"],
    );

    // Service Connect switched off.
    bed.aws(&[
        "ecs",
        "update-service",
        cluster[0],
        cluster[1],
        "--service",
        "assets",
        "--service-connect-configuration",
        "enabled=false",
    ]);
    step(
        "Service Connect disabled on assets",
        &["update service.assets"],
    );

    // The scaling policy's target value.
    let policy = bed.aws(&[
        "application-autoscaling",
        "describe-scaling-policies",
        "--service-namespace",
        "ecs",
    ])["ScalingPolicies"][0]
        .clone();
    let mut config = policy["TargetTrackingScalingPolicyConfiguration"].clone();
    config["TargetValue"] = Value::from(1000.0);
    bed.aws(&[
        "application-autoscaling",
        "put-scaling-policy",
        "--service-namespace",
        "ecs",
        "--scalable-dimension",
        "ecs:service:DesiredCount",
        "--resource-id",
        "service/retail-store-ecs-cluster/ui",
        "--policy-name",
        "ui-scaling-policy",
        "--policy-type",
        "TargetTrackingScaling",
        "--target-tracking-scaling-policy-configuration",
        &config.to_string(),
    ]);
    step(
        "scaling target value changed",
        &["update scaling_policy.ui/ui-scaling-policy"],
    );

    // An environment variable: a new revision registered by hand and run by ui.
    let mut td = bed.aws(&[
        "ecs",
        "describe-task-definition",
        "--task-definition",
        "retail-store-ecs-ui",
    ])["taskDefinition"]
        .clone();
    td["containerDefinitions"][0]["environment"] =
        serde_json::json!([{"name": "RETAIL_UI_BANNER", "value": "changed by hand"}]);
    let input = serde_json::json!({
        "family": td["family"], "networkMode": td["networkMode"], "requiresCompatibilities": td["requiresCompatibilities"],
        "cpu": td["cpu"], "memory": td["memory"], "runtimePlatform": td["runtimePlatform"], "executionRoleArn": td["executionRoleArn"],
        "taskRoleArn": td["taskRoleArn"], "containerDefinitions": td["containerDefinitions"],
        "tags": [{"key": "ecsform:stack", "value": "retail-store"}],
    });
    let registered = bed.aws(&[
        "ecs",
        "register-task-definition",
        "--cli-input-json",
        &input.to_string(),
    ]);
    let arn = registered["taskDefinition"]["taskDefinitionArn"]
        .as_str()
        .unwrap()
        .to_owned();
    bed.aws(&[
        "ecs",
        "update-service",
        cluster[0],
        cluster[1],
        "--service",
        "ui",
        "--task-definition",
        &arn,
    ]);
    step(
        "environment variable changed",
        &[
            "update task_definition.retail-store-ecs-ui",
            "update service.ui",
        ],
    );

    // An extra, untagged service: not the stack's, untouched.
    bed.aws(&[
        "ecs",
        "create-service",
        cluster[0],
        cluster[1],
        "--service-name",
        "someone-elses",
        "--task-definition",
        "retail-store-ecs-assets:1",
        "--desired-count",
        "1",
        "--launch-type",
        "FARGATE",
        "--network-configuration",
        &format!(
            "awsvpcConfiguration={{subnets=[{}],securityGroups=[{}]}}",
            bed.env["PRIVATE_SUBNET1"], bed.env["UI_SG_ID"]
        ),
    ]);
    step("an untagged service appeared", &[]);

    // A service tagged with the stack and missing from the file: deleted.
    bed.aws(&[
        "ecs",
        "create-service",
        cluster[0],
        cluster[1],
        "--service-name",
        "orders",
        "--task-definition",
        "retail-store-ecs-assets:1",
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
        "key=ecsform:stack,value=retail-store",
    ]);
    step(
        "a tagged service not in the file",
        &["delete service.orders"],
    );
}

#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn drift_tells_drift_from_pending() {
    let bed = TestBed::start();
    bed.python("tests/local-aws/retail_store.py", &["create"]);
    // Stamp what an apply records on catalog: the hash of its desired document.
    let (_, _, plan) = bed.plan("retail-store");
    let hash = plan["resource_changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["address"] == "service.catalog")
        .unwrap()["desired_hash"]
        .as_str()
        .unwrap()
        .to_owned();
    let arn = bed.aws(&[
        "ecs",
        "describe-services",
        "--cluster",
        "retail-store-ecs-cluster",
        "--services",
        "catalog",
    ])["services"][0]["serviceArn"]
        .as_str()
        .unwrap()
        .to_owned();
    bed.aws(&[
        "ecs",
        "tag-resource",
        "--resource-arn",
        &arn,
        "--tags",
        &format!("key=ecsform:hash,value={hash}"),
    ]);
    let out = bed.ecsform(&["drift", "-f", "examples/retail-store", "--output", "json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "no drift right after creation: {}",
        String::from_utf8_lossy(&out.stdout)
    );

    bed.aws(&[
        "ecs",
        "update-service",
        "--cluster",
        "retail-store-ecs-cluster",
        "--service",
        "catalog",
        "--desired-count",
        "4",
    ]);
    let out = bed.ecsform(&["drift", "-f", "examples/retail-store", "--output", "json"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "drift found: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let drifted: Vec<&str> = report["drifted"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| i["address"].as_str())
        .collect();
    assert_eq!(drifted, vec!["service.catalog"]);
    assert_eq!(
        report["drifted"][0]["fields"][0],
        serde_json::json!({"path": "desiredCount", "expected": 1, "live": 4})
    );
    assert_eq!(report["pending"], serde_json::json!([]));

    // JUnit for the cron job: the drifted resource fails.
    let out = bed.ecsform(&["drift", "-f", "examples/retail-store", "--output", "junit"]);
    let xml = String::from_utf8_lossy(&out.stdout);
    assert!(
        xml.contains(r#"<testcase classname="service" name="service.catalog">"#),
        "{xml}"
    );
    assert!(xml.contains(r#"failures="1""#), "{xml}");
}

#[test]
fn an_unreachable_endpoint_is_an_error_naming_the_call_and_resource() {
    // A loopback port nobody listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ecsform"))
        .current_dir(support::root())
        .args([
            "plan",
            "-f",
            "examples/retail-store",
            "--var-file",
            "examples/example.env",
        ])
        .env_clear()
        .env("AWS_ENDPOINT_URL", format!("http://127.0.0.1:{port}"))
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_MAX_ATTEMPTS", "1")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "no plan on stdout");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("aws::network"), "{stderr}");
    assert!(
        stderr.contains("failed for") && stderr.contains("ConnectionRefused"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("testing"),
        "credentials never appear: {stderr}"
    );
}
