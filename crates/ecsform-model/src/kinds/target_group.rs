//! An ELBv2 target group (`target_group.<name>`).

use serde_json::{Value, json};

use super::{AnchorGroup, KindRules, TAGS_AND_ATTRIBUTES, str_at};
use crate::Kind::TargetGroup;
use crate::defaults::{FieldDefault, Site, aws, aws_when, elb, reset, reset_always, reset_when};

/// Everything the model and the plan know about a target group.
pub static RULES: KindRules = KindRules {
    defaults: DEFAULTS,
    keyed_lists: TAGS_AND_ATTRIBUTES,
    stamp_anchor: Some(AnchorGroup::Other),
    import_keeps: &["name", "port", "protocol", "targetType", "vpcId"],
    replaced_by: REPLACED_BY,
    create_before_destroy: true,
    ..KindRules::NONE
};

/// What ELBv2 cannot change in place (ModifyTargetGroup takes only the health check and
/// the matcher; ModifyTargetGroupAttributes the attributes): the rest of CreateTargetGroup.
/// A replacement creates the new one first, so that nothing is left without a target
/// group in between.
const REPLACED_BY: &[&str] = &[
    "port",
    "protocol",
    "vpcId",
    "targetType",
    "protocolVersion",
    "ipAddressType",
];

// ---- defaults ----------------------------------------------------------------------------

const CTG: &str = elb!("API_CreateTargetGroup.html");
const NLB_HC: &str = "https://docs.aws.amazon.com/elasticloadbalancing/latest/network/target-group-health-checks.html";
const ALB_HC: &str = "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html";
const TGA: &str = elb!("API_TargetGroupAttribute.html");

/// Its rows of the defaults table ([`crate::defaults`]), in the order they apply.
const DEFAULTS: &[FieldDefault] = &[
    reset(TargetGroup, "targetType", "\"instance\"", CTG),
    reset(TargetGroup, "ipAddressType", "\"ipv4\"", CTG),
    reset_when(
        TargetGroup,
        "protocolVersion",
        protocol_version,
        "`HTTP1` for HTTP and HTTPS target groups",
        CTG,
    ),
    reset(TargetGroup, "healthCheckEnabled", "true", CTG),
    reset_when(
        TargetGroup,
        "healthCheckProtocol",
        health_check_protocol,
        "`HTTP` for HTTP target groups and those of type `alb`; `TCP` for TCP, TLS, UDP and TCP_UDP; AWS's for HTTPS",
        CTG,
    ),
    reset_when(
        TargetGroup,
        "healthCheckPort",
        traffic_port,
        "`traffic-port` (not GENEVE)",
        CTG,
    ),
    reset_when(
        TargetGroup,
        "healthCheckPath",
        health_check_path,
        "`/` for HTTP and HTTPS target groups (`/AWS.ALB/healthcheck` for gRPC) and HTTP(S) health checks of TCP target groups",
        CTG,
    ),
    reset_when(
        TargetGroup,
        "healthCheckIntervalSeconds",
        health_check_interval,
        "`30` (not GENEVE)",
        CTG,
    ),
    reset_when(
        TargetGroup,
        "healthCheckTimeoutSeconds",
        health_check_timeout,
        "`5` for HTTP and HTTPS target groups (ALB); for TCP, TLS, UDP and TCP_UDP target groups (NLB) `6` with an HTTP health check, `10` with TCP or HTTPS",
        NLB_HC,
    ),
    reset_when(
        TargetGroup,
        "healthyThresholdCount",
        healthy_threshold,
        "`5` for HTTP and HTTPS target groups",
        ALB_HC,
    ),
    reset_when(
        TargetGroup,
        "unhealthyThresholdCount",
        unhealthy_threshold,
        "`2` for HTTP and HTTPS target groups",
        ALB_HC,
    ),
    reset_when(
        TargetGroup,
        "matcher",
        matcher,
        "`{httpCode: \"200\"}` for HTTP and HTTPS target groups (`{grpcCode: \"12\"}` for gRPC); `{httpCode: \"200-399\"}` for HTTP health checks of TCP target groups; none for TCP health checks",
        ALB_HC,
    ),
    aws_when(
        TargetGroup,
        "healthyThresholdCount",
        nlb_healthy_threshold,
        "`5` for TCP, TLS, UDP and TCP_UDP target groups made since late 2022 (`3` before)",
        NLB_HC,
    ),
    aws_when(
        TargetGroup,
        "unhealthyThresholdCount",
        nlb_unhealthy_threshold,
        "`2` for TCP, TLS, UDP and TCP_UDP target groups made since late 2022 (`3` before)",
        NLB_HC,
    ),
    reset_always(
        TargetGroup,
        "attributes.\"deregistration_delay.timeout_seconds\"",
        "\"300\"",
        TGA,
    ),
    reset_always(
        TargetGroup,
        "attributes.\"deregistration_delay.connection_termination.enabled\"",
        "\"false\"",
        TGA,
    ),
    reset_always(
        TargetGroup,
        "attributes.\"load_balancing.algorithm.type\"",
        "\"round_robin\"",
        TGA,
    ),
    reset_always(
        TargetGroup,
        "attributes.\"load_balancing.algorithm.anomaly_mitigation\"",
        "\"off\"",
        TGA,
    ),
    reset_always(
        TargetGroup,
        "attributes.\"load_balancing.cross_zone.enabled\"",
        "\"use_load_balancer_configuration\"",
        TGA,
    ),
    reset_always(
        TargetGroup,
        "attributes.\"proxy_protocol_v2.enabled\"",
        "\"false\"",
        TGA,
    ),
    reset_always(
        TargetGroup,
        "attributes.\"slow_start.duration_seconds\"",
        "\"0\"",
        TGA,
    ),
    reset_always(
        TargetGroup,
        "attributes.\"stickiness.enabled\"",
        "\"false\"",
        TGA,
    ),
    reset_always(
        TargetGroup,
        "attributes.\"stickiness.app_cookie.duration_seconds\"",
        "\"86400\"",
        TGA,
    ),
    reset_always(
        TargetGroup,
        "attributes.\"stickiness.lb_cookie.duration_seconds\"",
        "\"86400\"",
        TGA,
    ),
    reset_always(
        TargetGroup,
        "attributes.\"target_group_health.dns_failover.minimum_healthy_targets.count\"",
        "\"1\"",
        TGA,
    ),
    reset_always(
        TargetGroup,
        "attributes.\"target_group_health.dns_failover.minimum_healthy_targets.percentage\"",
        "\"off\"",
        TGA,
    ),
    reset_always(
        TargetGroup,
        "attributes.\"target_group_health.unhealthy_state_routing.minimum_healthy_targets.count\"",
        "\"1\"",
        TGA,
    ),
    reset_always(
        TargetGroup,
        "attributes.\"target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage\"",
        "\"off\"",
        TGA,
    ),
    reset_always(
        TargetGroup,
        "attributes.\"lambda.multi_value_headers.enabled\"",
        "\"false\"",
        TGA,
    ),
    aws(
        TargetGroup,
        "attributes.\"stickiness.type\"",
        "\"lb_cookie\"",
        TGA,
    ),
    reset_always(TargetGroup, "tags", "{}", elb!("API_AddTags.html")),
];

fn tg_protocol<'v>(site: &Site<'v>) -> Option<&'v str> {
    str_at(site.root, "/protocol")
}

fn http_target_group(site: &Site<'_>) -> bool {
    matches!(tg_protocol(site), Some("HTTP" | "HTTPS"))
}

fn nlb_target_group(site: &Site<'_>) -> bool {
    matches!(tg_protocol(site), Some("TCP" | "TLS" | "UDP" | "TCP_UDP"))
}

fn protocol_version(site: &Site<'_>) -> Option<Value> {
    http_target_group(site).then(|| json!("HTTP1"))
}

/// HTTP for HTTP target groups, TCP for the Network Load Balancer's protocols. An HTTPS
/// target group's default is left to AWS: the ALB guide says HTTP, answers have been
/// seen with HTTPS.
fn health_check_protocol(site: &Site<'_>) -> Option<Value> {
    // A TCP target group of type `alb` (an Application Load Balancer behind a Network
    // Load Balancer) is health-checked over HTTP (AWS CLI, create-target-group, example 4;
    // NLB guide, "Application Load Balancers as targets").
    if str_at(site.root, "/targetType") == Some("alb") {
        return Some(json!("HTTP"));
    }
    match tg_protocol(site)? {
        "HTTP" => Some(json!("HTTP")),
        "TCP" | "TLS" | "UDP" | "TCP_UDP" => Some(json!("TCP")),
        _ => None,
    }
}

/// The health check protocol in force: the file's, or the default.
fn effective_health_check_protocol(site: &Site<'_>) -> Option<String> {
    str_at(site.root, "/healthCheckProtocol")
        .map(str::to_owned)
        .or_else(|| health_check_protocol(site).and_then(|v| v.as_str().map(str::to_owned)))
}

fn traffic_port(site: &Site<'_>) -> Option<Value> {
    (http_target_group(site) || nlb_target_group(site)).then(|| json!("traffic-port"))
}

fn grpc(site: &Site<'_>) -> bool {
    str_at(site.root, "/protocolVersion") == Some("GRPC")
}

fn health_check_path(site: &Site<'_>) -> Option<Value> {
    if http_target_group(site) {
        return Some(json!(if grpc(site) {
            "/AWS.ALB/healthcheck"
        } else {
            "/"
        }));
    }
    match effective_health_check_protocol(site).as_deref() {
        Some("HTTP" | "HTTPS") if nlb_target_group(site) => Some(json!("/")),
        _ => None,
    }
}

fn health_check_interval(site: &Site<'_>) -> Option<Value> {
    (http_target_group(site) || nlb_target_group(site)).then(|| json!(30))
}

fn health_check_timeout(site: &Site<'_>) -> Option<Value> {
    if http_target_group(site) {
        return Some(json!(5));
    }
    if !nlb_target_group(site) {
        return None;
    }
    match effective_health_check_protocol(site).as_deref() {
        Some("HTTP") => Some(json!(6)),
        _ => Some(json!(10)),
    }
}

/// Application Load Balancer target groups: 5 healthy, 2 unhealthy. A Network Load
/// Balancer target group's thresholds are AWS's: groups made before late 2022 have 3
/// and 3, newer ones 5 and 2 (NLB guide, health checks, then and now).
fn healthy_threshold(site: &Site<'_>) -> Option<Value> {
    http_target_group(site).then(|| json!(5))
}

fn unhealthy_threshold(site: &Site<'_>) -> Option<Value> {
    http_target_group(site).then(|| json!(2))
}

fn nlb_healthy_threshold(site: &Site<'_>) -> Option<Value> {
    nlb_target_group(site).then(|| json!(5))
}

fn nlb_unhealthy_threshold(site: &Site<'_>) -> Option<Value> {
    nlb_target_group(site).then(|| json!(2))
}

fn matcher(site: &Site<'_>) -> Option<Value> {
    if http_target_group(site) {
        return Some(if grpc(site) {
            json!({"grpcCode": "12"})
        } else {
            json!({"httpCode": "200"})
        });
    }
    match effective_health_check_protocol(site).as_deref() {
        Some("HTTP" | "HTTPS") if nlb_target_group(site) => Some(json!({"httpCode": "200-399"})),
        _ => None,
    }
}
