//! `ecsform plan`: read live AWS, diff it against the stack, print an ordered plan.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use ecsform_model::Address;
use ecsform_plan::{Plan, PlanOptions};
use miette::IntoDiagnostic;

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

    /// Also write GitLab's terraform report (`{"create","update","delete"}`) to FILE.
    #[arg(long, value_name = "FILE")]
    pub gitlab_report: Option<PathBuf>,

    /// Also write a JUnit report (one test case per resource) to FILE.
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,

    /// Save the plan to FILE for `ecsform apply FILE`, with fingerprints of the live
    /// state it was made from (apply refuses it once that state moved).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,

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
    let Some((plan, desired, _)) = read_and_plan(
        &args.stack,
        &PlanOptions {
            targets: args.targets.clone(),
        },
        ecsform_aws::ReadOptions::default(),
        out,
    )?
    else {
        return Ok(ExitCode::FAILURE);
    };
    if let Some(path) = &args.out {
        super::apply::save(path, &desired, &plan, out.sensitive_values())?;
        out.status(&format!(
            "Saved the plan to {}; apply it with `ecsform apply {}`.",
            path.display(),
            path.display()
        ));
    }
    let shown = out.masked_plan(&plan);
    let text = match args.output {
        PlanFormat::Human => Human { color: out.color() }.render(&shown),
        PlanFormat::Json => Json.render(&shown),
        PlanFormat::Markdown => Markdown.render(&shown),
    };
    out.data(&text).into_diagnostic()?;
    if let Some(path) = &args.gitlab_report {
        out.write_file(path, &gitlab_report(&plan))
            .into_diagnostic()?;
    }
    if let Some(path) = &args.junit {
        out.write_file(path, &junit(&shown)).into_diagnostic()?;
    }
    Ok(if args.detailed_exitcode && plan.has_changes() {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

/// Loads and checks the stack, reads live AWS (with what `read` asks for besides what a
/// plan needs: `drift`'s autoscaling hashes) and plans; also returns the desired and live
/// states (for `drift` and saved plans). `None` when the stack is invalid (its problems
/// are printed).
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
    let loaded = super::load(stack, out)?;
    let label = stack.path.display().to_string();
    if !out.problems(&loaded, &label, false) {
        return Ok(None);
    }
    let Some(stack_def) = loaded.stack else {
        return Ok(None);
    };
    let desired = ecsform_model::desired::desired_state(&stack_def);
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
            "ecsform reads with ecs:Describe*/List*, elasticloadbalancing:Describe*, application-autoscaling:Describe*, servicediscovery:List*; drift also with application-autoscaling:ListTagsForResource",
        )
    })?;
    out.status(&format!(
        "Read {} resources in {} API calls ({:.1} s).",
        live.resources.len(),
        live.api_calls,
        started.elapsed().as_secs_f64()
    ));
    let plan = ecsform_plan::plan(&desired, &live, options)
        .map_err(|e| miette::miette!(code = "plan::error", "{e}"))?;
    out.mask_plan(&plan);
    Ok(Some((plan, desired, live)))
}
