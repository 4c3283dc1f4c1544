//! What the plan knows of a kind beyond [`ecsform_model::kinds`] (which holds each
//! kind's model knowledge, its replacement fields and order included), where it needs the
//! plan's own types: a service's deployments, its deployment controller and its pinned
//! task definition revision; a task definition's revisions registered outside the stack.

pub mod service;
pub mod task_definition;

/// The top-level field of a change path (`containerDefinitions[0].image` ->
/// `containerDefinitions`).
pub(crate) fn top_field(path: &str) -> &str {
    path.split(['.', '[']).next().unwrap_or(path)
}
