//! The `ecsform` command line.

mod cli;
mod commands;
mod output;
mod progress;
mod views;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::run()
}
