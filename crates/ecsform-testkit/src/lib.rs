//! Test and benchmark support: stacks generated at any size, in the shape of the retail
//! store (Fargate services behind an ALB, in one Service Connect namespace, autoscaled);
//! the one start-up of the local AWS test bed ([`bed`]) and the proxies in front of it
//! ([`proxy`], [`latency`]), for the end-to-end tests and the benchmarks.

use std::fmt::Write;

pub mod alloc;
pub mod bed;
pub mod http;
pub mod latency;
pub mod proxy;
pub mod results;
pub mod retail;
pub mod throttle;

/// ALB listeners allow 100 rules each (AWS quota); a generated stack spreads its services
/// over as many listeners as it needs.
const RULES_PER_LISTENER: usize = 100;

/// A valid stack of `n` services as YAML: `n` task definitions, `n` services with a
/// target group each (all but the first reached through listener rules), Service Connect
/// and target tracking autoscaling on request count.
#[must_use]
pub fn generated_stack(n: usize) -> String {
    let mut y = String::with_capacity(n * 2500);
    let _ = writeln!(y, "stack: generated-{n}");
    y.push_str("region: us-east-1\n");
    y.push_str("cluster:\n  clusterName: generated\n  serviceConnectDefaults:\n    namespace: generated.local\n");
    y.push_str("namespaces:\n  - name: generated.local\n    type: HTTP\n");
    y.push_str("taskDefinitions:\n");
    for i in 0..n {
        let _ = write!(
            y,
            "  - family: app-{i}
    networkMode: awsvpc
    requiresCompatibilities: [FARGATE]
    cpu: 1 vCPU
    memory: 2 GB
    executionRoleArn: arn:aws:iam::123456789012:role/ecsTaskExecutionRole
    containerDefinitions:
      - name: application
        image: public.ecr.aws/docker/library/nginx:1.27
        essential: true
        portMappings:
          - name: http
            containerPort: 8080
            protocol: tcp
            appProtocol: http
        environment:
          - name: SERVICE_INDEX
            value: \"{i}\"
          - name: REGION
            value: ${{AWS_REGION:-us-east-1}}
        healthCheck:
          command: [CMD-SHELL, \"curl -f http://localhost:8080/ || exit 1\"]
          interval: 10
          retries: 3
        logConfiguration:
          logDriver: awslogs
          options:
            awslogs-group: generated
            awslogs-region: us-east-1
            awslogs-stream-prefix: app-{i}
"
        );
    }
    y.push_str("services:\n");
    for i in 0..n {
        let _ = write!(
            y,
            "  - serviceName: app-{i}
    taskDefinition: app-{i}
    desiredCount: 2
    launchType: FARGATE
    loadBalancers:
      - targetGroup: app-{i}
        containerName: application
        containerPort: 8080
    networkConfiguration:
      awsvpcConfiguration:
        subnets: [subnet-0aaa0000000000001, subnet-0aaa0000000000002]
        securityGroups: [sg-0ccc0000000000001]
        assignPublicIp: DISABLED
    serviceConnectConfiguration:
      enabled: true
      services:
        - portName: http
          discoveryName: app-{i}
          clientAliases:
            - port: 80
              dnsName: app-{i}
    autoscaling:
      minCapacity: 2
      maxCapacity: 10
      policies:
        - policyName: app-{i}-requests
          policyType: TargetTrackingScaling
          targetTrackingScalingPolicyConfiguration:
            targetValue: 1500
            predefinedMetricSpecification:
              predefinedMetricType: ALBRequestCountPerTarget
              targetGroup: app-{i}
"
        );
    }
    y.push_str("loadBalancers:\n  - name: generated\n    type: application\n    subnets: [subnet-0aaa0000000000001, subnet-0aaa0000000000002]\n");
    y.push_str("targetGroups:\n");
    for i in 0..n {
        let _ = write!(
            y,
            "  - name: app-{i}\n    protocol: HTTP\n    port: 8080\n    vpcId: vpc-0a1b2c3d4e5f60718\n    targetType: ip\n    healthCheckPath: /\n"
        );
    }
    let listeners = n.div_ceil(RULES_PER_LISTENER).max(1);
    y.push_str("listeners:\n");
    for l in 0..listeners {
        let _ = write!(
            y,
            "  - loadBalancer: generated\n    port: {}\n    protocol: HTTP\n    defaultActions:\n      - type: forward\n        targetGroup: app-{}\n",
            8000 + l,
            (l * RULES_PER_LISTENER).min(n.saturating_sub(1))
        );
    }
    if n > 1 {
        y.push_str("listenerRules:\n");
        for i in 1..n {
            let _ = write!(
                y,
                "  - listener: generated:{}\n    priority: {}\n    conditions:\n      - field: path-pattern\n        values: [/app-{i}/*]\n    actions:\n      - type: forward\n        targetGroup: app-{i}\n",
                8000 + i / RULES_PER_LISTENER,
                i % RULES_PER_LISTENER + 1
            );
        }
    }
    y
}
