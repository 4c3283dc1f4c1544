//! Elastic Load Balancing v2: load balancers, target groups, listeners and listener rules.
//!
//! Field names are the ELBv2 API's member names with a lower-case first letter
//! (`HealthCheckPath` -> `healthCheckPath`). Where the API takes the ARN of a load balancer,
//! listener or target group of this stack, the stack file names it instead (`loadBalancer`,
//! `listener`, `targetGroup`) and ecsform resolves it.

use std::collections::BTreeMap;

use ecsform_derive::Shape;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Lifecycle, Tag};

// ---------------------------------------------------------------------------------------
// Load balancer
// ---------------------------------------------------------------------------------------

/// An Application, Network or Gateway Load Balancer, as CreateLoadBalancer input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
#[shape(
    from = "aws_sdk_elasticloadbalancingv2::types::LoadBalancer",
    request = "aws_sdk_elasticloadbalancingv2::operation::create_load_balancer::builders::CreateLoadBalancerFluentBuilder"
)]
pub struct LoadBalancer {
    /// The name of the load balancer: up to 32 alphanumeric characters or hyphens, unique per region per account.
    #[shape(rename = "load_balancer_name")]
    pub name: String,
    /// The IDs of the subnets; specify either subnets or subnet mappings, but not both.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[shape(skip_from)]
    pub subnets: Option<Vec<String>>,
    /// The IDs of the subnets, with optional addresses; specify either subnets or subnet mappings, but not both.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[shape(skip_from)]
    pub subnet_mappings: Option<Vec<SubnetMapping>>,
    /// [Application Load Balancers and Network Load Balancers] The IDs of the security groups for the load balancer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_groups: Option<Vec<String>>,
    /// Whether the load balancer is internet-facing (the default) or internal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheme: Option<LoadBalancerScheme>,
    /// The type of load balancer. The default is `application`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub load_balancer_type: Option<LoadBalancerType>,
    /// The IP address type. Internal load balancers must use `ipv4`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_address_type: Option<LoadBalancerIpAddressType>,
    /// [Application Load Balancers on Outposts] The ID of the customer-owned address pool (CoIP pool).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_owned_ipv4_pool: Option<String>,
    /// [Network Load Balancers with UDP listeners] Whether to use an IPv6 prefix from each subnet for source NAT.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_prefix_for_ipv6_source_nat: Option<EnablePrefixForIpv6SourceNat>,
    /// [Application Load Balancers] The IPAM pools to use with the load balancer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipam_pools: Option<IpamPools>,
    /// [Network Load Balancers with security groups] Whether the inbound rules of the security groups apply to traffic sent through AWS PrivateLink (AWS's default is `on`); set by SetSecurityGroups, not CreateLoadBalancer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[shape(skip_request, with = "enforce_inbound_rules")]
    pub enforce_security_group_inbound_rules_on_private_link_traffic:
        Option<EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic>,
    /// The tags to assign to the load balancer. ecsform adds its own ownership tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[shape(skip)]
    pub tags: Option<Vec<Tag>>,
    /// Load balancer attributes, as ModifyLoadBalancerAttributes takes them (for example `idle_timeout.timeout_seconds`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[shape(skip)]
    pub attributes: Option<Vec<Attribute>>,
    /// How ecsform treats this resource over its life.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[shape(skip)]
    pub lifecycle: Option<Lifecycle>,
}

/// A subnet of a load balancer, with its optional addresses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_elasticloadbalancingv2::types::SubnetMapping")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct SubnetMapping {
    /// The ID of the subnet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subnet_id: Option<String>,
    /// [Network Load Balancers] The allocation ID of the Elastic IP address for an internet-facing load balancer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allocation_id: Option<String>,
    /// [Network Load Balancers] The private IPv4 address for an internal load balancer.
    #[serde(
        rename = "privateIPv4Address",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub private_ipv4_address: Option<String>,
    /// [Network Load Balancers] The IPv6 address.
    #[serde(
        rename = "iPv6Address",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub ipv6_address: Option<String>,
    /// [Network Load Balancers with UDP listeners] The IPv6 prefix (/80) to use for source NAT, or `auto_assigned`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_nat_ipv6_prefix: Option<String>,
}

/// The IPAM pools of a load balancer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_elasticloadbalancingv2::types::IpamPools")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct IpamPools {
    /// The ID of the IPv4 IPAM pool.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipv4_ipam_pool_id: Option<String>,
}

/// The scheme of a load balancer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_elasticloadbalancingv2::types::LoadBalancerSchemeEnum")]
pub enum LoadBalancerScheme {
    /// The nodes have public IP addresses and can route requests from clients over the internet.
    #[serde(rename = "internet-facing")]
    InternetFacing,
    /// The nodes have only private IP addresses and route requests only from clients with access to the VPC.
    #[serde(rename = "internal")]
    Internal,
}

/// The type of a load balancer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_elasticloadbalancingv2::types::LoadBalancerTypeEnum")]
pub enum LoadBalancerType {
    /// An Application Load Balancer.
    #[serde(rename = "application")]
    Application,
    /// A Network Load Balancer.
    #[serde(rename = "network")]
    Network,
    /// A Gateway Load Balancer.
    #[serde(rename = "gateway")]
    Gateway,
}

/// The IP address type of a load balancer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_elasticloadbalancingv2::types::IpAddressType")]
pub enum LoadBalancerIpAddressType {
    /// IPv4 addresses.
    #[serde(rename = "ipv4")]
    Ipv4,
    /// IPv4 and IPv6 addresses.
    #[serde(rename = "dualstack")]
    Dualstack,
    /// [Application Load Balancers] Public IPv6 addresses and private IPv4 and IPv6 addresses.
    #[serde(rename = "dualstack-without-public-ipv4")]
    DualstackWithoutPublicIpv4,
}

/// Whether a Network Load Balancer uses an IPv6 prefix from each subnet for source NAT.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_elasticloadbalancingv2::types::EnablePrefixForIpv6SourceNatEnum")]
pub enum EnablePrefixForIpv6SourceNat {
    /// Use an IPv6 prefix for source NAT.
    #[serde(rename = "on")]
    On,
    /// Do not use an IPv6 prefix for source NAT (the default).
    #[serde(rename = "off")]
    Off,
}

/// Whether a Network Load Balancer's security groups filter its AWS PrivateLink traffic (SetSecurityGroups).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(
    sdk = "aws_sdk_elasticloadbalancingv2::types::EnforceSecurityGroupInboundRulesOnPrivateLinkTrafficEnum"
)]
pub enum EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic {
    /// Evaluate the inbound rules for PrivateLink traffic (AWS's default).
    #[serde(rename = "on")]
    On,
    /// Do not evaluate them for PrivateLink traffic.
    #[serde(rename = "off")]
    Off,
}

/// The PrivateLink flag as read: DescribeLoadBalancers returns it as a plain string
/// (`LoadBalancer.EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic`), SetSecurityGroups
/// takes it as the enumeration `on`/`off`; a value ecsform does not know (or AWS's empty
/// string) reads as unset.
#[cfg(feature = "sdk")]
mod enforce_inbound_rules {
    use super::EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic as Enforce;
    use crate::shape::FromSdk;
    use aws_sdk_elasticloadbalancingv2::types as sdk;

    pub fn from_sdk(lb: &sdk::LoadBalancer) -> Option<Enforce> {
        lb.enforce_security_group_inbound_rules_on_private_link_traffic
            .as_deref()
            .map(sdk::EnforceSecurityGroupInboundRulesOnPrivateLinkTrafficEnum::from)
            .as_ref()
            .and_then(Enforce::from_sdk)
    }
}

/// A load balancer, target group or listener attribute.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
#[shape(
    sdk = "aws_sdk_elasticloadbalancingv2::types::LoadBalancerAttribute",
    sdk = "aws_sdk_elasticloadbalancingv2::types::TargetGroupAttribute",
    sdk = "aws_sdk_elasticloadbalancingv2::types::ListenerAttribute"
)]
pub struct Attribute {
    /// The name of the attribute (for example `deregistration_delay.timeout_seconds`).
    pub key: String,
    /// The value of the attribute.
    pub value: String,
}

// ---------------------------------------------------------------------------------------
// Target group
// ---------------------------------------------------------------------------------------

/// A target group, as CreateTargetGroup input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
#[shape(
    from = "aws_sdk_elasticloadbalancingv2::types::TargetGroup",
    request = "aws_sdk_elasticloadbalancingv2::operation::create_target_group::builders::CreateTargetGroupFluentBuilder"
)]
pub struct TargetGroup {
    /// The name of the target group: up to 32 alphanumeric characters or hyphens, unique per region per account.
    #[shape(rename = "target_group_name")]
    pub name: String,
    /// The protocol to use for routing traffic to the targets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<ElbProtocol>,
    /// [HTTP/HTTPS protocol] The protocol version: `GRPC`, `HTTP1` (the default) or `HTTP2`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol_version: Option<String>,
    /// The port on which the targets receive traffic.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<i32>,
    /// The identifier of the VPC; required unless the target is a Lambda function.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpc_id: Option<String>,
    /// The protocol the load balancer uses when performing health checks on targets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check_protocol: Option<ElbProtocol>,
    /// The port the load balancer uses when performing health checks on targets; the default is `traffic-port`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check_port: Option<String>,
    /// Indicates whether health checks are enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check_enabled: Option<bool>,
    /// [HTTP/HTTPS health checks] The destination for health checks on the targets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check_path: Option<String>,
    /// The approximate amount of time, in seconds, between health checks of an individual target (5-300).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check_interval_seconds: Option<i32>,
    /// The amount of time, in seconds, during which no response from a target means a failed health check (2-120).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check_timeout_seconds: Option<i32>,
    /// The number of consecutive health check successes required before considering a target healthy (2-10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub healthy_threshold_count: Option<i32>,
    /// The number of consecutive health check failures required before considering a target unhealthy (2-10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unhealthy_threshold_count: Option<i32>,
    /// [HTTP/HTTPS health checks] The HTTP or gRPC codes to use when checking for a successful response from a target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matcher: Option<Matcher>,
    /// The type of target that you must specify when registering targets with this target group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_type: Option<TargetGroupTargetType>,
    /// The IP address type. The default value is `ipv4`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_address_type: Option<TargetGroupIpAddressType>,
    /// The port on which the target control agent and application load balancer exchange management traffic for the target optimizer feature.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_control_port: Option<i32>,
    /// The tags to assign to the target group. ecsform adds its own ownership tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[shape(skip)]
    pub tags: Option<Vec<Tag>>,
    /// Target group attributes, as ModifyTargetGroupAttributes takes them (for example `deregistration_delay.timeout_seconds`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[shape(skip)]
    pub attributes: Option<Vec<Attribute>>,
    /// How ecsform treats this resource over its life.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[shape(skip)]
    pub lifecycle: Option<Lifecycle>,
}

/// The codes to use when checking for a successful response from a target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_elasticloadbalancingv2::types::Matcher")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct Matcher {
    /// The HTTP codes, as values (`200,202`) or a range (`200-299`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_code: Option<String>,
    /// The gRPC codes (0-99), as values (`0,1`) or a range (`0-5`); the default is 12.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grpc_code: Option<String>,
}

/// A protocol of a load balancer listener or target group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_elasticloadbalancingv2::types::ProtocolEnum")]
pub enum ElbProtocol {
    /// HTTP (Application Load Balancers).
    #[serde(rename = "HTTP")]
    Http,
    /// HTTPS (Application Load Balancers).
    #[serde(rename = "HTTPS")]
    Https,
    /// TCP (Network Load Balancers).
    #[serde(rename = "TCP")]
    Tcp,
    /// TLS (Network Load Balancers).
    #[serde(rename = "TLS")]
    Tls,
    /// UDP (Network Load Balancers).
    #[serde(rename = "UDP")]
    Udp,
    /// TCP and UDP on the same port (Network Load Balancers).
    #[serde(rename = "TCP_UDP")]
    TcpUdp,
    /// GENEVE (Gateway Load Balancers).
    #[serde(rename = "GENEVE")]
    Geneve,
    /// QUIC (Network Load Balancers).
    #[serde(rename = "QUIC")]
    Quic,
    /// TCP and QUIC on the same port (Network Load Balancers).
    #[serde(rename = "TCP_QUIC")]
    TcpQuic,
}

/// The type of target of a target group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_elasticloadbalancingv2::types::TargetTypeEnum")]
pub enum TargetGroupTargetType {
    /// Register targets by instance ID (the default).
    #[serde(rename = "instance")]
    Instance,
    /// Register targets by IP address (required for tasks using the `awsvpc` network mode).
    #[serde(rename = "ip")]
    Ip,
    /// Register a single Lambda function as a target.
    #[serde(rename = "lambda")]
    Lambda,
    /// Register a single Application Load Balancer as a target.
    #[serde(rename = "alb")]
    Alb,
}

/// The IP address type of a target group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_elasticloadbalancingv2::types::TargetGroupIpAddressTypeEnum")]
pub enum TargetGroupIpAddressType {
    /// IPv4 targets (the default).
    #[serde(rename = "ipv4")]
    Ipv4,
    /// IPv6 targets.
    #[serde(rename = "ipv6")]
    Ipv6,
}

// ---------------------------------------------------------------------------------------
// Listener
// ---------------------------------------------------------------------------------------

/// A listener of a load balancer of this stack, as CreateListener input; addressed as `<loadBalancer>:<port>`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
#[shape(
    from = "aws_sdk_elasticloadbalancingv2::types::Listener",
    request = "aws_sdk_elasticloadbalancingv2::operation::create_listener::builders::CreateListenerFluentBuilder"
)]
pub struct Listener {
    /// The load balancer of this stack, by name (in place of `LoadBalancerArn`).
    #[shape(skip)]
    pub load_balancer: String,
    /// The protocol for connections from clients to the load balancer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<ElbProtocol>,
    /// The port on which the load balancer is listening.
    pub port: i32,
    /// [HTTPS and TLS listeners] The security policy that defines which protocols and ciphers are supported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ssl_policy: Option<String>,
    /// [HTTPS and TLS listeners] The default certificate for the listener; exactly one, without `isDefault`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificates: Option<Vec<ListenerCertificate>>,
    /// The actions for the default rule.
    #[shape(skip_request)]
    pub default_actions: Vec<Action>,
    /// [TLS listeners] The name of the ALPN policy: `HTTP1Only`, `HTTP2Only`, `HTTP2Optional`, `HTTP2Preferred` or `None`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alpn_policy: Option<Vec<String>>,
    /// [HTTPS listeners] The mutual authentication configuration information.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mutual_authentication: Option<MutualAuthenticationAttributes>,
    /// The tags to assign to the listener. ecsform adds its own ownership tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[shape(skip)]
    pub tags: Option<Vec<Tag>>,
    /// Listener attributes, as ModifyListenerAttributes takes them (for example `tcp.idle_timeout.seconds`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[shape(skip)]
    pub attributes: Option<Vec<Attribute>>,
    /// How ecsform treats this resource over its life.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[shape(skip)]
    pub lifecycle: Option<Lifecycle>,
}

/// An SSL server certificate of a listener.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_elasticloadbalancingv2::types::Certificate")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct ListenerCertificate {
    /// The Amazon Resource Name (ARN) of the certificate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate_arn: Option<String>,
    /// Indicates whether the certificate is the default certificate; do not set it on input.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_default: Option<bool>,
}

/// The mutual authentication (mTLS) configuration of an HTTPS listener.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_elasticloadbalancingv2::types::MutualAuthenticationAttributes")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct MutualAuthenticationAttributes {
    /// The client certificate handling method: `off` (the default), `passthrough` or `verify`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    /// The Amazon Resource Name (ARN) of the trust store.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trust_store_arn: Option<String>,
    /// Indicates whether expired client certificates are ignored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ignore_client_certificate_expiry: Option<bool>,
    /// Indicates a shared trust stores association status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trust_store_association_status: Option<TrustStoreAssociationStatus>,
    /// Indicates whether trust store CA certificate names are advertised.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub advertise_trust_store_ca_names: Option<AdvertiseTrustStoreCaNames>,
}

/// The association status of a shared trust store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_elasticloadbalancingv2::types::TrustStoreAssociationStatusEnum")]
pub enum TrustStoreAssociationStatus {
    /// The trust store association is active.
    #[serde(rename = "active")]
    Active,
    /// The trust store association was removed.
    #[serde(rename = "removed")]
    Removed,
}

/// Whether trust store CA certificate names are advertised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_elasticloadbalancingv2::types::AdvertiseTrustStoreCaNamesEnum")]
pub enum AdvertiseTrustStoreCaNames {
    /// Advertise the CA certificate names.
    #[serde(rename = "on")]
    On,
    /// Do not advertise the CA certificate names.
    #[serde(rename = "off")]
    Off,
}

// ---------------------------------------------------------------------------------------
// Listener rule
// ---------------------------------------------------------------------------------------

/// A rule of a listener of this stack, as CreateRule input; addressed as `<loadBalancer>:<port>/<priority>`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
#[shape(
    from = "aws_sdk_elasticloadbalancingv2::types::Rule",
    request = "aws_sdk_elasticloadbalancingv2::operation::create_rule::builders::CreateRuleFluentBuilder"
)]
pub struct ListenerRule {
    /// The listener of this stack, as `<loadBalancer>:<port>` (in place of `ListenerArn`).
    #[shape(skip)]
    pub listener: String,
    /// The rule priority (1-50000); a listener can't have multiple rules with the same priority.
    #[shape(skip_from)]
    pub priority: i32,
    /// The conditions.
    pub conditions: Vec<RuleCondition>,
    /// The actions.
    #[shape(skip_request)]
    pub actions: Vec<Action>,
    /// The transforms to apply to requests that match this rule (one host header rewrite and one URL rewrite at most).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transforms: Option<Vec<RuleTransform>>,
    /// The tags to assign to the rule. ecsform adds its own ownership tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[shape(skip)]
    pub tags: Option<Vec<Tag>>,
    /// How ecsform treats this resource over its life.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[shape(skip)]
    pub lifecycle: Option<Lifecycle>,
}

/// A condition of a listener rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_elasticloadbalancingv2::types::RuleCondition")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct RuleCondition {
    /// The name of the field: `http-header`, `http-request-method`, `host-header`, `path-pattern`, `query-string` or `source-ip`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The condition value; specify only when `field` is `host-header` or `path-pattern`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<String>>,
    /// Information for a host header condition. Specify only when `field` is `host-header`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host_header_config: Option<HostHeaderConditionConfig>,
    /// Information for a path pattern condition. Specify only when `field` is `path-pattern`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path_pattern_config: Option<PathPatternConditionConfig>,
    /// Information for an HTTP header condition. Specify only when `field` is `http-header`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_header_config: Option<HttpHeaderConditionConfig>,
    /// Information for a query string condition. Specify only when `field` is `query-string`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query_string_config: Option<QueryStringConditionConfig>,
    /// Information for an HTTP method condition. Specify only when `field` is `http-request-method`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_request_method_config: Option<HttpRequestMethodConditionConfig>,
    /// Information for a source IP condition. Specify only when `field` is `source-ip`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_ip_config: Option<SourceIpConditionConfig>,
    /// The regular expressions to match against the condition field (`http-header`, `host-header` or `path-pattern`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regex_values: Option<Vec<String>>,
}

/// Information for a host header condition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_elasticloadbalancingv2::types::HostHeaderConditionConfig")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct HostHeaderConditionConfig {
    /// The host names; `*` and `?` wildcards are supported and the comparison is case insensitive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<String>>,
    /// The regular expressions to compare against the host header.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regex_values: Option<Vec<String>>,
}

/// Information for a path pattern condition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_elasticloadbalancingv2::types::PathPatternConditionConfig")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct PathPatternConditionConfig {
    /// The path patterns to compare against the request URL; `*` and `?` wildcards are supported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<String>>,
    /// The regular expressions to compare against the request URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regex_values: Option<Vec<String>>,
}

/// Information for an HTTP header condition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_elasticloadbalancingv2::types::HttpHeaderConditionConfig")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct HttpHeaderConditionConfig {
    /// The name of the HTTP header field (case insensitive, no wildcards).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_header_name: Option<String>,
    /// The strings to compare against the value of the HTTP header; `*` and `?` wildcards are supported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<String>>,
    /// The regular expression to compare against the HTTP header.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regex_values: Option<Vec<String>>,
}

/// Information for a query string condition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_elasticloadbalancingv2::types::QueryStringConditionConfig")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct QueryStringConditionConfig {
    /// The key/value pairs or values to find in the query string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<QueryStringKeyValuePair>>,
}

/// A key/value pair of a query string condition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_elasticloadbalancingv2::types::QueryStringKeyValuePair")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct QueryStringKeyValuePair {
    /// The key. You can omit the key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// The value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

/// Information for an HTTP method condition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_elasticloadbalancingv2::types::HttpRequestMethodConditionConfig")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct HttpRequestMethodConditionConfig {
    /// The names of the request methods (case sensitive, exact match).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<String>>,
}

/// Information for a source IP condition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_elasticloadbalancingv2::types::SourceIpConditionConfig")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct SourceIpConditionConfig {
    /// The source IP addresses, in CIDR format (at most five).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<String>>,
    /// The IP address type for Network Load Balancers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_address_type: Option<SourceIpAddressType>,
}

/// The IP address type of a source IP condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_elasticloadbalancingv2::types::SourceIpAddressTypeEnum")]
pub enum SourceIpAddressType {
    /// IPv4 addresses only.
    #[serde(rename = "ipv4")]
    Ipv4,
    /// IPv6 addresses only.
    #[serde(rename = "ipv6")]
    Ipv6,
}

/// A transform that a listener rule applies to matching requests.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_elasticloadbalancingv2::types::RuleTransform")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct RuleTransform {
    /// The type of transform.
    #[serde(rename = "type")]
    pub transform_type: TransformType,
    /// Information about a host header rewrite transform. Specify only when `type` is `host-header-rewrite`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host_header_rewrite_config: Option<HostHeaderRewriteConfig>,
    /// Information about a URL rewrite transform. Specify only when `type` is `url-rewrite`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url_rewrite_config: Option<UrlRewriteConfig>,
}

/// The type of a rule transform.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_elasticloadbalancingv2::types::TransformTypeEnum")]
pub enum TransformType {
    /// Rewrite the host header.
    #[serde(rename = "host-header-rewrite")]
    HostHeaderRewrite,
    /// Rewrite the request URL.
    #[serde(rename = "url-rewrite")]
    UrlRewrite,
}

/// Information about a host header rewrite transform.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_elasticloadbalancingv2::types::HostHeaderRewriteConfig")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct HostHeaderRewriteConfig {
    /// The host header rewrites: each a regular expression to match and a replacement string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rewrites: Option<Vec<RewriteConfig>>,
}

/// Information about a URL rewrite transform.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_elasticloadbalancingv2::types::UrlRewriteConfig")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct UrlRewriteConfig {
    /// The URL rewrites: each a regular expression to match and a replacement string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rewrites: Option<Vec<RewriteConfig>>,
}

/// A rewrite: a regular expression to match and a replacement string.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_elasticloadbalancingv2::types::RewriteConfig")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct RewriteConfig {
    /// The regular expression to match in the input string (up to 1,024 characters).
    pub regex: String,
    /// The replacement string, which may use capture groups such as `$1` (up to 1,024 characters).
    pub replace: String,
}

// ---------------------------------------------------------------------------------------
// Actions
// ---------------------------------------------------------------------------------------

/// An action of a listener's default rule or of a listener rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_elasticloadbalancingv2::types::Action")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct Action {
    /// The type of action.
    #[serde(rename = "type")]
    #[shape(with = "action_type")]
    pub action_type: ActionType,
    /// The order for the action; required for rules with multiple actions, lowest first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<i32>,
    /// A target group of this stack, by name, to forward to (`type: forward`); ecsform resolves it to its ARN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[shape(skip)]
    pub target_group: Option<String>,
    /// The ARN of a target group outside this stack; specify only when `type` is `forward`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_group_arn: Option<String>,
    /// Information for distributing requests among multiple target groups. Specify only when `type` is `forward`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forward_config: Option<ForwardActionConfig>,
    /// [Application Load Balancer] Information for creating a redirect action. Specify only when `type` is `redirect`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect_config: Option<RedirectActionConfig>,
    /// [Application Load Balancer] Information for returning a custom HTTP response. Specify only when `type` is `fixed-response`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fixed_response_config: Option<FixedResponseActionConfig>,
    /// [HTTPS listeners] Information about an OpenID Connect identity provider. Specify only when `type` is `authenticate-oidc`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authenticate_oidc_config: Option<AuthenticateOidcActionConfig>,
    /// [HTTPS listeners] Information for using Amazon Cognito to authenticate users. Specify only when `type` is `authenticate-cognito`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authenticate_cognito_config: Option<AuthenticateCognitoActionConfig>,
    /// [HTTPS listeners] Information for validating JWT access tokens in client requests. Specify only when `type` is `jwt-validation`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jwt_validation_config: Option<JwtValidationActionConfig>,
}

/// The type of an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_elasticloadbalancingv2::types::ActionTypeEnum")]
pub enum ActionType {
    /// Forward requests to one or more target groups.
    #[serde(rename = "forward")]
    Forward,
    /// Authenticate users through an identity provider compliant with OpenID Connect.
    #[serde(rename = "authenticate-oidc")]
    AuthenticateOidc,
    /// Authenticate users through Amazon Cognito.
    #[serde(rename = "authenticate-cognito")]
    AuthenticateCognito,
    /// Redirect requests to another URL.
    #[serde(rename = "redirect")]
    Redirect,
    /// Return a custom HTTP response.
    #[serde(rename = "fixed-response")]
    FixedResponse,
    /// Validate JWT access tokens in client requests.
    #[serde(rename = "jwt-validation")]
    JwtValidation,
}

/// Information for distributing requests among multiple target groups.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_elasticloadbalancingv2::types::ForwardActionConfig")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct ForwardActionConfig {
    /// The target groups.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_groups: Option<Vec<TargetGroupTuple>>,
    /// The target group stickiness for the rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_group_stickiness_config: Option<TargetGroupStickinessConfig>,
}

/// A target group of a forward action, with its weight.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_elasticloadbalancingv2::types::TargetGroupTuple")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct TargetGroupTuple {
    /// A target group of this stack, by name; ecsform resolves it to its ARN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[shape(skip)]
    pub target_group: Option<String>,
    /// The ARN of a target group outside this stack.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_group_arn: Option<String>,
    /// The weight. The range is 0 to 999.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<i32>,
}

/// The target group stickiness of a forward action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_elasticloadbalancingv2::types::TargetGroupStickinessConfig")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct TargetGroupStickinessConfig {
    /// Indicates whether target group stickiness is enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// [Application Load Balancers] The time period, in seconds, during which requests from a client go to the same target group (1-604800).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_seconds: Option<i32>,
}

/// Information for a redirect action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_elasticloadbalancingv2::types::RedirectActionConfig")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct RedirectActionConfig {
    /// The protocol: `HTTP`, `HTTPS` or `#{protocol}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    /// The port: a value from 1 to 65535 or `#{port}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<String>,
    /// The hostname, which can contain `#{host}`; it is not percent-encoded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    /// The absolute path, starting with the leading "/", which can contain `#{host}`, `#{path}` and `#{port}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The query parameters, without the leading "?".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
    /// The HTTP redirect code: permanent (HTTP 301) or temporary (HTTP 302).
    pub status_code: RedirectActionStatusCode,
}

/// The HTTP code of a redirect action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_elasticloadbalancingv2::types::RedirectActionStatusCodeEnum")]
pub enum RedirectActionStatusCode {
    /// A permanent redirect (HTTP 301).
    #[serde(rename = "HTTP_301")]
    Http301,
    /// A temporary redirect (HTTP 302).
    #[serde(rename = "HTTP_302")]
    Http302,
}

/// Information for an action that returns a custom HTTP response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_elasticloadbalancingv2::types::FixedResponseActionConfig")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct FixedResponseActionConfig {
    /// The message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_body: Option<String>,
    /// The HTTP response code (2XX, 4XX, or 5XX).
    pub status_code: String,
    /// The content type: `text/plain`, `text/css`, `text/html`, `application/javascript` or `application/json`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
}

/// Information about an identity provider compliant with OpenID Connect (OIDC).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_elasticloadbalancingv2::types::AuthenticateOidcActionConfig")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct AuthenticateOidcActionConfig {
    /// The OIDC issuer identifier of the IdP, as a full HTTPS URL.
    pub issuer: String,
    /// The authorization endpoint of the IdP, as a full HTTPS URL.
    pub authorization_endpoint: String,
    /// The token endpoint of the IdP, as a full HTTPS URL.
    pub token_endpoint: String,
    /// The user info endpoint of the IdP, as a full HTTPS URL.
    pub user_info_endpoint: String,
    /// The OAuth 2.0 client identifier.
    pub client_id: String,
    /// The OAuth 2.0 client secret; required when creating a rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
    /// The name of the cookie used to maintain session information. The default is AWSELBAuthSessionCookie.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_cookie_name: Option<String>,
    /// The set of user claims to be requested from the IdP. The default is `openid`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// The maximum duration of the authentication session, in seconds. The default is 604800 seconds (7 days).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_timeout: Option<i64>,
    /// The query parameters (up to 10) to include in the redirect request to the authorization endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authentication_request_extra_params: Option<BTreeMap<String, String>>,
    /// The behavior if the user is not authenticated. The default is `authenticate`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_unauthenticated_request: Option<AuthenticateOidcActionConditionalBehavior>,
    /// Indicates whether to use the existing client secret when modifying a rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub use_existing_client_secret: Option<bool>,
}

/// The behavior of an OIDC authenticate action if the user is not authenticated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(
    sdk = "aws_sdk_elasticloadbalancingv2::types::AuthenticateOidcActionConditionalBehaviorEnum"
)]
pub enum AuthenticateOidcActionConditionalBehavior {
    /// Return an HTTP 401 Unauthorized error.
    #[serde(rename = "deny")]
    Deny,
    /// Allow the request to be forwarded to the target.
    #[serde(rename = "allow")]
    Allow,
    /// Redirect the request to the IdP authorization endpoint (the default).
    #[serde(rename = "authenticate")]
    Authenticate,
}

/// Information for using Amazon Cognito to authenticate users.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_elasticloadbalancingv2::types::AuthenticateCognitoActionConfig")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct AuthenticateCognitoActionConfig {
    /// The Amazon Resource Name (ARN) of the Amazon Cognito user pool.
    pub user_pool_arn: String,
    /// The ID of the Amazon Cognito user pool client.
    pub user_pool_client_id: String,
    /// The domain prefix or fully-qualified domain name of the Amazon Cognito user pool.
    pub user_pool_domain: String,
    /// The name of the cookie used to maintain session information. The default is AWSELBAuthSessionCookie.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_cookie_name: Option<String>,
    /// The set of user claims to be requested from the IdP. The default is `openid`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// The maximum duration of the authentication session, in seconds. The default is 604800 seconds (7 days).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_timeout: Option<i64>,
    /// The query parameters (up to 10) to include in the redirect request to the authorization endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authentication_request_extra_params: Option<BTreeMap<String, String>>,
    /// The behavior if the user is not authenticated. The default is `authenticate`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_unauthenticated_request: Option<AuthenticateCognitoActionConditionalBehavior>,
}

/// The behavior of a Cognito authenticate action if the user is not authenticated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(
    sdk = "aws_sdk_elasticloadbalancingv2::types::AuthenticateCognitoActionConditionalBehaviorEnum"
)]
pub enum AuthenticateCognitoActionConditionalBehavior {
    /// Return an HTTP 401 Unauthorized error.
    #[serde(rename = "deny")]
    Deny,
    /// Allow the request to be forwarded to the target.
    #[serde(rename = "allow")]
    Allow,
    /// Redirect the request to the IdP authorization endpoint (the default).
    #[serde(rename = "authenticate")]
    Authenticate,
}

/// Information for validating JWT access tokens in client requests.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_elasticloadbalancingv2::types::JwtValidationActionConfig")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct JwtValidationActionConfig {
    /// The JSON Web Key Set (JWKS) endpoint, as a full HTTPS URL of up to 256 characters.
    pub jwks_endpoint: String,
    /// The issuer of the JWT. The maximum length is 256 characters.
    pub issuer: String,
    /// Additional claims to validate (up to 10); `exp`, `iss`, `nbf` and `iat` are validated by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_claims: Option<Vec<JwtValidationActionAdditionalClaim>>,
}

/// An additional claim of a JWT validation action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_elasticloadbalancingv2::types::JwtValidationActionAdditionalClaim")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct JwtValidationActionAdditionalClaim {
    /// The format of the claim value.
    pub format: JwtValidationActionAdditionalClaimFormat,
    /// The name of the claim; not `exp`, `iss`, `nbf` or `iat`, which are validated by default.
    pub name: String,
    /// The claim values (up to 10, each up to 256 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<String>>,
}

/// The format of a JWT claim value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(
    sdk = "aws_sdk_elasticloadbalancingv2::types::JwtValidationActionAdditionalClaimFormatEnum"
)]
pub enum JwtValidationActionAdditionalClaimFormat {
    /// A single string.
    #[serde(rename = "single-string")]
    SingleString,
    /// An array of strings.
    #[serde(rename = "string-array")]
    StringArray,
    /// A string of space-separated values.
    #[serde(rename = "space-separated-values")]
    SpaceSeparatedValues,
}

/// An action's type, read from the action: AWS always returns it, but ELB's model makes
/// it optional and AWS may add types; one missing or unknown to ecsform is inferred from
/// the configuration the action carries (forward when it carries none it knows).
#[cfg(feature = "sdk")]
mod action_type {
    use super::ActionType;
    use crate::shape::{BuildError, FromSdk, ToSdk};
    use aws_sdk_elasticloadbalancingv2::types as sdk;

    pub fn from_sdk(a: &sdk::Action) -> ActionType {
        if let Some(t) = a.r#type.as_ref().and_then(ActionType::from_sdk) {
            t
        } else if a.authenticate_oidc_config.is_some() {
            ActionType::AuthenticateOidc
        } else if a.authenticate_cognito_config.is_some() {
            ActionType::AuthenticateCognito
        } else if a.jwt_validation_config.is_some() {
            ActionType::JwtValidation
        } else if a.redirect_config.is_some() {
            ActionType::Redirect
        } else if a.fixed_response_config.is_some() {
            ActionType::FixedResponse
        } else {
            ActionType::Forward
        }
    }

    pub fn to_sdk(t: &ActionType) -> Result<Option<sdk::ActionTypeEnum>, BuildError> {
        t.to_sdk().map(Some)
    }
}
