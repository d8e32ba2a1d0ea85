//! The loop report: its items, with their hops, resolution and status, and the report as text.

use std::fmt::{self, Write as _};

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::Serialize;

use super::{Authority, HopDirection, LoopItemKind, PolicyChange};
#[cfg(doc)]
use super::{LoopMeasure, LoopRaised};
use crate::error::Problem;
use crate::id::{EventId, InnovationId, LevelId, TeamId, UnitId};
use crate::share::Share;
use crate::system::Chain;
use crate::text::{Align, Table};

/// One hop of a loop item, as reported.
///
/// ```
/// use implsci::event::measure::measure_log;
/// use implsci::improvement::loops::LoopMeasure;
/// use implsci::improvement::HopDirection;
/// use implsci::system::System;
///
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let log = std::fs::File::open("examples/data/state_events.jsonl")?;
/// let report = measure_log(log, LoopMeasure::new(&system, "2025-01-31".parse()?))?.report;
/// let lincoln = report.items.iter().find(|i| i.unit.as_str() == "lincoln-es").unwrap();
/// let first = &lincoln.hops[0];
/// assert_eq!((first.from.as_str(), first.to.as_str(), first.direction), ("lincoln-bit", "wake-dit", HopDirection::Up));
/// assert_eq!(lincoln.hops.last().unwrap().direction, HopDirection::Down);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct Hop {
    /// The [`LoopHop`](super::LoopHop) event.
    pub event: EventId,
    /// When the item reached `to`.
    #[schemars(schema_with = "crate::date::schema")]
    pub date: Date,
    /// The team that passed it on.
    pub from: TeamId,
    /// The team that received it.
    pub to: TeamId,
    /// Up or down.
    pub direction: HopDirection,
}

/// How a loop item was resolved.
///
/// ```
/// use implsci::event::measure::measure_log;
/// use implsci::improvement::loops::LoopMeasure;
/// use implsci::improvement::{Authority, PolicyChange};
/// use implsci::system::System;
///
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let log = std::fs::File::open("examples/data/state_events.jsonl")?;
/// let report = measure_log(log, LoopMeasure::new(&system, "2025-01-31".parse()?))?.report;
/// let lincoln = report.items.iter().find(|i| i.unit.as_str() == "lincoln-es").unwrap();
/// let res = lincoln.resolution.as_ref().unwrap();
/// assert_eq!(res.team.as_str(), "sit");
/// assert_eq!((res.authority, res.policy), (Authority::SystemsIntervention, PolicyChange::Changed));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct Resolution {
    /// The [`LoopResolved`](super::LoopResolved) event.
    pub event: EventId,
    /// When.
    #[schemars(schema_with = "crate::date::schema")]
    pub date: Date,
    /// The team that resolved it.
    pub team: TeamId,
    /// Where the authority lay: facilitative administration (inside the organization) or
    /// systems intervention (outside it).
    pub authority: Authority,
    /// Whether policy changed.
    pub policy: PolicyChange,
    /// The response, in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response: Option<String>,
}

/// Where a loop item stands on the date looked at.
///
/// ```
/// use implsci::improvement::loops::LoopStatus;
/// let open = LoopStatus::Open { held_by: Some("wake-dit".parse()?), age_days: 30 };
/// assert_eq!(open.to_string(), "open at wake-dit, 30 d");
/// assert_eq!(LoopStatus::Open { held_by: None, age_days: 3 }.to_string(), "open, 3 d");
/// assert_eq!(LoopStatus::Closed.to_string(), "closed");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(tag = "status", rename_all = "snake_case")]
#[non_exhaustive]
pub enum LoopStatus {
    /// Not resolved yet.
    Open {
        /// The team that last received it (the `to` of its last hop); `None` before any hop.
        held_by: Option<TeamId>,
        /// Days since it was raised.
        age_days: i64,
    },
    /// Resolved, but the response has not reached the governing unit's team yet.
    Resolved,
    /// Resolved, and the response has reached the governing unit's team: the loop is closed.
    Closed,
}

/// Where an open item is on its way up.
///
/// ```
/// use implsci::event::measure::measure_log;
/// use implsci::improvement::loops::{LoopMeasure, Position};
/// use implsci::system::System;
///
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let log = std::fs::File::open("examples/data/state_events.jsonl")?;
/// let report = measure_log(log, LoopMeasure::new(&system, "2025-01-31".parse()?))?.report;
/// let at = |unit: &str| report.items.iter().find(|i| i.unit.as_str() == unit).unwrap();
/// assert!(matches!(at("southport-es").position, Some(Position::Stuck { .. })));
/// assert_eq!(at("lincoln-es").position, None); // resolved: no position
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(tag = "position", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Position {
    /// Below the top of an unbroken path, or held by a team off the path.
    OnTheWay,
    /// Held by the last team of the path (a top team), waiting for its response.
    AtTop,
    /// The raising unit's chain of support is broken, so there is no next team up.
    Stuck {
        /// Where and why the chain breaks.
        chain: Chain,
    },
    /// The raising unit is not in the system, so the path is unknown.
    Unknown,
}

/// One loop item: a barrier or success raised at a unit, and what became of it.
///
/// ```
/// use implsci::event::measure::measure_log;
/// use implsci::improvement::loops::LoopMeasure;
/// use implsci::system::System;
///
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let log = std::fs::File::open("examples/data/state_events.jsonl")?;
/// let report = measure_log(log, LoopMeasure::new(&system, "2025-01-31".parse()?))?.report;
/// let lincoln = report.items.iter().find(|i| i.unit.as_str() == "lincoln-es").unwrap();
/// assert_eq!(lincoln.raised.to_string(), "2024-11-04");
/// assert_eq!(lincoln.closed.map(|d| d.to_string()).as_deref(), Some("2024-12-18"));
/// assert_eq!((lincoln.closure_days, lincoln.hops_up, lincoln.hops_down), (Some(44), 3, 3));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct LoopItem {
    /// The item's id (the id of its [`LoopRaised`] event).
    pub id: EventId,
    /// When it was raised.
    #[schemars(schema_with = "crate::date::schema")]
    pub raised: Date,
    /// Where it was raised.
    pub unit: UnitId,
    /// Barrier or success.
    pub kind: LoopItemKind,
    /// What it is.
    pub description: String,
    /// The innovation it is about, as raised; `None`: about the unit as a whole.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub innovation: Option<InnovationId>,
    /// The level it is counted under: that of its governing unit, or of the raising unit when
    /// no unit at or above it has a team; `None` when the unit is not in the system.
    pub level: Option<LevelId>,
    /// Its hops, by date, then in event order.
    pub hops: Vec<Hop>,
    /// Its resolution, if any.
    pub resolution: Option<Resolution>,
    /// Its status on the date looked at.
    #[serde(flatten)]
    pub status: LoopStatus,
    /// Where an open item is on its way up; `None` once resolved.
    pub position: Option<Position>,
    /// When the loop closed; `None` unless closed.
    #[schemars(schema_with = "crate::date::optional_schema")]
    pub closed: Option<Date>,
    /// Days from raised to closed; `None` unless closed.
    pub closure_days: Option<i64>,
    /// Hops up.
    pub hops_up: u32,
    /// Hops down.
    pub hops_down: u32,
}

impl LoopItem {
    /// The unit where the chain breaks, when the item is stuck.
    ///
    /// ```
    /// use implsci::event::Event;
    /// use implsci::improvement::loops::loop_report;
    /// use implsci::improvement::{LoopItemKind, LoopRaised};
    /// use implsci::system::System;
    ///
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// let raised = LoopRaised::new("e-1".parse()?, "2024-10-21".parse()?, "southport-es".parse()?, LoopItemKind::Barrier, "Bus riders leave early");
    /// let report = loop_report(&system, &[Event::LoopRaised(raised)], "2024-11-01".parse()?);
    /// assert_eq!(report.items[0].stuck_at().map(|u| u.as_str()), Some("brunswick"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn stuck_at(&self) -> Option<&UnitId> {
        match &self.position {
            Some(Position::Stuck {
                chain: Chain::Broken { at, .. },
            }) => Some(at),
            _ => None,
        }
    }
}

/// Open items held at one level: by the level of the team holding each, or, before its first
/// hop, of the unit that raised it.
///
/// ```
/// use implsci::event::measure::measure_log;
/// use implsci::improvement::loops::LoopMeasure;
/// use implsci::system::System;
///
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let log = std::fs::File::open("examples/data/state_events.jsonl")?;
/// let report = measure_log(log, LoopMeasure::new(&system, "2025-01-31".parse()?))?.report;
/// let at = |level: &str| report.open_by_level.iter().find(|l| l.level.as_str() == level).unwrap();
/// // Southport's barrier waits at the Brunswick district team; Roosevelt's has not left school.
/// assert_eq!((at("district").open, at("district").max_age_days), (1, Some(102)));
/// assert_eq!((at("school").open, at("school").max_age_days), (1, Some(80)));
/// assert_eq!(report.open_by_level[0].max_age_days, None); // no open item held at the state
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct LevelOpen {
    /// The level.
    pub level: LevelId,
    /// Open items held at it.
    pub open: u32,
    /// The age in days of the oldest of them; `None` when there are none.
    pub max_age_days: Option<i64>,
}

/// The practice–policy loop report of a system on a date.
///
/// ```
/// use implsci::event::measure::measure_log;
/// use implsci::improvement::loops::LoopMeasure;
/// use implsci::system::System;
///
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let log = std::fs::File::open("examples/data/state_events.jsonl")?;
/// let report = measure_log(log, LoopMeasure::new(&system, "2025-01-31".parse()?))?.report;
/// assert_eq!((report.open, report.resolved, report.closed, report.stuck), (2, 2, 2, 2));
/// assert_eq!(report.median_closure_days, Some(34.0)); // 24 and 44 days
/// assert!(report.problems.is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct LoopReport {
    /// The date looked at: only events dated on or before it count.
    #[schemars(schema_with = "crate::date::schema")]
    pub as_of: Date,
    /// The items, by raised date, then in event order.
    pub items: Vec<LoopItem>,
    /// Items open.
    pub open: u32,
    /// Items resolved, closed or not.
    pub resolved: u32,
    /// Items closed.
    pub closed: u32,
    /// Open items per level, by the level that holds them, in the system's level order (every
    /// level listed).
    pub open_by_level: Vec<LevelOpen>,
    /// Median days from raised to closed over closed items; `None` when none closed.
    pub median_closure_days: Option<f64>,
    /// Mean days from raised to closed over closed items; `None` when none closed.
    pub mean_closure_days: Option<f64>,
    /// Of the resolved items (closed or not), those whose resolution changed policy.
    pub policy_changed: Share,
    /// Open items stuck where the chain of support breaks.
    pub stuck: u32,
    /// Unknown references and inconsistent records, each with its path `$.events[i]`, `i` the
    /// event's index in the slice (in the order added, for a [`LoopMeasure`]); the rest of the
    /// report is still computed.
    pub problems: Vec<Problem>,
}

impl fmt::Display for LoopStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Open {
                held_by: Some(t),
                age_days,
            } => write!(f, "open at {t}, {age_days} d"),
            Self::Open {
                held_by: None,
                age_days,
            } => write!(f, "open, {age_days} d"),
            Self::Resolved => f.write_str("resolved"),
            Self::Closed => f.write_str("closed"),
        }
    }
}

/// A plain-text table: one row per item, then the aggregates and the problems. The open items
/// are counted under a level as [`LoopItem::level`] says: the level of the nearest unit at or
/// above the raising unit that has a team (the unit whose team should act first), not the
/// level of the team holding the item now; the heading says so.
impl fmt::Display for LoopReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Practice–policy loops as of {}", self.as_of)?;
        let mut items = Table::new()
            .align(4, Align::Right)
            .align(5, Align::Right)
            .align(7, Align::Right);
        items.row([
            "item", "unit", "kind", "raised", "up", "down", "status", "closure",
        ]);
        for item in &self.items {
            let kind = match item.kind {
                LoopItemKind::Barrier => "barrier",
                LoopItemKind::Success => "success",
            };
            let mut status = item.status.to_string();
            if let Some(at) = item.stuck_at() {
                write!(status, ", stuck at {at}")?;
            } else if item.position == Some(Position::AtTop) {
                status.push_str(", at top");
            }
            let closure = item
                .closure_days
                .map_or_else(|| "-".to_string(), |d| format!("{d} d"));
            items.row([
                item.id.to_string(),
                item.unit.to_string(),
                kind.to_string(),
                item.raised.to_string(),
                item.hops_up.to_string(),
                item.hops_down.to_string(),
                status,
                closure,
            ]);
        }
        write!(f, "{items}")?;
        writeln!(
            f,
            "open {}, resolved {} (closed {}), stuck {}",
            self.open, self.resolved, self.closed, self.stuck
        )?;
        writeln!(
            f,
            "open items by the level that holds them (the level of the team holding each;\n\
             before its first hop, of the unit that raised it):"
        )?;
        let mut levels = Table::new()
            .indent(2)
            .align(1, Align::Right)
            .align(2, Align::Right);
        levels.row(["level", "open", "oldest"]);
        for row in &self.open_by_level {
            let oldest = row
                .max_age_days
                .map_or_else(|| "-".to_string(), |age| format!("{age} d"));
            levels.row([row.level.to_string(), row.open.to_string(), oldest]);
        }
        write!(f, "{levels}")?;
        let days = |d: Option<f64>| d.map_or_else(|| "n/a".to_string(), |d| format!("{d:.1} d"));
        writeln!(
            f,
            "closure: median {}, mean {}",
            days(self.median_closure_days),
            days(self.mean_closure_days)
        )?;
        writeln!(
            f,
            "resolutions that changed policy: {}",
            self.policy_changed
        )?;
        for p in &self.problems {
            writeln!(f, "problem: {p}")?;
        }
        Ok(())
    }
}
