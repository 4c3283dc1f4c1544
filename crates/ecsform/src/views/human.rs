//! The human view: Terraform-like text that reads the same with or without colour.

use std::fmt::Write as _;

use ecsform_plan::{Action, Change, Plan};

use super::{
    Paint, PlanView, digest_line, document_diff, field_lines, future, resources,
    shows_document_diff, summary_line, unchanged,
};

/// Terraform-like text for people. With `color`, ANSI codes go around symbols and
/// values only; the text is otherwise the same.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Human {
    /// Add ANSI colour codes.
    pub color: bool,
}

/// The legend entries, in the order a plan lists its actions.
const LEGEND: [(&str, &str); 5] = [
    ("+", "create"),
    ("~", "update in place"),
    ("-/+", "destroy and then create replacement"),
    ("+/-", "create replacement and then destroy"),
    ("-", "destroy"),
];

impl PlanView for Human {
    fn render_saved(&self, plan: &Plan, digest: Option<&str>) -> String {
        let paint = Paint { color: self.color };
        let mut lines: Vec<String> = vec![format!("Plan for stack {}", plan.stack)];
        if let Some(digest) = digest {
            lines.push(digest_line(digest));
        }
        lines.push(String::new());
        let changed: Vec<&Change> = plan
            .changes
            .iter()
            .filter(|c| c.action != Action::NoOp)
            .collect();
        if !changed.is_empty() {
            lines.push("Resource actions are indicated with the following symbols:".to_owned());
            for (symbol, words) in LEGEND {
                if changed.iter().any(|c| c.action.symbol() == symbol) {
                    lines.push(format!("  {} {words}", paint.symbol(symbol)));
                }
            }
            lines.push(String::new());
            lines.push("ecsform will perform the following actions:".to_owned());
            lines.push(String::new());
            for change in changed {
                block(change, paint, &mut lines);
                lines.push(String::new());
            }
        }
        let same = unchanged(plan);
        if same > 0 {
            if plan.has_changes() {
                lines.push(format!("{} unchanged (not shown).", resources(same)));
            } else {
                lines.push(format!("{} unchanged.", resources(same)));
            }
        }
        lines.push(summary_line(plan));
        let mut out = String::new();
        for line in lines {
            let _ = writeln!(out, "{}", line.trim_end());
        }
        out
    }
}

/// One changed resource: its comment lines, its symbol and address, its field changes
/// and, for task definitions and services, the diff of its documents.
fn block(change: &Change, paint: Paint, lines: &mut Vec<String>) {
    lines.push(format!("  # {} {}", change.address, future(change)));
    for note in &change.notes {
        lines.push(format!("  # ({note})"));
    }
    lines.push(format!(
        "  {} {}",
        paint.symbol(change.action.symbol()),
        change.address
    ));
    for line in field_lines(change, paint) {
        lines.push(format!("      {line}"));
    }
    if shows_document_diff(change)
        && let Some(diff) = document_diff(change)
    {
        lines.push(String::new());
        for line in diff.lines() {
            lines.push(format!("      {}", paint.diff_line(line)));
        }
    }
}
