//! Coaching and training, as the dated records teams keep.
//!
//! Training alone rarely changes practice; coaching in the practitioner's own setting does
//! (Joyce & Showers 2002, as tabulated in the coaching literature: 5% of trained teachers use a
//! new practice after theory, demonstration and practice with feedback in training, 95% when
//! coaching in the classroom follows; DOMAIN §4). NIRN's Coaching driver (module 2) names the
//! coaching service delivery plan and the cycle a coach works through with a practitioner.
//!
//! These are the events of the [`event`](crate::event) log:
//!
//! - [`CoachingPlan`]: a coaching service delivery plan for a practitioner or a group: coach,
//!   format, planned frequency, start and end;
//! - [`CoachingStep`]: one dated step of a coaching cycle: plan (focus on essential functions),
//!   observation (practice-profile ratings), feedback, action steps, follow-up;
//! - [`Training`]: who attended which training, when.

pub mod fidelity;
pub mod measures;
pub mod rollup;

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Extensions;
use crate::document::Tagged;
use crate::id::EventId;
use crate::id::{CoachId, EssentialFunctionId, InnovationId, PractitionerId};
use crate::innovation::FunctionRating;
use crate::measure::AsKind;

/// An event that may be one of the coaching kinds (a plan, a cycle step, a training): what the
/// coaching measures read. The log's [`Event`](crate::event::Event) is one; so is any record
/// type of yours that is [`AsKind`] of the three.
///
/// ```
/// use implsci::coaching::CoachingEvent;
/// fn coaching_log<E: CoachingEvent>(_: &[E]) {}
/// coaching_log::<implsci::event::Event>(&[]);
/// ```
pub trait CoachingEvent: AsKind<CoachingPlan> + AsKind<CoachingStep> + AsKind<Training> {}

impl<E: AsKind<CoachingPlan> + AsKind<CoachingStep> + AsKind<Training>> CoachingEvent for E {}

/// How coaching is delivered.
///
/// ```
/// use implsci::coaching::CoachingFormat;
/// assert_eq!(serde_json::to_string(&CoachingFormat::InPerson)?, r#""in_person""#);
/// assert_eq!(serde_json::from_str::<CoachingFormat>(r#""hybrid""#)?, CoachingFormat::Hybrid);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum CoachingFormat {
    /// In the practitioner's setting, in person.
    InPerson,
    /// At a distance (video, phone).
    Remote,
    /// A mix of both.
    Hybrid,
}

/// A coaching service delivery plan: who coaches whom, how, how often, from when to when.
///
/// ```
/// use implsci::coaching::{CoachingFormat, CoachingPlan};
/// let plan = CoachingPlan::new("plan-1".parse()?, "2024-09-02".parse()?, "coach-1".parse()?,
///     vec!["p-1".parse()?], CoachingFormat::InPerson, 14, "2024-09-02".parse()?);
/// assert_eq!(plan.every_days, 14);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct CoachingPlan {
    /// Always `"coaching_plan"`.
    pub kind: crate::document::Kind<CoachingPlan>,
    /// The event's id; steps of the plan's cycles refer to it.
    pub id: EventId,
    /// When the plan was recorded.
    #[serde(deserialize_with = "crate::date::deserialize")]
    #[schemars(schema_with = "crate::date::schema")]
    pub date: Date,
    /// The coach.
    pub coach: CoachId,
    /// The practitioner coached, or the group.
    pub practitioners: Vec<PractitionerId>,
    /// The innovation the coaching is about, if the plan names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub innovation: Option<InnovationId>,
    /// How coaching is delivered.
    pub format: CoachingFormat,
    /// The planned frequency: one cycle every this many days.
    pub every_days: u32,
    /// First day of the plan.
    #[serde(deserialize_with = "crate::date::deserialize")]
    #[schemars(schema_with = "crate::date::schema")]
    pub start: Date,
    /// Last day of the plan, if it has one.
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

impl Tagged for CoachingPlan {
    const KIND: &'static str = "coaching_plan";
}

impl CoachingPlan {
    /// A plan without an end date.
    ///
    /// ```
    /// use implsci::coaching::{CoachingFormat, CoachingPlan};
    /// let plan = CoachingPlan::new("plan-1".parse()?, "2024-09-02".parse()?, "coach-1".parse()?,
    ///     vec!["p-1".parse()?], CoachingFormat::Remote, 14, "2024-09-02".parse()?);
    /// assert!(plan.end.is_none() && plan.innovation.is_none());
    /// assert_eq!(serde_json::to_value(&plan)?["kind"], "coaching_plan");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn new(
        id: EventId,
        date: Date,
        coach: CoachId,
        practitioners: Vec<PractitionerId>,
        format: CoachingFormat,
        every_days: u32,
        start: Date,
    ) -> Self {
        Self {
            kind: crate::document::Kind::default(),
            id,
            date,
            coach,
            practitioners,
            innovation: None,
            format,
            every_days,
            start,
            end: None,
            extensions: Extensions::new(),
        }
    }
}

/// The steps of a coaching cycle, in order.
///
/// ```
/// use implsci::coaching::CycleStep;
/// assert!(CycleStep::Plan < CycleStep::Observation);
/// assert_eq!(serde_json::to_string(&CycleStep::ActionSteps)?, r#""action_steps""#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum CycleStep {
    /// Plan the cycle: the essential functions to focus on.
    Plan,
    /// Observe practice, rating essential functions on the practice profile.
    Observation,
    /// Give feedback.
    Feedback,
    /// Agree on action steps.
    ActionSteps,
    /// Follow up on the action steps.
    FollowUp,
}

impl CycleStep {
    /// The steps in order.
    ///
    /// ```
    /// use implsci::coaching::CycleStep;
    /// assert!(CycleStep::ALL.is_sorted());
    /// assert_eq!(CycleStep::ALL.last(), Some(&CycleStep::FollowUp));
    /// ```
    pub const ALL: [Self; 5] = [
        Self::Plan,
        Self::Observation,
        Self::Feedback,
        Self::ActionSteps,
        Self::FollowUp,
    ];
}

/// One dated step of a coaching cycle.
///
/// ```
/// use implsci::coaching::{CoachingStep, CycleStep};
/// let step = CoachingStep::new("e-7".parse()?, "2024-09-16".parse()?, "plan-1".parse()?,
///     "cycle-1".parse()?, "p-1".parse()?, CycleStep::Observation);
/// assert!(step.ratings.is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct CoachingStep {
    /// Always `"coaching_step"`.
    pub kind: crate::document::Kind<CoachingStep>,
    /// The event's id.
    pub id: EventId,
    /// When the step happened.
    #[serde(deserialize_with = "crate::date::deserialize")]
    #[schemars(schema_with = "crate::date::schema")]
    pub date: Date,
    /// The coaching plan the cycle belongs to.
    pub plan: EventId,
    /// The cycle: the steps of one cycle share it.
    pub cycle: EventId,
    /// The practitioner coached.
    pub practitioner: PractitionerId,
    /// Which step.
    pub step: CycleStep,
    /// For a plan step: the essential functions the cycle focuses on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub functions: Vec<EssentialFunctionId>,
    /// For an observation: the practice-profile ratings, which feed the fidelity score.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ratings: Vec<FunctionRating>,
    /// For action steps: what was agreed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<String>,
    /// Time spent, in hours: from 0 to 24, one day ([`MAX_STEP_HOURS`]). Reading refuses a
    /// negative, non-finite or larger value (a problem at `$.hours`), so sums stay finite.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "step_hours"
    )]
    #[schemars(range(min = 0, max = 24))]
    pub hours: Option<f64>,
    /// Integrators' own data; round-trips untouched.
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

/// The most hours one coaching step records: a whole day. A session longer than that is a
/// typing slip (minutes written as hours) or several sessions; bounding each step keeps every
/// sum of hours finite however many steps a log holds. Measures built from steps made in Rust,
/// which skip reading, count a step's hours outside `0..=MAX_STEP_HOURS` as 0.
///
/// ```
/// use implsci::event::Event;
/// let line = br#"{"kind": "coaching_step", "id": "e-6", "date": "2024-09-09", "plan": "plan-1",
///     "cycle": "cycle-1", "practitioner": "p-1", "step": "plan", "hours": -0.5}"#;
/// let problem = Event::from_json_line(line).unwrap_err();
/// assert_eq!(problem.path, "$.hours");
/// ```
pub const MAX_STEP_HOURS: f64 = 24.0;

/// Reads a step's hours, refusing a negative, non-finite or too large value.
fn step_hours<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    let hours = Option::<f64>::deserialize(d)?;
    match hours {
        Some(h) if !(0.0..=MAX_STEP_HOURS).contains(&h) => Err(serde::de::Error::custom(format!(
            "a coaching step's hours must be from 0 to {MAX_STEP_HOURS} (one day), not {h}"
        ))),
        _ => Ok(hours),
    }
}

impl Tagged for CoachingStep {
    const KIND: &'static str = "coaching_step";
}

impl CoachingStep {
    /// A step with no functions, ratings, actions or hours.
    ///
    /// ```
    /// use implsci::coaching::{CoachingStep, CycleStep};
    /// let step = CoachingStep::new("e-6".parse()?, "2024-09-09".parse()?, "plan-1".parse()?,
    ///     "cycle-1".parse()?, "p-1".parse()?, CycleStep::Plan);
    /// assert!(step.functions.is_empty() && step.actions.is_empty() && step.hours.is_none());
    /// assert_eq!(serde_json::to_value(&step)?["step"], "plan");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn new(
        id: EventId,
        date: Date,
        plan: EventId,
        cycle: EventId,
        practitioner: PractitionerId,
        step: CycleStep,
    ) -> Self {
        Self {
            kind: crate::document::Kind::default(),
            id,
            date,
            plan,
            cycle,
            practitioner,
            step,
            functions: Vec::new(),
            ratings: Vec::new(),
            actions: Vec::new(),
            hours: None,
            extensions: Extensions::new(),
        }
    }
}

/// Who attended which training, when.
///
/// ```
/// use implsci::coaching::Training;
/// let t = Training::new("e-1".parse()?, "2024-08-20".parse()?, "CICO coordinator training", vec!["p-1".parse()?]);
/// assert_eq!(t.attendees.len(), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Training {
    /// Always `"training"`.
    pub kind: crate::document::Kind<Training>,
    /// The event's id.
    pub id: EventId,
    /// When the training took place.
    #[serde(deserialize_with = "crate::date::deserialize")]
    #[schemars(schema_with = "crate::date::schema")]
    pub date: Date,
    /// The training's name.
    pub training: String,
    /// The innovation it trains for, if it names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub innovation: Option<InnovationId>,
    /// Who attended.
    pub attendees: Vec<PractitionerId>,
    /// Its length, in hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours: Option<f64>,
    /// Integrators' own data; round-trips untouched.
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

impl Tagged for Training {
    const KIND: &'static str = "training";
}

impl Training {
    /// A training without an innovation or hours.
    ///
    /// ```
    /// use implsci::coaching::Training;
    /// let t = Training::new("e-1".parse()?, "2024-08-20".parse()?, "CICO", vec![]);
    /// assert_eq!((t.training.as_str(), t.innovation, t.hours), ("CICO", None, None));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn new(
        id: EventId,
        date: Date,
        training: impl Into<String>,
        attendees: Vec<PractitionerId>,
    ) -> Self {
        Self {
            kind: crate::document::Kind::default(),
            id,
            date,
            training: training.into(),
            innovation: None,
            attendees,
            hours: None,
            extensions: Extensions::new(),
        }
    }
}

/// The events about `innovation`, for the coaching measures: coaching plans and trainings that
/// name it or name no innovation, the steps of those plans, and every other event; plans and
/// trainings naming another innovation, and the steps of such plans, are left out. Order is
/// kept. Two passes over the events, linear.
///
/// Source: DOMAIN.md §5 (innovations compete for the same coaches); a plan names the
/// innovation its coaching is about ([`CoachingPlan::innovation`]). Reading a plan or training
/// with no innovation as about every innovation is this crate's choice.
///
/// ```
/// use implsci::coaching::{about_innovation, CoachingFormat, CoachingPlan, CoachingStep, CycleStep};
/// use implsci::event::Event;
///
/// let mut gbg = CoachingPlan::new("plan-gbg".parse()?, "2024-09-02".parse()?, "coach-1".parse()?,
///     vec!["t-1".parse()?], CoachingFormat::InPerson, 14, "2024-09-02".parse()?);
/// gbg.innovation = Some("good-behavior-game".parse()?);
/// let step = CoachingStep::new("e-7".parse()?, "2024-09-16".parse()?, "plan-gbg".parse()?,
///     "cycle-1".parse()?, "t-1".parse()?, CycleStep::Observation);
/// let events = vec![Event::CoachingPlan(gbg), Event::CoachingStep(step)];
/// assert_eq!(about_innovation(&events, &"good-behavior-game".parse()?).len(), 2);
/// assert!(about_innovation(&events, &"check-in-check-out".parse()?).is_empty()); // the plan and its step
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn about_innovation<E: CoachingEvent + Clone>(
    events: &[E],
    innovation: &InnovationId,
) -> Vec<E> {
    let other = |i: &Option<InnovationId>| i.as_ref().is_some_and(|i| i != innovation);
    let left_out: std::collections::HashSet<&str> = events
        .iter()
        .filter_map(|e| AsKind::<CoachingPlan>::as_kind(e))
        .filter(|p| other(&p.innovation))
        .map(|p| p.id.as_str())
        .collect();
    events
        .iter()
        .filter(|e| {
            if let Some(p) = AsKind::<CoachingPlan>::as_kind(*e) {
                return !other(&p.innovation);
            }
            if let Some(t) = AsKind::<Training>::as_kind(*e) {
                return !other(&t.innovation);
            }
            AsKind::<CoachingStep>::as_kind(*e).is_none_or(|s| !left_out.contains(s.plan.as_str()))
        })
        .cloned()
        .collect()
}
