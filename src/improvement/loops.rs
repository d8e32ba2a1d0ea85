//! Practice–policy communication loops, measured: where each barrier or success is, how long
//! loops take to close, which ones cannot reach the level with authority.
//!
//! Source: NIRN Active Implementation Hub, module 5 "Improvement Cycles", practice–policy
//! communication loops (policy-enabled practice, practice-informed policy). A barrier met in
//! practice, or a success worth spreading, travels up the linked implementation teams to the
//! level with the authority to act on it: inside the organization that is facilitative
//! administration, outside it systems intervention (the Organization drivers, NIRN module 2).
//! The response then travels back down to practice, which closes the loop.
//!
//! [`LoopMeasure`] derives the report in one pass over a log; [`loop_report`] folds it over a
//! slice.
//!
//! Definitions used by [`loop_report`]:
//!
//! - An item's *governing unit* is the nearest unit at or above the raising unit that has a
//!   team (the first team of its [communication path](System::communication_path) when the
//!   chain is unbroken).
//! - An item is *resolved* once a [`LoopResolved`] names it, and *closed* once it is resolved
//!   and the response has reached a team of the governing unit: a [`HopDirection::Down`] hop
//!   on or after the resolution date to such a team, or a resolution made by such a team
//!   itself. With no team at or above the raising unit, a resolved item stays resolved.
//! - An open item is *stuck* when the raising unit's chain of support is broken on the date
//!   looked at: the next team up does not exist, so it cannot reach the top. It is *waiting
//!   at the top* when its holder is the last team of the path.
//!
//! ```
//! use implsci::event::Event;
//! use implsci::improvement::loops::{loop_report, LoopStatus};
//! use implsci::improvement::{HopDirection, LoopHop, LoopItemKind, LoopRaised};
//! use implsci::system::System;
//!
//! let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
//! let events = [
//!     Event::LoopRaised(LoopRaised::new("e-1".parse()?, "2024-10-01".parse()?, "lincoln-es".parse()?, LoopItemKind::Barrier, "No time for check-out")),
//!     Event::LoopHop(LoopHop::new("e-2".parse()?, "2024-10-08".parse()?, "e-1".parse()?, "lincoln-bit".parse()?, "wake-dit".parse()?, HopDirection::Up)),
//! ];
//! let report = loop_report(&system, &events, "2024-10-31".parse()?);
//! assert_eq!(report.items[0].status, LoopStatus::Open { held_by: Some("wake-dit".parse()?), age_days: 30 });
//! assert_eq!(report.stuck, 0);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::HashMap;

use jiff::civil::Date;

use super::{
    Authority, HopDirection, LoopEvent, LoopHop, LoopItemKind, LoopRaised, LoopResolved,
    PolicyChange,
};
use crate::error::{Problem, ProblemKind, did_you_mean, duplicate_event};
use crate::id::{EventId, InnovationId, Suggest, TeamId, UnitId};
use crate::measure::{AsKind, Measure, fold};
use crate::share::Share;
use crate::system::System;

mod draft;
mod report;

use draft::Draft;

pub use report::{Hop, LevelOpen, LoopItem, LoopReport, LoopStatus, Position, Resolution};

/// Whole days from `from` to `to` (negative when `to` comes first). Civil dates have no time
/// zone, so every day is 24 hours long.
fn days(from: Date, to: Date) -> i64 {
    from.duration_until(to).as_hours() / 24
}

/// The practice–policy loop report: each loop item's hops, resolution and status on `as_of`,
/// and the aggregates (open items per level with their ages, closure times, the share of
/// resolutions that changed policy, stuck items).
///
/// `events` may come in any order and hold any kind of event; only loop events dated on or
/// before `as_of` count. Paths are taken on `as_of`
/// ([`When::On`](crate::system::When::On)). Unknown references (a hop or resolution for an
/// item never raised, a unit or team not in the system), a hop or
/// resolution dated before its item was raised, a repeated item id and a second resolution are
/// reported in [`LoopReport::problems`] with the index of the event in `events`; this function
/// never fails.
///
/// Source: NIRN module 5, practice–policy communication loops.
///
/// ```
/// use implsci::event::Event;
/// use implsci::improvement::loops::{loop_report, LoopStatus};
/// use implsci::improvement::{Authority, HopDirection, LoopHop, LoopItemKind, LoopRaised, LoopResolved, PolicyChange};
/// use implsci::system::System;
///
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let item: implsci::event::EventId = "e-1".parse()?;
/// let events = [
///     Event::LoopRaised(LoopRaised::new(item.clone(), "2024-10-01".parse()?, "lincoln-es".parse()?, LoopItemKind::Barrier, "No time for check-out")),
///     Event::LoopHop(LoopHop::new("e-2".parse()?, "2024-10-08".parse()?, item.clone(), "lincoln-bit".parse()?, "wake-dit".parse()?, HopDirection::Up)),
///     Event::LoopResolved(LoopResolved::new("e-3".parse()?, "2024-10-15".parse()?, item.clone(), "wake-dit".parse()?, Authority::FacilitativeAdministration, PolicyChange::Changed)),
///     Event::LoopHop(LoopHop::new("e-4".parse()?, "2024-10-20".parse()?, item.clone(), "wake-dit".parse()?, "lincoln-bit".parse()?, HopDirection::Down)),
/// ];
/// let report = loop_report(&system, &events, "2024-12-01".parse()?);
/// assert_eq!(report.items[0].status, LoopStatus::Closed);
/// assert_eq!(report.items[0].closure_days, Some(19));
/// assert_eq!(report.policy_changed.value(), Some(1.0));
/// assert!(report.problems.is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn loop_report<E: LoopEvent>(system: &System, events: &[E], as_of: Date) -> LoopReport {
    fold(events, LoopMeasure::new(system, as_of))
}

/// [`loop_report`] derived one event at a time: the one-pass form of it, as a [`Measure`] over
/// a log read once, with the same report for the same events in the same order.
///
/// It keeps only the loop events ([`LoopRaised`], [`LoopHop`],
/// [`LoopResolved`]) dated on or before `as_of`, each with its index (its
/// position among all the events added, from 0, which problems name as `$.events[i]`), and the
/// earliest raising date of each item id (to tell an item never raised from one raised after a
/// hop or after `as_of`); any other event costs only a match, so memory grows with the loop
/// events, not with the log. At
/// [`finish`](Measure::finish) the kept events are taken by date, then index, as
/// [`loop_report`] takes the slice.
///
/// Source: NIRN module 5, practice–policy communication loops.
///
/// ```
/// use implsci::event::measure::measure_log;
/// use implsci::improvement::loops::{LoopMeasure, LoopStatus};
/// use implsci::system::System;
///
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let log = std::fs::File::open("examples/data/state_events.jsonl")?;
/// let report = measure_log(log, LoopMeasure::new(&system, "2025-01-31".parse()?))?.report;
/// let lincoln = report.items.iter().find(|i| i.unit.as_str() == "lincoln-es").unwrap();
/// assert_eq!(lincoln.status, LoopStatus::Closed);
/// // Southport's and Roosevelt's chains of support break: their items cannot reach the top.
/// let stuck: Vec<&str> = report.items.iter().filter_map(|i| i.stuck_at()).map(|u| u.as_str()).collect();
/// assert_eq!(stuck, ["brunswick", "roosevelt-es"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct LoopMeasure<'s> {
    system: &'s System,
    as_of: Date,
    /// The index of the next event added.
    next: usize,
    /// Items raised on or before `as_of`, with their event index.
    raised: Vec<(usize, Raised)>,
    /// Hops and resolutions dated on or before `as_of`, with their event index.
    attached: Vec<(usize, Attached)>,
    /// The earliest raising date of every item id raised, on any date, to tell "never raised"
    /// from "raised later".
    raised_anywhere: HashMap<EventId, Date>,
    /// The innovation the report is about; `None`: every item.
    innovation: Option<InnovationId>,
}

impl<'s> LoopMeasure<'s> {
    /// A measure of the loop report of `system` on `as_of`: only events dated on or before it
    /// count, and paths are taken on it ([`When::On`](crate::system::When::On)).
    ///
    /// ```
    /// use implsci::event::{measure::Measure, Event};
    /// use implsci::improvement::loops::LoopMeasure;
    /// use implsci::improvement::{LoopItemKind, LoopRaised};
    /// use implsci::system::System;
    ///
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// let mut measure = LoopMeasure::new(&system, "2024-10-31".parse()?);
    /// measure.add(&Event::LoopRaised(LoopRaised::new("e-1".parse()?, "2024-11-04".parse()?, "lincoln-es".parse()?, LoopItemKind::Barrier, "Raised after the date")));
    /// assert!(measure.finish().items.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn new(system: &'s System, as_of: Date) -> Self {
        Self {
            system,
            as_of,
            next: 0,
            raised: Vec::new(),
            attached: Vec::new(),
            raised_anywhere: HashMap::new(),
            innovation: None,
        }
    }

    /// Reports on the items about `innovation`: those naming it and those naming none (about
    /// the unit as a whole, [`LoopRaised::innovation`]); items about another innovation are
    /// left out of the items and of every count. Hops and resolutions of a left-out item are
    /// still checked, so the problems are the same.
    ///
    /// Source: DOMAIN.md §5 (several innovations at once); the filter is this crate's.
    ///
    /// ```
    /// use implsci::event::{measure::fold, Event};
    /// use implsci::improvement::loops::LoopMeasure;
    /// use implsci::improvement::{LoopItemKind, LoopRaised};
    /// use implsci::system::System;
    ///
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// let mut gbg = LoopRaised::new("e-1".parse()?, "2024-10-01".parse()?, "lincoln-es".parse()?, LoopItemKind::Barrier, "No time for the game");
    /// gbg.innovation = Some("good-behavior-game".parse()?);
    /// let site = LoopRaised::new("e-2".parse()?, "2024-10-02".parse()?, "lincoln-es".parse()?, LoopItemKind::Barrier, "Substitutes");
    /// let events = [Event::LoopRaised(gbg), Event::LoopRaised(site)];
    /// let cico = fold(&events, LoopMeasure::new(&system, "2024-11-01".parse()?).innovation("cico".parse()?));
    /// assert_eq!(cico.items.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(), ["e-2"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn innovation(mut self, innovation: InnovationId) -> Self {
        self.innovation = Some(innovation);
        self
    }

    /// Keeps what the report needs of a loop item raised as event `i`.
    fn keep_raised(&mut self, i: usize, r: &LoopRaised) {
        match self.raised_anywhere.get_mut(r.id.as_str()) {
            Some(d) => *d = (*d).min(r.date),
            None => {
                self.raised_anywhere.insert(r.id.clone(), r.date);
            }
        }
        if r.date <= self.as_of {
            self.raised.push((i, Raised::from(r)));
        }
    }

    /// Keeps a hop (event `i`) made by the date.
    fn keep_hop(&mut self, i: usize, h: &LoopHop) {
        if h.date <= self.as_of {
            let hop = Hop {
                event: h.id.clone(),
                date: h.date,
                from: h.from.clone(),
                to: h.to.clone(),
                direction: h.direction,
            };
            self.attached.push((i, Attached::Hop(h.item.clone(), hop)));
        }
    }

    /// Keeps a resolution (event `i`) made by the date.
    fn keep_resolved(&mut self, i: usize, r: &LoopResolved) {
        if r.date <= self.as_of {
            let resolution = Resolution {
                event: r.id.clone(),
                date: r.date,
                team: r.team.clone(),
                authority: r.authority,
                policy: r.policy,
                response: r.response.clone(),
            };
            self.attached
                .push((i, Attached::Resolved(r.item.clone(), resolution)));
        }
    }
}

impl<E: LoopEvent> Measure<E> for LoopMeasure<'_> {
    type Report = LoopReport;

    /// A non-loop event costs only a match and a count; loop events are kept out of line.
    #[inline]
    fn add(&mut self, event: &E) {
        let i = self.next;
        self.next += 1;
        if let Some(r) = AsKind::<LoopRaised>::as_kind(event) {
            self.keep_raised(i, r);
        } else if let Some(h) = AsKind::<LoopHop>::as_kind(event) {
            self.keep_hop(i, h);
        } else if let Some(r) = AsKind::<LoopResolved>::as_kind(event) {
            self.keep_resolved(i, r);
        }
    }

    fn finish(self) -> LoopReport {
        LoopMeasure::finish(self)
    }
}

impl LoopMeasure<'_> {
    /// The report over every event added: what [`Measure::finish`] gives, callable without
    /// naming the event type.
    ///
    /// ```
    /// use implsci::improvement::loops::LoopMeasure;
    /// use implsci::system::System;
    ///
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// let report = LoopMeasure::new(&system, "2024-11-30".parse()?).finish(); // no event added
    /// assert!(report.items.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn finish(self) -> LoopReport {
        let Self {
            system,
            as_of,
            mut raised,
            mut attached,
            raised_anywhere,
            innovation,
            ..
        } = self;
        // By date, then index (indices are distinct, so the order is total).
        raised.sort_unstable_by_key(|(i, r)| (r.date, *i));
        attached.sort_unstable_by_key(|(i, a)| (a.date(), *i));
        let mut gather = Gather {
            system,
            items: Vec::new(),
            by_id: HashMap::new(),
            raised_anywhere: &raised_anywhere,
            problems: Vec::new(),
            suggest: Suggest::default(),
        };
        // Items first, so that a hop listed before its item still finds it.
        for (i, r) in &raised {
            gather.raise(*i, r);
        }
        for (i, a) in attached {
            gather.attach(i, a);
        }
        let Gather {
            items,
            mut problems,
            ..
        } = gather;
        // Stable: the problems of one event stay in the order they were found.
        problems.sort_by_key(|&(i, _)| i);
        let problems = problems.into_iter().map(|(_, p)| p).collect();
        // The system's chains, computed once for every item whose path is broken.
        let mut chains = None;
        // Each raising unit's path, walked once however many items it raises.
        let mut paths = HashMap::new();
        let about = |i: &Option<InnovationId>| {
            innovation
                .as_ref()
                .is_none_or(|f| i.as_ref().is_none_or(|i| i == f))
        };
        let items: Vec<LoopItem> = items
            .into_iter()
            .filter(|d| about(&d.raised.innovation))
            .map(|d| d.finish(system, as_of, &mut chains, &mut paths))
            .collect();
        summarize(system, as_of, items, problems)
    }
}

/// What an item keeps of its [`LoopRaised`] event.
#[derive(Debug, Clone)]
struct Raised {
    id: EventId,
    date: Date,
    unit: UnitId,
    item: LoopItemKind,
    description: String,
    innovation: Option<InnovationId>,
}

impl From<&LoopRaised> for Raised {
    fn from(r: &LoopRaised) -> Self {
        Self {
            id: r.id.clone(),
            date: r.date,
            unit: r.unit.clone(),
            item: r.item,
            description: r.description.clone(),
            innovation: r.innovation.clone(),
        }
    }
}

/// A hop or a resolution, with the item it names, as it will be reported.
#[derive(Debug, Clone)]
enum Attached {
    Hop(EventId, Hop),
    Resolved(EventId, Resolution),
}

impl Attached {
    fn date(&self) -> Date {
        match self {
            Self::Hop(_, h) => h.date,
            Self::Resolved(_, r) => r.date,
        }
    }
}

/// The items and problems while the kept events are read.
struct Gather<'a> {
    system: &'a System,
    items: Vec<Draft<'a>>,
    by_id: HashMap<&'a str, usize>,
    raised_anywhere: &'a HashMap<EventId, Date>,
    /// Each problem with the index of its event.
    problems: Vec<(usize, Problem)>,
    /// The closest ids of dangling references.
    suggest: Suggest,
}

impl<'a> Gather<'a> {
    /// Records a problem at `$.events[i].field`, naming `id`.
    fn problem(&mut self, i: usize, field: &str, kind: ProblemKind, message: String, id: &str) {
        self.problems.push((
            i,
            Problem::new(format!("$.events[{i}].{field}"), kind, message).with_id(id),
        ));
    }

    /// Flags a team that is not in the system.
    fn check_team(&mut self, i: usize, field: &str, team: &TeamId) {
        if self.system.team(team.as_str()).is_none() {
            let doc = self.system.document();
            let suggestion = self.suggest.closest("team", team.as_str(), || {
                doc.teams.iter().map(|t| t.id.as_str())
            });
            let message = did_you_mean(
                format!("no team `{team}` in the system"),
                suggestion.as_deref(),
            );
            self.problem(
                i,
                field,
                ProblemKind::DanglingReference,
                message,
                team.as_str(),
            );
        }
    }

    /// Starts an item (event `i`), unless its id is taken.
    fn raise(&mut self, i: usize, r: &'a Raised) {
        if self.by_id.contains_key(r.id.as_str()) {
            let problem = duplicate_event(i, "loop item", r.id.as_str(), "raised");
            self.problems.push((i, problem));
            return;
        }
        if self.system.unit(r.unit.as_str()).is_none() {
            let doc = self.system.document();
            let suggestion = self.suggest.closest("unit", r.unit.as_str(), || {
                doc.units.iter().map(|u| u.id.as_str())
            });
            let message = did_you_mean(
                format!(
                    "loop item `{}` names unit `{}`, not in the system",
                    r.id, r.unit
                ),
                suggestion.as_deref(),
            );
            self.problem(
                i,
                "unit",
                ProblemKind::DanglingReference,
                message,
                r.unit.as_str(),
            );
        }
        self.by_id.insert(r.id.as_str(), self.items.len());
        self.items.push(Draft {
            raised: r,
            hops: Vec::new(),
            resolution: None,
        });
    }

    /// Adds a hop or resolution (event `i`) to its item.
    fn attach(&mut self, i: usize, a: Attached) {
        let date = a.date();
        let item = match &a {
            Attached::Hop(item, _) | Attached::Resolved(item, _) => item,
        };
        let found = self.by_id.get(item.as_str()).copied();
        let Some(n) = found.filter(|&n| self.items[n].raised.date <= date) else {
            let (field, kind, message) =
                if let Some(raised) = self.raised_anywhere.get(item.as_str()) {
                    (
                        "date",
                        ProblemKind::DatesOutOfOrder,
                        format!("dated {date}, before loop item `{item}` was raised on {raised}"),
                    )
                } else {
                    let items = &self.items;
                    let suggestion = self.suggest.closest("item", item.as_str(), || {
                        items.iter().map(|d| d.raised.id.as_str())
                    });
                    (
                        "item",
                        ProblemKind::DanglingReference,
                        did_you_mean(
                            format!("loop item `{item}` was never raised"),
                            suggestion.as_deref(),
                        ),
                    )
                };
            self.problem(i, field, kind, message, item.as_str());
            return;
        };
        match a {
            Attached::Hop(_, hop) => {
                self.check_team(i, "from", &hop.from);
                self.check_team(i, "to", &hop.to);
                self.items[n].hops.push(hop);
            }
            Attached::Resolved(item, resolution) => {
                self.check_team(i, "team", &resolution.team);
                if let Some(first) = &self.items[n].resolution {
                    let message = format!(
                        "loop item `{item}` was already resolved on {} (`{}`); this resolution is ignored",
                        first.date, first.event
                    );
                    self.problem(i, "item", ProblemKind::DuplicateId, message, item.as_str());
                } else {
                    self.items[n].resolution = Some(resolution);
                }
            }
        }
    }
}

/// The aggregates over the items.
fn summarize(
    system: &System,
    as_of: Date,
    items: Vec<LoopItem>,
    problems: Vec<Problem>,
) -> LoopReport {
    let mut open_by_level: Vec<LevelOpen> = system
        .document()
        .levels
        .iter()
        .map(|l| LevelOpen {
            level: l.id.clone(),
            open: 0,
            max_age_days: None,
        })
        .collect();
    let (mut open, mut resolved, mut stuck, mut changed) = (0u32, 0u32, 0u32, 0u64);
    let mut closure: Vec<i64> = Vec::new();
    for item in &items {
        match &item.status {
            LoopStatus::Open { age_days, held_by } => {
                open += 1;
                if matches!(item.position, Some(Position::Stuck { .. })) {
                    stuck += 1;
                }
                // Where it is held: the level of the team holding it, or before any hop, of the
                // unit that raised it.
                let unit = match held_by {
                    Some(team) => system.team(team.as_str()).map(|t| &t.unit),
                    None => Some(&item.unit),
                };
                // The level's position in the system's list, so no search of the levels.
                let level = unit.and_then(|u| system.unit_position(u.as_str()));
                let level = level.map(|u| system.index.unit_level[u as usize] as usize);
                if let Some(row) = level.and_then(|l| open_by_level.get_mut(l)) {
                    row.open += 1;
                    row.max_age_days =
                        Some(row.max_age_days.map_or(*age_days, |m| m.max(*age_days)));
                }
            }
            LoopStatus::Resolved | LoopStatus::Closed => {
                resolved += 1;
                if item
                    .resolution
                    .as_ref()
                    .is_some_and(|r| r.policy == PolicyChange::Changed)
                {
                    changed += 1;
                }
                closure.extend(item.closure_days);
            }
        }
    }
    closure.sort_unstable();
    #[allow(clippy::cast_precision_loss)] // day counts and item counts are far below 2^53
    let (median, mean) = {
        let n = closure.len();
        let median = match n {
            0 => None,
            _ if n % 2 == 1 => Some(closure[n / 2] as f64),
            _ => Some((closure[n / 2 - 1] + closure[n / 2]) as f64 / 2.0),
        };
        let mean = (n > 0).then(|| closure.iter().sum::<i64>() as f64 / n as f64);
        (median, mean)
    };
    LoopReport {
        as_of,
        open,
        resolved,
        closed: u32::try_from(closure.len()).unwrap_or(u32::MAX),
        open_by_level,
        median_closure_days: median,
        mean_closure_days: mean,
        policy_changed: Share::new(changed, u64::from(resolved)),
        stuck,
        items,
        problems,
    }
}

#[cfg(test)]
mod tests;
