#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use ecsform_model::desired::DesiredState;
use ecsform_model::live::LiveState;
use ecsform_model::{Address, Kind};
use ecsform_plan::{Plan, PlanOptions, plan};
use serde_json::{Value, json};

use super::*;

use ecsform_testkit::retail::{applied, retail_store};

fn resource<'a>(desired: &'a mut DesiredState, kind: Kind, name: &str) -> &'a mut Value {
    let address = Address::new(kind, name);
    &mut desired
        .resources
        .iter_mut()
        .find(|r| r.address == address)
        .unwrap_or_else(|| panic!("no {address} in the stack"))
        .doc
}

/// An empty account: everything is created.
fn creates() -> Plan {
    plan(
        &retail_store(),
        &LiveState::default(),
        &PlanOptions::default(),
    )
    .unwrap()
}

/// The workshop's banner step: a new task definition revision and a service update.
fn environment_change() -> Plan {
    let mut desired = retail_store();
    let live = applied(&desired);
    resource(&mut desired, Kind::TaskDefinition, "retail-store-ecs-ui")["containerDefinitions"]
        [0]["environment"] =
        json!([{"name": "RETAIL_UI_BANNER", "value": "We've updated the UI service!"}]);
    plan(&desired, &live, &PlanOptions::default()).unwrap()
}

/// `service.assets` gone from the file, and the UI's target group on another port.
fn delete_and_replace() -> Plan {
    let mut desired = retail_store();
    let live = applied(&desired);
    desired
        .resources
        .retain(|r| r.address != Address::new(Kind::Service, "assets"));
    resource(&mut desired, Kind::TargetGroup, "ui-application")["port"] = json!(9090);
    plan(&desired, &live, &PlanOptions::default()).unwrap()
}

/// The no-change plan: live as applied.
fn no_changes() -> Plan {
    let desired = retail_store();
    let live = applied(&desired);
    plan(&desired, &live, &PlanOptions::default()).unwrap()
}

fn plans() -> [(&'static str, Plan); 3] {
    [
        ("creates", creates()),
        ("environment_change", environment_change()),
        ("delete_and_replace", delete_and_replace()),
    ]
}

/// The plans are the ones the views are meant to show.
#[test]
fn the_plans_hold_what_their_names_say() {
    let actions = |plan: &Plan| -> Vec<String> {
        plan.changes
            .iter()
            .filter(|c| c.action != Action::NoOp)
            .map(|c| format!("{} {}", c.action.symbol(), c.address))
            .collect()
    };
    assert_eq!(creates().summary().add, 13);
    assert_eq!(
        actions(&environment_change()),
        vec!["~ task_definition.retail-store-ecs-ui", "~ service.ui"]
    );
    assert_eq!(
        actions(&delete_and_replace()),
        vec!["+/- target_group.ui-application", "- service.assets"]
    );
    assert!(!no_changes().has_changes());
}

#[test]
fn human_snapshots() {
    for (name, plan) in plans() {
        insta::assert_snapshot!(
            format!("human_{name}"),
            Human { color: false }.render(&plan)
        );
    }
}

#[test]
fn json_snapshots() {
    for (name, plan) in plans() {
        insta::assert_snapshot!(format!("json_{name}"), Json.render(&plan));
    }
}

#[test]
fn markdown_snapshots() {
    for (name, plan) in plans() {
        insta::assert_snapshot!(format!("markdown_{name}"), Markdown.render(&plan));
    }
}

#[test]
fn gitlab_snapshots() {
    for (name, plan) in plans() {
        insta::assert_snapshot!(format!("gitlab_{name}"), gitlab_report(&plan, None));
    }
}

#[test]
fn junit_snapshots() {
    for (name, plan) in plans() {
        insta::assert_snapshot!(format!("junit_{name}"), junit(&plan, None));
    }
}

/// Removes ANSI SGR sequences (`ESC [ ... m`).
fn strip_ansi(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            for d in chars.by_ref() {
                if d == 'm' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn human_text_reads_the_same_without_colour() {
    for (name, plan) in plans().into_iter().chain([("none", no_changes())]) {
        let plain = Human { color: false }.render(&plan);
        let colored = Human { color: true }.render(&plan);
        assert!(!plain.contains('\x1b'), "{name}: ANSI codes without colour");
        if plan.has_changes() {
            assert!(colored.contains('\x1b'), "{name}: no colour when asked");
        }
        assert_eq!(strip_ansi(&colored), plain, "{name}");
        for line in plain.lines() {
            assert_eq!(line, line.trim_end(), "{name}: trailing space in {line:?}");
        }
        assert!(plain.ends_with('\n'), "{name}");
        let last = plain.lines().last().unwrap();
        let s = plan.summary();
        let expected = if plan.has_changes() {
            format!(
                "Plan: {} to add, {} to change, {} to replace, {} to destroy.",
                s.add, s.change, s.replace, s.destroy
            )
        } else {
            "No changes. Live AWS matches the stack.".to_owned()
        };
        assert_eq!(last, expected, "{name}");
    }
}

#[test]
fn human_no_changes_counts_the_unchanged() {
    let text = Human { color: false }.render(&no_changes());
    assert_eq!(
        text,
        "Plan for stack retail-store\n\n13 resources unchanged.\nNo changes. Live AWS matches the stack.\n"
    );
}

#[test]
fn human_shows_unknown_values_and_nested_values_whole() {
    let text = Human { color: false }.render(&creates());
    assert!(
        text.contains("      + taskDefinition: (known after apply)\n"),
        "{text}"
    );
    // Nothing is cut, whatever the width.
    assert!(!text.contains('…'), "{text}");
    // A container definition is a block of indented lines, one member each.
    let block = [
        "      + containerDefinitions:",
        "          - name: \"application\"",
        "            image: \"public.ecr.aws/aws-containers/retail-store-sample-assets:0.7.0\"",
    ]
    .join("\n");
    assert!(text.contains(&block), "{text}");
    // Mappings of the canonical shape read as mappings too.
    assert!(
        text.contains("      + settings:\n          containerInsights: \"enabled\"\n"),
        "{text}"
    );
}

#[test]
fn json_parses_with_its_version_and_every_resource() {
    for (name, plan) in plans().into_iter().chain([("none", no_changes())]) {
        let text = Json.render(&plan);
        assert!(text.ends_with("}\n"), "{name}");
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["format_version"], "1.0", "{name}");
        assert_eq!(v["format_version"], ecsform_plan::FORMAT_VERSION);
        assert_eq!(v["stack"], "retail-store");
        let rc = v["resource_changes"].as_array().unwrap();
        assert_eq!(rc.len(), plan.changes.len(), "{name}: no-ops included");
        let s = plan.summary();
        assert_eq!(
            v["summary"],
            json!({"add": s.add, "change": s.change, "replace": s.replace, "destroy": s.destroy, "adopt": s.adopt})
        );
    }
    let v: Value = serde_json::from_str(&Json.render(&no_changes())).unwrap();
    assert!(
        v["resource_changes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["actions"] == json!(["no-op"]))
    );
    let v: Value = serde_json::from_str(&Json.render(&delete_and_replace())).unwrap();
    let tg = v["resource_changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["address"] == "target_group.ui-application")
        .unwrap();
    assert_eq!(tg["actions"], json!(["create", "delete"]));
    assert_eq!(tg["replace_paths"], json!(["port"]));
    assert_eq!(tg["type"], "target_group");
    assert_eq!(tg["name"], "ui-application");
}

#[test]
fn json_edges_point_in_apply_order() {
    let plan = environment_change();
    let v: Value = serde_json::from_str(&Json.render(&plan)).unwrap();
    let position = |address: &Value| {
        plan.changes
            .iter()
            .position(|c| Value::String(c.address.to_string()) == *address)
            .unwrap()
    };
    let edges = v["edges"].as_array().unwrap();
    assert!(!edges.is_empty());
    for e in edges {
        assert!(position(&e["from"]) < position(&e["to"]), "{e}");
    }
    assert!(edges.contains(&json!({
        "from": "task_definition.retail-store-ecs-ui",
        "to": "service.ui"
    })));
}

#[test]
fn gitlab_counts_a_replace_as_a_create_and_a_delete() {
    // One replace (target group) and one delete (service.assets).
    let report: Value = serde_json::from_str(&gitlab_report(&delete_and_replace(), None)).unwrap();
    assert_eq!(report, json!({"create": 1, "update": 0, "delete": 2}));
    let report: Value = serde_json::from_str(&gitlab_report(&environment_change(), None)).unwrap();
    assert_eq!(report, json!({"create": 0, "update": 2, "delete": 0}));
    let report: Value = serde_json::from_str(&gitlab_report(&no_changes(), None)).unwrap();
    assert_eq!(report, json!({"create": 0, "update": 0, "delete": 0}));
}

#[test]
fn markdown_graphs_only_changed_resources() {
    let text = Markdown.render(&environment_change());
    assert!(text.contains(
        "```mermaid\ngraph TD\n  n0[\"update task_definition.retail-store-ecs-ui\"]\n  n1[\"update service.ui\"]\n  n0 --> n1\n"
    ), "{text}");
    assert_eq!(text.matches("<details>").count(), 2);
    assert_eq!(text.matches("</details>").count(), 2);
    let none = Markdown.render(&no_changes());
    assert!(none.contains("No changes."), "{none}");
    assert!(!none.contains("mermaid"));
}

#[test]
fn markdown_keeps_an_arrow_through_an_unchanged_resource() {
    // target group -> listener (unchanged) -> service: the service still waits for the
    // target group.
    let mut p = delete_and_replace();
    let listener = Address::new(Kind::Listener, "retail-store-ecs-ui:80");
    let tg = Address::new(Kind::TargetGroup, "ui-application");
    let ui = Address::new(Kind::Service, "ui");
    p.edges = vec![(listener.clone(), tg), (ui.clone(), listener)];
    for c in &mut p.changes {
        if c.address == ui {
            c.action = Action::Update;
        }
    }
    let text = Markdown.render(&p);
    let tg_id = text
        .lines()
        .find(|l| l.ends_with("[\"replace target_group.ui-application\"]"))
        .and_then(|l| l.trim().split('[').next())
        .unwrap()
        .to_owned();
    let ui_id = text
        .lines()
        .find(|l| l.ends_with("[\"update service.ui\"]"))
        .and_then(|l| l.trim().split('[').next())
        .unwrap()
        .to_owned();
    assert!(text.contains(&format!("  {tg_id} --> {ui_id}\n")), "{text}");
}

#[test]
fn junit_has_a_case_per_resource_and_fails_the_changed_ones() {
    let plan = delete_and_replace();
    let xml = junit(&plan, None);
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"));
    assert_eq!(xml.matches("<testcase ").count(), plan.changes.len());
    assert_eq!(xml.matches("<failure ").count(), 2);
    assert!(xml.contains(&format!(
        "<testsuite name=\"ecsform plan retail-store\" tests=\"{}\" failures=\"2\"",
        plan.changes.len()
    )));
    // Markup in the failure text is escaped; JSON quotes stay readable.
    let xml = junit(&environment_change(), None);
    assert!(
        xml.contains(
            "~ taskDefinition: \"retail-store-ecs-ui:1\" -&gt; \"retail-store-ecs-ui:2\"\n"
        ),
        "{xml}"
    );
    assert!(xml.contains("We've updated the UI service!"), "{xml}");
}

/// A saved plan's digest, for the views of a saved plan.
const DIGEST: &str = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

/// Every view of a saved plan shows its digest, where people (and tools) look: the human
/// view and the Markdown note under their title, JSON as `digest`, the GitLab report as
/// `digest`, JUnit as a property of the suite. Without a digest, nothing is added.
#[test]
fn every_view_of_a_saved_plan_shows_its_digest() {
    let plan = environment_change();
    let views = [
        (
            "human",
            Human { color: false }.render_saved(&plan, Some(DIGEST)),
        ),
        ("json", Json.render_saved(&plan, Some(DIGEST))),
        ("markdown", Markdown.render_saved(&plan, Some(DIGEST))),
        ("gitlab", gitlab_report(&plan, Some(DIGEST))),
        ("junit", junit(&plan, Some(DIGEST))),
    ];
    for (name, text) in &views {
        assert_eq!(text.matches(DIGEST).count(), 1, "{name}:\n{text}");
        insta::assert_snapshot!(format!("{name}_saved"), text);
    }
    let json: Value = serde_json::from_str(&views[1].1).unwrap();
    assert_eq!(json["digest"], DIGEST);
    let keys: Vec<&String> = json.as_object().unwrap().keys().collect();
    assert_eq!(keys[..3], ["format_version", "stack", "digest"]);
    let gitlab: Value = serde_json::from_str(&views[3].1).unwrap();
    assert_eq!(gitlab["digest"], DIGEST);
    assert!(
        views[4].1.contains(&format!(
            "<property name=\"ecsform.saved_plan_digest\" value=\"{DIGEST}\"/>"
        )),
        "{}",
        views[4].1
    );
    // A plan that is not saved has no digest anywhere.
    assert!(!Human { color: false }.render(&plan).contains("digest"));
    assert!(!Json.render(&plan).contains("digest"));
    assert!(!gitlab_report(&plan, None).contains("digest"));
    assert!(!junit(&plan, None).contains("digest"));
}

#[test]
fn human_shows_a_reordered_list_as_its_blocks_before_and_after() {
    let mut desired = retail_store();
    let live = applied(&desired);
    let td = resource(&mut desired, Kind::TaskDefinition, "retail-store-ecs-ui");
    let app = td["containerDefinitions"][0].clone();
    let mut sidecar = app.clone();
    sidecar["name"] = json!("sidecar");
    sidecar["portMappings"] = json!([]);
    td["containerDefinitions"] = json!([sidecar, app]);
    let mut live2 = live.clone();
    let live_td = live2
        .resources
        .get_mut(&Address::new(Kind::TaskDefinition, "retail-store-ecs-ui"))
        .unwrap();
    let live_app = live_td.doc["containerDefinitions"][0].clone();
    let mut live_sidecar = live_app.clone();
    live_sidecar["name"] = json!("sidecar");
    live_sidecar["portMappings"] = json!([]);
    live_td.doc["containerDefinitions"] = json!([live_app, live_sidecar]);
    let plan = plan(&desired, &live2, &PlanOptions::default()).unwrap();
    let text = Human { color: false }.render(&plan);
    // The same containers in another order: one change, the list before and after.
    assert!(
        text.contains(
            "      ~ containerDefinitions:\n          before:\n            - name: \"application\"\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("          after:\n            - name: \"sidecar\"\n"),
        "{text}"
    );
}
