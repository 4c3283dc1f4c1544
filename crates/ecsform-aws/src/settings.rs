//! Every setting ecsform reads from the environment before it calls AWS, checked at once:
//! a value out of range or of the wrong form is an error naming the setting and what it
//! accepts, never a panic deep in the SDK or a value silently ignored. The CLI's flags
//! use the same parsers ([`seconds`], [`whole`]), so a flag and its variable say the same.
//!
//! Why each is checked here: the SDK panics on `AWS_MAX_ATTEMPTS=0` or `=abc`, on an
//! invalid `AWS_RETRY_MODE` and on an empty `AWS_ENDPOINT_URL` (aws-config's
//! `default_provider::retry_config`, aws-smithy-types' `endpoint::EndpointBuilder::build`);
//! `Duration::from_secs_f64` panics on a value too large (`ECSFORM_CALL_TIMEOUT=1e300`);
//! an endpoint without a scheme fails every call; a region of no AWS partition is sent to
//! a host that does not exist.

use std::ffi::OsString;
use std::fmt;
use std::time::Duration;

/// Attempts per call unless `AWS_MAX_ATTEMPTS` says otherwise.
pub const DEFAULT_MAX_ATTEMPTS: u32 = 10;
/// The most attempts `AWS_MAX_ATTEMPTS` may ask for.
pub const MAX_ATTEMPTS_LIMIT: u32 = 100;
/// Seconds one attempt of a call may take unless `ECSFORM_CALL_TIMEOUT` says otherwise.
pub const DEFAULT_CALL_TIMEOUT: f64 = 20.0;
/// Seconds plan's reads (and each call of an apply, retries included) may take in all,
/// unless `--timeout` or `ECSFORM_TIMEOUT` says otherwise.
pub const DEFAULT_TIMEOUT: f64 = 30.0;
/// The range of `ECSFORM_CALL_TIMEOUT` and of `--timeout` / `ECSFORM_TIMEOUT`, seconds.
pub const TIMEOUT_RANGE: (f64, f64) = (0.1, 3600.0);

/// The environment variables naming an endpoint: the global one and the service-specific
/// ones of the four services ecsform calls (the SDK's names: `AWS_ENDPOINT_URL_` and the
/// service id upper-cased, spaces as underscores; aws-runtime `env_config.rs`).
pub const ENDPOINT_VARIABLES: [&str; 5] = [
    "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_ECS",
    "AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2",
    "AWS_ENDPOINT_URL_APPLICATION_AUTO_SCALING",
    "AWS_ENDPOINT_URL_SERVICEDISCOVERY",
];

/// The boolean variables the SDK reads (`true` or `false`, any case).
const BOOLEAN_VARIABLES: [&str; 3] = [
    "AWS_USE_FIPS_ENDPOINT",
    "AWS_USE_DUALSTACK_ENDPOINT",
    "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
];

/// The files the SDK reads its profiles from: a FIFO or a device there would block or
/// grow without end (the SDK reads the whole file).
const FILE_VARIABLES: [&str; 2] = ["AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"];

/// How ecsform calls AWS: retries, and how long a call and a read may take.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Attempts per call (`AWS_MAX_ATTEMPTS`, 1 to [`MAX_ATTEMPTS_LIMIT`]).
    pub max_attempts: u32,
    /// The SDK's adaptive retry mode (the default; `AWS_RETRY_MODE=standard` for the
    /// standard mode). Adaptive retries like standard and also rate-limits the client
    /// after a throttling error, per AWS request bucket (`clients::RatePartitions`):
    /// under AWS's documented buckets the standard mode's 10 attempts are a lottery
    /// among the calls waiting for the same bucket's refill (ECS registers task
    /// definitions at 1 a second), and a 100-service apply from empty failed with
    /// `ecs:RegisterTaskDefinition answered ThrottlingException` (the `throttled`
    /// benchmark); the adaptive mode's limiter queues them instead.
    pub adaptive: bool,
    /// How long one attempt may take (`ECSFORM_CALL_TIMEOUT`).
    pub attempt_timeout: Duration,
    /// How long plan's reads may take in all, and one call of an apply with its retries
    /// (`--timeout`, `ECSFORM_TIMEOUT`); time a call is held by the pacing at AWS's
    /// documented rates ([`crate::pace`]) is not counted.
    pub timeout: Duration,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            max_attempts: DEFAULT_MAX_ATTEMPTS,
            adaptive: true,
            attempt_timeout: Duration::from_secs_f64(DEFAULT_CALL_TIMEOUT),
            timeout: Duration::from_secs_f64(DEFAULT_TIMEOUT),
        }
    }
}

/// A setting whose value ecsform cannot use: its name, the value, what it accepts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct SettingError {
    /// The variable or flag (`AWS_MAX_ATTEMPTS`, `--timeout`).
    pub name: String,
    /// The value given, shortened and quoted for display.
    pub value: String,
    /// What the setting accepts.
    pub expected: String,
}

impl fmt::Display for SettingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} is {}: expected {}",
            self.name, self.value, self.expected
        )
    }
}

impl SettingError {
    fn new(name: &str, value: &str, expected: impl Into<String>) -> Self {
        Self {
            name: name.to_owned(),
            value: shown(value),
            expected: expected.into(),
        }
    }
}

/// A value as an error message shows it: quoted, escaped, at most 60 characters.
fn shown(value: &str) -> String {
    let mut cut: String = value.chars().take(60).collect();
    if cut.len() < value.len() {
        cut.push_str("...");
    }
    if cut.is_empty() {
        "empty".to_owned()
    } else {
        format!("{cut:?}")
    }
}

/// A number of seconds from `min` to `max` (a decimal allowed: `0.5`, `90`).
///
/// # Errors
/// When `value` is not a finite number in the range; the error names `name`.
pub fn seconds(name: &str, value: &str, min: f64, max: f64) -> Result<Duration, SettingError> {
    let expected = || format!("a number of seconds from {min} to {max}");
    let n: f64 = value
        .trim()
        .parse()
        .map_err(|_| SettingError::new(name, value, expected()))?;
    if !n.is_finite() || n < min || n > max {
        return Err(SettingError::new(name, value, expected()));
    }
    // In range and finite, so the conversion cannot fail.
    Duration::try_from_secs_f64(n).map_err(|_| SettingError::new(name, value, expected()))
}

/// A whole number from `min` to `max`.
///
/// # Errors
/// When `value` is not a whole number in the range; the error names `name`.
pub fn whole(name: &str, value: &str, min: u64, max: u64) -> Result<u64, SettingError> {
    let expected = || format!("a whole number from {min} to {max}");
    let n: u64 = value
        .trim()
        .parse()
        .map_err(|_| SettingError::new(name, value, expected()))?;
    if n < min || n > max {
        return Err(SettingError::new(name, value, expected()));
    }
    Ok(n)
}

/// An endpoint URL as the SDK needs one: `http://` or `https://` and a host.
///
/// # Errors
/// When `value` is not such a URL; the error names `name`.
pub fn check_endpoint(name: &str, value: &str) -> Result<(), SettingError> {
    let expected = "an endpoint URL such as https://ecs.us-east-1.amazonaws.com or http://127.0.0.1:4566 (or the variable unset)";
    let rest = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"));
    let host = rest
        .map(|r| r.split(['/', '?', '#']).next().unwrap_or_default())
        .unwrap_or_default();
    let host_ok = !host.is_empty()
        && !host.starts_with(':')
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-._:[]@%".contains(c));
    if host_ok && value.trim() == value {
        Ok(())
    } else {
        Err(SettingError::new(name, value, expected))
    }
}

impl Settings {
    /// The settings from the process environment.
    ///
    /// # Errors
    /// The first setting that is not valid.
    pub fn from_env() -> Result<Self, SettingError> {
        Self::from_lookup(|name| std::env::var_os(name))
    }

    /// The settings from `get` (a variable's value, `None` when unset): ecsform's own
    /// (`ECSFORM_CALL_TIMEOUT`, `ECSFORM_TIMEOUT`) and those of the SDK's that it sets
    /// itself or that would fail or panic later (`AWS_MAX_ATTEMPTS`, `AWS_RETRY_MODE`,
    /// the endpoint URLs, the boolean switches, the profile files).
    ///
    /// # Errors
    /// The first setting that is not valid.
    pub fn from_lookup(get: impl Fn(&str) -> Option<OsString>) -> Result<Self, SettingError> {
        let text = |name: &str| -> Result<Option<String>, SettingError> {
            match get(name) {
                None => Ok(None),
                Some(v) => v
                    .into_string()
                    .map(Some)
                    .map_err(|v| SettingError::new(name, &v.to_string_lossy(), "UTF-8 text")),
            }
        };
        let mut s = Self::default();
        if let Some(v) = text("AWS_MAX_ATTEMPTS")? {
            let n = whole("AWS_MAX_ATTEMPTS", &v, 1, u64::from(MAX_ATTEMPTS_LIMIT))?;
            s.max_attempts = u32::try_from(n).unwrap_or(MAX_ATTEMPTS_LIMIT);
        }
        if let Some(v) = text("AWS_RETRY_MODE")? {
            match v.trim().to_ascii_lowercase().as_str() {
                "standard" => s.adaptive = false,
                "adaptive" => s.adaptive = true,
                _ => {
                    return Err(SettingError::new(
                        "AWS_RETRY_MODE",
                        &v,
                        "standard or adaptive",
                    ));
                }
            }
        }
        let (min, max) = TIMEOUT_RANGE;
        if let Some(v) = text("ECSFORM_CALL_TIMEOUT")? {
            s.attempt_timeout = seconds("ECSFORM_CALL_TIMEOUT", &v, min, max)?;
        }
        if let Some(v) = text("ECSFORM_TIMEOUT")? {
            s.timeout = seconds("ECSFORM_TIMEOUT", &v, min, max)?;
        }
        for name in ENDPOINT_VARIABLES {
            if let Some(v) = text(name)? {
                check_endpoint(name, &v)?;
            }
        }
        for name in BOOLEAN_VARIABLES {
            if let Some(v) = text(name)?
                && !matches!(v.trim().to_ascii_lowercase().as_str(), "true" | "false")
            {
                return Err(SettingError::new(name, &v, "true or false"));
            }
        }
        for name in FILE_VARIABLES {
            if let Some(v) = text(name)? {
                profile_file(name, &v)?;
            }
        }
        Ok(s)
    }

    /// These settings with the bound of `--timeout` when the flag is given (the flag wins
    /// over `ECSFORM_TIMEOUT`).
    #[must_use]
    pub fn with_timeout(mut self, timeout: Option<Duration>) -> Self {
        if let Some(t) = timeout {
            self.timeout = t;
        }
        self
    }

    /// How long one attempt may take: `ECSFORM_CALL_TIMEOUT`, never more than the bound
    /// of the whole call.
    #[must_use]
    pub fn attempt(&self) -> Duration {
        self.attempt_timeout.min(self.timeout)
    }
}

/// A profile file the SDK will read: missing is fine (the SDK skips it), a regular file
/// and `/dev/null` (the usual way to say "no file") are fine, anything else (a folder, a
/// FIFO, another device such as `/dev/zero`) is refused.
fn profile_file(name: &str, value: &str) -> Result<(), SettingError> {
    if value.is_empty() {
        return Err(SettingError::new(
            name,
            value,
            "the path of a file (or the variable unset)",
        ));
    }
    let null = std::path::Path::new("/dev/null");
    match std::fs::metadata(value) {
        Ok(m) if !m.is_file() && std::fs::canonicalize(value).ok().as_deref() != Some(null) => {
            Err(SettingError::new(
                name,
                value,
                "the path of a regular file or /dev/null (it names a folder, a FIFO or a device)",
            ))
        }
        _ => Ok(()),
    }
}

/// The name of a region of an AWS partition: each partition's `regionRegex` in the
/// SDK's endpoint rules (botocore's `partitions.json`: aws
/// `^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$`, aws-cn `^cn\-\w+\-\d+$`, aws-us-gov
/// `^us\-gov\-\w+\-\d+$`, aws-iso `^us\-iso\-\w+\-\d+$`, aws-iso-b `^us\-isob\-\w+\-\d+$`,
/// aws-iso-e `^eu\-isoe\-\w+\-\d+$`, aws-iso-f `^us\-isof\-\w+\-\d+$`, aws-eusc
/// `^eusc\-(de)\-\w+\-\d+$`). A region that matches none has no endpoint anywhere (the
/// SDK still builds `ecs.<region>.amazonaws.com` for it, which does not resolve), so it
/// is refused before any call.
///
/// # Errors
/// When `region` is not such a name; `source` says where it came from.
pub fn check_region(region: &str, source: &str) -> Result<(), SettingError> {
    if is_aws_region(region) {
        return Ok(());
    }
    Err(SettingError {
        name: format!("the region ({source})"),
        value: shown(region),
        expected: "an AWS region such as us-east-1, eu-west-3 or ap-northeast-1".to_owned(),
    })
}

fn is_aws_region(region: &str) -> bool {
    let word = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    let parts: Vec<&str> = region.split('-').collect();
    match parts.as_slice() {
        [p, w, d] => {
            ["us", "eu", "ap", "sa", "ca", "me", "af", "il", "mx", "cn"].contains(p)
                && word(w)
                && digits(d)
        }
        [p, q, w, d] => {
            matches!(
                (*p, *q),
                ("us", "gov" | "iso" | "isob" | "isof") | ("eu", "isoe") | ("eusc", "de")
            ) && word(w)
                && digits(d)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Result<Settings, SettingError> {
        let map: std::collections::BTreeMap<String, String> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        Settings::from_lookup(|k| map.get(k).map(OsString::from))
    }

    #[test]
    fn defaults_when_nothing_is_set() {
        assert_eq!(env(&[]).unwrap(), Settings::default());
    }

    #[test]
    fn each_setting_in_range_is_taken() {
        let s = env(&[
            ("AWS_MAX_ATTEMPTS", "3"),
            ("AWS_RETRY_MODE", "Adaptive"),
            ("ECSFORM_CALL_TIMEOUT", "2.5"),
            ("ECSFORM_TIMEOUT", " 45 "),
            ("AWS_ENDPOINT_URL", "http://127.0.0.1:4566"),
            ("AWS_USE_FIPS_ENDPOINT", "TRUE"),
        ])
        .unwrap();
        assert_eq!(s.max_attempts, 3);
        assert!(s.adaptive);
        assert!(Settings::default().adaptive, "adaptive is the default");
        assert!(!env(&[("AWS_RETRY_MODE", "standard")]).unwrap().adaptive);
        assert_eq!(s.attempt_timeout, Duration::from_millis(2500));
        assert_eq!(s.timeout, Duration::from_secs(45));
    }

    #[test]
    fn each_bad_value_names_its_setting_and_range() {
        for (name, value, says) in [
            ("AWS_MAX_ATTEMPTS", "0", "a whole number from 1 to 100"),
            ("AWS_MAX_ATTEMPTS", "abc", "a whole number from 1 to 100"),
            ("AWS_MAX_ATTEMPTS", "-1", "a whole number from 1 to 100"),
            ("AWS_MAX_ATTEMPTS", "99999999999999999999", "from 1 to 100"),
            ("AWS_RETRY_MODE", "legacy", "standard or adaptive"),
            ("ECSFORM_CALL_TIMEOUT", "1e300", "seconds from 0.1 to 3600"),
            ("ECSFORM_CALL_TIMEOUT", "abc", "seconds from 0.1 to 3600"),
            ("ECSFORM_CALL_TIMEOUT", "NaN", "seconds from 0.1 to 3600"),
            ("ECSFORM_CALL_TIMEOUT", "inf", "seconds from 0.1 to 3600"),
            ("ECSFORM_CALL_TIMEOUT", "0", "seconds from 0.1 to 3600"),
            ("ECSFORM_CALL_TIMEOUT", "", "seconds from 0.1 to 3600"),
            ("ECSFORM_TIMEOUT", "-5", "seconds from 0.1 to 3600"),
            ("AWS_ENDPOINT_URL", "", "an endpoint URL"),
            ("AWS_ENDPOINT_URL", "notaurl", "an endpoint URL"),
            ("AWS_ENDPOINT_URL", "http://", "an endpoint URL"),
            ("AWS_ENDPOINT_URL_ECS", "ftp://x", "an endpoint URL"),
            ("AWS_USE_DUALSTACK_ENDPOINT", "yes", "true or false"),
            ("AWS_CONFIG_FILE", "", "the path of a file"),
            ("AWS_CONFIG_FILE", "/dev/zero", "a regular file"),
            ("AWS_SHARED_CREDENTIALS_FILE", "/", "a regular file"),
        ] {
            let e = env(&[(name, value)]).unwrap_err();
            assert_eq!(e.name, name);
            let text = e.to_string();
            assert!(
                text.starts_with(name) && text.contains(says),
                "{name}={value}: {text}"
            );
        }
    }

    #[test]
    fn dev_null_and_missing_profile_files_are_fine() {
        for path in ["/dev/null", "/no/such/file"] {
            assert!(env(&[("AWS_CONFIG_FILE", path)]).is_ok(), "{path}");
        }
    }

    #[test]
    fn a_long_value_is_shortened_in_the_message() {
        let long = "9".repeat(10_000);
        let e = env(&[("AWS_MAX_ATTEMPTS", &long)]).unwrap_err();
        assert!(e.to_string().len() < 200, "{e}");
    }

    #[test]
    fn regions_of_every_partition_pass_and_others_do_not() {
        for r in [
            "us-east-1",
            "eu-west-3",
            "ap-southeast-7",
            "mx-central-1",
            "cn-north-1",
            "us-gov-west-1",
            "us-iso-east-1",
            "us-isob-east-1",
            "eu-isoe-west-1",
            "us-isof-south-1",
            "eusc-de-east-1",
        ] {
            assert!(check_region(r, "test").is_ok(), "{r}");
        }
        for r in [
            "mars-east-1",
            "xx",
            "",
            "us-east",
            "us-east-1a",
            "us--1",
            "US-EAST-1 ",
            "local",
            "eusc-fr-east-1",
        ] {
            let e = check_region(r, "AWS_REGION").unwrap_err();
            assert!(e.to_string().contains("an AWS region"), "{e}");
        }
    }
}
