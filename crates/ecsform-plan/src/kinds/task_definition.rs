//! A task definition in the plan and in drift: revisions registered outside the stack.
//! (Its model knowledge is `ecsform_model::kinds::task_definition`.)

use ecsform_model::Kind;
use ecsform_model::live::LiveState;
use serde_json::Value;

/// For a task definition family of the stack: the newer ACTIVE revisions registered
/// outside the stack (by hand, or by another stack) that no live service runs, in words.
/// ecsform neither deploys nor deregisters them (it deregisters only what the stack
/// registered), so they are drift: someone registered a revision the file does not
/// describe. One a service runs is reported on the service instead.
pub(crate) fn foreign_revisions(
    c: &crate::plan::Change,
    live: &LiveState,
    stack: &str,
) -> Option<String> {
    if c.address.kind != Kind::TaskDefinition {
        return None;
    }
    let family = &c.address.name;
    let running: Vec<&str> = live
        .resources
        .values()
        .filter(|r| r.address.kind == Kind::Service)
        .filter_map(|r| r.doc.get("taskDefinition").and_then(Value::as_str))
        .collect();
    let runs = |rev: i64| {
        running.iter().any(|td| {
            ecsform_model::desired::task_definition_family(td) == family.as_str()
                && ecsform_model::desired::task_definition_revision(td) == Some(rev)
        })
    };
    let idle: Vec<String> = live
        .foreign_revisions
        .get(family)?
        .iter()
        .filter(|r| !runs(**r))
        .map(|r| format!("{family}:{r}"))
        .collect();
    if idle.is_empty() {
        return None;
    }
    let (it, was) = if idle.len() == 1 {
        ("revision", "was")
    } else {
        ("revisions", "were")
    };
    Some(format!(
        "{it} {} {was} registered outside this stack (no ecsform:stack={} tag) and no service runs it: the stack keeps its own newest; deregister it, or describe it in the file",
        idle.join(", "),
        stack
    ))
}
