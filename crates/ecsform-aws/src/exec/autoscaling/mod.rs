//! Application Auto Scaling of ECS services: scalable targets, scaling policies and
//! scheduled actions.
//!
//! Every call names the service's scalable target by AWS's three identifiers: service
//! namespace `ecs`, resource ID `service/<cluster>/<service>` and scalable dimension
//! `ecs:service:DesiredCount`. Put* and RegisterScalableTarget create or update in place;
//! the deletes treat `ObjectNotFoundException` (the resource is already gone, e.g. with a
//! deregistered target, which AWS deletes with its policies and actions) as done.

use std::collections::HashMap;

use aws_sdk_applicationautoscaling::operation::delete_scaling_policy::DeleteScalingPolicyError;
use aws_sdk_applicationautoscaling::operation::delete_scheduled_action::DeleteScheduledActionError;
use aws_sdk_applicationautoscaling::operation::deregister_scalable_target::DeregisterScalableTargetError;
use aws_sdk_applicationautoscaling::operation::untag_resource::UntagResourceError;
use aws_sdk_applicationautoscaling::types::{ScalableDimension, ServiceNamespace};
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_runtime_api::http::Response as HttpResponse;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use ecsform_apply::ActionError;
use ecsform_model::normalize::resource_label;
use ecsform_plan::Change;
use ecsform_spec::types as spec;
use serde_json::Value;

use super::{AwsExecutor, Op, field_changed};
use crate::convert::autoscaling as convert;
use ecsform_spec::shape::{ToRequest, ToSdk};

mod scalable_target;
mod scaling_policy;
mod scheduled_action;

pub(crate) use scalable_target::scalable_target;
pub(crate) use scaling_policy::scaling_policy;
pub(crate) use scheduled_action::scheduled_action;

const REGISTER: &str = "application-autoscaling:RegisterScalableTarget";
const DEREGISTER: &str = "application-autoscaling:DeregisterScalableTarget";
const DESCRIBE_TARGETS: &str = "application-autoscaling:DescribeScalableTargets";
const TAG: &str = "application-autoscaling:TagResource";
const UNTAG: &str = "application-autoscaling:UntagResource";
const PUT_POLICY: &str = "application-autoscaling:PutScalingPolicy";
const DELETE_POLICY: &str = "application-autoscaling:DeleteScalingPolicy";
const PUT_ACTION: &str = "application-autoscaling:PutScheduledAction";
const DELETE_ACTION: &str = "application-autoscaling:DeleteScheduledAction";
const DESCRIBE_TARGET_GROUPS: &str = "elasticloadbalancing:DescribeTargetGroups";

/// The error code of a scalable target, policy or action that does not exist.
const NOT_FOUND: &str = "ObjectNotFoundException";

/// The resource ID of an ECS service's scalable target: `service/<cluster>/<service>`.
fn resource_id(x: &AwsExecutor<'_>, service: &str) -> String {
    format!("service/{}/{service}", x.cluster)
}

/// The service and the policy or action name of an address `<service>/<name>` (service
/// names cannot hold a `/`; policy names may).
fn service_and_name(change: &Change) -> (&str, &str) {
    change
        .address
        .name
        .split_once('/')
        .unwrap_or((change.address.name.as_str(), ""))
}

/// Whether an error is AWS's "no such scalable target, policy or scheduled action":
/// the operation's modeled `ObjectNotFoundException`, or an error with that code.
fn is_not_found<E: ProvideErrorMetadata>(
    e: &SdkError<E, HttpResponse>,
    typed: impl Fn(&E) -> bool,
) -> bool {
    e.as_service_error()
        .is_some_and(|s| typed(s) || s.code() == Some(NOT_FOUND))
}

// ---- scalable targets -------------------------------------------------------------

/// Records the applied hash of a scaling policy or scheduled action on its service's
/// scalable target (they carry no tags of their own; see
/// [`ecsform_model::child_hash_tag`]), for `drift`; `None` removes it after a delete
/// (a target already gone has nothing to remove). Without a known target ARN there is
/// nothing to record on.
async fn record_child_hash(
    x: &AwsExecutor<'_>,
    change: &Change,
    service: &str,
    hash: Option<String>,
) -> Result<(), ActionError> {
    let Some(arn) = x
        .known_arn(&ecsform_model::Address::new(
            ecsform_model::Kind::ScalableTarget,
            service,
        ))
        .filter(|a| a.starts_with("arn:"))
    else {
        return Ok(());
    };
    let key = ecsform_model::child_hash_tag(&change.address);
    match hash {
        Some(hash) => {
            x.clients
                .aas
                .tag_resource()
                .resource_arn(&arn)
                .tags(key, hash)
                .send()
                .await
                .map_err(|e| x.sdk_error(change, TAG, &e))?;
        }
        None => {
            let result = x
                .clients
                .aas
                .untag_resource()
                .resource_arn(&arn)
                .tag_keys(key)
                .send()
                .await;
            match result {
                Ok(_) => {}
                Err(e)
                    if e.as_service_error()
                        .is_some_and(UntagResourceError::is_resource_not_found_exception)
                        || e.code() == Some("ResourceNotFoundException") => {}
                Err(e) => return Err(x.sdk_error(change, UNTAG, &e)),
            }
        }
    }
    Ok(())
}

// ---- scaling policies -------------------------------------------------------------

// ---- scheduled actions ------------------------------------------------------------
