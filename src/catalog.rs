//! The catalog of document types: every kind of top-level document this crate reads, named,
//! described, and read by its `kind` when the type is not known in advance.
//!
//! The envelope ([`document`](crate::document)) knows how any document is read and knows no
//! document type; the domain modules each define their documents; this module, above them
//! both, lists them. [`schema`](crate::schema) exports their schemas.
//!
//! ```
//! use implsci::{AnyDocument, DocumentType};
//!
//! let any = AnyDocument::from_json(&std::fs::read("examples/data/innovation.json")?)?;
//! assert_eq!(any.document_type(), DocumentType::Innovation);
//! assert_eq!(DocumentType::ALL.len(), 7);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;

use crate::document::{Document, Tagged, read_kind};
use crate::error::{Error, Problem};
use crate::plan::Plan;
use crate::scenario::Scenario;
use crate::score::{AdministrationsDocument, InstrumentDocument};
use crate::system::SystemDocument;
use crate::{Innovation, SiteRecord};

/// The `kind` of each type of [`DocumentType::ALL`], in the same order.
const KINDS: [&str; 7] = [
    Innovation::KIND,
    SiteRecord::KIND,
    SystemDocument::KIND,
    InstrumentDocument::KIND,
    AdministrationsDocument::KIND,
    Plan::KIND,
    Scenario::KIND,
];

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
    /// An [`Innovation`].
    Innovation,
    /// A [`SiteRecord`].
    SiteRecord,
    /// [`SystemDocument`].
    SystemDocument,
    /// [`InstrumentDocument`].
    InstrumentDocument,
    /// [`AdministrationsDocument`].
    AdministrationsDocument,
    /// A [`Plan`].
    Plan,
    /// A [`Scenario`].
    Scenario,
}

impl DocumentType {
    /// Every document type, in the order `implsci schema --list` prints them.
    ///
    /// ```
    /// use implsci::DocumentType;
    /// assert_eq!(DocumentType::ALL.len(), 7);
    /// assert_eq!(DocumentType::ALL[0], DocumentType::Innovation);
    /// ```
    pub const ALL: &'static [Self] = &[
        Self::Innovation,
        Self::SiteRecord,
        Self::SystemDocument,
        Self::InstrumentDocument,
        Self::AdministrationsDocument,
        Self::Plan,
        Self::Scenario,
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
            Self::Plan => "Plan",
            Self::Scenario => "Scenario",
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
        KINDS[self as usize]
    }

    /// The type of document `D`.
    ///
    /// ```
    /// use implsci::{DocumentType, Innovation, system::SystemDocument};
    /// assert_eq!(DocumentType::of::<Innovation>(), DocumentType::Innovation);
    /// assert_eq!(DocumentType::of::<SystemDocument>().name(), "SystemDocument");
    /// ```
    #[must_use]
    pub fn of<D: Document>() -> Self {
        match KINDS.iter().position(|k| *k == D::KIND) {
            Some(i) => Self::ALL[i],
            // `Document` is sealed and every sealed type is listed (`every_document_is_listed`).
            None => unreachable!("a document type missing from the catalog"),
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

    /// The type of the document in `bytes`, from its `kind`, reading no further than the
    /// envelope when `kind` and `schema_version` come first: a program that reads one type
    /// its own way (a system straight into [`System`](crate::system::System)) learns which it
    /// holds without a read of the whole document. The rest is not checked: that is the
    /// reading of the type's own.
    ///
    /// ```
    /// use implsci::DocumentType;
    /// let bytes = std::fs::read("examples/data/state_system.json")?;
    /// assert_eq!(DocumentType::from_json(&bytes)?, DocumentType::SystemDocument);
    /// assert!(DocumentType::from_json(br#"{"kind": "recipe", "schema_version": "1.0.0"}"#).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// Syntax and envelope problems before the kind is known, an unsupported
    /// `schema_version`, and [`ErrorKind::UnknownKind`](crate::ErrorKind::UnknownKind).
    pub fn from_json(bytes: &[u8]) -> Result<Self, Error> {
        read_kind(bytes, &KINDS).map(|i| Self::ALL[i])
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
            Self::Plan => {
                "dated actions on a system: teams formed and linked, coaches, caseloads, innovations, training"
            }
            Self::Scenario => {
                "a simulation to run: system, innovations, dates, replicates, seed, parameters, plans, costs"
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
    /// A [`SystemDocument`].
    SystemDocument(crate::system::SystemDocument),
    /// An [`InstrumentDocument`].
    InstrumentDocument(crate::score::InstrumentDocument),
    /// An [`AdministrationsDocument`].
    AdministrationsDocument(crate::score::AdministrationsDocument),
    /// A [`Plan`].
    Plan(Plan),
    /// A [`Scenario`].
    Scenario(Box<Scenario>),
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
    /// As [`Document::from_json`], plus [`ErrorKind::UnknownKind`](crate::ErrorKind::UnknownKind) for a `kind` no type has.
    pub fn from_json(bytes: &[u8]) -> Result<Self, Error> {
        match DocumentType::from_json(bytes)? {
            DocumentType::Innovation => Innovation::from_json_slice(bytes).map(Self::Innovation),
            DocumentType::SiteRecord => SiteRecord::from_json_slice(bytes).map(Self::SiteRecord),
            DocumentType::SystemDocument => {
                SystemDocument::from_json_slice(bytes).map(Self::SystemDocument)
            }
            DocumentType::InstrumentDocument => {
                InstrumentDocument::from_json_slice(bytes).map(Self::InstrumentDocument)
            }
            DocumentType::AdministrationsDocument => {
                AdministrationsDocument::from_json_slice(bytes).map(Self::AdministrationsDocument)
            }
            DocumentType::Plan => Plan::from_json_slice(bytes).map(Self::Plan),
            DocumentType::Scenario => {
                Scenario::from_json_slice(bytes).map(|s| Self::Scenario(Box::new(s)))
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
            Self::Plan(_) => DocumentType::Plan,
            Self::Scenario(_) => DocumentType::Scenario,
        }
    }
}

/// What `implsci validate` found in one file: a list of these is what `validate --format json`
/// writes, one per file read, in the order given.
///
/// ```
/// use implsci::catalog::FileValidation;
/// use implsci::error::{Problem, ProblemKind};
///
/// let mut report = FileValidation::new("units.json", None);
/// report.push(None, Problem::new("$", ProblemKind::Syntax, "the file is empty"));
/// assert!(!report.valid);
/// assert_eq!(serde_json::to_value(&report)?["problems"][0]["kind"], "syntax");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct FileValidation {
    /// The file, as named on the command line.
    pub file: String,
    /// The document type read (a [`DocumentType`] name, or `EventLog` for JSON Lines), when
    /// the file could be read as one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document_type: Option<String>,
    /// Whether the file has no problem.
    pub valid: bool,
    /// Every problem found, in the order found.
    pub problems: Vec<FileProblem>,
}

impl FileValidation {
    /// A file with no problem yet.
    ///
    /// ```
    /// use implsci::catalog::FileValidation;
    /// let report = FileValidation::new("state.json", Some("SystemDocument"));
    /// assert!(report.valid && report.problems.is_empty());
    /// ```
    #[must_use]
    pub fn new(file: impl Into<String>, document_type: Option<&str>) -> Self {
        Self {
            file: file.into(),
            document_type: document_type.map(str::to_string),
            valid: true,
            problems: Vec::new(),
        }
    }

    /// Adds a problem (on `line`, for a JSON Lines file); the file is then not valid.
    ///
    /// ```
    /// use implsci::catalog::FileValidation;
    /// use implsci::error::{Problem, ProblemKind};
    ///
    /// let mut report = FileValidation::new("events.jsonl", Some("EventLog"));
    /// report.push(Some(2), Problem::new("$", ProblemKind::Syntax, "expected value"));
    /// assert_eq!(report.problems[0].to_string(), "line 2: $: syntax: expected value");
    /// ```
    pub fn push(&mut self, line: Option<u64>, problem: Problem) {
        self.valid = false;
        self.problems.push(FileProblem { line, problem });
    }
}

/// A problem of a file: for a JSON Lines file, with the line it is on.
///
/// ```
/// use implsci::catalog::FileProblem;
/// use implsci::error::{Problem, ProblemKind};
///
/// let p = FileProblem::from(Problem::new("$.name", ProblemKind::EmptyText, "must not be empty"));
/// assert_eq!(p.to_string(), "$.name: empty_text: must not be empty");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct FileProblem {
    /// The line, from 1, for a JSON Lines file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// The problem, its path within the document or the line.
    #[serde(flatten)]
    pub problem: Problem,
}

impl FileProblem {
    /// A problem on `line` of a JSON Lines file.
    ///
    /// ```
    /// use implsci::catalog::FileProblem;
    /// use implsci::error::{Problem, ProblemKind};
    /// let p = FileProblem::on_line(3, Problem::new("$.kind", ProblemKind::UnknownKind, "unknown event kind"));
    /// assert_eq!(p.line, Some(3));
    /// ```
    #[must_use]
    pub fn on_line(line: u64, problem: Problem) -> Self {
        Self {
            line: Some(line),
            problem,
        }
    }
}

impl From<Problem> for FileProblem {
    fn from(problem: Problem) -> Self {
        Self {
            line: None,
            problem,
        }
    }
}

impl fmt::Display for FileProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}: {}", self.problem),
            None => write!(f, "{}", self.problem),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_document_is_listed_in_order() {
        assert_eq!(DocumentType::ALL.len(), KINDS.len());
        for (i, t) in DocumentType::ALL.iter().enumerate() {
            assert_eq!(*t as usize, i, "{t}: ALL is in declaration order");
        }
        assert_eq!(DocumentType::of::<Innovation>(), DocumentType::Innovation);
        assert_eq!(DocumentType::of::<SiteRecord>(), DocumentType::SiteRecord);
        assert_eq!(
            DocumentType::of::<SystemDocument>(),
            DocumentType::SystemDocument
        );
        assert_eq!(
            DocumentType::of::<InstrumentDocument>(),
            DocumentType::InstrumentDocument
        );
        assert_eq!(
            DocumentType::of::<AdministrationsDocument>(),
            DocumentType::AdministrationsDocument
        );
        assert_eq!(DocumentType::of::<Plan>(), DocumentType::Plan);
        assert_eq!(DocumentType::of::<Scenario>(), DocumentType::Scenario);
    }

    #[test]
    fn the_kind_read_early_leaves_no_fault_unsaid() {
        use crate::ErrorKind;
        // The envelope comes first; what is wrong after it is still found and said.
        let cut = br#"{"kind": "innovation", "schema_version": "1.0.0", "id": "x", "name": "#;
        let e = AnyDocument::from_json(cut).unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::Syntax { .. }), "{e}");
        let odd = br#"{"kind": "innovation", "schema_version": "1.0.0", "id": "x", "name": 3}"#;
        let e = AnyDocument::from_json(odd).unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::Shape { .. }), "{e}");
        let old = br#"{"kind": "innovation", "schema_version": "0.9.0", "id": "x""#;
        let e = AnyDocument::from_json(old).unwrap_err();
        assert!(
            matches!(e.kind(), ErrorKind::UnsupportedVersion { .. }),
            "{e}"
        );
        // The envelope last: the whole document is read for it.
        let last = br#"{"id": "x", "name": "X", "schema_version": "1.0.0", "kind": "innovation"}"#;
        assert!(AnyDocument::from_json(last).is_ok());
        let unknown = br#"{"kind": "nothing", "schema_version": "1.0.0"}"#;
        let e = AnyDocument::from_json(unknown).unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::UnknownKind { .. }), "{e}");
    }
}
