//! The executor of a target group (elb).

#[allow(clippy::wildcard_imports)]
use super::*;

/// A target group. Create: CreateTargetGroup with every field of the file, then
/// ModifyTargetGroupAttributes when the file gives attributes. Update: ModifyTargetGroup
/// (health checks and matcher) when one of those changed, ModifyTargetGroupAttributes
/// when the attributes changed, then the tags; the other fields force a replacement (see
/// [`replace_target_group`]). Delete: DeleteTargetGroup, which AWS refuses
/// (ResourceInUse) while a listener or rule forwards to the group.
pub(crate) async fn target_group(
    x: &AwsExecutor<'_>,
    change: &Change,
    op: Op,
) -> Result<(), ActionError> {
    match op {
        Op::Create => {
            let tg: spec::TargetGroup = x.spec(change)?;
            let arn = create_group(x, change, &tg, &tg.name).await?;
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
) -> Result<String, ActionError> {
    const CALL: &str = "elasticloadbalancing:CreateTargetGroup";
    let out = tg
        .to_request(x.clients.elb.create_target_group())
        .map_err(|e| x.invalid_request(change, CALL, &e))?
        .name(name)
        .set_tags(Some(elb_tags(x.owned_tags(change, tg.tags.as_deref()))))
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

/// Replaces a target group whose port, protocol, protocol version, VPC, target type or
/// IP address type changed (AWS cannot change those in place, and a name is unique per
/// region, so the new group cannot take the name while the old one exists), without a
/// moment where a listener, rule or service has no target group:
///
/// 1. a temporary group from the desired document, under a deterministic name (reused
///    when an interrupted run left it);
/// 2. every listener default action and rule action forwarding to the old group moves to
///    it (ModifyListener / ModifyRule with the actions as AWS returned them, the ARN
///    swapped, weighted forwards included);
/// 3. every live service on the old group moves to it (UpdateService, then steady state);
/// 4. the old group is deleted;
/// 5. the final group is created under the file's name;
/// 6. listeners, rules and services move from the temporary group to it;
/// 7. the temporary group is deleted.
///
/// ECS only accepts a target group that a load balancer uses, hence listeners before
/// services.
pub(crate) async fn replace_target_group(
    x: &AwsExecutor<'_>,
    change: &Change,
) -> Result<(), ActionError> {
    let tg: spec::TargetGroup = x.spec(change)?;
    let Some(old) = arn_to_delete(x, change) else {
        // Nothing to replace any more: a plain create.
        return target_group(x, change, Op::Create).await;
    };
    let temp_name = temporary_name(&tg.name, change.desired_hash.as_deref());
    let temp = ensure_temporary_group(x, change, &tg, &temp_name).await?;
    let load_balancers = load_balancers_of(x, change, &[&old, &temp]).await?;
    let services = services_on(x, &tg.name, &[&old, &temp]);

    move_forwards(x, change, &load_balancers, &old, &temp).await?;
    move_services(x, change, &services, &old, &temp).await?;
    delete_group(x, change, &old).await?;

    let final_arn = create_group(x, change, &tg, &tg.name).await?;
    x.record_arn(&change.address, &final_arn);
    set_group_attributes(x, change, &tg, &final_arn).await?;
    move_forwards(x, change, &load_balancers, &temp, &final_arn).await?;
    move_services(x, change, &services, &temp, &final_arn).await?;
    delete_group(x, change, &temp).await
}

/// The temporary group's name: the first 26 characters of the name (without a trailing
/// hyphen, which AWS refuses before another one), `-`, 5 characters of the desired hash;
/// at most 32 characters, as AWS requires.
pub(super) fn temporary_name(name: &str, desired_hash: Option<&str>) -> String {
    let prefix: String = name.chars().take(26).collect();
    let prefix = prefix.trim_end_matches('-');
    let hash = desired_hash.unwrap_or("0000000000");
    let mut out = format!("{prefix}-{}", hash.chars().take(5).collect::<String>());
    if out == name {
        // The name already ends with that suffix: take the next characters of the hash.
        out = format!(
            "{prefix}-{}",
            hash.chars().skip(5).take(5).collect::<String>()
        );
    }
    out
}

/// The temporary group's ARN: the group of that name if it exists (DescribeTargetGroups
/// by name; an interrupted run made it from the same desired document, since the name
/// carries its hash), else a new one with the file's settings and attributes.
pub(super) async fn ensure_temporary_group(
    x: &AwsExecutor<'_>,
    change: &Change,
    tg: &spec::TargetGroup,
    name: &str,
) -> Result<String, ActionError> {
    match x
        .clients
        .elb
        .describe_target_groups()
        .names(name)
        .send()
        .await
    {
        Ok(out) => {
            if let Some(arn) = out
                .target_groups()
                .first()
                .and_then(|t| t.target_group_arn())
            {
                return Ok(arn.to_owned());
            }
        }
        Err(e)
            if e.as_service_error()
                .is_some_and(|s| s.is_target_group_not_found_exception())
                || AwsError::code_of(&e) == Some("TargetGroupNotFound") => {}
        Err(e) => {
            return Err(x.sdk_error(change, "elasticloadbalancing:DescribeTargetGroups", &e));
        }
    }
    let arn = create_group(x, change, tg, name).await?;
    set_group_attributes(x, change, tg, &arn).await?;
    Ok(arn)
}

/// The load balancers whose listeners may forward to the groups, without duplicates:
/// every load balancer of the stack (the listeners and rules to move are then found in
/// their own DescribeListeners / DescribeRules, whatever the groups say), and those the
/// groups name in `LoadBalancerArns` (a load balancer outside the stack). The group's
/// `LoadBalancerArns` alone is not enough: the test bed leaves it unchanged by
/// ModifyListener / ModifyRule, so a group that got its listener by a move (the final
/// group of an earlier replacement) names no load balancer there, and its listener would
/// never be moved (`tests/local-aws/README.md`). A group that does not exist has none.
pub(super) async fn load_balancers_of(
    x: &AwsExecutor<'_>,
    change: &Change,
    groups: &[&str],
) -> Result<Vec<String>, ActionError> {
    let mut out: Vec<String> = Vec::new();
    for (address, _) in x.live_of_kind(Kind::LoadBalancer) {
        if let Some(arn) = x.known_arn(address)
            && !out.contains(&arn)
        {
            out.push(arn);
        }
    }
    for arn in groups {
        let described = x
            .clients
            .elb
            .describe_target_groups()
            .target_group_arns(*arn)
            .send()
            .await;
        let tgs = match described {
            Ok(d) => d.target_groups().to_vec(),
            Err(e)
                if e.as_service_error()
                    .is_some_and(|s| s.is_target_group_not_found_exception())
                    || AwsError::code_of(&e) == Some("TargetGroupNotFound") =>
            {
                Vec::new()
            }
            Err(e) => {
                return Err(x.sdk_error(change, "elasticloadbalancing:DescribeTargetGroups", &e));
            }
        };
        for lb in tgs.iter().flat_map(|t| t.load_balancer_arns()) {
            if !out.contains(lb) {
                out.push(lb.clone());
            }
        }
    }
    Ok(out)
}

/// Live services (as read before apply) whose load balancers use one of the groups, by
/// ARN (or by the group's name, where a reader mapped it).
pub(super) fn services_on(x: &AwsExecutor<'_>, name: &str, groups: &[&str]) -> Vec<String> {
    x.live_of_kind(Kind::Service)
        .filter(|(_, doc)| {
            doc.get("loadBalancers")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .any(|lb| {
                    let arn = lb.get("targetGroupArn").and_then(Value::as_str);
                    let by_name = lb.get("targetGroup").and_then(Value::as_str);
                    arn.is_some_and(|a| groups.contains(&a)) || by_name == Some(name)
                })
        })
        .map(|(a, doc)| {
            doc.get("serviceName")
                .and_then(Value::as_str)
                .unwrap_or(&a.name)
                .to_owned()
        })
        .collect()
}

/// Moves every listener default action and rule action of the load balancers that
/// forwards to `from` over to `to`.
pub(super) async fn move_forwards(
    x: &AwsExecutor<'_>,
    change: &Change,
    load_balancers: &[String],
    from: &str,
    to: &str,
) -> Result<(), ActionError> {
    for lb in load_balancers {
        for listener in listeners_of(x, change, lb).await? {
            let Some(listener_arn) = listener.listener_arn() else {
                continue;
            };
            if let Some(actions) = retarget(listener.default_actions(), from, to) {
                x.clients
                    .elb
                    .modify_listener()
                    .listener_arn(listener_arn)
                    .set_default_actions(Some(actions))
                    .send()
                    .await
                    .map_err(|e| x.sdk_error(change, "elasticloadbalancing:ModifyListener", &e))?;
            }
            move_rules(x, change, listener_arn, from, to).await?;
        }
    }
    Ok(())
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

/// Moves the actions of a listener's rules (DescribeRules, every page) that forward to
/// `from` over to `to`. The default rule is the listener's default actions, which only
/// ModifyListener changes; it is skipped here.
pub(super) async fn move_rules(
    x: &AwsExecutor<'_>,
    change: &Change,
    listener_arn: &str,
    from: &str,
    to: &str,
) -> Result<(), ActionError> {
    let rules: Vec<sdk::Rule> = x
        .clients
        .elb
        .describe_rules()
        .listener_arn(listener_arn)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| x.sdk_error(change, "elasticloadbalancing:DescribeRules", &e))?;
    for rule in rules.iter().filter(|r| r.is_default() != Some(true)) {
        let (Some(rule_arn), Some(actions)) = (rule.rule_arn(), retarget(rule.actions(), from, to))
        else {
            continue;
        };
        x.clients
            .elb
            .modify_rule()
            .rule_arn(rule_arn)
            .set_actions(Some(actions))
            .send()
            .await
            .map_err(|e| x.sdk_error(change, "elasticloadbalancing:ModifyRule", &e))?;
    }
    Ok(())
}

/// The actions as AWS returned them with the target group `from` swapped for `to` (in
/// `TargetGroupArn` and in `ForwardConfig`'s weighted tuples); `None` when none forwards
/// to `from`. AWS never returns an OIDC client secret, so such an action keeps it with
/// `UseExistingClientSecret`, as ModifyListener/ModifyRule document.
pub(super) fn retarget(actions: &[sdk::Action], from: &str, to: &str) -> Option<Vec<sdk::Action>> {
    let mut moved = false;
    let out = actions
        .iter()
        .map(|a| {
            let mut a = a.clone();
            if a.target_group_arn.as_deref() == Some(from) {
                a.target_group_arn = Some(to.to_owned());
                moved = true;
            }
            let tuples = a
                .forward_config
                .as_mut()
                .and_then(|f| f.target_groups.as_mut());
            for t in tuples.into_iter().flatten() {
                if t.target_group_arn.as_deref() == Some(from) {
                    t.target_group_arn = Some(to.to_owned());
                    moved = true;
                }
            }
            if let Some(oidc) = a.authenticate_oidc_config.as_mut()
                && oidc.client_secret.is_none()
            {
                oidc.use_existing_client_secret = Some(true);
            }
            a
        })
        .collect();
    moved.then_some(out)
}

/// Moves the services from one group to the other (UpdateService, then, unless
/// `--no-wait`, steady state, whose waits report progress on this change).
pub(super) async fn move_services(
    x: &AwsExecutor<'_>,
    change: &Change,
    services: &[String],
    from: &str,
    to: &str,
) -> Result<(), ActionError> {
    for service in services {
        ecs::move_service_target_group(x, change, service, from, to).await?;
    }
    Ok(())
}
