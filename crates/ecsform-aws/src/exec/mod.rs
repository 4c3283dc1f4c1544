//! The AWS executor: carries out one change of a plan with the SDK. One module per AWS
//! service (`ecs`, `elb`, `autoscaling`, `cloudmap`); this one holds what they share:
//! the desired documents, the ARNs known so far (live ones, then the ones creates
//! return), ownership tags, errors and waits.
//!
//! Requests are built from the file's own documents (the spec types, through
//! `convert::*_to_sdk`), never from the normalized ones, so that AWS receives exactly
//! what the user wrote.

mod autoscaling;
mod cloudmap;
mod ecs;
mod elb;
mod stamp;

pub use stamp::record_stamp;

use std::collections::BTreeMap;
use std::future::Future;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use ecsform_apply::{ActionError, Executor, Progress};
use ecsform_model::desired::DesiredState;
use ecsform_model::live::LiveState;
use ecsform_model::{Address, Doc, HASH_TAG, Kind, STACK_TAG};
use ecsform_plan::{Action, Change, ReplaceOrder};
use serde::de::DeserializeOwned;
use serde_json::Value;

use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_runtime_api::http::Response as HttpResponse;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

use crate::clients::{AwsError, Clients};

/// How the executor behaves.
#[derive(Debug, Clone)]
pub struct ExecOptions {
    /// Wait for services to reach steady state (`--no-wait` turns it off).
    pub wait: bool,
    /// The longest one wait may take before the change fails.
    pub wait_timeout: Duration,
    /// Time between two polls of a wait.
    pub poll_interval: Duration,
    /// ACTIVE task definition revisions kept per family (older ones are deregistered,
    /// never one a service runs).
    pub keep_revisions: usize,
}

impl Default for ExecOptions {
    fn default() -> Self {
        Self {
            wait: true,
            wait_timeout: Duration::from_secs(15 * 60),
            poll_interval: Duration::from_secs(5),
            keep_revisions: 5,
        }
    }
}

/// Whether a top-level field of the resource changes (a field path of the plan starts
/// with it).
pub(crate) fn field_changed(change: &Change, field: &str) -> bool {
    change.changes.iter().any(|c| {
        c.path == field
            || c.path.starts_with(&format!("{field}."))
            || c.path.starts_with(&format!("{field}["))
    })
}

/// What one step of a change does to its resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Op {
    Create,
    Update,
    Delete,
}

/// Executes plan changes against AWS.
#[allow(missing_debug_implementations)]
pub struct AwsExecutor<'a> {
    pub(crate) clients: &'a Clients,
    pub(crate) stack: String,
    pub(crate) cluster: String,
    desired: &'a DesiredState,
    live: &'a LiveState,
    arns: Mutex<BTreeMap<Address, String>>,
    pub(crate) options: ExecOptions,
    progress: &'a dyn Progress,
    /// Tells this run's requests from another run's, in idempotency tokens.
    run: String,
    /// Families whose old revisions this run has pruned.
    pruned: Mutex<std::collections::BTreeSet<String>>,
    /// Families whose prune kept a revision beyond the kept count because a service still
    /// ran it: pruned again once a service of the family has moved.
    deferred: Mutex<std::collections::BTreeSet<String>>,
}

impl<'a> AwsExecutor<'a> {
    /// An executor for the changes of a plan made from `desired` and `live`.
    #[must_use]
    pub fn new(
        clients: &'a Clients,
        desired: &'a DesiredState,
        live: &'a LiveState,
        options: ExecOptions,
        progress: &'a dyn Progress,
    ) -> Self {
        let arns = live
            .resources
            .iter()
            .map(|(a, r)| (a.clone(), r.arn.clone()))
            .collect();
        let cluster = desired
            .cluster_name()
            .map(str::to_owned)
            .or_else(|| {
                live.resources
                    .keys()
                    .find(|a| a.kind == Kind::Cluster)
                    .map(|a| a.name.clone())
            })
            .unwrap_or_else(|| "default".to_owned());
        Self {
            clients,
            stack: desired.stack.clone(),
            cluster,
            desired,
            live,
            arns: Mutex::new(arns),
            options,
            progress,
            pruned: Mutex::new(std::collections::BTreeSet::new()),
            deferred: Mutex::new(std::collections::BTreeSet::new()),
            run: format!(
                "{}-{}",
                std::process::id(),
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_nanos())
            ),
        }
    }

    /// Whether this is the first prune of `family` in this run (and marks it done).
    /// Marks a family to be pruned again when a service of it moves (see `deferred`).
    pub(crate) fn defer_prune(&self, family: &str) {
        if let Ok(mut d) = self.deferred.lock() {
            d.insert(family.to_owned());
        }
    }

    /// Whether a family was marked by [`Self::defer_prune`] (and unmarks it).
    pub(crate) fn take_deferred_prune(&self, family: &str) -> bool {
        self.deferred
            .lock()
            .map(|mut d| d.remove(family))
            .unwrap_or(false)
    }

    pub(crate) fn first_prune(&self, family: &str) -> bool {
        self.pruned
            .lock()
            .map(|mut p| p.insert(family.to_owned()))
            .unwrap_or(false)
    }

    /// An idempotency token for a create (`clientToken`, up to 36 ASCII characters):
    /// the same for every retry of the request within this run, so that a retry after
    /// a lost response gets the resource the first attempt made instead of a conflict;
    /// another run's create of the same resource gets another token.
    pub(crate) fn client_token(&self, change: &Change) -> String {
        let key = serde_json::json!([
            self.stack,
            change.address.to_string(),
            change.desired_hash,
            self.run
        ]);
        format!("ecsform-{}", ecsform_model::doc_hash(&key))
    }

    /// The file's document of a change's resource as its spec type.
    pub(crate) fn spec<T: DeserializeOwned>(&self, change: &Change) -> Result<T, ActionError> {
        let resource = self.desired.get(&change.address).ok_or_else(|| {
            self.fail(
                change,
                "ecsform:apply",
                "NotInFile",
                "the plan creates or updates a resource the stack file does not describe",
            )
        })?;
        serde_json::from_value(resource.doc.clone()).map_err(|e| {
            self.fail(
                change,
                "ecsform:apply",
                "InvalidDocument",
                &format!("the file's document does not read back: {e}"),
            )
        })
    }

    /// The file's document of a change's resource with AWS's defaults made explicit where
    /// the file is silent (the reset rows of `ecsform_model::defaults`), in the file's
    /// shape: what an update sends so that a member the file dropped goes back to its
    /// default.
    pub(crate) fn spec_with_defaults<T: DeserializeOwned>(
        &self,
        change: &Change,
    ) -> Result<T, ActionError> {
        let doc = self
            .desired_doc(&change.address)
            .cloned()
            .unwrap_or(Value::Null);
        let autoscaled: std::collections::BTreeSet<String> = self
            .desired
            .names(Kind::ScalableTarget)
            .map(str::to_owned)
            .collect();
        let cluster = self.cluster_doc();
        let ctx = ecsform_model::normalize::Context::for_cluster(
            cluster,
            &self.live.names_by_arn,
            &autoscaled,
        );
        let filled = ecsform_model::compare::with_defaults(change.address.kind, &doc, &ctx);
        serde_json::from_value(filled).map_err(|e| {
            self.fail(
                change,
                "ecsform:apply",
                "InvalidDocument",
                &format!("the file's document with AWS's defaults does not read back: {e}"),
            )
        })
    }

    /// The document of the cluster the services run on: the file's, or, for a cluster
    /// the stack only uses (`lifecycle.managed: false`), the live one.
    pub(crate) fn cluster_doc(&self) -> Option<&Doc> {
        let address = Address::new(Kind::Cluster, &self.cluster);
        self.desired_doc(&address).or_else(|| {
            self.desired
                .is_unmanaged_cluster(&address)
                .then(|| self.live_doc(&address))
                .flatten()
        })
    }

    /// Whether the file describes a resource.
    pub(crate) fn in_file(&self, address: &Address) -> bool {
        self.desired.get(address).is_some()
    }

    /// The file's document of a resource, when the file describes it.
    pub(crate) fn desired_doc(&self, address: &Address) -> Option<&Doc> {
        self.desired.get(address).map(|r| &r.doc)
    }

    /// The live document read before apply, when the resource existed.
    pub(crate) fn live_doc(&self, address: &Address) -> Option<&Doc> {
        self.live.get(address).map(|r| &r.doc)
    }

    /// Live resources of a kind (address and document), as read before apply.
    pub(crate) fn live_of_kind(&self, kind: Kind) -> impl Iterator<Item = (&Address, &Doc)> {
        self.live
            .resources
            .iter()
            .filter(move |(a, _)| a.kind == kind)
            .map(|(a, r)| (a, &r.doc))
    }

    /// The ARN of a resource of the stack: read live, or returned by its create.
    pub(crate) fn arn(&self, change: &Change, of: &Address) -> Result<String, ActionError> {
        self.known_arn(of).ok_or_else(|| {
            self.fail(
                change,
                "ecsform:apply",
                "UnknownReference",
                &format!("{of} has no ARN: it neither exists nor was created by this apply"),
            )
        })
    }

    /// The ARN of a resource, if known.
    pub fn known_arn(&self, of: &Address) -> Option<String> {
        self.arns.lock().ok().and_then(|m| m.get(of).cloned())
    }

    /// Records the ARN a create returned.
    pub(crate) fn record_arn(&self, address: &Address, arn: impl Into<String>) {
        if let Ok(mut m) = self.arns.lock() {
            m.insert(address.clone(), arn.into());
        }
    }

    /// Forgets the ARN of a deleted resource.
    pub(crate) fn forget_arn(&self, address: &Address) {
        if let Ok(mut m) = self.arns.lock() {
            m.remove(address);
        }
    }

    /// A target group's ARN by name (the file names target groups, AWS wants ARNs).
    pub(crate) fn target_group_arn(
        &self,
        change: &Change,
        name: &str,
    ) -> Result<String, ActionError> {
        if name.starts_with("arn:") {
            return Ok(name.to_owned());
        }
        self.arn(change, &Address::new(Kind::TargetGroup, name))
    }

    /// The tags to write: the file's own, `ecsform:stack` and `ecsform:hash`. Where the
    /// file gives none, the tags the plan keeps (an adopted resource's other tags, see
    /// `lifecycle.adopt`): written again as they are, and carried over to what replaces
    /// the resource (a new task definition revision, a replaced target group).
    pub(crate) fn owned_tags(
        &self,
        change: &Change,
        file: Option<&[ecsform_spec::types::Tag]>,
    ) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = match file {
            Some(tags) => tags
                .iter()
                .filter(|t| !t.key.starts_with("ecsform:"))
                .map(|t| (t.key.clone(), t.value.clone()))
                .collect(),
            None => Self::kept_tags(change),
        };
        out.push((STACK_TAG.to_owned(), self.stack.clone()));
        if let Some(doc) = self.applied_doc(change) {
            // Field codes for `drift` (see `ecsform_model::stamp`), on the kinds whose
            // own tags the reader returns (autoscaling resources read their service's).
            if !matches!(
                change.address.kind,
                Kind::ScalableTarget | Kind::ScalingPolicy | Kind::ScheduledAction
            ) {
                let fields = ecsform_model::stamp::field_tags(&doc, out.len());
                out.extend(fields);
            }
        }
        if let Some(hash) = self.applied_hash(change) {
            out.push((HASH_TAG.to_owned(), hash));
        }
        out
    }

    /// The normalized document this change leaves in AWS (its hash is the
    /// `ecsform:hash` tag): see [`Self::applied_hash`].
    pub(crate) fn applied_doc(&self, change: &Change) -> Option<Doc> {
        let mut after = change.after.clone()?;
        if change.desired_hash.as_deref() != Some(ecsform_model::doc_hash(&after).as_str()) {
            return None;
        }
        if let Some(revision) = self.pinned_revision(change)
            && let Value::Object(m) = &mut after
        {
            m.insert("taskDefinition".into(), Value::String(revision));
        }
        Some(after)
    }

    /// For a service naming a bare family of the stack: `family:revision` of the revision
    /// this apply registered (or found).
    fn pinned_revision(&self, change: &Change) -> Option<String> {
        if change.address.kind != Kind::Service {
            return None;
        }
        let written = self
            .desired
            .get(&change.address)
            .and_then(|r| r.doc.get("taskDefinition"))
            .and_then(Value::as_str)?;
        if written.starts_with("arn:")
            || ecsform_model::desired::task_definition_revision(written).is_some()
        {
            return None;
        }
        let family = ecsform_model::desired::task_definition_family(written).to_owned();
        // The revision the plan pinned (the family's live one, or an identical revision
        // of the stack's that the service already runs), else the one this apply
        // registered.
        let revision = self
            .service_revision(change, &family)
            .as_deref()
            .and_then(ecsform_model::desired::task_definition_revision)?;
        Some(format!("{family}:{revision}"))
    }

    /// The hash of the document this change leaves in AWS, for the `ecsform:hash` tag.
    /// The plan's hash, except for a service naming a family of the stack: the plan
    /// could only guess the revision it will run (`(known after apply)` on a create, the
    /// next number on a change); the hash is taken again with the revision this apply
    /// registered, so that the next plan's hash (and `drift`) agrees with the tag.
    pub(crate) fn applied_hash(&self, change: &Change) -> Option<String> {
        self.applied_doc(change)
            .map(|d| ecsform_model::doc_hash(&d))
            .or_else(|| change.desired_hash.clone())
    }

    /// The revision of a family of the stack that a service change runs (an ARN or
    /// `family:revision`): the revision the plan pinned when it existed as the plan read
    /// it (the family's live revision, or an identical revision of the stack's that the
    /// service already runs, which the plan keeps); otherwise (the plan only guessed the
    /// number of a revision to register) the one this apply registered.
    pub(crate) fn service_revision(&self, change: &Change, family: &str) -> Option<String> {
        let live = self
            .live
            .get(&Address::new(Kind::TaskDefinition, family))
            .and_then(|l| l.revision);
        let pinned = change
            .after
            .as_ref()
            .and_then(|a| a.get("taskDefinition"))
            .and_then(Value::as_str)
            .filter(|t| ecsform_model::desired::task_definition_family(t) == family)
            .and_then(ecsform_model::desired::task_definition_revision);
        if let (Some(p), Some(l)) = (pinned, live)
            && p <= l
        {
            return Some(format!("{family}:{p}"));
        }
        self.known_arn(&Address::new(Kind::TaskDefinition, family))
    }

    /// The tags of the plan's desired document (`after`, tags as a mapping) other than
    /// ecsform's and AWS's reserved ones.
    fn kept_tags(change: &Change) -> Vec<(String, String)> {
        match change.after.as_ref().and_then(|d| d.get("tags")) {
            Some(Value::Object(m)) => m
                .iter()
                .filter(|(k, _)| ecsform_model::normalize::managed_tag_key(k))
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Keys of tags the resource has (before) that the file no longer gives (after).
    pub(crate) fn removed_tag_keys(change: &Change) -> Vec<String> {
        let keys = |doc: Option<&Doc>| -> Vec<String> {
            match doc.and_then(|d| d.get("tags")) {
                Some(Value::Object(m)) => m.keys().cloned().collect(),
                _ => Vec::new(),
            }
        };
        let after = keys(change.after.as_ref());
        keys(change.before.as_ref())
            .into_iter()
            .filter(|k| !after.contains(k) && !k.starts_with("ecsform:"))
            .collect()
    }

    /// An error of this change that AWS did not report.
    pub(crate) fn fail(
        &self,
        change: &Change,
        call: &str,
        code: &str,
        message: &str,
    ) -> ActionError {
        ActionError {
            address: change.address.clone(),
            call: call.to_owned(),
            code: code.to_owned(),
            message: message.to_owned(),
        }
    }

    /// A request the SDK could not build (a member it requires is missing).
    pub(crate) fn invalid_request(
        &self,
        change: &Change,
        call: &str,
        e: &dyn std::fmt::Display,
    ) -> ActionError {
        self.fail(change, call, "InvalidRequest", &e.to_string())
    }

    /// Writes the ownership tags (`tag`: the service's TagResource or AddTags request
    /// with [`Self::owned_tags`]), then removes the tags the file dropped (`untag`, given
    /// their keys), if any. The hash tag is rewritten every time, so it stays current.
    pub(crate) async fn retag_with<T, U, TE, UE, UF>(
        &self,
        change: &Change,
        (tag_call, tag): (
            &'static str,
            impl Future<Output = Result<T, SdkError<TE, HttpResponse>>>,
        ),
        (untag_call, untag): (&'static str, impl FnOnce(Vec<String>) -> UF),
    ) -> Result<(), ActionError>
    where
        TE: ProvideErrorMetadata + std::error::Error + 'static,
        UE: ProvideErrorMetadata + std::error::Error + 'static,
        UF: Future<Output = Result<U, SdkError<UE, HttpResponse>>>,
    {
        tag.await
            .map_err(|e| self.sdk_error(change, tag_call, &e))?;
        let removed = Self::removed_tag_keys(change);
        if !removed.is_empty() {
            untag(removed)
                .await
                .map_err(|e| self.sdk_error(change, untag_call, &e))?;
        }
        Ok(())
    }

    /// The result of a delete call: done, or already gone when AWS answers one of the
    /// `gone` error codes (a re-run, or a parent's delete took it along).
    pub(crate) fn deleted<T, E>(
        &self,
        change: &Change,
        call: &'static str,
        result: Result<T, SdkError<E, HttpResponse>>,
        gone: &[&str],
    ) -> Result<(), ActionError>
    where
        E: ProvideErrorMetadata + std::error::Error + 'static,
    {
        match result {
            Ok(_) => Ok(()),
            Err(e) if AwsError::code_of(&e).is_some_and(|c| gone.contains(&c)) => Ok(()),
            Err(e) => Err(self.sdk_error(change, call, &e)),
        }
    }

    /// An SDK error of this change: the call, AWS's code and message.
    pub(crate) fn sdk_error<E>(
        &self,
        change: &Change,
        call: &'static str,
        err: &aws_smithy_runtime_api::client::result::SdkError<
            E,
            aws_smithy_runtime_api::http::Response,
        >,
    ) -> ActionError
    where
        E: ProvideErrorMetadata + std::error::Error + 'static,
    {
        let e = AwsError::from_sdk(err, call, change.address.to_string());
        ActionError {
            address: change.address.clone(),
            call: e.call.to_owned(),
            code: e.code,
            message: e.message,
        }
    }

    /// Polls `check` until it answers `Some`, telling progress how long it has waited;
    /// fails after the wait timeout.
    pub(crate) async fn wait_for<T, F, Fut>(
        &self,
        change: &Change,
        what: &str,
        mut check: F,
    ) -> Result<T, ActionError>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<Option<T>, ActionError>>,
    {
        self.wait_until(change, what, || {
            let fut = check();
            async move {
                Ok(match fut.await? {
                    Some(v) => Waited::Done(v),
                    None => Waited::Not(None),
                })
            }
        })
        .await
    }

    /// Polls `check` until it answers [`Waited::Done`], telling progress how long it has
    /// waited and what `check` last reported; after the wait timeout, fails with
    /// "`what` not reached within N s" and that report.
    pub(crate) async fn wait_until<T, F, Fut>(
        &self,
        change: &Change,
        what: &str,
        mut check: F,
    ) -> Result<T, ActionError>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<Waited<T>, ActionError>>,
    {
        let t0 = Instant::now();
        loop {
            let detail = match check().await? {
                Waited::Done(v) => return Ok(v),
                Waited::Not(detail) => detail,
            };
            let elapsed = t0.elapsed();
            if elapsed >= self.options.wait_timeout {
                let mut message = format!(
                    "{what} not reached within {} s (--wait-timeout)",
                    self.options.wait_timeout.as_secs()
                );
                if let Some(d) = &detail {
                    message.push_str(": ");
                    message.push_str(d);
                }
                return Err(self.fail(change, "ecsform:wait", "Timeout", &message));
            }
            match &detail {
                Some(d) => self.progress.waiting_on(&change.address, what, d, elapsed),
                None => self.progress.waiting(&change.address, what, elapsed),
            }
            tokio::time::sleep(self.options.poll_interval).await;
        }
    }
}

/// What one poll of a wait found.
pub(crate) enum Waited<T> {
    /// The wait is over.
    Done(T),
    /// Not yet; what AWS reports of it, for progress.
    Not(Option<String>),
}

impl Executor for AwsExecutor<'_> {
    async fn execute(&self, change: &Change) -> Result<(), ActionError> {
        {
            let steps: &[Op] = match &change.action {
                Action::NoOp => &[],
                Action::Create => &[Op::Create],
                Action::Update => &[Op::Update],
                Action::Delete => &[Op::Delete],
                Action::Replace {
                    order: ReplaceOrder::DestroyBeforeCreate,
                    ..
                } => &[Op::Delete, Op::Create],
                Action::Replace {
                    order: ReplaceOrder::CreateBeforeDestroy,
                    ..
                } => {
                    // Only target groups are replaced this way; their module moves the
                    // listeners, rules and services over in between.
                    return elb::replace_target_group(self, change).await;
                }
            };
            for &op in steps {
                match change.address.kind {
                    Kind::Namespace => cloudmap::namespace(self, change, op).await?,
                    Kind::CloudMapService => cloudmap::leftover_service(self, change, op).await?,
                    Kind::Cluster => ecs::cluster(self, change, op).await?,
                    Kind::TaskDefinition => ecs::task_definition(self, change, op).await?,
                    Kind::Service => ecs::service(self, change, op).await?,
                    Kind::LoadBalancer => elb::load_balancer(self, change, op).await?,
                    Kind::TargetGroup => elb::target_group(self, change, op).await?,
                    Kind::Listener => elb::listener(self, change, op).await?,
                    Kind::ListenerRule => elb::listener_rule(self, change, op).await?,
                    Kind::ScalableTarget => autoscaling::scalable_target(self, change, op).await?,
                    Kind::ScalingPolicy => autoscaling::scaling_policy(self, change, op).await?,
                    Kind::ScheduledAction => {
                        autoscaling::scheduled_action(self, change, op).await?
                    }
                }
            }
            Ok(())
        }
    }
}
