//! The settings parser under any input (proptest): no value of any variable ecsform
//! reads panics; a value is either taken, within its documented range, or refused with
//! an error naming the variable; the flags' parsers likewise.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::time::Duration;

use ecsform_aws::settings::{self, ENDPOINT_VARIABLES, MAX_ATTEMPTS_LIMIT, TIMEOUT_RANGE};
use ecsform_aws::{SettingError, Settings};
use proptest::prelude::*;

const VARIABLES: [&str; 13] = [
    "AWS_MAX_ATTEMPTS",
    "AWS_RETRY_MODE",
    "ECSFORM_CALL_TIMEOUT",
    "ECSFORM_TIMEOUT",
    "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_ECS",
    "AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2",
    "AWS_ENDPOINT_URL_APPLICATION_AUTO_SCALING",
    "AWS_ENDPOINT_URL_SERVICEDISCOVERY",
    "AWS_USE_FIPS_ENDPOINT",
    "AWS_USE_DUALSTACK_ENDPOINT",
    "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
    "AWS_CONFIG_FILE",
];

/// Values a person or a broken CI variable could give: numbers of every shape, words,
/// URLs, paths, control characters, long runs.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[ -~]{0,40}",
        "-?[0-9]{0,25}(\\.[0-9]{0,10})?([eE][-+]?[0-9]{1,4})?",
        Just("NaN".to_owned()),
        Just("inf".to_owned()),
        Just("-0".to_owned()),
        Just("0x10".to_owned()),
        Just(" 5 ".to_owned()),
        "(https?|ftp)?(://)?[a-z0-9.:\\[\\]@-]{0,30}(/[a-z]{0,5})?",
        Just("/dev/zero".to_owned()),
        Just("/".to_owned()),
        "[0-9]{300}",
    ]
}

fn parse(env: &BTreeMap<String, String>) -> Result<Settings, SettingError> {
    Settings::from_lookup(|k| env.get(k).map(OsString::from))
}

fn in_range(d: Duration) -> bool {
    let (min, max) = TIMEOUT_RANGE;
    let s = d.as_secs_f64();
    (min..=max).contains(&s)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn any_environment_is_taken_in_range_or_refused_by_name(
        vars in proptest::collection::btree_map(
            proptest::sample::select(VARIABLES.to_vec()).prop_map(str::to_owned),
            value(),
            0..5,
        )
    ) {
        match parse(&vars) {
            Ok(s) => {
                prop_assert!((1..=MAX_ATTEMPTS_LIMIT).contains(&s.max_attempts));
                prop_assert!(in_range(s.attempt_timeout));
                prop_assert!(in_range(s.timeout));
                prop_assert!(s.attempt() <= s.timeout);
            }
            Err(e) => {
                prop_assert!(vars.contains_key(&e.name), "{e} names no variable that was set");
                let text = e.to_string();
                prop_assert!(text.starts_with(&e.name), "{text}");
                prop_assert!(text.contains("expected "), "{text}");
                prop_assert!(text.len() < 400, "a short message: {text}");
            }
        }
    }

    #[test]
    fn the_flag_parsers_never_panic(v in value(), min in 0u64..10, span in 0u64..100_000) {
        if let Ok(n) = settings::whole("--concurrency", &v, min, min + span) {
            prop_assert!((min..=min + span).contains(&n));
        }
        let (lo, hi) = TIMEOUT_RANGE;
        if let Ok(d) = settings::seconds("--timeout", &v, lo, hi) {
            prop_assert!(in_range(d));
        }
        let _ = settings::check_region(&v, "test");
    }
}

#[test]
fn values_that_are_not_utf8_are_refused_by_name() {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        for name in VARIABLES {
            let e = Settings::from_lookup(|k| {
                (k == name).then(|| OsString::from_vec(vec![0x66, 0xff, 0x6f]))
            })
            .unwrap_err();
            assert_eq!(e.name, name);
        }
    }
}

#[test]
fn every_endpoint_variable_is_checked() {
    for name in ENDPOINT_VARIABLES {
        let env = BTreeMap::from([(name.to_owned(), "no-scheme".to_owned())]);
        assert_eq!(parse(&env).unwrap_err().name, name);
        let env = BTreeMap::from([(
            name.to_owned(),
            "https://ecs.eu-west-3.amazonaws.com".to_owned(),
        )]);
        assert!(parse(&env).is_ok());
    }
}
