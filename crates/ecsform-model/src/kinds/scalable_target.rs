//! An Application Auto Scaling scalable target (`scalable_target.<service>`, named after
//! its service).

use serde_json::Value;

use super::{KindRules, Ref};
use crate::Kind::ScalableTarget;
use crate::defaults::{FieldDefault, Site, aas, aws_when, reset_always, service_linked};
use crate::{Address, Doc, Kind};

/// Everything the model and the plan know about a scalable target.
pub static RULES: KindRules = KindRules {
    defaults: DEFAULTS,
    roles: &["roleArn"],
    import_keeps: &["minCapacity", "maxCapacity"],
    references,
    ..KindRules::NONE
};

/// Its service.
fn references(address: &Address, _: &Doc) -> Vec<Ref> {
    vec![Ref::To(Address::new(Kind::Service, &address.name))]
}

// ---- defaults ----------------------------------------------------------------------------

/// Its rows of the defaults table ([`crate::defaults`]), in the order they apply.
const DEFAULTS: &[FieldDefault] = &[
    reset_always(
        ScalableTarget,
        "suspendedState.dynamicScalingInSuspended",
        "false",
        aas!("API_SuspendedState.html"),
    ),
    reset_always(
        ScalableTarget,
        "suspendedState.dynamicScalingOutSuspended",
        "false",
        aas!("API_SuspendedState.html"),
    ),
    reset_always(
        ScalableTarget,
        "suspendedState.scheduledScalingSuspended",
        "false",
        aas!("API_SuspendedState.html"),
    ),
    aws_when(
        ScalableTarget,
        "roleArn",
        autoscaling_service_linked_role,
        "the service-linked role `AWSServiceRoleForApplicationAutoScaling_ECSService`",
        aas!("API_RegisterScalableTarget.html"),
    ),
];

/// "If the service supports service-linked roles, Application Auto Scaling uses a
/// service-linked role" (RegisterScalableTarget, `RoleARN`).
fn autoscaling_service_linked_role(site: &Site<'_>) -> Option<Value> {
    service_linked(
        site,
        "roleArn",
        "aws-service-role/ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService",
    )
}
