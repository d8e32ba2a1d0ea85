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
use std::fmt::Write as _;

use jiff::civil::Date;

use super::frame::{self, Area, Frame, LABEL_SIZE, LegendEntry, Swatch, TICK_SIZE};
use super::palette::{BLACK, BLUE, DASHES, GREEN, GREY, OKABE_ITO, ORANGE, PURPLE, VERMILLION};
use super::scale::LinearScale;
use super::svg::SvgWriter;
use super::{Svg, estimate_text_width, fmt_number};
use crate::id::{InnovationId, LevelId, UnitId};
use crate::sim::{Forecast, Measure, Reached};

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

    /// Draws the chart.
    ///
    /// ```
    /// use implsci::plot::forecast::ForecastChart;
    /// use implsci::sim::{Setup, Simulation};
    /// use implsci::system::generate::{generate, Shape};
    /// let doc = generate(&Shape::new(1, 1, 1, 4), 1)?;
    /// let setup = Setup::new(vec!["pbis".parse()?], "2026-07-01".parse()?, "2027-07-01".parse()?);
    /// let forecast = Simulation::new(&setup, doc)?.forecast(1, 2);
    /// // A level the forecast does not report: the chart says so.
    /// let svg = ForecastChart::new("F").plan("a", &forecast).level("county".parse()?).draw();
    /// assert!(svg.as_str().contains("No county unit in the forecast for pbis."));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn draw(&self) -> Svg {
        let level = self.level_drawn();
        let innovation = self.innovation_drawn();
        let (panels, caption, y_title) = self.content(level.as_ref(), innovation.as_ref());
        let legend: Vec<LegendEntry<'_>> = self
            .plans
            .iter()
            .enumerate()
            .map(|(k, (name, _))| LegendEntry {
                label: name.clone(),
                swatch: Swatch::Line {
                    colour: colour(k),
                    dash: dash(k),
                    marker: None,
                },
            })
            .collect();
        let mut frame = Frame {
            width: self.width,
            height: 1000,
            title: &self.title,
            x_title: "date (years)".to_string(),
            y_title,
            legend,
            note: self.note(innovation.as_ref(), caption.is_some()),
            y_tick_labels: Vec::new(),
        };
        let probe = frame.begin().1;
        let around = 1000.0 - (probe.bottom - probe.top);
        let inner_width = f64::from(self.width) - 32.0 - 28.0;
        let columns = column_count(inner_width, panels.len());
        let rows = panels.len().div_ceil(columns).max(1);
        let lines: Vec<(&str, String)> = self
            .key()
            .map(|k| ("key", k))
            .into_iter()
            .chain(caption.clone().map(|c| ("caption", c)))
            .collect();
        let captions = CAPTION * as_f64(lines.len());
        let panel_height = panels.first().map_or(PANEL_HEIGHT, |p| p.height);
        let height = around + captions + as_f64(rows) * (panel_height + GAP);
        frame.height = pixels(height);
        let (mut w, area) = frame.begin();
        self.patterns(&mut w);
        for (i, (class, text)) in lines.iter().enumerate() {
            w.text_element(
                "text",
                vec![
                    ("class", (*class).into()),
                    ("x", (area.left + 6.0).into()),
                    ("y", (area.top + CAPTION * as_f64(i + 1) - 4.0).into()),
                    ("font-size", LABEL_SIZE.into()),
                    ("fill", BLACK.into()),
                ],
                &frame::fit(text, area.right - area.left - 12.0, LABEL_SIZE),
            );
        }
        if panels.is_empty() {
            let text = match (&level, &innovation) {
                (Some(level), Some(innovation)) => {
                    format!("No {level} unit in the forecast for {innovation}.")
                }
                _ => "No plan to draw.".to_string(),
            };
            empty_message(&mut w, area, &text);
            return w.finish();
        }
        let (from, to) = self.span();
        let panel_width = (area.right - area.left - GAP * as_f64(columns - 1)) / as_f64(columns);
        w.open("g", vec![("class", "panels".into())]);
        for (i, panel) in panels.iter().enumerate() {
            let (row, col) = (i / columns, i % columns);
            let left = area.left + as_f64(col) * (panel_width + GAP);
            let top = area.top + captions + GAP / 2.0 + as_f64(row) * (panel.height + GAP);
            let bounds = Area {
                left,
                top,
                right: left + panel_width,
                bottom: top + panel.height,
            };
            self.draw_panel(&mut w, panel, bounds, (from, to), caption.is_some());
        }
        w.close();
        w.finish()
    }

    /// The panels to draw, the caption when the level is drawn as one panel, and the y axis
    /// title.
    fn content(
        &self,
        level: Option<&LevelId>,
        innovation: Option<&InnovationId>,
    ) -> (Vec<Panel<'a>>, Option<String>, String) {
        match (level, innovation) {
            (Some(level), Some(innovation)) => {
                let units = self.units(level, innovation);
                if units.len() > self.max_panels {
                    let caption = format!(
                        "{} {level} units: more than {} panels, so drawn as one: the share of \
                         the level's units at Full Implementation.",
                        units.len(),
                        self.max_panels
                    );
                    (
                        vec![self.level_panel(level, innovation)],
                        Some(caption),
                        format!("{level} units at Full Implementation (%)"),
                    )
                } else {
                    (
                        self.unit_panels(&units, innovation),
                        None,
                        "share at fidelity (%)".to_string(),
                    )
                }
            }
            _ => (Vec::new(), None, "share at fidelity (%)".to_string()),
        }
    }

    /// The note under the chart: the innovation and what n counts.
    fn note(&self, innovation: Option<&InnovationId>, of_level: bool) -> Option<String> {
        self.plans.first()?;
        let mut note = String::new();
        if let Some(i) = innovation {
            let _ = write!(note, "Innovation: {i}. ");
        }
        note.push_str(if of_level {
            "n = units on the level."
        } else {
            "n = intended practitioners."
        });
        Some(note)
    }

    /// The key above the panels: how to read the marks.
    fn key(&self) -> Option<String> {
        let (_, first) = self.plans.first()?;
        Some(format!(
            "Lines: median of {} replicates; bands: 10th to 90th percentile; vertical lines: \
             median date first at Full Implementation.",
            first.replicates
        ))
    }

    /// The dates the x axis spans: the earliest start to the latest horizon.
    fn span(&self) -> (Date, Date) {
        let from = self.plans.iter().map(|(_, f)| f.start).min();
        let to = self.plans.iter().map(|(_, f)| f.horizon).max();
        match (from, to) {
            (Some(from), Some(to)) if to > from => (from, to),
            (Some(from), _) => (from, from.tomorrow().unwrap_or(from)),
            _ => (Date::default(), Date::default()),
        }
    }

    /// The band patterns, one per plan: the plan's colour, light, under lines of its own
    /// direction.
    fn patterns(&self, w: &mut SvgWriter) {
        if self.plans.is_empty() {
            return;
        }
        w.open("defs", Vec::new());
        for k in 0..self.plans.len() {
            w.open(
                "pattern",
                vec![
                    ("id", format!("forecast-band-{k}").into()),
                    ("patternUnits", "userSpaceOnUse".into()),
                    ("width", 8.0.into()),
                    ("height", 8.0.into()),
                ],
            );
            w.empty(
                "rect",
                vec![
                    ("width", 8.0.into()),
                    ("height", 8.0.into()),
                    ("fill", colour(k).into()),
                    ("fill-opacity", 0.12.into()),
                ],
            );
            let line = match k % 4 {
                0 => (0.0, 8.0, 8.0, 0.0),
                1 => (0.0, 0.0, 8.0, 8.0),
                2 => (4.0, 0.0, 4.0, 8.0),
                _ => (0.0, 4.0, 8.0, 4.0),
            };
            w.empty(
                "line",
                vec![
                    ("x1", line.0.into()),
                    ("y1", line.1.into()),
                    ("x2", line.2.into()),
                    ("y2", line.3.into()),
                    ("stroke", colour(k).into()),
                    ("stroke-opacity", 0.6.into()),
                    ("stroke-width", 1.0.into()),
                ],
            );
            w.close();
        }
        w.close();
    }

    /// One panel: its title, its axes, the Full Implementation line, and per plan its band,
    /// median line and date first reached (or "not reached").
    fn draw_panel(
        &self,
        w: &mut SvgWriter,
        panel: &Panel<'_>,
        bounds: Area,
        (from, to): (Date, Date),
        of_level: bool,
    ) {
        let ys = LinearScale::nice(0.0, 100.0, 1.0, 0.0);
        let tick_width = ys
            .ticks()
            .iter()
            .map(|t| estimate_text_width(&fmt_number(*t), TICK_SIZE))
            .fold(0.0, f64::max)
            + 8.0;
        let plot = Area {
            left: bounds.left + tick_width,
            top: bounds.top + PANEL_TITLE,
            right: bounds.right - 4.0,
            bottom: bounds.bottom - PANEL_X_LABELS,
        };
        let y = LinearScale::new(0.0, 100.0, plot.bottom, plot.top);
        let day = |d: Date| f64::from((d - from).get_days());
        let x = LinearScale::new(0.0, day(to), plot.left, plot.right);
        let x_of = |d: Date| x.map(day(d));
        w.open(
            "g",
            vec![
                ("class", "panel".into()),
                ("data-unit", panel.id.as_str().into()),
            ],
        );
        panel_title(w, panel, bounds);
        w.empty(
            "rect",
            vec![
                ("class", "panel-area".into()),
                ("data-from", from.to_string().into()),
                ("data-to", to.to_string().into()),
                ("x", plot.left.into()),
                ("y", plot.top.into()),
                ("width", (plot.right - plot.left).into()),
                ("height", (plot.bottom - plot.top).into()),
                ("fill", "none".into()),
                ("stroke", GREY.into()),
                ("stroke-width", 0.5.into()),
            ],
        );
        frame::y_axis(w, plot, &y, &fmt_number);
        x_axis(w, plot, from, to, &x_of);
        full_implementation_line(w, plot, &y, of_level);
        let mut notes = Vec::new();
        let mut any_share = false;
        for (k, ((name, _), plan)) in self.plans.iter().zip(&panel.plans).enumerate() {
            let Some((points, reached)) = plan else {
                notes.push(("not-reported", name.as_str(), "not in this plan's forecast"));
                continue;
            };
            any_share |= points.iter().any(|p| p.1.is_some());
            w.open(
                "g",
                vec![
                    ("class", "plan".into()),
                    ("data-plan", name.as_str().into()),
                ],
            );
            band_and_median(w, k, points, &x_of, &y);
            match reached.median {
                Some(date) => {
                    let rx = x_of(date);
                    let mut attrs = vec![
                        ("class", "reached".into()),
                        ("data-plan", name.as_str().into()),
                        ("data-date", date.to_string().into()),
                        ("x1", rx.into()),
                        ("y1", plot.top.into()),
                        ("x2", rx.into()),
                        ("y2", plot.bottom.into()),
                        ("stroke", colour(k).into()),
                        ("stroke-width", 1.5.into()),
                    ];
                    if let Some(d) = dash(k) {
                        attrs.push(("stroke-dasharray", d.into()));
                    }
                    w.empty("line", attrs);
                }
                None => notes.push(("not-reached", name.as_str(), "not reached")),
            }
            w.close();
        }
        if !any_share && !panel.plans.iter().all(Option::is_none) {
            w.text_element(
                "text",
                vec![
                    ("class", "no-data".into()),
                    ("data-unit", panel.id.as_str().into()),
                    ("x", f64::midpoint(plot.left, plot.right).into()),
                    ("y", (f64::midpoint(plot.top, plot.bottom) + 14.0).into()),
                    ("font-size", TICK_SIZE.into()),
                    ("text-anchor", "middle".into()),
                    ("fill", BLACK.into()),
                ],
                "no data: no intended practitioners",
            );
        }
        self.plan_notes(w, plot, &notes);
        w.close();
    }

    /// The notes at the top left of a panel's plot, one line per plan: a sample of its line
    /// and what it says ("not reached").
    fn plan_notes(&self, w: &mut SvgWriter, plot: Area, notes: &[(&str, &str, &str)]) {
        for (i, (class, plan, words)) in notes.iter().enumerate() {
            let k = self.plans.iter().position(|(n, _)| n == plan).unwrap_or(0);
            let ty = plot.top + 4.0 + TICK_SIZE + as_f64(i) * (TICK_SIZE + 3.0);
            let sample = plot.left + 6.0;
            let mut attrs = vec![
                ("class", "note-swatch".into()),
                ("x1", sample.into()),
                ("y1", (ty - TICK_SIZE * 0.35).into()),
                ("x2", (sample + 14.0).into()),
                ("y2", (ty - TICK_SIZE * 0.35).into()),
                ("stroke", colour(k).into()),
                ("stroke-width", 2.0.into()),
            ];
            if let Some(d) = dash(k) {
                attrs.push(("stroke-dasharray", d.into()));
            }
            w.empty("line", attrs);
            let text = if self.plans.len() > 1 {
                format!("{plan}: {words}")
            } else {
                (*words).to_string()
            };
            w.text_element(
                "text",
                vec![
                    ("class", (*class).into()),
                    ("data-plan", (*plan).into()),
                    ("x", (sample + 18.0).into()),
                    ("y", ty.into()),
                    ("font-size", TICK_SIZE.into()),
                    ("fill", BLACK.into()),
                    ("stroke", "#FFFFFF".into()),
                    ("stroke-width", 3.0.into()),
                    ("paint-order", "stroke".into()),
                ],
                &frame::fit(&text, plot.right - sample - 22.0, TICK_SIZE),
            );
        }
    }
}

/// A panel's title: its unit's name, cut to fit, and its count.
fn panel_title(w: &mut SvgWriter, panel: &Panel<'_>, bounds: Area) {
    let bold = LABEL_SIZE * 1.1;
    let count_text = panel
        .count
        .map_or_else(String::new, |(n, _)| format!(" (n = {n})"));
    let room = bounds.right - bounds.left - estimate_text_width(&count_text, bold) - 4.0;
    let title = format!(
        "{}{count_text}",
        frame::fit(&panel.label, room.max(0.0), bold)
    );
    w.text_element(
        "text",
        vec![
            ("class", "panel-title".into()),
            ("x", bounds.left.into()),
            ("y", (bounds.top + 12.0).into()),
            ("font-size", LABEL_SIZE.into()),
            ("font-weight", "bold".into()),
            ("fill", BLACK.into()),
        ],
        &title,
    );
}

/// The Full Implementation line at 50%, labelled at its right end.
fn full_implementation_line(w: &mut SvgWriter, plot: Area, y: &LinearScale, of_level: bool) {
    let fy = y.map(FULL_IMPLEMENTATION);
    w.empty(
        "line",
        vec![
            ("class", "full-implementation".into()),
            ("data-value", FULL_IMPLEMENTATION.into()),
            ("x1", plot.left.into()),
            ("y1", fy.into()),
            ("x2", plot.right.into()),
            ("y2", fy.into()),
            ("stroke", BLACK.into()),
            ("stroke-width", 1.0.into()),
        ],
    );
    let fi_label = if of_level {
        "half the units: the level's date"
    } else {
        "Full Implementation (50%)"
    };
    w.text_element(
        "text",
        vec![
            ("class", "full-implementation-label".into()),
            ("x", (plot.right - 3.0).into()),
            ("y", (fy - 3.0).into()),
            ("font-size", TICK_SIZE.into()),
            ("text-anchor", "end".into()),
            ("fill", BLACK.into()),
            ("stroke", "#FFFFFF".into()),
            ("stroke-width", 3.0.into()),
            ("paint-order", "stroke".into()),
        ],
        fi_label,
    );
}

/// The band (a path of closed shapes, one per run of points with a share) and the median
/// line (a path broken where there is no share) of plan `k`.
fn band_and_median(
    w: &mut SvgWriter,
    k: usize,
    points: &Points,
    x_of: &dyn Fn(Date) -> f64,
    y: &LinearScale,
) {
    let mut band = String::new();
    let mut median = String::new();
    let mut run: Vec<(f64, (f64, f64, f64))> = Vec::new();
    let mut flush = |run: &mut Vec<(f64, (f64, f64, f64))>| {
        if run.is_empty() {
            return;
        }
        for (i, (px, (_, m, _))) in run.iter().enumerate() {
            let op = if i == 0 { 'M' } else { 'L' };
            let _ = write!(median, "{op}{},{} ", fmt_number(*px), fmt_number(y.map(*m)));
        }
        for (i, (px, (_, _, hi))) in run.iter().enumerate() {
            let op = if i == 0 { 'M' } else { 'L' };
            let _ = write!(band, "{op}{},{} ", fmt_number(*px), fmt_number(y.map(*hi)));
        }
        for (px, (lo, _, _)) in run.iter().rev() {
            let _ = write!(band, "L{},{} ", fmt_number(*px), fmt_number(y.map(*lo)));
        }
        band.push_str("Z ");
        run.clear();
    };
    for &(date, share) in points {
        match share {
            Some(s) => run.push((x_of(date), s)),
            None => flush(&mut run),
        }
    }
    flush(&mut run);
    if !band.is_empty() {
        w.empty(
            "path",
            vec![
                ("class", "band".into()),
                ("d", band.trim_end().to_string().into()),
                ("fill", format!("url(#forecast-band-{k})").into()),
                ("stroke", "none".into()),
            ],
        );
    }
    let mut attrs = vec![
        ("class", "median".into()),
        ("d", median.trim_end().to_string().into()),
        ("fill", "none".into()),
        ("stroke", colour(k).into()),
        ("stroke-width", 2.0.into()),
    ];
    if let Some(d) = dash(k) {
        attrs.push(("stroke-dasharray", d.into()));
    }
    w.empty("path", attrs);
}

/// The x axis of a panel: a tick at each 1 January within `from..=to`, labelled with the
/// year, and at each 1 July too when the span holds fewer than three years; labels that would
/// overlap the last one written, or run past the plot's right edge, are left out.
fn x_axis(w: &mut SvgWriter, plot: Area, from: Date, to: Date, x_of: &dyn Fn(Date) -> f64) {
    let mut ticks: Vec<(Date, String)> = Vec::new();
    let years = || (from.year()..=to.year()).filter_map(|y| Date::new(y, 1, 1).ok());
    let january: Vec<Date> = years().filter(|d| (from..=to).contains(d)).collect();
    let halves = january.len() < 3;
    for year in from.year()..=to.year() {
        if let Ok(d) = Date::new(year, 1, 1)
            && (from..=to).contains(&d)
        {
            ticks.push((d, year.to_string()));
        }
        if halves
            && let Ok(d) = Date::new(year, 7, 1)
            && (from..=to).contains(&d)
        {
            ticks.push((d, format!("Jul {year}")));
        }
    }
    w.open("g", vec![("class", "axis x".into())]);
    let mut last: Option<f64> = None;
    for (d, label) in ticks {
        let tx = x_of(d);
        let half = estimate_text_width(&label, TICK_SIZE) / 2.0 + 4.0;
        if last.is_none_or(|l| tx - half >= l) && tx + half - 4.0 <= plot.right {
            frame::x_tick(w, plot, tx, &label);
            last = Some(tx + half);
        }
    }
    w.close();
}

fn empty_message(w: &mut SvgWriter, area: Area, text: &str) {
    w.text_element(
        "text",
        vec![
            ("class", "no-data".into()),
            ("x", f64::midpoint(area.left, area.right).into()),
            ("y", f64::midpoint(area.top, area.bottom).into()),
            ("font-size", LABEL_SIZE.into()),
            ("text-anchor", "middle".into()),
            ("fill", BLACK.into()),
        ],
        text,
    );
}

/// Plan `k`'s colour.
fn colour(k: usize) -> &'static str {
    PLAN_COLOURS[k % PLAN_COLOURS.len()]
}

/// Plan `k`'s dash pattern.
fn dash(k: usize) -> Option<&'static str> {
    DASHES[k % DASHES.len()]
}

/// How many panels fit across, at least one and no more than there are.
fn column_count(inner_width: f64, panels: usize) -> usize {
    let fit = ((inner_width + GAP) / (MIN_PANEL + GAP)).floor();
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "a small non-negative whole number"
    )]
    let fit = if fit.is_finite() && fit > 0.0 {
        fit.min(1000.0) as usize
    } else {
        1
    };
    fit.clamp(1, panels.max(1))
}

/// A height in whole pixels, at most `u32::MAX`.
fn pixels(height: f64) -> u32 {
    let h = height.ceil().clamp(1.0, f64::from(u32::MAX));
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "clamped to the range of u32 just above"
    )]
    let h = h as u32;
    h
}

/// A count of panels, rows or columns as a pixel-space number.
fn as_f64(n: usize) -> f64 {
    f64::from(u32::try_from(n).unwrap_or(u32::MAX))
}
