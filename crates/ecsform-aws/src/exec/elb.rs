//! Elastic Load Balancing v2: load balancers, target groups, listeners, rules.
//! PLACEHOLDER: being written (see the helper brief); every function fails for now.

use ecsform_apply::ActionError;
use ecsform_plan::Change;

use super::{AwsExecutor, Op};

pub(crate) async fn load_balancer(x: &AwsExecutor<'_>, change: &Change, _op: Op) -> Result<(), ActionError> {
    Err(x.fail(change, "ecsform:apply", "NotImplemented", "not written yet"))
}
pub(crate) async fn target_group(x: &AwsExecutor<'_>, change: &Change, _op: Op) -> Result<(), ActionError> {
    Err(x.fail(change, "ecsform:apply", "NotImplemented", "not written yet"))
}
pub(crate) async fn replace_target_group(x: &AwsExecutor<'_>, change: &Change) -> Result<(), ActionError> {
    Err(x.fail(change, "ecsform:apply", "NotImplemented", "not written yet"))
}
pub(crate) async fn listener(x: &AwsExecutor<'_>, change: &Change, _op: Op) -> Result<(), ActionError> {
    Err(x.fail(change, "ecsform:apply", "NotImplemented", "not written yet"))
}
pub(crate) async fn listener_rule(x: &AwsExecutor<'_>, change: &Change, _op: Op) -> Result<(), ActionError> {
    Err(x.fail(change, "ecsform:apply", "NotImplemented", "not written yet"))
}
