//! The reader's Cloud Map namespaces (aws-smithy-mocks): ListNamespaces may list a DNS
//! namespace with an empty SOA (`"SOA": {}`; the corpus case `sd-private-dns-soa-empty`
//! has AWS's own example), which the SDK reads as a TTL of 0. That is "not reported": a
//! file that sets the TTL gets it from GetNamespace; a file that does not set it makes no
//! further call and compares nothing there.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::{Arc, Mutex};

use aws_sdk_servicediscovery::operation::get_namespace::GetNamespaceOutput;
use aws_sdk_servicediscovery::operation::list_namespaces::ListNamespacesOutput;
use aws_sdk_servicediscovery::operation::list_tags_for_resource::ListTagsForResourceOutput;
use aws_sdk_servicediscovery::types as sd;
use aws_smithy_mocks::{Rule, RuleMode, mock, mock_client};
use ecsform_aws::{Clients, read_live};
use ecsform_model::desired::{DesiredState, Resource};
use ecsform_model::{Address, Kind};
use serde_json::{Value, json};

const NS_ID: &str = "ns-abcd1234xmpl5678";

fn dns_properties(ttl: i64) -> sd::NamespaceProperties {
    sd::NamespaceProperties::builder()
        .dns_properties(
            sd::DnsProperties::builder()
                .hosted_zone_id("Z06752353VBUDTC32S84S")
                .soa(sd::Soa::builder().ttl(ttl).build().unwrap())
                .build(),
        )
        .build()
}

fn desired(doc: Value) -> DesiredState {
    DesiredState {
        stack: "s".into(),
        region: None,
        resources: vec![Resource {
            address: Address::new(Kind::Namespace, "local"),
            doc,
            prevent_destroy: false,
            adopt: false,
        }],
        unmanaged_cluster: None,
    }
}

fn clients(get_calls: &Arc<Mutex<usize>>) -> Clients {
    let list = mock!(aws_sdk_servicediscovery::Client::list_namespaces).then_output(|| {
        ListNamespacesOutput::builder()
            .namespaces(
                sd::NamespaceSummary::builder()
                    .id(NS_ID)
                    .arn(format!(
                        "arn:aws:servicediscovery:us-west-2:123456789012:namespace/{NS_ID}"
                    ))
                    .name("local")
                    .r#type(sd::NamespaceType::DnsPrivate)
                    // `"SOA": {}` as the SDK reads it.
                    .properties(dns_properties(0))
                    .build(),
            )
            .build()
    });
    let tags = mock!(aws_sdk_servicediscovery::Client::list_tags_for_resource)
        .then_output(|| ListTagsForResourceOutput::builder().build());
    let seen = Arc::clone(get_calls);
    let get = mock!(aws_sdk_servicediscovery::Client::get_namespace)
        .match_requests(|r| r.id() == Some(NS_ID))
        .then_compute_output(move |_| {
            *seen.lock().unwrap() += 1;
            GetNamespaceOutput::builder()
                .namespace(
                    sd::Namespace::builder()
                        .id(NS_ID)
                        .name("local")
                        .r#type(sd::NamespaceType::DnsPrivate)
                        .properties(dns_properties(60))
                        .build(),
                )
                .build()
        });
    let none: Vec<&Rule> = Vec::new();
    Clients::from_parts(
        mock_client!(aws_sdk_ecs, RuleMode::MatchAny, none.clone()),
        mock_client!(
            aws_sdk_elasticloadbalancingv2,
            RuleMode::MatchAny,
            [
                &mock!(aws_sdk_elasticloadbalancingv2::Client::describe_load_balancers)
                    .then_output(|| aws_sdk_elasticloadbalancingv2::operation::describe_load_balancers::DescribeLoadBalancersOutput::builder().build()),
                &mock!(aws_sdk_elasticloadbalancingv2::Client::describe_target_groups)
                    .then_output(|| aws_sdk_elasticloadbalancingv2::operation::describe_target_groups::DescribeTargetGroupsOutput::builder().build()),
            ]
        ),
        mock_client!(aws_sdk_applicationautoscaling, RuleMode::MatchAny, none),
        mock_client!(aws_sdk_servicediscovery, RuleMode::MatchAny, [&list, &tags, &get]),
        mock_client!(
            aws_sdk_resourcegroupstagging,
            RuleMode::MatchAny,
            [&mock!(aws_sdk_resourcegroupstagging::Client::get_resources).then_output(|| {
                aws_sdk_resourcegroupstagging::operation::get_resources::GetResourcesOutput::builder().build()
            })]
        ),
    )
}

#[tokio::test]
async fn an_empty_soa_is_read_from_get_namespace_where_the_file_sets_the_ttl() {
    let calls = Arc::default();
    let live = read_live(
        &clients(&calls),
        &desired(
            json!({"name": "local", "type": "DNS_PRIVATE", "vpc": "vpc-1",
                        "properties": {"dnsProperties": {"soa": {"TTL": 60}}}}),
        ),
    )
    .await
    .unwrap();
    let ns = live.get(&Address::new(Kind::Namespace, "local")).unwrap();
    assert_eq!(
        ns.doc["properties"]["dnsProperties"]["soa"]["TTL"], 60,
        "{}",
        ns.doc
    );
    assert_eq!(*calls.lock().unwrap(), 1);
}

#[tokio::test]
async fn an_empty_soa_is_no_ttl_where_the_file_sets_none() {
    let calls = Arc::default();
    let live = read_live(
        &clients(&calls),
        &desired(json!({"name": "local", "type": "DNS_PRIVATE", "vpc": "vpc-1"})),
    )
    .await
    .unwrap();
    let ns = live.get(&Address::new(Kind::Namespace, "local")).unwrap();
    assert!(ns.doc.get("properties").is_none(), "{}", ns.doc);
    assert_eq!(*calls.lock().unwrap(), 0);
}
