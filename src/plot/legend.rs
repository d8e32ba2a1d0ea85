//! What the page-sized charts ([`coaching`](super::coaching), [`hierarchy`](super::hierarchy))
//! share beyond the frame: a legend laid out in rows across the page, and fill patterns
//! (hatching, dots) that keep categories apart in greyscale.

use super::estimate_text_width;
use super::frame::{LABEL_SIZE, LegendEntry, swatch};
use super::palette::BLACK;
use super::svg::SvgWriter;

/// The height of one legend row.
const ROW: f64 = 18.0;

/// Writes `entries` in rows from `top` between `left` and `right`, each entry a swatch and its
/// label, and returns where the rows end.
pub(crate) fn legend_rows(
    w: &mut SvgWriter,
    entries: &[LegendEntry<'_>],
    left: f64,
    right: f64,
    top: f64,
) -> f64 {
    w.open("g", vec![("class", "legend".into())]);
    let mut x = left;
    let mut y = top + ROW / 2.0;
    for entry in entries {
        let entry_width = 30.0 + estimate_text_width(&entry.label, LABEL_SIZE) + 16.0;
        if x > left && x + entry_width > right {
            x = left;
            y += ROW;
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
    if entries.is_empty() {
        top
    } else {
        y + ROW / 2.0
    }
}

/// The height [`legend_rows`] takes for `entries` between `left` and `right`.
pub(crate) fn legend_height(entries: &[LegendEntry<'_>], left: f64, right: f64) -> f64 {
    if entries.is_empty() {
        return 0.0;
    }
    let mut x = left;
    let mut rows = 1.0;
    for entry in entries {
        let entry_width = 30.0 + estimate_text_width(&entry.label, LABEL_SIZE) + 16.0;
        if x > left && x + entry_width > right {
            x = left;
            rows += 1.0;
        }
        x += entry_width;
    }
    rows * ROW
}

/// How a pattern covers its colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Hatch {
    /// Diagonal lines.
    Lines,
    /// Lines both ways.
    Cross,
    /// Dots.
    Dots,
}

impl Hatch {
    fn as_str(self) -> &'static str {
        match self {
            Hatch::Lines => "hatch",
            Hatch::Cross => "cross",
            Hatch::Dots => "dots",
        }
    }
}

/// A pattern `id` of `colour` under black `hatch` marks, 6 pixels square; used as
/// `fill="url(#id)"`. Write it inside `<defs>`.
pub(crate) fn pattern(w: &mut SvgWriter, id: &str, colour: &str, hatch: Hatch) {
    w.open(
        "pattern",
        vec![
            ("id", id.into()),
            ("data-hatch", hatch.as_str().into()),
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
    match hatch {
        Hatch::Dots => w.empty(
            "circle",
            vec![
                ("cx", 3.0.into()),
                ("cy", 3.0.into()),
                ("r", 1.0.into()),
                ("fill", BLACK.into()),
            ],
        ),
        Hatch::Lines | Hatch::Cross => {
            let mut lines = vec![(0.0, 6.0, 6.0, 0.0)];
            if hatch == Hatch::Cross {
                lines.push((0.0, 0.0, 6.0, 6.0));
            }
            for (x1, y1, x2, y2) in lines {
                w.empty(
                    "line",
                    vec![
                        ("x1", x1.into()),
                        ("y1", y1.into()),
                        ("x2", x2.into()),
                        ("y2", y2.into()),
                        ("stroke", BLACK.into()),
                        ("stroke-width", 0.8.into()),
                    ],
                );
            }
        }
    }
    w.close();
}
