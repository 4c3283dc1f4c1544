//! Saved plans: what `ecsform plan --out FILE` writes and `ecsform apply FILE` carries
//! out, as a reviewed artefact.
//!
//! A saved plan holds the plan (its changes with their before and after documents), the
//! stack file's resolved documents the requests are built from, the stack's identity
//! (name and region) and the `--target`s it was made with, and a digest of all of it:
//! `sha256:` and the SHA-256 of the file's JSON without its `digest` member, object keys
//! sorted at every level, no whitespace ([`digest_of`]). Everything apply reads is under
//! the digest, so a file whose content moved by one byte is refused
//! ([`SavedPlan::from_json`]).
//!
//! A digest anyone can compute again proves only that the file is what its digest names;
//! people compare it with the one they reviewed (every view of the plan prints it). And
//! because the requests are built from the desired documents, not from the plan's
//! normalized `after`, [`SavedPlan::check_against`] plans again from those documents and
//! the live state just read, and requires exactly the saved changes: desired documents
//! edited under a recomputed digest are refused too, as is a plan that live AWS has moved
//! away from (with what moved).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use ecsform_model::desired::DesiredState;
use ecsform_model::live::LiveState;
use ecsform_model::{Address, Doc, Kind};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::diff::diff;
use crate::plan::{Change, Plan, PlanOptions, fingerprint, plan};

/// The format of saved plans. `/2`: with the digest, the identity and the targets. `/3`:
/// field paths name the elements of keyed lists (`settings[containerInsights].value`),
/// so a `/2` plan's changes are not the ones this ecsform plans again.
pub const SAVED_PLAN_FORMAT: &str = "ecsform-saved-plan/3";

/// How many field paths a message names before "and N more".
const MAX_PATHS: usize = 8;

/// A saved plan, as written to and read from its file (JSON).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedPlan {
    /// Always [`SAVED_PLAN_FORMAT`].
    pub format: String,
    /// `sha256:<64 hex digits>` of everything else in the file ([`digest_of`]).
    pub digest: String,
    /// The ecsform that made it (`ecsform 0.1.0`); another one refuses to apply it.
    pub made_by: String,
    /// The stack.
    pub stack: String,
    /// The region the plan was made in (the file's, or the AWS configuration's), when
    /// known.
    pub region: Option<String>,
    /// The `--target`s it was made with (empty: the whole stack).
    pub targets: Vec<Address>,
    /// The services `--force-new-deployment` named (empty: none).
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub redeploy: BTreeSet<String>,
    /// The stack file's resolved documents, which the requests are built from.
    pub desired: DesiredState,
    /// The plan. Its `api_calls` is 0: how many calls a read took is not part of a plan,
    /// so that the same plan of the same live state has the same digest.
    pub plan: Plan,
    /// The values of the stack's sensitive variables, masked when the plan is shown
    /// again (the saved plan holds them anyway: keep it private).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sensitive: Vec<String>,
}

/// Why a saved plan is not applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SavedPlanError {
    /// Not JSON, or not a saved plan's shape.
    #[error("{0}")]
    NotASavedPlan(String),
    /// Another format (another ecsform version).
    #[error("it has format `{found}`; this ecsform reads `{SAVED_PLAN_FORMAT}`")]
    Format {
        /// The file's format.
        found: String,
    },
    /// The content is not what the digest names: edited or damaged.
    #[error(
        "the saved plan's content does not match its digest: the file names {stored}, its content is {computed}"
    )]
    Digest {
        /// The digest the file carries.
        stored: String,
        /// The digest of its content.
        computed: String,
    },
    /// The stack named in one place of the file is not the one named in another.
    #[error("{0}")]
    Identity(String),
    /// Live AWS moved since the plan read it: one line per resource, what moved.
    #[error("the saved plan is stale")]
    Stale(Vec<String>),
    /// The desired documents do not give the saved changes: one line per difference.
    #[error("the saved plan's changes do not follow from its desired documents")]
    Mismatch(Vec<String>),
}

/// The digest of a saved plan's JSON: `sha256:` and the hex SHA-256 of the JSON without
/// its top-level `digest` member, object keys sorted at every level, no whitespace.
#[must_use]
pub fn digest_of(saved: &Value) -> String {
    use sha2::Digest as _;
    let mut content = saved.clone();
    if let Value::Object(m) = &mut content {
        m.remove("digest");
    }
    let text = ecsform_model::canonical(&content).to_string();
    let hash = sha2::Sha256::digest(text.as_bytes());
    let mut out = String::from("sha256:");
    for b in hash {
        let _ = write!(out, "{b:02x}");
    }
    out
}

impl SavedPlan {
    /// A saved plan of `plan`, made from `desired` (with the `options`' targets and
    /// services to redeploy) in `region`, with its digest.
    ///
    /// # Errors
    /// When the plan cannot be serialized (it always can: documents are JSON).
    pub fn new(
        made_by: &str,
        region: Option<String>,
        options: &PlanOptions,
        desired: &DesiredState,
        plan: &Plan,
        sensitive: Vec<String>,
    ) -> Result<Self, serde_json::Error> {
        let mut saved = Self {
            format: SAVED_PLAN_FORMAT.to_owned(),
            digest: String::new(),
            made_by: made_by.to_owned(),
            stack: plan.stack.clone(),
            region,
            targets: options.targets.clone(),
            redeploy: options.redeploy.clone(),
            desired: desired.clone(),
            plan: Plan {
                api_calls: 0,
                ..plan.clone()
            },
            sensitive,
        };
        saved.digest = digest_of(&serde_json::to_value(&saved)?);
        Ok(saved)
    }

    /// The file's text.
    ///
    /// # Errors
    /// When the plan cannot be serialized (it always can: documents are JSON).
    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        serde_json::to_string(self)
    }

    /// Reads a saved plan, refusing it unless its content matches its digest and it
    /// names one stack throughout.
    ///
    /// # Errors
    /// Not JSON or not a saved plan, another format, a digest mismatch, or two stacks.
    pub fn from_json(text: &str) -> Result<Self, SavedPlanError> {
        let value: Value =
            serde_json::from_str(text).map_err(|e| SavedPlanError::NotASavedPlan(e.to_string()))?;
        let format = value
            .get("format")
            .and_then(Value::as_str)
            .ok_or_else(|| SavedPlanError::NotASavedPlan("it has no `format`".into()))?;
        if format != SAVED_PLAN_FORMAT {
            return Err(SavedPlanError::Format {
                found: format.to_owned(),
            });
        }
        let stored = value
            .get("digest")
            .and_then(Value::as_str)
            .ok_or_else(|| SavedPlanError::NotASavedPlan("it has no `digest`".into()))?
            .to_owned();
        let computed = digest_of(&value);
        if stored != computed {
            return Err(SavedPlanError::Digest { stored, computed });
        }
        let saved: Self = serde_json::from_value(value)
            .map_err(|e| SavedPlanError::NotASavedPlan(e.to_string()))?;
        if saved.plan.stack != saved.stack || saved.desired.stack != saved.stack {
            return Err(SavedPlanError::Identity(format!(
                "the saved plan names stack `{}`, its plan stack `{}` and its documents stack `{}`",
                saved.stack, saved.plan.stack, saved.desired.stack
            )));
        }
        Ok(saved)
    }

    /// Checks the saved plan against live AWS as just read: every resource the plan read
    /// is as it was (else [`SavedPlanError::Stale`], naming what moved), and planning
    /// again from the saved documents gives exactly the saved changes (else
    /// [`SavedPlanError::Mismatch`]). `Ok`: applying the saved changes with the saved
    /// documents does what the plan shows.
    ///
    /// # Errors
    /// Stale or mismatching, as above.
    pub fn check_against(&self, live: &LiveState) -> Result<(), SavedPlanError> {
        let again = plan(
            &self.desired,
            live,
            &PlanOptions {
                targets: self.targets.clone(),
                redeploy: self.redeploy.clone(),
            },
        );
        let again_by: BTreeMap<&Address, &Change> = match &again {
            Ok(p) => p.changes.iter().map(|c| (&c.address, c)).collect(),
            Err(_) => BTreeMap::new(),
        };

        let mut stale = Vec::new();
        for c in &self.plan.changes {
            let now = live.get(&c.address);
            match (&c.live_fingerprint, now) {
                (None, None) => {}
                (Some(was), Some(l)) if *was == fingerprint(l) => {}
                (Some(_), Some(_)) => {
                    let paths = match (&c.before, again_by.get(&c.address)) {
                        (
                            Some(was),
                            Some(Change {
                                before: Some(is), ..
                            }),
                        ) => changed_paths(c.address.kind, was, is),
                        _ => Vec::new(),
                    };
                    if paths.is_empty() {
                        stale.push(format!(
                            "{} changed in AWS since the plan (in its tags or in fields ecsform does not compare)",
                            c.address
                        ));
                    } else {
                        stale.push(format!(
                            "{} changed in AWS since the plan: {}",
                            c.address,
                            paths_text(&paths)
                        ));
                    }
                }
                (None, Some(_)) => stale.push(format!(
                    "{} was created in AWS since the plan was made",
                    c.address
                )),
                (Some(_), None) => stale.push(format!(
                    "{} was deleted from AWS since the plan was made",
                    c.address
                )),
            }
        }
        // A live resource of the file or the stack the plan does not list (it lists every
        // one, unchanged ones too): it appeared since (an orphan the plan would have
        // deleted), or the plan was edited.
        let saved_addresses: std::collections::BTreeSet<&Address> =
            self.plan.changes.iter().map(|c| &c.address).collect();
        for (address, c) in &again_by {
            if !saved_addresses.contains(address) && c.live_fingerprint.is_some() {
                stale.push(format!(
                    "{address} is in AWS but not in the plan: it appeared since the plan was made"
                ));
            }
        }
        if !stale.is_empty() {
            return Err(SavedPlanError::Stale(stale));
        }

        let again = match &again {
            Ok(p) => p,
            Err(e) => {
                return Err(SavedPlanError::Mismatch(vec![format!(
                    "planning again from the saved documents fails: {e}"
                )]));
            }
        };
        let mut mismatch = Vec::new();
        for c in &self.plan.changes {
            let Some(d) = again_by.get(&c.address) else {
                mismatch.push(format!(
                    "{}: in the plan, but the saved documents give no change for it",
                    c.address
                ));
                continue;
            };
            if c == *d {
                continue;
            }
            if c.action != d.action {
                mismatch.push(format!(
                    "{}: the plan shows {} but the saved documents give {}",
                    c.address,
                    c.action.names().join("+"),
                    d.action.names().join("+")
                ));
            } else if c.after != d.after {
                let empty = Value::Object(serde_json::Map::new());
                let paths = changed_paths(
                    c.address.kind,
                    c.after.as_ref().unwrap_or(&empty),
                    d.after.as_ref().unwrap_or(&empty),
                );
                mismatch.push(format!(
                    "{}: the saved documents give another `after` than the plan shows: {}",
                    c.address,
                    paths_text(&paths)
                ));
            } else {
                mismatch.push(format!(
                    "{}: the saved documents give another change than the plan shows",
                    c.address
                ));
            }
        }
        for address in again_by.keys() {
            if !saved_addresses.contains(address) {
                mismatch.push(format!(
                    "{address}: the saved documents give a change the plan does not show"
                ));
            }
        }
        if mismatch.is_empty() && (again.edges != self.plan.edges || again.stack != self.stack) {
            mismatch
                .push("the order of the changes is not the one the saved documents give".into());
        }
        if mismatch.is_empty() {
            Ok(())
        } else {
            Err(SavedPlanError::Mismatch(mismatch))
        }
    }
}

/// The paths at which two documents differ.
fn changed_paths(kind: Kind, before: &Doc, after: &Doc) -> Vec<String> {
    diff(kind, before, after)
        .into_iter()
        .map(|f| f.path)
        .collect()
}

/// "a, b, c" or "a, b, ... and 3 more".
fn paths_text(paths: &[String]) -> String {
    if paths.len() <= MAX_PATHS {
        return paths.join(", ");
    }
    format!(
        "{} and {} more",
        paths[..MAX_PATHS].join(", "),
        paths.len() - MAX_PATHS
    )
}

#[cfg(test)]
mod tests;
