//! The canonical resource model shared by planning, reading and applying: resource
//! addresses and kinds, the canonical document of each resource (AWS-shaped JSON with
//! the stack's names standing for its ARNs), desired and live state, and the one table
//! of normalizers applied to both sides before they are compared.

mod address;
pub mod desired;
pub mod graph;
pub mod import;
pub mod live;
pub mod normalize;

pub use address::{Address, Kind};

/// A resource's canonical document: the AWS API's shape (camelCase), references to the
/// stack's own resources by name.
pub type Doc = serde_json::Value;

/// The tag that marks a resource as owned by a stack: `ecsform:stack=<stack>`.
pub const STACK_TAG: &str = "ecsform:stack";

/// The tag holding the hash of the desired document last applied (drift detection).
pub const HASH_TAG: &str = "ecsform:hash";

/// The hash written into [`HASH_TAG`]: the first 16 hex digits of the SHA-256 of the
/// document's canonical JSON.
#[must_use]
pub fn doc_hash(doc: &Doc) -> String {
    use sha2::Digest;
    let text = serde_json::to_string(doc).unwrap_or_default();
    let digest = sha2::Sha256::digest(text.as_bytes());
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}
