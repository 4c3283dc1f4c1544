"""Tests of ecsform's moto patch layer (scripts/moto_patches/ecsform_moto.py), one class
per gap of tests/local-aws/GAPS.md (and per later patch), each asserting AWS's documented behaviour through the aws CLI
of .venv/local-aws (`--endpoint-url`, `--output json`).

The emulator: the one on 127.0.0.1:$ECSFORM_LOCAL_AWS_PORT when that is set (the runner,
tests/local-aws/run, starts it with scripts/local-aws); otherwise one this module starts
itself on a free loopback port. Each class starts from an empty emulator (moto's reset),
so never point ECSFORM_LOCAL_AWS_PORT at an emulator whose state you want to keep.

    tests/local-aws/run                                    # the whole thing
    .venv/local-aws/bin/python -B -m unittest discover -s tests/local-aws -v
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import unittest
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = ROOT / ".venv" / "local-aws" / "bin"
HOST = "127.0.0.1"  # the only address these tests ever talk to
REGION = "us-east-1"
ACCOUNT = "123456789012"
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # no proxies, ever
_server: subprocess.Popen[bytes] | None = None
PORT = 0


def _answers(port: int) -> bool:
    try:
        with _OPENER.open(f"http://{HOST}:{port}/moto-api/data.json", timeout=10):
            return True
    except OSError:
        return False


def setUpModule() -> None:
    global _server, PORT
    if os.environ.get("ECSFORM_LOCAL_AWS_PORT"):
        PORT = int(os.environ["ECSFORM_LOCAL_AWS_PORT"])
        if not _answers(PORT):
            raise RuntimeError(f"no emulator answers on {HOST}:{PORT}")
        return
    with socket.socket() as s:
        s.bind((HOST, 0))
        PORT = s.getsockname()[1]
    _server = subprocess.Popen(
        [str(VENV_BIN / "python"), "-B", str(ROOT / "scripts/moto_patches/serve.py"), "--port", str(PORT)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while not _answers(PORT):
        if _server.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError("the emulator did not start")
        time.sleep(0.1)


def tearDownModule() -> None:
    if _server is not None:
        _server.terminate()
        _server.wait(10)


def reset() -> None:
    req = urllib.request.Request(f"http://{HOST}:{PORT}/moto-api/reset", method="POST")
    with _OPENER.open(req, timeout=10):
        pass


class AwsError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(f"{code}: {message}")
        self.code, self.message = code, message


def _env() -> dict[str, str]:
    return {
        "PATH": f"{VENV_BIN}:/usr/bin:/bin",
        "HOME": os.environ.get("HOME", "/tmp"),
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": REGION,
        "AWS_REGION": REGION,
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_MAX_ATTEMPTS": "1",  # an unimplemented action answers 500: fail, don't retry
        "AWS_RETRY_MODE": "standard",
        "NO_PROXY": HOST,
        "no_proxy": HOST,
    }


def aws(*args: Any) -> Any:
    """Run the venv's aws CLI against the emulator; the parsed JSON output (None when
    empty); AwsError(code, message) when the call fails."""
    argv = [str(VENV_BIN / "aws"), "--endpoint-url", f"http://{HOST}:{PORT}", "--output", "json"]
    argv += [json.dumps(a) if isinstance(a, (dict, list)) else str(a) for a in args]
    proc = subprocess.run(argv, env=_env(), capture_output=True, text=True, timeout=120)
    if proc.returncode != 0:
        m = re.search(r"An error occurred \(([^)]+)\) when calling the \w+ operation(?: \([^)]*\))?: (.*)",
                      proc.stderr, re.S)
        if m:
            raise AwsError(m.group(1), m.group(2).strip())
        raise AssertionError(f"aws {' '.join(argv[5:])} failed:\n{proc.stderr}")
    return json.loads(proc.stdout) if proc.stdout.strip() else None


class Case(unittest.TestCase):
    def setUp(self) -> None:
        reset()

    def assertAwsError(self, code: str, *args: Any, message: str | None = None) -> AwsError:
        with self.assertRaises(AwsError) as ctx:
            aws(*args)
        self.assertEqual(ctx.exception.code, code, ctx.exception.message)
        if message is not None:
            self.assertEqual(ctx.exception.message, message)
        return ctx.exception

    # -- fixtures ----------------------------------------------------------------------

    def cluster(self, name: str = "shop", *extra: Any) -> dict[str, Any]:
        return aws("ecs", "create-cluster", "--cluster-name", name, *extra)["cluster"]

    def task_definition(self, family: str = "ui", **overrides: Any) -> dict[str, Any]:
        td = {
            "family": family,
            "networkMode": "awsvpc",
            "requiresCompatibilities": ["FARGATE"],
            "cpu": "256",
            "memory": "512",
            "containerDefinitions": [{
                "name": family, "image": "public.ecr.aws/nginx/nginx:latest", "essential": True,
                "portMappings": [{"name": "http", "containerPort": 8080, "protocol": "tcp"}],
            }],
            **overrides,
        }
        return aws("ecs", "register-task-definition", "--cli-input-json", td)["taskDefinition"]

    def service(self, name: str = "ui", *extra: Any, cluster: str = "shop", td: str = "ui",
                count: int = 2) -> dict[str, Any]:
        return aws("ecs", "create-service", "--cluster", cluster, "--service-name", name,
                   "--task-definition", td, "--desired-count", count, *extra)["service"]

    def describe(self, name: str = "ui", cluster: str = "shop") -> dict[str, Any]:
        services = aws("ecs", "describe-services", "--cluster", cluster, "--services", name)["services"]
        self.assertEqual(len(services), 1)
        return services[0]

    def update(self, name: str = "ui", *extra: Any, cluster: str = "shop") -> dict[str, Any]:
        return aws("ecs", "update-service", "--cluster", cluster, "--service", name, *extra)["service"]

    def namespace(self, name: str) -> dict[str, Any]:
        op = aws("servicediscovery", "create-http-namespace", "--name", name)["OperationId"]
        ns_id = aws("servicediscovery", "get-operation", "--operation-id", op)["Operation"]["Targets"]["NAMESPACE"]
        return aws("servicediscovery", "get-namespace", "--id", ns_id)["Namespace"]

    def network(self) -> tuple[str, str, str]:
        vpc = aws("ec2", "create-vpc", "--cidr-block", "10.0.0.0/16")["Vpc"]["VpcId"]
        subnet = aws("ec2", "create-subnet", "--vpc-id", vpc, "--cidr-block", "10.0.1.0/24")["Subnet"]["SubnetId"]
        sg = aws("ec2", "create-security-group", "--vpc-id", vpc, "--group-name", "ui",
                 "--description", "ui")["GroupId"]
        return vpc, subnet, sg


TD_ARN = f"arn:aws:ecs:{REGION}:{ACCOUNT}:task-definition/"


class Gap1ServiceConnect(Case):
    """serviceConnectConfiguration on the PRIMARY deployment, with its resources."""

    def test_returned_on_the_primary_deployment_with_aws_defaults(self) -> None:
        ns = self.namespace("shop.local")
        self.cluster()
        self.task_definition()
        created = self.service("ui", "--service-connect-configuration", {
            "enabled": True, "namespace": "shop.local",
            "services": [{"portName": "http", "clientAliases": [{"port": 80}]}],
        })
        for svc in (created, self.describe()):
            self.assertNotIn("serviceConnectConfiguration", svc)  # only on deployments
            [primary] = svc["deployments"]
            self.assertEqual(primary["status"], "PRIMARY")
            self.assertEqual(primary["serviceConnectConfiguration"], {
                "enabled": True, "namespace": ns["Arn"],
                "services": [{"portName": "http", "discoveryName": "http",
                              "clientAliases": [{"port": 80, "dnsName": "http.shop.local"}]}],
            })
            [resource] = primary["serviceConnectResources"]
            self.assertEqual(resource["discoveryName"], "http")
        # ECS created that Cloud Map service in the namespace.
        listed = aws("servicediscovery", "list-services", "--filters",
                     [{"Name": "NAMESPACE_ID", "Values": [ns["Id"]], "Condition": "EQ"}])["Services"]
        self.assertEqual([(s["Name"], s["Arn"]) for s in listed], [("http", resource["discoveryArn"])])

    def test_discovery_name_namespace_arn_and_cluster_default(self) -> None:
        ns = self.namespace("shop.local")
        self.cluster("shop", "--service-connect-defaults", "namespace=shop.local")
        self.task_definition()
        self.service("ui", "--service-connect-configuration", {
            "enabled": True, "namespace": ns["Arn"],
            "services": [{"portName": "http", "discoveryName": "ui-api", "clientAliases": [{"port": 80}]}],
        })
        sc = self.describe()["deployments"][0]["serviceConnectConfiguration"]
        self.assertEqual(sc["namespace"], ns["Arn"])
        self.assertEqual(sc["services"][0]["clientAliases"][0]["dnsName"], "ui-api.shop.local")
        # No namespace given: the cluster's serviceConnectDefaults namespace.
        self.service("client", "--service-connect-configuration", {"enabled": True})
        client = self.describe("client")["deployments"][0]
        self.assertEqual(client["serviceConnectConfiguration"], {"enabled": True, "namespace": ns["Arn"]})
        self.assertEqual(client["serviceConnectResources"], [])

    def test_unknown_namespace(self) -> None:
        self.cluster()
        self.task_definition()
        self.assertAwsError("NamespaceNotFoundException", "ecs", "create-service", "--cluster", "shop",
                            "--service-name", "ui", "--task-definition", "ui", "--desired-count", 1,
                            "--service-connect-configuration", {"enabled": True, "namespace": "nope.local"})
        self.assertEqual(aws("ecs", "list-services", "--cluster", "shop")["serviceArns"], [])

    def test_kept_across_updates(self) -> None:
        self.namespace("shop.local")
        self.cluster()
        self.task_definition()
        self.service("ui", "--service-connect-configuration", {
            "enabled": True, "namespace": "shop.local", "services": [{"portName": "http"}]})
        self.task_definition()  # ui:2
        [primary] = self.update("ui", "--task-definition", "ui:2")["deployments"]
        self.assertEqual(primary["serviceConnectConfiguration"]["services"][0]["discoveryName"], "http")
        first_arn = primary["serviceConnectResources"][0]["discoveryArn"]
        [primary] = self.update("ui", "--service-connect-configuration", {
            "enabled": True, "namespace": "shop.local",
            "services": [{"portName": "http", "discoveryName": "web"}]})["deployments"]
        self.assertEqual(primary["serviceConnectResources"][0]["discoveryName"], "web")
        self.assertNotEqual(primary["serviceConnectResources"][0]["discoveryArn"], first_arn)


class Gap2ServiceSettings(Case):
    """CreateService/UpdateService keep the service's settings, with AWS's defaults."""

    def test_defaults(self) -> None:
        self.cluster()
        self.task_definition()
        created = self.service("ui", "--launch-type", "FARGATE")
        for svc in (created, self.describe()):
            self.assertEqual(svc["deploymentConfiguration"], {
                "deploymentCircuitBreaker": {"enable": False, "rollback": False},
                "maximumPercent": 200, "minimumHealthyPercent": 100,
                "strategy": "ROLLING", "bakeTimeInMinutes": 0})  # patch 11
            self.assertIs(svc["enableExecuteCommand"], False)
            self.assertIs(svc["enableECSManagedTags"], False)
            self.assertEqual(svc["propagateTags"], "NONE")
            self.assertEqual(svc["launchType"], "FARGATE")
            self.assertEqual(svc["platformVersion"], "LATEST")
        self.task_definition("agent", networkMode="bridge", requiresCompatibilities=["EC2"])
        daemon = self.service("agent", "--scheduling-strategy", "DAEMON", "--launch-type", "EC2", td="agent",
                              count=0)
        self.assertEqual(daemon["deploymentConfiguration"]["maximumPercent"], 100)
        self.assertEqual(daemon["deploymentConfiguration"]["minimumHealthyPercent"], 0)
        self.assertNotIn("platformVersion", daemon)

    def test_given_settings_are_returned(self) -> None:
        _, subnet, sg = self.network()
        self.cluster()
        self.task_definition()
        self.service(
            "ui", "--enable-execute-command", "--enable-ecs-managed-tags", "--propagate-tags", "SERVICE",
            "--health-check-grace-period-seconds", 30,
            "--deployment-configuration", {"maximumPercent": 150, "minimumHealthyPercent": 50,
                                           "deploymentCircuitBreaker": {"enable": True, "rollback": True}},
            "--capacity-provider-strategy", [{"capacityProvider": "FARGATE_SPOT", "weight": 2},
                                             {"capacityProvider": "FARGATE", "base": 1, "weight": 1}],
            "--network-configuration", {"awsvpcConfiguration": {"subnets": [subnet], "securityGroups": [sg]}},
        )
        svc = self.describe()
        self.assertIs(svc["enableExecuteCommand"], True)
        self.assertIs(svc["enableECSManagedTags"], True)
        self.assertEqual(svc["propagateTags"], "SERVICE")
        self.assertEqual(svc["healthCheckGracePeriodSeconds"], 30)
        self.assertEqual(svc["deploymentConfiguration"], {
            "deploymentCircuitBreaker": {"enable": True, "rollback": True},
            "maximumPercent": 150, "minimumHealthyPercent": 50,
            "strategy": "ROLLING", "bakeTimeInMinutes": 0})  # patch 11
        self.assertEqual(svc["capacityProviderStrategy"], [
            {"capacityProvider": "FARGATE_SPOT", "weight": 2, "base": 0},
            {"capacityProvider": "FARGATE", "weight": 1, "base": 1}])
        self.assertNotIn("launchType", svc)
        self.assertNotIn("launchType", svc["deployments"][0])
        self.assertEqual(svc["platformVersion"], "LATEST")
        self.assertEqual(svc["networkConfiguration"], {"awsvpcConfiguration": {
            "subnets": [subnet], "securityGroups": [sg], "assignPublicIp": "DISABLED"}})

    def test_placement_is_returned(self) -> None:
        self.cluster()
        self.task_definition("agent", networkMode="bridge", requiresCompatibilities=["EC2"])
        plain = self.service("plain", "--launch-type", "EC2", td="agent", count=1)
        self.assertEqual(plain["placementConstraints"], [])
        self.assertEqual(plain["placementStrategy"], [])
        self.service("agent", "--launch-type", "EC2", "--placement-constraints", "type=distinctInstance",
                     "--placement-strategy", "type=spread,field=attribute:ecs.availability-zone",
                     td="agent", count=1)
        svc = self.describe("agent")
        self.assertEqual(svc["placementConstraints"], [{"type": "distinctInstance"}])
        self.assertEqual(svc["placementStrategy"], [{"type": "spread", "field": "attribute:ecs.availability-zone"}])
        self.update("agent", "--placement-constraints", "[]")
        self.assertEqual(self.describe("agent")["placementConstraints"], [])
        self.assertEqual(self.describe("agent")["placementStrategy"],
                         [{"type": "spread", "field": "attribute:ecs.availability-zone"}])

    def test_cluster_default_strategy_and_conflicts(self) -> None:
        self.cluster("shop", "--capacity-providers", "FARGATE", "--default-capacity-provider-strategy",
                     "capacityProvider=FARGATE,weight=1")
        self.task_definition()
        svc = self.service("ui")
        self.assertNotIn("launchType", svc)
        self.assertEqual(svc["capacityProviderStrategy"], [{"capacityProvider": "FARGATE", "weight": 1, "base": 0}])
        self.assertAwsError("InvalidParameterException", "ecs", "create-service", "--cluster", "shop",
                            "--service-name", "other", "--task-definition", "ui", "--launch-type", "FARGATE",
                            "--capacity-provider-strategy", "capacityProvider=FARGATE,weight=1")

    def test_strategy_change_needs_a_new_deployment(self) -> None:
        self.cluster("shop", "--capacity-providers", "FARGATE", "FARGATE_SPOT",
                     "--default-capacity-provider-strategy", "capacityProvider=FARGATE,weight=1")
        self.task_definition()
        self.service("ui")
        spot = "capacityProvider=FARGATE_SPOT,weight=1"
        message = ("When switching from launch type to capacity provider strategy on an existing service, "
                   "or making a change to a capacity provider strategy on a service that is already using "
                   "one, you must force a new deployment.")
        self.assertAwsError("InvalidParameterException", "ecs", "update-service", "--cluster", "shop",
                            "--service", "ui", "--capacity-provider-strategy", spot, message=message)
        # The same strategy again is no change; a forced deployment may change it.
        self.update("ui", "--capacity-provider-strategy", "capacityProvider=FARGATE,weight=1,base=0")
        svc = self.update("ui", "--capacity-provider-strategy", spot, "--force-new-deployment")
        self.assertEqual(svc["capacityProviderStrategy"], [{"capacityProvider": "FARGATE_SPOT", "weight": 1, "base": 0}])
        self.service("api", "--launch-type", "FARGATE")
        self.assertAwsError("InvalidParameterException", "ecs", "update-service", "--cluster", "shop",
                            "--service", "api", "--capacity-provider-strategy", spot, message=message)

    def test_code_deploy_and_external_services(self) -> None:
        self.cluster()
        self.task_definition()
        self.task_definition()  # revision 2
        svc = self.service("bg", "--launch-type", "FARGATE", "--deployment-controller", "type=CODE_DEPLOY",
                           td="ui:1")
        self.assertEqual(svc["deployments"], [])
        self.assertEqual(self.describe("bg")["runningCount"], 2)
        self.assertAwsError("InvalidParameterException", "ecs", "update-service", "--cluster", "shop",
                            "--service", "bg", "--task-definition", "ui:2",
                            message="Unable to update task definition on services with a CODE_DEPLOY "
                                    "deployment controller. Use AWS CodeDeploy to trigger a new deployment.")
        self.assertTrue(self.describe("bg")["taskDefinition"].endswith(":1"))
        updated = self.update("bg", "--desired-count", 3, "--deployment-configuration",
                              {"maximumPercent": 150, "minimumHealthyPercent": 50})
        self.assertEqual((updated["desiredCount"], updated["runningCount"]), (3, 3))
        self.service("ext", "--launch-type", "FARGATE", "--deployment-controller", "type=EXTERNAL", count=1)
        self.assertAwsError("InvalidParameterException", "ecs", "update-service", "--cluster", "shop",
                            "--service", "ext", "--platform-version", "1.4.0")
        self.assertEqual(self.update("ext", "--desired-count", 0)["desiredCount"], 0)

    def test_update_keeps_what_is_not_given(self) -> None:
        self.cluster()
        self.task_definition()
        self.service("ui", "--launch-type", "FARGATE", "--health-check-grace-period-seconds", 10)
        self.update("ui", "--enable-execute-command", "--deployment-configuration", {"maximumPercent": 300})
        svc = self.describe()
        self.assertIs(svc["enableExecuteCommand"], True)
        self.assertEqual(svc["healthCheckGracePeriodSeconds"], 10)
        self.assertEqual(svc["deploymentConfiguration"], {
            "deploymentCircuitBreaker": {"enable": False, "rollback": False},
            "maximumPercent": 300, "minimumHealthyPercent": 100,
            "strategy": "ROLLING", "bakeTimeInMinutes": 0})  # patch 11
        self.update("ui", "--disable-execute-command", "--propagate-tags", "TASK_DEFINITION")
        svc = self.describe()
        self.assertIs(svc["enableExecuteCommand"], False)
        self.assertEqual(svc["propagateTags"], "TASK_DEFINITION")
        # A network configuration is checked as on CreateService; a bad one changes nothing.
        _, subnet, sg = self.network()
        self.update("ui", "--network-configuration",
                    {"awsvpcConfiguration": {"subnets": [subnet], "securityGroups": [sg]}})
        self.assertAwsError("InvalidParameterException", "ecs", "update-service", "--cluster", "shop",
                            "--service", "ui", "--network-configuration",
                            {"awsvpcConfiguration": {"subnets": ["subnet-00000000000000000"], "securityGroups": [sg]}})
        self.assertEqual(self.describe()["networkConfiguration"]["awsvpcConfiguration"],
                         {"subnets": [subnet], "securityGroups": [sg], "assignPublicIp": "DISABLED"})


class Gap3CreateIdempotency(Case):
    """CreateService on an ACTIVE name fails; CreateCluster on an existing name is a no-op."""

    def test_create_service_twice(self) -> None:
        self.cluster()
        self.task_definition()
        first = self.service("ui", "--launch-type", "FARGATE")
        self.assertAwsError("InvalidParameterException", "ecs", "create-service", "--cluster", "shop",
                            "--service-name", "ui", "--task-definition", "ui", "--desired-count", 5,
                            message="Creation of service was not idempotent.")
        svc = self.describe()
        self.assertEqual((svc["desiredCount"], svc["deployments"][0]["id"]),
                         (2, first["deployments"][0]["id"]))
        # An INACTIVE (deleted) service's name may be used again.
        aws("ecs", "delete-service", "--cluster", "shop", "--service", "ui", "--force")
        self.assertEqual(self.service("ui", count=1)["status"], "ACTIVE")

    def test_create_service_with_a_client_token(self) -> None:
        self.cluster()
        self.task_definition()
        first = self.service("ui", "--launch-type", "FARGATE", "--client-token", "token-1")
        # The same request again (an SDK retry after a lost response): the same service.
        again = self.service("ui", "--launch-type", "FARGATE", "--client-token", "token-1")
        self.assertEqual((again["serviceArn"], again["deployments"][0]["id"]),
                         (first["serviceArn"], first["deployments"][0]["id"]))
        # Another token, or none, is a new request for a taken name.
        for token in (["--client-token", "token-2"], []):
            self.assertAwsError("InvalidParameterException", "ecs", "create-service", "--cluster", "shop",
                                "--service-name", "ui", "--task-definition", "ui", "--desired-count", 2,
                                *token, message="Creation of service was not idempotent.")

    def test_create_cluster_twice(self) -> None:
        first = self.cluster("shop", "--settings", "name=containerInsights,value=enabled",
                             "--tags", "key=team,value=web")
        second = self.cluster("shop", "--settings", "name=containerInsights,value=disabled")
        self.assertEqual(second["clusterArn"], first["clusterArn"])
        self.assertEqual(second["settings"], [{"name": "containerInsights", "value": "enabled"}])
        described = aws("ecs", "describe-clusters", "--clusters", "shop", "--include", "TAGS")["clusters"][0]
        self.assertEqual(described["settings"], [{"name": "containerInsights", "value": "enabled"}])
        self.assertEqual(described["tags"], [{"key": "team", "value": "web"}])


class Gap4ClusterNamespace(Case):
    """CreateCluster/UpdateCluster serviceConnectDefaults: HTTP namespace created, ARN returned."""

    def namespaces(self) -> list[dict[str, Any]]:
        return aws("servicediscovery", "list-namespaces")["Namespaces"]

    def test_create_cluster_creates_the_namespace(self) -> None:
        cluster = self.cluster("shop", "--service-connect-defaults", "namespace=shop.local")
        [ns] = self.namespaces()
        self.assertEqual((ns["Name"], ns["Type"]), ("shop.local", "HTTP"))
        self.assertEqual(cluster["serviceConnectDefaults"], {"namespace": ns["Arn"]})
        described = aws("ecs", "describe-clusters", "--clusters", "shop")["clusters"][0]
        self.assertEqual(described["serviceConnectDefaults"], {"namespace": ns["Arn"]})
        # An existing namespace is used, by name or ARN, not created again.
        self.cluster("other", "--service-connect-defaults", "namespace=shop.local")
        third = self.cluster("third", "--service-connect-defaults", f"namespace={ns['Arn']}")
        self.assertEqual(third["serviceConnectDefaults"], {"namespace": ns["Arn"]})
        self.assertEqual(len(self.namespaces()), 1)

    def test_update_cluster(self) -> None:
        self.cluster()
        cluster = aws("ecs", "update-cluster", "--cluster", "shop",
                      "--service-connect-defaults", "namespace=new.local")["cluster"]
        [ns] = self.namespaces()
        self.assertEqual(ns["Name"], "new.local")
        self.assertEqual(cluster["serviceConnectDefaults"], {"namespace": ns["Arn"]})
        cluster = aws("ecs", "update-cluster", "--cluster", "shop",
                      "--service-connect-defaults", "namespace=")["cluster"]
        self.assertNotIn("serviceConnectDefaults", cluster)
        self.assertEqual(len(self.namespaces()), 1)  # "the namespace will remain in Cloud Map"

    def test_unknown_namespace_arn(self) -> None:
        arn = f"arn:aws:servicediscovery:{REGION}:{ACCOUNT}:namespace/ns-doesnotexist0000000"
        self.assertAwsError("NamespaceNotFoundException", "ecs", "create-cluster", "--cluster-name", "shop",
                            "--service-connect-defaults", f"namespace={arn}")


class Gap5SteadyState(Case):
    """Services reach steady state; UpdateService rolls a new, completed deployment."""

    def assertSteady(self, svc: dict[str, Any], desired: int) -> dict[str, Any]:
        self.assertEqual((svc["desiredCount"], svc["runningCount"], svc["pendingCount"]), (desired, desired, 0))
        [primary] = svc["deployments"]
        self.assertEqual((primary["status"], primary["rolloutState"]), ("PRIMARY", "COMPLETED"))
        self.assertEqual((primary["desiredCount"], primary["runningCount"]), (desired, desired))
        self.assertEqual(primary["taskDefinition"], svc["taskDefinition"])
        self.assertTrue(svc["taskDefinition"].startswith(TD_ARN), svc["taskDefinition"])
        return primary

    def test_create_then_wait_services_stable(self) -> None:
        self.cluster()
        self.task_definition()
        self.service("ui", "--launch-type", "FARGATE", count=3)
        self.assertSteady(self.describe(), 3)
        aws("ecs", "wait", "services-stable", "--cluster", "shop", "--services", "ui")

    def test_updates(self) -> None:
        self.cluster()
        self.task_definition()
        self.task_definition()  # ui:2
        first = self.assertSteady(self.service("ui", "--launch-type", "FARGATE", td="ui:1"), 2)
        self.assertEqual(first["taskDefinition"], TD_ARN + "ui:1")

        # desiredCount alone: the same deployment, scaled.
        same = self.assertSteady(self.update("ui", "--desired-count", 4), 4)
        self.assertEqual(same["id"], first["id"])

        # A new task definition (family:revision): a new PRIMARY deployment, completed.
        second = self.assertSteady(self.update("ui", "--task-definition", "ui:2"), 4)
        self.assertNotEqual(second["id"], first["id"])
        self.assertEqual(second["taskDefinition"], TD_ARN + "ui:2")
        self.assertEqual(self.describe()["taskDefinition"], TD_ARN + "ui:2")

        # A family alone means its latest ACTIVE revision.
        self.task_definition()  # ui:3
        aws("ecs", "deregister-task-definition", "--task-definition", "ui:3")
        self.task_definition()  # ui:4
        aws("ecs", "deregister-task-definition", "--task-definition", "ui:4")
        third = self.assertSteady(self.update("ui", "--task-definition", "ui:1"), 4)
        latest = self.assertSteady(self.update("ui", "--task-definition", "ui"), 4)
        self.assertEqual(latest["taskDefinition"], TD_ARN + "ui:2")
        self.assertNotEqual(latest["id"], third["id"])

        # The same task definition again: nothing to roll; forceNewDeployment rolls anyway.
        self.assertEqual(self.assertSteady(self.update("ui", "--task-definition", "ui:2"), 4)["id"], latest["id"])
        forced = self.assertSteady(self.update("ui", "--force-new-deployment"), 4)
        self.assertNotEqual(forced["id"], latest["id"])
        self.assertGreaterEqual(forced["createdAt"], latest["createdAt"])
        aws("ecs", "wait", "services-stable", "--cluster", "shop", "--services", "ui")

    def test_unknown_task_definition_changes_nothing(self) -> None:
        self.cluster()
        self.task_definition()
        self.service("ui", "--launch-type", "FARGATE")
        self.assertAwsError("ClientException", "ecs", "update-service", "--cluster", "shop", "--service", "ui",
                            "--task-definition", "ui:9")
        self.assertEqual(self.describe()["taskDefinition"], TD_ARN + "ui:1")


class Patch23to25Deployments(Case):
    """Deployments that take time (23), tasks that stop with a reason (24), and the
    circuit breaker with or without rollback (25), selected by the task definition's
    ECSFORM_TESTBED_* environment, as ECS reports them (DescribeServices deployments and
    events, ListTasks / DescribeTasks of stopped tasks)."""

    def behaving(self, *, start: float | None = None, stop: str | None = None, image: str = "nginx:1") -> None:
        env = []
        if start is not None:
            env.append({"name": "ECSFORM_TESTBED_START_SECONDS", "value": str(start)})
        if stop is not None:
            env.append({"name": "ECSFORM_TESTBED_STOP", "value": stop})
        self.task_definition(containerDefinitions=[{"name": "ui", "image": image, "essential": True,
                                                    "environment": env}])

    def breaker(self, rollback: bool) -> tuple[str, ...]:
        return ("--deployment-configuration",
                json.dumps({"deploymentCircuitBreaker": {"enable": True, "rollback": rollback}}))

    def stopped(self) -> list[dict[str, Any]]:
        arns = aws("ecs", "list-tasks", "--cluster", "shop", "--service-name", "ui",
                   "--desired-status", "STOPPED")["taskArns"]
        self.assertTrue(arns)
        return aws("ecs", "describe-tasks", "--cluster", "shop", "--tasks", *arns)["tasks"]

    def test_23_tasks_take_time_to_start(self) -> None:
        self.cluster()
        self.behaving(start=2)
        created = self.service("ui", "--launch-type", "FARGATE", count=2)
        [d] = created["deployments"]
        self.assertEqual((d["status"], d["rolloutState"], d["runningCount"], d["pendingCount"]),
                         ("PRIMARY", "IN_PROGRESS", 0, 2))
        self.assertEqual(d["rolloutStateReason"], f"ECS deployment {d['id']} in progress.")
        svc = self.describe()
        self.assertEqual((svc["runningCount"], svc["pendingCount"]), (0, 2))
        self.assertRegex(svc["events"][0]["message"], r"^\(service ui\) has started 2 tasks: \(task [0-9a-f]{32}\) ")
        time.sleep(2.2)
        svc = self.describe()
        [d2] = svc["deployments"]
        self.assertEqual((d2["id"], d2["rolloutState"], d2["runningCount"], d2["pendingCount"]),
                         (d["id"], "COMPLETED", 2, 0))
        self.assertEqual(svc["runningCount"], 2)
        self.assertEqual(svc["events"][0]["message"], "(service ui) has reached a steady state.")
        aws("ecs", "wait", "services-stable", "--cluster", "shop", "--services", "ui")

    def test_23_the_old_deployment_runs_until_the_new_one_does(self) -> None:
        self.cluster()
        self.task_definition()  # ui:1, starts at once
        self.service("ui", "--launch-type", "FARGATE", count=2)
        self.behaving(start=30)  # ui:2
        self.update("ui", "--task-definition", "ui:2")
        svc = self.describe()
        new, old = svc["deployments"]
        self.assertEqual((new["status"], new["rolloutState"], new["pendingCount"]), ("PRIMARY", "IN_PROGRESS", 2))
        self.assertEqual((old["status"], old["runningCount"], old["taskDefinition"]), ("ACTIVE", 2, TD_ARN + "ui:1"))
        self.assertEqual((svc["runningCount"], svc["pendingCount"]), (2, 2))

    def test_24_stopped_tasks_say_why(self) -> None:
        self.cluster()
        cases = {
            "image-pull": ("TaskFailedToStart", "CannotPullContainerError: pull image manifest has been retried "
                           "5 time(s): failed to resolve ref nginx:9: not found", None),
            "essential-exit": ("EssentialContainerExited", "Essential container in task exited", 1),
            "elb-health": ("ServiceSchedulerInitiated", "Task failed ELB health checks in (target-group unknown)", 143),
        }
        for n, (stop, (code, reason, exit_code)) in enumerate(cases.items(), start=1):
            with self.subTest(stop=stop):
                self.behaving(start=0.5, stop=stop, image="nginx:9")
                self.service(f"ui{n}", "--launch-type", "FARGATE", td=f"ui:{n}", count=1)
                time.sleep(1.2)
                svc = self.describe(f"ui{n}")
                [d] = svc["deployments"]
                # Circuit breaker off: ECS keeps starting tasks; the deployment stays IN_PROGRESS.
                self.assertEqual(d["rolloutState"], "IN_PROGRESS")
                self.assertGreaterEqual(d["failedTasks"], 2)
                arns = aws("ecs", "list-tasks", "--cluster", "shop", "--service-name", f"ui{n}",
                           "--desired-status", "STOPPED")["taskArns"]
                [task, *_] = aws("ecs", "describe-tasks", "--cluster", "shop", "--tasks", *arns)["tasks"]
                self.assertEqual((task["lastStatus"], task["desiredStatus"], task["stopCode"], task["stoppedReason"]),
                                 ("STOPPED", "STOPPED", code, reason))
                self.assertEqual((task["startedBy"], task["group"]), (d["id"], f"service:ui{n}"))
                [container] = task["containers"]
                self.assertEqual(container.get("exitCode"), exit_code)
                self.assertEqual(container.get("reason"), reason if code == "TaskFailedToStart" else None)
        # RUNNING tasks of a service are not listed as stopped ones.
        self.assertEqual(aws("ecs", "list-tasks", "--cluster", "shop", "--service-name", "ui1")["taskArns"], [])

    def test_25_the_circuit_breaker_fails_a_new_service(self) -> None:
        self.cluster()
        self.behaving(start=0.3, stop="essential-exit")
        self.service("ui", "--launch-type", "FARGATE", *self.breaker(rollback=True), count=4)
        time.sleep(0.6)
        svc = self.describe()
        [d] = svc["deployments"]
        # Threshold: 0.5 x 4 = 2, at least 3; the first 4 failed tasks reach it.
        self.assertEqual((d["rolloutState"], d["failedTasks"]), ("FAILED", 4))
        self.assertEqual(d["rolloutStateReason"], "ECS deployment circuit breaker: tasks failed to start.")
        self.assertEqual(svc["events"][0]["message"],
                         f"(service ui) (deployment {d['id']}) deployment failed: tasks failed to start.")
        time.sleep(0.7)  # no more tasks are started
        self.assertEqual(self.describe()["deployments"][0]["failedTasks"], 4)
        self.assertEqual(len(self.stopped()), 4)

    def test_25_rollback_to_the_last_completed_deployment(self) -> None:
        self.cluster()
        self.task_definition()  # ui:1
        first = self.service("ui", "--launch-type", "FARGATE", *self.breaker(rollback=True), count=1)["deployments"][0]
        self.behaving(start=0.3, stop="image-pull")  # ui:2
        failing = self.update("ui", "--task-definition", "ui:2")["deployments"][0]
        time.sleep(1.2)  # 3 attempts of 1 task: the threshold, 3
        svc = self.describe()
        [back] = svc["deployments"]
        self.assertNotIn(back["id"], (first["id"], failing["id"]))
        self.assertEqual((back["status"], back["rolloutState"], back["taskDefinition"]),
                         ("PRIMARY", "COMPLETED", TD_ARN + "ui:1"))
        self.assertEqual((svc["taskDefinition"], svc["runningCount"]), (TD_ARN + "ui:1", 1))
        messages = [e["message"] for e in svc["events"]]
        self.assertEqual(messages[:3], [
            "(service ui) has reached a steady state.",
            f"(service ui) rolling back to deployment {first['id']}.",
            f"(service ui) (deployment {failing['id']}) deployment failed: tasks failed to start.",
        ])
        self.assertEqual({t["taskDefinitionArn"] for t in self.stopped()}, {TD_ARN + "ui:2"})
        aws("ecs", "wait", "services-stable", "--cluster", "shop", "--services", "ui")

    def test_25_without_rollback_the_old_deployment_keeps_running(self) -> None:
        self.cluster()
        self.task_definition()  # ui:1
        self.service("ui", "--launch-type", "FARGATE", *self.breaker(rollback=False), count=2)
        self.behaving(start=0.3, stop="essential-exit")  # ui:2
        self.update("ui", "--task-definition", "ui:2")
        time.sleep(0.8)
        svc = self.describe()
        failed, old = svc["deployments"]
        self.assertEqual((failed["status"], failed["rolloutState"]), ("PRIMARY", "FAILED"))
        self.assertEqual((old["status"], old["runningCount"]), ("ACTIVE", 2))
        self.assertEqual((svc["runningCount"], svc["pendingCount"]), (2, 0))


class Gap6TaskDefinitions(Case):
    """hostPort = containerPort under awsvpc/host; cpu/memory units converted."""

    def test_host_port_under_awsvpc_and_host(self) -> None:
        for mode in ("awsvpc", "host"):
            td = self.task_definition(f"td-{mode}", networkMode=mode, requiresCompatibilities=["EC2"])
            self.assertEqual(td["containerDefinitions"][0]["portMappings"],
                             [{"name": "http", "containerPort": 8080, "hostPort": 8080, "protocol": "tcp"}])
        bridge = self.task_definition("td-bridge", networkMode="bridge", requiresCompatibilities=["EC2"])
        self.assertEqual(bridge["containerDefinitions"][0]["portMappings"][0]["hostPort"], 0)  # dynamic (patch 13)

    def test_units(self) -> None:
        for cpu, memory, want in [("1 vCPU", "2 GB", ("1024", "2048")), ("0.25 vCPU", "512 MiB", ("256", "512")),
                                  ("2 vcpu", "4GB", ("2048", "4096")), ("512", "1024", ("512", "1024"))]:
            td = self.task_definition("ui", cpu=cpu, memory=memory)
            self.assertEqual((td["cpu"], td["memory"]), want)
        described = aws("ecs", "describe-task-definition", "--task-definition", "ui:1")["taskDefinition"]
        self.assertEqual((described["cpu"], described["memory"]), ("1024", "2048"))


class Gap7ApplicationAutoScaling(Case):
    """Scalable target tags; deregistering deletes policies and scheduled actions."""

    RID = "service/shop/ui"

    def setUp(self) -> None:
        super().setUp()
        self.cluster()
        self.task_definition()
        self.service("ui", "--launch-type", "FARGATE")
        self.service("api", "--launch-type", "FARGATE")

    def register(self, rid: str, *extra: Any) -> str:
        return aws("application-autoscaling", "register-scalable-target", "--service-namespace", "ecs",
                   "--scalable-dimension", "ecs:service:DesiredCount", "--resource-id", rid,
                   "--min-capacity", 1, "--max-capacity", 4, *extra)["ScalableTargetARN"]

    def tags(self, arn: str) -> dict[str, str]:
        return aws("application-autoscaling", "list-tags-for-resource", "--resource-arn", arn)["Tags"]

    def test_tags(self) -> None:
        arn = self.register(self.RID, "--tags", "team=web,env=test")
        self.assertRegex(arn, rf"^arn:aws:application-autoscaling:{REGION}:{ACCOUNT}:scalable-target/[0-9a-z]+$")
        [target] = aws("application-autoscaling", "describe-scalable-targets",
                       "--service-namespace", "ecs")["ScalableTargets"]
        self.assertEqual(target["ScalableTargetARN"], arn)
        self.assertEqual(self.tags(arn), {"team": "web", "env": "test"})
        aws("application-autoscaling", "tag-resource", "--resource-arn", arn, "--tags", "env=prod,owner=me")
        self.assertEqual(self.tags(arn), {"team": "web", "env": "prod", "owner": "me"})
        aws("application-autoscaling", "untag-resource", "--resource-arn", arn, "--tag-keys", "team", "owner")
        self.assertEqual(self.tags(arn), {"env": "prod"})
        # Re-registering updates the target, not its tags (TagResource does that).
        self.assertEqual(self.register(self.RID, "--tags", "other=x"), arn)
        self.assertEqual(self.tags(arn), {"env": "prod"})
        missing = arn[: arn.rindex("/") + 1] + "0" * 32
        for args in (("list-tags-for-resource",), ("tag-resource", "--tags", "a=b"),
                     ("untag-resource", "--tag-keys", "a")):
            self.assertAwsError("ResourceNotFoundException", "application-autoscaling", args[0],
                                "--resource-arn", missing, *args[1:])

    def test_deregister_deletes_policies_and_scheduled_actions(self) -> None:
        arn = self.register(self.RID, "--tags", "team=web")
        self.register("service/shop/api")
        for rid in (self.RID, "service/shop/api"):
            aws("application-autoscaling", "put-scaling-policy", "--service-namespace", "ecs",
                "--scalable-dimension", "ecs:service:DesiredCount", "--resource-id", rid,
                "--policy-name", "cpu", "--policy-type", "TargetTrackingScaling",
                "--target-tracking-scaling-policy-configuration",
                {"TargetValue": 60.0,
                 "PredefinedMetricSpecification": {"PredefinedMetricType": "ECSServiceAverageCPUUtilization"}})
            aws("application-autoscaling", "put-scheduled-action", "--service-namespace", "ecs",
                "--scalable-dimension", "ecs:service:DesiredCount", "--resource-id", rid,
                "--scheduled-action-name", "night", "--schedule", "cron(0 22 * * ? *)",
                "--scalable-target-action", "MinCapacity=1,MaxCapacity=1")
        alarms = aws("cloudwatch", "describe-alarms")["MetricAlarms"]
        self.assertEqual(len(alarms), 4)
        aws("application-autoscaling", "deregister-scalable-target", "--service-namespace", "ecs",
            "--scalable-dimension", "ecs:service:DesiredCount", "--resource-id", self.RID)

        def left(what: str, key: str) -> list[str]:
            return [x["ResourceId"] for x in aws("application-autoscaling", what,
                                                 "--service-namespace", "ecs")[key]]

        self.assertEqual(left("describe-scaling-policies", "ScalingPolicies"), ["service/shop/api"])
        self.assertEqual(left("describe-scheduled-actions", "ScheduledActions"), ["service/shop/api"])
        alarms = aws("cloudwatch", "describe-alarms")["MetricAlarms"]
        self.assertEqual(len(alarms), 2)
        self.assertTrue(all("service/shop/api" in a["AlarmName"] for a in alarms))
        self.assertAwsError("ResourceNotFoundException", "application-autoscaling", "list-tags-for-resource",
                            "--resource-arn", arn)


    def test_deleting_what_does_not_exist_is_object_not_found(self) -> None:
        common = ("--service-namespace", "ecs", "--scalable-dimension", "ecs:service:DesiredCount",
                  "--resource-id", self.RID)
        self.assertAwsError("ObjectNotFoundException", "application-autoscaling",
                            "deregister-scalable-target", *common)
        self.register(self.RID)
        self.assertAwsError("ObjectNotFoundException", "application-autoscaling",
                            "delete-scaling-policy", *common, "--policy-name", "cpu")
        self.assertAwsError("ObjectNotFoundException", "application-autoscaling",
                            "delete-scheduled-action", *common, "--scheduled-action-name", "night")
        aws("application-autoscaling", "put-scheduled-action", *common,
            "--scheduled-action-name", "night", "--schedule", "cron(0 22 * * ? *)",
            "--scalable-target-action", "MinCapacity=1,MaxCapacity=1")
        aws("application-autoscaling", "delete-scheduled-action", *common, "--scheduled-action-name", "night")
        self.assertEqual(aws("application-autoscaling", "describe-scheduled-actions",
                             "--service-namespace", "ecs")["ScheduledActions"], [])
        aws("application-autoscaling", "deregister-scalable-target", *common)

class Gap8CloudMap(Case):
    """Cloud Map filters, ResourceInUse, NamespaceAlreadyExists / ServiceAlreadyExists."""

    def names(self, *filters: dict[str, Any]) -> list[str]:
        args = ["--filters", list(filters)] if filters else []
        return sorted(n["Name"] for n in aws("servicediscovery", "list-namespaces", *args)["Namespaces"])

    def cm_service(self, name: str, ns_id: str) -> dict[str, Any]:
        return aws("servicediscovery", "create-service", "--name", name, "--namespace-id", ns_id)["Service"]

    def operation(self, op_id: str) -> dict[str, Any]:
        return aws("servicediscovery", "get-operation", "--operation-id", op_id)["Operation"]

    def test_list_namespaces_filters(self) -> None:
        self.namespace("alpha.local")
        self.namespace("beta.local")
        vpc = aws("ec2", "create-vpc", "--cidr-block", "10.1.0.0/16")["Vpc"]["VpcId"]
        aws("servicediscovery", "create-private-dns-namespace", "--name", "gamma.internal", "--vpc", vpc)
        self.assertEqual(self.names(), ["alpha.local", "beta.local", "gamma.internal"])
        self.assertEqual(self.names({"Name": "TYPE", "Values": ["HTTP"]}), ["alpha.local", "beta.local"])
        self.assertEqual(self.names({"Name": "TYPE", "Values": ["DNS_PRIVATE"], "Condition": "EQ"}),
                         ["gamma.internal"])
        self.assertEqual(self.names({"Name": "NAME", "Values": ["beta.local"]}), ["beta.local"])
        self.assertEqual(self.names({"Name": "HTTP_NAME", "Values": ["alpha.local"]}), ["alpha.local"])
        self.assertEqual(self.names({"Name": "NAME", "Values": ["al"], "Condition": "BEGINS_WITH"}),
                         ["alpha.local"])
        self.assertEqual(self.names({"Name": "TYPE", "Values": ["HTTP"]}, {"Name": "NAME", "Values": ["gamma.internal"]}),
                         [])
        self.assertEqual(self.names({"Name": "NAME", "Values": ["nope"]}), [])
        self.assertAwsError("InvalidInput", "servicediscovery", "list-namespaces", "--filters",
                            [{"Name": "NAME", "Values": ["alpha.local", "beta.local"], "Condition": "EQ"}])

    def test_list_services_filter(self) -> None:
        a, b = self.namespace("alpha.local"), self.namespace("beta.local")
        self.cm_service("one", a["Id"])
        self.cm_service("two", b["Id"])
        self.cm_service("three", b["Id"])
        for ns in (b["Id"], b["Arn"]):
            listed = aws("servicediscovery", "list-services", "--filters",
                         [{"Name": "NAMESPACE_ID", "Values": [ns], "Condition": "EQ"}])["Services"]
            self.assertEqual(sorted(s["Name"] for s in listed), ["three", "two"])
        self.assertEqual(len(aws("servicediscovery", "list-services")["Services"]), 3)

    def test_duplicates(self) -> None:
        ns = self.namespace("alpha.local")
        err = self.assertAwsError("NamespaceAlreadyExists", "servicediscovery", "create-http-namespace",
                                  "--name", "alpha.local")
        self.assertIn("alpha.local", err.message)
        aws("ec2", "create-vpc", "--cidr-block", "10.1.0.0/16")
        self.assertAwsError("NamespaceAlreadyExists", "servicediscovery", "create-public-dns-namespace",
                            "--name", "alpha.local")
        self.cm_service("one", ns["Id"])
        self.assertAwsError("ServiceAlreadyExists", "servicediscovery", "create-service", "--name", "one",
                            "--namespace-id", ns["Id"])
        other = self.namespace("beta.local")
        self.cm_service("one", other["Id"])  # the same name in another namespace is fine
        self.assertAwsError("NamespaceNotFound", "servicediscovery", "create-service", "--name", "two",
                            "--namespace-id", "ns-doesnotexist0000000")

    def test_delete_namespace_in_use_and_operations(self) -> None:
        ns = self.namespace("alpha.local")
        svc = self.cm_service("one", ns["Id"])
        self.assertAwsError("ResourceInUse", "servicediscovery", "delete-namespace", "--id", ns["Id"])
        self.assertEqual(self.names(), ["alpha.local"])
        op = aws("servicediscovery", "update-http-namespace", "--id", ns["Id"],
                 "--namespace", {"Description": "shop"})["OperationId"]
        self.assertEqual(self.operation(op)["Status"], "SUCCESS")
        aws("servicediscovery", "delete-service", "--id", svc["Id"])
        op = aws("servicediscovery", "delete-namespace", "--id", ns["Id"])["OperationId"]
        self.assertEqual((self.operation(op)["Status"], self.operation(op)["Type"]), ("SUCCESS", "DELETE_NAMESPACE"))
        self.assertEqual(self.names(), [])


class ServiceRevisions(Case):
    """currentServiceRevisions and DescribeServiceRevisions, with monitoring and gateway
    connectors (moto has no service revisions)."""

    def revision(self, arn: str) -> dict[str, Any]:
        out = aws("ecs", "describe-service-revisions", "--service-revision-arns", arn)
        self.assertEqual(out["failures"], [])
        self.assertEqual(len(out["serviceRevisions"]), 1)
        return out["serviceRevisions"][0]

    def test_each_deployment_runs_a_revision_with_its_monitoring(self) -> None:
        self.cluster()
        self.task_definition()
        cpu20 = {"metricConfigurations": [{"metricNames": ["CPUUtilization"], "resolutionSeconds": 20}]}
        created = self.service("ui", "--launch-type", "FARGATE", "--monitoring", cpu20)
        first = created["currentServiceRevisions"]
        self.assertEqual(len(first), 1)
        self.assertRegex(first[0]["arn"], rf"^arn:aws:ecs:{REGION}:{ACCOUNT}:service-revision/shop/ui/\d+$")
        self.assertEqual(first[0]["requestedTaskCount"], 2)
        rev = self.revision(first[0]["arn"])
        self.assertEqual(rev["monitoring"], cpu20)
        self.assertEqual(rev["serviceArn"], created["serviceArn"])
        self.assertEqual(rev["taskDefinition"], created["taskDefinition"])
        self.assertNotIn("monitoring", self.describe())
        # A count alone deploys nothing new: the same revision.
        self.assertEqual(self.update("ui", "--desired-count", 3)["currentServiceRevisions"][0]["arn"],
                         first[0]["arn"])
        # New monitoring is a new deployment and revision; what is not given is kept.
        both = {"metricConfigurations": [{"metricNames": ["CPUUtilization", "MemoryUtilization"],
                                          "resolutionSeconds": 20}]}
        second = self.update("ui", "--monitoring", both)["currentServiceRevisions"][0]["arn"]
        self.assertNotEqual(second, first[0]["arn"])
        self.assertEqual(self.revision(second)["monitoring"], both)
        self.assertEqual(self.revision(first[0]["arn"])["monitoring"], cpu20)
        third = self.update("ui", "--force-new-deployment")["currentServiceRevisions"][0]["arn"]
        self.assertEqual(self.revision(third)["monitoring"], both)
        out = aws("ecs", "describe-service-revisions", "--service-revision-arns", second,
                  f"arn:aws:ecs:{REGION}:{ACCOUNT}:service-revision/shop/ui/1")
        self.assertEqual([r["serviceRevisionArn"] for r in out["serviceRevisions"]], [second])
        self.assertEqual(out["failures"], [{"arn": f"arn:aws:ecs:{REGION}:{ACCOUNT}:service-revision/shop/ui/1",
                                            "reason": "MISSING"}])


class ElbListenerSslPolicy(Case):
    """AWS returns an SslPolicy only for HTTPS and TLS listeners."""

    def test_http_listener_has_no_ssl_policy(self) -> None:
        vpc = aws("ec2", "create-vpc", "--cidr-block", "10.9.0.0/16")["Vpc"]["VpcId"]
        subnets = [aws("ec2", "create-subnet", "--vpc-id", vpc, "--cidr-block", f"10.9.{i}.0/24",
                       "--availability-zone", f"{REGION}{z}")["Subnet"]["SubnetId"]
                   for i, z in ((1, "a"), (2, "b"))]
        lb = aws("elbv2", "create-load-balancer", "--name", "ssl-check", "--subnets", *subnets)["LoadBalancers"][0]
        tg = aws("elbv2", "create-target-group", "--name", "ssl-check", "--protocol", "HTTP", "--port", "80",
                 "--vpc-id", vpc)["TargetGroups"][0]
        aws("elbv2", "create-listener", "--load-balancer-arn", lb["LoadBalancerArn"], "--protocol", "HTTP",
            "--port", "80", "--default-actions", f"Type=forward,TargetGroupArn={tg['TargetGroupArn']}")
        listener = aws("elbv2", "describe-listeners", "--load-balancer-arn", lb["LoadBalancerArn"])["Listeners"][0]
        self.assertEqual(listener["Protocol"], "HTTP")
        self.assertNotIn("SslPolicy", listener)


class ElbCreateIdempotency(Case):
    """AWS: CreateLoadBalancer, CreateTargetGroup and CreateListener repeated with the same
    settings succeed with the existing resource; other settings fail as duplicates."""

    def test_same_settings_return_the_existing_resource(self) -> None:
        vpc = aws("ec2", "create-vpc", "--cidr-block", "10.8.0.0/16")["Vpc"]["VpcId"]
        subnets = [aws("ec2", "create-subnet", "--vpc-id", vpc, "--cidr-block", f"10.8.{i}.0/24",
                       "--availability-zone", f"{REGION}{z}")["Subnet"]["SubnetId"]
                   for i, z in ((1, "a"), (2, "b"))]
        lb = lambda *extra: aws("elbv2", "create-load-balancer", "--name", "idem", "--subnets", *subnets,
                                *extra)["LoadBalancers"][0]
        first = lb()
        self.assertEqual(lb()["LoadBalancerArn"], first["LoadBalancerArn"])
        self.assertEqual(len(aws("elbv2", "describe-load-balancers")["LoadBalancers"]), 1)
        self.assertAwsError("DuplicateLoadBalancerName", "elbv2", "create-load-balancer", "--name", "idem",
                            "--subnets", *subnets, "--scheme", "internal")
        tg = lambda port: aws("elbv2", "create-target-group", "--name", "idem", "--protocol", "HTTP",
                              "--port", port, "--vpc-id", vpc)["TargetGroups"][0]
        group = tg("80")
        self.assertEqual(tg("80")["TargetGroupArn"], group["TargetGroupArn"])
        self.assertAwsError("DuplicateTargetGroupName", "elbv2", "create-target-group", "--name", "idem",
                            "--protocol", "HTTP", "--port", "81", "--vpc-id", vpc)
        listener = lambda protocol: aws(
            "elbv2", "create-listener", "--load-balancer-arn", first["LoadBalancerArn"], "--protocol", protocol,
            "--port", "80", "--default-actions", f"Type=forward,TargetGroupArn={group['TargetGroupArn']}")
        made = listener("HTTP")["Listeners"][0]
        self.assertEqual(listener("HTTP")["Listeners"][0]["ListenerArn"], made["ListenerArn"])
        self.assertEqual(len(aws("elbv2", "describe-listeners", "--load-balancer-arn",
                                 first["LoadBalancerArn"])["Listeners"]), 1)


IAM_ROLE = f"arn:aws:iam::{ACCOUNT}:role/"


class AwsDefaultsServices(Case):
    """Patches 10-12: what AWS fills in on CreateService (AZ rebalancing, the deployment
    strategy, the role's ARN) and what UpdateService keeps."""

    def setUp(self) -> None:
        super().setUp()
        self.cluster()
        self.task_definition()

    def test_availability_zone_rebalancing(self) -> None:
        created = self.service("ui", "--launch-type", "FARGATE")
        self.assertEqual(created["availabilityZoneRebalancing"], "ENABLED")
        self.assertEqual(self.describe()["availabilityZoneRebalancing"], "ENABLED")
        first = created["deployments"][0]["id"]
        # UpdateService without it keeps the value; with it sets it, and deploys nothing.
        self.update("ui", "--desired-count", 3)
        self.assertEqual(self.describe()["availabilityZoneRebalancing"], "ENABLED")
        updated = self.update("ui", "--availability-zone-rebalancing", "DISABLED")
        self.assertEqual(updated["availabilityZoneRebalancing"], "DISABLED")
        self.assertEqual(updated["deployments"][0]["id"], first)
        self.update("ui", "--desired-count", 2)
        self.assertEqual(self.describe()["availabilityZoneRebalancing"], "DISABLED")
        # A value given on CreateService is kept as given.
        self.service("api", "--launch-type", "FARGATE", "--availability-zone-rebalancing", "DISABLED")
        self.assertEqual(self.describe("api")["availabilityZoneRebalancing"], "DISABLED")
        self.update("api", "--availability-zone-rebalancing", "ENABLED")
        self.assertEqual(self.describe("api")["availabilityZoneRebalancing"], "ENABLED")

    def test_deployment_strategy(self) -> None:
        self.service("ui", "--launch-type", "FARGATE",
                     "--deployment-configuration", {"maximumPercent": 150, "minimumHealthyPercent": 50})
        dc = self.describe()["deploymentConfiguration"]
        self.assertEqual((dc["strategy"], dc["bakeTimeInMinutes"], dc["maximumPercent"]), ("ROLLING", 0, 150))
        # UpdateService without a strategy keeps it.
        self.update("ui", "--deployment-configuration", {"minimumHealthyPercent": 100})
        dc = self.describe()["deploymentConfiguration"]
        self.assertEqual((dc["strategy"], dc["bakeTimeInMinutes"], dc["minimumHealthyPercent"]), ("ROLLING", 0, 100))
        # A strategy given is kept as sent, on CreateService and UpdateService.
        self.service("bg", "--launch-type", "FARGATE",
                     "--deployment-configuration", {"strategy": "BLUE_GREEN", "bakeTimeInMinutes": 5})
        dc = self.describe("bg")["deploymentConfiguration"]
        self.assertEqual((dc["strategy"], dc["bakeTimeInMinutes"]), ("BLUE_GREEN", 5))
        self.update("ui", "--deployment-configuration", {"strategy": "BLUE_GREEN", "bakeTimeInMinutes": 10})
        dc = self.describe()["deploymentConfiguration"]
        self.assertEqual((dc["strategy"], dc["bakeTimeInMinutes"]), ("BLUE_GREEN", 10))
        # Not for the CODE_DEPLOY controller (no real response of one was found).
        self.service("cd", "--launch-type", "FARGATE", "--deployment-controller", "type=CODE_DEPLOY")
        self.assertNotIn("strategy", self.describe("cd")["deploymentConfiguration"])

    def test_role_arn(self) -> None:
        # A role is for a load balancer, with a task definition not in awsvpc mode (CreateService, role).
        self.task_definition("legacy", networkMode="bridge", requiresCompatibilities=["EC2"])
        balancer = [{"loadBalancerName": "legacy-elb", "containerName": "legacy", "containerPort": 8080}]
        for name, role, want in (
            ("plain", "ecsServiceRole", IAM_ROLE + "ecsServiceRole"),
            ("path", "/foo/bar", IAM_ROLE + "foo/bar"),
            ("arn", IAM_ROLE + "given/ecsServiceRole", IAM_ROLE + "given/ecsServiceRole"),
        ):
            created = self.service(name, "--launch-type", "EC2", "--role", role, "--load-balancers", balancer,
                                   td="legacy", count=1)
            self.assertEqual(created["roleArn"], want)
            self.assertEqual(self.describe(name)["roleArn"], want)
        # Without a role: the service-linked role.
        self.service("none", "--launch-type", "FARGATE", count=1)
        self.assertEqual(self.describe("none")["roleArn"],
                         IAM_ROLE + "aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS")


class AwsDefaultsTaskDefinitions(Case):
    """Patches 13-16: RegisterTaskDefinition stores what AWS fills in (bridge dynamic host
    port, health check defaults, Docker volume scope and driver, role ARNs)."""

    def register(self, family: str, **overrides: Any) -> tuple[dict[str, Any], dict[str, Any]]:
        """The registered task definition and the one DescribeTaskDefinition returns."""
        td = {"family": family, "containerDefinitions": [{"name": "app", "image": "nginx", "memory": 128}],
              **overrides}
        registered = aws("ecs", "register-task-definition", "--cli-input-json", td)["taskDefinition"]
        described = aws("ecs", "describe-task-definition", "--task-definition",
                        registered["taskDefinitionArn"])["taskDefinition"]
        return registered, described

    def container(self, **fields: Any) -> list[dict[str, Any]]:
        return [{"name": "app", "image": "nginx", "memory": 128, **fields}]

    def test_bridge_dynamic_host_port(self) -> None:
        mappings = [{"containerPort": 80}, {"containerPort": 443, "hostPort": 8443},
                    {"containerPortRange": "9000-9010", "protocol": "tcp"}]
        for overrides in ({}, {"networkMode": "bridge"}):  # bridge is the default
            for td in self.register("web", containerDefinitions=self.container(portMappings=mappings),
                                    **overrides):
                self.assertEqual(td["networkMode"], "bridge")
                self.assertEqual(td["containerDefinitions"][0]["portMappings"], [
                    {"containerPort": 80, "hostPort": 0}, {"containerPort": 443, "hostPort": 8443},
                    {"containerPortRange": "9000-9010", "protocol": "tcp"}])
        # awsvpc keeps patch 6: hostPort = containerPort.
        _, td = self.register("vpc", networkMode="awsvpc", containerDefinitions=self.container(
            portMappings=[{"containerPort": 80}]))
        self.assertEqual(td["containerDefinitions"][0]["portMappings"], [{"containerPort": 80, "hostPort": 80}])

    def test_health_check_defaults(self) -> None:
        command = ["CMD-SHELL", "curl -f http://localhost/ || exit 1"]
        for td in self.register("web", containerDefinitions=self.container(healthCheck={"command": command})):
            self.assertEqual(td["containerDefinitions"][0]["healthCheck"],
                             {"command": command, "interval": 30, "timeout": 5, "retries": 3})
        given = {"command": command, "interval": 10, "timeout": 2, "retries": 5, "startPeriod": 60}
        _, td = self.register("api", containerDefinitions=self.container(healthCheck=given))
        self.assertEqual(td["containerDefinitions"][0]["healthCheck"], given)
        _, td = self.register("plain")
        self.assertNotIn("healthCheck", td["containerDefinitions"][0])

    def test_docker_volume_defaults(self) -> None:
        for td in self.register("web", volumes=[
            {"name": "scratch", "dockerVolumeConfiguration": {"labels": {"team": "web"}}},
            {"name": "data", "dockerVolumeConfiguration": {"scope": "shared", "autoprovision": True,
                                                           "driver": "rexray/ebs"}},
            {"name": "host", "host": {"sourcePath": "/srv"}},
        ]):
            self.assertEqual(td["volumes"], [
                {"name": "scratch", "dockerVolumeConfiguration": {"labels": {"team": "web"}, "scope": "task",
                                                                  "driver": "local"}},
                {"name": "data", "dockerVolumeConfiguration": {"scope": "shared", "autoprovision": True,
                                                               "driver": "rexray/ebs"}},
                {"name": "host", "host": {"sourcePath": "/srv"}},
            ])

    def test_role_arns(self) -> None:
        for td in self.register("web", taskRoleArn="web-task", executionRoleArn="ecsTaskExecutionRole"):
            self.assertEqual((td["taskRoleArn"], td["executionRoleArn"]),
                             (IAM_ROLE + "web-task", IAM_ROLE + "ecsTaskExecutionRole"))
        # An ARN is kept; a name with a path is left as given (AWS's answer not established).
        _, td = self.register("api", taskRoleArn=IAM_ROLE + "team/api", executionRoleArn="/team/exec")
        self.assertEqual((td["taskRoleArn"], td["executionRoleArn"]), (IAM_ROLE + "team/api", "/team/exec"))
        _, td = self.register("plain")
        self.assertNotIn("taskRoleArn", td)
        self.assertNotIn("executionRoleArn", td)


class ElbNetworkTargetGroups(Case):
    """Patch 17 (and moto's own defaults, pinned here): Network and Gateway Load Balancer
    target groups report AWS's health check defaults; HTTP/HTTPS groups keep theirs."""

    HEALTH_KEYS = ("HealthCheckProtocol", "HealthCheckPort", "HealthCheckEnabled", "HealthCheckIntervalSeconds",
                   "HealthCheckTimeoutSeconds", "HealthyThresholdCount", "UnhealthyThresholdCount",
                   "HealthCheckPath", "Matcher")

    def setUp(self) -> None:
        super().setUp()
        self.vpc = aws("ec2", "create-vpc", "--cidr-block", "10.7.0.0/16")["Vpc"]["VpcId"]

    def group(self, name: str, protocol: str, port: int, *extra: Any) -> dict[str, Any]:
        created = aws("elbv2", "create-target-group", "--name", name, "--protocol", protocol, "--port", port,
                      "--vpc-id", self.vpc, *extra)["TargetGroups"][0]
        [described] = aws("elbv2", "describe-target-groups", "--names", name)["TargetGroups"]
        health = {k: described[k] for k in self.HEALTH_KEYS if k in described}
        self.assertEqual(health, {k: created[k] for k in self.HEALTH_KEYS if k in created})
        return health

    def test_network_load_balancer_protocols(self) -> None:
        for protocol in ("TCP", "UDP", "TLS", "TCP_UDP"):
            self.assertEqual(self.group(f"nlb-{protocol.lower().replace('_', '-')}", protocol, 80), {
                "HealthCheckProtocol": "TCP", "HealthCheckPort": "traffic-port", "HealthCheckEnabled": True,
                "HealthCheckIntervalSeconds": 30, "HealthCheckTimeoutSeconds": 10,
                "HealthyThresholdCount": 5, "UnhealthyThresholdCount": 2,
            }, protocol)

    def test_http_health_check_on_a_network_target_group(self) -> None:
        health = self.group("nlb-http", "TCP", 80, "--health-check-protocol", "HTTP")
        self.assertEqual((health["HealthCheckPath"], health["Matcher"]), ("/", {"HttpCode": "200-399"}))
        health = self.group("nlb-https", "TLS", 443, "--health-check-protocol", "HTTPS",
                            "--health-check-path", "/ready", "--matcher", "HttpCode=200")
        self.assertEqual((health["HealthCheckPath"], health["Matcher"]), ("/ready", {"HttpCode": "200"}))

    def test_gateway_load_balancer(self) -> None:
        self.assertEqual(self.group("gwlb", "GENEVE", 6081), {
            "HealthCheckProtocol": "TCP", "HealthCheckPort": "80", "HealthCheckEnabled": True,
            "HealthCheckIntervalSeconds": 10, "HealthCheckTimeoutSeconds": 5,
            "HealthyThresholdCount": 5, "UnhealthyThresholdCount": 2,
        })

    def test_application_load_balancer_protocols_keep_theirs(self) -> None:
        for protocol in ("HTTP", "HTTPS"):
            self.assertEqual(self.group(f"alb-{protocol.lower()}", protocol, 80), {
                "HealthCheckProtocol": protocol, "HealthCheckPort": "traffic-port", "HealthCheckEnabled": True,
                "HealthCheckIntervalSeconds": 30, "HealthCheckTimeoutSeconds": 5,
                "HealthyThresholdCount": 5, "UnhealthyThresholdCount": 2,
                "HealthCheckPath": "/", "Matcher": {"HttpCode": "200"},
            }, protocol)


class EcsDeleteClusterWithServices(Case):
    """Patch 18: DeleteCluster refuses a cluster that still has services."""

    def test_refused_while_a_service_remains_and_deleted_once_none_does(self) -> None:
        self.cluster()
        self.task_definition()
        self.service("ui", "--launch-type", "FARGATE")
        self.assertAwsError("ClusterContainsServicesException", "ecs", "delete-cluster", "--cluster", "shop",
                            message="The Cluster cannot be deleted while Services are active.")
        [cluster] = aws("ecs", "describe-clusters", "--clusters", "shop")["clusters"]
        self.assertEqual(cluster["status"], "ACTIVE")
        aws("ecs", "update-service", "--cluster", "shop", "--service", "ui", "--desired-count", 0)
        aws("ecs", "delete-service", "--cluster", "shop", "--service", "ui")
        self.assertEqual(aws("ecs", "delete-cluster", "--cluster", "shop")["cluster"]["status"], "INACTIVE")

    def test_another_clusters_services_do_not_count(self) -> None:
        self.cluster("shop")
        self.cluster("other")
        self.task_definition()
        self.service("ui", "--launch-type", "FARGATE", cluster="other")
        self.assertEqual(aws("ecs", "delete-cluster", "--cluster", "shop")["cluster"]["status"], "INACTIVE")


class EcsDescribeTaskDefinitionOfAFamily(Case):
    """Patch 19: a family alone is its latest ACTIVE revision."""

    def test_latest_active_revision_not_an_inactive_one(self) -> None:
        for _ in range(3):
            self.task_definition()  # ui:1, ui:2, ui:3
        aws("ecs", "deregister-task-definition", "--task-definition", "ui:3")
        td = aws("ecs", "describe-task-definition", "--task-definition", "ui")["taskDefinition"]
        self.assertEqual((td["revision"], td["status"]), (2, "ACTIVE"))
        by_arn = aws("ecs", "describe-task-definition", "--task-definition", TD_ARN + "ui")["taskDefinition"]
        self.assertEqual(by_arn["revision"], 2)
        # A revision named explicitly is described whatever its status.
        inactive = aws("ecs", "describe-task-definition", "--task-definition", "ui:3")["taskDefinition"]
        self.assertEqual((inactive["revision"], inactive["status"]), (3, "INACTIVE"))

    def test_a_family_without_an_active_revision_is_not_found(self) -> None:
        self.task_definition()
        aws("ecs", "deregister-task-definition", "--task-definition", "ui:1")
        self.assertAwsError("ClientException", "ecs", "describe-task-definition", "--task-definition", "ui",
                            message="Unable to describe task definition.")
        self.assertAwsError("ClientException", "ecs", "describe-task-definition", "--task-definition", "nope",
                            message="Unable to describe task definition.")


class TaggingApiCloudMap(Case):
    """Patch 20: GetResources returns tagged Cloud Map namespaces and services, under the
    tag and resource type filters, beside the other services' resources."""

    def test_tagged_namespaces_and_services_are_found_by_tag_and_type(self) -> None:
        op = aws("servicediscovery", "create-http-namespace", "--name", "mine",
                 "--tags", "Key=ecsform:stack,Value=s1")
        self.assertTrue(op["OperationId"])
        aws("servicediscovery", "create-http-namespace", "--name", "theirs",
            "--tags", "Key=ecsform:stack,Value=s2")
        aws("servicediscovery", "create-http-namespace", "--name", "untagged")
        ids = {n["Name"]: n for n in aws("servicediscovery", "list-namespaces")["Namespaces"]}
        svc = aws("servicediscovery", "create-service", "--name", "api", "--namespace-id", ids["mine"]["Id"],
                  "--tags", "Key=ecsform:stack,Value=s1")["Service"]
        aws("elbv2", "create-target-group", "--name", "tg-s1", "--protocol", "HTTP", "--port", "80",
            "--target-type", "ip", "--vpc-id", self.network()[0], "--tags", "Key=ecsform:stack,Value=s1")

        def arns(*args: str) -> set[str]:
            out = aws("resourcegroupstaggingapi", "get-resources", "--tag-filters", "Key=ecsform:stack,Values=s1",
                      *args)
            return {r["ResourceARN"] for r in out["ResourceTagMappingList"]}

        everything = arns()
        self.assertIn(ids["mine"]["Arn"], everything)
        self.assertIn(svc["Arn"], everything)
        self.assertNotIn(ids["theirs"]["Arn"], everything)
        self.assertNotIn(ids["untagged"]["Arn"], everything)
        self.assertTrue(any(":targetgroup/tg-s1/" in a for a in everything), everything)
        self.assertEqual(arns("--resource-type-filters", "servicediscovery:namespace"), {ids["mine"]["Arn"]})
        self.assertEqual(arns("--resource-type-filters", "servicediscovery"), {ids["mine"]["Arn"], svc["Arn"]})
        tags = aws("resourcegroupstaggingapi", "get-resources", "--resource-type-filters",
                   "servicediscovery:namespace", "--tag-filters", "Key=ecsform:stack,Values=s2")
        self.assertEqual(tags["ResourceTagMappingList"][0]["Tags"], [{"Key": "ecsform:stack", "Value": "s2"}])



class ElbPrivateLinkFlag(Case):
    """Patch 26: SetSecurityGroups sets a Network Load Balancer's
    EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic; SetSecurityGroups answers it and
    DescribeLoadBalancers returns it; a call without it keeps it; none before it is set."""

    FLAG = "EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic"

    def test_set_kept_and_returned(self) -> None:
        vpc = aws("ec2", "create-vpc", "--cidr-block", "10.7.0.0/16")["Vpc"]["VpcId"]
        subnets = [aws("ec2", "create-subnet", "--vpc-id", vpc, "--cidr-block", f"10.7.{i}.0/24",
                       "--availability-zone", f"{REGION}{z}")["Subnet"]["SubnetId"]
                   for i, z in ((1, "a"), (2, "b"))]
        sg = aws("ec2", "create-security-group", "--group-name", "nlb", "--description", "nlb",
                 "--vpc-id", vpc)["GroupId"]
        arn = aws("elbv2", "create-load-balancer", "--name", "nlb", "--type", "network", "--subnets", *subnets,
                  "--security-groups", sg)["LoadBalancers"][0]["LoadBalancerArn"]
        described = lambda: aws("elbv2", "describe-load-balancers", "--load-balancer-arns", arn)["LoadBalancers"][0]
        self.assertNotIn(self.FLAG, described())
        out = aws("elbv2", "set-security-groups", "--load-balancer-arn", arn, "--security-groups", sg,
                  "--enforce-security-group-inbound-rules-on-private-link-traffic", "off")
        self.assertEqual(out[self.FLAG], "off")
        self.assertEqual(described()[self.FLAG], "off")
        aws("elbv2", "set-security-groups", "--load-balancer-arn", arn, "--security-groups", sg)
        self.assertEqual(described()[self.FLAG], "off")
        aws("elbv2", "set-security-groups", "--load-balancer-arn", arn, "--security-groups", sg,
            "--enforce-security-group-inbound-rules-on-private-link-traffic", "on")
        self.assertEqual(described()[self.FLAG], "on")


class Patch27TargetHealth(Case):
    """Patch 27: ECS registers a service's tasks in the target groups of the deployment that
    started them; DescribeTargetHealth reports them initial (Elb.RegistrationInProgress)
    until they run, healthy, unhealthy before ECS stops them for failed ELB health checks,
    draining (Target.DeregistrationInProgress) for the group's deregistration delay once
    ECS stops them, then not at all."""

    def setUp(self) -> None:
        super().setUp()
        vpc = aws("ec2", "create-vpc", "--cidr-block", "10.0.0.0/16")["Vpc"]["VpcId"]
        self.subnets = [aws("ec2", "create-subnet", "--vpc-id", vpc, "--cidr-block", f"10.0.{i}.0/24",
                            "--availability-zone", f"{REGION}{z}")["Subnet"]["SubnetId"]
                        for i, z in ((1, "a"), (2, "b"))]
        self.sg = aws("ec2", "create-security-group", "--vpc-id", vpc, "--group-name", "ui",
                      "--description", "ui")["GroupId"]
        self.groups = {name: aws("elbv2", "create-target-group", "--name", name, "--protocol", "HTTP", "--port",
                                 8080, "--target-type", "ip", "--vpc-id", vpc)["TargetGroups"][0]["TargetGroupArn"]
                       for name in ("a", "b")}
        lb = aws("elbv2", "create-load-balancer", "--name", "web", "--subnets",
                 *self.subnets)["LoadBalancers"][0]["LoadBalancerArn"]
        listener = aws("elbv2", "create-listener", "--load-balancer-arn", lb, "--protocol", "HTTP", "--port", 80,
                       "--default-actions", f"Type=forward,TargetGroupArn={self.groups['a']}")
        self.listener = listener["Listeners"][0]["ListenerArn"]
        aws("elbv2", "create-rule", "--listener-arn", self.listener, "--priority", 1,
            "--conditions", "Field=path-pattern,Values=/b/*",
            "--actions", f"Type=forward,TargetGroupArn={self.groups['b']}")
        self.cluster()

    def behaving(self, start: float | None = None, stop: str | None = None, **td: Any) -> None:
        env = [{"name": "ECSFORM_TESTBED_START_SECONDS", "value": str(start)}] if start is not None else []
        if stop is not None:
            env.append({"name": "ECSFORM_TESTBED_STOP", "value": stop})
        self.task_definition(containerDefinitions=[{
            "name": "ui", "image": "nginx:1", "essential": True, "environment": env,
            "portMappings": [{"containerPort": 8080, "protocol": "tcp"}]}], **td)

    def balanced(self, *groups: str, count: int = 2) -> dict[str, Any]:
        return self.service("ui", "--launch-type", "FARGATE", "--load-balancers", *self.lbs(*groups),
                            "--network-configuration", self.awsvpc(), count=count)

    def lbs(self, *groups: str) -> list[str]:
        return [f"targetGroupArn={self.groups[g]},containerName=ui,containerPort=8080" for g in groups]

    def awsvpc(self) -> str:
        return json.dumps({"awsvpcConfiguration": {"subnets": self.subnets, "securityGroups": [self.sg]}})

    def health(self, group: str) -> dict[str, tuple[str, str | None]]:
        """Target id -> (state, reason) of a group."""
        out = aws("elbv2", "describe-target-health", "--target-group-arn", self.groups[group])
        return {d["Target"]["Id"]: (d["TargetHealth"]["State"], d["TargetHealth"].get("Reason"))
                for d in out["TargetHealthDescriptions"]}

    def states(self, group: str) -> list[str]:
        return sorted(state for state, _ in self.health(group).values())

    def until(self, what: Any, expected: Any, seconds: float = 15) -> Any:
        deadline = time.monotonic() + seconds
        while True:
            got = what()
            if got == expected or time.monotonic() > deadline:
                self.assertEqual(got, expected)
                return got
            time.sleep(0.3)

    def test_targets_are_initial_then_healthy(self) -> None:
        self.behaving(start=2)
        self.balanced("a")
        out = aws("elbv2", "describe-target-health", "--target-group-arn", self.groups["a"])
        descriptions = out["TargetHealthDescriptions"]
        self.assertEqual(len(descriptions), 2)
        for d in descriptions:
            self.assertRegex(d["Target"]["Id"], r"^10\.\d+\.\d+\.\d+$")
            self.assertEqual((d["Target"]["Port"], d["HealthCheckPort"]), (8080, "8080"))
            self.assertEqual(d["TargetHealth"], {"State": "initial", "Reason": "Elb.RegistrationInProgress",
                                                 "Description": "Target registration is in progress"})
        ids = {d["Target"]["Id"] for d in descriptions}
        self.assertEqual(len(ids), 2)
        self.assertEqual(self.health("b"), {})  # the service does not name b
        self.until(lambda: self.health("a"), {i: ("healthy", None) for i in ids})
        # Asked for by target: the same answers; an unknown one is not registered (moto's).
        [one] = aws("elbv2", "describe-target-health", "--target-group-arn", self.groups["a"], "--targets",
                    f"Id={min(ids)},Port=8080")["TargetHealthDescriptions"]
        self.assertEqual((one["Target"]["Id"], one["TargetHealth"]["State"]), (min(ids), "healthy"))
        [other] = aws("elbv2", "describe-target-health", "--target-group-arn", self.groups["a"], "--targets",
                      "Id=10.9.9.9,Port=8080")["TargetHealthDescriptions"]
        self.assertEqual(other["TargetHealth"]["Reason"], "Target.NotRegistered")

    def test_a_service_without_a_chosen_behaviour_is_healthy_at_once_and_drains_when_scaled_in_or_deleted(self) -> None:
        self.task_definition()
        self.balanced("a", count=3)
        self.assertEqual(self.states("a"), ["healthy"] * 3)
        self.update("ui", "--desired-count", 1)
        self.assertEqual(self.states("a"), ["draining", "draining", "healthy"])
        self.assertEqual({r for s, r in self.health("a").values() if s == "draining"},
                         {"Target.DeregistrationInProgress"})
        aws("ecs", "delete-service", "--cluster", "shop", "--service", "ui", "--force")
        self.assertEqual(self.states("a"), ["draining"] * 3)
        # A group with (draining) targets is deleted once no listener forwards to it, with
        # its targets.
        aws("elbv2", "delete-listener", "--listener-arn", self.listener)
        aws("elbv2", "delete-target-group", "--target-group-arn", self.groups["a"])
        self.assertAwsError("TargetGroupNotFound", "elbv2", "describe-target-health", "--target-group-arn",
                            self.groups["a"])

    # Start times leave room for the aws CLI's ~0.5 s a call (more with two shards at once).

    def test_a_second_group_gets_the_new_deployment_s_tasks(self) -> None:
        self.behaving(start=4)
        self.balanced("a")
        old = set(self.until(lambda: self.health("a"), {i: ("healthy", None) for i in self.health("a")}))
        self.assertEqual(len(old), 2)
        self.update("ui", "--load-balancers", *self.lbs("a", "b"))
        b = self.health("b")
        self.assertEqual(sorted(b.values()), [("initial", "Elb.RegistrationInProgress")] * 2)
        new = set(b)
        self.assertFalse(new & old)
        a = self.health("a")
        self.assertEqual({i: a[i] for i in old}, {i: ("healthy", None) for i in old})  # until the new ones run
        self.assertEqual({i: a[i] for i in new}, {i: b[i] for i in new})
        self.until(lambda: self.health("b"), {i: ("healthy", None) for i in new})
        self.until(lambda: self.health("a"), {**{i: ("draining", "Target.DeregistrationInProgress") for i in old},
                                             **{i: ("healthy", None) for i in new}})

    def test_moving_to_another_group_drains_the_old_one_after_the_new_targets_are_healthy(self) -> None:
        aws("elbv2", "modify-target-group-attributes", "--target-group-arn", self.groups["a"],
            "--attributes", "Key=deregistration_delay.timeout_seconds,Value=1")
        self.behaving(start=4)
        self.balanced("a")
        old = set(self.until(lambda: self.health("a"), {i: ("healthy", None) for i in self.health("a")}))
        self.update("ui", "--load-balancers", *self.lbs("b"))
        seen = []
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            a, b = self.health("a"), self.health("b")
            seen.append((sorted(s for s, _ in a.values()), sorted(s for s, _ in b.values())))
            self.assertFalse(set(b) & old)
            if not a:
                break
            time.sleep(0.2)
        # Old targets healthy while the new ones are initial; draining once they are
        # healthy; gone after the group's 1-second deregistration delay.
        self.assertEqual(seen[0], (["healthy", "healthy"], ["initial", "initial"]))
        self.assertIn((["draining", "draining"], ["healthy", "healthy"]), seen)
        self.assertEqual(seen[-1], ([], ["healthy", "healthy"]))
        for a_states, b_states in seen:
            self.assertTrue("healthy" in a_states or "healthy" in b_states, seen)

    def test_tasks_failing_elb_health_checks_are_unhealthy_then_drain(self) -> None:
        self.behaving(start=4, stop="elb-health")
        self.balanced("a", count=1)
        [(first, state)] = self.health("a").items()
        self.assertEqual(state, ("initial", "Elb.RegistrationInProgress"))
        self.until(lambda: self.health("a"), {first: ("unhealthy", "Target.ResponseCodeMismatch")})
        [d] = aws("elbv2", "describe-target-health", "--target-group-arn",
                  self.groups["a"])["TargetHealthDescriptions"]
        self.assertEqual(d["TargetHealth"]["Description"], "Health checks failed with these codes: [502]")
        # ECS stops it ("Task failed ELB health checks"): draining (300 s by default); the
        # next attempt's task is registered in its place.
        self.until(lambda: self.health("a")[first], ("draining", "Target.DeregistrationInProgress"))
        [(second, state)] = [(i, h) for i, h in self.health("a").items() if i != first]
        self.assertIn(state, [("initial", "Elb.RegistrationInProgress"), ("unhealthy", "Target.ResponseCodeMismatch")])
        arns = aws("ecs", "list-tasks", "--cluster", "shop", "--service-name", "ui", "--desired-status",
                   "STOPPED")["taskArns"]
        self.assertGreaterEqual(len(arns), 1)

    def test_only_awsvpc_tasks_in_ip_groups_are_registered(self) -> None:
        self.behaving(start=1, networkMode="bridge", requiresCompatibilities=["EC2"])
        self.service("ui", "--launch-type", "EC2", "--load-balancers", *self.lbs("a"), count=1)
        time.sleep(1.2)
        self.assertEqual(self.health("a"), {})


def load_tests(loader: unittest.TestLoader, tests: unittest.TestSuite, pattern: str | None) -> unittest.TestSuite:
    """ECSFORM_TEST_SHARD=i/n keeps every n-th test class, starting at the i-th (0-based):
    the runner runs two shards at once, each against its own emulator."""
    shard = os.environ.get("ECSFORM_TEST_SHARD")
    if not shard:
        return tests
    i, n = (int(x) for x in shard.split("/"))
    classes = [c for c in globals().values() if isinstance(c, type) and issubclass(c, Case) and c is not Case]
    suite = unittest.TestSuite()
    for cls in classes[i::n]:
        suite.addTests(loader.loadTestsFromTestCase(cls))
    return suite


if __name__ == "__main__":
    sys.exit(unittest.main())
