//! The simulation's clock: steps of a week or a month from a start date.

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The length of a step.
///
/// ```
/// use implsci::scenario::Step;
/// assert_eq!(Step::Week.count("2026-07-01".parse()?, "2027-06-30".parse()?), 52);
/// assert_eq!(Step::Month.count("2026-07-01".parse()?, "2027-07-01".parse()?), 12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// Seven days; 52 to a year.
    #[default]
    Week,
    /// A calendar month; 12 to a year.
    Month,
}

impl Step {
    /// Steps in a year.
    #[must_use]
    pub fn per_year(self) -> f64 {
        match self {
            Self::Week => 52.0,
            Self::Month => 12.0,
        }
    }

    /// The steps from `start` that begin before `horizon`.
    #[must_use]
    pub fn count(self, start: Date, horizon: Date) -> u32 {
        if horizon <= start {
            return 0;
        }
        match self {
            Self::Week => {
                let days = start.until(horizon).map_or(0, |s| s.get_days());
                u32::try_from(days).unwrap_or(0).div_ceil(7)
            }
            Self::Month => {
                let months = start
                    .until((jiff::Unit::Month, horizon))
                    .map_or(0, |s| s.get_months());
                let whole = u32::try_from(months).unwrap_or(0);
                if self.first_day(start, whole) < horizon {
                    whole + 1
                } else {
                    whole
                }
            }
        }
    }

    /// The step that holds `date` (0 for a date on or before the start).
    #[must_use]
    pub fn index_of(self, start: Date, date: Date) -> u32 {
        if date <= start {
            return 0;
        }
        match self {
            Self::Week => {
                let days = start.until(date).map_or(0, |s| s.get_days());
                u32::try_from(days / 7).unwrap_or(u32::MAX)
            }
            Self::Month => {
                let months = start
                    .until((jiff::Unit::Month, date))
                    .map_or(0, |s| s.get_months());
                u32::try_from(months).unwrap_or(u32::MAX)
            }
        }
    }

    /// The first day of step `step`.
    #[must_use]
    pub fn first_day(self, start: Date, step: u32) -> Date {
        let span = match self {
            Self::Week => jiff::Span::new().weeks(i64::from(step)),
            Self::Month => jiff::Span::new().months(i64::from(step)),
        };
        start.checked_add(span).unwrap_or(Date::MAX)
    }

    /// The last day of step `step`.
    #[must_use]
    pub fn last_day(self, start: Date, step: u32) -> Date {
        self.first_day(start, step.saturating_add(1))
            .yesterday()
            .unwrap_or(Date::MIN)
    }
}
