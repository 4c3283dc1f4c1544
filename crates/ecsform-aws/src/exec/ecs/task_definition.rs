//! The executor of a task definition (ecs).

#[allow(clippy::wildcard_imports)]
use super::*;

/// A task definition: a create or a change registers a revision (tagged with the
/// ownership tags) and records its ARN for the services; then revisions beyond the kept
/// count are deregistered, never one a service runs. Adopting an unchanged definition
/// only tags its latest revision. A delete deregisters every ACTIVE revision the stack
/// registered that no service runs (a revision made by hand or by another stack stays).
pub(crate) async fn task_definition(
    x: &AwsExecutor<'_>,
    change: &Change,
    op: Op,
) -> Result<(), ActionError> {
    let family = change.address.name.clone();
    match op {
        Op::Create | Op::Update => {
            let td: spec::TaskDefinition = x.spec(change)?;
            if op == Op::Update && change.changes.is_empty() {
                let arn = x.arn(change, &change.address)?;
                return retag(x, change, &arn, td.tags.as_deref()).await;
            }
            let out = register_task_definition_request(
                &x.clients.ecs,
                &td,
                ecs_tags(x.owned_tags(change, td.tags.as_deref())),
            )
            .map_err(|e| x.invalid_request(change, "ecs:RegisterTaskDefinition", &e))?
            .send()
            .await
            .map_err(|e| x.sdk_error(change, "ecs:RegisterTaskDefinition", &e))?;
            let arn = out
                .task_definition()
                .and_then(|t| t.task_definition_arn())
                .ok_or_else(|| {
                    x.fail(
                        change,
                        "ecs:RegisterTaskDefinition",
                        "NoArn",
                        "AWS returned no task definition ARN",
                    )
                })?
                .to_owned();
            x.record_arn(&change.address, arn);
            prune_revisions(x, change, &family).await
        }
        Op::Delete => {
            let active = active_revisions(x, change, &family).await?;
            let own = own_revisions(x, change, active).await?;
            deregister_unused(x, change, &own).await?;
            x.forget_arn(&change.address);
            Ok(())
        }
    }
}

/// `(family, revision)` of a task definition ARN.
pub(super) fn arn_family_revision(arn: &str) -> Option<(&str, i64)> {
    let tail = arn.rsplit_once(":task-definition/")?.1;
    let (family, rev) = tail.rsplit_once(':')?;
    Some((family, rev.parse().ok()?))
}

/// The ACTIVE revisions of a family, newest first (ListTaskDefinitions matches by
/// prefix: other families are filtered out; sorted here by revision number rather than
/// trusting the order of the pages).
pub(super) async fn active_revisions(
    x: &AwsExecutor<'_>,
    change: &Change,
    family: &str,
) -> Result<Vec<String>, ActionError> {
    let mut out = Vec::new();
    let mut pages = x
        .clients
        .ecs
        .list_task_definitions()
        .family_prefix(family)
        .status(sdk::TaskDefinitionStatus::Active)
        .sort(sdk::SortOrder::Desc)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| x.sdk_error(change, "ecs:ListTaskDefinitions", &e))?;
        out.extend(
            page.task_definition_arns()
                .iter()
                .filter(|a| arn_family_revision(a).is_some_and(|(f, _)| f == family))
                .cloned(),
        );
    }
    out.sort_by_key(|a| std::cmp::Reverse(arn_family_revision(a).map_or(0, |(_, r)| r)));
    Ok(out)
}

/// The revisions among `arns` (in their order) that this stack registered: tagged
/// `ecsform:stack=<stack>`, as every revision ecsform registers is (see `owned_tags`).
/// A revision registered by hand in the family (no tag) or by another stack is not
/// this stack's to deregister. ListTagsForResource takes a task definition ARN ("the
/// supported resources are Amazon ECS tasks, services, task definitions, clusters, and
/// container instances", ECS API reference, ListTagsForResource); up to 8 at once.
pub(super) async fn own_revisions(
    x: &AwsExecutor<'_>,
    change: &Change,
    arns: Vec<String>,
) -> Result<Vec<String>, ActionError> {
    use futures::stream::{self, StreamExt, TryStreamExt};
    let tagged: Vec<Option<String>> = stream::iter(arns)
        .map(|arn| async move {
            let out = x
                .clients
                .ecs
                .list_tags_for_resource()
                .resource_arn(&arn)
                .send()
                .await
                .map_err(|e| x.sdk_error(change, "ecs:ListTagsForResource", &e))?;
            let own = out
                .tags()
                .iter()
                .any(|t| t.key() == Some(STACK_TAG) && t.value() == Some(x.stack.as_str()));
            Ok::<_, ActionError>(own.then_some(arn))
        })
        .buffered(8)
        .try_collect()
        .await?;
    Ok(tagged.into_iter().flatten().collect())
}

/// The task definitions the cluster's services run (their own and their deployments').
pub(super) async fn revisions_in_use(
    x: &AwsExecutor<'_>,
    change: &Change,
) -> Result<BTreeSet<String>, ActionError> {
    let mut arns = Vec::new();
    let mut pages = x
        .clients
        .ecs
        .list_services()
        .cluster(&x.cluster)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        match page {
            Ok(p) => arns.extend(p.service_arns().iter().cloned()),
            Err(e) if e.code() == Some("ClusterNotFoundException") => return Ok(BTreeSet::new()),
            Err(e) => return Err(x.sdk_error(change, "ecs:ListServices", &e)),
        }
    }
    let mut used = BTreeSet::new();
    for chunk in arns.chunks(10) {
        let out = x
            .clients
            .ecs
            .describe_services()
            .cluster(&x.cluster)
            .set_services(Some(chunk.to_vec()))
            .send()
            .await
            .map_err(|e| x.sdk_error(change, "ecs:DescribeServices", &e))?;
        // A deleted service stays visible as INACTIVE for a while; it runs nothing.
        for s in out
            .services()
            .iter()
            .filter(|s| s.status() != Some("INACTIVE"))
        {
            used.extend(s.task_definition().map(str::to_owned));
            used.extend(
                s.deployments()
                    .iter()
                    .filter_map(|d| d.task_definition().map(str::to_owned)),
            );
        }
    }
    Ok(used)
}

/// Deregisters `candidates` that no service of the cluster runs.
/// Deregisters the candidates no service runs; returns whether one was kept because a
/// service runs it.
pub(super) async fn deregister_unused(
    x: &AwsExecutor<'_>,
    change: &Change,
    candidates: &[String],
) -> Result<bool, ActionError> {
    if candidates.is_empty() {
        return Ok(false);
    }
    let used = revisions_in_use(x, change).await?;
    for arn in candidates.iter().filter(|a| !used.contains(*a)) {
        x.clients
            .ecs
            .deregister_task_definition()
            .task_definition(arn)
            .send()
            .await
            .map_err(|e| x.sdk_error(change, "ecs:DeregisterTaskDefinition", &e))?;
    }
    Ok(candidates.iter().any(|a| used.contains(a)))
}

/// Deregisters the family's ACTIVE revisions this stack registered beyond the kept
/// count of them (never one a service runs, never one the stack did not register), once per family and run; again after a service of the family moved when the
/// first prune had to keep one a service still ran (the old revision of the service
/// this run moves: beyond the kept count when lost responses registered duplicates).
pub(super) async fn prune_revisions(
    x: &AwsExecutor<'_>,
    change: &Change,
    family: &str,
) -> Result<(), ActionError> {
    if !x.first_prune(family) && !x.take_deferred_prune(family) {
        return Ok(());
    }
    let active = active_revisions(x, change, family).await?;
    let old: Vec<String> = own_revisions(x, change, active)
        .await?
        .into_iter()
        .skip(x.options.keep_revisions.max(1))
        .collect();
    if deregister_unused(x, change, &old).await? {
        x.defer_prune(family);
    }
    Ok(())
}
