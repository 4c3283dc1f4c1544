//! A proxy in front of the local AWS test bed that throttles as AWS does: a token bucket
//! per account and action group, refilled at a steady rate, each request taking one
//! token from every bucket its action draws on; a request that finds a bucket empty gets
//! the service's throttling error and never reaches the emulator.
//!
//! The buckets ([`BUCKETS`]) are AWS's documented defaults:
//! - ECS: "Request throttling for the Amazon ECS API"
//!   (<https://docs.aws.amazon.com/AmazonECS/latest/APIReference/request-throttling.html>,
//!   table "Request Token Bucket Sizes and Refill Rates"): all actions of a category share
//!   one bucket per account and Region. Error: HTTP 400, `ThrottlingException`, "Rate
//!   exceeded" (the page's example).
//! - ELBv2: "Request throttling for the ELB API"
//!   (<https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/elb-api-throttling.html>):
//!   a bucket per category (resource-intensive, registration, non-mutating, mutating) and
//!   an account-level bucket that every ELB action shares (40 tokens, 10 a second). Error:
//!   HTTP 400, awsQuery XML error code `Throttling`, "Rate exceeded".
//! - Cloud Map documents one budget only, for `DiscoverInstances` (2,000 tokens, 1,000 a
//!   second; <https://docs.aws.amazon.com/cloud-map/latest/dg/throttling.html>), which
//!   ecsform never calls; Application Auto Scaling documents none
//!   (<https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-quotas.html>
//!   lists resource quotas only). For their other actions this proxy assumes ELB's
//!   figures (reads 40 / 10 a second, writes 20 / 3 a second), the smallest documented
//!   control-plane read and write budgets of the four services apart from ECS's
//!   one-a-second groups: an assumption, marked as such in the table. Error: HTTP 400,
//!   `ThrottlingException` (the services' common error, awsJson1_1).
//!
//! The account is the request's access key (SigV4 `Credential=`), the Region its
//! credential scope's. Refill is continuous (AWS adds the second's tokens at once; the
//! sustained rate is the same). [`ThrottleProxy::shortest_time`] is the least time the
//! buckets allow for the requests admitted so far: for each bucket,
//! `(requests - capacity) / refill` when more than its capacity, the largest over buckets.

// Test support: a proxy that cannot bind is the test's failure (a panic, as in the tests
// themselves).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::http::{Reader, form_params};

/// The four services' protocols as the proxy tells them apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Service {
    Ecs,
    Elb,
    CloudMap,
    AutoScaling,
}

/// One documented bucket: its name, capacity (burst) and refill (tokens a second), and
/// whether the figures are AWS's or this proxy's assumption.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bucket {
    pub service: Service,
    pub name: &'static str,
    pub capacity: f64,
    pub refill: f64,
    pub documented: bool,
    /// The actions drawing on it; empty: every action of the service not in another of
    /// its buckets (for the account-level ELB bucket: every ELB action).
    pub actions: &'static [&'static str],
}

const fn b(
    service: Service,
    name: &'static str,
    capacity: f64,
    refill: f64,
    actions: &'static [&'static str],
) -> Bucket {
    Bucket {
        service,
        name,
        capacity,
        refill,
        documented: true,
        actions,
    }
}

const fn assumed(
    service: Service,
    name: &'static str,
    capacity: f64,
    refill: f64,
    actions: &'static [&'static str],
) -> Bucket {
    Bucket {
        service,
        name,
        capacity,
        refill,
        documented: false,
        actions,
    }
}

/// The name of ELB's account-level bucket, which every ELB action draws on as well.
pub const ELB_ACCOUNT: &str = "elb account-level";

/// AWS's buckets (see the module's documentation for the sources).
pub const BUCKETS: &[Bucket] = &[
    // ECS, "Request Token Bucket Sizes and Refill Rates".
    b(
        Service::Ecs,
        "ecs cluster modify",
        20.0,
        1.0,
        &[
            "CreateCluster",
            "DeleteCluster",
            "PutClusterCapacityProviders",
            "UpdateCluster",
            "UpdateClusterSettings",
        ],
    ),
    b(
        Service::Ecs,
        "ecs cluster read",
        50.0,
        20.0,
        &["DescribeClusters", "ListClusters"],
    ),
    b(
        Service::Ecs,
        "ecs task definition modify",
        20.0,
        1.0,
        &["DeregisterTaskDefinition", "RegisterTaskDefinition"],
    ),
    b(
        Service::Ecs,
        "ecs task definition read",
        50.0,
        20.0,
        &[
            "DescribeTaskDefinition",
            "ListTaskDefinitions",
            "ListTaskDefinitionFamilies",
        ],
    ),
    b(
        Service::Ecs,
        "ecs task definition deletion",
        5.0,
        1.0,
        &["DeleteTaskDefinitions"],
    ),
    b(
        Service::Ecs,
        "ecs capacity provider modify",
        10.0,
        1.0,
        &[
            "CreateCapacityProvider",
            "DeleteCapacityProvider",
            "UpdateCapacityProvider",
        ],
    ),
    b(
        Service::Ecs,
        "ecs capacity provider read",
        50.0,
        20.0,
        &["DescribeCapacityProviders"],
    ),
    b(
        Service::Ecs,
        "ecs tag modify",
        20.0,
        10.0,
        &["TagResource", "UntagResource"],
    ),
    b(
        Service::Ecs,
        "ecs tag read",
        50.0,
        20.0,
        &["ListTagsForResource"],
    ),
    b(
        Service::Ecs,
        "ecs setting modify",
        10.0,
        1.0,
        &[
            "DeleteAccountSetting",
            "PutAccountSetting",
            "PutAccountSettingDefault",
        ],
    ),
    b(
        Service::Ecs,
        "ecs setting read",
        50.0,
        20.0,
        &["ListAccountSettings"],
    ),
    b(
        Service::Ecs,
        "ecs cluster resource modify",
        100.0,
        40.0,
        &[
            "DeleteAttributes",
            "DeregisterContainerInstance",
            "ExecuteCommand",
            "PutAttributes",
            "RunTask",
            "StartTask",
            "StopTask",
            "UpdateContainerAgent",
            "UpdateContainerInstancesState",
        ],
    ),
    b(
        Service::Ecs,
        "ecs cluster resource read",
        100.0,
        20.0,
        &[
            "DescribeContainerInstances",
            "DescribeTasks",
            "ListAttributes",
            "ListContainerInstances",
            "ListTasks",
        ],
    ),
    b(
        Service::Ecs,
        "ecs agent modify",
        200.0,
        120.0,
        &[
            "RegisterContainerInstance",
            "SubmitAttachmentStateChanges",
            "SubmitContainerStateChange",
            "SubmitTaskStateChange",
        ],
    ),
    b(
        Service::Ecs,
        "ecs service modify",
        50.0,
        5.0,
        &["CreateService", "DeleteService", "UpdateService"],
    ),
    b(
        Service::Ecs,
        "ecs service read",
        100.0,
        20.0,
        &["DescribeServices", "ListServices"],
    ),
    b(
        Service::Ecs,
        "ecs service deployment",
        50.0,
        20.0,
        &["DescribeServiceDeployments", "ListServiceDeployments"],
    ),
    b(
        Service::Ecs,
        "ecs service revision",
        50.0,
        20.0,
        &["DescribeServiceRevisions"],
    ),
    b(
        Service::Ecs,
        "ecs task protection",
        200.0,
        80.0,
        &["UpdateTaskProtection", "GetTaskProtection"],
    ),
    b(
        Service::Ecs,
        "ecs cluster service resource read",
        10.0,
        1.0,
        &["ListServicesByNamespace"],
    ),
    // ELBv2, "Request token bucket sizes and refill rates"; uncategorized trust store
    // actions left out (ecsform calls none; they fall in the mutating bucket here).
    b(
        Service::Elb,
        "elb resource-intensive",
        10.0,
        0.2,
        &["CreateLoadBalancer", "SetSubnets"],
    ),
    b(
        Service::Elb,
        "elb registration",
        20.0,
        4.0,
        &["RegisterTargets", "DeregisterTargets"],
    ),
    b(
        Service::Elb,
        "elb non-mutating",
        40.0,
        10.0,
        &[
            "DescribeAccountLimits",
            "DescribeCapacityReservation",
            "DescribeListenerAttributes",
            "DescribeListenerCertificates",
            "DescribeListeners",
            "DescribeLoadBalancerAttributes",
            "DescribeLoadBalancers",
            "DescribeRules",
            "DescribeSSLPolicies",
            "DescribeTags",
            "DescribeTargetGroupAttributes",
            "DescribeTargetGroups",
            "DescribeTargetHealth",
        ],
    ),
    // "generally includes all API actions that are not categorized as non-mutating".
    b(Service::Elb, "elb mutating", 20.0, 3.0, &[]),
    b(Service::Elb, ELB_ACCOUNT, 40.0, 10.0, &[]),
    // Cloud Map and Application Auto Scaling: no documented budget for these actions.
    assumed(
        Service::CloudMap,
        "cloud map reads (assumed)",
        40.0,
        10.0,
        &[
            "GetNamespace",
            "GetService",
            "GetOperation",
            "GetInstance",
            "GetInstancesHealthStatus",
            "ListNamespaces",
            "ListServices",
            "ListInstances",
            "ListOperations",
            "ListTagsForResource",
        ],
    ),
    assumed(
        Service::CloudMap,
        "cloud map writes (assumed)",
        20.0,
        3.0,
        &[],
    ),
    assumed(
        Service::AutoScaling,
        "app autoscaling reads (assumed)",
        40.0,
        10.0,
        &[
            "DescribeScalableTargets",
            "DescribeScalingPolicies",
            "DescribeScheduledActions",
            "DescribeScalingActivities",
            "ListTagsForResource",
        ],
    ),
    assumed(
        Service::AutoScaling,
        "app autoscaling writes (assumed)",
        20.0,
        3.0,
        &[],
    ),
];

/// The buckets a request draws on: its category's (the listed one, else the service's
/// catch-all), and for ELB the account-level one too.
#[must_use]
pub fn buckets_of(service: Service, action: &str) -> Vec<&'static Bucket> {
    let of_service = || BUCKETS.iter().filter(move |b| b.service == service);
    let listed = of_service().find(|b| b.actions.contains(&action));
    let category =
        listed.or_else(|| of_service().find(|b| b.actions.is_empty() && b.name != ELB_ACCOUNT));
    let mut out: Vec<&'static Bucket> = category.into_iter().collect();
    if service == Service::Elb
        && let Some(account) = of_service().find(|b| b.name == ELB_ACCOUNT)
    {
        out.push(account);
    }
    out
}

/// The service and action of a request: `X-Amz-Target: <prefix>.<Action>` for the JSON
/// protocols (ECS `AmazonEC2ContainerServiceV20141113`, Cloud Map
/// `Route53AutoNaming_v20170314`, Application Auto Scaling `AnyScaleFrontendService`),
/// `Action=<Action>` in the form body for ELBv2's query protocol.
#[must_use]
pub fn service_and_action(head: &str, body: &[u8]) -> Option<(Service, String)> {
    let target = head.lines().skip(1).find_map(|line| {
        let (k, v) = line.split_once(':')?;
        k.trim()
            .eq_ignore_ascii_case("x-amz-target")
            .then(|| v.trim().to_owned())
    });
    if let Some(target) = target {
        let (prefix, action) = target.split_once('.')?;
        let service = match prefix {
            p if p.starts_with("AmazonEC2ContainerService") => Service::Ecs,
            p if p.starts_with("Route53AutoNaming") => Service::CloudMap,
            p if p.starts_with("AnyScaleFrontendService") => Service::AutoScaling,
            _ => return None,
        };
        return Some((service, action.to_owned()));
    }
    let body = String::from_utf8_lossy(body);
    form_params(&body)
        .into_iter()
        .find(|(k, _)| k == "Action")
        .map(|(_, v)| (Service::Elb, v))
}

/// The account (access key) and Region of a SigV4-signed request:
/// `Credential=<key>/<date>/<region>/<service>/aws4_request`.
fn account_of(head: &str) -> String {
    head.lines()
        .find_map(|l| l.split_once("Credential=").map(|(_, c)| c))
        .map(|c| {
            let mut parts = c.split('/');
            let key = parts.next().unwrap_or_default();
            let region = parts.nth(1).unwrap_or_default();
            format!("{key}/{region}")
        })
        .unwrap_or_default()
}

/// The budgets a proxy applies: AWS's, or every bucket scaled (tests with small buckets).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Budgets {
    /// Capacity and refill multiplied by this (1: AWS's figures).
    pub scale: f64,
    /// When set, every bucket has this capacity and refill instead.
    pub uniform: Option<(f64, f64)>,
}

impl Budgets {
    /// AWS's documented buckets.
    #[must_use]
    pub const fn aws() -> Self {
        Self {
            scale: 1.0,
            uniform: None,
        }
    }

    /// Every bucket with `capacity` tokens refilled at `refill` a second.
    #[must_use]
    pub const fn uniform(capacity: f64, refill: f64) -> Self {
        Self {
            scale: 1.0,
            uniform: Some((capacity, refill)),
        }
    }

    /// The capacity and refill this proxy gives `bucket`.
    #[must_use]
    pub fn of(&self, bucket: &Bucket) -> (f64, f64) {
        self.uniform.unwrap_or((
            (bucket.capacity * self.scale).max(1.0),
            bucket.refill * self.scale,
        ))
    }
}

#[derive(Debug)]
struct Tokens {
    level: f64,
    at: Instant,
}

#[derive(Debug, Default)]
struct State {
    /// (account, bucket name) -> tokens.
    tokens: BTreeMap<(String, &'static str), Tokens>,
    /// Per action: requests admitted (relayed) and throttled.
    admitted: BTreeMap<(Service, String), usize>,
    throttled: BTreeMap<(Service, String), usize>,
}

/// The throttling proxy: see the module's documentation.
#[derive(Debug)]
pub struct ThrottleProxy {
    pub port: u16,
    pub budgets: Budgets,
    state: Arc<Mutex<State>>,
}

/// The throttling error of `service`, as AWS sends it.
fn throttled_response(service: Service) -> String {
    let (ctype, body) = match service {
        Service::Elb => (
            "text/xml",
            "<ErrorResponse xmlns=\"http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/\"><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ErrorResponse>".to_owned(),
        ),
        _ => (
            "application/x-amz-json-1.1",
            "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}".to_owned(),
        ),
    };
    format!(
        "HTTP/1.1 400 Bad Request\r\nContent-Type: {ctype}\r\nx-amzn-RequestId: 00000000-0000-0000-0000-000000000000\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}

impl ThrottleProxy {
    /// A throttling proxy on loopback in front of the emulator at `upstream`, every
    /// bucket full.
    #[must_use]
    pub fn start(upstream: u16, budgets: Budgets) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let state: Arc<Mutex<State>> = Arc::default();
        let shared = Arc::clone(&state);
        std::thread::spawn(move || {
            for client in listener.incoming() {
                let Ok(mut client) = client else { continue };
                let state = Arc::clone(&shared);
                std::thread::spawn(move || {
                    let Some(request) = Reader::new(&mut client).next_request() else {
                        return;
                    };
                    let identified = service_and_action(&request.head, &request.body);
                    if let Some((service, action)) = &identified {
                        let account = account_of(&request.head);
                        let admitted = {
                            let mut s = state.lock().unwrap();
                            let now = Instant::now();
                            let buckets = buckets_of(*service, action);
                            // Refill, then take one token from each bucket only if every
                            // bucket has one.
                            let mut ok = true;
                            for bucket in &buckets {
                                let (cap, refill) = budgets.of(bucket);
                                let t = s.tokens.entry((account.clone(), bucket.name)).or_insert(
                                    Tokens {
                                        level: cap,
                                        at: now,
                                    },
                                );
                                let dt = now.duration_since(t.at).as_secs_f64();
                                t.level = (t.level + dt * refill).min(cap);
                                t.at = now;
                                ok &= t.level >= 1.0;
                            }
                            if ok {
                                for bucket in &buckets {
                                    if let Some(t) =
                                        s.tokens.get_mut(&(account.clone(), bucket.name))
                                    {
                                        t.level -= 1.0;
                                    }
                                }
                            }
                            let log = if ok {
                                &mut s.admitted
                            } else {
                                &mut s.throttled
                            };
                            *log.entry((*service, action.clone())).or_default() += 1;
                            ok
                        };
                        if !admitted {
                            let _ = client.write_all(throttled_response(*service).as_bytes());
                            return;
                        }
                    }
                    let Ok(mut up) = std::net::TcpStream::connect(("127.0.0.1", upstream)) else {
                        return;
                    };
                    if up.write_all(&request.raw).is_err() {
                        return;
                    }
                    let mut response = Vec::new();
                    let _ = up.read_to_end(&mut response);
                    let _ = client.write_all(&response);
                });
            }
        });
        Self {
            port,
            budgets,
            state,
        }
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Every bucket full again and the counts cleared (a new run).
    pub fn reset(&self) {
        let mut s = self.state.lock().unwrap();
        *s = State::default();
    }

    /// Requests relayed, per `Service:Action`.
    #[must_use]
    pub fn admitted(&self) -> BTreeMap<String, usize> {
        let s = self.state.lock().unwrap();
        s.admitted
            .iter()
            .map(|((svc, a), n)| (format!("{svc:?}:{a}"), *n))
            .collect()
    }

    /// Requests throttled, per `Service:Action`.
    #[must_use]
    pub fn throttled(&self) -> BTreeMap<String, usize> {
        let s = self.state.lock().unwrap();
        s.throttled
            .iter()
            .map(|((svc, a), n)| (format!("{svc:?}:{a}"), *n))
            .collect()
    }

    /// All requests throttled.
    #[must_use]
    pub fn throttled_total(&self) -> usize {
        self.state.lock().unwrap().throttled.values().sum()
    }

    /// All requests relayed.
    #[must_use]
    pub fn admitted_total(&self) -> usize {
        self.state.lock().unwrap().admitted.values().sum()
    }

    /// The least time the buckets allow for the requests admitted so far (one account,
    /// every bucket full at the start), and the bucket that sets it.
    #[must_use]
    pub fn shortest_time(&self) -> (Duration, Option<&'static str>) {
        let s = self.state.lock().unwrap();
        let mut per_bucket: BTreeMap<&'static str, (usize, &'static Bucket)> = BTreeMap::new();
        for ((service, action), n) in &s.admitted {
            for bucket in buckets_of(*service, action) {
                per_bucket.entry(bucket.name).or_insert((0, bucket)).0 += n;
            }
        }
        shortest(&per_bucket, self.budgets)
    }
}

fn shortest(
    per_bucket: &BTreeMap<&'static str, (usize, &'static Bucket)>,
    budgets: Budgets,
) -> (Duration, Option<&'static str>) {
    let mut best = (0.0f64, None);
    for (name, (n, bucket)) in per_bucket {
        let (cap, refill) = budgets.of(bucket);
        let secs = ((*n as f64 - cap).max(0.0)) / refill;
        if secs > best.0 {
            best = (secs, Some(*name));
        }
    }
    (Duration::from_secs_f64(best.0), best.1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_map_to_their_documented_buckets() {
        let names = |s, a| buckets_of(s, a).iter().map(|b| b.name).collect::<Vec<_>>();
        assert_eq!(names(Service::Ecs, "CreateService"), ["ecs service modify"]);
        assert_eq!(
            names(Service::Ecs, "RegisterTaskDefinition"),
            ["ecs task definition modify"]
        );
        assert_eq!(
            names(Service::Elb, "DescribeTags"),
            ["elb non-mutating", ELB_ACCOUNT]
        );
        assert_eq!(
            names(Service::Elb, "CreateTargetGroup"),
            ["elb mutating", ELB_ACCOUNT]
        );
        assert_eq!(
            names(Service::AutoScaling, "RegisterScalableTarget"),
            ["app autoscaling writes (assumed)"]
        );
        // Each ECS action is in one bucket only.
        for bucket in BUCKETS {
            for action in bucket.actions {
                assert_eq!(
                    BUCKETS
                        .iter()
                        .filter(|o| o.service == bucket.service && o.actions.contains(action))
                        .count(),
                    1,
                    "{action}"
                );
            }
        }
    }

    #[test]
    fn requests_are_told_apart_by_target_or_action() {
        let head = "POST / HTTP/1.1\r\nX-Amz-Target: AmazonEC2ContainerServiceV20141113.CreateService\r\n\r\n";
        assert_eq!(
            service_and_action(head, b"{}"),
            Some((Service::Ecs, "CreateService".to_owned()))
        );
        let head = "POST / HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\n";
        assert_eq!(
            service_and_action(head, b"Action=DescribeTags&Version=2015-12-01"),
            Some((Service::Elb, "DescribeTags".to_owned()))
        );
        let head =
            "POST / HTTP/1.1\r\nx-amz-target: AnyScaleFrontendService.PutScalingPolicy\r\n\r\n";
        assert_eq!(
            service_and_action(head, b"{}"),
            Some((Service::AutoScaling, "PutScalingPolicy".to_owned()))
        );
    }

    #[test]
    fn the_shortest_time_is_set_by_the_slowest_bucket() {
        let ecs = buckets_of(Service::Ecs, "RegisterTaskDefinition")[0];
        let mut m = BTreeMap::new();
        // 100 registrations: 20 at once, then one a second: 80 s.
        m.insert(ecs.name, (100, ecs));
        let (t, name) = shortest(&m, Budgets::aws());
        assert_eq!(t, Duration::from_secs(80));
        assert_eq!(name, Some("ecs task definition modify"));
        let (t, _) = shortest(&m, Budgets::uniform(10.0, 5.0));
        assert_eq!(t, Duration::from_secs(18));
    }
}
