//! An ELBv2 listener rule (`listener_rule.<loadBalancer>:<port>/<priority>`).

use serde_json::{Value, json};

use super::listener::action_target_groups;
use super::{AnchorGroup, Form, KindRules, Ref, parent};
use crate::defaults::{FieldDefault, elb, none};
use crate::normalize::{Context, array_mut, default, obj};
use crate::{Address, Doc, Kind};

/// Everything the model and the plan know about a listener rule.
pub static RULES: KindRules = KindRules {
    defaults: DEFAULTS,
    forms: FORMS,
    whole: WHOLE,
    list_keys: LIST_KEYS,
    stamp_anchor: Some(AnchorGroup::Other),
    import_keeps: &["listener", "priority"],
    references,
    attaches_target_groups: true,
    ..KindRules::NONE
};

/// Mappings of data, compared whole: an authenticating action's extra request
/// parameters (the user's keys).
const WHOLE: &[&str] = &[
    "actions[].authenticateOidcConfig.authenticationRequestExtraParams",
    "actions[].authenticateCognitoConfig.authenticationRequestExtraParams",
];

/// Lists matched by a member: a
/// [RuleCondition](https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_RuleCondition.html)
/// by `field` (a rule has at most one condition of most fields; a rule with two
/// `http-header` conditions falls back to positions).
const LIST_KEYS: &[(&str, &[&str])] = &[("conditions", &["field"])];

/// Its listener (its name is `<listener>/<priority>`) and the target groups its actions
/// forward to.
fn references(address: &Address, doc: &Doc) -> Vec<Ref> {
    let listener = parent(Kind::Listener, address.name.rsplit_once('/'));
    listener
        .into_iter()
        .chain(action_target_groups(doc).map(|tg| Ref::To(Address::new(Kind::TargetGroup, tg))))
        .collect()
}

// ---- defaults ----------------------------------------------------------------------------

/// Its rows of the defaults table ([`crate::defaults`]), in the order they apply.
const DEFAULTS: &[FieldDefault] = &[none(
    Kind::ListenerRule,
    "transforms",
    elb!("API_ModifyRule.html"),
)];

// ---- canonical forms ---------------------------------------------------------------------

/// Its canonical forms ([`crate::normalize`]), in the order they run.
const FORMS: &[Form] = &[
    Form {
        name: "listener_actions",
        apply: super::listener::listener_actions,
    },
    Form {
        name: "rule_conditions",
        apply: rule_conditions,
    },
];

/// Conditions in one form: `{field: path-pattern, values: [...]}` and
/// `{field: path-pattern, pathPatternConfig: {values: [...]}}` (AWS returns both) are
/// the config form.
fn rule_conditions(doc: &mut Doc, _: &Context<'_>) {
    let Some(map) = obj(doc) else { return };
    for c in array_mut(map, "conditions") {
        let Some(c) = c.as_object_mut() else { continue };
        let config = match c.get("field").and_then(Value::as_str) {
            Some("path-pattern") => "pathPatternConfig",
            Some("host-header") => "hostHeaderConfig",
            _ => continue,
        };
        if let Some(values) = c.remove("values") {
            let cfg = c.entry(config).or_insert_with(|| json!({}));
            if let Some(cfg) = cfg.as_object_mut() {
                default(cfg, "values", values);
            }
        }
    }
}
