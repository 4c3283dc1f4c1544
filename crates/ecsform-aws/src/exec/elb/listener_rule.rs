//! The executor of a listener rule (elb).

#[allow(clippy::wildcard_imports)]
use super::*;

/// A listener rule (`<loadBalancer>:<port>/<priority>`). Create: CreateRule on the
/// listener the file names (`<loadBalancer>:<port>`, or an ARN). Update: ModifyRule with
/// the conditions, actions and transforms when more than the tags changed (transforms the
/// file dropped are removed with ResetTransforms), then the tags. Delete: DeleteRule
/// (already gone counts as deleted). A priority change is a new address, so a delete and a
/// create.
pub(crate) async fn listener_rule(
    x: &AwsExecutor<'_>,
    change: &Change,
    op: Op,
) -> Result<(), ActionError> {
    match op {
        Op::Create => create_rule(x, change).await,
        Op::Update => update_rule(x, change).await,
        Op::Delete => {
            if let Some(arn) = arn_to_delete(x, change) {
                let result = x.clients.elb.delete_rule().rule_arn(&arn).send().await;
                x.deleted(
                    change,
                    "elasticloadbalancing:DeleteRule",
                    result,
                    &["RuleNotFound"],
                )?;
            }
            x.forget_arn(&change.address);
            Ok(())
        }
    }
}

/// CreateRule on the listener the file names (`<loadBalancer>:<port>` or an ARN), the
/// actions' target groups resolved to ARNs; records the ARN AWS returns.
pub(super) async fn create_rule(x: &AwsExecutor<'_>, change: &Change) -> Result<(), ActionError> {
    const CALL: &str = "elasticloadbalancing:CreateRule";
    let r: spec::ListenerRule = x.spec(change)?;
    let listener_arn = reference_arn(x, change, Kind::Listener, &r.listener)?;
    let actions = actions_to_sdk(x, change, CALL, &r.actions)?;
    let out = r
        .to_request(x.clients.elb.create_rule())
        .map_err(|e| x.invalid_request(change, CALL, &e))?
        .listener_arn(listener_arn)
        .set_actions(Some(actions))
        .set_tags(Some(elb_tags(x.owned_tags(change, r.tags.as_deref()))))
        .send()
        .await
        .map_err(|e| x.sdk_error(change, CALL, &e))?;
    let arn = out
        .rules()
        .first()
        .and_then(|r| r.rule_arn())
        .map(str::to_owned)
        .ok_or_else(|| x.fail(change, CALL, "MissingArn", "AWS returned no rule ARN"))?;
    x.record_arn(&change.address, arn);
    Ok(())
}

/// ModifyRule with the conditions, actions and transforms (AWS replaces each list it is
/// given; transforms the file dropped go with ResetTransforms, which AWS refuses together
/// with Transforms), then the tags.
pub(super) async fn update_rule(x: &AwsExecutor<'_>, change: &Change) -> Result<(), ActionError> {
    const CALL: &str = "elasticloadbalancing:ModifyRule";
    let r: spec::ListenerRule = x.spec(change)?;
    let arn = own_arn(x, change)?;
    if changed_besides(change, &["tags"]) {
        let actions = actions_to_sdk(x, change, CALL, &r.actions)?;
        let request = x
            .clients
            .elb
            .modify_rule()
            .rule_arn(&arn)
            .set_conditions(Some(
                r.conditions
                    .iter()
                    .filter_map(|c| c.to_sdk().ok())
                    .collect(),
            ))
            .set_actions(Some(actions));
        let request = match &r.transforms {
            Some(t) => {
                request.set_transforms(Some(t.iter().filter_map(|t| t.to_sdk().ok()).collect()))
            }
            None if changed(change, "transforms") => request.reset_transforms(true),
            None => request,
        };
        request
            .send()
            .await
            .map_err(|e| x.sdk_error(change, CALL, &e))?;
    }
    retag(x, change, &arn, r.tags.as_deref()).await
}
