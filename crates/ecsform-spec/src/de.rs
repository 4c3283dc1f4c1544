//! Phase two of loading: the spanned tree to typed values, collecting every problem.
//!
//! Why a deserializer of our own: serde's derived code stops at the first error, and no
//! maintained crate collects all of them with spans (serde_ignored finds unknown keys
//! only; serde_path_to_error reports one error). This one keeps going where it can:
//! - an unknown key is recorded (with the struct's known fields for "did you mean") when
//!   the derived code asks to skip its value (`deserialize_ignored_any`), which is why the
//!   types do not use `#[serde(deny_unknown_fields)]`;
//! - a value of the wrong type, an integer out of range or an unknown enum value is
//!   recorded and replaced by a stand-in of the expected type, so conversion goes on;
//! - a missing required field fails the derived visitor; it is recorded and the whole
//!   conversion runs again with a stand-in for that field, until nothing new is missing.
//!
//! The typed value is only used when no problem was found; stand-ins never escape.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::de::value::StrDeserializer;
use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, EnumAccess, IntoDeserializer, MapAccess,
    SeqAccess, VariantAccess, Visitor,
};

use crate::problem::{FileId, Problem, did_you_mean};
use crate::raw::{Entry, Node, NodeKind, Span};

/// Passes at most: one more for each distinct missing required field.
const MAX_PASSES: usize = 64;

/// Converts a tree into `T`: every problem found, and the value whenever conversion got
/// through (stand-ins included where problems were found: such a value is only good for
/// checking what the problems did not touch).
pub(crate) fn convert<T: DeserializeOwned>(
    root: &Node,
    source: &str,
    file: FileId,
) -> (Option<T>, Vec<Problem>) {
    let mut stand_ins: BTreeMap<u32, BTreeSet<&'static str>> = BTreeMap::new();
    let mut missing: Vec<Problem> = Vec::new();
    for _ in 0..MAX_PASSES {
        let ctx = Ctx {
            source,
            file,
            stand_ins: &stand_ins,
            problems: RefCell::new(Vec::new()),
            missing: RefCell::new(Vec::new()),
        };
        let result = T::deserialize(NodeDe::new(Src::Node(root), &ctx, None));
        let new_missing = ctx.missing.take();
        let mut problems = ctx.problems.take();
        let mut added = false;
        for (id, field, problem) in new_missing {
            if stand_ins.entry(id).or_default().insert(field) {
                missing.push(problem);
                added = true;
            }
        }
        if added {
            continue;
        }
        problems.extend(missing);
        problems.sort_by_key(Problem::position);
        problems.dedup();
        return (result.ok(), problems);
    }
    missing.sort_by_key(Problem::position);
    (None, missing)
}

struct Ctx<'a> {
    source: &'a str,
    file: FileId,
    /// Map node id -> required fields to stand in for (found missing in earlier passes).
    stand_ins: &'a BTreeMap<u32, BTreeSet<&'static str>>,
    problems: RefCell<Vec<Problem>>,
    missing: RefCell<Vec<(u32, &'static str, Problem)>>,
}

impl Ctx<'_> {
    fn push(&self, p: Problem) {
        self.problems.borrow_mut().push(p);
    }
    fn error(&self, code: &'static str, message: String, span: Span, label: impl Into<String>) {
        self.push(Problem::error(code, message, self.file, span, label));
    }
}

/// The conversion's error. Problems are recorded in the context as they are found;
/// `Reported` only unwinds the derived code that cannot continue.
#[derive(Debug)]
pub(crate) enum DeError {
    MissingField(&'static str),
    Custom(String),
    Reported,
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingField(field) => write!(f, "missing field `{field}`"),
            Self::Custom(m) => f.write_str(m),
            Self::Reported => f.write_str("reported"),
        }
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Self::Custom(msg.to_string())
    }
    fn missing_field(field: &'static str) -> Self {
        Self::MissingField(field)
    }
}

#[derive(Clone, Copy)]
enum Src<'a> {
    Node(&'a Node),
    /// A stand-in for a missing required field: any type's plainest value, silently.
    StandIn,
}

/// The key a value sits under, for labels and for unknown-key reports.
#[derive(Clone, Copy)]
struct Parent<'a> {
    key: &'a str,
    key_span: Span,
    /// The struct's known fields, when the value belongs to a struct.
    fields: Option<&'static [&'static str]>,
}

#[derive(Clone, Copy)]
struct NodeDe<'a, 'c> {
    src: Src<'a>,
    ctx: &'c Ctx<'a>,
    parent: Option<Parent<'a>>,
}

impl<'a, 'c> NodeDe<'a, 'c> {
    fn new(src: Src<'a>, ctx: &'c Ctx<'a>, parent: Option<Parent<'a>>) -> Self {
        Self { src, ctx, parent }
    }

    /// Records a value of the wrong type.
    fn wrong_type(&self, node: &Node, expected: &str) {
        let found = node.type_name();
        let what = self
            .parent
            .map_or_else(String::new, |p| format!(" for `{}`", p.key));
        self.ctx.error(
            crate::Code::SpecWrongType.as_str(),
            format!("expected {expected}{what}, found {found}"),
            node.span,
            format!("expected {expected}"),
        );
    }

    /// Turns an error of derived code into a recorded problem.
    fn report(&self, err: DeError) -> DeError {
        match err {
            DeError::Reported => DeError::Reported,
            DeError::MissingField(field) => {
                if let Src::Node(node) = self.src {
                    let (span, label) = match (self.parent, &node.kind) {
                        (Some(p), _) => (p.key_span, format!("`{}` needs `{field}`", p.key)),
                        // A list item: label its first key.
                        (None, NodeKind::Map(entries)) if !entries.is_empty() => {
                            (entries[0].key_span, format!("this entry needs `{field}`"))
                        }
                        (None, _) => (node.span, format!("needs `{field}`")),
                    };
                    let problem = Problem::error(
                        crate::Code::SpecMissingField.as_str(),
                        format!("missing required field `{field}`"),
                        self.ctx.file,
                        span,
                        label,
                    );
                    self.ctx
                        .missing
                        .borrow_mut()
                        .push((node.id, field, problem));
                }
                DeError::Reported
            }
            DeError::Custom(message) => {
                if let Src::Node(node) = self.src {
                    self.ctx.error(
                        crate::Code::SpecInvalidValue.as_str(),
                        message,
                        node.span,
                        "invalid value",
                    );
                }
                DeError::Reported
            }
        }
    }

    fn source_text(&self, node: &Node) -> &'a str {
        self.ctx
            .source
            .get(node.span.start..node.span.end())
            .unwrap_or_default()
    }

    /// An integer from an integer node, or from an interpolated string.
    fn integer(&self, node: &Node) -> Option<i64> {
        match &node.kind {
            NodeKind::Int(i) => Some(*i),
            NodeKind::Str {
                value,
                interpolated: true,
            } => value.trim().parse().ok(),
            _ => None,
        }
    }

    fn float(&self, node: &Node) -> Option<f64> {
        match &node.kind {
            #[allow(clippy::cast_precision_loss)]
            NodeKind::Int(i) => Some(*i as f64),
            NodeKind::Float(f) => Some(*f),
            NodeKind::Str {
                value,
                interpolated: true,
            } => value.trim().parse().ok(),
            _ => None,
        }
    }

    fn bool(&self, node: &Node) -> Option<bool> {
        match &node.kind {
            NodeKind::Bool(b) => Some(*b),
            NodeKind::Str {
                value,
                interpolated: true,
            } => match value.trim() {
                "true" => Some(true),
                "false" => Some(false),
                _ => None,
            },
            _ => None,
        }
    }

    fn int_in<T: TryFrom<i64> + Default>(&self, type_desc: &str) -> T {
        let Src::Node(node) = self.src else {
            return T::default();
        };
        match self.integer(node) {
            Some(i) => T::try_from(i).unwrap_or_else(|_| {
                self.ctx.error(
                    crate::Code::SpecOutOfRange.as_str(),
                    format!("{i} is out of range for {type_desc}"),
                    node.span,
                    "out of range",
                );
                T::default()
            }),
            None => {
                self.wrong_type(node, "an integer");
                T::default()
            }
        }
    }

    fn map_access(
        &self,
        entries: &'a [Entry],
        fields: Option<&'static [&'static str]>,
        id: u32,
    ) -> MapAcc<'a, 'c> {
        // Repeated keys: report each repeat with the first place, and skip it.
        let mut seen: BTreeMap<&str, Span> = BTreeMap::new();
        let mut kept = Vec::with_capacity(entries.len());
        for e in entries {
            if let Some(first) = seen.get(e.key.as_str()) {
                self.ctx.push(
                    Problem::error(
                        crate::Code::SpecDuplicateKey.as_str(),
                        format!("key `{}` is given twice", e.key),
                        self.ctx.file,
                        e.key_span,
                        "given again here",
                    )
                    .with_label(self.ctx.file, *first, "first given here")
                    .with_help("remove one of them"),
                );
            } else {
                seen.insert(&e.key, e.key_span);
                kept.push(e);
            }
        }
        let stand_ins = self
            .ctx
            .stand_ins
            .get(&id)
            .map(|s| {
                s.iter()
                    .copied()
                    .filter(|f| !seen.contains_key(f))
                    .collect()
            })
            .unwrap_or_default();
        MapAcc {
            entries: kept.into_iter(),
            stand_ins,
            ctx: self.ctx,
            fields,
            value: None,
        }
    }
}

macro_rules! de_int {
    ($($method:ident => $visit:ident, $ty:ty, $desc:literal;)*) => {$(
        fn $method<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
            let v: $ty = self.int_in($desc);
            visitor.$visit(v).map_err(|e| self.report(e))
        }
    )*};
}

impl<'a> Deserializer<'a> for NodeDe<'a, '_> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        let Src::Node(node) = self.src else {
            return visitor.visit_unit();
        };
        let r = match &node.kind {
            NodeKind::Null => visitor.visit_unit(),
            NodeKind::Bool(b) => visitor.visit_bool(*b),
            NodeKind::Int(i) => visitor.visit_i64(*i),
            NodeKind::Float(f) => visitor.visit_f64(*f),
            NodeKind::Str { value, .. } => visitor.visit_str(value),
            NodeKind::Seq(items) => visitor.visit_seq(SeqAcc {
                items: items.iter(),
                ctx: self.ctx,
            }),
            NodeKind::Map(entries) => visitor.visit_map(self.map_access(entries, None, node.id)),
        };
        r.map_err(|e| self.report(e))
    }

    fn deserialize_bool<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        let b = match self.src {
            Src::Node(node) => self.bool(node).unwrap_or_else(|| {
                self.wrong_type(node, "a boolean (true or false)");
                false
            }),
            Src::StandIn => false,
        };
        visitor.visit_bool(b).map_err(|e| self.report(e))
    }

    de_int! {
        deserialize_i8 => visit_i8, i8, "an 8-bit integer";
        deserialize_i16 => visit_i16, i16, "a 16-bit integer";
        deserialize_i32 => visit_i32, i32, "a 32-bit integer";
        deserialize_i64 => visit_i64, i64, "a 64-bit integer";
        deserialize_u8 => visit_u8, u8, "an integer from 0 to 255";
        deserialize_u16 => visit_u16, u16, "an integer from 0 to 65535";
        deserialize_u32 => visit_u32, u32, "a non-negative 32-bit integer";
        deserialize_u64 => visit_u64, u64, "a non-negative integer";
    }

    fn deserialize_f32<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_f64<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        let f = match self.src {
            Src::Node(node) => self.float(node).unwrap_or_else(|| {
                self.wrong_type(node, "a number");
                0.0
            }),
            Src::StandIn => 0.0,
        };
        visitor.visit_f64(f).map_err(|e| self.report(e))
    }

    fn deserialize_char<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_str<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        let Src::Node(node) = self.src else {
            return visitor.visit_str("");
        };
        let r = match &node.kind {
            NodeKind::Str { value, .. } => visitor.visit_str(value),
            // A plain scalar stands for its own text where a string is wanted
            // (`cpu: 1024`, `value: 8080`), as the AWS CLI's YAML input allows.
            NodeKind::Int(_) | NodeKind::Float(_) | NodeKind::Bool(_) => {
                visitor.visit_str(self.source_text(node))
            }
            NodeKind::Null | NodeKind::Seq(_) | NodeKind::Map(_) => {
                self.wrong_type(node, "a string");
                visitor.visit_str("")
            }
        };
        r.map_err(|e| self.report(e))
    }

    fn deserialize_string<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.src {
            Src::Node(Node {
                kind: NodeKind::Null,
                ..
            })
            | Src::StandIn => visitor.visit_none(),
            Src::Node(_) => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        if let Src::Node(node) = self.src
            && !matches!(node.kind, NodeKind::Null)
        {
            self.wrong_type(node, "null");
        }
        visitor.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        let empty: &[Node] = &[];
        let items = match self.src {
            Src::Node(Node {
                kind: NodeKind::Seq(items),
                ..
            }) => items.as_slice(),
            Src::Node(node) => {
                self.wrong_type(node, "a list");
                empty
            }
            Src::StandIn => empty,
        };
        visitor
            .visit_seq(SeqAcc {
                items: items.iter(),
                ctx: self.ctx,
            })
            .map_err(|e| self.report(e))
    }

    fn deserialize_tuple<V: Visitor<'a>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_mapping(None, visitor)
    }

    fn deserialize_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        if let Src::StandIn = self.src {
            // Every field a stand-in: options come out `None`, the rest their plainest.
            return visitor.visit_map(MapAcc {
                entries: Vec::new().into_iter(),
                stand_ins: fields.to_vec(),
                ctx: self.ctx,
                fields: Some(fields),
                value: None,
            });
        }
        self.deserialize_mapping(Some(fields), visitor)
    }

    fn deserialize_enum<V: Visitor<'a>>(
        self,
        _name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        let fallback = variants.first().copied().unwrap_or_default();
        let chosen = match self.src {
            Src::StandIn => fallback,
            Src::Node(node) => match &node.kind {
                NodeKind::Str { value, .. } if variants.contains(&value.as_str()) => variants
                    .iter()
                    .copied()
                    .find(|v| *v == value.as_str())
                    .unwrap_or(fallback),
                NodeKind::Str { value, .. } => {
                    let expected = variants
                        .iter()
                        .map(|v| format!("`{v}`"))
                        .collect::<Vec<_>>()
                        .join(", ");
                    let what = self
                        .parent
                        .map_or_else(String::new, |p| format!(" for `{}`", p.key));
                    self.ctx.push(
                        Problem::error(
                            crate::Code::SpecUnknownValue.as_str(),
                            format!("`{value}` is not a valid value{what}"),
                            self.ctx.file,
                            node.span,
                            "unknown value",
                        )
                        .with_help(
                            match did_you_mean(value, variants.iter().copied()) {
                                Some(dym) => format!("{dym} (expected one of {expected})"),
                                None => format!("expected one of {expected}"),
                            },
                        ),
                    );
                    fallback
                }
                _ => {
                    self.wrong_type(node, "a string");
                    fallback
                }
            },
        };
        visitor
            .visit_enum(UnitVariant(chosen.into_deserializer()))
            .map_err(|e| self.report(e))
    }

    fn deserialize_identifier<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        if let Some(Parent {
            key,
            key_span,
            fields: Some(fields),
        }) = self.parent
        {
            let help = did_you_mean(key, fields.iter().copied()).unwrap_or_else(|| {
                let mut known: Vec<&str> = fields.to_vec();
                known.sort_unstable();
                format!("known keys here: {}", known.join(", "))
            });
            self.ctx.push(
                Problem::error(
                    crate::Code::SpecUnknownKey.as_str(),
                    format!("unknown key `{key}`"),
                    self.ctx.file,
                    key_span,
                    "not a known key here",
                )
                .with_help(help),
            );
        }
        visitor.visit_unit()
    }
}

impl<'a> NodeDe<'a, '_> {
    fn deserialize_mapping<V: Visitor<'a>>(
        self,
        fields: Option<&'static [&'static str]>,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        let r = match self.src {
            Src::Node(Node {
                kind: NodeKind::Map(entries),
                id,
                ..
            }) => {
                let acc = self.map_access(entries, fields, *id);
                visitor.visit_map(acc)
            }
            Src::Node(Node {
                kind: NodeKind::Null,
                id,
                ..
            }) if fields.is_some() => {
                // `key:` with nothing after it, where a mapping is wanted: an empty one,
                // so that the fields it lacks are named.
                let acc = self.map_access(&[], fields, *id);
                visitor.visit_map(acc)
            }
            Src::Node(node) => {
                self.wrong_type(node, "a mapping");
                return Err(DeError::Reported);
            }
            Src::StandIn => visitor.visit_map(MapAcc {
                entries: Vec::new().into_iter(),
                stand_ins: Vec::new(),
                ctx: self.ctx,
                fields,
                value: None,
            }),
        };
        r.map_err(|e| self.report(e))
    }
}

struct SeqAcc<'a, 'c> {
    items: std::slice::Iter<'a, Node>,
    ctx: &'c Ctx<'a>,
}

impl<'a> SeqAccess<'a> for SeqAcc<'a, '_> {
    type Error = DeError;

    fn next_element_seed<T: DeserializeSeed<'a>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DeError> {
        match self.items.next() {
            Some(node) => seed
                .deserialize(NodeDe::new(Src::Node(node), self.ctx, None))
                .map(Some),
            None => Ok(None),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct MapAcc<'a, 'c> {
    entries: std::vec::IntoIter<&'a Entry>,
    stand_ins: Vec<&'static str>,
    ctx: &'c Ctx<'a>,
    fields: Option<&'static [&'static str]>,
    value: Option<(Src<'a>, Option<Parent<'a>>)>,
}

impl<'a> MapAccess<'a> for MapAcc<'a, '_> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'a>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        if let Some(entry) = self.entries.next() {
            self.value = Some((
                Src::Node(&entry.value),
                Some(Parent {
                    key: &entry.key,
                    key_span: entry.key_span,
                    fields: self.fields,
                }),
            ));
            let key: StrDeserializer<'_, DeError> = entry.key.as_str().into_deserializer();
            return seed.deserialize(key).map(Some);
        }
        if let Some(field) = self.stand_ins.pop() {
            self.value = Some((Src::StandIn, None));
            let key: StrDeserializer<'_, DeError> = field.into_deserializer();
            return seed.deserialize(key).map(Some);
        }
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'a>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        let (src, parent) = self.value.take().unwrap_or((Src::StandIn, None));
        seed.deserialize(NodeDe::new(src, self.ctx, parent))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len() + self.stand_ins.len())
    }
}

/// A unit enum variant chosen by name.
struct UnitVariant<'a>(StrDeserializer<'a, DeError>);

impl<'a> EnumAccess<'a> for UnitVariant<'a> {
    type Error = DeError;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'a>>(self, seed: V) -> Result<(V::Value, Self), DeError> {
        let v = seed.deserialize(self.0)?;
        Ok((v, self))
    }
}

impl<'a> VariantAccess<'a> for UnitVariant<'a> {
    type Error = DeError;

    fn unit_variant(self) -> Result<(), DeError> {
        Ok(())
    }
    fn newtype_variant_seed<T: DeserializeSeed<'a>>(self, _seed: T) -> Result<T::Value, DeError> {
        Err(DeError::Custom("expected a plain value".into()))
    }
    fn tuple_variant<V: Visitor<'a>>(self, _len: usize, _visitor: V) -> Result<V::Value, DeError> {
        Err(DeError::Custom("expected a plain value".into()))
    }
    fn struct_variant<V: Visitor<'a>>(
        self,
        _fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, DeError> {
        Err(DeError::Custom("expected a plain value".into()))
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;
    use crate::raw::parse;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "camelCase")]
    struct Inner {
        name: String,
        port: Option<i32>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "camelCase")]
    struct Outer {
        items: Vec<Inner>,
        mode: Option<Mode>,
        enabled: Option<bool>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    enum Mode {
        #[serde(rename = "awsvpc")]
        Awsvpc,
        #[serde(rename = "bridge")]
        Bridge,
    }

    fn run(src: &str) -> (Option<Outer>, Vec<(String, String)>) {
        let Ok(Some(root)) = parse(src) else {
            return (None, vec![("parse".into(), String::new())]);
        };
        let (v, problems) = convert::<Outer>(&root, src, 0);
        let p = problems
            .into_iter()
            .map(|p| {
                let s = p.labels[0].span;
                (p.message, src[s.start..s.end()].to_owned())
            })
            .collect();
        (v, p)
    }

    #[test]
    fn a_valid_document_converts() {
        let (v, p) = run("items:\n  - name: a\n    port: 80\nmode: bridge\n");
        assert_eq!(p, vec![]);
        assert_eq!(
            v,
            Some(Outer {
                items: vec![Inner {
                    name: "a".into(),
                    port: Some(80)
                }],
                mode: Some(Mode::Bridge),
                enabled: None
            })
        );
    }

    #[test]
    fn every_problem_is_reported_at_its_value() {
        let src = "items:\n  - nme: a\n    port: eighty\n  - name: b\n    port: 99999999999\nmode: awsvpcc\nenabled: 3\nextra: 1\n";
        let (v, p) = run(src);
        // The value got through, with stand-ins where the problems are.
        assert_eq!(v.map(|o| o.items.len()), Some(2));
        assert_eq!(
            p,
            vec![
                ("unknown key `nme`".into(), "nme".into()),
                ("missing required field `name`".into(), "nme".into()),
                (
                    "expected an integer for `port`, found a string".into(),
                    "eighty".into()
                ),
                (
                    "99999999999 is out of range for a 32-bit integer".into(),
                    "99999999999".into()
                ),
                (
                    "`awsvpcc` is not a valid value for `mode`".into(),
                    "awsvpcc".into()
                ),
                (
                    "expected a boolean (true or false) for `enabled`, found an integer".into(),
                    "3".into()
                ),
                ("unknown key `extra`".into(), "extra".into()),
            ]
        );
    }

    #[test]
    fn duplicate_keys_name_both_places() {
        let (_, p) = run("items: []\nmode: bridge\nmode: awsvpc\n");
        assert_eq!(p, vec![("key `mode` is given twice".into(), "mode".into())]);
    }
}
