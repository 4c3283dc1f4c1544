//! Where a value of the stack is written: the file and bytes a problem points at.

use super::Checker;
use crate::load::{Origin, Origins};
use crate::problem::FileId;
use crate::raw::{Node, NodeKind, Span};

/// The place of a value: file and bytes.
pub(super) type Place = (FileId, Span);

/// A step of a path inside a resource's YAML node.
#[derive(Debug, Clone, Copy)]
pub(super) enum Seg {
    K(&'static str),
    I(usize),
}
pub(super) use Seg::{I, K};

/// A top-level list of the stack file.
#[derive(Debug, Clone, Copy)]
pub(super) enum List {
    Namespaces,
    TaskDefinitions,
    Services,
    LoadBalancers,
    TargetGroups,
    Listeners,
    ListenerRules,
}

impl List {
    /// Its key in the file.
    const fn key(self) -> &'static str {
        match self {
            Self::Namespaces => "namespaces",
            Self::TaskDefinitions => "taskDefinitions",
            Self::Services => "services",
            Self::LoadBalancers => "loadBalancers",
            Self::TargetGroups => "targetGroups",
            Self::Listeners => "listeners",
            Self::ListenerRules => "listenerRules",
        }
    }

    /// The file and index of each of its merged entries.
    pub(super) fn origins(self, o: &Origins) -> &[Origin] {
        match self {
            Self::Namespaces => &o.namespaces,
            Self::TaskDefinitions => &o.task_definitions,
            Self::Services => &o.services,
            Self::LoadBalancers => &o.load_balancers,
            Self::TargetGroups => &o.target_groups,
            Self::Listeners => &o.listeners,
            Self::ListenerRules => &o.listener_rules,
        }
    }
}

/// A place inside an entry of a top-level list: the entry, and a path below it.
#[derive(Debug, Clone)]
pub(super) struct Loc {
    list: List,
    origin: Origin,
    path: Vec<Seg>,
}

impl Loc {
    /// Entry `i` of the merged `list`, whose origins are `origins`.
    pub(super) fn entry(list: List, origins: &[Origin], i: usize) -> Self {
        let origin = origins
            .get(i)
            .copied()
            .unwrap_or(Origin { file: 0, index: i });
        Self {
            list,
            origin,
            path: Vec::new(),
        }
    }

    /// The place `tail` below this one.
    pub(super) fn join(&self, tail: &[Seg]) -> Self {
        let mut path = self.path.clone();
        path.extend_from_slice(tail);
        Self { path, ..*self }
    }
}

impl<'a> Checker<'a> {
    pub(super) fn root(&self, file: FileId) -> Option<&'a Node> {
        self.roots.get(file).copied().flatten()
    }

    /// The value at `tail` below `loc`; the deepest part of the path that exists when the
    /// whole does not (a defaulted value).
    pub(super) fn at(&self, loc: &Loc, tail: &[Seg]) -> Place {
        self.locate(loc, tail, false)
    }

    /// Like [`Self::at`], but the key of the last step rather than its value.
    pub(super) fn key_at(&self, loc: &Loc, tail: &[Seg]) -> Place {
        self.locate(loc, tail, true)
    }

    fn locate(&self, loc: &Loc, tail: &[Seg], want_key: bool) -> Place {
        let o = loc.origin;
        let list = loc.list.key();
        let Some(root) = self.root(o.file) else {
            return (o.file, Span::default());
        };
        let Some(entry) = root.get(list).and_then(|e| e.value.index(o.index)) else {
            return (o.file, root.get(list).map_or(root.span, |e| e.key_span));
        };
        let path = loc.path.iter().chain(tail);
        let len = loc.path.len() + tail.len();
        let mut node = entry;
        let mut span = first_key_span(entry);
        for (i, seg) in path.enumerate() {
            let last = i + 1 == len;
            match seg {
                K(k) => match node.get(k) {
                    Some(e) => {
                        span = if last && want_key {
                            e.key_span
                        } else {
                            e.value.span
                        };
                        node = &e.value;
                    }
                    None => break,
                },
                I(n) => match node.index(*n) {
                    Some(child) => {
                        span = first_key_span(child);
                        if last {
                            span = child.span;
                        }
                        node = child;
                    }
                    None => break,
                },
            }
        }
        (o.file, span)
    }

    /// Under a top-level singleton (`stack`, `cluster`): its key, or the value at `path`
    /// below it (the deepest part that exists).
    pub(super) fn top(&self, file: FileId, key: &str, path: &[Seg]) -> Place {
        let Some(root) = self.root(file) else {
            return (file, Span::default());
        };
        let Some(entry) = root.get(key) else {
            return (file, first_key_span(root));
        };
        let mut span = entry.key_span;
        let mut node = &entry.value;
        for seg in path {
            let next = match seg {
                K(k) => node.get(k).map(|e| &e.value),
                I(i) => node.index(*i),
            };
            let Some(next) = next else { break };
            span = next.span;
            node = next;
        }
        (file, span)
    }

    /// The text written at a place.
    pub(super) fn text(&self, (file, span): Place) -> &'a str {
        self.texts
            .get(file)
            .and_then(|t| t.get(span.start..span.end()))
            .unwrap_or_default()
    }
}

fn first_key_span(node: &Node) -> Span {
    match &node.kind {
        NodeKind::Map(entries) => entries.first().map_or(node.span, |e| e.key_span),
        _ => node.span,
    }
}
