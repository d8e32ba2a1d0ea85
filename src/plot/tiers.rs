//! Grouped bars of TFI tier percentages per unit (school or district): units across, percent
//! 0–100 up, one bar per tier shown, and the version's criterion as a line.
//!
//! A missing percentage is written "no data" where its bar would stand, never drawn as a zero
//! bar. The criterion is the version's own ([`criterion_percent`]: 70% for TFI 2.1, 50% for
//! TFI 3.0).
//!
//! Source: the criterion, the PBISApps TFI product page, through
//! [`criterion_percent`]; the colours, Okabe & Ito (2008) (see [`palette`](super::palette)).

use super::frame::{self, Frame, LegendEntry, Swatch};
use super::palette::{BLACK, BLUE, GREEN, GREY, ORANGE, VERMILLION};
use super::scale::{BandScale, LinearScale};
use super::svg::SvgWriter;
use super::{Svg, estimate_text_width, fmt_number};
use crate::score::instruments::tfi::{TfiVersion, Tier, criterion_percent};

/// One unit's bars: its id (written in `data-unit`), the label under its group, and a
/// percentage (0–100) per tier in order, `None` where the tier has no score.
#[derive(Debug, Clone, PartialEq)]
pub struct TierUnit {
    /// The unit's id, as written in `data-unit`.
    pub id: String,
    /// The label under the unit's group of bars.
    pub label: String,
    /// Tier 1, 2 and 3 percentages, `None` for no data.
    pub percents: [Option<f64>; 3],
}

/// A grouped bar chart of TFI tier percentages per unit. A unit's label is cut with "…" when
/// it would be wider than its group (by [`estimate_text_width`]).
///
/// ```
/// use implsci::plot::tiers::TierBars;
/// use implsci::score::instruments::tfi::{TfiVersion, Tier};
///
/// let svg = TierBars::new("TFI by district, 2023–24", TfiVersion::V2_1)
///     .unit("wake", "Wake", [Some(82.0), Some(64.0), None])
///     .unit("durham", "Durham", [Some(71.5), None, None])
///     .draw();
/// let text = svg.to_svg();
/// assert_eq!(text.matches(r#"class="bar""#).count(), 3);
/// assert!(text.contains(r#"class="criterion" data-value="70""#));
/// assert!(text.contains(r#"class="no-data" data-unit="wake" data-tier="3""#));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct TierBars {
    title: String,
    version: TfiVersion,
    tiers: Vec<Tier>,
    units: Vec<TierUnit>,
    unit_title: String,
    max_units: usize,
    width: u32,
    height: u32,
}

/// Units drawn one group of bars each; beyond it the chart counts units by criterion. The
/// crate's choice: at the default width a group keeps about 15 pixels.
pub const MAX_UNITS: usize = 40;

/// The colour, hatching and name of a tier's bars.
fn tier_style(tier: Tier) -> (&'static str, &'static str) {
    match tier {
        Tier::Tier1 => (BLUE, "solid"),
        Tier::Tier2 => (ORANGE, "hatch"),
        Tier::Tier3 => (GREEN, "cross"),
    }
}

fn tier_fill(tier: Tier) -> String {
    match tier {
        Tier::Tier1 => BLUE.to_string(),
        _ => format!("url(#tier-{})", tier.number()),
    }
}

impl TierBars {
    /// An empty chart for a TFI version: its criterion line at [`criterion_percent`], all
    /// three tiers shown, 720 × 420 pixels, units called "District".
    ///
    /// ```
    /// use implsci::plot::tiers::TierBars;
    /// use implsci::score::instruments::tfi::TfiVersion;
    /// let text = TierBars::new("TFI 3.0", TfiVersion::V3_0).draw().to_svg();
    /// assert!(text.contains(r#"data-value="50""#));
    /// assert!(text.contains("No data for any unit"));
    /// ```
    #[must_use]
    pub fn new(title: impl Into<String>, version: TfiVersion) -> Self {
        TierBars {
            title: title.into(),
            version,
            tiers: Tier::ALL.to_vec(),
            units: Vec::new(),
            unit_title: "District".to_string(),
            max_units: MAX_UNITS,
            width: 720,
            height: 420,
        }
    }

    /// Shows only these tiers, in this order (for a Tier 1 report, `&[Tier::Tier1]`).
    ///
    /// ```
    /// use implsci::plot::tiers::TierBars;
    /// use implsci::score::instruments::tfi::{TfiVersion, Tier};
    /// let text = TierBars::new("Tier 1", TfiVersion::V2_1)
    ///     .tiers(&[Tier::Tier1])
    ///     .unit("wake", "Wake", [Some(75.0), None, None])
    ///     .draw()
    ///     .to_svg();
    /// assert!(!text.contains("no-data"));
    /// ```
    #[must_use]
    pub fn tiers(mut self, tiers: &[Tier]) -> Self {
        self.tiers = tiers.to_vec();
        self
    }

    /// Adds a unit: its id, its label and its Tier 1, 2 and 3 percentages (0–100, `None` for
    /// no data; a value that is not finite counts as no data).
    ///
    /// ```
    /// use implsci::plot::tiers::TierBars;
    /// use implsci::score::instruments::tfi::TfiVersion;
    /// let chart = TierBars::new("TFI", TfiVersion::V2_1).unit("a", "A", [Some(50.0), None, None]);
    /// assert_eq!(chart.units()[0].percents[0], Some(50.0));
    /// ```
    #[must_use]
    pub fn unit(
        mut self,
        id: impl Into<String>,
        label: impl Into<String>,
        percents: [Option<f64>; 3],
    ) -> Self {
        self.units.push(TierUnit {
            id: id.into(),
            label: label.into(),
            percents: percents.map(|p| p.filter(|v| v.is_finite())),
        });
        self
    }

    /// The units added, in order.
    ///
    /// ```
    /// use implsci::plot::tiers::TierBars;
    /// use implsci::score::instruments::tfi::TfiVersion;
    /// assert!(TierBars::new("TFI", TfiVersion::V2_1).units().is_empty());
    /// ```
    #[must_use]
    pub fn units(&self) -> &[TierUnit] {
        &self.units
    }

    /// The x axis title (default "District").
    ///
    /// ```
    /// use implsci::plot::tiers::TierBars;
    /// use implsci::score::instruments::tfi::TfiVersion;
    /// let text = TierBars::new("TFI", TfiVersion::V2_1).unit_title("School").draw().to_svg();
    /// assert!(text.contains(">School</text>"));
    /// ```
    #[must_use]
    pub fn unit_title(mut self, title: impl Into<String>) -> Self {
        self.unit_title = title.into();
        self
    }

    /// The most units drawn one group of bars each (default [`MAX_UNITS`]). With more, the
    /// chart counts, per tier, the units at or above the criterion, below it, and with no
    /// data, as one stacked bar per tier: every unit is counted, none is drawn alone, and the
    /// chart stays the same size however many units there are.
    ///
    /// ```
    /// use implsci::plot::tiers::TierBars;
    /// use implsci::score::instruments::tfi::TfiVersion;
    /// let mut chart = TierBars::new("TFI by school", TfiVersion::V2_1).max_units(2);
    /// for (id, p) in [("a", Some(80.0)), ("b", Some(40.0)), ("c", None)] {
    ///     chart = chart.unit(id, id, [p, None, None]);
    /// }
    /// let text = chart.draw().to_svg();
    /// assert!(text.contains(r#"class="count" data-tier="1" data-band="at" data-value="1""#));
    /// assert!(text.contains(r#"class="count" data-tier="1" data-band="below" data-value="1""#));
    /// assert!(text.contains(r#"class="count" data-tier="1" data-band="no-data" data-value="1""#));
    /// assert!(!text.contains(r#"class="bar""#));
    /// ```
    #[must_use]
    pub fn max_units(mut self, max: usize) -> Self {
        self.max_units = max;
        self
    }

    /// The size in pixels (default 720 × 420).
    ///
    /// ```
    /// use implsci::plot::tiers::TierBars;
    /// use implsci::score::instruments::tfi::TfiVersion;
    /// assert_eq!(TierBars::new("TFI", TfiVersion::V2_1).size(400, 300).draw().width(), 400);
    /// ```
    #[must_use]
    pub fn size(mut self, width: u32, height: u32) -> Self {
        self.width = width.max(200);
        self.height = height.max(150);
        self
    }

    /// Draws the chart.
    ///
    /// ```
    /// use implsci::plot::tiers::TierBars;
    /// use implsci::score::instruments::tfi::TfiVersion;
    /// let a = TierBars::new("TFI", TfiVersion::V2_1).unit("a", "A", [Some(1.0), None, None]);
    /// assert_eq!(a.draw(), a.clone().draw());
    /// ```
    #[must_use]
    pub fn draw(&self) -> Svg {
        if self.units.len() > self.max_units {
            return self.draw_counts();
        }
        let criterion = f64::from(criterion_percent(self.version));
        let mut legend: Vec<LegendEntry<'_>> = self
            .tiers
            .iter()
            .map(|&t| LegendEntry {
                label: format!("Tier {}", t.number()),
                swatch: Swatch::Fill { fill: tier_fill(t) },
            })
            .collect();
        legend.push(LegendEntry {
            label: format!("criterion {}%", fmt_number(criterion)),
            swatch: Swatch::Line {
                colour: VERMILLION,
                dash: Some("8 4"),
                marker: None,
            },
        });
        let any_data = self.units.iter().any(|u| {
            self.tiers
                .iter()
                .any(|t| u.percents[tier_index(*t)].is_some())
        });
        let frame = Frame {
            width: self.width,
            height: self.height,
            title: &self.title,
            x_title: self.unit_title.clone(),
            y_title: format!("TFI {} total score (%)", self.version.as_str()),
            legend,
            note: (!any_data).then(|| "No data for any unit.".to_string()),
            y_tick_labels: vec!["100".to_string()],
        };
        let (mut w, area) = frame.begin();
        patterns(&mut w);
        let y = LinearScale::new(0.0, 100.0, area.bottom, area.top);
        frame::y_axis(&mut w, area, &y, &|t| fmt_number(t));
        let bands = BandScale::new(self.units.len(), area.left, area.right, 0.25);
        w.open("g", vec![("class", "bars".into())]);
        for (i, unit) in self.units.iter().enumerate() {
            let (left, inner) = bands.inner(i);
            let label = frame::fit(&unit.label, inner + 8.0, frame::TICK_SIZE);
            frame::x_tick(&mut w, area, bands.centre(i), &label);
            let per_tier = inner / count_f64(self.tiers.len().max(1));
            for (k, &tier) in self.tiers.iter().enumerate() {
                let x = left + per_tier * count_f64(k);
                if let Some(p) = unit.percents[tier_index(tier)] {
                    bar(&mut w, &y, area, unit, tier, p, (x, per_tier));
                } else {
                    frame::no_data_label(
                        &mut w,
                        vec![
                            ("data-unit", unit.id.as_str().into()),
                            ("data-tier", tier.number().to_string().into()),
                        ],
                        x + per_tier / 2.0,
                        area.bottom - 6.0,
                    );
                }
            }
        }
        w.close();
        let cy = y.map(criterion);
        w.empty(
            "line",
            vec![
                ("class", "criterion".into()),
                ("data-value", criterion.into()),
                ("x1", area.left.into()),
                ("y1", cy.into()),
                ("x2", area.right.into()),
                ("y2", cy.into()),
                ("stroke", VERMILLION.into()),
                ("stroke-width", 2.0.into()),
                ("stroke-dasharray", "8 4".into()),
            ],
        );
        w.finish()
    }
}

/// The bands of the counted view: at or above the criterion, below it, no data; each with
/// its fill and stroke.
const BANDS: [(&str, &str, &str); 3] = [
    ("at", BLUE, BLACK),
    ("below", "url(#count-below)", BLACK),
    ("no-data", "#ffffff", GREY),
];

impl TierBars {
    /// The counted view: per tier, the units at or above the criterion, below it and with no
    /// data, stacked.
    fn draw_counts(&self) -> Svg {
        let criterion = f64::from(criterion_percent(self.version));
        let labels = [
            format!("at or above {}%", fmt_number(criterion)),
            format!("below {}%", fmt_number(criterion)),
            "no data".to_string(),
        ];
        let legend = BANDS
            .iter()
            .zip(&labels)
            .map(|(&(_, fill, _), label)| LegendEntry {
                label: label.clone(),
                swatch: Swatch::Fill {
                    fill: fill.to_string(),
                },
            })
            .collect();
        let total = self.units.len();
        let title = format!(
            "{} ({} {}s, counted by criterion)",
            self.title,
            total,
            self.unit_title.to_lowercase()
        );
        let frame = Frame {
            width: self.width,
            height: self.height,
            title: &title,
            x_title: format!("TFI {} tier", self.version.as_str()),
            y_title: format!("{}s", self.unit_title),
            legend,
            note: None,
            y_tick_labels: vec![total.to_string()],
        };
        let (mut w, area) = frame.begin();
        w.open("defs", Vec::new());
        hatch(&mut w, "count-below", ORANGE, false);
        w.close();
        let y = LinearScale::nice(0.0, count_f64(total), area.bottom, area.top);
        frame::y_axis(&mut w, area, &y, &|t| fmt_number(t));
        let bands = BandScale::new(self.tiers.len(), area.left, area.right, 0.4);
        w.open("g", vec![("class", "counts".into())]);
        for (i, &tier) in self.tiers.iter().enumerate() {
            let (left, inner) = bands.inner(i);
            frame::x_tick(
                &mut w,
                area,
                bands.centre(i),
                &format!("Tier {}", tier.number()),
            );
            let mut counts = [0usize; 3];
            for unit in &self.units {
                let band = match unit.percents[tier_index(tier)] {
                    Some(p) if p >= criterion => 0,
                    Some(_) => 1,
                    None => 2,
                };
                counts[band] += 1;
            }
            let mut below = 0.0;
            for (&band, &n) in BANDS.iter().zip(&counts) {
                let bottom = y.map(below);
                below += count_f64(n);
                count_segment(&mut w, tier, band, n, (left, inner), (y.map(below), bottom));
            }
        }
        w.close();
        w.finish()
    }
}

/// One band of a tier's stacked count: its rectangle, and its count written inside when it
/// fits. `slot` is the bar's left edge and width, `span` its top and bottom.
fn count_segment(
    w: &mut SvgWriter,
    tier: Tier,
    (band, fill, stroke): (&str, &str, &str),
    n: usize,
    (left, inner): (f64, f64),
    (top, bottom): (f64, f64),
) {
    w.empty(
        "rect",
        vec![
            ("class", "count".into()),
            ("data-tier", tier.number().to_string().into()),
            ("data-band", band.into()),
            ("data-value", n.to_string().into()),
            ("x", left.into()),
            ("y", top.into()),
            ("width", inner.into()),
            ("height", (bottom - top).into()),
            ("fill", fill.into()),
            ("stroke", stroke.into()),
            ("stroke-width", 0.5.into()),
        ],
    );
    if n > 0 && bottom - top >= frame::TICK_SIZE + 2.0 {
        let label = n.to_string();
        let mid = f64::midpoint(top, bottom);
        if band == "below" {
            // A white box keeps the count readable over the hatching.
            let width = estimate_text_width(&label, frame::TICK_SIZE) + 6.0;
            w.empty(
                "rect",
                vec![
                    ("x", (left + inner / 2.0 - width / 2.0).into()),
                    ("y", (mid - 7.0).into()),
                    ("width", width.into()),
                    ("height", 14.0.into()),
                    ("fill", "#ffffff".into()),
                ],
            );
        }
        w.text_element(
            "text",
            vec![
                ("class", "count-label".into()),
                ("x", (left + inner / 2.0).into()),
                ("y", (mid + 3.5).into()),
                ("font-size", frame::TICK_SIZE.into()),
                ("text-anchor", "middle".into()),
                ("fill", if band == "at" { "#ffffff" } else { BLACK }.into()),
            ],
            &label,
        );
    }
}

/// One bar: `slot` is its left edge and width.
fn bar(
    w: &mut SvgWriter,
    y: &LinearScale,
    area: frame::Area,
    unit: &TierUnit,
    tier: Tier,
    percent: f64,
    slot: (f64, f64),
) {
    let top = y.map(percent.clamp(0.0, 100.0));
    w.empty(
        "rect",
        vec![
            ("class", "bar".into()),
            ("data-unit", unit.id.as_str().into()),
            ("data-tier", tier.number().to_string().into()),
            ("data-value", percent.into()),
            ("x", slot.0.into()),
            ("y", top.into()),
            ("width", slot.1.into()),
            ("height", (area.bottom - top).into()),
            ("fill", tier_fill(tier).into()),
            ("stroke", BLACK.into()),
            ("stroke-width", 0.5.into()),
        ],
    );
}

fn tier_index(tier: Tier) -> usize {
    match tier {
        Tier::Tier1 => 0,
        Tier::Tier2 => 1,
        Tier::Tier3 => 2,
    }
}

fn count_f64(n: usize) -> f64 {
    // A chart has few units and tiers: far below 2^52.
    f64::from(u32::try_from(n).unwrap_or(u32::MAX))
}

/// The hatch patterns of Tier 2 (diagonal lines) and Tier 3 (a cross-hatch), so the tiers
/// differ in greyscale as well as in colour.
fn patterns(w: &mut SvgWriter) {
    w.open("defs", Vec::new());
    for tier in [Tier::Tier2, Tier::Tier3] {
        let (colour, kind) = tier_style(tier);
        hatch(
            w,
            &format!("tier-{}", tier.number()),
            colour,
            kind == "cross",
        );
    }
    w.close();
}

/// A hatch pattern: `colour` under diagonal lines, crossed when `cross`.
fn hatch(w: &mut SvgWriter, id: &str, colour: &str, cross: bool) {
    let kind = if cross { "cross" } else { "hatch" };
    w.open(
        "pattern",
        vec![
            ("id", id.to_string().into()),
            ("data-hatch", kind.into()),
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
    let mut lines = vec![(0.0, 6.0, 6.0, 0.0)];
    if cross {
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
                ("stroke-width", 1.0.into()),
            ],
        );
    }
    w.close();
}
