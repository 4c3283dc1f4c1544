//! The ECS resources between the AWS SDK (`aws_sdk_ecs::types`) and the stack file
//! (`ecsform_spec::types`). Every member converts through the derived conversions of the
//! file's types (`ecsform_spec::shape`, whose documentation states the rules); what is
//! here is ecsform's own: where a member of a live resource comes from when it is not on
//! the Describe output, the tags, and the requests. ARNs stay ARNs and names stay names
//! here: mapping ARNs to the stack's names is the model's job.

use aws_sdk_ecs::error::BuildError;
use aws_sdk_ecs::types as sdk;
use ecsform_spec::shape::{FromSdk, Missing, ToRequest, ToSdk, to_sdk_option};
use ecsform_spec::types as spec;

pub use ecsform_spec::shape::{document_from_json, document_to_json};

/// Reads an SDK value as the file's, or as the empty value when it cannot be read (a
/// required enum member newer than ecsform).
fn read<T: FromSdk<S> + Missing, S>(sdk: &S) -> Option<T> {
    T::from_sdk(sdk).or_else(T::missing)
}

/// The elements of an optional SDK list the file's type can hold.
fn read_list<T: FromSdk<S>, S>(list: Option<&Vec<S>>) -> Option<Vec<T>> {
    list.and_then(FromSdk::from_sdk)
}

// ---------------------------------------------------------------------------------------
// Tags
// ---------------------------------------------------------------------------------------

/// The SDK's tags as the stack's; `None` when there are none. A missing key or value
/// becomes `""`.
pub fn tags_from_sdk(tags: &[sdk::Tag]) -> Option<Vec<spec::Tag>> {
    super::separate(tags)
}

/// The stack's tags as the SDK's.
pub fn tags_to_sdk(tags: &[spec::Tag]) -> Vec<sdk::Tag> {
    tags.iter().filter_map(|t| t.to_sdk().ok()).collect()
}

// ---------------------------------------------------------------------------------------
// Live resources
// ---------------------------------------------------------------------------------------

/// A live task definition (DescribeTaskDefinition) as the stack's, with the tags that
/// DescribeTaskDefinition returns beside it. Output-only members (revision, status,
/// compatibilities, requiresAttributes, registeredAt/By, ...) are not read; `lifecycle`
/// is `None`.
pub fn task_definition_from_sdk(
    td: &sdk::TaskDefinition,
    tags: &[sdk::Tag],
) -> Option<spec::TaskDefinition> {
    let mut out: spec::TaskDefinition = read(td)?;
    out.tags = tags_from_sdk(tags);
    Some(out)
}

/// The `PRIMARY` deployment of a service: the one ECS is moving the service to.
pub fn primary_deployment(svc: &sdk::Service) -> Option<&sdk::Deployment> {
    svc.deployments
        .iter()
        .flatten()
        .find(|d| d.status.as_deref() == Some("PRIMARY"))
}

/// A live service (DescribeServices) as the stack's.
///
/// `taskDefinition` stays the ARN returned, `role` is the service's `roleArn`; `tags`
/// come from `tags`, or from the service's own when `tags` is empty. The Service Connect
/// configuration, the volume configurations and the VPC Lattice configurations are not
/// members of the SDK's `Service`: they come from its `PRIMARY` deployment.
/// `gatewayConnectors` and `monitoring` are returned on neither (only by
/// DescribeServiceRevisions, which the reader adds with [`service_revision_into`]): they
/// stay `None` here, as do `autoscaling` and `lifecycle`. `desiredCount`,
/// `enableECSManagedTags` and `enableExecuteCommand` are always `Some` (the SDK has no
/// "absent" for them).
pub fn service_from_sdk(svc: &sdk::Service, tags: &[sdk::Tag]) -> Option<spec::Service> {
    let mut out: spec::Service = read(svc)?;
    let primary = primary_deployment(svc);
    out.role.clone_from(&svc.role_arn);
    out.tags = tags_from_sdk(if tags.is_empty() { svc.tags() } else { tags });
    out.service_connect_configuration = primary
        .and_then(|d| d.service_connect_configuration.as_ref())
        .and_then(FromSdk::from_sdk);
    out.volume_configurations = read_list(primary.and_then(|d| d.volume_configurations.as_ref()));
    out.vpc_lattice_configurations =
        read_list(primary.and_then(|d| d.vpc_lattice_configurations.as_ref()));
    Some(out)
}

/// What a service revision (DescribeServiceRevisions) adds to a live service: its
/// gateway connectors and monitoring configuration.
pub fn service_revision_into(rev: &sdk::ServiceRevision, svc: &mut spec::Service) {
    svc.gateway_connectors = read_list(rev.gateway_connectors.as_ref());
    svc.monitoring = rev.monitoring.as_ref().and_then(FromSdk::from_sdk);
}

/// A live cluster (DescribeClusters with `SETTINGS`, `CONFIGURATIONS` and `TAGS`) as the
/// stack's. The default Service Connect namespace stays the ARN returned. Settings whose
/// name the file does not know are left out. `lifecycle` is `None`.
pub fn cluster_from_sdk(c: &sdk::Cluster) -> Option<spec::Cluster> {
    let mut out: spec::Cluster = read(c)?;
    out.tags = tags_from_sdk(c.tags());
    Some(out)
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
pub fn register_task_definition_request(
    client: &aws_sdk_ecs::Client,
    td: &spec::TaskDefinition,
    tags: Vec<sdk::Tag>,
) -> Result<
    aws_sdk_ecs::operation::register_task_definition::builders::RegisterTaskDefinitionFluentBuilder,
    BuildError,
> {
    // Every member as the file has it (deprecated `inferenceAccelerators` too, so AWS,
    // not ecsform, answers), then cpu and memory in AWS's units.
    Ok(td
        .to_request(client.register_task_definition())?
        .set_cpu(task_size(&td.cpu, ecsform_spec::units::cpu_units))
        .set_memory(task_size(&td.memory, ecsform_spec::units::memory_mib))
        .set_tags((!tags.is_empty()).then_some(tags)))
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

/// The service's load balancers with each `targetGroup` (a stack name, which the SDK has
/// no member for) resolved to its ARN; without a name, `targetGroupArn` is used.
fn service_load_balancers(
    svc: &spec::Service,
    refs: &ServiceRefs<'_>,
) -> Result<Option<Vec<sdk::LoadBalancer>>, BuildError> {
    let resolved = svc.load_balancers.as_ref().map(|lbs| {
        lbs.iter()
            .map(|lb| {
                let mut lb = lb.clone();
                if let Some(arn) = lb.target_group.as_deref().and_then(refs.target_group_arn) {
                    lb.target_group_arn = Some(arn);
                }
                lb
            })
            .collect::<Vec<_>>()
    });
    to_sdk_option(&resolved)
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
    Ok(svc
        .to_request(client.create_service())?
        .cluster(cluster)
        .task_definition(refs.task_definition.clone())
        .set_load_balancers(service_load_balancers(svc, refs)?)
        .set_tags((!tags.is_empty()).then_some(tags)))
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
        Some(s) => Some(s.to_sdk()?),
        None if had("serviceConnectConfiguration") => Some(
            sdk::ServiceConnectConfiguration::builder()
                .enabled(false)
                .build(),
        ),
        None => None,
    };
    // No metric configurations: AWS's default resolution (60 s) for every metric.
    let monitoring = match &svc.monitoring {
        Some(m) => Some(m.to_sdk()?),
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
            .set_availability_zone_rebalancing(svc.availability_zone_rebalancing.map(Into::into))
            .set_load_balancers(or_empty(
                service_load_balancers(svc, refs)?,
                had("loadBalancers"),
            ))
            .set_service_registries(or_empty(
                to_sdk_option(&svc.service_registries)?,
                had("serviceRegistries"),
            ))
            .set_capacity_provider_strategy(to_sdk_option(&svc.capacity_provider_strategy)?)
            .set_platform_version(svc.platform_version.clone())
            .set_network_configuration(to_sdk_option(&svc.network_configuration)?)
            .enable_execute_command(svc.enable_execute_command.unwrap_or(false))
            .set_service_connect_configuration(service_connect)
            .set_volume_configurations(or_empty(
                to_sdk_option(&svc.volume_configurations)?,
                had("volumeConfigurations"),
            ))
            .set_vpc_lattice_configurations(or_empty(
                to_sdk_option(&svc.vpc_lattice_configurations)?,
                had("vpcLatticeConfigurations"),
            ))
            .set_gateway_connectors(or_empty(
                to_sdk_option(&svc.gateway_connectors)?,
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
            to_sdk_option(&svc.placement_constraints)?,
            had("placementConstraints"),
        ))
        .set_placement_strategy(or_empty(
            to_sdk_option(&svc.placement_strategy)?,
            had("placementStrategy"),
        ))
        .set_health_check_grace_period_seconds(
            svc.health_check_grace_period_seconds
                .or_else(|| had("healthCheckGracePeriodSeconds").then_some(0)),
        )
        .enable_ecs_managed_tags(svc.enable_ecs_managed_tags.unwrap_or(false))
        .propagate_tags(
            svc.propagate_tags
                .map_or(sdk::PropagateTags::None, Into::into),
        );
    if deployment_configuration {
        request =
            request.set_deployment_configuration(to_sdk_option(&svc.deployment_configuration)?);
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
    Ok(c.to_request(client.create_cluster())?
        .set_tags((!tags.is_empty()).then_some(tags)))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    #![allow(deprecated)] // inferenceAccelerators: the SDK deprecates the (defunct) feature

    use super::*;
    use serde_json::json;
    use std::collections::BTreeMap;

    // The conversions are derived from the file's types (`ecsform_spec::shape`); these
    // tests name each under the name its hand-written predecessor had.
    fn capacity_provider_strategy_item_from_sdk(
        i: &sdk::CapacityProviderStrategyItem,
    ) -> spec::CapacityProviderStrategyItem {
        FromSdk::from_sdk(i).unwrap()
    }

    fn capacity_provider_strategy_item_to_sdk(
        i: &spec::CapacityProviderStrategyItem,
    ) -> Result<sdk::CapacityProviderStrategyItem, BuildError> {
        i.to_sdk()
    }

    fn cluster_configuration_to_sdk(c: &spec::ClusterConfiguration) -> sdk::ClusterConfiguration {
        c.to_sdk().unwrap()
    }

    fn cluster_service_connect_defaults_to_sdk(
        d: &spec::ClusterServiceConnectDefaults,
    ) -> Result<sdk::ClusterServiceConnectDefaultsRequest, BuildError> {
        d.to_sdk()
    }

    fn container_definition_from_sdk(c: &sdk::ContainerDefinition) -> spec::ContainerDefinition {
        FromSdk::from_sdk(c).unwrap()
    }

    fn container_definition_to_sdk(
        c: &spec::ContainerDefinition,
    ) -> Result<sdk::ContainerDefinition, BuildError> {
        c.to_sdk()
    }

    fn deployment_configuration_from_sdk(
        d: &sdk::DeploymentConfiguration,
    ) -> spec::DeploymentConfiguration {
        FromSdk::from_sdk(d).unwrap()
    }

    fn deployment_configuration_to_sdk(
        d: &spec::DeploymentConfiguration,
    ) -> Result<sdk::DeploymentConfiguration, BuildError> {
        d.to_sdk()
    }

    fn deployment_controller_from_sdk(
        d: &sdk::DeploymentController,
    ) -> Option<spec::DeploymentController> {
        FromSdk::from_sdk(d)
    }

    fn deployment_controller_to_sdk(
        d: &spec::DeploymentController,
    ) -> Result<sdk::DeploymentController, BuildError> {
        d.to_sdk()
    }

    fn ephemeral_storage_from_sdk(e: &sdk::EphemeralStorage) -> spec::EphemeralStorage {
        FromSdk::from_sdk(e).unwrap()
    }

    fn ephemeral_storage_to_sdk(e: &spec::EphemeralStorage) -> sdk::EphemeralStorage {
        e.to_sdk().unwrap()
    }

    fn gateway_connector_from_sdk(g: &sdk::GatewayConnector) -> spec::GatewayConnector {
        FromSdk::from_sdk(g).unwrap()
    }

    fn gateway_connector_to_sdk(
        g: &spec::GatewayConnector,
    ) -> Result<sdk::GatewayConnector, BuildError> {
        g.to_sdk()
    }

    fn inference_accelerator_from_sdk(a: &sdk::InferenceAccelerator) -> spec::InferenceAccelerator {
        FromSdk::from_sdk(a).unwrap()
    }

    fn inference_accelerator_to_sdk(
        a: &spec::InferenceAccelerator,
    ) -> Result<sdk::InferenceAccelerator, BuildError> {
        a.to_sdk()
    }

    fn load_balancer_from_sdk(lb: &sdk::LoadBalancer) -> spec::ServiceLoadBalancer {
        FromSdk::from_sdk(lb).unwrap()
    }

    fn load_balancer_to_sdk(
        lb: &spec::ServiceLoadBalancer,
        target_group_arn: Option<&str>,
    ) -> sdk::LoadBalancer {
        let mut lb = lb.clone();
        if let Some(arn) = target_group_arn {
            lb.target_group_arn = Some(arn.to_owned());
        }
        lb.to_sdk().unwrap()
    }

    fn monitoring_configuration_from_sdk(
        m: &sdk::MonitoringConfiguration,
    ) -> spec::MonitoringConfiguration {
        FromSdk::from_sdk(m).unwrap()
    }

    fn monitoring_configuration_to_sdk(
        m: &spec::MonitoringConfiguration,
    ) -> Result<sdk::MonitoringConfiguration, BuildError> {
        m.to_sdk()
    }

    fn network_configuration_from_sdk(n: &sdk::NetworkConfiguration) -> spec::NetworkConfiguration {
        FromSdk::from_sdk(n).unwrap()
    }

    fn network_configuration_to_sdk(
        n: &spec::NetworkConfiguration,
    ) -> Result<sdk::NetworkConfiguration, BuildError> {
        n.to_sdk()
    }

    fn placement_constraint_to_sdk(
        p: &spec::TaskDefinitionPlacementConstraint,
    ) -> sdk::TaskDefinitionPlacementConstraint {
        p.to_sdk().unwrap()
    }

    fn placement_strategy_from_sdk(p: &sdk::PlacementStrategy) -> spec::PlacementStrategy {
        FromSdk::from_sdk(p).unwrap()
    }

    fn placement_strategy_to_sdk(p: &spec::PlacementStrategy) -> sdk::PlacementStrategy {
        p.to_sdk().unwrap()
    }

    fn proxy_configuration_from_sdk(p: &sdk::ProxyConfiguration) -> spec::ProxyConfiguration {
        FromSdk::from_sdk(p).unwrap()
    }

    fn proxy_configuration_to_sdk(
        p: &spec::ProxyConfiguration,
    ) -> Result<sdk::ProxyConfiguration, BuildError> {
        p.to_sdk()
    }

    fn resource_requirement_from_sdk(
        r: &sdk::ResourceRequirement,
    ) -> Option<spec::ResourceRequirement> {
        FromSdk::from_sdk(r)
    }

    fn resource_requirement_to_sdk(
        r: &spec::ResourceRequirement,
    ) -> Result<sdk::ResourceRequirement, BuildError> {
        r.to_sdk()
    }

    fn runtime_platform_from_sdk(r: &sdk::RuntimePlatform) -> spec::RuntimePlatform {
        FromSdk::from_sdk(r).unwrap()
    }

    fn runtime_platform_to_sdk(r: &spec::RuntimePlatform) -> sdk::RuntimePlatform {
        r.to_sdk().unwrap()
    }

    fn service_connect_configuration_from_sdk(
        s: &sdk::ServiceConnectConfiguration,
    ) -> spec::ServiceConnectConfiguration {
        FromSdk::from_sdk(s).unwrap()
    }

    fn service_connect_configuration_to_sdk(
        s: &spec::ServiceConnectConfiguration,
    ) -> Result<sdk::ServiceConnectConfiguration, BuildError> {
        s.to_sdk()
    }

    fn service_placement_constraint_from_sdk(
        p: &sdk::PlacementConstraint,
    ) -> spec::PlacementConstraint {
        FromSdk::from_sdk(p).unwrap()
    }

    fn service_placement_constraint_to_sdk(
        p: &spec::PlacementConstraint,
    ) -> sdk::PlacementConstraint {
        p.to_sdk().unwrap()
    }

    fn service_registry_from_sdk(r: &sdk::ServiceRegistry) -> spec::ServiceRegistry {
        FromSdk::from_sdk(r).unwrap()
    }

    fn service_registry_to_sdk(r: &spec::ServiceRegistry) -> sdk::ServiceRegistry {
        r.to_sdk().unwrap()
    }

    fn service_volume_configuration_from_sdk(
        v: &sdk::ServiceVolumeConfiguration,
    ) -> spec::ServiceVolumeConfiguration {
        FromSdk::from_sdk(v).unwrap()
    }

    fn service_volume_configuration_to_sdk(
        v: &spec::ServiceVolumeConfiguration,
    ) -> Result<sdk::ServiceVolumeConfiguration, BuildError> {
        v.to_sdk()
    }

    fn task_definition_placement_constraint_from_sdk(
        p: &sdk::TaskDefinitionPlacementConstraint,
    ) -> spec::TaskDefinitionPlacementConstraint {
        FromSdk::from_sdk(p).unwrap()
    }

    fn volume_from_sdk(v: &sdk::Volume) -> spec::Volume {
        FromSdk::from_sdk(v).unwrap()
    }

    fn volume_to_sdk(v: &spec::Volume) -> Result<sdk::Volume, BuildError> {
        v.to_sdk()
    }

    fn vpc_lattice_configuration_from_sdk(
        v: &sdk::VpcLatticeConfiguration,
    ) -> spec::VpcLatticeConfiguration {
        FromSdk::from_sdk(v).unwrap()
    }

    fn vpc_lattice_configuration_to_sdk(
        v: &spec::VpcLatticeConfiguration,
    ) -> Result<sdk::VpcLatticeConfiguration, BuildError> {
        v.to_sdk()
    }

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
        let got = task_definition_from_sdk(&td, &tags).unwrap();
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

        let bare = task_definition_from_sdk(&sdk::TaskDefinition::builder().build(), &[]).unwrap();
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

        let got = service_from_sdk(&svc, &[]).unwrap();
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
            service_from_sdk(&svc, &tags).unwrap().tags,
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
        let got = service_from_sdk(&svc, &[]).unwrap();
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
                    .map(|s| s.to_sdk().unwrap())
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
        assert_eq!(cluster_from_sdk(&c).unwrap(), want);

        let bare = cluster_from_sdk(&sdk::Cluster::builder().cluster_name("x").build()).unwrap();
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
