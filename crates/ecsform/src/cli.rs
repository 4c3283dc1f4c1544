//! Arguments and dispatch. Each subcommand lives in one file under `commands/`.

use std::path::PathBuf;
use std::process::ExitCode;

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

fn parse_var(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.is_empty() => Ok((k.to_owned(), v.to_owned())),
        _ => Err(format!("expected NAME=VALUE, got `{s}`")),
    }
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let out = Out::new(cli.color);
    init_logging(cli.verbose, out.color_err());
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
/// too, `-vvvv` everything; `ECSFORM_LOG` (an `EnvFilter`) overrides. Credentials never
/// appear at any level: the SDK redacts them in its own logs (tested with a canary).
fn init_logging(verbose: u8, color: bool) {
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
    let filter = tracing_subscriber::EnvFilter::try_from_env("ECSFORM_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(filter));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(color)
        // A closed stderr (`ecsform -vv plan 2>&1 | head -1`) must not panic the logger.
        .log_internal_errors(false)
        .try_init();
}
