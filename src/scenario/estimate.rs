//! The simulation's chances estimated from a system's own event log, each with the counts it
//! rests on.
//!
//! The simulation moves a trained practitioner to routine use, and one in use to fidelity,
//! with a chance per school year ([`ModelParameters::use_given`] and
//! [`ModelParameters::fidelity_given`], Joyce & Showers 2002 by default). Where a log holds
//! trainings and rated coaching observations, the same chances can be read from it:
//!
//! - **in use** from a practitioner's first observation, on or after their first training for
//!   the innovation, that rates any essential function at expected or developmental (this
//!   crate's reading of the practice profile: developmental is use on the way to proficiency);
//! - **at fidelity** from their first observation meeting the innovation's fidelity criterion
//!   ([`time_to_fidelity`]);
//! - only practitioners observed with ratings at least once on or after their training are
//!   at risk: for the others the log cannot see a move;
//! - practitioners in a coaching plan for the innovation are read as the `coaching` row of the
//!   support table, the others as the `practice` row (the crate's reading: the log does not
//!   say which training components a training held).
//!
//! Method, this crate's choice: a constant hazard per year fitted with right-censoring, the
//! exponential maximum-likelihood estimate `λ = events / person-years at risk`, where a
//! practitioner is at risk from the start of the interval (training; in use) to the event or,
//! without one, to the log's last date. The chance within a school year is `1 − e^(−λ)`,
//! with a 95% interval from the log-normal approximation `λ · e^(±1.96/√events)`. An estimate
//! needs [`EstimateParams::min_practitioners`] practitioners at risk and one event at least;
//! otherwise it is `None` with its counts.
//!
//! ```
//! use implsci::{Document, Innovation};
//! use implsci::event::{parse_log, Event};
//! use implsci::scenario::estimate::{estimate, EstimateParams};
//!
//! let cico = Innovation::from_json(&std::fs::read_to_string("examples/data/innovation.json")?)?;
//! let log = parse_log(&std::fs::read("examples/data/state_events.jsonl")?);
//! let events: Vec<Event> = log.records.into_iter().map(|r| r.value).collect();
//! let found = estimate(&events, &cico, &EstimateParams::default());
//! // The example log is a few months of one state: too little to estimate from.
//! assert!(found.fidelity_given.coaching.chance.is_none());
//! assert!(found.fidelity_given.coaching.practitioners > 0);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! [`ModelParameters::use_given`]: super::ModelParameters::use_given
//! [`ModelParameters::fidelity_given`]: super::ModelParameters::fidelity_given

use std::collections::{HashMap, HashSet};

use jiff::civil::Date;
use serde::Serialize;

use super::{Parameters, SupportTable};
use crate::coaching::CycleStep;
use crate::coaching::fidelity::time_to_fidelity;
use crate::event::Event;
use crate::id::PractitionerId;
use crate::innovation::{Innovation, ProfileLevel};

/// How [`estimate`] reads a log.
///
/// ```
/// use implsci::scenario::estimate::EstimateParams;
/// assert_eq!(EstimateParams::default().min_practitioners, 10);
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct EstimateParams {
    /// Practitioners at risk an estimate needs (this crate's assumption: 10).
    pub min_practitioners: u64,
    /// The log's last date, where exposure ends; the latest event's date when `None`.
    pub as_of: Option<Date>,
}

impl Default for EstimateParams {
    fn default() -> Self {
        Self {
            min_practitioners: 10,
            as_of: None,
        }
    }
}

/// One chance within a school year, with what it rests on.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Estimate {
    /// The chance; `None` when the counts are too few.
    pub chance: Option<f64>,
    /// Its 95% interval.
    pub interval: Option<(f64, f64)>,
    /// Practitioners at risk.
    pub practitioners: u64,
    /// Of them, those who made the move within the log.
    pub events: u64,
    /// Person-years at risk.
    pub person_years: f64,
}

impl Estimate {
    fn fit(at_risk: &[(bool, f64)], min_practitioners: u64) -> Self {
        let practitioners = at_risk.len() as u64;
        let events = at_risk.iter().filter(|(event, _)| *event).count() as u64;
        let person_years = at_risk.iter().fold(0.0, |sum, (_, years)| sum + years);
        let mut out = Self {
            chance: None,
            interval: None,
            practitioners,
            events,
            person_years,
        };
        if practitioners >= min_practitioners && events > 0 && person_years > 0.0 {
            #[allow(clippy::cast_precision_loss)]
            let (d, rate) = (events as f64, events as f64 / person_years);
            let chance = |l: f64| 1.0 - (-l).exp();
            let spread = (1.96 / d.sqrt()).exp();
            out.chance = Some(chance(rate));
            out.interval = Some((chance(rate / spread), chance(rate * spread)));
        }
        out
    }
}

/// Estimates for the two rows of the support table a log can speak to.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct RowEstimates {
    /// Practitioners with no coaching plan for the innovation: the `practice` row.
    pub practice: Estimate,
    /// Practitioners in a coaching plan for the innovation: the `coaching` row.
    pub coaching: Estimate,
}

/// What a log says of the simulation's chances. Made by [`estimate`].
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Estimates {
    /// The last date of exposure.
    pub as_of: Option<Date>,
    /// Practitioners trained for the innovation in the log.
    pub trained: u64,
    /// A trained practitioner starting routine use within a year.
    pub use_given: RowEstimates,
    /// A practitioner in use reaching fidelity within a year.
    pub fidelity_given: RowEstimates,
}

impl Estimates {
    /// `parameters` with every chance estimated put in its support table, the others as the
    /// preset gives them, so it can stand as a scenario's `parameters`.
    ///
    /// ```
    /// use implsci::scenario::Parameters;
    /// use implsci::scenario::estimate::Estimates;
    /// let same = Estimates::default().overrides(&Parameters::default());
    /// assert_eq!(same, Parameters::default());
    /// ```
    #[must_use]
    pub fn overrides(&self, parameters: &Parameters) -> Parameters {
        let resolved = parameters.resolve();
        let mut out = parameters.clone();
        let fill = |rows: &RowEstimates, base: SupportTable| -> Option<SupportTable> {
            if rows.practice.chance.is_none() && rows.coaching.chance.is_none() {
                return None;
            }
            let mut t = base;
            if let Some(p) = rows.practice.chance {
                t.practice = p;
            }
            if let Some(c) = rows.coaching.chance {
                t.coaching = c;
            }
            Some(t)
        };
        if let Some(t) = fill(&self.use_given, resolved.use_given) {
            out.use_given = Some(t);
        }
        if let Some(t) = fill(&self.fidelity_given, resolved.fidelity_given) {
            out.fidelity_given = Some(t);
        }
        out
    }
}

/// What the log says of one practitioner.
#[derive(Default)]
struct Path {
    trained: Option<Date>,
    /// Observed at all on or after training: only then can the log see a move.
    observed: bool,
    in_use: Option<Date>,
}

/// Years from `a` to `b`, at 365.25 days a year; 0 when `b` is not after `a`.
fn years(a: Date, b: Date) -> f64 {
    let days = (b - a).get_days().max(0);
    f64::from(days) / 365.25
}

/// The simulation's chances read from `events` for `innovation` (see the [module](self)).
#[must_use]
pub fn estimate(events: &[Event], innovation: &Innovation, params: &EstimateParams) -> Estimates {
    let ours = |i: Option<&crate::id::InnovationId>| i.is_none_or(|i| *i == innovation.id);
    let mut paths: HashMap<&PractitionerId, Path> = HashMap::new();
    let mut coached: HashSet<&PractitionerId> = HashSet::new();
    let mut last: Option<Date> = None;
    for event in events {
        last = last.max(Some(event.date()));
        match event {
            Event::Training(t) if t.innovation.as_ref() == Some(&innovation.id) => {
                for p in &t.attendees {
                    let path = paths.entry(p).or_default();
                    path.trained = Some(path.trained.map_or(t.date, |d| d.min(t.date)));
                }
            }
            Event::CoachingPlan(plan) if ours(plan.innovation.as_ref()) => {
                coached.extend(plan.practitioners.iter());
            }
            _ => {}
        }
    }
    // In use: the first observation on or after training rating any function in use.
    for event in events {
        let Event::CoachingStep(s) = event else {
            continue;
        };
        if s.step != CycleStep::Observation || s.ratings.is_empty() {
            continue;
        }
        let Some(path) = paths.get_mut(&s.practitioner) else {
            continue;
        };
        if path.trained.is_none_or(|trained| s.date < trained) {
            continue;
        }
        path.observed = true;
        let in_use = s.ratings.iter().any(|r| {
            matches!(
                r.level,
                ProfileLevel::Expected | ProfileLevel::Developmental
            )
        });
        if in_use {
            path.in_use = Some(path.in_use.map_or(s.date, |d| d.min(s.date)));
        }
    }
    let as_of = params.as_of.or(last);
    let mut out = Estimates {
        as_of,
        trained: paths.values().filter(|p| p.trained.is_some()).count() as u64,
        ..Estimates::default()
    };
    let Some(end) = as_of else {
        return out;
    };
    let met: HashMap<PractitionerId, Date> = time_to_fidelity(events, innovation)
        .into_iter()
        .filter_map(|t| t.first_met.map(|d| (t.practitioner, d)))
        .collect();
    // (event, years at risk) per practitioner, for each move and row.
    let mut use_rows: [Vec<(bool, f64)>; 2] = [Vec::new(), Vec::new()];
    let mut fidelity_rows: [Vec<(bool, f64)>; 2] = [Vec::new(), Vec::new()];
    let mut ids: Vec<&&PractitionerId> = paths.keys().collect();
    ids.sort();
    for id in ids {
        let path = &paths[*id];
        let Some(trained) = path.trained.filter(|&t| t <= end && path.observed) else {
            continue;
        };
        let row = usize::from(coached.contains(*id));
        let in_use = path.in_use.filter(|&d| d <= end);
        use_rows[row].push((in_use.is_some(), years(trained, in_use.unwrap_or(end))));
        if let Some(since) = in_use {
            let at = met.get(*id).copied().filter(|&d| since <= d && d <= end);
            fidelity_rows[row].push((at.is_some(), years(since, at.unwrap_or(end))));
        }
    }
    let min = params.min_practitioners;
    out.use_given = RowEstimates {
        practice: Estimate::fit(&use_rows[0], min),
        coaching: Estimate::fit(&use_rows[1], min),
    };
    out.fidelity_given = RowEstimates {
        practice: Estimate::fit(&fidelity_rows[0], min),
        coaching: Estimate::fit(&fidelity_rows[1], min),
    };
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn censored_exposure_counts_toward_the_rate() {
        // 10 practitioners, 4 events at half a year each, 6 censored at one year: λ = 4 / 8.
        let mut at_risk = vec![(true, 0.5); 4];
        at_risk.extend(vec![(false, 1.0); 6]);
        let e = Estimate::fit(&at_risk, 10);
        assert_eq!((e.practitioners, e.events), (10, 4));
        assert!((e.person_years - 8.0).abs() < 1e-12);
        let expected = 1.0 - (-0.5f64).exp();
        assert!((e.chance.unwrap() - expected).abs() < 1e-12);
        let (low, high) = e.interval.unwrap();
        assert!(low < expected && expected < high);
        // Too few practitioners: no chance, the counts kept.
        let few = Estimate::fit(&at_risk[..9], 10);
        assert_eq!((few.chance, few.practitioners), (None, 9));
    }
}
