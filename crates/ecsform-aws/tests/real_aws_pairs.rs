//! The real AWS request/response pairs of `tests/fixtures/aws-real/_pairs/`, through the SDK:
//! each response's JSON is what the SDK parses (served by a test HTTP client), converted
//! by the reader's conversions; the request, loaded as a stack file resource, is the
//! desired side. Normalized, they must compare equal: the plan says "no change".

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use aws_smithy_http_client::test_util::infallible_client_fn;
use ecsform_aws::convert;
use ecsform_model::Kind;
use ecsform_model::compare::compare;
use ecsform_model::normalize::Context;
use ecsform_spec::Vars;
use serde_json::Value;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures/aws-real/_pairs")
            .join(name),
    )
    .unwrap()
}

/// An SDK config whose every call is answered by `body` (HTTP 200, JSON).
fn answering(body: String) -> aws_config::SdkConfig {
    let client = infallible_client_fn(move |_req| {
        http::Response::builder()
            .status(200)
            .header("content-type", "application/x-amz-json-1.1")
            .body(body.clone())
            .unwrap()
    });
    aws_config::SdkConfig::builder()
        .behavior_version(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new("ap-northeast-1"))
        .credentials_provider(aws_sdk_ecs::config::SharedCredentialsProvider::new(
            aws_sdk_ecs::config::Credentials::new("AKID", "SECRET", None, None, "test"),
        ))
        .http_client(client)
        .build()
}

const NAMESPACE_ARN: &str =
    "arn:aws:servicediscovery:ap-northeast-1:123456789012:namespace/ns-vdpucf3aztj23ecw";

fn equal_after_normalization(kind: Kind, desired: &Value, live: &Value) {
    let names: BTreeMap<String, String> =
        [(NAMESPACE_ARN.to_owned(), "service-connect".to_owned())].into();
    let autoscaled = BTreeSet::new();
    let ctx = Context {
        names_by_arn: &names,
        autoscaled: &autoscaled,
        cluster_namespace: Some("service-connect"),
        cluster_strategy: None,
    };
    let c = compare(kind, desired, Some(live), &ctx);
    assert_eq!(Some(c.after), c.before, "{kind}");
}

fn desired<T: serde::de::DeserializeOwned + serde::Serialize>(text: &str) -> Value {
    let (v, problems) = ecsform_spec::load_document::<T>(text, &Vars::isolated([]));
    assert_eq!(problems, vec![]);
    serde_json::to_value(v.unwrap()).unwrap()
}

#[tokio::test]
async fn register_task_definition() {
    let ecs = aws_sdk_ecs::Client::new(&answering(fixture(
        "register-task-definition.response.json",
    )));
    let out = ecs
        .register_task_definition()
        .family("service-connect-nginx")
        .send()
        .await
        .unwrap();
    let td = out.task_definition().unwrap();
    let live =
        serde_json::to_value(convert::ecs::task_definition_from_sdk(td, out.tags()).unwrap())
            .unwrap();
    let want = desired::<ecsform_spec::types::TaskDefinition>(&fixture(
        "register-task-definition.request.json",
    ));
    equal_after_normalization(Kind::TaskDefinition, &want, &live);
}

#[tokio::test]
async fn create_service() {
    let ecs = aws_sdk_ecs::Client::new(&answering(fixture("create-service.response.json")));
    let out = ecs
        .create_service()
        .service_name("service-connect-nginx-service")
        .send()
        .await
        .unwrap();
    let svc = out.service().unwrap();
    let live = serde_json::to_value(convert::ecs::service_from_sdk(svc, &[]).unwrap()).unwrap();
    // Service Connect came from the PRIMARY deployment.
    assert_eq!(
        live["serviceConnectConfiguration"]["namespace"],
        NAMESPACE_ARN
    );
    let mut request: Value = serde_json::from_str(&fixture("create-service.request.json")).unwrap();
    request.as_object_mut().unwrap().remove("cluster");
    let mut want = desired::<ecsform_spec::types::Service>(&request.to_string());
    // The plan pins the family to the revision it registers (here the response's).
    want["taskDefinition"] = "service-connect-nginx:1".into();
    equal_after_normalization(Kind::Service, &want, &live);
}

#[tokio::test]
async fn create_cluster() {
    let ecs = aws_sdk_ecs::Client::new(&answering(fixture("create-cluster.response.json")));
    let out = ecs
        .create_cluster()
        .cluster_name("tutorial")
        .send()
        .await
        .unwrap();
    let live =
        serde_json::to_value(convert::ecs::cluster_from_sdk(out.cluster().unwrap()).unwrap())
            .unwrap();
    let want = desired::<ecsform_spec::types::Cluster>(
        "clusterName: tutorial\nsettings: [{name: containerInsights, value: enabled}]\nserviceConnectDefaults: {namespace: service-connect}\n",
    );
    equal_after_normalization(Kind::Cluster, &want, &live);
}

#[tokio::test]
async fn list_namespaces() {
    let sd =
        aws_sdk_servicediscovery::Client::new(&answering(fixture("list-namespaces.response.json")));
    let out = sd.list_namespaces().send().await.unwrap();
    let ns = &out.namespaces()[0];
    let live =
        serde_json::to_value(convert::cloudmap::namespace_summary_from_sdk(ns, &[])).unwrap();
    let want = desired::<ecsform_spec::types::Namespace>("name: service-connect\ntype: HTTP\n");
    equal_after_normalization(Kind::Namespace, &want, &live);
}
