//! The frame every chart shares: the title, the legend, the axis titles, the y axis with its
//! ticks and grid, and the plot area between them.

use super::palette::{BLACK, GREY, GRID, Marker};
use super::scale::LinearScale;
use super::svg::{Attrs, SvgWriter};
use super::{estimate_text_width, fmt_number};

/// Space around the chart, in pixels.
const MARGIN: f64 = 16.0;
/// Font sizes, in pixels.
pub(crate) const TITLE_SIZE: f64 = 16.0;
pub(crate) const LABEL_SIZE: f64 = 12.0;
pub(crate) const TICK_SIZE: f64 = 10.0;
/// The height of one legend row.
const LEGEND_ROW: f64 = 18.0;
/// The room below the plot area for the x tick labels.
const X_TICKS: f64 = 20.0;

/// How a legend entry is drawn.
pub(crate) enum Swatch<'a> {
    /// A line sample, with its dash pattern and an optional marker.
    Line {
        colour: &'a str,
        dash: Option<&'a str>,
        marker: Option<Marker>,
    },
    /// A filled box (a colour or a `url(#pattern)`).
    Fill { fill: String },
}

/// One legend entry.
pub(crate) struct LegendEntry<'a> {
    pub(crate) label: String,
    pub(crate) swatch: Swatch<'a>,
}

/// The plot area, in pixels.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Area {
    pub(crate) left: f64,
    pub(crate) top: f64,
    pub(crate) right: f64,
    pub(crate) bottom: f64,
}

/// What a chart's frame holds.
pub(crate) struct Frame<'a> {
    pub(crate) width: u32,
    pub(crate) height: u32,
    pub(crate) title: &'a str,
    pub(crate) x_title: String,
    pub(crate) y_title: String,
    pub(crate) legend: Vec<LegendEntry<'a>>,
    /// A line of text under the x axis title ("No data: …").
    pub(crate) note: Option<String>,
    /// The labels of the y ticks, to leave room for the widest.
    pub(crate) y_tick_labels: Vec<String>,
}

/// The swatch of a legend entry, drawn in a 24 × 12 box whose left edge is `x` and whose
/// vertical middle is `y`.
pub(crate) fn swatch(w: &mut SvgWriter, s: &Swatch<'_>, x: f64, y: f64) {
    match s {
        Swatch::Line {
            colour,
            dash,
            marker,
        } => {
            let mut attrs = vec![
                ("x1", x.into()),
                ("y1", y.into()),
                ("x2", (x + 24.0).into()),
                ("y2", y.into()),
                ("stroke", (*colour).into()),
                ("stroke-width", 2.0.into()),
            ];
            if let Some(d) = dash {
                attrs.push(("stroke-dasharray", (*d).into()));
            }
            w.empty("line", attrs);
            if let Some(m) = marker {
                marker_at(w, *m, colour, x + 12.0, y, "legend-marker");
            }
        }
        Swatch::Fill { fill } => w.empty(
            "rect",
            vec![
                ("x", (x + 4.0).into()),
                ("y", (y - 6.0).into()),
                ("width", 16.0.into()),
                ("height", 12.0.into()),
                ("fill", fill.clone().into()),
                ("stroke", BLACK.into()),
                ("stroke-width", 0.5.into()),
            ],
        ),
    }
}

/// A marker centred on `(x, y)`.
pub(crate) fn marker_at(w: &mut SvgWriter, m: Marker, colour: &str, x: f64, y: f64, class: &str) {
    match m {
        Marker::Circle => w.empty(
            "circle",
            vec![
                ("class", class.into()),
                ("cx", x.into()),
                ("cy", y.into()),
                ("r", 3.5.into()),
                ("fill", colour.into()),
            ],
        ),
        Marker::Square => w.empty(
            "rect",
            vec![
                ("class", class.into()),
                ("x", (x - 6.0).into()),
                ("y", (y - 6.0).into()),
                ("width", 12.0.into()),
                ("height", 12.0.into()),
                ("fill", "none".into()),
                ("stroke", colour.into()),
                ("stroke-width", 2.0.into()),
            ],
        ),
        Marker::Diamond => w.empty(
            "polygon",
            vec![
                ("class", class.into()),
                (
                    "points",
                    super::svg::points(&[(x, y - 8.0), (x + 8.0, y), (x, y + 8.0), (x - 8.0, y)])
                        .into(),
                ),
                ("fill", "none".into()),
                ("stroke", colour.into()),
                ("stroke-width", 1.5.into()),
            ],
        ),
    }
}

impl Frame<'_> {
    /// The legend, in rows from `top`; returns where the rows end.
    fn legend(&self, w: &mut SvgWriter, top: f64) -> f64 {
        let width = f64::from(self.width);
        w.open("g", vec![("class", "legend".into())]);
        let mut x = MARGIN;
        let mut y = top + LEGEND_ROW / 2.0;
        for entry in &self.legend {
            let entry_width = 30.0 + estimate_text_width(&entry.label, LABEL_SIZE) + 16.0;
            if x > MARGIN && x + entry_width > width - MARGIN {
                x = MARGIN;
                y += LEGEND_ROW;
            }
            w.open(
                "g",
                vec![
                    ("class", "legend-entry".into()),
                    ("data-label", entry.label.as_str().into()),
                ],
            );
            swatch(w, &entry.swatch, x, y);
            w.text_element(
                "text",
                vec![
                    ("x", (x + 30.0).into()),
                    ("y", (y + LABEL_SIZE * 0.35).into()),
                    ("font-size", LABEL_SIZE.into()),
                    ("fill", BLACK.into()),
                ],
                &entry.label,
            );
            w.close();
            x += entry_width;
        }
        w.close();
        y + LEGEND_ROW / 2.0 + 8.0
    }

    /// Writes the title, the legend (when it has more than one entry), the axis titles and
    /// the note, and returns the writer and the plot area left for the chart.
    pub(crate) fn begin(&self) -> (SvgWriter, Area) {
        let width = f64::from(self.width);
        let height = f64::from(self.height);
        let mut w = SvgWriter::new(self.width, self.height, self.title);
        w.text_element(
            "text",
            vec![
                ("class", "title".into()),
                ("x", MARGIN.into()),
                ("y", (MARGIN + TITLE_SIZE).into()),
                ("font-size", TITLE_SIZE.into()),
                ("font-weight", "bold".into()),
                ("fill", BLACK.into()),
            ],
            self.title,
        );
        let mut top = MARGIN + TITLE_SIZE + 12.0;
        if self.legend.len() > 1 {
            top = self.legend(&mut w, top);
        }
        top += 6.0;

        let mut bottom = height - MARGIN;
        if let Some(note) = &self.note {
            w.text_element(
                "text",
                vec![
                    ("class", "note".into()),
                    ("x", MARGIN.into()),
                    ("y", bottom.into()),
                    ("font-size", TICK_SIZE.into()),
                    ("fill", BLACK.into()),
                ],
                note,
            );
            bottom -= TICK_SIZE + 8.0;
        }
        let widest = self
            .y_tick_labels
            .iter()
            .map(|l| estimate_text_width(l, TICK_SIZE))
            .fold(0.0, f64::max);
        let left = MARGIN + LABEL_SIZE + 8.0 + widest + 8.0;
        let right = width - MARGIN;
        let area = Area {
            left,
            top,
            right,
            bottom: bottom - LABEL_SIZE - 6.0 - X_TICKS,
        };
        w.text_element(
            "text",
            vec![
                ("class", "axis-title x".into()),
                ("x", f64::midpoint(left, right).into()),
                ("y", bottom.into()),
                ("font-size", LABEL_SIZE.into()),
                ("text-anchor", "middle".into()),
                ("fill", BLACK.into()),
            ],
            &self.x_title,
        );
        let mid_y = f64::midpoint(area.top, area.bottom);
        let title_x = MARGIN + LABEL_SIZE;
        w.text_element(
            "text",
            vec![
                ("class", "axis-title y".into()),
                ("x", title_x.into()),
                ("y", mid_y.into()),
                ("font-size", LABEL_SIZE.into()),
                ("text-anchor", "middle".into()),
                (
                    "transform",
                    format!("rotate(-90 {} {})", fmt_number(title_x), fmt_number(mid_y)).into(),
                ),
                ("fill", BLACK.into()),
            ],
            &self.y_title,
        );
        w.empty(
            "rect",
            vec![
                ("class", "plot-area".into()),
                ("x", area.left.into()),
                ("y", area.top.into()),
                ("width", (area.right - area.left).into()),
                ("height", (area.bottom - area.top).into()),
                ("fill", "none".into()),
                ("stroke", GREY.into()),
                ("stroke-width", 1.0.into()),
            ],
        );
        (w, area)
    }
}

/// The y axis: a grid line and a label at each tick, labels formatted by `label`.
pub(crate) fn y_axis(
    w: &mut SvgWriter,
    area: Area,
    scale: &LinearScale,
    label: &dyn Fn(f64) -> String,
) {
    w.open("g", vec![("class", "axis y".into())]);
    for tick in scale.ticks() {
        let y = scale.map(tick);
        w.empty(
            "line",
            vec![
                ("class", "grid".into()),
                ("x1", area.left.into()),
                ("y1", y.into()),
                ("x2", area.right.into()),
                ("y2", y.into()),
                ("stroke", GRID.into()),
                ("stroke-width", 1.0.into()),
            ],
        );
        w.text_element(
            "text",
            vec![
                ("class", "tick".into()),
                ("x", (area.left - 6.0).into()),
                ("y", (y + TICK_SIZE * 0.35).into()),
                ("font-size", TICK_SIZE.into()),
                ("text-anchor", "end".into()),
                ("fill", BLACK.into()),
            ],
            &label(tick),
        );
    }
    w.close();
}

/// An x tick label centred under `x`.
pub(crate) fn x_tick(w: &mut SvgWriter, area: Area, x: f64, text: &str) {
    w.empty(
        "line",
        vec![
            ("class", "tick-mark".into()),
            ("x1", x.into()),
            ("y1", area.bottom.into()),
            ("x2", x.into()),
            ("y2", (area.bottom + 4.0).into()),
            ("stroke", GREY.into()),
            ("stroke-width", 1.0.into()),
        ],
    );
    w.text_element(
        "text",
        vec![
            ("class", "tick".into()),
            ("x", x.into()),
            ("y", (area.bottom + 6.0 + TICK_SIZE).into()),
            ("font-size", TICK_SIZE.into()),
            ("text-anchor", "middle".into()),
            ("fill", BLACK.into()),
        ],
        text,
    );
}

/// "no data" written upwards from `(x, y)` where a mark would stand, with the attributes that
/// say which mark (`data-unit`, `data-date`).
pub(crate) fn no_data_label(w: &mut SvgWriter, which: Attrs<'_>, x: f64, y: f64) {
    let mut attrs: Attrs<'_> = vec![("class", "no-data".into())];
    attrs.extend(which);
    attrs.extend([
        ("x", x.into()),
        ("y", y.into()),
        ("font-size", TICK_SIZE.into()),
        ("fill", BLACK.into()),
        (
            "transform",
            format!("rotate(-90 {} {})", fmt_number(x), fmt_number(y)).into(),
        ),
        ("dominant-baseline", "middle".into()),
    ]);
    w.text_element("text", attrs, "no data");
}

/// `text` cut to fit `width` pixels at `font_size` (by [`estimate_text_width`]), ending in
/// "…" when cut.
pub(crate) fn fit(text: &str, width: f64, font_size: f64) -> String {
    if estimate_text_width(text, font_size) <= width {
        return text.to_string();
    }
    let mut out = String::new();
    for c in text.chars() {
        out.push(c);
        if estimate_text_width(&out, font_size) + 0.6 * font_size > width {
            out.pop();
            break;
        }
    }
    out.push('…');
    out
}
