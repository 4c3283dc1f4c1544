//! Conversions between the stack file's types and the AWS SDK's types (feature `sdk`,
//! which `ecsform-aws` turns on). Each AWS shape is declared once, as the file's type;
//! `#[derive(Shape)]` (crate `ecsform-derive`) writes its conversions member by member,
//! through the traits here. The rules every conversion follows:
//!
//! - SDK -> file ([`FromSdk`]) keeps live state as returned: a list the SDK returns empty
//!   stays `Some(vec![])`, a list it leaves out stays `None`. Members the SDK models as
//!   plain numbers or booleans with a default (a container's `cpu`, a service's
//!   `desiredCount`, ...) become `Some(value)`: the SDK cannot tell "absent" from the
//!   default; deciding what is a default is the normalization step's job.
//! - A value of an AWS enumeration the file's enum does not know (one AWS added since)
//!   never panics: an optional member becomes `None`, an element of a list is left out,
//!   and a structure whose required member it is cannot be read (`None`).
//! - A required member of the file's type that the SDK leaves out reads as empty (`""`,
//!   an empty list, zero: [`Missing`]); a required structure or enum left out means the
//!   structure holding it cannot be read.
//! - Output-only members (revisions, statuses, timestamps...) have no file counterpart
//!   and are not read.
//! - file -> SDK ([`ToSdk`]) fails only with the SDK's `BuildError`, when a builder on
//!   the way has a required member the file left out; the file's types make those
//!   members required too, so it does not happen in practice.

use std::collections::{BTreeMap, HashMap};

pub use aws_smithy_types::error::operation::BuildError;
use aws_smithy_types::{Document, Number};
use serde_json::Value;

/// The file's value of an SDK value: `None` when the file's type cannot hold it.
pub trait FromSdk<S>: Sized {
    /// Converts `sdk`.
    fn from_sdk(sdk: &S) -> Option<Self>;
}

/// The SDK's value of a file value.
pub trait ToSdk<S> {
    /// Converts `self`.
    ///
    /// # Errors
    /// When an SDK builder on the way lacks a member it requires.
    fn to_sdk(&self) -> Result<S, BuildError>;
}

/// Sets the file value's members on an operation's request (its fluent builder).
pub trait ToRequest<R> {
    /// `request` with every member of `self` set.
    ///
    /// # Errors
    /// When an SDK builder on the way lacks a member it requires.
    fn to_request(&self, request: R) -> Result<R, BuildError>;
}

/// The value of a required member of the file's type that the SDK left out.
pub trait Missing: Sized {
    /// `None`: the structure holding the member cannot be read.
    fn missing() -> Option<Self> {
        None
    }
}

/// A member of an SDK structure as an optional reference: `Option<T>` members as they
/// are, members the SDK models as plain values (with a default) always present.
pub trait SdkField {
    /// The member's value type.
    type Value;
    /// The member's value, if any.
    fn value(&self) -> Option<&Self::Value>;
}

/// An SDK builder's `build()` result as a `Result` (some builders return the value,
/// those with required members a `Result`).
pub trait Built<T> {
    /// The built value.
    ///
    /// # Errors
    /// The builder's own error.
    fn built(self) -> Result<T, BuildError>;
}

impl<T> Built<T> for Result<T, BuildError> {
    fn built(self) -> Result<T, BuildError> {
        self
    }
}

impl<T> SdkField for Option<T> {
    type Value = T;
    fn value(&self) -> Option<&T> {
        self.as_ref()
    }
}

/// An optional file value as the SDK setter's argument.
///
/// # Errors
/// See [`ToSdk::to_sdk`].
pub fn to_sdk_option<T: ToSdk<S>, S>(value: &Option<T>) -> Result<Option<S>, BuildError> {
    value.as_ref().map(ToSdk::to_sdk).transpose()
}

/// Values that are the same on both sides.
macro_rules! same {
    ($($t:ty),*) => {$(
        impl FromSdk<$t> for $t {
            fn from_sdk(sdk: &$t) -> Option<Self> {
                Some(sdk.clone())
            }
        }
        impl ToSdk<$t> for $t {
            fn to_sdk(&self) -> Result<$t, BuildError> {
                Ok(self.clone())
            }
        }
        impl SdkField for $t {
            type Value = $t;
            fn value(&self) -> Option<&$t> {
                Some(self)
            }
        }
        impl Missing for $t {
            fn missing() -> Option<Self> {
                Some(<$t>::default())
            }
        }
    )*};
}

same!(bool, i32, i64, f64);

impl FromSdk<String> for String {
    fn from_sdk(sdk: &String) -> Option<Self> {
        Some(sdk.clone())
    }
}

impl ToSdk<String> for String {
    fn to_sdk(&self) -> Result<String, BuildError> {
        Ok(self.clone())
    }
}

/// A string member the SDK models as required (a plain `String`) is `""` when the
/// response left it out: the SDK fills in an empty value rather than fail (smithy-rs's
/// client-side error correction of required members). `""` is then no value: a GPU
/// resource requirement with a `sharingStrategy` has no `value`, and the SDK gives `""`.
impl SdkField for String {
    type Value = String;
    fn value(&self) -> Option<&String> {
        (!self.is_empty()).then_some(self)
    }
}

impl Missing for String {
    fn missing() -> Option<Self> {
        Some(String::new())
    }
}

impl<T: FromSdk<S>, S> FromSdk<Vec<S>> for Vec<T> {
    fn from_sdk(sdk: &Vec<S>) -> Option<Self> {
        Some(sdk.iter().filter_map(T::from_sdk).collect())
    }
}

impl<T: ToSdk<S>, S> ToSdk<Vec<S>> for Vec<T> {
    fn to_sdk(&self) -> Result<Vec<S>, BuildError> {
        self.iter().map(ToSdk::to_sdk).collect()
    }
}

impl<S> SdkField for Vec<S> {
    type Value = Vec<S>;
    fn value(&self) -> Option<&Vec<S>> {
        Some(self)
    }
}

impl<T> Missing for Vec<T> {
    fn missing() -> Option<Self> {
        Some(Vec::new())
    }
}

/// The file's maps are ordered (its documents compare and print in one order).
impl FromSdk<HashMap<String, String>> for BTreeMap<String, String> {
    fn from_sdk(sdk: &HashMap<String, String>) -> Option<Self> {
        Some(sdk.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
    }
}

impl ToSdk<HashMap<String, String>> for BTreeMap<String, String> {
    fn to_sdk(&self) -> Result<HashMap<String, String>, BuildError> {
        Ok(self.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
    }
}

impl<K, V> SdkField for HashMap<K, V> {
    type Value = HashMap<K, V>;
    fn value(&self) -> Option<&HashMap<K, V>> {
        Some(self)
    }
}

impl<K: Ord, V> Missing for BTreeMap<K, V> {
    fn missing() -> Option<Self> {
        Some(BTreeMap::new())
    }
}

/// Free-form JSON members (a deployment lifecycle hook's `hookDetails`) are Smithy
/// documents in the SDK.
impl FromSdk<Document> for Value {
    fn from_sdk(sdk: &Document) -> Option<Self> {
        Some(document_to_json(sdk))
    }
}

impl ToSdk<Document> for Value {
    fn to_sdk(&self) -> Result<Document, BuildError> {
        Ok(document_from_json(self))
    }
}

impl SdkField for Document {
    type Value = Document;
    fn value(&self) -> Option<&Document> {
        Some(self)
    }
}

/// A JSON value as a Smithy document.
#[must_use]
pub fn document_from_json(value: &Value) -> Document {
    match value {
        Value::Null => Document::Null,
        Value::Bool(b) => Document::Bool(*b),
        Value::Number(n) => {
            if let Some(u) = n.as_u64() {
                Document::Number(Number::PosInt(u))
            } else if let Some(i) = n.as_i64() {
                Document::Number(Number::NegInt(i))
            } else {
                Document::Number(Number::Float(n.as_f64().unwrap_or(f64::NAN)))
            }
        }
        Value::String(s) => Document::String(s.clone()),
        Value::Array(a) => Document::Array(a.iter().map(document_from_json).collect()),
        Value::Object(o) => Document::Object(
            o.iter()
                .map(|(k, v)| (k.clone(), document_from_json(v)))
                .collect(),
        ),
    }
}

/// A Smithy document as a JSON value. Object keys are sorted (the document's map has no
/// order); a non-finite float becomes `null`.
#[must_use]
pub fn document_to_json(document: &Document) -> Value {
    match document {
        Document::Null => Value::Null,
        Document::Bool(b) => Value::Bool(*b),
        Document::Number(Number::PosInt(u)) => Value::from(*u),
        Document::Number(Number::NegInt(i)) => Value::from(*i),
        Document::Number(Number::Float(f)) => {
            serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number)
        }
        Document::String(s) => Value::String(s.clone()),
        Document::Array(a) => Value::Array(a.iter().map(document_to_json).collect()),
        Document::Object(o) => {
            let mut keys: Vec<&String> = o.keys().collect();
            keys.sort();
            Value::Object(
                keys.into_iter()
                    .filter_map(|k| o.get(k).map(|v| (k.clone(), document_to_json(v))))
                    .collect(),
            )
        }
    }
}
