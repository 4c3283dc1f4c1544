//! Elastic Load Balancing v2: load balancers, target groups, listeners, listener rules,
//! and the create-before-destroy replacement of a target group.
//!
//! Requests are built from the file's documents (`ecsform_spec::types`) through
//! `convert::elb`; the file names load balancers, listeners and target groups where AWS
//! wants ARNs, and they are resolved through the executor (live ARNs, then those the
//! creates of this apply returned).

use aws_sdk_elasticloadbalancingv2::types as sdk;
use ecsform_apply::ActionError;
use ecsform_model::{Address, Kind};
use ecsform_plan::Change;
use ecsform_spec::types as spec;
use serde_json::Value;

use super::{AwsExecutor, Op, ecs};
use crate::clients::AwsError;
use crate::convert::elb as conv;
use ecsform_spec::shape::{ToRequest, ToSdk};

mod listener;
mod listener_rule;
mod load_balancer;
mod replacement;
mod target_group;

pub(crate) use listener::listener;
pub(crate) use listener_rule::listener_rule;
pub(crate) use load_balancer::load_balancer;
pub(crate) use replacement::replace_target_group;
use target_group::listeners_of;
pub(crate) use target_group::target_group;

// ---- shared helpers -----------------------------------------------------------------

/// Tags in ELBv2's shape.
fn elb_tags(tags: Vec<(String, String)>) -> Vec<sdk::Tag> {
    tags.into_iter()
        .map(|(k, v)| sdk::Tag::builder().key(k).value(v).build())
        .collect()
}

/// A list the file gives and that is not empty.
fn non_empty<T>(v: Option<&[T]>) -> Option<&[T]> {
    v.filter(|v| !v.is_empty())
}

/// The attributes an update sends: those whose desired value (the file's, or AWS's
/// default for one the file does not set: `ecsform_model::defaults`) differs from live.
/// AWS changes the attributes given and keeps the others. A create sends the file's.
fn attributes_with_resets(
    change: &Change,
    file: Option<&[spec::Attribute]>,
) -> Vec<spec::Attribute> {
    let map = |doc: Option<&Value>| -> Option<serde_json::Map<String, Value>> {
        doc.and_then(|d| d.get("attributes"))
            .and_then(Value::as_object)
            .cloned()
    };
    let Some(before) = change.before.as_ref() else {
        return file.unwrap_or_default().to_vec();
    };
    let live = map(Some(before)).unwrap_or_default();
    map(change.after.as_ref())
        .unwrap_or_default()
        .into_iter()
        .filter(|(k, v)| live.get(k) != Some(v))
        .filter_map(|(key, v)| {
            v.as_str().map(|value| spec::Attribute {
                key,
                value: value.to_owned(),
            })
        })
        .collect()
}

/// A top-level field of the normalized documents.
fn field<'d>(doc: Option<&'d Value>, name: &str) -> Option<&'d Value> {
    doc.and_then(|d| d.get(name)).filter(|v| !v.is_null())
}

/// Whether a top-level field differs between the live (`before`) and the desired
/// (`after`) normalized document. Without a live document everything has changed.
fn changed(change: &Change, name: &str) -> bool {
    change.before.is_none()
        || field(change.before.as_ref(), name) != field(change.after.as_ref(), name)
}

/// Whether a top-level field other than `except` differs between before and after.
fn changed_besides(change: &Change, except: &[&str]) -> bool {
    let keys = |d: Option<&Value>| -> Vec<String> {
        d.and_then(Value::as_object)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    };
    let mut all = keys(change.before.as_ref());
    all.extend(keys(change.after.as_ref()));
    change.before.is_none()
        || all
            .iter()
            .filter(|k| !except.contains(&k.as_str()))
            .any(|k| changed(change, k))
}

/// The ARN of the change's own resource: as read live, or as a create of this apply
/// returned it.
fn own_arn(x: &AwsExecutor<'_>, change: &Change) -> Result<String, ActionError> {
    match &change.live_arn {
        Some(arn) => Ok(arn.clone()),
        None => x.arn(change, &change.address),
    }
}

/// The ARN to delete, if the resource is known to exist.
fn arn_to_delete(x: &AwsExecutor<'_>, change: &Change) -> Option<String> {
    change
        .live_arn
        .clone()
        .or_else(|| x.known_arn(&change.address))
}

/// A reference of the file (a name of this stack, or an ARN) as an ARN.
fn reference_arn(
    x: &AwsExecutor<'_>,
    change: &Change,
    kind: Kind,
    reference: &str,
) -> Result<String, ActionError> {
    if reference.starts_with("arn:") {
        return Ok(reference.to_owned());
    }
    x.arn(change, &Address::new(kind, reference))
}

/// Actions for CreateListener/ModifyListener/CreateRule/ModifyRule. Every target group
/// the actions name must resolve (an unknown one fails here, naming it, rather than
/// reaching AWS without an ARN).
fn actions_to_sdk(
    x: &AwsExecutor<'_>,
    change: &Change,
    call: &str,
    actions: &[spec::Action],
) -> Result<Vec<sdk::Action>, ActionError> {
    for a in actions {
        if let Some(name) = &a.target_group {
            x.target_group_arn(change, name)?;
        }
        let tuples = a
            .forward_config
            .iter()
            .flat_map(|f| f.target_groups.iter().flatten());
        for t in tuples {
            if let Some(name) = &t.target_group {
                x.target_group_arn(change, name)?;
            }
        }
    }
    let resolve = |name: &str| x.target_group_arn(change, name).ok();
    actions
        .iter()
        .map(|a| {
            conv::action_to_sdk(a, &resolve)
                .map_err(|e| x.fail(change, call, "InvalidRequest", &e.to_string()))
        })
        .collect()
}

/// Writes the ownership tags (file tags, `ecsform:stack`, `ecsform:hash`) with AddTags,
/// which adds or overwrites keys (so the hash tag is always current), then RemoveTags for
/// the keys the file dropped.
async fn retag(
    x: &AwsExecutor<'_>,
    change: &Change,
    arn: &str,
    file: Option<&[spec::Tag]>,
) -> Result<(), ActionError> {
    let tag = x
        .clients
        .elb
        .add_tags()
        .resource_arns(arn)
        .set_tags(Some(elb_tags(x.owned_tags(change, file))))
        .send();
    let untag = |keys| {
        x.clients
            .elb
            .remove_tags()
            .resource_arns(arn)
            .set_tag_keys(Some(keys))
            .send()
    };
    x.retag_with(
        change,
        ("elasticloadbalancing:AddTags", tag),
        ("elasticloadbalancing:RemoveTags", untag),
    )
    .await
}

// ---- load balancer ------------------------------------------------------------------

// ---- target group -------------------------------------------------------------------

/// The health check fields ModifyTargetGroup can change, as the documents name them.
const HEALTH_CHECK_FIELDS: [&str; 9] = [
    "healthCheckProtocol",
    "healthCheckPort",
    "healthCheckEnabled",
    "healthCheckPath",
    "healthCheckIntervalSeconds",
    "healthCheckTimeoutSeconds",
    "healthyThresholdCount",
    "unhealthyThresholdCount",
    "matcher",
];

// ---- target group replacement -------------------------------------------------------

// ---- listener -----------------------------------------------------------------------

// ---- listener rule ------------------------------------------------------------------
