//! `loadBalancers:`, `targetGroups:`, `listeners:` and `listenerRules:`: names, ports and
//! priorities, and what each names (a listener its load balancer, a rule its listener,
//! an action its target groups).

use std::collections::BTreeSet;

use super::locate::{I, K, List, Loc, Seg};
use super::report::Ref;
use super::{Checker, Code, ELB_NAME_RULE, valid_name};
use crate::problem::closest;
use crate::types::{Action, ActionType, LoadBalancerType};

impl<'a> Checker<'a> {
    pub(super) fn target_group_names_valid(&mut self) {
        for (_, e, t) in self.entries(List::TargetGroups, &self.spec.target_groups) {
            if !valid_name(&t.name, 32, true) {
                let at = self.at(&e, &[K("name")]);
                self.invalid_name("target group name", &t.name, at, ELB_NAME_RULE);
            }
        }
    }

    pub(super) fn load_balancer_names(&mut self) {
        let rule = format!("{ELB_NAME_RULE}, and not starting with `internal-`");
        for (_, e, l) in self.entries(List::LoadBalancers, &self.spec.load_balancers) {
            if !valid_name(&l.name, 32, true) || l.name.starts_with("internal-") {
                let at = self.at(&e, &[K("name")]);
                self.invalid_name("load balancer name", &l.name, at, &rule);
            }
        }
    }

    pub(super) fn target_group_names(&self) -> Vec<&'a str> {
        self.spec
            .target_groups
            .iter()
            .map(|t| t.name.as_str())
            .collect()
    }

    /// Every action of the stack's listeners and rules.
    fn actions(&self) -> impl Iterator<Item = &'a Action> + use<'a> {
        let spec = self.spec;
        spec.listeners
            .iter()
            .flat_map(|l| l.default_actions.iter())
            .chain(spec.listener_rules.iter().flat_map(|r| r.actions.iter()))
    }

    /// Names of the stack's target groups that a listener or rule forwards to.
    pub(super) fn target_groups_on_listeners(&self) -> BTreeSet<&'a str> {
        self.actions().flat_map(action_target_groups).collect()
    }

    /// Names that listeners and rules forward to which are not target groups of the
    /// stack (each reported as `spec::unknown_target_group`).
    pub(super) fn unresolved_action_target_groups(&self) -> Vec<&'a str> {
        let tg_names = self.target_group_names();
        self.actions()
            .flat_map(action_target_groups)
            .filter(|n| !tg_names.contains(n))
            .collect()
    }

    pub(super) fn load_balancing(&mut self) {
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
        self.load_balancer_types();
        for (_, e, l) in self.entries(List::Listeners, &self.spec.listeners) {
            if !lb_names.contains(&l.load_balancer.as_str()) {
                let at = self.at(&e, &[K("loadBalancer")]);
                self.unresolved(Ref::new(
                    Code::SpecUnknownLoadBalancer,
                    "load balancer",
                    &l.load_balancer,
                    at,
                    &lb_names,
                ));
            }
            if !(1..=65535).contains(&l.port) {
                let at = self.at(&e, &[K("port")]);
                self.error(
                    Code::SpecInvalidPort,
                    format!("listener port {} is not a port", l.port),
                    at,
                    "out of range",
                )
                .help("ports are 1-65535");
            }
            for (ai, a) in l.default_actions.iter().enumerate() {
                self.action_refs(&e.join(&[K("defaultActions"), I(ai)]), a);
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
        for (_, e, r) in self.entries(List::ListenerRules, &self.spec.listener_rules) {
            if !listener_refs.contains(&r.listener.as_str()) && !unresolved_listener(&r.listener) {
                let at = self.at(&e, &[K("listener")]);
                let p = self.unresolved(Ref::new(
                    Code::SpecUnknownListener,
                    "listener",
                    &r.listener,
                    at,
                    &listener_refs,
                ));
                if let Some(p) = p
                    && !r.listener.contains(':')
                {
                    p.help("a listener is named `<loadBalancer>:<port>`, e.g. `retail-store-ecs-ui:80`");
                }
            }
            if !(1..=50000).contains(&r.priority) {
                let at = self.at(&e, &[K("priority")]);
                self.error(
                    Code::SpecInvalidPriority,
                    format!("rule priority {} is out of range", r.priority),
                    at,
                    "out of range",
                )
                .help("priorities are 1-50000");
            }
            for (ai, a) in r.actions.iter().enumerate() {
                self.action_refs(&e.join(&[K("actions"), I(ai)]), a);
            }
        }
    }

    /// Settings one type of load balancer takes and another does not (ELB API reference):
    /// `EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic` ("Indicates whether to
    /// evaluate inbound security group rules for traffic sent to a Network Load Balancer
    /// through Amazon Web Services PrivateLink", SetSecurityGroups); a forward to several
    /// target groups ("For Network Load Balancers, you can specify a single target
    /// group", Action `ForwardConfig`).
    fn load_balancer_types(&mut self) {
        let network: Vec<&str> = self
            .spec
            .load_balancers
            .iter()
            .filter(|l| matches!(l.load_balancer_type, Some(LoadBalancerType::Network)))
            .map(|l| l.name.as_str())
            .collect();
        for (_, e, l) in self.entries(List::LoadBalancers, &self.spec.load_balancers) {
            if l.enforce_security_group_inbound_rules_on_private_link_traffic
                .is_none()
            {
                continue;
            }
            let name = &l.name;
            let (message, label, help) = match l.load_balancer_type {
                // "Applies only if the load balancer has a security group" (ELB API
                // reference, LoadBalancer); SetSecurityGroups, which sets it, takes the
                // security groups.
                Some(LoadBalancerType::Network)
                    if l.security_groups.as_ref().is_none_or(Vec::is_empty) =>
                {
                    (
                        format!(
                            "`enforceSecurityGroupInboundRulesOnPrivateLinkTraffic` applies only to a Network Load Balancer with security groups; `{name}` has none"
                        ),
                        "no security groups",
                        "give the load balancer `securityGroups`, or remove the flag",
                    )
                }
                Some(LoadBalancerType::Network) => continue,
                other => {
                    let kind = if other == Some(LoadBalancerType::Gateway) {
                        "a Gateway Load Balancer"
                    } else {
                        "an Application Load Balancer"
                    };
                    (
                        format!(
                            "`enforceSecurityGroupInboundRulesOnPrivateLinkTraffic` is a Network Load Balancer's setting; `{name}` is {kind}"
                        ),
                        "not a Network Load Balancer's",
                        "remove it, or make the load balancer `type: network`",
                    )
                }
            };
            let at = self.at(
                &e,
                &[K("enforceSecurityGroupInboundRulesOnPrivateLinkTraffic")],
            );
            self.error(Code::SpecNotForLoadBalancerType, message, at, label)
                .help(help);
        }
        let listeners: Vec<(Loc, &'a [Action], &'a str)> = self
            .entries(List::Listeners, &self.spec.listeners)
            .filter(|(_, _, l)| network.contains(&l.load_balancer.as_str()))
            .map(|(_, e, l)| {
                (
                    e.join(&[K("defaultActions")]),
                    l.default_actions.as_slice(),
                    l.load_balancer.as_str(),
                )
            })
            .collect();
        for (at_actions, actions, lb) in listeners {
            for (ai, a) in actions.iter().enumerate() {
                let groups = a
                    .forward_config
                    .as_ref()
                    .and_then(|f| f.target_groups.as_ref())
                    .map_or(0, Vec::len);
                if groups > 1 {
                    let at = self.at(&at_actions, &[I(ai), K("forwardConfig"), K("targetGroups")]);
                    self.error(
                        Code::SpecNotForLoadBalancerType,
                        format!(
                            "a Network Load Balancer's listener forwards to one target group; this forward names {groups} (`{lb}` is a Network Load Balancer)"
                        ),
                        at,
                        "several target groups",
                    )
                    .help("forward to one target group (`targetGroup: <name>`)");
                }
            }
        }
    }

    /// The target groups an action (at `ae`) forwards to.
    fn action_refs(&mut self, ae: &Loc, a: &Action) {
        let tg_names = self.target_group_names();
        // The action's own target group, then those it forwards to by weight.
        let mut named: Vec<(&str, Vec<Seg>)> = Vec::new();
        if let Some(tg) = &a.target_group {
            named.push((tg, vec![K("targetGroup")]));
        }
        let forwarded = a
            .forward_config
            .iter()
            .flat_map(|f| f.target_groups.iter().flatten());
        for (ti, t) in forwarded.enumerate() {
            if let Some(tg) = &t.target_group {
                let path = vec![
                    K("forwardConfig"),
                    K("targetGroups"),
                    I(ti),
                    K("targetGroup"),
                ];
                named.push((tg, path));
            }
        }
        for (tg, path) in named {
            if !tg_names.contains(&tg) {
                let at = self.at(ae, &path);
                self.unresolved(Ref::target_group(tg, at, &tg_names).outside(TG_OUTSIDE));
            }
        }
        if matches!(a.action_type, ActionType::Forward)
            && a.target_group.is_none()
            && a.target_group_arn.is_none()
            && a.forward_config
                .as_ref()
                .and_then(|f| f.target_groups.as_ref())
                .is_none_or(Vec::is_empty)
        {
            let at = self.at(ae, &[]);
            self.error(
                Code::SpecForwardWithoutTarget,
                "a forward action names no target group",
                at,
                "this action",
            )
            .help("give `targetGroup: <name>` or `forwardConfig.targetGroups`");
        }
    }
}

/// Whether a reference that does not resolve may have meant `name`, one of `known`: its
/// nearest name is `name`, or it is near none of them (it may mean any). A check whose
/// answer depends on where such a reference leads (is this target group on a listener?)
/// is left out: the unresolved reference is the cause, reported first, and once it is
/// fixed the check runs on what it names.
/// How a target group outside the stack is given, where a stack's is named.
pub(super) const TG_OUTSIDE: &str = "a target group outside the stack is given as `targetGroupArn`";

pub(super) fn may_mean(unresolved: &[&str], known: &[&str], name: &str) -> bool {
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
