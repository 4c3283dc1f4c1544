//! Application Auto Scaling of an ECS service (RegisterScalableTarget, PutScalingPolicy and
//! PutScheduledAction input).
//!
//! The scalable target's `ServiceNamespace` (`ecs`), `ScalableDimension`
//! (`ecs:service:DesiredCount`) and `ResourceId` (`service/<cluster>/<service>`) are derived
//! by ecsform and are not fields. Field names are Application Auto Scaling's PascalCase
//! member names with a lower-case first letter.

use ecsform_derive::Shape;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Tag;

/// The service's Application Auto Scaling: its scalable target, scaling policies and scheduled actions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
#[shape(
    from = "aws_sdk_applicationautoscaling::types::ScalableTarget",
    request = "aws_sdk_applicationautoscaling::operation::register_scalable_target::builders::RegisterScalableTargetFluentBuilder"
)]
pub struct Autoscaling {
    /// The minimum number of tasks Application Auto Scaling scales in to.
    pub min_capacity: i32,
    /// The maximum number of tasks Application Auto Scaling scales out to.
    pub max_capacity: i32,
    /// An IAM role for Application Auto Scaling; by default its service-linked role is used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<String>,
    /// Which scaling activities are suspended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suspended_state: Option<SuspendedState>,
    /// Tags of the scalable target. ecsform adds its own ownership tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[shape(skip)]
    pub tags: Option<Vec<Tag>>,
    /// Scaling policies of the service (PutScalingPolicy input).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[shape(skip)]
    pub policies: Option<Vec<ScalingPolicy>>,
    /// Scheduled actions of the service (PutScheduledAction input).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[shape(skip)]
    pub scheduled_actions: Option<Vec<ScheduledAction>>,
}

/// Whether the scaling activities of a scalable target are suspended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_applicationautoscaling::types::SuspendedState")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct SuspendedState {
    /// Whether scale in by target tracking and step scaling policies is suspended (default `false`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dynamic_scaling_in_suspended: Option<bool>,
    /// Whether scale out by target tracking and step scaling policies is suspended (default `false`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dynamic_scaling_out_suspended: Option<bool>,
    /// Whether scheduled scaling is suspended (default `false`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheduled_scaling_suspended: Option<bool>,
}

/// A scaling policy of the service (PutScalingPolicy input).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
#[shape(
    from = "aws_sdk_applicationautoscaling::types::ScalingPolicy",
    request = "aws_sdk_applicationautoscaling::operation::put_scaling_policy::builders::PutScalingPolicyFluentBuilder"
)]
pub struct ScalingPolicy {
    /// The name of the scaling policy; changing it replaces the policy.
    pub policy_name: String,
    /// The scaling policy type.
    #[shape(with = "policy_type")]
    pub policy_type: PolicyType,
    /// A target tracking scaling policy; required when `policyType` is `TargetTrackingScaling`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_tracking_scaling_policy_configuration:
        Option<TargetTrackingScalingPolicyConfiguration>,
    /// A step scaling policy; required when `policyType` is `StepScaling`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step_scaling_policy_configuration: Option<StepScalingPolicyConfiguration>,
    /// A predictive scaling policy; required when `policyType` is `PredictiveScaling`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predictive_scaling_policy_configuration: Option<PredictiveScalingPolicyConfiguration>,
}

/// The type of a scaling policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_applicationautoscaling::types::PolicyType")]
pub enum PolicyType {
    /// Keep a metric at a target value.
    #[serde(rename = "TargetTrackingScaling")]
    TargetTrackingScaling,
    /// Scale by steps based on the size of a CloudWatch alarm breach.
    #[serde(rename = "StepScaling")]
    StepScaling,
    /// Scale ahead of forecast load.
    #[serde(rename = "PredictiveScaling")]
    PredictiveScaling,
}

/// A target tracking scaling policy configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_applicationautoscaling::types::TargetTrackingScalingPolicyConfiguration")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct TargetTrackingScalingPolicyConfiguration {
    /// The target value for the metric (e.g. 70.0 for 70% CPU utilization).
    pub target_value: f64,
    /// A predefined metric; give either this or `customizedMetricSpecification`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predefined_metric_specification: Option<PredefinedMetricSpecification>,
    /// A customized CloudWatch metric; give either this or `predefinedMetricSpecification`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customized_metric_specification: Option<CustomizedMetricSpecification>,
    /// Seconds to wait for a previous scale-out activity to take effect.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale_out_cooldown: Option<i32>,
    /// Seconds after a scale-in activity completes before another scale-in activity can start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale_in_cooldown: Option<i32>,
    /// Whether scale in by this policy is disabled (default `false`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_scale_in: Option<bool>,
}

/// A predefined metric for a target tracking scaling policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_applicationautoscaling::types::PredefinedMetricSpecification")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct PredefinedMetricSpecification {
    /// The metric type.
    pub predefined_metric_type: PredefinedMetricType,
    /// The resource label (`app/<alb>/<id>/targetgroup/<tg>/<id>`) for `ALBRequestCountPerTarget`; excludes `targetGroup`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_label: Option<String>,
    /// For `ALBRequestCountPerTarget`: a target group of this stack by name, from which ecsform derives `resourceLabel`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[shape(skip)]
    pub target_group: Option<String>,
}

/// A predefined metric type for ECS services (Application Auto Scaling `MetricType`).
///
/// Only the values valid for an ECS service's scalable target are listed; the API's other
/// values (DynamoDB, SageMaker, Spot Fleet, ...) are rejected for ECS services.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_applicationautoscaling::types::MetricType")]
pub enum PredefinedMetricType {
    /// Average CPU utilization of the service.
    #[serde(rename = "ECSServiceAverageCPUUtilization")]
    EcsServiceAverageCpuUtilization,
    /// Average memory utilization of the service.
    #[serde(rename = "ECSServiceAverageMemoryUtilization")]
    EcsServiceAverageMemoryUtilization,
    /// Average CPU utilization of the service, from 20-second CloudWatch metrics.
    #[serde(rename = "ECSServiceAverageCPUUtilizationHighResolution")]
    EcsServiceAverageCpuUtilizationHighResolution,
    /// Average memory utilization of the service, from 20-second CloudWatch metrics.
    #[serde(rename = "ECSServiceAverageMemoryUtilizationHighResolution")]
    EcsServiceAverageMemoryUtilizationHighResolution,
    /// Number of requests completed per target in an Application Load Balancer target group.
    #[serde(rename = "ALBRequestCountPerTarget")]
    AlbRequestCountPerTarget,
}

/// A CloudWatch metric of your choosing for a target tracking scaling policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_applicationautoscaling::types::CustomizedMetricSpecification")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct CustomizedMetricSpecification {
    /// The name of the metric.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric_name: Option<String>,
    /// The namespace of the metric.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// The dimensions of the metric, as published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dimensions: Option<Vec<MetricDimension>>,
    /// The statistic of the metric.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statistic: Option<MetricStatistic>,
    /// The unit of the metric.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// The metrics to use, as metric data queries (raw metrics and metric math expressions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metrics: Option<Vec<TargetTrackingMetricDataQuery>>,
}

/// A dimension of a metric.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_applicationautoscaling::types::MetricDimension")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct MetricDimension {
    /// The name of the dimension.
    pub name: String,
    /// The value of the dimension.
    pub value: String,
}

/// The statistic of a customized metric.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_applicationautoscaling::types::MetricStatistic")]
pub enum MetricStatistic {
    /// The average of the values.
    #[serde(rename = "Average")]
    Average,
    /// The lowest value.
    #[serde(rename = "Minimum")]
    Minimum,
    /// The highest value.
    #[serde(rename = "Maximum")]
    Maximum,
    /// The number of data points.
    #[serde(rename = "SampleCount")]
    SampleCount,
    /// The sum of the values.
    #[serde(rename = "Sum")]
    Sum,
}

/// A metric data query of a target tracking scaling policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_applicationautoscaling::types::TargetTrackingMetricDataQuery")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct TargetTrackingMetricDataQuery {
    /// A math expression on other queries' results; give either this or `metricStat`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expression: Option<String>,
    /// A short name, unique in the policy, identifying this query's results.
    pub id: String,
    /// A human-readable label for this metric or expression.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The metric to return; give either this or `expression`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric_stat: Option<TargetTrackingMetricStat>,
    /// Whether this query's data is the one the policy uses (`true` only for the final one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_data: Option<bool>,
}

/// A CloudWatch metric with its statistic and unit, for target tracking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_applicationautoscaling::types::TargetTrackingMetricStat")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct TargetTrackingMetricStat {
    /// The CloudWatch metric: name, namespace and dimensions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric: Option<TargetTrackingMetric>,
    /// The statistic to return (any CloudWatch statistic or extended statistic, e.g. `Average`).
    pub stat: String,
    /// The unit of the returned data points.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}

/// A CloudWatch metric for target tracking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_applicationautoscaling::types::TargetTrackingMetric")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct TargetTrackingMetric {
    /// The dimensions of the metric, as published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dimensions: Option<Vec<TargetTrackingMetricDimension>>,
    /// The name of the metric.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric_name: Option<String>,
    /// The namespace of the metric.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
}

/// A dimension of a target tracking metric.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_applicationautoscaling::types::TargetTrackingMetricDimension")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct TargetTrackingMetricDimension {
    /// The name of the dimension.
    pub name: String,
    /// The value of the dimension.
    pub value: String,
}

/// A step scaling policy configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_applicationautoscaling::types::StepScalingPolicyConfiguration")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct StepScalingPolicyConfiguration {
    /// How `scalingAdjustment` is interpreted; required for a new step scaling policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adjustment_type: Option<AdjustmentType>,
    /// Adjustments by size of the alarm breach; at least one for a new step scaling policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step_adjustments: Option<Vec<StepAdjustment>>,
    /// The minimum number to scale by when `adjustmentType` is `PercentChangeInCapacity`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_adjustment_magnitude: Option<i32>,
    /// Seconds to wait for a previous scaling activity to take effect (default 300).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cooldown: Option<i32>,
    /// The aggregation type of the CloudWatch metrics (default `Average`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric_aggregation_type: Option<MetricAggregationType>,
}

/// How a step adjustment's `scalingAdjustment` is interpreted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_applicationautoscaling::types::AdjustmentType")]
pub enum AdjustmentType {
    /// Add the adjustment to the current capacity.
    #[serde(rename = "ChangeInCapacity")]
    ChangeInCapacity,
    /// Set the capacity to the adjustment.
    #[serde(rename = "ExactCapacity")]
    ExactCapacity,
    /// Change the current capacity by the adjustment, as a percentage.
    #[serde(rename = "PercentChangeInCapacity")]
    PercentChangeInCapacity,
}

/// A step adjustment: how much to scale for a range of the alarm breach.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_applicationautoscaling::types::StepAdjustment")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct StepAdjustment {
    /// The lower bound of the difference between the metric and the alarm threshold (absent: negative infinity).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric_interval_lower_bound: Option<f64>,
    /// The upper bound of the difference between the metric and the alarm threshold (absent: infinity).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric_interval_upper_bound: Option<f64>,
    /// The amount to scale by; positive adds capacity, negative removes it.
    pub scaling_adjustment: i32,
}

/// The aggregation type of a step scaling policy's CloudWatch metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_applicationautoscaling::types::MetricAggregationType")]
pub enum MetricAggregationType {
    /// The average of the values.
    #[serde(rename = "Average")]
    Average,
    /// The lowest value.
    #[serde(rename = "Minimum")]
    Minimum,
    /// The highest value.
    #[serde(rename = "Maximum")]
    Maximum,
}

/// A predictive scaling policy configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_applicationautoscaling::types::PredictiveScalingPolicyConfiguration")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct PredictiveScalingPolicyConfiguration {
    /// The metrics and target utilization (currently a single item).
    pub metric_specifications: Vec<PredictiveScalingMetricSpecification>,
    /// The predictive scaling mode (default `ForecastOnly`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<PredictiveScalingMode>,
    /// Seconds by which the start time can be advanced (less than 3600; default 300).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheduling_buffer_time: Option<i32>,
    /// What to do when the forecast capacity approaches or exceeds the maximum (default `HonorMaxCapacity`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_capacity_breach_behavior: Option<PredictiveScalingMaxCapacityBreachBehavior>,
    /// The capacity buffer, in percent of the forecast, used with `IncreaseMaxCapacity`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_capacity_buffer: Option<i32>,
}

/// The predictive scaling mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_applicationautoscaling::types::PredictiveScalingMode")]
pub enum PredictiveScalingMode {
    /// Only generate forecasts.
    #[serde(rename = "ForecastOnly")]
    ForecastOnly,
    /// Generate forecasts and scale according to them.
    #[serde(rename = "ForecastAndScale")]
    ForecastAndScale,
}

/// What predictive scaling does when the forecast reaches the maximum capacity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_applicationautoscaling::types::PredictiveScalingMaxCapacityBreachBehavior")]
pub enum PredictiveScalingMaxCapacityBreachBehavior {
    /// Never exceed the maximum capacity.
    #[serde(rename = "HonorMaxCapacity")]
    HonorMaxCapacity,
    /// Raise the maximum capacity up to the forecast plus `maxCapacityBuffer`.
    #[serde(rename = "IncreaseMaxCapacity")]
    IncreaseMaxCapacity,
}

/// The metrics and target utilization of a predictive scaling policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_applicationautoscaling::types::PredictiveScalingMetricSpecification")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct PredictiveScalingMetricSpecification {
    /// The target utilization.
    pub target_value: f64,
    /// A predefined metric pair giving both the scaling and the load metric.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predefined_metric_pair_specification:
        Option<PredictiveScalingPredefinedMetricPairSpecification>,
    /// A predefined scaling metric.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predefined_scaling_metric_specification:
        Option<PredictiveScalingPredefinedScalingMetricSpecification>,
    /// A predefined load metric.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predefined_load_metric_specification:
        Option<PredictiveScalingPredefinedLoadMetricSpecification>,
    /// A customized scaling metric.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customized_scaling_metric_specification:
        Option<PredictiveScalingCustomizedMetricSpecification>,
    /// A customized load metric.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customized_load_metric_specification:
        Option<PredictiveScalingCustomizedMetricSpecification>,
    /// A customized capacity metric.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customized_capacity_metric_specification:
        Option<PredictiveScalingCustomizedMetricSpecification>,
}

/// A predefined metric pair of a predictive scaling policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(
    sdk = "aws_sdk_applicationautoscaling::types::PredictiveScalingPredefinedMetricPairSpecification"
)]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct PredictiveScalingPredefinedMetricPairSpecification {
    /// The metric pair, e.g. `ECSServiceCPUUtilization`, `ECSServiceMemoryUtilization` or `ALBRequestCount`.
    pub predefined_metric_type: String,
    /// A label identifying the target group whose request count is used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_label: Option<String>,
}

/// A predefined scaling metric of a predictive scaling policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(
    sdk = "aws_sdk_applicationautoscaling::types::PredictiveScalingPredefinedScalingMetricSpecification"
)]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct PredictiveScalingPredefinedScalingMetricSpecification {
    /// The metric type, e.g. `ECSServiceAverageCPUUtilization` or `ALBRequestCountPerTarget`.
    pub predefined_metric_type: String,
    /// A label identifying the target group whose average request count is used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_label: Option<String>,
}

/// A predefined load metric of a predictive scaling policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(
    sdk = "aws_sdk_applicationautoscaling::types::PredictiveScalingPredefinedLoadMetricSpecification"
)]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct PredictiveScalingPredefinedLoadMetricSpecification {
    /// The metric type, e.g. `ECSServiceTotalCPUUtilization` or `TotalALBRequestCount`.
    pub predefined_metric_type: String,
    /// A label identifying the target group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_label: Option<String>,
}

/// A CloudWatch metric of your choosing for a predictive scaling policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(
    sdk = "aws_sdk_applicationautoscaling::types::PredictiveScalingCustomizedMetricSpecification"
)]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct PredictiveScalingCustomizedMetricSpecification {
    /// One or more metric data queries providing the metric's data points.
    pub metric_data_queries: Vec<PredictiveScalingMetricDataQuery>,
}

/// A metric data query of a predictive scaling policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_applicationautoscaling::types::PredictiveScalingMetricDataQuery")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct PredictiveScalingMetricDataQuery {
    /// A short name, unique in the policy, identifying this query's results.
    pub id: String,
    /// A math expression on other queries' results; give either this or `metricStat`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expression: Option<String>,
    /// The metric to return; give either this or `expression`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric_stat: Option<PredictiveScalingMetricStat>,
    /// A human-readable label for this metric or expression.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Whether this query's data is the one the policy uses (`true` only for the final one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_data: Option<bool>,
}

/// A CloudWatch metric with its statistic and unit, for predictive scaling.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_applicationautoscaling::types::PredictiveScalingMetricStat")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct PredictiveScalingMetricStat {
    /// The CloudWatch metric: name, namespace and dimensions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric: Option<PredictiveScalingMetric>,
    /// The statistic to return (any CloudWatch statistic, most often `Average` or `Sum`).
    pub stat: String,
    /// The unit of the returned data points.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}

/// A CloudWatch metric for predictive scaling.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_applicationautoscaling::types::PredictiveScalingMetric")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct PredictiveScalingMetric {
    /// The dimensions of the metric.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dimensions: Option<Vec<PredictiveScalingMetricDimension>>,
    /// The name of the metric.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric_name: Option<String>,
    /// The namespace of the metric.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
}

/// A dimension of a predictive scaling metric.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_applicationautoscaling::types::PredictiveScalingMetricDimension")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct PredictiveScalingMetricDimension {
    /// The name of the dimension.
    pub name: String,
    /// The value of the dimension.
    pub value: String,
}

/// A scheduled action of the service (PutScheduledAction input).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
#[shape(
    from = "aws_sdk_applicationautoscaling::types::ScheduledAction",
    request = "aws_sdk_applicationautoscaling::operation::put_scheduled_action::builders::PutScheduledActionFluentBuilder"
)]
pub struct ScheduledAction {
    /// The name of the scheduled action, unique among the service's scheduled actions.
    pub scheduled_action_name: String,
    /// The schedule: `at(yyyy-mm-ddThh:mm:ss)`, `rate(value unit)` or `cron(fields)`.
    pub schedule: String,
    /// The IANA time zone of an `at` or `cron` expression (default UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    /// When the scheduled action starts, as an ISO 8601 date and time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[shape(skip)]
    pub start_time: Option<String>,
    /// When a recurring schedule ends, as an ISO 8601 date and time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[shape(skip)]
    pub end_time: Option<String>,
    /// The new minimum and maximum capacity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scalable_target_action: Option<ScalableTargetAction>,
}

/// The minimum and maximum capacity set by a scheduled action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_applicationautoscaling::types::ScalableTargetAction")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct ScalableTargetAction {
    /// The minimum capacity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_capacity: Option<i32>,
    /// The maximum capacity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_capacity: Option<i32>,
}

/// A policy's type, read from the policy: one unknown to ecsform is inferred from the
/// configuration the policy carries (target tracking when it carries none ecsform knows).
#[cfg(feature = "sdk")]
mod policy_type {
    use super::PolicyType;
    use crate::shape::{BuildError, FromSdk, ToSdk};
    use aws_sdk_applicationautoscaling::types as sdk;

    pub fn to_sdk(t: &PolicyType) -> Result<Option<sdk::PolicyType>, BuildError> {
        t.to_sdk().map(Some)
    }

    pub fn from_sdk(p: &sdk::ScalingPolicy) -> PolicyType {
        if let Some(t) = PolicyType::from_sdk(&p.policy_type) {
            t
        } else if p.step_scaling_policy_configuration.is_some() {
            PolicyType::StepScaling
        } else if p.predictive_scaling_policy_configuration.is_some() {
            PolicyType::PredictiveScaling
        } else {
            PolicyType::TargetTrackingScaling
        }
    }
}
