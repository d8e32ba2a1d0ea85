//! The actions of a plan: what changes in the system, and on which day.
//!
//! On the wire an action is one object whose `action` names it (`"form_team"`), with a `date`
//! and the fields of that action, and no other field. It is read by hand rather than as serde's
//! internally tagged enum, which would buffer the object where neither the JSON path of a
//! problem nor the crate's strict reader reaches it: here every field is read where it stands,
//! so a bad date in the fourth action is reported at `$.actions[3].date`.

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::id::{CoachId, InnovationId, PractitionerId, TeamId, UnitId};
use crate::system::{Coach, LinkKind, Team};

/// A component of training, after Joyce & Showers (2002), *Student Achievement Through Staff
/// Development*: training that gives the theory, shows the practice, and has practitioners
/// practise it with feedback.
///
/// Coaching is not a training component here: Joyce & Showers place it after training, in the
/// practitioner's own setting, and in this crate it comes from the system's coaches
/// ([`Coach`]). Which components a cohort's training has is recorded by
/// [`Action::TrainCohort`].
///
/// ```
/// use implsci::plan::TrainingComponent;
/// assert_eq!(serde_json::to_string(&TrainingComponent::Practice)?, r#""practice""#);
/// let read: TrainingComponent = serde_json::from_str(r#""demonstration""#)?;
/// assert_eq!(read, TrainingComponent::Demonstration);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum TrainingComponent {
    /// The rationale and the theory behind the practice.
    Theory,
    /// The practice shown (modelled) by someone who does it well.
    Demonstration,
    /// The practice tried in training, with feedback.
    Practice,
}

/// One dated change to an implementation system.
///
/// The teams and their links are those of NIRN's linked implementation teams (NIRN Active
/// Implementation Hub, module 3); coaches and their caseloads those of the Coaching driver
/// (module 2); training components those of Joyce & Showers (2002). How each action changes a
/// [`SystemDocument`](crate::system::SystemDocument) is this crate's choice, said on each
/// variant; [`Plan::apply`](super::Plan::apply) applies them.
///
/// ```
/// use implsci::plan::Action;
/// let json = r#"{"action": "end_team", "date": "2025-06-30", "team": "roosevelt-bit"}"#;
/// let action: Action = serde_json::from_str(json)?;
/// assert_eq!(action.name(), "end_team");
/// assert_eq!(action.date(), jiff::civil::date(2025, 6, 30));
/// assert_eq!(serde_json::from_str::<serde_json::Value>(json)?, serde_json::to_value(&action)?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Action {
    /// A new team counts from `date`: it is added to the system's teams, with
    /// [`start`](Team::start) set to `date` when absent (a `start` given that differs from
    /// `date` is refused by validation).
    FormTeam {
        /// The day the team is formed.
        #[schemars(schema_with = "crate::date::schema")]
        date: Date,
        /// The team.
        team: Team,
    },
    /// A team ends: its [`end`](Team::end) becomes `date`.
    EndTeam {
        /// The team's first day without it.
        #[schemars(schema_with = "crate::date::schema")]
        date: Date,
        /// The team.
        team: TeamId,
    },
    /// A link between two teams starts on `date` ([`TeamLink`](crate::system::TeamLink)).
    LinkTeams {
        /// The link's first day.
        #[schemars(schema_with = "crate::date::schema")]
        date: Date,
        /// The team the link starts from.
        from: TeamId,
        /// The team it goes to.
        to: TeamId,
        /// What the link is; `supports` when absent.
        #[schemars(default = "supports")]
        kind: LinkKind,
    },
    /// The links from `from` to `to` active on `date` end on it. A plan that ends a link
    /// where none is active is refused.
    EndLink {
        /// The first day without the link.
        #[schemars(schema_with = "crate::date::schema")]
        date: Date,
        /// The team the link starts from.
        from: TeamId,
        /// The team it goes to.
        to: TeamId,
    },
    /// A coach joins the system.
    AddCoach {
        /// The day the coach starts.
        #[schemars(schema_with = "crate::date::schema")]
        date: Date,
        /// The coach, with their capacity and any caseload.
        coach: Coach,
    },
    /// A coach leaves the system, with their caseload (the system records no dates on
    /// coaches, so from `date` on the coach is gone).
    RemoveCoach {
        /// The day the coach leaves.
        #[schemars(schema_with = "crate::date::schema")]
        date: Date,
        /// The coach.
        coach: CoachId,
    },
    /// A coach's capacity changes.
    SetCapacity {
        /// The day it changes.
        #[schemars(schema_with = "crate::date::schema")]
        date: Date,
        /// The coach.
        coach: CoachId,
        /// How many practitioners the coach can coach from `date` on.
        capacity: u32,
    },
    /// Practitioners join a coach's caseload: the plain [`caseload`](Coach::caseload) without
    /// an innovation, or that innovation's
    /// [`InnovationCaseload`](crate::system::InnovationCaseload), made when the coach has none.
    AssignCaseload {
        /// The day the coaching starts.
        #[schemars(schema_with = "crate::date::schema")]
        date: Date,
        /// The coach.
        coach: CoachId,
        /// The innovation the coaching is for; absent: every innovation.
        #[serde(skip_serializing_if = "Option::is_none")]
        innovation: Option<InnovationId>,
        /// The practitioners, at least one, none twice.
        practitioners: Vec<PractitionerId>,
    },
    /// Units take up an innovation: it joins the focus list of each of their teams active on
    /// `date` that has one. A team with no focus list already serves every innovation
    /// ([`Team::serves`]) and is left so.
    StartInnovation {
        /// The day the units start.
        #[schemars(schema_with = "crate::date::schema")]
        date: Date,
        /// The innovation.
        innovation: InnovationId,
        /// The units, at least one, none twice.
        units: Vec<UnitId>,
    },
    /// A cohort of the units' practitioners is trained in an innovation. The system document
    /// records no training, so applying it changes nothing there; the simulation reads it.
    TrainCohort {
        /// The day of the training.
        #[schemars(schema_with = "crate::date::schema")]
        date: Date,
        /// The innovation.
        innovation: InnovationId,
        /// The units whose practitioners are trained, at least one, none twice.
        units: Vec<UnitId>,
        /// The training's components, at least one, none twice.
        components: Vec<TrainingComponent>,
    },
    /// Units stop using an innovation (a de-implementation, as the Hexagon tool names the
    /// decision; Metz & Louison 2018): it leaves the focus lists of the units' teams, and the
    /// coaches' caseloads for it lose the practitioners of those units and of the units below
    /// them. A focus list left empty means, as any empty list does, that the team serves every
    /// innovation: the system document has no way to say "none".
    Deimplement {
        /// The first day without the innovation.
        #[schemars(schema_with = "crate::date::schema")]
        date: Date,
        /// The innovation.
        innovation: InnovationId,
        /// The units, at least one, none twice.
        units: Vec<UnitId>,
    },
}

impl Action {
    /// The day the action takes effect.
    ///
    /// ```
    /// use implsci::plan::Action;
    /// let action = Action::EndTeam { date: jiff::civil::date(2025, 6, 30), team: "roosevelt-bit".parse()? };
    /// assert_eq!(action.date().to_string(), "2025-06-30");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn date(&self) -> Date {
        match self {
            Self::FormTeam { date, .. }
            | Self::EndTeam { date, .. }
            | Self::LinkTeams { date, .. }
            | Self::EndLink { date, .. }
            | Self::AddCoach { date, .. }
            | Self::RemoveCoach { date, .. }
            | Self::SetCapacity { date, .. }
            | Self::AssignCaseload { date, .. }
            | Self::StartInnovation { date, .. }
            | Self::TrainCohort { date, .. }
            | Self::Deimplement { date, .. } => *date,
        }
    }

    /// The innovation the action is about, if it names one.
    ///
    /// ```
    /// use implsci::plan::Action;
    /// let action = Action::Deimplement { date: jiff::civil::date(2025, 6, 30), innovation: "cico".parse()?, units: vec!["wake".parse()?] };
    /// assert_eq!(action.innovation().map(|i| i.as_str()), Some("cico"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn innovation(&self) -> Option<&InnovationId> {
        match self {
            Self::AssignCaseload { innovation, .. } => innovation.as_ref(),
            Self::StartInnovation { innovation, .. }
            | Self::TrainCohort { innovation, .. }
            | Self::Deimplement { innovation, .. } => Some(innovation),
            _ => None,
        }
    }

    /// The action's name: its `action` on the wire.
    ///
    /// ```
    /// use implsci::plan::Action;
    /// let action = Action::RemoveCoach { date: jiff::civil::date(2025, 1, 6), coach: "coach-wake-1".parse()? };
    /// assert_eq!(action.name(), "remove_coach");
    /// assert_eq!(serde_json::to_value(&action)?["action"], "remove_coach");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn name(&self) -> &'static str {
        match self {
            Self::FormTeam { .. } => "form_team",
            Self::EndTeam { .. } => "end_team",
            Self::LinkTeams { .. } => "link_teams",
            Self::EndLink { .. } => "end_link",
            Self::AddCoach { .. } => "add_coach",
            Self::RemoveCoach { .. } => "remove_coach",
            Self::SetCapacity { .. } => "set_capacity",
            Self::AssignCaseload { .. } => "assign_caseload",
            Self::StartInnovation { .. } => "start_innovation",
            Self::TrainCohort { .. } => "train_cohort",
            Self::Deimplement { .. } => "deimplement",
        }
    }
}

/// The default of [`Action::LinkTeams`]'s `kind`, for the schema.
fn supports() -> LinkKind {
    LinkKind::Supports
}

/// The `action` tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Tag {
    FormTeam,
    EndTeam,
    LinkTeams,
    EndLink,
    AddCoach,
    RemoveCoach,
    SetCapacity,
    AssignCaseload,
    StartInnovation,
    TrainCohort,
    Deimplement,
}

impl Tag {
    /// The fields this action takes, beside `action` and `date`.
    fn fields(self) -> &'static [&'static str] {
        match self {
            Self::FormTeam | Self::EndTeam => &["action", "date", "team"],
            Self::LinkTeams => &["action", "date", "from", "to", "kind"],
            Self::EndLink => &["action", "date", "from", "to"],
            Self::AddCoach | Self::RemoveCoach => &["action", "date", "coach"],
            Self::SetCapacity => &["action", "date", "coach", "capacity"],
            Self::AssignCaseload => &["action", "date", "coach", "innovation", "practitioners"],
            Self::StartInnovation | Self::Deimplement => &["action", "date", "innovation", "units"],
            Self::TrainCohort => &["action", "date", "innovation", "units", "components"],
        }
    }
}

/// A field that holds a whole object for one action and an id for others (`team`, `coach`).
#[derive(Debug)]
enum ObjectOrId<T, I> {
    Object(T),
    Id(I),
}

impl<'de, T, I> Deserialize<'de> for ObjectOrId<T, I>
where
    T: Deserialize<'de>,
    I: std::str::FromStr,
    I::Err: std::fmt::Display,
{
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor<T, I>(std::marker::PhantomData<fn() -> (T, I)>);
        impl<'de, T, I> serde::de::Visitor<'de> for Visitor<T, I>
        where
            T: Deserialize<'de>,
            I: std::str::FromStr,
            I::Err: std::fmt::Display,
        {
            type Value = ObjectOrId<T, I>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object or an id")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                v.parse().map(ObjectOrId::Id).map_err(E::custom)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<Self::Value, A::Error> {
                // The map access is the caller's, so paths and strict reading reach inside.
                T::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(ObjectOrId::Object)
            }
        }
        deserializer.deserialize_any(Visitor(std::marker::PhantomData))
    }
}

/// Every field any action has, each read where it stands.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Wire {
    action: Option<Tag>,
    #[serde(default, deserialize_with = "crate::date::deserialize_option")]
    date: Option<Date>,
    #[serde(default)]
    team: Option<ObjectOrId<Team, TeamId>>,
    #[serde(default)]
    from: Option<TeamId>,
    #[serde(default)]
    to: Option<TeamId>,
    #[serde(default)]
    kind: Option<LinkKind>,
    #[serde(default)]
    coach: Option<ObjectOrId<Coach, CoachId>>,
    #[serde(default)]
    capacity: Option<u32>,
    #[serde(default)]
    innovation: Option<InnovationId>,
    #[serde(default)]
    practitioners: Option<Vec<PractitionerId>>,
    #[serde(default)]
    units: Option<Vec<UnitId>>,
    #[serde(default)]
    components: Option<Vec<TrainingComponent>>,
}

impl Wire {
    /// The names of the fields present, in declaration order.
    fn present(&self) -> impl Iterator<Item = &'static str> {
        [
            ("team", self.team.is_some()),
            ("from", self.from.is_some()),
            ("to", self.to.is_some()),
            ("kind", self.kind.is_some()),
            ("coach", self.coach.is_some()),
            ("capacity", self.capacity.is_some()),
            ("innovation", self.innovation.is_some()),
            ("practitioners", self.practitioners.is_some()),
            ("units", self.units.is_some()),
            ("components", self.components.is_some()),
        ]
        .into_iter()
        .filter_map(|(name, present)| present.then_some(name))
    }
}

/// Read by hand (see the module docs): the object is read once, each field where it stands,
/// and then a field the action does not take is refused as unknown and one it needs as
/// missing, as the schema's variant for that action does.
impl<'de> Deserialize<'de> for Action {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error as _;
        let wire = Wire::deserialize(deserializer)?;
        let tag = wire
            .action
            .ok_or_else(|| D::Error::missing_field("action"))?;
        let fields = tag.fields();
        if let Some(extra) = wire.present().find(|f| !fields.contains(f)) {
            return Err(D::Error::unknown_field(extra, fields));
        }
        let date = wire.date.ok_or_else(|| D::Error::missing_field("date"))?;
        let need = |name: &'static str| D::Error::missing_field(name);
        let object = |name: &'static str, what: &str| {
            D::Error::custom(format_args!("`{name}` of this action is {what}, not an id"))
        };
        let id = |name: &'static str, what: &str| {
            D::Error::custom(format_args!(
                "`{name}` of this action is {what}, not an object"
            ))
        };
        Ok(match tag {
            Tag::FormTeam => match wire.team.ok_or_else(|| need("team"))? {
                ObjectOrId::Object(team) => Self::FormTeam { date, team },
                ObjectOrId::Id(_) => return Err(object("team", "a team (an object)")),
            },
            Tag::EndTeam => match wire.team.ok_or_else(|| need("team"))? {
                ObjectOrId::Id(team) => Self::EndTeam { date, team },
                ObjectOrId::Object(_) => return Err(id("team", "a team id")),
            },
            Tag::LinkTeams => Self::LinkTeams {
                date,
                from: wire.from.ok_or_else(|| need("from"))?,
                to: wire.to.ok_or_else(|| need("to"))?,
                kind: wire.kind.unwrap_or(LinkKind::Supports),
            },
            Tag::EndLink => Self::EndLink {
                date,
                from: wire.from.ok_or_else(|| need("from"))?,
                to: wire.to.ok_or_else(|| need("to"))?,
            },
            Tag::AddCoach => match wire.coach.ok_or_else(|| need("coach"))? {
                ObjectOrId::Object(coach) => Self::AddCoach { date, coach },
                ObjectOrId::Id(_) => return Err(object("coach", "a coach (an object)")),
            },
            Tag::RemoveCoach | Tag::SetCapacity | Tag::AssignCaseload => {
                let coach = match wire.coach.ok_or_else(|| need("coach"))? {
                    ObjectOrId::Id(coach) => coach,
                    ObjectOrId::Object(_) => return Err(id("coach", "a coach id")),
                };
                match tag {
                    Tag::RemoveCoach => Self::RemoveCoach { date, coach },
                    Tag::SetCapacity => Self::SetCapacity {
                        date,
                        coach,
                        capacity: wire.capacity.ok_or_else(|| need("capacity"))?,
                    },
                    _ => Self::AssignCaseload {
                        date,
                        coach,
                        innovation: wire.innovation,
                        practitioners: wire.practitioners.ok_or_else(|| need("practitioners"))?,
                    },
                }
            }
            Tag::StartInnovation | Tag::TrainCohort | Tag::Deimplement => {
                let innovation = wire.innovation.ok_or_else(|| need("innovation"))?;
                let units = wire.units.ok_or_else(|| need("units"))?;
                match tag {
                    Tag::StartInnovation => Self::StartInnovation {
                        date,
                        innovation,
                        units,
                    },
                    Tag::TrainCohort => Self::TrainCohort {
                        date,
                        innovation,
                        units,
                        components: wire.components.ok_or_else(|| need("components"))?,
                    },
                    _ => Self::Deimplement {
                        date,
                        innovation,
                        units,
                    },
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(json: &str) -> Result<Action, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn each_action_takes_its_own_fields_only() {
        let link =
            read(r#"{"action": "link_teams", "date": "2025-01-06", "from": "a", "to": "b"}"#);
        assert!(matches!(
            link,
            Ok(Action::LinkTeams {
                kind: LinkKind::Supports,
                ..
            })
        ));
        let err = read(r#"{"action": "end_team", "date": "2025-01-06", "team": "a", "units": []}"#)
            .unwrap_err();
        assert!(err.contains("unknown field `units`"), "{err}");
        let err =
            read(r#"{"action": "set_capacity", "date": "2025-01-06", "coach": "c"}"#).unwrap_err();
        assert!(err.contains("missing field `capacity`"), "{err}");
        let err = read(r#"{"date": "2025-01-06", "coach": "c"}"#).unwrap_err();
        assert!(err.contains("missing field `action`"), "{err}");
        let err =
            read(r#"{"action": "form_team", "date": "2025-01-06", "team": "a"}"#).unwrap_err();
        assert!(err.contains("not an id"), "{err}");
        let err = read(
            r#"{"action": "end_team", "date": "2025-01-06", "team": {"id": "a", "unit": "u"}}"#,
        )
        .unwrap_err();
        assert!(err.contains("not an object"), "{err}");
        let err = read(r#"{"action": "promote", "date": "2025-01-06"}"#).unwrap_err();
        assert!(err.contains("unknown variant `promote`"), "{err}");
    }

    #[test]
    fn every_action_round_trips() {
        let lines = [
            r#"{"action": "form_team", "date": "2025-01-06", "team": {"id": "t", "unit": "u", "start": "2025-01-06"}}"#,
            r#"{"action": "end_team", "date": "2025-01-06", "team": "t"}"#,
            r#"{"action": "link_teams", "date": "2025-01-06", "from": "a", "to": "b", "kind": "reports_to"}"#,
            r#"{"action": "end_link", "date": "2025-01-06", "from": "a", "to": "b"}"#,
            r#"{"action": "add_coach", "date": "2025-01-06", "coach": {"id": "c", "person": {"practitioner": "p"}, "capacity": 4}}"#,
            r#"{"action": "remove_coach", "date": "2025-01-06", "coach": "c"}"#,
            r#"{"action": "set_capacity", "date": "2025-01-06", "coach": "c", "capacity": 6}"#,
            r#"{"action": "assign_caseload", "date": "2025-01-06", "coach": "c", "innovation": "i", "practitioners": ["p"]}"#,
            r#"{"action": "start_innovation", "date": "2025-01-06", "innovation": "i", "units": ["u"]}"#,
            r#"{"action": "train_cohort", "date": "2025-01-06", "innovation": "i", "units": ["u"], "components": ["theory", "practice"]}"#,
            r#"{"action": "deimplement", "date": "2025-01-06", "innovation": "i", "units": ["u"]}"#,
        ];
        for line in lines {
            let action = read(line).unwrap();
            let want: serde_json::Value = serde_json::from_str(line).unwrap();
            assert_eq!(serde_json::to_value(&action).unwrap(), want, "{line}");
            assert_eq!(want["action"], action.name());
        }
    }
}
