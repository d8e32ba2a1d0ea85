//! Usability tests read from the event log: the cycles of each test, in date order, and how many
//! users each cycle had.
//!
//! Source: NIRN Active Implementation Hub, module 5 "Improvement Cycles" (usability testing as a
//! series of small PDSA cycles, 4–5 users per cycle, 4–5 cycles, about 20 users). The cycles of a
//! usability test are [`UsabilityCycle`] events; the PDSA cycles themselves are read by the
//! [`pdsa`](super::pdsa) module.
//!
//! [`UsabilityMeasure`] derives the tests in one pass over a log; [`usability_tests`] folds it
//! over a slice.
//!
//! Nothing here judges a usability test as a pass or a failure: [`usability_tests`] reports the
//! counts, and [`UsabilityGuideline`] is a parameter a caller may compare them with.
//!
//! ```
//! use implsci::event::Event;
//! use implsci::improvement::UsabilityCycle;
//! use implsci::improvement::usability::{usability_tests, RangeFit, UsabilityGuideline};
//!
//! let events = [
//!     Event::UsabilityCycle(UsabilityCycle::new("e-1".parse()?, "2024-02-01".parse()?, "ut-1".parse()?, 5)),
//!     Event::UsabilityCycle(UsabilityCycle::new("e-2".parse()?, "2024-02-08".parse()?, "ut-1".parse()?, 4)),
//! ];
//! let tests = usability_tests(&events);
//! assert_eq!(tests[0].users_per_cycle, [5, 4]);
//! assert_eq!(tests[0].total_users, 9);
//! assert_eq!(UsabilityGuideline::default().check(&tests[0]).cycles, RangeFit::Below); // 2 of 4–5
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::HashMap;

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::UsabilityCycle;
use super::pdsa::count;
use crate::id::{EventId, InnovationId};
use crate::measure::{AsKind, Measure, fold};

/// One cycle of a usability test, as reported.
///
/// ```
/// use implsci::event::measure::measure_log;
/// use implsci::improvement::usability::{UsabilityMeasure};
///
/// let log = std::fs::File::open("examples/data/state_events.jsonl")?;
/// let tests = measure_log(log, UsabilityMeasure::new())?.report;
/// let first = &tests[0].cycles[0];
/// assert_eq!((first.date.to_string(), first.users), ("2023-11-01".to_string(), 5));
/// assert_eq!(first.changes, ["Shorter point card"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct UsabilityTestCycle {
    /// The cycle's event id.
    pub id: EventId,
    /// When it ended.
    #[schemars(schema_with = "crate::date::schema")]
    pub date: Date,
    /// Its users.
    pub users: u32,
    /// What changed after it.
    pub changes: Vec<String>,
}

/// A usability test: its cycles in date order and the counts.
///
/// The counts are reported, not judged; compare them with a [`UsabilityGuideline`] if wanted.
///
/// ```
/// use implsci::event::measure::measure_log;
/// use implsci::improvement::usability::{UsabilityMeasure};
///
/// let log = std::fs::File::open("examples/data/state_events.jsonl")?;
/// let tests = measure_log(log, UsabilityMeasure::new())?.report;
/// let test = &tests[0];
/// assert_eq!(test.innovation.as_ref().map(|i| i.as_str()), Some("check-in-check-out"));
/// assert_eq!((test.cycle_count, test.total_users), (3, 14));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct UsabilityTest {
    /// The test's id.
    pub test: EventId,
    /// The innovation tested: the first one its cycles name.
    pub innovation: Option<InnovationId>,
    /// Cycles run.
    pub cycle_count: u64,
    /// Users in each cycle, in date order.
    pub users_per_cycle: Vec<u32>,
    /// Users over all cycles.
    pub total_users: u64,
    /// The cycles, in date order (log order among equal dates).
    pub cycles: Vec<UsabilityTestCycle>,
}

/// The usability tests of an event log, one per `test` id, in order of first appearance.
///
/// Events other than [`UsabilityCycle`] are ignored.
///
/// Source: NIRN module 5, "Improvement Cycles": usability testing as a series of small PDSA
/// cycles.
///
/// ```
/// use implsci::event::Event;
/// use implsci::improvement::UsabilityCycle;
/// use implsci::improvement::usability::usability_tests;
///
/// let events = [
///     Event::UsabilityCycle(UsabilityCycle::new("e-2".parse()?, "2024-02-15".parse()?, "ut-1".parse()?, 4)),
///     Event::UsabilityCycle(UsabilityCycle::new("e-1".parse()?, "2024-02-01".parse()?, "ut-1".parse()?, 5)),
/// ];
/// let tests = usability_tests(&events);
/// assert_eq!(tests[0].cycle_count, 2);
/// assert_eq!(tests[0].users_per_cycle, [5, 4]);
/// assert_eq!(tests[0].total_users, 9);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn usability_tests<E: AsKind<UsabilityCycle>>(events: &[E]) -> Vec<UsabilityTest> {
    fold(events, UsabilityMeasure::new())
}

/// [`usability_tests`] derived one event at a time: the one-pass form of it, as a [`Measure`]
/// over a log read once, with the same tests for the same events in the same order.
///
/// It keeps only the [`UsabilityCycle`] events, grouped by test; any other event costs only a
/// match.
///
/// Source: NIRN module 5, "Improvement Cycles": usability testing as a series of small PDSA
/// cycles.
///
/// ```
/// use implsci::event::measure::measure_log;
/// use implsci::improvement::usability::UsabilityMeasure;
///
/// let log = std::fs::File::open("examples/data/state_events.jsonl")?;
/// let tests = measure_log(log, UsabilityMeasure::new())?.report;
/// assert_eq!(tests[0].test.as_str(), "ut-cico");
/// assert_eq!(tests[0].users_per_cycle, [5, 4, 5]);
/// assert_eq!(tests[0].total_users, 14);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct UsabilityMeasure {
    /// The cycles of each test, in log order; tests in order of first appearance.
    groups: Vec<Vec<UsabilityCycle>>,
    /// The position of each test in `groups`.
    index: HashMap<EventId, usize>,
}

impl UsabilityMeasure {
    /// A measure of the usability tests of a log.
    ///
    /// ```
    /// use implsci::event::{measure::Measure, Event};
    /// use implsci::improvement::UsabilityCycle;
    /// use implsci::improvement::usability::UsabilityMeasure;
    ///
    /// let mut measure = UsabilityMeasure::new();
    /// measure.add(&Event::UsabilityCycle(UsabilityCycle::new("e-1".parse()?, "2024-02-01".parse()?, "ut-1".parse()?, 5)));
    /// let tests = measure.finish();
    /// assert_eq!((tests.len(), tests[0].total_users), (1, 5));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a cycle to its group, starting the group at its first cycle.
    fn keep(&mut self, cycle: &UsabilityCycle) {
        let i = if let Some(&i) = self.index.get(&cycle.test) {
            i
        } else {
            // Cloned once per group, not once per event.
            self.index.insert(cycle.test.clone(), self.groups.len());
            self.groups.push(Vec::new());
            self.groups.len() - 1
        };
        self.groups[i].push(cycle.clone());
    }
}

impl<E: AsKind<UsabilityCycle>> Measure<E> for UsabilityMeasure {
    type Report = Vec<UsabilityTest>;

    /// Any other event costs only a match; a cycle is kept out of line.
    #[inline]
    fn add(&mut self, event: &E) {
        if let Some(cycle) = event.as_kind() {
            self.keep(cycle);
        }
    }

    fn finish(self) -> Vec<UsabilityTest> {
        UsabilityMeasure::finish(self)
    }
}

impl UsabilityMeasure {
    /// The report over every event added: what [`Measure::finish`] gives, callable without
    /// naming the event type.
    ///
    /// ```
    /// use implsci::improvement::usability::UsabilityMeasure;
    /// assert!(UsabilityMeasure::new().finish().is_empty()); // no event added
    /// ```
    #[must_use]
    pub fn finish(self) -> Vec<UsabilityTest> {
        self.groups
            .into_iter()
            .map(|mut cycles| {
                cycles.sort_by_key(|c| c.date); // stable: log order among equal dates
                UsabilityTest {
                    // A group exists because a cycle does.
                    test: cycles[0].test.clone(),
                    innovation: cycles.iter().find_map(|c| c.innovation.clone()),
                    cycle_count: count(cycles.len()),
                    users_per_cycle: cycles.iter().map(|c| c.users).collect(),
                    total_users: cycles.iter().map(|c| u64::from(c.users)).sum(),
                    cycles: cycles
                        .into_iter()
                        .map(|c| UsabilityTestCycle {
                            id: c.id,
                            date: c.date,
                            users: c.users,
                            changes: c.changes,
                        })
                        .collect(),
                }
            })
            .collect()
    }
}

/// A guideline for usability tests: users per cycle and number of cycles, each an inclusive
/// range `(low, high)`. A parameter, not a rule of this crate: the sources give it as guidance.
///
/// Source: NIRN module 5, "Improvement Cycles" (4–5 users per cycle, 4–5 cycles, about 20 users);
/// the default.
///
/// ```
/// use implsci::improvement::usability::UsabilityGuideline;
/// let g = UsabilityGuideline::default();
/// assert_eq!((g.users_per_cycle, g.cycles), ((4, 5), (4, 5)));
/// let wider = UsabilityGuideline { users_per_cycle: (3, 6), cycles: (3, 6) };
/// assert_eq!(serde_json::to_string(&wider)?, r#"{"users_per_cycle":[3,6],"cycles":[3,6]}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UsabilityGuideline {
    /// Users per cycle, `(low, high)` inclusive.
    pub users_per_cycle: (u32, u32),
    /// Cycles per test, `(low, high)` inclusive.
    pub cycles: (u32, u32),
}

impl Default for UsabilityGuideline {
    /// 4–5 users per cycle, 4–5 cycles (NIRN module 5).
    fn default() -> Self {
        Self {
            users_per_cycle: (4, 5),
            cycles: (4, 5),
        }
    }
}

/// Where a count falls against an inclusive range.
///
/// ```
/// use implsci::event::measure::measure_log;
/// use implsci::improvement::usability::{RangeFit, UsabilityGuideline, UsabilityMeasure};
///
/// let log = std::fs::File::open("examples/data/state_events.jsonl")?;
/// let tests = measure_log(log, UsabilityMeasure::new())?.report;
/// let check = UsabilityGuideline::default().check(&tests[0]); // 4–5 users, 4–5 cycles
/// assert_eq!(check.cycles, RangeFit::Below); // 3 cycles
/// let narrow = UsabilityGuideline { users_per_cycle: (4, 4), cycles: (1, 3) };
/// assert_eq!(narrow.check(&tests[0]).users_per_cycle[0], RangeFit::Above); // 5 users
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RangeFit {
    /// Under the low end.
    Below,
    /// From the low end to the high end.
    Within,
    /// Over the high end.
    Above,
}

impl RangeFit {
    /// Where `n` falls in `(low, high)`; with `low > high` nothing is within.
    fn of(n: u64, (low, high): (u32, u32)) -> Self {
        if n < u64::from(low) {
            Self::Below
        } else if n > u64::from(high) {
            Self::Above
        } else {
            Self::Within
        }
    }
}

/// A usability test compared with a [`UsabilityGuideline`].
///
/// ```
/// use implsci::event::measure::measure_log;
/// use implsci::improvement::usability::{RangeFit, UsabilityGuideline, UsabilityMeasure};
///
/// let log = std::fs::File::open("examples/data/state_events.jsonl")?;
/// let tests = measure_log(log, UsabilityMeasure::new())?.report;
/// let check = UsabilityGuideline::default().check(&tests[0]);
/// assert_eq!(check.users_per_cycle, [RangeFit::Within; 3]); // 5, 4 and 5 users
/// assert_eq!(check.overall, RangeFit::Below); // only 3 cycles
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct GuidelineCheck {
    /// The number of cycles against the guideline's range.
    pub cycles: RangeFit,
    /// Each cycle's users against the guideline's range, in date order.
    pub users_per_cycle: Vec<RangeFit>,
    /// Within when the cycle count and every cycle's users are within.
    pub overall: RangeFit,
}

impl GuidelineCheck {
    /// True when the test is within the guideline on every count.
    ///
    /// ```
    /// use implsci::event::measure::measure_log;
    /// use implsci::improvement::usability::{UsabilityGuideline, UsabilityMeasure};
    ///
    /// let log = std::fs::File::open("examples/data/state_events.jsonl")?;
    /// let tests = measure_log(log, UsabilityMeasure::new())?.report;
    /// assert!(!UsabilityGuideline::default().check(&tests[0]).is_within()); // 3 cycles of 4–5
    /// let three = UsabilityGuideline { users_per_cycle: (4, 5), cycles: (3, 5) };
    /// assert!(three.check(&tests[0]).is_within());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn is_within(&self) -> bool {
        self.overall == RangeFit::Within
    }
}

impl UsabilityGuideline {
    /// Compares a test with the guideline. `overall` is `Within` when everything is, else
    /// `Below` when the cycle count or any cycle falls below and none above, else `Above`.
    ///
    /// ```
    /// use implsci::event::Event;
    /// use implsci::improvement::UsabilityCycle;
    /// use implsci::improvement::usability::{usability_tests, RangeFit, UsabilityGuideline};
    ///
    /// let events: Vec<Event> = [("e-1", "2024-02-01", 5), ("e-2", "2024-02-08", 4), ("e-3", "2024-02-15", 5)]
    ///     .into_iter()
    ///     .map(|(id, date, users)| -> Result<Event, Box<dyn std::error::Error>> {
    ///         Ok(Event::UsabilityCycle(UsabilityCycle::new(id.parse()?, date.parse()?, "ut-1".parse()?, users)))
    ///     })
    ///     .collect::<Result<_, _>>()?;
    /// let test = &usability_tests(&events)[0];
    /// let check = UsabilityGuideline::default().check(test);
    /// assert_eq!(check.cycles, RangeFit::Below); // 3 cycles, 4–5 suggested
    /// assert!(!check.is_within());
    /// assert!(UsabilityGuideline { users_per_cycle: (4, 5), cycles: (3, 5) }.check(test).is_within());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn check(&self, test: &UsabilityTest) -> GuidelineCheck {
        let cycles = RangeFit::of(test.cycle_count, self.cycles);
        let users_per_cycle: Vec<RangeFit> = test
            .users_per_cycle
            .iter()
            .map(|&u| RangeFit::of(u64::from(u), self.users_per_cycle))
            .collect();
        let all = || std::iter::once(cycles).chain(users_per_cycle.iter().copied());
        let overall = if all().any(|f| f == RangeFit::Above) {
            RangeFit::Above
        } else if all().any(|f| f == RangeFit::Below) {
            RangeFit::Below
        } else {
            RangeFit::Within
        };
        GuidelineCheck {
            cycles,
            users_per_cycle,
            overall,
        }
    }
}

#[cfg(test)]
mod tests;
