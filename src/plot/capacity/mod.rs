//! A capacity assessment as a heat map: units down, the instrument's subscales and its total
//! across, each cell the unit's latest percent of points possible, its value written in it.
//!
//! The table is made by [`capacity_table`], a pure function; the drawing by
//! [`CapacityChart::draw`]. Cells are shaded on one sequential ramp, light (0%) to dark
//! (100%), in a single hue, so the chart reads in greyscale; the value is always written, so
//! the shade is never the only carrier. A cell at or above the threshold (80% by default,
//! [`MINIMUM_CAPACITY_PERCENT`]) gets a bold outline, and the caption states the rule with
//! its source. A unit with no administration is a row of "no data" cells, never zeros. Past
//! the row cap ([`CapacityParams::max_rows`]) the rows are groups of units, each cell the share
//! of the group's units at or above the threshold (see [`capacity_table`]).
//!
//! Source: the 80% rule, NIRN / SISEP capacity assessments (Ward et al. 2015 for the DCA); the
//! ramp's ends, `ColorBrewer`'s sequential "Blues" (Brewer, colorbrewer2.org), interpolated in
//! RGB, which this crate chose because every channel falls from the light end to the dark one,
//! so lightness does too.
//!
//! ```
//! use implsci::Document;
//! use implsci::plot::capacity::{CapacityChart, CapacityParams, CapacityScope, capacity_table};
//! use implsci::score::{AdministrationsDocument, Instrument, InstrumentDocument, ItemSum};
//! let dca = ItemSum::new(InstrumentDocument::from_json(&std::fs::read_to_string("examples/data/dca_instrument.json")?)?.instrument)?;
//! let admins = AdministrationsDocument::from_json(&std::fs::read_to_string("examples/data/dca_administrations.json")?)?;
//! let scores: Vec<_> = admins.administrations.iter().map(|a| dca.score(a)).collect::<Result<_, _>>()?;
//! let table = capacity_table(dca.definition(), &scores, CapacityScope::Subjects, &CapacityParams::default())?;
//! let svg = CapacityChart::new("District capacity").draw(&table).to_svg();
//! // Four districts, four columns: a shaded cell or "no data" each (Brunswick's data
//! // subscale and total are not computable).
//! let cells = svg.matches(r#"class="cell""#).count();
//! assert_eq!(cells + svg.matches(r#"class="no-data""#).count(), 4 * 4);
//! assert_eq!(cells, 14);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod table;

use std::fmt::Write as _;

pub use table::{
    CapacityCell, CapacityColumn, CapacityError, CapacityParams, CapacityRow, CapacityRows,
    CapacityScope, CapacityTable, DEFAULT_MAX_ROWS, MINIMUM_CAPACITY_PERCENT, capacity_table,
};

use super::frame::{self, Frame, TICK_SIZE};
use super::palette::{BLACK, GREY};
use super::svg::SvgWriter;
use super::{Svg, estimate_text_width, fmt_number};

/// The ramp's light end (0%) and dark end (100%): `ColorBrewer` "Blues".
const LIGHT: [u8; 3] = [0xF7, 0xFB, 0xFF];
const DARK: [u8; 3] = [0x08, 0x30, 0x6B];
/// A row's height.
const ROW: f64 = 22.0;
/// The room between the unit labels and the cells, and before the Total column.
const PAD: f64 = 8.0;
/// The height of the key (the ramp, the outline, no data).
const KEY: f64 = 30.0;

/// The heat map of a [`CapacityTable`]; its size follows from the rows and columns.
///
/// ```
/// use implsci::plot::capacity::{CapacityChart, CapacityParams, CapacityScope, capacity_table};
/// use implsci::score::instruments::capacity_assessment;
/// use implsci::score::Instrument;
/// let sca = capacity_assessment("sca".parse()?, "State capacity", &[("leadership", &["l1"])])?;
/// let table = capacity_table(sca.definition(), &[], CapacityScope::Subjects, &CapacityParams::default())?;
/// let chart = CapacityChart::new("No administration yet");
/// let svg = chart.draw(&table);
/// assert!(svg.as_str().contains("No unit has an administration"));
/// assert_eq!(svg, chart.draw(&table));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CapacityChart {
    title: String,
    row_title: String,
}

impl CapacityChart {
    /// A chart titled `title`, its rows called "Unit".
    ///
    /// ```
    /// use implsci::plot::capacity::CapacityChart;
    /// let chart = CapacityChart::new("District capacity, spring 2025");
    /// # let _ = chart;
    /// ```
    #[must_use]
    pub fn new(title: impl Into<String>) -> Self {
        CapacityChart {
            title: title.into(),
            row_title: "Unit".into(),
        }
    }

    /// The title of the rows' axis (default "Unit"; e.g. "District").
    ///
    /// ```
    /// use implsci::plot::capacity::{CapacityChart, CapacityParams, CapacityScope, capacity_table};
    /// use implsci::score::instruments::capacity_assessment;
    /// use implsci::score::Instrument;
    /// let dca = capacity_assessment("dca".parse()?, "DCA", &[("leadership", &["l1"])])?;
    /// let table = capacity_table(dca.definition(), &[], CapacityScope::Subjects, &CapacityParams::default())?;
    /// assert!(CapacityChart::new("T").row_title("District").draw(&table).as_str().contains(">District</text>"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn row_title(mut self, title: impl Into<String>) -> Self {
        self.row_title = title.into();
        self
    }

    /// Draws the table.
    ///
    /// ```
    /// use implsci::plot::capacity::{CapacityChart, CapacityParams, CapacityScope, capacity_table};
    /// use implsci::score::instruments::capacity_assessment;
    /// use implsci::score::Instrument;
    /// let dca = capacity_assessment("dca".parse()?, "DCA", &[("data", &["d1"])])?;
    /// let table = capacity_table(dca.definition(), &[], CapacityScope::Subjects, &CapacityParams::default())?;
    /// assert!(CapacityChart::new("T").draw(&table).as_str().starts_with("<svg "));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn draw(&self, table: &CapacityTable) -> Svg {
        let grouped = matches!(table.rows_are, CapacityRows::Groups { .. });
        let label_width = table
            .rows
            .iter()
            .map(|r| estimate_text_width(&row_label(r, grouped), TICK_SIZE))
            .fold(60.0, f64::max)
            .min(260.0);
        let cell_width = table
            .columns
            .iter()
            .map(|c| estimate_text_width(&c.label, TICK_SIZE) + 10.0)
            .fold(if grouped { 78.0 } else { 56.0 }, f64::max)
            .min(120.0);
        let date_width = if grouped { 0.0 } else { 70.0 };
        let columns = count(table.columns.len());
        let grid_width = columns * cell_width + PAD;
        let title_width = estimate_text_width(&self.title, frame::TITLE_SIZE) + 32.0;
        let chart_width = (44.0 + label_width + PAD + grid_width + date_width + 16.0)
            .max(560.0)
            .max(title_width.min(1200.0));
        let title = frame::fit(&self.title, chart_width - 32.0, frame::TITLE_SIZE);
        let caption = caption(table);
        let lines = wrap(&caption, chart_width - 32.0, TICK_SIZE);
        let rows = count(table.rows.len().max(1));
        let mut frame = Frame {
            width: pixels(chart_width),
            height: 1000,
            title: &title,
            x_title: if grouped {
                "Share of units at or above the threshold (%)".into()
            } else {
                "Subscale and total (% of points possible)".into()
            },
            y_title: match &table.rows_are {
                CapacityRows::Groups { level: Some(l), .. } => {
                    format!("{} grouped by {l}", self.row_title)
                }
                CapacityRows::Groups { level: None, .. } => {
                    format!("{}, all together", self.row_title)
                }
                CapacityRows::Units => self.row_title.clone(),
            },
            legend: Vec::new(),
            note: None,
            y_tick_labels: Vec::new(),
        };
        let probe = frame.begin().1;
        let around = 1000.0 - (probe.bottom - probe.top);
        let caption_height = count(lines.len()) * (TICK_SIZE + 4.0) + 6.0;
        let body = caption_height + KEY + ROW * 1.5 + rows * ROW + PAD;
        frame.height = pixels(around + body);
        let (mut w, area) = frame.begin();
        let y = caption_lines(&mut w, &lines, area.left + 4.0, area.top + TICK_SIZE + 2.0);
        key(&mut w, area.left + 4.0, y + 4.0, table.threshold, grouped);
        let header = y + KEY + ROW;
        let cells_left = area.left + 4.0 + label_width + PAD;
        let layout = Layout {
            cells_left,
            cell_width,
            top: header + 4.0,
            label_left: area.left + 4.0,
            label_width,
            columns: table.columns.len(),
        };
        headers(&mut w, &layout, table, header, grouped);
        if table.rows.iter().all(|r| r.assessed == 0) {
            w.text_element(
                "text",
                vec![
                    ("class", "note".into()),
                    ("x", cells_left.into()),
                    ("y", (area.bottom - 4.0).into()),
                    ("font-size", TICK_SIZE.into()),
                    ("fill", BLACK.into()),
                ],
                "No unit has an administration on or before the date looked at.",
            );
        }
        w.open("g", vec![("class", "rows".into())]);
        for (r, row) in table.rows.iter().enumerate() {
            draw_row(&mut w, &layout, table, r, row, grouped);
        }
        w.close();
        w.finish()
    }
}

/// Where the cells go.
struct Layout {
    cells_left: f64,
    cell_width: f64,
    top: f64,
    label_left: f64,
    label_width: f64,
    columns: usize,
}

impl Layout {
    /// The left edge of column `c`; the Total column (the last) stands a little apart.
    fn column_left(&self, c: usize) -> f64 {
        let apart = if c + 1 >= self.columns { PAD } else { 0.0 };
        self.cells_left + count(c) * self.cell_width + apart
    }
}

/// The column labels over the cells, and "Date" over the dates of unit rows.
fn headers(w: &mut SvgWriter, layout: &Layout, table: &CapacityTable, header: f64, grouped: bool) {
    let cell_width = layout.cell_width;
    for (c, column) in table.columns.iter().enumerate() {
        w.text_element(
            "text",
            vec![
                ("class", "column-label".into()),
                ("data-column", column.id.as_str().into()),
                ("x", (layout.column_left(c) + cell_width / 2.0).into()),
                ("y", (header - 4.0).into()),
                ("font-size", TICK_SIZE.into()),
                ("font-weight", "bold".into()),
                ("text-anchor", "middle".into()),
                ("fill", BLACK.into()),
            ],
            &frame::fit(&column.label, cell_width - 4.0, TICK_SIZE),
        );
    }
    if !grouped {
        w.text_element(
            "text",
            vec![
                ("class", "column-label".into()),
                ("x", (layout.column_left(table.columns.len()) + 6.0).into()),
                ("y", (header - 4.0).into()),
                ("font-size", TICK_SIZE.into()),
                ("font-weight", "bold".into()),
                ("fill", BLACK.into()),
            ],
            "Date",
        );
    }
}

/// The caption's lines from `top` down; returns where they end.
fn caption_lines(w: &mut SvgWriter, lines: &[String], left: f64, top: f64) -> f64 {
    let mut y = top;
    for line in lines {
        w.text_element(
            "text",
            vec![
                ("class", "caption".into()),
                ("x", left.into()),
                ("y", y.into()),
                ("font-size", TICK_SIZE.into()),
                ("fill", BLACK.into()),
            ],
            line,
        );
        y += TICK_SIZE + 4.0;
    }
    y
}

/// The row's label: the unit's name; for a group, with how many of its units were assessed.
fn row_label(row: &CapacityRow, grouped: bool) -> String {
    if grouped {
        format!("{} ({} of {} assessed)", row.label, row.assessed, row.units)
    } else {
        row.label.clone()
    }
}

/// The caption: what a cell is, the rule and its source, and the grouping when there is one.
fn caption(table: &CapacityTable) -> String {
    let t = fmt_number(table.threshold);
    let source = table
        .source
        .as_deref()
        .unwrap_or("NIRN / SISEP capacity assessments (DCA, RCA, SCA)");
    let rule = fmt_number(MINIMUM_CAPACITY_PERCENT);
    let mut text = format!(
        "{}: each unit's latest score. Minimum capacity: the total and every subscale at \
         least {rule}% (source: {source}).",
        table.instrument
    );
    match &table.rows_are {
        CapacityRows::Units => {
            let _ = write!(text, " Outlined: at or above {t}%.");
        }
        CapacityRows::Groups { level, units } => {
            let by = level
                .as_ref()
                .map_or_else(|| "all units together".to_string(), |l| format!("{l}"));
            let _ = write!(
                text,
                " {units} units are more than the chart draws one per row: rows are grouped by \
                 {by}, each cell the share of the group's units scored in that column that are \
                 at or above {t}%."
            );
        }
    }
    text
}

/// `text` in lines of at most `width` pixels, broken at spaces (a word wider than the line is
/// a line of its own).
fn wrap(text: &str, width: f64, size: f64) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if !line.is_empty() && estimate_text_width(&candidate, size) > width {
            lines.push(std::mem::take(&mut line));
            line = word.to_string();
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// The key: the ramp in five steps with their values, the outline, and no data.
fn key(w: &mut SvgWriter, left: f64, top: f64, threshold: f64, grouped: bool) {
    w.open("g", vec![("class", "key".into())]);
    let mut x = left;
    for v in [0.0, 25.0, 50.0, 75.0, 100.0] {
        w.empty(
            "rect",
            vec![
                ("x", x.into()),
                ("y", top.into()),
                ("width", 28.0.into()),
                ("height", 14.0.into()),
                ("fill", ramp(v).into()),
                ("stroke", GREY.into()),
                ("stroke-width", 0.5.into()),
            ],
        );
        w.text_element(
            "text",
            vec![
                ("x", (x + 14.0).into()),
                ("y", (top + 24.0).into()),
                ("font-size", TICK_SIZE.into()),
                ("text-anchor", "middle".into()),
                ("fill", BLACK.into()),
            ],
            &format!("{}%", fmt_number(v)),
        );
        x += 30.0;
    }
    x += 16.0;
    if !grouped {
        outline(w, x, top, 28.0, 14.0, vec![("data-key", "meets".into())]);
        let text = format!("at or above {}%", fmt_number(threshold));
        label(w, x + 34.0, top + 11.0, &text);
        x += 40.0 + estimate_text_width(&text, TICK_SIZE) + 16.0;
    }
    empty_cell(w, x, top, 28.0, 14.0, vec![("data-key", "no-data".into())]);
    label(w, x + 34.0, top + 11.0, "no data");
    w.close();
}

fn label(w: &mut SvgWriter, x: f64, y: f64, text: &str) {
    w.text_element(
        "text",
        vec![
            ("x", x.into()),
            ("y", y.into()),
            ("font-size", TICK_SIZE.into()),
            ("fill", BLACK.into()),
        ],
        text,
    );
}

/// The bold outline of a cell at or above the threshold.
fn outline(
    w: &mut SvgWriter,
    x: f64,
    y: f64,
    width: f64,
    height: f64,
    which: super::svg::Attrs<'_>,
) {
    let key = which.iter().any(|(k, _)| *k == "data-key");
    let mut attrs: super::svg::Attrs<'_> =
        vec![("class", if key { "key-meets" } else { "meets" }.into())];
    attrs.extend(which);
    attrs.extend([
        ("x", (x + 1.5).into()),
        ("y", (y + 1.5).into()),
        ("width", (width - 3.0).into()),
        ("height", (height - 3.0).into()),
        ("fill", "none".into()),
        ("stroke", BLACK.into()),
        ("stroke-width", 2.5.into()),
    ]);
    w.empty("rect", attrs);
}

/// A cell with no data: white, outlined in grey.
fn empty_cell(
    w: &mut SvgWriter,
    x: f64,
    y: f64,
    width: f64,
    height: f64,
    which: super::svg::Attrs<'_>,
) {
    let key = which.iter().any(|(k, _)| *k == "data-key");
    let mut attrs: super::svg::Attrs<'_> =
        vec![("class", if key { "key-empty" } else { "cell-empty" }.into())];
    attrs.extend(which);
    attrs.extend([
        ("x", x.into()),
        ("y", y.into()),
        ("width", width.into()),
        ("height", height.into()),
        ("fill", "#FFFFFF".into()),
        ("stroke", GREY.into()),
        ("stroke-width", 0.5.into()),
        ("stroke-dasharray", "2 2".into()),
    ]);
    w.empty("rect", attrs);
}

/// One row: its label, a cell per column, and the date of its score.
fn draw_row(
    w: &mut SvgWriter,
    layout: &Layout,
    table: &CapacityTable,
    r: usize,
    row: &CapacityRow,
    grouped: bool,
) {
    let top = layout.top + count(r) * ROW;
    let mid = top + ROW / 2.0 + TICK_SIZE * 0.35;
    w.open(
        "g",
        vec![
            ("class", "row".into()),
            ("data-unit", row.id.as_str().into()),
            ("data-assessed", count_u64(row.assessed).into()),
            ("data-units", count_u64(row.units).into()),
        ],
    );
    w.text_element(
        "text",
        vec![
            ("class", "row-label".into()),
            ("x", layout.label_left.into()),
            ("y", mid.into()),
            ("font-size", TICK_SIZE.into()),
            ("fill", BLACK.into()),
        ],
        &frame::fit(&row_label(row, grouped), layout.label_width, TICK_SIZE),
    );
    for (c, (cell, column)) in row.cells.iter().zip(&table.columns).enumerate() {
        let x = layout.column_left(c);
        let (width, height) = (layout.cell_width - 2.0, ROW - 2.0);
        let which = || -> super::svg::Attrs<'_> {
            vec![
                ("data-unit", row.id.as_str().into()),
                ("data-column", column.id.as_str().into()),
            ]
        };
        let Some(p) = cell.percent() else {
            empty_cell(w, x, top, width, height, which());
            let mut attrs = vec![("class", "no-data".into())];
            attrs.extend(which());
            attrs.extend([
                ("x", (x + width / 2.0).into()),
                ("y", mid.into()),
                ("font-size", TICK_SIZE.into()),
                ("text-anchor", "middle".into()),
                ("fill", BLACK.into()),
            ]);
            w.text_element("text", attrs, "no data");
            continue;
        };
        let mut attrs = vec![("class", "cell".into())];
        attrs.extend(which());
        attrs.extend([
            ("data-value", p.into()),
            ("x", x.into()),
            ("y", top.into()),
            ("width", width.into()),
            ("height", height.into()),
            ("fill", ramp(p).into()),
        ]);
        w.empty("rect", attrs);
        let text = match cell {
            CapacityCell::Share { meeting, scored } => {
                format!("{}% ({meeting}/{scored})", fmt_number(p))
            }
            _ => fmt_number(p),
        };
        let meets = !grouped && p >= table.threshold;
        let mut attrs = vec![("class", "cell-value".into())];
        attrs.extend(which());
        attrs.extend([
            ("x", (x + width / 2.0).into()),
            ("y", mid.into()),
            ("font-size", TICK_SIZE.into()),
            ("text-anchor", "middle".into()),
            ("fill", if dark(p) { "#FFFFFF" } else { BLACK }.into()),
        ]);
        if meets {
            attrs.push(("font-weight", "bold".into()));
        }
        w.text_element("text", attrs, &text);
        if meets {
            outline(w, x, top, width, height, which());
        }
    }
    if let Some(date) = row.date {
        w.text_element(
            "text",
            vec![
                ("class", "row-date".into()),
                ("x", (layout.column_left(table.columns.len()) + 6.0).into()),
                ("y", mid.into()),
                ("font-size", TICK_SIZE.into()),
                ("fill", BLACK.into()),
            ],
            &date.to_string(),
        );
    }
    w.close();
}

/// The ramp's colour for `percent` (clamped to 0–100), as `#RRGGBB`.
fn ramp(percent: f64) -> String {
    let t = if percent.is_finite() {
        percent.clamp(0.0, 100.0) / 100.0
    } else {
        0.0
    };
    let channel = |i: usize| {
        let v = f64::from(LIGHT[i]) + (f64::from(DARK[i]) - f64::from(LIGHT[i])) * t;
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "between two channel values, 0–255"
        )]
        let v = v.round().clamp(0.0, 255.0) as u8;
        v
    };
    format!("#{:02X}{:02X}{:02X}", channel(0), channel(1), channel(2))
}

/// Whether a cell is dark enough for white text.
fn dark(percent: f64) -> bool {
    percent >= 55.0
}

fn count(n: usize) -> f64 {
    count_u64(n as u64)
}

#[expect(
    clippy::cast_precision_loss,
    reason = "counts of rows and units are far below 2^52"
)]
fn count_u64(n: u64) -> f64 {
    n as f64
}

/// A size in whole pixels, at most `u32::MAX`.
fn pixels(size: f64) -> u32 {
    let s = size.ceil().clamp(1.0, f64::from(u32::MAX));
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "clamped to the range of u32 just above"
    )]
    let s = s as u32;
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ramp_runs_light_to_dark() {
        assert_eq!(ramp(0.0), "#F7FBFF");
        assert_eq!(ramp(100.0), "#08306B");
        assert_eq!(ramp(f64::NAN), "#F7FBFF");
        assert_eq!(ramp(250.0), "#08306B");
    }

    #[test]
    fn wrap_breaks_at_spaces() {
        assert_eq!(wrap("aa bb cc", 40.0, 10.0), ["aa bb", "cc"]);
        assert!(wrap("", 40.0, 10.0).is_empty());
    }
}
