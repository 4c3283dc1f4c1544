//! The JSON view: the versioned machine format.
//!
//! ```text
//! {
//!   "format_version": "1.0",
//!   "stack": "retail-store",
//!   "digest": "sha256:...",               // a saved plan's only (`plan --out FILE`)
//!   "resource_changes": [
//!     {
//!       "address": "service.ui", "type": "service", "name": "ui",
//!       "actions": ["update"],            // Terraform-like: a replace is two names
//!       "before": {..} | null, "after": {..} | null,   // normalized documents
//!       "after_unknown": ["taskDefinition"],           // paths known after apply
//!       "replace_paths": ["port"],                     // fields forcing a replace
//!       "changed_paths": [{"path": "..", "before": .. | null, "after": .. | null}],
//!       "reason": ["..."],                             // notes for people
//!       "adopt": false, "revision": 2 | null,
//!       "new_deployment": {"reason": "requested" | "new_tasks_only", "fields": [".."]}
//!                         // only when apply starts one (forceNewDeployment)
//!     }
//!   ],
//!   "edges": [{"from": "task_definition.x", "to": "service.ui"}],  // from goes first
//!   "summary": {"add": 0, "change": 2, "replace": 0, "destroy": 0, "adopt": 0},
//!   "api_calls": 42
//! }
//! ```
//! Every resource of the plan is listed, no-ops too (`["no-op"]`), in apply order. In
//! `changed_paths`, `null` stands for an absent value.

use ecsform_plan::{Action, Change, FORMAT_VERSION, FieldChange, Plan};
use serde_json::{Value, json};

use super::PlanView;

/// Pretty-printed JSON with `format_version`, snake_case keys in a fixed order and a
/// trailing newline.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Json;

impl PlanView for Json {
    fn render_saved(&self, plan: &Plan, digest: Option<&str>) -> String {
        let summary = plan.summary();
        let doc = json!({
            "format_version": FORMAT_VERSION,
            "stack": plan.stack,
            "resource_changes": plan.changes.iter().map(resource_change).collect::<Vec<_>>(),
            "edges": plan
                .edges
                .iter()
                .map(|(dependent, dependency)| json!({
                    "from": dependency.to_string(),
                    "to": dependent.to_string(),
                }))
                .collect::<Vec<_>>(),
            "summary": {
                "add": summary.add,
                "change": summary.change,
                "replace": summary.replace,
                "destroy": summary.destroy,
                "adopt": summary.adopt,
            },
            "api_calls": plan.api_calls,
        });
        let doc = match (digest, doc) {
            (Some(digest), Value::Object(members)) => {
                let mut with = serde_json::Map::new();
                for (k, v) in members {
                    let after_stack = k == "stack";
                    with.insert(k, v);
                    if after_stack {
                        with.insert("digest".into(), Value::from(digest));
                    }
                }
                Value::Object(with)
            }
            (_, doc) => doc,
        };
        format!("{doc:#}\n")
    }
}

fn resource_change(change: &Change) -> Value {
    let replace_paths: &[String] = match &change.action {
        Action::Replace { forced_by, .. } => forced_by,
        _ => &[],
    };
    let mut doc = resource_change_doc(change, replace_paths);
    if let (Some(d), Value::Object(m)) = (&change.new_deployment, &mut doc) {
        m.insert(
            "new_deployment".into(),
            json!({"reason": d.reason(), "fields": d.fields()}),
        );
    }
    doc
}

fn resource_change_doc(change: &Change, replace_paths: &[String]) -> Value {
    json!({
        "address": change.address.to_string(),
        "type": change.address.kind.as_str(),
        "name": change.address.name,
        "actions": change.action.names(),
        "before": change.before,
        "after": change.after,
        "after_unknown": change.after_unknown,
        "replace_paths": replace_paths,
        "changed_paths": change.changes.iter().map(changed_path).collect::<Vec<_>>(),
        "reason": change.notes,
        "adopt": change.adopt,
        "revision": change.revision,
        "desired_hash": change.desired_hash,
    })
}

fn changed_path(field: &FieldChange) -> Value {
    json!({
        "path": field.path,
        "before": field.before,
        "after": field.after,
    })
}
