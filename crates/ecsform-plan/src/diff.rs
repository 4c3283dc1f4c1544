//! Field-level differences between two normalized documents.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One changed value, at a path such as `containerDefinitions[0].environment[1].value`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldChange {
    /// Where.
    pub path: String,
    /// The live value (`None`: absent).
    pub before: Option<Value>,
    /// The desired value (`None`: absent).
    pub after: Option<Value>,
}

/// The changes from `before` to `after`, as paths to the smallest differing values.
/// Lists of different lengths are compared element by element up to the shorter, then
/// the extra elements are additions or removals.
#[must_use]
pub fn diff(before: &Value, after: &Value) -> Vec<FieldChange> {
    let mut out = Vec::new();
    walk("", before, after, &mut out);
    out
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

fn walk(path: &str, before: &Value, after: &Value, out: &mut Vec<FieldChange>) {
    if before == after {
        return;
    }
    match (before, after) {
        (Value::Object(b), Value::Object(a)) => {
            let mut keys: Vec<&String> = b.keys().chain(a.keys()).collect();
            keys.sort();
            keys.dedup();
            for k in keys {
                let p = join(path, k);
                match (b.get(k), a.get(k)) {
                    (Some(x), Some(y)) => walk(&p, x, y, out),
                    (x, y) => out.push(FieldChange {
                        path: p,
                        before: x.cloned(),
                        after: y.cloned(),
                    }),
                }
            }
        }
        (Value::Array(b), Value::Array(a)) => {
            for i in 0..b.len().max(a.len()) {
                let p = format!("{path}[{i}]");
                match (b.get(i), a.get(i)) {
                    (Some(x), Some(y)) => walk(&p, x, y, out),
                    (x, y) => out.push(FieldChange {
                        path: p,
                        before: x.cloned(),
                        after: y.cloned(),
                    }),
                }
            }
        }
        _ => out.push(FieldChange {
            path: path.to_owned(),
            before: Some(before.clone()),
            after: Some(after.clone()),
        }),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn paths_to_the_smallest_differences() {
        let before = json!({"a": 1, "b": {"c": [1, 2], "d": "x"}, "gone": true});
        let after = json!({"a": 1, "b": {"c": [1, 3, 4], "d": "x"}, "new": "y"});
        let d = diff(&before, &after);
        let paths: Vec<&str> = d.iter().map(|c| c.path.as_str()).collect();
        assert_eq!(paths, vec!["b.c[1]", "b.c[2]", "gone", "new"]);
        assert_eq!(
            d[1],
            FieldChange {
                path: "b.c[2]".into(),
                before: None,
                after: Some(json!(4))
            }
        );
        assert!(diff(&after, &after).is_empty());
    }
}
