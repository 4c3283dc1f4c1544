//! The reader finds the stack's resources without listing the account
//! (aws-smithy-mocks): the target groups the file names are described by name, a batch
//! that ELB refuses whole because one of them does not exist (`TargetGroupNotFound`) is
//! asked again one by one; what the stack owns but the file no longer names comes from
//! the tagging API (GetResources with the tag filter `ecsform:stack=<stack>`, every page)
//! and is described by ARN. DescribeTargetGroups is never called without names or ARNs
//! (which would list every group of the account).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use aws_sdk_elasticloadbalancingv2::operation::describe_tags::DescribeTagsOutput;
use aws_sdk_elasticloadbalancingv2::operation::describe_target_group_attributes::DescribeTargetGroupAttributesOutput;
use aws_sdk_elasticloadbalancingv2::operation::describe_target_groups::{
    DescribeTargetGroupsError, DescribeTargetGroupsOutput,
};
use aws_sdk_elasticloadbalancingv2::types as elbt;
use aws_sdk_resourcegroupstagging::operation::get_resources::GetResourcesOutput;
use aws_sdk_resourcegroupstagging::types as tagt;
use aws_smithy_mocks::{Rule, RuleMode, mock, mock_client};
use aws_smithy_types::error::ErrorMetadata;
use ecsform_aws::{Clients, read_live};
use ecsform_model::desired::{DesiredState, Resource};
use ecsform_model::{Address, Kind};
use serde_json::json;

fn arn(name: &str) -> String {
    format!(
        "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/{name}/0123456789abcdef"
    )
}

fn group(name: &str) -> elbt::TargetGroup {
    elbt::TargetGroup::builder()
        .target_group_name(name)
        .target_group_arn(arn(name))
        .protocol(elbt::ProtocolEnum::Http)
        .port(80)
        .build()
}

fn not_found() -> DescribeTargetGroupsError {
    DescribeTargetGroupsError::TargetGroupNotFoundException(
        aws_sdk_elasticloadbalancingv2::types::error::TargetGroupNotFoundException::builder()
            .message("One or more target groups not found")
            .meta(ErrorMetadata::builder().code("TargetGroupNotFound").build())
            .build(),
    )
}

fn desired() -> DesiredState {
    let tg = |name: &str| Resource {
        address: Address::new(Kind::TargetGroup, name),
        doc: json!({"name": name, "protocol": "HTTP", "port": 80, "targetType": "ip"}),
        prevent_destroy: false,
        adopt: false,
    };
    DesiredState {
        stack: "s".into(),
        region: None,
        resources: vec![tg("kept"), tg("new")],
        unmanaged_cluster: None,
    }
}

#[tokio::test]
async fn named_groups_are_read_by_name_and_the_stacks_others_by_tag() {
    let names = |r: &aws_sdk_elasticloadbalancingv2::operation::describe_target_groups::DescribeTargetGroupsInput| {
        r.names().to_vec()
    };
    // Both names at once: refused, since "new" does not exist yet.
    let both = mock!(aws_sdk_elasticloadbalancingv2::Client::describe_target_groups)
        .match_requests(move |r| names(r).len() == 2)
        .then_error(not_found);
    let kept = mock!(aws_sdk_elasticloadbalancingv2::Client::describe_target_groups)
        .match_requests(move |r| names(r) == ["kept"])
        .then_output(|| {
            DescribeTargetGroupsOutput::builder()
                .target_groups(group("kept"))
                .build()
        });
    let new = mock!(aws_sdk_elasticloadbalancingv2::Client::describe_target_groups)
        .match_requests(move |r| names(r) == ["new"])
        .then_error(not_found);
    let by_arn = mock!(aws_sdk_elasticloadbalancingv2::Client::describe_target_groups)
        .match_requests(|r| r.names().is_empty() && r.target_group_arns() == [arn("dropped")])
        .then_output(|| {
            DescribeTargetGroupsOutput::builder()
                .target_groups(group("dropped"))
                .build()
        });
    let tags =
        mock!(aws_sdk_elasticloadbalancingv2::Client::describe_tags).then_compute_output(|r| {
            let mut out = DescribeTagsOutput::builder();
            for a in r.resource_arns() {
                out = out.tag_descriptions(
                    elbt::TagDescription::builder()
                        .resource_arn(a)
                        .tags(elbt::Tag::builder().key("ecsform:stack").value("s").build())
                        .build(),
                );
            }
            out.build()
        });
    let attributes =
        mock!(aws_sdk_elasticloadbalancingv2::Client::describe_target_group_attributes)
            .then_output(|| DescribeTargetGroupAttributesOutput::builder().build());
    let elb = mock_client!(
        aws_sdk_elasticloadbalancingv2,
        RuleMode::MatchAny,
        [&both, &kept, &new, &by_arn, &tags, &attributes]
    );
    // Two pages: the second has the group the file no longer names.
    let filter_ok =
        |r: &aws_sdk_resourcegroupstagging::operation::get_resources::GetResourcesInput| {
            r.tag_filters()
                .iter()
                .any(|f| f.key() == Some("ecsform:stack") && f.values() == ["s"])
        };
    let first = mock!(aws_sdk_resourcegroupstagging::Client::get_resources)
        .match_requests(move |r| filter_ok(r) && r.pagination_token().is_none())
        .then_output(|| {
            GetResourcesOutput::builder()
                .resource_tag_mapping_list(
                    tagt::ResourceTagMapping::builder()
                        .resource_arn(arn("kept"))
                        .build(),
                )
                .pagination_token("page-2")
                .build()
        });
    let second = mock!(aws_sdk_resourcegroupstagging::Client::get_resources)
        .match_requests(move |r| filter_ok(r) && r.pagination_token() == Some("page-2"))
        .then_output(|| {
            GetResourcesOutput::builder()
                .resource_tag_mapping_list(
                    tagt::ResourceTagMapping::builder()
                        .resource_arn(arn("dropped"))
                        .build(),
                )
                .pagination_token("")
                .build()
        });
    let tagging = mock_client!(
        aws_sdk_resourcegroupstagging,
        RuleMode::MatchAny,
        [&first, &second]
    );
    let none: Vec<&Rule> = Vec::new();
    let clients = Clients::from_parts(
        mock_client!(aws_sdk_ecs, RuleMode::MatchAny, none.clone()),
        elb,
        mock_client!(
            aws_sdk_applicationautoscaling,
            RuleMode::MatchAny,
            none.clone()
        ),
        mock_client!(aws_sdk_servicediscovery, RuleMode::MatchAny, none),
        tagging,
    );
    let live = read_live(&clients, &desired()).await.unwrap();
    let groups: Vec<String> = live.resources.keys().map(ToString::to_string).collect();
    assert_eq!(groups, ["target_group.dropped", "target_group.kept"]);
    assert_eq!(
        (both.num_calls(), kept.num_calls(), new.num_calls()),
        (1, 1, 1),
        "the refused batch is asked again name by name"
    );
    assert_eq!(
        by_arn.num_calls(),
        1,
        "the tagged group is described by ARN"
    );
    assert_eq!(
        (first.num_calls(), second.num_calls()),
        (1, 1),
        "every page"
    );
}
