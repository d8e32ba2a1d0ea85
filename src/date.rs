//! Calendar dates on the wire: `YYYY-MM-DD` and nothing else.
//!
//! Dates are `jiff::civil::Date` in memory. jiff's own deserializer is generous (it accepts a
//! datetime and drops the time, or a compact `20240301`); a document that says more than a
//! date should be refused, not silently truncated, and the JSON Schema (`format: date`,
//! RFC 3339 `full-date`) refuses it too. So date fields read through [`parse`], which takes
//! exactly four-digit year, month and day, and says what it could not read.
//!
//! ```
//! let date = implsci::date::parse("2024-02-29")?;
//! assert_eq!(date, jiff::civil::date(2024, 2, 29));
//! let err = implsci::date::parse("2024-13-01").unwrap_err();
//! assert_eq!(err.to_string(), r#""2024-13-01" is not a date (YYYY-MM-DD): month 13 is out of range"#);
//! # Ok::<(), implsci::date::DateError>(())
//! ```

use std::fmt;

use jiff::civil::Date;

/// True when `s` has the shape `DDDD-DD-DD` (digits and two hyphens).
fn is_full_date_shape(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        })
}

/// A string that is not a `YYYY-MM-DD` date: it names the string and says why.
///
/// ```
/// let err = implsci::date::parse("2023-02-29").unwrap_err();
/// assert_eq!(err.input(), "2023-02-29");
/// assert_eq!(err.to_string(), r#""2023-02-29" is not a date (YYYY-MM-DD): day 29 is out of range (February 2023 has 28 days)"#);
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct DateError {
    input: String,
    reason: String,
}

impl DateError {
    /// The string that could not be read.
    ///
    /// ```
    /// assert_eq!(implsci::date::parse("2024/03/01").unwrap_err().input(), "2024/03/01");
    /// ```
    #[must_use]
    pub fn input(&self) -> &str {
        &self.input
    }
}

/// The longest part of the input a message quotes, in characters.
const QUOTED: usize = 40;

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let quoted = match self.input.char_indices().nth(QUOTED) {
            Some((end, _)) => format!("{}…", &self.input[..end]),
            None => self.input.clone(),
        };
        let quoted = serde_json::Value::from(quoted);
        write!(f, "{quoted} is not a date (YYYY-MM-DD): {}", self.reason)
    }
}

/// The same text as `Display`.
impl fmt::Debug for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for DateError {}

/// The month's name, for messages.
fn month_name(month: i8) -> &'static str {
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    usize::try_from(month - 1)
        .ok()
        .and_then(|m| NAMES.get(m))
        .copied()
        .unwrap_or("the month")
}

/// Why `s`, which is not of the shape `DDDD-DD-DD`, is not a date.
fn shape_reason(s: &str) -> String {
    if s.trim().is_empty() {
        return if s.is_empty() {
            "the text is empty".to_string()
        } else {
            "the text is blank".to_string()
        };
    }
    if let Some(date) = s.get(..10).filter(|d| is_full_date_shape(d)) {
        return format!("it says more than a date; write the date alone, `{date}`");
    }
    let b = s.as_bytes();
    if b.len() == 8 && b.iter().all(u8::is_ascii_digit) {
        return format!(
            "write it with hyphens, `{}-{}-{}`",
            &s[..4],
            &s[4..6],
            &s[6..]
        );
    }
    "write a four-digit year, a two-digit month and a two-digit day, with hyphens, such as \
     `2024-03-01`"
        .to_string()
}

/// Parses a date written exactly `YYYY-MM-DD`, as documents write them: four-digit year, two
/// digit month and day, hyphens, nothing before or after.
///
/// ```
/// use implsci::date::parse;
///
/// assert!(parse("2024-03-01").is_ok());
/// for bad in ["2024-03-01T12:00:00", "20240301", "2024-3-1", "2024-02-30"] {
///     assert!(parse(bad).is_err(), "{bad}");
/// }
/// assert_eq!(
///     parse("2024-03-01T12:00:00").unwrap_err().to_string(),
///     r#""2024-03-01T12:00:00" is not a date (YYYY-MM-DD): it says more than a date; write the date alone, `2024-03-01`"#
/// );
/// ```
///
/// # Errors
///
/// [`DateError`], naming the string and saying what is wrong with it.
pub fn parse(s: &str) -> Result<Date, DateError> {
    let refuse = |reason: String| DateError {
        input: s.to_string(),
        reason,
    };
    if !is_full_date_shape(s) {
        return Err(refuse(shape_reason(s)));
    }
    // The shape holds: ASCII digits at fixed places.
    let number = |range: std::ops::Range<usize>| s[range].parse::<i16>().unwrap_or(0);
    let (year, month, day) = (number(0..4), number(5..7), number(8..10));
    if !(1..=12).contains(&month) {
        return Err(refuse(format!("month {month} is out of range")));
    }
    // The month is 1..=12 and the year 0..=9999: both fit jiff's ranges.
    let month = i8::try_from(month).unwrap_or(1);
    let first = Date::new(year, month, 1).map_err(|e| refuse(e.to_string()))?;
    let days = first.days_in_month();
    if day < 1 || day > i16::from(days) {
        return Err(refuse(format!(
            "day {day} is out of range ({} {year} has {days} days)",
            month_name(month)
        )));
    }
    let day = i8::try_from(day).unwrap_or(1);
    Date::new(year, month, day).map_err(|e| refuse(e.to_string()))
}

/// Deserializes a `YYYY-MM-DD` date (use with `#[serde(deserialize_with = ...)]`).
pub(crate) fn deserialize<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Date, D::Error> {
    struct Visitor;
    impl serde::de::Visitor<'_> for Visitor {
        type Value = Date;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a date of the form YYYY-MM-DD")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Date, E> {
            parse(v).map_err(|e| E::custom(e.to_string()))
        }
    }
    deserializer.deserialize_str(Visitor)
}

/// Deserializes an optional `YYYY-MM-DD` date (`null` is `None`).
pub(crate) fn deserialize_option<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Date>, D::Error> {
    struct Strict(Date);
    impl<'de> serde::Deserialize<'de> for Strict {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            deserialize(d).map(Strict)
        }
    }
    let date: Option<Strict> = serde::Deserialize::deserialize(deserializer)?;
    Ok(date.map(|s| s.0))
}

/// True when the date is written as four-digit year (0000–9999) and so reads back.
pub(crate) fn is_writable(date: Date) -> bool {
    (0..=9999).contains(&date.year())
}

/// Schema of a date field.
pub(crate) fn schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({
        "type": "string",
        "format": "date",
        "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
        "description": "A calendar date, ISO 8601 / RFC 3339 full-date (YYYY-MM-DD).",
    })
}

/// Schema of an optional date field.
pub(crate) fn optional_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({
        "type": ["string", "null"],
        "format": "date",
        "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
        "description": "A calendar date, ISO 8601 / RFC 3339 full-date (YYYY-MM-DD).",
    })
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn only_full_dates() {
        assert_eq!(parse("2024-02-29").unwrap().to_string(), "2024-02-29");
        for bad in [
            "2024-02-30",
            "2023-02-29",
            "20240301",
            "2024-03-01T12:00:00",
            "2024-03-01 12:00",
            "2024-03-01[UTC]",
            "-000001-03-01",
            "2024/03/01",
            "2024-3-1",
            "",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_bad_date_names_the_string_and_says_why() {
        let message = |s: &str| parse(s).unwrap_err().to_string();
        assert_eq!(
            message("2024-13-01"),
            r#""2024-13-01" is not a date (YYYY-MM-DD): month 13 is out of range"#
        );
        assert_eq!(
            message("2024-00-10"),
            r#""2024-00-10" is not a date (YYYY-MM-DD): month 0 is out of range"#
        );
        assert_eq!(
            message("2024-04-31"),
            r#""2024-04-31" is not a date (YYYY-MM-DD): day 31 is out of range (April 2024 has 30 days)"#
        );
        assert_eq!(
            message("2024-02-00"),
            r#""2024-02-00" is not a date (YYYY-MM-DD): day 0 is out of range (February 2024 has 29 days)"#
        );
        assert_eq!(
            message("20240301"),
            r#""20240301" is not a date (YYYY-MM-DD): write it with hyphens, `2024-03-01`"#
        );
        assert_eq!(
            message("2024-03-01 12:00"),
            r#""2024-03-01 12:00" is not a date (YYYY-MM-DD): it says more than a date; write the date alone, `2024-03-01`"#
        );
        assert_eq!(
            message("2024/3/1"),
            r#""2024/3/1" is not a date (YYYY-MM-DD): write a four-digit year, a two-digit month and a two-digit day, with hyphens, such as `2024-03-01`"#
        );
        assert_eq!(
            message(""),
            r#""" is not a date (YYYY-MM-DD): the text is empty"#
        );
        assert_eq!(
            message("  "),
            r#""  " is not a date (YYYY-MM-DD): the text is blank"#
        );
        // Quoted as JSON, and cut short when long.
        assert_eq!(
            message("say \"when\""),
            r#""say \"when\"" is not a date (YYYY-MM-DD): write a four-digit year, a two-digit month and a two-digit day, with hyphens, such as `2024-03-01`"#
        );
        let long = format!("2024-03-01{}", "x".repeat(100));
        assert!(
            message(&long).starts_with(&format!("\"2024-03-01{}…\" is not a date", "x".repeat(30))),
            "{}",
            message(&long)
        );
    }

    #[test]
    fn a_document_with_a_bad_date_says_which_string() {
        use crate::{Document, SiteRecord};
        let json = r#"{"kind": "site_record", "schema_version": "1.0.0", "site": "s",
            "stages": [{"innovation": "cico", "entries": [{"stage": "exploration", "date": "2024-13-01"}]}]}"#;
        let problems = SiteRecord::from_json(json).unwrap_err().problems();
        assert_eq!(problems[0].path, "$.stages[0].entries[0].date");
        assert!(
            problems[0].message.starts_with(
                r#""2024-13-01" is not a date (YYYY-MM-DD): month 13 is out of range (line "#
            ),
            "{}",
            problems[0].message
        );
    }
}
