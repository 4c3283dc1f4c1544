//! The executor of a cluster (ecs).

#[allow(clippy::wildcard_imports)]
use super::*;

/// The cluster: CreateCluster; UpdateCluster (settings, configuration, Service Connect
/// defaults; an empty namespace removes the default, as AWS documents) and
/// PutClusterCapacityProviders for what changed; DeleteCluster once its services are gone.
pub(crate) async fn cluster(
    x: &AwsExecutor<'_>,
    change: &Change,
    op: Op,
) -> Result<(), ActionError> {
    match op {
        Op::Create => {
            let c: spec::Cluster = x.spec(change)?;
            let out = create_cluster_request(
                &x.clients.ecs,
                &c,
                ecs_tags(x.owned_tags(change, c.tags.as_deref())),
            )
            .map_err(|e| x.invalid_request(change, "ecs:CreateCluster", &e))?
            .send()
            .await
            .map_err(|e| x.sdk_error(change, "ecs:CreateCluster", &e))?;
            if let Some(arn) = out.cluster().and_then(|c| c.cluster_arn()) {
                x.record_arn(&change.address, arn);
            }
            Ok(())
        }
        Op::Update => {
            let c: spec::Cluster = x.spec(change)?;
            if ["settings", "configuration", "serviceConnectDefaults"]
                .iter()
                .any(|f| field_changed(change, f))
            {
                let defaults = match &c.service_connect_defaults {
                    Some(d) => Some(d.namespace.clone()),
                    None if field_changed(change, "serviceConnectDefaults") => Some(String::new()),
                    None => None,
                };
                // UpdateCluster keeps a setting it is not given: the settings sent are the
                // normalized desired ones, so that a setting the file dropped goes back to
                // its default (containerInsights `disabled`).
                let settings: Option<Vec<spec::ClusterSetting>> = change
                    .after
                    .as_ref()
                    .and_then(|a| a.get("settings"))
                    .and_then(|s| serde_json::from_value(s.clone()).ok())
                    .or_else(|| c.settings.clone());
                x.clients
                    .ecs
                    .update_cluster()
                    .cluster(&c.cluster_name)
                    .set_settings(
                        to_sdk_option(&settings)
                            .map_err(|e| x.invalid_request(change, "ecs:UpdateCluster", &e))?,
                    )
                    .set_configuration(
                        to_sdk_option(&c.configuration)
                            .map_err(|e| x.invalid_request(change, "ecs:UpdateCluster", &e))?,
                    )
                    .set_service_connect_defaults(
                        defaults
                            .map(|n| {
                                sdk::ClusterServiceConnectDefaultsRequest::builder()
                                    .namespace(n)
                                    .build()
                            })
                            .transpose()
                            .map_err(|e| x.invalid_request(change, "ecs:UpdateCluster", &e))?,
                    )
                    .send()
                    .await
                    .map_err(|e| x.sdk_error(change, "ecs:UpdateCluster", &e))?;
            }
            if field_changed(change, "capacityProviders")
                || field_changed(change, "defaultCapacityProviderStrategy")
            {
                let strategy = c
                    .default_capacity_provider_strategy
                    .iter()
                    .flatten()
                    .map(ToSdk::to_sdk)
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|e| {
                        x.invalid_request(change, "ecs:PutClusterCapacityProviders", &e)
                    })?;
                x.clients
                    .ecs
                    .put_cluster_capacity_providers()
                    .cluster(&c.cluster_name)
                    .set_capacity_providers(Some(c.capacity_providers.clone().unwrap_or_default()))
                    .set_default_capacity_provider_strategy(Some(strategy))
                    .send()
                    .await
                    .map_err(|e| x.sdk_error(change, "ecs:PutClusterCapacityProviders", &e))?;
            }
            let arn = x.arn(change, &change.address)?;
            retag(x, change, &arn, c.tags.as_deref()).await
        }
        Op::Delete => {
            refuse_with_other_services(x, change).await?;
            x.clients
                .ecs
                .delete_cluster()
                .cluster(&change.address.name)
                .send()
                .await
                .map_err(|e| x.sdk_error(change, "ecs:DeleteCluster", &e))?;
            x.forget_arn(&change.address);
            Ok(())
        }
    }
}

/// Before a cluster is deleted: the services still on it that are not this stack's
/// (another stack's on a cluster this one owns, or one made by hand) keep it. AWS
/// refuses to delete a cluster that contains services (DeleteCluster's
/// ClusterContainsServicesException: "You can't delete a cluster that contains services.
/// First, update the service to reduce its desired task count to 0, and then delete the
/// service.", botocore's ecs 2014-11-13 service-2.json); this says whose they are,
/// before the call. The stack's own services, deleted by this apply (they go first),
/// may still be listed while they drain.
pub(super) async fn refuse_with_other_services(
    x: &AwsExecutor<'_>,
    change: &Change,
) -> Result<(), ActionError> {
    let Some(arns) = crate::read::list_service_arns(x.clients, &change.address.name)
        .await
        .map_err(|e| x.fail(change, e.call, &e.code, &e.message))?
    else {
        return Ok(());
    };
    let own: BTreeSet<&str> = x
        .live
        .resources
        .values()
        .filter(|r| r.address.kind == Kind::Service)
        .map(|r| r.arn.as_str())
        .collect();
    let others: Vec<String> = arns
        .into_iter()
        .filter(|arn| !own.contains(arn.as_str()))
        .collect();
    // ListServices may still list services deleted a while ago (INACTIVE, as
    // DescribeServices keeps returning them for a time): only those that run count.
    let mut running = Vec::new();
    for chunk in others.chunks(10) {
        let out = x
            .clients
            .ecs
            .describe_services()
            .cluster(&change.address.name)
            .set_services(Some(chunk.to_vec()))
            .send()
            .await
            .map_err(|e| x.sdk_error(change, "ecs:DescribeServices", &e))?;
        running.extend(
            out.services()
                .iter()
                .filter(|s| s.status() != Some("INACTIVE"))
                .filter_map(|s| s.service_name().map(str::to_owned)),
        );
    }
    let others = running;
    if others.is_empty() {
        return Ok(());
    }
    Err(x.fail(
        change,
        "ecs:DeleteCluster",
        "ClusterContainsServicesException",
        &format!(
            "the cluster is kept: it still runs {} that {} not this stack's ({}); AWS refuses to delete a cluster that contains services. Let the stacks that run services on it declare it `lifecycle: {{managed: false}}`, and give it to one stack (or leave it out of this one's file) once they are gone",
            if others.len() == 1 { "a service" } else { "services" },
            if others.len() == 1 { "is" } else { "are" },
            others.join(", ")
        ),
    ))
}
