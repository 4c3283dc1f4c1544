#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;

use ecsform_model::desired::DesiredState;
use ecsform_model::live::LiveState;
use ecsform_model::{Address, Kind, STACK_TAG};
use serde_json::json;

use super::*;

use ecsform_testkit::retail::{TG_ARN, applied, retail_store};

fn actions(plan: &Plan) -> Vec<String> {
    plan.changes
        .iter()
        .filter(|c| c.action != Action::NoOp)
        .map(|c| format!("{} {}", c.action.symbol(), c.address))
        .collect()
}

fn change<'a>(plan: &'a Plan, address: &str) -> &'a Change {
    let a = Address::parse(address).unwrap();
    plan.changes
        .iter()
        .find(|c| c.address == a)
        .unwrap_or_else(|| panic!("no change for {address}"))
}

#[test]
fn an_empty_account_creates_everything_in_dependency_order() {
    let desired = retail_store();
    let plan = plan(&desired, &LiveState::default(), &PlanOptions::default()).unwrap();
    insta::assert_debug_snapshot!(actions(&plan));
    assert_eq!(
        plan.summary(),
        Summary {
            add: 13,
            change: 0,
            replace: 0,
            destroy: 0,
            adopt: 0,
        }
    );
    let ui = change(&plan, "service.ui");
    assert_eq!(ui.after_unknown, vec!["taskDefinition".to_owned()]);
    assert!(ui.notes.iter().any(|n| n.contains("owned by autoscaling")));
    assert_eq!(
        ui.after.as_ref().unwrap()["desiredCount"],
        2,
        "set on create"
    );
    // Every edge is respected by the order.
    let pos: BTreeMap<&Address, usize> = plan
        .changes
        .iter()
        .enumerate()
        .map(|(i, c)| (&c.address, i))
        .collect();
    for (dependent, dependency) in &plan.edges {
        assert!(
            pos[dependency] < pos[dependent],
            "{dependent} before {dependency}"
        );
    }
}

#[test]
fn an_applied_stack_plans_no_changes() {
    let desired = retail_store();
    let live = applied(&desired);
    let plan = plan(&desired, &live, &PlanOptions::default()).unwrap();
    assert_eq!(
        actions(&plan),
        Vec::<String>::new(),
        "{:#?}",
        plan.changes
            .iter()
            .filter(|c| c.action != Action::NoOp)
            .map(|c| &c.changes)
            .collect::<Vec<_>>()
    );
    assert!(!plan.has_changes());
}

#[test]
fn an_environment_change_registers_a_revision_and_updates_its_service() {
    let mut desired = retail_store();
    let live = applied(&desired);
    let td = desired
        .resources
        .iter_mut()
        .find(|r| r.address == Address::new(Kind::TaskDefinition, "retail-store-ecs-ui"))
        .unwrap();
    td.doc["containerDefinitions"][0]["environment"] =
        json!([{"name": "RETAIL_UI_BANNER", "value": "We've updated the UI service!"}]);
    let plan = plan(&desired, &live, &PlanOptions::default()).unwrap();
    assert_eq!(
        actions(&plan),
        vec!["~ task_definition.retail-store-ecs-ui", "~ service.ui"]
    );
    let td = change(&plan, "task_definition.retail-store-ecs-ui");
    assert_eq!(td.revision, Some(2));
    assert!(
        td.notes[0].starts_with("registers revision 2"),
        "{:?}",
        td.notes
    );
    let ui = change(&plan, "service.ui");
    assert_eq!(ui.changes.len(), 1);
    assert_eq!(ui.changes[0].path, "taskDefinition");
    assert_eq!(ui.changes[0].before, Some(json!("retail-store-ecs-ui:1")));
    assert_eq!(ui.changes[0].after, Some(json!("retail-store-ecs-ui:2")));
}

#[test]
fn a_change_inside_a_keyed_list_names_the_key() {
    let mut desired = retail_store();
    let live = applied(&desired);
    let cluster = desired
        .resources
        .iter_mut()
        .find(|r| r.address.kind == Kind::Cluster)
        .unwrap();
    cluster.doc["settings"] = json!([{"name": "containerInsights", "value": "disabled"}]);
    let td = desired
        .resources
        .iter_mut()
        .find(|r| r.address == Address::new(Kind::TaskDefinition, "retail-store-ecs-catalog"))
        .unwrap();
    td.doc["containerDefinitions"][0]["environment"] =
        json!([{"name": "A_FIRST", "value": "1"}, {"name": "DB_NAME", "value": "products"}]);
    let plan = plan(&desired, &live, &PlanOptions::default()).unwrap();
    let paths = |address: &str| -> Vec<String> {
        change(&plan, address)
            .changes
            .iter()
            .map(|c| c.path.clone())
            .collect()
    };
    assert_eq!(
        paths("cluster.retail-store-ecs-cluster"),
        vec!["settings[containerInsights].value"]
    );
    // A variable added before another is one addition, not a change of each after it.
    assert_eq!(
        paths("task_definition.retail-store-ecs-catalog"),
        vec![
            "containerDefinitions[application].environment[A_FIRST]",
            "containerDefinitions[application].environment[DB_NAME].value",
        ]
    );
}

#[test]
fn desired_count_of_an_autoscaled_service_is_not_compared() {
    let desired = retail_store();
    let mut live = applied(&desired);
    live.resources
        .get_mut(&Address::new(Kind::Service, "ui"))
        .unwrap()
        .doc["desiredCount"] = json!(7);
    live.resources
        .get_mut(&Address::new(Kind::Service, "catalog"))
        .unwrap()
        .doc["desiredCount"] = json!(3);
    let plan = plan(&desired, &live, &PlanOptions::default()).unwrap();
    assert_eq!(actions(&plan), vec!["~ service.catalog"]);
    assert_eq!(
        change(&plan, "service.catalog").changes[0].path,
        "desiredCount"
    );
}

#[test]
fn an_untagged_resource_of_the_files_name_is_adopted() {
    let mut desired = retail_store();
    // The file consents (see ownership_tests for the refusal without it).
    for r in &mut desired.resources {
        r.adopt = true;
    }
    let mut live = applied(&desired);
    live.resources
        .get_mut(&Address::new(Kind::Cluster, "retail-store-ecs-cluster"))
        .unwrap()
        .tags
        .clear();
    let plan = plan(&desired, &live, &PlanOptions::default()).unwrap();
    assert_eq!(actions(&plan), vec!["~ cluster.retail-store-ecs-cluster"]);
    let c = change(&plan, "cluster.retail-store-ecs-cluster");
    assert!(c.adopt);
    assert!(c.changes.is_empty());
}

#[test]
fn another_stacks_resource_is_never_touched() {
    let desired = retail_store();
    let mut live = applied(&desired);
    live.resources
        .get_mut(&Address::new(Kind::Service, "ui"))
        .unwrap()
        .tags
        .insert(STACK_TAG.into(), "other".into());
    let err = plan(&desired, &live, &PlanOptions::default()).unwrap_err();
    assert_eq!(
        err,
        PlanError::OtherStack {
            address: Address::new(Kind::Service, "ui"),
            owner: "other".into()
        }
    );
}

#[test]
fn a_tagged_resource_gone_from_the_file_is_deleted_after_its_dependents() {
    let mut desired = retail_store();
    let live = applied(&desired);
    desired
        .resources
        .retain(|r| !r.address.name.contains("assets"));
    let plan = plan(&desired, &live, &PlanOptions::default()).unwrap();
    assert_eq!(
        actions(&plan),
        vec![
            "- service.assets",
            "- task_definition.retail-store-ecs-assets"
        ]
    );
}

#[test]
fn a_target_group_port_change_replaces_it_first_creating_the_new_one() {
    let mut desired = retail_store();
    let live = applied(&desired);
    let tg = desired
        .resources
        .iter_mut()
        .find(|r| r.address == Address::new(Kind::TargetGroup, "ui-application"))
        .unwrap();
    tg.doc["port"] = json!(9090);
    let plan = plan(&desired, &live, &PlanOptions::default()).unwrap();
    let c = change(&plan, "target_group.ui-application");
    assert_eq!(
        c.action,
        Action::Replace {
            order: ReplaceOrder::CreateBeforeDestroy,
            forced_by: vec!["port".into()]
        }
    );
    assert_eq!(c.action.names(), &["create", "delete"]);
}

#[test]
fn prevent_destroy_blocks_a_replacement() {
    let mut desired = retail_store();
    let live = applied(&desired);
    let tg = desired
        .resources
        .iter_mut()
        .find(|r| r.address == Address::new(Kind::TargetGroup, "ui-application"))
        .unwrap();
    tg.doc["port"] = json!(9090);
    tg.prevent_destroy = true;
    let err = plan(&desired, &live, &PlanOptions::default()).unwrap_err();
    assert!(matches!(
        err,
        PlanError::PreventDestroy {
            what: "replace",
            ..
        }
    ));
}

#[test]
fn targets_keep_what_they_depend_on() {
    let desired = retail_store();
    let options = PlanOptions {
        targets: vec![Address::new(Kind::Service, "catalog")],
        ..PlanOptions::default()
    };
    let plan = plan(&desired, &LiveState::default(), &options).unwrap();
    assert_eq!(
        actions(&plan),
        vec![
            "+ namespace.retailstore.local",
            "+ cluster.retail-store-ecs-cluster",
            "+ task_definition.retail-store-ecs-catalog",
            "+ service.catalog"
        ]
    );
    let bad = PlanOptions {
        targets: vec![Address::new(Kind::Service, "nope")],
        ..PlanOptions::default()
    };
    assert!(matches!(
        plan_err(&desired, &bad),
        PlanError::UnknownTarget(_)
    ));
}

fn plan_err(desired: &DesiredState, options: &PlanOptions) -> PlanError {
    plan(desired, &LiveState::default(), options).unwrap_err()
}

#[test]
fn cycles_are_reported_from_the_smallest_address() {
    let a = Address::new(Kind::Service, "a");
    let b = Address::new(Kind::Service, "b");
    let c = Address::new(Kind::Service, "c");
    let mk = |address: &Address| Change {
        address: address.clone(),
        action: Action::Create,
        before: None,
        after: Some(json!({})),
        changes: Vec::new(),
        after_unknown: Vec::new(),
        notes: Vec::new(),
        adopt: false,
        revision: None,
        live_arn: None,
        live_fingerprint: None,
        desired_hash: None,
        new_deployment: None,
    };
    let mut p = Plan {
        stack: "s".into(),
        changes: vec![mk(&c), mk(&b), mk(&a)],
        edges: vec![
            (b.clone(), c.clone()),
            (c.clone(), a.clone()),
            (a.clone(), b.clone()),
        ],
        api_calls: 0,
    };
    let err = crate::order::order(&mut p).unwrap_err();
    assert_eq!(
        err,
        PlanError::Cycle {
            cycle: vec![a.clone(), b.clone(), c.clone(), a]
        }
    );
}

#[test]
fn drift_is_told_from_pending_by_the_applied_hash() {
    use crate::drift::{DriftStatus, drift};
    let desired = retail_store();
    let mut live = applied(&desired);
    // Stamp every live resource with the hash apply would have written.
    let stamped = plan(&desired, &live, &PlanOptions::default()).unwrap();
    for c in &stamped.changes {
        let h = c.desired_hash.clone().unwrap();
        live.resources
            .get_mut(&c.address)
            .unwrap()
            .tags
            .insert(ecsform_model::HASH_TAG.into(), h);
    }
    // Live drifts: catalog scaled by hand. The file changes: assets' image.
    live.resources
        .get_mut(&Address::new(Kind::Service, "catalog"))
        .unwrap()
        .doc["desiredCount"] = json!(3);
    let mut desired2 = desired.clone();
    let td = desired2
        .resources
        .iter_mut()
        .find(|r| r.address.name == "retail-store-ecs-assets")
        .unwrap();
    td.doc["containerDefinitions"][0]["image"] =
        json!("public.ecr.aws/aws-containers/retail-store-sample-assets:0.8.0");
    let p = plan(&desired2, &live, &PlanOptions::default()).unwrap();
    let report = drift(&p, &desired2, &live);
    let drifted: Vec<String> = report.drifted().map(|i| i.address.to_string()).collect();
    let pending: Vec<String> = report.pending().map(|i| i.address.to_string()).collect();
    assert_eq!(drifted, vec!["service.catalog"]);
    assert_eq!(
        pending,
        vec!["task_definition.retail-store-ecs-assets", "service.assets"]
    );
    let catalog = report
        .items
        .iter()
        .find(|i| i.address.name == "catalog" && i.address.kind == Kind::Service)
        .unwrap();
    assert_eq!(catalog.status, DriftStatus::Drifted);
    assert_eq!(catalog.changes[0].before, Some(json!(3)));
    assert_eq!(catalog.changes[0].after, Some(json!(1)));
}

#[test]
fn a_saved_plan_is_stale_when_a_resource_it_read_moved() {
    let desired = retail_store();
    let live = applied(&desired);
    let p = plan(&desired, &live, &PlanOptions::default()).unwrap();
    assert!(
        stale_changes(&p, &live).is_empty(),
        "fresh against what it read"
    );
    let mut moved = live.clone();
    let svc = Address::new(Kind::Service, "catalog");
    moved.resources.get_mut(&svc).unwrap().doc["desiredCount"] = json!(7);
    let tg = Address::new(Kind::TargetGroup, "ui-application");
    moved.resources.remove(&tg);
    let mut stale = stale_changes(&p, &moved);
    stale.sort();
    assert_eq!(
        stale,
        vec![
            (tg, "was deleted from AWS since the plan was made"),
            (svc, "changed in AWS since the plan was made"),
        ]
    );
}

#[test]
fn a_resource_changed_both_ways_is_split_by_its_field_codes_or_says_it_cannot_be() {
    use crate::drift::{DriftStatus, drift};
    let desired = retail_store();
    let catalog = Address::new(Kind::Service, "catalog");
    let report_with = |codes: bool| {
        let mut live = applied(&desired);
        let stamped = plan(&desired, &live, &PlanOptions::default()).unwrap();
        for c in &stamped.changes {
            let tags = &mut live.resources.get_mut(&c.address).unwrap().tags;
            tags.insert(
                ecsform_model::HASH_TAG.into(),
                c.desired_hash.clone().unwrap(),
            );
            if codes {
                tags.extend(ecsform_model::stamp::field_tags(
                    c.after.as_ref().unwrap(),
                    0,
                ));
            }
        }
        // catalog: scaled by hand to 3, and to 2 in the file: one field both ways.
        live.resources.get_mut(&catalog).unwrap().doc["desiredCount"] = json!(3);
        let mut d2 = desired.clone();
        d2.resources
            .iter_mut()
            .find(|r| r.address == catalog)
            .unwrap()
            .doc["desiredCount"] = json!(2);
        let p = plan(&d2, &live, &PlanOptions::default()).unwrap();
        let r = drift(&p, &d2, &live);
        r.items.into_iter().find(|i| i.address == catalog).unwrap()
    };
    // With the field codes: the field is on both sides, its applied value unknown (the
    // codes do not hold values), and nothing else is listed.
    let item = report_with(true);
    assert_eq!(item.status, DriftStatus::DriftedAndPending);
    assert_eq!(item.reason, None);
    let fields =
        |f: &[crate::drift::FieldDrift]| -> Vec<(String, bool, Option<serde_json::Value>)> {
            f.iter()
                .map(|f| (f.path.clone(), f.applied_known, f.now.clone()))
                .collect()
        };
    assert_eq!(
        fields(&item.drifted_fields),
        vec![("desiredCount".to_owned(), false, Some(json!(3)))]
    );
    assert_eq!(
        fields(&item.pending_fields),
        vec![("desiredCount".to_owned(), false, Some(json!(2)))]
    );
    // Without them (an older ecsform): the same lists, and a reason that says why.
    let item = report_with(false);
    assert_eq!(item.status, DriftStatus::DriftedAndPending);
    assert!(
        item.reason
            .as_deref()
            .is_some_and(|r| r.contains("no field codes are recorded")),
        "{item:?}"
    );
    assert_eq!(item.drifted_fields.len(), item.changes.len());
    assert_eq!(item.pending_fields.len(), item.changes.len());
}

/// The retail store applied, then revision 2 of the catalog family registered (by the
/// stack, or by hand when `owner` is `None`) and read as the family's live revision or
/// not: the catalog service still runs revision 1, whose content is the file's.
fn catalog_on_revision_1_of_2(
    owner: Option<&str>,
    revision_2_is_live: bool,
) -> (DesiredState, LiveState) {
    let desired = retail_store();
    let mut live = applied(&desired);
    let family = Address::new(Kind::TaskDefinition, "retail-store-ecs-catalog");
    let mut second = live.resources[&family].clone();
    second.revision = Some(2);
    second.tags = owner
        .map(|o| [(STACK_TAG.to_owned(), o.to_owned())].into())
        .unwrap_or_default();
    let first = live.resources[&family].clone();
    if revision_2_is_live {
        live.resources.insert(family.clone(), second);
        live.running_revisions
            .insert("retail-store-ecs-catalog:1".into(), first);
    } else {
        live.running_revisions
            .insert("retail-store-ecs-catalog:2".into(), second);
        let svc = live
            .resources
            .get_mut(&Address::new(Kind::Service, "catalog"))
            .unwrap();
        svc.doc["taskDefinition"] =
            json!("arn:aws:ecs:us-east-1:123456789012:task-definition/retail-store-ecs-catalog:2");
    }
    (desired, live)
}

#[test]
fn a_service_on_an_identical_revision_of_the_stack_stays_on_it() {
    let desired = retail_store();
    let (_, live) = catalog_on_revision_1_of_2(Some(&desired.stack), true);
    let plan = plan(&desired, &live, &PlanOptions::default()).unwrap();
    assert_eq!(actions(&plan), Vec::<String>::new());
    let catalog = change(&plan, "service.catalog");
    assert_eq!(
        catalog.after.as_ref().unwrap()["taskDefinition"],
        "retail-store-ecs-catalog:1"
    );
}

#[test]
fn a_service_on_a_revision_ecsform_did_not_register_goes_back_with_a_note() {
    let desired = retail_store();
    let (_, live) = catalog_on_revision_1_of_2(None, false);
    let plan = plan(&desired, &live, &PlanOptions::default()).unwrap();
    assert_eq!(actions(&plan), ["~ service.catalog"]);
    let catalog = change(&plan, "service.catalog");
    assert_eq!(
        catalog.after.as_ref().unwrap()["taskDefinition"],
        "retail-store-ecs-catalog:1"
    );
    assert!(
        catalog
            .notes
            .iter()
            .any(|n| n
                .contains("runs retail-store-ecs-catalog:2, a revision ecsform did not register")),
        "{:?}",
        catalog.notes
    );
}

/// An apply stopped in the middle of a target group replacement: the service runs on the
/// old group and the temporary one, the listener forwards to both (weight 1 and 0). The
/// reader maps the temporary group to the name of the group it stands for
/// (`LiveState::replacing`).
fn stopped_in_a_replacement() -> (DesiredState, LiveState, Address) {
    let desired = retail_store();
    let mut live = applied(&desired);
    let tg = Address::new(Kind::TargetGroup, "ui-application");
    let temp = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/ui-application-1a2b3/0123456789abcdef";
    live.names_by_arn
        .insert(temp.into(), "ui-application".into());
    live.replacing.insert(tg.clone(), vec![temp.into()]);
    let ui = live
        .resources
        .get_mut(&Address::new(Kind::Service, "ui"))
        .unwrap();
    let lbs = ui.doc["loadBalancers"].as_array_mut().unwrap();
    let mut twin = lbs[0].clone();
    twin["targetGroupArn"] = json!(temp);
    lbs.push(twin);
    let listener = live
        .resources
        .values_mut()
        .find(|r| r.address.kind == Kind::Listener)
        .unwrap();
    let action = &mut listener.doc["defaultActions"][0];
    action.as_object_mut().unwrap().remove("targetGroup");
    action["forwardConfig"] = json!({"targetGroups": [
        {"targetGroupArn": TG_ARN, "weight": 1},
        {"targetGroupArn": temp, "weight": 0},
    ]});
    (desired, live, tg)
}

#[test]
fn a_replacement_an_earlier_apply_left_unfinished_resumes_and_nothing_else_changes() {
    let (desired, live, tg) = stopped_in_a_replacement();
    let plan = plan(&desired, &live, &PlanOptions::default()).unwrap();
    let c = change(&plan, &tg.to_string());
    assert_eq!(
        c.action,
        Action::Replace {
            order: ReplaceOrder::CreateBeforeDestroy,
            forced_by: vec![]
        }
    );
    assert!(
        c.notes.iter().any(|n| n.contains(
            "resumes a replacement an earlier apply left unfinished: the traffic is on the temporary group ui-application-1a2b3"
        )),
        "{:?}",
        c.notes
    );
    // The listener forwarding to both, the service on both: the group the file gives.
    for c in &plan.changes {
        if matches!(c.address.kind, Kind::Listener | Kind::Service) {
            assert_eq!(c.action, Action::NoOp, "{}: {:?}", c.address, c.changes);
        }
    }
}

#[test]
fn a_replacement_stopped_after_the_old_group_went_creates_the_group_and_resumes() {
    let (desired, mut live, tg) = stopped_in_a_replacement();
    live.resources.remove(&tg);
    let plan = plan(&desired, &live, &PlanOptions::default()).unwrap();
    let c = change(&plan, &tg.to_string());
    assert_eq!(c.action, Action::Create);
    assert!(
        c.notes.iter().any(|n| n
            .contains("creates this group, moves the traffic to it once it has healthy targets")),
        "{:?}",
        c.notes
    );
}
