//! What apply records so that `drift` can tell, without a state file, what it applied:
//!
//! - the **stack stamp**: after a complete, successful, untargeted apply, a fingerprint of
//!   the whole stack it applied (every resource's address and the hash of its file
//!   document) and the membership of the stack (a short code per address), written as
//!   tags on a couple of the stack's own resources ([`anchors`]) with the time of the
//!   apply. `drift` reads the newest stamp it finds: a resource the file names that no
//!   longer exists was deleted outside ecsform when the stamp says it was applied, and is
//!   new in the file when the stamp says it was not.
//! - the **field codes** of a resource: next to `ecsform:hash`, a short code of every
//!   (path, value) of the applied document, so that for a resource changed both in the
//!   file and by hand `drift` can rebuild what was applied, field by field (checked
//!   against `ecsform:hash`), and list drifted and pending fields apart.
//!
//! Every value written here stays within the tag limits that ECS, Elastic Load
//! Balancing and Cloud Map share: at most 50 tags per resource, keys up to 128
//! characters, values up to 256, of letters, digits, spaces and `+ - = . _ : / @`
//! (ECS API reference, `Tag`; ELB API reference, `Tag`; Cloud Map API reference, `Tag`).
//! Codes are therefore base64 (`A-Z a-z 0-9 + /`), 4 characters for 24 bits.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use serde_json::Value;

use crate::desired::DesiredState;
use crate::kinds::{AnchorGroup, rules};
use crate::live::LiveState;
use crate::{Address, Doc, Kind, STACK_TAG, doc_hash};

/// The tag holding the stack stamp: `v1 <time in ms> <fingerprint> <chunks>`, where
/// `<chunks>` is the number of [`MEMBERS_TAG`] tags that list the stack's addresses, or
/// `-` when they did not fit (only the fingerprint is recorded).
pub const APPLIED_TAG: &str = "ecsform:applied";

/// The prefix of the tags listing the codes of the addresses the stamp's apply applied:
/// `ecsform:applied:0`, `ecsform:applied:1`, ...
pub const MEMBERS_TAG: &str = "ecsform:applied:";

/// The prefix of the tags holding a resource's field codes: `ecsform:fields:0`, ...; the
/// first starts with `<chunks> <c|p> ` (`c`: every node of the document recorded, `p`:
/// only its upper levels, the document was too big).
pub const FIELDS_TAG: &str = "ecsform:fields:";

/// A tag value's limit (ECS, ELB, Cloud Map and Application Auto Scaling: 256).
const VALUE_MAX: usize = 256;
/// The tags a resource may carry (ECS, ELB, Cloud Map: 50 user tags per resource).
const TAGS_MAX: usize = 50;
/// Chunks of membership codes at most (64 addresses each).
const MEMBER_CHUNKS_MAX: usize = 4;
/// Chunks of field codes at most.
const FIELD_CHUNKS_MAX: usize = 8;
/// Tags ecsform writes besides the field codes: stack, hash, and a stamp with its chunks.
const OWN_TAGS: usize = 2 + 1 + MEMBER_CHUNKS_MAX;

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// A 24-bit code of a JSON value in 4 base64 characters.
fn code(v: &Value) -> String {
    use sha2::Digest;
    let text = serde_json::to_string(v).unwrap_or_default();
    let d = sha2::Sha256::digest(text.as_bytes());
    let n = (u32::from(d[0]) << 16) | (u32::from(d[1]) << 8) | u32::from(d[2]);
    (0..4)
        .map(|i| char::from(B64[((n >> (18 - 6 * i)) & 63) as usize]))
        .collect()
}

/// The code of an address in the membership list.
#[must_use]
pub fn member_code(address: &Address) -> String {
    code(&Value::String(address.to_string()))
}

/// The fingerprint of a whole stack file: the hash of every resource's address with the
/// hash of its document, in address order.
#[must_use]
pub fn fingerprint(desired: &DesiredState) -> String {
    let mut pairs: Vec<(String, String)> = desired
        .resources
        .iter()
        .map(|r| (r.address.to_string(), doc_hash(&r.doc)))
        .collect();
    pairs.sort();
    doc_hash(&serde_json::json!(pairs))
}

/// The stamp of a complete apply, as read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    /// When (ms since the Unix epoch).
    pub time: u128,
    /// The [`fingerprint`] of the stack file applied.
    pub fingerprint: String,
    /// The codes of the addresses applied (`None`: too many to record).
    pub members: Option<HashSet<String>>,
}

impl Stamp {
    /// Whether the stamp's apply applied `address`: `Some(true)` yes, `Some(false)` no,
    /// `None` unknown.
    #[must_use]
    pub fn applied(&self, address: &Address, desired: &DesiredState) -> Option<bool> {
        if self.fingerprint == fingerprint(desired) {
            return Some(desired.get(address).is_some());
        }
        self.members
            .as_ref()
            .map(|m| m.contains(&member_code(address)))
    }
}

/// The tags of the stack stamp for `desired`, applied at `time` (ms since the epoch).
#[must_use]
pub fn stamp_tags(desired: &DesiredState, time: u128) -> Vec<(String, String)> {
    let mut codes: Vec<String> = desired
        .resources
        .iter()
        .map(|r| member_code(&r.address))
        .collect();
    codes.sort();
    codes.dedup();
    let per_chunk = VALUE_MAX / 4;
    let chunks: Vec<String> = codes.chunks(per_chunk).map(<[String]>::concat).collect();
    let fits = chunks.len() <= MEMBER_CHUNKS_MAX;
    let count = if fits {
        chunks.len().to_string()
    } else {
        "-".to_owned()
    };
    let mut out = vec![(
        APPLIED_TAG.to_owned(),
        format!("v1 {time} {} {count}", fingerprint(desired)),
    )];
    if fits {
        out.extend(
            chunks
                .into_iter()
                .enumerate()
                .map(|(i, c)| (format!("{MEMBERS_TAG}{i}"), c)),
        );
    }
    out
}

/// Reads a stamp from a resource's tags.
#[must_use]
pub fn read_stamp(tags: &BTreeMap<String, String>) -> Option<Stamp> {
    let head = tags.get(APPLIED_TAG)?;
    let mut parts = head.split(' ');
    if parts.next() != Some("v1") {
        return None;
    }
    let time = parts.next()?.parse().ok()?;
    let fingerprint = parts.next()?.to_owned();
    let members = match parts.next()? {
        "-" => None,
        n => {
            let n: usize = n.parse().ok()?;
            let mut set = HashSet::new();
            for i in 0..n {
                let chunk = tags.get(&format!("{MEMBERS_TAG}{i}"))?;
                let chars: Vec<char> = chunk.chars().collect();
                set.extend(chars.chunks(4).map(|c| c.iter().collect::<String>()));
            }
            Some(set)
        }
    };
    Some(Stamp {
        time,
        fingerprint,
        members,
    })
}

/// The newest stamp among the stack's live resources.
#[must_use]
pub fn newest_stamp(live: &LiveState, stack: &str) -> Option<Stamp> {
    live.resources
        .values()
        .filter(|r| r.owner() == Some(stack))
        .filter_map(|r| read_stamp(&r.tags))
        .max_by_key(|s| s.time)
}

/// Whether any live resource carries the stack's ownership tag.
#[must_use]
pub fn any_owned(live: &LiveState, stack: &str) -> bool {
    live.resources
        .values()
        .any(|r| r.tags.get(STACK_TAG).map(String::as_str) == Some(stack))
}

/// The resources apply writes the stamp on: one of ECS (the cluster when the stack
/// manages it, else its first service) and one of Elastic Load Balancing or Cloud Map
/// (a namespace, load balancer, target group, listener or rule), or two of one when the
/// stack has none of the other, so that deleting one by hand (or a whole cluster) leaves
/// the other. At most two: two tagging calls per apply. Task definitions (each revision
/// has its own tags) and autoscaling resources (their tags are read as their service's)
/// are never anchors. Each kind says its group
/// ([`crate::kinds::KindRules::stamp_anchor`]); the kinds of a group in create order.
#[must_use]
pub fn anchors(desired: &DesiredState) -> Vec<Address> {
    let of = |group: AnchorGroup| -> Vec<Address> {
        Kind::ALL
            .iter()
            .filter(|k| rules(**k).stamp_anchor == Some(group))
            .flat_map(|k| {
                desired
                    .resources
                    .iter()
                    .filter(move |r| r.address.kind == *k)
            })
            .filter(|r| !desired.is_unmanaged_cluster(&r.address))
            .map(|r| r.address.clone())
            .collect()
    };
    let ecs = of(AnchorGroup::Ecs);
    let other = of(AnchorGroup::Other);
    match (ecs.first(), other.first()) {
        (Some(a), Some(b)) => vec![a.clone(), b.clone()],
        _ => ecs.into_iter().chain(other).take(2).collect(),
    }
}

// ---- field codes ------------------------------------------------------------------

/// A JSON pointer segment (RFC 6901: `~` as `~0`, `/` as `~1`).
fn seg(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

fn node_code(ptr: &str, v: &Value) -> String {
    code(&serde_json::json!([ptr, crate::canonical(v)]))
}

/// Every node below the root, with its depth (1: a top-level field).
fn nodes<'a>(ptr: &str, v: &'a Value, depth: usize, out: &mut Vec<(usize, String, &'a Value)>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let p = format!("{ptr}/{}", seg(k));
                out.push((depth, p.clone(), x));
                nodes(&p, x, depth + 1, out);
            }
        }
        Value::Array(items) => {
            for (i, x) in items.iter().enumerate() {
                let p = format!("{ptr}/{i}");
                out.push((depth, p.clone(), x));
                nodes(&p, x, depth + 1, out);
            }
        }
        _ => {}
    }
}

/// The field-code tags of an applied document, given the number of tags the file gives
/// (they share the 50 tags of a resource). Every node when they fit; else the upper
/// levels that fit; none when not even the top-level fields fit.
#[must_use]
pub fn field_tags(doc: &Doc, file_tags: usize) -> Vec<(String, String)> {
    let mut all = Vec::new();
    nodes("", doc, 1, &mut all);
    let budget_tags = FIELD_CHUNKS_MAX.min(TAGS_MAX.saturating_sub(file_tags + OWN_TAGS));
    // The first chunk starts with "<n> <c|p> " (at most 5 characters).
    let budget = (budget_tags * VALUE_MAX).saturating_sub(5 * budget_tags.min(1)) / 4;
    let deepest = all.iter().map(|(d, _, _)| *d).max().unwrap_or(0);
    let mut depth = deepest;
    while depth > 0 && all.iter().filter(|(d, _, _)| *d <= depth).count() > budget {
        depth -= 1;
    }
    if depth == 0 || budget_tags == 0 {
        return Vec::new();
    }
    let mut codes: Vec<String> = all
        .iter()
        .filter(|(d, _, _)| *d <= depth)
        .map(|(_, p, v)| node_code(p, v))
        .collect();
    codes.sort();
    codes.dedup();
    let complete = if depth == deepest { "c" } else { "p" };
    // The header takes room in the first chunk: its codes are fewer.
    let mut text = codes.concat();
    let mut chunks = Vec::new();
    let mut first = true;
    while !text.is_empty() || first {
        let room = if first {
            (VALUE_MAX - 5) / 4 * 4
        } else {
            VALUE_MAX
        };
        let cut = room.min(text.len());
        chunks.push(text[..cut].to_owned());
        text = text[cut..].to_owned();
        first = false;
    }
    if chunks.len() > budget_tags {
        return Vec::new();
    }
    let n = chunks.len();
    chunks
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            let value = if i == 0 {
                format!("{n} {complete} {c}")
            } else {
                c
            };
            (format!("{FIELDS_TAG}{i}"), value)
        })
        .collect()
}

/// The field codes a resource's tags hold, and whether every node was recorded.
#[must_use]
pub fn read_field_codes(tags: &BTreeMap<String, String>) -> Option<(HashSet<String>, bool)> {
    let first = tags.get(&format!("{FIELDS_TAG}0"))?;
    let mut parts = first.splitn(3, ' ');
    let n: usize = parts.next()?.parse().ok()?;
    let complete = parts.next()? == "c";
    let mut text = parts.next().unwrap_or_default().to_owned();
    for i in 1..n {
        text.push_str(tags.get(&format!("{FIELDS_TAG}{i}"))?);
    }
    let chars: Vec<char> = text.chars().collect();
    Some((
        chars
            .chunks(4)
            .map(|c| c.iter().collect::<String>())
            .collect(),
        complete,
    ))
}

/// A value of the rebuilt applied document that could not be recovered: the field was
/// changed both in the file and by hand, to two other values.
pub const UNKNOWN: &str = "\u{0}ecsform:unknown";

/// Rebuilds the applied document from the live one, the file's and the field codes: at
/// each node, the file's value if its code was recorded, else the live value if its
/// code was, else (objects and lists of one length) node by node; a member one side
/// lacks and whose other value was not recorded was absent. A value neither side has is
/// [`UNKNOWN`] (only when every node was recorded: else `None`). The result is checked
/// against the applied hash when it holds no unknown value; `None` if it does not match.
#[must_use]
pub fn rebuild(
    live: &Doc,
    file: &Doc,
    codes: &HashSet<String>,
    complete: bool,
    applied_hash: &str,
) -> Option<Doc> {
    fn walk(
        ptr: &str,
        l: Option<&Value>,
        d: Option<&Value>,
        codes: &HashSet<String>,
        unknown: &mut usize,
    ) -> Option<Value> {
        if let Some(d) = d
            && codes.contains(&node_code(ptr, d))
        {
            return Some(d.clone());
        }
        if let Some(l) = l
            && codes.contains(&node_code(ptr, l))
        {
            return Some(l.clone());
        }
        match (l, d) {
            (Some(Value::Object(a)), Some(Value::Object(b))) => {
                let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
                let mut out = serde_json::Map::new();
                for k in keys {
                    let p = format!("{ptr}/{}", seg(k));
                    if let Some(v) = walk(&p, a.get(k), b.get(k), codes, unknown) {
                        out.insert(k.clone(), v);
                    }
                }
                Some(Value::Object(out))
            }
            (Some(Value::Array(a)), Some(Value::Array(b))) if a.len() == b.len() => {
                Some(Value::Array(
                    a.iter()
                        .zip(b)
                        .enumerate()
                        .map(|(i, (x, y))| {
                            walk(&format!("{ptr}/{i}"), Some(x), Some(y), codes, unknown)
                                .unwrap_or_else(|| {
                                    *unknown += 1;
                                    Value::String(UNKNOWN.to_owned())
                                })
                        })
                        .collect(),
                ))
            }
            (None, _) | (_, None) => None,
            _ => {
                *unknown += 1;
                Some(Value::String(UNKNOWN.to_owned()))
            }
        }
    }
    let mut unknown = 0;
    let rebuilt = walk("", Some(live), Some(file), codes, &mut unknown)?;
    if unknown == 0 {
        return (doc_hash(&rebuilt) == applied_hash).then_some(rebuilt);
    }
    complete.then_some(rebuilt)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use serde_json::json;

    fn tags(pairs: Vec<(String, String)>) -> BTreeMap<String, String> {
        pairs.into_iter().collect()
    }

    #[test]
    fn tag_values_stay_within_aws_limits_and_charset() {
        let doc = json!({"a": (0..400).map(|i| json!({"k": i})).collect::<Vec<_>>(), "b": 1});
        for t in [field_tags(&doc, 0), field_tags(&json!({"x": [1, 2]}), 40)] {
            assert!(t.len() <= FIELD_CHUNKS_MAX);
            for (k, v) in &t {
                assert!(k.len() <= 128 && v.len() <= VALUE_MAX, "{k}={v}");
                assert!(
                    v.chars()
                        .all(|c| c.is_ascii_alphanumeric() || " +-=._:/@".contains(c))
                );
            }
        }
    }

    #[test]
    fn a_rebuilt_document_is_the_applied_one_field_by_field() {
        let applied =
            json!({"desiredCount": 1, "net": {"subnets": ["a", "b"], "ip": "DISABLED"}, "x": "k"});
        let codes = read_field_codes(&tags(field_tags(&applied, 0))).unwrap();
        assert!(codes.1);
        // The file changed desiredCount; by hand someone changed ip and dropped x.
        let file =
            json!({"desiredCount": 2, "net": {"subnets": ["a", "b"], "ip": "DISABLED"}, "x": "k"});
        let live = json!({"desiredCount": 1, "net": {"subnets": ["a", "b"], "ip": "ENABLED"}});
        let got = rebuild(&live, &file, &codes.0, codes.1, &doc_hash(&applied)).unwrap();
        assert_eq!(got, applied);
        // Both changed the same field: its applied value is unknown, the rest is known.
        let live =
            json!({"desiredCount": 3, "net": {"subnets": ["a", "b"], "ip": "DISABLED"}, "x": "k"});
        let got = rebuild(&live, &file, &codes.0, codes.1, &doc_hash(&applied)).unwrap();
        assert_eq!(got["desiredCount"], json!(UNKNOWN));
        assert_eq!(got["net"], applied["net"]);
        // A hash that does not match (codes of another document): no answer.
        assert!(rebuild(&live, &file, &codes.0, false, "0000000000000000").is_none());
    }

    fn state(addresses: &[(Kind, &str)], unmanaged: Option<&str>) -> DesiredState {
        DesiredState {
            stack: "s".into(),
            region: None,
            resources: addresses
                .iter()
                .map(|(k, n)| crate::desired::Resource {
                    address: Address::new(*k, *n),
                    doc: json!({}),
                    prevent_destroy: false,
                    adopt: false,
                })
                .collect(),
            unmanaged_cluster: unmanaged.map(str::to_owned),
        }
    }

    #[test]
    fn the_stamp_goes_on_one_ecs_and_one_other_resource_of_the_stack_itself() {
        let a = |k, n| Address::new(k, n);
        // The cluster the stack manages, and a namespace.
        let d = state(
            &[
                (Kind::TargetGroup, "tg"),
                (Kind::Service, "web"),
                (Kind::Namespace, "ns"),
                (Kind::Cluster, "c"),
            ],
            None,
        );
        assert_eq!(
            anchors(&d),
            [a(Kind::Cluster, "c"), a(Kind::Namespace, "ns")]
        );
        // On a shared cluster (not the stack's): its first service instead.
        let d = state(
            &[(Kind::TargetGroup, "tg"), (Kind::Service, "web")],
            Some("shared"),
        );
        assert_eq!(
            anchors(&d),
            [a(Kind::Service, "web"), a(Kind::TargetGroup, "tg")]
        );
        // Only ECS: two of it, never a task definition or autoscaling resource.
        let d = state(
            &[
                (Kind::TaskDefinition, "td"),
                (Kind::ScalableTarget, "web"),
                (Kind::Service, "web"),
                (Kind::Service, "api"),
            ],
            Some("shared"),
        );
        assert_eq!(
            anchors(&d),
            [a(Kind::Service, "web"), a(Kind::Service, "api")]
        );
    }

    #[test]
    fn a_stamp_reads_back_and_tells_members_apart() {
        let mut desired = DesiredState {
            stack: "s".into(),
            region: None,
            resources: Vec::new(),
            unmanaged_cluster: None,
        };
        let a = Address::new(Kind::Service, "a");
        desired.resources.push(crate::desired::Resource {
            address: a.clone(),
            doc: json!({"x": 1}),
            prevent_destroy: false,
            adopt: false,
        });
        let stamp = read_stamp(&tags(stamp_tags(&desired, 42))).unwrap();
        assert_eq!(stamp.time, 42);
        let b = Address::new(Kind::Service, "b");
        assert_eq!(stamp.applied(&a, &desired), Some(true));
        desired.resources.push(crate::desired::Resource {
            address: b.clone(),
            doc: json!({"x": 2}),
            prevent_destroy: false,
            adopt: false,
        });
        assert_eq!(stamp.applied(&b, &desired), Some(false));
        assert_eq!(stamp.applied(&a, &desired), Some(true));
    }
}
