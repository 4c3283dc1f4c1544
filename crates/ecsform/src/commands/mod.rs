//! One file per subcommand.

pub mod apply;
pub mod drift;
pub mod import;
pub mod plan;
pub mod render;
pub mod schema;
pub mod validate;

use ecsform_spec::{Loaded, Vars, load_path};
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
    let loaded = load_path(&args.path, &vars).map_err(|e| {
        miette::miette!(
            help = "pass the stack with -f PATH (a file or a folder)",
            "{e}"
        )
    })?;
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
