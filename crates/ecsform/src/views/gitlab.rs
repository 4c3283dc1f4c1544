//! GitLab's terraform report (`artifacts:reports:terraform`).

use ecsform_plan::Plan;
use serde_json::json;

/// `{"create":N,"update":N,"delete":N}` and a newline, counted as GitLab's own
/// terraform integration counts Terraform's JSON plan: every action name of every
/// resource counts once, so a replace is one create and one delete, and a no-op counts
/// nowhere.
#[must_use]
pub fn gitlab_report(plan: &Plan) -> String {
    let (mut create, mut update, mut delete) = (0usize, 0usize, 0usize);
    for name in plan.changes.iter().flat_map(|c| c.action.names()) {
        match *name {
            "create" => create += 1,
            "update" => update += 1,
            "delete" => delete += 1,
            _ => {}
        }
    }
    format!(
        "{}\n",
        json!({"create": create, "update": update, "delete": delete})
    )
}
