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
pub use crate::kinds::Form;
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

/// Every kind's forms, each once, in the order of [`Kind::ALL`] (for tests and
/// `--explain`); a kind's own are [`crate::kinds::KindRules::forms`].
#[must_use]
pub fn all_forms() -> Vec<&'static Form> {
    let mut out: Vec<&'static Form> = Vec::new();
    for kind in Kind::ALL {
        for form in crate::kinds::rules(kind).forms {
            if !out.iter().any(|f| f.name == form.name) {
                out.push(form);
            }
        }
    }
    out
}

/// Applies the forms to a copy of a document (keyed lists as mappings first).
#[must_use]
pub fn normalize(kind: Kind, doc: &Doc, ctx: &Context<'_>) -> Doc {
    let mut out = keyed_lists_as_maps(kind, doc);
    forms(kind, &mut out, ctx);
    out
}

/// Applies the forms in place.
pub fn forms(kind: Kind, doc: &mut Doc, ctx: &Context<'_>) {
    for form in crate::kinds::rules(kind).forms {
        (form.apply)(doc, ctx);
    }
}

pub(crate) fn obj(doc: &mut Doc) -> Option<&mut Map<String, Value>> {
    doc.as_object_mut()
}

pub(crate) fn default(map: &mut Map<String, Value>, key: &str, value: Value) {
    if map.get(key).is_none_or(Value::is_null) {
        map.insert(key.to_owned(), value);
    }
}

pub(crate) fn array_mut<'a>(
    map: &'a mut Map<String, Value>,
    key: &str,
) -> impl Iterator<Item = &'a mut Value> {
    map.get_mut(key)
        .and_then(Value::as_array_mut)
        .into_iter()
        .flat_map(|a| a.iter_mut())
}

pub(crate) fn sort_by_key(v: Option<&mut Value>, key: &str) {
    if let Some(Value::Array(items)) = v {
        items.sort_by(|a, b| {
            let ka = a.get(key).map(Value::to_string).unwrap_or_default();
            let kb = b.get(key).map(Value::to_string).unwrap_or_default();
            ka.cmp(&kb).then_with(|| a.to_string().cmp(&b.to_string()))
        });
    }
}

pub(crate) fn sort_strings(v: Option<&mut Value>) {
    if let Some(Value::Array(items)) = v {
        items.sort_by_key(Value::to_string);
        items.dedup();
    }
}

// ---- keyed lists ------------------------------------------------------------------------

/// The keyed lists of a kind, as `(list, key member, value member)`.
#[must_use]
pub fn keyed_lists(kind: Kind) -> &'static [(&'static str, &'static str, &'static str)] {
    crate::kinds::rules(kind).keyed_lists
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

// ---- autoscaling ------------------------------------------------------------------------

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
