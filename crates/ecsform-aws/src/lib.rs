//! The only ecsform code that names `aws_sdk_*` types: conversions between the SDK's
//! shapes and the stack file's, reading live state, and executing plan changes.

pub mod bounds;
pub mod clients;
pub mod convert;
pub mod exec;
pub mod import;
pub mod pace;
pub mod read;
pub mod settings;

pub use bounds::{Bounded, bounded};
pub use clients::{AwsError, Clients, FailureKind};
pub use exec::{AwsExecutor, ExecOptions, record_stamp};
pub use import::{ImportError, read_for_import};
pub use read::{ReadOptions, read_live, read_live_with};
pub use settings::{SettingError, Settings};
