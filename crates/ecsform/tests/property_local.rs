//! Property test against the local test bed: generated VALID stacks (task definitions
//! and services of the whole shape the stack file supports) are applied, and then
//!
//! - the next plan says "No changes" (no spurious diff: a field AWS fills in, returns in
//!   another form or in another order is normalized on both sides), and
//! - the aws CLI, an independent reader, finds a few of the fields really there.
//!
//! Every generated stack must pass `ecsform validate`: the generator makes only valid
//! combinations, so a stack refused is a generator bug, reported as one.
//!
//! Modest by default (8 cases, each a stack of 1 to 3 task definitions and services);
//! more with `ECSFORM_PROPTEST_CASES=200 cargo test -p ecsform --test property_local -- --include-ignored`.
//! A failing case is shrunk (within `ECSFORM_PROPTEST_SHRINK` iterations, 24 by
//! default: each one is an apply) and printed as the stack file it wrote.
//!
//! Where moto differs from AWS, the generator leaves the field out, citing the moto
//! behaviour; the tool is not weakened for it. Not generated:
//! - `enableFaultInjection` (task definition): moto 5.2.5 does not store it, so
//!   DescribeTaskDefinition never returns it and every plan would show it as a change;
//! - `volumeConfigurations` and `vpcLatticeConfigurations` (service): ecsform reads them
//!   from the primary deployment, and moto's deployments do not carry them;
//! - an `awsvpcConfiguration` without `securityGroups` (moto's CreateService fails with
//!   a KeyError where AWS uses the VPC's default group), a container `memoryReservation`
//!   without `memory` in an EC2 task without task memory (moto refuses it; AWS does not);
//! - `gatewayConnectors` (service): it needs a gateway, which moto does not have
//!   (`monitoring`, read back from the service revision as `gatewayConnectors` is, is
//!   generated);
//! - load balancers, target groups and autoscaling (other resources than task
//!   definitions and services).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestError, TestRunner};
use serde_json::{Map, Value, json};
use support::TestBed;

// --- the generated model ---------------------------------------------------------------

/// How a task definition runs: on Fargate (`awsvpc`), or on EC2 with a network mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Platform {
    Fargate,
    Ec2Bridge,
    Ec2Host,
    Ec2Awsvpc,
}

impl Platform {
    fn fargate(self) -> bool {
        self == Self::Fargate
    }
    fn awsvpc(self) -> bool {
        matches!(self, Self::Fargate | Self::Ec2Awsvpc)
    }
    fn network_mode(self) -> &'static str {
        match self {
            Self::Fargate | Self::Ec2Awsvpc => "awsvpc",
            Self::Ec2Bridge => "bridge",
            Self::Ec2Host => "host",
        }
    }
}

/// A generated stack, before the case number makes its names unique.
#[derive(Debug, Clone)]
struct Stack {
    cluster: ClusterGen,
    apps: Vec<App>,
}

#[derive(Debug, Clone)]
struct ClusterGen {
    insights: Option<bool>,
    tags: Vec<(String, String)>,
    /// Whether the cluster offers the Fargate capacity providers (with a default
    /// strategy): services then name a launch type or a strategy of their own.
    capacity_providers: Option<Option<(Option<u8>, Option<u8>)>>,
    /// Whether the Service Connect namespace is the cluster's default.
    sc_default: bool,
}

/// A task definition and the service that runs it.
#[derive(Debug, Clone)]
struct App {
    platform: Platform,
    td: TaskDef,
    svc: Option<ServiceGen>,
}

#[derive(Debug, Clone)]
struct TaskDef {
    /// Index into the Fargate sizes, and the forms cpu and memory are written in.
    size: (usize, usize, u8, u8),
    /// EC2: task-level cpu and memory given at all.
    ec2_task_size: bool,
    extra_compat: bool,
    runtime: Option<Option<bool>>,
    ephemeral: Option<i32>,
    pid_task: bool,
    ipc: Option<&'static str>,
    roles: (bool, bool),
    /// The roles by name rather than ARN (AWS returns ARNs: the plan must not care).
    role_names: bool,
    proxy: bool,
    tags: Vec<(String, String)>,
    volumes: Vec<VolumeGen>,
    containers: Vec<ContainerGen>,
    constraint: bool,
}

#[derive(Debug, Clone)]
enum VolumeGen {
    Bind,
    Host(String),
    Docker { shared: bool, labels: bool },
    Efs { encrypted: bool, root: bool },
}

#[derive(Debug, Clone)]
struct ContainerGen {
    image: &'static str,
    essential: Option<bool>,
    cpu: Option<i32>,
    memory: (Option<i32>, Option<i32>),
    command: Option<Vec<String>>,
    entry_point: bool,
    working_directory: Option<&'static str>,
    user: Option<&'static str>,
    env: Vec<(String, String)>,
    secrets: Vec<(String, bool)>,
    ports: Vec<PortGen>,
    health: Option<HealthGen>,
    log: Option<u8>,
    ulimits: Vec<(usize, i32, i32)>,
    linux: Option<LinuxGen>,
    depends_on: Option<usize>,
    mounts: Vec<(usize, bool)>,
    volumes_from: Option<bool>,
    labels: Vec<(String, String)>,
    readonly_root: Option<bool>,
    stop_timeout: Option<i32>,
    start_timeout: Option<i32>,
    ec2_only: Ec2Only,
    extras: Extras,
}

#[derive(Debug, Clone)]
struct PortGen {
    named: Option<Option<&'static str>>,
    protocol: Option<&'static str>,
    host_port: Option<bool>,
}

#[derive(Debug, Clone)]
struct HealthGen {
    shell: bool,
    interval: Option<i32>,
    timeout: Option<i32>,
    retries: Option<i32>,
    start_period: Option<i32>,
}

#[derive(Debug, Clone)]
struct LinuxGen {
    init: Option<bool>,
    caps: (bool, bool),
    tmpfs: bool,
    shm: Option<i32>,
    swap: Option<(i32, i32)>,
    devices: bool,
}

/// Container fields generated for every platform.
#[derive(Debug, Clone)]
struct Extras {
    restart: Option<(bool, Vec<i32>, Option<i32>)>,
    version_consistency: Option<bool>,
    tty: (Option<bool>, Option<bool>),
    sysctl: bool,
    repository_credentials: bool,
    environment_files: bool,
    firelens: Option<bool>,
    gpu: bool,
}

#[derive(Debug, Clone)]
struct Ec2Only {
    link: bool,
    hostname: bool,
    privileged: Option<bool>,
    dns: bool,
    extra_hosts: bool,
    security_options: bool,
}

#[derive(Debug, Clone)]
struct ServiceGen {
    desired: i32,
    daemon: bool,
    /// No `launchType`: AWS uses EC2 for an EC2 service on a cluster without capacity
    /// providers, the cluster's default strategy for a Fargate one on a cluster with one.
    no_launch_type: bool,
    /// Fargate: `None` for `launchType: FARGATE`, else a capacity provider strategy.
    strategy: Option<(u8, Option<u8>)>,
    platform_version: Option<&'static str>,
    /// Percentages (an index), the circuit breaker (enable, rollback), alarms.
    deployment: Option<Deployment>,
    public_ip: Option<bool>,
    two_subnets: bool,
    placement: (bool, Option<usize>),
    exec: Option<bool>,
    managed_tags: Option<bool>,
    propagate: Option<&'static str>,
    grace: Option<i32>,
    tags: Vec<(String, String)>,
    service_connect: Option<ScGen>,
    extras: SvcExtras,
}

/// A deployment configuration: percentages (an index into the valid pairs), the
/// circuit breaker (enable, rollback), alarms.
type Deployment = (usize, Option<(bool, bool)>, bool);

/// More service fields.
#[derive(Debug, Clone, Default)]
struct SvcExtras {
    controller: bool,
    registry: bool,
    rolling: Option<Option<i32>>,
    distinct_instance: bool,
    /// An index into [`MONITORING`].
    monitoring: Option<usize>,
    /// `availabilityZoneRebalancing`: ENABLED (true) or DISABLED; without it AWS (and the
    /// patched test bed) reports ENABLED, AWS's choice, which the plan leaves alone.
    azr: Option<bool>,
}

/// Monitoring configurations a service may have.
const MONITORING: [&str; 3] = [
    r#"{"metricConfigurations": [{"metricNames": ["CPUUtilization"], "resolutionSeconds": 20}]}"#,
    r#"{"metricConfigurations": [{"metricNames": ["MemoryUtilization", "CPUUtilization"], "resolutionSeconds": 20}]}"#,
    r#"{"metricConfigurations": [{"metricNames": ["CPUUtilization"], "resolutionSeconds": 60}, {"metricNames": ["MemoryUtilization"], "resolutionSeconds": 20}]}"#,
];

#[derive(Debug, Clone)]
struct ScGen {
    discovery: bool,
    alias_port: u16,
    dns_name: bool,
    log: bool,
}

// --- strategies ---------------------------------------------------------------------------

const FARGATE_SIZES: [(u32, &[u32]); 5] = [
    (256, &[512, 1024, 2048]),
    (512, &[1024, 2048, 3072, 4096]),
    (1024, &[2048, 3072, 4096, 8192]),
    (2048, &[4096, 8192, 16384]),
    (4096, &[8192, 16384, 30720]),
];

const IMAGES: [&str; 4] = [
    "public.ecr.aws/docker/library/nginx:1.27",
    "public.ecr.aws/docker/library/busybox:latest",
    "123456789012.dkr.ecr.us-east-1.amazonaws.com/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
    "ghcr.io/example/worker:v2.3.1",
];

const ULIMITS: [&str; 5] = ["nofile", "nproc", "core", "memlock", "stack"];

fn tags() -> impl Strategy<Value = Vec<(String, String)>> {
    prop::collection::btree_map(
        "[a-z][a-zA-Z0-9_.:/=+@-]{0,20}",
        "[a-zA-Z0-9 _.:/=+@-]{0,24}",
        0..4,
    )
    .prop_map(|m| {
        m.into_iter()
            .filter(|(k, _)| !k.starts_with("aws"))
            .collect()
    })
}

fn env_value() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 _./:=,-]{1,30}",
        Just("true".to_owned()),
        Just("0".to_owned()),
        Just("1.50".to_owned()),
        Just("null".to_owned()),
        Just("~".to_owned()),
        Just("with: colon # and hash".to_owned()),
        Just("é日本🦀".to_owned()),
        Just("${NOT_A_VAR_ESCAPED}".to_owned()),
        Just(String::new()),
    ]
}

fn port() -> impl Strategy<Value = PortGen> {
    (
        prop::option::of(prop::option::of(prop::sample::select(vec![
            "http", "http2", "grpc",
        ]))),
        prop::option::of(prop::sample::select(vec!["tcp", "udp"])),
        prop::option::of(any::<bool>()),
    )
        .prop_map(|(named, protocol, host_port)| PortGen {
            named,
            protocol,
            host_port,
        })
}

fn health() -> impl Strategy<Value = HealthGen> {
    (
        any::<bool>(),
        prop::option::of(5i32..=300),
        prop::option::of(2i32..=60),
        prop::option::of(1i32..=10),
        prop::option::of(0i32..=300),
    )
        .prop_map(
            |(shell, interval, timeout, retries, start_period)| HealthGen {
                shell,
                interval,
                timeout,
                retries,
                start_period,
            },
        )
}

fn linux() -> impl Strategy<Value = LinuxGen> {
    (
        prop::option::of(any::<bool>()),
        (any::<bool>(), any::<bool>()),
        any::<bool>(),
        prop::option::of(1i32..=1024),
        prop::option::of((0i32..=1024, 0i32..=100)),
        any::<bool>(),
    )
        .prop_map(|(init, caps, tmpfs, shm, swap, devices)| LinuxGen {
            init,
            caps,
            tmpfs,
            shm,
            swap,
            devices,
        })
}

fn container() -> impl Strategy<Value = ContainerGen> {
    let a = (
        prop::sample::select(IMAGES.to_vec()),
        prop::option::of(any::<bool>()),
        // At most 3 containers of at most 64 CPU units and 128 MiB: within any task size.
        prop::option::of((0i32..=2).prop_map(|k| k * 32)),
        (prop::option::of(64i32..=128), prop::option::of(16i32..=48)),
        prop::option::of(prop::collection::vec("[a-z0-9 ./=-]{1,12}", 1..4)),
        any::<bool>(),
        prop::option::of(prop::sample::select(vec!["/srv", "/app", "/"])),
        prop::option::of(prop::sample::select(vec![
            "1000",
            "1000:1000",
            "nginx",
            "root",
        ])),
    );
    let b = (
        prop::collection::btree_map("[A-Z][A-Z0-9_]{0,8}", env_value(), 0..5),
        prop::collection::btree_map("S_[A-Z0-9_]{1,8}", any::<bool>(), 0..3),
        prop::collection::vec(port(), 0..3),
        prop::option::of(health()),
        prop::option::of(0u8..3),
        prop::collection::btree_map(0usize..ULIMITS.len(), (0i32..=4096, 0i32..=4096), 0..3),
        prop::option::of(linux()),
        prop::option::of(0usize..4),
    );
    let c = (
        prop::collection::btree_map(0usize..3, any::<bool>(), 0..3),
        prop::option::of(any::<bool>()),
        prop::collection::btree_map("[a-z][a-z0-9.-]{0,10}", "[a-zA-Z0-9 ._-]{0,12}", 0..3),
        prop::option::of(any::<bool>()),
        prop::option::of(2i32..=120),
        prop::option::of(2i32..=600),
        (
            any::<bool>(),
            any::<bool>(),
            prop::option::of(any::<bool>()),
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
        ),
    );
    let d = (
        prop::option::of((
            any::<bool>(),
            prop::collection::btree_set(0i32..=255, 0..3),
            prop::option::of(60i32..=1800),
        )),
        prop::option::of(any::<bool>()),
        (
            prop::option::of(any::<bool>()),
            prop::option::of(any::<bool>()),
        ),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        prop::option::of(any::<bool>()),
        any::<bool>(),
    )
        .prop_map(
            |(restart, version_consistency, tty, sysctl, creds, files, firelens, gpu)| Extras {
                restart: restart
                    .map(|(on, codes, period)| (on, codes.into_iter().collect(), period)),
                version_consistency,
                tty,
                sysctl,
                repository_credentials: creds,
                environment_files: files,
                firelens,
                gpu,
            },
        );
    (a, b, c, d).prop_map(
        |(
            (image, essential, cpu, memory, command, entry_point, working_directory, user),
            (env, secrets, ports, health, log, ulimits, linux, depends_on),
            (mounts, volumes_from, labels, readonly_root, stop_timeout, start_timeout, ec2),
            extras,
        )| ContainerGen {
            image,
            essential,
            cpu,
            memory,
            command,
            entry_point,
            working_directory,
            user,
            env: env.into_iter().collect(),
            secrets: secrets.into_iter().collect(),
            ports,
            health,
            log,
            ulimits: ulimits
                .into_iter()
                .map(|(i, (a, b))| (i, a.min(b), a.max(b)))
                .collect(),
            linux,
            depends_on,
            mounts: mounts.into_iter().collect(),
            volumes_from,
            labels: labels.into_iter().collect(),
            readonly_root,
            stop_timeout,
            start_timeout,
            ec2_only: Ec2Only {
                link: ec2.0,
                hostname: ec2.1,
                privileged: ec2.2,
                dns: ec2.3,
                extra_hosts: ec2.4,
                security_options: ec2.5,
            },
            extras,
        },
    )
}

fn volume() -> impl Strategy<Value = VolumeGen> {
    prop_oneof![
        Just(VolumeGen::Bind),
        "/srv/[a-z]{1,8}".prop_map(VolumeGen::Host),
        (any::<bool>(), any::<bool>())
            .prop_map(|(shared, labels)| VolumeGen::Docker { shared, labels }),
        (any::<bool>(), any::<bool>())
            .prop_map(|(encrypted, root)| VolumeGen::Efs { encrypted, root }),
    ]
}

fn task_def() -> impl Strategy<Value = TaskDef> {
    (
        (0usize..FARGATE_SIZES.len(), 0usize..4, 0u8..5, 0u8..5),
        any::<bool>(),
        any::<bool>(),
        prop::option::of(prop::option::of(any::<bool>())),
        prop::option::of(21i32..=200),
        any::<bool>(),
        prop::option::of(prop::sample::select(vec!["task", "none", "host"])),
        (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>()),
        tags(),
        prop::collection::vec(volume(), 0..3),
        prop::collection::vec(container(), 1..4),
        any::<bool>(),
    )
        .prop_map(
            |(
                size,
                ec2_task_size,
                extra_compat,
                runtime,
                ephemeral,
                pid_task,
                ipc,
                (roles_a, roles_b, proxy, role_names),
                tags,
                volumes,
                containers,
                constraint,
            )| TaskDef {
                size,
                ec2_task_size,
                extra_compat,
                runtime,
                ephemeral,
                pid_task,
                ipc,
                roles: (roles_a, roles_b),
                role_names,
                proxy,
                tags,
                volumes,
                containers,
                constraint,
            },
        )
}

fn service() -> impl Strategy<Value = ServiceGen> {
    (
        (
            (0i32..=3, any::<bool>()),
            any::<bool>(),
            prop::option::of((0u8..4, prop::option::of(0u8..3))),
            prop::option::of(prop::sample::select(vec!["LATEST", "1.4.0"])),
            prop::option::of((
                0usize..5,
                prop::option::of((any::<bool>(), any::<bool>())),
                any::<bool>(),
            )),
            prop::option::of(any::<bool>()),
            any::<bool>(),
        ),
        (
            (any::<bool>(), prop::option::of(0usize..4)),
            prop::option::of(any::<bool>()),
            prop::option::of(any::<bool>()),
            prop::option::of(prop::sample::select(vec![
                "SERVICE",
                "TASK_DEFINITION",
                "NONE",
            ])),
            prop::option::of(0i32..=600),
            tags(),
            prop::option::of(
                (any::<bool>(), 1024u16..=65000, any::<bool>(), any::<bool>()).prop_map(
                    |(discovery, alias_port, dns_name, log)| ScGen {
                        discovery,
                        alias_port,
                        dns_name,
                        log,
                    },
                ),
            ),
        ),
    )
        .prop_map(
            |(
                (
                    (desired, no_launch_type),
                    daemon,
                    strategy,
                    platform_version,
                    deployment,
                    public_ip,
                    two_subnets,
                ),
                (placement, exec, managed_tags, propagate, grace, tags, service_connect),
            )| ServiceGen {
                desired,
                daemon,
                no_launch_type,
                strategy,
                platform_version,
                deployment,
                public_ip,
                two_subnets,
                placement,
                exec,
                managed_tags,
                propagate,
                grace,
                tags,
                service_connect,
                extras: SvcExtras::default(),
            },
        )
        .prop_flat_map(|s| {
            (
                Just(s),
                (
                    any::<bool>(),
                    any::<bool>(),
                    prop::option::of(prop::option::of(0i32..=30)),
                    any::<bool>(),
                    prop::option::of(0..MONITORING.len()),
                    prop::option::of(any::<bool>()),
                ),
            )
        })
        .prop_map(
            |(mut s, (controller, registry, rolling, distinct_instance, monitoring, azr))| {
                s.extras = SvcExtras {
                    controller,
                    registry,
                    rolling,
                    distinct_instance,
                    monitoring,
                    azr,
                };
                s
            },
        )
}

fn platform() -> impl Strategy<Value = Platform> {
    prop_oneof![
        3 => Just(Platform::Fargate),
        1 => Just(Platform::Ec2Bridge),
        1 => Just(Platform::Ec2Host),
        1 => Just(Platform::Ec2Awsvpc),
    ]
}

fn stack() -> impl Strategy<Value = Stack> {
    let cluster = (
        prop::option::of(any::<bool>()),
        tags(),
        prop::option::of(prop::option::of((
            prop::option::of(0u8..3),
            prop::option::of(1u8..3),
        ))),
        any::<bool>(),
    )
        .prop_map(
            |(insights, tags, capacity_providers, sc_default)| ClusterGen {
                insights,
                tags,
                capacity_providers,
                sc_default,
            },
        );
    let app = (platform(), task_def(), prop::option::of(service()))
        .prop_map(|(platform, td, svc)| App { platform, td, svc });
    (cluster, prop::collection::vec(app, 1..4)).prop_map(|(cluster, apps)| Stack { cluster, apps })
}

// --- the stack file -------------------------------------------------------------------------

fn put(map: &mut Map<String, Value>, key: &str, value: Option<Value>) {
    if let Some(v) = value {
        map.insert(key.to_owned(), v);
    }
}

fn tag_list(tags: &[(String, String)]) -> Value {
    Value::Array(
        tags.iter()
            .map(|(k, v)| json!({"key": k, "value": v}))
            .collect(),
    )
}

/// Task CPU in one of its accepted forms.
fn cpu_form(units: u32, form: u8) -> Value {
    match form % 4 {
        0 => json!(units),
        1 => json!(units.to_string()),
        2 => json!(format!("{} vCPU", f64::from(units) / 1024.0)),
        _ => json!(format!("{}vcpu", f64::from(units) / 1024.0)),
    }
}

/// Task memory in one of its accepted forms.
fn memory_form(mib: u32, form: u8) -> Value {
    match form % 5 {
        0 => json!(mib),
        1 => json!(mib.to_string()),
        2 => json!(format!("{} GB", f64::from(mib) / 1024.0)),
        3 => json!(format!("{}GB", f64::from(mib) / 1024.0)),
        _ => json!(format!("{mib} MiB")),
    }
}

/// What the case's names start with: unique per case (the test bed is shared).
struct Names {
    p: String,
}

impl Names {
    fn family(&self, i: usize) -> String {
        format!("{}-td{i}", self.p)
    }
    fn service(&self, i: usize) -> String {
        format!("{}-svc{i}", self.p)
    }
    fn namespace(&self) -> String {
        format!("{}.local", self.p)
    }
}

/// A container definition, and the names of its port mappings.
fn container_json(
    c: &ContainerGen,
    ci: usize,
    ti: usize,
    platform: Platform,
    task_memory: bool,
    volumes: &[String],
    earlier: &[(String, bool)],
) -> (Value, Vec<String>) {
    let mut m = Map::new();
    let name = format!("c{ci}");
    m.insert("name".into(), json!(name));
    m.insert("image".into(), json!(c.image));
    put(
        &mut m,
        "essential",
        c.essential.map(|e| json!(e || ci == 0)),
    );
    put(&mut m, "cpu", c.cpu.map(|v| json!(v)));
    let (memory, reservation) = c.memory;
    // Without a task-level memory, AWS wants a container memory or a reservation; always
    // a memory here: moto's RegisterTaskDefinition refuses a reservation alone when the
    // task requires EC2 ("At least one of 'memory' or 'memoryReservation' must be
    // specified", moto/ecs/models.py), which AWS accepts.
    let memory = if task_memory {
        memory
    } else {
        memory.or(Some(128))
    };
    put(&mut m, "memory", memory.map(|v| json!(v)));
    put(&mut m, "memoryReservation", reservation.map(|v| json!(v)));
    put(&mut m, "command", c.command.as_ref().map(|v| json!(v)));
    if c.entry_point {
        m.insert("entryPoint".into(), json!(["/bin/sh", "-c"]));
    }
    put(
        &mut m,
        "workingDirectory",
        c.working_directory.map(|v| json!(v)),
    );
    put(&mut m, "user", c.user.map(|v| json!(v)));
    if !c.env.is_empty() {
        m.insert(
            "environment".into(),
            Value::Array(
                c.env
                    .iter()
                    // `$${` in the file is a literal `${` in the value.
                    .map(|(k, v)| json!({"name": k, "value": v.replace("${", "$${")}))
                    .collect(),
            ),
        );
    }
    if !c.secrets.is_empty() {
        let secrets: Vec<Value> = c
            .secrets
            .iter()
            .map(|(k, ssm)| {
                let from = if *ssm {
                    format!("arn:aws:ssm:us-east-1:123456789012:parameter/app/{}", k.to_lowercase())
                } else {
                    format!(
                        "arn:aws:secretsmanager:us-east-1:123456789012:secret:app/{}-AbCdEf:password::",
                        k.to_lowercase()
                    )
                };
                json!({"name": k, "valueFrom": from})
            })
            .collect();
        m.insert("secrets".into(), Value::Array(secrets));
    }
    let mut port_names = Vec::new();
    if !c.ports.is_empty() {
        let mut pms = Vec::new();
        for (pi, p) in c.ports.iter().enumerate() {
            // Unique across the task (awsvpc and host map each container port once).
            let container_port = 8000
                + 100 * u16::try_from(ti).unwrap_or(0)
                + 10 * u16::try_from(ci).unwrap_or(0)
                + u16::try_from(pi).unwrap_or(0);
            let mut pm = Map::new();
            pm.insert("containerPort".into(), json!(container_port));
            match (platform, p.host_port) {
                (Platform::Ec2Bridge, Some(true)) => {
                    pm.insert("hostPort".into(), json!(container_port + 20000));
                }
                (Platform::Ec2Bridge, Some(false)) => {
                    pm.insert("hostPort".into(), json!(0));
                }
                (_, Some(true)) => {
                    pm.insert("hostPort".into(), json!(container_port));
                }
                _ => {}
            }
            // appProtocol: only on a named TCP mapping.
            let tcp = p.protocol != Some("udp");
            put(&mut pm, "protocol", p.protocol.map(|v| json!(v)));
            if let Some(app_protocol) = p.named {
                // Unique across the stack: a Service Connect discovery name defaults to it.
                let pname = format!("t{ti}c{ci}-p{pi}");
                pm.insert("name".into(), json!(pname));
                if tcp {
                    put(&mut pm, "appProtocol", app_protocol.map(|v| json!(v)));
                    port_names.push(pname);
                }
            }
            pms.push(Value::Object(pm));
        }
        m.insert("portMappings".into(), Value::Array(pms));
    }
    if let Some(h) = &c.health {
        let command = if h.shell {
            json!(["CMD-SHELL", "curl -f http://localhost/ || exit 1"])
        } else {
            json!(["CMD", "/bin/check", "--quiet"])
        };
        let mut hm = Map::new();
        hm.insert("command".into(), command);
        put(&mut hm, "interval", h.interval.map(|v| json!(v)));
        put(&mut hm, "timeout", h.timeout.map(|v| json!(v)));
        put(&mut hm, "retries", h.retries.map(|v| json!(v)));
        put(&mut hm, "startPeriod", h.start_period.map(|v| json!(v)));
        m.insert("healthCheck".into(), Value::Object(hm));
    }
    match c.log {
        Some(0) => {
            m.insert(
                "logConfiguration".into(),
                json!({"logDriver": "awslogs", "options": {
                    "awslogs-group": format!("/ecs/c{ci}"),
                    "awslogs-region": "us-east-1",
                    "awslogs-stream-prefix": "app",
                }}),
            );
        }
        Some(1) => {
            m.insert(
                "logConfiguration".into(),
                json!({"logDriver": "splunk", "options": {"splunk-url": "https://splunk.example.com:8088"},
                       "secretOptions": [{"name": "splunk-token", "valueFrom": "arn:aws:ssm:us-east-1:123456789012:parameter/splunk"}]}),
            );
        }
        Some(_) if !platform.fargate() => {
            m.insert(
                "logConfiguration".into(),
                json!({"logDriver": "json-file", "options": {"max-size": "10m", "max-file": "3"}}),
            );
        }
        _ => {}
    }
    if !c.ulimits.is_empty() {
        m.insert(
            "ulimits".into(),
            Value::Array(
                c.ulimits
                    .iter()
                    .map(|(i, s, h)| json!({"name": ULIMITS[*i], "softLimit": s, "hardLimit": h}))
                    .collect(),
            ),
        );
    }
    if let Some(l) = &c.linux {
        let mut lm = Map::new();
        put(&mut lm, "initProcessEnabled", l.init.map(|v| json!(v)));
        let mut caps = Map::new();
        if l.caps.0 {
            // Fargate adds SYS_PTRACE only.
            let add = if platform.fargate() {
                json!(["SYS_PTRACE"])
            } else {
                json!(["SYS_PTRACE", "NET_ADMIN"])
            };
            caps.insert("add".into(), add);
        }
        if l.caps.1 {
            caps.insert("drop".into(), json!(["NET_RAW", "MKNOD"]));
        }
        if !caps.is_empty() {
            lm.insert("capabilities".into(), Value::Object(caps));
        }
        // tmpfs, /dev/shm and swap are not for Fargate.
        if !platform.fargate() {
            if l.tmpfs {
                lm.insert(
                    "tmpfs".into(),
                    json!([{"containerPath": "/scratch", "size": 64, "mountOptions": ["rw", "noexec"]}]),
                );
            }
            put(&mut lm, "sharedMemorySize", l.shm.map(|v| json!(v)));
            if let Some((max_swap, swappiness)) = l.swap {
                lm.insert("maxSwap".into(), json!(max_swap));
                lm.insert("swappiness".into(), json!(swappiness));
            }
            if l.devices {
                lm.insert(
                    "devices".into(),
                    json!([
                        {"hostPath": "/dev/fuse", "containerPath": "/dev/fuse", "permissions": ["read", "write", "mknod"]},
                        {"hostPath": "/dev/null"}
                    ]),
                );
            }
        }
        if !lm.is_empty() {
            m.insert("linuxParameters".into(), Value::Object(lm));
        }
    }
    // A dependency on an earlier container: no cycle; HEALTHY only on one with a check.
    if let Some(k) = c.depends_on
        && !earlier.is_empty()
    {
        let (dep, has_health) = &earlier[k % earlier.len()];
        let conditions = if *has_health {
            ["START", "COMPLETE", "SUCCESS", "HEALTHY"]
        } else {
            ["START", "COMPLETE", "SUCCESS", "START"]
        };
        m.insert(
            "dependsOn".into(),
            json!([{"containerName": dep, "condition": conditions[k % 4]}]),
        );
    }
    if !volumes.is_empty() && !c.mounts.is_empty() {
        let mut seen = std::collections::BTreeSet::new();
        let mounts: Vec<Value> = c
            .mounts
            .iter()
            .filter(|(i, _)| seen.insert(i % volumes.len()))
            .map(|(i, ro)| {
                let v = &volumes[i % volumes.len()];
                json!({"sourceVolume": v, "containerPath": format!("/mnt/{v}"), "readOnly": ro})
            })
            .collect();
        m.insert("mountPoints".into(), Value::Array(mounts));
    }
    if let (Some(ro), Some((dep, _))) = (c.volumes_from, earlier.first()) {
        m.insert(
            "volumesFrom".into(),
            json!([{"sourceContainer": dep, "readOnly": ro}]),
        );
    }
    if !c.labels.is_empty() {
        m.insert(
            "dockerLabels".into(),
            Value::Object(
                c.labels
                    .iter()
                    .map(|(k, v)| (k.clone(), json!(v)))
                    .collect(),
            ),
        );
    }
    put(
        &mut m,
        "readonlyRootFilesystem",
        c.readonly_root.map(|v| json!(v)),
    );
    put(&mut m, "stopTimeout", c.stop_timeout.map(|v| json!(v)));
    put(&mut m, "startTimeout", c.start_timeout.map(|v| json!(v)));
    let x = &c.extras;
    if let Some((enabled, codes, period)) = &x.restart {
        let mut r = Map::new();
        r.insert("enabled".into(), json!(enabled));
        if !codes.is_empty() {
            r.insert("ignoredExitCodes".into(), json!(codes));
        }
        put(&mut r, "restartAttemptPeriod", period.map(|v| json!(v)));
        m.insert("restartPolicy".into(), Value::Object(r));
    }
    put(
        &mut m,
        "versionConsistency",
        x.version_consistency
            .map(|on| json!(if on { "enabled" } else { "disabled" })),
    );
    put(&mut m, "interactive", x.tty.0.map(|v| json!(v)));
    put(&mut m, "pseudoTerminal", x.tty.1.map(|v| json!(v)));
    // Network sysctls need a network namespace of the task's own (not `host`).
    if x.sysctl && platform != Platform::Ec2Host {
        m.insert(
            "systemControls".into(),
            json!([{"namespace": "net.core.somaxconn", "value": "1024"}]),
        );
    }
    if x.repository_credentials {
        m.insert(
            "repositoryCredentials".into(),
            json!({"credentialsParameter": "arn:aws:secretsmanager:us-east-1:123456789012:secret:registry-AbCdEf"}),
        );
    }
    if x.environment_files {
        m.insert(
            "environmentFiles".into(),
            json!([{"value": format!("arn:aws:s3:::config-bucket/c{ci}.env"), "type": "s3"}]),
        );
    }
    // One log router per task: the first container.
    if let (Some(bit), 0) = (x.firelens, ci) {
        let mut f = Map::new();
        f.insert(
            "type".into(),
            json!(if bit { "fluentbit" } else { "fluentd" }),
        );
        if bit {
            f.insert("options".into(), json!({"enable-ecs-log-metadata": "true"}));
        }
        m.insert("firelensConfiguration".into(), Value::Object(f));
    }
    if !platform.fargate() {
        if x.gpu {
            m.insert(
                "resourceRequirements".into(),
                json!([{"type": "GPU", "value": "1"}]),
            );
        }
        let e = &c.ec2_only;
        if e.link && platform == Platform::Ec2Bridge && !earlier.is_empty() {
            m.insert(
                "links".into(),
                json!([format!("{}:{}", earlier[0].0, "peer")]),
            );
        }
        if e.hostname && !platform.awsvpc() {
            m.insert("hostname".into(), json!(format!("host-c{ci}")));
        }
        put(&mut m, "privileged", e.privileged.map(|v| json!(v)));
        if e.dns && !platform.awsvpc() {
            m.insert("dnsServers".into(), json!(["10.0.0.2"]));
            m.insert("dnsSearchDomains".into(), json!(["example.internal"]));
        }
        if e.extra_hosts && !platform.awsvpc() {
            m.insert(
                "extraHosts".into(),
                json!([{"hostname": "db.internal", "ipAddress": "10.0.0.10"}]),
            );
        }
        if e.security_options {
            m.insert(
                "dockerSecurityOptions".into(),
                json!(["no-new-privileges", "label:type:container_t"]),
            );
        }
    }
    (Value::Object(m), port_names)
}

/// A task definition, and the names of its named TCP port mappings.
fn task_definition_json(names: &Names, ti: usize, app: &App) -> (Value, Vec<String>) {
    let td = &app.td;
    let platform = app.platform;
    let mut m = Map::new();
    m.insert("family".into(), json!(names.family(ti)));
    m.insert("networkMode".into(), json!(platform.network_mode()));
    let compat = if platform.fargate() {
        if td.extra_compat {
            json!(["FARGATE", "EC2"])
        } else {
            json!(["FARGATE"])
        }
    } else {
        json!(["EC2"])
    };
    m.insert("requiresCompatibilities".into(), compat);
    let (cpu_i, mem_i, cpu_form_i, mem_form_i) = td.size;
    let (cpu, memories) = FARGATE_SIZES[cpu_i];
    let memory = memories[mem_i % memories.len()];
    if platform.fargate() || td.ec2_task_size {
        m.insert("cpu".into(), cpu_form(cpu, cpu_form_i));
        m.insert("memory".into(), memory_form(memory, mem_form_i));
    }
    if td.roles.0 {
        m.insert(
            "executionRoleArn".into(),
            if td.role_names {
                json!("ecsTaskExecutionRole")
            } else {
                json!("arn:aws:iam::${ACCOUNT_ID}:role/ecsTaskExecutionRole")
            },
        );
    }
    if td.roles.1 {
        m.insert(
            "taskRoleArn".into(),
            if td.role_names {
                json!(format!("{}-task", names.p))
            } else {
                json!(format!(
                    "arn:aws:iam::${{ACCOUNT_ID}}:role/{}-task",
                    names.p
                ))
            },
        );
    }
    if let Some(arch) = td.runtime {
        let mut rp = Map::new();
        rp.insert("operatingSystemFamily".into(), json!("LINUX"));
        put(
            &mut rp,
            "cpuArchitecture",
            arch.map(|arm| json!(if arm { "ARM64" } else { "X86_64" })),
        );
        m.insert("runtimePlatform".into(), Value::Object(rp));
    }
    if platform.fargate() {
        put(
            &mut m,
            "ephemeralStorage",
            td.ephemeral.map(|g| json!({"sizeInGiB": g})),
        );
    }
    if td.pid_task {
        m.insert("pidMode".into(), json!("task"));
    }
    // ipcMode: not on Fargate.
    if !platform.fargate() {
        put(&mut m, "ipcMode", td.ipc.map(|v| json!(v)));
    }
    if !platform.fargate() && td.constraint {
        m.insert(
            "placementConstraints".into(),
            json!([{"type": "memberOf", "expression": "attribute:ecs.instance-type =~ t3.*"}]),
        );
    }
    // Volumes: on Fargate, bind mounts and EFS only; docker volumes on EC2.
    let mut volume_names = Vec::new();
    let mut volumes = Vec::new();
    for (vi, v) in td.volumes.iter().enumerate() {
        let name = format!("v{vi}");
        let body = match v {
            VolumeGen::Bind => json!({"name": name}),
            VolumeGen::Host(path) if !platform.fargate() => {
                json!({"name": name, "host": {"sourcePath": path}})
            }
            VolumeGen::Docker { shared, labels } if !platform.fargate() => {
                let mut d = Map::new();
                if *shared {
                    d.insert("scope".into(), json!("shared"));
                    d.insert("autoprovision".into(), json!(true));
                } else {
                    d.insert("scope".into(), json!("task"));
                }
                d.insert("driver".into(), json!("local"));
                if *labels {
                    d.insert("labels".into(), json!({"team": "platform"}));
                    d.insert(
                        "driverOpts".into(),
                        json!({"type": "tmpfs", "device": "tmpfs"}),
                    );
                }
                json!({"name": name, "dockerVolumeConfiguration": d})
            }
            VolumeGen::Efs { encrypted, root } => {
                let mut e = Map::new();
                e.insert("fileSystemId".into(), json!("fs-0123456789abcdef0"));
                if *root {
                    e.insert("rootDirectory".into(), json!("/data"));
                }
                if *encrypted {
                    e.insert("transitEncryption".into(), json!("ENABLED"));
                    e.insert("transitEncryptionPort".into(), json!(2049));
                    e.insert(
                        "authorizationConfig".into(),
                        json!({"accessPointId": "fsap-0123456789abcdef0", "iam": "ENABLED"}),
                    );
                    e.remove("rootDirectory");
                }
                json!({"name": name, "efsVolumeConfiguration": e})
            }
            _ => json!({"name": name}),
        };
        volume_names.push(name);
        volumes.push(body);
    }
    let mut containers = Vec::new();
    let mut earlier: Vec<(String, bool)> = Vec::new();
    let mut port_names = Vec::new();
    for (ci, c) in td.containers.iter().enumerate() {
        let (body, ports) = container_json(
            c,
            ci,
            ti,
            platform,
            platform.fargate() || td.ec2_task_size,
            &volume_names,
            &earlier,
        );
        earlier.push((format!("c{ci}"), c.health.is_some()));
        containers.push(body);
        port_names.extend(ports);
    }
    m.insert("containerDefinitions".into(), Value::Array(containers));
    // An App Mesh proxy (awsvpc only), naming a container of the task.
    if td.proxy && platform.awsvpc() {
        m.insert(
            "proxyConfiguration".into(),
            json!({"type": "APPMESH", "containerName": "c0", "properties": [
                {"name": "IgnoredUID", "value": "1337"},
                {"name": "ProxyIngressPort", "value": "15000"},
                {"name": "ProxyEgressPort", "value": "15001"},
                {"name": "AppPorts", "value": "8000"},
                {"name": "EgressIgnoredIPs", "value": "169.254.170.2,169.254.169.254"}
            ]}),
        );
    }
    if !volumes.is_empty() {
        m.insert("volumes".into(), Value::Array(volumes));
    }
    if !td.tags.is_empty() {
        m.insert("tags".into(), tag_list(&td.tags));
    }
    (Value::Object(m), port_names)
}

fn service_json(
    names: &Names,
    ti: usize,
    app: &App,
    s: &ServiceGen,
    port_names: &[String],
    cluster: &ClusterGen,
) -> Value {
    let platform = app.platform;
    let mut m = Map::new();
    m.insert("serviceName".into(), json!(names.service(ti)));
    m.insert("taskDefinition".into(), json!(names.family(ti)));
    // DAEMON: EC2 only, no desiredCount, no placement strategy.
    let daemon = s.daemon && !platform.fargate();
    if daemon {
        m.insert("schedulingStrategy".into(), json!("DAEMON"));
    } else {
        m.insert("desiredCount".into(), json!(s.desired));
    }
    // A service names its launch type or capacity provider strategy, or leaves it to
    // AWS: a Fargate one on a cluster with a default strategy runs on that strategy, an
    // EC2 one on a cluster without capacity providers on the EC2 launch type.
    let fargate_strategy = platform.fargate() && cluster.capacity_providers.is_some();
    let cluster_default = matches!(cluster.capacity_providers, Some(Some(_)));
    match (platform.fargate(), s.strategy) {
        (true, Some((first, base))) if fargate_strategy => {
            let mut items =
                vec![json!({"capacityProvider": "FARGATE", "weight": i32::from(first % 3) + 1})];
            if first % 2 == 1 {
                let mut spot = Map::new();
                spot.insert("capacityProvider".into(), json!("FARGATE_SPOT"));
                if first > 1 {
                    spot.insert("weight".into(), json!(first));
                }
                put(&mut spot, "base", base.map(|b| json!(b)));
                items.push(Value::Object(spot));
            }
            m.insert("capacityProviderStrategy".into(), Value::Array(items));
        }
        (true, _) if s.no_launch_type && cluster_default => {}
        (true, _) => {
            m.insert("launchType".into(), json!("FARGATE"));
        }
        (false, _) => {
            if !(s.no_launch_type && cluster.capacity_providers.is_none()) {
                m.insert("launchType".into(), json!("EC2"));
            }
        }
    }
    if platform.fargate() {
        put(
            &mut m,
            "platformVersion",
            s.platform_version.map(|v| json!(v)),
        );
    }
    if let Some((pick, breaker, alarms)) = s.deployment {
        let (max, min) = if daemon {
            [(100, 0), (100, 50)][pick % 2]
        } else {
            [(200, 100), (150, 50), (100, 0), (300, 100), (200, 0)][pick]
        };
        let mut dc = Map::new();
        dc.insert("maximumPercent".into(), json!(max));
        dc.insert("minimumHealthyPercent".into(), json!(min));
        if let Some((enable, rollback)) = breaker {
            dc.insert(
                "deploymentCircuitBreaker".into(),
                json!({"enable": enable, "rollback": rollback && enable}),
            );
        }
        if let Some(bake) = s.extras.rolling {
            dc.insert("strategy".into(), json!("ROLLING"));
            put(&mut dc, "bakeTimeInMinutes", bake.map(|v| json!(v)));
        }
        if alarms {
            dc.insert(
                "alarms".into(),
                json!({"alarmNames": [format!("{}-5xx", names.p)], "enable": true, "rollback": true}),
            );
        }
        m.insert("deploymentConfiguration".into(), Value::Object(dc));
    }
    if platform.awsvpc() {
        let subnets = if s.two_subnets {
            json!(["${PRIVATE_SUBNET2}", "${PRIVATE_SUBNET1}"])
        } else {
            json!(["${PRIVATE_SUBNET1}"])
        };
        // Always security groups: moto's CreateService fails with a KeyError
        // ('securityGroups', an HTTP 500) on an awsvpcConfiguration without them, where
        // AWS uses the VPC's default security group.
        let mut vpc = Map::new();
        vpc.insert("subnets".into(), subnets);
        vpc.insert("securityGroups".into(), json!(["${UI_SG_ID}"]));
        put(
            &mut vpc,
            "assignPublicIp",
            s.public_ip
                .map(|p| json!(if p { "ENABLED" } else { "DISABLED" })),
        );
        m.insert(
            "networkConfiguration".into(),
            json!({"awsvpcConfiguration": vpc}),
        );
    }
    if s.extras.controller {
        m.insert("deploymentController".into(), json!({"type": "ECS"}));
    }
    // A Cloud Map registry of the service's tasks (awsvpc: no container port needed).
    if s.extras.registry && platform.awsvpc() {
        m.insert(
            "serviceRegistries".into(),
            json!([{"registryArn": format!("arn:aws:servicediscovery:us-east-1:123456789012:service/srv-{ti}{}", names.p.replace('-', ""))}]),
        );
    }
    if !platform.fargate() {
        let mut constraints = Vec::new();
        if s.placement.0 {
            constraints
                .push(json!({"type": "memberOf", "expression": "attribute:ecs.os-type == linux"}));
        }
        if s.extras.distinct_instance {
            constraints.push(json!({"type": "distinctInstance"}));
        }
        if !constraints.is_empty() {
            m.insert("placementConstraints".into(), Value::Array(constraints));
        }
        if let Some(k) = s.placement.1
            && !daemon
        {
            let strategies = [
                json!([{"type": "spread", "field": "attribute:ecs.availability-zone"}]),
                json!([{"type": "binpack", "field": "memory"}]),
                json!([{"type": "spread", "field": "instanceId"}, {"type": "binpack", "field": "cpu"}]),
                // `host` is `instanceId` to ECS (PlacementStrategy), which returns the latter.
                json!([{"type": "spread", "field": "host"}]),
            ];
            m.insert("placementStrategy".into(), strategies[k].clone());
        }
    }
    if let Some(i) = s.extras.monitoring {
        m.insert(
            "monitoring".into(),
            serde_json::from_str(MONITORING[i]).unwrap(),
        );
    }
    put(
        &mut m,
        "availabilityZoneRebalancing",
        s.extras
            .azr
            .map(|e| json!(if e { "ENABLED" } else { "DISABLED" })),
    );
    put(&mut m, "enableExecuteCommand", s.exec.map(|v| json!(v)));
    put(
        &mut m,
        "enableECSManagedTags",
        s.managed_tags.map(|v| json!(v)),
    );
    put(&mut m, "propagateTags", s.propagate.map(|v| json!(v)));
    put(
        &mut m,
        "healthCheckGracePeriodSeconds",
        s.grace.map(|v| json!(v)),
    );
    if !s.tags.is_empty() {
        m.insert("tags".into(), tag_list(&s.tags));
    }
    // Service Connect: an awsvpc REPLICA service offering its first named port.
    if let (Some(sc), Some(port_name), true, false) = (
        &s.service_connect,
        port_names.first(),
        platform.awsvpc(),
        daemon,
    ) {
        let mut svc = Map::new();
        svc.insert("portName".into(), json!(port_name));
        let discovery = format!("{}-{ti}", names.p);
        if sc.discovery {
            svc.insert("discoveryName".into(), json!(discovery));
        }
        let mut alias = Map::new();
        alias.insert("port".into(), json!(sc.alias_port));
        if sc.dns_name {
            alias.insert(
                "dnsName".into(),
                json!(format!("api-{ti}.{}", names.namespace())),
            );
        }
        svc.insert("clientAliases".into(), json!([alias]));
        let mut scm = Map::new();
        scm.insert("enabled".into(), json!(true));
        if !cluster.sc_default {
            scm.insert("namespace".into(), json!(names.namespace()));
        }
        scm.insert("services".into(), json!([svc]));
        if sc.log {
            scm.insert(
                "logConfiguration".into(),
                json!({"logDriver": "awslogs", "options": {
                    "awslogs-group": "/ecs/service-connect",
                    "awslogs-region": "us-east-1",
                    "awslogs-stream-prefix": "proxy",
                }}),
            );
        }
        m.insert("serviceConnectConfiguration".into(), Value::Object(scm));
    }
    Value::Object(m)
}

/// Whether an app's service uses Service Connect (as [`service_json`] decides).
fn uses_service_connect(app: &App, port_names: &[String]) -> bool {
    app.svc.as_ref().is_some_and(|s| {
        s.service_connect.is_some()
            && !port_names.is_empty()
            && app.platform.awsvpc()
            && (!s.daemon || app.platform.fargate())
    })
}

/// The stack file's document.
fn stack_json(names: &Names, stack: &Stack) -> Value {
    let mut tds = Vec::new();
    let mut services = Vec::new();
    let mut sc = false;
    for (ti, app) in stack.apps.iter().enumerate() {
        let (td, ports) = task_definition_json(names, ti, app);
        tds.push(td);
        sc |= uses_service_connect(app, &ports);
        if let Some(s) = &app.svc {
            services.push(service_json(names, ti, app, s, &ports, &stack.cluster));
        }
    }
    let c = &stack.cluster;
    let mut cluster = Map::new();
    cluster.insert("clusterName".into(), json!(names.p));
    if let Some(on) = c.insights {
        cluster.insert(
            "settings".into(),
            json!([{"name": "containerInsights", "value": if on { "enabled" } else { "disabled" }}]),
        );
    }
    if let Some(strategy) = c.capacity_providers {
        cluster.insert(
            "capacityProviders".into(),
            json!(["FARGATE", "FARGATE_SPOT"]),
        );
        if let Some((base, weight)) = strategy {
            let mut item = Map::new();
            item.insert("capacityProvider".into(), json!("FARGATE"));
            put(&mut item, "base", base.map(|v| json!(v)));
            put(&mut item, "weight", weight.map(|v| json!(v)));
            cluster.insert("defaultCapacityProviderStrategy".into(), json!([item]));
        }
    }
    if sc && c.sc_default {
        cluster.insert(
            "serviceConnectDefaults".into(),
            json!({"namespace": names.namespace()}),
        );
    }
    if !c.tags.is_empty() {
        cluster.insert("tags".into(), tag_list(&c.tags));
    }
    let mut doc = Map::new();
    doc.insert("stack".into(), json!(names.p));
    doc.insert("region".into(), json!("${AWS_REGION}"));
    doc.insert("cluster".into(), Value::Object(cluster));
    if sc {
        doc.insert(
            "namespaces".into(),
            json!([{"name": names.namespace(), "type": "HTTP", "description": "generated"}]),
        );
    }
    doc.insert("taskDefinitions".into(), Value::Array(tds));
    if !services.is_empty() {
        doc.insert("services".into(), Value::Array(services));
    }
    Value::Object(doc)
}

fn stack_yaml(names: &Names, stack: &Stack) -> String {
    let doc = stack_json(names, stack);
    let yaml = serde_saphyr::to_string(&doc).unwrap();
    format!(
        "# Generated by crates/ecsform/tests/property_local.rs\n# yaml-language-server: $schema=../../schemas/ecsform.schema.json\n{yaml}"
    )
}

// --- running a case -------------------------------------------------------------------------

fn env_number(name: &str, default: u32) -> u32 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

struct CaseDir(PathBuf);

impl CaseDir {
    fn new(tag: &str) -> Self {
        let dir =
            std::env::temp_dir().join(format!("ecsform-property-{}-{tag}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }
    fn path(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for CaseDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn fail(what: &str, yaml: &str, detail: &str) -> TestCaseError {
    TestCaseError::fail(format!(
        "{what}\n--- the stack file ---\n{yaml}\n--- detail ---\n{detail}"
    ))
}

/// One case: validate, apply, plan again (no changes), and read back with the aws CLI.
fn run_case(bed: &TestBed, n: usize, stack: &Stack) -> Result<(), TestCaseError> {
    let names = Names {
        p: format!("prop{}-{n}", std::process::id() % 10_000),
    };
    let yaml = stack_yaml(&names, stack);
    let dir = CaseDir::new(&n.to_string());
    std::fs::write(dir.0.join("stack.yaml"), &yaml).unwrap();

    let out = bed.ecsform(&["validate", "-f", dir.path(), "--strict"]);
    if !out.status.success() {
        return Err(fail(
            "the generator made a stack `ecsform validate --strict` refuses (a generator bug)",
            &yaml,
            &String::from_utf8_lossy(&out.stderr),
        ));
    }

    let out = bed.ecsform(&[
        "apply",
        "-f",
        dir.path(),
        "--auto-approve",
        "--poll-interval",
        "1",
    ]);
    if !out.status.success() {
        return Err(fail(
            "apply failed",
            &yaml,
            &format!(
                "{}\n{}",
                String::from_utf8_lossy(&out.stderr),
                bed.emulator_log_tail()
            ),
        ));
    }

    let out = bed.ecsform(&["plan", "-f", dir.path(), "--detailed-exitcode"]);
    if out.status.code() != Some(0) {
        return Err(fail(
            "the plan after apply is not empty (a spurious diff)",
            &yaml,
            &format!(
                "exit {:?}\n{}\n{}",
                out.status.code(),
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ),
        ));
    }

    read_back(bed, &names, stack, &yaml)
}

/// A few fields, read with the aws CLI: the first task definition and the first service.
fn read_back(bed: &TestBed, names: &Names, stack: &Stack, yaml: &str) -> Result<(), TestCaseError> {
    let doc = stack_json(names, stack);
    let td_file = &doc["taskDefinitions"][0];
    let family = td_file["family"].as_str().unwrap();
    let live = bed.aws(&[
        "ecs",
        "describe-task-definition",
        "--task-definition",
        family,
        "--include",
        "TAGS",
    ]);
    let td = &live["taskDefinition"];
    let check = |ok: bool, what: &str| {
        if ok {
            Ok(())
        } else {
            Err(fail(
                &format!("read back: {what}"),
                yaml,
                &serde_json::to_string_pretty(&live).unwrap_or_default(),
            ))
        }
    };
    check(td["family"] == family, "family")?;
    check(td["networkMode"] == td_file["networkMode"], "networkMode")?;
    // Task size in units, whatever form the file used.
    let app = &stack.apps[0];
    if app.platform.fargate() || app.td.ec2_task_size {
        let (cpu_i, mem_i, _, _) = app.td.size;
        let (cpu, mems) = FARGATE_SIZES[cpu_i];
        check(td["cpu"] == json!(cpu.to_string()), "cpu in units")?;
        check(
            td["memory"] == json!(mems[mem_i % mems.len()].to_string()),
            "memory in MiB",
        )?;
    }
    let containers = td["containerDefinitions"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    for (ci, c_file) in td_file["containerDefinitions"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
    {
        let Some(c) = containers.iter().find(|c| c["name"] == c_file["name"]) else {
            return check(false, &format!("container c{ci}"));
        };
        check(c["image"] == c_file["image"], "image")?;
        for e in c_file["environment"].as_array().into_iter().flatten() {
            let value = e["value"].as_str().unwrap_or_default().replace("$${", "${");
            let found = c["environment"].as_array().is_some_and(|l| {
                l.iter()
                    .any(|x| x["name"] == e["name"] && x["value"] == value.as_str())
            });
            check(found, &format!("environment {}", e["name"]))?;
        }
        for s in c_file["secrets"].as_array().into_iter().flatten() {
            let found = c["secrets"].as_array().is_some_and(|l| l.contains(s));
            check(found, &format!("secret {}", s["name"]))?;
        }
        for (pi, p) in c_file["portMappings"]
            .as_array()
            .into_iter()
            .flatten()
            .enumerate()
        {
            let live_p = &c["portMappings"][pi];
            check(
                live_p["containerPort"] == p["containerPort"],
                "containerPort",
            )?;
            if let Some(name) = p.get("name") {
                check(&live_p["name"] == name, "port mapping name")?;
            }
            if let Some(ap) = p.get("appProtocol") {
                check(&live_p["appProtocol"] == ap, "appProtocol")?;
            }
        }
        if let Some(h) = c_file.get("healthCheck") {
            check(
                c["healthCheck"]["command"] == h["command"],
                "healthCheck command",
            )?;
        }
        if let Some(l) = c_file.get("logConfiguration") {
            check(
                c["logConfiguration"]["logDriver"] == l["logDriver"],
                "log driver",
            )?;
        }
    }
    for t in td_file["tags"].as_array().into_iter().flatten() {
        let found = live["tags"].as_array().is_some_and(|l| l.contains(t));
        check(found, &format!("task definition tag {}", t["key"]))?;
    }

    let Some(svc_file) = doc["services"].as_array().and_then(|s| s.first()) else {
        return Ok(());
    };
    let name = svc_file["serviceName"].as_str().unwrap();
    let live = bed.aws(&[
        "ecs",
        "describe-services",
        "--cluster",
        &names.p,
        "--services",
        name,
        "--include",
        "TAGS",
    ]);
    let svc = &live["services"][0];
    let check = |ok: bool, what: &str| {
        if ok {
            Ok(())
        } else {
            Err(fail(
                &format!("read back: {what}"),
                yaml,
                &serde_json::to_string_pretty(&live).unwrap_or_default(),
            ))
        }
    };
    check(svc["status"] == "ACTIVE", "status ACTIVE")?;
    check(
        svc["taskDefinition"].as_str().is_some_and(|a| {
            a.contains(&format!(
                "task-definition/{}:",
                svc_file["taskDefinition"].as_str().unwrap()
            ))
        }),
        "taskDefinition",
    )?;
    if let Some(d) = svc_file.get("desiredCount") {
        check(&svc["desiredCount"] == d, "desiredCount")?;
    }
    if let Some(lt) = svc_file.get("launchType") {
        check(&svc["launchType"] == lt, "launchType")?;
    }
    if let Some(s) = svc_file.get("capacityProviderStrategy") {
        let live_s = svc["capacityProviderStrategy"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        check(
            live_s.len() == s.as_array().unwrap().len(),
            "capacityProviderStrategy",
        )?;
    }
    for key in [
        "enableExecuteCommand",
        "propagateTags",
        "enableECSManagedTags",
        "healthCheckGracePeriodSeconds",
        "schedulingStrategy",
    ] {
        if let Some(v) = svc_file.get(key) {
            check(&svc[key] == v, key)?;
        }
    }
    if let Some(dc) = svc_file.get("deploymentConfiguration") {
        for key in ["maximumPercent", "minimumHealthyPercent"] {
            check(svc["deploymentConfiguration"][key] == dc[key], key)?;
        }
    }
    if svc_file.get("serviceConnectConfiguration").is_some() {
        let sc = &svc["deployments"][0]["serviceConnectConfiguration"];
        check(sc["enabled"] == true, "Service Connect enabled")?;
    }
    for t in svc_file["tags"].as_array().into_iter().flatten() {
        let found = svc["tags"].as_array().is_some_and(|l| l.contains(t));
        check(found, &format!("service tag {}", t["key"]))?;
    }
    Ok(())
}

#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn generated_stacks_apply_and_the_next_plan_is_empty() {
    let bed = TestBed::start();
    let config = Config {
        cases: env_number("ECSFORM_PROPTEST_CASES", 8),
        max_shrink_iters: env_number("ECSFORM_PROPTEST_SHRINK", 24),
        failure_persistence: None,
        ..Config::default()
    };
    let mut runner = TestRunner::new(config);
    let counter = AtomicUsize::new(0);
    let result = runner.run(&stack(), |s| {
        let n = counter.fetch_add(1, Ordering::SeqCst);
        run_case(&bed, n, &s)
    });
    match result {
        Ok(()) => {}
        Err(TestError::Fail(why, stack)) => panic!(
            "a generated stack failed (shrunk):\n{why}\n--- the generated model ---\n{stack:#?}"
        ),
        Err(e) => panic!("{e}"),
    }
}

/// The generator alone, without the test bed: every stack it makes loads without a
/// problem (quick to run while changing the generator).
#[test]
fn generated_stacks_are_valid() {
    let vars = {
        let text = std::fs::read_to_string(support::root().join("examples/example.env")).unwrap();
        ecsform_spec::Vars::isolated(ecsform_spec::var_file::parse("example.env", &text).unwrap())
    };
    let mut runner = TestRunner::new(Config {
        cases: env_number("ECSFORM_PROPTEST_CASES", 8).max(64),
        failure_persistence: None,
        ..Config::default()
    });
    let result = runner.run(&stack(), |s| {
        let yaml = stack_yaml(&Names { p: "gen-0".into() }, &s);
        let loaded = ecsform_spec::load_bytes(
            vec![("stack.yaml".into(), yaml.clone().into_bytes())],
            &vars,
        );
        prop_assert!(
            loaded.problems.is_empty() && loaded.stack.is_some(),
            "{yaml}\n{:#?}",
            loaded.problems
        );
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}
