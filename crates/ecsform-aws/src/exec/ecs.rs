//! Amazon ECS: the cluster, task definitions and services.

use ecsform_apply::ActionError;
use ecsform_plan::Change;

use super::{AwsExecutor, Op};

pub(crate) async fn cluster(x: &AwsExecutor<'_>, change: &Change, _op: Op) -> Result<(), ActionError> {
    Err(x.fail(change, "ecsform:apply", "NotImplemented", "not written yet"))
}
pub(crate) async fn task_definition(x: &AwsExecutor<'_>, change: &Change, _op: Op) -> Result<(), ActionError> {
    Err(x.fail(change, "ecsform:apply", "NotImplemented", "not written yet"))
}
pub(crate) async fn service(x: &AwsExecutor<'_>, change: &Change, _op: Op) -> Result<(), ActionError> {
    Err(x.fail(change, "ecsform:apply", "NotImplemented", "not written yet"))
}
