//! `stack:`, the stack's name.

use super::{Checker, valid_name};
use crate::Code;

impl Checker<'_> {
    pub(super) fn stack_name(&mut self) {
        match (&self.spec.stack, self.origins.stack) {
            (Some(name), Some(file)) => {
                if !valid_name(name, 128, false) {
                    let at = self.top(file, "stack", &[]);
                    let at = self
                        .root(file)
                        .and_then(|r| r.get("stack"))
                        .map_or(at, |e| (file, e.value.span));
                    self.error(
                        Code::SpecInvalidName,
                        format!("stack name `{name}` is not valid"),
                        at,
                        "invalid stack name",
                    )
                    .help("use 1-128 letters, digits, hyphens and underscores");
                }
            }
            _ => {
                let at = self.top(0, "stack", &[]);
                self.error(
                    Code::SpecMissingStack,
                    "the stack has no name: `stack:` is missing",
                    at,
                    "add `stack: <name>` to one file",
                )
                .help(
                    "the name is written into the `ecsform:stack` tag of every resource ecsform creates, and only resources carrying it are ever deleted",
                );
            }
        }
    }
}
