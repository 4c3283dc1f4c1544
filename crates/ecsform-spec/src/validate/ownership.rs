//! Checks of what the stack owns: every service has a cluster to run on, and a cluster
//! the stack uses without owning it (`lifecycle.managed: false`) is given by name only.

use super::K;
use super::{Checker, Place};

/// The cluster fields that are its owner's to set: a stack that only uses the cluster
/// gives none of them.
const OWNERS_FIELDS: &[&str] = &[
    "settings",
    "configuration",
    "serviceConnectDefaults",
    "capacityProviders",
    "defaultCapacityProviderStrategy",
    "tags",
];

impl Checker<'_> {
    pub(super) fn ownership(&mut self) {
        self.services_have_a_cluster();
        self.used_cluster_by_name_only();
    }

    /// Services run in a cluster: without `cluster:` apply would send them to the
    /// account's `default` cluster, which AWS answers with ClusterNotFoundException.
    fn services_have_a_cluster(&mut self) {
        if self.spec.cluster.is_some() || self.spec.services.is_empty() {
            return;
        }
        let first = super::Loc::entry(super::List::Services, &self.origins.services, 0);
        let at = self.at(&first, &[K("serviceName")]);
        let n = self.spec.services.len();
        self.error(
            crate::Code::SpecNoCluster,
            format!(
                "the stack has {} but no cluster to run {}: `cluster:` is missing",
                if n == 1 {
                    "a service".to_owned()
                } else {
                    format!("{n} services")
                },
                if n == 1 { "it" } else { "them" }
            ),
            at,
            "runs in no cluster",
        )
        .help(
            "add `cluster: {clusterName: NAME}` for a cluster this stack creates and owns, or `cluster: {clusterName: NAME, lifecycle: {managed: false}}` to run on an existing cluster it does not own (shared with other stacks)",
        );
    }

    fn used_cluster_by_name_only(&mut self) {
        let (Some(c), Some(file)) = (&self.spec.cluster, self.origins.cluster) else {
            return;
        };
        if c.managed() {
            return;
        }
        let doc = serde_json::to_value(c).unwrap_or_default();
        for field in OWNERS_FIELDS {
            if doc.get(*field).is_none_or(serde_json::Value::is_null) {
                continue;
            }
            let at = self.top_key(file, field);
            self.error(
                crate::Code::SpecUnmanagedCluster,
                format!(
                    "cluster `{}` is used, not owned, by this stack (lifecycle.managed: false): `{field}` is for its owner to set",
                    c.cluster_name
                ),
                at,
                "not this stack's to set",
            )
            .help(
                "remove it here (set it in the stack or tool that owns the cluster), or let this stack own the cluster: drop `managed: false`",
            );
        }
        if c.lifecycle.is_some_and(|l| l.adopt) {
            let at = self.top(file, "cluster", &[K("lifecycle"), K("adopt")]);
            self.error(
                crate::Code::SpecUnmanagedCluster,
                format!(
                    "cluster `{}` cannot be adopted and left unmanaged at once",
                    c.cluster_name
                ),
                at,
                "adopt needs managed",
            )
            .help(
                "`adopt: true` makes the cluster this stack's; `managed: false` only uses it: keep one",
            );
        }
    }

    /// The key of a field of the top-level `cluster:` entry.
    fn top_key(&self, file: crate::problem::FileId, field: &str) -> Place {
        let Some(entry) = self.root(file).and_then(|r| r.get("cluster")) else {
            return self.top(file, "cluster", &[]);
        };
        entry
            .value
            .get(field)
            .map_or_else(|| self.top(file, "cluster", &[]), |e| (file, e.key_span))
    }
}
