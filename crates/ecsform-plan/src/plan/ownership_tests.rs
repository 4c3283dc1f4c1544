//! Ownership: adoption needs the file's consent and keeps the tags ecsform does not
//! manage; a cluster the stack only uses is never changed or deleted; what a plan
//! deletes.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use ecsform_model::desired::DesiredState;
use ecsform_model::live::LiveState;
use ecsform_model::{Address, Kind, STACK_TAG};
use serde_json::json;

use super::*;

use ecsform_testkit::retail::{applied, retail_store};

const CLUSTER: &str = "retail-store-ecs-cluster";

fn address(s: &str) -> Address {
    Address::parse(s).unwrap()
}

fn change<'a>(plan: &'a Plan, a: &str) -> &'a Change {
    let a = address(a);
    plan.changes.iter().find(|c| c.address == a).unwrap()
}

fn resource<'a>(
    desired: &'a mut DesiredState,
    a: &str,
) -> &'a mut ecsform_model::desired::Resource {
    let a = address(a);
    desired
        .resources
        .iter_mut()
        .find(|r| r.address == a)
        .unwrap()
}

/// Live as applied, with these resources made by hand: no ecsform tag, a team's tag.
fn made_by_hand(desired: &DesiredState, untagged: &[&str]) -> LiveState {
    let mut live = applied(desired);
    for a in untagged {
        let r = live.resources.get_mut(&address(a)).unwrap();
        r.tags = [("team".to_owned(), "web".to_owned())].into();
        r.doc["tags"] = json!([{"key": "team", "value": "web"}]);
    }
    live
}

fn not_yet_adopted(desired: &DesiredState, live: &LiveState) -> Vec<String> {
    match plan(desired, live, &PlanOptions::default()) {
        Err(PlanError::AdoptWithoutConsent { resources }) => {
            resources.iter().map(ToString::to_string).collect()
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn adoption_without_the_files_consent_is_refused_naming_every_resource() {
    let mut desired = retail_store();
    let live = made_by_hand(&desired, &["service.ui", "target_group.ui-application"]);
    resource(&mut desired, "target_group.ui-application").doc["port"] = json!(9090);
    let err = plan(&desired, &live, &PlanOptions::default()).unwrap_err();
    assert_eq!(
        err.code(),
        ecsform_spec::Code::PlanAdoptWithoutConsent.as_str()
    );
    assert!(err.help().unwrap().contains("lifecycle: {adopt: true}"));
    assert_eq!(
        not_yet_adopted(&desired, &live),
        [
            "target_group.ui-application (and replace it, forced by port: the existing one would be deleted)",
            "service.ui"
        ]
    );
    // Consent for one is not consent for the other: the replacement needs it too.
    resource(&mut desired, "service.ui").adopt = true;
    assert_eq!(
        not_yet_adopted(&desired, &live),
        [
            "target_group.ui-application (and replace it, forced by port: the existing one would be deleted)"
        ]
    );
    resource(&mut desired, "target_group.ui-application").adopt = true;
    let p = plan(&desired, &live, &PlanOptions::default()).unwrap();
    let tg = change(&p, "target_group.ui-application");
    assert!(tg.adopt && matches!(tg.action, Action::Replace { .. }));
    assert!(
        tg.notes
            .iter()
            .any(|n| n.contains("the replacement deletes the existing resource")),
        "{:?}",
        tg.notes
    );
    assert_eq!(
        p.summary(),
        Summary {
            add: 0,
            change: 1,
            replace: 1,
            destroy: 0,
            adopt: 2
        }
    );
}

#[test]
fn an_adopted_resource_keeps_the_tags_its_entry_does_not_give() {
    let mut desired = retail_store();
    let live = made_by_hand(&desired, &["service.ui"]);
    resource(&mut desired, "service.ui").adopt = true;
    let p = plan(&desired, &live, &PlanOptions::default()).unwrap();
    let ui = change(&p, "service.ui");
    assert!(ui.adopt);
    assert_eq!(ui.action, Action::Update);
    assert!(ui.changes.is_empty(), "{:?}", ui.changes);
    assert_eq!(ui.after.as_ref().unwrap()["tags"], json!({"team": "web"}));
    assert!(ui.notes.iter().any(|n| n.contains("keeps its other tags")));

    // Once adopted (tagged), the consent still keeps them: no change, ever.
    let mut owned = live.clone();
    owned
        .resources
        .get_mut(&address("service.ui"))
        .unwrap()
        .tags
        .insert(STACK_TAG.into(), desired.stack.clone());
    let p = plan(&desired, &owned, &PlanOptions::default()).unwrap();
    assert_eq!(change(&p, "service.ui").action, Action::NoOp);

    // An entry that gives tags manages them all (the comparison rule: reset to the
    // file's), `[]` included.
    resource(&mut desired, "service.ui").doc["tags"] = json!([]);
    let p = plan(&desired, &owned, &PlanOptions::default()).unwrap();
    let ui = change(&p, "service.ui");
    assert_eq!(ui.action, Action::Update);
    assert!(ui.changes[0].path.starts_with("tags"), "{:?}", ui.changes);

    // Without the consent entry, the comparison rule as ever: the tag is reset.
    let p = plan(&retail_store(), &owned, &PlanOptions::default()).unwrap();
    let ui = change(&p, "service.ui");
    assert!(ui.changes[0].path.starts_with("tags"), "{:?}", ui.changes);
}

fn using_the_cluster(desired: &DesiredState) -> DesiredState {
    let mut d = desired.clone();
    d.resources.retain(|r| r.address.kind != Kind::Cluster);
    d.unmanaged_cluster = Some(CLUSTER.to_owned());
    d
}

#[test]
fn a_cluster_the_stack_only_uses_is_never_changed_or_deleted() {
    let desired = retail_store();
    let mut live = applied(&desired);
    let used = using_the_cluster(&desired);
    // Even when it once was this stack's (tagged with it) and its settings differ.
    live.resources
        .get_mut(&address(&format!("cluster.{CLUSTER}")))
        .unwrap()
        .doc["settings"] = json!([{"name": "containerInsights", "value": "enhanced"}]);
    let p = plan(&used, &live, &PlanOptions::default()).unwrap();
    assert!(!p.has_changes(), "{:#?}", p.changes);
    assert!(p.changes.iter().all(|c| c.address.kind != Kind::Cluster));
    // Nor by destroy.
    let p = plan(&used.emptied(), &live, &PlanOptions::default()).unwrap();
    assert!(p.changes.iter().all(|c| c.address.kind != Kind::Cluster));
    assert!(p.changes.iter().any(|c| c.address == address("service.ui")));
    // Another stack's cluster: used, not refused.
    live.resources
        .get_mut(&address(&format!("cluster.{CLUSTER}")))
        .unwrap()
        .tags
        .insert(STACK_TAG.into(), "platform".into());
    let p = plan(&used, &live, &PlanOptions::default()).unwrap();
    assert!(!p.has_changes());
}

#[test]
fn a_services_default_strategy_comes_from_the_live_cluster_it_uses() {
    let desired = retail_store();
    let mut used = using_the_cluster(&desired);
    let mut live = applied(&desired);
    let strategy = json!([{"capacityProvider": "FARGATE_SPOT", "weight": 1}]);
    live.resources
        .get_mut(&address(&format!("cluster.{CLUSTER}")))
        .unwrap()
        .doc["defaultCapacityProviderStrategy"] = strategy.clone();
    let svc = live.resources.get_mut(&address("service.catalog")).unwrap();
    svc.doc.as_object_mut().unwrap().remove("launchType");
    svc.doc["capacityProviderStrategy"] = strategy;
    resource(&mut used, "service.catalog")
        .doc
        .as_object_mut()
        .unwrap()
        .remove("launchType");
    let p = plan(&used, &live, &PlanOptions::default()).unwrap();
    assert_eq!(change(&p, "service.catalog").action, Action::NoOp);
}

#[test]
fn a_missing_cluster_the_stack_only_uses_is_an_error_but_not_for_destroy() {
    let desired = using_the_cluster(&retail_store());
    let err = plan(&desired, &LiveState::default(), &PlanOptions::default()).unwrap_err();
    assert_eq!(err, PlanError::MissingCluster(CLUSTER.to_owned()));
    assert_eq!(err.code(), ecsform_spec::Code::PlanMissingCluster.as_str());
    assert!(
        plan(
            &desired.emptied(),
            &LiveState::default(),
            &PlanOptions::default()
        )
        .is_ok()
    );
}

#[test]
fn deletions_of_services_or_of_most_of_the_stack_need_confirmation() {
    let desired = retail_store();
    let live = applied(&desired);
    let mut fewer = desired.clone();
    fewer
        .resources
        .retain(|r| !r.address.name.contains("assets"));
    let p = plan(&fewer, &live, &PlanOptions::default()).unwrap();
    let d = p.deletions();
    assert!(d.needs_confirmation());
    assert_eq!(
        d.describe(),
        "1 service (service.assets) and 1 other resource, of the 13 that exist"
    );
    // A scaling policy alone: no.
    let mut fewer = desired.clone();
    fewer
        .resources
        .retain(|r| r.address.kind != Kind::ScalingPolicy);
    let d = plan(&fewer, &live, &PlanOptions::default())
        .unwrap()
        .deletions();
    assert!(!d.needs_confirmation(), "{d:?}");
    // Most of the stack, services or not (here: a folder whose load balancing file did
    // not load, in a stack of load balancing alone).
    let mut lb_only = desired.clone();
    lb_only.resources.retain(|r| {
        matches!(
            r.address.kind,
            Kind::LoadBalancer | Kind::TargetGroup | Kind::Listener
        )
    });
    let mut live_lb = applied(&lb_only);
    live_lb.resources.retain(|a, _| a.kind != Kind::Service);
    let mut half = lb_only.clone();
    half.resources
        .retain(|r| r.address.kind == Kind::LoadBalancer);
    let d = plan(&half, &live_lb, &PlanOptions::default())
        .unwrap()
        .deletions();
    assert!(d.services.is_empty() && d.needs_confirmation(), "{d:?}");
    assert_eq!(d.describe(), "2 resources, of the 3 that exist");
    // Nothing deleted: nothing to confirm.
    assert!(!Deletions::default().needs_confirmation());
}
