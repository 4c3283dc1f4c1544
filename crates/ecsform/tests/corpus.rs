//! The corpus of real AWS shapes, `tests/fixtures/aws-real/<case>/` (its README is the
//! format): each case replayed through the real binary. A loopback server answers the
//! binary's AWS calls with the case's recorded bodies (then `_base`'s), which the AWS SDK
//! for Rust parses as it parses AWS; `ecsform plan -o json` must show exactly the case's
//! `expect`; then `ecsform import` of the case's cluster, `validate` of what it wrote and
//! a plan of it must say no changes. No emulator, Python or network: plain `cargo test`.
//!
//! `ECSFORM_CORPUS=<substring>` runs only the cases whose name contains it, and prints
//! their calls and plans.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stderr
)]

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use serde::Deserialize;
use serde_json::Value;
use support::replay::{self, Answers, Call, ReplayServer, ResponseFile};
use support::text;

/// The least number of cases the corpus must hold (Part 6: at least 60 from public
/// sources).
const MIN_CASES: usize = 60;

/// The classes of the format (tests/fixtures/aws-real/README.md).
const CLASSES: [&str; 21] = [
    "availability-zone-rebalancing",
    "deployment-configuration-defaults",
    "role-name-vs-arn",
    "task-definition-reference",
    "task-definition-defaults",
    "placement-strategy-forms",
    "nlb-target-group-defaults",
    "alb-target-group-defaults",
    "load-balancer-defaults",
    "listener-forms",
    "cloud-map",
    "code-deploy-alternate-target-group",
    "fargate-compatibility",
    "service-connect",
    "response-only-members",
    "new-members",
    "autoscaling",
    "cluster",
    "tags",
    "sets",
    "real-difference",
];

/// The kinds of sources of the format.
const SOURCE_KINDS: [&str; 7] = [
    "aws-api-reference",
    "aws-cli-example",
    "botocore-example",
    "terraform-provider",
    "ecspresso",
    "issue",
    "aws-docs",
];

/// The actions an expected change may name.
const ACTIONS: [&str; 4] = ["create", "update", "replace", "delete"];

/// Cases run at once (each runs the binary five times against its own server).
const THREADS: usize = 4;

// ---- case.yaml -------------------------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseFile {
    title: String,
    classes: Vec<String>,
    /// The region of the case (default us-west-2).
    #[serde(default)]
    region: Option<String>,
    /// The cluster `ecsform import --cluster` reads (default: the stack's
    /// `cluster.clusterName`, else `default`).
    #[serde(default)]
    cluster: Option<String>,
    sources: Vec<SourceRef>,
    edits: String,
    expect: Expect,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SourceRef {
    kind: String,
    #[serde(rename = "ref")]
    reference: String,
    used: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    #[serde(default)]
    no_changes: Option<bool>,
    #[serde(default)]
    changes: Option<Vec<ExpectedChange>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectedChange {
    address: String,
    action: String,
    #[serde(default)]
    paths: Option<Vec<String>>,
    #[serde(default)]
    forced_by: Option<Vec<String>>,
}

/// The problems of a case's `case.yaml` as the format states it.
fn check_case_file(case: &CaseFile) -> Vec<String> {
    let mut problems = Vec::new();
    if case.title.trim().is_empty() {
        problems.push("case.yaml: the title is empty".to_owned());
    }
    if case.classes.is_empty() {
        problems.push("case.yaml: no classes".to_owned());
    }
    for c in &case.classes {
        if !CLASSES.contains(&c.as_str()) {
            problems.push(format!(
                "case.yaml: unknown class `{c}` (one of {})",
                CLASSES.join(", ")
            ));
        }
    }
    if case.sources.is_empty() {
        problems.push("case.yaml: no sources (every response and fact has one)".to_owned());
    }
    for (i, s) in case.sources.iter().enumerate() {
        if !SOURCE_KINDS.contains(&s.kind.as_str()) {
            problems.push(format!(
                "case.yaml: sources[{i}]: unknown kind `{}` (one of {})",
                s.kind,
                SOURCE_KINDS.join(", ")
            ));
        }
        if s.reference.trim().is_empty() {
            problems.push(format!("case.yaml: sources[{i}]: an empty ref"));
        }
        if s.used.trim().is_empty() {
            problems.push(format!("case.yaml: sources[{i}]: an empty `used`"));
        }
    }
    if case.edits.trim().is_empty() {
        problems.push("case.yaml: `edits` is empty (write `none` when verbatim)".to_owned());
    }
    if case.region.as_deref().is_some_and(|r| r.trim().is_empty()) {
        problems.push("case.yaml: an empty region".to_owned());
    }
    match (&case.expect.no_changes, &case.expect.changes) {
        (Some(true), None) => {}
        (None | Some(false), Some(changes)) if !changes.is_empty() => {
            let mut seen = BTreeSet::new();
            for c in changes {
                if !seen.insert(c.address.as_str()) {
                    problems.push(format!("case.yaml: expect: {} twice", c.address));
                }
                if !c.address.contains('.') {
                    problems.push(format!(
                        "case.yaml: expect: `{}` is not an address (kind.name)",
                        c.address
                    ));
                }
                if !ACTIONS.contains(&c.action.as_str()) {
                    problems.push(format!(
                        "case.yaml: expect: {}: unknown action `{}` (one of {})",
                        c.address,
                        c.action,
                        ACTIONS.join(", ")
                    ));
                }
                match (c.action.as_str(), &c.forced_by) {
                    ("replace", None) => problems.push(format!(
                        "case.yaml: expect: {}: a replace names what forces it (forced_by)",
                        c.address
                    )),
                    ("replace", Some(_)) | (_, None) => {}
                    (_, Some(_)) => problems.push(format!(
                        "case.yaml: expect: {}: forced_by is for replaces only",
                        c.address
                    )),
                }
            }
        }
        _ => problems.push(
            "case.yaml: expect is either `no_changes: true` or a non-empty `changes` list"
                .to_owned(),
        ),
    }
    problems
}

// ---- the plan against the expectation ---------------------------------------------------

/// A change of the plan other than a no-op.
#[derive(Debug)]
struct Actual {
    action: String,
    paths: Vec<String>,
    /// `path: before -> after` for messages.
    shown: Vec<String>,
    forced_by: Vec<String>,
    adopt: bool,
}

fn compact(v: &Value) -> String {
    if v.is_null() {
        "(absent)".to_owned()
    } else {
        let s = v.to_string();
        if s.len() > 120 {
            format!("{}...", &s[..s.floor_char_boundary(117)])
        } else {
            s
        }
    }
}

/// The plan's changes other than no-ops, by address.
fn actual_changes(plan: &Value) -> Result<BTreeMap<String, Actual>, String> {
    let changes = plan["resource_changes"]
        .as_array()
        .ok_or("the JSON plan has no resource_changes")?;
    let mut out = BTreeMap::new();
    for c in changes {
        let actions: Vec<&str> = c["actions"]
            .as_array()
            .ok_or("a resource change without actions")?
            .iter()
            .filter_map(Value::as_str)
            .collect();
        let action = match actions.as_slice() {
            ["no-op"] => continue,
            ["create"] => "create",
            ["update"] => "update",
            ["delete"] => "delete",
            ["create", "delete"] | ["delete", "create"] => "replace",
            other => return Err(format!("unknown actions {other:?}")),
        };
        let address = c["address"].as_str().unwrap_or("?").to_owned();
        let changed = c["changed_paths"].as_array().cloned().unwrap_or_default();
        let strings = |v: &Value| -> Vec<String> {
            v.as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        };
        out.insert(
            address,
            Actual {
                action: action.to_owned(),
                paths: changed
                    .iter()
                    .filter_map(|p| p["path"].as_str().map(str::to_owned))
                    .collect(),
                shown: changed
                    .iter()
                    .map(|p| {
                        format!(
                            "{}: {} -> {}",
                            p["path"].as_str().unwrap_or("?"),
                            compact(&p["before"]),
                            compact(&p["after"])
                        )
                    })
                    .collect(),
                forced_by: strings(&c["replace_paths"]),
                adopt: c["adopt"].as_bool().unwrap_or(false),
            },
        );
    }
    Ok(out)
}

/// Whether an expected path covers a changed path: the same, or a prefix ending at `.`
/// or `[`.
fn covers(entry: &str, path: &str) -> bool {
    path == entry
        || path
            .strip_prefix(entry)
            .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
}

fn describe(address: &str, a: &Actual) -> String {
    let mut s = format!("{} {address}", a.action);
    if a.adopt {
        s.push_str(" (adopts)");
    }
    if !a.forced_by.is_empty() {
        s.push_str(&format!(", forced by {}", a.forced_by.join(", ")));
    }
    if a.shown.is_empty() {
        s.push_str(", no changed paths");
    } else {
        s.push_str(&format!(":\n        {}", a.shown.join("\n        ")));
    }
    s
}

/// What differs between the plan and the expectation.
fn compare(plan: &Value, expect: &Expect) -> Vec<String> {
    let actual = match actual_changes(plan) {
        Ok(a) => a,
        Err(e) => return vec![e],
    };
    let mut out = Vec::new();
    let expected: BTreeMap<&str, &ExpectedChange> = expect
        .changes
        .iter()
        .flatten()
        .map(|c| (c.address.as_str(), c))
        .collect();
    for (address, a) in &actual {
        if !expected.contains_key(address.as_str()) {
            out.push(format!("unexpected {}", describe(address, a)));
        }
    }
    for (address, e) in &expected {
        let Some(a) = actual.get(*address) else {
            out.push(format!(
                "expected {} {address}; the plan has no change to it",
                e.action
            ));
            continue;
        };
        if a.action != e.action {
            out.push(format!(
                "expected {} {address}; the plan has {}",
                e.action,
                describe(address, a)
            ));
            continue;
        }
        let entries: Option<&[String]> = match (&e.paths, e.action.as_str()) {
            (Some(p), _) => Some(p),
            (None, "update" | "replace") => Some(&[]),
            (None, _) => None,
        };
        if let Some(entries) = entries {
            let uncovered: Vec<&String> = a
                .paths
                .iter()
                .filter(|p| !entries.iter().any(|e| covers(e, p)))
                .collect();
            let unmatched: Vec<&String> = entries
                .iter()
                .filter(|e| !a.paths.iter().any(|p| covers(e, p)))
                .collect();
            if !uncovered.is_empty() || !unmatched.is_empty() {
                let mut m = format!(
                    "{address}: paths differ (expected {:?})",
                    entries.iter().collect::<Vec<_>>()
                );
                if !uncovered.is_empty() {
                    m.push_str(&format!("; changed but not expected: {uncovered:?}"));
                }
                if !unmatched.is_empty() {
                    m.push_str(&format!("; expected but not changed: {unmatched:?}"));
                }
                m.push_str(&format!("; the plan has {}", describe(address, a)));
                out.push(m);
            }
        }
        if let Some(forced) = &e.forced_by {
            let want: BTreeSet<&String> = forced.iter().collect();
            let got: BTreeSet<&String> = a.forced_by.iter().collect();
            if want != got {
                out.push(format!(
                    "{address}: forced by {:?}, expected {:?}",
                    a.forced_by, forced
                ));
            }
        }
    }
    out
}

/// A plan of an imported stack must say "No changes.": every change is a problem,
/// adoptions included (the case's live resources carry the stack's tag, and `_base`'s
/// cluster the case's stack: see the corpus README).
fn import_plan_problems(plan: &Value) -> Vec<String> {
    match actual_changes(plan) {
        Err(e) => vec![e],
        Ok(actual) => actual
            .iter()
            .map(|(address, a)| describe(address, a))
            .collect(),
    }
}

// ---- running a case ---------------------------------------------------------------------

/// The binary with a clean environment: the replay server as every AWS endpoint, dummy
/// credentials, empty AWS config and credentials files (no profile), one attempt per
/// call.
struct Runner {
    endpoint: String,
    region: String,
    home: PathBuf,
}

impl Runner {
    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_ecsform"))
            .env_clear()
            .env("AWS_ENDPOINT_URL", &self.endpoint)
            .env("AWS_REGION", &self.region)
            .env("AWS_ACCESS_KEY_ID", "AKIDCORPUSREPLAY")
            .env("AWS_SECRET_ACCESS_KEY", "corpus-replay-not-a-secret")
            .env("AWS_CONFIG_FILE", self.home.join("no-aws-config"))
            .env(
                "AWS_SHARED_CREDENTIALS_FILE",
                self.home.join("no-aws-credentials"),
            )
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("AWS_MAX_ATTEMPTS", "1")
            .env("ECSFORM_CALL_TIMEOUT", "20")
            .env("NO_COLOR", "1")
            .env("HOME", &self.home)
            .current_dir(&self.home)
            .args(args)
            .output()
            .unwrap()
    }
}

fn indent(s: &str) -> String {
    s.lines()
        .map(|l| format!("    {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[derive(Debug, Default)]
struct CaseResult {
    name: String,
    title: String,
    /// What the case expects: "no changes", or the changes' actions.
    expects: String,
    kinds: Vec<String>,
    classes: Vec<String>,
    /// None: not run.
    plan_ok: Option<bool>,
    import_ok: Option<bool>,
    failures: Vec<String>,
    /// The human plan, outputs, files: for failure messages.
    details: Vec<(String, String)>,
    calls: Vec<Call>,
    unused: Vec<String>,
    seconds: f64,
}

/// The services a plan found live and owned by the stack (neither created nor adopted).
fn live_owned_services(plan: &Value) -> BTreeSet<String> {
    plan.get("resource_changes")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|c| {
            let actions = c.get("actions").and_then(Value::as_array);
            !actions.is_some_and(|a| a.iter().any(|x| x == "create" || x == "delete"))
        })
        .filter(|c| c.get("adopt").and_then(Value::as_bool) != Some(true))
        .filter_map(|c| c.get("address").and_then(Value::as_str))
        .filter_map(|a| a.strip_prefix("service."))
        .map(str::to_owned)
        .collect()
}

/// The service names an imported stack file writes.
fn imported_services(file: &Path) -> BTreeSet<String> {
    let Ok(text) = std::fs::read_to_string(file) else {
        return BTreeSet::new();
    };
    let value: Value = serde_saphyr::from_str(&text).unwrap_or(Value::Null);
    value
        .get("services")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|s| {
            s.get("serviceName")
                .and_then(Value::as_str)
                .map(str::to_owned)
        })
        .collect()
}

fn stack_name(stack: &Path) -> Option<String> {
    let text = std::fs::read_to_string(stack).ok()?;
    let value: Value = serde_saphyr::from_str(&text).ok()?;
    value
        .get("stack")
        .and_then(Value::as_str)
        .map(str::to_owned)
}

fn stack_cluster(stack: &Path) -> Option<String> {
    let text = std::fs::read_to_string(stack).ok()?;
    let value: Value = serde_saphyr::from_str(&text).ok()?;
    value
        .pointer("/cluster/clusterName")
        .and_then(Value::as_str)
        .map(str::to_owned)
}

fn run_case(name: &str, dir: &Path, base: &[ResponseFile]) -> CaseResult {
    let started = Instant::now();
    let mut r = CaseResult {
        name: name.to_owned(),
        ..CaseResult::default()
    };
    let case: CaseFile = match std::fs::read_to_string(dir.join("case.yaml"))
        .map_err(|e| e.to_string())
        .and_then(|t| serde_saphyr::from_str(&t).map_err(|e| e.to_string()))
    {
        Ok(c) => c,
        Err(e) => {
            r.failures.push(format!("corpus: case.yaml: {e}"));
            return r;
        }
    };
    for s in &case.sources {
        if !r.kinds.contains(&s.kind) {
            r.kinds.push(s.kind.clone());
        }
    }
    r.classes = case.classes.clone();
    r.title = case.title.clone();
    r.expects = match (&case.expect.no_changes, &case.expect.changes) {
        (Some(true), _) => "no changes".to_owned(),
        (_, Some(changes)) => changes
            .iter()
            .map(|c| format!("{} {}", c.action, c.address))
            .collect::<Vec<_>>()
            .join(", "),
        _ => "?".to_owned(),
    };
    r.failures.extend(
        check_case_file(&case)
            .into_iter()
            .map(|p| format!("corpus: {p}")),
    );
    let stack = dir.join("stack.yaml");
    if !stack.is_file() {
        r.failures.push("corpus: no stack.yaml".to_owned());
        return r;
    }
    let (files, problems) = replay::load_dir(&dir.join("responses"), "responses/");
    r.failures
        .extend(problems.into_iter().map(|p| format!("corpus: {p}")));

    let server = ReplayServer::start(Answers {
        case: files.clone(),
        base: base.to_vec(),
        stack: stack_name(&stack).unwrap_or_default(),
    });
    let tmp = std::env::temp_dir().join(format!("ecsform-corpus-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).unwrap();
    for empty in ["no-aws-config", "no-aws-credentials"] {
        std::fs::write(tmp.join(empty), "").unwrap();
    }
    let runner = Runner {
        endpoint: server.endpoint(),
        region: case
            .region
            .clone()
            .unwrap_or_else(|| "us-west-2".to_owned()),
        home: tmp.clone(),
    };
    let stack_arg = stack.to_str().unwrap();

    // a. The plan against the expectation.
    server.set_phase("plan");
    let out = runner.run(&["plan", "-f", stack_arg, "-o", "json"]);
    // The stack's services that exist and are the stack's: the import must write them.
    let mut owned_services: BTreeSet<String> = BTreeSet::new();
    let plan_failures = if out.status.success() {
        match serde_json::from_slice::<Value>(&out.stdout) {
            Ok(plan) => {
                owned_services = live_owned_services(&plan);
                compare(&plan, &case.expect)
            }
            Err(e) => vec![format!("the JSON plan does not parse: {e}")],
        }
    } else {
        vec![format!(
            "ecsform plan exited {:?}:\n{}",
            out.status.code(),
            indent(&String::from_utf8_lossy(&out.stderr))
        )]
    };
    server.set_phase("plan (human)");
    let human = runner.run(&["plan", "-f", stack_arg]);
    r.details.push(("ecsform plan".to_owned(), text(&human)));
    r.plan_ok = Some(plan_failures.is_empty());
    r.failures
        .extend(plan_failures.into_iter().map(|f| format!("plan: {f}")));

    // b. Import, validate, plan again: no changes.
    let cluster = case
        .cluster
        .clone()
        .or_else(|| stack_cluster(&stack))
        .unwrap_or_else(|| "default".to_owned());
    let imported = tmp.join("imported");
    let imported_arg = imported.to_str().unwrap().to_owned();
    let vars = imported.join("vars.env");
    let vars_arg = vars.to_str().unwrap().to_owned();
    server.set_phase("import");
    let out = runner.run(&["import", "--cluster", &cluster, "-o", &imported_arg]);
    let mut import_failures = Vec::new();
    if out.status.success() {
        r.details.push((
            format!("ecsform import --cluster {cluster}: ecsform.yaml"),
            std::fs::read_to_string(imported.join("ecsform.yaml")).unwrap_or_default(),
        ));
        let written = imported_services(&imported.join("ecsform.yaml"));
        let missing: Vec<&String> = owned_services.difference(&written).collect();
        if !missing.is_empty() {
            import_failures.push(format!(
                "the imported stack lacks the stack's live services {missing:?}"
            ));
        }
        server.set_phase("validate");
        let out = runner.run(&["validate", "-f", &imported_arg, "--var-file", &vars_arg]);
        if !out.status.success() {
            import_failures.push(format!(
                "ecsform validate of the imported stack exited {:?}:\n{}",
                out.status.code(),
                indent(&text(&out))
            ));
        }
        server.set_phase("plan of the import");
        let out = runner.run(&[
            "plan",
            "-f",
            &imported_arg,
            "--var-file",
            &vars_arg,
            "--detailed-exitcode",
            "-o",
            "json",
        ]);
        let problems = match out.status.code() {
            Some(0) => Vec::new(),
            Some(2) => match serde_json::from_slice::<Value>(&out.stdout) {
                Ok(plan) => import_plan_problems(&plan),
                Err(e) => vec![format!("the JSON plan does not parse: {e}")],
            },
            code => vec![format!(
                "exited {code:?}:\n{}",
                indent(&String::from_utf8_lossy(&out.stderr))
            )],
        };
        if !problems.is_empty() {
            import_failures.push(format!(
                "the plan of the imported stack is not \"No changes.\": {}",
                problems.join("; ")
            ));
            server.set_phase("plan of the import (human)");
            let human = runner.run(&["plan", "-f", &imported_arg, "--var-file", &vars_arg]);
            r.details
                .push(("ecsform plan of the import".to_owned(), text(&human)));
        }
    } else {
        import_failures.push(format!(
            "ecsform import --cluster {cluster} exited {:?}:\n{}",
            out.status.code(),
            indent(&String::from_utf8_lossy(&out.stderr))
        ));
    }
    r.import_ok = Some(import_failures.is_empty());
    r.failures
        .extend(import_failures.into_iter().map(|f| format!("import: {f}")));

    // What the server saw.
    r.calls = server.calls();
    let mut seen = BTreeSet::new();
    for c in &r.calls {
        if let Some(p) = &c.problem
            && seen.insert(p.clone())
        {
            r.failures.push(format!("replay ({}): {p}", c.phase));
        }
    }
    let used: BTreeSet<&str> = r
        .calls
        .iter()
        .filter_map(|c| c.answered_by.as_deref())
        .collect();
    r.unused = files
        .iter()
        .filter(|f| !used.contains(f.shown.as_str()))
        .map(|f| f.shown.clone())
        .collect();
    drop(server);
    let _ = std::fs::remove_dir_all(&tmp);
    r.seconds = started.elapsed().as_secs_f64();
    r
}

// ---- checks of the harness itself -------------------------------------------------------

/// The harness's own conversions, on known values, before any case relies on them.
fn self_check() {
    // ISO-8601 as the AWS CLI prints it (v2: offsets; v1 and XML: Z).
    assert_eq!(
        replay::parse_iso8601("2022-11-29T12:38:08.284000+00:00"),
        Some((1_669_725_488, 284_000_000))
    );
    assert_eq!(
        replay::parse_iso8601("2016-03-25T21:26:12.920Z"),
        Some((1_458_941_172, 920_000_000))
    );
    assert_eq!(
        replay::parse_iso8601("2024-01-01T09:00:00+09:00"),
        Some((1_704_067_200, 0))
    );
    for not in [
        "2022-11-29",
        "nginx:latest",
        "2022-11-29T12:38:08",
        "2022-13-01T00:00:00Z",
    ] {
        assert_eq!(replay::parse_iso8601(not), None, "{not}");
    }
    assert_eq!(
        replay::format_iso8601_utc(1_458_941_172, 920_000_000),
        "2016-03-25T21:26:12.920Z"
    );
    let mut v = serde_json::json!({"a": ["2022-11-29T12:38:08.284000+00:00", "x"], "b": "2024-01-01T00:00:00Z"});
    replay::epoch_timestamps(&mut v);
    assert_eq!(
        v,
        serde_json::json!({"a": [1_669_725_488.284, "x"], "b": 1_704_067_200})
    );
    // The AWS CLI's JSON output of an elbv2 call as its awsQuery XML.
    let xml = replay::query_xml(
        "DescribeTags",
        &serde_json::json!({"TagDescriptions": [{"ResourceArn": "arn:a&b", "Tags": [{"Key": "k", "Value": "v"}]}],
            "Actions": [{"AuthenticateOidcConfig": {"AuthenticationRequestExtraParams": {"p": "q"}}, "Order": 1, "On": true}]}),
        "id-1",
    )
    .unwrap();
    assert_eq!(
        xml,
        "<DescribeTagsResponse xmlns=\"http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/\"><DescribeTagsResult>\
         <TagDescriptions><member><ResourceArn>arn:a&amp;b</ResourceArn><Tags><member><Key>k</Key><Value>v</Value></member></Tags></member></TagDescriptions>\
         <Actions><member><AuthenticateOidcConfig><AuthenticationRequestExtraParams><entry><key>p</key><value>q</value></entry></AuthenticationRequestExtraParams></AuthenticateOidcConfig><Order>1</Order><On>true</On></member></Actions>\
         </DescribeTagsResult><ResponseMetadata><RequestId>id-1</RequestId></ResponseMetadata></DescribeTagsResponse>"
    );
    // File names.
    let (s, op, m, status, _) =
        replay::parse_name("ecs.DescribeTaskDefinition@web.400.json").unwrap();
    assert_eq!(
        (s.as_str(), op.as_str(), m.as_deref(), status),
        ("ecs", "DescribeTaskDefinition", Some("web"), 400)
    );
    let (_, _, m, status, _) =
        replay::parse_name("ecs.DescribeTaskDefinition@app.v2.json").unwrap();
    assert_eq!((m.as_deref(), status), (Some("app.v2"), 200));
    for bad in [
        "ec2.DescribeVpcs.json",
        "ecs.describeServices.json",
        "elbv2.DescribeTargetGroups.400.json",
        "ecs.DescribeServices.xml",
        "ecs.DescribeServices@a b.json",
    ] {
        assert!(replay::parse_name(bad).is_err(), "{bad}");
    }
    // Expected paths cover changed paths at `.` and `[` boundaries only.
    assert!(covers(
        "containerDefinitions",
        "containerDefinitions[0].image"
    ));
    assert!(covers("healthCheck", "healthCheck.interval"));
    assert!(!covers("health", "healthCheck.interval"));
}

// ---- the test ---------------------------------------------------------------------------

/// The corpus holds at least [`MIN_CASES`] cases.
fn assert_enough_cases(count: usize) {
    assert!(
        count >= MIN_CASES,
        "the corpus holds {count} cases, fewer than {MIN_CASES}"
    );
}

/// The README's list of cases (between `<!-- cases:begin -->` and `<!-- cases:end -->`)
/// is what the cases say; `ECSFORM_CORPUS_README=overwrite` (`cargo xtask gen corpus`)
/// rewrites it.
fn check_readme_cases(results: &[CaseResult]) {
    let mut list = String::from(
        "\n| case | what it shows | sources | the plan must show |\n|---|---|---|---|\n",
    );
    for r in results {
        list.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            r.name,
            r.title.replace('|', "\\|").replace('\n', " "),
            r.kinds.join(", "),
            r.expects
        ));
    }
    let mut by_kind: BTreeMap<&str, usize> = BTreeMap::new();
    for r in results {
        for k in r.kinds.iter().collect::<BTreeSet<_>>() {
            *by_kind.entry(k.as_str()).or_default() += 1;
        }
    }
    list.push_str(&format!(
        "\n{} cases; by source kind (a case may cite several): {}.\n",
        results.len(),
        by_kind
            .iter()
            .map(|(k, n)| format!("{k} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    let path = corpus_dir().join("README.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let (begin, end) = ("<!-- cases:begin -->", "<!-- cases:end -->");
    let (Some(b), Some(e)) = (text.find(begin), text.find(end)) else {
        panic!("{} lacks the {begin} ... {end} markers", path.display());
    };
    let fresh = format!("{}{begin}\n{list}{}", &text[..b], &text[e..]);
    if fresh == text {
        return;
    }
    if std::env::var("ECSFORM_CORPUS_README").as_deref() == Ok("overwrite") {
        std::fs::write(&path, fresh).unwrap();
        return;
    }
    panic!(
        "the list of cases in {} is not current: rewrite it with `cargo xtask gen corpus` (which runs this test with `ECSFORM_CORPUS_README=overwrite`)",
        path.display()
    );
}

fn corpus_dir() -> PathBuf {
    support::root().join("tests/fixtures/aws-real")
}

#[test]
fn every_corpus_case_plans_as_expected_and_imports_clean() {
    self_check();
    let dir = corpus_dir();
    let filter = std::env::var("ECSFORM_CORPUS")
        .ok()
        .filter(|f| !f.is_empty());

    let (base, base_problems) = replay::load_dir(&dir.join("_base/responses"), "_base/responses/");
    assert!(
        base_problems.is_empty(),
        "the corpus's _base/responses:\n{}",
        base_problems.join("\n")
    );
    assert!(!base.is_empty(), "no _base/responses in {}", dir.display());

    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('_'))
        .collect();
    names.sort();
    let mut corpus_problems = Vec::new();
    for n in &names {
        if !n
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            corpus_problems.push(format!(
                "case folder `{n}`: names are lowercase letters, digits and hyphens"
            ));
        }
    }
    let all = names.len();
    if let Some(f) = &filter {
        names.retain(|n| n.contains(f.as_str()));
        eprintln!(
            "ECSFORM_CORPUS={f}: {} of {all} cases: {}",
            names.len(),
            names.join(", ")
        );
    } else {
        assert_enough_cases(all);
    }

    // The cases, on a few threads.
    let started = Instant::now();
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<CaseResult>>> =
        Mutex::new((0..names.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..THREADS.min(names.len()) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(name) = names.get(i) else { break };
                    let r = run_case(name, &dir.join(name), &base);
                    results.lock().unwrap()[i] = Some(r);
                }
            });
        }
    });
    let results: Vec<CaseResult> = results
        .into_inner()
        .unwrap()
        .into_iter()
        .flatten()
        .collect();

    // The table.
    let mark = |o: Option<bool>| match o {
        None => "-",
        Some(true) => "ok",
        Some(false) => "FAIL",
    };
    let width = results
        .iter()
        .map(|r| r.name.len())
        .max()
        .unwrap_or(4)
        .max(4);
    let mut table = format!(
        "\n{:width$}  {:40}  {:5}  {:6}  {}\n",
        "case", "sources", "plan", "import", "time"
    );
    for r in &results {
        table.push_str(&format!(
            "{:width$}  {:40}  {:5}  {:6}  {:.1} s\n",
            r.name,
            r.kinds.join(","),
            mark(r.plan_ok),
            mark(r.import_ok),
            r.seconds
        ));
    }
    let mut by_kind: BTreeMap<&str, usize> = SOURCE_KINDS.iter().map(|k| (*k, 0)).collect();
    for r in &results {
        let kinds: BTreeSet<&str> = r.kinds.iter().map(String::as_str).collect();
        for k in kinds {
            *by_kind.entry(k).or_default() += 1;
        }
    }
    table.push_str(&format!(
        "\n{} cases in {:.1} s; cases by source kind: {}\n",
        results.len(),
        started.elapsed().as_secs_f64(),
        by_kind
            .iter()
            .map(|(k, n)| format!("{k} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    // The list of cases at the end of the corpus README.
    if std::env::var_os("ECSFORM_CORPUS").is_none() {
        check_readme_cases(&results);
    }
    let covered: BTreeSet<&str> = results
        .iter()
        .flat_map(|r| r.classes.iter().map(String::as_str))
        .collect();
    let uncovered: Vec<&str> = CLASSES
        .iter()
        .copied()
        .filter(|c| !covered.contains(c))
        .collect();
    assert!(
        uncovered.is_empty() || std::env::var_os("ECSFORM_CORPUS").is_some(),
        "every class needs a case; none for: {}",
        uncovered.join(", ")
    );
    for r in results.iter().filter(|r| !r.unused.is_empty()) {
        table.push_str(&format!(
            "note: {}: responses no call used: {}\n",
            r.name,
            r.unused.join(", ")
        ));
    }
    eprintln!("{table}");

    if filter.is_some() {
        for r in &results {
            eprintln!("--- {}: calls", r.name);
            for c in &r.calls {
                let mut body = c.body.clone();
                if body.len() > 160 {
                    body = format!("{}...", &body[..body.floor_char_boundary(157)]);
                }
                eprintln!(
                    "  {:20} {}:{} <- {}\n      {} {body}",
                    c.phase,
                    c.service,
                    c.operation,
                    c.answered_by
                        .as_deref()
                        .or(c.problem.as_deref())
                        .unwrap_or("?"),
                    c.content_type,
                );
            }
            for (title, body) in &r.details {
                eprintln!("--- {}: {title}\n{}", r.name, indent(body));
            }
        }
    }

    let failed: Vec<&CaseResult> = results.iter().filter(|r| !r.failures.is_empty()).collect();
    if failed.is_empty() && corpus_problems.is_empty() {
        return;
    }
    let mut message = String::new();
    for p in &corpus_problems {
        message.push_str(&format!("corpus: {p}\n"));
    }
    for r in &failed {
        message.push_str(&format!("\n=== {} ===\n", r.name));
        for f in &r.failures {
            message.push_str(&format!("- {f}\n"));
        }
        for (title, body) in &r.details {
            message.push_str(&format!("  --- {title}\n{}\n", indent(body)));
        }
    }
    panic!(
        "{} of {} corpus cases failed: {}\n{message}",
        failed.len(),
        results.len(),
        failed
            .iter()
            .map(|r| r.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
}
