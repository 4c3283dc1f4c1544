//! A scaling policy (`scaling_policy.<service>/<policyName>`).

use serde_json::{Value, json};

use super::{Form, KindRules, Ref, parent, str_at};
use crate::Kind::ScalingPolicy;
use crate::defaults::{FieldDefault, aas, none, reset};
use crate::normalize::{Context, label_target_group};
use crate::{Address, Doc, Kind};

/// Everything the model and the plan know about a scaling policy.
pub static RULES: KindRules = KindRules {
    defaults: DEFAULTS,
    forms: FORMS,
    create_note,
    import_keeps: &["policyName", "policyType"],
    references,
    ..KindRules::NONE
};

/// Its scalable target (its name is `<service>/<policyName>`) and, for an
/// ALBRequestCountPerTarget metric, the target group its label names with the listeners
/// and rules that attach it (the label names the load balancer).
fn references(address: &Address, doc: &Doc) -> Vec<Ref> {
    let target = parent(Kind::ScalableTarget, address.name.split_once('/'));
    let tg = str_at(
        doc,
        "/targetTrackingScalingPolicyConfiguration/predefinedMetricSpecification/targetGroup",
    )
    .map(|tg| Ref::AttachedTargetGroup(tg.to_owned()));
    target.into_iter().chain(tg).collect()
}

/// An ALBRequestCountPerTarget metric naming a target group: apply derives the resource
/// label AWS takes from the load balancer's and the target group's ARNs.
fn create_note(after: &Doc) -> Option<&'static str> {
    after
        .pointer(
            "/targetTrackingScalingPolicyConfiguration/predefinedMetricSpecification/targetGroup",
        )
        .map(|_| "its resource label is derived from the load balancer and target group ARNs")
}

// ---- defaults ----------------------------------------------------------------------------

/// Its rows of the defaults table ([`crate::defaults`]), in the order they apply.
const DEFAULTS: &[FieldDefault] = &[
    none(
        ScalingPolicy,
        "targetTrackingScalingPolicyConfiguration",
        aas!("API_PutScalingPolicy.html"),
    ),
    none(
        ScalingPolicy,
        "stepScalingPolicyConfiguration",
        aas!("API_PutScalingPolicy.html"),
    ),
    none(
        ScalingPolicy,
        "predictiveScalingPolicyConfiguration",
        aas!("API_PutScalingPolicy.html"),
    ),
    none(
        ScalingPolicy,
        "targetTrackingScalingPolicyConfiguration.predefinedMetricSpecification",
        aas!("API_TargetTrackingScalingPolicyConfiguration.html"),
    ),
    none(
        ScalingPolicy,
        "targetTrackingScalingPolicyConfiguration.customizedMetricSpecification",
        aas!("API_TargetTrackingScalingPolicyConfiguration.html"),
    ),
    reset(
        ScalingPolicy,
        "targetTrackingScalingPolicyConfiguration.disableScaleIn",
        "false",
        aas!("API_TargetTrackingScalingPolicyConfiguration.html"),
    ),
];

// ---- canonical forms ---------------------------------------------------------------------

/// Its canonical forms ([`crate::normalize`]), in the order they run.
const FORMS: &[Form] = &[Form {
    name: "scaling_policy_label",
    apply: scaling_policy_label,
}];

/// An ALBRequestCountPerTarget metric names its target group: AWS returns the resource
/// label `app/<lb>/<id>/targetgroup/<tg>/<id>`, the file the target group's name.
fn scaling_policy_label(doc: &mut Doc, _: &Context<'_>) {
    let Some(m) = doc
        .pointer_mut("/targetTrackingScalingPolicyConfiguration/predefinedMetricSpecification")
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    let label = m
        .get("resourceLabel")
        .and_then(Value::as_str)
        .map(str::to_owned);
    if let Some(tg) = label.as_deref().and_then(label_target_group) {
        m.remove("resourceLabel");
        m.insert("targetGroup".into(), json!(tg));
    }
}
