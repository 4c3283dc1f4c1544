//! The ecsform stack file: its types, loading with spans, interpolation, validation and
//! diagnostics.

pub mod types;
