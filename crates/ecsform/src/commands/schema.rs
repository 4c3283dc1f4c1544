//! `ecsform schema`: the stack file's JSON Schema on stdout.

use std::process::ExitCode;

use miette::IntoDiagnostic;

use crate::output::Out;

pub fn run(out: &Out) -> miette::Result<ExitCode> {
    out.data(&ecsform_spec::schema::schema_json())
        .into_diagnostic()?;
    Ok(ExitCode::SUCCESS)
}
