//! The test kit's target health helpers ([`Bed::healthy_targets`], [`Bed::listener_gaps`])
//! against the test bed, whose ECS registers a service's tasks in its target groups
//! (patch 27 of `tests/local-aws/README.md`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::{Duration, Instant};

use ecsform_testkit::bed::Bed;
use serde_json::json;

fn target_group(bed: &Bed, name: &str) -> String {
    let vpc = bed.env["VPC_ID"].clone();
    let out = bed.aws_json(&[
        "elbv2",
        "create-target-group",
        "--name",
        name,
        "--protocol",
        "HTTP",
        "--port",
        "8080",
        "--target-type",
        "ip",
        "--vpc-id",
        &vpc,
    ]);
    out["TargetGroups"][0]["TargetGroupArn"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn forward(arn: &str) -> String {
    format!("Type=forward,TargetGroupArn={arn}")
}

#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn listener_gaps_name_the_forwards_that_reach_no_healthy_target() {
    let bed = Bed::start();
    let e = |k: &str| bed.env[k].clone();
    let a = target_group(&bed, "a");
    let b = target_group(&bed, "b");
    let lb = bed.aws_json(&[
        "elbv2",
        "create-load-balancer",
        "--name",
        "web",
        "--subnets",
        &e("PUBLIC_SUBNET1"),
        &e("PUBLIC_SUBNET2"),
        "--security-groups",
        &e("ALB_SG_ID"),
    ])["LoadBalancers"][0]["LoadBalancerArn"]
        .as_str()
        .unwrap()
        .to_owned();
    let listener = bed.aws_json(&[
        "elbv2",
        "create-listener",
        "--load-balancer-arn",
        &lb,
        "--protocol",
        "HTTP",
        "--port",
        "80",
        "--default-actions",
        &forward(&a),
    ])["Listeners"][0]["ListenerArn"]
        .as_str()
        .unwrap()
        .to_owned();
    // A weighted rule: b at weight 0 takes no traffic.
    let weighted = json!([{"Type": "forward", "ForwardConfig": {"TargetGroups": [
        {"TargetGroupArn": a, "Weight": 1}, {"TargetGroupArn": b, "Weight": 0}]}}]);
    let rule = bed.aws_json(&[
        "elbv2",
        "create-rule",
        "--listener-arn",
        &listener,
        "--priority",
        "1",
        "--conditions",
        "Field=path-pattern,Values=/w/*",
        "--actions",
        &weighted.to_string(),
    ])["Rules"][0]["RuleArn"]
        .as_str()
        .unwrap()
        .to_owned();

    // A service on a whose tasks take a second to start.
    bed.aws_json(&["ecs", "create-cluster", "--cluster-name", "shop"]);
    let td = json!({
        "family": "ui", "networkMode": "awsvpc", "requiresCompatibilities": ["FARGATE"],
        "cpu": "256", "memory": "512",
        "containerDefinitions": [{"name": "ui", "image": "nginx:1", "essential": true,
            "portMappings": [{"containerPort": 8080, "protocol": "tcp"}],
            "environment": [{"name": "ECSFORM_TESTBED_START_SECONDS", "value": "1"}]}]});
    bed.aws_json(&[
        "ecs",
        "register-task-definition",
        "--cli-input-json",
        &td.to_string(),
    ]);
    let network = json!({"awsvpcConfiguration": {
        "subnets": [e("PRIVATE_SUBNET1"), e("PRIVATE_SUBNET2")],
        "securityGroups": [e("UI_SG_ID")]}});
    bed.aws_json(&[
        "ecs",
        "create-service",
        "--cluster",
        "shop",
        "--service-name",
        "ui",
        "--task-definition",
        "ui",
        "--desired-count",
        "2",
        "--launch-type",
        "FARGATE",
        "--network-configuration",
        &network.to_string(),
        "--load-balancers",
        &format!("targetGroupArn={a},containerName=ui,containerPort=8080"),
    ]);
    // (Before the tasks run both actions are gaps; a second is too short to see it
    // reliably through the aws CLI.)
    let deadline = Instant::now() + Duration::from_secs(30);
    while bed.healthy_targets(&a) < 2 {
        assert!(Instant::now() < deadline, "{}", bed.emulator_log_tail());
        std::thread::sleep(Duration::from_millis(300));
    }
    // Steady: the default action and the weighted rule (b at weight 0) reach a's tasks.
    assert_eq!(bed.healthy_targets(&b), 0);
    assert_eq!(bed.listener_gaps(&lb), Vec::<String>::new());

    // The listener moved to the empty group b: a gap, the default action's.
    bed.aws_json(&[
        "elbv2",
        "modify-listener",
        "--listener-arn",
        &listener,
        "--default-actions",
        &forward(&b),
    ]);
    let default_gap =
        format!("listener {listener} (port 80) default action forwards to {b}: no healthy target");
    assert_eq!(bed.listener_gaps(&lb), std::slice::from_ref(&default_gap));

    // The rule's weight moved to b (a at 0): its gap too.
    let to_b = json!([{"Type": "forward", "ForwardConfig": {"TargetGroups": [
        {"TargetGroupArn": a, "Weight": 0}, {"TargetGroupArn": b, "Weight": 1}]}}]);
    bed.aws_json(&[
        "elbv2",
        "modify-rule",
        "--rule-arn",
        &rule,
        "--actions",
        &to_b.to_string(),
    ]);
    assert_eq!(
        bed.listener_gaps(&lb),
        [
            default_gap,
            format!(
                "rule {rule} (priority 1) of listener {listener} (port 80) forwards to {b}: no healthy target"
            )
        ]
    );
}
