//! Phase one of loading: YAML text to a tree of nodes that remember their byte spans.
//!
//! serde-saphyr's parser emits events with the byte span of every value; this module
//! builds them into a plain tree (bounding depth and alias expansion, so no input makes
//! the loader recurse or allocate without bound) that the rest of the loader walks any
//! number of times: for interpolation, for typed conversion (which re-runs after it
//! finds a missing field) and for locating values named by a path in semantic checks.

use serde_saphyr::granit_parser;

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

    /// The bytes of text of the tree: its strings and keys, as the loader bounds them
    /// (see [`MAX_DOCUMENT_BYTES`]).
    #[must_use]
    pub fn text_bytes(&self) -> usize {
        match &self.kind {
            NodeKind::Str { value, .. } => value.len(),
            NodeKind::Seq(items) => items.iter().map(Node::text_bytes).sum(),
            NodeKind::Map(entries) => entries
                .iter()
                .map(|e| e.key.len() + e.value.text_bytes())
                .sum(),
            _ => 0,
        }
    }

    /// The number of nodes of the tree, this one included.
    #[must_use]
    pub fn size(&self) -> usize {
        1 + match &self.kind {
            NodeKind::Seq(items) => items.iter().map(Node::size).sum(),
            NodeKind::Map(entries) => entries.iter().map(|e| e.value.size()).sum(),
            _ => 0,
        }
    }

    /// How many collections deep the tree nests: 0 for a scalar, 1 for a flat list.
    #[must_use]
    pub fn levels(&self) -> usize {
        match &self.kind {
            NodeKind::Seq(items) => 1 + items.iter().map(Node::levels).max().unwrap_or(0),
            NodeKind::Map(entries) => {
                1 + entries.iter().map(|e| e.value.levels()).max().unwrap_or(0)
            }
            _ => 0,
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

/// A YAML syntax (or size) error, with where it happened when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// What went wrong.
    pub message: String,
    /// Where, when known.
    pub span: Option<Span>,
    /// How to fix it, when the parser knows better than "check the syntax".
    pub help: Option<String>,
    /// Whether the document was refused for its size (too many values, or too many bytes
    /// once aliases are expanded) rather than for its syntax.
    pub too_large: bool,
}

/// The deepest nesting accepted: far beyond any stack file, well within what the
/// recursive conversion can take on a thread's stack.
const MAX_DEPTH: usize = 48;

/// The most nodes a document may hold once aliases are expanded (a stack of 1,000
/// services is about 100,000); a guard against alias bombs and against files of
/// millions of tiny values.
const MAX_NODES: usize = 2_000_000;

/// The most bytes of text (scalars, keys included) a document may hold once its aliases
/// are expanded and its variables substituted: 32 MiB, twice the largest file read
/// ([`crate::MAX_FILE_BYTES`]). Counting values alone let an alias bomb of a 100 KB
/// string in a 100 KB file take 1.45 GB of memory with 9^4 copies, within the node limit.
pub const MAX_DOCUMENT_BYTES: usize = 32 * 1024 * 1024;

/// Parses one YAML document into a tree. An empty document is `None`.
///
/// The tree is built from the events of serde-saphyr's parser (`granit_parser`, which
/// serde-saphyr re-exports) rather than through serde-saphyr's `Spanned<T>`
/// deserializer: measured on a 300-service stack, the events take 14 ms and the
/// `Spanned` route 48 ms, most of the loader's time.
///
/// YAML 1.2 core schema: plain scalars resolve to null, booleans, integers and floats;
/// anchors, aliases and merge keys (`<<: *defaults`) work; other tags are refused.
///
/// # Errors
/// When the text is not YAML, holds more than one document, nests deeper than 48 levels,
/// or holds (aliases expanded) more than 2,000,000 nodes or more than
/// [`MAX_DOCUMENT_BYTES`] of text; the size errors are marked `too_large`, at the alias
/// (or value) that passed the bound, found before its copy is made.
pub fn parse(source: &str) -> Result<Option<Node>, SyntaxError> {
    Builder::new(source).run()
}

/// A collection being built.
enum Open {
    Seq {
        start: usize,
        items: Vec<Node>,
        anchor: usize,
    },
    Map {
        start: usize,
        entries: Vec<Entry>,
        key: Option<(String, Span)>,
        anchor: usize,
    },
}

/// An anchored value, with its measures (taken once: an alias is counted before it is
/// copied).
struct Anchored {
    node: Node,
    nodes: usize,
    bytes: usize,
    levels: usize,
}

impl Anchored {
    fn new(node: Node) -> Self {
        Self {
            nodes: node.size(),
            bytes: node.text_bytes(),
            levels: node.levels(),
            node,
        }
    }
}

struct Builder<'s> {
    source: &'s str,
    next_id: u32,
    nodes: usize,
    bytes: usize,
    stack: Vec<Open>,
    anchors: std::collections::HashMap<usize, Anchored>,
    root: Option<Node>,
    documents: usize,
}

fn err(message: impl Into<String>, span: Span) -> SyntaxError {
    SyntaxError {
        message: message.into(),
        span: Some(span),
        help: None,
        too_large: false,
    }
}

/// A size in MiB for messages.
fn mib(bytes: usize) -> usize {
    bytes / (1024 * 1024)
}

impl<'s> Builder<'s> {
    fn new(source: &'s str) -> Self {
        Self {
            source,
            next_id: 0,
            nodes: 0,
            bytes: 0,
            stack: Vec::new(),
            anchors: std::collections::HashMap::new(),
            root: None,
            documents: 0,
        }
    }

    fn offset(&self, m: &granit_parser::Marker) -> usize {
        m.byte_offset()
            .or_else(|| self.source.char_indices().nth(m.index()).map(|(b, _)| b))
            .unwrap_or(self.source.len())
            .min(self.source.len())
    }

    fn span(&self, s: &granit_parser::Span) -> Span {
        let start = self.offset(&s.start);
        let end = self.offset(&s.end).max(start);
        Span::new(start, end - start)
    }

    fn id(&mut self) -> u32 {
        let id = self.next_id;
        self.next_id = self.next_id.wrapping_add(1);
        id
    }

    /// Counts `n` more nodes holding `bytes` of text, from an alias or not; refuses the
    /// document past either bound.
    fn count(&mut self, n: usize, bytes: usize, at: Span, alias: bool) -> Result<(), SyntaxError> {
        self.nodes = self.nodes.saturating_add(n);
        self.bytes = self.bytes.saturating_add(bytes);
        let how = if alias { " through aliases" } else { "" };
        let message = if self.nodes > MAX_NODES {
            format!("the document holds more than {MAX_NODES} values{how}")
        } else if self.bytes > MAX_DOCUMENT_BYTES {
            format!(
                "the document holds more than {} MiB of text{how}",
                mib(MAX_DOCUMENT_BYTES)
            )
        } else {
            return Ok(());
        };
        let help = if alias {
            "each alias copies its anchor's value, and aliases of aliases multiply the copies"
        } else {
            "split the stack over the files of a folder"
        };
        let mut e = err(message, at).with_help(help);
        e.too_large = true;
        Err(e)
    }

    fn run(mut self) -> Result<Option<Node>, SyntaxError> {
        use granit_parser::Event;
        let parser = granit_parser::Parser::new_from_str(self.source);
        for item in parser {
            let (event, span) = item.map_err(|e| {
                let at = self.offset(e.marker());
                let message = e.info();
                SyntaxError {
                    message: if message.is_empty() {
                        e.to_string()
                    } else {
                        message
                    },
                    span: Some(Span::new(at, 0)),
                    help: None,
                    too_large: false,
                }
            })?;
            let here = self.span(&span);
            match event {
                Event::DocumentStart(..) => {
                    self.documents += 1;
                    if self.documents > 1 && self.root.is_some() {
                        return Err(err(
                            "a stack file holds one YAML document; this is a second one",
                            here,
                        )
                        .with_help(
                            "split the documents into files of one folder: a folder is one stack",
                        ));
                    }
                }
                Event::Scalar(value, style, anchor, tag) => {
                    self.count(1, value.len(), here, false)?;
                    let kind = self.scalar(&value, style, tag.as_deref(), here)?;
                    let node = Node {
                        id: self.id(),
                        span: here,
                        kind,
                    };
                    if anchor > 0 {
                        self.anchors.insert(anchor, Anchored::new(node.clone()));
                    }
                    self.push(node, here)?;
                }
                Event::SequenceStart(_, anchor, ref tag)
                | Event::MappingStart(_, anchor, ref tag) => {
                    self.count(1, 0, here, false)?;
                    if let Some(tag) = tag.as_deref().filter(|t| !t.is_yaml_core_schema()) {
                        return Err(err(format!("YAML tags such as `{}{}` are not supported", tag.handle(), tag.suffix()), here)
                            .with_help("write the value itself; names of the stack's own resources stand in for ARNs"));
                    }
                    if self.stack.len() >= MAX_DEPTH {
                        return Err(err(
                            format!("values nest deeper than {MAX_DEPTH} levels"),
                            here,
                        ));
                    }
                    let open = if matches!(event, Event::SequenceStart(..)) {
                        Open::Seq {
                            start: here.start,
                            items: Vec::new(),
                            anchor,
                        }
                    } else {
                        Open::Map {
                            start: here.start,
                            entries: Vec::new(),
                            key: None,
                            anchor,
                        }
                    };
                    self.stack.push(open);
                }
                Event::SequenceEnd | Event::MappingEnd => {
                    let Some(open) = self.stack.pop() else {
                        return Err(err("unbalanced collection", here));
                    };
                    let (node, anchor) = self.close(open)?;
                    if anchor > 0 {
                        self.anchors.insert(anchor, Anchored::new(node.clone()));
                    }
                    self.push(node, here)?;
                }
                Event::Alias(anchor) => {
                    let Some((n, bytes, levels)) = self
                        .anchors
                        .get(&anchor)
                        .map(|a| (a.nodes, a.bytes, a.levels))
                    else {
                        return Err(err("alias to an unknown anchor", here));
                    };
                    // The copy nests as deep as its anchor's value does, from here: aliases
                    // of aliases would otherwise nest without bound (500 levels of 40
                    // overflowed the stack of every recursive walk of the tree).
                    if self.stack.len() + levels > MAX_DEPTH {
                        return Err(err(
                            format!("values nest deeper than {MAX_DEPTH} levels (through aliases)"),
                            here,
                        ));
                    }
                    // Counted before copying: an alias that would pass a limit is
                    // refused without building the copy first.
                    self.count(n, bytes, here, true)?;
                    let Some(mut copy) = self.anchors.get(&anchor).map(|a| a.node.clone()) else {
                        return Err(err("alias to an unknown anchor", here));
                    };
                    copy.walk_mut(&mut |node| {
                        node.id = self.next_id;
                        self.next_id = self.next_id.wrapping_add(1);
                    });
                    copy.span = here;
                    self.push(copy, here)?;
                }
                Event::UnresolvedAlias(name) => {
                    return Err(err(
                        format!("alias `*{name}` names no anchor defined before it"),
                        here,
                    ));
                }
                _ => {}
            }
        }
        // A document of nothing but comments, `---` or `~` is empty.
        Ok(self.root.filter(|r| !matches!(r.kind, NodeKind::Null)))
    }

    fn scalar(
        &self,
        value: &str,
        style: granit_parser::ScalarStyle,
        tag: Option<&granit_parser::Tag>,
        here: Span,
    ) -> Result<NodeKind, SyntaxError> {
        let str_kind = || NodeKind::Str {
            value: value.to_owned(),
            interpolated: false,
        };
        match tag {
            Some(t) if t.is_yaml_core_schema() => match t.suffix() {
                "str" => return Ok(str_kind()),
                "null" => return Ok(NodeKind::Null),
                _ => return Ok(resolve_plain(value).unwrap_or_else(str_kind)),
            },
            Some(t) => {
                return Err(err(
                    format!(
                        "YAML tags such as `{}{}` are not supported",
                        t.handle(),
                        t.suffix()
                    ),
                    here,
                )
                .with_help(
                    "write the value itself; names of the stack's own resources stand in for ARNs",
                ));
            }
            None => {}
        }
        if !matches!(style, granit_parser::ScalarStyle::Plain) {
            return Ok(str_kind());
        }
        Ok(resolve_plain(value).unwrap_or_else(str_kind))
    }

    /// Adds a finished node to the collection being built, or makes it the root.
    fn push(&mut self, node: Node, here: Span) -> Result<(), SyntaxError> {
        match self.stack.last_mut() {
            None => {
                if self.root.is_some() {
                    return Err(err(
                        "a stack file holds one YAML document; this is a second one",
                        here,
                    ));
                }
                self.root = Some(node);
            }
            Some(Open::Seq { items, .. }) => items.push(node),
            Some(Open::Map { entries, key, .. }) => match key.take() {
                None => {
                    let text = match &node.kind {
                        NodeKind::Str { value, .. } => value.clone(),
                        NodeKind::Null => "null".to_owned(),
                        NodeKind::Bool(_) | NodeKind::Int(_) | NodeKind::Float(_) => self
                            .source
                            .get(node.span.start..node.span.end())
                            .unwrap_or_default()
                            .to_owned(),
                        NodeKind::Seq(_) | NodeKind::Map(_) => {
                            return Err(err(
                                "a mapping key must be a plain value, not a list or a mapping",
                                node.span,
                            ));
                        }
                    };
                    *key = Some((text, node.span));
                }
                Some((k, key_span)) => entries.push(Entry {
                    key: k,
                    key_span,
                    value: node,
                }),
            },
        }
        Ok(())
    }

    fn close(&mut self, open: Open) -> Result<(Node, usize), SyntaxError> {
        let id = self.id();
        match open {
            Open::Seq {
                start,
                items,
                anchor,
            } => {
                let span = items
                    .iter()
                    .fold(Span::new(start, 0), |acc, n| acc.cover(n.span));
                Ok((
                    Node {
                        id,
                        span,
                        kind: NodeKind::Seq(items),
                    },
                    anchor,
                ))
            }
            Open::Map {
                start,
                entries,
                anchor,
                ..
            } => {
                let span = entries.iter().fold(Span::new(start, 0), |acc, e| {
                    acc.cover(e.key_span).cover(e.value.span)
                });
                Ok((
                    Node {
                        id,
                        span,
                        kind: NodeKind::Map(merge_keys(entries)),
                    },
                    anchor,
                ))
            }
        }
    }
}

impl SyntaxError {
    fn with_help(mut self, help: &str) -> Self {
        self.help = Some(help.to_owned());
        self
    }
}

/// Expands YAML merge keys (`<<: *defaults`, `<<: [*a, *b]`): the merged mappings'
/// entries are added where the mapping does not give the key itself, earlier sources
/// first.
fn merge_keys(entries: Vec<Entry>) -> Vec<Entry> {
    if !entries.iter().any(|e| e.key == "<<") {
        return entries;
    }
    let mut own: Vec<Entry> = Vec::with_capacity(entries.len());
    let mut sources = Vec::new();
    for e in entries {
        if e.key == "<<" {
            match e.value.kind {
                NodeKind::Map(m) => sources.push(m),
                NodeKind::Seq(items) => {
                    sources.extend(items.into_iter().filter_map(|n| match n.kind {
                        NodeKind::Map(m) => Some(m),
                        _ => None,
                    }))
                }
                _ => own.push(Entry {
                    key: e.key,
                    key_span: e.key_span,
                    value: e.value,
                }),
            }
        } else {
            own.push(e);
        }
    }
    // The keys present so far, looked up in a set: a wide mapping merged many times
    // (`<<: [*wide, *wide, ...]`) took time quadratic in its width.
    let mut present: std::collections::HashSet<String> =
        own.iter().map(|o| o.key.clone()).collect();
    for source in sources {
        for e in source {
            if !present.contains(&e.key) {
                present.insert(e.key.clone());
                own.push(e);
            }
        }
    }
    own
}

/// YAML 1.2 core schema resolution of a plain scalar; `None` for a string.
fn resolve_plain(v: &str) -> Option<NodeKind> {
    match v {
        "" | "~" | "null" | "Null" | "NULL" => return Some(NodeKind::Null),
        "true" | "True" | "TRUE" => return Some(NodeKind::Bool(true)),
        "false" | "False" | "FALSE" => return Some(NodeKind::Bool(false)),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Some(NodeKind::Float(f64::INFINITY));
        }
        "-.inf" | "-.Inf" | "-.INF" => return Some(NodeKind::Float(f64::NEG_INFINITY)),
        ".nan" | ".NaN" | ".NAN" => return Some(NodeKind::Float(f64::NAN)),
        _ => {}
    }
    let first = v.as_bytes().first().copied()?;
    if !(first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.')) {
        return None;
    }
    if let Some(h) = v.strip_prefix("0x") {
        return i64::from_str_radix(h, 16).ok().map(NodeKind::Int);
    }
    if let Some(o) = v.strip_prefix("0o") {
        return i64::from_str_radix(o, 8).ok().map(NodeKind::Int);
    }
    let digits = v.strip_prefix(['-', '+']).unwrap_or(v);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return Some(v.parse::<i64>().map_or_else(
            |_| NodeKind::Float(v.parse().unwrap_or(f64::NAN)),
            NodeKind::Int,
        ));
    }
    let float_shaped = digits
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'))
        && digits.bytes().any(|b| b.is_ascii_digit());
    if float_shaped && let Ok(f) = v.parse::<f64>() {
        return Some(NodeKind::Float(f));
    }
    None
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
                help: None,
                too_large: false,
            });
        };
        let a = root
            .get("a")
            .map(|e| (&src[e.key_span.start..e.key_span.end()], e.value.span));
        assert_eq!(a, Some(("a", Span::new(3, 1))));
        let b = root.get("b").map(|e| &e.value);
        let y = b
            .and_then(|b| b.index(1))
            .map(|n| &src[n.span.start..n.span.end()]);
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

    fn value(src: &str) -> Option<Node> {
        parse(src).ok().flatten()
    }

    fn keys(n: &Node) -> Vec<(String, NodeKind)> {
        match &n.kind {
            NodeKind::Map(e) => e
                .iter()
                .map(|e| (e.key.clone(), e.value.kind.clone()))
                .collect(),
            _ => Vec::new(),
        }
    }

    #[test]
    fn core_schema_scalars() {
        let root = value(
            "a: 1\nb: -2\nc: 0x1F\nd: 1.5\ne: true\nf: ~\ng: \"3\"\nh: 1e3\ni: 1.2.3\nj: yes\n",
        );
        let kinds: Vec<NodeKind> = root
            .map(|r| keys(&r).into_iter().map(|(_, k)| k).collect())
            .unwrap_or_default();
        let s = |v: &str| NodeKind::Str {
            value: v.into(),
            interpolated: false,
        };
        assert_eq!(
            kinds,
            vec![
                NodeKind::Int(1),
                NodeKind::Int(-2),
                NodeKind::Int(31),
                NodeKind::Float(1.5),
                NodeKind::Bool(true),
                NodeKind::Null,
                s("3"),
                NodeKind::Float(1000.0),
                s("1.2.3"),
                s("yes"),
            ]
        );
    }

    #[test]
    fn anchors_aliases_and_merge_keys() {
        let root = value("base: &b {cpu: 1, memory: 2}\nsvc:\n  <<: *b\n  memory: 4\ncopy: *b\n");
        let root = root.unwrap_or(Node {
            id: 0,
            span: Span::default(),
            kind: NodeKind::Null,
        });
        let svc = root.get("svc").map(|e| keys(&e.value)).unwrap_or_default();
        assert_eq!(
            svc,
            vec![
                ("memory".into(), NodeKind::Int(4)),
                ("cpu".into(), NodeKind::Int(1))
            ]
        );
        let copy = root.get("copy").map(|e| keys(&e.value)).unwrap_or_default();
        assert_eq!(
            copy,
            vec![
                ("cpu".into(), NodeKind::Int(1)),
                ("memory".into(), NodeKind::Int(2))
            ]
        );
    }

    #[test]
    fn refuses_tags_second_documents_and_deep_nesting() {
        assert!(parse("a: !Ref x\n").is_err());
        assert!(parse("a: 1\n---\nb: 2\n").is_err());
        assert!(parse(&"[".repeat(60)).is_err());
        assert!(parse("a: !!str 12\n").is_ok());
    }

    #[test]
    fn aliases_nest_no_deeper_than_the_limit() {
        // Each alias adds its anchor's 40 levels to where it stands.
        let mut src = String::new();
        for i in 0..3 {
            let inner = if i == 0 {
                "x".to_owned()
            } else {
                format!("*a{}", i - 1)
            };
            src.push_str(&format!(
                "a{i}: &a{i} {}{inner}{}\n",
                "[".repeat(40),
                "]".repeat(40)
            ));
        }
        let e = parse(&src).err();
        assert!(
            e.as_ref().is_some_and(|e| e
                .message
                .contains("deeper than 48 levels (through aliases)")),
            "{e:?}"
        );
        // Within the limit, the copy is made.
        let ok = parse("a: &a [[[x]]]\nb: [[*a]]\n");
        assert_eq!(
            ok.ok()
                .flatten()
                .and_then(|r| r.get("b").map(|e| e.value.levels())),
            Some(5)
        );
    }

    #[test]
    fn syntax_errors_have_a_location() {
        let err = parse("a: [1, 2\nb: 3\n").err();
        assert!(err.as_ref().is_some_and(|e| !e.message.is_empty()));
        assert_eq!(err.and_then(|e| e.span), Some(Span::new(10, 0)));
    }
}
