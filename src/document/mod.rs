//! The document envelope: `kind`, `schema_version`, reading and writing.
//!
//! Every top-level document is a JSON object whose `kind` names its type and whose
//! `schema_version` (semantic versioning) names the version of the contract it was written
//! against. This crate reads major version [`SchemaVersion::SUPPORTED_MAJOR`], any minor and
//! patch; a document of another major version is refused with
//! [`ErrorKind::UnsupportedVersion`] and a sentence
//! that says whether to upgrade implsci or the document. (Major version 1 is the first
//! published contract, so there is no older major version to migrate yet; `0.x` documents are
//! refused.)
//!
//! ```
//! use implsci::{AnyDocument, Document, Innovation};
//!
//! let json = r#"{"kind": "innovation", "schema_version": "1.0.0", "id": "cico", "name": "Check-in/check-out"}"#;
//! let innovation = Innovation::from_json(json)?;
//! assert_eq!(innovation.id.as_str(), "cico");
//!
//! // When the type is not known in advance, the envelope decides.
//! let any = AnyDocument::from_json(json.as_bytes())?;
//! assert_eq!(any.document_type().name(), "Innovation");
//! # Ok::<(), implsci::Error>(())
//! ```

mod partial;
mod read;
pub(crate) use partial::parse_records;
pub use partial::{Partial, RefusedRecord};
pub(crate) use read::{parse_value, read_kind};
mod sniff;
mod strict;
mod version;

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

pub use version::SchemaVersion;

use crate::error::{Error, ErrorKind, ValidationErrors};

/// A type whose JSON carries a constant `kind`: the documents, and the events of an event log.
///
/// ```
/// use implsci::{Innovation, Tagged};
/// assert_eq!(Innovation::KIND, "innovation");
/// ```
pub trait Tagged {
    /// The `kind` on the wire.
    const KIND: &'static str;
}

/// The `kind` field of a document or event `T`: always `T::KIND` on the wire.
///
/// It carries no data; it exists so that a document of the wrong kind is refused while it is
/// read, and so that the schema states the constant.
///
/// ```
/// use implsci::{Innovation, Kind};
///
/// let kind: Kind<Innovation> = Kind::default();
/// assert_eq!(serde_json::to_string(&kind)?, "\"innovation\"");
/// assert!(serde_json::from_str::<Kind<Innovation>>("\"site_record\"").is_err());
/// # Ok::<(), serde_json::Error>(())
/// ```
pub struct Kind<T>(PhantomData<fn() -> T>);

impl<T> Default for Kind<T> {
    fn default() -> Self {
        Self(PhantomData)
    }
}

impl<T> Clone for Kind<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Kind<T> {}

impl<T> PartialEq for Kind<T> {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl<T> Eq for Kind<T> {}

impl<T: Tagged> fmt::Debug for Kind<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Kind({:?})", T::KIND)
    }
}

impl<T: Tagged> Serialize for Kind<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(T::KIND)
    }
}

impl<'de, T: Tagged> Deserialize<'de> for Kind<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = <Cow<'de, str>>::deserialize(deserializer)?;
        if s == T::KIND {
            Ok(Self::default())
        } else {
            Err(serde::de::Error::custom(format_args!(
                "expected kind `{}`, found `{s}`",
                T::KIND
            )))
        }
    }
}

impl<T: Tagged> JsonSchema for Kind<T> {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        Cow::Owned(format!("{}Kind", T::KIND))
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "const": T::KIND,
        })
    }
}

pub(crate) mod sealed {
    /// Seals [`Document`](super::Document): only this crate's document types implement it,
    /// because the set of document kinds is part of the JSON contract. Each document's own
    /// module implements it; the [`catalog`](crate::catalog) lists them all.
    ///
    /// ```
    /// use implsci::{DocumentType, Innovation, SiteRecord};
    /// assert_eq!(DocumentType::of::<Innovation>(), DocumentType::Innovation);
    /// assert_eq!(DocumentType::of::<SiteRecord>(), DocumentType::SiteRecord);
    /// ```
    pub trait Sealed {}
}

/// A top-level document type: JSON with a `kind` and a `schema_version`.
///
/// Implemented by each document type of the [`catalog`](crate::catalog) (an
/// [`Innovation`](crate::Innovation), a [`SiteRecord`](crate::SiteRecord), ...); sealed,
/// because the set of document kinds is part of the JSON contract.
///
/// ```
/// use implsci::{Document, Innovation};
///
/// let innovation = Innovation::new("cico".parse()?, "Check-in/check-out");
/// let json = innovation.to_json()?;
/// assert_eq!(Innovation::from_json(&json)?, innovation);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait Document: Tagged + Serialize + DeserializeOwned + JsonSchema + sealed::Sealed {
    /// Checks what the schema cannot: references, duplicate ids, date order, finite numbers.
    ///
    /// # Errors
    ///
    /// Returns every problem found, each with its JSON path.
    fn validate(&self) -> Result<(), ValidationErrors>;

    /// Reads and validates a document from JSON text.
    ///
    /// # Errors
    ///
    /// See [`Error`]: syntax, shape, kind, version or validation problems.
    fn from_json(json: &str) -> Result<Self, Error> {
        Self::from_json_slice(json.as_bytes())
    }

    /// Reads and validates a document from JSON bytes.
    ///
    /// # Errors
    ///
    /// See [`Document::from_json`].
    fn from_json_slice(bytes: &[u8]) -> Result<Self, Error> {
        let doc = Self::from_json_slice_unvalidated(bytes)?;
        doc.validate()?;
        Ok(doc)
    }

    /// Reads a document's shape (syntax, envelope, fields, types, identifiers, dates) without
    /// the semantic checks of [`Document::validate`]: exactly what the JSON Schema checks.
    ///
    /// ```
    /// use implsci::{Document, Innovation};
    ///
    /// let json = br#"{"kind": "innovation", "schema_version": "1.0.0", "id": "x", "name": " "}"#;
    /// let innovation = Innovation::from_json_slice_unvalidated(json)?; // the shape is right
    /// assert!(innovation.validate().is_err()); // but the name is blank
    /// # Ok::<(), implsci::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// Syntax, shape, kind and version errors; never [`ErrorKind::Validation`].
    fn from_json_slice_unvalidated(bytes: &[u8]) -> Result<Self, Error> {
        read::parse::<Self>(bytes)
    }

    /// Validates the document and writes it as pretty-printed JSON.
    ///
    /// # Errors
    ///
    /// Refuses to write a document that would not read back (a NaN, a dangling reference):
    /// returns its validation problems.
    fn to_json(&self) -> Result<String, Error> {
        self.validate()?;
        serde_json::to_string_pretty(self).map_err(|e| ErrorKind::Write(e.to_string()).into())
    }
}
