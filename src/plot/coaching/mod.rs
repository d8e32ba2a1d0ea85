//! Coaching as planned and as delivered, and coaches' loads against their capacity, on one
//! page: two panels of horizontal bars.
//!
//! - **Delivery**, one row per unit of a level (a district): the cycles planned in the window
//!   as an outlined bar, the complete cycles delivered filled inside it, and the share
//!   written beside it. A unit whose practitioners have no plan is written "no plan", never
//!   drawn as a zero bar.
//! - **Loads**, one row per coach: the active practitioners in the caseload as a bar, the
//!   capacity as a black mark across it; a coach over capacity is drawn in vermillion *and*
//!   hatched *and* written "over capacity". With more coaches than a cap, one row per unit of
//!   the level instead: its coaches' total load against their total capacity (hatched when
//!   the total is over), and, when some of its coaches are over theirs, a hatched vermillion
//!   badge and their number ([`coaching_data`] gives the rule).
//!
//! The two panels share the page because they answer one question, whether coaching happens
//! as planned and whether the coaches can carry it; one SVG prints as one page.
//!
//! Source: NIRN's Coaching driver (Active Implementation Hub, module 2) asks for a coaching
//! service delivery plan and for data on whether coaching happens as planned; the counts are
//! [`coaching_report`](crate::coaching::measures::coaching_report)'s and the loads
//! [`System::alignment_with`](crate::system::System::alignment_with)'s. The layout is this
//! crate's own; the colours are Okabe & Ito (2008).
//!
//! ```
//! use implsci::plot::coaching::{CoachingChart, CoachingData, DeliveryRow, LoadGrouping, LoadRow};
//!
//! let mut data = CoachingData::new("District", LoadGrouping::PerCoach);
//! data.delivery.push(DeliveryRow::new("wake", "Wake", 8, 2));
//! data.delivery.push(DeliveryRow::new("durham", "Durham", 0, 0));
//! data.loads.push(LoadRow::coach("coach-wake-1", 11, 8));
//! let svg = CoachingChart::new("Coaching, autumn 2024", data).draw();
//! let text = svg.to_svg();
//! assert_eq!(text.matches(r#"class="planned""#).count(), 1);
//! assert!(text.contains(">no plan</text>"));
//! assert!(text.contains(r#"data-over="true""#));
//! ```

mod data;

use std::fmt::Write as _;

pub use data::{
    CoachingData, DEFAULT_MAX_COACHES, DeliveryRow, LoadGrouping, LoadRow, coaching_data,
};

use super::frame::{self, LABEL_SIZE, LegendEntry, Swatch, TICK_SIZE};
use super::legend::{Hatch, legend_height, legend_rows, pattern};
use super::palette::{BLACK, BLUE, GREEN, GREY, GRID, VERMILLION};
use super::scale::LinearScale;
use super::svg::SvgWriter;
use super::{Svg, estimate_text_width, fmt_number};

const MARGIN: f64 = 16.0;
/// The height of one bar's row, and of its bar.
const ROW: f64 = 20.0;
const BAR: f64 = 12.0;
/// The least room right of the longest bar for its text.
const MIN_TEXT_ROOM: f64 = 120.0;
/// The pattern of a load over capacity.
const OVER: &str = "over-capacity";

impl CoachingData {
    /// Empty data for a level named `level_name`, its loads grouped as `grouping`.
    ///
    /// ```
    /// use implsci::plot::coaching::{CoachingData, LoadGrouping};
    /// let data = CoachingData::new("District", LoadGrouping::PerUnit);
    /// assert!(data.delivery.is_empty() && data.loads.is_empty());
    /// ```
    #[must_use]
    pub fn new(level_name: impl Into<String>, grouping: LoadGrouping) -> Self {
        Self {
            level_name: level_name.into(),
            delivery: Vec::new(),
            grouping,
            loads: Vec::new(),
            left_out: 0,
        }
    }
}

/// The coaching chart: delivery against plans per unit, and coach loads against capacity.
/// Its height follows its rows (a row is 20 pixels); its width is 800 pixels unless set, a
/// portrait page.
///
/// ```
/// use implsci::plot::coaching::{CoachingChart, CoachingData, LoadGrouping};
/// let svg = CoachingChart::new("Nothing yet", CoachingData::new("District", LoadGrouping::PerCoach)).draw();
/// assert_eq!(svg.width(), 800);
/// assert!(svg.as_str().contains("No units on the level."));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoachingChart {
    title: String,
    subtitle: Option<String>,
    data: CoachingData,
    width: u32,
}

impl CoachingChart {
    /// A chart of `data` under `title`.
    ///
    /// ```
    /// use implsci::plot::coaching::{CoachingChart, CoachingData, LoadGrouping};
    /// let chart = CoachingChart::new("Coaching", CoachingData::new("District", LoadGrouping::PerCoach));
    /// assert!(chart.draw().as_str().contains(">Coaching</text>"));
    /// ```
    #[must_use]
    pub fn new(title: impl Into<String>, data: CoachingData) -> Self {
        Self {
            title: title.into(),
            subtitle: None,
            data,
            width: 800,
        }
    }

    /// A line under the title (the window, say).
    ///
    /// ```
    /// use implsci::plot::coaching::{CoachingChart, CoachingData, LoadGrouping};
    /// let svg = CoachingChart::new("Coaching", CoachingData::new("District", LoadGrouping::PerCoach))
    ///     .subtitle("2024-09-01 to 2024-11-30")
    ///     .draw();
    /// assert!(svg.as_str().contains(">2024-09-01 to 2024-11-30</text>"));
    /// ```
    #[must_use]
    pub fn subtitle(mut self, subtitle: impl Into<String>) -> Self {
        self.subtitle = Some(subtitle.into());
        self
    }

    /// The width in pixels (default 800, at least 400).
    ///
    /// ```
    /// use implsci::plot::coaching::{CoachingChart, CoachingData, LoadGrouping};
    /// let chart = CoachingChart::new("C", CoachingData::new("District", LoadGrouping::PerCoach));
    /// assert_eq!(chart.width(600).draw().width(), 600);
    /// ```
    #[must_use]
    pub fn width(mut self, width: u32) -> Self {
        self.width = width.max(400);
        self
    }

    /// Draws the chart.
    ///
    /// ```
    /// use implsci::plot::coaching::{CoachingChart, CoachingData, DeliveryRow, LoadGrouping};
    /// let mut data = CoachingData::new("District", LoadGrouping::PerCoach);
    /// data.delivery.push(DeliveryRow::new("a", "A", 4, 1));
    /// let chart = CoachingChart::new("C", data);
    /// assert_eq!(chart.draw(), chart.draw()); // the same bytes
    /// ```
    #[must_use]
    pub fn draw(&self) -> Svg {
        let width = f64::from(self.width);
        let data = &self.data;
        let level = data.level_name.to_lowercase();
        let legend = legend_entries();
        let labels = data
            .delivery
            .iter()
            .map(|r| r.label.as_str())
            .chain(data.loads.iter().map(|r| r.label.as_str()));
        let widest = labels
            .map(|l| estimate_text_width(l, TICK_SIZE))
            .fold(40.0, f64::max);
        let label_width = widest.min(width * 0.3);
        // Room right of the bars for the widest text beside one (bold: a tenth more), and a
        // badge.
        let per_unit = data.grouping == LoadGrouping::PerUnit;
        let texts = data
            .delivery
            .iter()
            .map(delivery_text)
            .chain(data.loads.iter().map(|r| load_text(r, per_unit)));
        let text_room = texts
            .map(|t| estimate_text_width(&t, TICK_SIZE) * 1.1 + 24.0)
            .fold(MIN_TEXT_ROOM, f64::max)
            .min(width * 0.45);
        let layout = Layout {
            label_right: MARGIN + label_width,
            bar_left: MARGIN + label_width + 8.0,
            bar_right: width - MARGIN - text_room,
            label_width,
        };

        // The height: title, subtitle, legend, two panels, a note.
        let panel = |rows: usize| 24.0 + count(rows.max(1)) * ROW + 44.0;
        let mut height = MARGIN + 16.0 + 12.0;
        if self.subtitle.is_some() {
            height += 18.0;
        }
        height += 10.0 + legend_height(&legend, MARGIN, width - MARGIN) + 12.0;
        height += panel(data.delivery.len()) + 16.0 + panel(data.loads.len());
        height += 24.0;
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "a height of rows of 20 pixels, far below u32::MAX for any list in memory"
        )]
        let height_px = height.ceil().min(f64::from(u32::MAX)) as u32;

        let mut w = SvgWriter::new(self.width, height_px, &self.title);
        w.open("defs", Vec::new());
        pattern(&mut w, OVER, VERMILLION, Hatch::Lines);
        w.close();
        let mut y = MARGIN + 16.0;
        text(&mut w, "title", MARGIN, y, 16.0, &self.title, Some("bold"));
        if let Some(sub) = &self.subtitle {
            y += 18.0;
            text(&mut w, "subtitle", MARGIN, y, LABEL_SIZE, sub, None);
        }
        y = legend_rows(&mut w, &legend, MARGIN, width - MARGIN, y + 10.0) + 12.0;

        let heading = format!("Coaching cycles delivered against planned, per {level}");
        y = self.delivery_panel(&mut w, &layout, y, &heading);
        y += 16.0;
        let heading = match data.grouping {
            LoadGrouping::PerUnit => {
                let coaches: u64 = data.loads.iter().map(|l| l.coaches).sum();
                format!("Coach caseload against capacity, per {level} ({coaches} coaches)")
            }
            _ => "Coach caseload against capacity, per coach".to_string(),
        };
        y = self.loads_panel(&mut w, &layout, y, &heading);
        if data.left_out > 0 {
            let s = if data.left_out == 1 { "" } else { "s" };
            let note = format!(
                "{} practitioner{s} of the coaching report not active in the system: left out of the bars.",
                data.left_out
            );
            text(&mut w, "note", MARGIN, y + 16.0, TICK_SIZE, &note, None);
        }
        w.finish()
    }

    fn delivery_panel(&self, w: &mut SvgWriter, at: &Layout, top: f64, heading: &str) -> f64 {
        let rows = &self.data.delivery;
        text(
            w,
            "panel-title",
            MARGIN,
            top + 12.0,
            13.0,
            heading,
            Some("bold"),
        );
        let top = top + 24.0;
        let max = rows
            .iter()
            .map(|r| r.planned.max(r.delivered))
            .max()
            .unwrap_or(0);
        let x = LinearScale::nice(0.0, as_f64(max.max(1)), at.bar_left, at.bar_right);
        let bottom = top + count(rows.len().max(1)) * ROW;
        grid(w, &x, top, bottom);
        w.open("g", vec![("class", "delivery".into())]);
        if rows.is_empty() {
            no_data(w, at.bar_left, top + ROW / 2.0, "No units on the level.");
        }
        for (i, row) in rows.iter().enumerate() {
            let mid = top + count(i) * ROW + ROW / 2.0;
            row_label(w, at, mid, &row.label);
            if row.planned == 0 {
                let label = if row.delivered > 0 {
                    format!("no plan ({} delivered)", row.delivered)
                } else {
                    "no plan".to_string()
                };
                w.text_element(
                    "text",
                    vec![
                        ("class", "no-data".into()),
                        ("data-unit", row.id.as_str().into()),
                        ("x", (at.bar_left + 4.0).into()),
                        ("y", (mid + TICK_SIZE * 0.35).into()),
                        ("font-size", TICK_SIZE.into()),
                        ("font-style", "italic".into()),
                        ("fill", BLACK.into()),
                    ],
                    &label,
                );
                continue;
            }
            let x0 = x.map(0.0);
            let planned = x.map(as_f64(row.planned)) - x0;
            let delivered = x.map(as_f64(row.delivered)) - x0;
            w.empty(
                "rect",
                vec![
                    ("class", "planned".into()),
                    ("data-unit", row.id.as_str().into()),
                    ("data-value", as_f64(row.planned).into()),
                    ("x", x0.into()),
                    ("y", (mid - BAR / 2.0 - 2.0).into()),
                    ("width", planned.into()),
                    ("height", (BAR + 4.0).into()),
                    ("fill", "#FFFFFF".into()),
                    ("stroke", BLACK.into()),
                    ("stroke-width", 1.0.into()),
                ],
            );
            if row.delivered > 0 {
                w.empty(
                    "rect",
                    vec![
                        ("class", "delivered".into()),
                        ("data-unit", row.id.as_str().into()),
                        ("data-value", as_f64(row.delivered).into()),
                        ("x", x0.into()),
                        ("y", (mid - BAR / 2.0).into()),
                        ("width", delivered.into()),
                        ("height", BAR.into()),
                        ("fill", BLUE.into()),
                    ],
                );
            }
            let label = delivery_text(row);
            let end = x0 + planned.max(delivered);
            w.text_element(
                "text",
                vec![
                    ("class", "share".into()),
                    ("data-unit", row.id.as_str().into()),
                    ("x", (end + 6.0).into()),
                    ("y", (mid + TICK_SIZE * 0.35).into()),
                    ("font-size", TICK_SIZE.into()),
                    ("fill", BLACK.into()),
                ],
                &label,
            );
        }
        w.close();
        x_axis(w, &x, bottom, "Coaching cycles in the window")
    }

    #[allow(clippy::too_many_lines)] // one row's marks, in the order drawn
    fn loads_panel(&self, w: &mut SvgWriter, at: &Layout, top: f64, heading: &str) -> f64 {
        let rows = &self.data.loads;
        let per_unit = self.data.grouping == LoadGrouping::PerUnit;
        text(
            w,
            "panel-title",
            MARGIN,
            top + 12.0,
            13.0,
            heading,
            Some("bold"),
        );
        let top = top + 24.0;
        let max = rows
            .iter()
            .map(|r| r.load.max(r.capacity))
            .max()
            .unwrap_or(0);
        let x = LinearScale::nice(0.0, as_f64(max.max(1)), at.bar_left, at.bar_right);
        let bottom = top + count(rows.len().max(1)) * ROW;
        grid(w, &x, top, bottom);
        w.open("g", vec![("class", "loads".into())]);
        if rows.is_empty() {
            no_data(w, at.bar_left, top + ROW / 2.0, "No coaches in the system.");
        }
        let x0 = x.map(0.0);
        for (i, row) in rows.iter().enumerate() {
            let mid = top + count(i) * ROW + ROW / 2.0;
            row_label(w, at, mid, &row.label);
            let over = row.over();
            let end = x.map(as_f64(row.load));
            let which = if per_unit { "data-unit" } else { "data-coach" };
            w.empty(
                "rect",
                vec![
                    ("class", "load".into()),
                    (which, row.id.as_str().into()),
                    ("data-value", as_f64(row.load).into()),
                    ("data-capacity", as_f64(row.capacity).into()),
                    ("data-coaches", as_f64(row.coaches).into()),
                    ("data-over", if over { "true" } else { "false" }.into()),
                    ("x", x0.into()),
                    ("y", (mid - BAR / 2.0).into()),
                    ("width", (end - x0).into()),
                    ("height", BAR.into()),
                    (
                        "fill",
                        if over {
                            format!("url(#{OVER})")
                        } else {
                            GREEN.to_string()
                        }
                        .into(),
                    ),
                    ("stroke", if over { VERMILLION } else { BLACK }.into()),
                    ("stroke-width", if over { 1.5 } else { 0.5 }.into()),
                ],
            );
            let cx = x.map(as_f64(row.capacity));
            w.empty(
                "line",
                vec![
                    ("class", "capacity".into()),
                    (which, row.id.as_str().into()),
                    ("data-value", as_f64(row.capacity).into()),
                    ("x1", cx.into()),
                    ("y1", (mid - BAR / 2.0 - 3.0).into()),
                    ("x2", cx.into()),
                    ("y2", (mid + BAR / 2.0 + 3.0).into()),
                    ("stroke", BLACK.into()),
                    ("stroke-width", 2.5.into()),
                ],
            );
            let mut text_x = end.max(cx) + 6.0;
            if per_unit && row.over_capacity > 0 {
                // The group's coaches over capacity: a hatched vermillion badge, and their
                // number in the text.
                w.empty(
                    "rect",
                    vec![
                        ("class", "over-badge".into()),
                        (which, row.id.as_str().into()),
                        ("data-value", as_f64(row.over_capacity).into()),
                        ("x", text_x.into()),
                        ("y", (mid - 5.0).into()),
                        ("width", 10.0.into()),
                        ("height", 10.0.into()),
                        ("fill", format!("url(#{OVER})").into()),
                        ("stroke", VERMILLION.into()),
                        ("stroke-width", 1.0.into()),
                    ],
                );
                text_x += 14.0;
            }
            let label = load_text(row, per_unit);
            let bold = over || row.over_capacity > 0;
            w.text_element(
                "text",
                vec![
                    ("class", "load-label".into()),
                    (which, row.id.as_str().into()),
                    ("x", text_x.into()),
                    ("y", (mid + TICK_SIZE * 0.35).into()),
                    ("font-size", TICK_SIZE.into()),
                    ("font-weight", if bold { "bold" } else { "normal" }.into()),
                    ("fill", BLACK.into()),
                ],
                &label,
            );
        }
        w.close();
        x_axis(w, &x, bottom, "Active practitioners in the caseload")
    }
}

/// The text beside a delivery bar.
fn delivery_text(row: &DeliveryRow) -> String {
    let share = row.share().map_or(String::new(), |s| {
        format!(" ({}%)", fmt_number((s * 1000.0).round() / 10.0))
    });
    format!("{} of {} planned{share}", row.delivered, row.planned)
}

/// The text beside a load bar.
fn load_text(row: &LoadRow, per_unit: bool) -> String {
    let mut label = format!("{} / {}", row.load, row.capacity);
    if per_unit {
        let s = if row.coaches == 1 { "" } else { "es" };
        // Writing to a String cannot fail.
        let _ = write!(label, ", {} coach{s}", row.coaches);
        if row.over_capacity > 0 {
            let _ = write!(label, ", {} over capacity", row.over_capacity);
        }
        if row.over() {
            label.push_str(", total over capacity");
        }
    } else if row.over() {
        label.push_str(" over capacity");
    }
    label
}

/// Where the columns of a panel stand.
struct Layout {
    label_right: f64,
    bar_left: f64,
    bar_right: f64,
    label_width: f64,
}

fn legend_entries() -> Vec<LegendEntry<'static>> {
    vec![
        LegendEntry {
            label: "cycles planned".to_string(),
            swatch: Swatch::Fill {
                fill: "#FFFFFF".to_string(),
            },
        },
        LegendEntry {
            label: "cycles delivered".to_string(),
            swatch: Swatch::Fill {
                fill: BLUE.to_string(),
            },
        },
        LegendEntry {
            label: "caseload within capacity".to_string(),
            swatch: Swatch::Fill {
                fill: GREEN.to_string(),
            },
        },
        LegendEntry {
            label: "caseload over capacity".to_string(),
            swatch: Swatch::Fill {
                fill: format!("url(#{OVER})"),
            },
        },
        LegendEntry {
            label: "capacity".to_string(),
            swatch: Swatch::Line {
                colour: BLACK,
                dash: None,
                marker: None,
            },
        },
    ]
}

fn text(w: &mut SvgWriter, class: &str, x: f64, y: f64, size: f64, s: &str, weight: Option<&str>) {
    let mut attrs = vec![
        ("class", class.into()),
        ("x", x.into()),
        ("y", y.into()),
        ("font-size", size.into()),
    ];
    if let Some(weight) = weight {
        attrs.push(("font-weight", weight.into()));
    }
    attrs.push(("fill", BLACK.into()));
    w.text_element("text", attrs, s);
}

fn no_data(w: &mut SvgWriter, x: f64, y: f64, s: &str) {
    w.text_element(
        "text",
        vec![
            ("class", "no-data".into()),
            ("x", x.into()),
            ("y", (y + TICK_SIZE * 0.35).into()),
            ("font-size", TICK_SIZE.into()),
            ("font-style", "italic".into()),
            ("fill", BLACK.into()),
        ],
        s,
    );
}

fn row_label(w: &mut SvgWriter, at: &Layout, mid: f64, label: &str) {
    w.text_element(
        "text",
        vec![
            ("class", "row-label".into()),
            ("x", at.label_right.into()),
            ("y", (mid + TICK_SIZE * 0.35).into()),
            ("font-size", TICK_SIZE.into()),
            ("text-anchor", "end".into()),
            ("fill", BLACK.into()),
        ],
        &frame::fit(label, at.label_width, TICK_SIZE),
    );
}

/// Grid lines at the ticks, from `top` to `bottom`.
fn grid(w: &mut SvgWriter, x: &LinearScale, top: f64, bottom: f64) {
    w.open("g", vec![("class", "grid".into())]);
    for tick in x.ticks() {
        let at = x.map(tick);
        w.empty(
            "line",
            vec![
                ("x1", at.into()),
                ("y1", top.into()),
                ("x2", at.into()),
                ("y2", bottom.into()),
                ("stroke", GRID.into()),
                ("stroke-width", 1.0.into()),
            ],
        );
    }
    w.close();
}

/// The x axis under the bars, its tick labels and its title; returns where it ends.
fn x_axis(w: &mut SvgWriter, x: &LinearScale, top: f64, title: &str) -> f64 {
    let (d0, d1) = x.domain();
    w.open("g", vec![("class", "axis x".into())]);
    w.empty(
        "line",
        vec![
            ("x1", x.map(d0).into()),
            ("y1", top.into()),
            ("x2", x.map(d1).into()),
            ("y2", top.into()),
            ("stroke", GREY.into()),
            ("stroke-width", 1.0.into()),
        ],
    );
    for tick in x.ticks() {
        let at = x.map(tick);
        w.text_element(
            "text",
            vec![
                ("class", "tick".into()),
                ("x", at.into()),
                ("y", (top + 4.0 + TICK_SIZE).into()),
                ("font-size", TICK_SIZE.into()),
                ("text-anchor", "middle".into()),
                ("fill", BLACK.into()),
            ],
            &fmt_number(tick),
        );
    }
    w.text_element(
        "text",
        vec![
            ("class", "axis-title x".into()),
            ("x", f64::midpoint(x.map(d0), x.map(d1)).into()),
            ("y", (top + 34.0).into()),
            ("font-size", LABEL_SIZE.into()),
            ("text-anchor", "middle".into()),
            ("fill", BLACK.into()),
        ],
        title,
    );
    w.close();
    top + 44.0
}

#[allow(clippy::cast_precision_loss)] // counts below 2^53 are exact
fn as_f64(n: u64) -> f64 {
    n as f64
}

fn count(n: usize) -> f64 {
    as_f64(u64::try_from(n).unwrap_or(u64::MAX))
}
