//! The executor of a scaling policy (autoscaling).

#[allow(clippy::wildcard_imports)]
use super::*;

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
pub(super) async fn alb_resource_label(
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
