//! The replay server of the corpus of real AWS shapes (`tests/fixtures/aws-real/`, its
//! README is the format): a loopback HTTP/1.1 server that answers each AWS call of the
//! `ecsform` binary with a recorded body, from a case's `responses/` and then from
//! `_base/responses/`, and records every call.
//!
//! Services by protocol, as the AWS SDK for Rust sends them:
//! - awsJson1_1 (`X-Amz-Target: <prefix>.<Operation>`, the JSON body):
//!   `AmazonEC2ContainerServiceV20141113` ecs, `Route53AutoNaming_v20170314`
//!   servicediscovery, `AnyScaleFrontendService` autoscaling (Application Auto Scaling),
//!   `ResourceGroupsTaggingAPI_20170126` tagging (the Resource Groups Tagging API);
//!   answered with `application/x-amz-json-1.1`.
//! - awsQuery (a form body `Action=<Operation>&Version=2015-12-01&...`): elbv2, answered
//!   with `text/xml`.

use std::collections::BTreeMap;
use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use serde_json::Value;

use super::http::{Reader, Request, form_decode, form_params};

/// The services of the corpus, by the name response files use.
pub const SERVICES: [&str; 5] = ["ecs", "elbv2", "servicediscovery", "autoscaling", "tagging"];

/// The XML namespace of Elastic Load Balancing v2 responses.
const ELBV2_XMLNS: &str = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";

/// The awsJson1_1 target prefixes, by service.
const JSON_TARGETS: [(&str, &str); 4] = [
    ("AmazonEC2ContainerServiceV20141113", "ecs"),
    ("Route53AutoNaming_v20170314", "servicediscovery"),
    ("AnyScaleFrontendService", "autoscaling"),
    ("ResourceGroupsTaggingAPI_20170126", "tagging"),
];

/// Members of elbv2 output shapes that are maps (`<entry><key/><value/></entry>` in
/// XML): every map of the elbv2 service model (botocore
/// `elbv2/2015-12-01/service-2.json`: `AuthenticateCognitoActionAuthenticationRequestExtraParams`
/// and `AuthenticateOidcActionAuthenticationRequestExtraParams`, both held by this member).
const ELBV2_MAP_MEMBERS: [&str; 1] = ["AuthenticationRequestExtraParams"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ext {
    Json,
    Xml,
}

/// One response file: `<service>.<Operation>[@<match>][.<status>].<json|xml>`.
#[derive(Debug, Clone)]
pub struct ResponseFile {
    pub service: String,
    pub operation: String,
    pub matcher: Option<String>,
    pub status: u16,
    pub ext: Ext,
    pub path: PathBuf,
    /// `responses/<name>` or `_base/responses/<name>`, for messages.
    pub shown: String,
}

/// Parses a response file name.
pub fn parse_name(name: &str) -> Result<(String, String, Option<String>, u16, Ext), String> {
    let (stem, ext) = if let Some(s) = name.strip_suffix(".json") {
        (s, Ext::Json)
    } else if let Some(s) = name.strip_suffix(".xml") {
        (s, Ext::Xml)
    } else {
        return Err(format!("`{name}`: a response file ends in .json or .xml"));
    };
    let Some((service, rest)) = stem.split_once('.') else {
        return Err(format!(
            "`{name}`: expected <service>.<Operation>[@<match>][.<status>].<json|xml>"
        ));
    };
    if !SERVICES.contains(&service) {
        return Err(format!(
            "`{name}`: unknown service `{service}` (one of {})",
            SERVICES.join(", ")
        ));
    }
    let (rest, status) = match rest.rsplit_once('.') {
        Some((r, s)) if s.len() == 3 && s.bytes().all(|b| b.is_ascii_digit()) => {
            (r, s.parse::<u16>().map_err(|e| format!("`{name}`: {e}"))?)
        }
        _ => (rest, 200),
    };
    let (operation, matcher) = match rest.split_once('@') {
        Some((op, m)) => (op, Some(m)),
        None => (rest, None),
    };
    if operation.is_empty()
        || !operation.starts_with(|c: char| c.is_ascii_uppercase())
        || !operation.chars().all(|c| c.is_ascii_alphanumeric())
    {
        return Err(format!(
            "`{name}`: `{operation}` is not an operation name (e.g. DescribeServices)"
        ));
    }
    if let Some(m) = matcher
        && (m.is_empty()
            || !m
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')))
    {
        return Err(format!("`{name}`: the match `{m}` must be [A-Za-z0-9._-]+"));
    }
    if !(100..=599).contains(&status) {
        return Err(format!("`{name}`: {status} is not an HTTP status"));
    }
    let json_service = service != "elbv2";
    if json_service && ext == Ext::Xml {
        return Err(format!(
            "`{name}`: {service} speaks JSON; its responses are .json"
        ));
    }
    if !json_service && ext == Ext::Json && status != 200 {
        return Err(format!(
            "`{name}`: an elbv2 error answer is the XML body AWS sends (.xml)"
        ));
    }
    Ok((
        service.to_owned(),
        operation.to_owned(),
        matcher.map(str::to_owned),
        status,
        ext,
    ))
}

/// The response files of a folder (none when it does not exist), each checked: its
/// name, and its body (JSON that parses, XML that starts as XML). Problems are listed,
/// not stopped at.
pub fn load_dir(dir: &Path, shown_prefix: &str) -> (Vec<ResponseFile>, Vec<String>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return (files, problems);
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for name in names {
        let shown = format!("{shown_prefix}{name}");
        let path = dir.join(&name);
        let (service, operation, matcher, status, ext) = match parse_name(&name) {
            Ok(p) => p,
            Err(e) => {
                problems.push(format!("{shown_prefix}{e}"));
                continue;
            }
        };
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => {
                problems.push(format!("{shown}: {e}"));
                continue;
            }
        };
        match ext {
            Ext::Json => match serde_json::from_str::<Value>(&text) {
                Ok(Value::Object(_)) => {}
                Ok(_) => problems.push(format!("{shown}: the body is not a JSON object")),
                Err(e) => problems.push(format!("{shown}: not JSON: {e}")),
            },
            Ext::Xml => {
                if !text.trim_start().starts_with('<') {
                    problems.push(format!("{shown}: not XML"));
                }
            }
        }
        files.push(ResponseFile {
            service,
            operation,
            matcher,
            status,
            ext,
            path,
            shown,
        });
    }
    // Two files answering the same requests.
    let mut seen: BTreeMap<(String, String, Option<String>), &str> = BTreeMap::new();
    for f in &files {
        let key = (f.service.clone(), f.operation.clone(), f.matcher.clone());
        if let Some(other) = seen.insert(key, &f.shown) {
            problems.push(format!("{other} and {} answer the same requests", f.shown));
        }
    }
    (files, problems)
}

/// The answers of one case: its own files first, then `_base`'s.
#[derive(Debug, Clone)]
pub struct Answers {
    pub case: Vec<ResponseFile>,
    pub base: Vec<ResponseFile>,
    /// The case's stack, for `{{stack}}` in `_base`'s files (its cluster's ownership tag:
    /// `_base` is the account of whichever stack the case describes).
    pub stack: String,
}

impl Answers {
    /// The file that answers a call: among one folder's files for the operation, the
    /// `@match` file with the longest match found in `text`, else the plain file; the
    /// case's folder first, then `_base`'s.
    pub fn pick(&self, service: &str, operation: &str, text: &str) -> Option<&ResponseFile> {
        [&self.case, &self.base].into_iter().find_map(|files| {
            let candidates = files
                .iter()
                .filter(|f| f.service == service && f.operation == operation);
            let matched = candidates
                .clone()
                .filter(|f| f.matcher.as_deref().is_some_and(|m| text.contains(m)))
                .max_by_key(|f| f.matcher.as_deref().map_or(0, str::len));
            matched.or_else(|| candidates.into_iter().find(|f| f.matcher.is_none()))
        })
    }
}

/// One call the binary made.
#[derive(Debug, Clone)]
pub struct Call {
    /// What the test was running (`plan`, `import`, ...).
    pub phase: String,
    pub service: String,
    pub operation: String,
    /// The JSON body, or the URL-decoded form body.
    pub body: String,
    /// The request's `Content-Type`.
    pub content_type: String,
    /// The file that answered (`responses/...` or `_base/responses/...`).
    pub answered_by: Option<String>,
    /// Why the call was refused or unanswered, or why the answer could not be made.
    pub problem: Option<String>,
}

/// Whether an operation only reads.
pub fn is_read(operation: &str) -> bool {
    ["Describe", "List", "Get"]
        .iter()
        .any(|p| operation.starts_with(p))
}

/// A running replay server, stopped on drop.
pub struct ReplayServer {
    pub port: u16,
    calls: Arc<Mutex<Vec<Call>>>,
    phase: Arc<Mutex<String>>,
    stop: Arc<AtomicBool>,
}

static REQUEST_IDS: AtomicU64 = AtomicU64::new(1);

fn request_id() -> String {
    let n = REQUEST_IDS.fetch_add(1, Ordering::Relaxed);
    format!("c0a1e5ce-0000-4000-8000-{n:012x}")
}

impl ReplayServer {
    pub fn start(answers: Answers) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let calls: Arc<Mutex<Vec<Call>>> = Arc::default();
        let phase = Arc::new(Mutex::new(String::from("start")));
        let stop = Arc::new(AtomicBool::new(false));
        let answers = Arc::new(answers);
        let (c, p, s) = (Arc::clone(&calls), Arc::clone(&phase), Arc::clone(&stop));
        std::thread::spawn(move || {
            for conn in listener.incoming() {
                if s.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(conn) = conn else { continue };
                let (c, p, a) = (Arc::clone(&c), Arc::clone(&p), Arc::clone(&answers));
                std::thread::spawn(move || serve(conn, &a, &c, &p));
            }
        });
        Self {
            port,
            calls,
            phase,
            stop,
        }
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Names the calls from now on.
    pub fn set_phase(&self, phase: &str) {
        *self.phase.lock().unwrap() = phase.to_owned();
    }

    /// Every call so far.
    pub fn calls(&self) -> Vec<Call> {
        self.calls.lock().unwrap().clone()
    }
}

impl Drop for ReplayServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the accept loop, which then sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

fn serve(conn: TcpStream, answers: &Answers, calls: &Mutex<Vec<Call>>, phase: &Mutex<String>) {
    let mut reader = Reader::new(conn);
    while let Some(request) = reader.next_request() {
        let phase = phase.lock().unwrap().clone();
        let (call, response) = answer(&request, answers, phase);
        calls.lock().unwrap().push(call);
        if reader.stream().write_all(&response).is_err() {
            return;
        }
    }
}

/// The service, operation and match text (the JSON body, or the decoded form body) of
/// a request.
fn identify(request: &Request) -> Result<(String, String, String), String> {
    let body = String::from_utf8_lossy(&request.body).into_owned();
    if let Some(target) = request.header("x-amz-target") {
        let (prefix, operation) = target
            .split_once('.')
            .ok_or_else(|| format!("an X-Amz-Target without an operation: `{target}`"))?;
        let service = JSON_TARGETS
            .iter()
            .find(|(p, _)| *p == prefix)
            .map(|(_, s)| *s)
            .ok_or_else(|| format!("a call to an unknown service: X-Amz-Target `{target}`"))?;
        return Ok((service.to_owned(), operation.to_owned(), body));
    }
    let params = form_params(&body);
    let get = |k: &str| params.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    match (get("Action"), get("Version")) {
        (Some(action), Some(version)) if version == "2015-12-01" => {
            Ok(("elbv2".to_owned(), action, form_decode(&body)))
        }
        (action, version) => Err(format!(
            "a call neither JSON (no X-Amz-Target) nor elbv2 (Action {action:?}, Version {version:?}): {}",
            request.request_line()
        )),
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        409 => "Conflict",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

fn http_response(status: u16, content_type: &str, id: &str, body: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nx-amzn-RequestId: {id}\r\n\r\n{body}",
        reason(status),
        body.len()
    )
    .into_bytes()
}

/// An error answer of the harness itself (a call the case does not answer, or refuses):
/// in the protocol of the service, so that the binary reports it and stops.
fn harness_error(service: &str, id: &str, message: &str) -> Vec<u8> {
    if service == "elbv2" {
        let body = format!(
            "<ErrorResponse xmlns=\"{ELBV2_XMLNS}\"><Error><Type>Sender</Type><Code>CorpusHarness</Code><Message>{}</Message></Error><RequestId>{id}</RequestId></ErrorResponse>",
            xml_escape(message)
        );
        http_response(400, "text/xml", id, &body)
    } else {
        let body = serde_json::json!({"__type": "CorpusHarness", "message": message}).to_string();
        http_response(400, "application/x-amz-json-1.1", id, &body)
    }
}

fn answer(request: &Request, answers: &Answers, phase: String) -> (Call, Vec<u8>) {
    let id = request_id();
    let (service, operation, text) = match identify(request) {
        Ok(x) => x,
        Err(problem) => {
            let call = Call {
                phase,
                service: "?".into(),
                operation: "?".into(),
                body: String::from_utf8_lossy(&request.body).into_owned(),
                content_type: request
                    .header("content-type")
                    .unwrap_or_default()
                    .to_owned(),
                answered_by: None,
                problem: Some(problem.clone()),
            };
            return (call, harness_error("ecs", &id, &problem));
        }
    };
    let mut call = Call {
        phase,
        service: service.clone(),
        operation: operation.clone(),
        body: text.clone(),
        content_type: request
            .header("content-type")
            .unwrap_or_default()
            .to_owned(),
        answered_by: None,
        problem: None,
    };
    if !is_read(&operation) {
        let problem = format!(
            "the binary called {service}:{operation}, which is not a read (plan and import only read)"
        );
        call.problem = Some(problem.clone());
        return (call, harness_error(&service, &id, &problem));
    }
    let Some(file) = answers.pick(&service, &operation, &text) else {
        let problem = format!("the case does not answer {service}:{operation}");
        call.problem = Some(problem.clone());
        return (call, harness_error(&service, &id, &problem));
    };
    call.answered_by = Some(file.shown.clone());
    let stack = file
        .shown
        .starts_with("_base/")
        .then_some(answers.stack.as_str());
    match render(file, &id, stack) {
        Ok((content_type, body)) => (call, http_response(file.status, content_type, &id, &body)),
        Err(problem) => {
            let problem = format!("{}: {problem}", file.shown);
            call.problem = Some(problem.clone());
            (call, harness_error(&service, &id, &problem))
        }
    }
}

/// The body and content type AWS would send for a response file.
pub fn render(
    file: &ResponseFile,
    request_id: &str,
    stack: Option<&str>,
) -> Result<(&'static str, String), String> {
    let mut text = std::fs::read_to_string(&file.path).map_err(|e| e.to_string())?;
    if let Some(stack) = stack {
        text = text.replace("{{stack}}", stack);
    }
    match (file.service.as_str(), file.ext) {
        ("elbv2", Ext::Xml) => Ok(("text/xml", text)),
        ("elbv2", Ext::Json) => {
            let value: Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
            Ok(("text/xml", query_xml(&file.operation, &value, request_id)?))
        }
        (_, Ext::Json) => {
            let mut value: Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
            epoch_timestamps(&mut value);
            Ok(("application/x-amz-json-1.1", value.to_string()))
        }
        (service, Ext::Xml) => Err(format!("{service} answers JSON, not XML")),
    }
}

// ---- timestamps ------------------------------------------------------------------------

/// A complete ISO-8601 date-time (`2022-11-29T12:38:08.284000+00:00`,
/// `2016-03-25T21:26:12.920Z`) as seconds and nanoseconds since the epoch.
pub fn parse_iso8601(s: &str) -> Option<(i64, u32)> {
    let b = s.as_bytes();
    if b.len() < 20 {
        return None;
    }
    let num = |from: usize, to: usize| -> Option<i64> {
        let part = s.get(from..to)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())
            .flatten()
    };
    if b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let (y, mo, d) = (num(0, 4)?, num(5, 7)?, num(8, 10)?);
    let (h, mi, se) = (num(11, 13)?, num(14, 16)?, num(17, 19)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || se > 60 {
        return None;
    }
    let mut rest = &s[19..];
    let mut nanos: u32 = 0;
    if let Some(r) = rest.strip_prefix('.') {
        let digits = r.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        let frac = &r[..digits];
        let padded: String = frac.chars().chain(std::iter::repeat('0')).take(9).collect();
        nanos = padded.parse().ok()?;
        rest = &r[digits..];
    }
    let offset: i64 = match rest {
        "Z" | "z" => 0,
        _ => {
            let sign = match rest.as_bytes().first()? {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let o = &rest[1..];
            let (oh, om) = match o.len() {
                5 if o.as_bytes()[2] == b':' => (o.get(0..2)?, o.get(3..5)?),
                4 => (o.get(0..2)?, o.get(2..4)?),
                _ => return None,
            };
            if !(oh.bytes().chain(om.bytes())).all(|c| c.is_ascii_digit()) {
                return None;
            }
            let (oh, om): (i64, i64) = (oh.parse().ok()?, om.parse().ok()?);
            sign * (oh * 3600 + om * 60)
        }
    };
    let days = days_from_civil(y, mo, d);
    Some((days * 86_400 + h * 3600 + mi * 60 + se - offset, nanos))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day since 1970-01-01 (the inverse of [`days_from_civil`]).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

/// A time as AWS's XML carries it: `2016-03-25T21:26:12.920Z` (UTC, milliseconds, or
/// more digits when the time has them).
pub fn format_iso8601_utc(secs: i64, nanos: u32) -> String {
    let (y, mo, d) = civil_from_days(secs.div_euclid(86_400));
    let t = secs.rem_euclid(86_400);
    let frac = if nanos.is_multiple_of(1_000_000) {
        format!("{:03}", nanos / 1_000_000)
    } else {
        format!("{nanos:09}").trim_end_matches('0').to_owned()
    };
    format!(
        "{y:04}-{mo:02}-{d:02}T{:02}:{:02}:{:02}.{frac}Z",
        t / 3600,
        t % 3600 / 60,
        t % 60
    )
}

/// Every string that is a complete ISO-8601 date-time becomes epoch seconds, as JSON
/// protocols carry timestamps.
pub fn epoch_timestamps(value: &mut Value) {
    match value {
        Value::String(s) => {
            if let Some((secs, nanos)) = parse_iso8601(s) {
                *value = if nanos == 0 {
                    Value::from(secs)
                } else {
                    serde_json::Number::from_f64(secs as f64 + f64::from(nanos) / 1e9)
                        .map_or(Value::from(secs), Value::Number)
                };
            }
        }
        Value::Array(items) => items.iter_mut().for_each(epoch_timestamps),
        Value::Object(map) => map.values_mut().for_each(epoch_timestamps),
        _ => {}
    }
}

// ---- awsQuery XML ----------------------------------------------------------------------

pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

fn xml_element(name: &str, value: &Value, out: &mut String) -> Result<(), String> {
    match value {
        Value::Null => {}
        Value::Bool(b) => out.push_str(&format!("<{name}>{b}</{name}>")),
        Value::Number(n) => out.push_str(&format!("<{name}>{n}</{name}>")),
        Value::String(s) => {
            let text = match parse_iso8601(s) {
                Some((secs, nanos)) => format_iso8601_utc(secs, nanos),
                None => xml_escape(s),
            };
            out.push_str(&format!("<{name}>{text}</{name}>"));
        }
        Value::Array(items) => {
            out.push_str(&format!("<{name}>"));
            for item in items {
                xml_element("member", item, out)?;
            }
            out.push_str(&format!("</{name}>"));
        }
        Value::Object(map) if ELBV2_MAP_MEMBERS.contains(&name) => {
            out.push_str(&format!("<{name}>"));
            for (k, v) in map {
                let Value::String(v) = v else {
                    return Err(format!("{name}.{k}: a map of strings"));
                };
                out.push_str(&format!(
                    "<entry><key>{}</key><value>{}</value></entry>",
                    xml_escape(k),
                    xml_escape(v)
                ));
            }
            out.push_str(&format!("</{name}>"));
        }
        Value::Object(map) => {
            out.push_str(&format!("<{name}>"));
            for (k, v) in map {
                if !k.chars().all(|c| c.is_ascii_alphanumeric()) {
                    return Err(format!("`{k}` is not a member name"));
                }
                xml_element(k, v, out)?;
            }
            out.push_str(&format!("</{name}>"));
        }
    }
    Ok(())
}

/// The awsQuery XML response of `operation` whose result is the AWS CLI's JSON output:
/// members as elements, list items as `<member>`, maps as `<entry>`s, times in UTC.
pub fn query_xml(operation: &str, output: &Value, request_id: &str) -> Result<String, String> {
    let Value::Object(members) = output else {
        return Err("the AWS CLI output of a call is a JSON object".into());
    };
    let mut result = String::new();
    for (k, v) in members {
        xml_element(k, v, &mut result)?;
    }
    Ok(format!(
        "<{operation}Response xmlns=\"{ELBV2_XMLNS}\"><{operation}Result>{result}</{operation}Result><ResponseMetadata><RequestId>{request_id}</RequestId></ResponseMetadata></{operation}Response>"
    ))
}
