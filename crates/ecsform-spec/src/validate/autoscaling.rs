//! A service's `autoscaling:`: its range, scaling policies and scheduled actions.

use super::locate::{I, K, Loc};
use super::report::{Ref, Seen};
use super::{Checker, Code};
use crate::types::{PolicyType, PredefinedMetricType, Service};

impl Checker<'_> {
    pub(super) fn autoscaling(&mut self, e: &Loc, svc: &Service, daemon: bool) {
        let Some(a) = &svc.autoscaling else { return };
        if daemon {
            return; // reported with the DAEMON checks
        }
        let ae = e.join(&[K("autoscaling")]);
        if a.min_capacity < 0 {
            let at = self.at(&ae, &[K("minCapacity")]);
            self.error(
                Code::SpecAutoscalingRange,
                format!("minCapacity of service `{}` is negative", svc.service_name),
                at,
                "below 0",
            )
            .help("minCapacity is 0 or more");
        }
        if a.min_capacity > a.max_capacity {
            let at = self.at(&ae, &[K("maxCapacity")]);
            let min = self.at(&ae, &[K("minCapacity")]);
            self.error(
                Code::SpecAutoscalingRange,
                format!(
                    "maxCapacity {} of service `{}` is below minCapacity {}",
                    a.max_capacity, svc.service_name, a.min_capacity
                ),
                at,
                "below minCapacity",
            )
            .label(min, "minCapacity")
            .help("minCapacity <= maxCapacity");
        } else if let Some(d) = svc.desired_count
            && (d < a.min_capacity || d > a.max_capacity)
        {
            let at = self.at(e, &[K("desiredCount")]);
            self.warning(
                Code::SpecDesiredCountOutsideRange,
                format!(
                    "desiredCount {d} of service `{}` is outside its autoscaling range {}..{}",
                    svc.service_name, a.min_capacity, a.max_capacity
                ),
                at,
                "outside min..max",
            )
            .help("the autoscaler will move it into the range at once; desiredCount only matters when the service is created");
        }
        let mut policy_names = Seen::default();
        let attached: Vec<&str> = svc
            .load_balancers
            .iter()
            .flatten()
            .filter_map(|l| l.target_group.as_deref())
            .collect();
        let tg_names = self.target_group_names();
        let unresolved: Vec<&str> = attached
            .iter()
            .copied()
            .filter(|n| !tg_names.contains(n))
            .collect();
        for (pi, p) in a.policies.iter().flatten().enumerate() {
            let pe = ae.join(&[K("policies"), I(pi)]);
            let at = self.at(&pe, &[K("policyName")]);
            if let Some(first) = policy_names.again(p.policy_name.as_str(), at) {
                self.twice(
                    Code::SpecDefinedTwice,
                    format!(
                        "scaling policy `{}` is defined twice for service `{}`",
                        p.policy_name, svc.service_name
                    ),
                    "defined",
                    at,
                    first,
                )
                .help("policy names are unique per scalable target");
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
                let at = self.at(&pe, &[K("policyType")]);
                self.error(
                    Code::SpecPolicyConfiguration,
                    format!(
                        "policy `{}` is {} but has no `{needed}`",
                        p.policy_name,
                        self.text(at)
                    ),
                    at,
                    "this policy type",
                )
                .help(format!("add `{needed}`"));
            }
            let Some(spec) = p
                .target_tracking_scaling_policy_configuration
                .as_ref()
                .and_then(|t| t.predefined_metric_specification.as_ref())
            else {
                continue;
            };
            let me = pe.join(&[
                K("targetTrackingScalingPolicyConfiguration"),
                K("predefinedMetricSpecification"),
            ]);
            if matches!(
                spec.predefined_metric_type,
                PredefinedMetricType::AlbRequestCountPerTarget
            ) {
                match (&spec.target_group, &spec.resource_label) {
                    (None, None) | (Some(_), Some(_)) => {
                        let at = self.at(&me, &[]);
                        self.error(
                            Code::SpecAlbRequestCountTarget,
                            format!(
                                "ALBRequestCountPerTarget policy `{}` needs exactly one of `targetGroup` and `resourceLabel`",
                                p.policy_name
                            ),
                            at,
                            "this metric",
                        )
                        .help("name the service's target group: `targetGroup: <name>` (ecsform derives the resource label)");
                    }
                    (Some(tg), None) => {
                        let at = self.at(&me, &[K("targetGroup")]);
                        if !tg_names.contains(&tg.as_str()) {
                            self.unresolved(
                                Ref::target_group(tg, at, &tg_names)
                                    .outside("outside the stack, give `resourceLabel` instead"),
                            );
                        } else if !attached.contains(&tg.as_str())
                            && !super::load_balancing::may_mean(&unresolved, &tg_names, tg)
                        {
                            let svc_at = self.key_at(e, &[K("loadBalancers")]);
                            self.error(
                                Code::SpecPolicyTargetGroupNotAttached,
                                format!(
                                    "policy `{}` counts requests of target group `{tg}`, which service `{}` is not behind",
                                    p.policy_name, svc.service_name
                                ),
                                at,
                                "not one of this service's target groups",
                            )
                            .label(svc_at, "the service's load balancers")
                            .help("ALBRequestCountPerTarget scales on a target group the service registers its tasks in: add it to `loadBalancers` or name one that is there");
                        }
                    }
                    (None, Some(_)) => {}
                }
            } else if spec.target_group.is_some() {
                let at = self.key_at(&me, &[K("targetGroup")]);
                self.error(
                    Code::SpecTargetGroupNotApplicable,
                    "`targetGroup` applies only to the ALBRequestCountPerTarget metric",
                    at,
                    "not used by this metric",
                )
                .help("remove it");
            }
        }
        let mut action_names = Seen::default();
        for (ai, sa) in a.scheduled_actions.iter().flatten().enumerate() {
            let at = self.at(
                &ae,
                &[K("scheduledActions"), I(ai), K("scheduledActionName")],
            );
            if let Some(first) = action_names.again(sa.scheduled_action_name.as_str(), at) {
                self.twice(
                    Code::SpecDefinedTwice,
                    format!(
                        "scheduled action `{}` is defined twice for service `{}`",
                        sa.scheduled_action_name, svc.service_name
                    ),
                    "defined",
                    at,
                    first,
                )
                .help("scheduled action names are unique per scalable target");
            }
        }
    }
}
