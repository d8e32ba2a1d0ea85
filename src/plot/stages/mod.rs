//! Implementation stages over time: for each group (a unit of a level, such as a district),
//! the count of its units in each stage per period, as stacked bars in small multiples.
//!
//! The counting is [`count_stages`], a pure function returning a [`StageTable`]; the drawing
//! is [`StageChart::draw`]. A unit's stage in a period is its stage on the period's last day
//! ([`StageHistory::stage_on`](crate::stage::StageHistory::stage_on)). Every unit of a group is
//! drawn in every period: units with no stage recorded on that date are a segment of their
//! own (grey, hatched, named in the legend), and so are units whose history is de-implemented
//! by then ([`Segment::DeImplemented`]), so a bar's height is always the group's units.
//!
//! Panels are wrapped into rows and share one y scale, so bars compare across groups. Each
//! stage has its colour from the Okabe–Ito palette and its own fill pattern (solid, hatched,
//! cross-hatched, lined), so the chart reads in greyscale. At most
//! [`StageChart::max_panels`] panels are drawn (120 by default, this crate's choice, so the
//! file stays small); a note under the chart names how many groups were left out.
//!
//! Source: the stages, NIRN Active Implementation Hub module 4 "Implementation Stages"; the
//! colours, Okabe & Ito (2008) (see [`palette`](super::palette)). The layout is this crate's
//! own.
//!
//! ```
//! use implsci::plot::stages::{StageChart, StageHistories, StageQuery, count_stages};
//! use implsci::period::{Calendar, PeriodKind};
//! use implsci::system::System;
//! let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
//! let log = std::fs::read("examples/data/state_events.jsonl")?;
//! let events: Vec<_> = implsci::event::parse_log(&log).records.into_iter().map(|r| r.value).collect();
//! let histories = StageHistories::from_events(&events, &"check-in-check-out".parse()?);
//! let query = StageQuery::new("district".parse()?, Calendar::new(PeriodKind::SchoolYear),
//!     "2023-07-01".parse()?, "2025-06-30".parse()?).count_level("school".parse()?);
//! let table = count_stages(&system, &histories, &query)?;
//! let svg = StageChart::new("CICO stages by district").draw(&table).to_svg();
//! assert_eq!(svg.matches(r#"class="panel""#).count(), 4);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod count;

use std::fmt::Write as _;

pub use count::{
    Segment, StageCountError, StageGroup, StageHistories, StageQuery, StageTable, StageTally,
    count_stages,
};

use super::frame::{self, Area, Frame, LegendEntry, Swatch, TICK_SIZE};
use super::palette::{BLACK, BLUE, GREEN, GREY, OKABE_ITO, VERMILLION};
use super::scale::{BandScale, LinearScale};
use super::svg::SvgWriter;
use super::{Svg, estimate_text_width, fmt_number};
use crate::period::PeriodKind;
use crate::stage::Stage;

/// Sky blue.
const SKY: &str = OKABE_ITO[2];
/// Yellow.
const YELLOW: &str = OKABE_ITO[4];
/// The light grey of "no stage recorded".
const NO_STAGE_FILL: &str = "#EEEEEE";
/// A panel's height in pixels: its title, its bars and its period labels.
const PANEL_HEIGHT: f64 = 170.0;
/// The room between panels.
const GAP: f64 = 18.0;
/// The room a panel leaves above its bars for its title.
const PANEL_TITLE: f64 = 20.0;
/// The room under the bars for the period labels.
const PANEL_X_LABELS: f64 = 18.0;

/// The stacked-bar small multiples of a [`StageTable`].
///
/// ```
/// use implsci::plot::stages::{StageChart, StageHistories, StageQuery, count_stages};
/// use implsci::period::{Calendar, PeriodKind};
/// use implsci::system::System;
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let query = StageQuery::new("region".parse()?, Calendar::new(PeriodKind::Quarter),
///     "2024-07-01".parse()?, "2025-06-30".parse()?).count_level("school".parse()?);
/// let table = count_stages(&system, &StageHistories::new("cico".parse()?), &query)?;
/// let chart = StageChart::new("CICO stages by region");
/// let svg = chart.draw(&table);
/// assert_eq!(svg, chart.draw(&table)); // the same bytes
/// // No unit has a stage: one "no stage recorded" segment per region and quarter.
/// assert_eq!(svg.as_str().matches(r#"data-segment="no_stage""#).count(), 3 * 4);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageChart {
    title: String,
    width: u32,
    max_panels: usize,
}

impl StageChart {
    /// A chart titled `title`, 960 pixels wide (its height follows from the rows of panels),
    /// at most 120 panels.
    ///
    /// ```
    /// use implsci::plot::stages::StageChart;
    /// let chart = StageChart::new("Stages");
    /// # let _ = chart;
    /// ```
    #[must_use]
    pub fn new(title: impl Into<String>) -> Self {
        StageChart {
            title: title.into(),
            width: 960,
            max_panels: 120,
        }
    }

    /// The width in pixels (at least 320); the height follows from the panels.
    ///
    /// ```
    /// use implsci::plot::stages::{StageChart, StageHistories, StageQuery, count_stages};
    /// use implsci::period::{Calendar, PeriodKind};
    /// use implsci::system::System;
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// let query = StageQuery::new("district".parse()?, Calendar::new(PeriodKind::SchoolYear),
    ///     "2024-07-01".parse()?, "2025-06-30".parse()?);
    /// let table = count_stages(&system, &StageHistories::new("cico".parse()?), &query)?;
    /// assert_eq!(StageChart::new("Stages").width(640).draw(&table).width(), 640);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn width(mut self, width: u32) -> Self {
        self.width = width.max(320);
        self
    }

    /// The most panels drawn (at least 1; 120 by default); the groups after them are counted
    /// in a note under the chart instead.
    ///
    /// ```
    /// use implsci::plot::stages::{StageChart, StageHistories, StageQuery, count_stages};
    /// use implsci::period::{Calendar, PeriodKind};
    /// use implsci::system::System;
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// let query = StageQuery::new("school".parse()?, Calendar::new(PeriodKind::SchoolYear),
    ///     "2024-07-01".parse()?, "2025-06-30".parse()?);
    /// let table = count_stages(&system, &StageHistories::new("cico".parse()?), &query)?;
    /// let svg = StageChart::new("Stages").max_panels(4).draw(&table).to_svg();
    /// assert_eq!(svg.matches(r#"class="panel""#).count(), 4);
    /// assert!(svg.contains("5 more school units not drawn"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn max_panels(mut self, max: usize) -> Self {
        self.max_panels = max.max(1);
        self
    }

    /// Draws the table.
    ///
    /// ```
    /// use implsci::plot::stages::{StageChart, StageHistories, StageQuery, count_stages};
    /// use implsci::period::{Calendar, PeriodKind};
    /// use implsci::system::System;
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// // `to` before `from`: no period, and the chart says so.
    /// let query = StageQuery::new("district".parse()?, Calendar::new(PeriodKind::Month),
    ///     "2025-01-01".parse()?, "2024-01-01".parse()?);
    /// let table = count_stages(&system, &StageHistories::new("cico".parse()?), &query)?;
    /// assert!(StageChart::new("Stages").draw(&table).as_str().contains("No period"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn draw(&self, table: &StageTable) -> Svg {
        let shown = &table.groups[..table.groups.len().min(self.max_panels)];
        let left_out = table.groups.len() - shown.len();
        let legend: Vec<LegendEntry<'_>> = Segment::ALL
            .iter()
            .map(|&s| LegendEntry {
                label: s.label().to_string(),
                swatch: Swatch::Fill { fill: fill(s) },
            })
            .collect();
        let note = note(table, left_out);
        let mut frame = Frame {
            width: self.width,
            height: 1000,
            title: &self.title,
            x_title: period_title(table.period_kind).to_string(),
            y_title: format!("{} units", table.count_level_name),
            legend,
            note: Some(note),
            y_tick_labels: Vec::new(),
        };
        // The height the frame takes around its plot area, measured at a trial height.
        let probe = frame.begin().1;
        let around = 1000.0 - (probe.bottom - probe.top);
        let max_total = shown
            .iter()
            .flat_map(|g| g.tallies.iter().map(StageTally::total))
            .max()
            .unwrap_or(0);
        let scale_probe = LinearScale::nice(0.0, count_f64(max_total).max(1.0), 1.0, 0.0);
        let tick_width = scale_probe
            .ticks()
            .iter()
            .map(|t| estimate_text_width(&fmt_number(*t), TICK_SIZE))
            .fold(0.0, f64::max)
            + 8.0;
        let inner_width = f64::from(self.width) - 32.0 - 28.0;
        let per_bar = 24.0;
        let min_panel = (count_f64(table.periods.len() as u64) * per_bar + tick_width).max(150.0);
        let columns = column_count(inner_width, min_panel, shown.len());
        let rows = shown.len().div_ceil(columns).max(1);
        let height = around + count_f64(rows as u64) * (PANEL_HEIGHT + GAP);
        frame.height = pixels(height);
        let (mut w, area) = frame.begin();
        patterns(&mut w);
        if table.periods.is_empty() || shown.is_empty() {
            empty_message(&mut w, area, table.periods.is_empty());
            return w.finish();
        }
        let panel_width = (area.right - area.left - GAP * count_f64((columns - 1) as u64))
            / count_f64(columns as u64);
        w.open("g", vec![("class", "panels".into())]);
        for (i, group) in shown.iter().enumerate() {
            let (row, col) = (i / columns, i % columns);
            let left = area.left + count_f64(col as u64) * (panel_width + GAP);
            let top = area.top + GAP / 2.0 + count_f64(row as u64) * (PANEL_HEIGHT + GAP);
            let panel = Area {
                left,
                top,
                right: left + panel_width,
                bottom: top + PANEL_HEIGHT,
            };
            draw_panel(&mut w, table, group, panel, tick_width, max_total);
        }
        w.close();
        w.finish()
    }
}

/// How many panels fit across, at least one and no more than there are.
fn column_count(inner_width: f64, min_panel: f64, panels: usize) -> usize {
    let fit = ((inner_width + GAP) / (min_panel + GAP)).floor();
    // `fit` is small and positive, or zero: the chart is at most a few thousand pixels wide.
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

/// The x axis title for a kind of period.
fn period_title(kind: PeriodKind) -> &'static str {
    match kind {
        PeriodKind::SchoolYear => "School year (stage on the last day of each)",
        PeriodKind::Year => "Year (stage on the last day of each)",
        PeriodKind::Quarter => "Quarter (stage on the last day of each)",
        PeriodKind::Month => "Month (stage on the last day of each)",
    }
}

/// The note under the chart: the innovation, sites not counted, and groups left out.
fn note(table: &StageTable, left_out: usize) -> String {
    let mut note = format!("Innovation: {}.", table.innovation);
    if !table.not_counted.is_empty() {
        let _ = write!(
            note,
            " {} site(s) with a history are not {} units of the system and are not counted.",
            table.not_counted.len(),
            table.count_level
        );
    }
    if left_out > 0 {
        let _ = write!(
            note,
            " {left_out} more {} units not drawn: choose a higher level.",
            table.group_level
        );
    }
    note
}

fn empty_message(w: &mut SvgWriter, area: Area, no_period: bool) {
    let text = if no_period {
        "No period: the last date is before the first."
    } else {
        "No unit on this level."
    };
    w.text_element(
        "text",
        vec![
            ("class", "no-data".into()),
            ("x", f64::midpoint(area.left, area.right).into()),
            ("y", f64::midpoint(area.top, area.bottom).into()),
            ("font-size", frame::LABEL_SIZE.into()),
            ("text-anchor", "middle".into()),
            ("fill", BLACK.into()),
        ],
        text,
    );
}

/// One group's panel: its title, its y ticks, a stacked bar per period, the period labels.
fn draw_panel(
    w: &mut SvgWriter,
    table: &StageTable,
    group: &StageGroup,
    panel: Area,
    tick_width: f64,
    max_total: u64,
) {
    let bars = Area {
        left: panel.left + tick_width,
        top: panel.top + PANEL_TITLE,
        right: panel.right,
        bottom: panel.bottom - PANEL_X_LABELS,
    };
    let domain_max = count_f64(max_total).max(1.0);
    let y = LinearScale::nice(0.0, domain_max, bars.bottom, bars.top);
    w.open(
        "g",
        vec![
            ("class", "panel".into()),
            ("data-group", group.id.as_str().into()),
            ("data-units", count_f64(group.units).into()),
        ],
    );
    // Bold text runs about a tenth wider than the estimate; the count is never cut.
    let bold = frame::LABEL_SIZE * 1.1;
    let count_text = format!(" (n = {})", group.units);
    let room = panel.right - panel.left - estimate_text_width(&count_text, bold) - 4.0;
    let title = format!(
        "{}{count_text}",
        frame::fit(&group.label, room.max(0.0), bold)
    );
    w.text_element(
        "text",
        vec![
            ("class", "panel-title".into()),
            ("x", panel.left.into()),
            ("y", (panel.top + 12.0).into()),
            ("font-size", frame::LABEL_SIZE.into()),
            ("font-weight", "bold".into()),
            ("fill", BLACK.into()),
        ],
        &title,
    );
    w.empty(
        "rect",
        vec![
            ("class", "panel-area".into()),
            ("data-domain-max", y.domain().1.into()),
            ("x", bars.left.into()),
            ("y", bars.top.into()),
            ("width", (bars.right - bars.left).into()),
            ("height", (bars.bottom - bars.top).into()),
            ("fill", "none".into()),
            ("stroke", GREY.into()),
            ("stroke-width", 0.5.into()),
        ],
    );
    panel_ticks(w, &y, bars.left);
    let bands = BandScale::new(table.periods.len(), bars.left, bars.right, 0.2);
    let label_width = table
        .periods
        .iter()
        .map(|p| estimate_text_width(&p.label, TICK_SIZE))
        .fold(0.0, f64::max)
        + 6.0;
    let band = (bars.right - bars.left) / count_f64(table.periods.len().max(1) as u64);
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "a small positive ratio of two widths"
    )]
    let every = (label_width / band).ceil().clamp(1.0, 1e6) as usize;
    for (k, (period, tally)) in table.periods.iter().zip(&group.tallies).enumerate() {
        stacked_bar(w, &y, group, &period.label, tally, bands.inner(k));
        if k % every == 0 {
            w.text_element(
                "text",
                vec![
                    ("class", "tick".into()),
                    ("x", bands.centre(k).into()),
                    ("y", (bars.bottom + 4.0 + TICK_SIZE).into()),
                    ("font-size", TICK_SIZE.into()),
                    ("text-anchor", "middle".into()),
                    ("fill", BLACK.into()),
                ],
                &period.label,
            );
        }
    }
    if group.units == 0 {
        w.text_element(
            "text",
            vec![
                ("class", "no-data".into()),
                ("data-group", group.id.as_str().into()),
                ("x", f64::midpoint(bars.left, bars.right).into()),
                ("y", f64::midpoint(bars.top, bars.bottom).into()),
                ("font-size", TICK_SIZE.into()),
                ("text-anchor", "middle".into()),
                ("fill", BLACK.into()),
            ],
            &format!("no {} units", table.count_level),
        );
    }
    w.close();
}

/// A panel's y tick labels, right-aligned left of `left`.
fn panel_ticks(w: &mut SvgWriter, y: &LinearScale, left: f64) {
    for tick in y.ticks() {
        let ty = y.map(tick);
        w.text_element(
            "text",
            vec![
                ("class", "tick".into()),
                ("x", (left - 4.0).into()),
                ("y", (ty + TICK_SIZE * 0.35).into()),
                ("font-size", TICK_SIZE.into()),
                ("text-anchor", "end".into()),
                ("fill", BLACK.into()),
            ],
            &fmt_number(tick),
        );
    }
}

/// One period's stacked bar: a segment per non-empty segment, bottom-up in
/// [`Segment::ALL`] order, each labelled with its count where the count fits.
fn stacked_bar(
    w: &mut SvgWriter,
    y: &LinearScale,
    group: &StageGroup,
    period: &str,
    tally: &StageTally,
    (x, width): (f64, f64),
) {
    let mut base = 0u64;
    for segment in Segment::ALL {
        let n = tally.get(segment);
        if n == 0 {
            continue;
        }
        let y0 = y.map(count_f64(base));
        let y1 = y.map(count_f64(base + n));
        base += n;
        w.empty(
            "rect",
            vec![
                ("class", "segment".into()),
                ("data-group", group.id.as_str().into()),
                ("data-period", period.into()),
                ("data-segment", segment.as_str().into()),
                ("data-value", count_f64(n).into()),
                ("x", x.into()),
                ("y", y1.into()),
                ("width", width.into()),
                ("height", (y0 - y1).into()),
                ("fill", fill(segment).into()),
                ("stroke", BLACK.into()),
                ("stroke-width", 0.5.into()),
            ],
        );
        let text = n.to_string();
        if y0 - y1 >= TICK_SIZE + 2.0 && estimate_text_width(&text, TICK_SIZE) + 4.0 <= width {
            w.text_element(
                "text",
                vec![
                    ("class", "segment-label".into()),
                    ("x", (x + width / 2.0).into()),
                    ("y", (f64::midpoint(y0, y1) + TICK_SIZE * 0.35).into()),
                    ("font-size", TICK_SIZE.into()),
                    ("text-anchor", "middle".into()),
                    ("fill", BLACK.into()),
                    ("stroke", "#FFFFFF".into()),
                    ("stroke-width", 3.0.into()),
                    ("paint-order", "stroke".into()),
                ],
                &text,
            );
        }
    }
}

/// The colour and fill pattern of each segment: (id suffix, colour, pattern).
fn style(segment: Segment) -> (&'static str, &'static str, Pattern) {
    match segment {
        Segment::Stage(Stage::Exploration) => ("exploration", YELLOW, Pattern::Solid),
        Segment::Stage(Stage::Installation) => ("installation", SKY, Pattern::Hatch),
        Segment::Stage(Stage::InitialImplementation) => ("initial", GREEN, Pattern::Cross),
        Segment::Stage(Stage::FullImplementation) => ("full", BLUE, Pattern::Solid),
        Segment::DeImplemented => ("de-implemented", VERMILLION, Pattern::Lines),
        Segment::NoStage => ("no-stage", NO_STAGE_FILL, Pattern::GreyHatch),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Pattern {
    Solid,
    Hatch,
    Cross,
    Lines,
    GreyHatch,
}

fn fill(segment: Segment) -> String {
    match style(segment) {
        (_, colour, Pattern::Solid) => colour.to_string(),
        (id, _, _) => format!("url(#stage-{id})"),
    }
}

/// The fill patterns of the segments that are not solid.
fn patterns(w: &mut SvgWriter) {
    w.open("defs", Vec::new());
    for segment in Segment::ALL {
        let (id, colour, pattern) = style(segment);
        if pattern == Pattern::Solid {
            continue;
        }
        w.open(
            "pattern",
            vec![
                ("id", format!("stage-{id}").into()),
                ("patternUnits", "userSpaceOnUse".into()),
                ("width", 6.0.into()),
                ("height", 6.0.into()),
            ],
        );
        w.empty(
            "rect",
            vec![
                ("width", 6.0.into()),
                ("height", 6.0.into()),
                ("fill", colour.into()),
            ],
        );
        let (stroke, lines): (&str, &[(f64, f64, f64, f64)]) = match pattern {
            Pattern::Hatch => (BLACK, &[(0.0, 6.0, 6.0, 0.0)]),
            Pattern::Cross => (BLACK, &[(0.0, 6.0, 6.0, 0.0), (0.0, 0.0, 6.0, 6.0)]),
            Pattern::Lines => (BLACK, &[(0.0, 3.0, 6.0, 3.0)]),
            Pattern::GreyHatch => (GREY, &[(0.0, 0.0, 6.0, 6.0)]),
            Pattern::Solid => (BLACK, &[]),
        };
        for &(x1, y1, x2, y2) in lines {
            w.empty(
                "line",
                vec![
                    ("x1", x1.into()),
                    ("y1", y1.into()),
                    ("x2", x2.into()),
                    ("y2", y2.into()),
                    ("stroke", stroke.into()),
                    ("stroke-width", 0.8.into()),
                ],
            );
        }
        w.close();
    }
    w.close();
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

/// A count as a pixel-space number (counts stay far below 2^52).
#[expect(
    clippy::cast_precision_loss,
    reason = "counts of units are far below 2^52"
)]
fn count_f64(n: u64) -> f64 {
    n as f64
}
