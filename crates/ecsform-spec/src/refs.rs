//! References between the stack's resources, as the file writes them.

/// The family of a service's `taskDefinition` reference (`family`, `family:3`, or an
/// ARN `arn:aws:ecs:...:task-definition/family:3`).
#[must_use]
pub fn task_definition_family(reference: &str) -> &str {
    let tail = reference
        .rsplit_once("task-definition/")
        .map_or(reference, |(_, t)| t);
    tail.split_once(':').map_or(tail, |(f, _)| f)
}

/// The revision of a `family:3` reference or ARN, when given.
#[must_use]
pub fn task_definition_revision(reference: &str) -> Option<i64> {
    let tail = reference
        .rsplit_once("task-definition/")
        .map_or(reference, |(_, t)| t);
    tail.split_once(':').and_then(|(_, r)| r.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn task_definition_references() {
        assert_eq!(task_definition_family("web"), "web");
        assert_eq!(task_definition_family("web:3"), "web");
        assert_eq!(
            task_definition_family("arn:aws:ecs:us-east-1:1:task-definition/web:12"),
            "web"
        );
        assert_eq!(
            task_definition_revision("arn:aws:ecs:us-east-1:1:task-definition/web:12"),
            Some(12)
        );
        assert_eq!(task_definition_revision("web"), None);
    }
}
