//! AWS's defaults of load balancer and target group attributes (ELBv2 API reference,
//! LoadBalancerAttribute and TargetGroupAttribute). AWS returns every attribute a
//! resource has; the file sets a few.
//!
//! [`reset_default`] holds the attributes whose default is the same for every type of
//! load balancer or target group that has them: an attribute the file does not set, live
//! at another value, is a change back to that default (the file dropped it, or someone
//! set it by hand), which apply makes. Attributes whose default depends on the type
//! (`load_balancing.cross_zone.enabled` of a load balancer: `true` for an ALB, `false`
//! for an NLB; `stickiness.type`: `lb_cookie` or `source_ip`; `preserve_client_ip.enabled`)
//! are compared only when the file sets them.

use crate::Kind;

/// Target group attributes with one default for every kind of target group that has them.
const TARGET_GROUP: &[(&str, &str)] = &[
    ("deregistration_delay.timeout_seconds", "300"),
    (
        "deregistration_delay.connection_termination.enabled",
        "false",
    ),
    ("load_balancing.algorithm.type", "round_robin"),
    ("load_balancing.algorithm.anomaly_mitigation", "off"),
    (
        "load_balancing.cross_zone.enabled",
        "use_load_balancer_configuration",
    ),
    ("proxy_protocol_v2.enabled", "false"),
    ("slow_start.duration_seconds", "0"),
    ("stickiness.enabled", "false"),
    ("stickiness.app_cookie.duration_seconds", "86400"),
    ("stickiness.lb_cookie.duration_seconds", "86400"),
    (
        "target_group_health.dns_failover.minimum_healthy_targets.count",
        "1",
    ),
    (
        "target_group_health.dns_failover.minimum_healthy_targets.percentage",
        "off",
    ),
    (
        "target_group_health.unhealthy_state_routing.minimum_healthy_targets.count",
        "1",
    ),
    (
        "target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage",
        "off",
    ),
    ("lambda.multi_value_headers.enabled", "false"),
];

/// Load balancer attributes with one default for every type of load balancer that has them.
const LOAD_BALANCER: &[(&str, &str)] = &[
    ("access_logs.s3.enabled", "false"),
    ("client_keep_alive.seconds", "3600"),
    ("connection_logs.s3.enabled", "false"),
    ("deletion_protection.enabled", "false"),
    ("health_check_logs.s3.enabled", "false"),
    ("idle_timeout.timeout_seconds", "60"),
    ("routing.http.desync_mitigation_mode", "defensive"),
    ("routing.http.drop_invalid_header_fields.enabled", "false"),
    ("routing.http.preserve_host_header.enabled", "false"),
    (
        "routing.http.x_amzn_tls_version_and_cipher_suite.enabled",
        "false",
    ),
    ("routing.http.xff_client_port.enabled", "false"),
    ("routing.http.xff_header_processing.mode", "append"),
    ("routing.http2.enabled", "true"),
    ("waf.fail_open.enabled", "false"),
    ("zonal_shift.config.enabled", "false"),
];

/// Attribute values that are defaults for some type only (import leaves them out too).
const TYPE_DEFAULTS: &[(&str, &str)] = &[("stickiness.type", "lb_cookie")];

/// AWS's default of an attribute of a load balancer or target group, when it is the same
/// for every type that has it (see the module's documentation).
#[must_use]
pub fn reset_default(kind: Kind, key: &str) -> Option<&'static str> {
    let table = match kind {
        Kind::TargetGroup => TARGET_GROUP,
        Kind::LoadBalancer => LOAD_BALANCER,
        _ => return None,
    };
    table.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
}

/// Whether `value` is AWS's default of the attribute `key` for some load balancer or
/// target group (an empty value, an unset bucket or prefix, counts as one).
#[must_use]
pub fn is_default(key: &str, value: &str) -> bool {
    value.is_empty()
        || TARGET_GROUP
            .iter()
            .chain(LOAD_BALANCER)
            .chain(TYPE_DEFAULTS)
            .any(|&(k, v)| k == key && v == value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_by_kind() {
        assert_eq!(
            reset_default(Kind::TargetGroup, "deregistration_delay.timeout_seconds"),
            Some("300")
        );
        assert_eq!(
            reset_default(Kind::LoadBalancer, "deletion_protection.enabled"),
            Some("false")
        );
        // Type-dependent: never reset.
        assert_eq!(
            reset_default(Kind::LoadBalancer, "load_balancing.cross_zone.enabled"),
            None
        );
        assert_eq!(reset_default(Kind::TargetGroup, "stickiness.type"), None);
        assert_eq!(reset_default(Kind::Listener, "anything"), None);
        assert!(is_default("stickiness.type", "lb_cookie"));
        assert!(is_default("access_logs.s3.bucket", ""));
        assert!(!is_default("deregistration_delay.timeout_seconds", "30"));
    }
}
