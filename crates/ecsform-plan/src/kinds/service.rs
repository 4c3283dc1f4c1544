//! A service in the plan: when an update of a service starts a new deployment, and when
//! apply has to ask for one; what its deployment controller refuses. (Its model
//! knowledge, replacement fields included, is `ecsform_model::kinds::service`.)
//!
//! AWS's UpdateService reference says of each request parameter whether it "triggers a
//! new service deployment" (the running tasks are replaced by tasks with the new
//! configuration) or "doesn't trigger a new service deployment" (the running tasks go on
//! as they are):
//!
//! - It triggers one: `taskDefinition`, `networkConfiguration`, `platformVersion`,
//!   `loadBalancers`, `serviceRegistries`, `serviceConnectConfiguration`,
//!   `volumeConfigurations`, `vpcLatticeConfigurations`. ecsform also sends
//!   `forceNewDeployment` with a changed `capacityProviderStrategy` (AWS requires it:
//!   "you must force a new deployment", UpdateService's `capacityProviderStrategy`).
//! - It does not, and the setting is one of the tasks, which only new tasks get:
//!   `propagateTags` and `enableECSManagedTags` ("Only tasks launched after the update
//!   will reflect the update. To update the tags on all tasks, set forceNewDeployment to
//!   true, so that Amazon ECS starts new tasks with the updated tags"), and
//!   `enableExecuteCommand` (the ECS Exec guide: it cannot be turned on for running
//!   tasks, only for new ones; AWS's workshop runs `update-service
//!   --enable-execute-command --force-new-deployment`). A change of one of these, in an
//!   update that starts no deployment of its own, makes apply send `forceNewDeployment:
//!   true` ([`NEW_TASKS_ONLY`]): otherwise the file says Exec is on while no running task
//!   has it.
//! - It does not, and running tasks keep what they have, but replacing every task for it
//!   would surprise more than it helps: `placementConstraints` and `placementStrategy`
//!   (where tasks go: running tasks stay where they are), and the service's `tags` under
//!   `propagateTags: SERVICE` (TagResource; running tasks keep the tags they were started
//!   with). The plan says so plainly, and `--force-new-deployment` replaces the tasks.
//! - It does not, and it is not a setting of the tasks: `desiredCount`,
//!   `deploymentConfiguration`, `healthCheckGracePeriodSeconds`,
//!   `availabilityZoneRebalancing`: nothing to say.
//!
//! Under the CODE_DEPLOY and EXTERNAL deployment controllers a new deployment is not
//! UpdateService's to start (CodeDeploy's CreateDeployment, or CreateTaskSet): the plan
//! says that running tasks keep the old setting, and `--force-new-deployment` is refused.

use std::collections::{BTreeMap, BTreeSet};

use ecsform_model::compare::compare;
use ecsform_model::desired::{DesiredState, task_definition_family, task_definition_revision};
use ecsform_model::live::LiveState;
use ecsform_model::normalize::Context;
use ecsform_model::{Address, Doc, Kind};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::diff::{FieldChange, diff};
use crate::kinds::top_field;
use crate::plan::{FOREIGN_REVISION, UNKNOWN};

/// Why apply starts a new deployment of a service (UpdateService `forceNewDeployment`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NewDeployment {
    /// Asked for with `--force-new-deployment`.
    Requested,
    /// These fields changed, which only new tasks get, and nothing else of the update
    /// starts a deployment.
    NewTasksOnly(Vec<String>),
}

impl NewDeployment {
    /// `"requested"` or `"new_tasks_only"`, for the JSON view.
    #[must_use]
    pub fn reason(&self) -> &'static str {
        match self {
            Self::Requested => "requested",
            Self::NewTasksOnly(_) => "new_tasks_only",
        }
    }

    /// The fields that call for it (none when requested).
    #[must_use]
    pub fn fields(&self) -> &[String] {
        match self {
            Self::Requested => &[],
            Self::NewTasksOnly(f) => f,
        }
    }
}

/// UpdateService parameters that "trigger a new service deployment" (UpdateService API
/// reference), and `capacityProviderStrategy`, with which ecsform forces one.
pub const STARTS_DEPLOYMENT: &[&str] = &[
    "taskDefinition",
    "networkConfiguration",
    "platformVersion",
    "loadBalancers",
    "serviceRegistries",
    "serviceConnectConfiguration",
    "volumeConfigurations",
    "vpcLatticeConfigurations",
    "capacityProviderStrategy",
];

/// Settings of the tasks that only tasks started after the update get, and whose update
/// starts no deployment: apply forces one when they change.
pub const NEW_TASKS_ONLY: &[&str] = &[
    "enableExecuteCommand",
    "propagateTags",
    "enableECSManagedTags",
];

/// Where tasks are placed: running tasks stay where they are (no deployment is forced).
const PLACEMENT: &[&str] = &["placementConstraints", "placementStrategy"];

/// The changed top-level fields of `changes` among `fields`, each once, in `fields`' order.
fn changed<'f>(changes: &[FieldChange], fields: &[&'f str]) -> Vec<&'f str> {
    fields
        .iter()
        .filter(|f| changes.iter().any(|c| top_field(&c.path) == **f))
        .copied()
        .collect()
}

/// What the update of a live service does to its running tasks: the new deployment
/// apply starts (`None`: none besides the one the update starts by itself), with the
/// notes that say so. `controller` is the live service's deployment controller,
/// `requested` whether `--force-new-deployment` names the service, `after` the desired
/// document.
#[must_use]
pub fn decide(
    changes: &[FieldChange],
    after: &Value,
    controller: &str,
    requested: bool,
    name: &str,
    notes: &mut Vec<String>,
) -> Option<NewDeployment> {
    let starts = changed(changes, STARTS_DEPLOYMENT);
    let new_tasks = changed(changes, NEW_TASKS_ONLY);
    let placement = changed(changes, PLACEMENT);
    let service_tags = changes.iter().any(|c| top_field(&c.path) == "tags")
        && after.get("propagateTags").and_then(Value::as_str) == Some("SERVICE");
    if controller != "ECS" {
        // Refused by the plan before this is asked (see `plan`): kept for safety.
        if !new_tasks.is_empty() || !placement.is_empty() || service_tags {
            notes.push(format!(
                "running tasks keep their old settings until replaced: under the {controller} deployment controller a new deployment is not UpdateService's to start"
            ));
        }
        return None;
    }
    if requested {
        if starts.is_empty() {
            notes.push("new deployment (--force-new-deployment): ECS replaces every running task with a new one".to_owned());
        } else {
            notes.push(format!(
                "new deployment (--force-new-deployment): ECS replaces every running task; the change of {} starts one anyway",
                starts.join(", ")
            ));
        }
        return Some(NewDeployment::Requested);
    }
    if !starts.is_empty() {
        return None;
    }
    let mut forced = None;
    if !new_tasks.is_empty() {
        notes.push(format!(
            "new deployment: {} {} only to tasks started after the update, so apply starts one (forceNewDeployment); running tasks keep the old setting until replaced",
            new_tasks.join(", "),
            if new_tasks.len() == 1 { "applies" } else { "apply" }
        ));
        forced = Some(NewDeployment::NewTasksOnly(
            new_tasks.iter().map(|f| (*f).to_owned()).collect(),
        ));
    }
    if forced.is_none() {
        let mut what = Vec::new();
        if !placement.is_empty() {
            what.push(format!(
                "running tasks stay where they were placed ({} apply to new tasks)",
                placement.join(", ")
            ));
        }
        if service_tags {
            what.push("running tasks keep the service's old tags (propagateTags: SERVICE tags new tasks only)".to_owned());
        }
        if !what.is_empty() {
            notes.push(format!(
                "no new deployment: {}; `--force-new-deployment {name}` replaces them",
                what.join("; ")
            ));
        }
    }
    forced
}

/// The top-level fields of a service's changes that UpdateService cannot change under
/// its deployment `controller` (see [`ecsform_model::updatable_under_controller`]); none
/// under `ECS`.
#[must_use]
pub fn refused_by_controller<'c>(controller: &str, changes: &'c [FieldChange]) -> Vec<&'c str> {
    let Some(allowed) = ecsform_model::updatable_under_controller(controller) else {
        return Vec::new();
    };
    let mut refused: Vec<&str> = changes
        .iter()
        .map(|c| top_field(&c.path))
        .filter(|f| !allowed.contains(f))
        .collect();
    refused.dedup();
    refused
}

/// A service naming a family of the file without a revision runs the revision the plan
/// produces for it.
pub(crate) fn pin_task_definition(
    doc: &mut Doc,
    revisions: &BTreeMap<String, Option<i64>>,
    unknown: &mut Vec<String>,
) {
    let Some(reference) = doc.get("taskDefinition").and_then(Value::as_str) else {
        return;
    };
    if reference.starts_with("arn:") || task_definition_revision(reference).is_some() {
        return;
    }
    let family = task_definition_family(reference).to_owned();
    let Some(revision) = revisions.get(&family) else {
        return;
    };
    let pinned = match revision {
        Some(n) => format!("{family}:{n}"),
        None => {
            unknown.push("taskDefinition".into());
            format!("{family}:{UNKNOWN}")
        }
    };
    if let Value::Object(m) = doc {
        m.insert("taskDefinition".into(), Value::String(pinned));
    }
}

/// A service pinned to its family's live revision that runs another revision of the
/// family: when the stack registered that one (tag `ecsform:stack=<stack>`) and its
/// content is what the file says (the task definition compared as the plan compares it),
/// the service stays on it: two runs that registered the same document (two applies at
/// once, or a registration whose response was lost) leave identical revisions, and
/// moving a service between them would start a deployment for nothing. A revision the
/// stack did not register (made by hand and deployed with UpdateService) is not kept:
/// the service goes back to the stack's revision; the returned note says so.
pub(crate) fn keep_identical_revision(
    doc: &mut Doc,
    service: &ecsform_model::desired::Resource,
    desired: &DesiredState,
    live: &LiveState,
    unchanged: &BTreeSet<String>,
    ctx: &Context<'_>,
) -> Option<String> {
    let pinned = doc.get("taskDefinition").and_then(Value::as_str)?;
    let family = task_definition_family(pinned).to_owned();
    let pinned_revision = task_definition_revision(pinned)?;
    if !unchanged.contains(&family) {
        return None;
    }
    let running = live
        .get(&service.address)?
        .doc
        .get("taskDefinition")
        .and_then(Value::as_str)?;
    let running_revision = task_definition_revision(running)?;
    if task_definition_family(running) != family || running_revision == pinned_revision {
        return None;
    }
    let revision = live
        .running_revisions
        .get(&format!("{family}:{running_revision}"))?;
    if revision.owner() != Some(desired.stack.as_str()) {
        return Some(format!(
            "runs {family}:{running_revision}, {FOREIGN_REVISION} (it has no ecsform:stack={} tag): goes back to {family}:{pinned_revision}",
            desired.stack
        ));
    }
    let file = desired.get(&Address::new(Kind::TaskDefinition, &family))?;
    let compared = compare(Kind::TaskDefinition, &file.doc, Some(&revision.doc), ctx);
    let identical = diff(
        Kind::TaskDefinition,
        &compared.before.unwrap_or_default(),
        &compared.after,
    )
    .is_empty();
    if identical && let Value::Object(m) = doc {
        m.insert(
            "taskDefinition".into(),
            Value::String(format!("{family}:{running_revision}")),
        );
    }
    None
}
