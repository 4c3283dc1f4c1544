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

/// The scalable target of a service (its address is named after the service).
///
/// - Create: RegisterScalableTarget with the file's capacities, role, suspended state and
///   the ownership tags (AWS takes `Tags` only when it creates the target); the returned
///   `ScalableTargetARN` is recorded.
/// - Update: RegisterScalableTarget again, which AWS documents as updating the target in
///   place and leaving parameters that are not given unchanged: the suspended state is
///   therefore always sent whole (`false` where the file says nothing, AWS's default).
///   Then TagResource with the ownership tags (a current `ecsform:hash`) and
///   UntagResource for the tags the file dropped, on the target's ARN (as returned, as
///   known, or found with DescribeScalableTargets).
/// - Delete: DeregisterScalableTarget, which also deletes the target's policies and
///   scheduled actions in AWS; `ObjectNotFoundException` means it is gone already.
pub(crate) async fn scalable_target(
    x: &AwsExecutor<'_>,
    change: &Change,
    op: Op,
) -> Result<(), ActionError> {
    let id = resource_id(x, &change.address.name);
    match op {
        Op::Create => {
            let t: spec::Autoscaling = x.spec(change)?;
            let tags: HashMap<String, String> = x
                .owned_tags(change, t.tags.as_deref())
                .into_iter()
                .collect();
            let out = t
                .to_request(x.clients.aas.register_scalable_target())
                .map_err(|e| x.invalid_request(change, REGISTER, &e))?
                .service_namespace(ServiceNamespace::Ecs)
                .resource_id(&id)
                .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
                .set_tags(Some(tags))
                .send()
                .await
                .map_err(|e| x.sdk_error(change, REGISTER, &e))?;
            // Without an ARN (never seen from AWS), the resource ID stands for it, as the
            // live reader does.
            x.record_arn(
                &change.address,
                out.scalable_target_arn().unwrap_or(id.as_str()),
            );
            Ok(())
        }
        Op::Update => {
            let t: spec::Autoscaling = x.spec(change)?;
            let suspended = t.suspended_state.clone().unwrap_or(spec::SuspendedState {
                dynamic_scaling_in_suspended: None,
                dynamic_scaling_out_suspended: None,
                scheduled_scaling_suspended: None,
            });
            let suspended = spec::SuspendedState {
                dynamic_scaling_in_suspended: Some(
                    suspended.dynamic_scaling_in_suspended.unwrap_or(false),
                ),
                dynamic_scaling_out_suspended: Some(
                    suspended.dynamic_scaling_out_suspended.unwrap_or(false),
                ),
                scheduled_scaling_suspended: Some(
                    suspended.scheduled_scaling_suspended.unwrap_or(false),
                ),
            };
            let out = x
                .clients
                .aas
                .register_scalable_target()
                .service_namespace(ServiceNamespace::Ecs)
                .resource_id(&id)
                .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
                .min_capacity(t.min_capacity)
                .max_capacity(t.max_capacity)
                .set_role_arn(t.role_arn.clone())
                .set_suspended_state(suspended.to_sdk().ok())
                .send()
                .await
                .map_err(|e| x.sdk_error(change, REGISTER, &e))?;
            let arn = match out.scalable_target_arn() {
                Some(arn) => arn.to_owned(),
                None => target_arn(x, change, &id).await?,
            };
            x.record_arn(&change.address, arn.as_str());
            retag(x, change, &arn, t.tags.as_deref()).await
        }
        Op::Delete => {
            let result = x
                .clients
                .aas
                .deregister_scalable_target()
                .service_namespace(ServiceNamespace::Ecs)
                .resource_id(&id)
                .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
                .send()
                .await;
            match result {
                Ok(_) => {}
                Err(e)
                    if is_not_found(
                        &e,
                        DeregisterScalableTargetError::is_object_not_found_exception,
                    ) => {}
                Err(e) => return Err(x.sdk_error(change, DEREGISTER, &e)),
            }
            x.forget_arn(&change.address);
            Ok(())
        }
    }
}

/// The ARN of an existing scalable target: the one known (read live or recorded), else
/// the plan's, else DescribeScalableTargets'. A resource ID standing in for a missing
/// ARN does not count.
async fn target_arn(x: &AwsExecutor<'_>, change: &Change, id: &str) -> Result<String, ActionError> {
    if let Some(arn) = x
        .known_arn(&change.address)
        .or_else(|| change.live_arn.clone())
        .filter(|a| a.starts_with("arn:"))
    {
        return Ok(arn);
    }
    let out = x
        .clients
        .aas
        .describe_scalable_targets()
        .service_namespace(ServiceNamespace::Ecs)
        .resource_ids(id)
        .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
        .send()
        .await
        .map_err(|e| x.sdk_error(change, DESCRIBE_TARGETS, &e))?;
    out.scalable_targets()
        .iter()
        .find(|t| t.resource_id() == id)
        .and_then(|t| t.scalable_target_arn())
        .map(str::to_owned)
        .ok_or_else(|| {
            x.fail(
                change,
                DESCRIBE_TARGETS,
                NOT_FOUND,
                &format!("no scalable target with resource ID {id}"),
            )
        })
}

/// Writes the ownership tags (file tags, `ecsform:stack`, `ecsform:hash`) on a scalable
/// target and removes the tags the file dropped (TagResource overwrites the keys it is
/// given and keeps the others).
async fn retag(
    x: &AwsExecutor<'_>,
    change: &Change,
    arn: &str,
    file: Option<&[spec::Tag]>,
) -> Result<(), ActionError> {
    let tags: HashMap<String, String> = x.owned_tags(change, file).into_iter().collect();
    let tag = x
        .clients
        .aas
        .tag_resource()
        .resource_arn(arn)
        .set_tags(Some(tags))
        .send();
    let untag = |keys| {
        x.clients
            .aas
            .untag_resource()
            .resource_arn(arn)
            .set_tag_keys(Some(keys))
            .send()
    };
    x.retag_with(change, (TAG, tag), (UNTAG, untag)).await
}

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

/// A scaling policy (`scaling_policy.<service>/<policyName>`). Policies carry no tags in
/// Application Auto Scaling.
///
/// - Create and Update: PutScalingPolicy, which creates the policy or replaces its
///   configuration, with the file's type and its target tracking, step or predictive
///   configuration. An `ALBRequestCountPerTarget` metric that names a `targetGroup` gets
///   the resource label AWS requires, `app/<lb>/<id>/targetgroup/<tg>/<id>`, from the target
///   group's ARN and the load balancer DescribeTargetGroups reports for it. The returned
///   policy ARN is recorded.
/// - Delete: DeleteScalingPolicy; `ObjectNotFoundException` means it is gone already.
pub(crate) async fn scaling_policy(
    x: &AwsExecutor<'_>,
    change: &Change,
    op: Op,
) -> Result<(), ActionError> {
    let (service, name) = service_and_name(change);
    let id = resource_id(x, service);
    match op {
        Op::Create | Op::Update => {
            let p: spec::ScalingPolicy = x.spec(change)?;
            let label = alb_resource_label(x, change, &p).await?;
            let target_tracking = p
                .target_tracking_scaling_policy_configuration
                .as_ref()
                .map(|c| convert::target_tracking_to_sdk(c, label.as_deref()))
                .transpose()
                .map_err(|e| x.invalid_request(change, PUT_POLICY, &e))?;
            // Every member as the file has it, then the target tracking configuration
            // with the resource label resolved.
            let out = p
                .to_request(x.clients.aas.put_scaling_policy())
                .map_err(|e| x.invalid_request(change, PUT_POLICY, &e))?
                .service_namespace(ServiceNamespace::Ecs)
                .resource_id(&id)
                .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
                .set_target_tracking_scaling_policy_configuration(target_tracking)
                .send()
                .await
                .map_err(|e| x.sdk_error(change, PUT_POLICY, &e))?;
            if !out.policy_arn().is_empty() {
                x.record_arn(&change.address, out.policy_arn());
            }
            record_child_hash(x, change, service, x.applied_hash(change)).await
        }
        Op::Delete => {
            let result = x
                .clients
                .aas
                .delete_scaling_policy()
                .policy_name(name)
                .service_namespace(ServiceNamespace::Ecs)
                .resource_id(&id)
                .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
                .send()
                .await;
            match result {
                Ok(_) => {}
                Err(e)
                    if is_not_found(
                        &e,
                        DeleteScalingPolicyError::is_object_not_found_exception,
                    ) => {}
                Err(e) => return Err(x.sdk_error(change, DELETE_POLICY, &e)),
            }
            x.forget_arn(&change.address);
            record_child_hash(x, change, service, None).await
        }
    }
}

/// The resource label of an `ALBRequestCountPerTarget` metric that names a target group
/// of the stack; `None` for any other policy (a `resourceLabel` the file gives is sent as
/// written). AWS wants `app/<lb-name>/<lb-id>/targetgroup/<tg-name>/<tg-id>`: the target
/// group must already be attached to its load balancer (by a listener or rule), which
/// DescribeTargetGroups reports in `LoadBalancerArns`.
async fn alb_resource_label(
    x: &AwsExecutor<'_>,
    change: &Change,
    p: &spec::ScalingPolicy,
) -> Result<Option<String>, ActionError> {
    let Some(metric) = p
        .target_tracking_scaling_policy_configuration
        .as_ref()
        .and_then(|c| c.predefined_metric_specification.as_ref())
    else {
        return Ok(None);
    };
    if metric.predefined_metric_type != spec::PredefinedMetricType::AlbRequestCountPerTarget {
        return Ok(None);
    }
    let Some(tg) = metric.target_group.as_deref() else {
        return Ok(None);
    };
    let tg_arn = x.target_group_arn(change, tg)?;
    let out = x
        .clients
        .elb
        .describe_target_groups()
        .target_group_arns(&tg_arn)
        .send()
        .await
        .map_err(|e| x.sdk_error(change, DESCRIBE_TARGET_GROUPS, &e))?;
    let lb_arn = out
        .target_groups()
        .iter()
        .find(|t| t.target_group_arn() == Some(tg_arn.as_str()))
        .and_then(|t| t.load_balancer_arns().first())
        .ok_or_else(|| {
            x.fail(
                change,
                DESCRIBE_TARGET_GROUPS,
                "TargetGroupNotAttached",
                &format!(
                    "target group {tg} is attached to no load balancer: ALBRequestCountPerTarget needs a listener or rule that forwards to it first"
                ),
            )
        })?;
    resource_label(lb_arn, &tg_arn).map(Some).ok_or_else(|| {
        x.fail(
            change,
            DESCRIBE_TARGET_GROUPS,
            "InvalidResourceLabel",
            &format!(
                "no ALB resource label can be made of load balancer {lb_arn} and target group {tg_arn}"
            ),
        )
    })
}

// ---- scheduled actions ------------------------------------------------------------

/// A scheduled action (`scheduled_action.<service>/<scheduledActionName>`).
///
/// - Create and Update: PutScheduledAction with the schedule, time zone, start and end
///   times and the capacities to set. AWS's update semantics: start and end times not
///   given are removed, other parameters not given are kept. So an update sends `UTC`
///   (AWS's default) when the file dropped its time zone, and a capacity bound the file
///   dropped is removed by deleting the action first (DeleteScheduledAction) and putting
///   it again.
/// - Delete: DeleteScheduledAction; `ObjectNotFoundException` means it is gone already.
pub(crate) async fn scheduled_action(
    x: &AwsExecutor<'_>,
    change: &Change,
    op: Op,
) -> Result<(), ActionError> {
    let (service, name) = service_and_name(change);
    let id = resource_id(x, service);
    match op {
        Op::Create | Op::Update => {
            let a: spec::ScheduledAction = x.spec(change)?;
            let time = |field: &str, value: Option<&str>| {
                value
                    .map(|s| {
                        convert::parse_time(s).ok_or_else(|| {
                            x.fail(
                                change,
                                PUT_ACTION,
                                "InvalidDocument",
                                &format!(
                                    "{field} `{s}` is not an ISO 8601 date and time (2026-01-02T03:04:05Z)"
                                ),
                            )
                        })
                    })
                    .transpose()
            };
            let start = time("startTime", a.start_time.as_deref())?;
            let end = time("endTime", a.end_time.as_deref())?;
            let mut timezone = a.timezone.clone();
            if op == Op::Update {
                if timezone.is_none() && field_changed(change, "timezone") {
                    timezone = Some("UTC".to_owned());
                }
                if capacity_dropped(change) {
                    delete_scheduled_action(x, change, &a.scheduled_action_name, &id).await?;
                }
            }
            a.to_request(x.clients.aas.put_scheduled_action())
                .map_err(|e| x.invalid_request(change, PUT_ACTION, &e))?
                .service_namespace(ServiceNamespace::Ecs)
                .resource_id(&id)
                .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
                .set_timezone(timezone)
                .set_start_time(start)
                .set_end_time(end)
                .send()
                .await
                .map_err(|e| x.sdk_error(change, PUT_ACTION, &e))?;
            record_child_hash(x, change, service, x.applied_hash(change)).await
        }
        Op::Delete => {
            delete_scheduled_action(x, change, name, &id).await?;
            x.forget_arn(&change.address);
            record_child_hash(x, change, service, None).await
        }
    }
}

/// Whether the live action sets a capacity bound that the file no longer gives
/// (PutScheduledAction would keep it).
fn capacity_dropped(change: &Change) -> bool {
    [
        "/scalableTargetAction/minCapacity",
        "/scalableTargetAction/maxCapacity",
    ]
    .iter()
    .any(|p| {
        let has = |doc: Option<&Value>| doc.and_then(|d| d.pointer(p)).is_some();
        has(change.before.as_ref()) && !has(change.after.as_ref())
    })
}

/// DeleteScheduledAction; `ObjectNotFoundException` means it is gone already.
async fn delete_scheduled_action(
    x: &AwsExecutor<'_>,
    change: &Change,
    name: &str,
    id: &str,
) -> Result<(), ActionError> {
    let result = x
        .clients
        .aas
        .delete_scheduled_action()
        .service_namespace(ServiceNamespace::Ecs)
        .scheduled_action_name(name)
        .resource_id(id)
        .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
        .send()
        .await;
    match result {
        Ok(_) => Ok(()),
        Err(e)
            if is_not_found(
                &e,
                DeleteScheduledActionError::is_object_not_found_exception,
            ) =>
        {
            Ok(())
        }
        Err(e) => Err(x.sdk_error(change, DELETE_ACTION, &e)),
    }
}
