//! Charts of results, drawn as SVG by hand: a run chart of one subject's values over time
//! ([`run_chart`]) and grouped bars of TFI tier percentages per unit ([`tiers`]).
//! Page-sized views of the system: coaching delivered against plans and coach loads against
//! capacity ([`coaching`]), and the units and teams as a tree with their chains of support
//! ([`hierarchy`]).
//! Implementation stages per group over time, as stacked bars in small multiples ([`stages`]),
//! and a capacity assessment's subscale percentages per unit as a heat map ([`capacity`]).
//! With the `simulate` feature, the scale-up forecast per unit and plan against the Full
//! Implementation line, in small multiples (`forecast`).
//!
//! Every chart answers one question and is drawn so that it can be read without help: a title,
//! axis titles with units, tick labels, a legend when more than one series is drawn, the
//! criterion line where one applies, and "no data" written where a value is missing (a labelled
//! gap, never a zero bar). Series are told apart by colour from the Okabe–Ito palette
//! ([`palette`]) *and* by dash pattern, marker or hatching, so a chart printed in greyscale or
//! read by a colour-blind reader loses nothing.
//!
//! The output is byte-stable: the same input gives the same bytes. Numbers are written with at
//! most two decimals, trimmed ([`fmt_number`]); nothing is iterated in hash order; no timestamp
//! or random id is written. No font is read: text widths are estimated from the number of
//! characters ([`estimate_text_width`]), and text asks for the generic `sans-serif` family.
//!
//! Source of the reading rules: see each chart's module.
//!
//! ```
//! use implsci::jiff::civil::date;
//! use implsci::plot::run_chart::RunChart;
//!
//! let points = [
//!     (date(2024, 1, 1), Some(62.0)),
//!     (date(2024, 2, 1), None),
//!     (date(2024, 3, 1), Some(71.0)),
//! ];
//! let svg = RunChart::new("Tier 1 fidelity at Maple ES", "TFI Tier 1 total", "%")
//!     .criterion(70.0)
//!     .draw(&points);
//! assert!(svg.to_svg().starts_with("<svg "));
//! assert!(svg.to_svg().contains("no data"));
//! ```

pub mod capacity;
pub mod coaching;
#[cfg(feature = "simulate")]
pub mod forecast;
pub mod hierarchy;
pub mod palette;
pub mod run_chart;
pub mod scale;
pub mod stages;
pub mod tiers;

mod frame;
mod legend;
mod svg;

use std::io;

pub use scale::LinearScale;

/// A drawn chart: a complete SVG document, with its size in pixels.
///
/// ```
/// use implsci::plot::tiers::TierBars;
/// use implsci::score::instruments::tfi::TfiVersion;
///
/// let svg = TierBars::new("TFI tiers by district", TfiVersion::V2_1)
///     .unit("wake", "Wake", [Some(80.0), Some(55.0), None])
///     .draw();
/// assert_eq!((svg.width(), svg.height()), (720, 420));
/// let mut bytes = Vec::new();
/// svg.write_svg(&mut bytes)?;
/// assert_eq!(bytes, svg.to_svg().into_bytes());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Svg {
    width: u32,
    height: u32,
    text: String,
}

impl Svg {
    /// The width in pixels, as declared on the `<svg>` element.
    ///
    /// ```
    /// # use implsci::plot::tiers::TierBars;
    /// # use implsci::score::instruments::tfi::TfiVersion;
    /// let svg = TierBars::new("Tiers", TfiVersion::V3_0).size(500, 300).draw();
    /// assert_eq!(svg.width(), 500);
    /// ```
    #[must_use]
    pub fn width(&self) -> u32 {
        self.width
    }

    /// The height in pixels, as declared on the `<svg>` element.
    ///
    /// ```
    /// # use implsci::plot::tiers::TierBars;
    /// # use implsci::score::instruments::tfi::TfiVersion;
    /// let svg = TierBars::new("Tiers", TfiVersion::V3_0).size(500, 300).draw();
    /// assert_eq!(svg.height(), 300);
    /// ```
    #[must_use]
    pub fn height(&self) -> u32 {
        self.height
    }

    /// The SVG document as text.
    ///
    /// ```
    /// # use implsci::plot::tiers::TierBars;
    /// # use implsci::score::instruments::tfi::TfiVersion;
    /// let svg = TierBars::new("Tiers", TfiVersion::V3_0).draw();
    /// assert!(svg.as_str().contains(r#"viewBox="0 0 720 420""#));
    /// ```
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The SVG document as an owned string.
    ///
    /// ```
    /// # use implsci::plot::tiers::TierBars;
    /// # use implsci::score::instruments::tfi::TfiVersion;
    /// let svg = TierBars::new("Tiers", TfiVersion::V3_0).draw();
    /// assert!(svg.to_svg().ends_with("</svg>\n"));
    /// ```
    #[must_use]
    pub fn to_svg(&self) -> String {
        self.text.clone()
    }

    /// Writes the SVG document.
    ///
    /// ```
    /// # use implsci::plot::tiers::TierBars;
    /// # use implsci::score::instruments::tfi::TfiVersion;
    /// let svg = TierBars::new("Tiers", TfiVersion::V3_0).draw();
    /// let mut out = Vec::new();
    /// svg.write_svg(&mut out)?;
    /// assert_eq!(out.len(), svg.as_str().len());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// Any error of the writer.
    pub fn write_svg(&self, mut out: impl io::Write) -> io::Result<()> {
        out.write_all(self.text.as_bytes())
    }
}

/// A number as the SVG is written: at most two decimals, trailing zeros and a trailing point
/// trimmed, `-0` written `0`, and a value that is not finite written `0` (a chart never
/// receives one: inputs that are not finite are treated as no data).
///
/// ```
/// use implsci::plot::fmt_number;
/// assert_eq!(fmt_number(70.0), "70");
/// assert_eq!(fmt_number(12.345), "12.35");
/// assert_eq!(fmt_number(0.1 + 0.2), "0.3");
/// assert_eq!(fmt_number(-0.001), "0");
/// ```
#[must_use]
pub fn fmt_number(value: f64) -> String {
    if !value.is_finite() {
        return "0".to_string();
    }
    let mut s = format!("{value:.2}");
    if s.contains('.') {
        while s.ends_with('0') {
            s.pop();
        }
        if s.ends_with('.') {
            s.pop();
        }
    }
    if s == "-0" {
        s = "0".to_string();
    }
    s
}

/// The estimated width in pixels of `text` set at `font_size` pixels: 0.6 em per character
/// (0.3 em for a space).
///
/// This is an approximation: no font is read, so the real width depends on the font the
/// viewer picks for `sans-serif`. The average advance of common sans-serif faces is close to
/// 0.5–0.6 em for lower-case text; 0.6 errs on the wide side, so laid-out text rarely overlaps.
///
/// ```
/// use implsci::plot::estimate_text_width;
/// assert_eq!(estimate_text_width("Tier 1", 10.0), 33.0);
/// ```
#[must_use]
pub fn estimate_text_width(text: &str, font_size: f64) -> f64 {
    let ems: f64 = text.chars().map(|c| if c == ' ' { 0.3 } else { 0.6 }).sum();
    ems * font_size
}
