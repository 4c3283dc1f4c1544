//! Client-side pacing at AWS's documented request rates, so that ecsform's own calls are
//! not throttled in the first place; and the bound of one call (`--timeout`,
//! `ECSFORM_CALL_TIMEOUT`), counted from when the pacing lets the call go.
//!
//! AWS limits each account's calls per Region with token buckets per action group: a
//! bucket holds a burst of tokens, refilled at a sustained rate, and each call takes one
//! ([Request throttling for the Amazon ECS
//! API](https://docs.aws.amazon.com/AmazonECS/latest/APIReference/request-throttling.html),
//! table "Request Token Bucket Sizes and Refill Rates"; [Request throttling for the ELB
//! API](https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/elb-api-throttling.html),
//! whose every call also takes a token from an account-level bucket). A call past its
//! bucket is answered `ThrottlingException` and retried after a backoff: time lost twice
//! (the backoff overshoots the refill, and the retry is one more call). [`Pacer`] keeps a
//! copy of each documented bucket, starting full, and holds each call until its token
//! exists, first come first served. Application Auto Scaling, Cloud Map and the tagging
//! API document no bucket for the calls ecsform makes: their calls are not paced until
//! AWS throttles them, then at the rate AWS admitted them ([`Pacer`]); the SDK's adaptive
//! retry mode ([`crate::clients`]) retries the throttled calls and slows down after them,
//! as it does for what other clients of the account take from the documented buckets.
//!
//! Waiting for the pacing is not waiting for AWS: `--timeout` bounds a stuck call, so
//! each call's clock ([`CallClock`]) stops while it is held, and each attempt's
//! `ECSFORM_CALL_TIMEOUT` starts when it is sent. The wait is also noted in the task's
//! call log ([`crate::bounds`]: a read or a change whose every call waits for the pacing
//! is not stuck) and told to the apply's scheduler ([`ecsform_apply::paced`]: a change
//! held by the pacing does not take one of the `--concurrency` slots).

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpClient,
    SharedHttpConnector,
};
use aws_smithy_runtime_api::client::orchestrator::HttpRequest;
use aws_smithy_runtime_api::client::result::ConnectorError;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::byte_stream::ByteStream;

/// The name of ELB's account-level bucket, which every ELB call draws on besides its
/// category's.
const ELB_ACCOUNT: &str = "elb account-level";

/// The documented bucket of an action group (the names of `clients::rate_group`): its
/// burst (tokens) and its refill (tokens a second). `None`: AWS documents none.
#[must_use]
pub fn documented(group: &str) -> Option<(f64, f64)> {
    // ECS: "Request Token Bucket Sizes and Refill Rates" (bucket size, refill rate).
    // ELB: "Request token bucket sizes and refill rates" (bucket capacity, refill rate).
    Some(match group {
        "ecs cluster modify" | "ecs task definition modify" => (20.0, 1.0),
        "ecs task definition deletion" => (5.0, 1.0),
        "ecs cluster read"
        | "ecs task definition read"
        | "ecs tag read"
        | "ecs service deployment"
        | "ecs service revision" => (50.0, 20.0),
        "ecs tag modify" => (20.0, 10.0),
        "ecs service modify" => (50.0, 5.0),
        "ecs service read" | "ecs cluster resource read" => (100.0, 20.0),
        "ecs cluster service resource read" => (10.0, 1.0),
        "elb resource-intensive" => (10.0, 0.2),
        "elb registration" => (20.0, 4.0),
        "elb non-mutating" | ELB_ACCOUNT => (40.0, 10.0),
        "elb mutating" => (20.0, 3.0),
        _ => return None,
    })
}

/// The documented buckets a call of `group` takes a token from.
fn buckets_of(group: &'static str) -> Vec<(&'static str, (f64, f64))> {
    let mut out: Vec<(&'static str, (f64, f64))> =
        documented(group).map(|b| (group, b)).into_iter().collect();
    if group.starts_with("elb ")
        && let Some(account) = documented(ELB_ACCOUNT)
    {
        out.push((ELB_ACCOUNT, account));
    }
    out
}

#[derive(Debug, Clone, Copy)]
struct Level {
    /// Tokens left; below 0 when calls hold reservations of tokens still to come.
    tokens: f64,
    at: Instant,
}

/// AWS's documented buckets as this process has drawn on them: each call reserves the
/// next token of every bucket it draws on and waits until the last of them exists.
///
/// A group without a documented bucket is not paced until AWS throttles it twice; then
/// it is paced at the rate AWS admitted its calls between two throttles at least
/// [`LEARN_SPAN`] apart ([`Pacer::answered`]): AWS's bucket was empty at both, so what it
/// admitted in between, one call less, is at most its refill (less when the group's calls
/// paused meanwhile: a rate on the safe side), and the pacer sends a little below it
/// ([`LEARN_MARGIN`]). A rate learned low rises slowly with time: [`PROBE_PER_SEC`] for
/// each second the pacing holds the group's calls (the rate, not the calls, is what
/// limits them) without a throttle; the estimate is renewed at each later throttle.
#[derive(Debug, Default)]
pub struct Pacer {
    levels: Mutex<BTreeMap<&'static str, Level>>,
    learned: Mutex<BTreeMap<&'static str, Learned>>,
}

/// The shortest time between two throttles a rate is learned from (shorter: too few
/// calls to count).
pub const LEARN_SPAN: Duration = Duration::from_secs(2);

/// The share of the rate measured between two throttles that the pacer sends at: a
/// choice (the measurement counts calls over a span that begins and ends with a
/// throttle, so it is never exact; a few percent below it, AWS's bucket refills faster
/// than the pacer draws on it and nothing is throttled).
pub const LEARN_MARGIN: f64 = 0.95;

/// How much a learned rate rises for each second the pacing holds calls without a
/// throttle (a choice: slow enough that the rate needs tens of seconds to overshoot
/// AWS's by what it was set below it, so that one apply meets few throttles; fast enough
/// that a rate learned low, over a span where the group's calls paused, recovers).
pub const PROBE_PER_SEC: f64 = 1.01;

/// What the pacer learned of a group AWS documents no bucket for.
#[derive(Debug, Default)]
struct Learned {
    /// Calls AWS answered without throttling.
    admitted: u64,
    /// The throttle the next rate is counted from: when, and `admitted` then.
    anchor: Option<(Instant, u64)>,
    /// The learned rate (tokens a second) and the bucket's level (no burst: 1 token).
    rate: Option<(f64, Level)>,
    /// When the rate last rose (or was learned, or a call went without waiting): the
    /// probing counts the time since.
    probed: Option<Instant>,
    /// How many times the rate was learned: a call held under an earlier rate reserves
    /// again when it wakes ([`Pacer::reserved_under`]).
    epoch: u64,
}

/// What a call of a group reserved: how long it waits, and under which learned rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ticket {
    /// How long the call waits.
    pub wait: Duration,
    /// The learned rate it was reserved under (0: none, or a documented bucket).
    epoch: u64,
}

impl Pacer {
    /// Reserves a token of each bucket a call of `group` draws on, at `now`: how long
    /// the call must wait for them (zero within the bursts, and for undocumented groups).
    pub fn reserve(&self, group: &'static str, now: Instant) -> Duration {
        self.ticket(group, now).wait
    }

    /// [`Pacer::reserve`], with what the call must show when it wakes
    /// ([`Pacer::reserved_under`]).
    pub fn ticket(&self, group: &'static str, now: Instant) -> Ticket {
        let buckets = buckets_of(group);
        if buckets.is_empty() {
            return self.reserve_learned(group, now);
        }
        Ticket {
            wait: self.reserve_documented(buckets, now),
            epoch: 0,
        }
    }

    /// Whether the rate a call was held under still holds when it wakes: after a
    /// throttle taught a new (lower) rate, the calls held under the old one were let go
    /// too early, and reserve again.
    pub fn reserved_under(&self, group: &'static str, ticket: Ticket) -> bool {
        let learned = self.learned.lock().unwrap_or_else(PoisonError::into_inner);
        learned.get(group).map_or(0, |l| l.epoch) == ticket.epoch
    }

    fn reserve_documented(
        &self,
        buckets: Vec<(&'static str, (f64, f64))>,
        now: Instant,
    ) -> Duration {
        let mut levels = self.levels.lock().unwrap_or_else(PoisonError::into_inner);
        let mut wait = 0.0f64;
        for (name, (capacity, refill)) in buckets {
            // One token kept in reserve for the time a request takes to reach AWS: AWS
            // counts a call when it arrives, this pacer when it sends it, and while AWS's
            // bucket is full its refill is lost, so the pacer would otherwise run ahead.
            let capacity = capacity - 1.0;
            let level = levels.entry(name).or_insert(Level {
                tokens: capacity,
                at: now,
            });
            let elapsed = now.saturating_duration_since(level.at).as_secs_f64();
            level.tokens = (level.tokens + elapsed * refill).min(capacity) - 1.0;
            level.at = level.at.max(now);
            if level.tokens < 0.0 {
                wait = wait.max(-level.tokens / refill);
            }
        }
        Duration::try_from_secs_f64(wait).unwrap_or(Duration::MAX)
    }
}

impl Pacer {
    fn reserve_learned(&self, group: &'static str, now: Instant) -> Ticket {
        let mut learned = self.learned.lock().unwrap_or_else(PoisonError::into_inner);
        let Some(l) = learned.get_mut(group) else {
            return Ticket {
                wait: Duration::ZERO,
                epoch: 0,
            };
        };
        let epoch = l.epoch;
        let Some((rate, level)) = l.rate.as_mut() else {
            return Ticket {
                wait: Duration::ZERO,
                epoch,
            };
        };
        let elapsed = now.saturating_duration_since(level.at).as_secs_f64();
        level.tokens = (level.tokens + elapsed * *rate).min(1.0) - 1.0;
        level.at = level.at.max(now);
        let since = l
            .probed
            .map_or(0.0, |t| now.saturating_duration_since(t).as_secs_f64());
        l.probed = Some(now);
        let wait = if level.tokens < 0.0 {
            // Held: the rate is what limits the group's calls, so it probes upwards.
            *rate *= PROBE_PER_SEC.powf(since);
            Duration::try_from_secs_f64(-level.tokens / *rate).unwrap_or(Duration::MAX)
        } else {
            Duration::ZERO
        };
        Ticket { wait, epoch }
    }

    /// Notes AWS's answer to a call of `group` at `now`: throttled or not. Only groups
    /// without a documented bucket learn from it.
    pub fn answered(&self, group: &'static str, throttled: bool, now: Instant) {
        if documented(group).is_some() {
            return;
        }
        let mut learned = self.learned.lock().unwrap_or_else(PoisonError::into_inner);
        let l = learned.entry(group).or_default();
        if !throttled {
            l.admitted += 1;
            return;
        }
        match l.anchor {
            Some((at, admitted)) if now.saturating_duration_since(at) >= LEARN_SPAN => {
                let span = now.saturating_duration_since(at).as_secs_f64();
                // AWS's bucket held less than a token at both throttles, so it admitted
                // more than `rate x span - 1` and less than `rate x span + 1` calls
                // between them: one call less gives a rate that is not above AWS's. (At
                // least one call: a rate never falls to zero.)
                let calls = l.admitted.saturating_sub(admitted).saturating_sub(1).max(1);
                let rate = calls as f64 / span * LEARN_MARGIN;
                // One token in reserve, as for the documented buckets: the bucket is
                // empty now, and requests reach AWS a little after the pacer lets them go.
                tracing::debug!(target: "ecsform::aws", "{group}: throttled; paced at {rate:.2} a second ({calls} admitted in {span:.1} s)");
                l.probed = Some(now);
                l.epoch += 1;
                l.rate = Some((
                    rate,
                    Level {
                        tokens: -1.0,
                        at: now,
                    },
                ));
                l.anchor = Some((now, l.admitted));
            }
            Some(_) => {}
            None => l.anchor = Some((now, l.admitted)),
        }
    }
}

/// Whether an answer is AWS's throttling error: HTTP 400 (429 for some services) with one
/// of the throttling codes (`clients::THROTTLING_CODES`) as its JSON `__type` or XML
/// `<Code>`.
fn is_throttling(status: u16, body: &[u8]) -> bool {
    if status != 400 && status != 429 {
        return false;
    }
    let text = String::from_utf8_lossy(body);
    crate::clients::THROTTLING_CODES.iter().any(|code| {
        text.contains(&format!("<Code>{code}</Code>"))
            || text.contains(&format!("\"__type\":\"{code}\""))
            || text.contains(&format!("#{code}\""))
    })
}

/// The clock of one call (all its attempts): `--timeout` counts the time since the
/// call started, less the time the pacing held it.
#[derive(Debug)]
pub(crate) struct CallClock {
    started: Instant,
    bound: Duration,
    held: Mutex<Duration>,
}

impl CallClock {
    pub(crate) fn new(bound: Duration) -> Self {
        Self {
            started: Instant::now(),
            bound,
            held: Mutex::new(Duration::ZERO),
        }
    }

    fn hold(&self, d: Duration) {
        let mut held = self.held.lock().unwrap_or_else(PoisonError::into_inner);
        *held = held.saturating_add(d);
    }

    /// What is left of the bound at `now`.
    fn remaining(&self, now: Instant) -> Duration {
        let held = *self.held.lock().unwrap_or_else(PoisonError::into_inner);
        let spent = now
            .saturating_duration_since(self.started)
            .saturating_sub(held);
        self.bound.saturating_sub(spent)
    }
}

/// What a request carries to the pacing connector (in its extensions, put there by the
/// clients' interceptor): its action group and its call's clock.
#[derive(Debug, Clone)]
pub(crate) struct CallTag {
    pub(crate) group: &'static str,
    pub(crate) clock: Arc<CallClock>,
}

/// An attempt that had no complete answer in time: retried, unless the call's bound
/// (`--timeout`) is what ran out.
#[derive(Debug, thiserror::Error)]
#[error("no complete answer within {}{}", crate::bounds::secs(*after), if *call_bound { " (the call's --timeout, ECSFORM_TIMEOUT)" } else { " (one attempt's ECSFORM_CALL_TIMEOUT)" })]
pub(crate) struct NoAnswer {
    after: Duration,
    /// The call's bound ran out: no retry.
    pub(crate) call_bound: bool,
}

/// The SDK's HTTP client with the pacing and the time bounds in front of it.
#[derive(Debug, Clone)]
pub(crate) struct PacedClient {
    inner: SharedHttpClient,
    pacer: Arc<Pacer>,
    attempt: Duration,
}

impl PacedClient {
    pub(crate) fn new(inner: SharedHttpClient, attempt: Duration) -> Self {
        Self {
            inner,
            pacer: Arc::default(),
            attempt,
        }
    }
}

impl HttpClient for PacedClient {
    fn http_connector(
        &self,
        settings: &HttpConnectorSettings,
        components: &RuntimeComponents,
    ) -> SharedHttpConnector {
        SharedHttpConnector::new(PacedConnector {
            inner: self.inner.http_connector(settings, components),
            pacer: Arc::clone(&self.pacer),
            attempt: self.attempt,
        })
    }

    fn validate_base_client_config(
        &self,
        components: &aws_smithy_runtime_api::client::runtime_components::RuntimeComponentsBuilder,
        cfg: &aws_smithy_types::config_bag::ConfigBag,
    ) -> Result<(), aws_smithy_runtime_api::box_error::BoxError> {
        self.inner.validate_base_client_config(components, cfg)
    }

    fn connector_metadata(
        &self,
    ) -> Option<aws_smithy_runtime_api::client::connector_metadata::ConnectorMetadata> {
        self.inner.connector_metadata()
    }
}

#[derive(Debug)]
struct PacedConnector {
    inner: SharedHttpConnector,
    pacer: Arc<Pacer>,
    attempt: Duration,
}

impl HttpConnector for PacedConnector {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        let Some(tag) = request.extension::<CallTag>().cloned() else {
            return self.inner.call(request);
        };
        let inner = self.inner.clone();
        let pacer = Arc::clone(&self.pacer);
        let attempt = self.attempt;
        HttpConnectorFuture::new(async move {
            loop {
                let ticket = pacer.ticket(tag.group, Instant::now());
                let wait = ticket.wait;
                if wait.is_zero() {
                    break;
                }
                tracing::debug!(target: "ecsform::aws", "{}: held {wait:?} by the pacing", tag.group);
                let held = crate::bounds::held(ecsform_apply::paced(tokio::time::sleep(wait)));
                held.await;
                tag.clock.hold(wait);
                if pacer.reserved_under(tag.group, ticket) {
                    break;
                }
            }
            let remaining = tag.clock.remaining(Instant::now());
            if remaining.is_zero() {
                return Err(ConnectorError::timeout(Box::new(NoAnswer {
                    after: tag.clock.bound,
                    call_bound: true,
                })));
            }
            let limit = remaining.min(attempt);
            let exchange = async {
                let mut response = inner.call(request).await?;
                // The whole answer within the bound, not only its head (ecsform's calls
                // have small answers).
                let body = ByteStream::new(response.take_body())
                    .collect()
                    .await
                    .map_err(|e| ConnectorError::io(Box::new(e)))?
                    .into_bytes();
                let throttled = is_throttling(response.status().as_u16(), &body);
                pacer.answered(tag.group, throttled, Instant::now());
                *response.body_mut() = SdkBody::from(body);
                Ok(response)
            };
            match tokio::time::timeout(limit, exchange).await {
                Ok(answer) => answer,
                Err(_) => Err(ConnectorError::timeout(Box::new(NoAnswer {
                    after: if limit < attempt {
                        tag.clock.bound
                    } else {
                        limit
                    },
                    call_bound: limit < attempt,
                }))),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn at(base: Instant, secs: f64) -> Instant {
        base + Duration::from_secs_f64(secs)
    }

    #[test]
    fn a_burst_goes_at_once_then_one_call_per_refill() {
        let pacer = Pacer::default();
        let t0 = Instant::now();
        // ECS registers task definitions from a bucket of 20, refilled at 1 a second
        // (19 at once: one kept in reserve).
        let waits: Vec<Duration> = (0..23)
            .map(|_| pacer.reserve("ecs task definition modify", t0))
            .collect();
        assert!(waits[..19].iter().all(Duration::is_zero), "{waits:?}");
        assert_eq!(
            &waits[19..],
            &[
                Duration::from_secs(1),
                Duration::from_secs(2),
                Duration::from_secs(3),
                Duration::from_secs(4)
            ]
        );
        // 10 s later 6 tokens are back (10 refilled, 4 of them reserved already).
        let later: Vec<Duration> = (0..7)
            .map(|_| pacer.reserve("ecs task definition modify", at(t0, 10.0)))
            .collect();
        assert!(later[..6].iter().all(Duration::is_zero), "{later:?}");
        assert_eq!(later[6], Duration::from_secs(1));
    }

    #[test]
    fn groups_have_their_own_buckets_and_elb_shares_its_account_level_one() {
        let pacer = Pacer::default();
        let t0 = Instant::now();
        for _ in 0..19 {
            assert!(pacer.reserve("ecs task definition modify", t0).is_zero());
        }
        // Reading services is another bucket: not held by the registrations.
        assert!(pacer.reserve("ecs service read", t0).is_zero());
        // ELB: 39 non-mutating calls empty the account-level bucket (40, 10 a second)
        // too, so a mutating call (its own bucket full) waits for the account's.
        for _ in 0..39 {
            assert!(pacer.reserve("elb non-mutating", t0).is_zero());
        }
        assert_eq!(
            pacer.reserve("elb mutating", t0),
            Duration::from_millis(100)
        );
    }

    #[test]
    fn undocumented_groups_are_not_paced_and_a_full_bucket_stays_at_its_burst() {
        let pacer = Pacer::default();
        let t0 = Instant::now();
        for _ in 0..1000 {
            assert!(pacer.reserve("application-autoscaling write", t0).is_zero());
        }
        // An hour idle refills no more than the burst (service modify: 50, 5 a second).
        for _ in 0..50 {
            pacer.reserve("ecs service modify", t0);
        }
        let later = at(t0, 3600.0);
        for _ in 0..49 {
            assert!(pacer.reserve("ecs service modify", later).is_zero());
        }
        assert_eq!(
            pacer.reserve("ecs service modify", later),
            Duration::from_millis(200)
        );
    }

    #[test]
    fn an_undocumented_group_is_paced_at_the_rate_aws_admitted_between_two_throttles() {
        let pacer = Pacer::default();
        let t0 = Instant::now();
        let group = "application-autoscaling write";
        for _ in 0..20 {
            pacer.answered(group, false, t0);
        }
        pacer.answered(group, true, t0);
        // One throttle: nothing learned yet.
        assert!(pacer.reserve(group, t0).is_zero());
        // 13 admitted in the next 4 s, then throttled again: at most (13 - 1) / 4 = 3 a
        // second.
        for i in 0..13 {
            pacer.answered(group, false, at(t0, f64::from(i) / 3.0));
        }
        // A throttle too soon after the first teaches nothing.
        pacer.answered(group, true, at(t0, 1.0));
        assert!(pacer.reserve(group, at(t0, 1.0)).is_zero());
        pacer.answered(group, true, at(t0, 4.0));
        let t = at(t0, 4.0);
        let waits: Vec<Duration> = (0..3).map(|_| pacer.reserve(group, t)).collect();
        // Sent a little below it: 2.85 a second.
        let third = Duration::from_secs(1).div_f64(3.0 * LEARN_MARGIN);
        // One token in reserve: the first waits two calls' time.
        for (w, n) in waits.iter().zip(2u32..) {
            assert!(
                w.abs_diff(third * n) < Duration::from_millis(1),
                "{waits:?}"
            );
        }
        // Admitted calls do not raise the rate; time spent held does, 1% a second. 30
        // more calls held at 4 s (34 tokens owed); at 9 s, 5 s of refill later, the next
        // one owes 20.75 tokens, at a rate 1.01^5 higher.
        for _ in 0..70 {
            pacer.answered(group, false, t);
        }
        for _ in 0..30 {
            assert!(!pacer.reserve(group, t).is_zero());
        }
        let rate = 3.0 * LEARN_MARGIN;
        let owed = 34.0 - 5.0 * rate + 1.0;
        let next = pacer.reserve(group, at(t0, 9.0));
        let expected = Duration::from_secs_f64(owed / (rate * PROBE_PER_SEC.powi(5)));
        assert!(
            next.abs_diff(expected) < Duration::from_millis(1),
            "{next:?}, {expected:?}"
        );
        // A call that does not wait (the rate is not what limits them) raises nothing.
        let idle = at(t0, 100.0);
        assert!(pacer.reserve(group, idle).is_zero());
        let after = pacer.reserve(group, idle);
        let expected = Duration::from_secs_f64(1.0 / (rate * PROBE_PER_SEC.powi(5)));
        assert!(
            after.abs_diff(expected) < Duration::from_millis(1),
            "{after:?}, {expected:?}"
        );
        // Documented groups learn nothing from throttles.
        pacer.answered("ecs service read", true, t0);
        pacer.answered("ecs service read", true, at(t0, 10.0));
        assert!(pacer.reserve("ecs service read", at(t0, 10.0)).is_zero());
    }

    /// A simulated AWS bucket of a rate the pacer is not told (20 tokens, 3 a second, as
    /// the test kit's proxy assumes for Application Auto Scaling), 300 calls wanted at 6 a
    /// second, each throttled call retried a second later: the pacer learns the rate from
    /// the first throttles and then stays below it.
    #[test]
    fn a_learned_rate_keeps_the_throttles_few_and_the_calls_near_the_buckets_pace() {
        use std::cmp::Reverse;
        use std::collections::BinaryHeap;
        let pacer = Pacer::default();
        let group = "application-autoscaling write";
        let t0 = Instant::now();
        let (capacity, refill) = (20.0f64, 3.0f64);
        let (mut tokens, mut filled) = (capacity, 0.0f64);
        // (when in microseconds, call, the ticket it was held with, if any)
        let mut events: BinaryHeap<Reverse<(u64, u32, Option<usize>)>> = (0..300u32)
            .map(|i| Reverse((u64::from(i) * 1_000_000 / 6, i, None)))
            .collect();
        let mut tickets: Vec<Ticket> = Vec::new();
        let (mut throttled, mut last) = (0u32, 0.0f64);
        while let Some(Reverse((us, call, held))) = events.pop() {
            let secs = us as f64 / 1e6;
            let now = at(t0, secs);
            // As the connector: a call woken under an earlier rate reserves again.
            let woken = held.is_some_and(|n| pacer.reserved_under(group, tickets[n]));
            if !woken {
                let ticket = pacer.ticket(group, now);
                if !ticket.wait.is_zero() {
                    tickets.push(ticket);
                    events.push(Reverse((
                        us + ticket.wait.as_micros() as u64,
                        call,
                        Some(tickets.len() - 1),
                    )));
                    continue;
                }
            }
            tokens = (tokens + (secs - filled) * refill).min(capacity);
            filled = secs;
            if tokens >= 1.0 {
                tokens -= 1.0;
                pacer.answered(group, false, now);
                last = secs;
            } else {
                throttled += 1;
                pacer.answered(group, true, now);
                events.push(Reverse((us + 1_000_000, call, None)));
            }
        }
        // The shortest: 20 at once, 280 at 3 a second.
        let shortest = (300.0 - capacity) / refill;
        assert!(
            throttled <= 20,
            "{throttled} throttled, last call at {last:.1} s"
        );
        assert!(
            last <= shortest * 1.15,
            "last call at {last:.1} s, shortest {shortest:.1} s"
        );
    }

    #[test]
    fn throttling_answers_are_told_by_their_code() {
        assert!(is_throttling(
            400,
            br#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#
        ));
        assert!(is_throttling(
            400,
            b"<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error></ErrorResponse>"
        ));
        assert!(is_throttling(
            400,
            br#"{"__type":"com.amazonaws.ecs#ThrottlingException"}"#
        ));
        assert!(!is_throttling(
            400,
            br#"{"__type":"ClusterNotFoundException","message":"Throttling"}"#
        ));
        assert!(!is_throttling(200, br#"{"__type":"ThrottlingException"}"#));
    }

    #[test]
    fn the_calls_clock_stops_while_the_pacing_holds_it() {
        let clock = CallClock::new(Duration::from_secs(30));
        let t0 = clock.started;
        clock.hold(Duration::from_secs(50));
        assert_eq!(clock.remaining(at(t0, 60.0)), Duration::from_secs(20));
        assert_eq!(clock.remaining(at(t0, 90.0)), Duration::ZERO);
    }
}
