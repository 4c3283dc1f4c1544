//! The canonical resource model shared by planning, reading and applying: resource
//! addresses and kinds, the canonical document of each resource (AWS-shaped JSON with
//! the stack's names standing for its ARNs), desired and live state, the one table of
//! AWS's defaults ([`defaults`]), the canonical forms ([`normalize`]) and the comparison
//! rule that decides what of a live resource is compared ([`compare`]). What is
//! particular to one kind of resource is in its module of [`kinds`].

mod address;
pub mod compare;
pub mod defaults;
pub mod desired;
pub mod graph;
pub mod import;
pub mod keyed;
pub mod kinds;
pub mod live;
pub mod normalize;
pub mod path;
pub mod render;
pub mod stamp;

pub use address::{Address, Kind};
pub use kinds::service::updatable_under_controller;

/// A resource's canonical document: the AWS API's shape (camelCase), references to the
/// stack's own resources by name.
pub type Doc = serde_json::Value;

/// The tag that marks a resource as owned by a stack: `ecsform:stack=<stack>`.
pub const STACK_TAG: &str = "ecsform:stack";

/// The tag holding the hash of the desired document last applied (drift detection).
pub const HASH_TAG: &str = "ecsform:hash";

/// The tag of the temporary target group a replacement makes (a target group's name is
/// unique in a region, so the new group cannot take the name while the old one exists):
/// `ecsform:replaces=<the group's name>`. The reader folds such a group into the group it
/// stands for (references to it read as that group's name), and the plan resumes the
/// replacement it belongs to; see `ecsform_aws`'s target group executor.
pub const REPLACES_TAG: &str = "ecsform:replaces";

/// A target group's name from its ARN (`...:targetgroup/<name>/<id>`, ELB API
/// reference, TargetGroup), else the ARN itself.
#[must_use]
pub fn target_group_name(arn: &str) -> &str {
    arn.split_once(":targetgroup/")
        .and_then(|(_, tail)| tail.split('/').next())
        .unwrap_or(arn)
}

/// The tag of a scalable target that holds the [`HASH_TAG`] of one of its scaling
/// policies or scheduled actions, which carry no tags of their own:
/// `ecsform:hash:<kind>:<16 hex digits of the hash of its name>` (the name may hold
/// characters a tag key cannot; its hash fits the 128-character limit).
#[must_use]
pub fn child_hash_tag(address: &Address) -> String {
    format!(
        "{HASH_TAG}:{}:{}",
        address.kind,
        doc_hash(&serde_json::Value::String(address.name.clone()))
    )
}

/// A copy of `doc` with every object's keys in sorted order, at every level: the one
/// canonical form that hashes, digests and diffs take, so that two documents whose keys
/// came in different orders differ only where their values do.
#[must_use]
pub fn canonical(doc: &Doc) -> Doc {
    match doc {
        Doc::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            Doc::Object(
                keys.into_iter()
                    .filter_map(|k| map.get(k).map(|v| (k.clone(), canonical(v))))
                    .collect(),
            )
        }
        Doc::Array(items) => Doc::Array(items.iter().map(canonical).collect()),
        other => other.clone(),
    }
}

/// The hash written into [`HASH_TAG`]: the first 16 hex digits of the SHA-256 of the
/// document's canonical JSON (object keys sorted, at every level). Canonical because
/// the two sides reach the same content in different key orders (normalization appends
/// the defaults a file leaves out; AWS returns them in place), and the hash must tell
/// only content apart.
#[must_use]
pub fn doc_hash(doc: &Doc) -> String {
    use sha2::Digest;
    let text = serde_json::to_string(&canonical(doc)).unwrap_or_default();
    let digest = sha2::Sha256::digest(text.as_bytes());
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod hash_tests {
    use super::doc_hash;

    #[test]
    fn the_hash_ignores_key_order_and_tells_content_apart() {
        let a = serde_json::json!({"b": 1, "a": {"y": [1, {"q": 2, "p": 3}], "x": "s"}});
        let b = serde_json::json!({"a": {"x": "s", "y": [1, {"p": 3, "q": 2}]}, "b": 1});
        assert_eq!(doc_hash(&a), doc_hash(&b));
        let c = serde_json::json!({"a": {"x": "s", "y": [{"p": 3, "q": 2}, 1]}, "b": 1});
        assert_ne!(doc_hash(&a), doc_hash(&c), "list order is content");
        assert_eq!(doc_hash(&a).len(), 16);
    }
}
