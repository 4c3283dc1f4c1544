//! `ecsform validate`: report every problem of a stack.

use std::process::ExitCode;

use ecsform_spec::Stack;

use crate::cli::ValidateArgs;
use crate::output::{Out, plural};

pub fn run(args: &ValidateArgs, out: &Out) -> miette::Result<ExitCode> {
    let loaded = super::load(&args.stack, out)?;
    let ok = out.problems(&loaded, &args.stack.path.display().to_string(), args.strict);
    match (&loaded.stack, ok) {
        (Some(stack), true) => {
            out.status(&format!(
                "stack `{}` is valid: {}",
                stack.name,
                summary(stack)
            ));
            Ok(ExitCode::SUCCESS)
        }
        _ => Ok(ExitCode::FAILURE),
    }
}

fn summary(stack: &Stack) -> String {
    let s = &stack.spec;
    let mut parts = Vec::new();
    if let Some(c) = &s.cluster {
        parts.push(format!("cluster {}", c.cluster_name));
    }
    for (n, word) in [
        (s.namespaces.len(), "namespace"),
        (s.task_definitions.len(), "task definition"),
        (s.services.len(), "service"),
        (s.load_balancers.len(), "load balancer"),
        (s.target_groups.len(), "target group"),
        (s.listeners.len(), "listener"),
        (s.listener_rules.len(), "listener rule"),
    ] {
        if n > 0 {
            parts.push(plural(n, word));
        }
    }
    let autoscaled = s
        .services
        .iter()
        .filter(|x| x.autoscaling.is_some())
        .count();
    if autoscaled > 0 {
        parts.push(format!("{autoscaled} autoscaled"));
    }
    parts.join(", ")
}
