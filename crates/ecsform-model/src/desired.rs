//! The desired state: the stack file as a list of resources with canonical documents and
//! the resources each one needs first.

use std::collections::BTreeSet;

use ecsform_spec::Stack;
use ecsform_spec::types::{Action, Service};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::{Address, Doc, Kind};

/// One resource of the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    /// Its address.
    pub address: Address,
    /// Its document as written (variables resolved, names standing for ARNs), before
    /// normalization.
    pub doc: Doc,
    /// What must exist before it can be created.
    pub depends_on: Vec<Address>,
    /// `lifecycle.preventDestroy`.
    pub prevent_destroy: bool,
}

/// The whole file as resources, in file order within each kind.
#[derive(Debug, Clone, PartialEq)]
pub struct DesiredState {
    /// The stack's name.
    pub stack: String,
    /// The region, when the file names one.
    pub region: Option<String>,
    /// The resources.
    pub resources: Vec<Resource>,
}

impl DesiredState {
    /// The resource at an address.
    #[must_use]
    pub fn get(&self, address: &Address) -> Option<&Resource> {
        self.resources.iter().find(|r| &r.address == address)
    }

    /// The names of the resources of a kind.
    pub fn names(&self, kind: Kind) -> impl Iterator<Item = &str> {
        self.resources
            .iter()
            .filter(move |r| r.address.kind == kind)
            .map(|r| r.address.name.as_str())
    }

    /// The cluster's name, when the file has a cluster.
    #[must_use]
    pub fn cluster_name(&self) -> Option<&str> {
        self.names(Kind::Cluster).next()
    }
}

fn to_doc<T: Serialize>(value: &T, drop: &[&str]) -> Doc {
    let mut doc = serde_json::to_value(value).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut doc {
        for key in drop {
            map.remove(*key);
        }
    }
    doc
}

/// The desired state of a validated stack.
#[must_use]
pub fn desired_state(stack: &Stack) -> DesiredState {
    let spec = &stack.spec;
    let mut out = Vec::new();
    let namespaces: BTreeSet<&str> = spec.namespaces.iter().map(|n| n.name.as_str()).collect();
    let families: BTreeSet<&str> = spec
        .task_definitions
        .iter()
        .map(|t| t.family.as_str())
        .collect();
    let target_groups: BTreeSet<&str> =
        spec.target_groups.iter().map(|t| t.name.as_str()).collect();
    let prevent = |l: &Option<ecsform_spec::types::Lifecycle>| l.is_some_and(|l| l.prevent_destroy);

    for ns in &spec.namespaces {
        out.push(Resource {
            address: Address::new(Kind::Namespace, &ns.name),
            doc: to_doc(ns, &["lifecycle"]),
            depends_on: Vec::new(),
            prevent_destroy: prevent(&ns.lifecycle),
        });
    }
    let cluster_address = spec
        .cluster
        .as_ref()
        .map(|c| Address::new(Kind::Cluster, &c.cluster_name));
    if let Some(c) = &spec.cluster {
        let mut deps = Vec::new();
        if let Some(ns) = c
            .service_connect_defaults
            .as_ref()
            .map(|d| d.namespace.as_str())
            && namespaces.contains(ns)
        {
            deps.push(Address::new(Kind::Namespace, ns));
        }
        out.push(Resource {
            address: Address::new(Kind::Cluster, &c.cluster_name),
            doc: to_doc(c, &["lifecycle"]),
            depends_on: deps,
            prevent_destroy: prevent(&c.lifecycle),
        });
    }
    for td in &spec.task_definitions {
        out.push(Resource {
            address: Address::new(Kind::TaskDefinition, &td.family),
            doc: to_doc(td, &["lifecycle"]),
            depends_on: Vec::new(),
            prevent_destroy: prevent(&td.lifecycle),
        });
    }
    for lb in &spec.load_balancers {
        out.push(Resource {
            address: Address::new(Kind::LoadBalancer, &lb.name),
            doc: to_doc(lb, &["lifecycle"]),
            depends_on: Vec::new(),
            prevent_destroy: prevent(&lb.lifecycle),
        });
    }
    for tg in &spec.target_groups {
        out.push(Resource {
            address: Address::new(Kind::TargetGroup, &tg.name),
            doc: to_doc(tg, &["lifecycle"]),
            depends_on: Vec::new(),
            prevent_destroy: prevent(&tg.lifecycle),
        });
    }
    // Which listener or rule forwards to each target group: a service may use a target
    // group only once it is attached to a load balancer.
    let mut attachments: Vec<(String, Address)> = Vec::new();
    for l in &spec.listeners {
        let name = format!("{}:{}", l.load_balancer, l.port);
        let address = Address::new(Kind::Listener, &name);
        let mut deps = vec![Address::new(Kind::LoadBalancer, &l.load_balancer)];
        for tg in l.default_actions.iter().flat_map(action_target_groups) {
            if target_groups.contains(tg) {
                deps.push(Address::new(Kind::TargetGroup, tg));
                attachments.push((tg.to_owned(), address.clone()));
            }
        }
        dedup(&mut deps);
        out.push(Resource {
            address,
            doc: to_doc(l, &["lifecycle"]),
            depends_on: deps,
            prevent_destroy: prevent(&l.lifecycle),
        });
    }
    for r in &spec.listener_rules {
        let address = Address::new(Kind::ListenerRule, format!("{}/{}", r.listener, r.priority));
        let mut deps = vec![Address::new(Kind::Listener, &r.listener)];
        for tg in r.actions.iter().flat_map(action_target_groups) {
            if target_groups.contains(tg) {
                deps.push(Address::new(Kind::TargetGroup, tg));
                attachments.push((tg.to_owned(), address.clone()));
            }
        }
        dedup(&mut deps);
        out.push(Resource {
            address,
            doc: to_doc(r, &["lifecycle"]),
            depends_on: deps,
            prevent_destroy: prevent(&r.lifecycle),
        });
    }
    let cluster_default_ns = spec
        .cluster
        .as_ref()
        .and_then(|c| c.service_connect_defaults.as_ref())
        .map(|d| d.namespace.as_str());
    for svc in &spec.services {
        let address = Address::new(Kind::Service, &svc.service_name);
        let mut deps: Vec<Address> = cluster_address.iter().cloned().collect();
        let family = task_definition_family(&svc.task_definition);
        if families.contains(family) {
            deps.push(Address::new(Kind::TaskDefinition, family));
        }
        if let Some(sc) = svc
            .service_connect_configuration
            .as_ref()
            .filter(|sc| sc.enabled)
        {
            if let Some(ns) = sc.namespace.as_deref().or(cluster_default_ns)
                && namespaces.contains(ns)
            {
                deps.push(Address::new(Kind::Namespace, ns));
            }
        }
        for tg in svc
            .load_balancers
            .iter()
            .flatten()
            .filter_map(|l| l.target_group.as_deref())
        {
            if target_groups.contains(tg) {
                deps.push(Address::new(Kind::TargetGroup, tg));
                deps.extend(
                    attachments
                        .iter()
                        .filter(|(t, _)| t == tg)
                        .map(|(_, a)| a.clone()),
                );
            }
        }
        dedup(&mut deps);
        out.push(Resource {
            address: address.clone(),
            doc: to_doc(svc, &["lifecycle", "autoscaling"]),
            depends_on: deps,
            prevent_destroy: prevent(&svc.lifecycle),
        });
        autoscaling_resources(svc, &address, &attachments, &target_groups, &mut out);
    }
    DesiredState {
        stack: stack.name.clone(),
        region: spec.region.clone(),
        resources: out,
    }
}

fn autoscaling_resources(
    svc: &Service,
    service: &Address,
    attachments: &[(String, Address)],
    target_groups: &BTreeSet<&str>,
    out: &mut Vec<Resource>,
) {
    let Some(a) = &svc.autoscaling else { return };
    let prevent = svc.lifecycle.is_some_and(|l| l.prevent_destroy);
    let target = Address::new(Kind::ScalableTarget, &svc.service_name);
    let mut doc = Map::new();
    doc.insert("minCapacity".into(), a.min_capacity.into());
    doc.insert("maxCapacity".into(), a.max_capacity.into());
    if let Some(role) = &a.role_arn {
        doc.insert("roleArn".into(), role.clone().into());
    }
    if let Some(s) = &a.suspended_state {
        doc.insert("suspendedState".into(), to_doc(s, &[]));
    }
    if let Some(t) = &a.tags {
        doc.insert("tags".into(), to_doc(t, &[]));
    }
    out.push(Resource {
        address: target.clone(),
        doc: Value::Object(doc),
        depends_on: vec![service.clone()],
        prevent_destroy: prevent,
    });
    for p in a.policies.iter().flatten() {
        let mut deps = vec![target.clone()];
        let tg = p
            .target_tracking_scaling_policy_configuration
            .as_ref()
            .and_then(|t| t.predefined_metric_specification.as_ref())
            .and_then(|m| m.target_group.as_deref());
        if let Some(tg) = tg.filter(|tg| target_groups.contains(tg)) {
            // The resource label names the load balancer and the target group: both
            // must exist, and the target group be attached.
            deps.push(Address::new(Kind::TargetGroup, tg));
            deps.extend(
                attachments
                    .iter()
                    .filter(|(t, _)| t == tg)
                    .map(|(_, a)| a.clone()),
            );
        }
        dedup(&mut deps);
        out.push(Resource {
            address: Address::new(
                Kind::ScalingPolicy,
                format!("{}/{}", svc.service_name, p.policy_name),
            ),
            doc: to_doc(p, &[]),
            depends_on: deps,
            prevent_destroy: prevent,
        });
    }
    for s in a.scheduled_actions.iter().flatten() {
        out.push(Resource {
            address: Address::new(
                Kind::ScheduledAction,
                format!("{}/{}", svc.service_name, s.scheduled_action_name),
            ),
            doc: to_doc(s, &[]),
            depends_on: vec![target.clone()],
            prevent_destroy: prevent,
        });
    }
}

/// The family of a service's `taskDefinition` reference (`family`, `family:3`, or an
/// ARN `arn:aws:ecs:...:task-definition/family:3`).
#[must_use]
pub fn task_definition_family(reference: &str) -> &str {
    let tail = reference
        .rsplit_once("task-definition/")
        .map_or(reference, |(_, t)| t);
    tail.split_once(':').map_or(tail, |(f, _)| f)
}

/// The revision of a `family:3` reference or ARN, when given.
#[must_use]
pub fn task_definition_revision(reference: &str) -> Option<i64> {
    let tail = reference
        .rsplit_once("task-definition/")
        .map_or(reference, |(_, t)| t);
    tail.split_once(':').and_then(|(_, r)| r.parse().ok())
}

fn action_target_groups(a: &Action) -> impl Iterator<Item = &str> {
    a.target_group.as_deref().into_iter().chain(
        a.forward_config
            .iter()
            .flat_map(|f| f.target_groups.iter().flatten())
            .filter_map(|t| t.target_group.as_deref()),
    )
}

fn dedup(v: &mut Vec<Address>) {
    let mut seen = BTreeSet::new();
    v.retain(|a| seen.insert(a.clone()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn task_definition_references() {
        assert_eq!(task_definition_family("web"), "web");
        assert_eq!(task_definition_family("web:3"), "web");
        assert_eq!(
            task_definition_family("arn:aws:ecs:us-east-1:1:task-definition/web:12"),
            "web"
        );
        assert_eq!(
            task_definition_revision("arn:aws:ecs:us-east-1:1:task-definition/web:12"),
            Some(12)
        );
        assert_eq!(task_definition_revision("web"), None);
    }
}
