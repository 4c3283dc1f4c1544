//! The plan: one change per resource, with the before and after documents, the changed
//! fields and the reasons shown to people, in an order apply can follow.

use std::collections::{BTreeMap, BTreeSet};

use ecsform_model::compare::{compare, live_alone};
use ecsform_model::desired::{DesiredState, task_definition_family, task_definition_revision};
use ecsform_model::live::LiveState;
use ecsform_model::normalize::Context;
use ecsform_model::{Address, Doc, Kind, doc_hash, graph};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::diff::{FieldChange, diff};
use crate::order::order;

pub use crate::kinds::service::{
    NEW_TASKS_ONLY, NewDeployment, STARTS_DEPLOYMENT, refused_by_controller,
};
use crate::kinds::top_field;

/// How a replacement proceeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReplaceOrder {
    /// The new resource first, then the old one goes (target groups: nothing is left
    /// without one in between).
    CreateBeforeDestroy,
    /// The old one goes first (names must be free: services, namespaces, load balancers).
    DestroyBeforeCreate,
}

/// What a change does. The before/after contract of each variant:
/// - `NoOp`: before and after both present and equal once normalized.
/// - `Create`: no before; after is the file's document.
/// - `Update`: both present; AWS can apply the difference in place (for a task
///   definition: registers a new revision), or (a service, `new_deployment` set) its
///   tasks are replaced by a new deployment though its document does not change.
/// - `Replace`: both present; some changed field cannot be updated in place.
/// - `Delete`: before present, no after; only for resources tagged with this stack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum Action {
    /// Nothing to do.
    NoOp,
    /// Create.
    Create,
    /// Update in place.
    Update,
    /// Replace.
    Replace {
        /// Create-then-delete or delete-then-create.
        order: ReplaceOrder,
        /// The fields that force it.
        forced_by: Vec<String>,
    },
    /// Delete.
    Delete,
}

impl Action {
    /// Terraform-like action names for JSON output.
    #[must_use]
    pub fn names(&self) -> &'static [&'static str] {
        match self {
            Self::NoOp => &["no-op"],
            Self::Create => &["create"],
            Self::Update => &["update"],
            Self::Replace {
                order: ReplaceOrder::CreateBeforeDestroy,
                ..
            } => &["create", "delete"],
            Self::Replace {
                order: ReplaceOrder::DestroyBeforeCreate,
                ..
            } => &["delete", "create"],
            Self::Delete => &["delete"],
        }
    }

    /// The symbol of the human view.
    #[must_use]
    pub fn symbol(&self) -> &'static str {
        match self {
            Self::NoOp => " ",
            Self::Create => "+",
            Self::Update => "~",
            Self::Replace {
                order: ReplaceOrder::CreateBeforeDestroy,
                ..
            } => "+/-",
            Self::Replace {
                order: ReplaceOrder::DestroyBeforeCreate,
                ..
            } => "-/+",
            Self::Delete => "-",
        }
    }
}

/// The change of one resource.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// The resource.
    pub address: Address,
    /// What happens to it.
    pub action: Action,
    /// Live, normalized (`None` when it does not exist).
    pub before: Option<Doc>,
    /// Desired, normalized (`None` for a delete).
    pub after: Option<Doc>,
    /// The fields that change, with before and after values.
    pub changes: Vec<FieldChange>,
    /// Paths of `after` whose values are known only after apply.
    pub after_unknown: Vec<String>,
    /// Reasons and remarks for people ("desiredCount is owned by autoscaling"). Views
    /// show them; apply never reads them.
    pub notes: Vec<String>,
    /// An existing, untagged resource the file names and consents to adopt
    /// (`lifecycle.adopt`): the change adds the ownership tag.
    pub adopt: bool,
    /// For a task definition: the revision the stack runs after apply (`None`: not
    /// known until AWS registers it).
    pub revision: Option<i64>,
    /// The live resource's ARN.
    pub live_arn: Option<String>,
    /// A fingerprint of the live resource as read (document and tags), so that a saved
    /// plan can tell that live state moved since.
    pub live_fingerprint: Option<String>,
    /// The hash of the desired document, written into the `ecsform:hash` tag on apply.
    pub desired_hash: Option<String>,
    /// For a service: the new deployment apply starts (UpdateService
    /// `forceNewDeployment`), besides any the update starts by itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_deployment: Option<NewDeployment>,
}

/// The whole plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// The stack.
    pub stack: String,
    /// One change per resource of the file or of the stack's tagged live resources, in
    /// an order apply can follow.
    pub changes: Vec<Change>,
    /// `(dependent, dependency)`: the dependent's change waits for the dependency's.
    pub edges: Vec<(Address, Address)>,
    /// AWS API calls the read of live state took.
    pub api_calls: usize,
}

/// Counts by action, as in "Plan: 1 to add, 2 to change, 0 to replace, 0 to destroy."
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Creates.
    pub add: usize,
    /// In-place updates.
    pub change: usize,
    /// Replacements.
    pub replace: usize,
    /// Deletes.
    pub destroy: usize,
    /// Adoptions (each also counted as a change or a replacement).
    pub adopt: usize,
}

impl Plan {
    /// Counts by action.
    #[must_use]
    pub fn summary(&self) -> Summary {
        let mut s = Summary::default();
        for c in &self.changes {
            if c.adopt {
                s.adopt += 1;
            }
            match c.action {
                Action::NoOp => {}
                Action::Create => s.add += 1,
                Action::Update => s.change += 1,
                Action::Replace { .. } => s.replace += 1,
                Action::Delete => s.destroy += 1,
            }
        }
        s
    }

    /// Whether anything is to be done.
    #[must_use]
    pub fn has_changes(&self) -> bool {
        self.changes.iter().any(|c| c.action != Action::NoOp)
    }

    /// What the plan deletes, for the guard against losing data (see [`Deletions`]).
    #[must_use]
    pub fn deletions(&self) -> Deletions {
        let mut d = Deletions::default();
        for c in &self.changes {
            if c.live_arn.is_some() {
                d.existing += 1;
            }
            if c.action != Action::Delete {
                continue;
            }
            if c.address.kind == Kind::Service {
                d.services.push(c.address.clone());
            } else {
                d.others += 1;
            }
        }
        d
    }
}

/// What a plan deletes (replacements not counted: they put the resource back).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Deletions {
    /// The services it deletes.
    pub services: Vec<Address>,
    /// How many other resources it deletes.
    pub others: usize,
    /// How many of the plan's resources exist in AWS.
    pub existing: usize,
}

impl Deletions {
    /// Whether the plan deletes services, or more than half of the resources that exist:
    /// what apply does not do without a person's confirmation or `--allow-delete`.
    #[must_use]
    pub fn needs_confirmation(&self) -> bool {
        let deleted = self.services.len() + self.others;
        !self.services.is_empty() || deleted * 2 > self.existing
    }

    /// "1 service (service.worker) and 2 other resources, of the 9 that exist".
    #[must_use]
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if !self.services.is_empty() {
            let names: Vec<String> = self.services.iter().map(ToString::to_string).collect();
            let what = if self.services.len() == 1 {
                "service"
            } else {
                "services"
            };
            parts.push(format!(
                "{} {what} ({})",
                self.services.len(),
                names.join(", ")
            ));
        }
        if self.others > 0 {
            let other = if self.services.is_empty() {
                ""
            } else {
                "other "
            };
            let what = if self.others == 1 {
                "resource"
            } else {
                "resources"
            };
            parts.push(format!("{} {other}{what}", self.others));
        }
        format!(
            "{}, of the {} that exist",
            parts.join(" and "),
            self.existing
        )
    }
}

/// Planning options.
#[derive(Debug, Clone, Default)]
pub struct PlanOptions {
    /// `--target`: only these resources and what they depend on.
    pub targets: Vec<Address>,
    /// `--force-new-deployment`: the services (names) whose tasks apply replaces with a
    /// new deployment, though their documents may not change.
    pub redeploy: BTreeSet<String>,
}

/// Why no plan could be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    /// The file names a resource that another stack owns.
    #[error(
        "{address} exists and belongs to stack `{owner}` (tag ecsform:stack={owner}); ecsform never touches another stack's resources"
    )]
    OtherStack {
        /// The resource.
        address: Address,
        /// Its owner.
        owner: String,
    },
    /// Dependencies go round in a circle.
    #[error("dependency cycle: {}", .cycle.iter().map(ToString::to_string).collect::<Vec<_>>().join(" -> "))]
    Cycle {
        /// The resources of the cycle, starting from the smallest address.
        cycle: Vec<Address>,
    },
    /// A `--target` names nothing in the file or the stack.
    #[error("--target {0} names no resource of the file or of the stack")]
    UnknownTarget(Address),
    /// `--force-new-deployment` names no service of the file.
    #[error(
        "--force-new-deployment {name}: the file has no service `{name}`{}",
        if .known.is_empty() { " (it has no services)".to_owned() } else { format!(" (its services: {})", .known.join(", ")) }
    )]
    UnknownRedeploy {
        /// The name given.
        name: String,
        /// The file's services.
        known: Vec<String>,
    },
    /// `--force-new-deployment` names a service that the `--target`s leave out.
    #[error(
        "--force-new-deployment {0}: service.{0} is not among the --target resources and what they depend on"
    )]
    RedeployNotTargeted(String),
    /// `--force-new-deployment` names a service whose deployments UpdateService does not
    /// start.
    #[error(
        "--force-new-deployment {name}: service.{name} uses the {controller} deployment controller, under which a new deployment is not UpdateService's to start (that takes {how})"
    )]
    RedeployUnsupported {
        /// The service.
        name: String,
        /// Its deployment controller.
        controller: String,
        /// What starts one instead.
        how: &'static str,
    },
    /// The file names resources that exist without an `ecsform:stack` tag, and does not
    /// consent to adopt them (`lifecycle.adopt`).
    #[error(
        "the file names {} that exist{} in AWS without an ecsform:stack tag (made by hand or by another tool), and does not consent to adopting {}:\n{}\nAdopting tags a resource as this stack's: from then on apply changes it, and destroy deletes it",
        if .resources.len() == 1 { "a resource" } else { "resources" },
        if .resources.len() == 1 { "s" } else { "" },
        if .resources.len() == 1 { "it" } else { "them" },
        .resources.iter().map(|u| format!("  {u}")).collect::<Vec<_>>().join("\n")
    )]
    AdoptWithoutConsent {
        /// The resources, with what the plan would do to them.
        resources: Vec<Unconsented>,
    },
    /// The cluster the stack uses without owning it does not exist.
    #[error(
        "cluster `{0}` does not exist (or is not ACTIVE): the stack runs its services on it without owning it (lifecycle.managed: false), so ecsform does not create it"
    )]
    MissingCluster(String),
    /// A change would delete or replace a resource marked `lifecycle.preventDestroy`.
    #[error("{address} has lifecycle.preventDestroy, but the plan would {what} it{}", if .forced_by.is_empty() { String::new() } else { format!(" (forced by {})", .forced_by.join(", ")) })]
    PreventDestroy {
        /// The resource.
        address: Address,
        /// "replace" or "delete".
        what: &'static str,
        /// The fields forcing a replacement.
        forced_by: Vec<String>,
    },
}

impl PlanError {
    /// The diagnostic code.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Self::AdoptWithoutConsent { .. } => {
                ecsform_spec::Code::PlanAdoptWithoutConsent.as_str()
            }
            Self::MissingCluster(_) => ecsform_spec::Code::PlanMissingCluster.as_str(),
            Self::UnknownRedeploy { .. } => ecsform_spec::Code::PlanUnknownService.as_str(),
            _ => ecsform_spec::Code::PlanError.as_str(),
        }
    }

    /// What to do about it, when there is something to say.
    #[must_use]
    pub fn help(&self) -> Option<&'static str> {
        match self {
            Self::AdoptWithoutConsent { .. } => Some(
                "if they are to be this stack's, add `lifecycle: {adopt: true}` to each of them in the file (`ecsform import` writes it); otherwise rename them in the file",
            ),
            Self::MissingCluster(_) => Some(
                "create the cluster first (its owner's stack, or `aws ecs create-cluster`), check the region, or let this stack own it: drop `lifecycle.managed: false`",
            ),
            Self::UnknownRedeploy { .. } => Some(
                "name a service of the file (`NAME` or `service.NAME`), or `all` for every one; nothing was read or changed",
            ),
            _ => None,
        }
    }
}

/// A resource the plan would adopt without the file's consent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unconsented {
    /// The resource.
    pub address: Address,
    /// The fields that would force its replacement (empty: updated in place).
    pub forced_by: Vec<String>,
}

impl std::fmt::Display for Unconsented {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.address)?;
        if !self.forced_by.is_empty() {
            write!(
                f,
                " (and replace it, forced by {}: the existing one would be deleted)",
                self.forced_by.join(", ")
            )?;
        }
        Ok(())
    }
}

/// Whether a top-level field forces a replacement: the kind says which AWS cannot change
/// in place ([`ecsform_model::kinds::KindRules::replaced_by`]).
fn forces_replacement(kind: Kind, field: &str) -> bool {
    ecsform_model::kinds::rules(kind)
        .replaced_by
        .contains(&field)
}

/// The order of a kind's replacement
/// ([`ecsform_model::kinds::KindRules::create_before_destroy`]).
/// The note of a target group whose replacement an earlier apply left unfinished (the
/// reader found temporary groups standing for it, [`LiveState::replacing`]): apply
/// resumes it from where live state shows it stopped. `exists`: the group of the file's
/// name exists.
fn resumed_replacement(live: &LiveState, address: &Address, exists: bool) -> Option<String> {
    let temporaries = live.replacing.get(address).filter(|t| !t.is_empty())?;
    let names: Vec<&str> = temporaries
        .iter()
        .map(|arn| ecsform_model::target_group_name(arn))
        .collect();
    let then = if exists {
        "moves the traffic back to this group once it has healthy targets"
    } else {
        "creates this group, moves the traffic to it once it has healthy targets"
    };
    Some(format!(
        "resumes a replacement an earlier apply left unfinished: the traffic is on the temporary group {}; {then}, then deletes the temporary group",
        names.join(", ")
    ))
}

fn replace_order(kind: Kind) -> ReplaceOrder {
    if ecsform_model::kinds::rules(kind).create_before_destroy {
        ReplaceOrder::CreateBeforeDestroy
    } else {
        ReplaceOrder::DestroyBeforeCreate
    }
}

pub(crate) const UNKNOWN: &str = "(known after apply)";

/// Checks that each service `--force-new-deployment` names is one of the file's
/// (before anything is read from AWS).
///
/// # Errors
/// [`PlanError::UnknownRedeploy`] for the first name that is not.
pub fn check_redeploy(desired: &DesiredState, names: &BTreeSet<String>) -> Result<(), PlanError> {
    let known: Vec<String> = desired.names(Kind::Service).map(str::to_owned).collect();
    match names.iter().find(|n| !known.contains(n)) {
        Some(name) => Err(PlanError::UnknownRedeploy {
            name: name.clone(),
            known,
        }),
        None => Ok(()),
    }
}

/// Plans the changes that make live state match the file.
///
/// # Errors
/// When the file names another stack's resource, a `--target` is unknown, a
/// `preventDestroy` resource would be replaced or deleted, or dependencies form a cycle.
pub fn plan(
    desired: &DesiredState,
    live: &LiveState,
    options: &PlanOptions,
) -> Result<Plan, PlanError> {
    check_redeploy(desired, &options.redeploy)?;
    let autoscaled: BTreeSet<String> = desired
        .names(Kind::ScalableTarget)
        .map(str::to_owned)
        .collect();
    let cluster = desired
        .resources
        .iter()
        .find(|r| r.address.kind == Kind::Cluster)
        .map(|r| &r.doc);
    // A cluster the stack only uses: its live settings (default capacity provider
    // strategy, Service Connect namespace) are what its services get.
    let used = desired
        .unmanaged_cluster
        .as_ref()
        .map(|name| Address::new(Kind::Cluster, name));
    let used_live = used.as_ref().and_then(|a| live.get(a));
    if let Some(name) = &desired.unmanaged_cluster
        && used_live.is_none()
        && desired.names(Kind::Service).next().is_some()
    {
        return Err(PlanError::MissingCluster(name.clone()));
    }
    let cluster = cluster.or(used_live.map(|l| &l.doc));
    let ctx = Context::for_cluster(cluster, &live.names_by_arn, &autoscaled);
    let mut unconsented: Vec<Unconsented> = Vec::new();

    let mut changes: Vec<Change> = Vec::new();
    // The revision each family of the file runs after apply.
    let mut revisions: BTreeMap<String, Option<i64>> = BTreeMap::new();
    // The families whose live revision is what the file says (nothing to register).
    let mut unchanged: BTreeSet<String> = BTreeSet::new();
    // Task definitions first: services refer to the revisions they produce.
    let ordered = desired
        .resources
        .iter()
        .filter(|r| r.address.kind == Kind::TaskDefinition)
        .chain(
            desired
                .resources
                .iter()
                .filter(|r| r.address.kind != Kind::TaskDefinition),
        );
    for r in ordered {
        let kind = r.address.kind;
        let mut after_unknown = Vec::new();
        let mut raw = r.doc.clone();
        let mut revision_note = None;
        if kind == Kind::Service {
            crate::kinds::service::pin_task_definition(&mut raw, &revisions, &mut after_unknown);
            revision_note = crate::kinds::service::keep_identical_revision(
                &mut raw, r, desired, live, &unchanged, &ctx,
            );
        }
        let live_r = live.get(&r.address);
        if r.adopt
            && let Some(l) = live_r
        {
            keep_other_tags(&mut raw, &l.doc);
        }
        let compared = compare(kind, &raw, live_r.map(|l| &l.doc), &ctx);
        let after = compared.after;
        let mut notes: Vec<String> = revision_note.into_iter().collect();
        if kind == Kind::Service && autoscaled.contains(&r.address.name) {
            notes.push(format!(
                "desiredCount is owned by autoscaling (scalable_target.{}): set on create, not compared after",
                r.address.name
            ));
        }
        let Some(l) = live_r else {
            let mut after = after;
            // Field ownership: the autoscaler owns desiredCount after creation, but the
            // create itself sets the file's value.
            if kind == Kind::Service
                && let (Some(count), Value::Object(m)) =
                    (raw.get("desiredCount").cloned(), &mut after)
            {
                m.insert("desiredCount".into(), count);
            }
            if kind == Kind::TaskDefinition {
                revisions.insert(r.address.name.clone(), None);
                notes.push("registers the family's first revision".into());
            }
            if kind == Kind::Service && options.redeploy.contains(&r.address.name) {
                notes.push(
                    "--force-new-deployment: the service is created, all its tasks are new".into(),
                );
            }
            if let Some(note) = (ecsform_model::kinds::rules(kind).create_note)(&after) {
                notes.push(note.into());
            }
            if let Some(note) = resumed_replacement(live, &r.address, false) {
                notes.push(note);
            }
            changes.push(Change {
                address: r.address.clone(),
                action: Action::Create,
                before: None,
                changes: diff(kind, &Value::Object(serde_json::Map::new()), &after),
                desired_hash: Some(doc_hash(&after)),
                after: Some(after),
                after_unknown,
                notes,
                adopt: false,
                revision: None,
                live_arn: None,
                live_fingerprint: None,
                new_deployment: None,
            });
            continue;
        };
        let adopt = match l.owner() {
            None => true,
            Some(owner) if owner == desired.stack => false,
            Some(owner) => {
                return Err(PlanError::OtherStack {
                    address: r.address.clone(),
                    owner: owner.to_owned(),
                });
            }
        };
        let before = compared.before.unwrap_or_default();
        let field_changes = diff(kind, &before, &after);
        let forced: Vec<String> = {
            let mut f: Vec<String> = field_changes
                .iter()
                .map(|c| top_field(&c.path))
                .filter(|f| forces_replacement(kind, f))
                .map(str::to_owned)
                .collect();
            f.dedup();
            f
        };
        if adopt && !r.adopt {
            unconsented.push(Unconsented {
                address: r.address.clone(),
                forced_by: forced.clone(),
            });
        }
        let mut action = if !forced.is_empty() {
            if r.prevent_destroy {
                return Err(PlanError::PreventDestroy {
                    address: r.address.clone(),
                    what: "replace",
                    forced_by: forced,
                });
            }
            notes.push(format!("forces replacement: {}", forced.join(", ")));
            Action::Replace {
                order: replace_order(kind),
                forced_by: forced,
            }
        } else if !field_changes.is_empty() || adopt {
            Action::Update
        } else {
            Action::NoOp
        };
        if let Some(note) = resumed_replacement(live, &r.address, true) {
            // The group of the file's name exists: the earlier apply got as far as making
            // it; the traffic still has to come back from the temporary group.
            notes.push(note);
            if !matches!(action, Action::Replace { .. }) {
                action = Action::Replace {
                    order: ReplaceOrder::CreateBeforeDestroy,
                    forced_by: Vec::new(),
                };
            }
        }
        if kind == Kind::Service
            && matches!(action, Action::Update)
            && let Some(controller) = l
                .doc
                .pointer("/deploymentController/type")
                .and_then(Value::as_str)
        {
            let refused = refused_by_controller(controller, &field_changes);
            if !refused.is_empty() {
                let how = if controller == "CODE_DEPLOY" {
                    "a CodeDeploy deployment"
                } else {
                    "a new task set"
                };
                notes.push(format!(
                    "the {controller} deployment controller: UpdateService cannot change {}; apply refuses it (that takes {how})",
                    refused.join(", ")
                ));
            }
        }
        let mut new_deployment = None;
        if kind == Kind::Service {
            let controller = l
                .doc
                .pointer("/deploymentController/type")
                .and_then(Value::as_str)
                .unwrap_or("ECS");
            let requested = options.redeploy.contains(&r.address.name);
            if matches!(action, Action::Replace { .. }) {
                if requested {
                    notes.push(
                        "--force-new-deployment: the service is replaced, all its tasks are new"
                            .into(),
                    );
                }
            } else {
                if requested && controller != "ECS" {
                    return Err(PlanError::RedeployUnsupported {
                        name: r.address.name.clone(),
                        controller: controller.to_owned(),
                        how: if controller == "CODE_DEPLOY" {
                            "a CodeDeploy deployment"
                        } else {
                            "a new task set"
                        },
                    });
                }
                new_deployment = crate::kinds::service::decide(
                    &field_changes,
                    &after,
                    controller,
                    requested,
                    &r.address.name,
                    &mut notes,
                );
                if new_deployment.is_some() && action == Action::NoOp {
                    action = Action::Update;
                }
            }
        }
        if adopt {
            let tags = if r.doc.get("tags").is_some_and(|t| !t.is_null()) {
                "its tags become the file's"
            } else {
                "keeps its other tags"
            };
            let mut note = format!(
                "adopts the existing, untagged resource (lifecycle.adopt): adds the tag ecsform:stack={}, {tags}",
                desired.stack
            );
            if matches!(action, Action::Replace { .. }) {
                note.push_str("; the replacement deletes the existing resource");
            }
            notes.push(note);
        }
        let mut revision = l.revision;
        if kind == Kind::TaskDefinition {
            if field_changes.is_empty() {
                revisions.insert(r.address.name.clone(), l.revision);
                unchanged.insert(r.address.name.clone());
            } else {
                revision = l.revision.map(|n| n + 1);
                revisions.insert(r.address.name.clone(), revision);
                let users: Vec<String> = desired
                    .resources
                    .iter()
                    .filter(|s| s.address.kind == Kind::Service)
                    .filter(|s| {
                        s.doc
                            .get("taskDefinition")
                            .and_then(Value::as_str)
                            .is_some_and(|t| {
                                task_definition_family(t) == r.address.name
                                    && task_definition_revision(t).is_none()
                            })
                    })
                    .map(|s| s.address.to_string())
                    .collect();
                let n = revision.map_or_else(|| UNKNOWN.to_owned(), |n| n.to_string());
                let mut note = format!("registers revision {n} (task definitions are immutable)");
                if !users.is_empty() {
                    note.push_str(&format!("; updates {}", users.join(", ")));
                }
                notes.push(note);
            }
        }
        changes.push(Change {
            address: r.address.clone(),
            action,
            changes: field_changes,
            desired_hash: Some(doc_hash(&after)),
            before: Some(before),
            after: Some(after),
            after_unknown,
            notes,
            adopt,
            revision,
            live_arn: Some(l.arn.clone()),
            live_fingerprint: Some(fingerprint(l)),
            new_deployment,
        });
    }

    if !unconsented.is_empty() {
        unconsented.sort_by(|a, b| a.address.cmp(&b.address));
        return Err(PlanError::AdoptWithoutConsent {
            resources: unconsented,
        });
    }

    // Deletes: what the stack owns and the file no longer names (never a cluster it
    // only uses, even one it once owned).
    for (address, l) in &live.resources {
        if desired.get(address).is_some()
            || l.owner() != Some(desired.stack.as_str())
            || desired.is_unmanaged_cluster(address)
        {
            continue;
        }
        let before = live_alone(address.kind, &l.doc, &ctx);
        changes.push(Change {
            address: address.clone(),
            action: Action::Delete,
            changes: diff(
                address.kind,
                &before,
                &Value::Object(serde_json::Map::new()),
            ),
            before: Some(before),
            after: None,
            after_unknown: Vec::new(),
            notes: vec![if address.kind == Kind::CloudMapService {
                format!("{LEFTOVER_CLOUD_MAP_SERVICE} in a namespace of the stack, and no service of the stack uses it any more: left over (an interrupted service delete, Service Connect disabled, a discovery name changed)")
            } else {
                format!(
                    "tagged ecsform:stack={} and no longer in the file",
                    desired.stack
                )
            }],
            adopt: false,
            revision: l.revision,
            live_arn: Some(l.arn.clone()),
            live_fingerprint: Some(fingerprint(l)),
            desired_hash: None,
            new_deployment: None,
        });
    }

    let edges = plan_edges(&changes);
    let mut plan = Plan {
        stack: desired.stack.clone(),
        changes,
        edges,
        api_calls: live.api_calls,
    };
    if !options.targets.is_empty() {
        restrict(&mut plan, &options.targets)?;
        let kept: BTreeSet<&Address> = plan.changes.iter().map(|c| &c.address).collect();
        if let Some(name) = options
            .redeploy
            .iter()
            .find(|n| !kept.contains(&Address::new(Kind::Service, n.as_str())))
        {
            return Err(PlanError::RedeployNotTargeted(name.clone()));
        }
    }
    order(&mut plan)?;
    Ok(plan)
}

/// A resource the file consents to adopt (`lifecycle.adopt`) and whose entry gives no
/// `tags`: its live tags other than ecsform's (and AWS's reserved `aws:` ones) are
/// desired as they are, so that they are neither compared nor removed. An entry that
/// gives `tags` (even `[]`) manages them all: the comparison rule resets them to the
/// file's.
fn keep_other_tags(doc: &mut Doc, live: &Doc) {
    let Value::Object(m) = doc else {
        return;
    };
    if m.get("tags").is_some_and(|t| !t.is_null()) {
        return;
    }
    let Some(Value::Array(tags)) = live.get("tags") else {
        return;
    };
    let kept: Vec<Value> = tags
        .iter()
        .filter(|t| {
            t.get("key")
                .and_then(Value::as_str)
                .is_some_and(ecsform_model::normalize::managed_tag_key)
        })
        .cloned()
        .collect();
    if !kept.is_empty() {
        m.insert("tags".into(), Value::Array(kept));
    }
}

/// How the note of a service running a revision the stack did not register says so.
pub(crate) const FOREIGN_REVISION: &str = "a revision ecsform did not register";

/// How the note of a leftover Cloud Map service begins.
pub(crate) const LEFTOVER_CLOUD_MAP_SERVICE: &str = "made by ECS for Service Connect";

pub(crate) fn fingerprint(l: &ecsform_model::live::LiveResource) -> String {
    doc_hash(&serde_json::json!({"doc": l.doc, "tags": l.tags}))
}

/// Why a saved plan no longer fits live AWS: each change whose resource moved since the
/// plan read it (changed, appeared or disappeared), with what happened. Empty: the plan
/// still applies as saved.
#[must_use]
pub fn stale_changes(plan: &Plan, live: &LiveState) -> Vec<(Address, &'static str)> {
    plan.changes
        .iter()
        .filter_map(|c| {
            let now = live.get(&c.address).map(fingerprint);
            let what = match (&c.live_fingerprint, &now) {
                (None, None) => return None,
                (Some(a), Some(b)) if a == b => return None,
                (Some(_), Some(_)) => "changed in AWS since the plan was made",
                (None, Some(_)) => "was created in AWS since the plan was made",
                (Some(_), None) => "was deleted from AWS since the plan was made",
            };
            Some((c.address.clone(), what))
        })
        .collect()
}

/// Edges between the plan's changes: creates and updates wait for what their new
/// document names; a delete waits for every change whose old document names it.
fn plan_edges(changes: &[Change]) -> Vec<(Address, Address)> {
    let mut out: BTreeSet<(Address, Address)> = BTreeSet::new();
    let afters = changes
        .iter()
        .filter_map(|c| c.after.as_ref().map(|d| (&c.address, d)));
    out.extend(graph::edges(afters));
    let deleted: BTreeSet<&Address> = changes
        .iter()
        .filter(|c| c.action == Action::Delete)
        .map(|c| &c.address)
        .collect();
    let befores = changes
        .iter()
        .filter_map(|c| c.before.as_ref().map(|d| (&c.address, d)));
    for (dependent, dependency) in graph::edges(befores) {
        if deleted.contains(&dependency) {
            // The dependency goes: whatever named it changes (or goes) first.
            out.remove(&(dependent.clone(), dependency.clone()));
            out.insert((dependency, dependent));
        }
    }
    out.into_iter().collect()
}

/// Keeps the targets and, transitively, what they depend on.
fn restrict(plan: &mut Plan, targets: &[Address]) -> Result<(), PlanError> {
    let present: BTreeSet<&Address> = plan.changes.iter().map(|c| &c.address).collect();
    if let Some(t) = targets.iter().find(|t| !present.contains(t)) {
        return Err(PlanError::UnknownTarget(t.clone()));
    }
    let mut keep: BTreeSet<Address> = targets.iter().cloned().collect();
    loop {
        let before = keep.len();
        for (dependent, dependency) in &plan.edges {
            if keep.contains(dependent) {
                keep.insert(dependency.clone());
            }
        }
        if keep.len() == before {
            break;
        }
    }
    plan.changes.retain(|c| keep.contains(&c.address));
    plan.edges
        .retain(|(a, b)| keep.contains(a) && keep.contains(b));
    Ok(())
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod ownership_tests;

#[cfg(test)]
mod deployment_tests;
