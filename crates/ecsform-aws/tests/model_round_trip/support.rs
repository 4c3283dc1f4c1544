//! Support of `model_round_trip.rs`: the documents generated from botocore's models
//! (`generate.py`, run with the pinned test bed's Python), member paths of JSON
//! documents and of query strings, the SDK's members (to tell "not in the SDK yet" from
//! "dropped"), and a capturing HTTP client.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};

use aws_smithy_http_client::test_util::infallible_client_fn;
use serde_json::{Value, json};

/// The map key `generate.py` gives every map; a path shows a map's values as `*`.
pub const MAP_KEY: &str = "mapkey";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// One generated document: the value, the awsQuery XML of an output of ELBv2, and every
/// member path set in it with the structure shape and member it ends at.
#[derive(Debug, Clone)]
pub struct Generated {
    pub doc: Value,
    pub xml: Option<String>,
    /// path -> (shape, member)
    pub paths: BTreeMap<String, (String, String)>,
}

/// A document of `service`'s `operation` input or output (`side`), with every member set
/// but the paths in `omit`.
#[derive(Debug, Clone)]
pub struct Request {
    pub service: &'static str,
    pub operation: String,
    pub side: &'static str,
    pub omit: Vec<String>,
    /// Which value of each enumeration (`variant` modulo its length; 0 the first).
    pub variant: usize,
}

pub fn input(service: &'static str, operation: &str, omit: Vec<String>) -> Request {
    Request {
        service,
        operation: operation.to_owned(),
        side: "input",
        omit,
        variant: 0,
    }
}

pub fn output(service: &'static str, operation: &str) -> Request {
    Request {
        service,
        operation: operation.to_owned(),
        side: "output",
        omit: Vec::new(),
        variant: 0,
    }
}

/// Runs `generate.py` with the test bed's Python (the pinned botocore's models).
fn run(requests: &[Request]) -> Vec<Value> {
    let python = root().join(".venv/local-aws/bin/python");
    assert!(
        python.exists(),
        "{} is missing: run `scripts/local-aws install` (the pinned botocore's models are read from it; scripts/test installs it first)",
        python.display()
    );
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/model_round_trip/generate.py");
    let body = json!({
        "requests": requests.iter().map(|r| json!({
            "service": r.service, "operation": r.operation, "side": r.side, "omit": r.omit,
            "variant": r.variant,
        })).collect::<Vec<_>>()
    });
    let mut child = Command::new(&python)
        .arg(&script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(body.to_string().as_bytes()).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "generate.py failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// One answer of `generate.py`.
pub fn parse(a: &Value) -> Generated {
    Generated {
        doc: a["doc"].clone(),
        xml: a["xml"].as_str().map(str::to_owned),
        paths: a["paths"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p[0].as_str().unwrap().to_owned(),
                    (
                        p[1].as_str().unwrap().to_owned(),
                        p[2].as_str().unwrap().to_owned(),
                    ),
                )
            })
            .collect(),
    }
}

/// The documents of `requests`, in order.
pub fn generate(requests: &[Request]) -> Vec<Generated> {
    run(requests).iter().map(parse).collect()
}

/// The output documents of every operation of `service`, by operation.
pub fn all_outputs(service: &'static str) -> BTreeMap<String, Generated> {
    let answers = run(&[output(service, "*")]);
    answers[0]
        .as_object()
        .unwrap()
        .iter()
        .map(|(op, a)| (op.clone(), parse(a)))
        .collect()
}

// ---- paths --------------------------------------------------------------------------

/// Every member path set in a JSON document (list items are their list's path; a map's
/// values, under `MAP_KEY` or any key when `maps` holds the map's path, are `*`).
pub fn json_paths(value: &Value, maps: &BTreeSet<String>) -> BTreeSet<String> {
    fn walk(v: &Value, path: &str, maps: &BTreeSet<String>, out: &mut BTreeSet<String>) {
        match v {
            Value::Object(o) => {
                for (k, v) in o {
                    if v.is_null() {
                        continue;
                    }
                    let seg = if k == MAP_KEY || maps.contains(path) {
                        "*"
                    } else {
                        k.as_str()
                    };
                    let p = if path.is_empty() {
                        seg.to_owned()
                    } else {
                        format!("{path}.{seg}")
                    };
                    out.insert(p.clone());
                    walk(v, &p, maps, out);
                }
            }
            Value::Array(a) => {
                for v in a {
                    walk(v, path, maps, out);
                }
            }
            _ => {}
        }
    }
    let mut out = BTreeSet::new();
    walk(value, "", maps, &mut out);
    out
}

/// Every member path of an awsQuery request body (`Action` and `Version` left out):
/// list items (`.member.N`) are their list's path, map entries (`.entry.N.key|value`)
/// are `*`.
pub fn query_paths(body: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for pair in body.split('&') {
        let key = url_decode(pair.split('=').next().unwrap_or_default());
        if key == "Action" || key == "Version" || key.is_empty() {
            continue;
        }
        let parts: Vec<&str> = key.split('.').collect();
        let mut segs: Vec<&str> = Vec::new();
        let mut i = 0;
        while i < parts.len() {
            match parts[i] {
                "member" => i += 2,
                "entry" => {
                    if parts.get(i + 2) == Some(&"key") {
                        break;
                    }
                    segs.push("*");
                    i += 3;
                }
                s if s.chars().all(|c| c.is_ascii_digit()) => i += 1,
                s => {
                    segs.push(s);
                    i += 1;
                }
            }
            if !segs.is_empty() {
                out.insert(segs.join("."));
            }
        }
    }
    out
}

/// `FooBar` -> `fooBar` (the stack file's names of PascalCase APIs).
pub fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or_else(String::new, |f| {
        f.to_lowercase().collect::<String>() + c.as_str()
    })
}

/// Lower-cases the first letter of every key of `value` but the map keys (`MAP_KEY`).
pub fn lower_first_keys(value: &Value) -> Value {
    match value {
        Value::Object(o) => Value::Object(
            o.iter()
                .map(|(k, v)| {
                    let key = if k == MAP_KEY {
                        k.clone()
                    } else {
                        lower_first(k)
                    };
                    (key, lower_first_keys(v))
                })
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(lower_first_keys).collect()),
        v => v.clone(),
    }
}

/// Sets `value` at a dot path of objects (lists: every item), where the parent exists.
pub fn set(doc: &mut Value, path: &str, value: Value) {
    fn go(v: &mut Value, segs: &[&str], value: &Value) {
        match v {
            Value::Array(a) => a.iter_mut().for_each(|v| go(v, segs, value)),
            Value::Object(o) => {
                if segs.len() == 1 {
                    o.insert(segs[0].to_owned(), value.clone());
                } else if let Some(next) = o.get_mut(segs[0]) {
                    go(next, &segs[1..], value);
                }
            }
            _ => {}
        }
    }
    let segs: Vec<&str> = path.split('.').collect();
    go(doc, &segs, &value);
}

/// Removes the member at a dot path (lists: of every item).
pub fn remove(doc: &mut Value, path: &str) {
    fn go(v: &mut Value, segs: &[&str]) {
        match v {
            Value::Array(a) => a.iter_mut().for_each(|v| go(v, segs)),
            Value::Object(o) => {
                if segs.len() == 1 {
                    o.remove(segs[0]);
                } else if let Some(next) = o.get_mut(segs[0]) {
                    go(next, &segs[1..]);
                }
            }
            _ => {}
        }
    }
    let segs: Vec<&str> = path.split('.').collect();
    go(doc, &segs);
}

// ---- the SDK's members --------------------------------------------------------------

/// `enableECSManagedTags`, `enable_ecs_managed_tags` -> `enableecsmanagedtags`.
pub fn squash(name: &str) -> String {
    name.trim_start_matches("r#")
        .chars()
        .filter(|c| *c != '_')
        .flat_map(char::to_lowercase)
        .collect()
}

/// The fields of every struct named in a `{:?}` rendering (`Name { a: .., b: .. }`), by
/// struct name, squashed.
pub fn debug_fields(debug: &str, into: &mut BTreeMap<String, BTreeSet<String>>) {
    let bytes: Vec<char> = debug.chars().collect();
    let mut stack: Vec<Option<String>> = Vec::new();
    let mut i = 0;
    let mut in_str = false;
    let ident_before = |end: usize| -> String {
        let mut s = end;
        while s > 0
            && (bytes[s - 1].is_alphanumeric() || bytes[s - 1] == '_' || bytes[s - 1] == '#')
        {
            s -= 1;
        }
        bytes[s..end].iter().collect()
    };
    while i < bytes.len() {
        let c = bytes[i];
        if in_str {
            if c == '\\' {
                i += 1;
            } else if c == '"' {
                in_str = false;
            }
        } else if c == '"' {
            in_str = true;
        } else if c == '{' || c == '[' || c == '(' {
            let name = (c == '{' && i >= 1 && bytes[i - 1] == ' ')
                .then(|| ident_before(i - 1))
                .filter(|n| !n.is_empty());
            stack.push(name);
        } else if c == '}' || c == ']' || c == ')' {
            stack.pop();
        } else if c == ':'
            && i + 1 < bytes.len()
            && bytes[i + 1] == ' '
            && let Some(Some(owner)) = stack.last()
        {
            let field = ident_before(i);
            if !field.is_empty() {
                let owner = owner.strip_suffix("Builder").unwrap_or(owner);
                into.entry(owner.to_owned())
                    .or_default()
                    .insert(squash(&field));
            }
        }
        i += 1;
    }
}

/// The SDK's members by shape name (squashed), from the schemas of `registry` (ECS and
/// Cloud Map) and from `{:?}` renderings of SDK values.
#[derive(Debug, Default)]
pub struct SdkMembers(pub BTreeMap<String, BTreeSet<String>>);

impl SdkMembers {
    pub fn add_registry(&mut self, registry: &aws_smithy_schema::registry::TypeRegistry) {
        for (id, entry) in registry.iter() {
            let members = self.0.entry(id.shape_name().to_owned()).or_default();
            for m in entry.schema().members() {
                if let Some(name) = m.member_name() {
                    members.insert(squash(name));
                }
            }
        }
    }

    pub fn add_debug(&mut self, debug: &str) {
        debug_fields(debug, &mut self.0);
    }

    /// Whether the SDK has `member` of `shape`; `None` when the SDK's shape is unknown here.
    pub fn has(&self, shapes: &[&str], member: &str) -> Option<bool> {
        let m = squash(member);
        let known: Vec<&BTreeSet<String>> = shapes.iter().filter_map(|s| self.0.get(*s)).collect();
        if known.is_empty() {
            None
        } else {
            Some(known.iter().any(|k| k.contains(&m)))
        }
    }
}

// ---- a capturing HTTP client --------------------------------------------------------

/// The requests a capturing client received: operation and body.
#[derive(Debug, Clone, Default)]
pub struct Captured(pub Arc<Mutex<Vec<(String, String)>>>);

impl Captured {
    pub fn bodies(&self, operation: &str) -> Vec<String> {
        self.0
            .lock()
            .unwrap()
            .iter()
            .filter(|(op, _)| op == operation)
            .map(|(_, b)| b.clone())
            .collect()
    }
}

/// The operation of a request: its `x-amz-target` (JSON protocols) or `Action` (query).
fn operation_of(req: &http::Request<aws_smithy_types::body::SdkBody>, body: &str) -> String {
    if let Some(target) = req.headers().get("x-amz-target") {
        let t = target.to_str().unwrap_or_default();
        return t.rsplit('.').next().unwrap_or(t).to_owned();
    }
    body.split('&')
        .find_map(|p| p.strip_prefix("Action="))
        .unwrap_or_default()
        .to_owned()
}

/// An SDK config whose client records every request and answers it with
/// `answer(operation)` (status 200).
pub fn capturing(
    captured: &Captured,
    answer: impl Fn(&str) -> (String, &'static str) + Send + Sync + 'static,
) -> aws_config::SdkConfig {
    let log = captured.clone();
    let client = infallible_client_fn(move |req| {
        let body = req
            .body()
            .bytes()
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .unwrap_or_default();
        let op = operation_of(&req, &body);
        log.0.lock().unwrap().push((op.clone(), body));
        let (answer, content_type) = answer(&op);
        http::Response::builder()
            .status(200)
            .header("content-type", content_type)
            .body(answer)
            .unwrap()
    });
    aws_config::SdkConfig::builder()
        .behavior_version(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new("us-east-1"))
        .credentials_provider(aws_sdk_ecs::config::SharedCredentialsProvider::new(
            aws_sdk_ecs::config::Credentials::new("AKID", "SECRET", None, None, "test"),
        ))
        .http_client(client)
        .build()
}

/// Percent-decodes an `application/x-www-form-urlencoded` key.
pub fn url_decode(s: &str) -> String {
    let mut out = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(if b[i] == b'+' { b' ' } else { b[i] });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
