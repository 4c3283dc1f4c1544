//! `services:`: launch type and DAEMON rules, networking against the task definition,
//! load balancers and service registries, Service Connect (autoscaling is in
//! [`super::autoscaling`]).

use super::load_balancing::TG_OUTSIDE;
use super::locate::{I, K, List, Loc, Place, Seg};
use super::report::{Ref, Seen};
use super::{Checker, Code, ECS_NAME_RULE, join, valid_name};
use crate::refs::task_definition_family;
use crate::types::{
    CapacityProviderStrategyItem, LaunchType, NetworkMode, SchedulingStrategy, Service,
    TargetGroupTargetType, TaskDefinition,
};

/// The task definition of the stack a service runs, and where it is.
type Runs<'t> = Option<(&'t TaskDefinition, Loc)>;

impl<'a> Checker<'a> {
    pub(super) fn service_names(&mut self) {
        for (_, e, s) in self.entries(List::Services, &self.spec.services) {
            if !valid_name(&s.service_name, 255, false) {
                let at = self.at(&e, &[K("serviceName")]);
                self.invalid_name("service name", &s.service_name, at, ECS_NAME_RULE);
            }
        }
    }

    pub(super) fn services(&mut self) {
        let td_names: Vec<&str> = self
            .spec
            .task_definitions
            .iter()
            .map(|t| t.family.as_str())
            .collect();
        let mut sc_discovery = Seen::default();
        let mut sc_alias = Seen::default();
        for (_, e, svc) in self.entries(List::Services, &self.spec.services) {
            let td = self.task_def_of(svc);
            if td.is_none() && !svc.task_definition.starts_with("arn:") {
                let at = self.at(&e, &[K("taskDefinition")]);
                let family = task_definition_family(&svc.task_definition);
                self.unresolved(
                    Ref::new(
                        Code::SpecUnknownTaskDefinition,
                        "task definition family",
                        family,
                        at,
                        &td_names,
                    )
                    .outside("a task definition outside the stack is named by its full ARN"),
                );
            }
            let origins = List::TaskDefinitions.origins(self.origins);
            let td: Runs<'a> =
                td.map(|(ti, t)| (t, Loc::entry(List::TaskDefinitions, origins, ti)));

            // Launch type, capacity providers, Fargate, DAEMON.
            if svc.launch_type.is_some() && svc.capacity_provider_strategy.is_some() {
                let at = self.key_at(&e, &[K("capacityProviderStrategy")]);
                let lt = self.key_at(&e, &[K("launchType")]);
                self.error(
                    Code::SpecLaunchTypeAndStrategy,
                    format!(
                        "service `{}` gives both `launchType` and `capacityProviderStrategy`",
                        svc.service_name
                    ),
                    at,
                    "strategy here",
                )
                .label(lt, "launch type here")
                .help("AWS accepts one of them; keep `launchType: FARGATE` or the strategy");
            }
            let daemon = matches!(svc.scheduling_strategy, Some(SchedulingStrategy::Daemon));
            if daemon {
                self.daemon(&e, svc);
            }
            if let Some((td, tde)) = &td {
                self.network_configuration(&e, svc, td, tde);
            }
            self.service_load_balancers(&e, svc, td.as_ref());
            self.service_connect(&e, svc, td.as_ref(), &mut sc_discovery, &mut sc_alias);
            self.autoscaling(&e, svc, daemon);
        }
    }

    /// What a DAEMON service does not take.
    fn daemon(&mut self, e: &Loc, svc: &Service) {
        let strat = self.at(e, &[K("schedulingStrategy")]);
        if svc.desired_count.is_some() {
            let at = self.key_at(e, &[K("desiredCount")]);
            self.error(
                Code::SpecDaemonDesiredCount,
                format!("DAEMON service `{}` has a `desiredCount`", svc.service_name),
                at,
                "not for DAEMON services",
            )
            .label(strat, "DAEMON here")
            .help("a DAEMON service runs one task per container instance; remove `desiredCount`");
        }
        if svc.autoscaling.is_some() {
            let at = self.key_at(e, &[K("autoscaling")]);
            self.error(
                Code::SpecDaemonAutoscaling,
                format!("DAEMON service `{}` cannot be autoscaled", svc.service_name),
                at,
                "not for DAEMON services",
            )
            .label(strat, "DAEMON here")
            .help("remove `autoscaling`, or use `schedulingStrategy: REPLICA`");
        }
        if let Some((path, _)) = self.is_fargate(svc) {
            let at = self.at(e, path);
            self.error(
                Code::SpecDaemonFargate,
                format!(
                    "DAEMON service `{}` cannot run on Fargate",
                    svc.service_name
                ),
                at,
                "Fargate here",
            )
            .label(strat, "DAEMON here")
            .help("DAEMON scheduling needs EC2 (or external) capacity: use `launchType: EC2`");
        }
    }

    /// The network configuration against the task definition's network mode.
    fn network_configuration(&mut self, e: &Loc, svc: &Service, td: &TaskDefinition, tde: &Loc) {
        let awsvpc = matches!(td.network_mode, Some(NetworkMode::Awsvpc));
        let has_vpc = svc
            .network_configuration
            .as_ref()
            .and_then(|n| n.awsvpc_configuration.as_ref());
        if awsvpc && has_vpc.is_none() {
            let at = self.at(e, &[K("serviceName")]);
            let mode = self.at(tde, &[K("networkMode")]);
            self.error(
                Code::SpecMissingNetworkConfiguration,
                format!(
                    "service `{}` needs `networkConfiguration.awsvpcConfiguration`",
                    svc.service_name
                ),
                at,
                "this service",
            )
            .label(mode, "its task definition uses awsvpc")
            .help("add `networkConfiguration: {awsvpcConfiguration: {subnets: [...], securityGroups: [...]}}`");
        }
        let Some(v) = has_vpc else { return };
        if !awsvpc {
            let at = self.key_at(e, &[K("networkConfiguration")]);
            let mode = if td.network_mode.is_some() {
                self.at(tde, &[K("networkMode")])
            } else {
                self.key_at(tde, &[K("family")])
            };
            self.error(
                Code::SpecNetworkConfigurationNotAwsvpc,
                format!(
                    "service `{}` has an awsvpc network configuration, but its task definition does not use awsvpc",
                    svc.service_name
                ),
                at,
                "only for awsvpc",
            )
            .label(mode, "network mode set here")
            .help("remove `networkConfiguration`, or use `networkMode: awsvpc`");
        } else if v.subnets.is_empty() {
            let at = self.at(
                e,
                &[
                    K("networkConfiguration"),
                    K("awsvpcConfiguration"),
                    K("subnets"),
                ],
            );
            self.error(
                Code::SpecNoSubnets,
                format!("service `{}` lists no subnets", svc.service_name),
                at,
                "empty",
            )
            .help("give at least one subnet (up to 16)");
        }
    }

    /// Where the service's Fargate-ness comes from (a path to label, a reason).
    pub(super) fn is_fargate(&self, svc: &Service) -> Option<(&'static [Seg], &'static str)> {
        const LT: &[Seg] = &[K("launchType")];
        const CP: &[Seg] = &[K("capacityProviderStrategy")];
        if matches!(svc.launch_type, Some(LaunchType::Fargate)) {
            return Some((LT, "launchType FARGATE"));
        }
        let fargate_cp = |items: &[CapacityProviderStrategyItem]| {
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
        e: &Loc,
        svc: &Service,
        td: Option<&(&TaskDefinition, Loc)>,
    ) {
        let tg_names = self.target_group_names();
        let attached = self.target_groups_on_listeners();
        let unresolved_on_listeners = self.unresolved_action_target_groups();
        for (li, lb) in svc.load_balancers.iter().flatten().enumerate() {
            let le = e.join(&[K("loadBalancers"), I(li)]);
            let given = [
                lb.target_group.is_some(),
                lb.target_group_arn.is_some(),
                lb.load_balancer_name.is_some(),
            ]
            .iter()
            .filter(|b| **b)
            .count();
            if given != 1 {
                let at = self.at(&le, &[]);
                let msg = if given == 0 {
                    "names no target group"
                } else {
                    "names more than one target"
                };
                self.error(
                    Code::SpecLoadBalancerTarget,
                    format!("load balancer entry of service `{}` {msg}", svc.service_name),
                    at,
                    "this entry",
                )
                .help("give exactly one of `targetGroup` (a target group of this stack), `targetGroupArn`, or `loadBalancerName` (Classic Load Balancer)");
            }
            if let Some(name) = &lb.target_group {
                let at = self.at(&le, &[K("targetGroup")]);
                match self.spec.target_groups.iter().position(|t| &t.name == name) {
                    None => {
                        self.unresolved(Ref::target_group(name, at, &tg_names).outside(TG_OUTSIDE));
                    }
                    Some(ti) => {
                        let tge = Loc::entry(
                            List::TargetGroups,
                            List::TargetGroups.origins(self.origins),
                            ti,
                        );
                        if !attached.contains(name.as_str())
                            && !super::load_balancing::may_mean(
                                &unresolved_on_listeners,
                                &tg_names,
                                name,
                            )
                        {
                            let def = self.at(&tge, &[K("name")]);
                            self.error(
                                Code::SpecTargetGroupNotOnListener,
                                format!(
                                    "target group `{name}` is used by service `{}` but no listener or rule forwards to it",
                                    svc.service_name
                                ),
                                at,
                                "used here",
                            )
                            .label(def, "defined here")
                            .help("ECS refuses a target group that is not attached to a load balancer: add a listener (or rule) whose action forwards to it");
                        }
                        if let Some((td, _)) = td {
                            self.target_type(svc, td, ti, &tge, at);
                        }
                    }
                }
            }
            if lb.container_name.is_none() || lb.container_port.is_none() {
                let at = self.at(&le, &[]);
                self.error(
                    Code::SpecLoadBalancerContainer,
                    format!(
                        "load balancer entry of service `{}` needs `containerName` and `containerPort`",
                        svc.service_name
                    ),
                    at,
                    "this entry",
                )
                .help("name the container and the port the target group sends traffic to");
            }
            if let (Some((td, tde)), Some(cname)) = (td, &lb.container_name) {
                self.container_port_ref(&le, td, tde, cname, lb.container_port);
            }
        }
        for (ri, reg) in svc.service_registries.iter().flatten().enumerate() {
            if let (Some((td, tde)), Some(cname)) = (td, &reg.container_name) {
                let re = e.join(&[K("serviceRegistries"), I(ri)]);
                self.container_port_ref(&re, td, tde, cname, reg.container_port);
            }
        }
    }

    /// The target type of target group `ti` (used by the service at `used`) against the
    /// task definition's network mode.
    fn target_type(
        &mut self,
        svc: &Service,
        td: &TaskDefinition,
        ti: usize,
        tge: &Loc,
        used: Place,
    ) {
        let Some(tg) = self.spec.target_groups.get(ti) else {
            return;
        };
        let awsvpc = matches!(td.network_mode, Some(NetworkMode::Awsvpc));
        let tt = tg.target_type.unwrap_or(TargetGroupTargetType::Instance);
        let wanted = if awsvpc {
            TargetGroupTargetType::Ip
        } else {
            TargetGroupTargetType::Instance
        };
        if tt == wanted
            || !matches!(
                tt,
                TargetGroupTargetType::Ip | TargetGroupTargetType::Instance
            )
        {
            return;
        }
        let tt_at = if tg.target_type.is_some() {
            self.at(tge, &[K("targetType")])
        } else {
            self.key_at(tge, &[K("name")])
        };
        let (want, why) = if awsvpc {
            ("ip", "awsvpc tasks register by IP address")
        } else {
            (
                "instance",
                "bridge and host tasks register by instance and port",
            )
        };
        self.error(
            Code::SpecTargetType,
            format!(
                "target group `{}` must have `targetType: {want}` for service `{}`: {why}",
                tg.name, svc.service_name
            ),
            tt_at,
            if tg.target_type.is_some() {
                "target type"
            } else {
                "defaults to instance"
            },
        )
        .label(used, "used here")
        .help(format!(
            "set `targetType: {want}` on the target group (this replaces it)"
        ));
    }

    /// `containerName`/`containerPort` of a service entry (at `base`) exist in the task
    /// definition.
    fn container_port_ref(
        &mut self,
        base: &Loc,
        td: &TaskDefinition,
        tde: &Loc,
        cname: &str,
        port: Option<i32>,
    ) {
        let def = self.key_at(tde, &[K("family")]);
        match td.container_definitions.iter().find(|c| c.name == cname) {
            None => {
                let at = self.at(base, &[K("containerName")]);
                let known: Vec<&str> = td
                    .container_definitions
                    .iter()
                    .map(|c| c.name.as_str())
                    .collect();
                if let Some(p) = self.unresolved(
                    Ref::new(Code::SpecUnknownContainer, "container", cname, at, &known)
                        .within(format!("task definition `{}`", td.family)),
                ) {
                    p.label(def, "task definition defined here");
                }
            }
            Some(c) => {
                let Some(port) = port else { return };
                let ports: Vec<i32> = c
                    .port_mappings
                    .iter()
                    .flatten()
                    .filter_map(|p| p.container_port)
                    .collect();
                if !ports.contains(&port) {
                    let at = self.at(base, &[K("containerPort")]);
                    let list = if ports.is_empty() {
                        "none".to_owned()
                    } else {
                        join(&ports)
                    };
                    self.error(
                        Code::SpecUnknownContainerPort,
                        format!("container `{cname}` of `{}` maps no port {port}", td.family),
                        at,
                        "not a container port",
                    )
                    .label(def, "task definition defined here")
                    .help(format!("container ports of `{cname}`: {list}"));
                }
            }
        }
    }

    fn service_connect(
        &mut self,
        e: &Loc,
        svc: &Service,
        td: Option<&(&TaskDefinition, Loc)>,
        discovery: &mut Seen<(String, String)>,
        aliases: &mut Seen<(String, String, i32)>,
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
                    let at = self.at(e, &[K("serviceConnectConfiguration"), K("namespace")]);
                    self.unresolved(
                        Ref::new(Code::SpecUnknownNamespace, "namespace", ns, at, &known)
                            .outside("a namespace outside the stack is given by its ARN"),
                    );
                }
                ns
            }
            (None, Some(d)) => d,
            (None, None) => {
                let at = self.key_at(e, &[K("serviceConnectConfiguration")]);
                self.error(
                    Code::SpecServiceConnectNamespace,
                    format!(
                        "Service Connect of service `{}` has no namespace",
                        svc.service_name
                    ),
                    at,
                    "no namespace here or on the cluster",
                )
                .help("set `namespace:` here, or the cluster's `serviceConnectDefaults.namespace`");
                return;
            }
        };
        for (si, s) in sc.services.iter().flatten().enumerate() {
            let se = e.join(&[K("serviceConnectConfiguration"), K("services"), I(si)]);
            if let Some((td, tde)) = td {
                let port_names: Vec<&str> = td
                    .container_definitions
                    .iter()
                    .flat_map(|c| c.port_mappings.iter().flatten())
                    .filter_map(|p| p.name.as_deref())
                    .collect();
                if !port_names.contains(&s.port_name.as_str()) {
                    let at = self.at(&se, &[K("portName")]);
                    let def = self.key_at(tde, &[K("family")]);
                    let family = &td.family;
                    if let Some(p) = self.unresolved(
                        Ref::new(
                            Code::SpecUnknownPortName,
                            "port name",
                            &s.port_name,
                            at,
                            &port_names,
                        )
                        .worded(
                            format!(
                                "`{}` is not a named port mapping of task definition `{family}`",
                                s.port_name
                            ),
                            "unknown port name",
                            format!(
                                "task definition `{family}` names no port mapping: add `name:` to the port mapping Service Connect should use"
                            ),
                            format!("named ports of `{family}`"),
                        ),
                    ) {
                        p.label(def, "task definition defined here");
                    }
                }
            }
            let discovery_name = s
                .discovery_name
                .clone()
                .unwrap_or_else(|| s.port_name.clone());
            let at = match s.discovery_name {
                Some(_) => self.at(&se, &[K("discoveryName")]),
                None => self.at(&se, &[K("portName")]),
            };
            if let Some(first) = discovery.again((ns.to_owned(), discovery_name.clone()), at) {
                self.twice(
                    Code::SpecDuplicateDiscoveryName,
                    format!("discovery name `{discovery_name}` is used twice in namespace `{ns}`"),
                    "used",
                    at,
                    first,
                )
                .help("each Service Connect service needs its own discoveryName in a namespace (it defaults to the portName)");
            }
            for (ai, alias) in s.client_aliases.iter().flatten().enumerate() {
                let ae = se.join(&[K("clientAliases"), I(ai)]);
                if !(1..=65535).contains(&alias.port) {
                    let at = self.at(&ae, &[K("port")]);
                    self.error(
                        Code::SpecInvalidPort,
                        format!("client alias port {} is not a port", alias.port),
                        at,
                        "out of range",
                    )
                    .help("ports are 1-65535");
                }
                let dns = alias
                    .dns_name
                    .clone()
                    .unwrap_or_else(|| format!("{discovery_name}.{ns}"));
                let at = if alias.dns_name.is_some() {
                    self.at(&ae, &[K("dnsName")])
                } else {
                    self.at(&ae, &[])
                };
                if let Some(first) = aliases.again((ns.to_owned(), dns.clone(), alias.port), at) {
                    self.twice(
                        Code::SpecDuplicateClientAlias,
                        format!("client alias `{dns}:{}` is used twice in namespace `{ns}`", alias.port),
                        "used",
                        at,
                        first,
                    )
                    .help("clients could not tell the two services apart: give one a different dnsName or port");
                }
            }
        }
    }
}
