//! What the coaching measures report: the window of analysis, and per practitioner and coach,
//! coaching as planned and as delivered.

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::Serialize;

use super::rules::days_between;
use crate::coaching::CycleStep;
use crate::id::{CoachId, EventId, PractitionerId};
use crate::share::Share;

/// A window of analysis: from `start` to `end`, both days included.
///
/// ```
/// use implsci::coaching::measures::Window;
/// let w = Window::new("2024-09-01".parse()?, "2024-09-28".parse()?).ok_or("empty")?;
/// assert_eq!(w.days(), 28);
/// assert!(w.contains("2024-09-28".parse()?));
/// assert!(Window::new("2024-09-02".parse()?, "2024-09-01".parse()?).is_none());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, JsonSchema)]
pub struct Window {
    /// First day.
    #[schemars(schema_with = "crate::date::schema")]
    start: Date,
    /// Last day.
    #[schemars(schema_with = "crate::date::schema")]
    end: Date,
}

impl Window {
    /// The days from `start` to `end`, both included; `None` when `end` is before `start`.
    ///
    /// ```
    /// use implsci::coaching::measures::Window;
    /// let day = Window::new("2024-09-01".parse()?, "2024-09-01".parse()?).ok_or("empty")?;
    /// assert_eq!(day.days(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn new(start: Date, end: Date) -> Option<Self> {
        (start <= end).then_some(Self { start, end })
    }

    /// The first day.
    ///
    /// ```
    /// use implsci::coaching::measures::Window;
    /// let w = Window::new("2024-09-01".parse()?, "2024-09-30".parse()?).ok_or("empty")?;
    /// assert_eq!(w.start().to_string(), "2024-09-01");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn start(self) -> Date {
        self.start
    }

    /// The last day.
    ///
    /// ```
    /// use implsci::coaching::measures::Window;
    /// let w = Window::new("2024-09-01".parse()?, "2024-09-30".parse()?).ok_or("empty")?;
    /// assert_eq!(w.end().to_string(), "2024-09-30");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn end(self) -> Date {
        self.end
    }

    /// How many days the window holds (at least 1).
    ///
    /// ```
    /// use implsci::coaching::measures::Window;
    /// let w = Window::new("2024-02-01".parse()?, "2024-02-29".parse()?).ok_or("empty")?;
    /// assert_eq!(w.days(), 29);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn days(self) -> i64 {
        days_between(self.start, self.end) + 1
    }

    /// True when `date` falls in the window (inclusive at both ends).
    ///
    /// ```
    /// use implsci::coaching::measures::Window;
    /// let w = Window::new("2024-09-01".parse()?, "2024-09-30".parse()?).ok_or("empty")?;
    /// assert!(w.contains("2024-09-01".parse()?));
    /// assert!(!w.contains("2024-10-01".parse()?));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn contains(self, date: Date) -> bool {
        self.start <= date && date <= self.end
    }
}

/// Coaching in a window, as of a date. Made by [`coaching_report`](super::coaching_report).
///
/// ```
/// use implsci::coaching::measures::{coaching_report, Window};
/// let w = Window::new("2024-09-01".parse()?, "2024-09-30".parse()?).ok_or("empty")?;
/// let report = coaching_report::<implsci::event::Event>(&[], w, "2024-09-30".parse()?);
/// assert!(report.practitioners.is_empty() && report.coaches.is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct CoachingReport {
    /// The window of analysis.
    pub window: Window,
    /// The date overdue plans are judged on.
    #[schemars(schema_with = "crate::date::schema")]
    pub as_of: Date,
    /// Per practitioner, by id.
    pub practitioners: Vec<PractitionerCoaching>,
    /// Per coach, by id.
    pub coaches: Vec<CoachCoaching>,
    /// Per practitioner who attended any training in the log, their first, by practitioner id.
    pub training: Vec<FirstTraining>,
    /// Steps in the window whose plan is not in the log: counted for their practitioner, not
    /// for any coach.
    pub steps_without_plan: u64,
}

/// One practitioner's coaching in the window. Part of a [`CoachingReport`].
///
/// ```
/// use implsci::coaching::measures::{coaching_report, Window};
/// use implsci::coaching::{CoachingFormat, CoachingPlan};
/// use implsci::event::Event;
///
/// let plan = CoachingPlan::new("plan-1".parse()?, "2024-09-01".parse()?, "coach-1".parse()?,
///     vec!["p-1".parse()?], CoachingFormat::Remote, 14, "2024-09-01".parse()?);
/// let w = Window::new("2024-09-01".parse()?, "2024-09-28".parse()?).ok_or("empty")?;
/// let report = coaching_report(&[Event::CoachingPlan(plan)], w, "2024-09-28".parse()?);
/// let p = &report.practitioners[0];
/// assert_eq!(p.planned_cycles, 2);
/// assert_eq!(p.delivered.percent(), Some(0.0)); // planned, none delivered
/// assert_eq!(p.overdue.len(), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct PractitionerCoaching {
    /// The practitioner.
    pub practitioner: PractitionerId,
    /// Distinct cycles with at least one of the practitioner's steps in the window.
    pub cycles: u64,
    /// Of those, the cycles with all five steps recorded on or before the window's end.
    pub cycles_complete: u64,
    /// The practitioner's coaching hours: steps in the window; a step without hours counts 0.
    /// Summed per cycle and then in cycle-id order, so the sum does not depend on the order of
    /// the log's lines, to the last bit.
    pub hours: f64,
    /// Cycles the practitioner's plans call for in the window (see [`coaching_report`](super::coaching_report)).
    pub planned_cycles: u64,
    /// Complete cycles out of planned cycles; not computable when none is planned. It can
    /// exceed 100% when more cycles are completed than planned.
    pub delivered: Share,
    /// The cycles counted in `cycles` that are not complete, with the steps they miss.
    pub incomplete: Vec<IncompleteCycle>,
    /// The practitioner's plans that are overdue as of the report's date.
    pub overdue: Vec<OverduePlan>,
}

/// A cycle started but missing steps. Part of [`PractitionerCoaching`].
///
/// ```
/// use implsci::coaching::measures::{coaching_report, Window};
/// use implsci::coaching::{CoachingStep, CycleStep};
/// use implsci::event::Event;
///
/// let step = CoachingStep::new("e-1".parse()?, "2024-09-03".parse()?, "plan-1".parse()?,
///     "cycle-1".parse()?, "p-1".parse()?, CycleStep::Plan);
/// let w = Window::new("2024-09-01".parse()?, "2024-09-30".parse()?).ok_or("empty")?;
/// let report = coaching_report(&[Event::CoachingStep(step)], w, "2024-09-30".parse()?);
/// let cycle = &report.practitioners[0].incomplete[0];
/// assert_eq!(cycle.missing.len(), 4);
/// assert_eq!(report.steps_without_plan, 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct IncompleteCycle {
    /// The cycle.
    pub cycle: EventId,
    /// The steps not recorded on or before the window's end, in cycle order.
    pub missing: Vec<CycleStep>,
}

/// A plan with no step in its last period. Part of [`PractitionerCoaching`].
///
/// ```
/// use implsci::coaching::measures::{coaching_report, Window};
/// use implsci::coaching::{CoachingFormat, CoachingPlan};
/// use implsci::event::Event;
///
/// let plan = CoachingPlan::new("plan-1".parse()?, "2024-09-01".parse()?, "coach-1".parse()?,
///     vec!["p-1".parse()?], CoachingFormat::InPerson, 14, "2024-09-01".parse()?);
/// let w = Window::new("2024-09-01".parse()?, "2024-09-30".parse()?).ok_or("empty")?;
/// let report = coaching_report(&[Event::CoachingPlan(plan)], w, "2024-09-20".parse()?);
/// let overdue = &report.practitioners[0].overdue[0];
/// assert_eq!(overdue.plan.as_str(), "plan-1");
/// assert_eq!(overdue.last_step, None);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct OverduePlan {
    /// The plan.
    pub plan: EventId,
    /// The plan's frequency: one cycle every this many days.
    pub every_days: u32,
    /// The practitioner's latest step of the plan on or before the report's date, if any.
    #[schemars(schema_with = "crate::date::optional_schema")]
    pub last_step: Option<Date>,
}

/// One coach's coaching in the window. Part of a [`CoachingReport`].
///
/// ```
/// use implsci::coaching::measures::{coaching_report, Window};
/// use implsci::event::{parse_log, Event};
///
/// let log = parse_log(&std::fs::read("tests/fixtures/events/valid.jsonl")?);
/// let events: Vec<Event> = log.records.into_iter().map(|r| r.value).collect();
/// let w = Window::new("2024-09-01".parse()?, "2024-09-30".parse()?).ok_or("empty")?;
/// let coach = &coaching_report(&events, w, "2024-09-30".parse()?).coaches[0];
/// assert_eq!((coach.coach.as_str(), coach.cycles, coach.hours), ("coach-wake-1", 1, 1.5));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct CoachCoaching {
    /// The coach.
    pub coach: CoachId,
    /// Distinct cycles with a step in the window under one of the coach's plans.
    pub cycles: u64,
    /// Hours of those steps; a step without hours counts 0. Summed in practitioner-id, then
    /// cycle-id order, so the sum does not depend on the order of the log's lines.
    pub hours: f64,
    /// The practitioners with a step in the window under one of the coach's plans, by id.
    pub practitioners: Vec<PractitionerId>,
}

/// A practitioner's first training. Part of a [`CoachingReport`].
///
/// ```
/// use implsci::coaching::measures::{coaching_report, Window};
/// use implsci::coaching::Training;
/// use implsci::event::Event;
///
/// let early = Training::new("e-1".parse()?, "2024-08-20".parse()?, "CICO", vec!["p-1".parse()?]);
/// let late = Training::new("e-2".parse()?, "2024-10-01".parse()?, "Booster", vec!["p-1".parse()?]);
/// let w = Window::new("2024-09-01".parse()?, "2024-09-30".parse()?).ok_or("empty")?;
/// let report = coaching_report(&[Event::Training(late), Event::Training(early)], w, "2024-09-30".parse()?);
/// assert_eq!(report.training[0].date.to_string(), "2024-08-20");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct FirstTraining {
    /// The practitioner.
    pub practitioner: PractitionerId,
    /// The date of the first training they attended.
    #[schemars(schema_with = "crate::date::schema")]
    pub date: Date,
    /// That training (of two on the same day, the earlier in the log).
    pub training: EventId,
}
