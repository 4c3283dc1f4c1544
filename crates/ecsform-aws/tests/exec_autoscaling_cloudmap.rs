//! The AWS executor's Application Auto Scaling and Cloud Map steps, against mocked SDK
//! clients (aws-smithy-mocks): the requests AWS receives for the plan's changes of the
//! reference stack, the waits on Cloud Map operations, deletes of resources already
//! gone, and AWS errors reported with the call, AWS's code and message.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use aws_sdk_applicationautoscaling::operation::delete_scaling_policy::{
    DeleteScalingPolicyError, DeleteScalingPolicyInput,
};
use aws_sdk_applicationautoscaling::operation::delete_scheduled_action::{
    DeleteScheduledActionError, DeleteScheduledActionInput,
};
use aws_sdk_applicationautoscaling::operation::deregister_scalable_target::{
    DeregisterScalableTargetError, DeregisterScalableTargetInput,
};
use aws_sdk_applicationautoscaling::operation::describe_scalable_targets::DescribeScalableTargetsOutput;
use aws_sdk_applicationautoscaling::operation::put_scaling_policy::{
    PutScalingPolicyInput, PutScalingPolicyOutput,
};
use aws_sdk_applicationautoscaling::operation::put_scheduled_action::{
    PutScheduledActionInput, PutScheduledActionOutput,
};
use aws_sdk_applicationautoscaling::operation::register_scalable_target::{
    RegisterScalableTargetInput, RegisterScalableTargetOutput,
};
use aws_sdk_applicationautoscaling::operation::tag_resource::{
    TagResourceInput, TagResourceOutput,
};
use aws_sdk_applicationautoscaling::operation::untag_resource::{
    UntagResourceError, UntagResourceInput, UntagResourceOutput,
};
use aws_sdk_applicationautoscaling::types as aas;
use aws_sdk_elasticloadbalancingv2::operation::describe_target_groups::{
    DescribeTargetGroupsInput, DescribeTargetGroupsOutput,
};
use aws_sdk_servicediscovery::operation::create_http_namespace::{
    CreateHttpNamespaceError, CreateHttpNamespaceInput, CreateHttpNamespaceOutput,
};
use aws_sdk_servicediscovery::operation::create_private_dns_namespace::{
    CreatePrivateDnsNamespaceInput, CreatePrivateDnsNamespaceOutput,
};
use aws_sdk_servicediscovery::operation::delete_namespace::{
    DeleteNamespaceError, DeleteNamespaceInput, DeleteNamespaceOutput,
};
use aws_sdk_servicediscovery::operation::delete_service::{
    DeleteServiceInput, DeleteServiceOutput,
};
use aws_sdk_servicediscovery::operation::get_namespace::{GetNamespaceInput, GetNamespaceOutput};
use aws_sdk_servicediscovery::operation::get_operation::{GetOperationInput, GetOperationOutput};
use aws_sdk_servicediscovery::operation::list_instances::ListInstancesOutput;
use aws_sdk_servicediscovery::operation::list_services::{ListServicesInput, ListServicesOutput};
use aws_sdk_servicediscovery::operation::list_tags_for_resource::ListTagsForResourceOutput;
use aws_sdk_servicediscovery::operation::update_http_namespace::{
    UpdateHttpNamespaceInput, UpdateHttpNamespaceOutput,
};
use aws_sdk_servicediscovery::types as sd;
use aws_smithy_mocks::{MockResponse, Rule, RuleMode, mock, mock_client};
use aws_smithy_types::error::ErrorMetadata;
use ecsform_apply::{ActionError, Executor, Silent};
use ecsform_aws::{AwsExecutor, Clients, ExecOptions};
use ecsform_model::desired::{DesiredState, Resource};
use ecsform_model::live::{LiveResource, LiveState};
use ecsform_model::{Address, Kind, STACK_TAG};
use ecsform_plan::{Action, Change, PlanOptions, plan};
use ecsform_testkit::retail::{NS_ARN, TG_ARN, retail_store};
use serde_json::{Value, json};

const STACK: &str = "retail-store";
const UI_TARGET: &str = "service/retail-store-ecs-cluster/ui";
const TARGET_ARN: &str =
    "arn:aws:application-autoscaling:us-east-1:123456789012:scalable-target/0ec9a1b2c3d4e5f60718";
const LB_ARN: &str = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/retail-store-ecs-ui/50dc6c495c0c9188";
const POLICY_ARN: &str = "arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:1b2c:resource/ecs/service/retail-store-ecs-cluster/ui:policyName/ui-scaling-policy";

// ---- harness ----------------------------------------------------------------------

/// The requests one mock received, in order.
struct Seen<T>(Arc<Mutex<Vec<T>>>);

impl<T> Clone for Seen<T> {
    fn clone(&self) -> Self {
        Self(Arc::clone(&self.0))
    }
}

impl<T: Clone> Seen<T> {
    fn new() -> Self {
        Self(Arc::new(Mutex::new(Vec::new())))
    }
    fn push(&self, t: &T) {
        self.0.lock().unwrap().push(t.clone());
    }
    fn all(&self) -> Vec<T> {
        self.0.lock().unwrap().clone()
    }
    fn one(&self) -> T {
        let all = self.all();
        assert_eq!(all.len(), 1, "expected exactly one request");
        all[0].clone()
    }
}

/// The calls made, in order, across mocks (for ordering assertions).
#[derive(Clone, Default)]
struct Calls(Arc<Mutex<Vec<&'static str>>>);

impl Calls {
    fn push(&self, call: &'static str) {
        self.0.lock().unwrap().push(call);
    }
    fn all(&self) -> Vec<&'static str> {
        self.0.lock().unwrap().clone()
    }
}

fn clients(elb: &[&Rule], aas: &[&Rule], sd: &[&Rule]) -> Clients {
    let ecs = mock_client!(aws_sdk_ecs, RuleMode::MatchAny, Vec::<&Rule>::new());
    let elb = mock_client!(
        aws_sdk_elasticloadbalancingv2,
        RuleMode::MatchAny,
        elb.iter().copied()
    );
    let aas = mock_client!(
        aws_sdk_applicationautoscaling,
        RuleMode::MatchAny,
        aas.iter().copied()
    );
    let sd = mock_client!(
        aws_sdk_servicediscovery,
        RuleMode::MatchAny,
        sd.iter().copied()
    );
    let tagging = mock_client!(
        aws_sdk_resourcegroupstagging,
        RuleMode::MatchAny,
        Vec::<&Rule>::new()
    );
    Clients::from_parts(ecs, elb, aas, sd, tagging)
}

fn options() -> ExecOptions {
    ExecOptions {
        wait: true,
        wait_timeout: Duration::from_secs(10),
        poll_interval: Duration::from_millis(1),
        keep_revisions: 5,
    }
}

/// A live resource owned by the stack.
fn owned(kind: Kind, name: &str, arn: &str, doc: Value) -> LiveResource {
    let address = Address::new(kind, name);
    LiveResource {
        address,
        arn: arn.to_owned(),
        doc,
        tags: [(STACK_TAG.to_owned(), STACK.to_owned())].into(),
        revision: None,
    }
}

fn live_of(resources: Vec<LiveResource>) -> LiveState {
    let mut live = LiveState::default();
    for r in resources {
        live.resources.insert(r.address.clone(), r);
    }
    live
}

/// The change of one resource in the plan of `desired` against `live`.
fn change_of(desired: &DesiredState, live: &LiveState, kind: Kind, name: &str) -> Change {
    let address = Address::new(kind, name);
    plan(desired, live, &PlanOptions::default())
        .expect("plans")
        .changes
        .into_iter()
        .find(|c| c.address == address)
        .unwrap_or_else(|| panic!("the plan has no change of {address}"))
}

/// A create of the reference stack (planned against an empty account).
fn create_of(desired: &DesiredState, kind: Kind, name: &str) -> Change {
    let c = change_of(desired, &LiveState::default(), kind, name);
    assert_eq!(c.action, Action::Create);
    c
}

fn tag_map(tags: Option<&std::collections::HashMap<String, String>>) -> BTreeMap<String, String> {
    tags.into_iter()
        .flatten()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

fn sd_tag_map(tags: &[sd::Tag]) -> BTreeMap<String, String> {
    tags.iter()
        .map(|t| (t.key().to_owned(), t.value().to_owned()))
        .collect()
}

fn operation(id: &str, status: sd::OperationStatus) -> GetOperationOutput {
    let mut op = sd::Operation::builder().id(id).status(status.clone());
    if status == sd::OperationStatus::Success {
        op = op.targets(sd::OperationTargetType::Namespace, "ns-abc");
    }
    GetOperationOutput::builder().operation(op.build()).build()
}

fn generic<E>(make: fn(ErrorMetadata) -> E, code: &str, message: &str) -> E {
    make(ErrorMetadata::builder().code(code).message(message).build())
}

// ---- scalable targets -------------------------------------------------------------

#[tokio::test]
async fn scalable_target_create_registers_with_ownership_tags_and_records_its_arn() {
    let desired = retail_store();
    let create = create_of(&desired, Kind::ScalableTarget, "ui");

    let registered = Seen::<RegisterScalableTargetInput>::new();
    let r = registered.clone();
    let register = mock!(aws_sdk_applicationautoscaling::Client::register_scalable_target)
        .then_compute_output(move |req| {
            r.push(req);
            // AWS returns the ARN on create; this answer to the later update does not, so
            // the update has to use the ARN recorded by the create.
            let arn = (r.all().len() == 1).then_some(TARGET_ARN);
            RegisterScalableTargetOutput::builder()
                .set_scalable_target_arn(arn.map(str::to_owned))
                .build()
        });
    let describe = mock!(aws_sdk_applicationautoscaling::Client::describe_scalable_targets)
        .then_output(|| DescribeScalableTargetsOutput::builder().build());
    let tagged = Seen::<TagResourceInput>::new();
    let t = tagged.clone();
    let tag = mock!(aws_sdk_applicationautoscaling::Client::tag_resource).then_compute_output(
        move |req| {
            t.push(req);
            TagResourceOutput::builder().build()
        },
    );
    let clients = clients(&[], &[&register, &describe, &tag], &[]);
    let live = LiveState::default();
    let x = AwsExecutor::new(&clients, &desired, &live, options(), &Silent);

    x.execute(&create).await.expect("created");
    let req = registered.one();
    assert_eq!(req.service_namespace(), Some(&aas::ServiceNamespace::Ecs));
    assert_eq!(req.resource_id(), Some(UI_TARGET));
    assert_eq!(
        req.scalable_dimension(),
        Some(&aas::ScalableDimension::EcsServiceDesiredCount)
    );
    assert_eq!(
        (req.min_capacity(), req.max_capacity()),
        (Some(2), Some(10))
    );
    assert_eq!(req.role_arn(), None, "the file names no role");
    let tags = tag_map(req.tags());
    assert_eq!(tags.get(STACK_TAG).map(String::as_str), Some(STACK));
    assert_eq!(
        tags.get("ecsform:hash"),
        create.desired_hash.as_ref(),
        "the hash of the document applied"
    );

    // A later update of the same target (live read without an ARN: the resource ID
    // stands for it) tags the ARN the create returned, without describing the target.
    let mut live = LiveState::default();
    live.resources.insert(
        Address::new(Kind::ScalableTarget, "ui"),
        owned(
            Kind::ScalableTarget,
            "ui",
            UI_TARGET,
            json!({"minCapacity": 2, "maxCapacity": 4}),
        ),
    );
    let update = change_of(&desired, &live, Kind::ScalableTarget, "ui");
    assert_eq!(update.action, Action::Update);
    x.execute(&update).await.expect("updated");
    assert_eq!(registered.all().len(), 2);
    assert_eq!(tagged.one().resource_arn(), Some(TARGET_ARN));
    assert_eq!(describe.num_calls(), 0);
}

#[tokio::test]
async fn scalable_target_update_registers_again_then_retags_the_described_arn() {
    let mut desired = retail_store();
    // The file's tags replace the live ones (a target's tags are compared where the file
    // sets some).
    let target = desired
        .resources
        .iter_mut()
        .find(|r| r.address == Address::new(Kind::ScalableTarget, "ui"))
        .unwrap();
    target.doc["tags"] = json!([{"key": "owner", "value": "shop"}]);
    let mut before = owned(
        Kind::ScalableTarget,
        "ui",
        UI_TARGET, // no ARN was read: the resource ID stands for it
        json!({
            "minCapacity": 2,
            "maxCapacity": 4,
            "suspendedState": {"dynamicScalingInSuspended": true},
            "tags": [{"key": "team", "value": "web"}],
        }),
    );
    before.tags.insert("team".into(), "web".into());
    let live = live_of(vec![before]);
    let update = change_of(&desired, &live, Kind::ScalableTarget, "ui");
    assert_eq!(update.action, Action::Update);

    let registered = Seen::<RegisterScalableTargetInput>::new();
    let r = registered.clone();
    let register = mock!(aws_sdk_applicationautoscaling::Client::register_scalable_target)
        .then_compute_output(move |req| {
            r.push(req);
            RegisterScalableTargetOutput::builder().build()
        });
    let describe = mock!(aws_sdk_applicationautoscaling::Client::describe_scalable_targets)
        .match_requests(|req| req.resource_ids() == [UI_TARGET])
        .then_output(|| {
            DescribeScalableTargetsOutput::builder()
                .scalable_targets(
                    aas::ScalableTarget::builder()
                        .service_namespace(aas::ServiceNamespace::Ecs)
                        .resource_id(UI_TARGET)
                        .scalable_dimension(aas::ScalableDimension::EcsServiceDesiredCount)
                        .min_capacity(2)
                        .max_capacity(10)
                        .role_arn("arn:aws:iam::123456789012:role/aws-service-role/ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService")
                        .creation_time(aws_smithy_types::DateTime::from_secs(0))
                        .scalable_target_arn(TARGET_ARN)
                        .build()
                        .unwrap(),
                )
                .build()
        });
    let tagged = Seen::<TagResourceInput>::new();
    let t = tagged.clone();
    let tag = mock!(aws_sdk_applicationautoscaling::Client::tag_resource).then_compute_output(
        move |req| {
            t.push(req);
            TagResourceOutput::builder().build()
        },
    );
    let untagged = Seen::<UntagResourceInput>::new();
    let u = untagged.clone();
    let untag = mock!(aws_sdk_applicationautoscaling::Client::untag_resource).then_compute_output(
        move |req| {
            u.push(req);
            UntagResourceOutput::builder().build()
        },
    );
    let clients = clients(&[], &[&register, &describe, &tag, &untag], &[]);
    let x = AwsExecutor::new(&clients, &desired, &live, options(), &Silent);

    x.execute(&update).await.expect("updated");
    let req = registered.one();
    assert_eq!(req.resource_id(), Some(UI_TARGET));
    assert_eq!(
        (req.min_capacity(), req.max_capacity()),
        (Some(2), Some(10))
    );
    assert_eq!(req.tags(), None, "AWS takes Tags only on create");
    let suspended = req.suspended_state().expect("sent whole");
    assert_eq!(
        (
            suspended.dynamic_scaling_in_suspended(),
            suspended.dynamic_scaling_out_suspended(),
            suspended.scheduled_scaling_suspended()
        ),
        (Some(false), Some(false), Some(false)),
        "the file suspends nothing: the live suspension is lifted"
    );
    assert_eq!(describe.num_calls(), 1);
    let tag = tagged.one();
    assert_eq!(tag.resource_arn(), Some(TARGET_ARN));
    let tags = tag_map(tag.tags());
    assert_eq!(tags.get(STACK_TAG).map(String::as_str), Some(STACK));
    assert_eq!(tags.get("ecsform:hash"), update.desired_hash.as_ref());
    assert_eq!(tags.get("owner").map(String::as_str), Some("shop"));
    let untag = untagged.one();
    assert_eq!(untag.resource_arn(), Some(TARGET_ARN));
    assert_eq!(untag.tag_keys(), ["team"]);
}

// ---- scaling policies -------------------------------------------------------------

fn describe_target_groups(
    load_balancers: &'static [&'static str],
) -> (Seen<DescribeTargetGroupsInput>, Rule) {
    let seen = Seen::<DescribeTargetGroupsInput>::new();
    let s = seen.clone();
    let rule = mock!(aws_sdk_elasticloadbalancingv2::Client::describe_target_groups)
        .then_compute_output(move |req| {
            s.push(req);
            let mut tg = aws_sdk_elasticloadbalancingv2::types::TargetGroup::builder()
                .target_group_arn(TG_ARN)
                .target_group_name("ui-application");
            for lb in load_balancers {
                tg = tg.load_balancer_arns(*lb);
            }
            DescribeTargetGroupsOutput::builder()
                .target_groups(tg.build())
                .build()
        });
    (seen, rule)
}

fn with_target_group() -> LiveState {
    live_of(vec![owned(
        Kind::TargetGroup,
        "ui-application",
        TG_ARN,
        json!({}),
    )])
}

#[tokio::test]
async fn alb_request_count_policy_gets_the_resource_label_of_its_target_group() {
    let desired = retail_store();
    let create = create_of(&desired, Kind::ScalingPolicy, "ui/ui-scaling-policy");
    let (described, tgs) = describe_target_groups(&[LB_ARN]);
    let put = Seen::<PutScalingPolicyInput>::new();
    let p = put.clone();
    let put_rule = mock!(aws_sdk_applicationautoscaling::Client::put_scaling_policy)
        .then_compute_output(move |req| {
            p.push(req);
            PutScalingPolicyOutput::builder()
                .policy_arn(POLICY_ARN)
                .build()
                .unwrap()
        });
    let clients = clients(&[&tgs], &[&put_rule], &[]);
    let live = with_target_group();
    let x = AwsExecutor::new(&clients, &desired, &live, options(), &Silent);

    x.execute(&create).await.expect("created");
    assert_eq!(described.one().target_group_arns(), [TG_ARN]);
    let req = put.one();
    assert_eq!(req.policy_name(), Some("ui-scaling-policy"));
    assert_eq!(req.service_namespace(), Some(&aas::ServiceNamespace::Ecs));
    assert_eq!(req.resource_id(), Some(UI_TARGET));
    assert_eq!(
        req.scalable_dimension(),
        Some(&aas::ScalableDimension::EcsServiceDesiredCount)
    );
    assert_eq!(
        req.policy_type(),
        Some(&aas::PolicyType::TargetTrackingScaling)
    );
    let tt = req
        .target_tracking_scaling_policy_configuration()
        .expect("target tracking");
    assert!((tt.target_value() - 1500.0).abs() < f64::EPSILON);
    let metric = tt
        .predefined_metric_specification()
        .expect("predefined metric");
    assert_eq!(
        metric.predefined_metric_type(),
        &aas::MetricType::AlbRequestCountPerTarget
    );
    assert_eq!(
        metric.resource_label(),
        Some(
            "app/retail-store-ecs-ui/50dc6c495c0c9188/targetgroup/ui-application/943f017f100becff"
        )
    );
    assert!(req.step_scaling_policy_configuration().is_none());
}

#[tokio::test]
async fn alb_request_count_policy_fails_while_its_target_group_has_no_load_balancer() {
    let desired = retail_store();
    let create = create_of(&desired, Kind::ScalingPolicy, "ui/ui-scaling-policy");
    let (_, tgs) = describe_target_groups(&[]);
    let put = mock!(aws_sdk_applicationautoscaling::Client::put_scaling_policy).then_output(|| {
        PutScalingPolicyOutput::builder()
            .policy_arn(POLICY_ARN)
            .build()
            .unwrap()
    });
    let clients = clients(&[&tgs], &[&put], &[]);
    let live = with_target_group();
    let x = AwsExecutor::new(&clients, &desired, &live, options(), &Silent);

    let err = x.execute(&create).await.expect_err("not attached yet");
    assert_eq!(err.address, create.address);
    assert_eq!(err.call, "elasticloadbalancing:DescribeTargetGroups");
    assert_eq!(err.code, "TargetGroupNotAttached");
    assert!(err.message.contains("ui-application"), "{}", err.message);
    assert_eq!(put.num_calls(), 0, "no policy without its resource label");
}

// ---- scheduled actions ------------------------------------------------------------

/// The reference stack with a scheduled action on `ui`.
fn with_scheduled_action(doc: Value) -> DesiredState {
    let mut desired = retail_store();
    desired.resources.push(Resource {
        address: Address::new(Kind::ScheduledAction, "ui/business-hours"),
        doc,
        prevent_destroy: false,
        adopt: false,
    });
    desired
}

fn put_scheduled_action(calls: &Calls) -> (Seen<PutScheduledActionInput>, Rule) {
    let seen = Seen::<PutScheduledActionInput>::new();
    let (s, c) = (seen.clone(), calls.clone());
    let rule = mock!(aws_sdk_applicationautoscaling::Client::put_scheduled_action)
        .then_compute_output(move |req| {
            s.push(req);
            c.push("PutScheduledAction");
            PutScheduledActionOutput::builder().build()
        });
    (seen, rule)
}

#[tokio::test]
async fn scheduled_action_create_puts_schedule_times_and_capacities() {
    let desired = with_scheduled_action(json!({
        "scheduledActionName": "business-hours",
        "schedule": "cron(0 8 ? * MON-FRI *)",
        "timezone": "Europe/Berlin",
        "startTime": "2026-01-02T05:04:05+02:00",
        "endTime": "2026-12-31T23:59:59",
        "scalableTargetAction": {"minCapacity": 4, "maxCapacity": 10},
    }));
    let create = create_of(&desired, Kind::ScheduledAction, "ui/business-hours");
    let calls = Calls::default();
    let (put, rule) = put_scheduled_action(&calls);
    let clients = clients(&[], &[&rule], &[]);
    let live = LiveState::default();
    let x = AwsExecutor::new(&clients, &desired, &live, options(), &Silent);

    x.execute(&create).await.expect("created");
    let req = put.one();
    assert_eq!(req.scheduled_action_name(), Some("business-hours"));
    assert_eq!(req.resource_id(), Some(UI_TARGET));
    assert_eq!(req.service_namespace(), Some(&aas::ServiceNamespace::Ecs));
    assert_eq!(
        req.scalable_dimension(),
        Some(&aas::ScalableDimension::EcsServiceDesiredCount)
    );
    assert_eq!(req.schedule(), Some("cron(0 8 ? * MON-FRI *)"));
    assert_eq!(req.timezone(), Some("Europe/Berlin"));
    assert_eq!(
        req.start_time(),
        Some(&aws_smithy_types::DateTime::from_secs(1_767_323_045)),
        "2026-01-02T03:04:05Z"
    );
    assert_eq!(
        req.end_time(),
        Some(&aws_smithy_types::DateTime::from_secs(1_798_761_599)),
        "a time without a zone is UTC"
    );
    let action = req.scalable_target_action().expect("capacities");
    assert_eq!(
        (action.min_capacity(), action.max_capacity()),
        (Some(4), Some(10))
    );
}

#[tokio::test]
async fn scheduled_action_update_clears_what_put_would_keep() {
    // The file dropped the time zone and the minimum; PutScheduledAction keeps parameters
    // it is not given (except the times), so the action is deleted and put again, in UTC.
    let desired = with_scheduled_action(json!({
        "scheduledActionName": "business-hours",
        "schedule": "cron(0 8 ? * MON-FRI *)",
        "scalableTargetAction": {"maxCapacity": 10},
    }));
    let live = live_of(vec![owned(
        Kind::ScheduledAction,
        "ui/business-hours",
        "arn:aws:autoscaling:us-east-1:123456789012:scheduledAction:ab12:resource/ecs/service/retail-store-ecs-cluster/ui:scheduledActionName/business-hours",
        json!({
            "scheduledActionName": "business-hours",
            "schedule": "cron(0 8 ? * MON-FRI *)",
            "timezone": "Europe/Berlin",
            "scalableTargetAction": {"minCapacity": 4, "maxCapacity": 10},
        }),
    )]);
    let update = change_of(&desired, &live, Kind::ScheduledAction, "ui/business-hours");
    assert_eq!(update.action, Action::Update);
    let calls = Calls::default();
    let (put, put_rule) = put_scheduled_action(&calls);
    let deleted = Seen::<DeleteScheduledActionInput>::new();
    let (d, c) = (deleted.clone(), calls.clone());
    let delete = mock!(aws_sdk_applicationautoscaling::Client::delete_scheduled_action)
        .then_compute_output(move |req| {
            d.push(req);
            c.push("DeleteScheduledAction");
            aws_sdk_applicationautoscaling::operation::delete_scheduled_action::DeleteScheduledActionOutput::builder().build()
        });
    let clients = clients(&[], &[&put_rule, &delete], &[]);
    let x = AwsExecutor::new(&clients, &desired, &live, options(), &Silent);

    x.execute(&update).await.expect("updated");
    assert_eq!(calls.all(), ["DeleteScheduledAction", "PutScheduledAction"]);
    assert_eq!(
        deleted.one().scheduled_action_name(),
        Some("business-hours")
    );
    let req = put.one();
    assert_eq!(req.timezone(), Some("UTC"));
    let action = req.scalable_target_action().expect("capacities");
    assert_eq!(
        (action.min_capacity(), action.max_capacity()),
        (None, Some(10))
    );
}

// ---- deletes and errors -----------------------------------------------------------

/// Live autoscaling of `catalog`, which the file does not autoscale: the plan deletes it.
fn catalog_autoscaling() -> (DesiredState, LiveState) {
    let live = live_of(vec![
        owned(
            Kind::ScalableTarget,
            "catalog",
            "arn:aws:application-autoscaling:us-east-1:123456789012:scalable-target/0c1d",
            json!({"minCapacity": 1, "maxCapacity": 3}),
        ),
        owned(
            Kind::ScalingPolicy,
            "catalog/cpu",
            "arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:9f:resource/ecs/service/retail-store-ecs-cluster/catalog:policyName/cpu",
            json!({"policyName": "cpu", "policyType": "TargetTrackingScaling"}),
        ),
        owned(
            Kind::ScheduledAction,
            "catalog/night",
            "arn:aws:autoscaling:us-east-1:123456789012:scheduledAction:8e:resource/ecs/service/retail-store-ecs-cluster/catalog:scheduledActionName/night",
            json!({"scheduledActionName": "night", "schedule": "cron(0 22 * * ? *)"}),
        ),
    ]);
    (retail_store(), live)
}

#[tokio::test]
async fn deletes_of_autoscaling_already_gone_succeed() {
    let (desired, live) = catalog_autoscaling();
    let deregistered = Seen::<DeregisterScalableTargetInput>::new();
    let d = deregistered.clone();
    let deregister = mock!(aws_sdk_applicationautoscaling::Client::deregister_scalable_target)
        .then_compute_response(move |req| {
            d.push(req);
            MockResponse::Error(DeregisterScalableTargetError::ObjectNotFoundException(
                aas::error::ObjectNotFoundException::builder()
                    .message("No scalable target registered for service namespace: ecs, resource ID: service/retail-store-ecs-cluster/catalog, scalable dimension: ecs:service:DesiredCount")
                    .build(),
            ))
        });
    let policies = Seen::<DeleteScalingPolicyInput>::new();
    let p = policies.clone();
    let delete_policy = mock!(aws_sdk_applicationautoscaling::Client::delete_scaling_policy)
        .then_compute_response(move |req| {
            p.push(req);
            // As AWS's JSON error reads when the SDK does not model it: by its code.
            MockResponse::Error(generic(
                DeleteScalingPolicyError::generic,
                "ObjectNotFoundException",
                "No scaling policy found for service namespace: ecs, resource ID: service/retail-store-ecs-cluster/catalog, scalable dimension: ecs:service:DesiredCount, policy name: cpu",
            ))
        });
    let actions = Seen::<DeleteScheduledActionInput>::new();
    let a = actions.clone();
    let delete_action = mock!(aws_sdk_applicationautoscaling::Client::delete_scheduled_action)
        .then_compute_response(move |req| {
            a.push(req);
            MockResponse::Error(DeleteScheduledActionError::ObjectNotFoundException(
                aas::error::ObjectNotFoundException::builder()
                    .message("No scheduled action found")
                    .build(),
            ))
        });
    // The hashes of the policy and the action, tags of the scalable target, are removed
    // from a target that is gone too.
    let untagged = Seen::<UntagResourceInput>::new();
    let u = untagged.clone();
    let untag = mock!(aws_sdk_applicationautoscaling::Client::untag_resource)
        .then_compute_response(move |req| {
            u.push(req);
            MockResponse::Error(UntagResourceError::ResourceNotFoundException(
                aas::error::ResourceNotFoundException::builder()
                    .message("No scalable target found")
                    .resource_name("scalable-target")
                    .build(),
            ))
        });
    let clients = clients(
        &[],
        &[&deregister, &delete_policy, &delete_action, &untag],
        &[],
    );
    let x = AwsExecutor::new(&clients, &desired, &live, options(), &Silent);

    for (kind, name) in [
        (Kind::ScheduledAction, "catalog/night"),
        (Kind::ScalingPolicy, "catalog/cpu"),
        (Kind::ScalableTarget, "catalog"),
    ] {
        let delete = change_of(&desired, &live, kind, name);
        assert_eq!(delete.action, Action::Delete);
        x.execute(&delete)
            .await
            .unwrap_or_else(|e| panic!("{kind}.{name}: {e}"));
    }
    let target = deregistered.one();
    assert_eq!(
        target.resource_id(),
        Some("service/retail-store-ecs-cluster/catalog")
    );
    assert_eq!(
        target.scalable_dimension(),
        Some(&aas::ScalableDimension::EcsServiceDesiredCount)
    );
    let policy = policies.one();
    assert_eq!(policy.policy_name(), Some("cpu"));
    let keys: Vec<String> = untagged
        .all()
        .iter()
        .flat_map(|u| u.tag_keys().to_vec())
        .collect();
    assert_eq!(
        keys,
        [
            ecsform_model::child_hash_tag(&Address::new(Kind::ScheduledAction, "catalog/night")),
            ecsform_model::child_hash_tag(&Address::new(Kind::ScalingPolicy, "catalog/cpu")),
        ]
    );
    assert_eq!(
        policy.resource_id(),
        Some("service/retail-store-ecs-cluster/catalog")
    );
    let action = actions.one();
    assert_eq!(action.scheduled_action_name(), Some("night"));
    assert_eq!(
        action.resource_id(),
        Some("service/retail-store-ecs-cluster/catalog")
    );
}

#[tokio::test]
async fn an_aws_error_is_the_changes_error_with_call_code_and_message() {
    let (desired, live) = catalog_autoscaling();
    let deregister = mock!(aws_sdk_applicationautoscaling::Client::deregister_scalable_target)
        .then_error(|| {
            generic(
                DeregisterScalableTargetError::generic,
                "AccessDeniedException",
                "User: arn:aws:sts::123456789012:assumed-role/ci/x is not authorized to perform: application-autoscaling:DeregisterScalableTarget",
            )
        });
    let clients = clients(&[], &[&deregister], &[]);
    let x = AwsExecutor::new(&clients, &desired, &live, options(), &Silent);

    let delete = change_of(&desired, &live, Kind::ScalableTarget, "catalog");
    let err = x.execute(&delete).await.expect_err("access denied");
    assert_eq!(
        err,
        ActionError {
            address: Address::new(Kind::ScalableTarget, "catalog"),
            call: "application-autoscaling:DeregisterScalableTarget".into(),
            code: "AccessDeniedException".into(),
            message: "User: arn:aws:sts::123456789012:assumed-role/ci/x is not authorized to perform: application-autoscaling:DeregisterScalableTarget".into(),
        }
    );
}

// ---- namespaces -------------------------------------------------------------------

fn get_namespace() -> (Seen<GetNamespaceInput>, Rule) {
    let seen = Seen::<GetNamespaceInput>::new();
    let s = seen.clone();
    let rule =
        mock!(aws_sdk_servicediscovery::Client::get_namespace).then_compute_output(move |req| {
            s.push(req);
            GetNamespaceOutput::builder()
                .namespace(
                    sd::Namespace::builder()
                        .id("ns-abc")
                        .arn(NS_ARN)
                        .name("retailstore.local")
                        .r#type(sd::NamespaceType::Http)
                        .build(),
                )
                .build()
        });
    (seen, rule)
}

fn sd_tag_resource() -> (
    Seen<aws_sdk_servicediscovery::operation::tag_resource::TagResourceInput>,
    Rule,
) {
    let seen = Seen::new();
    let s = seen.clone();
    let rule =
        mock!(aws_sdk_servicediscovery::Client::tag_resource).then_compute_output(move |req| {
            s.push(req);
            aws_sdk_servicediscovery::operation::tag_resource::TagResourceOutput::builder().build()
        });
    (seen, rule)
}

#[tokio::test]
async fn namespace_create_awaits_its_operation_and_records_the_arn() {
    let desired = retail_store();
    let create = create_of(&desired, Kind::Namespace, "retailstore.local");

    let created = Seen::<CreateHttpNamespaceInput>::new();
    let c = created.clone();
    let create_rule = mock!(aws_sdk_servicediscovery::Client::create_http_namespace)
        .then_compute_output(move |req| {
            c.push(req);
            CreateHttpNamespaceOutput::builder()
                .operation_id("op-create")
                .build()
        });
    let polled = Seen::<GetOperationInput>::new();
    let p = polled.clone();
    let get_operation = mock!(aws_sdk_servicediscovery::Client::get_operation)
        .match_requests(move |req| {
            p.push(req);
            true
        })
        .sequence()
        .output(|| operation("op-create", sd::OperationStatus::Submitted))
        .output(|| operation("op-create", sd::OperationStatus::Pending))
        .output(|| operation("op-create", sd::OperationStatus::Success))
        .output(|| operation("op-update", sd::OperationStatus::Success))
        .build();
    let (got, get_rule) = get_namespace();
    let updated = Seen::<UpdateHttpNamespaceInput>::new();
    let u = updated.clone();
    let update_rule = mock!(aws_sdk_servicediscovery::Client::update_http_namespace)
        .then_compute_output(move |req| {
            u.push(req);
            UpdateHttpNamespaceOutput::builder()
                .operation_id("op-update")
                .build()
        });
    let (tagged, tag_rule) = sd_tag_resource();
    let untag_rule = mock!(aws_sdk_servicediscovery::Client::untag_resource).then_output(|| {
        aws_sdk_servicediscovery::operation::untag_resource::UntagResourceOutput::builder().build()
    });
    let clients = clients(
        &[],
        &[],
        &[
            &create_rule,
            &get_operation,
            &get_rule,
            &update_rule,
            &tag_rule,
            &untag_rule,
        ],
    );
    let live = LiveState::default();
    let x = AwsExecutor::new(&clients, &desired, &live, options(), &Silent);

    x.execute(&create).await.expect("created");
    let req = created.one();
    assert_eq!(req.name(), Some("retailstore.local"));
    assert_eq!(
        req.description(),
        Some("Service Connect namespace of the retail store")
    );
    let tags = sd_tag_map(req.tags());
    assert_eq!(tags.get(STACK_TAG).map(String::as_str), Some(STACK));
    assert_eq!(tags.get("ecsform:hash"), create.desired_hash.as_ref());
    let request_id = req.creator_request_id().expect("a creator request ID");
    assert!(
        !request_id.is_empty() && request_id.len() <= 64,
        "{request_id}"
    );
    let polls: Vec<_> = polled.all();
    assert_eq!(polls.len(), 3, "SUBMITTED, PENDING, then SUCCESS");
    assert!(polls.iter().all(|p| p.operation_id() == Some("op-create")));
    assert_eq!(
        got.one().id(),
        Some("ns-abc"),
        "the operation's NAMESPACE target"
    );

    // The ARN is recorded: an update (live read with another ARN) goes to the namespace
    // just created.
    let mut stale = owned(
        Kind::Namespace,
        "retailstore.local",
        "arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-stale",
        json!({
            "name": "retailstore.local",
            "type": "HTTP",
            "description": "old",
            "tags": [{"key": "team", "value": "web"}],
        }),
    );
    stale.tags.insert("team".into(), "web".into());
    let update = change_of(
        &desired,
        &live_of(vec![stale]),
        Kind::Namespace,
        "retailstore.local",
    );
    assert_eq!(update.action, Action::Update);
    x.execute(&update).await.expect("updated");
    assert_eq!(updated.one().id(), Some("ns-abc"));
    assert_eq!(tagged.one().resource_arn(), Some(NS_ARN));
    assert_eq!(untag_rule.num_calls(), 1, "the tag the file dropped");
}

#[tokio::test]
async fn namespace_update_changes_the_description_and_retags() {
    let desired = retail_store();
    let mut before = owned(
        Kind::Namespace,
        "retailstore.local",
        NS_ARN,
        json!({
            "name": "retailstore.local",
            "type": "HTTP",
            "description": "old",
            "tags": [{"key": "team", "value": "web"}],
        }),
    );
    before.tags.insert("team".into(), "web".into());
    let live = live_of(vec![before]);
    let update = change_of(&desired, &live, Kind::Namespace, "retailstore.local");
    assert_eq!(update.action, Action::Update);

    let updated = Seen::<UpdateHttpNamespaceInput>::new();
    let u = updated.clone();
    let update_rule = mock!(aws_sdk_servicediscovery::Client::update_http_namespace)
        .then_compute_output(move |req| {
            u.push(req);
            UpdateHttpNamespaceOutput::builder()
                .operation_id("op-update")
                .build()
        });
    let get_operation = mock!(aws_sdk_servicediscovery::Client::get_operation)
        .sequence()
        .output(|| operation("op-update", sd::OperationStatus::Pending))
        .output(|| operation("op-update", sd::OperationStatus::Success))
        .build();
    let (tagged, tag_rule) = sd_tag_resource();
    let untagged =
        Seen::<aws_sdk_servicediscovery::operation::untag_resource::UntagResourceInput>::new();
    let un = untagged.clone();
    let untag_rule =
        mock!(aws_sdk_servicediscovery::Client::untag_resource).then_compute_output(move |req| {
            un.push(req);
            aws_sdk_servicediscovery::operation::untag_resource::UntagResourceOutput::builder()
                .build()
        });
    let clients = clients(
        &[],
        &[],
        &[&update_rule, &get_operation, &tag_rule, &untag_rule],
    );
    let x = AwsExecutor::new(&clients, &desired, &live, options(), &Silent);

    x.execute(&update).await.expect("updated");
    let req = updated.one();
    assert_eq!(req.id(), Some("ns-abc"));
    assert_eq!(
        req.namespace().map(sd::HttpNamespaceChange::description),
        Some("Service Connect namespace of the retail store")
    );
    assert_eq!(get_operation.num_calls(), 2, "the update is awaited");
    let tag = tagged.one();
    assert_eq!(tag.resource_arn(), Some(NS_ARN));
    let tags = sd_tag_map(tag.tags());
    assert_eq!(tags.get(STACK_TAG).map(String::as_str), Some(STACK));
    assert_eq!(tags.get("ecsform:hash"), update.desired_hash.as_ref());
    let untag = untagged.one();
    assert_eq!(untag.resource_arn(), Some(NS_ARN));
    assert_eq!(untag.tag_keys(), ["team"]);
}

#[tokio::test]
async fn namespace_create_fails_with_the_operations_error() {
    let mut desired = retail_store();
    desired.resources.push(Resource {
        address: Address::new(Kind::Namespace, "internal.local"),
        doc: json!({
            "name": "internal.local",
            "type": "DNS_PRIVATE",
            "vpc": "vpc-0a1b2c3d4e5f60718",
            "properties": {"dnsProperties": {"soa": {"TTL": 60}}},
        }),
        prevent_destroy: false,
        adopt: false,
    });
    let create = create_of(&desired, Kind::Namespace, "internal.local");
    let created = Seen::<CreatePrivateDnsNamespaceInput>::new();
    let c = created.clone();
    let create_rule = mock!(aws_sdk_servicediscovery::Client::create_private_dns_namespace)
        .then_compute_output(move |req| {
            c.push(req);
            CreatePrivateDnsNamespaceOutput::builder()
                .operation_id("op-private")
                .build()
        });
    let get_operation = mock!(aws_sdk_servicediscovery::Client::get_operation)
        .sequence()
        .output(|| operation("op-private", sd::OperationStatus::Pending))
        .output(|| {
            GetOperationOutput::builder()
                .operation(
                    sd::Operation::builder()
                        .id("op-private")
                        .status(sd::OperationStatus::Fail)
                        .error_code("CANNOT_CREATE_HOSTED_ZONE")
                        .error_message("The VPC vpc-0a1b2c3d4e5f60718 has already been associated with a hosted zone with the same domain name.")
                        .build(),
                )
                .build()
        })
        .build();
    let (got, get_rule) = get_namespace();
    let clients = clients(&[], &[], &[&create_rule, &get_operation, &get_rule]);
    let live = LiveState::default();
    let x = AwsExecutor::new(&clients, &desired, &live, options(), &Silent);

    let err = x.execute(&create).await.expect_err("the operation failed");
    assert_eq!(
        err,
        ActionError {
            address: Address::new(Kind::Namespace, "internal.local"),
            call: "servicediscovery:CreatePrivateDnsNamespace".into(),
            code: "CANNOT_CREATE_HOSTED_ZONE".into(),
            message: "The VPC vpc-0a1b2c3d4e5f60718 has already been associated with a hosted zone with the same domain name.".into(),
        }
    );
    let req = created.one();
    assert_eq!(req.name(), Some("internal.local"));
    assert_eq!(req.vpc(), Some("vpc-0a1b2c3d4e5f60718"));
    let ttl = req
        .properties()
        .and_then(|p| p.dns_properties())
        .and_then(|d| d.soa())
        .map(sd::Soa::ttl);
    assert_eq!(ttl, Some(60));
    assert_eq!(get_operation.num_calls(), 2);
    assert!(got.all().is_empty(), "no namespace to read");
}

#[tokio::test]
async fn namespace_create_retried_recognises_its_creator_request_id() {
    let desired = retail_store();
    let create = create_of(&desired, Kind::Namespace, "retailstore.local");
    let ids = Seen::<CreateHttpNamespaceInput>::new();
    let i = ids.clone();
    // The namespace exists: created by an earlier, interrupted run of this same create
    // (same CreatorRequestId) for the first two calls, by someone else for the third.
    let create_rule = mock!(aws_sdk_servicediscovery::Client::create_http_namespace)
        .then_compute_response(move |req| {
            i.push(req);
            let first_two = i.all().len() <= 2;
            MockResponse::Error(CreateHttpNamespaceError::NamespaceAlreadyExists(
                sd::error::NamespaceAlreadyExists::builder()
                    .message("Namespace with name retailstore.local already exists.")
                    .meta(
                        ErrorMetadata::builder()
                            .code("NamespaceAlreadyExists")
                            .message("Namespace with name retailstore.local already exists.")
                            .build(),
                    )
                    .namespace_id("ns-abc")
                    .creator_request_id(if first_two {
                        req.creator_request_id().unwrap_or_default()
                    } else {
                        "someone-else"
                    })
                    .build(),
            ))
        });
    let get_operation = mock!(aws_sdk_servicediscovery::Client::get_operation)
        .then_output(|| operation("op", sd::OperationStatus::Success));
    let (got, get_rule) = get_namespace();
    let clients = clients(&[], &[], &[&create_rule, &get_operation, &get_rule]);
    let live = LiveState::default();

    // The same change in two runs sends the same CreatorRequestId, and adopts the
    // namespace its first request created.
    for _ in 0..2 {
        let x = AwsExecutor::new(&clients, &desired, &live, options(), &Silent);
        x.execute(&create)
            .await
            .expect("the earlier request's namespace");
    }
    let sent = ids.all();
    assert_eq!(sent[0].creator_request_id(), sent[1].creator_request_id());
    assert_eq!(get_operation.num_calls(), 0, "nothing to wait for");
    assert_eq!(got.all().len(), 2);
    assert!(got.all().iter().all(|g| g.id() == Some("ns-abc")));

    // Another document is another request; a namespace of that name made by another
    // request is an error.
    let mut other = create.clone();
    other.desired_hash = Some("0123456789abcdef".into());
    let x = AwsExecutor::new(&clients, &desired, &live, options(), &Silent);
    let err = x
        .execute(&other)
        .await
        .expect_err("someone else's namespace");
    assert_ne!(
        ids.all()[2].creator_request_id(),
        sent[0].creator_request_id()
    );
    assert_eq!(err.call, "servicediscovery:CreateHttpNamespace");
    assert_eq!(err.code, "NamespaceAlreadyExists");
}

/// A live namespace `old.local` (ns-old) the file no longer has: the plan deletes it.
fn old_namespace() -> (DesiredState, LiveState, Change) {
    let desired = retail_store();
    let live = live_of(vec![owned(
        Kind::Namespace,
        "old.local",
        "arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-old",
        json!({"name": "old.local", "type": "HTTP"}),
    )]);
    let delete = change_of(&desired, &live, Kind::Namespace, "old.local");
    assert_eq!(delete.action, Action::Delete);
    (desired, live, delete)
}

/// Cloud Map services in ns-old: `(id, name, made by ECS, instances)`.
fn cloud_map_services(
    services: &'static [(&'static str, &'static str, bool, usize)],
) -> (Seen<ListServicesInput>, Seen<DeleteServiceInput>, Vec<Rule>) {
    let listed = Seen::<ListServicesInput>::new();
    let l = listed.clone();
    let list =
        mock!(aws_sdk_servicediscovery::Client::list_services).then_compute_output(move |req| {
            l.push(req);
            let mut out = ListServicesOutput::builder();
            for (id, name, _, _) in services {
                out = out.services(
                    sd::ServiceSummary::builder()
                        .id(*id)
                        .arn(format!(
                            "arn:aws:servicediscovery:us-east-1:123456789012:service/{id}"
                        ))
                        .name(*name)
                        .build(),
                );
            }
            out.build()
        });
    let tags = mock!(aws_sdk_servicediscovery::Client::list_tags_for_resource).then_compute_output(
        move |req| {
            let arn = req.resource_arn().unwrap_or_default();
            let by_ecs = services
                .iter()
                .any(|(id, _, ecs, _)| *ecs && arn.ends_with(&format!("/{id}")));
            let mut out = ListTagsForResourceOutput::builder();
            if by_ecs {
                out = out.tags(
                    sd::Tag::builder()
                        .key("AmazonECSManaged")
                        .value("true")
                        .build()
                        .unwrap(),
                );
            }
            out.build()
        },
    );
    let instances =
        mock!(aws_sdk_servicediscovery::Client::list_instances).then_compute_output(move |req| {
            let n = services
                .iter()
                .find(|(id, ..)| Some(*id) == req.service_id())
                .map_or(0, |s| s.3);
            let mut out = ListInstancesOutput::builder();
            for i in 0..n {
                out = out.instances(
                    sd::InstanceSummary::builder()
                        .id(format!("task-{i}"))
                        .build(),
                );
            }
            out.build()
        });
    let deleted = Seen::<DeleteServiceInput>::new();
    let d = deleted.clone();
    let delete =
        mock!(aws_sdk_servicediscovery::Client::delete_service).then_compute_output(move |req| {
            d.push(req);
            DeleteServiceOutput::builder().build()
        });
    (listed, deleted, vec![list, tags, instances, delete])
}

#[tokio::test]
async fn namespace_delete_removes_services_ecs_left_then_awaits_the_delete() {
    let (desired, live, delete) = old_namespace();
    let (listed, deleted, mut rules) = cloud_map_services(&[("srv-catalog", "catalog", true, 0)]);
    let namespaces = Seen::<DeleteNamespaceInput>::new();
    let n = namespaces.clone();
    rules.push(
        mock!(aws_sdk_servicediscovery::Client::delete_namespace).then_compute_output(move |req| {
            n.push(req);
            DeleteNamespaceOutput::builder()
                .operation_id("op-delete")
                .build()
        }),
    );
    let get_operation = mock!(aws_sdk_servicediscovery::Client::get_operation)
        .sequence()
        .output(|| operation("op-delete", sd::OperationStatus::Pending))
        .output(|| operation("op-delete", sd::OperationStatus::Success))
        .build();
    rules.push(get_operation.clone());
    let refs: Vec<&Rule> = rules.iter().collect();
    let clients = clients(&[], &[], &refs);
    let x = AwsExecutor::new(&clients, &desired, &live, options(), &Silent);

    x.execute(&delete).await.expect("deleted");
    let filter = listed.one().filters()[0].clone();
    assert_eq!(filter.name(), &sd::ServiceFilterName::NamespaceId);
    assert_eq!(filter.values(), ["ns-old"]);
    assert_eq!(deleted.one().id(), Some("srv-catalog"));
    assert_eq!(namespaces.one().id(), Some("ns-old"));
    assert_eq!(get_operation.num_calls(), 2, "the delete is awaited");
}

#[tokio::test]
async fn namespace_delete_keeps_services_in_use_and_names_them_in_the_error() {
    let (desired, live, delete) = old_namespace();
    let (_, deleted, mut rules) = cloud_map_services(&[
        ("srv-catalog", "catalog", true, 0),
        ("srv-ui", "ui", true, 2),
        ("srv-legacy", "legacy", false, 0),
    ]);
    rules.push(
        mock!(aws_sdk_servicediscovery::Client::delete_namespace).then_error(|| {
            generic(
                DeleteNamespaceError::generic,
                "ResourceInUse",
                "Namespace has associated services; delete the services before deleting the namespace",
            )
        }),
    );
    let refs: Vec<&Rule> = rules.iter().collect();
    let clients = clients(&[], &[], &refs);
    let x = AwsExecutor::new(&clients, &desired, &live, options(), &Silent);

    let err = x.execute(&delete).await.expect_err("in use");
    assert_eq!(
        deleted.one().id(),
        Some("srv-catalog"),
        "only ECS's, unused"
    );
    assert_eq!(err.call, "servicediscovery:DeleteNamespace");
    assert_eq!(err.code, "ResourceInUse");
    assert!(
        err.message
            .starts_with("Namespace has associated services; delete the services"),
        "{}",
        err.message
    );
    assert!(
        err.message.contains("ui (has registered instances)")
            && err.message.contains("legacy (not created by ECS)"),
        "{}",
        err.message
    );
}

#[tokio::test]
async fn namespace_delete_of_a_namespace_already_gone_succeeds() {
    let (desired, live, delete) = old_namespace();
    let (_, deleted, mut rules) = cloud_map_services(&[]);
    rules.push(
        mock!(aws_sdk_servicediscovery::Client::delete_namespace).then_error(|| {
            DeleteNamespaceError::NamespaceNotFound(
                sd::error::NamespaceNotFound::builder()
                    .message("ns-old")
                    .build(),
            )
        }),
    );
    let get_operation = mock!(aws_sdk_servicediscovery::Client::get_operation)
        .then_output(|| operation("op", sd::OperationStatus::Success));
    rules.push(get_operation.clone());
    let refs: Vec<&Rule> = rules.iter().collect();
    let clients = clients(&[], &[], &refs);
    let x = AwsExecutor::new(&clients, &desired, &live, options(), &Silent);

    x.execute(&delete).await.expect("already gone");
    assert!(deleted.all().is_empty());
    assert_eq!(get_operation.num_calls(), 0, "no operation to wait for");
}
