//! Errors and validation problems.
//!
//! Reading a document can fail in three layers, and the error says which:
//!
//! 1. the bytes are not JSON ([`ErrorKind::Syntax`]);
//! 2. the JSON does not have the document's shape: an unknown field, a wrong type, an invalid
//!    identifier, a `kind` this crate does not read or a `schema_version` it does not support
//!    ([`ErrorKind::Shape`], [`ErrorKind::UnknownKind`], [`ErrorKind::UnsupportedVersion`]);
//!    these are exactly the defects the committed JSON Schema also rejects;
//! 3. the document has the right shape but says something impossible: a dangling reference,
//!    a duplicate id, dates out of order ([`ErrorKind::Validation`]). Validation reports *all*
//!    such problems at once, each a [`Problem`] with a JSON path and a machine-readable
//!    [`ProblemKind`].
//!
//! [`Error::problems`] flattens any of them into problems, which is what `implsci validate`
//! prints.
//!
//! ```
//! use implsci::{Document, Innovation, error::ProblemKind};
//!
//! let err = Innovation::from_json(r#"{"kind": "innovation", "schema_version": "1.0.0",
//!     "id": "x", "name": "X", "colour": "blue"}"#).unwrap_err();
//! let problems = err.problems();
//! assert_eq!(problems[0].kind, ProblemKind::Shape);
//! assert_eq!(problems[0].path, "$.colour");
//! ```

use std::fmt;
use std::fmt::Write as _;

use schemars::JsonSchema;
use serde::Serialize;

/// A machine-readable kind of problem.
///
/// Serialized in `snake_case` (`"dangling_reference"`), so scripts can filter on it.
///
/// ```
/// use implsci::error::ProblemKind;
/// assert_eq!(ProblemKind::DuplicateId.as_str(), "duplicate_id");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ProblemKind {
    /// The bytes are not well-formed JSON.
    Syntax,
    /// Well-formed JSON that does not have the document's shape (unknown field, wrong type,
    /// missing field, invalid identifier or date).
    Shape,
    /// The `kind` field names no document type this crate reads.
    UnknownKind,
    /// The `schema_version` is missing, malformed, or of a major version this crate does not
    /// read.
    UnsupportedVersion,
    /// Two things of the same kind share an id within their scope.
    DuplicateId,
    /// A reference names an id that does not exist.
    DanglingReference,
    /// Dates that must be in order are not.
    DatesOutOfOrder,
    /// A number is NaN or infinite.
    NonFiniteNumber,
    /// A number is outside its allowed range.
    OutOfRange,
    /// Text that must say something is empty or blank.
    EmptyText,
    /// A practice profile row does not match the profile's declared levels.
    ProfileLevelMismatch,
    /// A hierarchy does not have exactly one root.
    NotOneRoot,
    /// A unit's parent is not on a higher level.
    ParentNotHigher,
    /// Links form a cycle.
    Cycle,
    /// An input is larger than a limit ([`crate::limits::Limits`]): a document, a log line, a
    /// whole log.
    TooLarge,
}

impl ProblemKind {
    /// The `snake_case` name, as serialized.
    ///
    /// ```
    /// use implsci::error::ProblemKind;
    /// assert_eq!(ProblemKind::DanglingReference.as_str(), "dangling_reference");
    /// assert_eq!(serde_json::to_string(&ProblemKind::DanglingReference)?, r#""dangling_reference""#);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Syntax => "syntax",
            Self::Shape => "shape",
            Self::UnknownKind => "unknown_kind",
            Self::UnsupportedVersion => "unsupported_version",
            Self::DuplicateId => "duplicate_id",
            Self::DanglingReference => "dangling_reference",
            Self::DatesOutOfOrder => "dates_out_of_order",
            Self::NonFiniteNumber => "non_finite_number",
            Self::OutOfRange => "out_of_range",
            Self::EmptyText => "empty_text",
            Self::ProfileLevelMismatch => "profile_level_mismatch",
            Self::NotOneRoot => "not_one_root",
            Self::ParentNotHigher => "parent_not_higher",
            Self::Cycle => "cycle",
            Self::TooLarge => "too_large",
        }
    }
}

impl fmt::Display for ProblemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The most bytes of a problem's path, message or id: what the input says is quoted up to
/// this, the rest counted. The crate's own bound, large enough for every message it writes
/// about a well-formed document.
pub const MAX_QUOTED_BYTES: usize = 2048;

/// `text` cut to [`MAX_QUOTED_BYTES`] at a character boundary, saying how much was cut.
fn bounded(mut text: String) -> String {
    if text.len() <= MAX_QUOTED_BYTES {
        return text;
    }
    let mut end = MAX_QUOTED_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let more = text.len() - end;
    text.truncate(end);
    let _ = write!(text, "… ({more} bytes more)");
    text
}

/// One problem found in a document.
///
/// `path` is a `JSONPath` into the document (`$.essential_functions[2].id`); `id` is the
/// offending identifier where there is one.
///
/// ```
/// use implsci::error::{Problem, ProblemKind};
///
/// let p = Problem::new("$.essential_functions[1].id", ProblemKind::DuplicateId, "duplicate id")
///     .with_id("ef-1");
/// assert_eq!(p.to_string(), "$.essential_functions[1].id: duplicate_id: duplicate id (id: ef-1)");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct Problem {
    /// Where in the document, as a `JSONPath` (`$` is the document itself).
    pub path: String,
    /// What kind of problem.
    pub kind: ProblemKind,
    /// The offending identifier, where there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// A sentence for a person.
    pub message: String,
}

impl Problem {
    /// Makes a problem without an offending id.
    ///
    /// ```
    /// use implsci::error::{Problem, ProblemKind};
    /// let p = Problem::new("$.name", ProblemKind::EmptyText, "must not be empty");
    /// assert_eq!(p.id, None);
    /// assert_eq!(p.to_string(), "$.name: empty_text: must not be empty");
    /// ```
    ///
    /// The path, the message and the id quote what the input says, so each is kept to a
    /// bounded length ([`MAX_QUOTED_BYTES`]): a 10 MB key gives a message of a few kilobytes,
    /// its end replaced by how much was left out.
    ///
    /// ```
    /// use implsci::error::{MAX_QUOTED_BYTES, Problem, ProblemKind};
    /// let key = "k".repeat(10_000_000);
    /// let p = Problem::new(format!("$.{key}"), ProblemKind::Shape, format!("unknown field `{key}`"));
    /// assert!(p.to_string().len() < 3 * MAX_QUOTED_BYTES);
    /// assert!(p.message.ends_with("bytes more)"));
    /// ```
    #[must_use]
    pub fn new(path: impl Into<String>, kind: ProblemKind, message: impl Into<String>) -> Self {
        Self {
            path: bounded(path.into()),
            kind,
            id: None,
            message: bounded(message.into()),
        }
    }

    /// Names the offending identifier.
    ///
    /// ```
    /// use implsci::error::{Problem, ProblemKind};
    /// let p = Problem::new("$.adaptations[0].innovation", ProblemKind::DanglingReference, "no stage history")
    ///     .with_id("cico");
    /// assert_eq!(p.id.as_deref(), Some("cico"));
    /// ```
    #[must_use]
    pub fn with_id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(bounded(id.into()));
        self
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {}", self.path, self.kind, self.message)?;
        if let Some(id) = &self.id {
            write!(f, " (id: {id})")?;
        }
        Ok(())
    }
}

/// A problem is an error on its own, as when reading one line of a log:
///
/// ```
/// use implsci::event::Event;
///
/// fn read(line: &str) -> Result<Event, Box<dyn std::error::Error>> {
///     Ok(Event::from_json_line(line.as_bytes())?)
/// }
/// let err = read(r#"{"kind": "rumour"}"#).unwrap_err();
/// assert!(err.to_string().starts_with("$.kind: unknown_kind: unknown event kind `rumour`"));
/// ```
impl std::error::Error for Problem {}

/// Every problem validation found in a document; never empty.
///
/// ```
/// use implsci::{Document, Innovation};
///
/// let mut innovation = Innovation::new("x".parse()?, "X");
/// innovation.name.clear();
/// let errors = innovation.validate().unwrap_err();
/// assert_eq!(errors.problems().len(), 1);
/// assert_eq!(errors.problems()[0].path, "$.name");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// It prints as a list, one problem a line (the first [`ValidationErrors::SHOWN`], then how many
/// more), and its `Debug` is the same text, so that `?` in `main` shows the problems; the
/// structure is in [`ValidationErrors::problems`].
///
/// ```
/// use implsci::{Document, Innovation, innovation::EssentialFunction};
///
/// let mut innovation = Innovation::new("x".parse()?, " ");
/// innovation.essential_functions.push(EssentialFunction::new("ef-1".parse()?, ""));
/// let errors = innovation.validate().unwrap_err();
/// assert_eq!(errors.to_string(), "\
/// 2 validation problems:
///   $.name: empty_text: must not be empty
///   $.essential_functions[0].name: empty_text: must not be empty");
/// assert_eq!(format!("{errors:?}"), errors.to_string());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct ValidationErrors {
    problems: Vec<Problem>,
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.problems.len();
        let s = if n == 1 { "" } else { "s" };
        write!(f, "{n} validation problem{s}:")?;
        for p in self.problems.iter().take(Self::SHOWN) {
            write!(f, "\n  {p}")?;
        }
        if n > Self::SHOWN {
            write!(f, "\n  and {} more", n - Self::SHOWN)?;
        }
        Ok(())
    }
}

/// The same text as `Display`: `?` in `main` prints the problems, not a struct.
impl fmt::Debug for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for ValidationErrors {}

impl ValidationErrors {
    /// How many problems the text lists before it says how many more there are.
    ///
    /// ```
    /// use implsci::error::{Problem, ProblemKind, ValidationErrors};
    ///
    /// let problems = (0..25).map(|i| Problem::new(format!("$.units[{i}].name"), ProblemKind::EmptyText, "must not be empty"));
    /// let errors = ValidationErrors::from_problems(problems.collect()).ok_or("no problems")?;
    /// let text = errors.to_string();
    /// assert_eq!(text.lines().count(), 1 + ValidationErrors::SHOWN + 1);
    /// assert!(text.ends_with("\n  $.units[19].name: empty_text: must not be empty\n  and 5 more"));
    /// assert_eq!(errors.problems().len(), 25); // all of them are still there
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub const SHOWN: usize = 20;

    /// Wraps a list of problems; `None` when the list is empty (nothing is wrong).
    ///
    /// ```
    /// use implsci::error::{Problem, ProblemKind, ValidationErrors};
    ///
    /// assert!(ValidationErrors::from_problems(Vec::new()).is_none());
    /// let problem = Problem::new("$.name", ProblemKind::EmptyText, "must not be empty");
    /// let errors = ValidationErrors::from_problems(vec![problem]).ok_or("no problems")?;
    /// assert_eq!(errors.to_string(), "1 validation problem:\n  $.name: empty_text: must not be empty");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn from_problems(problems: Vec<Problem>) -> Option<Self> {
        if problems.is_empty() {
            None
        } else {
            Some(Self { problems })
        }
    }

    /// The problems, in document order of discovery.
    ///
    /// ```
    /// use implsci::{Document, Innovation, error::ProblemKind, innovation::EssentialFunction};
    ///
    /// let mut innovation = Innovation::new("x".parse()?, "X");
    /// innovation.essential_functions.push(EssentialFunction::new("ef-1".parse()?, "Check-in"));
    /// innovation.essential_functions.push(EssentialFunction::new("ef-1".parse()?, " "));
    /// let errors = innovation.validate().unwrap_err();
    /// let kinds: Vec<_> = errors.problems().iter().map(|p| p.kind).collect();
    /// assert_eq!(kinds, [ProblemKind::DuplicateId, ProblemKind::EmptyText]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// Takes the problems out.
    ///
    /// ```
    /// use implsci::{Document, Innovation};
    ///
    /// let innovation = Innovation::new("x".parse()?, " ");
    /// let problems = innovation.validate().unwrap_err().into_problems();
    /// assert_eq!(problems[0].path, "$.name");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn into_problems(self) -> Vec<Problem> {
        self.problems
    }
}

/// How many shape problems past the first a document's diagnosis reports at most: each costs a
/// read of the whole document, on the failure path only. This crate's choice.
///
/// ```
/// assert_eq!(implsci::error::MORE_SHAPE_PROBLEMS, 20);
/// ```
pub const MORE_SHAPE_PROBLEMS: usize = 20;

/// What went wrong; see [`Error::kind`].
///
/// ```
/// use implsci::{Document, SiteRecord, error::ErrorKind};
///
/// let json = r#"{"kind": "site_record", "schema_version": "2.0.0", "site": "s"}"#;
/// let err = SiteRecord::from_json(json).unwrap_err();
/// assert!(matches!(err.kind(), ErrorKind::UnsupportedVersion { found: Some(v), .. } if v == "2.0.0"));
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The bytes are not well-formed JSON.
    Syntax {
        /// One-based line.
        line: usize,
        /// One-based column (0 when the input ends at the start of a line).
        column: usize,
        /// What the parser said, or, where the bytes plainly are not a JSON document, what
        /// they look like and what to do (an empty file, a workbook, a table, a JSON Lines
        /// log, text in UTF-16).
        message: String,
    },
    /// The JSON does not have the document's shape.
    Shape {
        /// `JSONPath` of the offending value.
        path: String,
        /// One-based line.
        line: usize,
        /// One-based column.
        column: usize,
        /// What did not fit.
        message: String,
        /// The shape problems found past the first, in document order, each with its path (no
        /// position: they are found by reading on with the offending values set aside; at most
        /// [`MORE_SHAPE_PROBLEMS`], the last saying when reading stopped there).
        more: Vec<Problem>,
    },
    /// The `kind` is missing or names a document type this crate does not read, or not the
    /// one that was asked for.
    UnknownKind {
        /// The `kind` found, if any.
        found: Option<String>,
        /// The kinds that would have been accepted.
        expected: Vec<&'static str>,
    },
    /// The `schema_version` is missing, malformed, or of an unsupported major version.
    UnsupportedVersion {
        /// The version found, if any.
        found: Option<String>,
        /// Why it is refused.
        reason: String,
    },
    /// The document has the right shape but fails validation.
    Validation(ValidationErrors),
    /// The document could not be written as JSON.
    Write(String),
}

/// The error of reading, validating or writing a document.
///
/// Boxed so that `Result<T, Error>` stays small; [`Error::kind`] tells what happened and
/// [`Error::problems`] gives it as a list of path-bearing problems.
///
/// ```
/// use implsci::{Document, Innovation, error::ErrorKind};
///
/// let err = Innovation::from_json("{not json").unwrap_err();
/// assert!(matches!(err.kind(), ErrorKind::Syntax { line: 1, .. }));
/// ```
pub struct Error(Box<ErrorKind>);

impl Error {
    /// What went wrong.
    ///
    /// ```
    /// use implsci::{Document, Innovation, error::ErrorKind};
    ///
    /// let json = r#"{"kind": "site_record", "schema_version": "1.0.0", "site": "s"}"#;
    /// let err = Innovation::from_json(json).unwrap_err(); // a site record is not an innovation
    /// assert!(matches!(err.kind(), ErrorKind::UnknownKind { found: Some(k), .. } if k == "site_record"));
    /// ```
    #[must_use]
    pub fn kind(&self) -> &ErrorKind {
        &self.0
    }

    /// Takes the kind out.
    ///
    /// ```
    /// use implsci::{Document, Innovation, error::ErrorKind};
    ///
    /// let json = r#"{"kind": "innovation", "schema_version": "1.0.0", "id": "x", "name": ""}"#;
    /// let ErrorKind::Validation(errors) = Innovation::from_json(json).unwrap_err().into_kind() else {
    ///     panic!("expected a validation error");
    /// };
    /// assert_eq!(errors.problems()[0].path, "$.name");
    /// ```
    #[must_use]
    pub fn into_kind(self) -> ErrorKind {
        *self.0
    }

    /// The error as problems, each with a JSON path: one for a syntax, shape, kind or version
    /// error, all of them for a validation error.
    ///
    /// ```
    /// use implsci::{Document, Innovation, error::ProblemKind};
    ///
    /// let problems = Innovation::from_json("{not json").unwrap_err().problems();
    /// assert_eq!(problems.len(), 1);
    /// assert_eq!((problems[0].path.as_str(), problems[0].kind), ("$", ProblemKind::Syntax));
    /// ```
    #[must_use]
    pub fn problems(&self) -> Vec<Problem> {
        match &*self.0 {
            ErrorKind::Syntax {
                line,
                column,
                message,
            } => vec![Problem::new(
                "$",
                ProblemKind::Syntax,
                format!("{message} (line {line}, column {column})"),
            )],
            ErrorKind::Shape {
                path,
                line,
                column,
                message,
                more,
            } => std::iter::once(Problem::new(
                path.clone(),
                ProblemKind::Shape,
                format!("{message} (line {line}, column {column})"),
            ))
            .chain(more.iter().cloned())
            .collect(),
            ErrorKind::UnknownKind { .. } => {
                vec![Problem::new(
                    "$.kind",
                    ProblemKind::UnknownKind,
                    self.to_string(),
                )]
            }
            ErrorKind::UnsupportedVersion { found, .. } => {
                let p = Problem::new(
                    "$.schema_version",
                    ProblemKind::UnsupportedVersion,
                    self.to_string(),
                );
                vec![match found {
                    Some(v) => p.with_id(v.clone()),
                    None => p,
                }]
            }
            ErrorKind::Validation(v) => v.problems().to_vec(),
            ErrorKind::Write(message) => {
                vec![Problem::new("$", ProblemKind::Shape, message.clone())]
            }
        }
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Self {
        Self(Box::new(kind))
    }
}

impl From<ValidationErrors> for Error {
    fn from(v: ValidationErrors) -> Self {
        ErrorKind::Validation(v).into()
    }
}

/// The same text as `Display`, so that `?` in `main` prints what is wrong rather than a
/// struct; [`Error::kind`] and [`Error::problems`] give the structure.
///
/// ```
/// use implsci::{Document, Innovation};
///
/// let err = Innovation::from_json("{not json").unwrap_err();
/// assert_eq!(format!("{err:?}"), "not valid JSON at line 1, column 2: key must be a string");
/// assert_eq!(format!("{err:?}"), err.to_string());
/// ```
impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &*self.0 {
            ErrorKind::Syntax {
                line,
                column,
                message,
            } => write!(
                f,
                "not valid JSON at line {line}, column {column}: {message}"
            ),
            ErrorKind::Shape {
                path,
                line,
                column,
                message,
                more,
            } => {
                write!(f, "{path} (line {line}, column {column}): {message}")?;
                for problem in more {
                    write!(f, "\n{}: {}", problem.path, problem.message)?;
                }
                Ok(())
            }
            ErrorKind::UnknownKind { found, expected } => {
                let expected = expected.join(", ");
                match found {
                    Some(k) => write!(
                        f,
                        "unknown document kind `{k}`; expected one of: {expected}"
                    ),
                    None => write!(f, "the document has no `kind`; expected one of: {expected}"),
                }
            }
            ErrorKind::UnsupportedVersion { found, reason } => match found {
                Some(v) => write!(f, "schema_version `{v}` is not supported: {reason}"),
                None => write!(f, "schema_version is not supported: {reason}"),
            },
            ErrorKind::Validation(v) => fmt::Display::fmt(v, f),
            ErrorKind::Write(message) => write!(f, "could not write the document: {message}"),
        }
    }
}

/// An error names no source: its text already lists every problem (a reporter that prints
/// the chain of sources would list them twice).
impl std::error::Error for Error {}

mod problems;

pub(crate) use problems::{Problems, Seen, did_you_mean, duplicate_event};
