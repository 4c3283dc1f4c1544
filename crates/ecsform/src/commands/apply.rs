//! `ecsform apply` and `ecsform destroy`: carry out a plan against AWS.
//!
//! apply plans (or loads a saved plan and checks it is not stale), shows the plan on
//! stdout, asks for confirmation on a terminal (refuses without one unless
//! `--auto-approve`), then executes the changes in dependency order with a progress
//! display on stderr, and ends with a summary of what was done, failed, skipped and not
//! started. destroy is the same with every resource the stack owns deleted.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use clap::Args;
use ecsform_apply::{Interrupt, Outcome, Report};
use ecsform_aws::{AwsExecutor, Clients, ExecOptions};
use ecsform_model::Address;
use ecsform_model::desired::DesiredState;
use ecsform_model::live::LiveState;
use ecsform_plan::{Action, Plan, PlanError, PlanOptions};
use miette::{IntoDiagnostic, WrapErr};
use serde::{Deserialize, Serialize};

use crate::cli::StackArgs;
use crate::commands::plan::parse_address;
use crate::output::{Out, plural};
use crate::progress::Display;
use crate::views::{Human, PlanView};

/// How changes are carried out.
#[derive(Debug, Args)]
pub struct ExecArgs {
    /// Do not wait for services to reach steady state (nor deleted services to become
    /// INACTIVE).
    #[arg(long)]
    pub no_wait: bool,

    /// The longest one wait may take, in seconds (1 to 86400), before its change fails; a
    /// change ends within --wait-timeout + --timeout in all.
    #[arg(long, value_name = "SECONDS", default_value_t = 900, value_parser = crate::cli::parse_wait_timeout)]
    pub wait_timeout: u64,

    /// Seconds between two polls of a wait (1 to 3600).
    #[arg(long, value_name = "SECONDS", default_value_t = 5, hide = true, value_parser = crate::cli::parse_poll_interval)]
    pub poll_interval: u64,

    /// How many independent changes run at once (1 to 64).
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = crate::cli::parse_concurrency)]
    pub concurrency: usize,

    /// ACTIVE task definition revisions kept per family (1 to 1000000); older ones are
    /// deregistered (never one a service runs).
    #[arg(long, value_name = "N", default_value_t = 5, value_parser = crate::cli::parse_keep_revisions)]
    pub keep_revisions: usize,

    /// Apply without asking (required when stdin is not a terminal).
    #[arg(long)]
    pub auto_approve: bool,
}

impl ExecArgs {
    fn options(&self) -> ExecOptions {
        ExecOptions {
            wait: !self.no_wait,
            wait_timeout: Duration::from_secs(self.wait_timeout),
            poll_interval: Duration::from_secs(self.poll_interval.max(1)),
            keep_revisions: self.keep_revisions.max(1),
        }
    }
}

#[derive(Debug, Args)]
pub struct ApplyArgs {
    #[command(flatten)]
    pub stack: StackArgs,

    /// A plan saved by `ecsform plan --out FILE`: applied exactly as saved, after
    /// checking that nothing it read has changed in AWS since (no confirmation asked).
    #[arg(value_name = "PLANFILE")]
    pub plan_file: Option<PathBuf>,

    /// Apply only this resource (`service.ui`) and what it depends on; repeatable.
    #[arg(long = "target", value_name = "ADDRESS", value_parser = parse_address)]
    pub targets: Vec<Address>,

    #[command(flatten)]
    pub exec: ExecArgs,

    #[command(flatten)]
    pub aws: crate::cli::AwsArgs,
}

#[derive(Debug, Args)]
pub struct DestroyArgs {
    #[command(flatten)]
    pub stack: StackArgs,

    #[command(flatten)]
    pub exec: ExecArgs,

    #[command(flatten)]
    pub aws: crate::cli::AwsArgs,
}

/// What `plan --out` writes: the plan, the desired documents the requests are built
/// from, and (inside the plan) fingerprints of the live state it was made from.
#[derive(Debug, Serialize, Deserialize)]
pub struct SavedPlan {
    /// Always [`SAVED_PLAN_FORMAT`].
    pub format: String,
    /// The stack file's resources.
    pub desired: DesiredState,
    /// The plan.
    pub plan: Plan,
    /// The values of the stack's sensitive variables, masked when the plan is shown
    /// again (the saved plan holds them anyway: keep it private).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sensitive: Vec<String>,
}

/// The format of saved plans.
pub const SAVED_PLAN_FORMAT: &str = "ecsform-saved-plan/1";

/// Writes a saved plan.
pub fn save(
    path: &PathBuf,
    desired: &DesiredState,
    plan: &Plan,
    sensitive: Vec<String>,
) -> miette::Result<()> {
    let saved = SavedPlan {
        format: SAVED_PLAN_FORMAT.to_owned(),
        desired: desired.clone(),
        plan: plan.clone(),
        sensitive,
    };
    let text = serde_json::to_string(&saved).into_diagnostic()?;
    std::fs::write(path, text)
        .into_diagnostic()
        .wrap_err_with(|| format!("cannot write the plan to {}", path.display()))
}

fn load_saved(path: &PathBuf) -> miette::Result<SavedPlan> {
    let text = std::fs::read_to_string(path)
        .into_diagnostic()
        .wrap_err_with(|| format!("cannot read the saved plan {}", path.display()))?;
    let saved: SavedPlan = serde_json::from_str(&text).map_err(|e| {
        miette::miette!(
            code = "apply::saved_plan",
            help = "make it with `ecsform plan --out FILE`",
            "{} is not an ecsform saved plan: {e}",
            path.display()
        )
    })?;
    if saved.format != SAVED_PLAN_FORMAT {
        return Err(miette::miette!(
            code = "apply::saved_plan",
            "{} has format `{}`; this ecsform reads `{SAVED_PLAN_FORMAT}`",
            path.display(),
            saved.format
        ));
    }
    Ok(saved)
}

/// Refuses early, before any AWS call, when nobody can confirm.
fn check_can_confirm(exec: &ExecArgs, saved: bool, help: &str) -> miette::Result<()> {
    if exec.auto_approve || saved || std::io::stdin().is_terminal() {
        return Ok(());
    }
    Err(miette::miette!(
        code = "apply::no_terminal",
        help = help.to_owned(),
        "refusing to change AWS without confirmation: stdin is not a terminal"
    ))
}

fn confirm(out: &Out, question: &str) -> miette::Result<bool> {
    let mut stderr = std::io::stderr().lock();
    write!(stderr, "{question} Only 'yes' will be accepted: ").into_diagnostic()?;
    stderr.flush().into_diagnostic()?;
    drop(stderr);
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .into_diagnostic()?;
    let yes = answer.trim() == "yes";
    if !yes {
        out.status("Cancelled: nothing was changed.");
    }
    Ok(yes)
}

fn runtime() -> miette::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .into_diagnostic()
}

fn read_error(e: &ecsform_aws::AwsError) -> miette::Report {
    crate::cli::aws_read_error(
        e,
        "apply and destroy read with ecs:Describe*/List*, elasticloadbalancing:Describe*, application-autoscaling:Describe*, servicediscovery:List*",
    )
}

/// Clients for the stack's region, with this run's settings (checked: a region of no
/// AWS partition is refused here, before any call).
fn clients(rt: &tokio::runtime::Runtime, region: Option<String>) -> miette::Result<Clients> {
    rt.block_on(Clients::from_env(region, &crate::cli::aws_settings()))
        .map_err(|e| crate::cli::setting_error(&e))
}

/// Reads live AWS for `desired` within the bound of `--timeout`.
fn read_bounded(
    rt: &tokio::runtime::Runtime,
    clients: &Clients,
    desired: &DesiredState,
) -> miette::Result<LiveState> {
    rt.block_on(ecsform_aws::bounded(
        crate::cli::aws_settings().timeout,
        &format!("stack {}", desired.stack),
        ecsform_aws::read_live(clients, desired),
    ))
    .map_err(|e| read_error(&e))
}

/// Loads and checks the stack (its problems printed: `None`), then reads live AWS.
fn load_and_read(
    args: &StackArgs,
    rt: &tokio::runtime::Runtime,
    out: &Out,
) -> miette::Result<Option<(DesiredState, Clients, LiveState)>> {
    let loaded = super::load(args, out)?;
    if !out.problems(&loaded, &args.path.display().to_string(), false) {
        return Ok(None);
    }
    let Some(stack) = loaded.stack else {
        return Ok(None);
    };
    let desired = ecsform_model::desired::desired_state(&stack);
    let clients = clients(rt, desired.region.clone())?;
    out.status(&format!(
        "Reading live state of stack `{}`...",
        desired.stack
    ));
    let live = read_bounded(rt, &clients, &desired)?;
    Ok(Some((desired, clients, live)))
}

pub fn run_apply(args: &ApplyArgs, out: &Out) -> miette::Result<ExitCode> {
    check_can_confirm(
        &args.exec,
        args.plan_file.is_some(),
        "pass --auto-approve, or apply a plan saved with `ecsform plan --out FILE`",
    )?;
    let rt = runtime()?;
    if let Some(path) = &args.plan_file {
        let saved = load_saved(path)?;
        out.mask(saved.sensitive.iter().cloned());
        let clients = clients(&rt, saved.desired.region.clone())?;
        out.status(&format!(
            "Checking that live AWS still matches the saved plan of stack `{}`...",
            saved.plan.stack
        ));
        let live = read_bounded(&rt, &clients, &saved.desired)?;
        let stale = ecsform_plan::stale_changes(&saved.plan, &live);
        if !stale.is_empty() {
            let list: Vec<String> = stale
                .iter()
                .map(|(a, why)| format!("  {a} {why}"))
                .collect();
            return Err(miette::miette!(
                code = "apply::stale_plan",
                help = "run `ecsform plan --out FILE` again and review the new plan",
                "the saved plan is stale; nothing was changed:\n{}",
                list.join("\n")
            ));
        }
        return execute(
            &rt,
            &clients,
            &saved.desired,
            &live,
            &saved.plan,
            &args.exec,
            out,
        );
    }
    let Some((desired, clients, live)) = load_and_read(&args.stack, &rt, out)? else {
        return Ok(ExitCode::FAILURE);
    };
    let plan = ecsform_plan::plan(
        &desired,
        &live,
        &PlanOptions {
            targets: args.targets.clone(),
        },
    )
    .map_err(|e| miette::miette!(code = "plan::error", "{e}"))?;
    out.mask_plan(&plan);
    show_and_execute(
        &rt,
        &clients,
        &desired,
        &live,
        &plan,
        &args.exec,
        out,
        "Apply these changes",
    )
}

pub fn run_destroy(args: &DestroyArgs, out: &Out) -> miette::Result<ExitCode> {
    check_can_confirm(&args.exec, false, "pass --auto-approve")?;
    let rt = runtime()?;
    let Some((desired, clients, live)) = load_and_read(&args.stack, &rt, out)? else {
        return Ok(ExitCode::FAILURE);
    };
    let plan = destroy_plan(&desired, &live)?;
    show_and_execute(
        &rt,
        &clients,
        &desired,
        &live,
        &plan,
        &args.exec,
        out,
        &format!("Destroy everything stack `{}` owns", desired.stack),
    )
}

/// The plan that deletes everything tagged with the stack (and nothing else), refused
/// when the file marks one of those resources `lifecycle.preventDestroy`.
fn destroy_plan(desired: &DesiredState, live: &LiveState) -> miette::Result<Plan> {
    let nothing = DesiredState {
        stack: desired.stack.clone(),
        region: desired.region.clone(),
        resources: Vec::new(),
    };
    let plan = ecsform_plan::plan(&nothing, live, &PlanOptions::default())
        .map_err(|e| miette::miette!(code = "plan::error", "{e}"))?;
    if let Some(kept) = plan.changes.iter().find(|c| {
        c.action == Action::Delete && desired.get(&c.address).is_some_and(|r| r.prevent_destroy)
    }) {
        let e = PlanError::PreventDestroy {
            address: kept.address.clone(),
            what: "delete",
            forced_by: Vec::new(),
        };
        return Err(miette::miette!(
            code = "plan::prevent_destroy",
            help =
                "remove lifecycle.preventDestroy from the file first if the deletion is intended",
            "{e}"
        ));
    }
    Ok(plan)
}

#[allow(clippy::too_many_arguments)]
fn show_and_execute(
    rt: &tokio::runtime::Runtime,
    clients: &Clients,
    desired: &DesiredState,
    live: &LiveState,
    plan: &Plan,
    exec: &ExecArgs,
    out: &Out,
    question: &str,
) -> miette::Result<ExitCode> {
    out.data(&Human { color: out.color() }.render(&out.masked_plan(plan)))
        .into_diagnostic()?;
    if !plan.has_changes() {
        return Ok(ExitCode::SUCCESS);
    }
    if !exec.auto_approve && !confirm(out, &format!("{question}?"))? {
        return Ok(ExitCode::FAILURE);
    }
    execute(rt, clients, desired, live, plan, exec, out)
}

fn execute(
    rt: &tokio::runtime::Runtime,
    clients: &Clients,
    desired: &DesiredState,
    live: &LiveState,
    plan: &Plan,
    exec: &ExecArgs,
    out: &Out,
) -> miette::Result<ExitCode> {
    let interrupt = Arc::new(Interrupt::default());
    let display = Display::new(std::io::stderr().is_terminal(), out.sensitive_values());
    // Each change ends within --wait-timeout + --timeout, naming the call that hung.
    let bound =
        Duration::from_secs(exec.wait_timeout).saturating_add(crate::cli::aws_settings().timeout);
    let executor = ecsform_aws::Bounded::new(
        AwsExecutor::new(clients, desired, live, exec.options(), &display),
        bound,
    );
    let report = rt.block_on(async {
        let watcher = tokio::spawn(watch_ctrl_c(Arc::clone(&interrupt)));
        let report =
            ecsform_apply::apply(plan, &executor, exec.concurrency, &interrupt, &display).await;
        watcher.abort();
        report
    });
    summarize(&report, interrupt.is_set(), out);
    Ok(if report.succeeded() && !interrupt.is_set() {
        ExitCode::SUCCESS
    } else if interrupt.is_set() {
        ExitCode::from(130)
    } else {
        ExitCode::FAILURE
    })
}

/// First Ctrl-C: no new change starts, running calls finish. Second: abort at once.
async fn watch_ctrl_c(interrupt: Arc<Interrupt>) {
    if tokio::signal::ctrl_c().await.is_err() {
        return;
    }
    interrupt.set();
    let _ = writeln!(
        std::io::stderr().lock(),
        "Interrupted: no new change starts; running calls finish. Ctrl-C again aborts at once."
    );
    if tokio::signal::ctrl_c().await.is_ok() {
        let _ = writeln!(std::io::stderr().lock(), "Aborted.");
        std::process::exit(130);
    }
}

fn summarize(report: &Report, interrupted: bool, out: &Out) {
    let done = report.count(|o| matches!(o, Outcome::Done));
    let failed = report.count(|o| matches!(o, Outcome::Failed(_)));
    let skipped = report.count(|o| matches!(o, Outcome::Skipped { .. }));
    let not_started = report.count(|o| matches!(o, Outcome::NotStarted));
    let head = if interrupted {
        "Apply interrupted"
    } else if failed > 0 {
        "Apply failed"
    } else {
        "Apply complete"
    };
    out.status(&format!(
        "\n{head}: {} done, {} failed, {} skipped, {} not started.",
        done, failed, skipped, not_started
    ));
    for (address, outcome) in &report.outcomes {
        match outcome {
            Outcome::Failed(e) => out.status(&format!(
                "  failed   {address}: {} answered {}: {}",
                e.call, e.code, e.message
            )),
            Outcome::Skipped { because } => {
                out.status(&format!("  skipped  {address} (depends on {because})"));
            }
            Outcome::NotStarted => out.status(&format!("  not started  {address}")),
            _ => {}
        }
    }
    if failed > 0 || interrupted {
        out.status(&format!(
            "Running apply again continues from here ({} to go).",
            plural(failed + skipped + not_started, "change")
        ));
    }
}
