//! `ecsform drift`: the cron-job view of the plan. Tells drift (live AWS changed behind
//! ecsform's back since the last apply) from pending (the file changed and was not
//! applied). Exit status: 0 in sync, 2 drift found (per `--fail-on`), 1 error.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use ecsform_plan::{DriftItem, DriftReport, DriftStatus, PlanOptions, drift};
use miette::IntoDiagnostic;
use serde_json::{Value, json};

use crate::cli::StackArgs;
use crate::output::Out;
use crate::views::Paint;
use crate::views::escape_xml as escape;

#[derive(Debug, Args)]
pub struct DriftArgs {
    #[command(flatten)]
    pub stack: StackArgs,

    /// Output format on stdout.
    #[arg(short, long, value_enum, default_value_t = DriftFormat::Human)]
    pub output: DriftFormat,

    /// What makes the exit status 2: drift only, pending file changes only, or either.
    #[arg(long, value_enum, default_value_t = FailOn::Drift)]
    pub fail_on: FailOn,

    /// Also write a JUnit report (one test case per resource) to FILE.
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,

    #[command(flatten)]
    pub aws: crate::cli::AwsArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DriftFormat {
    /// Text for people.
    Human,
    /// JSON (`format_version`).
    Json,
    /// Markdown.
    Markdown,
    /// JUnit XML.
    Junit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Live changed behind ecsform's back.
    Drift,
    /// The file has changes not applied yet.
    Pending,
    /// Either.
    Any,
}

impl FailOn {
    fn fails(self, status: DriftStatus) -> bool {
        match (self, status) {
            (_, DriftStatus::InSync) => false,
            (Self::Any, _) | (_, DriftStatus::DriftedAndPending) => true,
            (Self::Drift, s) => s == DriftStatus::Drifted,
            (Self::Pending, s) => s == DriftStatus::Pending,
        }
    }
}

pub fn run(args: &DriftArgs, out: &Out) -> miette::Result<ExitCode> {
    if let Some(path) = &args.junit {
        super::plan::check_output_dir(path, "the JUnit report")?;
    }
    let Some((plan, desired, live)) = super::plan::read_and_plan(
        &args.stack,
        &PlanOptions::default(),
        ecsform_aws::ReadOptions {
            autoscaling_hashes: true,
        },
        out,
    )?
    else {
        return Ok(ExitCode::FAILURE);
    };
    let mut report = drift(&plan, &desired, &live);
    for c in report.items.iter_mut().flat_map(|i| i.changes.iter_mut()) {
        for v in [&mut c.before, &mut c.after].into_iter().flatten() {
            out.mask_value(v);
        }
    }
    let text = match args.output {
        DriftFormat::Human => human(&report, Paint { color: out.color() }),
        DriftFormat::Json => {
            let mut t = serde_json::to_string_pretty(&to_json(&report)).into_diagnostic()?;
            t.push('\n');
            t
        }
        DriftFormat::Markdown => markdown(&report),
        DriftFormat::Junit => junit(&report, args.fail_on),
    };
    out.data(&text).into_diagnostic()?;
    if let Some(path) = &args.junit {
        out.write_file(path, &junit(&report, args.fail_on))
            .into_diagnostic()?;
    }
    let failing = report.items.iter().any(|i| args.fail_on.fails(i.status));
    Ok(if failing {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

fn value(v: Option<&Value>) -> String {
    v.map_or_else(|| "(absent)".to_owned(), Value::to_string)
}

fn item_lines(out: &mut String, item: &DriftItem, expected_word: &str) {
    let _ = writeln!(out, "  {} ({})", item.address, item.actions.join(", "));
    if let Some(why) = &item.why {
        let _ = writeln!(out, "      {why}");
    }
    for c in &item.changes {
        let _ = writeln!(
            out,
            "      {}: {expected_word} {}, live {}",
            c.path,
            value(c.after.as_ref()),
            value(c.before.as_ref())
        );
    }
}

fn human(report: &DriftReport, paint: Paint) -> String {
    let mut out = String::new();
    let drifted: Vec<&DriftItem> = report.drifted().collect();
    let pending: Vec<&DriftItem> = report
        .pending()
        .filter(|i| i.status == DriftStatus::Pending)
        .collect();
    if drifted.is_empty() && pending.is_empty() {
        let _ = writeln!(
            out,
            "{} Live AWS matches what ecsform last applied for stack `{}`.",
            paint.added("No drift."),
            report.stack
        );
        return out;
    }
    if !drifted.is_empty() {
        let _ = writeln!(
            out,
            "{} live AWS changed since the last apply ({}):",
            paint.removed("Drift:"),
            drifted.len()
        );
        for i in &drifted {
            item_lines(&mut out, i, "expected");
        }
    }
    if !pending.is_empty() {
        if !drifted.is_empty() {
            out.push('\n');
        }
        let _ = writeln!(
            out,
            "{} the file changed and was not applied ({}):",
            paint.changed("Pending:"),
            pending.len()
        );
        for i in &pending {
            item_lines(&mut out, i, "file says");
        }
    }
    let _ = writeln!(
        out,
        "\nDrift: {} drifted, {} pending.",
        drifted.len(),
        report.pending().count()
    );
    out
}

fn to_json(report: &DriftReport) -> Value {
    let items = |f: &dyn Fn(&DriftItem) -> bool| -> Vec<Value> {
        report
            .items
            .iter()
            .filter(|i| f(i))
            .map(|i| {
                let mut item = json!({
                    "address": i.address.to_string(),
                    "type": i.address.kind.as_str(),
                    "name": i.address.name,
                    "status": i.status,
                    "actions": i.actions,
                    "fields": i.changes.iter().map(|c| json!({"path": c.path, "expected": c.after, "live": c.before})).collect::<Vec<_>>(),
                });
                if let (Some(why), Value::Object(m)) = (&i.why, &mut item) {
                    m.insert("why".into(), Value::String(why.clone()));
                }
                item
            })
            .collect()
    };
    json!({
        "format_version": ecsform_plan::FORMAT_VERSION,
        "stack": report.stack,
        "drifted": items(&|i| matches!(i.status, DriftStatus::Drifted | DriftStatus::DriftedAndPending)),
        "pending": items(&|i| i.status == DriftStatus::Pending),
        "in_sync": report.items.iter().filter(|i| i.status == DriftStatus::InSync).count(),
    })
}

fn markdown(report: &DriftReport) -> String {
    let mut out = format!("### ecsform drift: `{}`\n\n", report.stack);
    let drifted: Vec<&DriftItem> = report.drifted().collect();
    let pending: Vec<&DriftItem> = report
        .pending()
        .filter(|i| i.status == DriftStatus::Pending)
        .collect();
    if drifted.is_empty() && pending.is_empty() {
        out.push_str("No drift.\n");
        return out;
    }
    for (title, items, word) in [
        ("Drifted", &drifted, "expected"),
        ("Pending", &pending, "file says"),
    ] {
        if items.is_empty() {
            continue;
        }
        let _ = writeln!(out, "**{title}** ({})\n", items.len());
        out.push_str("| resource | field | ");
        let _ = writeln!(out, "{word} | live |\n|---|---|---|---|");
        for i in items.iter() {
            if i.changes.is_empty() {
                let _ = writeln!(out, "| `{}` | | | |", i.address);
            }
            for c in &i.changes {
                let _ = writeln!(
                    out,
                    "| `{}` | `{}` | `{}` | `{}` |",
                    i.address,
                    c.path,
                    value(c.after.as_ref()),
                    value(c.before.as_ref())
                );
            }
        }
        out.push('\n');
    }
    out
}

fn junit(report: &DriftReport, fail_on: FailOn) -> String {
    let failures = report
        .items
        .iter()
        .filter(|i| fail_on.fails(i.status))
        .count();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" errors=\"0\">",
        escape(&format!("ecsform drift {}", report.stack)),
        report.items.len()
    );
    for i in &report.items {
        let open = format!(
            "  <testcase classname=\"{}\" name=\"{}\"",
            i.address.kind.as_str(),
            escape(&i.address.to_string())
        );
        if !fail_on.fails(i.status) {
            let _ = writeln!(out, "{open}/>");
            continue;
        }
        let mut text = String::new();
        for c in &i.changes {
            let _ = writeln!(
                text,
                "{}: expected {}, live {}",
                c.path,
                value(c.after.as_ref()),
                value(c.before.as_ref())
            );
        }
        let status = serde_json::to_value(i.status)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{open}>\n    <failure message=\"{} {}\" type=\"{status}\">{}</failure>\n  </testcase>",
            escape(&i.address.to_string()),
            status,
            escape(&text)
        );
    }
    out.push_str("</testsuite>\n");
    out
}
