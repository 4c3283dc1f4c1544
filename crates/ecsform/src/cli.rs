//! Arguments and dispatch. Each subcommand lives in one file under `commands/`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::OnceLock;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::commands;
use crate::output::{ColorChoice, Out};

/// Declarative infrastructure as code for Amazon ECS.
///
/// A stack file describes an ECS cluster, Cloud Map namespaces, task definitions,
/// services, load balancers and autoscaling in YAML, with the AWS API's own field names.
/// There is no state file: live AWS plus the file is the whole truth.
#[derive(Debug, Parser)]
#[command(
    name = "ecsform",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    /// When to use colour: auto (a terminal, and NO_COLOR unset), always, never.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// More logging on stderr: -v info, -vv each AWS call, -vvv the AWS SDK's own too.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a stack file (or folder) and report every problem in it.
    ///
    /// Exit status: 0 valid, 1 invalid (or, with --strict, any warning).
    Validate(ValidateArgs),
    /// Print the resolved stack: variables substituted and AWS's task definition
    /// defaults made explicit.
    Render(RenderArgs),
    /// Print the JSON Schema (draft-07) of the stack file, for editors.
    Schema,
    /// Read live AWS, compare it with the stack and print an ordered plan.
    ///
    /// Nothing is changed. With --detailed-exitcode: 0 no changes, 1 error, 2 changes.
    Plan(commands::plan::PlanArgs),
    /// Report drift: live AWS changed since ecsform last applied the stack, told apart
    /// from file changes not applied yet.
    ///
    /// Exit status: 0 in sync, 2 drift found (see --fail-on), 1 error.
    Drift(commands::drift::DriftArgs),
    /// Make live AWS match the stack: plan, confirm, then create, update and delete in
    /// dependency order. With PLANFILE, apply a saved plan exactly (refused if edited,
    /// made for another region, or stale).
    ///
    /// Exit status: 0 done, 1 failed or refused (the summary lists done, failed, skipped),
    /// 130 interrupted by Ctrl-C, 143 by SIGTERM (a cancelled CI job): no new change
    /// starts, running calls finish, the summary is printed.
    Apply(commands::apply::ApplyArgs),
    /// Delete everything this stack owns (tagged ecsform:stack=<stack>), in reverse
    /// dependency order, and nothing else.
    ///
    /// Exit status: as apply.
    Destroy(commands::apply::DestroyArgs),
    /// Write a stack file and its vars file from what is live: a cluster, its services,
    /// their task definitions, load balancing, namespaces and autoscaling.
    ///
    /// Read only: nothing is tagged or changed; the first apply adopts what it imported.
    Import(commands::import::ImportArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    ///
    /// bash: `ecsform completions bash > ~/.local/share/bash-completion/completions/ecsform`;
    /// zsh: `ecsform completions zsh > "${fpath[1]}/_ecsform"`;
    /// fish: `ecsform completions fish > ~/.config/fish/completions/ecsform.fish`.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

/// Where the stack is and how to resolve its variables.
#[derive(Debug, Args)]
pub struct StackArgs {
    /// A stack file, or a folder whose .yaml/.yml files together form one stack.
    #[arg(
        short = 'f',
        long = "file",
        value_name = "PATH",
        default_value = "ecsform.yaml"
    )]
    pub path: PathBuf,

    /// Set a variable for ${NAME} interpolation (ahead of var files and the environment).
    #[arg(long = "var", value_name = "NAME=VALUE", value_parser = parse_var)]
    pub vars: Vec<(String, String)>,

    /// Read variables from a file of NAME=VALUE lines (ahead of the environment).
    #[arg(long = "var-file", value_name = "FILE")]
    pub var_files: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    #[command(flatten)]
    pub stack: StackArgs,

    /// Fail on warnings too.
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Args)]
pub struct RenderArgs {
    #[command(flatten)]
    pub stack: StackArgs,

    /// Output format.
    #[arg(short, long, value_enum, default_value_t = RenderFormat::Yaml)]
    pub output: RenderFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RenderFormat {
    /// YAML, in the stack file's format.
    Yaml,
    /// JSON.
    Json,
}

/// How ecsform calls AWS (plan, drift, apply, destroy, import).
#[derive(Debug, Args)]
pub struct AwsArgs {
    /// The longest reading live AWS may take in all, and one AWS call of an apply with its
    /// retries, in seconds (0.1 to 3600) [default: 30; env: ECSFORM_TIMEOUT]
    ///
    /// Past it the command fails, naming the call that had no answer, its endpoint and the
    /// resource. It counts from when the pacing lets a call go: the time a call waits for
    /// ecsform's pacing at AWS's request rates is not counted. Also read from the
    /// environment (checked before any AWS call): ECSFORM_CALL_TIMEOUT, seconds one attempt
    /// of a call may take once sent (0.1 to 3600, default 20); AWS_MAX_ATTEMPTS, attempts per call (1 to 100, default 10); AWS_RETRY_MODE,
    /// adaptive (the default) or standard.
    #[arg(long, value_name = "SECONDS", value_parser = parse_timeout)]
    pub timeout: Option<Duration>,
}

/// The settings of this run's AWS calls, resolved once before any call (see [`run`]).
static AWS_SETTINGS: OnceLock<ecsform_aws::Settings> = OnceLock::new();

/// The settings of this run's AWS calls: the environment's, checked, with `--timeout`.
pub fn aws_settings() -> ecsform_aws::Settings {
    AWS_SETTINGS.get().cloned().unwrap_or_default()
}

fn parse_timeout(s: &str) -> Result<Duration, String> {
    let (min, max) = ecsform_aws::settings::TIMEOUT_RANGE;
    ecsform_aws::settings::seconds("--timeout", s, min, max).map_err(|e| e.to_string())
}

/// `--wait-timeout`: seconds, 1 to a day.
pub fn parse_wait_timeout(s: &str) -> Result<u64, String> {
    ecsform_aws::settings::whole("--wait-timeout", s, 1, 86_400).map_err(|e| e.to_string())
}

/// `--poll-interval`: seconds, 1 to an hour.
pub fn parse_poll_interval(s: &str) -> Result<u64, String> {
    ecsform_aws::settings::whole("--poll-interval", s, 1, 3_600).map_err(|e| e.to_string())
}

/// `--concurrency`: 1 to 64 changes at once.
pub fn parse_concurrency(s: &str) -> Result<usize, String> {
    ecsform_aws::settings::whole("--concurrency", s, 1, 64)
        .map(|n| usize::try_from(n).unwrap_or(1))
        .map_err(|e| e.to_string())
}

/// `--keep-revisions`: 1 to 1,000,000 (ECS keeps at most 1,000,000 revisions of a
/// family: Amazon ECS service quotas, "Revisions per task definition family").
pub fn parse_keep_revisions(s: &str) -> Result<usize, String> {
    ecsform_aws::settings::whole("--keep-revisions", s, 1, 1_000_000)
        .map(|n| usize::try_from(n).unwrap_or(1))
        .map_err(|e| e.to_string())
}

/// A setting that is not valid, as the CLI reports it (exit status 1, before any call).
pub fn setting_error(e: &ecsform_aws::SettingError) -> miette::Report {
    let (code, help) = if e.name.starts_with("the region") {
        (
            ecsform_spec::Code::SettingsRegion.as_str(),
            "set an AWS region: `region:` in the stack file (`--region` for import), AWS_REGION, or the profile's `region`; nothing was read or changed".to_owned(),
        )
    } else {
        (
            ecsform_spec::Code::SettingsInvalid.as_str(),
            format!("fix or unset {}; nothing was read or changed", e.name),
        )
    };
    miette::Report::new(
        miette::MietteDiagnostic::new(e.to_string())
            .with_code(code)
            .with_help(help),
    )
}

/// An AWS error of a read, as the CLI reports it: its code says what kind of failure it
/// is (`aws::network`, `aws::credentials`, `aws::permissions`, else `aws::read`), its help
/// what to check. `permissions` lists the calls the command makes.
pub fn aws_read_error(e: &ecsform_aws::AwsError, permissions: &str) -> miette::Report {
    use ecsform_aws::FailureKind;
    let settings = aws_settings();
    let (code, help) = match e.kind() {
        FailureKind::Network => (
            ecsform_spec::Code::AwsNetwork.as_str(),
            format!(
                "a network problem, not credentials or permissions: check the endpoint (AWS_ENDPOINT_URL when set, else the region's AWS endpoint), that it runs and answers, and the network in between; reads stop after {} (--timeout, ECSFORM_TIMEOUT)",
                secs(settings.timeout)
            ),
        ),
        FailureKind::Credentials => (
            ecsform_spec::Code::AwsCredentials.as_str(),
            "the credentials are missing or not accepted: check them with `aws sts get-caller-identity` in the same environment (AWS_PROFILE, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN); an expired session needs a new login".to_owned(),
        ),
        FailureKind::Permissions => (
            ecsform_spec::Code::AwsPermissions.as_str(),
            format!("the credentials lack a permission: {permissions}"),
        ),
        FailureKind::Throttled => (
            ecsform_spec::Code::AwsThrottled.as_str(),
            format!(
                "AWS throttled this call (the account's request rate quota for it, shared with everything else in the account and Region) and {} attempts did not get through: run again later, allow more attempts (AWS_MAX_ATTEMPTS), or lower --concurrency",
                settings.max_attempts
            ),
        ),
        FailureKind::Other => (
            ecsform_spec::Code::AwsRead.as_str(),
            format!("check the AWS credentials, region and permissions ({permissions})"),
        ),
    };
    miette::Report::new(
        miette::MietteDiagnostic::new(e.to_string())
            .with_code(code)
            .with_help(help),
    )
}

fn secs(d: Duration) -> String {
    let s = d.as_secs_f64();
    if (s - s.round()).abs() < 0.05 {
        format!("{} s", s.round())
    } else {
        format!("{s:.1} s")
    }
}

impl Command {
    /// The AWS flags of a command that calls AWS.
    fn aws_args(&self) -> Option<&AwsArgs> {
        match self {
            Self::Plan(a) => Some(&a.aws),
            Self::Drift(a) => Some(&a.aws),
            Self::Apply(a) => Some(&a.aws),
            Self::Destroy(a) => Some(&a.aws),
            Self::Import(a) => Some(&a.aws),
            Self::Validate(_) | Self::Render(_) | Self::Schema | Self::Completions { .. } => None,
        }
    }
}

fn parse_var(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.is_empty() => Ok((k.to_owned(), v.to_owned())),
        _ => Err(format!("expected NAME=VALUE, got `{s}`")),
    }
}

pub fn run() -> ExitCode {
    // A usage error exits 1, like every other error: 2 means "changes" to
    // `plan --detailed-exitcode` and "drift" to `drift`, and a mistyped flag must not
    // read as either.
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let out = Out::new(cli.color);
    if let Err(e) = init_logging(cli.verbose, out.color_err()) {
        out.report(&setting_error(&e));
        return ExitCode::FAILURE;
    }
    // Every setting of the AWS calls is checked before anything else is done.
    if let Some(aws) = cli.command.aws_args() {
        match ecsform_aws::Settings::from_env() {
            Ok(s) => {
                let _ = AWS_SETTINGS.set(s.with_timeout(aws.timeout));
            }
            Err(e) => {
                out.report(&setting_error(&e));
                return ExitCode::FAILURE;
            }
        }
    }
    let result = match &cli.command {
        Command::Validate(args) => commands::validate::run(args, &out),
        Command::Render(args) => commands::render::run(args, &out),
        Command::Schema => commands::schema::run(&out),
        Command::Plan(args) => commands::plan::run(args, &out),
        Command::Drift(args) => commands::drift::run(args, &out),
        Command::Apply(args) => commands::apply::run_apply(args, &out),
        Command::Destroy(args) => commands::apply::run_destroy(args, &out),
        Command::Import(args) => commands::import::run(args, &out),
        Command::Completions { shell } => completions(*shell, &out),
    };
    match result {
        Ok(code) => code,
        Err(report) => {
            out.report(&report);
            ExitCode::FAILURE
        }
    }
}

fn completions(shell: clap_complete::Shell, out: &Out) -> miette::Result<ExitCode> {
    use clap::CommandFactory;
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "ecsform", &mut script);
    out.data(&String::from_utf8_lossy(&script))
        .map_err(|e| miette::miette!("cannot write the completion script: {e}"))?;
    Ok(ExitCode::SUCCESS)
}

/// `-v` ecsform's info lines (each AWS call at `-vv`), `-vvv` the AWS SDK's debug lines
/// too, `-vvvv` everything; `ECSFORM_LOG` (an `EnvFilter`) overrides, and is an error
/// when it does not parse. Credentials never appear at any level: the SDK redacts them in
/// its own logs (tested with a canary).
fn init_logging(verbose: u8, color: bool) -> Result<(), ecsform_aws::SettingError> {
    let ours = ["ecsform", "ecsform_aws", "ecsform_apply", "ecsform_plan"];
    let level = |l: &str, rest: &str| {
        let mut f = rest.to_owned();
        for t in ours {
            f.push_str(&format!(",{t}={l}"));
        }
        f
    };
    let filter = match verbose {
        0 => "warn".to_owned(),
        1 => level("info", "warn"),
        2 => level("debug", "warn"),
        3 => "debug".to_owned(),
        _ => "trace".to_owned(),
    };
    let invalid = |v: &str| ecsform_aws::SettingError {
        name: "ECSFORM_LOG".to_owned(),
        value: format!("{:?}", v.chars().take(60).collect::<String>()),
        expected: "a log filter such as `debug` or `ecsform::aws=debug,warn`".to_owned(),
    };
    let filter = match std::env::var_os("ECSFORM_LOG") {
        None => tracing_subscriber::EnvFilter::new(filter),
        Some(v) => {
            let v = v.into_string().map_err(|v| invalid(&v.to_string_lossy()))?;
            tracing_subscriber::EnvFilter::try_new(&v).map_err(|_| invalid(&v))?
        }
    };
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(color)
        // A closed stderr (`ecsform -vv plan 2>&1 | head -1`) must not panic the logger.
        .log_internal_errors(false)
        .try_init();
    Ok(())
}
