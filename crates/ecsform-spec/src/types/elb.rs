//! Placeholder: to be written.
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
/// placeholder
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct LoadBalancer { pub name: String }
/// placeholder
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TargetGroup { pub name: String }
/// placeholder
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Listener { pub port: i32 }
/// placeholder
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ListenerRule { pub priority: i32 }
