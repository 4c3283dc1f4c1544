//! The one table of AWS's defaults: what AWS stores for a field the file leaves out.
//! `plan`, `drift`, `import`, `render` and `apply` all read it, and the book's reference
//! is generated from it.
//!
//! The comparison rule (book, "Concepts"): a field the file does not set is AWS's to
//! choose and is not compared, unless this table says ecsform puts AWS's default back
//! ([`Managed::Reset`]): then a live value other than the default is a change, which
//! apply makes by sending the default. Rows marked [`Managed::AwsChooses`] are defaults
//! AWS fills in that ecsform does not manage (they depend on the account, on the
//! resource's age, or cannot be sent back): never compared when the file is silent, and
//! left out by `import` when live holds that value. A field in neither is AWS's alone.
//!
//! Paths are in the canonical shape of a resource's document: the API's field names;
//! `tags`, `attributes` and a cluster's `settings` as mappings by key (see
//! [`crate::normalize::keyed_lists_as_maps`]); `[]` stands for every element of a list.
//! A default of `null` means AWS stores nothing: a live value there is a change back to
//! none. Every row cites the AWS documentation (or, where AWS's documentation is silent,
//! the peer whose long practice shows it) that gives the default.

use serde_json::{Map, Value, json};

use crate::Kind;
use crate::normalize::Context;
use crate::path::{Pattern, Seg, Step};

/// Whether ecsform manages a field the file leaves out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Managed {
    /// ecsform puts AWS's default back: compared, shown as drift, sent by apply.
    Reset,
    /// AWS fills it in and chooses it: never compared when the file is silent; `import`
    /// leaves it out when live holds this value.
    AwsChooses,
}

/// Whether a default creates the objects on its way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Parent {
    /// Create missing parent objects (the structure always exists on AWS's side).
    Create,
    /// Only where the parent object exists.
    Existing,
}

/// Where a default is being decided: the whole document and the object that holds the
/// field.
#[derive(Debug, Clone, Copy)]
pub struct Site<'a> {
    /// The resource's document.
    pub root: &'a Value,
    /// The object holding the field.
    pub parent: &'a Map<String, Value>,
    /// The stack's context.
    pub ctx: &'a Context<'a>,
}

/// A default's value.
#[derive(Debug, Clone, Copy)]
pub enum DefaultValue {
    /// A fixed value, as JSON text (`null`: AWS stores none).
    Json(&'static str),
    /// A value that depends on the document; `None` where no default applies (the field
    /// is then AWS's to choose there).
    Computed(fn(&Site<'_>) -> Option<Value>),
}

/// One row of the table.
#[derive(Debug, Clone, Copy)]
pub struct FieldDefault {
    /// The kind of resource.
    pub kind: Kind,
    /// The field (see the module's documentation for the syntax).
    pub path: &'static str,
    /// AWS's default.
    pub value: DefaultValue,
    /// Whether ecsform puts it back.
    pub managed: Managed,
    /// Whether the default creates missing parents.
    pub parent: Parent,
    /// The default in words, for the reference (for computed defaults, the rule).
    pub what: &'static str,
    /// Where AWS documents it.
    pub source: &'static str,
}

impl FieldDefault {
    /// The row's default at a site.
    #[must_use]
    pub fn at(&self, site: &Site<'_>) -> Option<Value> {
        match self.value {
            DefaultValue::Json(text) => serde_json::from_str(text).ok(),
            DefaultValue::Computed(f) => f(site),
        }
    }

    /// The parsed path.
    #[must_use]
    pub fn pattern(&self) -> Pattern {
        Pattern::parse(self.path).unwrap_or(Pattern(Vec::new()))
    }
}

const fn row(
    kind: Kind,
    path: &'static str,
    value: DefaultValue,
    managed: Managed,
    parent: Parent,
    what: &'static str,
    source: &'static str,
) -> FieldDefault {
    FieldDefault {
        kind,
        path,
        value,
        managed,
        parent,
        what,
        source,
    }
}

/// A reset row with a fixed value, where the parent exists.
const fn reset(
    kind: Kind,
    path: &'static str,
    json: &'static str,
    src: &'static str,
) -> FieldDefault {
    row(
        kind,
        path,
        DefaultValue::Json(json),
        Managed::Reset,
        Parent::Existing,
        json,
        src,
    )
}

/// A reset row with a fixed value that creates its parents.
const fn reset_always(
    kind: Kind,
    path: &'static str,
    json: &'static str,
    src: &'static str,
) -> FieldDefault {
    row(
        kind,
        path,
        DefaultValue::Json(json),
        Managed::Reset,
        Parent::Create,
        json,
        src,
    )
}

/// A reset row whose default depends on the document.
const fn reset_when(
    kind: Kind,
    path: &'static str,
    f: fn(&Site<'_>) -> Option<Value>,
    what: &'static str,
    src: &'static str,
) -> FieldDefault {
    row(
        kind,
        path,
        DefaultValue::Computed(f),
        Managed::Reset,
        Parent::Existing,
        what,
        src,
    )
}

/// A reset row whose default depends on the document and that creates its parents.
const fn reset_always_when(
    kind: Kind,
    path: &'static str,
    f: fn(&Site<'_>) -> Option<Value>,
    what: &'static str,
    src: &'static str,
) -> FieldDefault {
    row(
        kind,
        path,
        DefaultValue::Computed(f),
        Managed::Reset,
        Parent::Create,
        what,
        src,
    )
}

/// A field AWS stores nothing for when it is not sent (reset to none).
const fn none(kind: Kind, path: &'static str, src: &'static str) -> FieldDefault {
    row(
        kind,
        path,
        DefaultValue::Json("null"),
        Managed::Reset,
        Parent::Existing,
        "none",
        src,
    )
}

/// A default AWS chooses (not compared; import leaves it out).
const fn aws(
    kind: Kind,
    path: &'static str,
    json: &'static str,
    src: &'static str,
) -> FieldDefault {
    row(
        kind,
        path,
        DefaultValue::Json(json),
        Managed::AwsChooses,
        Parent::Existing,
        json,
        src,
    )
}

/// A default AWS chooses that depends on the document.
const fn aws_when(
    kind: Kind,
    path: &'static str,
    f: fn(&Site<'_>) -> Option<Value>,
    what: &'static str,
    src: &'static str,
) -> FieldDefault {
    row(
        kind,
        path,
        DefaultValue::Computed(f),
        Managed::AwsChooses,
        Parent::Existing,
        what,
        src,
    )
}

// ---- sources ----------------------------------------------------------------------------

macro_rules! ecs {
    ($page:literal) => {
        concat!(
            "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/",
            $page
        )
    };
}
macro_rules! elb {
    ($page:literal) => {
        concat!(
            "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/",
            $page
        )
    };
}
macro_rules! aas {
    ($page:literal) => {
        concat!(
            "https://docs.aws.amazon.com/autoscaling/application/APIReference/",
            $page
        )
    };
}
const TD: &str = ecs!("API_RegisterTaskDefinition.html");
const CD: &str = ecs!("API_ContainerDefinition.html");
/// What AWS stores for a container member not sent: nothing, except the members this
/// table gives a value. The Terraform AWS provider has compared container definitions
/// sent with those AWS returns for years on exactly these defaults
/// (`internal/service/ecs/container_definitions.go`, `containerDefinitions.reduce`).
const CD_NONE: &str = concat!(
    "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html",
    " (members not sent are not returned; as the Terraform AWS provider's",
    " container_definitions.go compares them)"
);
const CS: &str = ecs!("API_CreateService.html");
const US: &str = ecs!("API_UpdateService.html");
const DCONF: &str = ecs!("API_DeploymentConfiguration.html");
const CTG: &str = elb!("API_CreateTargetGroup.html");
const NLB_HC: &str = "https://docs.aws.amazon.com/elasticloadbalancing/latest/network/target-group-health-checks.html";
const ALB_HC: &str = "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html";
const TGA: &str = elb!("API_TargetGroupAttribute.html");
const LBA: &str = elb!("API_LoadBalancerAttribute.html");

use Kind::{
    Cluster, LoadBalancer, Namespace, ScalableTarget, ScalingPolicy, ScheduledAction, Service,
    TargetGroup, TaskDefinition,
};

/// The table, in the order rows are applied (a row may depend on one above it).
pub static TABLE: &[FieldDefault] = &[
    // ---- task definitions: the task ----
    reset_when(
        TaskDefinition,
        "networkMode",
        network_mode,
        "`bridge` (Linux; AWS chooses for Windows)",
        TD,
    ),
    none(TaskDefinition, "taskRoleArn", TD),
    none(TaskDefinition, "executionRoleArn", TD),
    none(TaskDefinition, "volumes", TD),
    none(TaskDefinition, "placementConstraints", TD),
    none(TaskDefinition, "requiresCompatibilities", TD),
    none(TaskDefinition, "cpu", TD),
    none(TaskDefinition, "memory", TD),
    none(TaskDefinition, "pidMode", TD),
    none(TaskDefinition, "ipcMode", TD),
    none(TaskDefinition, "proxyConfiguration", TD),
    none(TaskDefinition, "inferenceAccelerators", TD),
    none(TaskDefinition, "ephemeralStorage", TD),
    none(TaskDefinition, "runtimePlatform", TD),
    reset(TaskDefinition, "enableFaultInjection", "false", TD),
    reset_always(TaskDefinition, "tags", "{}", ecs!("API_TagResource.html")),
    // ---- task definitions: containers ----
    reset(
        TaskDefinition,
        "containerDefinitions[].essential",
        "true",
        CD,
    ),
    reset(TaskDefinition, "containerDefinitions[].cpu", "0", CD),
    none(
        TaskDefinition,
        "containerDefinitions[].repositoryCredentials",
        CD_NONE,
    ),
    none(TaskDefinition, "containerDefinitions[].memory", CD_NONE),
    none(
        TaskDefinition,
        "containerDefinitions[].memoryReservation",
        CD_NONE,
    ),
    none(TaskDefinition, "containerDefinitions[].links", CD_NONE),
    none(
        TaskDefinition,
        "containerDefinitions[].portMappings",
        CD_NONE,
    ),
    none(
        TaskDefinition,
        "containerDefinitions[].restartPolicy",
        CD_NONE,
    ),
    none(TaskDefinition, "containerDefinitions[].entryPoint", CD_NONE),
    none(TaskDefinition, "containerDefinitions[].command", CD_NONE),
    none(
        TaskDefinition,
        "containerDefinitions[].environment",
        CD_NONE,
    ),
    none(
        TaskDefinition,
        "containerDefinitions[].environmentFiles",
        CD_NONE,
    ),
    none(
        TaskDefinition,
        "containerDefinitions[].mountPoints",
        CD_NONE,
    ),
    none(
        TaskDefinition,
        "containerDefinitions[].volumesFrom",
        CD_NONE,
    ),
    none(
        TaskDefinition,
        "containerDefinitions[].linuxParameters",
        CD_NONE,
    ),
    none(TaskDefinition, "containerDefinitions[].secrets", CD_NONE),
    none(TaskDefinition, "containerDefinitions[].dependsOn", CD_NONE),
    none(
        TaskDefinition,
        "containerDefinitions[].startTimeout",
        CD_NONE,
    ),
    none(
        TaskDefinition,
        "containerDefinitions[].stopTimeout",
        CD_NONE,
    ),
    none(TaskDefinition, "containerDefinitions[].hostname", CD_NONE),
    none(TaskDefinition, "containerDefinitions[].user", CD_NONE),
    none(
        TaskDefinition,
        "containerDefinitions[].workingDirectory",
        CD_NONE,
    ),
    none(
        TaskDefinition,
        "containerDefinitions[].disableNetworking",
        CD_NONE,
    ),
    none(TaskDefinition, "containerDefinitions[].privileged", CD_NONE),
    none(
        TaskDefinition,
        "containerDefinitions[].readonlyRootFilesystem",
        CD_NONE,
    ),
    none(TaskDefinition, "containerDefinitions[].dnsServers", CD_NONE),
    none(
        TaskDefinition,
        "containerDefinitions[].dnsSearchDomains",
        CD_NONE,
    ),
    none(TaskDefinition, "containerDefinitions[].extraHosts", CD_NONE),
    none(
        TaskDefinition,
        "containerDefinitions[].dockerSecurityOptions",
        CD_NONE,
    ),
    none(
        TaskDefinition,
        "containerDefinitions[].interactive",
        CD_NONE,
    ),
    none(
        TaskDefinition,
        "containerDefinitions[].pseudoTerminal",
        CD_NONE,
    ),
    none(
        TaskDefinition,
        "containerDefinitions[].dockerLabels",
        CD_NONE,
    ),
    none(TaskDefinition, "containerDefinitions[].ulimits", CD_NONE),
    none(
        TaskDefinition,
        "containerDefinitions[].logConfiguration",
        CD_NONE,
    ),
    none(
        TaskDefinition,
        "containerDefinitions[].healthCheck",
        CD_NONE,
    ),
    none(
        TaskDefinition,
        "containerDefinitions[].systemControls",
        CD_NONE,
    ),
    none(
        TaskDefinition,
        "containerDefinitions[].resourceRequirements",
        CD_NONE,
    ),
    none(
        TaskDefinition,
        "containerDefinitions[].firelensConfiguration",
        CD_NONE,
    ),
    none(
        TaskDefinition,
        "containerDefinitions[].credentialSpecs",
        CD_NONE,
    ),
    aws(
        TaskDefinition,
        "containerDefinitions[].versionConsistency",
        "\"enabled\"",
        CD,
    ),
    reset(
        TaskDefinition,
        "containerDefinitions[].portMappings[].protocol",
        "\"tcp\"",
        ecs!("API_PortMapping.html"),
    ),
    reset_when(
        TaskDefinition,
        "containerDefinitions[].portMappings[].hostPort",
        host_port,
        "the `containerPort` under `awsvpc` and `host` networking; `0` (a dynamic host port) under `bridge`; AWS's with a `containerPortRange`",
        ecs!("API_PortMapping.html"),
    ),
    none(
        TaskDefinition,
        "containerDefinitions[].portMappings[].name",
        ecs!("API_PortMapping.html"),
    ),
    none(
        TaskDefinition,
        "containerDefinitions[].portMappings[].appProtocol",
        ecs!("API_PortMapping.html"),
    ),
    none(
        TaskDefinition,
        "containerDefinitions[].linuxParameters.capabilities",
        ecs!("API_LinuxParameters.html"),
    ),
    none(
        TaskDefinition,
        "containerDefinitions[].linuxParameters.devices",
        ecs!("API_LinuxParameters.html"),
    ),
    none(
        TaskDefinition,
        "containerDefinitions[].linuxParameters.initProcessEnabled",
        ecs!("API_LinuxParameters.html"),
    ),
    none(
        TaskDefinition,
        "containerDefinitions[].linuxParameters.sharedMemorySize",
        ecs!("API_LinuxParameters.html"),
    ),
    none(
        TaskDefinition,
        "containerDefinitions[].linuxParameters.tmpfs",
        ecs!("API_LinuxParameters.html"),
    ),
    none(
        TaskDefinition,
        "containerDefinitions[].linuxParameters.maxSwap",
        ecs!("API_LinuxParameters.html"),
    ),
    none(
        TaskDefinition,
        "containerDefinitions[].linuxParameters.swappiness",
        ecs!("API_LinuxParameters.html"),
    ),
    reset(
        TaskDefinition,
        "containerDefinitions[].healthCheck.interval",
        "30",
        ecs!("API_HealthCheck.html"),
    ),
    reset(
        TaskDefinition,
        "containerDefinitions[].healthCheck.timeout",
        "5",
        ecs!("API_HealthCheck.html"),
    ),
    reset(
        TaskDefinition,
        "containerDefinitions[].healthCheck.retries",
        "3",
        ecs!("API_HealthCheck.html"),
    ),
    none(
        TaskDefinition,
        "containerDefinitions[].healthCheck.startPeriod",
        ecs!("API_HealthCheck.html"),
    ),
    none(
        TaskDefinition,
        "containerDefinitions[].logConfiguration.secretOptions",
        ecs!("API_LogConfiguration.html"),
    ),
    reset(
        TaskDefinition,
        "containerDefinitions[].mountPoints[].readOnly",
        "false",
        ecs!("API_MountPoint.html"),
    ),
    reset(
        TaskDefinition,
        "containerDefinitions[].volumesFrom[].readOnly",
        "false",
        ecs!("API_VolumeFrom.html"),
    ),
    // ---- task definitions: volumes ----
    reset(
        TaskDefinition,
        "volumes[].dockerVolumeConfiguration.scope",
        "\"task\"",
        ecs!("API_DockerVolumeConfiguration.html"),
    ),
    reset(
        TaskDefinition,
        "volumes[].dockerVolumeConfiguration.autoprovision",
        "false",
        ecs!("API_DockerVolumeConfiguration.html"),
    ),
    reset(
        TaskDefinition,
        "volumes[].efsVolumeConfiguration.rootDirectory",
        "\"/\"",
        ecs!("API_EFSVolumeConfiguration.html"),
    ),
    reset(
        TaskDefinition,
        "volumes[].efsVolumeConfiguration.transitEncryption",
        "\"DISABLED\"",
        ecs!("API_EFSVolumeConfiguration.html"),
    ),
    reset(
        TaskDefinition,
        "volumes[].efsVolumeConfiguration.authorizationConfig.iam",
        "\"DISABLED\"",
        ecs!("API_EFSAuthorizationConfig.html"),
    ),
    reset(
        TaskDefinition,
        "volumes[].configuredAtLaunch",
        "false",
        ecs!("API_Volume.html"),
    ),
    // ---- services ----
    reset(Service, "schedulingStrategy", "\"REPLICA\"", CS),
    reset_always(
        Service,
        "deploymentController.type",
        "\"ECS\"",
        ecs!("API_DeploymentController.html"),
    ),
    reset_always_when(
        Service,
        "deploymentConfiguration.maximumPercent",
        maximum_percent,
        "`200`; `100` for a `DAEMON` service",
        DCONF,
    ),
    reset_always_when(
        Service,
        "deploymentConfiguration.minimumHealthyPercent",
        minimum_healthy_percent,
        "`100`; `0` for a `DAEMON` service",
        DCONF,
    ),
    reset_always(
        Service,
        "deploymentConfiguration.deploymentCircuitBreaker.enable",
        "false",
        ecs!("API_DeploymentCircuitBreaker.html"),
    ),
    reset_always(
        Service,
        "deploymentConfiguration.deploymentCircuitBreaker.rollback",
        "false",
        ecs!("API_DeploymentCircuitBreaker.html"),
    ),
    reset_always_when(
        Service,
        "deploymentConfiguration.alarms.enable",
        under_ecs_controller_false,
        "`false` (ECS deployment controller)",
        ecs!("API_DeploymentAlarms.html"),
    ),
    reset_always_when(
        Service,
        "deploymentConfiguration.alarms.rollback",
        under_ecs_controller_false,
        "`false` (ECS deployment controller)",
        ecs!("API_DeploymentAlarms.html"),
    ),
    reset_always_when(
        Service,
        "deploymentConfiguration.alarms.alarmNames",
        under_ecs_controller_empty,
        "none (ECS deployment controller)",
        ecs!("API_DeploymentAlarms.html"),
    ),
    reset_always_when(
        Service,
        "deploymentConfiguration.strategy",
        rolling_strategy,
        "`ROLLING` (ECS deployment controller)",
        DCONF,
    ),
    aws(
        Service,
        "deploymentConfiguration.bakeTimeInMinutes",
        "0",
        DCONF,
    ),
    aws(Service, "availabilityZoneRebalancing", "\"ENABLED\"", CS),
    aws_when(
        Service,
        "role",
        ecs_service_linked_role,
        "the service-linked role `AWSServiceRoleForECS`",
        CS,
    ),
    reset(Service, "enableECSManagedTags", "false", CS),
    reset(Service, "enableExecuteCommand", "false", CS),
    reset(Service, "propagateTags", "\"NONE\"", CS),
    reset(Service, "healthCheckGracePeriodSeconds", "0", CS),
    reset_when(
        Service,
        "capacityProviderStrategy",
        cluster_strategy,
        "the cluster's `defaultCapacityProviderStrategy`, when the service gives neither a launch type nor a strategy",
        CS,
    ),
    reset(
        Service,
        "capacityProviderStrategy[].base",
        "0",
        ecs!("API_CapacityProviderStrategyItem.html"),
    ),
    reset(
        Service,
        "capacityProviderStrategy[].weight",
        "0",
        ecs!("API_CapacityProviderStrategyItem.html"),
    ),
    reset_when(
        Service,
        "platformVersion",
        fargate_platform,
        "`LATEST` on Fargate (launch type or `FARGATE`/`FARGATE_SPOT` capacity providers)",
        CS,
    ),
    none(Service, "loadBalancers", US),
    none(Service, "serviceRegistries", US),
    none(Service, "placementConstraints", US),
    none(Service, "placementStrategy", US),
    none(Service, "serviceConnectConfiguration", US),
    none(Service, "volumeConfigurations", US),
    none(Service, "vpcLatticeConfigurations", US),
    none(Service, "gatewayConnectors", US),
    none(Service, "monitoring", US),
    reset_always(Service, "tags", "{}", ecs!("API_TagResource.html")),
    reset(
        Service,
        "networkConfiguration.awsvpcConfiguration.assignPublicIp",
        "\"DISABLED\"",
        ecs!("API_AwsVpcConfiguration.html"),
    ),
    reset_when(
        Service,
        "serviceConnectConfiguration.namespace",
        cluster_namespace,
        "the cluster's `serviceConnectDefaults.namespace`",
        ecs!("API_ServiceConnectConfiguration.html"),
    ),
    reset_when(
        Service,
        "serviceConnectConfiguration.services[].discoveryName",
        discovery_name,
        "the `portName`",
        ecs!("API_ServiceConnectService.html"),
    ),
    reset_when(
        Service,
        "serviceConnectConfiguration.services[].clientAliases[].dnsName",
        dns_name,
        "`<discoveryName>.<namespace>`",
        ecs!("API_ServiceConnectClientAlias.html"),
    ),
    none(
        Service,
        "serviceConnectConfiguration.logConfiguration",
        ecs!("API_ServiceConnectConfiguration.html"),
    ),
    none(
        Service,
        "serviceConnectConfiguration.accessLogConfiguration",
        ecs!("API_ServiceConnectConfiguration.html"),
    ),
    none(
        Service,
        "serviceConnectConfiguration.services[].ingressPortOverride",
        ecs!("API_ServiceConnectService.html"),
    ),
    none(
        Service,
        "serviceConnectConfiguration.services[].timeout",
        ecs!("API_ServiceConnectService.html"),
    ),
    none(
        Service,
        "serviceConnectConfiguration.services[].tls",
        ecs!("API_ServiceConnectService.html"),
    ),
    // ---- clusters ----
    aws(
        Cluster,
        "settings.containerInsights",
        "\"disabled\"",
        ecs!("API_ClusterSetting.html"),
    ),
    none(
        Cluster,
        "capacityProviders",
        ecs!("API_PutClusterCapacityProviders.html"),
    ),
    none(
        Cluster,
        "defaultCapacityProviderStrategy",
        ecs!("API_PutClusterCapacityProviders.html"),
    ),
    none(
        Cluster,
        "serviceConnectDefaults",
        ecs!("API_UpdateCluster.html"),
    ),
    reset(
        Cluster,
        "defaultCapacityProviderStrategy[].base",
        "0",
        ecs!("API_CapacityProviderStrategyItem.html"),
    ),
    reset(
        Cluster,
        "defaultCapacityProviderStrategy[].weight",
        "0",
        ecs!("API_CapacityProviderStrategyItem.html"),
    ),
    reset_always(Cluster, "tags", "{}", ecs!("API_TagResource.html")),
    // ---- Cloud Map namespaces ----
    none(
        Namespace,
        "description",
        "https://docs.aws.amazon.com/cloud-map/latest/api/API_UpdateHttpNamespace.html",
    ),
    reset_always(
        Namespace,
        "tags",
        "{}",
        "https://docs.aws.amazon.com/cloud-map/latest/api/API_TagResource.html",
    ),
    // ---- load balancers ----
    reset(
        LoadBalancer,
        "type",
        "\"application\"",
        elb!("API_CreateLoadBalancer.html"),
    ),
    reset(
        LoadBalancer,
        "scheme",
        "\"internet-facing\"",
        elb!("API_CreateLoadBalancer.html"),
    ),
    reset(
        LoadBalancer,
        "ipAddressType",
        "\"ipv4\"",
        elb!("API_CreateLoadBalancer.html"),
    ),
    none(LoadBalancer, "ipamPools", elb!("API_ModifyIpPools.html")),
    reset_always(
        LoadBalancer,
        "attributes.\"access_logs.s3.enabled\"",
        "\"false\"",
        LBA,
    ),
    reset_always(
        LoadBalancer,
        "attributes.\"client_keep_alive.seconds\"",
        "\"3600\"",
        LBA,
    ),
    reset_always(
        LoadBalancer,
        "attributes.\"connection_logs.s3.enabled\"",
        "\"false\"",
        LBA,
    ),
    reset_always(
        LoadBalancer,
        "attributes.\"deletion_protection.enabled\"",
        "\"false\"",
        LBA,
    ),
    reset_always(
        LoadBalancer,
        "attributes.\"health_check_logs.s3.enabled\"",
        "\"false\"",
        LBA,
    ),
    reset_always(
        LoadBalancer,
        "attributes.\"idle_timeout.timeout_seconds\"",
        "\"60\"",
        LBA,
    ),
    reset_always(
        LoadBalancer,
        "attributes.\"routing.http.desync_mitigation_mode\"",
        "\"defensive\"",
        LBA,
    ),
    reset_always(
        LoadBalancer,
        "attributes.\"routing.http.drop_invalid_header_fields.enabled\"",
        "\"false\"",
        LBA,
    ),
    reset_always(
        LoadBalancer,
        "attributes.\"routing.http.preserve_host_header.enabled\"",
        "\"false\"",
        LBA,
    ),
    reset_always(
        LoadBalancer,
        "attributes.\"routing.http.x_amzn_tls_version_and_cipher_suite.enabled\"",
        "\"false\"",
        LBA,
    ),
    reset_always(
        LoadBalancer,
        "attributes.\"routing.http.xff_client_port.enabled\"",
        "\"false\"",
        LBA,
    ),
    reset_always(
        LoadBalancer,
        "attributes.\"routing.http.xff_header_processing.mode\"",
        "\"append\"",
        LBA,
    ),
    reset_always(
        LoadBalancer,
        "attributes.\"routing.http2.enabled\"",
        "\"true\"",
        LBA,
    ),
    reset_always(
        LoadBalancer,
        "attributes.\"waf.fail_open.enabled\"",
        "\"false\"",
        LBA,
    ),
    reset_always(
        LoadBalancer,
        "attributes.\"zonal_shift.config.enabled\"",
        "\"false\"",
        LBA,
    ),
    aws_when(
        LoadBalancer,
        "attributes.\"load_balancing.cross_zone.enabled\"",
        cross_zone,
        "`true` for an Application Load Balancer, `false` for the other types",
        LBA,
    ),
    reset_always(LoadBalancer, "tags", "{}", elb!("API_AddTags.html")),
    // ---- target groups ----
    reset(TargetGroup, "targetType", "\"instance\"", CTG),
    reset(TargetGroup, "ipAddressType", "\"ipv4\"", CTG),
    reset_when(
        TargetGroup,
        "protocolVersion",
        protocol_version,
        "`HTTP1` for HTTP and HTTPS target groups",
        CTG,
    ),
    reset(TargetGroup, "healthCheckEnabled", "true", CTG),
    reset_when(
        TargetGroup,
        "healthCheckProtocol",
        health_check_protocol,
        "`HTTP` for HTTP target groups and those of type `alb`; `TCP` for TCP, TLS, UDP and TCP_UDP; AWS's for HTTPS",
        CTG,
    ),
    reset_when(
        TargetGroup,
        "healthCheckPort",
        traffic_port,
        "`traffic-port` (not GENEVE)",
        CTG,
    ),
    reset_when(
        TargetGroup,
        "healthCheckPath",
        health_check_path,
        "`/` for HTTP and HTTPS target groups (`/AWS.ALB/healthcheck` for gRPC) and HTTP(S) health checks of TCP target groups",
        CTG,
    ),
    reset_when(
        TargetGroup,
        "healthCheckIntervalSeconds",
        health_check_interval,
        "`30` (not GENEVE)",
        CTG,
    ),
    reset_when(
        TargetGroup,
        "healthCheckTimeoutSeconds",
        health_check_timeout,
        "`5` for HTTP and HTTPS target groups (ALB); for TCP, TLS, UDP and TCP_UDP target groups (NLB) `6` with an HTTP health check, `10` with TCP or HTTPS",
        NLB_HC,
    ),
    reset_when(
        TargetGroup,
        "healthyThresholdCount",
        healthy_threshold,
        "`5` for HTTP and HTTPS target groups",
        ALB_HC,
    ),
    reset_when(
        TargetGroup,
        "unhealthyThresholdCount",
        unhealthy_threshold,
        "`2` for HTTP and HTTPS target groups",
        ALB_HC,
    ),
    reset_when(
        TargetGroup,
        "matcher",
        matcher,
        "`{httpCode: \"200\"}` for HTTP and HTTPS target groups (`{grpcCode: \"12\"}` for gRPC); `{httpCode: \"200-399\"}` for HTTP health checks of TCP target groups; none for TCP health checks",
        ALB_HC,
    ),
    aws_when(
        TargetGroup,
        "healthyThresholdCount",
        nlb_healthy_threshold,
        "`5` for TCP, TLS, UDP and TCP_UDP target groups made since late 2022 (`3` before)",
        NLB_HC,
    ),
    aws_when(
        TargetGroup,
        "unhealthyThresholdCount",
        nlb_unhealthy_threshold,
        "`2` for TCP, TLS, UDP and TCP_UDP target groups made since late 2022 (`3` before)",
        NLB_HC,
    ),
    reset_always(
        TargetGroup,
        "attributes.\"deregistration_delay.timeout_seconds\"",
        "\"300\"",
        TGA,
    ),
    reset_always(
        TargetGroup,
        "attributes.\"deregistration_delay.connection_termination.enabled\"",
        "\"false\"",
        TGA,
    ),
    reset_always(
        TargetGroup,
        "attributes.\"load_balancing.algorithm.type\"",
        "\"round_robin\"",
        TGA,
    ),
    reset_always(
        TargetGroup,
        "attributes.\"load_balancing.algorithm.anomaly_mitigation\"",
        "\"off\"",
        TGA,
    ),
    reset_always(
        TargetGroup,
        "attributes.\"load_balancing.cross_zone.enabled\"",
        "\"use_load_balancer_configuration\"",
        TGA,
    ),
    reset_always(
        TargetGroup,
        "attributes.\"proxy_protocol_v2.enabled\"",
        "\"false\"",
        TGA,
    ),
    reset_always(
        TargetGroup,
        "attributes.\"slow_start.duration_seconds\"",
        "\"0\"",
        TGA,
    ),
    reset_always(
        TargetGroup,
        "attributes.\"stickiness.enabled\"",
        "\"false\"",
        TGA,
    ),
    reset_always(
        TargetGroup,
        "attributes.\"stickiness.app_cookie.duration_seconds\"",
        "\"86400\"",
        TGA,
    ),
    reset_always(
        TargetGroup,
        "attributes.\"stickiness.lb_cookie.duration_seconds\"",
        "\"86400\"",
        TGA,
    ),
    reset_always(
        TargetGroup,
        "attributes.\"target_group_health.dns_failover.minimum_healthy_targets.count\"",
        "\"1\"",
        TGA,
    ),
    reset_always(
        TargetGroup,
        "attributes.\"target_group_health.dns_failover.minimum_healthy_targets.percentage\"",
        "\"off\"",
        TGA,
    ),
    reset_always(
        TargetGroup,
        "attributes.\"target_group_health.unhealthy_state_routing.minimum_healthy_targets.count\"",
        "\"1\"",
        TGA,
    ),
    reset_always(
        TargetGroup,
        "attributes.\"target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage\"",
        "\"off\"",
        TGA,
    ),
    reset_always(
        TargetGroup,
        "attributes.\"lambda.multi_value_headers.enabled\"",
        "\"false\"",
        TGA,
    ),
    aws(
        TargetGroup,
        "attributes.\"stickiness.type\"",
        "\"lb_cookie\"",
        TGA,
    ),
    reset_always(TargetGroup, "tags", "{}", elb!("API_AddTags.html")),
    none(
        Kind::ListenerRule,
        "transforms",
        elb!("API_ModifyRule.html"),
    ),
    // ---- Application Auto Scaling ----
    reset_always(
        ScalableTarget,
        "suspendedState.dynamicScalingInSuspended",
        "false",
        aas!("API_SuspendedState.html"),
    ),
    reset_always(
        ScalableTarget,
        "suspendedState.dynamicScalingOutSuspended",
        "false",
        aas!("API_SuspendedState.html"),
    ),
    reset_always(
        ScalableTarget,
        "suspendedState.scheduledScalingSuspended",
        "false",
        aas!("API_SuspendedState.html"),
    ),
    aws_when(
        ScalableTarget,
        "roleArn",
        autoscaling_service_linked_role,
        "the service-linked role `AWSServiceRoleForApplicationAutoScaling_ECSService`",
        aas!("API_RegisterScalableTarget.html"),
    ),
    none(
        ScalingPolicy,
        "targetTrackingScalingPolicyConfiguration",
        aas!("API_PutScalingPolicy.html"),
    ),
    none(
        ScalingPolicy,
        "stepScalingPolicyConfiguration",
        aas!("API_PutScalingPolicy.html"),
    ),
    none(
        ScalingPolicy,
        "predictiveScalingPolicyConfiguration",
        aas!("API_PutScalingPolicy.html"),
    ),
    none(
        ScalingPolicy,
        "targetTrackingScalingPolicyConfiguration.predefinedMetricSpecification",
        aas!("API_TargetTrackingScalingPolicyConfiguration.html"),
    ),
    none(
        ScalingPolicy,
        "targetTrackingScalingPolicyConfiguration.customizedMetricSpecification",
        aas!("API_TargetTrackingScalingPolicyConfiguration.html"),
    ),
    reset(
        ScalingPolicy,
        "targetTrackingScalingPolicyConfiguration.disableScaleIn",
        "false",
        aas!("API_TargetTrackingScalingPolicyConfiguration.html"),
    ),
    none(
        ScheduledAction,
        "startTime",
        aas!("API_PutScheduledAction.html"),
    ),
    none(
        ScheduledAction,
        "endTime",
        aas!("API_PutScheduledAction.html"),
    ),
    none(
        ScheduledAction,
        "scalableTargetAction.minCapacity",
        aas!("API_ScalableTargetAction.html"),
    ),
    none(
        ScheduledAction,
        "scalableTargetAction.maxCapacity",
        aas!("API_ScalableTargetAction.html"),
    ),
    reset(
        ScheduledAction,
        "timezone",
        "\"UTC\"",
        aas!("API_PutScheduledAction.html"),
    ),
];

// ---- computed defaults ------------------------------------------------------------------

fn str_at<'v>(v: &'v Value, pointer: &str) -> Option<&'v str> {
    v.pointer(pointer).and_then(Value::as_str)
}

/// "If no network mode is specified, the default is bridge" (Linux); a Windows task's
/// default is AWS's.
fn network_mode(site: &Site<'_>) -> Option<Value> {
    let windows = str_at(site.root, "/runtimePlatform/operatingSystemFamily")
        .is_some_and(|f| f.starts_with("WINDOWS"));
    (!windows).then(|| json!("bridge"))
}

/// "If you use containers in a task with the awsvpc or host network mode, the hostPort
/// can either be left blank or set to the same value as the containerPort"; under
/// `bridge`, a blank host port is dynamic and returned as 0.
fn host_port(site: &Site<'_>) -> Option<Value> {
    if site.parent.get("containerPortRange").is_some() {
        return None;
    }
    let port = site.parent.get("containerPort")?;
    match str_at(site.root, "/networkMode") {
        Some("awsvpc" | "host") => Some(port.clone()),
        Some("bridge") | None => Some(json!(0)),
        _ => None,
    }
}

/// The role a field holds when it is the given service-linked role (by ARN or path).
fn service_linked(site: &Site<'_>, key: &str, role: &str) -> Option<Value> {
    let value = site.parent.get(key)?;
    value
        .as_str()
        .is_some_and(|v| crate::compare::role_name(v) == role)
        .then(|| value.clone())
}

/// "If your account has already created the Amazon ECS service-linked role, that role is
/// used for your service unless you specify a role here" (CreateService, `role`).
fn ecs_service_linked_role(site: &Site<'_>) -> Option<Value> {
    service_linked(
        site,
        "role",
        "aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS",
    )
}

/// "If the service supports service-linked roles, Application Auto Scaling uses a
/// service-linked role" (RegisterScalableTarget, `RoleARN`).
fn autoscaling_service_linked_role(site: &Site<'_>) -> Option<Value> {
    service_linked(
        site,
        "roleArn",
        "aws-service-role/ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService",
    )
}

fn daemon(site: &Site<'_>) -> bool {
    str_at(site.root, "/schedulingStrategy") == Some("DAEMON")
}

fn maximum_percent(site: &Site<'_>) -> Option<Value> {
    Some(json!(if daemon(site) { 100 } else { 200 }))
}

fn minimum_healthy_percent(site: &Site<'_>) -> Option<Value> {
    Some(json!(if daemon(site) { 0 } else { 100 }))
}

fn ecs_controller(site: &Site<'_>) -> bool {
    str_at(site.root, "/deploymentController/type").is_none_or(|t| t == "ECS")
}

fn under_ecs_controller_false(site: &Site<'_>) -> Option<Value> {
    ecs_controller(site).then(|| json!(false))
}

fn under_ecs_controller_empty(site: &Site<'_>) -> Option<Value> {
    ecs_controller(site).then(|| json!([]))
}

/// "ROLLING: ... This is the default"; the deployment strategy belongs to the ECS
/// deployment controller.
fn rolling_strategy(site: &Site<'_>) -> Option<Value> {
    ecs_controller(site).then(|| json!("ROLLING"))
}

fn fargate_platform(site: &Site<'_>) -> Option<Value> {
    let by_launch_type = str_at(site.root, "/launchType") == Some("FARGATE");
    let by_provider = site
        .root
        .get("capacityProviderStrategy")
        .and_then(Value::as_array)
        .is_some_and(|items| {
            items.iter().any(|i| {
                i.get("capacityProvider")
                    .and_then(Value::as_str)
                    .is_some_and(|p| p.starts_with("FARGATE"))
            })
        });
    (by_launch_type || by_provider).then(|| json!("LATEST"))
}

/// "If no capacityProviderStrategy or launchType is specified, the
/// defaultCapacityProviderStrategy for the cluster is used."
fn cluster_strategy(site: &Site<'_>) -> Option<Value> {
    if site.root.get("launchType").is_some_and(|v| !v.is_null()) {
        return None;
    }
    site.ctx.cluster_strategy.cloned()
}

fn namespace_name(site: &Site<'_>) -> Option<String> {
    let given = str_at(site.root, "/serviceConnectConfiguration/namespace")
        .map(str::to_owned)
        .or_else(|| site.ctx.cluster_namespace.map(str::to_owned))?;
    Some(site.ctx.names_by_arn.get(&given).cloned().unwrap_or(given))
}

fn cluster_namespace(site: &Site<'_>) -> Option<Value> {
    if site.parent.get("enabled").and_then(Value::as_bool) != Some(true) {
        return None;
    }
    site.ctx.cluster_namespace.map(|n| json!(n))
}

fn discovery_name(site: &Site<'_>) -> Option<Value> {
    site.parent.get("portName").cloned()
}

/// The alias's DNS name defaults to `<discoveryName>.<namespace>`: the alias's parent is
/// the client alias; its service is found by the alias being one of its aliases.
fn dns_name(site: &Site<'_>) -> Option<Value> {
    let services = site
        .root
        .pointer("/serviceConnectConfiguration/services")
        .and_then(Value::as_array)?;
    let service = services.iter().find(|s| {
        s.get("clientAliases")
            .and_then(Value::as_array)
            .is_some_and(|a| a.iter().any(|x| x.as_object() == Some(site.parent)))
    })?;
    let discovery = service
        .get("discoveryName")
        .or_else(|| service.get("portName"))
        .and_then(Value::as_str)?;
    let ns = namespace_name(site)?;
    Some(json!(format!("{discovery}.{ns}")))
}

fn cross_zone(site: &Site<'_>) -> Option<Value> {
    match str_at(site.root, "/type").unwrap_or("application") {
        "application" => Some(json!("true")),
        _ => Some(json!("false")),
    }
}

fn tg_protocol<'v>(site: &Site<'v>) -> Option<&'v str> {
    str_at(site.root, "/protocol")
}

fn http_target_group(site: &Site<'_>) -> bool {
    matches!(tg_protocol(site), Some("HTTP" | "HTTPS"))
}

fn nlb_target_group(site: &Site<'_>) -> bool {
    matches!(tg_protocol(site), Some("TCP" | "TLS" | "UDP" | "TCP_UDP"))
}

fn protocol_version(site: &Site<'_>) -> Option<Value> {
    http_target_group(site).then(|| json!("HTTP1"))
}

/// HTTP for HTTP target groups, TCP for the Network Load Balancer's protocols. An HTTPS
/// target group's default is left to AWS: the ALB guide says HTTP, answers have been
/// seen with HTTPS.
fn health_check_protocol(site: &Site<'_>) -> Option<Value> {
    // A TCP target group of type `alb` (an Application Load Balancer behind a Network
    // Load Balancer) is health-checked over HTTP (AWS CLI, create-target-group, example 4;
    // NLB guide, "Application Load Balancers as targets").
    if str_at(site.root, "/targetType") == Some("alb") {
        return Some(json!("HTTP"));
    }
    match tg_protocol(site)? {
        "HTTP" => Some(json!("HTTP")),
        "TCP" | "TLS" | "UDP" | "TCP_UDP" => Some(json!("TCP")),
        _ => None,
    }
}

/// The health check protocol in force: the file's, or the default.
fn effective_health_check_protocol(site: &Site<'_>) -> Option<String> {
    str_at(site.root, "/healthCheckProtocol")
        .map(str::to_owned)
        .or_else(|| health_check_protocol(site).and_then(|v| v.as_str().map(str::to_owned)))
}

fn traffic_port(site: &Site<'_>) -> Option<Value> {
    (http_target_group(site) || nlb_target_group(site)).then(|| json!("traffic-port"))
}

fn grpc(site: &Site<'_>) -> bool {
    str_at(site.root, "/protocolVersion") == Some("GRPC")
}

fn health_check_path(site: &Site<'_>) -> Option<Value> {
    if http_target_group(site) {
        return Some(json!(if grpc(site) {
            "/AWS.ALB/healthcheck"
        } else {
            "/"
        }));
    }
    match effective_health_check_protocol(site).as_deref() {
        Some("HTTP" | "HTTPS") if nlb_target_group(site) => Some(json!("/")),
        _ => None,
    }
}

fn health_check_interval(site: &Site<'_>) -> Option<Value> {
    (http_target_group(site) || nlb_target_group(site)).then(|| json!(30))
}

fn health_check_timeout(site: &Site<'_>) -> Option<Value> {
    if http_target_group(site) {
        return Some(json!(5));
    }
    if !nlb_target_group(site) {
        return None;
    }
    match effective_health_check_protocol(site).as_deref() {
        Some("HTTP") => Some(json!(6)),
        _ => Some(json!(10)),
    }
}

/// Application Load Balancer target groups: 5 healthy, 2 unhealthy. A Network Load
/// Balancer target group's thresholds are AWS's: groups made before late 2022 have 3
/// and 3, newer ones 5 and 2 (NLB guide, health checks, then and now).
fn healthy_threshold(site: &Site<'_>) -> Option<Value> {
    http_target_group(site).then(|| json!(5))
}

fn unhealthy_threshold(site: &Site<'_>) -> Option<Value> {
    http_target_group(site).then(|| json!(2))
}

fn nlb_healthy_threshold(site: &Site<'_>) -> Option<Value> {
    nlb_target_group(site).then(|| json!(5))
}

fn nlb_unhealthy_threshold(site: &Site<'_>) -> Option<Value> {
    nlb_target_group(site).then(|| json!(2))
}

fn matcher(site: &Site<'_>) -> Option<Value> {
    if http_target_group(site) {
        return Some(if grpc(site) {
            json!({"grpcCode": "12"})
        } else {
            json!({"httpCode": "200"})
        });
    }
    match effective_health_check_protocol(site).as_deref() {
        Some("HTTP" | "HTTPS") if nlb_target_group(site) => Some(json!({"httpCode": "200-399"})),
        _ => None,
    }
}

// ---- applying the table -------------------------------------------------------------------

/// The rows of a kind, in table order.
pub fn rows(kind: Kind) -> impl Iterator<Item = &'static FieldDefault> {
    TABLE.iter().filter(move |r| r.kind == kind)
}

/// The parsed patterns of [`TABLE`], by row.
fn patterns() -> &'static [Pattern] {
    static PATTERNS: std::sync::OnceLock<Vec<Pattern>> = std::sync::OnceLock::new();
    PATTERNS.get_or_init(|| TABLE.iter().map(FieldDefault::pattern).collect())
}

/// The rows of a kind with their parsed patterns.
fn rows_with_patterns(
    kind: Kind,
) -> impl Iterator<Item = (&'static FieldDefault, &'static Pattern)> {
    TABLE
        .iter()
        .zip(patterns())
        .filter(move |(r, _)| r.kind == kind)
}

/// Fills the [`Managed::Reset`] defaults into a canonical document where it leaves a
/// field out (`null` counts as out); defaults of `null` add nothing. Returns the
/// concrete paths where a reset row applied (whether filled or set by the document), so
/// that the comparison keeps those fields.
pub fn fill(kind: Kind, doc: &mut Value, ctx: &Context<'_>) -> Vec<Vec<Step>> {
    let mut applied = Vec::new();
    for (r, pattern) in rows_with_patterns(kind).filter(|(r, _)| r.managed == Managed::Reset) {
        let Some(key) = pattern.last_key() else {
            continue;
        };
        let mut created = Vec::new();
        let parents = parent_paths(
            doc,
            pattern.parent(),
            r.parent == Parent::Create,
            &mut created,
        );
        for parent in parents {
            let value = match get(doc, &parent) {
                Some(Value::Object(map)) => r.at(&Site {
                    root: doc,
                    parent: map,
                    ctx,
                }),
                _ => None,
            };
            let Some(value) = value else { continue };
            if let Some(Value::Object(map)) = get_mut(doc, &parent)
                && !value.is_null()
                && map.get(key).is_none_or(Value::is_null)
            {
                map.insert(key.to_owned(), value);
            }
            let mut at = parent;
            at.push(Step::Key(key.to_owned()));
            applied.push(at);
        }
        // Objects created on the way that received nothing go again, deepest first.
        for path in created.iter().rev() {
            let empty = get(doc, path).is_some_and(|v| v.as_object().is_some_and(Map::is_empty));
            if let (true, Some((Step::Key(k), parent))) = (empty, path.split_last())
                && let Some(Value::Object(m)) = get_mut(doc, parent)
            {
                m.remove(k);
            }
        }
    }
    applied
}

/// The default of the row whose pattern matches `path` in `doc` (a canonical document),
/// with whether ecsform resets it; `None` when no row applies there.
#[must_use]
pub fn default_at(
    kind: Kind,
    doc: &Value,
    path: &[Step],
    ctx: &Context<'_>,
) -> Option<(Value, Managed)> {
    let (_, parent) = path.split_last()?;
    let Some(Value::Object(map)) = get(doc, parent) else {
        return None;
    };
    let site = Site {
        root: doc,
        parent: map,
        ctx,
    };
    rows_with_patterns(kind)
        .filter(|(_, p)| p.matches(path))
        .find_map(|(r, _)| r.at(&site).map(|v| (v, r.managed)))
}

/// The concrete paths of the objects matching `parent` in `doc`; with `create`, missing
/// objects on the way (through keys, never through list elements) are created.
fn parent_paths(
    doc: &mut Value,
    parent: &[Seg],
    create: bool,
    created: &mut Vec<Vec<Step>>,
) -> Vec<Vec<Step>> {
    let mut out = Vec::new();
    walk_parents(doc, parent, create, &mut Vec::new(), &mut out, created);
    out
}

fn walk_parents(
    at: &mut Value,
    rest: &[Seg],
    create: bool,
    path: &mut Vec<Step>,
    out: &mut Vec<Vec<Step>>,
    created: &mut Vec<Vec<Step>>,
) {
    let Some((first, rest_after)) = rest.split_first() else {
        if at.is_object() {
            out.push(path.clone());
        }
        return;
    };
    match first {
        Seg::Key(k) => {
            let Value::Object(map) = at else { return };
            path.push(Step::Key(k.clone()));
            if create && map.get(k).is_none_or(Value::is_null) {
                map.insert(k.clone(), Value::Object(Map::new()));
                created.push(path.clone());
            }
            if let Some(child) = map.get_mut(k) {
                walk_parents(child, rest_after, create, path, out, created);
            }
            path.pop();
        }
        Seg::Each => {
            let Value::Array(items) = at else { return };
            for (i, item) in items.iter_mut().enumerate() {
                path.push(Step::Index(i));
                walk_parents(item, rest_after, create, path, out, created);
                path.pop();
            }
        }
    }
}

/// The value at a concrete path.
#[must_use]
pub fn get<'v>(doc: &'v Value, path: &[Step]) -> Option<&'v Value> {
    path.iter().try_fold(doc, |at, step| match step {
        Step::Key(k) => at.get(k.as_str()),
        Step::Index(i) => at.get(*i),
    })
}

fn get_mut<'v>(doc: &'v mut Value, path: &[Step]) -> Option<&'v mut Value> {
    path.iter().try_fold(doc, |at, step| match step {
        Step::Key(k) => at.get_mut(k.as_str()),
        Step::Index(i) => at.get_mut(*i),
    })
}

/// The book's reference page of the comparison rule: the defaults table, the mappings
/// compared whole and the fields compared by name or ARN (`book/src/reference/defaults.md`,
/// written by `cargo xtask gen defaults` and checked by the book's test).
#[must_use]
pub fn reference_markdown() -> String {
    let mut out = String::from(
        "# What ecsform compares: the defaults table\n\n\
         <!-- Generated from crates/ecsform-model/src/defaults.rs and compare.rs by\n\
         `ecsform_model::defaults::reference_markdown`; the book's test checks it\n\
         (`cargo xtask gen defaults` rewrites it). -->\n\n\
         The rule is in [Concepts](../concepts.md#what-ecsform-compares). A field the file\n\
         sets is always compared. A field the file leaves out is compared only where this\n\
         table says **reset**: ecsform knows AWS's default there and puts it back (a live\n\
         value other than the default is a change, which apply makes, and drift reports).\n\
         Where it says **AWS's**, AWS fills the field in and ecsform leaves it to AWS: it\n\
         is never compared when the file is silent, and `ecsform import` leaves it out when\n\
         live holds that value. A field in neither is AWS's alone; so is every member AWS\n\
         adds in the future. A default of *none* means AWS stores nothing: a live value there\n\
         is a change back to none.\n\n\
         Paths use the API's names; `[]` is every element of a list; `tags`, `attributes`\n\
         and a cluster's `settings` are keyed by their key or name.\n",
    );
    let kinds = [
        (Kind::TaskDefinition, "Task definitions"),
        (Kind::Service, "Services"),
        (Kind::Cluster, "Clusters"),
        (Kind::Namespace, "Cloud Map namespaces"),
        (Kind::LoadBalancer, "Load balancers"),
        (Kind::TargetGroup, "Target groups"),
        (Kind::Listener, "Listeners"),
        (Kind::ListenerRule, "Listener rules"),
        (Kind::ScalableTarget, "Scalable targets (`autoscaling`)"),
        (Kind::ScalingPolicy, "Scaling policies"),
        (Kind::ScheduledAction, "Scheduled actions"),
    ];
    let cell = |s: &str| s.replace('|', "\\|");
    for (kind, title) in kinds {
        out.push_str(&format!("\n## {title}\n\n"));
        let rows: Vec<&FieldDefault> = rows(kind).collect();
        if rows.is_empty() {
            out.push_str("No field is reset: only what the file sets is compared.\n");
        } else {
            out.push_str("| field | default | ecsform | AWS documents it |\n|---|---|---|---|\n");
            for r in rows {
                let what = match r.value {
                    DefaultValue::Json("null" | "{}" | "[]") => "none".to_owned(),
                    DefaultValue::Json(text) => format!("`{text}`"),
                    DefaultValue::Computed(_) => r.what.to_owned(),
                };
                let managed = match r.managed {
                    Managed::Reset => "reset",
                    Managed::AwsChooses => "AWS's",
                };
                let (url, note) = r
                    .source
                    .split_once(' ')
                    .map_or((r.source, ""), |(u, n)| (u, n));
                let page = url
                    .rsplit('/')
                    .next()
                    .unwrap_or(url)
                    .trim_end_matches(".html");
                out.push_str(&format!(
                    "| `{}` | {} | {managed} | [{page}]({url}){} |\n",
                    cell(r.path),
                    cell(&what),
                    cell(note),
                ));
            }
        }
        let whole: Vec<&str> = crate::compare::WHOLE
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, p)| *p)
            .collect();
        if !whole.is_empty() {
            out.push_str(&format!(
                "\nCompared whole (mappings of your own keys: a key removed or added is a change): {}.\n",
                whole.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", ")
            ));
        }
        let roles: Vec<&str> = crate::compare::ROLES
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, p)| *p)
            .collect();
        if !roles.is_empty() {
            out.push_str(&format!(
                "\nIAM roles by name or ARN (equal when they name the same role): {}.\n",
                roles
                    .iter()
                    .map(|p| format!("`{p}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
    out.push_str(&format!(
        "\n---\n\n{} rows: {} reset, {} AWS's.\n",
        TABLE.len(),
        TABLE.iter().filter(|r| r.managed == Managed::Reset).count(),
        TABLE
            .iter()
            .filter(|r| r.managed == Managed::AwsChooses)
            .count(),
    ));
    out
}

#[cfg(test)]
mod tests;
