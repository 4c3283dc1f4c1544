//! The live reader under injected faults (aws-smithy-mocks): throttling and 5xx answers
//! are retried to success; access denied (here: the tagging API's GetResources, the
//! permission a plan needs beside the services' own) is reported with the resource, the
//! call, AWS's code and message.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use aws_sdk_ecs::operation::describe_clusters::{DescribeClustersError, DescribeClustersOutput};
use aws_sdk_ecs::operation::describe_services::DescribeServicesOutput;
use aws_sdk_ecs::operation::describe_task_definition::DescribeTaskDefinitionError;
use aws_sdk_elasticloadbalancingv2::operation::describe_load_balancers::DescribeLoadBalancersOutput;
use aws_sdk_elasticloadbalancingv2::operation::describe_tags::DescribeTagsOutput;
use aws_sdk_elasticloadbalancingv2::operation::describe_target_groups::DescribeTargetGroupsOutput;
use aws_sdk_resourcegroupstagging::operation::get_resources::{
    GetResourcesError, GetResourcesOutput,
};
use aws_sdk_servicediscovery::operation::list_namespaces::ListNamespacesOutput;
use aws_smithy_mocks::{RuleMode, mock, mock_client};
use aws_smithy_types::error::ErrorMetadata;
use ecsform_aws::{AwsError, Clients, read_live};
use ecsform_model::desired::{DesiredState, desired_state};

fn retail_store() -> DesiredState {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let env = std::fs::read_to_string(root.join("examples/example.env")).unwrap();
    let vars =
        ecsform_spec::Vars::isolated(ecsform_spec::var_file::parse("example.env", &env).unwrap());
    let loaded = ecsform_spec::load_path(&root.join("examples/retail-store"), &vars).unwrap();
    desired_state(&loaded.stack.unwrap())
}

/// An empty answer of the tagging API: nothing tagged with the stack.
fn nothing_tagged() -> aws_sdk_resourcegroupstagging::Client {
    let none = mock!(aws_sdk_resourcegroupstagging::Client::get_resources)
        .then_output(|| GetResourcesOutput::builder().build());
    mock_client!(aws_sdk_resourcegroupstagging, RuleMode::MatchAny, [&none])
}

/// Empty answers for everything but ECS, so the read exercises the ECS faults.
fn quiet_others() -> (
    aws_sdk_elasticloadbalancingv2::Client,
    aws_sdk_applicationautoscaling::Client,
    aws_sdk_servicediscovery::Client,
) {
    let lbs = mock!(aws_sdk_elasticloadbalancingv2::Client::describe_load_balancers)
        .then_output(|| DescribeLoadBalancersOutput::builder().build());
    let tgs = mock!(aws_sdk_elasticloadbalancingv2::Client::describe_target_groups)
        .then_output(|| DescribeTargetGroupsOutput::builder().build());
    let tags = mock!(aws_sdk_elasticloadbalancingv2::Client::describe_tags)
        .then_output(|| DescribeTagsOutput::builder().build());
    let elb = mock_client!(
        aws_sdk_elasticloadbalancingv2,
        RuleMode::MatchAny,
        [&lbs, &tgs, &tags]
    );
    let ns = mock!(aws_sdk_servicediscovery::Client::list_namespaces)
        .then_output(|| ListNamespacesOutput::builder().build());
    let sd = mock_client!(aws_sdk_servicediscovery, RuleMode::MatchAny, [&ns]);
    let targets = mock!(aws_sdk_applicationautoscaling::Client::describe_scalable_targets)
        .then_output(|| aws_sdk_applicationautoscaling::operation::describe_scalable_targets::DescribeScalableTargetsOutput::builder().build());
    let policies = mock!(aws_sdk_applicationautoscaling::Client::describe_scaling_policies)
        .then_output(|| aws_sdk_applicationautoscaling::operation::describe_scaling_policies::DescribeScalingPoliciesOutput::builder().build());
    let actions = mock!(aws_sdk_applicationautoscaling::Client::describe_scheduled_actions)
        .then_output(|| aws_sdk_applicationautoscaling::operation::describe_scheduled_actions::DescribeScheduledActionsOutput::builder().build());
    let aas = mock_client!(
        aws_sdk_applicationautoscaling,
        RuleMode::MatchAny,
        [&targets, &policies, &actions]
    );
    (elb, aas, sd)
}

fn not_found_task_definitions() -> aws_smithy_mocks::Rule {
    mock!(aws_sdk_ecs::Client::describe_task_definition).then_error(|| {
        DescribeTaskDefinitionError::generic(
            ErrorMetadata::builder()
                .code("ClientException")
                .message("Unable to describe task definition.")
                .build(),
        )
    })
}

#[tokio::test]
async fn throttling_and_server_errors_are_retried() {
    let clusters = mock!(aws_sdk_ecs::Client::describe_clusters)
        .sequence()
        .error(|| {
            DescribeClustersError::generic(
                ErrorMetadata::builder()
                    .code("ThrottlingException")
                    .message("Rate exceeded")
                    .build(),
            )
        })
        .http_status(503, None)
        .output(|| DescribeClustersOutput::builder().build())
        .build();
    let services = mock!(aws_sdk_ecs::Client::describe_services)
        .sequence()
        .http_status(500, None)
        .output(|| DescribeServicesOutput::builder().build())
        .build();
    let tds = not_found_task_definitions();
    let ecs = mock_client!(
        aws_sdk_ecs,
        RuleMode::MatchAny,
        [&clusters, &services, &tds]
    );
    let (elb, aas, sd) = quiet_others();
    let clients = Clients::from_parts(ecs, elb, aas, sd, nothing_tagged());
    let live = read_live(&clients, &retail_store())
        .await
        .expect("retried to success");
    assert!(
        live.resources.is_empty(),
        "an empty account reads as empty: {:?}",
        live.resources.keys()
    );
    assert_eq!(
        clusters.num_calls(),
        3,
        "throttled, then 503, then answered"
    );
    assert_eq!(services.num_calls(), 2, "500, then answered");
    assert_eq!(
        tds.num_calls(),
        3,
        "each family not found is data, not an error"
    );
}

#[tokio::test]
async fn access_denied_names_the_resource_the_call_and_awss_code() {
    let clusters = mock!(aws_sdk_ecs::Client::describe_clusters)
        .then_output(|| DescribeClustersOutput::builder().build());
    let services = mock!(aws_sdk_ecs::Client::describe_services)
        .then_output(|| DescribeServicesOutput::builder().build());
    let tds = not_found_task_definitions();
    let ecs = mock_client!(
        aws_sdk_ecs,
        RuleMode::MatchAny,
        [&clusters, &services, &tds]
    );
    let denied = mock!(aws_sdk_resourcegroupstagging::Client::get_resources).then_error(|| {
        GetResourcesError::generic(
            ErrorMetadata::builder()
                .code("AccessDeniedException")
                .message("User: arn:aws:sts::123456789012:assumed-role/ci/x is not authorized to perform: tag:GetResources")
                .build(),
        )
    });
    let tagging = mock_client!(aws_sdk_resourcegroupstagging, RuleMode::MatchAny, [&denied]);
    let (elb, aas, sd) = quiet_others();
    let clients = Clients::from_parts(ecs, elb, aas, sd, tagging);
    let err = read_live(&clients, &retail_store())
        .await
        .expect_err("access denied");
    assert_eq!(
        err,
        AwsError {
            resource: "resources tagged ecsform:stack=retail-store".into(),
            call: "tag:GetResources",
            code: "AccessDeniedException".into(),
            message: "User: arn:aws:sts::123456789012:assumed-role/ci/x is not authorized to perform: tag:GetResources".into(),
        }
    );
    assert_eq!(denied.num_calls(), 1, "access denied is not retried");
    assert!(err.to_string().starts_with(
        "tag:GetResources failed for resources tagged ecsform:stack=retail-store: AccessDeniedException:"
    ));
}
