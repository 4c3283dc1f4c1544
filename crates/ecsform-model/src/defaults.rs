//! The one table of AWS's defaults: what AWS stores for a field the file leaves out.
//! `plan`, `drift`, `import`, `render` and `apply` all read it, and the book's reference
//! is generated from it. Each kind's rows are in its module of [`crate::kinds`] (with
//! the functions of its computed defaults); this module holds the row type, the
//! constructors the rows are written with, and the machinery that applies them.
//!
//! The comparison rule (book, "Concepts"): a field the file does not set is AWS's to
//! choose and is not compared, unless this table says ecsform puts AWS's default back
//! ([`Managed::Reset`]): then a live value other than the default is a change, which
//! apply makes by sending the default. Rows marked [`Managed::AwsChooses`] are defaults
//! AWS fills in that ecsform does not manage (they depend on the account, on the
//! resource's age, or cannot be sent back): never compared when the file is silent, and
//! left out by `import` when live holds that value. A field in neither is AWS's alone.
//!
//! Paths are in the canonical shape of a resource's document: the API's field names;
//! `tags`, `attributes` and a cluster's `settings` as mappings by key (see
//! [`crate::normalize::keyed_lists_as_maps`]); `[]` stands for every element of a list.
//! A default of `null` means AWS stores nothing: a live value there is a change back to
//! none. Every row cites the AWS documentation (or, where AWS's documentation is silent,
//! the peer whose long practice shows it) that gives the default.

use serde_json::{Map, Value};

use crate::Kind;
use crate::normalize::Context;
use crate::path::{Pattern, Seg, Step};

/// Whether ecsform manages a field the file leaves out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Managed {
    /// ecsform puts AWS's default back: compared, shown as drift, sent by apply.
    Reset,
    /// AWS fills it in and chooses it: never compared when the file is silent; `import`
    /// leaves it out when live holds this value.
    AwsChooses,
}

/// Whether a default creates the objects on its way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Parent {
    /// Create missing parent objects (the structure always exists on AWS's side).
    Create,
    /// Only where the parent object exists.
    Existing,
}

/// Where a default is being decided: the whole document and the object that holds the
/// field.
#[derive(Debug, Clone, Copy)]
pub struct Site<'a> {
    /// The resource's document.
    pub root: &'a Value,
    /// The object holding the field.
    pub parent: &'a Map<String, Value>,
    /// The stack's context.
    pub ctx: &'a Context<'a>,
}

/// A default's value.
#[derive(Debug, Clone, Copy)]
pub enum DefaultValue {
    /// A fixed value, as JSON text (`null`: AWS stores none).
    Json(&'static str),
    /// A value that depends on the document; `None` where no default applies (the field
    /// is then AWS's to choose there).
    Computed(fn(&Site<'_>) -> Option<Value>),
}

/// One row of the table.
#[derive(Debug, Clone, Copy)]
pub struct FieldDefault {
    /// The kind of resource.
    pub kind: Kind,
    /// The field (see the module's documentation for the syntax).
    pub path: &'static str,
    /// AWS's default.
    pub value: DefaultValue,
    /// Whether ecsform puts it back.
    pub managed: Managed,
    /// Whether the default creates missing parents.
    pub parent: Parent,
    /// The default in words, for the reference (for computed defaults, the rule).
    pub what: &'static str,
    /// Where AWS documents it.
    pub source: &'static str,
}

impl FieldDefault {
    /// The row's default at a site.
    #[must_use]
    pub fn at(&self, site: &Site<'_>) -> Option<Value> {
        match self.value {
            DefaultValue::Json(text) => serde_json::from_str(text).ok(),
            DefaultValue::Computed(f) => f(site),
        }
    }

    /// The parsed path.
    #[must_use]
    pub fn pattern(&self) -> Pattern {
        Pattern::parse(self.path).unwrap_or(Pattern(Vec::new()))
    }
}

pub(crate) const fn row(
    kind: Kind,
    path: &'static str,
    value: DefaultValue,
    managed: Managed,
    parent: Parent,
    what: &'static str,
    source: &'static str,
) -> FieldDefault {
    FieldDefault {
        kind,
        path,
        value,
        managed,
        parent,
        what,
        source,
    }
}

/// A reset row with a fixed value, where the parent exists.
pub(crate) const fn reset(
    kind: Kind,
    path: &'static str,
    json: &'static str,
    src: &'static str,
) -> FieldDefault {
    row(
        kind,
        path,
        DefaultValue::Json(json),
        Managed::Reset,
        Parent::Existing,
        json,
        src,
    )
}

/// A reset row with a fixed value that creates its parents.
pub(crate) const fn reset_always(
    kind: Kind,
    path: &'static str,
    json: &'static str,
    src: &'static str,
) -> FieldDefault {
    row(
        kind,
        path,
        DefaultValue::Json(json),
        Managed::Reset,
        Parent::Create,
        json,
        src,
    )
}

/// A reset row whose default depends on the document.
pub(crate) const fn reset_when(
    kind: Kind,
    path: &'static str,
    f: fn(&Site<'_>) -> Option<Value>,
    what: &'static str,
    src: &'static str,
) -> FieldDefault {
    row(
        kind,
        path,
        DefaultValue::Computed(f),
        Managed::Reset,
        Parent::Existing,
        what,
        src,
    )
}

/// A reset row whose default depends on the document and that creates its parents.
pub(crate) const fn reset_always_when(
    kind: Kind,
    path: &'static str,
    f: fn(&Site<'_>) -> Option<Value>,
    what: &'static str,
    src: &'static str,
) -> FieldDefault {
    row(
        kind,
        path,
        DefaultValue::Computed(f),
        Managed::Reset,
        Parent::Create,
        what,
        src,
    )
}

/// A field AWS stores nothing for when it is not sent (reset to none).
pub(crate) const fn none(kind: Kind, path: &'static str, src: &'static str) -> FieldDefault {
    row(
        kind,
        path,
        DefaultValue::Json("null"),
        Managed::Reset,
        Parent::Existing,
        "none",
        src,
    )
}

/// A default AWS chooses (not compared; import leaves it out).
pub(crate) const fn aws(
    kind: Kind,
    path: &'static str,
    json: &'static str,
    src: &'static str,
) -> FieldDefault {
    row(
        kind,
        path,
        DefaultValue::Json(json),
        Managed::AwsChooses,
        Parent::Existing,
        json,
        src,
    )
}

/// A default AWS chooses that depends on the document.
pub(crate) const fn aws_when(
    kind: Kind,
    path: &'static str,
    f: fn(&Site<'_>) -> Option<Value>,
    what: &'static str,
    src: &'static str,
) -> FieldDefault {
    row(
        kind,
        path,
        DefaultValue::Computed(f),
        Managed::AwsChooses,
        Parent::Existing,
        what,
        src,
    )
}

// ---- sources ----------------------------------------------------------------------------

macro_rules! ecs {
    ($page:literal) => {
        concat!(
            "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/",
            $page
        )
    };
}
macro_rules! elb {
    ($page:literal) => {
        concat!(
            "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/",
            $page
        )
    };
}
macro_rules! aas {
    ($page:literal) => {
        concat!(
            "https://docs.aws.amazon.com/autoscaling/application/APIReference/",
            $page
        )
    };
}
pub(crate) use {aas, ecs, elb};

/// The kinds of the reference page, in its order, with their titles (a Cloud Map service
/// is never in a file and has no defaults).
const REFERENCE_ORDER: [(Kind, &str); 11] = [
    (Kind::TaskDefinition, "Task definitions"),
    (Kind::Service, "Services"),
    (Kind::Cluster, "Clusters"),
    (Kind::Namespace, "Cloud Map namespaces"),
    (Kind::LoadBalancer, "Load balancers"),
    (Kind::TargetGroup, "Target groups"),
    (Kind::Listener, "Listeners"),
    (Kind::ListenerRule, "Listener rules"),
    (Kind::ScalableTarget, "Scalable targets (`autoscaling`)"),
    (Kind::ScalingPolicy, "Scaling policies"),
    (Kind::ScheduledAction, "Scheduled actions"),
];

/// Every row of the table, kind by kind ([`crate::kinds`] holds each kind's rows, with
/// their AWS citations), in the order of the reference page.
pub fn table() -> impl Iterator<Item = &'static FieldDefault> {
    REFERENCE_ORDER
        .iter()
        .flat_map(|(kind, _)| crate::kinds::rules(*kind).defaults)
}

// ---- computed defaults ------------------------------------------------------------------

/// The role a field holds when it is the given service-linked role (by ARN or path).
pub(crate) fn service_linked(site: &Site<'_>, key: &str, role: &str) -> Option<Value> {
    let value = site.parent.get(key)?;
    value
        .as_str()
        .is_some_and(|v| crate::compare::role_name(v) == role)
        .then(|| value.clone())
}

// ---- applying the table -------------------------------------------------------------------

/// The rows of a kind, in the order they apply.
pub fn rows(kind: Kind) -> impl Iterator<Item = &'static FieldDefault> {
    crate::kinds::rules(kind).defaults.iter()
}

/// The rows of a kind with their parsed patterns (parsed once).
fn rows_with_patterns(
    kind: Kind,
) -> impl Iterator<Item = (&'static FieldDefault, &'static Pattern)> {
    static PATTERNS: std::sync::OnceLock<Vec<Vec<Pattern>>> = std::sync::OnceLock::new();
    let patterns = PATTERNS.get_or_init(|| {
        Kind::ALL
            .iter()
            .map(|k| rows(*k).map(FieldDefault::pattern).collect())
            .collect()
    });
    let at = Kind::ALL
        .iter()
        .position(|k| *k == kind)
        .unwrap_or_default();
    rows(kind).zip(patterns.get(at).into_iter().flatten())
}

/// Fills the [`Managed::Reset`] defaults into a canonical document where it leaves a
/// field out (`null` counts as out); defaults of `null` add nothing. Returns the
/// concrete paths where a reset row applied (whether filled or set by the document), so
/// that the comparison keeps those fields.
pub fn fill(kind: Kind, doc: &mut Value, ctx: &Context<'_>) -> Vec<Vec<Step>> {
    let mut applied = Vec::new();
    for (r, pattern) in rows_with_patterns(kind).filter(|(r, _)| r.managed == Managed::Reset) {
        let Some(key) = pattern.last_key() else {
            continue;
        };
        let mut created = Vec::new();
        let parents = parent_paths(
            doc,
            pattern.parent(),
            r.parent == Parent::Create,
            &mut created,
        );
        for parent in parents {
            let value = match get(doc, &parent) {
                Some(Value::Object(map)) => r.at(&Site {
                    root: doc,
                    parent: map,
                    ctx,
                }),
                _ => None,
            };
            let Some(value) = value else { continue };
            if let Some(Value::Object(map)) = get_mut(doc, &parent)
                && !value.is_null()
                && map.get(key).is_none_or(Value::is_null)
            {
                map.insert(key.to_owned(), value);
            }
            let mut at = parent;
            at.push(Step::Key(key.to_owned()));
            applied.push(at);
        }
        // Objects created on the way that received nothing go again, deepest first.
        for path in created.iter().rev() {
            let empty = get(doc, path).is_some_and(|v| v.as_object().is_some_and(Map::is_empty));
            if let (true, Some((Step::Key(k), parent))) = (empty, path.split_last())
                && let Some(Value::Object(m)) = get_mut(doc, parent)
            {
                m.remove(k);
            }
        }
    }
    applied
}

/// The default of the row whose pattern matches `path` in `doc` (a canonical document),
/// with whether ecsform resets it; `None` when no row applies there.
#[must_use]
pub fn default_at(
    kind: Kind,
    doc: &Value,
    path: &[Step],
    ctx: &Context<'_>,
) -> Option<(Value, Managed)> {
    let (_, parent) = path.split_last()?;
    let Some(Value::Object(map)) = get(doc, parent) else {
        return None;
    };
    let site = Site {
        root: doc,
        parent: map,
        ctx,
    };
    rows_with_patterns(kind)
        .filter(|(_, p)| p.matches(path))
        .find_map(|(r, _)| r.at(&site).map(|v| (v, r.managed)))
}

/// The concrete paths of the objects matching `parent` in `doc`; with `create`, missing
/// objects on the way (through keys, never through list elements) are created.
fn parent_paths(
    doc: &mut Value,
    parent: &[Seg],
    create: bool,
    created: &mut Vec<Vec<Step>>,
) -> Vec<Vec<Step>> {
    let mut out = Vec::new();
    walk_parents(doc, parent, create, &mut Vec::new(), &mut out, created);
    out
}

fn walk_parents(
    at: &mut Value,
    rest: &[Seg],
    create: bool,
    path: &mut Vec<Step>,
    out: &mut Vec<Vec<Step>>,
    created: &mut Vec<Vec<Step>>,
) {
    let Some((first, rest_after)) = rest.split_first() else {
        if at.is_object() {
            out.push(path.clone());
        }
        return;
    };
    match first {
        Seg::Key(k) => {
            let Value::Object(map) = at else { return };
            path.push(Step::Key(k.clone()));
            if create && map.get(k).is_none_or(Value::is_null) {
                map.insert(k.clone(), Value::Object(Map::new()));
                created.push(path.clone());
            }
            if let Some(child) = map.get_mut(k) {
                walk_parents(child, rest_after, create, path, out, created);
            }
            path.pop();
        }
        Seg::Each => {
            let Value::Array(items) = at else { return };
            for (i, item) in items.iter_mut().enumerate() {
                path.push(Step::Index(i));
                walk_parents(item, rest_after, create, path, out, created);
                path.pop();
            }
        }
    }
}

/// The value at a concrete path.
#[must_use]
pub fn get<'v>(doc: &'v Value, path: &[Step]) -> Option<&'v Value> {
    path.iter().try_fold(doc, |at, step| match step {
        Step::Key(k) => at.get(k.as_str()),
        Step::Index(i) => at.get(*i),
    })
}

fn get_mut<'v>(doc: &'v mut Value, path: &[Step]) -> Option<&'v mut Value> {
    path.iter().try_fold(doc, |at, step| match step {
        Step::Key(k) => at.get_mut(k.as_str()),
        Step::Index(i) => at.get_mut(*i),
    })
}

/// The book's reference page of the comparison rule: the defaults table, the mappings
/// compared whole and the fields compared by name or ARN (`book/src/reference/defaults.md`,
/// written by `cargo xtask gen defaults` and checked by the book's test).
#[must_use]
pub fn reference_markdown() -> String {
    let mut out = String::from(
        "# What ecsform compares: the defaults table\n\n\
         <!-- Generated from crates/ecsform-model/src/defaults.rs and compare.rs by\n\
         `ecsform_model::defaults::reference_markdown`; the book's test checks it\n\
         (`cargo xtask gen defaults` rewrites it). -->\n\n\
         The rule is in [Concepts](../concepts.md#what-ecsform-compares). A field the file\n\
         sets is always compared. A field the file leaves out is compared only where this\n\
         table says **reset**: ecsform knows AWS's default there and puts it back (a live\n\
         value other than the default is a change, which apply makes, and drift reports).\n\
         Where it says **AWS's**, AWS fills the field in and ecsform leaves it to AWS: it\n\
         is never compared when the file is silent, and `ecsform import` leaves it out when\n\
         live holds that value. A field in neither is AWS's alone; so is every member AWS\n\
         adds in the future. A default of *none* means AWS stores nothing: a live value there\n\
         is a change back to none.\n\n\
         Paths use the API's names; `[]` is every element of a list; `tags`, `attributes`\n\
         and a cluster's `settings` are keyed by their key or name.\n",
    );
    let cell = |s: &str| s.replace('|', "\\|");
    for (kind, title) in REFERENCE_ORDER {
        out.push_str(&format!("\n## {title}\n\n"));
        let rows: Vec<&FieldDefault> = rows(kind).collect();
        if rows.is_empty() {
            out.push_str("No field is reset: only what the file sets is compared.\n");
        } else {
            out.push_str("| field | default | ecsform | AWS documents it |\n|---|---|---|---|\n");
            for r in rows {
                let what = match r.value {
                    DefaultValue::Json("null" | "{}" | "[]") => "none".to_owned(),
                    DefaultValue::Json(text) => format!("`{text}`"),
                    DefaultValue::Computed(_) => r.what.to_owned(),
                };
                let managed = match r.managed {
                    Managed::Reset => "reset",
                    Managed::AwsChooses => "AWS's",
                };
                let (url, note) = r
                    .source
                    .split_once(' ')
                    .map_or((r.source, ""), |(u, n)| (u, n));
                let page = url
                    .rsplit('/')
                    .next()
                    .unwrap_or(url)
                    .trim_end_matches(".html");
                out.push_str(&format!(
                    "| `{}` | {} | {managed} | [{page}]({url}){} |\n",
                    cell(r.path),
                    cell(&what),
                    cell(note),
                ));
            }
        }
        let whole = crate::kinds::rules(kind).whole;
        if !whole.is_empty() {
            out.push_str(&format!(
                "\nCompared whole (mappings of your own keys: a key removed or added is a change): {}.\n",
                whole.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", ")
            ));
        }
        let roles = crate::kinds::rules(kind).roles;
        if !roles.is_empty() {
            out.push_str(&format!(
                "\nIAM roles by name or ARN (equal when they name the same role): {}.\n",
                roles
                    .iter()
                    .map(|p| format!("`{p}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
    out.push_str(&format!(
        "\n---\n\n{} rows: {} reset, {} AWS's.\n",
        table().count(),
        table().filter(|r| r.managed == Managed::Reset).count(),
        table().filter(|r| r.managed == Managed::AwsChooses).count(),
    ));
    out
}

#[cfg(test)]
mod tests;
