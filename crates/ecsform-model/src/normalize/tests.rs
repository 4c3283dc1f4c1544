//! A table test per form.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use super::*;

/// Runs one rule on a document.
fn run(rule: &str, doc: Value) -> Value {
    let names: BTreeMap<String, String> = [
        (
            "arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-1".to_owned(),
            "retailstore.local".to_owned(),
        ),
        (
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/ui-application/abc"
                .to_owned(),
            "ui-application".to_owned(),
        ),
    ]
    .into();
    let autoscaled: BTreeSet<String> = ["ui".to_owned()].into();
    let ctx = Context {
        names_by_arn: &names,
        autoscaled: &autoscaled,
        cluster_namespace: Some("service-connect"),
        cluster_strategy: None,
    };
    let r = all_forms()
        .into_iter()
        .find(|r| r.name == rule)
        .unwrap_or_else(|| panic!("no rule {rule}"));
    let mut d = doc;
    (r.apply)(&mut d, &ctx);
    d
}

#[test]
fn every_rule_has_a_table_test() {
    let tested = [
        "namespace_forms",
        "cluster_namespace_name",
        "task_cpu_memory_units",
        "container_sets",
        "load_balancer_sets",
        "listener_actions",
        "rule_conditions",
        "placement_strategy_fields",
        "monitoring_sets",
        "awsvpc_sets",
        "service_connect_names",
        "task_definition_reference",
        "target_group_names",
        "scaling_policy_label",
    ];
    let names: Vec<&str> = all_forms().iter().map(|r| r.name).collect();
    assert_eq!(
        names, tested,
        "add a table test for each new rule and list it here"
    );
}

#[test]
fn keyed_lists_become_mappings_and_back() {
    let tg = json!({"name": "t",
        "tags": [{"key": "team", "value": "shop"}, {"key": "ecsform:stack", "value": "x"},
                 {"key": "aws:cloudformation:stack-name", "value": "cfn"}],
        "attributes": [{"key": "b", "value": "2"}, {"key": "a", "value": "1"}]});
    let canonical = keyed_lists_as_maps(Kind::TargetGroup, &tg);
    assert_eq!(
        canonical,
        json!({"name": "t", "tags": {"team": "shop"}, "attributes": {"a": "1", "b": "2"}})
    );
    assert_eq!(
        maps_as_keyed_lists(Kind::TargetGroup, &canonical),
        json!({"name": "t", "tags": [{"key": "team", "value": "shop"}],
               "attributes": [{"key": "b", "value": "2"}, {"key": "a", "value": "1"}]})
    );
    let cluster = json!({"settings": [{"name": "containerInsights", "value": "enhanced"}]});
    assert_eq!(
        keyed_lists_as_maps(Kind::Cluster, &cluster),
        json!({"settings": {"containerInsights": "enhanced"}})
    );
    // Attributes are keyed only where AWS has them.
    let svc = json!({"attributes": [1]});
    assert_eq!(keyed_lists_as_maps(Kind::Service, &svc), svc);
}

#[test]
fn task_cpu_memory_units() {
    assert_eq!(
        run(
            "task_cpu_memory_units",
            json!({"cpu": "1 vCPU", "memory": "2 GB"})
        ),
        json!({"cpu": "1024", "memory": "2048"})
    );
    assert_eq!(
        run(
            "task_cpu_memory_units",
            json!({"cpu": 256, "memory": "512"})
        ),
        json!({"cpu": "256", "memory": "512"})
    );
}

#[test]
fn container_sets() {
    let d = run(
        "container_sets",
        json!({"requiresCompatibilities": ["FARGATE", "EC2"], "containerDefinitions": [{"environment": [{"name": "B", "value": "2"}, {"name": "A", "value": "1"}], "secrets": [{"name": "Z", "valueFrom": "z"}, {"name": "Y", "valueFrom": "y"}]}]}),
    );
    assert_eq!(d["requiresCompatibilities"], json!(["EC2", "FARGATE"]));
    assert_eq!(d["containerDefinitions"][0]["environment"][0]["name"], "A");
    assert_eq!(d["containerDefinitions"][0]["secrets"][0]["name"], "Y");
}

#[test]
fn placement_strategy_fields() {
    // The file's spellings and what DescribeServices returns for them.
    let file = run(
        "placement_strategy_fields",
        json!({"placementStrategy": [{"type": "spread", "field": "host"}, {"type": "binpack", "field": "memory"},
                                     {"type": "spread", "field": "attribute:ecs.availability-zone"}, {"type": "random"}]}),
    );
    let live = run(
        "placement_strategy_fields",
        json!({"placementStrategy": [{"type": "spread", "field": "instanceId"}, {"type": "binpack", "field": "MEMORY"},
                                     {"type": "spread", "field": "attribute:ecs.availability-zone"}, {"type": "random"}]}),
    );
    assert_eq!(file, live);
    assert_eq!(file["placementStrategy"][0]["field"], "instanceId");
    assert_eq!(file["placementStrategy"][1]["field"], "MEMORY");
}

#[test]
fn monitoring_sets() {
    let d = run(
        "monitoring_sets",
        json!({"monitoring": {"metricConfigurations": [
            {"metricNames": ["MemoryUtilization", "CPUUtilization"], "resolutionSeconds": 60},
            {"metricNames": ["CPUUtilization"], "resolutionSeconds": 20},
        ]}}),
    );
    assert_eq!(
        d,
        json!({"monitoring": {"metricConfigurations": [
            {"metricNames": ["CPUUtilization", "MemoryUtilization"], "resolutionSeconds": 60},
            {"metricNames": ["CPUUtilization"], "resolutionSeconds": 20},
        ]}})
    );
}

#[test]
fn awsvpc_sets() {
    let d = run(
        "awsvpc_sets",
        json!({"networkConfiguration": {"awsvpcConfiguration": {"subnets": ["b", "a"], "securityGroups": ["sg-2", "sg-1"]}}}),
    );
    assert_eq!(
        d,
        json!({"networkConfiguration": {"awsvpcConfiguration": {"subnets": ["a", "b"], "securityGroups": ["sg-1", "sg-2"]}}})
    );
}

#[test]
fn service_connect_names() {
    let by_arn = run(
        "service_connect_names",
        json!({"serviceConnectConfiguration": {"enabled": true, "namespace": "arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-1"}}),
    );
    assert_eq!(
        by_arn["serviceConnectConfiguration"]["namespace"],
        "retailstore.local"
    );
    // Disabled is the same as none.
    let disabled = run(
        "service_connect_names",
        json!({"serviceName": "s", "serviceConnectConfiguration": {"enabled": false}}),
    );
    assert_eq!(disabled, json!({"serviceName": "s"}));
}

#[test]
fn task_definition_reference() {
    let d = run(
        "task_definition_reference",
        json!({"taskDefinition": "arn:aws:ecs:us-east-1:123456789012:task-definition/web:7"}),
    );
    assert_eq!(d, json!({"taskDefinition": "web:7"}));
    let unpinned = run(
        "task_definition_reference",
        json!({"taskDefinition": "arn:aws:ecs:us-east-1:123456789012:task-definition/web"}),
    );
    assert_eq!(unpinned, json!({"taskDefinition": "web"}));
    assert_eq!(
        run(
            "task_definition_reference",
            json!({"taskDefinition": "web:7"})
        ),
        json!({"taskDefinition": "web:7"})
    );
}

#[test]
fn target_group_names() {
    let d = run(
        "target_group_names",
        json!({"loadBalancers": [{"targetGroupArn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/ui-application/abc", "containerName": "application", "containerPort": 8080}, {"targetGroupArn": "arn:external"}]}),
    );
    assert_eq!(
        d["loadBalancers"],
        json!([{"targetGroup": "ui-application", "containerName": "application", "containerPort": 8080}, {"targetGroupArn": "arn:external"}])
    );
}

#[test]
fn cluster_namespace_name() {
    let d = run(
        "cluster_namespace_name",
        json!({"clusterName": "c", "serviceConnectDefaults": {"namespace": "arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-1"}}),
    );
    assert_eq!(
        d,
        json!({"clusterName": "c", "serviceConnectDefaults": {"namespace": "retailstore.local"}})
    );
}

#[test]
fn load_balancer_sets() {
    let d = run(
        "load_balancer_sets",
        json!({"name": "x", "subnets": ["b", "a"], "securityGroups": ["sg-2", "sg-1"]}),
    );
    assert_eq!(
        d,
        json!({"name": "x", "subnets": ["a", "b"], "securityGroups": ["sg-1", "sg-2"]})
    );
}

#[test]
fn listener_actions() {
    // What DescribeListeners returns for a plain forward, and what the file says.
    let live = run(
        "listener_actions",
        json!({"defaultActions": [{"type": "forward", "order": 1, "targetGroupArn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/ui-application/abc",
               "forwardConfig": {"targetGroups": [{"targetGroupArn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/ui-application/abc", "weight": 1}],
                                 "targetGroupStickinessConfig": {"enabled": false}}}]}),
    );
    let desired = run(
        "listener_actions",
        json!({"defaultActions": [{"type": "forward", "targetGroup": "ui-application"}]}),
    );
    assert_eq!(live, desired);
    assert_eq!(
        desired,
        json!({"defaultActions": [{"type": "forward", "targetGroup": "ui-application", "order": 1}]})
    );
}

#[test]
fn rule_conditions() {
    let d = run(
        "rule_conditions",
        json!({"conditions": [{"field": "path-pattern", "values": ["/api/*"]}]}),
    );
    assert_eq!(
        d,
        json!({"conditions": [{"field": "path-pattern", "pathPatternConfig": {"values": ["/api/*"]}}]})
    );
}

#[test]
fn scaling_policy_label() {
    let d = run(
        "scaling_policy_label",
        json!({"targetTrackingScalingPolicyConfiguration": {"targetValue": 1500.0, "predefinedMetricSpecification": {"predefinedMetricType": "ALBRequestCountPerTarget", "resourceLabel": "app/retail-store-ecs-ui/50dc6c495c0c9188/targetgroup/ui-application/943f017f100becff"}}}),
    );
    assert_eq!(
        d,
        json!({"targetTrackingScalingPolicyConfiguration": {"targetValue": 1500.0, "predefinedMetricSpecification": {"predefinedMetricType": "ALBRequestCountPerTarget", "targetGroup": "ui-application"}}})
    );
    assert_eq!(
        resource_label(
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/retail-store-ecs-ui/50dc6c495c0c9188",
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/ui-application/943f017f100becff"
        )
        .as_deref(),
        Some("app/retail-store-ecs-ui/50dc6c495c0c9188/targetgroup/ui-application/943f017f100becff")
    );
}

#[test]
fn namespace_forms() {
    assert_eq!(
        run("namespace_forms", json!({"name": "a", "type": "HTTP"})),
        json!({"name": "a", "type": "HTTP"})
    );
    assert_eq!(
        run(
            "namespace_forms",
            json!({"name": "a", "type": "HTTP", "description": "", "properties": {}})
        ),
        json!({"name": "a", "type": "HTTP"})
    );
}

#[test]
fn drop_empty_makes_absent_null_and_empty_one() {
    let mut d = json!({"environment": [], "mountPoints": [], "a": {"b": {}}, "c": null, "d": [{}], "keep": 0, "f": false});
    drop_empty(&mut d);
    // Elements of a list keep their place, emptied or not.
    assert_eq!(d, json!({"d": [{}], "keep": 0, "f": false}));
}

#[test]
fn the_cluster_context() {
    let autoscaled = BTreeSet::new();
    let cluster = json!({
        "clusterName": "c",
        "defaultCapacityProviderStrategy": [{"capacityProvider": "FARGATE_SPOT", "weight": 1}],
        "serviceConnectDefaults": {"namespace": "arn:ns-1"},
    });
    let names: BTreeMap<String, String> = [("arn:ns-1".to_owned(), "shop".to_owned())].into();
    let ctx = Context::for_cluster(Some(&cluster), &names, &autoscaled);
    assert_eq!(ctx.cluster_namespace, Some("shop"));
    assert_eq!(
        ctx.cluster_strategy,
        Some(&json!([{"capacityProvider": "FARGATE_SPOT", "weight": 1}]))
    );
    for none in [
        json!({"clusterName": "c"}),
        json!({"defaultCapacityProviderStrategy": []}),
    ] {
        let ctx = Context::for_cluster(Some(&none), &names, &autoscaled);
        assert_eq!(ctx.cluster_strategy, None);
    }
}
