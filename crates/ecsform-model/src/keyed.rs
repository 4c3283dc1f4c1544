//! Lists whose elements are named: how a change inside one is located and shown.
//!
//! A plan says *which* container, variable, tag or setting changed by its name:
//! `settings[containerInsights].value`, `containerDefinitions[ui].environment[BANNER].value`,
//! not `settings[0].value`. Two kinds of list are keyed:
//!
//! - the lists the canonical shape turns into mappings by key (tags, load balancer /
//!   target group / listener attributes, a cluster's settings:
//!   [`crate::normalize::keyed_lists_as_maps`]): [`keyed_map`] gives their key and value
//!   members, so a path shows them in the file's shape again;
//! - lists of objects that AWS identifies by one member (each kind's
//!   [`crate::kinds::KindRules::list_keys`], with the AWS pages that say so): a container
//!   definition by its `name`, an environment variable by its `name`, a volume by its
//!   `name`... Elements are matched by that member instead of by position, so adding a
//!   variable in the middle is one addition, not a change of every variable after it.
//!
//! A member is used as a key only when every element of both lists has it (a string or
//! a number) and no two elements of one list share it; otherwise elements are matched
//! by position, as before. The key is a way to *name* an element, never a comparison
//! rule: two lists still compare equal only when they are equal (order included).

use serde_json::Value;

use crate::Kind;
use crate::path::{Pattern, Seg};

/// The candidate key members of the list at `pattern` (object members by name, list
/// elements as [`Seg::Each`]) of a `kind` document; empty when it is not keyed.
#[must_use]
pub fn list_key_candidates(kind: Kind, pattern: &[Seg]) -> &'static [&'static str] {
    crate::kinds::rules(kind)
        .list_keys
        .iter()
        .find(|(p, _)| Pattern::parse(p).is_some_and(|p| p.0 == pattern))
        .map_or(&[], |(_, keys)| keys)
}

/// The member that names every element of both lists, if one of `candidates` does:
/// each element has it, as a string or a number, and it is unique within each list.
#[must_use]
pub fn key_member<'a>(candidates: &[&'a str], lists: &[&[Value]]) -> Option<&'a str> {
    candidates.iter().copied().find(|member| {
        lists.iter().all(|items| {
            let mut seen = std::collections::HashSet::new();
            items.iter().all(|item| {
                item.get(*member)
                    .filter(|v| v.is_string() || v.is_number())
                    .is_some_and(|v| seen.insert(v.to_string()))
            })
        })
    })
}

/// The key and value members of the list at `pattern` of a `kind` document that the
/// canonical shape holds as a mapping by key (`tags`: `key`/`value`, a cluster's
/// `settings`: `name`/`value`).
#[must_use]
pub fn keyed_map(kind: Kind, pattern: &[Seg]) -> Option<(&'static str, &'static str)> {
    let [Seg::Key(list)] = pattern else {
        return None;
    };
    crate::normalize::keyed_lists(kind)
        .iter()
        .find(|(l, _, _)| l == list)
        .map(|(_, k, v)| (*k, *v))
}

/// An element's key in a path: `[ui]`; quoted as a JSON string when it could be read
/// otherwise (`["idle_timeout.timeout_seconds"]`, `["8080"]`, `[""]`); a number key
/// names its member (`[containerPort=8080]`), so that it never reads as a position.
#[must_use]
pub fn key_step(member: &str, key: &Value) -> String {
    match key {
        Value::String(s) => format!("[{}]", quote_key(s)),
        other => format!("[{member}={other}]"),
    }
}

/// A key as a path shows it: as it is, or as a JSON string when it is empty, all
/// digits, or holds a character of path syntax (`.`, `[`, `]`, `"`, `=`) or a space.
#[must_use]
pub fn quote_key(key: &str) -> String {
    let plain = !key.is_empty()
        && !key.chars().all(|c| c.is_ascii_digit())
        && !key
            .chars()
            .any(|c| matches!(c, '.' | '[' | ']' | '"' | '=' | '\\') || c.is_whitespace());
    if plain {
        key.to_owned()
    } else {
        Value::String(key.to_owned()).to_string()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn every_row_parses_and_is_found() {
        for kind in Kind::ALL {
            for (pattern, keys) in crate::kinds::rules(kind).list_keys {
                let p = Pattern::parse(pattern).unwrap_or_else(|| Pattern(vec![]));
                assert!(!p.0.is_empty(), "{pattern}");
                assert_eq!(list_key_candidates(kind, &p.0), *keys, "{pattern}");
            }
        }
        assert!(list_key_candidates(Kind::Service, &[Seg::Key("tags".into())]).is_empty());
    }

    #[test]
    fn a_key_names_every_element_once() {
        let a = [
            json!({"name": "a"}),
            json!({"name": "b", "containerPort": 1}),
        ];
        let b = [json!({"name": "b", "containerPort": 2})];
        assert_eq!(
            key_member(&["name", "containerPort"], &[&a, &b]),
            Some("name")
        );
        let dup = [json!({"name": "a"}), json!({"name": "a"})];
        assert_eq!(key_member(&["name"], &[&dup]), None);
        let missing = [
            json!({"containerPort": 80}),
            json!({"name": "x", "containerPort": 81}),
        ];
        assert_eq!(
            key_member(&["name", "containerPort"], &[&missing]),
            Some("containerPort")
        );
    }

    #[test]
    fn keys_that_could_be_misread_are_quoted() {
        assert_eq!(key_step("name", &json!("ui")), "[ui]");
        assert_eq!(
            key_step("key", &json!("idle_timeout.timeout_seconds")),
            "[\"idle_timeout.timeout_seconds\"]"
        );
        assert_eq!(key_step("key", &json!("a]b")), "[\"a]b\"]");
        assert_eq!(key_step("key", &json!("8080")), "[\"8080\"]");
        assert_eq!(
            key_step("containerPort", &json!(8080)),
            "[containerPort=8080]"
        );
        assert_eq!(key_step("key", &json!("")), "[\"\"]");
    }
}
