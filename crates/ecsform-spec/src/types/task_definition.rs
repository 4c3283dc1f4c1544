//! ECS task definitions (RegisterTaskDefinition input).
//!
//! Field names and shapes follow the ECS API (`aws ecs register-task-definition
//! --cli-input-json`), checked against `aws-sdk-ecs` 1.157.0.

use ecsform_derive::Shape;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use super::{KeyValuePair, Lifecycle, Tag};

/// An ECS task definition, as RegisterTaskDefinition input; a change registers a new revision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
#[shape(
    from = "aws_sdk_ecs::types::TaskDefinition",
    request = "aws_sdk_ecs::operation::register_task_definition::builders::RegisterTaskDefinitionFluentBuilder"
)]
pub struct TaskDefinition {
    /// The task definition's family (name): up to 255 letters, digits, underscores and hyphens.
    pub family: String,
    /// The short name or ARN of the IAM role that the task's containers can assume.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_role_arn: Option<String>,
    /// The ARN of the task execution role that lets the ECS agent call AWS APIs on your behalf.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub execution_role_arn: Option<String>,
    /// The Docker networking mode of the task (default `bridge`; Fargate requires `awsvpc`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network_mode: Option<NetworkMode>,
    /// The container definitions that make up the task.
    pub container_definitions: Vec<ContainerDefinition>,
    /// The data volumes that the task's containers may use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volumes: Option<Vec<Volume>>,
    /// Placement constraints of the task (at most 10, including those given at run time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placement_constraints: Option<Vec<TaskDefinitionPlacementConstraint>>,
    /// The launch types that ECS validates the task definition against.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requires_compatibilities: Option<Vec<Compatibility>>,
    /// Task CPU, in CPU units (`1024`) or vCPUs (`1 vCPU`); required on Fargate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu: Option<String>,
    /// Task memory, in MiB (`1024`) or GB (`1 GB`); required on Fargate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory: Option<String>,
    /// Tags of the task definition. ecsform adds its own ownership tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[shape(skip)]
    pub tags: Option<Vec<Tag>>,
    /// The process namespace of the task's containers (`host` or `task`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pid_mode: Option<PidMode>,
    /// The IPC resource namespace of the task's containers (`host`, `task` or `none`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipc_mode: Option<IpcMode>,
    /// The configuration of the App Mesh proxy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proxy_configuration: Option<ProxyConfiguration>,
    /// Elastic Inference accelerators of the task (deprecated: the feature is no longer available).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inference_accelerators: Option<Vec<InferenceAccelerator>>,
    /// The ephemeral storage of a task on Fargate, beyond the default amount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ephemeral_storage: Option<EphemeralStorage>,
    /// The operating system and CPU architecture the task runs on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime_platform: Option<RuntimePlatform>,
    /// Whether the task's containers may send fault injection requests (default `false`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_fault_injection: Option<bool>,
    /// How ecsform treats this resource over its life.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[shape(skip)]
    pub lifecycle: Option<Lifecycle>,
}

/// A container of a task definition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::ContainerDefinition")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct ContainerDefinition {
    /// The container's name: up to 255 letters, digits, underscores and hyphens.
    /// (Optional in the API model, but RegisterTaskDefinition rejects a container without it.)
    pub name: String,
    /// The image to start the container from (`repository-url/image:tag` or `@digest`).
    /// (Optional in the API model, but RegisterTaskDefinition rejects a container without it.)
    pub image: String,
    /// The credentials for pulling from a private repository.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repository_credentials: Option<RepositoryCredentials>,
    /// The number of CPU units reserved for the container.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu: Option<i32>,
    /// The hard memory limit (in MiB) of the container; it is killed when it exceeds it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory: Option<i32>,
    /// The soft memory limit (in MiB) reserved for the container.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory_reservation: Option<i32>,
    /// Links to other containers (`name:alias`); only with the `bridge` network mode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub links: Option<Vec<String>>,
    /// The port mappings of the container.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port_mappings: Option<Vec<PortMapping>>,
    /// Whether the task stops when this container stops (default `true`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub essential: Option<bool>,
    /// The restart policy of the container, restarting it without replacing the task.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restart_policy: Option<ContainerRestartPolicy>,
    /// The entry point passed to the container (Docker `--entrypoint`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry_point: Option<Vec<String>>,
    /// The command passed to the container, one argument per item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub command: Option<Vec<String>>,
    /// Environment variables passed to the container.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub environment: Option<Vec<KeyValuePair>>,
    /// Files in S3 with environment variables for the container (at most ten).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub environment_files: Option<Vec<EnvironmentFile>>,
    /// The mount points of data volumes in the container.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mount_points: Option<Vec<MountPoint>>,
    /// Data volumes to mount from other containers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volumes_from: Option<Vec<VolumeFrom>>,
    /// Linux-specific settings such as kernel capabilities; not for Windows containers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub linux_parameters: Option<LinuxParameters>,
    /// Secrets passed to the container as environment variables.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secrets: Option<Vec<Secret>>,
    /// The containers this one depends on for startup and shutdown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub depends_on: Option<Vec<ContainerDependency>>,
    /// Seconds to wait for the container's dependencies before giving up on starting it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_timeout: Option<i32>,
    /// Seconds to wait before the container is killed if it doesn't exit on its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stop_timeout: Option<i32>,
    /// Whether ECS resolves the image tag to a digest (default `enabled`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_consistency: Option<VersionConsistency>,
    /// The container's hostname; not with the `awsvpc` network mode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
    /// The user inside the container (`user`, `uid`, `user:group`, `uid:gid`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    /// The working directory of commands run in the container.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub working_directory: Option<String>,
    /// Whether networking is off within the container.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_networking: Option<bool>,
    /// Whether the container gets elevated privileges on the host; not on Fargate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub privileged: Option<bool>,
    /// Whether the container's root file system is read-only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub readonly_root_filesystem: Option<bool>,
    /// DNS servers presented to the container.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dns_servers: Option<Vec<String>>,
    /// DNS search domains presented to the container.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dns_search_domains: Option<Vec<String>>,
    /// Entries appended to the container's `/etc/hosts`; not with the `awsvpc` network mode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extra_hosts: Option<Vec<HostEntry>>,
    /// Custom configuration for security systems such as SELinux and AppArmor; not on Fargate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docker_security_options: Option<Vec<String>>,
    /// Whether stdin is kept open for the container (Docker `--interactive`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interactive: Option<bool>,
    /// Whether a TTY is allocated for the container (Docker `--tty`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pseudo_terminal: Option<bool>,
    /// Docker labels added to the container.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docker_labels: Option<BTreeMap<String, String>>,
    /// Ulimits set in the container, overriding Docker's defaults.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ulimits: Option<Vec<Ulimit>>,
    /// The log configuration of the container.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_configuration: Option<LogConfiguration>,
    /// The container's health check command and parameters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check: Option<HealthCheck>,
    /// Namespaced kernel parameters set in the container.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system_controls: Option<Vec<SystemControl>>,
    /// The type and amount of resources (GPUs, Neuron devices, ...) assigned to the container.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_requirements: Option<Vec<ResourceRequirement>>,
    /// The FireLens configuration of a log router container.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub firelens_configuration: Option<FirelensConfiguration>,
    /// ARNs (SSM or S3) of credential spec files for Active Directory authentication (at most one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential_specs: Option<Vec<String>>,
}

/// The credentials for pulling an image from a private repository.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::RepositoryCredentials")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct RepositoryCredentials {
    /// The ARN (or, in the same Region, name) of the Secrets Manager secret with the credentials.
    pub credentials_parameter: String,
}

/// A port mapping of a container.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::PortMapping")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct PortMapping {
    /// The port number on the container.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container_port: Option<i32>,
    /// The port number on the container instance; with `awsvpc`, omit it or repeat `containerPort`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host_port: Option<i32>,
    /// The protocol of the port mapping (default `tcp`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<TransportProtocol>,
    /// The port mapping's name, used by Service Connect and VPC Lattice (up to 64 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The application protocol of the port mapping; Service Connect only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_protocol: Option<ApplicationProtocol>,
    /// A container port range (e.g. `8000-8010`) bound to a dynamically mapped host port range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container_port_range: Option<String>,
}

/// The restart policy of a container.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::ContainerRestartPolicy")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct ContainerRestartPolicy {
    /// Whether the restart policy is enabled.
    pub enabled: bool,
    /// Exit codes on which ECS does not restart the container (at most 50).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ignored_exit_codes: Option<Vec<i32>>,
    /// Seconds (60-1800) the container must run before a restart can be attempted (default 300).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restart_attempt_period: Option<i32>,
}

/// A file in S3 with environment variables for a container.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::EnvironmentFile")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct EnvironmentFile {
    /// The ARN of the S3 object with the environment variable file.
    pub value: String,
    /// The file type; only `s3` is supported.
    #[serde(rename = "type")]
    pub r#type: EnvironmentFileType,
}

/// A data volume mounted in a container.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::MountPoint")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct MountPoint {
    /// The name of the task definition volume to mount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_volume: Option<String>,
    /// The path in the container to mount the volume at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container_path: Option<String>,
    /// Whether the container has read-only access to the volume (default `false`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_only: Option<bool>,
}

/// Volumes mounted from another container.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::VolumeFrom")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct VolumeFrom {
    /// The name of another container of the task definition to mount volumes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_container: Option<String>,
    /// Whether the container has read-only access to the volumes (default `false`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_only: Option<bool>,
}

/// Linux-specific settings of a container.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::LinuxParameters")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct LinuxParameters {
    /// Linux capabilities added to or dropped from Docker's default set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capabilities: Option<KernelCapabilities>,
    /// Host devices exposed to the container; not on Fargate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub devices: Option<Vec<Device>>,
    /// Whether to run an init process that forwards signals and reaps processes (Docker `--init`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub init_process_enabled: Option<bool>,
    /// The size (in MiB) of the `/dev/shm` volume; not on Fargate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shared_memory_size: Option<i32>,
    /// The tmpfs mounts of the container.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tmpfs: Option<Vec<Tmpfs>>,
    /// The swap memory (in MiB) the container can use; `0` disables swap.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_swap: Option<i32>,
    /// The container's memory swappiness, 0-100 (default 60).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub swappiness: Option<i32>,
}

/// Linux capabilities added to or dropped from Docker's default set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::KernelCapabilities")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct KernelCapabilities {
    /// Capabilities added (e.g. `SYS_PTRACE`, the only one Fargate allows).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub add: Option<Vec<String>>,
    /// Capabilities removed (e.g. `NET_RAW`, or `ALL`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drop: Option<Vec<String>>,
}

/// A host device exposed to a container.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::Device")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct Device {
    /// The path of the device on the host container instance.
    pub host_path: String,
    /// The path in the container at which the device is exposed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container_path: Option<String>,
    /// The container's permissions on the device (default all of `read`, `write`, `mknod`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions: Option<Vec<DeviceCgroupPermission>>,
}

/// A tmpfs mount of a container.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::Tmpfs")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct Tmpfs {
    /// The absolute path where the tmpfs volume is mounted.
    pub container_path: String,
    /// The maximum size (in MiB) of the tmpfs volume.
    pub size: i32,
    /// The tmpfs mount options (e.g. `rw`, `noexec`, `nosuid`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mount_options: Option<Vec<String>>,
}

/// A secret passed to a container or a log driver.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::Secret")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct Secret {
    /// The name of the secret (the environment variable or log option it sets).
    pub name: String,
    /// The ARN of the Secrets Manager secret or SSM parameter (optionally with a JSON key).
    pub value_from: String,
}

/// A dependency of a container on another container of the task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::ContainerDependency")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct ContainerDependency {
    /// The name of the container depended on.
    pub container_name: String,
    /// The state the container depended on must reach.
    pub condition: ContainerCondition,
}

/// An entry of a container's `/etc/hosts`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::HostEntry")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct HostEntry {
    /// The hostname of the entry.
    pub hostname: String,
    /// The IP address of the entry.
    pub ip_address: String,
}

/// A ulimit set in a container.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::Ulimit")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct Ulimit {
    /// The type of the ulimit.
    pub name: UlimitName,
    /// The soft limit, in bytes, seconds or a count depending on the type.
    pub soft_limit: i32,
    /// The hard limit, in bytes, seconds or a count depending on the type.
    pub hard_limit: i32,
}

/// The log configuration of a container.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::LogConfiguration")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct LogConfiguration {
    /// The log driver of the container.
    pub log_driver: LogDriver,
    /// Options of the log driver (e.g. `awslogs-group`, `awslogs-region`, `awslogs-stream-prefix`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<BTreeMap<String, String>>,
    /// Secrets passed to the log configuration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_options: Option<Vec<Secret>>,
}

/// The health check of a container.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::HealthCheck")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct HealthCheck {
    /// The command that checks health, starting with `CMD` or `CMD-SHELL`; exit code 0 is healthy.
    pub command: Vec<String>,
    /// Seconds between health checks, 5-300 (default 30).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval: Option<i32>,
    /// Seconds to wait for a health check to succeed, 2-60 (default 5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<i32>,
    /// Failed checks before the container is unhealthy, 1-10 (default 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retries: Option<i32>,
    /// Grace period in seconds, 0-300, during which failed checks don't count (default off).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_period: Option<i32>,
}

/// A namespaced kernel parameter set in a container.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::SystemControl")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct SystemControl {
    /// The namespaced kernel parameter (e.g. `net.ipv4.tcp_keepalive_time`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// The value of the kernel parameter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

/// A resource assigned to a container.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::ResourceRequirement")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct ResourceRequirement {
    /// The amount of the resource (e.g. GPU count); omitted for a GPU with `sharingStrategy`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// The type of resource.
    #[serde(rename = "type")]
    pub r#type: ResourceType,
    /// How the container shares a GPU with other containers; GPU only, instead of `value`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sharing_strategy: Option<SharingStrategy>,
}

/// How a container shares a GPU with other containers (an AWS union: one member is set).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(union = "aws_sdk_ecs::types::SharingStrategy")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct SharingStrategy {
    /// GPU memory and compute limits when sharing a GPU through NVIDIA Multi-Process Service.
    pub nvidia_mps: NvidiaMpsAllocation,
}

/// GPU memory and compute limits of a container sharing a GPU through NVIDIA MPS.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::NvidiaMpsAllocation")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct NvidiaMpsAllocation {
    /// The GPU memory, in MiB, allocated to the container.
    pub memory: i32,
    /// The maximum percentage of the GPU's compute capacity the container can use (default 100).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_compute_percent: Option<i32>,
}

/// The FireLens configuration of a log router container.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::FirelensConfiguration")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct FirelensConfiguration {
    /// The log router to use.
    #[serde(rename = "type")]
    pub r#type: FirelensConfigurationType,
    /// Options of the log router (e.g. `enable-ecs-log-metadata`, `config-file-type`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<BTreeMap<String, String>>,
}

/// A data volume of a task definition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::Volume")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct Volume {
    /// The volume's name, referenced by mount points' `sourceVolume` (up to 255 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A bind mount host volume.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<HostVolumeProperties>,
    /// A Docker volume; not on Fargate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docker_volume_configuration: Option<DockerVolumeConfiguration>,
    /// An Amazon EFS file system.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub efs_volume_configuration: Option<EfsVolumeConfiguration>,
    /// An Amazon S3 Files file system.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub s3files_volume_configuration: Option<S3FilesVolumeConfiguration>,
    /// An Amazon FSx for Windows File Server file system.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fsx_windows_file_server_volume_configuration:
        Option<FSxWindowsFileServerVolumeConfiguration>,
    /// Whether the volume (an EBS volume) is configured when a service or task is launched.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub configured_at_launch: Option<bool>,
}

/// A bind mount host volume.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::HostVolumeProperties")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct HostVolumeProperties {
    /// The path on the host presented to the container; Docker assigns one if absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_path: Option<String>,
}

/// A Docker volume.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::DockerVolumeConfiguration")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct DockerVolumeConfiguration {
    /// Whether the volume lives as long as the task or is shared and persists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<Scope>,
    /// Whether the volume is created if it doesn't exist; only for `shared` scope.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub autoprovision: Option<bool>,
    /// The Docker volume driver, as named by Docker.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub driver: Option<String>,
    /// Driver-specific options passed through.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub driver_opts: Option<BTreeMap<String, String>>,
    /// Custom metadata added to the volume.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub labels: Option<BTreeMap<String, String>>,
}

/// An Amazon EFS volume.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::EfsVolumeConfiguration")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct EfsVolumeConfiguration {
    /// The EFS file system ID.
    pub file_system_id: String,
    /// The directory of the file system mounted as the root (default `/`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub root_directory: Option<String>,
    /// Whether data in transit is encrypted (default `DISABLED`; required for IAM authorization).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transit_encryption: Option<EfsTransitEncryption>,
    /// The port for encrypted data between the host and the EFS server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transit_encryption_port: Option<i32>,
    /// The authorization configuration for the EFS file system.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_config: Option<EfsAuthorizationConfig>,
}

/// The authorization configuration of an EFS volume.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::EfsAuthorizationConfig")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct EfsAuthorizationConfig {
    /// The EFS access point ID; requires transit encryption and a root directory of `/` or none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_point_id: Option<String>,
    /// Whether the task role is used when mounting the file system (default `DISABLED`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iam: Option<EfsAuthorizationConfigIam>,
}

/// An Amazon S3 Files volume.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::S3FilesVolumeConfiguration")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct S3FilesVolumeConfiguration {
    /// The full ARN of the S3 Files file system.
    pub file_system_arn: String,
    /// The directory of the file system mounted as the root (default `/`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub root_directory: Option<String>,
    /// The port for encrypted data between the host and the S3 Files file system.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transit_encryption_port: Option<i32>,
    /// The full ARN of the S3 Files access point to use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_point_arn: Option<String>,
}

/// An Amazon FSx for Windows File Server volume.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::FSxWindowsFileServerVolumeConfiguration")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct FSxWindowsFileServerVolumeConfiguration {
    /// The FSx for Windows File Server file system ID.
    pub file_system_id: String,
    /// The directory of the file system mounted as the root on the host.
    pub root_directory: String,
    /// The authorization configuration for the file system.
    pub authorization_config: FSxWindowsFileServerAuthorizationConfig,
}

/// The authorization configuration of an FSx for Windows File Server volume.
// AWS requires it but its model makes it optional: read without it, it is empty, so the
// volume keeps its kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(
    sdk = "aws_sdk_ecs::types::FSxWindowsFileServerAuthorizationConfig",
    empty_when_missing
)]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct FSxWindowsFileServerAuthorizationConfig {
    /// The ARN of the Secrets Manager secret or SSM parameter with the credentials.
    pub credentials_parameter: String,
    /// The fully qualified domain name of the Active Directory.
    pub domain: String,
}

/// A placement constraint of a task definition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::TaskDefinitionPlacementConstraint")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct TaskDefinitionPlacementConstraint {
    /// The type of constraint.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub r#type: Option<TaskDefinitionPlacementConstraintType>,
    /// A cluster query language expression to apply to the constraint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expression: Option<String>,
}

/// The configuration of the App Mesh proxy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::ProxyConfiguration")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct ProxyConfiguration {
    /// The proxy type; only `APPMESH` is supported.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub r#type: Option<ProxyConfigurationType>,
    /// The name of the container that serves as the App Mesh proxy.
    pub container_name: String,
    /// Network settings for the CNI plugin (`IgnoredUID`, `AppPorts`, `ProxyIngressPort`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub properties: Option<Vec<KeyValuePair>>,
}

/// An Elastic Inference accelerator (deprecated: the feature is no longer available).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::InferenceAccelerator")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct InferenceAccelerator {
    /// The accelerator's device name, referenced by a container's resource requirement.
    pub device_name: String,
    /// The Elastic Inference accelerator type.
    pub device_type: String,
}

/// The ephemeral storage of a task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::EphemeralStorage")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct EphemeralStorage {
    /// The total ephemeral storage of the task, in GiB (21-200).
    #[serde(rename = "sizeInGiB")]
    pub size_in_gib: i32,
}

/// The operating system and CPU architecture of a task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::RuntimePlatform")]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct RuntimePlatform {
    /// The CPU architecture.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu_architecture: Option<CpuArchitecture>,
    /// The operating system family.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operating_system_family: Option<OsFamily>,
}

/// The Docker networking mode of a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::NetworkMode")]
pub enum NetworkMode {
    /// Docker's built-in virtual network (the default on Linux).
    #[serde(rename = "bridge")]
    Bridge,
    /// The host's network, without port remapping.
    #[serde(rename = "host")]
    Host,
    /// An elastic network interface per task (required on Fargate).
    #[serde(rename = "awsvpc")]
    Awsvpc,
    /// No external connectivity.
    #[serde(rename = "none")]
    None,
}

/// A launch type that a task definition is validated against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::Compatibility")]
pub enum Compatibility {
    /// Amazon EC2 instances.
    #[serde(rename = "EC2")]
    Ec2,
    /// AWS Fargate.
    #[serde(rename = "FARGATE")]
    Fargate,
    /// External (ECS Anywhere) instances.
    #[serde(rename = "EXTERNAL")]
    External,
    /// Amazon ECS Managed Instances.
    #[serde(rename = "MANAGED_INSTANCES")]
    ManagedInstances,
}

/// The process namespace of a task's containers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::PidMode")]
pub enum PidMode {
    /// The host's process namespace.
    #[serde(rename = "host")]
    Host,
    /// One process namespace shared by the task's containers.
    #[serde(rename = "task")]
    Task,
}

/// The IPC resource namespace of a task's containers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::IpcMode")]
pub enum IpcMode {
    /// The host's IPC resources.
    #[serde(rename = "host")]
    Host,
    /// IPC resources shared by the task's containers.
    #[serde(rename = "task")]
    Task,
    /// Private IPC resources for each container.
    #[serde(rename = "none")]
    None,
}

/// The protocol of a port mapping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::TransportProtocol")]
pub enum TransportProtocol {
    /// TCP (the default).
    #[serde(rename = "tcp")]
    Tcp,
    /// UDP.
    #[serde(rename = "udp")]
    Udp,
}

/// The application protocol of a port mapping (Service Connect).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::ApplicationProtocol")]
pub enum ApplicationProtocol {
    /// HTTP/1.1.
    #[serde(rename = "http")]
    Http,
    /// HTTP/2.
    #[serde(rename = "http2")]
    Http2,
    /// gRPC.
    #[serde(rename = "grpc")]
    Grpc,
}

/// The type of an environment file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::EnvironmentFileType")]
pub enum EnvironmentFileType {
    /// An object in Amazon S3.
    #[serde(rename = "s3")]
    S3,
}

/// The state a container depended on must reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::ContainerCondition")]
pub enum ContainerCondition {
    /// The dependency has started.
    #[serde(rename = "START")]
    Start,
    /// The dependency has run to completion (exited), whatever its exit code.
    #[serde(rename = "COMPLETE")]
    Complete,
    /// The dependency has exited with code 0.
    #[serde(rename = "SUCCESS")]
    Success,
    /// The dependency's health check has passed.
    #[serde(rename = "HEALTHY")]
    Healthy,
}

/// Whether ECS resolves a container image tag to a digest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::VersionConsistency")]
pub enum VersionConsistency {
    /// Resolve the tag to a digest (the default).
    #[serde(rename = "enabled")]
    Enabled,
    /// Use the image URI as given.
    #[serde(rename = "disabled")]
    Disabled,
}

/// The permissions of a container on a host device.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::DeviceCgroupPermission")]
pub enum DeviceCgroupPermission {
    /// Read access.
    #[serde(rename = "read")]
    Read,
    /// Write access.
    #[serde(rename = "write")]
    Write,
    /// Creation of device files.
    #[serde(rename = "mknod")]
    Mknod,
}

/// The type of a ulimit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::UlimitName")]
pub enum UlimitName {
    /// Maximum core file size.
    #[serde(rename = "core")]
    Core,
    /// Maximum CPU time.
    #[serde(rename = "cpu")]
    Cpu,
    /// Maximum data segment size.
    #[serde(rename = "data")]
    Data,
    /// Maximum file size.
    #[serde(rename = "fsize")]
    Fsize,
    /// Maximum number of file locks.
    #[serde(rename = "locks")]
    Locks,
    /// Maximum locked-in-memory address space.
    #[serde(rename = "memlock")]
    Memlock,
    /// Maximum bytes in POSIX message queues.
    #[serde(rename = "msgqueue")]
    Msgqueue,
    /// Maximum nice priority.
    #[serde(rename = "nice")]
    Nice,
    /// Maximum number of open file descriptors.
    #[serde(rename = "nofile")]
    Nofile,
    /// Maximum number of processes.
    #[serde(rename = "nproc")]
    Nproc,
    /// Maximum resident set size.
    #[serde(rename = "rss")]
    Rss,
    /// Maximum real-time priority.
    #[serde(rename = "rtprio")]
    Rtprio,
    /// Maximum real-time CPU time.
    #[serde(rename = "rttime")]
    Rttime,
    /// Maximum number of pending signals.
    #[serde(rename = "sigpending")]
    Sigpending,
    /// Maximum stack size.
    #[serde(rename = "stack")]
    Stack,
}

/// The log driver of a container.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::LogDriver")]
pub enum LogDriver {
    /// FireLens log routing.
    #[serde(rename = "awsfirelens")]
    Awsfirelens,
    /// Amazon CloudWatch Logs.
    #[serde(rename = "awslogs")]
    Awslogs,
    /// Fluentd.
    #[serde(rename = "fluentd")]
    Fluentd,
    /// Graylog Extended Log Format.
    #[serde(rename = "gelf")]
    Gelf,
    /// The systemd journal.
    #[serde(rename = "journald")]
    Journald,
    /// JSON files on the host.
    #[serde(rename = "json-file")]
    JsonFile,
    /// Splunk.
    #[serde(rename = "splunk")]
    Splunk,
    /// Syslog.
    #[serde(rename = "syslog")]
    Syslog,
}

/// The type of a resource assigned to a container.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::ResourceType")]
pub enum ResourceType {
    /// GPUs.
    #[serde(rename = "GPU")]
    Gpu,
    /// An Elastic Inference accelerator (deprecated).
    #[serde(rename = "InferenceAccelerator")]
    InferenceAccelerator,
    /// AWS Neuron devices (Managed Instances only).
    #[serde(rename = "NeuronDevice")]
    NeuronDevice,
}

/// The log router of a FireLens configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::FirelensConfigurationType")]
pub enum FirelensConfigurationType {
    /// Fluentd.
    #[serde(rename = "fluentd")]
    Fluentd,
    /// Fluent Bit.
    #[serde(rename = "fluentbit")]
    Fluentbit,
}

/// The scope of a Docker volume.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::Scope")]
pub enum Scope {
    /// Provisioned when the task starts and destroyed when it stops.
    #[serde(rename = "task")]
    Task,
    /// Persists after the task stops.
    #[serde(rename = "shared")]
    Shared,
}

/// Whether EFS data in transit is encrypted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::EfsTransitEncryption")]
pub enum EfsTransitEncryption {
    /// Encrypted.
    #[serde(rename = "ENABLED")]
    Enabled,
    /// Not encrypted.
    #[serde(rename = "DISABLED")]
    Disabled,
}

/// Whether the task role is used when mounting an EFS file system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::EfsAuthorizationConfigIam")]
pub enum EfsAuthorizationConfigIam {
    /// Use the task role.
    #[serde(rename = "ENABLED")]
    Enabled,
    /// Don't use the task role.
    #[serde(rename = "DISABLED")]
    Disabled,
}

/// The type of a task definition placement constraint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::TaskDefinitionPlacementConstraintType")]
pub enum TaskDefinitionPlacementConstraintType {
    /// Place tasks on container instances matching the expression.
    #[serde(rename = "memberOf")]
    MemberOf,
}

/// The type of a proxy configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::ProxyConfigurationType")]
pub enum ProxyConfigurationType {
    /// AWS App Mesh.
    #[serde(rename = "APPMESH")]
    Appmesh,
}

/// A CPU architecture.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::CpuArchitecture")]
pub enum CpuArchitecture {
    /// x86-64.
    #[serde(rename = "X86_64")]
    X8664,
    /// 64-bit ARM (Graviton).
    #[serde(rename = "ARM64")]
    Arm64,
}

/// An operating system family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Shape)]
#[shape(sdk = "aws_sdk_ecs::types::OsFamily")]
pub enum OsFamily {
    /// Linux.
    #[serde(rename = "LINUX")]
    Linux,
    /// Windows Server 2016 Full.
    #[serde(rename = "WINDOWS_SERVER_2016_FULL")]
    WindowsServer2016Full,
    /// Windows Server 2019 Full.
    #[serde(rename = "WINDOWS_SERVER_2019_FULL")]
    WindowsServer2019Full,
    /// Windows Server 2019 Core.
    #[serde(rename = "WINDOWS_SERVER_2019_CORE")]
    WindowsServer2019Core,
    /// Windows Server 2022 Full.
    #[serde(rename = "WINDOWS_SERVER_2022_FULL")]
    WindowsServer2022Full,
    /// Windows Server 2022 Core.
    #[serde(rename = "WINDOWS_SERVER_2022_CORE")]
    WindowsServer2022Core,
    /// Windows Server 2025 Full.
    #[serde(rename = "WINDOWS_SERVER_2025_FULL")]
    WindowsServer2025Full,
    /// Windows Server 2025 Core.
    #[serde(rename = "WINDOWS_SERVER_2025_CORE")]
    WindowsServer2025Core,
    /// Windows Server 2004 Core.
    #[serde(rename = "WINDOWS_SERVER_2004_CORE")]
    WindowsServer2004Core,
    /// Windows Server 20H2 Core.
    #[serde(rename = "WINDOWS_SERVER_20H2_CORE")]
    WindowsServer20H2Core,
}
