//! Implementation science frameworks as a typed, validated, serializable model.
//!
//! Organizations adopt evidence-based innovations with urgency, and a year or two later find
//! only spotty use: the *implementation gap*. The Active Implementation Frameworks (NIRN;
//! Fixsen, Blase et al.) say what closes it: usable innovations, implementation stages,
//! implementation drivers, teams and improvement cycles. implsci turns those frameworks into
//! Rust types with a JSON contract, so that a state's data system, a dashboard and a
//! researcher's script can share one model.
//!
//! # What is here
//!
//! - [`innovation`]: an [`Innovation`] as a *usable innovation* (description, essential
//!   functions, practice profile, fidelity assessment), its [usability
//!   report](Innovation::usability), and FRAME [adaptations](innovation::Adaptation);
//! - [`stage`]: the four implementation stages as a dated history per (site, innovation), with
//!   crosswalks to EPIS and SIC;
//! - [`driver`]: the nine implementation drivers in three categories, and their dated status;
//! - [`site`]: a [`SiteRecord`], one site's stages, drivers and adaptations;
//! - [`system`]: the implementation system (levels, units, teams, links, practitioners,
//!   coaches) as a hierarchy, its alignment report, communication paths, queries, DOT export
//!   and a synthetic generator;
//! - [`event`], [`coaching`], [`improvement`]: the event log (JSON Lines) of coaching plans
//!   and cycles, trainings, PDSA cycles, usability tests, practice–policy loops and stage
//!   changes;
//! - [`jsonl`]: JSON Lines read line by line, every refused line reported with its number;
//! - [`measure`]: measures derived from a stream of records in one pass (the [`Measure`](measure::Measure)
//!   trait, yours included), which the event log and every log measure use;
//! - [`period`]: school years (1 July by default), years, quarters and months, and how old
//!   a record may be and still count;
//! - [`share`]: counts out of counts, "not computable" instead of NaN;
//! - [`text`]: text tables whose columns fit their content, as the reports print them;
//! - [`tables`]: CSV tables read against their columns, every problem with its file, row and
//!   column (the way in for spreadsheets);
//! - [`score`]: the instrument traits other tools implement, scores, time series, rollups
//!   through the hierarchy, and built-in instruments;
//! - [`document`], [`catalog`], [`schema`], [`error`], [`id`], [`date`]: the JSON contract:
//!   `kind` and `schema_version` envelopes, the catalog of document types, JSON Schemas,
//!   problems with JSON paths, typed identifiers, `YYYY-MM-DD` dates.
//!
//! The modules stand in layers (foundation, domain, measures and scoring, views), each using
//! only those below; `ARCHITECTURE.md` lists them.
//!
//! # Reading an innovation and asking whether it is usable
//!
//! ```
//! use implsci::{Document, Innovation};
//!
//! let json = std::fs::read_to_string("examples/data/innovation.json")?;
//! let innovation = Innovation::from_json(&json)?;
//! let report = innovation.usability();
//! print!("{report}");
//! for criterion in &report.criteria {
//!     for gap in &criterion.gaps {
//!         println!("criterion {}: {gap}", criterion.criterion.number());
//!     }
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Getting every problem at once
//!
//! Validation never stops at the first problem; each carries a JSON path and a
//! machine-readable kind.
//!
//! ```
//! use implsci::{Document, Innovation, error::ProblemKind};
//!
//! let json = r#"{
//!   "kind": "innovation", "schema_version": "1.0.0", "id": "cico", "name": "CICO",
//!   "essential_functions": [{"id": "ef-1", "name": "Check-in"}, {"id": "ef-1", "name": "Check-out"}],
//!   "practice_profile": {"rows": [{"function": "ef-9", "expected": "a", "developmental": "b", "unacceptable": "c"}]}
//! }"#;
//! let problems = Innovation::from_json(json).unwrap_err().problems();
//! let found: Vec<_> = problems.iter().map(|p| (p.path.as_str(), p.kind)).collect();
//! assert_eq!(found, [
//!     ("$.essential_functions[1].id", ProblemKind::DuplicateId),
//!     ("$.practice_profile.rows[0].function", ProblemKind::DanglingReference),
//! ]);
//! ```
//!
//! # Tracking a site's stage
//!
//! ```
//! use implsci::{SiteRecord, stage::{Stage, StageHistory}};
//!
//! let mut record = SiteRecord::new("lincoln-elementary".parse()?);
//! let mut history = StageHistory::new("cico".parse()?);
//! history.record(Stage::Exploration, "2024-01-08".parse()?);
//! history.record(Stage::Installation, "2024-04-15".parse()?);
//! record.stages.push(history);
//! assert_eq!(record.stage_on(&"cico".parse()?, "2024-05-01".parse()?), Some(Stage::Installation));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # The JSON contract
//!
//! Every document carries `kind` and `schema_version`; unknown fields are refused with their
//! path; an `extensions` object on every document and major entity round-trips untouched.
//! [`schema::schema_for`] generates each document type's JSON Schema (draft 2020-12); the same
//! schemas are committed under `schemas/`.

#![forbid(unsafe_code)]

pub mod catalog;
pub mod coaching;
pub mod date;
pub mod document;
pub mod driver;
pub mod error;
pub mod event;
pub mod framework;
pub mod id;
pub mod improvement;
pub mod innovation;
pub mod jsonl;
pub mod limits;
pub mod measure;
pub mod period;
pub mod plan;
#[cfg(feature = "plot")]
pub mod plot;
#[cfg(feature = "report")]
pub mod report;
pub mod scenario;
pub mod schema;
pub mod score;
pub mod share;
#[cfg(feature = "simulate")]
pub mod sim;
pub mod site;
pub mod stage;
pub mod system;
pub mod tables;
pub mod text;

/// The [jiff](https://docs.rs/jiff) this crate's dates are (`jiff::civil::Date`), so that a
/// dependent names the same major version as `implsci::jiff` rather than adding its own.
///
/// ```
/// use implsci::jiff::civil::date;
/// use implsci::{SiteRecord, stage::{Stage, StageHistory}};
///
/// let mut history = StageHistory::new("cico".parse()?);
/// history.record(Stage::Exploration, date(2024, 1, 8));
/// let mut record = SiteRecord::new("lincoln-elementary".parse()?);
/// record.stages.push(history);
/// assert_eq!(record.stage_on(&"cico".parse()?, date(2024, 2, 1)), Some(Stage::Exploration));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub use jiff;

pub use catalog::{AnyDocument, DocumentType};
pub use document::{Document, Kind, SchemaVersion, Tagged};
pub use error::{Error, ErrorKind, Problem, ProblemKind, ValidationErrors};
pub use innovation::Innovation;
pub use site::SiteRecord;

/// Integrators' own data, kept under `extensions` on every document and major entity.
///
/// This crate never reads it and writes it back exactly as it was read.
///
/// ```
/// use implsci::{Document, Innovation};
///
/// let json = r#"{"kind": "innovation", "schema_version": "1.0.0", "id": "x", "name": "X",
///                "extensions": {"state_code": "NC-17", "tags": [1, 2]}}"#;
/// let innovation = Innovation::from_json(json)?;
/// assert_eq!(innovation.extensions["state_code"], "NC-17");
/// let back: serde_json::Value = serde_json::from_str(&innovation.to_json()?)?;
/// assert_eq!(back["extensions"]["tags"], serde_json::json!([1, 2]));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub type Extensions = serde_json::Map<String, serde_json::Value>;

/// The README's Rust example, compiled and run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
