//! Administrations in tables: a scoring sheet (one row per administration, one column per
//! item) or a long table (one row per item response) read into an
//! [`AdministrationsDocument`](crate::score::AdministrationsDocument), and written back.
//!
//! [`import_administrations`] says how a table reads (its two layouts, which columns are
//! items, blank cells, respondents and the consensus, the problems refused);
//! [`export_administrations`] how one is written, and when it reads back as the same
//! document.

mod build;
mod export;
mod import;
mod items;

use std::fmt;
use std::str::FromStr;

pub use export::export_administrations;
pub use import::import_administrations;

#[cfg(doc)]
use super::ReadOptions;
use crate::id::{IdError, PractitionerId, TeamId, UnitId};
use crate::score::ScoreSubject;

/// The table's name: `administrations.csv`, or the sheet `administrations`.
const TABLE: &str = "administrations";

/// The extension under which the members' own ratings are kept.
const VOTES: &str = "votes";

/// What an administration's subject is: which kind of id the `subject` column holds.
///
/// ```
/// use implsci::score::ScoreSubject;
/// use implsci::tables::SubjectKind;
/// let kind: SubjectKind = "unit".parse()?;
/// assert_eq!(kind.subject("lincoln-es")?, ScoreSubject::Unit("lincoln-es".parse()?));
/// assert_eq!(SubjectKind::of(&ScoreSubject::Team("wake-dit".parse()?)), SubjectKind::Team);
/// assert!("school".parse::<SubjectKind>().is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SubjectKind {
    /// A unit: a school's TFI, a district's capacity assessment.
    Unit,
    /// A practitioner: a fidelity observation.
    Practitioner,
    /// An implementation team.
    Team,
}

impl SubjectKind {
    /// Every kind, as `--subject` lists them.
    ///
    /// ```
    /// use implsci::tables::SubjectKind;
    /// let names: Vec<String> = SubjectKind::ALL.iter().map(ToString::to_string).collect();
    /// assert_eq!(names, ["unit", "practitioner", "team"]);
    /// ```
    pub const ALL: [SubjectKind; 3] = [Self::Unit, Self::Practitioner, Self::Team];

    /// The kind's name: `unit`, `practitioner`, `team`.
    ///
    /// ```
    /// assert_eq!(implsci::tables::SubjectKind::Practitioner.as_str(), "practitioner");
    /// ```
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Unit => "unit",
            Self::Practitioner => "practitioner",
            Self::Team => "team",
        }
    }

    /// The subject of this kind with this id.
    ///
    /// ```
    /// use implsci::score::ScoreSubject;
    /// use implsci::tables::SubjectKind;
    /// assert_eq!(SubjectKind::Practitioner.subject("p-1")?, ScoreSubject::Practitioner("p-1".parse()?));
    /// assert!(SubjectKind::Unit.subject("").is_err());
    /// # Ok::<(), implsci::id::IdError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`IdError`] when `id` is not an identifier.
    pub fn subject(self, id: &str) -> Result<ScoreSubject, IdError> {
        Ok(match self {
            Self::Unit => ScoreSubject::Unit(UnitId::new(id)?),
            Self::Practitioner => ScoreSubject::Practitioner(PractitionerId::new(id)?),
            Self::Team => ScoreSubject::Team(TeamId::new(id)?),
        })
    }

    /// The kind of a subject.
    ///
    /// ```
    /// use implsci::score::ScoreSubject;
    /// use implsci::tables::SubjectKind;
    /// assert_eq!(SubjectKind::of(&ScoreSubject::Unit("wake".parse()?)), SubjectKind::Unit);
    /// # Ok::<(), implsci::id::IdError>(())
    /// ```
    #[must_use]
    pub fn of(subject: &ScoreSubject) -> Self {
        match subject {
            ScoreSubject::Unit(_) => Self::Unit,
            ScoreSubject::Practitioner(_) => Self::Practitioner,
            ScoreSubject::Team(_) => Self::Team,
        }
    }
}

impl fmt::Display for SubjectKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for SubjectKind {
    type Err = String;

    /// `unit`, `practitioner` or `team`, in any case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| format!("`{s}` is not a kind of subject (unit, practitioner or team)"))
    }
}

/// How an administrations table reads, beyond the [`ReadOptions`] every table shares: the kind
/// of its subjects, and the respondent that marks the consensus rows.
///
/// ```
/// use implsci::tables::{AdministrationsOptions, SubjectKind};
/// let how = AdministrationsOptions::new(SubjectKind::Unit);
/// assert_eq!(how.consensus, "consensus"); // the crate's default
/// let how = how.consensus("Team");
/// assert_eq!((how.subject, how.consensus.as_str()), (SubjectKind::Unit, "Team"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct AdministrationsOptions {
    /// What the `subject` column's ids are.
    pub subject: SubjectKind,
    /// The respondent whose rows hold an administration's agreed ratings (matched without
    /// regard to ASCII case). The default, `consensus`, is the crate's own choice.
    pub consensus: String,
}

impl AdministrationsOptions {
    /// Subjects of this kind, and the consensus marked `consensus`.
    ///
    /// ```
    /// use implsci::tables::{AdministrationsOptions, SubjectKind};
    /// assert_eq!(AdministrationsOptions::new(SubjectKind::Team).subject, SubjectKind::Team);
    /// ```
    #[must_use]
    pub fn new(subject: SubjectKind) -> Self {
        Self {
            subject,
            consensus: "consensus".to_string(),
        }
    }

    /// With this consensus marker.
    ///
    /// ```
    /// use implsci::tables::{AdministrationsOptions, SubjectKind};
    /// let how = AdministrationsOptions::new(SubjectKind::Unit).consensus("all");
    /// assert_eq!(how.consensus, "all");
    /// ```
    #[must_use]
    pub fn consensus(mut self, marker: impl Into<String>) -> Self {
        self.consensus = marker.into();
        self
    }

    /// Whether a respondent cell is the consensus marker.
    fn is_consensus(&self, cell: &str) -> bool {
        cell.eq_ignore_ascii_case(self.consensus.trim())
    }
}

/// Which layout [`export_administrations`] writes (reading tells them apart by the columns).
///
/// ```
/// use implsci::tables::AdministrationLayout;
/// assert_ne!(AdministrationLayout::Long, AdministrationLayout::Wide);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AdministrationLayout {
    /// One row per item response: exact, for any administrations of one instrument.
    Long,
    /// One row per administration (and member), one column per item: the scoring sheet.
    Wide,
}
