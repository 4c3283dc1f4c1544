//! No member dropped, proven from AWS's own API models (botocore's, pinned with the test
//! bed: `scripts/local-aws.requirements.txt`).
//!
//! (a) file -> request: a stack file resource with every member of the AWS input shape
//! set (`model_round_trip/generate.py` writes it from the model) is loaded as the stack
//! file type (an unknown key is an error there), turned into the request the executor
//! sends, sent through the SDK to a capturing HTTP client, and the captured body must
//! hold every member path that was set.
//! (b) response -> live document: a response with every member of the output shape set
//! is parsed by the SDK and converted by the reader's `*_from_sdk` conversions, and the
//! live document must hold every member path the file can set.
//!
//! Members ecsform deliberately does not take or keep are in [`EXCLUDED`], with the
//! reason; members of the model the SDK crates do not have yet are reported (printed),
//! not failed. Anything else missing fails, naming the member path.
//!
//! End-to-end tests in that they need the test bed's Python (`#[ignore]`d: plain
//! `cargo test` needs no Python; `scripts/test` runs them with `--include-ignored`).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stdout
)]

#[path = "model_round_trip/support.rs"]
mod support;

use std::collections::{BTreeMap, BTreeSet};

use ecsform_aws::convert;
use ecsform_spec::Vars;
use serde_json::{Value, json};
use support::{
    Captured, Generated, Request, SdkMembers, capturing, generate, input, json_paths, output,
    query_paths,
};

/// What ecsform deliberately does not take (`file`: the stack file has no such member, so
/// it is neither sent nor read back) or does not read back (`read`: the file has it, the
/// reader does not return it), as `(scope, "<Operation>.<member path>", reason)`. A
/// `read` path is the file's (`<Operation>` the input the file follows).
const EXCLUDED: &[(&str, &str, &str)] = &[
    // ---- ECS: services
    ("file", "CreateService.cluster", "the stack has one cluster"),
    ("file", "CreateService.clientToken", "ecsform generates it"),
    ("file", "UpdateService.cluster", "the stack has one cluster"),
    (
        "file",
        "UpdateService.service",
        "the file's `serviceName` (sent as `service`)",
    ),
    (
        "sent",
        "UpdateService.deploymentController",
        "a change of the deployment controller replaces the service (ecsform-plan's forces_replacement)",
    ),
    (
        "sent",
        "UpdateService.forceNewDeployment",
        "not a member of the file: the executor sets it when the capacity provider strategy changes (exec/ecs/service.rs)",
    ),
    // ---- ELBv2
    (
        "sent",
        "ModifyRule.ResetTransforms",
        "sent only when the file drops its transforms: AWS refuses it together with Transforms (exec/elb/listener_rule.rs update_rule)",
    ),
    (
        "read",
        "CreateLoadBalancer.subnets",
        "AWS takes subnets or subnet mappings, not both: the reader gives subnet mappings when a zone has an address the caller chose, subnets otherwise",
    ),
    (
        "read",
        "CreateLoadBalancer.subnetMappings.iPv6Address",
        "AWS gives every zone of a dualstack load balancer an IPv6 address, chosen or not: the reader cannot tell a chosen one",
    ),
    (
        "read",
        "CreateLoadBalancer.subnetMappings.sourceNatIpv6Prefix",
        "the file may say `auto_assigned`, AWS returns the prefix it picked: the reader cannot tell a chosen one",
    ),
    // ---- Application Auto Scaling: derived from the service the block belongs to
    (
        "file",
        "RegisterScalableTarget.ServiceNamespace",
        "always `ecs`",
    ),
    (
        "file",
        "RegisterScalableTarget.ResourceId",
        "`service/<cluster>/<service>` of the service the block belongs to",
    ),
    (
        "file",
        "RegisterScalableTarget.ScalableDimension",
        "always `ecs:service:DesiredCount`",
    ),
    ("file", "PutScalingPolicy.ServiceNamespace", "always `ecs`"),
    (
        "file",
        "PutScalingPolicy.ResourceId",
        "`service/<cluster>/<service>` of the service the block belongs to",
    ),
    (
        "file",
        "PutScalingPolicy.ScalableDimension",
        "always `ecs:service:DesiredCount`",
    ),
    (
        "file",
        "PutScheduledAction.ServiceNamespace",
        "always `ecs`",
    ),
    (
        "file",
        "PutScheduledAction.ResourceId",
        "`service/<cluster>/<service>` of the service the block belongs to",
    ),
    (
        "file",
        "PutScheduledAction.ScalableDimension",
        "always `ecs:service:DesiredCount`",
    ),
    // ---- Cloud Map
    (
        "file",
        "CreateHttpNamespace.CreatorRequestId",
        "ecsform generates it",
    ),
    (
        "file",
        "CreatePrivateDnsNamespace.CreatorRequestId",
        "ecsform generates it",
    ),
    (
        "file",
        "CreatePublicDnsNamespace.CreatorRequestId",
        "ecsform generates it",
    ),
];

fn excluded(scope: &str, path: &str) -> bool {
    EXCLUDED
        .iter()
        .any(|(s, p, _)| *s == scope && (path == *p || path.starts_with(&format!("{p}."))))
}

fn file_omissions(op: &str) -> Vec<String> {
    EXCLUDED
        .iter()
        .filter(|(s, p, _)| *s == "file" && p.starts_with(&format!("{op}.")))
        .map(|(_, p, _)| p[op.len() + 1..].to_owned())
        .collect()
}

/// What the checks found, reported at the end of the test.
#[derive(Debug, Default)]
struct Findings {
    /// Member paths checked, by check.
    checked: Vec<(String, usize)>,
    dropped: Vec<String>,
    not_in_sdk: BTreeSet<String>,
    problems: Vec<String>,
}

impl Findings {
    fn finish(self) {
        for (what, n) in &self.checked {
            println!("{what}: {n} member paths");
            assert!(*n > 0, "{what}: no member path checked");
        }
        if !self.not_in_sdk.is_empty() {
            println!("members of the botocore model that the SDK crates do not have yet:");
            for p in &self.not_in_sdk {
                println!("  {p}");
            }
        }
        let mut fail = self.problems;
        fail.extend(self.dropped.into_iter().map(|p| format!("dropped: {p}")));
        assert!(fail.is_empty(), "\n{}\n", fail.join("\n"));
    }
}

/// Shape names the SDK may give a model shape (`XRequest` -> `XInput`, `XResponse` ->
/// `XOutput`).
fn sdk_names(shape: &str) -> Vec<String> {
    let mut names = vec![shape.to_owned()];
    if let Some(s) = shape.strip_suffix("Request") {
        names.push(format!("{s}Input"));
    }
    if let Some(s) = shape.strip_suffix("Response") {
        names.push(format!("{s}Output"));
    }
    names
}

/// Removes from `gen` (document and paths) the members the SDK lacks, recording them.
fn drop_not_in_sdk(op: &str, doc: &mut Generated, sdk: &SdkMembers, findings: &mut Findings) {
    let missing: Vec<String> = doc
        .paths
        .iter()
        .filter(|(_, (shape, member))| {
            let names = sdk_names(shape);
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            sdk.has(&names, member) == Some(false)
        })
        .map(|(p, _)| p.clone())
        .collect();
    for p in missing {
        let (shape, member) = doc.paths[&p].clone();
        findings
            .not_in_sdk
            .insert(format!("{op}.{p} ({shape}.{member})"));
        support::remove(&mut doc.doc, &p);
        doc.paths
            .retain(|q, _| q != &p && !q.starts_with(&format!("{p}.")));
    }
}

/// Loads `doc` as the stack file type `T`; every problem is a finding.
fn load<T: serde::de::DeserializeOwned>(
    what: &str,
    doc: &Value,
    findings: &mut Findings,
) -> Option<T> {
    let (v, problems) = ecsform_spec::load_document::<T>(&doc.to_string(), &Vars::isolated([]));
    for p in &problems {
        findings.problems.push(format!(
            "{what}: the stack file refuses the document: {} {:?}",
            p.message, p.help
        ));
    }
    v
}

/// Every member path of `expected` (`<op>.` prefixed paths of the model) must be in `got`.
fn check_sent(
    op: &str,
    expected: &BTreeMap<String, (String, String)>,
    got: &BTreeSet<String>,
    findings: &mut Findings,
) {
    findings
        .checked
        .push((format!("{op} request"), expected.len()));
    for p in expected.keys() {
        let full = format!("{op}.{p}");
        if !got.contains(p) && !excluded("file", &full) && !excluded("sent", &full) {
            findings
                .dropped
                .push(format!("{full} (not in the request)"));
        }
    }
}

/// Every path of the file document (`file_paths`) must be in the live document's paths.
fn check_read(
    op: &str,
    file_paths: &BTreeSet<String>,
    live_paths: &BTreeSet<String>,
    findings: &mut Findings,
) {
    findings
        .checked
        .push((format!("{op} read back"), file_paths.len()));
    for p in file_paths {
        let full = format!("{op}.{p}");
        if !live_paths.contains(p) && !excluded("read", &full) {
            findings
                .dropped
                .push(format!("{full} (not in the live document)"));
        }
    }
}

fn to_value<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap()
}

// ---- ECS ------------------------------------------------------------------------------

const ECS_JSON: &str = "application/x-amz-json-1.1";

fn ecs_client(captured: &Captured, answers: BTreeMap<String, String>) -> aws_sdk_ecs::Client {
    aws_sdk_ecs::Client::new(&capturing(captured, move |op| {
        (
            answers.get(op).cloned().unwrap_or_else(|| "{}".to_owned()),
            ECS_JSON,
        )
    }))
}

fn ecs_sdk() -> SdkMembers {
    let mut sdk = SdkMembers::default();
    sdk.add_registry(aws_sdk_ecs::Client::registry());
    sdk
}

fn body_paths(captured: &Captured, op: &str) -> BTreeSet<String> {
    let bodies = captured.bodies(op);
    assert_eq!(bodies.len(), 1, "one {op} request, got {bodies:?}");
    let v: Value = serde_json::from_str(&bodies[0]).unwrap();
    json_paths(&v, &BTreeSet::new())
}

#[tokio::test]
#[ignore = "end to end: needs the test bed's Python, for botocore's models (scripts/test runs it)"]
async fn ecs_task_definitions_services_and_clusters() {
    let mut findings = Findings::default();
    let mut sdk = ecs_sdk();
    let requests: Vec<Request> = vec![
        input(
            "ecs",
            "RegisterTaskDefinition",
            file_omissions("RegisterTaskDefinition"),
        ),
        input("ecs", "CreateService", file_omissions("CreateService")),
        input("ecs", "UpdateService", file_omissions("UpdateService")),
        input("ecs", "CreateCluster", file_omissions("CreateCluster")),
        output("ecs", "DescribeTaskDefinition"),
        output("ecs", "DescribeServices"),
        output("ecs", "DescribeServiceRevisions"),
        output("ecs", "DescribeClusters"),
    ];
    let mut g = generate(&requests).into_iter();
    let (mut td_in, mut svc_in, mut upd_in, mut cluster_in) = (
        g.next().unwrap(),
        g.next().unwrap(),
        g.next().unwrap(),
        g.next().unwrap(),
    );
    let (td_out, mut svc_out, rev_out, cluster_out) = (
        g.next().unwrap(),
        g.next().unwrap(),
        g.next().unwrap(),
        g.next().unwrap(),
    );
    // The reader reads Service Connect and the like from the PRIMARY deployment.
    support::set(
        &mut svc_out.doc,
        "services.deployments.status",
        json!("PRIMARY"),
    );

    // The SDK's top-level input and output members, from its builders' renderings.
    let captured = Captured::default();
    let client = ecs_client(&captured, BTreeMap::new());
    sdk.add_debug(&format!(
        "{:?}",
        client.register_task_definition().as_input()
    ));
    sdk.add_debug(&format!("{:?}", client.create_service().as_input()));
    sdk.add_debug(&format!("{:?}", client.update_service().as_input()));
    sdk.add_debug(&format!("{:?}", client.create_cluster().as_input()));

    drop_not_in_sdk("RegisterTaskDefinition", &mut td_in, &sdk, &mut findings);
    drop_not_in_sdk("CreateService", &mut svc_in, &sdk, &mut findings);
    drop_not_in_sdk("UpdateService", &mut upd_in, &sdk, &mut findings);
    drop_not_in_sdk("CreateCluster", &mut cluster_in, &sdk, &mut findings);

    // (a) RegisterTaskDefinition
    let td: Option<ecsform_spec::types::TaskDefinition> =
        load("RegisterTaskDefinition", &td_in.doc, &mut findings);
    if let Some(td) = &td {
        let tags = convert::ecs::tags_to_sdk(td.tags.as_deref().unwrap_or_default());
        convert::ecs::register_task_definition_request(&client, td, tags)
            .unwrap()
            .send()
            .await
            .unwrap();
        let got = body_paths(&captured, "RegisterTaskDefinition");
        check_sent("RegisterTaskDefinition", &td_in.paths, &got, &mut findings);
    }

    // (a) CreateService, UpdateService
    let svc: Option<ecsform_spec::types::Service> =
        load("CreateService", &svc_in.doc, &mut findings);
    if let Some(svc) = &svc {
        let arn = |_: &str| None;
        let refs = convert::ecs::ServiceRefs {
            task_definition: svc.task_definition.clone(),
            target_group_arn: &arn,
        };
        let tags = convert::ecs::tags_to_sdk(svc.tags.as_deref().unwrap_or_default());
        convert::ecs::create_service_request(&client, "cluster", svc, &refs, tags)
            .unwrap()
            .send()
            .await
            .unwrap();
        let got = body_paths(&captured, "CreateService");
        check_sent("CreateService", &svc_in.paths, &got, &mut findings);
        convert::ecs::update_service_request(
            &client,
            "cluster",
            svc,
            &refs,
            svc.desired_count,
            &|_| true,
        )
        .unwrap()
        .send()
        .await
        .unwrap();
        let got = body_paths(&captured, "UpdateService");
        check_sent("UpdateService", &upd_in.paths, &got, &mut findings);
    }

    // (a) CreateCluster
    let cluster: Option<ecsform_spec::types::Cluster> =
        load("CreateCluster", &cluster_in.doc, &mut findings);
    if let Some(c) = &cluster {
        let tags = convert::ecs::tags_to_sdk(c.tags.as_deref().unwrap_or_default());
        convert::ecs::create_cluster_request(&client, c, tags)
            .unwrap()
            .send()
            .await
            .unwrap();
        let got = body_paths(&captured, "CreateCluster");
        check_sent("CreateCluster", &cluster_in.paths, &got, &mut findings);
    }

    // (a) UpdateCluster, through the executor: the live cluster lacks what it sets
    if let Some(c) = &cluster {
        let upd = generate(&[input(
            "ecs",
            "UpdateCluster",
            file_omissions("UpdateCluster"),
        )])
        .pop()
        .unwrap();
        let stack = ecsform_spec::types::StackFile {
            stack: Some(STACK.to_owned()),
            cluster: Some(c.clone()),
            ..Default::default()
        };
        let desired = ecsform_model::desired::desired_state(&ecsform_spec::Stack {
            name: STACK.to_owned(),
            spec: stack.clone(),
        });
        let strip: BTreeMap<ecsform_model::Kind, Vec<String>> =
            [(ecsform_model::Kind::Cluster, top_level(&upd))].into();
        let live = live_without(&desired, &strip);
        let captured = Captured::default();
        execute(
            stack,
            &live,
            &[ecsform_model::Kind::Cluster],
            &captured,
            &mut findings,
        )
        .await;
        check_captured("UpdateCluster", &upd, &captured, false, &mut findings);
    }

    // (b) the reads
    let answers: BTreeMap<String, String> = [
        ("DescribeTaskDefinition", &td_out),
        ("DescribeServices", &svc_out),
        ("DescribeServiceRevisions", &rev_out),
        ("DescribeClusters", &cluster_out),
    ]
    .into_iter()
    .map(|(op, g)| (op.to_owned(), g.doc.to_string()))
    .collect();
    let reader = ecs_client(&Captured::default(), answers);
    let none = BTreeSet::new();
    if let Some(td) = &td {
        let out = reader
            .describe_task_definition()
            .task_definition("x")
            .send()
            .await
            .unwrap();
        let live =
            convert::ecs::task_definition_from_sdk(out.task_definition().unwrap(), out.tags())
                .unwrap();
        check_read(
            "RegisterTaskDefinition",
            &json_paths(&to_value(td), &none),
            &json_paths(&to_value(&live), &none),
            &mut findings,
        );
    }
    if let Some(svc) = &svc {
        let out = reader.describe_services().send().await.unwrap();
        let sdk_svc = &out.services()[0];
        let mut live = convert::ecs::service_from_sdk(sdk_svc, sdk_svc.tags()).unwrap();
        let revs = reader.describe_service_revisions().send().await.unwrap();
        convert::ecs::service_revision_into(&revs.service_revisions()[0], &mut live);
        check_read(
            "CreateService",
            &json_paths(&to_value(svc), &none),
            &json_paths(&to_value(&live), &none),
            &mut findings,
        );
    }
    if let Some(c) = &cluster {
        let out = reader.describe_clusters().send().await.unwrap();
        let live = convert::ecs::cluster_from_sdk(&out.clusters()[0]).unwrap();
        check_read(
            "CreateCluster",
            &json_paths(&to_value(c), &none),
            &json_paths(&to_value(&live), &none),
            &mut findings,
        );
    }
    findings.finish();
}

// ---- ELBv2, Application Auto Scaling, Cloud Map: through the executor -----------------

const STACK: &str = "model";

/// Answers of every operation of the four services: the generated outputs (ELBv2 as
/// XML), with what the executor's waits need to end (a Cloud Map operation succeeded).
fn executor_answers() -> BTreeMap<String, (String, &'static str)> {
    let mut answers = BTreeMap::new();
    for service in ["ecs", "servicediscovery", "application-autoscaling"] {
        for (op, mut g) in support::all_outputs(service) {
            if op == "GetOperation" {
                support::set(&mut g.doc, "Operation.Status", json!("SUCCESS"));
                support::set(
                    &mut g.doc,
                    "Operation.Targets",
                    json!({"NAMESPACE": "ns-1"}),
                );
            }
            answers.insert(op, (g.doc.to_string(), ECS_JSON));
        }
    }
    for (op, g) in support::all_outputs("elbv2") {
        answers.insert(op, (g.xml.unwrap(), "text/xml"));
    }
    answers
}

fn executor_clients(captured: &Captured) -> ecsform_aws::Clients {
    let answers = executor_answers();
    let config = capturing(captured, move |op| {
        answers
            .get(op)
            .cloned()
            .unwrap_or_else(|| ("{}".to_owned(), ECS_JSON))
    });
    ecsform_aws::Clients::from_parts(
        aws_sdk_ecs::Client::new(&config),
        aws_sdk_elasticloadbalancingv2::Client::new(&config),
        aws_sdk_applicationautoscaling::Client::new(&config),
        aws_sdk_servicediscovery::Client::new(&config),
        aws_sdk_resourcegroupstagging::Client::new(&config),
    )
}

/// Plans `stack` against `live` and executes every change of `kinds`; failures are findings.
async fn execute(
    stack: ecsform_spec::types::StackFile,
    live: &ecsform_model::live::LiveState,
    kinds: &[ecsform_model::Kind],
    captured: &Captured,
    findings: &mut Findings,
) -> ecsform_model::desired::DesiredState {
    let desired = ecsform_model::desired::desired_state(&ecsform_spec::Stack {
        name: STACK.to_owned(),
        spec: stack,
    });
    let planned = match ecsform_plan::plan(&desired, live, &ecsform_plan::PlanOptions::default()) {
        Ok(p) => p,
        Err(e) => {
            findings.problems.push(format!("plan: {e}"));
            return desired;
        }
    };
    let clients = executor_clients(captured);
    let options = ecsform_aws::ExecOptions {
        wait: false,
        wait_timeout: std::time::Duration::from_secs(5),
        poll_interval: std::time::Duration::from_millis(1),
        keep_revisions: 5,
    };
    let x =
        ecsform_aws::AwsExecutor::new(&clients, &desired, live, options, &ecsform_apply::Silent);
    for c in &planned.changes {
        if kinds.contains(&c.address.kind)
            && let Err(e) = ecsform_apply::Executor::execute(&x, c).await
        {
            findings
                .problems
                .push(format!("{} {:?}: {e}", c.address, c.action));
        }
    }
    desired
}

/// Live state as if `desired` had been applied, less the top-level fields in `strip` (by
/// kind): planned against it, those fields are updates.
fn live_without(
    desired: &ecsform_model::desired::DesiredState,
    strip: &BTreeMap<ecsform_model::Kind, Vec<String>>,
) -> ecsform_model::live::LiveState {
    let mut live = ecsform_model::live::LiveState::default();
    for r in &desired.resources {
        let mut doc = r.doc.clone();
        for f in strip.get(&r.address.kind).into_iter().flatten() {
            doc.as_object_mut().unwrap().remove(f);
        }
        let arn = format!(
            "arn:aws:test:us-east-1:123456789012:{}/{}",
            r.address.kind, r.address.name
        );
        live.resources.insert(
            r.address.clone(),
            ecsform_model::live::LiveResource {
                address: r.address.clone(),
                arn,
                doc,
                tags: [(ecsform_model::STACK_TAG.to_owned(), STACK.to_owned())].into(),
                revision: None,
            },
        );
    }
    live
}

/// The top-level members of an input (`XInput` of the model) as the file names them.
fn top_level(g: &Generated) -> Vec<String> {
    g.paths
        .keys()
        .filter(|p| !p.contains('.'))
        .map(|p| support::lower_first(p))
        .collect()
}

/// Checks the one captured request of `op` (awsQuery or JSON) against `g`.
fn check_captured(
    op: &str,
    g: &Generated,
    captured: &Captured,
    query: bool,
    findings: &mut Findings,
) {
    let bodies = captured.bodies(op);
    if bodies.is_empty() {
        findings
            .problems
            .push(format!("{op}: the executor sent no {op}"));
        return;
    }
    let mut got = BTreeSet::new();
    for b in &bodies {
        if query {
            got.extend(query_paths(b));
        } else {
            let v: Value = serde_json::from_str(b).unwrap();
            got.extend(json_paths(&v, &BTreeSet::new()));
        }
    }
    check_sent(op, &g.paths, &got, findings);
}

fn drop_all(ops: &mut [(&str, &mut Generated)], sdk: &SdkMembers, findings: &mut Findings) {
    for (op, g) in ops.iter_mut() {
        drop_not_in_sdk(op, g, sdk, findings);
    }
}

#[tokio::test]
#[ignore = "end to end: needs the test bed's Python, for botocore's models (scripts/test runs it)"]
async fn elb_load_balancers_target_groups_listeners_rules() {
    use ecsform_model::Kind;
    let mut findings = Findings::default();
    let ops = [
        "CreateLoadBalancer",
        "CreateTargetGroup",
        "CreateListener",
        "CreateRule",
        "ModifyTargetGroup",
        "ModifyListener",
        "ModifyRule",
        "ModifyLoadBalancerAttributes",
        "ModifyTargetGroupAttributes",
        "ModifyListenerAttributes",
        // A load balancer's PrivateLink flag: SetSecurityGroups only sets it.
        "SetSecurityGroups",
    ];
    let requests: Vec<Request> = ops
        .iter()
        .map(|op| input("elbv2", op, file_omissions(op)))
        .collect();
    let mut g = generate(&requests);
    let mut outputs = support::all_outputs("elbv2");
    // A rule's priority is a number in a string.
    let rules_xml = outputs["DescribeRules"].xml.clone().unwrap();
    outputs.get_mut("DescribeRules").unwrap().xml =
        Some(rules_xml.replace("<Priority>a1</Priority>", "<Priority>1</Priority>"));
    // The PrivateLink flag is a plain string in DescribeLoadBalancers' model, the
    // enumeration `on`/`off` in SetSecurityGroups' (what the file follows).
    let flag = "EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic";
    let lbs_xml = outputs["DescribeLoadBalancers"].xml.clone().unwrap();
    outputs.get_mut("DescribeLoadBalancers").unwrap().xml = Some(lbs_xml.replace(
        &format!("<{flag}>a1</{flag}>"),
        &format!("<{flag}>on</{flag}>"),
    ));

    // The SDK's members: its renderings of its inputs and of the parsed outputs.
    let captured = Captured::default();
    let mut sdk = SdkMembers::default();
    let reader = aws_sdk_elasticloadbalancingv2::Client::new(&capturing(&captured, {
        let outputs = outputs.clone();
        move |op| (outputs[op].xml.clone().unwrap(), "text/xml")
    }));
    sdk.add_debug(&format!("{:?}", reader.create_load_balancer().as_input()));
    sdk.add_debug(&format!("{:?}", reader.create_target_group().as_input()));
    sdk.add_debug(&format!("{:?}", reader.create_listener().as_input()));
    sdk.add_debug(&format!("{:?}", reader.create_rule().as_input()));
    sdk.add_debug(&format!("{:?}", reader.modify_target_group().as_input()));
    sdk.add_debug(&format!("{:?}", reader.modify_listener().as_input()));
    sdk.add_debug(&format!("{:?}", reader.modify_rule().as_input()));
    sdk.add_debug(&format!("{:?}", reader.set_security_groups().as_input()));
    let lbs = reader.describe_load_balancers().send().await.unwrap();
    let lb_attrs = reader
        .describe_load_balancer_attributes()
        .send()
        .await
        .unwrap();
    let tgs = reader.describe_target_groups().send().await.unwrap();
    let tg_attrs = reader
        .describe_target_group_attributes()
        .send()
        .await
        .unwrap();
    let listeners = reader.describe_listeners().send().await.unwrap();
    let l_attrs = reader.describe_listener_attributes().send().await.unwrap();
    let rules = reader.describe_rules().send().await.unwrap();
    let tags = reader.describe_tags().send().await.unwrap();
    for d in [
        format!("{lbs:?}"),
        format!("{tgs:?}"),
        format!("{listeners:?}"),
        format!("{rules:?}"),
        format!("{tags:?}"),
    ] {
        sdk.add_debug(&d);
    }
    {
        let mut named: Vec<(&str, &mut Generated)> =
            ops.iter().copied().zip(g.iter_mut()).collect();
        drop_all(&mut named, &sdk, &mut findings);
    }

    // The file's documents.
    let file = |g: &Generated| support::lower_first_keys(&g.doc);
    // Attributes, as the Modify*Attributes calls take them, are the file's `attributes`.
    let attributes = |g: &Generated| file(g)["attributes"].clone();
    let mut lb = file(&g[0]);
    lb["name"] = json!("lb");
    lb["attributes"] = attributes(&g[7]);
    let flag_key = support::lower_first(flag);
    lb[&flag_key] = file(&g[10])[&flag_key].clone();
    let mut tg = file(&g[1]);
    tg["name"] = json!("tg");
    tg["attributes"] = attributes(&g[8]);
    let mut listener = file(&g[2]);
    listener["attributes"] = attributes(&g[9]);
    let lmap = listener.as_object_mut().unwrap();
    lmap.remove("loadBalancerArn");
    lmap.insert("loadBalancer".into(), json!("lb"));
    let port = listener["port"].clone();
    let mut rule = file(&g[3]);
    let rmap = rule.as_object_mut().unwrap();
    rmap.remove("listenerArn");
    rmap.insert("listener".into(), json!(format!("lb:{port}")));

    let lb_spec: Option<ecsform_spec::types::LoadBalancer> =
        load("CreateLoadBalancer", &lb, &mut findings);
    let tg_spec: Option<ecsform_spec::types::TargetGroup> =
        load("CreateTargetGroup", &tg, &mut findings);
    let listener_spec: Option<ecsform_spec::types::Listener> =
        load("CreateListener", &listener, &mut findings);
    let rule_spec: Option<ecsform_spec::types::ListenerRule> =
        load("CreateRule", &rule, &mut findings);
    let (Some(lb_spec), Some(tg_spec), Some(listener_spec), Some(rule_spec)) =
        (lb_spec, tg_spec, listener_spec, rule_spec)
    else {
        findings.finish();
        return;
    };
    let stack = ecsform_spec::types::StackFile {
        stack: Some(STACK.to_owned()),
        load_balancers: vec![lb_spec.clone()],
        target_groups: vec![tg_spec.clone()],
        listeners: vec![listener_spec.clone()],
        listener_rules: vec![rule_spec.clone()],
        ..Default::default()
    };
    let kinds = [
        Kind::LoadBalancer,
        Kind::TargetGroup,
        Kind::Listener,
        Kind::ListenerRule,
    ];

    // (a) creates
    let captured = Captured::default();
    let empty = ecsform_model::live::LiveState::default();
    let desired = execute(stack.clone(), &empty, &kinds, &captured, &mut findings).await;
    for i in [0, 1, 2, 3, 7, 8, 9, 10] {
        check_captured(ops[i], &g[i], &captured, true, &mut findings);
    }
    // (a) modifies: the live resources lack what the Modify calls set
    let strip: BTreeMap<Kind, Vec<String>> = [
        (Kind::TargetGroup, top_level(&g[4])),
        (
            Kind::Listener,
            top_level(&g[5])
                .into_iter()
                .filter(|f| f != "port")
                .collect(),
        ),
        (Kind::ListenerRule, top_level(&g[6])),
    ]
    .into();
    let live = live_without(&desired, &strip);
    let captured = Captured::default();
    execute(stack, &live, &kinds, &captured, &mut findings).await;
    for i in [4, 5, 6] {
        check_captured(ops[i], &g[i], &captured, true, &mut findings);
    }

    // (b) reads
    let none = BTreeSet::new();
    let tag_list = tags.tag_descriptions()[0].tags();
    let read = |op: &str, file: Value, live: Value, findings: &mut Findings| {
        check_read(
            op,
            &json_paths(&file, &none),
            &json_paths(&live, &none),
            findings,
        );
    };
    read(
        "CreateLoadBalancer",
        to_value(&lb_spec),
        to_value(&convert::elb::load_balancer_from_sdk(
            &lbs.load_balancers()[0],
            lb_attrs.attributes(),
            tag_list,
        )),
        &mut findings,
    );
    read(
        "CreateTargetGroup",
        to_value(&tg_spec),
        to_value(&convert::elb::target_group_from_sdk(
            &tgs.target_groups()[0],
            tg_attrs.attributes(),
            tag_list,
        )),
        &mut findings,
    );
    read(
        "CreateListener",
        to_value(&listener_spec),
        to_value(&convert::elb::listener_from_sdk(
            &listeners.listeners()[0],
            "lb",
            l_attrs.attributes(),
            tag_list,
        )),
        &mut findings,
    );
    let mut sdk_rule = rules.rules()[0].clone();
    sdk_rule.is_default = Some(false);
    read(
        "CreateRule",
        to_value(&rule_spec),
        to_value(&convert::elb::rule_from_sdk(&sdk_rule, "lb:1", tag_list)),
        &mut findings,
    );
    findings.finish();
}

/// `Tags` of a map (`{key: value}`) as the file's list of `{key, value}`.
fn tag_list(map: &Value) -> Value {
    Value::Array(
        map.as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| json!({"key": k, "value": v}))
            .collect(),
    )
}

#[tokio::test]
#[ignore = "end to end: needs the test bed's Python, for botocore's models (scripts/test runs it)"]
async fn autoscaling_targets_policies_and_scheduled_actions() {
    use ecsform_model::Kind;
    let mut findings = Findings::default();
    let ops = [
        "RegisterScalableTarget",
        "PutScalingPolicy",
        "PutScheduledAction",
    ];
    let aas = "application-autoscaling";
    let mut requests: Vec<Request> = ops
        .iter()
        .map(|op| input(aas, op, file_omissions(op)))
        .collect();
    requests.extend(
        [
            "DescribeScalableTargets",
            "DescribeScalingPolicies",
            "DescribeScheduledActions",
            "ListTagsForResource",
        ]
        .map(|op| output(aas, op)),
    );
    let mut g = generate(&requests);
    let mut outs = g.split_off(3);
    // The file's types are the ECS service's.
    support::set(
        &mut outs[1].doc,
        "ScalingPolicies.TargetTrackingScalingPolicyConfiguration.PredefinedMetricSpecification.PredefinedMetricType",
        json!("ECSServiceAverageCPUUtilization"),
    );
    let answers: BTreeMap<String, String> = [
        "DescribeScalableTargets",
        "DescribeScalingPolicies",
        "DescribeScheduledActions",
        "ListTagsForResource",
    ]
    .into_iter()
    .zip(&outs)
    .map(|(op, g)| (op.to_owned(), g.doc.to_string()))
    .collect();
    let reader =
        aws_sdk_applicationautoscaling::Client::new(&capturing(&Captured::default(), move |op| {
            (answers.get(op).cloned().unwrap_or_default(), ECS_JSON)
        }));
    let targets = reader.describe_scalable_targets().send().await.unwrap();
    let policies = reader.describe_scaling_policies().send().await.unwrap();
    let actions = reader.describe_scheduled_actions().send().await.unwrap();
    let mut sdk = SdkMembers::default();
    sdk.add_debug(&format!(
        "{:?}",
        reader.register_scalable_target().as_input()
    ));
    sdk.add_debug(&format!("{:?}", reader.put_scaling_policy().as_input()));
    sdk.add_debug(&format!("{:?}", reader.put_scheduled_action().as_input()));
    sdk.add_debug(&format!("{targets:?} {policies:?} {actions:?}"));
    {
        let mut named: Vec<(&str, &mut Generated)> =
            ops.iter().copied().zip(g.iter_mut()).collect();
        drop_all(&mut named, &sdk, &mut findings);
    }

    // The file's autoscaling block of a service.
    let mut block = support::lower_first_keys(&g[0].doc);
    let b = block.as_object_mut().unwrap();
    if let Some(role) = b.remove("roleARN") {
        b.insert("roleArn".into(), role);
    }
    if let Some(tags) = b.remove("tags") {
        b.insert("tags".into(), tag_list(&tags));
    }
    let mut policy = support::lower_first_keys(&g[1].doc);
    support::set(
        &mut policy,
        "targetTrackingScalingPolicyConfiguration.predefinedMetricSpecification.predefinedMetricType",
        json!("ECSServiceAverageCPUUtilization"),
    );
    b.insert("policies".into(), json!([policy]));
    b.insert(
        "scheduledActions".into(),
        json!([support::lower_first_keys(&g[2].doc)]),
    );
    let autoscaling: Option<ecsform_spec::types::Autoscaling> =
        load("RegisterScalableTarget", &block, &mut findings);
    let Some(autoscaling) = autoscaling else {
        findings.finish();
        return;
    };
    let stack = ecsform_spec::types::StackFile {
        stack: Some(STACK.to_owned()),
        cluster: Some(serde_json::from_value(json!({"clusterName": "cluster"})).unwrap()),
        services: vec![
            serde_json::from_value(json!({
                "serviceName": "svc", "taskDefinition": "td:1",
                "autoscaling": to_value(&autoscaling),
            }))
            .unwrap(),
        ],
        ..Default::default()
    };

    // (a) the requests
    let captured = Captured::default();
    execute(
        stack,
        &ecsform_model::live::LiveState::default(),
        &[
            Kind::ScalableTarget,
            Kind::ScalingPolicy,
            Kind::ScheduledAction,
        ],
        &captured,
        &mut findings,
    )
    .await;
    for (i, op) in ops.iter().enumerate() {
        check_captured(op, &g[i], &captured, false, &mut findings);
    }

    // (b) the reads
    let tags: Vec<ecsform_spec::types::Tag> = vec![ecsform_spec::types::Tag {
        key: "mapkey".into(),
        value: "a1".into(),
    }];
    let live = convert::autoscaling::autoscaling_from_sdk(
        &targets.scalable_targets()[0],
        policies.scaling_policies(),
        actions.scheduled_actions(),
        &tags,
    );
    let none = BTreeSet::new();
    check_read(
        "RegisterScalableTarget",
        &json_paths(&to_value(&autoscaling), &none),
        &json_paths(&to_value(&live), &none),
        &mut findings,
    );
    findings.finish();
}

#[tokio::test]
#[ignore = "end to end: needs the test bed's Python, for botocore's models (scripts/test runs it)"]
async fn cloud_map_namespaces() {
    use ecsform_model::Kind;
    let mut findings = Findings::default();
    let sd = "servicediscovery";
    let ops = [
        "CreateHttpNamespace",
        "CreatePrivateDnsNamespace",
        "CreatePublicDnsNamespace",
        "UpdateHttpNamespace",
        "UpdatePrivateDnsNamespace",
        "UpdatePublicDnsNamespace",
    ];
    let mut requests: Vec<Request> = ops
        .iter()
        .map(|op| input(sd, op, file_omissions(op)))
        .collect();
    requests.extend(["GetNamespace", "ListNamespaces"].map(|op| output(sd, op)));
    let mut g = generate(&requests);
    let outs = g.split_off(ops.len());
    let mut sdk = SdkMembers::default();
    sdk.add_registry(aws_sdk_servicediscovery::Client::registry());
    let answers: BTreeMap<String, String> = ["GetNamespace", "ListNamespaces"]
        .into_iter()
        .zip(&outs)
        .map(|(op, g)| (op.to_owned(), g.doc.to_string()))
        .collect();
    let reader =
        aws_sdk_servicediscovery::Client::new(&capturing(&Captured::default(), move |op| {
            (answers.get(op).cloned().unwrap_or_default(), ECS_JSON)
        }));
    sdk.add_debug(&format!("{:?}", reader.create_http_namespace().as_input()));
    sdk.add_debug(&format!(
        "{:?}",
        reader.create_private_dns_namespace().as_input()
    ));
    sdk.add_debug(&format!(
        "{:?}",
        reader.create_public_dns_namespace().as_input()
    ));
    sdk.add_debug(&format!("{:?}", reader.update_http_namespace().as_input()));
    sdk.add_debug(&format!(
        "{:?}",
        reader.update_private_dns_namespace().as_input()
    ));
    sdk.add_debug(&format!(
        "{:?}",
        reader.update_public_dns_namespace().as_input()
    ));
    {
        let mut named: Vec<(&str, &mut Generated)> =
            ops.iter().copied().zip(g.iter_mut()).collect();
        drop_all(&mut named, &sdk, &mut findings);
    }

    // The file's namespaces, one of each type.
    let mut specs = Vec::new();
    for (i, (name, ty)) in [
        ("http", "HTTP"),
        ("private", "DNS_PRIVATE"),
        ("public", "DNS_PUBLIC"),
    ]
    .into_iter()
    .enumerate()
    {
        let mut doc = support::lower_first_keys(&g[i].doc);
        // The file's `soa` is SOA, its `TTL` TTL.
        if let Some(dns) = doc.pointer_mut("/properties/dnsProperties")
            && let Some(mut soa) = dns.as_object_mut().unwrap().remove("sOA")
        {
            let ttl = soa.as_object_mut().unwrap().remove("tTL").unwrap();
            soa["TTL"] = ttl;
            dns["soa"] = soa;
        }
        doc["name"] = json!(name);
        doc["type"] = json!(ty);
        let ns: Option<ecsform_spec::types::Namespace> = load(ops[i], &doc, &mut findings);
        specs.extend(ns);
    }
    if specs.len() < 3 {
        findings.finish();
        return;
    }
    let stack = ecsform_spec::types::StackFile {
        stack: Some(STACK.to_owned()),
        namespaces: specs.clone(),
        ..Default::default()
    };
    // (a) creates
    let captured = Captured::default();
    let desired = execute(
        stack.clone(),
        &ecsform_model::live::LiveState::default(),
        &[Kind::Namespace],
        &captured,
        &mut findings,
    )
    .await;
    for (i, op) in ops.iter().enumerate().take(3) {
        check_captured(op, &g[i], &captured, false, &mut findings);
    }
    // (a) updates: the live namespaces lack what the updates set
    let strip: BTreeMap<Kind, Vec<String>> = [(
        Kind::Namespace,
        vec!["description".into(), "properties".into()],
    )]
    .into();
    let live = live_without(&desired, &strip);
    let captured = Captured::default();
    execute(stack, &live, &[Kind::Namespace], &captured, &mut findings).await;
    for (i, op) in ops.iter().enumerate().skip(3) {
        check_captured(op, &g[i], &captured, false, &mut findings);
    }

    // (b) reads: GetNamespace and ListNamespaces' summaries, for each type (the type, the
    // tags and a summary's VPC, which the reader reads apart, as the file's)
    let none = BTreeSet::new();
    let out = reader.get_namespace().id("ns-1").send().await.unwrap();
    let ns = out.namespace().unwrap();
    let list = reader.list_namespaces().send().await.unwrap();
    let summary = &list.namespaces()[0];
    for (i, spec) in specs.iter().enumerate() {
        let mut live = convert::cloudmap::namespace_from_sdk(ns, &[], Some("a1"));
        let mut live_summary = convert::cloudmap::namespace_summary_from_sdk(summary, &[]);
        live.namespace_type = spec.namespace_type;
        live.tags = spec.tags.clone();
        live_summary.namespace_type = spec.namespace_type;
        live_summary.tags = spec.tags.clone();
        live_summary.vpc = live.vpc.clone();
        for (what, live) in [("GetNamespace", live), ("ListNamespaces", live_summary)] {
            check_read(
                &format!("{} ({what})", ops[i]),
                &json_paths(&to_value(spec), &none),
                &json_paths(&to_value(&live), &none),
                &mut findings,
            );
        }
    }
    findings.finish();
}

/// Enumerations whose values the stack file deliberately restricts, as `(operation, the
/// file's member, reason)`.
const RESTRICTED_ENUMS: &[(&str, &str, &str)] = &[(
    "PutScalingPolicy",
    "predefinedMetricType",
    "the file's policies are an ECS service's (ecsform-spec's PredefinedMetricType): the \
     other types measure other services' resources",
)];

/// Every value of every enumeration of the inputs the file follows is accepted by the
/// stack file (documents with the n-th value of each enumeration, for every n).
#[test]
#[ignore = "end to end: needs the test bed's Python, for botocore's models (scripts/test runs it)"]
fn every_enum_value_is_accepted() {
    type Loader = fn(&Value) -> Vec<String>;
    fn loader<T: serde::de::DeserializeOwned>(doc: &Value) -> Vec<String> {
        let (_, problems) = ecsform_spec::load_document::<T>(&doc.to_string(), &Vars::isolated([]));
        problems.into_iter().map(|p| p.message).collect()
    }
    use ecsform_spec::types as t;
    let cases: [(&'static str, &str, bool, Loader); 12] = [
        (
            "ecs",
            "RegisterTaskDefinition",
            false,
            loader::<t::TaskDefinition>,
        ),
        ("ecs", "CreateService", false, loader::<t::Service>),
        ("ecs", "CreateCluster", false, loader::<t::Cluster>),
        (
            "elbv2",
            "CreateLoadBalancer",
            true,
            loader::<t::LoadBalancer>,
        ),
        // The load balancer's PrivateLink flag (its other members are CreateLoadBalancer's).
        (
            "elbv2",
            "SetSecurityGroups",
            true,
            loader::<t::LoadBalancer>,
        ),
        ("elbv2", "CreateTargetGroup", true, loader::<t::TargetGroup>),
        ("elbv2", "CreateListener", true, loader::<t::Listener>),
        ("elbv2", "CreateRule", true, loader::<t::ListenerRule>),
        (
            "application-autoscaling",
            "PutScalingPolicy",
            true,
            loader::<t::ScalingPolicy>,
        ),
        (
            "application-autoscaling",
            "PutScheduledAction",
            true,
            loader::<t::ScheduledAction>,
        ),
        (
            "servicediscovery",
            "CreatePrivateDnsNamespace",
            true,
            loader::<t::Namespace>,
        ),
        (
            "servicediscovery",
            "CreatePublicDnsNamespace",
            true,
            loader::<t::Namespace>,
        ),
    ];
    const VARIANTS: usize = 40;
    let mut requests = Vec::new();
    for (service, op, _, _) in &cases {
        for variant in 0..VARIANTS {
            let mut omit = file_omissions(op);
            // Not members of the file (see `EXCLUDED` and the other tests' renames).
            omit.extend(
                [
                    "LoadBalancerArn",
                    "ListenerArn",
                    "CreatorRequestId",
                    "Properties",
                ]
                .map(str::to_owned),
            );
            let mut r = input(service, op, Vec::new());
            r.omit = omit;
            r.variant = variant;
            requests.push(r);
        }
    }
    // Members of no such operation are not omitted: `generate.py` refuses to omit them.
    for r in &mut requests {
        let op = r.operation.clone();
        r.omit.retain(|p| {
            file_omissions(&op).contains(p)
                || match p.as_str() {
                    "LoadBalancerArn" => op == "CreateListener",
                    "ListenerArn" => op == "CreateRule",
                    "CreatorRequestId" | "Properties" => op.ends_with("Namespace"),
                    _ => false,
                }
        });
    }
    let docs = generate(&requests);
    let mut refused = BTreeSet::new();
    for (i, g) in docs.iter().enumerate() {
        let (_, op, pascal, load) = cases[i / VARIANTS];
        let mut doc = if pascal {
            support::lower_first_keys(&g.doc)
        } else {
            g.doc.clone()
        };
        if op.ends_with("Namespace") {
            doc["type"] = json!("DNS_PRIVATE");
        }
        if op == "CreateListener" {
            doc["loadBalancer"] = json!("lb");
        }
        if op == "CreateRule" {
            doc["listener"] = json!("lb:1");
        }
        for message in load(&doc) {
            if !message.starts_with("unknown key") && !message.starts_with("missing") {
                refused.insert(format!("{op}: {message}"));
            }
        }
    }
    let refused: Vec<String> = refused
        .into_iter()
        .filter(|m| {
            !RESTRICTED_ENUMS.iter().any(|(op, field, _)| {
                m.starts_with(&format!("{op}:")) && m.ends_with(&format!("for `{field}`"))
            })
        })
        .collect();
    assert!(refused.is_empty(), "\n{}\n", refused.join("\n"));
}
