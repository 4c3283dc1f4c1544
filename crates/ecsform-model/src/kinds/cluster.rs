//! The ECS cluster (`cluster.<name>`).

use serde_json::json;

use super::{AnchorGroup, Form, KindRules, Ref, str_at};
use crate::Kind::Cluster;
use crate::defaults::{FieldDefault, aws, ecs, none, reset, reset_always};
use crate::normalize::Context;
use crate::{Address, Doc, Kind};

/// Everything the model and the plan know about the ECS cluster.
pub static RULES: KindRules = KindRules {
    defaults: DEFAULTS,
    forms: FORMS,
    keyed_lists: &[("tags", "key", "value"), ("settings", "name", "value")],
    list_keys: LIST_KEYS,
    stamp_anchor: Some(AnchorGroup::Ecs),
    import_keeps: &["clusterName"],
    references,
    ..KindRules::NONE
};

/// Lists matched by a member: a
/// [CapacityProviderStrategyItem](https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CapacityProviderStrategyItem.html)
/// by `capacityProvider`.
const LIST_KEYS: &[(&str, &[&str])] = &[("defaultCapacityProviderStrategy", &["capacityProvider"])];

/// Its Service Connect default namespace.
fn references(_: &Address, doc: &Doc) -> Vec<Ref> {
    str_at(doc, "/serviceConnectDefaults/namespace")
        .map(|ns| Ref::To(Address::new(Kind::Namespace, ns)))
        .into_iter()
        .collect()
}

// ---- defaults ----------------------------------------------------------------------------

/// Its rows of the defaults table ([`crate::defaults`]), in the order they apply.
const DEFAULTS: &[FieldDefault] = &[
    aws(
        Cluster,
        "settings.containerInsights",
        "\"disabled\"",
        ecs!("API_ClusterSetting.html"),
    ),
    none(
        Cluster,
        "capacityProviders",
        ecs!("API_PutClusterCapacityProviders.html"),
    ),
    none(
        Cluster,
        "defaultCapacityProviderStrategy",
        ecs!("API_PutClusterCapacityProviders.html"),
    ),
    none(
        Cluster,
        "serviceConnectDefaults",
        ecs!("API_UpdateCluster.html"),
    ),
    reset(
        Cluster,
        "defaultCapacityProviderStrategy[].base",
        "0",
        ecs!("API_CapacityProviderStrategyItem.html"),
    ),
    reset(
        Cluster,
        "defaultCapacityProviderStrategy[].weight",
        "0",
        ecs!("API_CapacityProviderStrategyItem.html"),
    ),
    reset_always(Cluster, "tags", "{}", ecs!("API_TagResource.html")),
];

// ---- canonical forms ---------------------------------------------------------------------

/// Its canonical forms ([`crate::normalize`]), in the order they run.
const FORMS: &[Form] = &[Form {
    name: "cluster_namespace_name",
    apply: cluster_namespace_name,
}];

/// The Service Connect default namespace by name (AWS returns its ARN).
fn cluster_namespace_name(doc: &mut Doc, ctx: &Context<'_>) {
    if let Some(ns) = doc.pointer_mut("/serviceConnectDefaults/namespace")
        && let Some(name) = ns.as_str().and_then(|arn| ctx.names_by_arn.get(arn))
    {
        *ns = json!(name);
    }
}
