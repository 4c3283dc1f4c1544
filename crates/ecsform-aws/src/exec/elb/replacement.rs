//! The replacement of a target group with no moment where a listener forwards to no
//! healthy target, resumable from wherever an interrupted apply stopped.
//!
//! AWS cannot change a group's port, protocol, protocol version, VPC, target type or IP
//! address type (ModifyTargetGroup takes only health check settings), and a group's name
//! is unique in a region: the new group cannot take the file's name while the old one
//! exists. So the traffic goes through a temporary group, tagged
//! `ecsform:replaces=<name>` ([`ecsform_model::REPLACES_TAG`]), twice:
//!
//! 1. old group → temporary group ([`move_traffic`]); the old group is deleted;
//! 2. the new group is created under the file's name; temporary group → new group; the
//!    temporary group is deleted.
//!
//! Each move, from the groups `from` to the group `to`:
//! 1. every forward to a `from` group gets `to` beside it at weight 0 (ModifyListener /
//!    ModifyRule): `to` is now used by the load balancer, which ECS requires of a
//!    service's target group, and gets no traffic yet;
//! 2. every service on a `from` group gets an entry on `to` beside it (UpdateService): its
//!    new deployment's tasks are registered in both; then steady state, then healthy
//!    targets in `to` (DescribeTargetHealth);
//! 3. the forwards move to `to` (its weight the `from` groups' together);
//! 4. the services drop their `from` entries (UpdateService);
//! 5. the `from` groups are deleted.
//!
//! No step relies on what an earlier step of the same run did: the next apply's reader
//! folds the temporary group into the group it stands for, its plan says the replacement
//! resumes, and every step above checks live state first and does nothing when it is
//! done (a forward that already names `to`, a service already on it), so an apply
//! stopped at any point converges on the next.
//!
//! Where a forward cannot hold two groups (a Network or Gateway Load Balancer's listener:
//! "For Network Load Balancers, you can specify a single target group", ELB API
//! reference, Action `ForwardConfig`), `to` cannot be used by the load balancer before
//! it takes the traffic: the forward moves first, then the services, and the listener has
//! no healthy target until their new tasks are (the book says so).

use aws_sdk_elasticloadbalancingv2::types as sdk;
use ecsform_apply::ActionError;
use ecsform_model::{Kind, REPLACES_TAG, target_group_name as group_name};
use ecsform_plan::{Action, Change};
use ecsform_spec::types as spec;

use super::target_group::{create_group, delete_group, set_group_attributes, update_target_group};
use super::{AwsExecutor, arn_to_delete, ecs, listeners_of};
use crate::clients::AwsError;
use crate::exec::Waited;

/// Replaces the change's target group, or resumes a replacement an earlier apply left
/// unfinished (see the module's documentation).
pub(crate) async fn replace_target_group(
    x: &AwsExecutor<'_>,
    change: &Change,
) -> Result<(), ActionError> {
    let tg: spec::TargetGroup = x.spec(change)?;
    let mut temporaries = x
        .live
        .replacing
        .get(&change.address)
        .cloned()
        .unwrap_or_default();
    let forced =
        matches!(&change.action, Action::Replace { forced_by, .. } if !forced_by.is_empty());
    let current = arn_to_delete(x, change);
    // The services on any of the groups as read before apply: they move with the traffic,
    // both times.
    let mut groups: Vec<&str> = temporaries.iter().map(String::as_str).collect();
    groups.extend(current.as_deref());
    let services = services_on(x, &change.address.name, &groups);
    let final_arn = match current {
        Some(old) if forced => {
            let name = temporary_name(&tg.name, change.desired_hash.as_deref());
            let temp = ensure_temporary_group(x, change, &tg, &name).await?;
            // Temporaries of an earlier file (another hash) go the way of the old group.
            let mut from = vec![old];
            from.extend(temporaries.into_iter().filter(|t| *t != temp));
            move_traffic(x, change, &services, &from, &temp).await?;
            temporaries = vec![temp];
            new_group(x, change, &tg).await?
        }
        // The group of the file's name is the new one: the traffic comes back to it.
        Some(existing) => {
            if !change.changes.is_empty() {
                update_target_group(x, change).await?;
            }
            existing
        }
        None => new_group(x, change, &tg).await?,
    };
    x.record_arn(&change.address, &final_arn);
    move_traffic(x, change, &services, &temporaries, &final_arn).await
}

/// The group under the file's name, with its attributes; its ARN.
async fn new_group(
    x: &AwsExecutor<'_>,
    change: &Change,
    tg: &spec::TargetGroup,
) -> Result<String, ActionError> {
    let arn = create_group(x, change, tg, &tg.name, &[]).await?;
    set_group_attributes(x, change, tg, &arn).await?;
    Ok(arn)
}

/// The temporary group's name: the first 26 characters of the name (without a trailing
/// hyphen, which AWS refuses before another one), `-`, 5 characters of the desired hash;
/// at most 32 characters, as AWS requires.
pub(crate) fn temporary_name(name: &str, desired_hash: Option<&str>) -> String {
    let prefix: String = name.chars().take(26).collect();
    let prefix = prefix.trim_end_matches('-');
    let hash = desired_hash.unwrap_or("0000000000");
    let mut out = format!("{prefix}-{}", hash.chars().take(5).collect::<String>());
    if out == name {
        // The name already ends with that suffix: take the next characters of the hash.
        out = format!(
            "{prefix}-{}",
            hash.chars().skip(5).take(5).collect::<String>()
        );
    }
    out
}

/// The temporary group's ARN: the group of that name if it exists (DescribeTargetGroups
/// by name: an interrupted run made it from the same desired document, since the name
/// carries its hash; the tagging API the reader asks may not list it yet), else a new
/// one with the file's settings and attributes and the tag [`REPLACES_TAG`].
async fn ensure_temporary_group(
    x: &AwsExecutor<'_>,
    change: &Change,
    tg: &spec::TargetGroup,
    name: &str,
) -> Result<String, ActionError> {
    if let Some(arn) = describe(x, change, |d| d.names(name))
        .await?
        .first()
        .and_then(|t| t.target_group_arn())
    {
        return Ok(arn.to_owned());
    }
    let replaces = [(REPLACES_TAG.to_owned(), tg.name.clone())];
    let arn = create_group(x, change, tg, name, &replaces).await?;
    set_group_attributes(x, change, tg, &arn).await?;
    Ok(arn)
}

/// DescribeTargetGroups; none when the group is not found.
async fn describe<F>(
    x: &AwsExecutor<'_>,
    change: &Change,
    with: F,
) -> Result<Vec<sdk::TargetGroup>, ActionError>
where
    F: FnOnce(
        aws_sdk_elasticloadbalancingv2::operation::describe_target_groups::builders::DescribeTargetGroupsFluentBuilder,
    ) -> aws_sdk_elasticloadbalancingv2::operation::describe_target_groups::builders::DescribeTargetGroupsFluentBuilder,
{
    match with(x.clients.elb.describe_target_groups()).send().await {
        Ok(out) => Ok(out.target_groups().to_vec()),
        Err(e)
            if e.as_service_error()
                .is_some_and(|s| s.is_target_group_not_found_exception())
                || AwsError::code_of(&e) == Some("TargetGroupNotFound") =>
        {
            Ok(Vec::new())
        }
        Err(e) => Err(x.sdk_error(change, "elasticloadbalancing:DescribeTargetGroups", &e)),
    }
}

/// Moves the traffic and the services (those on a `from` group; each is described
/// first) of the groups `from` to the group `to`, then deletes `from` (the module's steps 1 to 5). Nothing to do when `from` is empty.
async fn move_traffic(
    x: &AwsExecutor<'_>,
    change: &Change,
    services: &[String],
    from: &[String],
    to: &str,
) -> Result<(), ActionError> {
    if from.is_empty() {
        return Ok(());
    }
    let mut groups: Vec<&str> = from.iter().map(String::as_str).collect();
    groups.push(to);
    let load_balancers = load_balancers_of(x, change, &groups).await?;

    // 1. `to` beside `from` in every forward that can hold both, at weight 0.
    let single = edit_forwards(x, change, &load_balancers, from, to, Edit::AddBeside).await?;
    if single {
        // A forward that takes one group: `to` is used by no load balancer until the
        // forward moves to it, and ECS refuses a service a group no load balancer uses.
        edit_forwards(x, change, &load_balancers, from, to, Edit::Move).await?;
    }
    // 2. The services' tasks registered in `to` as well; then healthy targets there.
    for service in services {
        ecs::regroup_service(x, change, service, from, to, ecs::Regroup::AddBeside).await?;
    }
    if !single {
        // No service to register tasks in `to` (targets registered outside ECS): there
        // is nothing to wait for.
        if !services.is_empty() {
            wait_healthy(x, change, from, to).await?;
        }
        // 3. The traffic to `to`.
        edit_forwards(x, change, &load_balancers, from, to, Edit::Move).await?;
    }
    // 4. The services off `from`.
    for service in services {
        ecs::regroup_service(x, change, service, from, to, ecs::Regroup::Move).await?;
    }
    // 5. `from` goes.
    for arn in from {
        delete_group(x, change, arn).await?;
    }
    Ok(())
}

/// Waits until `to` has a healthy target, or none of `from` has one (nothing to keep:
/// the services have no running task, or none registered by ECS). DescribeTargetHealth
/// states: ELB API reference, TargetHealth `State`.
async fn wait_healthy(
    x: &AwsExecutor<'_>,
    change: &Change,
    from: &[String],
    to: &str,
) -> Result<(), ActionError> {
    let what = format!("healthy targets in the target group {}", group_name(to));
    x.wait_until(change, &what, || async {
        let now = health(x, change, to).await?;
        if now.healthy > 0 {
            return Ok(Waited::Done(()));
        }
        let mut before = 0;
        for arn in from {
            before += health(x, change, arn).await?.healthy;
        }
        if before == 0 {
            return Ok(Waited::Done(()));
        }
        Ok(Waited::Not(Some(format!(
            "{} healthy, {} initial, {} unhealthy in {}; {before} healthy in {}",
            now.healthy,
            now.initial,
            now.unhealthy,
            group_name(to),
            from.iter()
                .map(|f| group_name(f))
                .collect::<Vec<_>>()
                .join(", ")
        ))))
    })
    .await
}

/// Target counts of a group by health state.
#[derive(Debug, Default)]
struct Health {
    healthy: usize,
    initial: usize,
    unhealthy: usize,
}

/// DescribeTargetHealth of a group, counted; nothing for a group that is gone.
async fn health(x: &AwsExecutor<'_>, change: &Change, arn: &str) -> Result<Health, ActionError> {
    let out = match x
        .clients
        .elb
        .describe_target_health()
        .target_group_arn(arn)
        .send()
        .await
    {
        Ok(out) => out,
        Err(e) if AwsError::code_of(&e) == Some("TargetGroupNotFound") => {
            return Ok(Health::default());
        }
        Err(e) => {
            return Err(x.sdk_error(change, "elasticloadbalancing:DescribeTargetHealth", &e));
        }
    };
    let mut h = Health::default();
    for d in out.target_health_descriptions() {
        match d.target_health().and_then(|t| t.state()) {
            Some(sdk::TargetHealthStateEnum::Healthy) => h.healthy += 1,
            Some(sdk::TargetHealthStateEnum::Initial) => h.initial += 1,
            Some(sdk::TargetHealthStateEnum::Unhealthy) => h.unhealthy += 1,
            _ => {}
        }
    }
    Ok(h)
}

/// The load balancers whose listeners may forward to the groups, without duplicates:
/// every load balancer of the stack (the listeners and rules to move are then found in
/// their own DescribeListeners / DescribeRules, whatever the groups say), and those the
/// groups name in `LoadBalancerArns` (a load balancer outside the stack). The group's
/// `LoadBalancerArns` alone is not enough: the test bed leaves it unchanged by
/// ModifyListener / ModifyRule, so a group that got its listener by a move (the final
/// group of an earlier replacement) names no load balancer there, and its listener would
/// never be moved (`tests/local-aws/README.md`). A group that does not exist has none.
async fn load_balancers_of(
    x: &AwsExecutor<'_>,
    change: &Change,
    groups: &[&str],
) -> Result<Vec<String>, ActionError> {
    let mut out: Vec<String> = Vec::new();
    for (address, _) in x.live_of_kind(Kind::LoadBalancer) {
        if let Some(arn) = x.known_arn(address)
            && !out.contains(&arn)
        {
            out.push(arn);
        }
    }
    for arn in groups {
        for tg in describe(x, change, |d| d.target_group_arns(*arn)).await? {
            for lb in tg.load_balancer_arns() {
                if !out.contains(lb) {
                    out.push(lb.clone());
                }
            }
        }
    }
    Ok(out)
}

/// Live services (as read before apply) whose load balancers use one of the groups, by
/// ARN (or by the group's name, where a reader mapped it).
fn services_on(x: &AwsExecutor<'_>, name: &str, groups: &[&str]) -> Vec<String> {
    use serde_json::Value;
    x.live_of_kind(Kind::Service)
        .filter(|(_, doc)| {
            doc.get("loadBalancers")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .any(|lb| {
                    let arn = lb.get("targetGroupArn").and_then(Value::as_str);
                    let by_name = lb.get("targetGroup").and_then(Value::as_str);
                    arn.is_some_and(|a| groups.contains(&a)) || by_name == Some(name)
                })
        })
        .map(|(a, doc)| {
            doc.get("serviceName")
                .and_then(Value::as_str)
                .unwrap_or(&a.name)
                .to_owned()
        })
        .collect()
}

/// What [`edit_forwards`] does to a forward that names a `from` group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Edit {
    /// `to` beside it at weight 0, where the forward can hold several groups.
    AddBeside,
    /// `to` in its place, with the `from` groups' weights together.
    Move,
}

/// Edits every listener default action and rule action of the load balancers that
/// forwards to a `from` group (ModifyListener / ModifyRule with the actions as AWS
/// returned them, edited). For [`Edit::AddBeside`]: whether some forward could not hold a
/// second group (a listener of another protocol than HTTP or HTTPS).
async fn edit_forwards(
    x: &AwsExecutor<'_>,
    change: &Change,
    load_balancers: &[String],
    from: &[String],
    to: &str,
    edit: Edit,
) -> Result<bool, ActionError> {
    let mut single = false;
    for lb in load_balancers {
        for listener in listeners_of(x, change, lb).await? {
            let Some(listener_arn) = listener.listener_arn() else {
                continue;
            };
            // Only an Application Load Balancer's listeners (HTTP, HTTPS) forward to
            // several groups at once.
            let weighted = matches!(
                listener.protocol(),
                Some(sdk::ProtocolEnum::Http | sdk::ProtocolEnum::Https)
            );
            if edit == Edit::AddBeside && !weighted {
                single |= forwards_to(listener.default_actions(), from);
                continue;
            }
            if let Some(actions) = edited(listener.default_actions(), from, to, edit) {
                x.clients
                    .elb
                    .modify_listener()
                    .listener_arn(listener_arn)
                    .set_default_actions(Some(actions))
                    .send()
                    .await
                    .map_err(|e| x.sdk_error(change, "elasticloadbalancing:ModifyListener", &e))?;
            }
            edit_rules(x, change, listener_arn, from, to, edit).await?;
        }
    }
    Ok(single)
}

/// [`edit_forwards`] for a listener's rules (DescribeRules, every page). The default rule
/// is the listener's default actions, which only ModifyListener changes; it is skipped.
async fn edit_rules(
    x: &AwsExecutor<'_>,
    change: &Change,
    listener_arn: &str,
    from: &[String],
    to: &str,
    edit: Edit,
) -> Result<(), ActionError> {
    let rules: Vec<sdk::Rule> = x
        .clients
        .elb
        .describe_rules()
        .listener_arn(listener_arn)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| x.sdk_error(change, "elasticloadbalancing:DescribeRules", &e))?;
    for rule in rules.iter().filter(|r| r.is_default() != Some(true)) {
        let (Some(rule_arn), Some(actions)) =
            (rule.rule_arn(), edited(rule.actions(), from, to, edit))
        else {
            continue;
        };
        x.clients
            .elb
            .modify_rule()
            .rule_arn(rule_arn)
            .set_actions(Some(actions))
            .send()
            .await
            .map_err(|e| x.sdk_error(change, "elasticloadbalancing:ModifyRule", &e))?;
    }
    Ok(())
}

/// Whether one of the actions forwards to a `from` group.
fn forwards_to(actions: &[sdk::Action], from: &[String]) -> bool {
    actions
        .iter()
        .any(|a| !groups_of(a).iter().all(|(g, _)| !from.contains(g)))
}

/// The groups an action forwards to with their weights: its `ForwardConfig` tuples
/// (weight 1 when not given: ELB API reference, TargetGroupTuple), else its
/// `TargetGroupArn` at weight 1.
fn groups_of(a: &sdk::Action) -> Vec<(String, i32)> {
    let tuples: Vec<(String, i32)> = a
        .forward_config()
        .map(sdk::ForwardActionConfig::target_groups)
        .unwrap_or_default()
        .iter()
        .filter_map(|t| Some((t.target_group_arn()?.to_owned(), t.weight().unwrap_or(1))))
        .collect();
    if tuples.is_empty() {
        a.target_group_arn()
            .map(|g| vec![(g.to_owned(), 1)])
            .unwrap_or_default()
    } else {
        tuples
    }
}

/// The actions as AWS returned them, edited (see [`Edit`]); `None` when none changes.
/// A forward of several groups is sent as `ForwardConfig` alone (AWS: "If you specify
/// both ForwardConfig and TargetGroupArn, you can specify only one target group using
/// ForwardConfig and it must be the same target group specified in TargetGroupArn"); a
/// forward left with one group names it in both, as AWS returns a plain forward. AWS
/// never returns an OIDC client secret, so such an action keeps it with
/// `UseExistingClientSecret`, as ModifyListener/ModifyRule document.
fn edited(
    actions: &[sdk::Action],
    from: &[String],
    to: &str,
    edit: Edit,
) -> Option<Vec<sdk::Action>> {
    let mut any = false;
    let out = actions
        .iter()
        .map(|a| {
            let groups = groups_of(a);
            if groups.iter().all(|(g, _)| !from.contains(g)) {
                return a.clone();
            }
            let mut next: Vec<(String, i32)> = Vec::new();
            match edit {
                Edit::AddBeside => {
                    if groups.iter().any(|(g, _)| g == to) {
                        return a.clone();
                    }
                    next = groups;
                    next.push((to.to_owned(), 0));
                }
                Edit::Move => {
                    let moved: i32 = groups
                        .iter()
                        .filter(|(g, _)| from.contains(g) || g == to)
                        .map(|(_, w)| *w)
                        .sum();
                    for (g, w) in groups {
                        if g == to || from.contains(&g) {
                            if !next.iter().any(|(n, _)| n == to) {
                                next.push((to.to_owned(), moved));
                            }
                        } else {
                            next.push((g, w));
                        }
                    }
                }
            }
            any = true;
            let mut a = a.clone();
            let stickiness = a
                .forward_config
                .as_ref()
                .and_then(|f| f.target_group_stickiness_config.clone());
            let tuples = next
                .iter()
                .map(|(g, w)| {
                    sdk::TargetGroupTuple::builder()
                        .target_group_arn(g)
                        .weight(*w)
                        .build()
                })
                .collect::<Vec<_>>();
            a.target_group_arn = match next.as_slice() {
                [(only, _)] => Some(only.clone()),
                _ => None,
            };
            a.forward_config = Some(
                sdk::ForwardActionConfig::builder()
                    .set_target_groups(Some(tuples))
                    .set_target_group_stickiness_config(stickiness)
                    .build(),
            );
            a
        })
        .map(|mut a| {
            if let Some(oidc) = a.authenticate_oidc_config.as_mut()
                && oidc.client_secret.is_none()
            {
                oidc.use_existing_client_secret = Some(true);
            }
            a
        })
        .collect();
    any.then_some(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn forward(groups: &[(&str, Option<i32>)]) -> sdk::Action {
        let tuples = groups
            .iter()
            .map(|(g, w)| {
                sdk::TargetGroupTuple::builder()
                    .target_group_arn(*g)
                    .set_weight(*w)
                    .build()
            })
            .collect();
        let mut b = sdk::Action::builder()
            .r#type(sdk::ActionTypeEnum::Forward)
            .forward_config(
                sdk::ForwardActionConfig::builder()
                    .set_target_groups(Some(tuples))
                    .build(),
            );
        if let [(only, _)] = groups {
            b = b.target_group_arn(*only);
        }
        b.build()
    }

    fn weights(a: &sdk::Action) -> Vec<(String, i32)> {
        groups_of(a)
    }

    #[test]
    fn a_plain_forward_gets_the_new_group_beside_it_at_weight_zero_then_moves() {
        let from = vec!["old".to_owned()];
        let added = edited(
            &[forward(&[("old", Some(1))])],
            &from,
            "new",
            Edit::AddBeside,
        )
        .unwrap();
        assert_eq!(weights(&added[0]), [("old".into(), 1), ("new".into(), 0)]);
        // Several groups: ForwardConfig alone.
        assert_eq!(added[0].target_group_arn(), None);
        // Again: nothing to do.
        assert!(edited(&added, &from, "new", Edit::AddBeside).is_none());
        let moved = edited(&added, &from, "new", Edit::Move).unwrap();
        assert_eq!(weights(&moved[0]), [("new".into(), 1)]);
        assert_eq!(moved[0].target_group_arn(), Some("new"));
        assert!(edited(&moved, &from, "new", Edit::Move).is_none());
    }

    #[test]
    fn a_weighted_forward_keeps_its_other_groups_and_the_moved_weight() {
        let from = vec!["old".to_owned(), "stale".to_owned()];
        let a = forward(&[("old", Some(3)), ("other", Some(1)), ("stale", None)]);
        let moved = edited(&[a], &from, "new", Edit::Move).unwrap();
        assert_eq!(weights(&moved[0]), [("new".into(), 4), ("other".into(), 1)]);
    }

    #[test]
    fn actions_without_the_group_are_left_alone() {
        let from = vec!["old".to_owned()];
        let fixed = sdk::Action::builder()
            .r#type(sdk::ActionTypeEnum::FixedResponse)
            .build();
        assert!(edited(std::slice::from_ref(&fixed), &from, "new", Edit::Move).is_none());
        let mixed = edited(
            &[fixed, forward(&[("old", None)])],
            &from,
            "new",
            Edit::Move,
        )
        .unwrap();
        assert_eq!(mixed[0].r#type(), Some(&sdk::ActionTypeEnum::FixedResponse));
        assert_eq!(weights(&mixed[1]), [("new".into(), 1)]);
    }
}
