//! An ELBv2 listener (`listener.<loadBalancer>:<port>`).

use serde_json::{Value, json};

use super::{AnchorGroup, Form, KindRules, Ref, TAGS_AND_ATTRIBUTES, parent};
use crate::normalize::{Context, array_mut, default, obj};
use crate::{Address, Doc, Kind};

/// Everything the model and the plan know about a listener.
pub static RULES: KindRules = KindRules {
    forms: FORMS,
    whole: WHOLE,
    keyed_lists: TAGS_AND_ATTRIBUTES,
    stamp_anchor: Some(AnchorGroup::Other),
    import_keeps: &["loadBalancer", "port", "protocol"],
    references,
    attaches_target_groups: true,
    ..KindRules::NONE
};

/// Mappings of data, compared whole: an authenticating action's extra request
/// parameters (the user's keys).
const WHOLE: &[&str] = &[
    "defaultActions[].authenticateOidcConfig.authenticationRequestExtraParams",
    "defaultActions[].authenticateCognitoConfig.authenticationRequestExtraParams",
];

/// Its load balancer (its name is `<loadBalancer>:<port>`) and the target groups its
/// actions forward to.
fn references(address: &Address, doc: &Doc) -> Vec<Ref> {
    let lb = parent(Kind::LoadBalancer, address.name.rsplit_once(':'));
    lb.into_iter()
        .chain(action_target_groups(doc).map(|tg| Ref::To(Address::new(Kind::TargetGroup, tg))))
        .collect()
}

/// The target groups a listener's or a rule's actions forward to.
pub(crate) fn action_target_groups(doc: &Doc) -> impl Iterator<Item = &str> {
    ["defaultActions", "actions"]
        .into_iter()
        .filter_map(|k| doc.get(k).and_then(Value::as_array))
        .flatten()
        .flat_map(|a| {
            a.get("targetGroup")
                .and_then(Value::as_str)
                .into_iter()
                .chain(
                    a.pointer("/forwardConfig/targetGroups")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                        .filter_map(|t| t.get("targetGroup").and_then(Value::as_str)),
                )
        })
}

// ---- canonical forms ---------------------------------------------------------------------

/// Its canonical forms ([`crate::normalize`]), in the order they run.
const FORMS: &[Form] = &[Form {
    name: "listener_actions",
    apply: listener_actions,
}];

/// Folds the tuples of a weighted forward that name the same group into one, their
/// weights added. Only a replacement's temporary group reads as the name of another
/// group (`LiveState::replacing`): while traffic moves between the two, the forward is
/// the one the file gives. (AWS refuses a forward naming one group twice, so nothing
/// else folds.)
fn merge_same_group(fc: &mut serde_json::Map<String, Value>) {
    let Some(tuples) = fc.get_mut("targetGroups").and_then(Value::as_array_mut) else {
        return;
    };
    let mut merged: Vec<Value> = Vec::with_capacity(tuples.len());
    for t in tuples.drain(..) {
        let name = t.get("targetGroup").cloned();
        let earlier = name
            .as_ref()
            .and_then(|n| merged.iter_mut().find(|m| m.get("targetGroup") == Some(n)));
        match earlier {
            Some(m) => {
                let sum = m.get("weight").and_then(Value::as_i64).unwrap_or(1)
                    + t.get("weight").and_then(Value::as_i64).unwrap_or(1);
                if let Some(m) = m.as_object_mut() {
                    m.insert("weight".into(), json!(sum));
                }
            }
            None => merged.push(t),
        }
    }
    *tuples = merged;
}

/// Actions as the file writes them: target groups by name (AWS returns ARNs), `order`
/// in list order, and the `forwardConfig` AWS adds to a plain forward (one target group,
/// weight 1, stickiness off) folded into `targetGroup`.
pub(crate) fn listener_actions(doc: &mut Doc, ctx: &Context<'_>) {
    let Some(map) = obj(doc) else { return };
    let key = if map.contains_key("defaultActions") {
        "defaultActions"
    } else {
        "actions"
    };
    for (i, a) in array_mut(map, key).enumerate() {
        let Some(a) = a.as_object_mut() else { continue };
        default(a, "order", json!(i + 1));
        if let Some(name) = a
            .get("targetGroupArn")
            .and_then(Value::as_str)
            .and_then(|arn| ctx.names_by_arn.get(arn))
            .cloned()
        {
            a.remove("targetGroupArn");
            a.insert("targetGroup".into(), json!(name));
        }
        if let Some(fc) = a.get_mut("forwardConfig").and_then(Value::as_object_mut) {
            for t in array_mut(fc, "targetGroups") {
                let Some(t) = t.as_object_mut() else { continue };
                if let Some(name) = t
                    .get("targetGroupArn")
                    .and_then(Value::as_str)
                    .and_then(|arn| ctx.names_by_arn.get(arn))
                    .cloned()
                {
                    t.remove("targetGroupArn");
                    t.insert("targetGroup".into(), json!(name));
                }
                default(t, "weight", json!(1));
            }
            merge_same_group(fc);
            let sticky_off = fc
                .get("targetGroupStickinessConfig")
                .is_none_or(|s| s.get("enabled").and_then(Value::as_bool) != Some(true));
            if sticky_off {
                fc.remove("targetGroupStickinessConfig");
            }
        }
        let single = a
            .get("forwardConfig")
            .and_then(|f| f.get("targetGroups"))
            .and_then(Value::as_array)
            .filter(|t| {
                t.len() == 1
                    && a.get("forwardConfig")
                        .and_then(|f| f.get("targetGroupStickinessConfig"))
                        .is_none()
            })
            .and_then(|t| t.first())
            .filter(|t| t.get("weight").and_then(Value::as_i64) == Some(1))
            .map(|t| {
                (
                    t.get("targetGroup").cloned(),
                    t.get("targetGroupArn").cloned(),
                )
            });
        if let Some((name, arn)) = single {
            let matches = a
                .get("targetGroup")
                .is_none_or(|x| Some(x) == name.as_ref())
                && a.get("targetGroupArn")
                    .is_none_or(|x| Some(x) == arn.as_ref());
            if matches {
                a.remove("forwardConfig");
                if let Some(n) = name {
                    a.insert("targetGroup".into(), n);
                }
                if let Some(r) = arn {
                    a.insert("targetGroupArn".into(), r);
                }
            }
        }
    }
}
