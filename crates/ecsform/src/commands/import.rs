//! `ecsform import`: writes a stack file (and its vars file) from what is live.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use miette::{IntoDiagnostic, WrapErr};

use crate::output::{Out, plural};

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The ECS cluster to import.
    #[arg(long, value_name = "NAME")]
    pub cluster: String,

    /// Only these services (comma-separated names); all of the cluster's by default.
    #[arg(long, value_name = "NAMES", value_delimiter = ',')]
    pub services: Option<Vec<String>>,

    /// The folder to write `ecsform.yaml`, `vars.env` and `ecsform.schema.json` into
    /// (created if missing).
    #[arg(short = 'o', long = "output-dir", value_name = "DIR")]
    pub dir: PathBuf,

    /// Overwrite files that exist.
    #[arg(long)]
    pub force: bool,

    /// The AWS region (default: the SDK's usual resolution, AWS_REGION or the profile).
    #[arg(long)]
    pub region: Option<String>,

    #[command(flatten)]
    pub aws: crate::cli::AwsArgs,
}

const STACK_FILE: &str = "ecsform.yaml";
const VARS_FILE: &str = "vars.env";
/// The stack file's JSON Schema, written beside it for editors: its `$schema` line names
/// it, so that completion and checks work wherever the folder is moved.
const SCHEMA_FILE: &str = "ecsform.schema.json";

pub fn run(args: &ImportArgs, out: &Out) -> miette::Result<ExitCode> {
    let stack_path = args.dir.join(STACK_FILE);
    let vars_path = args.dir.join(VARS_FILE);
    let schema_path = args.dir.join(SCHEMA_FILE);
    if !args.force {
        for p in [&stack_path, &vars_path, &schema_path] {
            if p.exists() {
                return Err(miette::miette!(
                    code = "import::exists",
                    help = "choose another folder, or pass --force to overwrite",
                    "{} exists",
                    p.display()
                ));
            }
        }
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .into_diagnostic()?;
    out.status(&format!("Reading cluster `{}`...", args.cluster));
    let started = std::time::Instant::now();
    let settings = crate::cli::aws_settings();
    let clients = runtime
        .block_on(ecsform_aws::Clients::from_env(
            args.region.clone(),
            &settings,
        ))
        .map_err(|e| crate::cli::setting_error(&e))?;
    // The bound's error is an AWS error; the import's own errors stay as they are.
    let live = runtime
        .block_on(ecsform_aws::bounded(
            settings.timeout,
            &format!("cluster.{}", args.cluster),
            async {
                Ok(
                    ecsform_aws::read_for_import(&clients, &args.cluster, args.services.as_deref())
                        .await,
                )
            },
        ))
        .unwrap_or_else(|e| Err(ecsform_aws::ImportError::Aws(e)))
        .map_err(|e| match e {
            ecsform_aws::ImportError::Aws(a) => crate::cli::aws_read_error(
                &a,
                "import reads with ecs:Describe*/List*, elasticloadbalancing:Describe*, application-autoscaling:Describe*, servicediscovery:List*",
            ),
            _ => miette::miette!(
                code = "import::not_found",
                help = "list what exists with `aws ecs list-clusters` and `aws ecs list-services --cluster NAME`",
                "{e}"
            ),
        })?;
    out.status(&format!(
        "Read {} in {} API calls ({:.1} s).",
        plural(live.resources.len(), "resource"),
        live.api_calls,
        started.elapsed().as_secs_f64()
    ));
    let imported = ecsform_model::import::import(&live, &args.cluster)
        .map_err(|e| miette::miette!(code = "import::shape", "{e}"))?;

    std::fs::create_dir_all(&args.dir)
        .into_diagnostic()
        .wrap_err_with(|| format!("cannot create {}", args.dir.display()))?;
    let yaml = serde_saphyr::to_string(&imported.file).into_diagnostic()?;
    let mut text = format!(
        "# yaml-language-server: $schema={SCHEMA_FILE}\n\
         #\n\
         # Written by `ecsform import --cluster {}`. The variables are in {VARS_FILE}:\n\
         #   ecsform plan -f {STACK_FILE} --var-file {VARS_FILE}\n\
         # Nothing was tagged by the import. Entries with `lifecycle: {{adopt: true}}` exist\n\
         # without an ecsform tag: the first apply adopts them (tags them as this stack's).\n",
        args.cluster
    );
    text.push_str(&yaml);
    write(&stack_path, &text)?;
    let mut vars =
        String::from("# Variables of the imported stack, with the values read from live AWS.\n");
    for (name, value) in &imported.vars {
        vars.push_str(&format!("{name}={value}\n"));
    }
    write(&vars_path, &vars)?;
    write(&schema_path, &ecsform_spec::schema::schema_json())?;

    for r in &imported.left_out {
        out.status(&format!("Left out {r}."));
    }
    let count = |n: usize, what: &str| plural(n, what);
    let f = &imported.file;
    out.status(&format!(
        "Wrote {}, {} and {} for stack `{}`: {}, {}, {}, {}, {}.",
        stack_path.display(),
        vars_path.display(),
        schema_path.display(),
        imported.stack,
        count(f.services.len(), "service"),
        count(f.task_definitions.len(), "task definition"),
        count(f.target_groups.len(), "target group"),
        count(f.load_balancers.len(), "load balancer"),
        count(f.namespaces.len(), "namespace"),
    ));
    out.status(&format!(
        "Check it with `ecsform plan -f {} --var-file {}`.",
        stack_path.display(),
        vars_path.display()
    ));
    Ok(ExitCode::SUCCESS)
}

fn write(path: &Path, text: &str) -> miette::Result<()> {
    std::fs::write(path, text)
        .into_diagnostic()
        .wrap_err_with(|| format!("cannot write {}", path.display()))
}
