//! Phase one of loading: YAML text to a tree of nodes that remember their byte spans.
//!
//! serde-saphyr parses (it keeps the location of every value and enforces a budget on
//! depth, aliases and size, so no input can make the loader recurse or allocate without
//! bound); this module turns its output into a plain tree the rest of the loader can walk
//! any number of times: for interpolation, for typed conversion (which re-runs after it
//! finds a missing field) and for locating values named by a path in semantic checks.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

/// A byte range in one source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    /// Offset of the first byte.
    pub start: usize,
    /// Length in bytes.
    pub len: usize,
}

impl Span {
    /// A span from a start offset and a length.
    #[must_use]
    pub const fn new(start: usize, len: usize) -> Self {
        Self { start, len }
    }

    /// The offset one past the last byte.
    #[must_use]
    pub const fn end(self) -> usize {
        self.start + self.len
    }

    /// The smallest span covering both.
    #[must_use]
    pub fn cover(self, other: Self) -> Self {
        let start = self.start.min(other.start);
        let end = self.end().max(other.end());
        Self::new(start, end - start)
    }
}

impl From<Span> for miette::SourceSpan {
    fn from(s: Span) -> Self {
        Self::new(s.start.into(), s.len)
    }
}

/// One YAML node.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Unique within one loaded file; used to name a node across re-runs of the typed
    /// conversion.
    pub id: u32,
    /// The node's bytes. For a collection, from its first to its last descendant.
    pub span: Span,
    /// The value.
    pub kind: NodeKind,
}

/// The value of a node.
#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    /// `null`, `~` or nothing.
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A floating point number.
    Float(f64),
    /// A string. `interpolated` is set when `${...}` was substituted into it: such a
    /// string may then stand for a number or a boolean, as a plain YAML scalar would.
    Str {
        /// The text.
        value: String,
        /// Whether `${...}` was substituted.
        interpolated: bool,
    },
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in file order; duplicate keys are kept so they can be reported.
    Map(Vec<Entry>),
}

/// A mapping entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The key as text.
    pub key: String,
    /// The key's bytes.
    pub key_span: Span,
    /// The value.
    pub value: Node,
}

impl Node {
    /// The entry of a mapping with this key (the first one if repeated).
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&Entry> {
        match &self.kind {
            NodeKind::Map(entries) => entries.iter().find(|e| e.key == key),
            _ => None,
        }
    }

    /// The element of a sequence at this index.
    #[must_use]
    pub fn index(&self, i: usize) -> Option<&Node> {
        match &self.kind {
            NodeKind::Seq(items) => items.get(i),
            _ => None,
        }
    }

    /// A short name of the node's type for messages ("a string", "a mapping").
    #[must_use]
    pub fn type_name(&self) -> &'static str {
        match &self.kind {
            NodeKind::Null => "null",
            NodeKind::Bool(_) => "a boolean",
            NodeKind::Int(_) => "an integer",
            NodeKind::Float(_) => "a number",
            NodeKind::Str { .. } => "a string",
            NodeKind::Seq(_) => "a list",
            NodeKind::Map(_) => "a mapping",
        }
    }

    /// Visits every node of the tree, this one first, depth first.
    pub fn walk_mut(&mut self, f: &mut impl FnMut(&mut Node)) {
        f(self);
        match &mut self.kind {
            NodeKind::Seq(items) => items.iter_mut().for_each(|n| n.walk_mut(f)),
            NodeKind::Map(entries) => entries.iter_mut().for_each(|e| e.value.walk_mut(f)),
            _ => {}
        }
    }
}

/// A YAML syntax (or budget) error, with where it happened when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// What went wrong.
    pub message: String,
    /// Where, when serde-saphyr knows.
    pub span: Option<Span>,
}

/// The deepest nesting accepted.
const MAX_DEPTH: usize = 48;

/// Parses one YAML document into a tree. An empty document is `None`.
///
/// # Errors
/// When the text is not YAML, holds more than one document, or exceeds the parser's
/// budget (depth, aliases, size).
pub fn parse(source: &str) -> Result<Option<Node>, SyntaxError> {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_depth = MAX_DEPTH;
    budget.flow_nesting_limit = MAX_DEPTH;
    let options = serde_saphyr::options! {
        // Repeated keys reach the tree so the loader reports both places.
        duplicate_keys: serde_saphyr::DuplicateKeyPolicy::PassThrough,
        // Nesting is bounded the same for block and flow style, well within what the
        // recursive tree building and conversion can take on a thread's stack; a stack
        // file is nowhere near this deep.
        budget: Some(budget),
    };
    let parsed: Spanned<RawValue> = serde_saphyr::from_str_with_options(source, options)
        .map_err(|e| {
            let span = e.location().and_then(|l| span_of(l, source));
            SyntaxError {
                message: e.without_snippet().to_string(),
                span,
            }
        })?;
    if matches!(parsed.value, RawValue::Null) && source.trim().lines().all(is_comment_or_blank) {
        return Ok(None);
    }
    let mut next_id = 0;
    Ok(Some(build(parsed, source, &mut next_id)))
}

fn is_comment_or_blank(line: &str) -> bool {
    let t = line.trim();
    t.is_empty() || t.starts_with('#') || t == "---" || t == "..."
}

fn span_of(loc: serde_saphyr::Location, source: &str) -> Option<Span> {
    let s = loc.span();
    let Some(start) = s.byte_offset() else {
        // Some parser errors carry only a line and a column (1-based, in characters).
        return offset_of(source, loc.line(), loc.column()).map(|at| Span::new(at, 0));
    };
    let start = usize::try_from(start).ok()?;
    let len = usize::try_from(s.byte_len().unwrap_or(0)).ok()?;
    let start = start.min(source.len());
    Some(Span::new(start, len.min(source.len() - start)))
}

fn offset_of(source: &str, line: u64, column: u64) -> Option<usize> {
    let line = usize::try_from(line).ok()?.checked_sub(1)?;
    let column = usize::try_from(column).ok()?.saturating_sub(1);
    let mut start = 0;
    for (i, l) in source.split_inclusive('\n').enumerate() {
        if i == line {
            let col = l.char_indices().nth(column).map_or(l.len(), |(b, _)| b);
            return Some(start + col);
        }
        start += l.len();
    }
    (line == 0 || source.ends_with('\n')).then_some(source.len())
}

fn build(v: Spanned<RawValue>, source: &str, next_id: &mut u32) -> Node {
    let id = *next_id;
    *next_id += 1;
    let own = span_of(v.referenced, source).unwrap_or_default();
    let (kind, span) = match v.value {
        RawValue::Null => (NodeKind::Null, own),
        RawValue::Bool(b) => (NodeKind::Bool(b), own),
        RawValue::Int(i) => (NodeKind::Int(i), own),
        RawValue::Float(f) => (NodeKind::Float(f), own),
        RawValue::Str(s) => (
            NodeKind::Str {
                value: s,
                interpolated: false,
            },
            own,
        ),
        RawValue::Seq(items) => {
            let items: Vec<Node> = items.into_iter().map(|i| build(i, source, next_id)).collect();
            let span = items.iter().fold(own, |acc, n| acc.cover(n.span));
            (NodeKind::Seq(items), span)
        }
        RawValue::Map(entries) => {
            let mut span = own;
            let entries: Vec<Entry> = entries
                .into_iter()
                .map(|(k, val)| {
                    let key_span = span_of(k.referenced, source).unwrap_or_default();
                    let value = build(val, source, next_id);
                    span = span.cover(key_span).cover(value.span);
                    Entry {
                        key: k.value.0,
                        key_span,
                        value,
                    }
                })
                .collect();
            (NodeKind::Map(entries), span)
        }
    };
    Node { id, span, kind }
}

/// What serde-saphyr hands over, before ids and collection spans are assigned.
enum RawValue {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Spanned<RawValue>>),
    Map(Vec<(Spanned<RawKey>, Spanned<RawValue>)>),
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = RawValue;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E>(self) -> Result<RawValue, E> {
        Ok(RawValue::Null)
    }
    fn visit_none<E>(self) -> Result<RawValue, E> {
        Ok(RawValue::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<RawValue, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_bool<E>(self, b: bool) -> Result<RawValue, E> {
        Ok(RawValue::Bool(b))
    }
    fn visit_i64<E>(self, i: i64) -> Result<RawValue, E> {
        Ok(RawValue::Int(i))
    }
    fn visit_u64<E: de::Error>(self, u: u64) -> Result<RawValue, E> {
        i64::try_from(u)
            .map(RawValue::Int)
            .map_err(|_| E::custom(format!("integer {u} is too large")))
    }
    fn visit_i128<E: de::Error>(self, i: i128) -> Result<RawValue, E> {
        i64::try_from(i)
            .map(RawValue::Int)
            .map_err(|_| E::custom(format!("integer {i} is too large")))
    }
    fn visit_u128<E: de::Error>(self, u: u128) -> Result<RawValue, E> {
        i64::try_from(u)
            .map(RawValue::Int)
            .map_err(|_| E::custom(format!("integer {u} is too large")))
    }
    fn visit_f64<E>(self, f: f64) -> Result<RawValue, E> {
        Ok(RawValue::Float(f))
    }
    fn visit_str<E>(self, s: &str) -> Result<RawValue, E> {
        Ok(RawValue::Str(s.to_owned()))
    }
    fn visit_string<E>(self, s: String) -> Result<RawValue, E> {
        Ok(RawValue::Str(s))
    }
    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<RawValue, E> {
        Err(E::custom("binary values are not supported"))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawValue, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(RawValue::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawValue, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key()? {
            let value = map.next_value()?;
            entries.push((key, value));
        }
        Ok(RawValue::Map(entries))
    }
}

impl<'de> Deserialize<'de> for RawValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(RawVisitor)
    }
}

/// A mapping key: any scalar, kept as text.
struct RawKey(String);

impl<'de> Deserialize<'de> for RawKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match d.deserialize_any(RawVisitor)? {
            RawValue::Str(s) => Ok(Self(s)),
            RawValue::Int(i) => Ok(Self(i.to_string())),
            RawValue::Float(f) => Ok(Self(f.to_string())),
            RawValue::Bool(b) => Ok(Self(b.to_string())),
            RawValue::Null => Ok(Self("null".to_owned())),
            RawValue::Seq(_) | RawValue::Map(_) => Err(de::Error::custom(
                "a mapping key must be a plain value, not a list or a mapping",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_point_at_values_and_keys() -> Result<(), SyntaxError> {
        let src = "a: 1\nb:\n  - x\n  - \"y\"\n";
        let Some(root) = parse(src)? else {
            return Err(SyntaxError {
                message: "empty".into(),
                span: None,
            });
        };
        let a = root.get("a").map(|e| (&src[e.key_span.start..e.key_span.end()], e.value.span));
        assert_eq!(a, Some(("a", Span::new(3, 1))));
        let b = root.get("b").map(|e| &e.value);
        let y = b.and_then(|b| b.index(1)).map(|n| &src[n.span.start..n.span.end()]);
        assert_eq!(y, Some("\"y\""));
        let whole = b.map(|b| &src[b.span.start..b.span.end()]);
        assert_eq!(whole, Some("- x\n  - \"y\""));
        Ok(())
    }

    #[test]
    fn empty_and_comment_only_documents_are_none() {
        assert_eq!(parse(""), Ok(None));
        assert_eq!(parse("# nothing\n---\n"), Ok(None));
    }

    #[test]
    fn duplicate_keys_are_kept() -> Result<(), SyntaxError> {
        let root = parse("a: 1\na: 2\n")?;
        let n = root.map(|r| match r.kind {
            NodeKind::Map(e) => e.len(),
            _ => 0,
        });
        assert_eq!(n, Some(2));
        Ok(())
    }

    #[test]
    fn syntax_errors_have_a_location() {
        let err = parse("a: [1, 2\nb: 3\n").err();
        assert!(err.as_ref().is_some_and(|e| !e.message.is_empty()));
        assert_eq!(err.and_then(|e| e.span), Some(Span::new(10, 0)));
    }
}
