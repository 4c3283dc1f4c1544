//! The typed stack file.
//!
//! Conventions every type here follows (they matter to the loader and the schema):
//! - Field names are the AWS API member names in lowerCamelCase, as in
//!   `aws ... --cli-input-json` for ECS (`#[serde(rename_all = "camelCase")]`); for the
//!   PascalCase APIs (ELBv2, Application Auto Scaling, Cloud Map) the same names with a
//!   lower-case first letter (`HealthCheckPath` -> `healthCheckPath`).
//! - Structs carry `#[schemars(deny_unknown_fields)]` but NOT `#[serde(deny_unknown_fields)]`:
//!   the loader's own deserializer reports every unknown key (all of them, with spans and a
//!   "did you mean"), which serde's attribute would stop at the first one.
//! - Optional fields are `Option<T>` with `skip_serializing_if`; lists that may be absent
//!   are `Option<Vec<T>>` so that "absent" and "empty" stay distinct for planning.
//! - Closed AWS enumerations are Rust enums with the exact AWS strings; open-ended ones
//!   (instance types, metric names) stay `String`.
//! - No `#[serde(flatten)]` and no untagged enums: both buffer values and lose spans.
//! - Doc comments become the schema's descriptions, which editors show.

mod autoscaling;
mod cluster;
mod common;
mod elb;
mod namespace;
mod service;
mod task_definition;

pub use autoscaling::*;
pub use cluster::*;
pub use common::*;
pub use elb::*;
pub use namespace::*;
pub use service::*;
pub use task_definition::*;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// An ecsform stack: everything one `plan`/`apply` manages together.
///
/// A stack may be split over several files of one folder; the lists of all files are
/// concatenated, and `stack`, `region` and `cluster` may be given in one file only.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct StackFile {
    /// The stack's name. Every resource ecsform creates is tagged `ecsform:stack=<stack>`,
    /// and only resources carrying that tag are ever deleted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stack: Option<String>,
    /// The AWS region; defaults to the SDK's usual resolution (AWS_REGION, profile).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Variables whose values are secret (a database password passed as `${DB_PASSWORD}`
    /// into a container's environment, say): wherever their values would be printed
    /// (plans, drift reports, rendered stacks, logs), `(sensitive)` is shown instead.
    /// Prefer `secrets` (valueFrom an SSM parameter or Secrets Manager ARN), which
    /// keeps the value out of the task definition altogether.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sensitive_variables: Vec<String>,
    /// The ECS cluster every service of the stack runs in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster: Option<Cluster>,
    /// AWS Cloud Map namespaces (for Service Connect and service discovery).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub namespaces: Vec<Namespace>,
    /// ECS task definitions, as RegisterTaskDefinition input. One entry per family;
    /// a change registers a new revision.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub task_definitions: Vec<TaskDefinition>,
    /// ECS services, as CreateService input, plus an `autoscaling` block.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<Service>,
    /// Elastic Load Balancing v2 load balancers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub load_balancers: Vec<LoadBalancer>,
    /// Elastic Load Balancing v2 target groups.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub target_groups: Vec<TargetGroup>,
    /// Listeners of the stack's load balancers, addressed as `<loadBalancer>:<port>`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub listeners: Vec<Listener>,
    /// Listener rules, addressed as `<loadBalancer>:<port>/<priority>`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub listener_rules: Vec<ListenerRule>,
}
