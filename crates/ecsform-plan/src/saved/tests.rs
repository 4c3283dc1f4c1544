#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use ecsform_model::desired::DesiredState;
use ecsform_model::live::LiveState;
use ecsform_model::{Address, Kind};
use serde_json::{Value, json};

use super::*;

use ecsform_testkit::retail::{applied, retail_store};

fn doc<'a>(desired: &'a mut DesiredState, kind: Kind, name: &str) -> &'a mut Value {
    let address = Address::new(kind, name);
    &mut desired
        .resources
        .iter_mut()
        .find(|r| r.address == address)
        .unwrap()
        .doc
}

/// The retail store as applied, then the ui image moved in the file: (desired, live).
fn reviewed() -> (DesiredState, LiveState) {
    let mut desired = retail_store();
    let live = applied(&desired);
    doc(&mut desired, Kind::TaskDefinition, "retail-store-ecs-ui")["containerDefinitions"][0]["image"] =
        json!("public.ecr.aws/aws-containers/retail-store-sample-ui:0.8.0");
    (desired, live)
}

fn save(desired: &DesiredState, live: &LiveState, targets: Vec<Address>) -> SavedPlan {
    let p = plan(
        desired,
        live,
        &PlanOptions {
            targets: targets.clone(),
        },
    )
    .unwrap();
    SavedPlan::new(
        "ecsform test",
        Some("us-east-1".into()),
        targets,
        desired,
        &p,
        vec![],
    )
    .unwrap()
}

#[test]
fn a_saved_plan_reads_back_as_written_and_its_digest_is_of_its_content() {
    let (desired, live) = reviewed();
    let saved = save(&desired, &live, vec![]);
    let text = saved.to_json().unwrap();
    assert_eq!(SavedPlan::from_json(&text).unwrap(), saved);
    assert!(saved.digest.starts_with("sha256:") && saved.digest.len() == 71);
    assert_eq!(saved.plan.api_calls, 0);
    // Key order and whitespace are not content.
    let v: Value = serde_json::from_str(&text).unwrap();
    let pretty = format!("{v:#}");
    assert_eq!(SavedPlan::from_json(&pretty).unwrap(), saved);
    // The same plan of the same state has the same digest, whatever the read cost.
    let mut live2 = live.clone();
    live2.api_calls += 17;
    assert_eq!(save(&desired, &live2, vec![]).digest, saved.digest);
}

/// Every single-bit flip of every byte of a saved plan (bits 0 and 5: ASCII stays ASCII)
/// is refused, unless the flip leaves the content as it was.
#[test]
fn every_flipped_bit_of_a_saved_plan_is_refused() {
    let mut desired = retail_store();
    // A small stack, so that every byte can be flipped in a moment.
    desired.resources.retain(|r| {
        matches!(r.address.kind, Kind::Cluster | Kind::Namespace)
            || r.address == Address::new(Kind::TaskDefinition, "retail-store-ecs-ui")
    });
    let live = applied(&desired);
    doc(&mut desired, Kind::TaskDefinition, "retail-store-ecs-ui")["cpu"] = json!("2048");
    let saved = save(&desired, &live, vec![]);
    assert!(saved.plan.has_changes());
    let text = saved.to_json().unwrap();
    let mut refused = 0;
    for i in 0..text.len() {
        for bit in [0x01u8, 0x20] {
            let mut bytes = text.clone().into_bytes();
            bytes[i] ^= bit;
            let Ok(flipped) = String::from_utf8(bytes) else {
                continue;
            };
            match SavedPlan::from_json(&flipped) {
                Err(_) => refused += 1,
                Ok(read) => assert_eq!(
                    read, saved,
                    "byte {i} ^ {bit:#x} was accepted with other content"
                ),
            }
        }
    }
    assert!(
        refused > text.len(),
        "{refused} of {} flips",
        2 * text.len()
    );
}

#[test]
fn an_edited_image_action_stack_or_region_is_refused_by_the_digest() {
    let (desired, live) = reviewed();
    let saved = save(&desired, &live, vec![]);
    let text = saved.to_json().unwrap();
    let edits: [(&str, &str); 4] = [
        ("retail-store-sample-ui:0.8.0", "evil.example/miner:latest"),
        (
            r#""action":{"type":"update"}"#,
            r#""action":{"type":"delete"}"#,
        ),
        (r#""stack":"retail-store""#, r#""stack":"other""#),
        (r#""region":"us-east-1""#, r#""region":"eu-west-1""#),
    ];
    for (from, to) in edits {
        assert!(text.contains(from), "{from}");
        let edited = text.replacen(from, to, 1);
        match SavedPlan::from_json(&edited) {
            Err(SavedPlanError::Digest { stored, computed }) => {
                assert_eq!(stored, saved.digest);
                assert_ne!(computed, saved.digest);
            }
            other => panic!("{from} -> {to}: {other:?}"),
        }
    }
}

/// Re-signs an edited saved plan, as anyone can: the digest proves content, not origin.
fn resign(v: &mut Value) -> String {
    v["digest"] = Value::from(digest_of(v));
    serde_json::to_string(v).unwrap()
}

#[test]
fn edited_documents_under_a_recomputed_digest_do_not_give_the_saved_changes() {
    let (desired, live) = reviewed();
    let saved = save(&desired, &live, vec![]);
    assert_eq!(saved.check_against(&live), Ok(()));

    let mut v = serde_json::to_value(&saved).unwrap();
    let resources = v["desired"]["resources"].as_array_mut().unwrap();
    let ui = resources
        .iter_mut()
        .find(|r| r["address"]["name"] == "retail-store-ecs-ui")
        .unwrap();
    ui["doc"]["containerDefinitions"][0]["image"] = json!("evil.example/miner:latest");
    let edited = SavedPlan::from_json(&resign(&mut v)).unwrap();
    match edited.check_against(&live) {
        Err(SavedPlanError::Mismatch(lines)) => assert_eq!(
            lines,
            vec![
                "task_definition.retail-store-ecs-ui: the saved documents give another `after` than the plan shows: containerDefinitions[application].image"
            ]
        ),
        other => panic!("{other:?}"),
    }

    // The plan's action edited: the documents give an update.
    let mut v = serde_json::to_value(&saved).unwrap();
    for c in v["plan"]["changes"].as_array_mut().unwrap() {
        if c["address"]["name"] == "ui" && c["address"]["kind"] == "service" {
            c["action"] = json!({"type": "delete"});
        }
    }
    let edited = SavedPlan::from_json(&resign(&mut v)).unwrap();
    match edited.check_against(&live) {
        Err(SavedPlanError::Mismatch(lines)) => assert_eq!(
            lines,
            vec!["service.ui: the plan shows delete but the saved documents give update"]
        ),
        other => panic!("{other:?}"),
    }

    // A resource added to the documents: its create is not in the plan.
    let mut v = serde_json::to_value(&saved).unwrap();
    let resources = v["desired"]["resources"].as_array_mut().unwrap();
    let mut extra = resources
        .iter()
        .find(|r| r["address"]["kind"] == "namespace")
        .unwrap()
        .clone();
    extra["address"]["name"] = json!("extra.local");
    extra["doc"]["name"] = json!("extra.local");
    resources.push(extra);
    let edited = SavedPlan::from_json(&resign(&mut v)).unwrap();
    match edited.check_against(&live) {
        Err(SavedPlanError::Mismatch(lines)) => assert_eq!(
            lines,
            vec!["namespace.extra.local: the saved documents give a change the plan does not show"]
        ),
        other => panic!("{other:?}"),
    }

    // A change dropped from the plan: its resource is live, so the plan reads as stale.
    let mut v = serde_json::to_value(&saved).unwrap();
    v["plan"]["changes"]
        .as_array_mut()
        .unwrap()
        .retain(|c| c["address"]["name"] != "ui" || c["address"]["kind"] != "service");
    let edited = SavedPlan::from_json(&resign(&mut v)).unwrap();
    match edited.check_against(&live) {
        Err(SavedPlanError::Stale(lines)) => assert_eq!(
            lines,
            vec!["service.ui is in AWS but not in the plan: it appeared since the plan was made"]
        ),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_stack_renamed_in_one_place_under_a_recomputed_digest_is_refused() {
    let (desired, live) = reviewed();
    let saved = save(&desired, &live, vec![]);
    let mut v = serde_json::to_value(&saved).unwrap();
    v["plan"]["stack"] = json!("other");
    match SavedPlan::from_json(&resign(&mut v)) {
        Err(SavedPlanError::Identity(m)) => assert!(m.contains("`other`"), "{m}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_stale_plan_names_what_moved_and_the_fields() {
    let (desired, live) = reviewed();
    let saved = save(&desired, &live, vec![]);
    let mut moved = live.clone();
    let catalog = Address::new(Kind::Service, "catalog");
    moved.resources.get_mut(&catalog).unwrap().doc["desiredCount"] = json!(3);
    let tg = Address::new(Kind::TargetGroup, "ui-application");
    moved.resources.remove(&tg);
    let assets = Address::new(Kind::Service, "assets");
    moved
        .resources
        .get_mut(&assets)
        .unwrap()
        .tags
        .insert("team".into(), "web".into());
    match saved.check_against(&moved) {
        Err(SavedPlanError::Stale(mut lines)) => {
            lines.sort();
            assert_eq!(
                lines,
                vec![
                    "service.assets changed in AWS since the plan (in its tags or in fields ecsform does not compare)",
                    "service.catalog changed in AWS since the plan: desiredCount",
                    "target_group.ui-application was deleted from AWS since the plan was made",
                ]
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_resource_of_the_stack_that_appeared_since_makes_the_plan_stale() {
    let (desired, live) = reviewed();
    // Planned without service.assets in AWS nor in the file.
    let mut small = desired.clone();
    small
        .resources
        .retain(|r| r.address != Address::new(Kind::Service, "assets"));
    let mut before = live.clone();
    before
        .resources
        .remove(&Address::new(Kind::Service, "assets"));
    let saved = save(&small, &before, vec![]);
    assert_eq!(saved.check_against(&before), Ok(()));
    // Then it appears, tagged with the stack: the plan would not delete it.
    match saved.check_against(&live) {
        Err(SavedPlanError::Stale(lines)) => assert_eq!(
            lines,
            vec![
                "service.assets is in AWS but not in the plan: it appeared since the plan was made"
            ]
        ),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_targeted_plan_is_checked_with_its_targets() {
    let (desired, live) = reviewed();
    let saved = save(
        &desired,
        &live,
        vec![Address::new(Kind::TaskDefinition, "retail-store-ecs-ui")],
    );
    assert!(saved.plan.changes.len() < retail_store().resources.len());
    assert_eq!(saved.check_against(&live), Ok(()));
}

#[test]
fn another_format_or_not_a_saved_plan_is_refused() {
    assert!(matches!(
        SavedPlan::from_json(r#"{"format":"ecsform-saved-plan/1","desired":{},"plan":{}}"#),
        Err(SavedPlanError::Format { found }) if found == "ecsform-saved-plan/1"
    ));
    assert!(matches!(
        SavedPlan::from_json("stack: x"),
        Err(SavedPlanError::NotASavedPlan(_))
    ));
    assert!(matches!(
        SavedPlan::from_json(&format!(r#"{{"format":"{SAVED_PLAN_FORMAT}"}}"#)),
        Err(SavedPlanError::NotASavedPlan(m)) if m.contains("digest")
    ));
}
