//! The JSON Schema of the stack file (draft-07, which editors read), generated from the
//! types.

use schemars::generate::SchemaSettings;

use crate::types::StackFile;

/// Where the schema is committed, relative to the workspace root.
pub const SCHEMA_PATH: &str = "schemas/ecsform.schema.json";

/// The schema as pretty JSON with a final newline.
#[must_use]
pub fn schema_json() -> String {
    let generator = SchemaSettings::draft07().into_generator();
    let mut schema = generator.into_root_schema_for::<StackFile>();
    schema.insert("title".into(), "ecsform stack file".into());
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
