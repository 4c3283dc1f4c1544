//! The executor of a listener (elb).

#[allow(clippy::wildcard_imports)]
use super::*;

/// A listener (`<loadBalancer>:<port>`). Create: CreateListener on the load balancer the
/// file names, the actions' target groups resolved to ARNs, then ModifyListenerAttributes
/// when the file gives attributes. Update: ModifyListener with the whole desired
/// definition when more than tags or attributes changed (ModifyListener keeps what it is
/// not given, so a mutual authentication the file dropped is sent as mode `off` and a
/// dropped ALPN policy as `None`), ModifyListenerAttributes when the attributes changed,
/// then the tags. Delete: DeleteListener (already gone counts as deleted).
pub(crate) async fn listener(
    x: &AwsExecutor<'_>,
    change: &Change,
    op: Op,
) -> Result<(), ActionError> {
    match op {
        Op::Create => create_listener(x, change).await,
        Op::Update => update_listener(x, change).await,
        Op::Delete => {
            if let Some(arn) = arn_to_delete(x, change) {
                let result = x
                    .clients
                    .elb
                    .delete_listener()
                    .listener_arn(&arn)
                    .send()
                    .await;
                x.deleted(
                    change,
                    "elasticloadbalancing:DeleteListener",
                    result,
                    &["ListenerNotFound"],
                )?;
            }
            x.forget_arn(&change.address);
            Ok(())
        }
    }
}

/// CreateListener on the load balancer the file names (a name of the stack or an ARN),
/// the target groups of the default actions resolved to ARNs; records the ARN AWS
/// returns, then sets the file's attributes (CreateListener takes none).
pub(super) async fn create_listener(
    x: &AwsExecutor<'_>,
    change: &Change,
) -> Result<(), ActionError> {
    const CALL: &str = "elasticloadbalancing:CreateListener";
    let l: spec::Listener = x.spec(change)?;
    let lb_arn = reference_arn(x, change, Kind::LoadBalancer, &l.load_balancer)?;
    let actions = actions_to_sdk(x, change, CALL, &l.default_actions)?;
    let out = l
        .to_request(x.clients.elb.create_listener())
        .map_err(|e| x.invalid_request(change, CALL, &e))?
        .load_balancer_arn(lb_arn)
        .set_default_actions(Some(actions))
        .set_tags(Some(elb_tags(x.owned_tags(change, l.tags.as_deref()))))
        .send()
        .await
        .map_err(|e| x.sdk_error(change, CALL, &e))?;
    let arn = out
        .listeners()
        .first()
        .and_then(|l| l.listener_arn())
        .map(str::to_owned)
        .ok_or_else(|| x.fail(change, CALL, "MissingArn", "AWS returned no listener ARN"))?;
    x.record_arn(&change.address, &arn);
    if let Some(attributes) = non_empty(l.attributes.as_deref()) {
        modify_listener_attributes(x, change, &arn, attributes).await?;
    }
    Ok(())
}

/// ModifyListenerAttributes: AWS changes the attributes given and keeps the others.
pub(super) async fn modify_listener_attributes(
    x: &AwsExecutor<'_>,
    change: &Change,
    arn: &str,
    attributes: &[spec::Attribute],
) -> Result<(), ActionError> {
    x.clients
        .elb
        .modify_listener_attributes()
        .listener_arn(arn)
        .set_attributes(Some(conv::attributes_to_sdk(attributes)))
        .send()
        .await
        .map_err(|e| x.sdk_error(change, "elasticloadbalancing:ModifyListenerAttributes", &e))?;
    Ok(())
}

/// ModifyListener with the whole desired definition (AWS keeps what it is not given, so a
/// dropped mutual authentication is sent as mode `off`, a dropped ALPN policy as `None`),
/// the attributes when they changed, then the tags.
pub(super) async fn update_listener(
    x: &AwsExecutor<'_>,
    change: &Change,
) -> Result<(), ActionError> {
    const CALL: &str = "elasticloadbalancing:ModifyListener";
    let l: spec::Listener = x.spec(change)?;
    let arn = own_arn(x, change)?;
    if changed_besides(change, &["tags", "attributes"]) {
        let actions = actions_to_sdk(x, change, CALL, &l.default_actions)?;
        let mutual_authentication = match &l.mutual_authentication {
            Some(m) => m.to_sdk().ok(),
            None if changed(change, "mutualAuthentication") => Some(
                sdk::MutualAuthenticationAttributes::builder()
                    .mode("off")
                    .build(),
            ),
            None => None,
        };
        let alpn_policy = match &l.alpn_policy {
            Some(p) => Some(p.clone()),
            None if changed(change, "alpnPolicy") => Some(vec!["None".to_owned()]),
            None => None,
        };
        x.clients
            .elb
            .modify_listener()
            .listener_arn(&arn)
            .set_protocol(l.protocol.map(Into::into))
            .port(l.port)
            .set_ssl_policy(l.ssl_policy.clone())
            .set_certificates(
                l.certificates
                    .as_ref()
                    .map(|c| c.iter().filter_map(|c| c.to_sdk().ok()).collect()),
            )
            .set_default_actions(Some(actions))
            .set_alpn_policy(alpn_policy)
            .set_mutual_authentication(mutual_authentication)
            .send()
            .await
            .map_err(|e| x.sdk_error(change, CALL, &e))?;
    }
    if changed(change, "attributes")
        && let Some(attributes) = non_empty(l.attributes.as_deref())
    {
        modify_listener_attributes(x, change, &arn, attributes).await?;
    }
    retag(x, change, &arn, l.tags.as_deref()).await
}
