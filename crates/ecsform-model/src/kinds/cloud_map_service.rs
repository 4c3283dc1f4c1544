//! A Cloud Map service that ECS created for a Service Connect endpoint of the stack in a
//! namespace the stack owns (`cloud_map_service.<namespace>/<service>`). Never in a file:
//! the reader finds those no service of the stack uses any more, and the plan deletes
//! them.

use super::{KindRules, Ref, parent};
use crate::{Address, Doc, Kind};

/// Everything the model and the plan know about a Cloud Map service.
pub static RULES: KindRules = KindRules {
    references,
    ..KindRules::NONE
};

/// Its namespace (its name is `<namespace>/<service>`).
fn references(address: &Address, _: &Doc) -> Vec<Ref> {
    parent(Kind::Namespace, address.name.split_once('/'))
        .into_iter()
        .collect()
}
