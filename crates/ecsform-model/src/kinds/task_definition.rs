//! An ECS task definition family (`task_definition.<family>`: its latest ACTIVE
//! revision).

use serde_json::{Value, json};

use super::{Form, KindRules, str_at};
use crate::Doc;
use crate::Kind::TaskDefinition;
use crate::defaults::{FieldDefault, Site, aws, ecs, none, reset, reset_always, reset_when};
use crate::normalize::{Context, array_mut, obj, sort_by_key, sort_strings};

/// Everything the model and the plan know about a task definition.
pub static RULES: KindRules = KindRules {
    defaults: DEFAULTS,
    forms: FORMS,
    whole: WHOLE,
    roles: &["taskRoleArn", "executionRoleArn"],
    list_keys: LIST_KEYS,
    import_keeps: &[
        "family",
        "containerDefinitions[].name",
        "containerDefinitions[].image",
    ],
    ..KindRules::NONE
};

/// Mappings of data, compared whole: their keys are the user's (docker labels, log and
/// FireLens options, a docker volume's driver options and labels).
const WHOLE: &[&str] = &[
    "containerDefinitions[].dockerLabels",
    "containerDefinitions[].logConfiguration.options",
    "containerDefinitions[].firelensConfiguration.options",
    "volumes[].dockerVolumeConfiguration.driverOpts",
    "volumes[].dockerVolumeConfiguration.labels",
];

/// Lists of objects matched by a member:
/// [ContainerDefinition](https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html)
/// by `name` ("the name of a container", which `links`, `dependsOn`, `volumesFrom` and a
/// service's `loadBalancers` refer to); `environment`/`secrets` entries by `name`
/// ([KeyValuePair](https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_KeyValuePair.html),
/// [Secret](https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Secret.html));
/// [PortMapping](https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PortMapping.html)
/// by `name` (which Service Connect refers to), else `containerPort`;
/// [MountPoint](https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_MountPoint.html)
/// by `containerPath`; [Ulimit](https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Ulimit.html)
/// by `name`; [ContainerDependency](https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDependency.html)
/// by `containerName`; [HostEntry](https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_HostEntry.html)
/// by `hostname`; [SystemControl](https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_SystemControl.html)
/// by `namespace`; [ResourceRequirement](https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ResourceRequirement.html)
/// by `type`; [Volume](https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Volume.html)
/// by `name` ("referenced in the sourceVolume parameter of container definition
/// mountPoints").
const LIST_KEYS: &[(&str, &[&str])] = &[
    ("containerDefinitions", &["name"]),
    ("containerDefinitions[].environment", &["name"]),
    ("containerDefinitions[].secrets", &["name"]),
    (
        "containerDefinitions[].portMappings",
        &["name", "containerPort"],
    ),
    ("containerDefinitions[].mountPoints", &["containerPath"]),
    ("containerDefinitions[].volumesFrom", &["sourceContainer"]),
    ("containerDefinitions[].dependsOn", &["containerName"]),
    ("containerDefinitions[].ulimits", &["name"]),
    ("containerDefinitions[].extraHosts", &["hostname"]),
    ("containerDefinitions[].systemControls", &["namespace"]),
    ("containerDefinitions[].resourceRequirements", &["type"]),
    (
        "containerDefinitions[].logConfiguration.secretOptions",
        &["name"],
    ),
    ("volumes", &["name"]),
];

// ---- defaults ----------------------------------------------------------------------------

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

/// Its rows of the defaults table ([`crate::defaults`]), in the order they apply.
const DEFAULTS: &[FieldDefault] = &[
    // the task
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
    // containers
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
    // volumes
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
];

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

// ---- canonical forms ---------------------------------------------------------------------

/// Its canonical forms ([`crate::normalize`]), in the order they run.
const FORMS: &[Form] = &[
    Form {
        name: "task_cpu_memory_units",
        apply: task_cpu_memory_units,
    },
    Form {
        name: "container_sets",
        apply: container_sets,
    },
];

/// Task CPU and memory as AWS stores them: `"1 vCPU"` is `"1024"`, `"2 GB"` is `"2048"`.
fn task_cpu_memory_units(doc: &mut Doc, _: &Context<'_>) {
    let Some(map) = obj(doc) else { return };
    for (key, parse) in [
        (
            "cpu",
            ecsform_spec::units::cpu_units as fn(&str) -> Result<u32, String>,
        ),
        ("memory", ecsform_spec::units::memory_mib),
    ] {
        let text = match map.get(key) {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => continue,
        };
        if let Ok(n) = parse(&text) {
            map.insert(key.into(), Value::String(n.to_string()));
        }
    }
}

/// Unordered lists compare as sets: environment and secrets by name,
/// `requiresCompatibilities`, environment files, docker security options, log secret
/// options.
fn container_sets(doc: &mut Doc, _: &Context<'_>) {
    let Some(map) = obj(doc) else { return };
    sort_strings(map.get_mut("requiresCompatibilities"));
    for c in array_mut(map, "containerDefinitions") {
        let Some(c) = c.as_object_mut() else { continue };
        sort_by_key(c.get_mut("environment"), "name");
        sort_by_key(c.get_mut("secrets"), "name");
        sort_by_key(c.get_mut("environmentFiles"), "value");
        sort_strings(c.get_mut("dockerSecurityOptions"));
        if let Some(log) = c.get_mut("logConfiguration").and_then(Value::as_object_mut) {
            sort_by_key(log.get_mut("secretOptions"), "name");
        }
    }
}
