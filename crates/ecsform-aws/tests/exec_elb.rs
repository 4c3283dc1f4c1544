//! The ELBv2 part of the AWS executor against mocked SDK clients (aws-smithy-mocks): the
//! requests it sends for creates, updates and deletes of load balancers, target groups,
//! listeners and rules (references resolved to the ARNs AWS returned, ownership tags), the
//! errors it reports, and the order of the calls of a target group replacement.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::any::Any;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use aws_sdk_ecs::operation::describe_services::DescribeServicesOutput;
use aws_sdk_ecs::operation::update_service::{UpdateServiceInput, UpdateServiceOutput};
use aws_sdk_elasticloadbalancingv2 as elbv2;
use aws_smithy_mocks::{MockResponse, Rule, RuleMode, mock, mock_client};
use aws_smithy_types::error::ErrorMetadata;
use ecsform_apply::{ActionError, Executor, Progress, Silent};
use ecsform_aws::{AwsExecutor, Clients, ExecOptions};
use ecsform_model::desired::{DesiredState, Resource};
use ecsform_model::live::{LiveResource, LiveState};
use ecsform_model::{Address, HASH_TAG, Kind, STACK_TAG};
use ecsform_plan::{Action, Change, PlanOptions, ReplaceOrder, plan};
use ecsform_testkit::retail::{TG_ARN, applied, retail_store};
use elbv2::operation::add_tags::{AddTagsInput, AddTagsOutput};
use elbv2::operation::create_listener::{CreateListenerInput, CreateListenerOutput};
use elbv2::operation::create_load_balancer::{CreateLoadBalancerInput, CreateLoadBalancerOutput};
use elbv2::operation::create_rule::{CreateRuleInput, CreateRuleOutput};
use elbv2::operation::create_target_group::{
    CreateTargetGroupError, CreateTargetGroupInput, CreateTargetGroupOutput,
};
use elbv2::operation::delete_load_balancer::{DeleteLoadBalancerInput, DeleteLoadBalancerOutput};
use elbv2::operation::delete_target_group::DeleteTargetGroupOutput;
use elbv2::operation::describe_listeners::DescribeListenersOutput;
use elbv2::operation::describe_load_balancers::{
    DescribeLoadBalancersError, DescribeLoadBalancersOutput,
};
use elbv2::operation::describe_rules::DescribeRulesOutput;
use elbv2::operation::describe_target_groups::{
    DescribeTargetGroupsError, DescribeTargetGroupsOutput,
};
use elbv2::operation::modify_listener::{ModifyListenerInput, ModifyListenerOutput};
use elbv2::operation::modify_rule::{ModifyRuleInput, ModifyRuleOutput};
use elbv2::operation::modify_target_group::{ModifyTargetGroupInput, ModifyTargetGroupOutput};
use elbv2::operation::modify_target_group_attributes::{
    ModifyTargetGroupAttributesInput, ModifyTargetGroupAttributesOutput,
};
use elbv2::operation::remove_tags::{RemoveTagsInput, RemoveTagsOutput};
use elbv2::operation::set_security_groups::{SetSecurityGroupsInput, SetSecurityGroupsOutput};
use elbv2::types as t;
use serde_json::json;

const LB_ARN: &str = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/retail-store-ecs-ui/50dc6c495c0c9188";
const LISTENER_ARN: &str = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/retail-store-ecs-ui/50dc6c495c0c9188/f2f7dc8efc522ab2";
const RULE_ARN: &str = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/retail-store-ecs-ui/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee";
const OTHER_TG_ARN: &str =
    "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/canary/0123456789abcdef";

// ---- harness ------------------------------------------------------------------------

/// A request a mock received: the operation and its SDK input.
type Received = (&'static str, Arc<dyn Any + Send + Sync>);

/// The requests the mocks received, in order, as the SDK's input types.
#[derive(Clone, Default)]
struct Log(Arc<Mutex<Vec<Received>>>);

impl Log {
    fn push<T: Clone + Send + Sync + 'static>(&self, op: &'static str, input: &T) {
        self.0.lock().unwrap().push((op, Arc::new(input.clone())));
    }

    fn ops(&self) -> Vec<&'static str> {
        self.0.lock().unwrap().iter().map(|(op, _)| *op).collect()
    }

    fn all<T: Clone + 'static>(&self) -> Vec<T> {
        self.0
            .lock()
            .unwrap()
            .iter()
            .filter_map(|(_, i)| i.downcast_ref::<T>().cloned())
            .collect()
    }

    fn one<T: Clone + 'static>(&self) -> T {
        let all = self.all::<T>();
        assert_eq!(all.len(), 1, "exactly one {}", std::any::type_name::<T>());
        all.into_iter().next().unwrap()
    }
}

/// A mock rule of the ELBv2 client that records its request and answers `$out`.
macro_rules! elb {
    ($log:expr, $op:ident, |$req:ident| $out:expr) => {{
        let log = $log.clone();
        mock!(aws_sdk_elasticloadbalancingv2::Client::$op).then_compute_output(move |$req| {
            log.push(stringify!($op), $req);
            $out
        })
    }};
}

fn empty_ecs() -> aws_sdk_ecs::Client {
    mock_client!(aws_sdk_ecs, RuleMode::MatchAny, Vec::<&Rule>::new())
}

fn clients(elb: elbv2::Client, ecs: aws_sdk_ecs::Client) -> Clients {
    let aas = mock_client!(
        aws_sdk_applicationautoscaling,
        RuleMode::MatchAny,
        Vec::<&Rule>::new()
    );
    let sd = mock_client!(
        aws_sdk_servicediscovery,
        RuleMode::MatchAny,
        Vec::<&Rule>::new()
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

/// Progress that records the waits it is told about.
#[derive(Default)]
struct Waits(Mutex<Vec<(Address, String)>>);

impl Progress for Waits {
    fn waiting(&self, address: &Address, what: &str, _elapsed: Duration) {
        self.0
            .lock()
            .unwrap()
            .push((address.clone(), what.to_owned()));
    }
}

fn change_of(changes: &[Change], address: &Address) -> Change {
    changes
        .iter()
        .find(|c| &c.address == address)
        .unwrap_or_else(|| panic!("the plan has no change for {address}"))
        .clone()
}

fn tg_address() -> Address {
    Address::new(Kind::TargetGroup, "ui-application")
}

fn lb_address() -> Address {
    Address::new(Kind::LoadBalancer, "retail-store-ecs-ui")
}

fn listener_address() -> Address {
    Address::new(Kind::Listener, "retail-store-ecs-ui:80")
}

fn doc_mut<'a>(desired: &'a mut DesiredState, address: &Address) -> &'a mut serde_json::Value {
    &mut desired
        .resources
        .iter_mut()
        .find(|r| &r.address == address)
        .unwrap()
        .doc
}

fn tag_pairs(tags: &[t::Tag]) -> Vec<(String, String)> {
    tags.iter()
        .map(|t| {
            (
                t.key().unwrap_or_default().to_owned(),
                t.value().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

/// The tags ecsform writes: the stack, the field codes of the applied document (for
/// `drift`, see `ecsform_model::stamp`) and its hash.
fn owned(change: &Change) -> Vec<(String, String)> {
    let mut out = vec![(STACK_TAG.to_owned(), "retail-store".to_owned())];
    let fields = ecsform_model::stamp::field_tags(change.after.as_ref().unwrap(), 1);
    assert!(!fields.is_empty(), "a small document's fields are recorded");
    out.extend(fields);
    out.push((HASH_TAG.to_owned(), change.desired_hash.clone().unwrap()));
    out
}

fn tg_arn_for(name: &str) -> String {
    format!("arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/{name}/new")
}

// ---- creates ------------------------------------------------------------------------

#[tokio::test]
async fn creates_load_balancer_target_group_and_listener_with_resolved_arns_and_tags() {
    let desired = retail_store();
    let live = LiveState::default();
    let planned = plan(&desired, &live, &PlanOptions::default()).unwrap();
    let log = Log::default();
    let rules = [
        elb!(log, create_load_balancer, |_r| {
            CreateLoadBalancerOutput::builder()
                .load_balancers(t::LoadBalancer::builder().load_balancer_arn(LB_ARN).build())
                .build()
        }),
        elb!(log, create_target_group, |r| {
            CreateTargetGroupOutput::builder()
                .target_groups(
                    t::TargetGroup::builder()
                        .target_group_arn(tg_arn_for(r.name().unwrap()))
                        .build(),
                )
                .build()
        }),
        elb!(log, modify_target_group_attributes, |_r| {
            ModifyTargetGroupAttributesOutput::builder().build()
        }),
        elb!(log, create_listener, |_r| {
            CreateListenerOutput::builder()
                .listeners(t::Listener::builder().listener_arn(LISTENER_ARN).build())
                .build()
        }),
    ];
    let elb = mock_client!(aws_sdk_elasticloadbalancingv2, RuleMode::MatchAny, &rules);
    let clients = clients(elb, empty_ecs());
    let x = AwsExecutor::new(&clients, &desired, &live, options(), &Silent);

    let elb_changes: Vec<&Change> = planned
        .changes
        .iter()
        .filter(|c| {
            matches!(
                c.address.kind,
                Kind::LoadBalancer | Kind::TargetGroup | Kind::Listener
            )
        })
        .collect();
    assert_eq!(elb_changes.len(), 3);
    for c in &elb_changes {
        assert_eq!(c.action, Action::Create, "{}", c.address);
        x.execute(c).await.unwrap();
    }

    let mut ops = log.ops();
    assert_eq!(
        ops.pop(),
        Some("create_listener"),
        "the listener comes last"
    );
    ops.sort_unstable();
    assert_eq!(
        ops,
        [
            "create_load_balancer",
            "create_target_group",
            "modify_target_group_attributes"
        ]
    );

    let lb_change = change_of(&planned.changes, &lb_address());
    let lb = log.one::<CreateLoadBalancerInput>();
    assert_eq!(lb.name(), Some("retail-store-ecs-ui"));
    assert_eq!(
        lb.subnets(),
        ["subnet-0aaa0000000000001", "subnet-0aaa0000000000002"]
    );
    assert_eq!(lb.security_groups(), ["sg-0ccc0000000000004"]);
    assert_eq!(
        lb.scheme(),
        Some(&t::LoadBalancerSchemeEnum::InternetFacing)
    );
    assert_eq!(lb.r#type(), Some(&t::LoadBalancerTypeEnum::Application));
    assert_eq!(lb.ip_address_type(), Some(&t::IpAddressType::Ipv4));
    assert_eq!(tag_pairs(lb.tags()), owned(&lb_change));

    let tg_change = change_of(&planned.changes, &tg_address());
    let tg = log.one::<CreateTargetGroupInput>();
    assert_eq!(tg.name(), Some("ui-application"));
    assert_eq!(tg.protocol(), Some(&t::ProtocolEnum::Http));
    assert_eq!(tg.port(), Some(8080));
    assert_eq!(tg.vpc_id(), Some("vpc-0a1b2c3d4e5f60718"));
    assert_eq!(tg.target_type(), Some(&t::TargetTypeEnum::Ip));
    assert_eq!(tg.health_check_path(), Some("/actuator/health"));
    assert_eq!(tg.health_check_interval_seconds(), Some(10));
    assert_eq!(tg.healthy_threshold_count(), Some(2));
    assert_eq!(
        tg.matcher().and_then(t::Matcher::http_code),
        Some("200-299")
    );
    assert_eq!(
        tg.health_check_timeout_seconds(),
        None,
        "only what the file says"
    );
    assert_eq!(tag_pairs(tg.tags()), owned(&tg_change));

    let attrs = log.one::<ModifyTargetGroupAttributesInput>();
    let tg_arn = tg_arn_for("ui-application");
    assert_eq!(attrs.target_group_arn(), Some(tg_arn.as_str()));
    assert_eq!(attrs.attributes().len(), 1);
    assert_eq!(
        attrs.attributes()[0].key(),
        Some("deregistration_delay.timeout_seconds")
    );
    assert_eq!(attrs.attributes()[0].value(), Some("30"));

    let listener_change = change_of(&planned.changes, &listener_address());
    let listener = log.one::<CreateListenerInput>();
    assert_eq!(
        listener.load_balancer_arn(),
        Some(LB_ARN),
        "the ARN CreateLoadBalancer returned"
    );
    assert_eq!(listener.port(), Some(80));
    assert_eq!(listener.protocol(), Some(&t::ProtocolEnum::Http));
    assert_eq!(listener.default_actions().len(), 1);
    let action = &listener.default_actions()[0];
    assert_eq!(action.r#type(), Some(&t::ActionTypeEnum::Forward));
    assert_eq!(
        action.target_group_arn(),
        Some(tg_arn.as_str()),
        "the ARN CreateTargetGroup returned"
    );
    assert_eq!(tag_pairs(listener.tags()), owned(&listener_change));
}

#[tokio::test]
async fn creates_a_listener_rule_on_its_listener_with_weighted_forward_and_file_tags() {
    let mut desired = retail_store();
    let live = applied(&desired);
    let rule_address = Address::new(Kind::ListenerRule, "retail-store-ecs-ui:80/10");
    desired.resources.push(Resource {
        address: rule_address.clone(),
        doc: json!({
            "listener": "retail-store-ecs-ui:80",
            "priority": 10,
            "conditions": [{"field": "path-pattern", "pathPatternConfig": {"values": ["/api/*"]}}],
            "actions": [{
                "type": "forward",
                "forwardConfig": {"targetGroups": [
                    {"targetGroup": "ui-application", "weight": 3},
                    {"targetGroupArn": OTHER_TG_ARN, "weight": 1}
                ]}
            }],
            "transforms": [{
                "type": "url-rewrite",
                "urlRewriteConfig": {"rewrites": [{"regex": "^/api/(.*)$", "replace": "/$1"}]}
            }],
            "tags": [{"key": "team", "value": "web"}]
        }),
        prevent_destroy: false,
        adopt: false,
    });
    let planned = plan(&desired, &live, &PlanOptions::default()).unwrap();
    let change = change_of(&planned.changes, &rule_address);
    assert_eq!(change.action, Action::Create);

    let log = Log::default();
    let rules = [elb!(log, create_rule, |_r| {
        CreateRuleOutput::builder()
            .rules(t::Rule::builder().rule_arn(RULE_ARN).build())
            .build()
    })];
    let elb = mock_client!(aws_sdk_elasticloadbalancingv2, RuleMode::MatchAny, &rules);
    let clients = clients(elb, empty_ecs());
    let x = AwsExecutor::new(&clients, &desired, &live, options(), &Silent);
    x.execute(&change).await.unwrap();

    assert_eq!(log.ops(), ["create_rule"]);
    let rule = log.one::<CreateRuleInput>();
    let listener_arn = &live.resources[&listener_address()].arn;
    let tg_arn = &live.resources[&tg_address()].arn;
    assert_eq!(rule.listener_arn(), Some(listener_arn.as_str()));
    assert_eq!(rule.priority(), Some(10));
    assert_eq!(rule.conditions().len(), 1);
    assert_eq!(rule.conditions()[0].field(), Some("path-pattern"));
    let tuples = rule.actions()[0]
        .forward_config()
        .unwrap()
        .target_groups()
        .iter()
        .map(|t| {
            (
                t.target_group_arn().unwrap().to_owned(),
                t.weight().unwrap(),
            )
        })
        .collect::<Vec<_>>();
    assert_eq!(
        tuples,
        [(tg_arn.clone(), 3), (OTHER_TG_ARN.to_owned(), 1)],
        "the stack's group by its ARN, the outside one as given"
    );
    assert_eq!(rule.transforms().len(), 1);
    let mut expected = vec![("team".to_owned(), "web".to_owned())];
    expected.extend(owned(&change));
    assert_eq!(tag_pairs(rule.tags()), expected);
}

// ---- updates ------------------------------------------------------------------------

#[tokio::test]
async fn a_target_group_update_modifies_health_checks_and_removes_dropped_tags() {
    let desired = retail_store();
    let mut live = applied(&desired);
    let tg = live.resources.get_mut(&tg_address()).unwrap();
    tg.doc["healthCheckPath"] = json!("/old");
    tg.doc["tags"] = json!([{"key": "team", "value": "web"}]);
    tg.tags.insert("team".into(), "web".into());
    let tg_arn = tg.arn.clone();
    let planned = plan(&desired, &live, &PlanOptions::default()).unwrap();
    let change = change_of(&planned.changes, &tg_address());
    assert_eq!(change.action, Action::Update);

    let log = Log::default();
    let rules = [
        elb!(log, modify_target_group, |_r| {
            ModifyTargetGroupOutput::builder().build()
        }),
        elb!(log, modify_target_group_attributes, |_r| {
            ModifyTargetGroupAttributesOutput::builder().build()
        }),
        elb!(log, add_tags, |_r| AddTagsOutput::builder().build()),
        elb!(log, remove_tags, |_r| RemoveTagsOutput::builder().build()),
    ];
    let elb = mock_client!(aws_sdk_elasticloadbalancingv2, RuleMode::MatchAny, &rules);
    let clients = clients(elb, empty_ecs());
    let x = AwsExecutor::new(&clients, &desired, &live, options(), &Silent);
    x.execute(&change).await.unwrap();

    assert_eq!(
        log.ops(),
        ["modify_target_group", "add_tags", "remove_tags"],
        "the attributes did not change"
    );
    let modify = log.one::<ModifyTargetGroupInput>();
    assert_eq!(modify.target_group_arn(), Some(tg_arn.as_str()));
    assert_eq!(modify.health_check_path(), Some("/actuator/health"));
    assert_eq!(modify.health_check_interval_seconds(), Some(10));
    assert_eq!(modify.healthy_threshold_count(), Some(2));
    assert_eq!(
        modify.matcher().and_then(t::Matcher::http_code),
        Some("200-299")
    );
    // What the file leaves out goes back to AWS's create defaults.
    assert_eq!(modify.health_check_timeout_seconds(), Some(5));
    assert_eq!(modify.unhealthy_threshold_count(), Some(2));
    assert_eq!(modify.health_check_port(), Some("traffic-port"));

    let add = log.one::<AddTagsInput>();
    assert_eq!(add.resource_arns(), std::slice::from_ref(&tg_arn));
    assert_eq!(tag_pairs(add.tags()), owned(&change));
    let remove = log.one::<RemoveTagsInput>();
    assert_eq!(remove.resource_arns(), [tg_arn]);
    assert_eq!(remove.tag_keys(), ["team"]);
}

#[tokio::test]
async fn a_load_balancer_update_calls_only_what_changed() {
    let desired = retail_store();
    let mut live = applied(&desired);
    live.resources.get_mut(&lb_address()).unwrap().doc["securityGroups"] = json!(["sg-old"]);
    let planned = plan(&desired, &live, &PlanOptions::default()).unwrap();
    let change = change_of(&planned.changes, &lb_address());
    assert_eq!(change.action, Action::Update);

    let log = Log::default();
    let rules = [
        elb!(log, set_security_groups, |_r| {
            SetSecurityGroupsOutput::builder().build()
        }),
        elb!(log, add_tags, |_r| AddTagsOutput::builder().build()),
    ];
    let elb = mock_client!(aws_sdk_elasticloadbalancingv2, RuleMode::MatchAny, &rules);
    let clients = clients(elb, empty_ecs());
    let x = AwsExecutor::new(&clients, &desired, &live, options(), &Silent);
    x.execute(&change).await.unwrap();

    assert_eq!(log.ops(), ["set_security_groups", "add_tags"]);
    let set = log.one::<SetSecurityGroupsInput>();
    assert_eq!(
        set.load_balancer_arn(),
        Some(live.resources[&lb_address()].arn.as_str())
    );
    assert_eq!(set.security_groups(), ["sg-0ccc0000000000004"]);
}

/// The PrivateLink flag is set by SetSecurityGroups only (ELBv2 API reference,
/// SetSecurityGroups): a create sends it after CreateLoadBalancer, with the security groups.
#[tokio::test]
async fn a_load_balancer_created_with_the_private_link_flag_gets_it_from_set_security_groups() {
    let mut desired = retail_store();
    let doc = doc_mut(&mut desired, &lb_address());
    doc["type"] = json!("network");
    doc["enforceSecurityGroupInboundRulesOnPrivateLinkTraffic"] = json!("off");
    let planned = plan(&desired, &LiveState::default(), &PlanOptions::default()).unwrap();
    let change = change_of(&planned.changes, &lb_address());
    assert_eq!(change.action, Action::Create);

    let log = Log::default();
    let rules = [
        elb!(log, create_load_balancer, |_r| {
            CreateLoadBalancerOutput::builder()
                .load_balancers(t::LoadBalancer::builder().load_balancer_arn(LB_ARN).build())
                .build()
        }),
        elb!(log, set_security_groups, |_r| {
            SetSecurityGroupsOutput::builder().build()
        }),
    ];
    let elb = mock_client!(aws_sdk_elasticloadbalancingv2, RuleMode::MatchAny, &rules);
    let clients = clients(elb, empty_ecs());
    let live = LiveState::default();
    let x = AwsExecutor::new(&clients, &desired, &live, options(), &Silent);
    x.execute(&change).await.unwrap();

    assert_eq!(log.ops(), ["create_load_balancer", "set_security_groups"]);
    let set = log.one::<SetSecurityGroupsInput>();
    assert_eq!(
        set.load_balancer_arn(),
        Some(LB_ARN),
        "the ARN just created"
    );
    assert_eq!(set.security_groups(), ["sg-0ccc0000000000004"]);
    assert_eq!(
        set.enforce_security_group_inbound_rules_on_private_link_traffic(),
        Some(&t::EnforceSecurityGroupInboundRulesOnPrivateLinkTrafficEnum::Off)
    );
}

#[tokio::test]
async fn a_changed_private_link_flag_is_sent_with_the_security_groups() {
    let mut desired = retail_store();
    let doc = doc_mut(&mut desired, &lb_address());
    doc["type"] = json!("network");
    doc["enforceSecurityGroupInboundRulesOnPrivateLinkTraffic"] = json!("on");
    let live = applied(&desired);
    doc_mut(&mut desired, &lb_address())["enforceSecurityGroupInboundRulesOnPrivateLinkTraffic"] =
        json!("off");
    let planned = plan(&desired, &live, &PlanOptions::default()).unwrap();
    let change = change_of(&planned.changes, &lb_address());
    assert_eq!(change.action, Action::Update);

    let log = Log::default();
    let rules = [
        elb!(log, set_security_groups, |_r| {
            SetSecurityGroupsOutput::builder().build()
        }),
        elb!(log, add_tags, |_r| AddTagsOutput::builder().build()),
    ];
    let elb = mock_client!(aws_sdk_elasticloadbalancingv2, RuleMode::MatchAny, &rules);
    let clients = clients(elb, empty_ecs());
    let x = AwsExecutor::new(&clients, &desired, &live, options(), &Silent);
    x.execute(&change).await.unwrap();

    assert_eq!(log.ops(), ["set_security_groups", "add_tags"]);
    let set = log.one::<SetSecurityGroupsInput>();
    assert_eq!(
        set.load_balancer_arn(),
        Some(live.resources[&lb_address()].arn.as_str())
    );
    assert_eq!(
        set.security_groups(),
        ["sg-0ccc0000000000004"],
        "the unchanged security groups go with it"
    );
    assert_eq!(
        set.enforce_security_group_inbound_rules_on_private_link_traffic(),
        Some(&t::EnforceSecurityGroupInboundRulesOnPrivateLinkTrafficEnum::Off)
    );
}

// ---- deletes ------------------------------------------------------------------------

#[tokio::test]
async fn a_deleted_load_balancer_is_awaited_until_aws_no_longer_finds_it() {
    let desired = retail_store();
    let mut live = applied(&desired);
    let gone = Address::new(Kind::LoadBalancer, "old-ui");
    let mut old = live.resources[&lb_address()].clone();
    old.address = gone.clone();
    old.arn =
        "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/old-ui/1".into();
    old.doc["name"] = json!("old-ui");
    live.resources.insert(gone.clone(), old);
    let planned = plan(&desired, &live, &PlanOptions::default()).unwrap();
    let change = change_of(&planned.changes, &gone);
    assert_eq!(change.action, Action::Delete);

    let log = Log::default();
    let delete = elb!(log, delete_load_balancer, |_r| {
        DeleteLoadBalancerOutput::builder().build()
    });
    let describe = mock!(aws_sdk_elasticloadbalancingv2::Client::describe_load_balancers)
        .sequence()
        .output(|| {
            DescribeLoadBalancersOutput::builder()
                .load_balancers(
                    t::LoadBalancer::builder()
                        .load_balancer_name("old-ui")
                        .state(
                            t::LoadBalancerState::builder()
                                .code(t::LoadBalancerStateEnum::Active)
                                .build(),
                        )
                        .build(),
                )
                .build()
        })
        .error(|| {
            DescribeLoadBalancersError::LoadBalancerNotFoundException(
                t::error::LoadBalancerNotFoundException::builder()
                    .message("One or more load balancers not found")
                    .build(),
            )
        })
        .build();
    let elb = mock_client!(
        aws_sdk_elasticloadbalancingv2,
        RuleMode::MatchAny,
        [&delete, &describe]
    );
    let clients = clients(elb, empty_ecs());
    let waits = Waits::default();
    let x = AwsExecutor::new(&clients, &desired, &live, options(), &waits);
    x.execute(&change).await.unwrap();

    assert_eq!(
        log.one::<DeleteLoadBalancerInput>().load_balancer_arn(),
        Some("arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/old-ui/1")
    );
    assert_eq!(describe.num_calls(), 2, "still there, then not found");
    assert_eq!(
        *waits.0.lock().unwrap(),
        [(gone, "load balancer deleted".to_owned())]
    );
}

// ---- errors -------------------------------------------------------------------------

#[tokio::test]
async fn an_aws_error_comes_back_with_the_call_awss_code_and_message() {
    let desired = retail_store();
    let live = LiveState::default();
    let planned = plan(&desired, &live, &PlanOptions::default()).unwrap();
    let change = change_of(&planned.changes, &tg_address());
    let create =
        mock!(aws_sdk_elasticloadbalancingv2::Client::create_target_group).then_error(|| {
            CreateTargetGroupError::generic(
                ErrorMetadata::builder()
                    .code("DuplicateTargetGroupName")
                    .message("A target group with the specified name already exists.")
                    .build(),
            )
        });
    let elb = mock_client!(
        aws_sdk_elasticloadbalancingv2,
        RuleMode::MatchAny,
        [&create]
    );
    let clients = clients(elb, empty_ecs());
    let x = AwsExecutor::new(&clients, &desired, &live, options(), &Silent);
    let err = x.execute(&change).await.unwrap_err();
    assert_eq!(
        err,
        ActionError {
            address: tg_address(),
            call: "elasticloadbalancing:CreateTargetGroup".into(),
            code: "DuplicateTargetGroupName".into(),
            message: "A target group with the specified name already exists.".into(),
        }
    );
}

#[tokio::test]
async fn a_listener_forwarding_to_an_unknown_target_group_fails_before_calling_aws() {
    let desired = retail_store();
    let live = LiveState::default();
    let planned = plan(&desired, &live, &PlanOptions::default()).unwrap();
    let change = change_of(&planned.changes, &listener_address());
    let log = Log::default();
    let rules = [elb!(log, create_listener, |_r| {
        CreateListenerOutput::builder().build()
    })];
    let elb = mock_client!(aws_sdk_elasticloadbalancingv2, RuleMode::MatchAny, &rules);
    let clients = clients(elb, empty_ecs());
    // The load balancer exists; the target group was neither read nor created.
    let mut known = LiveState::default();
    known.resources.insert(
        lb_address(),
        LiveResource {
            address: lb_address(),
            arn: LB_ARN.into(),
            doc: json!({"name": "retail-store-ecs-ui"}),
            tags: Default::default(),
            revision: None,
        },
    );
    let x = AwsExecutor::new(&clients, &desired, &known, options(), &Silent);
    let err = x.execute(&change).await.unwrap_err();
    assert_eq!(err.code, "UnknownReference");
    assert!(
        err.message.contains("target_group.ui-application"),
        "{}",
        err.message
    );
    assert!(log.ops().is_empty(), "AWS was not called: {:?}", log.ops());
}

// ---- target group replacement -------------------------------------------------------

/// Where the listener, the rule and the service forward to, as the mocks answer: the
/// groups with their weights, the service's groups.
#[derive(Debug)]
struct Routing {
    listener: Vec<(String, i32)>,
    rule: Vec<(String, i32)>,
    service: Vec<String>,
    /// DescribeServices polls left that show the deployment still in progress.
    deploying: usize,
    /// Moments the listener or the rule sent traffic (weight > 0) to a group in which
    /// the service had no task registered (no healthy target).
    gaps: Vec<String>,
}

impl Routing {
    /// Records a gap if a forward sends traffic to a group without the service's tasks.
    fn check(&mut self, what: &str) {
        let empty: Vec<String> = self
            .listener
            .iter()
            .chain(self.rule.iter())
            .filter(|(g, w)| *w > 0 && g != OTHER_TG_ARN && !self.service.contains(g))
            .map(|(g, _)| g.clone())
            .collect();
        if !empty.is_empty() {
            self.gaps.push(format!("after {what}: {empty:?}"));
        }
    }
}

/// The groups an action forwards to, with weights (a plain forward: weight 1).
fn forwarded(a: &t::Action) -> Vec<(String, i32)> {
    let tuples: Vec<(String, i32)> = a
        .forward_config()
        .map(|f| {
            f.target_groups()
                .iter()
                .map(|t| {
                    (
                        t.target_group_arn().unwrap().to_owned(),
                        t.weight().unwrap_or(1),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    if tuples.is_empty() {
        vec![(a.target_group_arn().unwrap().to_owned(), 1)]
    } else {
        if tuples.len() > 1 {
            assert_eq!(
                a.target_group_arn(),
                None,
                "several groups: ForwardConfig alone (AWS refuses TargetGroupArn beside them)"
            );
        }
        tuples
    }
}

/// `name:weight+name:weight`, for the steps.
fn shown(groups: &[(String, i32)], names: &[(&str, &str)]) -> String {
    groups
        .iter()
        .map(|(g, w)| {
            let n = names
                .iter()
                .find(|(a, _)| a == g)
                .map_or(g.as_str(), |(_, n)| n);
            format!("{n}:{w}")
        })
        .collect::<Vec<_>>()
        .join("+")
}

#[tokio::test]
async fn a_target_group_replacement_never_sends_traffic_to_a_group_without_the_services_tasks() {
    let original = retail_store();
    let mut live = applied(&original);
    live.resources.get_mut(&tg_address()).unwrap().arn = TG_ARN.into();
    live.resources.get_mut(&lb_address()).unwrap().arn = LB_ARN.into();
    let mut desired = original.clone();
    doc_mut(&mut desired, &tg_address())["port"] = json!(9090);
    let planned = plan(&desired, &live, &PlanOptions::default()).unwrap();
    let change = change_of(&planned.changes, &tg_address());
    assert!(
        matches!(
            change.action,
            Action::Replace {
                order: ReplaceOrder::CreateBeforeDestroy,
                ..
            }
        ),
        "{:?}",
        change.action
    );
    let hash = change.desired_hash.clone().unwrap();
    let temp_name = format!("ui-application-{}", &hash[..5]);
    let temp_arn = tg_arn_for(&temp_name);
    let final_arn = tg_arn_for("ui-application");
    let names: Vec<(&str, &str)> = vec![
        (TG_ARN, "old"),
        (temp_arn.as_str(), "temp"),
        (final_arn.as_str(), "new"),
        (OTHER_TG_ARN, "other"),
    ];
    let names: Vec<(String, String)> = names
        .into_iter()
        .map(|(a, n)| (a.to_owned(), n.to_owned()))
        .collect();
    let names = Arc::new(names);

    let routing = Arc::new(Mutex::new(Routing {
        listener: vec![(TG_ARN.into(), 1)],
        rule: vec![(TG_ARN.into(), 80), (OTHER_TG_ARN.into(), 20)],
        service: vec![TG_ARN.into()],
        deploying: 0,
        gaps: Vec::new(),
    }));
    // The calls that change something, in order, with where they move to or what they delete.
    let steps = Arc::new(Mutex::new(Vec::<String>::new()));
    let log = Log::default();
    let name_of = {
        let names = names.clone();
        move |arn: &str| -> String {
            names
                .iter()
                .find(|(a, _)| a == arn)
                .map_or(arn.to_owned(), |(_, n)| n.clone())
        }
    };
    let show = {
        let names = names.clone();
        move |groups: &[(String, i32)]| -> String {
            let refs: Vec<(&str, &str)> = names
                .iter()
                .map(|(a, n)| (a.as_str(), n.as_str()))
                .collect();
            shown(groups, &refs)
        }
    };

    let describe_tgs = {
        let temp_name = temp_name.clone();
        mock!(aws_sdk_elasticloadbalancingv2::Client::describe_target_groups).then_compute_response(
            move |r| {
                if r.names().contains(&temp_name) {
                    return MockResponse::Error(DescribeTargetGroupsError::generic(
                        ErrorMetadata::builder()
                            .code("TargetGroupNotFound")
                            .message("One or more target groups not found")
                            .build(),
                    ));
                }
                // As moto and AWS answer for the old group; the temporary one is not yet
                // used by any load balancer.
                let lbs = if r.target_group_arns() == [TG_ARN] {
                    vec![LB_ARN.to_owned()]
                } else {
                    Vec::new()
                };
                MockResponse::Output(
                    DescribeTargetGroupsOutput::builder()
                        .target_groups(
                            t::TargetGroup::builder()
                                .set_target_group_arn(r.target_group_arns().first().cloned())
                                .set_load_balancer_arns(Some(lbs))
                                .build(),
                        )
                        .build(),
                )
            },
        )
    };
    let create = {
        let steps = steps.clone();
        elb!(log, create_target_group, |r| {
            let name = r.name().unwrap();
            steps.lock().unwrap().push(format!("create {name}"));
            CreateTargetGroupOutput::builder()
                .target_groups(
                    t::TargetGroup::builder()
                        .target_group_arn(tg_arn_for(name))
                        .build(),
                )
                .build()
        })
    };
    let attributes = elb!(log, modify_target_group_attributes, |_r| {
        ModifyTargetGroupAttributesOutput::builder().build()
    });
    // An action as AWS returns it: a plain forward in both forms, weighted in ForwardConfig.
    let action = |groups: &[(String, i32)]| {
        let mut b = t::Action::builder()
            .r#type(t::ActionTypeEnum::Forward)
            .order(1);
        if let [(only, _)] = groups {
            b = b.target_group_arn(only);
        }
        let mut fc = t::ForwardActionConfig::builder().target_group_stickiness_config(
            t::TargetGroupStickinessConfig::builder()
                .enabled(groups.len() == 2 && groups[1].0 == OTHER_TG_ARN)
                .set_duration_seconds(
                    (groups.len() == 2 && groups[1].0 == OTHER_TG_ARN).then_some(300),
                )
                .build(),
        );
        for (g, w) in groups {
            fc = fc.target_groups(
                t::TargetGroupTuple::builder()
                    .target_group_arn(g)
                    .weight(*w)
                    .build(),
            );
        }
        b.forward_config(fc.build()).build()
    };
    let listeners = {
        let routing = routing.clone();
        elb!(log, describe_listeners, |r| {
            assert_eq!(r.load_balancer_arn(), Some(LB_ARN));
            let groups = routing.lock().unwrap().listener.clone();
            DescribeListenersOutput::builder()
                .listeners(
                    t::Listener::builder()
                        .listener_arn(LISTENER_ARN)
                        .load_balancer_arn(LB_ARN)
                        .port(80)
                        .protocol(t::ProtocolEnum::Http)
                        .default_actions(action(&groups))
                        .build(),
                )
                .build()
        })
    };
    let describe_rules = {
        let routing = routing.clone();
        elb!(log, describe_rules, |r| {
            assert_eq!(r.listener_arn(), Some(LISTENER_ARN));
            let (listener, rule) = {
                let g = routing.lock().unwrap();
                (g.listener.clone(), g.rule.clone())
            };
            DescribeRulesOutput::builder()
                .rules(
                    t::Rule::builder()
                        .rule_arn(format!("{LISTENER_ARN}/default"))
                        .priority("default")
                        .is_default(true)
                        .actions(action(&listener))
                        .build(),
                )
                .rules(
                    t::Rule::builder()
                        .rule_arn(RULE_ARN)
                        .priority("10")
                        .is_default(false)
                        .conditions(
                            t::RuleCondition::builder()
                                .field("path-pattern")
                                .values("/api/*")
                                .build(),
                        )
                        .actions(action(&rule))
                        .build(),
                )
                .build()
        })
    };
    let modify_listener = {
        let (routing, steps, show) = (routing.clone(), steps.clone(), show.clone());
        elb!(log, modify_listener, |r| {
            let to = forwarded(&r.default_actions()[0]);
            let step = format!("listener -> {}", show(&to));
            steps.lock().unwrap().push(step.clone());
            let mut g = routing.lock().unwrap();
            g.listener = to;
            g.check(&step);
            ModifyListenerOutput::builder().build()
        })
    };
    let modify_rule = {
        let (routing, steps, show) = (routing.clone(), steps.clone(), show.clone());
        elb!(log, modify_rule, |r| {
            assert_eq!(
                r.rule_arn(),
                Some(RULE_ARN),
                "the default rule is left to ModifyListener"
            );
            let to = forwarded(&r.actions()[0]);
            let step = format!("rule -> {}", show(&to));
            steps.lock().unwrap().push(step.clone());
            let mut g = routing.lock().unwrap();
            g.rule = to;
            g.check(&step);
            ModifyRuleOutput::builder().build()
        })
    };
    let delete = {
        let (steps, name_of) = (steps.clone(), name_of.clone());
        elb!(log, delete_target_group, |r| {
            steps
                .lock()
                .unwrap()
                .push(format!("delete {}", name_of(r.target_group_arn().unwrap())));
            DeleteTargetGroupOutput::builder().build()
        })
    };
    // A group has the service's task as a healthy target once the service is on it.
    let health = {
        let routing = routing.clone();
        mock!(aws_sdk_elasticloadbalancingv2::Client::describe_target_health).then_compute_output(
            move |r| {
                let on = routing
                    .lock()
                    .unwrap()
                    .service
                    .iter()
                    .any(|g| Some(g.as_str()) == r.target_group_arn());
                let mut out =
                    elbv2::operation::describe_target_health::DescribeTargetHealthOutput::builder();
                if on {
                    out = out.target_health_descriptions(
                        t::TargetHealthDescription::builder()
                            .target(
                                t::TargetDescription::builder()
                                    .id("10.0.1.17")
                                    .port(8080)
                                    .build(),
                            )
                            .target_health(
                                t::TargetHealth::builder()
                                    .state(t::TargetHealthStateEnum::Healthy)
                                    .build(),
                            )
                            .build(),
                    );
                }
                out.build()
            },
        )
    };
    let elb = mock_client!(
        aws_sdk_elasticloadbalancingv2,
        RuleMode::MatchAny,
        [
            &describe_tgs,
            &create,
            &attributes,
            &listeners,
            &describe_rules,
            &modify_listener,
            &modify_rule,
            &delete,
            &health
        ]
    );

    let describe_services = {
        let routing = routing.clone();
        mock!(aws_sdk_ecs::Client::describe_services).then_compute_output(move |r| {
            assert_eq!(r.services(), ["ui"]);
            let mut g = routing.lock().unwrap();
            let deployments = if g.deploying > 0 {
                g.deploying -= 1;
                2
            } else {
                1
            };
            let mut service = aws_sdk_ecs::types::Service::builder().service_name("ui");
            for tg in &g.service {
                service = service.load_balancers(
                    aws_sdk_ecs::types::LoadBalancer::builder()
                        .target_group_arn(tg.clone())
                        .container_name("application")
                        .container_port(8080)
                        .build(),
                );
            }
            let service = service
                .set_deployments(Some(
                    (0..deployments)
                        .map(|i| {
                            aws_sdk_ecs::types::Deployment::builder()
                                .status(if i == 0 { "PRIMARY" } else { "ACTIVE" })
                                .build()
                        })
                        .collect(),
                ))
                .desired_count(1)
                .running_count(1)
                .build();
            DescribeServicesOutput::builder().services(service).build()
        })
    };
    let update_service = {
        let (routing, steps, log, name_of) =
            (routing.clone(), steps.clone(), log.clone(), name_of.clone());
        mock!(aws_sdk_ecs::Client::update_service).then_compute_output(move |r| {
            log.push("update_service", r);
            let to: Vec<String> = r
                .load_balancers()
                .iter()
                .map(|lb| lb.target_group_arn().unwrap().to_owned())
                .collect();
            let step = format!(
                "service ui -> {}",
                to.iter().map(|g| name_of(g)).collect::<Vec<_>>().join("+")
            );
            steps.lock().unwrap().push(step.clone());
            let mut g = routing.lock().unwrap();
            g.service = to;
            g.deploying = 1;
            g.check(&step);
            UpdateServiceOutput::builder().build()
        })
    };
    let ecs = mock_client!(
        aws_sdk_ecs,
        RuleMode::MatchAny,
        [&describe_services, &update_service]
    );

    let clients = clients(elb, ecs);
    let waits = Waits::default();
    let x = AwsExecutor::new(&clients, &desired, &live, options(), &waits);
    x.execute(&change).await.unwrap();

    assert!(temp_name.len() <= 32);
    assert_eq!(
        *steps.lock().unwrap(),
        [
            format!("create {temp_name}"),
            // The temporary group beside the old one at weight 0: used by the load
            // balancer (ECS requires it of a service's group), no traffic yet.
            "listener -> old:1+temp:0".to_owned(),
            "rule -> old:80+other:20+temp:0".to_owned(),
            // The service's tasks registered in both; then the traffic moves.
            "service ui -> old+temp".to_owned(),
            "listener -> temp:1".to_owned(),
            "rule -> temp:80+other:20".to_owned(),
            "service ui -> temp".to_owned(),
            "delete old".to_owned(),
            "create ui-application".to_owned(),
            "listener -> temp:1+new:0".to_owned(),
            "rule -> temp:80+other:20+new:0".to_owned(),
            "service ui -> temp+new".to_owned(),
            "listener -> new:1".to_owned(),
            "rule -> new:80+other:20".to_owned(),
            "service ui -> new".to_owned(),
            "delete temp".to_owned(),
        ]
    );
    let routing = routing.lock().unwrap();
    assert!(
        routing.gaps.is_empty(),
        "traffic went to a group without the service's tasks: {:?}",
        routing.gaps
    );

    // Both groups are created from the desired document, with its attributes; the
    // temporary one says which group it stands for.
    let creates = log.all::<CreateTargetGroupInput>();
    assert!(creates.iter().all(|c| c.port() == Some(9090)));
    let replaces = |c: &CreateTargetGroupInput| {
        c.tags()
            .iter()
            .find(|t| t.key() == Some("ecsform:replaces"))
            .and_then(|t| t.value().map(str::to_owned))
    };
    assert_eq!(replaces(&creates[0]).as_deref(), Some("ui-application"));
    assert_eq!(replaces(&creates[1]), None);
    let attributes = log.all::<ModifyTargetGroupAttributesInput>();
    assert_eq!(
        attributes
            .iter()
            .map(|a| a.target_group_arn().unwrap())
            .collect::<Vec<_>>(),
        [temp_arn.as_str(), final_arn.as_str()]
    );

    // The rule keeps its stickiness and conditions.
    let modified = log.all::<ModifyRuleInput>();
    let fc = modified[0].actions()[0].forward_config().unwrap();
    let sticky = fc.target_group_stickiness_config().unwrap();
    assert_eq!(
        (sticky.enabled(), sticky.duration_seconds()),
        (Some(true), Some(300))
    );
    assert!(
        modified[0].conditions().is_empty(),
        "ModifyRule keeps the conditions"
    );

    // A forward left with one group names it in both forms, as AWS returns it.
    let listener = &log.all::<ModifyListenerInput>()[1];
    let action = &listener.default_actions()[0];
    assert_eq!(action.target_group_arn(), Some(temp_arn.as_str()));
    assert_eq!(
        action.forward_config().unwrap().target_groups()[0].target_group_arn(),
        Some(temp_arn.as_str())
    );
    assert_eq!(listener.port(), None, "only the default actions change");

    // The service keeps its container and port on every group.
    for update in log.all::<UpdateServiceInput>() {
        for lb in update.load_balancers() {
            assert_eq!(
                (lb.container_name(), lb.container_port()),
                (Some("application"), Some(8080))
            );
        }
    }

    // The waits report on the target group's change: steady state after each service
    // move, healthy targets before each switch of the traffic.
    let waited = waits.0.lock().unwrap();
    assert!(
        waited
            .iter()
            .all(|(a, what)| a == &tg_address() && what == "steady state"),
        "{waited:?}"
    );
    assert_eq!(waited.len(), 4, "{waited:?}");
}

#[tokio::test]
async fn a_replacement_reuses_the_temporary_group_an_interrupted_run_left() {
    let original = retail_store();
    let mut live = applied(&original);
    live.resources.get_mut(&tg_address()).unwrap().arn = TG_ARN.into();
    // No service uses the group in this run.
    live.resources.retain(|a, _| a.kind != Kind::Service);
    let mut desired = original.clone();
    doc_mut(&mut desired, &tg_address())["port"] = json!(9090);
    let planned = plan(&desired, &live, &PlanOptions::default()).unwrap();
    let change = change_of(&planned.changes, &tg_address());
    let hash = change.desired_hash.clone().unwrap();
    let temp_arn = tg_arn_for(&format!("ui-application-{}", &hash[..5]));

    let log = Log::default();
    let describe = {
        let temp_arn = temp_arn.clone();
        elb!(log, describe_target_groups, |_r| {
            DescribeTargetGroupsOutput::builder()
                .target_groups(
                    t::TargetGroup::builder()
                        .target_group_arn(temp_arn.clone())
                        .build(),
                )
                .build()
        })
    };
    let create = elb!(log, create_target_group, |r| {
        CreateTargetGroupOutput::builder()
            .target_groups(
                t::TargetGroup::builder()
                    .target_group_arn(tg_arn_for(r.name().unwrap()))
                    .build(),
            )
            .build()
    });
    let attributes = elb!(log, modify_target_group_attributes, |_r| {
        ModifyTargetGroupAttributesOutput::builder().build()
    });
    let delete = elb!(log, delete_target_group, |_r| {
        DeleteTargetGroupOutput::builder().build()
    });
    // The stack's load balancer is asked for its listeners (none forward to the groups
    // here), whatever the groups' `LoadBalancerArns` say.
    let listeners = elb!(log, describe_listeners, |_r| {
        DescribeListenersOutput::builder().build()
    });
    let elb = mock_client!(
        aws_sdk_elasticloadbalancingv2,
        RuleMode::MatchAny,
        [&describe, &create, &attributes, &delete, &listeners]
    );
    let clients = clients(elb, empty_ecs());
    let x = AwsExecutor::new(&clients, &desired, &live, options(), &Silent);
    x.execute(&change).await.unwrap();
    assert!(
        log.all::<elbv2::operation::describe_listeners::DescribeListenersInput>()
            .iter()
            .all(|d| d.load_balancer_arn().is_some()),
        "the listeners are read from the load balancer"
    );

    let creates = log.all::<CreateTargetGroupInput>();
    assert_eq!(
        creates
            .iter()
            .map(|c| c.name().unwrap())
            .collect::<Vec<_>>(),
        ["ui-application"],
        "the temporary group is reused, only the final one is created"
    );
    let deleted: Vec<String> = log
        .all::<elbv2::operation::delete_target_group::DeleteTargetGroupInput>()
        .iter()
        .map(|d| d.target_group_arn().unwrap().to_owned())
        .collect();
    assert_eq!(deleted, [TG_ARN.to_owned(), temp_arn]);
}
