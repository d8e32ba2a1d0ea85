//! A workbook's cells as the text a user sees.

use calamine::Data;

/// A cell as the text a user sees; for an error cell or a date no workbook can hold, what it
/// is, in words (`the error #N/A`).
pub(super) fn cell_text(value: Data) -> Result<String, String> {
    Ok(match value {
        Data::Empty => String::new(),
        Data::String(s) | Data::DurationIso(s) => s,
        Data::Int(n) => n.to_string(),
        Data::Float(f) => number_text(f),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) if dt.is_duration() => duration_text(dt.as_f64()),
        Data::DateTime(dt) => {
            let serial = dt.as_f64();
            if !(0.0..2_958_466.0).contains(&serial) {
                return Err(format!(
                    "a date no workbook can hold (serial {})",
                    number_text(serial)
                ));
            }
            let (y, mo, d, h, mi, s, ms) = dt.to_ymd_hms_milli();
            let time = time_text(h, mi, s, ms);
            if serial < 1.0 && y < 1901 {
                // A time of day alone, on Excel's day 0.
                time
            } else if (h, mi, s, ms) == (0, 0, 0, 0) {
                format!("{y:04}-{mo:02}-{d:02}")
            } else {
                format!("{y:04}-{mo:02}-{d:02}T{time}")
            }
        }
        Data::DateTimeIso(s) => iso_text(s),
        Data::Error(e) => return Err(format!("the error {e}")),
    })
}

/// A number without a fraction when it has none (`3`), else in the shortest form that reads
/// back as the same number (`2.5`).
fn number_text(f: f64) -> String {
    if f == 0.0 {
        // Not `-0`.
        "0".to_string()
    } else {
        f.to_string()
    }
}

fn time_text(h: u8, mi: u8, s: u8, ms: u16) -> String {
    if ms == 0 {
        format!("{h:02}:{mi:02}:{s:02}")
    } else {
        format!("{h:02}:{mi:02}:{s:02}.{ms:03}")
    }
}

/// A duration in days as ISO 8601: `PT36H30M0S`.
fn duration_text(days: f64) -> String {
    if !days.is_finite() {
        return number_text(days);
    }
    // Whole milliseconds, as Excel keeps them; the cast saturates for a huge value.
    #[allow(clippy::cast_possible_truncation)]
    let ms = (days * 86_400_000.0).round() as i64;
    let sign = if ms < 0 { "-" } else { "" };
    let ms = ms.unsigned_abs();
    let (h, m, s, frac) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    if frac == 0 {
        format!("{sign}PT{h}H{m}M{s}S")
    } else {
        format!("{sign}PT{h}H{m}M{s}.{frac:03}S")
    }
}

/// An ISO date or date-time as an `.ods` cell writes it: a date-time at midnight is its
/// date; anything else stays as written.
fn iso_text(s: String) -> String {
    let trimmed = s.trim();
    if let Ok(dt) = trimmed.parse::<jiff::civil::DateTime>()
        && dt.time() == jiff::civil::Time::midnight()
    {
        return dt.date().to_string();
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_a_user_sees_them() {
        assert_eq!(cell_text(Data::Float(3.0)), Ok("3".into()));
        assert_eq!(cell_text(Data::Float(-0.0)), Ok("0".into()));
        assert_eq!(cell_text(Data::Float(0.1)), Ok("0.1".into()));
        assert_eq!(
            cell_text(Data::Float(1e20)),
            Ok("100000000000000000000".into())
        );
        assert_eq!(cell_text(Data::Int(-7)), Ok("-7".into()));
        assert_eq!(cell_text(Data::Bool(true)), Ok("true".into()));
    }

    #[test]
    fn date_cells_read_as_iso_dates_and_times() {
        use calamine::{
            ExcelDateTime as Dt,
            ExcelDateTimeType::{DateTime, TimeDelta},
        };
        let at = |v: f64| cell_text(Data::DateTime(Dt::new(v, DateTime, false)));
        assert_eq!(at(45_505.0), Ok("2024-08-01".into()));
        assert_eq!(at(45_505.5), Ok("2024-08-01T12:00:00".into()));
        assert_eq!(at(0.25), Ok("06:00:00".into()));
        assert_eq!(at(61.0), Ok("1900-03-01".into()));
        assert!(at(-1.0).unwrap_err().contains("no workbook can hold"));
        let duration = Data::DateTime(Dt::new(1.5, TimeDelta, false));
        assert_eq!(cell_text(duration), Ok("PT36H0M0S".into()));
        assert_eq!(
            cell_text(Data::DateTimeIso("2024-08-01T00:00:00".into())),
            Ok("2024-08-01".into())
        );
        assert_eq!(
            cell_text(Data::DateTimeIso("2024-08-01T09:30:00".into())),
            Ok("2024-08-01T09:30:00".into())
        );
        let error = cell_text(Data::Error(calamine::CellErrorType::NA));
        assert_eq!(error, Err("the error #N/A".into()));
    }
}
