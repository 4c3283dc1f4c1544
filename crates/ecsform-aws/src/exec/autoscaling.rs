//! Application Auto Scaling: scalable targets, scaling policies, scheduled actions.
//! PLACEHOLDER: being written (see the helper brief); every function fails for now.

use ecsform_apply::ActionError;
use ecsform_plan::Change;

use super::{AwsExecutor, Op};

pub(crate) async fn scalable_target(x: &AwsExecutor<'_>, change: &Change, _op: Op) -> Result<(), ActionError> {
    Err(x.fail(change, "ecsform:apply", "NotImplemented", "not written yet"))
}
pub(crate) async fn scaling_policy(x: &AwsExecutor<'_>, change: &Change, _op: Op) -> Result<(), ActionError> {
    Err(x.fail(change, "ecsform:apply", "NotImplemented", "not written yet"))
}
pub(crate) async fn scheduled_action(x: &AwsExecutor<'_>, change: &Change, _op: Op) -> Result<(), ActionError> {
    Err(x.fail(change, "ecsform:apply", "NotImplemented", "not written yet"))
}
