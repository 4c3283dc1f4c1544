#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

//! When an update starts a new deployment: the rule of `kinds/service.rs`, with the retail
//! store as applied and one field moved in the file.

use ecsform_model::{Address, Kind};
use serde_json::{Value, json};

use super::*;

use ecsform_testkit::retail::{applied, retail_store};

fn service_doc<'a>(desired: &'a mut DesiredState, name: &str) -> &'a mut Value {
    &mut desired
        .resources
        .iter_mut()
        .find(|r| r.address == Address::new(Kind::Service, name))
        .unwrap()
        .doc
}

fn catalog(plan: &Plan) -> &Change {
    plan.changes
        .iter()
        .find(|c| c.address == Address::new(Kind::Service, "catalog"))
        .unwrap()
}

fn redeploy(names: &[&str]) -> PlanOptions {
    PlanOptions {
        redeploy: names.iter().map(|n| (*n).to_owned()).collect(),
        ..PlanOptions::default()
    }
}

#[test]
fn turning_on_ecs_exec_starts_a_new_deployment() {
    let mut desired = retail_store();
    let live = applied(&desired);
    service_doc(&mut desired, "catalog")["enableExecuteCommand"] = json!(true);
    let plan = plan(&desired, &live, &PlanOptions::default()).unwrap();
    let c = catalog(&plan);
    assert_eq!(c.action, Action::Update);
    assert_eq!(
        c.new_deployment,
        Some(NewDeployment::NewTasksOnly(vec![
            "enableExecuteCommand".into()
        ]))
    );
    assert!(
        c.notes.iter().any(|n| n.starts_with(
            "new deployment: enableExecuteCommand applies only to tasks started after the update"
        ) && n
            .contains("running tasks keep the old setting until replaced")),
        "{:?}",
        c.notes
    );
}

#[test]
fn propagate_tags_and_managed_tags_start_one_too() {
    let mut desired = retail_store();
    let live = applied(&desired);
    let doc = service_doc(&mut desired, "catalog");
    doc["propagateTags"] = json!("SERVICE");
    doc["enableECSManagedTags"] = json!(true);
    let plan = plan(&desired, &live, &PlanOptions::default()).unwrap();
    assert_eq!(
        catalog(&plan).new_deployment,
        Some(NewDeployment::NewTasksOnly(vec![
            "propagateTags".into(),
            "enableECSManagedTags".into()
        ]))
    );
}

#[test]
fn no_deployment_is_forced_when_the_update_starts_one() {
    let mut desired = retail_store();
    let live = applied(&desired);
    let doc = service_doc(&mut desired, "catalog");
    doc["enableExecuteCommand"] = json!(true);
    doc["platformVersion"] = json!("1.4.0");
    let plan = plan(&desired, &live, &PlanOptions::default()).unwrap();
    let c = catalog(&plan);
    assert_eq!(c.action, Action::Update);
    assert_eq!(c.new_deployment, None, "{:?}", c.changes);
}

#[test]
fn a_placement_change_says_running_tasks_stay_and_forces_nothing() {
    let mut desired = retail_store();
    let live = applied(&desired);
    service_doc(&mut desired, "catalog")["placementConstraints"] =
        json!([{"type": "distinctInstance"}]);
    let plan = plan(&desired, &live, &PlanOptions::default()).unwrap();
    let c = catalog(&plan);
    assert_eq!(c.new_deployment, None);
    assert!(
        c.notes
            .iter()
            .any(|n| n.contains("running tasks stay where they were placed")
                && n.contains("`--force-new-deployment catalog`")),
        "{:?}",
        c.notes
    );
}

#[test]
fn a_requested_deployment_of_an_unchanged_service_is_an_update() {
    let desired = retail_store();
    let live = applied(&desired);
    let plan = plan(&desired, &live, &redeploy(&["catalog"])).unwrap();
    let c = catalog(&plan);
    assert_eq!(c.action, Action::Update);
    assert!(c.changes.is_empty());
    assert_eq!(c.new_deployment, Some(NewDeployment::Requested));
    assert_eq!(plan.summary().change, 1);
    assert!(plan.has_changes());
    // Nothing else moves.
    assert_eq!(
        plan.changes
            .iter()
            .filter(|c| c.action != Action::NoOp)
            .count(),
        1
    );
}

#[test]
fn an_unknown_service_is_refused() {
    let desired = retail_store();
    let err = plan(&desired, &LiveState::default(), &redeploy(&["catalgo"])).unwrap_err();
    assert_eq!(err.code(), ecsform_spec::Code::PlanUnknownService.as_str());
    let text = err.to_string();
    assert!(
        text.starts_with(
            "--force-new-deployment catalgo: the file has no service `catalgo` (its services: "
        ),
        "{text}"
    );
    assert!(text.contains("catalog"), "{text}");
}

#[test]
fn a_requested_service_outside_the_targets_is_refused() {
    let desired = retail_store();
    let live = applied(&desired);
    let options = PlanOptions {
        targets: vec![Address::new(Kind::Service, "ui")],
        redeploy: ["catalog".to_owned()].into(),
    };
    assert!(matches!(
        plan(&desired, &live, &options),
        Err(PlanError::RedeployNotTargeted(n)) if n == "catalog"
    ));
}

#[test]
fn a_requested_deployment_under_code_deploy_is_refused() {
    let desired = retail_store();
    let mut live = applied(&desired);
    live.resources
        .get_mut(&Address::new(Kind::Service, "catalog"))
        .unwrap()
        .doc["deploymentController"] = json!({"type": "CODE_DEPLOY"});
    let mut desired = desired;
    service_doc(&mut desired, "catalog")["deploymentController"] = json!({"type": "CODE_DEPLOY"});
    let err = plan(&desired, &live, &redeploy(&["catalog"])).unwrap_err();
    assert!(
        err.to_string()
            .contains("uses the CODE_DEPLOY deployment controller"),
        "{err}"
    );
}
