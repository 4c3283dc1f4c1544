#!/usr/bin/env bash
# A deploy script of the kind ecsform replaces: each call's JSON is what a stack file
# holds, and each `describe`/`wait` is what plan and apply do for you.
set -euo pipefail
cluster=retail-store-ecs-cluster

arn=$(aws ecs register-task-definition --cli-input-json file://ui.taskdef.json \
  --query taskDefinition.taskDefinitionArn --output text)

if aws ecs describe-services --cluster "$cluster" --services ui \
  --query 'services[?status==`ACTIVE`]' --output text | grep -q .; then
  aws ecs update-service --cluster "$cluster" --service ui --task-definition "$arn"
else
  aws ecs create-service --cluster "$cluster" --service-name ui --task-definition "$arn" \
    --cli-input-json file://ui.service.json
fi
aws ecs wait services-stable --cluster "$cluster" --services ui

aws application-autoscaling register-scalable-target --service-namespace ecs \
  --resource-id "service/$cluster/ui" --scalable-dimension ecs:service:DesiredCount \
  --min-capacity 2 --max-capacity 10
aws application-autoscaling put-scaling-policy --cli-input-json file://ui.scaling-policy.json
