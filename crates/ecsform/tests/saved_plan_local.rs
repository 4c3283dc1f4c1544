//! Saved plans are reviewed artefacts, end to end against the local test bed: the digest
//! of `ecsform plan --out FILE` is in every view of the plan and in the file, `ecsform
//! apply FILE` shows the plan (with its digest) before acting, refuses a file whose
//! content does not match its digest, a file whose desired documents do not give its
//! changes, a plan made for another region, and names what moved in AWS when the plan is
//! stale. Each refusal is checked to have changed nothing, with the aws CLI.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::path::Path;

use serde_json::Value;
use support::{Scratch, TestBed, text};

const CLUSTER: &str = "retail-store-ecs-cluster";
const UI_IMAGE: &str = "public.ecr.aws/aws-containers/retail-store-sample-ui:0.7.0";
const REVIEWED_IMAGE: &str = "public.ecr.aws/aws-containers/retail-store-sample-ui:0.8.0";

fn service(bed: &TestBed, name: &str) -> Value {
    bed.aws(&[
        "ecs",
        "describe-services",
        "--cluster",
        CLUSTER,
        "--services",
        name,
    ])["services"][0]
        .clone()
}

/// The image the ui service runs, read with the aws CLI.
fn ui_image(bed: &TestBed) -> String {
    let ui = service(bed, "ui");
    let arn = ui["taskDefinition"].as_str().unwrap();
    let td = bed.aws(&["ecs", "describe-task-definition", "--task-definition", arn]);
    td["taskDefinition"]["containerDefinitions"][0]["image"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// The ui service's tags, read with the aws CLI.
fn ui_tags(bed: &TestBed) -> Value {
    let arn = service(bed, "ui")["serviceArn"]
        .as_str()
        .unwrap()
        .to_owned();
    bed.aws(&["ecs", "list-tags-for-resource", "--resource-arn", &arn])["tags"].clone()
}

/// The digest as the book defines it, computed here independently: SHA-256 of the saved
/// plan's JSON without its `digest` member, object keys sorted at every level, no
/// whitespace; written `sha256:<64 hex digits>`.
fn documented_digest(saved: &Value) -> String {
    use sha2::Digest;
    fn canonical(v: &Value) -> Value {
        match v {
            Value::Object(m) => {
                let mut keys: Vec<&String> = m.keys().collect();
                keys.sort();
                Value::Object(
                    keys.into_iter()
                        .map(|k| (k.clone(), canonical(&m[k])))
                        .collect(),
                )
            }
            Value::Array(items) => Value::Array(items.iter().map(canonical).collect()),
            other => other.clone(),
        }
    }
    let mut v = saved.clone();
    v.as_object_mut().unwrap().remove("digest");
    let text = serde_json::to_string(&canonical(&v)).unwrap();
    let hash = sha2::Sha256::digest(text.as_bytes());
    let hex: String = hash.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The retail store applied, then the ui image moved to 0.8.0 in the file: the change a
/// team reviews.
fn reviewed_change(bed: &TestBed) -> Scratch {
    let stack = Scratch::of_example("retail-store");
    bed.apply(stack.path(), 0);
    stack.edit("task-definitions.yaml", UI_IMAGE, REVIEWED_IMAGE);
    assert_eq!(ui_image(bed), UI_IMAGE);
    stack
}

fn plan_out(bed: &TestBed, stack: &Scratch, file: &Path, extra: &[&str]) -> (String, String) {
    let mut args = vec!["plan", "-f", stack.path(), "--out", file.to_str().unwrap()];
    args.extend_from_slice(extra);
    let out = bed.ecsform(&args);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn the_digest_is_in_every_view_and_apply_shows_the_plan_with_it_before_acting() {
    let bed = TestBed::start();
    let stack = reviewed_change(&bed);

    let saved1 = stack.dir.join("plan-1.json");
    let junit = stack.dir.join("plan-junit.xml");
    let gitlab = stack.dir.join("plan-gitlab.json");
    let (json_view, _) = plan_out(
        &bed,
        &stack,
        &saved1,
        &[
            "-o",
            "json",
            "--junit",
            junit.to_str().unwrap(),
            "--gitlab-report",
            gitlab.to_str().unwrap(),
        ],
    );
    let file = read_json(&saved1);
    let digest = file["digest"].as_str().unwrap().to_owned();
    assert_eq!(
        digest,
        documented_digest(&file),
        "the digest is not the documented one"
    );
    assert!(
        digest.starts_with("sha256:") && digest.len() == 71,
        "{digest}"
    );
    let json_view: Value = serde_json::from_str(&json_view).unwrap();
    assert_eq!(json_view["digest"], digest.as_str(), "the JSON view");
    let junit = std::fs::read_to_string(&junit).unwrap();
    assert!(junit.contains(&digest), "the JUnit report:\n{junit}");
    let gitlab = read_json(&gitlab);
    assert_eq!(gitlab["digest"], digest.as_str(), "the GitLab report");

    // The same plan of the same live state has the same digest, whatever the view.
    let saved2 = stack.dir.join("plan-2.json");
    let (human_view, _) = plan_out(&bed, &stack, &saved2, &[]);
    assert_eq!(read_json(&saved2)["digest"], digest.as_str());
    assert!(
        human_view.contains(&format!("Saved plan digest: {digest}")),
        "the human view:\n{human_view}"
    );
    let saved3 = stack.dir.join("plan-3.json");
    let (markdown_view, _) = plan_out(&bed, &stack, &saved3, &["-o", "markdown"]);
    assert_eq!(read_json(&saved3)["digest"], digest.as_str());
    assert!(
        markdown_view.contains(&format!("`{digest}`")),
        "the Markdown view:\n{markdown_view}"
    );

    // An existing file is not replaced without --force; with it, the plan says so.
    let before = std::fs::read_to_string(&saved1).unwrap();
    let out = bed.ecsform(&[
        "plan",
        "-f",
        stack.path(),
        "--out",
        saved1.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("plan::out_exists") && text(&out).contains("exists already"),
        "{}",
        text(&out)
    );
    assert!(
        !text(&out).contains("Reading live state"),
        "refused after reading AWS"
    );
    assert_eq!(std::fs::read_to_string(&saved1).unwrap(), before);
    let (_, stderr) = plan_out(&bed, &stack, &saved1, &["--force"]);
    assert!(
        stderr.contains("replacing the file that was there"),
        "{stderr}"
    );
    assert_eq!(read_json(&saved1)["digest"], digest.as_str());

    // apply shows the plan, as `plan` showed it, digest included, then acts.
    let out = bed.ecsform(&["apply", saved1.to_str().unwrap(), "--poll-interval", "1"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let shown = String::from_utf8_lossy(&out.stdout);
    assert_eq!(shown, human_view, "apply did not show the reviewed plan");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(&digest), "{stderr}");
    let shown_at = stderr.find(&digest).unwrap();
    let acted_at = stderr
        .find("task_definition.retail-store-ecs-ui")
        .unwrap_or(usize::MAX);
    assert!(
        shown_at < acted_at,
        "the digest came after acting:\n{stderr}"
    );
    assert!(stderr.contains("Apply complete: 2 done"), "{stderr}");
    assert_eq!(ui_image(&bed), REVIEWED_IMAGE);
}

/// Tampered copies of a reviewed plan: none applies, nothing changes in AWS; the
/// reviewed plan then applies.
#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn a_saved_plan_edited_in_any_way_is_refused_and_nothing_changes() {
    let bed = TestBed::start();
    let stack = reviewed_change(&bed);
    let good = stack.dir.join("plan.json");
    plan_out(&bed, &stack, &good, &[]);
    let text_of_good = std::fs::read_to_string(&good).unwrap();
    let tags_before = ui_tags(&bed);

    let edit = |f: &dyn Fn(&mut Value)| -> String {
        let mut v: Value = serde_json::from_str(&text_of_good).unwrap();
        f(&mut v);
        serde_json::to_string(&v).unwrap()
    };
    fn replace_strings(v: &mut Value, from: &str, to: &str) {
        match v {
            Value::String(s) if s.contains(from) => *s = s.replace(from, to),
            Value::Array(items) => items.iter_mut().for_each(|i| replace_strings(i, from, to)),
            Value::Object(m) => m.values_mut().for_each(|i| replace_strings(i, from, to)),
            _ => {}
        }
    }
    // One flipped bit: 0.8.0 -> 0.9.0 in the first place the image is written.
    let flipped = {
        let mut bytes = text_of_good.clone().into_bytes();
        let at = text_of_good.find(REVIEWED_IMAGE).unwrap() + REVIEWED_IMAGE.len() - 3;
        assert_eq!(bytes[at], b'8');
        bytes[at] ^= 0x01;
        String::from_utf8(bytes).unwrap()
    };
    let evil_image = edit(&|v| replace_strings(v, REVIEWED_IMAGE, "evil.example/miner:latest"));
    let to_delete = edit(&|v| {
        let change = v["plan"]["changes"]
            .as_array_mut()
            .unwrap()
            .iter_mut()
            .find(|c| c["address"]["kind"] == "service" && c["address"]["name"] == "ui")
            .unwrap();
        assert_eq!(change["action"]["type"], "update");
        change["action"] = serde_json::json!({"type": "delete"});
    });
    let other_stack = edit(&|v| {
        fn rename(v: &mut Value) {
            match v {
                Value::Object(m) => {
                    for (k, x) in m.iter_mut() {
                        if k == "stack" && *x == "retail-store" {
                            *x = Value::from("other");
                        } else {
                            rename(x);
                        }
                    }
                }
                Value::Array(items) => items.iter_mut().for_each(rename),
                _ => {}
            }
        }
        rename(v);
    });
    let other_region = edit(&|v| v["desired"]["region"] = Value::from("eu-west-1"));

    for (what, tampered) in [
        ("one flipped bit in the image", flipped),
        ("the image edited", evil_image),
        ("an update made a delete", to_delete),
        ("the stack renamed", other_stack),
        ("the region edited", other_region),
    ] {
        assert_ne!(tampered, text_of_good, "{what}: nothing was edited");
        let file = stack.dir.join("tampered.json");
        std::fs::write(&file, &tampered).unwrap();
        let out = bed.ecsform(&["apply", file.to_str().unwrap(), "--poll-interval", "1"]);
        let all = text(&out);
        assert_eq!(out.status.code(), Some(1), "{what}: {all}");
        assert!(
            all.contains("apply::plan_digest") && all.contains("does not match its digest"),
            "{what}: {all}"
        );
        assert!(!all.contains("Apply complete"), "{what}: {all}");
        assert_eq!(ui_image(&bed), UI_IMAGE, "{what}: the image changed");
        let ui = service(&bed, "ui");
        assert_eq!(ui["status"], "ACTIVE", "{what}: {ui}");
        assert_eq!(ui_tags(&bed), tags_before, "{what}: the tags changed");
    }

    // The desired documents edited and the digest computed again: the plan still shows
    // 0.8.0, the documents the requests are built from say otherwise. Refused.
    let mut v: Value = serde_json::from_str(&text_of_good).unwrap();
    replace_strings(
        &mut v["desired"],
        REVIEWED_IMAGE,
        "evil.example/miner:latest",
    );
    v["digest"] = Value::from(documented_digest(&v));
    let file = stack.dir.join("tampered.json");
    std::fs::write(&file, serde_json::to_string(&v).unwrap()).unwrap();
    let out = bed.ecsform(&["apply", file.to_str().unwrap(), "--poll-interval", "1"]);
    let all = text(&out);
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(
        all.contains("apply::plan_mismatch") && all.contains("task_definition.retail-store-ecs-ui"),
        "{all}"
    );
    assert_eq!(
        ui_image(&bed),
        UI_IMAGE,
        "the edited documents were applied"
    );

    // The reviewed plan itself applies.
    let out = bed.ecsform(&["apply", good.to_str().unwrap(), "--poll-interval", "1"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(ui_image(&bed), REVIEWED_IMAGE);
    assert_eq!(
        ui_tags(&bed)
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["key"] == "ecsform:stack")
            .unwrap()["value"],
        "retail-store"
    );
}

/// A stack file without `region:` planned in one region and applied with AWS_REGION
/// pointing at another: refused, naming both, instead of reading the other region and
/// calling the stack's resources deleted.
#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn a_plan_made_for_another_region_is_refused_naming_both() {
    let bed = TestBed::start();
    let stack = Scratch::of_example("retail-store");
    stack.edit("stack.yaml", "region: ${AWS_REGION}\n", "");
    bed.apply(stack.path(), 0);
    stack.edit("task-definitions.yaml", UI_IMAGE, REVIEWED_IMAGE);
    let saved = stack.dir.join("plan.json");
    plan_out(&bed, &stack, &saved, &[]);
    let region = bed.env["AWS_REGION"].clone();
    assert_eq!(region, "us-east-1");

    let out = bed.ecsform_env(
        &["apply", saved.to_str().unwrap()],
        &[
            ("AWS_REGION", "eu-west-1"),
            ("AWS_DEFAULT_REGION", "eu-west-1"),
        ],
    );
    let all = text(&out);
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(
        all.contains("the plan was made for region us-east-1; AWS_REGION is eu-west-1"),
        "{all}"
    );
    assert!(!all.contains("deleted from AWS"), "{all}");
    let clusters = bed.aws(&["ecs", "list-clusters", "--region", "eu-west-1"]);
    assert_eq!(clusters["clusterArns"], serde_json::json!([]), "{clusters}");
    assert_eq!(ui_image(&bed), UI_IMAGE);
}

/// A stale plan is refused with what moved: the fields of a resource changed by hand.
#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn the_stale_message_names_the_fields_that_moved() {
    let bed = TestBed::start();
    let stack = reviewed_change(&bed);
    let saved = stack.dir.join("plan.json");
    plan_out(&bed, &stack, &saved, &[]);
    bed.aws(&[
        "ecs",
        "update-service",
        "--cluster",
        CLUSTER,
        "--service",
        "catalog",
        "--desired-count",
        "3",
    ]);
    let out = bed.ecsform(&["apply", saved.to_str().unwrap()]);
    let all = text(&out);
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(
        all.contains("apply::stale_plan")
            && all.contains("service.catalog changed in AWS since the plan: desiredCount"),
        "{all}"
    );
    assert_eq!(ui_image(&bed), UI_IMAGE, "nothing was changed");
}
