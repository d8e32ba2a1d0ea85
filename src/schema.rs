//! JSON Schemas of the documents implsci reads and the reports it writes.
//!
//! One public function, [`schema_for`], generates the schema of any [`DocumentType`] (input
//! documents, with `kind` and `schema_version`) or [`ReportType`] (the JSON the library and
//! `implsci` write: scores, rollups, reports) from the Rust types (schemars, JSON Schema draft
//! 2020-12) and gives it an `$id`. Each leaves in standard draft 2020-12, so that strict
//! validators (Ajv in strict mode) compile it: an integer type carries its range as `minimum`
//! and `maximum` (a `u32` is 0 to 4294967295) rather than schemars' `"format": "uint32"`, no
//! `format` outside the standard list remains, and the schemas of what the crate writes
//! refuse unknown fields on every struct object, as those of the documents it reads do. The
//! schemas are committed under `schemas/<Type>.schema.json`;
//! a test fails when they drift from the types and names the command that regenerates them:
//!
//! ```text
//! IMPLSCI_BLESS=1 cargo test --all-features --test schemas
//! ```
//!
//! ```
//! use implsci::{DocumentType, schema::schema_for};
//!
//! let schema = schema_for(DocumentType::Innovation);
//! assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
//! assert_eq!(schema["properties"]["kind"]["const"], "innovation");
//! ```

use schemars::generate::SchemaSettings;

use crate::DocumentType;
use crate::system::SystemDocument;
use crate::{Innovation, SiteRecord};

mod standard;

/// The base of every schema's `$id`: a URN, so that it names the schema without claiming a
/// web address.
///
/// ```
/// use implsci::{DocumentType, schema::{SCHEMA_ID_BASE, schema_for}};
///
/// let schema = schema_for(DocumentType::Innovation);
/// assert!(schema["$id"].as_str().is_some_and(|id| id.starts_with(SCHEMA_ID_BASE)));
/// ```
pub const SCHEMA_ID_BASE: &str = "urn:implsci:schema:";

/// The JSON the library writes, apart from the documents it reads.
///
/// ```
/// use implsci::schema::ReportType;
/// assert_eq!(ReportType::Score.name(), "Score");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum ReportType {
    /// [`Score`](crate::score::Score).
    Score,
    /// A list of [`Score`](crate::score::Score)s, one per administration scored: what
    /// `implsci score --format json` writes.
    Scores,
    /// [`TimeSeries`](crate::score::TimeSeries).
    TimeSeries,
    /// A list of [`TimeSeries`](crate::score::TimeSeries), one per subject, sorted by subject:
    /// what `implsci score --series --format json` writes.
    TimeSeriesBySubject,
    /// [`Rollup`](crate::score::rollup::Rollup).
    Rollup,
    /// [`AlignmentReport`](crate::system::AlignmentReport).
    AlignmentReport,
    /// [`UsabilityReport`](crate::innovation::UsabilityReport).
    UsabilityReport,
    /// [`CoachingReport`](crate::coaching::measures::CoachingReport).
    CoachingReport,
    /// A list of [`TimeToFidelity`](crate::coaching::fidelity::TimeToFidelity), one per
    /// practitioner.
    TimesToFidelity,
    /// [`CoachingRollup`](crate::coaching::rollup::CoachingRollup).
    CoachingRollup,
    /// [`LoopReport`](crate::improvement::loops::LoopReport).
    LoopReport,
    /// [`CoachingWithFidelity`](crate::coaching::fidelity::CoachingWithFidelity).
    CoachingWithFidelity,
    /// A list of [`FileValidation`](crate::catalog::FileValidation)s, one per file: what
    /// `implsci validate --format json` writes.
    Validation,
    /// A list of [`UnitRow`](crate::system::UnitRow)s, one per unit: what
    /// `implsci units --format json` writes.
    Units,
    /// [`ImpactProfile`](crate::framework::impact::ImpactProfile).
    ImpactProfile,
}

impl ReportType {
    /// Every report type.
    ///
    /// ```
    /// use implsci::schema::ReportType;
    /// assert_eq!(ReportType::ALL.len(), 15);
    /// assert_eq!(ReportType::ALL[0], ReportType::Score);
    /// assert!(ReportType::ALL.contains(&ReportType::LoopReport));
    /// ```
    pub const ALL: &'static [Self] = &[
        Self::Score,
        Self::Scores,
        Self::TimeSeries,
        Self::TimeSeriesBySubject,
        Self::Rollup,
        Self::AlignmentReport,
        Self::UsabilityReport,
        Self::CoachingReport,
        Self::TimesToFidelity,
        Self::CoachingRollup,
        Self::LoopReport,
        Self::CoachingWithFidelity,
        Self::Validation,
        Self::Units,
        Self::ImpactProfile,
    ];

    /// The type name, which is also the schema's file stem.
    ///
    /// ```
    /// use implsci::schema::{Exported, ReportType};
    /// assert_eq!(ReportType::CoachingRollup.name(), "CoachingRollup");
    /// let by_name = Exported::from_name(ReportType::CoachingRollup.name());
    /// assert_eq!(by_name, Some(Exported::Report(ReportType::CoachingRollup)));
    /// ```
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Score => "Score",
            Self::Scores => "Scores",
            Self::TimeSeries => "TimeSeries",
            Self::TimeSeriesBySubject => "TimeSeriesBySubject",
            Self::Rollup => "Rollup",
            Self::AlignmentReport => "AlignmentReport",
            Self::UsabilityReport => "UsabilityReport",
            Self::CoachingReport => "CoachingReport",
            Self::TimesToFidelity => "TimesToFidelity",
            Self::CoachingRollup => "CoachingRollup",
            Self::LoopReport => "LoopReport",
            Self::CoachingWithFidelity => "CoachingWithFidelity",
            Self::Validation => "Validation",
            Self::Units => "Units",
            Self::ImpactProfile => "ImpactProfile",
        }
    }

    /// A one-line description, for `implsci schema --list`.
    ///
    /// ```
    /// use implsci::schema::ReportType;
    /// assert!(ReportType::LoopReport.summary().contains("implsci loops"));
    /// assert!(ReportType::ALL.iter().all(|r| !r.summary().contains('\n')));
    /// ```
    #[must_use]
    pub fn summary(self) -> &'static str {
        match self {
            Self::Score => "the score of one administration",
            Self::Scores => "the scores of the administrations (`implsci score --format json`)",
            Self::TimeSeries => "a subject's scores over time, with change and sustained criterion",
            Self::TimeSeriesBySubject => {
                "each subject's time series, one per subject \
                 (`implsci score --series --format json`)"
            }
            Self::Rollup => {
                "a score rolled up every unit of every level, with coverage \
                 (`implsci rollup --format json`)"
            }
            Self::AlignmentReport => {
                "the alignment report of a system (`implsci align --format json`)"
            }
            Self::UsabilityReport => "an innovation's usability against the four criteria",
            Self::CoachingReport => {
                "coaching dose, delivery against plans, incomplete and overdue cycles, first \
                 trainings (`implsci coaching --format json`)"
            }
            Self::TimesToFidelity => {
                "per practitioner, days from training to fidelity and the fidelity trajectory"
            }
            Self::CoachingRollup => {
                "coaching measures rolled up every unit of every level \
                 (`implsci coaching --rollup --format json`)"
            }
            Self::LoopReport => {
                "practice–policy loop items as of a date: status, holder, where they are stuck \
                 (`implsci loops --format json`)"
            }
            Self::CoachingWithFidelity => {
                "the coaching report with each practitioner's time to fidelity \
                 (`implsci coaching --innovation FILE --format json`)"
            }
            Self::Validation => {
                "what validation found in each file (`implsci validate --format json`)"
            }
            Self::Units => {
                "the units with their level, parent, the unit above on every level, teams and \
                 practitioners (`implsci units --format json`)"
            }
            Self::ImpactProfile => {
                "each unit's IMPACT Framework profile: the evidence of every component \
                 (`implsci impact --format json`)"
            }
        }
    }
}

/// Records streamed one per line (JSON Lines), apart from documents and reports.
///
/// ```
/// use implsci::schema::RecordType;
/// assert_eq!(RecordType::Event.name(), "Event");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum RecordType {
    /// [`Event`](crate::event::Event): one line of an event log; one `oneOf` branch per kind.
    Event,
}

impl RecordType {
    /// Every record type.
    ///
    /// ```
    /// use implsci::schema::RecordType;
    /// assert_eq!(RecordType::ALL, [RecordType::Event]);
    /// ```
    pub const ALL: &'static [Self] = &[Self::Event];

    /// The type name, which is also the schema's file stem.
    ///
    /// ```
    /// use implsci::schema::{RecordType, schema_id};
    /// assert_eq!(RecordType::Event.name(), "Event");
    /// assert_eq!(schema_id(RecordType::Event), "urn:implsci:schema:Event:1");
    /// ```
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Event => "Event",
        }
    }

    /// A one-line description, for `implsci schema --list`.
    ///
    /// ```
    /// use implsci::schema::RecordType;
    /// assert!(RecordType::Event.summary().contains("JSON Lines"));
    /// ```
    #[must_use]
    pub fn summary(self) -> &'static str {
        match self {
            Self::Event => "one line of an event log (JSON Lines), tagged by `kind`",
        }
    }
}

/// Anything with an exported schema: a document, report or record type.
///
/// ```
/// use implsci::{DocumentType, schema::{Exported, ReportType}};
/// assert_eq!(Exported::from_name("innovation"), Some(Exported::Document(DocumentType::Innovation)));
/// assert_eq!(Exported::from_name("Rollup"), Some(Exported::Report(ReportType::Rollup)));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Exported {
    /// A document implsci reads.
    Document(DocumentType),
    /// JSON implsci writes.
    Report(ReportType),
    /// A record of a JSON Lines stream.
    Record(RecordType),
}

impl Exported {
    /// Every exported type: documents first, then reports.
    ///
    /// ```
    /// use implsci::{DocumentType, schema::{Exported, RecordType, ReportType}};
    ///
    /// let all = Exported::all();
    /// assert_eq!(all.len(), DocumentType::ALL.len() + ReportType::ALL.len() + RecordType::ALL.len());
    /// assert_eq!(all[0], Exported::Document(DocumentType::Innovation)); // documents first
    /// assert_eq!(all.last(), Some(&Exported::Record(RecordType::Event)));
    /// ```
    #[must_use]
    pub fn all() -> Vec<Self> {
        DocumentType::ALL
            .iter()
            .copied()
            .map(Self::Document)
            .chain(ReportType::ALL.iter().copied().map(Self::Report))
            .chain(RecordType::ALL.iter().copied().map(Self::Record))
            .collect()
    }

    /// The type name, which is also the schema's file stem (`schemas/<name>.schema.json`).
    ///
    /// ```
    /// use implsci::{DocumentType, schema::{Exported, RecordType}};
    /// assert_eq!(Exported::from(DocumentType::SiteRecord).name(), "SiteRecord");
    /// assert_eq!(Exported::Record(RecordType::Event).name(), "Event");
    /// ```
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Document(d) => d.name(),
            Self::Report(r) => r.name(),
            Self::Record(r) => r.name(),
        }
    }

    /// Looks a type up by name (case-insensitive) or by a document's `kind`.
    ///
    /// ```
    /// use implsci::{DocumentType, schema::{Exported, ReportType}};
    /// assert_eq!(Exported::from_name("timeseries"), Some(Exported::Report(ReportType::TimeSeries)));
    /// assert_eq!(Exported::from_name("site_record"), Some(Exported::Document(DocumentType::SiteRecord)));
    /// assert_eq!(Exported::from_name("recipe"), None);
    /// ```
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        DocumentType::from_name(name)
            .map(Self::Document)
            .or_else(|| {
                ReportType::ALL
                    .iter()
                    .copied()
                    .find(|r| r.name().eq_ignore_ascii_case(name))
                    .map(Self::Report)
            })
            .or_else(|| {
                RecordType::ALL
                    .iter()
                    .copied()
                    .find(|r| r.name().eq_ignore_ascii_case(name))
                    .map(Self::Record)
            })
    }
}

impl From<DocumentType> for Exported {
    fn from(d: DocumentType) -> Self {
        Self::Document(d)
    }
}

impl From<RecordType> for Exported {
    fn from(r: RecordType) -> Self {
        Self::Record(r)
    }
}

impl From<ReportType> for Exported {
    fn from(r: ReportType) -> Self {
        Self::Report(r)
    }
}

/// The `$id` of a type's schema, e.g. `urn:implsci:schema:Innovation:1`.
///
/// ```
/// use implsci::{DocumentType, schema::schema_id};
/// assert_eq!(schema_id(DocumentType::SiteRecord), "urn:implsci:schema:SiteRecord:1");
/// ```
#[must_use]
pub fn schema_id(target: impl Into<Exported>) -> String {
    format!(
        "{SCHEMA_ID_BASE}{}:{}",
        target.into().name(),
        crate::SchemaVersion::SUPPORTED_MAJOR
    )
}

/// Generates the JSON Schema (draft 2020-12) of a document or report type, with its `$id`.
///
/// This is the one function the committed `schemas/` files and `implsci schema TYPE` come
/// from.
///
/// ```
/// use implsci::schema::{RecordType, schema_for};
///
/// let schema = schema_for(RecordType::Event);
/// assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
/// assert_eq!(schema["$id"], "urn:implsci:schema:Event:1");
///
/// // A `u32` carries its range, in standard keywords only.
/// let innovation = schema_for(implsci::DocumentType::Innovation);
/// let sample_size = &innovation["$defs"]["OutcomeEvidence"]["properties"]["sample_size"];
/// assert_eq!(sample_size["minimum"], 0);
/// assert_eq!(sample_size["maximum"], 4_294_967_295_u32);
/// assert!(sample_size.get("format").is_none());
/// ```
#[must_use]
pub fn schema_for(target: impl Into<Exported>) -> serde_json::Value {
    let target = target.into();
    let generator = SchemaSettings::draft2020_12().into_generator();
    let doc =
        match target {
            Exported::Document(doc) => doc,
            Exported::Record(RecordType::Event) => {
                return finish(
                    generator.into_root_schema_for::<crate::event::Event>(),
                    target,
                );
            }
            Exported::Report(report) => {
                let schema = match report {
                ReportType::Score => generator.into_root_schema_for::<crate::score::Score>(),
                ReportType::Scores => generator.into_root_schema_for::<Vec<crate::score::Score>>(),
                ReportType::TimeSeries => {
                    generator.into_root_schema_for::<crate::score::TimeSeries>()
                }
                ReportType::TimeSeriesBySubject => {
                    generator.into_root_schema_for::<Vec<crate::score::TimeSeries>>()
                }
                ReportType::Rollup => {
                    generator.into_root_schema_for::<crate::score::rollup::Rollup>()
                }
                ReportType::AlignmentReport => {
                    generator.into_root_schema_for::<crate::system::AlignmentReport>()
                }
                ReportType::UsabilityReport => {
                    generator.into_root_schema_for::<crate::innovation::UsabilityReport>()
                }
                ReportType::CoachingReport => {
                    generator.into_root_schema_for::<crate::coaching::measures::CoachingReport>()
                }
                ReportType::TimesToFidelity => generator
                    .into_root_schema_for::<Vec<crate::coaching::fidelity::TimeToFidelity>>(),
                ReportType::CoachingRollup => {
                    generator.into_root_schema_for::<crate::coaching::rollup::CoachingRollup>()
                }
                ReportType::LoopReport => {
                    generator.into_root_schema_for::<crate::improvement::loops::LoopReport>()
                }
                ReportType::CoachingWithFidelity => generator
                    .into_root_schema_for::<crate::coaching::fidelity::CoachingWithFidelity>(),
                ReportType::Validation => generator
                    .into_root_schema_for::<Vec<crate::catalog::FileValidation>>(),
                ReportType::Units => {
                    generator.into_root_schema_for::<Vec<crate::system::UnitRow>>()
                }
                ReportType::ImpactProfile => generator
                    .into_root_schema_for::<crate::framework::impact::ImpactProfile>(),
            };
                return finish(schema, target);
            }
        };
    let schema = match doc {
        DocumentType::Innovation => generator.into_root_schema_for::<Innovation>(),
        DocumentType::SiteRecord => generator.into_root_schema_for::<SiteRecord>(),
        DocumentType::SystemDocument => generator.into_root_schema_for::<SystemDocument>(),
        DocumentType::InstrumentDocument => {
            generator.into_root_schema_for::<crate::score::InstrumentDocument>()
        }
        DocumentType::AdministrationsDocument => {
            generator.into_root_schema_for::<crate::score::AdministrationsDocument>()
        }
        DocumentType::Plan => generator.into_root_schema_for::<crate::plan::Plan>(),
        DocumentType::Scenario => generator.into_root_schema_for::<crate::scenario::Scenario>(),
    };
    finish(schema, target)
}

/// Tidies a generated schema and gives it its `$id`.
///
/// Every schema, whatever its type, leaves here in standard draft 2020-12: integer types carry
/// their range as `minimum` and `maximum` and no `format` outside the standard list remains
/// ([`standard_formats`](standard::standard_formats)). The schemas of what the crate writes (reports and records) also
/// refuse unknown fields on every struct object ([`close_objects`](standard::close_objects)), as the documents already
/// do through `deny_unknown_fields`.
fn finish(schema: schemars::Schema, target: Exported) -> serde_json::Value {
    use standard::{close_objects, for_each_subschema, standard_formats, tidy_descriptions};
    let mut value = schema.to_value();
    tidy_descriptions(&mut value);
    for_each_subschema(&mut value, &mut standard_formats);
    if matches!(target, Exported::Report(_) | Exported::Record(_)) {
        close_objects(&mut value, false);
    }
    if let Some(object) = value.as_object_mut() {
        object.insert("$id".to_string(), schema_id(target).into());
    }
    value
}
