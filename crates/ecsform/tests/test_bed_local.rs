//! Where the test bed differed from AWS and ecsform depended on it (or could have):
//! ecsform must work the AWS way, on the patched test bed (`tests/local-aws/README.md`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use serde_json::Value;
use support::{Scratch, TestBed};

const CLUSTER: &str = "retail-store-ecs-cluster";

fn target_groups(bed: &TestBed) -> Vec<Value> {
    bed.aws(&["elbv2", "describe-target-groups"])["TargetGroups"]
        .as_array()
        .unwrap()
        .clone()
}

/// The target groups the load balancer's listeners forward to (default actions and
/// rules), read from the listeners themselves.
fn forwarded_groups(bed: &TestBed) -> Vec<String> {
    let lbs = bed.aws(&["elbv2", "describe-load-balancers"]);
    let mut out = Vec::new();
    for lb in lbs["LoadBalancers"].as_array().unwrap() {
        let listeners = bed.aws(&[
            "elbv2",
            "describe-listeners",
            "--load-balancer-arn",
            lb["LoadBalancerArn"].as_str().unwrap(),
        ]);
        for l in listeners["Listeners"].as_array().unwrap() {
            let rules = bed.aws(&[
                "elbv2",
                "describe-rules",
                "--listener-arn",
                l["ListenerArn"].as_str().unwrap(),
            ]);
            let actions = l["DefaultActions"].as_array().unwrap().iter().chain(
                rules["Rules"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .flat_map(|r| r["Actions"].as_array().unwrap()),
            );
            for a in actions {
                if let Some(tg) = a["TargetGroupArn"].as_str() {
                    out.push(tg.to_owned());
                }
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn a_target_group_replaced_twice_converges_each_time() {
    let bed = TestBed::start();
    let stack = Scratch::of_example("retail-store");
    bed.apply(stack.path(), 0);
    let mut before = target_groups(&bed)[0]["TargetGroupArn"]
        .as_str()
        .unwrap()
        .to_owned();
    // The first replacement moves the listener off a group created with it; the second
    // one off a group that got its listener by ModifyListener (the first's final group),
    // whose `LoadBalancerArns` the test bed leaves empty.
    for (from, to, port) in [
        ("    port: 8080", "    port: 8081", 8081),
        ("    port: 8081", "    port: 8082", 8082),
    ] {
        stack.edit("load-balancing.yaml", from, to);
        let (code, changes, _) = bed.plan_path(stack.path());
        assert_eq!(
            (code, changes),
            (
                2,
                vec!["create,delete target_group.ui-application".to_owned()]
            )
        );
        let stderr = bed.apply(stack.path(), 0);
        assert!(
            stderr.contains("Apply complete: 1 done, 0 failed"),
            "{stderr}"
        );
        let groups = target_groups(&bed);
        assert_eq!(
            groups.len(),
            1,
            "no old or temporary group is left: {groups:?}"
        );
        let now = groups[0]["TargetGroupArn"].as_str().unwrap().to_owned();
        assert_ne!(now, before);
        assert_eq!(groups[0]["Port"], port);
        assert_eq!(forwarded_groups(&bed), std::slice::from_ref(&now));
        let ui = bed.aws(&[
            "ecs",
            "describe-services",
            "--cluster",
            CLUSTER,
            "--services",
            "ui",
        ]);
        assert_eq!(ui["services"][0]["loadBalancers"][0]["targetGroupArn"], now);
        let (code, changes, _) = bed.plan_path(stack.path());
        assert_eq!((code, changes), (0, Vec::<String>::new()));
        before = now;
    }
}
