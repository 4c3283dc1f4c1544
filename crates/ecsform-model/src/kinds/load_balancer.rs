//! An ELBv2 load balancer (`load_balancer.<name>`).

use serde_json::{Value, json};

use super::{AnchorGroup, Form, KindRules, TAGS_AND_ATTRIBUTES, str_at};
use crate::Doc;
use crate::Kind::LoadBalancer;
use crate::defaults::{FieldDefault, Site, aws_when, elb, none, reset, reset_always};
use crate::normalize::{Context, obj, sort_strings};

/// Everything the model and the plan know about a load balancer.
pub static RULES: KindRules = KindRules {
    defaults: DEFAULTS,
    forms: FORMS,
    keyed_lists: TAGS_AND_ATTRIBUTES,
    list_keys: LIST_KEYS,
    stamp_anchor: Some(AnchorGroup::Other),
    import_keeps: &["name", "type"],
    replaced_by: REPLACED_BY,
    ..KindRules::NONE
};

/// Lists matched by a member: a
/// [SubnetMapping](https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_SubnetMapping.html)
/// by `subnetId`.
const LIST_KEYS: &[(&str, &[&str])] = &[("subnetMappings", &["subnetId"])];

/// What ELBv2 cannot change in place: the scheme and the type (SetSubnets,
/// SetSecurityGroups, SetIpAddressType and ModifyLoadBalancerAttributes change the rest;
/// no call takes `Scheme` or `Type` but CreateLoadBalancer).
const REPLACED_BY: &[&str] = &["scheme", "type"];

// ---- defaults ----------------------------------------------------------------------------

const LBA: &str = elb!("API_LoadBalancerAttribute.html");

/// Its rows of the defaults table ([`crate::defaults`]), in the order they apply.
const DEFAULTS: &[FieldDefault] = &[
    reset(
        LoadBalancer,
        "type",
        "\"application\"",
        elb!("API_CreateLoadBalancer.html"),
    ),
    reset(
        LoadBalancer,
        "scheme",
        "\"internet-facing\"",
        elb!("API_CreateLoadBalancer.html"),
    ),
    reset(
        LoadBalancer,
        "ipAddressType",
        "\"ipv4\"",
        elb!("API_CreateLoadBalancer.html"),
    ),
    none(LoadBalancer, "ipamPools", elb!("API_ModifyIpPools.html")),
    reset_always(
        LoadBalancer,
        "attributes.\"access_logs.s3.enabled\"",
        "\"false\"",
        LBA,
    ),
    reset_always(
        LoadBalancer,
        "attributes.\"client_keep_alive.seconds\"",
        "\"3600\"",
        LBA,
    ),
    reset_always(
        LoadBalancer,
        "attributes.\"connection_logs.s3.enabled\"",
        "\"false\"",
        LBA,
    ),
    reset_always(
        LoadBalancer,
        "attributes.\"deletion_protection.enabled\"",
        "\"false\"",
        LBA,
    ),
    reset_always(
        LoadBalancer,
        "attributes.\"health_check_logs.s3.enabled\"",
        "\"false\"",
        LBA,
    ),
    reset_always(
        LoadBalancer,
        "attributes.\"idle_timeout.timeout_seconds\"",
        "\"60\"",
        LBA,
    ),
    reset_always(
        LoadBalancer,
        "attributes.\"routing.http.desync_mitigation_mode\"",
        "\"defensive\"",
        LBA,
    ),
    reset_always(
        LoadBalancer,
        "attributes.\"routing.http.drop_invalid_header_fields.enabled\"",
        "\"false\"",
        LBA,
    ),
    reset_always(
        LoadBalancer,
        "attributes.\"routing.http.preserve_host_header.enabled\"",
        "\"false\"",
        LBA,
    ),
    reset_always(
        LoadBalancer,
        "attributes.\"routing.http.x_amzn_tls_version_and_cipher_suite.enabled\"",
        "\"false\"",
        LBA,
    ),
    reset_always(
        LoadBalancer,
        "attributes.\"routing.http.xff_client_port.enabled\"",
        "\"false\"",
        LBA,
    ),
    reset_always(
        LoadBalancer,
        "attributes.\"routing.http.xff_header_processing.mode\"",
        "\"append\"",
        LBA,
    ),
    reset_always(
        LoadBalancer,
        "attributes.\"routing.http2.enabled\"",
        "\"true\"",
        LBA,
    ),
    reset_always(
        LoadBalancer,
        "attributes.\"waf.fail_open.enabled\"",
        "\"false\"",
        LBA,
    ),
    reset_always(
        LoadBalancer,
        "attributes.\"zonal_shift.config.enabled\"",
        "\"false\"",
        LBA,
    ),
    aws_when(
        LoadBalancer,
        "attributes.\"load_balancing.cross_zone.enabled\"",
        cross_zone,
        "`true` for an Application Load Balancer, `false` for the other types",
        LBA,
    ),
    reset_always(LoadBalancer, "tags", "{}", elb!("API_AddTags.html")),
];

fn cross_zone(site: &Site<'_>) -> Option<Value> {
    match str_at(site.root, "/type").unwrap_or("application") {
        "application" => Some(json!("true")),
        _ => Some(json!("false")),
    }
}

// ---- canonical forms ---------------------------------------------------------------------

/// Its canonical forms ([`crate::normalize`]), in the order they run.
const FORMS: &[Form] = &[Form {
    name: "load_balancer_sets",
    apply: load_balancer_sets,
}];

/// Subnets and security groups are sets.
fn load_balancer_sets(doc: &mut Doc, _: &Context<'_>) {
    let Some(map) = obj(doc) else { return };
    sort_strings(map.get_mut("subnets"));
    sort_strings(map.get_mut("securityGroups"));
}
