//! Forecasts for people and for other tools: a comparison of plans as an aligned text table,
//! and tidy CSV (one row per plan × unit × innovation, and per plan × date × unit × measure,
//! each with the ancestor columns) that R and pandas read as they are.

use std::fmt;
use std::io;

use super::Forecast;
use crate::scenario::CostRates;
use crate::system::System;
use crate::text::{Align, Table};

/// What a plan costs at the scenario's rates.
///
/// ```
/// use implsci::sim::Cost;
/// let cost = Cost::at(2.0, 3, 50.0, 4.0, &serde_json::from_str(r#"{"coach_fte_year": 100, "training_session": 10}"#)?);
/// assert_eq!(cost.total, 230.0);
/// assert_eq!(cost.per_practitioner_at_fidelity, Some(4.6));
/// assert_eq!(cost.per_unit_at_full_implementation, Some(57.5));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[non_exhaustive]
pub struct Cost {
    /// Coach FTE-years in post (median over replicates).
    pub coach_fte_years: f64,
    /// Training sessions: per cohort, one per unit with practitioners of its own it trains.
    pub training_sessions: u64,
    /// The total at the rates.
    pub total: f64,
    /// The total over the practitioners at fidelity at the horizon (median); `None` when none.
    pub per_practitioner_at_fidelity: Option<f64>,
    /// The total over the units reaching Full Implementation (median); `None` when none.
    pub per_unit_at_full_implementation: Option<f64>,
    /// The rates' currency.
    pub currency: Option<String>,
}

impl Cost {
    /// The cost of `coach_fte_years` and `sessions` at `rates`, spread over `at_fidelity`
    /// practitioners and `units_full` units.
    #[must_use]
    pub fn at(
        coach_fte_years: f64,
        sessions: u64,
        at_fidelity: f64,
        units_full: f64,
        rates: &CostRates,
    ) -> Self {
        #[allow(clippy::cast_precision_loss)]
        let total =
            coach_fte_years * rates.coach_fte_year + sessions as f64 * rates.training_session;
        Self {
            coach_fte_years,
            training_sessions: sessions,
            total,
            per_practitioner_at_fidelity: (at_fidelity > 0.0).then(|| total / at_fidelity),
            per_unit_at_full_implementation: (units_full > 0.0).then(|| total / units_full),
            currency: rates.currency.clone(),
        }
    }
}

/// The columns `p10, median, p90, reached, replicates` of a date reached over replicates (an
/// empty date: not reached), as every table of forecasts writes them.
pub(crate) fn reached_columns(r: &super::Reached) -> [String; 5] {
    let date = |d: Option<jiff::civil::Date>| d.map_or_else(String::new, |d| d.to_string());
    [
        date(r.p10),
        date(r.median),
        date(r.p90),
        r.within_horizon.numerator.to_string(),
        r.within_horizon.denominator.to_string(),
    ]
}

/// A month as `2027-10`.
fn month(d: jiff::civil::Date) -> String {
    format!("{:04}-{:02}", d.year(), d.month())
}

/// "2027-10 (2027-05 to 2028-06)", or "not reached (12% of runs)".
fn reached_words(r: &super::Reached) -> String {
    if let Some(median) = r.median {
        let low = r.p10.map_or_else(|| "?".into(), month);
        let high = r.p90.map_or_else(|| "later".into(), month);
        format!("{} ({low} to {high})", month(median))
    } else {
        let share = r
            .within_horizon
            .percent()
            .map_or_else(|| "no".into(), |p| format!("{p:.0}%"));
        format!("not reached ({share} of runs)")
    }
}

/// Named forecasts side by side: per unit and per level, when Full Implementation is first
/// reached under each plan. Its `Display` is the table.
///
/// ```
/// use implsci::sim::{Comparison, Setup, Simulation};
/// use implsci::system::generate::{generate, Shape};
/// let doc = generate(&Shape::new(1, 1, 2, 10), 1)?;
/// let setup = Setup::new(vec!["pbis".parse()?], "2026-07-01".parse()?, "2027-07-01".parse()?);
/// let forecast = Simulation::new(&setup, doc)?.forecast(7, 4);
/// let text = Comparison::new(vec![("as it stands".into(), forecast)]).to_string();
/// assert!(text.contains("not reached (0% of runs)"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Comparison {
    /// The plans' names and forecasts, in order.
    pub plans: Vec<(String, Forecast)>,
}

impl Comparison {
    /// Forecasts to compare.
    #[must_use]
    pub fn new(plans: Vec<(String, Forecast)>) -> Self {
        Self { plans }
    }
}

impl fmt::Display for Comparison {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Some((_, first)) = self.plans.first() else {
            return writeln!(f, "No plan was simulated.");
        };
        writeln!(
            f,
            "{} replicates per plan, seed {}, from {} to {}.",
            first.replicates, first.seed, first.start, first.horizon
        )?;
        writeln!(
            f,
            "Full Implementation: 50% or more of a unit's intended practitioners at fidelity \
             (NIRN). Median month first reached, 10th to 90th percentile in brackets."
        )?;
        let mut header = vec!["level".to_string(), "unit".to_string(), "innovation".into()];
        header.extend(self.plans.iter().map(|(name, _)| name.clone()));
        writeln!(f)?;
        writeln!(f, "By level (when half its units have reached it):")?;
        let mut levels = Table::new().indent(2);
        levels.row(header.iter().map(String::as_str).filter(|h| *h != "unit"));
        for (i, row) in first.levels.iter().enumerate() {
            let mut cells = vec![row.level.to_string(), row.innovation.to_string()];
            for (_, forecast) in &self.plans {
                cells.push(
                    forecast
                        .levels
                        .get(i)
                        .map_or_else(String::new, |l| reached_words(&l.full_implementation)),
                );
            }
            levels.row(cells);
        }
        write!(f, "{levels}")?;
        writeln!(f)?;
        writeln!(f, "By unit:")?;
        let mut units = Table::new().indent(2);
        units.row(header.iter().map(String::as_str));
        for (i, row) in first.units.iter().enumerate() {
            let name = row.name.as_deref().unwrap_or(row.unit.as_str());
            let mut cells = vec![
                row.level.to_string(),
                name.to_string(),
                row.innovation.to_string(),
            ];
            for (_, forecast) in &self.plans {
                cells.push(
                    forecast
                        .units
                        .get(i)
                        .map_or_else(String::new, |u| reached_words(&u.full_implementation)),
                );
            }
            units.row(cells);
        }
        write!(f, "{units}")?;
        if self.plans.iter().any(|(_, p)| p.cost.is_some()) {
            writeln!(f)?;
            writeln!(f, "Cost (medians over replicates):")?;
            let mut costs = Table::new().indent(2);
            for c in 1..=5 {
                costs = costs.align(c, Align::Right);
            }
            costs.row([
                "plan",
                "coach FTE-years",
                "training sessions",
                "total",
                "per practitioner at fidelity",
                "per unit at Full Implementation",
            ]);
            for (name, forecast) in &self.plans {
                let Some(cost) = &forecast.cost else { continue };
                let money = |v: Option<f64>| {
                    v.map_or_else(
                        || "no one reached".into(),
                        |v| {
                            format!(
                                "{:.0}{}",
                                v,
                                cost.currency
                                    .as_ref()
                                    .map_or(String::new(), |c| format!(" {c}"))
                            )
                        },
                    )
                };
                costs.row([
                    name.clone(),
                    format!("{:.1}", cost.coach_fte_years),
                    cost.training_sessions.to_string(),
                    money(Some(cost.total)),
                    money(cost.per_practitioner_at_fidelity),
                    money(cost.per_unit_at_full_implementation),
                ]);
            }
            write!(f, "{costs}")?;
        }
        Ok(())
    }
}

impl Comparison {
    /// Writes one row per plan × unit × innovation, with the unit's hierarchy columns
    /// ([`System::hierarchy_columns`]), its intended posts, and the dates: `plan, unit, name,
    /// level, parent, <levels…>, innovation, posts, p10, median, p90, reached, replicates` (an
    /// empty date: not reached).
    ///
    /// # Errors
    ///
    /// When writing fails.
    pub fn write_units_csv(&self, system: &System, out: impl io::Write) -> Result<(), csv::Error> {
        const OTHERS: [&str; 8] = [
            "plan",
            "innovation",
            "posts",
            "p10",
            "median",
            "p90",
            "reached",
            "replicates",
        ];
        let columns = system.hierarchy_columns(&OTHERS);
        let mut w = csv::Writer::from_writer(out);
        let mut header = vec!["plan".to_string()];
        header.extend(columns.header().iter().cloned());
        header.extend(OTHERS[1..].iter().map(|s| (*s).to_string()));
        w.write_record(&header)?;
        for (plan, forecast) in &self.plans {
            for u in &forecast.units {
                let mut record = vec![plan.clone()];
                if let Some(place) = system.place(&u.unit) {
                    record.extend(columns.record(&place).into_iter().map(String::from));
                }
                record.extend([u.innovation.to_string(), u.posts.to_string()]);
                record.extend(reached_columns(&u.full_implementation));
                w.write_record(&record)?;
            }
        }
        w.flush()?;
        Ok(())
    }

    /// Writes the time series, one row per plan × date × unit × innovation × measure, with the
    /// hierarchy columns: `plan, date, unit, name, level, parent, <levels…>, innovation,
    /// measure, p10, median, p90` (an empty share: the unit has no intended posts).
    ///
    /// # Errors
    ///
    /// When writing fails.
    pub fn write_series_csv(&self, system: &System, out: impl io::Write) -> Result<(), csv::Error> {
        const OTHERS: [&str; 7] = [
            "plan",
            "date",
            "innovation",
            "measure",
            "p10",
            "median",
            "p90",
        ];
        let columns = system.hierarchy_columns(&OTHERS);
        let mut w = csv::Writer::from_writer(out);
        let mut header = vec!["plan".to_string(), "date".to_string()];
        header.extend(columns.header().iter().cloned());
        header.extend(OTHERS[2..].iter().map(|s| (*s).to_string()));
        w.write_record(&header)?;
        let share = |v: Option<f64>| v.map_or_else(String::new, |v| format!("{v:.4}"));
        for (plan, forecast) in &self.plans {
            for row in &forecast.series {
                let mut record = vec![plan.clone(), row.date.to_string()];
                if let Some(place) = system.place(&row.unit) {
                    record.extend(columns.record(&place).into_iter().map(String::from));
                }
                record.extend([
                    row.innovation.to_string(),
                    row.measure.as_str().to_string(),
                    share(row.p10),
                    share(row.median),
                    share(row.p90),
                ]);
                w.write_record(&record)?;
            }
        }
        w.flush()?;
        Ok(())
    }
}
