//! Elastic Load Balancing v2: load balancers, target groups, listeners, listener rules,
//! and the create-before-destroy replacement of a target group.
//!
//! Requests are built from the file's documents (`ecsform_spec::types`) through
//! `convert::elb`; the file names load balancers, listeners and target groups where AWS
//! wants ARNs, and they are resolved through the executor (live ARNs, then those the
//! creates of this apply returned).

use aws_sdk_elasticloadbalancingv2::types as sdk;
use ecsform_apply::ActionError;
use ecsform_model::{Address, Kind};
use ecsform_plan::Change;
use ecsform_spec::types as spec;
use serde_json::Value;

use super::{AwsExecutor, Op, ecs};
use crate::clients::AwsError;
use crate::convert::elb as conv;
use ecsform_spec::shape::{ToRequest, ToSdk};

// ---- shared helpers -----------------------------------------------------------------

/// Tags in ELBv2's shape.
fn elb_tags(tags: Vec<(String, String)>) -> Vec<sdk::Tag> {
    tags.into_iter()
        .map(|(k, v)| sdk::Tag::builder().key(k).value(v).build())
        .collect()
}

/// A list the file gives and that is not empty.
fn non_empty<T>(v: Option<&[T]>) -> Option<&[T]> {
    v.filter(|v| !v.is_empty())
}

/// The attributes an update sends: those whose desired value (the file's, or AWS's
/// default for one the file does not set: `ecsform_model::defaults`) differs from live.
/// AWS changes the attributes given and keeps the others. A create sends the file's.
fn attributes_with_resets(
    change: &Change,
    file: Option<&[spec::Attribute]>,
) -> Vec<spec::Attribute> {
    let map = |doc: Option<&Value>| -> Option<serde_json::Map<String, Value>> {
        doc.and_then(|d| d.get("attributes"))
            .and_then(Value::as_object)
            .cloned()
    };
    let Some(before) = change.before.as_ref() else {
        return file.unwrap_or_default().to_vec();
    };
    let live = map(Some(before)).unwrap_or_default();
    map(change.after.as_ref())
        .unwrap_or_default()
        .into_iter()
        .filter(|(k, v)| live.get(k) != Some(v))
        .filter_map(|(key, v)| {
            v.as_str().map(|value| spec::Attribute {
                key,
                value: value.to_owned(),
            })
        })
        .collect()
}

/// A top-level field of the normalized documents.
fn field<'d>(doc: Option<&'d Value>, name: &str) -> Option<&'d Value> {
    doc.and_then(|d| d.get(name)).filter(|v| !v.is_null())
}

/// Whether a top-level field differs between the live (`before`) and the desired
/// (`after`) normalized document. Without a live document everything has changed.
fn changed(change: &Change, name: &str) -> bool {
    change.before.is_none()
        || field(change.before.as_ref(), name) != field(change.after.as_ref(), name)
}

/// Whether a top-level field other than `except` differs between before and after.
fn changed_besides(change: &Change, except: &[&str]) -> bool {
    let keys = |d: Option<&Value>| -> Vec<String> {
        d.and_then(Value::as_object)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    };
    let mut all = keys(change.before.as_ref());
    all.extend(keys(change.after.as_ref()));
    change.before.is_none()
        || all
            .iter()
            .filter(|k| !except.contains(&k.as_str()))
            .any(|k| changed(change, k))
}

/// The ARN of the change's own resource: as read live, or as a create of this apply
/// returned it.
fn own_arn(x: &AwsExecutor<'_>, change: &Change) -> Result<String, ActionError> {
    match &change.live_arn {
        Some(arn) => Ok(arn.clone()),
        None => x.arn(change, &change.address),
    }
}

/// The ARN to delete, if the resource is known to exist.
fn arn_to_delete(x: &AwsExecutor<'_>, change: &Change) -> Option<String> {
    change
        .live_arn
        .clone()
        .or_else(|| x.known_arn(&change.address))
}

/// A reference of the file (a name of this stack, or an ARN) as an ARN.
fn reference_arn(
    x: &AwsExecutor<'_>,
    change: &Change,
    kind: Kind,
    reference: &str,
) -> Result<String, ActionError> {
    if reference.starts_with("arn:") {
        return Ok(reference.to_owned());
    }
    x.arn(change, &Address::new(kind, reference))
}

/// Actions for CreateListener/ModifyListener/CreateRule/ModifyRule. Every target group
/// the actions name must resolve (an unknown one fails here, naming it, rather than
/// reaching AWS without an ARN).
fn actions_to_sdk(
    x: &AwsExecutor<'_>,
    change: &Change,
    call: &str,
    actions: &[spec::Action],
) -> Result<Vec<sdk::Action>, ActionError> {
    for a in actions {
        if let Some(name) = &a.target_group {
            x.target_group_arn(change, name)?;
        }
        let tuples = a
            .forward_config
            .iter()
            .flat_map(|f| f.target_groups.iter().flatten());
        for t in tuples {
            if let Some(name) = &t.target_group {
                x.target_group_arn(change, name)?;
            }
        }
    }
    let resolve = |name: &str| x.target_group_arn(change, name).ok();
    actions
        .iter()
        .map(|a| {
            conv::action_to_sdk(a, &resolve)
                .map_err(|e| x.fail(change, call, "InvalidRequest", &e.to_string()))
        })
        .collect()
}

/// Writes the ownership tags (file tags, `ecsform:stack`, `ecsform:hash`) with AddTags,
/// which adds or overwrites keys (so the hash tag is always current), then RemoveTags for
/// the keys the file dropped.
async fn retag(
    x: &AwsExecutor<'_>,
    change: &Change,
    arn: &str,
    file: Option<&[spec::Tag]>,
) -> Result<(), ActionError> {
    let tag = x
        .clients
        .elb
        .add_tags()
        .resource_arns(arn)
        .set_tags(Some(elb_tags(x.owned_tags(change, file))))
        .send();
    let untag = |keys| {
        x.clients
            .elb
            .remove_tags()
            .resource_arns(arn)
            .set_tag_keys(Some(keys))
            .send()
    };
    x.retag_with(
        change,
        ("elasticloadbalancing:AddTags", tag),
        ("elasticloadbalancing:RemoveTags", untag),
    )
    .await
}

// ---- load balancer ------------------------------------------------------------------

/// A load balancer. Create: CreateLoadBalancer (which AWS documents as idempotent for
/// identical settings), then SetSecurityGroups when the file sets the PrivateLink flag and
/// ModifyLoadBalancerAttributes when it gives attributes.
/// Update: only what changed (SetSecurityGroups, SetSubnets, SetIpAddressType,
/// ModifyIpPools, ModifyLoadBalancerAttributes), then the tags. Delete: DeleteLoadBalancer
/// (which succeeds for a load balancer already gone), then a wait until
/// DescribeLoadBalancers answers LoadBalancerNotFound, as the `load-balancers-deleted`
/// waiter does: the name and the subnets' addresses are free only then.
pub(crate) async fn load_balancer(
    x: &AwsExecutor<'_>,
    change: &Change,
    op: Op,
) -> Result<(), ActionError> {
    match op {
        Op::Create => create_load_balancer(x, change).await,
        Op::Update => update_load_balancer(x, change).await,
        Op::Delete => delete_load_balancer(x, change).await,
    }
}

/// CreateLoadBalancer from the file's document with the ownership tags; records the ARN
/// AWS returns, then SetSecurityGroups when the file sets the PrivateLink flag and the
/// file's attributes (CreateLoadBalancer takes neither).
async fn create_load_balancer(x: &AwsExecutor<'_>, change: &Change) -> Result<(), ActionError> {
    const CALL: &str = "elasticloadbalancing:CreateLoadBalancer";
    let lb: spec::LoadBalancer = x.spec(change)?;
    let out = lb
        .to_request(x.clients.elb.create_load_balancer())
        .map_err(|e| x.invalid_request(change, CALL, &e))?
        .set_tags(Some(elb_tags(x.owned_tags(change, lb.tags.as_deref()))))
        .send()
        .await
        .map_err(|e| x.sdk_error(change, CALL, &e))?;
    let arn = out
        .load_balancers()
        .first()
        .and_then(|l| l.load_balancer_arn())
        .map(str::to_owned)
        .ok_or_else(|| {
            x.fail(
                change,
                CALL,
                "MissingArn",
                "AWS returned no load balancer ARN",
            )
        })?;
    x.record_arn(&change.address, &arn);
    if lb
        .enforce_security_group_inbound_rules_on_private_link_traffic
        .is_some()
    {
        set_security_groups(x, change, &arn, &lb).await?;
    }
    if let Some(attributes) = non_empty(lb.attributes.as_deref()) {
        modify_load_balancer_attributes(x, change, &arn, attributes).await?;
    }
    Ok(())
}

/// The member SetSecurityGroups sets besides the security groups.
const ENFORCE_PRIVATE_LINK: &str = "enforceSecurityGroupInboundRulesOnPrivateLinkTraffic";

/// SetSecurityGroups: the file's security groups, with its PrivateLink flag when it sets
/// one. The flag is set by this call only, with the security groups (ELBv2 API reference,
/// SetSecurityGroups: `EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic`, "Indicates
/// whether to evaluate inbound security group rules for traffic sent to a Network Load
/// Balancer through AWS PrivateLink. The default is on."; CreateLoadBalancer has no such
/// member). A flag the file leaves out is not sent: AWS keeps the one it has.
async fn set_security_groups(
    x: &AwsExecutor<'_>,
    change: &Change,
    arn: &str,
    lb: &spec::LoadBalancer,
) -> Result<(), ActionError> {
    x.clients
        .elb
        .set_security_groups()
        .load_balancer_arn(arn)
        .set_security_groups(Some(lb.security_groups.clone().unwrap_or_default()))
        .set_enforce_security_group_inbound_rules_on_private_link_traffic(
            lb.enforce_security_group_inbound_rules_on_private_link_traffic
                .map(Into::into),
        )
        .send()
        .await
        .map_err(|e| x.sdk_error(change, "elasticloadbalancing:SetSecurityGroups", &e))?;
    Ok(())
}

/// ModifyLoadBalancerAttributes: AWS changes the attributes given and keeps the others.
async fn modify_load_balancer_attributes(
    x: &AwsExecutor<'_>,
    change: &Change,
    arn: &str,
    attributes: &[spec::Attribute],
) -> Result<(), ActionError> {
    x.clients
        .elb
        .modify_load_balancer_attributes()
        .load_balancer_arn(arn)
        .set_attributes(Some(conv::attributes_to_sdk(attributes)))
        .send()
        .await
        .map_err(|e| {
            x.sdk_error(
                change,
                "elasticloadbalancing:ModifyLoadBalancerAttributes",
                &e,
            )
        })?;
    Ok(())
}

/// Updates a load balancer in place, one call per changed part. A change to `ipv4`
/// goes before the subnets (subnets without IPv6 ranges are refused while the load
/// balancer is dualstack), a change to dualstack after them (AWS requires subnets with
/// IPv6 ranges first).
async fn update_load_balancer(x: &AwsExecutor<'_>, change: &Change) -> Result<(), ActionError> {
    let lb: spec::LoadBalancer = x.spec(change)?;
    let arn = own_arn(x, change)?;
    if changed(change, "securityGroups") || changed(change, ENFORCE_PRIVATE_LINK) {
        set_security_groups(x, change, &arn, &lb).await?;
    }
    let ip_type_changed = changed(change, "ipAddressType");
    let to_ipv4 = matches!(
        lb.ip_address_type,
        None | Some(spec::LoadBalancerIpAddressType::Ipv4)
    );
    if ip_type_changed && to_ipv4 {
        set_ip_address_type(x, change, &arn, &lb).await?;
    }
    if ["subnets", "subnetMappings", "enablePrefixForIpv6SourceNat"]
        .iter()
        .any(|f| changed(change, f))
    {
        x.clients
            .elb
            .set_subnets()
            .load_balancer_arn(&arn)
            .set_subnets(lb.subnets.clone())
            .set_subnet_mappings(
                lb.subnet_mappings
                    .as_ref()
                    .map(|m| m.iter().filter_map(|m| m.to_sdk().ok()).collect()),
            )
            .set_enable_prefix_for_ipv6_source_nat(
                lb.enable_prefix_for_ipv6_source_nat.map(Into::into),
            )
            .send()
            .await
            .map_err(|e| x.sdk_error(change, "elasticloadbalancing:SetSubnets", &e))?;
    }
    if ip_type_changed && !to_ipv4 {
        set_ip_address_type(x, change, &arn, &lb).await?;
    }
    if changed(change, "ipamPools") {
        let request = x.clients.elb.modify_ip_pools().load_balancer_arn(&arn);
        let request = match &lb.ipam_pools {
            Some(p) => request.set_ipam_pools(p.to_sdk().ok()),
            None => request.remove_ipam_pools(sdk::RemoveIpamPoolEnum::Ipv4),
        };
        request
            .send()
            .await
            .map_err(|e| x.sdk_error(change, "elasticloadbalancing:ModifyIpPools", &e))?;
    }
    if changed(change, "attributes") {
        let attributes = attributes_with_resets(change, lb.attributes.as_deref());
        if !attributes.is_empty() {
            modify_load_balancer_attributes(x, change, &arn, &attributes).await?;
        }
    }
    retag(x, change, &arn, lb.tags.as_deref()).await
}

/// SetIpAddressType; without one in the file, AWS's default `ipv4`.
async fn set_ip_address_type(
    x: &AwsExecutor<'_>,
    change: &Change,
    arn: &str,
    lb: &spec::LoadBalancer,
) -> Result<(), ActionError> {
    let ip_type = lb
        .ip_address_type
        .unwrap_or(spec::LoadBalancerIpAddressType::Ipv4);
    x.clients
        .elb
        .set_ip_address_type()
        .load_balancer_arn(arn)
        .ip_address_type(ip_type.into())
        .send()
        .await
        .map_err(|e| x.sdk_error(change, "elasticloadbalancing:SetIpAddressType", &e))?;
    Ok(())
}

/// DeleteLoadBalancer, then polls DescribeLoadBalancers by ARN until it answers
/// LoadBalancerNotFound (or an empty list), as the `load-balancers-deleted` waiter does.
async fn delete_load_balancer(x: &AwsExecutor<'_>, change: &Change) -> Result<(), ActionError> {
    let Some(arn) = arn_to_delete(x, change) else {
        return Ok(());
    };
    x.clients
        .elb
        .delete_load_balancer()
        .load_balancer_arn(&arn)
        .send()
        .await
        .map_err(|e| x.sdk_error(change, "elasticloadbalancing:DeleteLoadBalancer", &e))?;
    let arn = arn.as_str();
    x.wait_for(change, "load balancer deleted", move || async move {
        match x
            .clients
            .elb
            .describe_load_balancers()
            .load_balancer_arns(arn)
            .send()
            .await
        {
            Ok(out) => Ok(out.load_balancers().is_empty().then_some(())),
            Err(e)
                if e.as_service_error()
                    .is_some_and(|s| s.is_load_balancer_not_found_exception())
                    || AwsError::code_of(&e) == Some("LoadBalancerNotFound") =>
            {
                Ok(Some(()))
            }
            Err(e) => Err(x.sdk_error(change, "elasticloadbalancing:DescribeLoadBalancers", &e)),
        }
    })
    .await?;
    x.forget_arn(&change.address);
    Ok(())
}

// ---- target group -------------------------------------------------------------------

/// The health check fields ModifyTargetGroup can change, as the documents name them.
const HEALTH_CHECK_FIELDS: [&str; 9] = [
    "healthCheckProtocol",
    "healthCheckPort",
    "healthCheckEnabled",
    "healthCheckPath",
    "healthCheckIntervalSeconds",
    "healthCheckTimeoutSeconds",
    "healthyThresholdCount",
    "unhealthyThresholdCount",
    "matcher",
];

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
async fn create_group(
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
async fn set_group_attributes(
    x: &AwsExecutor<'_>,
    change: &Change,
    tg: &spec::TargetGroup,
    arn: &str,
) -> Result<(), ActionError> {
    set_attributes_of_group(x, change, tg.attributes.as_deref().unwrap_or_default(), arn).await
}

/// ModifyTargetGroupAttributes with these attributes, when there are some.
async fn set_attributes_of_group(
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
async fn delete_group(x: &AwsExecutor<'_>, change: &Change, arn: &str) -> Result<(), ActionError> {
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
async fn update_target_group(x: &AwsExecutor<'_>, change: &Change) -> Result<(), ActionError> {
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

// ---- target group replacement -------------------------------------------------------

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
fn temporary_name(name: &str, desired_hash: Option<&str>) -> String {
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
async fn ensure_temporary_group(
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
async fn load_balancers_of(
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
fn services_on(x: &AwsExecutor<'_>, name: &str, groups: &[&str]) -> Vec<String> {
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
async fn move_forwards(
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
async fn listeners_of(
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
async fn move_rules(
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
fn retarget(actions: &[sdk::Action], from: &str, to: &str) -> Option<Vec<sdk::Action>> {
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
async fn move_services(
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

// ---- listener -----------------------------------------------------------------------

/// A listener (`<loadBalancer>:<port>`). Create: CreateListener on the load balancer the
/// file names, the actions' target groups resolved to ARNs, then ModifyListenerAttributes
/// when the file gives attributes. Update: ModifyListener with the whole desired
/// definition when more than tags or attributes changed (ModifyListener keeps what it is
/// not given, so a mutual authentication the file dropped is sent as mode `off` and a
/// dropped ALPN policy as `None`), ModifyListenerAttributes when the attributes changed,
/// then the tags. Delete: DeleteListener (already gone counts as deleted).
pub(crate) async fn listener(
    x: &AwsExecutor<'_>,
    change: &Change,
    op: Op,
) -> Result<(), ActionError> {
    match op {
        Op::Create => create_listener(x, change).await,
        Op::Update => update_listener(x, change).await,
        Op::Delete => {
            if let Some(arn) = arn_to_delete(x, change) {
                let result = x
                    .clients
                    .elb
                    .delete_listener()
                    .listener_arn(&arn)
                    .send()
                    .await;
                x.deleted(
                    change,
                    "elasticloadbalancing:DeleteListener",
                    result,
                    &["ListenerNotFound"],
                )?;
            }
            x.forget_arn(&change.address);
            Ok(())
        }
    }
}

/// CreateListener on the load balancer the file names (a name of the stack or an ARN),
/// the target groups of the default actions resolved to ARNs; records the ARN AWS
/// returns, then sets the file's attributes (CreateListener takes none).
async fn create_listener(x: &AwsExecutor<'_>, change: &Change) -> Result<(), ActionError> {
    const CALL: &str = "elasticloadbalancing:CreateListener";
    let l: spec::Listener = x.spec(change)?;
    let lb_arn = reference_arn(x, change, Kind::LoadBalancer, &l.load_balancer)?;
    let actions = actions_to_sdk(x, change, CALL, &l.default_actions)?;
    let out = l
        .to_request(x.clients.elb.create_listener())
        .map_err(|e| x.invalid_request(change, CALL, &e))?
        .load_balancer_arn(lb_arn)
        .set_default_actions(Some(actions))
        .set_tags(Some(elb_tags(x.owned_tags(change, l.tags.as_deref()))))
        .send()
        .await
        .map_err(|e| x.sdk_error(change, CALL, &e))?;
    let arn = out
        .listeners()
        .first()
        .and_then(|l| l.listener_arn())
        .map(str::to_owned)
        .ok_or_else(|| x.fail(change, CALL, "MissingArn", "AWS returned no listener ARN"))?;
    x.record_arn(&change.address, &arn);
    if let Some(attributes) = non_empty(l.attributes.as_deref()) {
        modify_listener_attributes(x, change, &arn, attributes).await?;
    }
    Ok(())
}

/// ModifyListenerAttributes: AWS changes the attributes given and keeps the others.
async fn modify_listener_attributes(
    x: &AwsExecutor<'_>,
    change: &Change,
    arn: &str,
    attributes: &[spec::Attribute],
) -> Result<(), ActionError> {
    x.clients
        .elb
        .modify_listener_attributes()
        .listener_arn(arn)
        .set_attributes(Some(conv::attributes_to_sdk(attributes)))
        .send()
        .await
        .map_err(|e| x.sdk_error(change, "elasticloadbalancing:ModifyListenerAttributes", &e))?;
    Ok(())
}

/// ModifyListener with the whole desired definition (AWS keeps what it is not given, so a
/// dropped mutual authentication is sent as mode `off`, a dropped ALPN policy as `None`),
/// the attributes when they changed, then the tags.
async fn update_listener(x: &AwsExecutor<'_>, change: &Change) -> Result<(), ActionError> {
    const CALL: &str = "elasticloadbalancing:ModifyListener";
    let l: spec::Listener = x.spec(change)?;
    let arn = own_arn(x, change)?;
    if changed_besides(change, &["tags", "attributes"]) {
        let actions = actions_to_sdk(x, change, CALL, &l.default_actions)?;
        let mutual_authentication = match &l.mutual_authentication {
            Some(m) => m.to_sdk().ok(),
            None if changed(change, "mutualAuthentication") => Some(
                sdk::MutualAuthenticationAttributes::builder()
                    .mode("off")
                    .build(),
            ),
            None => None,
        };
        let alpn_policy = match &l.alpn_policy {
            Some(p) => Some(p.clone()),
            None if changed(change, "alpnPolicy") => Some(vec!["None".to_owned()]),
            None => None,
        };
        x.clients
            .elb
            .modify_listener()
            .listener_arn(&arn)
            .set_protocol(l.protocol.map(Into::into))
            .port(l.port)
            .set_ssl_policy(l.ssl_policy.clone())
            .set_certificates(
                l.certificates
                    .as_ref()
                    .map(|c| c.iter().filter_map(|c| c.to_sdk().ok()).collect()),
            )
            .set_default_actions(Some(actions))
            .set_alpn_policy(alpn_policy)
            .set_mutual_authentication(mutual_authentication)
            .send()
            .await
            .map_err(|e| x.sdk_error(change, CALL, &e))?;
    }
    if changed(change, "attributes")
        && let Some(attributes) = non_empty(l.attributes.as_deref())
    {
        modify_listener_attributes(x, change, &arn, attributes).await?;
    }
    retag(x, change, &arn, l.tags.as_deref()).await
}

// ---- listener rule ------------------------------------------------------------------

/// A listener rule (`<loadBalancer>:<port>/<priority>`). Create: CreateRule on the
/// listener the file names (`<loadBalancer>:<port>`, or an ARN). Update: ModifyRule with
/// the conditions, actions and transforms when more than the tags changed (transforms the
/// file dropped are removed with ResetTransforms), then the tags. Delete: DeleteRule
/// (already gone counts as deleted). A priority change is a new address, so a delete and a
/// create.
pub(crate) async fn listener_rule(
    x: &AwsExecutor<'_>,
    change: &Change,
    op: Op,
) -> Result<(), ActionError> {
    match op {
        Op::Create => create_rule(x, change).await,
        Op::Update => update_rule(x, change).await,
        Op::Delete => {
            if let Some(arn) = arn_to_delete(x, change) {
                let result = x.clients.elb.delete_rule().rule_arn(&arn).send().await;
                x.deleted(
                    change,
                    "elasticloadbalancing:DeleteRule",
                    result,
                    &["RuleNotFound"],
                )?;
            }
            x.forget_arn(&change.address);
            Ok(())
        }
    }
}

/// CreateRule on the listener the file names (`<loadBalancer>:<port>` or an ARN), the
/// actions' target groups resolved to ARNs; records the ARN AWS returns.
async fn create_rule(x: &AwsExecutor<'_>, change: &Change) -> Result<(), ActionError> {
    const CALL: &str = "elasticloadbalancing:CreateRule";
    let r: spec::ListenerRule = x.spec(change)?;
    let listener_arn = reference_arn(x, change, Kind::Listener, &r.listener)?;
    let actions = actions_to_sdk(x, change, CALL, &r.actions)?;
    let out = r
        .to_request(x.clients.elb.create_rule())
        .map_err(|e| x.invalid_request(change, CALL, &e))?
        .listener_arn(listener_arn)
        .set_actions(Some(actions))
        .set_tags(Some(elb_tags(x.owned_tags(change, r.tags.as_deref()))))
        .send()
        .await
        .map_err(|e| x.sdk_error(change, CALL, &e))?;
    let arn = out
        .rules()
        .first()
        .and_then(|r| r.rule_arn())
        .map(str::to_owned)
        .ok_or_else(|| x.fail(change, CALL, "MissingArn", "AWS returned no rule ARN"))?;
    x.record_arn(&change.address, arn);
    Ok(())
}

/// ModifyRule with the conditions, actions and transforms (AWS replaces each list it is
/// given; transforms the file dropped go with ResetTransforms, which AWS refuses together
/// with Transforms), then the tags.
async fn update_rule(x: &AwsExecutor<'_>, change: &Change) -> Result<(), ActionError> {
    const CALL: &str = "elasticloadbalancing:ModifyRule";
    let r: spec::ListenerRule = x.spec(change)?;
    let arn = own_arn(x, change)?;
    if changed_besides(change, &["tags"]) {
        let actions = actions_to_sdk(x, change, CALL, &r.actions)?;
        let request = x
            .clients
            .elb
            .modify_rule()
            .rule_arn(&arn)
            .set_conditions(Some(
                r.conditions
                    .iter()
                    .filter_map(|c| c.to_sdk().ok())
                    .collect(),
            ))
            .set_actions(Some(actions));
        let request = match &r.transforms {
            Some(t) => {
                request.set_transforms(Some(t.iter().filter_map(|t| t.to_sdk().ok()).collect()))
            }
            None if changed(change, "transforms") => request.reset_transforms(true),
            None => request,
        };
        request
            .send()
            .await
            .map_err(|e| x.sdk_error(change, CALL, &e))?;
    }
    retag(x, change, &arn, r.tags.as_deref()).await
}
