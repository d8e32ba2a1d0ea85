//! Drawing the forecast chart: the panels, their marks and the legend.

use std::fmt::Write as _;

use jiff::civil::Date;

use crate::id::{InnovationId, LevelId};
use crate::plot::frame::{self, Area, Frame, LABEL_SIZE, LegendEntry, Swatch, TICK_SIZE};
use crate::plot::palette::{BLACK, GREY};
use crate::plot::scale::LinearScale;
use crate::plot::svg::SvgWriter;
use crate::plot::{Svg, estimate_text_width, fmt_number};

use super::marks::{
    as_f64, band_and_median, colour, column_count, dash, empty_message, full_implementation_line,
    panel_title, pixels, x_axis,
};
use super::{CAPTION, ForecastChart, GAP, PANEL_HEIGHT, PANEL_TITLE, PANEL_X_LABELS, Panel};

impl<'a> ForecastChart<'a> {
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
