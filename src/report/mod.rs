//! A report for a state leader: one self-contained HTML page over the files a coordinator has
//! (the implementation system, and whichever of the event log, site records and scored
//! administrations are given), and the same summary as plain text for a terminal.
//!
//! The page opens with a short summary in plain words ([`Finding`]): where the chain of
//! support breaks and how many practitioners that leaves without it, coaching coverage, loops
//! stuck, and scores per unit against their criterion. Then the charts ([`crate::plot`]), then
//! the tables, each with the ancestor columns of the hierarchy. Every section says what it
//! measures and where its rule comes from.
//!
//! The page needs no script and loads nothing: its style sheet is inline and its charts are
//! inline SVG. It is laid out for print on A4 and US Letter alike: the text column is at most
//! 180 mm wide (both papers less 15 mm margins), figures and table rows are not split across
//! pages, and table headers repeat on every printed page. The output is byte-stable: the same
//! inputs give the same bytes.
//!
//! ```
//! use implsci::report::{ReportInputs, ReportParams, report};
//! use implsci::system::System;
//!
//! let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
//! let params = ReportParams::new("district".parse()?, "2025-01-31".parse()?);
//! let page = report(&ReportInputs::new(&system), &params)?;
//! let html = page.to_html();
//! assert!(html.starts_with("<!DOCTYPE html>"));
//! assert!(html.contains("The chain of support breaks"));
//! assert!(!html.contains("<script"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod figures;
#[cfg(feature = "simulate")]
mod forecast;
mod html;
mod summary;
mod tables;

use std::fmt;

use jiff::civil::Date;

pub use summary::{Finding, Topic};

use crate::coaching::fidelity::{FidelityMeasure, TimeToFidelity};
use crate::coaching::measures::{CoachingMeasure, CoachingReport, Window};
use crate::event::Event;
use crate::id::{InstrumentId, LevelId};
use crate::improvement::loops::{LoopMeasure, LoopReport};
use crate::innovation::Innovation;
use crate::measure::Measure;
use crate::period::{Calendar, PeriodKind};
use crate::plot::Svg;
use crate::score::{InstrumentDefinition, Score};
use crate::site::SiteRecord;
use crate::system::{AlignmentParams, AlignmentReport, System, When};

/// One instrument's scores, as the report reads them: its id and name, and the scores of its
/// administrations (subjects must be the system's units or practitioners), with the
/// instrument's definition when the report has it ([`ScoreSet::of`]). A capacity assessment
/// (subscales, and a criterion on every subscale, as NIRN's DCA, RCA and SCA have) given with
/// its definition is drawn as a heat map of its subscales.
///
/// ```
/// use implsci::report::ScoreSet;
/// let id = "dca-local".parse()?;
/// let set = ScoreSet::new(&id, "District Capacity Assessment", &[]);
/// assert_eq!(set.name, "District Capacity Assessment");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct ScoreSet<'a> {
    /// The instrument's id.
    pub instrument: &'a InstrumentId,
    /// The instrument's name, as the report writes it.
    pub name: &'a str,
    /// The scores.
    pub scores: &'a [Score],
    /// The instrument's definition, if given: its subscales and criterion.
    pub definition: Option<&'a InstrumentDefinition>,
}

impl<'a> ScoreSet<'a> {
    /// The scores of one instrument.
    ///
    /// ```
    /// use implsci::report::ScoreSet;
    /// let id = "tfi-2.1-tier-1".parse()?;
    /// let set = ScoreSet::new(&id, "TFI 2.1 Tier 1", &[]);
    /// assert!(set.scores.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn new(instrument: &'a InstrumentId, name: &'a str, scores: &'a [Score]) -> Self {
        Self {
            instrument,
            name,
            scores,
            definition: None,
        }
    }

    /// The scores of the instrument `definition` defines, named as it names it; a capacity
    /// assessment given so is drawn as a heat map of its subscales and total.
    ///
    /// ```
    /// use implsci::report::ScoreSet;
    /// use implsci::score::Instrument;
    /// use implsci::score::instruments::capacity_assessment;
    /// let dca = capacity_assessment("dca".parse()?, "District capacity", &[("leadership", &["l1"])])?;
    /// let set = ScoreSet::of(dca.definition(), &[]);
    /// assert_eq!((set.instrument.as_str(), set.name), ("dca", "District capacity"));
    /// assert!(set.definition.is_some());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn of(definition: &'a InstrumentDefinition, scores: &'a [Score]) -> Self {
        Self {
            instrument: &definition.id,
            name: &definition.name,
            scores,
            definition: Some(definition),
        }
    }
}

/// What the report reads: the system, and whichever of the other inputs a coordinator has.
/// An input not given is reported as not given ("no event log was given"), never as zero.
///
/// ```
/// use implsci::report::ReportInputs;
/// use implsci::system::System;
///
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let inputs = ReportInputs::new(&system).events(&[]);
/// assert!(inputs.has_events());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct ReportInputs<'a> {
    system: &'a System,
    events: Option<&'a [Event]>,
    sites: &'a [SiteRecord],
    scores: &'a [ScoreSet<'a>],
    innovation: Option<&'a Innovation>,
    #[cfg(feature = "simulate")]
    forecast: Option<&'a [(String, crate::sim::Forecast)]>,
}

impl<'a> ReportInputs<'a> {
    /// The system alone.
    ///
    /// ```
    /// use implsci::report::ReportInputs;
    /// use implsci::system::System;
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// assert!(!ReportInputs::new(&system).has_events());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn new(system: &'a System) -> Self {
        Self {
            system,
            events: None,
            sites: &[],
            scores: &[],
            innovation: None,
            #[cfg(feature = "simulate")]
            forecast: None,
        }
    }

    /// The event log: training, coaching, and practice–policy loops.
    ///
    /// ```
    /// # use implsci::report::ReportInputs;
    /// # use implsci::system::System;
    /// # let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// let inputs = ReportInputs::new(&system).events(&[]);
    /// assert!(inputs.has_events());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn events(mut self, events: &'a [Event]) -> Self {
        self.events = Some(events);
        self
    }

    /// Site records: stage histories and driver ratings of the units they name.
    ///
    /// ```
    /// # use implsci::report::ReportInputs;
    /// # use implsci::system::System;
    /// # let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// let inputs = ReportInputs::new(&system).sites(&[]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn sites(mut self, sites: &'a [SiteRecord]) -> Self {
        self.sites = sites;
        self
    }

    /// Scored administrations, one set per instrument.
    ///
    /// ```
    /// # use implsci::report::ReportInputs;
    /// # use implsci::system::System;
    /// # let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// let inputs = ReportInputs::new(&system).scores(&[]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn scores(mut self, scores: &'a [ScoreSet<'a>]) -> Self {
        self.scores = scores;
        self
    }

    /// The innovation whose practice profile rates fidelity observations in the event log;
    /// without it, fidelity is not reported.
    ///
    /// ```
    /// # use implsci::report::ReportInputs;
    /// # use implsci::system::System;
    /// # use implsci::{Document, Innovation};
    /// # let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// let innovation = Innovation::from_json(&std::fs::read_to_string("examples/data/innovation.json")?)?;
    /// let inputs = ReportInputs::new(&system).innovation(&innovation);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn innovation(mut self, innovation: &'a Innovation) -> Self {
        self.innovation = Some(innovation);
        self
    }

    /// A scenario's forecasts, one per plan, the first the baseline (feature `simulate`): the
    /// summary says when the units of the report's level reach Full Implementation under each
    /// plan and which units the others bring earlier, and the forecast chart is drawn.
    ///
    /// ```
    /// # use implsci::report::{ReportInputs, ReportParams, Topic, report};
    /// # use implsci::system::System;
    /// use implsci::sim::{Setup, Simulation};
    /// use implsci::system::generate::{generate, Shape};
    /// let doc = generate(&Shape::new(1, 1, 2, 10), 1)?;
    /// let system = System::build(doc.clone()).map_err(|e| e.to_string())?;
    /// let setup = Setup::new(vec!["pbis".parse()?], "2026-07-01".parse()?, "2027-07-01".parse()?);
    /// let plans = vec![("as it stands".to_string(), Simulation::new(&setup, doc)?.forecast(7, 4))];
    /// let level = system.document().levels[1].id.clone();
    /// let page = report(&ReportInputs::new(&system).forecast(&plans), &ReportParams::new(level, "2026-07-01".parse()?))?;
    /// let forecast = page.findings().iter().find(|f| f.topic == Topic::Forecast).ok_or("no forecast")?;
    /// assert!(forecast.text.starts_with("Forecast over 4 runs (seed 7)"), "{}", forecast.text);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[cfg(feature = "simulate")]
    #[must_use]
    pub fn forecast(mut self, plans: &'a [(String, crate::sim::Forecast)]) -> Self {
        self.forecast = Some(plans);
        self
    }

    /// Whether an event log was given (an empty one counts as given).
    ///
    /// ```
    /// # use implsci::report::ReportInputs;
    /// # use implsci::system::System;
    /// # let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// assert!(!ReportInputs::new(&system).has_events());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn has_events(&self) -> bool {
        self.events.is_some()
    }
}

/// How the report reads its inputs.
///
/// ```
/// use implsci::report::ReportParams;
/// let params = ReportParams::new("district".parse()?, "2025-01-31".parse()?);
/// assert_eq!(params.window_start, None); // the school year's first day
/// assert_eq!(params.title, None); // "<system name>: implementation report"
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReportParams {
    /// The level whose units the summary and the tables name one by one (e.g. `district`).
    pub level: LevelId,
    /// The date looked at: the system as it stands on it, and events on or before it.
    pub as_of: Date,
    /// The coaching window's first day; `None`: the first day of the school year `as_of` is
    /// in (1 July, the school-year start of a [`Calendar`]). The window ends on `as_of`.
    pub window_start: Option<Date>,
    /// The page's title; `None`: the system's name followed by ": implementation report".
    pub title: Option<String>,
}

impl ReportParams {
    /// A report of `level`'s units on `as_of`.
    ///
    /// ```
    /// use implsci::report::ReportParams;
    /// let params = ReportParams::new("district".parse()?, "2025-01-31".parse()?);
    /// assert_eq!(params.level.as_str(), "district");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn new(level: LevelId, as_of: Date) -> Self {
        Self {
            level,
            as_of,
            window_start: None,
            title: None,
        }
    }

    /// The coaching window: from `window_start`, or from the first day of the school year
    /// `as_of` is in, to `as_of`.
    fn window(&self) -> Result<Window, ReportError> {
        let start = self.window_start.unwrap_or_else(|| {
            Calendar::new(PeriodKind::SchoolYear)
                .period_of(self.as_of)
                .start
        });
        Window::new(start, self.as_of).ok_or(ReportError::WindowAfterDate {
            start,
            as_of: self.as_of,
        })
    }
}

/// Why a report cannot be made.
///
/// ```
/// use implsci::report::{ReportError, ReportInputs, ReportParams, report};
/// use implsci::system::System;
///
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let params = ReportParams::new("county".parse()?, "2025-01-31".parse()?);
/// let err = report(&ReportInputs::new(&system), &params).err().ok_or("refused")?;
/// assert!(matches!(err, ReportError::UnknownLevel { .. }));
/// assert_eq!(err.to_string(), "the system has no level `county` (its levels: state, region, district, school)");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ReportError {
    /// The report's level is not one of the system's levels.
    #[error("the system has no level `{level}` (its levels: {known})")]
    UnknownLevel {
        /// The level asked for.
        level: LevelId,
        /// The system's levels, top to bottom, comma-separated.
        known: String,
    },
    /// The coaching window would start after the date looked at.
    #[error("the coaching window's first day {start} is after the date looked at, {as_of}")]
    WindowAfterDate {
        /// The window's first day.
        start: Date,
        /// The date looked at.
        as_of: Date,
    },
}

/// A section of the page: a heading, what it measures, where its rule comes from.
#[derive(Debug, Clone, PartialEq)]
struct Section<T> {
    heading: String,
    measures: String,
    source: String,
    body: T,
}

/// The report: the summary, the charts and the tables, ready to be written as HTML
/// ([`Report::to_html`]) or as plain text (its `Display`: the summary).
///
/// ```
/// use implsci::report::{ReportInputs, ReportParams, Topic, report};
/// use implsci::system::System;
///
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let params = ReportParams::new("district".parse()?, "2025-01-31".parse()?);
/// let page = report(&ReportInputs::new(&system), &params)?;
/// let chain = page.findings().iter().find(|f| f.topic == Topic::Chain).ok_or("a chain finding")?;
/// assert!(chain.text.contains("Brunswick"));
/// assert!(page.to_string().starts_with("Example State (illustrative): implementation report"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Report {
    title: String,
    as_of: Date,
    inputs_read: Vec<String>,
    findings: Vec<Finding>,
    figures: Vec<Section<Svg>>,
    tables: Vec<Section<tables::HtmlTable>>,
}

impl Report {
    /// The summary's findings, in the order the page writes them.
    ///
    /// ```
    /// # use implsci::report::{ReportInputs, ReportParams, Topic, report};
    /// # use implsci::system::System;
    /// # let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// # let params = ReportParams::new("district".parse()?, "2025-01-31".parse()?);
    /// let page = report(&ReportInputs::new(&system), &params)?;
    /// assert_eq!(page.findings()[0].topic, Topic::Chain);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// The titles of the charts, in page order.
    ///
    /// ```
    /// # use implsci::report::{ReportInputs, ReportParams, report};
    /// # use implsci::system::System;
    /// # let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// # let params = ReportParams::new("district".parse()?, "2025-01-31".parse()?);
    /// let page = report(&ReportInputs::new(&system), &params)?;
    /// assert!(page.figure_titles().iter().all(|t| !t.is_empty()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn figure_titles(&self) -> Vec<&str> {
        self.figures.iter().map(|f| f.heading.as_str()).collect()
    }

    /// The page as one self-contained HTML document.
    ///
    /// ```
    /// # use implsci::report::{ReportInputs, ReportParams, report};
    /// # use implsci::system::System;
    /// # let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// # let params = ReportParams::new("district".parse()?, "2025-01-31".parse()?);
    /// let html = report(&ReportInputs::new(&system), &params)?.to_html();
    /// assert!(html.contains("@page"));
    /// assert!(html.ends_with("</html>\n"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn to_html(&self) -> String {
        html::page(self)
    }
}

/// The summary as plain text: the title, the date, the inputs read, then one paragraph per
/// finding.
impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}", self.title)?;
        writeln!(f, "{}", "=".repeat(self.title.chars().count()))?;
        let meta = format!(
            "As of {}. Read: {}.",
            self.as_of,
            self.inputs_read.join("; ")
        );
        for line in html::wrap(&meta, 78) {
            writeln!(f, "{line}")?;
        }
        for finding in &self.findings {
            writeln!(f)?;
            writeln!(f, "{}", finding.topic.label())?;
            for line in html::wrap(&finding.text, 76) {
                writeln!(f, "  {line}")?;
            }
        }
        Ok(())
    }
}

/// What the report computes once and every part reads.
struct Computed<'a> {
    inputs: &'a ReportInputs<'a>,
    params: &'a ReportParams,
    alignment: AlignmentReport,
    coaching: Option<CoachingReport>,
    fidelity: Vec<TimeToFidelity>,
    loops: Option<LoopReport>,
}

/// Makes the report: reads every input once, then writes the summary, the charts and the
/// tables.
///
/// Linear in the system, the events and the scores, times the periods of the score tables.
///
/// ```
/// use implsci::report::{ReportInputs, ReportParams, Topic, report};
/// use implsci::event::{parse_log, Event};
/// use implsci::system::System;
///
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let log = parse_log(&std::fs::read("examples/data/state_events.jsonl")?);
/// let events: Vec<Event> = log.records.into_iter().map(|r| r.value).collect();
/// let params = ReportParams::new("district".parse()?, "2025-01-31".parse()?);
/// let page = report(&ReportInputs::new(&system).events(&events), &params)?;
/// let loops = page.findings().iter().find(|f| f.topic == Topic::Loops).ok_or("loops")?;
/// assert!(loops.text.contains("stuck"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`ReportError::UnknownLevel`] when `params.level` is not a level of the system;
/// [`ReportError::WindowAfterDate`] when an event log is given and the coaching window would
/// start after `params.as_of`.
pub fn report(inputs: &ReportInputs<'_>, params: &ReportParams) -> Result<Report, ReportError> {
    let doc = inputs.system.document();
    if !doc.levels.iter().any(|l| l.id == params.level) {
        let known: Vec<&str> = doc.levels.iter().map(|l| l.id.as_str()).collect();
        return Err(ReportError::UnknownLevel {
            level: params.level.clone(),
            known: known.join(", "),
        });
    }
    let alignment = inputs.system.alignment_with(
        &AlignmentParams::default().when(When::On(params.as_of)),
        inputs.sites,
    );
    let (coaching, fidelity, loops) = match inputs.events {
        None => (None, Vec::new(), None),
        Some(events) => {
            let window = params.window()?;
            let mut coaching = CoachingMeasure::new(window, params.as_of);
            let mut loops = LoopMeasure::new(inputs.system, params.as_of);
            let mut fidelity = inputs.innovation.map(FidelityMeasure::new);
            for event in events {
                coaching.add(event);
                loops.add(event);
                if let Some(f) = &mut fidelity {
                    f.add(event);
                }
            }
            (
                Some(coaching.finish()),
                fidelity.map(FidelityMeasure::finish).unwrap_or_default(),
                Some(loops.finish()),
            )
        }
    };
    let computed = Computed {
        inputs,
        params,
        alignment,
        coaching,
        fidelity,
        loops,
    };
    let title = params
        .title
        .clone()
        .unwrap_or_else(|| format!("{}: implementation report", doc.name));
    Ok(Report {
        title,
        as_of: params.as_of,
        inputs_read: inputs_read(inputs),
        findings: summary::findings(&computed),
        figures: figures::figures(&computed),
        tables: tables::tables(&computed),
    })
}

/// The inputs, in words, for the page's first lines.
fn inputs_read(inputs: &ReportInputs<'_>) -> Vec<String> {
    let doc = inputs.system.document();
    let mut read = vec![format!(
        "the implementation system `{}` ({} units, {} practitioners listed)",
        doc.id,
        doc.units.len(),
        doc.practitioners.len()
    )];
    match inputs.events {
        Some(events) => read.push(format!("an event log of {} events", events.len())),
        None => read.push("no event log".to_string()),
    }
    match inputs.sites.len() {
        0 => read.push("no site records".to_string()),
        1 => read.push("1 site record".to_string()),
        n => read.push(format!("{n} site records")),
    }
    if inputs.scores.is_empty() {
        read.push("no scored administrations".to_string());
    }
    for set in inputs.scores {
        read.push(format!(
            "{} administrations of {}",
            set.scores.len(),
            set.name
        ));
    }
    #[cfg(feature = "simulate")]
    if let Some(plans) = inputs.forecast
        && let Some((_, first)) = plans.first()
    {
        let plural = if plans.len() == 1 { "" } else { "s" };
        read.push(format!(
            "a forecast of {} plan{plural}, {} runs each",
            plans.len(),
            first.replicates
        ));
    }
    read
}
