//! Fault-injecting proxies in front of the local AWS test bed, on loopback: a
//! [`FaultProxy`] answering chosen requests with an AWS error, a [`holding_proxy`] that
//! never answers chosen requests, and a seeded [`ChaosProxy`] (throttling, 5xx, resets,
//! hangs, slow calls, lost responses). The latency proxy of the benchmarks is
//! [`crate::latency`].

// Test support: a proxy that cannot bind is the test's failure (a panic, as in the tests
// themselves); the seed of a randomized test is printed for its replay.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stderr
)]

use std::net::TcpListener;

use crate::http::read_http_message;

/// A fault proxy on loopback in front of the emulator: the first `times` requests whose
/// head or body contains `needle` get an AWS error response (403 AccessDenied, in the
/// query protocol's XML; or, echoing, a JSON-protocol ClientException whose message
/// quotes the request, as AWS's validation messages quote values); every other request
/// goes to the emulator unchanged. The emulator closes each connection after its
/// response, so one request per connection is relayed.
#[derive(Debug)]
pub struct FaultProxy {
    pub port: u16,
    pub injected: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

impl FaultProxy {
    pub fn start(upstream: u16, needle: &'static str, times: usize) -> Self {
        Self::start_slow(upstream, needle, times, std::time::Duration::ZERO)
    }

    /// [`Self::start`], answering a JSON-protocol ClientException that quotes the request.
    pub fn start_echoing(upstream: u16, needle: &'static str, times: usize) -> Self {
        Self::start_with(upstream, needle, times, std::time::Duration::ZERO, true)
    }

    /// [`Self::start`], also holding every relayed request for `delay`.
    pub fn start_slow(
        upstream: u16,
        needle: &'static str,
        times: usize,
        delay: std::time::Duration,
    ) -> Self {
        Self::start_with(upstream, needle, times, delay, false)
    }

    fn start_with(
        upstream: u16,
        needle: &'static str,
        times: usize,
        delay: std::time::Duration,
        echo: bool,
    ) -> Self {
        use std::io::Write;
        use std::sync::Arc;
        use std::sync::atomic::{AtomicUsize, Ordering};
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let injected = Arc::new(AtomicUsize::new(0));
        let count = Arc::clone(&injected);
        std::thread::spawn(move || {
            for client in listener.incoming() {
                let Ok(mut client) = client else { continue };
                let count = Arc::clone(&count);
                std::thread::spawn(move || {
                    let Some(request) = read_http_message(&mut client) else {
                        return;
                    };
                    let text = String::from_utf8_lossy(&request);
                    if text.contains(needle)
                        && count
                            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
                                (n < times).then_some(n + 1)
                            })
                            .is_ok()
                    {
                        if echo {
                            let quoted = text.split("\r\n\r\n").nth(1).unwrap_or_default();
                            let body = serde_json::json!({
                                "__type": "ClientException",
                                "message": format!("1 validation error detected: Value '{quoted}' failed to satisfy constraint"),
                            })
                            .to_string();
                            let _ = write!(
                                client,
                                "HTTP/1.1 400 Bad Request\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                                body.len()
                            );
                            return;
                        }
                        let body = "<ErrorResponse xmlns=\"https://elasticloadbalancing.amazonaws.com/doc/2015-12-01/\"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>injected by the test's fault proxy</Message></Error><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ErrorResponse>";
                        let _ = write!(
                            client,
                            "HTTP/1.1 403 Forbidden\r\nContent-Type: text/xml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                            body.len()
                        );
                        return;
                    }
                    std::thread::sleep(delay);
                    relay(&mut client, &request, upstream);
                });
            }
        });
        Self { port, injected }
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

/// Sends `request` to the emulator on `upstream` and its response back to `client`
/// (the emulator closes each connection after its response).
fn relay(client: &mut std::net::TcpStream, request: &[u8], upstream: u16) {
    use std::io::{Read, Write};
    let Ok(mut up) = std::net::TcpStream::connect(("127.0.0.1", upstream)) else {
        return;
    };
    if up.write_all(request).is_err() {
        return;
    }
    let mut response = Vec::new();
    let _ = up.read_to_end(&mut response);
    let _ = client.write_all(&response);
}

/// Leaves a request unanswered until the client goes (at most two minutes).
fn hold(client: &mut std::net::TcpStream) {
    use std::io::Read;
    let _ = client.set_read_timeout(Some(std::time::Duration::from_secs(120)));
    let mut sink = [0u8; 64];
    let _ = client.read(&mut sink);
}

/// A proxy in front of the test bed that holds every request containing `needle` without
/// an answer (for at most two minutes) and relays the others.
pub fn holding_proxy(upstream: u16, needle: &'static str) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for client in listener.incoming() {
            let Ok(mut client) = client else { continue };
            std::thread::spawn(move || {
                let Some(request) = read_http_message(&mut client) else {
                    return;
                };
                if String::from_utf8_lossy(&request).contains(needle) {
                    hold(&mut client);
                    return;
                }
                relay(&mut client, &request, upstream);
            });
        }
    });
    port
}

/// What a [`ChaosProxy`] does to requests, each a probability per request (they add up
/// to at most 1; the rest go through untouched). Each fault with a rate above 0 also
/// happens once among the first requests, so that every run exercises it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Chaos {
    /// HTTP 400 ThrottlingException (`Throttling` for ELBv2), the request never reaching
    /// the emulator.
    pub throttle: f64,
    /// HTTP 500 or 503, the request never reaching the emulator.
    pub server_error: f64,
    /// The connection closed without an answer, the request never reaching the emulator.
    pub reset: f64,
    /// No answer at all (the connection held open): the caller's attempt timeout ends it.
    pub hang: f64,
    /// Relayed after a delay of `slow_by`.
    pub slow: f64,
    pub slow_by: std::time::Duration,
    /// Relayed (the emulator acts on it), then answered with HTTP 500: a lost response.
    /// Only for the operations in `lost_ops` (all when empty), and never more than
    /// [`MAX_LOST_IN_A_ROW`] times in a row for one operation: what is under test is that
    /// a repeated create duplicates nothing, not that the caller's retries run out (at
    /// 50%, ten losses in a row of one of the retail store's creates failed CI once).
    pub lost: f64,
    pub lost_ops: &'static [&'static str],
    /// Seeds the choices, so that a failure can be replayed.
    pub seed: u64,
}

/// The seed of a randomized test: `var` when set (a replay), else the clock. Printed
/// with the command line that replays it.
pub fn seed_from_env(var: &str) -> u64 {
    let seed = std::env::var(var)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
        });
    eprintln!("seed: {seed} (replay with {var}={seed})");
    seed
}

/// The splitmix64 finalizer: a well-mixed 64-bit value from any input (a few seeded
/// draws do not need a crate).
pub fn splitmix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A small seedable generator (splitmix64's sequence).
#[derive(Debug)]
pub struct Rng(pub u64);

impl Rng {
    // An endless stream of draws, not an iterator of options (the tests' name for it).
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        splitmix64(self.0)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// See [`Chaos::lost`]; below the SDK's default of 10 attempts in the tool.
pub const MAX_LOST_IN_A_ROW: u32 = 4;

/// A fault-injecting proxy in front of the emulator, on a loopback port: each request
/// is relayed or given a fault per [`Chaos`]; what it did is counted per fault and kept
/// per operation.
#[derive(Debug)]
pub struct ChaosProxy {
    pub port: u16,
    pub log: std::sync::Arc<std::sync::Mutex<Vec<(String, &'static str)>>>,
}

impl ChaosProxy {
    pub fn start(upstream: u16, chaos: Chaos) -> Self {
        use std::io::{Read, Write};
        use std::sync::atomic::{AtomicU64, Ordering};
        use std::sync::{Arc, Mutex};
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let log: Arc<Mutex<Vec<(String, &'static str)>>> = Arc::new(Mutex::new(Vec::new()));
        let shared = Arc::clone(&log);
        let counter = Arc::new(AtomicU64::new(0));
        // Losses in a row per operation.
        let streaks: Arc<Mutex<std::collections::HashMap<String, u32>>> = Arc::default();
        std::thread::spawn(move || {
            for client in listener.incoming() {
                let Ok(mut client) = client else { continue };
                let log = Arc::clone(&shared);
                let streaks = Arc::clone(&streaks);
                let n = counter.fetch_add(1, Ordering::SeqCst);
                std::thread::spawn(move || {
                    let Some(request) = read_http_message(&mut client) else {
                        return;
                    };
                    let text = String::from_utf8_lossy(&request).into_owned();
                    let lower = text.to_ascii_lowercase();
                    let json = lower.contains("x-amz-target:");
                    let op = operation(&text);
                    // splitmix64 of (seed, n): a uniform draw in [0, 1).
                    let z = splitmix64(chaos.seed ^ n.wrapping_mul(0x9E37_79B9_7F4A_7C15));
                    let r = (z >> 11) as f64 / (1u64 << 53) as f64;
                    let lost_here =
                        chaos.lost_ops.is_empty() || chaos.lost_ops.contains(&op.as_str());
                    let mut edge = 0.0;
                    let mut pick = |p: f64| {
                        edge += p;
                        r < edge
                    };
                    let outcome: &'static str = if pick(chaos.throttle) {
                        "throttled"
                    } else if pick(chaos.server_error) {
                        "server error"
                    } else if pick(chaos.reset) {
                        "reset"
                    } else if pick(chaos.hang) {
                        "hang"
                    } else if pick(chaos.slow) {
                        "slow"
                    } else if lost_here && pick(chaos.lost) {
                        "lost"
                    } else {
                        "relayed"
                    };
                    // Each fault with a rate happens at least once, whatever the seed: the
                    // 2nd to 6th requests get one each (at 1%, a run of a few hundred
                    // requests had no hang once in CI).
                    let forced = [
                        (2, chaos.throttle, "throttled"),
                        (3, chaos.server_error, "server error"),
                        (4, chaos.reset, "reset"),
                        (5, chaos.hang, "hang"),
                        (6, chaos.slow, "slow"),
                    ];
                    let outcome = forced
                        .iter()
                        .find(|(at, p, _)| *at == n && *p > 0.0)
                        .map_or(outcome, |(_, _, o)| *o);
                    let outcome = if lost_here {
                        let mut streaks = streaks.lock().unwrap();
                        let streak = streaks.entry(op.clone()).or_default();
                        match outcome {
                            "lost" if *streak >= MAX_LOST_IN_A_ROW => {
                                *streak = 0;
                                "relayed"
                            }
                            "lost" => {
                                *streak += 1;
                                "lost"
                            }
                            "relayed" | "slow" => {
                                *streak = 0;
                                outcome
                            }
                            _ => outcome,
                        }
                    } else {
                        outcome
                    };
                    log.lock().unwrap().push((op, outcome));
                    let error = |status: &str, code: &str| {
                        let (ctype, body) = if json {
                            (
                                "application/x-amz-json-1.1",
                                format!(
                                    "{{\"__type\":\"{code}\",\"message\":\"injected by the test's fault proxy\"}}"
                                ),
                            )
                        } else {
                            (
                                "text/xml",
                                format!(
                                    "<ErrorResponse xmlns=\"https://elasticloadbalancing.amazonaws.com/doc/2015-12-01/\"><Error><Type>Sender</Type><Code>{code}</Code><Message>injected by the test's fault proxy</Message></Error><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ErrorResponse>"
                                ),
                            )
                        };
                        format!(
                            "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                            body.len()
                        )
                    };
                    match outcome {
                        "throttled" => {
                            let code = if json {
                                "ThrottlingException"
                            } else {
                                "Throttling"
                            };
                            let _ = client.write_all(error("400 Bad Request", code).as_bytes());
                            return;
                        }
                        "server error" => {
                            let e = if n.is_multiple_of(2) {
                                error("500 Internal Server Error", "InternalFailure")
                            } else {
                                error("503 Service Unavailable", "ServiceUnavailable")
                            };
                            let _ = client.write_all(e.as_bytes());
                            return;
                        }
                        "reset" => return,
                        "hang" => {
                            // Held until the caller gives up (its attempt timeout).
                            let mut sink = [0u8; 64];
                            let _ =
                                client.set_read_timeout(Some(std::time::Duration::from_secs(60)));
                            let _ = client.read(&mut sink);
                            return;
                        }
                        "slow" => std::thread::sleep(chaos.slow_by),
                        _ => {}
                    }
                    let Ok(mut up) = std::net::TcpStream::connect(("127.0.0.1", upstream)) else {
                        return;
                    };
                    if up.write_all(&request).is_err() {
                        return;
                    }
                    let mut response = Vec::new();
                    let _ = up.read_to_end(&mut response);
                    if outcome == "lost" {
                        let _ = client.write_all(
                            error("500 Internal Server Error", "InternalFailure").as_bytes(),
                        );
                        return;
                    }
                    let _ = client.write_all(&response);
                });
            }
        });
        Self { port, log }
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// How many requests got `outcome`.
    pub fn count(&self, outcome: &str) -> usize {
        self.log
            .lock()
            .unwrap()
            .iter()
            .filter(|(_, o)| *o == outcome)
            .count()
    }

    /// The operations that got `outcome`.
    pub fn operations(&self, outcome: &str) -> Vec<String> {
        self.log
            .lock()
            .unwrap()
            .iter()
            .filter(|(_, o)| *o == outcome)
            .map(|(op, _)| op.clone())
            .collect()
    }
}

/// The AWS operation of a request: `X-Amz-Target: Service.Operation` (JSON protocols)
/// or `Action=Operation` (query protocol).
fn operation(request: &str) -> String {
    for line in request.lines() {
        if let Some((k, v)) = line.split_once(':')
            && k.eq_ignore_ascii_case("x-amz-target")
        {
            return v.trim().rsplit('.').next().unwrap_or_default().to_owned();
        }
    }
    request
        .split(['&', '\n'])
        .find_map(|p| p.trim().strip_prefix("Action="))
        .unwrap_or("?")
        .to_owned()
}

/// A proxy that stops a client after a given number of calls that change something: it
/// relays every request, and once `stop_after` requests of operations that change
/// something (see [`changes_something`]) have been let through, it holds the next such
/// request without an answer (for at most two minutes), so that the test can kill the
/// client exactly there; reads still go through. Counts requests as they arrive: with
/// calls in flight at once, the test waits for [`StepProxy::held`] before it kills.
#[derive(Debug, Clone)]
pub struct StepProxy {
    pub port: u16,
    state: std::sync::Arc<std::sync::Mutex<Steps>>,
}

#[derive(Debug, Default)]
struct Steps {
    /// The operations let through that change something, in order.
    passed: Vec<String>,
    /// Of those, how many were answered.
    answered: usize,
    /// The first operation held.
    held: Option<String>,
}

impl StepProxy {
    pub fn start(upstream: u16, stop_after: usize) -> Self {
        use std::sync::{Arc, Mutex};
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let state = Arc::new(Mutex::new(Steps::default()));
        let shared = Arc::clone(&state);
        std::thread::spawn(move || {
            for client in listener.incoming() {
                let Ok(mut client) = client else { continue };
                let state = Arc::clone(&shared);
                std::thread::spawn(move || {
                    let Some(request) = read_http_message(&mut client) else {
                        return;
                    };
                    let op = operation(&String::from_utf8_lossy(&request));
                    let changes = changes_something(&op);
                    if changes {
                        let mut s = state.lock().unwrap();
                        if s.passed.len() >= stop_after {
                            s.held.get_or_insert(op);
                            drop(s);
                            hold(&mut client);
                            return;
                        }
                        s.passed.push(op);
                    }
                    relay(&mut client, &request, upstream);
                    if changes {
                        state.lock().unwrap().answered += 1;
                    }
                });
            }
        });
        Self { port, state }
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The operations that changed something, let through so far.
    pub fn passed(&self) -> Vec<String> {
        self.state.lock().unwrap().passed.clone()
    }

    /// The operation held, once every one let through was answered: the moment to stop
    /// the client.
    pub fn held(&self) -> Option<String> {
        let s = self.state.lock().unwrap();
        (s.answered == s.passed.len())
            .then(|| s.held.clone())
            .flatten()
    }
}

/// Whether an AWS operation changes something, by its name (the verbs of the ECS, ELBv2,
/// Cloud Map, Application Auto Scaling and tagging APIs' writes).
pub fn changes_something(operation: &str) -> bool {
    [
        "Create",
        "Register",
        "Update",
        "Modify",
        "Delete",
        "Deregister",
        "Put",
        "Set",
        "Add",
        "Remove",
        "Tag",
        "Untag",
    ]
    .iter()
    .any(|verb| operation.starts_with(verb))
}
