//! Semantic checks of a merged, structurally valid stack: what AWS would reject (or what
//! would surprise an ECS user), found before any AWS call, each at the exact value.

use std::collections::{BTreeMap, BTreeSet};

use crate::load::{Origin, Origins};
use crate::problem::{FileId, Problem, closest};
use crate::raw::{Node, Span};
use crate::refs::task_definition_family;
use crate::types::{
    Action, Compatibility, LaunchType, NetworkMode, PolicyType, PredefinedMetricType,
    SchedulingStrategy, Service, StackFile, TargetGroupTargetType, TaskDefinition,
};
use crate::units;

mod ownership;
mod ranges;

/// A step of a path inside a resource's YAML node.
#[derive(Debug, Clone, Copy)]
enum Seg<'a> {
    K(&'a str),
    I(usize),
}
use Seg::{I, K};

/// Runs every check; returns the problems found.
pub(crate) fn check(
    spec: &StackFile,
    origins: &Origins,
    roots: &[Option<&Node>],
    texts: &[&str],
    unknown: &BTreeSet<String>,
) -> Vec<Problem> {
    let mut families = std::collections::HashMap::new();
    for (i, td) in spec.task_definitions.iter().enumerate() {
        families.entry(td.family.as_str()).or_insert(i);
    }
    let mut c = Checker {
        spec,
        origins,
        roots,
        texts,
        unknown,
        families,
        problems: Vec::new(),
    };
    c.stack_name();
    c.names();
    c.uniqueness();
    c.task_definitions();
    c.services();
    c.load_balancing();
    c.ranges();
    c.ownership();
    c.problems
}

struct Checker<'a> {
    spec: &'a StackFile,
    origins: &'a Origins,
    roots: &'a [Option<&'a Node>],
    texts: &'a [&'a str],
    /// The strings holding a variable that is not set, as written: their value is unknown.
    unknown: &'a BTreeSet<String>,
    /// The index of the first task definition of each family: looked up for every
    /// service (a linear search each was quadratic over tens of thousands of entries).
    families: std::collections::HashMap<&'a str, usize>,
    problems: Vec<Problem>,
}

/// The place of a value: file and bytes.
type Place = (FileId, Span);

impl<'a> Checker<'a> {
    // ---- locating values -------------------------------------------------------------

    fn root(&self, file: FileId) -> Option<&'a Node> {
        self.roots.get(file).copied().flatten()
    }

    /// The value at `path` inside entry `o` of the top-level list `list`; the deepest
    /// part of the path that exists when the whole does not (a defaulted value).
    fn at(&self, list: &str, o: Origin, path: &[Seg<'_>]) -> Place {
        self.locate(list, o, path, false)
    }

    /// Like [`Self::at`], but the key of the last step rather than its value.
    fn key_at(&self, list: &str, o: Origin, path: &[Seg<'_>]) -> Place {
        self.locate(list, o, path, true)
    }

    fn locate(&self, list: &str, o: Origin, path: &[Seg<'_>], want_key: bool) -> Place {
        let Some(root) = self.root(o.file) else {
            return (o.file, Span::default());
        };
        let Some(entry) = root.get(list).and_then(|e| e.value.index(o.index)) else {
            return (o.file, root.get(list).map_or(root.span, |e| e.key_span));
        };
        let mut node = entry;
        let mut span = first_key_span(entry);
        for (i, seg) in path.iter().enumerate() {
            let last = i + 1 == path.len();
            match seg {
                K(k) => match node.get(k) {
                    Some(e) => {
                        span = if last && want_key {
                            e.key_span
                        } else {
                            e.value.span
                        };
                        node = &e.value;
                    }
                    None => break,
                },
                I(n) => match node.index(*n) {
                    Some(child) => {
                        span = first_key_span(child);
                        if last {
                            span = child.span;
                        }
                        node = child;
                    }
                    None => break,
                },
            }
        }
        (o.file, span)
    }

    /// The key of a top-level singleton (`stack`, `cluster`) and a path below it.
    fn top(&self, file: FileId, key: &str, path: &[&str]) -> Place {
        let Some(root) = self.root(file) else {
            return (file, Span::default());
        };
        let Some(entry) = root.get(key) else {
            return (file, first_key_span(root));
        };
        let mut span = entry.key_span;
        let mut node = &entry.value;
        for k in path {
            match node.get(k) {
                Some(e) => {
                    span = e.value.span;
                    node = &e.value;
                }
                None => break,
            }
        }
        (file, span)
    }

    fn text(&self, (file, span): Place) -> &'a str {
        self.texts
            .get(file)
            .and_then(|t| t.get(span.start..span.end()))
            .unwrap_or_default()
    }

    // ---- recording ---------------------------------------------------------------------

    fn error(
        &mut self,
        code: &'static str,
        message: String,
        at: Place,
        label: &str,
    ) -> &mut Problem {
        self.problems
            .push(Problem::error(code, message, at.0, at.1, label));
        self.last()
    }

    fn warning(
        &mut self,
        code: &'static str,
        message: String,
        at: Place,
        label: &str,
    ) -> &mut Problem {
        self.problems
            .push(Problem::warning(code, message, at.0, at.1, label));
        self.last()
    }

    fn last(&mut self) -> &mut Problem {
        let n = self.problems.len() - 1;
        &mut self.problems[n]
    }

    fn origin(list: &[Origin], i: usize) -> Origin {
        list.get(i).copied().unwrap_or(Origin { file: 0, index: i })
    }

    // ---- lookups -----------------------------------------------------------------------

    /// The stack's task definition a service runs, when it names one of the stack's
    /// families (`family` or `family:revision`); `None` for ARNs and unknown families.
    fn task_def_of(&self, svc: &Service) -> Option<(usize, &'a TaskDefinition)> {
        let r = &svc.task_definition;
        if r.starts_with("arn:") {
            return None;
        }
        let family = task_definition_family(r);
        let i = *self.families.get(family)?;
        self.spec.task_definitions.get(i).map(|td| (i, td))
    }

    fn cluster_default_namespace(&self) -> Option<&'a str> {
        self.spec
            .cluster
            .as_ref()
            .and_then(|c| c.service_connect_defaults.as_ref())
            .map(|d| d.namespace.as_str())
    }

    fn target_group_names(&self) -> Vec<&'a str> {
        self.spec
            .target_groups
            .iter()
            .map(|t| t.name.as_str())
            .collect()
    }

    /// An unknown reference: the error, with "did you mean" among the stack's names and
    /// the help to use an ARN for things outside the stack.
    #[allow(clippy::too_many_arguments)]
    fn unknown_ref(
        &mut self,
        code: &'static str,
        what: &str,
        name: &str,
        at: Place,
        known: &[&str],
        outside: Option<&str>,
    ) {
        self.unknown_ref_in(code, what, name, at, known, outside, "this stack");
    }

    /// [`Self::unknown_ref`] within a narrower scope ("task definition `web`").
    #[allow(clippy::too_many_arguments)]
    fn unknown_ref_in(
        &mut self,
        code: &'static str,
        what: &str,
        name: &str,
        at: Place,
        known: &[&str],
        outside: Option<&str>,
        scope: &str,
    ) {
        // A name of the stack holding an unset variable may be the one meant: whether
        // the reference resolves waits for the variable.
        if known.iter().any(|k| self.unknown.contains(*k)) {
            return;
        }
        let mut help = match closest(name, known.iter().copied()) {
            Some(c) => format!("did you mean `{c}`?"),
            None if known.is_empty() => format!("{scope} defines no {what}"),
            None => format!("{what}s in {scope}: {}", known.join(", ")),
        };
        if let Some(outside) = outside {
            help.push_str(&format!(" ({outside})"));
        }
        self.error(
            code,
            format!("no {what} named `{name}` in {scope}"),
            at,
            &format!("unknown {what}"),
        )
        .help = Some(help);
    }

    // ---- checks ------------------------------------------------------------------------

    fn stack_name(&mut self) {
        match (&self.spec.stack, self.origins.stack) {
            (Some(name), Some(file)) => {
                if !valid_name(name, 128, false) {
                    let at = self.top(file, "stack", &[]);
                    let at = self
                        .root(file)
                        .and_then(|r| r.get("stack"))
                        .map_or(at, |e| (file, e.value.span));
                    self.error(
                        crate::Code::SpecInvalidName.as_str(),
                        format!("stack name `{name}` is not valid"),
                        at,
                        "invalid stack name",
                    )
                    .help = Some("use 1-128 letters, digits, hyphens and underscores".into());
                }
            }
            _ => {
                let at = self.top(0, "stack", &[]);
                self.error(
                    crate::Code::SpecMissingStack.as_str(),
                    "the stack has no name: `stack:` is missing".into(),
                    at,
                    "add `stack: <name>` to one file",
                )
                .help = Some(
                    "the name is written into the `ecsform:stack` tag of every resource ecsform creates, and only resources carrying it are ever deleted".into(),
                );
            }
        }
    }

    /// Records an invalid name at `at`.
    fn invalid_name(&mut self, what: &str, name: &str, at: Place, rule: &str) {
        self.error(
            crate::Code::SpecInvalidName.as_str(),
            format!("{what} `{name}` is not valid"),
            at,
            &format!(
                "invalid {}",
                what.strip_prefix("task definition ").unwrap_or(what)
            ),
        )
        .help = Some(rule.to_owned());
    }

    fn names(&mut self) {
        let ecs_rule = "use 1-255 letters, digits, hyphens and underscores";
        let elb_rule = "use 1-32 letters, digits and hyphens, not starting or ending with a hyphen";
        let lb_rule = format!("{elb_rule}, and not starting with `internal-`");
        if let (Some(c), Some(file)) = (&self.spec.cluster, self.origins.cluster)
            && !valid_name(&c.cluster_name, 255, false)
        {
            let at = self.top(file, "cluster", &["clusterName"]);
            self.invalid_name("cluster name", &c.cluster_name, at, ecs_rule);
        }
        for (i, td) in self.spec.task_definitions.iter().enumerate() {
            let o = Self::origin(&self.origins.task_definitions, i);
            if !valid_name(&td.family, 255, false) {
                let at = self.at("taskDefinitions", o, &[K("family")]);
                self.invalid_name("task definition family", &td.family, at, ecs_rule);
            }
            for (ci, c) in td.container_definitions.iter().enumerate() {
                if !valid_name(&c.name, 255, false) {
                    let at = self.at(
                        "taskDefinitions",
                        o,
                        &[K("containerDefinitions"), I(ci), K("name")],
                    );
                    self.invalid_name("container name", &c.name, at, ecs_rule);
                }
            }
        }
        let spec = self.spec;
        // (what, list key, name key, (name, valid) per entry, origins, rule)
        type NameGroup<'n> = (
            &'static str,
            &'static str,
            &'static str,
            Vec<(&'n str, bool)>,
            &'n [Origin],
            &'n str,
        );
        let simple: [NameGroup<'_>; 3] = [
            (
                "service name",
                "services",
                "serviceName",
                spec.services
                    .iter()
                    .map(|s| {
                        (
                            s.service_name.as_str(),
                            valid_name(&s.service_name, 255, false),
                        )
                    })
                    .collect(),
                &self.origins.services,
                ecs_rule,
            ),
            (
                "target group name",
                "targetGroups",
                "name",
                spec.target_groups
                    .iter()
                    .map(|t| (t.name.as_str(), valid_name(&t.name, 32, true)))
                    .collect(),
                &self.origins.target_groups,
                elb_rule,
            ),
            (
                "load balancer name",
                "loadBalancers",
                "name",
                spec.load_balancers
                    .iter()
                    .map(|l| {
                        (
                            l.name.as_str(),
                            valid_name(&l.name, 32, true) && !l.name.starts_with("internal-"),
                        )
                    })
                    .collect(),
                &self.origins.load_balancers,
                &lb_rule,
            ),
        ];
        for (what, list, key, names, origins, rule) in simple {
            for (i, (name, ok)) in names.into_iter().enumerate() {
                if !ok {
                    let at = self.at(list, Self::origin(origins, i), &[K(key)]);
                    self.invalid_name(what, name, at, rule);
                }
            }
        }
        for (i, ns) in self.spec.namespaces.iter().enumerate() {
            let dns = !matches!(ns.namespace_type, crate::types::NamespaceType::Http);
            let ok = if dns {
                valid_domain(&ns.name)
            } else {
                !ns.name.is_empty()
                    && ns.name.len() <= 1024
                    && ns.name.chars().all(|c| c.is_ascii_graphic())
            };
            if !ok {
                let at = self.at(
                    "namespaces",
                    Self::origin(&self.origins.namespaces, i),
                    &[K("name")],
                );
                let rule = if dns {
                    "a DNS namespace is a domain name: labels of letters, digits and hyphens separated by dots, at most 253 characters"
                } else {
                    "an HTTP namespace name is 1-1024 printable characters without spaces"
                };
                self.invalid_name("namespace name", &ns.name, at, rule);
            }
            let o = Self::origin(&self.origins.namespaces, i);
            match (&ns.namespace_type, &ns.vpc) {
                (crate::types::NamespaceType::DnsPrivate, None) => {
                    let at = self.key_at("namespaces", o, &[K("type")]);
                    self.error(
                        crate::Code::SpecNamespaceVpc.as_str(),
                        format!("private DNS namespace `{}` needs `vpc`", ns.name),
                        at,
                        "DNS_PRIVATE needs a VPC",
                    )
                    .help = Some("add `vpc: ${VPC_ID}`".into());
                }
                (
                    crate::types::NamespaceType::Http | crate::types::NamespaceType::DnsPublic,
                    Some(_),
                ) => {
                    let at = self.key_at("namespaces", o, &[K("vpc")]);
                    self.error(
                        crate::Code::SpecNamespaceVpc.as_str(),
                        format!(
                            "namespace `{}` is not private DNS: `vpc` does not apply",
                            ns.name
                        ),
                        at,
                        "only DNS_PRIVATE takes a VPC",
                    )
                    .help = Some("remove `vpc`, or make the namespace `type: DNS_PRIVATE`".into());
                }
                _ => {}
            }
        }
    }

    /// Names unique per kind, across all files.
    fn uniqueness(&mut self) {
        let spec = self.spec;
        let o = self.origins;
        // (what, list key, name key, names, origins)
        type Group<'o> = (
            &'static str,
            &'static str,
            &'static str,
            Vec<String>,
            &'o [Origin],
        );
        let groups: [Group<'_>; 7] = [
            (
                "namespace",
                "namespaces",
                "name",
                spec.namespaces.iter().map(|x| x.name.clone()).collect(),
                &o.namespaces,
            ),
            (
                "task definition family",
                "taskDefinitions",
                "family",
                spec.task_definitions
                    .iter()
                    .map(|x| x.family.clone())
                    .collect(),
                &o.task_definitions,
            ),
            (
                "service name",
                "services",
                "serviceName",
                spec.services
                    .iter()
                    .map(|x| x.service_name.clone())
                    .collect(),
                &o.services,
            ),
            (
                "load balancer name",
                "loadBalancers",
                "name",
                spec.load_balancers.iter().map(|x| x.name.clone()).collect(),
                &o.load_balancers,
            ),
            (
                "target group name",
                "targetGroups",
                "name",
                spec.target_groups.iter().map(|x| x.name.clone()).collect(),
                &o.target_groups,
            ),
            (
                "listener",
                "listeners",
                "port",
                spec.listeners
                    .iter()
                    .map(|x| format!("{}:{}", x.load_balancer, x.port))
                    .collect(),
                &o.listeners,
            ),
            (
                "listener rule",
                "listenerRules",
                "priority",
                spec.listener_rules
                    .iter()
                    .map(|x| format!("{}/{}", x.listener, x.priority))
                    .collect(),
                &o.listener_rules,
            ),
        ];
        for (what, list, key, names, origins) in groups {
            let mut first: BTreeMap<&str, usize> = BTreeMap::new();
            for (i, name) in names.iter().enumerate() {
                match first.get(name.as_str()) {
                    Some(&j) => {
                        let again = self.at(list, Self::origin(origins, i), &[K(key)]);
                        let before = self.at(list, Self::origin(origins, j), &[K(key)]);
                        self.error(
                            crate::Code::SpecDefinedTwice.as_str(),
                            format!("{what} `{name}` is defined twice"),
                            again,
                            "defined again here",
                        )
                        .with_label_mut(before, "first defined here")
                        .help = Some(format!(
                            "each {what} is defined once per stack; remove or rename one"
                        ));
                    }
                    None => {
                        first.insert(name, i);
                    }
                }
            }
        }
    }

    fn task_definitions(&mut self) {
        // The first Fargate service of each of the stack's task definitions: AWS computes
        // a task definition's `compatibilities`, so one that does not ask for FARGATE
        // runs on Fargate when it meets Fargate's requirements (AWS's own Service Connect
        // tutorial registers one so); it is checked against them as if it asked.
        let mut run_by_fargate: BTreeMap<usize, (Origin, &'static [Seg<'static>], &'static str)> =
            BTreeMap::new();
        for (i, svc) in self.spec.services.iter().enumerate() {
            if let (Some((ti, _)), Some((path, why))) =
                (self.task_def_of(svc), self.is_fargate(svc))
            {
                let o = Self::origin(&self.origins.services, i);
                run_by_fargate.entry(ti).or_insert((o, path, why));
            }
        }
        for (i, td) in self.spec.task_definitions.iter().enumerate() {
            let o = Self::origin(&self.origins.task_definitions, i);
            let requires = td
                .requires_compatibilities
                .iter()
                .flatten()
                .any(|c| matches!(c, Compatibility::Fargate));
            let cpu = td.cpu.as_deref().map(|s| (s, units::cpu_units(s)));
            let mem = td.memory.as_deref().map(|s| (s, units::memory_mib(s)));
            if let Some((_, Err(e))) = &cpu {
                let at = self.at("taskDefinitions", o, &[K("cpu")]);
                self.error(
                    crate::Code::SpecInvalidCpu.as_str(),
                    e.clone(),
                    at,
                    "not a CPU amount",
                )
                .help = Some("write CPU units (`1024`) or vCPUs (`1 vCPU`)".into());
            }
            if let Some((_, Err(e))) = &mem {
                let at = self.at("taskDefinitions", o, &[K("memory")]);
                self.error(
                    crate::Code::SpecInvalidMemory.as_str(),
                    e.clone(),
                    at,
                    "not a memory amount",
                )
                .help = Some("write MiB (`2048`) or GB (`2 GB`)".into());
            }
            let fargate = if requires {
                Some((
                    self.fargate_item_place(o, td),
                    "Fargate required here".to_owned(),
                ))
            } else {
                run_by_fargate.get(&i).map(|(so, path, why)| {
                    (
                        self.at("services", *so, path),
                        format!("runs on Fargate here ({why})"),
                    )
                })
            };
            if let Some((fargate_at, label)) = fargate {
                self.fargate_requirements(o, td, &cpu, &mem, fargate_at, &label);
            }
            self.containers(o, td);
        }
    }

    /// What Fargate requires of a task definition ("Amazon ECS task definition differences
    /// for Fargate", ECS developer guide): `awsvpc` networking, task-level CPU and memory
    /// in one of Fargate's sizes, and none of the parameters Fargate does not take.
    fn fargate_requirements(
        &mut self,
        o: Origin,
        td: &TaskDefinition,
        cpu: &Option<(&str, Result<u32, String>)>,
        mem: &Option<(&str, Result<u32, String>)>,
        fargate_at: Place,
        fargate_label: &str,
    ) {
        let mode = td.network_mode;
        if mode != Some(NetworkMode::Awsvpc) {
            let at = if mode.is_some() {
                self.at("taskDefinitions", o, &[K("networkMode")])
            } else {
                self.key_at("taskDefinitions", o, &[K("family")])
            };
            let shown = mode.map_or_else(
                || "bridge (the default)".to_owned(),
                |m| format!("`{}`", wire(&m)),
            );
            self.error(
                crate::Code::SpecFargateNetworkMode.as_str(),
                format!(
                    "Fargate requires `networkMode: awsvpc`, this task definition uses {shown}"
                ),
                at,
                "not awsvpc",
            )
            .with_label_mut(fargate_at, fargate_label)
            .help = Some("set `networkMode: awsvpc`".into());
        }
        match (cpu, mem) {
            (Some((_, Ok(c))), Some((_, Ok(m)))) => match units::fargate_memory_options(*c) {
                None => {
                    let at = self.at("taskDefinitions", o, &[K("cpu")]);
                    self.error(
                        crate::Code::SpecFargateCpuMemory.as_str(),
                        format!("Fargate offers no task size of {c} CPU units"),
                        at,
                        "not a Fargate CPU size",
                    )
                    .with_label_mut(fargate_at, fargate_label)
                    .help = Some(format!("Fargate CPU sizes: {}", join(&units::FARGATE_CPU)));
                }
                Some(options) if !options.contains(m) => {
                    let at = self.at("taskDefinitions", o, &[K("memory")]);
                    let cpu_at = self.at("taskDefinitions", o, &[K("cpu")]);
                    self.error(
                        crate::Code::SpecFargateCpuMemory.as_str(),
                        format!("Fargate does not combine {c} CPU units with {m} MiB of memory"),
                        at,
                        "not valid with this cpu",
                    )
                    .with_label_mut(cpu_at, "cpu set here")
                    .help = Some(format!(
                        "with {c} CPU units, memory is one of: {} (MiB)",
                        join(&options)
                    ));
                }
                Some(_) => {}
            },
            (None, _) | (_, None) => {
                let at = self.key_at("taskDefinitions", o, &[K("family")]);
                let missing = match (cpu, mem) {
                    (None, None) => "`cpu` and `memory`",
                    (None, _) => "`cpu`",
                    _ => "`memory`",
                };
                self.error(
                    crate::Code::SpecFargateCpuMemory.as_str(),
                    format!("a Fargate task definition needs task-level {missing}"),
                    at,
                    "this task definition",
                )
                .with_label_mut(fargate_at, fargate_label)
                .help = Some("add for example `cpu: 1 vCPU` and `memory: 2 GB`".into());
            }
            _ => {}
        }
        for (path, what) in fargate_unsupported(td) {
            let at = self.key_at("taskDefinitions", o, &path);
            self.error(
                crate::Code::SpecFargateUnsupported.as_str(),
                format!("Fargate does not take {what}"),
                at,
                "not on Fargate",
            )
            .with_label_mut(fargate_at, fargate_label)
            .help = Some(
                "remove it, or run the service on EC2 (see \"Amazon ECS task definition differences for Fargate\")"
                    .into(),
            );
        }
    }

    fn fargate_item_place(&self, o: Origin, td: &TaskDefinition) -> Place {
        let idx = td
            .requires_compatibilities
            .iter()
            .flatten()
            .position(|c| matches!(c, Compatibility::Fargate))
            .unwrap_or(0);
        self.at(
            "taskDefinitions",
            o,
            &[K("requiresCompatibilities"), I(idx)],
        )
    }

    fn containers(&mut self, o: Origin, td: &TaskDefinition) {
        let mut names: BTreeMap<&str, usize> = BTreeMap::new();
        let mut port_names: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
        let same_port = matches!(
            td.network_mode,
            Some(NetworkMode::Awsvpc | NetworkMode::Host)
        );
        for (ci, c) in td.container_definitions.iter().enumerate() {
            let cpath = [K("containerDefinitions"), I(ci)];
            if let Some(&first) = names.get(c.name.as_str()) {
                let again = self.at("taskDefinitions", o, &[cpath[0], cpath[1], K("name")]);
                let before = self.at(
                    "taskDefinitions",
                    o,
                    &[K("containerDefinitions"), I(first), K("name")],
                );
                self.error(
                    crate::Code::SpecDuplicateContainerName.as_str(),
                    format!("container `{}` is defined twice in `{}`", c.name, td.family),
                    again,
                    "defined again here",
                )
                .with_label_mut(before, "first defined here")
                .help = Some("container names are unique within a task definition".into());
            } else {
                names.insert(&c.name, ci);
            }
            for (pi, pm) in c.port_mappings.iter().flatten().enumerate() {
                let ppath = [cpath[0], cpath[1], K("portMappings"), I(pi)];
                if let Some(name) = pm.name.as_deref() {
                    if let Some(&(fc, fp)) = port_names.get(name) {
                        let again = self.at(
                            "taskDefinitions",
                            o,
                            &[ppath[0], ppath[1], ppath[2], ppath[3], K("name")],
                        );
                        let before = self.at(
                            "taskDefinitions",
                            o,
                            &[
                                K("containerDefinitions"),
                                I(fc),
                                K("portMappings"),
                                I(fp),
                                K("name"),
                            ],
                        );
                        self.error(crate::Code::SpecDuplicatePortName.as_str(), format!("port mapping name `{name}` is used twice in `{}`", td.family), again, "used again here")
                            .with_label_mut(before, "first used here")
                            .help = Some("port mapping names are unique within a task definition (Service Connect refers to them)".into());
                    } else {
                        port_names.insert(name, (ci, pi));
                    }
                }
                if same_port
                    && let (Some(cp), Some(hp)) = (pm.container_port, pm.host_port)
                    && cp != hp
                {
                    let at = self.at(
                        "taskDefinitions",
                        o,
                        &[ppath[0], ppath[1], ppath[2], ppath[3], K("hostPort")],
                    );
                    let mode = if matches!(td.network_mode, Some(NetworkMode::Host)) {
                        "host"
                    } else {
                        "awsvpc"
                    };
                    self.error(crate::Code::SpecHostPort.as_str(), format!("under `{mode}` networking hostPort must equal containerPort ({cp}), not {hp}"), at, "differs from containerPort")
                        .help = Some(format!("remove `hostPort` (it defaults to the container port) or set it to {cp}"));
                }
            }
            for (di, dep) in c.depends_on.iter().flatten().enumerate() {
                if !td
                    .container_definitions
                    .iter()
                    .any(|x| x.name == dep.container_name)
                {
                    let at = self.at(
                        "taskDefinitions",
                        o,
                        &[
                            cpath[0],
                            cpath[1],
                            K("dependsOn"),
                            I(di),
                            K("containerName"),
                        ],
                    );
                    let known: Vec<&str> = td
                        .container_definitions
                        .iter()
                        .map(|x| x.name.as_str())
                        .collect();
                    let scope = format!("task definition `{}`", td.family);
                    self.unknown_ref_in(
                        crate::Code::SpecUnknownContainer.as_str(),
                        "container",
                        &dep.container_name,
                        at,
                        &known,
                        None,
                        &scope,
                    );
                }
            }
            for (ei, env) in c.environment.iter().flatten().enumerate() {
                if let Some(name) = env.name.as_deref()
                    && looks_secret(name)
                {
                    let at = self.at(
                        "taskDefinitions",
                        o,
                        &[cpath[0], cpath[1], K("environment"), I(ei), K("name")],
                    );
                    self.warning(crate::Code::SpecSecretInEnvironment.as_str(), format!("`{name}` looks like a secret but is a plain environment variable"), at, "plain text in the task definition")
                        .help = Some("plain environment values are visible to anyone who can describe the task definition; move it to `secrets` with `valueFrom` pointing at Secrets Manager or SSM Parameter Store".into());
                }
            }
        }
        if !td.container_definitions.is_empty()
            && td
                .container_definitions
                .iter()
                .all(|c| c.essential == Some(false))
        {
            let at = self.key_at("taskDefinitions", o, &[K("containerDefinitions")]);
            self.error(
                crate::Code::SpecNoEssentialContainer.as_str(),
                format!("task definition `{}` has no essential container", td.family),
                at,
                "every container here has `essential: false`",
            )
            .help = Some(
                "mark at least one container `essential: true` (the default when omitted)".into(),
            );
        }
        if td.container_definitions.is_empty() {
            let at = self.key_at("taskDefinitions", o, &[K("containerDefinitions")]);
            self.error(
                crate::Code::SpecNoContainer.as_str(),
                format!("task definition `{}` has no container", td.family),
                at,
                "empty",
            )
            .help = Some("add at least one container definition".into());
        }
    }

    fn services(&mut self) {
        let td_names: Vec<&str> = self
            .spec
            .task_definitions
            .iter()
            .map(|t| t.family.as_str())
            .collect();
        let mut sc_discovery: BTreeMap<(String, String), Place> = BTreeMap::new();
        let mut sc_alias: BTreeMap<(String, String, i32), Place> = BTreeMap::new();
        for (i, svc) in self.spec.services.iter().enumerate() {
            let o = Self::origin(&self.origins.services, i);
            let td = self.task_def_of(svc);
            if td.is_none() && !svc.task_definition.starts_with("arn:") {
                let at = self.at("services", o, &[K("taskDefinition")]);
                let family = task_definition_family(&svc.task_definition);
                self.unknown_ref(
                    crate::Code::SpecUnknownTaskDefinition.as_str(),
                    "task definition family",
                    family,
                    at,
                    &td_names,
                    Some("a task definition outside the stack is named by its full ARN"),
                );
            }
            let td_origin = td.map(|(ti, _)| Self::origin(&self.origins.task_definitions, ti));
            let td = td.map(|(_, t)| t);

            // Launch type, capacity providers, Fargate, DAEMON.
            if svc.launch_type.is_some() && svc.capacity_provider_strategy.is_some() {
                let at = self.key_at("services", o, &[K("capacityProviderStrategy")]);
                let lt = self.key_at("services", o, &[K("launchType")]);
                self.error(
                    crate::Code::SpecLaunchTypeAndStrategy.as_str(),
                    format!(
                        "service `{}` gives both `launchType` and `capacityProviderStrategy`",
                        svc.service_name
                    ),
                    at,
                    "strategy here",
                )
                .with_label_mut(lt, "launch type here")
                .help = Some(
                    "AWS accepts one of them; keep `launchType: FARGATE` or the strategy".into(),
                );
            }
            let fargate = self.is_fargate(svc);
            let daemon = matches!(svc.scheduling_strategy, Some(SchedulingStrategy::Daemon));
            if daemon {
                let strat = self.at("services", o, &[K("schedulingStrategy")]);
                if svc.desired_count.is_some() {
                    let at = self.key_at("services", o, &[K("desiredCount")]);
                    self.error(crate::Code::SpecDaemonDesiredCount.as_str(), format!("DAEMON service `{}` has a `desiredCount`", svc.service_name), at, "not for DAEMON services")
                        .with_label_mut(strat, "DAEMON here")
                        .help = Some("a DAEMON service runs one task per container instance; remove `desiredCount`".into());
                }
                if svc.autoscaling.is_some() {
                    let at = self.key_at("services", o, &[K("autoscaling")]);
                    self.error(
                        crate::Code::SpecDaemonAutoscaling.as_str(),
                        format!("DAEMON service `{}` cannot be autoscaled", svc.service_name),
                        at,
                        "not for DAEMON services",
                    )
                    .with_label_mut(strat, "DAEMON here")
                    .help =
                        Some("remove `autoscaling`, or use `schedulingStrategy: REPLICA`".into());
                }
                if let Some(fargate_at) = fargate
                    .as_ref()
                    .map(|(p, _)| *p)
                    .map(|p| self.at("services", o, p))
                {
                    self.error(
                        crate::Code::SpecDaemonFargate.as_str(),
                        format!(
                            "DAEMON service `{}` cannot run on Fargate",
                            svc.service_name
                        ),
                        fargate_at,
                        "Fargate here",
                    )
                    .with_label_mut(strat, "DAEMON here")
                    .help = Some(
                        "DAEMON scheduling needs EC2 (or external) capacity: use `launchType: EC2`"
                            .into(),
                    );
                }
            }
            // Network configuration against the network mode.
            if let (Some(td), Some(tdo)) = (td, td_origin) {
                let awsvpc = matches!(td.network_mode, Some(NetworkMode::Awsvpc));
                let has_vpc = svc
                    .network_configuration
                    .as_ref()
                    .and_then(|n| n.awsvpc_configuration.as_ref());
                if awsvpc && has_vpc.is_none() {
                    let at = self.at("services", o, &[K("serviceName")]);
                    let mode = self.at("taskDefinitions", tdo, &[K("networkMode")]);
                    self.error(crate::Code::SpecMissingNetworkConfiguration.as_str(), format!("service `{}` needs `networkConfiguration.awsvpcConfiguration`", svc.service_name), at, "this service")
                        .with_label_mut(mode, "its task definition uses awsvpc")
                        .help = Some("add `networkConfiguration: {awsvpcConfiguration: {subnets: [...], securityGroups: [...]}}`".into());
                }
                if let Some(v) = has_vpc {
                    if !awsvpc {
                        let at = self.key_at("services", o, &[K("networkConfiguration")]);
                        let mode = if td.network_mode.is_some() {
                            self.at("taskDefinitions", tdo, &[K("networkMode")])
                        } else {
                            self.key_at("taskDefinitions", tdo, &[K("family")])
                        };
                        self.error(crate::Code::SpecNetworkConfigurationNotAwsvpc.as_str(), format!("service `{}` has an awsvpc network configuration, but its task definition does not use awsvpc", svc.service_name), at, "only for awsvpc")
                            .with_label_mut(mode, "network mode set here")
                            .help = Some("remove `networkConfiguration`, or use `networkMode: awsvpc`".into());
                    } else if v.subnets.is_empty() {
                        let at = self.at(
                            "services",
                            o,
                            &[
                                K("networkConfiguration"),
                                K("awsvpcConfiguration"),
                                K("subnets"),
                            ],
                        );
                        self.error(
                            crate::Code::SpecNoSubnets.as_str(),
                            format!("service `{}` lists no subnets", svc.service_name),
                            at,
                            "empty",
                        )
                        .help = Some("give at least one subnet (up to 16)".into());
                    }
                }
            }

            self.service_load_balancers(o, svc, td, td_origin);
            self.service_connect(o, svc, td, td_origin, &mut sc_discovery, &mut sc_alias);
            self.autoscaling(o, svc, daemon);
        }
    }

    /// Where the service's Fargate-ness comes from (a path to label, a reason).
    fn is_fargate(&self, svc: &Service) -> Option<(&'static [Seg<'static>], &'static str)> {
        const LT: &[Seg<'static>] = &[K("launchType")];
        const CP: &[Seg<'static>] = &[K("capacityProviderStrategy")];
        if matches!(svc.launch_type, Some(LaunchType::Fargate)) {
            return Some((LT, "launchType FARGATE"));
        }
        let fargate_cp = |items: &[crate::types::CapacityProviderStrategyItem]| {
            items
                .iter()
                .any(|i| i.capacity_provider == "FARGATE" || i.capacity_provider == "FARGATE_SPOT")
        };
        if let Some(cp) = &svc.capacity_provider_strategy {
            return fargate_cp(cp).then_some((CP, "a FARGATE capacity provider"));
        }
        if svc.launch_type.is_none()
            && let Some(cp) = self
                .spec
                .cluster
                .as_ref()
                .and_then(|c| c.default_capacity_provider_strategy.as_ref())
            && fargate_cp(cp)
        {
            return Some((
                &[K("serviceName")],
                "the cluster's default capacity provider strategy",
            ));
        }
        None
    }

    fn service_load_balancers(
        &mut self,
        o: Origin,
        svc: &Service,
        td: Option<&TaskDefinition>,
        tdo: Option<Origin>,
    ) {
        let tg_names = self.target_group_names();
        let attached = self.target_groups_on_listeners();
        let unresolved_on_listeners = self.unresolved_action_target_groups();
        for (li, lb) in svc.load_balancers.iter().flatten().enumerate() {
            let base = [K("loadBalancers"), I(li)];
            let given = [
                lb.target_group.is_some(),
                lb.target_group_arn.is_some(),
                lb.load_balancer_name.is_some(),
            ]
            .iter()
            .filter(|b| **b)
            .count();
            if given != 1 {
                let at = self.at("services", o, &base);
                let msg = if given == 0 {
                    "names no target group"
                } else {
                    "names more than one target"
                };
                self.error(crate::Code::SpecLoadBalancerTarget.as_str(), format!("load balancer entry of service `{}` {msg}", svc.service_name), at, "this entry")
                    .help = Some("give exactly one of `targetGroup` (a target group of this stack), `targetGroupArn`, or `loadBalancerName` (Classic Load Balancer)".into());
            }
            if let Some(name) = &lb.target_group {
                let at = self.at("services", o, &[base[0], base[1], K("targetGroup")]);
                match self.spec.target_groups.iter().position(|t| &t.name == name) {
                    None => self.unknown_ref(
                        crate::Code::SpecUnknownTargetGroup.as_str(),
                        "target group",
                        name,
                        at,
                        &tg_names,
                        Some("a target group outside the stack is given as `targetGroupArn`"),
                    ),
                    Some(ti) => {
                        if !attached.contains(name.as_str())
                            && !may_mean(&unresolved_on_listeners, &tg_names, name)
                        {
                            let def = self.at(
                                "targetGroups",
                                Self::origin(&self.origins.target_groups, ti),
                                &[K("name")],
                            );
                            self.error(crate::Code::SpecTargetGroupNotOnListener.as_str(), format!("target group `{name}` is used by service `{}` but no listener or rule forwards to it", svc.service_name), at, "used here")
                                .with_label_mut(def, "defined here")
                                .help = Some("ECS refuses a target group that is not attached to a load balancer: add a listener (or rule) whose action forwards to it".into());
                        }
                        if let Some(td) = td {
                            let tg = &self.spec.target_groups[ti];
                            let awsvpc = matches!(td.network_mode, Some(NetworkMode::Awsvpc));
                            let tt = tg.target_type.unwrap_or(TargetGroupTargetType::Instance);
                            let wanted = if awsvpc {
                                TargetGroupTargetType::Ip
                            } else {
                                TargetGroupTargetType::Instance
                            };
                            if tt != wanted
                                && matches!(
                                    tt,
                                    TargetGroupTargetType::Ip | TargetGroupTargetType::Instance
                                )
                            {
                                let tgo = Self::origin(&self.origins.target_groups, ti);
                                let tt_at = if tg.target_type.is_some() {
                                    self.at("targetGroups", tgo, &[K("targetType")])
                                } else {
                                    self.key_at("targetGroups", tgo, &[K("name")])
                                };
                                let (want, why) = if awsvpc {
                                    ("ip", "awsvpc tasks register by IP address")
                                } else {
                                    (
                                        "instance",
                                        "bridge and host tasks register by instance and port",
                                    )
                                };
                                self.error(crate::Code::SpecTargetType.as_str(), format!("target group `{name}` must have `targetType: {want}` for service `{}`: {why}", svc.service_name), tt_at, if tg.target_type.is_some() { "target type" } else { "defaults to instance" })
                                    .with_label_mut(at, "used here")
                                    .help = Some(format!("set `targetType: {want}` on the target group (this replaces it)"));
                            }
                        }
                    }
                }
            }
            if lb.container_name.is_none() || lb.container_port.is_none() {
                let at = self.at("services", o, &base);
                self.error(crate::Code::SpecLoadBalancerContainer.as_str(), format!("load balancer entry of service `{}` needs `containerName` and `containerPort`", svc.service_name), at, "this entry")
                    .help = Some("name the container and the port the target group sends traffic to".into());
            }
            if let (Some(td), Some(tdo), Some(cname)) = (td, tdo, &lb.container_name) {
                self.container_port_ref(o, &[base[0], base[1]], td, tdo, cname, lb.container_port);
            }
        }
        for (ri, reg) in svc.service_registries.iter().flatten().enumerate() {
            if let (Some(td), Some(tdo), Some(cname)) = (td, tdo, &reg.container_name) {
                self.container_port_ref(
                    o,
                    &[K("serviceRegistries"), I(ri)],
                    td,
                    tdo,
                    cname,
                    reg.container_port,
                );
            }
        }
    }

    /// `containerName`/`containerPort` of a service entry exist in the task definition.
    fn container_port_ref(
        &mut self,
        o: Origin,
        base: &[Seg<'_>],
        td: &TaskDefinition,
        tdo: Origin,
        cname: &str,
        port: Option<i32>,
    ) {
        let mut path = base.to_vec();
        path.push(K("containerName"));
        let def = self.key_at("taskDefinitions", tdo, &[K("family")]);
        match td.container_definitions.iter().find(|c| c.name == cname) {
            None => {
                let at = self.at("services", o, &path);
                let known: Vec<&str> = td
                    .container_definitions
                    .iter()
                    .map(|c| c.name.as_str())
                    .collect();
                let scope = format!("task definition `{}`", td.family);
                self.unknown_ref_in(
                    crate::Code::SpecUnknownContainer.as_str(),
                    "container",
                    cname,
                    at,
                    &known,
                    None,
                    &scope,
                );
                self.last()
                    .with_label_mut(def, "task definition defined here");
            }
            Some(c) => {
                if let Some(port) = port {
                    let ports: Vec<i32> = c
                        .port_mappings
                        .iter()
                        .flatten()
                        .filter_map(|p| p.container_port)
                        .collect();
                    if !ports.contains(&port) {
                        path.pop();
                        path.push(K("containerPort"));
                        let at = self.at("services", o, &path);
                        let list = if ports.is_empty() {
                            "none".to_owned()
                        } else {
                            join(&ports)
                        };
                        self.error(
                            crate::Code::SpecUnknownContainerPort.as_str(),
                            format!("container `{cname}` of `{}` maps no port {port}", td.family),
                            at,
                            "not a container port",
                        )
                        .with_label_mut(def, "task definition defined here")
                        .help = Some(format!("container ports of `{cname}`: {list}"));
                    }
                }
            }
        }
    }

    fn service_connect(
        &mut self,
        o: Origin,
        svc: &Service,
        td: Option<&TaskDefinition>,
        tdo: Option<Origin>,
        discovery: &mut BTreeMap<(String, String), Place>,
        aliases: &mut BTreeMap<(String, String, i32), Place>,
    ) {
        let Some(sc) = &svc.service_connect_configuration else {
            return;
        };
        if !sc.enabled {
            return;
        }
        let default_ns = self.cluster_default_namespace();
        let ns = match (sc.namespace.as_deref(), default_ns) {
            (Some(ns), _) => {
                let known: Vec<&str> = self
                    .spec
                    .namespaces
                    .iter()
                    .map(|n| n.name.as_str())
                    .chain(default_ns)
                    .collect();
                if !ns.starts_with("arn:") && !known.contains(&ns) {
                    let at = self.at(
                        "services",
                        o,
                        &[K("serviceConnectConfiguration"), K("namespace")],
                    );
                    self.unknown_ref(
                        crate::Code::SpecUnknownNamespace.as_str(),
                        "namespace",
                        ns,
                        at,
                        &known,
                        Some("a namespace outside the stack is given by its ARN"),
                    );
                }
                ns
            }
            (None, Some(d)) => d,
            (None, None) => {
                let at = self.key_at("services", o, &[K("serviceConnectConfiguration")]);
                self.error(
                    crate::Code::SpecServiceConnectNamespace.as_str(),
                    format!(
                        "Service Connect of service `{}` has no namespace",
                        svc.service_name
                    ),
                    at,
                    "no namespace here or on the cluster",
                )
                .help = Some(
                    "set `namespace:` here, or the cluster's `serviceConnectDefaults.namespace`"
                        .into(),
                );
                return;
            }
        };
        let ns_short = ns.to_owned();
        for (si, s) in sc.services.iter().flatten().enumerate() {
            let base = [K("serviceConnectConfiguration"), K("services"), I(si)];
            if let (Some(td), Some(tdo)) = (td, tdo) {
                let port_names: Vec<&str> = td
                    .container_definitions
                    .iter()
                    .flat_map(|c| c.port_mappings.iter().flatten())
                    .filter_map(|p| p.name.as_deref())
                    .collect();
                if !port_names.contains(&s.port_name.as_str())
                    && !port_names.iter().any(|n| self.unknown.contains(*n))
                {
                    let at = self.at("services", o, &[base[0], base[1], base[2], K("portName")]);
                    let def = self.key_at("taskDefinitions", tdo, &[K("family")]);
                    let help = match closest(&s.port_name, port_names.iter().copied()) {
                        Some(c) => format!("did you mean `{c}`?"),
                        None if port_names.is_empty() => format!(
                            "task definition `{}` names no port mapping: add `name:` to the port mapping Service Connect should use",
                            td.family
                        ),
                        None => {
                            format!("named ports of `{}`: {}", td.family, port_names.join(", "))
                        }
                    };
                    self.error(
                        crate::Code::SpecUnknownPortName.as_str(),
                        format!(
                            "`{}` is not a named port mapping of task definition `{}`",
                            s.port_name, td.family
                        ),
                        at,
                        "unknown port name",
                    )
                    .with_label_mut(def, "task definition defined here")
                    .help = Some(help);
                }
            }
            let discovery_name = s
                .discovery_name
                .clone()
                .unwrap_or_else(|| s.port_name.clone());
            let at = match s.discovery_name {
                Some(_) => self.at(
                    "services",
                    o,
                    &[base[0], base[1], base[2], K("discoveryName")],
                ),
                None => self.at("services", o, &[base[0], base[1], base[2], K("portName")]),
            };
            match discovery.get(&(ns_short.clone(), discovery_name.clone())) {
                Some(first) => {
                    let first = *first;
                    self.error(crate::Code::SpecDuplicateDiscoveryName.as_str(), format!("discovery name `{discovery_name}` is used twice in namespace `{ns_short}`"), at, "used again here")
                        .with_label_mut(first, "first used here")
                        .help = Some("each Service Connect service needs its own discoveryName in a namespace (it defaults to the portName)".into());
                }
                None => {
                    discovery.insert((ns_short.clone(), discovery_name.clone()), at);
                }
            }
            for (ai, alias) in s.client_aliases.iter().flatten().enumerate() {
                let apath = [base[0], base[1], base[2], K("clientAliases"), I(ai)];
                if !(1..=65535).contains(&alias.port) {
                    let at = self.at(
                        "services",
                        o,
                        &[apath[0], apath[1], apath[2], apath[3], apath[4], K("port")],
                    );
                    self.error(
                        crate::Code::SpecInvalidPort.as_str(),
                        format!("client alias port {} is not a port", alias.port),
                        at,
                        "out of range",
                    )
                    .help = Some("ports are 1-65535".into());
                }
                let dns = alias
                    .dns_name
                    .clone()
                    .unwrap_or_else(|| format!("{discovery_name}.{ns_short}"));
                let at = if alias.dns_name.is_some() {
                    self.at(
                        "services",
                        o,
                        &[
                            apath[0],
                            apath[1],
                            apath[2],
                            apath[3],
                            apath[4],
                            K("dnsName"),
                        ],
                    )
                } else {
                    self.at("services", o, &apath)
                };
                let key = (ns_short.clone(), dns.clone(), alias.port);
                match aliases.get(&key) {
                    Some(first) => {
                        let first = *first;
                        self.error(crate::Code::SpecDuplicateClientAlias.as_str(), format!("client alias `{dns}:{}` is used twice in namespace `{ns_short}`", alias.port), at, "used again here")
                            .with_label_mut(first, "first used here")
                            .help = Some("clients could not tell the two services apart: give one a different dnsName or port".into());
                    }
                    None => {
                        aliases.insert(key, at);
                    }
                }
            }
        }
    }

    fn autoscaling(&mut self, o: Origin, svc: &Service, daemon: bool) {
        let Some(a) = &svc.autoscaling else { return };
        if daemon {
            return; // reported with the DAEMON checks
        }
        let base = K("autoscaling");
        if a.min_capacity < 0 {
            let at = self.at("services", o, &[base, K("minCapacity")]);
            self.error(
                crate::Code::SpecAutoscalingRange.as_str(),
                format!("minCapacity of service `{}` is negative", svc.service_name),
                at,
                "below 0",
            )
            .help = Some("minCapacity is 0 or more".into());
        }
        if a.min_capacity > a.max_capacity {
            let at = self.at("services", o, &[base, K("maxCapacity")]);
            let min = self.at("services", o, &[base, K("minCapacity")]);
            self.error(
                crate::Code::SpecAutoscalingRange.as_str(),
                format!(
                    "maxCapacity {} of service `{}` is below minCapacity {}",
                    a.max_capacity, svc.service_name, a.min_capacity
                ),
                at,
                "below minCapacity",
            )
            .with_label_mut(min, "minCapacity")
            .help = Some("minCapacity <= maxCapacity".into());
        } else if let Some(d) = svc.desired_count
            && (d < a.min_capacity || d > a.max_capacity)
        {
            let at = self.at("services", o, &[K("desiredCount")]);
            self.warning(crate::Code::SpecDesiredCountOutsideRange.as_str(), format!("desiredCount {d} of service `{}` is outside its autoscaling range {}..{}", svc.service_name, a.min_capacity, a.max_capacity), at, "outside min..max")
                .help = Some("the autoscaler will move it into the range at once; desiredCount only matters when the service is created".into());
        }
        let mut policy_names: BTreeMap<&str, usize> = BTreeMap::new();
        let attached: BTreeSet<&str> = svc
            .load_balancers
            .iter()
            .flatten()
            .filter_map(|l| l.target_group.as_deref())
            .collect();
        let tg_names = self.target_group_names();
        let unresolved: Vec<&str> = svc
            .load_balancers
            .iter()
            .flatten()
            .filter_map(|l| l.target_group.as_deref())
            .filter(|n| !tg_names.contains(n))
            .collect();
        for (pi, p) in a.policies.iter().flatten().enumerate() {
            let ppath = [base, K("policies"), I(pi)];
            if let Some(&first) = policy_names.get(p.policy_name.as_str()) {
                let at = self.at(
                    "services",
                    o,
                    &[ppath[0], ppath[1], ppath[2], K("policyName")],
                );
                let before = self.at(
                    "services",
                    o,
                    &[ppath[0], ppath[1], I(first), K("policyName")],
                );
                self.error(
                    crate::Code::SpecDefinedTwice.as_str(),
                    format!(
                        "scaling policy `{}` is defined twice for service `{}`",
                        p.policy_name, svc.service_name
                    ),
                    at,
                    "defined again here",
                )
                .with_label_mut(before, "first defined here")
                .help = Some("policy names are unique per scalable target".into());
            } else {
                policy_names.insert(&p.policy_name, pi);
            }
            let (needed, present) = match p.policy_type {
                PolicyType::TargetTrackingScaling => (
                    "targetTrackingScalingPolicyConfiguration",
                    p.target_tracking_scaling_policy_configuration.is_some(),
                ),
                PolicyType::StepScaling => (
                    "stepScalingPolicyConfiguration",
                    p.step_scaling_policy_configuration.is_some(),
                ),
                PolicyType::PredictiveScaling => (
                    "predictiveScalingPolicyConfiguration",
                    p.predictive_scaling_policy_configuration.is_some(),
                ),
            };
            if !present {
                let at = self.at(
                    "services",
                    o,
                    &[ppath[0], ppath[1], ppath[2], K("policyType")],
                );
                self.error(
                    crate::Code::SpecPolicyConfiguration.as_str(),
                    format!(
                        "policy `{}` is {} but has no `{needed}`",
                        p.policy_name,
                        self.text(at)
                    ),
                    at,
                    "this policy type",
                )
                .help = Some(format!("add `{needed}`"));
            }
            let Some(spec) = p
                .target_tracking_scaling_policy_configuration
                .as_ref()
                .and_then(|t| t.predefined_metric_specification.as_ref())
            else {
                continue;
            };
            let mpath = [
                ppath[0],
                ppath[1],
                ppath[2],
                K("targetTrackingScalingPolicyConfiguration"),
                K("predefinedMetricSpecification"),
            ];
            if matches!(
                spec.predefined_metric_type,
                PredefinedMetricType::AlbRequestCountPerTarget
            ) {
                match (&spec.target_group, &spec.resource_label) {
                    (None, None) | (Some(_), Some(_)) => {
                        let at = self.at("services", o, &mpath);
                        self.error(crate::Code::SpecAlbRequestCountTarget.as_str(), format!("ALBRequestCountPerTarget policy `{}` needs exactly one of `targetGroup` and `resourceLabel`", p.policy_name), at, "this metric")
                            .help = Some("name the service's target group: `targetGroup: <name>` (ecsform derives the resource label)".into());
                    }
                    (Some(tg), None) => {
                        let mut tpath = mpath.to_vec();
                        tpath.push(K("targetGroup"));
                        let at = self.at("services", o, &tpath);
                        if !tg_names.contains(&tg.as_str()) {
                            self.unknown_ref(
                                crate::Code::SpecUnknownTargetGroup.as_str(),
                                "target group",
                                tg,
                                at,
                                &tg_names,
                                Some("outside the stack, give `resourceLabel` instead"),
                            );
                        } else if !attached.contains(tg.as_str())
                            && !may_mean(&unresolved, &tg_names, tg)
                        {
                            let svc_at = self.key_at("services", o, &[K("loadBalancers")]);
                            self.error(crate::Code::SpecPolicyTargetGroupNotAttached.as_str(), format!("policy `{}` counts requests of target group `{tg}`, which service `{}` is not behind", p.policy_name, svc.service_name), at, "not one of this service's target groups")
                                .with_label_mut(svc_at, "the service's load balancers")
                                .help = Some("ALBRequestCountPerTarget scales on a target group the service registers its tasks in: add it to `loadBalancers` or name one that is there".into());
                        }
                    }
                    (None, Some(_)) => {}
                }
            } else if spec.target_group.is_some() {
                let mut tpath = mpath.to_vec();
                tpath.push(K("targetGroup"));
                let at = self.key_at("services", o, &tpath);
                self.error(
                    crate::Code::SpecTargetGroupNotApplicable.as_str(),
                    "`targetGroup` applies only to the ALBRequestCountPerTarget metric".into(),
                    at,
                    "not used by this metric",
                )
                .help = Some("remove it".into());
            }
        }
        let mut action_names: BTreeMap<&str, usize> = BTreeMap::new();
        for (ai, sa) in a.scheduled_actions.iter().flatten().enumerate() {
            if let Some(&first) = action_names.get(sa.scheduled_action_name.as_str()) {
                let at = self.at(
                    "services",
                    o,
                    &[base, K("scheduledActions"), I(ai), K("scheduledActionName")],
                );
                let before = self.at(
                    "services",
                    o,
                    &[
                        base,
                        K("scheduledActions"),
                        I(first),
                        K("scheduledActionName"),
                    ],
                );
                self.error(
                    crate::Code::SpecDefinedTwice.as_str(),
                    format!(
                        "scheduled action `{}` is defined twice for service `{}`",
                        sa.scheduled_action_name, svc.service_name
                    ),
                    at,
                    "defined again here",
                )
                .with_label_mut(before, "first defined here")
                .help = Some("scheduled action names are unique per scalable target".into());
            } else {
                action_names.insert(&sa.scheduled_action_name, ai);
            }
        }
    }

    /// Names of the stack's target groups that a listener or rule forwards to.
    fn target_groups_on_listeners(&self) -> BTreeSet<&'a str> {
        let mut out = BTreeSet::new();
        let actions = self
            .spec
            .listeners
            .iter()
            .flat_map(|l| l.default_actions.iter())
            .chain(
                self.spec
                    .listener_rules
                    .iter()
                    .flat_map(|r| r.actions.iter()),
            );
        for a in actions {
            out.extend(action_target_groups(a));
        }
        out
    }

    /// Names that listeners and rules forward to which are not target groups of the
    /// stack (each reported as `spec::unknown_target_group`).
    fn unresolved_action_target_groups(&self) -> Vec<&'a str> {
        let tg_names = self.target_group_names();
        self.spec
            .listeners
            .iter()
            .flat_map(|l| l.default_actions.iter())
            .chain(
                self.spec
                    .listener_rules
                    .iter()
                    .flat_map(|r| r.actions.iter()),
            )
            .flat_map(action_target_groups)
            .filter(|n| !tg_names.contains(n))
            .collect()
    }

    fn load_balancing(&mut self) {
        let lb_names: Vec<&str> = self
            .spec
            .load_balancers
            .iter()
            .map(|l| l.name.as_str())
            .collect();
        let listener_names: Vec<String> = self
            .spec
            .listeners
            .iter()
            .map(|l| format!("{}:{}", l.load_balancer, l.port))
            .collect();
        for (i, l) in self.spec.listeners.iter().enumerate() {
            let o = Self::origin(&self.origins.listeners, i);
            if !lb_names.contains(&l.load_balancer.as_str()) {
                let at = self.at("listeners", o, &[K("loadBalancer")]);
                self.unknown_ref(
                    crate::Code::SpecUnknownLoadBalancer.as_str(),
                    "load balancer",
                    &l.load_balancer,
                    at,
                    &lb_names,
                    None,
                );
            }
            if !(1..=65535).contains(&l.port) {
                let at = self.at("listeners", o, &[K("port")]);
                self.error(
                    crate::Code::SpecInvalidPort.as_str(),
                    format!("listener port {} is not a port", l.port),
                    at,
                    "out of range",
                )
                .help = Some("ports are 1-65535".into());
            }
            for (ai, a) in l.default_actions.iter().enumerate() {
                self.action_refs("listeners", o, &[K("defaultActions"), I(ai)], a);
            }
        }
        let listener_refs: Vec<&str> = listener_names.iter().map(String::as_str).collect();
        // A listener whose load balancer does not resolve is named after a name that is
        // not one: a rule naming the load balancer meant (`web:80` for a listener of
        // `wbe`, port 80) is left to the listener's own problem.
        let unresolved_listener = |rule_listener: &str| {
            let Some((lb, port)) = rule_listener.rsplit_once(':') else {
                return false;
            };
            self.spec.listeners.iter().any(|l| {
                !lb_names.contains(&l.load_balancer.as_str())
                    && port.parse::<i64>().ok() == Some(i64::from(l.port))
                    && may_mean(&[l.load_balancer.as_str()], &lb_names, lb)
            })
        };
        for (i, r) in self.spec.listener_rules.iter().enumerate() {
            let o = Self::origin(&self.origins.listener_rules, i);
            if !listener_refs.contains(&r.listener.as_str()) && !unresolved_listener(&r.listener) {
                let at = self.at("listenerRules", o, &[K("listener")]);
                self.unknown_ref(
                    crate::Code::SpecUnknownListener.as_str(),
                    "listener",
                    &r.listener,
                    at,
                    &listener_refs,
                    None,
                );
                if !r.listener.contains(':') {
                    self.last().help = Some("a listener is named `<loadBalancer>:<port>`, e.g. `retail-store-ecs-ui:80`".into());
                }
            }
            if !(1..=50000).contains(&r.priority) {
                let at = self.at("listenerRules", o, &[K("priority")]);
                self.error(
                    crate::Code::SpecInvalidPriority.as_str(),
                    format!("rule priority {} is out of range", r.priority),
                    at,
                    "out of range",
                )
                .help = Some("priorities are 1-50000".into());
            }
            for (ai, a) in r.actions.iter().enumerate() {
                self.action_refs("listenerRules", o, &[K("actions"), I(ai)], a);
            }
        }
    }

    fn action_refs(&mut self, list: &str, o: Origin, base: &[Seg<'_>], a: &Action) {
        let tg_names = self.target_group_names();
        if let Some(tg) = &a.target_group
            && !tg_names.contains(&tg.as_str())
        {
            let mut p = base.to_vec();
            p.push(K("targetGroup"));
            let at = self.at(list, o, &p);
            self.unknown_ref(
                crate::Code::SpecUnknownTargetGroup.as_str(),
                "target group",
                tg,
                at,
                &tg_names,
                Some("a target group outside the stack is given as `targetGroupArn`"),
            );
        }
        for (ti, t) in a
            .forward_config
            .iter()
            .flat_map(|f| f.target_groups.iter().flatten())
            .enumerate()
        {
            if let Some(tg) = &t.target_group
                && !tg_names.contains(&tg.as_str())
            {
                let mut p = base.to_vec();
                p.extend([
                    K("forwardConfig"),
                    K("targetGroups"),
                    I(ti),
                    K("targetGroup"),
                ]);
                let at = self.at(list, o, &p);
                self.unknown_ref(
                    crate::Code::SpecUnknownTargetGroup.as_str(),
                    "target group",
                    tg,
                    at,
                    &tg_names,
                    Some("a target group outside the stack is given as `targetGroupArn`"),
                );
            }
        }
        if matches!(a.action_type, crate::types::ActionType::Forward)
            && a.target_group.is_none()
            && a.target_group_arn.is_none()
            && a.forward_config
                .as_ref()
                .and_then(|f| f.target_groups.as_ref())
                .is_none_or(Vec::is_empty)
        {
            let at = self.at(list, o, base);
            self.error(
                crate::Code::SpecForwardWithoutTarget.as_str(),
                "a forward action names no target group".into(),
                at,
                "this action",
            )
            .help = Some("give `targetGroup: <name>` or `forwardConfig.targetGroups`".into());
        }
    }
}

impl Problem {
    /// Adds a secondary label in place (for chaining on `&mut`).
    fn with_label_mut(&mut self, (file, span): Place, text: &str) -> &mut Self {
        self.labels.push(crate::problem::Label {
            file,
            span,
            text: text.to_owned(),
        });
        self
    }
}

/// Whether a reference that does not resolve may have meant `name`, one of `known`: its
/// nearest name is `name`, or it is near none of them (it may mean any). A check whose
/// answer depends on where such a reference leads (is this target group on a listener?)
/// is left out: the unresolved reference is the cause, reported first, and once it is
/// fixed the check runs on what it names.
fn may_mean(unresolved: &[&str], known: &[&str], name: &str) -> bool {
    unresolved
        .iter()
        .any(|u| closest(u, known.iter().copied()).is_none_or(|c| c == name))
}

/// Target group names (of this stack) an action forwards to.
fn action_target_groups(a: &Action) -> impl Iterator<Item = &str> {
    a.target_group.as_deref().into_iter().chain(
        a.forward_config
            .iter()
            .flat_map(|f| f.target_groups.iter().flatten())
            .filter_map(|t| t.target_group.as_deref()),
    )
}

fn first_key_span(node: &Node) -> Span {
    match &node.kind {
        crate::raw::NodeKind::Map(entries) => entries.first().map_or(node.span, |e| e.key_span),
        _ => node.span,
    }
}

/// Letters, digits, hyphens (and underscores unless `elb`), 1..=max; ELB names do not
/// start or end with a hyphen.
fn valid_name(name: &str, max: usize, elb: bool) -> bool {
    let chars_ok = name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || (!elb && c == '_'));
    let ends_ok = !elb || !(name.starts_with('-') || name.ends_with('-'));
    !name.is_empty() && name.len() <= max && chars_ok && ends_ok
}

fn valid_domain(name: &str) -> bool {
    let name = name.strip_suffix('.').unwrap_or(name);
    !name.is_empty()
        && name.len() <= 253
        && name.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
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

/// The YAML spelling of an enum value.
fn wire<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn join<T: std::fmt::Display>(items: &[T]) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The parameters of a task definition that Fargate does not take, as (path, what):
/// "The following task definition parameters are not valid in Fargate tasks:
/// disableNetworking, dnsSearchDomains, dnsServers, dockerSecurityOptions, extraHosts,
/// gpu, ipcMode, links, placementConstraints, privileged, maxSwap, swappiness"; of
/// `linuxParameters`, "the devices, sharedMemorySize, and tmpfs parameters are not
/// supported"; "the dockerVolumeConfiguration parameter is not supported" (ECS developer
/// guide, "Amazon ECS task definition differences for Fargate").
fn fargate_unsupported(td: &TaskDefinition) -> Vec<(Vec<Seg<'static>>, String)> {
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
    use super::*;

    #[test]
    fn name_rules() {
        assert!(valid_name("ui-application", 32, true));
        assert!(!valid_name("ui_application", 32, true));
        assert!(!valid_name("-ui", 32, true));
        assert!(!valid_name(&"a".repeat(33), 32, true));
        assert!(valid_name("retail_store-ecs", 255, false));
        assert!(!valid_name("retail store", 255, false));
        assert!(!valid_name("", 255, false));
    }

    #[test]
    fn domains() {
        assert!(valid_domain("retailstore.local"));
        assert!(valid_domain("example.com."));
        assert!(!valid_domain("bad..name"));
        assert!(!valid_domain("-bad.local"));
    }

    #[test]
    fn secret_names() {
        assert!(looks_secret("DB_PASSWORD"));
        assert!(looks_secret("github_token"));
        assert!(looks_secret("STRIPE_API_KEY"));
        assert!(!looks_secret("RETAIL_UI_BANNER"));
        assert!(!looks_secret("ENDPOINTS_CATALOG"));
    }
}
