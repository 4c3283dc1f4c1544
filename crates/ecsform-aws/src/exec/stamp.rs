//! The stack stamp (see `ecsform_model::stamp`): written after a complete, successful,
//! untargeted apply on the stack's anchors, one tagging call each.

use ecsform_model::desired::DesiredState;
use ecsform_model::{Address, Kind};

use crate::clients::{AwsError, Clients};

/// Writes the stamp of `desired`, applied at `time` (ms since the epoch), on its anchors
/// (`arn_of` gives their ARNs: read live, or returned by this apply's creates). An anchor
/// with no known ARN is skipped.
///
/// # Errors
/// The first tagging call AWS refused.
pub async fn record_stamp(
    clients: &Clients,
    desired: &DesiredState,
    arn_of: &(dyn Fn(&Address) -> Option<String> + Sync),
    time: u128,
) -> Result<usize, AwsError> {
    let tags = ecsform_model::stamp::stamp_tags(desired, time);
    let mut written = 0;
    for anchor in ecsform_model::stamp::anchors(desired) {
        let Some(arn) = arn_of(&anchor) else {
            continue;
        };
        let resource = anchor.to_string();
        match anchor.kind {
            Kind::Cluster | Kind::Service => {
                let t = tags
                    .iter()
                    .map(|(k, v)| {
                        aws_sdk_ecs::types::Tag::builder()
                            .key(k.as_str())
                            .value(v.as_str())
                            .build()
                    })
                    .collect();
                clients
                    .ecs
                    .tag_resource()
                    .resource_arn(&arn)
                    .set_tags(Some(t))
                    .send()
                    .await
                    .map_err(|e| AwsError::from_sdk(&e, "ecs:TagResource", resource))?;
            }
            Kind::Namespace => {
                let t = tags
                    .iter()
                    .map(|(k, v)| {
                        aws_sdk_servicediscovery::types::Tag::builder()
                            .key(k.as_str())
                            .value(v.as_str())
                            .build()
                    })
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|e| AwsError {
                        call: "servicediscovery:TagResource",
                        resource: resource.clone(),
                        code: "InvalidRequest".to_owned(),
                        message: e.to_string(),
                    })?;
                clients
                    .sd
                    .tag_resource()
                    .resource_arn(&arn)
                    .set_tags(Some(t))
                    .send()
                    .await
                    .map_err(|e| {
                        AwsError::from_sdk(&e, "servicediscovery:TagResource", resource)
                    })?;
            }
            Kind::LoadBalancer | Kind::TargetGroup | Kind::Listener | Kind::ListenerRule => {
                let t = tags
                    .iter()
                    .map(|(k, v)| {
                        aws_sdk_elasticloadbalancingv2::types::Tag::builder()
                            .key(k.as_str())
                            .value(v.as_str())
                            .build()
                    })
                    .collect();
                clients
                    .elb
                    .add_tags()
                    .resource_arns(&arn)
                    .set_tags(Some(t))
                    .send()
                    .await
                    .map_err(|e| {
                        AwsError::from_sdk(&e, "elasticloadbalancing:AddTags", resource)
                    })?;
            }
            _ => continue,
        }
        written += 1;
    }
    Ok(written)
}
