//! Where a key belongs: an unknown key that is a key of the stack file elsewhere (a
//! `scheduledActions` written beside `autoscaling:` instead of under it) is told where it
//! goes, before any spelling suggestion. The places are read from the JSON schema the
//! tool generates from its types, so that every key of every type is known, and nothing
//! is listed by hand.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde_json::Value;

use crate::problem::Problem;
use crate::raw::{Node, NodeKind, Span};

/// A step of a path in a stack file: a key, or any item of a list.
const ITEM: &str = "[]";

/// For each key of the stack file, the paths of the mappings it is a key of
/// (`scheduledActions` -> `services[].autoscaling`), with the kinds of value it takes there.
type Places = BTreeMap<String, Vec<(Vec<String>, u8)>>;

/// Kinds of YAML value, as a set of bits.
const MAPPING: u8 = 1;
const LIST: u8 = 2;
const SCALAR: u8 = 4;
const ANY: u8 = MAPPING | LIST | SCALAR;

/// The kinds of value the schema `v` accepts.
fn kinds(v: &Value, defs: &Value, depth: usize) -> u8 {
    let Value::Object(map) = v else {
        return ANY;
    };
    if depth > 16 {
        return ANY;
    }
    let mut out = 0;
    let mut said = false;
    if let Some(Value::String(r)) = map.get("$ref") {
        said = true;
        out |= r
            .strip_prefix("#/definitions/")
            .and_then(|n| defs.get(n))
            .map_or(ANY, |d| kinds(d, defs, depth + 1));
    }
    let types: Vec<&str> = match map.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    for t in types {
        said = true;
        out |= match t {
            "object" => MAPPING,
            "array" => LIST,
            // `key:` with nothing after it is read as no value wherever one is optional.
            "null" => 0,
            _ => SCALAR,
        };
    }
    if map.contains_key("enum") || map.contains_key("const") {
        said = true;
        out |= SCALAR;
    }
    for alt in ["anyOf", "oneOf", "allOf"] {
        if let Some(Value::Array(subs)) = map.get(alt) {
            said = true;
            for sub in subs {
                out |= kinds(sub, defs, depth + 1);
            }
        }
    }
    if said { out } else { ANY }
}

/// The kind of a YAML value.
fn kind_of(node: &Node) -> u8 {
    match &node.kind {
        NodeKind::Map(_) => MAPPING,
        NodeKind::Seq(_) => LIST,
        NodeKind::Null => ANY,
        _ => SCALAR,
    }
}

fn places() -> &'static Places {
    static PLACES: OnceLock<Places> = OnceLock::new();
    PLACES.get_or_init(|| {
        let schema = crate::schema::schema_value();
        let mut out = Places::new();
        let defs = schema.get("definitions").cloned().unwrap_or(Value::Null);
        let mut refs = Vec::new();
        walk(&schema, &defs, &mut Vec::new(), &mut refs, &mut out);
        out
    })
}

/// Records the keys of the schema `v` found at `path`, and walks into their values.
fn walk<'a>(
    v: &'a Value,
    defs: &'a Value,
    path: &mut Vec<String>,
    refs: &mut Vec<&'a str>,
    out: &mut Places,
) {
    let Value::Object(map) = v else {
        return;
    };
    if let Some(Value::String(r)) = map.get("$ref")
        && let Some(name) = r.strip_prefix("#/definitions/")
    {
        // A type that holds itself is walked once per path.
        if !refs.contains(&name)
            && let Some(def) = defs.get(name)
        {
            refs.push(name);
            walk(def, defs, path, refs, out);
            refs.pop();
        }
    }
    if let Some(Value::Object(props)) = map.get("properties") {
        for (key, sub) in props {
            let takes = kinds(sub, defs, 0);
            let places = out.entry(key.clone()).or_default();
            if !places.iter().any(|(p, _)| p == path) {
                places.push((path.clone(), takes));
            }
            path.push(key.clone());
            walk(sub, defs, path, refs, out);
            path.pop();
        }
    }
    if let Some(items) = map.get("items") {
        path.push(ITEM.to_owned());
        walk(items, defs, path, refs, out);
        path.pop();
    }
    for alt in ["anyOf", "oneOf", "allOf"] {
        if let Some(Value::Array(subs)) = map.get(alt) {
            for sub in subs {
                walk(sub, defs, path, refs, out);
            }
        }
    }
}

/// `services[].autoscaling` from its steps.
fn show(path: &[String]) -> String {
    let mut out = String::new();
    for step in path {
        if step == ITEM {
            out.push_str(ITEM);
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(step);
        }
    }
    out
}

/// The path (keys and `[]`) of the mapping holding the key at `key_span`.
fn path_of_key(node: &Node, key_span: Span, path: &mut Vec<String>) -> bool {
    let within = |span: Span| span.start <= key_span.start && key_span.start <= span.end();
    match &node.kind {
        NodeKind::Map(entries) => {
            for e in entries {
                if e.key_span == key_span {
                    return true;
                }
                if within(e.key_span.cover(e.value.span)) {
                    path.push(e.key.clone());
                    if path_of_key(&e.value, key_span, path) {
                        return true;
                    }
                    path.pop();
                }
            }
            false
        }
        NodeKind::Seq(items) => {
            for item in items {
                if within(item.span) {
                    path.push(ITEM.to_owned());
                    if path_of_key(item, key_span, path) {
                        return true;
                    }
                    path.pop();
                }
            }
            false
        }
        _ => false,
    }
}

/// The most unknown keys of one file placed (finding a key's path walks the file).
const MAX_PLACED: usize = 1_000;

/// Gives each unknown key of a stack file that is a key elsewhere in the stack file the
/// help of where it belongs, in place of a spelling suggestion.
pub(crate) fn suggest_places(root: &Node, problems: &mut [Problem]) {
    if !problems
        .iter()
        .any(|p| p.code == crate::Code::SpecUnknownKey.as_str())
    {
        return;
    }
    let places = places();
    let unknown = problems
        .iter_mut()
        .filter(|p| p.code == crate::Code::SpecUnknownKey.as_str())
        .take(MAX_PLACED);
    for p in unknown {
        let Some(label) = p.labels.first() else {
            continue;
        };
        let mut here = Vec::new();
        if !path_of_key(root, label.span, &mut here) {
            continue;
        }
        let Some((key, value)) = key_at(root, &here, label.span) else {
            continue;
        };
        let Some(candidates) = places.get(&key) else {
            continue;
        };
        // Only the places that take such a value: `capacityProvider: [FARGATE]` in a
        // cluster is a misspelt `capacityProviders`, not a strategy's `capacityProvider`.
        let fitting: Vec<Vec<String>> = candidates
            .iter()
            .filter(|(_, takes)| takes & kind_of(value) != 0)
            .map(|(p, _)| p.clone())
            .collect();
        if let Some(help) = belongs(&key, &here, &fitting) {
            p.help = Some(help);
        }
    }
}

/// The text of the key at `key_span` in the mapping at `path`, and its value.
fn key_at<'a>(root: &'a Node, path: &[String], key_span: Span) -> Option<(String, &'a Node)> {
    let mut node = root;
    for step in path {
        node = match &node.kind {
            NodeKind::Map(entries) => &entries.iter().find(|e| &e.key == step)?.value,
            NodeKind::Seq(items) => items
                .iter()
                .find(|n| n.span.start <= key_span.start && key_span.start <= n.span.end())?,
            _ => return None,
        };
    }
    match &node.kind {
        NodeKind::Map(entries) => entries
            .iter()
            .find(|e| e.key_span == key_span)
            .map(|e| (e.key.clone(), &e.value)),
        _ => None,
    }
}

/// Where `key`, unknown in the mapping at `here`, belongs: the place nearest to `here`
/// among `candidates` (the most leading steps in common, then the shortest path); a place
/// in the same top-level section first, another section's only when the key has few.
fn belongs(key: &str, here: &[String], candidates: &[Vec<String>]) -> Option<String> {
    let common = |c: &[String]| c.iter().zip(here).take_while(|(a, b)| a == b).count();
    let others: Vec<&Vec<String>> = candidates.iter().filter(|c| c.as_slice() != here).collect();
    let best = others
        .iter()
        .max_by(|a, b| {
            common(a)
                .cmp(&common(b))
                .then_with(|| b.len().cmp(&a.len()))
                .then_with(|| b.cmp(a))
        })
        .copied()?;
    let shared = common(best);
    let same_section = shared > 0 || here.is_empty();
    // A key of many types elsewhere (`name`, `value`) says nothing of where it belongs.
    if !same_section && others.len() > 2 {
        return None;
    }
    let full = {
        let mut p = best.clone();
        p.push(key.to_owned());
        show(&p)
    };
    let help = if best.is_empty() {
        format!(
            "`{key}` is a top-level key of the stack file, not a key of `{}`",
            show(here)
        )
    } else if shared == here.len() {
        // Deeper than here: under a key of this mapping.
        let under: Vec<String> = best[shared..].to_vec();
        format!("`{key}` belongs under `{}:` (`{full}`)", show(&under))
    } else if here.is_empty() {
        format!("`{key}` belongs under `{}` (`{full}`)", show(best))
    } else {
        format!(
            "`{key}` belongs in `{}`, not in `{}` (`{full}`)",
            show(best),
            show(here)
        )
    };
    // The key's other places, when they are few: the nearest is not always the one meant
    // (`healthCheckPath` of a service: its gateway connector's, or a target group's?).
    let rest: Vec<String> = others
        .iter()
        .filter(|c| **c != best)
        .map(|c| format!("`{}`", show(c)))
        .collect();
    let help = match rest.len() {
        0 => help,
        1 | 2 => format!("{help}; it is also a key of {}", rest.join(" and ")),
        _ => help,
    };
    Some(help)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(s: &[&str]) -> Vec<String> {
        s.iter().map(|x| (*x).to_owned()).collect()
    }

    #[test]
    fn every_key_of_the_types_has_its_places() {
        let p = places();
        assert_eq!(
            p.get("scheduledActions"),
            Some(&vec![(path(&["services", ITEM, "autoscaling"]), LIST)])
        );
        let containers = path(&["taskDefinitions", ITEM, "containerDefinitions", ITEM]);
        assert!(
            p.get("image")
                .is_some_and(|v| v.contains(&(containers.clone(), SCALAR)))
        );
        assert!(
            p.get("portMappings")
                .is_some_and(|v| v.contains(&(containers, LIST)))
        );
        assert!(
            p.get("cluster")
                .is_some_and(|v| v.contains(&(Vec::new(), MAPPING)))
        );
    }

    #[test]
    fn nearest_place_first() {
        let here = path(&["services", ITEM]);
        let c = vec![path(&["services", ITEM, "autoscaling"])];
        assert_eq!(
            belongs("scheduledActions", &here, &c).as_deref(),
            Some(
                "`scheduledActions` belongs under `autoscaling:` (`services[].autoscaling.scheduledActions`)"
            )
        );
        let here = path(&["services", ITEM, "autoscaling"]);
        let c = vec![path(&["services", ITEM])];
        assert_eq!(
            belongs("desiredCount", &here, &c).as_deref(),
            Some(
                "`desiredCount` belongs in `services[]`, not in `services[].autoscaling` (`services[].desiredCount`)"
            )
        );
        // Another section's key, when it has few places.
        let here = path(&["services", ITEM]);
        let c = vec![path(&["targetGroups", ITEM])];
        assert!(belongs("vpcId", &here, &c).is_some_and(|h| h.contains("`targetGroups[].vpcId`")));
        let many = vec![path(&["a"]), path(&["b"]), path(&["c"])];
        assert_eq!(belongs("name", &here, &many), None);
    }
}
