//! `ecsform import` end to end against the local test bed: the round trip (apply an
//! example, import its cluster, plan the imported file: "No changes.") on all three
//! examples, and an import of services made by hand with the aws CLI, which the first
//! apply adopts.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::path::Path;

use serde_json::Value;
use support::{Scratch, TestBed};

fn scratch(name: &str) -> Scratch {
    let dir = std::env::temp_dir().join(format!("ecsform-import-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    Scratch { dir }
}

/// `ecsform -vv import ...`; asserts success, and that every AWS call it made was a read.
fn import(bed: &TestBed, args: &[&str]) -> String {
    let mut all = vec!["-vv", "import"];
    all.extend_from_slice(args);
    let out = bed.ecsform(&all);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        out.status.success(),
        "import failed:\n{stderr}\n{}",
        bed.emulator_log_tail()
    );
    let calls: Vec<&str> = stderr
        .lines()
        .filter_map(|l| l.split_once("call ").map(|(_, c)| c))
        .collect();
    assert!(!calls.is_empty(), "no AWS call logged:\n{stderr}");
    for c in &calls {
        let op = c.split_once(':').map_or(*c, |(_, op)| op);
        assert!(
            ["Describe", "List", "Get"]
                .iter()
                .any(|p| op.starts_with(p)),
            "import made a call that is not a read: {c}"
        );
    }
    stderr
}

fn plan_with_vars(bed: &TestBed, dir: &Path) -> (i32, Vec<String>, Value) {
    let file = dir.join("ecsform.yaml");
    let vars = dir.join("vars.env");
    let out = bed.ecsform(&[
        "plan",
        "-f",
        file.to_str().unwrap(),
        "--var-file",
        vars.to_str().unwrap(),
        "--output",
        "json",
        "--detailed-exitcode",
    ]);
    let code = out.status.code().unwrap_or(-1);
    assert!(
        code == 0 || code == 2,
        "plan of the imported file failed ({code}):\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let changes = json["resource_changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["actions"] != serde_json::json!(["no-op"]))
        .map(|c| format!("{} {}", c["actions"], c["address"].as_str().unwrap()))
        .collect();
    (code, changes, json)
}

#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn importing_each_applied_example_gives_a_file_that_plans_no_changes() {
    let bed = TestBed::start();
    let examples = [
        ("retail-store", "retail-store-ecs-cluster", 13),
        ("service-connect-nginx", "tutorial", 3),
        ("ec2-bridge-nginx", "nginx-ec2", 3),
    ];
    for (example, _, _) in examples {
        bed.apply(&format!("examples/{example}"), 0);
    }
    let account = bed.aws(&["sts", "get-caller-identity"])["Account"]
        .as_str()
        .unwrap()
        .to_owned();
    for (example, cluster, resources) in examples {
        let out = scratch(example);
        let dir = out.dir.join("imported");
        let stderr = import(&bed, &["--cluster", cluster, "-o", dir.to_str().unwrap()]);
        let yaml = std::fs::read_to_string(dir.join("ecsform.yaml")).unwrap();
        let vars = std::fs::read_to_string(dir.join("vars.env")).unwrap();
        // No schema is copied into the folder unless asked (`--schema`, below); with no
        // schema found above the folder, the file says how editors get one.
        assert!(!dir.join("ecsform.schema.json").exists());
        assert!(!yaml.contains("$schema=ecsform.schema.json"), "{yaml}");
        assert!(yaml.contains("`ecsform schema`"), "{yaml}");
        // The summary counts every kind written.
        let wrote = stderr.lines().find(|l| l.starts_with("Wrote ")).unwrap();
        let counted: usize = wrote
            .split_once(": ")
            .unwrap()
            .1
            .trim_end_matches('.')
            .split(", ")
            .map(|c| c.split_once(' ').unwrap().0.parse::<usize>().unwrap())
            .sum();
        assert_eq!(counted, resources, "{wrote}");

        // The same format as a hand-written file: it validates on its own.
        let v = bed.ecsform(&[
            "validate",
            "-f",
            dir.join("ecsform.yaml").to_str().unwrap(),
            "--var-file",
            dir.join("vars.env").to_str().unwrap(),
        ]);
        assert!(
            v.status.success(),
            "{yaml}\n{}",
            String::from_utf8_lossy(&v.stderr)
        );

        let (code, changes, plan) = plan_with_vars(&bed, &dir);
        assert_eq!(
            (code, changes),
            (0, Vec::<String>::new()),
            "{example}: the imported file does not plan clean:\n{yaml}"
        );
        assert_eq!(
            plan["resource_changes"].as_array().unwrap().len(),
            resources,
            "{example}: {stderr}"
        );
        // Environment-specific values are variables, with their values in the vars file.
        assert!(
            !yaml.contains(&account),
            "{example}: account id in the file:\n{yaml}"
        );
        assert!(!yaml.contains("arn:aws:elasticloadbalancing"), "{yaml}");
        assert!(yaml.contains("region: ${AWS_REGION}"), "{yaml}");
        assert!(vars.contains("AWS_REGION=us-east-1"), "{vars}");
        // AWS's defaults are left out.
        for default in [
            "essential: true",
            "protocol: tcp",
            "assignPublicIp: DISABLED",
        ] {
            assert!(
                !yaml.contains(default),
                "{example}: default `{default}` imported:\n{yaml}"
            );
        }
        if example == "retail-store" {
            for expected in [
                "stack: retail-store",
                "targetGroup: ui-application",
                "taskDefinition: retail-store-ecs-ui\n",
                "namespace: retailstore.local",
                "vpcId: ${VPC_ID}",
                "arn:aws:iam::${AWS_ACCOUNT_ID}:role/retailStoreEcsTaskExecutionRole",
                "key: deregistration_delay.timeout_seconds",
                "minCapacity: 2",
                "policyName: ui-scaling-policy",
            ] {
                assert!(yaml.contains(expected), "`{expected}` missing:\n{yaml}");
            }
            assert!(
                vars.contains(&format!("AWS_ACCOUNT_ID={account}")),
                "{vars}"
            );
            // Subnets and security groups are named by what uses them and by their ids.
            assert_eq!(
                wrote.split_once(": ").unwrap().1,
                "1 namespace, 1 cluster, 3 task definitions, 1 load balancer, 1 target group, \
                 1 listener, 3 services, 1 scalable target, 1 scaling policy.",
                "{stderr}"
            );
            let var_of = |id: &str| {
                vars.lines()
                    .find_map(|l| {
                        l.split_once('=')
                            .filter(|(_, v)| *v == id)
                            .map(|(n, _)| n.to_owned())
                    })
                    .unwrap_or_else(|| panic!("{id} not in\n{vars}"))
            };
            for (env, name) in [
                ("UI_SG_ID", "UI_SECURITY_GROUP"),
                ("CATALOG_SG_ID", "CATALOG_SECURITY_GROUP"),
                ("ASSET_SG_ID", "ASSETS_SECURITY_GROUP"),
                ("ALB_SG_ID", "RETAIL_STORE_ECS_UI_LB_SECURITY_GROUP"),
            ] {
                assert_eq!(var_of(&bed.env[env]), name, "{vars}");
            }
            for (env, prefix) in [
                ("PUBLIC_SUBNET1", "PUBLIC_SUBNET_"),
                ("PUBLIC_SUBNET2", "PUBLIC_SUBNET_"),
                ("PRIVATE_SUBNET1", "PRIVATE_SUBNET_"),
                ("PRIVATE_SUBNET2", "PRIVATE_SUBNET_"),
            ] {
                let id = &bed.env[env];
                let name = var_of(id);
                let end = &id[id.len() - 4..].to_ascii_uppercase();
                assert!(
                    name.starts_with(prefix) && name.ends_with(end.as_str()),
                    "{env}: {name}"
                );
            }
            // Imported again (two services only), each id keeps its name.
            let again = scratch("retail-store-again");
            let again_dir = again.dir.join("imported");
            import(
                &bed,
                &[
                    "--cluster",
                    cluster,
                    "--services",
                    "catalog,ui",
                    "-o",
                    again_dir.to_str().unwrap(),
                ],
            );
            let vars_again = std::fs::read_to_string(again_dir.join("vars.env")).unwrap();
            let pairs = |text: &str| -> std::collections::BTreeMap<String, String> {
                text.lines()
                    .filter(|l| !l.starts_with('#'))
                    .filter_map(|l| l.split_once('=').map(|(n, v)| (v.to_owned(), n.to_owned())))
                    .collect()
            };
            let (first, second) = (pairs(&vars), pairs(&vars_again));
            for (value, name) in &second {
                assert_eq!(
                    first.get(value),
                    Some(name),
                    "{value}:\n{vars}\n{vars_again}"
                );
            }
            assert!(second.len() >= 6, "{vars_again}");
            assert!(vars.contains("VPC_ID=vpc-"), "{vars}");
            // Target group attributes at AWS's defaults are not imported.
            assert!(!yaml.contains("stickiness.enabled"), "{yaml}");
        }
        if example == "service-connect-nginx" {
            // The namespace the cluster made is not the stack's: named, not owned.
            assert!(
                stderr.contains("Left out namespace.service-connect"),
                "{stderr}"
            );
            assert!(!yaml.contains("namespaces:"), "{yaml}");
            // The file says why too.
            assert!(
                yaml.contains("# Left out: namespace.service-connect"),
                "{yaml}"
            );
        }
    }

    // --schema writes the schema beside the file and names it; --schema-ref names one.
    let out = scratch("schema");
    let dir = out.dir.join("with-schema");
    import(
        &bed,
        &[
            "--cluster",
            "nginx-ec2",
            "-o",
            dir.to_str().unwrap(),
            "--schema",
        ],
    );
    let yaml = std::fs::read_to_string(dir.join("ecsform.yaml")).unwrap();
    assert!(
        yaml.starts_with("# yaml-language-server: $schema=ecsform.schema.json\n"),
        "{yaml}"
    );
    let schema = bed.ecsform(&["schema"]);
    assert_eq!(
        std::fs::read(dir.join("ecsform.schema.json")).unwrap(),
        schema.stdout
    );
    // A folder below the one holding the schema names it by a relative path, copying
    // nothing.
    let below = dir.join("stacks").join("nginx");
    import(
        &bed,
        &["--cluster", "nginx-ec2", "-o", below.to_str().unwrap()],
    );
    let yaml = std::fs::read_to_string(below.join("ecsform.yaml")).unwrap();
    assert!(
        yaml.starts_with("# yaml-language-server: $schema=../../ecsform.schema.json\n"),
        "{yaml}"
    );
    assert!(!below.join("ecsform.schema.json").exists());
    let url = "https://example.com/ecsform.schema.json";
    let elsewhere = out.dir.join("by-url");
    import(
        &bed,
        &[
            "--cluster",
            "nginx-ec2",
            "-o",
            elsewhere.to_str().unwrap(),
            "--schema-ref",
            url,
        ],
    );
    let yaml = std::fs::read_to_string(elsewhere.join("ecsform.yaml")).unwrap();
    assert!(
        yaml.starts_with(&format!("# yaml-language-server: $schema={url}\n")),
        "{yaml}"
    );
    assert!(!elsewhere.join("ecsform.schema.json").exists());

    // A second import into the same folder is refused; --force overwrites.
    let out = scratch("again");
    let dir = out.dir.to_str().unwrap();
    import(&bed, &["--cluster", "nginx-ec2", "-o", dir]);
    let again = bed.ecsform(&["import", "--cluster", "nginx-ec2", "-o", dir]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("ecsform.yaml exists"),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    import(&bed, &["--cluster", "nginx-ec2", "-o", dir, "--force"]);
}

#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn services_made_by_hand_import_without_tags_and_the_first_apply_adopts_them() {
    let bed = TestBed::start();
    let subnet = bed.env["PRIVATE_SUBNET1"].clone();
    let sg = bed.env["UI_SG_ID"].clone();
    bed.aws(&["ecs", "create-cluster", "--cluster-name", "by-hand"]);
    bed.aws(&[
        "ecs",
        "register-task-definition",
        "--family",
        "web",
        "--network-mode",
        "awsvpc",
        "--requires-compatibilities",
        "FARGATE",
        "--cpu",
        "256",
        "--memory",
        "512",
        "--container-definitions",
        r#"[{"name":"app","image":"nginx:1.27","portMappings":[{"containerPort":80}],"environment":[{"name":"MODE","value":"a ${literal}"}]}]"#,
    ]);
    let network = format!("awsvpcConfiguration={{subnets=[{subnet}],securityGroups=[{sg}]}}");
    for name in ["web", "worker"] {
        bed.aws(&[
            "ecs",
            "create-service",
            "--cluster",
            "by-hand",
            "--service-name",
            name,
            "--task-definition",
            "web",
            "--desired-count",
            "1",
            "--launch-type",
            "FARGATE",
            "--network-configuration",
            &network,
        ]);
    }

    // Unknown services are an error that writes nothing.
    let out = scratch("by-hand");
    let dir = out.dir.join("imported");
    let bad = bed.ecsform(&[
        "import",
        "--cluster",
        "by-hand",
        "--services",
        "web,nope",
        "-o",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("cluster `by-hand` has no service `nope`"),
        "{}",
        String::from_utf8_lossy(&bad.stderr)
    );
    assert!(!dir.exists());
    let missing = bed.ecsform(&[
        "import",
        "--cluster",
        "nowhere",
        "-o",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no active ECS cluster `nowhere`"));

    import(
        &bed,
        &[
            "--cluster",
            "by-hand",
            "--services",
            "web",
            "-o",
            dir.to_str().unwrap(),
        ],
    );
    let yaml = std::fs::read_to_string(dir.join("ecsform.yaml")).unwrap();
    assert!(yaml.contains("stack: by-hand"), "{yaml}");
    assert!(yaml.contains("serviceName: web"), "{yaml}");
    assert!(
        !yaml.contains("worker"),
        "--services web imported more:\n{yaml}"
    );
    assert!(!yaml.contains("ecsform:"), "{yaml}");
    // Untagged: each entry consents to its adoption, so that the first apply adopts it.
    assert_eq!(
        yaml.lines().filter(|l| l.trim() == "adopt: true").count(),
        3,
        "{yaml}"
    );
    // A literal `${` in a live value is escaped, so that it stays literal.
    assert!(yaml.contains("a $${literal}"), "{yaml}");

    // Nothing was tagged by the import.
    let svc = &bed.aws(&[
        "ecs",
        "describe-services",
        "--cluster",
        "by-hand",
        "--services",
        "web",
        "--include",
        "TAGS",
    ])["services"][0];
    assert!(
        svc["tags"].as_array().is_none_or(Vec::is_empty),
        "the import tagged the service: {svc}"
    );

    // The first plan only adopts (tags), changing no field; after apply, nothing is left.
    let (code, changes, plan) = plan_with_vars(&bed, &dir);
    assert_eq!(code, 2);
    assert_eq!(
        changes,
        [
            r#"["update"] cluster.by-hand"#,
            r#"["update"] task_definition.web"#,
            r#"["update"] service.web"#,
        ],
        "{plan:#}"
    );
    for c in plan["resource_changes"].as_array().unwrap() {
        assert_eq!(c["adopt"], true, "{c:#}");
        assert_eq!(c["changed_paths"], serde_json::json!([]), "{c:#}");
    }
    let file = dir.join("ecsform.yaml");
    let vars = dir.join("vars.env");
    let applied = bed.ecsform(&[
        "apply",
        "-f",
        file.to_str().unwrap(),
        "--var-file",
        vars.to_str().unwrap(),
        "--auto-approve",
    ]);
    assert!(
        applied.status.success(),
        "{}",
        String::from_utf8_lossy(&applied.stderr)
    );
    let (code, changes, _) = plan_with_vars(&bed, &dir);
    assert_eq!((code, changes), (0, Vec::<String>::new()));
    // The service left out is untouched.
    let worker = &bed.aws(&[
        "ecs",
        "describe-services",
        "--cluster",
        "by-hand",
        "--services",
        "worker",
        "--include",
        "TAGS",
    ])["services"][0];
    assert_eq!(worker["status"], "ACTIVE");
    assert!(
        worker["tags"].as_array().is_none_or(Vec::is_empty),
        "{worker}"
    );
}

/// A cluster made by hand with a Service Connect default namespace that did not exist:
/// ECS creates the namespace (tagged `AmazonECSManaged=true`). The import names it but
/// does not make it the stack's, so that destroying the stack leaves it. A service whose
/// live count is outside its autoscaling range is written with a count within it.
#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn an_ecs_managed_namespace_is_used_not_owned_and_an_autoscaled_count_stays_in_range() {
    let bed = TestBed::start();
    let subnet = bed.env["PRIVATE_SUBNET1"].clone();
    let sg = bed.env["UI_SG_ID"].clone();
    bed.aws(&[
        "ecs",
        "create-cluster",
        "--cluster-name",
        "managed-ns",
        "--service-connect-defaults",
        "namespace=managed-ns.local",
    ]);
    bed.aws(&[
        "ecs",
        "register-task-definition",
        "--family",
        "web",
        "--network-mode",
        "awsvpc",
        "--requires-compatibilities",
        "FARGATE",
        "--cpu",
        "256",
        "--memory",
        "512",
        "--container-definitions",
        r#"[{"name":"app","image":"nginx:1.27"}]"#,
    ]);
    let network = format!("awsvpcConfiguration={{subnets=[{subnet}],securityGroups=[{sg}]}}");
    bed.aws(&[
        "ecs",
        "create-service",
        "--cluster",
        "managed-ns",
        "--service-name",
        "web",
        "--task-definition",
        "web",
        "--desired-count",
        "1",
        "--launch-type",
        "FARGATE",
        "--network-configuration",
        &network,
    ]);
    bed.aws(&[
        "application-autoscaling",
        "register-scalable-target",
        "--service-namespace",
        "ecs",
        "--resource-id",
        "service/managed-ns/web",
        "--scalable-dimension",
        "ecs:service:DesiredCount",
        "--min-capacity",
        "2",
        "--max-capacity",
        "4",
    ]);
    let namespaces = bed.aws(&["servicediscovery", "list-namespaces"]);
    let ns = namespaces["Namespaces"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["Name"] == "managed-ns.local")
        .unwrap_or_else(|| panic!("ECS made no namespace: {namespaces}"))
        .clone();

    let out = scratch("managed-ns");
    let dir = out.dir.join("imported");
    let stderr = import(
        &bed,
        &["--cluster", "managed-ns", "-o", dir.to_str().unwrap()],
    );
    let yaml = std::fs::read_to_string(dir.join("ecsform.yaml")).unwrap();
    // The namespace is named by the cluster, not owned: left out, and the file says why.
    assert!(!yaml.contains("namespaces:"), "{yaml}");
    assert!(yaml.contains("namespace: managed-ns.local"), "{yaml}");
    assert!(
        yaml.contains("# Left out: namespace.managed-ns.local (created by ECS for Service Connect, tagged AmazonECSManaged=true"),
        "{yaml}"
    );
    assert!(
        stderr.contains("Left out namespace.managed-ns.local (created by ECS"),
        "{stderr}"
    );
    // desiredCount 1 is below minCapacity 2: the file holds 2, and says so.
    assert!(yaml.contains("desiredCount: 2"), "{yaml}");
    assert!(yaml.contains("minCapacity: 2"), "{yaml}");
    assert!(
        stderr.contains("Note: service.web: live desiredCount 1 is outside its autoscaling range (2..4); 2 is written"),
        "{stderr}"
    );
    assert!(
        stderr.contains(": 1 cluster, 1 task definition, 1 service, 1 scalable target."),
        "{stderr}"
    );
    // The file validates without a warning.
    let v = bed.ecsform(&[
        "validate",
        "-f",
        dir.join("ecsform.yaml").to_str().unwrap(),
        "--var-file",
        dir.join("vars.env").to_str().unwrap(),
    ]);
    let v_err = String::from_utf8_lossy(&v.stderr);
    assert!(v.status.success(), "{yaml}\n{v_err}");
    assert!(!v_err.contains("desired_count_outside_range"), "{v_err}");

    // Adopted, then destroyed: the namespace ECS made is still there.
    let file = dir.join("ecsform.yaml");
    let vars = dir.join("vars.env");
    for cmd in ["apply", "destroy"] {
        let run = bed.ecsform(&[
            cmd,
            "-f",
            file.to_str().unwrap(),
            "--var-file",
            vars.to_str().unwrap(),
            "--auto-approve",
            "--poll-interval",
            "1",
        ]);
        let text = String::from_utf8_lossy(&run.stdout);
        assert!(
            run.status.success(),
            "{cmd}:\n{text}\n{}",
            String::from_utf8_lossy(&run.stderr)
        );
        assert!(
            !text.contains("namespace.managed-ns.local"),
            "{cmd}:\n{text}"
        );
    }
    let after = bed.aws(&["servicediscovery", "list-namespaces"]);
    assert!(
        after["Namespaces"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["Id"] == ns["Id"]),
        "destroy deleted the namespace ECS made: {after}"
    );
}
