"""ecsform's patch layer for moto 5.2.5: brings the places ecsform depends on to AWS's
documented behaviour, and nothing more (see tests/local-aws/GAPS.md, rows 1-8).

Every patch closes one gap, wraps moto's own method (models or responses) instead of
copying it, and cites the AWS API reference page whose behaviour it reproduces. No patch
makes moto accept anything AWS rejects. `apply()` installs them all; it is called by
`serve.py` before moto's server starts. State lives on moto's own objects (services,
targets, backends), so `POST /moto-api/reset` clears it as well.

  1  ECS Service Connect configuration on the PRIMARY deployment, with its Cloud Map services
  2  ECS CreateService/UpdateService keep the service's settings (and AWS's defaults),
     placement constraints and strategy included
  3  ECS CreateService on an ACTIVE name fails; CreateCluster on an existing name is a no-op
  4  ECS cluster serviceConnectDefaults: the HTTP namespace is created; its ARN returned
  5  ECS services reach steady state; UpdateService rolls a new, completed deployment
  6  ECS RegisterTaskDefinition: hostPort under awsvpc/host; cpu/memory units converted
  7  Application Auto Scaling: target tags; deregistering removes policies and actions;
     deleting what does not exist is ObjectNotFoundException
  8  Cloud Map: list filters; ResourceInUse; NamespaceAlreadyExists/ServiceAlreadyExists
  9  ECS service revisions: currentServiceRevisions and DescribeServiceRevisions, with the
     revision's monitoring and gatewayConnectors (not a row of GAPS.md: moto 5.2.5
     has no service revisions at all)

What AWS fills in where moto echoes the request (not rows of GAPS.md either):
 10  ECS CreateService: availabilityZoneRebalancing ENABLED unless given
 11  ECS CreateService: deploymentConfiguration strategy ROLLING, bakeTimeInMinutes 0
 12  ECS CreateService: roleArn as an ARN (role name or /path/name; the service-linked role)
 13  ECS RegisterTaskDefinition: hostPort 0 (dynamic) under bridge
 14  ECS RegisterTaskDefinition: container healthCheck interval 30, timeout 5, retries 3
 15  ECS RegisterTaskDefinition: dockerVolumeConfiguration scope task, driver local
 16  ECS RegisterTaskDefinition: taskRoleArn/executionRoleArn given by name as ARNs
 17  ELBv2 CreateTargetGroup: Network/Gateway Load Balancer groups with an HTTP(S) health
     check get path / and matcher 200-399

Where moto accepts or answers what AWS does not:
 18  ECS DeleteCluster while the cluster has services: ClusterContainsServicesException
 19  ECS DescribeTaskDefinition of a family: its latest ACTIVE revision, never an INACTIVE one
 26  ELBv2 SetSecurityGroups: a Network Load Balancer keeps its PrivateLink flag
     (EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic) and DescribeLoadBalancers returns it

Deployments that take time or fail (selected by ECSFORM_TESTBED_* in the task definition):
 23  ECS deployments whose tasks take N seconds to start: IN_PROGRESS, pending counts, events
 24  ECS tasks that stop with a reason (image pull, essential container exited, ELB health
     checks): failedTasks, stopped tasks in ListTasks/DescribeTasks with stopCode and reason
 25  ECS deployment circuit breaker: FAILED at the documented threshold; rollback to the last
     COMPLETED deployment
 27  ECS registers a service's (awsvpc) tasks in its deployments' (ip) target groups:
     DescribeTargetHealth initial, healthy, unhealthy (elb-health), draining for the
     group's deregistration delay when ECS stops the task, then gone
"""

from __future__ import annotations

import copy
import functools
import json
import re
from typing import Any, Callable

from moto.applicationautoscaling import models as aas_models
from moto.applicationautoscaling import responses as aas_responses
from moto.core.exceptions import JsonRESTError, ServiceException
from moto.core.responses import ActionResult
from moto.core.utils import utcnow
from moto.ecs import models as ecs_models
from moto.ecs import responses as ecs_responses
from moto.ecs.exceptions import ECSException, InvalidParameterException, TaskDefinitionNotFoundException
from moto.elbv2 import models as elbv2_models
from moto.elbv2 import responses as elbv2_responses
from moto.elbv2.exceptions import DuplicateListenerError, DuplicateLoadBalancerName, DuplicateTargetGroupName
from moto.core.resource_tagging import TaggedResource, make_tag_matcher, match_resource_type
from moto.moto_api._internal import mock_random
from moto.resourcegroupstaggingapi import models as rgta_models
from moto.servicediscovery import models as sd_models
from moto.servicediscovery import responses as sd_responses
from moto.servicediscovery.exceptions import InvalidInput, NamespaceNotFound
from moto.utilities.utils import get_partition

ECS = ecs_models.EC2ContainerServiceBackend
ECSResponse = ecs_responses.EC2ContainerServiceResponse
SD = sd_models.ServiceDiscoveryBackend
SDResponse = sd_responses.ServiceDiscoveryResponse
AAS = aas_models.ApplicationAutoscalingBackend
AASResponse = aas_responses.ApplicationAutoScalingResponse


_PATCHES: list[tuple[type, str, Callable[..., Any], bool]] = []


def _wrap(cls: type, name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register fn to wrap cls.name at apply(); fn gets moto's original first. Wrappers of
    one method nest in registration order (the last registered runs outermost)."""

    def register(fn: Callable[..., Any]) -> Callable[..., Any]:
        _PATCHES.append((cls, name, fn, True))
        return fn

    return register


def _add(cls: type, name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register fn as a new method cls.name (an action moto lacks) at apply()."""

    def register(fn: Callable[..., Any]) -> Callable[..., Any]:
        _PATCHES.append((cls, name, fn, False))
        return fn

    return register


def _wrapper(original: Callable[..., Any], fn: Callable[..., Any]) -> Callable[..., Any]:
    # A plain function under the original's name: moto finds actions by method name.
    @functools.wraps(original)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        return fn(original, self, *args, **kwargs)

    return wrapper


def apply() -> None:
    """Install every patch, once."""
    if getattr(apply, "done", False):
        return
    for cls, name, fn, wraps in _PATCHES:
        if not wraps:
            setattr(cls, name, fn)
            continue
        setattr(cls, name, _wrapper(getattr(cls, name), fn))
    apply.done = True  # type: ignore[attr-defined]


def _sd_backend(ecs: Any) -> Any:
    return sd_models.servicediscovery_backends[ecs.account_id][ecs.region_name]


def _find_namespace(sd: Any, name_or_arn: str) -> Any:
    for ns in sd.namespaces.values():
        if name_or_arn in (ns.arn, ns.name):
            return ns
    return None


class NamespaceNotFoundException(ServiceException):
    code = "NamespaceNotFoundException"
    message = "Namespace not found."


# --------------------------------------------------------------------------------------
# 2. ECS service settings
# --------------------------------------------------------------------------------------


def _is_fargate(service: Any) -> bool:
    strategy = getattr(service, "capacity_provider_strategy", None) or []
    return service.launch_type == "FARGATE" or any(
        s.get("capacityProvider", "").startswith("FARGATE") for s in strategy
    )


def _default_deployment_configuration(scheduling_strategy: str) -> dict[str, Any]:
    daemon = scheduling_strategy == "DAEMON"
    return {
        "deploymentCircuitBreaker": {"enable": False, "rollback": False},
        "maximumPercent": 100 if daemon else 200,
        "minimumHealthyPercent": 0 if daemon else 100,
    }


def _normalise_settings(service: Any, params: dict[str, Any]) -> None:
    if params.get("networkConfiguration"):
        service.network_configuration["awsvpcConfiguration"].setdefault("assignPublicIp", "DISABLED")
    strategy = params.get("capacityProviderStrategy")
    if strategy:
        service.capacity_provider_strategy = [{"base": 0, "weight": 0, **s} for s in strategy]
        service.launch_type = None
    if _is_fargate(service) and not service.platform_version:
        service.platform_version = "LATEST"


@_wrap(ECSResponse, "create_service")
def _create_service_settings(original: Any, self: Any) -> Any:
    """Patch 2: CreateService stores enableExecuteCommand, deploymentConfiguration,
    healthCheckGracePeriodSeconds, enableECSManagedTags, propagateTags,
    capacityProviderStrategy (then no launchType), platformVersion, networkConfiguration,
    placementConstraints and placementStrategy.

    AWS (ECS API reference, CreateService and DescribeServices' Service): all of them are
    returned. deploymentConfiguration defaults to maximumPercent 200 /
    minimumHealthyPercent 100 (DAEMON: 100 / 0) with the circuit breaker off;
    platformVersion defaults to LATEST on Fargate; "If no capacityProviderStrategy or
    launchType is specified, the defaultCapacityProviderStrategy for the cluster is used";
    "launchType ... must be omitted" when a capacity provider strategy is given
    (InvalidParameterException otherwise); awsvpcConfiguration.assignPublicIp defaults to
    DISABLED; capacity provider base and weight default to 0; placementConstraints and
    placementStrategy are returned as given, `[]` when not given (as in the recorded
    CreateService response of fixtures/aws-real/_pairs).
    """
    p = self._get_params()
    backend = self.ecs_backend
    if p.get("launchType") and p.get("capacityProviderStrategy"):
        raise InvalidParameterException(
            "Specifying both a launch type and capacity provider strategy is not supported. "
            "Remove one and try again."
        )
    cluster = backend._get_cluster(p.get("cluster", "default"))
    strategy = p.get("capacityProviderStrategy")
    if not strategy and not p.get("launchType"):
        strategy = cluster.default_capacity_provider_strategy
    result = original(self)
    service = result.result["service"]
    service.enable_execute_command = bool(p.get("enableExecuteCommand", False))
    service.enable_ecs_managed_tags = bool(p.get("enableECSManagedTags", False))
    service.health_check_grace_period_seconds = p.get("healthCheckGracePeriodSeconds")
    service.placement_constraints = p.get("placementConstraints") or []
    service.placement_strategy = p.get("placementStrategy") or []
    service.deployment_configuration = {
        **_default_deployment_configuration(service.scheduling_strategy),
        **(p.get("deploymentConfiguration") or {}),
    }
    # Kept for the service revision (patch 9); not members of DescribeServices' Service.
    service.monitoring = p.get("monitoring")
    service.gateway_connectors = p.get("gatewayConnectors")
    _normalise_settings(service, {"capacityProviderStrategy": strategy,
                                  "networkConfiguration": service.network_configuration})
    return result


# What UpdateService refuses under the other deployment controllers (ECS API reference,
# UpdateService: with CODE_DEPLOY, "If the network configuration, platform version, task
# definition, or load balancer need to be updated, create a new CodeDeploy deployment";
# with EXTERNAL, "If the launch type, load balancer, network configuration, platform
# version, or task definition need to be updated, create a new task set"). AWS's message
# for a task definition is "Unable to update task definition on services with a
# CODE_DEPLOY deployment controller. Use AWS CodeDeploy to trigger a new deployment.";
# the others are worded after it.
_NOT_UPDATABLE = {
    "CODE_DEPLOY": (("taskDefinition", "task definition"), ("networkConfiguration", "network configuration"),
                    ("platformVersion", "platform version"), ("loadBalancers", "load balancers")),
    "EXTERNAL": (("taskDefinition", "task definition"), ("networkConfiguration", "network configuration"),
                 ("platformVersion", "platform version"), ("loadBalancers", "load balancers")),
}


@_wrap(ECSResponse, "update_service")
def _update_service_settings(original: Any, self: Any) -> Any:
    """Patch 2 (UpdateService): moto copies each given parameter onto the service as is.
    AWS (ECS API reference, UpdateService): given settings replace the stored ones, the
    rest are kept (placementConstraints and placementStrategy included: moto drops them);
    the networkConfiguration is checked as in CreateService and gets
    assignPublicIp DISABLED by default; a capacityProviderStrategy replaces the launch
    type; deploymentConfiguration members not given keep their values. Under the
    CODE_DEPLOY and EXTERNAL deployment controllers, a task definition, network
    configuration, platform version or load balancers are refused (InvalidParameterException;
    see _NOT_UPDATABLE). A strategy that
    switches from a launch type or changes the service's strategy without
    forceNewDeployment is refused with InvalidParameterException "When switching from
    launch type to capacity provider strategy on an existing service, or making a change to
    a capacity provider strategy on a service that is already using one, you must force a
    new deployment." (AWS's message; moto accepted it).
    """
    p = self._get_params()
    backend = self.ecs_backend
    service = backend._get_service(p.get("cluster", "default"), p.get("service", ""))
    controller = service.deployment_controller.get("type", "ECS")
    for param, what in _NOT_UPDATABLE.get(controller, ()):
        if param in p:
            raise InvalidParameterException(
                f"Unable to update {what} on services with a {controller} deployment controller. "
                + ("Use AWS CodeDeploy to trigger a new deployment." if controller == "CODE_DEPLOY"
                   else "Create a new task set instead.")
            )
    strategy = p.get("capacityProviderStrategy")
    if strategy and not p.get("forceNewDeployment"):
        def key(items: list[dict[str, Any]]) -> list[tuple[str, int, int]]:
            return sorted((i.get("capacityProvider", ""), i.get("base", 0), i.get("weight", 0))
                          for i in items)
        current = getattr(service, "capacity_provider_strategy", None) or []
        if service.launch_type or key(current) != key(strategy):
            raise InvalidParameterException(
                "When switching from launch type to capacity provider strategy on an existing "
                "service, or making a change to a capacity provider strategy on a service that "
                "is already using one, you must force a new deployment."
            )
    if p.get("networkConfiguration"):
        service._validate_network(p["networkConfiguration"])  # moto stores it unchecked
    previous = copy.deepcopy(getattr(service, "deployment_configuration", None))
    result = original(self)
    if "deploymentConfiguration" in p:
        service.deployment_configuration = {**(previous or {}), **p["deploymentConfiguration"]}
    for param, attr in (("placementConstraints", "placement_constraints"),
                        ("placementStrategy", "placement_strategy"),
                        ("monitoring", "monitoring"),
                        ("gatewayConnectors", "gateway_connectors")):
        if param in p:
            setattr(service, attr, p[param])
    _normalise_settings(service, p)
    return result


# --------------------------------------------------------------------------------------
# 5. ECS steady state
# --------------------------------------------------------------------------------------

# UpdateService parameters that start a new deployment (ECS API reference, UpdateService).
_DEPLOYMENT_FIELDS = (
    "task_definition",
    "network_configuration",
    "platform_version",
    "launch_type",
    "capacity_provider_strategy",
    "load_balancers",
    "service_registries",
    "service_connect_configuration",
    "monitoring",
    "gateway_connectors",
)


def _task_definition_arn(backend: Any, name: str) -> str:
    last = name.split("/")[-1]
    if ":" not in last and last in backend.task_definitions:
        # A family alone means its latest ACTIVE revision (ECS API reference, UpdateService).
        active = [r for r, td in backend.task_definitions[last].items() if td.status == "ACTIVE"]
        if active:
            return backend.task_definitions[last][max(active)].arn
    return backend.describe_task_definition(name).arn


def _new_deployment(service: Any) -> None:
    deployment_id = f"ecs-svc/{mock_random.randint(10**18, 10**19 - 1)}"
    now = utcnow()
    deployment = {
        "id": deployment_id,
        "status": "PRIMARY",
        "taskDefinition": service.task_definition,
        "desiredCount": service.desired_count,
        "pendingCount": 0,
        "runningCount": service.desired_count,
        "failedTasks": 0,
        "createdAt": now,
        "updatedAt": now,
        "launchType": service.launch_type,
        "capacityProviderStrategy": getattr(service, "capacity_provider_strategy", None),
        "platformVersion": service.platform_version,
        "platformFamily": "Linux" if _is_fargate(service) else None,
        "networkConfiguration": service.network_configuration or None,
        "rolloutState": "COMPLETED",
        "rolloutStateReason": f"ECS deployment {deployment_id} completed.",
    }
    service.deployments = [{k: v for k, v in deployment.items() if v is not None}]


def _settle(backend: Any, service: Any) -> None:
    cluster = backend._get_cluster(service.cluster_name)
    backend.update_cluster_resources(cluster, service.desired_count - service.running_count, "RUNNING")
    backend.update_cluster_resources(cluster, -service.pending_count, "PENDING")
    service.running_count = service.desired_count
    service.pending_count = 0


@_wrap(ECSResponse, "create_service")
def _create_service_steady(original: Any, self: Any) -> Any:
    """Patch 5: a new service reaches steady state at once. AWS (ECS API reference,
    DescribeServices; `aws ecs wait services-stable`): once the tasks run, runningCount
    equals desiredCount and the service has one deployment, PRIMARY, with rolloutState
    COMPLETED; taskDefinition is the full ARN. A CODE_DEPLOY service's tasks run too, with
    no deployment.
    """
    result = original(self)
    service = result.result["service"]
    if service.deployment_controller.get("type") == "ECS":
        _settle(self.ecs_backend, service)
        _new_deployment(service)
    elif service.deployment_controller.get("type") == "CODE_DEPLOY":
        # CreateService starts a CODE_DEPLOY service's tasks (in a PRIMARY task set, which
        # this patch does not make) and, as for every controller but ECS, lists no
        # deployments (moto does that already).
        _settle(self.ecs_backend, service)
    return result


@_wrap(ECSResponse, "update_service")
def _update_service_steady(original: Any, self: Any) -> Any:
    """Patch 5 (UpdateService): moto keeps `taskDefinition` as passed (`family:3`), never
    rolls a deployment and leaves the cluster's task counts off. AWS (ECS API reference,
    UpdateService, DescribeServices): taskDefinition is always the full ARN (a family alone
    means its latest ACTIVE revision); a new task definition or deployment configuration
    (network, platform version, launch type or capacity providers, load balancers, service
    registries, Service Connect) or forceNewDeployment starts a new PRIMARY deployment,
    which here completes at once and replaces the old one; a desiredCount change alone
    updates the PRIMARY deployment.
    """
    p = self._get_params()
    backend = self.ecs_backend
    service = backend._get_service(p.get("cluster", "default"), p.get("service", ""))
    if p.get("taskDefinition"):
        p_arn = _task_definition_arn(backend, p["taskDefinition"])  # fails before any change
    before = {f: copy.deepcopy(getattr(service, f, None)) for f in _DEPLOYMENT_FIELDS}
    running_before = service.running_count
    result = original(self)
    if p.get("taskDefinition"):
        service.task_definition = p_arn
    if "desiredCount" not in p:
        # moto zeroed this service's tasks on the cluster and re-added none.
        cluster = backend._get_cluster(service.cluster_name)
        backend.update_cluster_resources(cluster, running_before, "RUNNING")
    _settle(backend, service)
    if service.deployment_controller.get("type") != "ECS":
        return result
    changed = any(getattr(service, f, None) != before[f] for f in _DEPLOYMENT_FIELDS)
    if changed or p.get("forceNewDeployment") or not service.deployments:
        _new_deployment(service)
    else:
        primary = service.deployments[0]
        primary.update(desiredCount=service.desired_count, runningCount=service.desired_count,
                       pendingCount=0, updatedAt=utcnow())
    return result


# --------------------------------------------------------------------------------------
# 1. ECS Service Connect
# --------------------------------------------------------------------------------------


def _resolve_service_connect(backend: Any, cluster_str: str, given: dict[str, Any]) -> dict[str, Any]:
    config = copy.deepcopy(given)
    if not config.get("enabled"):
        return config
    name = config.get("namespace")
    if not name:
        defaults = backend._get_cluster(cluster_str).service_connect_defaults or {}
        name = defaults.get("namespace")
    if not name:
        raise InvalidParameterException(
            "Service Connect is enabled but no namespace was given, and the cluster has no "
            "Service Connect defaults namespace."
        )
    ns = _find_namespace(_sd_backend(backend), name)
    if ns is None:
        raise NamespaceNotFoundException()
    config["namespace"] = ns.arn
    for svc in config.get("services") or []:
        svc.setdefault("discoveryName", svc["portName"])
        for alias in svc.get("clientAliases") or []:
            alias.setdefault("dnsName", f"{svc['discoveryName']}.{ns.name}")
    return config


def _service_connect_resources(backend: Any, service: Any, config: dict[str, Any]) -> list[dict[str, str]]:
    sd = _sd_backend(backend)
    ns_id = config["namespace"].split("/")[-1]
    resources = []
    for svc in config.get("services") or []:
        name = svc["discoveryName"]
        found = [s for s in sd.services.values() if s.namespace_id == ns_id and s.name == name]
        if found:
            cm = found[0]
            for other in backend.services.values():
                if other is not service and other.status == "ACTIVE" and any(
                    r["discoveryArn"] == cm.arn for r in getattr(other, "_sc_resources", [])
                ):
                    # AWS answers exactly this when another service owns the discovery name.
                    raise InvalidParameterException(f"SC service is already used by {config['namespace']}")
        else:
            cm = sd.create_service(
                name=name, namespace_id=ns_id, creator_request_id=mock_random.get_random_hex(32),
                description="", dns_config=None, health_check_config=None,
                health_check_custom_config=None, service_type="HTTP",
                tags=[{"Key": "AmazonECSManaged", "Value": "true"}],
            )
        resources.append({"discoveryName": name, "discoveryArn": cm.arn})
    return resources


def _service_connect(original: Any, self: Any) -> Any:
    """Patch 1: moto accepts serviceConnectConfiguration and drops it. AWS (ECS API
    reference, CreateService/UpdateService, Deployment, ServiceConnectConfiguration,
    ServiceConnectService, ServiceConnectClientAlias, ServiceConnectServiceResource):
    DescribeServices returns it on the deployment (not on the service), with `namespace`
    as the Cloud Map namespace's ARN (given by name or ARN; the cluster's
    serviceConnectDefaults namespace when omitted), `discoveryName` defaulting to
    `portName`, each client alias' `dnsName` defaulting to `discoveryName.namespace`,
    plus `serviceConnectResources`: one Cloud Map service per discovery name, which ECS
    creates in the namespace. An UpdateService without the parameter keeps it.
    """
    p = self._get_params()
    backend = self.ecs_backend
    cluster = p.get("cluster", "default")
    given = p.get("serviceConnectConfiguration")
    config = _resolve_service_connect(backend, cluster, given) if given is not None else None
    result = original(self)
    service = result.result["service"]
    if config is not None:
        service.service_connect_configuration = given  # moto's UpdateService does the same
        service._sc_config = config
        service._sc_resources = (
            _service_connect_resources(backend, service, config) if config.get("enabled") else []
        )
    config = getattr(service, "_sc_config", None)
    if config is not None and service.deployments:
        primary = service.deployments[0]
        primary["serviceConnectConfiguration"] = config
        primary["serviceConnectResources"] = service._sc_resources
    return result


# Outside patches 2 and 5, so that the deployment it decorates exists already.
_wrap(ECSResponse, "create_service")(_service_connect)
_wrap(ECSResponse, "update_service")(_service_connect)


# --------------------------------------------------------------------------------------
# 3. ECS create idempotency
# --------------------------------------------------------------------------------------


@_wrap(ECS, "create_service")
def _create_service_not_idempotent(original: Any, self: Any, cluster_str: str, service_name: str, *a: Any, **kw: Any) -> Any:
    """Patch 3: moto silently replaces a service of the same name. AWS (ECS API reference,
    CreateService; error InvalidParameterException): creating a service whose name is
    taken by an ACTIVE service in the cluster fails with "Creation of service was not
    idempotent." (a name of an INACTIVE service may be reused).
    """
    cluster = self._get_cluster(cluster_str)
    existing = self.services.get(f"{cluster.name}:{service_name}")
    if existing is not None and existing.status == "ACTIVE":
        raise InvalidParameterException("Creation of service was not idempotent.")
    return original(self, cluster_str, service_name, *a, **kw)


# --------------------------------------------------------------------------------------
# 4. ECS cluster Service Connect defaults (installed before 3's CreateCluster wrapper)
# --------------------------------------------------------------------------------------


def _default_namespace(backend: Any, defaults: dict[str, str] | None) -> dict[str, str] | None:
    if not defaults or "namespace" not in defaults:
        return defaults
    name = defaults["namespace"]
    if name == "":
        return None  # "an empty string ... the cluster configuration for Service Connect is removed"
    sd = _sd_backend(backend)
    ns = _find_namespace(sd, name)
    if ns is None:
        if name.startswith("arn:"):
            raise NamespaceNotFoundException()
        sd.create_http_namespace(
            name=name, creator_request_id=mock_random.get_random_hex(32), description="",
            tags=[{"Key": "AmazonECSManaged", "Value": "true"}],
        )
        ns = _find_namespace(sd, name)
    return {**defaults, "namespace": ns.arn}


@_wrap(ECS, "create_cluster")
def _create_cluster_namespace(original: Any, self: Any, *a: Any, **kw: Any) -> Any:
    """Patch 4: moto echoes serviceConnectDefaults.namespace as given. AWS (ECS API
    reference, CreateCluster/UpdateCluster, ClusterServiceConnectDefaultsRequest): "If
    you enter a new name, a Cloud Map namespace will be created" (an HTTP namespace), an
    existing one is used by name or ARN, and the cluster returns the namespace's ARN;
    UpdateCluster with "" removes the defaults.
    """
    kw["service_connect_defaults"] = _default_namespace(self, kw.get("service_connect_defaults"))
    return original(self, *a, **kw)


@_wrap(ECS, "update_cluster")
def _update_cluster_namespace(original: Any, self: Any, **kw: Any) -> Any:
    """Patch 4 (UpdateCluster): as in CreateCluster."""
    defaults = kw.get("service_connect_defaults")
    cluster = original(self, **{**kw, "service_connect_defaults": _default_namespace(self, defaults)})
    if defaults is not None and defaults.get("namespace") == "":
        cluster.service_connect_defaults = None
    return cluster


@_wrap(ECS, "create_cluster")
def _create_cluster_idempotent(original: Any, self: Any, cluster_name: str, *a: Any, **kw: Any) -> Any:
    """Patch 3: moto replaces a cluster of the same name. AWS (ECS API reference,
    CreateCluster): creating an existing ACTIVE cluster returns that cluster, unchanged.
    """
    existing = self.clusters.get(cluster_name)
    if existing is not None and existing.status == "ACTIVE":
        return existing
    return original(self, cluster_name, *a, **kw)


# --------------------------------------------------------------------------------------
# 6. ECS task definitions
# --------------------------------------------------------------------------------------

_UNITS = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(vcpu|gb|mib)?\s*$", re.IGNORECASE)


def _units(value: Any, factor_of: dict[str, int]) -> Any:
    match = _UNITS.match(str(value)) if value is not None else None
    if not match or not match.group(2):
        return value
    return str(int(float(match.group(1)) * factor_of[match.group(2).lower()]))


@_wrap(ECS, "register_task_definition")
def _register_task_definition(original: Any, self: Any, *a: Any, **kw: Any) -> Any:
    """Patch 6: moto leaves hostPort unset under awsvpc and keeps "1 vCPU"/"2 GB". AWS
    (ECS API reference, RegisterTaskDefinition and PortMapping): "If you use containers
    in a task with the awsvpc or host network mode, the hostPort can either be left blank
    or set to the same value as the containerPort" and is returned equal to it; task cpu
    given in vCPUs and memory in GB "are converted to an integer indicating the CPU units
    [MiB] when the task definition is registered" ("1 vCPU" -> "1024", "2 GB" -> "2048").
    """
    td = original(self, *a, **kw)
    if td.network_mode in ("awsvpc", "host"):
        for container in td.container_definitions:
            for mapping in container.get("portMappings") or []:
                if "containerPort" in mapping:
                    mapping.setdefault("hostPort", mapping["containerPort"])
    td.cpu = _units(td.cpu, {"vcpu": 1024})
    td.memory = _units(td.memory, {"gb": 1024, "mib": 1})
    return td


# --------------------------------------------------------------------------------------
# 7. Application Auto Scaling
# --------------------------------------------------------------------------------------


class AASResourceNotFound(JsonRESTError):
    def __init__(self, arn: str) -> None:
        super().__init__("ResourceNotFoundException", f"No scalable target found for ARN: {arn}")
        self.description = json.dumps({"__type": self.error_type, "Message": self.message, "ResourceName": arn})


def _target_by_arn(backend: Any, arn: str) -> Any:
    for by_id in backend.targets.values():
        for target in by_id.values():
            if target.arn == arn:
                target.__dict__.setdefault("_tags", {})
                return target
    raise AASResourceNotFound(arn)


@_wrap(AASResponse, "register_scalable_target")
def _register_scalable_target_tags(original: Any, self: Any) -> str:
    """Patch 7: moto drops RegisterScalableTarget's Tags. AWS (Application Auto Scaling
    API reference, RegisterScalableTarget): "Tags: Assigns one or more tags to the
    scalable target. Use this parameter to tag the scalable target when it is created. To
    tag an existing scalable target, use the TagResource operation." The response carries
    the target's ARN (arn:aws:application-autoscaling:REGION:ACCOUNT:scalable-target/ID).
    """
    backend = self.applicationautoscaling_backend
    existed = backend._scalable_target_exists(self._get_param("ResourceId"), self._get_param("ScalableDimension"))
    body = original(self)
    target = _target_by_arn(backend, json.loads(body)["ScalableTargetARN"])
    if not existed:
        target._tags = dict(self._get_param("Tags") or {})
    return body


@_add(AASResponse, "tag_resource")
def _tag_resource(self: Any) -> str:
    """Patch 7: TagResource (missing in moto: HTTP 500). AWS (Application Auto Scaling API
    reference, TagResource): adds or overwrites tags on a scalable target;
    ResourceNotFoundException for an unknown ARN."""
    target = _target_by_arn(self.applicationautoscaling_backend, self._get_param("ResourceARN"))
    target._tags.update(self._get_param("Tags") or {})
    return "{}"


@_add(AASResponse, "untag_resource")
def _untag_resource(self: Any) -> str:
    """Patch 7: UntagResource. AWS (API reference, UntagResource): removes the keys."""
    target = _target_by_arn(self.applicationautoscaling_backend, self._get_param("ResourceARN"))
    for key in self._get_param("TagKeys") or []:
        target._tags.pop(key, None)
    return "{}"


@_add(AASResponse, "list_tags_for_resource")
def _list_tags_for_resource(self: Any) -> str:
    """Patch 7: ListTagsForResource. AWS (API reference, ListTagsForResource): {"Tags": map}."""
    target = _target_by_arn(self.applicationautoscaling_backend, self._get_param("ResourceARN"))
    return json.dumps({"Tags": target._tags})




class _ObjectNotFound(JsonRESTError):
    def __init__(self, message: str) -> None:
        super().__init__("ObjectNotFoundException", message)


@_wrap(AAS, "delete_scaling_policy")
def _delete_scaling_policy_not_found(original: Any, self: Any, policy_name: str, service_namespace: str,
                                     resource_id: str, scalable_dimension: str) -> None:
    """Patch 7: moto answers a missing policy with a ValidationException. AWS (Application
    Auto Scaling API reference, DeleteScalingPolicy, Errors): ObjectNotFoundException,
    "The specified object could not be found".
    """
    key = aas_models.FakeApplicationAutoscalingPolicy.formulate_key(
        service_namespace, resource_id, scalable_dimension, policy_name)
    if key not in self.policies:
        raise _ObjectNotFound(f"No scaling policy found for service namespace: {service_namespace}, "
                              f"resource ID: {resource_id}, scalable dimension: {scalable_dimension}, "
                              f"policy name: {policy_name}")
    original(self, policy_name=policy_name, service_namespace=service_namespace,
             resource_id=resource_id, scalable_dimension=scalable_dimension)


@_wrap(AAS, "delete_scheduled_action")
def _delete_scheduled_action_not_found(original: Any, self: Any, service_namespace: str,
                                       scheduled_action_name: str, resource_id: str,
                                       scalable_dimension: str) -> None:
    """Patch 7: moto deletes a missing scheduled action without a word. AWS (Application
    Auto Scaling API reference, DeleteScheduledAction, Errors): ObjectNotFoundException.
    """
    if not any(a.service_namespace == service_namespace and a.scheduled_action_name == scheduled_action_name
               and a.resource_id == resource_id and a.scalable_dimension == scalable_dimension
               for a in self.scheduled_actions):
        raise _ObjectNotFound(f"No scheduled action found for service namespace: {service_namespace}, "
                              f"resource ID: {resource_id}, scalable dimension: {scalable_dimension}, "
                              f"scheduled action name: {scheduled_action_name}")
    original(self, service_namespace=service_namespace, scheduled_action_name=scheduled_action_name,
             resource_id=resource_id, scalable_dimension=scalable_dimension)


@_wrap(AAS, "deregister_scalable_target")
def _deregister_scalable_target(original: Any, self: Any, namespace: str, r_id: str, dimension: str) -> None:
    """Patch 7: moto leaves the target's policies and scheduled actions behind, and
    answers a missing target with a ValidationException. AWS (Application Auto Scaling
    API reference, DeregisterScalableTarget): "Deregistering a scalable target deletes
    the scaling policies and the scheduled actions that are associated with it." (and the
    alarms of its target tracking policies); a target that does not exist is an
    ObjectNotFoundException ("The specified object could not be found").
    """
    if not self._scalable_target_exists(r_id, dimension):
        raise _ObjectNotFound(
            f"No scalable target registered for service namespace: {namespace}, "
            f"resource ID: {r_id}, scalable dimension: {dimension}"
        )
    original(self, namespace, r_id, dimension)
    key = (namespace, r_id, dimension)
    for policy_key, policy in list(self.policies.items()):
        if (policy.service_namespace, policy.resource_id, policy.scalable_dimension) == key:
            policy.delete_alarms(self.account_id, self.region_name)
            del self.policies[policy_key]
    self.scheduled_actions = [
        a for a in self.scheduled_actions
        if (a.service_namespace, a.resource_id, a.scalable_dimension) != key
    ]


# --------------------------------------------------------------------------------------
# 8. Cloud Map
# --------------------------------------------------------------------------------------


class _AlreadyExists(ServiceException):
    def __init__(self, code: str, message: str, **members: str) -> None:
        super().__init__(code, message)
        for name, value in members.items():
            setattr(self, name, value)


def _filtered(items: list[Any], filters: list[dict[str, Any]], fields: dict[str, Callable[[Any], str]],
              begins_with: tuple[str, ...]) -> list[Any]:
    for f in filters:
        name, values, condition = f.get("Name"), f.get("Values") or [], f.get("Condition", "EQ")
        if name not in fields:
            raise InvalidInput(f"Filter name {name} is not supported.")
        if condition not in ("EQ",) + (("BEGINS_WITH",) if name in begins_with else ()):
            raise InvalidInput(f"Condition {condition} is not supported for filter {name}.")
        if len(values) != 1:
            raise InvalidInput(f"Condition {condition} takes exactly one value.")
        value, field = values[0], fields[name]
        items = [i for i in items if (field(i).startswith(value) if condition == "BEGINS_WITH" else field(i) == value)]
    return items


@_wrap(SDResponse, "list_namespaces")
def _list_namespaces(original: Any, self: Any) -> Any:
    """Patch 8: moto ignores ListNamespaces' Filters. AWS (Cloud Map API reference,
    ListNamespaces, NamespaceFilter): TYPE, NAME, HTTP_NAME (EQ, or BEGINS_WITH) and
    RESOURCE_OWNER (EQ: SELF or OTHER_ACCOUNTS) filters, all of which must hold; EQ and
    BEGINS_WITH take exactly one value."""
    filters = json.loads(self.body or "{}").get("Filters") or []
    status, headers, body = original(self)
    data = json.loads(body)
    data["Namespaces"] = _filtered(data["Namespaces"], filters, {
        "TYPE": lambda n: n["Type"],
        "NAME": lambda n: n["Name"],
        "HTTP_NAME": lambda n: (n["Properties"].get("HttpProperties") or {}).get("HttpName", n["Name"]),
        "RESOURCE_OWNER": lambda n: "SELF",  # every namespace here is the caller's
    }, begins_with=("TYPE", "NAME", "HTTP_NAME"))
    return status, headers, json.dumps(data)


@_wrap(SDResponse, "list_services")
def _list_services(original: Any, self: Any) -> Any:
    """Patch 8: moto ignores ListServices' Filters. AWS (Cloud Map API reference,
    ListServices, ServiceFilter): NAMESPACE_ID (a namespace ID or ARN) and RESOURCE_OWNER,
    with condition EQ and one value."""
    filters = json.loads(self.body or "{}").get("Filters") or []
    for f in filters:
        if f.get("Name") == "NAMESPACE_ID" and f.get("Values"):
            f["Values"] = [v.split("/")[-1] for v in f["Values"]]
    data = json.loads(original(self))
    data["Services"] = _filtered(data["Services"], filters, {
        "NAMESPACE_ID": lambda s: s["NamespaceId"],
        "RESOURCE_OWNER": lambda s: "SELF",
    }, begins_with=())
    return json.dumps(data)


def _reject_duplicate_namespace(original: Any, self: Any, *a: Any, **kw: Any) -> str:
    """Patch 8: moto accepts a second namespace of the same name. AWS (Cloud Map API
    reference, CreateHttpNamespace/CreatePrivateDnsNamespace/CreatePublicDnsNamespace,
    error NamespaceAlreadyExists): "The namespace that you're trying to create already
    exists", with the existing namespace's ID and CreatorRequestId."""
    name = kw["name"] if "name" in kw else a[0]
    for ns in self.namespaces.values():
        if ns.name == name:
            raise _AlreadyExists("NamespaceAlreadyExists", f"Namespace with name {name} already exists.",
                                 NamespaceId=ns.id, CreatorRequestId=ns.creator_request_id)
    return original(self, *a, **kw)


for _create in ("create_http_namespace", "create_private_dns_namespace", "create_public_dns_namespace"):
    _wrap(SD, _create)(_reject_duplicate_namespace)


@_wrap(SD, "create_service")
def _create_cloud_map_service(original: Any, self: Any, **kw: Any) -> Any:
    """Patch 8: moto accepts a second service of the same name in a namespace, and
    unknown namespaces. AWS (Cloud Map API reference, CreateService): ServiceAlreadyExists
    ("The service can't be created because a service with the same name already exists",
    with its ServiceId, ServiceArn and CreatorRequestId); NamespaceNotFound."""
    ns_id = kw.get("namespace_id")
    if ns_id not in self.namespaces:
        raise NamespaceNotFound(str(ns_id))
    for svc in self.services.values():
        if svc.namespace_id == ns_id and svc.name == kw["name"]:
            raise _AlreadyExists("ServiceAlreadyExists", f"Service with name {svc.name} already exists.",
                                 ServiceId=svc.id, ServiceArn=svc.arn, CreatorRequestId=svc.creator_request_id)
    return original(self, **kw)


class ResourceInUse(ServiceException):
    code = "ResourceInUse"


@_wrap(SD, "delete_namespace")
def _delete_namespace_in_use(original: Any, self: Any, namespace_id: str) -> str:
    """Patch 8: moto deletes a namespace that still has services. AWS (Cloud Map API
    reference, DeleteNamespace, error ResourceInUse): "Namespace has associated services;
    delete the services before deleting the namespace"."""
    if any(s.namespace_id == namespace_id for s in self.services.values()):
        raise ResourceInUse("Namespace has associated services; delete the services before deleting the namespace")
    return original(self, namespace_id)


@_wrap(SDResponse, "update_http_namespace")
def _update_http_namespace_operation(original: Any, self: Any) -> str:
    """Patch 8: moto answers UpdateHttpNamespace with `operationId`, which clients drop.
    AWS (Cloud Map API reference, UpdateHttpNamespace): {"OperationId": ...}, an
    operation that GetOperation reports (SUCCESS here, as for every other operation)."""
    data = json.loads(original(self))
    return json.dumps({"OperationId": data.get("OperationId", data.get("operationId"))})


# --------------------------------------------------------------------------------------
# ELBv2 (GAPS.md, "Other differences": HTTP listeners get an SslPolicy)
# --------------------------------------------------------------------------------------

ELBV2 = elbv2_models.ELBv2Backend

# Protocols whose listeners terminate TLS and so carry a security policy.
_TLS_PROTOCOLS = {"HTTPS", "TLS"}


@_wrap(ELBV2, "create_listener")
def _listener_ssl_policy_only_for_tls(original: Any, self: Any, *args: Any, **kwargs: Any) -> Any:
    """CreateListener (ELBv2 API reference, CreateListener, SslPolicy: "[HTTPS and TLS
    listeners] The security policy"): AWS stores and returns a security policy only for
    HTTPS and TLS listeners; an HTTP, TCP or UDP listener has none. moto's response
    handler gives every listener ELBSecurityPolicy-2016-08; the policy of a non-TLS
    listener is dropped here, as AWS leaves it out of DescribeListeners."""
    listener = original(self, *args, **kwargs)
    if str(getattr(listener, "protocol", "")).upper() not in _TLS_PROTOCOLS:
        listener.ssl_policy = None
    return listener




# --------------------------------------------------------------------------------------
# 17. ELBv2 Network/Gateway Load Balancer target groups with an HTTP(S) health check
# --------------------------------------------------------------------------------------

# Target group protocols of Network Load Balancers, and Gateway Load Balancers' GENEVE.
_NLB_PROTOCOLS = {"TCP", "UDP", "TLS", "TCP_UDP", "GENEVE"}


@_wrap(ELBV2, "create_target_group")
def _nlb_http_health_check_defaults(original: Any, self: Any, name: str, **kwargs: Any) -> Any:
    """Patch 17: moto already gives TCP, UDP, TLS and TCP_UDP target groups the defaults
    of the ELBv2 API reference (CreateTargetGroup: HealthCheckProtocol "For Network Load
    Balancers and Gateway Load Balancers, the default is TCP"; HealthCheckIntervalSeconds
    "If the target group protocol is TCP, TLS, UDP, TCP_UDP ... the default is 30
    seconds"; HealthCheckTimeoutSeconds "For target groups with a protocol of TCP, TLS or
    HTTPS, the default is 10 seconds"; HealthyThresholdCount "the default is 5";
    UnhealthyThresholdCount "the default is 2"; no path or matcher for a TCP health
    check), and GENEVE ones theirs (port 80, 10 s, 5 s, 5, 2). What it gets wrong is an
    HTTP or HTTPS health check on such a group: moto gives it the Application Load
    Balancer matcher 200 and no path. AWS: HealthCheckPath "[HTTP/HTTPS health checks] ...
    The default is /."; Matcher.HttpCode "For Network Load Balancers, you can specify
    values between 200 and 599, with the default value being 200-399. ... For Gateway
    Load Balancers, this must be "200–399"."
    """
    tg = original(self, name, **kwargs)
    if (str(tg.protocol or "").upper() in _NLB_PROTOCOLS
            and str(tg.health_check_protocol or "").upper() in ("HTTP", "HTTPS")):
        if not kwargs.get("matcher"):
            tg.matcher = {"HttpCode": "200-399"}
        if not kwargs.get("healthcheck_path"):
            tg.health_check_path = "/"
    return tg


# --------------------------------------------------------------------------------------
# ELBv2 create idempotency (GAPS.md, "Other differences")
# --------------------------------------------------------------------------------------


@_wrap(ELBV2, "create_load_balancer")
def _create_load_balancer_idempotent(original: Any, self: Any, *args: Any, **kwargs: Any) -> Any:
    """CreateLoadBalancer (ELBv2 API reference: "This operation is idempotent, which means
    that it completes at most one time. If you attempt to create multiple load balancers
    with the same settings, each call succeeds."; DuplicateLoadBalancerName otherwise).
    moto makes a second load balancer of the same name (its ARN check never matches, the
    ARN having a fresh id). The same name with the same scheme, type, subnets and security
    groups returns the existing one; other settings fail as DuplicateLoadBalancerName."""
    name = kwargs.get("name", args[0] if args else None)
    for lb in self.load_balancers.values():
        if lb.name != name:
            continue
        same = (
            (lb.scheme or "internet-facing") == (kwargs.get("scheme") or "internet-facing")
            and (lb.type or "application") == (kwargs.get("loadbalancer_type") or "application")
            and sorted(s.id for s in lb.subnets) == sorted(kwargs.get("subnet_ids") or [])
            and sorted(lb.security_groups or []) == sorted(kwargs.get("security_groups") or [])
        )
        if same:
            return lb
        raise DuplicateLoadBalancerName()
    return original(self, *args, **kwargs)


@_wrap(ELBV2, "create_target_group")
def _create_target_group_idempotent(original: Any, self: Any, name: str, **kwargs: Any) -> Any:
    """CreateTargetGroup (ELBv2 API reference: "This operation is idempotent ... If you
    attempt to create multiple target groups with the same settings, each call
    succeeds."). moto fails every second create of a name with DuplicateTargetGroupName.
    The same name, protocol, port, VPC and target type return the existing group."""
    for tg in self.target_groups.values():
        if tg.name != name:
            continue
        same = (
            str(tg.protocol or "") == str(kwargs.get("protocol") or "")
            and str(tg.port) == str(kwargs.get("port"))
            and tg.vpc_id == kwargs.get("vpc_id")
            and tg.target_type == (kwargs.get("target_type") or "instance")
        )
        if same:
            return tg
        raise DuplicateTargetGroupName()
    return original(self, name, **kwargs)


@_wrap(ELBV2, "create_listener")
def _create_listener_idempotent(original: Any, self: Any, *args: Any, **kwargs: Any) -> Any:
    """CreateListener (ELBv2 API reference: "This operation is idempotent ... If you
    attempt to create multiple listeners with the same settings, each call succeeds.";
    DuplicateListener for another listener on the port). moto checks the port in name
    only (it keys listeners by ARN, so a second listener on the port
    is made). The same port and protocol return the existing listener."""
    balancer = self.load_balancers.get(kwargs.get("load_balancer_arn"))
    port = str(kwargs.get("port"))
    for existing in (balancer.listeners.values() if balancer is not None else []):
        if str(existing.port) != port:
            continue
        if existing.protocol == str(kwargs.get("protocol") or "").upper():
            return existing
        raise DuplicateListenerError()
    return original(self, *args, **kwargs)


# --------------------------------------------------------------------------------------
# 10-16. What AWS fills in for ECS services and task definitions (moto echoes the request)
# --------------------------------------------------------------------------------------


@_wrap(ECSResponse, "create_service")
def _create_service_az_rebalancing(original: Any, self: Any) -> Any:
    """Patch 10: moto neither stores nor returns availabilityZoneRebalancing on
    CreateService. AWS (ECS API reference, CreateService/UpdateService/Service,
    availabilityZoneRebalancing): "For create service requests, when no value is specified
    for AvailabilityZoneRebalancing, Amazon ECS defaults the value to ENABLED." and "For
    update service requests, when no value is specified for AvailabilityZoneRebalancing,
    Amazon ECS defaults to the existing service’s AvailabilityZoneRebalancing value."
    (UpdateService: moto already copies a given value onto the service and keeps it
    otherwise.) Not reproduced: AWS's notice of the change (June 2025) says services that
    are "not compatible — such as those using the binpack placement strategy — will
    default to false"; the full list of incompatible configurations is not documented.
    """
    given = self._get_param("availabilityZoneRebalancing")
    result = original(self)
    result.result["service"].availability_zone_rebalancing = given or "ENABLED"
    return result


@_wrap(ECSResponse, "create_service")
def _create_service_deployment_strategy(original: Any, self: Any) -> Any:
    """Patch 11: a service of the ECS deployment controller created without a deployment
    strategy reports `strategy: ROLLING` and `bakeTimeInMinutes: 0` in its
    deploymentConfiguration, as AWS has returned since ECS-native blue/green deployments
    (July 2025) in real DescribeServices/UpdateService responses (for example the ECS
    workshop's `retail-store-ecs-cluster/ui`, 2026: `"strategy": "ROLLING",
    "bakeTimeInMinutes": 0` beside the circuit breaker and 200/100). The API reference
    (DeploymentConfiguration) lists ROLLING as a strategy but states no default; the
    Terraform provider marks both attributes Computed. A strategy given is kept as sent
    (patch 2 stores the deploymentConfiguration, and UpdateService merges into it, so an
    UpdateService without a strategy keeps this one). Services of the CODE_DEPLOY and
    EXTERNAL controllers are left alone: no real response of theirs was found.
    """
    given = self._get_param("deploymentConfiguration") or {}
    result = original(self)
    service = result.result["service"]
    if service.deployment_controller.get("type", "ECS") == "ECS" and "strategy" not in given:
        service.deployment_configuration["strategy"] = "ROLLING"
        service.deployment_configuration.setdefault("bakeTimeInMinutes", 0)
    return result


# The role ECS uses for a service when none is given ("If your account has already created
# the Amazon ECS service-linked role, that role is used for your service unless you
# specify a role here.", ECS API reference, CreateService, role), as every recorded
# response shows it (tests/fixtures/aws-real/create-service.response.json; the AWS CLI's
# own examples, awscli/examples/ecs/create-service.rst and update-service.rst).
_ECS_SERVICE_LINKED_ROLE = "aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS"


def _iam_role_arn(region: str, account: str, name: str) -> str:
    return f"arn:{get_partition(region)}:iam::{account}:role/{name.lstrip('/')}"


@_wrap(ECSResponse, "create_service")
def _create_service_role_arn(original: Any, self: Any) -> Any:
    """Patch 12: moto returns CreateService's `role` as `roleArn` exactly as given (a bare
    name stays a name) and none at all without it. AWS (ECS API reference, CreateService,
    role): "The name or full Amazon Resource Name (ARN) of the IAM role that allows Amazon
    ECS to make calls to your load balancer on your behalf." ... "If your specified role
    has a path other than /, then you must either specify the full role ARN (this is
    recommended) or prefix the role name with the path. For example, if a role with the
    name bar has a path of /foo/ then you would specify /foo/bar as the role name."; the
    service returns the role's ARN (Service.roleArn; AWS CLI example create-service.rst,
    Example 4: `"role": "ecsServiceRole"` is returned as
    `"roleArn": "arn:aws:iam::123456789012:role/ecsServiceRole"`). So `name` becomes
    `arn:aws:iam::<account>:role/name`, `/foo/bar` becomes `...:role/foo/bar`, an ARN stays
    as given, and without a role the service-linked role's ARN is reported.
    """
    role = self._get_param("role")
    result = original(self)
    service = result.result["service"]
    region, account = service.region_name, self.ecs_backend.account_id
    if not role:
        service.role_arn = _iam_role_arn(region, account, _ECS_SERVICE_LINKED_ROLE)
    elif not role.startswith("arn:"):
        service.role_arn = _iam_role_arn(region, account, role)
    return result


@_wrap(ECS, "register_task_definition")
def _bridge_dynamic_host_port(original: Any, self: Any, *a: Any, **kw: Any) -> Any:
    """Patch 13: under the `bridge` network mode (the default on Linux: "If no network mode
    is specified, the default is bridge", RegisterTaskDefinition, networkMode) a port
    mapping without hostPort is a dynamic host port. AWS (ECS API reference, PortMapping,
    hostPort): "If you use containers in a task with the bridge network mode, you can
    specify a non-reserved host port for your container port mapping, or you can omit the
    hostPort (or set it to 0) while specifying a containerPort and your container
    automatically receives a port in the ephemeral port range"; the task definition
    returns it as `hostPort: 0` (the API representation in hashicorp/terraform-provider-aws
    internal/service/ecs/container_definitions_test.go@0413c661,
    TestContainerDefinitionsAreEquivalent_portMappings: `{"containerPort": 80}` comes back
    as `{"containerPort": 80, "hostPort": 0, "protocol": "tcp"}`). moto leaves it unset.
    Port ranges (containerPortRange) are left as they are.
    """
    td = original(self, *a, **kw)
    if td.network_mode == "bridge":
        for container in td.container_definitions:
            for mapping in container.get("portMappings") or []:
                if "containerPort" in mapping and "containerPortRange" not in mapping:
                    mapping.setdefault("hostPort", 0)
    return td


# ECS API reference, HealthCheck: interval "The default value is 30 seconds.", timeout
# "The default value is 5.", retries "The default value is 3."; startPeriod: "By default,
# the startPeriod is off." (so it is not filled in).
_HEALTH_CHECK_DEFAULTS = (("interval", 30), ("timeout", 5), ("retries", 3))


@_wrap(ECS, "register_task_definition")
def _health_check_defaults(original: Any, self: Any, *a: Any, **kw: Any) -> Any:
    """Patch 14: moto returns a container healthCheck as given. AWS returns the documented
    defaults (_HEALTH_CHECK_DEFAULTS) for interval, timeout and retries, and no
    startPeriod: a task definition registered with only a command is described with
    `interval = 30, retries = 3, timeout = 5` (terraform-aws-modules/terraform-aws-ecs
    issue #148, the plan diff against DescribeTaskDefinition; eagletmt/hako PR #56:
    "DescribeTaskDefinition returns interval=30 even if RegisterTaskDefinition is called
    without" it; hashicorp/terraform-provider-aws internal/service/ecs/container_definitions.go
    fills the same three before comparing).
    """
    td = original(self, *a, **kw)
    for container in td.container_definitions:
        check = container.get("healthCheck")
        if isinstance(check, dict):
            for key, value in _HEALTH_CHECK_DEFAULTS:
                check.setdefault(key, value)
    return td


@_wrap(ECS, "register_task_definition")
def _docker_volume_defaults(original: Any, self: Any, *a: Any, **kw: Any) -> Any:
    """Patch 15: moto returns a volume's dockerVolumeConfiguration as given. AWS (ECS API
    reference, DockerVolumeConfiguration, scope: "Docker volumes that are scoped to a task
    are automatically provisioned when the task starts and destroyed when the task stops.
    Docker volumes that are scoped as shared persist after the task stops.") returns
    `scope: "task"` and `driver: "local"` (Docker's built-in driver) for a configuration
    that sets neither: hashicorp/terraform-provider-aws
    aws/resource_aws_ecs_task_definition_test.go,
    TestAccAWSEcsTaskDefinition_withDockerVolumeMinimalConfig, registers
    `docker_volume_configuration { autoprovision = true }` against AWS and reads back
    `scope = "task"` and `driver = "local"` (the provider's schema marks scope Computed).
    autoprovision, which "is only used if the scope is shared", is not filled in.
    """
    td = original(self, *a, **kw)
    for volume in td.volumes or []:
        config = volume.get("dockerVolumeConfiguration")
        if isinstance(config, dict):
            config.setdefault("scope", "task")
            config.setdefault("driver", "local")
    return td


@_wrap(ECS, "register_task_definition")
def _task_role_arns(original: Any, self: Any, *a: Any, **kw: Any) -> Any:
    """Patch 16: moto returns taskRoleArn and executionRoleArn as given. AWS
    (RegisterTaskDefinition, taskRoleArn: "The short name or full Amazon Resource Name
    (ARN) of the IAM role that containers in this task can assume.") stores a role given
    by name as its ARN: "ECS returns the fully-qualified ARN when describing the task def"
    (aws/copilot-cli PR #2887, by an ECS maintainer, with the CloudFormation drift
    `"ExecutionRoleArn": "proton-...-ExecutionRole-..."` -> `"arn:aws:iam::123456789012:
    role/proton-...-ExecutionRole-..."`, and the same for TaskRoleArn); "ECS will fill in
    the account ID server-side when the task definition is registered"
    (aws-actions/amazon-ecs-render-task-definition issue #19); the Terraform state of
    hashicorp/terraform-provider-aws issue #4735 holds the ARN for an
    execution_role_arn given as a name. A name with a path (`/foo/bar`) is left as given:
    what AWS returns for it was not established.
    """
    td = original(self, *a, **kw)
    for attr in ("task_role_arn", "execution_role_arn"):
        name = getattr(td, attr, None)
        if name and not name.startswith("arn:") and "/" not in name:
            setattr(td, attr, _iam_role_arn(self.region_name, self.account_id, name))
    return td


# --------------------------------------------------------------------------------------
# 3 (continued). ECS CreateService clientToken (outermost CreateService wrapper)
# --------------------------------------------------------------------------------------


@_wrap(ECSResponse, "create_service")
def _create_service_client_token(original: Any, self: Any) -> Any:
    """Patch 3 (clientToken): moto ignores CreateService's clientToken. AWS (ECS API
    reference, CreateService, clientToken: "An identifier that you provide to ensure the
    idempotency of the request. It must be unique and is case sensitive."): a request
    repeated with the token of the request that created an ACTIVE service gets that
    service back, where without it (patch 3 above) it fails as not idempotent. This is
    what makes an SDK retry after a lost response safe."""
    token = self._get_param("clientToken")
    if token:
        backend = self.ecs_backend
        cluster = backend._get_cluster(self._get_param("cluster", "default"))
        existing = backend.services.get(f"{cluster.name}:{self._get_param('serviceName')}")
        if (
            existing is not None
            and existing.status == "ACTIVE"
            and getattr(existing, "ecsform_client_token", None) == token
        ):
            return ActionResult({"service": existing})
    result = original(self)
    if token:
        result.result["service"].ecsform_client_token = token
    return result


# --------------------------------------------------------------------------------------
# 9. ECS service revisions (outermost CreateService/UpdateService wrappers)
# --------------------------------------------------------------------------------------


def _service_revision(original: Any, self: Any) -> Any:
    """Patch 9: moto has no service revisions. AWS (ECS API reference, Service:
    currentServiceRevisions, "The list of the service revisions currently in use";
    ServiceRevision; ServiceCurrentRevisionSummary): each deployment runs a service
    revision, an immutable record of the settings it deploys, with an ARN
    `arn:aws:ecs:<region>:<account>:service-revision/<cluster>/<service>/<id>`; among them
    `monitoring` and `gatewayConnectors`, which only the revision returns. Here a new
    revision is made with each new PRIMARY deployment (patch 5), and the service lists it
    as its one current revision (moto's deployments complete at once)."""
    result = original(self)
    service = result.result["service"]
    if not service.deployments:
        return result
    backend = self.ecs_backend
    revisions = backend.__dict__.setdefault("ecsform_service_revisions", {})
    primary = service.deployments[0]
    if getattr(service, "ecsform_revision_of", None) != primary["id"]:
        arn = (f"arn:aws:ecs:{service.region_name}:{backend.account_id}:service-revision/"
               f"{service.cluster_name}/{service.name}/{mock_random.randint(10**18, 10**19 - 1)}")
        revision = {
            "serviceRevisionArn": arn,
            "serviceArn": service.arn,
            "clusterArn": service.cluster_arn,
            "taskDefinition": service.task_definition,
            "launchType": service.launch_type,
            "capacityProviderStrategy": getattr(service, "capacity_provider_strategy", None) or None,
            "platformVersion": service.platform_version,
            "loadBalancers": service.load_balancers or None,
            "serviceRegistries": service.service_registries or None,
            "networkConfiguration": service.network_configuration or None,
            "serviceConnectConfiguration": primary.get("serviceConnectConfiguration"),
            "monitoring": getattr(service, "monitoring", None),
            "gatewayConnectors": getattr(service, "gateway_connectors", None),
            "createdAt": utcnow(),
        }
        revisions[arn] = {k: copy.deepcopy(v) for k, v in revision.items() if v is not None}
        service.ecsform_revision_of = primary["id"]
        service.ecsform_revision_arn = arn
    service.current_service_revisions = [{
        "arn": service.ecsform_revision_arn,
        "requestedTaskCount": service.desired_count,
        "runningTaskCount": service.running_count,
        "pendingTaskCount": service.pending_count,
    }]
    return result


_wrap(ECSResponse, "create_service")(_service_revision)
_wrap(ECSResponse, "update_service")(_service_revision)


@_add(ECSResponse, "describe_service_revisions")
def _describe_service_revisions(self: Any) -> Any:
    """Patch 9: DescribeServiceRevisions (missing in moto). AWS (ECS API reference,
    DescribeServiceRevisions): up to 20 ARNs; the revisions found in `serviceRevisions`,
    each ARN not found in `failures` with reason MISSING."""
    arns = self._get_param("serviceRevisionArns") or []
    if not arns or len(arns) > 20:
        raise InvalidParameterException("serviceRevisionArns must hold 1 to 20 ARNs.")
    revisions = self.ecs_backend.__dict__.get("ecsform_service_revisions", {})
    found = [revisions[a] for a in arns if a in revisions]
    failures = [{"arn": a, "reason": "MISSING"} for a in arns if a not in revisions]
    return ActionResult({"serviceRevisions": found, "failures": failures})


# --------------------------------------------------------------------------------------
# 18. ECS DeleteCluster of a cluster with services
# --------------------------------------------------------------------------------------


class ClusterContainsServicesException(ECSException):
    def __init__(self) -> None:
        super().__init__("ClusterContainsServicesException", "The Cluster cannot be deleted while Services are active.")


@_wrap(ECS, "delete_cluster")
def _delete_cluster_with_services(original: Any, self: Any, cluster_str: str) -> Any:
    """Patch 18: moto marks a cluster INACTIVE whatever it holds. AWS (ECS API reference,
    DeleteCluster, Errors: ClusterContainsServicesException, "You can't delete a cluster
    that contains services. First, update the service to reduce its desired task count
    to 0, and then delete the service."; botocore's ecs service-2.json lists it for
    DeleteCluster): a cluster with a service that is not INACTIVE (ACTIVE, or DRAINING
    after DeleteService) is not deleted. AWS's message, HTTP 400, as real responses show it
    ("ClusterContainsServicesException: The Cluster cannot be deleted while Services are
    active. status code: 400", aws/amazon-ecs-cli#368, coldbrewcloud/coldbrew-cli#35).
    Services deleted are INACTIVE at once in moto (patch 5 has no draining), so a
    cluster emptied by DeleteService is deleted as before."""
    cluster = self._get_cluster(cluster_str)
    if any(
        service.cluster_arn == cluster.arn and service.status != "INACTIVE"
        for service in self.services.values()
    ):
        raise ClusterContainsServicesException()
    return original(self, cluster_str)


# --------------------------------------------------------------------------------------
# 19. ECS DescribeTaskDefinition of a family
# --------------------------------------------------------------------------------------


@_wrap(ECS, "describe_task_definition")
def _describe_latest_active_revision(original: Any, self: Any, task_definition_str: str) -> Any:
    """Patch 19: moto answers a family with its highest revision, INACTIVE or not. AWS
    (ECS API reference, DescribeTaskDefinition, taskDefinition: "The family for the latest
    ACTIVE revision, family and revision (family:revision) for a specific revision in the
    family, or full Amazon Resource Name (ARN) of the task definition to describe."): a
    family alone names its latest ACTIVE revision; a family with none is not found
    (moto's own answer for an unknown family, ClientException "Unable to describe task
    definition."). A revision named by family:revision or ARN is described whatever its
    status, as before ("INACTIVE task definitions remain discoverable", DeregisterTaskDefinition)."""
    name = task_definition_str.split("/")[-1]
    if ":" in name or name not in self.task_definitions:
        return original(self, task_definition_str)
    active = [r for r, td in self.task_definitions[name].items() if td.status == "ACTIVE"]
    if not active:
        raise TaskDefinitionNotFoundException()
    return self.task_definitions[name][max(active)]


# --------------------------------------------------------------------------------------
# 20. Cloud Map in the Resource Groups Tagging API
# --------------------------------------------------------------------------------------


@_wrap(rgta_models.ResourceGroupsTaggingAPIBackend, "_get_resources_generator")
def _cloud_map_in_get_resources(original: Any, self: Any, tag_filters: Any = None,
                                resource_type_filters: Any = None, resource_arn_list: Any = None) -> Any:
    """Patch 20: moto's GetResources leaves Cloud Map out (its backend does not take part in
    the tagging API). AWS (Resource Groups Tagging API reference, GetResources; "Services
    that support the Resource Groups Tagging API" lists AWS Cloud Map): tagged namespaces
    (`servicediscovery:namespace`) and services (`servicediscovery:service`) are returned,
    with their tags, under the same TagFilters / ResourceTypeFilters / ResourceARNList as
    every other resource."""
    yield from original(self, tag_filters=tag_filters, resource_type_filters=resource_type_filters,
                        resource_arn_list=resource_arn_list)
    backends = sd_models.servicediscovery_backends
    if self.account_id not in backends or self.region_name not in backends[self.account_id]:
        return
    sd = backends[self.account_id][self.region_name]
    matcher = make_tag_matcher(tag_filters)
    found = [(ns.arn, "servicediscovery:namespace") for ns in sd.namespaces.values()]
    found += [(svc.arn, "servicediscovery:service") for svc in sd.services.values()]
    for arn, resource_type in found:
        tags = sd.tagger.get_tag_dict_for_resource(arn)
        if not tags or not match_resource_type(resource_type, resource_type_filters) or not matcher(tags):
            continue
        if resource_arn_list and arn not in resource_arn_list:
            continue
        yield TaggedResource(arn=arn, tags=tags, resource_type=resource_type)


# 23-25. ECS deployments that take time or fail (outermost CreateService/UpdateService
# wrappers; a test selects the behaviour in the task definition, see below)
# --------------------------------------------------------------------------------------
#
# moto's (and patch 5's) deployments complete at once. On AWS a deployment's tasks take
# time to start, and may stop; ECS reports it as these patches do:
#  - DescribeServices: the new deployment PRIMARY with `rolloutState` IN_PROGRESS,
#    `rolloutStateReason` "ECS deployment <id> in progress.", `pendingCount` /
#    `runningCount` / `failedTasks`; the deployment it replaces ACTIVE with its running
#    tasks; the service's `runningCount` / `pendingCount` the sum; COMPLETED once the
#    tasks run, the old deployment gone (ECS API reference, Deployment: status "PRIMARY:
#    The most recent deployment of a service. ACTIVE: A service deployment that still has
#    running tasks, but are in the process of being replaced with a new PRIMARY
#    deployment."; rolloutState; failedTasks "The number of consecutively failed tasks in
#    the deployment").
#  - service `events`, newest first, with the wording of the developer guide's "Amazon
#    ECS service event messages": "(service NAME) has started N tasks: (task ID).",
#    "(service NAME) has reached a steady state.", "(service NAME) (deployment ID)
#    deployment completed.", "(service NAME) (deployment ID) deployment failed: tasks
#    failed to start.", "(service NAME) rolling back to deployment ID."
#  - stopped tasks: ListTasks (serviceName, desiredStatus STOPPED) and DescribeTasks with
#    `lastStatus`/`desiredStatus` STOPPED, `stopCode` and `stoppedReason` and the
#    container's `reason` / `exitCode` (ECS API reference, Task: stopCode
#    "TaskFailedToStart | EssentialContainerExited | UserInitiated |
#    ServiceSchedulerInitiated | ..."; developer guide, "Amazon ECS stopped task error
#    messages": "CannotPullContainerError: pull image manifest has been retried ...",
#    "Essential container in task exited", "Task failed ELB health checks in (target-group
#    ARN)").
#  - the deployment circuit breaker (developer guide, "How the Amazon ECS deployment
#    circuit breaker detects failures"): the deployment FAILS once its failed tasks reach
#    the threshold, 0.5 x the desired count rounded up, at least 3 and at most 200;
#    rolloutStateReason "ECS deployment circuit breaker: tasks failed to start."; ECS then
#    stops launching tasks. With `rollback`, the service goes back to the last deployment
#    that COMPLETED (a new deployment of its task definition; "The rollback method
#    requires a previous deployment in COMPLETED state", "Amazon ECS deployment failure
#    detection"); without one (a new service) the deployment stays FAILED. Without the
#    circuit breaker ECS keeps starting tasks, and the deployment stays IN_PROGRESS.
#
# The behaviour is selected by environment variables of the task definition's first
# container (names no real workload uses; the values are never sent anywhere):
#   ECSFORM_TESTBED_START_SECONDS=N   the tasks take N seconds to start (or to fail)
#   ECSFORM_TESTBED_STOP=image-pull | essential-exit | elb-health
#                                     every task stops with that reason, N seconds (1 by
#                                     default) after it was started
# State is computed from the wall clock each time it is read (DescribeServices, ListTasks,
# DescribeTasks), so a test waits in real time, as against AWS.

import hashlib
import math
import time as _time

_CONTROL_START = "ECSFORM_TESTBED_START_SECONDS"
_CONTROL_STOP = "ECSFORM_TESTBED_STOP"
# The most stopped tasks kept per service ("Stopped tasks appear in the returned results
# for at least one hour"; a test needs the last few).
_STOPPED_KEPT = 50


def _control(backend: Any, task_definition_arn: str | None) -> dict[str, Any] | None:
    if not task_definition_arn:
        return None
    try:
        td = backend.describe_task_definition(task_definition_arn)
    except Exception:  # noqa: BLE001 - an unknown definition selects nothing
        return None
    if not td.container_definitions:
        return None
    first = td.container_definitions[0]
    env = {e.get("name"): e.get("value") for e in first.get("environment") or []}
    if _CONTROL_START not in env and _CONTROL_STOP not in env:
        return None
    return {
        "start": max(float(env.get(_CONTROL_START) or 1), 0.1),
        "stop": env.get(_CONTROL_STOP) or None,
        "container": first.get("name", "app"),
        "image": first.get("image", ""),
    }


def _event(service: Any, message: str) -> None:
    service.events.insert(0, {"id": str(mock_random.uuid4()), "createdAt": utcnow(), "message": message})


def _task_id(*parts: Any) -> str:
    return hashlib.sha256("/".join(str(p) for p in parts).encode()).hexdigest()[:32]


def _threshold(desired: int) -> int:
    # "minimum threshold of 3 and a maximum threshold of 200 ... 0.5 * desired task count"
    # (rounded up).
    return min(200, max(3, math.ceil(0.5 * desired)))


_STOPS = {
    "image-pull": (
        "TaskFailedToStart",
        "CannotPullContainerError: pull image manifest has been retried 5 time(s): "
        "failed to resolve ref {image}: not found",
        None,
    ),
    "essential-exit": ("EssentialContainerExited", "Essential container in task exited", 1),
    "elb-health": ("ServiceSchedulerInitiated", "Task failed ELB health checks in (target-group {target_group})", 143),
}


def _stopped_task(backend: Any, service: Any, r: dict[str, Any], attempt: int, n: int) -> dict[str, Any]:
    code, reason, exit_code = _STOPS[r["control"]["stop"]]
    target_group = next((lb.get("targetGroupArn") for lb in service.load_balancers or [] if lb.get("targetGroupArn")),
                        "unknown")
    reason = reason.format(image=r["control"]["image"], target_group=target_group)
    task_id = _task_id(r["id"], attempt, n)
    arn = f"arn:aws:ecs:{service.region_name}:{backend.account_id}:task/{service.cluster_name}/{task_id}"
    container: dict[str, Any] = {"name": r["control"]["container"], "taskArn": arn, "lastStatus": "STOPPED"}
    if code == "TaskFailedToStart":
        container["reason"] = reason
    if exit_code is not None:
        container["exitCode"] = exit_code
    return {
        "taskArn": arn,
        "clusterArn": service.cluster_arn,
        "taskDefinitionArn": r["taskDefinition"],
        "group": f"service:{service.name}",
        "startedBy": r["id"],
        "lastStatus": "STOPPED",
        "desiredStatus": "STOPPED",
        "stopCode": code,
        "stoppedReason": reason,
        "launchType": service.launch_type,
        "containers": [container],
    }


def _deployment(service: Any, r: dict[str, Any], **fields: Any) -> dict[str, Any]:
    d = {
        "id": r["id"],
        "status": "PRIMARY",
        "taskDefinition": r["taskDefinition"],
        "desiredCount": r["desired"],
        "pendingCount": 0,
        "runningCount": 0,
        "failedTasks": 0,
        "createdAt": r["createdAt"],
        "updatedAt": utcnow(),
        "launchType": service.launch_type,
        "platformVersion": service.platform_version,
        "networkConfiguration": service.network_configuration or None,
        "rolloutState": "IN_PROGRESS",
        "rolloutStateReason": f"ECS deployment {r['id']} in progress.",
    }
    d.update(fields)
    return {k: v for k, v in d.items() if v is not None}


def _set_counts(backend: Any, service: Any, running: int, pending: int) -> None:
    cluster = backend._get_cluster(service.cluster_name)
    backend.update_cluster_resources(cluster, running - service.running_count, "RUNNING")
    backend.update_cluster_resources(cluster, pending - service.pending_count, "PENDING")
    service.running_count = running
    service.pending_count = pending


def _advance(backend: Any, service: Any) -> None:
    """Patches 23-25: brings a service's rollout to where the wall clock says it is."""
    r = getattr(service, "ecsform_rollout", None)
    if r is None or service.status != "ACTIVE":
        return
    elapsed = _time.monotonic() - r["t0"]
    prev = r["previous"]
    prev_running = prev["runningCount"] if prev else 0
    old = [{**prev, "status": "ACTIVE"}] if prev else []
    stop = r["control"]["stop"]
    start = r["control"]["start"]
    desired = r["desired"]
    if stop is None:
        if elapsed < start:
            if not r["started"]:
                r["started"] = True
                ids = " ".join(f"(task {_task_id(r['id'], 0, n)})" for n in range(desired))
                _event(service, f"(service {service.name}) has started {desired} tasks: {ids}.")
            service.deployments = [_deployment(service, r, pendingCount=desired)] + old
            _set_counts(backend, service, prev_running, desired)
            return
        service.deployments = [_deployment(service, r, runningCount=desired, rolloutState="COMPLETED",
                                           rolloutStateReason=f"ECS deployment {r['id']} completed.")]
        _set_counts(backend, service, desired, 0)
        _event(service, f"(service {service.name}) ({'deployment ' + r['id']}) deployment completed.")
        _event(service, f"(service {service.name}) has reached a steady state.")
        service.ecsform_rollout = None
        return
    # Tasks that stop: each attempt starts `desired` tasks, which stop `start` s later.
    cb = (getattr(service, "deployment_configuration", None) or {}).get("deploymentCircuitBreaker") or {}
    threshold = _threshold(desired)
    attempts = int(elapsed // start)
    if cb.get("enable"):
        attempts = min(attempts, math.ceil(threshold / max(desired, 1)))
    stopped = getattr(service, "ecsform_stopped", None)
    if stopped is None:
        stopped = service.ecsform_stopped = []
    def started(attempt: int) -> None:
        ids = " ".join(f"(task {_task_id(r['id'], attempt, n)})" for n in range(desired))
        _event(service, f"(service {service.name}) has started {desired} tasks: {ids}.")

    if not r["started"]:
        r["started"] = True
        started(0)
    while r["attempts"] < attempts:
        for n in range(desired):
            stopped.insert(0, _stopped_task(backend, service, r, r["attempts"], n))
        del stopped[_STOPPED_KEPT:]
        r["attempts"] += 1
        if not (cb.get("enable") and r["attempts"] * desired >= threshold):
            started(r["attempts"])
    failed = r["attempts"] * desired
    if not (cb.get("enable") and failed >= threshold):
        service.deployments = [_deployment(service, r, pendingCount=desired, failedTasks=failed)] + old
        _set_counts(backend, service, prev_running, desired)
        return
    _event(service, f"(service {service.name}) (deployment {r['id']}) deployment failed: tasks failed to start.")
    failed_deployment = _deployment(service, r, failedTasks=failed, rolloutState="FAILED",
                                    rolloutStateReason="ECS deployment circuit breaker: tasks failed to start.")
    service.ecsform_rollout = None
    if not (cb.get("rollback") and prev and prev.get("rolloutState") == "COMPLETED"):
        service.deployments = [failed_deployment] + old
        _set_counts(backend, service, prev_running, 0)
        return
    # Rollback: a new deployment of the last completed one's task definition, whose tasks
    # are those still running; the failed deployment has none left and goes.
    _event(service, f"(service {service.name}) rolling back to deployment {prev['id']}.")
    back_id = f"ecs-svc/{mock_random.randint(10**18, 10**19 - 1)}"
    # Patch 27: the rollback deployment's tasks are the previous deployment's (same
    # targets, same target groups).
    _task_aliases(service)[back_id] = _task_aliases(service).get(prev["id"], prev["id"])
    service.task_definition = prev["taskDefinition"]
    service.deployments = [{
        **prev, "id": back_id, "status": "PRIMARY", "desiredCount": desired, "runningCount": desired,
        "pendingCount": 0, "failedTasks": 0, "createdAt": utcnow(), "updatedAt": utcnow(),
        "rolloutState": "COMPLETED", "rolloutStateReason": f"ECS deployment {back_id} completed.",
    }]
    _set_counts(backend, service, desired, 0)
    _event(service, f"(service {service.name}) has reached a steady state.")


def _rollout(original: Any, self: Any) -> Any:
    """Patches 23-25 (CreateService/UpdateService): a new deployment whose task definition
    selects a behaviour starts a rollout (see above) instead of completing at once."""
    p = self._get_params()
    backend = self.ecs_backend
    before = None
    if p.get("service"):
        try:
            svc = backend._get_service(p.get("cluster", "default"), p["service"])
            _advance(backend, svc)
            before = copy.deepcopy(svc.deployments[0]) if svc.deployments else None
        except Exception:  # noqa: BLE001 - moto answers for an unknown service itself
            before = None
    result = original(self)
    service = result.result["service"]
    if service.deployment_controller.get("type") != "ECS" or not service.deployments:
        return result
    primary = service.deployments[0]
    if before is not None and primary["id"] == before["id"]:
        r = getattr(service, "ecsform_rollout", None)
        if r is not None:  # a scale alone during a rollout: its count changes
            r["desired"] = service.desired_count
            _advance(backend, service)
        return result
    control = _control(backend, primary.get("taskDefinition"))
    service.ecsform_rollout = None
    if control is None:
        return result
    # The tasks of the deployment replaced keep running until the new ones do.
    previous = before if before and before.get("rolloutState") == "COMPLETED" else (
        getattr(service, "ecsform_last_completed", None))
    service.ecsform_rollout = {
        "id": primary["id"],
        "t0": _time.monotonic(),
        "createdAt": primary.get("createdAt") or utcnow(),
        "taskDefinition": primary.get("taskDefinition"),
        "desired": service.desired_count,
        "control": control,
        "previous": previous,
        "started": False,
        "attempts": 0,
    }
    if previous is None:
        _set_counts(backend, service, 0, 0)
    _advance(backend, service)
    return result


_wrap(ECSResponse, "create_service")(_rollout)
_wrap(ECSResponse, "update_service")(_rollout)


@_wrap(ECSResponse, "describe_services")
def _describe_services_rollout(original: Any, self: Any) -> Any:
    """Patches 23-25: DescribeServices answers a rollout's state as of now."""
    backend = self.ecs_backend
    for service in list(backend.services.values()):
        _advance(backend, service)
    result = original(self)
    for service in result.result.get("services") or []:
        d = (service.deployments or [None])[0]
        if d and d.get("status") == "PRIMARY" and d.get("rolloutState") == "COMPLETED":
            service.ecsform_last_completed = copy.deepcopy(d)
    return result


@_wrap(ECSResponse, "list_tasks")
def _list_stopped_tasks(original: Any, self: Any) -> Any:
    """Patch 24: ListTasks with serviceName and desiredStatus STOPPED lists the service's
    stopped tasks (ECS API reference, ListTasks: desiredStatus STOPPED "can be useful for
    debugging tasks that aren't starting properly or have died or finished")."""
    backend = self.ecs_backend
    for service in list(backend.services.values()):
        _advance(backend, service)
    result = original(self)
    name = self._get_param("serviceName")
    if not name or self._get_param("desiredStatus") != "STOPPED":
        return result
    try:
        service = backend._get_service(self._get_param("cluster", "default"), name)
    except Exception:  # noqa: BLE001 - moto's answer stands
        return result
    arns = [t["taskArn"] for t in getattr(service, "ecsform_stopped", None) or []]
    limit = self._get_param("maxResults") or 100
    result.result["taskArns"] = (list(result.result.get("taskArns") or []) + arns)[:limit]
    return result


@_wrap(ECSResponse, "describe_tasks")
def _describe_stopped_tasks(original: Any, self: Any) -> Any:
    """Patch 24: DescribeTasks of a stopped task of a rollout."""
    backend = self.ecs_backend
    wanted = self._get_param("tasks", []) or []
    ours = {}
    for service in backend.services.values():
        for t in getattr(service, "ecsform_stopped", None) or []:
            ours[t["taskArn"]] = t
            ours[t["taskArn"].rsplit("/", 1)[-1]] = t
    extra = [ours[w] for w in wanted if w in ours]
    rest = [w for w in wanted if w not in ours]
    if not rest:
        backend._get_cluster(self._get_param("cluster", "default"))
        return ActionResult({"tasks": extra, "failures": []})
    result = original(self)
    result.result["tasks"] = list(result.result.get("tasks") or []) + extra
    return result


# --------------------------------------------------------------------------------------
# 26. ELBv2 SetSecurityGroups: a Network Load Balancer's PrivateLink flag
# --------------------------------------------------------------------------------------

_PRIVATE_LINK_FLAG = "EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic"


@_wrap(elbv2_responses.ELBV2Response, "set_security_groups")
def _set_security_groups_private_link_flag(original: Any, self: Any) -> Any:
    """Patch 26: moto drops SetSecurityGroups' EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic.
    AWS (ELBv2 API reference, SetSecurityGroups: "Indicates whether to evaluate inbound
    security group rules for traffic sent to a Network Load Balancer through AWS
    PrivateLink."; Valid Values: on | off; the output and LoadBalancer of
    DescribeLoadBalancers carry the same member; Network Load Balancer user guide, "Security
    groups for your Network Load Balancer", "Update the security settings"): a Network Load
    Balancer keeps the value it is given, SetSecurityGroups answers it, DescribeLoadBalancers
    returns it. A call without it leaves the stored value as it is; a load balancer never
    given one returns none (as terraform-provider-aws#33767's acceptance tests found). Other
    load balancer types are left as moto has them (the setting is the Network Load
    Balancer's only)."""
    result = original(self)
    value = self._get_param(_PRIVATE_LINK_FLAG)
    balancer = self.elbv2_backend.load_balancers.get(self._get_param("LoadBalancerArn"))
    if value and balancer is not None and balancer.type == "network":
        balancer.enforce_security_group_inbound_rules_on_private_link_traffic = value
    stored = getattr(balancer, "enforce_security_group_inbound_rules_on_private_link_traffic", None)
    if stored and isinstance(result.result, dict):
        result.result[_PRIVATE_LINK_FLAG] = stored
    return result


# --------------------------------------------------------------------------------------
# 27. ECS registers a service's tasks in its target groups; DescribeTargetHealth follows
#     them (outermost CreateService/UpdateService/DeleteService wrappers)
# --------------------------------------------------------------------------------------
#
# moto never registers an ECS service's tasks in its target groups: DescribeTargetHealth
# of a service's group is empty. AWS:
#  - ECS developer guide, "Use load balancing to distribute Amazon ECS service traffic":
#    the service scheduler registers each task of a service with `loadBalancers` in its
#    target groups, and deregisters it when the task stops; "Registering multiple target
#    groups with an Amazon ECS service": up to five groups, several may name the same
#    container and port, and UpdateService changes them (a new deployment: patch 5's
#    _DEPLOYMENT_FIELDS); a deployment's tasks are registered in the groups of the
#    deployment that started them, so the replaced deployment's tasks stay in the old
#    groups until ECS stops them (patch 23: once the new tasks run).
#  - ECS API reference, LoadBalancer `targetGroupArn`: "If your service's task definition
#    uses the awsvpc network mode, you must choose ip as the target type ... because
#    tasks that use the awsvpc network mode are associated with an elastic network
#    interface": the target is the task's private IPv4 address (here a fixed fake
#    10.x.y.z per task) and the port the container port (awsvpc: hostPort =
#    containerPort, patch 6).
#  - ELB API reference, TargetHealth: `initial` with Reason `Elb.RegistrationInProgress`
#    ("The target is in the process of being registered with the load balancer") from
#    registration until the task runs (patch 23's START_SECONDS), then `healthy` (no
#    reason, no description); `unhealthy` with `Target.ResponseCodeMismatch` ("The health
#    checks did not return an expected HTTP code", HTTP/HTTPS groups) or
#    `Target.FailedHealthChecks` (other protocols) for the tasks of
#    ECSFORM_TESTBED_STOP=elb-health, from half-way through each attempt until ECS stops
#    them; `draining` with `Target.DeregistrationInProgress` once ECS deregisters a task it
#    stops (tasks of a replaced deployment, scale-in, a deleted service, a stopped
#    attempt), for the group's `deregistration_delay.timeout_seconds` (default 300; ALB
#    guide, "Deregistration delay"; DeregisterTargets: "The load balancer stops sending
#    requests to targets that are deregistering, but uses connection draining"), then
#    gone.
#  - DeleteTargetGroup "does not affect its registered targets" (ELB API reference): a
#    group with targets is deleted (moto allows it); its targets go with it.
# Tasks that never start (ECSFORM_TESTBED_STOP=image-pull: "CannotPullContainerError")
# are never registered; those of essential-exit are `initial` until they stop. Only `ip`
# target groups and awsvpc tasks are registered: bridge/host tasks (`instance` targets)
# would need container instances, which moto's services do not place tasks on.
#
# Registered targets live on moto's elbv2 backend (`ecsform_targets`, reset with it),
# apart from targets registered by RegisterTargets, which moto answers as before. They are
# brought up to date from the ECS services each time the services change (CreateService,
# UpdateService, DeleteService) or are read (DescribeServices, ListTasks, DescribeTasks),
# and on DescribeTargetHealth, which first brings every rollout to the wall clock (as
# DescribeServices does).

_DEREGISTRATION_DELAY = "deregistration_delay.timeout_seconds"


def _task_aliases(service: Any) -> dict[str, str]:
    aliases = getattr(service, "ecsform_task_aliases", None)
    if aliases is None:
        aliases = service.ecsform_task_aliases = {}
    return aliases


def _task_ip(task_id: str) -> str:
    h = hashlib.sha256(task_id.encode()).digest()
    return f"10.{h[0]}.{h[1]}.{h[2] % 254 + 1}"


def _elbv2_of(ecs_backend: Any) -> Any:
    return elbv2_models.elbv2_backends[ecs_backend.account_id][ecs_backend.region_name]


def _ecs_of(elbv2_backend: Any) -> Any:
    return ecs_models.ecs_backends[elbv2_backend.account_id][elbv2_backend.region_name]


def _network_mode(ecs_backend: Any, task_definition_arn: str | None) -> str | None:
    if not task_definition_arn:
        return None
    try:
        return ecs_backend.describe_task_definition(task_definition_arn).network_mode
    except Exception:  # noqa: BLE001 - an unknown definition starts no task here
        return None


def _deployment_tasks(service: Any, d: dict[str, Any], now: float) -> list[tuple[str, float, float]]:
    """The tasks of deployment d that ECS has registered (or is registering): (task id,
    healthy from, unhealthy from), times on the monotonic clock (inf: never)."""
    inf = math.inf
    r = getattr(service, "ecsform_rollout", None)
    key = _task_aliases(service).get(d["id"], d["id"])
    if r is None or r["id"] != d["id"]:
        # Running tasks (patch 5's and 23's completed deployments, the ACTIVE one a
        # rollout replaces): healthy.
        return [(_task_id(key, 0, n), now, inf) for n in range(int(d.get("runningCount") or 0))]
    start, stop = r["control"]["start"], r["control"]["stop"]
    if stop is None:
        return [(_task_id(key, 0, n), r["t0"] + start, inf) for n in range(r["desired"])]
    if stop == "image-pull":
        return []
    # The attempt under way (patch 24): started at t0 + attempt x start, stopped at the
    # next one.
    began = r["t0"] + r["attempts"] * start
    unhealthy = began + start / 2 if stop == "elb-health" else inf
    return [(_task_id(key, r["attempts"], n), inf, unhealthy) for n in range(r["desired"])]


def _sync_targets(ecs_backend: Any) -> None:
    """Patch 27: registers the tasks of the region's ECS services in their deployments'
    target groups, and deregisters (drains) the tasks ECS no longer runs."""
    elbv2 = _elbv2_of(ecs_backend)
    registry = getattr(elbv2, "ecsform_targets", None)
    if registry is None:
        registry = elbv2.ecsform_targets = {}
    now = _time.monotonic()
    wanted: set[tuple[str, str, int]] = set()
    for service in list(ecs_backend.services.values()):
        if service.status != "ACTIVE" or (service.deployment_controller or {}).get("type", "ECS") != "ECS":
            continue
        lbs = getattr(service, "ecsform_deployment_lbs", None)
        if lbs is None:
            lbs = service.ecsform_deployment_lbs = {}
        for d in service.deployments or []:
            key = _task_aliases(service).get(d["id"], d["id"])
            if key not in lbs:
                lbs[key] = copy.deepcopy(service.load_balancers or [])
            if _network_mode(ecs_backend, d.get("taskDefinition")) != "awsvpc":
                continue
            for task, healthy_at, unhealthy_at in _deployment_tasks(service, d, now):
                for lb in lbs[key]:
                    group = elbv2.target_groups.get(lb.get("targetGroupArn") or "")
                    if group is None or group.target_type != "ip" or lb.get("containerPort") is None:
                        continue
                    port = int(lb["containerPort"])
                    wanted.add((group.arn, task, port))
                    targets = registry.setdefault(group.arn, {})
                    if (task, port) not in targets:
                        targets[(task, port)] = {"id": _task_ip(task), "port": port, "healthy_at": healthy_at,
                                                 "unhealthy_at": unhealthy_at, "drain_until": None}
    for arn in list(registry):
        group = elbv2.target_groups.get(arn)
        if group is None:  # deleted, with its targets
            del registry[arn]
            continue
        for (task, port), t in list(registry[arn].items()):
            if t["drain_until"] is None and (arn, task, port) not in wanted:
                t["drain_until"] = now + float(group.attributes.get(_DEREGISTRATION_DELAY, 300))
            if t["drain_until"] is not None and now >= t["drain_until"]:
                del registry[arn][(task, port)]


def _target_health(group: Any, t: dict[str, Any], now: float) -> Any:
    port = str(t["port"]) if group.health_check_port in (None, "traffic-port") else group.health_check_port
    if t["drain_until"] is not None:
        return elbv2_models.FakeHealthStatus(t["id"], t["port"], port, "draining",
                                             "Target.DeregistrationInProgress", "Target deregistration is in progress")
    if now >= t["unhealthy_at"]:
        if group.health_check_protocol in ("HTTP", "HTTPS"):
            return elbv2_models.FakeHealthStatus(t["id"], t["port"], port, "unhealthy", "Target.ResponseCodeMismatch",
                                                 "Health checks failed with these codes: [502]")
        return elbv2_models.FakeHealthStatus(t["id"], t["port"], port, "unhealthy", "Target.FailedHealthChecks",
                                             "Health checks failed")
    if now >= t["healthy_at"]:
        return elbv2_models.FakeHealthStatus(t["id"], t["port"], port, "healthy")
    return elbv2_models.FakeHealthStatus(t["id"], t["port"], port, "initial", "Elb.RegistrationInProgress",
                                         "Target registration is in progress")


@_wrap(elbv2_models.ELBv2Backend, "describe_target_health")
def _describe_ecs_target_health(original: Any, self: Any, target_group_arn: str,
                                targets: list[dict[str, Any]]) -> list[Any]:
    """Patch 27: DescribeTargetHealth answers the targets ECS registered for its services'
    tasks (see above), as of now, besides those RegisterTargets registered (moto's)."""
    ecs = _ecs_of(self)
    for service in list(ecs.services.values()):
        _advance(ecs, service)
    _sync_targets(ecs)
    group = self.target_groups.get(target_group_arn)
    ours = (getattr(self, "ecsform_targets", None) or {}).get(target_group_arn) or {}
    if group is None or not ours:
        return original(self, target_group_arn, targets)
    now = _time.monotonic()
    if not targets:
        return list(original(self, target_group_arn, targets)) + [_target_health(group, t, now)
                                                                   for t in ours.values()]
    answers = []
    for wanted in targets:
        match = next((t for t in ours.values() if t["id"] == wanted.get("Id")
                      and ("Port" not in wanted or int(wanted["Port"]) == t["port"])), None)
        answers += [_target_health(group, match, now)] if match else original(self, target_group_arn, [wanted])
    return answers


def _then_sync_targets(original: Any, self: Any) -> Any:
    """Patch 27: after an ECS call that changes or reads services, their targets."""
    result = original(self)
    _sync_targets(self.ecs_backend)
    return result


for _action in ("create_service", "update_service", "delete_service", "describe_services", "list_tasks",
                "describe_tasks"):
    _wrap(ECSResponse, _action)(_then_sync_targets)
