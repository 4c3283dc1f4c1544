//! The ecsform stack file: its types, loading with spans, interpolation, validation and
//! diagnostics.
//!
//! Loading runs in two phases (see `raw` and `de`): YAML to a tree of spanned nodes, then
//! that tree to the typed [`types::StackFile`], collecting every problem with the exact
//! place it concerns. Semantic checks (`validate`) then run over the merged stack.

// The derived conversions name this crate by its path, inside it too.
extern crate self as ecsform_spec;

pub mod code;
mod de;
pub mod diagnostic;
mod interpolate;
mod load;
mod placement;
pub mod problem;
pub mod raw;
pub mod refs;
pub mod schema;
#[cfg(feature = "sdk")]
pub mod shape;
pub mod types;
pub mod units;
mod validate;
pub mod var_file;

pub use code::Code;
pub use diagnostic::SpecDiagnostic;
pub use interpolate::Vars;
pub use load::{
    Loaded, MAX_FILE_BYTES, Origin, Origins, ReadError, SourceFile, Stack, Unreadability,
    Unreadable, load_bytes, load_document, load_path,
};
pub use problem::{Label, Problem, Severity};
