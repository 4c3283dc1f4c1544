//! The comparison rule: what of a live resource is compared with the file, and how.
//!
//! 1. Both documents take the canonical shape (tags, attributes and cluster settings as
//!    mappings by key) and AWS's defaults ([`crate::defaults`]) where they leave a
//!    field out.
//! 2. Both take the canonical forms ([`crate::normalize`]): units, sets, names for the
//!    stack's ARNs, renamed enum values.
//! 3. Field ownership (each kind's [`crate::kinds::KindRules::ownership`]): an
//!    autoscaled service's `desiredCount` belongs to the autoscaler (and a DAEMON service
//!    has none).
//! 4. The live document keeps only what the file sets and what the defaults table
//!    resets (its `Reset` rows): a field the file does not set is AWS's to choose. So a
//!    member only responses carry (ARNs, timestamps, counts, statuses...), a member AWS
//!    adds next month, or one an SDK upgrade starts returning, never takes part. Lists
//!    are matched element by element; mappings of data (tags, docker labels, log
//!    options...) are compared whole.
//! 5. Values that name the same thing in two ways compare equal: IAM roles by name or
//!    ARN, a task definition family without a revision and the revision it resolves
//!    to; under the `CODE_DEPLOY` controller, the target group CodeDeploy has switched
//!    the service to.
//! 6. Absent, `null`, `[]` and `{}` are one thing.

use std::collections::HashSet;

use serde_json::Value;

use crate::defaults::{self, get};
use crate::normalize::{Context, drop_empty, forms, keyed_lists_as_maps};
use crate::path::{Pattern, Seg, Step};
use crate::{Doc, Kind};

/// A desired document and, when the resource exists, the live one, as compared.
#[derive(Debug, Clone, PartialEq)]
pub struct Compared {
    /// The file's document with AWS's defaults, in canonical form.
    pub after: Doc,
    /// What of live is compared, in the same form (`None`: no live resource).
    pub before: Option<Doc>,
}

/// Prepares a desired document and a live one (when there is one) for comparison.
#[must_use]
pub fn compare(kind: Kind, desired: &Doc, live: Option<&Doc>, ctx: &Context<'_>) -> Compared {
    let (mut after, reset) = prepare(kind, desired, ctx);
    let before = live.map(|l| {
        let (mut before, _) = prepare(kind, l, ctx);
        project(kind, &mut before, &after, &reset);
        equate(kind, &mut before, &after);
        drop_empty(&mut before);
        before
    });
    drop_empty(&mut after);
    Compared { after, before }
}

/// A live document alone (a resource the file no longer names): canonical shape,
/// defaults and forms, nothing projected away.
#[must_use]
pub fn live_alone(kind: Kind, live: &Doc, ctx: &Context<'_>) -> Doc {
    let (mut doc, _) = prepare(kind, live, ctx);
    drop_empty(&mut doc);
    doc
}

/// Canonical shape, defaults, forms and ownership; the concrete paths where a reset
/// default applies.
fn prepare(kind: Kind, doc: &Doc, ctx: &Context<'_>) -> (Doc, HashSet<Vec<Step>>) {
    let mut out = keyed_lists_as_maps(kind, doc);
    let reset = defaults::fill(kind, &mut out, ctx).into_iter().collect();
    forms(kind, &mut out, ctx);
    (crate::kinds::rules(kind).ownership)(&mut out, ctx);
    (out, reset)
}

fn whole(kind: Kind, path: &[Step]) -> bool {
    // Tags are the user's mapping on every kind.
    if matches!(path, [Step::Key(k)] if k == "tags") {
        return true;
    }
    crate::kinds::rules(kind)
        .whole
        .iter()
        .any(|p| Pattern::parse(p).is_some_and(|p| p.matches(path)))
}

/// Keeps of `live` what the file sets (`desired`) and what a reset default covers
/// (`reset`, concrete paths of the desired document).
fn project(kind: Kind, live: &mut Value, desired: &Value, reset: &HashSet<Vec<Step>>) {
    let mut path = Vec::new();
    project_at(kind, live, desired, reset, &mut path);
}

fn project_at(
    kind: Kind,
    live: &mut Value,
    desired: &Value,
    reset: &HashSet<Vec<Step>>,
    path: &mut Vec<Step>,
) {
    if whole(kind, path) {
        return;
    }
    match (live, desired) {
        (Value::Object(l), Value::Object(d)) => {
            l.retain(|k, _| {
                d.contains_key(k) || {
                    path.push(Step::Key(k.clone()));
                    let kept = reset.contains(path.as_slice());
                    path.pop();
                    kept
                }
            });
            for (k, v) in l.iter_mut() {
                if let Some(dv) = d.get(k) {
                    path.push(Step::Key(k.clone()));
                    project_at(kind, v, dv, reset, path);
                    path.pop();
                }
            }
        }
        (Value::Array(l), Value::Array(d)) => {
            for (i, v) in l.iter_mut().enumerate() {
                if let Some(dv) = d.get(i) {
                    path.push(Step::Index(i));
                    project_at(kind, v, dv, reset, path);
                    path.pop();
                }
            }
        }
        _ => {}
    }
}

/// An IAM role's name with its path, from a name (`ecsServiceRole`, `/foo/bar`) or an
/// ARN (`arn:aws:iam::123456789012:role/foo/bar`): "If your specified role has a path
/// other than /, then you must either specify the full role ARN (this is recommended)
/// or prefix the role name with the path" (ECS API reference, CreateService `role`).
#[must_use]
pub fn role_name(role: &str) -> &str {
    let tail = match role.split_once(":role/") {
        Some((head, tail)) if head.starts_with("arn:") && head.contains(":iam::") => tail,
        _ => role,
    };
    tail.trim_start_matches('/')
}

/// Where the two documents name the same thing in two ways, `live` takes the desired
/// spelling.
fn equate(kind: Kind, live: &mut Value, desired: &Value) {
    for p in crate::kinds::rules(kind).roles {
        if let Some(pattern) = Pattern::parse(p) {
            equate_at(
                live,
                desired,
                &pattern.0,
                &mut |l, d| matches!((l.as_str(), d.as_str()), (Some(a), Some(b)) if role_name(a) == role_name(b)),
            );
        }
    }
    (crate::kinds::rules(kind).equate)(live, desired);
}

/// Walks both documents along `segs` (lists matched by position) and, where `same` says
/// the two values are the same thing, copies the desired one into live.
fn equate_at(
    live: &mut Value,
    desired: &Value,
    segs: &[Seg],
    same: &mut dyn FnMut(&Value, &Value) -> bool,
) {
    let Some((first, rest)) = segs.split_first() else {
        if live != desired && same(live, desired) {
            *live = desired.clone();
        }
        return;
    };
    match first {
        Seg::Key(k) => {
            if let (Some(l), Some(d)) = (live.get_mut(k.as_str()), desired.get(k.as_str())) {
                equate_at(l, d, rest, same);
            }
        }
        Seg::Each => {
            if let (Value::Array(l), Value::Array(d)) = (live, desired) {
                for (l, d) in l.iter_mut().zip(d) {
                    equate_at(l, d, rest, same);
                }
            }
        }
    }
}

/// The file's document with the reset defaults made explicit, in the file's own shape
/// (keyed lists as lists, no forms): what `render` prints and what apply sends where the
/// file is silent.
#[must_use]
pub fn with_defaults(kind: Kind, desired: &Doc, ctx: &Context<'_>) -> Doc {
    let mut doc = keyed_lists_as_maps(kind, desired);
    defaults::fill(kind, &mut doc, ctx);
    // Keep tags as the file wrote them (the canonical form leaves out reserved keys).
    let mut out = crate::normalize::maps_as_keyed_lists(kind, &doc);
    if let (Some(m), Some(tags)) = (out.as_object_mut(), desired.get("tags")) {
        m.insert("tags".into(), tags.clone());
    }
    if let Some(m) = out.as_object_mut()
        && m.get("tags")
            .is_some_and(|t| t.as_array().is_some_and(Vec::is_empty) || t.is_null())
    {
        m.remove("tags");
    }
    out
}

/// Whether a field at `path` of a canonical live document holds the value AWS fills in
/// when it is not sent (a reset default, or one AWS chooses), so that a file need not
/// say it (import's test for leaving a field out).
#[must_use]
pub fn is_default(kind: Kind, doc: &Doc, path: &[Step], ctx: &Context<'_>) -> bool {
    let Some(value) = get(doc, path) else {
        return false;
    };
    match defaults::default_at(kind, doc, path, ctx) {
        Some((d, _)) if d.is_null() => is_empty(value),
        Some((d, _)) => &d == value,
        None => false,
    }
}

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

#[cfg(test)]
mod tests;
