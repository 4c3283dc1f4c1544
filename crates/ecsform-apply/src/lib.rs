//! Applying a plan: its changes run in dependency order through an [`Executor`], as many
//! at once as allowed. A failed change skips everything that depends on it (each skip
//! names its root cause), independent changes go on, and an interruption stops new
//! changes from starting while running ones finish. The report lists done, failed,
//! skipped and not started.
//!
//! The AWS calls themselves are the executor's (in `ecsform-aws`); this crate only
//! decides what runs when, and is tested with executors of plain values.

use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use ecsform_model::Address;
use ecsform_plan::{Action, Change, Plan};
use futures::stream::{FuturesUnordered, StreamExt};

/// A change that failed: the resource, the call, AWS's code and message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{call} failed for {address}: {code}: {message}")]
pub struct ActionError {
    /// The resource.
    pub address: Address,
    /// The call that failed (`ecs:CreateService`).
    pub call: String,
    /// AWS's error code (or the kind of failure).
    pub code: String,
    /// AWS's message.
    pub message: String,
}

/// Carries out one change.
pub trait Executor: Sync {
    /// Makes live AWS match `change` (waiting where AWS is asynchronous).
    fn execute(&self, change: &Change) -> impl Future<Output = Result<(), ActionError>> + Send;
}

/// Told what happens while a plan is applied (the CLI draws progress from it). Every
/// method has an empty default.
pub trait Progress: Sync {
    /// A change starts.
    fn started(&self, _change: &Change) {}
    /// A change waits for AWS (`what`: "steady state", "Cloud Map operation ..."), for
    /// `elapsed` so far.
    fn waiting(&self, _address: &Address, _what: &str, _elapsed: Duration) {}
    /// A change waits for AWS, with what AWS reports of it (a service deployment: its
    /// running, pending and desired tasks and the latest service event). By default the
    /// same as [`Progress::waiting`].
    fn waiting_on(&self, address: &Address, what: &str, _detail: &str, elapsed: Duration) {
        self.waiting(address, what, elapsed);
    }
    /// A change ended, or was settled without running (skipped, not started).
    fn finished(&self, _address: &Address, _outcome: &Outcome, _elapsed: Duration) {}
}

/// Progress that shows nothing.
#[derive(Debug, Default, Clone, Copy)]
pub struct Silent;

impl Progress for Silent {}

/// What became of one change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing to do (a no-op).
    Unchanged,
    /// Carried out.
    Done,
    /// Failed.
    Failed(ActionError),
    /// Not attempted: something it depends on failed (the root cause).
    Skipped {
        /// The failed change this one waited for, directly or not.
        because: Address,
    },
    /// Not attempted: the apply was interrupted first.
    NotStarted,
}

/// The result of an apply, in the plan's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// Each change and what became of it.
    pub outcomes: Vec<(Address, Outcome)>,
}

impl Report {
    /// Changes with this kind of outcome.
    pub fn count(&self, f: impl Fn(&Outcome) -> bool) -> usize {
        self.outcomes.iter().filter(|(_, o)| f(o)).count()
    }

    /// Whether every change was carried out.
    #[must_use]
    pub fn succeeded(&self) -> bool {
        self.outcomes
            .iter()
            .all(|(_, o)| matches!(o, Outcome::Done | Outcome::Unchanged))
    }
}

/// What stopped an apply early.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// Ctrl-C (SIGINT).
    Interrupt,
    /// SIGTERM: what a CI system sends to a job it cancels or times out (GitLab, GitHub
    /// Actions), `docker stop` and systemd too.
    Terminate,
}

/// Set from a signal handler: no new change starts once it is set. The first stop
/// requested is the one kept (a Ctrl-C after a SIGTERM does not change the cause).
#[derive(Debug, Default)]
pub struct Interrupt(AtomicU8);

impl Interrupt {
    /// Not set.
    #[must_use]
    pub const fn new() -> Self {
        Self(AtomicU8::new(0))
    }

    /// Requests the stop, as Ctrl-C does.
    pub fn set(&self) {
        self.stop(Stop::Interrupt);
    }

    /// Requests the stop, for `why`, unless a stop was requested already.
    pub fn stop(&self, why: Stop) {
        let code = match why {
            Stop::Interrupt => 1,
            Stop::Terminate => 2,
        };
        let _ = self
            .0
            .compare_exchange(0, code, Ordering::SeqCst, Ordering::SeqCst);
    }

    /// Whether a stop was requested.
    #[must_use]
    pub fn is_set(&self) -> bool {
        self.0.load(Ordering::SeqCst) != 0
    }

    /// Why the stop was requested (the first request), if one was.
    #[must_use]
    pub fn cause(&self) -> Option<Stop> {
        match self.0.load(Ordering::SeqCst) {
            0 => None,
            2 => Some(Stop::Terminate),
            _ => Some(Stop::Interrupt),
        }
    }
}

/// The concurrency slot of one running change: how many of its waits are for a
/// client-side rate limiter ([`paced`]).
#[derive(Debug)]
struct Slot {
    paced: AtomicUsize,
    /// Wakes the scheduler when a change starts such a wait (a slot is free).
    wake: Arc<tokio::sync::Notify>,
}

tokio::task_local! {
    static SLOT: Arc<Slot>;
}

/// Leaves the change's slot when dropped.
struct Unpaced(Arc<Slot>);

impl Drop for Unpaced {
    fn drop(&mut self) {
        self.0.paced.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Runs `wait`, a wait for a client-side rate limiter (the executor's calls held until
/// AWS's request bucket has their token), without holding the change's concurrency
/// slot: `--concurrency` bounds the changes working with AWS at once, and a change held
/// by the pacing is not; meanwhile another ready change may start (whose calls may draw
/// on other buckets). Outside [`apply`], just `wait`.
pub async fn paced<F: Future>(wait: F) -> F::Output {
    let slot = SLOT.try_with(Arc::clone).ok();
    let _unpaced = slot.map(|s| {
        s.paced.fetch_add(1, Ordering::SeqCst);
        s.wake.notify_one();
        Unpaced(s)
    });
    wait.await
}

/// The order in which ready changes start: the plan's dependency chains one after the
/// other (from each change nothing depends on, in plan order: what it waits for, depth
/// first, then itself), so that a service's target group, listener rule, service and
/// scalable target go before the next service's, rather than every target group before
/// the first listener rule. With the pacing holding calls for AWS's request buckets
/// (first come, first served), this is what lets the first services, and the calls that
/// depend on them (Application Auto Scaling's), start within seconds of each other.
fn chain_order(
    n: usize,
    waits_for: &[BTreeSet<usize>],
    dependants: &[BTreeSet<usize>],
) -> Vec<usize> {
    fn visit(i: usize, waits_for: &[BTreeSet<usize>], seen: &mut [bool], order: &mut Vec<usize>) {
        if seen[i] {
            return;
        }
        seen[i] = true;
        for &d in &waits_for[i] {
            visit(d, waits_for, seen, order);
        }
        order.push(i);
    }
    let mut seen = vec![false; n];
    let mut order = Vec::with_capacity(n);
    for i in (0..n).filter(|&i| dependants[i].is_empty()) {
        visit(i, waits_for, &mut seen, &mut order);
    }
    for i in 0..n {
        visit(i, waits_for, &mut seen, &mut order);
    }
    order
}

/// Runs the plan's changes through `executor`, at most `concurrency` at once (at least
/// one), each after everything it waits for (`plan.edges`) was carried out. A change
/// whose calls wait for a client-side rate limiter ([`paced`]) does not count while it
/// waits.
pub async fn apply<E: Executor>(
    plan: &Plan,
    executor: &E,
    concurrency: usize,
    interrupt: &Interrupt,
    progress: &dyn Progress,
) -> Report {
    let n = plan.changes.len();
    let index: BTreeMap<&Address, usize> = plan
        .changes
        .iter()
        .enumerate()
        .map(|(i, c)| (&c.address, i))
        .collect();
    let mut waits_for: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); n];
    let mut dependants: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); n];
    for (dependent, dependency) in &plan.edges {
        if let (Some(&a), Some(&b)) = (index.get(dependent), index.get(dependency)) {
            waits_for[a].insert(b);
            dependants[b].insert(a);
        }
    }
    let mut outcomes: Vec<Option<Outcome>> = vec![None; n];
    // No-ops are settled at once: nothing waits on them.
    for (i, c) in plan.changes.iter().enumerate() {
        if c.action == Action::NoOp {
            outcomes[i] = Some(Outcome::Unchanged);
        }
    }
    let settled = |outcomes: &Vec<Option<Outcome>>, i: usize| {
        matches!(outcomes[i], Some(Outcome::Done | Outcome::Unchanged))
    };
    let mut running = FuturesUnordered::new();
    let mut started = vec![false; n];
    let wake = Arc::new(tokio::sync::Notify::new());
    let mut slots: BTreeMap<usize, Arc<Slot>> = BTreeMap::new();
    let working = |slots: &BTreeMap<usize, Arc<Slot>>| {
        slots
            .values()
            .filter(|s| s.paced.load(Ordering::SeqCst) == 0)
            .count()
    };
    let order = chain_order(n, &waits_for, &dependants);
    loop {
        // Start what is ready, chain by chain, up to the bound: at most `concurrency`
        // changes working with AWS and at most as many held by the pacing.
        if !interrupt.is_set() {
            for &i in &order {
                let working = working(&slots);
                if working >= concurrency.max(1) || slots.len() - working >= concurrency.max(1) {
                    break;
                }
                if started[i]
                    || outcomes[i].is_some()
                    || !waits_for[i].iter().all(|&d| settled(&outcomes, d))
                {
                    continue;
                }
                started[i] = true;
                let change = &plan.changes[i];
                progress.started(change);
                let slot = Arc::new(Slot {
                    paced: AtomicUsize::new(0),
                    wake: Arc::clone(&wake),
                });
                slots.insert(i, Arc::clone(&slot));
                running.push(SLOT.scope(slot, async move {
                    let t0 = Instant::now();
                    (i, executor.execute(change).await, t0.elapsed())
                }));
            }
        }
        let next = tokio::select! {
            next = running.next() => next,
            () = wake.notified() => continue,
        };
        let Some((i, result, elapsed)) = next else {
            break;
        };
        slots.remove(&i);
        let address = &plan.changes[i].address;
        match result {
            Ok(()) => {
                let done = Outcome::Done;
                progress.finished(address, &done, elapsed);
                outcomes[i] = Some(done);
            }
            Err(e) => {
                let root = address.clone();
                let failed = Outcome::Failed(e);
                progress.finished(address, &failed, elapsed);
                outcomes[i] = Some(failed);
                // Everything downstream is skipped, naming this root cause.
                let mut stack: Vec<usize> = dependants[i].iter().copied().collect();
                while let Some(j) = stack.pop() {
                    if outcomes[j].is_none() && !started[j] {
                        let skipped = Outcome::Skipped {
                            because: root.clone(),
                        };
                        progress.finished(&plan.changes[j].address, &skipped, Duration::ZERO);
                        outcomes[j] = Some(skipped);
                        stack.extend(dependants[j].iter().copied());
                    }
                }
            }
        }
    }
    let outcomes = plan
        .changes
        .iter()
        .zip(outcomes)
        .map(|(c, o)| (c.address.clone(), o.unwrap_or(Outcome::NotStarted)))
        .collect();
    Report { outcomes }
}

#[cfg(test)]
mod tests;
