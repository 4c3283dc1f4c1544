//! `ecsform plan`: read live AWS, diff it against the stack, print an ordered plan.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use ecsform_model::Address;
use ecsform_plan::{Plan, PlanOptions};
use miette::{IntoDiagnostic, WrapErr};

use crate::cli::StackArgs;
use crate::output::Out;
use crate::views::{Human, Json, Markdown, PlanView, gitlab_report, junit};

#[derive(Debug, Args)]
pub struct PlanArgs {
    #[command(flatten)]
    pub stack: StackArgs,

    /// Output format on stdout.
    #[arg(short, long, value_enum, default_value_t = PlanFormat::Human)]
    pub output: PlanFormat,

    /// Exit status 0 when there are no changes, 2 when there are, 1 on error.
    #[arg(long)]
    pub detailed_exitcode: bool,

    /// Plan only this resource (`service.ui`) and what it depends on; repeatable.
    #[arg(long = "target", value_name = "ADDRESS", value_parser = parse_address)]
    pub targets: Vec<Address>,

    /// Plan a new deployment of this service though the file does not change it: apply
    /// replaces its running tasks (UpdateService forceNewDeployment) and waits for
    /// steady state. `catalog` or `service.catalog`; `all`: every service of the file.
    /// Repeatable.
    #[arg(long = "force-new-deployment", value_name = "SERVICE")]
    pub redeploy: Vec<String>,

    /// Also write GitLab's terraform report (`{"create","update","delete"}`) to FILE.
    #[arg(long, value_name = "FILE")]
    pub gitlab_report: Option<PathBuf>,

    /// Also write a JUnit report (one test case per resource) to FILE.
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,

    /// Save the plan to FILE for `ecsform apply FILE`, with fingerprints of the live
    /// state it was made from (apply refuses it once that state moved) and a digest of
    /// its content, which every view of the plan shows. An existing FILE is not replaced
    /// unless --force.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// Let --out replace an existing FILE.
    #[arg(long, requires = "out")]
    pub force: bool,
    #[command(flatten)]
    pub aws: crate::cli::AwsArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PlanFormat {
    /// Terraform-like text.
    Human,
    /// Versioned JSON (`format_version`).
    Json,
    /// Markdown for merge request notes, with a Mermaid diagram of the apply order.
    Markdown,
}

pub fn parse_address(s: &str) -> Result<Address, String> {
    Address::parse(s).ok_or_else(|| {
        format!(
            "`{s}` is not an address: write <kind>.<name>, kind one of {}",
            ecsform_model::Kind::ALL.map(|k| k.as_str()).join(", ")
        )
    })
}

pub fn run(args: &PlanArgs, out: &Out) -> miette::Result<ExitCode> {
    check_outputs(args)?;
    let Some((plan, desired, _, options)) = read_and_plan_with(
        &args.stack,
        &PlanOptions {
            targets: args.targets.clone(),
            ..PlanOptions::default()
        },
        &args.redeploy,
        ecsform_aws::ReadOptions::default(),
        out,
    )?
    else {
        return Ok(ExitCode::FAILURE);
    };
    let saved = match &args.out {
        Some(path) => Some(save(path, &options, &desired, &plan, out)?),
        None => None,
    };
    let digest = saved.as_ref().map(|s| s.digest.as_str());
    let shown = out.masked_plan(&plan);
    let text = match args.output {
        PlanFormat::Human => Human { color: out.color() }.render_saved(&shown, digest),
        PlanFormat::Json => Json.render_saved(&shown, digest),
        PlanFormat::Markdown => Markdown.render_saved(&shown, digest),
    };
    out.data(&text).into_diagnostic()?;
    if let Some(path) = &args.gitlab_report {
        out.write_file(path, &gitlab_report(&plan, digest))
            .into_diagnostic()
            .wrap_err_with(|| format!("cannot write the GitLab report to {}", path.display()))?;
    }
    if let Some(path) = &args.junit {
        out.write_file(path, &junit(&shown, digest))
            .into_diagnostic()
            .wrap_err_with(|| format!("cannot write the JUnit report to {}", path.display()))?;
    }
    Ok(if args.detailed_exitcode && plan.has_changes() {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

/// Loads and checks the stack, reads live AWS (with what `read` asks for besides what a
/// plan needs: `drift`'s autoscaling hashes) and plans; also returns the desired and live
/// states (for `drift`). `None` when the stack is invalid (its problems are printed).
pub fn read_and_plan(
    stack: &StackArgs,
    options: &PlanOptions,
    read: ecsform_aws::ReadOptions,
    out: &Out,
) -> miette::Result<
    Option<(
        Plan,
        ecsform_model::desired::DesiredState,
        ecsform_model::live::LiveState,
    )>,
> {
    Ok(read_and_plan_with(stack, options, &[], read, out)?
        .map(|(plan, desired, live, _)| (plan, desired, live)))
}

/// [`read_and_plan`], and first checks the services `redeploy` names
/// (`--force-new-deployment`) against it, reads live AWS (with what `read` asks for
/// besides what a plan needs: `drift`'s autoscaling hashes) and plans; also returns the
/// desired and live states (for `drift` and saved plans) and the options planned with.
/// `None` when the stack is invalid (its problems are printed).
pub fn read_and_plan_with(
    stack: &StackArgs,
    options: &PlanOptions,
    redeploy: &[String],
    read: ecsform_aws::ReadOptions,
    out: &Out,
) -> miette::Result<
    Option<(
        Plan,
        ecsform_model::desired::DesiredState,
        ecsform_model::live::LiveState,
        PlanOptions,
    )>,
> {
    let loaded = super::load(stack, out)?;
    let label = stack.path.display().to_string();
    if !out.problems(&loaded, &label, false) {
        return Ok(None);
    }
    let Some(stack_def) = loaded.stack else {
        return Ok(None);
    };
    let desired = ecsform_model::desired::desired_state(&stack_def);
    let options = PlanOptions {
        redeploy: super::redeploy_names(redeploy, &desired)?,
        ..options.clone()
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .into_diagnostic()?;
    let started = std::time::Instant::now();
    out.status(&format!(
        "Reading live state of stack `{}`...",
        desired.stack
    ));
    let settings = crate::cli::aws_settings();
    let clients = runtime
        .block_on(ecsform_aws::Clients::from_env(
            desired.region.clone(),
            &settings,
        ))
        .map_err(|e| crate::cli::setting_error(&e))?;
    let live = runtime.block_on(ecsform_aws::bounded(
        settings.timeout,
        &format!("stack {}", desired.stack),
        ecsform_aws::read_live_with(&clients, &desired, read),
    ));
    let live = live.map_err(|e| {
        crate::cli::aws_read_error(
            &e,
            "ecsform reads with ecs:Describe*/List*, elasticloadbalancing:Describe*, application-autoscaling:Describe*, servicediscovery:List*/GetNamespace, tag:GetResources; drift also with application-autoscaling:ListTagsForResource",
        )
    })?;
    out.status(&format!(
        "Read {} resources in {} API calls ({:.1} s).",
        live.resources.len(),
        live.api_calls,
        started.elapsed().as_secs_f64()
    ));
    let plan = ecsform_plan::plan(&desired, &live, &options).map_err(|e| plan_error(&e))?;
    out.mask_plan(&plan);
    Ok(Some((plan, desired, live, options)))
}

/// The files `plan` writes, checked before anything is read: each goes into a directory
/// that exists, and `--out` replaces an existing file only with `--force`.
fn check_outputs(args: &PlanArgs) -> miette::Result<()> {
    if let Some(path) = &args.gitlab_report {
        check_output_dir(path, "the GitLab report")?;
    }
    if let Some(path) = &args.junit {
        check_output_dir(path, "the JUnit report")?;
    }
    if let Some(path) = &args.out {
        check_output_dir(path, "the saved plan")?;
        // A symlink counts as existing, dangling or not: it is not written through.
        if path.symlink_metadata().is_ok() && !args.force {
            return Err(miette::miette!(
                code = ecsform_spec::Code::PlanOutExists.as_str(),
                help = "pass --force to replace it, or save the plan under another name",
                "{} exists already; `plan --out` does not replace a file (a plan someone may have reviewed) without --force",
                path.display()
            ));
        }
    }
    Ok(())
}

/// Refuses, before any AWS call, a file to write (`what`: "the JUnit report") whose
/// directory does not exist or is not a directory.
pub fn check_output_dir(path: &Path, what: &str) -> miette::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if dir.is_dir() {
        return Ok(());
    }
    let why = if dir.exists() {
        "is not a directory"
    } else {
        "does not exist"
    };
    Err(miette::miette!(
        code = ecsform_spec::Code::OutputMissingDir.as_str(),
        help = "create the directory first (`mkdir -p DIR`), or write the file elsewhere",
        "cannot write {what} to {}: the directory {} {why}",
        path.display(),
        dir.display()
    ))
}

/// Writes the plan to `path` as a saved plan (with its digest) and says so.
fn save(
    path: &Path,
    options: &PlanOptions,
    desired: &ecsform_model::desired::DesiredState,
    plan: &Plan,
    out: &Out,
) -> miette::Result<ecsform_plan::SavedPlan> {
    let saved = ecsform_plan::SavedPlan::new(
        &made_by(),
        resolved_region(desired.region.clone())?,
        options,
        desired,
        plan,
        out.sensitive_values(),
    )
    .into_diagnostic()?;
    let replaced = path.symlink_metadata().is_ok();
    let text = saved.to_json().into_diagnostic()?;
    std::fs::write(path, text)
        .into_diagnostic()
        .wrap_err_with(|| format!("cannot write the plan to {}", path.display()))?;
    out.status(&format!(
        "Saved the plan to {}{} (digest {}); apply it with `ecsform apply {}`.",
        path.display(),
        if replaced {
            ", replacing the file that was there"
        } else {
            ""
        },
        saved.digest,
        path.display()
    ));
    Ok(saved)
}

/// The ecsform a saved plan is made by; apply refuses a plan another one made.
pub fn made_by() -> String {
    format!("ecsform {}", env!("CARGO_PKG_VERSION"))
}

/// The region AWS calls go to: the file's, else the AWS configuration's.
fn resolved_region(region: Option<String>) -> miette::Result<Option<String>> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .into_diagnostic()?;
    let clients = runtime
        .block_on(ecsform_aws::Clients::from_env(
            region,
            &crate::cli::aws_settings(),
        ))
        .map_err(|e| crate::cli::setting_error(&e))?;
    Ok(clients.region())
}

/// A plan error as a diagnostic: its code, and its help where it has one.
pub fn plan_error(e: &ecsform_plan::PlanError) -> miette::Report {
    match e.help() {
        Some(help) => miette::miette!(code = e.code(), help = help, "{e}"),
        None => miette::miette!(code = e.code(), "{e}"),
    }
}
