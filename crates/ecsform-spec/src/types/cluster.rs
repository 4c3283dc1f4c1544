//! The ECS cluster (CreateCluster input).

use ecsform_derive::Shape;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{ClusterLifecycle, Tag};

/// The stack's ECS cluster, as CreateCluster input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
#[shape(
    from = "aws_sdk_ecs::types::Cluster",
    request = "aws_sdk_ecs::operation::create_cluster::builders::CreateClusterFluentBuilder"
)]
pub struct Cluster {
    /// The cluster's name: up to 255 letters, digits, hyphens and underscores.
    pub cluster_name: String,
    /// Cluster settings; today only `containerInsights` (`enabled`, `disabled`, `enhanced`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settings: Option<Vec<ClusterSetting>>,
    /// The execute command and managed storage configuration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub configuration: Option<ClusterConfiguration>,
    /// The default Service Connect namespace: a namespace of this stack by name, or the
    /// name or ARN of one outside it. AWS creates an HTTP namespace of that name when
    /// none exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_connect_defaults: Option<ClusterServiceConnectDefaults>,
    /// Capacity providers associated with the cluster (`FARGATE`, `FARGATE_SPOT`, or
    /// Auto Scaling group providers by name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity_providers: Option<Vec<String>>,
    /// The strategy used by services that specify neither a launch type nor a strategy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_capacity_provider_strategy: Option<Vec<CapacityProviderStrategyItem>>,
    /// Tags of the cluster. ecsform adds its own ownership tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[shape(skip)]
    pub tags: Option<Vec<Tag>>,
    /// How ecsform treats the cluster over its life; `managed: false` for a cluster the
    /// stack uses but does not own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[shape(skip)]
    pub lifecycle: Option<ClusterLifecycle>,
}

impl Cluster {
    /// Whether the stack owns the cluster (creates, updates and deletes it), rather than
    /// only running its services on it (`lifecycle.managed: false`).
    #[must_use]
    pub fn managed(&self) -> bool {
        self.lifecycle.is_none_or(|l| l.managed)
    }
}

/// A cluster setting.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema, Shape,
)]
#[shape(sdk = "aws_sdk_ecs::types::ClusterSetting")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct ClusterSetting {
    /// The setting's name.
    pub name: ClusterSettingName,
    /// `enabled`, `disabled` or `enhanced` for `containerInsights`.
    pub value: String,
}

/// The name of a cluster setting.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema, Shape,
)]
#[shape(sdk = "aws_sdk_ecs::types::ClusterSettingName")]
pub enum ClusterSettingName {
    /// CloudWatch Container Insights.
    #[serde(rename = "containerInsights")]
    ContainerInsights,
}

/// The cluster's execute command and managed storage configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::ClusterConfiguration")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct ClusterConfiguration {
    /// Configuration of ECS Exec sessions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub execute_command_configuration: Option<ExecuteCommandConfiguration>,
    /// Encryption of Fargate ephemeral storage and managed volumes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub managed_storage_configuration: Option<ManagedStorageConfiguration>,
}

/// Configuration of ECS Exec sessions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::ExecuteCommandConfiguration")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct ExecuteCommandConfiguration {
    /// KMS key encrypting the data between the client and the container.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kms_key_id: Option<String>,
    /// Where the output of executed commands is logged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logging: Option<ExecuteCommandLogging>,
    /// The log configuration when `logging` is `OVERRIDE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_configuration: Option<ExecuteCommandLogConfiguration>,
}

/// Where the output of ECS Exec commands goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::ExecuteCommandLogging")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ExecuteCommandLogging {
    /// Not logged.
    None,
    /// The task definition's awslogs configuration.
    Default,
    /// The `logConfiguration` given here.
    Override,
}

/// Log destination of ECS Exec commands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::ExecuteCommandLogConfiguration")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct ExecuteCommandLogConfiguration {
    /// CloudWatch log group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cloud_watch_log_group_name: Option<String>,
    /// Whether CloudWatch encryption is enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cloud_watch_encryption_enabled: Option<bool>,
    /// S3 bucket.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub s3_bucket_name: Option<String>,
    /// Whether S3 encryption is enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub s3_encryption_enabled: Option<bool>,
    /// S3 key prefix.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub s3_key_prefix: Option<String>,
}

/// Encryption of Fargate ephemeral storage and managed storage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::ManagedStorageConfiguration")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct ManagedStorageConfiguration {
    /// KMS key for managed storage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kms_key_id: Option<String>,
    /// KMS key for Fargate ephemeral storage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fargate_ephemeral_storage_kms_key_id: Option<String>,
}

/// The cluster's default Service Connect namespace.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(
    from = "aws_sdk_ecs::types::ClusterServiceConnectDefaults",
    to = "aws_sdk_ecs::types::ClusterServiceConnectDefaultsRequest"
)]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct ClusterServiceConnectDefaults {
    /// A namespace of this stack by name, or the name or ARN of an existing one.
    pub namespace: String,
}

/// One entry of a capacity provider strategy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::CapacityProviderStrategyItem")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct CapacityProviderStrategyItem {
    /// The capacity provider's short name (`FARGATE`, `FARGATE_SPOT`, or an ASG provider).
    pub capacity_provider: String,
    /// Relative share of tasks (0-1000).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<i32>,
    /// Tasks placed on this provider first (0-100000).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<i32>,
}
