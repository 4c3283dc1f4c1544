//! The JSON Schema of the stack file (draft-07, which editors read), generated from the
//! types.

use schemars::generate::SchemaSettings;
use serde_json::Value;

use crate::types::StackFile;

/// Where the schema is committed, relative to the workspace root.
pub const SCHEMA_PATH: &str = "schemas/ecsform.schema.json";

/// The schema as pretty JSON with a final newline.
#[must_use]
pub fn schema_json() -> String {
    let value = schema_value();
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

/// The schema as a JSON value.
pub(crate) fn schema_value() -> Value {
    let generator = SchemaSettings::draft07().into_generator();
    let mut schema = generator.into_root_schema_for::<StackFile>();
    schema.insert("title".into(), "ecsform stack file".into());
    let mut value = schema.to_value();
    accept_what_the_loader_accepts(&mut value);
    value
}

/// The loader reads a plain YAML scalar where a string is wanted (`cpu: 256`,
/// `value: 30`) and an interpolated string where a number or boolean is wanted
/// (`desiredCount: ${UI_COUNT}`); the schema says the same, so editors do not flag
/// what `ecsform validate` accepts. Enumerations stay exact.
fn accept_what_the_loader_accepts(v: &mut Value) {
    match v {
        Value::Object(map) => {
            let has_enum = map.contains_key("enum");
            if let Some(t) = map.get_mut("type")
                && !has_enum
            {
                let mut types: Vec<String> = match t {
                    Value::String(s) => vec![s.clone()],
                    Value::Array(a) => a
                        .iter()
                        .filter_map(|x| x.as_str().map(str::to_owned))
                        .collect(),
                    _ => Vec::new(),
                };
                let scalar_numeric = types
                    .iter()
                    .any(|t| matches!(t.as_str(), "integer" | "number" | "boolean"));
                let string = types.iter().any(|t| t == "string");
                let extra: &[&str] = match (string, scalar_numeric) {
                    (true, false) => &["number", "boolean"],
                    (false, true) => &["string"],
                    _ => &[],
                };
                for e in extra {
                    if !types.iter().any(|t| t == e) {
                        types.push((*e).to_owned());
                    }
                }
                if !extra.is_empty() {
                    *t = Value::Array(types.into_iter().map(Value::String).collect());
                }
            }
            map.values_mut().for_each(accept_what_the_loader_accepts);
        }
        Value::Array(items) => items.iter_mut().for_each(accept_what_the_loader_accepts),
        _ => {}
    }
}
