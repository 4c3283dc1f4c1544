//! Time bounds with a clear failure: a read of live AWS, or one change of an apply, that
//! runs past its bound ends with an error naming the call that was waiting, the endpoint
//! it was sent to and the resource, instead of hanging.
//!
//! The clients' interceptor notes each call in the [`CallLog`] of the task that makes it
//! (a task-local value, set by [`bounded`] and [`Bounded`] for what they run): the call,
//! the endpoint its request went to, since when it waits. When the bound passes, the
//! oldest call still waiting is the one reported. The SDK's errors use the same log to
//! name the endpoint ([`crate::AwsError::from_sdk`]).

use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use tokio::time::Instant;

use ecsform_apply::{ActionError, Executor};
use ecsform_plan::Change;

use crate::clients::AwsError;

/// One call as the log knows it.
#[derive(Debug, Clone)]
pub(crate) struct CallRecord {
    /// `ecs:DescribeClusters`.
    pub call: String,
    /// `scheme://host[:port]` of the last request sent, when one was sent.
    pub endpoint: Option<String>,
    /// When the call started.
    pub since: Instant,
}

/// The calls of one bounded read or change.
#[derive(Debug, Default)]
pub(crate) struct CallLog {
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    in_flight: BTreeMap<u64, CallRecord>,
    /// The endpoint each service's requests went to, by the call's prefix (`ecs`).
    endpoints: BTreeMap<String, String>,
    /// The call that started last.
    last: Option<CallRecord>,
    /// Calls held by the client-side pacing ([`held`]) now.
    held: usize,
    /// Time during which every call in flight was held by the pacing: the bound's clock
    /// stops then.
    paused: Duration,
    /// Since when every call in flight is held, if they are.
    paused_since: Option<Instant>,
}

impl Inner {
    /// Starts or ends a pause after the calls in flight or held changed.
    fn repause(&mut self) {
        let all_held = self.held > 0 && self.held >= self.in_flight.len();
        match (all_held, self.paused_since) {
            (true, None) => self.paused_since = Some(Instant::now()),
            (false, Some(since)) => {
                self.paused += since.elapsed();
                self.paused_since = None;
            }
            _ => {}
        }
    }
}

tokio::task_local! {
    static CALLS: Arc<CallLog>;
}

/// Runs `f` on the log of the current task, if it has one.
pub(crate) fn with_log<R>(f: impl FnOnce(&CallLog) -> R) -> Option<R> {
    CALLS.try_with(|log| f(log)).ok()
}

impl CallLog {
    fn lock(&self) -> Option<std::sync::MutexGuard<'_, Inner>> {
        self.inner.lock().ok()
    }

    pub(crate) fn started(&self, id: u64, call: String) {
        if let Some(mut i) = self.lock() {
            let record = CallRecord {
                call,
                endpoint: None,
                since: Instant::now(),
            };
            i.last = Some(record.clone());
            i.in_flight.insert(id, record);
            i.repause();
        }
    }

    pub(crate) fn sent(&self, id: u64, endpoint: String) {
        if let Some(mut i) = self.lock() {
            let Some(record) = i.in_flight.get_mut(&id) else {
                return;
            };
            record.endpoint = Some(endpoint.clone());
            let prefix = record.call.split(':').next().unwrap_or_default().to_owned();
            let call = record.call.clone();
            if let Some(last) = i.last.as_mut().filter(|l| l.call == call) {
                last.endpoint = Some(endpoint.clone());
            }
            i.endpoints.insert(prefix, endpoint);
        }
    }

    pub(crate) fn finished(&self, id: u64) {
        if let Some(mut i) = self.lock() {
            i.in_flight.remove(&id);
            i.repause();
        }
    }

    fn hold(&self, by: isize) {
        if let Some(mut i) = self.lock() {
            i.held = i.held.saturating_add_signed(by);
            i.repause();
        }
    }

    /// How long every call in flight was held by the pacing, so far.
    fn paused(&self) -> Duration {
        self.lock().map_or(Duration::ZERO, |i| {
            i.paused + i.paused_since.map_or(Duration::ZERO, |s| s.elapsed())
        })
    }

    /// The endpoint the requests of a service (`ecs`) went to.
    pub(crate) fn endpoint_of(&self, prefix: &str) -> Option<String> {
        self.lock().and_then(|i| i.endpoints.get(prefix).cloned())
    }

    /// The call waiting longest, else the last one started.
    fn oldest(&self) -> Option<CallRecord> {
        let i = self.lock()?;
        i.in_flight
            .values()
            .min_by_key(|r| r.since)
            .cloned()
            .or_else(|| i.last.clone())
    }

    /// The error of a bound that passed: `resource` is what was being read or changed.
    fn timed_out(&self, bound: Duration, resource: &str, limit: &str) -> AwsError {
        let Some(r) = self.oldest() else {
            return AwsError {
                resource: resource.to_owned(),
                call: "ecsform:timeout",
                code: "Timeout".to_owned(),
                message: format!("network: no call finished in time; {limit}"),
            };
        };
        let endpoint = r.endpoint.unwrap_or_else(|| "the endpoint".to_owned());
        let age = r.since.elapsed();
        let message = if age >= bound / 2 {
            format!(
                "network: no answer from {endpoint} in {}: it accepted the connection and \
                 never answered, or the connection could not be made; {limit}",
                secs(age)
            )
        } else {
            format!(
                "network: AWS answered too slowly (or throttled) to finish in time: the last \
                 call, to {endpoint}, was waiting for {}; {limit}",
                secs(age)
            )
        };
        AwsError {
            resource: resource.to_owned(),
            call: intern(r.call),
            code: "Timeout".to_owned(),
            message,
        }
    }
}

/// Ends a call's hold in its log when dropped.
struct Release(Option<Arc<CallLog>>);

impl Drop for Release {
    fn drop(&mut self) {
        if let Some(log) = &self.0 {
            log.hold(-1);
        }
    }
}

/// Runs `wait`, a call held by the client-side pacing ([`crate::pace`]), noted in the
/// task's call log: while every call of a bounded read or change is held, its bound's
/// clock stops (the bound is for AWS not answering, not for AWS's documented rates).
pub(crate) async fn held<F: Future>(wait: F) -> F::Output {
    let log = CALLS.try_with(Arc::clone).ok();
    if let Some(l) = &log {
        l.hold(1);
    }
    let _release = Release(log);
    wait.await
}

/// Runs `run` until it ends or `bound` passes, the time during which every call of `log`
/// was held by the pacing not counted; `None` past the bound.
async fn within<T>(log: &CallLog, bound: Duration, run: impl Future<Output = T>) -> Option<T> {
    let start = Instant::now();
    let mut run = std::pin::pin!(run);
    loop {
        let deadline = start + bound + log.paused();
        match tokio::time::timeout_at(deadline, &mut run).await {
            Ok(v) => return Some(v),
            Err(_) if start + bound + log.paused() > Instant::now() => {}
            Err(_) => return None,
        }
    }
}

/// What a bounded read gets beyond its bound (see [`bounded`]).
pub const GRACE: Duration = Duration::from_millis(250);

/// Seconds for messages: `30 s`, `2.5 s`.
pub(crate) fn secs(d: Duration) -> String {
    let s = d.as_secs_f64();
    if (s - s.round()).abs() < 0.05 {
        format!("{} s", s.round())
    } else {
        format!("{s:.1} s")
    }
}

/// A call's name as a `&'static str`, for [`AwsError::call`]: each distinct name (one
/// per AWS operation ecsform calls, a few dozen) is kept once for the process.
pub(crate) fn intern(name: String) -> &'static str {
    static NAMES: OnceLock<Mutex<BTreeSet<&'static str>>> = OnceLock::new();
    let Ok(mut names) = NAMES.get_or_init(Mutex::default).lock() else {
        return "ecsform:call";
    };
    if let Some(known) = names.get(name.as_str()) {
        return known;
    }
    let leaked: &'static str = Box::leak(name.into_boxed_str());
    names.insert(leaked);
    leaked
}

/// Runs a read of live AWS within `bound`; past it, an error naming the call that was
/// waiting, its endpoint and `resource` (what was being read).
///
/// Each call of the read also ends within `bound` by itself (the clients' operation
/// timeout, [`crate::Clients::from_env`]), with an error that names its own resource; the
/// read as a whole gets [`GRACE`] more, so that when the first call hangs, that call's
/// error is the one reported.
///
/// # Errors
/// The read's own error, or the bound's.
pub async fn bounded<T, F>(bound: Duration, resource: &str, read: F) -> Result<T, AwsError>
where
    F: Future<Output = Result<T, AwsError>>,
{
    let log = Arc::new(CallLog::default());
    let run = CALLS.scope(Arc::clone(&log), read);
    match within(&log, bound.saturating_add(GRACE), run).await {
        Some(result) => result,
        None => Err(log.timed_out(
            bound,
            resource,
            &format!(
                "reading live AWS stops after {} (--timeout, ECSFORM_TIMEOUT)",
                secs(bound)
            ),
        )),
    }
}

/// An executor whose every change ends within a bound: past it, the change fails with
/// the call that was waiting and its endpoint (and, like any failure, skips its
/// dependants). Also gives the SDK's errors of the change their endpoint.
#[derive(Debug)]
pub struct Bounded<E> {
    inner: E,
    bound: Duration,
}

impl<E> Bounded<E> {
    /// `inner`, each change bounded by `bound`.
    pub const fn new(inner: E, bound: Duration) -> Self {
        Self { inner, bound }
    }

    /// The executor it bounds.
    pub const fn inner(&self) -> &E {
        &self.inner
    }
}

impl<E: Executor> Executor for Bounded<E> {
    async fn execute(&self, change: &Change) -> Result<(), ActionError> {
        let log = Arc::new(CallLog::default());
        let run = CALLS.scope(Arc::clone(&log), self.inner.execute(change));
        match within(&log, self.bound, run).await {
            Some(result) => result,
            None => {
                let e = log.timed_out(
                    self.bound,
                    &change.address.to_string(),
                    &format!(
                        "a change stops after {} (--wait-timeout + --timeout)",
                        secs(self.bound)
                    ),
                );
                Err(ActionError {
                    address: change.address.clone(),
                    call: e.call.to_owned(),
                    code: e.code,
                    message: e.message,
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_read_past_its_bound_names_the_waiting_call_and_its_endpoint() {
        let err = bounded(Duration::from_secs(3), "stack demo", async {
            with_log(|l| {
                l.started(1, "ecs:DescribeClusters".into());
                l.sent(1, "http://127.0.0.1:9".into());
            });
            std::future::pending::<Result<(), AwsError>>().await
        })
        .await
        .unwrap_err();
        assert_eq!(err.call, "ecs:DescribeClusters");
        assert_eq!(err.resource, "stack demo");
        assert_eq!(err.code, "Timeout");
        assert!(
            err.message
                .starts_with("network: no answer from http://127.0.0.1:9 in 3."),
            "{}",
            err.message
        );
        assert!(err.message.contains("stops after 3 s"), "{}", err.message);
    }

    #[tokio::test(start_paused = true)]
    async fn a_read_within_its_bound_is_untouched() {
        let v = bounded(Duration::from_secs(3), "stack demo", async {
            tokio::time::sleep(Duration::from_secs(1)).await;
            Ok(7)
        })
        .await
        .unwrap();
        assert_eq!(v, 7);
    }

    #[tokio::test(start_paused = true)]
    async fn time_held_by_the_pacing_does_not_count_against_the_bound() {
        let started = Instant::now();
        let v = bounded(Duration::from_secs(3), "stack demo", async {
            with_log(|l| l.started(1, "ecs:RegisterTaskDefinition".into()));
            held(tokio::time::sleep(Duration::from_secs(10))).await;
            tokio::time::sleep(Duration::from_secs(2)).await;
            with_log(|l| l.finished(1));
            Ok(7)
        })
        .await
        .unwrap();
        assert_eq!(v, 7);
        assert_eq!(started.elapsed(), Duration::from_secs(12));
        // Held, then no answer: the bound's 3 s (and the grace) count from the end of the
        // hold.
        let started = Instant::now();
        let err = bounded(Duration::from_secs(3), "stack demo", async {
            with_log(|l| l.started(2, "ecs:RegisterTaskDefinition".into()));
            held(tokio::time::sleep(Duration::from_secs(10))).await;
            std::future::pending::<Result<(), AwsError>>().await
        })
        .await
        .unwrap_err();
        assert_eq!(err.code, "Timeout");
        assert_eq!(started.elapsed(), Duration::from_secs(13) + GRACE);
        // A call held while another is in flight: the other's wait counts.
        let started = Instant::now();
        let err = bounded(Duration::from_secs(3), "stack demo", async {
            with_log(|l| {
                l.started(3, "ecs:DescribeServices".into());
                l.started(4, "ecs:RegisterTaskDefinition".into());
            });
            held(tokio::time::sleep(Duration::from_secs(10))).await;
            Ok::<(), AwsError>(())
        })
        .await
        .unwrap_err();
        assert_eq!(err.call, "ecs:DescribeServices");
        assert_eq!(started.elapsed(), Duration::from_secs(3) + GRACE);
    }

    /// A change whose call never answers.
    struct Hangs;

    impl Executor for Hangs {
        async fn execute(&self, _change: &Change) -> Result<(), ActionError> {
            with_log(|l| {
                l.started(7, "ecs:CreateService".into());
                l.sent(7, "https://ecs.us-east-1.amazonaws.com".into());
            });
            std::future::pending().await
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_change_past_its_bound_fails_naming_the_call_endpoint_and_resource() {
        let desired = ecsform_testkit::retail::retail_store();
        let plan = ecsform_plan::plan(
            &desired,
            &ecsform_model::live::LiveState::default(),
            &ecsform_plan::PlanOptions::default(),
        )
        .unwrap();
        let change = plan
            .changes
            .iter()
            .find(|c| c.address.to_string() == "service.ui")
            .unwrap();
        let bounded = Bounded::new(Hangs, Duration::from_secs(930));
        let started = Instant::now();
        let err = bounded.execute(change).await.unwrap_err();
        assert_eq!(started.elapsed(), Duration::from_secs(930));
        assert_eq!(err.address.to_string(), "service.ui");
        assert_eq!(err.call, "ecs:CreateService");
        assert_eq!(err.code, "Timeout");
        assert!(
            err.message.starts_with(
                "network: no answer from https://ecs.us-east-1.amazonaws.com in 930 s"
            ),
            "{}",
            err.message
        );
        assert!(
            err.message
                .ends_with("a change stops after 930 s (--wait-timeout + --timeout)"),
            "{}",
            err.message
        );
    }

    #[test]
    fn names_are_interned_once() {
        let a = intern("ecs:ListServices".to_owned());
        let b = intern("ecs:ListServices".to_owned());
        assert!(std::ptr::eq(a, b));
    }
}
