//! The run chart: one subject's values over time, in time order, with the median drawn across,
//! an optional criterion line, and the run-chart signals (shifts and trends) marked.
//!
//! The signals are found by [`find_signals`], a pure function, and drawn by [`RunChart::draw`].
//! Points are spaced evenly in time order, as a run chart plots a sequence, and each is
//! labelled with its date. A point with no data is a gap in the line, labelled "no data" where
//! it would stand and listed in a note under the chart.
//!
//! Source: Perla, Provost & Murray (2011), "The run chart: a simple analytical tool for
//! learning from variation in healthcare processes", BMJ Quality & Safety 20:46–51 (the median
//! as centre line, rules 1 and 2 for shifts and trends; see [`find_signals`]).

mod signals;

pub use signals::{Direction, RunRules, Signal, SignalKind, find_signals, median};

use jiff::civil::Date;

use super::frame::{self, Area, Frame, LegendEntry, Swatch, TICK_SIZE};
use super::palette::{BLACK, BLUE, Marker, ORANGE, PURPLE, VERMILLION};
use super::scale::LinearScale;
use super::svg::{SvgWriter, points};
use super::{Svg, estimate_text_width, fmt_number};

/// How many missing dates the note lists by name before it counts the rest.
const NOTE_DATES: usize = 6;

/// What a run chart reads in its points: the points in time order, the median of those
/// with data, and the signals found against it.
///
/// ```
/// use implsci::jiff::civil::date;
/// use implsci::plot::run_chart::RunChart;
/// let found = RunChart::new("T", "S", "").analyse(&[(date(2024, 1, 1), None)]);
/// assert_eq!(found.median, None);
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct RunAnalysis {
    /// The points, sorted by date; values that are not finite are `None`.
    pub points: Vec<(Date, Option<f64>)>,
    /// The median of the values with data; `None` when none has.
    pub median: Option<f64>,
    /// The shifts and trends, as [`find_signals`] returns them.
    pub signals: Vec<Signal>,
}

/// A run chart of one subject's values over time.
///
/// ```
/// use implsci::jiff::civil::date;
/// use implsci::plot::run_chart::RunChart;
///
/// // Six months below the median, then six above: a shift.
/// let values = [40.0, 42.0, 41.0, 43.0, 40.0, 42.0, 70.0, 72.0, 71.0, 74.0, 73.0, 75.0];
/// let points: Vec<_> = values
///     .iter()
///     .enumerate()
///     .map(|(i, &v)| (date(2024, 1, 1).saturating_add(implsci::jiff::Span::new().months(i as i64)), Some(v)))
///     .collect();
/// let svg = RunChart::new("Tier 1 fidelity at Maple ES", "TFI Tier 1 total", "%")
///     .criterion(70.0)
///     .draw(&points)
///     .to_svg();
/// assert_eq!(svg.matches(r#"class="signal shift""#).count(), 2);
/// assert!(svg.contains(r#"class="median" data-value="56.5""#));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct RunChart {
    title: String,
    measure: String,
    unit: String,
    criterion: Option<f64>,
    rules: RunRules,
    spacing: Spacing,
    width: u32,
    height: u32,
}

/// How points are placed along the x axis.
///
/// A run chart reads its points in time order; the signals count points, not days (Perla,
/// Provost & Murray 2011), so [`Spacing::Even`], one step per point, is the default. With
/// irregular dates (two administrations a month apart, then a year's gap) [`Spacing::Calendar`]
/// places each point by its date, so the gaps show.
///
/// ```
/// use implsci::plot::run_chart::Spacing;
/// assert_eq!(Spacing::default(), Spacing::Even);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Spacing {
    /// One step per point, in time order.
    #[default]
    Even,
    /// Each point at its date, on a linear scale of days.
    Calendar,
}

impl RunChart {
    /// A run chart titled `title` of `measure` in `unit` (`"%"`, `"points"`; empty for none),
    /// 720 × 420 pixels, Perla et al.'s rules, no criterion line.
    ///
    /// ```
    /// use implsci::plot::run_chart::RunChart;
    /// let text = RunChart::new("Coaching", "Sessions", "per month").draw(&[]).to_svg();
    /// assert!(text.contains("Sessions (per month)"));
    /// assert!(text.contains("No data."));
    /// ```
    #[must_use]
    pub fn new(
        title: impl Into<String>,
        measure: impl Into<String>,
        unit: impl Into<String>,
    ) -> Self {
        RunChart {
            title: title.into(),
            measure: measure.into(),
            unit: unit.into(),
            criterion: None,
            rules: RunRules::default(),
            spacing: Spacing::Even,
            width: 720,
            height: 420,
        }
    }

    /// Draws a criterion line at `value` (ignored when not finite).
    ///
    /// ```
    /// use implsci::jiff::civil::date;
    /// use implsci::plot::run_chart::RunChart;
    /// let text = RunChart::new("T", "Score", "%").criterion(70.0)
    ///     .draw(&[(date(2024, 1, 1), Some(60.0))]).to_svg();
    /// assert!(text.contains(r#"class="criterion" data-value="70""#));
    /// ```
    #[must_use]
    pub fn criterion(mut self, value: f64) -> Self {
        self.criterion = Some(value).filter(|v| v.is_finite());
        self
    }

    /// The run lengths that make a signal (default [`RunRules::default`]).
    ///
    /// ```
    /// use implsci::plot::run_chart::{RunChart, RunRules};
    /// let chart = RunChart::new("T", "Score", "%").rules(RunRules::new(8, 6));
    /// # let _ = chart;
    /// ```
    #[must_use]
    pub fn rules(mut self, rules: RunRules) -> Self {
        self.rules = rules;
        self
    }

    /// How points are placed along the x axis (default [`Spacing::Even`]).
    ///
    /// ```
    /// use implsci::jiff::civil::date;
    /// use implsci::plot::run_chart::{RunChart, Spacing};
    /// let pts = [
    ///     (date(2024, 1, 1), Some(1.0)),
    ///     (date(2024, 1, 11), Some(2.0)),
    ///     (date(2024, 4, 10), Some(3.0)),
    /// ];
    /// let text = RunChart::new("T", "Score", "").spacing(Spacing::Calendar).draw(&pts).to_svg();
    /// let cx: Vec<f64> = text
    ///     .split(r#"class="point""#)
    ///     .skip(1)
    ///     .filter_map(|p| p.split(r#"cx=""#).nth(1)?.split('"').next()?.parse().ok())
    ///     .collect();
    /// // 10 days, then 90: the second gap is nine times the first.
    /// assert!(((cx[2] - cx[1]) / (cx[1] - cx[0]) - 9.0).abs() < 0.01);
    /// ```
    #[must_use]
    pub fn spacing(mut self, spacing: Spacing) -> Self {
        self.spacing = spacing;
        self
    }

    /// The size in pixels (default 720 × 420).
    ///
    /// ```
    /// use implsci::plot::run_chart::RunChart;
    /// assert_eq!(RunChart::new("T", "Score", "%").size(600, 300).draw(&[]).height(), 300);
    /// ```
    #[must_use]
    pub fn size(mut self, width: u32, height: u32) -> Self {
        self.width = width.max(200);
        self.height = height.max(150);
        self
    }

    /// The points in time order (sorted by date, stable for equal dates), values that are
    /// not finite read as no data, the median, and the signals found.
    ///
    /// ```
    /// use implsci::jiff::civil::date;
    /// use implsci::plot::run_chart::RunChart;
    /// let pts = [(date(2024, 2, 1), Some(2.0)), (date(2024, 1, 1), Some(1.0))];
    /// let found = RunChart::new("T", "S", "").analyse(&pts);
    /// assert_eq!(found.points[0].0, date(2024, 1, 1));
    /// assert_eq!(found.median, Some(1.5));
    /// assert!(found.signals.is_empty());
    /// ```
    #[must_use]
    pub fn analyse(&self, points: &[(Date, Option<f64>)]) -> RunAnalysis {
        let mut sorted: Vec<(Date, Option<f64>)> = points
            .iter()
            .map(|&(d, v)| (d, v.filter(|f| f.is_finite())))
            .collect();
        sorted.sort_by_key(|&(d, _)| d);
        let values: Vec<Option<f64>> = sorted.iter().map(|&(_, v)| v).collect();
        let m = median(&values);
        let signals = m.map_or_else(Vec::new, |m| find_signals(&values, m, self.rules));
        RunAnalysis {
            points: sorted,
            median: m,
            signals,
        }
    }

    /// Draws the chart of `points`, a date and a value (`None` for no data) each.
    ///
    /// ```
    /// use implsci::jiff::civil::date;
    /// use implsci::plot::run_chart::RunChart;
    /// let pts = [(date(2024, 1, 1), Some(1.0)), (date(2024, 2, 1), None)];
    /// let chart = RunChart::new("T", "Score", "%");
    /// assert_eq!(chart.draw(&pts), chart.draw(&pts));
    /// ```
    #[must_use]
    pub fn draw(&self, points: &[(Date, Option<f64>)]) -> Svg {
        let RunAnalysis {
            points: sorted,
            median: m,
            signals: found,
        } = self.analyse(points);
        let y = y_domain(&sorted, m, self.criterion);
        let probe = LinearScale::nice(y.0, y.1, 1.0, 0.0);
        let missing: Vec<String> = sorted
            .iter()
            .filter(|(_, v)| v.is_none())
            .map(|(d, _)| d.to_string())
            .collect();
        let frame = Frame {
            width: self.width,
            height: self.height,
            title: &self.title,
            x_title: "Date".to_string(),
            y_title: if self.unit.is_empty() {
                self.measure.clone()
            } else {
                format!("{} ({})", self.measure, self.unit)
            },
            legend: self.legend(m, &found),
            note: note(sorted.len(), &missing),
            y_tick_labels: probe.ticks().into_iter().map(fmt_number).collect(),
        };
        let (mut w, area) = frame.begin();
        let ys = LinearScale::nice(y.0, y.1, area.bottom, area.top);
        frame::y_axis(&mut w, area, &ys, &|t| fmt_number(t));
        let xs = match self.spacing {
            Spacing::Even => x_positions(sorted.len(), area),
            Spacing::Calendar => calendar_positions(&sorted, area),
        };
        x_labels(&mut w, area, &xs, &sorted);
        if let Some(m) = m {
            h_line(&mut w, area, ys.map(m), "median", m, BLUE, Some("8 4"));
        }
        if let Some(c) = self.criterion {
            h_line(
                &mut w,
                area,
                ys.map(c),
                "criterion",
                c,
                VERMILLION,
                Some("8 3 2 3"),
            );
        }
        series(&mut w, area, &xs, &ys, &sorted);
        for s in &found {
            signal(&mut w, &xs, &ys, &sorted, s);
        }
        w.finish()
    }

    fn legend(&self, m: Option<f64>, found: &[Signal]) -> Vec<LegendEntry<'static>> {
        let mut legend = vec![LegendEntry {
            label: self.measure.clone(),
            swatch: Swatch::Line {
                colour: BLACK,
                dash: None,
                marker: Some(Marker::Circle),
            },
        }];
        if let Some(m) = m {
            legend.push(LegendEntry {
                label: format!("median {}", fmt_number(m)),
                swatch: Swatch::Line {
                    colour: BLUE,
                    dash: Some("8 4"),
                    marker: None,
                },
            });
        }
        if let Some(c) = self.criterion {
            legend.push(LegendEntry {
                label: format!("criterion {}", fmt_number(c)),
                swatch: Swatch::Line {
                    colour: VERMILLION,
                    dash: Some("8 3 2 3"),
                    marker: None,
                },
            });
        }
        if found.iter().any(|s| s.kind == SignalKind::Shift) {
            legend.push(LegendEntry {
                label: format!("shift ({}+ on one side of the median)", self.rules.shift),
                swatch: Swatch::Line {
                    colour: ORANGE,
                    dash: Some("0 24"),
                    marker: Some(Marker::Square),
                },
            });
        }
        if found.iter().any(|s| s.kind == SignalKind::Trend) {
            legend.push(LegendEntry {
                label: format!("trend ({}+ rising or falling)", self.rules.trend),
                swatch: Swatch::Line {
                    colour: PURPLE,
                    dash: Some("0 24"),
                    marker: Some(Marker::Diamond),
                },
            });
        }
        legend
    }
}

/// The note under the chart: no data at all, or the dates with none.
fn note(count: usize, missing: &[String]) -> Option<String> {
    if missing.len() == count {
        return Some("No data.".to_string());
    }
    if missing.is_empty() {
        return None;
    }
    let named = missing[..missing.len().min(NOTE_DATES)].join(", ");
    let rest = missing.len().saturating_sub(NOTE_DATES);
    Some(if rest > 0 {
        format!("No data: {named} and {rest} more.")
    } else {
        format!("No data: {named}.")
    })
}

/// The values' range with the median and the criterion, widened by 5% each side, or 0–1
/// when there is no value.
fn y_domain(sorted: &[(Date, Option<f64>)], m: Option<f64>, criterion: Option<f64>) -> (f64, f64) {
    let all = sorted
        .iter()
        .filter_map(|&(_, v)| v)
        .chain(m)
        .chain(criterion);
    let (lo, hi) = all.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    if !lo.is_finite() {
        return (0.0, 1.0);
    }
    // A little room so no point sits on the frame.
    let pad = (hi - lo) * 0.05;
    (lo - pad, hi + pad)
}

/// Evenly spaced x positions, inset from the plot area's edges.
fn x_positions(n: usize, area: Area) -> Vec<f64> {
    let inset = 30.0; // half a date label, so the first and last stay inside
    let span = area.right - area.left - 2.0 * inset;
    let steps = f64::from(u32::try_from(n.saturating_sub(1)).unwrap_or(u32::MAX));
    (0..n)
        .map(|i| {
            if n == 1 {
                f64::midpoint(area.left, area.right)
            } else {
                let i = f64::from(u32::try_from(i).unwrap_or(u32::MAX));
                area.left + inset + span * i / steps
            }
        })
        .collect()
}

/// The x position of each point by its date: the first and last dates at the inset edges,
/// the others by their days between; one date alone, or all on one day, in the middle.
fn calendar_positions(sorted: &[(Date, Option<f64>)], area: Area) -> Vec<f64> {
    let inset = 30.0;
    let (Some(first), Some(last)) = (sorted.first(), sorted.last()) else {
        return Vec::new();
    };
    let day = |d: Date| f64::from((d - first.0).get_days());
    let total = day(last.0);
    if total <= 0.0 {
        return vec![f64::midpoint(area.left, area.right); sorted.len()];
    }
    let scale = LinearScale::new(0.0, total, area.left + inset, area.right - inset);
    sorted.iter().map(|&(d, _)| scale.map(day(d))).collect()
}

/// A date under a point wherever it does not overlap the last date written.
fn x_labels(w: &mut SvgWriter, area: Area, xs: &[f64], sorted: &[(Date, Option<f64>)]) {
    w.open("g", vec![("class", "axis x".into())]);
    let label_width = estimate_text_width("2024-01-01", TICK_SIZE) + 8.0;
    let mut last: Option<f64> = None;
    for (x, (d, _)) in xs.iter().zip(sorted) {
        if last.is_none_or(|l| x - l >= label_width) {
            frame::x_tick(w, area, *x, &d.to_string());
            last = Some(*x);
        }
    }
    w.close();
}

fn h_line(
    w: &mut SvgWriter,
    area: Area,
    y: f64,
    class: &'static str,
    value: f64,
    colour: &str,
    dash: Option<&str>,
) {
    let mut attrs = vec![
        ("class", class.into()),
        ("data-value", value.into()),
        ("x1", area.left.into()),
        ("y1", y.into()),
        ("x2", area.right.into()),
        ("y2", y.into()),
        ("stroke", colour.into()),
        ("stroke-width", 2.0.into()),
    ];
    if let Some(d) = dash {
        attrs.push(("stroke-dasharray", d.into()));
    }
    w.empty("line", attrs);
}

/// The values as a line broken at each point with no data, a marker at each point, and
/// "no data" written where a missing point would stand.
fn series(
    w: &mut SvgWriter,
    area: Area,
    xs: &[f64],
    ys: &LinearScale,
    sorted: &[(Date, Option<f64>)],
) {
    w.open(
        "g",
        vec![("class", "series".into()), ("data-series", "value".into())],
    );
    let mut segment: Vec<(f64, f64)> = Vec::new();
    let flush = |w: &mut SvgWriter, segment: &mut Vec<(f64, f64)>| {
        if segment.len() > 1 {
            w.empty(
                "polyline",
                vec![
                    ("class", "line".into()),
                    ("points", points(segment).into()),
                    ("fill", "none".into()),
                    ("stroke", BLACK.into()),
                    ("stroke-width", 2.0.into()),
                ],
            );
        }
        segment.clear();
    };
    for (&x, &(_, v)) in xs.iter().zip(sorted) {
        match v {
            Some(v) => segment.push((x, ys.map(v))),
            None => flush(w, &mut segment),
        }
    }
    flush(w, &mut segment);
    for (&x, &(d, v)) in xs.iter().zip(sorted) {
        let date = d.to_string();
        if let Some(v) = v {
            w.empty(
                "circle",
                vec![
                    ("class", "point".into()),
                    ("data-date", date.into()),
                    ("data-value", v.into()),
                    ("cx", x.into()),
                    ("cy", ys.map(v).into()),
                    ("r", 3.5.into()),
                    ("fill", BLACK.into()),
                ],
            );
        } else {
            frame::no_data_label(w, vec![("data-date", date.into())], x, area.bottom - 6.0);
        }
    }
    w.close();
}

/// A signal: a group naming its kind, direction and dates, a marker on each of its points.
fn signal(
    w: &mut SvgWriter,
    xs: &[f64],
    ys: &LinearScale,
    sorted: &[(Date, Option<f64>)],
    s: &Signal,
) {
    let (class, colour, marker) = match s.kind {
        SignalKind::Shift => ("signal shift", ORANGE, Marker::Square),
        SignalKind::Trend => ("signal trend", PURPLE, Marker::Diamond),
    };
    w.open(
        "g",
        vec![
            ("class", class.into()),
            ("data-direction", s.direction.as_str().into()),
            ("data-first", sorted[s.first].0.to_string().into()),
            ("data-last", sorted[s.last].0.to_string().into()),
            ("data-points", s.points.to_string().into()),
        ],
    );
    for i in s.first..=s.last {
        if let Some(v) = sorted[i].1 {
            frame::marker_at(w, marker, colour, xs[i], ys.map(v), "signal-marker");
        }
    }
    w.close();
}
