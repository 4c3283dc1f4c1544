//! Reading live state: every resource the file names, and every resource tagged with the
//! stack, into the model's documents. Batched (DescribeServices 10 at a time, tags 20 at
//! a time, scalable targets 50 at a time), concurrent where calls do not depend on each
//! other, every list call paginated; "not found" is data, not an error.
//!
//! What the reader calls does not grow with the rest of the account: what the file names
//! is read by name (DescribeLoadBalancers / DescribeTargetGroups `Names`, DescribeServices
//! of the named services, ListNamespaces with a `NAME` filter, Application Auto Scaling
//! filtered by the services' resource ids), and what the stack owns but the file no
//! longer names is found with one Resource Groups Tagging API query (`GetResources`,
//! tag `ecsform:stack=<stack>`, see [`read_tagged`]), then read by ARN.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use aws_sdk_ecs::types::{ClusterField, ServiceField, TaskDefinitionField};
use aws_sdk_elasticloadbalancingv2::types as elbt;
use ecsform_model::desired::{DesiredState, task_definition_family, task_definition_revision};
use ecsform_model::live::{LiveResource, LiveState};
use ecsform_model::{Address, HASH_TAG, Kind, REPLACES_TAG, STACK_TAG};
use futures::FutureExt;
use futures::future::Shared;
use futures::stream::{self, StreamExt, TryStreamExt};
use serde_json::Value;

use crate::clients::{AwsError, Clients};
use crate::convert;

/// How many independent calls run at once.
const CONCURRENCY: usize = 16;

/// Calls `call` on `items` in batches of `size` (the API's limit per request), up to
/// [`CONCURRENCY`] batches at once, and concatenates what the calls return.
async fn batched<T, F, Fut>(items: &[String], size: usize, call: F) -> Result<Vec<T>, AwsError>
where
    F: Fn(Vec<String>) -> Fut,
    Fut: std::future::Future<Output = Result<Vec<T>, AwsError>>,
{
    let nested: Vec<Vec<T>> = stream::iter(items.chunks(size).map(<[String]>::to_vec))
        .map(call)
        .buffer_unordered(CONCURRENCY)
        .try_collect()
        .await?;
    Ok(nested.into_iter().flatten().collect())
}

fn doc<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

fn spec_tags(tags: Option<Vec<ecsform_spec::types::Tag>>) -> BTreeMap<String, String> {
    tags.into_iter()
        .flatten()
        .map(|t| (t.key, t.value))
        .collect()
}

/// What a read includes beyond what a plan needs.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadOptions {
    /// The hashes apply recorded for scalable targets, scaling policies and scheduled
    /// actions: the scalable targets' tags (one ListTagsForResource call per target;
    /// policies and actions have no tags, their hashes are tags of their target, see
    /// [`ecsform_model::child_hash_tag`]). `drift` needs them; a plan does not.
    pub autoscaling_hashes: bool,
}

/// Reads the live state relevant to a stack.
///
/// # Errors
/// The first AWS call that failed for a reason other than "not found".
pub async fn read_live(clients: &Clients, desired: &DesiredState) -> Result<LiveState, AwsError> {
    read_live_with(clients, desired, ReadOptions::default()).await
}

/// [`read_live`], with more when `options` asks for it.
///
/// # Errors
/// The first AWS call that failed for a reason other than "not found".
pub async fn read_live_with(
    clients: &Clients,
    desired: &DesiredState,
    options: ReadOptions,
) -> Result<LiveState, AwsError> {
    let start = clients.calls();
    let cluster_name = desired.cluster_name().map(str::to_owned);
    // One query of the tagging API, shared by the readers: each reads what the file
    // names at once, beside it, and what only the tags tell afterwards.
    let tagged: TaggedFuture<'_> = read_tagged(clients, &desired.stack).boxed().shared();

    let (cluster, namespaces, elb, ecs) = futures::try_join!(
        read_cluster(clients, cluster_name.as_deref()),
        read_namespaces(clients, desired, tagged.clone()),
        read_load_balancing(clients, desired, tagged.clone()),
        read_ecs(clients, desired, cluster_name.as_deref(), options, tagged),
    )?;

    let mut live = LiveState::default();
    if let Some(c) = cluster {
        live.resources.insert(c.address.clone(), c);
    }
    for (arn, name, r) in namespaces {
        live.names_by_arn.insert(arn, name);
        if let Some(r) = r {
            live.resources.insert(r.address.clone(), r);
        }
    }
    live.names_by_arn.extend(elb.names_by_arn);
    live.replacing.extend(elb.replacing);
    live.arns_by_name.extend(elb.arns_by_name);
    let (ecs, running, foreign) = ecs;
    live.running_revisions = running;
    live.foreign_revisions = foreign;
    for r in elb.resources.into_iter().chain(ecs) {
        live.resources.insert(r.address.clone(), r);
    }
    let (leftovers, unresolved) = futures::try_join!(
        read_leftover_cloud_map_services(clients, desired, &live),
        read_referenced_namespaces(clients, &live),
    )?;
    for r in leftovers {
        live.resources.insert(r.address.clone(), r);
    }
    live.names_by_arn.extend(unresolved);
    live.api_calls = clients.calls().saturating_sub(start);
    Ok(live)
}

/// The tag ECS puts on the Cloud Map resources it creates itself, such as the Cloud Map
/// service of each Service Connect discovery name.
const ECS_MANAGED_TAG: &str = "AmazonECSManaged";

/// The discovery names a service document's Service Connect configuration uses when
/// enabled (`discoveryName`, which defaults to `portName`: ECS API reference,
/// ServiceConnectService).
pub(crate) fn service_connect_names(doc: &Value) -> impl Iterator<Item = &str> {
    doc.get("serviceConnectConfiguration")
        .filter(|sc| sc.get("enabled") == Some(&Value::Bool(true)))
        .and_then(|sc| sc.get("services"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|s| {
            s.get("discoveryName")
                .or_else(|| s.get("portName"))
                .and_then(Value::as_str)
        })
}

/// The Cloud Map services ECS created for Service Connect endpoints in the namespaces
/// the stack owns that no service of the stack uses any more: left behind by a delete
/// of an ECS service that was interrupted before its Cloud Map services were removed, by
/// Service Connect disabled on a service, or by a discovery name changed (ECS does not
/// delete the Cloud Map services it created: they stay in the namespace, and AWS refuses
/// to delete a namespace that still has services). One ListServices (by `NAMESPACE_ID`)
/// per namespace of the stack; a candidate (a name no live or desired service of the
/// stack uses, with no registered instance) is confirmed with ListTagsForResource: only
/// those ECS made (`AmazonECSManaged=true`) are the stack's to clean up, and they are
/// reported as the stack's (`ecsform:stack`), through their namespace.
async fn read_leftover_cloud_map_services(
    clients: &Clients,
    desired: &DesiredState,
    live: &LiveState,
) -> Result<Vec<LiveResource>, AwsError> {
    use aws_sdk_servicediscovery::types::{FilterCondition, ServiceFilter, ServiceFilterName};
    let namespaces: Vec<(String, String)> = live
        .resources
        .values()
        .filter(|r| r.address.kind == Kind::Namespace && r.owner() == Some(&desired.stack))
        .map(|r| (r.address.name.clone(), r.arn.clone()))
        .collect();
    if namespaces.is_empty() {
        return Ok(Vec::new());
    }
    let in_use: BTreeSet<&str> = live
        .resources
        .values()
        .filter(|r| r.address.kind == Kind::Service)
        .map(|r| &r.doc)
        .chain(
            desired
                .resources
                .iter()
                .filter(|r| r.address.kind == Kind::Service)
                .map(|r| &r.doc),
        )
        .flat_map(service_connect_names)
        .collect();
    let in_use = &in_use;
    let found: Vec<Vec<LiveResource>> = stream::iter(namespaces)
        .map(|(namespace, arn)| async move {
            let id = arn.rsplit('/').next().unwrap_or(&arn).to_owned();
            let filter = ServiceFilter::builder()
                .name(ServiceFilterName::NamespaceId)
                .values(id)
                .condition(FilterCondition::Eq)
                .build()
                .map_err(|e| AwsError {
                    call: "servicediscovery:ListServices",
                    resource: format!("namespace.{namespace}"),
                    code: "InvalidRequest".into(),
                    message: e.to_string(),
                })?;
            let pages: Vec<aws_sdk_servicediscovery::operation::list_services::ListServicesOutput> =
                clients
                    .sd
                    .list_services()
                    .filters(filter)
                    .into_paginator()
                    .send()
                    .try_collect()
                    .await
                    .map_err(|e| {
                        AwsError::from_sdk(
                            &e,
                            "servicediscovery:ListServices",
                            format!("namespace.{namespace}"),
                        )
                    })?;
            let mut out = Vec::new();
            for s in pages.iter().flat_map(|p| p.services()) {
                let (Some(name), Some(arn)) = (s.name(), s.arn()) else {
                    continue;
                };
                if in_use.contains(name) || s.instance_count().is_some_and(|n| n > 0) {
                    continue;
                }
                let tags = clients
                    .sd
                    .list_tags_for_resource()
                    .resource_arn(arn)
                    .send()
                    .await
                    .map_err(|e| {
                        AwsError::from_sdk(
                            &e,
                            "servicediscovery:ListTagsForResource",
                            format!("namespace.{namespace}"),
                        )
                    })?;
                let by_ecs = tags
                    .tags()
                    .iter()
                    .any(|t| t.key() == ECS_MANAGED_TAG && t.value().eq_ignore_ascii_case("true"));
                if !by_ecs {
                    continue;
                }
                out.push(LiveResource {
                    address: Address::new(Kind::CloudMapService, format!("{namespace}/{name}")),
                    arn: arn.to_owned(),
                    doc: serde_json::json!({"name": name, "namespace": namespace}),
                    tags: BTreeMap::from([(STACK_TAG.to_owned(), desired.stack.clone())]),
                    revision: None,
                });
            }
            Ok::<_, AwsError>(out)
        })
        .buffer_unordered(CONCURRENCY)
        .try_collect()
        .await?;
    Ok(found.into_iter().flatten().collect())
}

/// The resource types the stack's tag is looked for on (the Resource Groups Tagging API's
/// `service:resourceType`, as in the resources' ARNs: GetResources, ResourceTypeFilters).
/// Clusters and task definitions are read by the file's names only; scalable targets,
/// policies and actions through their services; listeners and rules through their load
/// balancers.
const TAGGED_TYPES: [&str; 4] = [
    "elasticloadbalancing:loadbalancer",
    "elasticloadbalancing:targetgroup",
    "ecs:service",
    "servicediscovery:namespace",
];

/// What the tagging API says carries `ecsform:stack=<stack>`: ARNs by resource type.
#[derive(Debug, Clone, Default)]
pub(crate) struct Tagged {
    load_balancers: Vec<String>,
    target_groups: Vec<String>,
    services: Vec<String>,
    namespaces: Vec<String>,
}

type TaggedFuture<'a> = Shared<futures::future::BoxFuture<'a, Result<Tagged, AwsError>>>;

/// The resources tagged `ecsform:stack=<stack>` (GetResources with that tag filter and
/// [`TAGGED_TYPES`], 100 a page, every page by `PaginationToken`): what the stack owns,
/// whatever the file says now, in as many calls as the stack has resources / 100, however
/// many others the account holds.
///
/// The tagging API is eventually consistent with the services (its index follows their
/// tagging, typically within seconds to minutes): a resource deleted a moment ago may
/// still be listed (it is then read by ARN and found missing, which is data), and one
/// created a moment ago may not be yet. The second matters only when the file stops
/// naming a resource right after an apply created it: the plan then does not delete it
/// until the index has it. Everything the file names is read by name, not through this.
async fn read_tagged(clients: &Clients, stack: &str) -> Result<Tagged, AwsError> {
    use aws_sdk_resourcegroupstagging::types::TagFilter;
    let pages: Vec<aws_sdk_resourcegroupstagging::operation::get_resources::GetResourcesOutput> =
        clients
            .tagging
            .get_resources()
            .tag_filters(TagFilter::builder().key(STACK_TAG).values(stack).build())
            .set_resource_type_filters(Some(TAGGED_TYPES.iter().map(|t| (*t).to_owned()).collect()))
            .resources_per_page(100)
            .into_paginator()
            .send()
            .try_collect()
            .await
            .map_err(|e| {
                AwsError::from_sdk(
                    &e,
                    "tag:GetResources",
                    format!("resources tagged {STACK_TAG}={stack}"),
                )
            })?;
    let mut out = Tagged::default();
    for arn in pages
        .iter()
        .flat_map(|p| p.resource_tag_mapping_list())
        .filter_map(|m| m.resource_arn())
    {
        // arn:partition:service:region:account:resource
        let mut parts = arn.splitn(6, ':');
        let service = parts.nth(2).unwrap_or_default();
        let resource = parts.nth(2).unwrap_or_default();
        let kind = resource.split('/').next().unwrap_or_default();
        let list = match (service, kind) {
            ("elasticloadbalancing", "loadbalancer") => &mut out.load_balancers,
            ("elasticloadbalancing", "targetgroup") => &mut out.target_groups,
            ("ecs", "service") => &mut out.services,
            ("servicediscovery", "namespace") => &mut out.namespaces,
            _ => continue,
        };
        list.push(arn.to_owned());
    }
    Ok(out)
}

/// Calls `call` on `items` in batches of `size`, as [`batched`]; a batch `call` answers
/// `None` for (a whole batch refused because one of its items does not exist, as
/// DescribeLoadBalancers and DescribeTargetGroups do) is asked again one item at a time,
/// and an item alone that does not exist is left out.
async fn batched_missing<T, F, Fut>(
    items: &[String],
    size: usize,
    call: F,
) -> Result<Vec<T>, AwsError>
where
    F: Fn(Vec<String>) -> Fut,
    Fut: std::future::Future<Output = Result<Option<Vec<T>>, AwsError>>,
{
    let call = &call;
    batched(items, size, |chunk| async move {
        if chunk.len() == 1 {
            return Ok(call(chunk).await?.unwrap_or_default());
        }
        if let Some(found) = call(chunk.clone()).await? {
            return Ok(found);
        }
        batched(&chunk, 1, |one| async move {
            Ok(call(one).await?.unwrap_or_default())
        })
        .await
    })
    .await
}

/// The resources of one request, for its error: `load_balancer.a, load_balancer.b` by
/// name, the ARNs otherwise.
fn resource_names(kind: &str, by_name: bool, items: &[String]) -> String {
    if by_name {
        items
            .iter()
            .map(|n| format!("{kind}.{n}"))
            .collect::<Vec<_>>()
            .join(", ")
    } else {
        items.join(", ")
    }
}

/// Load balancers by name or by ARN (20 a call, the API's limit), those that exist.
async fn describe_load_balancers(
    clients: &Clients,
    names: &[String],
    arns: &[String],
) -> Result<Vec<elbt::LoadBalancer>, AwsError> {
    let call = |by_name: bool| {
        move |chunk: Vec<String>| async move {
            let what = resource_names("load_balancer", by_name, &chunk);
            let request = clients.elb.describe_load_balancers();
            let request = if by_name {
                request.set_names(Some(chunk))
            } else {
                request.set_load_balancer_arns(Some(chunk))
            };
            match request.send().await {
                Ok(o) => Ok(Some(o.load_balancers().to_vec())),
                // ELBv2 API reference, DescribeLoadBalancers, Errors: LoadBalancerNotFound.
                Err(e) if AwsError::code_of(&e) == Some("LoadBalancerNotFound") => Ok(None),
                Err(e) => Err(AwsError::from_sdk(
                    &e,
                    "elasticloadbalancing:DescribeLoadBalancers",
                    what,
                )),
            }
        }
    };
    let (mut by_name, by_arn) = futures::try_join!(
        batched_missing(names, 20, call(true)),
        batched_missing(arns, 20, call(false)),
    )?;
    by_name.extend(by_arn);
    Ok(by_name)
}

/// Target groups by name or by ARN (20 a call), those that exist.
async fn describe_target_groups(
    clients: &Clients,
    names: &[String],
    arns: &[String],
) -> Result<Vec<elbt::TargetGroup>, AwsError> {
    let call = |by_name: bool| {
        move |chunk: Vec<String>| async move {
            let what = resource_names("target_group", by_name, &chunk);
            let request = clients.elb.describe_target_groups();
            let request = if by_name {
                request.set_names(Some(chunk))
            } else {
                request.set_target_group_arns(Some(chunk))
            };
            match request.send().await {
                Ok(o) => Ok(Some(o.target_groups().to_vec())),
                // ELBv2 API reference, DescribeTargetGroups, Errors: TargetGroupNotFound.
                Err(e) if AwsError::code_of(&e) == Some("TargetGroupNotFound") => Ok(None),
                Err(e) => Err(AwsError::from_sdk(
                    &e,
                    "elasticloadbalancing:DescribeTargetGroups",
                    what,
                )),
            }
        }
    };
    let (mut by_name, by_arn) = futures::try_join!(
        batched_missing(names, 20, call(true)),
        batched_missing(arns, 20, call(false)),
    )?;
    by_name.extend(by_arn);
    Ok(by_name)
}

/// Whether a live resource is relevant: the file names it, or the stack owns it.
fn relevant(desired: &DesiredState, address: &Address, tags: &BTreeMap<String, String>) -> bool {
    desired.get(address).is_some()
        || tags.get(STACK_TAG).map(String::as_str) == Some(desired.stack.as_str())
}

async fn read_cluster(
    clients: &Clients,
    name: Option<&str>,
) -> Result<Option<LiveResource>, AwsError> {
    let Some(name) = name else { return Ok(None) };
    let out = clients
        .ecs
        .describe_clusters()
        .clusters(name)
        .include(ClusterField::Tags)
        .include(ClusterField::Settings)
        .include(ClusterField::Configurations)
        .send()
        .await
        .map_err(|e| AwsError::from_sdk(&e, "ecs:DescribeClusters", format!("cluster.{name}")))?;
    let Some(c) = out
        .clusters()
        .iter()
        .find(|c| c.status() == Some("ACTIVE") || c.status() == Some("PROVISIONING"))
    else {
        return Ok(None);
    };
    let Some(spec) = convert::ecs::cluster_from_sdk(c) else {
        return Ok(None);
    };
    let tags = spec_tags(spec.tags.clone());
    Ok(Some(LiveResource {
        address: Address::new(Kind::Cluster, name),
        arn: c.cluster_arn().unwrap_or_default().to_owned(),
        doc: doc(&spec),
        tags,
        revision: None,
    }))
}

/// The namespace names the file refers to: its namespaces, and every `namespace` a
/// cluster or service gives by name (a cluster's Service Connect default, a service's
/// Service Connect namespace), whose ARNs the live documents hold.
fn namespace_names(desired: &DesiredState) -> BTreeSet<String> {
    fn walk(v: &Value, out: &mut BTreeSet<String>) {
        match v {
            Value::Object(m) => {
                for (k, v) in m {
                    if let (true, Some(name)) = (k == "namespace", v.as_str()) {
                        if !name.is_empty() && !name.starts_with("arn:") {
                            out.insert(name.to_owned());
                        }
                    } else {
                        walk(v, out);
                    }
                }
            }
            Value::Array(a) => a.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out: BTreeSet<String> = desired.names(Kind::Namespace).map(str::to_owned).collect();
    // Only clusters and services name namespaces (a task definition's `systemControls`
    // have a `namespace` of another sort).
    for r in desired
        .resources
        .iter()
        .filter(|r| matches!(r.address.kind, Kind::Cluster | Kind::Service))
    {
        walk(&r.doc, &mut out);
    }
    out
}

/// A namespace by id (GetNamespace) as a summary; `None` when there is none (a
/// namespace the tagging API still lists after its deletion).
async fn get_namespace(
    clients: &Clients,
    id: &str,
) -> Result<Option<aws_sdk_servicediscovery::types::NamespaceSummary>, AwsError> {
    let got = match clients.sd.get_namespace().id(id).send().await {
        Ok(g) => g,
        // Cloud Map API reference, GetNamespace, Errors: NamespaceNotFound.
        Err(e) if AwsError::code_of(&e) == Some("NamespaceNotFound") => return Ok(None),
        Err(e) => {
            return Err(AwsError::from_sdk(
                &e,
                "servicediscovery:GetNamespace",
                format!("namespace {id}"),
            ));
        }
    };
    Ok(got.namespace().map(|ns| {
        aws_sdk_servicediscovery::types::NamespaceSummary::builder()
            .set_id(ns.id().map(str::to_owned))
            .set_arn(ns.arn().map(str::to_owned))
            .set_name(ns.name().map(str::to_owned))
            .set_type(ns.r#type().cloned())
            .set_description(ns.description().map(str::to_owned))
            .set_service_count(ns.service_count())
            .set_properties(ns.properties().cloned())
            .set_create_date(ns.create_date().cloned())
            .build()
    }))
}

/// The namespaces the file refers to (ListNamespaces with a `NAME` filter, one call a
/// name: Cloud Map API reference, NamespaceFilter) and those tagged with the stack
/// (GetNamespace each), as `(arn, name, resource if relevant)`.
async fn read_namespaces(
    clients: &Clients,
    desired: &DesiredState,
    tagged: TaggedFuture<'_>,
) -> Result<Vec<(String, String, Option<LiveResource>)>, AwsError> {
    use aws_sdk_servicediscovery::types::{FilterCondition, NamespaceFilter, NamespaceFilterName};
    let names = namespace_names(desired);
    let by_name = stream::iter(names)
        .map(|name| async move {
            let filter = NamespaceFilter::builder()
                .name(NamespaceFilterName::Name)
                .values(&name)
                .condition(FilterCondition::Eq)
                .build()
                .map_err(|e| AwsError {
                    call: "servicediscovery:ListNamespaces",
                    resource: format!("namespace.{name}"),
                    code: "InvalidRequest".into(),
                    message: e.to_string(),
                })?;
            let pages: Vec<
                aws_sdk_servicediscovery::operation::list_namespaces::ListNamespacesOutput,
            > = clients
                .sd
                .list_namespaces()
                .filters(filter)
                .into_paginator()
                .send()
                .try_collect()
                .await
                .map_err(|e| {
                    AwsError::from_sdk(
                        &e,
                        "servicediscovery:ListNamespaces",
                        format!("namespace.{name}"),
                    )
                })?;
            Ok::<_, AwsError>(
                pages
                    .iter()
                    .flat_map(|p| p.namespaces().iter().cloned())
                    .filter(|s| s.name() == Some(name.as_str()))
                    .collect::<Vec<_>>(),
            )
        })
        .buffer_unordered(CONCURRENCY)
        .try_collect::<Vec<_>>();
    let (by_name, tagged) = futures::try_join!(by_name, tagged)?;
    let mut summaries: Vec<aws_sdk_servicediscovery::types::NamespaceSummary> =
        by_name.into_iter().flatten().collect();
    let more: Vec<String> = tagged
        .namespaces
        .iter()
        .filter(|arn| !summaries.iter().any(|s| s.arn() == Some(arn.as_str())))
        .cloned()
        .collect();
    let more: Vec<Option<aws_sdk_servicediscovery::types::NamespaceSummary>> = stream::iter(more)
        .map(|arn| async move {
            let id = arn.rsplit('/').next().unwrap_or(&arn).to_owned();
            get_namespace(clients, &id).await
        })
        .buffer_unordered(CONCURRENCY)
        .try_collect()
        .await?;
    summaries.extend(more.into_iter().flatten());
    let tagged = &tagged;
    let results: Vec<(String, String, Option<LiveResource>)> = stream::iter(summaries)
        .map(|s| async move {
            let arn = s.arn().unwrap_or_default().to_owned();
            let name = s.name().unwrap_or_default().to_owned();
            // Only referred to (by a service, a cluster): its name is all that is needed.
            if desired.get(&Address::new(Kind::Namespace, &name)).is_none()
                && !tagged.namespaces.contains(&arn)
            {
                return Ok((arn, name, None));
            }
            let tags = clients
                .sd
                .list_tags_for_resource()
                .resource_arn(&arn)
                .send()
                .await
                .map_err(|e| {
                    AwsError::from_sdk(
                        &e,
                        "servicediscovery:ListTagsForResource",
                        format!("namespace.{name}"),
                    )
                })?;
            let mut spec = convert::cloudmap::namespace_summary_from_sdk(&s, tags.tags());
            let address = Address::new(Kind::Namespace, &name);
            let tag_map = spec_tags(spec.tags.clone());
            if !relevant(desired, &address, &tag_map) {
                return Ok((arn, name, None));
            }
            // ListNamespaces may list a DNS namespace with an empty SOA (`"SOA": {}`), which
            // the SDK reads as a TTL of 0: that is "not reported", not 0. Where the file
            // sets the TTL, GetNamespace tells the real one.
            let unreported = spec
                .properties
                .as_ref()
                .is_some_and(|p| p.dns_properties.soa.ttl == 0);
            if unreported {
                spec.properties = None;
                let file_sets_ttl = desired
                    .get(&address)
                    .is_some_and(|r| r.doc.pointer("/properties/dnsProperties/soa/TTL").is_some());
                if let (true, Some(id)) = (file_sets_ttl, s.id()) {
                    let got = clients
                        .sd
                        .get_namespace()
                        .id(id)
                        .send()
                        .await
                        .map_err(|e| {
                            AwsError::from_sdk(
                                &e,
                                "servicediscovery:GetNamespace",
                                format!("namespace.{name}"),
                            )
                        })?;
                    if let Some(ns) = got.namespace() {
                        spec.properties =
                            convert::cloudmap::namespace_from_sdk(ns, &[], None).properties;
                    }
                }
            }
            // Cloud Map does not return a private DNS namespace's VPC: the file's is taken
            // as it is (a changed VPC is not detected; see the book's limitations).
            if let Some(vpc) = desired
                .get(&address)
                .and_then(|r| r.doc.get("vpc"))
                .and_then(Value::as_str)
            {
                spec.vpc = Some(vpc.to_owned());
            }
            Ok::<_, AwsError>((
                arn.clone(),
                name,
                Some(LiveResource {
                    address,
                    arn,
                    doc: doc(&spec),
                    tags: tag_map,
                    revision: None,
                }),
            ))
        })
        .buffer_unordered(CONCURRENCY)
        .try_collect()
        .await?;
    Ok(results)
}

/// The names of the Cloud Map namespaces the live clusters and services refer to by ARN
/// (`namespace` in their documents) that the read has not named yet (GetNamespace each;
/// none in the usual case, where the file names them): a cluster's Service Connect
/// default set outside the file, for one.
async fn read_referenced_namespaces(
    clients: &Clients,
    live: &LiveState,
) -> Result<Vec<(String, String)>, AwsError> {
    fn walk(v: &Value, out: &mut BTreeSet<String>) {
        match v {
            Value::Object(m) => {
                for (k, v) in m {
                    match (k == "namespace", v.as_str()) {
                        (true, Some(arn))
                            if arn.starts_with("arn:") && arn.contains(":servicediscovery:") =>
                        {
                            out.insert(arn.to_owned());
                        }
                        _ => walk(v, out),
                    }
                }
            }
            Value::Array(a) => a.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut arns = BTreeSet::new();
    for r in live
        .resources
        .values()
        .filter(|r| matches!(r.address.kind, Kind::Cluster | Kind::Service))
    {
        walk(&r.doc, &mut arns);
    }
    arns.retain(|a| !live.names_by_arn.contains_key(a));
    let found: Vec<Option<(String, String)>> = stream::iter(arns)
        .map(|arn| async move {
            let id = arn.rsplit('/').next().unwrap_or(&arn).to_owned();
            Ok::<_, AwsError>(
                get_namespace(clients, &id)
                    .await?
                    .and_then(|s| Some((arn, s.name()?.to_owned()))),
            )
        })
        .buffer_unordered(CONCURRENCY)
        .try_collect()
        .await?;
    Ok(found.into_iter().flatten().collect())
}

#[derive(Default)]
struct ElbState {
    resources: Vec<LiveResource>,
    names_by_arn: BTreeMap<String, String>,
    arns_by_name: BTreeMap<String, String>,
    /// Temporary groups of unfinished replacements, by the group they stand for.
    replacing: BTreeMap<Address, Vec<String>>,
}

/// Tags of ELB resources, 20 ARNs a call.
async fn elb_tags(
    clients: &Clients,
    arns: &[String],
) -> Result<HashMap<String, Vec<elbt::Tag>>, AwsError> {
    let results = batched(arns, 20, |chunk| async move {
        let out = clients
            .elb
            .describe_tags()
            .set_resource_arns(Some(chunk))
            .send()
            .await
            .map_err(|e| {
                AwsError::from_sdk(
                    &e,
                    "elasticloadbalancing:DescribeTags",
                    "load balancing resources",
                )
            })?;
        Ok(out.tag_descriptions().to_vec())
    })
    .await?;
    Ok(results
        .into_iter()
        .filter_map(|d| d.resource_arn().map(|a| (a.to_owned(), d.tags().to_vec())))
        .collect())
}

fn elb_tag_map(tags: &[elbt::Tag]) -> BTreeMap<String, String> {
    tags.iter()
        .filter_map(|t| {
            t.key()
                .map(|k| (k.to_owned(), t.value().unwrap_or_default().to_owned()))
        })
        .collect()
}

async fn read_load_balancing(
    clients: &Clients,
    desired: &DesiredState,
    tagged: TaggedFuture<'_>,
) -> Result<ElbState, AwsError> {
    let lb_names: Vec<String> = desired
        .names(Kind::LoadBalancer)
        .map(str::to_owned)
        .collect();
    let tg_names: Vec<String> = desired
        .names(Kind::TargetGroup)
        .map(str::to_owned)
        .collect();
    // What the file names, by name, beside the tagging query; then what only the tags
    // name (the stack's, no longer in the file), by ARN.
    let (mut lbs, mut tgs, tagged) = futures::try_join!(
        describe_load_balancers(clients, &lb_names, &[]),
        describe_target_groups(clients, &tg_names, &[]),
        tagged,
    )?;
    let known: BTreeSet<&str> = lbs
        .iter()
        .filter_map(elbt::LoadBalancer::load_balancer_arn)
        .chain(tgs.iter().filter_map(elbt::TargetGroup::target_group_arn))
        .collect();
    let more_lbs: Vec<String> = tagged
        .load_balancers
        .iter()
        .filter(|a| !known.contains(a.as_str()))
        .cloned()
        .collect();
    let more_tgs: Vec<String> = tagged
        .target_groups
        .iter()
        .filter(|a| !known.contains(a.as_str()))
        .cloned()
        .collect();
    // Then, at once: what only the tags name, and the tags of all (DescribeTags: the
    // tagging API's copy may lag behind); the attributes, listeners and rules of what
    // the file names.
    let named_arns: Vec<String> = known.iter().map(|a| (*a).to_owned()).collect();
    let more_and_tags = async {
        let (more_lbs, more_tgs) = futures::try_join!(
            describe_load_balancers(clients, &[], &more_lbs),
            describe_target_groups(clients, &[], &more_tgs),
        )?;
        let mut arns = named_arns;
        arns.extend(
            more_lbs
                .iter()
                .filter_map(|l| l.load_balancer_arn().map(str::to_owned)),
        );
        arns.extend(
            more_tgs
                .iter()
                .filter_map(|t| t.target_group_arn().map(str::to_owned)),
        );
        let tags = elb_tags(clients, &arns).await?;
        Ok::<_, AwsError>((more_lbs, more_tgs, tags))
    };
    // The file's load balancers: their listeners and rules are read at once, beside the
    // tags; listeners and rules belong to their load balancer (its ownership tags are
    // theirs), so their own tags are read only where the file gives some.
    let named: Vec<(String, String)> = lbs
        .iter()
        .filter_map(|l| {
            Some((
                l.load_balancer_arn()?.to_owned(),
                l.load_balancer_name()?.to_owned(),
            ))
        })
        .filter(|(_, name)| {
            desired
                .get(&Address::new(Kind::LoadBalancer, name))
                .is_some()
        })
        .collect();
    let ((more_lbs, more_tgs, tags), lb_attributes, tg_attributes, listeners) = futures::try_join!(
        more_and_tags,
        read_attributes(
            desired,
            Kind::LoadBalancer,
            lbs.iter()
                .map(|l| (l.load_balancer_arn(), l.load_balancer_name())),
            |arn, name| async move {
                let out = clients
                    .elb
                    .describe_load_balancer_attributes()
                    .load_balancer_arn(arn)
                    .send()
                    .await
                    .map_err(|e| {
                        AwsError::from_sdk(
                            &e,
                            "elasticloadbalancing:DescribeLoadBalancerAttributes",
                            format!("load_balancer.{name}"),
                        )
                    })?;
                Ok(out.attributes().to_vec())
            },
        ),
        read_attributes(
            desired,
            Kind::TargetGroup,
            tgs.iter()
                .map(|t| (t.target_group_arn(), t.target_group_name())),
            |arn, name| async move {
                let out = clients
                    .elb
                    .describe_target_group_attributes()
                    .target_group_arn(arn)
                    .send()
                    .await
                    .map_err(|e| {
                        AwsError::from_sdk(
                            &e,
                            "elasticloadbalancing:DescribeTargetGroupAttributes",
                            format!("target_group.{name}"),
                        )
                    })?;
                Ok(out.attributes().to_vec())
            },
        ),
        read_listeners(clients, desired, named),
    )?;
    lbs.extend(more_lbs);
    tgs.extend(more_tgs);
    let no_tags = Vec::new();

    let mut out = ElbState::default();
    let mut lb_owner: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for lb in &lbs {
        let (Some(arn), Some(name)) = (lb.load_balancer_arn(), lb.load_balancer_name()) else {
            continue;
        };
        let t = tags.get(arn).unwrap_or(&no_tags);
        let address = Address::new(Kind::LoadBalancer, name);
        let tag_map = elb_tag_map(t);
        if !relevant(desired, &address, &tag_map) {
            continue;
        }
        out.arns_by_name
            .insert(format!("load_balancer.{name}"), arn.to_owned());
        out.names_by_arn.insert(arn.to_owned(), name.to_owned());
        lb_owner.insert(
            name.to_owned(),
            tag_map
                .iter()
                .filter(|(k, _)| k.starts_with("ecsform:"))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        );
        let attributes = lb_attributes.get(arn).map_or(&[][..], Vec::as_slice);
        let Some(spec) = convert::elb::load_balancer_from_sdk(lb, attributes, t) else {
            continue;
        };
        out.resources.push(LiveResource {
            address,
            arn: arn.to_owned(),
            doc: doc(&spec),
            tags: tag_map,
            revision: None,
        });
    }
    for tg in &tgs {
        let (Some(arn), Some(name)) = (tg.target_group_arn(), tg.target_group_name()) else {
            continue;
        };
        let t = tags.get(arn).unwrap_or(&no_tags);
        let address = Address::new(Kind::TargetGroup, name);
        let tag_map = elb_tag_map(t);
        if !relevant(desired, &address, &tag_map) {
            continue;
        }
        if let Some(of) = stands_for(desired, &tag_map) {
            // The temporary group of a replacement an earlier apply left unfinished: what
            // refers to it refers to the group it stands for, and the plan resumes the
            // replacement. (The file no longer naming that group: an ordinary leftover.)
            out.names_by_arn.insert(arn.to_owned(), of.name.clone());
            out.replacing.entry(of).or_default().push(arn.to_owned());
            continue;
        }
        out.arns_by_name
            .insert(format!("target_group.{name}"), arn.to_owned());
        out.names_by_arn.insert(arn.to_owned(), name.to_owned());
        let attributes = tg_attributes.get(arn).map_or(&[][..], Vec::as_slice);
        let Some(spec) = convert::elb::target_group_from_sdk(tg, attributes, t) else {
            continue;
        };
        out.resources.push(LiveResource {
            address,
            arn: arn.to_owned(),
            doc: doc(&spec),
            tags: tag_map,
            revision: None,
        });
    }
    for l in listeners {
        let Some(owner) = lb_owner.get(&l.load_balancer) else {
            continue;
        };
        let mut tag_map = elb_tag_map(&l.tags);
        tag_map.extend(owner.clone());
        if !relevant(desired, &l.address, &tag_map) {
            continue;
        }
        out.arns_by_name
            .insert(l.address.to_string(), l.arn.clone());
        out.resources.push(LiveResource {
            address: l.address,
            arn: l.arn,
            doc: l.doc,
            tags: tag_map,
            revision: None,
        });
    }
    Ok(out)
}

/// The target group of the file that a temporary group of this stack stands for (its
/// [`REPLACES_TAG`]); `None` for any other group.
fn stands_for(desired: &DesiredState, tags: &BTreeMap<String, String>) -> Option<Address> {
    let of = tags.get(REPLACES_TAG)?;
    let address = Address::new(Kind::TargetGroup, of);
    (tags.get(STACK_TAG) == Some(&desired.stack) && desired.get(&address).is_some())
        .then_some(address)
}

/// A listener or rule as read, before ownership is decided.
struct ListenerPart {
    address: Address,
    load_balancer: String,
    arn: String,
    doc: Value,
    tags: Vec<elbt::Tag>,
}

/// The attributes of the load balancers or target groups of `kind` (given as
/// `(arn, name)`) that the file names, read concurrently by `fetch`; by ARN. Also where
/// the file sets no attributes: an attribute the file does not set is compared with
/// AWS's default (`ecsform_model::attributes`), so that one the file dropped, or one set
/// by hand, is set back. (Those the stack owns that the file no longer names are to be
/// deleted: their attributes do not matter.)
async fn read_attributes<'r, A, F, Fut>(
    desired: &DesiredState,
    kind: Kind,
    resources: impl Iterator<Item = (Option<&'r str>, Option<&'r str>)>,
    fetch: F,
) -> Result<HashMap<String, Vec<A>>, AwsError>
where
    F: Fn(String, String) -> Fut,
    Fut: std::future::Future<Output = Result<Vec<A>, AwsError>>,
{
    let wanted: Vec<(String, String)> = resources
        .filter_map(|(arn, name)| Some((arn?.to_owned(), name?.to_owned())))
        .filter(|(_, name)| desired.get(&Address::new(kind, name)).is_some())
        .collect();
    stream::iter(wanted)
        .map(|(arn, name)| {
            let read = fetch(arn.clone(), name);
            async move { Ok::<_, AwsError>((arn, read.await?)) }
        })
        .buffer_unordered(CONCURRENCY)
        .try_collect()
        .await
}

/// Listeners of the given load balancers, with their rules (and the attributes and tags
/// the file asks to compare).
async fn read_listeners(
    clients: &Clients,
    desired: &DesiredState,
    lbs: Vec<(String, String)>,
) -> Result<Vec<ListenerPart>, AwsError> {
    let listeners: Vec<(String, Vec<elbt::Listener>)> = stream::iter(lbs)
        .map(|(arn, name)| async move {
            let ls = load_balancer_listeners(clients, &arn, &name).await?;
            Ok::<_, AwsError>((name, ls))
        })
        .buffer_unordered(CONCURRENCY)
        .try_collect()
        .await?;
    let listeners: Vec<(String, elbt::Listener)> = listeners
        .into_iter()
        .flat_map(|(name, ls)| ls.into_iter().map(move |l| (name.clone(), l)))
        .collect();
    let per_listener: Vec<(Vec<elbt::Rule>, Vec<elbt::ListenerAttribute>)> =
        stream::iter(listeners.iter())
            .map(|(lb, l)| async move {
                let name = format!("{lb}:{}", l.port().unwrap_or_default());
                let arn = l.listener_arn().unwrap_or_default().to_owned();
                let rules = listener_rules(clients, &arn, &name);
                let attributes = async {
                    if !wants_attributes(desired, &Address::new(Kind::Listener, &name)) {
                        return Ok(Vec::new());
                    }
                    let out = clients
                        .elb
                        .describe_listener_attributes()
                        .listener_arn(&arn)
                        .send()
                        .await
                        .map_err(|e| {
                            AwsError::from_sdk(
                                &e,
                                "elasticloadbalancing:DescribeListenerAttributes",
                                format!("listener.{name}"),
                            )
                        })?;
                    Ok::<_, AwsError>(out.attributes().to_vec())
                };
                futures::try_join!(rules, attributes)
            })
            .buffered(CONCURRENCY)
            .try_collect()
            .await?;
    // Tags of listeners and rules, only when the file gives some.
    let file_tags = desired.resources.iter().any(|r| {
        matches!(r.address.kind, Kind::Listener | Kind::ListenerRule)
            && r.doc.get("tags").is_some_and(|t| !t.is_null())
    });
    let mut tags: HashMap<String, Vec<elbt::Tag>> = HashMap::new();
    if file_tags {
        let mut arns: Vec<String> = listeners
            .iter()
            .filter_map(|(_, l)| l.listener_arn().map(str::to_owned))
            .collect();
        arns.extend(per_listener.iter().flat_map(|(rs, _)| {
            rs.iter()
                .filter(|r| r.is_default() != Some(true))
                .filter_map(|r| r.rule_arn().map(str::to_owned))
        }));
        tags = elb_tags(clients, &arns).await?;
    }
    let mut out = Vec::new();
    for ((lb, l), (rules, attributes)) in listeners.iter().zip(per_listener) {
        let name = format!("{lb}:{}", l.port().unwrap_or_default());
        let arn = l.listener_arn().unwrap_or_default().to_owned();
        let t = tags.remove(&arn).unwrap_or_default();
        let Some(spec) = convert::elb::listener_from_sdk(l, lb, &attributes, &t) else {
            continue;
        };
        out.push(ListenerPart {
            address: Address::new(Kind::Listener, &name),
            load_balancer: lb.clone(),
            arn,
            doc: doc(&spec),
            tags: t,
        });
        for r in &rules {
            let arn = r.rule_arn().unwrap_or_default().to_owned();
            let t = tags.remove(&arn).unwrap_or_default();
            let Some(spec) = convert::elb::rule_from_sdk(r, &name, &t) else {
                continue;
            };
            out.push(ListenerPart {
                address: Address::new(Kind::ListenerRule, format!("{name}/{}", spec.priority)),
                load_balancer: lb.clone(),
                arn,
                doc: doc(&spec),
                tags: t,
            });
        }
    }
    Ok(out)
}

/// Every listener of a load balancer (`name` for errors).
pub(crate) async fn load_balancer_listeners(
    clients: &Clients,
    arn: &str,
    name: &str,
) -> Result<Vec<elbt::Listener>, AwsError> {
    clients
        .elb
        .describe_listeners()
        .load_balancer_arn(arn)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| {
            AwsError::from_sdk(
                &e,
                "elasticloadbalancing:DescribeListeners",
                format!("load_balancer.{name}"),
            )
        })
}

/// Every rule of a listener (`name` for errors). DescribeRules has no paginator in the
/// SDK: the marker is followed by hand.
pub(crate) async fn listener_rules(
    clients: &Clients,
    arn: &str,
    name: &str,
) -> Result<Vec<elbt::Rule>, AwsError> {
    let mut all = Vec::new();
    let mut marker: Option<String> = None;
    loop {
        let out = clients
            .elb
            .describe_rules()
            .listener_arn(arn)
            .set_marker(marker.clone())
            .send()
            .await
            .map_err(|e| {
                AwsError::from_sdk(
                    &e,
                    "elasticloadbalancing:DescribeRules",
                    format!("listener.{name}"),
                )
            })?;
        all.extend(out.rules().iter().cloned());
        marker = out.next_marker().map(str::to_owned);
        if marker.is_none() {
            return Ok(all);
        }
    }
}

/// Listener attributes are read only where the file sets some: only those are compared.
fn wants_attributes(desired: &DesiredState, address: &Address) -> bool {
    desired
        .get(address)
        .and_then(|r| r.doc.get("attributes"))
        .and_then(Value::as_array)
        .is_some_and(|a| !a.is_empty())
}

/// Services, their task definitions and autoscaling. What the file names is read at once,
/// beside the service listing; only what the live services add (families and services
/// the file no longer names) takes a second round.
async fn read_ecs(
    clients: &Clients,
    desired: &DesiredState,
    cluster: Option<&str>,
    options: ReadOptions,
    tagged: TaggedFuture<'_>,
) -> Result<
    (
        Vec<LiveResource>,
        BTreeMap<String, LiveResource>,
        ForeignRevisions,
    ),
    AwsError,
> {
    let families: BTreeSet<String> = desired
        .names(Kind::TaskDefinition)
        .map(str::to_owned)
        .collect();
    let names: BTreeSet<String> = desired.names(Kind::Service).map(str::to_owned).collect();
    let (services, (mut task_definitions, mut foreign), mut autoscaling) = futures::try_join!(
        read_services(clients, desired, cluster, tagged),
        read_task_definitions(clients, families.clone(), desired),
        read_autoscaling(clients, cluster, &names),
    )?;
    let extra_families: BTreeSet<String> = services
        .iter()
        .filter_map(|s| s.doc.get("taskDefinition").and_then(Value::as_str))
        .map(|td| task_definition_family(td).to_owned())
        .filter(|f| !families.contains(f))
        .collect();
    let extra_services: BTreeSet<String> = services
        .iter()
        .map(|s| s.address.name.clone())
        .filter(|n| !names.contains(n))
        .collect();
    if !extra_families.is_empty() || !extra_services.is_empty() {
        let ((t, f), a) = futures::try_join!(
            read_task_definitions(clients, extra_families, desired),
            read_autoscaling(clients, cluster, &extra_services),
        )?;
        task_definitions.extend(t);
        foreign.extend(f);
        autoscaling.extend(a);
    }
    // Autoscaling belongs to its service: the service's ownership tags are its own; with
    // no live service, a scalable target is not the stack's concern.
    let owners: BTreeMap<&str, BTreeMap<String, String>> = services
        .iter()
        .map(|s| {
            let t = s
                .tags
                .iter()
                .filter(|(k, _)| k.starts_with("ecsform:"))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            (s.address.name.as_str(), t)
        })
        .collect();
    let mut out = Vec::new();
    for mut r in autoscaling {
        let service = r.address.name.split('/').next().unwrap_or_default();
        if let Some(tags) = owners.get(service) {
            r.tags = tags.clone();
            out.push(r);
        }
    }
    target_tags(clients, desired, options, &mut out).await?;
    let running = read_running_revisions(clients, &services, &task_definitions).await?;
    out.extend(task_definitions);
    out.extend(services);
    Ok((out, running, foreign))
}

/// The tags of scalable targets (ListTagsForResource, one call each; DescribeScalableTargets
/// returns none): for the targets whose file entry sets tags, the file's tags are
/// compared (the live document's `tags`); with `options.autoscaling_hashes` (drift), for
/// every target, also the hashes apply recorded: a target's own `ecsform:hash`, its
/// policies' and scheduled actions' under [`ecsform_model::child_hash_tag`]. Where a hash
/// tag is missing (written by an older ecsform), the service's hash stays.
async fn target_tags(
    clients: &Clients,
    desired: &DesiredState,
    options: ReadOptions,
    resources: &mut [LiveResource],
) -> Result<(), AwsError> {
    let file_tags = |r: &LiveResource| {
        desired
            .get(&r.address)
            .and_then(|d| d.doc.get("tags"))
            .and_then(Value::as_array)
            .is_some_and(|t| !t.is_empty())
    };
    let targets: Vec<(String, String)> = resources
        .iter()
        .filter(|r| r.address.kind == Kind::ScalableTarget && r.arn.starts_with("arn:"))
        .filter(|r| options.autoscaling_hashes || file_tags(r))
        .map(|r| (r.address.name.clone(), r.arn.clone()))
        .collect();
    if targets.is_empty() {
        return Ok(());
    }
    let tagged: HashMap<String, HashMap<String, String>> = stream::iter(targets)
        .map(|(service, arn)| async move {
            let out = clients
                .aas
                .list_tags_for_resource()
                .resource_arn(&arn)
                .send()
                .await
                .map_err(|e| {
                    AwsError::from_sdk(
                        &e,
                        "application-autoscaling:ListTagsForResource",
                        format!("scalable_target.{service}"),
                    )
                })?;
            Ok::<_, AwsError>((service, out.tags().cloned().unwrap_or_default()))
        })
        .buffer_unordered(CONCURRENCY)
        .try_collect()
        .await?;
    for r in resources {
        let service = r.address.name.split('/').next().unwrap_or_default();
        let Some(tags) = tagged.get(service) else {
            continue;
        };
        if r.address.kind == Kind::ScalableTarget
            && let Value::Object(doc) = &mut r.doc
        {
            let mut own: Vec<(&String, &String)> = tags
                .iter()
                .filter(|(k, _)| !k.starts_with("ecsform:"))
                .collect();
            own.sort();
            let list: Vec<Value> = own
                .into_iter()
                .map(|(k, v)| serde_json::json!({"key": k, "value": v}))
                .collect();
            if !list.is_empty() {
                doc.insert("tags".into(), Value::Array(list));
            }
        }
        if !options.autoscaling_hashes {
            continue;
        }
        let key = if r.address.kind == Kind::ScalableTarget {
            HASH_TAG.to_owned()
        } else {
            ecsform_model::child_hash_tag(&r.address)
        };
        if let Some(hash) = tags.get(&key) {
            r.tags.insert(HASH_TAG.to_owned(), hash.clone());
        }
    }
    Ok(())
}

/// The ARNs of a cluster's services; `None` when there is no such cluster.
pub(crate) async fn list_service_arns(
    clients: &Clients,
    cluster: &str,
) -> Result<Option<Vec<String>>, AwsError> {
    match clients
        .ecs
        .list_services()
        .cluster(cluster)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
    {
        Ok(a) => Ok(Some(a)),
        Err(e) if AwsError::code_of(&e) == Some("ClusterNotFoundException") => Ok(None),
        Err(e) => Err(AwsError::from_sdk(
            &e,
            "ecs:ListServices",
            format!("cluster.{cluster}"),
        )),
    }
}

/// The services of the cluster the file names (DescribeServices, 10 a call; one that
/// does not exist is a `MISSING` failure, which is data) and those tagged with the stack
/// in the cluster (from the tagging query), read by name.
async fn read_services(
    clients: &Clients,
    desired: &DesiredState,
    cluster: Option<&str>,
    tagged: TaggedFuture<'_>,
) -> Result<Vec<LiveResource>, AwsError> {
    let Some(cluster) = cluster else {
        return Ok(Vec::new());
    };
    let named: Vec<String> = desired.names(Kind::Service).map(str::to_owned).collect();
    let describe = |names: Vec<String>| async move {
        let described = batched(&names, 10, |chunk| async move {
            match clients
                .ecs
                .describe_services()
                .cluster(cluster)
                .set_services(Some(chunk))
                .include(ServiceField::Tags)
                .send()
                .await
            {
                Ok(out) => Ok(out.services().to_vec()),
                // No such cluster: no services.
                Err(e) if AwsError::code_of(&e) == Some("ClusterNotFoundException") => {
                    Ok(Vec::new())
                }
                Err(e) => Err(AwsError::from_sdk(
                    &e,
                    "ecs:DescribeServices",
                    format!("services of cluster.{cluster}"),
                )),
            }
        })
        .await?;
        Ok::<_, AwsError>(described)
    };
    let (mut described, tagged) = futures::try_join!(describe(named.clone()), tagged)?;
    // arn:aws:ecs:region:account:service/<cluster>/<name> (the long ARN format, the only
    // one that takes tags: ECS Developer Guide, "Amazon Resource Names (ARNs) and IDs").
    let prefix = format!("service/{cluster}/");
    let more: Vec<String> = tagged
        .services
        .iter()
        .filter_map(|arn| {
            arn.split_once(":service/")
                .map(|(_, r)| format!("service/{r}"))
        })
        .filter_map(|r| r.strip_prefix(&prefix).map(str::to_owned))
        .filter(|name| !named.contains(name))
        .collect::<BTreeSet<String>>()
        .into_iter()
        .collect();
    if !more.is_empty() {
        described.extend(describe(more).await?);
    }
    let mut kept = Vec::new();
    for s in described {
        if s.status() == Some("INACTIVE") {
            continue;
        }
        let Some(spec) = convert::ecs::service_from_sdk(&s, &[]) else {
            continue;
        };
        let address = Address::new(Kind::Service, &spec.service_name);
        let tags = spec_tags(spec.tags.clone());
        if !relevant(desired, &address, &tags) {
            continue;
        }
        let revisions: Vec<String> = s
            .current_service_revisions()
            .iter()
            .filter_map(|r| r.arn().map(str::to_owned))
            .collect();
        kept.push((s, spec, address, tags, revisions));
    }
    let all: Vec<String> = kept.iter().flat_map(|k| k.4.iter().cloned()).collect();
    let revisions = service_revisions(clients, cluster, all).await?;
    let mut out = Vec::new();
    for (s, mut spec, address, tags, current) in kept {
        // Several revisions are current during a deployment: the newest is the one the
        // service is moving to, what the last UpdateService asked for.
        if let Some(rev) = current
            .iter()
            .filter_map(|arn| revisions.get(arn))
            .max_by_key(|r| r.created_at().map(|t| (t.secs(), t.subsec_nanos())))
        {
            convert::ecs::service_revision_into(rev, &mut spec);
        }
        out.push(LiveResource {
            address,
            arn: s.service_arn().unwrap_or_default().to_owned(),
            doc: doc(&spec),
            tags,
            revision: None,
        });
    }
    Ok(out)
}

/// The service revisions with these ARNs (DescribeServiceRevisions, 20 at a time), by
/// ARN: the only place AWS returns a service's `monitoring` and `gatewayConnectors`.
async fn service_revisions(
    clients: &Clients,
    cluster: &str,
    arns: Vec<String>,
) -> Result<HashMap<String, aws_sdk_ecs::types::ServiceRevision>, AwsError> {
    let described = batched(&arns, 20, |chunk| async move {
        let out = clients
            .ecs
            .describe_service_revisions()
            .set_service_revision_arns(Some(chunk))
            .send()
            .await
            .map_err(|e| {
                AwsError::from_sdk(
                    &e,
                    "ecs:DescribeServiceRevisions",
                    format!("services of cluster.{cluster}"),
                )
            })?;
        Ok(out.service_revisions().to_vec())
    })
    .await?;
    Ok(described
        .into_iter()
        .filter_map(|r| Some((r.service_revision_arn()?.to_owned(), r)))
        .collect())
}

/// How far back the reader looks for the stack's own revision of a family when the
/// latest ACTIVE one is not the stack's: one ListTaskDefinitions page of the newest.
const OWN_REVISION_LOOK_BACK: i32 = 20;

/// One revision of a family (`family`, `family:revision` or an ARN) with its tags;
/// `None` when there is no such revision, or (`active_only`) it is INACTIVE.
async fn describe_revision(
    clients: &Clients,
    family: &str,
    reference: &str,
    active_only: bool,
) -> Result<Option<LiveResource>, AwsError> {
    let out = match clients
        .ecs
        .describe_task_definition()
        .task_definition(reference)
        .include(TaskDefinitionField::Tags)
        .send()
        .await
    {
        Ok(o) => o,
        // "Unable to describe task definition.": no ACTIVE revision of the family.
        Err(e) if AwsError::code_of(&e) == Some("ClientException") => return Ok(None),
        Err(e) => {
            return Err(AwsError::from_sdk(
                &e,
                "ecs:DescribeTaskDefinition",
                format!("task_definition.{family}"),
            ));
        }
    };
    let Some(td) = out.task_definition() else {
        return Ok(None);
    };
    if active_only && td.status().map(|s| s.as_str()) == Some("INACTIVE") {
        return Ok(None);
    }
    Ok(task_definition_resource(family, td, out.tags()))
}

/// The live task definition of each family: the newest ACTIVE revision the stack
/// registered (tagged `ecsform:stack=<stack>`). The latest ACTIVE revision is described
/// first (one call when it is the stack's, the usual case); when it is not (registered
/// by hand, or by another stack, after the stack's last apply), the newest
/// [`OWN_REVISION_LOOK_BACK`] ACTIVE revisions are listed (ListTaskDefinitions,
/// `sort: DESC`) and described newest first until one is the stack's. A family without
/// any revision of the stack's is the latest ACTIVE one, whoever made it (adoption, or
/// another stack's).
async fn read_task_definitions(
    clients: &Clients,
    families: BTreeSet<String>,
    desired: &DesiredState,
) -> Result<(Vec<LiveResource>, ForeignRevisions), AwsError> {
    let own = |r: &LiveResource| r.owner() == Some(desired.stack.as_str());
    let found: Vec<(Option<LiveResource>, Vec<i64>)> = stream::iter(families)
        .map(|family| async move {
            let Some(latest) = describe_revision(clients, &family, &family, true).await? else {
                return Ok((None, Vec::new()));
            };
            if own(&latest) {
                return Ok((Some(latest), Vec::new()));
            }
            // Revisions newer than the stack's newest that the stack did not register.
            let mut foreign: Vec<i64> = latest.revision.into_iter().collect();
            let listed = clients
                .ecs
                .list_task_definitions()
                .family_prefix(&family)
                .status(aws_sdk_ecs::types::TaskDefinitionStatus::Active)
                .sort(aws_sdk_ecs::types::SortOrder::Desc)
                .max_results(OWN_REVISION_LOOK_BACK)
                .send()
                .await
                .map_err(|e| {
                    AwsError::from_sdk(
                        &e,
                        "ecs:ListTaskDefinitions",
                        format!("task_definition.{family}"),
                    )
                })?;
            // The prefix matches other families too; the order is made sure of here.
            let mut older: Vec<(i64, String)> = listed
                .task_definition_arns()
                .iter()
                .filter_map(|arn| {
                    let rev = task_definition_revision(arn)?;
                    (task_definition_family(arn) == family && Some(rev) < latest.revision)
                        .then(|| (rev, arn.clone()))
                })
                .collect();
            older.sort_by_key(|o| std::cmp::Reverse(o.0));
            older.truncate(usize::try_from(OWN_REVISION_LOOK_BACK).unwrap_or(20));
            for (rev, arn) in older {
                if let Some(r) = describe_revision(clients, &family, &arn, true).await? {
                    if own(&r) {
                        foreign.sort_unstable();
                        return Ok((Some(r), foreign));
                    }
                    foreign.push(rev);
                }
            }
            // None of the stack's own within reach: the latest is the family's live one
            // (adopted, or another stack's, which the plan refuses).
            Ok((
                relevant(desired, &latest.address, &latest.tags).then_some(latest),
                Vec::new(),
            ))
        })
        .buffer_unordered(CONCURRENCY)
        .try_collect()
        .await?;
    let mut foreign = ForeignRevisions::new();
    let mut resources = Vec::new();
    for (r, f) in found {
        if let Some(r) = r {
            if !f.is_empty() {
                foreign.insert(r.address.name.clone(), f);
            }
            resources.push(r);
        }
    }
    Ok((resources, foreign))
}

/// See [`LiveState::foreign_revisions`].
type ForeignRevisions = BTreeMap<String, Vec<i64>>;

/// The revisions of the stack's families that services run other than the family's
/// live revision (see [`LiveState::running_revisions`]), one DescribeTaskDefinition
/// each; none in the usual case, where every service runs its family's live revision.
async fn read_running_revisions(
    clients: &Clients,
    services: &[LiveResource],
    task_definitions: &[LiveResource],
) -> Result<BTreeMap<String, LiveResource>, AwsError> {
    let live: BTreeMap<&str, Option<i64>> = task_definitions
        .iter()
        .map(|t| (t.address.name.as_str(), t.revision))
        .collect();
    let wanted: BTreeSet<String> = services
        .iter()
        .filter_map(|s| s.doc.get("taskDefinition").and_then(Value::as_str))
        .filter(|td| {
            let family = task_definition_family(td);
            live.get(family)
                .is_some_and(|rev| rev.is_some() && *rev != task_definition_revision(td))
        })
        .map(str::to_owned)
        .collect();
    let found: Vec<Option<LiveResource>> = stream::iter(wanted)
        .map(|td| async move {
            let family = task_definition_family(&td).to_owned();
            describe_revision(clients, &family, &td, false).await
        })
        .buffer_unordered(CONCURRENCY)
        .try_collect()
        .await?;
    Ok(found
        .into_iter()
        .flatten()
        .filter_map(|r| Some((format!("{}:{}", r.address.name, r.revision?), r)))
        .collect())
}

/// A described task definition revision as the live resource of its family.
pub(crate) fn task_definition_resource(
    family: &str,
    td: &aws_sdk_ecs::types::TaskDefinition,
    tags: &[aws_sdk_ecs::types::Tag],
) -> Option<LiveResource> {
    let spec = convert::ecs::task_definition_from_sdk(td, tags)?;
    let arn = td.task_definition_arn().unwrap_or_default().to_owned();
    Some(LiveResource {
        address: Address::new(Kind::TaskDefinition, family),
        revision: Some(i64::from(td.revision())).or_else(|| task_definition_revision(&arn)),
        arn,
        tags: spec_tags(spec.tags.clone()),
        doc: doc(&spec),
    })
}

/// Scalable targets, policies and scheduled actions of the named services (their
/// ownership tags are filled in by the caller, from the services).
async fn read_autoscaling(
    clients: &Clients,
    cluster: Option<&str>,
    services: &BTreeSet<String>,
) -> Result<Vec<LiveResource>, AwsError> {
    let Some(cluster) = cluster else {
        return Ok(Vec::new());
    };
    if services.is_empty() {
        return Ok(Vec::new());
    }
    use aws_sdk_applicationautoscaling::types::ServiceNamespace;
    let by_resource: BTreeMap<String, &str> = services
        .iter()
        .map(|s| (format!("service/{cluster}/{s}"), s.as_str()))
        .collect();
    let ids: Vec<String> = by_resource.keys().cloned().collect();
    let targets_fut = batched(&ids, 50, |chunk| async move {
        let targets: Result<Vec<aws_sdk_applicationautoscaling::types::ScalableTarget>, _> =
            clients
                .aas
                .describe_scalable_targets()
                .service_namespace(ServiceNamespace::Ecs)
                .set_resource_ids(Some(chunk))
                .into_paginator()
                .items()
                .send()
                .try_collect()
                .await;
        targets.map_err(|e| {
            AwsError::from_sdk(
                &e,
                "application-autoscaling:DescribeScalableTargets",
                format!("services of cluster.{cluster}"),
            )
        })
    });
    let targets: Vec<aws_sdk_applicationautoscaling::types::ScalableTarget> = targets_fut
        .await?
        .into_iter()
        .filter(|t| t.scalable_dimension().as_str() == "ecs:service:DesiredCount")
        .collect();
    // Policies and scheduled actions exist only on a registered scalable target
    // (Application Auto Scaling API reference, PutScalingPolicy and PutScheduledAction:
    // "register a scalable target first"; DeregisterScalableTarget deletes them): each
    // target's are read by its resource id (DescribeScalingPolicies and
    // DescribeScheduledActions `ResourceId`, with `ScalableDimension`), never the
    // namespace's, which holds every autoscaled service of the account.
    let ids: Vec<String> = targets.iter().map(|t| t.resource_id().to_owned()).collect();
    let per_target: Vec<(
        Vec<aws_sdk_applicationautoscaling::types::ScalingPolicy>,
        Vec<aws_sdk_applicationautoscaling::types::ScheduledAction>,
    )> = stream::iter(ids)
        .map(|id| async move {
            let dimension =
                aws_sdk_applicationautoscaling::types::ScalableDimension::EcsServiceDesiredCount;
            let policies = async {
                clients
                    .aas
                    .describe_scaling_policies()
                    .service_namespace(ServiceNamespace::Ecs)
                    .resource_id(&id)
                    .scalable_dimension(dimension.clone())
                    .into_paginator()
                    .items()
                    .send()
                    .try_collect()
                    .await
                    .map_err(|e| {
                        AwsError::from_sdk(
                            &e,
                            "application-autoscaling:DescribeScalingPolicies",
                            format!("scalable target {id}"),
                        )
                    })
            };
            let actions = async {
                clients
                    .aas
                    .describe_scheduled_actions()
                    .service_namespace(ServiceNamespace::Ecs)
                    .resource_id(&id)
                    .scalable_dimension(dimension.clone())
                    .into_paginator()
                    .items()
                    .send()
                    .try_collect()
                    .await
                    .map_err(|e| {
                        AwsError::from_sdk(
                            &e,
                            "application-autoscaling:DescribeScheduledActions",
                            format!("scalable target {id}"),
                        )
                    })
            };
            futures::try_join!(policies, actions)
        })
        .buffer_unordered(CONCURRENCY)
        .try_collect()
        .await?;
    let (policies, actions): (Vec<_>, Vec<_>) = per_target.into_iter().unzip();
    let policies: Vec<_> = policies.into_iter().flatten().collect();
    let actions: Vec<_> = actions.into_iter().flatten().collect();
    let mut out = Vec::new();
    for t in targets {
        let Some(name) = by_resource.get(t.resource_id()) else {
            continue;
        };
        if t.scalable_dimension().as_str() != "ecs:service:DesiredCount" {
            continue;
        }
        let owner_tags: BTreeMap<String, String> = BTreeMap::new();
        let Some(spec) = convert::autoscaling::autoscaling_from_sdk(&t, &[], &[], &[]) else {
            continue;
        };
        let mut target_doc = serde_json::Map::new();
        target_doc.insert("minCapacity".into(), spec.min_capacity.into());
        target_doc.insert("maxCapacity".into(), spec.max_capacity.into());
        if let Some(r) = &spec.role_arn {
            target_doc.insert("roleArn".into(), r.clone().into());
        }
        if let Some(s) = &spec.suspended_state {
            target_doc.insert("suspendedState".into(), doc(s));
        }
        out.push(LiveResource {
            address: Address::new(Kind::ScalableTarget, *name),
            arn: t
                .scalable_target_arn()
                .unwrap_or(t.resource_id())
                .to_owned(),
            doc: Value::Object(target_doc),
            tags: owner_tags.clone(),
            revision: None,
        });
        for p in policies
            .iter()
            .filter(|p| p.resource_id() == t.resource_id())
        {
            let Some(spec) = convert::autoscaling::scaling_policy_from_sdk(p) else {
                continue;
            };
            out.push(LiveResource {
                address: Address::new(Kind::ScalingPolicy, format!("{name}/{}", spec.policy_name)),
                arn: p.policy_arn().to_owned(),
                doc: doc(&spec),
                tags: owner_tags.clone(),
                revision: None,
            });
        }
        for a in actions
            .iter()
            .filter(|a| a.resource_id() == t.resource_id())
        {
            let Some(spec) = convert::autoscaling::scheduled_action_from_sdk(a) else {
                continue;
            };
            out.push(LiveResource {
                address: Address::new(
                    Kind::ScheduledAction,
                    format!("{name}/{}", spec.scheduled_action_name),
                ),
                arn: a.scheduled_action_arn().to_owned(),
                doc: doc(&spec),
                tags: owner_tags.clone(),
                revision: None,
            });
        }
    }
    Ok(out)
}
