//! One home per resource kind: everything the model and the plan know about a kind that
//! is not generic is in its module here, as one [`KindRules`] value. The generic code
//! (the defaults table's machinery in [`crate::defaults`], the canonical forms in
//! [`crate::normalize`], the comparison in [`crate::compare`], the keyed lists in
//! [`crate::keyed`], the dependency graph in [`crate::graph`], and the plan) asks
//! [`rules`] for a kind's rules and never names a kind's fields itself.
//!
//! A kind's module holds, with their AWS citations: its rows of the defaults table, its
//! canonical forms, its mappings compared whole, its IAM role fields, its keyed lists
//! and lists matched by a member, the resources it references (its dependencies), and
//! the fields that force its replacement with the order of that replacement.

use serde_json::Value;

use crate::defaults::FieldDefault;
use crate::normalize::Context;
use crate::{Address, Doc, Kind};

pub mod cloud_map_service;
pub mod cluster;
pub mod listener;
pub mod listener_rule;
pub mod load_balancer;
pub mod namespace;
pub mod scalable_target;
pub mod scaling_policy;
pub mod scheduled_action;
pub mod service;
pub mod target_group;
pub mod task_definition;

/// A canonical form: a rule that makes two spellings of the same thing one, applied to
/// both the desired and the live document (see [`crate::normalize`]).
#[derive(Debug, Clone, Copy)]
pub struct Form {
    /// Its name, for tests and for `--explain`.
    pub name: &'static str,
    /// The rule.
    pub apply: fn(&mut Doc, &Context<'_>),
}

/// What a resource's document references: a dependency of the resource (it must exist
/// before the resource is created, and be deleted after it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ref {
    /// The resource at this address.
    To(Address),
    /// A target group, and the listeners and rules that attach it to a load balancer
    /// (ECS refuses a target group without a load balancer: a service waits for them).
    AttachedTargetGroup(String),
    /// Every resource of a kind in the stack.
    Every(Kind),
}

/// Everything the model and the plan know about one kind.
#[derive(Debug, Clone, Copy)]
pub struct KindRules {
    /// Its rows of the defaults table, in the order they apply (a row may depend on one
    /// above it). See [`crate::defaults`].
    pub defaults: &'static [FieldDefault],
    /// Its canonical forms, in the order they run.
    pub forms: &'static [Form],
    /// Its mappings of data, compared whole: their keys are the user's, not AWS's
    /// members (`tags` is one on every kind, and not listed).
    pub whole: &'static [&'static str],
    /// The paths of its IAM roles, which AWS takes by name or ARN.
    pub roles: &'static [&'static str],
    /// The lists the canonical shape holds as mappings by key, as `(list, key member,
    /// value member)`.
    pub keyed_lists: &'static [(&'static str, &'static str, &'static str)],
    /// Its lists of objects matched by a member, as `(list pattern, candidate key
    /// members in order of preference)` (see [`crate::keyed`]).
    pub list_keys: &'static [(&'static str, &'static [&'static str])],
    /// Field ownership: removes from a (prepared) document what belongs to someone else
    /// than the file, on both sides of a comparison.
    pub ownership: fn(&mut Doc, &Context<'_>),
    /// Where the live document names the same thing as the desired one in another way,
    /// gives live the desired spelling (beyond [`Self::roles`]).
    pub equate: fn(&mut Value, &Value),
    /// Whether a resource of the kind can carry the stack's stamp, and in which group
    /// (see [`crate::stamp::anchors`]).
    pub stamp_anchor: Option<AnchorGroup>,
    /// What the plan says of a create of the resource (its document as compared), beyond
    /// what every create says.
    pub create_note: fn(&Doc) -> Option<&'static str>,
    /// The fields `ecsform import` writes even where live holds AWS's default: they name
    /// the resource or the file format requires them (patterns, `[]` for every element).
    pub import_keeps: &'static [&'static str],
    /// What a resource of the kind references, from its address and its (normalized)
    /// document.
    pub references: fn(&Address, &Doc) -> Vec<Ref>,
    /// Whether a resource of the kind attaches the target groups it references to a
    /// load balancer (listeners and their rules).
    pub attaches_target_groups: bool,
    /// The top-level fields AWS cannot change in place: a change to one replaces the
    /// resource.
    pub replaced_by: &'static [&'static str],
    /// Whether a replacement creates the new resource before the old one goes (else the
    /// old one goes first, so that its name is free).
    pub create_before_destroy: bool,
}

impl KindRules {
    /// The rules of a kind with nothing particular: no defaults rows, forms, whole
    /// mappings, roles or lists matched by a member; tags as its one keyed list; every
    /// field the file's; one spelling; no stamp, no create note, nothing kept by import;
    /// no references; nothing forces a replacement, which would go destroy first. A
    /// kind's `RULES` give what is theirs and take the rest from here
    /// (`..KindRules::NONE`).
    pub const NONE: Self = Self {
        defaults: &[],
        forms: &[],
        whole: &[],
        roles: &[],
        keyed_lists: TAGS,
        list_keys: &[],
        ownership: all_owned,
        equate: one_spelling,
        stamp_anchor: None,
        create_note: no_note,
        import_keeps: &[],
        references: no_references,
        attaches_target_groups: false,
        replaced_by: &[],
        create_before_destroy: false,
    };
}

/// The two groups of the stack stamp's anchors: one of each, so that deleting one by hand
/// leaves the other (see [`crate::stamp::anchors`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnchorGroup {
    /// Amazon ECS (the cluster, services).
    Ecs,
    /// Elastic Load Balancing or Cloud Map.
    Other,
}

/// The rules of a kind.
#[must_use]
pub fn rules(kind: Kind) -> &'static KindRules {
    match kind {
        Kind::Namespace => &namespace::RULES,
        Kind::Cluster => &cluster::RULES,
        Kind::TaskDefinition => &task_definition::RULES,
        Kind::LoadBalancer => &load_balancer::RULES,
        Kind::TargetGroup => &target_group::RULES,
        Kind::Listener => &listener::RULES,
        Kind::ListenerRule => &listener_rule::RULES,
        Kind::Service => &service::RULES,
        Kind::ScalableTarget => &scalable_target::RULES,
        Kind::ScalingPolicy => &scaling_policy::RULES,
        Kind::ScheduledAction => &scheduled_action::RULES,
        Kind::CloudMapService => &cloud_map_service::RULES,
    }
}

/// The keyed lists of most kinds: their tags, `key`/`value` (ECS, ELBv2, Cloud Map and
/// Application Auto Scaling all spell a tag so in the canonical document).
pub(crate) const TAGS: &[(&str, &str, &str)] = &[("tags", "key", "value")];

/// The keyed lists of the ELBv2 kinds that carry attributes (load balancers, target
/// groups, listeners): tags and `attributes`, both `key`/`value`
/// ([LoadBalancerAttribute](https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_LoadBalancerAttribute.html),
/// [TargetGroupAttribute](https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_TargetGroupAttribute.html),
/// [ListenerAttribute](https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_ListenerAttribute.html)).
pub(crate) const TAGS_AND_ATTRIBUTES: &[(&str, &str, &str)] =
    &[("tags", "key", "value"), ("attributes", "key", "value")];

/// The ownership of a kind whose every field is the file's.
fn all_owned(_: &mut Doc, _: &Context<'_>) {}

/// The equating of a kind whose fields have one spelling (or only role names).
fn one_spelling(_: &mut Value, _: &Value) {}

/// The create note of a kind that has nothing more to say.
fn no_note(_: &Doc) -> Option<&'static str> {
    None
}

/// The references of a kind that references nothing.
fn no_references(_: &Address, _: &Doc) -> Vec<Ref> {
    Vec::new()
}

/// The resource the head of a compound name names (`<namespace>/<service>`: the
/// namespace), from the name split where the kind's syntax says.
pub(crate) fn parent(kind: Kind, split: Option<(&str, &str)>) -> Option<Ref> {
    split.map(|(head, _)| Ref::To(Address::new(kind, head)))
}

/// A string at a JSON pointer.
pub(crate) fn str_at<'v>(v: &'v Value, pointer: &str) -> Option<&'v str> {
    v.pointer(pointer).and_then(Value::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_path_of_every_kind_parses() {
        use crate::path::Pattern;
        for kind in Kind::ALL {
            let r = rules(kind);
            let lists = r.list_keys.iter().map(|(p, _)| *p);
            for p in r
                .whole
                .iter()
                .chain(r.roles)
                .chain(r.import_keeps)
                .copied()
                .chain(lists)
            {
                assert!(Pattern::parse(p).is_some(), "{kind}: {p}");
            }
            for f in r.replaced_by {
                assert!(!f.contains(['.', '[']), "{kind}: {f} is a top-level field");
            }
        }
    }

    #[test]
    fn every_kind_has_rules_and_its_default_rows_are_its_own() {
        for kind in Kind::ALL {
            for row in rules(kind).defaults {
                assert_eq!(row.kind, kind, "{} is in the module of {kind}", row.path);
            }
        }
    }
}
