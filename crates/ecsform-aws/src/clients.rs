//! The SDK clients, configured once, counting the API calls they make; and AWS errors
//! as the user sees them: the resource, the call, AWS's code and message.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use aws_config::BehaviorVersion;
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::BeforeSerializationInterceptorContextRef;
use aws_smithy_runtime_api::http::Response as HttpResponse;
use aws_smithy_types::config_bag::ConfigBag;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

/// Counts operations (one per API call, whatever its retries).
#[derive(Debug, Clone, Default)]
struct CallCounter(Arc<AtomicUsize>);

impl Intercept for CallCounter {
    fn name(&self) -> &'static str {
        "ecsform-call-counter"
    }

    fn read_before_execution(
        &self,
        _context: &BeforeSerializationInterceptorContextRef<'_>,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        self.0.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Logs each call (`ECSFORM_LOG=ecsform::aws=debug`): the operation's metadata is in
    /// the config bag from here on (not yet when execution starts).
    fn read_before_serialization(
        &self,
        _context: &BeforeSerializationInterceptorContextRef<'_>,
        _runtime_components: &aws_smithy_runtime_api::client::runtime_components::RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if let Some(m) = cfg.load::<aws_smithy_runtime_api::client::orchestrator::Metadata>() {
            tracing::debug!(target: "ecsform::aws", "call {}:{}", m.service(), m.name());
        }
        Ok(())
    }
}

/// The four service clients ecsform uses.
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
    calls: CallCounter,
}

/// Attempts per call unless `AWS_MAX_ATTEMPTS` says otherwise.
pub const DEFAULT_MAX_ATTEMPTS: u32 = 10;

/// Seconds an attempt may take unless `ECSFORM_CALL_TIMEOUT` says otherwise.
pub const DEFAULT_CALL_TIMEOUT: f64 = 60.0;

impl Clients {
    /// Clients from the usual AWS configuration (environment, profile; `AWS_ENDPOINT_URL`
    /// honoured), in `region` when given.
    ///
    /// Retries: AWS throttles bursts of control-plane calls, and an apply makes dozens,
    /// so the SDK's standard mode retries up to [`DEFAULT_MAX_ATTEMPTS`] attempts (the
    /// SDK's default of 3 gives up on one call in 64 at a 25% error rate), backing off
    /// at most 5 s between attempts (a wrong endpoint fails within about half a minute);
    /// `AWS_MAX_ATTEMPTS` overrides. Each attempt times out after
    /// `ECSFORM_CALL_TIMEOUT` seconds (default [`DEFAULT_CALL_TIMEOUT`]), so that a
    /// connection that never answers is retried instead of hanging the run.
    pub async fn from_env(region: Option<String>) -> Self {
        use aws_config::retry::RetryConfig;
        use aws_config::timeout::TimeoutConfig;
        let mut loader = aws_config::defaults(BehaviorVersion::latest());
        if let Some(r) = region {
            loader = loader.region(aws_config::Region::new(r));
        }
        if std::env::var_os("AWS_MAX_ATTEMPTS").is_none() {
            loader = loader.retry_config(
                RetryConfig::standard()
                    .with_max_attempts(DEFAULT_MAX_ATTEMPTS)
                    .with_max_backoff(std::time::Duration::from_secs(5)),
            );
        }
        let attempt = std::env::var("ECSFORM_CALL_TIMEOUT")
            .ok()
            .and_then(|s| s.parse::<f64>().ok())
            .filter(|s| *s > 0.0)
            .unwrap_or(DEFAULT_CALL_TIMEOUT);
        loader = loader.timeout_config(
            TimeoutConfig::builder()
                .connect_timeout(std::time::Duration::from_secs(10))
                .operation_attempt_timeout(std::time::Duration::from_secs_f64(attempt))
                .build(),
        );
        let config = loader.load().await;
        Self::from_config(&config)
    }

    /// Clients from an SDK configuration (tests pass their own).
    #[must_use]
    pub fn from_config(config: &aws_config::SdkConfig) -> Self {
        let calls = CallCounter::default();
        Self {
            ecs: aws_sdk_ecs::Client::from_conf(
                aws_sdk_ecs::config::Builder::from(config)
                    .interceptor(calls.clone())
                    .build(),
            ),
            elb: aws_sdk_elasticloadbalancingv2::Client::from_conf(
                aws_sdk_elasticloadbalancingv2::config::Builder::from(config)
                    .interceptor(calls.clone())
                    .build(),
            ),
            aas: aws_sdk_applicationautoscaling::Client::from_conf(
                aws_sdk_applicationautoscaling::config::Builder::from(config)
                    .interceptor(calls.clone())
                    .build(),
            ),
            sd: aws_sdk_servicediscovery::Client::from_conf(
                aws_sdk_servicediscovery::config::Builder::from(config)
                    .interceptor(calls.clone())
                    .build(),
            ),
            calls,
        }
    }

    /// Clients built from prepared ones (tests with `aws-smithy-mocks`).
    #[must_use]
    pub fn from_parts(
        ecs: aws_sdk_ecs::Client,
        elb: aws_sdk_elasticloadbalancingv2::Client,
        aas: aws_sdk_applicationautoscaling::Client,
        sd: aws_sdk_servicediscovery::Client,
    ) -> Self {
        Self {
            ecs,
            elb,
            aas,
            sd,
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

impl AwsError {
    /// From an SDK error.
    pub fn from_sdk<E>(
        err: &aws_smithy_runtime_api::client::result::SdkError<E, HttpResponse>,
        call: &'static str,
        resource: impl Into<String>,
    ) -> Self
    where
        E: ProvideErrorMetadata + std::error::Error + 'static,
    {
        use aws_smithy_runtime_api::client::result::SdkError;
        let (code, message) = match err {
            SdkError::ServiceError(e) => (
                e.err().code().unwrap_or("Unknown").to_owned(),
                e.err()
                    .message()
                    .map_or_else(|| e.err().to_string(), str::to_owned),
            ),
            SdkError::TimeoutError(_) => ("Timeout".to_owned(), "the call timed out".to_owned()),
            SdkError::DispatchFailure(e) => (
                "DispatchFailure".to_owned(),
                if e.is_io() {
                    "could not reach the endpoint (I/O error)".to_owned()
                } else {
                    format!(
                        "{}",
                        aws_smithy_types::error::display::DisplayErrorContext(err)
                    )
                },
            ),
            SdkError::ResponseError(_) => (
                "ResponseError".to_owned(),
                err.raw_response().map_or_else(
                    || {
                        format!(
                            "{}",
                            aws_smithy_types::error::display::DisplayErrorContext(err)
                        )
                    },
                    unparsable_response,
                ),
            ),
            SdkError::ConstructionFailure(_) => (
                "ConstructionFailure".to_owned(),
                format!(
                    "{}",
                    aws_smithy_types::error::display::DisplayErrorContext(err)
                ),
            ),
            _ => (
                "Unknown".to_owned(),
                format!(
                    "{}",
                    aws_smithy_types::error::display::DisplayErrorContext(err)
                ),
            ),
        };
        Self {
            resource: resource.into(),
            call,
            code,
            message,
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
