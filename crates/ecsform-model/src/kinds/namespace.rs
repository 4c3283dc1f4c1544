//! An AWS Cloud Map namespace (`namespace.<name>`).

use serde_json::Value;

use super::{AnchorGroup, Form, KindRules};
use crate::Doc;
use crate::Kind::Namespace;
use crate::defaults::{FieldDefault, none, reset_always};
use crate::normalize::{Context, obj};

/// Everything the model and the plan know about a Cloud Map namespace.
pub static RULES: KindRules = KindRules {
    defaults: DEFAULTS,
    forms: FORMS,
    stamp_anchor: Some(AnchorGroup::Other),
    import_keeps: &["name", "type"],
    replaced_by: REPLACED_BY,
    ..KindRules::NONE
};

/// What Cloud Map cannot change in place: the type and the VPC (no Update call takes
/// them: UpdateHttpNamespace, UpdatePrivateDnsNamespace and UpdatePublicDnsNamespace
/// change only the description and the DNS properties).
const REPLACED_BY: &[&str] = &["type", "vpc"];

// ---- defaults ----------------------------------------------------------------------------

/// Its rows of the defaults table ([`crate::defaults`]), in the order they apply.
const DEFAULTS: &[FieldDefault] = &[
    none(
        Namespace,
        "description",
        "https://docs.aws.amazon.com/cloud-map/latest/api/API_UpdateHttpNamespace.html",
    ),
    reset_always(
        Namespace,
        "tags",
        "{}",
        "https://docs.aws.amazon.com/cloud-map/latest/api/API_TagResource.html",
    ),
];

// ---- canonical forms ---------------------------------------------------------------------

/// Its canonical forms ([`crate::normalize`]), in the order they run.
const FORMS: &[Form] = &[Form {
    name: "namespace_forms",
    apply: namespace_forms,
}];

/// An HTTP namespace has no DNS properties (Cloud Map returns an empty SOA for it); an
/// empty description is none (Cloud Map keeps `""` once one was removed).
fn namespace_forms(doc: &mut Doc, _: &Context<'_>) {
    let Some(map) = obj(doc) else { return };
    if map.get("type").and_then(Value::as_str) == Some("HTTP") {
        map.remove("properties");
    }
    if map.get("description").and_then(Value::as_str) == Some("") {
        map.remove("description");
    }
}
