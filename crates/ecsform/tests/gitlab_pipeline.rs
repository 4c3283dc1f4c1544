//! The GitLab pipelines of `examples/gitlab/`, run for real: gitlab-ci-local (pinned in
//! `tests/gitlab/package.json`, installed by `scripts/test` with `npm ci --prefix
//! tests/gitlab`) runs each template with the shell executor in a scratch git repository
//! holding the template and the example stacks, with the freshly built `ecsform` on
//! PATH and the local test bed's variables passed as CI/CD variables (`--variable`).
//! What the pipelines produce is checked on their real outputs: the job statuses
//! gitlab-ci-local reports, the artifacts the jobs export, the comment posted to a fake
//! GitLab API, and live AWS read independently (the aws CLI, and the next plan).
//!
//! Without gitlab-ci-local installed the tests are skipped with a message, unless
//! `ECSFORM_REQUIRE_GITLAB_CI_LOCAL` is set (as `scripts/test` does): then they fail.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stderr
)]

mod support;

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use support::{TestBed, root};

/// The version `tests/gitlab/package-lock.json` pins.
const GITLAB_CI_LOCAL_VERSION: &str = "4.73.0";

/// The variables of the test bed that a team would set as CI/CD variables: the endpoint
/// (which only the test bed needs), the region and the stacks' own variables. The static
/// keys are passed separately, as not every pipeline gets them.
const BED_VARIABLES: &[&str] = &[
    "AWS_ENDPOINT_URL",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "AWS_EC2_METADATA_DISABLED",
    "AWS_MAX_ATTEMPTS",
    "ACCOUNT_ID",
    "VPC_ID",
    "PUBLIC_SUBNET1",
    "PUBLIC_SUBNET2",
    "PRIVATE_SUBNET1",
    "PRIVATE_SUBNET2",
    "UI_SG_ID",
    "CATALOG_SG_ID",
    "ASSET_SG_ID",
    "ALB_SG_ID",
    "NGINX_SG_ID",
];

/// gitlab-ci-local, or `None` (with a message) when it is not installed and not required.
fn gitlab_ci_local() -> Option<PathBuf> {
    let bin = root().join("tests/gitlab/node_modules/.bin/gitlab-ci-local");
    if !bin.exists() {
        if std::env::var_os("ECSFORM_REQUIRE_GITLAB_CI_LOCAL").is_some() {
            panic!(
                "gitlab-ci-local is not installed ({} is missing) and \
                 ECSFORM_REQUIRE_GITLAB_CI_LOCAL is set: run `npm ci --prefix tests/gitlab`",
                bin.display()
            );
        }
        // Straight to stderr, past the test harness's capture: a skip must show.
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED: gitlab-ci-local is not installed; `npm ci --prefix tests/gitlab` \
             installs it (scripts/test does, and sets ECSFORM_REQUIRE_GITLAB_CI_LOCAL=1)"
        );
        return None;
    }
    let out = Command::new(&bin).arg("--version").output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        GITLAB_CI_LOCAL_VERSION,
        "tests/gitlab/node_modules has another gitlab-ci-local than the lock file's: \
         npm ci --prefix tests/gitlab\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(bin)
}

/// A scratch GitLab project: a git repository with a template as its `.gitlab-ci.yml`
/// and copies of example stacks under `examples/`, whose `origin` is `api_url`'s host.
/// Removed on drop, unless the test failed (then its path is printed, to look into).
struct Project {
    dir: PathBuf,
    home: PathBuf,
    gcl: PathBuf,
}

impl Project {
    fn new(gcl: PathBuf, template: &str, stacks: &[&str], origin: &str) -> Self {
        static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let base = std::env::temp_dir().join(format!("ecsform-gitlab-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&base);
        let dir = base.join("project");
        let home = base.join("home");
        std::fs::create_dir_all(&home).unwrap();
        std::fs::create_dir_all(dir.join("examples")).unwrap();
        std::fs::copy(
            root().join("examples/gitlab").join(template),
            dir.join(".gitlab-ci.yml"),
        )
        .unwrap();
        for stack in stacks {
            let to = dir.join("examples").join(stack);
            std::fs::create_dir_all(&to).unwrap();
            for entry in std::fs::read_dir(root().join("examples").join(stack)).unwrap() {
                let entry = entry.unwrap();
                std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
            }
        }
        let project = Self { dir, home, gcl };
        project.git(&["init", "--quiet", "--initial-branch=main"]);
        project.git(&["remote", "add", "origin", origin]);
        // What a clone has: origin's default branch (gitlab-ci-local's CI_DEFAULT_BRANCH).
        project.git(&[
            "symbolic-ref",
            "refs/remotes/origin/HEAD",
            "refs/remotes/origin/main",
        ]);
        project.git(&["add", "--all"]);
        project.git(&[
            "commit",
            "--quiet",
            "--message",
            "ECS stacks and their pipeline",
        ]);
        project
    }

    fn git(&self, args: &[&str]) {
        let out = Command::new("git")
            .current_dir(&self.dir)
            .args([
                "-c",
                "user.name=Pipeline Test",
                "-c",
                "user.email=pipeline-test@example.com",
            ])
            .args(args)
            .env("HOME", &self.home)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "git {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Runs the pipeline gitlab-ci-local makes of the checked-out commit.
    fn run<'a>(&self, bed: &TestBed, pipeline: &Pipeline<'a>) -> Run<'a> {
        // Nothing of an earlier run (artifacts, logs) may be taken for this one's.
        let state = self.dir.join(".gitlab-ci-local");
        let _ = std::fs::remove_dir_all(&state);
        let mut args: Vec<String> = [
            "--home",
            self.home.to_str().unwrap(),
            "--force-shell-executor",
            "--shell-isolation",
            "--no-artifacts-to-source",
            "--no-color",
            "--ignore-predefined-vars",
            "CI_PIPELINE_SOURCE,CI_PROJECT_ID",
        ]
        .map(String::from)
        .to_vec();
        for job in &pipeline.manual {
            args.push("--manual".into());
            args.push((*job).into());
        }
        let mut variables: Vec<(String, String)> = Vec::new();
        if let Some(source) = pipeline.source {
            variables.push(("CI_PIPELINE_SOURCE".into(), source.into()));
        }
        for name in BED_VARIABLES {
            variables.push(((*name).into(), bed.env[*name].clone()));
        }
        if pipeline.oidc {
            // GitLab puts the job's ID token (id_tokens) in AWS_ID_TOKEN; gitlab-ci-local
            // makes none, so the test stands in for GitLab. The emulator's STS answers
            // AssumeRoleWithWebIdentity for any token, so this shows that the job hands
            // the token and the role to the AWS SDK the way the SDK reads them.
            variables.push(("AWS_ROLE_ARN".into(), ROLE_ARN.into()));
            variables.push(("AWS_ID_TOKEN".into(), fake_id_token()));
        } else {
            for name in ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"] {
                variables.push((name.into(), bed.env[name].clone()));
            }
        }
        // No AWS configuration of the machine's user can stand in for the variables.
        variables.push(("AWS_CONFIG_FILE".into(), "/dev/null".into()));
        variables.push(("AWS_SHARED_CREDENTIALS_FILE".into(), "/dev/null".into()));
        variables.extend(
            pipeline
                .variables
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
        );
        for (k, v) in variables {
            args.push("--variable".into());
            args.push(format!("{k}={v}"));
        }

        // The runner's environment: the freshly built ecsform first on PATH, then the
        // machine's tools (bash, git, rsync, node, curl); not the test bed's venv (no aws
        // CLI in the jobs) nor any AWS_* variable.
        let ecsform_dir = Path::new(env!("CARGO_BIN_EXE_ecsform")).parent().unwrap();
        let path = format!(
            "{}:{}",
            ecsform_dir.display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let log_path = self.dir.parent().unwrap().join("gitlab-ci-local.log");
        let log = std::fs::File::create(&log_path).unwrap();
        let started = Instant::now();
        let mut child = Command::new(&self.gcl)
            .args(&args)
            .current_dir(&self.dir)
            .env_clear()
            .env("PATH", path)
            .env("HOME", &self.home)
            .env("LANG", "C.UTF-8")
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .unwrap();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if started.elapsed() > Duration::from_secs(300) {
                let _ = child.kill();
                let _ = child.wait();
                panic!(
                    "gitlab-ci-local ran over 300 s:\n{}",
                    std::fs::read_to_string(&log_path).unwrap_or_default()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        let log = std::fs::read_to_string(&log_path).unwrap();
        eprintln!(
            "{}: gitlab-ci-local took {:.1} s",
            pipeline.name,
            started.elapsed().as_secs_f64()
        );
        let jobs = job_statuses(&log);
        Run {
            name: pipeline.name,
            code: status.code().unwrap_or(-1),
            log,
            jobs,
            artifacts: state.join("artifacts"),
            emulator: bed.emulator_log_tail(),
        }
    }
}

impl Drop for Project {
    fn drop(&mut self) {
        let base = self.dir.parent().unwrap();
        if std::thread::panicking() {
            eprintln!(
                "the scratch project is kept for inspection: {}",
                base.display()
            );
        } else {
            let _ = std::fs::remove_dir_all(base);
        }
    }
}

const ROLE_ARN: &str = "arn:aws:iam::123456789012:role/gitlab-ecsform";

/// A JWT shaped like GitLab's ID tokens (unsigned: the emulator does not check it).
fn fake_id_token() -> String {
    // {"alg":"RS256","typ":"JWT"} . {"aud":"sts.amazonaws.com","sub":"project_path:ecsform/infra:ref_type:branch:ref:main"}
    "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.\
     eyJhdWQiOiJzdHMuYW1hem9uYXdzLmNvbSIsInN1YiI6InByb2plY3RfcGF0aDplY3Nmb3JtL2luZnJhOnJlZl90eXBlOmJyYW5jaDpyZWY6bWFpbiJ9.\
     c2lnbmF0dXJl"
        .into()
}

/// One pipeline to run: its source (`None`: a push), the manual jobs to trigger, whether
/// AWS credentials come through OIDC (else static keys), and more CI/CD variables.
#[derive(Default)]
struct Pipeline<'a> {
    name: &'a str,
    source: Option<&'a str>,
    manual: Vec<&'a str>,
    oidc: bool,
    variables: Vec<(&'a str, &'a str)>,
}

/// What gitlab-ci-local reported of a pipeline.
struct Run<'a> {
    name: &'a str,
    code: i32,
    log: String,
    /// Job name -> PASS, WARN or FAIL, from the closing summary.
    jobs: BTreeMap<String, String>,
    artifacts: PathBuf,
    emulator: String,
}

impl Run<'_> {
    fn context(&self) -> String {
        format!(
            "pipeline `{}`: gitlab-ci-local exited {}\n{}\n{}",
            self.name, self.code, self.log, self.emulator
        )
    }

    /// Asserts gitlab-ci-local's exit code and exactly these jobs with these statuses.
    fn assert_jobs(&self, code: i32, expected: &[(&str, &str)]) {
        let expected: BTreeMap<String, String> = expected
            .iter()
            .map(|(j, s)| ((*j).to_owned(), (*s).to_owned()))
            .collect();
        assert_eq!(
            (self.code, &self.jobs),
            (code, &expected),
            "{}",
            self.context()
        );
    }

    /// The lines a job printed (its script's output), without gitlab-ci-local's prefix.
    fn job_output(&self, job: &str) -> String {
        self.log
            .lines()
            .filter_map(|l| l.strip_prefix(job))
            .filter(|rest| rest.starts_with(' '))
            .filter_map(|rest| rest.trim_start().strip_prefix("> "))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// A file among the exported artifacts of a job (`.gitlab-ci-local/artifacts/<job>/`).
    fn artifact(&self, job: &str, path: &str) -> String {
        let file = self.artifacts.join(job).join(path);
        std::fs::read_to_string(&file).unwrap_or_else(|e| {
            panic!(
                "no artifact {path} of job {job} ({}: {e})\n{}",
                file.display(),
                self.context()
            )
        })
    }

    /// A file among the exported artifacts of whichever job exported it (matrix jobs'
    /// folders carry encoded names); exactly one job must have.
    fn artifact_of_any_job(&self, path: &str) -> String {
        let found: Vec<PathBuf> = std::fs::read_dir(&self.artifacts)
            .map(|d| d.map(|e| e.unwrap().path().join(path)).collect::<Vec<_>>())
            .unwrap_or_default()
            .into_iter()
            .filter(|p: &PathBuf| p.is_file())
            .collect();
        assert_eq!(
            found.len(),
            1,
            "artifact {path}: {found:?}\n{}",
            self.context()
        );
        std::fs::read_to_string(&found[0]).unwrap()
    }
}

/// The closing summary of gitlab-ci-local: ` PASS  validate`, ` WARN  drift  pre_script`
/// (the block between the last blank line and `pipeline finished`).
fn job_statuses(log: &str) -> BTreeMap<String, String> {
    let Some(end) = log.rfind("pipeline finished in") else {
        return BTreeMap::new();
    };
    let start = log[..end].rfind("\n\n").map_or(0, |i| i + 2);
    log[start..end]
        .lines()
        .filter_map(|l| {
            let l = l.strip_prefix(' ')?;
            let (status, rest) = l.split_once("  ")?;
            ["PASS", "WARN", "FAIL"].contains(&status).then(|| {
                let job = rest.split("  ").next().unwrap_or_default().trim();
                (job.to_owned(), status.to_owned())
            })
        })
        .collect()
}

/// The test cases of a JUnit report: name -> `Some((failure type, text))` or `None`.
fn junit_cases(xml: &str) -> BTreeMap<String, Option<(String, String)>> {
    let attr = |s: &str, name: &str| -> String {
        let key = format!(" {name}=\"");
        let from = s.find(&key).map(|i| i + key.len()).unwrap();
        s[from..from + s[from..].find('"').unwrap()].to_owned()
    };
    xml.split("<testcase")
        .skip(1)
        .map(|case| {
            let case = case.split("</testcase>").next().unwrap();
            let failure = case.split_once("<failure").map(|(_, f)| {
                let text = f.split_once('>').unwrap().1;
                (
                    attr(f, "type"),
                    unescape(text.split("</failure>").next().unwrap()),
                )
            });
            (unescape(&attr(case, "name")), failure)
        })
        .collect()
}

fn unescape(xml: &str) -> String {
    xml.replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// A saved plan's terraform report without its `digest`, which must be `digest`.
fn without_digest(report: &Value, digest: &str) -> Value {
    assert_eq!(report["digest"], digest, "the report's digest: {report}");
    let mut counts = report.clone();
    counts.as_object_mut().unwrap().remove("digest");
    counts
}

/// `{"create","update","delete"}` of an independent `ecsform plan --output json` of a
/// stack, which must have no other kind of change (a replace would count twice).
fn expected_report(bed: &TestBed, stack: &Path) -> Value {
    let (_, changes, _) = bed.plan_path(stack.to_str().unwrap());
    let count = |action: &str| {
        changes
            .iter()
            .filter(|c| c.split(' ').next() == Some(action))
            .count()
    };
    let (create, update, delete) = (count("create"), count("update"), count("delete"));
    assert_eq!(
        create + update + delete,
        changes.len(),
        "the scenario has only creates, updates and deletes: {changes:?}"
    );
    json!({"create": create, "update": update, "delete": delete})
}

/// Every file a job's `artifacts:reports` names (in gitlab-ci-local's expansion of the
/// template; `$STACK` for a matrix job) is among the files the job exported:
/// gitlab-ci-local does not upload reports, GitLab does, from these paths.
fn assert_reports_exported(run: &Run, project: &Project, job: &str, dir: &str, stack: &str) {
    let text = std::fs::read_to_string(project.dir.join(".gitlab-ci-local/expanded-gitlab-ci.yml"))
        .unwrap();
    let expanded: Value = serde_saphyr::from_str(&text).unwrap();
    let reports = expanded[job]["artifacts"]["reports"].as_object().unwrap();
    assert!(!reports.is_empty(), "{job} has no reports");
    for (kind, path) in reports {
        let path = path.as_str().unwrap().replace("$STACK", stack);
        assert!(
            run.artifacts.join(dir).join(&path).is_file(),
            "{job}: reports:{kind} names {path}, which the job did not export\n{}",
            run.context()
        );
    }
}

/// A stand-in for GitLab's API on loopback: answers every request `201 Created` and
/// keeps (request line, headers, body).
struct FakeGitLab {
    port: u16,
    requests: Arc<Mutex<Vec<(String, String, String)>>>,
}

impl FakeGitLab {
    fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let kept = Arc::clone(&requests);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let Some(request) = read_request(&mut stream) else {
                    continue;
                };
                let body = "{\"id\":1}";
                let _ = write!(
                    stream,
                    "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
                kept.lock().unwrap().push(request);
            }
        });
        Self { port, requests }
    }

    fn origin(&self) -> String {
        format!("http://127.0.0.1:{}/ecsform/infra.git", self.port)
    }
}

/// One HTTP/1.1 request: (request line, lower-cased head, body); answers
/// `Expect: 100-continue`.
fn read_request(stream: &mut std::net::TcpStream) -> Option<(String, String, String)> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        let n = stream.read(&mut chunk).ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let lower = head.to_ascii_lowercase();
    let length: usize = lower
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    if lower.contains("expect: 100-continue") {
        stream.write_all(b"HTTP/1.1 100 Continue\r\n\r\n").ok()?;
    }
    while buf.len() < head_end + length {
        let n = stream.read(&mut chunk).ok()?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let line = head.lines().next().unwrap_or_default().to_owned();
    let body = String::from_utf8_lossy(&buf[head_end..]).into_owned();
    Some((line, head, body))
}

/// The value of `name` in an `application/x-www-form-urlencoded` body.
fn form_value(body: &str, name: &str) -> Option<String> {
    body.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        (k == name).then(|| {
            let bytes = v.as_bytes();
            let mut out = Vec::with_capacity(bytes.len());
            let mut i = 0;
            while i < bytes.len() {
                match bytes[i] {
                    b'+' => out.push(b' '),
                    b'%' if i + 2 < bytes.len() => {
                        let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
                        out.push(u8::from_str_radix(hex, 16).unwrap());
                        i += 2;
                    }
                    b => out.push(b),
                }
                i += 1;
            }
            String::from_utf8(out).unwrap()
        })
    })
}

fn describe_service(bed: &TestBed, cluster: &str, service: &str) -> Value {
    bed.aws(&[
        "ecs",
        "describe-services",
        "--cluster",
        cluster,
        "--services",
        service,
    ])["services"][0]
        .clone()
}

fn target_group(bed: &TestBed, name: &str) -> Value {
    bed.aws(&["elbv2", "describe-target-groups", "--names", name])["TargetGroups"][0].clone()
}

/// One stack (the retail store) through its life in `.gitlab-ci.yml`: a merge request
/// plans it, the default branch applies it (credentials through OIDC), a schedule finds
/// it in sync, then finds hand-made changes as drift (a warning), and the default branch
/// puts them right.
#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn the_one_stack_pipeline_plans_applies_and_reports_drift() {
    let Some(gcl) = gitlab_ci_local() else {
        return;
    };
    let bed = TestBed::start();
    let gitlab = FakeGitLab::start();
    let project = Project::new(gcl, ".gitlab-ci.yml", &["retail-store"], &gitlab.origin());
    let stack = project.dir.join("examples/retail-store");
    const CLUSTER: &str = "retail-store-ecs-cluster";

    // (a) A merge request: validate and plan, nothing else; live AWS is only read.
    project.git(&["checkout", "--quiet", "-b", "scale-catalog"]);
    let expected = expected_report(&bed, &stack);
    assert_eq!(expected["create"], 13, "an empty account: {expected}");
    let mr = project.run(
        &bed,
        &Pipeline {
            name: "merge request",
            source: Some("merge_request_event"),
            variables: vec![
                ("CI_MERGE_REQUEST_IID", "7"),
                ("CI_PROJECT_ID", "42"),
                ("ECSFORM_NOTE_TOKEN", "glpat-test-token"),
            ],
            ..Pipeline::default()
        },
    );
    mr.assert_jobs(0, &[("validate", "PASS"), ("plan", "PASS")]);
    let ecsform = env!("CARGO_BIN_EXE_ecsform");
    assert!(
        mr.job_output("plan")
            .contains(&format!("ecsform: {ecsform} (ecsform ")),
        "the job ran another ecsform than the one built:\n{}",
        mr.context()
    );
    assert!(
        mr.job_output("plan")
            .contains("AWS credentials: the AWS SDK's default sources"),
        "{}",
        mr.context()
    );
    // The saved plan's digest, which every report of the job carries.
    let saved: Value = serde_json::from_str(&mr.artifact("plan", "plan.bin")).unwrap();
    let digest = saved["digest"].as_str().unwrap().to_owned();
    // The terraform report: the counts of an independent plan, and the digest.
    let report: Value = serde_json::from_str(&mr.artifact("plan", "plan.json")).unwrap();
    assert_eq!(without_digest(&report, &digest), expected, "plan.json");
    assert!(
        mr.artifact("plan", "plan-junit.xml").contains(&digest),
        "plan-junit.xml"
    );
    // JUnit: one case per resource of the plan, each a `create` failure.
    let cases = junit_cases(&mr.artifact("plan", "plan-junit.xml"));
    let (_, changes, _) = bed.plan_path(stack.to_str().unwrap());
    let addresses: Vec<String> = changes
        .iter()
        .map(|c| c.split_once(' ').unwrap().1.to_owned())
        .collect();
    assert_eq!(
        cases.keys().cloned().collect::<Vec<_>>(),
        {
            let mut a = addresses.clone();
            a.sort();
            a
        },
        "plan-junit.xml"
    );
    assert!(
        cases
            .values()
            .all(|f| f.as_ref().is_some_and(|(t, _)| t == "create")),
        "{cases:?}"
    );
    // Markdown, in the artifacts and as the merge request's comment.
    let markdown = mr.artifact("plan", "plan.md");
    assert!(
        markdown.contains("### ecsform plan for stack `retail-store`")
            && markdown.contains("**Plan: 13 to add, 0 to change, 0 to replace, 0 to destroy.**"),
        "plan.md:\n{markdown}"
    );
    assert!(
        markdown.contains(&format!("Saved plan digest: `{digest}`")),
        "plan.md:\n{markdown}"
    );
    // The saved plan, for apply.
    assert_eq!(saved["format"], "ecsform-saved-plan/3");
    assert_eq!(saved["desired"]["stack"], "retail-store");
    assert_reports_exported(&mr, &project, "plan", "plan", "");
    let requests = gitlab.requests.lock().unwrap().clone();
    assert_eq!(
        requests.len(),
        1,
        "requests to the GitLab API: {requests:?}"
    );
    let (line, head, body) = &requests[0];
    assert_eq!(
        line, "POST /api/v4/projects/42/merge_requests/7/notes HTTP/1.1",
        "the comment went elsewhere"
    );
    assert!(
        head.lines()
            .any(|h| h.eq_ignore_ascii_case("private-token: glpat-test-token")),
        "{head}"
    );
    assert_eq!(
        form_value(body, "body").as_deref(),
        Some(markdown.as_str()),
        "the comment is not plan.md"
    );
    assert!(
        mr.job_output("plan")
            .contains("Posted the plan as a comment on merge request !7"),
        "{}",
        mr.context()
    );
    assert_eq!(
        expected_report(&bed, &stack),
        expected,
        "planning changed AWS"
    );

    // (b) The default branch, with OIDC credentials only: plan, then the manual apply.
    project.git(&["checkout", "--quiet", "main"]);
    let main = project.run(
        &bed,
        &Pipeline {
            name: "default branch",
            manual: vec!["apply"],
            oidc: true,
            // A comment is posted on merge requests only.
            variables: vec![("ECSFORM_NOTE_TOKEN", "glpat-test-token")],
            ..Pipeline::default()
        },
    );
    main.assert_jobs(
        0,
        &[("validate", "PASS"), ("plan", "PASS"), ("apply", "PASS")],
    );
    let apply = main.job_output("apply");
    assert!(
        apply.contains(&format!(
            "AWS credentials: role {ROLE_ARN}, assumed with the job's OIDC token"
        )) && apply.contains("Apply complete: 13 done, 0 failed, 0 skipped"),
        "{}",
        main.context()
    );
    // The apply job shows the plan it applies, with the digest of the plan job's file:
    // the same plan of the same live state as the merge request's, so the same digest.
    let main_digest =
        serde_json::from_str::<Value>(&main.artifact("plan", "plan.bin")).unwrap()["digest"]
            .as_str()
            .unwrap()
            .to_owned();
    assert_eq!(
        main_digest, digest,
        "the default branch planned another plan"
    );
    assert!(
        apply.contains(&format!("Saved plan digest: {digest}"))
            && apply.contains("Plan: 13 to add"),
        "{}",
        main.context()
    );
    assert!(
        main.log
            .contains("apply environment: { name: ecs/retail-store }"),
        "{}",
        main.context()
    );
    // Live AWS, read by the aws CLI, then by the next plan.
    let catalog = describe_service(&bed, CLUSTER, "catalog");
    assert_eq!(
        (&catalog["status"], &catalog["desiredCount"]),
        (&json!("ACTIVE"), &json!(1)),
        "{catalog}"
    );
    let ui = describe_service(&bed, CLUSTER, "ui");
    assert_eq!(
        (&ui["status"], &ui["desiredCount"]),
        (&json!("ACTIVE"), &json!(2)),
        "{ui}"
    );
    assert_eq!(
        target_group(&bed, "ui-application")["HealthCheckPath"],
        "/actuator/health"
    );
    let (code, changes, _) = bed.plan_path(stack.to_str().unwrap());
    assert_eq!(
        (code, changes),
        (0, vec![]),
        "the plan after the pipeline's apply"
    );
    assert_eq!(
        gitlab.requests.lock().unwrap().len(),
        1,
        "a comment outside a merge request"
    );

    // (c) A schedule: only drift, and all in sync.
    let schedule = Pipeline {
        name: "schedule",
        source: Some("schedule"),
        ..Pipeline::default()
    };
    let in_sync = project.run(&bed, &schedule);
    in_sync.assert_jobs(0, &[("drift", "PASS")]);
    let cases = junit_cases(&in_sync.artifact("drift", "drift-junit.xml"));
    assert_eq!(cases.len(), 13, "{cases:?}");
    assert!(cases.values().all(Option::is_none), "{cases:?}");

    // Changed by hand: catalog's desired count (not autoscaled), the target group's
    // health check path.
    bed.aws(&[
        "ecs",
        "update-service",
        "--cluster",
        CLUSTER,
        "--service",
        "catalog",
        "--desired-count",
        "3",
    ]);
    let tg_arn = target_group(&bed, "ui-application")["TargetGroupArn"]
        .as_str()
        .unwrap()
        .to_owned();
    bed.aws(&[
        "elbv2",
        "modify-target-group",
        "--target-group-arn",
        &tg_arn,
        "--health-check-path",
        "/changed-by-hand",
    ]);
    let drifted = project.run(&bed, &schedule);
    // Exit code 2 is allowed: a warning, and the pipeline passes.
    drifted.assert_jobs(0, &[("drift", "WARN")]);
    assert!(
        drifted
            .log
            .lines()
            .any(|l| l.starts_with("drift ") && l.trim_end().ends_with("WARN 2")),
        "the drift job did not end with exit code 2:\n{}",
        drifted.context()
    );
    assert_reports_exported(&drifted, &project, "drift", "drift", "");
    let cases = junit_cases(&drifted.artifact("drift", "drift-junit.xml"));
    assert_eq!(cases.len(), 13, "{cases:?}");
    let failed: BTreeMap<&str, &(String, String)> = cases
        .iter()
        .filter_map(|(name, f)| f.as_ref().map(|f| (name.as_str(), f)))
        .collect();
    assert_eq!(
        failed.keys().copied().collect::<Vec<_>>(),
        ["service.catalog", "target_group.ui-application"],
        "drift-junit.xml: {cases:?}"
    );
    let (kind, text) = failed["service.catalog"];
    assert_eq!(kind, "drifted");
    assert!(text.contains("desiredCount: expected 1, live 3"), "{text}");
    let (kind, text) = failed["target_group.ui-application"];
    assert_eq!(kind, "drifted");
    assert!(
        text.contains("healthCheckPath: expected \"/actuator/health\", live \"/changed-by-hand\""),
        "{text}"
    );

    // (d) The default branch again: its plan puts both back (two updates), and apply
    // does; the next schedule is in sync.
    let expected = expected_report(&bed, &stack);
    assert_eq!(expected, json!({"create": 0, "update": 2, "delete": 0}));
    let fix = project.run(
        &bed,
        &Pipeline {
            name: "default branch, after drift",
            manual: vec!["apply"],
            oidc: true,
            ..Pipeline::default()
        },
    );
    fix.assert_jobs(
        0,
        &[("validate", "PASS"), ("plan", "PASS"), ("apply", "PASS")],
    );
    let report: Value = serde_json::from_str(&fix.artifact("plan", "plan.json")).unwrap();
    let saved: Value = serde_json::from_str(&fix.artifact("plan", "plan.bin")).unwrap();
    assert_eq!(
        without_digest(&report, saved["digest"].as_str().unwrap()),
        expected,
        "plan.json after drift"
    );
    assert_eq!(
        describe_service(&bed, CLUSTER, "catalog")["desiredCount"],
        1
    );
    assert_eq!(
        target_group(&bed, "ui-application")["HealthCheckPath"],
        "/actuator/health"
    );
    project
        .run(&bed, &schedule)
        .assert_jobs(0, &[("drift", "PASS")]);
}

/// `many-stacks.gitlab-ci.yml`: a merge request plans each stack in its own matrix job,
/// each with its own report; on the default branch, one stack's manual apply applies
/// that stack's saved plan and nothing of the others.
#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn the_many_stacks_pipeline_plans_each_stack_and_applies_one() {
    let Some(gcl) = gitlab_ci_local() else {
        return;
    };
    let bed = TestBed::start();
    let gitlab = FakeGitLab::start();
    let stacks = ["retail-store", "service-connect-nginx", "ec2-bridge-nginx"];
    let project = Project::new(gcl, "many-stacks.gitlab-ci.yml", &stacks, &gitlab.origin());
    let path = |stack: &str| project.dir.join("examples").join(stack);
    let expected: BTreeMap<&str, Value> = stacks
        .iter()
        .map(|s| (*s, expected_report(&bed, &path(s))))
        .collect();

    project.git(&["checkout", "--quiet", "-b", "change"]);
    let mr = project.run(
        &bed,
        &Pipeline {
            name: "merge request",
            source: Some("merge_request_event"),
            variables: vec![
                ("CI_MERGE_REQUEST_IID", "8"),
                ("ECSFORM_NOTE_TOKEN", "glpat-test-token"),
            ],
            ..Pipeline::default()
        },
    );
    let mut jobs = Vec::new();
    for stack in stacks {
        jobs.push((format!("validate: [{stack}]"), "PASS"));
        jobs.push((format!("plan: [{stack}]"), "PASS"));
    }
    let jobs: Vec<(&str, &str)> = jobs.iter().map(|(j, s)| (j.as_str(), *s)).collect();
    mr.assert_jobs(0, &jobs);
    for stack in stacks {
        let report: Value =
            serde_json::from_str(&mr.artifact_of_any_job(&format!("plans/{stack}/plan.json")))
                .unwrap();
        let saved: Value =
            serde_json::from_str(&mr.artifact_of_any_job(&format!("plans/{stack}/plan.bin")))
                .unwrap();
        let digest = saved["digest"].as_str().unwrap();
        assert_eq!(
            without_digest(&report, digest),
            expected[stack],
            "plans/{stack}/plan.json"
        );
        assert!(
            report["create"].as_u64().unwrap() > 0,
            "{stack}: an empty account"
        );
        let markdown = mr.artifact_of_any_job(&format!("plans/{stack}/plan.md"));
        let name = if stack == "service-connect-nginx" {
            "service-connect-tutorial"
        } else {
            stack
        };
        assert!(
            markdown.contains(&format!("### ecsform plan for stack `{name}`")),
            "plans/{stack}/plan.md:\n{markdown}"
        );
        assert_eq!(saved["desired"]["stack"], name);
        assert!(
            markdown.contains(digest),
            "plans/{stack}/plan.md:\n{markdown}"
        );
        assert!(
            mr.job_output(&format!("plan: [{stack}]"))
                .contains(&format!("stack examples/{stack}")),
            "{}",
            mr.context()
        );
    }
    // Each matrix job's reports name files it exported.
    for dir in std::fs::read_dir(&mr.artifacts).unwrap() {
        let dir = dir.unwrap().file_name().into_string().unwrap();
        let stack = stacks
            .iter()
            .find(|s| mr.artifacts.join(&dir).join("plans").join(s).is_dir())
            .unwrap();
        assert_reports_exported(&mr, &project, "plan", &dir, stack);
    }
    // One comment per stack, each that stack's plan.md.
    let mut comments: Vec<String> = gitlab
        .requests
        .lock()
        .unwrap()
        .iter()
        .map(|(line, _, body)| {
            assert!(
                line.starts_with("POST /api/v4/projects/")
                    && line.contains("/merge_requests/8/notes "),
                "{line}"
            );
            form_value(body, "body").unwrap()
        })
        .collect();
    comments.sort();
    let mut plans: Vec<String> = stacks
        .iter()
        .map(|s| mr.artifact_of_any_job(&format!("plans/{s}/plan.md")))
        .collect();
    plans.sort();
    assert_eq!(comments, plans, "the comments are not the stacks' plans");

    project.git(&["checkout", "--quiet", "main"]);
    let main = project.run(
        &bed,
        &Pipeline {
            name: "default branch",
            manual: vec!["apply: [service-connect-nginx]"],
            ..Pipeline::default()
        },
    );
    let mut jobs: Vec<(&str, &str)> = jobs;
    jobs.push(("apply: [service-connect-nginx]", "PASS"));
    main.assert_jobs(0, &jobs);
    assert!(
        main.job_output("apply: [service-connect-nginx]")
            .contains("Apply complete: 3 done, 0 failed"),
        "{}",
        main.context()
    );
    assert!(
        main.log.contains(
            "apply: [service-connect-nginx] environment: { name: ecs/service-connect-nginx }"
        ),
        "{}",
        main.context()
    );
    let service = describe_service(&bed, "tutorial", "service-connect-nginx-service");
    assert_eq!(service["status"], "ACTIVE", "{service}");
    let (code, changes, _) = bed.plan_path(path("service-connect-nginx").to_str().unwrap());
    assert_eq!(
        (code, changes),
        (0, vec![]),
        "service-connect-nginx after apply"
    );
    for stack in ["retail-store", "ec2-bridge-nginx"] {
        assert_eq!(
            expected_report(&bed, &path(stack)),
            expected[stack],
            "{stack} was not to be applied"
        );
    }

    // A schedule after a hand-made change to the applied stack: one drift job per stack;
    // only that stack's warns (the others have nothing applied: pending, not drift).
    bed.aws(&[
        "ecs",
        "update-service",
        "--cluster",
        "tutorial",
        "--service",
        "service-connect-nginx-service",
        "--desired-count",
        "2",
    ]);
    let drift = project.run(
        &bed,
        &Pipeline {
            name: "schedule",
            source: Some("schedule"),
            ..Pipeline::default()
        },
    );
    drift.assert_jobs(
        0,
        &[
            ("drift: [retail-store]", "PASS"),
            ("drift: [service-connect-nginx]", "WARN"),
            ("drift: [ec2-bridge-nginx]", "PASS"),
        ],
    );
    for stack in stacks {
        let cases =
            junit_cases(&drift.artifact_of_any_job(&format!("drift/{stack}/drift-junit.xml")));
        let failed: Vec<&String> = cases
            .iter()
            .filter(|(_, f)| f.is_some())
            .map(|(name, _)| name)
            .collect();
        if stack == "service-connect-nginx" {
            assert_eq!(
                failed,
                ["service.service-connect-nginx-service"],
                "{cases:?}"
            );
        } else {
            assert!(failed.is_empty(), "{stack}: {cases:?}");
        }
    }
}
