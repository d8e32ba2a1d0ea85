//! The wire format of an implementation system: plain lists by domain id.

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Extensions;
use crate::document::{Kind, SchemaVersion};
use crate::id::{CoachId, LevelId, PersonId, PractitionerId, Role, SystemId, TeamId, UnitId};

/// An implementation system: its levels, units, teams, links, practitioners and coaches. The
/// top-level document of kind `implementation_system`.
///
/// Source: NIRN Active Implementation Hub, module 3 "Implementation Teams"; SISEP's linked
/// State, Regional, District and Building implementation teams, each level building the
/// capacity of the level below. Levels are the system's own, declared top to bottom.
///
/// ```
/// use implsci::{Document, system::SystemDocument};
///
/// let json = std::fs::read_to_string("examples/data/state_system.json")?;
/// let doc = SystemDocument::from_json(&json)?;
/// assert_eq!(doc.levels[0].id.as_str(), "state");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct SystemDocument {
    /// Always `"implementation_system"`.
    pub kind: Kind<SystemDocument>,
    /// The contract version the document was written against.
    pub schema_version: SchemaVersion,
    /// The system's identifier.
    pub id: SystemId,
    /// Its name.
    pub name: String,
    /// The levels, top (state, ministry) to bottom (school, clinic).
    pub levels: Vec<Level>,
    /// The organizational units; exactly one has no parent (the root).
    pub units: Vec<Unit>,
    /// The implementation teams.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub teams: Vec<Team>,
    /// Typed, dated links between teams.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<TeamLink>,
    /// The practitioners.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub practitioners: Vec<Practitioner>,
    /// The coaches, with caseload and capacity.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub coaches: Vec<Coach>,
    /// Parameters the analyses use.
    #[serde(default, skip_serializing_if = "Settings::is_default")]
    pub settings: Settings,
    /// Integrators' own data; round-trips untouched.
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

impl SystemDocument {
    /// An empty system (no levels, no units): add them, then build.
    #[must_use]
    pub fn new(id: SystemId, name: impl Into<String>) -> Self {
        Self {
            kind: Kind::default(),
            schema_version: SchemaVersion::CURRENT,
            id,
            name: name.into(),
            levels: Vec::new(),
            units: Vec::new(),
            teams: Vec::new(),
            links: Vec::new(),
            practitioners: Vec::new(),
            coaches: Vec::new(),
            settings: Settings::default(),
            extensions: Extensions::new(),
        }
    }
}

/// A level of the system (state, region, district, school; or ministry, province, district,
/// facility). Order in [`SystemDocument::levels`] is top to bottom.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Level {
    /// Its identifier.
    pub id: LevelId,
    /// Its name.
    pub name: String,
    /// Integrators' own data; round-trips untouched.
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

impl Level {
    /// A level.
    #[must_use]
    pub fn new(id: LevelId, name: impl Into<String>) -> Self {
        Self {
            id,
            name: name.into(),
            extensions: Extensions::new(),
        }
    }
}

/// An organizational unit: the state agency, a region, a district, a school. Units form a
/// rooted tree; each unit's parent is on a higher level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Unit {
    /// Its identifier.
    pub id: UnitId,
    /// Its level.
    pub level: LevelId,
    /// Its parent; `None` only for the root.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<UnitId>,
    /// Its name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Integrators' own data; round-trips untouched.
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

impl Unit {
    /// A unit without a name.
    #[must_use]
    pub fn new(id: UnitId, level: LevelId, parent: Option<UnitId>) -> Self {
        Self {
            id,
            level,
            parent,
            name: None,
            extensions: Extensions::new(),
        }
    }
}

/// An implementation team, belonging to a unit.
///
/// Source: NIRN module 3: teams are not advisory committees; they work daily to ensure
/// implementation, engage the community and create hospitable environments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Team {
    /// Its identifier.
    pub id: TeamId,
    /// The unit it belongs to.
    pub unit: UnitId,
    /// Its name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Its members, with dated membership.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<Member>,
    /// Integrators' own data; round-trips untouched.
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

impl Team {
    /// A team without members.
    #[must_use]
    pub fn new(id: TeamId, unit: UnitId) -> Self {
        Self {
            id,
            unit,
            name: None,
            members: Vec::new(),
            extensions: Extensions::new(),
        }
    }

    /// The members active on a date ([`When`]).
    pub fn active_members(&self, when: When) -> impl Iterator<Item = &Member> {
        self.members
            .iter()
            .filter(move |m| when.includes(m.start, m.end))
    }
}

/// A team member and their role, from `start` until `end` (exclusive; `None`: still on it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Member {
    /// Who.
    pub person: PersonId,
    /// Their role: team lead, coach, data coordinator, …
    pub role: Role,
    /// First day on the team.
    #[serde(deserialize_with = "crate::date::deserialize")]
    #[schemars(schema_with = "crate::date::schema")]
    pub start: Date,
    /// First day no longer on the team.
    #[serde(
        default,
        deserialize_with = "crate::date::deserialize_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(schema_with = "crate::date::optional_schema")]
    pub end: Option<Date>,
}

impl Member {
    /// A current member.
    #[must_use]
    pub fn new(person: PersonId, role: Role, start: Date) -> Self {
        Self {
            person,
            role,
            start,
            end: None,
        }
    }
}

/// The kind of a link between teams.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LinkKind {
    /// `from` builds the capacity of `to`, a team below it: the vertical line of support.
    Supports,
    /// `from` reports to `to`, a team above it.
    ReportsTo,
    /// `from` and `to` work together (horizontally, or across agencies).
    CollaboratesWith,
}

/// A typed, dated link between two teams, from `start` until `end` (exclusive).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct TeamLink {
    /// The team the link starts from.
    pub from: TeamId,
    /// The team it goes to.
    pub to: TeamId,
    /// What the link is.
    pub kind: LinkKind,
    /// First day of the link.
    #[serde(deserialize_with = "crate::date::deserialize")]
    #[schemars(schema_with = "crate::date::schema")]
    pub start: Date,
    /// First day without it.
    #[serde(
        default,
        deserialize_with = "crate::date::deserialize_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(schema_with = "crate::date::optional_schema")]
    pub end: Option<Date>,
    /// Integrators' own data; round-trips untouched.
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

impl TeamLink {
    /// A current link.
    #[must_use]
    pub fn new(from: TeamId, to: TeamId, kind: LinkKind, start: Date) -> Self {
        Self {
            from,
            to,
            kind,
            start,
            end: None,
            extensions: Extensions::new(),
        }
    }
}

/// A practitioner: the person who uses the innovation with the people it serves.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Practitioner {
    /// Its identifier.
    pub id: PractitionerId,
    /// The unit the practitioner works in.
    pub unit: UnitId,
    /// Their role (teacher, nurse, …).
    pub role: Role,
    /// First day in the unit.
    #[serde(
        default,
        deserialize_with = "crate::date::deserialize_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(schema_with = "crate::date::optional_schema")]
    pub start: Option<Date>,
    /// First day no longer in it.
    #[serde(
        default,
        deserialize_with = "crate::date::deserialize_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(schema_with = "crate::date::optional_schema")]
    pub end: Option<Date>,
    /// Integrators' own data; round-trips untouched.
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

impl Practitioner {
    /// A practitioner without dates.
    #[must_use]
    pub fn new(id: PractitionerId, unit: UnitId, role: Role) -> Self {
        Self {
            id,
            unit,
            role,
            start: None,
            end: None,
            extensions: Extensions::new(),
        }
    }
}

/// Who a coach is: a practitioner, or a member of a team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum CoachPerson {
    /// A practitioner who also coaches.
    Practitioner(PractitionerId),
    /// A member of an implementation team.
    TeamMember {
        /// The team.
        team: TeamId,
        /// The member.
        person: PersonId,
    },
}

/// A coach, with the practitioners they coach and how many they can.
///
/// Source: NIRN module 2, the Coaching driver; Joyce & Showers (2002) on coaching in the
/// practitioner's own setting. Capacity is the system's own number; no ratio is published.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Coach {
    /// Its identifier.
    pub id: CoachId,
    /// Who the coach is.
    pub person: CoachPerson,
    /// How many practitioners the coach can coach.
    pub capacity: u32,
    /// The practitioners the coach coaches.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub caseload: Vec<PractitionerId>,
    /// Integrators' own data; round-trips untouched.
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

impl Coach {
    /// A coach with an empty caseload.
    #[must_use]
    pub fn new(id: CoachId, person: CoachPerson, capacity: u32) -> Self {
        Self {
            id,
            person,
            capacity,
            caseload: Vec::new(),
            extensions: Extensions::new(),
        }
    }
}

/// Parameters of a system's analyses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Settings {
    /// Team sizes outside this range are flagged (never refused).
    #[serde(default)]
    pub team_size: SizeRange,
}

impl Settings {
    #[allow(clippy::trivially_copy_pass_by_ref)] // serde's `skip_serializing_if` passes a reference
    fn is_default(&self) -> bool {
        *self == Self::default()
    }
}

/// An inclusive range of team sizes.
///
/// Default 3–5 members: most NIRN pages say implementation teams have 3 to 5 members; a
/// revised page says 5 to 7, so the range is a setting.
///
/// ```
/// use implsci::system::SizeRange;
/// let range = SizeRange::default();
/// assert_eq!((range.min, range.max), (3, 5));
/// assert!(range.contains(5) && !range.contains(6));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SizeRange {
    /// Fewest members.
    pub min: u32,
    /// Most members.
    pub max: u32,
}

impl SizeRange {
    /// True when `n` lies in the range.
    #[must_use]
    pub fn contains(self, n: u32) -> bool {
        (self.min..=self.max).contains(&n)
    }
}

impl Default for SizeRange {
    fn default() -> Self {
        Self { min: 3, max: 5 }
    }
}

/// The moment an analysis looks at: the current state (memberships and links with no end
/// date), or a given date.
///
/// ```
/// use implsci::system::When;
/// let d = |s: &str| s.parse::<jiff::civil::Date>().unwrap();
/// assert!(When::Current.includes(d("2020-01-01"), None));
/// assert!(!When::Current.includes(d("2020-01-01"), Some(d("2021-01-01"))));
/// assert!(When::On(d("2020-06-01")).includes(d("2020-01-01"), Some(d("2021-01-01"))));
/// assert!(!When::On(d("2021-01-01")).includes(d("2020-01-01"), Some(d("2021-01-01"))));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum When {
    /// Whatever has not ended.
    #[default]
    Current,
    /// As of a date: started on or before it and not ended on or before it.
    On(#[schemars(schema_with = "crate::date::schema")] Date),
}

impl When {
    /// True when something running from `start` until `end` (exclusive) is active.
    #[must_use]
    pub fn includes(self, start: Date, end: Option<Date>) -> bool {
        match self {
            Self::Current => end.is_none(),
            Self::On(date) => start <= date && end.is_none_or(|e| date < e),
        }
    }
}
