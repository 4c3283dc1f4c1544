//! AWS Cloud Map namespaces.
//! PLACEHOLDER: being written (see the helper brief); every function fails for now.

use ecsform_apply::ActionError;
use ecsform_plan::Change;

use super::{AwsExecutor, Op};

pub(crate) async fn namespace(x: &AwsExecutor<'_>, change: &Change, _op: Op) -> Result<(), ActionError> {
    Err(x.fail(change, "ecsform:apply", "NotImplemented", "not written yet"))
}
