//! `taskDefinitions:`: names, Fargate's requirements, the containers.

use std::collections::BTreeMap;

use super::locate::{I, K, List, Loc, Place, Seg};
use super::report::{Ref, Seen};
use super::{Checker, Code, ECS_NAME_RULE, join, valid_name, wire};
use crate::refs::task_definition_family;
use crate::types::{Compatibility, NetworkMode, Service, TaskDefinition};
use crate::units;

/// A task-level amount as written and as understood.
type Amount<'a> = Option<(&'a str, Result<u32, String>)>;

impl<'a> Checker<'a> {
    /// Each family's and container's name.
    pub(super) fn task_definition_names(&mut self) {
        for (_, e, td) in self.entries(List::TaskDefinitions, &self.spec.task_definitions) {
            if !valid_name(&td.family, 255, false) {
                let at = self.at(&e, &[K("family")]);
                self.invalid_name("task definition family", &td.family, at, ECS_NAME_RULE);
            }
            for (ci, c) in td.container_definitions.iter().enumerate() {
                if !valid_name(&c.name, 255, false) {
                    let at = self.at(&e, &[K("containerDefinitions"), I(ci), K("name")]);
                    self.invalid_name("container name", &c.name, at, ECS_NAME_RULE);
                }
            }
        }
    }

    /// The stack's task definition a service runs, when it names one of the stack's
    /// families (`family` or `family:revision`); `None` for ARNs and unknown families.
    pub(super) fn task_def_of(&self, svc: &Service) -> Option<(usize, &'a TaskDefinition)> {
        let r = &svc.task_definition;
        if r.starts_with("arn:") {
            return None;
        }
        let family = task_definition_family(r);
        let i = *self.families.get(family)?;
        self.spec.task_definitions.get(i).map(|td| (i, td))
    }

    pub(super) fn task_definitions(&mut self) {
        // The first Fargate service of each of the stack's task definitions: AWS computes
        // a task definition's `compatibilities`, so one that does not ask for FARGATE
        // runs on Fargate when it meets Fargate's requirements (AWS's own Service Connect
        // tutorial registers one so); it is checked against them as if it asked.
        let mut run_by_fargate: BTreeMap<usize, (Loc, &'static [Seg], &'static str)> =
            BTreeMap::new();
        for (_, e, svc) in self.entries(List::Services, &self.spec.services) {
            if let (Some((ti, _)), Some((path, why))) =
                (self.task_def_of(svc), self.is_fargate(svc))
            {
                run_by_fargate.entry(ti).or_insert((e, path, why));
            }
        }
        for (i, e, td) in self.entries(List::TaskDefinitions, &self.spec.task_definitions) {
            let requires = td
                .requires_compatibilities
                .iter()
                .flatten()
                .any(|c| matches!(c, Compatibility::Fargate));
            let cpu = td.cpu.as_deref().map(|s| (s, units::cpu_units(s)));
            let mem = td.memory.as_deref().map(|s| (s, units::memory_mib(s)));
            if let Some((_, Err(err))) = &cpu {
                let at = self.at(&e, &[K("cpu")]);
                self.error(Code::SpecInvalidCpu, err.clone(), at, "not a CPU amount")
                    .help("write CPU units (`1024`) or vCPUs (`1 vCPU`)");
            }
            if let Some((_, Err(err))) = &mem {
                let at = self.at(&e, &[K("memory")]);
                self.error(
                    Code::SpecInvalidMemory,
                    err.clone(),
                    at,
                    "not a memory amount",
                )
                .help("write MiB (`2048`) or GB (`2 GB`)");
            }
            let fargate = if requires {
                Some((
                    self.fargate_item_place(&e, td),
                    "Fargate required here".to_owned(),
                ))
            } else {
                run_by_fargate.get(&i).map(|(se, path, why)| {
                    (self.at(se, path), format!("runs on Fargate here ({why})"))
                })
            };
            if let Some((fargate_at, label)) = fargate {
                self.fargate_requirements(&e, td, &cpu, &mem, fargate_at, &label);
            }
            self.containers(&e, td);
        }
    }

    /// What Fargate requires of a task definition ("Amazon ECS task definition differences
    /// for Fargate", ECS developer guide): `awsvpc` networking, task-level CPU and memory
    /// in one of Fargate's sizes, and none of the parameters Fargate does not take.
    fn fargate_requirements(
        &mut self,
        e: &Loc,
        td: &TaskDefinition,
        cpu: &Amount<'_>,
        mem: &Amount<'_>,
        fargate_at: Place,
        fargate_label: &str,
    ) {
        let mode = td.network_mode;
        if mode != Some(NetworkMode::Awsvpc) {
            let at = if mode.is_some() {
                self.at(e, &[K("networkMode")])
            } else {
                self.key_at(e, &[K("family")])
            };
            let shown = mode.map_or_else(
                || "bridge (the default)".to_owned(),
                |m| format!("`{}`", wire(&m)),
            );
            self.error(
                Code::SpecFargateNetworkMode,
                format!(
                    "Fargate requires `networkMode: awsvpc`, this task definition uses {shown}"
                ),
                at,
                "not awsvpc",
            )
            .label(fargate_at, fargate_label)
            .help("set `networkMode: awsvpc`");
        }
        match (cpu, mem) {
            (Some((_, Ok(c))), Some((_, Ok(m)))) => match units::fargate_memory_options(*c) {
                None => {
                    let at = self.at(e, &[K("cpu")]);
                    self.error(
                        Code::SpecFargateCpuMemory,
                        format!("Fargate offers no task size of {c} CPU units"),
                        at,
                        "not a Fargate CPU size",
                    )
                    .label(fargate_at, fargate_label)
                    .help(format!("Fargate CPU sizes: {}", join(&units::FARGATE_CPU)));
                }
                Some(options) if !options.contains(m) => {
                    let at = self.at(e, &[K("memory")]);
                    let cpu_at = self.at(e, &[K("cpu")]);
                    self.error(
                        Code::SpecFargateCpuMemory,
                        format!("Fargate does not combine {c} CPU units with {m} MiB of memory"),
                        at,
                        "not valid with this cpu",
                    )
                    .label(cpu_at, "cpu set here")
                    .help(format!(
                        "with {c} CPU units, memory is one of: {} (MiB)",
                        join(&options)
                    ));
                }
                Some(_) => {}
            },
            (None, _) | (_, None) => {
                let at = self.key_at(e, &[K("family")]);
                let missing = match (cpu, mem) {
                    (None, None) => "`cpu` and `memory`",
                    (None, _) => "`cpu`",
                    _ => "`memory`",
                };
                self.error(
                    Code::SpecFargateCpuMemory,
                    format!("a Fargate task definition needs task-level {missing}"),
                    at,
                    "this task definition",
                )
                .label(fargate_at, fargate_label)
                .help("add for example `cpu: 1 vCPU` and `memory: 2 GB`");
            }
            _ => {}
        }
        for (path, what) in fargate_unsupported(td) {
            let at = self.key_at(e, &path);
            self.error(
                Code::SpecFargateUnsupported,
                format!("Fargate does not take {what}"),
                at,
                "not on Fargate",
            )
            .label(fargate_at, fargate_label)
            .help(
                "remove it, or run the service on EC2 (see \"Amazon ECS task definition differences for Fargate\")",
            );
        }
    }

    fn fargate_item_place(&self, e: &Loc, td: &TaskDefinition) -> Place {
        let idx = td
            .requires_compatibilities
            .iter()
            .flatten()
            .position(|c| matches!(c, Compatibility::Fargate))
            .unwrap_or(0);
        self.at(e, &[K("requiresCompatibilities"), I(idx)])
    }

    fn containers(&mut self, e: &Loc, td: &TaskDefinition) {
        let mut names = Seen::default();
        let mut port_names = Seen::default();
        let same_port = matches!(
            td.network_mode,
            Some(NetworkMode::Awsvpc | NetworkMode::Host)
        );
        let known: Vec<&str> = td
            .container_definitions
            .iter()
            .map(|x| x.name.as_str())
            .collect();
        for (ci, c) in td.container_definitions.iter().enumerate() {
            let ce = e.join(&[K("containerDefinitions"), I(ci)]);
            let at = self.at(&ce, &[K("name")]);
            if let Some(first) = names.again(c.name.as_str(), at) {
                self.twice(
                    Code::SpecDuplicateContainerName,
                    format!("container `{}` is defined twice in `{}`", c.name, td.family),
                    "defined",
                    at,
                    first,
                )
                .help("container names are unique within a task definition");
            }
            for (pi, pm) in c.port_mappings.iter().flatten().enumerate() {
                let pe = ce.join(&[K("portMappings"), I(pi)]);
                if let Some(name) = pm.name.as_deref() {
                    let at = self.at(&pe, &[K("name")]);
                    if let Some(first) = port_names.again(name, at) {
                        self.twice(
                            Code::SpecDuplicatePortName,
                            format!("port mapping name `{name}` is used twice in `{}`", td.family),
                            "used",
                            at,
                            first,
                        )
                        .help("port mapping names are unique within a task definition (Service Connect refers to them)");
                    }
                }
                if same_port
                    && let (Some(cp), Some(hp)) = (pm.container_port, pm.host_port)
                    && cp != hp
                {
                    let at = self.at(&pe, &[K("hostPort")]);
                    let mode = if matches!(td.network_mode, Some(NetworkMode::Host)) {
                        "host"
                    } else {
                        "awsvpc"
                    };
                    self.error(
                        Code::SpecHostPort,
                        format!("under `{mode}` networking hostPort must equal containerPort ({cp}), not {hp}"),
                        at,
                        "differs from containerPort",
                    )
                    .help(format!("remove `hostPort` (it defaults to the container port) or set it to {cp}"));
                }
            }
            for (di, dep) in c.depends_on.iter().flatten().enumerate() {
                if !known.contains(&dep.container_name.as_str()) {
                    let at = self.at(&ce, &[K("dependsOn"), I(di), K("containerName")]);
                    self.unresolved(
                        Ref::new(
                            Code::SpecUnknownContainer,
                            "container",
                            &dep.container_name,
                            at,
                            &known,
                        )
                        .within(format!("task definition `{}`", td.family)),
                    );
                }
            }
            for (ei, env) in c.environment.iter().flatten().enumerate() {
                if let Some(name) = env.name.as_deref()
                    && looks_secret(name)
                {
                    let at = self.at(&ce, &[K("environment"), I(ei), K("name")]);
                    self.warning(
                        Code::SpecSecretInEnvironment,
                        format!("`{name}` looks like a secret but is a plain environment variable"),
                        at,
                        "plain text in the task definition",
                    )
                    .help("plain environment values are visible to anyone who can describe the task definition; move it to `secrets` with `valueFrom` pointing at Secrets Manager or SSM Parameter Store");
                }
            }
        }
        if !td.container_definitions.is_empty()
            && td
                .container_definitions
                .iter()
                .all(|c| c.essential == Some(false))
        {
            let at = self.key_at(e, &[K("containerDefinitions")]);
            self.error(
                Code::SpecNoEssentialContainer,
                format!("task definition `{}` has no essential container", td.family),
                at,
                "every container here has `essential: false`",
            )
            .help("mark at least one container `essential: true` (the default when omitted)");
        }
        if td.container_definitions.is_empty() {
            let at = self.key_at(e, &[K("containerDefinitions")]);
            self.error(
                Code::SpecNoContainer,
                format!("task definition `{}` has no container", td.family),
                at,
                "empty",
            )
            .help("add at least one container definition");
        }
    }
}

/// Environment variable names that usually hold secrets.
fn looks_secret(name: &str) -> bool {
    const WORDS: [&str; 10] = [
        "PASSWORD",
        "PASSWD",
        "SECRET",
        "TOKEN",
        "API_KEY",
        "APIKEY",
        "PRIVATE_KEY",
        "ACCESS_KEY",
        "CREDENTIAL",
        "AUTH_KEY",
    ];
    let upper = name.to_ascii_uppercase();
    WORDS.iter().any(|w| upper.contains(w))
}
/// The parameters of a task definition that Fargate does not take, as (path, what):
/// "The following task definition parameters are not valid in Fargate tasks:
/// disableNetworking, dnsSearchDomains, dnsServers, dockerSecurityOptions, extraHosts,
/// gpu, ipcMode, links, placementConstraints, privileged, maxSwap, swappiness"; of
/// `linuxParameters`, "the devices, sharedMemorySize, and tmpfs parameters are not
/// supported"; "the dockerVolumeConfiguration parameter is not supported" (ECS developer
/// guide, "Amazon ECS task definition differences for Fargate").
fn fargate_unsupported(td: &TaskDefinition) -> Vec<(Vec<Seg>, String)> {
    let mut out = Vec::new();
    if td.ipc_mode.is_some() {
        out.push((vec![K("ipcMode")], "`ipcMode`".to_owned()));
    }
    if td
        .placement_constraints
        .as_ref()
        .is_some_and(|p| !p.is_empty())
    {
        out.push((
            vec![K("placementConstraints")],
            "task definition `placementConstraints`".to_owned(),
        ));
    }
    for (v, volume) in td.volumes.iter().flatten().enumerate() {
        if volume.docker_volume_configuration.is_some() {
            out.push((
                vec![K("volumes"), I(v), K("dockerVolumeConfiguration")],
                "docker volumes (`dockerVolumeConfiguration`)".to_owned(),
            ));
        }
    }
    for (i, c) in td.container_definitions.iter().enumerate() {
        let at = |k: &'static str| vec![K("containerDefinitions"), I(i), K(k)];
        let non_empty = |v: &Option<Vec<String>>| v.as_ref().is_some_and(|l| !l.is_empty());
        let mut flag = |present: bool, key: &'static str| {
            if present {
                out.push((at(key), format!("`{key}` (container `{}`)", c.name)));
            }
        };
        flag(c.disable_networking.is_some(), "disableNetworking");
        flag(non_empty(&c.dns_search_domains), "dnsSearchDomains");
        flag(non_empty(&c.dns_servers), "dnsServers");
        flag(
            non_empty(&c.docker_security_options),
            "dockerSecurityOptions",
        );
        flag(
            c.extra_hosts.as_ref().is_some_and(|h| !h.is_empty()),
            "extraHosts",
        );
        flag(non_empty(&c.links), "links");
        flag(c.privileged == Some(true), "privileged");
        let gpu = c.resource_requirements.iter().flatten().any(|r| {
            serde_json::to_value(r)
                .ok()
                .and_then(|v| v.get("type").and_then(|t| t.as_str().map(str::to_owned)))
                .as_deref()
                == Some("GPU")
        });
        flag(gpu, "resourceRequirements");
        if let Some(lp) = &c.linux_parameters {
            let at =
                |k: &'static str| vec![K("containerDefinitions"), I(i), K("linuxParameters"), K(k)];
            for (present, key) in [
                (lp.max_swap.is_some(), "maxSwap"),
                (lp.swappiness.is_some(), "swappiness"),
                (
                    lp.devices.as_ref().is_some_and(|d| !d.is_empty()),
                    "devices",
                ),
                (lp.shared_memory_size.is_some(), "sharedMemorySize"),
                (lp.tmpfs.as_ref().is_some_and(|t| !t.is_empty()), "tmpfs"),
            ] {
                if present {
                    out.push((
                        at(key),
                        format!("`linuxParameters.{key}` (container `{}`)", c.name),
                    ));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::looks_secret;

    #[test]
    fn secret_names() {
        assert!(looks_secret("DB_PASSWORD"));
        assert!(looks_secret("github_token"));
        assert!(looks_secret("STRIPE_API_KEY"));
        assert!(!looks_secret("RETAIL_UI_BANNER"));
        assert!(!looks_secret("ENDPOINTS_CATALOG"));
    }
}
