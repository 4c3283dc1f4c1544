//! One-to-one conversions between the AWS SDK's ECS types (`aws_sdk_ecs::types`) and the
//! stack file's types (`ecsform_spec::types`). ARNs stay ARNs and names stay names here:
//! mapping ARNs to the stack's names is the model's job.
//!
//! Conventions:
//! - SDK -> spec (`*_from_sdk`) keeps live state as returned: a list the SDK returns empty
//!   stays `Some(vec![])`, a list it leaves out stays `None` (the public `Option<Vec<_>>`
//!   fields are read, not the slice getters, so the two stay distinct). Members the SDK
//!   models as plain numbers or booleans with a default (a container's `cpu`, a service's
//!   `desiredCount`, `enableECSManagedTags`, `enableExecuteCommand`, a capacity provider's
//!   `weight` and `base`, the ECS Exec log `*EncryptionEnabled` flags) become `Some(value)`:
//!   the SDK cannot tell "absent" from the default. Deciding what is a default is the
//!   normalization step's job.
//! - Enums go through their wire strings (`sdk.as_str()` <-> the spec enum's serde name).
//!   An SDK value the spec enum does not know (a newer AWS value) never panics: an optional
//!   member becomes `None`; an element of a list whose required enum member is unknown is
//!   left out of the list; a single structure whose required enum member is unknown
//!   (a container's `logConfiguration` with a new log driver, a `deploymentController` of a
//!   new type, ...) becomes `None`.
//! - Output-only members (revisions, statuses, counts, timestamps, events...) have no spec
//!   counterpart and are dropped.
//! - spec -> SDK (`*_to_sdk`) returns `Result<_, BuildError>` wherever an SDK builder on the
//!   way has required members. The spec types make those members required too, so the
//!   error cannot happen in practice; it is propagated rather than unwrapped.

use std::collections::{BTreeMap, HashMap};

use aws_sdk_ecs::error::BuildError;
use aws_sdk_ecs::types as sdk;
use aws_smithy_types::{Document, Number};
use ecsform_spec::types as spec;
use serde_json::Value;

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

/// The wire string of a serialized spec enum, or `""` if it is not a string (which no spec
/// enum does; the SDK turns `""` into its `Unknown` variant rather than failing).
fn wire_string(value: serde_json::Result<Value>) -> String {
    match value {
        Ok(Value::String(s)) => s,
        _ => String::new(),
    }
}

/// Converts a spec enum to the SDK enum with the same wire string (the target type is
/// inferred). A macro, not a function: this crate does not depend on `serde` itself, so it
/// cannot name the `Serialize` bound.
macro_rules! to_sdk_enum {
    ($value:expr) => {
        ::std::convert::From::from(wire_string(::serde_json::to_value($value)).as_str())
    };
}

/// Converts an SDK enum to the spec enum with the same wire string (the target type is
/// inferred): `None` for a value the spec enum does not know.
macro_rules! from_sdk_enum {
    ($value:expr) => {
        ::serde_json::from_value(Value::String($value.as_str().to_owned())).ok()
    };
}

/// Converts every element of an optional list, keeping `None` and `Some(vec![])` apart.
fn map_list<S, T>(list: &Option<Vec<S>>, f: impl FnMut(&S) -> T) -> Option<Vec<T>> {
    list.as_ref().map(|l| l.iter().map(f).collect())
}

/// Converts the elements of an optional list, leaving out those that `f` cannot convert.
fn filter_list<S, T>(list: &Option<Vec<S>>, f: impl FnMut(&S) -> Option<T>) -> Option<Vec<T>> {
    list.as_ref().map(|l| l.iter().filter_map(f).collect())
}

/// Converts every element of an optional list with a fallible conversion.
fn try_list<S, T>(
    list: &Option<Vec<S>>,
    f: impl FnMut(&S) -> Result<T, BuildError>,
) -> Result<Option<Vec<T>>, BuildError> {
    list.as_ref()
        .map(|l| l.iter().map(f).collect::<Result<Vec<_>, _>>())
        .transpose()
}

fn to_hash_map(map: &Option<BTreeMap<String, String>>) -> Option<HashMap<String, String>> {
    map.as_ref()
        .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
}

fn to_btree_map(map: &Option<HashMap<String, String>>) -> Option<BTreeMap<String, String>> {
    map.as_ref()
        .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
}

/// Converts a JSON value to a Smithy document (for deployment lifecycle hooks'
/// `hookDetails`).
pub fn document_from_json(value: &Value) -> Document {
    match value {
        Value::Null => Document::Null,
        Value::Bool(b) => Document::Bool(*b),
        Value::Number(n) => {
            if let Some(u) = n.as_u64() {
                Document::Number(Number::PosInt(u))
            } else if let Some(i) = n.as_i64() {
                Document::Number(Number::NegInt(i))
            } else {
                Document::Number(Number::Float(n.as_f64().unwrap_or(f64::NAN)))
            }
        }
        Value::String(s) => Document::String(s.clone()),
        Value::Array(a) => Document::Array(a.iter().map(document_from_json).collect()),
        Value::Object(o) => Document::Object(
            o.iter()
                .map(|(k, v)| (k.clone(), document_from_json(v)))
                .collect(),
        ),
    }
}

/// Converts a Smithy document to a JSON value. Object keys are sorted (the document's map
/// has no order); a non-finite float becomes `null`.
pub fn document_to_json(document: &Document) -> Value {
    match document {
        Document::Null => Value::Null,
        Document::Bool(b) => Value::Bool(*b),
        Document::Number(Number::PosInt(u)) => Value::from(*u),
        Document::Number(Number::NegInt(i)) => Value::from(*i),
        Document::Number(Number::Float(f)) => {
            serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number)
        }
        Document::String(s) => Value::String(s.clone()),
        Document::Array(a) => Value::Array(a.iter().map(document_to_json).collect()),
        Document::Object(o) => {
            let mut keys: Vec<&String> = o.keys().collect();
            keys.sort();
            Value::Object(
                keys.into_iter()
                    .filter_map(|k| o.get(k).map(|v| (k.clone(), document_to_json(v))))
                    .collect(),
            )
        }
    }
}

// ---------------------------------------------------------------------------------------
// Tags and key/value pairs
// ---------------------------------------------------------------------------------------

/// The SDK's tags as the stack's; `None` when there are none. A missing key or value
/// becomes `""`.
pub fn tags_from_sdk(tags: &[sdk::Tag]) -> Option<Vec<spec::Tag>> {
    if tags.is_empty() {
        None
    } else {
        Some(tags.iter().map(tag_from_sdk).collect())
    }
}

/// The stack's tags as the SDK's.
pub fn tags_to_sdk(tags: &[spec::Tag]) -> Vec<sdk::Tag> {
    tags.iter().map(tag_to_sdk).collect()
}

/// One SDK tag as the stack's (a missing key or value becomes `""`).
pub fn tag_from_sdk(tag: &sdk::Tag) -> spec::Tag {
    spec::Tag {
        key: tag.key.clone().unwrap_or_default(),
        value: tag.value.clone().unwrap_or_default(),
    }
}

/// One stack tag as the SDK's.
pub fn tag_to_sdk(tag: &spec::Tag) -> sdk::Tag {
    sdk::Tag::builder()
        .key(tag.key.clone())
        .value(tag.value.clone())
        .build()
}

/// A key/value pair (environment variable, proxy property, ...) from the SDK.
pub fn key_value_pair_from_sdk(p: &sdk::KeyValuePair) -> spec::KeyValuePair {
    spec::KeyValuePair {
        name: p.name.clone(),
        value: p.value.clone(),
    }
}

/// A key/value pair to the SDK.
pub fn key_value_pair_to_sdk(p: &spec::KeyValuePair) -> sdk::KeyValuePair {
    sdk::KeyValuePair::builder()
        .set_name(p.name.clone())
        .set_value(p.value.clone())
        .build()
}

// ---------------------------------------------------------------------------------------
// Task definitions: SDK -> spec
// ---------------------------------------------------------------------------------------

/// A live task definition (DescribeTaskDefinition) as the stack's, with the tags that
/// DescribeTaskDefinition returns beside it. Output-only members (revision, status,
/// compatibilities, requiresAttributes, registeredAt/By, ...) are dropped; `lifecycle` is
/// `None`.
#[allow(deprecated)] // inferenceAccelerators: the SDK deprecates the (defunct) feature
pub fn task_definition_from_sdk(
    td: &sdk::TaskDefinition,
    tags: &[sdk::Tag],
) -> spec::TaskDefinition {
    spec::TaskDefinition {
        family: td.family.clone().unwrap_or_default(),
        task_role_arn: td.task_role_arn.clone(),
        execution_role_arn: td.execution_role_arn.clone(),
        network_mode: td.network_mode.as_ref().and_then(|v| from_sdk_enum!(v)),
        container_definitions: td
            .container_definitions
            .iter()
            .flatten()
            .map(container_definition_from_sdk)
            .collect(),
        volumes: map_list(&td.volumes, volume_from_sdk),
        placement_constraints: map_list(
            &td.placement_constraints,
            task_definition_placement_constraint_from_sdk,
        ),
        requires_compatibilities: filter_list(&td.requires_compatibilities, |v| from_sdk_enum!(v)),
        cpu: td.cpu.clone(),
        memory: td.memory.clone(),
        tags: tags_from_sdk(tags),
        pid_mode: td.pid_mode.as_ref().and_then(|v| from_sdk_enum!(v)),
        ipc_mode: td.ipc_mode.as_ref().and_then(|v| from_sdk_enum!(v)),
        proxy_configuration: td
            .proxy_configuration
            .as_ref()
            .map(proxy_configuration_from_sdk),
        inference_accelerators: map_list(
            &td.inference_accelerators,
            inference_accelerator_from_sdk,
        ),
        ephemeral_storage: td
            .ephemeral_storage
            .as_ref()
            .map(ephemeral_storage_from_sdk),
        runtime_platform: td.runtime_platform.as_ref().map(runtime_platform_from_sdk),
        enable_fault_injection: td.enable_fault_injection,
        lifecycle: None,
    }
}

/// A container definition from the SDK. A missing name or image becomes `""`; `cpu` is
/// always `Some` (the SDK returns 0 when none was given).
pub fn container_definition_from_sdk(c: &sdk::ContainerDefinition) -> spec::ContainerDefinition {
    spec::ContainerDefinition {
        name: c.name.clone().unwrap_or_default(),
        image: c.image.clone().unwrap_or_default(),
        repository_credentials: c
            .repository_credentials
            .as_ref()
            .map(repository_credentials_from_sdk),
        cpu: Some(c.cpu),
        memory: c.memory,
        memory_reservation: c.memory_reservation,
        links: c.links.clone(),
        port_mappings: map_list(&c.port_mappings, port_mapping_from_sdk),
        essential: c.essential,
        restart_policy: c
            .restart_policy
            .as_ref()
            .map(container_restart_policy_from_sdk),
        entry_point: c.entry_point.clone(),
        command: c.command.clone(),
        environment: map_list(&c.environment, key_value_pair_from_sdk),
        environment_files: filter_list(&c.environment_files, environment_file_from_sdk),
        mount_points: map_list(&c.mount_points, mount_point_from_sdk),
        volumes_from: map_list(&c.volumes_from, volume_from_entry_from_sdk),
        linux_parameters: c.linux_parameters.as_ref().map(linux_parameters_from_sdk),
        secrets: map_list(&c.secrets, secret_from_sdk),
        depends_on: filter_list(&c.depends_on, container_dependency_from_sdk),
        start_timeout: c.start_timeout,
        stop_timeout: c.stop_timeout,
        version_consistency: c
            .version_consistency
            .as_ref()
            .and_then(|v| from_sdk_enum!(v)),
        hostname: c.hostname.clone(),
        user: c.user.clone(),
        working_directory: c.working_directory.clone(),
        disable_networking: c.disable_networking,
        privileged: c.privileged,
        readonly_root_filesystem: c.readonly_root_filesystem,
        dns_servers: c.dns_servers.clone(),
        dns_search_domains: c.dns_search_domains.clone(),
        extra_hosts: map_list(&c.extra_hosts, host_entry_from_sdk),
        docker_security_options: c.docker_security_options.clone(),
        interactive: c.interactive,
        pseudo_terminal: c.pseudo_terminal,
        docker_labels: to_btree_map(&c.docker_labels),
        ulimits: filter_list(&c.ulimits, ulimit_from_sdk),
        log_configuration: c
            .log_configuration
            .as_ref()
            .and_then(log_configuration_from_sdk),
        health_check: c.health_check.as_ref().map(health_check_from_sdk),
        system_controls: map_list(&c.system_controls, system_control_from_sdk),
        resource_requirements: filter_list(&c.resource_requirements, resource_requirement_from_sdk),
        firelens_configuration: c
            .firelens_configuration
            .as_ref()
            .and_then(firelens_configuration_from_sdk),
        credential_specs: c.credential_specs.clone(),
    }
}

/// Private registry credentials from the SDK.
pub fn repository_credentials_from_sdk(
    r: &sdk::RepositoryCredentials,
) -> spec::RepositoryCredentials {
    spec::RepositoryCredentials {
        credentials_parameter: r.credentials_parameter.clone(),
    }
}

/// A port mapping from the SDK.
pub fn port_mapping_from_sdk(p: &sdk::PortMapping) -> spec::PortMapping {
    spec::PortMapping {
        container_port: p.container_port,
        host_port: p.host_port,
        protocol: p.protocol.as_ref().and_then(|v| from_sdk_enum!(v)),
        name: p.name.clone(),
        app_protocol: p.app_protocol.as_ref().and_then(|v| from_sdk_enum!(v)),
        container_port_range: p.container_port_range.clone(),
    }
}

/// A container restart policy from the SDK.
pub fn container_restart_policy_from_sdk(
    r: &sdk::ContainerRestartPolicy,
) -> spec::ContainerRestartPolicy {
    spec::ContainerRestartPolicy {
        enabled: r.enabled,
        ignored_exit_codes: r.ignored_exit_codes.clone(),
        restart_attempt_period: r.restart_attempt_period,
    }
}

/// An environment file from the SDK; `None` for a file type the spec does not know.
pub fn environment_file_from_sdk(f: &sdk::EnvironmentFile) -> Option<spec::EnvironmentFile> {
    Some(spec::EnvironmentFile {
        value: f.value.clone(),
        r#type: from_sdk_enum!(f.r#type)?,
    })
}

/// A mount point from the SDK.
pub fn mount_point_from_sdk(m: &sdk::MountPoint) -> spec::MountPoint {
    spec::MountPoint {
        source_volume: m.source_volume.clone(),
        container_path: m.container_path.clone(),
        read_only: m.read_only,
    }
}

/// A `volumesFrom` entry from the SDK.
pub fn volume_from_entry_from_sdk(v: &sdk::VolumeFrom) -> spec::VolumeFrom {
    spec::VolumeFrom {
        source_container: v.source_container.clone(),
        read_only: v.read_only,
    }
}

/// Linux parameters from the SDK.
pub fn linux_parameters_from_sdk(l: &sdk::LinuxParameters) -> spec::LinuxParameters {
    spec::LinuxParameters {
        capabilities: l.capabilities.as_ref().map(|c| spec::KernelCapabilities {
            add: c.add.clone(),
            drop: c.drop.clone(),
        }),
        devices: map_list(&l.devices, device_from_sdk),
        init_process_enabled: l.init_process_enabled,
        shared_memory_size: l.shared_memory_size,
        tmpfs: map_list(&l.tmpfs, tmpfs_from_sdk),
        max_swap: l.max_swap,
        swappiness: l.swappiness,
    }
}

/// A host device from the SDK (permissions the spec does not know are left out).
pub fn device_from_sdk(d: &sdk::Device) -> spec::Device {
    spec::Device {
        host_path: d.host_path.clone(),
        container_path: d.container_path.clone(),
        permissions: filter_list(&d.permissions, |v| from_sdk_enum!(v)),
    }
}

/// A tmpfs mount from the SDK.
pub fn tmpfs_from_sdk(t: &sdk::Tmpfs) -> spec::Tmpfs {
    spec::Tmpfs {
        container_path: t.container_path.clone(),
        size: t.size,
        mount_options: t.mount_options.clone(),
    }
}

/// A secret from the SDK.
pub fn secret_from_sdk(s: &sdk::Secret) -> spec::Secret {
    spec::Secret {
        name: s.name.clone(),
        value_from: s.value_from.clone(),
    }
}

/// A container dependency from the SDK; `None` for a condition the spec does not know.
pub fn container_dependency_from_sdk(
    d: &sdk::ContainerDependency,
) -> Option<spec::ContainerDependency> {
    Some(spec::ContainerDependency {
        container_name: d.container_name.clone(),
        condition: from_sdk_enum!(d.condition)?,
    })
}

/// An `/etc/hosts` entry from the SDK.
pub fn host_entry_from_sdk(h: &sdk::HostEntry) -> spec::HostEntry {
    spec::HostEntry {
        hostname: h.hostname.clone(),
        ip_address: h.ip_address.clone(),
    }
}

/// A ulimit from the SDK; `None` for a ulimit name the spec does not know.
pub fn ulimit_from_sdk(u: &sdk::Ulimit) -> Option<spec::Ulimit> {
    Some(spec::Ulimit {
        name: from_sdk_enum!(u.name)?,
        soft_limit: u.soft_limit,
        hard_limit: u.hard_limit,
    })
}

/// A log configuration from the SDK; `None` for a log driver the spec does not know.
pub fn log_configuration_from_sdk(l: &sdk::LogConfiguration) -> Option<spec::LogConfiguration> {
    Some(spec::LogConfiguration {
        log_driver: from_sdk_enum!(l.log_driver)?,
        options: to_btree_map(&l.options),
        secret_options: map_list(&l.secret_options, secret_from_sdk),
    })
}

/// A container health check from the SDK.
pub fn health_check_from_sdk(h: &sdk::HealthCheck) -> spec::HealthCheck {
    spec::HealthCheck {
        command: h.command.clone(),
        interval: h.interval,
        timeout: h.timeout,
        retries: h.retries,
        start_period: h.start_period,
    }
}

/// A system control from the SDK.
pub fn system_control_from_sdk(s: &sdk::SystemControl) -> spec::SystemControl {
    spec::SystemControl {
        namespace: s.namespace.clone(),
        value: s.value.clone(),
    }
}

/// A resource requirement from the SDK; `None` for a resource type the spec does not know.
/// The SDK models `value` as required and fills in `""` when AWS leaves it out (a GPU with
/// a `sharingStrategy`): `""` becomes `None`.
pub fn resource_requirement_from_sdk(
    r: &sdk::ResourceRequirement,
) -> Option<spec::ResourceRequirement> {
    Some(spec::ResourceRequirement {
        value: Some(r.value.clone()).filter(|v| !v.is_empty()),
        r#type: from_sdk_enum!(r.r#type)?,
        sharing_strategy: r
            .sharing_strategy
            .as_ref()
            .and_then(sharing_strategy_from_sdk),
    })
}

/// A GPU sharing strategy from the SDK; `None` for a strategy the SDK does not know.
pub fn sharing_strategy_from_sdk(s: &sdk::SharingStrategy) -> Option<spec::SharingStrategy> {
    match s {
        sdk::SharingStrategy::NvidiaMps(a) => Some(spec::SharingStrategy {
            nvidia_mps: spec::NvidiaMpsAllocation {
                memory: a.memory,
                max_compute_percent: a.max_compute_percent,
            },
        }),
        _ => None,
    }
}

/// A FireLens configuration from the SDK; `None` for a log router the spec does not know.
pub fn firelens_configuration_from_sdk(
    f: &sdk::FirelensConfiguration,
) -> Option<spec::FirelensConfiguration> {
    Some(spec::FirelensConfiguration {
        r#type: from_sdk_enum!(f.r#type)?,
        options: to_btree_map(&f.options),
    })
}

/// A task definition volume (every kind) from the SDK. An FSx for Windows File Server
/// volume without `authorizationConfig` (which AWS requires, but the SDK models as
/// optional) gets one with empty strings, so the volume keeps its kind.
pub fn volume_from_sdk(v: &sdk::Volume) -> spec::Volume {
    spec::Volume {
        name: v.name.clone(),
        host: v.host.as_ref().map(|h| spec::HostVolumeProperties {
            source_path: h.source_path.clone(),
        }),
        docker_volume_configuration: v
            .docker_volume_configuration
            .as_ref()
            .map(docker_volume_configuration_from_sdk),
        efs_volume_configuration: v
            .efs_volume_configuration
            .as_ref()
            .map(efs_volume_configuration_from_sdk),
        s3files_volume_configuration: v
            .s3files_volume_configuration
            .as_ref()
            .map(s3files_volume_configuration_from_sdk),
        fsx_windows_file_server_volume_configuration: v
            .fsx_windows_file_server_volume_configuration
            .as_ref()
            .map(fsx_windows_file_server_volume_configuration_from_sdk),
        configured_at_launch: v.configured_at_launch,
    }
}

/// A Docker volume configuration from the SDK.
pub fn docker_volume_configuration_from_sdk(
    d: &sdk::DockerVolumeConfiguration,
) -> spec::DockerVolumeConfiguration {
    spec::DockerVolumeConfiguration {
        scope: d.scope.as_ref().and_then(|v| from_sdk_enum!(v)),
        autoprovision: d.autoprovision,
        driver: d.driver.clone(),
        driver_opts: to_btree_map(&d.driver_opts),
        labels: to_btree_map(&d.labels),
    }
}

/// An EFS volume configuration from the SDK.
pub fn efs_volume_configuration_from_sdk(
    e: &sdk::EfsVolumeConfiguration,
) -> spec::EfsVolumeConfiguration {
    spec::EfsVolumeConfiguration {
        file_system_id: e.file_system_id.clone(),
        root_directory: e.root_directory.clone(),
        transit_encryption: e
            .transit_encryption
            .as_ref()
            .and_then(|v| from_sdk_enum!(v)),
        transit_encryption_port: e.transit_encryption_port,
        authorization_config: e.authorization_config.as_ref().map(|a| {
            spec::EfsAuthorizationConfig {
                access_point_id: a.access_point_id.clone(),
                iam: a.iam.as_ref().and_then(|v| from_sdk_enum!(v)),
            }
        }),
    }
}

/// An S3 Files volume configuration from the SDK.
pub fn s3files_volume_configuration_from_sdk(
    s: &sdk::S3FilesVolumeConfiguration,
) -> spec::S3FilesVolumeConfiguration {
    spec::S3FilesVolumeConfiguration {
        file_system_arn: s.file_system_arn.clone(),
        root_directory: s.root_directory.clone(),
        transit_encryption_port: s.transit_encryption_port,
        access_point_arn: s.access_point_arn.clone(),
    }
}

/// An FSx for Windows File Server volume configuration from the SDK (a missing
/// `authorizationConfig` becomes one with empty strings).
pub fn fsx_windows_file_server_volume_configuration_from_sdk(
    f: &sdk::FSxWindowsFileServerVolumeConfiguration,
) -> spec::FSxWindowsFileServerVolumeConfiguration {
    spec::FSxWindowsFileServerVolumeConfiguration {
        file_system_id: f.file_system_id.clone(),
        root_directory: f.root_directory.clone(),
        authorization_config: spec::FSxWindowsFileServerAuthorizationConfig {
            credentials_parameter: f
                .authorization_config
                .as_ref()
                .map(|a| a.credentials_parameter.clone())
                .unwrap_or_default(),
            domain: f
                .authorization_config
                .as_ref()
                .map(|a| a.domain.clone())
                .unwrap_or_default(),
        },
    }
}

/// A task definition placement constraint from the SDK.
pub fn task_definition_placement_constraint_from_sdk(
    p: &sdk::TaskDefinitionPlacementConstraint,
) -> spec::TaskDefinitionPlacementConstraint {
    spec::TaskDefinitionPlacementConstraint {
        r#type: p.r#type.as_ref().and_then(|v| from_sdk_enum!(v)),
        expression: p.expression.clone(),
    }
}

/// An App Mesh proxy configuration from the SDK.
pub fn proxy_configuration_from_sdk(p: &sdk::ProxyConfiguration) -> spec::ProxyConfiguration {
    spec::ProxyConfiguration {
        r#type: p.r#type.as_ref().and_then(|v| from_sdk_enum!(v)),
        container_name: p.container_name.clone(),
        properties: map_list(&p.properties, key_value_pair_from_sdk),
    }
}

/// An Elastic Inference accelerator from the SDK.
#[allow(deprecated)] // the SDK deprecates the (defunct) feature
pub fn inference_accelerator_from_sdk(a: &sdk::InferenceAccelerator) -> spec::InferenceAccelerator {
    spec::InferenceAccelerator {
        device_name: a.device_name.clone(),
        device_type: a.device_type.clone(),
    }
}

/// Task ephemeral storage from the SDK.
pub fn ephemeral_storage_from_sdk(e: &sdk::EphemeralStorage) -> spec::EphemeralStorage {
    spec::EphemeralStorage {
        size_in_gib: e.size_in_gib,
    }
}

/// A runtime platform from the SDK.
pub fn runtime_platform_from_sdk(r: &sdk::RuntimePlatform) -> spec::RuntimePlatform {
    spec::RuntimePlatform {
        cpu_architecture: r.cpu_architecture.as_ref().and_then(|v| from_sdk_enum!(v)),
        operating_system_family: r
            .operating_system_family
            .as_ref()
            .and_then(|v| from_sdk_enum!(v)),
    }
}

// ---------------------------------------------------------------------------------------
// Task definitions: spec -> SDK
// ---------------------------------------------------------------------------------------

/// A container definition to the SDK.
pub fn container_definition_to_sdk(
    c: &spec::ContainerDefinition,
) -> Result<sdk::ContainerDefinition, BuildError> {
    Ok(sdk::ContainerDefinition::builder()
        .name(c.name.clone())
        .image(c.image.clone())
        .set_repository_credentials(
            c.repository_credentials
                .as_ref()
                .map(repository_credentials_to_sdk)
                .transpose()?,
        )
        .set_cpu(c.cpu)
        .set_memory(c.memory)
        .set_memory_reservation(c.memory_reservation)
        .set_links(c.links.clone())
        .set_port_mappings(map_list(&c.port_mappings, port_mapping_to_sdk))
        .set_essential(c.essential)
        .set_restart_policy(
            c.restart_policy
                .as_ref()
                .map(container_restart_policy_to_sdk)
                .transpose()?,
        )
        .set_entry_point(c.entry_point.clone())
        .set_command(c.command.clone())
        .set_environment(map_list(&c.environment, key_value_pair_to_sdk))
        .set_environment_files(try_list(&c.environment_files, environment_file_to_sdk)?)
        .set_mount_points(map_list(&c.mount_points, mount_point_to_sdk))
        .set_volumes_from(map_list(&c.volumes_from, volume_from_entry_to_sdk))
        .set_linux_parameters(
            c.linux_parameters
                .as_ref()
                .map(linux_parameters_to_sdk)
                .transpose()?,
        )
        .set_secrets(try_list(&c.secrets, secret_to_sdk)?)
        .set_depends_on(try_list(&c.depends_on, container_dependency_to_sdk)?)
        .set_start_timeout(c.start_timeout)
        .set_stop_timeout(c.stop_timeout)
        .set_version_consistency(c.version_consistency.as_ref().map(|v| to_sdk_enum!(v)))
        .set_hostname(c.hostname.clone())
        .set_user(c.user.clone())
        .set_working_directory(c.working_directory.clone())
        .set_disable_networking(c.disable_networking)
        .set_privileged(c.privileged)
        .set_readonly_root_filesystem(c.readonly_root_filesystem)
        .set_dns_servers(c.dns_servers.clone())
        .set_dns_search_domains(c.dns_search_domains.clone())
        .set_extra_hosts(try_list(&c.extra_hosts, host_entry_to_sdk)?)
        .set_docker_security_options(c.docker_security_options.clone())
        .set_interactive(c.interactive)
        .set_pseudo_terminal(c.pseudo_terminal)
        .set_docker_labels(to_hash_map(&c.docker_labels))
        .set_ulimits(try_list(&c.ulimits, ulimit_to_sdk)?)
        .set_log_configuration(
            c.log_configuration
                .as_ref()
                .map(log_configuration_to_sdk)
                .transpose()?,
        )
        .set_health_check(
            c.health_check
                .as_ref()
                .map(health_check_to_sdk)
                .transpose()?,
        )
        .set_system_controls(map_list(&c.system_controls, system_control_to_sdk))
        .set_resource_requirements(try_list(
            &c.resource_requirements,
            resource_requirement_to_sdk,
        )?)
        .set_firelens_configuration(
            c.firelens_configuration
                .as_ref()
                .map(firelens_configuration_to_sdk)
                .transpose()?,
        )
        .set_credential_specs(c.credential_specs.clone())
        .build())
}

/// Private registry credentials to the SDK.
pub fn repository_credentials_to_sdk(
    r: &spec::RepositoryCredentials,
) -> Result<sdk::RepositoryCredentials, BuildError> {
    sdk::RepositoryCredentials::builder()
        .credentials_parameter(r.credentials_parameter.clone())
        .build()
}

/// A port mapping to the SDK.
pub fn port_mapping_to_sdk(p: &spec::PortMapping) -> sdk::PortMapping {
    sdk::PortMapping::builder()
        .set_container_port(p.container_port)
        .set_host_port(p.host_port)
        .set_protocol(p.protocol.as_ref().map(|v| to_sdk_enum!(v)))
        .set_name(p.name.clone())
        .set_app_protocol(p.app_protocol.as_ref().map(|v| to_sdk_enum!(v)))
        .set_container_port_range(p.container_port_range.clone())
        .build()
}

/// A container restart policy to the SDK.
pub fn container_restart_policy_to_sdk(
    r: &spec::ContainerRestartPolicy,
) -> Result<sdk::ContainerRestartPolicy, BuildError> {
    sdk::ContainerRestartPolicy::builder()
        .enabled(r.enabled)
        .set_ignored_exit_codes(r.ignored_exit_codes.clone())
        .set_restart_attempt_period(r.restart_attempt_period)
        .build()
}

/// An environment file to the SDK.
pub fn environment_file_to_sdk(
    f: &spec::EnvironmentFile,
) -> Result<sdk::EnvironmentFile, BuildError> {
    sdk::EnvironmentFile::builder()
        .value(f.value.clone())
        .r#type(to_sdk_enum!(f.r#type))
        .build()
}

/// A mount point to the SDK.
pub fn mount_point_to_sdk(m: &spec::MountPoint) -> sdk::MountPoint {
    sdk::MountPoint::builder()
        .set_source_volume(m.source_volume.clone())
        .set_container_path(m.container_path.clone())
        .set_read_only(m.read_only)
        .build()
}

/// A `volumesFrom` entry to the SDK.
pub fn volume_from_entry_to_sdk(v: &spec::VolumeFrom) -> sdk::VolumeFrom {
    sdk::VolumeFrom::builder()
        .set_source_container(v.source_container.clone())
        .set_read_only(v.read_only)
        .build()
}

/// Linux parameters to the SDK.
pub fn linux_parameters_to_sdk(
    l: &spec::LinuxParameters,
) -> Result<sdk::LinuxParameters, BuildError> {
    Ok(sdk::LinuxParameters::builder()
        .set_capabilities(l.capabilities.as_ref().map(|c| {
            sdk::KernelCapabilities::builder()
                .set_add(c.add.clone())
                .set_drop(c.drop.clone())
                .build()
        }))
        .set_devices(try_list(&l.devices, device_to_sdk)?)
        .set_init_process_enabled(l.init_process_enabled)
        .set_shared_memory_size(l.shared_memory_size)
        .set_tmpfs(try_list(&l.tmpfs, tmpfs_to_sdk)?)
        .set_max_swap(l.max_swap)
        .set_swappiness(l.swappiness)
        .build())
}

/// A host device to the SDK.
pub fn device_to_sdk(d: &spec::Device) -> Result<sdk::Device, BuildError> {
    sdk::Device::builder()
        .host_path(d.host_path.clone())
        .set_container_path(d.container_path.clone())
        .set_permissions(map_list(&d.permissions, |v| to_sdk_enum!(v)))
        .build()
}

/// A tmpfs mount to the SDK.
pub fn tmpfs_to_sdk(t: &spec::Tmpfs) -> Result<sdk::Tmpfs, BuildError> {
    sdk::Tmpfs::builder()
        .container_path(t.container_path.clone())
        .size(t.size)
        .set_mount_options(t.mount_options.clone())
        .build()
}

/// A secret to the SDK.
pub fn secret_to_sdk(s: &spec::Secret) -> Result<sdk::Secret, BuildError> {
    sdk::Secret::builder()
        .name(s.name.clone())
        .value_from(s.value_from.clone())
        .build()
}

/// A container dependency to the SDK.
pub fn container_dependency_to_sdk(
    d: &spec::ContainerDependency,
) -> Result<sdk::ContainerDependency, BuildError> {
    sdk::ContainerDependency::builder()
        .container_name(d.container_name.clone())
        .condition(to_sdk_enum!(d.condition))
        .build()
}

/// An `/etc/hosts` entry to the SDK.
pub fn host_entry_to_sdk(h: &spec::HostEntry) -> Result<sdk::HostEntry, BuildError> {
    sdk::HostEntry::builder()
        .hostname(h.hostname.clone())
        .ip_address(h.ip_address.clone())
        .build()
}

/// A ulimit to the SDK.
pub fn ulimit_to_sdk(u: &spec::Ulimit) -> Result<sdk::Ulimit, BuildError> {
    sdk::Ulimit::builder()
        .name(to_sdk_enum!(u.name))
        .soft_limit(u.soft_limit)
        .hard_limit(u.hard_limit)
        .build()
}

/// A log configuration to the SDK.
pub fn log_configuration_to_sdk(
    l: &spec::LogConfiguration,
) -> Result<sdk::LogConfiguration, BuildError> {
    sdk::LogConfiguration::builder()
        .log_driver(to_sdk_enum!(l.log_driver))
        .set_options(to_hash_map(&l.options))
        .set_secret_options(try_list(&l.secret_options, secret_to_sdk)?)
        .build()
}

/// A container health check to the SDK.
pub fn health_check_to_sdk(h: &spec::HealthCheck) -> Result<sdk::HealthCheck, BuildError> {
    sdk::HealthCheck::builder()
        .set_command(Some(h.command.clone()))
        .set_interval(h.interval)
        .set_timeout(h.timeout)
        .set_retries(h.retries)
        .set_start_period(h.start_period)
        .build()
}

/// A system control to the SDK.
pub fn system_control_to_sdk(s: &spec::SystemControl) -> sdk::SystemControl {
    sdk::SystemControl::builder()
        .set_namespace(s.namespace.clone())
        .set_value(s.value.clone())
        .build()
}

/// A resource requirement to the SDK. Without `value` (a GPU with a `sharingStrategy`) the
/// SDK, which models `value` as required, sends `""`.
pub fn resource_requirement_to_sdk(
    r: &spec::ResourceRequirement,
) -> Result<sdk::ResourceRequirement, BuildError> {
    sdk::ResourceRequirement::builder()
        .set_value(r.value.clone())
        .r#type(to_sdk_enum!(r.r#type))
        .set_sharing_strategy(
            r.sharing_strategy
                .as_ref()
                .map(sharing_strategy_to_sdk)
                .transpose()?,
        )
        .build()
}

/// A GPU sharing strategy to the SDK.
pub fn sharing_strategy_to_sdk(
    s: &spec::SharingStrategy,
) -> Result<sdk::SharingStrategy, BuildError> {
    Ok(sdk::SharingStrategy::NvidiaMps(
        sdk::NvidiaMpsAllocation::builder()
            .memory(s.nvidia_mps.memory)
            .set_max_compute_percent(s.nvidia_mps.max_compute_percent)
            .build()?,
    ))
}

/// A FireLens configuration to the SDK.
pub fn firelens_configuration_to_sdk(
    f: &spec::FirelensConfiguration,
) -> Result<sdk::FirelensConfiguration, BuildError> {
    sdk::FirelensConfiguration::builder()
        .r#type(to_sdk_enum!(f.r#type))
        .set_options(to_hash_map(&f.options))
        .build()
}

/// A task definition volume (every kind) to the SDK.
pub fn volume_to_sdk(v: &spec::Volume) -> Result<sdk::Volume, BuildError> {
    Ok(sdk::Volume::builder()
        .set_name(v.name.clone())
        .set_host(v.host.as_ref().map(|h| {
            sdk::HostVolumeProperties::builder()
                .set_source_path(h.source_path.clone())
                .build()
        }))
        .set_docker_volume_configuration(
            v.docker_volume_configuration
                .as_ref()
                .map(docker_volume_configuration_to_sdk),
        )
        .set_efs_volume_configuration(
            v.efs_volume_configuration
                .as_ref()
                .map(efs_volume_configuration_to_sdk)
                .transpose()?,
        )
        .set_s3files_volume_configuration(
            v.s3files_volume_configuration
                .as_ref()
                .map(s3files_volume_configuration_to_sdk)
                .transpose()?,
        )
        .set_fsx_windows_file_server_volume_configuration(
            v.fsx_windows_file_server_volume_configuration
                .as_ref()
                .map(fsx_windows_file_server_volume_configuration_to_sdk)
                .transpose()?,
        )
        .set_configured_at_launch(v.configured_at_launch)
        .build())
}

/// A Docker volume configuration to the SDK.
pub fn docker_volume_configuration_to_sdk(
    d: &spec::DockerVolumeConfiguration,
) -> sdk::DockerVolumeConfiguration {
    sdk::DockerVolumeConfiguration::builder()
        .set_scope(d.scope.as_ref().map(|v| to_sdk_enum!(v)))
        .set_autoprovision(d.autoprovision)
        .set_driver(d.driver.clone())
        .set_driver_opts(to_hash_map(&d.driver_opts))
        .set_labels(to_hash_map(&d.labels))
        .build()
}

/// An EFS volume configuration to the SDK.
pub fn efs_volume_configuration_to_sdk(
    e: &spec::EfsVolumeConfiguration,
) -> Result<sdk::EfsVolumeConfiguration, BuildError> {
    sdk::EfsVolumeConfiguration::builder()
        .file_system_id(e.file_system_id.clone())
        .set_root_directory(e.root_directory.clone())
        .set_transit_encryption(e.transit_encryption.as_ref().map(|v| to_sdk_enum!(v)))
        .set_transit_encryption_port(e.transit_encryption_port)
        .set_authorization_config(e.authorization_config.as_ref().map(|a| {
            sdk::EfsAuthorizationConfig::builder()
                .set_access_point_id(a.access_point_id.clone())
                .set_iam(a.iam.as_ref().map(|v| to_sdk_enum!(v)))
                .build()
        }))
        .build()
}

/// An S3 Files volume configuration to the SDK.
pub fn s3files_volume_configuration_to_sdk(
    s: &spec::S3FilesVolumeConfiguration,
) -> Result<sdk::S3FilesVolumeConfiguration, BuildError> {
    sdk::S3FilesVolumeConfiguration::builder()
        .file_system_arn(s.file_system_arn.clone())
        .set_root_directory(s.root_directory.clone())
        .set_transit_encryption_port(s.transit_encryption_port)
        .set_access_point_arn(s.access_point_arn.clone())
        .build()
}

/// An FSx for Windows File Server volume configuration to the SDK.
pub fn fsx_windows_file_server_volume_configuration_to_sdk(
    f: &spec::FSxWindowsFileServerVolumeConfiguration,
) -> Result<sdk::FSxWindowsFileServerVolumeConfiguration, BuildError> {
    sdk::FSxWindowsFileServerVolumeConfiguration::builder()
        .file_system_id(f.file_system_id.clone())
        .root_directory(f.root_directory.clone())
        .authorization_config(
            sdk::FSxWindowsFileServerAuthorizationConfig::builder()
                .credentials_parameter(f.authorization_config.credentials_parameter.clone())
                .domain(f.authorization_config.domain.clone())
                .build()?,
        )
        .build()
}

/// A task definition placement constraint to the SDK.
pub fn placement_constraint_to_sdk(
    p: &spec::TaskDefinitionPlacementConstraint,
) -> sdk::TaskDefinitionPlacementConstraint {
    sdk::TaskDefinitionPlacementConstraint::builder()
        .set_type(p.r#type.as_ref().map(|v| to_sdk_enum!(v)))
        .set_expression(p.expression.clone())
        .build()
}

/// An App Mesh proxy configuration to the SDK.
pub fn proxy_configuration_to_sdk(
    p: &spec::ProxyConfiguration,
) -> Result<sdk::ProxyConfiguration, BuildError> {
    sdk::ProxyConfiguration::builder()
        .set_type(p.r#type.as_ref().map(|v| to_sdk_enum!(v)))
        .container_name(p.container_name.clone())
        .set_properties(map_list(&p.properties, key_value_pair_to_sdk))
        .build()
}

/// An Elastic Inference accelerator to the SDK.
#[allow(deprecated)] // the SDK deprecates the (defunct) feature
pub fn inference_accelerator_to_sdk(
    a: &spec::InferenceAccelerator,
) -> Result<sdk::InferenceAccelerator, BuildError> {
    sdk::InferenceAccelerator::builder()
        .device_name(a.device_name.clone())
        .device_type(a.device_type.clone())
        .build()
}

/// Task ephemeral storage to the SDK.
pub fn ephemeral_storage_to_sdk(e: &spec::EphemeralStorage) -> sdk::EphemeralStorage {
    sdk::EphemeralStorage::builder()
        .size_in_gib(e.size_in_gib)
        .build()
}

/// A runtime platform to the SDK.
pub fn runtime_platform_to_sdk(r: &spec::RuntimePlatform) -> sdk::RuntimePlatform {
    sdk::RuntimePlatform::builder()
        .set_cpu_architecture(r.cpu_architecture.as_ref().map(|v| to_sdk_enum!(v)))
        .set_operating_system_family(r.operating_system_family.as_ref().map(|v| to_sdk_enum!(v)))
        .build()
}

// ---------------------------------------------------------------------------------------
// Services: SDK -> spec
// ---------------------------------------------------------------------------------------

/// The deployment of a service whose status is `PRIMARY` (the one being rolled out or in
/// place), if any.
pub fn primary_deployment(svc: &sdk::Service) -> Option<&sdk::Deployment> {
    svc.deployments
        .iter()
        .flatten()
        .find(|d| d.status.as_deref() == Some("PRIMARY"))
}

/// A live service (DescribeServices) as the stack's.
///
/// `taskDefinition` stays the ARN returned; `tags` come from `tags`, or from the service's
/// own when `tags` is empty. The Service Connect configuration, the volume configurations
/// and the VPC Lattice configurations are not members of the SDK's `Service`: they come
/// from its `PRIMARY` deployment. `gatewayConnectors` and `monitoring` are returned on
/// neither (only by DescribeServiceRevisions, which the reader adds with
/// [`service_revision_into`]): they stay `None` here, as do `autoscaling` and `lifecycle`. `desiredCount`, `enableECSManagedTags` and `enableExecuteCommand` are
/// always `Some` (the SDK has no "absent" for them).
pub fn service_from_sdk(svc: &sdk::Service, tags: &[sdk::Tag]) -> spec::Service {
    let primary = primary_deployment(svc);
    spec::Service {
        service_name: svc.service_name.clone().unwrap_or_default(),
        task_definition: svc.task_definition.clone().unwrap_or_default(),
        availability_zone_rebalancing: svc
            .availability_zone_rebalancing
            .as_ref()
            .and_then(|v| from_sdk_enum!(v)),
        load_balancers: map_list(&svc.load_balancers, load_balancer_from_sdk),
        service_registries: map_list(&svc.service_registries, service_registry_from_sdk),
        desired_count: Some(svc.desired_count),
        launch_type: svc.launch_type.as_ref().and_then(|v| from_sdk_enum!(v)),
        capacity_provider_strategy: map_list(
            &svc.capacity_provider_strategy,
            capacity_provider_strategy_item_from_sdk,
        ),
        platform_version: svc.platform_version.clone(),
        role: svc.role_arn.clone(),
        deployment_configuration: svc
            .deployment_configuration
            .as_ref()
            .map(deployment_configuration_from_sdk),
        placement_constraints: map_list(
            &svc.placement_constraints,
            service_placement_constraint_from_sdk,
        ),
        placement_strategy: map_list(&svc.placement_strategy, placement_strategy_from_sdk),
        network_configuration: svc
            .network_configuration
            .as_ref()
            .map(network_configuration_from_sdk),
        health_check_grace_period_seconds: svc.health_check_grace_period_seconds,
        scheduling_strategy: svc
            .scheduling_strategy
            .as_ref()
            .and_then(|v| from_sdk_enum!(v)),
        deployment_controller: svc
            .deployment_controller
            .as_ref()
            .and_then(deployment_controller_from_sdk),
        tags: if tags.is_empty() {
            tags_from_sdk(svc.tags())
        } else {
            tags_from_sdk(tags)
        },
        enable_ecs_managed_tags: Some(svc.enable_ecs_managed_tags),
        propagate_tags: svc.propagate_tags.as_ref().and_then(|v| from_sdk_enum!(v)),
        enable_execute_command: Some(svc.enable_execute_command),
        service_connect_configuration: primary
            .and_then(|d| d.service_connect_configuration.as_ref())
            .map(service_connect_configuration_from_sdk),
        volume_configurations: primary.and_then(|d| {
            map_list(
                &d.volume_configurations,
                service_volume_configuration_from_sdk,
            )
        }),
        vpc_lattice_configurations: primary.and_then(|d| {
            map_list(
                &d.vpc_lattice_configurations,
                vpc_lattice_configuration_from_sdk,
            )
        }),
        gateway_connectors: None,
        monitoring: None,
        autoscaling: None,
        lifecycle: None,
    }
}

/// A service load balancer from the SDK (`targetGroup`, a stack name, stays `None`).
pub fn load_balancer_from_sdk(lb: &sdk::LoadBalancer) -> spec::ServiceLoadBalancer {
    spec::ServiceLoadBalancer {
        target_group: None,
        target_group_arn: lb.target_group_arn.clone(),
        load_balancer_name: lb.load_balancer_name.clone(),
        container_name: lb.container_name.clone(),
        container_port: lb.container_port,
        advanced_configuration: lb.advanced_configuration.as_ref().map(|a| {
            spec::AdvancedConfiguration {
                alternate_target_group_arn: a.alternate_target_group_arn.clone(),
                production_listener_rule: a.production_listener_rule.clone(),
                test_listener_rule: a.test_listener_rule.clone(),
                role_arn: a.role_arn.clone(),
            }
        }),
    }
}

/// A service registry from the SDK.
pub fn service_registry_from_sdk(r: &sdk::ServiceRegistry) -> spec::ServiceRegistry {
    spec::ServiceRegistry {
        registry_arn: r.registry_arn.clone(),
        port: r.port,
        container_name: r.container_name.clone(),
        container_port: r.container_port,
    }
}

/// A capacity provider strategy item from the SDK (`weight` and `base` always `Some`).
pub fn capacity_provider_strategy_item_from_sdk(
    i: &sdk::CapacityProviderStrategyItem,
) -> spec::CapacityProviderStrategyItem {
    spec::CapacityProviderStrategyItem {
        capacity_provider: i.capacity_provider.clone(),
        weight: Some(i.weight),
        base: Some(i.base),
    }
}

/// A deployment configuration (all of it) from the SDK.
pub fn deployment_configuration_from_sdk(
    d: &sdk::DeploymentConfiguration,
) -> spec::DeploymentConfiguration {
    spec::DeploymentConfiguration {
        deployment_circuit_breaker: d.deployment_circuit_breaker.as_ref().map(|b| {
            spec::DeploymentCircuitBreaker {
                enable: b.enable,
                rollback: b.rollback,
                reset_on_healthy_task: b.reset_on_healthy_task,
                threshold_configuration: b.threshold_configuration.as_ref().and_then(|t| {
                    Some(spec::ThresholdConfiguration {
                        threshold_type: from_sdk_enum!(t.r#type)?,
                        value: t.value,
                    })
                }),
            }
        }),
        maximum_percent: d.maximum_percent,
        minimum_healthy_percent: d.minimum_healthy_percent,
        alarms: d.alarms.as_ref().map(|a| spec::DeploymentAlarms {
            alarm_names: a.alarm_names.clone(),
            rollback: a.rollback,
            enable: a.enable,
        }),
        strategy: d.strategy.as_ref().and_then(|v| from_sdk_enum!(v)),
        bake_time_in_minutes: d.bake_time_in_minutes,
        lifecycle_hooks: map_list(&d.lifecycle_hooks, deployment_lifecycle_hook_from_sdk),
        linear_configuration: d
            .linear_configuration
            .as_ref()
            .map(|l| spec::LinearConfiguration {
                step_percent: l.step_percent,
                step_bake_time_in_minutes: l.step_bake_time_in_minutes,
            }),
        canary_configuration: d
            .canary_configuration
            .as_ref()
            .map(|c| spec::CanaryConfiguration {
                canary_percent: c.canary_percent,
                canary_bake_time_in_minutes: c.canary_bake_time_in_minutes,
            }),
        early_success_criteria: d.early_success_criteria.as_ref().map(|e| {
            spec::DeploymentEarlySuccessCriteria {
                enable: e.enable,
                healthy_percent: e.healthy_percent,
                source_service_revision_cleanup: e
                    .source_service_revision_cleanup
                    .as_ref()
                    .and_then(|v| from_sdk_enum!(v)),
            }
        }),
    }
}

/// A deployment lifecycle hook from the SDK (stages the spec does not know are left out).
pub fn deployment_lifecycle_hook_from_sdk(
    h: &sdk::DeploymentLifecycleHook,
) -> spec::DeploymentLifecycleHook {
    spec::DeploymentLifecycleHook {
        target_type: h.target_type.as_ref().and_then(|v| from_sdk_enum!(v)),
        hook_target_arn: h.hook_target_arn.clone(),
        role_arn: h.role_arn.clone(),
        lifecycle_stages: filter_list(&h.lifecycle_stages, |v| from_sdk_enum!(v)),
        hook_details: h.hook_details.as_ref().map(document_to_json),
        timeout_configuration: h.timeout_configuration.as_ref().map(|t| {
            spec::DeploymentLifecycleHookTimeoutConfiguration {
                timeout_in_minutes: t.timeout_in_minutes,
                action: t.action.as_ref().and_then(|v| from_sdk_enum!(v)),
            }
        }),
    }
}

/// A service placement constraint from the SDK.
pub fn service_placement_constraint_from_sdk(
    p: &sdk::PlacementConstraint,
) -> spec::PlacementConstraint {
    spec::PlacementConstraint {
        constraint_type: p.r#type.as_ref().and_then(|v| from_sdk_enum!(v)),
        expression: p.expression.clone(),
    }
}

/// A placement strategy rule from the SDK.
pub fn placement_strategy_from_sdk(p: &sdk::PlacementStrategy) -> spec::PlacementStrategy {
    spec::PlacementStrategy {
        strategy_type: p.r#type.as_ref().and_then(|v| from_sdk_enum!(v)),
        field: p.field.clone(),
    }
}

/// A network configuration from the SDK.
pub fn network_configuration_from_sdk(n: &sdk::NetworkConfiguration) -> spec::NetworkConfiguration {
    spec::NetworkConfiguration {
        awsvpc_configuration: n
            .awsvpc_configuration
            .as_ref()
            .map(|a| spec::AwsVpcConfiguration {
                subnets: a.subnets.clone(),
                security_groups: a.security_groups.clone(),
                assign_public_ip: a.assign_public_ip.as_ref().and_then(|v| from_sdk_enum!(v)),
            }),
    }
}

/// A deployment controller from the SDK; `None` for a controller type the spec does not know.
pub fn deployment_controller_from_sdk(
    d: &sdk::DeploymentController,
) -> Option<spec::DeploymentController> {
    Some(spec::DeploymentController {
        controller_type: from_sdk_enum!(d.r#type)?,
    })
}

/// A Service Connect configuration from the SDK (the namespace as returned: an ARN).
pub fn service_connect_configuration_from_sdk(
    s: &sdk::ServiceConnectConfiguration,
) -> spec::ServiceConnectConfiguration {
    spec::ServiceConnectConfiguration {
        enabled: s.enabled,
        namespace: s.namespace.clone(),
        services: map_list(&s.services, service_connect_service_from_sdk),
        log_configuration: s
            .log_configuration
            .as_ref()
            .and_then(log_configuration_from_sdk),
        access_log_configuration: s.access_log_configuration.as_ref().and_then(|a| {
            Some(spec::ServiceConnectAccessLogConfiguration {
                format: from_sdk_enum!(a.format)?,
                include_query_parameters: a
                    .include_query_parameters
                    .as_ref()
                    .and_then(|v| from_sdk_enum!(v)),
            })
        }),
        container_configurations: filter_list(
            &s.container_configurations,
            service_connect_container_configuration_from_sdk,
        ),
    }
}

/// A Service Connect service (endpoint) from the SDK.
pub fn service_connect_service_from_sdk(
    s: &sdk::ServiceConnectService,
) -> spec::ServiceConnectService {
    spec::ServiceConnectService {
        port_name: s.port_name.clone(),
        discovery_name: s.discovery_name.clone(),
        client_aliases: map_list(&s.client_aliases, |a| spec::ServiceConnectClientAlias {
            port: a.port,
            dns_name: a.dns_name.clone(),
            test_traffic_rules: a.test_traffic_rules.as_ref().map(|r| {
                spec::ServiceConnectTestTrafficRules {
                    header: r
                        .header
                        .as_ref()
                        .map(|h| spec::ServiceConnectTestTrafficHeaderRules {
                            name: h.name.clone(),
                            value: h.value.as_ref().map(|v| {
                                spec::ServiceConnectTestTrafficHeaderMatchRules {
                                    exact: v.exact.clone(),
                                }
                            }),
                        }),
                }
            }),
        }),
        ingress_port_override: s.ingress_port_override,
        timeout: s.timeout.as_ref().map(|t| spec::TimeoutConfiguration {
            idle_timeout_seconds: t.idle_timeout_seconds,
            per_request_timeout_seconds: t.per_request_timeout_seconds,
        }),
        tls: s
            .tls
            .as_ref()
            .map(|t| spec::ServiceConnectTlsConfiguration {
                issuer_certificate_authority: t.issuer_certificate_authority.as_ref().map(|c| {
                    spec::ServiceConnectTlsCertificateAuthority {
                        aws_pca_authority_arn: c.aws_pca_authority_arn.clone(),
                    }
                }),
                kms_key: t.kms_key.clone(),
                role_arn: t.role_arn.clone(),
            }),
    }
}

/// A Service Connect proxy container setting from the SDK; `None` for a setting or log
/// level the spec does not know.
pub fn service_connect_container_configuration_from_sdk(
    c: &sdk::ServiceConnectContainerConfiguration,
) -> Option<spec::ServiceConnectContainerConfiguration> {
    match c {
        sdk::ServiceConnectContainerConfiguration::LogLevel(l) => {
            Some(spec::ServiceConnectContainerConfiguration {
                log_level: Some(from_sdk_enum!(l)?),
            })
        }
        _ => None,
    }
}

/// A service volume configuration (managed EBS volume) from the SDK.
pub fn service_volume_configuration_from_sdk(
    v: &sdk::ServiceVolumeConfiguration,
) -> spec::ServiceVolumeConfiguration {
    spec::ServiceVolumeConfiguration {
        name: v.name.clone(),
        managed_ebs_volume: v.managed_ebs_volume.as_ref().map(|e| {
            spec::ServiceManagedEbsVolumeConfiguration {
                encrypted: e.encrypted,
                kms_key_id: e.kms_key_id.clone(),
                volume_type: e.volume_type.clone(),
                size_in_gib: e.size_in_gib,
                snapshot_id: e.snapshot_id.clone(),
                volume_initialization_rate: e.volume_initialization_rate,
                iops: e.iops,
                throughput: e.throughput,
                tag_specifications: filter_list(&e.tag_specifications, |t| {
                    Some(spec::EbsTagSpecification {
                        resource_type: from_sdk_enum!(t.resource_type)?,
                        tags: map_list(&t.tags, tag_from_sdk),
                        propagate_tags: t.propagate_tags.as_ref().and_then(|v| from_sdk_enum!(v)),
                    })
                }),
                role_arn: e.role_arn.clone(),
                filesystem_type: e.filesystem_type.as_ref().and_then(|v| from_sdk_enum!(v)),
            }
        }),
    }
}

/// A VPC Lattice configuration from the SDK.
pub fn vpc_lattice_configuration_from_sdk(
    v: &sdk::VpcLatticeConfiguration,
) -> spec::VpcLatticeConfiguration {
    spec::VpcLatticeConfiguration {
        role_arn: v.role_arn.clone(),
        target_group_arn: v.target_group_arn.clone(),
        port_name: v.port_name.clone(),
        advanced_configuration: v.advanced_configuration.as_ref().map(|a| {
            spec::VpcLatticeAdvancedConfiguration {
                alternate_target_group_arn: a.alternate_target_group_arn.clone(),
                production_listener_rule: a.production_listener_rule.clone(),
                test_listener_rule: a.test_listener_rule.clone(),
            }
        }),
    }
}

/// A gateway connector from the SDK (DescribeServiceRevisions returns them; access types
/// the spec does not know are left out).
pub fn gateway_connector_from_sdk(g: &sdk::GatewayConnector) -> spec::GatewayConnector {
    spec::GatewayConnector {
        port_name: g.port_name.clone(),
        health_check: g
            .health_check
            .as_ref()
            .map(|h| spec::GatewayConnectorHealthCheck {
                health_check_protocol: h
                    .health_check_protocol
                    .as_ref()
                    .and_then(|v| from_sdk_enum!(v)),
                health_check_port: h.health_check_port,
                health_check_path: h.health_check_path.clone(),
                health_check_timeout_seconds: h.health_check_timeout_seconds,
                health_check_interval_seconds: h.health_check_interval_seconds,
                healthy_threshold_count: h.healthy_threshold_count,
                unhealthy_threshold_count: h.unhealthy_threshold_count,
                matcher: h
                    .matcher
                    .as_ref()
                    .map(|m| spec::GatewayConnectorHealthCheckMatcher {
                        http_code: m.http_code.clone(),
                        grpc_code: m.grpc_code.clone(),
                    }),
            }),
        filters: g.filters.as_ref().map(|f| spec::GatewayConnectorFilters {
            access_types: filter_list(&f.access_types, |v| from_sdk_enum!(v)),
        }),
    }
}

/// What a service revision (DescribeServiceRevisions) adds to a live service: its
/// gateway connectors and monitoring configuration.
pub fn service_revision_into(rev: &sdk::ServiceRevision, svc: &mut spec::Service) {
    svc.gateway_connectors = map_list(&rev.gateway_connectors, gateway_connector_from_sdk);
    svc.monitoring = rev
        .monitoring
        .as_ref()
        .map(monitoring_configuration_from_sdk);
}

/// A monitoring configuration from the SDK (DescribeServiceRevisions returns it).
pub fn monitoring_configuration_from_sdk(
    m: &sdk::MonitoringConfiguration,
) -> spec::MonitoringConfiguration {
    spec::MonitoringConfiguration {
        metric_configurations: map_list(&m.metric_configurations, |c| spec::MetricConfiguration {
            metric_names: c.metric_names.clone(),
            resolution_seconds: c.resolution_seconds,
        }),
    }
}

// ---------------------------------------------------------------------------------------
// Services: spec -> SDK
// ---------------------------------------------------------------------------------------

/// A service load balancer to the SDK. `target_group_arn` is the ARN the caller resolved
/// for `lb.target_group` (a stack name, which the SDK has no member for); without it,
/// `lb.target_group_arn` is used.
pub fn load_balancer_to_sdk(
    lb: &spec::ServiceLoadBalancer,
    target_group_arn: Option<&str>,
) -> sdk::LoadBalancer {
    sdk::LoadBalancer::builder()
        .set_target_group_arn(
            target_group_arn
                .map(str::to_owned)
                .or_else(|| lb.target_group_arn.clone()),
        )
        .set_load_balancer_name(lb.load_balancer_name.clone())
        .set_container_name(lb.container_name.clone())
        .set_container_port(lb.container_port)
        .set_advanced_configuration(lb.advanced_configuration.as_ref().map(|a| {
            sdk::AdvancedConfiguration::builder()
                .set_alternate_target_group_arn(a.alternate_target_group_arn.clone())
                .set_production_listener_rule(a.production_listener_rule.clone())
                .set_test_listener_rule(a.test_listener_rule.clone())
                .set_role_arn(a.role_arn.clone())
                .build()
        }))
        .build()
}

/// A service registry to the SDK.
pub fn service_registry_to_sdk(r: &spec::ServiceRegistry) -> sdk::ServiceRegistry {
    sdk::ServiceRegistry::builder()
        .set_registry_arn(r.registry_arn.clone())
        .set_port(r.port)
        .set_container_name(r.container_name.clone())
        .set_container_port(r.container_port)
        .build()
}

/// A capacity provider strategy item to the SDK.
pub fn capacity_provider_strategy_item_to_sdk(
    i: &spec::CapacityProviderStrategyItem,
) -> Result<sdk::CapacityProviderStrategyItem, BuildError> {
    sdk::CapacityProviderStrategyItem::builder()
        .capacity_provider(i.capacity_provider.clone())
        .set_weight(i.weight)
        .set_base(i.base)
        .build()
}

/// A deployment configuration (all of it) to the SDK.
pub fn deployment_configuration_to_sdk(
    d: &spec::DeploymentConfiguration,
) -> Result<sdk::DeploymentConfiguration, BuildError> {
    let circuit_breaker = match &d.deployment_circuit_breaker {
        Some(b) => Some(
            sdk::DeploymentCircuitBreaker::builder()
                .enable(b.enable)
                .rollback(b.rollback)
                .set_reset_on_healthy_task(b.reset_on_healthy_task)
                .set_threshold_configuration(
                    b.threshold_configuration
                        .as_ref()
                        .map(|t| {
                            sdk::ThresholdConfiguration::builder()
                                .r#type(to_sdk_enum!(t.threshold_type))
                                .value(t.value)
                                .build()
                        })
                        .transpose()?,
                )
                .build(),
        ),
        None => None,
    };
    let alarms = d
        .alarms
        .as_ref()
        .map(|a| {
            sdk::DeploymentAlarms::builder()
                .set_alarm_names(Some(a.alarm_names.clone()))
                .rollback(a.rollback)
                .enable(a.enable)
                .build()
        })
        .transpose()?;
    Ok(sdk::DeploymentConfiguration::builder()
        .set_deployment_circuit_breaker(circuit_breaker)
        .set_maximum_percent(d.maximum_percent)
        .set_minimum_healthy_percent(d.minimum_healthy_percent)
        .set_alarms(alarms)
        .set_strategy(d.strategy.as_ref().map(|v| to_sdk_enum!(v)))
        .set_bake_time_in_minutes(d.bake_time_in_minutes)
        .set_lifecycle_hooks(map_list(
            &d.lifecycle_hooks,
            deployment_lifecycle_hook_to_sdk,
        ))
        .set_linear_configuration(d.linear_configuration.as_ref().map(|l| {
            sdk::LinearConfiguration::builder()
                .set_step_percent(l.step_percent)
                .set_step_bake_time_in_minutes(l.step_bake_time_in_minutes)
                .build()
        }))
        .set_canary_configuration(d.canary_configuration.as_ref().map(|c| {
            sdk::CanaryConfiguration::builder()
                .set_canary_percent(c.canary_percent)
                .set_canary_bake_time_in_minutes(c.canary_bake_time_in_minutes)
                .build()
        }))
        .set_early_success_criteria(d.early_success_criteria.as_ref().map(|e| {
            sdk::DeploymentEarlySuccessCriteria::builder()
                .enable(e.enable)
                .set_healthy_percent(e.healthy_percent)
                .set_source_service_revision_cleanup(
                    e.source_service_revision_cleanup
                        .as_ref()
                        .map(|v| to_sdk_enum!(v)),
                )
                .build()
        }))
        .build())
}

/// A deployment lifecycle hook to the SDK.
pub fn deployment_lifecycle_hook_to_sdk(
    h: &spec::DeploymentLifecycleHook,
) -> sdk::DeploymentLifecycleHook {
    sdk::DeploymentLifecycleHook::builder()
        .set_target_type(h.target_type.as_ref().map(|v| to_sdk_enum!(v)))
        .set_hook_target_arn(h.hook_target_arn.clone())
        .set_role_arn(h.role_arn.clone())
        .set_lifecycle_stages(map_list(&h.lifecycle_stages, |v| to_sdk_enum!(v)))
        .set_hook_details(h.hook_details.as_ref().map(document_from_json))
        .set_timeout_configuration(h.timeout_configuration.as_ref().map(|t| {
            sdk::DeploymentLifecycleHookTimeoutConfiguration::builder()
                .set_timeout_in_minutes(t.timeout_in_minutes)
                .set_action(t.action.as_ref().map(|v| to_sdk_enum!(v)))
                .build()
        }))
        .build()
}

/// A deployment controller to the SDK.
pub fn deployment_controller_to_sdk(
    d: &spec::DeploymentController,
) -> Result<sdk::DeploymentController, BuildError> {
    sdk::DeploymentController::builder()
        .r#type(to_sdk_enum!(d.controller_type))
        .build()
}

/// A network configuration to the SDK.
pub fn network_configuration_to_sdk(
    n: &spec::NetworkConfiguration,
) -> Result<sdk::NetworkConfiguration, BuildError> {
    Ok(sdk::NetworkConfiguration::builder()
        .set_awsvpc_configuration(
            n.awsvpc_configuration
                .as_ref()
                .map(|a| {
                    sdk::AwsVpcConfiguration::builder()
                        .set_subnets(Some(a.subnets.clone()))
                        .set_security_groups(a.security_groups.clone())
                        .set_assign_public_ip(a.assign_public_ip.as_ref().map(|v| to_sdk_enum!(v)))
                        .build()
                })
                .transpose()?,
        )
        .build())
}

/// A placement strategy rule to the SDK.
pub fn placement_strategy_to_sdk(p: &spec::PlacementStrategy) -> sdk::PlacementStrategy {
    sdk::PlacementStrategy::builder()
        .set_type(p.strategy_type.as_ref().map(|v| to_sdk_enum!(v)))
        .set_field(p.field.clone())
        .build()
}

/// A service placement constraint to the SDK.
pub fn service_placement_constraint_to_sdk(
    p: &spec::PlacementConstraint,
) -> sdk::PlacementConstraint {
    sdk::PlacementConstraint::builder()
        .set_type(p.constraint_type.as_ref().map(|v| to_sdk_enum!(v)))
        .set_expression(p.expression.clone())
        .build()
}

/// A Service Connect configuration to the SDK (`namespace` passed as given: the caller
/// resolves a stack name to what AWS expects).
pub fn service_connect_configuration_to_sdk(
    s: &spec::ServiceConnectConfiguration,
) -> Result<sdk::ServiceConnectConfiguration, BuildError> {
    Ok(sdk::ServiceConnectConfiguration::builder()
        .enabled(s.enabled)
        .set_namespace(s.namespace.clone())
        .set_services(try_list(&s.services, service_connect_service_to_sdk)?)
        .set_log_configuration(
            s.log_configuration
                .as_ref()
                .map(log_configuration_to_sdk)
                .transpose()?,
        )
        .set_access_log_configuration(
            s.access_log_configuration
                .as_ref()
                .map(|a| {
                    sdk::ServiceConnectAccessLogConfiguration::builder()
                        .format(to_sdk_enum!(a.format))
                        .set_include_query_parameters(
                            a.include_query_parameters.as_ref().map(|v| to_sdk_enum!(v)),
                        )
                        .build()
                })
                .transpose()?,
        )
        .set_container_configurations(s.container_configurations.as_ref().map(|l| {
            l.iter()
                .filter_map(service_connect_container_configuration_to_sdk)
                .collect()
        }))
        .build())
}

/// A Service Connect service (endpoint) to the SDK.
pub fn service_connect_service_to_sdk(
    s: &spec::ServiceConnectService,
) -> Result<sdk::ServiceConnectService, BuildError> {
    sdk::ServiceConnectService::builder()
        .port_name(s.port_name.clone())
        .set_discovery_name(s.discovery_name.clone())
        .set_client_aliases(try_list(
            &s.client_aliases,
            service_connect_client_alias_to_sdk,
        )?)
        .set_ingress_port_override(s.ingress_port_override)
        .set_timeout(s.timeout.as_ref().map(|t| {
            sdk::TimeoutConfiguration::builder()
                .set_idle_timeout_seconds(t.idle_timeout_seconds)
                .set_per_request_timeout_seconds(t.per_request_timeout_seconds)
                .build()
        }))
        .set_tls(s.tls.as_ref().map(|t| {
            sdk::ServiceConnectTlsConfiguration::builder()
                .set_issuer_certificate_authority(t.issuer_certificate_authority.as_ref().map(
                    |c| {
                        sdk::ServiceConnectTlsCertificateAuthority::builder()
                            .set_aws_pca_authority_arn(c.aws_pca_authority_arn.clone())
                            .build()
                    },
                ))
                .set_kms_key(t.kms_key.clone())
                .set_role_arn(t.role_arn.clone())
                .build()
        }))
        .build()
}

/// A Service Connect client alias to the SDK.
pub fn service_connect_client_alias_to_sdk(
    a: &spec::ServiceConnectClientAlias,
) -> Result<sdk::ServiceConnectClientAlias, BuildError> {
    let header = match a
        .test_traffic_rules
        .as_ref()
        .and_then(|r| r.header.as_ref())
    {
        Some(h) => Some(
            sdk::ServiceConnectTestTrafficHeaderRules::builder()
                .name(h.name.clone())
                .set_value(
                    h.value
                        .as_ref()
                        .map(|v| {
                            sdk::ServiceConnectTestTrafficHeaderMatchRules::builder()
                                .exact(v.exact.clone())
                                .build()
                        })
                        .transpose()?,
                )
                .build()?,
        ),
        None => None,
    };
    sdk::ServiceConnectClientAlias::builder()
        .port(a.port)
        .set_dns_name(a.dns_name.clone())
        .set_test_traffic_rules(a.test_traffic_rules.as_ref().map(|_| {
            sdk::ServiceConnectTestTrafficRules::builder()
                .set_header(header)
                .build()
        }))
        .build()
}

/// A Service Connect proxy container setting to the SDK; `None` when it sets nothing (the
/// SDK's union needs exactly one member).
pub fn service_connect_container_configuration_to_sdk(
    c: &spec::ServiceConnectContainerConfiguration,
) -> Option<sdk::ServiceConnectContainerConfiguration> {
    c.log_level
        .as_ref()
        .map(|l| sdk::ServiceConnectContainerConfiguration::LogLevel(to_sdk_enum!(l)))
}

/// A service volume configuration (managed EBS volume) to the SDK.
pub fn service_volume_configuration_to_sdk(
    v: &spec::ServiceVolumeConfiguration,
) -> Result<sdk::ServiceVolumeConfiguration, BuildError> {
    let managed = match &v.managed_ebs_volume {
        Some(e) => Some(
            sdk::ServiceManagedEbsVolumeConfiguration::builder()
                .set_encrypted(e.encrypted)
                .set_kms_key_id(e.kms_key_id.clone())
                .set_volume_type(e.volume_type.clone())
                .set_size_in_gib(e.size_in_gib)
                .set_snapshot_id(e.snapshot_id.clone())
                .set_volume_initialization_rate(e.volume_initialization_rate)
                .set_iops(e.iops)
                .set_throughput(e.throughput)
                .set_tag_specifications(try_list(&e.tag_specifications, |t| {
                    sdk::EbsTagSpecification::builder()
                        .resource_type(to_sdk_enum!(t.resource_type))
                        .set_tags(map_list(&t.tags, tag_to_sdk))
                        .set_propagate_tags(t.propagate_tags.as_ref().map(|v| to_sdk_enum!(v)))
                        .build()
                })?)
                .role_arn(e.role_arn.clone())
                .set_filesystem_type(e.filesystem_type.as_ref().map(|v| to_sdk_enum!(v)))
                .build()?,
        ),
        None => None,
    };
    sdk::ServiceVolumeConfiguration::builder()
        .name(v.name.clone())
        .set_managed_ebs_volume(managed)
        .build()
}

/// A VPC Lattice configuration to the SDK.
pub fn vpc_lattice_configuration_to_sdk(
    v: &spec::VpcLatticeConfiguration,
) -> Result<sdk::VpcLatticeConfiguration, BuildError> {
    sdk::VpcLatticeConfiguration::builder()
        .role_arn(v.role_arn.clone())
        .target_group_arn(v.target_group_arn.clone())
        .port_name(v.port_name.clone())
        .set_advanced_configuration(v.advanced_configuration.as_ref().map(|a| {
            sdk::VpcLatticeAdvancedConfiguration::builder()
                .set_alternate_target_group_arn(a.alternate_target_group_arn.clone())
                .set_production_listener_rule(a.production_listener_rule.clone())
                .set_test_listener_rule(a.test_listener_rule.clone())
                .build()
        }))
        .build()
}

/// A gateway connector to the SDK.
pub fn gateway_connector_to_sdk(
    g: &spec::GatewayConnector,
) -> Result<sdk::GatewayConnector, BuildError> {
    sdk::GatewayConnector::builder()
        .port_name(g.port_name.clone())
        .set_health_check(g.health_check.as_ref().map(|h| {
            sdk::GatewayConnectorHealthCheck::builder()
                .set_health_check_protocol(
                    h.health_check_protocol.as_ref().map(|v| to_sdk_enum!(v)),
                )
                .set_health_check_port(h.health_check_port)
                .set_health_check_path(h.health_check_path.clone())
                .set_health_check_timeout_seconds(h.health_check_timeout_seconds)
                .set_health_check_interval_seconds(h.health_check_interval_seconds)
                .set_healthy_threshold_count(h.healthy_threshold_count)
                .set_unhealthy_threshold_count(h.unhealthy_threshold_count)
                .set_matcher(h.matcher.as_ref().map(|m| {
                    sdk::GatewayConnectorHealthCheckMatcher::builder()
                        .set_http_code(m.http_code.clone())
                        .set_grpc_code(m.grpc_code.clone())
                        .build()
                }))
                .build()
        }))
        .set_filters(g.filters.as_ref().map(|f| {
            sdk::GatewayConnectorFilters::builder()
                .set_access_types(map_list(&f.access_types, |v| to_sdk_enum!(v)))
                .build()
        }))
        .build()
}

/// A monitoring configuration to the SDK.
pub fn monitoring_configuration_to_sdk(
    m: &spec::MonitoringConfiguration,
) -> Result<sdk::MonitoringConfiguration, BuildError> {
    Ok(sdk::MonitoringConfiguration::builder()
        .set_metric_configurations(try_list(&m.metric_configurations, |c| {
            sdk::MetricConfiguration::builder()
                .set_metric_names(Some(c.metric_names.clone()))
                .resolution_seconds(c.resolution_seconds)
                .build()
        })?)
        .build())
}

// ---------------------------------------------------------------------------------------
// Clusters
// ---------------------------------------------------------------------------------------

/// A live cluster (DescribeClusters with `SETTINGS`, `CONFIGURATIONS` and `TAGS`) as the
/// stack's. The default Service Connect namespace stays the ARN returned. Settings whose
/// name or value is missing, or whose name the spec does not know, are left out.
/// `lifecycle` is `None`.
pub fn cluster_from_sdk(c: &sdk::Cluster) -> spec::Cluster {
    spec::Cluster {
        cluster_name: c.cluster_name.clone().unwrap_or_default(),
        settings: filter_list(&c.settings, cluster_setting_from_sdk),
        configuration: c.configuration.as_ref().map(cluster_configuration_from_sdk),
        service_connect_defaults: c
            .service_connect_defaults
            .as_ref()
            .and_then(cluster_service_connect_defaults_from_sdk),
        capacity_providers: c.capacity_providers.clone(),
        default_capacity_provider_strategy: map_list(
            &c.default_capacity_provider_strategy,
            capacity_provider_strategy_item_from_sdk,
        ),
        tags: tags_from_sdk(c.tags()),
        lifecycle: None,
    }
}

/// A cluster setting from the SDK; `None` when its name is missing or unknown to the spec,
/// or its value is missing.
pub fn cluster_setting_from_sdk(s: &sdk::ClusterSetting) -> Option<spec::ClusterSetting> {
    Some(spec::ClusterSetting {
        name: s.name.as_ref().and_then(|v| from_sdk_enum!(v))?,
        value: s.value.clone()?,
    })
}

/// A cluster's configuration (ECS Exec and managed storage) from the SDK. The SDK's
/// `*EncryptionEnabled` flags are plain booleans: they are always `Some`.
pub fn cluster_configuration_from_sdk(c: &sdk::ClusterConfiguration) -> spec::ClusterConfiguration {
    spec::ClusterConfiguration {
        execute_command_configuration: c.execute_command_configuration.as_ref().map(|e| {
            spec::ExecuteCommandConfiguration {
                kms_key_id: e.kms_key_id.clone(),
                logging: e.logging.as_ref().and_then(|v| from_sdk_enum!(v)),
                log_configuration: e.log_configuration.as_ref().map(|l| {
                    spec::ExecuteCommandLogConfiguration {
                        cloud_watch_log_group_name: l.cloud_watch_log_group_name.clone(),
                        cloud_watch_encryption_enabled: Some(l.cloud_watch_encryption_enabled),
                        s3_bucket_name: l.s3_bucket_name.clone(),
                        s3_encryption_enabled: Some(l.s3_encryption_enabled),
                        s3_key_prefix: l.s3_key_prefix.clone(),
                    }
                }),
            }
        }),
        managed_storage_configuration: c.managed_storage_configuration.as_ref().map(|m| {
            spec::ManagedStorageConfiguration {
                kms_key_id: m.kms_key_id.clone(),
                fargate_ephemeral_storage_kms_key_id: m
                    .fargate_ephemeral_storage_kms_key_id
                    .clone(),
            }
        }),
    }
}

/// A cluster's default Service Connect namespace from the SDK (an ARN); `None` when the
/// SDK gives no namespace.
pub fn cluster_service_connect_defaults_from_sdk(
    d: &sdk::ClusterServiceConnectDefaults,
) -> Option<spec::ClusterServiceConnectDefaults> {
    Some(spec::ClusterServiceConnectDefaults {
        namespace: d.namespace.clone()?,
    })
}

/// A cluster setting to the SDK.
pub fn cluster_setting_to_sdk(s: &spec::ClusterSetting) -> sdk::ClusterSetting {
    sdk::ClusterSetting::builder()
        .name(to_sdk_enum!(s.name))
        .value(s.value.clone())
        .build()
}

/// A cluster's configuration (ECS Exec and managed storage) to the SDK.
pub fn cluster_configuration_to_sdk(c: &spec::ClusterConfiguration) -> sdk::ClusterConfiguration {
    sdk::ClusterConfiguration::builder()
        .set_execute_command_configuration(c.execute_command_configuration.as_ref().map(|e| {
            sdk::ExecuteCommandConfiguration::builder()
                .set_kms_key_id(e.kms_key_id.clone())
                .set_logging(e.logging.as_ref().map(|v| to_sdk_enum!(v)))
                .set_log_configuration(e.log_configuration.as_ref().map(|l| {
                    sdk::ExecuteCommandLogConfiguration::builder()
                        .set_cloud_watch_log_group_name(l.cloud_watch_log_group_name.clone())
                        .set_cloud_watch_encryption_enabled(l.cloud_watch_encryption_enabled)
                        .set_s3_bucket_name(l.s3_bucket_name.clone())
                        .set_s3_encryption_enabled(l.s3_encryption_enabled)
                        .set_s3_key_prefix(l.s3_key_prefix.clone())
                        .build()
                }))
                .build()
        }))
        .set_managed_storage_configuration(c.managed_storage_configuration.as_ref().map(|m| {
            sdk::ManagedStorageConfiguration::builder()
                .set_kms_key_id(m.kms_key_id.clone())
                .set_fargate_ephemeral_storage_kms_key_id(
                    m.fargate_ephemeral_storage_kms_key_id.clone(),
                )
                .build()
        }))
        .build()
}

/// A cluster's default Service Connect namespace to the SDK's request shape
/// (CreateCluster/UpdateCluster); the namespace passed as given.
pub fn cluster_service_connect_defaults_to_sdk(
    d: &spec::ClusterServiceConnectDefaults,
) -> Result<sdk::ClusterServiceConnectDefaultsRequest, BuildError> {
    sdk::ClusterServiceConnectDefaultsRequest::builder()
        .namespace(d.namespace.clone())
        .build()
}

// ---------------------------------------------------------------------------------------
// Requests: the file's task definitions, services and cluster as SDK requests
// ---------------------------------------------------------------------------------------

/// Task-level cpu and memory in the units AWS stores ("1 vCPU" -> "1024", "2 GB" ->
/// "2048"); a value that does not parse goes as written, for AWS to judge.
fn task_size(value: &Option<String>, parse: fn(&str) -> Result<u32, String>) -> Option<String> {
    value
        .as_ref()
        .map(|v| parse(v).map_or_else(|_| v.clone(), |n| n.to_string()))
}

/// The RegisterTaskDefinition request of a task definition of the file, with `tags`.
///
/// # Errors
/// When a nested structure lacks a member the SDK requires.
#[allow(deprecated)]
pub fn register_task_definition_request(
    client: &aws_sdk_ecs::Client,
    td: &spec::TaskDefinition,
    tags: Vec<sdk::Tag>,
) -> Result<
    aws_sdk_ecs::operation::register_task_definition::builders::RegisterTaskDefinitionFluentBuilder,
    BuildError,
> {
    let containers = td
        .container_definitions
        .iter()
        .map(container_definition_to_sdk)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(client
        .register_task_definition()
        .family(td.family.clone())
        .set_task_role_arn(td.task_role_arn.clone())
        .set_execution_role_arn(td.execution_role_arn.clone())
        .set_network_mode(td.network_mode.as_ref().map(|v| to_sdk_enum!(v)))
        .set_container_definitions(Some(containers))
        .set_volumes(try_list(&td.volumes, volume_to_sdk)?)
        .set_placement_constraints(map_list(
            &td.placement_constraints,
            placement_constraint_to_sdk,
        ))
        .set_requires_compatibilities(map_list(&td.requires_compatibilities, |c| to_sdk_enum!(c)))
        .set_cpu(task_size(&td.cpu, ecsform_spec::units::cpu_units))
        .set_memory(task_size(&td.memory, ecsform_spec::units::memory_mib))
        .set_tags((!tags.is_empty()).then_some(tags))
        .set_pid_mode(td.pid_mode.as_ref().map(|v| to_sdk_enum!(v)))
        .set_ipc_mode(td.ipc_mode.as_ref().map(|v| to_sdk_enum!(v)))
        .set_proxy_configuration(
            td.proxy_configuration
                .as_ref()
                .map(proxy_configuration_to_sdk)
                .transpose()?,
        )
        // Deprecated by AWS (Elastic Inference ended); still sent when the file has it,
        // so AWS, not ecsform, answers.
        .set_inference_accelerators(try_list(
            &td.inference_accelerators,
            inference_accelerator_to_sdk,
        )?)
        .set_ephemeral_storage(td.ephemeral_storage.as_ref().map(ephemeral_storage_to_sdk))
        .set_runtime_platform(td.runtime_platform.as_ref().map(runtime_platform_to_sdk))
        .set_enable_fault_injection(td.enable_fault_injection))
}

/// References a service request resolves: the task definition to run and the target
/// groups' ARNs by name.
#[allow(missing_debug_implementations)]
pub struct ServiceRefs<'a> {
    /// The task definition as AWS takes it (`family:revision` or an ARN).
    pub task_definition: String,
    /// A target group's ARN from its name.
    pub target_group_arn: &'a (dyn Fn(&str) -> Option<String> + Sync),
}

fn service_load_balancers(
    svc: &spec::Service,
    refs: &ServiceRefs<'_>,
) -> Option<Vec<sdk::LoadBalancer>> {
    map_list(&svc.load_balancers, |lb| {
        let arn = lb.target_group.as_deref().and_then(refs.target_group_arn);
        load_balancer_to_sdk(lb, arn.as_deref())
    })
}

/// The CreateService request of a service of the file in `cluster`, with `tags`.
///
/// # Errors
/// When a nested structure lacks a member the SDK requires.
pub fn create_service_request(
    client: &aws_sdk_ecs::Client,
    cluster: &str,
    svc: &spec::Service,
    refs: &ServiceRefs<'_>,
    tags: Vec<sdk::Tag>,
) -> Result<aws_sdk_ecs::operation::create_service::builders::CreateServiceFluentBuilder, BuildError>
{
    Ok(client
        .create_service()
        .cluster(cluster)
        .service_name(svc.service_name.clone())
        .task_definition(refs.task_definition.clone())
        .set_availability_zone_rebalancing(
            svc.availability_zone_rebalancing
                .as_ref()
                .map(|v| to_sdk_enum!(v)),
        )
        .set_load_balancers(service_load_balancers(svc, refs))
        .set_service_registries(map_list(&svc.service_registries, service_registry_to_sdk))
        .set_desired_count(svc.desired_count)
        .set_launch_type(svc.launch_type.as_ref().map(|v| to_sdk_enum!(v)))
        .set_capacity_provider_strategy(try_list(
            &svc.capacity_provider_strategy,
            capacity_provider_strategy_item_to_sdk,
        )?)
        .set_platform_version(svc.platform_version.clone())
        .set_role(svc.role.clone())
        .set_deployment_configuration(
            svc.deployment_configuration
                .as_ref()
                .map(deployment_configuration_to_sdk)
                .transpose()?,
        )
        .set_placement_constraints(map_list(
            &svc.placement_constraints,
            service_placement_constraint_to_sdk,
        ))
        .set_placement_strategy(map_list(&svc.placement_strategy, placement_strategy_to_sdk))
        .set_network_configuration(
            svc.network_configuration
                .as_ref()
                .map(network_configuration_to_sdk)
                .transpose()?,
        )
        .set_health_check_grace_period_seconds(svc.health_check_grace_period_seconds)
        .set_scheduling_strategy(svc.scheduling_strategy.as_ref().map(|v| to_sdk_enum!(v)))
        .set_deployment_controller(
            svc.deployment_controller
                .as_ref()
                .map(deployment_controller_to_sdk)
                .transpose()?,
        )
        .set_tags((!tags.is_empty()).then_some(tags))
        .set_enable_ecs_managed_tags(svc.enable_ecs_managed_tags)
        .set_propagate_tags(svc.propagate_tags.as_ref().map(|v| to_sdk_enum!(v)))
        .set_enable_execute_command(svc.enable_execute_command)
        .set_service_connect_configuration(
            svc.service_connect_configuration
                .as_ref()
                .map(service_connect_configuration_to_sdk)
                .transpose()?,
        )
        .set_volume_configurations(try_list(
            &svc.volume_configurations,
            service_volume_configuration_to_sdk,
        )?)
        .set_vpc_lattice_configurations(try_list(
            &svc.vpc_lattice_configurations,
            vpc_lattice_configuration_to_sdk,
        )?)
        .set_gateway_connectors(try_list(&svc.gateway_connectors, gateway_connector_to_sdk)?)
        .set_monitoring(
            svc.monitoring
                .as_ref()
                .map(monitoring_configuration_to_sdk)
                .transpose()?,
        ))
}

/// `list`, or an empty list when the file leaves it out and the live resource has it.
fn or_empty<T>(list: Option<Vec<T>>, had: bool) -> Option<Vec<T>> {
    list.or_else(|| had.then(Vec::new))
}

/// The UpdateService request that makes a live service match the file. UpdateService
/// leaves unchanged what a request leaves out, so what the file no longer sets is sent
/// as AWS's default or as empty, where the live service has it (`had`: the top-level
/// fields the live service sets): load balancers, service registries and placement
/// become empty lists, Service Connect is disabled, ECS Exec and managed tags are
/// turned off, tag propagation becomes NONE. `desired_count` is `None` when autoscaling
/// owns it.
///
/// # Errors
/// When a nested structure lacks a member the SDK requires.
pub fn update_service_request(
    client: &aws_sdk_ecs::Client,
    cluster: &str,
    svc: &spec::Service,
    refs: &ServiceRefs<'_>,
    desired_count: Option<i32>,
    had: &dyn Fn(&str) -> bool,
) -> Result<aws_sdk_ecs::operation::update_service::builders::UpdateServiceFluentBuilder, BuildError>
{
    let service_connect = match &svc.service_connect_configuration {
        Some(s) => Some(service_connect_configuration_to_sdk(s)?),
        None if had("serviceConnectConfiguration") => Some(
            sdk::ServiceConnectConfiguration::builder()
                .enabled(false)
                .build(),
        ),
        None => None,
    };
    // No metric configurations: AWS's default resolution (60 s) for every metric.
    let monitoring = match &svc.monitoring {
        Some(m) => Some(monitoring_configuration_to_sdk(m)?),
        None if had("monitoring") => Some(
            sdk::MonitoringConfiguration::builder()
                .set_metric_configurations(Some(Vec::new()))
                .build(),
        ),
        None => None,
    };
    Ok(
        update_service_limited(client, cluster, svc, desired_count, true, had)?
            .task_definition(refs.task_definition.clone())
            .set_availability_zone_rebalancing(
                svc.availability_zone_rebalancing
                    .as_ref()
                    .map(|v| to_sdk_enum!(v)),
            )
            .set_load_balancers(or_empty(
                service_load_balancers(svc, refs),
                had("loadBalancers"),
            ))
            .set_service_registries(or_empty(
                map_list(&svc.service_registries, service_registry_to_sdk),
                had("serviceRegistries"),
            ))
            .set_capacity_provider_strategy(try_list(
                &svc.capacity_provider_strategy,
                capacity_provider_strategy_item_to_sdk,
            )?)
            .set_platform_version(svc.platform_version.clone())
            .set_network_configuration(
                svc.network_configuration
                    .as_ref()
                    .map(network_configuration_to_sdk)
                    .transpose()?,
            )
            .enable_execute_command(svc.enable_execute_command.unwrap_or(false))
            .set_service_connect_configuration(service_connect)
            .set_volume_configurations(or_empty(
                try_list(
                    &svc.volume_configurations,
                    service_volume_configuration_to_sdk,
                )?,
                had("volumeConfigurations"),
            ))
            .set_vpc_lattice_configurations(or_empty(
                try_list(
                    &svc.vpc_lattice_configurations,
                    vpc_lattice_configuration_to_sdk,
                )?,
                had("vpcLatticeConfigurations"),
            ))
            .set_gateway_connectors(or_empty(
                try_list(&svc.gateway_connectors, gateway_connector_to_sdk)?,
                had("gatewayConnectors"),
            ))
            .set_monitoring(monitoring),
    )
}

/// The UpdateService request of the fields every deployment controller lets
/// UpdateService change (see [`ecsform_model::updatable_under_controller`]): the desired
/// count, the health check grace period, placement constraints and strategy, managed
/// tags and tag propagation; with `deployment_configuration`, the deployment
/// configuration too (`ECS` and `CODE_DEPLOY`, not `EXTERNAL`). What the file no longer
/// sets is sent as in [`update_service_request`].
///
/// # Errors
/// When a nested structure lacks a member the SDK requires.
pub fn update_service_limited(
    client: &aws_sdk_ecs::Client,
    cluster: &str,
    svc: &spec::Service,
    desired_count: Option<i32>,
    deployment_configuration: bool,
    had: &dyn Fn(&str) -> bool,
) -> Result<aws_sdk_ecs::operation::update_service::builders::UpdateServiceFluentBuilder, BuildError>
{
    let mut request = client
        .update_service()
        .cluster(cluster)
        .service(svc.service_name.clone())
        .set_desired_count(desired_count)
        .set_placement_constraints(or_empty(
            map_list(
                &svc.placement_constraints,
                service_placement_constraint_to_sdk,
            ),
            had("placementConstraints"),
        ))
        .set_placement_strategy(or_empty(
            map_list(&svc.placement_strategy, placement_strategy_to_sdk),
            had("placementStrategy"),
        ))
        .set_health_check_grace_period_seconds(
            svc.health_check_grace_period_seconds
                .or_else(|| had("healthCheckGracePeriodSeconds").then_some(0)),
        )
        .enable_ecs_managed_tags(svc.enable_ecs_managed_tags.unwrap_or(false))
        .propagate_tags(
            svc.propagate_tags
                .as_ref()
                .map_or(sdk::PropagateTags::None, |v| to_sdk_enum!(v)),
        );
    if deployment_configuration {
        request = request.set_deployment_configuration(
            svc.deployment_configuration
                .as_ref()
                .map(deployment_configuration_to_sdk)
                .transpose()?,
        );
    }
    Ok(request)
}

/// The CreateCluster request of the file's cluster, with `tags`.
///
/// # Errors
/// When a nested structure lacks a member the SDK requires.
pub fn create_cluster_request(
    client: &aws_sdk_ecs::Client,
    c: &spec::Cluster,
    tags: Vec<sdk::Tag>,
) -> Result<aws_sdk_ecs::operation::create_cluster::builders::CreateClusterFluentBuilder, BuildError>
{
    Ok(client
        .create_cluster()
        .cluster_name(c.cluster_name.clone())
        .set_settings(map_list(&c.settings, cluster_setting_to_sdk))
        .set_configuration(c.configuration.as_ref().map(cluster_configuration_to_sdk))
        .set_service_connect_defaults(
            c.service_connect_defaults
                .as_ref()
                .map(cluster_service_connect_defaults_to_sdk)
                .transpose()?,
        )
        .set_capacity_providers(c.capacity_providers.clone())
        .set_default_capacity_provider_strategy(try_list(
            &c.default_capacity_provider_strategy,
            capacity_provider_strategy_item_to_sdk,
        )?)
        .set_tags((!tags.is_empty()).then_some(tags)))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;
    use serde_json::json;

    fn s(v: &str) -> String {
        v.to_owned()
    }

    fn sv(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| (*x).to_owned()).collect()
    }

    fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (s(k), s(v))).collect()
    }

    fn log_configuration() -> spec::LogConfiguration {
        spec::LogConfiguration {
            log_driver: spec::LogDriver::Awslogs,
            options: Some(map(&[
                ("awslogs-group", "/ecs/web"),
                ("awslogs-region", "eu-west-1"),
                ("awslogs-stream-prefix", "web"),
            ])),
            secret_options: Some(vec![spec::Secret {
                name: s("token"),
                value_from: s("arn:aws:ssm:eu-west-1:123456789012:parameter/token"),
            }]),
        }
    }

    fn rich_container() -> spec::ContainerDefinition {
        spec::ContainerDefinition {
            name: s("web"),
            image: s("123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:1.2.3"),
            repository_credentials: Some(spec::RepositoryCredentials {
                credentials_parameter: s("arn:aws:secretsmanager:eu-west-1:1:secret:reg"),
            }),
            cpu: Some(256),
            memory: Some(512),
            memory_reservation: Some(256),
            links: Some(sv(&["db:database"])),
            port_mappings: Some(vec![
                spec::PortMapping {
                    container_port: Some(8080),
                    host_port: Some(8080),
                    protocol: Some(spec::TransportProtocol::Tcp),
                    name: Some(s("http")),
                    app_protocol: Some(spec::ApplicationProtocol::Http2),
                    container_port_range: None,
                },
                spec::PortMapping {
                    container_port: None,
                    host_port: None,
                    protocol: Some(spec::TransportProtocol::Udp),
                    name: None,
                    app_protocol: None,
                    container_port_range: Some(s("9000-9010")),
                },
            ]),
            essential: Some(true),
            restart_policy: Some(spec::ContainerRestartPolicy {
                enabled: true,
                ignored_exit_codes: Some(vec![0, 143]),
                restart_attempt_period: Some(120),
            }),
            entry_point: Some(sv(&["/bin/sh", "-c"])),
            command: Some(sv(&["exec web --port 8080"])),
            environment: Some(vec![
                spec::KeyValuePair {
                    name: Some(s("RUST_LOG")),
                    value: Some(s("info")),
                },
                spec::KeyValuePair {
                    name: Some(s("EMPTY")),
                    value: None,
                },
            ]),
            environment_files: Some(vec![spec::EnvironmentFile {
                value: s("arn:aws:s3:::bucket/web.env"),
                r#type: spec::EnvironmentFileType::S3,
            }]),
            mount_points: Some(vec![spec::MountPoint {
                source_volume: Some(s("data")),
                container_path: Some(s("/data")),
                read_only: Some(false),
            }]),
            volumes_from: Some(vec![spec::VolumeFrom {
                source_container: Some(s("sidecar")),
                read_only: Some(true),
            }]),
            linux_parameters: Some(spec::LinuxParameters {
                capabilities: Some(spec::KernelCapabilities {
                    add: Some(sv(&["SYS_PTRACE"])),
                    drop: Some(sv(&["NET_RAW", "MKNOD"])),
                }),
                devices: Some(vec![spec::Device {
                    host_path: s("/dev/fuse"),
                    container_path: Some(s("/dev/fuse")),
                    permissions: Some(vec![
                        spec::DeviceCgroupPermission::Read,
                        spec::DeviceCgroupPermission::Write,
                        spec::DeviceCgroupPermission::Mknod,
                    ]),
                }]),
                init_process_enabled: Some(true),
                shared_memory_size: Some(64),
                tmpfs: Some(vec![spec::Tmpfs {
                    container_path: s("/tmp"),
                    size: 128,
                    mount_options: Some(sv(&["rw", "noexec"])),
                }]),
                max_swap: Some(0),
                swappiness: Some(10),
            }),
            secrets: Some(vec![spec::Secret {
                name: s("DB_PASSWORD"),
                value_from: s("arn:aws:secretsmanager:eu-west-1:1:secret:db:password::"),
            }]),
            depends_on: Some(vec![
                spec::ContainerDependency {
                    container_name: s("migrate"),
                    condition: spec::ContainerCondition::Success,
                },
                spec::ContainerDependency {
                    container_name: s("envoy"),
                    condition: spec::ContainerCondition::Healthy,
                },
            ]),
            start_timeout: Some(60),
            stop_timeout: Some(30),
            version_consistency: Some(spec::VersionConsistency::Disabled),
            hostname: Some(s("web")),
            user: Some(s("1000:1000")),
            working_directory: Some(s("/app")),
            disable_networking: Some(false),
            privileged: Some(false),
            readonly_root_filesystem: Some(true),
            dns_servers: Some(sv(&["10.0.0.2"])),
            dns_search_domains: Some(sv(&["internal"])),
            extra_hosts: Some(vec![spec::HostEntry {
                hostname: s("metadata"),
                ip_address: s("169.254.169.254"),
            }]),
            docker_security_options: Some(sv(&["no-new-privileges"])),
            interactive: Some(false),
            pseudo_terminal: Some(false),
            docker_labels: Some(map(&[("team", "web"), ("tier", "front")])),
            ulimits: Some(vec![spec::Ulimit {
                name: spec::UlimitName::Nofile,
                soft_limit: 65536,
                hard_limit: 65536,
            }]),
            log_configuration: Some(log_configuration()),
            health_check: Some(spec::HealthCheck {
                command: sv(&[
                    "CMD-SHELL",
                    "curl -f http://localhost:8080/health || exit 1",
                ]),
                interval: Some(10),
                timeout: Some(3),
                retries: Some(5),
                start_period: Some(30),
            }),
            system_controls: Some(vec![spec::SystemControl {
                namespace: Some(s("net.ipv4.tcp_keepalive_time")),
                value: Some(s("60")),
            }]),
            resource_requirements: Some(vec![
                spec::ResourceRequirement {
                    value: Some(s("1")),
                    r#type: spec::ResourceType::Gpu,
                    sharing_strategy: None,
                },
                spec::ResourceRequirement {
                    value: None,
                    r#type: spec::ResourceType::Gpu,
                    sharing_strategy: Some(spec::SharingStrategy {
                        nvidia_mps: spec::NvidiaMpsAllocation {
                            memory: 4096,
                            max_compute_percent: Some(50),
                        },
                    }),
                },
            ]),
            firelens_configuration: Some(spec::FirelensConfiguration {
                r#type: spec::FirelensConfigurationType::Fluentbit,
                options: Some(map(&[("enable-ecs-log-metadata", "true")])),
            }),
            credential_specs: Some(sv(&["credentialspecdomainless:arn:aws:ssm:::parameter/cs"])),
        }
    }

    fn minimal_container() -> spec::ContainerDefinition {
        spec::ContainerDefinition {
            name: s("sidecar"),
            image: s("busybox"),
            repository_credentials: None,
            cpu: Some(0),
            memory: None,
            memory_reservation: None,
            links: None,
            port_mappings: Some(vec![]),
            essential: None,
            restart_policy: None,
            entry_point: None,
            command: None,
            environment: Some(vec![]),
            environment_files: None,
            mount_points: Some(vec![]),
            volumes_from: Some(vec![]),
            linux_parameters: None,
            secrets: None,
            depends_on: None,
            start_timeout: None,
            stop_timeout: None,
            version_consistency: None,
            hostname: None,
            user: None,
            working_directory: None,
            disable_networking: None,
            privileged: None,
            readonly_root_filesystem: None,
            dns_servers: None,
            dns_search_domains: None,
            extra_hosts: None,
            docker_security_options: None,
            interactive: None,
            pseudo_terminal: None,
            docker_labels: None,
            ulimits: None,
            log_configuration: None,
            health_check: None,
            system_controls: Some(vec![]),
            resource_requirements: None,
            firelens_configuration: None,
            credential_specs: None,
        }
    }

    fn volumes() -> Vec<spec::Volume> {
        let empty = spec::Volume {
            name: None,
            host: None,
            docker_volume_configuration: None,
            efs_volume_configuration: None,
            s3files_volume_configuration: None,
            fsx_windows_file_server_volume_configuration: None,
            configured_at_launch: None,
        };
        vec![
            spec::Volume {
                name: Some(s("host")),
                host: Some(spec::HostVolumeProperties {
                    source_path: Some(s("/var/lib/data")),
                }),
                ..empty.clone()
            },
            spec::Volume {
                name: Some(s("docker")),
                docker_volume_configuration: Some(spec::DockerVolumeConfiguration {
                    scope: Some(spec::Scope::Shared),
                    autoprovision: Some(true),
                    driver: Some(s("local")),
                    driver_opts: Some(map(&[("type", "nfs"), ("device", ":/export")])),
                    labels: Some(map(&[("app", "web")])),
                }),
                ..empty.clone()
            },
            spec::Volume {
                name: Some(s("efs")),
                efs_volume_configuration: Some(spec::EfsVolumeConfiguration {
                    file_system_id: s("fs-12345678"),
                    root_directory: Some(s("/")),
                    transit_encryption: Some(spec::EfsTransitEncryption::Enabled),
                    transit_encryption_port: Some(2049),
                    authorization_config: Some(spec::EfsAuthorizationConfig {
                        access_point_id: Some(s("fsap-1234567890abcdef0")),
                        iam: Some(spec::EfsAuthorizationConfigIam::Enabled),
                    }),
                }),
                ..empty.clone()
            },
            spec::Volume {
                name: Some(s("s3files")),
                s3files_volume_configuration: Some(spec::S3FilesVolumeConfiguration {
                    file_system_arn: s("arn:aws:s3files:eu-west-1:1:file-system/fs-1"),
                    root_directory: Some(s("/data")),
                    transit_encryption_port: Some(2049),
                    access_point_arn: None,
                }),
                ..empty.clone()
            },
            spec::Volume {
                name: Some(s("fsx")),
                fsx_windows_file_server_volume_configuration: Some(
                    spec::FSxWindowsFileServerVolumeConfiguration {
                        file_system_id: s("fs-0123456789abcdef0"),
                        root_directory: s("share"),
                        authorization_config: spec::FSxWindowsFileServerAuthorizationConfig {
                            credentials_parameter: s(
                                "arn:aws:secretsmanager:eu-west-1:1:secret:ad",
                            ),
                            domain: s("corp.example.com"),
                        },
                    },
                ),
                ..empty.clone()
            },
            spec::Volume {
                name: Some(s("ebs")),
                configured_at_launch: Some(true),
                ..empty.clone()
            },
            empty,
        ]
    }

    fn deployment_configuration() -> spec::DeploymentConfiguration {
        spec::DeploymentConfiguration {
            deployment_circuit_breaker: Some(spec::DeploymentCircuitBreaker {
                enable: true,
                rollback: true,
                reset_on_healthy_task: Some(false),
                threshold_configuration: Some(spec::ThresholdConfiguration {
                    threshold_type: spec::ThresholdType::Count,
                    value: 5,
                }),
            }),
            maximum_percent: Some(200),
            minimum_healthy_percent: Some(100),
            alarms: Some(spec::DeploymentAlarms {
                alarm_names: sv(&["web-5xx", "web-latency"]),
                rollback: true,
                enable: true,
            }),
            strategy: Some(spec::DeploymentStrategy::Linear),
            bake_time_in_minutes: Some(5),
            lifecycle_hooks: Some(vec![spec::DeploymentLifecycleHook {
                target_type: Some(spec::DeploymentLifecycleHookTargetType::AwsLambda),
                hook_target_arn: Some(s("arn:aws:lambda:eu-west-1:1:function:hook")),
                role_arn: Some(s("arn:aws:iam::1:role/hook")),
                lifecycle_stages: Some(vec![
                    spec::DeploymentLifecycleHookStage::PreScaleUp,
                    spec::DeploymentLifecycleHookStage::PostTestTrafficShift,
                ]),
                hook_details: Some(json!({
                    "b": [1, -2, 2.5, "x", null, true],
                    "a": {"nested": {"deep": false}},
                })),
                timeout_configuration: Some(spec::DeploymentLifecycleHookTimeoutConfiguration {
                    timeout_in_minutes: Some(30),
                    action: Some(spec::DeploymentLifecycleHookAction::Continue),
                }),
            }]),
            linear_configuration: Some(spec::LinearConfiguration {
                step_percent: Some(12.5),
                step_bake_time_in_minutes: Some(3),
            }),
            canary_configuration: Some(spec::CanaryConfiguration {
                canary_percent: Some(5.0),
                canary_bake_time_in_minutes: Some(10),
            }),
            early_success_criteria: Some(spec::DeploymentEarlySuccessCriteria {
                enable: true,
                healthy_percent: Some(90),
                source_service_revision_cleanup: Some(spec::ServiceRevisionCleanup::Deferred),
            }),
        }
    }

    fn network_configuration() -> spec::NetworkConfiguration {
        spec::NetworkConfiguration {
            awsvpc_configuration: Some(spec::AwsVpcConfiguration {
                subnets: sv(&["subnet-aaa", "subnet-bbb"]),
                security_groups: Some(sv(&["sg-123"])),
                assign_public_ip: Some(spec::AssignPublicIp::Disabled),
            }),
        }
    }

    fn service_connect_configuration(namespace: &str) -> spec::ServiceConnectConfiguration {
        spec::ServiceConnectConfiguration {
            enabled: true,
            namespace: Some(s(namespace)),
            services: Some(vec![
                spec::ServiceConnectService {
                    port_name: s("http"),
                    discovery_name: Some(s("web")),
                    client_aliases: Some(vec![spec::ServiceConnectClientAlias {
                        port: 80,
                        dns_name: Some(s("web.internal")),
                        test_traffic_rules: Some(spec::ServiceConnectTestTrafficRules {
                            header: Some(spec::ServiceConnectTestTrafficHeaderRules {
                                name: s("x-test"),
                                value: Some(spec::ServiceConnectTestTrafficHeaderMatchRules {
                                    exact: s("green"),
                                }),
                            }),
                        }),
                    }]),
                    ingress_port_override: Some(15000),
                    timeout: Some(spec::TimeoutConfiguration {
                        idle_timeout_seconds: Some(0),
                        per_request_timeout_seconds: Some(30),
                    }),
                    tls: Some(spec::ServiceConnectTlsConfiguration {
                        issuer_certificate_authority: Some(
                            spec::ServiceConnectTlsCertificateAuthority {
                                aws_pca_authority_arn: Some(s(
                                    "arn:aws:acm-pca:eu-west-1:1:certificate-authority/x",
                                )),
                            },
                        ),
                        kms_key: Some(s("alias/sc")),
                        role_arn: Some(s("arn:aws:iam::1:role/sc-tls")),
                    }),
                },
                spec::ServiceConnectService {
                    port_name: s("grpc"),
                    discovery_name: None,
                    client_aliases: Some(vec![spec::ServiceConnectClientAlias {
                        port: 9090,
                        dns_name: None,
                        test_traffic_rules: Some(spec::ServiceConnectTestTrafficRules {
                            header: None,
                        }),
                    }]),
                    ingress_port_override: None,
                    timeout: None,
                    tls: None,
                },
            ]),
            log_configuration: Some(log_configuration()),
            access_log_configuration: Some(spec::ServiceConnectAccessLogConfiguration {
                format: spec::ServiceConnectAccessLoggingFormat::Json,
                include_query_parameters: Some(spec::ServiceConnectIncludeQueryParameters::Enabled),
            }),
            container_configurations: Some(vec![spec::ServiceConnectContainerConfiguration {
                log_level: Some(spec::ServiceConnectContainerLogLevel::Debug),
            }]),
        }
    }

    fn service_volume_configuration() -> spec::ServiceVolumeConfiguration {
        spec::ServiceVolumeConfiguration {
            name: s("ebs"),
            managed_ebs_volume: Some(spec::ServiceManagedEbsVolumeConfiguration {
                encrypted: Some(true),
                kms_key_id: Some(s("alias/ebs")),
                volume_type: Some(s("gp3")),
                size_in_gib: Some(50),
                snapshot_id: None,
                volume_initialization_rate: Some(100),
                iops: Some(3000),
                throughput: Some(125),
                tag_specifications: Some(vec![spec::EbsTagSpecification {
                    resource_type: spec::EbsResourceType::Volume,
                    tags: Some(vec![spec::Tag {
                        key: s("team"),
                        value: s("web"),
                    }]),
                    propagate_tags: Some(spec::PropagateTags::Service),
                }]),
                role_arn: s("arn:aws:iam::1:role/ecs-infrastructure"),
                filesystem_type: Some(spec::TaskFilesystemType::Xfs),
            }),
        }
    }

    fn vpc_lattice_configuration() -> spec::VpcLatticeConfiguration {
        spec::VpcLatticeConfiguration {
            role_arn: s("arn:aws:iam::1:role/ecs-infrastructure"),
            target_group_arn: s("arn:aws:vpc-lattice:eu-west-1:1:targetgroup/tg-1"),
            port_name: s("http"),
            advanced_configuration: Some(spec::VpcLatticeAdvancedConfiguration {
                alternate_target_group_arn: Some(s(
                    "arn:aws:vpc-lattice:eu-west-1:1:targetgroup/tg-2",
                )),
                production_listener_rule: Some(s("arn:rule/prod")),
                test_listener_rule: None,
            }),
        }
    }

    #[test]
    fn container_definition_round_trips() {
        for c in [rich_container(), minimal_container()] {
            let sdk_c = container_definition_to_sdk(&c).unwrap();
            assert_eq!(container_definition_from_sdk(&sdk_c), c);
        }
    }

    #[test]
    fn resource_requirement_without_value_is_sent_as_empty_string() {
        let r = spec::ResourceRequirement {
            value: None,
            r#type: spec::ResourceType::Gpu,
            sharing_strategy: None,
        };
        let sdk_r = resource_requirement_to_sdk(&r).unwrap();
        assert_eq!(sdk_r.value(), "");
        assert_eq!(resource_requirement_from_sdk(&sdk_r), Some(r));
    }

    #[test]
    fn volumes_of_every_kind_round_trip() {
        for v in volumes() {
            let sdk_v = volume_to_sdk(&v).unwrap();
            assert_eq!(volume_from_sdk(&sdk_v), v);
        }
    }

    #[test]
    fn fsx_volume_without_authorization_config_keeps_its_kind() {
        let sdk_v = sdk::Volume::builder()
            .name("fsx")
            .fsx_windows_file_server_volume_configuration(
                sdk::FSxWindowsFileServerVolumeConfiguration::builder()
                    .file_system_id("fs-1")
                    .root_directory("share")
                    .build()
                    .unwrap(),
            )
            .build();
        let v = volume_from_sdk(&sdk_v);
        let fsx = v.fsx_windows_file_server_volume_configuration.unwrap();
        assert_eq!(fsx.file_system_id, "fs-1");
        assert_eq!(fsx.authorization_config.domain, "");
    }

    #[test]
    fn task_definition_pieces_round_trip() {
        let pc = spec::TaskDefinitionPlacementConstraint {
            r#type: Some(spec::TaskDefinitionPlacementConstraintType::MemberOf),
            expression: Some(s("attribute:ecs.instance-type =~ t3.*")),
        };
        assert_eq!(
            task_definition_placement_constraint_from_sdk(&placement_constraint_to_sdk(&pc)),
            pc
        );
        let proxy = spec::ProxyConfiguration {
            r#type: Some(spec::ProxyConfigurationType::Appmesh),
            container_name: s("envoy"),
            properties: Some(vec![spec::KeyValuePair {
                name: Some(s("IgnoredUID")),
                value: Some(s("1337")),
            }]),
        };
        assert_eq!(
            proxy_configuration_from_sdk(&proxy_configuration_to_sdk(&proxy).unwrap()),
            proxy
        );
        let acc = spec::InferenceAccelerator {
            device_name: s("device1"),
            device_type: s("eia2.medium"),
        };
        assert_eq!(
            inference_accelerator_from_sdk(&inference_accelerator_to_sdk(&acc).unwrap()),
            acc
        );
        let storage = spec::EphemeralStorage { size_in_gib: 50 };
        assert_eq!(
            ephemeral_storage_from_sdk(&ephemeral_storage_to_sdk(&storage)),
            storage
        );
        let platform = spec::RuntimePlatform {
            cpu_architecture: Some(spec::CpuArchitecture::Arm64),
            operating_system_family: Some(spec::OsFamily::WindowsServer2022Core),
        };
        assert_eq!(
            runtime_platform_from_sdk(&runtime_platform_to_sdk(&platform)),
            platform
        );
    }

    #[test]
    #[allow(deprecated)]
    fn task_definition_from_sdk_reads_every_member() {
        let td = sdk::TaskDefinition::builder()
            .task_definition_arn("arn:aws:ecs:eu-west-1:1:task-definition/web:7")
            .family("web")
            .revision(7)
            .status(sdk::TaskDefinitionStatus::Active)
            .task_role_arn("arn:aws:iam::1:role/task")
            .execution_role_arn("arn:aws:iam::1:role/exec")
            .network_mode(sdk::NetworkMode::Awsvpc)
            .container_definitions(container_definition_to_sdk(&rich_container()).unwrap())
            .container_definitions(container_definition_to_sdk(&minimal_container()).unwrap())
            .set_volumes(Some(vec![]))
            .set_placement_constraints(Some(vec![]))
            .requires_compatibilities(sdk::Compatibility::Fargate)
            .requires_compatibilities(sdk::Compatibility::from("SOMETHING_NEW"))
            .compatibilities(sdk::Compatibility::Ec2)
            .cpu("1024")
            .memory("2048")
            .pid_mode(sdk::PidMode::Task)
            .ipc_mode(sdk::IpcMode::from("brand-new"))
            .proxy_configuration(
                sdk::ProxyConfiguration::builder()
                    .container_name("envoy")
                    .build()
                    .unwrap(),
            )
            .inference_accelerators(
                sdk::InferenceAccelerator::builder()
                    .device_name("d")
                    .device_type("t")
                    .build()
                    .unwrap(),
            )
            .ephemeral_storage(sdk::EphemeralStorage::builder().size_in_gib(30).build())
            .runtime_platform(
                sdk::RuntimePlatform::builder()
                    .cpu_architecture(sdk::CpuArchitecture::X8664)
                    .operating_system_family(sdk::OsFamily::Linux)
                    .build(),
            )
            .enable_fault_injection(true)
            .build();
        let tags = [sdk::Tag::builder()
            .key("ecsform:stack")
            .value("prod")
            .build()];
        let got = task_definition_from_sdk(&td, &tags);
        let want = spec::TaskDefinition {
            family: s("web"),
            task_role_arn: Some(s("arn:aws:iam::1:role/task")),
            execution_role_arn: Some(s("arn:aws:iam::1:role/exec")),
            network_mode: Some(spec::NetworkMode::Awsvpc),
            container_definitions: vec![rich_container(), minimal_container()],
            volumes: Some(vec![]),
            placement_constraints: Some(vec![]),
            // The unknown compatibility is left out, not a panic.
            requires_compatibilities: Some(vec![spec::Compatibility::Fargate]),
            cpu: Some(s("1024")),
            memory: Some(s("2048")),
            tags: Some(vec![spec::Tag {
                key: s("ecsform:stack"),
                value: s("prod"),
            }]),
            pid_mode: Some(spec::PidMode::Task),
            // An IPC mode the spec does not know becomes None.
            ipc_mode: None,
            proxy_configuration: Some(spec::ProxyConfiguration {
                r#type: None,
                container_name: s("envoy"),
                properties: None,
            }),
            inference_accelerators: Some(vec![spec::InferenceAccelerator {
                device_name: s("d"),
                device_type: s("t"),
            }]),
            ephemeral_storage: Some(spec::EphemeralStorage { size_in_gib: 30 }),
            runtime_platform: Some(spec::RuntimePlatform {
                cpu_architecture: Some(spec::CpuArchitecture::X8664),
                operating_system_family: Some(spec::OsFamily::Linux),
            }),
            enable_fault_injection: Some(true),
            lifecycle: None,
        };
        assert_eq!(got, want);

        let bare = task_definition_from_sdk(&sdk::TaskDefinition::builder().build(), &[]);
        assert_eq!(bare.family, "");
        assert!(bare.container_definitions.is_empty());
        assert_eq!(bare.volumes, None);
        assert_eq!(bare.tags, None);
    }

    #[test]
    fn unknown_sdk_enum_values_do_not_panic() {
        let c = sdk::ContainerDefinition::builder()
            .name("c")
            .image("i")
            .log_configuration(
                sdk::LogConfiguration::builder()
                    .log_driver(sdk::LogDriver::from("newlogs"))
                    .build()
                    .unwrap(),
            )
            .ulimits(
                sdk::Ulimit::builder()
                    .name(sdk::UlimitName::from("newlimit"))
                    .soft_limit(1)
                    .hard_limit(2)
                    .build()
                    .unwrap(),
            )
            .ulimits(
                sdk::Ulimit::builder()
                    .name(sdk::UlimitName::Core)
                    .soft_limit(1)
                    .hard_limit(2)
                    .build()
                    .unwrap(),
            )
            .port_mappings(
                sdk::PortMapping::builder()
                    .container_port(80)
                    .protocol(sdk::TransportProtocol::from("sctp"))
                    .build(),
            )
            .build();
        let got = container_definition_from_sdk(&c);
        assert_eq!(got.log_configuration, None);
        assert_eq!(
            got.ulimits,
            Some(vec![spec::Ulimit {
                name: spec::UlimitName::Core,
                soft_limit: 1,
                hard_limit: 2,
            }])
        );
        let pm = got.port_mappings.unwrap();
        assert_eq!(pm[0].container_port, Some(80));
        assert_eq!(pm[0].protocol, None);

        let controller = sdk::DeploymentController::builder()
            .r#type(sdk::DeploymentControllerType::from("FUTURE"))
            .build()
            .unwrap();
        assert_eq!(deployment_controller_from_sdk(&controller), None);
    }

    #[test]
    fn deployment_configuration_round_trips() {
        let d = deployment_configuration();
        let sdk_d = deployment_configuration_to_sdk(&d).unwrap();
        assert_eq!(deployment_configuration_from_sdk(&sdk_d), d);
    }

    #[test]
    fn hook_details_survive_as_json() {
        let v = json!({"z": 1, "a": [u64::MAX, -5, 0.25, {"k": "v"}], "n": null});
        assert_eq!(document_to_json(&document_from_json(&v)), v);
    }

    #[test]
    fn network_configuration_round_trips() {
        let n = network_configuration();
        let sdk_n = network_configuration_to_sdk(&n).unwrap();
        assert_eq!(network_configuration_from_sdk(&sdk_n), n);
        let empty = spec::NetworkConfiguration {
            awsvpc_configuration: None,
        };
        let sdk_empty = network_configuration_to_sdk(&empty).unwrap();
        assert_eq!(network_configuration_from_sdk(&sdk_empty), empty);
    }

    #[test]
    fn service_connect_configuration_round_trips() {
        let sc =
            service_connect_configuration("arn:aws:servicediscovery:eu-west-1:1:namespace/ns-1");
        let sdk_sc = service_connect_configuration_to_sdk(&sc).unwrap();
        assert_eq!(service_connect_configuration_from_sdk(&sdk_sc), sc);
    }

    #[test]
    fn service_pieces_round_trip() {
        let lb = spec::ServiceLoadBalancer {
            target_group: None,
            target_group_arn: Some(s(
                "arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/web/1",
            )),
            load_balancer_name: None,
            container_name: Some(s("web")),
            container_port: Some(8080),
            advanced_configuration: Some(spec::AdvancedConfiguration {
                alternate_target_group_arn: Some(s("arn:tg/green")),
                production_listener_rule: Some(s("arn:rule/prod")),
                test_listener_rule: Some(s("arn:rule/test")),
                role_arn: Some(s("arn:aws:iam::1:role/elb")),
            }),
        };
        assert_eq!(load_balancer_from_sdk(&load_balancer_to_sdk(&lb, None)), lb);

        let registry = spec::ServiceRegistry {
            registry_arn: Some(s("arn:aws:servicediscovery:eu-west-1:1:service/srv-1")),
            port: Some(8080),
            container_name: Some(s("web")),
            container_port: None,
        };
        assert_eq!(
            service_registry_from_sdk(&service_registry_to_sdk(&registry)),
            registry
        );

        let item = spec::CapacityProviderStrategyItem {
            capacity_provider: s("FARGATE_SPOT"),
            weight: Some(3),
            base: Some(1),
        };
        assert_eq!(
            capacity_provider_strategy_item_from_sdk(
                &capacity_provider_strategy_item_to_sdk(&item).unwrap()
            ),
            item
        );

        let strategy = spec::PlacementStrategy {
            strategy_type: Some(spec::PlacementStrategyType::Spread),
            field: Some(s("attribute:ecs.availability-zone")),
        };
        assert_eq!(
            placement_strategy_from_sdk(&placement_strategy_to_sdk(&strategy)),
            strategy
        );

        let constraint = spec::PlacementConstraint {
            constraint_type: Some(spec::PlacementConstraintType::DistinctInstance),
            expression: None,
        };
        assert_eq!(
            service_placement_constraint_from_sdk(&service_placement_constraint_to_sdk(
                &constraint
            )),
            constraint
        );

        let controller = spec::DeploymentController {
            controller_type: spec::DeploymentControllerType::CodeDeploy,
        };
        assert_eq!(
            deployment_controller_from_sdk(&deployment_controller_to_sdk(&controller).unwrap()),
            Some(controller)
        );

        let vol = service_volume_configuration();
        assert_eq!(
            service_volume_configuration_from_sdk(
                &service_volume_configuration_to_sdk(&vol).unwrap()
            ),
            vol
        );

        let lattice = vpc_lattice_configuration();
        assert_eq!(
            vpc_lattice_configuration_from_sdk(
                &vpc_lattice_configuration_to_sdk(&lattice).unwrap()
            ),
            lattice
        );

        let gateway = spec::GatewayConnector {
            port_name: s("http"),
            health_check: Some(spec::GatewayConnectorHealthCheck {
                health_check_protocol: Some(spec::GatewayConnectorHealthCheckProtocol::Http),
                health_check_port: Some(8080),
                health_check_path: Some(s("/health")),
                health_check_timeout_seconds: Some(5),
                health_check_interval_seconds: Some(30),
                healthy_threshold_count: Some(3),
                unhealthy_threshold_count: Some(2),
                matcher: Some(spec::GatewayConnectorHealthCheckMatcher {
                    http_code: Some(s("200-299")),
                    grpc_code: None,
                }),
            }),
            filters: Some(spec::GatewayConnectorFilters {
                access_types: Some(vec![spec::GatewayConnectorAccessType::Private]),
            }),
        };
        assert_eq!(
            gateway_connector_from_sdk(&gateway_connector_to_sdk(&gateway).unwrap()),
            gateway
        );

        let monitoring = spec::MonitoringConfiguration {
            metric_configurations: Some(vec![spec::MetricConfiguration {
                metric_names: sv(&["CPUUtilization", "MemoryUtilization"]),
                resolution_seconds: 20,
            }]),
        };
        assert_eq!(
            monitoring_configuration_from_sdk(
                &monitoring_configuration_to_sdk(&monitoring).unwrap()
            ),
            monitoring
        );
    }

    #[test]
    fn load_balancer_to_sdk_uses_the_resolved_target_group_arn() {
        let lb = spec::ServiceLoadBalancer {
            target_group: Some(s("web")),
            target_group_arn: None,
            load_balancer_name: None,
            container_name: Some(s("web")),
            container_port: Some(8080),
            advanced_configuration: None,
        };
        let resolved = load_balancer_to_sdk(&lb, Some("arn:tg/web"));
        assert_eq!(resolved.target_group_arn(), Some("arn:tg/web"));
        assert_eq!(load_balancer_to_sdk(&lb, None).target_group_arn(), None);
        let back = load_balancer_from_sdk(&resolved);
        assert_eq!(back.target_group, None);
        assert_eq!(back.target_group_arn.as_deref(), Some("arn:tg/web"));
    }

    fn deployment(
        status: &str,
        sc: &spec::ServiceConnectConfiguration,
        volumes: bool,
    ) -> sdk::Deployment {
        sdk::Deployment::builder()
            .id(format!("ecs-svc/{status}"))
            .status(status)
            .task_definition(format!(
                "arn:aws:ecs:eu-west-1:1:task-definition/web:{status}"
            ))
            .service_connect_configuration(service_connect_configuration_to_sdk(sc).unwrap())
            .set_volume_configurations(volumes.then(|| {
                vec![service_volume_configuration_to_sdk(&service_volume_configuration()).unwrap()]
            }))
            .set_vpc_lattice_configurations(volumes.then(|| {
                vec![vpc_lattice_configuration_to_sdk(&vpc_lattice_configuration()).unwrap()]
            }))
            .build()
    }

    #[test]
    fn service_from_sdk_takes_service_connect_from_the_primary_deployment() {
        let primary_sc = service_connect_configuration("arn:ns/primary");
        let mut active_sc = service_connect_configuration("arn:ns/active");
        active_sc.services = None;
        let svc = sdk::Service::builder()
            .service_arn("arn:aws:ecs:eu-west-1:1:service/prod/web")
            .service_name("web")
            .cluster_arn("arn:aws:ecs:eu-west-1:1:cluster/prod")
            .task_definition("arn:aws:ecs:eu-west-1:1:task-definition/web:7")
            .status("ACTIVE")
            .desired_count(3)
            .running_count(2)
            .launch_type(sdk::LaunchType::Fargate)
            .platform_version("LATEST")
            .role_arn("arn:aws:iam::1:role/ecsServiceRole")
            .load_balancers(load_balancer_to_sdk(
                &spec::ServiceLoadBalancer {
                    target_group: None,
                    target_group_arn: Some(s("arn:tg/web")),
                    load_balancer_name: None,
                    container_name: Some(s("web")),
                    container_port: Some(8080),
                    advanced_configuration: None,
                },
                None,
            ))
            .set_service_registries(Some(vec![]))
            .deployment_configuration(
                deployment_configuration_to_sdk(&deployment_configuration()).unwrap(),
            )
            // Listed first, so that "first deployment" would pick the wrong one.
            .deployments(deployment("ACTIVE", &active_sc, false))
            .deployments(deployment("PRIMARY", &primary_sc, true))
            .network_configuration(network_configuration_to_sdk(&network_configuration()).unwrap())
            .health_check_grace_period_seconds(60)
            .scheduling_strategy(sdk::SchedulingStrategy::Replica)
            .deployment_controller(
                sdk::DeploymentController::builder()
                    .r#type(sdk::DeploymentControllerType::Ecs)
                    .build()
                    .unwrap(),
            )
            .tags(sdk::Tag::builder().key("from").value("service").build())
            .enable_ecs_managed_tags(true)
            .propagate_tags(sdk::PropagateTags::Service)
            .enable_execute_command(false)
            .availability_zone_rebalancing(sdk::AvailabilityZoneRebalancing::Enabled)
            .build();

        let got = service_from_sdk(&svc, &[]);
        assert_eq!(got.service_connect_configuration, Some(primary_sc));
        assert_eq!(
            got.volume_configurations,
            Some(vec![service_volume_configuration()])
        );
        assert_eq!(
            got.vpc_lattice_configurations,
            Some(vec![vpc_lattice_configuration()])
        );
        assert_eq!(got.service_name, "web");
        assert_eq!(
            got.task_definition,
            "arn:aws:ecs:eu-west-1:1:task-definition/web:7"
        );
        assert_eq!(got.desired_count, Some(3));
        assert_eq!(got.launch_type, Some(spec::LaunchType::Fargate));
        assert_eq!(got.platform_version.as_deref(), Some("LATEST"));
        assert_eq!(
            got.role.as_deref(),
            Some("arn:aws:iam::1:role/ecsServiceRole")
        );
        assert_eq!(got.load_balancers.as_ref().map(Vec::len), Some(1));
        assert_eq!(got.service_registries, Some(vec![]));
        assert_eq!(got.capacity_provider_strategy, None);
        assert_eq!(
            got.deployment_configuration,
            Some(deployment_configuration())
        );
        assert_eq!(got.network_configuration, Some(network_configuration()));
        assert_eq!(got.health_check_grace_period_seconds, Some(60));
        assert_eq!(
            got.scheduling_strategy,
            Some(spec::SchedulingStrategy::Replica)
        );
        assert_eq!(
            got.deployment_controller,
            Some(spec::DeploymentController {
                controller_type: spec::DeploymentControllerType::Ecs
            })
        );
        assert_eq!(
            got.tags,
            Some(vec![spec::Tag {
                key: s("from"),
                value: s("service"),
            }])
        );
        assert_eq!(got.enable_ecs_managed_tags, Some(true));
        assert_eq!(got.propagate_tags, Some(spec::PropagateTags::Service));
        assert_eq!(got.enable_execute_command, Some(false));
        assert_eq!(
            got.availability_zone_rebalancing,
            Some(spec::AvailabilityZoneRebalancing::Enabled)
        );
        assert_eq!(got.gateway_connectors, None);
        assert_eq!(got.monitoring, None);
        assert_eq!(got.autoscaling, None);
        assert_eq!(got.lifecycle, None);

        // Tags given beside the service win over the service's own.
        let tags = [sdk::Tag::builder().key("from").value("argument").build()];
        assert_eq!(
            service_from_sdk(&svc, &tags).tags,
            Some(vec![spec::Tag {
                key: s("from"),
                value: s("argument"),
            }])
        );
    }

    #[test]
    fn service_without_primary_deployment_has_no_service_connect() {
        let sc = service_connect_configuration("arn:ns/active");
        let svc = sdk::Service::builder()
            .service_name("web")
            .deployments(deployment("ACTIVE", &sc, true))
            .build();
        let got = service_from_sdk(&svc, &[]);
        assert_eq!(got.service_connect_configuration, None);
        assert_eq!(got.volume_configurations, None);
        assert_eq!(got.vpc_lattice_configurations, None);
        assert_eq!(got.tags, None);
    }

    #[test]
    fn cluster_round_trips() {
        let want = spec::Cluster {
            cluster_name: s("prod"),
            settings: Some(vec![spec::ClusterSetting {
                name: spec::ClusterSettingName::ContainerInsights,
                value: s("enhanced"),
            }]),
            configuration: Some(spec::ClusterConfiguration {
                execute_command_configuration: Some(spec::ExecuteCommandConfiguration {
                    kms_key_id: Some(s("alias/exec")),
                    logging: Some(spec::ExecuteCommandLogging::Override),
                    log_configuration: Some(spec::ExecuteCommandLogConfiguration {
                        cloud_watch_log_group_name: Some(s("/ecs/exec")),
                        cloud_watch_encryption_enabled: Some(true),
                        s3_bucket_name: Some(s("exec-logs")),
                        s3_encryption_enabled: Some(false),
                        s3_key_prefix: Some(s("prod/")),
                    }),
                }),
                managed_storage_configuration: Some(spec::ManagedStorageConfiguration {
                    kms_key_id: Some(s("alias/storage")),
                    fargate_ephemeral_storage_kms_key_id: None,
                }),
            }),
            service_connect_defaults: Some(spec::ClusterServiceConnectDefaults {
                namespace: s("arn:aws:servicediscovery:eu-west-1:1:namespace/ns-1"),
            }),
            capacity_providers: Some(sv(&["FARGATE", "FARGATE_SPOT"])),
            default_capacity_provider_strategy: Some(vec![spec::CapacityProviderStrategyItem {
                capacity_provider: s("FARGATE"),
                weight: Some(1),
                base: Some(0),
            }]),
            tags: Some(vec![spec::Tag {
                key: s("ecsform:stack"),
                value: s("prod"),
            }]),
            lifecycle: None,
        };
        let defaults = cluster_service_connect_defaults_to_sdk(
            want.service_connect_defaults.as_ref().unwrap(),
        )
        .unwrap();
        assert_eq!(
            defaults.namespace(),
            "arn:aws:servicediscovery:eu-west-1:1:namespace/ns-1"
        );
        let c = sdk::Cluster::builder()
            .cluster_arn("arn:aws:ecs:eu-west-1:1:cluster/prod")
            .cluster_name("prod")
            .status("ACTIVE")
            .running_tasks_count(4)
            .set_settings(Some(
                want.settings
                    .iter()
                    .flatten()
                    .map(cluster_setting_to_sdk)
                    // A setting the spec does not know is left out.
                    .chain([sdk::ClusterSetting::builder()
                        .name(sdk::ClusterSettingName::from("newSetting"))
                        .value("on")
                        .build()])
                    .collect(),
            ))
            .configuration(cluster_configuration_to_sdk(
                want.configuration.as_ref().unwrap(),
            ))
            .service_connect_defaults(
                sdk::ClusterServiceConnectDefaults::builder()
                    .namespace(defaults.namespace())
                    .build(),
            )
            .set_capacity_providers(want.capacity_providers.clone())
            .set_default_capacity_provider_strategy(Some(
                want.default_capacity_provider_strategy
                    .iter()
                    .flatten()
                    .map(|i| capacity_provider_strategy_item_to_sdk(i).unwrap())
                    .collect(),
            ))
            .set_tags(Some(tags_to_sdk(want.tags.as_deref().unwrap())))
            .build();
        assert_eq!(cluster_from_sdk(&c), want);

        let bare = cluster_from_sdk(&sdk::Cluster::builder().cluster_name("x").build());
        assert_eq!(bare.tags, None);
        assert_eq!(bare.settings, None);
        assert_eq!(bare.service_connect_defaults, None);
    }

    #[test]
    fn tags_convert_both_ways() {
        assert_eq!(tags_from_sdk(&[]), None);
        let tags = vec![
            spec::Tag {
                key: s("a"),
                value: s("1"),
            },
            spec::Tag {
                key: s("b"),
                value: s(""),
            },
        ];
        assert_eq!(tags_from_sdk(&tags_to_sdk(&tags)), Some(tags));
        let keyless = [sdk::Tag::builder().build()];
        assert_eq!(
            tags_from_sdk(&keyless),
            Some(vec![spec::Tag {
                key: s(""),
                value: s(""),
            }])
        );
    }
}
