//! AWS Cloud Map namespaces.

use ecsform_derive::Shape;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Lifecycle, Tag};

/// An AWS Cloud Map namespace (CreateHttpNamespace, CreatePrivateDnsNamespace or
/// CreatePublicDnsNamespace input).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct Namespace {
    /// The namespace's name (for DNS namespaces, the domain name, e.g. `retailstore.local`).
    pub name: String,
    /// The kind of namespace; changing it replaces the namespace.
    #[serde(rename = "type")]
    pub namespace_type: NamespaceType,
    /// The VPC of a `DNS_PRIVATE` namespace (required there, not allowed otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpc: Option<String>,
    /// A description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// DNS properties of a DNS namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub properties: Option<NamespaceProperties>,
    /// Tags of the namespace. ecsform adds its own ownership tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
    /// How ecsform treats this resource over its life.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lifecycle: Option<Lifecycle>,
}

/// The kind of a Cloud Map namespace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_servicediscovery::types::NamespaceType")]
pub enum NamespaceType {
    /// API-only discovery (what Service Connect uses).
    #[serde(rename = "HTTP")]
    Http,
    /// A Route 53 private hosted zone in a VPC.
    #[serde(rename = "DNS_PRIVATE")]
    DnsPrivate,
    /// A Route 53 public hosted zone.
    #[serde(rename = "DNS_PUBLIC")]
    DnsPublic,
}

/// Properties of a DNS namespace.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(
    from = "aws_sdk_servicediscovery::types::NamespaceProperties",
    to = "aws_sdk_servicediscovery::types::PrivateDnsNamespaceProperties",
    to = "aws_sdk_servicediscovery::types::PublicDnsNamespaceProperties"
)]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct NamespaceProperties {
    /// DNS properties.
    pub dns_properties: NamespaceDnsProperties,
}

/// DNS properties of a namespace.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(
    from = "aws_sdk_servicediscovery::types::DnsProperties",
    to = "aws_sdk_servicediscovery::types::PrivateDnsPropertiesMutable",
    to = "aws_sdk_servicediscovery::types::PublicDnsPropertiesMutable"
)]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct NamespaceDnsProperties {
    /// The start of authority record of the hosted zone.
    pub soa: Soa,
}

/// A start of authority record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_servicediscovery::types::Soa")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct Soa {
    /// Time to live of the SOA record, in seconds.
    #[serde(rename = "TTL")]
    pub ttl: i64,
}
