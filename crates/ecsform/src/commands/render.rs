//! `ecsform render`: the resolved stack on stdout.

use std::process::ExitCode;

use miette::IntoDiagnostic;

use crate::cli::{RenderArgs, RenderFormat};
use crate::output::Out;

pub fn run(args: &RenderArgs, out: &Out) -> miette::Result<ExitCode> {
    let loaded = super::load(&args.stack, out)?;
    let ok = out.problems(&loaded, &args.stack.path.display().to_string(), false);
    let Some(stack) = loaded.stack.filter(|_| ok) else {
        return Ok(ExitCode::FAILURE);
    };
    let resolved = ecsform_model::render::render(&stack.spec);
    let text = match args.output {
        RenderFormat::Json => {
            let mut t = serde_json::to_string_pretty(&resolved).into_diagnostic()?;
            t.push('\n');
            t
        }
        RenderFormat::Yaml => serde_saphyr::to_string(&resolved).into_diagnostic()?,
    };
    out.data(&text).into_diagnostic()?;
    Ok(ExitCode::SUCCESS)
}
