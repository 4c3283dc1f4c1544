//! One-to-one conversions between the AWS SDK's types and the stack file's types
//! (`ecsform_spec::types`). ARNs stay ARNs here: mapping them to the stack's names is the
//! model's job.

pub mod autoscaling;
pub mod cloudmap;
pub mod ecs;
pub mod elb;

/// The items of a list read by a separate call (tags, attributes) as the file's; `None`
/// when there are none, as in a stack file that leaves the list out.
pub(crate) fn separate<T: ecsform_spec::shape::FromSdk<S>, S>(items: &[S]) -> Option<Vec<T>> {
    let items: Vec<T> = items.iter().filter_map(T::from_sdk).collect();
    (!items.is_empty()).then_some(items)
}
