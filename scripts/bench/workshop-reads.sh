#!/usr/bin/env bash
# The reads of ecsform's plan, done the way AWS's ECS workshop does them: one aws CLI
# command after another in a shell, each next command taking the ARNs the previous ones
# printed. It inspects the retail store (examples/retail-store) as a person following the
# workshop would, and reads what `ecsform plan` reads for it (17 calls): the cluster, the
# Cloud Map namespaces and their tags, the load balancer, target group, their tags and
# attributes, the listener and its rules, the services, their task definitions, and the
# scalable targets, scaling policies and scheduled actions.
#
#   scripts/bench/workshop-reads.sh [ENDPOINT_URL]
#
# ENDPOINT_URL (default: $AWS_ENDPOINT_URL) is the local test bed or a latency proxy in
# front of it (the benchmark passes its proxy). Every response goes to stdout (JSON); the
# last lines on stderr are `workshop-reads: N aws calls` and `workshop-reads: cpu USER SYS`
# (the CPU time of the aws processes, from the shell's `times`). Fails on the first
# failed call.
# Only for the local test bed: credentials are the test bed's, user configuration is
# ignored. Used by `cargo bench -p ecsform-aws --bench workshop`.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
endpoint=${1:-${AWS_ENDPOINT_URL:-}}
[[ -n $endpoint ]] || {
  echo "workshop-reads: no endpoint (pass one, or set AWS_ENDPOINT_URL)" >&2
  exit 2
}
case $endpoint in
http://127.0.0.1:* | http://localhost:*) ;;
*)
  echo "workshop-reads: $endpoint is not a loopback endpoint (only the local test bed)" >&2
  exit 2
  ;;
esac
awsbin=${AWS_CLI:-$root/.venv/local-aws/bin/aws}
region=${AWS_REGION:-us-east-1}

cluster=retail-store-ecs-cluster
calls=0
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT

# One aws CLI process, as typed in the workshop; its JSON to stdout, and kept in $out
# for the commands that need a value from it (the workshop's `export X=$(aws ...)`).
aws() {
  calls=$((calls + 1))
  env -u AWS_PROFILE -u AWS_SESSION_TOKEN -u AWS_ENDPOINT_URL \
    AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing \
    AWS_REGION="$region" AWS_DEFAULT_REGION="$region" \
    AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null \
    AWS_EC2_METADATA_DISABLED=true AWS_MAX_ATTEMPTS=1 AWS_PAGER= \
    NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost \
    "$awsbin" --endpoint-url "$endpoint" --output json "$@" >"$tmp"
  out=$(<"$tmp")
  printf '%s\n' "$out"
}

# Every value of a JSON string field in $out (first occurrence of each, in order), without
# starting another process: `field NAME` sets the array `values`.
field() {
  local rest=$out seen=" "
  values=()
  while [[ $rest =~ \"$1\":\ \"([^\"]*)\" ]]; do
    [[ $seen == *" ${BASH_REMATCH[1]} "* ]] || values+=("${BASH_REMATCH[1]}")
    seen+="${BASH_REMATCH[1]} "
    rest=${rest#*"${BASH_REMATCH[0]}"}
  done
  ((${#values[@]})) || {
    echo "workshop-reads: no $1 in the response" >&2
    exit 1
  }
}

# The cluster, and the Service Connect namespace it names (with the namespace's tags).
aws ecs describe-clusters --clusters "$cluster" --include SETTINGS CONFIGURATIONS TAGS
field namespace
ns_arn=${values[0]}
aws servicediscovery list-namespaces
aws servicediscovery list-tags-for-resource --resource-arn "$ns_arn"

# The load balancer, its target group, their tags and the target group's attributes.
aws elbv2 describe-load-balancers --names retail-store-ecs-ui
field LoadBalancerArn
lb_arn=${values[0]}
aws elbv2 describe-target-groups --names ui-application
field TargetGroupArn
tg_arn=${values[0]}
aws elbv2 describe-tags --resource-arns "$lb_arn" "$tg_arn"
aws elbv2 describe-target-group-attributes --target-group-arn "$tg_arn"

# The listener and its rules.
aws elbv2 describe-listeners --load-balancer-arn "$lb_arn"
field ListenerArn
for listener_arn in "${values[@]}"; do
  aws elbv2 describe-rules --listener-arn "$listener_arn"
done

# The services, and the task definition each runs.
aws ecs list-services --cluster "$cluster"
services=()
rest=$out
while [[ $rest =~ service/$cluster/([A-Za-z0-9_-]+) ]]; do
  services+=("${BASH_REMATCH[1]}")
  rest=${rest#*"${BASH_REMATCH[0]}"}
done
aws ecs describe-services --cluster "$cluster" --services "${services[@]}" --include TAGS
field taskDefinition
for td in "${values[@]}"; do
  aws ecs describe-task-definition --task-definition "$td" --include TAGS
done

# Autoscaling.
aws application-autoscaling describe-scalable-targets --service-namespace ecs
aws application-autoscaling describe-scaling-policies --service-namespace ecs
aws application-autoscaling describe-scheduled-actions --service-namespace ecs

echo "workshop-reads: $calls aws calls" >&2
times >"$tmp" # in this shell: its children's CPU time is the second line
{
  read -r _
  read -r user sys
} <"$tmp"
echo "workshop-reads: cpu $user $sys" >&2
