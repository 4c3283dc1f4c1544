//! The executor of a namespace (cloudmap).

#[allow(clippy::wildcard_imports)]
use super::*;

/// A Cloud Map namespace (`HTTP`, `DNS_PRIVATE` or `DNS_PUBLIC`).
///
/// - Create: CreateHttpNamespace, CreatePrivateDnsNamespace (with the VPC) or
///   CreatePublicDnsNamespace, by type, with the description, the SOA TTL of a DNS
///   namespace and the ownership tags. The `CreatorRequestId` is derived from the stack,
///   the name and the desired document's hash, so that a create retried after a failure
///   or an interruption is recognised by AWS: `DuplicateRequest` (the first request's
///   operation is still running) is waited for, and `NamespaceAlreadyExists` carrying this
///   same `CreatorRequestId` is the namespace that request created. The operation is
///   awaited (GetOperation), its `NAMESPACE` target read with GetNamespace, and the ARN
///   recorded.
/// - Update: Update{Http,PrivateDns,PublicDns}Namespace when the description or the SOA
///   TTL changed (awaited: AWS updates asynchronously; an HTTP namespace's update must
///   carry a description, `""` when the file has none), then TagResource with the
///   ownership tags and UntagResource for the tags the file dropped.
/// - Delete: first the Cloud Map services that ECS Service Connect created in the
///   namespace and left behind (tagged `AmazonECSManaged=true`) and that hold no instance
///   (ListServices by `NAMESPACE_ID`, ListTagsForResource, ListInstances, DeleteService),
///   since AWS refuses to delete a namespace that still has services; then DeleteNamespace,
///   awaited. A namespace already gone (`NamespaceNotFound`) is deleted.
pub(crate) async fn namespace(
    x: &AwsExecutor<'_>,
    change: &Change,
    op: Op,
) -> Result<(), ActionError> {
    match op {
        Op::Create => create(x, change).await,
        Op::Update => update(x, change).await,
        Op::Delete => delete(x, change).await,
    }
}

/// The namespace ID in a namespace ARN (`arn:aws:servicediscovery:...:namespace/ns-xxxx`).
pub(super) fn namespace_id(arn: &str) -> &str {
    arn.rsplit('/').next().unwrap_or(arn)
}

/// The `CreatorRequestId` of a namespace's create: the same for the same stack, name and
/// desired document (at most 64 characters, as AWS allows).
pub(super) fn creator_request_id(x: &AwsExecutor<'_>, change: &Change) -> String {
    let key = json!([x.stack, change.address.name, change.desired_hash]);
    format!("ecsform-{}", ecsform_model::doc_hash(&key))
}

/// The ownership tags as Cloud Map takes them.
pub(super) fn owned_tags(
    x: &AwsExecutor<'_>,
    change: &Change,
    call: &str,
    file: Option<&[spec::Tag]>,
) -> Result<Vec<sd::Tag>, ActionError> {
    x.owned_tags(change, file)
        .into_iter()
        .map(|(key, value)| sd::Tag::builder().key(key).value(value).build())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| x.invalid_request(change, call, &e))
}

pub(super) fn http_conflict(e: &CreateHttpNamespaceError) -> Conflict<'_> {
    match e {
        CreateHttpNamespaceError::NamespaceAlreadyExists(c) => Conflict::Exists(c),
        CreateHttpNamespaceError::DuplicateRequest(d) => Conflict::Duplicate(d),
        _ => Conflict::Other,
    }
}

pub(super) fn private_conflict(e: &CreatePrivateDnsNamespaceError) -> Conflict<'_> {
    match e {
        CreatePrivateDnsNamespaceError::NamespaceAlreadyExists(c) => Conflict::Exists(c),
        CreatePrivateDnsNamespaceError::DuplicateRequest(d) => Conflict::Duplicate(d),
        _ => Conflict::Other,
    }
}

pub(super) fn public_conflict(e: &CreatePublicDnsNamespaceError) -> Conflict<'_> {
    match e {
        CreatePublicDnsNamespaceError::NamespaceAlreadyExists(c) => Conflict::Exists(c),
        CreatePublicDnsNamespaceError::DuplicateRequest(d) => Conflict::Duplicate(d),
        _ => Conflict::Other,
    }
}

/// The outcome of a Create*Namespace call: its operation, the namespace or operation of
/// an earlier request with the same `CreatorRequestId`, or the error.
pub(super) fn started<E>(
    x: &AwsExecutor<'_>,
    change: &Change,
    call: &'static str,
    request_id: &str,
    result: Result<Option<String>, SdkError<E, HttpResponse>>,
    conflict: fn(&E) -> Conflict<'_>,
) -> Result<Started, ActionError>
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    match result {
        Ok(Some(operation)) => Ok(Started::Operation(operation)),
        Ok(None) => Err(x.fail(
            change,
            call,
            "MissingOperationId",
            "AWS returned no operation ID",
        )),
        Err(e) => {
            match e.as_service_error().map(conflict) {
                Some(Conflict::Exists(c)) if c.creator_request_id() == Some(request_id) => {
                    if let Some(id) = c.namespace_id() {
                        return Ok(Started::Namespace(id.to_owned()));
                    }
                }
                Some(Conflict::Duplicate(d)) => {
                    if let Some(operation) = d.duplicate_operation_id() {
                        return Ok(Started::Operation(operation.to_owned()));
                    }
                }
                _ => {}
            }
            Err(x.sdk_error(change, call, &e))
        }
    }
}

pub(super) async fn create(x: &AwsExecutor<'_>, change: &Change) -> Result<(), ActionError> {
    let ns: spec::Namespace = x.spec(change)?;
    let request_id = creator_request_id(x, change);
    let sd_client = &x.clients.sd;
    let (call, started) = match ns.namespace_type {
        spec::NamespaceType::Http => {
            let tags = owned_tags(x, change, CREATE_HTTP, ns.tags.as_deref())?;
            let result = sd_client
                .create_http_namespace()
                .name(&ns.name)
                .creator_request_id(&request_id)
                .set_description(ns.description.clone())
                .set_tags(Some(tags))
                .send()
                .await
                .map(|o| o.operation_id);
            let s = started(x, change, CREATE_HTTP, &request_id, result, http_conflict)?;
            (CREATE_HTTP, s)
        }
        spec::NamespaceType::DnsPrivate => {
            let tags = owned_tags(x, change, CREATE_PRIVATE, ns.tags.as_deref())?;
            let Some(vpc) = ns.vpc.as_deref() else {
                return Err(x.fail(
                    change,
                    CREATE_PRIVATE,
                    "InvalidDocument",
                    "a DNS_PRIVATE namespace needs its `vpc`",
                ));
            };
            let properties = ns
                .properties
                .as_ref()
                .map(ToSdk::to_sdk)
                .transpose()
                .map_err(|e| x.invalid_request(change, CREATE_PRIVATE, &e))?;
            let result = sd_client
                .create_private_dns_namespace()
                .name(&ns.name)
                .creator_request_id(&request_id)
                .vpc(vpc)
                .set_description(ns.description.clone())
                .set_properties(properties)
                .set_tags(Some(tags))
                .send()
                .await
                .map(|o| o.operation_id);
            let s = started(
                x,
                change,
                CREATE_PRIVATE,
                &request_id,
                result,
                private_conflict,
            )?;
            (CREATE_PRIVATE, s)
        }
        spec::NamespaceType::DnsPublic => {
            let tags = owned_tags(x, change, CREATE_PUBLIC, ns.tags.as_deref())?;
            let properties = ns
                .properties
                .as_ref()
                .map(ToSdk::to_sdk)
                .transpose()
                .map_err(|e| x.invalid_request(change, CREATE_PUBLIC, &e))?;
            let result = sd_client
                .create_public_dns_namespace()
                .name(&ns.name)
                .creator_request_id(&request_id)
                .set_description(ns.description.clone())
                .set_properties(properties)
                .set_tags(Some(tags))
                .send()
                .await
                .map(|o| o.operation_id);
            let s = started(
                x,
                change,
                CREATE_PUBLIC,
                &request_id,
                result,
                public_conflict,
            )?;
            (CREATE_PUBLIC, s)
        }
    };
    let id = match started {
        Started::Namespace(id) => id,
        Started::Operation(operation) => {
            let done = await_operation(x, change, call, &operation).await?;
            done.targets()
                .and_then(|t| t.get(&sd::OperationTargetType::Namespace))
                .cloned()
                .ok_or_else(|| {
                    x.fail(
                        change,
                        GET_OPERATION,
                        "MissingNamespace",
                        &format!("operation {operation} succeeded without naming its namespace"),
                    )
                })?
        }
    };
    let out = sd_client
        .get_namespace()
        .id(&id)
        .send()
        .await
        .map_err(|e| x.sdk_error(change, GET_NAMESPACE, &e))?;
    let arn = out.namespace().and_then(|n| n.arn()).ok_or_else(|| {
        x.fail(
            change,
            GET_NAMESPACE,
            "MissingArn",
            &format!("namespace {id} has no ARN"),
        )
    })?;
    x.record_arn(&change.address, arn);
    Ok(())
}

/// Polls GetOperation until the operation ends: `SUCCESS` returns it, `FAIL` is the
/// change's error with the operation's `ErrorCode` and `ErrorMessage`, under the call
/// that started it (`SUBMITTED` and `PENDING` poll again).
pub(super) async fn await_operation(
    x: &AwsExecutor<'_>,
    change: &Change,
    call: &'static str,
    operation: &str,
) -> Result<sd::Operation, ActionError> {
    x.wait_for(
        change,
        &format!("Cloud Map operation {operation}"),
        move || async move {
            let out = x
                .clients
                .sd
                .get_operation()
                .operation_id(operation)
                .send()
                .await
                .map_err(|e| x.sdk_error(change, GET_OPERATION, &e))?;
            let Some(op) = out.operation() else {
                return Ok(None);
            };
            match op.status() {
                Some(sd::OperationStatus::Success) => Ok(Some(op.clone())),
                Some(sd::OperationStatus::Fail) => Err(x.fail(
                    change,
                    call,
                    op.error_code().unwrap_or("OperationFailed"),
                    op.error_message()
                        .unwrap_or("the Cloud Map operation failed without a message"),
                )),
                _ => Ok(None),
            }
        },
    )
    .await
}

pub(super) async fn update(x: &AwsExecutor<'_>, change: &Change) -> Result<(), ActionError> {
    let ns: spec::Namespace = x.spec(change)?;
    let arn = x.arn(change, &change.address)?;
    let id = namespace_id(&arn);
    let description = field_changed(change, "description");
    let properties = field_changed(change, "properties");
    if description || properties {
        let sd_client = &x.clients.sd;
        let text = ns.description.clone().unwrap_or_default();
        let soa = ns
            .properties
            .as_ref()
            .filter(|_| properties)
            .map(|p| {
                sd::SoaChange::builder()
                    .ttl(p.dns_properties.soa.ttl)
                    .build()
            })
            .transpose();
        let (call, operation) = match ns.namespace_type {
            spec::NamespaceType::Http => {
                let body = sd::HttpNamespaceChange::builder()
                    .description(text)
                    .build()
                    .map_err(|e| x.invalid_request(change, UPDATE_HTTP, &e))?;
                let out = sd_client
                    .update_http_namespace()
                    .id(id)
                    .namespace(body)
                    .send()
                    .await
                    .map_err(|e| x.sdk_error(change, UPDATE_HTTP, &e))?;
                (UPDATE_HTTP, out.operation_id)
            }
            spec::NamespaceType::DnsPrivate => {
                let soa = soa.map_err(|e| x.invalid_request(change, UPDATE_PRIVATE, &e))?;
                let body = sd::PrivateDnsNamespaceChange::builder()
                    .set_description(description.then_some(text))
                    .set_properties(soa.map(|soa| {
                        sd::PrivateDnsNamespacePropertiesChange::builder()
                            .dns_properties(
                                sd::PrivateDnsPropertiesMutableChange::builder()
                                    .soa(soa)
                                    .build(),
                            )
                            .build()
                    }))
                    .build();
                let out = sd_client
                    .update_private_dns_namespace()
                    .id(id)
                    .namespace(body)
                    .send()
                    .await
                    .map_err(|e| x.sdk_error(change, UPDATE_PRIVATE, &e))?;
                (UPDATE_PRIVATE, out.operation_id)
            }
            spec::NamespaceType::DnsPublic => {
                let soa = soa.map_err(|e| x.invalid_request(change, UPDATE_PUBLIC, &e))?;
                let body = sd::PublicDnsNamespaceChange::builder()
                    .set_description(description.then_some(text))
                    .set_properties(soa.map(|soa| {
                        sd::PublicDnsNamespacePropertiesChange::builder()
                            .dns_properties(
                                sd::PublicDnsPropertiesMutableChange::builder()
                                    .soa(soa)
                                    .build(),
                            )
                            .build()
                    }))
                    .build();
                let out = sd_client
                    .update_public_dns_namespace()
                    .id(id)
                    .namespace(body)
                    .send()
                    .await
                    .map_err(|e| x.sdk_error(change, UPDATE_PUBLIC, &e))?;
                (UPDATE_PUBLIC, out.operation_id)
            }
        };
        if let Some(operation) = operation {
            await_operation(x, change, call, &operation).await?;
        }
    }
    retag(x, change, &arn, ns.tags.as_deref()).await
}

/// Writes the ownership tags (file tags, `ecsform:stack`, `ecsform:hash`) on the namespace
/// and removes the tags the file dropped.
pub(super) async fn retag(
    x: &AwsExecutor<'_>,
    change: &Change,
    arn: &str,
    file: Option<&[spec::Tag]>,
) -> Result<(), ActionError> {
    let tags = owned_tags(x, change, TAG, file)?;
    let tag = x
        .clients
        .sd
        .tag_resource()
        .resource_arn(arn)
        .set_tags(Some(tags))
        .send();
    let untag = |keys| {
        x.clients
            .sd
            .untag_resource()
            .resource_arn(arn)
            .set_tag_keys(Some(keys))
            .send()
    };
    x.retag_with(change, (TAG, tag), (UNTAG, untag)).await
}

pub(super) async fn delete(x: &AwsExecutor<'_>, change: &Change) -> Result<(), ActionError> {
    let arn = match change.live_arn.clone() {
        Some(arn) => arn,
        None => x.arn(change, &change.address)?,
    };
    let id = namespace_id(&arn);
    let kept = remove_left_services(x, change, id).await?;
    let operation = match x.clients.sd.delete_namespace().id(id).send().await {
        Ok(out) => out.operation_id,
        Err(e)
            if has_code(
                &e,
                DeleteNamespaceError::is_namespace_not_found,
                "NamespaceNotFound",
            ) =>
        {
            None
        }
        Err(e) => {
            if let Some(DeleteNamespaceError::DuplicateRequest(d)) = e.as_service_error()
                && let Some(operation) = d.duplicate_operation_id()
            {
                // An earlier delete of this namespace is still running: wait for it.
                Some(operation.to_owned())
            } else if has_code(
                &e,
                DeleteNamespaceError::is_resource_in_use,
                "ResourceInUse",
            ) && !kept.is_empty()
            {
                let base = x.sdk_error(change, DELETE_NAMESPACE, &e);
                return Err(ActionError {
                    message: format!(
                        "{}; Cloud Map services left in it: {}",
                        base.message,
                        kept.join(", ")
                    ),
                    ..base
                });
            } else {
                return Err(x.sdk_error(change, DELETE_NAMESPACE, &e));
            }
        }
    };
    if let Some(operation) = operation {
        await_operation(x, change, DELETE_NAMESPACE, &operation).await?;
    }
    x.forget_arn(&change.address);
    Ok(())
}

/// Deletes the Cloud Map services of a namespace that ECS created for Service Connect
/// (tag `AmazonECSManaged=true`) and that no instance uses any more: ECS leaves them
/// behind when it deletes an ECS service. Returns the services left, each with why, for
/// the error DeleteNamespace then gives (ResourceInUse).
pub(super) async fn remove_left_services(
    x: &AwsExecutor<'_>,
    change: &Change,
    namespace_id: &str,
) -> Result<Vec<String>, ActionError> {
    let filter = sd::ServiceFilter::builder()
        .name(sd::ServiceFilterName::NamespaceId)
        .values(namespace_id)
        .condition(sd::FilterCondition::Eq)
        .build()
        .map_err(|e| x.invalid_request(change, LIST_SERVICES, &e))?;
    let pages: Vec<ListServicesOutput> = x
        .clients
        .sd
        .list_services()
        .filters(filter)
        .into_paginator()
        .send()
        .try_collect()
        .await
        .map_err(|e| x.sdk_error(change, LIST_SERVICES, &e))?;
    let mut kept = Vec::new();
    for s in pages.iter().flat_map(ListServicesOutput::services) {
        let (Some(id), Some(arn)) = (s.id(), s.arn()) else {
            continue;
        };
        let name = s.name().unwrap_or(id);
        let tags = x
            .clients
            .sd
            .list_tags_for_resource()
            .resource_arn(arn)
            .send()
            .await
            .map_err(|e| x.sdk_error(change, LIST_TAGS, &e))?;
        let by_ecs = tags
            .tags()
            .iter()
            .any(|t| t.key() == ECS_MANAGED_TAG && t.value().eq_ignore_ascii_case("true"));
        if !by_ecs {
            kept.push(format!("{name} (not created by ECS)"));
            continue;
        }
        let instances = x
            .clients
            .sd
            .list_instances()
            .service_id(id)
            .max_results(1)
            .send()
            .await
            .map_err(|e| x.sdk_error(change, LIST_INSTANCES, &e))?;
        if !instances.instances().is_empty() {
            kept.push(format!("{name} (has registered instances)"));
            continue;
        }
        match x.clients.sd.delete_service().id(id).send().await {
            Ok(_) => {}
            Err(e)
                if has_code(
                    &e,
                    DeleteServiceError::is_service_not_found,
                    "ServiceNotFound",
                ) => {}
            Err(e) if has_code(&e, DeleteServiceError::is_resource_in_use, "ResourceInUse") => {
                kept.push(format!("{name} (in use)"));
            }
            Err(e) => return Err(x.sdk_error(change, DELETE_SERVICE, &e)),
        }
    }
    Ok(kept)
}
