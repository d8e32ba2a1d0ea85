//! Calendar dates on the wire: `YYYY-MM-DD` and nothing else.
//!
//! Dates are `jiff::civil::Date` in memory. jiff's own deserializer is generous (it accepts a
//! datetime and drops the time, or a compact `20240301`); a document that says more than a
//! date should be refused, not silently truncated, and the JSON Schema (`format: date`,
//! RFC 3339 `full-date`) refuses it too. So date fields read through [`deserialize`], which
//! takes exactly four-digit year, month and day.

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

/// Parses `YYYY-MM-DD` strictly.
pub(crate) fn parse(s: &str) -> Result<Date, String> {
    if !is_full_date_shape(s) {
        return Err(format!("`{s}` is not a date of the form YYYY-MM-DD"));
    }
    s.parse::<Date>()
        .map_err(|e| format!("`{s}` is not a calendar date: {e}"))
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
            parse(v).map_err(E::custom)
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
}
