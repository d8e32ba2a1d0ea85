//! Improvement cycles and practice–policy communication loops, as dated records.
//!
//! Source: NIRN Active Implementation Hub, module 5 "Improvement Cycles": PDSA(C) rapid-cycle
//! problem solving (plan, do, study, act, cycle; Taylor et al. 2014 found that only 2 of 73
//! published PDSA studies used all components); usability testing as a series of small PDSA
//! cycles (4–5 users per cycle, 4–5 cycles); practice–policy communication loops
//! (policy-enabled practice, practice-informed policy): a barrier, or a success worth
//! spreading, travels up the linked implementation teams to the level with authority
//! (facilitative administration inside the organization, systems intervention outside it), and
//! the response travels back down.
//!
//! These are events of the [`event`](crate::event) log.

pub mod loops;
pub mod pdsa;
pub mod usability;

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Extensions;
use crate::document::Tagged;
use crate::id::EventId;
use crate::id::{InnovationId, TeamId, UnitId};
use crate::measure::AsKind;

/// An event that may be one of the practice–policy loop kinds (raised, hop, resolved): what the
/// loop measures read. The log's [`Event`](crate::event::Event) is one; so is any record type
/// of yours that is [`AsKind`] of the three.
///
/// ```
/// use implsci::improvement::LoopEvent;
/// fn loop_log<E: LoopEvent>(_: &[E]) {}
/// loop_log::<implsci::event::Event>(&[]);
/// ```
pub trait LoopEvent: AsKind<LoopRaised> + AsKind<LoopHop> + AsKind<LoopResolved> {}

impl<E: AsKind<LoopRaised> + AsKind<LoopHop> + AsKind<LoopResolved>> LoopEvent for E {}

/// The phases of a PDSA cycle.
///
/// ```
/// use implsci::improvement::PdsaPhase;
/// assert!(PdsaPhase::Plan < PdsaPhase::Do && PdsaPhase::Study < PdsaPhase::Act); // cycle order
/// assert_eq!(serde_json::to_string(&PdsaPhase::Study)?, r#""study""#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum PdsaPhase {
    /// Plan: the question and the prediction.
    Plan,
    /// Do: carry it out and collect data.
    Do,
    /// Study: the result against the prediction.
    Study,
    /// Act: adopt, adapt or abandon.
    Act,
}

/// What the Act phase decides.
///
/// ```
/// use implsci::event::parse_log;
/// use implsci::improvement::{pdsa::pdsa_cycles, PdsaDecision};
///
/// let log = std::fs::read("examples/data/state_events.jsonl")?;
/// let events: Vec<_> = parse_log(&log).records.into_iter().map(|r| r.value).collect();
/// let decisions: Vec<_> = pdsa_cycles(&events).iter().map(|c| c.decision).collect();
/// assert_eq!(decisions, [Some(PdsaDecision::Adapt), Some(PdsaDecision::Adopt)]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PdsaDecision {
    /// Keep the change.
    Adopt,
    /// Change it and test again.
    Adapt,
    /// Drop it.
    Abandon,
}

/// One dated phase of a PDSA cycle.
///
/// ```
/// use implsci::improvement::{PdsaPhase, PdsaStep};
/// let mut plan = PdsaStep::new("e-1".parse()?, "2025-01-06".parse()?, "pdsa-1".parse()?, "wake".parse()?, PdsaPhase::Plan);
/// plan.question = Some("Does a 2-minute check-in script raise daily check-ins?".into());
/// plan.prediction = Some("Check-ins rise from 70% to 85% of school days".into());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct PdsaStep {
    /// Always `"pdsa_step"`.
    pub kind: crate::document::Kind<PdsaStep>,
    /// The event's id.
    pub id: EventId,
    /// When.
    #[serde(deserialize_with = "crate::date::deserialize")]
    #[schemars(schema_with = "crate::date::schema")]
    pub date: Date,
    /// The cycle: the phases of one cycle share it.
    pub cycle: EventId,
    /// Where the cycle runs.
    pub unit: UnitId,
    /// Which phase.
    pub phase: PdsaPhase,
    /// Plan: the question.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
    /// Plan: the prediction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prediction: Option<String>,
    /// Do: the data collected.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data: Vec<String>,
    /// Study: the result against the prediction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<String>,
    /// Act: the decision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<PdsaDecision>,
    /// Act: the next cycle, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<EventId>,
    /// Integrators' own data; round-trips untouched.
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

impl Tagged for PdsaStep {
    const KIND: &'static str = "pdsa_step";
}

impl PdsaStep {
    /// A phase with nothing recorded yet.
    ///
    /// ```
    /// use implsci::improvement::{PdsaPhase, PdsaStep};
    /// let step = PdsaStep::new("e-1".parse()?, "2025-01-20".parse()?, "pdsa-1".parse()?, "wake".parse()?, PdsaPhase::Do);
    /// assert_eq!(step.phase, PdsaPhase::Do);
    /// assert!(step.question.is_none() && step.data.is_empty() && step.decision.is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn new(id: EventId, date: Date, cycle: EventId, unit: UnitId, phase: PdsaPhase) -> Self {
        Self {
            kind: crate::document::Kind::default(),
            id,
            date,
            cycle,
            unit,
            phase,
            question: None,
            prediction: None,
            data: Vec::new(),
            result: None,
            decision: None,
            next: None,
            extensions: Extensions::new(),
        }
    }
}

/// One cycle of a usability test: a small PDSA cycle with a few users.
///
/// ```
/// use implsci::improvement::UsabilityCycle;
/// let c = UsabilityCycle::new("e-2".parse()?, "2024-02-01".parse()?, "ut-1".parse()?, 5);
/// assert_eq!(c.users, 5);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct UsabilityCycle {
    /// Always `"usability_cycle"`.
    pub kind: crate::document::Kind<UsabilityCycle>,
    /// The event's id.
    pub id: EventId,
    /// When the cycle ended.
    #[serde(deserialize_with = "crate::date::deserialize")]
    #[schemars(schema_with = "crate::date::schema")]
    pub date: Date,
    /// The usability test: its cycles share it.
    pub test: EventId,
    /// The innovation tested, if named.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub innovation: Option<InnovationId>,
    /// Users in this cycle.
    pub users: u32,
    /// What changed after this cycle.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<String>,
    /// Integrators' own data; round-trips untouched.
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

impl Tagged for UsabilityCycle {
    const KIND: &'static str = "usability_cycle";
}

impl UsabilityCycle {
    /// A cycle with no changes recorded.
    ///
    /// ```
    /// use implsci::improvement::UsabilityCycle;
    /// let c = UsabilityCycle::new("e-1".parse()?, "2023-11-01".parse()?, "ut-cico".parse()?, 4);
    /// assert_eq!(c.test.as_str(), "ut-cico");
    /// assert!(c.changes.is_empty() && c.innovation.is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn new(id: EventId, date: Date, test: EventId, users: u32) -> Self {
        Self {
            kind: crate::document::Kind::default(),
            id,
            date,
            test,
            innovation: None,
            users,
            changes: Vec::new(),
            extensions: Extensions::new(),
        }
    }
}

/// What a practice–policy loop carries.
///
/// ```
/// use implsci::event::{parse_log, Event};
/// use implsci::improvement::LoopItemKind;
///
/// let log = std::fs::read("examples/data/state_events.jsonl")?;
/// let kinds: Vec<LoopItemKind> = parse_log(&log).records.into_iter()
///     .filter_map(|r| match r.value { Event::LoopRaised(e) => Some(e.item), _ => None })
///     .collect();
/// assert_eq!(kinds.iter().filter(|&&k| k == LoopItemKind::Barrier).count(), 3);
/// assert_eq!(kinds.iter().filter(|&&k| k == LoopItemKind::Success).count(), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LoopItemKind {
    /// A barrier practice meets.
    Barrier,
    /// A success worth spreading.
    Success,
}

/// A barrier or success raised at a unit: the start of a loop item (its id is the item's id).
///
/// ```
/// use implsci::improvement::{LoopItemKind, LoopRaised};
/// let e: LoopRaised = serde_json::from_str(r#"{"kind": "loop_raised", "id": "e-0043", "date": "2024-10-01",
///     "unit": "erwin-ms", "item": "success", "description": "Peer check-out by student mentors"}"#)?;
/// assert_eq!(e.item, LoopItemKind::Success);
/// assert_eq!(e.unit.as_str(), "erwin-ms");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct LoopRaised {
    /// Always `"loop_raised"`.
    pub kind: crate::document::Kind<LoopRaised>,
    /// The event's id, which is also the loop item's id.
    pub id: EventId,
    /// When it was raised.
    #[serde(deserialize_with = "crate::date::deserialize")]
    #[schemars(schema_with = "crate::date::schema")]
    pub date: Date,
    /// Where.
    pub unit: UnitId,
    /// Barrier or success.
    pub item: LoopItemKind,
    /// What it is.
    pub description: String,
    /// The innovation the item is about, when it is about one. Absent: about the unit's
    /// practice as a whole, so it belongs to every innovation (DOMAIN.md §5: several
    /// innovations at once; the reading of absence is this crate's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub innovation: Option<InnovationId>,
    /// Integrators' own data; round-trips untouched.
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

impl Tagged for LoopRaised {
    const KIND: &'static str = "loop_raised";
}

impl LoopRaised {
    /// A barrier or success raised at a unit.
    ///
    /// ```
    /// use implsci::improvement::{LoopItemKind, LoopRaised};
    /// let e = LoopRaised::new("e-11".parse()?, "2024-10-21".parse()?, "southport-es".parse()?, LoopItemKind::Barrier, "Bus riders leave before check-out");
    /// assert_eq!(e.item, LoopItemKind::Barrier);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn new(
        id: EventId,
        date: Date,
        unit: UnitId,
        item: LoopItemKind,
        description: impl Into<String>,
    ) -> Self {
        Self {
            kind: crate::document::Kind::default(),
            id,
            date,
            unit,
            item,
            description: description.into(),
            innovation: None,
            extensions: Extensions::new(),
        }
    }
}

/// Up the chain toward policy, or down with the response.
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
/// let ups = lincoln.hops.iter().filter(|h| h.direction == HopDirection::Up).count();
/// assert_eq!((ups, lincoln.hops_up, lincoln.hops_down), (3, 3, 3)); // up to the state, and back
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum HopDirection {
    /// Toward the level with authority.
    Up,
    /// Back toward practice, with the response.
    Down,
}

/// One dated hop of a loop item from one team to the next.
///
/// ```
/// use implsci::improvement::{HopDirection, LoopHop};
/// let hop: LoopHop = serde_json::from_str(r#"{"kind": "loop_hop", "id": "e-0035", "date": "2024-11-06",
///     "item": "e-0034", "from": "lincoln-bit", "to": "wake-dit", "direction": "up"}"#)?;
/// assert_eq!((hop.from.as_str(), hop.to.as_str()), ("lincoln-bit", "wake-dit"));
/// assert_eq!(hop.direction, HopDirection::Up);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct LoopHop {
    /// Always `"loop_hop"`.
    pub kind: crate::document::Kind<LoopHop>,
    /// The event's id.
    pub id: EventId,
    /// When the item reached `to`.
    #[serde(deserialize_with = "crate::date::deserialize")]
    #[schemars(schema_with = "crate::date::schema")]
    pub date: Date,
    /// The loop item (the id of its [`LoopRaised`] event).
    pub item: EventId,
    /// The team that passed it on.
    pub from: TeamId,
    /// The team that received it.
    pub to: TeamId,
    /// Up or down.
    pub direction: HopDirection,
    /// Integrators' own data; round-trips untouched.
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

impl Tagged for LoopHop {
    const KIND: &'static str = "loop_hop";
}

impl LoopHop {
    /// A hop of `item` from one team to the next.
    ///
    /// ```
    /// use implsci::improvement::{HopDirection, LoopHop};
    /// let hop = LoopHop::new("e-2".parse()?, "2024-12-11".parse()?, "e-1".parse()?, "sit".parse()?, "central-rit".parse()?, HopDirection::Down);
    /// assert_eq!(hop.item.as_str(), "e-1");
    /// assert_eq!(hop.direction, HopDirection::Down);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn new(
        id: EventId,
        date: Date,
        item: EventId,
        from: TeamId,
        to: TeamId,
        direction: HopDirection,
    ) -> Self {
        Self {
            kind: crate::document::Kind::default(),
            id,
            date,
            item,
            from,
            to,
            direction,
            extensions: Extensions::new(),
        }
    }
}

/// Where the authority to resolve an item lies (NIRN Organization drivers).
///
/// ```
/// use implsci::improvement::Authority;
/// assert_eq!(serde_json::to_string(&Authority::FacilitativeAdministration)?, r#""facilitative_administration""#);
/// assert_eq!(serde_json::from_str::<Authority>(r#""systems_intervention""#)?, Authority::SystemsIntervention);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Authority {
    /// Inside the organization: facilitative administration.
    FacilitativeAdministration,
    /// Outside it: systems intervention.
    SystemsIntervention,
}

/// Whether resolving an item changed policy.
///
/// ```
/// use implsci::event::Event;
/// use implsci::improvement::loops::loop_report;
/// use implsci::improvement::{Authority, LoopItemKind, LoopRaised, LoopResolved, PolicyChange};
/// use implsci::system::System;
///
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let events = [
///     Event::LoopRaised(LoopRaised::new("e-1".parse()?, "2024-10-01".parse()?, "lincoln-es".parse()?, LoopItemKind::Barrier, "No time for check-out")),
///     Event::LoopResolved(LoopResolved::new("e-2".parse()?, "2024-10-08".parse()?, "e-1".parse()?, "lincoln-bit".parse()?, Authority::FacilitativeAdministration, PolicyChange::Unchanged)),
/// ];
/// let report = loop_report(&system, &events, "2024-10-31".parse()?);
/// assert_eq!((report.resolved, report.policy_changed.numerator), (1, 0)); // resolved, policy unchanged
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PolicyChange {
    /// Policy changed.
    Changed,
    /// Resolved without a policy change.
    Unchanged,
}

/// A loop item resolved by the team with authority; the response then travels down.
///
/// ```
/// use implsci::improvement::{Authority, LoopResolved, PolicyChange};
/// let e: LoopResolved = serde_json::from_str(r#"{"kind": "loop_resolved", "id": "e-0038", "date": "2024-12-09",
///     "item": "e-0034", "team": "sit", "authority": "systems_intervention", "policy": "changed",
///     "response": "State data system accepts weekly bulk entry"}"#)?;
/// assert_eq!((e.authority, e.policy), (Authority::SystemsIntervention, PolicyChange::Changed));
/// assert_eq!(e.response.as_deref(), Some("State data system accepts weekly bulk entry"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct LoopResolved {
    /// Always `"loop_resolved"`.
    pub kind: crate::document::Kind<LoopResolved>,
    /// The event's id.
    pub id: EventId,
    /// When it was resolved.
    #[serde(deserialize_with = "crate::date::deserialize")]
    #[schemars(schema_with = "crate::date::schema")]
    pub date: Date,
    /// The loop item.
    pub item: EventId,
    /// The team that resolved it.
    pub team: TeamId,
    /// Where the authority lay.
    pub authority: Authority,
    /// Whether policy changed.
    pub policy: PolicyChange,
    /// The response, in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<String>,
    /// Integrators' own data; round-trips untouched.
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

impl Tagged for LoopResolved {
    const KIND: &'static str = "loop_resolved";
}

impl LoopResolved {
    /// `item` resolved by `team`, without a response text.
    ///
    /// ```
    /// use implsci::improvement::{Authority, LoopResolved, PolicyChange};
    /// let e = LoopResolved::new("e-3".parse()?, "2024-10-24".parse()?, "e-1".parse()?, "buncombe-dit".parse()?, Authority::FacilitativeAdministration, PolicyChange::Changed);
    /// assert_eq!(e.team.as_str(), "buncombe-dit");
    /// assert!(e.response.is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn new(
        id: EventId,
        date: Date,
        item: EventId,
        team: TeamId,
        authority: Authority,
        policy: PolicyChange,
    ) -> Self {
        Self {
            kind: crate::document::Kind::default(),
            id,
            date,
            item,
            team,
            authority,
            policy,
            response: None,
            extensions: Extensions::new(),
        }
    }
}
