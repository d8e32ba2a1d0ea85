//! The scoring documents: an instrument definition, and a list of administrations.
//!
//! ```
//! use implsci::{Document, score::{AdministrationsDocument, InstrumentDocument}};
//!
//! let instrument = InstrumentDocument::from_json(&std::fs::read_to_string("examples/data/dca_instrument.json")?)?;
//! let administrations = AdministrationsDocument::from_json(&std::fs::read_to_string("examples/data/dca_administrations.json")?)?;
//! assert!(administrations.administrations.iter().all(|a| a.instrument == instrument.instrument.id));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::HashSet;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Administration, InstrumentDefinition};
use crate::Extensions;
use crate::document::{Document, Kind, Partial, SchemaVersion, parse_records};
use crate::error::{Error, Problem, ProblemKind, Problems, Seen, ValidationErrors};

/// An instrument definition as a document (kind `instrument`), scored with the common item-sum
/// rule ([`ItemSum`](super::ItemSum)).
///
/// ```
/// use implsci::{Document, score::InstrumentDocument};
/// let doc = InstrumentDocument::from_json(&std::fs::read_to_string("examples/data/dca_instrument.json")?)?;
/// assert_eq!(doc.instrument.id.as_str(), "dca-local");
/// assert_eq!(InstrumentDocument::from_json(&doc.to_json()?)?, doc); // round-trips
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct InstrumentDocument {
    /// Always `"instrument"`.
    pub kind: Kind<InstrumentDocument>,
    /// The contract version the document was written against.
    pub schema_version: SchemaVersion,
    /// The definition.
    pub instrument: InstrumentDefinition,
    /// Integrators' own data; round-trips untouched.
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

impl InstrumentDocument {
    /// A document holding a definition.
    ///
    /// ```
    /// use implsci::{Document, score::{InstrumentDefinition, InstrumentDocument, Scale}};
    /// let doc = InstrumentDocument::new(InstrumentDefinition::new("x".parse()?, "X", "1.0", Scale::new(0.0, 2.0)));
    /// assert!(doc.to_json()?.contains(r#""kind": "instrument""#));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn new(instrument: InstrumentDefinition) -> Self {
        Self {
            kind: Kind::default(),
            schema_version: SchemaVersion::CURRENT,
            instrument,
            extensions: Extensions::new(),
        }
    }
}

impl crate::document::Tagged for InstrumentDocument {
    const KIND: &'static str = "instrument";
}

impl crate::document::sealed::Sealed for InstrumentDocument {}

impl Document for InstrumentDocument {
    fn validate(&self) -> Result<(), ValidationErrors> {
        let def = &self.instrument;
        let mut problems = Problems::default();
        problems.text(|| "$.instrument.name".into(), &def.name);
        problems.number(
            || "$.instrument.scale.min".into(),
            def.scale.min,
            0.0,
            f64::MAX,
        );
        problems.number(
            || "$.instrument.scale.max".into(),
            def.scale.max,
            def.scale.min,
            f64::MAX,
        );
        if def.scale.max <= def.scale.min {
            problems.push(Problem::new(
                "$.instrument.scale",
                ProblemKind::OutOfRange,
                "the scale's max must be above its min",
            ));
        }
        let mut subscales = HashSet::new();
        for (i, s) in def.subscales.iter().enumerate() {
            problems.unique(
                &mut subscales,
                s.id.as_str(),
                || format!("$.instrument.subscales[{i}].id"),
                "two subscales share this id",
            );
        }
        let mut items = HashSet::new();
        for (i, item) in def.items.iter().enumerate() {
            problems.unique(
                &mut items,
                item.id.as_str(),
                || format!("$.instrument.items[{i}].id"),
                "two items share this id",
            );
            if let Some(sub) = &item.subscale
                && !subscales.contains(sub.as_str())
            {
                problems.dangling(
                    format!("$.instrument.items[{i}].subscale"),
                    "no subscale has this id",
                    sub.as_str(),
                    "subscale",
                    || def.subscales.iter().map(|s| s.id.as_str()),
                );
            }
        }
        for (i, sub) in def.empty_subscales() {
            problems.push(
                Problem::new(
                    format!("$.instrument.subscales[{i}]"),
                    ProblemKind::OutOfRange,
                    format!(
                        "subscale `{}` has no items; its percent would never be computable",
                        sub.id
                    ),
                )
                .with_id(sub.id.as_str()),
            );
        }
        if let Some(c) = &def.criterion {
            if let Some(t) = c.total_percent {
                problems.number(
                    || "$.instrument.criterion.total_percent".into(),
                    t,
                    0.0,
                    100.0,
                );
            }
            if let Some(t) = c.each_subscale_percent {
                problems.number(
                    || "$.instrument.criterion.each_subscale_percent".into(),
                    t,
                    0.0,
                    100.0,
                );
            }
        }
        problems.finish()
    }
}

/// Administrations as a document (kind `administrations`), for a data system to hand over in
/// one file.
///
/// ```
/// use implsci::{Document, score::{AdministrationsDocument, ScoreSubject}};
/// let doc = AdministrationsDocument::from_json(&std::fs::read_to_string("examples/data/dca_administrations.json")?)?;
/// let wake = ScoreSubject::Unit("wake".parse()?);
/// assert_eq!(doc.administrations.len(), 7);
/// assert_eq!(doc.administrations.iter().filter(|a| a.subject == wake).count(), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct AdministrationsDocument {
    /// Always `"administrations"`.
    pub kind: Kind<AdministrationsDocument>,
    /// The contract version the document was written against.
    pub schema_version: SchemaVersion,
    /// The administrations.
    #[serde(default)]
    pub administrations: Vec<Administration>,
    /// Integrators' own data; round-trips untouched.
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

impl AdministrationsDocument {
    /// A document holding administrations.
    ///
    /// ```
    /// use implsci::{Document, score::{Administration, AdministrationsDocument, Response, ScoreSubject}};
    /// let mut admin = Administration::new("x".parse()?, "2025-01-01".parse()?, ScoreSubject::Unit("u".parse()?));
    /// admin.responses = vec![Response::new("a".parse()?, 1.0), Response::new("a".parse()?, 2.0)];
    /// let doc = AdministrationsDocument::new(vec![admin]);
    /// assert!(doc.to_json().is_err()); // item `a` is answered twice
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn new(administrations: Vec<Administration>) -> Self {
        Self {
            kind: Kind::default(),
            schema_version: SchemaVersion::CURRENT,
            administrations,
            extensions: Extensions::new(),
        }
    }
}

impl AdministrationsDocument {
    /// Reads administrations as far as each allows: an administration that does not read or
    /// does not validate is refused with its problems, and the rest are kept; a problem outside
    /// the administrations (the envelope) refuses the whole document.
    ///
    /// ```
    /// use implsci::score::AdministrationsDocument;
    ///
    /// let bytes = std::fs::read("examples/data/dca_administrations.json")?;
    /// let read = AdministrationsDocument::from_json_partial(&bytes)?;
    /// assert!(read.refused.is_empty());
    /// assert_eq!(read.records, read.document.administrations.len());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`Document::from_json`], for a problem outside the administrations.
    pub fn from_json_partial(bytes: &[u8]) -> Result<Partial<Self>, Error> {
        parse_records::<Self, Administration>(
            bytes,
            "administrations",
            |doc, records| doc.administrations = records,
            |doc| std::mem::take(&mut doc.administrations),
        )
    }
}

impl crate::document::Tagged for AdministrationsDocument {
    const KIND: &'static str = "administrations";
}

impl crate::document::sealed::Sealed for AdministrationsDocument {}

impl Document for AdministrationsDocument {
    /// Flags non-finite responses, dates that cannot be written, and an item answered twice in
    /// one administration.
    fn validate(&self) -> Result<(), ValidationErrors> {
        let mut problems = Problems::default();
        for (i, a) in self.administrations.iter().enumerate() {
            problems.date(|| format!("$.administrations[{i}].date"), a.date);
            let mut items = Seen::for_list(a.responses.len());
            for (j, r) in a.responses.iter().enumerate() {
                problems.unique_in_list(
                    &mut items,
                    r.item.as_str(),
                    a.responses[..j].iter().map(|e| e.item.as_str()),
                    || format!("$.administrations[{i}].responses[{j}].item"),
                    "this item is already answered",
                );
                if let Some(v) = r.value {
                    problems.number(
                        || format!("$.administrations[{i}].responses[{j}].value"),
                        v,
                        f64::MIN,
                        f64::MAX,
                    );
                }
            }
        }
        problems.finish()
    }
}
