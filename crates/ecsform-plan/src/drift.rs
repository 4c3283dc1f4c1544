//! Drift: how live AWS compares with what ecsform last applied. Apply writes the hash of
//! each resource's normalized desired document into its `ecsform:hash` tag; comparing
//! that hash with the live document and with the file's tells drift (live changed
//! behind the tool's back) from pending (the file changed and was not applied yet).
//!
//! A resource that does not exist has no tags: whether it was applied is told by the
//! stack stamp the last complete apply recorded (`ecsform_model::stamp`). A resource
//! changed both ways is split field by field with the field codes apply recorded next
//! to its hash, which rebuild the applied document.

use ecsform_model::desired::DesiredState;
use ecsform_model::live::LiveState;
use ecsform_model::stamp::{self, UNKNOWN};
use ecsform_model::{Address, HASH_TAG, Kind, doc_hash};
use serde::Serialize;
use serde_json::Value;

use crate::diff::{FieldChange, diff};
use crate::plan::{Action, Plan};

/// The format of `ecsform drift --output json`. `2.0`: the statuses `deleted` and
/// `missing`, a `reason`, resources both drifted and pending listed in both lists with
/// their drifted and their pending fields apart, pending fields as `applied`/`file`.
pub const DRIFT_FORMAT_VERSION: &str = "2.0";

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
    /// It was applied and no longer exists: deleted outside ecsform.
    Deleted,
    /// It does not exist, and whether the last apply applied it cannot be told: deleted
    /// outside ecsform, or added to the file since. Counted as drift (and as pending).
    Missing,
}

/// One field of a drifted or pending resource.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldDrift {
    /// Where, as the plan names it.
    pub path: String,
    /// Its value as last applied (`None`: absent); meaningless when not `applied_known`.
    pub applied: Option<Value>,
    /// Whether the applied value is known (a field changed both in the file and by hand,
    /// to other values, or a resource whose field codes were not recorded: not).
    pub applied_known: bool,
    /// Live (for a drifted field) or the file's (for a pending field) value.
    pub now: Option<Value>,
}

/// One resource's drift.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DriftItem {
    /// The resource.
    pub address: Address,
    /// Its state.
    pub status: DriftStatus,
    /// The plan's field changes: `before` is live, `after` what the file says.
    pub changes: Vec<FieldChange>,
    /// The fields live changed since the last apply (`now`: live).
    pub drifted_fields: Vec<FieldDrift>,
    /// The fields the file changed since the last apply (`now`: the file's).
    pub pending_fields: Vec<FieldDrift>,
    /// Why, in words, where the fields do not say it (a missing resource; fields that
    /// cannot be told apart).
    pub reason: Option<String>,
    /// What the plan would do about it.
    pub actions: Vec<&'static str>,
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

impl DriftStatus {
    /// Whether it counts as drift (what `--fail-on drift` fails on).
    #[must_use]
    pub const fn is_drift(self) -> bool {
        matches!(
            self,
            Self::Drifted | Self::DriftedAndPending | Self::Deleted | Self::Missing
        )
    }

    /// Whether it counts as pending (what `--fail-on pending` fails on).
    #[must_use]
    pub const fn is_pending(self) -> bool {
        matches!(
            self,
            Self::Pending | Self::DriftedAndPending | Self::Missing
        )
    }
}

impl DriftReport {
    /// Resources that drifted (alone or with pending changes; deleted; missing).
    pub fn drifted(&self) -> impl Iterator<Item = &DriftItem> {
        self.items.iter().filter(|i| i.status.is_drift())
    }

    /// Resources with changes pending from the file (alone or with drift), missing
    /// resources excepted (they are listed once, with drift).
    pub fn pending(&self) -> impl Iterator<Item = &DriftItem> {
        self.items.iter().filter(|i| {
            matches!(
                i.status,
                DriftStatus::Pending | DriftStatus::DriftedAndPending
            )
        })
    }
}

/// Words for a resource deleted outside ecsform.
pub const DELETED: &str = "deleted outside ecsform";
/// Words for a missing resource whose history cannot be told.
pub const MISSING: &str =
    "missing: deleted outside ecsform, or added to the file since the last apply";
/// Words for a resource new in the file.
pub const NEW: &str = "new in the file";

/// Classifies every change of a plan.
#[must_use]
pub fn drift(plan: &Plan, desired: &DesiredState, live: &LiveState) -> DriftReport {
    let stamp = stamp::newest_stamp(live, &desired.stack);
    let ever_applied = stamp.is_some() || stamp::any_owned(live, &desired.stack);
    let items = plan
        .changes
        .iter()
        .map(|c| {
            let live_resource = live.get(&c.address);
            let applied = live_resource.and_then(|l| l.tags.get(HASH_TAG));
            let mut item = DriftItem {
                address: c.address.clone(),
                status: DriftStatus::Pending,
                changes: c.changes.clone(),
                drifted_fields: Vec::new(),
                pending_fields: Vec::new(),
                reason: None,
                actions: c.action.names().to_vec(),
            };
            match (&c.action, applied) {
                (Action::NoOp, _) => item.status = DriftStatus::InSync,
                (Action::Create, _) => {
                    let was = stamp.as_ref().map(|s| s.applied(&c.address, desired));
                    let (status, reason) = match was {
                        Some(Some(true)) => (DriftStatus::Deleted, DELETED),
                        Some(Some(false)) => (DriftStatus::Pending, NEW),
                        Some(None) => (DriftStatus::Missing, MISSING),
                        // No record: a stack never applied is new; one with resources
                        // of its own but no record (written by an older ecsform, or its
                        // anchors deleted too) cannot be told.
                        None if ever_applied => (DriftStatus::Missing, MISSING),
                        None => (DriftStatus::Pending, NEW),
                    };
                    item.status = status;
                    item.reason = Some(reason.to_owned());
                }
                // Never in a file: a leftover that ECS made for the stack is drift.
                (Action::Delete, _) if c.address.kind == Kind::CloudMapService => {
                    item.status = DriftStatus::Drifted;
                    item.drifted_fields = drifted_only(&c.changes);
                }
                // Gone from the file (or never applied by ecsform): the plan is pending.
                (Action::Delete, _) | (_, None) => {
                    item.pending_fields = pending_only(&c.changes);
                }
                (_, Some(h)) => {
                    let drifted = c.before.as_ref().map(doc_hash).as_ref() != Some(h);
                    let pending = c.desired_hash.as_ref() != Some(h);
                    match (drifted, pending) {
                        (true, true) => {
                            item.status = DriftStatus::DriftedAndPending;
                            split(&mut item, c, live_resource.map(|l| &l.tags), h);
                        }
                        (true, false) => {
                            item.status = DriftStatus::Drifted;
                            item.drifted_fields = drifted_only(&c.changes);
                        }
                        // Adopted or tag-only differences count as pending.
                        (false, _) => item.pending_fields = pending_only(&c.changes),
                    }
                }
            }
            // Why it drifted, where the plan knows more than the fields say (a service on
            // a revision ecsform did not register; a Cloud Map service ECS left over).
            if item.reason.is_none() {
                item.reason = drift_reason(c);
            }
            if let Some(why) =
                crate::kinds::task_definition::foreign_revisions(c, live, &desired.stack)
            {
                item.status = match item.status {
                    DriftStatus::InSync | DriftStatus::Drifted => DriftStatus::Drifted,
                    DriftStatus::Pending | DriftStatus::DriftedAndPending => {
                        DriftStatus::DriftedAndPending
                    }
                    other => other,
                };
                item.reason = Some(match item.reason.take() {
                    Some(r) => format!("{r}; {why}"),
                    None => why,
                });
            }
            item
        })
        .collect();
    DriftReport {
        stack: desired.stack.clone(),
        items,
    }
}

/// The fields of a resource only live changed: the file's is what was applied.
fn drifted_only(changes: &[FieldChange]) -> Vec<FieldDrift> {
    changes
        .iter()
        .map(|f| FieldDrift {
            path: f.path.clone(),
            applied: f.after.clone(),
            applied_known: true,
            now: f.before.clone(),
        })
        .collect()
}

/// The fields of a resource only the file changed: live is what was applied.
fn pending_only(changes: &[FieldChange]) -> Vec<FieldDrift> {
    changes
        .iter()
        .map(|f| FieldDrift {
            path: f.path.clone(),
            applied: f.before.clone(),
            applied_known: true,
            now: f.after.clone(),
        })
        .collect()
}

/// Splits a resource changed both in the file and by hand into drifted and pending
/// fields, from the applied document its field codes rebuild; without them, every
/// field is listed on both sides with its applied value unknown, and the reason says so.
fn split(
    item: &mut DriftItem,
    c: &crate::plan::Change,
    tags: Option<&std::collections::BTreeMap<String, String>>,
    hash: &str,
) {
    let codes = tags.and_then(stamp::read_field_codes);
    let recorded = codes.is_some();
    let rebuilt = match (&c.before, &c.after, codes) {
        (Some(l), Some(d), Some((codes, complete))) => stamp::rebuild(l, d, &codes, complete, hash),
        _ => None,
    };
    let Some(applied) = rebuilt else {
        let why = if recorded {
            "its document was too big to record every field within its tags"
        } else {
            "no field codes are recorded on it: an autoscaling resource, or applied by an older ecsform"
        };
        item.reason = Some(format!(
            "changed both in the file and outside ecsform; what was applied cannot be told field by field ({why}), so each field that differs is listed on both sides"
        ));
        for f in &c.changes {
            let unknown = |now: &Option<Value>| FieldDrift {
                path: f.path.clone(),
                applied: None,
                applied_known: false,
                now: now.clone(),
            };
            item.drifted_fields.push(unknown(&f.before));
            item.pending_fields.push(unknown(&f.after));
        }
        return;
    };
    let fields = |now: &Value| -> Vec<FieldDrift> {
        diff(c.address.kind, &applied, now)
            .into_iter()
            .map(|f| {
                let known = f.before.as_ref() != Some(&Value::String(UNKNOWN.to_owned()));
                FieldDrift {
                    path: f.path,
                    applied: if known { f.before } else { None },
                    applied_known: known,
                    now: f.after,
                }
            })
            .collect()
    };
    if let (Some(l), Some(d)) = (&c.before, &c.after) {
        item.drifted_fields = fields(l);
        item.pending_fields = fields(d);
    }
}
