//! Drift: how live AWS compares with what ecsform last applied. Apply writes the hash of
//! each resource's normalized desired document into its `ecsform:hash` tag; comparing
//! that hash with the live document and with the file's tells drift (live changed
//! behind the tool's back) from pending (the file changed and was not applied yet).

use ecsform_model::desired::DesiredState;
use ecsform_model::live::LiveState;
use ecsform_model::{Address, HASH_TAG, Kind, doc_hash};
use serde::Serialize;

use crate::diff::FieldChange;
use crate::plan::{Action, Plan};

/// The state of one resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DriftStatus {
    /// Live matches what was last applied, and the file has not changed since.
    InSync,
    /// Live changed since the last apply; the file did not.
    Drifted,
    /// The file changed since the last apply; live did not.
    Pending,
    /// Both changed.
    DriftedAndPending,
}

/// One resource's drift.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DriftItem {
    /// The resource.
    pub address: Address,
    /// Its state.
    pub status: DriftStatus,
    /// Field by field: `before` is live, `after` what the file (and, when only drifted,
    /// the last apply) says.
    pub changes: Vec<FieldChange>,
    /// What the plan would do about it.
    pub actions: Vec<&'static str>,
    /// Why it drifted, where the plan knows more than the fields say (a service on a
    /// revision ecsform did not register; a Cloud Map service ECS left over).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
}

/// The plan's note that tells why a change is drift, when it has one.
fn drift_reason(c: &crate::plan::Change) -> Option<String> {
    c.notes
        .iter()
        .find(|n| {
            n.contains(crate::plan::FOREIGN_REVISION)
                || n.starts_with(crate::plan::LEFTOVER_CLOUD_MAP_SERVICE)
        })
        .cloned()
}

/// The drift report of a stack.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DriftReport {
    /// The stack.
    pub stack: String,
    /// Every resource of the plan, in plan order.
    pub items: Vec<DriftItem>,
}

impl DriftReport {
    /// Resources that drifted (alone or with pending changes).
    pub fn drifted(&self) -> impl Iterator<Item = &DriftItem> {
        self.items.iter().filter(|i| {
            matches!(
                i.status,
                DriftStatus::Drifted | DriftStatus::DriftedAndPending
            )
        })
    }

    /// Resources with changes pending from the file (alone or with drift).
    pub fn pending(&self) -> impl Iterator<Item = &DriftItem> {
        self.items.iter().filter(|i| {
            matches!(
                i.status,
                DriftStatus::Pending | DriftStatus::DriftedAndPending
            )
        })
    }
}

/// Classifies every change of a plan.
#[must_use]
pub fn drift(plan: &Plan, desired: &DesiredState, live: &LiveState) -> DriftReport {
    let items = plan
        .changes
        .iter()
        .map(|c| {
            let applied = live.get(&c.address).and_then(|l| l.tags.get(HASH_TAG));
            let live_hash = c.before.as_ref().map(doc_hash);
            let desired_hash = c.desired_hash.clone();
            let status = match (&c.action, applied) {
                (Action::NoOp, _) => DriftStatus::InSync,
                // Never in a file: a leftover that ECS made for the stack is drift.
                (Action::Delete, _) if c.address.kind == Kind::CloudMapService => {
                    DriftStatus::Drifted
                }
                // Never applied by ecsform (or gone from the file): the plan is pending.
                (Action::Create | Action::Delete, _) | (_, None) => DriftStatus::Pending,
                (_, Some(h)) => {
                    let drifted = live_hash.as_ref() != Some(h);
                    let pending = desired_hash.as_ref() != Some(h);
                    match (drifted, pending) {
                        (true, true) => DriftStatus::DriftedAndPending,
                        (true, false) => DriftStatus::Drifted,
                        // Adopted or tag-only differences count as pending.
                        (false, _) => DriftStatus::Pending,
                    }
                }
            };
            DriftItem {
                address: c.address.clone(),
                status,
                changes: c.changes.clone(),
                actions: c.action.names().to_vec(),
                why: drift_reason(c),
            }
        })
        .collect();
    DriftReport {
        stack: desired.stack.clone(),
        items,
    }
}
