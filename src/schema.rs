//! JSON Schemas of the documents implsci reads and the reports it writes.
//!
//! One public function, [`schema_for`], generates the schema of any [`DocumentType`] (input
//! documents, with `kind` and `schema_version`) or [`ReportType`] (the JSON the library and
//! `implsci` write: scores, rollups, reports) from the Rust types (schemars, JSON Schema draft
//! 2020-12) and gives it an `$id`. The schemas are committed under `schemas/<Type>.schema.json`;
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
    /// [`TimeSeries`](crate::score::TimeSeries).
    TimeSeries,
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
}

impl ReportType {
    /// Every report type.
    ///
    /// ```
    /// use implsci::schema::ReportType;
    /// assert_eq!(ReportType::ALL.len(), 9);
    /// assert_eq!(ReportType::ALL[0], ReportType::Score);
    /// assert!(ReportType::ALL.contains(&ReportType::LoopReport));
    /// ```
    pub const ALL: &'static [Self] = &[
        Self::Score,
        Self::TimeSeries,
        Self::Rollup,
        Self::AlignmentReport,
        Self::UsabilityReport,
        Self::CoachingReport,
        Self::TimesToFidelity,
        Self::CoachingRollup,
        Self::LoopReport,
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
            Self::TimeSeries => "TimeSeries",
            Self::Rollup => "Rollup",
            Self::AlignmentReport => "AlignmentReport",
            Self::UsabilityReport => "UsabilityReport",
            Self::CoachingReport => "CoachingReport",
            Self::TimesToFidelity => "TimesToFidelity",
            Self::CoachingRollup => "CoachingRollup",
            Self::LoopReport => "LoopReport",
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
            Self::Score => {
                "the score of one administration (`implsci score --format json` writes a list)"
            }
            Self::TimeSeries => "a subject's scores over time, with change and sustained criterion",
            Self::Rollup => "a score rolled up every unit of every level, with coverage",
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
/// ```
#[must_use]
pub fn schema_for(target: impl Into<Exported>) -> serde_json::Value {
    let target = target.into();
    let generator = SchemaSettings::draft2020_12().into_generator();
    let doc = match target {
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
                ReportType::TimeSeries => {
                    generator.into_root_schema_for::<crate::score::TimeSeries>()
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
    };
    finish(schema, target)
}

/// Tidies a generated schema and gives it its `$id`.
fn finish(schema: schemars::Schema, target: Exported) -> serde_json::Value {
    let mut value = schema.to_value();
    tidy_descriptions(&mut value);
    if let Some(object) = value.as_object_mut() {
        object.insert("$id".to_string(), schema_id(target).into());
    }
    value
}

/// Drops the rustdoc examples (fenced code blocks) that schemars copies into descriptions:
/// integrators read the prose, not the Rust.
fn tidy_descriptions(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                match v {
                    serde_json::Value::String(text) if key == "description" => {
                        *text = without_rust_links(&without_code_blocks(text));
                    }
                    _ => tidy_descriptions(v),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(tidy_descriptions),
        _ => {}
    }
}

fn without_code_blocks(text: &str) -> String {
    let mut out = Vec::new();
    let mut in_code = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
        } else if !in_code {
            out.push(line);
        }
    }
    out.join("\n").trim().to_string()
}

/// Turns rustdoc's intra-doc links into their text: `` [`Score`](crate::score::Score) `` and
/// `` [`Score`] `` become `` `Score` ``, so integrators read names, not Rust paths. Links to web
/// addresses, and brackets that are not links (`$.events[i]`), are kept.
fn without_rust_links(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find(']') else {
            out.push_str(&rest[open..]);
            return out;
        };
        let label = &after[..close];
        let tail = &after[close + 1..];
        let target = tail
            .strip_prefix('(')
            .and_then(|t| t.find(')').map(|end| (&t[..end], &t[end + 1..])));
        match target {
            Some((target, tail)) if !target.contains("://") && !target.contains(' ') => {
                out.push_str(label);
                rest = tail;
            }
            None if label.len() > 1 && label.starts_with('`') && label.ends_with('`') => {
                out.push_str(label);
                rest = tail;
            }
            _ => {
                out.push('[');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn rust_links_become_their_text() {
        let text = "See [`Score`](crate::score::Score), [`Aggregate::Mean`] and the \
                    [communication path](System::communication_path); keep $.events[i] and \
                    [NIRN](https://nirn.fpg.unc.edu/).";
        assert_eq!(
            super::without_rust_links(text),
            "See `Score`, `Aggregate::Mean` and the communication path; keep $.events[i] and \
             [NIRN](https://nirn.fpg.unc.edu/)."
        );
        assert_eq!(super::without_rust_links("a [b"), "a [b");
    }

    #[test]
    fn code_blocks_are_dropped() {
        assert_eq!(
            super::without_code_blocks("Prose.\n\n```\nlet x = 1;\n```\nMore."),
            "Prose.\n\nMore."
        );
    }
}
