//! Colours and line styles that stay apart for colour-blind readers and in greyscale.
//!
//! Source: the Okabe–Ito palette, Okabe & Ito (2008), "Color Universal Design (CUD): how to
//! make figures and presentations that are friendly to colorblind people"
//! (jfly.uni-koeln.de/color). Colour alone is not relied on: each series also has its own dash
//! pattern and marker ([`DASHES`], [`Marker`]), so the chart reads in greyscale too.

/// The eight Okabe–Ito colours as `#RRGGBB`: black, orange, sky blue, bluish green, yellow,
/// blue, vermillion, reddish purple.
///
/// ```
/// use implsci::plot::palette::OKABE_ITO;
/// assert_eq!(OKABE_ITO.len(), 8);
/// assert_eq!(OKABE_ITO[5], "#0072B2"); // blue
/// ```
pub const OKABE_ITO: [&str; 8] = [
    "#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
];

/// Black.
pub(crate) const BLACK: &str = OKABE_ITO[0];
/// Orange.
pub(crate) const ORANGE: &str = OKABE_ITO[1];
/// Bluish green.
pub(crate) const GREEN: &str = OKABE_ITO[3];
/// Blue.
pub(crate) const BLUE: &str = OKABE_ITO[5];
/// Vermillion.
pub(crate) const VERMILLION: &str = OKABE_ITO[6];
/// Reddish purple.
pub(crate) const PURPLE: &str = OKABE_ITO[7];
/// Grey for axes, ticks and grid lines (not a series colour).
pub(crate) const GREY: &str = "#777777";
/// Light grey for grid lines.
pub(crate) const GRID: &str = "#DDDDDD";

/// Dash patterns (`stroke-dasharray`), one per series in order: solid, dashed, dash-dot,
/// dotted. A solid line has no pattern.
///
/// ```
/// use implsci::plot::palette::DASHES;
/// assert_eq!(DASHES[0], None);
/// assert_eq!(DASHES[1], Some("8 4"));
/// ```
pub const DASHES: [Option<&str>; 4] = [None, Some("8 4"), Some("8 3 2 3"), Some("2 3")];

/// The shape drawn at a data point.
///
/// ```
/// use implsci::plot::palette::Marker;
/// assert_eq!(Marker::Square.as_str(), "square");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Marker {
    /// A filled circle.
    Circle,
    /// An open square.
    Square,
    /// An open diamond.
    Diamond,
}

impl Marker {
    /// The marker's name, as written in `data-marker`.
    ///
    /// ```
    /// use implsci::plot::palette::Marker;
    /// assert_eq!(Marker::Diamond.as_str(), "diamond");
    /// ```
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Marker::Circle => "circle",
            Marker::Square => "square",
            Marker::Diamond => "diamond",
        }
    }
}
