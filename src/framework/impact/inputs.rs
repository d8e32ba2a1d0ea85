//! What an IMPACT profile reads, and how: the inputs (the system, and whichever of the event
//! log, site records and an instrument's scores are given) and the parameters (level, date,
//! coaching window, fidelity assessment interval).

use jiff::civil::Date;

use crate::SiteRecord;
use crate::event::Event;
use crate::id::{InnovationId, LevelId};
#[cfg(doc)]
use crate::period::Calendar;
use crate::score::Score;
use crate::system::System;

/// The assessment interval's default: a practitioner observed within this many days before
/// the date counts as assessed for fidelity. **This crate's choice** (about half a year, the
/// twice-yearly rhythm NIRN gives the capacity assessments); no source sets a fidelity
/// schedule for every innovation, so set your innovation's own.
///
/// ```
/// assert_eq!(implsci::framework::impact::DEFAULT_ASSESSMENT_DAYS, 183);
/// ```
pub const DEFAULT_ASSESSMENT_DAYS: u32 = 183;

/// What an IMPACT profile reads. Only the system is required; evidence from an input not
/// given is "no data".
///
/// ```
/// use implsci::framework::impact::ImpactInputs;
/// use implsci::system::System;
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let inputs = ImpactInputs::new(&system);
/// assert!(inputs.events.is_none() && inputs.sites.is_none());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct ImpactInputs<'a> {
    /// The implementation system.
    pub system: &'a System,
    /// The event log: coaching, training, PDSA and practice–policy loops.
    pub events: Option<&'a [Event]>,
    /// Site records, each for a unit of the system (its `site` a unit id); a record for any
    /// other site is not counted.
    pub sites: Option<&'a [SiteRecord]>,
    /// Scores of an instrument the user supplies. Scores whose subscales are named for the
    /// components (a [`self_assessment`](super::self_assessment)) give each component its
    /// subscale's mean; any other instrument's scores are the Collective efficacy instrument.
    pub instrument_scores: Option<&'a [Score]>,
}

impl<'a> ImpactInputs<'a> {
    /// The system alone.
    ///
    /// ```
    /// use implsci::framework::impact::ImpactInputs;
    /// use implsci::system::System;
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// assert!(ImpactInputs::new(&system).instrument_scores.is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn new(system: &'a System) -> Self {
        Self {
            system,
            events: None,
            sites: None,
            instrument_scores: None,
        }
    }

    /// With the event log.
    ///
    /// ```
    /// use implsci::event::{parse_log, Event};
    /// use implsci::framework::impact::ImpactInputs;
    /// use implsci::system::System;
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// let events: Vec<Event> = parse_log(&std::fs::read("examples/data/state_events.jsonl")?)
    ///     .records.into_iter().map(|r| r.value).collect();
    /// assert_eq!(ImpactInputs::new(&system).events(&events).events.map(<[Event]>::len), Some(52));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn events(mut self, events: &'a [Event]) -> Self {
        self.events = Some(events);
        self
    }

    /// With site records.
    ///
    /// ```
    /// use implsci::framework::impact::ImpactInputs;
    /// use implsci::system::System;
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// assert_eq!(ImpactInputs::new(&system).sites(&[]).sites.map(<[_]>::len), Some(0));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn sites(mut self, sites: &'a [SiteRecord]) -> Self {
        self.sites = Some(sites);
        self
    }

    /// With an instrument's scores.
    ///
    /// ```
    /// use implsci::framework::impact::ImpactInputs;
    /// use implsci::system::System;
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// assert!(ImpactInputs::new(&system).instrument_scores(&[]).instrument_scores.is_some());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn instrument_scores(mut self, scores: &'a [Score]) -> Self {
        self.instrument_scores = Some(scores);
        self
    }
}

/// How a profile is read: the level of its units, the date, the coaching window and the
/// fidelity assessment interval.
///
/// ```
/// use implsci::framework::impact::{ImpactParams, DEFAULT_ASSESSMENT_DAYS};
/// let params = ImpactParams::new("district".parse()?, "2025-01-31".parse()?);
/// assert_eq!(params.assessment_days, DEFAULT_ASSESSMENT_DAYS);
/// assert_eq!(params.window_start, None); // the school year's start (1 July)
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ImpactParams {
    /// The level whose units get a profile.
    pub level: LevelId,
    /// The date looked at.
    pub as_of: Date,
    /// The coaching window's first day; `None`: the first day of the school year holding
    /// `as_of` (1 July, [`Calendar`]'s default). The window ends on `as_of`.
    pub window_start: Option<Date>,
    /// Days before `as_of` in which an observation counts as a fidelity assessment
    /// ([`DEFAULT_ASSESSMENT_DAYS`]).
    pub assessment_days: u32,
    /// One innovation to look at; `None`: every innovation. With one, the alignment counts
    /// the teams that serve it (a team naming no innovation serves every one), the coaching
    /// and training evidence reads the plans and trainings about it or about no innovation
    /// ([`about_innovation`](crate::coaching::about_innovation)), loop items and driver
    /// ratings are those naming it or none. PDSA cycles and an instrument's scores name no
    /// innovation, so they count whichever is looked at.
    pub innovation: Option<InnovationId>,
}

impl ImpactParams {
    /// Profiles of the units of `level` on `as_of`, with the default window and interval.
    ///
    /// ```
    /// use implsci::framework::impact::ImpactParams;
    /// let params = ImpactParams::new("school".parse()?, "2025-01-31".parse()?);
    /// assert_eq!(params.level.as_str(), "school");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn new(level: LevelId, as_of: Date) -> Self {
        Self {
            level,
            as_of,
            window_start: None,
            assessment_days: DEFAULT_ASSESSMENT_DAYS,
            innovation: None,
        }
    }
}
