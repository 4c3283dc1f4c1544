//! Messages that lead to the cause: an unset variable is one problem over every file of a
//! stack and hides nothing else, a reference that does not resolve is reported without
//! its consequences, and an unknown key is told where it belongs.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use ecsform_spec::{Loaded, Vars, load_bytes};

fn load(files: &[(&str, &str)], vars: &[(&str, &str)]) -> Loaded {
    load_bytes(
        files
            .iter()
            .map(|(n, t)| ((*n).to_owned(), t.as_bytes().to_vec()))
            .collect(),
        &Vars::isolated(vars.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))),
    )
}

fn codes(l: &Loaded) -> Vec<&'static str> {
    l.problems.iter().map(|p| p.code).collect()
}

const TASKS: &str = "stack: demo
cluster:
  clusterName: demo
taskDefinitions:
  - family: web
    networkMode: awsvpc
    requiresCompatibilities: [FARGATE]
    cpu: 1 vCPU
    memory: 1 GB
    executionRoleArn: arn:aws:iam::${ACCOUNT_ID}:role/exec
    containerDefinitions:
      - name: app
        image: ${ACCOUNT_ID}.dkr.ecr.eu-west-1.amazonaws.com/web:${TAG}
        portMappings:
          - containerPort: 8080
";

const SERVICES: &str = "services:
  - serviceName: web
    taskDefinition: web
    desiredCount: ${COUNT}
    launchType: ${LAUNCH_TYPE}
    networkConfiguration:
      awsvpcConfiguration:
        subnets: [\"${ACCOUNT_ID}\"]
";

#[test]
fn an_unset_variable_is_one_problem_labelling_each_use_in_every_file() {
    let l = load(&[("a.yaml", TASKS), ("b.yaml", SERVICES)], &[]);
    let unset: Vec<_> = l
        .problems
        .iter()
        .filter(|p| p.code == "spec::unset_variable")
        .collect();
    let names: Vec<&str> = unset
        .iter()
        .map(|p| p.message.split('`').nth(1).unwrap())
        .collect();
    assert_eq!(names, ["ACCOUNT_ID", "TAG", "COUNT", "LAUNCH_TYPE"]);
    let account = unset[0];
    assert!(
        account.message.contains("used in 3 places"),
        "{}",
        account.message
    );
    let files: Vec<usize> = account.labels.iter().map(|l| l.file).collect();
    assert_eq!(files, [0, 0, 1]);
    for label in &account.labels {
        let text = &l.sources[label.file].text[label.span.start..label.span.end()];
        assert_eq!(text, "${ACCOUNT_ID}");
    }
    // The values that do not convert (an integer, an enum) are the variables' doing,
    // not reported again; the Fargate combination of the same task definition is.
    assert_eq!(
        codes(&l)
            .iter()
            .filter(|c| **c != "spec::unset_variable")
            .collect::<Vec<_>>(),
        [&"spec::fargate_cpu_memory"],
        "{:#?}",
        l.problems
    );
    assert!(l.stack.is_none());
}

#[test]
fn with_the_variables_set_the_stack_loads() {
    let vars = [
        ("ACCOUNT_ID", "123456789012"),
        ("TAG", "1"),
        ("COUNT", "2"),
        ("LAUNCH_TYPE", "FARGATE"),
    ];
    let fixed = TASKS.replace("memory: 1 GB", "memory: 2 GB");
    let l = load(&[("a.yaml", &fixed), ("b.yaml", SERVICES)], &vars);
    assert_eq!(
        l.count(ecsform_spec::Severity::Error),
        0,
        "{:#?}",
        l.problems
    );
    assert!(l.stack.is_some());
}

#[test]
fn a_check_of_an_unknown_value_is_left_out() {
    // The family's name rules would be checked on `web-${ENV}` as written: it is unknown,
    // and left out; the rest of the task definition is checked.
    let l = load(
        &[(
            "a.yaml",
            "stack: demo\ntaskDefinitions:\n  - family: web-${ENV}\n    networkMode: awsvpc\n    \
             requiresCompatibilities: [FARGATE]\n    cpu: 1 vCPU\n    memory: 1 GB\n    \
             containerDefinitions:\n      - name: app\n        image: nginx\n",
        )],
        &[],
    );
    assert_eq!(
        codes(&l),
        ["spec::unset_variable", "spec::fargate_cpu_memory"],
        "{:#?}",
        l.problems
    );
}

#[test]
fn a_key_at_the_wrong_level_is_told_where_it_belongs() {
    let l = load(
        &[(
            "a.yaml",
            "stack: demo\nservices:\n  - serviceName: web\n    taskDefinition: web\n    \
             scheduledActions: []\n    autoscaling:\n      minCapacity: 1\n      maxCapacity: 2\n      \
             desiredCount: 1\n",
        )],
        &[],
    );
    let helps: Vec<&str> = l
        .problems
        .iter()
        .filter(|p| p.code == "spec::unknown_key")
        .filter_map(|p| p.help.as_deref())
        .collect();
    assert_eq!(
        helps,
        [
            "`scheduledActions` belongs under `autoscaling:` (`services[].autoscaling.scheduledActions`)",
            "`desiredCount` belongs in `services[]`, not in `services[].autoscaling` (`services[].desiredCount`)",
        ]
    );
    // A value of another kind than the other place takes: the spelling is the help.
    let l = load(
        &[(
            "a.yaml",
            "stack: demo\ncluster:\n  clusterName: demo\n  capacityProvider: [FARGATE]\n",
        )],
        &[],
    );
    assert_eq!(
        l.problems[0].help.as_deref(),
        Some("did you mean `capacityProviders`?")
    );
}

#[test]
fn a_value_that_had_to_be_a_number_keeps_its_resource_from_being_checked() {
    // `containerPort: ${PORT}` converts to a stand-in: a check of the service's port
    // against it would be a guess, so the task definition waits for the variable; the
    // service (another resource) is checked.
    let l = load(
        &[(
            "a.yaml",
            "stack: demo\ncluster:\n  clusterName: demo\ntaskDefinitions:\n  - family: web\n    \
             networkMode: awsvpc\n    \
             requiresCompatibilities: [FARGATE]\n    cpu: 1 vCPU\n    memory: 1 GB\n    \
             containerDefinitions:\n      - name: app\n        image: nginx\n        \
             portMappings:\n          - containerPort: ${PORT}\n\
             services:\n  - serviceName: web\n    taskDefinition: web\n    launchType: FARGATE\n",
        )],
        &[],
    );
    assert_eq!(
        codes(&l),
        [
            "spec::unset_variable",
            "spec::missing_network_configuration"
        ],
        "{:#?}",
        l.problems
    );
}

#[test]
fn a_reference_to_a_name_holding_an_unset_variable_waits_for_it() {
    let l = load(
        &[(
            "a.yaml",
            "stack: demo\nloadBalancers:\n  - name: web\n    subnets: [subnet-a, subnet-b]\n\
             targetGroups:\n  - name: web-${ENV}\n    protocol: HTTP\n    port: 80\n    \
             vpcId: vpc-1\n    targetType: ip\nlisteners:\n  - loadBalancer: web\n    port: 80\n    \
             protocol: HTTP\n    defaultActions:\n      - type: forward\n        targetGroup: web-prod\n",
        )],
        &[],
    );
    assert_eq!(codes(&l), ["spec::unset_variable"], "{:#?}", l.problems);
}

#[test]
fn a_container_reference_waiting_for_a_variable_labels_no_other_problem() {
    // `containerName: other` may mean the container named `${APP}`: its problem waits
    // for the variable, and the service's problem found before it keeps its own labels.
    let l = load(
        &[(
            "a.yaml",
            "stack: demo\ncluster:\n  clusterName: demo\ntaskDefinitions:\n  - family: web\n    \
             networkMode: awsvpc\n    requiresCompatibilities: [FARGATE]\n    cpu: 1 vCPU\n    \
             memory: 2 GB\n    containerDefinitions:\n      - name: ${APP}\n        image: nginx\n        \
             portMappings:\n          - containerPort: 8080\nservices:\n  - serviceName: web\n    \
             taskDefinition: web\n    launchType: FARGATE\n    networkConfiguration:\n      \
             awsvpcConfiguration:\n        subnets: []\n    loadBalancers:\n      - \
             targetGroupArn: arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/0123456789abcdef\n        \
             containerName: other\n        containerPort: 8080\n",
        )],
        &[],
    );
    assert_eq!(
        codes(&l),
        ["spec::unset_variable", "spec::no_subnets"],
        "{:#?}",
        l.problems
    );
    let subnets = &l.problems[1];
    let labels: Vec<&str> = subnets.labels.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(labels, ["empty"], "{subnets:#?}");
}
