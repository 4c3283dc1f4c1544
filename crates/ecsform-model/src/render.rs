//! `ecsform render`: the stack as ecsform manages it, in the file's own shape: variables
//! substituted (by the loader), task CPU and memory in the units AWS stores, and the
//! defaults table's reset defaults made explicit wherever the file is silent (what apply
//! sends, plan compares and drift reports). The same table as the plan's: there is no
//! second list of defaults.

use std::collections::{BTreeMap, BTreeSet};

use ecsform_spec::types::StackFile;
use serde_json::Value;

use crate::Kind;
use crate::compare::with_defaults;
use crate::normalize::Context;

/// The stack with AWS's defaults made explicit.
#[must_use]
pub fn render(stack: &StackFile) -> Value {
    let mut doc = serde_json::to_value(stack).unwrap_or(Value::Null);
    let cluster = doc.get("cluster").cloned();
    let autoscaled: BTreeSet<String> = stack
        .services
        .iter()
        .filter(|s| s.autoscaling.is_some())
        .map(|s| s.service_name.clone())
        .collect();
    let names = BTreeMap::new();
    let ctx = Context::for_cluster(cluster.as_ref(), &names, &autoscaled);
    let Some(root) = doc.as_object_mut() else {
        return doc;
    };
    if let Some(c) = root.get_mut("cluster") {
        *c = with_defaults(Kind::Cluster, c, &ctx);
    }
    for (list, kind) in [
        ("namespaces", Kind::Namespace),
        ("taskDefinitions", Kind::TaskDefinition),
        ("services", Kind::Service),
        ("loadBalancers", Kind::LoadBalancer),
        ("targetGroups", Kind::TargetGroup),
        ("listeners", Kind::Listener),
        ("listenerRules", Kind::ListenerRule),
    ] {
        for item in root
            .get_mut(list)
            .and_then(Value::as_array_mut)
            .into_iter()
            .flatten()
        {
            *item = with_defaults(kind, item, &ctx);
            if kind == Kind::TaskDefinition {
                task_units(item);
            }
            if kind == Kind::Service {
                autoscaling(item, &ctx);
            }
        }
    }
    doc
}

/// A service's `autoscaling` block: the scalable target's defaults on the block, the
/// policies' and scheduled actions' on theirs.
fn autoscaling(service: &mut Value, ctx: &Context<'_>) {
    let Some(block) = service.get_mut("autoscaling") else {
        return;
    };
    let mut target = with_defaults(Kind::ScalableTarget, block, ctx);
    for (list, kind) in [
        ("policies", Kind::ScalingPolicy),
        ("scheduledActions", Kind::ScheduledAction),
    ] {
        for item in target
            .get_mut(list)
            .and_then(Value::as_array_mut)
            .into_iter()
            .flatten()
        {
            *item = with_defaults(kind, item, ctx);
        }
    }
    *block = target;
}

/// Task CPU and memory as AWS stores them: `"1 vCPU"` is `"1024"`, `"2 GB"` is `"2048"`.
fn task_units(td: &mut Value) {
    for (key, parse) in [
        (
            "cpu",
            ecsform_spec::units::cpu_units as fn(&str) -> Result<u32, String>,
        ),
        ("memory", ecsform_spec::units::memory_mib),
    ] {
        let Some(text) = td.get(key).and_then(Value::as_str).map(str::to_owned) else {
            continue;
        };
        if let (Ok(n), Some(m)) = (parse(&text), td.as_object_mut()) {
            m.insert(key.into(), Value::String(n.to_string()));
        }
    }
}
