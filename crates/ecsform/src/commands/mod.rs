//! One file per subcommand.

pub mod apply;
pub mod drift;
pub mod import;
pub mod plan;
pub mod render;
pub mod schema;
pub mod validate;

use ecsform_spec::{Loaded, ReadError, Vars, load_path};
use miette::{IntoDiagnostic, WrapErr};

use crate::cli::StackArgs;
use crate::output::Out;

/// Loads the stack named by the arguments: variables from `--var`, then `--var-file`,
/// then the environment.
/// The values of the stack's `sensitiveVariables` are masked in all output from here on.
pub fn load(args: &StackArgs, out: &Out) -> miette::Result<Loaded> {
    let mut vars = Vars::from_env();
    for (k, v) in &args.vars {
        vars.set(k, v);
    }
    for file in &args.var_files {
        let text = std::fs::read_to_string(file)
            .into_diagnostic()
            .wrap_err_with(|| format!("cannot read var file {}", file.display()))?;
        let pairs = ecsform_spec::var_file::parse(&file.display().to_string(), &text)?;
        for (k, v) in pairs {
            vars.set_default(k, v);
        }
    }
    let loaded = load_path(&args.path, &vars).map_err(read_error)?;
    if let Some(stack) = &loaded.stack {
        out.mask(
            stack
                .spec
                .sensitive_variables
                .iter()
                .filter_map(|name| vars.get(name)),
        );
    }
    Ok(loaded)
}

/// The services `--force-new-deployment` names (`catalog`, `service.catalog`, or `all`:
/// every service of the file), checked against the file before anything is read from
/// AWS: a name that is no service of the file is a usage error.
pub fn redeploy_names(
    given: &[String],
    desired: &ecsform_model::desired::DesiredState,
) -> miette::Result<std::collections::BTreeSet<String>> {
    use ecsform_model::Kind;
    let mut names = std::collections::BTreeSet::new();
    for g in given {
        if g == "all" {
            names.extend(desired.names(Kind::Service).map(str::to_owned));
        } else {
            let name = g.strip_prefix("service.").unwrap_or(g);
            names.insert(name.to_owned());
        }
    }
    ecsform_plan::check_redeploy(desired, &names).map_err(|e| plan::plan_error(&e))?;
    Ok(names)
}

/// A stack that cannot be read, as a diagnostic with its code and what to do.
fn read_error(e: ReadError) -> miette::Report {
    const TOO_LARGE: &str = ecsform_spec::Code::SpecTooLarge.as_str();
    let help = match (&e, e.code()) {
        (_, Some(TOO_LARGE)) => {
            "a stack file holds at most 16 MiB: split the stack over the files of a folder"
        }
        (
            ReadError::Unreadable {
                folder: Some(_), ..
            },
            _,
        ) => {
            "every .yaml/.yml entry of a stack folder is part of the stack: restore the file, or move it out of the folder (a stack read without one of its files would plan to delete that file's resources)"
        }
        (_, Some(_)) => {
            "pass the stack with -f PATH: a stack file (a regular file) or a folder of them"
        }
        (_, None) => "pass the stack with -f PATH (a file or a folder)",
    };
    match e.code() {
        Some(code) => miette::miette!(code = code, help = help, "{e}"),
        None => miette::miette!(help = help, "{e}"),
    }
}
