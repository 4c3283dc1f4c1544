//! The table's own checks, and a test of what it fills in per kind.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use super::*;

fn filled_with(kind: Kind, doc: Value, ctx: &Context<'_>) -> Value {
    let mut d = doc;
    fill(kind, &mut d, ctx);
    d
}

fn filled(kind: Kind, doc: Value) -> Value {
    let names = BTreeMap::new();
    let autoscaled = BTreeSet::new();
    let ctx = Context {
        names_by_arn: &names,
        autoscaled: &autoscaled,
        cluster_namespace: Some("service-connect"),
        cluster_strategy: None,
    };
    filled_with(kind, doc, &ctx)
}

#[test]
fn every_row_parses_is_unique_and_cites_aws() {
    let mut seen = BTreeSet::new();
    for r in table() {
        let p = Pattern::parse(r.path).unwrap_or_else(|| panic!("bad path {}", r.path));
        assert_eq!(p.to_string(), r.path, "paths are written canonically");
        assert!(p.last_key().is_some(), "{} must end with a member", r.path);
        // A field may have a reset row and an AWS-chosen one, for different documents.
        assert!(
            seen.insert((r.kind, r.path, r.managed == Managed::Reset)),
            "{} {} appears twice",
            r.kind,
            r.path
        );
        assert!(
            r.source.starts_with("https://docs.aws.amazon.com/"),
            "{} {}: cite the AWS documentation",
            r.kind,
            r.path
        );
        assert!(!r.what.is_empty());
        if let DefaultValue::Json(text) = r.value {
            assert!(
                serde_json::from_str::<Value>(text).is_ok(),
                "{} {}: {text} is not JSON",
                r.kind,
                r.path
            );
        }
        // A default of none cannot create its parents.
        if matches!(r.value, DefaultValue::Json("null")) {
            assert_eq!(r.parent, Parent::Existing, "{}", r.path);
        }
    }
}

#[test]
fn containers_ports_health_checks_and_volumes() {
    let d = filled(
        Kind::TaskDefinition,
        json!({"family": "f", "networkMode": "awsvpc", "containerDefinitions": [
            {"name": "a", "portMappings": [{"containerPort": 80}, {"containerPortRange": "8000-8010"}],
             "healthCheck": {"command": ["CMD", "true"]}},
            {"name": "b", "essential": false, "cpu": 10, "mountPoints": [{"sourceVolume": "v", "containerPath": "/v"}]}],
            "volumes": [{"name": "efs", "efsVolumeConfiguration": {"fileSystemId": "fs-1"}},
                        {"name": "d", "dockerVolumeConfiguration": {"driver": "local"}}]}),
    );
    assert_eq!(
        d,
        json!({"family": "f", "networkMode": "awsvpc", "containerDefinitions": [
            {"name": "a", "essential": true, "cpu": 0,
             "portMappings": [{"containerPort": 80, "protocol": "tcp", "hostPort": 80}, {"containerPortRange": "8000-8010", "protocol": "tcp"}],
             "healthCheck": {"command": ["CMD", "true"], "interval": 30, "timeout": 5, "retries": 3}},
            {"name": "b", "essential": false, "cpu": 10, "mountPoints": [{"sourceVolume": "v", "containerPath": "/v", "readOnly": false}]}],
            "volumes": [{"name": "efs", "efsVolumeConfiguration": {"fileSystemId": "fs-1", "rootDirectory": "/", "transitEncryption": "DISABLED"}, "configuredAtLaunch": false},
                        {"name": "d", "dockerVolumeConfiguration": {"driver": "local", "scope": "task", "autoprovision": false}, "configuredAtLaunch": false}],
            "enableFaultInjection": false, "tags": {}})
    );
    // Under bridge networking (the default), a port mapping without a host port gets a
    // dynamic one, which AWS returns as 0.
    let bridge = filled(
        Kind::TaskDefinition,
        json!({"containerDefinitions": [{"name": "a", "portMappings": [{"containerPort": 80}, {"containerPort": 443, "hostPort": 443}]}]}),
    );
    assert_eq!(bridge["networkMode"], "bridge");
    assert_eq!(
        bridge["containerDefinitions"][0]["portMappings"],
        json!([{"containerPort": 80, "protocol": "tcp", "hostPort": 0}, {"containerPort": 443, "hostPort": 443, "protocol": "tcp"}])
    );
    // A Windows task's network mode is AWS's.
    let windows = filled(
        Kind::TaskDefinition,
        json!({"runtimePlatform": {"operatingSystemFamily": "WINDOWS_SERVER_2022_CORE"}, "containerDefinitions": []}),
    );
    assert!(windows.get("networkMode").is_none());
}

#[test]
fn services_by_scheduling_strategy_and_controller() {
    let d = filled(
        Kind::Service,
        json!({"serviceName": "s", "launchType": "FARGATE"}),
    );
    assert_eq!(
        d,
        json!({
            "serviceName": "s", "launchType": "FARGATE", "schedulingStrategy": "REPLICA",
            "deploymentController": {"type": "ECS"},
            "deploymentConfiguration": {"maximumPercent": 200, "minimumHealthyPercent": 100,
                "deploymentCircuitBreaker": {"enable": false, "rollback": false},
                "alarms": {"enable": false, "rollback": false, "alarmNames": []},
                "strategy": "ROLLING"},
            "enableECSManagedTags": false, "enableExecuteCommand": false, "propagateTags": "NONE",
            "healthCheckGracePeriodSeconds": 0, "platformVersion": "LATEST", "tags": {}
        })
    );
    let daemon = filled(
        Kind::Service,
        json!({"schedulingStrategy": "DAEMON", "launchType": "EC2"}),
    );
    assert_eq!(daemon["deploymentConfiguration"]["maximumPercent"], 100);
    assert_eq!(
        daemon["deploymentConfiguration"]["minimumHealthyPercent"],
        0
    );
    assert!(daemon.get("platformVersion").is_none());
    // Alarms and the strategy belong to the ECS controller: nothing is filled in, and no
    // empty object is left behind, under CODE_DEPLOY.
    let code_deploy = filled(
        Kind::Service,
        json!({"deploymentController": {"type": "CODE_DEPLOY"}}),
    );
    assert_eq!(
        code_deploy["deploymentConfiguration"],
        json!({"maximumPercent": 200, "minimumHealthyPercent": 100,
               "deploymentCircuitBreaker": {"enable": false, "rollback": false}})
    );
    // A capacity provider strategy: base and weight 0, and the Fargate providers run on
    // the `LATEST` platform too.
    let strategy = filled(
        Kind::Service,
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
    let ec2_provider = filled(
        Kind::Service,
        json!({"capacityProviderStrategy": [{"capacityProvider": "my-asg", "weight": 1}]}),
    );
    assert!(ec2_provider.get("platformVersion").is_none());
}

#[test]
fn a_service_on_the_cluster_default_strategy() {
    let names = BTreeMap::new();
    let autoscaled = BTreeSet::new();
    let strategy = json!([{"capacityProvider": "FARGATE_SPOT", "weight": 1}]);
    let ctx = Context {
        names_by_arn: &names,
        autoscaled: &autoscaled,
        cluster_namespace: None,
        cluster_strategy: Some(&strategy),
    };
    let d = filled_with(Kind::Service, json!({"serviceName": "s"}), &ctx);
    assert_eq!(
        d["capacityProviderStrategy"],
        json!([{"capacityProvider": "FARGATE_SPOT", "weight": 1, "base": 0}])
    );
    assert_eq!(d["platformVersion"], "LATEST");
    let launch = filled_with(Kind::Service, json!({"launchType": "EC2"}), &ctx);
    assert!(launch.get("capacityProviderStrategy").is_none());
}

#[test]
fn service_connect_names_and_aliases() {
    let names: BTreeMap<String, String> =
        [("arn:ns-1".to_owned(), "retailstore.local".to_owned())].into();
    let autoscaled = BTreeSet::new();
    let ctx = Context {
        names_by_arn: &names,
        autoscaled: &autoscaled,
        cluster_namespace: Some("retailstore.local"),
        cluster_strategy: None,
    };
    let file = filled_with(
        Kind::Service,
        json!({"serviceConnectConfiguration": {"enabled": true, "services": [
            {"portName": "http", "clientAliases": [{"port": 80}]},
            {"portName": "admin", "discoveryName": "ops", "clientAliases": [{"port": 81}]}]}}),
        &ctx,
    );
    assert_eq!(
        file["serviceConnectConfiguration"],
        json!({"enabled": true, "namespace": "retailstore.local", "services": [
            {"portName": "http", "discoveryName": "http", "clientAliases": [{"port": 80, "dnsName": "http.retailstore.local"}]},
            {"portName": "admin", "discoveryName": "ops", "clientAliases": [{"port": 81, "dnsName": "ops.retailstore.local"}]}]})
    );
    // Live names the namespace by ARN: the DNS name default still uses its name.
    let live = filled_with(
        Kind::Service,
        json!({"serviceConnectConfiguration": {"enabled": true, "namespace": "arn:ns-1", "services": [
            {"portName": "http", "discoveryName": "http", "clientAliases": [{"port": 80}]}]}}),
        &ctx,
    );
    assert_eq!(
        live["serviceConnectConfiguration"]["services"][0]["clientAliases"][0]["dnsName"],
        "http.retailstore.local"
    );
}

#[test]
fn target_groups_by_protocol() {
    let http = filled(
        Kind::TargetGroup,
        json!({"name": "t", "protocol": "HTTP", "port": 80, "targetType": "ip"}),
    );
    assert_eq!(
        http,
        json!({"name": "t", "protocol": "HTTP", "port": 80, "targetType": "ip", "ipAddressType": "ipv4",
               "protocolVersion": "HTTP1", "healthCheckEnabled": true, "healthCheckProtocol": "HTTP",
               "healthCheckPort": "traffic-port", "healthCheckPath": "/", "healthCheckIntervalSeconds": 30,
               "healthCheckTimeoutSeconds": 5, "healthyThresholdCount": 5, "unhealthyThresholdCount": 2,
               "matcher": {"httpCode": "200"},
               "attributes": {
                   "deregistration_delay.timeout_seconds": "300",
                   "deregistration_delay.connection_termination.enabled": "false",
                   "load_balancing.algorithm.type": "round_robin",
                   "load_balancing.algorithm.anomaly_mitigation": "off",
                   "load_balancing.cross_zone.enabled": "use_load_balancer_configuration",
                   "proxy_protocol_v2.enabled": "false",
                   "slow_start.duration_seconds": "0",
                   "stickiness.enabled": "false",
                   "stickiness.app_cookie.duration_seconds": "86400",
                   "stickiness.lb_cookie.duration_seconds": "86400",
                   "target_group_health.dns_failover.minimum_healthy_targets.count": "1",
                   "target_group_health.dns_failover.minimum_healthy_targets.percentage": "off",
                   "target_group_health.unhealthy_state_routing.minimum_healthy_targets.count": "1",
                   "target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage": "off",
                   "lambda.multi_value_headers.enabled": "false"},
               "tags": {}})
    );
    // Network Load Balancer target groups: TCP health checks, 10 s timeout, no path or
    // matcher, no protocol version.
    let tcp = filled(
        Kind::TargetGroup,
        json!({"name": "n", "protocol": "TCP", "port": 80}),
    );
    for (k, v) in [
        ("healthCheckProtocol", json!("TCP")),
        ("healthCheckIntervalSeconds", json!(30)),
        ("healthCheckTimeoutSeconds", json!(10)),
    ] {
        assert_eq!(tcp[k], v, "{k}");
    }
    // Their thresholds are AWS's (3 and 3 before late 2022, 5 and 2 since).
    for k in [
        "healthCheckPath",
        "matcher",
        "protocolVersion",
        "healthyThresholdCount",
        "unhealthyThresholdCount",
    ] {
        assert!(tcp.get(k).is_none(), "{k}: {tcp}");
    }
    // An NLB target group with an HTTP health check.
    let tcp_http = filled(
        Kind::TargetGroup,
        json!({"name": "n", "protocol": "TCP", "port": 80, "healthCheckProtocol": "HTTP"}),
    );
    assert_eq!(tcp_http["healthCheckTimeoutSeconds"], 6);
    assert_eq!(tcp_http["healthCheckPath"], "/");
    assert_eq!(tcp_http["matcher"], json!({"httpCode": "200-399"}));
    // gRPC.
    let grpc = filled(
        Kind::TargetGroup,
        json!({"name": "g", "protocol": "HTTP", "protocolVersion": "GRPC", "port": 50051}),
    );
    assert_eq!(grpc["matcher"], json!({"grpcCode": "12"}));
    assert_eq!(grpc["healthCheckPath"], "/AWS.ALB/healthcheck");
}

#[test]
fn autoscaling_and_the_rest() {
    assert_eq!(
        filled(Kind::ScalableTarget, json!({"minCapacity": 2}))["suspendedState"],
        json!({"dynamicScalingInSuspended": false, "dynamicScalingOutSuspended": false, "scheduledScalingSuspended": false})
    );
    assert_eq!(
        filled(
            Kind::ScheduledAction,
            json!({"schedule": "cron(0 8 * * ? *)"})
        ),
        json!({"schedule": "cron(0 8 * * ? *)", "timezone": "UTC"})
    );
    assert_eq!(
        filled(
            Kind::ScalingPolicy,
            json!({"targetTrackingScalingPolicyConfiguration": {"targetValue": 50.0}})
        ),
        json!({"targetTrackingScalingPolicyConfiguration": {"targetValue": 50.0, "disableScaleIn": false}})
    );
    let lb = filled(Kind::LoadBalancer, json!({"name": "x"}));
    assert_eq!(lb["type"], "application");
    assert_eq!(lb["scheme"], "internet-facing");
    assert_eq!(lb["attributes"]["idle_timeout.timeout_seconds"], "60");
    // Container Insights depends on the account's setting: AWS's, never filled in.
    let cluster = filled(Kind::Cluster, json!({"clusterName": "c"}));
    assert_eq!(cluster, json!({"clusterName": "c", "tags": {}}));
}

#[test]
fn the_default_at_a_path() {
    let names = BTreeMap::new();
    let autoscaled = BTreeSet::new();
    let ctx = Context {
        names_by_arn: &names,
        autoscaled: &autoscaled,
        cluster_namespace: None,
        cluster_strategy: None,
    };
    let svc = json!({"availabilityZoneRebalancing": "ENABLED", "enableExecuteCommand": true});
    let at = |p: &str| {
        let path: Vec<Step> = p.split('.').map(|k| Step::Key(k.to_owned())).collect();
        default_at(Kind::Service, &svc, &path, &ctx)
    };
    assert_eq!(
        at("availabilityZoneRebalancing"),
        Some((json!("ENABLED"), Managed::AwsChooses))
    );
    assert_eq!(
        at("enableExecuteCommand"),
        Some((json!(false), Managed::Reset))
    );
    assert_eq!(at("serviceName"), None);
}
