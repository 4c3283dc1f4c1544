//! The executor of a target group (elb).

#[allow(clippy::wildcard_imports)]
use super::*;

/// A target group. Create: CreateTargetGroup with every field of the file, then
/// ModifyTargetGroupAttributes when the file gives attributes. Update: ModifyTargetGroup
/// (health checks and matcher) when one of those changed, ModifyTargetGroupAttributes
/// when the attributes changed, then the tags; the other fields force a replacement (see
/// [`super::replace_target_group`]). Delete: DeleteTargetGroup, which AWS refuses
/// (ResourceInUse) while a listener or rule forwards to the group.
pub(crate) async fn target_group(
    x: &AwsExecutor<'_>,
    change: &Change,
    op: Op,
) -> Result<(), ActionError> {
    match op {
        Op::Create => {
            let tg: spec::TargetGroup = x.spec(change)?;
            if x.live.replacing.contains_key(&change.address) {
                // An earlier apply's replacement left the traffic on a temporary group.
                return super::replace_target_group(x, change).await;
            }
            let arn = create_group(x, change, &tg, &tg.name, &[]).await?;
            x.record_arn(&change.address, &arn);
            set_group_attributes(x, change, &tg, &arn).await
        }
        Op::Update => update_target_group(x, change).await,
        Op::Delete => {
            if let Some(arn) = arn_to_delete(x, change) {
                delete_group(x, change, &arn).await?;
            }
            x.forget_arn(&change.address);
            Ok(())
        }
    }
}

/// CreateTargetGroup of the file's group under `name`, with the ownership tags; its ARN.
pub(super) async fn create_group(
    x: &AwsExecutor<'_>,
    change: &Change,
    tg: &spec::TargetGroup,
    name: &str,
    extra_tags: &[(String, String)],
) -> Result<String, ActionError> {
    const CALL: &str = "elasticloadbalancing:CreateTargetGroup";
    let mut tags = x.owned_tags(change, tg.tags.as_deref());
    tags.extend_from_slice(extra_tags);
    let out = tg
        .to_request(x.clients.elb.create_target_group())
        .map_err(|e| x.invalid_request(change, CALL, &e))?
        .name(name)
        .set_tags(Some(elb_tags(tags)))
        .send()
        .await
        .map_err(|e| x.sdk_error(change, CALL, &e))?;
    out.target_groups()
        .first()
        .and_then(|t| t.target_group_arn())
        .map(str::to_owned)
        .ok_or_else(|| {
            x.fail(
                change,
                CALL,
                "MissingArn",
                "AWS returned no target group ARN",
            )
        })
}

/// ModifyTargetGroupAttributes with the file's attributes, when it gives some.
pub(super) async fn set_group_attributes(
    x: &AwsExecutor<'_>,
    change: &Change,
    tg: &spec::TargetGroup,
    arn: &str,
) -> Result<(), ActionError> {
    set_attributes_of_group(x, change, tg.attributes.as_deref().unwrap_or_default(), arn).await
}

/// ModifyTargetGroupAttributes with these attributes, when there are some.
pub(super) async fn set_attributes_of_group(
    x: &AwsExecutor<'_>,
    change: &Change,
    attributes: &[spec::Attribute],
    arn: &str,
) -> Result<(), ActionError> {
    let Some(attributes) = non_empty(Some(attributes)) else {
        return Ok(());
    };
    x.clients
        .elb
        .modify_target_group_attributes()
        .target_group_arn(arn)
        .set_attributes(Some(conv::attributes_to_sdk(attributes)))
        .send()
        .await
        .map_err(|e| {
            x.sdk_error(
                change,
                "elasticloadbalancing:ModifyTargetGroupAttributes",
                &e,
            )
        })?;
    Ok(())
}

/// DeleteTargetGroup. A group already gone counts as deleted: AWS documents no
/// not-found error for this call (only ResourceInUse); moto answers TargetGroupNotFound.
pub(super) async fn delete_group(
    x: &AwsExecutor<'_>,
    change: &Change,
    arn: &str,
) -> Result<(), ActionError> {
    let result = x
        .clients
        .elb
        .delete_target_group()
        .target_group_arn(arn)
        .send()
        .await;
    x.deleted(
        change,
        "elasticloadbalancing:DeleteTargetGroup",
        result,
        &["TargetGroupNotFound"],
    )
}

/// ModifyTargetGroup with the health check settings and matcher. A setting the file
/// leaves out is sent at the value of the desired normalized document (AWS's
/// CreateTargetGroup default), so that removing it from the file resets it, as a create
/// would; ModifyTargetGroup keeps any setting it is not given.
pub(super) async fn update_target_group(
    x: &AwsExecutor<'_>,
    change: &Change,
) -> Result<(), ActionError> {
    let tg: spec::TargetGroup = x.spec(change)?;
    let arn = own_arn(x, change)?;
    if HEALTH_CHECK_FIELDS.iter().any(|f| changed(change, f)) {
        let after = change.after.as_ref();
        let int = |name: &str| {
            field(after, name)
                .and_then(Value::as_i64)
                .and_then(|v| i32::try_from(v).ok())
        };
        let string = |name: &str| {
            field(after, name)
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        let matcher = tg.matcher.clone().or_else(|| {
            field(after, "matcher").and_then(|m| serde_json::from_value(m.clone()).ok())
        });
        x.clients
            .elb
            .modify_target_group()
            .target_group_arn(&arn)
            .set_health_check_protocol(
                tg.health_check_protocol
                    .or_else(|| {
                        field(after, "healthCheckProtocol")
                            .and_then(|v| serde_json::from_value(v.clone()).ok())
                    })
                    .map(Into::into),
            )
            .set_health_check_port(
                tg.health_check_port
                    .clone()
                    .or_else(|| string("healthCheckPort")),
            )
            .set_health_check_path(
                tg.health_check_path
                    .clone()
                    .or_else(|| string("healthCheckPath")),
            )
            .set_health_check_enabled(
                tg.health_check_enabled
                    .or_else(|| field(after, "healthCheckEnabled").and_then(Value::as_bool)),
            )
            .set_health_check_interval_seconds(
                tg.health_check_interval_seconds
                    .or_else(|| int("healthCheckIntervalSeconds")),
            )
            .set_health_check_timeout_seconds(
                tg.health_check_timeout_seconds
                    .or_else(|| int("healthCheckTimeoutSeconds")),
            )
            .set_healthy_threshold_count(
                tg.healthy_threshold_count
                    .or_else(|| int("healthyThresholdCount")),
            )
            .set_unhealthy_threshold_count(
                tg.unhealthy_threshold_count
                    .or_else(|| int("unhealthyThresholdCount")),
            )
            .set_matcher(matcher.as_ref().and_then(|m| m.to_sdk().ok()))
            .send()
            .await
            .map_err(|e| x.sdk_error(change, "elasticloadbalancing:ModifyTargetGroup", &e))?;
    }
    if changed(change, "attributes") {
        let attributes = attributes_with_resets(change, tg.attributes.as_deref());
        set_attributes_of_group(x, change, &attributes, &arn).await?;
    }
    retag(x, change, &arn, tg.tags.as_deref()).await
}

/// The listeners of a load balancer (DescribeListeners, every page); none when the load
/// balancer is gone.
pub(super) async fn listeners_of(
    x: &AwsExecutor<'_>,
    change: &Change,
    lb: &str,
) -> Result<Vec<sdk::Listener>, ActionError> {
    let listed = x
        .clients
        .elb
        .describe_listeners()
        .load_balancer_arn(lb)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await;
    match listed {
        Ok(v) => Ok(v),
        Err(e) if AwsError::code_of(&e) == Some("LoadBalancerNotFound") => Ok(Vec::new()),
        Err(e) => Err(x.sdk_error(change, "elasticloadbalancing:DescribeListeners", &e)),
    }
}
