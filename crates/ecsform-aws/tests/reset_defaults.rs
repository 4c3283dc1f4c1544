//! Every default the table resets is put back by apply. For a service, every reset row of
//! the defaults table (`ecsform_model::defaults`) that the file leaves out is given another
//! value live; the plan shows each as a change, and the UpdateService request the executor
//! builds (captured at the HTTP layer) carries the default for each: a row whose default
//! UpdateService never sends would be a change no apply can remove.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};

use aws_smithy_http_client::test_util::infallible_client_fn;
use ecsform_apply::Executor;
use ecsform_aws::{AwsExecutor, Clients, ExecOptions};
use ecsform_model::defaults::{Managed, rows};
use ecsform_model::normalize::Context;
use ecsform_model::path::Seg;
use ecsform_model::{Address, Kind};
use ecsform_plan::{Action, PlanOptions, plan};
use ecsform_testkit::retail::{applied, retail_store};
use serde_json::{Value, json};

type Captured = Arc<Mutex<Vec<(String, String)>>>;

/// Clients whose every call is recorded (operation, body) and answered with `{}` (or a
/// service for UpdateService).
fn capturing(log: &Captured) -> Clients {
    let log = Arc::clone(log);
    let client = infallible_client_fn(move |req| {
        let body = req
            .body()
            .bytes()
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .unwrap_or_default();
        let op = req
            .headers()
            .get("x-amz-target")
            .and_then(|t| t.to_str().ok())
            .and_then(|t| t.rsplit('.').next())
            .unwrap_or_default()
            .to_owned();
        log.lock().unwrap().push((op.clone(), body));
        let answer = if op == "UpdateService" {
            json!({"service": {"serviceName": "catalog", "serviceArn": "arn:aws:ecs:us-east-1:123456789012:service/retail-store-ecs-cluster/catalog"}})
        } else {
            json!({})
        };
        http::Response::builder()
            .status(200)
            .header("content-type", "application/x-amz-json-1.1")
            .body(answer.to_string())
            .unwrap()
    });
    let config = aws_config::SdkConfig::builder()
        .behavior_version(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new("us-east-1"))
        .credentials_provider(aws_sdk_ecs::config::SharedCredentialsProvider::new(
            aws_sdk_ecs::config::Credentials::new("AKID", "SECRET", None, None, "test"),
        ))
        .http_client(client)
        .build();
    Clients::from_config(&config)
}

/// A live value other than the default, for each service field the table resets. A row
/// missing here fails the test: say what AWS could hold instead of the default.
fn other_value(path: &str) -> Option<Value> {
    Some(match path {
        "enableECSManagedTags" | "enableExecuteCommand" => json!(true),
        "propagateTags" => json!("SERVICE"),
        "healthCheckGracePeriodSeconds" => json!(60),
        "platformVersion" => json!("1.4.0"),
        "deploymentConfiguration.maximumPercent" => json!(150),
        "deploymentConfiguration.minimumHealthyPercent" => json!(50),
        "deploymentConfiguration.deploymentCircuitBreaker.enable"
        | "deploymentConfiguration.deploymentCircuitBreaker.rollback"
        | "deploymentConfiguration.alarms.enable"
        | "deploymentConfiguration.alarms.rollback" => json!(true),
        "deploymentConfiguration.alarms.alarmNames" => json!(["catalog-5xx"]),
        "deploymentConfiguration.strategy" => json!("BLUE_GREEN"),
        "networkConfiguration.awsvpcConfiguration.assignPublicIp" => json!("ENABLED"),
        "loadBalancers" => {
            json!([{"targetGroupArn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/other/1", "containerName": "application", "containerPort": 8080}])
        }
        "serviceRegistries" => {
            json!([{"registryArn": "arn:aws:servicediscovery:us-east-1:123456789012:service/srv-1"}])
        }
        "placementConstraints" => json!([{"type": "distinctInstance"}]),
        "placementStrategy" => json!([{"type": "random"}]),
        "volumeConfigurations" => {
            json!([{"name": "data", "managedEBSVolume": {"roleArn": "arn:aws:iam::123456789012:role/ebs", "sizeInGiB": 20}}])
        }
        "vpcLatticeConfigurations" => {
            json!([{"roleArn": "arn:aws:iam::123456789012:role/lattice", "targetGroupArn": "arn:aws:vpc-lattice:us-east-1:123456789012:targetgroup/tg-1", "portName": "application"}])
        }
        "gatewayConnectors" => json!([{"portName": "application"}]),
        "monitoring" => {
            json!({"metricConfigurations": [{"metricNames": ["CPUUtilization"], "resolutionSeconds": 20}]})
        }
        _ => return None,
    })
}

/// Rows UpdateService does not carry, by design: a change of these replaces the service
/// or goes through another call.
const NOT_BY_UPDATE_SERVICE: &[(&str, &str)] = &[
    ("schedulingStrategy", "forces a replacement"),
    ("deploymentController.type", "forces a replacement"),
    ("tags", "TagResource/UntagResource"),
    (
        "capacityProviderStrategy",
        "the cluster's default strategy: tested with the test bed (apply_local)",
    ),
];

fn at<'v>(doc: &'v Value, path: &str) -> Option<&'v Value> {
    path.split('.').try_fold(doc, |v, k| v.get(k))
}

fn set(doc: &mut Value, path: &str, value: Value) {
    let keys: Vec<&str> = path.split('.').collect();
    let mut v = doc;
    for k in &keys[..keys.len() - 1] {
        if v.get(*k).is_none() {
            v[*k] = json!({});
        }
        v = &mut v[*k];
    }
    v[keys[keys.len() - 1]] = value;
}

fn empty(v: &Value) -> bool {
    match v {
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => {
            o.is_empty()
                || o.get("enabled") == Some(&json!(false))
                || o.values().all(|v| v.as_array().is_some_and(Vec::is_empty))
        }
        _ => false,
    }
}

#[tokio::test]
async fn every_service_default_the_table_resets_is_sent_by_update_service() {
    let desired = retail_store();
    let address = Address::new(Kind::Service, "catalog");
    let file = desired.get(&address).unwrap().doc.clone();
    let mut live = applied(&desired);

    // The rows that apply: reset, no list wildcard, not set by the file.
    let names = BTreeMap::new();
    let autoscaled = BTreeSet::new();
    let cluster = desired
        .get(&Address::new(Kind::Cluster, "retail-store-ecs-cluster"))
        .map(|r| r.doc.clone());
    let ctx = Context::for_cluster(cluster.as_ref(), &names, &autoscaled);
    let expected = ecsform_model::compare::with_defaults(Kind::Service, &file, &ctx);
    let mut checked = Vec::new();
    let mut unknown = Vec::new();
    {
        let doc = &mut live.resources.get_mut(&address).unwrap().doc;
        for r in rows(Kind::Service).filter(|r| r.managed == Managed::Reset) {
            let pattern = r.pattern();
            if pattern.0.contains(&Seg::Each)
                || r.path.starts_with("serviceConnectConfiguration")
                || NOT_BY_UPDATE_SERVICE.iter().any(|(p, _)| *p == r.path)
                || at(&file, r.path).is_some()
            {
                continue;
            }
            match other_value(r.path) {
                Some(v) => {
                    set(doc, r.path, v);
                    checked.push(r.path);
                }
                None => unknown.push(r.path),
            }
        }
    }
    assert!(
        unknown.is_empty(),
        "give these reset rows a live value in other_value(): {unknown:?}"
    );

    // The plan shows each as a change.
    let p = plan(&desired, &live, &PlanOptions::default()).unwrap();
    let change = p
        .changes
        .iter()
        .find(|c| c.address == address)
        .unwrap()
        .clone();
    assert_eq!(change.action, Action::Update, "{:?}", change.changes);
    for path in &checked {
        assert!(
            change
                .changes
                .iter()
                .any(|c| c.path == *path || c.path.starts_with(&format!("{path}."))),
            "the plan does not show {path}: {:?}",
            change.changes
        );
    }

    // UpdateService carries the defaults.
    let log: Captured = Arc::default();
    let clients = capturing(&log);
    let options = ExecOptions {
        wait: false,
        ..ExecOptions::default()
    };
    let x = AwsExecutor::new(&clients, &desired, &live, options, &ecsform_apply::Silent);
    x.execute(&change).await.unwrap();
    let calls = log.lock().unwrap().clone();
    let body: Value = calls
        .iter()
        .find(|(op, _)| op == "UpdateService")
        .map(|(_, b)| serde_json::from_str(b).unwrap())
        .unwrap_or_else(|| panic!("no UpdateService among {calls:?}"));
    let mut wrong = Vec::new();
    for path in &checked {
        let sent = at(&body, path);
        let ok = match at(&expected, path) {
            Some(default) => sent == Some(default),
            // A default of none: sent, and empty (UpdateService keeps what it is not given).
            None => sent.is_some_and(empty),
        };
        if !ok {
            wrong.push(format!(
                "{path}: sent {sent:?}, default {:?}",
                at(&expected, path)
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "UpdateService does not put these back:\n{}\nrequest: {body}",
        wrong.join("\n")
    );
}
