//! One-to-one conversions between the AWS SDK's types and the stack file's types
//! (`ecsform_spec::types`). ARNs stay ARNs here: mapping them to the stack's names is the
//! model's job.

pub mod autoscaling;
pub mod cloudmap;
pub mod ecs;
pub mod elb;
