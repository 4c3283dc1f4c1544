//! Resource kinds and addresses (`service.ui`, `target_group.ui-application`).

use std::fmt;

use serde::{Deserialize, Serialize};

/// The kinds of resource a stack holds, in create order: a kind may depend only on
/// kinds before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// An AWS Cloud Map namespace.
    Namespace,
    /// The ECS cluster.
    Cluster,
    /// An ECS task definition family (its latest ACTIVE revision).
    TaskDefinition,
    /// An ELBv2 load balancer.
    LoadBalancer,
    /// An ELBv2 target group.
    TargetGroup,
    /// An ELBv2 listener, named `<loadBalancer>:<port>`.
    Listener,
    /// An ELBv2 listener rule, named `<loadBalancer>:<port>/<priority>`.
    ListenerRule,
    /// An ECS service.
    Service,
    /// An Application Auto Scaling scalable target, named after its service.
    ScalableTarget,
    /// A scaling policy, named `<service>/<policyName>`.
    ScalingPolicy,
    /// A scheduled action, named `<service>/<scheduledActionName>`.
    ScheduledAction,
    /// A Cloud Map service that ECS created for a Service Connect endpoint of the stack
    /// in a namespace the stack owns, named `<namespace>/<service>`. Never in a file:
    /// the reader finds those no service of the stack uses any more, and the plan
    /// deletes them.
    CloudMapService,
}

impl Kind {
    /// Every kind, in create order.
    pub const ALL: [Self; 12] = [
        Self::Namespace,
        Self::Cluster,
        Self::TaskDefinition,
        Self::LoadBalancer,
        Self::TargetGroup,
        Self::Listener,
        Self::ListenerRule,
        Self::Service,
        Self::ScalableTarget,
        Self::ScalingPolicy,
        Self::ScheduledAction,
        Self::CloudMapService,
    ];

    /// The kind's name in addresses and JSON output.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Namespace => "namespace",
            Self::Cluster => "cluster",
            Self::TaskDefinition => "task_definition",
            Self::LoadBalancer => "load_balancer",
            Self::TargetGroup => "target_group",
            Self::Listener => "listener",
            Self::ListenerRule => "listener_rule",
            Self::Service => "service",
            Self::ScalableTarget => "scalable_target",
            Self::ScalingPolicy => "scaling_policy",
            Self::ScheduledAction => "scheduled_action",
            Self::CloudMapService => "cloud_map_service",
        }
    }

    /// A kind from its address name.
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A resource's address: its kind and its name in the stack.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Address {
    /// The kind.
    pub kind: Kind,
    /// The name (see [`Kind`] for the compound ones).
    pub name: String,
}

impl Address {
    /// An address.
    #[must_use]
    pub fn new(kind: Kind, name: impl Into<String>) -> Self {
        Self {
            kind,
            name: name.into(),
        }
    }

    /// Parses `kind.name`.
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        let (kind, name) = s.split_once('.')?;
        Some(Self::new(Kind::parse(kind)?, name))
    }
}

impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.kind, self.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_round_trip() {
        let a = Address::new(Kind::TargetGroup, "ui-application");
        assert_eq!(a.to_string(), "target_group.ui-application");
        assert_eq!(Address::parse("target_group.ui-application"), Some(a));
        assert_eq!(
            Address::parse("listener_rule.web:80/10"),
            Some(Address::new(Kind::ListenerRule, "web:80/10"))
        );
        assert_eq!(Address::parse("nothing.x"), None);
    }
}
