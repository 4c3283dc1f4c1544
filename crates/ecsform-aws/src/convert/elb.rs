//! Elastic Load Balancing v2: conversions between the SDK's shapes
//! (`aws_sdk_elasticloadbalancingv2::types`) and the stack file's (`ecsform_spec::types`).
//!
//! - SDK -> spec (`*_from_sdk`): what the Describe* calls return, as a stack file would say
//!   it. ARNs stay ARNs: an action's `targetGroupArn` is kept and its `targetGroup` is
//!   `None`; mapping ARNs to the stack's names is the model's job. `lifecycle` is always
//!   `None` (an ecsform setting, not AWS state).
//! - spec -> SDK (`*_to_sdk`): the shapes Create*/Modify* take. A `targetGroup` name becomes
//!   an ARN through the caller's resolver.
//! - Enums go through their wire strings. An SDK value that a spec enum does not know (one
//!   newer than ecsform) never panics: the optional field holding it becomes `None`; where
//!   the spec requires the value, the function's documented fallback applies.
//! - Lists that come from separate calls (attributes, tags) are `None` when empty, as in a
//!   stack file that leaves them out; lists inside an SDK shape are kept as the SDK holds them
//!   (absent stays `None`, empty stays empty). Normalizing AWS's defaults against the stack
//!   file is the planner's job, not this module's.

use std::collections::{BTreeMap, HashMap};

use aws_sdk_elasticloadbalancingv2::types;
use aws_smithy_types::error::operation::BuildError;
use ecsform_spec::types as spec;

/// The wire string of a spec enum value (its serde name). Unit variants always serialize
/// to a string; the empty string is an unreachable fallback that keeps this panic-free.
macro_rules! wire {
    ($value:expr) => {
        match serde_json::to_value($value) {
            Ok(serde_json::Value::String(s)) => s,
            _ => String::new(),
        }
    };
}

/// A spec enum from an SDK enum, by wire string; `None` when the spec does not know it.
macro_rules! from_sdk_enum {
    ($sdk:expr) => {
        serde_json::from_value(serde_json::Value::String($sdk.as_str().to_owned())).ok()
    };
}

// ---------------------------------------------------------------------------------------
// Enums
// ---------------------------------------------------------------------------------------

/// A listener or target group protocol, for the SDK.
pub fn protocol_to_sdk(p: spec::ElbProtocol) -> types::ProtocolEnum {
    types::ProtocolEnum::from(wire!(p).as_str())
}

/// A listener or target group protocol from the SDK; `None` if ecsform does not know it.
pub fn protocol_from_sdk(p: &types::ProtocolEnum) -> Option<spec::ElbProtocol> {
    from_sdk_enum!(p)
}

/// A load balancer scheme, for the SDK.
pub fn scheme_to_sdk(s: spec::LoadBalancerScheme) -> types::LoadBalancerSchemeEnum {
    types::LoadBalancerSchemeEnum::from(wire!(s).as_str())
}

/// A load balancer type, for the SDK.
pub fn load_balancer_type_to_sdk(t: spec::LoadBalancerType) -> types::LoadBalancerTypeEnum {
    types::LoadBalancerTypeEnum::from(wire!(t).as_str())
}

/// A load balancer IP address type, for the SDK.
pub fn load_balancer_ip_address_type_to_sdk(
    t: spec::LoadBalancerIpAddressType,
) -> types::IpAddressType {
    types::IpAddressType::from(wire!(t).as_str())
}

/// A load balancer's IPv6 source NAT prefix setting, for the SDK.
pub fn enable_prefix_for_ipv6_source_nat_to_sdk(
    v: spec::EnablePrefixForIpv6SourceNat,
) -> types::EnablePrefixForIpv6SourceNatEnum {
    types::EnablePrefixForIpv6SourceNatEnum::from(wire!(v).as_str())
}

/// A target group's target type, for the SDK.
pub fn target_type_to_sdk(t: spec::TargetGroupTargetType) -> types::TargetTypeEnum {
    types::TargetTypeEnum::from(wire!(t).as_str())
}

/// A target group's IP address type, for the SDK.
pub fn target_group_ip_address_type_to_sdk(
    t: spec::TargetGroupIpAddressType,
) -> types::TargetGroupIpAddressTypeEnum {
    types::TargetGroupIpAddressTypeEnum::from(wire!(t).as_str())
}

// ---------------------------------------------------------------------------------------
// Tags and attributes
// ---------------------------------------------------------------------------------------

/// Tags for the SDK (ELBv2's `Key`/`Value` shape).
pub fn tags_to_sdk(tags: &[spec::Tag]) -> Vec<types::Tag> {
    tags.iter()
        .map(|t| types::Tag::builder().key(&t.key).value(&t.value).build())
        .collect()
}

/// Tags from the SDK, in the SDK's order; `None` when there are none. A tag without a key
/// (which AWS never returns) is left out; a missing value becomes the empty string.
pub fn tags_from_sdk(tags: &[types::Tag]) -> Option<Vec<spec::Tag>> {
    non_empty(
        tags.iter()
            .filter_map(|t| {
                Some(spec::Tag {
                    key: t.key.clone()?,
                    value: t.value.clone().unwrap_or_default(),
                })
            })
            .collect(),
    )
}

/// Key/value pairs to spec attributes, in the given order; `None` when there are none. A
/// pair without a key is left out; a missing value becomes the empty string.
fn attributes_from<'a>(
    pairs: impl Iterator<Item = (Option<&'a str>, Option<&'a str>)>,
) -> Option<Vec<spec::Attribute>> {
    non_empty(
        pairs
            .filter_map(|(key, value)| {
                Some(spec::Attribute {
                    key: key?.to_owned(),
                    value: value.unwrap_or_default().to_owned(),
                })
            })
            .collect(),
    )
}

/// Load balancer attributes for ModifyLoadBalancerAttributes.
pub fn load_balancer_attributes_to_sdk(
    attributes: &[spec::Attribute],
) -> Vec<types::LoadBalancerAttribute> {
    attributes
        .iter()
        .map(|a| {
            types::LoadBalancerAttribute::builder()
                .key(&a.key)
                .value(&a.value)
                .build()
        })
        .collect()
}

/// Load balancer attributes from DescribeLoadBalancerAttributes; `None` when there are none.
pub fn load_balancer_attributes_from_sdk(
    attributes: &[types::LoadBalancerAttribute],
) -> Option<Vec<spec::Attribute>> {
    attributes_from(attributes.iter().map(|a| (a.key(), a.value())))
}

/// Target group attributes for ModifyTargetGroupAttributes.
pub fn target_group_attributes_to_sdk(
    attributes: &[spec::Attribute],
) -> Vec<types::TargetGroupAttribute> {
    attributes
        .iter()
        .map(|a| {
            types::TargetGroupAttribute::builder()
                .key(&a.key)
                .value(&a.value)
                .build()
        })
        .collect()
}

/// Target group attributes from DescribeTargetGroupAttributes; `None` when there are none.
pub fn target_group_attributes_from_sdk(
    attributes: &[types::TargetGroupAttribute],
) -> Option<Vec<spec::Attribute>> {
    attributes_from(attributes.iter().map(|a| (a.key(), a.value())))
}

/// Listener attributes for ModifyListenerAttributes.
pub fn listener_attributes_to_sdk(attributes: &[spec::Attribute]) -> Vec<types::ListenerAttribute> {
    attributes
        .iter()
        .map(|a| {
            types::ListenerAttribute::builder()
                .key(&a.key)
                .value(&a.value)
                .build()
        })
        .collect()
}

/// Listener attributes from DescribeListenerAttributes; `None` when there are none.
pub fn listener_attributes_from_sdk(
    attributes: &[types::ListenerAttribute],
) -> Option<Vec<spec::Attribute>> {
    attributes_from(attributes.iter().map(|a| (a.key(), a.value())))
}

// ---------------------------------------------------------------------------------------
// Load balancer
// ---------------------------------------------------------------------------------------

/// A load balancer as the stack file would say it, from DescribeLoadBalancers, its
/// attributes and its tags.
///
/// `subnets` are the subnet IDs of the availability zones. `subnetMappings` is `None`
/// unless some zone carries an address only a caller can have chosen: an Elastic IP
/// allocation ID or a private IPv4 address (AWS reports neither for addresses it picked
/// itself). Then every zone becomes a mapping with its subnet ID, allocation ID and private
/// IPv4 address, and `subnets` is `None` (CreateLoadBalancer takes one or the other). A
/// zone's IPv6 address and source NAT IPv6 prefixes are never mapped: AWS reports the ones
/// it assigned (dualstack, `auto_assigned`) the same way as chosen ones, so they cannot be
/// told apart faithfully.
///
/// Not mapped (no spec field): the ARN, DNS name, hosted zone, VPC, state, creation time
/// and `enforceSecurityGroupInboundRulesOnPrivateLinkTraffic` (a SetSecurityGroups input).
pub fn load_balancer_from_sdk(
    lb: &types::LoadBalancer,
    attributes: &[types::LoadBalancerAttribute],
    tags: &[types::Tag],
) -> spec::LoadBalancer {
    let subnet_mappings = lb
        .availability_zones
        .as_deref()
        .and_then(subnet_mappings_from_zones);
    let subnets = match (&subnet_mappings, &lb.availability_zones) {
        (None, Some(zones)) => Some(zones.iter().filter_map(|z| z.subnet_id.clone()).collect()),
        _ => None,
    };
    spec::LoadBalancer {
        name: lb.load_balancer_name.clone().unwrap_or_default(),
        subnets,
        subnet_mappings,
        security_groups: lb.security_groups.clone(),
        scheme: lb.scheme.as_ref().and_then(|s| from_sdk_enum!(s)),
        load_balancer_type: lb.r#type.as_ref().and_then(|t| from_sdk_enum!(t)),
        ip_address_type: lb.ip_address_type.as_ref().and_then(|t| from_sdk_enum!(t)),
        customer_owned_ipv4_pool: lb.customer_owned_ipv4_pool.clone(),
        enable_prefix_for_ipv6_source_nat: lb
            .enable_prefix_for_ipv6_source_nat
            .as_ref()
            .and_then(|v| from_sdk_enum!(v)),
        ipam_pools: lb.ipam_pools.as_ref().map(|p| spec::IpamPools {
            ipv4_ipam_pool_id: p.ipv4_ipam_pool_id.clone(),
        }),
        tags: tags_from_sdk(tags),
        attributes: load_balancer_attributes_from_sdk(attributes),
        lifecycle: None,
    }
}

/// Subnet mappings from availability zones, if some zone has a caller-chosen address (see
/// [`load_balancer_from_sdk`]).
fn subnet_mappings_from_zones(
    zones: &[types::AvailabilityZone],
) -> Option<Vec<spec::SubnetMapping>> {
    let chosen = |a: &types::LoadBalancerAddress| {
        a.allocation_id.is_some() || a.private_ipv4_address.is_some()
    };
    if !zones
        .iter()
        .any(|z| z.load_balancer_addresses().iter().any(chosen))
    {
        return None;
    }
    Some(
        zones
            .iter()
            .map(|z| {
                let address = z.load_balancer_addresses().iter().find(|a| chosen(a));
                spec::SubnetMapping {
                    subnet_id: z.subnet_id.clone(),
                    allocation_id: address.and_then(|a| a.allocation_id.clone()),
                    private_ipv4_address: address.and_then(|a| a.private_ipv4_address.clone()),
                    ipv6_address: None,
                    source_nat_ipv6_prefix: None,
                }
            })
            .collect(),
    )
}

/// A subnet mapping for CreateLoadBalancer or SetSubnets.
pub fn subnet_mapping_to_sdk(m: &spec::SubnetMapping) -> types::SubnetMapping {
    types::SubnetMapping::builder()
        .set_subnet_id(m.subnet_id.clone())
        .set_allocation_id(m.allocation_id.clone())
        .set_private_ipv4_address(m.private_ipv4_address.clone())
        .set_ipv6_address(m.ipv6_address.clone())
        .set_source_nat_ipv6_prefix(m.source_nat_ipv6_prefix.clone())
        .build()
}

/// IPAM pools for CreateLoadBalancer or ModifyIpPools.
pub fn ipam_pools_to_sdk(p: &spec::IpamPools) -> types::IpamPools {
    types::IpamPools::builder()
        .set_ipv4_ipam_pool_id(p.ipv4_ipam_pool_id.clone())
        .build()
}

// ---------------------------------------------------------------------------------------
// Target group
// ---------------------------------------------------------------------------------------

/// A target group as the stack file would say it, from DescribeTargetGroups, its attributes
/// and its tags. Not mapped (no spec field): the ARN and `loadBalancerArns`.
pub fn target_group_from_sdk(
    tg: &types::TargetGroup,
    attributes: &[types::TargetGroupAttribute],
    tags: &[types::Tag],
) -> spec::TargetGroup {
    spec::TargetGroup {
        name: tg.target_group_name.clone().unwrap_or_default(),
        protocol: tg.protocol.as_ref().and_then(protocol_from_sdk),
        protocol_version: tg.protocol_version.clone(),
        port: tg.port,
        vpc_id: tg.vpc_id.clone(),
        health_check_protocol: tg
            .health_check_protocol
            .as_ref()
            .and_then(protocol_from_sdk),
        health_check_port: tg.health_check_port.clone(),
        health_check_enabled: tg.health_check_enabled,
        health_check_path: tg.health_check_path.clone(),
        health_check_interval_seconds: tg.health_check_interval_seconds,
        health_check_timeout_seconds: tg.health_check_timeout_seconds,
        healthy_threshold_count: tg.healthy_threshold_count,
        unhealthy_threshold_count: tg.unhealthy_threshold_count,
        matcher: tg.matcher.as_ref().map(matcher_from_sdk),
        target_type: tg.target_type.as_ref().and_then(|t| from_sdk_enum!(t)),
        ip_address_type: tg.ip_address_type.as_ref().and_then(|t| from_sdk_enum!(t)),
        target_control_port: tg.target_control_port,
        tags: tags_from_sdk(tags),
        attributes: target_group_attributes_from_sdk(attributes),
        lifecycle: None,
    }
}

/// A health check matcher for the SDK.
pub fn matcher_to_sdk(m: &spec::Matcher) -> types::Matcher {
    types::Matcher::builder()
        .set_http_code(m.http_code.clone())
        .set_grpc_code(m.grpc_code.clone())
        .build()
}

/// A health check matcher from the SDK.
pub fn matcher_from_sdk(m: &types::Matcher) -> spec::Matcher {
    spec::Matcher {
        http_code: m.http_code.clone(),
        grpc_code: m.grpc_code.clone(),
    }
}

// ---------------------------------------------------------------------------------------
// Listener
// ---------------------------------------------------------------------------------------

/// A listener as the stack file would say it, from DescribeListeners, its attributes and
/// its tags. `loadBalancer` is `load_balancer_name` (the caller maps the listener's load
/// balancer ARN). A missing port (which AWS never returns) becomes 0. Not mapped: the
/// listener's ARN and load balancer ARN.
pub fn listener_from_sdk(
    l: &types::Listener,
    load_balancer_name: &str,
    attributes: &[types::ListenerAttribute],
    tags: &[types::Tag],
) -> spec::Listener {
    spec::Listener {
        load_balancer: load_balancer_name.to_owned(),
        protocol: l.protocol.as_ref().and_then(protocol_from_sdk),
        port: l.port.unwrap_or_default(),
        ssl_policy: l.ssl_policy.clone(),
        certificates: l
            .certificates
            .as_ref()
            .map(|cs| cs.iter().map(certificate_from_sdk).collect()),
        default_actions: l.default_actions().iter().map(action_from_sdk).collect(),
        alpn_policy: l.alpn_policy.clone(),
        mutual_authentication: l
            .mutual_authentication
            .as_ref()
            .map(mutual_authentication_from_sdk),
        tags: tags_from_sdk(tags),
        attributes: listener_attributes_from_sdk(attributes),
        lifecycle: None,
    }
}

/// A listener certificate for the SDK.
pub fn certificate_to_sdk(c: &spec::ListenerCertificate) -> types::Certificate {
    types::Certificate::builder()
        .set_certificate_arn(c.certificate_arn.clone())
        .set_is_default(c.is_default)
        .build()
}

/// A listener certificate from the SDK.
pub fn certificate_from_sdk(c: &types::Certificate) -> spec::ListenerCertificate {
    spec::ListenerCertificate {
        certificate_arn: c.certificate_arn.clone(),
        is_default: c.is_default,
    }
}

/// Mutual authentication (mTLS) settings for the SDK.
pub fn mutual_authentication_to_sdk(
    m: &spec::MutualAuthenticationAttributes,
) -> types::MutualAuthenticationAttributes {
    types::MutualAuthenticationAttributes::builder()
        .set_mode(m.mode.clone())
        .set_trust_store_arn(m.trust_store_arn.clone())
        .set_ignore_client_certificate_expiry(m.ignore_client_certificate_expiry)
        .set_trust_store_association_status(
            m.trust_store_association_status
                .map(|s| types::TrustStoreAssociationStatusEnum::from(wire!(s).as_str())),
        )
        .set_advertise_trust_store_ca_names(
            m.advertise_trust_store_ca_names
                .map(|v| types::AdvertiseTrustStoreCaNamesEnum::from(wire!(v).as_str())),
        )
        .build()
}

/// Mutual authentication (mTLS) settings from the SDK.
pub fn mutual_authentication_from_sdk(
    m: &types::MutualAuthenticationAttributes,
) -> spec::MutualAuthenticationAttributes {
    spec::MutualAuthenticationAttributes {
        mode: m.mode.clone(),
        trust_store_arn: m.trust_store_arn.clone(),
        ignore_client_certificate_expiry: m.ignore_client_certificate_expiry,
        trust_store_association_status: m
            .trust_store_association_status
            .as_ref()
            .and_then(|s| from_sdk_enum!(s)),
        advertise_trust_store_ca_names: m
            .advertise_trust_store_ca_names
            .as_ref()
            .and_then(|v| from_sdk_enum!(v)),
    }
}

// ---------------------------------------------------------------------------------------
// Listener rule
// ---------------------------------------------------------------------------------------

/// A listener rule as the stack file would say it, from DescribeRules and its tags;
/// `listener` is the `<loadBalancer>:<port>` address the caller gives.
///
/// `None` for the listener's default rule (`isDefault`, priority `default`), which the
/// stack file expresses as the listener's `defaultActions`, and for a priority that is not a
/// number (which AWS never returns). Not mapped: the rule's ARN.
pub fn rule_from_sdk(
    r: &types::Rule,
    listener: &str,
    tags: &[types::Tag],
) -> Option<spec::ListenerRule> {
    if r.is_default == Some(true) {
        return None;
    }
    let priority = r.priority.as_deref()?.parse::<i32>().ok()?;
    Some(spec::ListenerRule {
        listener: listener.to_owned(),
        priority,
        conditions: r.conditions().iter().map(rule_condition_from_sdk).collect(),
        actions: r.actions().iter().map(action_from_sdk).collect(),
        transforms: r
            .transforms
            .as_ref()
            .map(|ts| ts.iter().filter_map(rule_transform_from_sdk).collect()),
        tags: tags_from_sdk(tags),
        lifecycle: None,
    })
}

/// A rule condition for the SDK.
pub fn rule_condition_to_sdk(c: &spec::RuleCondition) -> types::RuleCondition {
    types::RuleCondition::builder()
        .set_field(c.field.clone())
        .set_values(c.values.clone())
        .set_host_header_config(c.host_header_config.as_ref().map(|h| {
            types::HostHeaderConditionConfig::builder()
                .set_values(h.values.clone())
                .set_regex_values(h.regex_values.clone())
                .build()
        }))
        .set_path_pattern_config(c.path_pattern_config.as_ref().map(|p| {
            types::PathPatternConditionConfig::builder()
                .set_values(p.values.clone())
                .set_regex_values(p.regex_values.clone())
                .build()
        }))
        .set_http_header_config(c.http_header_config.as_ref().map(|h| {
            types::HttpHeaderConditionConfig::builder()
                .set_http_header_name(h.http_header_name.clone())
                .set_values(h.values.clone())
                .set_regex_values(h.regex_values.clone())
                .build()
        }))
        .set_query_string_config(c.query_string_config.as_ref().map(|q| {
            types::QueryStringConditionConfig::builder()
                .set_values(q.values.as_ref().map(|vs| {
                    vs.iter()
                        .map(|kv| {
                            types::QueryStringKeyValuePair::builder()
                                .set_key(kv.key.clone())
                                .set_value(kv.value.clone())
                                .build()
                        })
                        .collect()
                }))
                .build()
        }))
        .set_http_request_method_config(c.http_request_method_config.as_ref().map(|m| {
            types::HttpRequestMethodConditionConfig::builder()
                .set_values(m.values.clone())
                .build()
        }))
        .set_source_ip_config(c.source_ip_config.as_ref().map(|s| {
            types::SourceIpConditionConfig::builder()
                .set_values(s.values.clone())
                .set_ip_address_type(
                    s.ip_address_type
                        .map(|t| types::SourceIpAddressTypeEnum::from(wire!(t).as_str())),
                )
                .build()
        }))
        .set_regex_values(c.regex_values.clone())
        .build()
}

/// A rule condition from the SDK.
pub fn rule_condition_from_sdk(c: &types::RuleCondition) -> spec::RuleCondition {
    spec::RuleCondition {
        field: c.field.clone(),
        values: c.values.clone(),
        host_header_config: c.host_header_config.as_ref().map(|h| {
            spec::HostHeaderConditionConfig {
                values: h.values.clone(),
                regex_values: h.regex_values.clone(),
            }
        }),
        path_pattern_config: c.path_pattern_config.as_ref().map(|p| {
            spec::PathPatternConditionConfig {
                values: p.values.clone(),
                regex_values: p.regex_values.clone(),
            }
        }),
        http_header_config: c.http_header_config.as_ref().map(|h| {
            spec::HttpHeaderConditionConfig {
                http_header_name: h.http_header_name.clone(),
                values: h.values.clone(),
                regex_values: h.regex_values.clone(),
            }
        }),
        query_string_config: c.query_string_config.as_ref().map(|q| {
            spec::QueryStringConditionConfig {
                values: q.values.as_ref().map(|vs| {
                    vs.iter()
                        .map(|kv| spec::QueryStringKeyValuePair {
                            key: kv.key.clone(),
                            value: kv.value.clone(),
                        })
                        .collect()
                }),
            }
        }),
        http_request_method_config: c.http_request_method_config.as_ref().map(|m| {
            spec::HttpRequestMethodConditionConfig {
                values: m.values.clone(),
            }
        }),
        source_ip_config: c
            .source_ip_config
            .as_ref()
            .map(|s| spec::SourceIpConditionConfig {
                values: s.values.clone(),
                ip_address_type: s.ip_address_type.as_ref().and_then(|t| from_sdk_enum!(t)),
            }),
        regex_values: c.regex_values.clone(),
    }
}

/// A rule transform for the SDK.
pub fn rule_transform_to_sdk(t: &spec::RuleTransform) -> types::RuleTransform {
    types::RuleTransform::builder()
        .r#type(types::TransformTypeEnum::from(
            wire!(t.transform_type).as_str(),
        ))
        .set_host_header_rewrite_config(t.host_header_rewrite_config.as_ref().map(|h| {
            types::HostHeaderRewriteConfig::builder()
                .set_rewrites(h.rewrites.as_deref().map(rewrites_to_sdk))
                .build()
        }))
        .set_url_rewrite_config(t.url_rewrite_config.as_ref().map(|u| {
            types::UrlRewriteConfig::builder()
                .set_rewrites(u.rewrites.as_deref().map(rewrites_to_sdk))
                .build()
        }))
        .build()
}

/// A rule transform from the SDK; `None` when its type is missing or unknown to ecsform.
pub fn rule_transform_from_sdk(t: &types::RuleTransform) -> Option<spec::RuleTransform> {
    Some(spec::RuleTransform {
        transform_type: t.r#type.as_ref().and_then(|t| from_sdk_enum!(t))?,
        host_header_rewrite_config: t.host_header_rewrite_config.as_ref().map(|h| {
            spec::HostHeaderRewriteConfig {
                rewrites: h.rewrites.as_deref().map(rewrites_from_sdk),
            }
        }),
        url_rewrite_config: t
            .url_rewrite_config
            .as_ref()
            .map(|u| spec::UrlRewriteConfig {
                rewrites: u.rewrites.as_deref().map(rewrites_from_sdk),
            }),
    })
}

fn rewrites_to_sdk(rewrites: &[spec::RewriteConfig]) -> Vec<types::RewriteConfig> {
    rewrites
        .iter()
        .map(|r| {
            types::RewriteConfig::builder()
                .regex(&r.regex)
                .replace(&r.replace)
                .build()
        })
        .collect()
}

fn rewrites_from_sdk(rewrites: &[types::RewriteConfig]) -> Vec<spec::RewriteConfig> {
    rewrites
        .iter()
        .map(|r| spec::RewriteConfig {
            regex: r.regex.clone().unwrap_or_default(),
            replace: r.replace.clone().unwrap_or_default(),
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Actions
// ---------------------------------------------------------------------------------------

/// An action from the SDK. `targetGroupArn` (also in `forwardConfig`'s tuples) stays an
/// ARN and `targetGroup` is `None`.
///
/// AWS returns a simple forward action with both `targetGroupArn` and a one-tuple
/// `forwardConfig`; both are kept as returned.
///
/// An action type missing or unknown to ecsform is inferred from the configuration the
/// action carries (forward when it carries none it knows). A redirect whose status code is
/// unknown loses its `redirectConfig`; a JWT claim whose format is unknown is left out.
pub fn action_from_sdk(a: &types::Action) -> spec::Action {
    let action_type = a
        .r#type
        .as_ref()
        .and_then(|t| from_sdk_enum!(t))
        .unwrap_or_else(|| infer_action_type(a));
    spec::Action {
        action_type,
        order: a.order,
        target_group: None,
        target_group_arn: a.target_group_arn.clone(),
        forward_config: a.forward_config.as_ref().map(forward_config_from_sdk),
        redirect_config: a.redirect_config.as_ref().and_then(redirect_from_sdk),
        fixed_response_config: a.fixed_response_config.as_ref().map(|f| {
            spec::FixedResponseActionConfig {
                message_body: f.message_body.clone(),
                status_code: f.status_code.clone().unwrap_or_default(),
                content_type: f.content_type.clone(),
            }
        }),
        authenticate_oidc_config: a.authenticate_oidc_config.as_ref().map(oidc_from_sdk),
        authenticate_cognito_config: a.authenticate_cognito_config.as_ref().map(cognito_from_sdk),
        jwt_validation_config: a.jwt_validation_config.as_ref().map(jwt_from_sdk),
    }
}

fn infer_action_type(a: &types::Action) -> spec::ActionType {
    if a.authenticate_oidc_config.is_some() {
        spec::ActionType::AuthenticateOidc
    } else if a.authenticate_cognito_config.is_some() {
        spec::ActionType::AuthenticateCognito
    } else if a.jwt_validation_config.is_some() {
        spec::ActionType::JwtValidation
    } else if a.redirect_config.is_some() {
        spec::ActionType::Redirect
    } else if a.fixed_response_config.is_some() {
        spec::ActionType::FixedResponse
    } else {
        spec::ActionType::Forward
    }
}

/// An action for the SDK. A `targetGroup` name (of the action or of a `forwardConfig`
/// tuple) becomes an ARN through `resolve_tg`; when it does not resolve the ARN is left
/// unset and AWS reports the error. Without a name, `targetGroupArn` is passed on.
///
/// No member of ELBv2's action shapes is required by the SDK's builders, so this never
/// fails with this SDK version; the `Result` keeps the signature stable if that changes.
pub fn action_to_sdk(
    a: &spec::Action,
    resolve_tg: &dyn Fn(&str) -> Option<String>,
) -> Result<types::Action, BuildError> {
    Ok(types::Action::builder()
        .r#type(types::ActionTypeEnum::from(wire!(a.action_type).as_str()))
        .set_order(a.order)
        .set_target_group_arn(target_group_arn(
            a.target_group.as_deref(),
            a.target_group_arn.as_deref(),
            resolve_tg,
        ))
        .set_forward_config(
            a.forward_config
                .as_ref()
                .map(|f| forward_config_to_sdk(f, resolve_tg)),
        )
        .set_redirect_config(a.redirect_config.as_ref().map(redirect_to_sdk))
        .set_fixed_response_config(a.fixed_response_config.as_ref().map(|f| {
            types::FixedResponseActionConfig::builder()
                .set_message_body(f.message_body.clone())
                .status_code(&f.status_code)
                .set_content_type(f.content_type.clone())
                .build()
        }))
        .set_authenticate_oidc_config(a.authenticate_oidc_config.as_ref().map(oidc_to_sdk))
        .set_authenticate_cognito_config(a.authenticate_cognito_config.as_ref().map(cognito_to_sdk))
        .set_jwt_validation_config(a.jwt_validation_config.as_ref().map(jwt_to_sdk))
        .build())
}

fn target_group_arn(
    name: Option<&str>,
    arn: Option<&str>,
    resolve_tg: &dyn Fn(&str) -> Option<String>,
) -> Option<String> {
    match name {
        Some(name) => resolve_tg(name),
        None => arn.map(str::to_owned),
    }
}

fn forward_config_to_sdk(
    f: &spec::ForwardActionConfig,
    resolve_tg: &dyn Fn(&str) -> Option<String>,
) -> types::ForwardActionConfig {
    types::ForwardActionConfig::builder()
        .set_target_groups(f.target_groups.as_ref().map(|tgs| {
            tgs.iter()
                .map(|t| {
                    types::TargetGroupTuple::builder()
                        .set_target_group_arn(target_group_arn(
                            t.target_group.as_deref(),
                            t.target_group_arn.as_deref(),
                            resolve_tg,
                        ))
                        .set_weight(t.weight)
                        .build()
                })
                .collect()
        }))
        .set_target_group_stickiness_config(f.target_group_stickiness_config.as_ref().map(|s| {
            types::TargetGroupStickinessConfig::builder()
                .set_enabled(s.enabled)
                .set_duration_seconds(s.duration_seconds)
                .build()
        }))
        .build()
}

fn forward_config_from_sdk(f: &types::ForwardActionConfig) -> spec::ForwardActionConfig {
    spec::ForwardActionConfig {
        target_groups: f.target_groups.as_ref().map(|tgs| {
            tgs.iter()
                .map(|t| spec::TargetGroupTuple {
                    target_group: None,
                    target_group_arn: t.target_group_arn.clone(),
                    weight: t.weight,
                })
                .collect()
        }),
        target_group_stickiness_config: f.target_group_stickiness_config.as_ref().map(|s| {
            spec::TargetGroupStickinessConfig {
                enabled: s.enabled,
                duration_seconds: s.duration_seconds,
            }
        }),
    }
}

fn redirect_to_sdk(r: &spec::RedirectActionConfig) -> types::RedirectActionConfig {
    types::RedirectActionConfig::builder()
        .set_protocol(r.protocol.clone())
        .set_port(r.port.clone())
        .set_host(r.host.clone())
        .set_path(r.path.clone())
        .set_query(r.query.clone())
        .status_code(types::RedirectActionStatusCodeEnum::from(
            wire!(r.status_code).as_str(),
        ))
        .build()
}

fn redirect_from_sdk(r: &types::RedirectActionConfig) -> Option<spec::RedirectActionConfig> {
    Some(spec::RedirectActionConfig {
        protocol: r.protocol.clone(),
        port: r.port.clone(),
        host: r.host.clone(),
        path: r.path.clone(),
        query: r.query.clone(),
        status_code: r.status_code.as_ref().and_then(|s| from_sdk_enum!(s))?,
    })
}

fn params_to_sdk(params: Option<&BTreeMap<String, String>>) -> Option<HashMap<String, String>> {
    params.map(|p| p.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
}

fn params_from_sdk(params: Option<&HashMap<String, String>>) -> Option<BTreeMap<String, String>> {
    params.map(|p| p.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
}

fn oidc_to_sdk(o: &spec::AuthenticateOidcActionConfig) -> types::AuthenticateOidcActionConfig {
    types::AuthenticateOidcActionConfig::builder()
        .issuer(&o.issuer)
        .authorization_endpoint(&o.authorization_endpoint)
        .token_endpoint(&o.token_endpoint)
        .user_info_endpoint(&o.user_info_endpoint)
        .client_id(&o.client_id)
        .set_client_secret(o.client_secret.clone())
        .set_session_cookie_name(o.session_cookie_name.clone())
        .set_scope(o.scope.clone())
        .set_session_timeout(o.session_timeout)
        .set_authentication_request_extra_params(params_to_sdk(
            o.authentication_request_extra_params.as_ref(),
        ))
        .set_on_unauthenticated_request(
            o.on_unauthenticated_request.map(|b| {
                types::AuthenticateOidcActionConditionalBehaviorEnum::from(wire!(b).as_str())
            }),
        )
        .set_use_existing_client_secret(o.use_existing_client_secret)
        .build()
}

fn oidc_from_sdk(o: &types::AuthenticateOidcActionConfig) -> spec::AuthenticateOidcActionConfig {
    spec::AuthenticateOidcActionConfig {
        issuer: o.issuer.clone().unwrap_or_default(),
        authorization_endpoint: o.authorization_endpoint.clone().unwrap_or_default(),
        token_endpoint: o.token_endpoint.clone().unwrap_or_default(),
        user_info_endpoint: o.user_info_endpoint.clone().unwrap_or_default(),
        client_id: o.client_id.clone().unwrap_or_default(),
        client_secret: o.client_secret.clone(),
        session_cookie_name: o.session_cookie_name.clone(),
        scope: o.scope.clone(),
        session_timeout: o.session_timeout,
        authentication_request_extra_params: params_from_sdk(
            o.authentication_request_extra_params.as_ref(),
        ),
        on_unauthenticated_request: o
            .on_unauthenticated_request
            .as_ref()
            .and_then(|b| from_sdk_enum!(b)),
        use_existing_client_secret: o.use_existing_client_secret,
    }
}

fn cognito_to_sdk(
    c: &spec::AuthenticateCognitoActionConfig,
) -> types::AuthenticateCognitoActionConfig {
    types::AuthenticateCognitoActionConfig::builder()
        .user_pool_arn(&c.user_pool_arn)
        .user_pool_client_id(&c.user_pool_client_id)
        .user_pool_domain(&c.user_pool_domain)
        .set_session_cookie_name(c.session_cookie_name.clone())
        .set_scope(c.scope.clone())
        .set_session_timeout(c.session_timeout)
        .set_authentication_request_extra_params(params_to_sdk(
            c.authentication_request_extra_params.as_ref(),
        ))
        .set_on_unauthenticated_request(c.on_unauthenticated_request.map(|b| {
            types::AuthenticateCognitoActionConditionalBehaviorEnum::from(wire!(b).as_str())
        }))
        .build()
}

fn cognito_from_sdk(
    c: &types::AuthenticateCognitoActionConfig,
) -> spec::AuthenticateCognitoActionConfig {
    spec::AuthenticateCognitoActionConfig {
        user_pool_arn: c.user_pool_arn.clone().unwrap_or_default(),
        user_pool_client_id: c.user_pool_client_id.clone().unwrap_or_default(),
        user_pool_domain: c.user_pool_domain.clone().unwrap_or_default(),
        session_cookie_name: c.session_cookie_name.clone(),
        scope: c.scope.clone(),
        session_timeout: c.session_timeout,
        authentication_request_extra_params: params_from_sdk(
            c.authentication_request_extra_params.as_ref(),
        ),
        on_unauthenticated_request: c
            .on_unauthenticated_request
            .as_ref()
            .and_then(|b| from_sdk_enum!(b)),
    }
}

fn jwt_to_sdk(j: &spec::JwtValidationActionConfig) -> types::JwtValidationActionConfig {
    types::JwtValidationActionConfig::builder()
        .jwks_endpoint(&j.jwks_endpoint)
        .issuer(&j.issuer)
        .set_additional_claims(j.additional_claims.as_ref().map(|claims| {
            claims
                .iter()
                .map(|c| {
                    types::JwtValidationActionAdditionalClaim::builder()
                        .format(types::JwtValidationActionAdditionalClaimFormatEnum::from(
                            wire!(c.format).as_str(),
                        ))
                        .name(&c.name)
                        .set_values(c.values.clone())
                        .build()
                })
                .collect()
        }))
        .build()
}

fn jwt_from_sdk(j: &types::JwtValidationActionConfig) -> spec::JwtValidationActionConfig {
    spec::JwtValidationActionConfig {
        jwks_endpoint: j.jwks_endpoint.clone().unwrap_or_default(),
        issuer: j.issuer.clone().unwrap_or_default(),
        additional_claims: j.additional_claims.as_ref().map(|claims| {
            claims
                .iter()
                .filter_map(|c| {
                    Some(spec::JwtValidationActionAdditionalClaim {
                        format: c.format.as_ref().and_then(|f| from_sdk_enum!(f))?,
                        name: c.name.clone().unwrap_or_default(),
                        values: c.values.clone(),
                    })
                })
                .collect()
        }),
    }
}

fn non_empty<T>(v: Vec<T>) -> Option<Vec<T>> {
    if v.is_empty() { None } else { Some(v) }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    const TG_ARN: &str =
        "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/0123456789abcdef";
    const TG2_ARN: &str =
        "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/api/fedcba9876543210";

    fn no_resolve(_: &str) -> Option<String> {
        None
    }

    fn round_trip(a: &spec::Action) -> spec::Action {
        action_from_sdk(&action_to_sdk(a, &no_resolve).unwrap())
    }

    fn base_action(action_type: spec::ActionType) -> spec::Action {
        spec::Action {
            action_type,
            order: None,
            target_group: None,
            target_group_arn: None,
            forward_config: None,
            redirect_config: None,
            fixed_response_config: None,
            authenticate_oidc_config: None,
            authenticate_cognito_config: None,
            jwt_validation_config: None,
        }
    }

    #[test]
    fn forward_with_target_group_arn_round_trips() {
        let a = spec::Action {
            order: Some(1),
            target_group_arn: Some(TG_ARN.into()),
            ..base_action(spec::ActionType::Forward)
        };
        assert_eq!(round_trip(&a), a);
    }

    #[test]
    fn forward_with_forward_config_round_trips() {
        let a = spec::Action {
            forward_config: Some(spec::ForwardActionConfig {
                target_groups: Some(vec![
                    spec::TargetGroupTuple {
                        target_group: None,
                        target_group_arn: Some(TG_ARN.into()),
                        weight: Some(80),
                    },
                    spec::TargetGroupTuple {
                        target_group: None,
                        target_group_arn: Some(TG2_ARN.into()),
                        weight: Some(20),
                    },
                ]),
                target_group_stickiness_config: Some(spec::TargetGroupStickinessConfig {
                    enabled: Some(true),
                    duration_seconds: Some(3600),
                }),
            }),
            ..base_action(spec::ActionType::Forward)
        };
        assert_eq!(round_trip(&a), a);
    }

    #[test]
    fn redirect_round_trips() {
        let a = spec::Action {
            order: Some(2),
            redirect_config: Some(spec::RedirectActionConfig {
                protocol: Some("HTTPS".into()),
                port: Some("443".into()),
                host: Some("#{host}".into()),
                path: Some("/#{path}".into()),
                query: Some("#{query}".into()),
                status_code: spec::RedirectActionStatusCode::Http301,
            }),
            ..base_action(spec::ActionType::Redirect)
        };
        assert_eq!(round_trip(&a), a);
    }

    #[test]
    fn fixed_response_round_trips() {
        let a = spec::Action {
            fixed_response_config: Some(spec::FixedResponseActionConfig {
                message_body: Some("not found".into()),
                status_code: "404".into(),
                content_type: Some("text/plain".into()),
            }),
            ..base_action(spec::ActionType::FixedResponse)
        };
        assert_eq!(round_trip(&a), a);
    }

    #[test]
    fn authenticate_oidc_round_trips() {
        let a = spec::Action {
            order: Some(1),
            authenticate_oidc_config: Some(spec::AuthenticateOidcActionConfig {
                issuer: "https://idp.example.com".into(),
                authorization_endpoint: "https://idp.example.com/authorize".into(),
                token_endpoint: "https://idp.example.com/token".into(),
                user_info_endpoint: "https://idp.example.com/userinfo".into(),
                client_id: "client".into(),
                client_secret: Some("secret".into()),
                session_cookie_name: Some("session".into()),
                scope: Some("openid email".into()),
                session_timeout: Some(3600),
                authentication_request_extra_params: Some(BTreeMap::from([
                    ("display".to_owned(), "page".to_owned()),
                    ("prompt".to_owned(), "login".to_owned()),
                ])),
                on_unauthenticated_request: Some(
                    spec::AuthenticateOidcActionConditionalBehavior::Deny,
                ),
                use_existing_client_secret: Some(false),
            }),
            ..base_action(spec::ActionType::AuthenticateOidc)
        };
        assert_eq!(round_trip(&a), a);
    }

    #[test]
    fn authenticate_cognito_round_trips() {
        let a = spec::Action {
            order: Some(1),
            authenticate_cognito_config: Some(spec::AuthenticateCognitoActionConfig {
                user_pool_arn: "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_abc"
                    .into(),
                user_pool_client_id: "client".into(),
                user_pool_domain: "auth.example.com".into(),
                session_cookie_name: Some("session".into()),
                scope: Some("openid".into()),
                session_timeout: Some(604_800),
                authentication_request_extra_params: Some(BTreeMap::from([(
                    "lang".to_owned(),
                    "en".to_owned(),
                )])),
                on_unauthenticated_request: Some(
                    spec::AuthenticateCognitoActionConditionalBehavior::Allow,
                ),
            }),
            ..base_action(spec::ActionType::AuthenticateCognito)
        };
        assert_eq!(round_trip(&a), a);
    }

    #[test]
    fn jwt_validation_round_trips() {
        let a = spec::Action {
            jwt_validation_config: Some(spec::JwtValidationActionConfig {
                jwks_endpoint: "https://idp.example.com/jwks".into(),
                issuer: "https://idp.example.com".into(),
                additional_claims: Some(vec![spec::JwtValidationActionAdditionalClaim {
                    format: spec::JwtValidationActionAdditionalClaimFormat::SpaceSeparatedValues,
                    name: "scope".into(),
                    values: Some(vec!["read".into(), "write".into()]),
                }]),
            }),
            ..base_action(spec::ActionType::JwtValidation)
        };
        assert_eq!(round_trip(&a), a);
    }

    #[test]
    fn target_group_names_resolve_to_arns() {
        let resolve = |name: &str| (name == "web").then(|| TG_ARN.to_owned());
        let a = spec::Action {
            target_group: Some("web".into()),
            forward_config: Some(spec::ForwardActionConfig {
                target_groups: Some(vec![
                    spec::TargetGroupTuple {
                        target_group: Some("web".into()),
                        target_group_arn: None,
                        weight: Some(1),
                    },
                    spec::TargetGroupTuple {
                        target_group: Some("missing".into()),
                        target_group_arn: None,
                        weight: Some(1),
                    },
                    spec::TargetGroupTuple {
                        target_group: None,
                        target_group_arn: Some(TG2_ARN.into()),
                        weight: Some(1),
                    },
                ]),
                target_group_stickiness_config: None,
            }),
            ..base_action(spec::ActionType::Forward)
        };
        let sdk = action_to_sdk(&a, &resolve).unwrap();
        assert_eq!(sdk.target_group_arn(), Some(TG_ARN));
        let tuples = sdk.forward_config().unwrap().target_groups();
        assert_eq!(tuples[0].target_group_arn(), Some(TG_ARN));
        assert_eq!(tuples[1].target_group_arn(), None);
        assert_eq!(tuples[2].target_group_arn(), Some(TG2_ARN));

        // Back from the SDK, ARNs stay ARNs.
        let back = action_from_sdk(&sdk);
        assert_eq!(back.target_group, None);
        assert_eq!(back.target_group_arn.as_deref(), Some(TG_ARN));
    }

    #[test]
    fn unknown_action_type_is_inferred_and_unknown_enums_become_none() {
        let sdk = types::Action::builder()
            .r#type(types::ActionTypeEnum::from("teleport"))
            .redirect_config(
                types::RedirectActionConfig::builder()
                    .status_code(types::RedirectActionStatusCodeEnum::from("HTTP_308"))
                    .build(),
            )
            .build();
        let a = action_from_sdk(&sdk);
        assert_eq!(a.action_type, spec::ActionType::Redirect);
        assert_eq!(a.redirect_config, None);
    }

    #[test]
    fn rule_conditions_round_trip() {
        let strings = |v: &[&str]| Some(v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>());
        let conditions = vec![
            spec::RuleCondition {
                field: Some("host-header".into()),
                values: None,
                host_header_config: Some(spec::HostHeaderConditionConfig {
                    values: strings(&["example.com", "*.example.com"]),
                    regex_values: strings(&["^api\\d+\\.example\\.com$"]),
                }),
                path_pattern_config: None,
                http_header_config: None,
                query_string_config: None,
                http_request_method_config: None,
                source_ip_config: None,
                regex_values: None,
            },
            spec::RuleCondition {
                field: Some("path-pattern".into()),
                values: strings(&["/legacy/*"]),
                host_header_config: None,
                path_pattern_config: Some(spec::PathPatternConditionConfig {
                    values: strings(&["/api/*"]),
                    regex_values: strings(&["^/v[0-9]+/"]),
                }),
                http_header_config: None,
                query_string_config: None,
                http_request_method_config: None,
                source_ip_config: None,
                regex_values: None,
            },
            spec::RuleCondition {
                field: Some("http-header".into()),
                values: None,
                host_header_config: None,
                path_pattern_config: None,
                http_header_config: Some(spec::HttpHeaderConditionConfig {
                    http_header_name: Some("User-Agent".into()),
                    values: strings(&["*Chrome*"]),
                    regex_values: strings(&["Firefox/\\d+"]),
                }),
                query_string_config: None,
                http_request_method_config: None,
                source_ip_config: None,
                regex_values: None,
            },
            spec::RuleCondition {
                field: Some("query-string".into()),
                values: None,
                host_header_config: None,
                path_pattern_config: None,
                http_header_config: None,
                query_string_config: Some(spec::QueryStringConditionConfig {
                    values: Some(vec![
                        spec::QueryStringKeyValuePair {
                            key: Some("version".into()),
                            value: Some("v1".into()),
                        },
                        spec::QueryStringKeyValuePair {
                            key: None,
                            value: Some("*example*".into()),
                        },
                    ]),
                }),
                http_request_method_config: None,
                source_ip_config: None,
                regex_values: None,
            },
            spec::RuleCondition {
                field: Some("http-request-method".into()),
                values: None,
                host_header_config: None,
                path_pattern_config: None,
                http_header_config: None,
                query_string_config: None,
                http_request_method_config: Some(spec::HttpRequestMethodConditionConfig {
                    values: strings(&["GET", "HEAD"]),
                }),
                source_ip_config: None,
                regex_values: None,
            },
            spec::RuleCondition {
                field: Some("source-ip".into()),
                values: None,
                host_header_config: None,
                path_pattern_config: None,
                http_header_config: None,
                query_string_config: None,
                http_request_method_config: None,
                source_ip_config: Some(spec::SourceIpConditionConfig {
                    values: strings(&["10.0.0.0/8", "192.168.0.0/16"]),
                    ip_address_type: Some(spec::SourceIpAddressType::Ipv4),
                }),
                regex_values: None,
            },
            spec::RuleCondition {
                field: Some("path-pattern".into()),
                values: None,
                host_header_config: None,
                path_pattern_config: None,
                http_header_config: None,
                query_string_config: None,
                http_request_method_config: None,
                source_ip_config: None,
                regex_values: strings(&["^/static/.*\\.css$"]),
            },
        ];
        for c in &conditions {
            assert_eq!(&rule_condition_from_sdk(&rule_condition_to_sdk(c)), c);
        }
    }

    #[test]
    fn rule_transforms_round_trip() {
        let transforms = vec![
            spec::RuleTransform {
                transform_type: spec::TransformType::HostHeaderRewrite,
                host_header_rewrite_config: Some(spec::HostHeaderRewriteConfig {
                    rewrites: Some(vec![spec::RewriteConfig {
                        regex: "^(.*)\\.example\\.com$".into(),
                        replace: "$1.internal".into(),
                    }]),
                }),
                url_rewrite_config: None,
            },
            spec::RuleTransform {
                transform_type: spec::TransformType::UrlRewrite,
                host_header_rewrite_config: None,
                url_rewrite_config: Some(spec::UrlRewriteConfig {
                    rewrites: Some(vec![spec::RewriteConfig {
                        regex: "^/api/(.*)$".into(),
                        replace: "/$1".into(),
                    }]),
                }),
            },
        ];
        for t in &transforms {
            assert_eq!(
                rule_transform_from_sdk(&rule_transform_to_sdk(t)).as_ref(),
                Some(t)
            );
        }
    }

    #[test]
    fn matcher_round_trips() {
        let m = spec::Matcher {
            http_code: Some("200-299".into()),
            grpc_code: Some("0-5".into()),
        };
        assert_eq!(matcher_from_sdk(&matcher_to_sdk(&m)), m);
    }

    #[test]
    fn certificates_and_mutual_authentication_round_trip() {
        let c = spec::ListenerCertificate {
            certificate_arn: Some("arn:aws:acm:eu-west-1:123456789012:certificate/abc".into()),
            is_default: Some(true),
        };
        assert_eq!(certificate_from_sdk(&certificate_to_sdk(&c)), c);
        let m = spec::MutualAuthenticationAttributes {
            mode: Some("verify".into()),
            trust_store_arn: Some(
                "arn:aws:elasticloadbalancing:eu-west-1:123456789012:truststore/ts/abc".into(),
            ),
            ignore_client_certificate_expiry: Some(false),
            trust_store_association_status: Some(spec::TrustStoreAssociationStatus::Active),
            advertise_trust_store_ca_names: Some(spec::AdvertiseTrustStoreCaNames::On),
        };
        assert_eq!(
            mutual_authentication_from_sdk(&mutual_authentication_to_sdk(&m)),
            m
        );
    }

    #[test]
    fn tags_and_attributes_round_trip() {
        let tags = vec![
            spec::Tag {
                key: "team".into(),
                value: "web".into(),
            },
            spec::Tag {
                key: "empty".into(),
                value: String::new(),
            },
        ];
        assert_eq!(tags_from_sdk(&tags_to_sdk(&tags)), Some(tags));
        assert_eq!(tags_from_sdk(&[]), None);

        let attrs = vec![spec::Attribute {
            key: "deregistration_delay.timeout_seconds".into(),
            value: "30".into(),
        }];
        assert_eq!(
            target_group_attributes_from_sdk(&target_group_attributes_to_sdk(&attrs)),
            Some(attrs.clone())
        );
        assert_eq!(
            load_balancer_attributes_from_sdk(&load_balancer_attributes_to_sdk(&attrs)),
            Some(attrs.clone())
        );
        assert_eq!(
            listener_attributes_from_sdk(&listener_attributes_to_sdk(&attrs)),
            Some(attrs)
        );
        assert_eq!(listener_attributes_from_sdk(&[]), None);
    }

    #[test]
    fn target_group_from_builder() {
        let tg = types::TargetGroup::builder()
            .target_group_arn(TG_ARN)
            .target_group_name("web")
            .protocol(types::ProtocolEnum::Http)
            .port(8080)
            .vpc_id("vpc-0123")
            .health_check_protocol(types::ProtocolEnum::Http)
            .health_check_port("traffic-port")
            .health_check_enabled(true)
            .health_check_interval_seconds(15)
            .health_check_timeout_seconds(5)
            .healthy_threshold_count(3)
            .unhealthy_threshold_count(2)
            .health_check_path("/health")
            .matcher(types::Matcher::builder().http_code("200").build())
            .load_balancer_arns(
                "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/lb/1",
            )
            .target_type(types::TargetTypeEnum::Ip)
            .protocol_version("HTTP1")
            .ip_address_type(types::TargetGroupIpAddressTypeEnum::Ipv4)
            .build();
        let attributes = [types::TargetGroupAttribute::builder()
            .key("deregistration_delay.timeout_seconds")
            .value("30")
            .build()];
        let tags = [types::Tag::builder().key("team").value("web").build()];
        let expected = spec::TargetGroup {
            name: "web".into(),
            protocol: Some(spec::ElbProtocol::Http),
            protocol_version: Some("HTTP1".into()),
            port: Some(8080),
            vpc_id: Some("vpc-0123".into()),
            health_check_protocol: Some(spec::ElbProtocol::Http),
            health_check_port: Some("traffic-port".into()),
            health_check_enabled: Some(true),
            health_check_path: Some("/health".into()),
            health_check_interval_seconds: Some(15),
            health_check_timeout_seconds: Some(5),
            healthy_threshold_count: Some(3),
            unhealthy_threshold_count: Some(2),
            matcher: Some(spec::Matcher {
                http_code: Some("200".into()),
                grpc_code: None,
            }),
            target_type: Some(spec::TargetGroupTargetType::Ip),
            ip_address_type: Some(spec::TargetGroupIpAddressType::Ipv4),
            target_control_port: None,
            tags: Some(vec![spec::Tag {
                key: "team".into(),
                value: "web".into(),
            }]),
            attributes: Some(vec![spec::Attribute {
                key: "deregistration_delay.timeout_seconds".into(),
                value: "30".into(),
            }]),
            lifecycle: None,
        };
        assert_eq!(target_group_from_sdk(&tg, &attributes, &tags), expected);

        // A protocol newer than ecsform becomes None rather than failing.
        let newer = types::TargetGroup::builder()
            .target_group_name("x")
            .protocol(types::ProtocolEnum::from("SCTP"))
            .build();
        assert_eq!(target_group_from_sdk(&newer, &[], &[]).protocol, None);
    }

    #[test]
    fn load_balancer_subnets_or_mappings() {
        let zone = |subnet: &str, address: Option<types::LoadBalancerAddress>| {
            types::AvailabilityZone::builder()
                .zone_name("eu-west-1a")
                .subnet_id(subnet)
                .set_load_balancer_addresses(address.map(|a| vec![a]))
                .build()
        };
        let lb = types::LoadBalancer::builder()
            .load_balancer_name("web")
            .scheme(types::LoadBalancerSchemeEnum::InternetFacing)
            .r#type(types::LoadBalancerTypeEnum::Application)
            .ip_address_type(types::IpAddressType::Dualstack)
            .security_groups("sg-1")
            .availability_zones(zone("subnet-a", None))
            .availability_zones(zone("subnet-b", None))
            .build();
        let spec_lb = load_balancer_from_sdk(&lb, &[], &[]);
        assert_eq!(spec_lb.name, "web");
        assert_eq!(
            spec_lb.subnets,
            Some(vec!["subnet-a".to_owned(), "subnet-b".to_owned()])
        );
        assert_eq!(spec_lb.subnet_mappings, None);
        assert_eq!(
            spec_lb.scheme,
            Some(spec::LoadBalancerScheme::InternetFacing)
        );
        assert_eq!(
            spec_lb.load_balancer_type,
            Some(spec::LoadBalancerType::Application)
        );
        assert_eq!(
            spec_lb.ip_address_type,
            Some(spec::LoadBalancerIpAddressType::Dualstack)
        );
        assert_eq!(spec_lb.security_groups, Some(vec!["sg-1".to_owned()]));
        assert_eq!(spec_lb.tags, None);
        assert_eq!(spec_lb.attributes, None);

        let nlb = types::LoadBalancer::builder()
            .load_balancer_name("nlb")
            .r#type(types::LoadBalancerTypeEnum::Network)
            .enable_prefix_for_ipv6_source_nat(types::EnablePrefixForIpv6SourceNatEnum::Off)
            .availability_zones(zone(
                "subnet-a",
                Some(
                    types::LoadBalancerAddress::builder()
                        .ip_address("203.0.113.10")
                        .allocation_id("eipalloc-1")
                        .build(),
                ),
            ))
            .availability_zones(zone("subnet-b", None))
            .build();
        let spec_nlb = load_balancer_from_sdk(&nlb, &[], &[]);
        assert_eq!(spec_nlb.subnets, None);
        assert_eq!(
            spec_nlb.subnet_mappings,
            Some(vec![
                spec::SubnetMapping {
                    subnet_id: Some("subnet-a".into()),
                    allocation_id: Some("eipalloc-1".into()),
                    private_ipv4_address: None,
                    ipv6_address: None,
                    source_nat_ipv6_prefix: None,
                },
                spec::SubnetMapping {
                    subnet_id: Some("subnet-b".into()),
                    allocation_id: None,
                    private_ipv4_address: None,
                    ipv6_address: None,
                    source_nat_ipv6_prefix: None,
                },
            ])
        );
        assert_eq!(
            spec_nlb.enable_prefix_for_ipv6_source_nat,
            Some(spec::EnablePrefixForIpv6SourceNat::Off)
        );
    }

    #[test]
    fn listener_and_rules_from_sdk() {
        let forward = types::Action::builder()
            .r#type(types::ActionTypeEnum::Forward)
            .target_group_arn(TG_ARN)
            .build();
        let l = types::Listener::builder()
            .listener_arn("arn:listener")
            .load_balancer_arn("arn:lb")
            .port(443)
            .protocol(types::ProtocolEnum::Https)
            .ssl_policy("ELBSecurityPolicy-TLS13-1-2-2021-06")
            .certificates(
                types::Certificate::builder()
                    .certificate_arn("arn:aws:acm:eu-west-1:123456789012:certificate/abc")
                    .build(),
            )
            .default_actions(forward.clone())
            .build();
        let spec_l = listener_from_sdk(&l, "web", &[], &[]);
        assert_eq!(spec_l.load_balancer, "web");
        assert_eq!(spec_l.port, 443);
        assert_eq!(spec_l.protocol, Some(spec::ElbProtocol::Https));
        assert_eq!(spec_l.default_actions.len(), 1);
        assert_eq!(
            spec_l.default_actions[0].target_group_arn.as_deref(),
            Some(TG_ARN)
        );

        let default_rule = types::Rule::builder()
            .priority("default")
            .is_default(true)
            .actions(forward.clone())
            .build();
        assert_eq!(rule_from_sdk(&default_rule, "web:443", &[]), None);

        let rule = types::Rule::builder()
            .rule_arn("arn:rule")
            .priority("10")
            .is_default(false)
            .conditions(
                types::RuleCondition::builder()
                    .field("path-pattern")
                    .path_pattern_config(
                        types::PathPatternConditionConfig::builder()
                            .values("/api/*")
                            .build(),
                    )
                    .build(),
            )
            .actions(forward)
            .build();
        let spec_rule = rule_from_sdk(&rule, "web:443", &[]).unwrap();
        assert_eq!(spec_rule.listener, "web:443");
        assert_eq!(spec_rule.priority, 10);
        assert_eq!(spec_rule.conditions.len(), 1);
        assert_eq!(spec_rule.actions.len(), 1);
        assert_eq!(spec_rule.transforms, None);
    }
}
