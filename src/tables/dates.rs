//! How a table writes its dates.

use jiff::civil::Date;

/// How dates are written in a table.
///
/// ```
/// use implsci::tables::DateFormat;
/// assert_eq!(DateFormat::Iso.parse("2024-08-01"), Ok(jiff::civil::date(2024, 8, 1)));
/// let us = DateFormat::Pattern("%m/%d/%Y".into());
/// assert_eq!(us.parse("8/1/2024"), Ok(jiff::civil::date(2024, 8, 1)));
/// assert!(us.parse("2024-08-01").is_err());
/// // A US date read as ISO says which format reads it.
/// assert!(DateFormat::Iso.parse("8/1/2024").unwrap_err().ends_with("reads with the date format %m/%d/%Y"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum DateFormat {
    /// `YYYY-MM-DD`, and nothing else.
    #[default]
    Iso,
    /// A `strptime` pattern (jiff's directives): `%m/%d/%Y`, `%d.%m.%Y`.
    Pattern(String),
}

impl DateFormat {
    /// Reads one date; the error says what was found and what was expected.
    ///
    /// ```
    /// use implsci::tables::DateFormat;
    /// let err = DateFormat::Pattern("%m/%d/%Y".into()).parse("13/1/2024").unwrap_err();
    /// assert!(err.starts_with("\"13/1/2024\" is not a date (%m/%d/%Y)"), "{err}");
    /// ```
    ///
    /// # Errors
    ///
    /// What could not be read, as a sentence.
    pub fn parse(&self, s: &str) -> Result<Date, String> {
        match self {
            Self::Iso => crate::date::parse(s).map_err(|e| match slashed(s) {
                Some(pattern) => format!(
                    "\"{s}\" is not a date (YYYY-MM-DD); a date written so reads with the date format {pattern}"
                ),
                None => e.to_string(),
            }),
            Self::Pattern(p) => jiff::fmt::strtime::parse(p, s)
                .and_then(|t| t.to_date())
                .map_err(|e| format!("\"{s}\" is not a date ({p}): {e}")),
        }
    }
}

/// The `strptime` pattern a date written with slashes or dots most likely has (`7/1/2024`
/// month first, as US spreadsheets write it; `1.7.2024` day first), to say in a message.
fn slashed(s: &str) -> Option<&'static str> {
    let parts: Vec<&str> = s.split(['/', '.']).collect();
    let digits = |p: &str, n: std::ops::RangeInclusive<usize>| {
        n.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())
    };
    match parts.as_slice() {
        [a, b, y] if digits(a, 1..=2) && digits(b, 1..=2) && digits(y, 4..=4) => {
            Some(if s.contains('/') {
                "%m/%d/%Y"
            } else {
                "%d.%m.%Y"
            })
        }
        _ => None,
    }
}
