//! The comparison compares mappings of the user's own keys whole
//! (each kind's `ecsform_model::kinds::KindRules::whole`, plus `tags` everywhere): every mapping the stack
//! file's schema has (an object of free keys) must be listed there, or a key removed from
//! the file would not show. A mapping added to the file types later fails this test until
//! it is listed.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;

use ecsform_model::Kind;
use ecsform_model::kinds::rules;
use serde_json::Value;

/// The paths (`a.b[].c`) of the free-key objects under `node`.
fn maps(
    schema: &Value,
    node: &Value,
    path: &str,
    seen: &mut BTreeSet<String>,
    out: &mut Vec<String>,
) {
    if let Some(r) = node.get("$ref").and_then(Value::as_str) {
        let name = r.rsplit('/').next().unwrap();
        if !seen.insert(format!("{name}@{path}")) {
            return;
        }
        maps(schema, &schema["definitions"][name], path, seen, out);
        return;
    }
    for k in ["anyOf", "oneOf", "allOf"] {
        for x in node.get(k).and_then(Value::as_array).into_iter().flatten() {
            maps(schema, x, path, seen, out);
        }
    }
    if let Some(props) = node.get("properties").and_then(Value::as_object) {
        for (k, v) in props {
            let p = if path.is_empty() {
                k.clone()
            } else {
                format!("{path}.{k}")
            };
            maps(schema, v, &p, seen, out);
        }
    } else if node
        .get("additionalProperties")
        .is_some_and(Value::is_object)
    {
        out.push(path.to_owned());
    }
    if let Some(items) = node.get("items") {
        maps(schema, items, &format!("{path}[]"), seen, out);
    }
}

#[test]
fn every_mapping_of_the_file_is_compared_whole() {
    let schema: Value = serde_json::from_str(&ecsform_spec::schema::schema_json()).unwrap();
    let kinds = [
        ("taskDefinitions", Kind::TaskDefinition),
        ("services", Kind::Service),
        ("listeners", Kind::Listener),
        ("listenerRules", Kind::ListenerRule),
        ("cluster", Kind::Cluster),
        ("namespaces", Kind::Namespace),
        ("loadBalancers", Kind::LoadBalancer),
        ("targetGroups", Kind::TargetGroup),
    ];
    let mut missing = Vec::new();
    let mut all = Vec::new();
    for (key, kind) in kinds {
        let mut node = schema["properties"][key].clone();
        if let Some(items) = node.get("items") {
            node = items.clone();
        }
        let mut found = Vec::new();
        maps(&schema, &node, "", &mut BTreeSet::new(), &mut found);
        all.extend(found.iter().map(|p| format!("{kind} {p}")));
        for path in found {
            // A service's `autoscaling` block is its own resources (scalable target,
            // policies, actions) with no free-key mapping; tags are whole everywhere.
            if path == "tags" || path.starts_with("autoscaling") {
                continue;
            }
            if !rules(kind).whole.contains(&path.as_str()) {
                missing.push(format!("{kind} {path}"));
            }
        }
    }
    // The walk finds the mappings it must (it is not vacuous).
    for known in [
        "task_definition containerDefinitions[].dockerLabels",
        "task_definition containerDefinitions[].logConfiguration.options",
        "service serviceConnectConfiguration.logConfiguration.options",
    ] {
        assert!(
            all.iter().any(|p| p == known),
            "{known} not found in {all:?}"
        );
    }
    assert!(
        missing.is_empty(),
        "list these mappings in the kind's `whole` (ecsform_model::kinds): {missing:?}"
    );
}
