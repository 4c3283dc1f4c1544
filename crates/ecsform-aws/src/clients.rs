//! The SDK clients, configured once, counting the API calls they make; and AWS errors
//! as the user sees them: the resource, the call, AWS's code and message.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use aws_config::BehaviorVersion;
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::{
    BeforeSerializationInterceptorContextRef, BeforeTransmitInterceptorContextRef,
    FinalizerInterceptorContextRef, InterceptorContext,
};
use aws_smithy_runtime_api::client::orchestrator::{Metadata, OrchestratorError};
use aws_smithy_runtime_api::client::retries::classifiers::{
    ClassifyRetry, RetryAction, RetryClassifierPriority,
};
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_runtime_api::http::Response as HttpResponse;
use aws_smithy_types::config_bag::{ConfigBag, Storable, StoreReplace};
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

use crate::bounds;
use crate::settings::{SettingError, Settings};

/// Counts operations (one per API call, whatever its retries), logs them, and notes each
/// in the task's [`crate::bounds`] call log (the call, its endpoint, since when it waits).
#[derive(Debug, Clone, Default)]
struct CallCounter(Arc<AtomicUsize>);

/// The id of one operation in the call log, kept in its config bag.
#[derive(Debug, Clone, Copy)]
struct CallId(u64);

impl Storable for CallId {
    type Storer = StoreReplace<Self>;
}

/// The prefix of an IAM action for the SDK's service name (`ecs` for `ECS`), as the
/// calls are named everywhere (`ecs:DescribeServices`).
fn call_prefix(service: &str) -> &str {
    match service {
        "ECS" => "ecs",
        "Elastic Load Balancing v2" => "elasticloadbalancing",
        "Application Auto Scaling" => "application-autoscaling",
        "ServiceDiscovery" => "servicediscovery",
        "Resource Groups Tagging API" => "tag",
        other => other,
    }
}

/// `scheme://host[:port]` of a request URI.
fn endpoint_of_uri(uri: &str) -> String {
    let (scheme, rest) = uri.split_once("://").unwrap_or(("", uri));
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if scheme.is_empty() {
        host.to_owned()
    } else {
        format!("{scheme}://{host}")
    }
}

impl Intercept for CallCounter {
    fn name(&self) -> &'static str {
        "ecsform-call-counter"
    }

    fn read_before_execution(
        &self,
        _context: &BeforeSerializationInterceptorContextRef<'_>,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        static IDS: AtomicU64 = AtomicU64::new(0);
        self.0.fetch_add(1, Ordering::Relaxed);
        cfg.interceptor_state()
            .store_put(CallId(IDS.fetch_add(1, Ordering::Relaxed)));
        Ok(())
    }

    /// Logs each call (`ECSFORM_LOG=ecsform::aws=debug`): the operation's metadata is in
    /// the config bag from here on (not yet when execution starts).
    fn read_before_serialization(
        &self,
        _context: &BeforeSerializationInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if let Some(m) = cfg.load::<Metadata>() {
            tracing::debug!(target: "ecsform::aws", "call {}:{}", m.service(), m.name());
            let call = format!("{}:{}", call_prefix(m.service()), m.name());
            if let Some(id) = cfg.load::<CallId>() {
                bounds::with_log(|log| log.started(id.0, call));
            }
        }
        Ok(())
    }

    fn read_before_transmit(
        &self,
        context: &BeforeTransmitInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if let Some(id) = cfg.load::<CallId>() {
            let endpoint = endpoint_of_uri(context.request().uri());
            bounds::with_log(|log| log.sent(id.0, endpoint));
        }
        Ok(())
    }

    fn read_after_execution(
        &self,
        _context: &FinalizerInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if let Some(id) = cfg.load::<CallId>() {
            bounds::with_log(|log| log.finished(id.0));
        }
        Ok(())
    }
}

/// AWS's request bucket of a call: ECS's action categories ("Request throttling for the
/// Amazon ECS API", table "Request Token Bucket Sizes and Refill Rates": e.g. task
/// definition modify 20 / 1 a second, service modify 50 / 5, service read 100 / 20),
/// ELB's categories ("Request throttling for the ELB API": resource-intensive,
/// registration, non-mutating, mutating); Application Auto Scaling and Cloud Map publish
/// no buckets for these calls, so their reads and writes are told apart.
fn rate_group(service: &str, op: &str) -> &'static str {
    match (service, op) {
        ("ECS", "RegisterTaskDefinition" | "DeregisterTaskDefinition") => {
            "ecs task definition modify"
        }
        (
            "ECS",
            "DescribeTaskDefinition" | "ListTaskDefinitions" | "ListTaskDefinitionFamilies",
        ) => "ecs task definition read",
        ("ECS", "DeleteTaskDefinitions") => "ecs task definition deletion",
        ("ECS", "CreateService" | "DeleteService" | "UpdateService") => "ecs service modify",
        ("ECS", "DescribeServices" | "ListServices") => "ecs service read",
        (
            "ECS",
            "CreateCluster"
            | "DeleteCluster"
            | "PutClusterCapacityProviders"
            | "UpdateCluster"
            | "UpdateClusterSettings",
        ) => "ecs cluster modify",
        ("ECS", "DescribeClusters" | "ListClusters") => "ecs cluster read",
        ("ECS", "TagResource" | "UntagResource") => "ecs tag modify",
        ("ECS", "ListTagsForResource") => "ecs tag read",
        (
            "ECS",
            "DescribeTasks"
            | "ListTasks"
            | "DescribeContainerInstances"
            | "ListContainerInstances"
            | "ListAttributes",
        ) => "ecs cluster resource read",
        ("ECS", "ListServicesByNamespace") => "ecs cluster service resource read",
        ("ECS", "DescribeServiceDeployments" | "ListServiceDeployments") => {
            "ecs service deployment"
        }
        ("ECS", "DescribeServiceRevisions") => "ecs service revision",
        ("ECS", _) => "ecs other",
        ("Elastic Load Balancing v2", "CreateLoadBalancer" | "SetSubnets") => {
            "elb resource-intensive"
        }
        ("Elastic Load Balancing v2", "RegisterTargets" | "DeregisterTargets") => {
            "elb registration"
        }
        ("Elastic Load Balancing v2", op) if op.starts_with("Describe") => "elb non-mutating",
        ("Elastic Load Balancing v2", _) => "elb mutating",
        ("Application Auto Scaling", op)
            if op.starts_with("Describe") || op.starts_with("List") =>
        {
            "application-autoscaling read"
        }
        ("Application Auto Scaling", _) => "application-autoscaling write",
        ("ServiceDiscovery", op) if op.starts_with("Get") || op.starts_with("List") => {
            "servicediscovery read"
        }
        _ => "other",
    }
}

/// Puts each call in the SDK retry partition of its AWS request bucket ([`rate_group`]),
/// so that the SDK's client-side rate limiter of the adaptive retry mode learns each
/// bucket's rate on its own (registering task definitions at AWS's 1 a second does not
/// slow reading services, allowed 20 a second), and so that throttled retries charge
/// nothing to the SDK's retry quota. That quota (500 tokens a partition, 5 per
/// throttled retry, each kept until its call succeeds) is a circuit breaker for outages;
/// AWS's throttling is no outage but a rate, and an apply of 100 services makes well over
/// 100 throttled retries by design: with the quota it failed midway
/// (`task_definition.app-50: ecs:RegisterTaskDefinition answered ThrottlingException`, the
/// `throttled` benchmark). Retries after other errors keep the SDK's costs; every call
/// stays bounded by its attempts and `--timeout`.
///
/// Also starts each call's clock and tags each of its requests with its group and clock,
/// for the pacing connector ([`crate::pace`]).
#[derive(Debug, Clone)]
struct RatePartitions {
    partitions: Arc<
        std::sync::Mutex<
            std::collections::BTreeMap<
                &'static str,
                aws_smithy_runtime::client::retries::RetryPartition,
            >,
        >,
    >,
    /// One call's bound, all its attempts (`--timeout`).
    bound: std::time::Duration,
}

impl RatePartitions {
    fn partition(
        &self,
        group: &'static str,
    ) -> aws_smithy_runtime::client::retries::RetryPartition {
        use aws_smithy_runtime::client::retries::{ClientRateLimiter, RetryPartition, TokenBucket};
        let mut map = self
            .partitions
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        map.entry(group)
            .or_insert_with(|| {
                RetryPartition::custom(group)
                    .token_bucket(TokenBucket::builder().throttling_retry_cost(0).build())
                    .client_rate_limiter(ClientRateLimiter::new(
                        std::time::SystemTime::now()
                            .duration_since(std::time::UNIX_EPOCH)
                            .map_or(0.0, |d| d.as_secs_f64()),
                    ))
                    .build()
            })
            .clone()
    }
}

impl Intercept for RatePartitions {
    fn name(&self) -> &'static str {
        "ecsform-rate-partitions"
    }

    fn read_before_serialization(
        &self,
        _context: &BeforeSerializationInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if let Some(m) = cfg.load::<Metadata>() {
            let group = rate_group(m.service(), m.name());
            let partition = self.partition(group);
            cfg.interceptor_state().store_put(partition);
            cfg.interceptor_state().store_put(Tag(crate::pace::CallTag {
                group,
                clock: Arc::new(crate::pace::CallClock::new(self.bound)),
            }));
        }
        Ok(())
    }

    fn modify_before_transmit(
        &self,
        context: &mut aws_smithy_runtime_api::client::interceptors::context::BeforeTransmitInterceptorContextMut<'_>,
        _runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        // Each attempt's request is a fresh copy, without extensions.
        if let Some(Tag(tag)) = cfg.load::<Tag>() {
            context.request_mut().add_extension(tag.clone());
        }
        Ok(())
    }
}

/// A call's [`crate::pace::CallTag`] in its config bag.
#[derive(Debug, Clone)]
struct Tag(crate::pace::CallTag);

impl Storable for Tag {
    type Storer = StoreReplace<Self>;
}

/// A refused connection is not retried: nothing listens at the endpoint (a wrong
/// `AWS_ENDPOINT_URL`, a stopped emulator or proxy), and ten attempts with backoff only
/// delay the error by a quarter of a minute. AWS's own endpoints always accept
/// connections; resets, timeouts and DNS failures are still retried.
#[derive(Debug, Clone, Copy)]
struct RefusedIsFinal;

impl ClassifyRetry for RefusedIsFinal {
    fn classify_retry(&self, ctx: &InterceptorContext) -> RetryAction {
        let connector = ctx
            .output_or_error()
            .and_then(Result::err)
            .and_then(OrchestratorError::as_connector_error);
        let refused =
            connector.is_some_and(|e| io_kind(e) == Some(std::io::ErrorKind::ConnectionRefused));
        // The call's bound ran out (`--timeout`): no attempt is left time.
        let spent = connector
            .and_then(|e| no_answer(e))
            .is_some_and(|n| n.call_bound);
        if refused || spent {
            RetryAction::RetryForbidden
        } else {
            RetryAction::NoActionIndicated
        }
    }

    fn name(&self) -> &'static str {
        "ecsform-refused-is-final"
    }

    fn priority(&self) -> RetryClassifierPriority {
        RetryClassifierPriority::run_after(RetryClassifierPriority::transient_error_classifier())
    }
}

/// The kind of the first I/O error in an error's chain.
fn io_kind(err: &(dyn std::error::Error + 'static)) -> Option<std::io::ErrorKind> {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = cur {
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            return Some(io.kind());
        }
        cur = e.source();
    }
    None
}

/// The pacing connector's "no answer in time" in an error's chain.
fn no_answer<'a>(err: &'a (dyn std::error::Error + 'static)) -> Option<&'a crate::pace::NoAnswer> {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = cur {
        if let Some(n) = e.downcast_ref::<crate::pace::NoAnswer>() {
            return Some(n);
        }
        cur = e.source();
    }
    None
}

/// Whether an error's chain holds a failed DNS lookup (hyper's "dns error", the
/// resolver's "failed to lookup address").
fn is_dns(err: &(dyn std::error::Error + 'static)) -> bool {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = cur {
        let text = e.to_string();
        if text.starts_with("dns error") || text.contains("failed to lookup address") {
            return true;
        }
        cur = e.source();
    }
    false
}

/// The credentials error in an error's chain (no credentials found, a profile that
/// cannot be loaded...), if there is one.
fn credentials_error<'a>(
    err: &'a (dyn std::error::Error + 'static),
) -> Option<&'a aws_credential_types::provider::error::CredentialsError> {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = cur {
        if let Some(c) = e.downcast_ref::<aws_credential_types::provider::error::CredentialsError>()
        {
            return Some(c);
        }
        cur = e.source();
    }
    None
}

/// The SDK's retry configuration for `settings`: standard or adaptive mode, up to
/// [`Settings::max_attempts`] attempts, backing off at most 5 s between attempts.
#[must_use]
pub fn retry_config(settings: &Settings) -> aws_config::retry::RetryConfig {
    use aws_config::retry::RetryConfig;
    let retry = if settings.adaptive {
        RetryConfig::adaptive()
    } else {
        RetryConfig::standard()
    };
    retry
        .with_max_attempts(settings.max_attempts)
        .with_max_backoff(std::time::Duration::from_secs(5))
}

/// The service clients ecsform uses.
#[derive(Debug, Clone)]
pub struct Clients {
    /// Amazon ECS.
    pub ecs: aws_sdk_ecs::Client,
    /// Elastic Load Balancing v2.
    pub elb: aws_sdk_elasticloadbalancingv2::Client,
    /// Application Auto Scaling.
    pub aas: aws_sdk_applicationautoscaling::Client,
    /// AWS Cloud Map.
    pub sd: aws_sdk_servicediscovery::Client,
    /// The Resource Groups Tagging API: how the reader finds what the stack owns
    /// (`GetResources` by the `ecsform:stack` tag) without listing the account.
    pub tagging: aws_sdk_resourcegroupstagging::Client,
    calls: CallCounter,
}

impl Clients {
    /// Clients from the usual AWS configuration (environment, profile; `AWS_ENDPOINT_URL`
    /// honoured), in `region` when given (the stack's `region:`, `import --region`), with
    /// `settings` (checked with [`Settings::from_env`]).
    ///
    /// Retries: AWS throttles bursts of control-plane calls, and an apply makes dozens,
    /// so the SDK's standard mode retries up to [`Settings::max_attempts`] attempts
    /// (default [`crate::settings::DEFAULT_MAX_ATTEMPTS`]; the SDK's default of 3 gives
    /// up on one call in 64 at a 25% error rate), backing off at most 5 s between
    /// attempts; a refused connection is not retried. Time: each attempt ends after
    /// [`Settings::attempt`] (`ECSFORM_CALL_TIMEOUT`), so that a connection that never
    /// answers is retried instead of hanging, and each call, retries included, after
    /// [`Settings::timeout`] (`--timeout`, `ECSFORM_TIMEOUT`), both counted from when the
    /// pacing at AWS's documented rates ([`crate::pace`]) lets the call go.
    ///
    /// # Errors
    /// A region that is no AWS region, or an endpoint URL from the profile the SDK
    /// cannot use; checked before any call.
    pub async fn from_env(
        region: Option<String>,
        settings: &Settings,
    ) -> Result<Self, SettingError> {
        use aws_config::timeout::TimeoutConfig;
        let source = if region.is_some() {
            "the stack file's region:, or --region"
        } else {
            "AWS_REGION, AWS_DEFAULT_REGION or the profile's region"
        };
        if let Some(r) = &region {
            crate::settings::check_region(r, source)?;
        }
        let mut loader = aws_config::defaults(BehaviorVersion::latest());
        if let Some(r) = region {
            loader = loader.region(aws_config::Region::new(r));
        }
        loader = loader.retry_config(retry_config(settings));
        let attempt = settings.attempt();
        loader = loader.timeout_config(
            TimeoutConfig::builder()
                .connect_timeout(attempt.min(std::time::Duration::from_secs(10)))
                .operation_attempt_timeout(attempt)
                .operation_timeout(settings.timeout)
                .build(),
        );
        let config = loader.load().await;
        match config.region() {
            Some(r) => crate::settings::check_region(r.as_ref(), source)?,
            None => {
                return Err(SettingError {
                    name: "the region".to_owned(),
                    value: "not set".to_owned(),
                    expected: "an AWS region: `region:` in the stack file, AWS_REGION, or the profile's region".to_owned(),
                });
            }
        }
        if let Some(url) = config.endpoint_url() {
            crate::settings::check_endpoint("endpoint_url (AWS_ENDPOINT_URL or the profile)", url)?;
        }
        Ok(Self::from_config(&config))
    }

    /// Clients from an SDK configuration (tests pass their own), every call in the
    /// retry partition of its AWS request bucket ([`RatePartitions`]) and paced at AWS's
    /// documented rates ([`crate::pace`]). The configuration's operation timeout (one call,
    /// all attempts) and attempt timeout are kept by the pacing connector, counted from
    /// when the pacing lets the call go.
    #[must_use]
    pub fn from_config(config: &aws_config::SdkConfig) -> Self {
        use aws_config::timeout::TimeoutConfig;
        // No bound set: a day stands for none (the clock's arithmetic stays finite).
        let unbounded = std::time::Duration::from_secs(86_400);
        let timeouts = config.timeout_config();
        let bound = timeouts
            .and_then(TimeoutConfig::operation_timeout)
            .unwrap_or(unbounded);
        let attempt = timeouts
            .and_then(TimeoutConfig::operation_attempt_timeout)
            .unwrap_or(unbounded);
        // Disabled explicitly: a service's configuration takes what its own leaves unset
        // from the shared one.
        let mut kept = TimeoutConfig::builder()
            .disable_operation_timeout()
            .disable_operation_attempt_timeout();
        if let Some(connect) = timeouts.and_then(TimeoutConfig::connect_timeout) {
            kept = kept.connect_timeout(connect);
        }
        if let Some(read) = timeouts.and_then(TimeoutConfig::read_timeout) {
            kept = kept.read_timeout(read);
        }
        let kept = kept.build();
        let inner = config.http_client().or_else(|| {
            aws_smithy_runtime::client::defaults::default_http_client_plugin_v2(
                aws_smithy_runtime_api::client::behavior_version::BehaviorVersion::latest(),
            )
            .and_then(|plugin| {
                use aws_smithy_runtime_api::client::runtime_plugin::RuntimePlugin;
                plugin
                    .runtime_components(
                        &aws_smithy_runtime_api::client::runtime_components::RuntimeComponentsBuilder::new("ecsform"),
                    )
                    .http_client()
            })
        });
        let paced = inner.map(|inner| {
            aws_smithy_runtime_api::client::http::SharedHttpClient::new(
                crate::pace::PacedClient::new(inner, attempt),
            )
        });
        // The SDK's stalled-upload protection fails a request whose body is not read for
        // 5 s: a request held by the pacing is not stalled. ecsform's requests are small
        // documents, and the pacing connector bounds each attempt, the upload included.
        let upload_unwatched =
            aws_smithy_runtime_api::client::stalled_stream_protection::StalledStreamProtectionConfig::enabled()
                .upload_enabled(false)
                .build();
        let calls = CallCounter::default();
        let partitions = RatePartitions {
            partitions: Arc::default(),
            bound,
        };
        Self {
            ecs: aws_sdk_ecs::Client::from_conf({
                let mut b = aws_sdk_ecs::config::Builder::from(config)
                    .interceptor(calls.clone())
                    .interceptor(partitions.clone())
                    .retry_classifier(RefusedIsFinal)
                    .timeout_config(kept.clone())
                    .stalled_stream_protection(upload_unwatched.clone());
                b.set_http_client(paced.clone());
                b.build()
            }),
            elb: aws_sdk_elasticloadbalancingv2::Client::from_conf({
                let mut b = aws_sdk_elasticloadbalancingv2::config::Builder::from(config)
                    .interceptor(calls.clone())
                    .interceptor(partitions.clone())
                    .retry_classifier(RefusedIsFinal)
                    .timeout_config(kept.clone())
                    .stalled_stream_protection(upload_unwatched.clone());
                b.set_http_client(paced.clone());
                b.build()
            }),
            aas: aws_sdk_applicationautoscaling::Client::from_conf({
                let mut b = aws_sdk_applicationautoscaling::config::Builder::from(config)
                    .interceptor(calls.clone())
                    .interceptor(partitions.clone())
                    .retry_classifier(RefusedIsFinal)
                    .timeout_config(kept.clone())
                    .stalled_stream_protection(upload_unwatched.clone());
                b.set_http_client(paced.clone());
                b.build()
            }),
            sd: aws_sdk_servicediscovery::Client::from_conf({
                let mut b = aws_sdk_servicediscovery::config::Builder::from(config)
                    .interceptor(calls.clone())
                    .interceptor(partitions.clone())
                    .retry_classifier(RefusedIsFinal)
                    .timeout_config(kept.clone())
                    .stalled_stream_protection(upload_unwatched.clone());
                b.set_http_client(paced.clone());
                b.build()
            }),
            tagging: aws_sdk_resourcegroupstagging::Client::from_conf({
                let mut b = aws_sdk_resourcegroupstagging::config::Builder::from(config)
                    .interceptor(calls.clone())
                    .interceptor(partitions.clone())
                    .retry_classifier(RefusedIsFinal)
                    .timeout_config(kept.clone())
                    .stalled_stream_protection(upload_unwatched.clone());
                b.set_http_client(paced.clone());
                b.build()
            }),
            calls,
        }
    }

    /// Clients built from prepared ones (tests with `aws-smithy-mocks`); `tagging` is
    /// the Resource Groups Tagging API client, which only reading calls.
    #[must_use]
    pub fn from_parts(
        ecs: aws_sdk_ecs::Client,
        elb: aws_sdk_elasticloadbalancingv2::Client,
        aas: aws_sdk_applicationautoscaling::Client,
        sd: aws_sdk_servicediscovery::Client,
        tagging: aws_sdk_resourcegroupstagging::Client,
    ) -> Self {
        Self {
            ecs,
            elb,
            aas,
            sd,
            tagging,
            calls: CallCounter::default(),
        }
    }

    /// API calls made so far through these clients.
    #[must_use]
    pub fn calls(&self) -> usize {
        self.calls.0.load(Ordering::Relaxed)
    }

    /// The region the clients call (the file's, or the AWS configuration's), when one is
    /// set: what a saved plan records as the region it was made for.
    #[must_use]
    pub fn region(&self) -> Option<String> {
        self.ecs.config().region().map(ToString::to_string)
    }
}

/// An AWS call that failed: which resource, which call, AWS's code and message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct AwsError {
    /// The resource concerned (`service.ui`, `cluster retail-store-ecs-cluster`).
    pub resource: String,
    /// The API call (`ecs:DescribeServices`).
    pub call: &'static str,
    /// AWS's error code, or the kind of failure when AWS never answered.
    pub code: String,
    /// AWS's message.
    pub message: String,
}

impl fmt::Display for AwsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} failed for {}: {}: {}",
            self.call, self.resource, self.code, self.message
        )
    }
}

/// What kind of failure an AWS error is, for what the user should check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureKind {
    /// AWS was not reached, or did not answer: no answer in time, a refused connection,
    /// a host that does not resolve, a reset, an answer that is not AWS's.
    Network,
    /// No credentials, or credentials AWS does not accept (unknown, expired, a bad
    /// signature).
    Credentials,
    /// Valid credentials without the permission for the call.
    Permissions,
    /// AWS throttled the call (its request rate quota for the account and Region) and
    /// the retries ran out.
    Throttled,
    /// Anything else: AWS answered with an error about the request or the resource.
    Other,
}

/// AWS's error codes for credentials it does not accept, and for missing permissions:
/// the "Common Errors" page of each AWS API reference (ECS, IAM, EC2: AccessDenied(Exception),
/// ExpiredToken(Exception), IncompleteSignature, InvalidClientTokenId, MissingAuthenticationToken,
/// NotAuthorized, OptInRequired, RequestExpired, UnrecognizedClientException), and the codes
/// the query and JSON protocols answer for a wrong secret key (SignatureDoesNotMatch,
/// InvalidSignatureException).
const CREDENTIALS_CODES: [&str; 12] = [
    "UnrecognizedClientException",
    "InvalidClientTokenId",
    "InvalidAccessKeyId",
    "ExpiredToken",
    "ExpiredTokenException",
    "IncompleteSignature",
    "InvalidSignatureException",
    "SignatureDoesNotMatch",
    "MissingAuthenticationToken",
    "MissingAuthenticationTokenException",
    "RequestExpired",
    "AuthFailure",
];
const PERMISSIONS_CODES: [&str; 6] = [
    "AccessDenied",
    "AccessDeniedException",
    "NotAuthorized",
    "UnauthorizedOperation",
    "UnauthorizedException",
    "OptInRequired",
];
/// AWS's throttling codes for a request rate over the quota: `ThrottlingException` (ECS,
/// Application Auto Scaling, Cloud Map: "Request throttling for the Amazon ECS API"),
/// `Throttling` (the query protocol's, ELBv2), `RequestLimitExceeded` (Cloud Map's
/// DiscoverInstances, EC2), `TooManyRequestsException`.
pub(crate) const THROTTLING_CODES: [&str; 4] = [
    "ThrottlingException",
    "Throttling",
    "RequestLimitExceeded",
    "TooManyRequestsException",
];
/// The codes ecsform gives failures where AWS never answered.
const NETWORK_CODES: [&str; 5] = [
    "Timeout",
    "ConnectionRefused",
    "DnsFailure",
    "ConnectionFailed",
    "ResponseError",
];

/// The endpoint a call's service was sent to in this task, for messages.
fn endpoint_for(call: &str) -> String {
    let prefix = call.split(':').next().unwrap_or_default();
    bounds::with_log(|log| log.endpoint_of(prefix))
        .flatten()
        .unwrap_or_else(|| "the endpoint".to_owned())
}

/// The innermost error of a chain, as text.
fn innermost(err: &(dyn std::error::Error + 'static)) -> String {
    let mut cur = err;
    while let Some(next) = cur.source() {
        cur = next;
    }
    cur.to_string()
}

impl AwsError {
    /// From an SDK error: AWS's code and message when AWS answered; otherwise a code and
    /// a message saying what happened on the way (network: no answer, connection
    /// refused, DNS; credentials: none found) and naming the endpoint.
    pub fn from_sdk<E>(
        err: &aws_smithy_runtime_api::client::result::SdkError<E, HttpResponse>,
        call: &'static str,
        resource: impl Into<String>,
    ) -> Self
    where
        E: ProvideErrorMetadata + std::error::Error + 'static,
    {
        use aws_smithy_runtime_api::client::result::SdkError;
        let context = || {
            format!(
                "{}",
                aws_smithy_types::error::display::DisplayErrorContext(err)
            )
        };
        let (code, message) = match err {
            SdkError::ServiceError(e) => (
                e.err().code().unwrap_or("Unknown").to_owned(),
                e.err()
                    .message()
                    .map_or_else(|| e.err().to_string(), str::to_owned),
            ),
            SdkError::TimeoutError(_) => (
                "Timeout".to_owned(),
                format!(
                    "network: no answer from {} ({}): it accepted the connection and never answered, or the connection could not be made",
                    endpoint_for(call),
                    innermost(err)
                ),
            ),
            SdkError::DispatchFailure(d) => {
                let endpoint = endpoint_for(call);
                match d.as_connector_error() {
                    Some(c) if credentials_error(c).is_some() => (
                        "NoCredentials".to_owned(),
                        format!(
                            "credentials: {}",
                            credentials_error(c).map_or_else(context, |e| format!(
                                "{}",
                                aws_smithy_types::error::display::DisplayErrorContext(e)
                            ))
                        ),
                    ),
                    Some(c) if io_kind(c) == Some(std::io::ErrorKind::ConnectionRefused) => (
                        "ConnectionRefused".to_owned(),
                        format!(
                            "network: {endpoint} refused the connection: nothing listens there"
                        ),
                    ),
                    Some(c) if no_answer(c).is_some() => (
                        "Timeout".to_owned(),
                        format!(
                            "network: no answer from {endpoint} ({}): it accepted the connection and never answered, or the connection could not be made",
                            innermost(c)
                        ),
                    ),
                    Some(c) if is_dns(c) => (
                        "DnsFailure".to_owned(),
                        format!(
                            "network: the host of {endpoint} does not resolve (DNS): {}",
                            innermost(c)
                        ),
                    ),
                    Some(c) if c.is_timeout() => (
                        "Timeout".to_owned(),
                        format!(
                            "network: could not connect to {endpoint} in time: {}",
                            innermost(c)
                        ),
                    ),
                    Some(c) if c.is_io() => (
                        "ConnectionFailed".to_owned(),
                        format!(
                            "network: the connection to {endpoint} failed: {}",
                            innermost(c)
                        ),
                    ),
                    _ => ("DispatchFailure".to_owned(), context()),
                }
            }
            SdkError::ResponseError(_) => (
                "ResponseError".to_owned(),
                format!(
                    "network: {} answered with something other than AWS: {}",
                    endpoint_for(call),
                    err.raw_response().map_or_else(context, unparsable_response)
                ),
            ),
            SdkError::ConstructionFailure(_) => ("ConstructionFailure".to_owned(), context()),
            _ => ("Unknown".to_owned(), context()),
        };
        Self {
            resource: resource.into(),
            call,
            code,
            message,
        }
    }

    /// What kind of failure this is (from its code).
    #[must_use]
    pub fn kind(&self) -> FailureKind {
        let code = self.code.as_str();
        if NETWORK_CODES.contains(&code) {
            FailureKind::Network
        } else if code == "NoCredentials" || CREDENTIALS_CODES.contains(&code) {
            FailureKind::Credentials
        } else if PERMISSIONS_CODES.contains(&code) {
            FailureKind::Permissions
        } else if THROTTLING_CODES.contains(&code) {
            FailureKind::Throttled
        } else {
            FailureKind::Other
        }
    }

    /// The AWS error code of an SDK error, if AWS answered with one.
    pub fn code_of<E, R>(
        err: &aws_smithy_runtime_api::client::result::SdkError<E, R>,
    ) -> Option<&str>
    where
        E: ProvideErrorMetadata,
    {
        err.as_service_error().and_then(ProvideErrorMetadata::code)
    }
}

/// A response that is not an AWS error document (a proxy's or an emulator's HTML page):
/// its status and the start of its text, without markup.
fn unparsable_response(raw: &HttpResponse) -> String {
    let body = raw
        .body()
        .bytes()
        .map(String::from_utf8_lossy)
        .unwrap_or_default();
    let mut text = String::new();
    let mut in_tag = false;
    for ch in body.chars() {
        match ch {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(ch),
            _ => {}
        }
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut snippet = words.join(" ");
    if snippet.len() > 200 {
        let cut = snippet
            .char_indices()
            .nth(200)
            .map_or(snippet.len(), |(i, _)| i);
        snippet.truncate(cut);
        snippet.push_str("...");
    }
    format!(
        "HTTP {} with a body that is not an AWS error response: {}",
        raw.status().as_u16(),
        if snippet.is_empty() {
            "(empty)"
        } else {
            &snippet
        }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(code: &str) -> AwsError {
        AwsError {
            resource: "cluster.demo".into(),
            call: "ecs:DescribeClusters",
            code: code.into(),
            message: String::new(),
        }
    }

    #[test]
    fn each_code_has_its_kind() {
        for code in NETWORK_CODES {
            assert_eq!(error(code).kind(), FailureKind::Network, "{code}");
        }
        for code in CREDENTIALS_CODES.iter().chain(&["NoCredentials"]) {
            assert_eq!(error(code).kind(), FailureKind::Credentials, "{code}");
        }
        for code in PERMISSIONS_CODES {
            assert_eq!(error(code).kind(), FailureKind::Permissions, "{code}");
        }
        for code in THROTTLING_CODES {
            assert_eq!(error(code).kind(), FailureKind::Throttled, "{code}");
        }
        for code in ["ClusterNotFoundException", "DispatchFailure"] {
            assert_eq!(error(code).kind(), FailureKind::Other, "{code}");
        }
    }

    #[test]
    fn the_endpoint_of_a_request_is_its_scheme_and_authority() {
        assert_eq!(
            endpoint_of_uri("https://ecs.eu-west-3.amazonaws.com/?Action=X"),
            "https://ecs.eu-west-3.amazonaws.com"
        );
        assert_eq!(
            endpoint_of_uri("http://127.0.0.1:4599/"),
            "http://127.0.0.1:4599"
        );
    }
}
