//! Bounded, clear failure: an endpoint that accepts connections and never answers, a
//! call that hangs in the middle of an apply, and a closed port each end within their
//! bound (or at once), with an error that names the endpoint, the call and the resource,
//! and says it is the network. All on loopback: a silent listener, a port nobody listens
//! on, and a proxy in front of the test bed that holds the calls of one operation.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stderr
)]

mod support;

use std::io::Read;
use std::net::TcpListener;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use support::{TestBed, holding_proxy, text};

/// A loopback listener that accepts every connection and never answers (each held for
/// at most two minutes, so that nothing outlives the test for long).
fn silent_listener() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(mut conn) = conn else { continue };
            std::thread::spawn(move || {
                let _ = conn.set_read_timeout(Some(Duration::from_secs(120)));
                let mut sink = [0u8; 4096];
                while matches!(conn.read(&mut sink), Ok(n) if n > 0) {}
            });
        }
    });
    port
}

/// A loopback port nobody listens on.
fn closed_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Runs a command, killing it past `deadline` (a test that fails, instead of hanging
/// like the code it tests); its output and how long it ran.
fn run_within(mut command: Command, deadline: Duration) -> (Output, Duration) {
    let started = Instant::now();
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if started.elapsed() > deadline {
            child.kill().unwrap();
            let out = child.wait_with_output().unwrap();
            panic!(
                "still running after {deadline:?}: no bound ended it\n{}",
                text(&out)
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    (child.wait_with_output().unwrap(), started.elapsed())
}

/// `ecsform plan` of the retail store against `endpoint`, with test credentials and
/// nothing else of the test's environment.
fn plan_against(endpoint: &str, extra_args: &[&str], env: &[(&str, &str)]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ecsform"));
    c.current_dir(support::root())
        .args([
            "plan",
            "-f",
            "examples/retail-store",
            "--var-file",
            "examples/example.env",
        ])
        .args(extra_args)
        .env_clear()
        .env("AWS_ENDPOINT_URL", endpoint)
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("NO_COLOR", "1")
        .envs(env.iter().copied());
    c
}

/// stderr with miette's wrapped lines joined again (`\n  │ ` and the help's indent).
fn unwrapped(out: &Output) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr);
    let mut joined = String::new();
    for line in stderr.lines() {
        let cont = line
            .strip_prefix("  │ ")
            .or_else(|| line.strip_prefix("        ").filter(|_| !joined.is_empty()));
        match cont {
            Some(rest) => {
                joined.push(' ');
                joined.push_str(rest.trim_start());
            }
            None => {
                if !joined.is_empty() {
                    joined.push('\n');
                }
                joined.push_str(line);
            }
        }
    }
    joined
}

fn assert_network_error(out: &Output, endpoint: &str) {
    let stderr = unwrapped(out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(out.stdout.is_empty(), "no plan on stdout");
    assert!(stderr.contains("aws::network"), "{stderr}");
    assert!(stderr.contains("network:"), "{stderr}");
    assert!(stderr.contains(endpoint), "the endpoint is named: {stderr}");
    assert!(
        !stderr.contains("check the AWS credentials"),
        "a network failure is not blamed on credentials: {stderr}"
    );
}

#[test]
fn a_plan_against_an_endpoint_that_never_answers_ends_at_its_bound() {
    let endpoint = format!("http://127.0.0.1:{}", silent_listener());
    // The bound by flag, then by environment variable.
    for (args, env, bound) in [
        (&["--timeout", "3"][..], &[][..], 3),
        (&[][..], &[("ECSFORM_TIMEOUT", "2")][..], 2),
    ] {
        let (out, took) = run_within(plan_against(&endpoint, args, env), Duration::from_secs(60));
        assert_network_error(&out, &endpoint);
        assert!(
            took >= Duration::from_secs(bound) && took < Duration::from_secs(bound + 5),
            "took {took:?} for a bound of {bound} s"
        );
        let stderr = unwrapped(&out);
        // The call that hung (one of the reader's first round) and its resource, what
        // happened and where, and the bound.
        assert!(
            [
                "ecs:DescribeClusters failed for cluster.retail-store-ecs-cluster",
                "elasticloadbalancing:DescribeLoadBalancers failed for ",
                "elasticloadbalancing:DescribeTargetGroups failed for ",
                "ecs:DescribeServices failed for services of cluster.retail-store-ecs-cluster",
                "tag:GetResources failed for resources tagged ecsform:stack=retail-store",
                "application-autoscaling:DescribeScalableTargets failed for ",
                "servicediscovery:ListNamespaces failed for ",
                "ecs:DescribeTaskDefinition failed for task_definition.",
            ]
            .iter()
            .any(|c| stderr.contains(c)),
            "the call and resource are named: {stderr}"
        );
        assert!(
            stderr.contains(&format!(": Timeout: network: no answer from {endpoint}")),
            "{stderr}"
        );
        assert!(
            stderr.contains(&format!(
                "reads stop after {bound} s (--timeout, ECSFORM_TIMEOUT)"
            )),
            "{stderr}"
        );
    }
}

#[test]
fn by_default_a_plan_against_a_silent_endpoint_ends_well_under_a_minute() {
    let endpoint = format!("http://127.0.0.1:{}", silent_listener());
    let (out, took) = run_within(plan_against(&endpoint, &[], &[]), Duration::from_secs(90));
    assert_network_error(&out, &endpoint);
    assert!(took < Duration::from_secs(40), "took {took:?}");
    assert!(
        unwrapped(&out).contains("reads stop after 30 s"),
        "{}",
        text(&out)
    );
}

#[test]
fn a_closed_port_fails_at_once_and_says_network() {
    let endpoint = format!("http://127.0.0.1:{}", closed_port());
    // The SDK's and ecsform's default retries: a refused connection is not retried.
    let (out, took) = run_within(plan_against(&endpoint, &[], &[]), Duration::from_secs(60));
    assert_network_error(&out, &endpoint);
    assert!(took < Duration::from_secs(3), "took {took:?}");
    let stderr = unwrapped(&out);
    assert!(
        stderr.contains("ConnectionRefused")
            && stderr.contains("refused the connection: nothing listens there"),
        "{stderr}"
    );
    assert!(
        stderr.contains(" failed for "),
        "the call and resource: {stderr}"
    );
}

#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn an_apply_step_whose_call_never_answers_fails_in_time_and_a_rerun_converges() {
    let bed = TestBed::start();
    let proxy = holding_proxy(bed.port, "Action=CreateTargetGroup");
    let endpoint = format!("http://127.0.0.1:{proxy}");
    let mut command = bed.ecsform_command(&[
        "apply",
        "-f",
        "examples/retail-store",
        "--auto-approve",
        "--poll-interval",
        "1",
    ]);
    command
        .env("AWS_ENDPOINT_URL", &endpoint)
        .env("ECSFORM_TIMEOUT", "3");
    let (out, took) = run_within(command, Duration::from_secs(120));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(took < Duration::from_secs(60), "took {took:?}: {stderr}");
    assert!(
        stderr.contains("Apply failed: 8 done, 1 failed, 4 skipped, 0 not started."),
        "{stderr}"
    );
    // The resource, the call, what happened and where.
    assert!(
        stderr.contains(&format!(
            "failed   target_group.ui-application: elasticloadbalancing:CreateTargetGroup answered Timeout: network: no answer from {endpoint}"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("skipped  service.ui (depends on target_group.ui-application)"),
        "{stderr}"
    );

    // Without the hold, the next apply finishes the job.
    let stderr = bed.apply("examples/retail-store", 0);
    assert!(stderr.contains("Apply complete:"), "{stderr}");
    let (code, changes, _) = bed.plan("retail-store");
    assert_eq!((code, changes), (0, Vec::<String>::new()));
}

#[test]
fn missing_credentials_are_reported_as_credentials_not_network() {
    let endpoint = format!("http://127.0.0.1:{}", closed_port());
    let mut command = plan_against(&endpoint, &[], &[]);
    command
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .env("AWS_CONFIG_FILE", "does-not-exist")
        .env("AWS_SHARED_CREDENTIALS_FILE", "does-not-exist");
    let (out, took) = run_within(command, Duration::from_secs(60));
    let stderr = unwrapped(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(took < Duration::from_secs(10), "took {took:?}");
    assert!(stderr.contains("aws::credentials"), "{stderr}");
    assert!(
        stderr.contains(": NoCredentials: credentials: "),
        "{stderr}"
    );
    assert!(!stderr.contains("aws::network"), "{stderr}");
}

#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn a_denied_call_is_reported_as_permissions() {
    let bed = TestBed::start();
    let proxy = support::FaultProxy::start(bed.port, "Action=DescribeLoadBalancers", 100);
    let out = bed.ecsform_env(
        &["plan", "-f", "examples/retail-store"],
        &[("AWS_ENDPOINT_URL", &proxy.endpoint())],
    );
    let stderr = unwrapped(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("aws::permissions"), "{stderr}");
    assert!(
        stderr.contains(
            "elasticloadbalancing:DescribeLoadBalancers failed for load_balancer.retail-store-ecs-ui: AccessDenied"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("the credentials lack a permission"),
        "{stderr}"
    );
}
