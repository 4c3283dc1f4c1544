//! `ecsform apply` and `ecsform destroy`: carry out a plan against AWS.
//!
//! apply plans (or loads a saved plan and checks it is not stale), shows the plan on
//! stdout, asks for confirmation on a terminal (refuses without one unless
//! `--auto-approve`), then executes the changes in dependency order with a progress
//! display on stderr, and ends with a summary of what was done, failed, skipped and not
//! started. destroy is the same with every resource the stack owns deleted.
//!
//! Ctrl-C and SIGTERM (a cancelled CI job) stop it the same way: no new change starts,
//! running calls finish, the summary is printed; the exit status says which (130, 143).

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use clap::Args;
use ecsform_apply::{Interrupt, Outcome, Report, Stop};
use ecsform_aws::{AwsExecutor, Clients, ExecOptions};
use ecsform_model::Address;
use ecsform_model::desired::DesiredState;
use ecsform_model::live::LiveState;
use ecsform_plan::{Action, Plan, PlanError, PlanOptions, SavedPlan, SavedPlanError};
use miette::{IntoDiagnostic, WrapErr};

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

    /// A plan saved by `ecsform plan --out FILE`: shown with its digest, then applied
    /// exactly as saved (no confirmation asked), after checking its digest, its region,
    /// and that nothing it read has changed in AWS since. It carries its stack,
    /// variables, targets and new deployments: -f, --var, --var-file, --target and
    /// --force-new-deployment cannot be given with it.
    #[arg(
        value_name = "PLANFILE",
        conflicts_with_all = ["path", "vars", "var_files", "targets", "redeploy"]
    )]
    pub plan_file: Option<PathBuf>,

    /// Apply only this resource (`service.ui`) and what it depends on; repeatable.
    #[arg(long = "target", value_name = "ADDRESS", value_parser = parse_address)]
    pub targets: Vec<Address>,

    /// Start a new deployment of this service though the file does not change it: ECS
    /// replaces its running tasks (UpdateService forceNewDeployment), then apply waits for
    /// steady state. `catalog` or `service.catalog`; `all`: every service of the file.
    /// Repeatable.
    #[arg(long = "force-new-deployment", value_name = "SERVICE")]
    pub redeploy: Vec<String>,

    /// Allow a plan that deletes services, or more than half of the stack's resources,
    /// to be applied without a person confirming it (with --auto-approve or a saved
    /// plan). On a terminal, the question names what goes instead.
    #[arg(long, env = "ECSFORM_ALLOW_DELETE", hide_env_values = true)]
    pub allow_delete: bool,

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

/// Refuses early, before any AWS call, when nobody can confirm.
fn check_can_confirm(exec: &ExecArgs, saved: bool, help: &str) -> miette::Result<()> {
    if exec.auto_approve || saved || std::io::stdin().is_terminal() {
        return Ok(());
    }
    Err(miette::miette!(
        code = ecsform_spec::Code::ApplyNoTerminal.as_str(),
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
        "apply and destroy read with ecs:Describe*/List*, elasticloadbalancing:Describe*, application-autoscaling:Describe*, servicediscovery:List*/GetNamespace, tag:GetResources",
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

/// The stack's documents, the clients, live AWS as read, and the services to redeploy.
type Read = (
    DesiredState,
    Clients,
    LiveState,
    std::collections::BTreeSet<String>,
);

/// Loads and checks the stack (its problems printed: `None`), checks the services
/// `redeploy` names (`--force-new-deployment`) against it, then reads live AWS.
fn load_and_read(
    args: &StackArgs,
    redeploy: &[String],
    rt: &tokio::runtime::Runtime,
    out: &Out,
) -> miette::Result<Option<Read>> {
    let loaded = super::load(args, out)?;
    if !out.problems(&loaded, &args.path.display().to_string(), false) {
        return Ok(None);
    }
    let Some(stack) = loaded.stack else {
        return Ok(None);
    };
    let desired = ecsform_model::desired::desired_state(&stack);
    let redeploy = super::redeploy_names(redeploy, &desired)?;
    let clients = clients(rt, desired.region.clone())?;
    out.status(&format!(
        "Reading live state of stack `{}`...",
        desired.stack
    ));
    let live = read_bounded(rt, &clients, &desired)?;
    Ok(Some((desired, clients, live, redeploy)))
}

pub fn run_apply(args: &ApplyArgs, out: &Out) -> miette::Result<ExitCode> {
    check_can_confirm(
        &args.exec,
        args.plan_file.is_some(),
        "pass --auto-approve, or apply a plan saved with `ecsform plan --out FILE`",
    )?;
    if let Some(path) = &args.plan_file {
        return apply_saved(path, &args.exec, args.allow_delete, out);
    }
    let rt = runtime()?;
    let Some((desired, clients, live, redeploy)) =
        load_and_read(&args.stack, &args.redeploy, &rt, out)?
    else {
        return Ok(ExitCode::FAILURE);
    };
    let plan = ecsform_plan::plan(
        &desired,
        &live,
        &PlanOptions {
            targets: args.targets.clone(),
            redeploy,
        },
    )
    .map_err(|e| super::plan::plan_error(&e))?;
    out.mask_plan(&plan);
    show_and_execute(
        &rt,
        &clients,
        &desired,
        &live,
        &plan,
        &args.exec,
        out,
        Verb::Apply,
        Some(args.allow_delete),
        args.targets.is_empty(),
    )
}

pub fn run_destroy(args: &DestroyArgs, out: &Out) -> miette::Result<ExitCode> {
    check_can_confirm(&args.exec, false, "pass --auto-approve")?;
    let rt = runtime()?;
    let Some((desired, clients, live, _)) = load_and_read(&args.stack, &[], &rt, out)? else {
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
        Verb::Destroy,
        None,
        false,
    )
}

/// The plan that deletes everything tagged with the stack (and nothing else), refused
/// when the file marks one of those resources `lifecycle.preventDestroy`.
fn destroy_plan(desired: &DesiredState, live: &LiveState) -> miette::Result<Plan> {
    // A cluster the stack only uses stays (see `DesiredState::emptied`).
    let nothing = desired.emptied();
    let plan = ecsform_plan::plan(&nothing, live, &PlanOptions::default())
        .map_err(|e| super::plan::plan_error(&e))?;
    if let Some(kept) = plan.changes.iter().find(|c| {
        c.action == Action::Delete && desired.get(&c.address).is_some_and(|r| r.prevent_destroy)
    }) {
        let e = PlanError::PreventDestroy {
            address: kept.address.clone(),
            what: "delete",
            forced_by: Vec::new(),
        };
        return Err(miette::miette!(
            code = ecsform_spec::Code::PlanPreventDestroy.as_str(),
            help =
                "remove lifecycle.preventDestroy from the file first if the deletion is intended",
            "{e}"
        ));
    }
    // Each deletion says why in destroy's words: the stack owns it, not "the file no
    // longer names it" (the file names it; destroy deletes it anyway).
    let mut plan = plan;
    for c in &mut plan.changes {
        if c.action == Action::Delete {
            c.notes = vec![format!(
                "tagged ecsform:stack={}: destroy deletes what the stack owns",
                desired.stack
            )];
        }
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
    verb: Verb,
    allow_delete: Option<bool>,
    record: bool,
) -> miette::Result<ExitCode> {
    out.data(&Human { color: out.color() }.render(&out.masked_plan(plan)))
        .into_diagnostic()?;
    if !plan.has_changes() {
        // Live AWS is what the file says: a complete apply, recorded unless the newest
        // stamp already says so.
        if record
            && ecsform_model::stamp::newest_stamp(live, &desired.stack).map(|s| s.fingerprint)
                != Some(ecsform_model::stamp::fingerprint(desired))
        {
            record_stamp(
                rt,
                clients,
                desired,
                &|a| live.get(a).map(|r| r.arn.clone()),
                out,
            );
        }
        return Ok(ExitCode::SUCCESS);
    }
    // The guard against losing data (apply only: destroy asks its own question).
    if let Some(allow_delete) = allow_delete {
        let asks = !exec.auto_approve;
        let deletions = plan.deletions();
        if asks && deletions.needs_confirmation() {
            out.status(&format!("This deletes {}.", deletions.describe()));
        }
        check_deletions(plan, allow_delete, asks)?;
    }
    let question = match verb {
        Verb::Apply => "Apply these changes".to_owned(),
        Verb::Destroy => format!("Destroy everything stack `{}` owns", desired.stack),
    };
    if !exec.auto_approve && !confirm(out, &format!("{question}?"))? {
        return Ok(ExitCode::FAILURE);
    }
    execute(rt, clients, desired, live, plan, exec, out, verb, record)
}

/// Records the stack stamp (see `ecsform_model::stamp`) after a complete, successful,
/// untargeted apply, so that `drift` can tell a resource deleted by hand from one new in
/// the file. A failure to write it fails nothing: drift then cannot tell the two apart
/// and says so; a warning names the call.
fn record_stamp(
    rt: &tokio::runtime::Runtime,
    clients: &Clients,
    desired: &DesiredState,
    arn_of: &(dyn Fn(&ecsform_model::Address) -> Option<String> + Sync),
    out: &Out,
) {
    let time = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis());
    if let Err(e) = rt.block_on(ecsform_aws::bounded(
        crate::cli::aws_settings().timeout,
        &format!("stack {}", desired.stack),
        ecsform_aws::record_stamp(clients, desired, arn_of, time),
    )) {
        out.status(&format!(
            "warning: the record of this apply for `ecsform drift` was not written ({e}); drift cannot tell a resource deleted by hand from one new in the file until the next apply records it"
        ));
    }
}

/// The guard against losing data: a plan that deletes services, or more than half of
/// the stack's resources (a stack file moved or half-merged, a folder entry that did
/// not load), is applied only when a person confirms it on a terminal (`asks`: the
/// question names what goes) or `--allow-delete` says it is intended. `destroy` has
/// its own question.
fn check_deletions(plan: &Plan, allow_delete: bool, asks: bool) -> miette::Result<()> {
    let deletions = plan.deletions();
    if allow_delete || asks || !deletions.needs_confirmation() {
        return Ok(());
    }
    Err(miette::miette!(
        code = ecsform_spec::Code::ApplyUnconfirmedDelete.as_str(),
        help = "review the plan; if the deletions are intended, apply it again with --allow-delete (or on a terminal, which asks)",
        "refusing to delete without confirmation: the plan deletes {}; nothing was changed",
        deletions.describe()
    ))
}

/// What a run carries out: an apply (of the file, or of a saved plan), or a destroy of
/// everything the stack owns. Its messages say which.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verb {
    Apply,
    Destroy,
}

impl Verb {
    /// The command's name, capitalized at the start of a message.
    fn name(self) -> &'static str {
        match self {
            Self::Apply => "Apply",
            Self::Destroy => "Destroy",
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn execute(
    rt: &tokio::runtime::Runtime,
    clients: &Clients,
    desired: &DesiredState,
    live: &LiveState,
    plan: &Plan,
    exec: &ExecArgs,
    out: &Out,
    verb: Verb,
    record: bool,
) -> miette::Result<ExitCode> {
    let interrupt = Arc::new(Interrupt::new());
    let display = Display::new(std::io::stderr().is_terminal(), out.sensitive_values());
    // Each change ends within --wait-timeout + --timeout, naming the call that hung.
    let bound =
        Duration::from_secs(exec.wait_timeout).saturating_add(crate::cli::aws_settings().timeout);
    let executor = ecsform_aws::Bounded::new(
        AwsExecutor::new(clients, desired, live, exec.options(), &display),
        bound,
    );
    let report = rt.block_on(async {
        let watcher = tokio::spawn(watch_signals(Arc::clone(&interrupt)));
        let report =
            ecsform_apply::apply(plan, &executor, exec.concurrency, &interrupt, &display).await;
        watcher.abort();
        report
    });
    let stopped = interrupt.cause();
    if record && stopped.is_none() && report.succeeded() {
        let inner = executor.inner();
        record_stamp(rt, clients, desired, &|a| inner.known_arn(a), out);
    }
    summarize(&report, plan, stopped, out, verb);
    Ok(match stopped {
        None if report.succeeded() => ExitCode::SUCCESS,
        None => ExitCode::FAILURE,
        Some(why) => ExitCode::from(stop_status(why)),
    })
}

/// The exit status of an apply a signal stopped: 128 + the signal's number, as shells
/// report a process the signal ended (130 Ctrl-C, 143 SIGTERM).
fn stop_status(why: Stop) -> u8 {
    match why {
        Stop::Interrupt => 130,
        Stop::Terminate => 143,
    }
}

/// The first Ctrl-C or SIGTERM: no new change starts, running calls finish. A second
/// one of either: abort at once.
#[cfg(unix)]
async fn watch_signals(interrupt: Arc<Interrupt>) {
    use tokio::signal::unix::{SignalKind, signal};
    let (Ok(mut int), Ok(mut term)) = (
        signal(SignalKind::interrupt()),
        signal(SignalKind::terminate()),
    ) else {
        return;
    };
    loop {
        let why = tokio::select! {
            got = int.recv() => match got { Some(()) => Stop::Interrupt, None => return },
            got = term.recv() => match got { Some(()) => Stop::Terminate, None => return },
        };
        stopped_by(&interrupt, why);
    }
}

/// Ctrl-C only, where there are no Unix signals.
#[cfg(not(unix))]
async fn watch_signals(interrupt: Arc<Interrupt>) {
    while tokio::signal::ctrl_c().await.is_ok() {
        stopped_by(&interrupt, Stop::Interrupt);
    }
}

/// Records a stop and says what happens; a second stop aborts at once.
fn stopped_by(interrupt: &Interrupt, why: Stop) {
    if let Some(first) = interrupt.cause() {
        let _ = writeln!(std::io::stderr().lock(), "Aborted.");
        std::process::exit(i32::from(stop_status(first)));
    }
    interrupt.stop(why);
    let text = match why {
        Stop::Interrupt => {
            "Interrupted: no new change starts; running calls finish. Ctrl-C again aborts at once."
        }
        Stop::Terminate => {
            "Terminated (SIGTERM): no new change starts; running calls finish. A second signal aborts at once."
        }
    };
    let _ = writeln!(std::io::stderr().lock(), "{text}");
}

fn summarize(report: &Report, plan: &Plan, stopped: Option<Stop>, out: &Out, verb: Verb) {
    let done = report.count(|o| matches!(o, Outcome::Done));
    let adopted = plan
        .changes
        .iter()
        .filter(|c| {
            c.adopt
                && report
                    .outcomes
                    .iter()
                    .any(|(a, o)| a == &c.address && matches!(o, Outcome::Done))
        })
        .count();
    let adopted = if adopted > 0 {
        format!(" ({adopted} adopted)")
    } else {
        String::new()
    };
    let failed = report.count(|o| matches!(o, Outcome::Failed(_)));
    let skipped = report.count(|o| matches!(o, Outcome::Skipped { .. }));
    let not_started = report.count(|o| matches!(o, Outcome::NotStarted));
    let interrupted = stopped.is_some();
    let head = if stopped == Some(Stop::Terminate) {
        "interrupted by SIGTERM"
    } else if interrupted {
        "interrupted"
    } else if failed > 0 {
        "failed"
    } else {
        "complete"
    };
    // A destroy only deletes: what it did is "destroyed".
    let done_word = match verb {
        Verb::Apply => "done",
        Verb::Destroy => "destroyed",
    };
    out.status(&format!(
        "\n{} {head}: {done} {done_word}{adopted}, {failed} failed, {skipped} skipped, {not_started} not started.",
        verb.name()
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
            "Running {} again continues from here ({} to go).",
            verb.name().to_lowercase(),
            plural(failed + skipped + not_started, "change")
        ));
    }
}

// ---- saved plans ------------------------------------------------------------------

/// `ecsform apply FILE`: the saved plan's changes, exactly. Its digest is checked first
/// (nothing is read from AWS for a file that is not what its digest names), then the
/// region it was made for against the one apply would act on; the plan is shown (the
/// human view, digest included); live AWS is read and every resource the plan read must
/// be as it was, and planning again from the saved documents must give the saved
/// changes. Then the saved changes run, with the saved documents.
fn apply_saved(
    path: &Path,
    exec: &ExecArgs,
    allow_delete: bool,
    out: &Out,
) -> miette::Result<ExitCode> {
    let text = std::fs::read_to_string(path)
        .into_diagnostic()
        .wrap_err_with(|| format!("cannot read the saved plan {}", path.display()))?;
    let saved = SavedPlan::from_json(&text).map_err(|e| refusal(path, e))?;
    out.mask(saved.sensitive.iter().cloned());
    let this = super::plan::made_by();
    if saved.made_by != this {
        return Err(miette::miette!(
            code = ecsform_spec::Code::ApplySavedPlan.as_str(),
            help = "make the plan again with the ecsform that applies it",
            "{} was made by {}; this is {}: nothing was changed",
            path.display(),
            saved.made_by,
            this
        ));
    }
    let rt = runtime()?;
    let clients = clients(&rt, saved.desired.region.clone())?;
    check_region(&saved, clients.region().as_deref())?;
    out.status(&format!(
        "Applying the saved plan {} of stack `{}`{} (digest {}).",
        path.display(),
        saved.stack,
        saved
            .region
            .as_deref()
            .map(|r| format!(" in {r}"))
            .unwrap_or_default(),
        saved.digest
    ));
    out.data(
        &Human { color: out.color() }
            .render_saved(&out.masked_plan(&saved.plan), Some(&saved.digest)),
    )
    .into_diagnostic()?;
    if !saved.plan.has_changes() {
        return Ok(ExitCode::SUCCESS);
    }
    out.status("Checking that live AWS still matches the saved plan...");
    let live = read_bounded(&rt, &clients, &saved.desired)?;
    saved.check_against(&live).map_err(|e| refusal(path, e))?;
    check_deletions(&saved.plan, allow_delete, false)?;
    let record = saved.targets.is_empty();
    execute(
        &rt,
        &clients,
        &saved.desired,
        &live,
        &saved.plan,
        exec,
        out,
        Verb::Apply,
        record,
    )
}

/// Refuses a saved plan made for another region than the one apply would act on (a
/// stack file without `region:`, planned and applied with different AWS settings).
fn check_region(saved: &SavedPlan, now: Option<&str>) -> miette::Result<()> {
    let Some(was) = saved.region.as_deref() else {
        return Ok(());
    };
    if now == Some(was) {
        return Ok(());
    }
    let now_text = match now {
        None => "no region is configured now".to_owned(),
        Some(now) => {
            let from = ["AWS_REGION", "AWS_DEFAULT_REGION"]
                .into_iter()
                .find(|v| std::env::var(v).is_ok_and(|r| r == now));
            match from {
                Some(var) => format!("{var} is {now}"),
                None => format!("the AWS configuration says {now}"),
            }
        }
    };
    Err(miette::miette!(
        code = ecsform_spec::Code::ApplyPlanIdentity.as_str(),
        help = format!(
            "apply it with the region it was made for (AWS_REGION={was}), or plan again for the other region"
        ),
        "the plan was made for region {was}; {now_text}. Nothing was changed"
    ))
}

/// The diagnostic of a saved plan apply refuses.
fn refusal(path: &Path, e: SavedPlanError) -> miette::Report {
    let lines = |l: &[String]| {
        l.iter()
            .map(|l| format!("  {l}"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    match e {
        SavedPlanError::NotASavedPlan(why) => miette::miette!(
            code = ecsform_spec::Code::ApplySavedPlan.as_str(),
            help = "make it with `ecsform plan --out FILE`",
            "{} is not an ecsform saved plan: {why}",
            path.display()
        ),
        e @ SavedPlanError::Format { .. } => miette::miette!(
            code = ecsform_spec::Code::ApplySavedPlan.as_str(),
            help = "make the plan again with the ecsform that applies it",
            "{}: {e}",
            path.display()
        ),
        SavedPlanError::Digest { stored, computed } => miette::miette!(
            code = ecsform_spec::Code::ApplyPlanDigest.as_str(),
            help = "make the plan again (`ecsform plan --out FILE`) and review it; compare the digest apply shows with the one reviewed",
            "{} does not match its digest: the file names {stored}, its content is {computed}. It was edited or damaged since `ecsform plan --out` wrote it; nothing was changed",
            path.display()
        ),
        SavedPlanError::Identity(why) => miette::miette!(
            code = ecsform_spec::Code::ApplyPlanIdentity.as_str(),
            help = "make the plan again (`ecsform plan --out FILE`) and review it",
            "{}: {why}; nothing was changed",
            path.display()
        ),
        SavedPlanError::Stale(what) => miette::miette!(
            code = ecsform_spec::Code::ApplyStalePlan.as_str(),
            help = "run `ecsform plan --out FILE` again and review the new plan",
            "the saved plan is stale; nothing was changed:\n{}",
            lines(&what)
        ),
        SavedPlanError::Mismatch(what) => miette::miette!(
            code = ecsform_spec::Code::ApplyPlanMismatch.as_str(),
            help = "the file was edited (its digest computed again), or made by another ecsform: make the plan again and review it",
            "the saved plan's changes are not what its desired documents give; nothing was changed:\n{}",
            lines(&what)
        ),
    }
}
