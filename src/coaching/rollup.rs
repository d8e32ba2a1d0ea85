//! Coaching measures rolled up the implementation system: per unit and per level, with
//! coverage.
//!
//! The per-practitioner measures of [`coaching_report`] and
//! [`time_to_fidelity`](super::fidelity::time_to_fidelity) are lined up with the system's
//! practitioners and rolled up every unit of every level with
//! [`System::rollup_practitioners`]: a school's value is over its practitioners, a district's
//! over every practitioner at or below it. NIRN's Coaching driver (Active Implementation Hub,
//! module 2) asks whether coaching happens as planned; coaching in the practitioner's own
//! setting is what turns training into use (Joyce & Showers 2002, DOMAIN §4); Full
//! Implementation is reached when 50% or more of the intended practitioners use the innovation
//! with fidelity (NIRN module 4). The indicators ([`CoachingIndicator`]) follow from those
//! sources; how each is counted, and what counts as missing, is **this crate's choice**, set
//! out on each indicator.
//!
//! ```
//! use implsci::{Document, Innovation};
//! use implsci::coaching::fidelity::time_to_fidelity;
//! use implsci::coaching::measures::{coaching_report, Window};
//! use implsci::coaching::rollup::{coaching_rollup, CoachingIndicator, DEFAULT_ROLLUPS};
//! use implsci::event::{parse_log, Event};
//! use implsci::score::rollup::Aggregate;
//! use implsci::system::System;
//!
//! let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
//! let cico = Innovation::from_json(&std::fs::read_to_string("examples/data/innovation.json")?)?;
//! let log = parse_log(&std::fs::read("examples/data/state_events.jsonl")?);
//! let events: Vec<Event> = log.records.into_iter().map(|r| r.value).collect();
//!
//! let window = Window::new("2024-09-01".parse()?, "2024-10-31".parse()?).ok_or("empty window")?;
//! let report = coaching_report(&events, window, window.end());
//! let fidelity = time_to_fidelity(&events, &cico);
//! let rollup = coaching_rollup(&system, &report, &fidelity, &DEFAULT_ROLLUPS);
//!
//! // Wake county: 18 practitioners active on 31 October (of 19 listed, one has left);
//! // lincoln-t1 had 2 cycles, roosevelt-t1 one.
//! let cycles = rollup.get(CoachingIndicator::Cycles, Aggregate::Mean).ok_or("requested")?;
//! let wake = cycles.row(&"wake".parse()?).ok_or("a unit")?;
//! assert_eq!(wake.value, Some(3.0 / 18.0));
//! assert_eq!((wake.coverage.numerator, wake.coverage.denominator), (18, 18));
//!
//! // At fidelity on their latest observation: lincoln-t1 yes, roosevelt-t1 no.
//! let at_fidelity = rollup
//!     .get(CoachingIndicator::LatestFidelity, Aggregate::ShareMeetingCriterion)
//!     .ok_or("requested")?;
//! let wake = at_fidelity.row(&"wake".parse()?).ok_or("a unit")?;
//! assert_eq!(wake.value, Some(0.5)); // a share is a fraction
//!
//! let mut csv = Vec::new();
//! rollup.write_csv(&mut csv)?;
//! assert!(String::from_utf8(csv)?.starts_with("unit,name,level,parent,state,region,district,measure,"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::BTreeSet;
use std::io;

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::CoachingEvent;
use super::fidelity::TimeToFidelity;
use super::measures::{CoachingReport, Window, coaching_report};
use crate::id::PractitionerId;
use crate::period::Calendar;
use crate::score::rollup::{Aggregate, Rollup, RowStatus, Scored};
use crate::system::{System, When};

/// A coaching measure per practitioner, as rolled up.
///
/// Every value is as of the window's end: the dose indicators count what happened in the
/// window, the fidelity indicators what was observed on or before its last day. The sources
/// name the constructs (NIRN module 2, Coaching driver; Joyce & Showers 2002; NIRN module 4 for
/// fidelity), not their arithmetic, so the rules below are this crate's.
///
/// ```
/// use implsci::coaching::rollup::CoachingIndicator;
/// assert_eq!(CoachingIndicator::Delivered.as_str(), "coaching_delivered");
/// assert_eq!(CoachingIndicator::ALL.len(), 5);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum CoachingIndicator {
    /// Coaching dose in cycles: the distinct coaching cycles with a step in the window
    /// ([`PractitionerCoaching::cycles`](super::measures::PractitionerCoaching::cycles)).
    /// A practitioner of the system with no coaching in the window has **0**, not a missing
    /// value: the log is taken to be the complete record of coaching, so every practitioner is
    /// scored and coverage is full. No criterion.
    Cycles,
    /// Coaching dose in hours: the hours of the practitioner's steps in the window
    /// ([`PractitionerCoaching::hours`](super::measures::PractitionerCoaching::hours)). As
    /// for cycles, no coaching in the window is **0** hours. No criterion.
    Hours,
    /// The share (a fraction; 1 is every planned cycle) of planned cycles delivered: complete
    /// cycles out of the cycles the practitioner's plans call for in the window
    /// ([`PractitionerCoaching::delivered`](super::measures::PractitionerCoaching::delivered));
    /// it can exceed 1. **Missing** when no cycle is planned for the practitioner (not
    /// computable), so coverage counts the practitioners with a plan. No criterion: no
    /// source this crate follows publishes a threshold for coaching delivered as planned.
    /// [`Aggregate::Mean`] is the unweighted mean of the practitioners' shares, not the
    /// pooled share.
    Delivered,
    /// Days from the practitioner's first training for the innovation to their first
    /// observation at fidelity ([`TimeToFidelity::days`]), when that observation is on or
    /// before the window's end. **Missing** otherwise: not trained, or not (yet) at fidelity.
    /// The values are times to an event that has not happened for everyone (right-censored):
    /// a mean over those who reached fidelity understates the time for all, so read it with
    /// its coverage. No criterion.
    DaysToFidelity,
    /// The practitioner's latest fidelity observation on or before the window's end: the
    /// percent of rated essential functions at expected
    /// ([`FidelityPoint::expected`](super::fidelity::FidelityPoint::expected)), with whether
    /// it meets the innovation's fidelity criterion. **Missing** without such an observation.
    /// With [`Aggregate::ShareMeetingCriterion`] the value is the share (0 to 1) of observed
    /// practitioners at fidelity, the Full Implementation share when it covers the intended
    /// practitioners (50% or more; NIRN module 4).
    LatestFidelity,
}

impl CoachingIndicator {
    /// Every indicator, in the order listed.
    ///
    /// ```
    /// use implsci::coaching::rollup::CoachingIndicator;
    /// assert_eq!(CoachingIndicator::ALL[0], CoachingIndicator::Cycles);
    /// assert_eq!(CoachingIndicator::ALL.iter().filter(|i| i.needs_innovation()).count(), 2);
    /// ```
    pub const ALL: [Self; 5] = [
        Self::Cycles,
        Self::Hours,
        Self::Delivered,
        Self::DaysToFidelity,
        Self::LatestFidelity,
    ];

    /// Whether the indicator comes from fidelity observations, and so needs the innovation
    /// whose practice profile rates them ([`time_to_fidelity`](super::fidelity::time_to_fidelity)).
    ///
    /// ```
    /// use implsci::coaching::rollup::CoachingIndicator;
    /// assert!(CoachingIndicator::LatestFidelity.needs_innovation());
    /// assert!(!CoachingIndicator::Hours.needs_innovation());
    /// ```
    #[must_use]
    pub fn needs_innovation(self) -> bool {
        matches!(self, Self::DaysToFidelity | Self::LatestFidelity)
    }

    /// The name in the `measure` column of the CSV, with its unit.
    ///
    /// ```
    /// use implsci::coaching::rollup::CoachingIndicator;
    /// assert_eq!(CoachingIndicator::LatestFidelity.as_str(), "latest_fidelity_percent");
    /// ```
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Cycles => "coaching_cycles",
            Self::Hours => "coaching_hours",
            Self::Delivered => "coaching_delivered",
            Self::DaysToFidelity => "days_to_fidelity",
            Self::LatestFidelity => "latest_fidelity_percent",
        }
    }
}

/// The rollups [`coaching_rollup`] is usually asked for: the mean of every indicator, and the
/// share of practitioners at fidelity on their latest observation.
///
/// ```
/// use implsci::coaching::rollup::{CoachingIndicator, DEFAULT_ROLLUPS};
/// use implsci::score::rollup::Aggregate;
///
/// assert!(CoachingIndicator::ALL.iter().all(|&i| DEFAULT_ROLLUPS.contains(&(i, Aggregate::Mean))));
/// assert!(DEFAULT_ROLLUPS.contains(&(CoachingIndicator::LatestFidelity, Aggregate::ShareMeetingCriterion)));
/// ```
pub const DEFAULT_ROLLUPS: [(CoachingIndicator, Aggregate); 6] = [
    (CoachingIndicator::Cycles, Aggregate::Mean),
    (CoachingIndicator::Hours, Aggregate::Mean),
    (CoachingIndicator::Delivered, Aggregate::Mean),
    (CoachingIndicator::DaysToFidelity, Aggregate::Mean),
    (CoachingIndicator::LatestFidelity, Aggregate::Mean),
    (
        CoachingIndicator::LatestFidelity,
        Aggregate::ShareMeetingCriterion,
    ),
];

/// One indicator rolled up with one aggregate. Part of a [`CoachingRollup`].
///
/// ```
/// use implsci::coaching::measures::{coaching_report, Window};
/// use implsci::coaching::rollup::{coaching_rollup, CoachingIndicator};
/// use implsci::score::rollup::Aggregate;
/// use implsci::system::System;
///
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let window = Window::new("2024-09-01".parse()?, "2024-09-30".parse()?).ok_or("empty")?;
/// let report = coaching_report::<implsci::event::Event>(&[], window, window.end());
/// let rollup = coaching_rollup(&system, &report, &[], &[(CoachingIndicator::Cycles, Aggregate::Mean)]);
/// let cycles = &rollup.rollups[0];
/// assert_eq!((cycles.indicator, cycles.rollup.aggregate), (CoachingIndicator::Cycles, Aggregate::Mean));
/// assert_eq!(cycles.rollup.rows.len(), system.document().units.len()); // one row per unit
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct IndicatorRollup {
    /// The indicator.
    pub indicator: CoachingIndicator,
    /// Its rollup: one row per unit, top-down, with coverage.
    pub rollup: Rollup,
}

/// Coaching indicators rolled up every unit of every level. Made by [`coaching_rollup`].
///
/// ```
/// use implsci::coaching::measures::{coaching_report, Window};
/// use implsci::coaching::rollup::{coaching_rollup, DEFAULT_ROLLUPS};
/// use implsci::coaching::{CoachingStep, CycleStep};
/// use implsci::event::Event;
/// use implsci::system::System;
///
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let step = CoachingStep::new("e-1".parse()?, "2024-09-03".parse()?, "plan-1".parse()?,
///     "cycle-1".parse()?, "lincon-t1".parse()?, CycleStep::Plan);
/// let window = Window::new("2024-09-01".parse()?, "2024-09-30".parse()?).ok_or("empty")?;
/// let report = coaching_report(&[Event::CoachingStep(step)], window, window.end());
/// let rollup = coaching_rollup(&system, &report, &[], &DEFAULT_ROLLUPS);
/// assert_eq!(rollup.rollups.len(), DEFAULT_ROLLUPS.len());
/// assert_eq!(rollup.outside_system[0].as_str(), "lincon-t1"); // not in the system
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct CoachingRollup {
    /// The coaching report's window; every value is as of its last day.
    pub window: Window,
    /// One rollup per requested (indicator, aggregate), in the order requested.
    pub rollups: Vec<IndicatorRollup>,
    /// Practitioners in the coaching report or the fidelity results but not in the system, by
    /// id: left out of every rollup, listed here so that they are not lost silently (a typo in
    /// the log, a practitioner who left).
    pub outside_system: Vec<PractitionerId>,
}

impl CoachingRollup {
    /// The rollup of `indicator` with `aggregate`, if it was requested.
    ///
    /// ```
    /// use implsci::coaching::measures::{coaching_report, Window};
    /// use implsci::coaching::rollup::{coaching_rollup, CoachingIndicator};
    /// use implsci::score::rollup::Aggregate;
    /// use implsci::system::System;
    ///
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// let window = Window::new("2024-09-01".parse()?, "2024-09-30".parse()?).ok_or("empty")?;
    /// let report = coaching_report::<implsci::event::Event>(&[], window, window.end());
    /// let rollup = coaching_rollup(&system, &report, &[], &[(CoachingIndicator::Hours, Aggregate::Minimum)]);
    /// assert_eq!(rollup.get(CoachingIndicator::Hours, Aggregate::Minimum).map(|r| r.rows[0].value), Some(Some(0.0)));
    /// assert!(rollup.get(CoachingIndicator::Hours, Aggregate::Mean).is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn get(&self, indicator: CoachingIndicator, aggregate: Aggregate) -> Option<&Rollup> {
        self.rollups
            .iter()
            .find(|r| r.indicator == indicator && r.rollup.aggregate == aggregate)
            .map(|r| &r.rollup)
    }

    /// Writes tidy CSV, one row per unit × measure (× aggregate), with the columns of
    /// [`Rollup::write_csv`] so the files stack: the unit's name, level, parent and one column
    /// per level above it, then `measure, period, period_start, period_end, as_of, date,
    /// aggregate, value, status, scored, stale, subjects`. `measure` is
    /// [`CoachingIndicator::as_str`], `as_of` the window's last day, `value` empty when not
    /// computable. R's `read.csv` and pandas' `read_csv` read it as is.
    ///
    /// ```
    /// use implsci::coaching::measures::{coaching_report, Window};
    /// use implsci::coaching::rollup::{coaching_rollup, CoachingIndicator};
    /// use implsci::score::rollup::Aggregate;
    /// use implsci::system::System;
    ///
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// let window = Window::new("2024-09-01".parse()?, "2024-09-30".parse()?).ok_or("empty")?;
    /// let report = coaching_report::<implsci::event::Event>(&[], window, window.end());
    /// let rollup = coaching_rollup(&system, &report, &[], &[(CoachingIndicator::Delivered, Aggregate::Mean)]);
    /// let mut out = Vec::new();
    /// rollup.write_csv(&mut out)?;
    /// let csv = String::from_utf8(out)?;
    /// // No plans: no scores, 0 of the 46 active practitioners.
    /// assert_eq!(
    ///     csv.lines().nth(1),
    ///     Some("state,State Department of Public Instruction,state,,,,,coaching_delivered,,,,2024-09-30,,mean,,no_scores,0,0,46")
    /// );
    /// assert_eq!(csv.lines().count(), 1 + system.document().units.len());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// Errors of the writer.
    pub fn write_csv(&self, out: impl io::Write) -> Result<(), csv::Error> {
        let mut w = csv::Writer::from_writer(out);
        match self.rollups.first() {
            Some(first) => w.write_record(first.rollup.csv_header())?,
            None => w.write_record(crate::score::rollup::empty_csv_header())?,
        }
        for IndicatorRollup { indicator, rollup } in &self.rollups {
            rollup.write_csv_rows(&mut w, indicator.as_str())?;
        }
        w.flush()?;
        Ok(())
    }
}

/// Rolls the coaching indicators up every unit of every level: one rollup per `(indicator,
/// aggregate)` in `requests` ([`DEFAULT_ROLLUPS`] for the usual set).
///
/// `report` gives the dose and delivery per practitioner; `fidelity` (from
/// [`time_to_fidelity`](super::fidelity::time_to_fidelity), for one innovation) the days to
/// fidelity and the latest observation. Each is matched to the system's practitioners by id;
/// what is missing for a practitioner is set out on each [`CoachingIndicator`] (dose 0,
/// the rest not scored). An aggregate an indicator cannot give (the share meeting a
/// criterion of an indicator without one) is not computable, with 0 judged. Practitioners the
/// system does not have are listed in [`CoachingRollup::outside_system`]; a practitioner listed
/// twice in `report` or `fidelity` counts with the first row.
///
/// Linear in the practitioners and units of the system and the rows of `report` and
/// `fidelity` (one id lookup per row), times the number of requests.
///
/// ```
/// use implsci::{Document, Innovation};
/// use implsci::coaching::fidelity::time_to_fidelity;
/// use implsci::coaching::measures::{coaching_report, Window};
/// use implsci::coaching::rollup::{coaching_rollup, CoachingIndicator};
/// use implsci::event::{parse_log, Event};
/// use implsci::score::rollup::Aggregate;
/// use implsci::system::System;
///
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let cico = Innovation::from_json(&std::fs::read_to_string("examples/data/innovation.json")?)?;
/// let log = parse_log(&std::fs::read("examples/data/state_events.jsonl")?);
/// let events: Vec<Event> = log.records.into_iter().map(|r| r.value).collect();
/// let window = Window::new("2024-09-01".parse()?, "2024-10-31".parse()?).ok_or("empty")?;
/// let report = coaching_report(&events, window, window.end());
/// let fidelity = time_to_fidelity(&events, &cico);
///
/// let rollup = coaching_rollup(&system, &report, &fidelity, &[
///     (CoachingIndicator::Delivered, Aggregate::Mean),
///     (CoachingIndicator::DaysToFidelity, Aggregate::Minimum),
/// ]);
/// let delivered = &rollup.rollups[0].rollup.rows[0]; // the state
/// // lincoln-t1 2 of 4, roosevelt-t1 0 of 4, erwin-t1 1 of 2: the mean of 0.5, 0 and 0.5.
/// assert_eq!(delivered.value.map(|v| (v * 100.0).round() / 100.0), Some(0.33));
/// assert_eq!((delivered.coverage.numerator, delivered.coverage.denominator), (3, 46)); // 46 active
/// // Only lincoln-t1 reached fidelity: trained 20 August, at fidelity 14 October.
/// assert_eq!(rollup.rollups[1].rollup.rows[0].value, Some(55.0));
/// assert!(rollup.outside_system.is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
#[allow(clippy::missing_panics_doc)] // its one `expect` cannot fail; the proof is beside it
pub fn coaching_rollup(
    system: &System,
    report: &CoachingReport,
    fidelity: &[TimeToFidelity],
    requests: &[(CoachingIndicator, Aggregate)],
) -> CoachingRollup {
    let scores = Scores::new(system, report, fidelity);
    let end = report.window.end();
    let rollups = requests
        .iter()
        .map(|&(indicator, aggregate)| {
            let mut rollup = system
                .rollup_practitioners(scores.of(indicator), aggregate, When::On(end))
                // Proven here: every slice of `Scores` has one entry per practitioner of the
                // system's document, the only thing `rollup_practitioners` checks.
                .expect("one score per practitioner of the system");
            // Every value is counted through the window's last day.
            for row in &mut rollup.rows {
                if row.status == RowStatus::Computed {
                    row.date = Some(end);
                }
            }
            IndicatorRollup { indicator, rollup }
        })
        .collect();
    CoachingRollup {
        window: report.window,
        rollups,
        outside_system: scores.outside_system.into_iter().cloned().collect(),
    }
}

/// [`coaching_rollup`] per period: for each period of `calendar` that meets `window`, the
/// coaching report over the part of the window in the period (as of its last day), rolled up;
/// every rollup's rows are the periods' rows in time order, each with its period. Fidelity is
/// read as of each period's last day, from the one `fidelity` list.
///
/// Linear in the events times the periods, and in the system times the periods.
///
/// ```
/// use implsci::coaching::measures::Window;
/// use implsci::coaching::rollup::{coaching_rollup_by, CoachingIndicator};
/// use implsci::event::{parse_log, Event};
/// use implsci::period::{Calendar, PeriodKind};
/// use implsci::score::rollup::Aggregate;
/// use implsci::system::System;
///
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let log = parse_log(&std::fs::read("examples/data/state_events.jsonl")?);
/// let events: Vec<Event> = log.records.into_iter().map(|r| r.value).collect();
/// let window = Window::new("2024-09-01".parse()?, "2024-11-30".parse()?).ok_or("empty")?;
/// let months = Calendar::new(PeriodKind::Month);
/// let rollup = coaching_rollup_by(&system, &events, &[], &[(CoachingIndicator::Cycles, Aggregate::Mean)], window, months);
/// let lincoln: Vec<_> = rollup.rollups[0].rollup.rows_of(&"lincoln-es".parse()?).collect();
/// let months: Vec<&str> = lincoln.iter().filter_map(|r| r.period.as_ref()).map(|p| p.label.as_str()).collect();
/// assert_eq!(months, ["2024-09", "2024-10", "2024-11"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn coaching_rollup_by<E: CoachingEvent>(
    system: &System,
    events: &[E],
    fidelity: &[TimeToFidelity],
    requests: &[(CoachingIndicator, Aggregate)],
    window: Window,
    calendar: Calendar,
) -> CoachingRollup {
    let mut merged: Option<CoachingRollup> = None;
    let mut outside = BTreeSet::new();
    for period in calendar.periods(window.start(), window.end()) {
        let part = Window::new(
            period.start.max(window.start()),
            period.end.min(window.end()),
        );
        let Some(part) = part else { continue };
        let report = coaching_report(events, part, part.end());
        let mut rollup = coaching_rollup(system, &report, fidelity, requests);
        outside.extend(rollup.outside_system.drain(..));
        for r in &mut rollup.rollups {
            r.rollup.by = Some(calendar.kind);
            for row in &mut r.rollup.rows {
                row.period = Some(period.clone());
            }
        }
        match &mut merged {
            None => merged = Some(rollup),
            Some(all) => {
                for (into, from) in all.rollups.iter_mut().zip(rollup.rollups) {
                    into.rollup.as_of = from.rollup.as_of;
                    into.rollup.rows.extend(from.rollup.rows);
                }
            }
        }
    }
    let mut all = merged.unwrap_or_else(|| {
        let report = coaching_report(events, window, window.end());
        coaching_rollup(system, &report, fidelity, requests)
    });
    all.window = window;
    all.outside_system = outside.into_iter().collect();
    all
}

/// The indicators per practitioner, in the system document's order.
struct Scores<'a> {
    cycles: Vec<Scored>,
    hours: Vec<Scored>,
    delivered: Vec<Scored>,
    days: Vec<Scored>,
    latest: Vec<Scored>,
    outside_system: BTreeSet<&'a PractitionerId>,
}

impl<'a> Scores<'a> {
    fn new(system: &System, report: &'a CoachingReport, fidelity: &'a [TimeToFidelity]) -> Self {
        let n = system.document().practitioners.len();
        let mut outside_system = BTreeSet::new();
        // Dose: no coaching in the window is a dose of 0 (see `CoachingIndicator::Cycles`).
        let mut cycles = vec![Scored::value(0.0); n];
        let mut hours = vec![Scored::value(0.0); n];
        let mut delivered = vec![Scored::default(); n];
        let mut seen = vec![false; n];
        for row in &report.practitioners {
            let Some(p) = system.practitioner_position(row.practitioner.as_str()) else {
                outside_system.insert(&row.practitioner);
                continue;
            };
            let p = p as usize;
            if std::mem::replace(&mut seen[p], true) {
                continue; // the first row counts
            }
            cycles[p] = Scored::value(as_f64(row.cycles));
            hours[p] = Scored::value(row.hours);
            delivered[p] = row.delivered.value().map(Scored::value).unwrap_or_default();
        }

        let end = report.window.end();
        let mut days = vec![Scored::default(); n];
        let mut latest = vec![Scored::default(); n];
        seen.fill(false);
        for row in fidelity {
            let Some(p) = system.practitioner_position(row.practitioner.as_str()) else {
                outside_system.insert(&row.practitioner);
                continue;
            };
            let p = p as usize;
            if std::mem::replace(&mut seen[p], true) {
                continue;
            }
            if let (Some(d), Some(met)) = (row.days, row.first_met)
                && met <= end
            {
                days[p] = Scored::value(f64::from(d));
            }
            latest[p] = latest_point(row, end);
        }
        Self {
            cycles,
            hours,
            delivered,
            days,
            latest,
            outside_system,
        }
    }

    fn of(&self, indicator: CoachingIndicator) -> &[Scored] {
        match indicator {
            CoachingIndicator::Cycles => &self.cycles,
            CoachingIndicator::Hours => &self.hours,
            CoachingIndicator::Delivered => &self.delivered,
            CoachingIndicator::DaysToFidelity => &self.days,
            CoachingIndicator::LatestFidelity => &self.latest,
        }
    }
}

/// The last point of the trajectory dated on or before `end` (the trajectory is oldest first;
/// of two on one day, the later in the log).
fn latest_point(row: &TimeToFidelity, end: Date) -> Scored {
    row.trajectory
        .iter()
        .rev()
        .find(|point| point.date <= end)
        .map_or_else(Scored::default, |point| Scored {
            value: point.expected.percent(),
            criterion_met: point.criterion_met,
        })
}

#[allow(clippy::cast_precision_loss)] // counts below 2^53 are exact
fn as_f64(n: u64) -> f64 {
    n as f64
}
