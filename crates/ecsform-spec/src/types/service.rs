//! ECS services (CreateService input).
//!
//! Every member of CreateService in the current API is here, with these ecsform changes:
//! no `cluster` (the stack has one) and no `clientToken` (ecsform generates it); the task
//! definition may be a family of this stack; a load balancer may name a target group of
//! this stack; the Service Connect namespace may name a namespace of this stack; and the
//! service carries an `autoscaling` and a `lifecycle` block.

use ecsform_derive::Shape;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Autoscaling, CapacityProviderStrategyItem, Lifecycle, LogConfiguration, Tag};

/// An ECS service, as CreateService input, plus its Application Auto Scaling block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
#[shape(
    from = "aws_sdk_ecs::types::Service",
    request = "aws_sdk_ecs::operation::create_service::builders::CreateServiceFluentBuilder"
)]
pub struct Service {
    /// The name of the service: up to 255 letters, digits, underscores and hyphens.
    pub service_name: String,
    /// The task definition to run: a family of this stack, `family:revision`, or a full ARN.
    #[shape(skip_request)]
    pub task_definition: String,
    /// Whether to use Availability Zone rebalancing for the service (AWS default: `ENABLED`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability_zone_rebalancing: Option<AvailabilityZoneRebalancing>,
    /// The load balancers (target groups or Classic Load Balancers) to use with the service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[shape(skip_request)]
    pub load_balancers: Option<Vec<ServiceLoadBalancer>>,
    /// The service discovery registry (Cloud Map service) to associate with the service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_registries: Option<Vec<ServiceRegistry>>,
    /// The number of tasks to keep running; required unless `schedulingStrategy` is `DAEMON`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub desired_count: Option<i32>,
    /// The infrastructure the service runs on; omit it when giving a capacity provider strategy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub launch_type: Option<LaunchType>,
    /// The capacity provider strategy to use; omit it when giving a launch type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity_provider_strategy: Option<Vec<CapacityProviderStrategyItem>>,
    /// The Fargate platform version of the tasks (default `LATEST`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform_version: Option<String>,
    /// The IAM role that allows ECS to call your load balancer (only without `awsvpc`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[shape(skip_from)]
    pub role: Option<String>,
    /// Deployment parameters: task counts during deployment, circuit breaker, alarms, strategy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deployment_configuration: Option<DeploymentConfiguration>,
    /// Placement constraints for the service's tasks (at most 10, including the task definition's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placement_constraints: Option<Vec<PlacementConstraint>>,
    /// Placement strategy rules for the service's tasks (at most 5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placement_strategy: Option<Vec<PlacementStrategy>>,
    /// The network configuration; required for task definitions using the `awsvpc` network mode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network_configuration: Option<NetworkConfiguration>,
    /// Seconds during which the scheduler ignores failing load balancer and container health checks of a new task.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check_grace_period_seconds: Option<i32>,
    /// The scheduling strategy (`REPLICA` by default, or `DAEMON`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheduling_strategy: Option<SchedulingStrategy>,
    /// The deployment controller (default `ECS`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deployment_controller: Option<DeploymentController>,
    /// Tags of the service. ecsform adds its own ownership tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[shape(skip)]
    pub tags: Option<Vec<Tag>>,
    /// Whether to turn on Amazon ECS managed tags for the service's tasks.
    #[serde(
        rename = "enableECSManagedTags",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub enable_ecs_managed_tags: Option<bool>,
    /// Whether to propagate tags from the task definition or the service to the tasks (default `NONE`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub propagate_tags: Option<PropagateTags>,
    /// Whether ECS Exec is turned on for all containers of the service's tasks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_execute_command: Option<bool>,
    /// The Service Connect configuration: the namespace, the endpoints this service offers, and proxy settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[shape(skip_from)]
    pub service_connect_configuration: Option<ServiceConnectConfiguration>,
    /// Configuration of task definition volumes that are configured at launch time (Amazon EBS).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[shape(skip_from)]
    pub volume_configurations: Option<Vec<ServiceVolumeConfiguration>>,
    /// The VPC Lattice target groups the service's tasks are registered to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[shape(skip_from)]
    pub vpc_lattice_configurations: Option<Vec<VpcLatticeConfiguration>>,
    /// The gateway connectors that attach the service to a gateway ingress path (at most one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[shape(skip_from)]
    pub gateway_connectors: Option<Vec<GatewayConnector>>,
    /// The resolution of the service-level `CPUUtilization` and `MemoryUtilization` metrics.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[shape(skip_from)]
    pub monitoring: Option<MonitoringConfiguration>,
    /// The service's Application Auto Scaling: scalable target, policies and scheduled actions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[shape(skip)]
    pub autoscaling: Option<Autoscaling>,
    /// How ecsform treats this resource over its life.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[shape(skip)]
    pub lifecycle: Option<Lifecycle>,
}

/// Whether Availability Zone rebalancing is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::AvailabilityZoneRebalancing")]
pub enum AvailabilityZoneRebalancing {
    /// ECS redistributes tasks to keep the service balanced across Availability Zones.
    #[serde(rename = "ENABLED")]
    Enabled,
    /// No Availability Zone rebalancing.
    #[serde(rename = "DISABLED")]
    Disabled,
}

/// A load balancer configuration of a service (CreateService `loadBalancers` item).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
#[shape(sdk = "aws_sdk_ecs::types::LoadBalancer")]
pub struct ServiceLoadBalancer {
    /// A target group of this stack, by name; ecsform resolves its ARN. Excludes `targetGroupArn`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[shape(skip)]
    pub target_group: Option<String>,
    /// The ARN of an Elastic Load Balancing target group outside this stack.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_group_arn: Option<String>,
    /// The name of a Classic Load Balancer; omit it for Application and Network Load Balancers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub load_balancer_name: Option<String>,
    /// The name of the container (as in the container definition) to associate with the load balancer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container_name: Option<String>,
    /// The port on the container to associate with the load balancer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container_port: Option<i32>,
    /// The alternate target group, listener rules and role used in blue/green deployments.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub advanced_configuration: Option<AdvancedConfiguration>,
}

/// Advanced load balancer settings for blue/green deployments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::AdvancedConfiguration")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct AdvancedConfiguration {
    /// The ARN of the alternate target group for blue/green deployments.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alternate_target_group_arn: Option<String>,
    /// The ARN of the listener rule (ALB) or listener (NLB) routing production traffic.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub production_listener_rule: Option<String>,
    /// The ARN of the listener rule (ALB) or listener (NLB) routing test traffic.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test_listener_rule: Option<String>,
    /// The ARN of the IAM role that lets ECS call the Elastic Load Balancing APIs for you.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<String>,
}

/// A service discovery registry (Cloud Map service) of a service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::ServiceRegistry")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct ServiceRegistry {
    /// The ARN of the Cloud Map service registry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registry_arn: Option<String>,
    /// The port used if the Cloud Map service specifies an SRV record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<i32>,
    /// The container name used for service discovery (bridge and host network modes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container_name: Option<String>,
    /// The container port used for service discovery (bridge and host network modes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container_port: Option<i32>,
}

/// The infrastructure a service runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::LaunchType")]
pub enum LaunchType {
    /// Amazon EC2 instances registered to the cluster.
    #[serde(rename = "EC2")]
    Ec2,
    /// Fargate On-Demand infrastructure.
    #[serde(rename = "FARGATE")]
    Fargate,
    /// On-premises servers or VMs registered to the cluster.
    #[serde(rename = "EXTERNAL")]
    External,
    /// Amazon ECS Managed Instances.
    #[serde(rename = "MANAGED_INSTANCES")]
    ManagedInstances,
}

/// Deployment parameters of a service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::DeploymentConfiguration")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct DeploymentConfiguration {
    /// Whether a rolling deployment fails (and optionally rolls back) when it can't reach a steady state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deployment_circuit_breaker: Option<DeploymentCircuitBreaker>,
    /// Upper limit of RUNNING or PENDING tasks during a deployment, as a percentage of `desiredCount`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum_percent: Option<i32>,
    /// Lower limit of RUNNING tasks during a deployment, as a percentage of `desiredCount`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum_healthy_percent: Option<i32>,
    /// CloudWatch alarms that fail (and optionally roll back) a deployment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alarms: Option<DeploymentAlarms>,
    /// The deployment strategy (`ROLLING`, `BLUE_GREEN`, `LINEAR` or `CANARY`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strategy: Option<DeploymentStrategy>,
    /// Minutes both blue and green revisions run after production traffic has shifted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bake_time_in_minutes: Option<i32>,
    /// Lifecycle hooks that run custom logic or pause the deployment at given stages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lifecycle_hooks: Option<Vec<DeploymentLifecycleHook>>,
    /// Configuration of the `LINEAR` deployment strategy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub linear_configuration: Option<LinearConfiguration>,
    /// Configuration of the `CANARY` deployment strategy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canary_configuration: Option<CanaryConfiguration>,
    /// When a rolling deployment may be declared successful before fully stabilizing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub early_success_criteria: Option<DeploymentEarlySuccessCriteria>,
}

/// The deployment circuit breaker (rolling update deployments only).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::DeploymentCircuitBreaker")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct DeploymentCircuitBreaker {
    /// Whether to use the deployment circuit breaker.
    pub enable: bool,
    /// Whether to roll back to the last completed deployment when a deployment fails.
    pub rollback: bool,
    /// Whether a task reaching a healthy state resets the failure count (default `true`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reset_on_healthy_task: Option<bool>,
    /// How many task failures are tolerated before the circuit breaker triggers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold_configuration: Option<ThresholdConfiguration>,
}

/// The failure threshold of the deployment circuit breaker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::ThresholdConfiguration")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct ThresholdConfiguration {
    /// How `value` is turned into the failure threshold (default `BOUNDED_PERCENT`).
    #[serde(rename = "type")]
    pub threshold_type: ThresholdType,
    /// The count, or the percentage of the desired count, of tolerated failures (default 50).
    pub value: i32,
}

/// How the circuit breaker's failure threshold is calculated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::ThresholdType")]
pub enum ThresholdType {
    /// `value` percent of the desired count, clamped to between 3 and 200.
    #[serde(rename = "BOUNDED_PERCENT")]
    BoundedPercent,
    /// `value` percent of the desired count, without bounds.
    #[serde(rename = "UNBOUNDED_PERCENT")]
    UnboundedPercent,
    /// `value` itself is the failure threshold.
    #[serde(rename = "COUNT")]
    Count,
}

/// CloudWatch alarms monitored during a deployment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::DeploymentAlarms")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct DeploymentAlarms {
    /// One or more CloudWatch alarm names.
    pub alarm_names: Vec<String>,
    /// Whether to roll back to the last completed deployment when an alarm fails the deployment.
    pub rollback: bool,
    /// Whether to use the CloudWatch alarm option in the deployment process.
    pub enable: bool,
}

/// A service deployment strategy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::DeploymentStrategy")]
pub enum DeploymentStrategy {
    /// Replace running tasks with new tasks, within `minimumHealthyPercent` and `maximumPercent`.
    #[serde(rename = "ROLLING")]
    Rolling,
    /// Run the new revision alongside the old one and shift all traffic at once.
    #[serde(rename = "BLUE_GREEN")]
    BlueGreen,
    /// Shift traffic to the new revision in equal percentage steps.
    #[serde(rename = "LINEAR")]
    Linear,
    /// Shift a fixed percentage of traffic first, then the rest after a bake time.
    #[serde(rename = "CANARY")]
    Canary,
}

/// A deployment lifecycle hook.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::DeploymentLifecycleHook")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct DeploymentLifecycleHook {
    /// What the hook does: invoke a Lambda function (default) or pause the deployment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_type: Option<DeploymentLifecycleHookTargetType>,
    /// The ARN of the hook target (the Lambda function for `AWS_LAMBDA` hooks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hook_target_arn: Option<String>,
    /// The ARN of the IAM role that lets ECS call the Lambda function.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<String>,
    /// The lifecycle stages at which to run the hook.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lifecycle_stages: Option<Vec<DeploymentLifecycleHookStage>>,
    /// Custom parameters passed to the Lambda function on each invocation (any JSON value).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hook_details: Option<serde_json::Value>,
    /// How long ECS waits for the hook, and what it does when the hook times out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_configuration: Option<DeploymentLifecycleHookTimeoutConfiguration>,
}

/// The kind of action a deployment lifecycle hook performs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::DeploymentLifecycleHookTargetType")]
pub enum DeploymentLifecycleHookTargetType {
    /// Invokes a Lambda function at the lifecycle stage.
    #[serde(rename = "AWS_LAMBDA")]
    AwsLambda,
    /// Pauses the deployment until ContinueServiceDeployment is called.
    #[serde(rename = "PAUSE")]
    Pause,
}

/// A stage of the deployment lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::DeploymentLifecycleHookStage")]
pub enum DeploymentLifecycleHookStage {
    /// Reconciliation, when a deployment starts with more than one active revision.
    #[serde(rename = "RECONCILE_SERVICE")]
    ReconcileService,
    /// Before the green tasks are started.
    #[serde(rename = "PRE_SCALE_UP")]
    PreScaleUp,
    /// After the green tasks are started and healthy.
    #[serde(rename = "POST_SCALE_UP")]
    PostScaleUp,
    /// While test traffic is shifted to the green revision.
    #[serde(rename = "TEST_TRAFFIC_SHIFT")]
    TestTrafficShift,
    /// After test traffic has shifted to the green revision.
    #[serde(rename = "POST_TEST_TRAFFIC_SHIFT")]
    PostTestTrafficShift,
    /// Before production traffic is shifted to the green revision.
    #[serde(rename = "PRE_PRODUCTION_TRAFFIC_SHIFT")]
    PreProductionTrafficShift,
    /// While production traffic is shifted to the green revision.
    #[serde(rename = "PRODUCTION_TRAFFIC_SHIFT")]
    ProductionTrafficShift,
    /// After production traffic has shifted to the green revision.
    #[serde(rename = "POST_PRODUCTION_TRAFFIC_SHIFT")]
    PostProductionTrafficShift,
}

/// The timeout of a deployment lifecycle hook.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::DeploymentLifecycleHookTimeoutConfiguration")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct DeploymentLifecycleHookTimeoutConfiguration {
    /// Minutes ECS waits for the hook to complete (default 1440).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_in_minutes: Option<i32>,
    /// What ECS does when the hook times out (default `ROLLBACK`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<DeploymentLifecycleHookAction>,
}

/// What ECS does when a lifecycle hook times out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::DeploymentLifecycleHookAction")]
pub enum DeploymentLifecycleHookAction {
    /// Proceed to the next lifecycle stage.
    #[serde(rename = "CONTINUE")]
    Continue,
    /// Roll back to the previous service revision.
    #[serde(rename = "ROLLBACK")]
    Rollback,
}

/// Configuration of the linear deployment strategy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::LinearConfiguration")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct LinearConfiguration {
    /// Percentage of production traffic shifted in each step (3.0-100.0 in multiples of 0.1; default 10.0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step_percent: Option<f64>,
    /// Minutes to wait between traffic shifting steps (0-1440; default 6).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step_bake_time_in_minutes: Option<i32>,
}

/// Configuration of the canary deployment strategy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::CanaryConfiguration")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct CanaryConfiguration {
    /// Percentage of production traffic shifted during the canary phase (0.1-100.0; default 5.0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canary_percent: Option<f64>,
    /// Minutes to wait in the canary phase before shifting the remaining traffic (0-1440; default 10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canary_bake_time_in_minutes: Option<i32>,
}

/// When a rolling deployment is considered successful.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::DeploymentEarlySuccessCriteria")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct DeploymentEarlySuccessCriteria {
    /// Whether to use the early success criteria.
    pub enable: bool,
    /// Percentage of `desiredCount` that must be healthy before the deployment succeeds (0-100).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub healthy_percent: Option<i32>,
    /// When the previous revision's tasks are removed relative to deployment completion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_service_revision_cleanup: Option<ServiceRevisionCleanup>,
}

/// When the source revision's tasks are removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::ServiceRevisionCleanup")]
pub enum ServiceRevisionCleanup {
    /// The previous tasks are removed before the deployment is marked successful.
    #[serde(rename = "BLOCKING")]
    Blocking,
    /// The deployment is marked successful, then the previous tasks are removed.
    #[serde(rename = "DEFERRED")]
    Deferred,
}

/// A task placement constraint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::PlacementConstraint")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct PlacementConstraint {
    /// The type of constraint: `distinctInstance` or `memberOf`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub constraint_type: Option<PlacementConstraintType>,
    /// A cluster query language expression (not allowed with `distinctInstance`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expression: Option<String>,
}

/// The type of a task placement constraint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::PlacementConstraintType")]
pub enum PlacementConstraintType {
    /// Each task in the group runs on a different container instance.
    #[serde(rename = "distinctInstance")]
    DistinctInstance,
    /// Tasks are placed on instances matching the expression.
    #[serde(rename = "memberOf")]
    MemberOf,
}

/// A task placement strategy rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::PlacementStrategy")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct PlacementStrategy {
    /// The type of placement strategy: `random`, `spread` or `binpack`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub strategy_type: Option<PlacementStrategyType>,
    /// The field to apply the strategy against (e.g. `attribute:ecs.availability-zone`, `memory`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// The type of a task placement strategy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::PlacementStrategyType")]
pub enum PlacementStrategyType {
    /// Place tasks randomly.
    #[serde(rename = "random")]
    Random,
    /// Spread tasks evenly based on `field`.
    #[serde(rename = "spread")]
    Spread,
    /// Place tasks on the instances with the least available amount of `field`.
    #[serde(rename = "binpack")]
    Binpack,
}

/// The network configuration of a service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::NetworkConfiguration")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct NetworkConfiguration {
    /// The VPC subnets and security groups of the tasks.
    #[serde(
        rename = "awsvpcConfiguration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub awsvpc_configuration: Option<AwsVpcConfiguration>,
}

/// The VPC networking of tasks using the `awsvpc` network mode.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::AwsVpcConfiguration")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct AwsVpcConfiguration {
    /// The IDs of the subnets (at most 16, all in one VPC).
    pub subnets: Vec<String>,
    /// The IDs of the security groups (at most 5; default: the VPC's default security group).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_groups: Option<Vec<String>>,
    /// Whether the task's elastic network interface receives a public IP address (default `DISABLED`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assign_public_ip: Option<AssignPublicIp>,
}

/// Whether a task's network interface receives a public IP address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::AssignPublicIp")]
pub enum AssignPublicIp {
    /// A public IP address is assigned.
    #[serde(rename = "ENABLED")]
    Enabled,
    /// No public IP address is assigned.
    #[serde(rename = "DISABLED")]
    Disabled,
}

/// The service scheduler strategy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::SchedulingStrategy")]
pub enum SchedulingStrategy {
    /// Place and maintain the desired number of tasks across the cluster.
    #[serde(rename = "REPLICA")]
    Replica,
    /// Run exactly one task on each active container instance meeting the placement constraints.
    #[serde(rename = "DAEMON")]
    Daemon,
}

/// The deployment controller of a service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::DeploymentController")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct DeploymentController {
    /// The deployment controller type: `ECS`, `CODE_DEPLOY` or `EXTERNAL`.
    #[serde(rename = "type")]
    pub controller_type: DeploymentControllerType,
}

/// The type of a deployment controller.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::DeploymentControllerType")]
pub enum DeploymentControllerType {
    /// ECS deployments (rolling, blue/green, linear or canary).
    #[serde(rename = "ECS")]
    Ecs,
    /// Blue/green deployments controlled by AWS CodeDeploy.
    #[serde(rename = "CODE_DEPLOY")]
    CodeDeploy,
    /// Deployments controlled by a third-party controller through task sets.
    #[serde(rename = "EXTERNAL")]
    External,
}

/// Where tags propagate to the service's tasks from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::PropagateTags")]
pub enum PropagateTags {
    /// Propagate the task definition's tags.
    #[serde(rename = "TASK_DEFINITION")]
    TaskDefinition,
    /// Propagate the service's tags.
    #[serde(rename = "SERVICE")]
    Service,
    /// Do not propagate tags.
    #[serde(rename = "NONE")]
    None,
}

/// The Service Connect configuration of a service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::ServiceConnectConfiguration")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct ServiceConnectConfiguration {
    /// Whether to use Service Connect with this service.
    pub enabled: bool,
    /// A namespace of this stack by name, or the name or ARN of an existing Cloud Map namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// The endpoints this service offers to others; omit for a client-only service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub services: Option<Vec<ServiceConnectService>>,
    /// The log configuration of the Service Connect proxy container.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_configuration: Option<LogConfiguration>,
    /// Service Connect access logging (requires `logConfiguration`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_log_configuration: Option<ServiceConnectAccessLogConfiguration>,
    /// Settings of the Service Connect proxy container, one setting per item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container_configurations: Option<Vec<ServiceConnectContainerConfiguration>>,
}

/// A Service Connect service: an endpoint other services connect to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::ServiceConnectService")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct ServiceConnectService {
    /// The name of one of the task definition's `portMappings`.
    pub port_name: String,
    /// The name of the Cloud Map service ECS creates for this endpoint (default: `portName`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discovery_name: Option<String>,
    /// The names and ports client applications use to connect (at most one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_aliases: Option<Vec<ServiceConnectClientAlias>>,
    /// The port the Service Connect proxy listens on, to bypass it on the named port mapping.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ingress_port_override: Option<i32>,
    /// The idle and per-request timeouts of Service Connect.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<TimeoutConfiguration>,
    /// The Transport Layer Security (TLS) configuration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tls: Option<ServiceConnectTlsConfiguration>,
}

/// A client alias: a DNS name and port other tasks use to reach a Service Connect service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::ServiceConnectClientAlias")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct ServiceConnectClientAlias {
    /// The listening port of the Service Connect proxy, available in all tasks of the namespace.
    pub port: i32,
    /// The name client applications use (default: `discoveryName.namespace`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dns_name: Option<String>,
    /// Rules routing test traffic to the new revision during blue/green deployments.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test_traffic_rules: Option<ServiceConnectTestTrafficRules>,
}

/// Test traffic routing of a Service Connect blue/green deployment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::ServiceConnectTestTrafficRules")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct ServiceConnectTestTrafficRules {
    /// The HTTP header rule that identifies test traffic.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<ServiceConnectTestTrafficHeaderRules>,
}

/// An HTTP header rule that identifies test traffic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::ServiceConnectTestTrafficHeaderRules")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct ServiceConnectTestTrafficHeaderRules {
    /// The name of the HTTP header to examine.
    pub name: String,
    /// How the header's value is matched.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<ServiceConnectTestTrafficHeaderMatchRules>,
}

/// How an HTTP header value is matched for test traffic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::ServiceConnectTestTrafficHeaderMatchRules")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct ServiceConnectTestTrafficHeaderMatchRules {
    /// The exact value the header must have.
    pub exact: String,
}

/// Service Connect timeouts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::TimeoutConfiguration")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct TimeoutConfiguration {
    /// Seconds a connection stays active while idle (0 disables it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idle_timeout_seconds: Option<i32>,
    /// Seconds to wait for the upstream's complete response to each request (not for TCP).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_request_timeout_seconds: Option<i32>,
}

/// The TLS configuration of a Service Connect service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::ServiceConnectTlsConfiguration")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct ServiceConnectTlsConfiguration {
    /// The signer certificate authority.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer_certificate_authority: Option<ServiceConnectTlsCertificateAuthority>,
    /// The AWS KMS key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kms_key: Option<String>,
    /// The ARN of the IAM role associated with Service Connect TLS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<String>,
}

/// The certificate authority that secures a Service Connect service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::ServiceConnectTlsCertificateAuthority")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct ServiceConnectTlsCertificateAuthority {
    /// The ARN of the AWS Private Certificate Authority certificate.
    #[serde(
        rename = "awsPcaAuthorityArn",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub aws_pca_authority_arn: Option<String>,
}

/// Service Connect access logging.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::ServiceConnectAccessLogConfiguration")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct ServiceConnectAccessLogConfiguration {
    /// The format of the access logs.
    pub format: ServiceConnectAccessLoggingFormat,
    /// Whether query parameters of HTTP requests are included in the access logs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub include_query_parameters: Option<ServiceConnectIncludeQueryParameters>,
}

/// The format of Service Connect access logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::ServiceConnectAccessLoggingFormat")]
pub enum ServiceConnectAccessLoggingFormat {
    /// Human-readable text.
    #[serde(rename = "TEXT")]
    Text,
    /// Structured JSON.
    #[serde(rename = "JSON")]
    Json,
}

/// Whether query parameters are included in Service Connect access logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::ServiceConnectIncludeQueryParameters")]
pub enum ServiceConnectIncludeQueryParameters {
    /// Query parameters are included.
    #[serde(rename = "ENABLED")]
    Enabled,
    /// Query parameters are left out.
    #[serde(rename = "DISABLED")]
    Disabled,
}

/// A setting of the Service Connect proxy container; specify exactly one member.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(union = "aws_sdk_ecs::types::ServiceConnectContainerConfiguration")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct ServiceConnectContainerConfiguration {
    /// The log level of the Service Connect proxy container (default `info`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_level: Option<ServiceConnectContainerLogLevel>,
}

/// The log level of the Service Connect proxy container.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::ServiceConnectContainerLogLevel")]
pub enum ServiceConnectContainerLogLevel {
    /// Detailed proxy logs, for troubleshooting.
    #[serde(rename = "debug")]
    Debug,
    /// The default log level.
    #[serde(rename = "info")]
    Info,
}

/// A task definition volume configured at launch time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::ServiceVolumeConfiguration")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct ServiceVolumeConfiguration {
    /// The name of the volume, as in the task definition.
    pub name: String,
    /// The Amazon EBS volume ECS creates and manages for each task.
    #[serde(
        rename = "managedEBSVolume",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub managed_ebs_volume: Option<ServiceManagedEbsVolumeConfiguration>,
}

/// An Amazon EBS volume that ECS creates and manages for each task of the service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::ServiceManagedEbsVolumeConfiguration")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct ServiceManagedEbsVolumeConfiguration {
    /// Whether the volume is encrypted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encrypted: Option<bool>,
    /// The ARN of the AWS KMS key used for Amazon EBS encryption.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kms_key_id: Option<String>,
    /// The volume type (`gp2`, `gp3`, `io1`, `io2`, `st1`, `sc1` or `standard`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume_type: Option<String>,
    /// The size of the volume in GiB; give either this or `snapshotId`.
    #[serde(rename = "sizeInGiB", default, skip_serializing_if = "Option::is_none")]
    pub size_in_gib: Option<i32>,
    /// The snapshot ECS creates the volumes from; give either this or `sizeInGiB`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snapshot_id: Option<String>,
    /// The rate, in MiB/s, at which data is fetched from the snapshot.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume_initialization_rate: Option<i32>,
    /// The number of I/O operations per second (IOPS).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iops: Option<i32>,
    /// The throughput to provision, in MiB/s (gp3 only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub throughput: Option<i32>,
    /// The tags to apply to the volume.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag_specifications: Option<Vec<EbsTagSpecification>>,
    /// The ARN of the ECS infrastructure IAM role that manages the volume.
    pub role_arn: String,
    /// The filesystem type of the volume.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filesystem_type: Option<TaskFilesystemType>,
}

/// The tag specification of an Amazon EBS volume.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::EbsTagSpecification")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct EbsTagSpecification {
    /// The type of volume resource.
    pub resource_type: EbsResourceType,
    /// The tags applied to the volume (`AmazonECSCreated` and `AmazonECSManaged` are reserved).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
    /// Whether to propagate the task definition's or the service's tags to the volume.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub propagate_tags: Option<PropagateTags>,
}

/// The type of an Amazon EBS resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::EbsResourceType")]
pub enum EbsResourceType {
    /// An EBS volume.
    #[serde(rename = "volume")]
    Volume,
}

/// The filesystem type of a managed volume.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::TaskFilesystemType")]
pub enum TaskFilesystemType {
    /// ext3.
    #[serde(rename = "ext3")]
    Ext3,
    /// ext4.
    #[serde(rename = "ext4")]
    Ext4,
    /// XFS.
    #[serde(rename = "xfs")]
    Xfs,
    /// NTFS (Windows).
    #[serde(rename = "ntfs")]
    Ntfs,
}

/// A VPC Lattice target group the service's tasks are registered to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::VpcLatticeConfiguration")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct VpcLatticeConfiguration {
    /// The ARN of the ECS infrastructure IAM role that manages VPC Lattice.
    pub role_arn: String,
    /// The ARN of the VPC Lattice target group.
    pub target_group_arn: String,
    /// The name of the task definition's port mapping to register.
    pub port_name: String,
    /// The alternate target group and listener rules used in blue/green deployments.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub advanced_configuration: Option<VpcLatticeAdvancedConfiguration>,
}

/// Advanced VPC Lattice settings for blue/green deployments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::VpcLatticeAdvancedConfiguration")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct VpcLatticeAdvancedConfiguration {
    /// The ARN of the alternate VPC Lattice target group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alternate_target_group_arn: Option<String>,
    /// The ARN of the listener rule or listener routing production traffic.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub production_listener_rule: Option<String>,
    /// The ARN of the listener rule or listener routing test traffic.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test_listener_rule: Option<String>,
}

/// A gateway connector attaching the service to a gateway ingress path.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::GatewayConnector")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct GatewayConnector {
    /// The name of the service port the gateway routes ingress traffic to.
    pub port_name: String,
    /// The health check the gateway uses on the connector's targets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check: Option<GatewayConnectorHealthCheck>,
    /// Which gateway ingress paths the connector applies to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filters: Option<GatewayConnectorFilters>,
}

/// The health check a gateway uses on a connector's targets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::GatewayConnectorHealthCheck")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct GatewayConnectorHealthCheck {
    /// The protocol of the health checks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check_protocol: Option<GatewayConnectorHealthCheckProtocol>,
    /// The port of the health checks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check_port: Option<i32>,
    /// The destination path of health check requests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check_path: Option<String>,
    /// Seconds without a response after which a health check fails.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check_timeout_seconds: Option<i32>,
    /// Approximate seconds between health checks of a target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check_interval_seconds: Option<i32>,
    /// Consecutive successful checks before a target is healthy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub healthy_threshold_count: Option<i32>,
    /// Consecutive failed checks before a target is unhealthy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unhealthy_threshold_count: Option<i32>,
    /// The HTTP or gRPC codes of a successful health check response.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matcher: Option<GatewayConnectorHealthCheckMatcher>,
}

/// The protocol of gateway health checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::GatewayConnectorHealthCheckProtocol")]
pub enum GatewayConnectorHealthCheckProtocol {
    /// Health checks over HTTP.
    #[serde(rename = "HTTP")]
    Http,
    /// Health checks over HTTPS.
    #[serde(rename = "HTTPS")]
    Https,
}

/// The codes of a successful gateway health check response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::GatewayConnectorHealthCheckMatcher")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct GatewayConnectorHealthCheckMatcher {
    /// The HTTP codes of a successful response.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_code: Option<String>,
    /// The gRPC codes of a successful response.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grpc_code: Option<String>,
}

/// Which gateway ingress paths a connector applies to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::GatewayConnectorFilters")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct GatewayConnectorFilters {
    /// The access types of the ingress paths the connector applies to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_types: Option<Vec<GatewayConnectorAccessType>>,
}

/// The access type of a gateway ingress path (ECS `AccessType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::AccessType")]
pub enum GatewayConnectorAccessType {
    /// Publicly accessible from the internet.
    #[serde(rename = "PUBLIC")]
    Public,
    /// Reachable only from within the VPC.
    #[serde(rename = "PRIVATE")]
    Private,
}

/// The monitoring configuration of a service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::MonitoringConfiguration")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct MonitoringConfiguration {
    /// The metric configurations of the service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric_configurations: Option<Vec<MetricConfiguration>>,
}

/// The resolution of a set of service metrics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::MetricConfiguration")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct MetricConfiguration {
    /// The metric names (`CPUUtilization`, `MemoryUtilization`).
    pub metric_names: Vec<String>,
    /// The resolution in seconds at which the metrics are collected (20 or 60).
    pub resolution_seconds: i32,
}
