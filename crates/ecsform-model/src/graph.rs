//! Dependencies between resources, read from their (normalized) documents, the same way
//! for the desired and the live side: what must exist before a resource is created (and
//! what must be gone before it is deleted).

use std::collections::{BTreeMap, BTreeSet};

use crate::kinds::{Ref, rules};
use crate::{Address, Doc, Kind};

/// Edges `(dependent, dependency)` among the given resources: a resource depends on what
/// its kind says its document references ([`crate::kinds::KindRules::references`]). A
/// reference to a target group as attached also reaches the listeners and rules that
/// attach it to a load balancer (ECS refuses an unattached target group): a service and
/// an ALBRequestCountPerTarget policy (its label names the load balancer) wait for them.
#[must_use]
pub fn edges<'a>(
    resources: impl IntoIterator<Item = (&'a Address, &'a Doc)>,
) -> Vec<(Address, Address)> {
    let resources: Vec<(&Address, Vec<Ref>)> = resources
        .into_iter()
        .map(|(a, doc)| (a, (rules(a.kind).references)(a, doc)))
        .collect();
    let present: BTreeSet<&Address> = resources.iter().map(|(a, _)| *a).collect();
    // Target group name -> the listeners and rules forwarding to it.
    let mut attached: BTreeMap<&str, Vec<&Address>> = BTreeMap::new();
    for (a, refs) in &resources {
        if !rules(a.kind).attaches_target_groups {
            continue;
        }
        for r in refs {
            if let Ref::To(tg) = r
                && tg.kind == Kind::TargetGroup
            {
                attached.entry(tg.name.as_str()).or_default().push(*a);
            }
        }
    }
    let mut out = BTreeSet::new();
    for (a, refs) in &resources {
        let mut deps: Vec<Address> = Vec::new();
        for r in refs {
            match r {
                Ref::To(d) => deps.push(d.clone()),
                Ref::AttachedTargetGroup(tg) => {
                    deps.push(Address::new(Kind::TargetGroup, tg));
                    deps.extend(
                        attached
                            .get(tg.as_str())
                            .into_iter()
                            .flatten()
                            .map(|l| (*l).clone()),
                    );
                }
                Ref::Every(kind) => deps.extend(
                    resources
                        .iter()
                        .filter(|(c, _)| c.kind == *kind)
                        .map(|(c, _)| (*c).clone()),
                ),
            }
        }
        for d in deps {
            if present.contains(&d) && &d != *a {
                out.insert(((*a).clone(), d));
            }
        }
    }
    out.into_iter().collect()
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
