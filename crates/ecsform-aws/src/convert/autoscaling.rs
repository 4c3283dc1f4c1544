//! Application Auto Scaling of ECS services: conversions between the SDK's shapes
//! (`aws_sdk_applicationautoscaling::types`) and the stack file's `autoscaling` block
//! (`ecsform_spec::types`).
//!
//! - SDK -> spec (`*_from_sdk`): what DescribeScalableTargets, DescribeScalingPolicies and
//!   DescribeScheduledActions return, as a stack file would say it. The scalable target's
//!   derived members (`serviceNamespace`, `resourceId`, `scalableDimension`) and read-only
//!   ones (ARNs, creation times, `predictedCapacity`, a policy's `alarms`) have no spec
//!   field and are dropped. A predefined metric keeps its `resourceLabel` as returned, with
//!   `targetGroup` `None`: mapping labels to the stack's target groups is the model's job.
//! - spec -> SDK (`*_to_sdk`): the shapes PutScalingPolicy, PutScheduledAction and
//!   RegisterScalableTarget take. Several of the SDK's builders have required members and
//!   return `Result<_, BuildError>`; so do the converters that use them.
//! - Enums go through their wire strings. An SDK value that a spec enum does not know never
//!   panics: the optional field holding it becomes `None`; where the spec requires it, the
//!   function's documented fallback applies.

use std::collections::HashMap;

use aws_sdk_applicationautoscaling::types;
use aws_smithy_types::DateTime;
use aws_smithy_types::date_time::Format;
use aws_smithy_types::error::operation::BuildError;
use ecsform_spec::types as spec;

/// The wire string of a spec enum value (its serde name). Unit variants always serialize
/// to a string; the empty string is an unreachable fallback that keeps this panic-free.
macro_rules! wire {
    ($value:expr) => {
        match serde_json::to_value($value) {
            Ok(serde_json::Value::String(s)) => s,
            _ => String::new(),
        }
    };
}

/// A spec enum from an SDK enum, by wire string; `None` when the spec does not know it.
macro_rules! from_sdk_enum {
    ($sdk:expr) => {
        serde_json::from_value(serde_json::Value::String($sdk.as_str().to_owned())).ok()
    };
}

// ---------------------------------------------------------------------------------------
// Scalable target, tags, times
// ---------------------------------------------------------------------------------------

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
) -> spec::Autoscaling {
    spec::Autoscaling {
        min_capacity: target.min_capacity,
        max_capacity: target.max_capacity,
        role_arn: (!target.role_arn.is_empty()).then(|| target.role_arn.clone()),
        suspended_state: target
            .suspended_state
            .as_ref()
            .map(suspended_state_from_sdk),
        tags: non_empty(tags.to_vec()),
        policies: non_empty(policies.iter().map(scaling_policy_from_sdk).collect()),
        scheduled_actions: non_empty(actions.iter().map(scheduled_action_from_sdk).collect()),
    }
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

/// Suspended scaling activities for RegisterScalableTarget.
pub fn suspended_state_to_sdk(s: &spec::SuspendedState) -> types::SuspendedState {
    types::SuspendedState::builder()
        .set_dynamic_scaling_in_suspended(s.dynamic_scaling_in_suspended)
        .set_dynamic_scaling_out_suspended(s.dynamic_scaling_out_suspended)
        .set_scheduled_scaling_suspended(s.scheduled_scaling_suspended)
        .build()
}

/// Suspended scaling activities from the SDK.
pub fn suspended_state_from_sdk(s: &types::SuspendedState) -> spec::SuspendedState {
    spec::SuspendedState {
        dynamic_scaling_in_suspended: s.dynamic_scaling_in_suspended,
        dynamic_scaling_out_suspended: s.dynamic_scaling_out_suspended,
        scheduled_scaling_suspended: s.scheduled_scaling_suspended,
    }
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

// ---------------------------------------------------------------------------------------
// Scaling policies
// ---------------------------------------------------------------------------------------

/// A policy type for PutScalingPolicy.
pub fn policy_type_to_sdk(t: spec::PolicyType) -> types::PolicyType {
    types::PolicyType::from(wire!(t).as_str())
}

/// A scaling policy from DescribeScalingPolicies. A policy type unknown to ecsform is
/// inferred from the configuration the policy carries (target tracking when it carries
/// none ecsform knows). Not mapped: the policy's ARN, creation time and alarms.
pub fn scaling_policy_from_sdk(p: &types::ScalingPolicy) -> spec::ScalingPolicy {
    let policy_type = from_sdk_enum!(p.policy_type).unwrap_or_else(|| {
        if p.step_scaling_policy_configuration.is_some() {
            spec::PolicyType::StepScaling
        } else if p.predictive_scaling_policy_configuration.is_some() {
            spec::PolicyType::PredictiveScaling
        } else {
            spec::PolicyType::TargetTrackingScaling
        }
    });
    spec::ScalingPolicy {
        policy_name: p.policy_name.clone(),
        policy_type,
        target_tracking_scaling_policy_configuration: p
            .target_tracking_scaling_policy_configuration
            .as_ref()
            .map(target_tracking_from_sdk),
        step_scaling_policy_configuration: p
            .step_scaling_policy_configuration
            .as_ref()
            .map(step_scaling_from_sdk),
        predictive_scaling_policy_configuration: p
            .predictive_scaling_policy_configuration
            .as_ref()
            .map(predictive_scaling_from_sdk),
    }
}

/// A target tracking configuration for PutScalingPolicy. The predefined metric's label is
/// `resource_label` when given (the caller's resolution of `targetGroup`), else the spec's
/// `resourceLabel`.
pub fn target_tracking_to_sdk(
    cfg: &spec::TargetTrackingScalingPolicyConfiguration,
    resource_label: Option<&str>,
) -> Result<types::TargetTrackingScalingPolicyConfiguration, BuildError> {
    let predefined = cfg
        .predefined_metric_specification
        .as_ref()
        .map(|p| {
            types::PredefinedMetricSpecification::builder()
                .predefined_metric_type(types::MetricType::from(
                    wire!(p.predefined_metric_type).as_str(),
                ))
                .set_resource_label(
                    resource_label
                        .map(str::to_owned)
                        .or_else(|| p.resource_label.clone()),
                )
                .build()
        })
        .transpose()?;
    let customized = cfg
        .customized_metric_specification
        .as_ref()
        .map(customized_metric_to_sdk)
        .transpose()?;
    types::TargetTrackingScalingPolicyConfiguration::builder()
        .target_value(cfg.target_value)
        .set_predefined_metric_specification(predefined)
        .set_customized_metric_specification(customized)
        .set_scale_out_cooldown(cfg.scale_out_cooldown)
        .set_scale_in_cooldown(cfg.scale_in_cooldown)
        .set_disable_scale_in(cfg.disable_scale_in)
        .build()
}

/// A target tracking configuration from the SDK. A predefined metric type that the spec
/// does not list (the API's non-ECS types) drops `predefinedMetricSpecification`.
pub fn target_tracking_from_sdk(
    cfg: &types::TargetTrackingScalingPolicyConfiguration,
) -> spec::TargetTrackingScalingPolicyConfiguration {
    spec::TargetTrackingScalingPolicyConfiguration {
        target_value: cfg.target_value,
        predefined_metric_specification: cfg.predefined_metric_specification.as_ref().and_then(
            |p| {
                Some(spec::PredefinedMetricSpecification {
                    predefined_metric_type: from_sdk_enum!(p.predefined_metric_type)?,
                    resource_label: p.resource_label.clone(),
                    target_group: None,
                })
            },
        ),
        customized_metric_specification: cfg
            .customized_metric_specification
            .as_ref()
            .map(customized_metric_from_sdk),
        scale_out_cooldown: cfg.scale_out_cooldown,
        scale_in_cooldown: cfg.scale_in_cooldown,
        disable_scale_in: cfg.disable_scale_in,
    }
}

fn customized_metric_to_sdk(
    c: &spec::CustomizedMetricSpecification,
) -> Result<types::CustomizedMetricSpecification, BuildError> {
    let dimensions = c
        .dimensions
        .as_ref()
        .map(|ds| {
            ds.iter()
                .map(|d| {
                    types::MetricDimension::builder()
                        .name(&d.name)
                        .value(&d.value)
                        .build()
                })
                .collect::<Result<Vec<_>, _>>()
        })
        .transpose()?;
    let metrics = c
        .metrics
        .as_ref()
        .map(|qs| {
            qs.iter()
                .map(target_tracking_query_to_sdk)
                .collect::<Result<Vec<_>, _>>()
        })
        .transpose()?;
    Ok(types::CustomizedMetricSpecification::builder()
        .set_metric_name(c.metric_name.clone())
        .set_namespace(c.namespace.clone())
        .set_dimensions(dimensions)
        .set_statistic(
            c.statistic
                .map(|s| types::MetricStatistic::from(wire!(s).as_str())),
        )
        .set_unit(c.unit.clone())
        .set_metrics(metrics)
        .build())
}

fn customized_metric_from_sdk(
    c: &types::CustomizedMetricSpecification,
) -> spec::CustomizedMetricSpecification {
    spec::CustomizedMetricSpecification {
        metric_name: c.metric_name.clone(),
        namespace: c.namespace.clone(),
        dimensions: c.dimensions.as_ref().map(|ds| {
            ds.iter()
                .map(|d| spec::MetricDimension {
                    name: d.name.clone(),
                    value: d.value.clone(),
                })
                .collect()
        }),
        statistic: c.statistic.as_ref().and_then(|s| from_sdk_enum!(s)),
        unit: c.unit.clone(),
        metrics: c
            .metrics
            .as_ref()
            .map(|qs| qs.iter().map(target_tracking_query_from_sdk).collect()),
    }
}

fn target_tracking_query_to_sdk(
    q: &spec::TargetTrackingMetricDataQuery,
) -> Result<types::TargetTrackingMetricDataQuery, BuildError> {
    let metric_stat = q
        .metric_stat
        .as_ref()
        .map(|s| {
            let metric = s
                .metric
                .as_ref()
                .map(|m| {
                    let dimensions = m
                        .dimensions
                        .as_ref()
                        .map(|ds| {
                            ds.iter()
                                .map(|d| {
                                    types::TargetTrackingMetricDimension::builder()
                                        .name(&d.name)
                                        .value(&d.value)
                                        .build()
                                })
                                .collect::<Result<Vec<_>, _>>()
                        })
                        .transpose()?;
                    Ok::<_, BuildError>(
                        types::TargetTrackingMetric::builder()
                            .set_dimensions(dimensions)
                            .set_metric_name(m.metric_name.clone())
                            .set_namespace(m.namespace.clone())
                            .build(),
                    )
                })
                .transpose()?;
            types::TargetTrackingMetricStat::builder()
                .set_metric(metric)
                .stat(&s.stat)
                .set_unit(s.unit.clone())
                .build()
        })
        .transpose()?;
    types::TargetTrackingMetricDataQuery::builder()
        .set_expression(q.expression.clone())
        .id(&q.id)
        .set_label(q.label.clone())
        .set_metric_stat(metric_stat)
        .set_return_data(q.return_data)
        .build()
}

fn target_tracking_query_from_sdk(
    q: &types::TargetTrackingMetricDataQuery,
) -> spec::TargetTrackingMetricDataQuery {
    spec::TargetTrackingMetricDataQuery {
        expression: q.expression.clone(),
        id: q.id.clone(),
        label: q.label.clone(),
        metric_stat: q
            .metric_stat
            .as_ref()
            .map(|s| spec::TargetTrackingMetricStat {
                metric: s.metric.as_ref().map(|m| spec::TargetTrackingMetric {
                    dimensions: m.dimensions.as_ref().map(|ds| {
                        ds.iter()
                            .map(|d| spec::TargetTrackingMetricDimension {
                                name: d.name.clone(),
                                value: d.value.clone(),
                            })
                            .collect()
                    }),
                    metric_name: m.metric_name.clone(),
                    namespace: m.namespace.clone(),
                }),
                stat: s.stat.clone(),
                unit: s.unit.clone(),
            }),
        return_data: q.return_data,
    }
}

/// A step scaling configuration for PutScalingPolicy.
pub fn step_scaling_to_sdk(
    cfg: &spec::StepScalingPolicyConfiguration,
) -> Result<types::StepScalingPolicyConfiguration, BuildError> {
    let steps = cfg
        .step_adjustments
        .as_ref()
        .map(|steps| {
            steps
                .iter()
                .map(|s| {
                    types::StepAdjustment::builder()
                        .set_metric_interval_lower_bound(s.metric_interval_lower_bound)
                        .set_metric_interval_upper_bound(s.metric_interval_upper_bound)
                        .scaling_adjustment(s.scaling_adjustment)
                        .build()
                })
                .collect::<Result<Vec<_>, _>>()
        })
        .transpose()?;
    Ok(types::StepScalingPolicyConfiguration::builder()
        .set_adjustment_type(
            cfg.adjustment_type
                .map(|t| types::AdjustmentType::from(wire!(t).as_str())),
        )
        .set_step_adjustments(steps)
        .set_min_adjustment_magnitude(cfg.min_adjustment_magnitude)
        .set_cooldown(cfg.cooldown)
        .set_metric_aggregation_type(
            cfg.metric_aggregation_type
                .map(|t| types::MetricAggregationType::from(wire!(t).as_str())),
        )
        .build())
}

/// A step scaling configuration from the SDK.
pub fn step_scaling_from_sdk(
    cfg: &types::StepScalingPolicyConfiguration,
) -> spec::StepScalingPolicyConfiguration {
    spec::StepScalingPolicyConfiguration {
        adjustment_type: cfg.adjustment_type.as_ref().and_then(|t| from_sdk_enum!(t)),
        step_adjustments: cfg.step_adjustments.as_ref().map(|steps| {
            steps
                .iter()
                .map(|s| spec::StepAdjustment {
                    metric_interval_lower_bound: s.metric_interval_lower_bound,
                    metric_interval_upper_bound: s.metric_interval_upper_bound,
                    scaling_adjustment: s.scaling_adjustment,
                })
                .collect()
        }),
        min_adjustment_magnitude: cfg.min_adjustment_magnitude,
        cooldown: cfg.cooldown,
        metric_aggregation_type: cfg
            .metric_aggregation_type
            .as_ref()
            .and_then(|t| from_sdk_enum!(t)),
    }
}

/// A predictive scaling configuration for PutScalingPolicy.
pub fn predictive_scaling_to_sdk(
    cfg: &spec::PredictiveScalingPolicyConfiguration,
) -> Result<types::PredictiveScalingPolicyConfiguration, BuildError> {
    let specs = cfg
        .metric_specifications
        .iter()
        .map(predictive_metric_specification_to_sdk)
        .collect::<Result<Vec<_>, _>>()?;
    types::PredictiveScalingPolicyConfiguration::builder()
        .set_metric_specifications(Some(specs))
        .set_mode(
            cfg.mode
                .map(|m| types::PredictiveScalingMode::from(wire!(m).as_str())),
        )
        .set_scheduling_buffer_time(cfg.scheduling_buffer_time)
        .set_max_capacity_breach_behavior(
            cfg.max_capacity_breach_behavior.map(|b| {
                types::PredictiveScalingMaxCapacityBreachBehavior::from(wire!(b).as_str())
            }),
        )
        .set_max_capacity_buffer(cfg.max_capacity_buffer)
        .build()
}

/// A predictive scaling configuration from the SDK.
pub fn predictive_scaling_from_sdk(
    cfg: &types::PredictiveScalingPolicyConfiguration,
) -> spec::PredictiveScalingPolicyConfiguration {
    spec::PredictiveScalingPolicyConfiguration {
        metric_specifications: cfg
            .metric_specifications
            .iter()
            .map(predictive_metric_specification_from_sdk)
            .collect(),
        mode: cfg.mode.as_ref().and_then(|m| from_sdk_enum!(m)),
        scheduling_buffer_time: cfg.scheduling_buffer_time,
        max_capacity_breach_behavior: cfg
            .max_capacity_breach_behavior
            .as_ref()
            .and_then(|b| from_sdk_enum!(b)),
        max_capacity_buffer: cfg.max_capacity_buffer,
    }
}

fn predictive_metric_specification_to_sdk(
    s: &spec::PredictiveScalingMetricSpecification,
) -> Result<types::PredictiveScalingMetricSpecification, BuildError> {
    let pair = s
        .predefined_metric_pair_specification
        .as_ref()
        .map(|p| {
            types::PredictiveScalingPredefinedMetricPairSpecification::builder()
                .predefined_metric_type(&p.predefined_metric_type)
                .set_resource_label(p.resource_label.clone())
                .build()
        })
        .transpose()?;
    let scaling = s
        .predefined_scaling_metric_specification
        .as_ref()
        .map(|p| {
            types::PredictiveScalingPredefinedScalingMetricSpecification::builder()
                .predefined_metric_type(&p.predefined_metric_type)
                .set_resource_label(p.resource_label.clone())
                .build()
        })
        .transpose()?;
    let load = s
        .predefined_load_metric_specification
        .as_ref()
        .map(|p| {
            types::PredictiveScalingPredefinedLoadMetricSpecification::builder()
                .predefined_metric_type(&p.predefined_metric_type)
                .set_resource_label(p.resource_label.clone())
                .build()
        })
        .transpose()?;
    types::PredictiveScalingMetricSpecification::builder()
        .target_value(s.target_value)
        .set_predefined_metric_pair_specification(pair)
        .set_predefined_scaling_metric_specification(scaling)
        .set_predefined_load_metric_specification(load)
        .set_customized_scaling_metric_specification(predictive_customized_to_sdk(
            s.customized_scaling_metric_specification.as_ref(),
        )?)
        .set_customized_load_metric_specification(predictive_customized_to_sdk(
            s.customized_load_metric_specification.as_ref(),
        )?)
        .set_customized_capacity_metric_specification(predictive_customized_to_sdk(
            s.customized_capacity_metric_specification.as_ref(),
        )?)
        .build()
}

fn predictive_metric_specification_from_sdk(
    s: &types::PredictiveScalingMetricSpecification,
) -> spec::PredictiveScalingMetricSpecification {
    spec::PredictiveScalingMetricSpecification {
        target_value: s.target_value,
        predefined_metric_pair_specification: s.predefined_metric_pair_specification.as_ref().map(
            |p| spec::PredictiveScalingPredefinedMetricPairSpecification {
                predefined_metric_type: p.predefined_metric_type.clone(),
                resource_label: p.resource_label.clone(),
            },
        ),
        predefined_scaling_metric_specification: s
            .predefined_scaling_metric_specification
            .as_ref()
            .map(
                |p| spec::PredictiveScalingPredefinedScalingMetricSpecification {
                    predefined_metric_type: p.predefined_metric_type.clone(),
                    resource_label: p.resource_label.clone(),
                },
            ),
        predefined_load_metric_specification: s.predefined_load_metric_specification.as_ref().map(
            |p| spec::PredictiveScalingPredefinedLoadMetricSpecification {
                predefined_metric_type: p.predefined_metric_type.clone(),
                resource_label: p.resource_label.clone(),
            },
        ),
        customized_scaling_metric_specification: s
            .customized_scaling_metric_specification
            .as_ref()
            .map(predictive_customized_from_sdk),
        customized_load_metric_specification: s
            .customized_load_metric_specification
            .as_ref()
            .map(predictive_customized_from_sdk),
        customized_capacity_metric_specification: s
            .customized_capacity_metric_specification
            .as_ref()
            .map(predictive_customized_from_sdk),
    }
}

fn predictive_customized_to_sdk(
    c: Option<&spec::PredictiveScalingCustomizedMetricSpecification>,
) -> Result<Option<types::PredictiveScalingCustomizedMetricSpecification>, BuildError> {
    let Some(c) = c else {
        return Ok(None);
    };
    let queries = c
        .metric_data_queries
        .iter()
        .map(predictive_query_to_sdk)
        .collect::<Result<Vec<_>, _>>()?;
    types::PredictiveScalingCustomizedMetricSpecification::builder()
        .set_metric_data_queries(Some(queries))
        .build()
        .map(Some)
}

fn predictive_customized_from_sdk(
    c: &types::PredictiveScalingCustomizedMetricSpecification,
) -> spec::PredictiveScalingCustomizedMetricSpecification {
    spec::PredictiveScalingCustomizedMetricSpecification {
        metric_data_queries: c
            .metric_data_queries
            .iter()
            .map(predictive_query_from_sdk)
            .collect(),
    }
}

fn predictive_query_to_sdk(
    q: &spec::PredictiveScalingMetricDataQuery,
) -> Result<types::PredictiveScalingMetricDataQuery, BuildError> {
    let metric_stat = q
        .metric_stat
        .as_ref()
        .map(|s| {
            let metric = s
                .metric
                .as_ref()
                .map(|m| {
                    let dimensions = m
                        .dimensions
                        .as_ref()
                        .map(|ds| {
                            ds.iter()
                                .map(|d| {
                                    types::PredictiveScalingMetricDimension::builder()
                                        .name(&d.name)
                                        .value(&d.value)
                                        .build()
                                })
                                .collect::<Result<Vec<_>, _>>()
                        })
                        .transpose()?;
                    Ok::<_, BuildError>(
                        types::PredictiveScalingMetric::builder()
                            .set_dimensions(dimensions)
                            .set_metric_name(m.metric_name.clone())
                            .set_namespace(m.namespace.clone())
                            .build(),
                    )
                })
                .transpose()?;
            types::PredictiveScalingMetricStat::builder()
                .set_metric(metric)
                .stat(&s.stat)
                .set_unit(s.unit.clone())
                .build()
        })
        .transpose()?;
    types::PredictiveScalingMetricDataQuery::builder()
        .id(&q.id)
        .set_expression(q.expression.clone())
        .set_metric_stat(metric_stat)
        .set_label(q.label.clone())
        .set_return_data(q.return_data)
        .build()
}

fn predictive_query_from_sdk(
    q: &types::PredictiveScalingMetricDataQuery,
) -> spec::PredictiveScalingMetricDataQuery {
    spec::PredictiveScalingMetricDataQuery {
        id: q.id.clone(),
        expression: q.expression.clone(),
        metric_stat: q
            .metric_stat
            .as_ref()
            .map(|s| spec::PredictiveScalingMetricStat {
                metric: s.metric.as_ref().map(|m| spec::PredictiveScalingMetric {
                    dimensions: m.dimensions.as_ref().map(|ds| {
                        ds.iter()
                            .map(|d| spec::PredictiveScalingMetricDimension {
                                name: d.name.clone(),
                                value: d.value.clone(),
                            })
                            .collect()
                    }),
                    metric_name: m.metric_name.clone(),
                    namespace: m.namespace.clone(),
                }),
                stat: s.stat.clone(),
                unit: s.unit.clone(),
            }),
        label: q.label.clone(),
        return_data: q.return_data,
    }
}

// ---------------------------------------------------------------------------------------
// Scheduled actions
// ---------------------------------------------------------------------------------------

/// A scheduled action from DescribeScheduledActions. `startTime` and `endTime` become ISO
/// 8601 strings in UTC (see [`format_time`]). Not mapped: the ARN, creation time and the
/// derived resource ID and scalable dimension.
pub fn scheduled_action_from_sdk(a: &types::ScheduledAction) -> spec::ScheduledAction {
    spec::ScheduledAction {
        scheduled_action_name: a.scheduled_action_name.clone(),
        schedule: a.schedule.clone(),
        timezone: a.timezone.clone(),
        start_time: a.start_time.as_ref().and_then(format_time),
        end_time: a.end_time.as_ref().and_then(format_time),
        scalable_target_action: a
            .scalable_target_action
            .as_ref()
            .map(scalable_target_action_from_sdk),
    }
}

/// The capacity a scheduled action sets, for PutScheduledAction.
pub fn scalable_target_action_to_sdk(
    a: &spec::ScalableTargetAction,
) -> types::ScalableTargetAction {
    types::ScalableTargetAction::builder()
        .set_min_capacity(a.min_capacity)
        .set_max_capacity(a.max_capacity)
        .build()
}

/// The capacity a scheduled action sets, from the SDK.
pub fn scalable_target_action_from_sdk(
    a: &types::ScalableTargetAction,
) -> spec::ScalableTargetAction {
    spec::ScalableTargetAction {
        min_capacity: a.min_capacity,
        max_capacity: a.max_capacity,
    }
}

fn non_empty<T>(v: Vec<T>) -> Option<Vec<T>> {
    if v.is_empty() { None } else { Some(v) }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

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
        scaling_policy_from_sdk(&sdk)
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
        assert_eq!(scheduled_action_from_sdk(&sdk), a);
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
        let a = autoscaling_from_sdk(&target, &[], &[], &tags);
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
