//! The desired state: the stack file as a list of resources with canonical documents.
//! Dependencies between resources come from the documents (see [`crate::graph`]).

use ecsform_spec::Stack;
use ecsform_spec::types::{Lifecycle, Service};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

pub use ecsform_spec::refs::{task_definition_family, task_definition_revision};

use crate::{Address, Doc, Kind};

/// One resource of the file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Resource {
    /// Its address.
    pub address: Address,
    /// Its document as written (variables resolved, names standing for ARNs), before
    /// normalization.
    pub doc: Doc,
    /// `lifecycle.preventDestroy`.
    pub prevent_destroy: bool,
    /// `lifecycle.adopt`: consent to adopt the resource if it exists untagged (for a
    /// listener or rule, also given by its load balancer's entry).
    #[serde(default)]
    pub adopt: bool,
}

/// The whole file as resources, in file order within each kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DesiredState {
    /// The stack's name.
    pub stack: String,
    /// The region, when the file names one.
    pub region: Option<String>,
    /// The resources.
    pub resources: Vec<Resource>,
    /// The cluster the stack's services run on when the stack does not own it
    /// (`cluster.lifecycle.managed: false`): never a resource of the stack, never
    /// created, changed or deleted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unmanaged_cluster: Option<String>,
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

    /// The name of the cluster the services run on, when the file has a cluster: the
    /// stack's own, or the one it uses without owning it.
    #[must_use]
    pub fn cluster_name(&self) -> Option<&str> {
        self.names(Kind::Cluster)
            .next()
            .or(self.unmanaged_cluster.as_deref())
    }

    /// Whether `address` is the cluster the stack uses without owning it.
    #[must_use]
    pub fn is_unmanaged_cluster(&self, address: &Address) -> bool {
        address.kind == Kind::Cluster && self.unmanaged_cluster.as_deref() == Some(&address.name)
    }

    /// The same stack with no resources (what `destroy` plans against): the stack's
    /// name, region and the cluster it only uses are kept.
    #[must_use]
    pub fn emptied(&self) -> Self {
        Self {
            stack: self.stack.clone(),
            region: self.region.clone(),
            resources: Vec::new(),
            unmanaged_cluster: self.unmanaged_cluster.clone(),
        }
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
    let mut push = |kind: Kind, name: &str, doc: Doc, lifecycle: Option<Lifecycle>| {
        out.push(Resource {
            address: Address::new(kind, name),
            doc,
            prevent_destroy: lifecycle.is_some_and(|l| l.prevent_destroy),
            adopt: lifecycle.is_some_and(|l| l.adopt),
        });
    };
    let drop = ["lifecycle"];
    for ns in &spec.namespaces {
        push(Kind::Namespace, &ns.name, to_doc(ns, &drop), ns.lifecycle);
    }
    let mut unmanaged_cluster = None;
    if let Some(c) = &spec.cluster {
        if c.managed() {
            push(
                Kind::Cluster,
                &c.cluster_name,
                to_doc(c, &drop),
                c.lifecycle.map(Lifecycle::from),
            );
        } else {
            unmanaged_cluster = Some(c.cluster_name.clone());
        }
    }
    for td in &spec.task_definitions {
        push(
            Kind::TaskDefinition,
            &td.family,
            to_doc(td, &drop),
            td.lifecycle,
        );
    }
    for lb in &spec.load_balancers {
        push(
            Kind::LoadBalancer,
            &lb.name,
            to_doc(lb, &drop),
            lb.lifecycle,
        );
    }
    for tg in &spec.target_groups {
        push(Kind::TargetGroup, &tg.name, to_doc(tg, &drop), tg.lifecycle);
    }
    // Listeners and rules belong to their load balancer: consent to adopt it covers
    // them.
    let lb_adopts = |lb: &str| {
        spec.load_balancers
            .iter()
            .any(|l| l.name == lb && l.lifecycle.is_some_and(|l| l.adopt))
    };
    let with_owner = |own: Option<Lifecycle>, lb: &str| -> Option<Lifecycle> {
        if lb_adopts(lb) {
            let mut l = own.unwrap_or_default();
            l.adopt = true;
            Some(l)
        } else {
            own
        }
    };
    for l in &spec.listeners {
        push(
            Kind::Listener,
            &format!("{}:{}", l.load_balancer, l.port),
            to_doc(l, &drop),
            with_owner(l.lifecycle, &l.load_balancer),
        );
    }
    for r in &spec.listener_rules {
        let lb = r.listener.rsplit_once(':').map_or("", |(lb, _)| lb);
        push(
            Kind::ListenerRule,
            &format!("{}/{}", r.listener, r.priority),
            to_doc(r, &drop),
            with_owner(r.lifecycle, lb),
        );
    }
    for svc in &spec.services {
        push(
            Kind::Service,
            &svc.service_name,
            to_doc(svc, &["lifecycle", "autoscaling"]),
            svc.lifecycle,
        );
        for (kind, name, doc) in autoscaling_resources(svc) {
            push(kind, &name, doc, svc.lifecycle);
        }
    }
    DesiredState {
        stack: stack.name.clone(),
        region: spec.region.clone(),
        resources: out,
        unmanaged_cluster,
    }
}

/// A service's autoscaling block as its own resources: the scalable target (named after
/// the service), its policies and scheduled actions (`<service>/<name>`).
fn autoscaling_resources(svc: &Service) -> Vec<(Kind, String, Doc)> {
    let Some(a) = &svc.autoscaling else {
        return Vec::new();
    };
    let mut target = Map::new();
    target.insert("minCapacity".into(), a.min_capacity.into());
    target.insert("maxCapacity".into(), a.max_capacity.into());
    if let Some(role) = &a.role_arn {
        target.insert("roleArn".into(), role.clone().into());
    }
    if let Some(s) = &a.suspended_state {
        target.insert("suspendedState".into(), to_doc(s, &[]));
    }
    if let Some(t) = &a.tags {
        target.insert("tags".into(), to_doc(t, &[]));
    }
    let mut out = vec![(
        Kind::ScalableTarget,
        svc.service_name.clone(),
        Value::Object(target),
    )];
    for p in a.policies.iter().flatten() {
        out.push((
            Kind::ScalingPolicy,
            format!("{}/{}", svc.service_name, p.policy_name),
            to_doc(p, &[]),
        ));
    }
    for s in a.scheduled_actions.iter().flatten() {
        out.push((
            Kind::ScheduledAction,
            format!("{}/{}", svc.service_name, s.scheduled_action_name),
            to_doc(s, &[]),
        ));
    }
    out
}
