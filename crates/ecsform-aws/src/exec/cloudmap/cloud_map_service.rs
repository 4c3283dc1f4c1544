//! The executor of a cloud map service (cloudmap).

#[allow(clippy::wildcard_imports)]
use super::*;

/// A Cloud Map service that ECS created for a Service Connect endpoint of the stack and
/// that no service of the stack uses any more (an interrupted delete of its ECS service,
/// Service Connect disabled, a discovery name changed; found by the reader): only ever
/// deleted. ListInstances first: one that still has instances is in use, and AWS
/// refuses to delete it ("You can't delete a service that has registered instances":
/// DeleteService's ResourceInUse, Cloud Map API reference); then DeleteService (already
/// gone is fine).
pub(crate) async fn leftover_service(
    x: &AwsExecutor<'_>,
    change: &Change,
    op: Op,
) -> Result<(), ActionError> {
    if op != Op::Delete {
        return Err(x.fail(
            change,
            "ecsform:apply",
            "NotInFile",
            "a Cloud Map service of Service Connect is made by ECS, never by a stack file",
        ));
    }
    let arn = match change.live_arn.clone() {
        Some(arn) => arn,
        None => x.arn(change, &change.address)?,
    };
    let id = arn.rsplit('/').next().unwrap_or(&arn).to_owned();
    let instances = x
        .clients
        .sd
        .list_instances()
        .service_id(&id)
        .max_results(1)
        .send()
        .await;
    match instances {
        Ok(out) if !out.instances().is_empty() => {
            return Err(x.fail(
                change,
                DELETE_SERVICE,
                "ResourceInUse",
                "the Cloud Map service has registered instances again: a task still uses it",
            ));
        }
        Ok(_) => {}
        Err(e) if e.code() == Some("ServiceNotFound") => {
            x.forget_arn(&change.address);
            return Ok(());
        }
        Err(e) => return Err(x.sdk_error(change, LIST_INSTANCES, &e)),
    }
    match x.clients.sd.delete_service().id(&id).send().await {
        Ok(_) => {}
        Err(e)
            if has_code(
                &e,
                DeleteServiceError::is_service_not_found,
                "ServiceNotFound",
            ) => {}
        Err(e) => return Err(x.sdk_error(change, DELETE_SERVICE, &e)),
    }
    x.forget_arn(&change.address);
    Ok(())
}
