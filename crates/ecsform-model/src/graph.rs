//! Dependencies between resources, read from their (normalized) documents, the same way
//! for the desired and the live side: what must exist before a resource is created (and
//! what must be gone before it is deleted).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::desired::task_definition_family;
use crate::{Address, Doc, Kind};

/// Edges `(dependent, dependency)` among the given resources: a resource depends on the
/// ones its document names. A service also depends on the listeners and rules that
/// attach its target groups to a load balancer (ECS refuses an unattached target group);
/// so does an ALBRequestCountPerTarget policy (its label names the load balancer).
#[must_use]
pub fn edges<'a>(
    resources: impl IntoIterator<Item = (&'a Address, &'a Doc)>,
) -> Vec<(Address, Address)> {
    let resources: Vec<(&Address, &Doc)> = resources.into_iter().collect();
    let present: BTreeSet<&Address> = resources.iter().map(|(a, _)| *a).collect();
    // Target group name -> the listeners and rules forwarding to it.
    let mut attached: BTreeMap<String, Vec<Address>> = BTreeMap::new();
    for (a, doc) in &resources {
        if matches!(a.kind, Kind::Listener | Kind::ListenerRule) {
            for tg in action_target_groups(doc) {
                attached
                    .entry(tg.to_owned())
                    .or_default()
                    .push((*a).clone());
            }
        }
    }
    let mut out = BTreeSet::new();
    for (a, doc) in &resources {
        let mut deps: Vec<Address> = Vec::new();
        let tg_and_attachments = |tg: &str, deps: &mut Vec<Address>| {
            deps.push(Address::new(Kind::TargetGroup, tg));
            deps.extend(attached.get(tg).into_iter().flatten().cloned());
        };
        match a.kind {
            Kind::Cluster => {
                if let Some(ns) = doc
                    .pointer("/serviceConnectDefaults/namespace")
                    .and_then(Value::as_str)
                {
                    deps.push(Address::new(Kind::Namespace, ns));
                }
            }
            Kind::Listener => {
                if let Some((lb, _)) = a.name.rsplit_once(':') {
                    deps.push(Address::new(Kind::LoadBalancer, lb));
                }
                deps.extend(
                    action_target_groups(doc).map(|tg| Address::new(Kind::TargetGroup, tg)),
                );
            }
            Kind::ListenerRule => {
                if let Some((listener, _)) = a.name.rsplit_once('/') {
                    deps.push(Address::new(Kind::Listener, listener));
                }
                deps.extend(
                    action_target_groups(doc).map(|tg| Address::new(Kind::TargetGroup, tg)),
                );
            }
            Kind::Service => {
                deps.extend(
                    resources
                        .iter()
                        .filter(|(c, _)| c.kind == Kind::Cluster)
                        .map(|(c, _)| (*c).clone()),
                );
                if let Some(td) = doc.get("taskDefinition").and_then(Value::as_str) {
                    deps.push(Address::new(
                        Kind::TaskDefinition,
                        task_definition_family(td),
                    ));
                }
                if let Some(ns) = doc
                    .pointer("/serviceConnectConfiguration/namespace")
                    .and_then(Value::as_str)
                {
                    deps.push(Address::new(Kind::Namespace, ns));
                }
                for tg in doc
                    .get("loadBalancers")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(|l| l.get("targetGroup").and_then(Value::as_str))
                {
                    tg_and_attachments(tg, &mut deps);
                }
            }
            Kind::ScalableTarget => deps.push(Address::new(Kind::Service, &a.name)),
            Kind::ScalingPolicy | Kind::ScheduledAction => {
                if let Some((svc, _)) = a.name.split_once('/') {
                    deps.push(Address::new(Kind::ScalableTarget, svc));
                }
                if let Some(tg) = doc
                    .pointer("/targetTrackingScalingPolicyConfiguration/predefinedMetricSpecification/targetGroup")
                    .and_then(Value::as_str)
                {
                    tg_and_attachments(tg, &mut deps);
                }
            }
            Kind::CloudMapService => {
                if let Some((ns, _)) = a.name.split_once('/') {
                    deps.push(Address::new(Kind::Namespace, ns));
                }
            }
            Kind::Namespace | Kind::TaskDefinition | Kind::LoadBalancer | Kind::TargetGroup => {}
        }
        for d in deps {
            if present.contains(&d) && &d != *a {
                out.insert(((*a).clone(), d));
            }
        }
    }
    out.into_iter().collect()
}

fn action_target_groups(doc: &Doc) -> impl Iterator<Item = &str> {
    ["defaultActions", "actions"]
        .into_iter()
        .filter_map(|k| doc.get(k).and_then(Value::as_array))
        .flatten()
        .flat_map(|a| {
            a.get("targetGroup")
                .and_then(Value::as_str)
                .into_iter()
                .chain(
                    a.pointer("/forwardConfig/targetGroups")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                        .filter_map(|t| t.get("targetGroup").and_then(Value::as_str)),
                )
        })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_service_waits_for_what_it_names_and_for_the_listener_attaching_its_target_group() {
        let svc = Address::new(Kind::Service, "ui");
        let tg = Address::new(Kind::TargetGroup, "ui-application");
        let listener = Address::new(Kind::Listener, "alb:80");
        let lb = Address::new(Kind::LoadBalancer, "alb");
        let td = Address::new(Kind::TaskDefinition, "web");
        let policy = Address::new(Kind::ScalingPolicy, "ui/requests");
        let target = Address::new(Kind::ScalableTarget, "ui");
        let docs = [
            (
                svc.clone(),
                json!({"taskDefinition": "web:3", "loadBalancers": [{"targetGroup": "ui-application"}]}),
            ),
            (tg.clone(), json!({})),
            (
                listener.clone(),
                json!({"defaultActions": [{"type": "forward", "targetGroup": "ui-application"}]}),
            ),
            (lb.clone(), json!({})),
            (td.clone(), json!({})),
            (target.clone(), json!({})),
            (
                policy.clone(),
                json!({"targetTrackingScalingPolicyConfiguration": {"predefinedMetricSpecification": {"targetGroup": "ui-application"}}}),
            ),
        ];
        let e = edges(docs.iter().map(|(a, d)| (a, d)));
        for want in [
            (svc.clone(), td.clone()),
            (svc.clone(), tg.clone()),
            (svc.clone(), listener.clone()),
            (listener.clone(), lb.clone()),
            (listener.clone(), tg.clone()),
            (target.clone(), svc.clone()),
            (policy.clone(), target.clone()),
            (policy.clone(), listener.clone()),
        ] {
            assert!(e.contains(&want), "missing {} -> {}", want.0, want.1);
        }
        assert_eq!(e.len(), 9);
    }
}
