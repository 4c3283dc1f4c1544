#!/usr/bin/env python3
"""Creates the live side of `ecsform_testkit::generated_stack(N)` in the local test bed
(boto3 from the test bed's virtual environment, one process: the aws CLI would take a
process per call), so that the plan benchmark reads a stack of N services that exists.

Usage (with the exports of `scripts/local-aws start` in the environment):
    tests/local-aws/generated_stack.py N
"""

import sys

import boto3

RULES_PER_LISTENER = 100


def main(n):
    ecs = boto3.client("ecs")
    elb = boto3.client("elbv2")
    aas = boto3.client("application-autoscaling")
    sd = boto3.client("servicediscovery")
    stack = f"generated-{n}"
    tags = [{"key": "ecsform:stack", "value": stack}]
    ptags = [{"Key": "ecsform:stack", "Value": stack}]
    sd.create_http_namespace(Name="generated.local", Tags=ptags)
    ecs.create_cluster(clusterName="generated", serviceConnectDefaults={"namespace": "generated.local"}, tags=tags)
    ec2 = boto3.client("ec2")
    vpc = ec2.describe_vpcs()["Vpcs"][0]["VpcId"]
    subnets = [s["SubnetId"] for s in ec2.describe_subnets()["Subnets"]][:2]
    groups = [g["GroupId"] for g in ec2.describe_security_groups()["SecurityGroups"]][:1]
    lb = elb.create_load_balancer(Name="generated", Subnets=subnets, Type="application", Tags=ptags)["LoadBalancers"][0]
    tgs = []
    for i in range(n):
        tgs.append(elb.create_target_group(Name=f"app-{i}", Protocol="HTTP", Port=8080, VpcId=vpc, TargetType="ip",
                                           HealthCheckPath="/", Tags=ptags)["TargetGroups"][0])
    listeners = []
    for l in range(max(1, -(-n // RULES_PER_LISTENER))):
        listeners.append(elb.create_listener(
            LoadBalancerArn=lb["LoadBalancerArn"], Protocol="HTTP", Port=8000 + l, Tags=ptags,
            DefaultActions=[{"Type": "forward", "TargetGroupArn": tgs[min(l * RULES_PER_LISTENER, n - 1)]["TargetGroupArn"]}],
        )["Listeners"][0])
    for i in range(1, n):
        elb.create_rule(ListenerArn=listeners[i // RULES_PER_LISTENER]["ListenerArn"], Priority=i % RULES_PER_LISTENER + 1,
                        Conditions=[{"Field": "path-pattern", "Values": [f"/app-{i}/*"]}],
                        Actions=[{"Type": "forward", "TargetGroupArn": tgs[i]["TargetGroupArn"]}], Tags=ptags)
    for i in range(n):
        ecs.register_task_definition(
            family=f"app-{i}", networkMode="awsvpc", requiresCompatibilities=["FARGATE"], cpu="1024", memory="2048",
            executionRoleArn="arn:aws:iam::123456789012:role/ecsTaskExecutionRole", tags=tags,
            containerDefinitions=[{
                "name": "application", "image": "public.ecr.aws/docker/library/nginx:1.27", "essential": True,
                "portMappings": [{"name": "http", "containerPort": 8080, "protocol": "tcp", "appProtocol": "http"}],
                "environment": [{"name": "SERVICE_INDEX", "value": str(i)}, {"name": "REGION", "value": "us-east-1"}],
                "healthCheck": {"command": ["CMD-SHELL", "curl -f http://localhost:8080/ || exit 1"], "interval": 10, "retries": 3},
                "logConfiguration": {"logDriver": "awslogs", "options": {
                    "awslogs-group": "generated", "awslogs-region": "us-east-1", "awslogs-stream-prefix": f"app-{i}"}},
            }],
        )
        ecs.create_service(
            cluster="generated", serviceName=f"app-{i}", taskDefinition=f"app-{i}", desiredCount=2, launchType="FARGATE",
            loadBalancers=[{"targetGroupArn": tgs[i]["TargetGroupArn"], "containerName": "application", "containerPort": 8080}],
            networkConfiguration={"awsvpcConfiguration": {"subnets": subnets, "securityGroups": groups, "assignPublicIp": "DISABLED"}},
            serviceConnectConfiguration={"enabled": True, "namespace": "generated.local", "services": [
                {"portName": "http", "discoveryName": f"app-{i}", "clientAliases": [{"port": 80, "dnsName": f"app-{i}"}]}]},
            tags=tags,
        )
        resource = f"service/generated/app-{i}"
        aas.register_scalable_target(ServiceNamespace="ecs", ResourceId=resource,
                                     ScalableDimension="ecs:service:DesiredCount", MinCapacity=2, MaxCapacity=10)
        label = lb["LoadBalancerArn"].split(":loadbalancer/")[1] + "/targetgroup/" + tgs[i]["TargetGroupArn"].split(":targetgroup/")[1]
        aas.put_scaling_policy(
            PolicyName=f"app-{i}-requests", ServiceNamespace="ecs", ResourceId=resource,
            ScalableDimension="ecs:service:DesiredCount", PolicyType="TargetTrackingScaling",
            TargetTrackingScalingPolicyConfiguration={"TargetValue": 1500.0, "PredefinedMetricSpecification": {
                "PredefinedMetricType": "ALBRequestCountPerTarget", "ResourceLabel": label}},
        )


if __name__ == "__main__":
    if len(sys.argv) != 2 or not sys.argv[1].isdigit():
        sys.exit(__doc__)
    main(int(sys.argv[1]))
