//! Progress of an apply on stderr: a live display on a terminal (one line per running
//! change, with the time it has waited and what AWS reports of the wait, e.g. a service
//! deployment's running, pending and desired tasks and the latest service event), plain
//! timestamped lines otherwise (CI logs), repeated every 10 s and when the report changes.
//! indicatif draws the live display: redrawing several lines in place is its whole job.

use std::collections::BTreeMap;
use std::io::Write;
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use ecsform_apply::{Outcome, Progress};
use ecsform_model::Address;
use ecsform_plan::{Action, Change, ReplaceOrder};
use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How often a plain-lines display repeats that a change is still waiting.
const PLAIN_WAIT_EVERY: Duration = Duration::from_secs(10);

/// The verbs of an action: while running and once done.
fn verbs(action: &Action) -> (&'static str, &'static str) {
    match action {
        Action::NoOp => ("checking", "unchanged"),
        Action::Create => ("creating", "created"),
        Action::Update => ("updating", "updated"),
        Action::Replace {
            order: ReplaceOrder::CreateBeforeDestroy,
            ..
        } => ("replacing (create, then delete)", "replaced"),
        Action::Replace { .. } => ("replacing (delete, then create)", "replaced"),
        Action::Delete => ("deleting", "deleted"),
    }
}

/// `HH:MM:SSZ` of now, in UTC (CI logs compare across machines).
fn timestamp() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
        % 86_400;
    format!("{:02}:{:02}:{:02}Z", secs / 3600, secs / 60 % 60, secs % 60)
}

struct Running {
    verbs: (&'static str, &'static str),
    bar: Option<ProgressBar>,
    last_wait_line: Option<Instant>,
    /// What the last plain wait line reported (a new report is shown at once).
    last_detail: Option<String>,
}

/// The display.
pub struct Display {
    live: Option<MultiProgress>,
    running: Mutex<BTreeMap<Address, Running>>,
    /// Sensitive values, masked in every line (an AWS error message may quote a value
    /// of the request).
    sensitive: Vec<String>,
}

impl Display {
    /// A live display when `live` (stderr is a terminal) and the terminal can redraw
    /// (indicatif hides itself on a `dumb` or unknown TERM: then plain lines, which are
    /// never lost), plain lines otherwise.
    pub fn new(live: bool, sensitive: Vec<String>) -> Self {
        let target = ProgressDrawTarget::stderr();
        Self {
            live: (live && !target.is_hidden()).then(|| MultiProgress::with_draw_target(target)),
            running: Mutex::new(BTreeMap::new()),
            sensitive,
        }
    }

    /// A finished line: above the live lines, or a timestamped plain line.
    fn line(&self, text: &str) {
        let text = &crate::output::mask_text(text, &self.sensitive);
        match &self.live {
            Some(multi) => {
                let _ = multi.println(text);
            }
            None => {
                let _ = writeln!(std::io::stderr().lock(), "[{}] {text}", timestamp());
            }
        }
    }
}

impl Display {
    /// A wait: the live line of the change says what it waits for, for how long, and
    /// what AWS reports (`detail`: a deployment's running, pending and desired tasks and
    /// the latest service event); plain lines repeat it every [`PLAIN_WAIT_EVERY`], and at
    /// once when the report changes.
    fn show_wait(&self, address: &Address, what: &str, detail: Option<&str>, elapsed: Duration) {
        let Ok(mut running) = self.running.lock() else {
            return;
        };
        let Some(r) = running.get_mut(address) else {
            return;
        };
        let mut text = format!("{address}: waiting for {what} ({} s)", elapsed.as_secs());
        if let Some(d) = detail {
            text.push_str(": ");
            text.push_str(d);
        }
        if let Some(bar) = &r.bar {
            bar.set_message(crate::output::mask_text(&text, &self.sensitive));
        } else if r
            .last_wait_line
            .is_none_or(|t| t.elapsed() >= PLAIN_WAIT_EVERY)
            || detail.is_some() && r.last_detail.as_deref() != detail
        {
            r.last_wait_line = Some(Instant::now());
            r.last_detail = detail.map(str::to_owned);
            drop(running);
            self.line(&text);
        }
    }
}

impl Progress for Display {
    fn started(&self, change: &Change) {
        let verbs = verbs(&change.action);
        let bar = self.live.as_ref().map(|multi| {
            let bar = multi.add(ProgressBar::new_spinner());
            bar.set_style(
                ProgressStyle::with_template("{spinner} {wide_msg} [{elapsed}]")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar.set_message(format!("{}: {}", change.address, verbs.0));
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        if bar.is_none() {
            self.line(&format!("{}: {}...", change.address, verbs.0));
        }
        if let Ok(mut running) = self.running.lock() {
            running.insert(
                change.address.clone(),
                Running {
                    verbs,
                    bar,
                    last_wait_line: None,
                    last_detail: None,
                },
            );
        }
    }

    fn waiting(&self, address: &Address, what: &str, elapsed: Duration) {
        self.show_wait(address, what, None, elapsed);
    }

    fn waiting_on(&self, address: &Address, what: &str, detail: &str, elapsed: Duration) {
        self.show_wait(address, what, Some(detail), elapsed);
    }

    fn finished(&self, address: &Address, outcome: &Outcome, elapsed: Duration) {
        let running = self.running.lock().ok().and_then(|mut m| m.remove(address));
        let done = running.as_ref().map_or("done", |r| r.verbs.1);
        if let Some(bar) = running.and_then(|r| r.bar) {
            bar.finish_and_clear();
        }
        let text = match outcome {
            Outcome::Done => format!("{address}: {done} ({:.1} s)", elapsed.as_secs_f64()),
            Outcome::Unchanged => format!("{address}: unchanged"),
            Outcome::Failed(e) => format!("{address}: FAILED: {e}"),
            Outcome::Skipped { because } => {
                format!("{address}: skipped (it depends on {because}, which failed)")
            }
            Outcome::NotStarted => format!("{address}: not started"),
        };
        self.line(&text);
    }
}
