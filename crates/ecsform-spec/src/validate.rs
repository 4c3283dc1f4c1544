//! Semantic checks of a merged, structurally valid stack: what AWS would reject (or what
//! would surprise an ECS user), found before any AWS call, each at the exact value.
//!
//! One module per kind of the stack file (`stack`, `cluster`, `namespaces`,
//! `taskDefinitions`, `services` with their `autoscaling`, the load balancing lists), the
//! numeric ranges of every kind in [`ranges`], the ownership rules in [`ownership`]; the
//! shared machinery in [`locate`] (where a value is) and [`report`] (an error at it, a
//! name given twice, a reference that does not resolve). [`check`] runs the passes, in
//! the order `Checker::run` lists them.

use std::collections::BTreeSet;

use crate::Code;
use crate::load::{Origin, Origins};
use crate::problem::Problem;
use crate::raw::Node;
use crate::types::StackFile;

mod autoscaling;
mod cluster;
mod load_balancing;
mod locate;
mod namespaces;
mod ownership;
mod ranges;
mod report;
mod services;
mod stack;
mod task_definitions;

use locate::{I, K, List, Loc, Place, Seg};

/// Runs every check; returns the problems found.
pub(crate) fn check(
    spec: &StackFile,
    origins: &Origins,
    roots: &[Option<&Node>],
    texts: &[&str],
    unknown: &BTreeSet<String>,
) -> Vec<Problem> {
    let mut families = std::collections::HashMap::new();
    for (i, td) in spec.task_definitions.iter().enumerate() {
        families.entry(td.family.as_str()).or_insert(i);
    }
    let mut c = Checker {
        spec,
        origins,
        roots,
        texts,
        unknown,
        families,
        problems: Vec::new(),
    };
    c.run();
    c.problems
}

struct Checker<'a> {
    spec: &'a StackFile,
    origins: &'a Origins,
    roots: &'a [Option<&'a Node>],
    texts: &'a [&'a str],
    /// The strings holding a variable that is not set, as written: their value is unknown.
    unknown: &'a BTreeSet<String>,
    /// The index of the first task definition of each family: looked up for every
    /// service (a linear search each was quadratic over tens of thousands of entries).
    families: std::collections::HashMap<&'a str, usize>,
    problems: Vec<Problem>,
}

impl<'a> Checker<'a> {
    /// Runs the passes, in order. Problems are sorted by place afterwards; at one place
    /// they keep this order (a service's invalid name before its missing network
    /// configuration).
    fn run(&mut self) {
        let passes: [fn(&mut Self); 13] = [
            Self::stack_name,
            // Each kind's names against AWS's naming rules, then once per kind.
            Self::cluster_name,
            Self::task_definition_names,
            Self::service_names,
            Self::target_group_names_valid,
            Self::load_balancer_names,
            Self::namespaces,
            Self::uniqueness,
            // Each kind's own rules and references.
            Self::task_definitions,
            Self::services,
            Self::load_balancing,
            Self::ranges,
            Self::ownership,
        ];
        for pass in passes {
            pass(self);
        }
    }

    /// The entries of a top-level list with where each is: `(index, place, entry)`.
    fn entries<'i, T>(
        &self,
        list: List,
        items: &'i [T],
    ) -> impl Iterator<Item = (usize, Loc, &'i T)> + use<'a, 'i, T> {
        let origins: &'a [Origin] = list.origins(self.origins);
        items
            .iter()
            .enumerate()
            .map(move |(i, item)| (i, Loc::entry(list, origins, i), item))
    }

    /// Names unique per kind, across all files.
    fn uniqueness(&mut self) {
        let spec = self.spec;
        let groups: [(&str, List, &str, Vec<String>); 7] = [
            (
                "namespace",
                List::Namespaces,
                "name",
                spec.namespaces.iter().map(|x| x.name.clone()).collect(),
            ),
            (
                "task definition family",
                List::TaskDefinitions,
                "family",
                spec.task_definitions
                    .iter()
                    .map(|x| x.family.clone())
                    .collect(),
            ),
            (
                "service name",
                List::Services,
                "serviceName",
                spec.services
                    .iter()
                    .map(|x| x.service_name.clone())
                    .collect(),
            ),
            (
                "load balancer name",
                List::LoadBalancers,
                "name",
                spec.load_balancers.iter().map(|x| x.name.clone()).collect(),
            ),
            (
                "target group name",
                List::TargetGroups,
                "name",
                spec.target_groups.iter().map(|x| x.name.clone()).collect(),
            ),
            (
                "listener",
                List::Listeners,
                "port",
                spec.listeners
                    .iter()
                    .map(|x| format!("{}:{}", x.load_balancer, x.port))
                    .collect(),
            ),
            (
                "listener rule",
                List::ListenerRules,
                "priority",
                spec.listener_rules
                    .iter()
                    .map(|x| format!("{}/{}", x.listener, x.priority))
                    .collect(),
            ),
        ];
        for (what, list, key, names) in groups {
            let mut first = report::Seen::default();
            for (_, e, name) in self.entries(list, &names) {
                let at = self.at(&e, &[Seg::K(key)]);
                if let Some(before) = first.again(name.as_str(), at) {
                    self.twice(
                        Code::SpecDefinedTwice,
                        format!("{what} `{name}` is defined twice"),
                        "defined",
                        at,
                        before,
                    )
                    .help(format!(
                        "each {what} is defined once per stack; remove or rename one"
                    ));
                }
            }
        }
    }
}

impl Checker<'_> {
    /// An invalid name at `at`, with the `rule` it breaks.
    fn invalid_name(&mut self, what: &str, name: &str, at: Place, rule: &str) {
        let label = format!(
            "invalid {}",
            what.strip_prefix("task definition ").unwrap_or(what)
        );
        self.error(
            Code::SpecInvalidName,
            format!("{what} `{name}` is not valid"),
            at,
            &label,
        )
        .help(rule);
    }
}

/// Letters, digits, hyphens (and underscores unless `elb`), 1..=max; ELB names do not
/// start or end with a hyphen.
fn valid_name(name: &str, max: usize, elb: bool) -> bool {
    let chars_ok = name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || (!elb && c == '_'));
    let ends_ok = !elb || !(name.starts_with('-') || name.ends_with('-'));
    !name.is_empty() && name.len() <= max && chars_ok && ends_ok
}

/// The rule of ECS's names (clusters, families, containers, services).
const ECS_NAME_RULE: &str = "use 1-255 letters, digits, hyphens and underscores";
/// The rule of Elastic Load Balancing's names (target groups, load balancers).
const ELB_NAME_RULE: &str =
    "use 1-32 letters, digits and hyphens, not starting or ending with a hyphen";

/// The YAML spelling of an enum value.
fn wire<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn join<T: std::fmt::Display>(items: &[T]) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_rules() {
        assert!(valid_name("ui-application", 32, true));
        assert!(!valid_name("ui_application", 32, true));
        assert!(!valid_name("-ui", 32, true));
        assert!(!valid_name(&"a".repeat(33), 32, true));
        assert!(valid_name("retail_store-ecs", 255, false));
        assert!(!valid_name("retail store", 255, false));
        assert!(!valid_name("", 255, false));
    }
}
