//! The one table of normalizers, applied to BOTH the desired and the live document of a
//! resource before they are compared. Each rule is pure (it returns a new document; the
//! caller's value is never changed), fills one AWS default or canonicalizes one form, and
//! has a table test below, with a real AWS response where one exists.
//!
//! The goal is zero spurious diffs: after `apply`, `plan` says "No changes".

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};

use crate::desired::task_definition_family;
use crate::{Doc, Kind};

/// What the rules may consult besides the document.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// Names of the stack's resources by ARN (namespaces, target groups, load balancers).
    pub names_by_arn: &'a BTreeMap<String, String>,
    /// Services whose `desiredCount` belongs to the autoscaler.
    pub autoscaled: &'a BTreeSet<String>,
    /// The cluster's default Service Connect namespace (a name).
    pub cluster_namespace: Option<&'a str>,
    /// The cluster's default capacity provider strategy (a non-empty array), which a
    /// service that gives neither a launch type nor a strategy runs on.
    pub cluster_strategy: Option<&'a Value>,
}

impl<'a> Context<'a> {
    /// The context of a stack whose cluster document (the file's; or the live one, as
    /// import reads it) is `cluster`: its defaults for services, the namespace by name.
    #[must_use]
    pub fn for_cluster(
        cluster: Option<&'a Doc>,
        names_by_arn: &'a BTreeMap<String, String>,
        autoscaled: &'a BTreeSet<String>,
    ) -> Self {
        let cluster_namespace = cluster
            .and_then(|c| c.pointer("/serviceConnectDefaults/namespace"))
            .and_then(Value::as_str)
            .map(|ns| names_by_arn.get(ns).map_or(ns, String::as_str));
        let cluster_strategy = cluster
            .and_then(|c| c.get("defaultCapacityProviderStrategy"))
            .filter(|s| s.as_array().is_some_and(|a| !a.is_empty()));
        Self {
            names_by_arn,
            autoscaled,
            cluster_namespace,
            cluster_strategy,
        }
    }
}

/// A single-document rule.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// Its name, for tests and for `--explain`.
    pub name: &'static str,
    /// The kinds it applies to.
    pub kinds: &'static [Kind],
    /// The rule.
    pub apply: fn(&mut Doc, &Context<'_>),
}

use Kind::{
    Cluster, Listener, ListenerRule, LoadBalancer, Namespace, ScalableTarget, ScalingPolicy,
    ScheduledAction, Service, TargetGroup, TaskDefinition,
};

/// The table, in the order the rules run. `drop_empty` runs last.
pub const RULES: &[Rule] = &[
    Rule {
        name: "tags_as_map",
        kinds: &Kind::ALL,
        apply: tags_as_map,
    },
    Rule {
        name: "task_cpu_memory_units",
        kinds: &[TaskDefinition],
        apply: task_cpu_memory_units,
    },
    Rule {
        name: "network_mode_default",
        kinds: &[TaskDefinition],
        apply: network_mode_default,
    },
    Rule {
        name: "container_defaults",
        kinds: &[TaskDefinition],
        apply: container_defaults,
    },
    Rule {
        name: "port_mapping_defaults",
        kinds: &[TaskDefinition],
        apply: port_mapping_defaults,
    },
    Rule {
        name: "container_sets",
        kinds: &[TaskDefinition],
        apply: container_sets,
    },
    Rule {
        name: "volume_defaults",
        kinds: &[TaskDefinition],
        apply: volume_defaults,
    },
    Rule {
        name: "cluster_default_strategy",
        kinds: &[Service],
        apply: cluster_default_strategy,
    },
    Rule {
        name: "service_defaults",
        kinds: &[Service],
        apply: service_defaults,
    },
    Rule {
        name: "monitoring_sets",
        kinds: &[Service],
        apply: monitoring_sets,
    },
    Rule {
        name: "awsvpc_defaults",
        kinds: &[Service],
        apply: awsvpc_defaults,
    },
    Rule {
        name: "service_connect_defaults",
        kinds: &[Service],
        apply: service_connect_defaults,
    },
    Rule {
        name: "task_definition_reference",
        kinds: &[Service],
        apply: task_definition_reference,
    },
    Rule {
        name: "target_group_names",
        kinds: &[Service],
        apply: target_group_names,
    },
    Rule {
        name: "desired_count_ownership",
        kinds: &[Service],
        apply: desired_count_ownership,
    },
    Rule {
        name: "cluster_defaults",
        kinds: &[Cluster],
        apply: cluster_defaults,
    },
    Rule {
        name: "load_balancer_defaults",
        kinds: &[LoadBalancer],
        apply: load_balancer_defaults,
    },
    Rule {
        name: "target_group_defaults",
        kinds: &[TargetGroup],
        apply: target_group_defaults,
    },
    Rule {
        name: "attributes_as_map",
        kinds: &[LoadBalancer, TargetGroup, Listener],
        apply: attributes_as_map,
    },
    Rule {
        name: "listener_actions",
        kinds: &[Listener, ListenerRule],
        apply: listener_actions,
    },
    Rule {
        name: "rule_conditions",
        kinds: &[ListenerRule],
        apply: rule_conditions,
    },
    Rule {
        name: "scalable_target_defaults",
        kinds: &[ScalableTarget],
        apply: scalable_target_defaults,
    },
    Rule {
        name: "scaling_policy_label",
        kinds: &[ScalingPolicy],
        apply: scaling_policy_label,
    },
    Rule {
        name: "scheduled_action_defaults",
        kinds: &[ScheduledAction],
        apply: scheduled_action_defaults,
    },
    Rule {
        name: "namespace_defaults",
        kinds: &[Namespace],
        apply: namespace_defaults,
    },
    Rule {
        name: "drop_empty",
        kinds: &Kind::ALL,
        apply: drop_empty,
    },
];

/// Applies the table to a copy of a document.
#[must_use]
pub fn normalize(kind: Kind, doc: &Doc, ctx: &Context<'_>) -> Doc {
    let mut out = doc.clone();
    for rule in RULES.iter().filter(|r| r.kinds.contains(&kind)) {
        (rule.apply)(&mut out, ctx);
    }
    out
}

/// Rules that need both sides: the file decides what is compared. Applied after
/// [`normalize`], to copies.
pub fn align(kind: Kind, desired: &Doc, live: &mut Doc) {
    match kind {
        // AWS returns every attribute with its default; those the file sets are
        // compared, and those it does not set that are live at another value than their
        // default (`attributes::reset_default`): the file dropped them, or someone set
        // them by hand, and apply sets them back. Attributes with type-dependent
        // defaults, and listener attributes, are compared only when the file sets them.
        LoadBalancer | TargetGroup | Listener => {
            let wanted: BTreeSet<String> = desired
                .get("attributes")
                .and_then(Value::as_object)
                .map(|m| m.keys().cloned().collect())
                .unwrap_or_default();
            if let Some(Value::Object(attrs)) = live.get_mut("attributes") {
                attrs.retain(|k, v| {
                    wanted.contains(k)
                        || crate::attributes::reset_default(kind, k)
                            .is_some_and(|d| v.as_str() != Some(d))
                });
                if attrs.is_empty() {
                    remove(live, "attributes");
                }
            }
        }
        Service => {
            // Without a role in the file, AWS uses its service-linked role and reports it.
            if desired.get("role").is_none() {
                remove(live, "role");
            }
            // Without a launch type or a capacity provider strategy in the file (and
            // without a cluster default strategy, which `cluster_default_strategy` fills
            // in), AWS runs the service on the EC2 launch type and reports it: that `EC2`
            // is not a change (it forced a replacement at every plan).
            if desired.get("launchType").is_none()
                && desired.get("capacityProviderStrategy").is_none()
                && live.get("launchType").and_then(Value::as_str) == Some("EC2")
            {
                remove(live, "launchType");
            }
        }
        ScalableTarget => {
            if desired.get("roleArn").is_none() {
                remove(live, "roleArn");
            }
            // A scalable target's tags are read only where the file sets some (one call
            // per target): compared only then.
            if desired.get("tags").is_none() {
                remove(live, "tags");
            }
        }
        _ => {}
    }
}

fn remove(doc: &mut Doc, key: &str) {
    if let Value::Object(m) = doc {
        m.remove(key);
    }
}

fn obj(doc: &mut Doc) -> Option<&mut Map<String, Value>> {
    doc.as_object_mut()
}

fn default(map: &mut Map<String, Value>, key: &str, value: Value) {
    if map.get(key).is_none_or(Value::is_null) {
        map.insert(key.to_owned(), value);
    }
}

fn array_mut<'a>(
    map: &'a mut Map<String, Value>,
    key: &str,
) -> impl Iterator<Item = &'a mut Value> {
    map.get_mut(key)
        .and_then(Value::as_array_mut)
        .into_iter()
        .flat_map(|a| a.iter_mut())
}

fn sort_by_key(v: Option<&mut Value>, key: &str) {
    if let Some(Value::Array(items)) = v {
        items.sort_by(|a, b| {
            let ka = a.get(key).map(Value::to_string).unwrap_or_default();
            let kb = b.get(key).map(Value::to_string).unwrap_or_default();
            ka.cmp(&kb).then_with(|| a.to_string().cmp(&b.to_string()))
        });
    }
}

fn sort_strings(v: Option<&mut Value>) {
    if let Some(Value::Array(items)) = v {
        items.sort_by_key(Value::to_string);
        items.dedup();
    }
}

// ---- every kind ---------------------------------------------------------------------

/// Tags compare as a set: `[{key, value}]` becomes `{key: value}`; ecsform's own tags
/// (`ecsform:*`) are bookkeeping and never part of the comparison.
fn tags_as_map(doc: &mut Doc, _: &Context<'_>) {
    let Some(map) = obj(doc) else { return };
    let Some(Value::Array(tags)) = map.get("tags") else {
        return;
    };
    let mut out = Map::new();
    for t in tags {
        let key = t.get("key").and_then(Value::as_str).unwrap_or_default();
        if key.starts_with("ecsform:") {
            continue;
        }
        let value = t.get("value").cloned().unwrap_or_else(|| json!(""));
        out.insert(key.to_owned(), value);
    }
    map.insert("tags".into(), Value::Object(out));
}

/// AWS leaves out what is unset, and also returns `[]`/`{}` for some unset lists
/// (`environment: []`, `mountPoints: []`, `volumes: []`): absent, null, empty list and
/// empty mapping are one thing.
fn drop_empty(doc: &mut Doc, _: &Context<'_>) {
    fn prune(v: &mut Value) -> bool {
        match v {
            Value::Null => true,
            Value::Array(items) => {
                items.iter_mut().for_each(|i| {
                    prune(i);
                });
                items.is_empty()
            }
            Value::Object(map) => {
                map.retain(|_, v| !prune(v));
                map.is_empty()
            }
            _ => false,
        }
    }
    prune(doc);
}

// ---- task definitions ---------------------------------------------------------------

/// Task CPU and memory as AWS stores them: `"1 vCPU"` is `"1024"`, `"2 GB"` is `"2048"`.
fn task_cpu_memory_units(doc: &mut Doc, _: &Context<'_>) {
    let Some(map) = obj(doc) else { return };
    for (key, parse) in [
        (
            "cpu",
            ecsform_spec::units::cpu_units as fn(&str) -> Result<u32, String>,
        ),
        ("memory", ecsform_spec::units::memory_mib),
    ] {
        let text = match map.get(key) {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => continue,
        };
        if let Ok(n) = parse(&text) {
            map.insert(key.into(), Value::String(n.to_string()));
        }
    }
}

/// Without `networkMode`, Linux tasks use `bridge`.
fn network_mode_default(doc: &mut Doc, _: &Context<'_>) {
    if let Some(map) = obj(doc) {
        default(map, "networkMode", json!("bridge"));
    }
}

/// A container is essential unless it says otherwise; its CPU units default to 0.
fn container_defaults(doc: &mut Doc, _: &Context<'_>) {
    let Some(map) = obj(doc) else { return };
    for c in array_mut(map, "containerDefinitions") {
        if let Some(c) = c.as_object_mut() {
            default(c, "essential", json!(true));
            default(c, "cpu", json!(0));
        }
    }
}

/// Port mappings: `protocol` defaults to `tcp`; under `awsvpc` and `host` networking
/// `hostPort` is the container port (AWS fills it in).
fn port_mapping_defaults(doc: &mut Doc, _: &Context<'_>) {
    let Some(map) = obj(doc) else { return };
    let same = matches!(
        map.get("networkMode").and_then(Value::as_str),
        Some("awsvpc" | "host")
    );
    for c in array_mut(map, "containerDefinitions") {
        let Some(c) = c.as_object_mut() else { continue };
        for pm in array_mut(c, "portMappings") {
            let Some(pm) = pm.as_object_mut() else {
                continue;
            };
            default(pm, "protocol", json!("tcp"));
            if same
                && pm.get("containerPortRange").is_none()
                && let Some(cp) = pm.get("containerPort").cloned()
            {
                default(pm, "hostPort", cp);
            }
        }
    }
}

/// Unordered lists compare as sets: environment and secrets by name,
/// `requiresCompatibilities`, environment files, docker security options.
fn container_sets(doc: &mut Doc, _: &Context<'_>) {
    let Some(map) = obj(doc) else { return };
    sort_strings(map.get_mut("requiresCompatibilities"));
    for c in array_mut(map, "containerDefinitions") {
        let Some(c) = c.as_object_mut() else { continue };
        sort_by_key(c.get_mut("environment"), "name");
        sort_by_key(c.get_mut("secrets"), "name");
        sort_by_key(c.get_mut("environmentFiles"), "value");
        sort_strings(c.get_mut("dockerSecurityOptions"));
        if let Some(log) = c.get_mut("logConfiguration").and_then(Value::as_object_mut) {
            sort_by_key(log.get_mut("secretOptions"), "name");
        }
    }
}

/// An EFS volume without `rootDirectory` mounts the file system's root: `/`, as AWS
/// returns it.
fn volume_defaults(doc: &mut Doc, _: &Context<'_>) {
    let Some(map) = obj(doc) else { return };
    for v in array_mut(map, "volumes") {
        if let Some(efs) = v
            .get_mut("efsVolumeConfiguration")
            .and_then(Value::as_object_mut)
        {
            default(efs, "rootDirectory", json!("/"));
        }
    }
}

// ---- services -------------------------------------------------------------------------

/// "If no capacityProviderStrategy or launchType is specified, the
/// defaultCapacityProviderStrategy for the cluster is used" (ECS API reference,
/// CreateService), and DescribeServices reports it as the service's strategy. Without it
/// every plan showed the cluster's strategy as a change. (A live service always has one
/// or the other, so this changes only the file's side.)
fn cluster_default_strategy(doc: &mut Doc, ctx: &Context<'_>) {
    let Some(strategy) = ctx.cluster_strategy else {
        return;
    };
    let Some(map) = obj(doc) else { return };
    if map.get("launchType").is_none_or(Value::is_null)
        && map
            .get("capacityProviderStrategy")
            .is_none_or(|s| s.as_array().is_none_or(Vec::is_empty))
    {
        map.insert("capacityProviderStrategy".into(), strategy.clone());
    }
}

/// What CreateService fills in: REPLICA scheduling, the ECS deployment controller,
/// deployments of 200/100 percent (DAEMON: 100/0) with the circuit breaker off, ECS Exec
/// and managed tags off, no tag propagation, no grace period, `LATEST` Fargate platform
/// (by launch type or through the `FARGATE`/`FARGATE_SPOT` capacity providers), a
/// capacity provider's `base` and `weight` 0.
fn service_defaults(doc: &mut Doc, _: &Context<'_>) {
    let Some(map) = obj(doc) else { return };
    default(map, "schedulingStrategy", json!("REPLICA"));
    let daemon = map.get("schedulingStrategy").and_then(Value::as_str) == Some("DAEMON");
    default(map, "deploymentController", json!({"type": "ECS"}));
    let (max, min) = if daemon { (100, 0) } else { (200, 100) };
    let dc = map
        .entry("deploymentConfiguration")
        .or_insert_with(|| json!({}));
    if let Some(dc) = dc.as_object_mut() {
        default(dc, "maximumPercent", json!(max));
        default(dc, "minimumHealthyPercent", json!(min));
        default(
            dc,
            "deploymentCircuitBreaker",
            json!({"enable": false, "rollback": false}),
        );
    }
    default(map, "enableECSManagedTags", json!(false));
    default(map, "enableExecuteCommand", json!(false));
    default(map, "propagateTags", json!("NONE"));
    default(map, "healthCheckGracePeriodSeconds", json!(0));
    for item in array_mut(map, "capacityProviderStrategy") {
        if let Some(item) = item.as_object_mut() {
            default(item, "base", json!(0));
            default(item, "weight", json!(0));
        }
    }
    // Capacity provider names starting with FARGATE are AWS's own (the Fargate ones):
    // others may not start with `fargate`.
    let on_fargate_provider = map
        .get("capacityProviderStrategy")
        .and_then(Value::as_array)
        .is_some_and(|items| {
            items.iter().any(|i| {
                i.get("capacityProvider")
                    .and_then(Value::as_str)
                    .is_some_and(|p| p.starts_with("FARGATE"))
            })
        });
    if map.get("launchType").and_then(Value::as_str) == Some("FARGATE") || on_fargate_provider {
        default(map, "platformVersion", json!("LATEST"));
    }
}

/// A service's monitoring: metric configurations and their metric names are sets.
/// (Without any, AWS uses its default resolution of 60 s: `drop_empty` makes an empty
/// list the same as none.)
fn monitoring_sets(doc: &mut Doc, _: &Context<'_>) {
    let Some(configs) = doc
        .pointer_mut("/monitoring/metricConfigurations")
        .and_then(Value::as_array_mut)
    else {
        return;
    };
    for c in configs.iter_mut() {
        if let Some(c) = c.as_object_mut() {
            sort_strings(c.get_mut("metricNames"));
        }
    }
    configs.sort_by_key(Value::to_string);
}

/// `assignPublicIp` defaults to `DISABLED`; subnets and security groups are sets.
fn awsvpc_defaults(doc: &mut Doc, _: &Context<'_>) {
    let Some(vpc) = doc
        .pointer_mut("/networkConfiguration/awsvpcConfiguration")
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    default(vpc, "assignPublicIp", json!("DISABLED"));
    sort_strings(vpc.get_mut("subnets"));
    sort_strings(vpc.get_mut("securityGroups"));
}

/// Service Connect as AWS returns it: the namespace by name (AWS returns its ARN; the
/// file may omit it for the cluster's default), `discoveryName` defaulting to the
/// `portName`, each client alias's `dnsName` to `<discoveryName>.<namespace>`.
fn service_connect_defaults(doc: &mut Doc, ctx: &Context<'_>) {
    let Some(sc) = doc
        .get_mut("serviceConnectConfiguration")
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    if sc.get("enabled").and_then(Value::as_bool) != Some(true) {
        // Disabled is none: after UpdateService turned it off (`{"enabled": false}`, as
        // apply sends when the file drops it), AWS returns `{"enabled": false}`.
        if let Value::Object(m) = doc {
            m.remove("serviceConnectConfiguration");
        }
        return;
    }
    let ns = match sc.get("namespace").and_then(Value::as_str) {
        Some(ns) => ctx
            .names_by_arn
            .get(ns)
            .map_or(ns, String::as_str)
            .to_owned(),
        None => ctx.cluster_namespace.map(str::to_owned).unwrap_or_default(),
    };
    let ns = ctx.names_by_arn.get(&ns).cloned().unwrap_or(ns);
    if !ns.is_empty() {
        sc.insert("namespace".into(), json!(ns));
    }
    for s in array_mut(sc, "services") {
        let Some(s) = s.as_object_mut() else { continue };
        let port = s.get("portName").cloned().unwrap_or(Value::Null);
        default(s, "discoveryName", port);
        let discovery = s
            .get("discoveryName")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        for a in array_mut(s, "clientAliases") {
            if let Some(a) = a.as_object_mut() {
                default(a, "dnsName", json!(format!("{discovery}.{ns}")));
            }
        }
    }
}

/// A task definition reference as `family:revision` (AWS returns the ARN).
fn task_definition_reference(doc: &mut Doc, _: &Context<'_>) {
    let Some(map) = obj(doc) else { return };
    let Some(r) = map.get("taskDefinition").and_then(Value::as_str) else {
        return;
    };
    if let Some((_, tail)) = r.rsplit_once("task-definition/") {
        let tail = tail.to_owned();
        map.insert("taskDefinition".into(), json!(tail));
    }
}

/// A load balancer entry naming one of the stack's target groups by ARN names it.
fn target_group_names(doc: &mut Doc, ctx: &Context<'_>) {
    let Some(map) = obj(doc) else { return };
    for lb in array_mut(map, "loadBalancers") {
        let Some(lb) = lb.as_object_mut() else {
            continue;
        };
        let name = lb
            .get("targetGroupArn")
            .and_then(Value::as_str)
            .and_then(|arn| ctx.names_by_arn.get(arn))
            .cloned();
        if let Some(name) = name {
            lb.remove("targetGroupArn");
            lb.insert("targetGroup".into(), json!(name));
        }
    }
}

/// Field ownership: an autoscaled service's `desiredCount` belongs to the autoscaler
/// (set on create, never compared after); a DAEMON service has none.
fn desired_count_ownership(doc: &mut Doc, ctx: &Context<'_>) {
    let Some(map) = obj(doc) else { return };
    let name = map
        .get("serviceName")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let daemon = map.get("schedulingStrategy").and_then(Value::as_str) == Some("DAEMON");
    if daemon || ctx.autoscaled.contains(name) {
        map.remove("desiredCount");
    }
}

// ---- cluster, namespaces ----------------------------------------------------------------

/// Container Insights is `disabled` unless set; a default capacity provider's `base` and
/// `weight` 0 (the SDK reads both as numbers, 0 when AWS leaves them out); the Service
/// Connect default namespace by name (AWS returns its ARN).
fn cluster_defaults(doc: &mut Doc, ctx: &Context<'_>) {
    let Some(map) = obj(doc) else { return };
    let has_insights = map
        .get("settings")
        .and_then(Value::as_array)
        .is_some_and(|s| {
            s.iter()
                .any(|x| x.get("name").and_then(Value::as_str) == Some("containerInsights"))
        });
    if !has_insights {
        let settings = map.entry("settings").or_insert_with(|| json!([]));
        if let Some(s) = settings.as_array_mut() {
            s.push(json!({"name": "containerInsights", "value": "disabled"}));
        }
    }
    for item in array_mut(map, "defaultCapacityProviderStrategy") {
        if let Some(item) = item.as_object_mut() {
            default(item, "base", json!(0));
            default(item, "weight", json!(0));
        }
    }
    if let Some(ns) = doc.pointer_mut("/serviceConnectDefaults/namespace")
        && let Some(name) = ns.as_str().and_then(|arn| ctx.names_by_arn.get(arn))
    {
        *ns = json!(name);
    }
}

/// An HTTP namespace has no DNS properties (Cloud Map returns an empty SOA for it); an
/// empty description is none.
fn namespace_defaults(doc: &mut Doc, _: &Context<'_>) {
    let Some(map) = obj(doc) else { return };
    if map.get("type").and_then(Value::as_str) == Some("HTTP") {
        map.remove("properties");
    }
    // No description: Cloud Map keeps `""` once one was removed (the update sends it).
    if map.get("description").and_then(Value::as_str) == Some("") {
        map.remove("description");
    }
}

// ---- load balancing ---------------------------------------------------------------------

/// An `application`, `internet-facing`, `ipv4` load balancer unless set; subnets and
/// security groups are sets.
fn load_balancer_defaults(doc: &mut Doc, _: &Context<'_>) {
    let Some(map) = obj(doc) else { return };
    default(map, "type", json!("application"));
    default(map, "scheme", json!("internet-facing"));
    default(map, "ipAddressType", json!("ipv4"));
    sort_strings(map.get_mut("subnets"));
    sort_strings(map.get_mut("securityGroups"));
}

/// CreateTargetGroup's defaults for HTTP(S) target groups: health checks on, over the
/// target group's protocol, on `traffic-port`, path `/`, every 30 s with a 5 s timeout,
/// 5 healthy / 2 unhealthy, matcher `200`; `instance` targets; `HTTP1`; `ipv4`.
fn target_group_defaults(doc: &mut Doc, _: &Context<'_>) {
    let Some(map) = obj(doc) else { return };
    default(map, "targetType", json!("instance"));
    let protocol = map
        .get("protocol")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let http = matches!(protocol.as_deref(), Some("HTTP" | "HTTPS"));
    default(map, "healthCheckEnabled", json!(true));
    if let Some(p) = &protocol {
        default(map, "healthCheckProtocol", json!(p));
    }
    default(map, "healthCheckPort", json!("traffic-port"));
    default(map, "ipAddressType", json!("ipv4"));
    if http {
        default(map, "protocolVersion", json!("HTTP1"));
        default(map, "healthCheckPath", json!("/"));
        default(map, "healthCheckIntervalSeconds", json!(30));
        default(map, "healthCheckTimeoutSeconds", json!(5));
        default(map, "healthyThresholdCount", json!(5));
        default(map, "unhealthyThresholdCount", json!(2));
        let grpc = map.get("protocolVersion").and_then(Value::as_str) == Some("GRPC");
        if !grpc {
            default(map, "matcher", json!({"httpCode": "200"}));
        }
    }
}

/// Attributes compare as a mapping `{key: value}`.
fn attributes_as_map(doc: &mut Doc, _: &Context<'_>) {
    let Some(map) = obj(doc) else { return };
    let Some(Value::Array(attrs)) = map.get("attributes") else {
        return;
    };
    let mut out = Map::new();
    for a in attrs {
        if let Some(k) = a.get("key").and_then(Value::as_str) {
            out.insert(k.to_owned(), a.get("value").cloned().unwrap_or(Value::Null));
        }
    }
    map.insert("attributes".into(), Value::Object(out));
}

/// Actions as the file writes them: target groups by name (AWS returns ARNs), `order`
/// in list order, and the `forwardConfig` AWS adds to a plain forward (one target group,
/// weight 1, stickiness off) folded into `targetGroup`.
fn listener_actions(doc: &mut Doc, ctx: &Context<'_>) {
    let Some(map) = obj(doc) else { return };
    let key = if map.contains_key("defaultActions") {
        "defaultActions"
    } else {
        "actions"
    };
    for (i, a) in array_mut(map, key).enumerate() {
        let Some(a) = a.as_object_mut() else { continue };
        default(a, "order", json!(i + 1));
        if let Some(name) = a
            .get("targetGroupArn")
            .and_then(Value::as_str)
            .and_then(|arn| ctx.names_by_arn.get(arn))
            .cloned()
        {
            a.remove("targetGroupArn");
            a.insert("targetGroup".into(), json!(name));
        }
        if let Some(fc) = a.get_mut("forwardConfig").and_then(Value::as_object_mut) {
            for t in array_mut(fc, "targetGroups") {
                let Some(t) = t.as_object_mut() else { continue };
                if let Some(name) = t
                    .get("targetGroupArn")
                    .and_then(Value::as_str)
                    .and_then(|arn| ctx.names_by_arn.get(arn))
                    .cloned()
                {
                    t.remove("targetGroupArn");
                    t.insert("targetGroup".into(), json!(name));
                }
                default(t, "weight", json!(1));
            }
            let sticky_off = fc
                .get("targetGroupStickinessConfig")
                .is_none_or(|s| s.get("enabled").and_then(Value::as_bool) != Some(true));
            if sticky_off {
                fc.remove("targetGroupStickinessConfig");
            }
        }
        let single = a
            .get("forwardConfig")
            .and_then(|f| f.get("targetGroups"))
            .and_then(Value::as_array)
            .filter(|t| {
                t.len() == 1
                    && a.get("forwardConfig")
                        .and_then(|f| f.get("targetGroupStickinessConfig"))
                        .is_none()
            })
            .and_then(|t| t.first())
            .filter(|t| t.get("weight").and_then(Value::as_i64) == Some(1))
            .map(|t| {
                (
                    t.get("targetGroup").cloned(),
                    t.get("targetGroupArn").cloned(),
                )
            });
        if let Some((name, arn)) = single {
            let matches = a
                .get("targetGroup")
                .is_none_or(|x| Some(x) == name.as_ref())
                && a.get("targetGroupArn")
                    .is_none_or(|x| Some(x) == arn.as_ref());
            if matches {
                a.remove("forwardConfig");
                if let Some(n) = name {
                    a.insert("targetGroup".into(), n);
                }
                if let Some(r) = arn {
                    a.insert("targetGroupArn".into(), r);
                }
            }
        }
    }
}

/// Conditions in one form: `{field: path-pattern, values: [...]}` and
/// `{field: path-pattern, pathPatternConfig: {values: [...]}}` (AWS returns both) are
/// the config form.
fn rule_conditions(doc: &mut Doc, _: &Context<'_>) {
    let Some(map) = obj(doc) else { return };
    for c in array_mut(map, "conditions") {
        let Some(c) = c.as_object_mut() else { continue };
        let config = match c.get("field").and_then(Value::as_str) {
            Some("path-pattern") => "pathPatternConfig",
            Some("host-header") => "hostHeaderConfig",
            _ => continue,
        };
        if let Some(values) = c.remove("values") {
            let cfg = c.entry(config).or_insert_with(|| json!({}));
            if let Some(cfg) = cfg.as_object_mut() {
                default(cfg, "values", values);
            }
        }
    }
}

// ---- autoscaling ------------------------------------------------------------------------

/// Scaling is not suspended unless the file says so.
fn scalable_target_defaults(doc: &mut Doc, _: &Context<'_>) {
    let Some(map) = obj(doc) else { return };
    let s = map.entry("suspendedState").or_insert_with(|| json!({}));
    if let Some(s) = s.as_object_mut() {
        for k in [
            "dynamicScalingInSuspended",
            "dynamicScalingOutSuspended",
            "scheduledScalingSuspended",
        ] {
            default(s, k, json!(false));
        }
    }
}

/// An ALBRequestCountPerTarget metric names its target group: AWS returns the resource
/// label `app/<lb>/<id>/targetgroup/<tg>/<id>`, the file the target group's name.
/// Scale-in is enabled unless disabled.
fn scaling_policy_label(doc: &mut Doc, _: &Context<'_>) {
    if let Some(tt) = doc
        .get_mut("targetTrackingScalingPolicyConfiguration")
        .and_then(Value::as_object_mut)
    {
        default(tt, "disableScaleIn", json!(false));
    }
    let Some(m) = doc
        .pointer_mut("/targetTrackingScalingPolicyConfiguration/predefinedMetricSpecification")
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    let label = m
        .get("resourceLabel")
        .and_then(Value::as_str)
        .map(str::to_owned);
    if let Some(tg) = label.as_deref().and_then(label_target_group) {
        m.remove("resourceLabel");
        m.insert("targetGroup".into(), json!(tg));
    }
}

/// The target group's name in an ALB resource label.
#[must_use]
pub fn label_target_group(label: &str) -> Option<&str> {
    let parts: Vec<&str> = label.split('/').collect();
    match parts.as_slice() {
        ["app", _, _, "targetgroup", tg, _] => Some(tg),
        _ => None,
    }
}

/// The resource label of a load balancer and target group from their ARNs:
/// `app/<lb>/<id>/targetgroup/<tg>/<id>`.
#[must_use]
pub fn resource_label(load_balancer_arn: &str, target_group_arn: &str) -> Option<String> {
    let lb = load_balancer_arn.split_once(":loadbalancer/")?.1;
    let tg = target_group_arn.split_once(":targetgroup/")?.1;
    Some(format!("{lb}/targetgroup/{tg}"))
}

/// Schedules run in UTC unless a time zone is given.
fn scheduled_action_defaults(doc: &mut Doc, _: &Context<'_>) {
    if let Some(map) = obj(doc) {
        default(map, "timezone", json!("UTC"));
    }
}

/// The family of the task definition a service document names.
#[must_use]
pub fn service_family(doc: &Doc) -> Option<&str> {
    doc.get("taskDefinition")
        .and_then(Value::as_str)
        .map(task_definition_family)
}

#[cfg(test)]
mod tests;
