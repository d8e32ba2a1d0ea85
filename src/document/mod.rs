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

mod read;
pub(crate) use read::parse_value;
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
use crate::{Innovation, SiteRecord};

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

mod sealed {
    /// Seals [`Document`](super::Document): only this crate's document types implement it,
    /// because the set of document kinds is part of the JSON contract.
    ///
    /// ```
    /// use implsci::{Document, DocumentType, Innovation, SiteRecord};
    /// assert_eq!(<Innovation as Document>::TYPE, DocumentType::Innovation);
    /// assert_eq!(<SiteRecord as Document>::TYPE, DocumentType::SiteRecord);
    /// ```
    pub trait Sealed {}
    impl Sealed for crate::Innovation {}
    impl Sealed for crate::SiteRecord {}
    impl Sealed for crate::system::SystemDocument {}
    impl Sealed for crate::score::InstrumentDocument {}
    impl Sealed for crate::score::AdministrationsDocument {}
}

/// A top-level document type: JSON with a `kind` and a `schema_version`.
///
/// Implemented by [`Innovation`] and [`SiteRecord`]; sealed, because the set of document
/// kinds is part of the JSON contract.
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
    /// The matching [`DocumentType`].
    const TYPE: DocumentType;

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

/// The exported document types.
///
/// ```
/// use implsci::DocumentType;
///
/// let names: Vec<_> = DocumentType::ALL.iter().map(|t| t.name()).collect();
/// assert!(names.contains(&"Innovation"));
/// assert_eq!(DocumentType::from_name("SiteRecord"), Some(DocumentType::SiteRecord));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum DocumentType {
    /// [`Innovation`].
    Innovation,
    /// [`SiteRecord`].
    SiteRecord,
    /// [`SystemDocument`](crate::system::SystemDocument).
    SystemDocument,
    /// [`InstrumentDocument`](crate::score::InstrumentDocument).
    InstrumentDocument,
    /// [`AdministrationsDocument`](crate::score::AdministrationsDocument).
    AdministrationsDocument,
}

impl DocumentType {
    /// Every document type, in the order `implsci schema --list` prints them.
    ///
    /// ```
    /// use implsci::DocumentType;
    /// assert_eq!(DocumentType::ALL.len(), 5);
    /// assert_eq!(DocumentType::ALL[0], DocumentType::Innovation);
    /// ```
    pub const ALL: &'static [Self] = &[
        Self::Innovation,
        Self::SiteRecord,
        Self::SystemDocument,
        Self::InstrumentDocument,
        Self::AdministrationsDocument,
    ];

    /// The type name, which is also the schema's file stem (`schemas/<name>.schema.json`).
    ///
    /// ```
    /// use implsci::DocumentType;
    /// assert_eq!(DocumentType::AdministrationsDocument.name(), "AdministrationsDocument");
    /// assert_eq!(DocumentType::SiteRecord.to_string(), DocumentType::SiteRecord.name());
    /// ```
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Innovation => "Innovation",
            Self::SiteRecord => "SiteRecord",
            Self::SystemDocument => "SystemDocument",
            Self::InstrumentDocument => "InstrumentDocument",
            Self::AdministrationsDocument => "AdministrationsDocument",
        }
    }

    /// The `kind` on the wire.
    ///
    /// ```
    /// use implsci::DocumentType;
    /// assert_eq!(DocumentType::Innovation.kind(), "innovation");
    /// assert_eq!(DocumentType::SiteRecord.kind(), "site_record");
    /// ```
    #[must_use]
    pub fn kind(self) -> &'static str {
        match self {
            Self::Innovation => Innovation::KIND,
            Self::SiteRecord => SiteRecord::KIND,
            Self::SystemDocument => crate::system::SystemDocument::KIND,
            Self::InstrumentDocument => crate::score::InstrumentDocument::KIND,
            Self::AdministrationsDocument => crate::score::AdministrationsDocument::KIND,
        }
    }

    /// Looks a type up by [`name`](Self::name) (case-insensitive) or by `kind`.
    ///
    /// ```
    /// use implsci::DocumentType;
    /// assert_eq!(DocumentType::from_name("siterecord"), Some(DocumentType::SiteRecord));
    /// assert_eq!(DocumentType::from_name("site_record"), Some(DocumentType::SiteRecord));
    /// assert_eq!(DocumentType::from_name("recipe"), None);
    /// ```
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .copied()
            .find(|t| t.name().eq_ignore_ascii_case(name) || t.kind() == name)
    }

    /// A one-line description, for `implsci schema --list`.
    ///
    /// ```
    /// use implsci::DocumentType;
    /// assert!(DocumentType::SiteRecord.summary().contains("FRAME adaptations"));
    /// ```
    #[must_use]
    pub fn summary(self) -> &'static str {
        match self {
            Self::Innovation => {
                "a usable innovation: description, essential functions, practice profile, fidelity assessment"
            }
            Self::SiteRecord => {
                "one site's stage history per innovation, driver status and FRAME adaptations"
            }
            Self::SystemDocument => {
                "an implementation system: levels, units, teams, links, practitioners, coaches"
            }
            Self::InstrumentDocument => {
                "an instrument definition: items, scale, subscales, criterion, missing rule"
            }
            Self::AdministrationsDocument => {
                "administrations of instruments: date, subject, respondents, item responses"
            }
        }
    }
}

impl fmt::Display for DocumentType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A document of any type, as detected from its `kind`.
///
/// ```
/// use implsci::AnyDocument;
///
/// let err = AnyDocument::from_json(br#"{"kind": "recipe", "schema_version": "1.0.0"}"#).unwrap_err();
/// assert!(err.to_string().contains("unknown document kind `recipe`"));
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
#[allow(clippy::large_enum_variant)] // one per file read; boxing would only add a pointer hop
pub enum AnyDocument {
    /// An [`Innovation`].
    Innovation(Innovation),
    /// A [`SiteRecord`].
    SiteRecord(SiteRecord),
    /// A [`SystemDocument`](crate::system::SystemDocument).
    SystemDocument(crate::system::SystemDocument),
    /// An [`InstrumentDocument`](crate::score::InstrumentDocument).
    InstrumentDocument(crate::score::InstrumentDocument),
    /// An [`AdministrationsDocument`](crate::score::AdministrationsDocument).
    AdministrationsDocument(crate::score::AdministrationsDocument),
}

impl AnyDocument {
    /// Reads and validates a document of whichever type its `kind` names.
    ///
    /// ```
    /// use implsci::AnyDocument;
    ///
    /// let bytes = std::fs::read("examples/data/site_record.json")?;
    /// let doc = AnyDocument::from_json(&bytes)?;
    /// assert!(matches!(doc, AnyDocument::SiteRecord(ref r) if r.site.as_str() == "lincoln-elementary"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`Document::from_json`], plus [`ErrorKind::UnknownKind`] for a `kind` no type has.
    pub fn from_json(bytes: &[u8]) -> Result<Self, Error> {
        match read::detect(bytes)? {
            DocumentType::Innovation => Innovation::from_json_slice(bytes).map(Self::Innovation),
            DocumentType::SiteRecord => SiteRecord::from_json_slice(bytes).map(Self::SiteRecord),
            DocumentType::SystemDocument => {
                crate::system::SystemDocument::from_json_slice(bytes).map(Self::SystemDocument)
            }
            DocumentType::InstrumentDocument => {
                crate::score::InstrumentDocument::from_json_slice(bytes)
                    .map(Self::InstrumentDocument)
            }
            DocumentType::AdministrationsDocument => {
                crate::score::AdministrationsDocument::from_json_slice(bytes)
                    .map(Self::AdministrationsDocument)
            }
        }
    }

    /// The type of the document held.
    ///
    /// ```
    /// use implsci::{AnyDocument, DocumentType};
    ///
    /// let doc = AnyDocument::from_json(&std::fs::read("examples/data/innovation.json")?)?;
    /// assert_eq!(doc.document_type(), DocumentType::Innovation);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn document_type(&self) -> DocumentType {
        match self {
            Self::Innovation(_) => DocumentType::Innovation,
            Self::SiteRecord(_) => DocumentType::SiteRecord,
            Self::SystemDocument(_) => DocumentType::SystemDocument,
            Self::InstrumentDocument(_) => DocumentType::InstrumentDocument,
            Self::AdministrationsDocument(_) => DocumentType::AdministrationsDocument,
        }
    }
}
