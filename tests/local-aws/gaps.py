"""Whether a load balancer's listeners ever forward traffic to no healthy target.

`gaps.py once LB_NAME`: prints (JSON) every listener default action and rule action of the
load balancer that forwards traffic (a plain forward, or the ForwardConfig tuples of weight
above 0; a tuple's weight is 1 when not given, ELB API reference, TargetGroupTuple) to
groups none of which has a `healthy` target (DescribeTargetHealth). An empty list: none.

`gaps.py watch LB_NAME OUT STOP`: checks again and again until the file STOP exists,
appending each gap found to OUT (one JSON line each). A gap is reported only when the
listener's actions read the same after the target health was read (an action that moved
meanwhile is not one: the groups it left may drain).

Reads through boto3 (the AWS SDK for Python) with the environment's endpoint and
credentials: a second reader, independent of ecsform. Used by
crates/ecsform/tests/replacement_local.rs.
"""

import json
import os
import sys
import time

import boto3


def client():
    return boto3.client("elbv2", endpoint_url=os.environ.get("AWS_ENDPOINT_URL"))


def actions(elb, lb_arn):
    out = []
    for listener in elb.describe_listeners(LoadBalancerArn=lb_arn)["Listeners"]:
        out.append((f"listener {listener['Port']}", listener["DefaultActions"]))
        for rule in elb.describe_rules(ListenerArn=listener["ListenerArn"])["Rules"]:
            if not rule.get("IsDefault"):
                out.append((f"rule {rule['Priority']} of listener {listener['Port']}", rule["Actions"]))
    return out


def groups_with_traffic(action):
    if action.get("Type") != "forward":
        return []
    tuples = (action.get("ForwardConfig") or {}).get("TargetGroups") or []
    if not tuples:
        return [action["TargetGroupArn"]]
    return [t["TargetGroupArn"] for t in tuples if t.get("Weight", 1) > 0]


def healthy(elb, group):
    try:
        found = elb.describe_target_health(TargetGroupArn=group)["TargetHealthDescriptions"]
    except elb.exceptions.TargetGroupNotFoundException:
        return 0
    return sum(1 for d in found if d["TargetHealth"]["State"] == "healthy")


def gaps(elb, lb_name):
    try:
        lbs = elb.describe_load_balancers(Names=[lb_name])["LoadBalancers"]
    except elb.exceptions.LoadBalancerNotFoundException:
        return []
    out = []
    for lb in lbs:
        before = actions(elb, lb["LoadBalancerArn"])
        found = []
        for where, acts in before:
            for action in acts:
                groups = groups_with_traffic(action)
                if groups and all(healthy(elb, g) == 0 for g in groups):
                    names = [g.split(":targetgroup/")[-1].split("/")[0] for g in groups]
                    found.append(f"{where} forwards to {', '.join(names)}: no healthy target")
        if found and actions(elb, lb["LoadBalancerArn"]) == before:
            out.extend(found)
    return out


def main():
    mode, lb_name = sys.argv[1], sys.argv[2]
    elb = client()
    if mode == "once":
        print(json.dumps(gaps(elb, lb_name)))
        return
    out, stop = sys.argv[3], sys.argv[4]
    while not os.path.exists(stop):
        found = gaps(elb, lb_name)
        if found:
            with open(out, "a", encoding="utf-8") as f:
                f.write(json.dumps({"at": time.time(), "gaps": found}) + "\n")
        time.sleep(0.05)


if __name__ == "__main__":
    main()
