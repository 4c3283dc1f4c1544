//! The executor of a scheduled action (autoscaling).

#[allow(clippy::wildcard_imports)]
use super::*;

/// A scheduled action (`scheduled_action.<service>/<scheduledActionName>`).
///
/// - Create and Update: PutScheduledAction with the schedule, time zone, start and end
///   times and the capacities to set. AWS's update semantics: start and end times not
///   given are removed, other parameters not given are kept. So an update sends `UTC`
///   (AWS's default) when the file dropped its time zone, and a capacity bound the file
///   dropped is removed by deleting the action first (DeleteScheduledAction) and putting
///   it again.
/// - Delete: DeleteScheduledAction; `ObjectNotFoundException` means it is gone already.
pub(crate) async fn scheduled_action(
    x: &AwsExecutor<'_>,
    change: &Change,
    op: Op,
) -> Result<(), ActionError> {
    let (service, name) = service_and_name(change);
    let id = resource_id(x, service);
    match op {
        Op::Create | Op::Update => {
            let a: spec::ScheduledAction = x.spec(change)?;
            let time = |field: &str, value: Option<&str>| {
                value
                    .map(|s| {
                        convert::parse_time(s).ok_or_else(|| {
                            x.fail(
                                change,
                                PUT_ACTION,
                                "InvalidDocument",
                                &format!(
                                    "{field} `{s}` is not an ISO 8601 date and time (2026-01-02T03:04:05Z)"
                                ),
                            )
                        })
                    })
                    .transpose()
            };
            let start = time("startTime", a.start_time.as_deref())?;
            let end = time("endTime", a.end_time.as_deref())?;
            let mut timezone = a.timezone.clone();
            if op == Op::Update {
                if timezone.is_none() && field_changed(change, "timezone") {
                    timezone = Some("UTC".to_owned());
                }
                if capacity_dropped(change) {
                    delete_scheduled_action(x, change, &a.scheduled_action_name, &id).await?;
                }
            }
            a.to_request(x.clients.aas.put_scheduled_action())
                .map_err(|e| x.invalid_request(change, PUT_ACTION, &e))?
                .service_namespace(ServiceNamespace::Ecs)
                .resource_id(&id)
                .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
                .set_timezone(timezone)
                .set_start_time(start)
                .set_end_time(end)
                .send()
                .await
                .map_err(|e| x.sdk_error(change, PUT_ACTION, &e))?;
            record_child_hash(x, change, service, x.applied_hash(change)).await
        }
        Op::Delete => {
            delete_scheduled_action(x, change, name, &id).await?;
            x.forget_arn(&change.address);
            record_child_hash(x, change, service, None).await
        }
    }
}

/// Whether the live action sets a capacity bound that the file no longer gives
/// (PutScheduledAction would keep it).
pub(super) fn capacity_dropped(change: &Change) -> bool {
    [
        "/scalableTargetAction/minCapacity",
        "/scalableTargetAction/maxCapacity",
    ]
    .iter()
    .any(|p| {
        let has = |doc: Option<&Value>| doc.and_then(|d| d.pointer(p)).is_some();
        has(change.before.as_ref()) && !has(change.after.as_ref())
    })
}

/// DeleteScheduledAction; `ObjectNotFoundException` means it is gone already.
pub(super) async fn delete_scheduled_action(
    x: &AwsExecutor<'_>,
    change: &Change,
    name: &str,
    id: &str,
) -> Result<(), ActionError> {
    let result = x
        .clients
        .aas
        .delete_scheduled_action()
        .service_namespace(ServiceNamespace::Ecs)
        .scheduled_action_name(name)
        .resource_id(id)
        .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
        .send()
        .await;
    match result {
        Ok(_) => Ok(()),
        Err(e)
            if is_not_found(
                &e,
                DeleteScheduledActionError::is_object_not_found_exception,
            ) =>
        {
            Ok(())
        }
        Err(e) => Err(x.sdk_error(change, DELETE_ACTION, &e)),
    }
}
