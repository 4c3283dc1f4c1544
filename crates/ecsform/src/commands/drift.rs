//! `ecsform drift`: the cron-job view of the plan. Tells drift (live AWS changed behind
//! ecsform's back since the last apply) from pending (the file changed and was not
//! applied). Exit status: 0 in sync, 2 drift found (per `--fail-on`), 1 error.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use ecsform_plan::{DriftItem, DriftReport, DriftStatus, FieldDrift, PlanOptions, drift};
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
        match self {
            Self::Any => status != DriftStatus::InSync,
            Self::Drift => status.is_drift(),
            Self::Pending => status.is_pending(),
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
    for i in &mut report.items {
        for c in &mut i.changes {
            for v in [&mut c.before, &mut c.after].into_iter().flatten() {
                out.mask_value(v);
            }
        }
        for f in i
            .drifted_fields
            .iter_mut()
            .chain(i.pending_fields.iter_mut())
        {
            for v in [&mut f.applied, &mut f.now].into_iter().flatten() {
                out.mask_value(v);
            }
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

/// The applied value of a field, or why it is not known.
fn applied(f: &FieldDrift) -> String {
    if f.applied_known {
        value(f.applied.as_ref())
    } else {
        "(unknown)".to_owned()
    }
}

/// Which fields of an item a section lists, and the words of its two values.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Drift,
    Pending,
}

impl Side {
    fn fields(self, item: &DriftItem) -> &[FieldDrift] {
        match self {
            Self::Drift => &item.drifted_fields,
            Self::Pending => &item.pending_fields,
        }
    }

    /// One field in words: `expected 1, live 3` (drift), `file says 2, live 1`
    /// (pending: live is what was applied), `file says 2, applied 1` (pending of a
    /// resource that also drifted).
    fn words(self, item: &DriftItem, f: &FieldDrift) -> String {
        match self {
            Self::Drift => format!("expected {}, live {}", applied(f), value(f.now.as_ref())),
            Self::Pending if item.status == DriftStatus::Pending => {
                format!("file says {}, live {}", value(f.now.as_ref()), applied(f))
            }
            Self::Pending => format!(
                "file says {}, applied {}",
                value(f.now.as_ref()),
                applied(f)
            ),
        }
    }

    fn items(self, report: &DriftReport) -> Vec<&DriftItem> {
        match self {
            Self::Drift => report.drifted().collect(),
            Self::Pending => report.pending().collect(),
        }
    }
}

fn item_lines(out: &mut String, item: &DriftItem, side: Side) {
    let reason = item
        .reason
        .as_deref()
        .filter(|_| side == Side::Drift || item.status == DriftStatus::Pending)
        .map(|r| format!(": {r}"))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "  {} ({}){reason}",
        item.address,
        item.actions.join(", ")
    );
    for f in side.fields(item) {
        let _ = writeln!(out, "      {}: {}", f.path, side.words(item, f));
    }
}

fn human(report: &DriftReport, paint: Paint) -> String {
    let mut out = String::new();
    let drifted = Side::Drift.items(report);
    let pending = Side::Pending.items(report);
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
            item_lines(&mut out, i, Side::Drift);
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
            item_lines(&mut out, i, Side::Pending);
        }
    }
    let _ = writeln!(
        out,
        "\nDrift: {} drifted, {} pending.",
        drifted.len(),
        pending.len()
    );
    out
}

fn to_json(report: &DriftReport) -> Value {
    let item = |i: &DriftItem, side: Side| -> Value {
        let fields: Vec<Value> = side
            .fields(i)
            .iter()
            .map(|f| {
                let mut v = match side {
                    Side::Drift => json!({"path": f.path, "expected": f.applied, "live": f.now}),
                    Side::Pending => json!({"path": f.path, "applied": f.applied, "file": f.now}),
                };
                if !f.applied_known
                    && let Some(m) = v.as_object_mut()
                {
                    let key = if side == Side::Drift {
                        "expected"
                    } else {
                        "applied"
                    };
                    m.remove(key);
                    m.insert(format!("{key}_known"), Value::Bool(false));
                }
                v
            })
            .collect();
        let mut v = json!({
            "address": i.address.to_string(),
            "type": i.address.kind.as_str(),
            "name": i.address.name,
            "status": i.status,
            "actions": i.actions,
            "fields": fields,
        });
        if let (Some(r), Some(m)) = (&i.reason, v.as_object_mut()) {
            m.insert("reason".into(), Value::String(r.clone()));
        }
        v
    };
    json!({
        "format_version": ecsform_plan::DRIFT_FORMAT_VERSION,
        "stack": report.stack,
        "drifted": Side::Drift.items(report).into_iter().map(|i| item(i, Side::Drift)).collect::<Vec<_>>(),
        "pending": Side::Pending.items(report).into_iter().map(|i| item(i, Side::Pending)).collect::<Vec<_>>(),
        "in_sync": report.items.iter().filter(|i| i.status == DriftStatus::InSync).count(),
    })
}

fn markdown(report: &DriftReport) -> String {
    let mut out = format!("### ecsform drift: `{}`\n\n", report.stack);
    let drifted = Side::Drift.items(report);
    let pending = Side::Pending.items(report);
    if drifted.is_empty() && pending.is_empty() {
        out.push_str("No drift.\n");
        return out;
    }
    for (title, items, side) in [
        ("Drifted", &drifted, Side::Drift),
        ("Pending", &pending, Side::Pending),
    ] {
        if items.is_empty() {
            continue;
        }
        let _ = writeln!(out, "**{title}** ({})\n", items.len());
        let _ = writeln!(out, "| resource | field | change |\n|---|---|---|");
        for i in items.iter() {
            let fields = side.fields(i);
            if fields.is_empty() {
                let _ = writeln!(
                    out,
                    "| `{}` | | {} |",
                    i.address,
                    i.reason.as_deref().unwrap_or_default()
                );
            }
            for f in fields {
                let _ = writeln!(
                    out,
                    "| `{}` | `{}` | {} |",
                    i.address,
                    f.path,
                    side.words(i, f).replace('|', "\\|")
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
        if let Some(r) = &i.reason {
            let _ = writeln!(text, "{r}");
        }
        for side in [Side::Drift, Side::Pending] {
            for f in side.fields(i) {
                let _ = writeln!(text, "{}: {}", f.path, side.words(i, f));
            }
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
