//! The scale-up forecast as small multiples: for each unit of a level (a district, say), the
//! share of its intended practitioners at fidelity over time under each plan, as the median
//! over replicates with its 10th–90th percentile band, against the Full Implementation line.
//!
//! A unit is at Full Implementation while 50% or more of its intended practitioners are at
//! fidelity (NIRN Active Implementation Hub, module 4 "Implementation Stages"), so each panel
//! draws a horizontal line at 50% and, per plan, a vertical line at the median date the unit
//! first reaches it ([`Reached::median`](crate::sim::Reached)); when fewer than half the
//! replicates reach it within the horizon the panel says "not reached" for that plan instead.
//! The numbers drawn are the forecast's own ([`Forecast::series`] with
//! [`Measure::AtFidelity`], nearest-rank quantiles over replicates; see [`crate::sim`]); a
//! unit with no intended practitioners has no share, and its panel says "no data", never 0%.
//!
//! Each plan has its own colour from the Okabe–Ito palette and its own dash pattern
//! ([`palette`](super::palette)), and its band its own hatching over a light translucent
//! fill, so overlapping plans stay apart in greyscale and for colour-blind readers. A level
//! with more units than [`ForecastChart::max_panels`] (40 by default, this crate's choice: a
//! page of panels still readable) is drawn as one panel instead, each plan's share of the
//! level's units at Full Implementation over time ([`Forecast::level_series`]), and a caption
//! says so: the chart never draws one mark per practitioner, nor per unit past the cap.
//!
//! Sources: NIRN Active Implementation Hub, module 4 (the 50% criterion of Full
//! Implementation); Okabe & Ito (2008) for the colours; small multiples, Tufte (1983), *The
//! Visual Display of Quantitative Information*. The layout is this crate's own.
//!
//! ```
//! use implsci::Document;
//! use implsci::plot::forecast::ForecastChart;
//! use implsci::scenario::Scenario;
//! use implsci::system::SystemDocument;
//!
//! let mut scenario = Scenario::from_json(&std::fs::read_to_string("examples/data/scenario.json")?)?;
//! let system = SystemDocument::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
//! scenario.replicates = 4;
//! scenario.step = implsci::sim::Step::Month;
//! let forecasts: Vec<_> = implsci::sim::simulations(&scenario, &system)?
//!     .into_iter()
//!     .map(|(name, sim)| (name, sim.forecast(scenario.seed, 4)))
//!     .collect();
//! let mut chart = ForecastChart::new("Check-In/Check-Out: share at fidelity by district")
//!     .level("district".parse()?);
//! for (name, forecast) in &forecasts {
//!     chart = chart.plan(name.as_str(), forecast);
//! }
//! let svg = chart.draw().to_svg();
//! // The example state's four districts, three plans in each.
//! assert_eq!(svg.matches(r#"class="panel""#).count(), 4);
//! assert_eq!(svg.matches(r#"class="median""#).count(), 4 * 3);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;

use super::palette::{BLUE, GREEN, OKABE_ITO, ORANGE, PURPLE, VERMILLION};
use crate::id::{InnovationId, LevelId, UnitId};
use crate::sim::{Forecast, Measure, Reached};

mod draw;
mod marks;

/// The colours of the plans, in order: blue, vermillion, bluish green, orange, reddish
/// purple, sky blue (black is the Full Implementation line's, yellow too light to read).
const PLAN_COLOURS: [&str; 6] = [BLUE, VERMILLION, GREEN, ORANGE, PURPLE, OKABE_ITO[2]];
/// A panel's height in pixels: its title, its plot and its date labels.
const PANEL_HEIGHT: f64 = 180.0;
/// The height of the one panel of a level too large for a panel per unit.
const LEVEL_PANEL_HEIGHT: f64 = 280.0;
/// The room between panels.
const GAP: f64 = 18.0;
/// The room a panel leaves above its plot for its title.
const PANEL_TITLE: f64 = 20.0;
/// The room under a panel's plot for its date labels.
const PANEL_X_LABELS: f64 = 18.0;
/// The narrowest panel.
const MIN_PANEL: f64 = 260.0;
/// The height of a caption line above the panels.
const CAPTION: f64 = 18.0;
/// The share of intended practitioners at fidelity that is Full Implementation, in percent.
const FULL_IMPLEMENTATION: f64 = 50.0;

/// The forecast chart: small multiples of the share at fidelity per unit, one line and band
/// per plan.
///
/// ```
/// use implsci::plot::forecast::ForecastChart;
/// use implsci::sim::{Setup, Simulation};
/// use implsci::system::generate::{generate, Shape};
///
/// let doc = generate(&Shape::new(1, 2, 2, 10), 1)?;
/// let mut setup = Setup::new(vec!["pbis".parse()?], "2026-07-01".parse()?, "2028-07-01".parse()?);
/// setup.level = Some("district".parse()?);
/// let forecast = Simulation::new(&setup, doc)?.forecast(7, 3);
/// let chart = ForecastChart::new("PBIS at fidelity").plan("as it stands", &forecast)
///     .level("district".parse()?);
/// let svg = chart.draw();
/// assert_eq!(svg, chart.draw()); // the same bytes
/// // Nobody is trained: no district reaches Full Implementation, and each panel says so.
/// assert_eq!(svg.as_str().matches(r#"class="not-reached""#).count(), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ForecastChart<'a> {
    title: String,
    plans: Vec<(String, &'a Forecast)>,
    level: Option<LevelId>,
    innovation: Option<InnovationId>,
    width: u32,
    max_panels: usize,
}

/// One plan's points in a panel: date, then the 10th percentile, median and 90th percentile
/// in percent; `None` where there is no share.
type Points = Vec<(Date, Option<(f64, f64, f64)>)>;

/// What one panel draws.
struct Panel<'f> {
    id: String,
    label: String,
    /// Intended practitioners (unit panels) or units (the level panel), and which.
    count: Option<(u64, &'static str)>,
    /// The panel's height.
    height: f64,
    /// Per plan: its points and when it first reaches Full Implementation (`None`: the plan
    /// does not report this unit).
    plans: Vec<Option<(Points, &'f Reached)>>,
}

impl<'a> ForecastChart<'a> {
    /// A chart titled `title`, 960 pixels wide (its height follows from the rows of panels),
    /// the top level, the first innovation, at most 40 panels, and no plan yet.
    ///
    /// ```
    /// use implsci::plot::forecast::ForecastChart;
    /// let svg = ForecastChart::new("Forecast").draw();
    /// assert!(svg.as_str().contains("No plan to draw."));
    /// ```
    #[must_use]
    pub fn new(title: impl Into<String>) -> Self {
        ForecastChart {
            title: title.into(),
            plans: Vec::new(),
            level: None,
            innovation: None,
            width: 960,
            max_panels: 40,
        }
    }

    /// Adds a plan's forecast, drawn in the next colour and dash pattern. Plans are drawn
    /// and listed in the legend in the order added.
    ///
    /// ```
    /// use implsci::plot::forecast::ForecastChart;
    /// use implsci::sim::{Setup, Simulation};
    /// use implsci::system::generate::{generate, Shape};
    /// let doc = generate(&Shape::new(1, 1, 1, 4), 1)?;
    /// let setup = Setup::new(vec!["pbis".parse()?], "2026-07-01".parse()?, "2027-07-01".parse()?);
    /// let forecast = Simulation::new(&setup, doc)?.forecast(1, 2);
    /// let svg = ForecastChart::new("F").plan("a", &forecast).plan("b", &forecast).draw();
    /// assert_eq!(svg.as_str().matches(r#"class="legend-entry""#).count(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn plan(mut self, name: impl Into<String>, forecast: &'a Forecast) -> Self {
        self.plans.push((name.into(), forecast));
        self
    }

    /// Draws a panel for each unit of `level` (by default the forecast's top level).
    ///
    /// ```
    /// use implsci::plot::forecast::ForecastChart;
    /// use implsci::sim::{Setup, Simulation};
    /// use implsci::system::generate::{generate, Shape};
    /// let doc = generate(&Shape::new(3, 1, 1, 4), 1)?;
    /// let mut setup = Setup::new(vec!["pbis".parse()?], "2026-07-01".parse()?, "2027-07-01".parse()?);
    /// setup.level = Some("region".parse()?);
    /// let forecast = Simulation::new(&setup, doc)?.forecast(1, 2);
    /// let chart = ForecastChart::new("F").plan("a", &forecast);
    /// assert_eq!(chart.draw().as_str().matches(r#"class="panel""#).count(), 1); // the state
    /// let svg = chart.level("region".parse()?).draw();
    /// assert_eq!(svg.as_str().matches(r#"class="panel""#).count(), 3);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn level(mut self, level: LevelId) -> Self {
        self.level = Some(level);
        self
    }

    /// Draws `innovation` (by default the first in the first plan's forecast).
    ///
    /// ```
    /// use implsci::plot::forecast::ForecastChart;
    /// use implsci::sim::{Setup, Simulation};
    /// use implsci::system::generate::{generate, Shape};
    /// let doc = generate(&Shape::new(1, 1, 1, 4), 1)?;
    /// let setup = Setup::new(vec!["pbis".parse()?, "cico".parse()?], "2026-07-01".parse()?,
    ///     "2027-07-01".parse()?);
    /// let forecast = Simulation::new(&setup, doc)?.forecast(1, 2);
    /// let svg = ForecastChart::new("F").plan("a", &forecast).innovation("cico".parse()?).draw();
    /// assert!(svg.as_str().contains("Innovation: cico."));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn innovation(mut self, innovation: InnovationId) -> Self {
        self.innovation = Some(innovation);
        self
    }

    /// The width in pixels (at least 320); the height follows from the panels.
    ///
    /// ```
    /// use implsci::plot::forecast::ForecastChart;
    /// assert_eq!(ForecastChart::new("F").width(640).draw().width(), 640);
    /// ```
    #[must_use]
    pub fn width(mut self, width: u32) -> Self {
        self.width = width.max(320);
        self
    }

    /// The most panels drawn one per unit (at least 1; 40 by default). A level with more
    /// units is drawn as one panel of the share of its units at Full Implementation, and a
    /// caption says so.
    ///
    /// ```
    /// use implsci::plot::forecast::ForecastChart;
    /// use implsci::sim::{Setup, Simulation};
    /// use implsci::system::generate::{generate, Shape};
    /// let doc = generate(&Shape::new(1, 3, 1, 4), 1)?;
    /// let mut setup = Setup::new(vec!["pbis".parse()?], "2026-07-01".parse()?, "2027-07-01".parse()?);
    /// setup.level = Some("district".parse()?);
    /// let forecast = Simulation::new(&setup, doc)?.forecast(1, 2);
    /// let svg = ForecastChart::new("F").plan("a", &forecast).level("district".parse()?)
    ///     .max_panels(2).draw();
    /// let text = svg.as_str();
    /// assert_eq!(text.matches(r#"class="panel""#).count(), 1);
    /// assert!(text.contains("3 district units: more than 2 panels"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn max_panels(mut self, max: usize) -> Self {
        self.max_panels = max.max(1);
        self
    }

    /// The level drawn: the one set, or the first plan's top level.
    fn level_drawn(&self) -> Option<LevelId> {
        self.level.clone().or_else(|| {
            let (_, f) = self.plans.first()?;
            f.levels
                .first()
                .map(|l| l.level.clone())
                .or_else(|| f.units.first().map(|u| u.level.clone()))
        })
    }

    /// The innovation drawn: the one set, or the first plan's first.
    fn innovation_drawn(&self) -> Option<InnovationId> {
        self.innovation.clone().or_else(|| {
            let (_, f) = self.plans.first()?;
            f.units
                .first()
                .map(|u| u.innovation.clone())
                .or_else(|| f.levels.first().map(|l| l.innovation.clone()))
        })
    }

    /// The units of the level, in the order the plans first list them, with a name each.
    fn units(&self, level: &LevelId, innovation: &InnovationId) -> Vec<(&'a UnitId, String)> {
        let mut seen: BTreeSet<&UnitId> = BTreeSet::new();
        let mut out = Vec::new();
        for (_, f) in &self.plans {
            for u in f
                .units
                .iter()
                .filter(|u| &u.level == level && &u.innovation == innovation)
            {
                if seen.insert(&u.unit) {
                    let name = u.name.clone().unwrap_or_else(|| u.unit.to_string());
                    out.push((&u.unit, name));
                }
            }
        }
        out
    }

    /// One panel per unit, each plan's share at fidelity in it.
    fn unit_panels(
        &self,
        units: &[(&UnitId, String)],
        innovation: &InnovationId,
    ) -> Vec<Panel<'a>> {
        let mut panels: Vec<Panel<'a>> = units
            .iter()
            .map(|(id, name)| Panel {
                id: id.to_string(),
                label: name.clone(),
                count: None,
                height: PANEL_HEIGHT,
                plans: Vec::with_capacity(self.plans.len()),
            })
            .collect();
        let at: BTreeMap<&UnitId, usize> = units
            .iter()
            .enumerate()
            .map(|(i, (id, _))| (*id, i))
            .collect();
        for (_, f) in &self.plans {
            let mut points: Vec<Points> = vec![Vec::new(); units.len()];
            for row in f
                .series
                .iter()
                .filter(|r| r.measure == Measure::AtFidelity && &r.innovation == innovation)
            {
                if let Some(&i) = at.get(&row.unit) {
                    let share = match (row.p10, row.median, row.p90) {
                        (Some(lo), Some(m), Some(hi)) => Some((lo * 100.0, m * 100.0, hi * 100.0)),
                        _ => None,
                    };
                    points[i].push((
                        row.date,
                        share.filter(|s| s.0.is_finite() && s.1.is_finite() && s.2.is_finite()),
                    ));
                }
            }
            let mut reached: Vec<Option<(&'a Reached, u64)>> = vec![None; units.len()];
            for u in f.units.iter().filter(|u| &u.innovation == innovation) {
                if let Some(&i) = at.get(&u.unit) {
                    reached[i] = Some((&u.full_implementation, u.posts));
                }
            }
            for ((panel, mut pts), r) in panels.iter_mut().zip(points).zip(reached) {
                pts.sort_by_key(|p| p.0);
                panel.plans.push(r.map(|(r, posts)| {
                    panel.count.get_or_insert((posts, "practitioners"));
                    (pts, r)
                }));
            }
        }
        panels
    }

    /// The one panel of a level too large for a panel per unit.
    fn level_panel(&self, level: &LevelId, innovation: &InnovationId) -> Panel<'a> {
        let mut panel = Panel {
            id: level.to_string(),
            label: format!("All {level} units"),
            count: None,
            height: LEVEL_PANEL_HEIGHT,
            plans: Vec::with_capacity(self.plans.len()),
        };
        for (_, f) in &self.plans {
            let forecast = f
                .levels
                .iter()
                .find(|l| &l.level == level && &l.innovation == innovation);
            let mut pts: Points = f
                .level_series
                .iter()
                .filter(|r| &r.level == level && &r.innovation == innovation)
                .map(|r| {
                    let s = (r.p10 * 100.0, r.median * 100.0, r.p90 * 100.0);
                    (
                        r.date,
                        Some(s).filter(|s| s.0.is_finite() && s.1.is_finite() && s.2.is_finite()),
                    )
                })
                .collect();
            pts.sort_by_key(|p| p.0);
            panel.plans.push(forecast.map(|l| {
                panel.count.get_or_insert((l.units, "units"));
                (pts, &l.full_implementation)
            }));
        }
        panel
    }
}
