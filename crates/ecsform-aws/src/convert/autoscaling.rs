//! Application Auto Scaling of ECS services between the AWS SDK
//! (`aws_sdk_applicationautoscaling::types`) and the stack file's `autoscaling` block
//! (`ecsform_spec::types`). Every member converts through the derived conversions of the
//! file's types (`ecsform_spec::shape`); what is here is ecsform's own: the block read
//! from a target, its policies, scheduled actions and tags; tags as a map; schedule
//! times; a predefined metric's `resourceLabel` from a target group of the stack.
//!
//! The scalable target's derived members (`serviceNamespace`, `resourceId`,
//! `scalableDimension`) and read-only ones (ARNs, creation times, `predictedCapacity`, a
//! policy's `alarms`) have no file member and are not read. A predefined metric keeps its
//! `resourceLabel` as returned, with `targetGroup` `None`: mapping labels to the stack's
//! target groups is the model's job.

use std::collections::HashMap;

use aws_sdk_applicationautoscaling::types;
use aws_smithy_types::DateTime;
use aws_smithy_types::date_time::Format;
use aws_smithy_types::error::operation::BuildError;
use ecsform_spec::shape::{FromSdk, ToSdk};
use ecsform_spec::types as spec;

/// A service's `autoscaling` block from its scalable target, scaling policies, scheduled
/// actions and tags (already converted by [`tags_from_sdk`] or the caller).
///
/// `roleArn` is the target's `RoleARN` as returned: AWS reports the service-linked role
/// when none was given, so a stack file that leaves `roleArn` out differs from this by that
/// default. `policies`, `scheduledActions` and `tags` are `None` when empty.
pub fn autoscaling_from_sdk(
    target: &types::ScalableTarget,
    policies: &[types::ScalingPolicy],
    actions: &[types::ScheduledAction],
    tags: &[spec::Tag],
) -> Option<spec::Autoscaling> {
    let mut out = spec::Autoscaling::from_sdk(target)?;
    out.tags = non_empty(tags.to_vec());
    out.policies = non_empty(
        policies
            .iter()
            .filter_map(scaling_policy_from_sdk)
            .collect(),
    );
    out.scheduled_actions = non_empty(
        actions
            .iter()
            .filter_map(scheduled_action_from_sdk)
            .collect(),
    );
    Some(out)
}

/// Tags for RegisterScalableTarget and TagResource (Application Auto Scaling's map shape).
/// A repeated key keeps its last value.
pub fn tags_to_sdk(tags: &[spec::Tag]) -> HashMap<String, String> {
    tags.iter()
        .map(|t| (t.key.clone(), t.value.clone()))
        .collect()
}

/// Tags from ListTagsForResource, sorted by key (the map has no order); `None` when empty.
pub fn tags_from_sdk(tags: &HashMap<String, String>) -> Option<Vec<spec::Tag>> {
    let mut out: Vec<spec::Tag> = tags
        .iter()
        .map(|(key, value)| spec::Tag {
            key: key.clone(),
            value: value.clone(),
        })
        .collect();
    out.sort();
    non_empty(out)
}

/// A schedule time from the stack file: an RFC 3339 / ISO 8601 date and time with `Z` or
/// an offset (`2026-01-02T03:04:05Z`, `2026-01-02T05:04:05+02:00`), or without a zone,
/// which is read as UTC (`2026-01-02T03:04:05`). `None` if it is none of these.
pub fn parse_time(s: &str) -> Option<DateTime> {
    DateTime::from_str(s, Format::DateTimeWithOffset)
        .or_else(|_| DateTime::from_str(&format!("{s}Z"), Format::DateTime))
        .ok()
}

/// A schedule time for the stack file, as ISO 8601 in UTC (`2026-01-02T03:04:05Z`, with a
/// fraction only when there is one); `None` for a time outside years 1-9999.
pub fn format_time(t: &DateTime) -> Option<String> {
    t.fmt(Format::DateTime).ok()
}

/// A scaling policy from DescribeScalingPolicies (a type unknown to ecsform is inferred
/// from the configuration the policy carries). Not read: the policy's ARN, creation time
/// and alarms.
pub fn scaling_policy_from_sdk(p: &types::ScalingPolicy) -> Option<spec::ScalingPolicy> {
    spec::ScalingPolicy::from_sdk(p)
}

/// A target tracking configuration for PutScalingPolicy. The predefined metric's label is
/// `resource_label` when given (the caller's resolution of `targetGroup`), else the file's
/// `resourceLabel`.
///
/// # Errors
/// When a nested structure lacks a member the SDK requires.
pub fn target_tracking_to_sdk(
    cfg: &spec::TargetTrackingScalingPolicyConfiguration,
    resource_label: Option<&str>,
) -> Result<types::TargetTrackingScalingPolicyConfiguration, BuildError> {
    let mut cfg = cfg.clone();
    if let (Some(label), Some(p)) = (resource_label, cfg.predefined_metric_specification.as_mut()) {
        p.resource_label = Some(label.to_owned());
    }
    cfg.to_sdk()
}

/// A scheduled action from DescribeScheduledActions. `startTime` and `endTime` become ISO
/// 8601 strings in UTC (see [`format_time`]). Not read: the ARN, creation time and the
/// derived resource ID and scalable dimension.
pub fn scheduled_action_from_sdk(a: &types::ScheduledAction) -> Option<spec::ScheduledAction> {
    let mut out = spec::ScheduledAction::from_sdk(a)?;
    out.start_time = a.start_time.as_ref().and_then(format_time);
    out.end_time = a.end_time.as_ref().and_then(format_time);
    Some(out)
}

fn non_empty<T>(v: Vec<T>) -> Option<Vec<T>> {
    if v.is_empty() { None } else { Some(v) }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    // The conversions are derived from the file's types (`ecsform_spec::shape`); these
    // tests name each under the name its hand-written predecessor had.
    fn target_tracking_from_sdk(
        c: &types::TargetTrackingScalingPolicyConfiguration,
    ) -> spec::TargetTrackingScalingPolicyConfiguration {
        FromSdk::from_sdk(c).unwrap()
    }

    fn policy_type_to_sdk(t: spec::PolicyType) -> types::PolicyType {
        t.into()
    }

    fn step_scaling_to_sdk(
        c: &spec::StepScalingPolicyConfiguration,
    ) -> Result<types::StepScalingPolicyConfiguration, BuildError> {
        c.to_sdk()
    }

    fn predictive_scaling_to_sdk(
        c: &spec::PredictiveScalingPolicyConfiguration,
    ) -> Result<types::PredictiveScalingPolicyConfiguration, BuildError> {
        c.to_sdk()
    }

    fn scalable_target_action_to_sdk(
        a: &spec::ScalableTargetAction,
    ) -> types::ScalableTargetAction {
        a.to_sdk().unwrap()
    }

    const LABEL: &str = "app/web/0123456789abcdef/targetgroup/web/fedcba9876543210";

    fn policy_round_trip(p: &spec::ScalingPolicy) -> spec::ScalingPolicy {
        let sdk = types::ScalingPolicy::builder()
            .policy_arn("arn:aws:autoscaling:eu-west-1:123456789012:scalingPolicy:x")
            .policy_name(&p.policy_name)
            .service_namespace(types::ServiceNamespace::Ecs)
            .resource_id("service/main/web")
            .scalable_dimension(types::ScalableDimension::EcsServiceDesiredCount)
            .policy_type(policy_type_to_sdk(p.policy_type))
            .set_target_tracking_scaling_policy_configuration(
                p.target_tracking_scaling_policy_configuration
                    .as_ref()
                    .map(|c| target_tracking_to_sdk(c, None).unwrap()),
            )
            .set_step_scaling_policy_configuration(
                p.step_scaling_policy_configuration
                    .as_ref()
                    .map(|c| step_scaling_to_sdk(c).unwrap()),
            )
            .set_predictive_scaling_policy_configuration(
                p.predictive_scaling_policy_configuration
                    .as_ref()
                    .map(|c| predictive_scaling_to_sdk(c).unwrap()),
            )
            .creation_time(DateTime::from_secs(0))
            .build()
            .unwrap();
        scaling_policy_from_sdk(&sdk).unwrap()
    }

    fn target_tracking(
        predefined: Option<spec::PredefinedMetricSpecification>,
        customized: Option<spec::CustomizedMetricSpecification>,
    ) -> spec::ScalingPolicy {
        spec::ScalingPolicy {
            policy_name: "cpu".into(),
            policy_type: spec::PolicyType::TargetTrackingScaling,
            target_tracking_scaling_policy_configuration: Some(
                spec::TargetTrackingScalingPolicyConfiguration {
                    target_value: 70.5,
                    predefined_metric_specification: predefined,
                    customized_metric_specification: customized,
                    scale_out_cooldown: Some(60),
                    scale_in_cooldown: Some(300),
                    disable_scale_in: Some(false),
                },
            ),
            step_scaling_policy_configuration: None,
            predictive_scaling_policy_configuration: None,
        }
    }

    #[test]
    fn target_tracking_predefined_round_trips() {
        let p = target_tracking(
            Some(spec::PredefinedMetricSpecification {
                predefined_metric_type: spec::PredefinedMetricType::AlbRequestCountPerTarget,
                resource_label: Some(LABEL.into()),
                target_group: None,
            }),
            None,
        );
        assert_eq!(policy_round_trip(&p), p);
    }

    #[test]
    fn target_tracking_label_comes_from_the_caller_first() {
        let cfg = spec::TargetTrackingScalingPolicyConfiguration {
            target_value: 100.0,
            predefined_metric_specification: Some(spec::PredefinedMetricSpecification {
                predefined_metric_type: spec::PredefinedMetricType::AlbRequestCountPerTarget,
                resource_label: None,
                target_group: Some("web".into()),
            }),
            customized_metric_specification: None,
            scale_out_cooldown: None,
            scale_in_cooldown: None,
            disable_scale_in: None,
        };
        let sdk = target_tracking_to_sdk(&cfg, Some(LABEL)).unwrap();
        let back = target_tracking_from_sdk(&sdk);
        let predefined = back.predefined_metric_specification.unwrap();
        assert_eq!(predefined.resource_label.as_deref(), Some(LABEL));
        assert_eq!(predefined.target_group, None);
    }

    #[test]
    fn target_tracking_customized_round_trips() {
        let p = target_tracking(
            None,
            Some(spec::CustomizedMetricSpecification {
                metric_name: None,
                namespace: None,
                dimensions: None,
                statistic: None,
                unit: None,
                metrics: Some(vec![
                    spec::TargetTrackingMetricDataQuery {
                        expression: None,
                        id: "m1".into(),
                        label: Some("queue depth".into()),
                        metric_stat: Some(spec::TargetTrackingMetricStat {
                            metric: Some(spec::TargetTrackingMetric {
                                dimensions: Some(vec![spec::TargetTrackingMetricDimension {
                                    name: "QueueName".into(),
                                    value: "jobs".into(),
                                }]),
                                metric_name: Some("ApproximateNumberOfMessagesVisible".into()),
                                namespace: Some("AWS/SQS".into()),
                            }),
                            stat: "Sum".into(),
                            unit: Some("Count".into()),
                        }),
                        return_data: Some(false),
                    },
                    spec::TargetTrackingMetricDataQuery {
                        expression: Some("m1 / 10".into()),
                        id: "e1".into(),
                        label: Some("backlog per task".into()),
                        metric_stat: None,
                        return_data: Some(true),
                    },
                ]),
            }),
        );
        assert_eq!(policy_round_trip(&p), p);

        let classic = target_tracking(
            None,
            Some(spec::CustomizedMetricSpecification {
                metric_name: Some("CPUUtilization".into()),
                namespace: Some("AWS/ECS".into()),
                dimensions: Some(vec![spec::MetricDimension {
                    name: "ServiceName".into(),
                    value: "web".into(),
                }]),
                statistic: Some(spec::MetricStatistic::Average),
                unit: Some("Percent".into()),
                metrics: None,
            }),
        );
        assert_eq!(policy_round_trip(&classic), classic);
    }

    #[test]
    fn step_scaling_round_trips() {
        let p = spec::ScalingPolicy {
            policy_name: "steps".into(),
            policy_type: spec::PolicyType::StepScaling,
            target_tracking_scaling_policy_configuration: None,
            step_scaling_policy_configuration: Some(spec::StepScalingPolicyConfiguration {
                adjustment_type: Some(spec::AdjustmentType::PercentChangeInCapacity),
                step_adjustments: Some(vec![
                    spec::StepAdjustment {
                        metric_interval_lower_bound: Some(0.0),
                        metric_interval_upper_bound: Some(15.5),
                        scaling_adjustment: 10,
                    },
                    spec::StepAdjustment {
                        metric_interval_lower_bound: Some(15.5),
                        metric_interval_upper_bound: None,
                        scaling_adjustment: 30,
                    },
                ]),
                min_adjustment_magnitude: Some(2),
                cooldown: Some(120),
                metric_aggregation_type: Some(spec::MetricAggregationType::Maximum),
            }),
            predictive_scaling_policy_configuration: None,
        };
        assert_eq!(policy_round_trip(&p), p);
    }

    #[test]
    fn predictive_scaling_round_trips() {
        let query =
            |id: &str, metric: &str, return_data: bool| spec::PredictiveScalingMetricDataQuery {
                id: id.into(),
                expression: None,
                metric_stat: Some(spec::PredictiveScalingMetricStat {
                    metric: Some(spec::PredictiveScalingMetric {
                        dimensions: Some(vec![spec::PredictiveScalingMetricDimension {
                            name: "ServiceName".into(),
                            value: "web".into(),
                        }]),
                        metric_name: Some(metric.into()),
                        namespace: Some("AWS/ECS".into()),
                    }),
                    stat: "Average".into(),
                    unit: None,
                }),
                label: Some(metric.into()),
                return_data: Some(return_data),
            };
        let p = spec::ScalingPolicy {
            policy_name: "forecast".into(),
            policy_type: spec::PolicyType::PredictiveScaling,
            target_tracking_scaling_policy_configuration: None,
            step_scaling_policy_configuration: None,
            predictive_scaling_policy_configuration: Some(
                spec::PredictiveScalingPolicyConfiguration {
                    metric_specifications: vec![
                        spec::PredictiveScalingMetricSpecification {
                            target_value: 40.0,
                            predefined_metric_pair_specification: Some(
                                spec::PredictiveScalingPredefinedMetricPairSpecification {
                                    predefined_metric_type: "ALBRequestCount".into(),
                                    resource_label: Some(LABEL.into()),
                                },
                            ),
                            predefined_scaling_metric_specification: None,
                            predefined_load_metric_specification: None,
                            customized_scaling_metric_specification: None,
                            customized_load_metric_specification: None,
                            customized_capacity_metric_specification: None,
                        },
                        spec::PredictiveScalingMetricSpecification {
                            target_value: 60.0,
                            predefined_metric_pair_specification: None,
                            predefined_scaling_metric_specification: Some(
                                spec::PredictiveScalingPredefinedScalingMetricSpecification {
                                    predefined_metric_type: "ECSServiceAverageCPUUtilization"
                                        .into(),
                                    resource_label: None,
                                },
                            ),
                            predefined_load_metric_specification: Some(
                                spec::PredictiveScalingPredefinedLoadMetricSpecification {
                                    predefined_metric_type: "ECSServiceTotalCPUUtilization".into(),
                                    resource_label: None,
                                },
                            ),
                            customized_scaling_metric_specification: None,
                            customized_load_metric_specification: None,
                            customized_capacity_metric_specification: None,
                        },
                        spec::PredictiveScalingMetricSpecification {
                            target_value: 50.0,
                            predefined_metric_pair_specification: None,
                            predefined_scaling_metric_specification: None,
                            predefined_load_metric_specification: None,
                            customized_scaling_metric_specification: Some(
                                spec::PredictiveScalingCustomizedMetricSpecification {
                                    metric_data_queries: vec![query("s", "CPUUtilization", true)],
                                },
                            ),
                            customized_load_metric_specification: Some(
                                spec::PredictiveScalingCustomizedMetricSpecification {
                                    metric_data_queries: vec![
                                        query("l", "CPUUtilization", false),
                                        spec::PredictiveScalingMetricDataQuery {
                                            id: "total".into(),
                                            expression: Some("l * 4".into()),
                                            metric_stat: None,
                                            label: None,
                                            return_data: Some(true),
                                        },
                                    ],
                                },
                            ),
                            customized_capacity_metric_specification: Some(
                                spec::PredictiveScalingCustomizedMetricSpecification {
                                    metric_data_queries: vec![query("c", "RunningTaskCount", true)],
                                },
                            ),
                        },
                    ],
                    mode: Some(spec::PredictiveScalingMode::ForecastAndScale),
                    scheduling_buffer_time: Some(600),
                    max_capacity_breach_behavior: Some(
                        spec::PredictiveScalingMaxCapacityBreachBehavior::IncreaseMaxCapacity,
                    ),
                    max_capacity_buffer: Some(10),
                },
            ),
        };
        assert_eq!(policy_round_trip(&p), p);
    }

    #[test]
    fn scheduled_action_round_trips() {
        let a = spec::ScheduledAction {
            scheduled_action_name: "business-hours".into(),
            schedule: "cron(0 8 ? * MON-FRI *)".into(),
            timezone: Some("Europe/Berlin".into()),
            start_time: Some("2026-01-02T03:04:05Z".into()),
            end_time: Some("2026-12-31T23:59:59Z".into()),
            scalable_target_action: Some(spec::ScalableTargetAction {
                min_capacity: Some(2),
                max_capacity: Some(10),
            }),
        };
        let sdk = types::ScheduledAction::builder()
            .scheduled_action_name(&a.scheduled_action_name)
            .scheduled_action_arn("arn:aws:autoscaling:eu-west-1:123456789012:scheduledAction:x")
            .service_namespace(types::ServiceNamespace::Ecs)
            .schedule(&a.schedule)
            .set_timezone(a.timezone.clone())
            .resource_id("service/main/web")
            .scalable_dimension(types::ScalableDimension::EcsServiceDesiredCount)
            .set_start_time(a.start_time.as_deref().and_then(parse_time))
            .set_end_time(a.end_time.as_deref().and_then(parse_time))
            .set_scalable_target_action(
                a.scalable_target_action
                    .as_ref()
                    .map(scalable_target_action_to_sdk),
            )
            .creation_time(DateTime::from_secs(0))
            .build()
            .unwrap();
        assert_eq!(scheduled_action_from_sdk(&sdk).unwrap(), a);
    }

    #[test]
    fn times_parse_and_format() {
        let utc = parse_time("2026-01-02T03:04:05Z").unwrap();
        assert_eq!(format_time(&utc).as_deref(), Some("2026-01-02T03:04:05Z"));
        assert_eq!(parse_time("2026-01-02T05:04:05+02:00"), Some(utc));
        assert_eq!(parse_time("2026-01-02T03:04:05"), Some(utc));
        assert_eq!(
            format_time(&parse_time("2026-01-02T03:04:05.5Z").unwrap()).as_deref(),
            Some("2026-01-02T03:04:05.5Z")
        );
        assert_eq!(parse_time("next tuesday"), None);
        assert_eq!(parse_time(""), None);
    }

    #[test]
    fn autoscaling_from_scalable_target() {
        let target = types::ScalableTarget::builder()
            .service_namespace(types::ServiceNamespace::Ecs)
            .resource_id("service/main/web")
            .scalable_dimension(types::ScalableDimension::EcsServiceDesiredCount)
            .min_capacity(1)
            .max_capacity(4)
            .role_arn("arn:aws:iam::123456789012:role/aws-service-role/ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService")
            .creation_time(DateTime::from_secs(0))
            .suspended_state(
                types::SuspendedState::builder()
                    .dynamic_scaling_in_suspended(true)
                    .build(),
            )
            .build()
            .unwrap();
        let tags = tags_from_sdk(&HashMap::from([
            ("team".to_owned(), "web".to_owned()),
            ("app".to_owned(), "shop".to_owned()),
        ]))
        .unwrap();
        assert_eq!(tags[0].key, "app");
        let a = autoscaling_from_sdk(&target, &[], &[], &tags).unwrap();
        assert_eq!(a.min_capacity, 1);
        assert_eq!(a.max_capacity, 4);
        assert!(a.role_arn.unwrap().ends_with("_ECSService"));
        assert_eq!(
            a.suspended_state,
            Some(spec::SuspendedState {
                dynamic_scaling_in_suspended: Some(true),
                dynamic_scaling_out_suspended: None,
                scheduled_scaling_suspended: None,
            })
        );
        assert_eq!(a.tags.as_ref().map(Vec::len), Some(2));
        assert_eq!(a.policies, None);
        assert_eq!(a.scheduled_actions, None);
        assert_eq!(
            tags_to_sdk(&tags).get("team").map(String::as_str),
            Some("web")
        );
    }

    #[test]
    fn unknown_metric_type_drops_the_predefined_metric() {
        let cfg = types::TargetTrackingScalingPolicyConfiguration::builder()
            .target_value(50.0)
            .predefined_metric_specification(
                types::PredefinedMetricSpecification::builder()
                    .predefined_metric_type(types::MetricType::DynamoDbReadCapacityUtilization)
                    .build()
                    .unwrap(),
            )
            .build()
            .unwrap();
        assert_eq!(
            target_tracking_from_sdk(&cfg).predefined_metric_specification,
            None
        );
    }
}
