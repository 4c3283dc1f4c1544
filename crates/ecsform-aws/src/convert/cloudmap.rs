//! AWS Cloud Map namespaces between the AWS SDK (`aws_sdk_servicediscovery::types`) and
//! the stack file (`ecsform_spec::types`). The properties and tags convert through the
//! derived conversions of the file's types (`ecsform_spec::shape`); what is here is
//! ecsform's own: a namespace read from GetNamespace or ListNamespaces, with its type
//! inferred when AWS gives none ecsform knows, and the VPC, which neither call returns.
//!
//! Neither GetNamespace nor ListNamespaces returns the VPC of a `DNS_PRIVATE` namespace:
//! the caller passes it when it knows it (from the namespace's Route 53 hosted zone, whose
//! ID is in `properties.dnsProperties.hostedZoneId`) and `None` otherwise. `lifecycle` is
//! always `None` (an ecsform setting, not AWS state).

use aws_sdk_servicediscovery::types;
use aws_smithy_types::error::operation::BuildError;
use ecsform_spec::shape::{FromSdk, ToSdk};
use ecsform_spec::types as spec;

/// A namespace from GetNamespace and its tags (ListTagsForResource).
///
/// `vpc` is the argument, because GetNamespace does not return it (see the module docs).
/// `properties.dnsProperties.soa.ttl` is set when AWS reports an SOA record (DNS
/// namespaces), `properties` is `None` otherwise (HTTP namespaces; their `httpName` is the
/// namespace name and has no file member). A type that is missing or unknown to ecsform is
/// inferred: `HTTP` without a hosted zone, else `DNS_PRIVATE` when a VPC is given and
/// `DNS_PUBLIC` when not. Not read: the ID, ARN, owner, service count, hosted zone ID,
/// creation date and creator request ID.
pub fn namespace_from_sdk(
    ns: &types::Namespace,
    tags: &[types::Tag],
    vpc: Option<&str>,
) -> spec::Namespace {
    from_parts(
        ns.name.as_deref(),
        ns.r#type.as_ref(),
        ns.description.as_deref(),
        ns.properties.as_ref(),
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
        s.name.as_deref(),
        s.r#type.as_ref(),
        s.description.as_deref(),
        s.properties.as_ref(),
        tags,
        None,
    )
}

/// What `Namespace` and `NamespaceSummary` have in common, as the file's namespace.
fn from_parts(
    name: Option<&str>,
    namespace_type: Option<&types::NamespaceType>,
    description: Option<&str>,
    properties: Option<&types::NamespaceProperties>,
    tags: &[types::Tag],
    vpc: Option<&str>,
) -> spec::Namespace {
    let hosted_zone = properties
        .and_then(|p| p.dns_properties.as_ref())
        .and_then(|d| d.hosted_zone_id.as_ref());
    let namespace_type =
        namespace_type
            .and_then(FromSdk::from_sdk)
            .unwrap_or(match (hosted_zone, vpc) {
                (None, _) => spec::NamespaceType::Http,
                (Some(_), Some(_)) => spec::NamespaceType::DnsPrivate,
                (Some(_), None) => spec::NamespaceType::DnsPublic,
            });
    spec::Namespace {
        name: name.unwrap_or_default().to_owned(),
        namespace_type,
        vpc: vpc.map(str::to_owned),
        description: description.map(str::to_owned),
        properties: properties.and_then(FromSdk::from_sdk),
        tags: tags_from_sdk(tags),
        lifecycle: None,
    }
}

/// Tags for the Create*Namespace calls and TagResource.
///
/// # Errors
/// When a tag lacks a member the SDK requires (the file's tags have both).
pub fn tags_to_sdk(tags: &[spec::Tag]) -> Result<Vec<types::Tag>, BuildError> {
    tags.iter().map(ToSdk::to_sdk).collect()
}

/// Tags from ListTagsForResource, in the SDK's order; `None` when there are none.
pub fn tags_from_sdk(tags: &[types::Tag]) -> Option<Vec<spec::Tag>> {
    super::separate(tags)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    // The conversions are derived from the file's types (`ecsform_spec::shape`); these
    // tests name each under the name its hand-written predecessor had.
    fn private_dns_properties_to_sdk(
        p: &spec::NamespaceProperties,
    ) -> Result<types::PrivateDnsNamespaceProperties, BuildError> {
        p.to_sdk()
    }

    fn public_dns_properties_to_sdk(
        p: &spec::NamespaceProperties,
    ) -> Result<types::PublicDnsNamespaceProperties, BuildError> {
        p.to_sdk()
    }

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
