//! The wire format of an implementation system: plain lists by domain id.

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use super::innovations::InnovationCaseload;
pub use super::settings::{Settings, SizeRange};
use crate::Extensions;
use crate::document::{Kind, SchemaVersion};
use crate::id::{
    CoachId, InnovationId, LevelId, PersonId, PractitionerId, Role, SystemId, TeamId, UnitId,
};

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
    ///
    /// ```
    /// use implsci::system::{Level, System, SystemDocument, Unit};
    /// let mut doc = SystemDocument::new("tiny".parse()?, "A tiny system");
    /// assert!(doc.units.is_empty());
    /// doc.levels.push(Level::new("state".parse()?, "State"));
    /// doc.units.push(Unit::new("agency".parse()?, "state".parse()?, None));
    /// let system = System::build(doc)?;
    /// assert_eq!(system.root().id.as_str(), "agency");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
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
///
/// ```
/// use implsci::system::System;
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let levels: Vec<_> = system.document().levels.iter().map(|l| l.name.as_str()).collect();
/// assert_eq!(levels, ["State", "Region", "District", "School"]); // top to bottom
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
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
    ///
    /// ```
    /// use implsci::system::Level;
    /// let level = Level::new("facility".parse()?, "Facility");
    /// assert_eq!(level.id.as_str(), "facility");
    /// assert_eq!(level.name, "Facility");
    /// assert!(level.extensions.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
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
///
/// ```
/// use implsci::system::System;
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let lincoln = system.unit("lincoln-es").unwrap();
/// assert_eq!(lincoln.level.as_str(), "school");
/// assert_eq!(lincoln.parent.as_ref().map(|p| p.as_str()), Some("wake"));
/// assert_eq!(lincoln.name.as_deref(), Some("Lincoln Elementary"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
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
    ///
    /// ```
    /// use implsci::system::Unit;
    /// let wake = Unit::new("wake".parse()?, "district".parse()?, Some("central".parse()?));
    /// assert_eq!(wake.parent.as_ref().map(|p| p.as_str()), Some("central"));
    /// assert_eq!(wake.name, None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
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
///
/// ```
/// use implsci::system::System;
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let state_team = &system.document().teams[0];
/// assert_eq!(state_team.id.as_str(), "sit");
/// assert_eq!(state_team.unit, system.root().id);
/// assert_eq!(state_team.members.len(), 5);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
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
    /// The day it was formed, if the system records it; before it, the team does not count
    /// (as of an earlier date, its unit has no team and its links do not hold).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::date::deserialize_option"
    )]
    #[schemars(schema_with = "crate::date::optional_schema")]
    pub start: Option<Date>,
    /// The day it ended (exclusive), if it has.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::date::deserialize_option"
    )]
    #[schemars(schema_with = "crate::date::optional_schema")]
    pub end: Option<Date>,
    /// The innovations the team focuses on ([`Team::serves`]). Absent or empty: every
    /// innovation the organization runs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub innovations: Vec<InnovationId>,
    /// Integrators' own data; round-trips untouched.
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

impl Team {
    /// A team without members.
    ///
    /// ```
    /// use implsci::system::{Member, Team, When};
    /// let mut team = Team::new("lincoln-bit".parse()?, "lincoln-es".parse()?);
    /// assert!(team.members.is_empty());
    /// let start = jiff::civil::date(2024, 8, 1);
    /// team.members.push(Member::new("m1".parse()?, "team lead".parse()?, start));
    /// assert_eq!(team.active_members(When::Current).count(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn new(id: TeamId, unit: UnitId) -> Self {
        Self {
            id,
            unit,
            name: None,
            members: Vec::new(),
            start: None,
            end: None,
            innovations: Vec::new(),
            extensions: Extensions::new(),
        }
    }

    /// The members active on a date ([`When`]).
    ///
    /// ```
    /// use implsci::system::{System, When};
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// let wake = system.team("wake-dit").unwrap();
    /// assert_eq!(wake.members.len(), 4);
    /// assert_eq!(wake.active_members(When::Current).count(), 3); // wake-dit-m4 left on 2024-06-30
    /// // On 2024-01-15 only wake-dit-m4 was on it; the others started on 2024-08-01.
    /// let then = wake.active_members(When::On(jiff::civil::date(2024, 1, 15)));
    /// assert_eq!(then.map(|m| m.person.as_str()).collect::<Vec<_>>(), ["wake-dit-m4"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn active_members(&self, when: When) -> impl Iterator<Item = &Member> {
        self.members
            .iter()
            .filter(move |m| when.includes(m.start, m.end))
    }

    /// Whether the team exists at `when`: formed on or before the date (or with no recorded
    /// start) and not ended by it. [`When::Current`]: not ended.
    ///
    /// ```
    /// use implsci::system::{Team, When};
    /// let mut team = Team::new("parkwood-bit".parse()?, "parkwood-es".parse()?);
    /// team.start = Some(jiff::civil::date(2024, 8, 15));
    /// assert!(!team.active(When::On(jiff::civil::date(2024, 4, 1)))); // not formed yet
    /// assert!(team.active(When::On(jiff::civil::date(2024, 9, 1))));
    /// assert!(team.active(When::Current));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn active(&self, when: When) -> bool {
        when.includes(self.start.unwrap_or(Date::MIN), self.end)
    }
}

/// A team member and their role, from `start` until `end` (exclusive; `None`: still on it).
///
/// ```
/// use implsci::system::System;
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let former = &system.team("wake-dit").unwrap().members[3];
/// assert_eq!(former.person.as_str(), "wake-dit-m4");
/// assert_eq!(former.role.as_str(), "coach");
/// assert_eq!(former.end, Some(jiff::civil::date(2024, 6, 30)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
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
    /// Integrators' own data; round-trips untouched.
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

impl Member {
    /// A current member.
    ///
    /// ```
    /// use implsci::system::Member;
    /// let lead = Member::new("lead-1".parse()?, "team lead".parse()?, jiff::civil::date(2024, 8, 1));
    /// assert_eq!(lead.role.as_str(), "team lead");
    /// assert_eq!(lead.end, None); // a current member
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn new(person: PersonId, role: Role, start: Date) -> Self {
        Self {
            person,
            role,
            start,
            end: None,
            extensions: Extensions::new(),
        }
    }
}

/// The kind of a link between teams.
///
/// ```
/// use implsci::system::{LinkKind, System};
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let links = &system.document().links;
/// assert_eq!(links.iter().filter(|l| l.kind == LinkKind::Supports).count(), 10);
/// assert_eq!(links[10].kind, LinkKind::ReportsTo); // lincoln-bit to wake-dit
/// assert_eq!(serde_json::to_string(&LinkKind::CollaboratesWith)?, r#""collaborates_with""#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
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
///
/// ```
/// use implsci::system::{System, When};
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let ended = &system.document().links[5];
/// assert_eq!((ended.from.as_str(), ended.to.as_str()), ("central-rit", "parkwood-bit"));
/// assert_eq!(ended.end, Some(jiff::civil::date(2024, 6, 30)));
/// assert!(!When::Current.includes(ended.start, ended.end)); // no longer counts
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
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
    ///
    /// ```
    /// use implsci::{Document, system::{AlignmentParams, LinkKind, System, SystemDocument, TeamLink}};
    /// let mut doc = SystemDocument::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// // Wake's district team starts supporting Roosevelt's building team.
    /// let (from, to) = ("wake-dit".parse()?, "roosevelt-bit".parse()?);
    /// doc.links.push(TeamLink::new(from, to, LinkKind::Supports, jiff::civil::date(2024, 8, 1)));
    /// let report = System::build(doc)?.alignment(&AlignmentParams::default());
    /// assert!(report.broken_units().all(|u| u.unit.as_str() != "roosevelt-es"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
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
///
/// ```
/// use implsci::system::System;
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let former = system.practitioner("lincoln-t7").unwrap();
/// assert_eq!(former.role.as_str(), "teacher");
/// assert_eq!(former.end, Some(jiff::civil::date(2024, 6, 15))); // has left Lincoln Elementary
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
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
    ///
    /// ```
    /// use implsci::system::Practitioner;
    /// let teacher = Practitioner::new("t1".parse()?, "lincoln-es".parse()?, "teacher".parse()?);
    /// assert_eq!(teacher.unit.as_str(), "lincoln-es");
    /// assert_eq!((teacher.start, teacher.end), (None, None));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
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
///
/// ```
/// use implsci::system::{CoachPerson, System};
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let coaches = &system.document().coaches;
/// assert_eq!(coaches[1].person, CoachPerson::Practitioner("hillside-t1".parse()?));
/// let member = CoachPerson::TeamMember { team: "wake-dit".parse()?, person: "wake-dit-m3".parse()? };
/// assert_eq!(coaches[0].person, member);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
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
///
/// ```
/// use implsci::system::System;
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let coach = system.coach("coach-durham-1").unwrap();
/// assert_eq!(coach.capacity, 10);
/// assert_eq!(coach.caseload.len(), 8);
/// assert_eq!(coach.caseload[0].as_str(), "hillside-t2");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
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
    /// The practitioners the coach coaches, for every innovation they use.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub caseload: Vec<PractitionerId>,
    /// The practitioners the coach coaches for one innovation each ([`InnovationCaseload`]),
    /// beside [`caseload`](Coach::caseload). Every entry of both counts against the one
    /// [`capacity`](Coach::capacity).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub innovation_caseloads: Vec<InnovationCaseload>,
    /// Integrators' own data; round-trips untouched.
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

impl Coach {
    /// A coach with an empty caseload.
    ///
    /// ```
    /// use implsci::system::{Coach, CoachPerson};
    /// let coach = Coach::new("c1".parse()?, CoachPerson::Practitioner("hillside-t1".parse()?), 10);
    /// assert_eq!(coach.capacity, 10);
    /// assert!(coach.caseload.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn new(id: CoachId, person: CoachPerson, capacity: u32) -> Self {
        Self {
            id,
            person,
            capacity,
            caseload: Vec::new(),
            innovation_caseloads: Vec::new(),
            extensions: Extensions::new(),
        }
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
    ///
    /// ```
    /// use implsci::system::When;
    /// let (start, end) = (jiff::civil::date(2023, 8, 1), Some(jiff::civil::date(2024, 6, 30)));
    /// assert!(When::On(jiff::civil::date(2024, 6, 29)).includes(start, end));
    /// assert!(!When::On(jiff::civil::date(2024, 6, 30)).includes(start, end)); // `end` is exclusive
    /// assert!(!When::On(jiff::civil::date(2023, 7, 31)).includes(start, end)); // not yet started
    /// assert!(!When::Current.includes(start, end)); // it has ended
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn includes(self, start: Date, end: Option<Date>) -> bool {
        match self {
            Self::Current => end.is_none(),
            Self::On(date) => start <= date && end.is_none_or(|e| date < e),
        }
    }
}
