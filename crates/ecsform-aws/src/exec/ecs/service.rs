//! The executor of a service (ecs).

#[allow(clippy::wildcard_imports)]
use super::*;

/// A service: CreateService or UpdateService (UpdateService is skipped when only tags
/// change), then the ownership tags, then (unless `--no-wait`) a wait for steady state.
/// `desiredCount` is left to autoscaling on updates of an autoscaled service. A delete
/// deregisters the scalable target, scales to 0, deletes, waits for INACTIVE and removes
/// the Cloud Map services Service Connect made for it.
pub(crate) async fn service(
    x: &AwsExecutor<'_>,
    change: &Change,
    op: Op,
) -> Result<(), ActionError> {
    if op == Op::Delete {
        return delete_service(x, change).await;
    }
    let mut svc: spec::Service = x.spec(change)?;
    // The file's deployment controller (a change of it replaces the service, so on an
    // update it is also the live one's).
    let controller = svc
        .deployment_controller
        .as_ref()
        .and_then(|c| serde_json::to_value(c.controller_type).ok())
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_else(|| "ECS".to_owned());
    let resolve = |name: &str| x.known_arn(&Address::new(Kind::TargetGroup, name));
    let refs = ServiceRefs {
        task_definition: task_definition_ref(x, change, &svc.task_definition),
        target_group_arn: &resolve,
    };
    for lb in svc.load_balancers.iter().flatten() {
        if let Some(tg) = &lb.target_group {
            x.target_group_arn(change, tg)?;
        }
    }
    let tags = x.owned_tags(change, svc.tags.as_deref());
    // The deployment this apply started (the PRIMARY one of the answer), which the wait
    // follows.
    let mut deployment = None;
    if op == Op::Create {
        use aws_smithy_types::error::metadata::ProvideErrorMetadata;
        let sent = create_service_request(
            &x.clients.ecs,
            &x.cluster,
            &svc,
            &refs,
            ecs_tags(tags.clone()),
        )
        .map_err(|e| x.invalid_request(change, "ecs:CreateService", &e))?
        .client_token(x.client_token(change))
        .send()
        .await;
        let created = match sent {
            Ok(out) => out.service,
            // "Creation of service was not idempotent": the service exists (ECS API
            // reference, CreateService, clientToken). An earlier run of this stack that
            // was stopped after its CreateService reached AWS made it, and DescribeServices
            // did not show it yet when this run read (ECS's eventual consistency); when it
            // carries this stack's tags and the same content hash, it is this create.
            Err(e)
                if e.as_service_error()
                    .and_then(ProvideErrorMetadata::message)
                    .is_some_and(|m| m.contains("not idempotent")) =>
            {
                match identical_service(x, change, &svc.service_name, &tags).await? {
                    Some(s) => Some(s),
                    None => return Err(x.sdk_error(change, "ecs:CreateService", &e)),
                }
            }
            Err(e) => return Err(x.sdk_error(change, "ecs:CreateService", &e)),
        };
        if let Some(arn) = created.as_ref().and_then(|s| s.service_arn()) {
            x.record_arn(&change.address, arn);
        }
        deployment = created.as_ref().and_then(primary_deployment_id);
    } else {
        let only_tags = change
            .changes
            .iter()
            .all(|c| c.path == "tags" || c.path.starts_with("tags."));
        // UpdateService keeps the deployment configuration members it is not given: the
        // one sent has AWS's defaults where the file leaves a member out (the defaults
        // table's), so that a member the file dropped goes back to its default.
        let filled: spec::Service = x.spec_with_defaults(change)?;
        svc.deployment_configuration = filled.deployment_configuration;
        // The same for the Fargate platform version: `LATEST` unless the file says.
        if svc.platform_version.is_none() {
            svc.platform_version = filled.platform_version;
        }
        // Under CODE_DEPLOY or EXTERNAL, UpdateService takes a few fields only; the rest
        // is refused here, before any call, rather than by AWS.
        let refused = ecsform_plan::refused_by_controller(&controller, &change.changes);
        if !refused.is_empty()
            && let Some(allowed) = ecsform_model::updatable_under_controller(&controller)
        {
            let how = if controller == "CODE_DEPLOY" {
                "a CodeDeploy deployment (CodeDeploy's CreateDeployment)"
            } else {
                "a new task set (CreateTaskSet)"
            };
            return Err(x.fail(
                change,
                "ecs:UpdateService",
                "UnsupportedByDeploymentController",
                &format!(
                    "the service uses the {controller} deployment controller, under which UpdateService cannot change {}: that takes {how}, which ecsform does not make. It can change {}",
                    refused.join(", "),
                    allowed.join(", ")
                ),
            ));
        }
        // A new deployment the plan asks for (`--force-new-deployment`, or a setting only
        // new tasks get: see `ecsform_plan::NewDeployment`) takes an UpdateService even
        // when nothing else but tags changes.
        let redeploy = change.new_deployment.is_some();
        if !only_tags || change.changes.is_empty() && !change.adopt || redeploy {
            let autoscaled = x.in_file(&Address::new(Kind::ScalableTarget, &change.address.name));
            let had = |field: &str| live_has(x, &change.address, field);
            let desired_count = if autoscaled { None } else { svc.desired_count };
            if controller != "ECS" {
                let out = update_service_limited(
                    &x.clients.ecs,
                    &x.cluster,
                    &svc,
                    desired_count,
                    controller == "CODE_DEPLOY",
                    &had,
                )
                .map_err(|e| x.invalid_request(change, "ecs:UpdateService", &e))?
                .send()
                .await
                .map_err(|e| x.sdk_error(change, "ecs:UpdateService", &e))?;
                deployment = out.service().and_then(primary_deployment_id);
            } else {
                // "When switching from launch type to capacity provider strategy on an
                // existing service, or making a change to a capacity provider strategy on a
                // service that is already using one, you must force a new deployment"
                // (UpdateService's InvalidParameterException otherwise).
                let strategy_changed = field_changed(change, "capacityProviderStrategy");
                if strategy_changed
                    && svc.launch_type.is_none()
                    && svc.capacity_provider_strategy.is_none()
                {
                    // The file leaves the strategy to the cluster, whose default changed
                    // since the service was created: AWS keeps the service on the strategy
                    // it was created with unless it is given the new one.
                    svc.capacity_provider_strategy = cluster_default_strategy(x);
                }
                let out = update_service_request(
                    &x.clients.ecs,
                    &x.cluster,
                    &svc,
                    &refs,
                    desired_count,
                    &had,
                )
                .map_err(|e| x.invalid_request(change, "ecs:UpdateService", &e))?
                .set_force_new_deployment((strategy_changed || redeploy).then_some(true))
                .send()
                .await
                .map_err(|e| x.sdk_error(change, "ecs:UpdateService", &e))?;
                deployment = out.service().and_then(primary_deployment_id);
            }
        }
        let arn = x.arn(change, &change.address)?;
        retag(x, change, &arn, svc.tags.as_deref()).await?;
    }
    // An EXTERNAL service runs the task sets its own controller makes: nothing to wait
    // for here.
    if x.options.wait && controller != "EXTERNAL" {
        wait_steady(x, change, &svc.service_name, deployment.as_deref()).await?;
    }
    // Service Connect disabled, or a discovery name changed: ECS leaves the Cloud Map
    // service it created for the old name in the namespace; it goes once empty.
    if op == Op::Update && field_changed(change, "serviceConnectConfiguration") {
        let desired = x
            .desired_doc(&change.address)
            .cloned()
            .unwrap_or(Value::Null);
        let kept: Vec<&str> = crate::read::service_connect_names(&desired).collect();
        remove_service_connect_services(x, change, &kept).await?;
    }
    // A revision registered by a run that was stopped before it pruned the family (the
    // registration done, the service not yet moved) is pruned here, when this run moves
    // the service; a family this run registered was pruned already.
    let family = task_definition_family(&svc.task_definition);
    if !svc.task_definition.starts_with("arn:")
        && x.in_file(&Address::new(Kind::TaskDefinition, family))
    {
        prune_revisions(x, change, family).await?;
    }
    Ok(())
}

/// The task definition a service request names: a family of the stack becomes the
/// revision the plan pinned (the family's live revision, or the identical one the
/// service runs) or the one this apply registered (see `service_revision`); a revision
/// or an ARN goes as written.
pub(super) fn task_definition_ref(x: &AwsExecutor<'_>, change: &Change, reference: &str) -> String {
    if reference.starts_with("arn:") || task_definition_revision(reference).is_some() {
        return reference.to_owned();
    }
    let family = task_definition_family(reference);
    x.service_revision(change, family)
        .unwrap_or_else(|| reference.to_owned())
}

/// The file's default capacity provider strategy of the stack's cluster (`None` when
/// the file sets none, or the stack's cluster is not in the file).
pub(super) fn cluster_default_strategy(
    x: &AwsExecutor<'_>,
) -> Option<Vec<spec::CapacityProviderStrategyItem>> {
    x.cluster_doc()
        .and_then(|c| c.get("defaultCapacityProviderStrategy"))
        .and_then(|s| serde_json::from_value(s.clone()).ok())
        .filter(|s: &Vec<spec::CapacityProviderStrategyItem>| !s.is_empty())
}

/// Whether the live service sets a top-level field (a non-empty value).
pub(super) fn live_has(x: &AwsExecutor<'_>, address: &Address, field: &str) -> bool {
    match x.live_doc(address).and_then(|d| d.get(field)) {
        None | Some(Value::Null) => false,
        Some(Value::Array(a)) => !a.is_empty(),
        Some(Value::Object(o)) => !o.is_empty(),
        Some(_) => true,
    }
}

/// The service of the cluster named `name`, as DescribeServices returns it (`None`: not
/// found).
/// The live service `name` when it is ACTIVE and carries this stack's `ecsform:stack`
/// and the same `ecsform:hash` as `tags` (the ones this create sends): made by an earlier
/// run from the same content.
async fn identical_service(
    x: &AwsExecutor<'_>,
    change: &Change,
    name: &str,
    tags: &[(String, String)],
) -> Result<Option<sdk::Service>, ActionError> {
    let Some(s) = describe_service_with(x, change, name, Some(sdk::ServiceField::Tags)).await?
    else {
        return Ok(None);
    };
    let ours = |k: &str| {
        tags.iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    };
    let live = |k: &str| {
        s.tags()
            .iter()
            .find(|t| t.key() == Some(k))
            .and_then(|t| t.value())
    };
    let same = s.status() == Some("ACTIVE")
        && ["ecsform:stack", "ecsform:hash"]
            .iter()
            .all(|k| ours(k).is_some() && ours(k) == live(k));
    Ok(same.then_some(s))
}

pub(super) async fn describe_service(
    x: &AwsExecutor<'_>,
    change: &Change,
    name: &str,
) -> Result<Option<sdk::Service>, ActionError> {
    describe_service_with(x, change, name, None).await
}

/// DescribeServices of one service of the cluster, with `include` (its tags); `None`
/// when AWS does not know it.
async fn describe_service_with(
    x: &AwsExecutor<'_>,
    change: &Change,
    name: &str,
    include: Option<sdk::ServiceField>,
) -> Result<Option<sdk::Service>, ActionError> {
    let out = x
        .clients
        .ecs
        .describe_services()
        .cluster(&x.cluster)
        .services(name)
        .set_include(include.map(|i| vec![i]))
        .send()
        .await
        .map_err(|e| x.sdk_error(change, "ecs:DescribeServices", &e))?;
    Ok(out.services.and_then(|s| s.into_iter().next()))
}

/// How [`regroup_service`] changes a service's load balancers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Regroup {
    /// An entry on the new group beside each entry on an old one (same container and
    /// port): the new deployment's tasks are registered in both ("Registering multiple
    /// target groups with an Amazon ECS service", ECS developer guide). Always waits for
    /// steady state: the replacement moves traffic only to registered, healthy tasks.
    AddBeside,
    /// The entries on old groups go (the new group's stay, one of each). Waits for steady
    /// state unless `--no-wait`.
    Move,
}

/// Moves a service's load balancer entries from the groups `from` to the group `to`
/// (UpdateService `loadBalancers`, which starts a new deployment), as [`Regroup`] says;
/// nothing when the service already is where it should be, or is gone. Part of a target
/// group replacement (`elb::replace_target_group`): each call checks the live service
/// first, so that a replacement resumed by the next apply repeats nothing.
pub(crate) async fn regroup_service(
    x: &AwsExecutor<'_>,
    change: &Change,
    service: &str,
    from: &[String],
    to: &str,
    how: Regroup,
) -> Result<(), ActionError> {
    let Some(live) = describe_service(x, change, service).await? else {
        return Ok(());
    };
    let now = live.load_balancers();
    let on = |lb: &sdk::LoadBalancer, groups: &[String]| {
        lb.target_group_arn()
            .is_some_and(|g| groups.iter().any(|f| f == g))
    };
    let mut next: Vec<sdk::LoadBalancer> = Vec::new();
    let mut push = |lb: sdk::LoadBalancer| {
        if !next.contains(&lb) {
            next.push(lb);
        }
    };
    for lb in now {
        let mut moved = lb.clone();
        moved.target_group_arn = Some(to.to_owned());
        match how {
            Regroup::AddBeside => {
                push(lb.clone());
                if on(lb, from) {
                    push(moved);
                }
            }
            Regroup::Move if on(lb, from) => push(moved),
            Regroup::Move => push(lb.clone()),
        }
    }
    if next.as_slice() == now {
        return Ok(());
    }
    let out = x
        .clients
        .ecs
        .update_service()
        .cluster(&x.cluster)
        .service(service)
        .set_load_balancers(Some(next))
        .send()
        .await
        .map_err(|e| x.sdk_error(change, "ecs:UpdateService", &e))?;
    if how == Regroup::AddBeside || x.options.wait {
        let deployment = out.service().and_then(primary_deployment_id);
        wait_steady(x, change, service, deployment.as_deref()).await?;
    }
    Ok(())
}

/// The id of a service's PRIMARY deployment (the newest one, ECS API reference,
/// Deployment `status`).
pub(super) fn primary_deployment_id(s: &sdk::Service) -> Option<String> {
    s.deployments()
        .iter()
        .find(|d| d.status() == Some("PRIMARY"))
        .and_then(|d| d.id().map(str::to_owned))
}

/// The failed-task count at which the deployment circuit breaker fails a deployment:
/// "The deployment circuit breaker has a minimum threshold of 3 and a maximum threshold
/// of 200. and uses the values in the following formula to determine the deployment
/// failure. 0.5 * desired task count" (rounded up; ECS API reference,
/// ServiceDeploymentCircuitBreaker `threshold`; developer guide, "How the Amazon ECS
/// deployment circuit breaker detects failures").
pub(super) fn circuit_breaker_threshold(desired: i32) -> i32 {
    ((desired + 1) / 2).clamp(3, 200)
}

/// What a poll of a deployment found, for progress and for the message of a timeout,
/// the counts first (a terminal's line shows what fits): `0/2 running, 2 pending, 3
/// failed (deployment ecs-svc/1 IN_PROGRESS); <the latest service event>`.
pub(super) fn deployment_status(s: &sdk::Service, d: Option<&sdk::Deployment>) -> String {
    let (running, pending, desired, failed) = match d {
        Some(d) => (
            d.running_count(),
            d.pending_count(),
            d.desired_count(),
            d.failed_tasks(),
        ),
        None => (s.running_count(), s.pending_count(), s.desired_count(), 0),
    };
    let mut text = format!("{running}/{desired} running, {pending} pending");
    if failed > 0 {
        text.push_str(&format!(", {failed} failed"));
    }
    if let Some(id) = d.and_then(|d| d.id()) {
        let state = d
            .and_then(|d| d.rollout_state())
            .map_or(String::new(), |r| format!(" {}", r.as_str()));
        text.push_str(&format!(" (deployment {id}{state})"));
    }
    // Events are listed newest first (ECS API reference, Service `events`: "The event
    // stream for your service. A maximum of 100 of the latest events are displayed").
    if let Some(event) = s.events().first().and_then(|e| e.message()) {
        text.push_str("; ");
        text.push_str(event);
    }
    text
}

/// Waits until the service is stable as `aws ecs wait services-stable` defines it: one
/// deployment, running count equal to desired count, telling progress the deployment's
/// running, pending and desired tasks and the latest service event. The deployment this
/// apply started (`deployment`, when ECS answered one) is followed: it fails the change
/// when its rollout FAILED (the circuit breaker), when ECS replaced it by a rollback to
/// the last completed deployment (the circuit breaker's rollback), and when, with the
/// circuit breaker off, as many of its tasks failed as would have tripped it and none
/// runs (ECS keeps starting tasks; the change does not wait for the timeout). The
/// failures and a timeout name the stopped tasks' reasons.
pub(super) async fn wait_steady(
    x: &AwsExecutor<'_>,
    change: &Change,
    service: &str,
    deployment: Option<&str>,
) -> Result<(), ActionError> {
    use crate::exec::Waited;
    let result = x
        .wait_until(change, "steady state", || async {
            let Some(s) = describe_service(x, change, service).await? else {
                return Err(x.fail(
                    change,
                    "ecs:DescribeServices",
                    "ServiceNotFoundException",
                    "the service disappeared while waiting for it",
                ));
            };
            let primary = s
                .deployments()
                .iter()
                .find(|d| d.status() == Some("PRIMARY"));
            // The deployment followed: this apply's, else the PRIMARY one.
            let mut ours = match deployment {
                Some(id) => s.deployments().iter().find(|d| d.id() == Some(id)),
                None => primary,
            };
            // This apply's deployment gone without a word of failure in the service's
            // events: another UpdateService (another apply, a person) replaced it, and
            // ECS now moves the service to that one. This apply's change was made; wait
            // for the service's steady state, as for any deployment. A failed one is
            // named in the events ("(service NAME) (deployment ID) deployment failed:
            // ...", "rolling back to deployment ID", developer guide, "Amazon ECS
            // service event messages").
            if ours.is_none()
                && let Some(id) = deployment
                && !s.events().iter().filter_map(|e| e.message()).any(|m| {
                    m.contains(&format!("(deployment {id}) deployment failed"))
                        || m.contains("rolling back")
                })
            {
                ours = primary;
            }
            let breaker = s
                .deployment_configuration()
                .and_then(|c| c.deployment_circuit_breaker());
            let rollback = breaker.is_some_and(|b| b.rollback());
            // Another PRIMARY deployment than this apply's: the circuit breaker rolled it
            // back ("the service is rolled back to the last deployment that completed
            // successfully", ECS API reference, DeploymentCircuitBreaker `rollback`), or
            // another UpdateService replaced it.
            let replaced_by = primary.filter(|p| deployment.is_some() && p.id() != deployment);
            let rolled_back = |id: &str| match replaced_by {
                Some(p) if rollback => format!(
                    "ECS rolled back to the last completed deployment: {} runs task definition {}",
                    p.id().unwrap_or("?"),
                    p.task_definition().unwrap_or("?")
                ),
                Some(p) => format!(
                    "deployment {} replaced {id} (another UpdateService)",
                    p.id().unwrap_or("?")
                ),
                None if breaker.is_some_and(|b| b.enable()) && !rollback => {
                    "ECS did not roll back (the circuit breaker's rollback is off)".to_owned()
                }
                // "The rollback method requires a previous deployment in COMPLETED state"
                // (developer guide, "Amazon ECS deployment failure detection").
                None if rollback => "ECS rolls back to the last completed deployment, if there is one (a new service has none)".to_owned(),
                None => "ECS did not roll back".to_owned(),
            };
            let id = deployment.unwrap_or("");
            if ours.and_then(|d| d.rollout_state()) == Some(&sdk::DeploymentRolloutState::Failed)
            {
                let d = ours;
                let reason = d
                    .and_then(|d| d.rollout_state_reason())
                    .unwrap_or("rollout failed");
                let failed = d.map_or(0, |d| d.failed_tasks());
                let name = d
                    .and_then(|d| d.id())
                    .map_or_else(|| "the PRIMARY deployment".to_owned(), |i| format!("deployment {i}"));
                return Err(x.fail(
                    change,
                    "ecs:wait services-stable",
                    "DeploymentFailed",
                    &format!(
                        "{name} failed: {reason} ({failed} tasks failed); {}",
                        rolled_back(id)
                    ),
                ));
            }
            if ours.is_none() && replaced_by.is_some() {
                // What the service's events said of it last ("(service NAME) (deployment
                // ID) deployment failed: tasks failed to start.").
                let said = s
                    .events()
                    .iter()
                    .filter_map(|e| e.message())
                    .find(|m| m.contains(&format!("(deployment {id})")))
                    .map_or_else(String::new, |m| format!(" ({m})"));
                return Err(x.fail(
                    change,
                    "ecs:wait services-stable",
                    "DeploymentFailed",
                    &format!("deployment {id} is gone{said}: {}", rolled_back(id)),
                ));
            }
            if let Some(d) = ours
                && !breaker.is_some_and(|b| b.enable())
                && d.running_count() == 0
                && d.failed_tasks() >= circuit_breaker_threshold(d.desired_count())
            {
                return Err(x.fail(
                    change,
                    "ecs:wait services-stable",
                    "DeploymentFailed",
                    &format!(
                        "deployment {} is failing: {} tasks failed and none runs (the deployment circuit breaker, off for this service, would have failed it at {}); ECS keeps starting tasks, the service is left as it is",
                        d.id().unwrap_or("?"),
                        d.failed_tasks(),
                        circuit_breaker_threshold(d.desired_count())
                    ),
                ));
            }
            // A CODE_DEPLOY service has no deployments, only task sets: it is steady when
            // its tasks run and its PRIMARY task set (if listed) is steady (the SDK's
            // services-stable waiter looks for one deployment, and never ends for it).
            let stable = if s.deployment_controller().map(|c| c.r#type())
                == Some(&sdk::DeploymentControllerType::CodeDeploy)
            {
                s.running_count() == s.desired_count()
                    && s.task_sets()
                        .iter()
                        .filter(|t| t.status() == Some("PRIMARY"))
                        .all(|t| t.stability_status() == Some(&sdk::StabilityStatus::SteadyState))
            } else {
                s.deployments().len() == 1 && s.running_count() == s.desired_count()
            };
            if stable {
                return Ok(Waited::Done(()));
            }
            Ok(Waited::Not(Some(deployment_status(&s, ours))))
        })
        .await;
    match result {
        Ok(()) => Ok(()),
        Err(mut e) if e.code == "Timeout" || e.code == "DeploymentFailed" => {
            if e.code == "Timeout" {
                e.message
                    .push_str("; ECS carries on with the deployment, the service is left as it is");
            }
            let reasons = stopped_reasons(x, service, deployment).await;
            if !reasons.is_empty() {
                e.message = format!("{}; stopped tasks: {}", e.message, reasons.join("; "));
            }
            Err(e)
        }
        Err(e) => Err(e),
    }
}

/// Why the service's recent tasks stopped (task and container reasons, deduplicated);
/// empty when that cannot be read.
pub(super) async fn stopped_reasons(
    x: &AwsExecutor<'_>,
    service: &str,
    deployment: Option<&str>,
) -> Vec<String> {
    let Ok(list) = x
        .clients
        .ecs
        .list_tasks()
        .cluster(&x.cluster)
        .service_name(service)
        .desired_status(sdk::DesiredStatus::Stopped)
        .max_results(10)
        .send()
        .await
    else {
        return Vec::new();
    };
    if list.task_arns().is_empty() {
        return Vec::new();
    }
    let Ok(tasks) = x
        .clients
        .ecs
        .describe_tasks()
        .cluster(&x.cluster)
        .set_tasks(Some(list.task_arns().to_vec()))
        .send()
        .await
    else {
        return Vec::new();
    };
    // The tasks of the deployment followed (a service's tasks are `startedBy` the id of
    // the deployment that started them, ECS API reference, Task `startedBy`: "If the
    // task is started by an Amazon ECS service, the startedBy parameter contains the
    // deployment ID of the service that starts it"): an earlier deployment's failures
    // are not this one's. Without a
    // deployment id, the service's latest.
    let chosen: Vec<&sdk::Task> = tasks
        .tasks()
        .iter()
        .filter(|t| deployment.is_none() || t.started_by() == deployment)
        .collect();
    let mut out: Vec<String> = Vec::new();
    for t in chosen {
        let mut reason = t.stopped_reason().unwrap_or("stopped").to_owned();
        for c in t.containers() {
            let name = c.name().unwrap_or("container");
            match (c.reason(), c.exit_code()) {
                // The task's reason repeated by its container says nothing more.
                (Some(r), _) if Some(r) == t.stopped_reason() => {}
                (Some(r), _) => reason.push_str(&format!(" ({name}: {r})")),
                (None, Some(code)) => reason.push_str(&format!(" ({name}: exit code {code})")),
                (None, None) => {}
            }
        }
        if !out.contains(&reason) {
            out.push(reason);
        }
    }
    out
}

pub(super) async fn delete_service(
    x: &AwsExecutor<'_>,
    change: &Change,
) -> Result<(), ActionError> {
    let name = change.address.name.clone();
    // Application Auto Scaling would scale the service back up: its target goes first
    // (already gone when the plan deleted it: not found is fine).
    let resource_id = format!("service/{}/{}", x.cluster, name);
    let result = x
        .clients
        .aas
        .deregister_scalable_target()
        .service_namespace(aws_sdk_applicationautoscaling::types::ServiceNamespace::Ecs)
        .resource_id(&resource_id)
        .scalable_dimension(
            aws_sdk_applicationautoscaling::types::ScalableDimension::EcsServiceDesiredCount,
        )
        .send()
        .await;
    x.deleted(
        change,
        "application-autoscaling:DeregisterScalableTarget",
        result,
        &["ObjectNotFoundException"],
    )?;
    let scale = x
        .clients
        .ecs
        .update_service()
        .cluster(&x.cluster)
        .service(&name)
        .desired_count(0)
        .send()
        .await;
    match scale {
        Ok(_) => {}
        Err(e)
            if matches!(
                e.code(),
                Some("ServiceNotActiveException" | "ServiceNotFoundException")
            ) =>
        {
            x.forget_arn(&change.address);
            return Ok(());
        }
        Err(e) => return Err(x.sdk_error(change, "ecs:UpdateService", &e)),
    }
    x.clients
        .ecs
        .delete_service()
        .cluster(&x.cluster)
        .service(&name)
        .send()
        .await
        .map_err(|e| x.sdk_error(change, "ecs:DeleteService", &e))?;
    if x.options.wait {
        x.wait_for(change, "INACTIVE", || async {
            let gone = describe_service(x, change, &name)
                .await?
                .is_none_or(|s| matches!(s.status(), Some("INACTIVE")));
            Ok(gone.then_some(()))
        })
        .await?;
    }
    x.forget_arn(&change.address);
    remove_service_connect_services(x, change, &[]).await
}

/// The Cloud Map services that Service Connect created for a deleted service, or that
/// an updated service no longer uses (named by the discovery names of its live
/// configuration in its namespace, except those in `keep`): deleted when no instance is
/// left in them. One still in use (instances, or ResourceInUse) is left, as AWS
/// requires; the next plan finds it (a `cloud_map_service` left over).
pub(super) async fn remove_service_connect_services(
    x: &AwsExecutor<'_>,
    change: &Change,
    keep: &[&str],
) -> Result<(), ActionError> {
    let Some(live) = x.live_doc(&change.address) else {
        return Ok(());
    };
    let Some(sc) = live.get("serviceConnectConfiguration") else {
        return Ok(());
    };
    if sc.get("enabled") != Some(&Value::Bool(true)) {
        return Ok(());
    }
    let namespace = sc
        .get("namespace")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let namespace_arn = match namespace {
        Some(n) if n.starts_with("arn:") => Some(n),
        Some(n) => x.known_arn(&Address::new(Kind::Namespace, &n)),
        None => None,
    };
    let Some(ns_id) = namespace_arn
        .as_deref()
        .and_then(|a| a.rsplit('/').next())
        .map(str::to_owned)
    else {
        return Ok(());
    };
    let names: Vec<String> = crate::read::service_connect_names(live)
        .filter(|n| !keep.contains(n))
        .map(str::to_owned)
        .collect();
    if names.is_empty() {
        return Ok(());
    }
    use aws_sdk_servicediscovery::types::{FilterCondition, ServiceFilter, ServiceFilterName};
    let filter = ServiceFilter::builder()
        .name(ServiceFilterName::NamespaceId)
        .values(ns_id)
        .condition(FilterCondition::Eq)
        .build()
        .map_err(|e| {
            x.fail(
                change,
                "servicediscovery:ListServices",
                "InvalidRequest",
                &e.to_string(),
            )
        })?;
    let listed = x
        .clients
        .sd
        .list_services()
        .filters(filter)
        .send()
        .await
        .map_err(|e| x.sdk_error(change, "servicediscovery:ListServices", &e))?;
    for s in listed.services() {
        let (Some(id), Some(name)) = (s.id(), s.name()) else {
            continue;
        };
        if !names.iter().any(|n| n == name) {
            continue;
        }
        let instances = x
            .clients
            .sd
            .list_instances()
            .service_id(id)
            .send()
            .await
            .map_err(|e| x.sdk_error(change, "servicediscovery:ListInstances", &e))?;
        if !instances.instances().is_empty() {
            continue;
        }
        match x.clients.sd.delete_service().id(id).send().await {
            Ok(_) => {}
            Err(e) if matches!(e.code(), Some("ResourceInUse" | "ServiceNotFound")) => {}
            Err(e) => return Err(x.sdk_error(change, "servicediscovery:DeleteService", &e)),
        }
    }
    Ok(())
}
