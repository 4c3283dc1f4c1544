//! Every diagnostic code ecsform emits, as one closed enum: its string (stable: scripts
//! match on it, and `book/src/troubleshooting.md` has one entry per code) and a one-line
//! summary. Every emission names a variant (`Code::SpecUnknownKey.as_str()`); the book's
//! test iterates [`Code::ALL`] to check that the troubleshooting chapter lists exactly
//! these codes, and that no source emits a code outside this enum.
//!
//! A new code: add a variant here (in the order of the troubleshooting chapter), emit
//! it, and add its entry to the chapter (what it means and a `**Fix:**`).

macro_rules! codes {
    ($($variant:ident = $code:literal, $summary:literal;)*) => {
        /// A diagnostic code; see the module's documentation.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $(
                #[doc = concat!("`", $code, "`: ", $summary)]
                $variant,
            )*
        }

        impl Code {
            /// Every code, in the order of the troubleshooting chapter.
            pub const ALL: &'static [Self] = &[$(Self::$variant),*];

            /// The code as ecsform prints it, such as `spec::unknown_key`.
            #[must_use]
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $code,)*
                }
            }

            /// What the code means, in one line.
            #[must_use]
            pub const fn summary(self) -> &'static str {
                match self {
                    $(Self::$variant => $summary,)*
                }
            }

            /// The code of a string ecsform prints, if it is one.
            #[must_use]
            pub fn parse(code: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|c| c.as_str() == code)
            }
        }
    };
}

codes! {
    SpecNotUtf8 = "spec::not_utf8", "The file is not UTF-8 text.";
    SpecUnreadableFile = "spec::unreadable_file", "A file of the stack cannot be read.";
    SpecTooLarge = "spec::too_large", "The stack is larger than ecsform reads.";
    SpecNotText = "spec::not_text", "The file holds a NUL byte: it is not a text file.";
    SpecEmptyFile = "spec::empty_file", "The file (or a YAML document in it) is empty or only comments.";
    SpecYamlSyntax = "spec::yaml_syntax", "The YAML does not parse.";
    SpecNotAMapping = "spec::not_a_mapping", "The file is valid YAML but not a mapping of keys (a list, or a single value).";
    SpecDuplicateKey = "spec::duplicate_key", "A key is given twice in the same mapping; YAML would silently keep the last one, ecsform refuses.";
    SpecUnknownKey = "spec::unknown_key", "A key the resource does not have at that place.";
    SpecUnknownValue = "spec::unknown_value", "A value that is not one of those the field accepts.";
    SpecWrongType = "spec::wrong_type", "A value of the wrong type.";
    SpecMissingField = "spec::missing_field", "A required field is missing (a service's `taskDefinition`, a container's `name`...).";
    SpecInvalidValue = "spec::invalid_value", "A value the field's type refuses for another reason than its type or its list of values.";
    SpecOutOfRange = "spec::out_of_range", "A number outside its field's range.";
    SpecUnsetVariable = "spec::unset_variable", "`${NAME}` is used but `NAME` is set nowhere.";
    SpecBadInterpolation = "spec::bad_interpolation", "A `${` that is not a well-formed variable.";
    SpecBadVarFile = "spec::bad_var_file", "A line of a `--var-file` is not `NAME=VALUE`.";
    SpecMissingStack = "spec::missing_stack", "No file of the stack says `stack: <name>`.";
    SpecDefinedTwice = "spec::defined_twice", "Something is defined twice.";
    SpecInvalidName = "spec::invalid_name", "A name breaks AWS's naming rules.";
    SpecInvalidCpu = "spec::invalid_cpu", "`cpu` is not an amount of CPU.";
    SpecInvalidMemory = "spec::invalid_memory", "`memory` is not an amount of memory.";
    SpecFargateNetworkMode = "spec::fargate_network_mode", "A task definition that runs on Fargate does not use `awsvpc` networking.";
    SpecFargateCpuMemory = "spec::fargate_cpu_memory", "A Fargate task definition lacks task-level `cpu` or `memory`.";
    SpecFargateUnsupported = "spec::fargate_unsupported", "A task definition that runs on Fargate uses a parameter Fargate does not take.";
    SpecDuplicateContainerName = "spec::duplicate_container_name", "Two containers of a task definition have the same name.";
    SpecDuplicatePortName = "spec::duplicate_port_name", "Two port mappings of a task definition have the same `name`.";
    SpecHostPort = "spec::host_port", "Under `awsvpc` or `host` networking, a `hostPort` differs from its `containerPort`.";
    SpecUnknownContainer = "spec::unknown_container", "A container name that the task definition does not have.";
    SpecSecretInEnvironment = "spec::secret_in_environment", "An environment variable whose name looks like a secret.";
    SpecNoEssentialContainer = "spec::no_essential_container", "Every container of the task definition has `essential: false`.";
    SpecNoContainer = "spec::no_container", "The task definition has no container.";
    SpecNoCluster = "spec::no_cluster", "The stack has services but no `cluster:`.";
    SpecUnmanagedCluster = "spec::unmanaged_cluster", "A cluster used but not owned (`managed: false`) sets what only its owner sets.";
    SpecUnknownTaskDefinition = "spec::unknown_task_definition", "A service's `taskDefinition` names a family the stack does not define.";
    SpecLaunchTypeAndStrategy = "spec::launch_type_and_strategy", "A service gives both `launchType` and `capacityProviderStrategy`; AWS accepts one of them.";
    SpecDaemonDesiredCount = "spec::daemon_desired_count", "A `DAEMON` service has a `desiredCount`; it runs one task per container instance.";
    SpecDaemonAutoscaling = "spec::daemon_autoscaling", "A `DAEMON` service has `autoscaling`; only `REPLICA` services can be scaled.";
    SpecDaemonFargate = "spec::daemon_fargate", "A `DAEMON` service runs on Fargate.";
    SpecMissingNetworkConfiguration = "spec::missing_network_configuration", "The service's task definition uses `awsvpc` networking but the service has no `networkConfiguration.awsvpcConfiguration`.";
    SpecNetworkConfigurationNotAwsvpc = "spec::network_configuration_not_awsvpc", "The service has an `awsvpcConfiguration` but its task definition does not use `awsvpc`.";
    SpecNoSubnets = "spec::no_subnets", "The service's `awsvpcConfiguration` lists no subnets.";
    SpecLoadBalancerTarget = "spec::load_balancer_target", "An entry of a service's `loadBalancers` names no target, or more than one.";
    SpecLoadBalancerContainer = "spec::load_balancer_container", "An entry of a service's `loadBalancers` lacks `containerName` or `containerPort`.";
    SpecUnknownContainerPort = "spec::unknown_container_port", "A load balancer or service registry entry names a `containerPort` the container does not map.";
    SpecUnknownTargetGroup = "spec::unknown_target_group", "A target group name that the stack does not define.";
    SpecTargetGroupNotOnListener = "spec::target_group_not_on_listener", "A service uses a target group of the stack that no listener or rule forwards to.";
    SpecTargetType = "spec::target_type", "The target group's `targetType` does not fit the service's network mode.";
    SpecUnknownNamespace = "spec::unknown_namespace", "A service's Service Connect `namespace` is neither a namespace of the stack nor the cluster's default one.";
    SpecServiceConnectNamespace = "spec::service_connect_namespace", "Service Connect is enabled on a service, but there is no namespace.";
    SpecUnknownPortName = "spec::unknown_port_name", "A Service Connect service's `portName` is not the `name` of a port mapping of the service's task definition.";
    SpecDuplicateDiscoveryName = "spec::duplicate_discovery_name", "Two Service Connect services use the same discovery name in one namespace.";
    SpecDuplicateClientAlias = "spec::duplicate_client_alias", "Two Service Connect client aliases have the same DNS name and port in one namespace.";
    SpecInvalidPort = "spec::invalid_port", "A listener port or a Service Connect client alias port is not in 1-65535.";
    SpecAutoscalingRange = "spec::autoscaling_range", "`minCapacity` is negative, or `maxCapacity` is below `minCapacity`.";
    SpecDesiredCountOutsideRange = "spec::desired_count_outside_range", "The `desiredCount` of an autoscaled service is outside `minCapacity`..`maxCapacity`.";
    SpecPolicyConfiguration = "spec::policy_configuration", "A scaling policy lacks the configuration of its type.";
    SpecAlbRequestCountTarget = "spec::alb_request_count_target", "An `ALBRequestCountPerTarget` policy gives neither or both of `targetGroup` and `resourceLabel`.";
    SpecPolicyTargetGroupNotAttached = "spec::policy_target_group_not_attached", "An `ALBRequestCountPerTarget` policy counts requests of a target group that the service is not behind.";
    SpecTargetGroupNotApplicable = "spec::target_group_not_applicable", "`targetGroup` is given in a predefined metric other than `ALBRequestCountPerTarget`.";
    SpecUnknownLoadBalancer = "spec::unknown_load_balancer", "A listener names a load balancer the stack does not define.";
    SpecUnknownListener = "spec::unknown_listener", "A listener rule names a listener the stack does not define.";
    SpecInvalidPriority = "spec::invalid_priority", "A listener rule's priority is not in 1-50000.";
    SpecForwardWithoutTarget = "spec::forward_without_target", "A `forward` action names no target group.";
    SpecNotForLoadBalancerType = "spec::not_for_load_balancer_type", "A setting one type of load balancer does not take: `enforceSecurityGroupInboundRulesOnPrivateLinkTraffic` on a load balancer other than a Network Load Balancer, or a forward to several target groups on a Network Load Balancer's listener.";
    SpecNamespaceVpc = "spec::namespace_vpc", "A `DNS_PRIVATE` namespace has no `vpc`, or an `HTTP` or `DNS_PUBLIC` namespace has one.";
    SettingsInvalid = "settings::invalid", "A setting ecsform reads has a value it cannot use.";
    SettingsRegion = "settings::region", "The region is not one of an AWS partition (`mars-east-1`, `xx`), or no region is set at all.";
    AwsNetwork = "aws::network", "Reading live AWS failed on the way.";
    AwsCredentials = "aws::credentials", "AWS did not accept the credentials.";
    AwsPermissions = "aws::permissions", "The credentials are valid but lack a permission for the call named.";
    AwsThrottled = "aws::throttled", "AWS throttled a read and the retries ran out.";
    AwsRead = "aws::read", "Reading live AWS failed with another error of AWS's.";
    PlanError = "plan::error", "The plan cannot be made.";
    PlanAdoptWithoutConsent = "plan::adopt_without_consent", "The file names resources that exist in AWS without an `ecsform:stack` tag.";
    PlanMissingCluster = "plan::missing_cluster", "The stack runs its services on a cluster it does not own.";
    PlanUnknownService = "plan::unknown_service", "`--force-new-deployment` names no service of the stack file; the message lists the file's services.";
    PlanPreventDestroy = "plan::prevent_destroy", "`ecsform destroy` would delete a resource the file marks `lifecycle.preventDestroy`.";
    PlanOutExists = "plan::out_exists", "`plan --out FILE` names a file that exists.";
    OutputMissingDir = "output::missing_dir", "A file `plan` or `drift` would write is in a directory that does not exist.";
    ApplyNoTerminal = "apply::no_terminal", "`apply` or `destroy` would change AWS, but stdin is not a terminal, so nobody can confirm.";
    ApplySavedPlan = "apply::saved_plan", "The file given to `ecsform apply FILE` is not an ecsform saved plan.";
    ApplyPlanDigest = "apply::plan_digest", "The saved plan's content does not match the digest it carries.";
    ApplyPlanIdentity = "apply::plan_identity", "The saved plan would act on another stack or region than the one it was made for.";
    ApplyPlanMismatch = "apply::plan_mismatch", "Planning again from the saved plan's documents does not give the changes the plan shows.";
    ApplyUnconfirmedDelete = "apply::unconfirmed_delete", "The plan deletes services, or more than half of the stack, and nobody confirmed it.";
    ApplyStalePlan = "apply::stale_plan", "Live AWS changed since the saved plan was made: a resource it read changed, appeared or disappeared.";
    ImportExists = "import::exists", "`ecsform import` would overwrite `ecsform.yaml` or `vars.env` in the output folder.";
    ImportNotFound = "import::not_found", "The cluster, or a service `--services` names, does not exist.";
    ImportShape = "import::shape", "What was read from AWS does not fit the stack file's format.";
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<Code> for String {
    fn from(code: Code) -> Self {
        code.as_str().to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::Code;

    #[test]
    fn codes_are_unique_area_and_name_and_parse_back() {
        let mut seen = std::collections::BTreeSet::new();
        for &c in Code::ALL {
            assert!(seen.insert(c.as_str()), "{c} twice");
            let parts = c.as_str().split_once("::");
            assert!(
                parts.is_some_and(|(area, name)| !area.is_empty() && !name.is_empty()),
                "{c}"
            );
            assert_eq!(Code::parse(c.as_str()), Some(c));
            assert!(
                !c.summary().is_empty() && !c.summary().contains('\n'),
                "{c}"
            );
        }
        assert_eq!(Code::parse("spec::no_such_code"), None);
    }
}
