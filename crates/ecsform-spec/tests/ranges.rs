//! Numeric fields outside the range AWS documents for them are validation errors at the
//! value (the sources are cited where the checks are, in `src/validate/ranges.rs`), and
//! the bounds themselves are accepted.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use ecsform_spec::{Loaded, Vars, load_bytes};

/// A stack whose numbers are all `{}` placeholders, filled by `fill`.
const TEMPLATE: &str = r#"stack: ranges
cluster:
  clusterName: ranges
  defaultCapacityProviderStrategy:
    - capacityProvider: FARGATE
      weight: {weight}
      base: {base}
namespaces:
  - name: ranges.local
    type: DNS_PRIVATE
    vpc: vpc-1
    properties:
      dnsProperties:
        soa:
          TTL: {ttl}
taskDefinitions:
  - family: web
    networkMode: bridge
    ephemeralStorage:
      sizeInGiB: {sizeInGiB}
    containerDefinitions:
      - name: app
        image: nginx
        cpu: {cpu}
        memory: {memory}
        memoryReservation: {memoryReservation}
        portMappings:
          - containerPort: {containerPort}
            hostPort: {hostPort}
        healthCheck:
          command: [CMD, "true"]
          interval: {interval}
          timeout: {timeout}
          retries: {retries}
          startPeriod: {startPeriod}
        restartPolicy:
          enabled: true
          restartAttemptPeriod: {restartAttemptPeriod}
        linuxParameters:
          maxSwap: {maxSwap}
          swappiness: {swappiness}
services:
  - serviceName: web
    taskDefinition: web
    launchType: EC2
    desiredCount: {desiredCount}
    healthCheckGracePeriodSeconds: {healthCheckGracePeriodSeconds}
    deploymentConfiguration:
      maximumPercent: {maximumPercent}
      minimumHealthyPercent: {minimumHealthyPercent}
    loadBalancers:
      - targetGroup: web
        containerName: app
        containerPort: {lbContainerPort}
    autoscaling:
      minCapacity: 0
      maxCapacity: {maxCapacity}
      scheduledActions:
        - scheduledActionName: night
          schedule: cron(0 20 * * ? *)
          scalableTargetAction:
            minCapacity: {actionMinCapacity}
            maxCapacity: 4
loadBalancers:
  - name: web
    subnets: [subnet-a, subnet-b]
targetGroups:
  - name: web
    protocol: HTTP
    port: {port}
    vpcId: vpc-1
    healthCheckIntervalSeconds: {healthCheckIntervalSeconds}
    healthCheckTimeoutSeconds: {healthCheckTimeoutSeconds}
    healthyThresholdCount: {healthyThresholdCount}
    unhealthyThresholdCount: {unhealthyThresholdCount}
listeners:
  - loadBalancer: web
    port: 80
    protocol: HTTP
    defaultActions:
      - type: forward
        forwardConfig:
          targetGroups:
            - targetGroup: web
              weight: {tgWeight}
          targetGroupStickinessConfig:
            enabled: true
            durationSeconds: {durationSeconds}
"#;

/// `(placeholder, field as named in messages, lowest accepted, highest accepted)`;
/// `None` where the field has no bound on that side short of its integer type's.
const FIELDS: &[(&str, &str, Option<i64>, Option<i64>)] = &[
    ("weight", "weight", Some(0), Some(1000)),
    ("base", "base", Some(0), Some(100_000)),
    ("ttl", "TTL", Some(0), Some(2_147_483_647)),
    ("sizeInGiB", "sizeInGiB", Some(21), Some(200)),
    ("cpu", "cpu", Some(0), None),
    ("memory", "memory", Some(6), None),
    ("memoryReservation", "memoryReservation", Some(6), None),
    ("containerPort", "containerPort", Some(0), Some(65_535)),
    ("hostPort", "hostPort", Some(0), Some(65_535)),
    ("interval", "interval", Some(5), Some(300)),
    ("timeout", "timeout", Some(2), Some(60)),
    ("retries", "retries", Some(1), Some(10)),
    ("startPeriod", "startPeriod", Some(0), Some(300)),
    (
        "restartAttemptPeriod",
        "restartAttemptPeriod",
        Some(60),
        Some(1800),
    ),
    ("maxSwap", "maxSwap", Some(0), None),
    ("swappiness", "swappiness", Some(0), Some(100)),
    ("desiredCount", "desiredCount", Some(0), None),
    (
        "healthCheckGracePeriodSeconds",
        "healthCheckGracePeriodSeconds",
        Some(0),
        None,
    ),
    ("maximumPercent", "maximumPercent", Some(0), None),
    (
        "minimumHealthyPercent",
        "minimumHealthyPercent",
        Some(0),
        None,
    ),
    ("lbContainerPort", "containerPort", Some(0), Some(65_535)),
    ("maxCapacity", "maxCapacity", Some(0), None),
    ("actionMinCapacity", "minCapacity", Some(0), None),
    ("port", "port", Some(1), Some(65_535)),
    (
        "healthCheckIntervalSeconds",
        "healthCheckIntervalSeconds",
        Some(5),
        Some(300),
    ),
    (
        "healthCheckTimeoutSeconds",
        "healthCheckTimeoutSeconds",
        Some(2),
        Some(120),
    ),
    (
        "healthyThresholdCount",
        "healthyThresholdCount",
        Some(2),
        Some(10),
    ),
    (
        "unhealthyThresholdCount",
        "unhealthyThresholdCount",
        Some(2),
        Some(10),
    ),
    ("tgWeight", "weight", Some(0), Some(999)),
    ("durationSeconds", "durationSeconds", Some(1), Some(604_800)),
];

/// A value within every range, used for the fields not under test.
fn good(lo: Option<i64>, hi: Option<i64>) -> i64 {
    match (lo, hi) {
        (Some(lo), Some(hi)) => lo + (hi - lo) / 2,
        (Some(lo), None) => lo.max(1) * 4,
        (None, Some(hi)) => hi,
        (None, None) => 1,
    }
}

fn fill(overrides: &[(&str, i64)]) -> String {
    let mut text = TEMPLATE.to_owned();
    for (name, _, lo, hi) in FIELDS {
        let v = overrides
            .iter()
            .find(|(n, _)| n == name)
            .map_or_else(|| good(*lo, *hi), |(_, v)| *v);
        text = text.replace(&format!("{{{name}}}"), &v.to_string());
    }
    assert!(!text.contains('{'), "{text}");
    text
}

fn load(text: &str) -> Loaded {
    load_bytes(
        vec![("ranges.yaml".into(), text.as_bytes().to_vec())],
        &Vars::isolated([]),
    )
}

#[test]
fn values_within_the_documented_ranges_are_valid() {
    let loaded = load(&fill(&[]));
    assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
    // The bounds themselves are accepted.
    for (name, _, lo, hi) in FIELDS {
        for bound in [lo, hi].into_iter().flatten() {
            let loaded = load(&fill(&[(name, *bound)]));
            let errors: Vec<_> = loaded
                .problems
                .iter()
                .filter(|p| p.code == "spec::out_of_range")
                .collect();
            assert!(errors.is_empty(), "{name} = {bound}: {errors:#?}");
        }
    }
}

#[test]
fn each_value_outside_its_range_is_an_error_at_the_value() {
    let mut failures = Vec::new();
    for (name, field, lo, hi) in FIELDS {
        let outside = [lo.map(|l| l - 1), hi.map(|h| h + 1)];
        for v in outside.into_iter().flatten() {
            // Beyond a 32-bit field, the conversion itself refuses the value.
            if i32::try_from(v).is_err() && *name != "ttl" {
                continue;
            }
            let text = fill(&[(name, v)]);
            let loaded = load(&text);
            let found = loaded.problems.iter().find(|p| {
                p.code == "spec::out_of_range"
                    && p.labels
                        .first()
                        .is_some_and(|l| text[l.span.start..l.span.end()] == v.to_string())
                    && p.message.contains(field)
                    && p.message.contains(&v.to_string())
            });
            if found.is_none() {
                failures.push(format!(
                    "{name} = {v}: no spec::out_of_range at the value; got {:?}",
                    loaded
                        .problems
                        .iter()
                        .map(|p| format!("{}: {}", p.code, p.message))
                        .collect::<Vec<_>>()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn deployment_percentages_in_floating_point() {
    let base = fill(&[]);
    let with = |extra: &str| {
        base.replace(
            "      minimumHealthyPercent:",
            &format!("{extra}\n      minimumHealthyPercent:"),
        )
    };
    for (extra, bad) in [
        (
            "      canaryConfiguration:\n        canaryPercent: 0.05",
            Some("0.05"),
        ),
        (
            "      canaryConfiguration:\n        canaryPercent: 100.5",
            Some("100.5"),
        ),
        (
            "      canaryConfiguration:\n        canaryPercent: 5.0",
            None,
        ),
        (
            "      canaryConfiguration:\n        canaryBakeTimeInMinutes: 1441",
            Some("1441"),
        ),
        (
            "      linearConfiguration:\n        stepPercent: 2.9",
            Some("2.9"),
        ),
        ("      linearConfiguration:\n        stepPercent: 100", None),
        (
            "      linearConfiguration:\n        stepBakeTimeInMinutes: -1",
            Some("-1"),
        ),
    ] {
        let text = with(extra);
        let loaded = load(&text);
        let found = loaded
            .problems
            .iter()
            .find(|p| p.code == "spec::out_of_range");
        match bad {
            Some(v) => {
                let p = found.unwrap_or_else(|| panic!("{extra}: {:?}", loaded.problems));
                let l = p.labels[0].span;
                assert_eq!(&text[l.start..l.end()], v, "{extra}");
            }
            None => assert!(found.is_none(), "{extra}: {found:?}"),
        }
    }
}
