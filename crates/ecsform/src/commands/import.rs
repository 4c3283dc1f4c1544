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

    /// The folder to write `ecsform.yaml` and `vars.env` into (created if missing).
    #[arg(short = 'o', long = "output-dir", value_name = "DIR")]
    pub dir: PathBuf,

    /// Also write the stack file's JSON Schema, `ecsform.schema.json`, beside it, for
    /// editors. By default the file names a schema found in DIR or a folder above it
    /// (`ecsform.schema.json`, or `schemas/ecsform.schema.json`), or none.
    #[arg(long, conflicts_with = "schema_ref")]
    pub schema: bool,

    /// The schema the file's `# yaml-language-server: $schema=` line names: a path
    /// (relative to the file) or a URL. Nothing is written for it.
    #[arg(long, value_name = "PATH_OR_URL")]
    pub schema_ref: Option<String>,

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
/// The stack file's JSON Schema, written beside it with `--schema`: its `$schema` line
/// names it, so that completion and checks work wherever the folder is moved.
const SCHEMA_FILE: &str = "ecsform.schema.json";
/// Where a schema shared by several stacks is looked for, in the output folder and each
/// folder above it (the second is this repository's layout).
const SHARED_SCHEMAS: [&str; 2] = [SCHEMA_FILE, "schemas/ecsform.schema.json"];

/// The schema the file names: `--schema-ref`, the one written beside it (`--schema`),
/// or one found in `dir` or a folder above it, by a path relative to `dir`.
fn schema_reference(args: &ImportArgs) -> Option<String> {
    if let Some(r) = &args.schema_ref {
        return Some(r.clone());
    }
    if args.schema {
        return Some(SCHEMA_FILE.to_owned());
    }
    let dir = std::path::absolute(&args.dir).ok()?;
    for (up, folder) in dir.ancestors().enumerate() {
        for candidate in SHARED_SCHEMAS {
            if folder.join(candidate).is_file() {
                return Some(format!("{}{candidate}", "../".repeat(up)));
            }
        }
    }
    None
}

pub fn run(args: &ImportArgs, out: &Out) -> miette::Result<ExitCode> {
    let stack_path = args.dir.join(STACK_FILE);
    let vars_path = args.dir.join(VARS_FILE);
    let schema_path = args.schema.then(|| args.dir.join(SCHEMA_FILE));
    if !args.force {
        for p in [Some(&stack_path), Some(&vars_path), schema_path.as_ref()]
            .into_iter()
            .flatten()
        {
            if p.exists() {
                return Err(miette::miette!(
                    code = ecsform_spec::Code::ImportExists.as_str(),
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
                "import reads with ecs:Describe*/List*, elasticloadbalancing:Describe*, application-autoscaling:Describe*, servicediscovery:List*/GetNamespace, tag:GetResources",
            ),
            _ => miette::miette!(
                code = ecsform_spec::Code::ImportNotFound.as_str(),
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
        .map_err(|e| miette::miette!(code = ecsform_spec::Code::ImportShape.as_str(), "{e}"))?;

    std::fs::create_dir_all(&args.dir)
        .into_diagnostic()
        .wrap_err_with(|| format!("cannot create {}", args.dir.display()))?;
    let yaml = serde_saphyr::to_string(&imported.file).into_diagnostic()?;
    let schema = schema_reference(args);
    let mut text = match &schema {
        Some(r) => format!("# yaml-language-server: $schema={r}\n#\n"),
        None => String::new(),
    };
    text.push_str(&format!(
        "# Written by `ecsform import --cluster {}`. The variables are in {VARS_FILE}:\n\
         #   ecsform plan -f {STACK_FILE} --var-file {VARS_FILE}\n\
         # Nothing was tagged by the import. Entries with `lifecycle: {{adopt: true}}` exist\n\
         # without an ecsform tag: the first apply adopts them (tags them as this stack's).\n",
        args.cluster
    ));
    if schema.is_none() {
        text.push_str(
            "# Editors check this file against its schema with a first line\n\
             # `# yaml-language-server: $schema=PATH`, PATH a file that `ecsform schema` writes.\n",
        );
    }
    // What is not in the file, and why, is said in the file too.
    for r in &imported.left_out {
        text.push_str(&format!("# Left out: {r}.\n"));
    }
    text.push_str(&yaml);
    write(&stack_path, &text)?;
    let mut vars =
        String::from("# Variables of the imported stack, with the values read from live AWS.\n");
    vars.push_str(
        "# Subnets are PUBLIC_ when only internet-facing load balancers or tasks with a public IP\n\
         # use them, PRIVATE_ when only tasks without one do; a security group of one service or\n\
         # load balancer is named after it. The suffix is the end of the id.\n",
    );
    for (name, value) in &imported.vars {
        vars.push_str(&format!("{name}={value}\n"));
    }
    write(&vars_path, &vars)?;
    if let Some(path) = &schema_path {
        write(path, &ecsform_spec::schema::schema_json())?;
    }

    for r in &imported.left_out {
        out.status(&format!("Left out {r}."));
    }
    for n in &imported.notes {
        out.status(&format!("Note: {n}."));
    }
    let counts: Vec<String> = imported
        .counts
        .iter()
        .map(|(kind, n)| match (kind_noun(*kind), n) {
            ("scaling policy", 1) | (_, 1) => format!("1 {}", kind_noun(*kind)),
            ("scaling policy", n) => format!("{n} scaling policies"),
            (noun, n) => plural(*n, noun),
        })
        .collect();
    let mut files = vec![
        stack_path.display().to_string(),
        vars_path.display().to_string(),
    ];
    if let Some(path) = &schema_path {
        files.push(path.display().to_string());
    }
    out.status(&format!(
        "Wrote {} for stack `{}`: {}.",
        join_and(&files),
        imported.stack,
        counts.join(", "),
    ));
    out.status(&format!(
        "Check it with `ecsform plan -f {} --var-file {}`.",
        stack_path.display(),
        vars_path.display()
    ));
    Ok(ExitCode::SUCCESS)
}

/// "a and b", "a, b and c".
fn join_and(items: &[String]) -> String {
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

/// A kind as the summary counts it ("2 services").
fn kind_noun(kind: ecsform_model::Kind) -> &'static str {
    use ecsform_model::Kind;
    match kind {
        Kind::Namespace => "namespace",
        Kind::Cluster => "cluster",
        Kind::TaskDefinition => "task definition",
        Kind::LoadBalancer => "load balancer",
        Kind::TargetGroup => "target group",
        Kind::Listener => "listener",
        Kind::ListenerRule => "listener rule",
        Kind::Service => "service",
        Kind::ScalableTarget => "scalable target",
        Kind::ScalingPolicy => "scaling policy",
        Kind::ScheduledAction => "scheduled action",
        Kind::CloudMapService => "Cloud Map service",
    }
}

fn write(path: &Path, text: &str) -> miette::Result<()> {
    std::fs::write(path, text)
        .into_diagnostic()
        .wrap_err_with(|| format!("cannot write {}", path.display()))
}
