#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;
use std::sync::Mutex;
use std::sync::atomic::AtomicUsize;
use std::time::Duration;

use ecsform_model::live::LiveState;
use ecsform_plan::{PlanOptions, plan};
use ecsform_testkit::retail::retail_store;

use super::*;

/// Records what ran, in which order and how many at once; fails the named resources.
struct Recorder {
    failing: BTreeSet<String>,
    order: Mutex<Vec<String>>,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
    interrupt_after: Option<(usize, &'static Interrupt)>,
}

impl Recorder {
    fn new(failing: &[&str]) -> Self {
        Self {
            failing: failing.iter().map(|s| (*s).to_owned()).collect(),
            order: Mutex::new(Vec::new()),
            in_flight: AtomicUsize::new(0),
            max_in_flight: AtomicUsize::new(0),
            interrupt_after: None,
        }
    }
}

impl Executor for Recorder {
    fn execute(&self, change: &Change) -> impl Future<Output = Result<(), ActionError>> + Send {
        let address = change.address.clone();
        async move {
            let now = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
            self.max_in_flight.fetch_max(now, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(5)).await;
            self.in_flight.fetch_sub(1, Ordering::SeqCst);
            let done = {
                let mut order = self.order.lock().unwrap();
                order.push(address.to_string());
                order.len()
            };
            if let Some((n, interrupt)) = self.interrupt_after
                && done >= n
            {
                interrupt.set();
            }
            if self.failing.contains(&address.to_string()) {
                return Err(ActionError {
                    address: address.clone(),
                    call: "elasticloadbalancing:CreateTargetGroup".into(),
                    code: "AccessDenied".into(),
                    message: "not allowed".into(),
                });
            }
            Ok(())
        }
    }
}

fn creates() -> Plan {
    plan(
        &retail_store(),
        &LiveState::default(),
        &PlanOptions::default(),
    )
    .unwrap()
}

#[tokio::test]
async fn everything_runs_in_dependency_order_within_the_bound() {
    let p = creates();
    let rec = Recorder::new(&[]);
    let report = apply(&p, &rec, 3, &Interrupt::default(), &Silent).await;
    assert!(report.succeeded());
    assert_eq!(report.count(|o| *o == Outcome::Done), 13);
    let order = rec.order.lock().unwrap().clone();
    let pos = |a: &Address| order.iter().position(|x| *x == a.to_string()).unwrap();
    for (dependent, dependency) in &p.edges {
        assert!(
            pos(dependency) < pos(dependent),
            "{dependent} ran before {dependency}"
        );
    }
    let max = rec.max_in_flight.load(Ordering::SeqCst);
    assert!(
        (2..=3).contains(&max),
        "independent changes overlap, within the bound: {max}"
    );
}

#[tokio::test]
async fn a_failure_skips_its_dependants_and_the_rest_goes_on() {
    let p = creates();
    let rec = Recorder::new(&["target_group.ui-application"]);
    let report = apply(&p, &rec, 4, &Interrupt::default(), &Silent).await;
    let outcome = |a: &str| {
        report
            .outcomes
            .iter()
            .find(|(x, _)| x.to_string() == a)
            .unwrap()
            .1
            .clone()
    };
    assert!(
        matches!(outcome("target_group.ui-application"), Outcome::Failed(ref e) if e.code == "AccessDenied")
    );
    let root = Address::parse("target_group.ui-application").unwrap();
    for skipped in [
        "listener.retail-store-ecs-ui:80",
        "service.ui",
        "scalable_target.ui",
        "scaling_policy.ui/ui-scaling-policy",
    ] {
        assert_eq!(
            outcome(skipped),
            Outcome::Skipped {
                because: root.clone()
            },
            "{skipped}"
        );
    }
    for done in [
        "service.catalog",
        "service.assets",
        "task_definition.retail-store-ecs-ui",
        "load_balancer.retail-store-ecs-ui",
    ] {
        assert_eq!(outcome(done), Outcome::Done, "{done}");
    }
    assert!(!report.succeeded());
    assert!(
        !rec.order.lock().unwrap().iter().any(|a| a == "service.ui"),
        "skipped changes never run"
    );
}

#[tokio::test]
async fn an_interrupt_lets_running_changes_finish_and_starts_nothing_new() {
    static INTERRUPT: Interrupt = Interrupt::new();
    let p = creates();
    let mut rec = Recorder::new(&[]);
    rec.interrupt_after = Some((3, &INTERRUPT));
    let report = apply(&p, &rec, 1, &INTERRUPT, &Silent).await;
    assert_eq!(report.count(|o| *o == Outcome::Done), 3);
    assert_eq!(report.count(|o| *o == Outcome::NotStarted), 10);
    assert_eq!(rec.order.lock().unwrap().len(), 3);
}

#[tokio::test]
async fn sigterm_stops_like_ctrl_c_and_the_first_cause_is_kept() {
    static TERMINATE: Interrupt = Interrupt::new();
    assert_eq!(TERMINATE.cause(), None);
    let p = creates();
    let rec = Recorder::new(&[]);
    TERMINATE.stop(Stop::Terminate);
    // A Ctrl-C after the SIGTERM does not change why the apply stopped.
    TERMINATE.set();
    assert_eq!(TERMINATE.cause(), Some(Stop::Terminate));
    let report = apply(&p, &rec, 1, &TERMINATE, &Silent).await;
    assert_eq!(report.count(|o| *o == Outcome::NotStarted), 13);
    assert!(rec.order.lock().unwrap().is_empty());

    let ctrl_c = Interrupt::new();
    ctrl_c.set();
    ctrl_c.stop(Stop::Terminate);
    assert_eq!(ctrl_c.cause(), Some(Stop::Interrupt));
}

/// Task definitions wait 10 s for a client-side rate limiter ([`paced`]) before their
/// work; every change's work takes 5 ms.
#[derive(Default)]
struct PacedTaskDefinitions {
    order: Mutex<Vec<String>>,
}

impl Executor for PacedTaskDefinitions {
    fn execute(&self, change: &Change) -> impl Future<Output = Result<(), ActionError>> + Send {
        let address = change.address.to_string();
        async move {
            if address.starts_with("task_definition.") {
                paced(tokio::time::sleep(Duration::from_secs(10))).await;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
            self.order.lock().unwrap().push(address);
            Ok(())
        }
    }
}

#[tokio::test(start_paused = true)]
async fn a_change_held_by_the_pacing_leaves_its_slot_to_others() {
    let p = creates();
    let tds = p
        .changes
        .iter()
        .filter(|c| c.address.to_string().starts_with("task_definition."))
        .count();
    assert!(tds >= 2, "{tds}");
    let rec = PacedTaskDefinitions::default();
    let t0 = tokio::time::Instant::now();
    let report = apply(&p, &rec, 1, &Interrupt::default(), &Silent).await;
    assert!(report.succeeded(), "{report:?}");
    let order = rec.order.into_inner().unwrap();
    // With one slot, changes that do not depend on a held task definition ran while it
    // waited; at most one change is held at a time (as many as the slots), so the task
    // definitions waited one after the other.
    assert!(!order[0].starts_with("task_definition."), "{order:?}");
    let elapsed = t0.elapsed();
    assert!(
        elapsed >= Duration::from_secs(10 * tds as u64)
            && elapsed < Duration::from_secs(10 * tds as u64 + 5),
        "{elapsed:?}"
    );
    assert_eq!(order.len(), p.changes.len());
}

#[tokio::test]
async fn changes_start_chain_by_chain() {
    let p = creates();
    let rec = Recorder::new(&[]);
    let report = apply(&p, &rec, 1, &Interrupt::default(), &Silent).await;
    assert!(report.succeeded());
    let order = rec.order.lock().unwrap().clone();
    let first_service = order
        .iter()
        .position(|a| a.starts_with("service."))
        .unwrap();
    let last_task_definition = order
        .iter()
        .rposition(|a| a.starts_with("task_definition."))
        .unwrap();
    // A service, with what it waits for, before the next service's task definition (the
    // plan lists every task definition first).
    assert!(first_service < last_task_definition, "{order:?}");
    let planned: Vec<String> = p.changes.iter().map(|c| c.address.to_string()).collect();
    assert!(
        planned
            .iter()
            .rposition(|a| a.starts_with("task_definition."))
            < planned.iter().position(|a| a.starts_with("service.")),
        "the plan lists every task definition before the first service: {planned:?}"
    );
}

#[tokio::test]
async fn outside_an_apply_a_paced_wait_is_just_the_wait() {
    assert_eq!(paced(async { 7 }).await, 7);
}
