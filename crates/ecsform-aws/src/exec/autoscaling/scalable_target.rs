//! The executor of a scalable target (autoscaling).

#[allow(clippy::wildcard_imports)]
use super::*;

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
pub(super) async fn target_arn(
    x: &AwsExecutor<'_>,
    change: &Change,
    id: &str,
) -> Result<String, ActionError> {
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
pub(super) async fn retag(
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
