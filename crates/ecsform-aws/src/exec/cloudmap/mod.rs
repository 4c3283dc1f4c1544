//! AWS Cloud Map namespaces.
//!
//! Cloud Map creates, updates and deletes namespaces asynchronously: each of those calls
//! returns an operation ID, and the change is done when GetOperation reports the
//! operation `SUCCESS` (`FAIL` carries AWS's error code and message).

use aws_sdk_servicediscovery::operation::create_http_namespace::CreateHttpNamespaceError;
use aws_sdk_servicediscovery::operation::create_private_dns_namespace::CreatePrivateDnsNamespaceError;
use aws_sdk_servicediscovery::operation::create_public_dns_namespace::CreatePublicDnsNamespaceError;
use aws_sdk_servicediscovery::operation::delete_namespace::DeleteNamespaceError;
use aws_sdk_servicediscovery::operation::delete_service::DeleteServiceError;
use aws_sdk_servicediscovery::operation::list_services::ListServicesOutput;
use aws_sdk_servicediscovery::types as sd;
use aws_sdk_servicediscovery::types::error::{DuplicateRequest, NamespaceAlreadyExists};
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_runtime_api::http::Response as HttpResponse;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use ecsform_apply::ActionError;
use ecsform_plan::Change;
use ecsform_spec::types as spec;
use serde_json::json;

use super::{AwsExecutor, Op, field_changed};
use ecsform_spec::shape::ToSdk;

mod cloud_map_service;
mod namespace;

pub(crate) use cloud_map_service::leftover_service;
pub(crate) use namespace::namespace;

const CREATE_HTTP: &str = "servicediscovery:CreateHttpNamespace";
const CREATE_PRIVATE: &str = "servicediscovery:CreatePrivateDnsNamespace";
const CREATE_PUBLIC: &str = "servicediscovery:CreatePublicDnsNamespace";
const UPDATE_HTTP: &str = "servicediscovery:UpdateHttpNamespace";
const UPDATE_PRIVATE: &str = "servicediscovery:UpdatePrivateDnsNamespace";
const UPDATE_PUBLIC: &str = "servicediscovery:UpdatePublicDnsNamespace";
const DELETE_NAMESPACE: &str = "servicediscovery:DeleteNamespace";
const GET_NAMESPACE: &str = "servicediscovery:GetNamespace";
const GET_OPERATION: &str = "servicediscovery:GetOperation";
const TAG: &str = "servicediscovery:TagResource";
const UNTAG: &str = "servicediscovery:UntagResource";
const LIST_SERVICES: &str = "servicediscovery:ListServices";
const LIST_INSTANCES: &str = "servicediscovery:ListInstances";
const LIST_TAGS: &str = "servicediscovery:ListTagsForResource";
const DELETE_SERVICE: &str = "servicediscovery:DeleteService";

/// The tag ECS puts on the Cloud Map resources it creates itself, such as the Cloud Map
/// service of each Service Connect discovery name.
const ECS_MANAGED_TAG: &str = "AmazonECSManaged";

/// Whether an error is the operation's modeled error `typed`, or an error with `code`.
fn has_code<E: ProvideErrorMetadata>(
    e: &SdkError<E, HttpResponse>,
    typed: impl Fn(&E) -> bool,
    code: &str,
) -> bool {
    e.as_service_error()
        .is_some_and(|s| typed(s) || s.code() == Some(code))
}

// ---- create -----------------------------------------------------------------------

/// How a create started: an operation to wait for, or the namespace an earlier request
/// with the same `CreatorRequestId` created.
enum Started {
    Operation(String),
    Namespace(String),
}

/// The create errors that tell of an earlier request with the same `CreatorRequestId`.
enum Conflict<'a> {
    Exists(&'a NamespaceAlreadyExists),
    Duplicate(&'a DuplicateRequest),
    Other,
}
