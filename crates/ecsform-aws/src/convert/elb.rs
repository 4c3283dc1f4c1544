//! Elastic Load Balancing v2 between the AWS SDK (`aws_sdk_elasticloadbalancingv2::types`)
//! and the stack file (`ecsform_spec::types`). Every member converts through the derived
//! conversions of the file's types (`ecsform_spec::shape`); what is here is ecsform's own:
//! a load balancer's subnets or subnet mappings read from its zones, a listener's load
//! balancer and a rule's listener by name, a rule's priority, the attributes and tags
//! (separate calls), and the resolution of `targetGroup` names to ARNs.
//!
//! ARNs stay ARNs when read: an action's `targetGroupArn` is kept and its `targetGroup` is
//! `None`; mapping ARNs to the stack's names is the model's job. Lists that come from
//! separate calls (attributes, tags) are `None` when empty, as in a stack file that leaves
//! them out; lists inside an SDK shape are kept as the SDK holds them. `lifecycle` is
//! always `None` (an ecsform setting, not AWS state).

use aws_sdk_elasticloadbalancingv2::types;
use ecsform_spec::shape::{FromSdk, ToSdk};
use ecsform_spec::types as spec;

use super::separate;

/// Tags for the SDK (ELBv2's `Key`/`Value` shape).
pub fn tags_to_sdk(tags: &[spec::Tag]) -> Vec<types::Tag> {
    tags.iter().filter_map(|t| t.to_sdk().ok()).collect()
}

/// Tags from the SDK, in the SDK's order; `None` when there are none.
pub fn tags_from_sdk(tags: &[types::Tag]) -> Option<Vec<spec::Tag>> {
    separate(tags)
}

/// Attributes (of a load balancer, target group or listener) for the Modify*Attributes
/// calls.
pub fn attributes_to_sdk<S>(attributes: &[spec::Attribute]) -> Vec<S>
where
    spec::Attribute: ToSdk<S>,
{
    attributes.iter().filter_map(|a| a.to_sdk().ok()).collect()
}

/// Attributes from the Describe*Attributes calls; `None` when there are none.
pub fn attributes_from_sdk<S>(attributes: &[S]) -> Option<Vec<spec::Attribute>>
where
    spec::Attribute: FromSdk<S>,
{
    separate(attributes)
}

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
pub fn load_balancer_from_sdk(
    lb: &types::LoadBalancer,
    attributes: &[types::LoadBalancerAttribute],
    tags: &[types::Tag],
) -> Option<spec::LoadBalancer> {
    let mut out = spec::LoadBalancer::from_sdk(lb)?;
    out.subnet_mappings = lb
        .availability_zones
        .as_deref()
        .and_then(subnet_mappings_from_zones);
    out.subnets = match (&out.subnet_mappings, &lb.availability_zones) {
        (None, Some(zones)) => Some(zones.iter().filter_map(|z| z.subnet_id.clone()).collect()),
        _ => None,
    };
    out.tags = tags_from_sdk(tags);
    out.attributes = attributes_from_sdk(attributes);
    Some(out)
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

/// A target group as the stack file would say it, from DescribeTargetGroups, its attributes
/// and its tags. Not read (no file member): the ARN and `loadBalancerArns`.
pub fn target_group_from_sdk(
    tg: &types::TargetGroup,
    attributes: &[types::TargetGroupAttribute],
    tags: &[types::Tag],
) -> Option<spec::TargetGroup> {
    let mut out = spec::TargetGroup::from_sdk(tg)?;
    out.tags = tags_from_sdk(tags);
    out.attributes = attributes_from_sdk(attributes);
    Some(out)
}

/// A listener as the stack file would say it, from DescribeListeners, its attributes and
/// its tags. `loadBalancer` is `load_balancer_name` (the caller maps the listener's load
/// balancer ARN). A missing port (which AWS never returns) reads as 0. Not read: the
/// listener's ARN and load balancer ARN.
pub fn listener_from_sdk(
    l: &types::Listener,
    load_balancer_name: &str,
    attributes: &[types::ListenerAttribute],
    tags: &[types::Tag],
) -> Option<spec::Listener> {
    let mut out = spec::Listener::from_sdk(l)?;
    load_balancer_name.clone_into(&mut out.load_balancer);
    out.tags = tags_from_sdk(tags);
    out.attributes = attributes_from_sdk(attributes);
    Some(out)
}

/// A listener rule as the stack file would say it, from DescribeRules and its tags;
/// `listener` is the `<loadBalancer>:<port>` address the caller gives.
///
/// `None` for the listener's default rule (`isDefault`, priority `default`), which the
/// stack file expresses as the listener's `defaultActions`, and for a priority that is not a
/// number (which AWS never returns). Not read: the rule's ARN.
pub fn rule_from_sdk(
    r: &types::Rule,
    listener: &str,
    tags: &[types::Tag],
) -> Option<spec::ListenerRule> {
    if r.is_default == Some(true) {
        return None;
    }
    let mut out = spec::ListenerRule::from_sdk(r)?;
    out.priority = r.priority.as_deref()?.parse::<i32>().ok()?;
    listener.clone_into(&mut out.listener);
    out.tags = tags_from_sdk(tags);
    Some(out)
}

/// An action for the SDK. A `targetGroup` name (of the action or of a `forwardConfig`
/// tuple) becomes an ARN through `resolve_tg`; when it does not resolve the ARN is left
/// unset and AWS reports the error. Without a name, `targetGroupArn` is passed on.
///
/// # Errors
/// When a nested structure lacks a member the SDK requires.
pub fn action_to_sdk(
    a: &spec::Action,
    resolve_tg: &dyn Fn(&str) -> Option<String>,
) -> Result<types::Action, aws_smithy_types::error::operation::BuildError> {
    let resolve = |name: Option<&str>, arn: &Option<String>| match name {
        Some(name) => resolve_tg(name),
        None => arn.clone(),
    };
    let mut a = a.clone();
    a.target_group_arn = resolve(a.target_group.as_deref(), &a.target_group_arn);
    for t in a
        .forward_config
        .iter_mut()
        .flat_map(|f| f.target_groups.iter_mut().flatten())
    {
        t.target_group_arn = resolve(t.target_group.as_deref(), &t.target_group_arn);
    }
    a.to_sdk()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;
    use std::collections::BTreeMap;

    // The conversions are derived from the file's types (`ecsform_spec::shape`); these
    // tests name each under the name its hand-written predecessor had.
    fn action_from_sdk(a: &types::Action) -> spec::Action {
        FromSdk::from_sdk(a).unwrap()
    }

    fn certificate_from_sdk(c: &types::Certificate) -> spec::ListenerCertificate {
        FromSdk::from_sdk(c).unwrap()
    }

    fn certificate_to_sdk(c: &spec::ListenerCertificate) -> types::Certificate {
        c.to_sdk().unwrap()
    }

    fn listener_attributes_from_sdk(
        attributes: &[types::ListenerAttribute],
    ) -> Option<Vec<spec::Attribute>> {
        attributes_from_sdk(attributes)
    }

    fn listener_attributes_to_sdk(attributes: &[spec::Attribute]) -> Vec<types::ListenerAttribute> {
        attributes_to_sdk(attributes)
    }

    fn load_balancer_attributes_from_sdk(
        attributes: &[types::LoadBalancerAttribute],
    ) -> Option<Vec<spec::Attribute>> {
        attributes_from_sdk(attributes)
    }

    fn load_balancer_attributes_to_sdk(
        attributes: &[spec::Attribute],
    ) -> Vec<types::LoadBalancerAttribute> {
        attributes_to_sdk(attributes)
    }

    fn matcher_from_sdk(m: &types::Matcher) -> spec::Matcher {
        FromSdk::from_sdk(m).unwrap()
    }

    fn matcher_to_sdk(m: &spec::Matcher) -> types::Matcher {
        m.to_sdk().unwrap()
    }

    fn mutual_authentication_from_sdk(
        m: &types::MutualAuthenticationAttributes,
    ) -> spec::MutualAuthenticationAttributes {
        FromSdk::from_sdk(m).unwrap()
    }

    fn mutual_authentication_to_sdk(
        m: &spec::MutualAuthenticationAttributes,
    ) -> types::MutualAuthenticationAttributes {
        m.to_sdk().unwrap()
    }

    fn rule_condition_from_sdk(c: &types::RuleCondition) -> spec::RuleCondition {
        FromSdk::from_sdk(c).unwrap()
    }

    fn rule_condition_to_sdk(c: &spec::RuleCondition) -> types::RuleCondition {
        c.to_sdk().unwrap()
    }

    fn rule_transform_from_sdk(t: &types::RuleTransform) -> Option<spec::RuleTransform> {
        FromSdk::from_sdk(t)
    }

    fn rule_transform_to_sdk(t: &spec::RuleTransform) -> types::RuleTransform {
        t.to_sdk().unwrap()
    }

    fn target_group_attributes_from_sdk(
        attributes: &[types::TargetGroupAttribute],
    ) -> Option<Vec<spec::Attribute>> {
        attributes_from_sdk(attributes)
    }

    fn target_group_attributes_to_sdk(
        attributes: &[spec::Attribute],
    ) -> Vec<types::TargetGroupAttribute> {
        attributes_to_sdk(attributes)
    }

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
        assert_eq!(
            target_group_from_sdk(&tg, &attributes, &tags).unwrap(),
            expected
        );

        // A protocol newer than ecsform becomes None rather than failing.
        let newer = types::TargetGroup::builder()
            .target_group_name("x")
            .protocol(types::ProtocolEnum::from("SCTP"))
            .build();
        assert_eq!(
            target_group_from_sdk(&newer, &[], &[]).unwrap().protocol,
            None
        );
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
        let spec_lb = load_balancer_from_sdk(&lb, &[], &[]).unwrap();
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
        let spec_nlb = load_balancer_from_sdk(&nlb, &[], &[]).unwrap();
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
        let spec_l = listener_from_sdk(&l, "web", &[], &[]).unwrap();
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
