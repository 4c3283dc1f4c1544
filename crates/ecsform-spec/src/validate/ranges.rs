//! Numbers against the ranges AWS documents for them: a value outside is an error at the
//! value (`spec::out_of_range`), found before any AWS call, instead of a request AWS
//! refuses halfway through an apply (or, for a negative `desiredCount`, one the test bed
//! took).
//!
//! Each rule cites where AWS documents its range: the API reference page of the
//! operation or data type, whose "Valid Range" comes from the service model (the same
//! `min`/`max` botocore 1.44.5 carries in `botocore/data/<service>/<version>/service-2.json`,
//! shape named beside the rule) or from the member's own documentation (quoted).
//! A field whose range AWS does not document is left to AWS (the container's
//! `startTimeout`, the `bakeTimeInMinutes` of a blue/green deployment...).

use super::{Checker, I, K, List, Loc, Place, Seg};

/// A documented range, both bounds inclusive; `None` where only the field's integer type
/// bounds it.
struct Rule {
    /// The member's name, as in the file.
    field: &'static str,
    lo: Option<f64>,
    hi: Option<f64>,
    /// Where AWS documents the range (for the help line).
    doc: &'static str,
}

impl Rule {
    const fn new(field: &'static str, lo: Option<f64>, hi: Option<f64>, doc: &'static str) -> Self {
        Self { field, lo, hi, doc }
    }

    fn contains(&self, v: f64) -> bool {
        self.lo.is_none_or(|lo| v >= lo) && self.hi.is_none_or(|hi| v <= hi)
    }

    /// "0 or more", "5-300".
    fn phrase(&self) -> String {
        match (self.lo, self.hi) {
            (Some(lo), Some(hi)) => format!("{lo}-{hi}"),
            (Some(lo), None) => format!("{lo} or more"),
            (None, Some(hi)) => format!("at most {hi}"),
            (None, None) => "any number".to_owned(),
        }
    }
}

// ---- Amazon ECS (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/) -------------

/// API_CreateService.html: "The number of instantiations of the specified task
/// definition to place and keep running"; a count, 0 stopping every task. AWS answers a
/// negative one with ClientException (the behaviour floci-io/floci#1382 reproduces); the
/// test bed took -1 and stored it.
const DESIRED_COUNT: Rule = Rule::new("desiredCount", Some(0.0), None, "ECS CreateService");
/// API_UpdateService.html: "you can specify a health check grace period of up to
/// 2,147,483,647 seconds"; unset is 0 (API_CreateService.html).
const GRACE_PERIOD: Rule = Rule::new(
    "healthCheckGracePeriodSeconds",
    Some(0.0),
    Some(2_147_483_647.0),
    "ECS CreateService, UpdateService",
);
/// API_DeploymentConfiguration.html: both are percentages "of the desiredCount".
const MAXIMUM_PERCENT: Rule = Rule::new(
    "maximumPercent",
    Some(0.0),
    None,
    "ECS DeploymentConfiguration",
);
const MINIMUM_HEALTHY_PERCENT: Rule = Rule::new(
    "minimumHealthyPercent",
    Some(0.0),
    None,
    "ECS DeploymentConfiguration",
);
/// API_CanaryConfiguration.html: canaryPercent "Valid values are multiples of 0.1 from
/// 0.1 to 100.0"; canaryBakeTimeInMinutes "Valid values are 0 to 1440 minutes".
const CANARY_PERCENT: Rule = Rule::new(
    "canaryPercent",
    Some(0.1),
    Some(100.0),
    "ECS CanaryConfiguration",
);
const CANARY_BAKE_TIME: Rule = Rule::new(
    "canaryBakeTimeInMinutes",
    Some(0.0),
    Some(1440.0),
    "ECS CanaryConfiguration",
);
/// API_LinearConfiguration.html: stepPercent "Valid values are multiples of 0.1 from 3.0
/// to 100.0"; stepBakeTimeInMinutes "Valid values are 0 to 1440 minutes".
const STEP_PERCENT: Rule = Rule::new(
    "stepPercent",
    Some(3.0),
    Some(100.0),
    "ECS LinearConfiguration",
);
const STEP_BAKE_TIME: Rule = Rule::new(
    "stepBakeTimeInMinutes",
    Some(0.0),
    Some(1440.0),
    "ECS LinearConfiguration",
);
/// API_DeploymentEarlySuccessCriteria.html: "an integer between 0 and 100" (shape
/// HealthyPercentInteger, 0..100).
const EARLY_HEALTHY_PERCENT: Rule = Rule::new(
    "healthyPercent",
    Some(0.0),
    Some(100.0),
    "ECS DeploymentEarlySuccessCriteria",
);
/// API_DeploymentLifecycleHookTimeoutConfiguration.html (shape
/// DeploymentLifecycleHookDuration, 1..20160).
const HOOK_TIMEOUT: Rule = Rule::new(
    "timeoutInMinutes",
    Some(1.0),
    Some(20160.0),
    "ECS DeploymentLifecycleHookTimeoutConfiguration",
);
/// API_CapacityProviderStrategyItem.html: weight "The valid range is 0 to 1,000", base
/// "The valid range is 0 to 100,000" (shapes CapacityProviderStrategyItemWeight and
/// CapacityProviderStrategyItemBase).
const STRATEGY_WEIGHT: Rule = Rule::new(
    "weight",
    Some(0.0),
    Some(1000.0),
    "ECS CapacityProviderStrategyItem",
);
const STRATEGY_BASE: Rule = Rule::new(
    "base",
    Some(0.0),
    Some(100_000.0),
    "ECS CapacityProviderStrategyItem",
);
/// Port numbers: ECS's own port shape is PortNumber, 0..65535
/// (API_ServiceConnectService.html ingressPortOverride, API_ServiceConnectClientAlias.html);
/// the container ports of API_PortMapping.html, API_LoadBalancer.html and
/// API_ServiceRegistry.html are the same ports.
const fn port(field: &'static str, doc: &'static str) -> Rule {
    Rule::new(field, Some(0.0), Some(65535.0), doc)
}
/// API_TimeoutConfiguration.html (shape Duration, 0..2147483647).
const fn duration(field: &'static str) -> Rule {
    Rule::new(
        field,
        Some(0.0),
        Some(2_147_483_647.0),
        "ECS TimeoutConfiguration",
    )
}
/// API_EphemeralStorage.html: "The minimum supported value is 21 GiB and the maximum
/// supported value is 200 GiB."
const EPHEMERAL_STORAGE: Rule =
    Rule::new("sizeInGiB", Some(21.0), Some(200.0), "ECS EphemeralStorage");
/// API_ContainerDefinition.html, cpu: "Null, zero, and CPU values of 1 are passed to
/// Docker as 2" (CPU units, none negative).
const CONTAINER_CPU: Rule = Rule::new("cpu", Some(0.0), None, "ECS ContainerDefinition");
/// API_ContainerDefinition.html, memory and memoryReservation: "The Docker 20.10.0 or
/// later daemon reserves a minimum of 6 MiB of memory for a container. So, don't specify
/// less than 6 MiB of memory for your containers."
const CONTAINER_MEMORY: Rule = Rule::new("memory", Some(6.0), None, "ECS ContainerDefinition");
const CONTAINER_MEMORY_RESERVATION: Rule = Rule::new(
    "memoryReservation",
    Some(6.0),
    None,
    "ECS ContainerDefinition",
);
/// API_HealthCheck.html: interval "between 5 and 300 seconds", timeout "between 2 and 60
/// seconds", retries "between 1 and 10 retries", startPeriod "between 0 and 300 seconds".
const HC_INTERVAL: Rule = Rule::new("interval", Some(5.0), Some(300.0), "ECS HealthCheck");
const HC_TIMEOUT: Rule = Rule::new("timeout", Some(2.0), Some(60.0), "ECS HealthCheck");
const HC_RETRIES: Rule = Rule::new("retries", Some(1.0), Some(10.0), "ECS HealthCheck");
const HC_START_PERIOD: Rule = Rule::new("startPeriod", Some(0.0), Some(300.0), "ECS HealthCheck");
/// API_ContainerRestartPolicy.html: "a minimum restartAttemptPeriod of 60 seconds and a
/// maximum restartAttemptPeriod of 1800 seconds".
const RESTART_PERIOD: Rule = Rule::new(
    "restartAttemptPeriod",
    Some(60.0),
    Some(1800.0),
    "ECS ContainerRestartPolicy",
);
/// API_LinuxParameters.html: maxSwap "Accepted values are 0 or any positive integer";
/// swappiness "Accepted values are whole numbers between 0 and 100".
const MAX_SWAP: Rule = Rule::new("maxSwap", Some(0.0), None, "ECS LinuxParameters");
const SWAPPINESS: Rule = Rule::new("swappiness", Some(0.0), Some(100.0), "ECS LinuxParameters");

// ---- Elastic Load Balancing (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/)

/// API_CreateTargetGroup.html: Port 1..65535 (shape Port), HealthCheckIntervalSeconds
/// "The range is 5-300" (5..300), HealthCheckTimeoutSeconds "The range is 2–120 seconds"
/// (2..120), Healthy/UnhealthyThresholdCount "The range is 2-10" (HealthCheckThresholdCount
/// 2..10), TargetControlPort 1..65535.
const TG_PORT: Rule = Rule::new("port", Some(1.0), Some(65535.0), "ELB CreateTargetGroup");
const TG_INTERVAL: Rule = Rule::new(
    "healthCheckIntervalSeconds",
    Some(5.0),
    Some(300.0),
    "ELB CreateTargetGroup",
);
const TG_TIMEOUT: Rule = Rule::new(
    "healthCheckTimeoutSeconds",
    Some(2.0),
    Some(120.0),
    "ELB CreateTargetGroup",
);
const TG_HEALTHY: Rule = Rule::new(
    "healthyThresholdCount",
    Some(2.0),
    Some(10.0),
    "ELB CreateTargetGroup",
);
const TG_UNHEALTHY: Rule = Rule::new(
    "unhealthyThresholdCount",
    Some(2.0),
    Some(10.0),
    "ELB CreateTargetGroup",
);
const TG_CONTROL_PORT: Rule = Rule::new(
    "targetControlPort",
    Some(1.0),
    Some(65535.0),
    "ELB CreateTargetGroup",
);
/// API_Action.html: Order 1..50000 (shape ActionOrder); API_TargetGroupTuple.html: Weight
/// "The range is 0 to 999"; API_TargetGroupStickinessConfig.html: DurationSeconds "The
/// range is 1-604800 seconds (7 days)".
const ACTION_ORDER: Rule = Rule::new("order", Some(1.0), Some(50000.0), "ELB Action");
const FORWARD_WEIGHT: Rule = Rule::new("weight", Some(0.0), Some(999.0), "ELB TargetGroupTuple");
const STICKINESS: Rule = Rule::new(
    "durationSeconds",
    Some(1.0),
    Some(604_800.0),
    "ELB TargetGroupStickinessConfig",
);

// ---- Application Auto Scaling (https://docs.aws.amazon.com/autoscaling/application/APIReference/)

/// API_RegisterScalableTarget.html, MinCapacity: "For the following resources, the
/// minimum value allowed is 0. ... ECS services"; a maximum below it is refused with
/// `spec::autoscaling_range`. API_ScalableTargetAction.html: the same capacities.
const MAX_CAPACITY: Rule = Rule::new(
    "maxCapacity",
    Some(0.0),
    None,
    "Application Auto Scaling RegisterScalableTarget",
);
const ACTION_MIN_CAPACITY: Rule = Rule::new(
    "minCapacity",
    Some(0.0),
    None,
    "Application Auto Scaling ScalableTargetAction",
);
const ACTION_MAX_CAPACITY: Rule = Rule::new(
    "maxCapacity",
    Some(0.0),
    None,
    "Application Auto Scaling ScalableTargetAction",
);

// ---- AWS Cloud Map (https://docs.aws.amazon.com/cloud-map/latest/api/) ---------------------

/// API_SOA.html: TTL 0..2147483647 (shape RecordTTL).
const SOA_TTL: Rule = Rule::new("TTL", Some(0.0), Some(2_147_483_647.0), "Cloud Map SOA");

/// A number of the file: an integer or a floating-point one, shown as written.
#[derive(Clone, Copy)]
enum Num {
    Int(i64),
    Float(f64),
}

impl Num {
    #[allow(clippy::cast_precision_loss)]
    fn value(self) -> f64 {
        match self {
            Self::Int(i) => i as f64,
            Self::Float(f) => f,
        }
    }
}

impl std::fmt::Display for Num {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Int(i) => write!(f, "{i}"),
            Self::Float(x) => write!(f, "{x}"),
        }
    }
}

impl From<i32> for Num {
    fn from(v: i32) -> Self {
        Self::Int(i64::from(v))
    }
}

impl From<i64> for Num {
    fn from(v: i64) -> Self {
        Self::Int(v)
    }
}

impl From<f64> for Num {
    fn from(v: f64) -> Self {
        Self::Float(v)
    }
}

impl<'a> Checker<'a> {
    /// Every documented range of the stack's numbers.
    pub(super) fn ranges(&mut self) {
        self.cluster_ranges();
        self.namespace_ranges();
        self.task_definition_ranges();
        self.service_ranges();
        self.load_balancing_ranges();
    }

    /// Reports `value` at `at()` when outside `rule`.
    fn range(
        &mut self,
        value: Option<impl Into<Num>>,
        rule: &Rule,
        at: impl FnOnce(&Self) -> Place,
    ) {
        let Some(v) = value.map(Into::into) else {
            return;
        };
        // NaN is outside every range.
        if rule.contains(v.value()) {
            return;
        }
        let place = at(self);
        let phrase = rule.phrase();
        self.error(
            crate::Code::SpecOutOfRange,
            format!("{} {v} is out of range ({phrase})", rule.field),
            place,
            &format!("must be {phrase}"),
        )
        .help(format!(
            "AWS documents {phrase} for `{}` ({} in its API reference); AWS refuses a value outside",
            rule.field, rule.doc
        ));
    }

    fn cluster_ranges(&mut self) {
        let spec = self.spec;
        let (Some(c), Some(file)) = (spec.cluster.as_ref(), self.origins.cluster) else {
            return;
        };
        for (i, item) in c
            .default_capacity_provider_strategy
            .iter()
            .flatten()
            .enumerate()
        {
            let base = [K("defaultCapacityProviderStrategy"), I(i)];
            self.range(item.weight, &STRATEGY_WEIGHT, |c| {
                c.top(file, "cluster", &[base[0], base[1], K("weight")])
            });
            self.range(item.base, &STRATEGY_BASE, |c| {
                c.top(file, "cluster", &[base[0], base[1], K("base")])
            });
        }
    }

    fn namespace_ranges(&mut self) {
        let spec = self.spec;
        for (_, o, ns) in self.entries(List::Namespaces, &spec.namespaces) {
            let ttl = ns.properties.as_ref().map(|p| p.dns_properties.soa.ttl);
            self.range(ttl, &SOA_TTL, |c| {
                c.at(
                    &o,
                    &[K("properties"), K("dnsProperties"), K("soa"), K("TTL")],
                )
            });
        }
    }

    fn task_definition_ranges(&mut self) {
        let spec = self.spec;
        for (_, o, td) in self.entries(List::TaskDefinitions, &spec.task_definitions) {
            let o = &o;
            let at = |path: &'static [Seg]| move |c: &Self| c.at(o, path);
            self.range(
                td.ephemeral_storage.as_ref().map(|e| e.size_in_gib),
                &EPHEMERAL_STORAGE,
                at(&[K("ephemeralStorage"), K("sizeInGiB")]),
            );
            for (ci, cd) in td.container_definitions.iter().enumerate() {
                let c = [K("containerDefinitions"), I(ci)];
                let here = |tail: &[Seg]| {
                    let mut p = c.to_vec();
                    p.extend_from_slice(tail);
                    move |ch: &Self| ch.at(o, &p)
                };
                self.range(cd.cpu, &CONTAINER_CPU, here(&[K("cpu")]));
                self.range(cd.memory, &CONTAINER_MEMORY, here(&[K("memory")]));
                self.range(
                    cd.memory_reservation,
                    &CONTAINER_MEMORY_RESERVATION,
                    here(&[K("memoryReservation")]),
                );
                for (pi, pm) in cd.port_mappings.iter().flatten().enumerate() {
                    let p = [K("portMappings"), I(pi)];
                    self.range(
                        pm.container_port,
                        &port("containerPort", "ECS PortMapping"),
                        here(&[p[0], p[1], K("containerPort")]),
                    );
                    self.range(
                        pm.host_port,
                        &port("hostPort", "ECS PortMapping"),
                        here(&[p[0], p[1], K("hostPort")]),
                    );
                }
                if let Some(hc) = &cd.health_check {
                    let h = K("healthCheck");
                    self.range(hc.interval, &HC_INTERVAL, here(&[h, K("interval")]));
                    self.range(hc.timeout, &HC_TIMEOUT, here(&[h, K("timeout")]));
                    self.range(hc.retries, &HC_RETRIES, here(&[h, K("retries")]));
                    self.range(
                        hc.start_period,
                        &HC_START_PERIOD,
                        here(&[h, K("startPeriod")]),
                    );
                }
                if let Some(rp) = &cd.restart_policy {
                    self.range(
                        rp.restart_attempt_period,
                        &RESTART_PERIOD,
                        here(&[K("restartPolicy"), K("restartAttemptPeriod")]),
                    );
                }
                if let Some(lp) = &cd.linux_parameters {
                    let l = K("linuxParameters");
                    self.range(lp.max_swap, &MAX_SWAP, here(&[l, K("maxSwap")]));
                    self.range(lp.swappiness, &SWAPPINESS, here(&[l, K("swappiness")]));
                }
            }
        }
    }

    fn service_ranges(&mut self) {
        let spec = self.spec;
        for (_, o, svc) in self.entries(List::Services, &spec.services) {
            let o = &o;
            let here = |path: &[Seg]| {
                let p = path.to_vec();
                move |c: &Self| c.at(o, &p)
            };
            self.range(
                svc.desired_count,
                &DESIRED_COUNT,
                here(&[K("desiredCount")]),
            );
            self.range(
                svc.health_check_grace_period_seconds,
                &GRACE_PERIOD,
                here(&[K("healthCheckGracePeriodSeconds")]),
            );
            for (j, item) in svc.capacity_provider_strategy.iter().flatten().enumerate() {
                let s = [K("capacityProviderStrategy"), I(j)];
                self.range(
                    item.weight,
                    &STRATEGY_WEIGHT,
                    here(&[s[0], s[1], K("weight")]),
                );
                self.range(item.base, &STRATEGY_BASE, here(&[s[0], s[1], K("base")]));
            }
            if let Some(d) = &svc.deployment_configuration {
                let dc = K("deploymentConfiguration");
                self.range(
                    d.maximum_percent,
                    &MAXIMUM_PERCENT,
                    here(&[dc, K("maximumPercent")]),
                );
                self.range(
                    d.minimum_healthy_percent,
                    &MINIMUM_HEALTHY_PERCENT,
                    here(&[dc, K("minimumHealthyPercent")]),
                );
                if let Some(c) = &d.canary_configuration {
                    let k = K("canaryConfiguration");
                    self.range(
                        c.canary_percent,
                        &CANARY_PERCENT,
                        here(&[dc, k, K("canaryPercent")]),
                    );
                    self.range(
                        c.canary_bake_time_in_minutes,
                        &CANARY_BAKE_TIME,
                        here(&[dc, k, K("canaryBakeTimeInMinutes")]),
                    );
                }
                if let Some(l) = &d.linear_configuration {
                    let k = K("linearConfiguration");
                    self.range(
                        l.step_percent,
                        &STEP_PERCENT,
                        here(&[dc, k, K("stepPercent")]),
                    );
                    self.range(
                        l.step_bake_time_in_minutes,
                        &STEP_BAKE_TIME,
                        here(&[dc, k, K("stepBakeTimeInMinutes")]),
                    );
                }
                if let Some(e) = &d.early_success_criteria {
                    self.range(
                        e.healthy_percent,
                        &EARLY_HEALTHY_PERCENT,
                        here(&[dc, K("earlySuccessCriteria"), K("healthyPercent")]),
                    );
                }
                for (j, hook) in d.lifecycle_hooks.iter().flatten().enumerate() {
                    let t = hook
                        .timeout_configuration
                        .as_ref()
                        .and_then(|t| t.timeout_in_minutes);
                    self.range(
                        t,
                        &HOOK_TIMEOUT,
                        here(&[
                            dc,
                            K("lifecycleHooks"),
                            I(j),
                            K("timeoutConfiguration"),
                            K("timeoutInMinutes"),
                        ]),
                    );
                }
            }
            for (j, lb) in svc.load_balancers.iter().flatten().enumerate() {
                self.range(
                    lb.container_port,
                    &port("containerPort", "ECS LoadBalancer"),
                    here(&[K("loadBalancers"), I(j), K("containerPort")]),
                );
            }
            for (j, r) in svc.service_registries.iter().flatten().enumerate() {
                let s = [K("serviceRegistries"), I(j)];
                self.range(
                    r.port,
                    &port("port", "ECS ServiceRegistry"),
                    here(&[s[0], s[1], K("port")]),
                );
                self.range(
                    r.container_port,
                    &port("containerPort", "ECS ServiceRegistry"),
                    here(&[s[0], s[1], K("containerPort")]),
                );
            }
            let sc_services = svc
                .service_connect_configuration
                .as_ref()
                .and_then(|c| c.services.as_ref());
            for (j, s) in sc_services.into_iter().flatten().enumerate() {
                let p = [K("serviceConnectConfiguration"), K("services"), I(j)];
                self.range(
                    s.ingress_port_override,
                    &port("ingressPortOverride", "ECS ServiceConnectService"),
                    here(&[p[0], p[1], p[2], K("ingressPortOverride")]),
                );
                if let Some(t) = &s.timeout {
                    self.range(
                        t.idle_timeout_seconds,
                        &duration("idleTimeoutSeconds"),
                        here(&[p[0], p[1], p[2], K("timeout"), K("idleTimeoutSeconds")]),
                    );
                    self.range(
                        t.per_request_timeout_seconds,
                        &duration("perRequestTimeoutSeconds"),
                        here(&[
                            p[0],
                            p[1],
                            p[2],
                            K("timeout"),
                            K("perRequestTimeoutSeconds"),
                        ]),
                    );
                }
            }
            if let Some(a) = &svc.autoscaling {
                let k = K("autoscaling");
                self.range(
                    Some(a.max_capacity),
                    &MAX_CAPACITY,
                    here(&[k, K("maxCapacity")]),
                );
                for (j, action) in a.scheduled_actions.iter().flatten().enumerate() {
                    let Some(t) = &action.scalable_target_action else {
                        continue;
                    };
                    let p = [k, K("scheduledActions"), I(j), K("scalableTargetAction")];
                    self.range(
                        t.min_capacity,
                        &ACTION_MIN_CAPACITY,
                        here(&[p[0], p[1], p[2], p[3], K("minCapacity")]),
                    );
                    self.range(
                        t.max_capacity,
                        &ACTION_MAX_CAPACITY,
                        here(&[p[0], p[1], p[2], p[3], K("maxCapacity")]),
                    );
                }
            }
        }
    }

    fn load_balancing_ranges(&mut self) {
        let spec = self.spec;
        for (_, o, tg) in self.entries(List::TargetGroups, &spec.target_groups) {
            let o = &o;
            let here = |key: &'static str| move |c: &Self| c.at(o, &[K(key)]);
            self.range(tg.port, &TG_PORT, here("port"));
            self.range(
                tg.health_check_interval_seconds,
                &TG_INTERVAL,
                here("healthCheckIntervalSeconds"),
            );
            self.range(
                tg.health_check_timeout_seconds,
                &TG_TIMEOUT,
                here("healthCheckTimeoutSeconds"),
            );
            self.range(
                tg.healthy_threshold_count,
                &TG_HEALTHY,
                here("healthyThresholdCount"),
            );
            self.range(
                tg.unhealthy_threshold_count,
                &TG_UNHEALTHY,
                here("unhealthyThresholdCount"),
            );
            self.range(
                tg.target_control_port,
                &TG_CONTROL_PORT,
                here("targetControlPort"),
            );
        }
        for (_, o, l) in self.entries(List::Listeners, &spec.listeners) {
            for (a, action) in l.default_actions.iter().enumerate() {
                self.action_ranges(&o.join(&[K("defaultActions"), I(a)]), action);
            }
        }
        for (_, o, r) in self.entries(List::ListenerRules, &spec.listener_rules) {
            for (a, action) in r.actions.iter().enumerate() {
                self.action_ranges(&o.join(&[K("actions"), I(a)]), action);
            }
        }
    }

    fn action_ranges(&mut self, ae: &Loc, action: &crate::types::Action) {
        let here = |path: &[Seg]| {
            let p = path.to_vec();
            move |c: &Self| c.at(ae, &p)
        };
        self.range(action.order, &ACTION_ORDER, here(&[K("order")]));
        let Some(f) = &action.forward_config else {
            return;
        };
        for (t, tg) in f.target_groups.iter().flatten().enumerate() {
            self.range(
                tg.weight,
                &FORWARD_WEIGHT,
                here(&[K("forwardConfig"), K("targetGroups"), I(t), K("weight")]),
            );
        }
        if let Some(s) = &f.target_group_stickiness_config {
            self.range(
                s.duration_seconds,
                &STICKINESS,
                here(&[
                    K("forwardConfig"),
                    K("targetGroupStickinessConfig"),
                    K("durationSeconds"),
                ]),
            );
        }
    }
}
