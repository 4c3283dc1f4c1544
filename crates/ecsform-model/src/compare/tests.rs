//! The comparison rule, case by case: what AWS fills in or renames never shows, what
//! the file sets and what the defaults table resets always does.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use super::*;

struct Fixture {
    names: BTreeMap<String, String>,
    autoscaled: BTreeSet<String>,
}

impl Fixture {
    fn new() -> Self {
        Self {
            names: [(
                "arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/web/abc"
                    .to_owned(),
                "web".to_owned(),
            )]
            .into(),
            autoscaled: ["scaled".to_owned()].into(),
        }
    }

    fn ctx(&self) -> Context<'_> {
        Context {
            names_by_arn: &self.names,
            autoscaled: &self.autoscaled,
            cluster_namespace: None,
            cluster_strategy: None,
        }
    }

    /// The changed paths, as the plan lists them.
    fn changes(&self, kind: Kind, desired: &Value, live: &Value) -> Vec<String> {
        let c = compare(kind, desired, Some(live), &self.ctx());
        let before = c.before.unwrap();
        let mut out = Vec::new();
        diff_paths("", &before, &c.after, &mut out);
        out
    }
}

/// A small structural diff (the plan's own is in ecsform-plan).
fn diff_paths(path: &str, a: &Value, b: &Value, out: &mut Vec<String>) {
    if a == b {
        return;
    }
    let join = |k: &str| {
        if path.is_empty() {
            k.to_owned()
        } else {
            format!("{path}.{k}")
        }
    };
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
            keys.sort();
            keys.dedup();
            for k in keys {
                match (x.get(k), y.get(k)) {
                    (Some(p), Some(q)) => diff_paths(&join(k), p, q, out),
                    _ => out.push(join(k)),
                }
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            for i in 0..x.len().max(y.len()) {
                let p = format!("{path}[{i}]");
                match (x.get(i), y.get(i)) {
                    (Some(a), Some(b)) => diff_paths(&p, a, b, out),
                    _ => out.push(p),
                }
            }
        }
        _ => out.push(path.to_owned()),
    }
}

fn service(extra: Value) -> Value {
    let mut s = json!({"serviceName": "web", "taskDefinition": "web:3", "desiredCount": 2,
                       "launchType": "FARGATE",
                       "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-1"]}}});
    if let (Some(m), Some(e)) = (s.as_object_mut(), extra.as_object()) {
        m.extend(e.clone());
    }
    s
}

/// A live service as DescribeServices returns one created from `service(json!({}))`
/// today: AWS's defaults and its newest members filled in.
fn live_service(extra: Value) -> Value {
    let mut s = json!({
        "serviceName": "web", "taskDefinition": "arn:aws:ecs:us-west-2:123456789012:task-definition/web:3",
        "desiredCount": 2, "launchType": "FARGATE", "platformVersion": "LATEST",
        "schedulingStrategy": "REPLICA", "deploymentController": {"type": "ECS"},
        "deploymentConfiguration": {"deploymentCircuitBreaker": {"enable": false, "rollback": false},
            "maximumPercent": 200, "minimumHealthyPercent": 100,
            "alarms": {"alarmNames": [], "enable": false, "rollback": false},
            "strategy": "ROLLING", "bakeTimeInMinutes": 0},
        "availabilityZoneRebalancing": "ENABLED",
        "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-1"],
            "securityGroups": ["sg-default"], "assignPublicIp": "DISABLED"}},
        "role": "arn:aws:iam::123456789012:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS",
        "enableECSManagedTags": false, "propagateTags": "NONE", "enableExecuteCommand": false,
        "loadBalancers": [], "serviceRegistries": [], "placementConstraints": [], "placementStrategy": [],
        "tags": [{"key": "ecsform:stack", "value": "s"}, {"key": "aws:cloudformation:stack-name", "value": "x"}],
    });
    if let (Some(m), Some(e)) = (s.as_object_mut(), extra.as_object()) {
        m.extend(e.clone());
    }
    s
}

#[test]
fn what_aws_fills_in_and_chooses_never_shows() {
    let f = Fixture::new();
    let changes = f.changes(Kind::Service, &service(json!({})), &live_service(json!({})));
    assert_eq!(changes, Vec::<String>::new());
    // An older service reports DISABLED rebalancing: AWS's to choose.
    let old = live_service(json!({"availabilityZoneRebalancing": "DISABLED"}));
    assert!(
        f.changes(Kind::Service, &service(json!({})), &old)
            .is_empty()
    );
}

#[test]
fn members_aws_adds_later_never_show() {
    // Any new member, at any level of any object of the live document, is AWS's.
    let f = Fixture::new();
    let desired = service(
        json!({"loadBalancers": [{"targetGroup": "web", "containerName": "app", "containerPort": 80}],
                                 "deploymentConfiguration": {"maximumPercent": 150}}),
    );
    let base = live_service(
        json!({"loadBalancers": [{"targetGroupArn": "arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/web/abc",
                                                       "containerName": "app", "containerPort": 80}],
                                    "deploymentConfiguration": {"maximumPercent": 150, "minimumHealthyPercent": 100}}),
    );
    assert!(f.changes(Kind::Service, &desired, &base).is_empty());
    let mut paths = Vec::new();
    object_paths(&base, &mut Vec::new(), &mut paths);
    assert!(paths.len() > 5);
    for p in paths {
        let mut live = base.clone();
        let target = p.iter().fold(&mut live, |v, s| match s {
            Step::Key(k) => v.get_mut(k.as_str()).unwrap(),
            Step::Index(i) => v.get_mut(*i).unwrap(),
        });
        if let Some(m) = target.as_object_mut() {
            m.insert(
                "someMemberAwsAddsNextMonth".into(),
                json!({"enabled": true}),
            );
        }
        let changes = f.changes(Kind::Service, &desired, &live);
        assert!(changes.is_empty(), "a new member at {p:?}: {changes:?}");
    }
}

fn object_paths(v: &Value, at: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    match v {
        Value::Object(m) => {
            out.push(at.clone());
            for (k, c) in m {
                at.push(Step::Key(k.clone()));
                object_paths(c, at, out);
                at.pop();
            }
        }
        Value::Array(a) => {
            for (i, c) in a.iter().enumerate() {
                at.push(Step::Index(i));
                object_paths(c, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

#[test]
fn what_the_file_sets_and_what_is_reset_always_shows() {
    let f = Fixture::new();
    // Set in the file, different live.
    let c = f.changes(
        Kind::Service,
        &service(json!({"availabilityZoneRebalancing": "DISABLED"})),
        &live_service(json!({})),
    );
    assert_eq!(c, ["availabilityZoneRebalancing"]);
    // Not in the file, but reset: a live value other than the default.
    let c = f.changes(
        Kind::Service,
        &service(json!({})),
        &live_service(json!({"enableExecuteCommand": true, "healthCheckGracePeriodSeconds": 60,
                             "deploymentConfiguration": {"maximumPercent": 150, "minimumHealthyPercent": 100,
                                 "deploymentCircuitBreaker": {"enable": true, "rollback": true}}})),
    );
    assert_eq!(
        c,
        [
            "deploymentConfiguration.deploymentCircuitBreaker.enable",
            "deploymentConfiguration.deploymentCircuitBreaker.rollback",
            "deploymentConfiguration.maximumPercent",
            "enableExecuteCommand",
            "healthCheckGracePeriodSeconds"
        ]
    );
    // Reset to none: a load balancer the file dropped, a tag set by hand.
    let c = f.changes(
        Kind::Service,
        &service(json!({})),
        &live_service(json!({"loadBalancers": [{"targetGroupArn": "arn:x", "containerName": "a", "containerPort": 80}],
                             "tags": [{"key": "ecsform:stack", "value": "s"}, {"key": "team", "value": "a"}]})),
    );
    assert_eq!(c, ["loadBalancers", "tags"]);
    // An autoscaled service's desired count is the autoscaler's.
    let scaled = json!({"serviceName": "scaled", "taskDefinition": "web:3", "desiredCount": 2, "launchType": "EC2"});
    let live = json!({"serviceName": "scaled", "taskDefinition": "web:3", "desiredCount": 7, "launchType": "EC2"});
    assert!(f.changes(Kind::Service, &scaled, &live).is_empty());
}

#[test]
fn roles_by_name_or_arn() {
    let f = Fixture::new();
    // CreateService's `role` given by name: DescribeServices returns the ARN. `role` forces a
    // replacement: this once replaced the service at every apply.
    let by_name = service(json!({"launchType": "EC2", "role": "ecsServiceRole"}));
    let live = live_service(
        json!({"launchType": "EC2", "role": "arn:aws:iam::123456789012:role/ecsServiceRole"}),
    );
    assert!(f.changes(Kind::Service, &by_name, &live).is_empty());
    let with_path = service(json!({"launchType": "EC2", "role": "/foo/bar"}));
    let live_path = live_service(
        json!({"launchType": "EC2", "role": "arn:aws:iam::123456789012:role/foo/bar"}),
    );
    assert!(f.changes(Kind::Service, &with_path, &live_path).is_empty());
    let other = service(json!({"launchType": "EC2", "role": "otherRole"}));
    assert_eq!(f.changes(Kind::Service, &other, &live), ["role"]);
    assert_eq!(role_name("arn:aws-cn:iam::1:role/a/b"), "a/b");
    assert_eq!(role_name("/a/b"), "a/b");
    assert_eq!(role_name("b"), "b");
    // Task and execution roles.
    let td = json!({"family": "web", "taskRoleArn": "app", "executionRoleArn": "ecsTaskExecutionRole",
                    "containerDefinitions": [{"name": "a", "image": "i"}]});
    let live_td = json!({"family": "web", "taskRoleArn": "arn:aws:iam::123456789012:role/app",
                         "executionRoleArn": "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
                         "networkMode": "bridge",
                         "containerDefinitions": [{"name": "a", "image": "i", "cpu": 0, "essential": true,
                                                   "environment": [], "mountPoints": [], "volumesFrom": []}]});
    assert!(f.changes(Kind::TaskDefinition, &td, &live_td).is_empty());
}

#[test]
fn task_definitions_by_family_revision_or_arn() {
    let f = Fixture::new();
    let live = live_service(
        json!({"taskDefinition": "arn:aws:ecs:us-west-2:123456789012:task-definition/external:12"}),
    );
    for given in [
        "external",
        "external:12",
        "arn:aws:ecs:us-west-2:123456789012:task-definition/external",
        "arn:aws:ecs:us-west-2:123456789012:task-definition/external:12",
    ] {
        let d = service(json!({"taskDefinition": given}));
        assert!(f.changes(Kind::Service, &d, &live).is_empty(), "{given}");
    }
    let d = service(json!({"taskDefinition": "external:11"}));
    assert_eq!(f.changes(Kind::Service, &d, &live), ["taskDefinition"]);
    let d = service(json!({"taskDefinition": "other"}));
    assert_eq!(f.changes(Kind::Service, &d, &live), ["taskDefinition"]);
}

#[test]
fn code_deploy_switches_target_groups() {
    let f = Fixture::new();
    let desired = service(json!({"deploymentController": {"type": "CODE_DEPLOY"},
        "loadBalancers": [{"targetGroup": "web", "containerName": "app", "containerPort": 80}]}));
    let live = live_service(json!({"deploymentController": {"type": "CODE_DEPLOY"},
        "loadBalancers": [{"targetGroupArn": "arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/web-green/def",
                           "containerName": "app", "containerPort": 80}]}));
    assert!(f.changes(Kind::Service, &desired, &live).is_empty());
    // The container and port are still the file's.
    let moved = live_service(json!({"deploymentController": {"type": "CODE_DEPLOY"},
        "loadBalancers": [{"targetGroupArn": "arn:x", "containerName": "app", "containerPort": 8080}]}));
    assert_eq!(
        f.changes(Kind::Service, &desired, &moved),
        ["loadBalancers[0].containerPort"]
    );
    // Under ECS the target group is compared.
    let ecs = live_service(
        json!({"loadBalancers": [{"targetGroupArn": "arn:x", "containerName": "app", "containerPort": 80}]}),
    );
    let d = service(
        json!({"loadBalancers": [{"targetGroup": "web", "containerName": "app", "containerPort": 80}]}),
    );
    // (The live entry names another target group by ARN: the file's name is missing.)
    assert_eq!(
        f.changes(Kind::Service, &d, &ecs),
        ["loadBalancers[0].targetGroup"]
    );
}

#[test]
fn task_definition_defaults_as_aws_returns_them() {
    let f = Fixture::new();
    // bridge networking, no host port, a health check with only a command, a docker
    // volume without a scope.
    let desired = json!({"family": "web", "containerDefinitions": [{"name": "a", "image": "nginx", "memory": 256,
        "portMappings": [{"containerPort": 80}],
        "healthCheck": {"command": ["CMD-SHELL", "curl -f http://localhost/ || exit 1"]},
        "mountPoints": [{"sourceVolume": "data", "containerPath": "/data"}]}],
        "volumes": [{"name": "data", "dockerVolumeConfiguration": {"driver": "local"}}]});
    let live = json!({"family": "web", "networkMode": "bridge", "containerDefinitions": [{"name": "a", "image": "nginx",
        "cpu": 0, "memory": 256, "essential": true,
        "portMappings": [{"containerPort": 80, "hostPort": 0, "protocol": "tcp"}],
        "healthCheck": {"command": ["CMD-SHELL", "curl -f http://localhost/ || exit 1"], "interval": 30, "timeout": 5, "retries": 3},
        "environment": [], "mountPoints": [{"sourceVolume": "data", "containerPath": "/data", "readOnly": false}],
        "volumesFrom": [], "systemControls": [], "versionConsistency": "enabled"}],
        "volumes": [{"name": "data", "dockerVolumeConfiguration": {"driver": "local", "scope": "task"}}],
        "placementConstraints": [], "enableFaultInjection": false});
    assert!(f.changes(Kind::TaskDefinition, &desired, &live).is_empty());
    // A command, an environment variable or a health check removed from the file is a
    // change (a new revision), as is a health check's interval set by hand.
    let mut changed = live.clone();
    changed["containerDefinitions"][0]["command"] = json!(["nginx"]);
    changed["containerDefinitions"][0]["environment"] = json!([{"name": "A", "value": "1"}]);
    changed["containerDefinitions"][0]["healthCheck"]["interval"] = json!(10);
    assert_eq!(
        f.changes(Kind::TaskDefinition, &desired, &changed),
        [
            "containerDefinitions[0].command",
            "containerDefinitions[0].environment",
            "containerDefinitions[0].healthCheck.interval"
        ]
    );
    // A container the file dropped.
    let mut two = live.clone();
    two["containerDefinitions"]
        .as_array_mut()
        .unwrap()
        .push(json!({"name": "sidecar", "image": "x", "essential": true, "cpu": 0}));
    assert_eq!(
        f.changes(Kind::TaskDefinition, &desired, &two),
        ["containerDefinitions[1]"]
    );
    // A docker label removed: labels are the user's mapping, compared whole.
    let labelled = json!({"family": "web", "networkMode": "bridge",
        "containerDefinitions": [{"name": "a", "image": "nginx", "dockerLabels": {"a": "1", "b": "2"}}]});
    let desired_labels = json!({"family": "web",
        "containerDefinitions": [{"name": "a", "image": "nginx", "dockerLabels": {"a": "1"}}]});
    assert_eq!(
        f.changes(Kind::TaskDefinition, &desired_labels, &labelled),
        ["containerDefinitions[0].dockerLabels.b"]
    );
}

#[test]
fn placement_strategy_renamed_fields() {
    let f = Fixture::new();
    let d = service(
        json!({"launchType": "EC2", "placementStrategy": [{"type": "spread", "field": "host"}, {"type": "binpack", "field": "memory"}]}),
    );
    let live = live_service(
        json!({"launchType": "EC2", "placementStrategy": [{"type": "spread", "field": "instanceId"}, {"type": "binpack", "field": "MEMORY"}]}),
    );
    assert!(f.changes(Kind::Service, &d, &live).is_empty());
}

#[test]
fn target_groups_and_load_balancers() {
    let f = Fixture::new();
    // An NLB target group created with nothing but its protocol, port and VPC.
    let d =
        json!({"name": "nlb", "protocol": "TCP", "port": 80, "vpcId": "vpc-1", "targetType": "ip"});
    let live = json!({"name": "nlb", "protocol": "TCP", "port": 80, "vpcId": "vpc-1", "targetType": "ip",
        "healthCheckProtocol": "TCP", "healthCheckPort": "traffic-port", "healthCheckEnabled": true,
        "healthCheckIntervalSeconds": 30, "healthCheckTimeoutSeconds": 10, "healthyThresholdCount": 5,
        "unhealthyThresholdCount": 2, "ipAddressType": "ipv4",
        "attributes": [{"key": "deregistration_delay.timeout_seconds", "value": "300"},
                       {"key": "proxy_protocol_v2.enabled", "value": "false"},
                       {"key": "preserve_client_ip.enabled", "value": "true"},
                       {"key": "stickiness.type", "value": "source_ip"}]});
    assert!(f.changes(Kind::TargetGroup, &d, &live).is_empty());
    // An attribute set by hand, and one the file sets.
    let mut by_hand = live.clone();
    by_hand["attributes"][0]["value"] = json!("30");
    assert_eq!(
        f.changes(Kind::TargetGroup, &d, &by_hand),
        ["attributes.deregistration_delay.timeout_seconds"]
    );
    // An internal ALB created without security groups reports the VPC's default group.
    let lb = json!({"name": "int", "scheme": "internal", "subnets": ["subnet-1", "subnet-2"]});
    let live_lb = json!({"name": "int", "scheme": "internal", "type": "application", "ipAddressType": "ipv4",
        "subnets": ["subnet-2", "subnet-1"], "securityGroups": ["sg-default"],
        "attributes": [{"key": "idle_timeout.timeout_seconds", "value": "60"},
                       {"key": "load_balancing.cross_zone.enabled", "value": "true"}]});
    assert!(f.changes(Kind::LoadBalancer, &lb, &live_lb).is_empty());
}

#[test]
fn a_resource_no_longer_in_the_file_shows_whole() {
    let f = Fixture::new();
    let alone = live_alone(Kind::Service, &live_service(json!({})), &f.ctx());
    assert_eq!(alone["availabilityZoneRebalancing"], "ENABLED");
    assert_eq!(
        alone["tags"],
        json!({}).get("x").cloned().unwrap_or(Value::Null)
    );
}

#[test]
fn defaults_in_the_files_shape() {
    let f = Fixture::new();
    let d = with_defaults(
        Kind::TargetGroup,
        &json!({"name": "t", "protocol": "HTTP", "port": 80, "tags": [{"key": "a", "value": "1"}],
                "attributes": [{"key": "stickiness.enabled", "value": "true"}]}),
        &f.ctx(),
    );
    assert_eq!(d["tags"], json!([{"key": "a", "value": "1"}]));
    assert_eq!(d["healthCheckPath"], "/");
    let attributes = d["attributes"].as_array().unwrap();
    assert!(attributes.contains(&json!({"key": "stickiness.enabled", "value": "true"})));
    assert!(
        attributes
            .contains(&json!({"key": "deregistration_delay.timeout_seconds", "value": "300"}))
    );
}

#[test]
fn import_leaves_out_what_aws_fills_in() {
    let f = Fixture::new();
    let live = keyed_lists_as_maps(
        Kind::Service,
        &json!({"availabilityZoneRebalancing": "ENABLED", "enableExecuteCommand": false,
                "platformVersion": "LATEST", "launchType": "FARGATE", "healthCheckGracePeriodSeconds": 30,
                "deploymentConfiguration": {"strategy": "ROLLING", "bakeTimeInMinutes": 0, "maximumPercent": 200,
                    "alarms": {"alarmNames": [], "enable": false, "rollback": false}}}),
    );
    let at = |p: &[&str]| {
        let path: Vec<Step> = p.iter().map(|k| Step::Key((*k).to_owned())).collect();
        is_default(Kind::Service, &live, &path, &f.ctx())
    };
    assert!(at(&["availabilityZoneRebalancing"]));
    assert!(at(&["enableExecuteCommand"]));
    assert!(at(&["platformVersion"]));
    assert!(at(&["deploymentConfiguration", "strategy"]));
    assert!(at(&["deploymentConfiguration", "bakeTimeInMinutes"]));
    assert!(at(&["deploymentConfiguration", "maximumPercent"]));
    assert!(at(&["deploymentConfiguration", "alarms", "alarmNames"]));
    assert!(at(&["deploymentConfiguration", "alarms", "enable"]));
    assert!(!at(&["healthCheckGracePeriodSeconds"]));
    assert!(!at(&["launchType"]));
}
