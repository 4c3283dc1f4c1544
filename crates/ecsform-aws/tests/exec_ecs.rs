//! The ECS part of the AWS executor against mocked SDK clients (aws-smithy-mocks): a
//! service create waits for steady state and says so, a failed deployment and a wait
//! that times out fail the change with the reasons of the stopped tasks, `--no-wait`
//! does not wait, and an update of an autoscaled service leaves desiredCount alone.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use aws_sdk_ecs::operation::create_service::CreateServiceOutput;
use aws_sdk_ecs::operation::describe_services::DescribeServicesOutput;
use aws_sdk_ecs::operation::describe_tasks::DescribeTasksOutput;
use aws_sdk_ecs::operation::list_tasks::ListTasksOutput;
use aws_sdk_ecs::operation::tag_resource::TagResourceOutput;
use aws_sdk_ecs::operation::update_service::{UpdateServiceInput, UpdateServiceOutput};
use aws_sdk_ecs::types as t;
use aws_smithy_mocks::{Rule, RuleMode, mock, mock_client};
use ecsform_apply::{Executor, Progress};
use ecsform_aws::{AwsExecutor, Clients, ExecOptions};
use ecsform_model::live::LiveState;
use ecsform_model::{Address, Kind};
use ecsform_plan::{Change, PlanOptions, plan};
use ecsform_testkit::retail::{applied, retail_store};

const SVC_ARN: &str = "arn:aws:ecs:us-east-1:123456789012:service/retail-store-ecs-cluster/catalog";

/// Records the waits the executor reports.
#[derive(Default)]
struct Waits(Mutex<Vec<String>>);

impl Progress for Waits {
    fn waiting(&self, address: &Address, what: &str, _elapsed: Duration) {
        self.0.lock().unwrap().push(format!("{address}: {what}"));
    }
}

fn clients(ecs: aws_sdk_ecs::Client) -> Clients {
    Clients::from_parts(
        ecs,
        mock_client!(
            aws_sdk_elasticloadbalancingv2,
            RuleMode::MatchAny,
            Vec::<&Rule>::new()
        ),
        mock_client!(
            aws_sdk_applicationautoscaling,
            RuleMode::MatchAny,
            Vec::<&Rule>::new()
        ),
        mock_client!(
            aws_sdk_servicediscovery,
            RuleMode::MatchAny,
            Vec::<&Rule>::new()
        ),
        mock_client!(
            aws_sdk_resourcegroupstagging,
            RuleMode::MatchAny,
            Vec::<&Rule>::new()
        ),
    )
}

fn service(deployments: usize, running: i32, rollout: t::DeploymentRolloutState) -> t::Service {
    let primary = t::Deployment::builder()
        .status("PRIMARY")
        .rollout_state(rollout)
        .rollout_state_reason("ECS deployment circuit breaker: tasks failed to start.")
        .build();
    let mut b = t::Service::builder()
        .service_name("catalog")
        .service_arn(SVC_ARN)
        .status("ACTIVE")
        .desired_count(1)
        .running_count(running)
        .deployments(primary);
    for _ in 1..deployments {
        b = b.deployments(t::Deployment::builder().status("ACTIVE").build());
    }
    b.build()
}

fn described(s: t::Service) -> DescribeServicesOutput {
    DescribeServicesOutput::builder().services(s).build()
}

/// The create of service.catalog from a plan on an empty account.
fn catalog_create() -> (ecsform_model::desired::DesiredState, Change) {
    let desired = retail_store();
    let p = plan(&desired, &LiveState::default(), &PlanOptions::default()).unwrap();
    let change = p
        .changes
        .into_iter()
        .find(|c| c.address == Address::new(Kind::Service, "catalog"))
        .unwrap();
    (desired, change)
}

fn options(wait: bool, timeout: Duration) -> ExecOptions {
    ExecOptions {
        wait,
        wait_timeout: timeout,
        poll_interval: Duration::from_millis(1),
        keep_revisions: 5,
    }
}

fn stopped_task_rules() -> (Rule, Rule) {
    let list = mock!(aws_sdk_ecs::Client::list_tasks).then_output(|| {
        ListTasksOutput::builder()
            .task_arns("arn:aws:ecs:us-east-1:123456789012:task/retail-store-ecs-cluster/abc")
            .build()
    });
    let describe = mock!(aws_sdk_ecs::Client::describe_tasks).then_output(|| {
        DescribeTasksOutput::builder()
            .tasks(
                t::Task::builder()
                    .started_by("ecs-svc/2")
                    .stopped_reason("Essential container in task exited")
                    .containers(
                        t::Container::builder()
                            .name("application")
                            .reason("CannotPullContainerError: pull access denied")
                            .build(),
                    )
                    .build(),
            )
            .build()
    });
    (list, describe)
}

/// ListTaskDefinitions of a family with no revision beyond the kept count (the prune
/// after a service update finds nothing to deregister).
fn few_revisions() -> Rule {
    mock!(aws_sdk_ecs::Client::list_task_definitions).then_output(|| {
        aws_sdk_ecs::operation::list_task_definitions::ListTaskDefinitionsOutput::builder()
            .task_definition_arns(
                "arn:aws:ecs:us-east-1:123456789012:task-definition/retail-store-ecs-catalog:1",
            )
            .build()
    })
}

/// ListTagsForResource of a revision: the stack's ownership tag (every revision the
/// prune looks at was registered by the stack).
fn own_revision_tags() -> Rule {
    mock!(aws_sdk_ecs::Client::list_tags_for_resource).then_output(|| {
        aws_sdk_ecs::operation::list_tags_for_resource::ListTagsForResourceOutput::builder()
            .tags(
                t::Tag::builder()
                    .key("ecsform:stack")
                    .value(retail_store().stack)
                    .build(),
            )
            .build()
    })
}

#[tokio::test]
async fn a_created_service_is_awaited_until_steady_and_the_wait_is_reported() {
    let create = mock!(aws_sdk_ecs::Client::create_service).then_output(|| {
        CreateServiceOutput::builder()
            .service(service(1, 0, t::DeploymentRolloutState::InProgress))
            .build()
    });
    let polls = Arc::new(Mutex::new(0));
    let seen = Arc::clone(&polls);
    let describe = mock!(aws_sdk_ecs::Client::describe_services).then_compute_output(move |_| {
        let mut n = seen.lock().unwrap();
        *n += 1;
        // Two deployments, then one with its task still starting, then steady.
        described(match *n {
            1 => service(2, 1, t::DeploymentRolloutState::InProgress),
            2 => service(1, 0, t::DeploymentRolloutState::InProgress),
            _ => service(1, 1, t::DeploymentRolloutState::Completed),
        })
    });
    let c = clients(mock_client!(
        aws_sdk_ecs,
        RuleMode::MatchAny,
        [&create, &describe, &few_revisions(), &own_revision_tags()]
    ));
    let (desired, change) = catalog_create();
    let live = LiveState::default();
    let waits = Waits::default();
    let x = AwsExecutor::new(
        &c,
        &desired,
        &live,
        options(true, Duration::from_secs(30)),
        &waits,
    );
    x.execute(&change).await.unwrap();
    assert_eq!(*polls.lock().unwrap(), 3);
    assert_eq!(
        *waits.0.lock().unwrap(),
        [
            "service.catalog: steady state",
            "service.catalog: steady state"
        ]
    );
}

#[tokio::test]
async fn a_failed_deployment_fails_the_change_with_the_stopped_tasks_reasons() {
    let create = mock!(aws_sdk_ecs::Client::create_service).then_output(|| {
        CreateServiceOutput::builder()
            .service(service(1, 0, t::DeploymentRolloutState::InProgress))
            .build()
    });
    let describe = mock!(aws_sdk_ecs::Client::describe_services)
        .then_output(|| described(service(1, 0, t::DeploymentRolloutState::Failed)));
    let (list, tasks) = stopped_task_rules();
    let c = clients(mock_client!(
        aws_sdk_ecs,
        RuleMode::MatchAny,
        [&create, &describe, &list, &tasks]
    ));
    let (desired, change) = catalog_create();
    let live = LiveState::default();
    let x = AwsExecutor::new(
        &c,
        &desired,
        &live,
        options(true, Duration::from_secs(30)),
        &ecsform_apply::Silent,
    );
    let err = x.execute(&change).await.unwrap_err();
    assert_eq!(err.address, Address::new(Kind::Service, "catalog"));
    assert_eq!(err.code, "DeploymentFailed");
    assert_eq!(
        err.message,
        "the PRIMARY deployment failed: ECS deployment circuit breaker: tasks failed to start. (0 tasks failed); ECS did not roll back; stopped tasks: Essential container in task exited (application: CannotPullContainerError: pull access denied)"
    );
}

#[tokio::test]
async fn a_wait_that_times_out_fails_the_change_with_the_stopped_tasks_reasons() {
    let create = mock!(aws_sdk_ecs::Client::create_service).then_output(|| {
        CreateServiceOutput::builder()
            .service(service(1, 0, t::DeploymentRolloutState::InProgress))
            .build()
    });
    let describe = mock!(aws_sdk_ecs::Client::describe_services)
        .then_output(|| described(service(1, 0, t::DeploymentRolloutState::InProgress)));
    let (list, tasks) = stopped_task_rules();
    let c = clients(mock_client!(
        aws_sdk_ecs,
        RuleMode::MatchAny,
        [&create, &describe, &list, &tasks]
    ));
    let (desired, change) = catalog_create();
    let live = LiveState::default();
    let x = AwsExecutor::new(
        &c,
        &desired,
        &live,
        options(true, Duration::from_millis(20)),
        &ecsform_apply::Silent,
    );
    let err = x.execute(&change).await.unwrap_err();
    assert_eq!(
        (err.call.as_str(), err.code.as_str()),
        ("ecsform:wait", "Timeout")
    );
    assert!(
        err.message
            .starts_with("steady state not reached within 0 s"),
        "{}",
        err.message
    );
    assert!(
        err.message.ends_with("stopped tasks: Essential container in task exited (application: CannotPullContainerError: pull access denied)"),
        "{}",
        err.message
    );
}

#[tokio::test]
async fn no_wait_returns_after_the_create() {
    let create = mock!(aws_sdk_ecs::Client::create_service).then_output(|| {
        CreateServiceOutput::builder()
            .service(service(1, 0, t::DeploymentRolloutState::InProgress))
            .build()
    });
    let describe = mock!(aws_sdk_ecs::Client::describe_services)
        .then_output(|| described(service(1, 0, t::DeploymentRolloutState::InProgress)));
    let c = clients(mock_client!(
        aws_sdk_ecs,
        RuleMode::MatchAny,
        [&create, &describe, &few_revisions(), &own_revision_tags()]
    ));
    let (desired, change) = catalog_create();
    let live = LiveState::default();
    let x = AwsExecutor::new(
        &c,
        &desired,
        &live,
        options(false, Duration::from_secs(30)),
        &ecsform_apply::Silent,
    );
    x.execute(&change).await.unwrap();
    assert_eq!(describe.num_calls(), 0);
}

#[tokio::test]
async fn an_update_of_an_autoscaled_service_leaves_desired_count_to_the_autoscaler() {
    let desired = retail_store();
    let mut live = applied(&desired);
    // ECS Exec was turned off by hand: the update turns it back on.
    let ui = Address::new(Kind::Service, "ui");
    live.resources.get_mut(&ui).unwrap().doc["enableExecuteCommand"] = serde_json::json!(false);
    let p = plan(&desired, &live, &PlanOptions::default()).unwrap();
    let change = p.changes.iter().find(|c| c.address == ui).unwrap().clone();
    let sent: Arc<Mutex<Vec<UpdateServiceInput>>> = Arc::default();
    let log = Arc::clone(&sent);
    let update = mock!(aws_sdk_ecs::Client::update_service).then_compute_output(move |req| {
        log.lock().unwrap().push(req.clone());
        UpdateServiceOutput::builder().build()
    });
    let tag = mock!(aws_sdk_ecs::Client::tag_resource)
        .then_output(|| TagResourceOutput::builder().build());
    let c = clients(mock_client!(
        aws_sdk_ecs,
        RuleMode::MatchAny,
        [&update, &tag, &few_revisions()]
    ));
    let x = AwsExecutor::new(
        &c,
        &desired,
        &live,
        options(false, Duration::from_secs(30)),
        &ecsform_apply::Silent,
    );
    x.execute(&change).await.unwrap();
    let sent = sent.lock().unwrap();
    assert_eq!(sent.len(), 1);
    assert_eq!(
        sent[0].desired_count(),
        None,
        "autoscaling owns desiredCount"
    );
    assert_eq!(sent[0].enable_execute_command(), Some(true));
    assert_eq!(sent[0].service(), Some("ui"));
    // ECS Exec reaches only tasks started after the update, which starts none by itself.
    assert_eq!(sent[0].force_new_deployment(), Some(true));
}

/// The UpdateService requests the executor sends for `ui`'s change of a plan of the
/// retail store against `live`, with `options`.
async fn ui_update_requests(live: &LiveState, options_: &PlanOptions) -> Vec<UpdateServiceInput> {
    let desired = retail_store();
    let ui = Address::new(Kind::Service, "ui");
    let p = plan(&desired, live, options_).unwrap();
    let change = p.changes.iter().find(|c| c.address == ui).unwrap().clone();
    let sent: Arc<Mutex<Vec<UpdateServiceInput>>> = Arc::default();
    let log = Arc::clone(&sent);
    let update = mock!(aws_sdk_ecs::Client::update_service).then_compute_output(move |req| {
        log.lock().unwrap().push(req.clone());
        UpdateServiceOutput::builder().build()
    });
    let tag = mock!(aws_sdk_ecs::Client::tag_resource)
        .then_output(|| TagResourceOutput::builder().build());
    let c = clients(mock_client!(
        aws_sdk_ecs,
        RuleMode::MatchAny,
        [&update, &tag, &few_revisions()]
    ));
    let x = AwsExecutor::new(
        &c,
        &desired,
        live,
        options(false, Duration::from_secs(30)),
        &ecsform_apply::Silent,
    );
    x.execute(&change).await.unwrap();
    let sent = sent.lock().unwrap();
    sent.clone()
}

#[tokio::test]
async fn a_requested_new_deployment_sends_force_new_deployment_alone() {
    let desired = retail_store();
    let live = applied(&desired);
    let sent = ui_update_requests(
        &live,
        &PlanOptions {
            redeploy: ["ui".to_owned()].into(),
            ..PlanOptions::default()
        },
    )
    .await;
    assert_eq!(sent.len(), 1, "one UpdateService though nothing changes");
    assert_eq!(sent[0].force_new_deployment(), Some(true));
}

#[tokio::test]
async fn an_update_that_starts_a_deployment_by_itself_is_not_forced() {
    let desired = retail_store();
    let mut live = applied(&desired);
    // Exec off by hand and the platform version moved: the platform version change
    // starts a deployment (UpdateService: "This parameter triggers a new service
    // deployment"), which brings Exec to every task.
    let doc = &mut live
        .resources
        .get_mut(&Address::new(Kind::Service, "ui"))
        .unwrap()
        .doc;
    doc["enableExecuteCommand"] = serde_json::json!(false);
    doc["platformVersion"] = serde_json::json!("1.3.0");
    let sent = ui_update_requests(&live, &PlanOptions::default()).await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].enable_execute_command(), Some(true));
    assert_eq!(sent[0].force_new_deployment(), None);
}

#[tokio::test]
async fn a_service_update_prunes_revisions_a_stopped_run_left_beyond_the_kept_count() {
    // A run was stopped after registering revisions and before pruning: 7 ACTIVE, the
    // service still on revision 2. Moving the service prunes down to the kept 5, never
    // the one a service runs.
    let arn = |n: u32| {
        format!("arn:aws:ecs:us-east-1:123456789012:task-definition/retail-store-ecs-catalog:{n}")
    };
    let create = mock!(aws_sdk_ecs::Client::create_service).then_output(|| {
        CreateServiceOutput::builder()
            .service(service(1, 1, t::DeploymentRolloutState::Completed))
            .build()
    });
    let list = mock!(aws_sdk_ecs::Client::list_task_definitions).then_output(move || {
        aws_sdk_ecs::operation::list_task_definitions::ListTaskDefinitionsOutput::builder()
            .set_task_definition_arns(Some((1..=7).rev().map(arn).collect()))
            .build()
    });
    let services = mock!(aws_sdk_ecs::Client::list_services).then_output(|| {
        aws_sdk_ecs::operation::list_services::ListServicesOutput::builder()
            .service_arns(
                "arn:aws:ecs:us-east-1:123456789012:service/retail-store-ecs-cluster/catalog",
            )
            .build()
    });
    let describe = mock!(aws_sdk_ecs::Client::describe_services).then_output(move || {
        described(
            t::Service::builder()
                .status("ACTIVE")
                .task_definition(arn(2))
                .build(),
        )
    });
    let gone: Arc<Mutex<Vec<String>>> = Arc::default();
    let log = Arc::clone(&gone);
    let deregister = mock!(aws_sdk_ecs::Client::deregister_task_definition).then_compute_output(
        move |req| {
            log.lock()
                .unwrap()
                .push(req.task_definition().unwrap_or_default().to_owned());
            aws_sdk_ecs::operation::deregister_task_definition::DeregisterTaskDefinitionOutput::builder().build()
        },
    );
    let c = clients(mock_client!(
        aws_sdk_ecs,
        RuleMode::MatchAny,
        [
            &create,
            &list,
            &services,
            &describe,
            &deregister,
            &own_revision_tags()
        ]
    ));
    let (desired, change) = catalog_create();
    let live = LiveState::default();
    let x = AwsExecutor::new(
        &c,
        &desired,
        &live,
        options(false, Duration::from_secs(30)),
        &ecsform_apply::Silent,
    );
    x.execute(&change).await.unwrap();
    assert_eq!(*gone.lock().unwrap(), [arn(1)]);
}

/// A service whose one deployment `id` is PRIMARY with `rollout`, every task running,
/// and the circuit breaker on with rollback.
fn service_with(id: &str, rollout: t::DeploymentRolloutState, task_definition: &str) -> t::Service {
    t::Service::builder()
        .service_name("catalog")
        .service_arn(SVC_ARN)
        .status("ACTIVE")
        .desired_count(1)
        .running_count(1)
        .deployment_configuration(
            t::DeploymentConfiguration::builder()
                .deployment_circuit_breaker(
                    t::DeploymentCircuitBreaker::builder()
                        .enable(true)
                        .rollback(true)
                        .build(),
                )
                .build(),
        )
        .events(
            t::ServiceEvent::builder()
                .message("(service catalog) rolling back to deployment ecs-svc/1.")
                .build(),
        )
        .events(
            t::ServiceEvent::builder()
                .message("(service catalog) (deployment ecs-svc/2) deployment failed: tasks failed to start.")
                .build(),
        )
        .deployments(
            t::Deployment::builder()
                .id(id)
                .status("PRIMARY")
                .rollout_state(rollout)
                .task_definition(task_definition)
                .desired_count(1)
                .running_count(1)
                .build(),
        )
        .build()
}

#[tokio::test]
async fn a_deployment_the_circuit_breaker_rolled_back_fails_the_change() {
    // CreateService answers deployment ecs-svc/2; by the first poll ECS has rolled it back
    // to a new deployment of the last completed one, steady: the service looks stable,
    // but not on what this apply deployed.
    let create = mock!(aws_sdk_ecs::Client::create_service).then_output(|| {
        CreateServiceOutput::builder()
            .service(service_with(
                "ecs-svc/2",
                t::DeploymentRolloutState::InProgress,
                "catalog:2",
            ))
            .build()
    });
    let describe = mock!(aws_sdk_ecs::Client::describe_services).then_output(|| {
        described(service_with(
            "ecs-svc/3",
            t::DeploymentRolloutState::Completed,
            "catalog:1",
        ))
    });
    let (list, tasks) = stopped_task_rules();
    let c = clients(mock_client!(
        aws_sdk_ecs,
        RuleMode::MatchAny,
        [&create, &describe, &list, &tasks]
    ));
    let (desired, change) = catalog_create();
    let live = LiveState::default();
    let x = AwsExecutor::new(
        &c,
        &desired,
        &live,
        options(true, Duration::from_secs(30)),
        &ecsform_apply::Silent,
    );
    let err = x.execute(&change).await.unwrap_err();
    assert_eq!(err.code, "DeploymentFailed");
    assert_eq!(
        err.message,
        "deployment ecs-svc/2 is gone ((service catalog) (deployment ecs-svc/2) deployment failed: tasks failed to start.): ECS rolled back to the last completed deployment: ecs-svc/3 runs task definition catalog:1; stopped tasks: Essential container in task exited (application: CannotPullContainerError: pull access denied)"
    );
}

/// Records what the waits report.
#[derive(Default)]
struct Reports(Mutex<Vec<String>>);

impl Progress for Reports {
    fn waiting_on(&self, address: &Address, what: &str, detail: &str, _elapsed: Duration) {
        self.0
            .lock()
            .unwrap()
            .push(format!("{address}: {what}: {detail}"));
    }
}

#[tokio::test]
async fn a_wait_reports_running_pending_desired_and_the_latest_event() {
    let pending = |running: i32| {
        let mut s = service_with(
            "ecs-svc/2",
            t::DeploymentRolloutState::InProgress,
            "catalog:2",
        );
        s.running_count = running;
        if let Some(d) = s.deployments.as_mut().and_then(|d| d.first_mut()) {
            d.running_count = running;
            d.pending_count = 1 - running;
            d.failed_tasks = 1;
        }
        s.events = Some(vec![
            t::ServiceEvent::builder()
                .message("(service catalog) has started 1 tasks: (task abc).")
                .build(),
        ]);
        s
    };
    let create = mock!(aws_sdk_ecs::Client::create_service)
        .then_output(move || CreateServiceOutput::builder().service(pending(0)).build());
    let polls = Arc::new(Mutex::new(0));
    let seen = Arc::clone(&polls);
    let describe = mock!(aws_sdk_ecs::Client::describe_services).then_compute_output(move |_| {
        let mut n = seen.lock().unwrap();
        *n += 1;
        described(pending(i32::from(*n > 1)))
    });
    let c = clients(mock_client!(
        aws_sdk_ecs,
        RuleMode::MatchAny,
        [&create, &describe, &few_revisions(), &own_revision_tags()]
    ));
    let (desired, change) = catalog_create();
    let live = LiveState::default();
    let reports = Reports::default();
    let x = AwsExecutor::new(
        &c,
        &desired,
        &live,
        options(true, Duration::from_secs(30)),
        &reports,
    );
    x.execute(&change).await.unwrap();
    assert_eq!(
        *reports.0.lock().unwrap(),
        [
            "service.catalog: steady state: 0/1 running, 1 pending, 1 failed (deployment ecs-svc/2 IN_PROGRESS); (service catalog) has started 1 tasks: (task abc)."
        ]
    );
}
