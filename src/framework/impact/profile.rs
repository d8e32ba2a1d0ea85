//! Each unit's IMPACT profile: for every component, the evidence the data holds over the
//! unit's part of the system, on a date.

use std::sync::Arc;

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::Serialize;

use super::evidence::{Evidence, EvidenceItem};
use super::inputs::{ImpactInputs, ImpactParams};
use super::{Component, READING, SOURCE};
use crate::coaching::about_innovation;
use crate::coaching::measures::Window;
use crate::event::Event;
use crate::id::{InnovationId, LevelId, UnitId};
use crate::period::{Calendar, PeriodKind};
use crate::score::Score;
use crate::score::rollup::{Aggregate, RollupError, RollupParams};
use crate::share::Share;
use crate::stage::MappingBasis;
use crate::system::{System, When};

use super::tally::{NONE, Tally, position, read_events, read_sites, read_system};

/// Each unit of a level's IMPACT profile. Made by [`impact_profile`].
///
/// ```
/// use implsci::framework::impact::{impact_profile, ImpactInputs, ImpactParams};
/// use implsci::system::System;
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let params = ImpactParams::new("district".parse()?, "2025-01-31".parse()?);
/// let profile = impact_profile(&ImpactInputs::new(&system), &params)?;
/// assert_eq!(profile.units.len(), 4);
/// assert!(profile.reading.contains("this crate's reading"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct ImpactProfile {
    /// The framework's source.
    pub framework: &'static str,
    /// How the evidence was mapped to the components: this crate's reading.
    pub basis: MappingBasis,
    /// What that means, in a sentence.
    pub reading: &'static str,
    /// The date looked at.
    #[schemars(schema_with = "crate::date::schema")]
    pub as_of: Date,
    /// The level of the units.
    pub level: LevelId,
    /// The innovation looked at; `None`: every innovation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub innovation: Option<InnovationId>,
    /// The coaching window's first day (it ends on `as_of`).
    #[schemars(schema_with = "crate::date::schema")]
    pub window_start: Date,
    /// The fidelity assessment interval, in days before `as_of`.
    pub assessment_days: u32,
    /// One profile per unit of the level, top-down.
    pub units: Vec<UnitProfile>,
}

/// One unit's evidence, component by component.
///
/// ```
/// use implsci::framework::impact::{impact_profile, Component, ImpactInputs, ImpactParams};
/// use implsci::system::System;
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let params = ImpactParams::new("district".parse()?, "2025-01-31".parse()?);
/// let profile = impact_profile(&ImpactInputs::new(&system), &params)?;
/// let wake = &profile.units[0];
/// assert_eq!(wake.unit.as_str(), "wake");
/// assert_eq!(wake.components.len(), 6);
/// assert_eq!(wake.components[5].component, Component::Teams);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct UnitProfile {
    /// The unit.
    pub unit: UnitId,
    /// Its name, where the system gives one.
    pub name: Option<Arc<str>>,
    /// Units in its part of the system (itself and every unit below).
    pub units: u64,
    /// Active practitioners there on the date.
    pub practitioners: u64,
    /// Every component, in [`Component::ALL`]'s order.
    pub components: Vec<ComponentEvidence>,
}

impl UnitProfile {
    /// The evidence of one item, where the profile has it (a self-assessment's items are
    /// found through [`ComponentEvidence::evidence`]).
    ///
    /// ```
    /// use implsci::framework::impact::{impact_profile, EvidenceItem, ImpactInputs, ImpactParams};
    /// use implsci::system::System;
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// let params = ImpactParams::new("district".parse()?, "2025-01-31".parse()?);
    /// let profile = impact_profile(&ImpactInputs::new(&system), &params)?;
    /// let wake = &profile.units[0];
    /// assert_eq!(wake.item(EvidenceItem::OwnConnectedTeam).and_then(|e| e.value), Some(1.0));
    /// assert_eq!(wake.item(EvidenceItem::PractitionersTrained).and_then(|e| e.value), None); // no log
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn item(&self, item: EvidenceItem) -> Option<&Evidence> {
        self.components
            .iter()
            .flat_map(|c| &c.evidence)
            .find(|e| e.item == item)
    }
}

/// One component's evidence for a unit.
///
/// ```
/// use implsci::framework::impact::{Component, ComponentEvidence};
/// let c = ComponentEvidence { component: Component::Teams, evidence: Vec::new() };
/// assert!(c.evidence.is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct ComponentEvidence {
    /// The component.
    pub component: Component,
    /// Its evidence items, in [`Component::evidence`]'s order, then any self-assessment.
    pub evidence: Vec<Evidence>,
}

/// Why a profile cannot be read.
///
/// ```
/// use implsci::framework::impact::{impact_profile, ImpactInputs, ImpactParams};
/// use implsci::system::System;
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let params = ImpactParams::new("county".parse()?, "2025-01-31".parse()?);
/// let err = impact_profile(&ImpactInputs::new(&system), &params).unwrap_err();
/// assert_eq!(err.to_string(), "the system has no level `county`; its levels are state, region, district, school");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ImpactError {
    /// The level is not one of the system's.
    #[error("the system has no level `{level}`; its levels are {levels}")]
    UnknownLevel {
        /// The level asked for.
        level: LevelId,
        /// The system's levels, comma-separated.
        levels: String,
    },
    /// The coaching window would start after the date looked at.
    #[error("the coaching window starts on {start}, after the date looked at ({as_of})")]
    WindowAfterDate {
        /// The window's start.
        start: Date,
        /// The date looked at.
        as_of: Date,
    },
    /// The instrument's scores cannot be rolled up the system.
    #[error("the instrument's scores: {0}")]
    Scores(#[from] RollupError),
}

/// Each unit of `params.level`'s IMPACT profile on `params.as_of`: for every component the
/// evidence [`EvidenceItem`] describes, read over the unit and every unit below it. Every
/// input is read once, so the cost is linear in the system and the inputs.
///
/// Evidence from an input not given is no data, and so is a share of nobody (no active
/// practitioner, no team, no rating): never zero.
///
/// ```
/// use implsci::event::{parse_log, Event};
/// use implsci::framework::impact::{impact_profile, EvidenceItem, ImpactInputs, ImpactParams};
/// use implsci::share::Share;
/// use implsci::system::System;
///
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let events: Vec<Event> = parse_log(&std::fs::read("examples/data/state_events.jsonl")?)
///     .records.into_iter().map(|r| r.value).collect();
/// let params = ImpactParams::new("district".parse()?, "2025-01-31".parse()?);
/// let profile = impact_profile(&ImpactInputs::new(&system).events(&events), &params)?;
/// let wake = &profile.units[0];
/// // Wake's part of the system: the district and its three schools.
/// assert_eq!(wake.units, 4);
/// let trained = wake.item(EvidenceItem::PractitionersTrained).unwrap();
/// assert_eq!(trained.share, Some(Share::new(11, 18))); // training e-0001: 11 of 18
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`ImpactError`]: the level is not the system's, the window starts after the date, or the
/// instrument's scores cannot be rolled up (their subjects are not the system's).
pub fn impact_profile(
    inputs: &ImpactInputs<'_>,
    params: &ImpactParams,
) -> Result<ImpactProfile, ImpactError> {
    let system = inputs.system;
    let doc = system.document();
    let idx = &system.index;
    let as_of = params.as_of;
    let when = When::On(as_of);
    let Some(level) = doc.levels.iter().position(|l| l.id == params.level) else {
        let levels: Vec<&str> = doc.levels.iter().map(|l| l.id.as_str()).collect();
        return Err(ImpactError::UnknownLevel {
            level: params.level.clone(),
            levels: levels.join(", "),
        });
    };
    let window_start = params
        .window_start
        .unwrap_or_else(|| Calendar::new(PeriodKind::SchoolYear).period_of(as_of).start);
    let window = Window::new(window_start, as_of).ok_or(ImpactError::WindowAfterDate {
        start: window_start,
        as_of,
    })?;

    // Each unit's row: the unit of the level at or above it, in one pass down the tree.
    let mut row = vec![NONE; doc.units.len()];
    let mut rows: Vec<u32> = Vec::new();
    for &u in &idx.top_down {
        row[u as usize] = if idx.unit_level[u as usize] as usize == level {
            rows.push(u);
            position(rows.len() - 1)
        } else {
            match idx.parent[u as usize] {
                NONE => NONE,
                p => row[p as usize],
            }
        };
    }
    let mut tally = vec![Tally::default(); rows.len()];
    let lowest = doc.levels.len().saturating_sub(1);

    let innovation = params.innovation.as_ref();
    let practitioner_row = read_system(system, when, innovation, &row, &rows, &mut tally);

    // Events about the innovation only: plans, their steps and trainings naming another are
    // left out (`about_innovation`); loop items are filtered by the loop measure.
    let about: Option<Vec<Event>> = inputs
        .events
        .zip(innovation)
        .map(|(events, i)| about_innovation(events, i));
    if let Some(events) = about.as_deref().or(inputs.events) {
        read_events(
            system,
            events,
            window,
            params,
            &practitioner_row,
            &row,
            lowest,
            &mut tally,
        );
    }
    if let Some(sites) = inputs.sites {
        read_sites(system, sites, as_of, innovation, &row, &mut tally);
    }
    let instrument = inputs
        .instrument_scores
        .map(|scores| instrument_evidence(system, scores, as_of, &rows, &row))
        .transpose()?;

    let units = rows
        .iter()
        .enumerate()
        .map(|(r, &u)| {
            let t = &tally[r];
            let extra = instrument.as_ref().map(|per_row| &per_row[r]);
            UnitProfile {
                unit: system.unit_id(u).clone(),
                name: system.unit_name(u),
                units: t.units,
                practitioners: t.practitioners,
                components: Component::ALL
                    .into_iter()
                    .map(|c| ComponentEvidence {
                        component: c,
                        evidence: evidence_of(c, t, inputs, extra),
                    })
                    .collect(),
            }
        })
        .collect();
    Ok(ImpactProfile {
        framework: SOURCE,
        basis: MappingBasis::ByDefinition,
        reading: READING,
        as_of,
        level: params.level.clone(),
        innovation: params.innovation.clone(),
        window_start,
        assessment_days: params.assessment_days,
        units,
    })
}

/// The instrument's evidence per row: its mean percent, or each self-assessment subscale's.
fn instrument_evidence(
    system: &System,
    scores: &[Score],
    as_of: Date,
    rows: &[u32],
    row: &[u32],
) -> Result<Vec<Vec<Evidence>>, ImpactError> {
    let params = RollupParams::default().as_of(as_of);
    let mean = |scores: &[Score]| -> Result<Vec<(Option<f64>, Share)>, ImpactError> {
        let rollup = system.rollup_with(scores, Aggregate::Mean, &params)?;
        let mut per_row = vec![(None, Share::new(0, 0)); rows.len()];
        for r in &rollup.rows {
            // The rows of the level's own units, not of the units below them.
            if let Some(at) = system.unit_position(r.unit.as_str())
                && let Some(&i) = row.get(at as usize)
                && i != NONE
                && rows[i as usize] == at
                && r.period.is_none()
            {
                per_row[i as usize] = (r.value, r.coverage);
            }
        }
        Ok(per_row)
    };
    let components = super::assessment::components_of(scores);
    let mut per_row: Vec<Vec<Evidence>> = vec![Vec::new(); rows.len()];
    if components.is_empty() {
        for (i, (value, coverage)) in mean(scores)?.into_iter().enumerate() {
            per_row[i].push(Evidence::number(
                EvidenceItem::InstrumentScore,
                value,
                Some(coverage),
            ));
        }
        return Ok(per_row);
    }
    for (component, subscale) in components {
        let of_subscale: Vec<Score> = scores
            .iter()
            .map(|s| {
                let mut s = s.clone();
                s.points = None;
                s.percent = s
                    .subscales
                    .iter()
                    .find(|x| x.subscale == subscale)
                    .and_then(|x| x.percent);
                s
            })
            .collect();
        for (i, (value, coverage)) in mean(&of_subscale)?.into_iter().enumerate() {
            let mut e = Evidence::number(EvidenceItem::SelfAssessment, value, Some(coverage));
            e.component = component;
            per_row[i].push(e);
        }
    }
    Ok(per_row)
}

/// One component's evidence for a row, from its tally.
fn evidence_of(
    component: Component,
    t: &Tally,
    inputs: &ImpactInputs<'_>,
    instrument: Option<&Vec<Evidence>>,
) -> Vec<Evidence> {
    let practitioners = |n: u64| Share::new(n, t.practitioners);
    let of_sites = |d: usize| {
        let share = t.drivers[d];
        Share::new(share.denominator, t.units)
    };
    let mut list: Vec<Evidence> = component
        .evidence()
        .into_iter()
        .map(|item| {
            let events = inputs.events.is_some();
            let sites = inputs.sites.is_some();
            match item {
                EvidenceItem::PractitionersOnTeams => Evidence::share(item, t.members, None),
                EvidenceItem::PracticeItemsRaised if events => {
                    Evidence::number(item, Some(count(t.raised)), None)
                }
                EvidenceItem::PracticeItemsClosed if events => {
                    Evidence::share(item, Share::new(t.closed, t.raised), None)
                }
                EvidenceItem::TechnicalLeadership if sites => {
                    Evidence::share(item, t.drivers[0], Some(of_sites(0)))
                }
                EvidenceItem::AdaptiveLeadership if sites => {
                    Evidence::share(item, t.drivers[1], Some(of_sites(1)))
                }
                EvidenceItem::DecisionSupportData if sites => {
                    Evidence::share(item, t.drivers[2], Some(of_sites(2)))
                }
                EvidenceItem::PractitionersTrained if events => {
                    Evidence::share(item, practitioners(t.trained), None)
                }
                EvidenceItem::CoachingHours if events => {
                    let per = (t.practitioners > 0).then(|| t.hours / count(t.practitioners));
                    Evidence::number(item, per, Some(practitioners(t.coached)))
                }
                EvidenceItem::CyclesDelivered if events => Evidence::share(item, t.delivered, None),
                EvidenceItem::FidelityAssessed if events => {
                    Evidence::share(item, practitioners(t.observed), None)
                }
                EvidenceItem::PdsaEveryPhase if events => Evidence::share(item, t.pdsa, None),
                EvidenceItem::OwnConnectedTeam => {
                    Evidence::number(item, Some(f64::from(u8::from(t.own_connected))), None)
                }
                EvidenceItem::ChainUnbroken => {
                    Evidence::share(item, Share::new(t.unbroken, t.units), None)
                }
                EvidenceItem::VerticalLinks => {
                    Evidence::number(item, Some(count(t.vertical)), None)
                }
                EvidenceItem::HorizontalLinks => {
                    Evidence::number(item, Some(count(t.horizontal)), None)
                }
                EvidenceItem::TeamsWithinSize => Evidence::share(item, t.teams_within, None),
                EvidenceItem::InstrumentScore => instrument
                    .and_then(|list| {
                        list.iter()
                            .find(|e| e.item == EvidenceItem::InstrumentScore)
                            .cloned()
                    })
                    .unwrap_or_else(|| Evidence::no_data(item)),
                _ => Evidence::no_data(item),
            }
        })
        .collect();
    if let Some(extra) = instrument {
        list.extend(
            extra
                .iter()
                .filter(|e| e.item == EvidenceItem::SelfAssessment && e.component == component)
                .cloned(),
        );
    }
    list
}

#[allow(clippy::cast_precision_loss)]
fn count(n: u64) -> f64 {
    n as f64
}
