//! Reading what `ecsform import` turns into a stack file: a cluster, its services (all,
//! or those asked for), the task definition revision each runs, the target groups they
//! use with those target groups' load balancers, listeners and rules, the Cloud Map
//! namespaces they name, and their autoscaling. Read only: no call here writes.
//!
//! Discovery finds the addresses (service names, target groups from the services,
//! load balancers from the target groups, listener ports and rule priorities); the
//! documents themselves come from [`crate::read_live`], the very reader `plan` uses, so
//! that an imported file and a plan see the same shapes.

use std::collections::BTreeSet;

use aws_sdk_elasticloadbalancingv2::types as elbt;
use ecsform_model::desired::{
    DesiredState, Resource, task_definition_family, task_definition_revision,
};
use ecsform_model::live::LiveState;
use ecsform_model::{Address, Kind};
use futures::stream::{self, StreamExt, TryStreamExt};
use serde_json::{Value, json};

use crate::clients::{AwsError, Clients};

/// How many independent calls run at once.
const CONCURRENCY: usize = 16;

/// Why an import could not read what it was asked for.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// An AWS call failed.
    #[error(transparent)]
    Aws(#[from] AwsError),
    /// No ACTIVE cluster of that name.
    #[error("no active ECS cluster `{0}` in this account and region")]
    ClusterNotFound(String),
    /// `--services` named services the cluster does not run.
    #[error("cluster `{cluster}` has no service {}", .missing.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", "))]
    ServicesNotFound {
        /// The cluster.
        cluster: String,
        /// The services not found.
        missing: Vec<String>,
    },
}

/// Reads everything an import of `cluster` needs (only `services` when given).
///
/// # Errors
/// A failed AWS call, a missing cluster, or services the cluster does not run.
pub async fn read_for_import(
    clients: &Clients,
    cluster: &str,
    services: Option<&[String]>,
) -> Result<LiveState, ImportError> {
    let start = clients.calls();
    let names = service_names(clients, cluster).await?;
    let names: Vec<String> = match services {
        None => names,
        Some(wanted) => {
            let missing: Vec<String> = wanted
                .iter()
                .filter(|w| !names.contains(w))
                .cloned()
                .collect();
            if !missing.is_empty() {
                return Err(ImportError::ServicesNotFound {
                    cluster: cluster.to_owned(),
                    missing,
                });
            }
            wanted.to_vec()
        }
    };

    // Round 1: the cluster and its services (with their autoscaling).
    let mut wanted = Wanted::default();
    wanted.add(Kind::Cluster, cluster);
    for n in &names {
        wanted.add(Kind::Service, n);
    }
    let first = crate::read_live(clients, &wanted.desired()).await?;
    if first.get(&Address::new(Kind::Cluster, cluster)).is_none() {
        return Err(ImportError::ClusterNotFound(cluster.to_owned()));
    }

    // A cluster tagged with a stack gives that stack: everything else tagged with it is
    // the stack's too (a target group, a load balancer or a namespace no service names),
    // and must be in the file, or its plan would delete it.
    let mut target_groups: BTreeSet<String> = BTreeSet::new();
    let mut load_balancers: BTreeSet<String> = BTreeSet::new();
    let owner = first
        .get(&Address::new(Kind::Cluster, cluster))
        .and_then(|c| c.owner())
        .map(str::to_owned);
    let tagged = match &owner {
        Some(stack) => crate::read_live(clients, &wanted.desired_of(stack)).await?,
        None => LiveState::default(),
    };
    for r in tagged.resources.values() {
        if r.owner() != owner.as_deref() {
            continue;
        }
        wanted.add(r.address.kind, &r.address.name);
        // A tagged load balancer brings its listeners and rules; a tagged target group
        // no service uses brings nothing of a load balancer the stack does not own.
        if r.address.kind == Kind::LoadBalancer {
            load_balancers.insert(r.arn.clone());
        }
    }

    // What the services and the cluster name.
    for r in first.resources.values().chain(tagged.resources.values()) {
        if r.address.kind == Kind::Service {
            if let Some(td) = r.doc.get("taskDefinition").and_then(Value::as_str) {
                wanted.add(Kind::TaskDefinition, task_definition_family(td));
            }
            for lb in r
                .doc
                .get("loadBalancers")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if let Some(arn) = lb.get("targetGroupArn").and_then(Value::as_str) {
                    target_groups.insert(arn.to_owned());
                }
            }
        }
        for pointer in [
            "/serviceConnectConfiguration/namespace",
            "/serviceConnectDefaults/namespace",
        ] {
            if let Some(ns) = r.doc.pointer(pointer).and_then(Value::as_str) {
                let name = first.names_by_arn.get(ns).map_or(ns, String::as_str);
                wanted.add(Kind::Namespace, name);
            }
        }
    }
    load_balancing(clients, &target_groups, load_balancers, &mut wanted).await?;

    // Round 2: everything found, with the attributes of the load balancing resources
    // (the reader reads those only where the file sets some).
    let mut live = crate::read_live(clients, &wanted.desired()).await?;
    pin_running_revisions(clients, &mut live).await?;
    live.api_calls = clients.calls().saturating_sub(start);
    Ok(live)
}

/// The addresses found so far, as the desired state the reader takes.
#[derive(Default)]
struct Wanted(BTreeSet<Address>);

impl Wanted {
    fn add(&mut self, kind: Kind, name: &str) {
        self.0.insert(Address::new(kind, name));
    }

    fn desired(&self) -> DesiredState {
        // No stack: the reader then keeps exactly the resources named here.
        self.desired_of("")
    }

    /// The addresses found so far, and everything tagged with `stack`.
    fn desired_of(&self, stack: &str) -> DesiredState {
        DesiredState {
            stack: stack.to_owned(),
            region: None,
            resources: self
                .0
                .iter()
                .map(|a| Resource {
                    address: a.clone(),
                    doc: if matches!(a.kind, Kind::LoadBalancer | Kind::TargetGroup) {
                        json!({"attributes": [{"key": "*"}]})
                    } else {
                        json!({})
                    },
                    prevent_destroy: false,
                    adopt: false,
                })
                .collect(),
            unmanaged_cluster: None,
        }
    }
}

/// The names of a cluster's services.
async fn service_names(clients: &Clients, cluster: &str) -> Result<Vec<String>, ImportError> {
    let arns = crate::read::list_service_arns(clients, cluster)
        .await?
        .ok_or_else(|| ImportError::ClusterNotFound(cluster.to_owned()))?;
    // arn:aws:ecs:<region>:<account>:service/<cluster>/<name> (or, for old ARNs,
    // service/<name>).
    let mut names: Vec<String> = arns
        .iter()
        .filter_map(|a| a.rsplit('/').next().map(str::to_owned))
        .collect();
    names.sort();
    Ok(names)
}

/// The target groups' load balancers (and `lbs`, by ARN), their listeners and rules.
async fn load_balancing(
    clients: &Clients,
    target_groups: &BTreeSet<String>,
    mut lbs: BTreeSet<String>,
    wanted: &mut Wanted,
) -> Result<(), ImportError> {
    if target_groups.is_empty() && lbs.is_empty() {
        return Ok(());
    }
    let tgs: Vec<elbt::TargetGroup> = if target_groups.is_empty() {
        Vec::new()
    } else {
        clients
            .elb
            .describe_target_groups()
            .set_target_group_arns(Some(target_groups.iter().cloned().collect()))
            .send()
            .await
            .map_err(|e| {
                AwsError::from_sdk(
                    &e,
                    "elasticloadbalancing:DescribeTargetGroups",
                    "target groups of the services",
                )
            })?
            .target_groups()
            .to_vec()
    };
    for tg in &tgs {
        if let Some(name) = tg.target_group_name() {
            wanted.add(Kind::TargetGroup, name);
        }
        lbs.extend(tg.load_balancer_arns().iter().cloned());
    }
    // arn:aws:elasticloadbalancing:<region>:<account>:loadbalancer/app/<name>/<id>
    let lbs: Vec<(String, String)> = lbs
        .into_iter()
        .filter_map(|arn| {
            let name = arn.split('/').nth(2)?.to_owned();
            Some((arn, name))
        })
        .collect();
    let found: Vec<Vec<(Kind, String)>> = stream::iter(lbs)
        .map(|(arn, lb)| async move {
            let listeners = crate::read::load_balancer_listeners(clients, &arn, &lb).await?;
            let mut out = vec![(Kind::LoadBalancer, lb.clone())];
            for l in &listeners {
                let listener = format!("{lb}:{}", l.port().unwrap_or_default());
                out.push((Kind::Listener, listener.clone()));
                let rules = crate::read::listener_rules(
                    clients,
                    l.listener_arn().unwrap_or_default(),
                    &listener,
                )
                .await?;
                for r in &rules {
                    if r.is_default() == Some(true) {
                        continue;
                    }
                    if let Some(p) = r.priority() {
                        out.push((Kind::ListenerRule, format!("{listener}/{p}")));
                    }
                }
            }
            Ok::<_, AwsError>(out)
        })
        .buffer_unordered(CONCURRENCY)
        .try_collect()
        .await?;
    for (kind, name) in found.into_iter().flatten() {
        wanted.add(kind, &name);
    }
    Ok(())
}

/// The reader reads a family's latest ACTIVE revision; a service may run an older one.
/// The import takes the revision each service runs.
async fn pin_running_revisions(clients: &Clients, live: &mut LiveState) -> Result<(), AwsError> {
    let running: BTreeSet<String> = live
        .resources
        .values()
        .filter(|r| r.address.kind == Kind::Service)
        .filter_map(|r| r.doc.get("taskDefinition").and_then(Value::as_str))
        .filter(|td| {
            let family = task_definition_family(td);
            live.get(&Address::new(Kind::TaskDefinition, family))
                .is_some_and(|l| l.revision != task_definition_revision(td))
        })
        .map(str::to_owned)
        .collect();
    for reference in running {
        let out = clients
            .ecs
            .describe_task_definition()
            .task_definition(&reference)
            .include(aws_sdk_ecs::types::TaskDefinitionField::Tags)
            .send()
            .await
            .map_err(|e| {
                AwsError::from_sdk(
                    &e,
                    "ecs:DescribeTaskDefinition",
                    format!("task definition {reference}"),
                )
            })?;
        let Some(td) = out.task_definition() else {
            continue;
        };
        let family = task_definition_family(&reference);
        let Some(r) = crate::read::task_definition_resource(family, td, out.tags()) else {
            continue;
        };
        live.resources.insert(r.address.clone(), r);
    }
    Ok(())
}
