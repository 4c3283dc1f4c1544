//! Security end to end against the local test bed: values of sensitive variables are
//! masked in every output (and `secrets` are never resolved), and ecsform never changes
//! or deletes a resource that is not its stack's: not another stack's resource of the
//! same name, not an untagged neighbour.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use support::{FaultProxy, Scratch, TestBed, text};

const FIRST: &str = "first-S3cret\"<&>";
const SECOND: &str = "second-S3cret";

const STACK: &str = r#"stack: sensitive
sensitiveVariables: [DB_PASSWORD]
cluster:
  clusterName: sensitive
taskDefinitions:
  - family: sensitive-app
    networkMode: awsvpc
    requiresCompatibilities: [FARGATE]
    cpu: 256
    memory: 512
    containerDefinitions:
      - name: app
        image: nginx:1.27
        environment:
          - name: DB_PASS
            value: ${DB_PASSWORD}
          - name: DSN
            value: "postgres://app:${DB_PASSWORD}@db:5432/app"
        secrets:
          - name: API_KEY
            valueFrom: arn:aws:ssm:us-east-1:123456789012:parameter/api-key
"#;

fn assert_clean(what: &str, printed: &str) {
    for secret in [FIRST, SECOND, "first-S3cret", "S3cret"] {
        assert!(
            !printed.contains(secret),
            "{what} printed a sensitive value:\n{printed}"
        );
    }
}

#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn sensitive_values_are_masked_everywhere_and_secrets_never_resolved() {
    let bed = TestBed::start();
    let dir = Scratch::of_example("ec2-bridge-nginx");
    std::fs::remove_file(dir.dir.join("ecsform.yaml")).unwrap();
    std::fs::write(dir.dir.join("ecsform.yaml"), STACK).unwrap();
    let f = dir.path();
    let file = |name: &str| dir.dir.join(name).to_str().unwrap().to_owned();
    let (junit, gitlab, saved) = (file("junit.xml"), file("gitlab.json"), file("plan.bin"));
    let first = [("DB_PASSWORD", FIRST)];

    for output in ["human", "json", "markdown"] {
        let out = bed.ecsform_env(
            &[
                "-vv",
                "plan",
                "-f",
                f,
                "-o",
                output,
                "--junit",
                &junit,
                "--gitlab-report",
                &gitlab,
                "--out",
                &saved,
                "--force",
            ],
            &first,
        );
        let printed = text(&out);
        assert!(out.status.success(), "{printed}");
        assert_clean(&format!("plan -o {output}"), &printed);
        assert!(printed.contains("(sensitive)"), "{printed}");
        if output == "json" {
            // Masked inside a longer value, the rest kept.
            assert!(
                printed.contains("postgres://app:(sensitive)@db:5432/app"),
                "{printed}"
            );
        }
        // The secret is named by its ARN, never fetched.
        if output == "json" {
            assert!(
                printed.contains("arn:aws:ssm:us-east-1:123456789012:parameter/api-key"),
                "{printed}"
            );
        }
        for service in ["call SSM", "call Secrets Manager", "call secretsmanager"] {
            assert!(!printed.contains(service), "{printed}");
        }
        assert_clean("--junit", &std::fs::read_to_string(&junit).unwrap());
        assert_clean(
            "--gitlab-report",
            &std::fs::read_to_string(&gitlab).unwrap(),
        );
    }
    let out = bed.ecsform_env(&["render", "-f", f], &first);
    assert_clean("render", &text(&out));
    assert!(text(&out).contains("(sensitive)"));

    // The saved plan holds the value (it must, to apply it): applied later, nothing shows.
    let out = bed.ecsform_env(&["-vv", "apply", &saved, "--auto-approve"], &[]);
    let printed = text(&out);
    assert!(out.status.success(), "{printed}");
    assert_clean("apply PLANFILE", &printed);

    // AWS got the real value.
    let td = bed.aws(&[
        "ecs",
        "describe-task-definition",
        "--task-definition",
        "sensitive-app",
    ]);
    let env = &td["taskDefinition"]["containerDefinitions"][0]["environment"];
    assert!(env.to_string().contains("first-S3cret"), "{env}");

    // A rotated password: neither the old nor the new value shows, in plan, drift, apply.
    let second = [("DB_PASSWORD", SECOND)];
    let out = bed.ecsform_env(&["plan", "-f", f, "--detailed-exitcode"], &second);
    let printed = text(&out);
    assert_eq!(out.status.code(), Some(2), "{printed}");
    assert_clean("plan after rotation", &printed);
    assert!(printed.contains("(sensitive)"), "{printed}");
    for output in ["human", "json", "markdown", "junit"] {
        let out = bed.ecsform_env(
            &["drift", "-f", f, "-o", output, "--fail-on", "any"],
            &second,
        );
        assert_eq!(out.status.code(), Some(2), "{}", text(&out));
        assert_clean(&format!("drift -o {output}"), &text(&out));
    }
    let out = bed.ecsform_env(&["-vv", "apply", "-f", f, "--auto-approve"], &second);
    assert!(out.status.success(), "{}", text(&out));
    assert_clean("apply", &text(&out));

    // An AWS error message quoting the request (as validation errors quote values):
    // masked in the progress lines, the summary and the logs too.
    let echo = FaultProxy::start_echoing(bed.port, "RegisterTaskDefinition", 1);
    let out = bed
        .ecsform_command(&["-vv", "apply", "-f", f, "--auto-approve"])
        .env("AWS_ENDPOINT_URL", echo.endpoint())
        .env("DB_PASSWORD", "third-S3cret")
        .output()
        .unwrap();
    let printed = text(&out);
    assert_eq!(out.status.code(), Some(1), "{printed}");
    assert!(
        printed.contains("FAILED") && printed.contains("1 validation error detected"),
        "{printed}"
    );
    assert_clean("a failed apply", &printed);
    let out = bed.ecsform_env(&["destroy", "-f", f, "--auto-approve"], &second);
    assert!(out.status.success(), "{}", text(&out));
    assert_clean("destroy", &text(&out));
}

fn tags_of_target_group(bed: &TestBed, name: &str) -> serde_json::Value {
    let tgs = bed.aws(&["elbv2", "describe-target-groups", "--names", name]);
    let arn = tgs["TargetGroups"][0]["TargetGroupArn"]
        .as_str()
        .unwrap()
        .to_owned();
    bed.aws(&["elbv2", "describe-tags", "--resource-arns", &arn])["TagDescriptions"][0]["Tags"]
        .clone()
}

#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn another_stacks_resources_and_untagged_neighbours_are_never_touched() {
    let bed = TestBed::start();
    bed.apply("examples/retail-store", 0);
    let tg_before = bed.aws(&[
        "elbv2",
        "describe-target-groups",
        "--names",
        "ui-application",
    ]);
    let tags_before = tags_of_target_group(&bed, "ui-application");
    let revisions_before = bed.aws(&[
        "ecs",
        "list-task-definitions",
        "--family-prefix",
        "retail-store-ecs-ui",
    ]);
    // An untagged neighbour, made by hand.
    let vpc = bed.env["VPC_ID"].clone();
    bed.aws(&[
        "elbv2",
        "create-target-group",
        "--name",
        "by-hand",
        "--protocol",
        "HTTP",
        "--port",
        "80",
        "--vpc-id",
        &vpc,
        "--target-type",
        "ip",
    ]);

    // Another stack naming the same target group and task definition family, with
    // other settings: refused at plan and at apply, before any write.
    let other = Scratch::of_example("retail-store");
    other.edit("stack.yaml", "stack: retail-store", "stack: intruder");
    other.edit(
        "stack.yaml",
        "clusterName: retail-store-ecs-cluster",
        "clusterName: intruder-cluster",
    );
    other.edit("services.yaml", "desiredCount: 2", "desiredCount: 3");
    other.edit(
        "load-balancing.yaml",
        "healthCheckPath: /actuator/health",
        "healthCheckPath: /intruder",
    );
    for cmd in [
        vec!["plan", "-f", other.path()],
        vec!["apply", "-f", other.path(), "--auto-approve"],
        vec!["destroy", "-f", other.path(), "--auto-approve"],
    ] {
        let out = bed.ecsform(&cmd);
        let printed = text(&out);
        if cmd[0] == "destroy" {
            // Destroy deletes what is tagged `intruder`: nothing.
            assert!(out.status.success(), "{printed}");
            assert!(!printed.contains("deleted"), "{printed}");
            continue;
        }
        assert_eq!(out.status.code(), Some(1), "{}: {printed}", cmd[0]);
        assert!(
            printed.contains("belongs to stack `retail-store`"),
            "{}: {printed}",
            cmd[0]
        );
    }
    assert_eq!(
        bed.aws(&[
            "elbv2",
            "describe-target-groups",
            "--names",
            "ui-application"
        ]),
        tg_before
    );
    assert_eq!(tags_of_target_group(&bed, "ui-application"), tags_before);
    assert_eq!(
        bed.aws(&[
            "ecs",
            "list-task-definitions",
            "--family-prefix",
            "retail-store-ecs-ui"
        ]),
        revisions_before
    );
    let clusters = bed.aws(&["ecs", "describe-clusters", "--clusters", "intruder-cluster"]);
    assert!(
        clusters["clusters"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["status"] != "ACTIVE"),
        "the refused apply created a cluster: {clusters}"
    );

    // Destroying the real stack leaves the untagged neighbour.
    let out = bed.ecsform(&["destroy", "-f", "examples/retail-store", "--auto-approve"]);
    assert!(out.status.success(), "{}", text(&out));
    let left = bed.aws(&["elbv2", "describe-target-groups"]);
    let names: Vec<&str> = left["TargetGroups"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| t["TargetGroupName"].as_str())
        .collect();
    assert_eq!(names, ["by-hand"]);
}
