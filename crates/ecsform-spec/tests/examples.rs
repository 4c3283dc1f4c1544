//! The example stacks: valid, in line with the schema and with the
//! workshop's own task definitions and services.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use ecsform_spec::types::{Service, TaskDefinition};
use ecsform_spec::{Vars, load_document, load_path, schema, var_file};

const EXAMPLES: [&str; 3] = ["retail-store", "service-connect-nginx", "ec2-bridge-nginx"];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The variables `scripts/local-aws start` exports, as the CLI cases use them.
fn example_vars() -> Vars {
    let path = root().join("examples/example.env");
    let text = std::fs::read_to_string(&path).unwrap();
    Vars::isolated(var_file::parse("example.env", &text).unwrap())
}

fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_example_is_valid_without_a_warning() {
    for name in EXAMPLES {
        let loaded = load_path(&root().join("examples").join(name), &example_vars()).unwrap();
        assert_eq!(loaded.problems, vec![], "{name}");
        assert!(loaded.stack.is_some(), "{name}");
    }
}

#[test]
fn the_committed_schema_is_current() {
    let committed = std::fs::read_to_string(root().join(schema::SCHEMA_PATH)).unwrap_or_default();
    assert!(
        committed == schema::schema_json(),
        "{} is stale: regenerate it with `cargo xtask gen schema` (which writes `ecsform schema`'s output)",
        schema::SCHEMA_PATH,
    );
}

#[test]
fn every_example_file_names_the_schema_and_matches_it() {
    let schema_json: serde_json::Value = serde_json::from_str(&schema::schema_json()).unwrap();
    let validator = jsonschema::draft7::new(&schema_json).unwrap();
    for name in EXAMPLES {
        let dir = root().join("examples").join(name);
        for file in yaml_files(&dir) {
            let text = std::fs::read_to_string(&file).unwrap();
            let first = text.lines().next().unwrap_or_default();
            let rel = first
                .strip_prefix("# yaml-language-server: $schema=")
                .unwrap_or_else(|| panic!("{} lacks the $schema line", file.display()));
            let target = dir.join(rel).canonicalize().unwrap();
            assert_eq!(
                target,
                root().join(schema::SCHEMA_PATH).canonicalize().unwrap()
            );
            let value: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
            let errors: Vec<String> = validator
                .iter_errors(&value)
                .map(|e| e.to_string())
                .collect();
            assert_eq!(errors, Vec::<String>::new(), "{}", file.display());
        }
    }
}

#[test]
fn the_schema_rejects_what_the_loader_rejects() {
    let schema_json: serde_json::Value = serde_json::from_str(&schema::schema_json()).unwrap();
    let validator = jsonschema::draft7::new(&schema_json).unwrap();
    for bad in [
        "cluster: {clusterNme: x}",
        "services: [{serviceName: a, taskDefinition: b, launchType: FARGTE}]",
        "taskDefinitions: [{family: a, containerDefinitions: [{name: c}]}]",
    ] {
        let value: serde_json::Value = serde_saphyr::from_str(bad).unwrap();
        assert!(!validator.is_valid(&value), "{bad}");
    }
    // What the loader accepts, the schema accepts: interpolation in numbers, plain
    // scalars in strings.
    let ok: serde_json::Value =
        serde_saphyr::from_str("services: [{serviceName: a, taskDefinition: b, desiredCount: '${N}'}]\ntaskDefinitions: [{family: a, cpu: 256, containerDefinitions: [{name: c, image: i}]}]").unwrap();
    assert!(validator.is_valid(&ok));
}

fn fixture(rel: &str) -> String {
    std::fs::read_to_string(root().join("tests/fixtures").join(rel)).unwrap()
}

fn example_task_definition(family: &str) -> TaskDefinition {
    let loaded = load_path(&root().join("examples/retail-store"), &example_vars()).unwrap();
    let stack = loaded.stack.unwrap();
    stack
        .spec
        .task_definitions
        .into_iter()
        .find(|t| t.family == family)
        .unwrap()
}

/// The workshop's task definition JSON, read through the loader (JSON is YAML).
fn workshop_task_definition(file: &str) -> TaskDefinition {
    let (td, problems) = load_document::<TaskDefinition>(&fixture(file), &example_vars());
    assert_eq!(problems, vec![], "{file}");
    td.unwrap()
}

#[test]
fn retail_store_task_definitions_are_the_workshops() {
    for (family, file) in [
        ("retail-store-ecs-ui", "retail-store/ui.taskdef.v1.json"),
        (
            "retail-store-ecs-catalog",
            "retail-store/catalog.taskdef.json",
        ),
        (
            "retail-store-ecs-assets",
            "retail-store/assets.taskdef.json",
        ),
    ] {
        assert_eq!(
            example_task_definition(family),
            workshop_task_definition(file),
            "{family}"
        );
    }
}

#[test]
fn the_workshop_updates_load_too() {
    for file in [
        "retail-store/ui.taskdef.v2-banner.json",
        "retail-store/ui.taskdef.v3-connect.json",
    ] {
        let td = workshop_task_definition(file);
        let env = td.container_definitions[0].environment.clone().unwrap();
        assert!(!env.is_empty(), "{file}");
    }
}

#[test]
fn retail_store_services_are_the_workshops() {
    let services: serde_json::Value =
        serde_json::from_str(&fixture("retail-store/services-and-scaling.json")).unwrap();
    let loaded = load_path(&root().join("examples/retail-store"), &example_vars()).unwrap();
    let stack = loaded.stack.unwrap();
    assert_eq!(
        stack.spec.cluster.as_ref().unwrap().cluster_name,
        services["cluster"]
    );
    for want in services["services"].as_array().unwrap() {
        let name = want["serviceName"].as_str().unwrap();
        let got = stack
            .spec
            .services
            .iter()
            .find(|s| s.service_name == name)
            .unwrap();
        // The workshop gives the target group as an ARN placeholder; the example names it.
        let mut want = want.clone();
        if let Some(lbs) = want["loadBalancers"].as_array_mut() {
            for lb in lbs {
                let obj = lb.as_object_mut().unwrap();
                obj.remove("targetGroupArn");
                obj.insert("targetGroup".into(), "ui-application".into());
            }
        }
        let (want, problems) =
            load_document::<Service>(&serde_json::to_string(&want).unwrap(), &example_vars());
        assert_eq!(problems, vec![], "{name}");
        let mut got = got.clone();
        got.autoscaling = None;
        assert_eq!(got, want.unwrap(), "{name}");
    }
    let ui = stack
        .spec
        .services
        .iter()
        .find(|s| s.service_name == "ui")
        .unwrap();
    let scaling = &services["autoscaling"];
    let a = ui.autoscaling.as_ref().unwrap();
    assert_eq!(
        i64::from(a.min_capacity),
        scaling["registerScalableTarget"]["minCapacity"]
    );
    assert_eq!(
        i64::from(a.max_capacity),
        scaling["registerScalableTarget"]["maxCapacity"]
    );
    let policy = &a.policies.as_ref().unwrap()[0];
    assert_eq!(
        policy.policy_name,
        scaling["putScalingPolicy"]["policyName"]
    );
    let tt = policy
        .target_tracking_scaling_policy_configuration
        .as_ref()
        .unwrap();
    let want = &scaling["putScalingPolicy"]["targetTrackingScalingPolicyConfiguration"];
    assert_eq!(Some(tt.target_value), want["TargetValue"].as_f64());
    let metric = tt.predefined_metric_specification.as_ref().unwrap();
    assert_eq!(metric.target_group.as_deref(), Some("ui-application"));
    assert_eq!(
        serde_json::to_value(metric.predefined_metric_type).unwrap(),
        want["PredefinedMetricSpecification"]["PredefinedMetricType"]
    );
}

#[test]
fn real_aws_requests_load_as_stack_resources() {
    let vars = Vars::isolated([]);
    let (td, problems) = load_document::<TaskDefinition>(
        &fixture("aws-real/_pairs/register-task-definition.request.json"),
        &vars,
    );
    assert_eq!(problems, vec![]);
    assert_eq!(td.unwrap().family, "service-connect-nginx");
    // CreateService input, less `cluster` (a stack has one cluster).
    let mut req: serde_json::Value =
        serde_json::from_str(&fixture("aws-real/_pairs/create-service.request.json")).unwrap();
    req.as_object_mut().unwrap().remove("cluster");
    let (svc, problems) = load_document::<Service>(&req.to_string(), &vars);
    assert_eq!(problems, vec![]);
    let svc = svc.unwrap();
    assert_eq!(
        svc.service_connect_configuration.unwrap().services.unwrap()[0].port_name,
        "nginx"
    );
}
