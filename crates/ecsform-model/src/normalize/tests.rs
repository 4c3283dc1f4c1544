//! A table test per rule, and the real AWS request/response pairs: the request as the
//! desired side, the response (as the reader would project it onto the file's shape) as
//! the live side, must compare equal.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use super::*;

fn ctx_with<'a>(
    names: &'a BTreeMap<String, String>,
    autoscaled: &'a BTreeSet<String>,
) -> Context<'a> {
    Context {
        names_by_arn: names,
        autoscaled,
        cluster_namespace: Some("service-connect"),
        cluster_strategy: None,
    }
}

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
    let ctx = ctx_with(&names, &autoscaled);
    let r = RULES
        .iter()
        .find(|r| r.name == rule)
        .unwrap_or_else(|| panic!("no rule {rule}"));
    let mut d = doc;
    (r.apply)(&mut d, &ctx);
    d
}

#[test]
fn every_rule_has_a_table_test() {
    let tested = [
        "tags_as_map",
        "task_cpu_memory_units",
        "network_mode_default",
        "container_defaults",
        "port_mapping_defaults",
        "container_sets",
        "volume_defaults",
        "cluster_default_strategy",
        "service_defaults",
        "monitoring_sets",
        "awsvpc_defaults",
        "service_connect_defaults",
        "task_definition_reference",
        "target_group_names",
        "desired_count_ownership",
        "cluster_defaults",
        "load_balancer_defaults",
        "target_group_defaults",
        "attributes_as_map",
        "listener_actions",
        "rule_conditions",
        "scalable_target_defaults",
        "scaling_policy_label",
        "scheduled_action_defaults",
        "namespace_defaults",
        "drop_empty",
    ];
    let names: Vec<&str> = RULES.iter().map(|r| r.name).collect();
    assert_eq!(
        names, tested,
        "add a table test for each new rule and list it here"
    );
}

#[test]
fn tags_as_map() {
    let d = run(
        "tags_as_map",
        json!({"tags": [{"key": "team", "value": "shop"}, {"key": "ecsform:stack", "value": "x"}]}),
    );
    assert_eq!(d, json!({"tags": {"team": "shop"}}));
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
fn network_mode_default() {
    assert_eq!(
        run("network_mode_default", json!({})),
        json!({"networkMode": "bridge"})
    );
    assert_eq!(
        run("network_mode_default", json!({"networkMode": "awsvpc"})),
        json!({"networkMode": "awsvpc"})
    );
}

#[test]
fn container_defaults() {
    let d = run(
        "container_defaults",
        json!({"containerDefinitions": [{"name": "a"}, {"name": "b", "essential": false, "cpu": 10}]}),
    );
    assert_eq!(
        d,
        json!({"containerDefinitions": [{"name": "a", "essential": true, "cpu": 0}, {"name": "b", "essential": false, "cpu": 10}]})
    );
}

#[test]
fn port_mapping_defaults() {
    let d = run(
        "port_mapping_defaults",
        json!({"networkMode": "awsvpc", "containerDefinitions": [{"portMappings": [{"containerPort": 80}, {"containerPortRange": "8000-8010"}]}]}),
    );
    assert_eq!(
        d["containerDefinitions"][0]["portMappings"],
        json!([{"containerPort": 80, "hostPort": 80, "protocol": "tcp"}, {"containerPortRange": "8000-8010", "protocol": "tcp"}])
    );
    let bridge = run(
        "port_mapping_defaults",
        json!({"networkMode": "bridge", "containerDefinitions": [{"portMappings": [{"containerPort": 80}]}]}),
    );
    assert_eq!(
        bridge["containerDefinitions"][0]["portMappings"][0],
        json!({"containerPort": 80, "protocol": "tcp"})
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
fn volume_defaults() {
    let d = run(
        "volume_defaults",
        json!({"volumes": [
            {"name": "efs", "efsVolumeConfiguration": {"fileSystemId": "fs-1"}},
            {"name": "sub", "efsVolumeConfiguration": {"fileSystemId": "fs-1", "rootDirectory": "/data"}},
            {"name": "bind"}
        ]}),
    );
    assert_eq!(
        d,
        json!({"volumes": [
            {"name": "efs", "efsVolumeConfiguration": {"fileSystemId": "fs-1", "rootDirectory": "/"}},
            {"name": "sub", "efsVolumeConfiguration": {"fileSystemId": "fs-1", "rootDirectory": "/data"}},
            {"name": "bind"}
        ]})
    );
}

#[test]
fn service_defaults() {
    let d = run("service_defaults", json!({"launchType": "FARGATE"}));
    assert_eq!(
        d,
        json!({
            "launchType": "FARGATE", "schedulingStrategy": "REPLICA", "deploymentController": {"type": "ECS"},
            "deploymentConfiguration": {"maximumPercent": 200, "minimumHealthyPercent": 100, "deploymentCircuitBreaker": {"enable": false, "rollback": false}},
            "enableECSManagedTags": false, "enableExecuteCommand": false, "propagateTags": "NONE",
            "healthCheckGracePeriodSeconds": 0, "platformVersion": "LATEST"
        })
    );
    let daemon = run(
        "service_defaults",
        json!({"schedulingStrategy": "DAEMON", "launchType": "EC2"}),
    );
    assert_eq!(daemon["deploymentConfiguration"]["maximumPercent"], 100);
    assert_eq!(
        daemon["deploymentConfiguration"]["minimumHealthyPercent"],
        0
    );
    assert!(daemon.get("platformVersion").is_none());
    // A capacity provider strategy: base and weight default to 0 (DescribeServices
    // returns both), and the Fargate providers run on the `LATEST` platform too.
    let strategy = run(
        "service_defaults",
        json!({"capacityProviderStrategy": [
            {"capacityProvider": "FARGATE", "weight": 3},
            {"capacityProvider": "FARGATE_SPOT", "base": 1}
        ]}),
    );
    assert_eq!(
        strategy["capacityProviderStrategy"],
        json!([
            {"capacityProvider": "FARGATE", "weight": 3, "base": 0},
            {"capacityProvider": "FARGATE_SPOT", "base": 1, "weight": 0}
        ])
    );
    assert_eq!(strategy["platformVersion"], "LATEST");
    let ec2_provider = run(
        "service_defaults",
        json!({"capacityProviderStrategy": [{"capacityProvider": "my-asg", "weight": 1}]}),
    );
    assert!(ec2_provider.get("platformVersion").is_none());
}

#[test]
fn awsvpc_defaults() {
    let d = run(
        "awsvpc_defaults",
        json!({"networkConfiguration": {"awsvpcConfiguration": {"subnets": ["b", "a"], "securityGroups": ["sg-2", "sg-1"]}}}),
    );
    assert_eq!(
        d,
        json!({"networkConfiguration": {"awsvpcConfiguration": {"subnets": ["a", "b"], "securityGroups": ["sg-1", "sg-2"], "assignPublicIp": "DISABLED"}}})
    );
}

#[test]
fn service_connect_defaults() {
    let by_arn = run(
        "service_connect_defaults",
        json!({"serviceConnectConfiguration": {"enabled": true, "namespace": "arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-1", "services": [{"portName": "application", "clientAliases": [{"port": 80}]}]}}),
    );
    assert_eq!(
        by_arn["serviceConnectConfiguration"],
        json!({"enabled": true, "namespace": "retailstore.local", "services": [{"portName": "application", "discoveryName": "application", "clientAliases": [{"port": 80, "dnsName": "application.retailstore.local"}]}]})
    );
    let cluster_default = run(
        "service_connect_defaults",
        json!({"serviceConnectConfiguration": {"enabled": true, "services": [{"portName": "nginx"}]}}),
    );
    assert_eq!(
        cluster_default["serviceConnectConfiguration"]["namespace"],
        "service-connect"
    );
    // Disabled is the same as none.
    let disabled = run(
        "service_connect_defaults",
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
fn desired_count_ownership() {
    assert_eq!(
        run(
            "desired_count_ownership",
            json!({"serviceName": "ui", "desiredCount": 2})
        ),
        json!({"serviceName": "ui"})
    );
    assert_eq!(
        run(
            "desired_count_ownership",
            json!({"serviceName": "catalog", "desiredCount": 1})
        ),
        json!({"serviceName": "catalog", "desiredCount": 1})
    );
    assert_eq!(
        run(
            "desired_count_ownership",
            json!({"serviceName": "d", "schedulingStrategy": "DAEMON", "desiredCount": 3})
        ),
        json!({"serviceName": "d", "schedulingStrategy": "DAEMON"})
    );
}

#[test]
fn cluster_defaults() {
    let d = run(
        "cluster_defaults",
        json!({"clusterName": "c", "serviceConnectDefaults": {"namespace": "arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-1"}}),
    );
    assert_eq!(
        d,
        json!({"clusterName": "c", "serviceConnectDefaults": {"namespace": "retailstore.local"}, "settings": [{"name": "containerInsights", "value": "disabled"}]})
    );
    // The SDK's CapacityProviderStrategyItem has base and weight as plain numbers: the
    // live side always has both.
    let strategy = run(
        "cluster_defaults",
        json!({"clusterName": "c", "defaultCapacityProviderStrategy": [{"capacityProvider": "FARGATE"}, {"capacityProvider": "FARGATE_SPOT", "base": 1, "weight": 2}]}),
    );
    assert_eq!(
        strategy["defaultCapacityProviderStrategy"],
        json!([{"capacityProvider": "FARGATE", "base": 0, "weight": 0}, {"capacityProvider": "FARGATE_SPOT", "base": 1, "weight": 2}])
    );
}

#[test]
fn load_balancer_defaults() {
    let d = run(
        "load_balancer_defaults",
        json!({"name": "x", "subnets": ["b", "a"]}),
    );
    assert_eq!(
        d,
        json!({"name": "x", "subnets": ["a", "b"], "type": "application", "scheme": "internet-facing", "ipAddressType": "ipv4"})
    );
}

#[test]
fn target_group_defaults() {
    let d = run(
        "target_group_defaults",
        json!({"name": "t", "protocol": "HTTP", "port": 80, "targetType": "ip"}),
    );
    assert_eq!(
        d,
        json!({"name": "t", "protocol": "HTTP", "port": 80, "targetType": "ip", "healthCheckEnabled": true, "healthCheckProtocol": "HTTP",
               "healthCheckPort": "traffic-port", "ipAddressType": "ipv4", "protocolVersion": "HTTP1", "healthCheckPath": "/",
               "healthCheckIntervalSeconds": 30, "healthCheckTimeoutSeconds": 5, "healthyThresholdCount": 5, "unhealthyThresholdCount": 2,
               "matcher": {"httpCode": "200"}})
    );
}

#[test]
fn attributes_as_map() {
    let d = run(
        "attributes_as_map",
        json!({"attributes": [{"key": "b", "value": "2"}, {"key": "a", "value": "1"}]}),
    );
    assert_eq!(d, json!({"attributes": {"a": "1", "b": "2"}}));
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
fn scalable_target_defaults() {
    let d = run("scalable_target_defaults", json!({"minCapacity": 2}));
    assert_eq!(
        d["suspendedState"],
        json!({"dynamicScalingInSuspended": false, "dynamicScalingOutSuspended": false, "scheduledScalingSuspended": false})
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
        json!({"targetTrackingScalingPolicyConfiguration": {"targetValue": 1500.0, "disableScaleIn": false, "predefinedMetricSpecification": {"predefinedMetricType": "ALBRequestCountPerTarget", "targetGroup": "ui-application"}}})
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
fn scheduled_action_defaults() {
    assert_eq!(
        run(
            "scheduled_action_defaults",
            json!({"schedule": "cron(0 8 * * ? *)"})
        ),
        json!({"schedule": "cron(0 8 * * ? *)", "timezone": "UTC"})
    );
}

#[test]
fn namespace_defaults() {
    assert_eq!(
        run("namespace_defaults", json!({"name": "a", "type": "HTTP"})),
        json!({"name": "a", "type": "HTTP"})
    );
    assert_eq!(
        run(
            "namespace_defaults",
            json!({"name": "a", "type": "HTTP", "description": "", "properties": {}})
        ),
        json!({"name": "a", "type": "HTTP"})
    );
}

#[test]
fn drop_empty() {
    let d = run(
        "drop_empty",
        json!({"environment": [], "mountPoints": [], "a": {"b": {}}, "c": null, "d": [{}], "keep": 0, "f": false}),
    );
    // Elements of a list keep their place, emptied or not.
    assert_eq!(d, json!({"d": [{}], "keep": 0, "f": false}));
}

#[test]
fn align_compares_only_attributes_the_file_sets() {
    let desired = json!({"attributes": {"deregistration_delay.timeout_seconds": "30"}});
    let mut live = json!({"attributes": {"deregistration_delay.timeout_seconds": "30", "stickiness.enabled": "false"}, "role": "x"});
    align(Kind::TargetGroup, &desired, &mut live);
    assert_eq!(
        live,
        json!({"attributes": {"deregistration_delay.timeout_seconds": "30"}, "role": "x"})
    );
    let mut svc = json!({"role": "arn:aws:iam::1:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS"});
    align(Kind::Service, &json!({}), &mut svc);
    assert_eq!(svc, json!({}));
    // No launch type and no capacity provider strategy in the file: the EC2 launch type
    // AWS picks is not compared; a launch type the file gives is.
    let mut picked = json!({"launchType": "EC2", "serviceName": "s"});
    align(Kind::Service, &json!({"serviceName": "s"}), &mut picked);
    assert_eq!(picked, json!({"serviceName": "s"}));
    let mut given = json!({"launchType": "EC2"});
    align(Kind::Service, &json!({"launchType": "FARGATE"}), &mut given);
    assert_eq!(given, json!({"launchType": "EC2"}));
    let mut fargate = json!({"launchType": "FARGATE"});
    align(Kind::Service, &json!({}), &mut fargate);
    assert_eq!(fargate, json!({"launchType": "FARGATE"}));
    let mut strategy = json!({"launchType": "EC2"});
    align(
        Kind::Service,
        &json!({"capacityProviderStrategy": [{"capacityProvider": "asg", "weight": 1, "base": 0}]}),
        &mut strategy,
    );
    assert_eq!(strategy, json!({"launchType": "EC2"}));
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
    // No metric configurations: AWS's default, the same as no monitoring.
    let none = normalize(
        Kind::Service,
        &json!({"serviceName": "s", "monitoring": {"metricConfigurations": []}}),
        &ctx_with(&BTreeMap::new(), &BTreeSet::new()),
    );
    assert!(none.get("monitoring").is_none(), "{none}");
}

#[test]
fn cluster_default_strategy_fills_a_service_that_gives_neither() {
    let names = BTreeMap::new();
    let autoscaled = BTreeSet::new();
    let cluster = json!({
        "clusterName": "c",
        "capacityProviders": ["FARGATE", "FARGATE_SPOT"],
        "defaultCapacityProviderStrategy": [{"capacityProvider": "FARGATE_SPOT", "weight": 1}],
        "serviceConnectDefaults": {"namespace": "arn:ns-1"},
    });
    let names_ns: BTreeMap<String, String> = [("arn:ns-1".to_owned(), "shop".to_owned())].into();
    let ctx = Context::for_cluster(Some(&cluster), &names_ns, &autoscaled);
    assert_eq!(ctx.cluster_namespace, Some("shop"));
    // Neither given: the cluster's strategy, then base and weight 0 as AWS reports them.
    let d = normalize(Kind::Service, &json!({"serviceName": "s"}), &ctx);
    assert_eq!(
        d["capacityProviderStrategy"],
        json!([{"capacityProvider": "FARGATE_SPOT", "weight": 1, "base": 0}])
    );
    assert_eq!(d["platformVersion"], "LATEST");
    // What the file gives stays.
    let given = normalize(
        Kind::Service,
        &json!({"capacityProviderStrategy": [{"capacityProvider": "FARGATE", "weight": 2}]}),
        &ctx,
    );
    assert_eq!(
        given["capacityProviderStrategy"],
        json!([{"capacityProvider": "FARGATE", "weight": 2, "base": 0}])
    );
    let launch = normalize(Kind::Service, &json!({"launchType": "EC2"}), &ctx);
    assert!(launch.get("capacityProviderStrategy").is_none());
    // No default strategy (absent or `[]`): nothing is filled in.
    for none in [
        json!({"clusterName": "c"}),
        json!({"defaultCapacityProviderStrategy": []}),
    ] {
        let ctx = Context::for_cluster(Some(&none), &names, &autoscaled);
        assert_eq!(ctx.cluster_strategy, None);
        let d = normalize(Kind::Service, &json!({"serviceName": "s"}), &ctx);
        assert!(d.get("capacityProviderStrategy").is_none(), "{d}");
    }
}

// ---- real AWS pairs -------------------------------------------------------------------

fn fixture(name: &str) -> Value {
    let path = format!(
        "{}/../../tests/fixtures/aws-real/_pairs/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// A value as the reader hands it over: projected onto the file's type (fields the file
/// cannot hold, output-only ones, are not there).
fn project<T: serde::de::DeserializeOwned + serde::Serialize>(v: &Value) -> Value {
    let typed: T = serde_json::from_value(v.clone()).unwrap();
    serde_json::to_value(typed).unwrap()
}

fn both(
    kind: Kind,
    desired: &Value,
    live: &Value,
    names: &BTreeMap<String, String>,
) -> (Value, Value) {
    let autoscaled = BTreeSet::new();
    let ctx = Context {
        names_by_arn: names,
        autoscaled: &autoscaled,
        cluster_namespace: Some("service-connect"),
        cluster_strategy: None,
    };
    let d = normalize(kind, desired, &ctx);
    let mut l = normalize(kind, live, &ctx);
    align(kind, &d, &mut l);
    (d, l)
}

#[test]
fn register_task_definition_request_equals_its_response() {
    let request = project::<ecsform_spec::types::TaskDefinition>(&fixture(
        "register-task-definition.request.json",
    ));
    let response = project::<ecsform_spec::types::TaskDefinition>(
        &fixture("register-task-definition.response.json")["taskDefinition"],
    );
    let (d, l) = both(Kind::TaskDefinition, &request, &response, &BTreeMap::new());
    assert_eq!(d, l);
}

#[test]
fn create_service_request_equals_its_response() {
    let mut request = fixture("create-service.request.json");
    request.as_object_mut().unwrap().remove("cluster");
    let request = project::<ecsform_spec::types::Service>(&request);
    let response = fixture("create-service.response.json")["service"].clone();
    let mut live = project::<ecsform_spec::types::Service>(&response);
    // Service Connect is on the PRIMARY deployment, not on the service.
    let primary = response["deployments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["status"] == "PRIMARY")
        .unwrap();
    live["serviceConnectConfiguration"] = project::<ecsform_spec::types::ServiceConnectConfiguration>(
        &primary["serviceConnectConfiguration"],
    );
    let names: BTreeMap<String, String> = [(
        "arn:aws:servicediscovery:ap-northeast-1:123456789012:namespace/ns-vdpucf3aztj23ecw"
            .to_owned(),
        "service-connect".to_owned(),
    )]
    .into();
    let (mut d, l) = both(Kind::Service, &request, &live, &names);
    // The file names the family; the plan pins it to the revision it registers.
    d["taskDefinition"] = json!("service-connect-nginx:1");
    assert_eq!(d, l);
}

#[test]
fn create_cluster_response_equals_the_tutorial_cluster() {
    let desired = json!({"clusterName": "tutorial", "settings": [{"name": "containerInsights", "value": "enabled"}], "serviceConnectDefaults": {"namespace": "service-connect"}});
    let live = project::<ecsform_spec::types::Cluster>(
        &fixture("create-cluster.response.json")["cluster"],
    );
    let names: BTreeMap<String, String> = [(
        "arn:aws:servicediscovery:ap-northeast-1:123456789012:namespace/ns-vdpucf3aztj23ecw"
            .to_owned(),
        "service-connect".to_owned(),
    )]
    .into();
    let (d, l) = both(Kind::Cluster, &desired, &live, &names);
    assert_eq!(d, l);
}

#[test]
fn list_namespaces_response_equals_the_cluster_made_namespace() {
    let ns = &fixture("list-namespaces.response.json")["Namespaces"][0];
    // The Cloud Map reader maps PascalCase to the file's shape.
    let live = json!({"name": ns["Name"], "type": ns["Type"]});
    let desired = json!({"name": "service-connect", "type": "HTTP"});
    let (d, l) = both(Kind::Namespace, &desired, &live, &BTreeMap::new());
    assert_eq!(d, l);
}
