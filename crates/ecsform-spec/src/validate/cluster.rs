//! `cluster:`: its name (what the stack owns of it is in [`super::ownership`]).

use super::locate::Seg::K;
use super::{Checker, ECS_NAME_RULE, valid_name};

impl<'a> Checker<'a> {
    pub(super) fn cluster_name(&mut self) {
        if let (Some(c), Some(file)) = (&self.spec.cluster, self.origins.cluster)
            && !valid_name(&c.cluster_name, 255, false)
        {
            let at = self.top(file, "cluster", &[K("clusterName")]);
            self.invalid_name("cluster name", &c.cluster_name, at, ECS_NAME_RULE);
        }
    }

    /// The default namespace of the cluster's Service Connect.
    pub(super) fn cluster_default_namespace(&self) -> Option<&'a str> {
        self.spec
            .cluster
            .as_ref()
            .and_then(|c| c.service_connect_defaults.as_ref())
            .map(|d| d.namespace.as_str())
    }
}
