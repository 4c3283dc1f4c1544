//! GitLab's terraform report (`artifacts:reports:terraform`).

use ecsform_plan::Plan;
use serde_json::json;

/// `{"create":N,"update":N,"delete":N}` and a newline, counted as GitLab's own
/// terraform integration counts Terraform's JSON plan: every action name of every
/// resource counts once, so a replace is one create and one delete, and a no-op counts
/// nowhere.
///
/// A saved plan's report has its digest too, as `"digest"`. GitLab reads the three
/// counts and ignores other members (its parser, `Gitlab::Ci::Parsers::Terraform::Tfplan`,
/// requires `create`, `update` and `delete` and keeps only those: gitlabhq/gitlabhq
/// `lib/gitlab/ci/parsers/terraform/tfplan.rb` at 304b78f994b556f3f24cfffb7e6e5f1c7b861ee1).
#[must_use]
pub fn gitlab_report(plan: &Plan, digest: Option<&str>) -> String {
    let (mut create, mut update, mut delete) = (0usize, 0usize, 0usize);
    for name in plan.changes.iter().flat_map(|c| c.action.names()) {
        match *name {
            "create" => create += 1,
            "update" => update += 1,
            "delete" => delete += 1,
            _ => {}
        }
    }
    let mut report = json!({"create": create, "update": update, "delete": delete});
    if let (Some(digest), Some(m)) = (digest, report.as_object_mut()) {
        m.insert("digest".into(), json!(digest));
    }
    format!("{report}\n")
}
