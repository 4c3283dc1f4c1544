//! Live state: what AWS holds, in the same canonical documents as the desired state.

use std::collections::BTreeMap;

use crate::{Address, Doc, STACK_TAG};

/// One live resource.
#[derive(Debug, Clone, PartialEq)]
pub struct LiveResource {
    /// Its address in the stack's terms.
    pub address: Address,
    /// Its ARN (or, where AWS has none, its id).
    pub arn: String,
    /// Its document, before normalization (ARNs of the stack's resources already mapped
    /// to names where the reader knows them).
    pub doc: Doc,
    /// All its tags, ecsform's own included.
    pub tags: BTreeMap<String, String>,
    /// A task definition's revision; `None` for other kinds.
    pub revision: Option<i64>,
}

impl LiveResource {
    /// The stack that owns it, from its `ecsform:stack` tag.
    #[must_use]
    pub fn owner(&self) -> Option<&str> {
        self.tags.get(STACK_TAG).map(String::as_str)
    }
}

/// What was read from AWS.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LiveState {
    /// Resources found, by address: those the file names, and those tagged with the stack.
    pub resources: BTreeMap<Address, LiveResource>,
    /// Names of resources by ARN (namespaces, target groups, load balancers), for mapping
    /// live references back to the stack's names.
    pub names_by_arn: BTreeMap<String, String>,
    /// The ARN of each load balancer and target group by name, for resource labels.
    pub arns_by_name: BTreeMap<String, String>,
    /// Revisions of the stack's task definition families that live services run other
    /// than the family's live revision (a service left on an older revision, or moved to
    /// one registered by hand), by `family:revision`, with their tags.
    pub running_revisions: BTreeMap<String, LiveResource>,
    /// ACTIVE revisions of a stack's family, newer than the newest the stack registered,
    /// that the stack did not register (by hand, or by another stack), by family. They
    /// are not the family's live revision; drift reports them.
    pub foreign_revisions: BTreeMap<String, Vec<i64>>,
    /// Target groups whose replacement an earlier apply left unfinished: the temporary
    /// groups (tagged [`crate::REPLACES_TAG`]) standing for each, by ARN. References to a
    /// temporary group read as the name of the group it stands for.
    pub replacing: BTreeMap<Address, Vec<String>>,
    /// How many AWS API calls the read took.
    pub api_calls: usize,
}

impl LiveState {
    /// The live resource at an address.
    #[must_use]
    pub fn get(&self, address: &Address) -> Option<&LiveResource> {
        self.resources.get(address)
    }
}
