//! The defaults RegisterTaskDefinition fills in, applied to a stack for `render`: what
//! the user wrote, resolved the way AWS will store it.

use crate::types::{NetworkMode, StackFile, TransportProtocol};
use crate::units;

/// A copy of the stack with AWS's task definition defaults made explicit: task CPU and
/// memory in units and MiB, `hostPort` equal to `containerPort` under `awsvpc` and `host`
/// networking, `protocol: tcp`, `essential: true`.
#[must_use]
pub fn with_defaults(stack: &StackFile) -> StackFile {
    let mut out = stack.clone();
    for td in &mut out.task_definitions {
        if let Some(cpu) = &td.cpu
            && let Ok(n) = units::cpu_units(cpu)
        {
            td.cpu = Some(n.to_string());
        }
        if let Some(mem) = &td.memory
            && let Ok(n) = units::memory_mib(mem)
        {
            td.memory = Some(n.to_string());
        }
        let same_port = matches!(
            td.network_mode,
            Some(NetworkMode::Awsvpc | NetworkMode::Host)
        );
        for c in &mut td.container_definitions {
            c.essential.get_or_insert(true);
            for pm in c.port_mappings.iter_mut().flatten() {
                pm.protocol.get_or_insert(TransportProtocol::Tcp);
                if same_port && pm.host_port.is_none() && pm.container_port_range.is_none() {
                    pm.host_port = pm.container_port;
                }
            }
        }
    }
    out
}
