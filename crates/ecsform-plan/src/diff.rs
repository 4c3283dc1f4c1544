//! Field-level differences between two normalized documents.

use ecsform_model::Kind;
use ecsform_model::keyed;
use ecsform_model::path::Seg;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// One changed value, at a path such as `containerDefinitions[ui].environment[BANNER].value`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldChange {
    /// Where.
    pub path: String,
    /// The live value (`None`: absent).
    pub before: Option<Value>,
    /// The desired value (`None`: absent).
    pub after: Option<Value>,
}

/// The changes from `before` to `after` (two canonical documents of a `kind`), as paths
/// to the smallest differing values.
///
/// Elements of a keyed list are located by their key, in the file's shape
/// (`settings[containerInsights].value`, `containerDefinitions[ui].environment[A].value`,
/// see [`ecsform_model::keyed`]); an element only one side has is one change, its whole
/// value. Other lists are compared element by element up to the shorter, then the extra
/// elements are additions or removals. Member names that hold a `.` or a bracket are
/// quoted (`dockerLabels."com.example.team"`), as the path patterns quote them.
#[must_use]
pub fn diff(kind: Kind, before: &Value, after: &Value) -> Vec<FieldChange> {
    let mut out = Vec::new();
    let mut walker = Walker {
        kind,
        pattern: Vec::new(),
        out: &mut out,
    };
    walker.walk("", before, after);
    out
}

fn join(path: &str, key: &str) -> String {
    let key = if key.contains(['.', '[', ']', '"']) || key.is_empty() {
        Value::String(key.to_owned()).to_string()
    } else {
        key.to_owned()
    };
    if path.is_empty() {
        key
    } else {
        format!("{path}.{key}")
    }
}

struct Walker<'o> {
    kind: Kind,
    /// The pattern of the current path (members by name, list elements as `[]`).
    pattern: Vec<Seg>,
    out: &'o mut Vec<FieldChange>,
}

impl Walker<'_> {
    fn push(&mut self, path: String, before: Option<&Value>, after: Option<&Value>) {
        self.out.push(FieldChange {
            path,
            before: before.cloned(),
            after: after.cloned(),
        });
    }

    /// Walks into a member (`element`: into a list element instead).
    fn enter(&mut self, seg: Seg, path: &str, before: &Value, after: &Value) {
        self.pattern.push(seg);
        self.walk(path, before, after);
        self.pattern.pop();
    }

    fn walk(&mut self, path: &str, before: &Value, after: &Value) {
        if before == after {
            return;
        }
        match (before, after) {
            (Value::Object(b), Value::Object(a)) => {
                if let Some((key, value)) = keyed::keyed_map(self.kind, &self.pattern) {
                    self.keyed_map(path, (key, value), b, a);
                    return;
                }
                let mut keys: Vec<&String> = b.keys().chain(a.keys()).collect();
                keys.sort();
                keys.dedup();
                for k in keys {
                    let p = join(path, k);
                    match (b.get(k), a.get(k)) {
                        (Some(x), Some(y)) => self.enter(Seg::Key(k.clone()), &p, x, y),
                        (x, y) => self.push(p, x, y),
                    }
                }
            }
            (Value::Array(b), Value::Array(a)) => {
                let candidates = keyed::list_key_candidates(self.kind, &self.pattern);
                match keyed::key_member(candidates, &[b, a]) {
                    Some(member) => self.keyed_list(path, member, b, a, before, after),
                    None => {
                        for i in 0..b.len().max(a.len()) {
                            let p = format!("{path}[{i}]");
                            match (b.get(i), a.get(i)) {
                                (Some(x), Some(y)) => self.enter(Seg::Each, &p, x, y),
                                (x, y) => self.push(p, x, y),
                            }
                        }
                    }
                }
            }
            _ => self.push(path.to_owned(), Some(before), Some(after)),
        }
    }

    /// A list the canonical shape holds as a mapping by key (`tags`, `settings`,
    /// `attributes`), shown in the file's shape: `settings[containerInsights].value`;
    /// an entry only one side has, whole: `tags[team]: {"key":"team","value":"web"}`.
    fn keyed_map(
        &mut self,
        path: &str,
        (key, value): (&str, &str),
        b: &serde_json::Map<String, Value>,
        a: &serde_json::Map<String, Value>,
    ) {
        let mut keys: Vec<&String> = b.keys().chain(a.keys()).collect();
        keys.sort();
        keys.dedup();
        let entry = |k: &str, v: &Value| json!({ key: k, value: v });
        for k in keys {
            let p = format!("{path}{}", keyed::key_step(key, &Value::String(k.clone())));
            match (b.get(k), a.get(k)) {
                (Some(x), Some(y)) => {
                    let p = format!("{p}.{value}");
                    self.pattern.push(Seg::Each);
                    self.enter(Seg::Key(value.to_owned()), &p, x, y);
                    self.pattern.pop();
                }
                (x, y) => {
                    let x = x.map(|v| entry(k, v));
                    let y = y.map(|v| entry(k, v));
                    self.push(p, x.as_ref(), y.as_ref());
                }
            }
        }
    }

    /// A list of objects named by `member`: elements matched by it, in the order of
    /// `after`, then those only `before` has. When every element is the same and only
    /// the order differs, the change is the whole list.
    fn keyed_list(
        &mut self,
        path: &str,
        member: &str,
        b: &[Value],
        a: &[Value],
        before: &Value,
        after: &Value,
    ) {
        let key_of = |v: &Value| v.get(member).cloned().unwrap_or(Value::Null);
        let find = |items: &[Value], k: &Value| items.iter().find(|v| key_of(v) == *k).cloned();
        let found = self.out.len();
        let mut keys: Vec<Value> = a.iter().map(key_of).collect();
        keys.extend(
            b.iter()
                .map(key_of)
                .filter(|k| !a.iter().any(|v| key_of(v) == *k)),
        );
        for k in keys {
            let p = format!("{path}{}", keyed::key_step(member, &k));
            match (find(b, &k), find(a, &k)) {
                (Some(x), Some(y)) => self.enter(Seg::Each, &p, &x, &y),
                (x, y) => self.push(p, x.as_ref(), y.as_ref()),
            }
        }
        if self.out.len() == found {
            // Same elements, another order.
            self.push(path.to_owned(), Some(before), Some(after));
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn paths(d: &[FieldChange]) -> Vec<&str> {
        d.iter().map(|c| c.path.as_str()).collect()
    }

    #[test]
    fn paths_to_the_smallest_differences() {
        let before = json!({"a": 1, "b": {"c": [1, 2], "d": "x"}, "gone": true});
        let after = json!({"a": 1, "b": {"c": [1, 3, 4], "d": "x"}, "new": "y"});
        let d = diff(Kind::Service, &before, &after);
        assert_eq!(paths(&d), vec!["b.c[1]", "b.c[2]", "gone", "new"]);
        assert_eq!(
            d[1],
            FieldChange {
                path: "b.c[2]".into(),
                before: None,
                after: Some(json!(4))
            }
        );
        assert!(diff(Kind::Service, &after, &after).is_empty());
    }

    #[test]
    fn a_keyed_mapping_names_its_key_in_the_files_shape() {
        // The canonical shape of a cluster's settings and tags (mappings by key).
        let before = json!({
            "settings": {"containerInsights": "disabled"},
            "tags": {"env": "dev", "old": "x"},
        });
        let after = json!({
            "settings": {"containerInsights": "enabled"},
            "tags": {"env": "prod", "team": "web"},
        });
        let d = diff(Kind::Cluster, &before, &after);
        assert_eq!(
            paths(&d),
            vec![
                "settings[containerInsights].value",
                "tags[env].value",
                "tags[old]",
                "tags[team]"
            ]
        );
        assert_eq!(d[0].before, Some(json!("disabled")));
        assert_eq!(d[0].after, Some(json!("enabled")));
        assert_eq!(d[2].before, Some(json!({"key": "old", "value": "x"})));
        assert_eq!(d[3].after, Some(json!({"key": "team", "value": "web"})));
        // A key with a dot is quoted.
        let d = diff(
            Kind::LoadBalancer,
            &json!({"attributes": {"idle_timeout.timeout_seconds": "60"}}),
            &json!({"attributes": {"idle_timeout.timeout_seconds": "120"}}),
        );
        assert_eq!(
            paths(&d),
            vec!["attributes[\"idle_timeout.timeout_seconds\"].value"]
        );
    }

    #[test]
    fn elements_of_a_named_list_are_matched_and_named_by_their_name() {
        let before = json!({"containerDefinitions": [
            {"name": "app", "image": "a:1", "environment": [
                {"name": "A", "value": "1"}, {"name": "C", "value": "3"}
            ], "portMappings": [{"containerPort": 8080}]},
            {"name": "sidecar", "image": "s:1"},
        ]});
        let after = json!({"containerDefinitions": [
            {"name": "app", "image": "a:2", "environment": [
                {"name": "A", "value": "1"}, {"name": "B", "value": "2"}, {"name": "C", "value": "4"}
            ], "portMappings": [{"containerPort": 8081}]},
            {"name": "sidecar", "image": "s:1"},
        ]});
        let d = diff(Kind::TaskDefinition, &before, &after);
        assert_eq!(
            paths(&d),
            vec![
                "containerDefinitions[app].environment[B]",
                "containerDefinitions[app].environment[C].value",
                "containerDefinitions[app].image",
                "containerDefinitions[app].portMappings[containerPort=8081]",
                "containerDefinitions[app].portMappings[containerPort=8080]",
            ]
        );
        assert_eq!(d[0].before, None);
        assert_eq!(d[0].after, Some(json!({"name": "B", "value": "2"})));
        assert_eq!(d[1].before, Some(json!("3")));
        assert_eq!(d[4].after, None);
    }

    #[test]
    fn a_reordered_named_list_is_one_change_and_duplicates_fall_back_to_positions() {
        let before = json!({"volumes": [{"name": "a"}, {"name": "b"}]});
        let after = json!({"volumes": [{"name": "b"}, {"name": "a"}]});
        let d = diff(Kind::TaskDefinition, &before, &after);
        assert_eq!(paths(&d), vec!["volumes"]);
        assert_eq!(d[0].before, Some(before["volumes"].clone()));
        let before = json!({"volumes": [{"name": "a", "x": 1}, {"name": "a", "x": 2}]});
        let after = json!({"volumes": [{"name": "a", "x": 1}, {"name": "a", "x": 3}]});
        assert_eq!(
            paths(&diff(Kind::TaskDefinition, &before, &after)),
            vec!["volumes[1].x"]
        );
        // The same list in another kind is not keyed.
        let before = json!({"volumes": [{"name": "a", "x": 1}]});
        let after = json!({"volumes": [{"name": "a", "x": 2}]});
        assert_eq!(
            paths(&diff(Kind::Service, &before, &after)),
            vec!["volumes[0].x"]
        );
    }

    #[test]
    fn member_names_with_dots_are_quoted() {
        let d = diff(
            Kind::TaskDefinition,
            &json!({"containerDefinitions": [{"name": "app", "dockerLabels": {"com.example.team": "a"}}]}),
            &json!({"containerDefinitions": [{"name": "app", "dockerLabels": {"com.example.team": "b"}}]}),
        );
        assert_eq!(
            paths(&d),
            vec!["containerDefinitions[app].dockerLabels.\"com.example.team\""]
        );
    }
}
