//! The log's references checked against the implementation system: every coach, practitioner
//! and unit an event names should be one the system has.
//!
//! A log is written by the teams' data systems and the system document by whoever keeps the
//! organization chart, so the two drift: a practitioner who left, a coach id mistyped, a school
//! renamed. A dangling reference does not stop the measures (a coaching report counts what the
//! log says), but a rollup up the system leaves the practitioner out, so the check is worth
//! running before reading a rollup. [`ReferenceCheck`] is a [`Measure`], so it runs in the
//! same pass as the other measures of a log.
//!
//! Checked, each a [`ProblemKind::DanglingReference`] at `$.events[i].field` (or
//! `$.events[i].field[j]` for a list), where `i` counts the events in the order added, from 0:
//!
//! | event | field | against |
//! |---|---|---|
//! | `coaching_plan` | `coach` | the system's coaches |
//! | `coaching_plan` | `practitioners[j]` | the system's practitioners |
//! | `coaching_step` | `practitioner` | the system's practitioners |
//! | `training` | `attendees[j]` | the system's practitioners |
//! | `pdsa_step` | `unit` | the system's units |
//! | `stage_change` | `site` | the system's units |
//!
//! A coaching plan whose id an earlier plan has is a [`ProblemKind::DuplicateId`] at
//! `$.events[i].id`: the coaching measures count the first plan with an id and ignore the
//! others, by the rule the loop report applies to loop items raised twice.
//!
//! Not checked here: usability-test cycles name no unit (only a test and an innovation, which
//! the system does not hold); innovations are not in the system; the practice–policy loop
//! events (`loop_raised`, `loop_hop`, `loop_resolved`) are checked by the loop report
//! ([`loop_report`](crate::improvement::loops::loop_report)), which reports their units, teams
//! and items in [`LoopReport::problems`](crate::improvement::loops::LoopReport::problems) with
//! the same paths; a coaching step's `plan` is a reference within the log, counted by the
//! coaching report ([`CoachingReport::steps_without_plan`](crate::coaching::measures::CoachingReport::steps_without_plan)).
//!
//! ```
//! use implsci::event::{parse_log, references::check_references, Event};
//! use implsci::system::System;
//!
//! let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
//! let log = parse_log(concat!(
//!     r#"{"kind": "training", "id": "e-1", "date": "2024-08-20", "training": "CICO", "attendees": ["lincoln-t1", "lincon-t2"]}"#, "\n",
//!     r#"{"kind": "stage_change", "id": "e-2", "date": "2024-04-01", "site": "lincoln-es", "innovation": "cico", "stage": "installation"}"#, "\n",
//! ).as_bytes());
//! let events: Vec<Event> = log.records.into_iter().map(|r| r.value).collect();
//! let problems = check_references(&system, &events);
//! assert_eq!(problems.len(), 1);
//! assert_eq!(problems[0].path, "$.events[0].attendees[1]");
//! assert_eq!(problems[0].id.as_deref(), Some("lincon-t2"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use super::Event;
use super::measure::{Measure, fold};
use std::collections::HashSet;

use crate::error::{Problem, ProblemKind, did_you_mean, duplicate_event};
use crate::id::{EventId, PractitionerId, Suggest};
use crate::system::System;

/// The kinds of thing an event names in the system.
#[derive(Debug, Clone, Copy)]
enum Thing {
    Coach,
    Practitioner,
    Unit,
}

impl Thing {
    fn name(self) -> &'static str {
        match self {
            Self::Coach => "coach",
            Self::Practitioner => "practitioner",
            Self::Unit => "unit",
        }
    }

    /// The system's ids of this kind, in document order: the candidates of a suggestion.
    fn ids(self, system: &System) -> Box<dyn Iterator<Item = &str> + '_> {
        let doc = system.document();
        match self {
            Self::Coach => Box::new(doc.coaches.iter().map(|c| c.id.as_str())),
            Self::Practitioner => Box::new(doc.practitioners.iter().map(|p| p.id.as_str())),
            Self::Unit => Box::new(doc.units.iter().map(|u| u.id.as_str())),
        }
    }
}

/// Checks each event's references against a system as the events are added; the report is
/// the dangling references, in event order (and field order within an event).
///
/// Each reference costs one hash lookup in the system's id tables; nothing is kept but the
/// problems found. A dangling reference's message names the closest id of its kind in the
/// system, where one is close; that search is bounded per reference and per check, and its
/// answer remembered for a reference that recurs.
///
/// ```
/// use implsci::coaching::{CoachingFormat, CoachingPlan};
/// use implsci::event::Event;
/// use implsci::event::measure::{Measure, fold};
/// use implsci::event::references::ReferenceCheck;
/// use implsci::system::System;
///
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let plan = CoachingPlan::new("e-1".parse()?, "2024-09-02".parse()?, "coach-wake-9".parse()?,
///     vec!["lincoln-t1".parse()?], CoachingFormat::InPerson, 14, "2024-09-02".parse()?);
/// let problems = fold(&[Event::CoachingPlan(plan)], ReferenceCheck::new(&system));
/// assert_eq!(problems[0].path, "$.events[0].coach");
/// assert_eq!(problems[0].to_string(),
///     "$.events[0].coach: dangling_reference: coaching plan `e-1` names coach `coach-wake-9`, \
///      not in the system; did you mean `coach-wake-1`? (id: coach-wake-9)");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct ReferenceCheck<'s> {
    system: &'s System,
    /// The index of the next event added.
    next: usize,
    problems: Vec<Problem>,
    suggest: Suggest,
    /// The ids of the coaching plans added so far.
    plans: HashSet<EventId>,
}

impl<'s> ReferenceCheck<'s> {
    /// A check against `system`, before any event.
    ///
    /// ```
    /// use implsci::coaching::Training;
    /// use implsci::event::{Event, measure::Measure, references::ReferenceCheck};
    /// use implsci::system::System;
    ///
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// let mut check = ReferenceCheck::new(&system);
    /// check.add(&Event::Training(Training::new("e-1".parse()?, "2024-08-20".parse()?, "CICO", vec!["lincon-t2".parse()?])));
    /// assert_eq!(check.finish()[0].path, "$.events[0].attendees[0]"); // the first event added
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn new(system: &'s System) -> Self {
        Self {
            system,
            next: 0,
            problems: Vec::new(),
            suggest: Suggest::default(),
            plans: HashSet::new(),
        }
    }

    /// Records a dangling reference of event `i` to a `thing`, with the closest id of that
    /// kind.
    fn dangling(&mut self, i: usize, field: &str, message: String, thing: Thing, id: &str) {
        let system = self.system;
        let suggestion = self.suggest.closest(thing.name(), id, || thing.ids(system));
        self.problems.push(
            Problem::new(
                format!("$.events[{i}].{field}"),
                ProblemKind::DanglingReference,
                did_you_mean(message, suggestion.as_deref()),
            )
            .with_id(id),
        );
    }

    /// Flags each practitioner of `list` the system does not have, at `field[j]`.
    fn practitioners(&mut self, i: usize, event: &Event, field: &str, list: &[PractitionerId]) {
        for (j, p) in list.iter().enumerate() {
            if self.system.practitioner(p.as_str()).is_none() {
                let message = format!(
                    "{} `{}` names practitioner `{p}`, not in the system",
                    what(event),
                    event.id()
                );
                let field = format!("{field}[{j}]");
                self.dangling(i, &field, message, Thing::Practitioner, p.as_str());
            }
        }
    }

    /// Flags a practitioner, unit or coach the system does not have, at `field`.
    fn single(&mut self, i: usize, event: &Event, field: &str, thing: Thing, id: &str) {
        let message = format!(
            "{} `{}` names {} `{id}`, not in the system",
            what(event),
            event.id(),
            thing.name()
        );
        self.dangling(i, field, message, thing, id);
    }
}

impl Measure<Event> for ReferenceCheck<'_> {
    type Report = Vec<Problem>;

    fn add(&mut self, event: &Event) {
        let i = self.next;
        self.next += 1;
        let system = self.system;
        match event {
            Event::CoachingPlan(plan) => {
                // The coaching measures keep the first plan with an id, as the loop report
                // keeps the first item raised with one.
                if !self.plans.insert(plan.id.clone()) {
                    let problem = duplicate_event(i, "coaching plan", plan.id.as_str(), "given");
                    self.problems.push(problem);
                }
                if system.coach(plan.coach.as_str()).is_none() {
                    self.single(i, event, "coach", Thing::Coach, plan.coach.as_str());
                }
                self.practitioners(i, event, "practitioners", &plan.practitioners);
            }
            Event::CoachingStep(step) => {
                if system.practitioner(step.practitioner.as_str()).is_none() {
                    let id = step.practitioner.as_str();
                    self.single(i, event, "practitioner", Thing::Practitioner, id);
                }
            }
            Event::Training(training) => {
                self.practitioners(i, event, "attendees", &training.attendees);
            }
            Event::PdsaStep(step) => {
                if system.unit(step.unit.as_str()).is_none() {
                    self.single(i, event, "unit", Thing::Unit, step.unit.as_str());
                }
            }
            Event::StageChange(change) => {
                if system.unit(change.site.as_str()).is_none() {
                    self.single(i, event, "site", Thing::Unit, change.site.as_str());
                }
            }
            // Usability cycles name no unit; loop events are checked by the loop report.
            Event::UsabilityCycle(_)
            | Event::LoopRaised(_)
            | Event::LoopHop(_)
            | Event::LoopResolved(_) => {}
        }
    }

    fn finish(self) -> Vec<Problem> {
        self.problems
    }
}

/// The dangling references of `events` against `system`, in event order: [`ReferenceCheck`]
/// folded over the slice, so `$.events[i]` is `events[i]`.
///
/// ```
/// use implsci::event::{parse_log, references::check_references, Event};
/// use implsci::system::System;
///
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let log = parse_log(&std::fs::read("examples/data/state_events.jsonl")?);
/// let events: Vec<Event> = log.records.into_iter().map(|r| r.value).collect();
/// assert!(check_references(&system, &events).is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn check_references(system: &System, events: &[Event]) -> Vec<Problem> {
    fold(events, ReferenceCheck::new(system))
}

/// The event, in words, for messages.
fn what(event: &Event) -> &'static str {
    match event {
        Event::CoachingPlan(_) => "coaching plan",
        Event::CoachingStep(_) => "coaching step",
        Event::Training(_) => "training",
        Event::PdsaStep(_) => "PDSA step",
        Event::UsabilityCycle(_) => "usability cycle",
        Event::LoopRaised(_) => "loop item",
        Event::LoopHop(_) => "loop hop",
        Event::LoopResolved(_) => "loop resolution",
        Event::StageChange(_) => "stage change",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coaching::{CoachingFormat, CoachingPlan, CoachingStep, CycleStep, Training};
    use crate::event::parse_log;
    use crate::improvement::{
        HopDirection, LoopHop, LoopItemKind, LoopRaised, PdsaPhase, PdsaStep, UsabilityCycle,
    };
    use crate::stage::{Stage, StageChange};

    fn system() -> System {
        let json = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/examples/data/state_system.json"
        ))
        .expect("the example system is shipped");
        System::from_json(&json).expect("the example system is valid")
    }

    fn id<T: std::str::FromStr>(s: &str) -> T
    where
        T::Err: std::fmt::Debug,
    {
        s.parse().expect("a valid id")
    }

    fn date(s: &str) -> jiff::civil::Date {
        s.parse().expect("a valid date")
    }

    /// The (path, id) of each problem.
    fn found(events: &[Event]) -> Vec<(String, String)> {
        check_references(&system(), events)
            .into_iter()
            .inspect(|p| assert_eq!(p.kind, ProblemKind::DanglingReference))
            .map(|p| (p.path, p.id.unwrap_or_default()))
            .collect()
    }

    fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
        expected
            .iter()
            .map(|&(p, i)| (p.to_owned(), i.to_owned()))
            .collect()
    }

    #[test]
    fn coaching_plan_with_an_unknown_coach_and_practitioner() {
        let plan = CoachingPlan::new(
            id("e-1"),
            date("2024-09-02"),
            id("coach-nowhere"),
            vec![id("lincoln-t1"), id("lincoln-t99"), id("lincoln-t2")],
            CoachingFormat::InPerson,
            14,
            date("2024-09-02"),
        );
        let good = CoachingPlan::new(
            id("e-2"),
            date("2024-09-02"),
            id("coach-wake-1"),
            vec![id("lincoln-t1")],
            CoachingFormat::Remote,
            14,
            date("2024-09-02"),
        );
        assert_eq!(
            found(&[Event::CoachingPlan(good), Event::CoachingPlan(plan)]),
            pairs(&[
                ("$.events[1].coach", "coach-nowhere"),
                ("$.events[1].practitioners[1]", "lincoln-t99"),
            ])
        );
    }

    #[test]
    fn coaching_step_with_an_unknown_practitioner() {
        let step = |p: &str| {
            Event::CoachingStep(CoachingStep::new(
                id("e-1"),
                date("2024-09-09"),
                id("plan-1"),
                id("cycle-1"),
                id(p),
                CycleStep::Plan,
            ))
        };
        assert_eq!(
            found(&[step("lincoln-t1"), step("ghost")]),
            pairs(&[("$.events[1].practitioner", "ghost")])
        );
    }

    #[test]
    fn training_with_unknown_attendees() {
        let training = Training::new(
            id("e-1"),
            date("2024-08-20"),
            "CICO",
            vec![id("ghost-1"), id("lincoln-t1"), id("ghost-2")],
        );
        assert_eq!(
            found(&[Event::Training(training)]),
            pairs(&[
                ("$.events[0].attendees[0]", "ghost-1"),
                ("$.events[0].attendees[2]", "ghost-2"),
            ])
        );
    }

    #[test]
    fn pdsa_step_with_an_unknown_unit() {
        let step = |unit: &str| {
            Event::PdsaStep(PdsaStep::new(
                id("e-1"),
                date("2025-01-06"),
                id("pdsa-1"),
                id(unit),
                PdsaPhase::Plan,
            ))
        };
        assert_eq!(
            found(&[step("wake"), step("wake"), step("raleigh")]),
            pairs(&[("$.events[2].unit", "raleigh")])
        );
    }

    #[test]
    fn stage_change_with_an_unknown_site() {
        let change = StageChange::new(
            id("e-1"),
            date("2024-04-01"),
            id("lincoln-middle"),
            id("check-in-check-out"),
            Stage::Installation,
        );
        assert_eq!(
            found(&[Event::StageChange(change)]),
            pairs(&[("$.events[0].site", "lincoln-middle")])
        );
    }

    #[test]
    fn usability_cycles_and_loop_events_are_left_alone() {
        // The loop report checks loop events (a unit and teams not in the system here).
        let events = [
            Event::UsabilityCycle(UsabilityCycle::new(
                id("e-1"),
                date("2023-11-01"),
                id("ut-1"),
                5,
            )),
            Event::LoopRaised(LoopRaised::new(
                id("e-2"),
                date("2024-10-01"),
                id("atlantis-es"),
                LoopItemKind::Barrier,
                "No bus",
            )),
            Event::LoopHop(LoopHop::new(
                id("e-3"),
                date("2024-10-02"),
                id("e-2"),
                id("atlantis-bit"),
                id("atlantis-dit"),
                HopDirection::Up,
            )),
        ];
        assert!(found(&events).is_empty());
    }

    #[test]
    fn indices_count_every_event_added() {
        let training = |i: &str, p: &str| {
            Event::Training(Training::new(
                id(i),
                date("2024-08-20"),
                "CICO",
                vec![id(p)],
            ))
        };
        let events = [
            training("e-1", "ghost"),
            training("e-2", "lincoln-t1"),
            training("e-3", "ghost"),
        ];
        let system = system();
        let mut check = ReferenceCheck::new(&system);
        for e in &events {
            check.add(e);
        }
        let problems = check.finish();
        let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(
            paths,
            ["$.events[0].attendees[0]", "$.events[2].attendees[0]"]
        );
        assert_eq!(
            problems[1].message,
            "training `e-3` names practitioner `ghost`, not in the system"
        );
    }

    #[test]
    fn the_example_log_has_no_dangling_references() {
        let bytes = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/examples/data/state_events.jsonl"
        ))
        .expect("the example log is shipped");
        let log = parse_log(&bytes);
        assert!(log.refused.is_empty());
        let events: Vec<Event> = log.records.into_iter().map(|r| r.value).collect();
        assert_eq!(events.len(), 52);
        assert_eq!(check_references(&system(), &events), []);
    }
}
