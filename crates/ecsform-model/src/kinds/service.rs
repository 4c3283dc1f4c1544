//! An ECS service (`service.<name>`).

use serde_json::{Value, json};

use super::{AnchorGroup, Form, KindRules, Ref, str_at};
use crate::Kind::Service;
use crate::defaults::{
    FieldDefault, Site, aws, aws_when, ecs, none, reset, reset_always, reset_always_when,
    reset_when, service_linked,
};
use crate::desired::task_definition_family;
use crate::normalize::{Context, array_mut, obj, sort_strings};
use crate::{Address, Doc, Kind};

/// Everything the model and the plan know about a service.
pub static RULES: KindRules = KindRules {
    defaults: DEFAULTS,
    forms: FORMS,
    whole: WHOLE,
    roles: ROLES,
    list_keys: LIST_KEYS,
    ownership,
    equate,
    stamp_anchor: Some(AnchorGroup::Ecs),
    import_keeps: IMPORT_KEEPS,
    references,
    replaced_by: REPLACED_BY,
    ..KindRules::NONE
};

/// What `ecsform import` writes even at AWS's default: the service's name and task
/// definition; its launch type (EC2 when neither it nor a strategy is given, but only on
/// a cluster without a default capacity provider strategy: an imported service keeps
/// what it runs on); its desired count (a DAEMON service's is the scheduler's and is
/// left out all the same).
const IMPORT_KEEPS: &[&str] = &[
    "serviceName",
    "taskDefinition",
    "launchType",
    "desiredCount",
];

/// Mappings of data, compared whole: Service Connect's log options and a lifecycle
/// hook's details (the user's keys).
const WHOLE: &[&str] = &[
    "serviceConnectConfiguration.logConfiguration.options",
    "deploymentConfiguration.lifecycleHooks[].hookDetails",
];

/// The paths of IAM roles, which AWS takes by name or ARN.
const ROLES: &[&str] = &[
    "role",
    "loadBalancers[].advancedConfiguration.roleArn",
    "volumeConfigurations[].managedEBSVolume.roleArn",
    "vpcLatticeConfigurations[].roleArn",
    "deploymentConfiguration.lifecycleHooks[].roleArn",
    "serviceConnectConfiguration.services[].tls.roleArn",
];

/// Lists matched by a member:
/// [ServiceConnectService](https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceConnectService.html)
/// by `portName`; [CapacityProviderStrategyItem](https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CapacityProviderStrategyItem.html)
/// by `capacityProvider`; a service's
/// [LoadBalancer](https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_LoadBalancer.html)
/// by its target group (a name in the canonical form).
const LIST_KEYS: &[(&str, &[&str])] = &[
    ("serviceConnectConfiguration.services", &["portName"]),
    ("capacityProviderStrategy", &["capacityProvider"]),
    ("loadBalancers", &["targetGroup", "loadBalancerName"]),
];

/// The top-level fields a change to which replaces the service: UpdateService takes no
/// launch type, scheduling strategy or role (ECS API reference, UpdateService), and the
/// deployment controller is replaced as CloudFormation replaces it
/// (`AWS::ECS::Service` `DeploymentController`: "Update requires: Replacement").
const REPLACED_BY: &[&str] = &[
    "launchType",
    "schedulingStrategy",
    "role",
    "deploymentController",
];

/// The stack's cluster, its task definition, its Service Connect namespace, and its
/// target groups with the listeners and rules that attach them.
fn references(_: &Address, doc: &Doc) -> Vec<Ref> {
    let mut refs = vec![Ref::Every(Kind::Cluster)];
    if let Some(td) = doc.get("taskDefinition").and_then(Value::as_str) {
        refs.push(Ref::To(Address::new(
            Kind::TaskDefinition,
            task_definition_family(td),
        )));
    }
    if let Some(ns) = str_at(doc, "/serviceConnectConfiguration/namespace") {
        refs.push(Ref::To(Address::new(Kind::Namespace, ns)));
    }
    refs.extend(
        doc.get("loadBalancers")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|l| l.get("targetGroup").and_then(Value::as_str))
            .map(|tg| Ref::AttachedTargetGroup(tg.to_owned())),
    );
    refs
}

// ---- comparison --------------------------------------------------------------------------

/// Field ownership: an autoscaled service's `desiredCount` belongs to the autoscaler
/// (set on create, never compared after); a DAEMON service has none.
fn ownership(doc: &mut Doc, ctx: &Context<'_>) {
    let Some(map) = doc.as_object_mut() else {
        return;
    };
    let name = map
        .get("serviceName")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let daemon = map.get("schedulingStrategy").and_then(Value::as_str) == Some("DAEMON");
    if daemon || ctx.autoscaled.contains(name) {
        map.remove("desiredCount");
    }
}

/// Where live names the same thing as the file in another way: a task definition by
/// the revision its family resolved to, a target group CodeDeploy switched to.
fn equate(live: &mut Value, desired: &Value) {
    equate_task_definition(live, desired);
    code_deploy_target_groups(live, desired);
}

/// A task definition named by family alone (a family outside the stack, without a
/// revision: "the latest ACTIVE revision is used", ECS API reference, CreateService)
/// runs whatever revision of that family AWS resolved it to. The stack's own families
/// are pinned to a revision by the plan before this.
fn equate_task_definition(live: &mut Value, desired: &Value) {
    let (Some(Value::String(l)), Some(Value::String(d))) = (
        live.get("taskDefinition").cloned(),
        desired.get("taskDefinition"),
    ) else {
        return;
    };
    let family = |s: &str| task_definition_family(s).to_owned();
    if crate::desired::task_definition_revision(d).is_none()
        && family(&l) == family(d)
        && let Some(m) = live.as_object_mut()
    {
        m.insert("taskDefinition".into(), Value::String(d.clone()));
    }
}

/// Under the `CODE_DEPLOY` deployment controller, each blue/green deployment moves the
/// service to the other target group of its deployment group, and DescribeServices then
/// names that one (kayac/ecspresso#936, hashicorp/terraform-provider-aws#7001); which of
/// the two is live is CodeDeploy's, and UpdateService cannot change it anyway.
fn code_deploy_target_groups(live: &mut Value, desired: &Value) {
    let controller = live
        .pointer("/deploymentController/type")
        .and_then(Value::as_str);
    if controller != Some("CODE_DEPLOY") {
        return;
    }
    let (Some(Value::Array(l)), Some(Value::Array(d))) =
        (live.get_mut("loadBalancers"), desired.get("loadBalancers"))
    else {
        return;
    };
    for (l, d) in l.iter_mut().zip(d) {
        let (Some(l), Some(d)) = (l.as_object_mut(), d.as_object()) else {
            continue;
        };
        l.remove("targetGroup");
        l.remove("targetGroupArn");
        for k in ["targetGroup", "targetGroupArn"] {
            if let Some(v) = d.get(k) {
                l.insert(k.to_owned(), v.clone());
            }
        }
    }
}

/// The top-level service fields UpdateService can change under a deployment controller
/// other than `ECS` (ECS API reference, UpdateService): for `CODE_DEPLOY`, "only the
/// desired count, deployment configuration, health check grace period, task placement
/// constraints and strategies, enable ECS managed tags option, and propagate tags" (the
/// rest takes a CodeDeploy deployment); for `EXTERNAL`, the same without the deployment
/// configuration (the rest takes a new task set). Tags change through TagResource.
/// `None` for the `ECS` controller, which can change them all.
#[must_use]
pub fn updatable_under_controller(controller: &str) -> Option<&'static [&'static str]> {
    const CODE_DEPLOY: &[&str] = &[
        "desiredCount",
        "deploymentConfiguration",
        "healthCheckGracePeriodSeconds",
        "placementConstraints",
        "placementStrategy",
        "enableECSManagedTags",
        "propagateTags",
        "tags",
    ];
    const EXTERNAL: &[&str] = &[
        "desiredCount",
        "healthCheckGracePeriodSeconds",
        "placementConstraints",
        "placementStrategy",
        "enableECSManagedTags",
        "propagateTags",
        "tags",
    ];
    match controller {
        "CODE_DEPLOY" => Some(CODE_DEPLOY),
        "EXTERNAL" => Some(EXTERNAL),
        _ => None,
    }
}

// ---- defaults ----------------------------------------------------------------------------

const CS: &str = ecs!("API_CreateService.html");
const US: &str = ecs!("API_UpdateService.html");
const DCONF: &str = ecs!("API_DeploymentConfiguration.html");

/// Its rows of the defaults table ([`crate::defaults`]), in the order they apply.
const DEFAULTS: &[FieldDefault] = &[
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
];

/// "If your account has already created the Amazon ECS service-linked role, that role is
/// used for your service unless you specify a role here" (CreateService, `role`).
fn ecs_service_linked_role(site: &Site<'_>) -> Option<Value> {
    service_linked(
        site,
        "role",
        "aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS",
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

// ---- canonical forms ---------------------------------------------------------------------

/// Its canonical forms ([`crate::normalize`]), in the order they run.
const FORMS: &[Form] = &[
    Form {
        name: "placement_strategy_fields",
        apply: placement_strategy_fields,
    },
    Form {
        name: "monitoring_sets",
        apply: monitoring_sets,
    },
    Form {
        name: "awsvpc_sets",
        apply: awsvpc_sets,
    },
    Form {
        name: "service_connect_names",
        apply: service_connect_names,
    },
    Form {
        name: "task_definition_reference",
        apply: task_definition_reference,
    },
    Form {
        name: "target_group_names",
        apply: target_group_names,
    },
];

/// Placement strategy fields as ECS returns them: `spread` by `host` is `instanceId`
/// ("instanceId (or host, which has the same effect)"), `binpack` by `cpu`/`memory` in
/// capitals (ECS API reference, PlacementStrategy; the Terraform AWS provider suppresses
/// both differences the same way).
fn placement_strategy_fields(doc: &mut Doc, _: &Context<'_>) {
    let Some(map) = obj(doc) else { return };
    for s in array_mut(map, "placementStrategy") {
        let Some(s) = s.as_object_mut() else { continue };
        let kind = s.get("type").and_then(Value::as_str).map(str::to_owned);
        let Some(Value::String(field)) = s.get_mut("field") else {
            continue;
        };
        match kind.as_deref() {
            Some("spread") if field.eq_ignore_ascii_case("host") => *field = "instanceId".into(),
            Some("spread") if field.eq_ignore_ascii_case("instanceid") => {
                *field = "instanceId".into();
            }
            Some("binpack") => *field = field.to_ascii_uppercase(),
            _ => {}
        }
    }
}

/// A service's monitoring: metric configurations and their metric names are sets.
fn monitoring_sets(doc: &mut Doc, _: &Context<'_>) {
    let Some(configs) = doc
        .pointer_mut("/monitoring/metricConfigurations")
        .and_then(Value::as_array_mut)
    else {
        return;
    };
    for c in configs.iter_mut() {
        if let Some(c) = c.as_object_mut() {
            sort_strings(c.get_mut("metricNames"));
        }
    }
    configs.sort_by_key(Value::to_string);
}

/// Subnets and security groups are sets.
fn awsvpc_sets(doc: &mut Doc, _: &Context<'_>) {
    let Some(vpc) = doc
        .pointer_mut("/networkConfiguration/awsvpcConfiguration")
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    sort_strings(vpc.get_mut("subnets"));
    sort_strings(vpc.get_mut("securityGroups"));
}

/// Service Connect as the file writes it: the namespace by name (AWS returns its ARN);
/// a configuration that is not enabled is none (after UpdateService turned it off, as
/// apply does when the file drops it, AWS returns `{"enabled": false}`).
fn service_connect_names(doc: &mut Doc, ctx: &Context<'_>) {
    let Some(sc) = doc
        .get_mut("serviceConnectConfiguration")
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    if sc.get("enabled").and_then(Value::as_bool) != Some(true) {
        if let Value::Object(m) = doc {
            m.remove("serviceConnectConfiguration");
        }
        return;
    }
    if let Some(Value::String(ns)) = sc.get_mut("namespace")
        && let Some(name) = ctx.names_by_arn.get(ns.as_str())
    {
        *ns = name.clone();
    }
}

/// A task definition reference as `family:revision` (AWS returns the ARN).
fn task_definition_reference(doc: &mut Doc, _: &Context<'_>) {
    let Some(map) = obj(doc) else { return };
    let Some(r) = map.get("taskDefinition").and_then(Value::as_str) else {
        return;
    };
    if let Some((_, tail)) = r.rsplit_once("task-definition/") {
        let tail = tail.to_owned();
        map.insert("taskDefinition".into(), json!(tail));
    }
}

/// A load balancer entry naming one of the stack's target groups by ARN names it. Two
/// entries that then read the same (a replacement's temporary group reads as the name of
/// the group it stands for, `LiveState::replacing`: while the service moves between the
/// two, it is on the group the file gives) are one.
fn target_group_names(doc: &mut Doc, ctx: &Context<'_>) {
    let Some(map) = obj(doc) else { return };
    // The ARN each entry was named from (by position).
    let mut mapped_from: Vec<Option<String>> = Vec::new();
    for lb in array_mut(map, "loadBalancers") {
        let Some(lb) = lb.as_object_mut() else {
            mapped_from.push(None);
            continue;
        };
        let arn = lb
            .get("targetGroupArn")
            .and_then(Value::as_str)
            .map(str::to_owned);
        let name = arn
            .as_deref()
            .and_then(|arn| ctx.names_by_arn.get(arn))
            .cloned();
        if let (Some(name), Some(arn)) = (name, arn) {
            lb.remove("targetGroupArn");
            lb.insert("targetGroup".into(), json!(name));
            mapped_from.push(Some(arn));
        } else {
            mapped_from.push(None);
        }
    }
    if let Some(Value::Array(entries)) = map.get_mut("loadBalancers") {
        let mut kept: Vec<(Value, String)> = Vec::new();
        let mut from = mapped_from.into_iter();
        entries.retain(|e| {
            let Some(Some(arn)) = from.next() else {
                return true;
            };
            // The same entry from another ARN: the temporary group's twin.
            if kept.iter().any(|(k, a)| k == e && *a != arn) {
                return false;
            }
            kept.push((e.clone(), arn));
            true
        });
    }
}
