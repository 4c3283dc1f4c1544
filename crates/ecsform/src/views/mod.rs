//! Views of a plan: one trait, an implementation per output format, chosen once by the
//! caller. Every view is built from the same data (the plan's changes, their documents,
//! field changes and notes), so the human text says nothing the JSON does not carry.
//!
//! - [`Human`]: Terraform-like text; reads correctly without colour.
//! - [`Json`]: the versioned machine format (`format_version`, Terraform-like action
//!   names, snake_case keys).
//! - [`Markdown`]: a merge request note with a Mermaid graph of the apply order.
//! - [`gitlab_report`]: GitLab's terraform report (`{"create":N,"update":N,"delete":N}`).
//! - [`junit`]: JUnit XML, one test case per resource, for drift jobs.
//!
//! A saved plan (`plan --out FILE`, `apply FILE`) is shown with its digest, in every view
//! (`render_saved`, and the `digest` of [`gitlab_report`] and [`junit`]), so that people can compare
//! the digest they reviewed with the one apply shows.

mod gitlab;
mod human;
mod json;
mod junit;
mod markdown;
#[cfg(test)]
mod tests;

use ecsform_plan::{Action, Change, FieldChange, Plan, ReplaceOrder};
use serde_json::Value;
use similar::TextDiff;

pub use gitlab::gitlab_report;
pub use human::Human;
pub use json::Json;
pub(crate) use junit::escape as escape_xml;
pub use junit::junit;
pub use markdown::Markdown;

/// A way of showing a plan.
pub trait PlanView {
    /// The whole output, ending with a newline.
    fn render(&self, plan: &Plan) -> String {
        self.render_saved(plan, None)
    }

    /// The same, for a saved plan: with its `digest` (`sha256:...`), when there is one.
    fn render_saved(&self, plan: &Plan, digest: Option<&str>) -> String;
}

/// The line that shows a saved plan's digest (the human view; Markdown puts the digest
/// in a code span).
fn digest_line(digest: &str) -> String {
    format!("Saved plan digest: {digest}")
}

/// What people read for a value that AWS assigns on apply.
const UNKNOWN: &str = "(known after apply)";

/// The closing line of the human and Markdown views.
fn summary_line(plan: &Plan) -> String {
    if !plan.has_changes() {
        return "No changes. Live AWS matches the stack.".to_owned();
    }
    let s = plan.summary();
    // Adoptions are changes or replacements too; said apart only when there are some.
    let adopt = if s.adopt > 0 {
        format!("; {} to adopt", s.adopt)
    } else {
        String::new()
    };
    format!(
        "Plan: {} to add, {} to change, {} to replace, {} to destroy{adopt}.",
        s.add, s.change, s.replace, s.destroy
    )
}

/// How many resources the plan leaves alone.
fn unchanged(plan: &Plan) -> usize {
    plan.changes
        .iter()
        .filter(|c| c.action == Action::NoOp)
        .count()
}

/// "1 resource", "2 resources".
fn resources(n: usize) -> String {
    if n == 1 {
        "1 resource".to_owned()
    } else {
        format!("{n} resources")
    }
}

fn order_words(order: ReplaceOrder) -> &'static str {
    match order {
        ReplaceOrder::CreateBeforeDestroy => "create before destroy",
        ReplaceOrder::DestroyBeforeCreate => "destroy before create",
    }
}

/// What happens to a resource, after its address: "will be updated in place",
/// "will be replaced (create before destroy), forced by: port".
fn future(change: &Change) -> String {
    match &change.action {
        Action::NoOp => "is unchanged".to_owned(),
        Action::Create => "will be created".to_owned(),
        Action::Update if change.adopt => "will be adopted and updated in place".to_owned(),
        Action::Update if change.new_deployment.is_some() && change.changes.is_empty() => {
            "will be redeployed: a new deployment replaces its tasks".to_owned()
        }
        Action::Update if change.new_deployment.is_some() => {
            "will be updated in place, with a new deployment".to_owned()
        }
        Action::Update => "will be updated in place".to_owned(),
        Action::Replace { order, forced_by } => {
            let mut s = format!("will be replaced ({})", order_words(*order));
            if !forced_by.is_empty() {
                s.push_str(", forced by: ");
                s.push_str(&forced_by.join(", "));
            }
            if change.adopt {
                s.push_str(", adopted");
            }
            s
        }
        Action::Delete => "will be destroyed".to_owned(),
    }
}

/// The same in the past tense, for headings: "updated", "replaced (create before
/// destroy)".
fn past(change: &Change) -> String {
    match &change.action {
        Action::NoOp => "unchanged".to_owned(),
        Action::Create => "created".to_owned(),
        Action::Update if change.adopt => "adopted".to_owned(),
        Action::Update if change.new_deployment.is_some() && change.changes.is_empty() => {
            "redeployed".to_owned()
        }
        Action::Update if change.new_deployment.is_some() => {
            "updated, with a new deployment".to_owned()
        }
        Action::Update => "updated".to_owned(),
        Action::Replace { order, .. } => format!("replaced ({})", order_words(*order)),
        Action::Delete => "destroyed".to_owned(),
    }
}

/// A value on one line, as JSON (strings quoted, so that `"1024"` and `1024` read apart).
/// Never cut: a plan shows what it does whole.
fn value_text(value: &Value) -> String {
    value.to_string()
}

/// Whether a value is shown as a block of lines: a mapping or list with something in it.
fn nested(value: &Value) -> bool {
    match value {
        Value::Object(m) => !m.is_empty(),
        Value::Array(a) => !a.is_empty(),
        _ => false,
    }
}

/// A mapping's key in a block: as it is, or as a JSON string when YAML would read it
/// otherwise (empty, or holding a character other than letters, digits and `_-./@`).
fn block_key(key: &str) -> String {
    if !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '/' | '@'))
    {
        key.to_owned()
    } else {
        Value::String(key.to_owned()).to_string()
    }
}

/// A nested value as indented YAML-like lines, in the document's order, scalars as JSON
/// (`image: "nginx:1.27"`, `cpu: 256`); `indent` spaces before each line.
fn block_lines(value: &Value, indent: usize, out: &mut Vec<String>) {
    let pad = " ".repeat(indent);
    match value {
        Value::Object(m) if !m.is_empty() => {
            for (k, v) in m {
                if nested(v) {
                    out.push(format!("{pad}{}:", block_key(k)));
                    block_lines(v, indent + 2, out);
                } else {
                    out.push(format!("{pad}{}: {}", block_key(k), value_text(v)));
                }
            }
        }
        Value::Array(items) if !items.is_empty() => {
            for item in items {
                if nested(item) {
                    let mut inner = Vec::new();
                    block_lines(item, 0, &mut inner);
                    for (i, line) in inner.into_iter().enumerate() {
                        let mark = if i == 0 { "- " } else { "  " };
                        out.push(format!("{pad}{mark}{line}"));
                    }
                } else {
                    out.push(format!("{pad}- {}", value_text(item)));
                }
            }
        }
        other => out.push(format!("{pad}{}", value_text(other))),
    }
}

/// Whether `path` lies at or under one of the change's unknown paths.
fn is_unknown(change: &Change, path: &str) -> bool {
    change.after_unknown.iter().any(|u| {
        path.strip_prefix(u.as_str())
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
    })
}

/// Adds ANSI colour codes when asked to; the text reads the same without them.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Paint {
    pub(crate) color: bool,
}

impl Paint {
    pub(crate) const PLAIN: Self = Self { color: false };

    pub(crate) fn code(self, code: &str, text: &str) -> String {
        if self.color && !text.is_empty() {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }

    pub(crate) fn added(self, text: &str) -> String {
        self.code("32", text)
    }

    pub(crate) fn removed(self, text: &str) -> String {
        self.code("31", text)
    }

    pub(crate) fn changed(self, text: &str) -> String {
        self.code("33", text)
    }

    pub(crate) fn dim(self, text: &str) -> String {
        self.code("2", text)
    }

    fn hunk(self, text: &str) -> String {
        self.code("36", text)
    }

    /// An action symbol, each sign in its colour ("-/+": red, plain, green).
    fn symbol(self, symbol: &str) -> String {
        symbol
            .chars()
            .map(|c| {
                let s = c.to_string();
                match c {
                    '+' => self.added(&s),
                    '-' => self.removed(&s),
                    '~' => self.changed(&s),
                    _ => s,
                }
            })
            .collect()
    }

    /// An after value, or "(known after apply)".
    fn after_value(self, change: &Change, path: &str, value: &Value) -> String {
        if is_unknown(change, path) {
            self.dim(UNKNOWN)
        } else {
            self.added(&value_text(value))
        }
    }

    /// One line of a unified diff.
    fn diff_line(self, line: &str) -> String {
        if line.starts_with("@@") {
            self.hunk(line)
        } else if line.starts_with('+') {
            self.added(line)
        } else if line.starts_with('-') {
            self.removed(line)
        } else {
            line.to_owned()
        }
    }
}

/// A field change: `~ path: before -> after`, `+ path: value`, `- path: value` on one
/// line; a nested value (a container definition, a list of variables) whole, as
/// indented YAML-like lines under `+ path:` (`- path:`), and a changed nested value as
/// its `before:` and `after:` blocks under `~ path:`.
fn field_lines_of(change: &Change, field: &FieldChange, paint: Paint) -> Vec<String> {
    let path = &field.path;
    let unknown = is_unknown(change, path);
    let block = |value: &Value, indent: usize, color: fn(Paint, &str) -> String| {
        let mut lines = Vec::new();
        block_lines(value, indent, &mut lines);
        lines.into_iter().map(move |l| color(paint, &l))
    };
    match (&field.before, &field.after) {
        (Some(before), Some(after)) if !unknown && (nested(before) || nested(after)) => {
            let mut lines = vec![format!("{} {path}:", paint.symbol("~"))];
            lines.push("    before:".to_owned());
            lines.extend(block(before, 6, Paint::removed));
            lines.push("    after:".to_owned());
            lines.extend(block(after, 6, Paint::added));
            lines
        }
        (Some(before), Some(after)) => vec![format!(
            "{} {path}: {} -> {}",
            paint.symbol("~"),
            paint.removed(&value_text(before)),
            paint.after_value(change, path, after)
        )],
        (None, Some(after)) if !unknown && nested(after) => {
            let mut lines = vec![format!("{} {path}:", paint.symbol("+"))];
            lines.extend(block(after, 4, Paint::added));
            lines
        }
        (None, Some(after)) => vec![format!(
            "{} {path}: {}",
            paint.symbol("+"),
            paint.after_value(change, path, after)
        )],
        (Some(before), None) if nested(before) => {
            let mut lines = vec![format!("{} {path}:", paint.symbol("-"))];
            lines.extend(block(before, 4, Paint::removed));
            lines
        }
        (Some(before), None) => vec![format!(
            "{} {path}: {}",
            paint.symbol("-"),
            paint.removed(&value_text(before))
        )],
        (None, None) => vec![format!("{} {path}", paint.symbol("~"))],
    }
}

/// The field changes of a change, a line or a block each. A create lists the top-level
/// fields of its document, a delete those of the document that goes.
fn field_lines(change: &Change, paint: Paint) -> Vec<String> {
    change
        .changes
        .iter()
        .flat_map(|f| field_lines_of(change, f, paint))
        .collect()
}

/// The unified diff (context 3) of the before and after documents as pretty JSON, for a
/// change that has both; `None` when there is nothing to show.
fn document_diff(change: &Change) -> Option<String> {
    let (Some(before), Some(after)) = (&change.before, &change.after) else {
        return None;
    };
    let old = format!("{:#}\n", ecsform_model::canonical(before));
    let new = format!("{:#}\n", ecsform_model::canonical(after));
    let diff = TextDiff::from_lines(&old, &new);
    let text = diff.unified_diff().context_radius(3).to_string();
    (!text.is_empty()).then_some(text)
}

/// Whether the human view adds the document diff: for changed task definitions and
/// services, whose field paths alone are hard to place.
fn shows_document_diff(change: &Change) -> bool {
    use ecsform_model::Kind;
    matches!(change.action, Action::Update | Action::Replace { .. })
        && matches!(change.address.kind, Kind::TaskDefinition | Kind::Service)
}
