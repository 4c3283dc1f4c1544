//! A scheduled action (`scheduled_action.<service>/<scheduledActionName>`).

use super::{KindRules, Ref, parent};
use crate::Kind::ScheduledAction;
use crate::defaults::{FieldDefault, aas, none, reset};
use crate::{Address, Doc, Kind};

/// Everything the model and the plan know about a scheduled action.
pub static RULES: KindRules = KindRules {
    defaults: DEFAULTS,
    import_keeps: &["scheduledActionName", "schedule"],
    references,
    ..KindRules::NONE
};

/// Its scalable target (its name is `<service>/<scheduledActionName>`).
fn references(address: &Address, _: &Doc) -> Vec<Ref> {
    parent(Kind::ScalableTarget, address.name.split_once('/'))
        .into_iter()
        .collect()
}

// ---- defaults ----------------------------------------------------------------------------

/// Its rows of the defaults table ([`crate::defaults`]), in the order they apply.
const DEFAULTS: &[FieldDefault] = &[
    none(
        ScheduledAction,
        "startTime",
        aas!("API_PutScheduledAction.html"),
    ),
    none(
        ScheduledAction,
        "endTime",
        aas!("API_PutScheduledAction.html"),
    ),
    none(
        ScheduledAction,
        "scalableTargetAction.minCapacity",
        aas!("API_ScalableTargetAction.html"),
    ),
    none(
        ScheduledAction,
        "scalableTargetAction.maxCapacity",
        aas!("API_ScalableTargetAction.html"),
    ),
    reset(
        ScheduledAction,
        "timezone",
        "\"UTC\"",
        aas!("API_PutScheduledAction.html"),
    ),
];
