//! Canonical forms: the rules that make two spellings of the same thing one, applied to
//! BOTH the desired and the live document of a resource before they are compared. Each
//! rule is pure (it changes a copy the caller made), canonicalizes one form (units, set
//! order, a name for an ARN, a renamed enum value), and has a table test below, with a
//! real AWS response where one exists.
//!
//! What AWS fills in when a field is left out is not here: that is the defaults table
//! ([`crate::defaults`]); what is compared at all is decided in [`crate::compare`].

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
    Cluster, Listener, ListenerRule, LoadBalancer, Namespace, ScalingPolicy, Service,
    TaskDefinition,
};

/// The forms, in the order they run (after the keyed lists became mappings and the
/// defaults were filled in).
pub const RULES: &[Rule] = &[
    Rule {
        name: "task_cpu_memory_units",
        kinds: &[TaskDefinition],
        apply: task_cpu_memory_units,
    },
    Rule {
        name: "container_sets",
        kinds: &[TaskDefinition],
        apply: container_sets,
    },
    Rule {
        name: "placement_strategy_fields",
        kinds: &[Service],
        apply: placement_strategy_fields,
    },
    Rule {
        name: "monitoring_sets",
        kinds: &[Service],
        apply: monitoring_sets,
    },
    Rule {
        name: "awsvpc_sets",
        kinds: &[Service],
        apply: awsvpc_sets,
    },
    Rule {
        name: "service_connect_names",
        kinds: &[Service],
        apply: service_connect_names,
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
        name: "cluster_namespace_name",
        kinds: &[Cluster],
        apply: cluster_namespace_name,
    },
    Rule {
        name: "load_balancer_sets",
        kinds: &[LoadBalancer],
        apply: load_balancer_sets,
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
        name: "scaling_policy_label",
        kinds: &[ScalingPolicy],
        apply: scaling_policy_label,
    },
    Rule {
        name: "namespace_forms",
        kinds: &[Namespace],
        apply: namespace_forms,
    },
];

/// Applies the forms to a copy of a document (keyed lists as mappings first).
#[must_use]
pub fn normalize(kind: Kind, doc: &Doc, ctx: &Context<'_>) -> Doc {
    let mut out = keyed_lists_as_maps(kind, doc);
    forms(kind, &mut out, ctx);
    out
}

/// Applies the forms in place.
pub fn forms(kind: Kind, doc: &mut Doc, ctx: &Context<'_>) {
    for rule in RULES.iter().filter(|r| r.kinds.contains(&kind)) {
        (rule.apply)(doc, ctx);
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

// ---- keyed lists ------------------------------------------------------------------------

/// The keyed lists of a kind, as `(list, key member, value member)`.
#[must_use]
pub fn keyed_lists(kind: Kind) -> &'static [(&'static str, &'static str, &'static str)] {
    match kind {
        LoadBalancer | Kind::TargetGroup | Listener => {
            &[("tags", "key", "value"), ("attributes", "key", "value")]
        }
        Cluster => &[("tags", "key", "value"), ("settings", "name", "value")],
        _ => &[("tags", "key", "value")],
    }
}

/// Whether a tag key is bookkeeping or reserved: ecsform's own (`ecsform:*`) and AWS's
/// (`aws:*`, which no request may set or remove) never take part in a comparison.
#[must_use]
pub fn managed_tag_key(key: &str) -> bool {
    !key.starts_with("ecsform:") && !key.starts_with("aws:")
}

/// A copy of a document in the canonical shape: tags, attributes (load balancers,
/// target groups, listeners) and a cluster's settings as mappings by key, so that they
/// compare by key; tags without ecsform's and AWS's reserved keys.
#[must_use]
pub fn keyed_lists_as_maps(kind: Kind, doc: &Doc) -> Doc {
    let mut out = doc.clone();
    let Some(map) = out.as_object_mut() else {
        return out;
    };
    for (list, key, value) in keyed_lists(kind) {
        let Some(Value::Array(items)) = map.get(*list) else {
            continue;
        };
        let mut keyed = Map::new();
        for item in items {
            let Some(k) = item.get(*key).and_then(Value::as_str) else {
                continue;
            };
            if *list == "tags" && !managed_tag_key(k) {
                continue;
            }
            let v = item.get(*value).cloned().unwrap_or_else(|| json!(""));
            keyed.insert(k.to_owned(), v);
        }
        map.insert((*list).to_owned(), Value::Object(keyed));
    }
    out
}

/// The inverse of [`keyed_lists_as_maps`]: the file's shape again (key order kept).
#[must_use]
pub fn maps_as_keyed_lists(kind: Kind, doc: &Doc) -> Doc {
    let mut out = doc.clone();
    let Some(map) = out.as_object_mut() else {
        return out;
    };
    for (list, key, value) in keyed_lists(kind) {
        let Some(Value::Object(keyed)) = map.get(*list) else {
            continue;
        };
        let items: Vec<Value> = keyed
            .iter()
            .map(|(k, v)| json!({ *key: k, *value: v }))
            .collect();
        map.insert((*list).to_owned(), Value::Array(items));
    }
    out
}

/// AWS leaves out what is unset, and also returns `[]`/`{}` for some unset lists
/// (`environment: []`, `mountPoints: []`, `volumes: []`): absent, null, empty list and
/// empty mapping are one thing.
pub fn drop_empty(doc: &mut Doc) {
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

/// Unordered lists compare as sets: environment and secrets by name,
/// `requiresCompatibilities`, environment files, docker security options, log secret
/// options.
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

// ---- services -------------------------------------------------------------------------

/// Placement strategy fields as ECS returns them: `spread` by `host` is `instanceId`
/// ("instanceId (or host, which has the same effect)"), `binpack` by `cpu`/`memory` in
/// capitals (ECS API reference, PlacementStrategy; the Terraform AWS provider suppresses
/// both differences the same way).
fn placement_strategy_fields(doc: &mut Doc, _: &Context<'_>) {
    let Some(map) = obj(doc) else { return };
    for s in array_mut(map, "placementStrategy") {
        let Some(s) = s.as_object_mut() else { continue };
        let kind = s.get("type").and_then(Value::as_str).map(str::to_owned);
        let Some(Value::String(field)) = s.get_mut("field") else {
            continue;
        };
        match kind.as_deref() {
            Some("spread") if field.eq_ignore_ascii_case("host") => *field = "instanceId".into(),
            Some("spread") if field.eq_ignore_ascii_case("instanceid") => {
                *field = "instanceId".into();
            }
            Some("binpack") => *field = field.to_ascii_uppercase(),
            _ => {}
        }
    }
}

/// A service's monitoring: metric configurations and their metric names are sets.
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

/// Subnets and security groups are sets.
fn awsvpc_sets(doc: &mut Doc, _: &Context<'_>) {
    let Some(vpc) = doc
        .pointer_mut("/networkConfiguration/awsvpcConfiguration")
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    sort_strings(vpc.get_mut("subnets"));
    sort_strings(vpc.get_mut("securityGroups"));
}

/// Service Connect as the file writes it: the namespace by name (AWS returns its ARN);
/// a configuration that is not enabled is none (after UpdateService turned it off, as
/// apply does when the file drops it, AWS returns `{"enabled": false}`).
fn service_connect_names(doc: &mut Doc, ctx: &Context<'_>) {
    let Some(sc) = doc
        .get_mut("serviceConnectConfiguration")
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    if sc.get("enabled").and_then(Value::as_bool) != Some(true) {
        if let Value::Object(m) = doc {
            m.remove("serviceConnectConfiguration");
        }
        return;
    }
    if let Some(Value::String(ns)) = sc.get_mut("namespace")
        && let Some(name) = ctx.names_by_arn.get(ns.as_str())
    {
        *ns = name.clone();
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

// ---- cluster, namespaces ----------------------------------------------------------------

/// The Service Connect default namespace by name (AWS returns its ARN).
fn cluster_namespace_name(doc: &mut Doc, ctx: &Context<'_>) {
    if let Some(ns) = doc.pointer_mut("/serviceConnectDefaults/namespace")
        && let Some(name) = ns.as_str().and_then(|arn| ctx.names_by_arn.get(arn))
    {
        *ns = json!(name);
    }
}

/// An HTTP namespace has no DNS properties (Cloud Map returns an empty SOA for it); an
/// empty description is none (Cloud Map keeps `""` once one was removed).
fn namespace_forms(doc: &mut Doc, _: &Context<'_>) {
    let Some(map) = obj(doc) else { return };
    if map.get("type").and_then(Value::as_str) == Some("HTTP") {
        map.remove("properties");
    }
    if map.get("description").and_then(Value::as_str) == Some("") {
        map.remove("description");
    }
}

// ---- load balancing ---------------------------------------------------------------------

/// Subnets and security groups are sets.
fn load_balancer_sets(doc: &mut Doc, _: &Context<'_>) {
    let Some(map) = obj(doc) else { return };
    sort_strings(map.get_mut("subnets"));
    sort_strings(map.get_mut("securityGroups"));
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

/// An ALBRequestCountPerTarget metric names its target group: AWS returns the resource
/// label `app/<lb>/<id>/targetgroup/<tg>/<id>`, the file the target group's name.
fn scaling_policy_label(doc: &mut Doc, _: &Context<'_>) {
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

/// The family of the task definition a service document names.
#[must_use]
pub fn service_family(doc: &Doc) -> Option<&str> {
    doc.get("taskDefinition")
        .and_then(Value::as_str)
        .map(task_definition_family)
}

#[cfg(test)]
mod tests;
