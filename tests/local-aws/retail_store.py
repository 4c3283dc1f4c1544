#!/usr/bin/env python3
"""Creates AWS's retail store sample stack with the aws CLI, the way the ECS workshop
does it by hand, tagged as owned by the ecsform stack `retail-store`.

It is the independent side of the plan tests: ecsform must read what the aws CLI built
and find it equal to examples/retail-store (plan: "No changes."), then see each
out-of-band change the tests make.

Usage (with the exports of `scripts/local-aws start` in the environment):
    tests/local-aws/retail_store.py create
The task definitions are the workshop's own files (tests/fixtures/retail-store).
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "retail-store"
STACK = "retail-store"
CLUSTER = "retail-store-ecs-cluster"
NAMESPACE = "retailstore.local"
TAGS_ECS = [{"key": "ecsform:stack", "value": STACK}]
TAGS_PASCAL = [{"Key": "ecsform:stack", "Value": STACK}]


def aws(*args, input_json=None):
    """Runs the aws CLI against the local endpoint and returns its JSON output."""
    cmd = ["aws", *args, "--output", "json"]
    if input_json is not None:
        cmd += ["--cli-input-json", json.dumps(input_json)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return json.loads(out.stdout) if out.stdout.strip() else {}


def substitute(text):
    """${VAR} from the environment, as the workshop's shell steps do."""
    def var(m):
        value = os.environ.get(m.group(1))
        if value is None:
            sys.exit(f"retail_store.py: {m.group(1)} is not set (run scripts/local-aws start)")
        return value
    return re.sub(r"\$\{([A-Z_0-9]+)\}", var, text)


def wait_operation(operation_id):
    for _ in range(50):
        op = aws("servicediscovery", "get-operation", "--operation-id", operation_id)["Operation"]
        if op["Status"] == "SUCCESS":
            return op
    sys.exit(f"retail_store.py: Cloud Map operation {operation_id} did not succeed")


def create():
    env = os.environ
    ns_op = aws("servicediscovery", "create-http-namespace", "--name", NAMESPACE,
                "--description", "Service Connect namespace of the retail store",
                "--tags", json.dumps(TAGS_PASCAL))
    wait_operation(ns_op["OperationId"])
    aws("ecs", "create-cluster", input_json={
        "clusterName": CLUSTER,
        "settings": [{"name": "containerInsights", "value": "enabled"}],
        "serviceConnectDefaults": {"namespace": NAMESPACE},
        "tags": TAGS_ECS,
    })
    for name in ["ui.taskdef.v1.json", "catalog.taskdef.json", "assets.taskdef.json"]:
        td = json.loads(substitute((FIXTURES / name).read_text()))
        td["tags"] = TAGS_ECS
        aws("ecs", "register-task-definition", input_json=td)

    lb = aws("elbv2", "create-load-balancer", "--name", "retail-store-ecs-ui", "--type", "application",
             "--scheme", "internet-facing", "--ip-address-type", "ipv4",
             "--subnets", env["PUBLIC_SUBNET1"], env["PUBLIC_SUBNET2"],
             "--security-groups", env["ALB_SG_ID"], "--tags", *tag_args())["LoadBalancers"][0]
    tg = aws("elbv2", "create-target-group", "--name", "ui-application", "--protocol", "HTTP",
             "--port", "8080", "--vpc-id", env["VPC_ID"], "--target-type", "ip",
             "--health-check-path", "/actuator/health", "--health-check-interval-seconds", "10",
             "--healthy-threshold-count", "2", "--matcher", "HttpCode=200-299",
             "--tags", *tag_args())["TargetGroups"][0]
    aws("elbv2", "modify-target-group-attributes", "--target-group-arn", tg["TargetGroupArn"],
        "--attributes", "Key=deregistration_delay.timeout_seconds,Value=30")
    aws("elbv2", "create-listener", "--load-balancer-arn", lb["LoadBalancerArn"], "--protocol", "HTTP",
        "--port", "80", "--default-actions", f"Type=forward,TargetGroupArn={tg['TargetGroupArn']}",
        "--tags", *tag_args())

    services = json.loads((FIXTURES / "services-and-scaling.json").read_text())
    for svc in services["services"]:
        # The workshop's placeholder for the target group's ARN is filled in first.
        for lbs in svc.get("loadBalancers", []):
            lbs["targetGroupArn"] = tg["TargetGroupArn"]
        svc = json.loads(substitute(json.dumps(svc)))
        svc["cluster"] = CLUSTER
        svc["tags"] = TAGS_ECS
        aws("ecs", "create-service", input_json=svc)

    scaling = services["autoscaling"]
    target = dict(scaling["registerScalableTarget"])
    aws("application-autoscaling", "register-scalable-target",
        "--service-namespace", target["serviceNamespace"], "--scalable-dimension", target["scalableDimension"],
        "--resource-id", target["resourceId"], "--min-capacity", str(target["minCapacity"]),
        "--max-capacity", str(target["maxCapacity"]))
    label = (lb["LoadBalancerArn"].split(":loadbalancer/")[1] + "/targetgroup/"
             + tg["TargetGroupArn"].split(":targetgroup/")[1])
    policy = scaling["putScalingPolicy"]
    config = dict(policy["targetTrackingScalingPolicyConfiguration"])
    config["PredefinedMetricSpecification"] = {"PredefinedMetricType": "ALBRequestCountPerTarget", "ResourceLabel": label}
    aws("application-autoscaling", "put-scaling-policy", "--service-namespace", "ecs",
        "--scalable-dimension", "ecs:service:DesiredCount", "--resource-id", target["resourceId"],
        "--policy-name", policy["policyName"], "--policy-type", policy["policyType"],
        "--target-tracking-scaling-policy-configuration", json.dumps(config))


def tag_args():
    return [f"Key={t['Key']},Value={t['Value']}" for t in TAGS_PASCAL]


if __name__ == "__main__":
    if sys.argv[1:] != ["create"]:
        sys.exit(__doc__)
    create()
