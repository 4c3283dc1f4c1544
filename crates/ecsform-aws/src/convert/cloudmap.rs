//! AWS Cloud Map namespaces: conversions between the SDK's shapes
//! (`aws_sdk_servicediscovery::types`) and the stack file's (`ecsform_spec::types`).
//!
//! - SDK -> spec: GetNamespace's `Namespace` or ListNamespaces' `NamespaceSummary`, as a
//!   stack file would say it. Neither returns the VPC of a `DNS_PRIVATE` namespace: the
//!   caller passes it when it knows it (from the namespace's Route 53 hosted zone, whose
//!   ID is in `properties.dnsProperties.hostedZoneId`) and `None` otherwise.
//!   `lifecycle` is always `None` (an ecsform setting, not AWS state).
//! - spec -> SDK: tags and the DNS properties the Create*DnsNamespace calls take.
//! - The namespace type goes through its wire string; a type newer than ecsform never
//!   panics (see [`namespace_from_sdk`]).

use aws_sdk_servicediscovery::types;
use aws_smithy_types::error::operation::BuildError;
use ecsform_spec::types as spec;

/// A namespace from GetNamespace and its tags (ListTagsForResource).
///
/// `vpc` is the argument, because GetNamespace does not return it (see the module docs).
/// `properties.dnsProperties.soa.ttl` is set when AWS reports an SOA record (DNS
/// namespaces), `properties` is `None` otherwise (HTTP namespaces; their `httpName` is the
/// namespace name and has no spec field). A type that is missing or unknown to ecsform is
/// inferred: `HTTP` without a hosted zone, else `DNS_PRIVATE` when a VPC is given and
/// `DNS_PUBLIC` when not. Not mapped: the ID, ARN, owner, service count, hosted zone ID,
/// creation date and creator request ID.
pub fn namespace_from_sdk(
    ns: &types::Namespace,
    tags: &[types::Tag],
    vpc: Option<&str>,
) -> spec::Namespace {
    from_parts(
        NamespaceParts {
            name: ns.name.as_deref(),
            namespace_type: ns.r#type.as_ref(),
            description: ns.description.as_deref(),
            properties: ns.properties.as_ref(),
        },
        tags,
        vpc,
    )
}

/// A namespace from ListNamespaces and its tags, as [`namespace_from_sdk`] converts it, with
/// `vpc` `None` (a summary does not carry it either).
pub fn namespace_summary_from_sdk(
    s: &types::NamespaceSummary,
    tags: &[types::Tag],
) -> spec::Namespace {
    from_parts(
        NamespaceParts {
            name: s.name.as_deref(),
            namespace_type: s.r#type.as_ref(),
            description: s.description.as_deref(),
            properties: s.properties.as_ref(),
        },
        tags,
        None,
    )
}

/// What `Namespace` and `NamespaceSummary` have in common.
struct NamespaceParts<'a> {
    name: Option<&'a str>,
    namespace_type: Option<&'a types::NamespaceType>,
    description: Option<&'a str>,
    properties: Option<&'a types::NamespaceProperties>,
}

fn from_parts(
    parts: NamespaceParts<'_>,
    tags: &[types::Tag],
    vpc: Option<&str>,
) -> spec::Namespace {
    let dns = parts.properties.and_then(|p| p.dns_properties.as_ref());
    let namespace_type = parts
        .namespace_type
        .and_then(|t| serde_json::from_value(serde_json::Value::String(t.as_str().to_owned())).ok())
        .unwrap_or(match (dns.and_then(|d| d.hosted_zone_id.as_ref()), vpc) {
            (None, _) => spec::NamespaceType::Http,
            (Some(_), Some(_)) => spec::NamespaceType::DnsPrivate,
            (Some(_), None) => spec::NamespaceType::DnsPublic,
        });
    spec::Namespace {
        name: parts.name.unwrap_or_default().to_owned(),
        namespace_type,
        vpc: vpc.map(str::to_owned),
        description: parts.description.map(str::to_owned),
        properties: dns
            .and_then(|d| d.soa.as_ref())
            .map(|soa| spec::NamespaceProperties {
                dns_properties: spec::NamespaceDnsProperties {
                    soa: spec::Soa { ttl: soa.ttl },
                },
            }),
        tags: tags_from_sdk(tags),
        lifecycle: None,
    }
}

/// Tags for the Create*Namespace calls and TagResource.
pub fn tags_to_sdk(tags: &[spec::Tag]) -> Result<Vec<types::Tag>, BuildError> {
    tags.iter()
        .map(|t| types::Tag::builder().key(&t.key).value(&t.value).build())
        .collect()
}

/// Tags from ListTagsForResource, in the SDK's order; `None` when there are none.
pub fn tags_from_sdk(tags: &[types::Tag]) -> Option<Vec<spec::Tag>> {
    if tags.is_empty() {
        return None;
    }
    Some(
        tags.iter()
            .map(|t| spec::Tag {
                key: t.key.clone(),
                value: t.value.clone(),
            })
            .collect(),
    )
}

/// The properties of CreatePrivateDnsNamespace (the SOA record's TTL).
pub fn private_dns_properties_to_sdk(
    p: &spec::NamespaceProperties,
) -> Result<types::PrivateDnsNamespaceProperties, BuildError> {
    let soa = soa_to_sdk(&p.dns_properties.soa)?;
    Ok(types::PrivateDnsNamespaceProperties::builder()
        .dns_properties(
            types::PrivateDnsPropertiesMutable::builder()
                .soa(soa)
                .build(),
        )
        .build())
}

/// The properties of CreatePublicDnsNamespace (the SOA record's TTL).
pub fn public_dns_properties_to_sdk(
    p: &spec::NamespaceProperties,
) -> Result<types::PublicDnsNamespaceProperties, BuildError> {
    let soa = soa_to_sdk(&p.dns_properties.soa)?;
    Ok(types::PublicDnsNamespaceProperties::builder()
        .dns_properties(
            types::PublicDnsPropertiesMutable::builder()
                .soa(soa)
                .build(),
        )
        .build())
}

fn soa_to_sdk(soa: &spec::Soa) -> Result<types::Soa, BuildError> {
    types::Soa::builder().ttl(soa.ttl).build()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    fn tag(key: &str, value: &str) -> types::Tag {
        types::Tag::builder().key(key).value(value).build().unwrap()
    }

    #[test]
    fn http_namespace() {
        let ns = types::Namespace::builder()
            .id("ns-abc")
            .arn("arn:aws:servicediscovery:eu-west-1:123456789012:namespace/ns-abc")
            .name("shop")
            .r#type(types::NamespaceType::Http)
            .description("Service Connect")
            .service_count(3)
            .properties(
                types::NamespaceProperties::builder()
                    .http_properties(types::HttpProperties::builder().http_name("shop").build())
                    .build(),
            )
            .build();
        let expected = spec::Namespace {
            name: "shop".into(),
            namespace_type: spec::NamespaceType::Http,
            vpc: None,
            description: Some("Service Connect".into()),
            properties: None,
            tags: Some(vec![spec::Tag {
                key: "team".into(),
                value: "web".into(),
            }]),
            lifecycle: None,
        };
        assert_eq!(
            namespace_from_sdk(&ns, &[tag("team", "web")], None),
            expected
        );
    }

    #[test]
    fn private_dns_namespace_with_soa_ttl() {
        let properties = types::NamespaceProperties::builder()
            .dns_properties(
                types::DnsProperties::builder()
                    .hosted_zone_id("Z0123456789")
                    .soa(types::Soa::builder().ttl(60).build().unwrap())
                    .build(),
            )
            .build();
        let ns = types::Namespace::builder()
            .name("shop.local")
            .r#type(types::NamespaceType::DnsPrivate)
            .properties(properties.clone())
            .build();
        let expected = spec::Namespace {
            name: "shop.local".into(),
            namespace_type: spec::NamespaceType::DnsPrivate,
            vpc: Some("vpc-0123".into()),
            description: None,
            properties: Some(spec::NamespaceProperties {
                dns_properties: spec::NamespaceDnsProperties {
                    soa: spec::Soa { ttl: 60 },
                },
            }),
            tags: None,
            lifecycle: None,
        };
        assert_eq!(namespace_from_sdk(&ns, &[], Some("vpc-0123")), expected);

        // The summary gives the same, without the VPC.
        let summary = types::NamespaceSummary::builder()
            .name("shop.local")
            .r#type(types::NamespaceType::DnsPrivate)
            .properties(properties)
            .build();
        assert_eq!(
            namespace_summary_from_sdk(&summary, &[]),
            spec::Namespace {
                vpc: None,
                ..expected.clone()
            }
        );

        // And the properties go back as CreatePrivateDnsNamespace takes them.
        let sdk = private_dns_properties_to_sdk(expected.properties.as_ref().unwrap()).unwrap();
        assert_eq!(sdk.dns_properties().unwrap().soa().unwrap().ttl(), 60);
        let public = public_dns_properties_to_sdk(expected.properties.as_ref().unwrap()).unwrap();
        assert_eq!(public.dns_properties().unwrap().soa().unwrap().ttl(), 60);
    }

    #[test]
    fn unknown_type_is_inferred() {
        let ns = types::Namespace::builder()
            .name("x")
            .r#type(types::NamespaceType::from("DNS_SOMETHING"))
            .properties(
                types::NamespaceProperties::builder()
                    .dns_properties(types::DnsProperties::builder().hosted_zone_id("Z1").build())
                    .build(),
            )
            .build();
        assert_eq!(
            namespace_from_sdk(&ns, &[], None).namespace_type,
            spec::NamespaceType::DnsPublic
        );
        assert_eq!(
            namespace_from_sdk(&ns, &[], Some("vpc-1")).namespace_type,
            spec::NamespaceType::DnsPrivate
        );
        let bare = types::Namespace::builder().name("y").build();
        assert_eq!(
            namespace_from_sdk(&bare, &[], None).namespace_type,
            spec::NamespaceType::Http
        );
    }

    #[test]
    fn tags_round_trip() {
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
        assert_eq!(tags_from_sdk(&tags_to_sdk(&tags).unwrap()), Some(tags));
        assert_eq!(tags_from_sdk(&[]), None);
    }
}
