//! The Markdown view, for merge request notes: the summary, a Mermaid graph of the apply
//! order of the changed resources, and one collapsible section per changed resource.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use ecsform_plan::{Action, Change, Plan};

use super::{
    Paint, PlanView, document_diff, field_lines, past, resources, summary_line, unchanged,
};

/// Markdown for a merge request note (GitLab or GitHub flavoured).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Markdown;

impl PlanView for Markdown {
    fn render_saved(&self, plan: &Plan, digest: Option<&str>) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "### ecsform plan for stack `{}`", plan.stack);
        out.push('\n');
        if let Some(digest) = digest {
            let _ = writeln!(out, "Saved plan digest: `{digest}`");
            out.push('\n');
        }
        let same = unchanged(plan);
        if !plan.has_changes() {
            let _ = writeln!(out, "**{}**", summary_line(plan));
            if same > 0 {
                out.push('\n');
                let _ = writeln!(out, "{} unchanged.", resources(same));
            }
            return out;
        }
        let _ = write!(out, "**{}**", summary_line(plan));
        if same > 0 {
            let _ = write!(out, " {} unchanged (not shown).", resources(same));
        }
        out.push_str("\n\n");
        mermaid(plan, &mut out);
        for change in plan.changes.iter().filter(|c| c.action != Action::NoOp) {
            out.push('\n');
            details(change, &mut out);
        }
        out
    }
}

/// The word a graph node starts with. Node labels start with a word, not with the
/// action's symbol: Mermaid reads label text as Markdown, where a leading "+ " or "- "
/// would make a list.
fn verb(action: &Action) -> &'static str {
    match action {
        Action::NoOp => "keep",
        Action::Create => "create",
        Action::Update => "update",
        Action::Replace { .. } => "replace",
        Action::Delete => "destroy",
    }
}

/// Node styles per verb (fill, stroke), for the verbs the graph uses.
const STYLES: [(&str, &str); 4] = [
    ("create", "fill:#e6ffed,stroke:#22863a"),
    ("update", "fill:#fff5b1,stroke:#b08800"),
    ("replace", "fill:#ffebda,stroke:#d15704"),
    ("destroy", "fill:#ffeef0,stroke:#cb2431"),
];

/// `graph TD` over the changed resources: an arrow from each change to the changes that
/// wait for it. Unchanged resources are left out; a change that waits for another
/// through them keeps its arrow.
fn mermaid(plan: &Plan, out: &mut String) {
    let changed: Vec<(usize, &Change)> = plan
        .changes
        .iter()
        .filter(|c| c.action != Action::NoOp)
        .enumerate()
        .collect();
    out.push_str("```mermaid\ngraph TD\n");
    for (id, change) in &changed {
        let _ = writeln!(
            out,
            "  n{id}[\"{} {}\"]",
            verb(&change.action),
            label(&change.address.to_string())
        );
    }
    for (from, to) in changed_edges(plan) {
        let _ = writeln!(out, "  n{from} --> n{to}");
    }
    for (verb_name, style) in STYLES {
        let ids: Vec<String> = changed
            .iter()
            .filter(|(_, c)| verb(&c.action) == verb_name)
            .map(|(id, _)| format!("n{id}"))
            .collect();
        if !ids.is_empty() {
            let _ = writeln!(out, "  classDef {verb_name} {style}");
            let _ = writeln!(out, "  class {} {verb_name}", ids.join(","));
        }
    }
    out.push_str("```\n");
}

/// Label text inside `["..."]`: quotes and the characters Mermaid treats as entity or
/// markup starts are written as Mermaid entity codes.
fn label(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '`' => out.push_str("#96;"),
            c => out.push(c),
        }
    }
    out
}

/// Edges `(from, to)` between the changed resources, as indexes among them: `to` waits
/// for `from`, directly or through unchanged resources. Sorted, without duplicates.
fn changed_edges(plan: &Plan) -> Vec<(usize, usize)> {
    let position: BTreeMap<String, usize> = plan
        .changes
        .iter()
        .enumerate()
        .map(|(i, c)| (c.address.to_string(), i))
        .collect();
    let mut changed_id: BTreeMap<usize, usize> = BTreeMap::new();
    for (i, c) in plan.changes.iter().enumerate() {
        if c.action != Action::NoOp {
            let next = changed_id.len();
            changed_id.insert(i, next);
        }
    }
    // dependency -> dependents, by position in the plan.
    let mut waiters: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
    for (dependent, dependency) in &plan.edges {
        if let (Some(&a), Some(&b)) = (
            position.get(&dependent.to_string()),
            position.get(&dependency.to_string()),
        ) {
            waiters.entry(b).or_default().insert(a);
        }
    }
    let mut edges: BTreeSet<(usize, usize)> = BTreeSet::new();
    for (&start, &from) in &changed_id {
        let mut seen: BTreeSet<usize> = BTreeSet::new();
        let mut stack: Vec<usize> = waiters
            .get(&start)
            .map(|w| w.iter().copied().collect())
            .unwrap_or_default();
        while let Some(node) = stack.pop() {
            if !seen.insert(node) {
                continue;
            }
            if let Some(&to) = changed_id.get(&node) {
                edges.insert((from, to));
            } else if let Some(w) = waiters.get(&node) {
                stack.extend(w.iter().copied());
            }
        }
    }
    edges.into_iter().collect()
}

/// One collapsible section: the notes, then the document diff (updates and replaces) or
/// the field changes (creates and deletes) in a `diff` block.
fn details(change: &Change, out: &mut String) {
    let _ = writeln!(
        out,
        "<details><summary><code>{} {}</code> {}</summary>",
        html(change.action.symbol()),
        html(&change.address.to_string()),
        html(&past(change))
    );
    out.push('\n');
    for note in &change.notes {
        let _ = writeln!(out, "- {}", html(note));
    }
    if !change.notes.is_empty() {
        out.push('\n');
    }
    let body = match change.action {
        Action::Update | Action::Replace { .. } => document_diff(change),
        _ => {
            let lines = signed(field_lines(change, Paint::PLAIN));
            (!lines.is_empty()).then(|| {
                let mut s = lines.join("\n");
                s.push('\n');
                s
            })
        }
    };
    if let Some(body) = body {
        let fence = fence(&body);
        let _ = write!(out, "{fence}diff\n{body}{fence}\n\n");
    }
    out.push_str("</details>\n");
}

/// Field lines for a `diff` block: the lines of a nested value (indented under their
/// `+ path:`) carry their field's sign in the first column, so that the block is
/// coloured as added or removed throughout.
fn signed(lines: Vec<String>) -> Vec<String> {
    let mut sign = ' ';
    lines
        .into_iter()
        .map(|line| match line.chars().next() {
            Some(c @ ('+' | '-' | '~')) => {
                sign = c;
                line
            }
            Some(' ') if sign != '~' => format!("{sign}{}", &line[1..]),
            _ => line,
        })
        .collect()
}

/// A code fence longer than any run of backticks in `body`.
fn fence(body: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in body.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    "`".repeat((longest + 1).max(3))
}

/// Escapes text placed inside HTML (`<summary>`) or a Markdown list item.
fn html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
