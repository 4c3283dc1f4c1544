//! Placeholder: to be written.
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
/// placeholder
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Service { pub service_name: String }
