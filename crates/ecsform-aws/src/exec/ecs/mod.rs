//! Amazon ECS: the cluster, task definitions and services.

use std::collections::BTreeSet;

use aws_sdk_ecs::types as sdk;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use ecsform_apply::ActionError;
use ecsform_model::desired::{task_definition_family, task_definition_revision};
use ecsform_model::{Address, Kind, STACK_TAG};
use ecsform_plan::Change;
use ecsform_spec::types as spec;
use serde_json::Value;

use super::{AwsExecutor, Op, field_changed};
use ecsform_spec::shape::{ToSdk, to_sdk_option};

use crate::convert::ecs::{
    ServiceRefs, create_cluster_request, create_service_request, register_task_definition_request,
    update_service_limited, update_service_request,
};

mod cluster;
mod service;
mod task_definition;

pub(crate) use cluster::cluster;
pub(crate) use service::service;
pub(crate) use service::{Regroup, regroup_service};
use task_definition::prune_revisions;
pub(crate) use task_definition::task_definition;

fn ecs_tags(tags: Vec<(String, String)>) -> Vec<sdk::Tag> {
    tags.into_iter()
        .map(|(k, v)| sdk::Tag::builder().key(k).value(v).build())
        .collect()
}

/// Writes the ownership tags (file tags, `ecsform:stack`, `ecsform:hash`) on an existing
/// resource and removes the tags the file dropped.
async fn retag(
    x: &AwsExecutor<'_>,
    change: &Change,
    arn: &str,
    file: Option<&[spec::Tag]>,
) -> Result<(), ActionError> {
    let tag = x
        .clients
        .ecs
        .tag_resource()
        .resource_arn(arn)
        .set_tags(Some(ecs_tags(x.owned_tags(change, file))))
        .send();
    let untag = |keys| {
        x.clients
            .ecs
            .untag_resource()
            .resource_arn(arn)
            .set_tag_keys(Some(keys))
            .send()
    };
    x.retag_with(
        change,
        ("ecs:TagResource", tag),
        ("ecs:UntagResource", untag),
    )
    .await
}

// ---- cluster ----------------------------------------------------------------------

// ---- task definitions -------------------------------------------------------------

// ---- services ---------------------------------------------------------------------
