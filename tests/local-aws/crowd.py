#!/usr/bin/env python3
"""Crowds the local test bed's account with resources no stack of the tests owns, as a
real account holds: target groups, load balancers, and autoscaled services (each with a
scalable target, a scaling policy and a scheduled action) of another cluster, and Cloud
Map namespaces; some tagged with another stack's `ecsform:stack`, some untagged. The
reader's calls must not grow with them (book: architecture, "What the reader calls").

Usage (with the exports of `scripts/local-aws start` in the environment):
    tests/local-aws/crowd.py TARGET_GROUPS LOAD_BALANCERS SERVICES
"""

import sys

import boto3


def main(target_groups, load_balancers, services):
    ecs = boto3.client("ecs")
    elb = boto3.client("elbv2")
    aas = boto3.client("application-autoscaling")
    sd = boto3.client("servicediscovery")
    ec2 = boto3.client("ec2")
    vpc = ec2.describe_vpcs()["Vpcs"][0]["VpcId"]
    subnets = [s["SubnetId"] for s in ec2.describe_subnets()["Subnets"]][:2]
    groups = [g["GroupId"] for g in ec2.describe_security_groups()["SecurityGroups"]][:1]

    def tags(i):
        # Every other resource is another stack's; the rest carry no ecsform tag.
        return [{"Key": "ecsform:stack", "Value": "crowd"}] if i % 2 == 0 else [{"Key": "team", "Value": "other"}]

    for i in range(target_groups):
        elb.create_target_group(Name=f"crowd-tg-{i}", Protocol="HTTP", Port=80, VpcId=vpc, TargetType="ip",
                                Tags=tags(i))
    for i in range(load_balancers):
        elb.create_load_balancer(Name=f"crowd-lb-{i}", Subnets=subnets, Type="application", Tags=tags(i))
    for i in range(max(1, load_balancers // 10)):
        sd.create_http_namespace(Name=f"crowd-{i}.local", Tags=tags(i))
    ecs.create_cluster(clusterName="crowd", tags=[{"key": "ecsform:stack", "value": "crowd"}])
    ecs.register_task_definition(
        family="crowd", networkMode="awsvpc", requiresCompatibilities=["FARGATE"], cpu="256", memory="512",
        containerDefinitions=[{"name": "app", "image": "public.ecr.aws/docker/library/nginx:1.27", "essential": True}],
    )
    for i in range(services):
        name = f"crowd-{i}"
        ecs.create_service(
            cluster="crowd", serviceName=name, taskDefinition="crowd", desiredCount=1, launchType="FARGATE",
            networkConfiguration={"awsvpcConfiguration": {"subnets": subnets, "securityGroups": groups}},
            tags=[{"key": t["Key"], "value": t["Value"]} for t in tags(i)],
        )
        resource = f"service/crowd/{name}"
        aas.register_scalable_target(ServiceNamespace="ecs", ResourceId=resource,
                                     ScalableDimension="ecs:service:DesiredCount", MinCapacity=1, MaxCapacity=4)
        aas.put_scaling_policy(
            PolicyName="cpu", ServiceNamespace="ecs", ResourceId=resource, ScalableDimension="ecs:service:DesiredCount",
            PolicyType="TargetTrackingScaling",
            TargetTrackingScalingPolicyConfiguration={
                "TargetValue": 60.0,
                "PredefinedMetricSpecification": {"PredefinedMetricType": "ECSServiceAverageCPUUtilization"},
            },
        )
        aas.put_scheduled_action(
            ServiceNamespace="ecs", ScheduledActionName="night", ResourceId=resource,
            ScalableDimension="ecs:service:DesiredCount", Schedule="cron(0 22 * * ? *)",
            ScalableTargetAction={"MinCapacity": 1, "MaxCapacity": 1},
        )


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:4]))
