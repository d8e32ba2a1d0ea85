//! Periods of time a report rolls up by: school years, calendar years, quarters and months.
//!
//! Education data is reported by school year, labelled by the two calendar years it spans, as
//! the U.S. Department of Education's Common Core of Data labels them ("SY 2023-24"; NCES, CCD
//! data releases). The school year's first day differs by state and by purpose, and no single
//! published rule was found: 1 July is **this crate's default** (a common first day of US
//! school and fiscal years), and the first day is a parameter, [`YearStart`]. Quarters are
//! calendar quarters (January–March is Q1).
//!
//! A [`Calendar`] cuts time into [`Period`]s; every period has a first and a last day
//! (inclusive) and a label that sorts in time order: `2024-25` for a school year that starts
//! in 2024 (`2024` when the school year starts on 1 January), `2024` for a year, `2024-Q3`,
//! `2024-07`.
//!
//! ```
//! use implsci::period::{Calendar, PeriodKind};
//!
//! let school_years = Calendar::new(PeriodKind::SchoolYear);
//! let year = school_years.period_of("2025-03-15".parse()?);
//! assert_eq!(year.label, "2024-25");
//! assert_eq!((year.start.to_string(), year.end.to_string()), ("2024-07-01".into(), "2025-06-30".into()));
//! let quarter = Calendar::new(PeriodKind::Quarter).period_of("2025-03-15".parse()?);
//! assert_eq!(quarter.label, "2025-Q1");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// How long each period is.
///
/// ```
/// use implsci::period::PeriodKind;
/// assert_eq!("school-year".parse::<PeriodKind>()?, PeriodKind::SchoolYear);
/// assert_eq!(PeriodKind::Quarter.as_str(), "quarter");
/// assert_eq!(serde_json::to_string(&PeriodKind::SchoolYear)?, r#""school_year""#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum PeriodKind {
    /// A school year, from its first day ([`YearStart`], 1 July by default) for a year.
    SchoolYear,
    /// A calendar year.
    Year,
    /// A calendar quarter.
    Quarter,
    /// A calendar month.
    Month,
}

impl PeriodKind {
    /// Every kind, shortest last.
    pub const ALL: [PeriodKind; 4] = [Self::SchoolYear, Self::Year, Self::Quarter, Self::Month];

    /// The name on the command line: `school-year`, `year`, `quarter`, `month`.
    ///
    /// ```
    /// use implsci::period::PeriodKind;
    /// assert_eq!(PeriodKind::SchoolYear.as_str(), "school-year");
    /// ```
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SchoolYear => "school-year",
            Self::Year => "year",
            Self::Quarter => "quarter",
            Self::Month => "month",
        }
    }
}

impl fmt::Display for PeriodKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for PeriodKind {
    type Err = PeriodError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == s || k.as_str().replace('-', "_") == s)
            .ok_or_else(|| PeriodError::UnknownKind(s.to_string()))
    }
}

/// The first day of a school year, as month and day: `07-01` (1 July) by default.
///
/// February 29 is refused, since it is not a day of every year.
///
/// ```
/// use implsci::period::YearStart;
/// assert_eq!(YearStart::default().to_string(), "07-01");
/// let august = "08-15".parse::<YearStart>()?;
/// assert_eq!((august.month(), august.day()), (8, 15));
/// assert!("02-29".parse::<YearStart>().is_err());
/// assert!("13-01".parse::<YearStart>().is_err());
/// # Ok::<(), implsci::period::PeriodError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct YearStart {
    month: i8,
    day: i8,
}

impl Default for YearStart {
    fn default() -> Self {
        Self { month: 7, day: 1 }
    }
}

impl YearStart {
    /// The first day of a school year: `month` (1–12) and `day`, a day of that month in every
    /// year.
    ///
    /// ```
    /// use implsci::period::YearStart;
    /// assert!(YearStart::new(9, 1).is_ok());
    /// assert!(YearStart::new(4, 31).is_err());
    /// ```
    ///
    /// # Errors
    ///
    /// [`PeriodError::YearStart`] for a day that is not in every year.
    pub fn new(month: i8, day: i8) -> Result<Self, PeriodError> {
        // 2023 is not a leap year: a day valid in it is valid in every year.
        Date::new(2023, month, day)
            .map(|_| Self { month, day })
            .map_err(|_| PeriodError::YearStart(format!("{month:02}-{day:02}")))
    }

    /// The month, 1–12.
    ///
    /// ```
    /// assert_eq!(implsci::period::YearStart::default().month(), 7);
    /// ```
    #[must_use]
    pub fn month(self) -> i8 {
        self.month
    }

    /// The day of the month.
    ///
    /// ```
    /// assert_eq!(implsci::period::YearStart::default().day(), 1);
    /// ```
    #[must_use]
    pub fn day(self) -> i8 {
        self.day
    }
}

impl fmt::Display for YearStart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}-{:02}", self.month, self.day)
    }
}

impl FromStr for YearStart {
    type Err = PeriodError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || PeriodError::YearStart(s.to_string());
        let (m, d) = s.split_once('-').ok_or_else(bad)?;
        if m.len() != 2 || d.len() != 2 {
            return Err(bad());
        }
        let month = m.parse::<i8>().map_err(|_| bad())?;
        let day = d.parse::<i8>().map_err(|_| bad())?;
        Self::new(month, day).map_err(|_| bad())
    }
}

/// What could not be read as a period setting.
///
/// ```
/// use implsci::period::{PeriodError, PeriodKind};
/// let err = "fortnight".parse::<PeriodKind>().unwrap_err();
/// assert_eq!(err, PeriodError::UnknownKind("fortnight".into()));
/// assert_eq!(err.to_string(), "`fortnight` is not a period: use school-year, year, quarter or month");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PeriodError {
    /// Not one of the period kinds.
    #[error("`{0}` is not a period: use school-year, year, quarter or month")]
    UnknownKind(String),
    /// Not a first day of a school year.
    #[error("`{0}` is not a first day of a school year: give MM-DD, a day in every year (07-01)")]
    YearStart(String),
    /// Not a maximum age.
    #[error("`{0}` is not a maximum age: give a number of days (365) or `period`")]
    MaxAge(String),
}

/// A span of days with a label: one school year, year, quarter or month.
///
/// ```
/// use implsci::period::{Calendar, PeriodKind};
/// let month = Calendar::new(PeriodKind::Month).period_of("2024-02-10".parse()?);
/// assert_eq!((month.label.as_str(), month.end.to_string()), ("2024-02", "2024-02-29".to_string()));
/// assert!(month.contains("2024-02-01".parse()?) && !month.contains("2024-03-01".parse()?));
/// assert_eq!(serde_json::to_string(&month)?, r#"{"label":"2024-02","start":"2024-02-01","end":"2024-02-29"}"#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct Period {
    /// The label: `2024-25`, `2024`, `2024-Q3` or `2024-07`; labels of one kind sort in time
    /// order.
    pub label: String,
    /// The first day.
    #[schemars(schema_with = "crate::date::schema")]
    pub start: Date,
    /// The last day (inclusive).
    #[schemars(schema_with = "crate::date::schema")]
    pub end: Date,
}

impl Period {
    /// True when `date` is in the period.
    ///
    /// ```
    /// use implsci::period::{Calendar, PeriodKind};
    /// let year = Calendar::new(PeriodKind::Year).period_of("2024-05-05".parse()?);
    /// assert!(year.contains("2024-12-31".parse()?));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn contains(&self, date: Date) -> bool {
        self.start <= date && date <= self.end
    }
}

/// How time is cut into periods: the kind, and the first day of a school year.
///
/// ```
/// use implsci::period::{Calendar, PeriodKind, YearStart};
/// let calendar = Calendar::new(PeriodKind::SchoolYear).school_year_start(YearStart::new(8, 1)?);
/// let labels: Vec<String> = calendar
///     .periods("2023-09-01".parse()?, "2025-07-15".parse()?)
///     .map(|p| p.label)
///     .collect();
/// assert_eq!(labels, ["2023-24", "2024-25"]); // 2025-07-15 is still in 2024-25
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Calendar {
    /// The kind of period.
    pub kind: PeriodKind,
    /// The first day of a school year (used by [`PeriodKind::SchoolYear`]).
    pub year_start: YearStart,
}

impl Calendar {
    /// Periods of `kind`, school years starting on 1 July.
    ///
    /// ```
    /// use implsci::period::{Calendar, PeriodKind, YearStart};
    /// assert_eq!(Calendar::new(PeriodKind::Year).year_start, YearStart::default());
    /// ```
    #[must_use]
    pub fn new(kind: PeriodKind) -> Self {
        Self {
            kind,
            year_start: YearStart::default(),
        }
    }

    /// School years start on `start` instead.
    ///
    /// ```
    /// use implsci::period::{Calendar, PeriodKind, YearStart};
    /// let calendar = Calendar::new(PeriodKind::SchoolYear).school_year_start(YearStart::new(1, 1)?);
    /// assert_eq!(calendar.period_of("2024-06-01".parse()?).label, "2024"); // a calendar year
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn school_year_start(mut self, start: YearStart) -> Self {
        self.year_start = start;
        self
    }

    /// The period `date` is in.
    ///
    /// ```
    /// use implsci::period::{Calendar, PeriodKind};
    /// let calendar = Calendar::new(PeriodKind::SchoolYear);
    /// assert_eq!(calendar.period_of("2024-06-30".parse()?).label, "2023-24");
    /// assert_eq!(calendar.period_of("2024-07-01".parse()?).label, "2024-25");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn period_of(self, date: Date) -> Period {
        let (y, m) = (date.year(), date.month());
        let start = match self.kind {
            PeriodKind::SchoolYear => {
                let s = self.year_start;
                let this_year = day(y, s.month, s.day);
                if date >= this_year {
                    this_year
                } else {
                    day(y - 1, s.month, s.day)
                }
            }
            PeriodKind::Year => day(y, 1, 1),
            PeriodKind::Quarter => day(y, (m - 1) / 3 * 3 + 1, 1),
            PeriodKind::Month => day(y, m, 1),
        };
        self.starting(start)
    }

    /// The periods from the one `from` is in to the one `to` is in, in order; none when `to`
    /// is before `from`.
    ///
    /// ```
    /// use implsci::period::{Calendar, PeriodKind};
    /// let quarters: Vec<String> = Calendar::new(PeriodKind::Quarter)
    ///     .periods("2024-11-01".parse()?, "2025-02-01".parse()?)
    ///     .map(|p| p.label)
    ///     .collect();
    /// assert_eq!(quarters, ["2024-Q4", "2025-Q1"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn periods(self, from: Date, to: Date) -> impl Iterator<Item = Period> {
        let first = (from <= to).then(|| self.period_of(from));
        std::iter::successors(first, move |p: &Period| {
            let next = p.end.tomorrow().ok()?;
            (next <= to).then(|| self.starting(next))
        })
    }

    /// How many periods [`Calendar::periods`] gives, without making them.
    ///
    /// ```
    /// use implsci::period::{Calendar, PeriodKind};
    /// let months = Calendar::new(PeriodKind::Month);
    /// assert_eq!(months.count("2024-01-31".parse()?, "2025-01-01".parse()?), 13);
    /// assert_eq!(months.count("2025-01-01".parse()?, "2024-01-01".parse()?), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn count(self, from: Date, to: Date) -> u64 {
        if to < from {
            return 0;
        }
        let (a, b) = (self.period_of(from).start, self.period_of(to).start);
        let months = i64::from(b.year() - a.year()) * 12 + i64::from(b.month() - a.month());
        let per = match self.kind {
            PeriodKind::SchoolYear | PeriodKind::Year => 12,
            PeriodKind::Quarter => 3,
            PeriodKind::Month => 1,
        };
        u64::try_from(months / per + 1).unwrap_or(0)
    }

    /// The period whose first day is `start`.
    fn starting(self, start: Date) -> Period {
        let (y, m) = (start.year(), start.month());
        let next = match self.kind {
            PeriodKind::SchoolYear => day(y + 1, self.year_start.month, self.year_start.day),
            PeriodKind::Year => day(y + 1, 1, 1),
            PeriodKind::Quarter | PeriodKind::Month => {
                let months = if self.kind == PeriodKind::Quarter {
                    3
                } else {
                    1
                };
                let m = m + months;
                if m > 12 {
                    day(y + 1, m - 12, 1)
                } else {
                    day(y, m, 1)
                }
            }
        };
        let end = if next == Date::MAX {
            Date::MAX
        } else {
            next.yesterday().unwrap_or(Date::MAX)
        };
        let label = match self.kind {
            PeriodKind::SchoolYear if (self.year_start.month, self.year_start.day) == (1, 1) => {
                format!("{y:04}")
            }
            PeriodKind::SchoolYear => format!("{y:04}-{:02}", (y + 1).rem_euclid(100)),
            PeriodKind::Year => format!("{y:04}"),
            PeriodKind::Quarter => format!("{y:04}-Q{}", (m - 1) / 3 + 1),
            PeriodKind::Month => format!("{y:04}-{m:02}"),
        };
        Period { label, start, end }
    }
}

/// A calendar day, clamped to jiff's range (the last periods of year 9999 end on its last day).
fn day(year: i16, month: i8, day: i8) -> Date {
    Date::new(year, month, day).unwrap_or(if year < 0 { Date::MIN } else { Date::MAX })
}

/// How old a record may be and still count: a number of days before the date looked at, or
/// the period itself (a record counts only in the period it is dated in).
///
/// ```
/// use implsci::period::MaxAge;
/// assert_eq!("365".parse::<MaxAge>()?, MaxAge::Days(365));
/// assert_eq!("period".parse::<MaxAge>()?, MaxAge::OnePeriod);
/// assert_eq!(serde_json::to_string(&MaxAge::Days(30))?, r#"{"days":30}"#);
/// assert_eq!(serde_json::to_string(&MaxAge::OnePeriod)?, r#""one_period""#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum MaxAge {
    /// At most this many days before the date looked at (0: the same day).
    Days(u32),
    /// Dated within the period looked at.
    OnePeriod,
}

impl FromStr for MaxAge {
    type Err = PeriodError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "period" | "one-period" | "one_period" => Ok(Self::OnePeriod),
            _ => s
                .parse::<u32>()
                .map(Self::Days)
                .map_err(|_| PeriodError::MaxAge(s.to_string())),
        }
    }
}

impl fmt::Display for MaxAge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Days(1) => f.write_str("1 day"),
            Self::Days(n) => write!(f, "{n} days"),
            Self::OnePeriod => f.write_str("one period"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn periods_tile_the_days_with_no_gap_or_overlap() {
        for kind in PeriodKind::ALL {
            for start in [
                YearStart::default(),
                YearStart::new(1, 1).unwrap(),
                YearStart::new(8, 15).unwrap(),
            ] {
                let calendar = Calendar::new(kind).school_year_start(start);
                let periods: Vec<Period> =
                    calendar.periods(d("2019-12-30"), d("2025-03-02")).collect();
                assert_eq!(
                    periods.len() as u64,
                    calendar.count(d("2019-12-30"), d("2025-03-02"))
                );
                assert!(periods[0].contains(d("2019-12-30")));
                assert!(periods.last().unwrap().contains(d("2025-03-02")));
                for pair in periods.windows(2) {
                    assert_eq!(
                        pair[0].end.tomorrow().unwrap(),
                        pair[1].start,
                        "{kind} {start}"
                    );
                    assert!(pair[0].label < pair[1].label);
                }
                for p in &periods {
                    assert_eq!(calendar.period_of(p.start), *p);
                    assert_eq!(calendar.period_of(p.end), *p);
                }
            }
        }
    }

    #[test]
    fn the_edges_of_the_calendar_do_not_overflow() {
        for kind in PeriodKind::ALL {
            let calendar = Calendar::new(kind);
            let last = calendar.period_of(Date::MAX);
            assert_eq!(last.end, Date::MAX);
            assert!(last.contains(Date::MAX));
            assert_eq!(calendar.periods(d("9999-12-01"), Date::MAX).count(), 1);
            let first = calendar.period_of(Date::MIN);
            assert!(first.start <= Date::MIN || first.contains(Date::MIN));
        }
    }

    #[test]
    fn a_school_year_label_names_both_years() {
        let calendar = Calendar::new(PeriodKind::SchoolYear);
        assert_eq!(calendar.period_of(d("1999-09-01")).label, "1999-00");
        assert_eq!(calendar.period_of(d("2000-01-01")).label, "1999-00");
    }
}
