//! The retail store example as desired state, and the live state AWS holds right after
//! it was applied: the plain values the planning and view tests start from.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use ecsform_model::desired::{DesiredState, desired_state};
use ecsform_model::live::{LiveResource, LiveState};
use ecsform_model::{Kind, STACK_TAG};
use serde_json::{Value, json};

/// The ARN the live ui-application target group has.
pub const TG_ARN: &str = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/ui-application/943f017f100becff";
/// The ARN the live retailstore.local namespace has.
pub const NS_ARN: &str = "arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-abc";

/// `examples/retail-store` with `examples/example.env`, as desired state. Panics when the
/// example does not load (a test failure).
#[must_use]
pub fn retail_store() -> DesiredState {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let env = std::fs::read_to_string(root.join("examples/example.env")).unwrap();
    let vars =
        ecsform_spec::Vars::isolated(ecsform_spec::var_file::parse("example.env", &env).unwrap());
    let loaded = ecsform_spec::load_path(&root.join("examples/retail-store"), &vars).unwrap();
    desired_state(&loaded.stack.unwrap())
}

/// Live state as AWS would hold it right after an apply of `desired`: the same documents
/// (in AWS's forms where they differ: ARNs for references), tagged with the stack, task
/// definitions at revision 1.
#[must_use]
pub fn applied(desired: &DesiredState) -> LiveState {
    let mut live = LiveState::default();
    live.names_by_arn
        .insert(TG_ARN.into(), "ui-application".into());
    live.names_by_arn
        .insert(NS_ARN.into(), "retailstore.local".into());
    for r in &desired.resources {
        let mut doc = r.doc.clone();
        let mut revision = None;
        match r.address.kind {
            Kind::TaskDefinition => revision = Some(1),
            Kind::Service => {
                let family = doc["taskDefinition"].as_str().unwrap().to_owned();
                doc["taskDefinition"] = json!(format!(
                    "arn:aws:ecs:us-east-1:123456789012:task-definition/{family}:1"
                ));
                if let Some(lbs) = doc.get_mut("loadBalancers").and_then(Value::as_array_mut) {
                    for lb in lbs {
                        let m = lb.as_object_mut().unwrap();
                        m.remove("targetGroup");
                        m.insert("targetGroupArn".into(), json!(TG_ARN));
                    }
                }
                if let Some(sc) = doc.get_mut("serviceConnectConfiguration") {
                    sc["namespace"] = json!(NS_ARN);
                }
            }
            _ => {}
        }
        live.resources.insert(
            r.address.clone(),
            LiveResource {
                address: r.address.clone(),
                arn: format!("arn:{}", r.address),
                doc,
                tags: [(STACK_TAG.to_owned(), desired.stack.clone())].into(),
                revision,
            },
        );
    }
    live
}
