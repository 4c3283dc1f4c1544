//! Planning: the desired state and the live state in, an ordered plan out. Pure and
//! synchronous: no I/O and no SDK types, so every rule here is tested with plain values.

mod diff;
mod drift;
mod kinds;
mod order;
mod plan;
mod saved;

pub use diff::{FieldChange, diff};
pub use drift::{DRIFT_FORMAT_VERSION, DriftItem, DriftReport, DriftStatus, FieldDrift, drift};
pub use plan::{
    Action, Change, Deletions, NEW_TASKS_ONLY, NewDeployment, Plan, PlanError, PlanOptions,
    ReplaceOrder, STARTS_DEPLOYMENT, Summary, Unconsented, check_redeploy, plan,
    refused_by_controller, stale_changes,
};
pub use saved::{SAVED_PLAN_FORMAT, SavedPlan, SavedPlanError, digest_of};

/// The version of the JSON plan format (`format_version`).
pub const FORMAT_VERSION: &str = "1.0";
