//! The executor of a load balancer (elb).

#[allow(clippy::wildcard_imports)]
use super::*;

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
pub(super) async fn create_load_balancer(
    x: &AwsExecutor<'_>,
    change: &Change,
) -> Result<(), ActionError> {
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
pub(super) async fn modify_load_balancer_attributes(
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
pub(super) async fn update_load_balancer(
    x: &AwsExecutor<'_>,
    change: &Change,
) -> Result<(), ActionError> {
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
pub(super) async fn set_ip_address_type(
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
pub(super) async fn delete_load_balancer(
    x: &AwsExecutor<'_>,
    change: &Change,
) -> Result<(), ActionError> {
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
