//! Types shared by several resource kinds.

use ecsform_derive::Shape;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A resource tag. ECS's shape (`key`/`value`) is used for every kind; ecsform converts
/// to each API's own shape.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema, Shape,
)]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
#[shape(
    sdk = "aws_sdk_ecs::types::Tag",
    sdk = "aws_sdk_elasticloadbalancingv2::types::Tag",
    sdk = "aws_sdk_servicediscovery::types::Tag"
)]
pub struct Tag {
    /// The tag key (1-128 characters).
    pub key: String,
    /// The tag value (0-256 characters).
    #[serde(default)]
    pub value: String,
}

/// How ecsform treats a resource over its life.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct Lifecycle {
    /// Refuse any plan that would delete or replace this resource.
    #[serde(default)]
    pub prevent_destroy: bool,
    /// Consent to adopt this resource when it exists in AWS without an `ecsform:stack`
    /// tag (made by hand, by a script, by another tool): the plan then tags it as the
    /// stack's (and updates or replaces it as the file says). Without it, such a plan
    /// is refused. While it is set and the entry gives no `tags`, the resource's other
    /// tags are left as they are. `ecsform import` writes it.
    #[serde(default, skip_serializing_if = "is_false")]
    pub adopt: bool,
}

/// How ecsform treats the stack's cluster over its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct ClusterLifecycle {
    /// Refuse any plan that would delete or replace the cluster.
    #[serde(default)]
    pub prevent_destroy: bool,
    /// Consent to adopt the cluster when it exists without an `ecsform:stack` tag (see
    /// the other resources' `lifecycle.adopt`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub adopt: bool,
    /// `false`: the stack runs its services on this cluster but does not own it (a
    /// cluster shared by several stacks, made by another stack or another tool). The
    /// cluster must exist; ecsform never creates, changes, tags or deletes it, and
    /// `destroy` leaves it, and the services of other stacks on it, alone. The entry
    /// then takes only `clusterName`.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub managed: bool,
}

impl Default for ClusterLifecycle {
    fn default() -> Self {
        Self {
            prevent_destroy: false,
            adopt: false,
            managed: true,
        }
    }
}

impl From<ClusterLifecycle> for Lifecycle {
    fn from(l: ClusterLifecycle) -> Self {
        Self {
            prevent_destroy: l.prevent_destroy,
            adopt: l.adopt,
        }
    }
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if takes a reference
const fn is_false(b: &bool) -> bool {
    !*b
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if takes a reference
const fn is_true(b: &bool) -> bool {
    *b
}

const fn yes() -> bool {
    true
}

/// A key/value pair as ECS uses it (`environment`, cluster `settings`, ...).
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema, Shape,
)]
#[shape(sdk = "aws_sdk_ecs::types::KeyValuePair")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct KeyValuePair {
    /// The name of the key-value pair.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The value of the key-value pair.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}
