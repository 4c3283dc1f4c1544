//! `ecsform import`: live resources turned back into a stack file of the same format as
//! a hand-written one. Pure: the reading is done by the caller.
//!
//! - References inside the stack are names, not ARNs (`targetGroup: ui-application`,
//!   `taskDefinition: retail-store-ecs-ui`, `namespace: retailstore.local`).
//! - AWS defaults are left out: a field is dropped when the defaults table
//!   ([`crate::defaults`]) says AWS fills in that very value when it is not sent (a
//!   default ecsform resets, or one AWS chooses), or when it is empty. Everything else
//!   live holds is written, so the file plans clean.
//! - Environment-specific ids (subnets, security groups, VPCs, the account id and the
//!   region) are lifted into `${VARS}`, with their values in a generated vars file.
//! - Ownership: when the cluster carries an `ecsform:stack` tag, the stack takes that
//!   name and only that stack's resources are imported (others are referred to, not
//!   owned); otherwise everything found is imported, named after the cluster, and each
//!   untagged resource's entry consents to its adoption (`lifecycle: {adopt: true}`), so
//!   that the first apply adopts it. No tag is written here or anywhere by an import.

use std::collections::{BTreeMap, BTreeSet};

use ecsform_spec::types::StackFile;
use serde_json::{Map, Value, json};

use crate::live::{LiveResource, LiveState};
use crate::normalize::{Context, keyed_lists_as_maps, label_target_group, maps_as_keyed_lists};
use crate::path::{Pattern, Step};
use crate::{Address, Kind};

/// What an import produced.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// The stack's name.
    pub stack: String,
    /// The stack file.
    pub file: StackFile,
    /// The variables the file uses, with their live values, in first-use order.
    pub vars: Vec<(String, String)>,
    /// Resources found but left out of the file (owned by another stack, not managed
    /// by this one, or managed by ECS), as `address (why)`.
    pub left_out: Vec<String>,
    /// What the import chose for the file that the reader should check, as
    /// `address: what`.
    pub notes: Vec<String>,
    /// How many resources of each kind the file holds, in create order (kinds it holds
    /// none of left out).
    pub counts: Vec<(Kind, usize)>,
}

/// Why the live resources do not make a stack file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    /// The cluster was not among the live resources.
    #[error("cluster `{0}` was not read")]
    NoCluster(String),
    /// A document did not fit the stack file's types (a reader or import bug).
    #[error("the imported {address} does not fit the stack file format: {message}")]
    Shape {
        /// The resource.
        address: String,
        /// serde's message.
        message: String,
    },
}

/// Turns the resources read for `cluster` into a stack file.
///
/// # Errors
/// When the cluster is missing from `live`, or a document does not fit the file format.
pub fn import(live: &LiveState, cluster: &str) -> Result<Imported, ImportError> {
    let cluster_r = live
        .get(&Address::new(Kind::Cluster, cluster))
        .ok_or_else(|| ImportError::NoCluster(cluster.to_owned()))?;
    let owner = cluster_r.owner().map(str::to_owned);
    let stack = owner.clone().unwrap_or_else(|| cluster.to_owned());
    let mut left_out: Vec<String> = Vec::new();
    let included = |r: &LiveResource| match (r.owner(), owner.as_deref()) {
        (Some(o), _) => o == stack,
        (None, _) if ecs_managed(r) => false,
        (None, None) => true,
        (None, Some(_)) => false,
    };
    let resources: Vec<&LiveResource> = live
        .resources
        .values()
        .filter(|r| {
            let keep = included(r);
            if !keep {
                left_out.push(match r.owner() {
                    Some(o) => format!("{} (owned by stack `{o}`)", r.address),
                    None if ecs_managed(r) => format!(
                        "{} (created by ECS for Service Connect, tagged {ECS_MANAGED_TAG}=true: the stack uses it by name and does not own it, so that no apply or destroy of the stack deletes it)",
                        r.address
                    ),
                    None => format!(
                        "{} (not tagged with stack `{stack}`: not managed by it)",
                        r.address
                    ),
                });
            }
            keep
        })
        .collect();
    let names: BTreeSet<&Address> = resources.iter().map(|r| &r.address).collect();

    // ARNs of the imported resources, by which the file names them instead.
    let own_names: BTreeMap<String, String> = live
        .names_by_arn
        .iter()
        .filter(|(_, name)| {
            [Kind::TargetGroup, Kind::LoadBalancer]
                .iter()
                .any(|k| names.contains(&Address::new(*k, name.as_str())))
        })
        .map(|(a, n)| (a.clone(), n.clone()))
        .collect();
    let autoscaled: BTreeSet<String> = resources
        .iter()
        .filter(|r| r.address.kind == Kind::ScalableTarget)
        .map(|r| r.address.name.clone())
        .collect();
    let ctx = Context::for_cluster(Some(&cluster_r.doc), &live.names_by_arn, &autoscaled);
    let families: BTreeSet<&str> = resources
        .iter()
        .filter(|r| r.address.kind == Kind::TaskDefinition)
        .map(|r| r.address.name.as_str())
        .collect();

    let mut docs: BTreeMap<&Address, Value> = BTreeMap::new();
    for r in &resources {
        let mut doc = file_form(r, &live.names_by_arn, &own_names, &families);
        minimize(r, &mut doc, &ctx);
        consent_to_adopt(r, &mut doc);
        docs.insert(&r.address, doc);
    }

    let mut file = Map::new();
    file.insert("stack".into(), json!(stack));
    file.insert("region".into(), json!("${AWS_REGION}"));
    let of_kind = |kind: Kind| -> Vec<(&Address, &Value)> {
        docs.iter()
            .filter(|(a, _)| a.kind == kind)
            .map(|(a, d)| (*a, d))
            .collect()
    };
    if let Some((_, c)) = of_kind(Kind::Cluster).first() {
        file.insert("cluster".into(), (*c).clone());
    }
    let list = |kind: Kind| -> Value {
        Value::Array(of_kind(kind).into_iter().map(|(_, d)| d.clone()).collect())
    };
    file.insert("namespaces".into(), list(Kind::Namespace));
    file.insert("taskDefinitions".into(), list(Kind::TaskDefinition));
    let mut services = Vec::new();
    let mut notes = Vec::new();
    for (a, d) in of_kind(Kind::Service) {
        let mut d = d.clone();
        if let Some(scaling) = autoscaling_block(&a.name, &docs)
            && let Value::Object(m) = &mut d
        {
            if let Some(note) = count_within_range(a, m, &scaling) {
                notes.push(note);
            }
            m.insert("autoscaling".into(), scaling);
        }
        services.push(d);
    }
    file.insert("services".into(), Value::Array(services));
    file.insert("loadBalancers".into(), list(Kind::LoadBalancer));
    file.insert("targetGroups".into(), list(Kind::TargetGroup));
    file.insert("listeners".into(), list(Kind::Listener));
    file.insert("listenerRules".into(), list(Kind::ListenerRule));

    let mut file = Value::Object(file);
    let region = arn_part(&cluster_r.arn, 3);
    let account = arn_part(&cluster_r.arn, 4);
    let mut vars = lift_variables(&mut file, region, account);
    private_namespace_vpcs(&mut file, &mut vars, &mut left_out);
    let file: StackFile = serde_json::from_value(file).map_err(|e| ImportError::Shape {
        address: format!("stack of cluster `{cluster}`"),
        message: e.to_string(),
    })?;
    let counts = Kind::ALL
        .iter()
        .map(|k| (*k, docs.keys().filter(|a| a.kind == *k).count()))
        .filter(|(_, n)| *n > 0)
        .collect();
    Ok(Imported {
        stack,
        file,
        vars,
        left_out,
        notes,
        counts,
    })
}

/// The tag ECS puts on what it creates itself. A cluster's Service Connect default
/// namespace that does not exist is created by ECS
/// ([ClusterServiceConnectDefaultsRequest](https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ClusterServiceConnectDefaultsRequest.html):
/// an existing name or ARN is used, a new name creates a Cloud Map namespace);
/// `AmazonECSManaged` is the key ECS reserves for the resources it creates and manages
/// (the ECS developer guide, on volumes and on managed instances), and the one it puts on
/// the Cloud Map services of Service Connect (see `ecsform-aws`'s Cloud Map executor).
/// Not checked against a real response for a namespace: the recorded ListNamespaces
/// (`aws-real/list-namespaces.response.json`) carries no tags.
pub const ECS_MANAGED_TAG: &str = "AmazonECSManaged";

/// Whether ECS created and manages the resource (a namespace made for Service Connect):
/// a stack refers to it by name but never owns it.
fn ecs_managed(r: &LiveResource) -> bool {
    r.address.kind == Kind::Namespace
        && r.tags
            .get(ECS_MANAGED_TAG)
            .is_some_and(|v| v.eq_ignore_ascii_case("true"))
}

/// An autoscaled service's `desiredCount` within the range its `autoscaling` block
/// gives, so that the written file does not warn (`spec::desired_count_outside_range`):
/// after the create the count is the autoscaler's and never compared, and Application
/// Auto Scaling keeps a scalable target's capacity between its `MinCapacity` and
/// `MaxCapacity` ([RegisterScalableTarget](https://docs.aws.amazon.com/autoscaling/application/APIReference/API_RegisterScalableTarget.html)).
/// Live may hold a count outside it (an `update-service` by hand since the last scaling
/// activity): the nearest bound is written, with a note.
fn count_within_range(
    address: &Address,
    service: &mut Map<String, Value>,
    scaling: &Value,
) -> Option<String> {
    let count = service.get("desiredCount").and_then(Value::as_i64)?;
    let min = scaling.get("minCapacity").and_then(Value::as_i64);
    let max = scaling.get("maxCapacity").and_then(Value::as_i64);
    let clamped = match (min, max) {
        (Some(lo), _) if count < lo => lo,
        (_, Some(hi)) if count > hi => hi,
        _ => return None,
    };
    service.insert("desiredCount".into(), json!(clamped));
    Some(format!(
        "{address}: live desiredCount {count} is outside its autoscaling range ({}..{}); {clamped} is written (autoscaling owns the count after the create)",
        min.map_or_else(|| "-".to_owned(), |n| n.to_string()),
        max.map_or_else(|| "-".to_owned(), |n| n.to_string()),
    ))
}

/// An untagged resource is written with `lifecycle: {adopt: true}`, the file's consent
/// to adopt it: the first apply tags it as the stack's (autoscaling follows its service's
/// entry).
fn consent_to_adopt(r: &LiveResource, doc: &mut Value) {
    let entry = !matches!(
        r.address.kind,
        Kind::ScalableTarget | Kind::ScalingPolicy | Kind::ScheduledAction
    );
    if entry
        && r.owner().is_none()
        && let Value::Object(m) = doc
    {
        m.insert("lifecycle".into(), json!({"adopt": true}));
    }
}

/// The `n`th `:`-separated part of an ARN (3 region, 4 account).
fn arn_part(arn: &str, n: usize) -> Option<&str> {
    arn.split(':').nth(n).filter(|s| !s.is_empty())
}

/// A live document in the file's terms: names for the stack's own ARNs, without
/// ecsform's tags (and AWS's reserved `aws:` ones, which no request may set).
fn file_form(
    r: &LiveResource,
    namespaces: &BTreeMap<String, String>,
    own: &BTreeMap<String, String>,
    families: &BTreeSet<&str>,
) -> Value {
    let mut doc = r.doc.clone();
    let Value::Object(map) = &mut doc else {
        return doc;
    };
    if let Some(Value::Array(tags)) = map.get_mut("tags") {
        tags.retain(|t| {
            t.get("key")
                .and_then(Value::as_str)
                .is_some_and(|k| !k.starts_with("ecsform:") && !k.starts_with("aws:"))
        });
        if tags.is_empty() {
            map.remove("tags");
        }
    }
    // An attribute without a value (an unset access log bucket or prefix) is unset.
    if let Some(Value::Array(attributes)) = map.get_mut("attributes") {
        attributes.retain(|a| a.get("value").and_then(Value::as_str) != Some(""));
    }
    match r.address.kind {
        Kind::Service => {
            if let Some(td) = map.get("taskDefinition").and_then(Value::as_str) {
                let family = crate::desired::task_definition_family(td);
                if families.contains(family) {
                    let family = family.to_owned();
                    map.insert("taskDefinition".into(), json!(family));
                }
            }
        }
        Kind::ScalingPolicy => {
            if let Some(m) = map
                .get_mut("targetTrackingScalingPolicyConfiguration")
                .and_then(|t| t.get_mut("predefinedMetricSpecification"))
                .and_then(Value::as_object_mut)
            {
                let tg = m
                    .get("resourceLabel")
                    .and_then(Value::as_str)
                    .and_then(label_target_group)
                    .filter(|tg| own.values().any(|n| n == tg))
                    .map(str::to_owned);
                if let Some(tg) = tg {
                    m.remove("resourceLabel");
                    m.insert("targetGroup".into(), json!(tg));
                }
            }
        }
        _ => {}
    }
    names_for_arns(&mut doc, namespaces, own);
    doc
}

/// Every `targetGroupArn` of an imported target group becomes `targetGroup: <name>`;
/// every namespace ARN becomes the namespace's name.
fn names_for_arns(
    v: &mut Value,
    namespaces: &BTreeMap<String, String>,
    own: &BTreeMap<String, String>,
) {
    match v {
        Value::Object(map) => {
            let tg = map
                .get("targetGroupArn")
                .and_then(Value::as_str)
                .and_then(|arn| own.get(arn))
                .cloned();
            if let Some(name) = tg {
                let rebuilt: Map<String, Value> = std::mem::take(map)
                    .into_iter()
                    .map(|(k, v)| {
                        if k == "targetGroupArn" {
                            ("targetGroup".to_owned(), json!(name))
                        } else {
                            (k, v)
                        }
                    })
                    .collect();
                *map = rebuilt;
            }
            if let Some(Value::String(ns)) = map.get_mut("namespace")
                && let Some(name) = namespaces.get(ns.as_str())
            {
                *ns = name.clone();
            }
            for child in map.values_mut() {
                names_for_arns(child, namespaces, own);
            }
        }
        Value::Array(items) => {
            for child in items {
                names_for_arns(child, namespaces, own);
            }
        }
        _ => {}
    }
}

fn paths(v: &Value, prefix: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                prefix.push(Step::Key(k.clone()));
                out.push(prefix.clone());
                paths(child, prefix, out);
                prefix.pop();
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                prefix.push(Step::Index(i));
                paths(child, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

/// Removes the key at `path` from `doc` (when it is still there).
fn remove_at(doc: &mut Value, path: &[Step]) {
    let Some((Step::Key(key), parent)) = path.split_last() else {
        return;
    };
    let mut at = doc;
    for step in parent {
        let next = match step {
            Step::Key(k) => at.get_mut(k.as_str()),
            Step::Index(i) => at.get_mut(*i),
        };
        let Some(next) = next else { return };
        at = next;
    }
    if let Some(m) = at.as_object_mut() {
        m.remove(key);
    }
}

/// Whether a key must stay even where it holds AWS's default: it names the resource or
/// the file format requires it (each kind's [`crate::kinds::KindRules::import_keeps`]).
fn kept(kind: Kind, path: &[Step]) -> bool {
    crate::kinds::rules(kind)
        .import_keeps
        .iter()
        .any(|p| Pattern::parse(p).is_some_and(|p| p.matches(path)))
}

fn empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

/// Drops every field live holds at AWS's default (the defaults table decides, judged on
/// the live document as read), and what is empty once that is done.
fn minimize(r: &LiveResource, doc: &mut Value, ctx: &Context<'_>) {
    let kind = r.address.kind;
    let original = keyed_lists_as_maps(kind, doc);
    let mut canonical = original.clone();
    let mut all = Vec::new();
    paths(&original, &mut Vec::new(), &mut all);
    for path in &all {
        if kept(kind, path) {
            continue;
        }
        if crate::compare::is_default(kind, &original, path, ctx) {
            remove_at(&mut canonical, path);
        }
    }
    // A DAEMON service's task count is the scheduler's (one per instance): not the file's.
    if kind == Kind::Service
        && original.get("schedulingStrategy").and_then(Value::as_str) == Some("DAEMON")
    {
        remove_at(&mut canonical, &[Step::Key("desiredCount".into())]);
    }
    // Deepest first, so that an object emptied by the removals goes too.
    for path in all.iter().rev() {
        if !kept(kind, path) && crate::defaults::get(&canonical, path).is_some_and(empty) {
            remove_at(&mut canonical, path);
        }
    }
    *doc = maps_as_keyed_lists(kind, &canonical);
    if let Some(m) = doc.as_object_mut()
        && m.get("tags").is_some_and(empty)
    {
        m.remove("tags");
    }
}

/// A service's `autoscaling` block from its scalable target, policies and scheduled
/// actions.
fn autoscaling_block(service: &str, docs: &BTreeMap<&Address, Value>) -> Option<Value> {
    let target = docs.get(&Address::new(Kind::ScalableTarget, service))?;
    let mut block = target.as_object().cloned().unwrap_or_default();
    let prefix = format!("{service}/");
    let children = |kind: Kind| -> Vec<Value> {
        docs.iter()
            .filter(|(a, _)| a.kind == kind && a.name.starts_with(&prefix))
            .map(|(_, d)| (*d).clone())
            .collect()
    };
    let policies = children(Kind::ScalingPolicy);
    if !policies.is_empty() {
        block.insert("policies".into(), Value::Array(policies));
    }
    let actions = children(Kind::ScheduledAction);
    if !actions.is_empty() {
        block.insert("scheduledActions".into(), Value::Array(actions));
    }
    Some(Value::Object(block))
}

/// Cloud Map does not report a private DNS namespace's VPC (ListNamespaces and
/// GetNamespace give its hosted zone, not the VPC), and the file needs one: it is the
/// stack's `${VPC_ID}` when the stack has one (its target groups'), else a variable of
/// its own, empty, which only matters if the namespace is ever created again.
fn private_namespace_vpcs(
    file: &mut Value,
    vars: &mut Vec<(String, String)>,
    notes: &mut Vec<String>,
) {
    let Some(Value::Array(namespaces)) = file.get_mut("namespaces") else {
        return;
    };
    for ns in namespaces.iter_mut() {
        let Some(m) = ns.as_object_mut() else {
            continue;
        };
        if m.get("type").and_then(Value::as_str) != Some("DNS_PRIVATE") || m.contains_key("vpc") {
            continue;
        }
        let name = m
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let var = if vars.iter().any(|(n, _)| n == "VPC_ID") {
            "VPC_ID"
        } else {
            if !vars.iter().any(|(n, _)| n == "NAMESPACE_VPC_ID") {
                vars.push(("NAMESPACE_VPC_ID".to_owned(), String::new()));
            }
            "NAMESPACE_VPC_ID"
        };
        m.insert("vpc".into(), json!(format!("${{{var}}}")));
        notes.push(format!(
            "namespace.{name}: Cloud Map does not report a private DNS namespace's VPC; `vpc: ${{{var}}}` is written (check it in the vars file: only a namespace created again needs it)"
        ));
    }
}

/// The variables a file is given: a name per environment-specific value.
#[derive(Default)]
struct Lifter {
    vars: Vec<(String, String)>,
    /// Names chosen for subnets and security groups from what uses them ([`id_names`]).
    chosen: BTreeMap<String, String>,
}

impl Lifter {
    fn name_for(&mut self, prefix: &str, value: &str, numbered: bool) -> String {
        if let Some((n, _)) = self.vars.iter().find(|(_, v)| v == value) {
            return n.clone();
        }
        if let Some(name) = self.chosen.get(value) {
            self.vars.push((name.clone(), value.to_owned()));
            return name.clone();
        }
        let count = self
            .vars
            .iter()
            .filter(|(n, _)| n.starts_with(prefix))
            .count();
        let name = match (numbered, count) {
            // Named by the id's end, not by position: stable across imports.
            (true, _) => {
                let mut n = 4;
                loop {
                    let name = format!("{prefix}_{}", id_end(value, n));
                    let taken = self.vars.iter().any(|(v, _)| *v == name)
                        || self.chosen.values().any(|v| *v == name);
                    if !taken || n >= id_hex(value).len() {
                        break name;
                    }
                    n += 1;
                }
            }
            (false, 0) => prefix.to_owned(),
            (false, c) => format!("{prefix}_{}", c + 1),
        };
        self.vars.push((name.clone(), value.to_owned()));
        name
    }
}

/// The hex digits of an id (`subnet-0abc` -> `0ABC`).
fn id_hex(id: &str) -> String {
    id.rsplit('-').next().unwrap_or(id).to_ascii_uppercase()
}

/// The last `n` hex digits of an id.
fn id_end(id: &str, n: usize) -> String {
    let hex: Vec<char> = id_hex(id).chars().collect();
    hex[hex.len().saturating_sub(n)..].iter().collect()
}

/// A name as part of a variable name: `retail-store` -> `RETAIL_STORE`.
fn upper_snake(name: &str) -> String {
    let mut out: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    if !out.starts_with(|c: char| c.is_ascii_alphabetic()) {
        out.insert(0, '_');
    }
    out
}

/// Variable names for the subnets and security groups of a file, from what uses them
/// and from their ids, never from their position, so that importing the stack again
/// names each id the same:
///
/// - a subnet used only where a public IP is reachable (an `internet-facing` load
///   balancer, whose nodes AWS gives public addresses and which needs public subnets;
///   a task with `assignPublicIp: ENABLED`) is `PUBLIC_SUBNET_<id end>`; one used only
///   by tasks without a public IP (which reach the internet, to pull images, only
///   through a NAT: private subnets) is `PRIVATE_SUBNET_<id end>`; any other
///   `SUBNET_<id end>`. See [Subnets for your load balancer](https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#subnets-load-balancer)
///   and [Fargate task networking](https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-task-networking.html).
/// - a security group of one service only is `<SERVICE>_SECURITY_GROUP`, of one load
///   balancer only `<LOAD_BALANCER>_LB_SECURITY_GROUP`; any other
///   `SECURITY_GROUP_<id end>`.
///
/// `<id end>` is the id's last 4 hex digits, more when two ids of one name share them;
/// a name that two ids would share gets it too.
fn id_names(file: &Value) -> BTreeMap<String, String> {
    #[derive(Default)]
    struct Uses {
        public: bool,
        private: bool,
        other: bool,
        users: BTreeSet<String>,
    }
    let strings = |v: Option<&Value>| -> Vec<String> {
        v.and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    };
    // Marks how each subnet id of `ids` is used.
    fn subnet_uses(
        subnets: &mut BTreeMap<String, Uses>,
        ids: Vec<String>,
        mark: impl Fn(&mut Uses),
    ) {
        for id in ids.into_iter().filter(|id| is_id(id, "subnet-")) {
            mark(subnets.entry(id).or_default());
        }
    }
    // Records `user` as a user of each security group id of `ids`.
    fn group_users(groups: &mut BTreeMap<String, Uses>, ids: Vec<String>, user: String) {
        for id in ids.into_iter().filter(|id| is_id(id, "sg-")) {
            groups.entry(id).or_default().users.insert(user.clone());
        }
    }
    let mut subnets: BTreeMap<String, Uses> = BTreeMap::new();
    let mut groups: BTreeMap<String, Uses> = BTreeMap::new();
    let items = |key: &str| {
        file.get(key)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    for lb in items("loadBalancers") {
        let name = lb.get("name").and_then(Value::as_str).unwrap_or_default();
        // CreateLoadBalancer: Scheme defaults to internet-facing (left out when so).
        let public = lb
            .get("scheme")
            .and_then(Value::as_str)
            .is_none_or(|s| s == "internet-facing");
        let mut ids = strings(lb.get("subnets"));
        ids.extend(
            lb.get("subnetMappings")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|m| m.get("subnetId").and_then(Value::as_str))
                .map(str::to_owned),
        );
        // An internal load balancer's subnets are not told private by that alone.
        subnet_uses(&mut subnets, ids, |u| {
            if public {
                u.public = true;
            } else {
                u.other = true;
            }
        });
        group_users(
            &mut groups,
            strings(lb.get("securityGroups")),
            format!("{}_LB", upper_snake(name)),
        );
    }
    for svc in items("services") {
        let name = svc
            .get("serviceName")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let Some(net) = svc.pointer("/networkConfiguration/awsvpcConfiguration") else {
            continue;
        };
        // assignPublicIp defaults to DISABLED (left out when so).
        let public = net.get("assignPublicIp").and_then(Value::as_str) == Some("ENABLED");
        subnet_uses(&mut subnets, strings(net.get("subnets")), |u| {
            if public {
                u.public = true;
            } else {
                u.private = true;
            }
        });
        group_users(
            &mut groups,
            strings(net.get("securityGroups")),
            upper_snake(name),
        );
    }
    let mut bases: Vec<(String, String, bool)> = Vec::new();
    for (id, u) in &subnets {
        let base = match (u.public, u.private, u.other) {
            (true, false, false) => "PUBLIC_SUBNET",
            (false, true, false) => "PRIVATE_SUBNET",
            _ => "SUBNET",
        };
        bases.push((id.clone(), base.to_owned(), true));
    }
    for (id, u) in &groups {
        match u.users.iter().collect::<Vec<_>>().as_slice() {
            [one] => bases.push((id.clone(), format!("{one}_SECURITY_GROUP"), false)),
            _ => bases.push((id.clone(), "SECURITY_GROUP".to_owned(), true)),
        }
    }
    let mut names = BTreeMap::new();
    let by_base: BTreeSet<&String> = bases.iter().map(|(_, b, _)| b).collect();
    for base in by_base {
        let ids: Vec<(&String, bool)> = bases
            .iter()
            .filter(|(_, b, _)| b == base)
            .map(|(id, _, suffixed)| (id, *suffixed))
            .collect();
        if let [(id, false)] = ids.as_slice() {
            names.insert((*id).clone(), base.clone());
            continue;
        }
        let longest = ids
            .iter()
            .map(|(id, _)| id_hex(id).len())
            .max()
            .unwrap_or(4);
        let mut n = 4.min(longest);
        loop {
            let ends: BTreeSet<String> = ids.iter().map(|(id, _)| id_end(id, n)).collect();
            if ends.len() == ids.len() || n >= longest {
                break;
            }
            n += 1;
        }
        for (id, _) in ids {
            names.insert(id.clone(), format!("{base}_{}", id_end(id, n)));
        }
    }
    names
}

/// Whether `s` is an AWS id of the given prefix (`subnet-0abc...`).
fn is_id(s: &str, prefix: &str) -> bool {
    s.strip_prefix(prefix).is_some_and(|hex| {
        (8..=17).contains(&hex.len()) && hex.chars().all(|c| c.is_ascii_hexdigit())
    })
}

/// Replaces `needle` in `s` where it stands alone (not inside a longer word).
fn replace_word(s: &str, needle: &str, with: &str) -> String {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '-';
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find(needle) {
        let before = rest[..i].chars().next_back();
        let after = rest[i + needle.len()..].chars().next();
        out.push_str(&rest[..i]);
        if before.is_some_and(word) || after.is_some_and(word) {
            out.push_str(needle);
        } else {
            out.push_str(with);
        }
        rest = &rest[i + needle.len()..];
    }
    out.push_str(rest);
    out
}

/// Lifts environment-specific values into `${VARS}` (escaping any literal `${`), and
/// returns the variables with their values.
fn lift_variables(
    file: &mut Value,
    region: Option<&str>,
    account: Option<&str>,
) -> Vec<(String, String)> {
    fn walk(v: &mut Value, key: Option<&str>, f: &mut dyn FnMut(&mut String, Option<&str>)) {
        match v {
            Value::String(s) => f(s, key),
            Value::Array(items) => items.iter_mut().for_each(|i| walk(i, key, f)),
            Value::Object(map) => {
                for (k, child) in map.iter_mut() {
                    walk(child, Some(k.as_str()), f);
                }
            }
            _ => {}
        }
    }
    let mut lifter = Lifter {
        chosen: id_names(file),
        ..Lifter::default()
    };
    if let Some(r) = region {
        lifter.name_for("AWS_REGION", r, false);
    }
    let mut uses_account = false;
    walk(file, None, &mut |s, key| {
        if key == Some("region") && s == "${AWS_REGION}" {
            return;
        }
        let mut t = s.replace("${", "$${");
        if is_id(&t, "subnet-") {
            t = format!("${{{}}}", lifter.name_for("SUBNET", &t, true));
        } else if is_id(&t, "sg-") {
            t = format!("${{{}}}", lifter.name_for("SECURITY_GROUP", &t, true));
        } else if is_id(&t, "vpc-") {
            t = format!("${{{}}}", lifter.name_for("VPC_ID", &t, false));
        } else {
            if let Some(a) = account
                && t.contains(a)
            {
                t = replace_word(&t, a, "${AWS_ACCOUNT_ID}");
                uses_account |= t.contains("${AWS_ACCOUNT_ID}");
            }
            if let Some(r) = region {
                t = replace_word(&t, r, "${AWS_REGION}");
            }
        }
        *s = t;
    });
    if let (true, Some(a)) = (uses_account, account) {
        lifter.vars.insert(
            usize::from(region.is_some()),
            ("AWS_ACCOUNT_ID".to_owned(), a.to_owned()),
        );
    }
    lifter.vars
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_account_and_region_become_variables() {
        let mut file = json!({
            "region": "${AWS_REGION}",
            "subnets": ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210", "subnet-0123456789abcdef0"],
            "securityGroups": ["sg-0123456789abcdef0"],
            "vpcId": "vpc-01234567",
            "executionRoleArn": "arn:aws:iam::123456789012:role/exec",
            "image": "123456789012.dkr.ecr.us-west-2.amazonaws.com/ui:1.0",
            "options": {"awslogs-region": "us-west-2", "literal": "${not a var}"},
            "prefix": "us-west-2b-is-a-zone",
        });
        let vars = lift_variables(&mut file, Some("us-west-2"), Some("123456789012"));
        assert_eq!(
            file,
            json!({
                "region": "${AWS_REGION}",
                "subnets": ["${SUBNET_DEF0}", "${SUBNET_3210}", "${SUBNET_DEF0}"],
                "securityGroups": ["${SECURITY_GROUP_DEF0}"],
                "vpcId": "${VPC_ID}",
                "executionRoleArn": "arn:aws:iam::${AWS_ACCOUNT_ID}:role/exec",
                "image": "${AWS_ACCOUNT_ID}.dkr.ecr.${AWS_REGION}.amazonaws.com/ui:1.0",
                "options": {"awslogs-region": "${AWS_REGION}", "literal": "$${not a var}"},
                "prefix": "us-west-2b-is-a-zone",
            })
        );
        let names: Vec<&str> = vars.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "AWS_REGION",
                "AWS_ACCOUNT_ID",
                "SUBNET_DEF0",
                "SUBNET_3210",
                "SECURITY_GROUP_DEF0",
                "VPC_ID"
            ]
        );
        assert_eq!(vars[2].1, "subnet-0123456789abcdef0");
    }

    #[test]
    fn subnets_and_security_groups_are_named_by_what_uses_them_not_by_position() {
        let file = |services: Value| {
            json!({
                "loadBalancers": [{
                    "name": "web-alb",
                    "subnets": ["subnet-000000000000aaa1", "subnet-000000000000aaa2"],
                    "securityGroups": ["sg-00000000000000a1"],
                }, {
                    "name": "inside",
                    "scheme": "internal",
                    "subnets": ["subnet-000000000000bbb1"],
                    "securityGroups": ["sg-00000000000000c1"],
                }],
                "services": services,
            })
        };
        let ui = json!({"serviceName": "ui", "networkConfiguration": {"awsvpcConfiguration": {
            "subnets": ["subnet-000000000000bbb1", "subnet-00000000000abbb2"],
            "securityGroups": ["sg-00000000000000b1", "sg-00000000000000c1"],
        }}});
        let api = json!({"serviceName": "cart-api", "networkConfiguration": {"awsvpcConfiguration": {
            "subnets": ["subnet-00000000000abbb2", "subnet-00000000000cbbb2"],
            "securityGroups": ["sg-00000000000000d1"],
            "assignPublicIp": "DISABLED",
        }}});
        let names = id_names(&file(json!([ui.clone(), api.clone()])));
        let expected = [
            ("subnet-000000000000aaa1", "PUBLIC_SUBNET_AAA1"),
            ("subnet-000000000000aaa2", "PUBLIC_SUBNET_AAA2"),
            // Used by an internal load balancer and a service: neither told apart.
            ("subnet-000000000000bbb1", "SUBNET_BBB1"),
            // Two ids ending alike: more digits, for both.
            ("subnet-00000000000abbb2", "PRIVATE_SUBNET_ABBB2"),
            ("subnet-00000000000cbbb2", "PRIVATE_SUBNET_CBBB2"),
            ("sg-00000000000000a1", "WEB_ALB_LB_SECURITY_GROUP"),
            ("sg-00000000000000b1", "UI_SECURITY_GROUP"),
            ("sg-00000000000000c1", "SECURITY_GROUP_00C1"),
            ("sg-00000000000000d1", "CART_API_SECURITY_GROUP"),
        ];
        for (id, name) in expected {
            assert_eq!(
                names.get(id).map(String::as_str),
                Some(name),
                "{id}: {names:?}"
            );
        }
        // The same ids are named the same whatever the order the services come in.
        assert_eq!(id_names(&file(json!([api, ui]))), names);
    }

    #[test]
    fn defaults_are_dropped_and_names_kept() {
        let live = LiveResource {
            address: Address::new(Kind::TaskDefinition, "web"),
            arn: "arn:aws:ecs:us-west-2:123456789012:task-definition/web:3".into(),
            doc: json!({
                "family": "web",
                "networkMode": "awsvpc",
                "cpu": "256",
                "memory": "512",
                "containerDefinitions": [{
                    "name": "app",
                    "image": "nginx",
                    "cpu": 0,
                    "essential": true,
                    "environment": [],
                    "portMappings": [{"containerPort": 80, "hostPort": 80, "protocol": "tcp"}],
                }],
                "tags": [{"key": "ecsform:stack", "value": "s"}, {"key": "team", "value": "a"}],
            }),
            tags: BTreeMap::new(),
            revision: Some(3),
        };
        let mut doc = file_form(&live, &BTreeMap::new(), &BTreeMap::new(), &BTreeSet::new());
        let ctx = Context {
            names_by_arn: &BTreeMap::new(),
            autoscaled: &BTreeSet::new(),
            cluster_namespace: None,
            cluster_strategy: None,
        };
        minimize(&live, &mut doc, &ctx);
        assert_eq!(
            doc,
            json!({
                "family": "web",
                "networkMode": "awsvpc",
                "cpu": "256",
                "memory": "512",
                "containerDefinitions": [{
                    "name": "app",
                    "image": "nginx",
                    "portMappings": [{"containerPort": 80}],
                }],
                "tags": [{"key": "team", "value": "a"}],
            })
        );
    }

    #[test]
    fn a_target_group_arn_of_the_stack_becomes_its_name() {
        let tg = "arn:aws:elasticloadbalancing:us-west-2:1:targetgroup/ui/abc";
        let ns = "arn:aws:servicediscovery:us-west-2:1:namespace/ns-1";
        let mut doc = json!({
            "loadBalancers": [{"targetGroupArn": tg, "containerName": "app", "containerPort": 80},
                              {"targetGroupArn": "arn:other", "containerName": "app", "containerPort": 81}],
            "serviceConnectConfiguration": {"enabled": true, "namespace": ns},
        });
        let own = BTreeMap::from([(tg.to_owned(), "ui".to_owned())]);
        let namespaces = BTreeMap::from([(ns.to_owned(), "shop.local".to_owned())]);
        names_for_arns(&mut doc, &namespaces, &own);
        assert_eq!(
            doc,
            json!({
                "loadBalancers": [{"targetGroup": "ui", "containerName": "app", "containerPort": 80},
                                  {"targetGroupArn": "arn:other", "containerName": "app", "containerPort": 81}],
                "serviceConnectConfiguration": {"enabled": true, "namespace": "shop.local"},
            })
        );
    }
}
