//! Types shared by several resource kinds.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A resource tag. ECS's shape (`key`/`value`) is used for every kind; ecsform converts
/// to each API's own shape.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
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
}

/// A key/value pair as ECS uses it (`environment`, cluster `settings`, ...).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
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
